/// Why a batch opening proof was rejected.
public enum PCSError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The proof's shape does not match the claimed batches and points.
    case shapeMismatch(String)
    /// Batch `batch`'s opened rows do not verify against its cap.
    case batchMerkle(batch: Int, MerkleError)
    /// Batch `batch`'s opened rows are not the ones the transcript's query indices select:
    /// something observed earlier (a commitment, an opened value, the nonce) differs from the
    /// prover's.
    case queryPositionsMismatch(batch: Int)
    /// An opening point lies in the evaluation domain (the DEEP quotient is undefined there).
    case openingPointInDomain(batch: Int, point: Int)
    /// The FRI proof of the combined quotient failed.
    case fri(FRIError)

    public var description: String {
        switch self {
        case let .shapeMismatch(what): "opening proof shape mismatch: \(what)"
        case let .batchMerkle(batch, error): "batch \(batch): \(error)"
        case let .queryPositionsMismatch(batch): "batch \(batch): the opened rows are not at this transcript's query positions (an earlier proof part differs from the prover's)"
        case let .openingPointInDomain(batch, point): "batch \(batch): opening point \(point) lies in the evaluation domain"
        case let .fri(error): error.description
        }
    }
}
