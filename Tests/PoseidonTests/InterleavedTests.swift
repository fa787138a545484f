import Field
import XCTest
@testable import Poseidon

/// The two-state permutation and the paired sponge helpers against the single forms.
final class InterleavedTests: XCTestCase {
    func testPairedPermutationMatchesTwoSingleOnes() {
        var generator = SplitMix64(seed: 0x5EED_0020)
        for trial in 0..<200 {
            let first = PoseidonState((0..<12).map { _ in Goldilocks.random(using: &generator) })
            let second = PoseidonState((0..<12).map { _ in Goldilocks.random(using: &generator) })
            var (a, b) = (first, second)
            Poseidon.permute(&a, &b)
            var (x, y) = (first, second)
            Poseidon.permute(&x)
            Poseidon.permute(&y)
            XCTAssertEqual(a, x, "trial \(trial), first state")
            XCTAssertEqual(b, y, "trial \(trial), second state")
        }
    }

    /// Both halves of the pair against the known-answer vectors, in every pairing (including a
    /// state paired with itself).
    func testPairedPermutationKnownVectors() {
        let vectors = PoseidonVectorTests.fullVectors
        for (i, first) in vectors.enumerated() {
            for (j, second) in vectors.enumerated() {
                var a = PoseidonState(elements(first.input)), b = PoseidonState(elements(second.input))
                Poseidon.permute(&a, &b)
                XCTAssertEqual(a.lanes, elements(first.output), "vector \(i + 1) paired with \(j + 1)")
                XCTAssertEqual(b.lanes, elements(second.output), "vector \(j + 1) paired with \(i + 1)")
            }
        }
    }

    /// Lanes at the edges of the canonical range, as in `PoseidonFastFormTests`.
    func testPairedPermutationOnExtremeStates() {
        let extremes: [UInt64] = [0, 1, 0xFFFF_FFFF, 0x1_0000_0000, Goldilocks.modulus - 1, 0xFFFF_FFFE_FFFF_FFFF]
        var generator = SplitMix64(seed: 0x5EED_0021)
        for trial in 0..<100 {
            func state() -> PoseidonState {
                PoseidonState((0..<12).map { _ in Goldilocks(uncheckedCanonical: extremes[Int(generator.next() % UInt64(extremes.count))]) })
            }
            let first = state(), second = state()
            var (a, b) = (first, second)
            Poseidon.permute(&a, &b)
            var (x, y) = (first, second)
            Poseidon.permuteReference(&x)
            Poseidon.permuteReference(&y)
            XCTAssertEqual(a, x, "trial \(trial)")
            XCTAssertEqual(b, y, "trial \(trial)")
        }
    }

    func testPairedHashMatchesTwoSingleHashes() {
        var generator = SplitMix64(seed: 0x5EED_0022)
        for length in [0, 1, 2, 7, 8, 9, 16, 17, 64, 65] {
            let first = (0..<length).map { _ in Goldilocks.random(using: &generator) }
            let second = (0..<length).map { _ in Goldilocks.random(using: &generator) }
            let (a, b) = first.withUnsafeBufferPointer { first in
                second.withUnsafeBufferPointer { second in Poseidon.hash(first, second) }
            }
            XCTAssertEqual(a, Poseidon.hash(first), "length \(length), first")
            XCTAssertEqual(b, Poseidon.hash(second), "length \(length), second")
        }
    }

    /// Equal inputs give equal digests; the derived `hash_no_pad([1…10])` vector holds in both
    /// halves.
    func testPairedHashKnownVector() {
        let input = elements((1...10).map { UInt64($0) })
        let expected = Digest(elements([0xc87ea91e08ab38be, 0xa7c57e2836a7d50a, 0x14b31b30a76f7773, 0xacdced6d96661721]))
        let (a, b) = input.withUnsafeBufferPointer { Poseidon.hash($0, $0) }
        XCTAssertEqual(a, expected)
        XCTAssertEqual(b, expected)
    }

    func testPairedHashOfEmptyInputs() {
        let empty = UnsafeBufferPointer<Goldilocks>(start: nil, count: 0)
        let (a, b) = Poseidon.hash(empty, empty)
        XCTAssertEqual(a, .zero)
        XCTAssertEqual(b, .zero)
    }

    func testPairedCompressionMatchesTwoSingleOnes() {
        var generator = SplitMix64(seed: 0x5EED_0023)
        func digest() -> Digest { Digest((0..<4).map { _ in Goldilocks.random(using: &generator) }) }
        for _ in 0..<50 {
            let first = (digest(), digest()), second = (digest(), digest())
            let (a, b) = Poseidon.compress(first, second)
            XCTAssertEqual(a, Poseidon.compress(first.0, first.1))
            XCTAssertEqual(b, Poseidon.compress(second.0, second.1))
        }
        // The derived `two_to_one([1, 2, 3, 4], [5, 6, 7, 8])` vector, in both positions.
        let left = Digest(elements([1, 2, 3, 4])), right = Digest(elements([5, 6, 7, 8]))
        let expected = Digest(elements([0xd110aa6a46373941, 0x8f238fcceb658894, 0x9cd4f8353866fb4f, 0x274913f0007aa232]))
        let other = (digest(), digest())
        XCTAssertEqual(Poseidon.compress((left, right), other).0, expected)
        XCTAssertEqual(Poseidon.compress(other, (left, right)).1, expected)
    }

    /// The paired partial rounds on raw (non-canonical) lanes agree with the single ones.
    func testPairedPartialRoundsOnRawLanes() {
        var generator = SplitMix64(seed: 0x5EED_0024)
        let table = PoseidonFastTable.shared.base
        for _ in 0..<100 {
            func lanes() -> PoseidonLanes {
                let x = (0..<12).map { _ in generator.next() }
                return PoseidonLanes(x[0], x[1], x[2], x[3], x[4], x[5], x[6], x[7], x[8], x[9], x[10], x[11])
            }
            var a = lanes(), b = lanes()
            var x = a, y = b
            Poseidon.partialRounds(&a, &b, table: table)
            Poseidon.partialRounds(&x, table: table)
            Poseidon.partialRounds(&y, table: table)
            XCTAssertEqual(a.canonicalized(), x.canonicalized())
            XCTAssertEqual(b.canonicalized(), y.canonicalized())
        }
    }
}
