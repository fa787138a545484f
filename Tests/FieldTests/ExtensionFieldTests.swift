import XCTest

@testable import Field

final class ExtensionFieldTests: XCTestCase {
    typealias E = GoldilocksExtension
    let p = FieldReference.p
    /// X, the generator of the extension over the base field.
    let x = E(.zero, .one)

    private func randomExtensions(_ count: Int, seed: UInt64) -> [E] {
        var generator = SplitMix64(seed: seed)
        return (0..<count).map { _ in E.random(using: &generator) }
    }

    /// Schoolbook product with independently computed coordinates (reference arithmetic, no
    /// Karatsuba): (a₀ + a₁X)(b₀ + b₁X) = a₀b₀ + 7a₁b₁ + (a₀b₁ + a₁b₀)X.
    private func referenceProduct(_ a: E, _ b: E) -> E {
        let r = FieldReference.self
        let c0 = r.add(r.mul(a.c0.value, b.c0.value), r.mul(7, r.mul(a.c1.value, b.c1.value)))
        let c1 = r.add(r.mul(a.c0.value, b.c1.value), r.mul(a.c1.value, b.c0.value))
        return E(Goldilocks(uncheckedCanonical: c0), Goldilocks(uncheckedCanonical: c1))
    }

    // MARK: - Structure

    func testXSquaredIsSeven() {
        XCTAssertEqual(x * x, E(7))
        XCTAssertEqual(x.squared(), E(Goldilocks(uncheckedCanonical: 7)))
        XCTAssertEqual(E.nonResidue.value, 7)
        XCTAssertEqual(x.power(3), E(.zero, Goldilocks(uncheckedCanonical: 7)))
        // 1/X = X/7.
        XCTAssertEqual(x.inverse(), E(.zero, Goldilocks(uncheckedCanonical: 7).inverse()))
    }

    func testTimesNonResidueMatchesReference() {
        var values = goldilocksEdgeValues
        var generator = SplitMix64(seed: 19)
        values += (0..<2000).map { _ in Goldilocks.random(using: &generator).value }
        // Values whose 7-fold product carries past 2^64 by different amounts.
        values += (1...6).map { k in UInt64.max / 7 * UInt64(k) / 6 } + [UInt64.max / 7, UInt64.max / 7 + 1]
        // 7x just below (k + 1)·2^64: low + k·ε wraps past 2^64 in the reduction (rare at random).
        for k: UInt64 in 1...5 {
            let x = UInt64(7).dividingFullWidth((k, UInt64.max)).quotient
            values += [x, x - 1, x - 2]
        }
        for value in values where value < p {
            let product = E.timesNonResidue(Goldilocks(uncheckedCanonical: value))
            XCTAssertEqual(product.value, FieldReference.mul(7, value), "7 · \(value)")
        }
    }

    func testBasics() {
        XCTAssertEqual(E.degree, 2)
        XCTAssertTrue(E.zero.isZero)
        XCTAssertFalse(E.one.isZero)
        XCTAssertFalse(x.isZero)
        XCTAssertTrue(E(5).isBase)
        XCTAssertFalse(x.isBase)
        XCTAssertEqual(E(Goldilocks.minusOne), -E.one)
        let literal: E = 0xFFFF_FFFF_FFFF_FFFF
        XCTAssertEqual(literal, E(Goldilocks(uncheckedCanonical: (1 << 32) - 2)))
        let element = E(Goldilocks(uncheckedCanonical: 3), Goldilocks(uncheckedCanonical: 4))
        XCTAssertEqual(element.coordinates, [3, 4])
        XCTAssertEqual(E(coordinates: element.coordinates), element)
        XCTAssertEqual(E(coordinates: [Goldilocks(5), Goldilocks(6)][...]), E(5, 6))
        XCTAssertEqual(element.description, "3 + 4·X")
        XCTAssertEqual(E(9).description, "9")
    }

    // MARK: - Arithmetic against the reference

    func testMultiplicationMatchesSchoolbookReference() {
        let edges = goldilocksEdgeValues.map { Goldilocks(uncheckedCanonical: $0) }
        var values = randomExtensions(400, seed: 20)
        for (i, a) in edges.enumerated() { values.append(E(a, edges[(i * 7 + 3) % edges.count])) }
        values += [E(.minusOne, .minusOne), E(.zero, .minusOne), E(.minusOne, .zero)]
        for (i, a) in values.enumerated() {
            let b = values[(i * 31 + 17) % values.count]
            XCTAssertEqual(a * b, referenceProduct(a, b), "\(a) · \(b)")
            XCTAssertEqual(a.squared(), referenceProduct(a, a), "(\(a))²")
        }
    }

    func testAdditionAndSubtractionAreCoordinatewise() {
        for (a, b) in zip(randomExtensions(200, seed: 21), randomExtensions(200, seed: 22)) {
            XCTAssertEqual(a + b, E(a.c0 + b.c0, a.c1 + b.c1))
            XCTAssertEqual(a - b, E(a.c0 - b.c0, a.c1 - b.c1))
            XCTAssertEqual(-a, E(-a.c0, -a.c1))
            XCTAssertEqual(a + b.c0, E(a.c0 + b.c0, a.c1))
            XCTAssertEqual(a - b.c0, E(a.c0 - b.c0, a.c1))
            var c = a
            c += b
            XCTAssertEqual(c, a + b)
            c -= b
            XCTAssertEqual(c, a)
            c *= b
            XCTAssertEqual(c, a * b)
        }
    }

    // MARK: - Field laws

    func testFieldLawsOnRandomElements() {
        var generator = SplitMix64(seed: 23)
        for _ in 0..<1_000 {
            let a = E.random(using: &generator)
            let b = E.random(using: &generator)
            let c = E.random(using: &generator)
            XCTAssertEqual((a + b) + c, a + (b + c))
            XCTAssertEqual((a * b) * c, a * (b * c))
            XCTAssertEqual(a + b, b + a)
            XCTAssertEqual(a * b, b * a)
            XCTAssertEqual(a * (b + c), a * b + a * c)
            XCTAssertEqual(a + .zero, a)
            XCTAssertEqual(a * .one, a)
            XCTAssertEqual(a * .zero, .zero)
            XCTAssertEqual(a + (-a), .zero)
            XCTAssertEqual(a - b + b, a)
            XCTAssertEqual(a.squared(), a * a)
        }
    }

    func testInverses() {
        for a in randomExtensions(300, seed: 24) + [E.one, x, E(.minusOne, .one), E(.zero, .minusOne)] {
            guard let inverse = a.inverseIfNonzero() else { return XCTFail("\(a) has an inverse") }
            XCTAssertEqual(a * inverse, .one, "\(a)")
            XCTAssertEqual(a.inverse(), inverse)
        }
        // Base elements invert as in the base field.
        for b in randomElements(50, seed: 25) where !b.isZero {
            XCTAssertEqual(E(b).inverse(), E(b.inverse()))
        }
    }

    func testInverseOfZeroIsNil() {
        XCTAssertNil(E.zero.inverseIfNonzero())
        XCTAssertNil(E(.zero, .zero).inverseIfNonzero())
    }

    // MARK: - Frobenius and norm

    func testFrobeniusIsThePthPower() {
        for a in randomExtensions(40, seed: 26) + [x, E.one] {
            XCTAssertEqual(a.frobenius(), a.power(p), "\(a)")
            XCTAssertEqual(a.frobenius().frobenius(), a)
        }
        for b in randomElements(10, seed: 27) { XCTAssertEqual(E(b).frobenius(), E(b)) }
        XCTAssertEqual(x.frobenius(), -x)
    }

    func testNormIsMultiplicativeAndLiesInTheBaseField() {
        var generator = SplitMix64(seed: 28)
        for _ in 0..<300 {
            let a = E.random(using: &generator)
            let b = E.random(using: &generator)
            XCTAssertEqual((a * b).norm, a.norm * b.norm)
            // N(a) = a · a^p = a^(p+1).
            XCTAssertEqual(a * a.frobenius(), E(a.norm))
        }
        for a in randomExtensions(10, seed: 29) {
            XCTAssertEqual(a.power(p + 1), E(a.norm))
        }
        XCTAssertEqual(x.norm, -Goldilocks(uncheckedCanonical: 7))
        XCTAssertEqual(E.zero.norm, .zero)
    }

    func testGroupOrderAndFermat() {
        // |F_{p²}^*| = p² − 1 = (p − 1)(p + 1).
        for a in randomExtensions(10, seed: 30) {
            XCTAssertEqual(a.power(p - 1).power(p + 1), .one)
        }
        // X has order 2(p − 1) (X² = 7, a generator of F_p^*): X^(p−1) = 7^((p−1)/2) = −1.
        XCTAssertEqual(x.power(p - 1), -E.one)
    }

    // MARK: - Mixed products

    func testMixedProductEqualsEmbeddedProduct() {
        let bases = randomElements(200, seed: 31)
        for (a, b) in zip(randomExtensions(200, seed: 32), bases) {
            XCTAssertEqual(a * b, a * E(b))
            XCTAssertEqual(b * a, E(b) * a)
            XCTAssertEqual(b * a, a * b)
        }
        // The embedding is a ring homomorphism.
        for (a, b) in zip(bases, bases.reversed()) {
            XCTAssertEqual(E(a) * E(b), E(a * b))
            XCTAssertEqual(E(a) + E(b), E(a + b))
            XCTAssertEqual(E(a) - E(b), E(a - b))
        }
    }

    func testPowerLaws() {
        var generator = SplitMix64(seed: 33)
        for _ in 0..<50 {
            let a = E.random(using: &generator)
            let m = generator.next() >> 2
            let n = generator.next() >> 2
            XCTAssertEqual(a.power(m + n), a.power(m) * a.power(n))
            XCTAssertEqual(a.squared(times: 4), a.power(16))
            XCTAssertEqual(a.power(0), .one)
        }
    }

    func testRandomIsDeterministicForASeed() {
        XCTAssertEqual(randomExtensions(5, seed: 34), randomExtensions(5, seed: 34))
        XCTAssertNotEqual(randomExtensions(5, seed: 34), randomExtensions(5, seed: 35))
    }
}
