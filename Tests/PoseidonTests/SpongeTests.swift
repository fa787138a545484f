import Field
import XCTest
@testable import Poseidon

/// `hash` and `compress` against a sponge written out in the test.
final class SpongeTests: XCTestCase {
    func testHashMatchesStraightforwardSponge() {
        var generator = SplitMix64(seed: 0x5EED_0010)
        for length in [0, 1, 2, 7, 8, 9, 15, 16, 17, 24, 64] {
            let input = (0..<length).map { _ in Goldilocks.random(using: &generator) }
            XCTAssertEqual(Poseidon.hash(input), straightforwardHash(input), "length \(length)")
        }
    }

    func testEmptyInputIsZeroDigest() {
        XCTAssertEqual(Poseidon.hash([Goldilocks]()), .zero)
        XCTAssertEqual(Poseidon.hash(UnsafeBufferPointer<Goldilocks>(start: nil, count: 0)), .zero)
    }

    /// One element: the zero state with lane 0 overwritten, permuted once.
    func testSingleElement() {
        var state = PoseidonState()
        state[0] = Goldilocks(42)
        Poseidon.permute(&state)
        XCTAssertEqual(Poseidon.hash([Goldilocks(42)]), Digest(Array(state.lanes[0..<4])))
    }

    /// No padding: a short last chunk leaves the other rate lanes as they were.
    func testNoPaddingProperty() {
        let x = Goldilocks(7)
        XCTAssertEqual(Poseidon.hash([x]), Poseidon.hash([x, .zero]))
        XCTAssertNotEqual(Poseidon.hash([x]), Poseidon.hash([x, .one]))
    }

    func testAllEntryPointsAgree() {
        var generator = SplitMix64(seed: 0x5EED_0011)
        let input = (0..<40).map { _ in Goldilocks.random(using: &generator) }
        let slice = input[3..<20]
        let expected = straightforwardHash(Array(slice))
        XCTAssertEqual(Poseidon.hash(slice), expected)
        XCTAssertEqual(Poseidon.hash(Array(slice)), expected)
        XCTAssertEqual(Array(slice).withUnsafeBufferPointer { Poseidon.hash($0) }, expected)
    }

    func testCompressMatchesStraightforwardPermutation() {
        var generator = SplitMix64(seed: 0x5EED_0012)
        for _ in 0..<20 {
            let left = Digest((0..<4).map { _ in Goldilocks.random(using: &generator) })
            let right = Digest((0..<4).map { _ in Goldilocks.random(using: &generator) })
            var state = PoseidonState(left.elements + right.elements + [Goldilocks](repeating: .zero, count: 4))
            Poseidon.permuteReference(&state)
            XCTAssertEqual(Poseidon.compress(left, right), Digest(Array(state.lanes[0..<4])))
        }
    }

    /// Compression is `hash_no_pad` of the 8 elements `left ‖ right`.
    func testCompressIsHashOfEightElements() {
        let left = Digest(elements([1, 2, 3, 4]))
        let right = Digest(elements([5, 6, 7, 8]))
        XCTAssertEqual(Poseidon.compress(left, right), Poseidon.hash(left.elements + right.elements))
    }
}
