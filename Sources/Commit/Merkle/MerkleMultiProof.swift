import Field
import Poseidon

/// Why a Merkle opening did not verify.
public enum MerkleError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An opened index is not a leaf of a tree of `leafCount` leaves.
    case indexOutOfRange(index: Int, leafCount: Int)
    /// The opening's shape does not match the indices or the tree (row count, row width, salts).
    case shapeMismatch(String)
    /// The proof ran out of siblings at `level` (0 = leaves).
    case missingSiblings(level: Int)
    /// The proof has `count` siblings more than the openings need.
    case unusedSiblings(count: Int)
    /// The recomputed root at cap position `capIndex` differs from the commitment.
    case rootMismatch(capIndex: Int)
    /// The cap does not have the size the tree's parameters imply.
    case capSizeMismatch(expected: Int, actual: Int)
    /// The opening carries salts, but the commitment is not hiding (salts are for
    /// zero-knowledge mode only: they would let a prover pick leaf digests freely elsewhere).
    case unexpectedSalts

    public var description: String {
        switch self {
        case let .indexOutOfRange(index, leafCount): "leaf index \(index) outside a tree of \(leafCount) leaves"
        case let .shapeMismatch(what): "opening shape mismatch: \(what)"
        case let .missingSiblings(level): "Merkle proof too short: siblings missing at level \(level)"
        case let .unusedSiblings(count): "Merkle proof has \(count) unused siblings"
        case let .rootMismatch(capIndex): "recomputed root does not match cap entry \(capIndex)"
        case let .capSizeMismatch(expected, actual): "Merkle cap has \(actual) roots, expected \(expected)"
        case .unexpectedSalts: "salted Merkle leaves in a proof that is not zero-knowledge"
        }
    }
}

/// The siblings that authenticate several leaves of one tree at once (shared path nodes are sent
/// once). Produced by `MerkleTree.multiProof(_:)`; order: level by level from the leaves, within
/// a level by ascending node index.
public struct MerkleMultiProof: Hashable, Sendable {
    public var siblings: [Digest]

    public init(siblings: [Digest]) { self.siblings = siblings }

    /// The number of roots of the cap of a tree of 2^logLeafCount leaves built with cap height
    /// `capHeight`: 2^min(capHeight, logLeafCount) (a short tree stops at its leaves).
    public static func capSize(capHeight: Int, logLeafCount: Int) -> Int {
        1 << min(capHeight, logLeafCount)
    }

    /// Checks that the leaves with the given digests, at `sortedIndices` (distinct, ascending),
    /// belong to the tree of 2^logLeafCount leaves committed to by `cap`. `capHeight` is the
    /// verifier's own parameter, never the cap's: the cap must have exactly
    /// `capSize(capHeight:logLeafCount:)` roots.
    public func verify(cap: MerkleCap, capHeight: Int, logLeafCount: Int, sortedIndices: [Int], leafDigests: [Digest]) throws(MerkleError) {
        let leafCount = 1 << logLeafCount
        let capHeight = min(capHeight, logLeafCount)
        guard cap.roots.count == 1 << capHeight else {
            throw .capSizeMismatch(expected: 1 << capHeight, actual: cap.roots.count)
        }
        guard leafDigests.count == sortedIndices.count else {
            throw .shapeMismatch("\(leafDigests.count) leaves for \(sortedIndices.count) indices")
        }
        var previous = -1
        for index in sortedIndices {
            guard (0..<leafCount).contains(index) else { throw .indexOutOfRange(index: index, leafCount: leafCount) }
            guard index > previous else { throw .shapeMismatch("indices are not distinct and ascending") }
            previous = index
        }
        try recompute(cap: cap, levels: logLeafCount - capHeight, sortedIndices: sortedIndices, leafDigests: leafDigests, inject: nil)
    }

    /// Recomputes the cap entries above the leaves at `sortedIndices` (checked distinct,
    /// ascending, in range by the caller) through `levels` levels of siblings and compares them
    /// with `cap`. `inject(level, node, digest)`, if given, replaces each recomputed node of
    /// level `level` (1 = the leaves' parents) before it is used further up: the mixed-height
    /// tree's injection of its shorter matrices.
    func recompute(cap: MerkleCap, levels: Int, sortedIndices: [Int], leafDigests: [Digest],
                   inject: ((Int, Int, Digest) throws(MerkleError) -> Digest)?) throws(MerkleError) {
        var nodes = zip(sortedIndices, leafDigests).map { (index: $0, digest: $1) }
        var next = 0
        for level in 0..<levels {
            var parents = [(index: Int, digest: Digest)]()
            parents.reserveCapacity(nodes.count)
            var i = 0
            while i < nodes.count {
                let node = nodes[i]
                var parent: Digest
                if i + 1 < nodes.count, nodes[i + 1].index == node.index ^ 1 {
                    parent = Poseidon.compress(node.digest, nodes[i + 1].digest)
                    i += 2
                } else {
                    guard next < siblings.count else { throw .missingSiblings(level: level) }
                    let sibling = siblings[next]
                    next += 1
                    parent = node.index & 1 == 0 ? Poseidon.compress(node.digest, sibling) : Poseidon.compress(sibling, node.digest)
                    i += 1
                }
                if let inject { parent = try inject(level + 1, node.index >> 1, parent) }
                parents.append((node.index >> 1, parent))
            }
            nodes = parents
        }
        guard next == siblings.count else { throw .unusedSiblings(count: siblings.count - next) }
        for node in nodes where cap.roots[node.index] != node.digest {
            throw .rootMismatch(capIndex: node.index)
        }
    }

    public func write(to writer: inout ByteWriter) {
        writer.writeCount(siblings.count)
        for sibling in siblings { writer.write(sibling) }
    }

    public static func read(from reader: inout ByteReader) throws(ByteDecodingError) -> MerkleMultiProof {
        let count = try reader.readCount(0...(1 << 20), what: "Merkle sibling")
        guard reader.remaining >= count * 32 else { throw .truncated(offset: reader.offset, needed: count * 32 - reader.remaining) }
        var siblings = [Digest]()
        siblings.reserveCapacity(count)
        for _ in 0..<count { siblings.append(try reader.readDigest()) }
        return MerkleMultiProof(siblings: siblings)
    }
}

/// Opened rows of one tree with the proof that authenticates them: the rows (and salts) of the
/// distinct requested indices in ascending order.
public struct MerkleOpening: Hashable, Sendable {
    public var rows: [[Goldilocks]]
    /// One salt per row in zero-knowledge mode; empty otherwise.
    public var salts: [[Goldilocks]]
    public var proof: MerkleMultiProof

    public init(rows: [[Goldilocks]], salts: [[Goldilocks]] = [], proof: MerkleMultiProof) {
        self.rows = rows
        self.salts = salts
        self.proof = proof
    }

    /// Verifies the rows at `sortedIndices` against `cap`, all shapes from the verifier's own
    /// parameters: `width` is the committed row width, `capHeight` the tree's cap height, and
    /// `saltLength` the salt of every leaf (0: the commitment is not hiding and salts are refused).
    public func verify(cap: MerkleCap, capHeight: Int, logLeafCount: Int, sortedIndices: [Int], width: Int, saltLength: Int = 0) throws(MerkleError) {
        guard rows.count == sortedIndices.count else {
            throw .shapeMismatch("\(rows.count) rows opened for \(sortedIndices.count) indices")
        }
        if saltLength == 0 {
            guard salts.isEmpty else { throw .unexpectedSalts }
        } else {
            guard salts.count == rows.count else { throw .shapeMismatch("\(salts.count) salts for \(rows.count) rows") }
            for salt in salts where salt.count != saltLength {
                throw .shapeMismatch("salt of length \(salt.count), expected \(saltLength)")
            }
        }
        for row in rows where row.count != width {
            throw .shapeMismatch("row of width \(row.count), expected \(width)")
        }
        let digests = rows.indices.map { i in
            MerkleTree.hashLeaf(row: rows[i][...], salt: salts.isEmpty ? nil : salts[i][...])
        }
        try proof.verify(cap: cap, capHeight: capHeight, logLeafCount: logLeafCount, sortedIndices: sortedIndices, leafDigests: digests)
    }

    /// Writes rows of a known width (the verifier knows the width, so it is not repeated per row).
    public func write(to writer: inout ByteWriter) {
        writer.writeCount(rows.count)
        writer.write(UInt8(salts.isEmpty ? 0 : 1))
        for (i, row) in rows.enumerated() {
            writer.writeCount(row.count)
            for value in row { writer.write(value) }
            if !salts.isEmpty {
                writer.writeCount(salts[i].count)
                for value in salts[i] { writer.write(value) }
            }
        }
        proof.write(to: &writer)
    }

    public static func read(from reader: inout ByteReader) throws(ByteDecodingError) -> MerkleOpening {
        let count = try reader.readCount(0...(1 << 16), what: "opened row")
        let saltedAt = reader.offset
        let salted = try reader.readByte()
        guard salted <= 1 else { throw .invalidValue(offset: saltedAt, what: "salt flag \(salted)") }
        var rows = [[Goldilocks]]()
        var salts = [[Goldilocks]]()
        for _ in 0..<count {
            rows.append(try readRow(&reader))
            if salted == 1 { salts.append(try readRow(&reader)) }
        }
        return MerkleOpening(rows: rows, salts: salts, proof: try MerkleMultiProof.read(from: &reader))
    }

    private static func readRow(_ reader: inout ByteReader) throws(ByteDecodingError) -> [Goldilocks] {
        let width = try reader.readCount(0...(1 << 16), what: "row element")
        guard reader.remaining >= width * 8 else { throw .truncated(offset: reader.offset, needed: width * 8 - reader.remaining) }
        var row = [Goldilocks]()
        row.reserveCapacity(width)
        for _ in 0..<width { row.append(try reader.readElement()) }
        return row
    }
}
