import Field

/// The values `eval` sees on one row of a concrete trace: the row, the next one (wrapping), the
/// public values and the row selectors. Shared by the checkers.
struct RowWindow {
    let trace: RowMajorMatrix<Goldilocks>
    /// The table's preprocessed trace (same height), if it has one.
    let preprocessed: RowMajorMatrix<Goldilocks>?
    let publicValues: [Goldilocks]
    let row: Int

    func value(of variable: SymbolicVariable) -> Goldilocks {
        let height = trace.height
        switch variable {
        case let .current(column): return trace[row, column.index]
        case let .next(column): return trace[(row + 1) % height, column.index]
        case let .preprocessed(column): return preprocessed![row, column.index]
        case let .preprocessedNext(column): return preprocessed![(row + 1) % height, column.index]
        case let .publicValue(index): return publicValues[index]
        case .isFirstRow: return row == 0 ? .one : .zero
        case .isLastRow: return row == height - 1 ? .one : .zero
        case .isTransition: return row == height - 1 ? .zero : .one
        }
    }

    func evaluate(_ expression: SymbolicExpression) -> Goldilocks {
        expression.evaluate(value(of:))
    }
}
