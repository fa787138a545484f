/// A dense matrix stored row by row: the shape of traces, LDEs and Merkle leaves (one row = one
/// leaf). Columns are polynomials; rows are points of the evaluation domain.
public struct RowMajorMatrix<Element>: Sendable where Element: Sendable {
    /// The entries, row after row; `values.count == width * height`.
    public var values: [Element]
    /// Number of columns; at least 1.
    public let width: Int

    @inlinable
    public init(values: [Element], width: Int) {
        precondition(width > 0, "a matrix has at least one column")
        precondition(values.count % width == 0, "\(values.count) values do not fill rows of width \(width)")
        self.values = values
        self.width = width
    }

    @inlinable
    public init(repeating value: Element, width: Int, height: Int) {
        self.init(values: [Element](repeating: value, count: width * height), width: width)
    }

    /// A matrix whose j-th column is `columns[j]`; all columns have the same length.
    @inlinable
    public init(columns: [[Element]]) {
        precondition(!columns.isEmpty, "a matrix has at least one column")
        let height = columns[0].count
        precondition(columns.allSatisfy { $0.count == height }, "columns differ in length")
        var values = [Element]()
        values.reserveCapacity(height * columns.count)
        for row in 0..<height {
            for column in columns { values.append(column[row]) }
        }
        self.init(values: values, width: columns.count)
    }

    @inlinable public var height: Int { values.count / width }

    @inlinable
    public subscript(row: Int, column: Int) -> Element {
        get { values[row * width + column] }
        set { values[row * width + column] = newValue }
    }

    /// Row `index` as a slice of `values`.
    @inlinable
    public func row(_ index: Int) -> ArraySlice<Element> {
        values[index * width..<(index + 1) * width]
    }

    /// All rows, top to bottom.
    public var rows: [ArraySlice<Element>] { (0..<height).map(row) }

    /// Column `index`, copied out.
    @inlinable
    public func column(_ index: Int) -> [Element] {
        precondition((0..<width).contains(index), "column \(index) out of 0..<\(width)")
        return stride(from: index, to: values.count, by: width).map { values[$0] }
    }

    /// All columns, each copied out.
    public var columns: [[Element]] { (0..<width).map(column) }

    /// The transpose (columns become rows).
    public func transposed() -> RowMajorMatrix {
        let height = self.height
        precondition(height > 0, "cannot transpose an empty matrix")
        var result = [Element]()
        result.reserveCapacity(values.count)
        for column in 0..<width {
            for row in 0..<height { result.append(values[row * width + column]) }
        }
        return RowMajorMatrix(values: result, width: height)
    }

    /// The same rows in bit-reversed order. Precondition: the height is a power of two.
    public func bitReversedRows() -> RowMajorMatrix {
        let height = self.height
        let bits = height.exactLog2
        var result = [Element]()
        result.reserveCapacity(values.count)
        for row in 0..<height {
            result.append(contentsOf: self.row(reverseBits(row, bits: bits)))
        }
        return RowMajorMatrix(values: result, width: width)
    }
}

extension RowMajorMatrix: Equatable where Element: Equatable {}
