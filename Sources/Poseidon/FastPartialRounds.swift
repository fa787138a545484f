import Field

/// The 22 partial rounds: plonky2's sparse form, with lanes 1…11 in a basis of the rounds'
/// update vectors.
///
/// Textbook partial rounds add 12 constants and apply the dense MDS matrix although only lane 0
/// goes through the S-box. plonky2's sparse form (Poseidon paper, appendix B:
/// `mds_partial_layer_init`, `mds_partial_layer_fast`) moves the constants forward and factors
/// the matrices: one dense 11 × 11 matrix `M` up front, `L₀ = M · (s₁ … s₁₁)`, then per round `k`
///
///     tₖ = xₖ^7 + cₖ,   xₖ₊₁ = 25 · tₖ + ŵₖ · Lₖ,   Lₖ₊₁ = Lₖ + tₖ · vₖ
///
/// (`x₀ = s₀`; 25 = `MDS_MATRIX_CIRC[0] + MDS_MATRIX_DIAG[0]`). Done literally, each round costs
/// 23 multiplications and 12 reductions (`Lₖ₊₁` is 11 multiply-adds, each reduced).
///
/// Here lanes 1…11 are kept in the basis `v_b … v_{b+10}` of the 11 rounds of a block (`b` = 0,
/// then 11): with `L = T · L'` for `T = [v_b | … | v_{b+10}]`, the update `L += tₖ · vₖ` becomes
/// `L'[k − b] += tₖ`, one addition, while `ŵₖ · L = (Tᵀŵₖ) · L'` is still 11 products. The
/// weights `(Tᵀŵₖ)ⱼ = ŵₖ · v_{b+j}` and the three basis changes — `T₁⁻¹M` on entry, `T₂⁻¹T₁`
/// between the blocks, `T₂` on exit, 121 products each — are precomputed
/// (`PoseidonFastTable`). Per permutation that is 627 multiplications as before but 55
/// reductions instead of 275 (a reduction costs about twice a multiply-accumulate). `v₀ … v₁₀`
/// and `v₁₁ … v₂₁` are bases (the table checks).
///
/// The rounds are a serial chain through lane 0 — S-box (three dependent multiplications and
/// reductions), then the multiply-add by 25 and one reduction — so a single state leaves the
/// core partly idle; `partialRounds(_:_:table:)` runs two states' chains side by side.
extension Poseidon {
    /// `Σ u[i] · w[i]` over 11 terms, reduced once (any values `< 2^64`).
    @inlinable @inline(always)
    static func dot11(_ u: UnsafePointer<UInt64>, _ w: UnsafePointer<UInt64>) -> UInt64 {
        var sum = Accumulator160()
        for i in 0..<11 { sum.add(u[i], times: w[i]) }
        return sum.reduced()
    }

    /// `output = A · input` for the 11 × 11 matrix `A` at `matrix` (row `c` holds the weights of
    /// output `c`). `output` must not overlap `input`.
    @inlinable @inline(always)
    static func transform(_ input: UnsafePointer<UInt64>, into output: UnsafeMutablePointer<UInt64>, matrix: UnsafePointer<UInt64>) {
        for c in 0..<11 { output[c] = dot11(input, matrix + 11 &* c) }
    }

    /// One partial round on lane 0 (`x`) and lanes 1…11 (`u`, in the block's basis) with the
    /// round's record `r` (constant, 11 weights); `j` is the round's position in its block.
    @inlinable @inline(always)
    static func partialRound(_ x: inout UInt64, _ u: UnsafeMutablePointer<UInt64>, _ j: Int, record r: UnsafePointer<UInt64>) {
        let t = Lazy.add(Lazy.sbox(x), canonical: r[0])
        var sum = Accumulator160()
        for i in 0..<11 { sum.add(u[i], times: r[1 &+ i]) }
        sum.add(t, times: 25)
        x = sum.reduced()
        u[j] = Lazy.add(u[j], canonical: Lazy.canonical(t))
    }

    /// All 22 partial rounds, replacing textbook rounds 4…25. Expects the
    /// `FAST_PARTIAL_FIRST_ROUND_CONSTANT`s already added; accepts and returns lanes `< 2^64`.
    @inlinable @inline(always)
    static func partialRounds(_ s: inout PoseidonLanes, table: UnsafePointer<UInt64>) {
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 22) { buffer in
            // `u`: lanes 1…11 in the current basis; `previous`: the same before a basis change.
            let u = buffer.baseAddress!, previous = u + 11
            (previous[0], previous[1], previous[2], previous[3]) = (s.x1, s.x2, s.x3, s.x4)
            (previous[4], previous[5], previous[6], previous[7]) = (s.x5, s.x6, s.x7, s.x8)
            (previous[8], previous[9], previous[10]) = (s.x9, s.x10, s.x11)
            var x = s.x0
            var block = table + PoseidonFastTable.partialRounds
            for _ in 0..<2 {
                transform(previous, into: u, matrix: block)
                var record = block + 121
                for j in 0..<11 {
                    partialRound(&x, u, j, record: record)
                    record += 12
                }
                previous.update(from: u, count: 11)
                block += PoseidonFastTable.partialRoundsBlockStride
            }
            transform(previous, into: u, matrix: block)
            s = PoseidonLanes(x, u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10])
        }
    }

    // MARK: - Two states

    /// `partialRounds` on two states, round by round in one loop. Their chains through lane 0
    /// are independent, so each fills the other's waits; the weights are loaded once for both.
    @inlinable @inline(always)
    static func partialRounds(_ a: inout PoseidonLanes, _ b: inout PoseidonLanes, table: UnsafePointer<UInt64>) {
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 44) { buffer in
            let u = buffer.baseAddress!, v = u + 11, previousU = u + 22, previousV = u + 33
            (previousU[0], previousU[1], previousU[2], previousU[3]) = (a.x1, a.x2, a.x3, a.x4)
            (previousU[4], previousU[5], previousU[6], previousU[7]) = (a.x5, a.x6, a.x7, a.x8)
            (previousU[8], previousU[9], previousU[10]) = (a.x9, a.x10, a.x11)
            (previousV[0], previousV[1], previousV[2], previousV[3]) = (b.x1, b.x2, b.x3, b.x4)
            (previousV[4], previousV[5], previousV[6], previousV[7]) = (b.x5, b.x6, b.x7, b.x8)
            (previousV[8], previousV[9], previousV[10]) = (b.x9, b.x10, b.x11)
            var x = a.x0, y = b.x0
            var block = table + PoseidonFastTable.partialRounds
            for _ in 0..<2 {
                transform(previousU, into: u, matrix: block)
                transform(previousV, into: v, matrix: block)
                var record = block + 121
                for j in 0..<11 {
                    partialRound(&x, &y, u, v, j, record: record)
                    record += 12
                }
                previousU.update(from: u, count: 11)
                previousV.update(from: v, count: 11)
                block += PoseidonFastTable.partialRoundsBlockStride
            }
            transform(previousU, into: u, matrix: block)
            transform(previousV, into: v, matrix: block)
            a = PoseidonLanes(x, u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10])
            b = PoseidonLanes(y, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10])
        }
    }

    /// `partialRound` on two states. The S-box steps alternate between the states in the
    /// source: every reduction ends in a rarely taken branch, which the compiler does not move
    /// code across, so source order is roughly machine order, and alternating puts both chains
    /// in the out-of-order window together. The two dot products share one loop and its weights.
    @inlinable @inline(always)
    static func partialRound(
        _ x: inout UInt64, _ y: inout UInt64, _ u: UnsafeMutablePointer<UInt64>, _ v: UnsafeMutablePointer<UInt64>,
        _ j: Int, record r: UnsafePointer<UInt64>
    ) {
        let x2 = Lazy.multiply(x, x), y2 = Lazy.multiply(y, y)
        let x3 = Lazy.multiply(x2, x), y3 = Lazy.multiply(y2, y)
        let x4 = Lazy.multiply(x2, x2), y4 = Lazy.multiply(y2, y2)
        let tx = Lazy.add(Lazy.multiply(x3, x4), canonical: r[0])
        let ty = Lazy.add(Lazy.multiply(y3, y4), canonical: r[0])
        var sumX = Accumulator160(), sumY = Accumulator160()
        for i in 0..<11 {
            let w = r[1 &+ i]
            sumX.add(u[i], times: w)
            sumY.add(v[i], times: w)
        }
        sumX.add(tx, times: 25)
        sumY.add(ty, times: 25)
        x = sumX.reduced()
        y = sumY.reduced()
        u[j] = Lazy.add(u[j], canonical: Lazy.canonical(tx))
        v[j] = Lazy.add(v[j], canonical: Lazy.canonical(ty))
    }
}
