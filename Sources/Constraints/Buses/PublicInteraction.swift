import Field

/// A send or receive the verifier makes itself: its tuple and count are part of the statement
/// (for example the words of a segment's start snapshot entering the memory bus), so no table
/// has to be trusted for them. Both sides bind the list in the transcript, and the verifier adds
/// its LogUp terms to the bus balance: the tables' totals plus these must cancel.
public struct PublicInteraction: Hashable, Sendable, CustomStringConvertible {
    public let bus: Bus
    public let kind: InteractionKind
    public let values: [Goldilocks]
    public let multiplicity: Goldilocks

    /// Precondition: `values` has the bus's arity.
    public init(_ kind: InteractionKind, _ bus: Bus, _ values: [Goldilocks], multiplicity: Goldilocks = .one) {
        precondition(values.count == bus.arity, "bus \(bus.name) carries \(bus.arity) values, got \(values.count)")
        self.bus = bus
        self.kind = kind
        self.values = values
        self.multiplicity = multiplicity
    }

    public var description: String {
        "public \(kind == .send ? "send" : "receive") of (\(values.map(\.description).joined(separator: ", "))) ×\(multiplicity) on \(bus.name)"
    }
}
