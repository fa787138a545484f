/// An element of the Goldilocks prime field, p = 2^64 − 2^32 + 1.
///
/// The stored `value` is always canonical (`< p`), so equality, hashing and serialisation work on
/// it directly. Arithmetic uses the fast reduction of a 128-bit product that the shape of p
/// allows: 2^64 ≡ 2^32 − 1 and 2^96 ≡ −1 (mod p).
@frozen
public struct Goldilocks: Hashable, Sendable {
    /// The canonical representative, in `0..<Goldilocks.modulus`.
    public let value: UInt64

    /// p = 2^64 − 2^32 + 1.
    public static let modulus: UInt64 = 0xFFFF_FFFF_0000_0001

    /// 2^64 mod p = 2^32 − 1. Adding it undoes a 2^64 wrap; subtracting it undoes a 2^64 borrow.
    @usableFromInline static let epsilon: UInt64 = 0xFFFF_FFFF

    /// Wraps a value the caller guarantees is canonical. The guarantee is checked in debug builds
    /// only; use `init(exactly:)` for untrusted input.
    @inlinable @inline(__always)
    public init(uncheckedCanonical value: UInt64) {
        assert(value < Goldilocks.modulus, "non-canonical Goldilocks value \(value)")
        self.value = value
    }

    /// The residue of any 64-bit value (one conditional subtraction: 2^64 < 2p).
    @inlinable @inline(__always)
    public init(reducing value: UInt64) {
        // Branch-free: value − p borrows exactly when value < p, and then value is the answer.
        // (A `value >= p ? … : …` ternary tends to become a branch, which random data mispredicts.)
        let (reduced, borrow) = value.subtractingReportingOverflow(Goldilocks.modulus)
        self.value = borrow ? value : reduced
    }

    /// A canonical value, or `nil` if `value ≥ p` (the checked path for deserialisation).
    @inlinable
    public init?(exactly value: UInt64) {
        guard value < Goldilocks.modulus else { return nil }
        self.value = value
    }

    /// A 32-bit value; always canonical.
    @inlinable @inline(__always)
    public init(_ value: UInt32) {
        self.value = UInt64(value)
    }

    /// A non-negative `Int` (reduced mod p); negative values map to p − |value|.
    @inlinable
    public init(_ value: Int) {
        if value >= 0 {
            self.init(reducing: UInt64(value))
        } else {
            self = -Goldilocks(reducing: UInt64(value.magnitude))
        }
    }

    public static let zero = Goldilocks(uncheckedCanonical: 0)
    public static let one = Goldilocks(uncheckedCanonical: 1)
    public static let two = Goldilocks(uncheckedCanonical: 2)
    /// −1 = p − 1.
    public static let minusOne = Goldilocks(uncheckedCanonical: Goldilocks.modulus - 1)

    @inlinable public var isZero: Bool { value == 0 }
}

// MARK: - Arithmetic

extension Goldilocks {
    @inlinable @inline(__always)
    public static func + (lhs: Goldilocks, rhs: Goldilocks) -> Goldilocks {
        // a + b = a − (p − b). With t = p − b ∈ [1, p]: if a ≥ t the difference a − t is a + b − p
        // ∈ [0, p − 1]; otherwise a + b < p and the wrapped difference plus p (mod 2^64) is a + b.
        // Two subtractions and one select, no branch.
        let complement = modulus &- rhs.value
        let (difference, borrow) = lhs.value.subtractingReportingOverflow(complement)
        return Goldilocks(uncheckedCanonical: difference &+ (borrow ? modulus : 0))
    }

    @inlinable @inline(__always)
    public static func - (lhs: Goldilocks, rhs: Goldilocks) -> Goldilocks {
        // A borrow means the wrapped difference is lhs − rhs + 2^64; subtracting ε turns that
        // into lhs − rhs + p, which lies in [1, p) because both inputs are canonical.
        // `&* UInt64(borrow)` keeps this a flag-derived value rather than a branch.
        let (difference, borrow) = lhs.value.subtractingReportingOverflow(rhs.value)
        return Goldilocks(uncheckedCanonical: difference &- epsilon &* UInt64(borrow ? 1 : 0))
    }

    @inlinable @inline(__always)
    public static prefix func - (operand: Goldilocks) -> Goldilocks {
        operand.value == 0 ? operand : Goldilocks(uncheckedCanonical: modulus &- operand.value)
    }

    @inlinable @inline(__always)
    public static func * (lhs: Goldilocks, rhs: Goldilocks) -> Goldilocks {
        let (high, low) = lhs.value.multipliedFullWidth(by: rhs.value)
        return reducing(high: high, low: low)
    }

    @inlinable @inline(__always)
    public static func += (lhs: inout Goldilocks, rhs: Goldilocks) { lhs = lhs + rhs }
    @inlinable @inline(__always)
    public static func -= (lhs: inout Goldilocks, rhs: Goldilocks) { lhs = lhs - rhs }
    @inlinable @inline(__always)
    public static func *= (lhs: inout Goldilocks, rhs: Goldilocks) { lhs = lhs * rhs }

    /// Reduces `high · 2^64 + low` to a value `< 2^64` congruent mod p (not necessarily canonical).
    @inlinable @inline(__always)
    public static func reduce128(high: UInt64, low: UInt64) -> UInt64 {
        let (sum, carry) = foldHigh(high: high, low: low)
        // On a carry the wrapped sum is < 2^64 − 2^33 + 1 (see `foldHigh`), so +ε cannot wrap.
        return sum &+ epsilon &* UInt64(carry ? 1 : 0)
    }

    /// The element congruent to the 128-bit value `high · 2^64 + low` (for sums of products
    /// accumulated without reduction).
    ///
    /// `reduce128` followed by the canonical step, fused: the last carry and the final
    /// subtraction of p share one select, saving an add and a cmov per product.
    @inlinable @inline(__always)
    public static func reducing(high: UInt64, low: UInt64) -> Goldilocks {
        let (sum, carry) = foldHigh(high: high, low: low)
        // The value is sum + 2^64·carry. On a carry, sum ≤ 2^64 − 2^33, so the answer
        // sum + ε ≤ 2^64 − 2^32 − 1 < p is canonical — and sum + ε ≡ sum − p (mod 2^64). Without
        // a carry the answer is sum − p unless that borrows (sum < p), when it is sum itself.
        let (reduced, reducedBorrow) = sum.subtractingReportingOverflow(modulus)
        return Goldilocks(uncheckedCanonical: reducedBorrow && !carry ? sum : reduced)
    }

    /// The shared core of `reduce128` and `reducing`: high·2^64 + low ≡ sum + 2^64·carry (mod p).
    ///
    /// Write high = h₁·2^32 + h₀. Then high·2^64 + low ≡ low − h₁ + h₀·(2^32 − 1), because
    /// 2^96 ≡ −1 and 2^64 ≡ 2^32 − 1. On a carry, sum < h₀·ε ≤ 2^64 − 2^33 + 1.
    ///
    /// Branch-free: a borrow is undone by subtracting ε times the flag, which compiles to a
    /// flag-driven select (cmov) — a branch here would mispredict on random data and cost several
    /// times the whole reduction.
    @inlinable @inline(__always)
    static func foldHigh(high: UInt64, low: UInt64) -> (sum: UInt64, carry: Bool) {
        let highHigh = high >> 32
        let highLow = high & epsilon
        // low − h₁; on a borrow the wrapped value is ≥ 2^64 − 2^32 + 1 > ε, so −ε cannot wrap.
        let (t0, borrow) = low.subtractingReportingOverflow(highHigh)
        let t1 = t0 &- epsilon &* UInt64(borrow ? 1 : 0)
        // h₀·ε < 2^64 since both factors are < 2^32.
        let t2 = highLow &* epsilon
        let (sum, carry) = t1.addingReportingOverflow(t2)
        return (sum, carry)
    }
}

// MARK: - Conformances

extension Goldilocks: ExpressibleByIntegerLiteral {
    /// Literals are reduced mod p, so `0xFFFF_FFFF_FFFF_FFFF` is 2^32 − 2.
    @inlinable
    public init(integerLiteral value: UInt64) {
        self.init(reducing: value)
    }
}

extension Goldilocks: CustomStringConvertible {
    public var description: String { String(value) }
}

extension Goldilocks: Comparable {
    /// Orders by canonical value (useful for sorting; not a field notion).
    @inlinable
    public static func < (lhs: Goldilocks, rhs: Goldilocks) -> Bool { lhs.value < rhs.value }
}

extension Goldilocks {
    /// A uniformly random element (rejection sampling over 64-bit words).
    @inlinable
    public static func random<G: RandomNumberGenerator>(using generator: inout G) -> Goldilocks {
        while true {
            if let element = Goldilocks(exactly: generator.next()) { return element }
        }
    }

    @inlinable
    public static func random() -> Goldilocks {
        var generator = SystemRandomNumberGenerator()
        return random(using: &generator)
    }
}
