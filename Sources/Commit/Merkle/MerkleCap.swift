import Field
import Poseidon

/// The 2^h roots a Merkle tree stops at: what a prover sends as its commitment.
public struct MerkleCap: Hashable, Sendable {
    public var roots: [Digest]

    public init(_ roots: [Digest]) { self.roots = roots }

    /// log₂ of the number of roots (their count is a power of two).
    public var height: Int { roots.count.trailingZeroBitCount }

    public func write(to writer: inout ByteWriter) {
        writer.writeCount(roots.count)
        for root in roots { writer.write(root) }
    }

    /// Reads a cap of at most 2^`maximumHeight` roots; the count must be a power of two.
    public static func read(from reader: inout ByteReader, maximumHeight: Int = 16) throws(ByteDecodingError) -> MerkleCap {
        let at = reader.offset
        let count = try reader.readCount(1...(1 << maximumHeight), what: "Merkle cap root")
        guard count & (count - 1) == 0 else { throw .invalidValue(offset: at, what: "Merkle cap size \(count) (not a power of two)") }
        var roots = [Digest]()
        for _ in 0..<count { roots.append(try reader.readDigest()) }
        return MerkleCap(roots)
    }
}
