import Field

/// One constraint of an AIR as a symbolic expression (conditions already multiplied in).
public struct SymbolicConstraint: Sendable {
    public let label: String
    public let expression: SymbolicExpression
    public var degree: Int { expression.degree }
}

/// Runs `eval` symbolically: collects every constraint as a DAG, with its degree.
public struct SymbolicBuilder: AIRBuilder {
    public typealias Expression = SymbolicExpression

    public let publicValueCount: Int
    public var conditions: [SymbolicExpression] = []
    public private(set) var constraints: [SymbolicConstraint] = []
    public private(set) var interactions: [Interaction<SymbolicExpression>] = []

    public init(publicValueCount: Int) {
        self.publicValueCount = publicValueCount
    }

    public func current(_ column: Column) -> SymbolicExpression { SymbolicExpression(.current(column)) }
    public func next(_ column: Column) -> SymbolicExpression { SymbolicExpression(.next(column)) }
    public func preprocessed(_ column: Column) -> SymbolicExpression { SymbolicExpression(.preprocessed(column)) }
    public func preprocessedNext(_ column: Column) -> SymbolicExpression { SymbolicExpression(.preprocessedNext(column)) }

    public func publicValue(_ index: Int) -> SymbolicExpression {
        precondition((0..<publicValueCount).contains(index), "public value \(index) outside 0..<\(publicValueCount)")
        return SymbolicExpression(.publicValue(index))
    }

    public var isFirstRow: SymbolicExpression { SymbolicExpression(.isFirstRow) }
    public var isLastRow: SymbolicExpression { SymbolicExpression(.isLastRow) }
    public var isTransition: SymbolicExpression { SymbolicExpression(.isTransition) }

    public mutating func constrain(_ expression: SymbolicExpression, label: String) {
        constraints.append(SymbolicConstraint(label: label, expression: expression))
    }

    public mutating func record(_ interaction: Interaction<SymbolicExpression>) {
        interactions.append(interaction)
    }
}

/// Why an AIR was refused at setup.
public enum ConstraintError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A constraint's degree exceeds what the prover supports.
    case degreeTooHigh(table: String, label: String, degree: Int, maximum: Int)
    /// A constraint reads a column outside the table's width.
    case columnOutOfRange(table: String, label: String, column: String, width: Int)
    /// A machine without tables.
    case emptyMachine
    /// Two tables of one machine share a name.
    case duplicateTableName(String)
    /// One bus name is used with different arities.
    case busArityConflict(bus: String, arities: [Int])
    /// The multiplicity of interaction `label` reads `column`, which no constraint of the table
    /// touches: the prover could put any count there, −1 included, and cancel a bogus tuple.
    /// Constrain it (a boolean, a range check), or use `provide` for a lookup table's free count.
    case unconstrainedMultiplicity(table: String, label: String, column: String)
    /// The table's preprocessed trace does not have its declared width, a power-of-two height,
    /// or the height of the trace it is checked with.
    case preprocessedTraceShape(table: String, problem: String)

    public var description: String {
        switch self {
        case let .degreeTooHigh(table, label, degree, maximum):
            "\(table): constraint '\(label)' has degree \(degree); at most \(maximum) is supported"
        case let .columnOutOfRange(table, label, column, width):
            "\(table): constraint '\(label)' reads column \(column) outside the width \(width)"
        case .emptyMachine: "a machine needs at least one table"
        case let .duplicateTableName(name): "two tables are named '\(name)'"
        case let .busArityConflict(bus, arities): "bus '\(bus)' is used with arities \(arities.map(String.init).joined(separator: " and "))"
        case let .unconstrainedMultiplicity(table, label, column):
            "\(table): the multiplicity of '\(label)' reads column \(column), which no constraint touches (constrain it, e.g. as a bit, or state a lookup table's free count with provide)"
        case let .preprocessedTraceShape(table, problem): "\(table): preprocessed trace \(problem)"
        }
    }
}

extension AIR {
    /// `preprocessedTrace()`, checked against `preprocessedWidth` (and `height`, if given).
    public func checkedPreprocessedTrace(height: Int? = nil) throws(ConstraintError) -> RowMajorMatrix<Goldilocks>? {
        guard let trace = preprocessedTrace() else {
            guard preprocessedWidth == 0 else { throw .preprocessedTraceShape(table: name, problem: "missing (preprocessedWidth is \(preprocessedWidth))") }
            return nil
        }
        guard trace.width == preprocessedWidth, preprocessedWidth > 0 else {
            throw .preprocessedTraceShape(table: name, problem: "has \(trace.width) columns, preprocessedWidth is \(preprocessedWidth)")
        }
        guard trace.height >= 1, trace.height & (trace.height - 1) == 0 else {
            throw .preprocessedTraceShape(table: name, problem: "height \(trace.height) is not a power of two")
        }
        if let height, height != trace.height {
            throw .preprocessedTraceShape(table: name, problem: "has \(trace.height) rows, the trace \(height)")
        }
        return trace
    }
}

/// The symbolic view of an AIR: its constraints, their count and the maximum degree.
public struct SymbolicAIR: Sendable {
    /// DESIGN.md §4: constraint degree ≤ 3.
    public static let maximumDegree = 3

    public let name: String
    public let width: Int
    public let preprocessedWidth: Int
    public let constraints: [SymbolicConstraint]
    /// Every send and receive, in `eval` order.
    public let interactions: [Interaction<SymbolicExpression>]

    /// Runs `air.eval` symbolically and checks every constraint's degree and columns.
    public init<A: AIR>(_ air: A) throws(ConstraintError) {
        var builder = SymbolicBuilder(publicValueCount: air.publicValueCount)
        air.eval(&builder)
        for interaction in builder.interactions {
            // LogUp adds one to the degree of a multiplicity (it is divided by a fingerprint).
            let degree = ([interaction.multiplicity] + interaction.values).map(\.degree).max() ?? 0
            guard degree < Self.maximumDegree else {
                throw .degreeTooHigh(table: air.name, label: interaction.label, degree: degree + 1, maximum: Self.maximumDegree)
            }
            for expression in [interaction.multiplicity] + interaction.values {
                for column in expression.columns where !(0..<air.width).contains(column.index) {
                    throw .columnOutOfRange(table: air.name, label: interaction.label, column: column.name, width: air.width)
                }
                for column in expression.preprocessedColumns where !(0..<air.preprocessedWidth).contains(column.index) {
                    throw .columnOutOfRange(table: air.name, label: interaction.label, column: "fixed.\(column.name)", width: air.preprocessedWidth)
                }
            }
        }
        var constrainedColumns = Set<Int>()
        for constraint in builder.constraints {
            guard constraint.degree <= Self.maximumDegree else {
                throw .degreeTooHigh(table: air.name, label: constraint.label, degree: constraint.degree, maximum: Self.maximumDegree)
            }
            for column in constraint.expression.columns {
                guard (0..<air.width).contains(column.index) else {
                    throw .columnOutOfRange(table: air.name, label: constraint.label, column: column.name, width: air.width)
                }
                constrainedColumns.insert(column.index)
            }
            for column in constraint.expression.preprocessedColumns where !(0..<air.preprocessedWidth).contains(column.index) {
                throw .columnOutOfRange(table: air.name, label: constraint.label, column: "fixed.\(column.name)", width: air.preprocessedWidth)
            }
        }
        // The multiplicity convention (see `Bus`): outside `provide`, every column a
        // multiplicity reads is touched by some constraint.
        for interaction in builder.interactions where !interaction.isLookupTable {
            if let free = interaction.multiplicity.columns.first(where: { !constrainedColumns.contains($0.index) }) {
                throw .unconstrainedMultiplicity(table: air.name, label: interaction.label, column: free.name)
            }
        }
        name = air.name
        width = air.width
        preprocessedWidth = air.preprocessedWidth
        constraints = builder.constraints
        interactions = builder.interactions
    }

    public var constraintCount: Int { constraints.count }

    /// Whether any constraint or interaction reads the next row (if none does, the trace is
    /// opened at ζ only).
    public var readsNextRow: Bool { expressions.contains(where: \.readsNextRow) }

    /// Whether any constraint or interaction reads the next row of the preprocessed trace.
    public var readsNextPreprocessedRow: Bool { expressions.contains(where: \.readsNextPreprocessedRow) }

    /// Every constraint, multiplicity and interaction value.
    private var expressions: [SymbolicExpression] {
        constraints.map(\.expression) + interactions.flatMap { [$0.multiplicity] + $0.values }
    }
    public var maximumConstraintDegree: Int { constraints.map(\.degree).max() ?? 0 }
}
