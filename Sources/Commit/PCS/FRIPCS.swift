import Field

/// A polynomial commitment scheme for batches of polynomials, built on FRI.
///
/// Commit: a batch is given by its evaluations over a subgroup H; its coset LDE (blowup from the
/// parameters) is Merkle-committed row by row, several batches of any heights per round in one
/// mixed-height tree (`MixedMerkleTree`). Open: each batch is opened at its own extension points
/// with DEEP quotients, all combined with powers of one challenge α into one codeword per LDE
/// height, and one FRI proof covers every height (see `FRISchedule` for the roll-in); each
/// round's rows at the query positions are opened with one multi-proof.
///
/// The caller observes each round's cap in its transcript before drawing the opening points.
public struct FRIPCS: Sendable {
    public let parameters: FRIParameters
    /// Base-field elements of salt per committed leaf: 0 unless the commitments are hiding
    /// (zero-knowledge mode). The verifier refuses salted openings when it is 0, so a prover
    /// cannot choose leaf digests through salts in a proof that does not need them.
    public let saltLength: Int

    public init(parameters: FRIParameters, saltLength: Int = 0) {
        self.parameters = parameters
        self.saltLength = saltLength
    }

    /// Commits to the columns of `evaluations` (height a power of two, evaluations over H in
    /// natural order) as a round of one batch.
    public func commit(_ evaluations: RowMajorMatrix<Goldilocks>) -> CommittedRound {
        commit([evaluations], extended: [extend(evaluations)])
    }

    /// Commits several batches in one round (one mixed-height tree over their LDEs).
    public func commit(_ evaluations: [RowMajorMatrix<Goldilocks>]) -> CommittedRound {
        commit(evaluations, extended: evaluations.map(extend))
    }

    /// The low-degree extension `commit` computes: the columns' coset LDE on g·H' (bit-reversed
    /// rows). Split out so a prover can time the LDE and the Merkle tree apart.
    public func extend(_ evaluations: RowMajorMatrix<Goldilocks>) -> RowMajorMatrix<Goldilocks> {
        evaluations.cosetLDE(logBlowup: parameters.logBlowup, shift: .multiplicativeGenerator)
    }

    /// Commits the batches `evaluations` in one round given their LDEs from `extend`
    /// (precondition: they are).
    public func commit(_ evaluations: [RowMajorMatrix<Goldilocks>], extended ldes: [RowMajorMatrix<Goldilocks>]) -> CommittedRound {
        precondition(!evaluations.isEmpty && evaluations.count == ldes.count, "one LDE per batch, at least one batch")
        for (evaluation, lde) in zip(evaluations, ldes) {
            precondition(lde.width == evaluation.width && lde.height == evaluation.height << parameters.logBlowup, "not this batch's LDE")
        }
        return CommittedRound(batches: zip(evaluations, ldes).map { CommittedBatch(evaluations: $0, lde: $1) },
                              tree: MixedMerkleTree(matrices: ldes, capHeight: parameters.capHeight))
    }

    /// The running offsets of α powers: batch b, point j starts at
    /// α^(offset[b] + j·width_b), counted separately per LDE height, in batch then point order.
    static func alphaOffsets(logLDEHeights: [Int], widths: [Int], pointCounts: [Int]) -> [Int] {
        var next = [Int: Int]()
        var offsets = [Int]()
        for b in logLDEHeights.indices {
            let start = next[logLDEHeights[b], default: 0]
            offsets.append(start)
            next[logLDEHeights[b]] = start + widths[b] * pointCounts[b]
        }
        return offsets
    }
}
