import Field
import XCTest

final class PolynomialTests: XCTestCase {
    typealias F = Goldilocks
    typealias K = GoldilocksExtension

    func testDegreeAndTrailingZeros() {
        XCTAssertNil(Polynomial<F>.zero.degree)
        XCTAssertNil(Polynomial<F>(coefficients: [0, 0]).degree)
        XCTAssertEqual(Polynomial<F>.one.degree, 0)
        XCTAssertEqual(Polynomial<F>.x.degree, 1)
        XCTAssertEqual(Polynomial<F>(coefficients: [1, 2, 0, 0]).degree, 1)
        XCTAssertEqual(Polynomial<F>(coefficients: [1, 2, 0, 0]), Polynomial(coefficients: [1, 2]))
        XCTAssertEqual(Polynomial<F>(coefficients: [0]), .zero)
        XCTAssertEqual(Set([Polynomial<F>(coefficients: [5, 0]), Polynomial(coefficients: [5])]).count, 1)
    }

    func testArithmetic() {
        let p = Polynomial<F>(coefficients: [1, 2, 3])
        let q = Polynomial<F>(coefficients: [4, 5])
        XCTAssertEqual(p + q, Polynomial(coefficients: [5, 7, 3]))
        XCTAssertEqual(q + p, Polynomial(coefficients: [5, 7, 3]))
        XCTAssertEqual(p - p, .zero)
        XCTAssertEqual((p - q) + q, p)
        XCTAssertEqual(p * F(2), Polynomial(coefficients: [2, 4, 6]))
        XCTAssertEqual(F(2) * p, p * F(2))
        XCTAssertEqual(p * q, Polynomial(coefficients: [4, 13, 22, 15]))
        let z: F = 1234
        XCTAssertEqual((p * q).evaluate(at: z), p.evaluate(at: z) * q.evaluate(at: z))
        XCTAssertEqual((p + q).evaluate(at: z), p.evaluate(at: z) + q.evaluate(at: z))
        XCTAssertEqual(p.evaluate(at: F(2)), F(17))
        XCTAssertEqual(Polynomial<F>.zero.evaluate(at: z), .zero)
    }

    func testHornerAtExtensionPoint() {
        let coefficients = NTTFixtures.randomVector(F.self, count: 9, seed: 1)
        let p = Polynomial(coefficients: coefficients)
        let z = K(3, 5)
        var expected = K.zero
        var power = K.one
        for c in coefficients {
            expected += power * c
            power *= z
        }
        XCTAssertEqual(p.evaluate(at: z), expected)
        XCTAssertEqual(p.lifted.evaluate(at: z), expected)
        XCTAssertEqual(p.evaluate(at: K(7)), K(p.evaluate(at: F(7))))
    }

    func testDivisionByLinear() {
        for count in [0, 1, 2, 5, 17] {
            let p = Polynomial(coefficients: NTTFixtures.randomVector(K.self, count: count, seed: UInt64(count)))
            let z = K(11, 13)
            let (q, r) = p.divided(byLinear: z)
            XCTAssertEqual(r, p.evaluate(at: z))
            XCTAssertEqual(q * Polynomial(coefficients: [-z, .one]) + Polynomial(constant: r), p, "\(count) coefficients")
        }
        // Base polynomial, extension point: the DEEP quotient (p − p(z))/(X − z).
        let p = Polynomial(coefficients: NTTFixtures.randomVector(F.self, count: 8, seed: 3))
        let z = K(2, 9)
        let (q, r) = p.divided(byLinear: z)
        XCTAssertEqual(r, p.evaluate(at: z))
        XCTAssertEqual(q * Polynomial(coefficients: [-z, .one]) + Polynomial(constant: r), p.lifted)
        // Exact division leaves no remainder.
        let root: F = 77
        let multiple = Polynomial<F>(coefficients: [5, 6, 7]) * Polynomial(coefficients: [-root, .one])
        let exact = multiple.divided(byLinear: root)
        XCTAssertEqual(exact.remainder, .zero)
        XCTAssertEqual(exact.quotient, Polynomial(coefficients: [5, 6, 7]))
    }

    func testEvaluationsRoundTrip() {
        for (logSize, shift) in [(0, F.one), (3, .one), (4, .multiplicativeGenerator), (9, 5)] {
            let domain = TwoAdicCoset(logSize: logSize, shift: shift)
            let p = Polynomial(coefficients: NTTFixtures.randomVector(F.self, count: domain.size, seed: UInt64(logSize)))
            let evaluations = p.evaluations(over: domain)
            XCTAssertEqual(evaluations.domain, domain)
            for i in [0, domain.size / 2, domain.size - 1] {
                XCTAssertEqual(evaluations.values[i], p.evaluate(at: domain.element(i)))
            }
            XCTAssertEqual(evaluations.interpolate(), p)
        }
        // Zero padding: a short polynomial on a big domain.
        let p = Polynomial<K>(coefficients: [K(1, 2), K(3, 4), K(5, 6)])
        let domain = TwoAdicCoset(logSize: 4, shift: .multiplicativeGenerator)
        let evaluations = p.evaluations(over: domain)
        XCTAssertEqual(evaluations.values, domain.elements.map { p.evaluate(at: K($0)) })
        XCTAssertEqual(evaluations.interpolate(), p)
        XCTAssertEqual(evaluations.interpolate().coefficients.count, 16)
    }

    // MARK: - Barycentric

    func testBarycentricMatchesHorner() {
        for (logSize, shift) in [(0, F.one), (1, .multiplicativeGenerator), (5, .one), (6, .multiplicativeGenerator), (13, 3)] {
            let domain = TwoAdicCoset(logSize: logSize, shift: shift)
            let p = Polynomial(coefficients: NTTFixtures.randomVector(F.self, count: domain.size, seed: 50 + UInt64(logSize)))
            let evaluations = p.evaluations(over: domain)
            let z = K(123_456_789, 987_654_321)
            XCTAssertEqual(evaluations.evaluate(at: z), p.evaluate(at: z), "log n = \(logSize)")
            XCTAssertEqual(evaluations.evaluate(at: F(99)), p.evaluate(at: F(99)))
            // A domain point returns the stored value.
            XCTAssertEqual(evaluations.evaluate(at: domain.element(domain.size - 1)), evaluations.values[domain.size - 1])
            XCTAssertEqual(evaluations.evaluate(at: K(domain.element(0))), K(evaluations.values[0]))

            let extensionP = Polynomial(coefficients: NTTFixtures.randomVector(K.self, count: domain.size, seed: 60 + UInt64(logSize)))
            XCTAssertEqual(extensionP.evaluations(over: domain).evaluate(at: z), extensionP.evaluate(at: z))
        }
    }

    func testEvaluateColumnsNaturalAndBitReversed() {
        for (logRows, width) in [(0, 2), (1, 1), (4, 3), (10, 5), (13, 2)] {
            let domain = TwoAdicCoset(logSize: logRows, shift: .multiplicativeGenerator)
            let polynomials = (0..<width).map {
                Polynomial(coefficients: NTTFixtures.randomVector(F.self, count: domain.size, seed: UInt64(31 * logRows + $0)))
            }
            let matrix = RowMajorMatrix(columns: polynomials.map { $0.evaluations(over: domain).values })
            let z = K(424_242, 171_717)
            let expected = polynomials.map { $0.evaluate(at: z) }
            XCTAssertEqual(matrix.evaluateColumns(at: z, over: domain), expected, "2^\(logRows) × \(width)")
            XCTAssertEqual(matrix.bitReversedRows().evaluateColumns(at: z, overBitReversed: domain), expected)
            // Extension matrices.
            let lifted = RowMajorMatrix(values: matrix.values.map(K.init), width: width)
            XCTAssertEqual(lifted.evaluateColumns(at: z, over: domain), expected)
            XCTAssertEqual(lifted.bitReversedRows().evaluateColumns(at: z, overBitReversed: domain), expected)
            // A domain point.
            let last = domain.size - 1
            XCTAssertEqual(matrix.evaluateColumns(at: K(domain.element(last)), over: domain), matrix.row(last).map(K.init))
        }
    }

    func testEvaluateColumnsOfAnLDE() {
        let logRows = 6, logBlowup = 1
        let columns = (0..<4).map { NTTFixtures.randomVector(F.self, count: 1 << logRows, seed: 900 + UInt64($0)) }
        let lde = RowMajorMatrix(columns: columns).cosetLDE(logBlowup: logBlowup)
        let z = K(5, 8)
        let expected = columns.map { Evaluations(values: $0, domain: TwoAdicCoset(logSize: logRows)).evaluate(at: z) }
        let ldeDomain = TwoAdicCoset(logSize: logRows + logBlowup, shift: .multiplicativeGenerator)
        XCTAssertEqual(lde.evaluateColumns(at: z, overBitReversed: ldeDomain), expected)
    }

    /// The unreduced accumulators must survive many rows of maximal values.
    func testEvaluateColumnsWithExtremeValues() {
        let logRows = 12
        let domain = TwoAdicCoset(logSize: logRows)
        let values = [F](repeating: F.minusOne, count: 1 << logRows)
        let matrix = RowMajorMatrix(values: values, width: 1)
        // The constant −1 interpolates to −1 everywhere.
        XCTAssertEqual(matrix.evaluateColumns(at: K(F.minusOne - 1, F.minusOne), over: domain), [K(F.minusOne)])
    }

    func testEvaluateColumnsDoesNotDependOnThreadCount() {
        let domain = TwoAdicCoset(logSize: 12, shift: .multiplicativeGenerator)
        let matrix = RowMajorMatrix(values: NTTFixtures.randomVector(F.self, count: 3 << 12, seed: 4), width: 3)
        let z = K(1, 2)
        let one = NTTFixtures.withThreads(1) { matrix.evaluateColumns(at: z, over: domain) }
        let two = NTTFixtures.withThreads(2) { matrix.evaluateColumns(at: z, over: domain) }
        XCTAssertEqual(one, two)
    }
}
