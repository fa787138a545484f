/// A named channel between tables. A table `send`s tuples of `arity` values with a multiplicity;
/// another `receive`s them. LogUp turns every interaction into a running sum, and the verifier
/// checks that per bus the sums over all tables cancel: the multiset of sent tuples equals the
/// multiset of received tuples (counted with multiplicity).
///
/// Declare each bus once, next to its tables, with a short diagram and a "Soundness" note that
/// says what the sender and the receiver must each constrain (typically: the receiver constrains
/// the relation between the tuple's values; the sender constrains when it sends).
///
/// **Multiplicities.** The argument only shows that the counts cancel per tuple, so a table that
/// may put any count on a row can cancel a bogus tuple against itself (+1 on one row, −1 on
/// another) and the bus still balances. Hence the convention, checked at setup
/// (`ConstraintError.unconstrainedMultiplicity`):
/// - in `send` and `receive`, the multiplicity is a constant or built from columns the table
///   constrains — a boolean selector (`assertBool`), or a range-checked count;
/// - a free count (any field element, typically a column the prover fills with how often each
///   row is used) is allowed only in `provide`: the receiving side of a lookup, whose every row
///   is a valid tuple by the table's own constraints, so a negative count can only cancel valid
///   tuples.
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

/// One `send`, `receive` or `provide` stated in `eval`: on every row, `multiplicity` copies of
/// `values` go onto (or come off) `bus`.
public struct Interaction<Expression> {
    public let bus: Bus
    public let kind: InteractionKind
    public let values: [Expression]
    public let multiplicity: Expression
    public let label: String
    /// Stated with `provide`: the multiplicity may be a free count (see `Bus`).
    public let isLookupTable: Bool
}

extension Interaction: Sendable where Expression: Sendable {}

extension AIRBuilder {
    /// Sends `values` on `bus`, `multiplicity` times per row (multiplied by the active conditions).
    /// The multiplicity must be a constant or constrained by this table (see `Bus`).
    public mutating func send(_ bus: Bus, _ values: [Expression], multiplicity: Expression, _ label: String) {
        interact(bus, .send, values, multiplicity: multiplicity, label, isLookupTable: false)
    }

    /// Receives `values` from `bus`, `multiplicity` times per row (multiplied by the active
    /// conditions). The multiplicity must be a constant or constrained by this table (see `Bus`).
    public mutating func receive(_ bus: Bus, _ values: [Expression], multiplicity: Expression, _ label: String) {
        interact(bus, .receive, values, multiplicity: multiplicity, label, isLookupTable: false)
    }

    /// The table side of a lookup: receives `values` from `bus` `count` times per row, where
    /// `count` may be any field element the prover chooses. Sound only because every row's
    /// `values` form a valid tuple by this table's own constraints (or fixed columns), so counts,
    /// negative ones included, can only cancel valid tuples; say why in the bus's note.
    public mutating func provide(_ bus: Bus, _ values: [Expression], count: Expression, _ label: String) {
        interact(bus, .receive, values, multiplicity: count, label, isLookupTable: true)
    }

    private mutating func interact(_ bus: Bus, _ kind: InteractionKind, _ values: [Expression], multiplicity: Expression, _ label: String, isLookupTable: Bool) {
        precondition(values.count == bus.arity, "bus \(bus.name) carries \(bus.arity) values, got \(values.count)")
        let multiplicity = conditions.reduce(multiplicity) { $1 * $0 }
        record(Interaction(bus: bus, kind: kind, values: values, multiplicity: multiplicity, label: label, isLookupTable: isLookupTable))
    }
}
