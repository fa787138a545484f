import Constraints
import Field

/// Step 3 for one table: the quotient Q = (Σ_i α^i·C_i) / Z_H, evaluated on the coset g·H_{2n}
/// and split into chunks of degree < n.
///
/// g·H_{2n} in bit-reversed order is exactly the first 2n rows of every LDE the PCS committed
/// (its rows are g·H_{n·blowup} bit-reversed), so the quotient reads the committed LDEs in place.
/// 2n points suffice because Q has degree < (d − 1)·n ≤ 2n for constraint degree d ≤ 3, and
/// each point's value is computed exactly (Z_H is never zero on the coset).
struct QuotientEvaluator {
    let machine: StarkMachine
    let table: Int
    /// Roots: the table's constraints, then every interaction's values and multiplicity.
    let program: ConstraintProgram
    let constraintCount: Int
    let valueOutputs: [Int]
    let multiplicityOutputs: [Int]

    static let blockRows = 64

    init(machine: StarkMachine, table: Int) {
        self.machine = machine
        self.table = table
        let symbolic = machine.symbolic[table]
        var roots = symbolic.constraints.map(\.expression)
        constraintCount = roots.count
        (valueOutputs, multiplicityOutputs) = LogUpTraceBuilder.appendInteractions(symbolic.interactions, to: &roots)
        program = ConstraintProgram(roots: roots)
    }

    /// The quotient chunks' evaluations over H_n: row r holds Q_k(ω^r) for each chunk k as two
    /// base columns (c0, c1), so Q(x) = Σ_k x^(k·n)·Q_k(x).
    ///
    /// - Parameters:
    ///   - traceLDE, logUpLDE: the committed LDEs (bit-reversed rows on g·H_{n·blowup}).
    ///   - alphaPowers: α^0 … for every constraint (the table's, then LogUp's).
    func quotientChunks(
        logHeight: Int, traceLDE: RowMajorMatrix<Goldilocks>, preprocessedLDE: RowMajorMatrix<Goldilocks>?, logUpLDE: RowMajorMatrix<Goldilocks>?,
        publicValues: [Goldilocks], alphaPowers: [GoldilocksExtension], challenges: LogUpChallenges, total: GoldilocksExtension
    ) -> RowMajorMatrix<Goldilocks> {
        let n = 1 << logHeight
        let logDomainSize = logHeight + 1
        let domainSize = 2 * n
        let layout = machine.logUp[table]
        let interactionCount = layout.interactions.count
        let shift = Goldilocks.multiplicativeGenerator
        let points = TwoAdicCoset(logSize: logDomainSize, shift: shift).elements
        // Z_H(x) = xⁿ − 1 takes two values on g·H_{2n}: one on even exponents (its value at g),
        // one on odd ones (at g·ω_{2n}); in bit-reversed order the even exponents are the first
        // n rows. The selectors are `RowSelectors`' formulas, with batch-inverted denominators.
        let traceDomain = TwoAdicCoset(logSize: logHeight)
        let vanishingValues = [traceDomain.vanishing(at: points[0]), traceDomain.vanishing(at: points[1])]
        let vanishingInverses = vanishingValues.map { $0.inverse() }
        let nElement = Goldilocks(n)
        let lastPoint = Goldilocks.rootOfUnity(logOrder: logHeight).inverse()
        let logUpWidth = layout.width
        let runningSumColumn = 2 * layout.runningSumColumn
        var quotient = [GoldilocksExtension](repeating: .zero, count: domainSize)

        let preprocessedWidth = preprocessedLDE?.width ?? 0
        traceLDE.values.withUnsafeBufferPointer { traceValues in
            (preprocessedLDE?.values ?? []).withUnsafeBufferPointer { preprocessedValues in
                (logUpLDE?.values ?? []).withUnsafeBufferPointer { logUpValues in
                    publicValues.withUnsafeBufferPointer { publicValues in
                        quotient.withUnsafeMutableBufferPointer { quotient in
                            parallelFor(0..<domainSize, minimumChunk: 1024) { rows in
                                let block = Self.blockRows
                                var scratch = ProgramScratch(registerCount: program.registerCount, blockRows: block)
                                defer { scratch.deallocate() }
                                var denominators = [Goldilocks](repeating: .one, count: 2 * block)
                                var accumulator0 = [Goldilocks](repeating: .zero, count: block)
                                var accumulator1 = [Goldilocks](repeating: .zero, count: block)
                                var fingerprints = [GoldilocksExtension](repeating: .one, count: max(1, interactionCount))
                                for start in stride(from: rows.lowerBound, to: rows.upperBound, by: block) {
                                    let count = min(block, rows.upperBound - start)
                                    // Rows, next rows (x·ω_n is two steps on H_{2n}) and selectors.
                                    for i in 0..<count {
                                        let row = start + i
                                        let exponent = reverseBits(row, bits: logDomainSize)
                                        scratch.currentRows[i] = row
                                        scratch.nextRows[i] = reverseBits((exponent + 2) & (domainSize - 1), bits: logDomainSize)
                                        let x = points[exponent]
                                        denominators[2 * i] = nElement * (x - .one)
                                        denominators[2 * i + 1] = nElement * (x - lastPoint)
                                    }
                                    batchInvert(&denominators)
                                    for i in 0..<count {
                                        let vanishing = vanishingValues[start + i < n ? 0 : 1]
                                        scratch.isFirstRow[i] = vanishing * denominators[2 * i]
                                        scratch.isLastRow[i] = vanishing * denominators[2 * i + 1] * lastPoint
                                        scratch.isTransition[i] = .one - scratch.isLastRow[i]
                                    }
                                    scratch.run(program, matrix: traceValues, width: traceLDE.width, preprocessed: preprocessedValues, preprocessedWidth: preprocessedWidth, publicValues: publicValues, count: count)
                                    // Σ_i α^i·C_i, column by column (α^i is an extension element, C_i base).
                                    for i in 0..<count {
                                        accumulator0[i] = .zero
                                        accumulator1[i] = .zero
                                    }
                                    for c in 0..<constraintCount {
                                        let alpha = alphaPowers[c]
                                        let values = scratch.registers + program.outputs[c] * block
                                        for i in 0..<count {
                                            accumulator0[i] += alpha.c0 * values[i]
                                            accumulator1[i] += alpha.c1 * values[i]
                                        }
                                    }
                                    // LogUp constraints, row by row, then the division by Z_H.
                                    for i in 0..<count {
                                        let row = start + i
                                        var sum = GoldilocksExtension(accumulator0[i], accumulator1[i])
                                        if !layout.isEmpty {
                                            for k in 0..<interactionCount {
                                                let firstValue = valueOutputs[k]
                                                fingerprints[k] = challenges.fingerprint(
                                                    busID: layout.busIDs[k], arity: layout.arities[k],
                                                    baseValue: { scratch.output(program, firstValue + $0, row: i) })
                                            }
                                            let rowBase = row * logUpWidth
                                            let nextBase = scratch.nextRows[i] * logUpWidth
                                            var next = constraintCount
                                            fingerprints.withUnsafeBufferPointer { fingerprints in
                                                layout.evaluateConstraints(
                                                    fingerprints: fingerprints,
                                                    multiplicity: { GoldilocksExtension(scratch.output(program, multiplicityOutputs[$0], row: i)) },
                                                    helper: { GoldilocksExtension(logUpValues[rowBase + 2 * $0], logUpValues[rowBase + 2 * $0 + 1]) },
                                                    runningSum: GoldilocksExtension(logUpValues[rowBase + runningSumColumn], logUpValues[rowBase + runningSumColumn + 1]),
                                                    nextRunningSum: GoldilocksExtension(logUpValues[nextBase + runningSumColumn], logUpValues[nextBase + runningSumColumn + 1]),
                                                    total: total,
                                                    isFirstRow: GoldilocksExtension(scratch.isFirstRow[i]), isLastRow: GoldilocksExtension(scratch.isLastRow[i]),
                                                    isTransition: GoldilocksExtension(scratch.isTransition[i]),
                                                    emit: { value in
                                                        sum += alphaPowers[next] * value
                                                        next += 1
                                                    })
                                            }
                                        }
                                        quotient[row] = sum * vanishingInverses[row < n ? 0 : 1]
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return Self.split(quotient, logHeight: logHeight, chunkCount: machine.quotientChunkCount(ofTable: table))
    }

    /// Interpolates Q from its bit-reversed values on g·H_{2n}, cuts its coefficients into
    /// `chunkCount` pieces of n and evaluates each piece over H_n.
    static func split(_ values: [GoldilocksExtension], logHeight: Int, chunkCount: Int) -> RowMajorMatrix<Goldilocks> {
        let n = 1 << logHeight
        var coefficients = values
        NTT.inverse(&coefficients, shift: .multiplicativeGenerator, inputOrder: .bitReversed, outputOrder: .natural)
        var output = [Goldilocks](repeating: .zero, count: n * 2 * chunkCount)
        for k in 0..<chunkCount {
            var chunk = Array(coefficients[(k * n)..<((k + 1) * n)])
            NTT.forward(&chunk)
            for row in 0..<n {
                output[row * 2 * chunkCount + 2 * k] = chunk[row].c0
                output[row * 2 * chunkCount + 2 * k + 1] = chunk[row].c1
            }
        }
        return RowMajorMatrix(values: output, width: 2 * chunkCount)
    }
}
