import Field

/// Two permutations at once.
///
/// ## Why interleaving helps (and where)
///
/// The 22 partial rounds are a serial chain through lane 0: S-box x^7 (three dependent
/// multiplications, each with its reduction) and the multiply-add that produces the next lane
/// 0, about 45 cycles a round, with comparatively little other work to overlap. Two
/// *independent* states run through the partial rounds in the same loop, their steps
/// alternating, give the out-of-order core a second chain to fill those waits with (and load
/// each weight once for both): measured about 13% less time per state for the partial rounds.
///
/// The full rounds are different: each already has 12 independent S-boxes and is bound by
/// instruction throughput, not latency, so interleaving two states there gains nothing and the
/// doubled code measured slower. The two states go through them one after the other
/// (`fullRoundsOutlined`, shared with the single permutation).
///
/// The results are exactly those of two separate `permute` calls.
extension Poseidon {
    // MARK: - Two states

    /// Permutes two independent states; equal to `permute(&a); permute(&b)`, with the partial
    /// rounds of the two interleaved (see above).
    @inlinable
    public static func permute(_ a: inout PoseidonState, _ b: inout PoseidonState) {
        var x = PoseidonLanes(a), y = PoseidonLanes(b)
        permute(lanes: &x, &y)
        a = x.canonicalized()
        b = y.canonicalized()
    }

    /// Two fast permutations on raw lanes (see `permute(lanes:)` for the round structure and the
    /// lane bounds).
    @inlinable @inline(always)
    static func permute(lanes a: inout PoseidonLanes, _ b: inout PoseidonLanes) {
        fullRoundsOutlined(&a, firstHalf: true)
        fullRoundsOutlined(&b, firstHalf: true)
        partialRoundsOutlined(&a, &b)
        fullRoundsOutlined(&a, firstHalf: false)
        fullRoundsOutlined(&b, firstHalf: false)
    }

    /// The 22 partial rounds of two states (`partialRounds(_:_:table:)`), compiled once here
    /// (see `permute(lanes:)`).
    @usableFromInline @inline(never)
    static func partialRoundsOutlined(_ a: inout PoseidonLanes, _ b: inout PoseidonLanes) {
        partialRounds(&a, &b, table: PoseidonFastTable.shared.base)
    }
}
