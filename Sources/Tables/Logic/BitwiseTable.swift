import Constraints
import Field

/// The `bitwise` bus: (x, y, x and y, x or y, x xor y) for bytes x, y.
///
///     logic ──(x, y, and, or, xor)──▶ BitwiseTable
///
/// Soundness: the 2^16 rows are fixed by the verifying key, so a received tuple has byte
/// operands and their exact results, whatever the counts (`provide`).
public let bitwiseBus = Bus(name: "bitwise", arity: 5)

/// The `byte-pair` bus: (x, y) for bytes x, y — two byte range checks in one lookup.
///
///     memory-instructions ──(x, y)──▶ BitwiseTable
///
/// Soundness: provided from the same fixed rows as `bitwiseBus` (their x and y columns), so a
/// received pair is two integers below 2^8.
public let bytePairBus = Bus(name: "byte-pair", arity: 2)

public struct BitwiseTable: AIR {
    /// Lookups of each row on `bitwiseBus` and on `bytePairBus`.
    public let count: Column, pairCount: Column
    /// Preprocessed: x, y, and, or, xor.
    public let fixed: [Column]
    public let width: Int
    public let preprocessedWidth: Int
    public var name: String { "bitwise" }
    public var publicValueCount: Int { 0 }

    public init() {
        var main = ColumnAllocator()
        count = main.column("count")
        pairCount = main.column("pairCount")
        width = main.width
        var allocator = ColumnAllocator()
        fixed = ["x", "y", "and", "or", "xor"].map { allocator.column($0) }
        preprocessedWidth = allocator.width
    }

    /// The row of bytes (x, y).
    public static func row(_ x: UInt32, _ y: UInt32) -> Int { Int(x << 8 | y) }

    public func preprocessedTrace() -> RowMajorMatrix<Goldilocks>? {
        var values = [Goldilocks]()
        values.reserveCapacity(5 << 16)
        for x in UInt32(0)..<256 {
            for y in UInt32(0)..<256 { values += [x, y, x & y, x | y, x ^ y].map { Goldilocks($0) } }
        }
        return RowMajorMatrix(values: values, width: 5)
    }

    public func eval<Builder: AIRBuilder>(_ builder: inout Builder) {
        builder.provide(bitwiseBus, fixed.map(builder.preprocessed), count: builder.current(count), "byte operation")
        builder.provide(bytePairBus, [builder.preprocessed(fixed[0]), builder.preprocessed(fixed[1])], count: builder.current(pairCount), "byte pair")
    }

    /// The main trace for the lookups per row (`row(_:_:)`) on each bus.
    public func trace(_ counts: [UInt32], pairs: [UInt32]) -> RowMajorMatrix<Goldilocks> {
        RowMajorMatrix(values: zip(counts, pairs).flatMap { [Goldilocks($0), Goldilocks($1)] }, width: 2)
    }
}
