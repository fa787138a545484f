import Continuation
import Field
import Stark
import Tables
import XCTest

/// Pins the segment-proof format (`ZKSG`): a fixed statement around a committed STARK proof
/// (the Fibonacci fixture of `StarkTests`; the format does not depend on which machine the STARK
/// proof is of) must serialize to the committed bytes and decode back. An accidental format
/// change fails here; a deliberate one bumps `SegmentProof.formatVersion` and regenerates with
/// `ZKMIPS_UPDATE_FIXTURES=1 swift test --filter SegmentProofFormatTests`.
final class SegmentProofFormatTests: XCTestCase {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let fixture = directory.appendingPathComponent("Fixtures/segment-proof-v\(SegmentProof.formatVersion).zksg")
    static let starkFixture = directory.deletingLastPathComponent()
        .appendingPathComponent("StarkTests/Fixtures/fibonacci-8-fast-v\(StarkProof.formatVersion).zksp")

    static func statement() -> SegmentStatement {
        SegmentStatement(
            startPC: 0x0040_0600, startNextPC: 0x0040_0604, startKernelMode: false, endPC: 0x8000_0064, endNextPC: 0x8000_0068,
            endKernelMode: true, startRegisters: (0..<37).map { UInt32($0) * 0x0101_0101 }, endRegisters: (0..<37).map { UInt32($0) << 8 },
            pages: [0x400: (0..<1024).map { UInt32($0) * 7 }], startCycle: 0x1_0000_0002, cycles: 1000,
            inputStart: 3, inputWords: [5, 0x7a6b_6d69], outputStart: 9, outputBytes: Array("zk".utf8), exitCode: 7)
    }

    func testTheCommittedFormatIsReproduced() throws {
        let starkBytes = try XCTUnwrap(FileManager.default.contents(atPath: Self.starkFixture.path), "the STARK fixture is committed")
        let proof = SegmentProof(statement: Self.statement(), stark: try StarkProof(bytes: [UInt8](starkBytes)))
        let fresh = proof.serialized()
        if ProcessInfo.processInfo.environment["ZKMIPS_UPDATE_FIXTURES"] == "1" {
            try Data(fresh).write(to: Self.fixture)
        }
        let committed = try XCTUnwrap(FileManager.default.contents(atPath: Self.fixture.path),
                                      "\(Self.fixture.path) is missing (it is committed; regenerate it only for a new format version)")
        XCTAssertEqual([UInt8](committed), fresh, "the segment-proof format changed: bump SegmentProof.formatVersion")
        let decoded = try SegmentProof(bytes: [UInt8](committed))
        XCTAssertEqual(decoded.statement, Self.statement())
        XCTAssertEqual(decoded.stark.serialized(), [UInt8](starkBytes))
    }
}
