/// An element c₀ + c₁·X of the quadratic extension F_p[X]/(X² − 7) of Goldilocks.
///
/// X² − 7 is irreducible because 7 is not a square mod p (7 generates F_p^*, so 7^((p−1)/2) = −1).
/// Challenges (α, β, γ, ζ, FRI folding) are drawn from here: |F_p²| ≈ 2^128.
@frozen
public struct GoldilocksExtension: Hashable, Sendable {
    public var c0: Goldilocks
    public var c1: Goldilocks

    /// W in X² = W.
    public static let nonResidue: Goldilocks = 7

    @inlinable @inline(__always)
    public init(_ c0: Goldilocks, _ c1: Goldilocks) {
        self.c0 = c0
        self.c1 = c1
    }

    public static let zero = GoldilocksExtension(.zero, .zero)
    public static let one = GoldilocksExtension(.one, .zero)

    @inlinable public var isZero: Bool { c0.isZero && c1.isZero }

    /// True if the element lies in the base field (c₁ = 0).
    @inlinable public var isBase: Bool { c1.isZero }
}

// MARK: - Arithmetic

extension GoldilocksExtension {
    @inlinable @inline(__always)
    public static func + (lhs: Self, rhs: Self) -> Self { Self(lhs.c0 + rhs.c0, lhs.c1 + rhs.c1) }

    @inlinable @inline(__always)
    public static func - (lhs: Self, rhs: Self) -> Self { Self(lhs.c0 - rhs.c0, lhs.c1 - rhs.c1) }

    @inlinable @inline(__always)
    public static prefix func - (operand: Self) -> Self { Self(-operand.c0, -operand.c1) }

    /// (a₀ + a₁X)(b₀ + b₁X) = a₀b₀ + 7a₁b₁ + (a₀b₁ + a₁b₀)X, with the cross term by Karatsuba.
    @inlinable @inline(__always)
    public static func * (lhs: Self, rhs: Self) -> Self {
        let a0b0 = lhs.c0 * rhs.c0
        let a1b1 = lhs.c1 * rhs.c1
        let cross = (lhs.c0 + lhs.c1) * (rhs.c0 + rhs.c1) - a0b0 - a1b1
        return Self(a0b0 + timesNonResidue(a1b1), cross)
    }

    /// The mixed product with a base element: two base multiplications.
    @inlinable @inline(__always)
    public static func * (lhs: Self, rhs: Goldilocks) -> Self { Self(lhs.c0 * rhs, lhs.c1 * rhs) }

    @inlinable @inline(__always)
    public static func * (lhs: Goldilocks, rhs: Self) -> Self { Self(rhs.c0 * lhs, rhs.c1 * lhs) }

    @inlinable @inline(__always)
    public static func + (lhs: Self, rhs: Goldilocks) -> Self { Self(lhs.c0 + rhs, lhs.c1) }

    @inlinable @inline(__always)
    public static func - (lhs: Self, rhs: Goldilocks) -> Self { Self(lhs.c0 - rhs, lhs.c1) }

    @inlinable @inline(__always)
    public static func += (lhs: inout Self, rhs: Self) { lhs = lhs + rhs }
    @inlinable @inline(__always)
    public static func -= (lhs: inout Self, rhs: Self) { lhs = lhs - rhs }
    @inlinable @inline(__always)
    public static func *= (lhs: inout Self, rhs: Self) { lhs = lhs * rhs }

    /// 7·x with a reduction specialised to a tiny high word (cheaper than three additions and a
    /// subtraction, and than a general multiplication).
    @inlinable @inline(__always)
    static func timesNonResidue(_ x: Goldilocks) -> Goldilocks {
        let (high, low) = x.value.multipliedFullWidth(by: 7)
        // high < 7, and high·2^64 + low ≡ low + high·ε with high·ε < 2^35.
        let (sum, carry) = low.addingReportingOverflow(high &* Goldilocks.epsilon)
        // On a carry the wrapped sum is < 2^35, so adding ε (undoing the 2^64 wrap) cannot wrap.
        return Goldilocks(reducing: sum &+ Goldilocks.epsilon &* UInt64(carry ? 1 : 0))
    }

    /// (a₀ + a₁X)² = a₀² + 7a₁² + 2a₀a₁X.
    @inlinable @inline(__always)
    public func squared() -> Self {
        let cross = c0 * c1
        return Self(c0 * c0 + Self.timesNonResidue(c1 * c1), cross + cross)
    }

    /// The norm a₀² − 7a₁² ∈ F_p (the product of the element and its conjugate).
    @inlinable
    public var norm: Goldilocks { c0 * c0 - Self.timesNonResidue(c1 * c1) }

    /// The Frobenius map x ↦ x^p. Since X^p = X·7^((p−1)/2) = −X, it is conjugation.
    @inlinable
    public func frobenius() -> Self { Self(c0, -c1) }

    /// 1/(a₀ + a₁X) = (a₀ − a₁X)/(a₀² − 7a₁²); the norm is nonzero for a nonzero element.
    @inlinable
    public func inverseIfNonzero() -> Self? {
        guard let normInverse = norm.inverseIfNonzero() else { return nil }
        return Self(c0 * normInverse, -(c1 * normInverse))
    }
}

// MARK: - Conformances

extension GoldilocksExtension: FieldElement {
    public static var degree: Int { 2 }

    @inlinable @inline(__always)
    public init(_ base: Goldilocks) { self.init(base, .zero) }

    public var coordinates: [Goldilocks] { [c0, c1] }

    @inlinable
    public init(coordinates: some Collection<Goldilocks>) {
        precondition(coordinates.count == 2, "an extension element has two coordinates")
        var iterator = coordinates.makeIterator()
        self.init(iterator.next()!, iterator.next()!)
    }
}

extension GoldilocksExtension: ExpressibleByIntegerLiteral {
    @inlinable
    public init(integerLiteral value: UInt64) { self.init(Goldilocks(reducing: value)) }
}

extension GoldilocksExtension: CustomStringConvertible {
    public var description: String { c1.isZero ? c0.description : "\(c0) + \(c1)·X" }
}

extension GoldilocksExtension {
    @inlinable
    public static func random<G: RandomNumberGenerator>(using generator: inout G) -> Self {
        Self(.random(using: &generator), .random(using: &generator))
    }
}
