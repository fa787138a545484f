import Constraints
import Field
import Foundation

/// Step 2 for one table: the LogUp helper columns and running sum over the trace (see
/// `LogUpLayout`), as base-field columns ready to commit, and the table's total.
struct LogUpTraceBuilder {
    let layout: LogUpLayout
    /// Roots: every interaction's values, then its multiplicity (see `outputIndex`).
    let program: ConstraintProgram
    /// Position in `program.outputs` of interaction k's first value / its multiplicity.
    let valueOutputs: [Int]
    let multiplicityOutputs: [Int]

    /// Rows evaluated together (fingerprints batch-inverted together).
    static let blockRows = 64

    init(layout: LogUpLayout) {
        self.layout = layout
        var roots = [SymbolicExpression]()
        (valueOutputs, multiplicityOutputs) = Self.appendInteractions(layout.interactions, to: &roots)
        program = ConstraintProgram(roots: roots)
    }

    /// Appends every interaction's values, then its multiplicity, to a program's `roots`;
    /// returns where interaction k's first value and its multiplicity are among the outputs.
    static func appendInteractions(_ interactions: [Interaction<SymbolicExpression>], to roots: inout [SymbolicExpression]) -> (values: [Int], multiplicities: [Int]) {
        var values = [Int]()
        var multiplicities = [Int]()
        for interaction in interactions {
            values.append(roots.count)
            roots += interaction.values
            multiplicities.append(roots.count)
            roots.append(interaction.multiplicity)
        }
        return (values, multiplicities)
    }

    /// The LogUp columns (trace height × `layout.width`) and the total T = Σ_rows Σ_g h_g.
    /// `preprocessed` is the table's preprocessed trace (same height), if it has one.
    func build(trace: RowMajorMatrix<Goldilocks>, preprocessed: RowMajorMatrix<Goldilocks>? = nil, publicValues: [Goldilocks], challenges: LogUpChallenges, table: String) throws(ProvingError) -> (columns: RowMajorMatrix<Goldilocks>, total: GoldilocksExtension) {
        let height = trace.height
        let width = layout.width
        let interactionCount = layout.interactions.count
        let helperCount = layout.helperCount
        var columns = RowMajorMatrix(repeating: Goldilocks.zero, width: width, height: height)
        // A row with a zero fingerprint, if a worker finds one (any such row will do).
        let badRowLock = NSLock()
        var badRow = -1
        // Helpers, in parallel over blocks of rows.
        let preprocessedWidth = preprocessed?.width ?? 0
        trace.values.withUnsafeBufferPointer { traceValues in
            (preprocessed?.values ?? []).withUnsafeBufferPointer { preprocessedValues in
                publicValues.withUnsafeBufferPointer { publicValues in
                    columns.values.withUnsafeMutableBufferPointer { output in
                        parallelFor(0..<height, minimumChunk: 1024) { rows in
                            let block = Self.blockRows
                            var scratch = ProgramScratch(registerCount: program.registerCount, blockRows: block)
                            defer { scratch.deallocate() }
                            var fingerprints = [GoldilocksExtension](repeating: .one, count: block * interactionCount)
                            for start in stride(from: rows.lowerBound, to: rows.upperBound, by: block) {
                                let count = min(block, rows.upperBound - start)
                                for i in 0..<count {
                                    let row = start + i
                                    scratch.currentRows[i] = row
                                    scratch.nextRows[i] = row + 1 == height ? 0 : row + 1
                                    scratch.isFirstRow[i] = row == 0 ? .one : .zero
                                    scratch.isLastRow[i] = row == height - 1 ? .one : .zero
                                    scratch.isTransition[i] = row == height - 1 ? .zero : .one
                                }
                                scratch.run(program, matrix: traceValues, width: trace.width, preprocessed: preprocessedValues, preprocessedWidth: preprocessedWidth, publicValues: publicValues, count: count)
                                // Fingerprints of every interaction on every row, then one batch inversion.
                                for i in 0..<count {
                                    for k in 0..<interactionCount {
                                        let first = valueOutputs[k]
                                        fingerprints[i * interactionCount + k] = challenges.fingerprint(
                                            busID: layout.busIDs[k], arity: layout.arities[k],
                                            baseValue: { scratch.output(program, first + $0, row: i) })
                                    }
                                }
                                if let zero = fingerprints[0..<(count * interactionCount)].firstIndex(where: \.isZero) {
                                    badRowLock.withLock { badRow = start + zero / interactionCount }
                                    return
                                }
                                batchInvert(&fingerprints)
                                for i in 0..<count {
                                    let rowBase = (start + i) * width
                                    for (g, group) in layout.groups.enumerated() {
                                        var helper = GoldilocksExtension.zero
                                        for k in group {
                                            let multiplicity = scratch.output(program, multiplicityOutputs[k], row: i)
                                            let term = fingerprints[i * interactionCount + k] * multiplicity
                                            helper = layout.receives[k] ? helper - term : helper + term
                                        }
                                        output[rowBase + 2 * g] = helper.c0
                                        output[rowBase + 2 * g + 1] = helper.c1
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        if badRow >= 0 { throw .fingerprintZero(table: table, row: badRow) }
        // The running sum, exclusive of the current row.
        var total = GoldilocksExtension.zero
        columns.values.withUnsafeMutableBufferPointer { output in
            let sumColumn = 2 * helperCount
            for row in 0..<height {
                let rowBase = row * width
                output[rowBase + sumColumn] = total.c0
                output[rowBase + sumColumn + 1] = total.c1
                for g in 0..<helperCount {
                    total += GoldilocksExtension(output[rowBase + 2 * g], output[rowBase + 2 * g + 1])
                }
            }
        }
        return (columns, total)
    }
}
