import Field

/// The 22 partial rounds in the fast form of the Poseidon paper (appendix B), as plonky2's
/// `partial_first_constant_layer`, `mds_partial_layer_init` and `mds_partial_layer_fast`
/// (vectors file, section C).
///
/// Textbook partial rounds add 12 constants and apply the dense MDS matrix although only lane 0
/// goes through the S-box. Moving the constants forward and factoring the matrices leaves, per
/// round, one S-box, one constant on lane 0, and a sparse matrix: a dot product for the new
/// lane 0 (weights 25 and `ŵ`) and lane 0 scaled into lanes 1…11 (coefficients `v`). One dense
/// 11 × 11 matrix is applied once up front.
///
/// (Unrolling the rounds into a closed form — every lane a single dot product with the 22
/// S-box outputs — was tried: more multiplications, fewer reductions, no faster.)
extension Poseidon {
    /// `Σ sᵢ · w[i − 1]` over lanes 1…11 plus `lane0 · weight0`, accumulated in 160 bits and
    /// reduced once. `lane0` is added last: in a partial round it is the S-box output, the end
    /// of the round's critical path, and the other 11 products do not wait for it.
    @inlinable @inline(__always)
    static func dot11(_ s: PoseidonLanes, _ w: UnsafePointer<UInt64>, plus lane0: UInt64, times weight0: UInt64) -> UInt64 {
        var sum = Accumulator160()
        sum.add(s.x1, times: w[0])
        sum.add(s.x2, times: w[1])
        sum.add(s.x3, times: w[2])
        sum.add(s.x4, times: w[3])
        sum.add(s.x5, times: w[4])
        sum.add(s.x6, times: w[5])
        sum.add(s.x7, times: w[6])
        sum.add(s.x8, times: w[7])
        sum.add(s.x9, times: w[8])
        sum.add(s.x10, times: w[9])
        sum.add(s.x11, times: w[10])
        sum.add(lane0, times: weight0)
        return sum.reduced()
    }

    /// Multiplies lanes 1…11 (as a row vector) by the 11 × 11 initial matrix; lane 0 passes
    /// through: `new[c] = Σᵣ s[r] · m[r − 1][c − 1]`. (The 12
    /// `FAST_PARTIAL_FIRST_ROUND_CONSTANT`s that precede it were added by the last full round's
    /// MDS layer.)
    @inlinable @inline(__always)
    static func partialRoundsInitialLayer(_ s: inout PoseidonLanes, table: UnsafePointer<UInt64>) {
        // Column j of the matrix holds the weights of new lane j + 1 (stored contiguously).
        let m = table + PoseidonFastTable.initialMatrixColumns
        s = PoseidonLanes(
            s.x0,
            dot11(s, m, plus: 0, times: 0), dot11(s, m + 11, plus: 0, times: 0),
            dot11(s, m + 22, plus: 0, times: 0), dot11(s, m + 33, plus: 0, times: 0),
            dot11(s, m + 44, plus: 0, times: 0), dot11(s, m + 55, plus: 0, times: 0),
            dot11(s, m + 66, plus: 0, times: 0), dot11(s, m + 77, plus: 0, times: 0),
            dot11(s, m + 88, plus: 0, times: 0), dot11(s, m + 99, plus: 0, times: 0),
            dot11(s, m + 110, plus: 0, times: 0)
        )
    }

    /// One fast partial round with its 23-value record `r` (constant, `ŵ`, `v`):
    /// `s₀ ← s₀^7 + c`; new lane 0 = `25 · s₀ + Σ ŵ · sᵢ` (25 = `MDS_MATRIX_CIRC[0] +
    /// MDS_MATRIX_DIAG[0]`); lane i += `s₀ · vᵢ`, each with one reduction.
    @inlinable @inline(__always)
    static func fastPartialRound(_ s: inout PoseidonLanes, record r: UnsafePointer<UInt64>) {
        let s0 = Lazy.add(Lazy.sbox(s.x0), canonical: r[0])
        s.x0 = dot11(s, r + 1, plus: s0, times: 25)
        let v = r + 12
        s.x1 = Lazy.multiplyAdd(s.x1, s0, v[0])
        s.x2 = Lazy.multiplyAdd(s.x2, s0, v[1])
        s.x3 = Lazy.multiplyAdd(s.x3, s0, v[2])
        s.x4 = Lazy.multiplyAdd(s.x4, s0, v[3])
        s.x5 = Lazy.multiplyAdd(s.x5, s0, v[4])
        s.x6 = Lazy.multiplyAdd(s.x6, s0, v[5])
        s.x7 = Lazy.multiplyAdd(s.x7, s0, v[6])
        s.x8 = Lazy.multiplyAdd(s.x8, s0, v[7])
        s.x9 = Lazy.multiplyAdd(s.x9, s0, v[8])
        s.x10 = Lazy.multiplyAdd(s.x10, s0, v[9])
        s.x11 = Lazy.multiplyAdd(s.x11, s0, v[10])
    }

    /// All 22 partial rounds (fast form), replacing textbook rounds 4…25. Expects the
    /// `FAST_PARTIAL_FIRST_ROUND_CONSTANT`s already added; accepts and returns lanes `< 2^64`.
    @inlinable @inline(__always)
    static func fastPartialRounds(_ s: inout PoseidonLanes, table: UnsafePointer<UInt64>) {
        partialRoundsInitialLayer(&s, table: table)
        var record = table + PoseidonFastTable.partialRounds
        for _ in 0..<22 {
            fastPartialRound(&s, record: record)
            record += PoseidonFastTable.partialRoundStride
        }
    }
}
