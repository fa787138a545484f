@testable import Field
import XCTest

/// Random test vectors for both fields.
protocol NTTTestElement: FieldElement {
    static func testRandom(using generator: inout SplitMix64) -> Self
}

extension Goldilocks: NTTTestElement {
    static func testRandom(using generator: inout SplitMix64) -> Goldilocks { random(using: &generator) }
}

extension GoldilocksExtension: NTTTestElement {
    static func testRandom(using generator: inout SplitMix64) -> GoldilocksExtension {
        GoldilocksExtension(.random(using: &generator), .random(using: &generator))
    }
}

/// Helpers shared by the NTT, LDE and polynomial tests.
enum NTTFixtures {
    static func randomVector<E: NTTTestElement>(_: E.Type, count: Int, seed: UInt64) -> [E] {
        var generator = SplitMix64(seed: seed)
        return (0..<count).map { _ in E.testRandom(using: &generator) }
    }

    /// The O(n²) DFT: value i = Σⱼ cⱼ·(shift·ωⁱ)ʲ.
    static func naiveDFT<E: FieldElement>(_ coefficients: [E], shift: Goldilocks = .one) -> [E] {
        let n = coefficients.count
        let omega = Goldilocks.rootOfUnity(logOrder: n.exactLog2)
        return (0..<n).map { i in
            let x = shift * omega.power(UInt64(i))
            var sum = E.zero
            var power = Goldilocks.one
            for c in coefficients {
                sum += c * power
                power *= x
            }
            return sum
        }
    }

    static func bitReversed<T>(_ values: [T]) -> [T] {
        var copy = values
        copy.bitReversePermute()
        return copy
    }

    /// Runs `body` with `Parallelism.threadCount` temporarily set.
    static func withThreads<R>(_ threads: Int, _ body: () throws -> R) rethrows -> R {
        let saved = Parallelism.threadCount
        Parallelism.threadCount = threads
        defer { Parallelism.threadCount = saved }
        return try body()
    }
}

final class NTTTests: XCTestCase {
    // MARK: - Against the naive DFT

    func checkAgainstNaive<E: NTTTestElement>(_: E.Type) {
        for logSize in 0...6 {
            let n = 1 << logSize
            let coefficients = NTTFixtures.randomVector(E.self, count: n, seed: UInt64(logSize))
            let expected = NTTFixtures.naiveDFT(coefficients)
            var values = coefficients
            NTT.forward(&values)
            XCTAssertEqual(values, expected, "forward, n = \(n)")
            NTT.inverse(&values)
            XCTAssertEqual(values, coefficients, "inverse, n = \(n)")
        }
    }

    func testForwardMatchesNaiveDFTBase() { checkAgainstNaive(Goldilocks.self) }
    func testForwardMatchesNaiveDFTExtension() { checkAgainstNaive(GoldilocksExtension.self) }

    func testKnownSmallTransforms() {
        // n = 2: p(1), p(−1).
        var two: [Goldilocks] = [3, 5]
        NTT.forward(&two)
        XCTAssertEqual(two, [8, Goldilocks(3) - Goldilocks(5)])
        // A constant evaluates to itself everywhere; X evaluates to the roots.
        var constant = [Goldilocks](repeating: .zero, count: 8)
        constant[0] = 42
        NTT.forward(&constant)
        XCTAssertEqual(constant, [Goldilocks](repeating: 42, count: 8))
        var x = [Goldilocks](repeating: .zero, count: 8)
        x[1] = .one
        NTT.forward(&x)
        XCTAssertEqual(x, Goldilocks.rootOfUnity(logOrder: 3).powers(count: 8))
    }

    // MARK: - Round trips at larger sizes (past the cache block, so the whole-pass stages run)

    func testRoundTripLarge() {
        for logSize in [12, 15] {
            let coefficients = NTTFixtures.randomVector(Goldilocks.self, count: 1 << logSize, seed: 100 + UInt64(logSize))
            var values = coefficients
            NTT.forward(&values)
            XCTAssertNotEqual(values, coefficients)
            NTT.inverse(&values)
            XCTAssertEqual(values, coefficients, "log n = \(logSize)")
        }
        let extensionCoefficients = NTTFixtures.randomVector(GoldilocksExtension.self, count: 1 << 14, seed: 7)
        var values = extensionCoefficients
        NTT.forward(&values, outputOrder: .bitReversed)
        NTT.inverse(&values, inputOrder: .bitReversed)
        XCTAssertEqual(values, extensionCoefficients)
    }

    /// Spot-check a transform larger than one cache block against direct evaluation.
    func testLargeTransformSpotChecks() {
        let logSize = 15
        let coefficients = NTTFixtures.randomVector(Goldilocks.self, count: 1 << logSize, seed: 99)
        var values = coefficients
        NTT.forward(&values)
        let polynomial = Polynomial(coefficients: coefficients)
        let omega = Goldilocks.rootOfUnity(logOrder: logSize)
        for i in [0, 1, 2, 5, 1000, 1 << 14, (1 << 15) - 1] {
            XCTAssertEqual(values[i], polynomial.evaluate(at: omega.power(UInt64(i))), "index \(i)")
        }
    }

    // MARK: - Orders

    func checkOrders<E: NTTTestElement>(_: E.Type, logSize: Int, shift: Goldilocks) {
        let coefficients = NTTFixtures.randomVector(E.self, count: 1 << logSize, seed: 5 + UInt64(logSize))
        var natural = coefficients
        NTT.forward(&natural, shift: shift)
        if logSize <= 6 { XCTAssertEqual(natural, NTTFixtures.naiveDFT(coefficients, shift: shift)) }
        for inputOrder in [NTTOrder.natural, .bitReversed] {
            for outputOrder in [NTTOrder.natural, .bitReversed] {
                var values = inputOrder == .natural ? coefficients : NTTFixtures.bitReversed(coefficients)
                NTT.forward(&values, shift: shift, inputOrder: inputOrder, outputOrder: outputOrder)
                let expected = outputOrder == .natural ? natural : NTTFixtures.bitReversed(natural)
                XCTAssertEqual(values, expected, "forward \(inputOrder) → \(outputOrder), log n = \(logSize), shift \(shift)")

                var evaluations = inputOrder == .natural ? natural : NTTFixtures.bitReversed(natural)
                NTT.inverse(&evaluations, shift: shift, inputOrder: inputOrder, outputOrder: outputOrder)
                let expectedCoefficients = outputOrder == .natural ? coefficients : NTTFixtures.bitReversed(coefficients)
                XCTAssertEqual(evaluations, expectedCoefficients, "inverse \(inputOrder) → \(outputOrder), log n = \(logSize), shift \(shift)")
            }
        }
    }

    func testAllOrderCombinations() {
        for logSize in [0, 1, 2, 3, 5, 8, 13] {
            checkOrders(Goldilocks.self, logSize: logSize, shift: .one)
            checkOrders(Goldilocks.self, logSize: logSize, shift: .multiplicativeGenerator)
        }
        for logSize in [1, 4, 6, 9] {
            checkOrders(GoldilocksExtension.self, logSize: logSize, shift: .one)
            checkOrders(GoldilocksExtension.self, logSize: logSize, shift: 12345)
        }
    }

    func testBitReversedOutputIsDIFOrder() {
        let coefficients = NTTFixtures.randomVector(Goldilocks.self, count: 32, seed: 3)
        var values = coefficients
        NTT.forward(&values, outputOrder: .bitReversed)
        let omega = Goldilocks.rootOfUnity(logOrder: 5)
        let polynomial = Polynomial(coefficients: coefficients)
        for i in 0..<32 {
            XCTAssertEqual(values[i], polynomial.evaluate(at: omega.power(UInt64(reverseBits(i, bits: 5)))))
        }
        // Adjacent positions are x and −x.
        XCTAssertEqual(omega.power(UInt64(reverseBits(6, bits: 5))), -omega.power(UInt64(reverseBits(7, bits: 5))))
    }

    // MARK: - Coset NTT

    func testCosetForwardMatchesDirectEvaluation() {
        let shift = Goldilocks.multiplicativeGenerator
        for logSize in [0, 1, 3, 6] {
            let coefficients = NTTFixtures.randomVector(GoldilocksExtension.self, count: 1 << logSize, seed: 40 + UInt64(logSize))
            var values = coefficients
            NTT.forward(&values, shift: shift)
            XCTAssertEqual(values, NTTFixtures.naiveDFT(coefficients, shift: shift))
            NTT.inverse(&values, shift: shift)
            XCTAssertEqual(values, coefficients)
        }
    }

    // MARK: - Matrices

    func testMatrixTransformEqualsPerColumn() {
        for (logRows, width) in [(0, 3), (1, 2), (3, 5), (7, 4), (11, 9), (12, 1)] {
            let columns = (0..<width).map { NTTFixtures.randomVector(Goldilocks.self, count: 1 << logRows, seed: UInt64(1000 * logRows + $0)) }
            let matrix = RowMajorMatrix(columns: columns)
            for shift in [Goldilocks.one, .multiplicativeGenerator] {
                for order in [NTTOrder.natural, .bitReversed] {
                    var transformed = matrix
                    NTT.forward(&transformed, shift: shift, outputOrder: order)
                    let expected = columns.map { column -> [Goldilocks] in
                        var copy = column
                        NTT.forward(&copy, shift: shift, outputOrder: order)
                        return copy
                    }
                    XCTAssertEqual(transformed, RowMajorMatrix(columns: expected), "rows 2^\(logRows) × \(width), \(order)")
                    NTT.inverse(&transformed, shift: shift, inputOrder: order)
                    XCTAssertEqual(transformed, matrix)
                }
            }
        }
    }

    func testExtensionMatrixTransform() {
        let columns = (0..<3).map { NTTFixtures.randomVector(GoldilocksExtension.self, count: 64, seed: 77 + UInt64($0)) }
        var matrix = RowMajorMatrix(columns: columns)
        NTT.forward(&matrix)
        XCTAssertEqual(matrix.columns, columns.map { NTTFixtures.naiveDFT($0) })
    }

    // MARK: - Pass structure

    /// With tiny cache blocks even small transforms run the whole-pass stages (radix-4 pairs and
    /// an odd radix-2 pass) and several blocks, for vectors and matrices, DIF and DIT.
    func testTinyCacheBlocksExerciseEveryPass() {
        let saved = NTTKernels.cacheBlockBytes
        defer { NTTKernels.cacheBlockBytes = saved }
        for blockBytes in [8, 32, 64] {
            NTTKernels.cacheBlockBytes = blockBytes
            for logSize in 0...7 {
                let coefficients = NTTFixtures.randomVector(Goldilocks.self, count: 1 << logSize, seed: 300 + UInt64(logSize))
                let expected = NTTFixtures.naiveDFT(coefficients, shift: .multiplicativeGenerator)
                for order in [NTTOrder.natural, .bitReversed] {
                    var values = order == .natural ? coefficients : NTTFixtures.bitReversed(coefficients)
                    NTT.forward(&values, shift: .multiplicativeGenerator, inputOrder: order)
                    XCTAssertEqual(values, expected, "block \(blockBytes) B, log n = \(logSize), input \(order)")
                    NTT.inverse(&values, shift: .multiplicativeGenerator, outputOrder: order)
                    XCTAssertEqual(values, order == .natural ? coefficients : NTTFixtures.bitReversed(coefficients))
                }
                let extensionCoefficients = NTTFixtures.randomVector(GoldilocksExtension.self, count: 1 << logSize, seed: 400 + UInt64(logSize))
                var extensionValues = extensionCoefficients
                NTT.forward(&extensionValues, outputOrder: .bitReversed)
                XCTAssertEqual(extensionValues, NTTFixtures.bitReversed(NTTFixtures.naiveDFT(extensionCoefficients)))
                NTT.inverse(&extensionValues, inputOrder: .bitReversed)
                XCTAssertEqual(extensionValues, extensionCoefficients)

                let columns = (0..<3).map { NTTFixtures.randomVector(Goldilocks.self, count: 1 << logSize, seed: 500 + UInt64(8 * logSize + $0)) }
                var matrix = RowMajorMatrix(columns: columns)
                NTT.forward(&matrix)
                XCTAssertEqual(matrix.columns, columns.map { NTTFixtures.naiveDFT($0) }, "matrix, block \(blockBytes) B, log n = \(logSize)")
                NTT.inverse(&matrix)
                XCTAssertEqual(matrix.columns, columns)
            }
        }
    }

    // MARK: - Threads

    /// Every parallel path (residue-split outer stages, block split, parallel permutations and
    /// scaling, for vectors and matrices) gives the serial result, with default and tiny cache
    /// blocks.
    func testParallelPathsMatchSerial() {
        let saved = NTTKernels.cacheBlockBytes
        defer { NTTKernels.cacheBlockBytes = saved }
        let vector = NTTFixtures.randomVector(Goldilocks.self, count: 1 << 14, seed: 21)
        let extensionVector = NTTFixtures.randomVector(GoldilocksExtension.self, count: 1 << 13, seed: 22)
        let wide = RowMajorMatrix(values: NTTFixtures.randomVector(Goldilocks.self, count: 17 << 10, seed: 23), width: 17)
        func run() -> [[Goldilocks]] {
            var forward = vector
            NTT.forward(&forward)
            var inverse = vector
            NTT.inverse(&inverse, shift: .multiplicativeGenerator, inputOrder: .bitReversed)
            var extensionForward = extensionVector
            NTT.forward(&extensionForward, shift: 5, outputOrder: .bitReversed)
            var matrix = wide
            NTT.forward(&matrix, shift: .multiplicativeGenerator)
            var matrixInverse = wide
            NTT.inverse(&matrixInverse, inputOrder: .bitReversed, outputOrder: .bitReversed)
            return [forward, inverse, extensionForward.flatMap(\.coordinates), matrix.values, matrixInverse.values,
                    wide.cosetLDE(logBlowup: 2).values]
        }
        let reference = NTTFixtures.withThreads(1, run)
        for blockBytes in [saved, 256] {
            NTTKernels.cacheBlockBytes = blockBytes
            for threads in [1, 2, 3] {
                let results = NTTFixtures.withThreads(threads, run)
                for (index, result) in results.enumerated() {
                    XCTAssertEqual(result, reference[index], "result \(index), \(threads) threads, blocks of \(blockBytes) B")
                }
            }
        }
        // And the wide matrix agrees with its columns transformed one by one.
        var perColumn = wide.columns
        for j in perColumn.indices { NTT.forward(&perColumn[j], shift: .multiplicativeGenerator) }
        XCTAssertEqual(reference[3], RowMajorMatrix(columns: perColumn).values)
    }

    func testResultsDoNotDependOnThreadCount() {
        let vector = NTTFixtures.randomVector(Goldilocks.self, count: 1 << 16, seed: 11)
        let matrix = RowMajorMatrix(values: NTTFixtures.randomVector(Goldilocks.self, count: 8 << 12, seed: 12), width: 8)
        func run() -> ([Goldilocks], [Goldilocks], RowMajorMatrix<Goldilocks>, RowMajorMatrix<Goldilocks>) {
            var forward = vector
            NTT.forward(&forward)
            var inverse = vector
            NTT.inverse(&inverse, shift: .multiplicativeGenerator, inputOrder: .bitReversed)
            var transformed = matrix
            NTT.forward(&transformed, outputOrder: .bitReversed)
            return (forward, inverse, transformed, matrix.cosetLDE(logBlowup: 1))
        }
        let one = NTTFixtures.withThreads(1, run)
        let two = NTTFixtures.withThreads(2, run)
        let three = NTTFixtures.withThreads(3, run)
        XCTAssertEqual(one.0, two.0)
        XCTAssertEqual(one.1, two.1)
        XCTAssertEqual(one.2, two.2)
        XCTAssertEqual(one.3, two.3)
        XCTAssertEqual(one.0, three.0)
        XCTAssertEqual(one.3, three.3)
    }
}
