import Commit
import Continuation
import Field
import MIPS
import Stark
import Tables
import XCTest

/// Segment proofs of a real guest cut into segments: each proves, verifies, survives its byte
/// form, and a changed statement or byte is refused with a typed error.
final class SegmentProofTests: XCTestCase {
    /// `c-fibonacci` (5,739 cycles: reads its input, writes 8 output bytes) in segments of 2,048
    /// cycles, and one proof per segment.
    nonisolated(unsafe) static var cached: (segments: [Segment], proofs: [SegmentProof], verifier: SegmentVerifier)?

    static func proven() throws -> (segments: [Segment], proofs: [SegmentProof], verifier: SegmentVerifier) {
        if let cached { return cached }
        let guests = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("mips-guests")
        let elf = try XCTUnwrap(FileManager.default.contents(atPath: guests.appendingPathComponent("bin/c-fibonacci").path))
        let input = FileManager.default.contents(atPath: guests.appendingPathComponent("inputs/c-fibonacci.in").path) ?? Data()
        let machine = try ProgramImage.load(elfBytes: [UInt8](elf)).makeMachine(input: [UInt8](input))
        machine.io.capturesConsole = true
        let run = Executor.run(machine, maxCycles: 1 << 20, segmentCycles: 1 << 11)
        XCTAssertEqual(run.outcome, .exited(code: 0))
        let configuration = StarkConfiguration(fri: FRIParameters(logBlowup: 1, queryCount: 100, proofOfWorkBits: 0))
        let prover = try SegmentProver(configuration: configuration)
        var outputStart: UInt32 = 0
        var proofs = [SegmentProof]()
        for segment in run.segments {
            proofs.append(try prover.prove(segment, outputStart: outputStart))
            outputStart += UInt32(segment.end.publicOutput.count)
        }
        let result = (run.segments, proofs, try SegmentVerifier(configuration: configuration))
        cached = result
        return result
    }

    func testEverySegmentProvesAndVerifies() throws {
        let (segments, proofs, verifier) = try Self.proven()
        XCTAssertGreaterThan(segments.count, 2)
        for (segment, proof) in zip(segments, proofs) {
            XCTAssertNoThrow(try verifier.verify(proof), "segment \(segment.index)")
            XCTAssertEqual(proof.statement.startPC, segment.start.pc)
            XCTAssertEqual(proof.statement.cycles, Int(segment.cycleCount))
            XCTAssertEqual(proof.statement.inputWords, segment.input)
            XCTAssertEqual(proof.statement.outputBytes, segment.end.publicOutput)
        }
        // Consecutive statements chain: one's end state is the next one's start.
        for (left, right) in zip(proofs, proofs.dropFirst()) {
            XCTAssertEqual(left.statement.endPC, right.statement.startPC)
            XCTAssertEqual(left.statement.endNextPC, right.statement.startNextPC)
            XCTAssertEqual(left.statement.endKernelMode, right.statement.startKernelMode)
            XCTAssertEqual(left.statement.endRegisters, right.statement.startRegisters)
        }
        XCTAssertEqual(proofs.last?.statement.exitCode, 0)
        XCTAssertEqual(proofs.flatMap(\.statement.outputBytes), [0x27, 0xf8, 0x0d, 0xda, 0xa1, 0xba, 0x78, 0x78], "fib(90), the manifest's answer")
    }

    func testTheByteFormRoundTrips() throws {
        let (_, proofs, verifier) = try Self.proven()
        let bytes = proofs[proofs.count - 1].serialized()
        let decoded = try SegmentProof(bytes: bytes)
        XCTAssertEqual(decoded.statement, proofs[proofs.count - 1].statement)
        XCTAssertEqual(decoded.serialized(), bytes)
        XCTAssertNoThrow(try verifier.verify(decoded))
    }

    /// Claims the proof does not show: another exit code, output byte, end pc, input word,
    /// start register or start page word.
    func testAnEditedStatementIsRefused() throws {
        let (_, proofs, verifier) = try Self.proven()
        var edits: [(String, (inout SegmentStatement) -> Void)] = [
            ("exit code", { $0.exitCode = 1 }),
            ("no exit", { $0.exitCode = nil }),
            ("output byte", { $0.outputBytes[0] ^= 1 }),
            ("end pc", { $0.endPC += 4 }),
            ("end register", { $0.endRegisters[2] ^= 1 }),
            ("start register", { $0.startRegisters[29] ^= 4 }),
            ("cycle count", { $0.cycles -= 1 }),
        ]
        edits.append(("start page word", { statement in
            let page = statement.pages.keys.sorted()[0]
            statement.pages[page]![0] ^= 1
        }))
        let writer = try XCTUnwrap(proofs.firstIndex { !$0.statement.outputBytes.isEmpty })
        for (what, edit) in edits {
            var proof = proofs[what == "output byte" ? writer : proofs.count - 1]
            edit(&proof.statement)
            XCTAssertThrowsError(try verifier.verify(proof), what)
        }
        let reader = try XCTUnwrap(proofs.firstIndex { !$0.statement.inputWords.isEmpty }, "a segment reads the input")
        var reading = proofs[reader]
        reading.statement.inputWords[0] ^= 1
        XCTAssertThrowsError(try verifier.verify(reading), "input word")
        reading = proofs[reader]
        reading.statement.inputWords.removeLast()
        XCTAssertThrowsError(try verifier.verify(reading), "one input word fewer")
    }

    /// Malformed bytes: typed errors, never a crash.
    func testMalformedBytesAreRefused() throws {
        let (_, proofs, _) = try Self.proven()
        let bytes = proofs[0].serialized()
        for length in [0, 3, 4, 8, 50, 200, bytes.count / 2, bytes.count - 1] {
            XCTAssertThrowsError(try SegmentProof(bytes: Array(bytes.prefix(length))), "truncated to \(length)")
        }
        XCTAssertThrowsError(try SegmentProof(bytes: bytes + [0]), "a trailing byte")
        var version = bytes
        version[4] = 9
        XCTAssertThrowsError(try SegmentProof(bytes: version)) { error in
            guard case .invalidValue = error as? ByteDecodingError else { return XCTFail("\(error)") }
        }
    }
}
