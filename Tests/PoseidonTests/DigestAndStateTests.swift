import Field
import XCTest
@testable import Poseidon

final class DigestAndStateTests: XCTestCase {
    // MARK: - Digest

    func testDigestElementsAndZero() {
        let digest = Digest(Goldilocks(1), Goldilocks(2), Goldilocks(3), Goldilocks(4))
        XCTAssertEqual(digest.elements, elements([1, 2, 3, 4]))
        XCTAssertEqual(Digest(digest.elements), digest)
        XCTAssertEqual(Digest.zero.elements, [Goldilocks](repeating: .zero, count: 4))
        XCTAssertEqual(Set([digest, digest, .zero]).count, 2)
        XCTAssertEqual(
            digest.description,
            "0x0000000000000001:0x0000000000000002:0x0000000000000003:0x0000000000000004"
        )
    }

    func testDigestByteRoundTrip() throws {
        let digests = [
            Digest.zero,
            Digest(elements([Goldilocks.modulus - 1, 0x0123_4567_89AB_CDEF, 1, 0xFFFF_FFFF])),
            Poseidon.hash(elements([1, 2, 3])),
        ]
        var writer = ByteWriter()
        for digest in digests { writer.write(digest) }
        XCTAssertEqual(writer.bytes.count, 32 * digests.count)
        // Little-endian elements in order.
        XCTAssertEqual(Array(writer.bytes[32..<40]), [0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF])
        var reader = ByteReader(writer.bytes)
        for digest in digests { XCTAssertEqual(try reader.readDigest(), digest) }
        XCTAssertNoThrow(try reader.finish())
    }

    func testTruncatedDigestThrows() {
        var writer = ByteWriter()
        writer.write(Poseidon.hash(elements([9])))
        let bytes = Array(writer.bytes.prefix(27))
        var reader = ByteReader(bytes)
        XCTAssertThrowsError(try reader.readDigest()) { error in
            XCTAssertEqual(error as? ByteDecodingError, .truncated(offset: 24, needed: 5))
        }
        var empty = ByteReader([])
        XCTAssertThrowsError(try empty.readDigest()) { error in
            XCTAssertEqual(error as? ByteDecodingError, .truncated(offset: 0, needed: 8))
        }
    }

    func testNonCanonicalDigestThrows() {
        var writer = ByteWriter()
        writer.write(UInt64(1))
        writer.write(Goldilocks.modulus) // p itself is not canonical
        writer.write(UInt64(2))
        writer.write(UInt64(3))
        var reader = ByteReader(writer.bytes)
        XCTAssertThrowsError(try reader.readDigest()) { error in
            XCTAssertEqual(error as? ByteDecodingError, .nonCanonical(offset: 8, value: Goldilocks.modulus))
        }
    }

    // MARK: - State

    func testStateLanesAndSubscript() {
        var state = PoseidonState()
        XCTAssertEqual(state.lanes, [Goldilocks](repeating: .zero, count: 12))
        for lane in 0..<12 { state[lane] = Goldilocks(lane * 10 + 1) }
        XCTAssertEqual(state.lanes, (0..<12).map { Goldilocks($0 * 10 + 1) })
        XCTAssertEqual(state[11], Goldilocks(111))
        XCTAssertEqual(PoseidonState(state.lanes), state)
        var other = state
        other[5] = .zero
        XCTAssertNotEqual(other, state)
        XCTAssertEqual(MemoryLayout<PoseidonState>.size, 96)
        XCTAssertEqual(MemoryLayout<Digest>.size, 32)
    }
}
