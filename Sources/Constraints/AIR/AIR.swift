import Field

/// The arithmetisation of one table: its columns and the constraints between a row and the next,
/// written once in `eval` and interpreted by every `AIRBuilder` (symbolic analysis, the trace
/// checker, the prover's quotient evaluation, the verifier at ζ).
///
/// Constraint degree is at most 3 (the symbolic builder refuses more).
public protocol AIR: Sendable {
    /// A short name for diagnostics and proofs.
    var name: String { get }
    /// Number of trace columns.
    var width: Int { get }
    /// Number of public values the constraints may read: the first `publicValueCount` of the
    /// machine's public values (one vector, the claim, shared by all tables).
    var publicValueCount: Int { get }
    /// Number of preprocessed columns: fixed data the verifier knows (a byte table, a program),
    /// committed once in the verifying key, read with `AIRBuilder.preprocessed(_:)`. 0 by default.
    var preprocessedWidth: Int { get }
    /// The preprocessed trace (`preprocessedWidth` columns, a power-of-two height that fixes the
    /// table's height), or nil when `preprocessedWidth` is 0.
    func preprocessedTrace() -> RowMajorMatrix<Goldilocks>?
    /// States every constraint through `builder`.
    func eval<Builder: AIRBuilder>(_ builder: inout Builder)
}

extension AIR {
    public var preprocessedWidth: Int { 0 }
    public func preprocessedTrace() -> RowMajorMatrix<Goldilocks>? { nil }
}

/// The algebra constraint expressions live in: a commutative ring containing the base field.
public protocol AIRExpression {
    init(_ constant: Goldilocks)
    static func + (lhs: Self, rhs: Self) -> Self
    static func - (lhs: Self, rhs: Self) -> Self
    static func * (lhs: Self, rhs: Self) -> Self
    static prefix func - (operand: Self) -> Self
}

extension AIRExpression {
    public static func + (lhs: Self, rhs: Goldilocks) -> Self { lhs + Self(rhs) }
    public static func - (lhs: Self, rhs: Goldilocks) -> Self { lhs - Self(rhs) }
    public static func * (lhs: Self, rhs: Goldilocks) -> Self { lhs * Self(rhs) }
    public static func + (lhs: Goldilocks, rhs: Self) -> Self { Self(lhs) + rhs }
    public static func - (lhs: Goldilocks, rhs: Self) -> Self { Self(lhs) - rhs }
    public static func * (lhs: Goldilocks, rhs: Self) -> Self { Self(lhs) * rhs }
}

/// What `AIR.eval` sees: the current and next row, the public values, row selectors, and ways
/// to state constraints. A builder applies the active conditions (`when…`) to every constraint.
public protocol AIRBuilder {
    associatedtype Expression: AIRExpression

    /// The value of `column` in the current row.
    func current(_ column: Column) -> Expression
    /// The value of `column` in the next row (the first row after the last: traces wrap).
    func next(_ column: Column) -> Expression
    /// The value of preprocessed column `column` (allocated apart from the main columns) in the
    /// current row.
    func preprocessed(_ column: Column) -> Expression
    /// The value of preprocessed column `column` in the next row.
    func preprocessedNext(_ column: Column) -> Expression
    /// Public value `index` (0..<publicValueCount).
    func publicValue(_ index: Int) -> Expression
    /// 1 on the first row, 0 elsewhere.
    var isFirstRow: Expression { get }
    /// 1 on the last row, 0 elsewhere.
    var isLastRow: Expression { get }
    /// 1 on every row but the last, 0 there.
    var isTransition: Expression { get }

    /// The conditions in force (innermost last); `assertZero` multiplies them in.
    var conditions: [Expression] { get set }

    /// Records the constraint `expression = 0` (conditions already applied) under `label`.
    mutating func constrain(_ expression: Expression, label: String)

    /// Records a bus interaction (conditions already applied to its multiplicity).
    mutating func record(_ interaction: Interaction<Expression>)
}

extension AIRBuilder {
    /// Asserts `expression = 0` on every row where the active conditions hold.
    public mutating func assertZero(_ expression: Expression, _ label: String) {
        constrain(conditions.reduce(expression) { $1 * $0 }, label: label)
    }

    public mutating func assertEqual(_ lhs: Expression, _ rhs: Expression, _ label: String) {
        assertZero(lhs - rhs, label)
    }

    /// Asserts `value ∈ {0, 1}`: value·(value − 1) = 0.
    public mutating func assertBool(_ value: Expression, _ label: String) {
        assertZero(value * (value - Expression(.one)), label)
    }

    /// Runs `body` with `condition` multiplied into every constraint it states.
    public mutating func when(_ condition: Expression, _ body: (inout Self) -> Void) {
        conditions.append(condition)
        body(&self)
        conditions.removeLast()
    }

    public mutating func whenFirstRow(_ body: (inout Self) -> Void) { when(isFirstRow, body) }
    public mutating func whenLastRow(_ body: (inout Self) -> Void) { when(isLastRow, body) }
    public mutating func whenTransition(_ body: (inout Self) -> Void) { when(isTransition, body) }
}
