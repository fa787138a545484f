@testable import Commit
import Field
import Poseidon
import XCTest

/// One tree over matrices of several heights: the shape, the injection rule, openings and what
/// a verifier refuses.
final class MixedMerkleTreeTests: XCTestCase {
    func matrices(seed: UInt64) -> [RowMajorMatrix<Goldilocks>] {
        var generator = SplitMix64(seed: seed)
        return [.random(width: 3, height: 1 << 6, using: &generator), .random(width: 2, height: 1 << 4, using: &generator),
                .random(width: 1, height: 1 << 6, using: &generator), .random(width: 4, height: 1 << 2, using: &generator)]
    }

    func testOneMatrixIsAPlainMerkleTree() {
        var generator = SplitMix64(seed: 1)
        let matrix = RowMajorMatrix<Goldilocks>.random(width: 5, height: 1 << 7, using: &generator)
        XCTAssertEqual(MixedMerkleTree(matrices: [matrix], capHeight: 2).cap, MerkleTree(leaves: matrix, capHeight: 2).cap)
    }

    /// The root written out from the definition: leaves hash the concatenated rows of the tallest
    /// matrices; a level with as many nodes as a shorter matrix has rows compresses each node
    /// with the hash of that row.
    func testTheRootFollowsTheInjectionRule() {
        let matrices = matrices(seed: 2)
        var level = (0..<64).map { i in Poseidon.hash(Array(matrices[0].row(i)) + Array(matrices[2].row(i))) }
        for log in stride(from: 5, through: 0, by: -1) {
            level = (0..<(1 << log)).map { Poseidon.compress(level[2 * $0], level[2 * $0 + 1]) }
            if log == 4 { level = level.indices.map { Poseidon.compress(level[$0], Poseidon.hash(Array(matrices[1].row($0)))) } }
            if log == 2 { level = level.indices.map { Poseidon.compress(level[$0], Poseidon.hash(Array(matrices[3].row($0)))) } }
            if log == 2 { break }
        }
        let tree = MixedMerkleTree(matrices: matrices, capHeight: 3)
        XCTAssertEqual(tree.capHeight, 2, "the cap stops at the shortest matrix")
        XCTAssertEqual(tree.cap.roots, level)
    }

    func testOpeningsVerifyAndTamperingIsRefused() throws {
        let matrices = matrices(seed: 3)
        let tree = MixedMerkleTree(matrices: matrices, capHeight: 1)
        let indices = [5, 63, 17, 5, 40]
        let sorted = Array(Set(indices)).sorted()
        let opening = tree.open(indices)
        let (heights, widths) = (matrices.map { $0.height.exactLog2 }, matrices.map(\.width))
        let rows = try opening.verify(cap: tree.cap, capHeight: 1, logHeights: heights, widths: widths, sortedIndices: sorted)
        XCTAssertEqual(rows[1][17 >> 2], Array(matrices[1].row(4)))
        XCTAssertEqual(rows[3].count, 4, "the 4-row matrix at 5, 17, 40, 63 >> 4: rows 0, 1, 2, 3")

        func refuses(_ opening: MixedMerkleOpening, _ what: String, _ matches: (MerkleError) -> Bool) {
            XCTAssertThrowsError(try opening.verify(cap: tree.cap, capHeight: 1, logHeights: heights, widths: widths, sortedIndices: sorted), what) { error in
                XCTAssertTrue(matches(error as! MerkleError), "\(what): \(error)")
            }
        }
        var injected = opening
        injected.rows[3][0][2] += .one
        refuses(injected, "a row of the shortest matrix") { if case .rootMismatch = $0 { true } else { false } }
        var leaf = opening
        leaf.rows[2][1][0] += .one
        refuses(leaf, "a row of a tallest matrix") { if case .rootMismatch = $0 { true } else { false } }
        var sibling = opening
        sibling.proof.siblings[3].e1 += 1
        refuses(sibling, "a sibling") { if case .rootMismatch = $0 { true } else { false } }
        var short = opening
        short.proof.siblings.removeLast()
        refuses(short, "a missing sibling") { if case .missingSiblings = $0 { true } else { false } }
        var missingRow = opening
        missingRow.rows[1].removeLast()
        refuses(missingRow, "a missing row") { if case .shapeMismatch = $0 { true } else { false } }
        var wide = opening
        wide.rows[0][0].append(.one)
        refuses(wide, "a row too wide") { if case .shapeMismatch = $0 { true } else { false } }
        XCTAssertThrowsError(try opening.verify(cap: MerkleCap([tree.cap.roots[0]]), capHeight: 1, logHeights: heights, widths: widths, sortedIndices: sorted))

        var writer = ByteWriter()
        opening.write(to: &writer)
        var reader = ByteReader(writer.bytes)
        XCTAssertEqual(try MixedMerkleOpening.read(from: &reader), opening)
    }
}
