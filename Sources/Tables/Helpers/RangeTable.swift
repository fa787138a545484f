import Constraints
import Field

/// The `range16` bus: values in 0 ..< 2^16.
///
///     any table ──(value)──▶ RangeTable
///
/// Soundness: the table's rows are the preprocessed values 0 … 2^16 − 1 (fixed by the verifying
/// key), so only those can be received, whatever the counts (`provide`). A sender constrains
/// when it sends (a boolean or constant multiplicity) and what. A sent value is proven to be an
/// integer below 2^16 — nothing more: to bound a narrower limb x by 2^k a sender may send
/// x·2^(16−k), which proves only that the *product* is below 2^16 (a field element x outside
/// 0 ..< 2^k can have such a product), so x must be used only through multiples of 2^(16−k) —
/// e.g. a high limb recomposed as 2^16·x = 2^k·(x·2^(16−k)), which is then below 2^(16+k).
public let range16Bus = Bus(name: "range16", arity: 1)

/// The 2^16 values of `range16Bus`, and how often each was looked up.
public struct RangeTable: AIR {
    public static let bits = 16
    /// Main column: the count of lookups of this row's value.
    public let count: Column
    /// Preprocessed column: the row index, 0 … 2^16 − 1.
    public let value: Column
    public let width: Int
    public let preprocessedWidth: Int
    public var name: String { "range16" }
    public var publicValueCount: Int { 0 }

    public init() {
        var main = ColumnAllocator()
        count = main.column("count")
        width = main.width
        var fixed = ColumnAllocator()
        value = fixed.column("value")
        preprocessedWidth = fixed.width
    }

    public func preprocessedTrace() -> RowMajorMatrix<Goldilocks>? {
        RowMajorMatrix(values: (0..<(1 << Self.bits)).map { Goldilocks($0) }, width: 1)
    }

    public func eval<Builder: AIRBuilder>(_ builder: inout Builder) {
        builder.provide(range16Bus, [builder.preprocessed(value)], count: builder.current(count), "value < 2^16")
    }

    /// The main trace for the lookups counted in `counts`.
    public func trace(_ counts: RangeCounts) -> RowMajorMatrix<Goldilocks> {
        RowMajorMatrix(values: counts.counts.map { Goldilocks($0) }, width: 1)
    }
}

/// How often each 16-bit value is looked up: trace generators of the senders add to it, the
/// range table's trace is made from it.
public struct RangeCounts: Sendable {
    public var counts: [UInt32]

    public init() { counts = [UInt32](repeating: 0, count: 1 << RangeTable.bits) }

    /// Records one lookup of `value` (precondition: `value` < 2^16).
    public mutating func add(_ value: UInt32) {
        counts[Int(value)] &+= 1
    }

    /// Adds every count of `other` (trace generators fill their own and merge).
    public mutating func merge(_ other: RangeCounts) {
        for index in counts.indices { counts[index] &+= other.counts[index] }
    }
}
