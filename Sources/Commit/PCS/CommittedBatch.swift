import Field

/// One batch of polynomials the prover committed: their evaluations over the subgroup H
/// (columns of `evaluations`, natural row order) and their low-degree extension to the coset
/// g·H' with |H'| = |H|·blowup (bit-reversed rows). Batches are committed in rounds
/// (`CommittedRound`): one Merkle tree over the LDEs of all batches of a round.
public struct CommittedBatch: Sendable {
    public let evaluations: RowMajorMatrix<Goldilocks>
    public let lde: RowMajorMatrix<Goldilocks>

    public var width: Int { evaluations.width }
    /// log₂ of the number of rows of `evaluations` (the polynomials have degree < 2^logHeight).
    public var logHeight: Int { evaluations.height.exactLog2 }
    /// log₂ of the number of LDE rows.
    public var logLDEHeight: Int { lde.height.exactLog2 }
}

/// Batches committed together: one mixed-height Merkle tree (`MixedMerkleTree`) over their LDEs,
/// whose cap is the round's commitment.
public struct CommittedRound: Sendable {
    public let batches: [CommittedBatch]
    public let tree: MixedMerkleTree

    public var cap: MerkleCap { tree.cap }
}

/// What the verifier knows about one committed batch and the points it is opened at.
public struct BatchShape: Hashable, Sendable {
    /// log₂ of the number of trace rows (the degree bound).
    public var logHeight: Int
    /// Number of polynomials (columns).
    public var width: Int
    /// The points the batch is opened at.
    public var points: [GoldilocksExtension]

    public init(logHeight: Int, width: Int, points: [GoldilocksExtension]) {
        self.logHeight = logHeight
        self.width = width
        self.points = points
    }
}

/// What the verifier knows about one commitment round: its cap and its batches, in order.
public struct RoundShape: Hashable, Sendable {
    public var cap: MerkleCap
    public var batches: [BatchShape]

    public init(cap: MerkleCap, batches: [BatchShape]) {
        self.cap = cap
        self.batches = batches
    }
}
