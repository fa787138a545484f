import Field

// MARK: - MDS layer

extension Poseidon {
    /// The circulant part of the MDS matrix on small integers: `yᵣ = Σᵢ MDS_MATRIX_CIRC[i] ·
    /// a[(i + r) % 12]` for `a` with entries `< 2^32` (32-bit halves of lanes), so every `yᵣ <
    /// 256 · 2^32 = 2^40`.
    ///
    /// Computed through the Chinese remainder theorem instead of 144 multiply-adds. `y` is the
    /// cyclic convolution of `a` with `K = [17, 20, 34, 18, 39, 13, 13, 28, 2, 16, 41, 15]`
    /// (`Kₖ = MDS_MATRIX_CIRC[−k mod 12]`), i.e. a product mod `Z^12 − 1 = (Z^6 − 1)(Z^6 + 1)`:
    /// - `u = a mod (Z^6 − 1)` (`uⱼ = aⱼ + aⱼ₊₆`) meets `K mod (Z^6 − 1) = [30, 48, 36, 34, 80, 28]`,
    ///   itself split over `Z^3 ∓ 1` into a cyclic part with `[64, 128, 64]` and a negacyclic part
    ///   with `[−4, −32, 8]`;
    /// - `v = a mod (Z^6 + 1)` (`vⱼ = aⱼ − aⱼ₊₆`) meets `K mod (Z^6 + 1) = [4, −8, 32, 2, −2, −2]`.
    ///
    /// Recombining divides by 2 at each level; those halvings are folded into the constants,
    /// which become `16·[1, 2, 1]`, `[−1, −8, 2]` and `[2, −4, 16, 1, −1, −1]`: shifts and adds
    /// only. Intermediate values can be negative; wrapping `UInt64` arithmetic is exact because
    /// it is arithmetic mod 2^64 and the results are integers in `[0, 2^40)`. The factorisation
    /// is specific to these constants; `LazyArithmeticTests` checks it against the plain sum.
    @inlinable @inline(always)
    static func circulant(_ a: PoseidonLanes) -> PoseidonLanes {
        // Level 1: mod Z^6 − 1 and mod Z^6 + 1.
        let u0 = a.x0 &+ a.x6, u1 = a.x1 &+ a.x7, u2 = a.x2 &+ a.x8
        let u3 = a.x3 &+ a.x9, u4 = a.x4 &+ a.x10, u5 = a.x5 &+ a.x11
        let v0 = a.x0 &- a.x6, v1 = a.x1 &- a.x7, v2 = a.x2 &- a.x8
        let v3 = a.x3 &- a.x9, v4 = a.x4 &- a.x10, v5 = a.x5 &- a.x11
        // Level 2 on u: mod Z^3 − 1 (cyclic, constants 16·[1, 2, 1]) and mod Z^3 + 1
        // (negacyclic, constants [−1, −8, 2]).
        let c0 = u0 &+ u3, c1 = u1 &+ u4, c2 = u2 &+ u5
        let n0 = u0 &- u3, n1 = u1 &- u4, n2 = u2 &- u5
        let sum = c0 &+ c1 &+ c2
        let cyclic0 = (sum &+ c2) << 4, cyclic1 = (sum &+ c0) << 4, cyclic2 = (sum &+ c1) << 4
        let nega0 = (n2 << 3) &- n0 &- (n1 << 1)
        let nega1 = 0 &- (n0 << 3) &- n1 &- (n2 << 1)
        let nega2 = (n0 << 1) &- (n1 << 3) &- n2
        let p0 = cyclic0 &+ nega0, p1 = cyclic1 &+ nega1, p2 = cyclic2 &+ nega2
        let p3 = cyclic0 &- nega0, p4 = cyclic1 &- nega1, p5 = cyclic2 &- nega2
        // v: negacyclic of length 6 with constants [2, −4, 16, 1, −1, −1].
        let q0 = (v0 << 1) &+ v1 &+ v2 &- v3 &- (v4 << 4) &+ (v5 << 2)
        let q1 = (v1 << 1) &+ v2 &+ v3 &- v4 &- (v5 << 4) &- (v0 << 2)
        let q2 = (v2 << 1) &+ v3 &+ v4 &- v5 &+ (v0 << 4) &- (v1 << 2)
        let q3 = (v3 << 1) &+ v4 &+ v5 &+ v0 &+ (v1 << 4) &- (v2 << 2)
        let q4 = (v4 << 1) &+ v5 &- v0 &+ v1 &+ (v2 << 4) &- (v3 << 2)
        let q5 = (v5 << 1) &- v0 &- v1 &+ v2 &+ (v3 << 4) &- (v4 << 2)
        return PoseidonLanes(
            p0 &+ q0, p1 &+ q1, p2 &+ q2, p3 &+ q3, p4 &+ q4, p5 &+ q5,
            p0 &- q0, p1 &- q1, p2 &- q2, p3 &- q3, p4 &- q4, p5 &- q5
        )
    }

    /// Recombines a lane of the MDS product from the sums over low halves (`low < 2^41`) and
    /// high halves (`high < 2^41`): the value is `high · 2^32 + low`. With high = a·2^32 + b
    /// (a < 2^9, b < 2^32), `high · 2^32 = a·2^64 + b·2^32 ≡ a·ε + b·2^32`, so the lane is
    /// `b·2^32 + (low + a·ε)` where `low + a·ε < 2^42`: at most one 2^64 carry, undone by +ε
    /// (the wrapped sum is then `< 2^42`, so that cannot wrap). Result `< 2^64`.
    @inlinable @inline(always)
    static func combineHalves(low: UInt64, high: UInt64) -> UInt64 {
        let a = high >> 32
        let t = low &+ ((a << 32) &- a)
        let (sum, carry) = (high << 32).addingReportingOverflow(t)
        return sum &+ Lazy.epsilonIf(carry)
    }

    /// `y = M · x + c` with `M = circ(MDS_MATRIX_CIRC) + diag(MDS_MATRIX_DIAG)`
    /// (`y[r] = Σᵢ x[(i + r) % 12] · CIRC[i] + x[r] · DIAG[r] + c[r]`; only `DIAG[0] = 8` is
    /// nonzero) and `c` the canonical constants given as 12 low halves then 12 high halves at
    /// `constants`. Each lane is split into 32-bit halves, both halves go through `circulant` in
    /// exact small-integer arithmetic, the constants' halves join the sums, and each output lane
    /// is recombined and reduced once. Accepts any lanes `< 2^64`; returns lanes `< 2^64`.
    @inlinable @inline(always)
    static func mdsLayer(_ x: PoseidonLanes, adding constants: UnsafePointer<UInt64>) -> PoseidonLanes {
        let m = Lazy.epsilon // the low-32-bit mask, 2^32 − 1
        let low = circulant(PoseidonLanes(
            x.x0 & m, x.x1 & m, x.x2 & m, x.x3 & m, x.x4 & m, x.x5 & m,
            x.x6 & m, x.x7 & m, x.x8 & m, x.x9 & m, x.x10 & m, x.x11 & m
        ))
        let high = circulant(PoseidonLanes(
            x.x0 >> 32, x.x1 >> 32, x.x2 >> 32, x.x3 >> 32, x.x4 >> 32, x.x5 >> 32,
            x.x6 >> 32, x.x7 >> 32, x.x8 >> 32, x.x9 >> 32, x.x10 >> 32, x.x11 >> 32
        ))
        let c = constants
        // Sums stay < 264 · 2^32 + 2^32 < 2^41 with the diagonal (+ 8 · x0 on lane 0) and the
        // constant's half.
        return PoseidonLanes(
            combineHalves(low: low.x0 &+ ((x.x0 & m) << 3) &+ c[0], high: high.x0 &+ ((x.x0 >> 32) << 3) &+ c[12]),
            combineHalves(low: low.x1 &+ c[1], high: high.x1 &+ c[13]),
            combineHalves(low: low.x2 &+ c[2], high: high.x2 &+ c[14]),
            combineHalves(low: low.x3 &+ c[3], high: high.x3 &+ c[15]),
            combineHalves(low: low.x4 &+ c[4], high: high.x4 &+ c[16]),
            combineHalves(low: low.x5 &+ c[5], high: high.x5 &+ c[17]),
            combineHalves(low: low.x6 &+ c[6], high: high.x6 &+ c[18]),
            combineHalves(low: low.x7 &+ c[7], high: high.x7 &+ c[19]),
            combineHalves(low: low.x8 &+ c[8], high: high.x8 &+ c[20]),
            combineHalves(low: low.x9 &+ c[9], high: high.x9 &+ c[21]),
            combineHalves(low: low.x10 &+ c[10], high: high.x10 &+ c[22]),
            combineHalves(low: low.x11 &+ c[11], high: high.x11 &+ c[23])
        )
    }

    // MARK: - Full round

    /// A full round whose constants were already added (by the previous layer): S-box every
    /// lane, then the MDS layer plus the constants that follow it (24 halves at `next`, see
    /// `PoseidonFastTable`).
    ///
    /// `@inline(always)` here and on the other round helpers, not `@inline(__always)`: the
    /// latter is only a hint, and for these large bodies the optimiser kept some calls (lanes
    /// passed through memory); forcing the inlining measured about 8% faster.
    @inlinable @inline(always)
    static func fullRound(_ s: inout PoseidonLanes, addingAfter next: UnsafePointer<UInt64>) {
        let boxed = PoseidonLanes(
            Lazy.sbox(s.x0), Lazy.sbox(s.x1), Lazy.sbox(s.x2), Lazy.sbox(s.x3),
            Lazy.sbox(s.x4), Lazy.sbox(s.x5), Lazy.sbox(s.x6), Lazy.sbox(s.x7),
            Lazy.sbox(s.x8), Lazy.sbox(s.x9), Lazy.sbox(s.x10), Lazy.sbox(s.x11)
        )
        s = mdsLayer(boxed, adding: next)
    }
}
