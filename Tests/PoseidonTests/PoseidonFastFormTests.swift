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

    /// The partial rounds (basis-change form, on raw lanes up to 2^64 − 1) against plonky2's
    /// sparse form written out in field arithmetic.
    func testPartialRoundsMatchSparseForm() {
        typealias C = PoseidonConstants
        func field(_ raw: UInt64) -> Goldilocks { Goldilocks(reducing: raw) }
        func element(_ value: UInt64) -> Goldilocks { Goldilocks(uncheckedCanonical: value) }
        var generator = SplitMix64(seed: 0x5EED_0004)
        for trial in 0..<100 {
            let raw = (0..<12).map { _ in trial.isMultiple(of: 4) ? UInt64.max - generator.next() % 4 : generator.next() }
            var lanes = PoseidonLanes(raw[0], raw[1], raw[2], raw[3], raw[4], raw[5], raw[6], raw[7], raw[8], raw[9], raw[10], raw[11])
            Poseidon.partialRounds(&lanes, table: PoseidonFastTable.shared.base)

            let s = raw.map(field)
            var x = s[0]
            // L₀[c] = Σᵣ s[r + 1] · m[r][c].
            var l = (0..<11).map { c in (0..<11).reduce(Goldilocks.zero) { $0 + s[$1 + 1] * element(C.fastPartialRoundInitialMatrix[11 * $1 + c]) } }
            for k in 0..<22 {
                let t = Poseidon.seventhPower(x) + element(C.fastPartialRoundConstants[k])
                x = (0..<11).reduce(Goldilocks(25) * t) { $0 + l[$1] * element(C.fastPartialRoundWHats[11 * k + $1]) }
                l = (0..<11).map { l[$0] + t * element(C.fastPartialRoundVs[11 * k + $0]) }
            }
            let got = lanes.canonicalized().lanes
            XCTAssertEqual(got, [x] + l, "trial \(trial)")
        }
    }
}
