import Field

/// A leaf of a symbolic constraint.
public enum SymbolicVariable: Hashable, Sendable, CustomStringConvertible {
    case current(Column)
    case next(Column)
    /// A column of the table's preprocessed (verifier-known, committed once) trace.
    case preprocessed(Column)
    case preprocessedNext(Column)
    case publicValue(Int)
    case isFirstRow
    case isLastRow
    case isTransition

    /// Degree in units of the trace degree n − 1: a column is a polynomial of degree < n, and so
    /// is each row selector (the Lagrange polynomials of the first and last rows, see the Stark
    /// target's `RowSelectors`); public values are constants.
    public var degree: Int {
        switch self {
        case .current, .next, .preprocessed, .preprocessedNext, .isFirstRow, .isLastRow, .isTransition: 1
        case .publicValue: 0
        }
    }

    public var description: String {
        switch self {
        case let .current(column): column.name
        case let .next(column): "\(column.name)'"
        case let .preprocessed(column): "fixed.\(column.name)"
        case let .preprocessedNext(column): "fixed.\(column.name)'"
        case let .publicValue(index): "public[\(index)]"
        case .isFirstRow: "isFirstRow"
        case .isLastRow: "isLastRow"
        case .isTransition: "isTransition"
        }
    }
}

/// A node of the constraint DAG. Sub-expressions are shared by reference, so a DAG built by
/// `eval` stays the size of the code that built it; the recursion machine walks it to compile
/// verifier programs.
public final class SymbolicExpression: Sendable, AIRExpression, CustomStringConvertible {
    public enum Node: Sendable {
        case constant(Goldilocks)
        case variable(SymbolicVariable)
        case add(SymbolicExpression, SymbolicExpression)
        case subtract(SymbolicExpression, SymbolicExpression)
        case multiply(SymbolicExpression, SymbolicExpression)
        case negate(SymbolicExpression)
    }

    public let node: Node
    /// The degree, computed once when the node is built.
    public let degree: Int

    public init(node: Node) {
        self.node = node
        switch node {
        case .constant: degree = 0
        case let .variable(variable): degree = variable.degree
        case let .add(a, b), let .subtract(a, b): degree = max(a.degree, b.degree)
        // Saturates, so absurdly deep products report a huge degree instead of overflowing.
        case let .multiply(a, b): degree = min(a.degree + b.degree, Int.max / 2)
        case let .negate(a): degree = a.degree
        }
    }

    public convenience init(_ constant: Goldilocks) { self.init(node: .constant(constant)) }
    public convenience init(_ variable: SymbolicVariable) { self.init(node: .variable(variable)) }

    public static func + (lhs: SymbolicExpression, rhs: SymbolicExpression) -> SymbolicExpression { .init(node: .add(lhs, rhs)) }
    public static func - (lhs: SymbolicExpression, rhs: SymbolicExpression) -> SymbolicExpression { .init(node: .subtract(lhs, rhs)) }
    public static func * (lhs: SymbolicExpression, rhs: SymbolicExpression) -> SymbolicExpression { .init(node: .multiply(lhs, rhs)) }
    public static prefix func - (operand: SymbolicExpression) -> SymbolicExpression { .init(node: .negate(operand)) }

    /// Evaluates the expression with `variable` giving each leaf's value (shared nodes are
    /// evaluated once per call).
    public func evaluate<E: FieldElement>(_ variable: (SymbolicVariable) -> E) -> E {
        var memo = [ObjectIdentifier: E]()
        return evaluate(variable, memo: &memo)
    }

    private func evaluate<E: FieldElement>(_ variable: (SymbolicVariable) -> E, memo: inout [ObjectIdentifier: E]) -> E {
        if let known = memo[ObjectIdentifier(self)] { return known }
        let value: E
        switch node {
        case let .constant(constant): value = E(constant)
        case let .variable(leaf): value = variable(leaf)
        case let .add(a, b): value = a.evaluate(variable, memo: &memo) + b.evaluate(variable, memo: &memo)
        case let .subtract(a, b): value = a.evaluate(variable, memo: &memo) - b.evaluate(variable, memo: &memo)
        case let .multiply(a, b): value = a.evaluate(variable, memo: &memo) * b.evaluate(variable, memo: &memo)
        case let .negate(a): value = -a.evaluate(variable, memo: &memo)
        }
        memo[ObjectIdentifier(self)] = value
        return value
    }

    /// Every main-trace column the expression reads (current or next row), in first-use order.
    public var columns: [Column] { collectColumns(preprocessed: false) }

    /// Every preprocessed column the expression reads, in first-use order.
    public var preprocessedColumns: [Column] { collectColumns(preprocessed: true) }

    private func collectColumns(preprocessed: Bool) -> [Column] {
        var seen = Set<Column>()
        var result = [Column]()
        var visited = Set<ObjectIdentifier>()
        var stack = [self]
        while let expression = stack.popLast() {
            guard visited.insert(ObjectIdentifier(expression)).inserted else { continue }
            switch expression.node {
            case .constant: break
            case let .variable(.current(column)), let .variable(.next(column)):
                if !preprocessed, seen.insert(column).inserted { result.append(column) }
            case let .variable(.preprocessed(column)), let .variable(.preprocessedNext(column)):
                if preprocessed, seen.insert(column).inserted { result.append(column) }
            case .variable: break
            case let .add(a, b), let .subtract(a, b), let .multiply(a, b):
                stack.append(b)
                stack.append(a)
            case let .negate(a): stack.append(a)
            }
        }
        return result
    }

    /// Whether the expression reads a main-trace column of the next row.
    public var readsNextRow: Bool { reads { if case .next = $0 { true } else { false } } }

    /// Whether the expression reads a preprocessed column of the next row.
    public var readsNextPreprocessedRow: Bool { reads { if case .preprocessedNext = $0 { true } else { false } } }

    /// Whether some leaf of the DAG satisfies `test`.
    public func reads(_ test: (SymbolicVariable) -> Bool) -> Bool {
        var visited = Set<ObjectIdentifier>()
        var stack = [self]
        while let expression = stack.popLast() {
            guard visited.insert(ObjectIdentifier(expression)).inserted else { continue }
            switch expression.node {
            case let .variable(variable): if test(variable) { return true }
            case .constant: break
            case let .add(a, b), let .subtract(a, b), let .multiply(a, b):
                stack.append(a)
                stack.append(b)
            case let .negate(a): stack.append(a)
            }
        }
        return false
    }

    public var description: String {
        switch node {
        case let .constant(constant): constant.description
        case let .variable(variable): variable.description
        case let .add(a, b): "(\(a) + \(b))"
        case let .subtract(a, b): "(\(a) - \(b))"
        case let .multiply(a, b): "\(a)·\(b)"
        case let .negate(a): "-\(a)"
        }
    }
}
