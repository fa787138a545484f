import Field

/// A constraint that does not hold on a row of a concrete trace.
public struct ConstraintFailure: Equatable, Sendable, CustomStringConvertible {
    public let table: String
    public let row: Int
    public let label: String
    /// The constraint's value (nonzero).
    public let value: Goldilocks
    /// The columns the constraint reads, with their values in this row and the next.
    public let columns: [ColumnValues]

    public struct ColumnValues: Equatable, Sendable {
        public let column: Column
        public let current: Goldilocks
        public let next: Goldilocks
    }

    public var description: String {
        let values = columns.map { "\($0.column.name)=\($0.current) (next \($0.next))" }.joined(separator: ", ")
        return "\(table) row \(row): '\(label)' = \(value) ≠ 0 [\(values)]"
    }
}

/// Checks every constraint of an AIR on every row of a real trace and reports each failure with
/// its row, label and the values of the columns it reads: the prover's self-check and the tests'.
/// The constraints run compiled (`ConstraintProgram`), a block of rows at a time.
public enum TraceChecker {
    /// `publicValues`: the machine's (at least the AIR's `publicValueCount`). Precondition: the
    /// trace width equals the AIR's and its height is positive.
    /// `preprocessed`: the table's preprocessed trace, if the caller has it (else it is built).
    public static func check<A: AIR>(_ air: A, trace: RowMajorMatrix<Goldilocks>, publicValues: [Goldilocks],
                                     preprocessed: RowMajorMatrix<Goldilocks>? = nil) throws(ConstraintError) -> [ConstraintFailure] {
        precondition(trace.width == air.width, "trace width \(trace.width) ≠ \(air.name) width \(air.width)")
        precondition(publicValues.count >= air.publicValueCount, "\(publicValues.count) public values, \(air.name) reads \(air.publicValueCount)")
        let symbolic = try SymbolicAIR(air)
        let height = trace.height
        let preprocessed = if let preprocessed { preprocessed } else { try air.checkedPreprocessedTrace(height: height) }
        var failures = [ConstraintFailure]()
        // Every constraint compiled once and run over blocks of rows; a failing one is described
        // from the symbolic expression.
        let program = ConstraintProgram(roots: symbolic.constraints.map(\.expression))
        evaluateRows(of: program, trace: trace, preprocessed: preprocessed, publicValues: publicValues) { start, count, scratch in
            for i in 0..<count {
                for (k, constraint) in symbolic.constraints.enumerated() {
                    let result = scratch.output(program, k, row: i)
                    guard !result.isZero else { continue }
                    let row = start + i, nextRow = (row + 1) % height
                    failures.append(ConstraintFailure(
                        table: air.name, row: row, label: constraint.label, value: result,
                        columns: constraint.expression.columns.map {
                            .init(column: $0, current: trace[row, $0.index], next: trace[nextRow, $0.index])
                        }
                    ))
                }
            }
        }
        return failures
    }
}
