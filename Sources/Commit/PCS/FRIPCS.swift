import Field

/// A polynomial commitment scheme for batches of polynomials, built on FRI.
///
/// Commit: a batch is given by its evaluations over a subgroup H; its coset LDE (blowup from the
/// parameters) is Merkle-committed row by row. Open: each batch is opened at its own extension
/// points with DEEP quotients, all combined with powers of one challenge α into one codeword per
/// LDE height, and one FRI proof covers every height (see `FRISchedule` for the roll-in).
///
/// The caller observes each batch's cap in its transcript before drawing the opening points.
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
    /// natural order).
    public func commit(_ evaluations: RowMajorMatrix<Goldilocks>) -> CommittedBatch {
        commit(evaluations, extended: extend(evaluations))
    }

    /// The low-degree extension `commit` computes: the columns' coset LDE on g·H' (bit-reversed
    /// rows). Split out so a prover can time the LDE and the Merkle tree apart.
    public func extend(_ evaluations: RowMajorMatrix<Goldilocks>) -> RowMajorMatrix<Goldilocks> {
        evaluations.cosetLDE(logBlowup: parameters.logBlowup, shift: .multiplicativeGenerator)
    }

    /// Commits to `evaluations` given their LDE from `extend` (precondition: it is).
    public func commit(_ evaluations: RowMajorMatrix<Goldilocks>, extended lde: RowMajorMatrix<Goldilocks>) -> CommittedBatch {
        precondition(lde.width == evaluations.width && lde.height == evaluations.height << parameters.logBlowup, "not this batch's LDE")
        return CommittedBatch(evaluations: evaluations, lde: lde, tree: MerkleTree(leaves: lde, capHeight: parameters.capHeight))
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
