import Commit
import Field
@testable import Stark
import XCTest

/// The binary proof format: round trips, and malformed bytes give errors, never a crash.
final class ProofFormatTests: XCTestCase {
    func testRoundTrip() throws {
        let instance = try Instance.chain(sourceRows: 8, squareRows: 4, sinkRows: 8)
        let proof = try instance.prove()
        let bytes = proof.serialized()
        XCTAssertEqual(Array(bytes.prefix(4)), Array("ZKSP".utf8))
        let decoded = try StarkProof(bytes: bytes)
        XCTAssertEqual(decoded, proof)
        XCTAssertEqual(decoded.serialized(), bytes)
        XCTAssertNil(instance.rejection(decoded))
    }

    func testWrongMagicVersionAndTrailingBytes() throws {
        let instance = try Instance.fibonacci(rows: 4)
        let bytes = try instance.prove().serialized()
        var wrongMagic = bytes
        wrongMagic[0] = UInt8(ascii: "X")
        XCTAssertThrowsError(try StarkProof(bytes: wrongMagic)) {
            XCTAssertEqual($0 as? ByteDecodingError, .invalidValue(offset: 0, what: "magic (not a zkmips STARK proof)"))
        }
        var wrongVersion = bytes
        wrongVersion[4] &+= 1
        XCTAssertThrowsError(try StarkProof(bytes: wrongVersion)) {
            XCTAssertEqual($0 as? ByteDecodingError, .invalidValue(offset: 4, what: "format version \(StarkProof.formatVersion + 1) (this build reads \(StarkProof.formatVersion))"))
        }
        XCTAssertThrowsError(try StarkProof(bytes: bytes + [0])) {
            XCTAssertEqual($0 as? ByteDecodingError, .trailingBytes(offset: bytes.count, count: 1))
        }
    }

    func testEveryTruncationIsAnError() throws {
        let instance = try Instance.fibonacci(rows: 4)
        let bytes = try instance.prove().serialized()
        for length in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 400)) {
            XCTAssertThrowsError(try StarkProof(bytes: Array(bytes.prefix(length))), "length \(length)")
        }
    }

    /// Random byte changes are refused by the decoder or the verifier (never accepted, never a trap).
    func testRandomMutationsAreRejected() throws {
        let instance = try Instance.cpuAndALU(cpuRows: 8, aluRows: 4)
        let bytes = try instance.prove().serialized()
        var generator = SplitMix64(seed: 41)
        var decoded = 0
        for _ in 0..<60 {
            var mutated = bytes
            for _ in 0..<Int(1 + generator.next() % 3) {
                let position = Int(generator.next() % UInt64(bytes.count))
                mutated[position] ^= UInt8(1 + generator.next() % 255)
            }
            guard let proof = try? StarkProof(bytes: mutated) else { continue }
            decoded += 1
            XCTAssertNotNil(instance.rejection(proof))
        }
        XCTAssertGreaterThan(decoded, 0, "no mutation reached the verifier")
    }

    func testRandomBytesAreAnError() {
        var generator = SplitMix64(seed: 7)
        for length in [0, 3, 4, 8, 100, 5000] {
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            XCTAssertThrowsError(try StarkProof(bytes: bytes))
            XCTAssertThrowsError(try StarkProof(bytes: StarkProof.magic + [1, 0, 0, 0] + bytes))
        }
    }
}
