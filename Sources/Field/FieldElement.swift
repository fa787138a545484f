/// What generic field code (polynomials, NTT-free evaluation, batch inversion, FRI folding) needs
/// from the base field and its quadratic extension.
///
/// Both conformers are Goldilocks-based: every element embeds the base field and can be scaled by
/// a base element, which is what mixed base × extension products are.
public protocol FieldElement: Hashable, Sendable, CustomStringConvertible {
    static var zero: Self { get }
    static var one: Self { get }
    /// How many base-field elements represent one element (1 or 2); the serialised width.
    static var degree: Int { get }

    /// The embedding of a base-field element.
    init(_ base: Goldilocks)

    var isZero: Bool { get }

    static func + (lhs: Self, rhs: Self) -> Self
    static func - (lhs: Self, rhs: Self) -> Self
    static func * (lhs: Self, rhs: Self) -> Self
    static prefix func - (operand: Self) -> Self
    static func += (lhs: inout Self, rhs: Self)
    static func -= (lhs: inout Self, rhs: Self)
    static func *= (lhs: inout Self, rhs: Self)
    /// The mixed product with a base-field element.
    static func * (lhs: Self, rhs: Goldilocks) -> Self

    func squared() -> Self
    /// The multiplicative inverse, or `nil` for zero.
    func inverseIfNonzero() -> Self?

    /// The base-field coordinates, `degree` of them (c₀ first).
    var coordinates: [Goldilocks] { get }
    /// Rebuilds an element from `degree` coordinates.
    init(coordinates: some Collection<Goldilocks>)
}

extension FieldElement {
    /// The multiplicative inverse. Precondition: `self` is nonzero (use `inverseIfNonzero()` on
    /// values an adversary can choose).
    @inlinable
    public func inverse() -> Self {
        guard let inverse = inverseIfNonzero() else { preconditionFailure("inverse of zero") }
        return inverse
    }

    /// `self^exponent` by square-and-multiply; `x^0 = 1` (including `0^0`).
    @inlinable
    public func power(_ exponent: UInt64) -> Self {
        var result = Self.one
        var base = self
        var remaining = exponent
        while remaining != 0 {
            if remaining & 1 == 1 { result *= base }
            base = base.squared()
            remaining >>= 1
        }
        return result
    }

    /// `self^(2^count)` by repeated squaring.
    @inlinable
    public func squared(times count: Int) -> Self {
        var result = self
        for _ in 0..<count { result = result.squared() }
        return result
    }
}

// MARK: - Goldilocks conforms

extension Goldilocks: FieldElement {
    public static var degree: Int { 1 }

    @inlinable @inline(__always)
    public init(_ base: Goldilocks) { self = base }

    @inlinable @inline(__always)
    public func squared() -> Goldilocks { self * self }

    /// Fermat: x^(p−2). About 64 squarings and 32 multiplications; use `batchInverse` for many.
    @inlinable
    public func inverseIfNonzero() -> Goldilocks? {
        guard !isZero else { return nil }
        // p − 2 = 0xFFFF_FFFE_FFFF_FFFF: an addition chain would be faster; this is not hot
        // (bulk inversion goes through `batchInverse`).
        return power(Goldilocks.modulus - 2)
    }

    public var coordinates: [Goldilocks] { [self] }

    @inlinable
    public init(coordinates: some Collection<Goldilocks>) {
        precondition(coordinates.count == 1, "a base element has one coordinate")
        self = coordinates.first!
    }
}
