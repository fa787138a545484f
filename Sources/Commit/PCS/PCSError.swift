/// Why an opening proof was rejected.
public enum PCSError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The proof's shape does not match the claimed batches and points.
    case shapeMismatch(String)
    /// Round `round`'s opened rows do not verify against its cap (or have the wrong shape).
    case roundMerkle(round: Int, MerkleError)
    /// An opening point lies in the evaluation domain (the DEEP quotient is undefined there).
    case openingPointInDomain(batch: Int, point: Int)
    /// The FRI proof of the combined quotient failed.
    case fri(FRIError)

    public var description: String {
        switch self {
        case let .shapeMismatch(what): "opening proof shape mismatch: \(what)"
        case let .roundMerkle(round, error): "commitment round \(round): \(error)"
        case let .openingPointInDomain(batch, point): "batch \(batch): opening point \(point) lies in the evaluation domain"
        case let .fri(error): error.description
        }
    }
}
