import Field
import XCTest
@testable import Poseidon

/// The fast form's building blocks against plain `Goldilocks` arithmetic, including
/// non-canonical inputs (`p…2^64 − 1`), which the lazy lanes may hold between rounds.
final class LazyArithmeticTests: XCTestCase {
    static let edges: [UInt64] = [
        0, 1, 2, 0xFFFF_FFFF, 0x1_0000_0000, Goldilocks.modulus - 1, Goldilocks.modulus,
        Goldilocks.modulus + 1, UInt64.max - 1, UInt64.max, 0x8000_0000_0000_0000,
    ]

    /// Values biased towards the edges, where carries and borrows happen.
    func samples(_ count: Int, seed: UInt64) -> [UInt64] {
        var generator = SplitMix64(seed: seed)
        return (0..<count).map { index in
            index.isMultiple(of: 3) ? Self.edges[Int(generator.next() % UInt64(Self.edges.count))] : generator.next()
        }
    }

    func field(_ raw: UInt64) -> Goldilocks { Goldilocks(reducing: raw) }

    func testReduceMultiplyAndAdd() {
        let a = samples(2000, seed: 1), b = samples(2000, seed: 2), c = samples(2000, seed: 3)
        for i in 0..<a.count {
            XCTAssertEqual(field(Lazy.multiply(a[i], b[i])), field(a[i]) * field(b[i]))
            XCTAssertEqual(field(Lazy.multiplyAdd(c[i], a[i], b[i])), field(c[i]) + field(a[i]) * field(b[i]))
            let canonicalB = Goldilocks(reducing: b[i]).value
            XCTAssertEqual(field(Lazy.add(a[i], canonical: canonicalB)), field(a[i]) + field(canonicalB))
            XCTAssertEqual(Lazy.canonical(a[i]), field(a[i]).value)
            let x = field(a[i])
            XCTAssertEqual(field(Lazy.sbox(a[i])), x * x * x * x * x * x * x)
        }
        // The rare borrow branch of reduce128: low < high >> 32.
        XCTAssertEqual(field(Lazy.reduce128(high: UInt64.max, low: 0)), Goldilocks.reducing(high: UInt64.max, low: 0))
        XCTAssertEqual(field(Lazy.reduce128(high: 0xFFFF_FFFF_0000_0000, low: 5)), Goldilocks.reducing(high: 0xFFFF_FFFF_0000_0000, low: 5))
    }

    func testAccumulator160() {
        let a = samples(24, seed: 4), b = samples(24, seed: 5)
        var sum = Accumulator160()
        var expected = Goldilocks.zero
        for i in 0..<a.count {
            sum.add(a[i], times: b[i])
            expected += field(a[i]) * field(b[i])
            XCTAssertEqual(field(sum.reduced()), expected, "after \(i + 1) terms")
        }
        // Maximal products overflow the 128-bit part on every term.
        var maximal = Accumulator160()
        for _ in 0..<20 { maximal.add(.max, times: .max) }
        XCTAssertEqual(field(maximal.reduced()), Goldilocks(20) * field(.max) * field(.max))
    }

    /// The CRT circulant equals the plain sum `yᵣ = Σᵢ CIRC[i] · a[(i + r) % 12]`.
    func testCirculantMatchesPlainSum() {
        let circulant = PoseidonConstants.mdsCirculant
        var generator = SplitMix64(seed: 6)
        for trial in 0..<200 {
            let a = (0..<12).map { _ in trial.isMultiple(of: 5) ? 0xFFFF_FFFF : generator.next() & 0xFFFF_FFFF }
            let lanes = PoseidonLanes(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11])
            let y = Poseidon.circulant(lanes)
            let got = [y.x0, y.x1, y.x2, y.x3, y.x4, y.x5, y.x6, y.x7, y.x8, y.x9, y.x10, y.x11]
            let expected = (0..<12).map { r in (0..<12).reduce(UInt64(0)) { $0 + circulant[$1] * a[($1 + r) % 12] } }
            XCTAssertEqual(got, expected)
        }
    }

    /// The MDS layer (halves, recombination, folded constants) against field arithmetic.
    func testMDSLayerWithConstants() {
        let circulant = PoseidonConstants.mdsCirculant.map { Goldilocks(uncheckedCanonical: $0) }
        let diagonal = PoseidonConstants.mdsDiagonal.map { Goldilocks(uncheckedCanonical: $0) }
        for trial in 0..<100 {
            let x = samples(12, seed: 100 + UInt64(trial))
            let constants = samples(12, seed: 1000 + UInt64(trial)).map { Goldilocks(reducing: $0).value }
            let halves = constants.map { $0 & 0xFFFF_FFFF } + constants.map { $0 >> 32 }
            let lanes = PoseidonLanes(x[0], x[1], x[2], x[3], x[4], x[5], x[6], x[7], x[8], x[9], x[10], x[11])
            let y = halves.withUnsafeBufferPointer { Poseidon.mdsLayer(lanes, adding: $0.baseAddress!) }
            let got = [y.x0, y.x1, y.x2, y.x3, y.x4, y.x5, y.x6, y.x7, y.x8, y.x9, y.x10, y.x11].map(field)
            let expected = (0..<12).map { r in
                (0..<12).reduce(field(x[r]) * diagonal[r] + field(constants[r])) { $0 + field(x[($1 + r) % 12]) * circulant[$1] }
            }
            XCTAssertEqual(got, expected, "trial \(trial)")
        }
    }
}
