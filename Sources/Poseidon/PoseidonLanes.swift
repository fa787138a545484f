import Field

/// The permutation's working state: 12 raw `UInt64` lanes in named stored properties, so the
/// optimiser keeps them in registers (or fixed stack slots) with no indexing and no heap.
///
/// Between rounds a lane holds any value `< 2^64` congruent to the true lane mod p (not
/// necessarily canonical); `canonicalized()` fixes that at the end. Every helper below states
/// which inputs it accepts.
@frozen @usableFromInline
struct PoseidonLanes {
    @usableFromInline var x0, x1, x2, x3, x4, x5, x6, x7, x8, x9, x10, x11: UInt64

    @inlinable @inline(__always)
    init(
        _ x0: UInt64, _ x1: UInt64, _ x2: UInt64, _ x3: UInt64, _ x4: UInt64, _ x5: UInt64,
        _ x6: UInt64, _ x7: UInt64, _ x8: UInt64, _ x9: UInt64, _ x10: UInt64, _ x11: UInt64
    ) {
        (self.x0, self.x1, self.x2, self.x3, self.x4, self.x5) = (x0, x1, x2, x3, x4, x5)
        (self.x6, self.x7, self.x8, self.x9, self.x10, self.x11) = (x6, x7, x8, x9, x10, x11)
    }

    @inlinable @inline(__always)
    init(_ state: PoseidonState) {
        let s = state.storage
        self.init(
            s.0.value, s.1.value, s.2.value, s.3.value, s.4.value, s.5.value,
            s.6.value, s.7.value, s.8.value, s.9.value, s.10.value, s.11.value
        )
    }

    /// Every lane reduced to its canonical value.
    @inlinable @inline(__always)
    func canonicalized() -> PoseidonState {
        @inline(__always) func c(_ x: UInt64) -> Goldilocks { Goldilocks(uncheckedCanonical: Lazy.canonical(x)) }
        var state = PoseidonState()
        state.storage = (c(x0), c(x1), c(x2), c(x3), c(x4), c(x5), c(x6), c(x7), c(x8), c(x9), c(x10), c(x11))
        return state
    }
}

// MARK: - Lazy Goldilocks arithmetic on raw lanes

/// Arithmetic on raw `UInt64` values that skips the final canonicalisation. p = 2^64 − ε with
/// ε = 2^32 − 1.
///
/// Carries and borrows become 0/1 integers and masks (`bit`, `epsilonIf`), never `?:`: a Swift
/// ternary is control flow, and LLVM kept some of them as branches on data-dependent carries —
/// mispredicted half the time, which made the permutation several times slower.
@usableFromInline
enum Lazy {
    /// ε = 2^32 − 1 (computed, so client modules see a literal rather than a global accessor).
    @inlinable static var epsilon: UInt64 { 0xFFFF_FFFF }

    /// 1 for `true`, 0 for `false`, without a branch (a `Bool` is one byte holding 0 or 1).
    @inlinable @inline(__always)
    static func bit(_ flag: Bool) -> UInt64 {
        UInt64(unsafeBitCast(flag, to: UInt8.self))
    }

    /// ε for `true`, 0 for `false`: the all-ones mask `0 − 1`, shifted down to 32 ones.
    @inlinable @inline(__always)
    static func epsilonIf(_ flag: Bool) -> UInt64 {
        (0 &- bit(flag)) >> 32
    }

    /// Reduces `high · 2^64 + low` (any 128-bit value) to a value `< 2^64` congruent mod p, as
    /// `Goldilocks.reduce128` but cheaper. With high = h₁·2^32 + h₀:
    /// `≡ low − h₁ + h₀ · ε` (2^96 ≡ −1, 2^64 ≡ ε).
    ///
    /// The borrow of `low − h₁` needs `low < h₁ < 2^32`, which for products of field elements
    /// happens with probability about 2^−32, so it is a (predicted) branch rather than a
    /// conditional move. This makes the running time depend on data in that rare case; the
    /// prover does not need constant time.
    @inlinable @inline(__always)
    static func reduce128(high: UInt64, low: UInt64) -> UInt64 {
        var (t0, borrow) = low.subtractingReportingOverflow(high >> 32)
        // The wrapped value is ≥ 2^64 − 2^32 + 1 > ε, so −ε (i.e. +p − 2^64) cannot wrap.
        if _slowPath(borrow) { t0 &-= epsilon }
        // h₀ · ε < 2^64 (both < 2^32). One `imul` (ε stays in a register) measured faster than
        // the shift-and-subtract form: fewer instructions, and instruction count is the limit.
        let t1 = (high & epsilon) &* epsilon
        // On a carry the wrapped sum is < t1 ≤ 2^64 − 2^33 + 1, so +ε cannot wrap.
        let (sum, carry) = t0.addingReportingOverflow(t1)
        return sum &+ epsilonIf(carry)
    }

    /// `lane + a · b` for any `lane, a, b < 2^64`, with one reduction: the 128-bit product plus
    /// the lane is `< 2^128` (the product is at most `(2^64 − 1)^2 = 2^128 − 2^65 + 1`).
    @inlinable @inline(__always)
    static func multiplyAdd(_ lane: UInt64, _ a: UInt64, _ b: UInt64) -> UInt64 {
        let (high, low) = a.multipliedFullWidth(by: b)
        let (sum, carry) = low.addingReportingOverflow(lane)
        // high ≤ 2^64 − 2 (see above), so adding the carry cannot wrap.
        return reduce128(high: high &+ bit(carry), low: sum)
    }

    /// `a + b` for any `a < 2^64` and a canonical `b < p`; result `< 2^64`.
    ///
    /// On a carry the wrapped sum is `a + b − 2^64 < p = 2^64 − ε`, so adding ε (which undoes
    /// the 2^64 wrap, as 2^64 ≡ ε) cannot wrap again.
    @inlinable @inline(__always)
    static func add(_ a: UInt64, canonical b: UInt64) -> UInt64 {
        let (sum, carry) = a.addingReportingOverflow(b)
        return sum &+ epsilonIf(carry)
    }

    /// `a · b` for any `a, b < 2^64`; result `< 2^64`, not necessarily canonical.
    @inlinable @inline(__always)
    static func multiply(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let (high, low) = a.multipliedFullWidth(by: b)
        return reduce128(high: high, low: low)
    }

    /// The canonical representative of any `x < 2^64` (`x − p` when `x ≥ p`, i.e. `x + ε` wraps).
    @inlinable @inline(__always)
    static func canonical(_ x: UInt64) -> UInt64 {
        // x ≥ p exactly when x + ε ≥ 2^64; then the wrapped sum is x − p.
        let (_, carry) = x.addingReportingOverflow(epsilon)
        return x &+ epsilonIf(carry)
    }

    /// The S-box x^7 = x^3 · x^4 (four multiplications, three deep) for any `x < 2^64`.
    @inlinable @inline(__always)
    static func sbox(_ x: UInt64) -> UInt64 {
        let x2 = multiply(x, x)
        let x3 = multiply(x2, x)
        let x4 = multiply(x2, x2)
        return multiply(x3, x4)
    }
}

/// A 160-bit accumulator for sums of up to 2^32 full 128-bit products (`top` counts the
/// overflows of the 128-bit part), reduced once at the end.
@frozen @usableFromInline
struct Accumulator160 {
    @usableFromInline var low: UInt64 = 0
    @usableFromInline var high: UInt64 = 0
    @usableFromInline var top: UInt64 = 0

    @inlinable @inline(__always)
    init() {}

    /// Adds `a · b` for any `a, b < 2^64`.
    @inlinable @inline(__always)
    mutating func add(_ a: UInt64, times b: UInt64) {
        let (productHigh, productLow) = a.multipliedFullWidth(by: b)
        let (newLow, carryLow) = low.addingReportingOverflow(productLow)
        // productHigh ≤ 2^64 − 2, so adding the carry cannot wrap.
        let (newHigh, carryHigh) = high.addingReportingOverflow(productHigh &+ Lazy.bit(carryLow))
        low = newLow
        high = newHigh
        top &+= Lazy.bit(carryHigh)
    }

    /// The sum, reduced to a value `< 2^64` congruent mod p.
    ///
    /// `top · 2^128 ≡ −top · 2^32` (2^128 = (2^64)^2 ≡ (2^32 − 1)^2 ≡ −2^32), and `top · 2^32 <
    /// 2^64 − ε` while `top < 2^32`. On a borrow the wrapped difference is `≥ 2^64 − top · 2^32
    /// > ε`, so subtracting ε (adding p − 2^64) cannot wrap.
    @inlinable @inline(__always)
    func reduced() -> UInt64 {
        let r = Lazy.reduce128(high: high, low: low)
        let (difference, borrow) = r.subtractingReportingOverflow(top << 32)
        return difference &- Lazy.epsilonIf(borrow)
    }
}
