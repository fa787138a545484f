import Constraints
import Field

/// The columns and constraints of one memory access, beside its address, timestamp and value
/// (which the using table has anyway): the tuple it replaces and the proof that it is older.
///
/// Constraint (when `enabled`): t − t′ − 1 = low + 2^16·high, with `low` and `high`·2^8 looked up
/// on `range16Bus`, so t − t′ − 1 = low + 2^8·(high·2^8) ∈ [0, 2^24 + 2^16): t′ < t for every
/// timestamp up to 2^24 (segments of up to 2^21 cycles at eight slots each; `code` reads at
/// 8·cycles).
public struct MemoryAccessColumns: Sendable {
    public enum Kind: Sendable {
        /// The value is unchanged: the access receives (a, t′, v) and sends (a, t, v).
        case read
        /// The access receives (a, t′, previous) and sends (a, t, v).
        case write
    }

    public let kind: Kind
    /// `memoryBus` or `registersBus`.
    public let bus: Bus
    public let previousTimestamp: Column
    /// The replaced value (writes only).
    public let previousValue: Column?
    public let differenceLow: Column
    public let differenceHigh: Column

    public init(_ kind: Kind, _ name: String, on bus: Bus = memoryBus, allocator: inout ColumnAllocator) {
        self.kind = kind
        self.bus = bus
        previousTimestamp = allocator.column("\(name).previousTimestamp")
        previousValue = kind == .write ? allocator.column("\(name).previousValue") : nil
        differenceLow = allocator.column("\(name).differenceLow")
        differenceHigh = allocator.column("\(name).differenceHigh")
    }

    /// States the access. `enabled` must be a constrained boolean (or constant) of the using
    /// table; the timestamp must be unique to this access and positive (see `memoryBus`).
    /// `stores`: on `memoryBus`, the word's store count before and after the access (the
    /// tuples' fourth element).
    public func eval<Builder: AIRBuilder>(
        _ builder: inout Builder, address: Builder.Expression, timestamp: Builder.Expression,
        value: Builder.Expression, stores: (before: Builder.Expression, after: Builder.Expression)? = nil,
        enabled: Builder.Expression, _ label: String
    ) {
        precondition(bus.arity == (stores == nil ? 3 : 4), "\(label): \(bus.name) tuples have \(bus.arity) elements")
        let previousTimestamp = builder.current(self.previousTimestamp)
        let low = builder.current(differenceLow), high = builder.current(differenceHigh)
        builder.when(enabled) {
            $0.assertEqual(timestamp - previousTimestamp - Goldilocks.one, low + high * Goldilocks(1 << 16), "\(label): t′ < t")
        }
        builder.send(range16Bus, [low], multiplicity: enabled, "\(label): difference low")
        builder.send(range16Bus, [high * Goldilocks(1 << 8)], multiplicity: enabled, "\(label): difference high")
        let previous = previousValue.map { builder.current($0) } ?? value
        builder.receive(bus, [address, previousTimestamp, previous] + (stores.map { [$0.before] } ?? []), multiplicity: enabled, "\(label): previous")
        builder.send(bus, [address, timestamp, value] + (stores.map { [$0.after] } ?? []), multiplicity: enabled, "\(label): next")
    }

    /// Fills the access's columns in `row` for an access at `timestamp` replacing
    /// (`previousTimestamp`, `previousValue`), and counts its range lookups. Precondition:
    /// previousTimestamp < timestamp ≤ 2^24.
    public func fill(_ trace: inout RowMajorMatrix<Goldilocks>, row: Int, timestamp: UInt32, previousTimestamp: UInt32, previousValue: UInt32, ranges: inout RangeCounts) {
        precondition(previousTimestamp < timestamp && timestamp <= 1 << 24, "timestamps \(previousTimestamp) → \(timestamp)")
        let difference = timestamp - previousTimestamp - 1
        trace[row, self.previousTimestamp] = Goldilocks(previousTimestamp)
        if let column = self.previousValue { trace[row, column] = Goldilocks(previousValue) }
        trace[row, differenceLow] = Goldilocks(difference & 0xffff)
        trace[row, differenceHigh] = Goldilocks(difference >> 16)
        ranges.add(difference & 0xffff)
        ranges.add((difference >> 16) << 8)
    }
}
