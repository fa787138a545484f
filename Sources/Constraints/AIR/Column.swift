import Field

/// A trace column: its position in the row and a name for diagnostics. Columns come from a
/// `ColumnAllocator`, so a table's width is computed, never counted by hand.
public struct Column: Hashable, Sendable, CustomStringConvertible {
    public let index: Int
    public let name: String

    public var description: String { name }
}

/// Hands out consecutive columns; `width` is how many were allocated.
public struct ColumnAllocator: Sendable {
    public private(set) var columns: [Column] = []

    public init() {}

    public var width: Int { columns.count }

    /// One new column.
    public mutating func column(_ name: String) -> Column {
        let column = Column(index: columns.count, name: name)
        columns.append(column)
        return column
    }

    /// `count` new columns named `name[0]`, `name[1]`, …
    public mutating func columns(_ name: String, count: Int) -> [Column] {
        (0..<count).map { column("\(name)[\($0)]") }
    }
}

extension RowMajorMatrix {
    /// The cell of `column` in `row`. Trace generation writes through the same `Column` values
    /// that `eval` reads, so a table's layout lives in one place (its column struct).
    public subscript(row: Int, column: Column) -> Element {
        get { self[row, column.index] }
        set { self[row, column.index] = newValue }
    }

    /// The cells of `columns` in `row`, in order.
    public subscript(row: Int, columns: [Column]) -> [Element] {
        get { columns.map { self[row, $0.index] } }
        set {
            precondition(newValue.count == columns.count, "\(newValue.count) values for \(columns.count) columns")
            for (column, value) in zip(columns, newValue) { self[row, column.index] = value }
        }
    }
}
