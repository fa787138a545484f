/// Why a FRI proof was rejected. Every case names where.
public enum FRIError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The parameters are below the security floor.
    case insufficientSecurity(bits: Int, required: Int)
    /// A parameter is out of range.
    case invalidParameters(String)
    /// The proof's shape does not match what the parameters and inputs imply.
    case shapeMismatch(String)
    /// A layer's opening does not verify against its cap.
    case layerMerkle(round: Int, MerkleError)
    /// A layer's opened cosets are not the ones the transcript's query indices select: something
    /// observed earlier (a commitment, the final polynomial, the nonce) differs from the prover's.
    case queryPositionsMismatch(round: Int)
    /// The proof-of-work nonce does not give the required leading zeros.
    case proofOfWorkInvalid
    /// A query's value differs from the value opened in the layer of commit round `round`.
    case foldMismatch(query: Int, round: Int)
    /// A query's fully folded value differs from the final polynomial at its point.
    case finalPolynomialMismatch(query: Int)

    public var description: String {
        switch self {
        case let .insufficientSecurity(bits, required): "FRI parameters give \(bits) conjectured bits; at least \(required) are required"
        case let .invalidParameters(what): "invalid FRI parameters: \(what)"
        case let .shapeMismatch(what): "FRI proof shape mismatch: \(what)"
        case let .layerMerkle(round, error): "FRI layer \(round): \(error)"
        case let .queryPositionsMismatch(round): "FRI layer \(round): the opened cosets are not at this transcript's query positions (an earlier proof part differs from the prover's)"
        case .proofOfWorkInvalid: "FRI proof-of-work nonce is invalid"
        case let .foldMismatch(query, round): "FRI query \(query): folded value does not match layer \(round)"
        case let .finalPolynomialMismatch(query): "FRI query \(query): final polynomial does not match the folded value"
        }
    }
}
