import Field
import Poseidon

/// A Merkle tree whose leaves are the rows of a matrix: leaf i = Poseidon hash of row i (followed
/// by its salt, when the tree is salted for zero knowledge); inner nodes are Poseidon two-to-one
/// compressions. The tree stops at a *cap* of 2^capHeight roots instead of a single root, which
/// saves the top capHeight siblings in every opening.
///
/// Building is parallel: leaf hashing and each level are split across `parallelFor` chunks.
public struct MerkleTree: Sendable {
    /// The committed rows.
    public let leaves: RowMajorMatrix<Goldilocks>
    /// Per-row salts (zero-knowledge mode), or nil.
    public let salts: RowMajorMatrix<Goldilocks>?
    /// log₂ of the number of leaves.
    public let logLeafCount: Int
    /// log₂ of the cap size; at most `logLeafCount`.
    public let capHeight: Int
    /// `levels[0]` are the leaf digests, `levels[k]` has 2^(logLeafCount − k) nodes, and the last
    /// level is the cap.
    let levels: [[Digest]]

    /// Commits to `leaves` (height a power of two). `capHeight` is clamped to the tree's height.
    /// `salts`, if given, has one row per leaf; each leaf hashes row ‖ salt.
    public init(leaves: RowMajorMatrix<Goldilocks>, salts: RowMajorMatrix<Goldilocks>? = nil, capHeight: Int) {
        let height = leaves.height
        logLeafCount = height.exactLog2
        precondition(salts == nil || salts!.height == height, "one salt row per leaf")
        self.leaves = leaves
        self.salts = salts
        self.capHeight = min(max(capHeight, 0), logLeafCount)
        var levels = [MerkleTree.hashLeaves(leaves, salts: salts)]
        for _ in 0..<(logLeafCount - self.capHeight) {
            levels.append(MerkleTree.compressLevel(levels[levels.count - 1]))
        }
        self.levels = levels
    }

    public var leafCount: Int { 1 << logLeafCount }

    /// The 2^capHeight roots.
    public var cap: MerkleCap { MerkleCap(levels[levels.count - 1]) }

    /// The digest of leaf `index` (the hash of its row and salt).
    public func leafDigest(_ index: Int) -> Digest { levels[0][index] }

    /// The hash of one leaf: its row, then its salt.
    public static func hashLeaf(row: ArraySlice<Goldilocks>, salt: ArraySlice<Goldilocks>? = nil) -> Digest {
        guard let salt, !salt.isEmpty else { return Poseidon.hash(row) }
        return Poseidon.hash(Array(row) + Array(salt))
    }

    /// The leaf digests. Unsalted rows go two at a time through `Poseidon.hash(_:_:)` (the
    /// two-state permutation interleaves their partial rounds, so a pair costs less than two
    /// single hashes); an odd row left at the end of a chunk is hashed alone. The digests are
    /// the same either way.
    static func hashLeaves(_ leaves: RowMajorMatrix<Goldilocks>, salts: RowMajorMatrix<Goldilocks>?) -> [Digest] {
        let height = leaves.height, width = leaves.width
        var digests = [Digest](repeating: .zero, count: height)
        digests.withUnsafeMutableBufferPointer { output in
            leaves.values.withUnsafeBufferPointer { values in
                func row(_ index: Int) -> UnsafeBufferPointer<Goldilocks> {
                    UnsafeBufferPointer(rebasing: values[index * width..<(index + 1) * width])
                }
                parallelFor(0..<height, minimumChunk: 64) { rows in
                    if let salts {
                        for index in rows { output[index] = hashLeaf(row: leaves.row(index), salt: salts.row(index)) }
                        return
                    }
                    var index = rows.lowerBound
                    while index + 1 < rows.upperBound {
                        (output[index], output[index + 1]) = Poseidon.hash(row(index), row(index + 1))
                        index += 2
                    }
                    if index < rows.upperBound { output[index] = Poseidon.hash(row(index)) }
                }
            }
        }
        return digests
    }

    /// The parent level: node i compresses children 2i and 2i + 1. Nodes go two at a time through
    /// `Poseidon.compress(_:_:)` on pairs (as in `hashLeaves`), an odd one left at the end of a
    /// chunk alone.
    static func compressLevel(_ children: [Digest]) -> [Digest] {
        let count = children.count / 2
        var parents = [Digest](repeating: .zero, count: count)
        parents.withUnsafeMutableBufferPointer { output in
            children.withUnsafeBufferPointer { input in
                parallelFor(0..<count, minimumChunk: 256) { nodes in
                    var node = nodes.lowerBound
                    while node + 1 < nodes.upperBound {
                        (output[node], output[node + 1]) = Poseidon.compress(
                            (input[2 * node], input[2 * node + 1]), (input[2 * node + 2], input[2 * node + 3])
                        )
                        node += 2
                    }
                    if node < nodes.upperBound { output[node] = Poseidon.compress(input[2 * node], input[2 * node + 1]) }
                }
            }
        }
        return parents
    }
}

// MARK: - Openings

extension MerkleTree {
    /// Opens the rows at `indices` (any order, duplicates allowed): the rows of the sorted,
    /// distinct indices and one multi-proof that authenticates them all together.
    public func open(_ indices: [Int]) -> MerkleOpening {
        let distinct = Array(Set(indices)).sorted()
        precondition(distinct.allSatisfy { (0..<leafCount).contains($0) }, "leaf index out of range")
        return MerkleOpening(
            rows: distinct.map { Array(leaves.row($0)) },
            salts: salts.map { salts in distinct.map { Array(salts.row($0)) } } ?? [],
            proof: multiProof(distinct)
        )
    }

    /// The siblings needed to recompute the cap from the leaves at `sortedIndices` (distinct,
    /// ascending): level by level from the leaves up, in ascending node order, each sibling that
    /// is not itself known from the opened leaves.
    public func multiProof(_ sortedIndices: [Int]) -> MerkleMultiProof {
        MerkleMultiProof(siblings: Self.siblings(of: sortedIndices, levels: levels, count: logLeafCount - capHeight))
    }

    /// The multi-proof siblings of the leaves at `sortedIndices` through the first `count` of
    /// `levels` (level 0: the leaf digests): shared by `MerkleTree` and `MixedMerkleTree`.
    static func siblings(of sortedIndices: [Int], levels: [[Digest]], count: Int) -> [Digest] {
        var siblings = [Digest]()
        var known = sortedIndices
        for level in 0..<count {
            var parents = [Int]()
            var i = 0
            while i < known.count {
                let node = known[i]
                if i + 1 < known.count, known[i + 1] == node ^ 1 {
                    i += 2
                } else {
                    siblings.append(levels[level][node ^ 1])
                    i += 1
                }
                parents.append(node >> 1)
            }
            known = parents
        }
        return siblings
    }
}
