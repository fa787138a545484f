import Field

/// A FRI proof: one cap per commit round, the final polynomial, the proof-of-work nonce, and
/// for each round the opened cosets (one Merkle leaf per distinct queried coset).
public struct FRIProof: Hashable, Sendable {
    /// The cap of each commit round's layer tree.
    public var layerCaps: [MerkleCap]
    /// Coefficients of the final polynomial, lowest first (2^logFinalPolynomialLength of them).
    public var finalPolynomial: [GoldilocksExtension]
    public var proofOfWorkNonce: UInt64
    /// Per round: leaves = cosets of 2^arity extension values, flattened to (c₀, c₁) pairs.
    public var layerOpenings: [MerkleOpening]

    public init(layerCaps: [MerkleCap], finalPolynomial: [GoldilocksExtension], proofOfWorkNonce: UInt64, layerOpenings: [MerkleOpening]) {
        self.layerCaps = layerCaps
        self.finalPolynomial = finalPolynomial
        self.proofOfWorkNonce = proofOfWorkNonce
        self.layerOpenings = layerOpenings
    }

    public func write(to writer: inout ByteWriter) {
        writer.writeCount(layerCaps.count)
        for cap in layerCaps { cap.write(to: &writer) }
        writer.write(elements: finalPolynomial)
        writer.write(proofOfWorkNonce)
        writer.writeCount(layerOpenings.count)
        for opening in layerOpenings { opening.write(to: &writer) }
    }

    /// Reads a proof; sizes are bounded here and checked against the schedule by the verifier.
    public static func read(from reader: inout ByteReader) throws(ByteDecodingError) -> FRIProof {
        let capCount = try reader.readCount(0...32, what: "FRI layer cap")
        var caps = [MerkleCap]()
        for _ in 0..<capCount { caps.append(try MerkleCap.read(from: &reader)) }
        let finalPolynomial = try reader.readElements(GoldilocksExtension.self, count: 1...(1 << 12), what: "final polynomial coefficient")
        let nonce = try reader.readUInt64()
        let openingCount = try reader.readCount(0...32, what: "FRI layer opening")
        var openings = [MerkleOpening]()
        for _ in 0..<openingCount { openings.append(try MerkleOpening.read(from: &reader)) }
        return FRIProof(layerCaps: caps, finalPolynomial: finalPolynomial, proofOfWorkNonce: nonce, layerOpenings: openings)
    }
}

/// The verifier's challenges from replaying the commit phase.
public struct FRIChallenges: Hashable, Sendable {
    /// One folding challenge per commit round.
    public let betas: [GoldilocksExtension]
    /// Query positions in the tallest codeword (bit-reversed index, maximumLogHeight bits).
    public let queryIndices: [Int]
}
