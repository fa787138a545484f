import Field

/// plonky2's Poseidon permutation over Goldilocks: width 12 (rate 8, capacity 4), S-box x^7,
/// 8 full and 22 partial rounds (DESIGN.md §5). Constants: `PoseidonConstants`.
///
/// ## Round structure
///
/// Round `r` (0…29) of the textbook form (`permuteReference`):
/// 1. add `ALL_ROUND_CONSTANTS[12r ..< 12r + 12]` to the 12 lanes;
/// 2. S-box x ↦ x^7 on every lane in full rounds (r < 4 or r ≥ 26), on lane 0 only in partial
///    rounds (4 ≤ r < 26);
/// 3. multiply by the MDS matrix `circ(MDS_MATRIX_CIRC) + diag(MDS_MATRIX_DIAG)`.
///
/// The fast form (`permute`) computes the same function: 4 full rounds, the 22 partial rounds in
/// the sparse-matrix form (`partialRounds`, Poseidon paper appendix B), 4 full rounds. Lanes are
/// kept as values `< 2^64` congruent mod p and canonicalised once at the end.
public enum Poseidon {
    public static let width = 12, rate = 8, capacity = 4
    /// Full rounds: half before and half after the partial rounds.
    public static let fullRounds = 8
    public static let partialRounds = 22

    // MARK: - Permutation

    /// The permutation, fast form (fast partial rounds, lazy reduction). Equal to
    /// `permuteReference` on every input.
    @inlinable
    public static func permute(_ state: inout PoseidonState) {
        var lanes = PoseidonLanes(state)
        permute(lanes: &lanes)
        state = lanes.canonicalized()
    }

    /// The fast permutation on raw lanes: accepts any lanes `< 2^64` (read mod p) and returns
    /// lanes `< 2^64`, not necessarily canonical.
    ///
    /// Round constants are added one layer early (see `PoseidonFastTable`): round 0's to the
    /// input, round 26's after the partial rounds, the other full rounds' — and the partial
    /// rounds' first constants — inside the preceding MDS layer.
    ///
    /// The rounds themselves are compiled once, in this module, rather than inlined into every
    /// caller (`fullRoundsOutlined`, `partialRoundsOutlined`): measured about 10% faster than
    /// the fully inlined permutation — probably because each phase's loop then fits the core's
    /// decoded-instruction cache — and the three calls cost nothing next to ~800 ns of rounds.
    @inlinable @inline(always)
    static func permute(lanes s: inout PoseidonLanes) {
        fullRoundsOutlined(&s, firstHalf: true)
        partialRoundsOutlined(&s)
        fullRoundsOutlined(&s, firstHalf: false)
    }

    /// Adds 12 canonical constants to the lanes.
    @inlinable @inline(always)
    static func addConstants(_ s: inout PoseidonLanes, _ c: UnsafePointer<UInt64>) {
        s = PoseidonLanes(
            Lazy.add(s.x0, canonical: c[0]), Lazy.add(s.x1, canonical: c[1]),
            Lazy.add(s.x2, canonical: c[2]), Lazy.add(s.x3, canonical: c[3]),
            Lazy.add(s.x4, canonical: c[4]), Lazy.add(s.x5, canonical: c[5]),
            Lazy.add(s.x6, canonical: c[6]), Lazy.add(s.x7, canonical: c[7]),
            Lazy.add(s.x8, canonical: c[8]), Lazy.add(s.x9, canonical: c[9]),
            Lazy.add(s.x10, canonical: c[10]), Lazy.add(s.x11, canonical: c[11])
        )
    }

    // MARK: - Round phases

    /// Full rounds 0–3 with round 0's constants added first (`firstHalf`), or full rounds 26–29
    /// with round 26's.
    @usableFromInline @inline(never)
    static func fullRoundsOutlined(_ s: inout PoseidonLanes, firstHalf: Bool) {
        let table = PoseidonFastTable.shared.base
        addConstants(&s, table + (firstHalf ? PoseidonFastTable.initialConstants : PoseidonFastTable.secondHalfConstants))
        var next = table + PoseidonFastTable.afterFullRound + (firstHalf ? 0 : 4 &* PoseidonFastTable.afterFullRoundStride)
        for _ in 0..<4 {
            fullRound(&s, addingAfter: next)
            next += PoseidonFastTable.afterFullRoundStride
        }
    }

    /// The 22 partial rounds (`partialRounds(_:table:)`).
    @usableFromInline @inline(never)
    static func partialRoundsOutlined(_ s: inout PoseidonLanes) {
        partialRounds(&s, table: PoseidonFastTable.shared.base)
    }
}
