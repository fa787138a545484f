import Field

/// A batch of polynomials committed by the prover: their evaluations over the subgroup H
/// (columns of `evaluations`, natural row order), their low-degree extension to the coset
/// g·H' with |H'| = |H|·blowup (bit-reversed rows), and the Merkle tree over the LDE rows.
public struct CommittedBatch: Sendable {
    public let evaluations: RowMajorMatrix<Goldilocks>
    public let lde: RowMajorMatrix<Goldilocks>
    public let tree: MerkleTree

    public var cap: MerkleCap { tree.cap }
    public var width: Int { evaluations.width }
    /// log₂ of the number of rows of `evaluations` (the polynomials have degree < 2^logHeight).
    public var logHeight: Int { evaluations.height.exactLog2 }
    /// log₂ of the number of LDE rows.
    public var logLDEHeight: Int { tree.logLeafCount }
}

/// What the verifier knows about one committed batch and the points it is opened at.
public struct BatchShape: Hashable, Sendable {
    public var cap: MerkleCap
    /// log₂ of the number of trace rows (the degree bound).
    public var logHeight: Int
    /// Number of polynomials (columns).
    public var width: Int
    /// The points the batch is opened at.
    public var points: [GoldilocksExtension]

    public init(cap: MerkleCap, logHeight: Int, width: Int, points: [GoldilocksExtension]) {
        self.cap = cap
        self.logHeight = logHeight
        self.width = width
        self.points = points
    }
}
