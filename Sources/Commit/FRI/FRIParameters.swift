import Field

/// The knobs of FRI and of the batch polynomial commitment built on it. A proof carries them, so
/// a verifier knows what it is checking, and refuses them below `minimumSecurityBits`.
public struct FRIParameters: Hashable, Sendable, CustomStringConvertible {
    /// log₂ of the blowup (rate ρ = 2^−logBlowup). 1…8.
    public var logBlowup: Int
    /// Number of FRI queries. 1…1024.
    public var queryCount: Int
    /// Proof-of-work bits ground before the query phase. 0…32.
    public var proofOfWorkBits: Int
    /// log₂ of the folding arity: each commit round folds by 2^logFoldingArity (2…16). 1…4.
    public var logFoldingArity: Int
    /// Folding stops when the polynomial has at most 2^logFinalPolynomialLength coefficients;
    /// they are sent in the clear. 0…12.
    public var logFinalPolynomialLength: Int
    /// log₂ of the number of roots of every Merkle cap. 0…8.
    public var capHeight: Int

    public init(logBlowup: Int, queryCount: Int, proofOfWorkBits: Int, logFoldingArity: Int = 3, logFinalPolynomialLength: Int = 3, capHeight: Int = 4) {
        self.logBlowup = logBlowup
        self.queryCount = queryCount
        self.proofOfWorkBits = proofOfWorkBits
        self.logFoldingArity = logFoldingArity
        self.logFinalPolynomialLength = logFinalPolynomialLength
        self.capHeight = capHeight
    }

    public var description: String {
        "blowup \(1 << logBlowup), \(queryCount) queries, \(proofOfWorkBits) proof-of-work bits, folding arity \(1 << logFoldingArity), final polynomial \(1 << logFinalPolynomialLength), cap height \(capHeight)"
    }

    /// DESIGN.md §2: at least 100 conjectured bits.
    public static let minimumSecurityBits = 100

    /// Conjectured security: queries × log₂(blowup) + proof-of-work bits (the usual FRI
    /// conjecture, as in plonky2 and Plonky3). Challenges come from the ~2^128 extension, which
    /// caps the total; the presets stay well below that cap.
    public var conjecturedSecurityBits: Int { queryCount * logBlowup + proofOfWorkBits }

    /// blowup 2, 84 queries, 16 PoW bits: 100 bits; fast to prove (segment proofs).
    public static let fast = FRIParameters(logBlowup: 1, queryCount: 84, proofOfWorkBits: 16)
    /// blowup 8, 28 queries, 16 PoW bits: 100 bits; smaller proofs (recursion layers).
    public static let compact = FRIParameters(logBlowup: 3, queryCount: 28, proofOfWorkBits: 16)

    /// Checks every field is in range and the security floor is met.
    public func validate() throws(FRIError) {
        func check(_ value: Int, _ range: ClosedRange<Int>, _ name: String) throws(FRIError) {
            guard range.contains(value) else { throw .invalidParameters("\(name) = \(value) is outside \(range.lowerBound)…\(range.upperBound)") }
        }
        try check(logBlowup, 1...8, "log blowup")
        try check(queryCount, 1...1024, "query count")
        try check(proofOfWorkBits, 0...32, "proof-of-work bits")
        try check(logFoldingArity, 1...4, "log folding arity")
        try check(logFinalPolynomialLength, 0...12, "log final polynomial length")
        try check(capHeight, 0...8, "cap height")
        guard conjecturedSecurityBits >= Self.minimumSecurityBits else {
            throw .insufficientSecurity(bits: conjecturedSecurityBits, required: Self.minimumSecurityBits)
        }
    }

    public func write(to writer: inout ByteWriter) {
        for value in [logBlowup, queryCount, proofOfWorkBits, logFoldingArity, logFinalPolynomialLength, capHeight] {
            writer.writeCount(value)
        }
    }

    /// Reads parameters; their ranges are checked by `validate()`, not here.
    public static func read(from reader: inout ByteReader) throws(ByteDecodingError) -> FRIParameters {
        var values = [Int]()
        for name in ["log blowup", "query count", "proof-of-work bits", "log folding arity", "log final polynomial length", "cap height"] {
            values.append(try reader.readCount(0...4096, what: name))
        }
        return FRIParameters(logBlowup: values[0], queryCount: values[1], proofOfWorkBits: values[2], logFoldingArity: values[3], logFinalPolynomialLength: values[4], capHeight: values[5])
    }
}
