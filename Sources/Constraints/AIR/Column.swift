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
