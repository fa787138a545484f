/// A named channel between tables. A table `send`s tuples of `arity` values with a multiplicity;
/// another `receive`s them. LogUp turns every interaction into a running sum, and the verifier
/// checks that per bus the sums over all tables cancel: the multiset of sent tuples equals the
/// multiset of received tuples (counted with multiplicity).
///
/// Declare each bus once, next to its tables, with a short diagram and a "Soundness" note that
/// says what the sender and the receiver must each constrain (typically: the receiver constrains
/// the relation between the tuple's values; the sender constrains when it sends).
public struct Bus: Hashable, Sendable, CustomStringConvertible {
    public let name: String
    /// Number of values in every tuple on this bus.
    public let arity: Int

    public init(name: String, arity: Int) {
        precondition(arity > 0, "a bus carries at least one value")
        self.name = name
        self.arity = arity
    }

    public var description: String { name }
}

/// Whether a table adds tuples to a bus or takes them off.
public enum InteractionKind: Hashable, Sendable {
    case send
    case receive
}

/// One `send` or `receive` stated in `eval`: on every row, `multiplicity` copies of `values` go
/// onto (or come off) `bus`.
public struct Interaction<Expression> {
    public let bus: Bus
    public let kind: InteractionKind
    public let values: [Expression]
    public let multiplicity: Expression
    public let label: String
}

extension Interaction: Sendable where Expression: Sendable {}

extension AIRBuilder {
    /// Sends `values` on `bus`, `multiplicity` times per row (multiplied by the active conditions).
    public mutating func send(_ bus: Bus, _ values: [Expression], multiplicity: Expression, _ label: String) {
        interact(bus, .send, values, multiplicity: multiplicity, label)
    }

    /// Receives `values` from `bus`, `multiplicity` times per row (multiplied by the active
    /// conditions).
    public mutating func receive(_ bus: Bus, _ values: [Expression], multiplicity: Expression, _ label: String) {
        interact(bus, .receive, values, multiplicity: multiplicity, label)
    }

    private mutating func interact(_ bus: Bus, _ kind: InteractionKind, _ values: [Expression], multiplicity: Expression, _ label: String) {
        precondition(values.count == bus.arity, "bus \(bus.name) carries \(bus.arity) values, got \(values.count)")
        let multiplicity = conditions.reduce(multiplicity) { $1 * $0 }
        record(Interaction(bus: bus, kind: kind, values: values, multiplicity: multiplicity, label: label))
    }
}
