import Constraints
import Field

/// A word's sign bit and the rest below it: value = 2^31·sign + low + 2^16·high, with low < 2^16
/// and high < 2^15 as integers (range16 lookups of low, high and 2·high: the first two make the
/// limbs integers, the third bounds high). The sign is then the word's top bit, and
/// value − 2^32·sign its signed value.
public struct SignSplitColumns: Sendable {
    public let sign: Column, low: Column, high: Column

    public init(_ name: String, allocator: inout ColumnAllocator) {
        sign = allocator.column("\(name).sign")
        low = allocator.column("\(name).rest.low")
        high = allocator.column("\(name).rest.high")
    }

    /// States the split of `value` when `enabled` (a constrained boolean, or a sum of exclusive
    /// flags); the sign is a bit on every row. Returns the sign.
    @discardableResult
    public func eval<Builder: AIRBuilder>(_ builder: inout Builder, value: Builder.Expression, enabled: Builder.Expression,
                                          _ label: String) -> Builder.Expression {
        let sign = builder.current(self.sign), low = builder.current(self.low), high = builder.current(self.high)
        builder.assertBool(sign, "\(label): sign is a bit")
        builder.when(enabled) { $0.assertEqual(value, sign * Goldilocks(1 << 31) + low + high * Goldilocks(1 << 16), "\(label) = 2^31·sign + rest") }
        builder.send(range16Bus, [low], multiplicity: enabled, "\(label): rest low < 2^16")
        builder.send(range16Bus, [high], multiplicity: enabled, "\(label): rest high < 2^16")
        builder.send(range16Bus, [high * Goldilocks(2)], multiplicity: enabled, "\(label): rest high < 2^15")
        return sign
    }

    /// Fills the split of `value` in `row` and counts its lookups.
    public func fill(_ trace: inout RowMajorMatrix<Goldilocks>, row: Int, value: UInt32, ranges: inout RangeCounts) {
        let rest = value & 0x7fff_ffff
        trace[row, sign] = Goldilocks(value >> 31)
        trace[row, low] = Goldilocks(rest & 0xffff)
        trace[row, high] = Goldilocks(rest >> 16)
        for limb in [rest & 0xffff, rest >> 16, (rest >> 16) << 1] { ranges.add(limb) }
    }
}
