import XCTest

@testable import Field

// MARK: - Shared test helpers (prefixed so they cannot clash with other FieldTests files)

/// Independent reference arithmetic: 128-bit products and sums reduced by the standard library's
/// full-width division, which shares no code with `Goldilocks`.
enum FieldReference {
    static let p: UInt64 = 0xFFFF_FFFF_0000_0001

    /// (high·2^64 + low) mod p for any 128-bit value (the high word is reduced first so the
    /// quotient fits in 64 bits, as `dividingFullWidth` requires).
    static func reduce(high: UInt64, low: UInt64) -> UInt64 {
        p.dividingFullWidth((high % p, low)).remainder
    }

    static func mul(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let (high, low) = a.multipliedFullWidth(by: b)
        return reduce(high: high, low: low)
    }

    static func add(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let (sum, carry) = a.addingReportingOverflow(b)
        return reduce(high: carry ? 1 : 0, low: sum)
    }

    /// a − b for canonical inputs: a + (p − b), reduced.
    static func sub(_ a: UInt64, _ b: UInt64) -> UInt64 { add(a, (p - b) % p) }

    static func pow(_ base: UInt64, _ exponent: UInt64) -> UInt64 {
        var result: UInt64 = 1
        var square = base % p
        var remaining = exponent
        while remaining != 0 {
            if remaining & 1 == 1 { result = mul(result, square) }
            square = mul(square, square)
            remaining >>= 1
        }
        return result
    }
}

/// Canonical values where reductions and carries change behaviour.
let goldilocksEdgeValues: [UInt64] = [
    0, 1, 2, 3, 7,
    (1 << 32) - 1, 1 << 32, (1 << 32) + 1,
    (1 << 63) - 1, 1 << 63, (1 << 63) + 1,
    0xFFFF_FFFF_0000_0000,  // 2^64 − 2^32 = p − 1
    0xFFFF_FFFE_FFFF_FFFF,  // p − 2
    0xFFFF_FFFE_0000_0002,  // (p − 1)/2·2 region
    0x7FFF_FFFF_8000_0000,  // (p − 1)/2
    0x7FFF_FFFF_8000_0001,  // (p + 1)/2
    0xFFFF_FFFE_0000_0000,
    0x0000_0001_FFFF_FFFF,
    0x1234_5678_9ABC_DEF0,
]

func randomElements(_ count: Int, seed: UInt64) -> [Goldilocks] {
    var generator = SplitMix64(seed: seed)
    return (0..<count).map { _ in Goldilocks.random(using: &generator) }
}

// MARK: - Goldilocks

final class GoldilocksTests: XCTestCase {
    let p = FieldReference.p

    // MARK: - Constants and representation

    func testConstants() {
        XCTAssertEqual(Goldilocks.modulus, 18_446_744_069_414_584_321)
        XCTAssertEqual(Goldilocks.modulus, UInt64.max - (1 << 32) + 2)
        // ε = 2^64 mod p.
        XCTAssertEqual(Goldilocks.epsilon, FieldReference.reduce(high: 1, low: 0))
        XCTAssertEqual(Goldilocks.zero.value, 0)
        XCTAssertEqual(Goldilocks.one.value, 1)
        XCTAssertEqual(Goldilocks.two.value, 2)
        XCTAssertEqual(Goldilocks.minusOne.value, p - 1)
        XCTAssertTrue(Goldilocks.zero.isZero)
        XCTAssertFalse(Goldilocks.one.isZero)
        XCTAssertEqual(Goldilocks.degree, 1)
    }

    func testEdgeValuesAreCanonical() {
        for value in goldilocksEdgeValues { XCTAssertLessThan(value, p, "edge value \(value)") }
    }

    // MARK: - Arithmetic against the reference

    func testMultiplicationMatchesReferenceOnEdgeValues() {
        for a in goldilocksEdgeValues {
            for b in goldilocksEdgeValues {
                let product = Goldilocks(uncheckedCanonical: a) * Goldilocks(uncheckedCanonical: b)
                XCTAssertEqual(product.value, FieldReference.mul(a, b), "\(a) · \(b)")
            }
        }
    }

    func testMultiplicationMatchesReferenceOnRandomValues() {
        var generator = SplitMix64(seed: 1)
        for _ in 0..<20_000 {
            let a = Goldilocks.random(using: &generator)
            let b = Goldilocks.random(using: &generator)
            let product = a * b
            XCTAssertLessThan(product.value, p)
            XCTAssertEqual(product.value, FieldReference.mul(a.value, b.value), "\(a) · \(b)")
        }
    }

    func testMultiplicationNearTheTopOfTheRange() {
        // Products of values close to p and close to 2^63 exercise every carry/borrow combination
        // of the reduction.
        var generator = SplitMix64(seed: 2)
        for _ in 0..<5_000 {
            let offsetA = generator.next() & 0xFFFF_FFFF
            let offsetB = generator.next() & 0xFFFF
            for (a, b) in [(p - 1 - offsetA, p - 1 - offsetB), ((1 << 63) + offsetA, p - 1 - offsetB),
                           (offsetA << 32, (p - 1) - (offsetB << 32)), (offsetA, p - 1 - offsetA)] {
                let product = Goldilocks(uncheckedCanonical: a) * Goldilocks(uncheckedCanonical: b)
                XCTAssertEqual(product.value, FieldReference.mul(a, b), "\(a) · \(b)")
            }
        }
    }

    func testAdditionSubtractionNegationMatchReference() {
        var values = goldilocksEdgeValues
        var generator = SplitMix64(seed: 3)
        values += (0..<60).map { _ in Goldilocks.random(using: &generator).value }
        for a in values {
            let x = Goldilocks(uncheckedCanonical: a)
            XCTAssertEqual((-x).value, FieldReference.sub(0, a), "−\(a)")
            for b in values {
                let y = Goldilocks(uncheckedCanonical: b)
                XCTAssertEqual((x + y).value, FieldReference.add(a, b), "\(a) + \(b)")
                XCTAssertEqual((x - y).value, FieldReference.sub(a, b), "\(a) − \(b)")
                var z = x
                z += y
                XCTAssertEqual(z, x + y)
                z -= y
                XCTAssertEqual(z, x)
                z *= y
                XCTAssertEqual(z, x * y)
            }
        }
    }

    func testSpecificKnownValues() {
        let minusOne = Goldilocks.minusOne
        XCTAssertEqual(minusOne * minusOne, .one)
        XCTAssertEqual(minusOne + .one, .zero)
        XCTAssertEqual(Goldilocks.zero - .one, minusOne)
        XCTAssertEqual(-Goldilocks.zero, .zero)
        // 2^32 · 2^32 = 2^64 ≡ 2^32 − 1.
        let twoTo32 = Goldilocks(uncheckedCanonical: 1 << 32)
        XCTAssertEqual((twoTo32 * twoTo32).value, (1 << 32) - 1)
        // 2^96 ≡ −1.
        XCTAssertEqual(twoTo32 * twoTo32 * twoTo32, minusOne)
        // 2^63 · 2 = 2^64 ≡ 2^32 − 1.
        XCTAssertEqual((Goldilocks(uncheckedCanonical: 1 << 63) * .two).value, (1 << 32) - 1)
        // (p − 1)/2 + (p + 1)/2 = p ≡ 0.
        XCTAssertEqual(Goldilocks(uncheckedCanonical: 0x7FFF_FFFF_8000_0000) + Goldilocks(uncheckedCanonical: 0x7FFF_FFFF_8000_0001), .zero)
    }

    // MARK: - reduce128

    func testReduce128EdgeCases() {
        let words: [UInt64] = [
            0, 1, (1 << 32) - 1, 1 << 32, (1 << 32) + 1, 1 << 63, p - 1, p, p + 1,
            0xFFFF_FFFF_0000_0000, 0xFFFF_FFFF_FFFF_FFFE, UInt64.max, 0x0000_0000_FFFF_FFFF,
            0xFFFF_FFFF_7FFF_FFFF, 0x8000_0000_FFFF_FFFF,
        ]
        for high in words {
            for low in words {
                checkReduction(high: high, low: low)
            }
        }
    }

    func testReduce128RandomWords() {
        var generator = SplitMix64(seed: 4)
        for _ in 0..<20_000 {
            checkReduction(high: generator.next(), low: generator.next())
            // Many high words with h₁ small or h₀ large.
            checkReduction(high: generator.next() & 0xFFFF_FFFF, low: generator.next())
            checkReduction(high: generator.next() | 0xFFFF_FFFF, low: generator.next() & 0xFFFF)
        }
    }

    private func checkReduction(high: UInt64, low: UInt64, file: StaticString = #filePath, line: UInt = #line) {
        let expected = FieldReference.reduce(high: high, low: low)
        let partial = Goldilocks.reduce128(high: high, low: low)
        XCTAssertEqual(partial % p, expected, "reduce128(\(high), \(low))", file: file, line: line)
        let full = Goldilocks.reducing(high: high, low: low)
        XCTAssertEqual(full.value, expected, "reducing(\(high), \(low))", file: file, line: line)
        XCTAssertLessThan(full.value, p, file: file, line: line)
    }

    // MARK: - Conversions

    func testInitExactly() {
        XCTAssertEqual(Goldilocks(exactly: 0)?.value, 0)
        XCTAssertEqual(Goldilocks(exactly: p - 1)?.value, p - 1)
        XCTAssertNil(Goldilocks(exactly: p))
        XCTAssertNil(Goldilocks(exactly: p + 1))
        XCTAssertNil(Goldilocks(exactly: UInt64.max))
    }

    func testInitReducing() {
        XCTAssertEqual(Goldilocks(reducing: p).value, 0)
        XCTAssertEqual(Goldilocks(reducing: p + 5).value, 5)
        XCTAssertEqual(Goldilocks(reducing: UInt64.max).value, (1 << 32) - 2)
        XCTAssertEqual(Goldilocks(reducing: p - 1).value, p - 1)
        XCTAssertEqual(Goldilocks(reducing: 12345).value, 12345)
        var generator = SplitMix64(seed: 5)
        for _ in 0..<1000 {
            let raw = generator.next()
            XCTAssertEqual(Goldilocks(reducing: raw).value, raw % p)
            let high = raw | 0xFFFF_FFFF_0000_0000  // mostly ≥ p
            XCTAssertEqual(Goldilocks(reducing: high).value, high % p)
        }
    }

    func testInitFromIntAndUInt32() {
        XCTAssertEqual(Goldilocks(0 as Int), .zero)
        XCTAssertEqual(Goldilocks(5 as Int).value, 5)
        XCTAssertEqual(Goldilocks(-1 as Int), .minusOne)
        XCTAssertEqual(Goldilocks(-5 as Int).value, p - 5)
        XCTAssertEqual(Goldilocks(Int.max).value, UInt64(Int.max))
        // Int.min = −2^63: p − 2^63.
        XCTAssertEqual(Goldilocks(Int.min).value, p - (1 << 63))
        XCTAssertEqual(Goldilocks(Int.min) + Goldilocks(uncheckedCanonical: 1 << 63), .zero)
        XCTAssertEqual(Goldilocks(UInt32.max).value, UInt64(UInt32.max))
        XCTAssertEqual(Goldilocks(7 as UInt32).value, 7)
        for value in [-3, -1_000_000_007, Int.min + 1, -(1 << 40)] {
            XCTAssertEqual(Goldilocks(value) + Goldilocks(-value), .zero, "\(value)")
        }
    }

    func testIntegerLiteralsReduce() {
        let wrapped: Goldilocks = 0xFFFF_FFFF_FFFF_FFFF
        XCTAssertEqual(wrapped.value, (1 << 32) - 2)
        let modulus: Goldilocks = 0xFFFF_FFFF_0000_0001
        XCTAssertEqual(modulus, .zero)
        let small: Goldilocks = 42
        XCTAssertEqual(small.value, 42)
    }

    func testDescriptionAndOrdering() {
        XCTAssertEqual(Goldilocks(uncheckedCanonical: 123).description, "123")
        XCTAssertEqual(Goldilocks.minusOne.description, String(p - 1))
        XCTAssertLessThan(Goldilocks.one, Goldilocks.two)
        XCTAssertFalse(Goldilocks.minusOne < Goldilocks.zero)
        XCTAssertEqual([Goldilocks.two, .zero, .one].sorted(), [.zero, .one, .two])
    }

    func testRandomRejectsNonCanonicalWords() {
        /// Returns words ≥ p first; `random` must skip them.
        struct Scripted: RandomNumberGenerator {
            var words: [UInt64]
            mutating func next() -> UInt64 { words.removeFirst() }
        }
        var scripted = Scripted(words: [UInt64.max, 0xFFFF_FFFF_0000_0001, 0xFFFF_FFFF_0000_0002, 99])
        XCTAssertEqual(Goldilocks.random(using: &scripted).value, 99)
        XCTAssertTrue(scripted.words.isEmpty)
        var generator = SplitMix64(seed: 6)
        let values = (0..<1000).map { _ in Goldilocks.random(using: &generator) }
        XCTAssertTrue(values.allSatisfy { $0.value < p })
        XCTAssertGreaterThan(Set(values).count, 990)
        XCTAssertLessThan(Goldilocks.random().value, p)
    }

    func testCoordinates() {
        let x = Goldilocks(uncheckedCanonical: 77)
        XCTAssertEqual(x.coordinates, [x])
        XCTAssertEqual(Goldilocks(coordinates: [x]), x)
        XCTAssertEqual(Goldilocks(x), x)
    }

    // MARK: - Field laws

    func testFieldLawsOnRandomElements() {
        var generator = SplitMix64(seed: 7)
        for _ in 0..<2_000 {
            let a = Goldilocks.random(using: &generator)
            let b = Goldilocks.random(using: &generator)
            let c = Goldilocks.random(using: &generator)
            XCTAssertEqual((a + b) + c, a + (b + c))
            XCTAssertEqual((a * b) * c, a * (b * c))
            XCTAssertEqual(a + b, b + a)
            XCTAssertEqual(a * b, b * a)
            XCTAssertEqual(a * (b + c), a * b + a * c)
            XCTAssertEqual((a - b) * c, a * c - b * c)
            XCTAssertEqual(a + .zero, a)
            XCTAssertEqual(a * .one, a)
            XCTAssertEqual(a * .zero, .zero)
            XCTAssertEqual(a + (-a), .zero)
            XCTAssertEqual(a - b, a + (-b))
            XCTAssertEqual(a - b + b, a)
            XCTAssertEqual(-(-a), a)
            XCTAssertEqual(a * .minusOne, -a)
            XCTAssertEqual(a.squared(), a * a)
        }
    }

    func testInverses() {
        for a in randomElements(300, seed: 8) + goldilocksEdgeValues.dropFirst().map({ Goldilocks(uncheckedCanonical: $0) }) {
            guard let inverse = a.inverseIfNonzero() else { return XCTFail("\(a) has an inverse") }
            XCTAssertEqual(a * inverse, .one, "\(a)")
            XCTAssertEqual(a.inverse(), inverse)
        }
        XCTAssertEqual(Goldilocks.one.inverse(), .one)
        XCTAssertEqual(Goldilocks.minusOne.inverse(), .minusOne)
        // 1/2 = (p + 1)/2.
        XCTAssertEqual(Goldilocks.two.inverse().value, (p + 1) / 2)
    }

    func testInverseOfZeroIsNil() {
        XCTAssertNil(Goldilocks.zero.inverseIfNonzero())
        XCTAssertNil(Goldilocks(reducing: p).inverseIfNonzero())
    }

    // MARK: - Powers

    func testPowerLaws() {
        var generator = SplitMix64(seed: 9)
        for _ in 0..<100 {
            let x = Goldilocks.random(using: &generator)
            let a = generator.next() >> 2
            let b = generator.next() >> 2
            XCTAssertEqual(x.power(a + b), x.power(a) * x.power(b))
            let small = generator.next() & 0xFFFF
            let smaller = generator.next() & 0xFFFF
            XCTAssertEqual(x.power(small).power(smaller), x.power(small * smaller))
            XCTAssertEqual(x.power(a).value, FieldReference.pow(x.value, a))
            if !x.isZero {
                // Fermat.
                XCTAssertEqual(x.power(p - 1), .one)
                XCTAssertEqual(x.power(p - 2) * x, .one)
            }
            XCTAssertEqual(x.power(p), x)
            XCTAssertEqual(x.power(0), .one)
            XCTAssertEqual(x.power(1), x)
            XCTAssertEqual(x.power(2), x * x)
            XCTAssertEqual(x.squared(times: 3), x.power(8))
            XCTAssertEqual(x.squared(times: 0), x)
        }
        XCTAssertEqual(Goldilocks.zero.power(0), .one)
        XCTAssertEqual(Goldilocks.zero.power(5), .zero)
    }

    func testPowersSequences() {
        let x = Goldilocks(uncheckedCanonical: 12345)
        let powers = x.powers(count: 10)
        XCTAssertEqual(powers.count, 10)
        for (i, value) in powers.enumerated() { XCTAssertEqual(value, x.power(UInt64(i))) }
        XCTAssertEqual(GoldilocksExtension(x).powers(count: 10), powers.map(GoldilocksExtension.init))
        XCTAssertEqual(x.powers(count: 0), [])
        XCTAssertEqual(x.powers(count: 1), [.one])
    }

    // MARK: - Roots of unity and the generator

    func testRootsOfUnityHaveExactOrder() {
        for logOrder in [0, 1, 2, 3, 5, 8, 16, 20, 31, 32] {
            let root = Goldilocks.rootOfUnity(logOrder: logOrder)
            XCTAssertEqual(root.squared(times: logOrder), .one, "ω^(2^\(logOrder)) = 1")
            if logOrder > 0 {
                // The order divides 2^k but not 2^(k−1): ω^(2^(k−1)) is the other square root of 1.
                XCTAssertEqual(root.squared(times: logOrder - 1), .minusOne, "order exactly 2^\(logOrder)")
            }
        }
        XCTAssertEqual(Goldilocks.rootOfUnity(logOrder: 0), .one)
        XCTAssertEqual(Goldilocks.rootOfUnity(logOrder: 1), .minusOne)
        XCTAssertEqual(Goldilocks.rootOfUnity(logOrder: 32), Goldilocks.twoAdicRoot)
        // i² = −1 for the 4th root.
        XCTAssertEqual(Goldilocks.rootOfUnity(logOrder: 2).squared(), .minusOne)
    }

    func testRootsOfUnityAreCompatibleAcrossOrders() {
        for logOrder in 1...32 {
            XCTAssertEqual(Goldilocks.rootOfUnity(logOrder: logOrder).squared(), Goldilocks.rootOfUnity(logOrder: logOrder - 1))
        }
    }

    func testTwoAdicRootComesFromTheGenerator() {
        XCTAssertEqual(Goldilocks.twoAdicity, 32)
        XCTAssertEqual((p - 1) % (1 << 32), 0)
        XCTAssertNotEqual(((p - 1) >> 32) % 2, 0, "2^32 is the full two-adic part")
        XCTAssertEqual(Goldilocks.multiplicativeGenerator.power((p - 1) >> 32), Goldilocks.twoAdicRoot)
        XCTAssertEqual(Goldilocks.twoAdicRoot.value, 1_753_635_133_440_165_772)
    }

    func testSevenGeneratesTheMultiplicativeGroup() {
        let seven = Goldilocks.multiplicativeGenerator
        XCTAssertEqual(seven.value, 7)
        // p − 1 = 2^32 · 3 · 5 · 17 · 257 · 65537.
        let primeFactors: [UInt64] = [2, 3, 5, 17, 257, 65537]
        XCTAssertEqual((1 << 32) * 3 * 5 * 17 * 257 * 65537, p - 1)
        // Non-residue: 7^((p−1)/2) = −1 (so X² − 7 is irreducible).
        XCTAssertEqual(seven.power((p - 1) / 2), .minusOne)
        for q in primeFactors {
            XCTAssertEqual((p - 1) % q, 0)
            XCTAssertNotEqual(seven.power((p - 1) / q), .one, "7^((p−1)/\(q)) must not be 1")
        }
        XCTAssertEqual(seven.power(p - 1), .one)
    }

    // MARK: - Cosets

    func testTwoAdicCosetVanishingPolynomial() {
        for shift in [Goldilocks.one, .multiplicativeGenerator, Goldilocks(uncheckedCanonical: 0xDEAD_BEEF)] {
            for logSize in [0, 1, 3, 6] {
                let coset = TwoAdicCoset(logSize: logSize, shift: shift)
                XCTAssertEqual(coset.size, 1 << logSize)
                XCTAssertEqual(coset.generator, .rootOfUnity(logOrder: logSize))
                let elements = coset.elements
                XCTAssertEqual(elements.count, coset.size)
                XCTAssertEqual(Set(elements).count, coset.size, "distinct points")
                XCTAssertEqual(elements.first, shift)
                for (index, point) in elements.enumerated() {
                    XCTAssertEqual(coset.element(index), point)
                    XCTAssertEqual(coset.vanishing(at: point), .zero, "Z vanishes at point \(index)")
                    XCTAssertEqual(coset.vanishing(at: GoldilocksExtension(point)), .zero)
                }
                // Off the coset: Z(0) = −shift^n ≠ 0, and at a point of the extension.
                XCTAssertEqual(coset.vanishing(at: Goldilocks.zero), -shift.power(UInt64(coset.size)))
                XCTAssertNotEqual(coset.vanishing(at: GoldilocksExtension(.one, .one)), .zero)
            }
        }
        // A coset shifted by the generator is disjoint from the subgroup.
        let subgroup = Set(TwoAdicCoset(logSize: 4).elements)
        let shifted = TwoAdicCoset(logSize: 4, shift: .multiplicativeGenerator)
        XCTAssertTrue(shifted.elements.allSatisfy { !subgroup.contains($0) })
        XCTAssertTrue(shifted.elements.allSatisfy { TwoAdicCoset(logSize: 4).vanishing(at: $0) != .zero })
        XCTAssertEqual(TwoAdicCoset(logSize: 2).shift, .one)
    }
}
