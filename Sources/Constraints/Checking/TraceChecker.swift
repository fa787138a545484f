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
/// its row, label and the values of the columns it reads. A debugging tool: it evaluates the
/// symbolic constraints row by row, not fast.
public enum TraceChecker {
    /// `publicValues`: the machine's (at least the AIR's `publicValueCount`). Precondition: the
    /// trace width equals the AIR's and its height is positive.
    public static func check<A: AIR>(_ air: A, trace: RowMajorMatrix<Goldilocks>, publicValues: [Goldilocks]) throws(ConstraintError) -> [ConstraintFailure] {
        precondition(trace.width == air.width, "trace width \(trace.width) ≠ \(air.name) width \(air.width)")
        precondition(publicValues.count >= air.publicValueCount, "\(publicValues.count) public values, \(air.name) reads \(air.publicValueCount)")
        let symbolic = try SymbolicAIR(air)
        let height = trace.height
        let preprocessed = try air.checkedPreprocessedTrace(height: height)
        var failures = [ConstraintFailure]()
        for row in 0..<height {
            let nextRow = (row + 1) % height
            let window = RowWindow(trace: trace, preprocessed: preprocessed, publicValues: publicValues, row: row)
            for constraint in symbolic.constraints {
                let result = window.evaluate(constraint.expression)
                guard !result.isZero else { continue }
                failures.append(ConstraintFailure(
                    table: air.name, row: row, label: constraint.label, value: result,
                    columns: constraint.expression.columns.map {
                        .init(column: $0, current: trace[row, $0.index], next: trace[nextRow, $0.index])
                    }
                ))
            }
        }
        return failures
    }
}
