import Field
import XCTest
@testable import Poseidon

/// The fast permutation (fast partial rounds, lazy reduction) against the textbook form.
final class PoseidonFastFormTests: XCTestCase {
    func testFastFormMatchesReferenceOnRandomStates() {
        var generator = SplitMix64(seed: 0x5EED_0001)
        for trial in 0..<300 {
            let lanes = (0..<12).map { _ in Goldilocks.random(using: &generator) }
            var fast = PoseidonState(lanes)
            var reference = fast
            Poseidon.permute(&fast)
            Poseidon.permuteReference(&reference)
            XCTAssertEqual(fast, reference, "trial \(trial), input \(lanes)")
        }
    }

    /// Lanes at the edges of the canonical range stress the lazy reductions (carries in every
    /// accumulator and adder).
    func testFastFormMatchesReferenceOnExtremeStates() {
        let extremes: [UInt64] = [0, 1, 2, 0xFFFF_FFFF, 0x1_0000_0000, Goldilocks.modulus - 2, Goldilocks.modulus - 1,
                                  0xFFFF_FFFE_FFFF_FFFF, 0x8000_0000_0000_0000]
        var generator = SplitMix64(seed: 0x5EED_0002)
        for trial in 0..<200 {
            let lanes = (0..<12).map { _ in Goldilocks(uncheckedCanonical: extremes[Int(generator.next() % UInt64(extremes.count))]) }
            var fast = PoseidonState(lanes)
            var reference = fast
            Poseidon.permute(&fast)
            Poseidon.permuteReference(&reference)
            XCTAssertEqual(fast, reference, "trial \(trial), input \(lanes)")
        }
    }

    /// Chained permutations stay equal (the output of one is the input of the next).
    func testIteratedPermutations() {
        var fast = PoseidonState((0..<12).map { Goldilocks($0 * 1_000_003) })
        var reference = fast
        for round in 0..<50 {
            Poseidon.permute(&fast)
            Poseidon.permuteReference(&reference)
            XCTAssertEqual(fast, reference, "iteration \(round)")
        }
    }

    func testOutputIsCanonical() {
        var generator = SplitMix64(seed: 0x5EED_0003)
        for _ in 0..<200 {
            var state = PoseidonState((0..<12).map { _ in Goldilocks.random(using: &generator) })
            Poseidon.permute(&state)
            XCTAssertTrue(state.lanes.allSatisfy { $0.value < Goldilocks.modulus })
        }
    }
}
