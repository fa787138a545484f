import Field
import Poseidon

/// One Merkle tree over several matrices of different heights (powers of two), as Plonky3's
/// MMCS commits a round: the leaves are the rows of the tallest matrices (the rows of all
/// matrices of that height, concatenated in matrix order, hashed together); going up, wherever a
/// level has as many nodes as some shorter matrices have rows, each node is compressed once more
/// with the hash of those matrices' concatenated row:
///
///     node′ = compress(node, hash(row_i of the matrices of height 2^level))
///
/// Row i of a matrix of height 2^h thus sits under node i of the level with 2^h nodes, and an
/// opening of leaf index q of the tallest matrices opens row q >> (H − h) of each. One tree per
/// round instead of one per matrix: one authentication path per query, not one per table.
///
/// The cap has 2^min(capHeight, h_min) roots, h_min the shortest matrix's log height (so every
/// matrix is injected below the cap). A tree of one matrix is exactly `MerkleTree`'s.
public struct MixedMerkleTree: Sendable {
    /// The committed matrices, in commitment order.
    public let matrices: [RowMajorMatrix<Goldilocks>]
    /// log₂ of the tallest matrix's height (the leaf count).
    public let logLeafCount: Int
    /// log₂ of the cap size: min(the requested cap height, the shortest matrix's log height).
    public let capHeight: Int
    /// `levels[0]` are the leaf digests; `levels[k]` has 2^(logLeafCount − k) nodes, injections
    /// included; the last level is the cap.
    let levels: [[Digest]]

    /// Commits `matrices` (at least one; heights powers of two).
    public init(matrices: [RowMajorMatrix<Goldilocks>], capHeight: Int) {
        precondition(!matrices.isEmpty, "nothing to commit")
        let logHeights = matrices.map { $0.height.exactLog2 }
        self.matrices = matrices
        logLeafCount = logHeights.max()!
        self.capHeight = Self.capHeight(requested: capHeight, logHeights: logHeights)
        var levels = [Self.rowDigests(of: matrices, logHeight: logLeafCount)!]
        for level in stride(from: 1, through: logLeafCount - self.capHeight, by: 1) {
            var parents = MerkleTree.compressLevel(levels[level - 1])
            if let injected = Self.rowDigests(of: matrices, logHeight: logLeafCount - level) {
                parents.withUnsafeMutableBufferPointer { parents in
                    injected.withUnsafeBufferPointer { injected in
                        parallelFor(0..<parents.count, minimumChunk: 256) { nodes in
                            for node in nodes { parents[node] = Poseidon.compress(parents[node], injected[node]) }
                        }
                    }
                }
            }
            levels.append(parents)
        }
        self.levels = levels
    }

    /// The cap height a tree over matrices of these log heights has.
    public static func capHeight(requested: Int, logHeights: [Int]) -> Int {
        min(max(requested, 0), logHeights.min() ?? 0)
    }

    /// The hashes of the concatenated rows of the matrices of height 2^logHeight, or nil if none
    /// has that height.
    static func rowDigests(of matrices: [RowMajorMatrix<Goldilocks>], logHeight: Int) -> [Digest]? {
        let group = matrices.filter { $0.height == 1 << logHeight }
        guard !group.isEmpty else { return nil }
        if group.count == 1 { return MerkleTree.hashLeaves(group[0], salts: nil) }
        return MerkleTree.hashLeaves(RowMajorMatrix(concatenatingColumnsOf: group), salts: nil)
    }

    /// The 2^capHeight roots.
    public var cap: MerkleCap { MerkleCap(levels[levels.count - 1]) }

    /// Opens leaf indices of the tallest matrices (any order, duplicates allowed): each matrix's
    /// rows at the distinct indices shifted to its height, and one multi-proof.
    public func open(_ indices: [Int]) -> MixedMerkleOpening {
        let distinct = Array(Set(indices)).sorted()
        precondition(distinct.allSatisfy { (0..<(1 << logLeafCount)).contains($0) }, "leaf index out of range")
        let rows = matrices.map { matrix in
            let shift = logLeafCount - matrix.height.exactLog2
            return Array(Set(distinct.map { $0 >> shift })).sorted().map { Array(matrix.row($0)) }
        }
        return MixedMerkleOpening(rows: rows, proof: MerkleMultiProof(siblings: MerkleTree.siblings(of: distinct, levels: levels, count: logLeafCount - capHeight)))
    }
}

extension RowMajorMatrix where Element == Goldilocks {
    /// The matrices side by side (equal heights): row i is the concatenation of their rows i.
    init(concatenatingColumnsOf matrices: [RowMajorMatrix<Goldilocks>]) {
        let height = matrices[0].height
        let width = matrices.reduce(0) { $0 + $1.width }
        var values = [Goldilocks](repeating: .zero, count: width * height)
        values.withUnsafeMutableBufferPointer { output in
            var offset = 0
            for matrix in matrices {
                let w = matrix.width
                matrix.values.withUnsafeBufferPointer { input in
                    for row in 0..<height {
                        for c in 0..<w { output[row * width + offset + c] = input[row * w + c] }
                    }
                }
                offset += w
            }
        }
        self.init(values: values, width: width)
    }
}

/// The rows of every matrix of a `MixedMerkleTree` at the opened positions, with the proof.
public struct MixedMerkleOpening: Hashable, Sendable {
    /// Per matrix: its rows at the distinct opened row indices, ascending.
    public var rows: [[[Goldilocks]]]
    public var proof: MerkleMultiProof

    public init(rows: [[[Goldilocks]]], proof: MerkleMultiProof) {
        self.rows = rows
        self.proof = proof
    }

    /// Verifies the rows at leaf indices `sortedIndices` (distinct, ascending, of the tallest
    /// matrices) against `cap`. Every shape is the verifier's own: the matrices' log heights and
    /// widths, the requested cap height. Returns each matrix's rows by row index.
    public func verify(cap: MerkleCap, capHeight requested: Int, logHeights: [Int], widths: [Int], sortedIndices: [Int]) throws(MerkleError) -> [[Int: [Goldilocks]]] {
        guard !logHeights.isEmpty, logHeights.count == widths.count else { throw .shapeMismatch("no matrices, or heights and widths disagree") }
        guard rows.count == logHeights.count else { throw .shapeMismatch("\(rows.count) matrices opened, expected \(logHeights.count)") }
        let logLeafCount = logHeights.max()!
        let capHeight = MixedMerkleTree.capHeight(requested: requested, logHeights: logHeights)
        guard cap.roots.count == 1 << capHeight else { throw .capSizeMismatch(expected: 1 << capHeight, actual: cap.roots.count) }
        var previous = -1
        for index in sortedIndices {
            guard (0..<(1 << logLeafCount)).contains(index) else { throw .indexOutOfRange(index: index, leafCount: 1 << logLeafCount) }
            guard index > previous else { throw .shapeMismatch("indices are not distinct and ascending") }
            previous = index
        }
        var byIndex = [[Int: [Goldilocks]]]()
        for m in logHeights.indices {
            let rowIndices = Array(Set(sortedIndices.map { $0 >> (logLeafCount - logHeights[m]) })).sorted()
            guard rows[m].count == rowIndices.count else { throw .shapeMismatch("matrix \(m): \(rows[m].count) rows opened for \(rowIndices.count) positions") }
            for row in rows[m] where row.count != widths[m] { throw .shapeMismatch("matrix \(m): row of width \(row.count), expected \(widths[m])") }
            byIndex.append(Dictionary(uniqueKeysWithValues: zip(rowIndices, rows[m])))
        }
        /// The hash of the concatenated rows at `index` of the matrices of height 2^logHeight.
        func digest(logHeight: Int, index: Int) -> Digest? {
            let group = logHeights.indices.filter { logHeights[$0] == logHeight }
            guard !group.isEmpty else { return nil }
            return MerkleTree.hashLeaf(row: group.flatMap { byIndex[$0][index]! }[...])
        }
        let leaves = sortedIndices.map { digest(logHeight: logLeafCount, index: $0)! }
        try proof.recompute(cap: cap, levels: logLeafCount - capHeight, sortedIndices: sortedIndices, leafDigests: leaves) { level, node, parent in
            guard let injected = digest(logHeight: logLeafCount - level, index: node) else { return parent }
            return Poseidon.compress(parent, injected)
        }
        return byIndex
    }

    /// Matrix count, then per matrix its rows (count, then each row with its length), then the proof.
    public func write(to writer: inout ByteWriter) {
        writer.writeCount(rows.count)
        for matrix in rows {
            writer.writeCount(matrix.count)
            for row in matrix { writer.write(elements: row) }
        }
        proof.write(to: &writer)
    }

    public static func read(from reader: inout ByteReader) throws(ByteDecodingError) -> MixedMerkleOpening {
        let matrixCount = try reader.readCount(0...1024, what: "opened matrix")
        var rows = [[[Goldilocks]]]()
        for _ in 0..<matrixCount {
            let count = try reader.readCount(0...(1 << 16), what: "opened row")
            var matrix = [[Goldilocks]]()
            for _ in 0..<count { matrix.append(try reader.readElements(Goldilocks.self, count: 0...(1 << 16), what: "row element")) }
            rows.append(matrix)
        }
        return MixedMerkleOpening(rows: rows, proof: try MerkleMultiProof.read(from: &reader))
    }
}
