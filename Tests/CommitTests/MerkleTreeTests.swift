import Commit
import Field
import Poseidon
import XCTest

final class MerkleTreeTests: XCTestCase {
    func testEveryOpenedRowVerifiesForSeveralShapes() throws {
        var generator = SplitMix64(seed: 1)
        for logHeight in [0, 1, 3, 6] {
            for capHeight in [0, 1, 2, 8] {
                let matrix = RowMajorMatrix.random(width: 5, height: 1 << logHeight, using: &generator)
                let tree = MerkleTree(leaves: matrix, capHeight: capHeight)
                XCTAssertEqual(tree.cap.roots.count, 1 << min(capHeight, logHeight))
                let indices = (0..<7).map { _ in Int.random(in: 0..<(1 << logHeight), using: &generator) }
                let opening = tree.open(indices)
                let sorted = Array(Set(indices)).sorted()
                XCTAssertEqual(opening.rows, sorted.map { Array(matrix.row($0)) })
                try opening.verify(cap: tree.cap, capHeight: capHeight, logLeafCount: logHeight, sortedIndices: sorted, width: 5)
            }
        }
    }

    func testSingleRootIsTheHashOfTheTree() {
        var generator = SplitMix64(seed: 2)
        let matrix = RowMajorMatrix.random(width: 3, height: 4, using: &generator)
        let leaves = (0..<4).map { Poseidon.hash(matrix.row($0)) }
        let root = Poseidon.compress(Poseidon.compress(leaves[0], leaves[1]), Poseidon.compress(leaves[2], leaves[3]))
        XCTAssertEqual(MerkleTree(leaves: matrix, capHeight: 0).cap.roots, [root])
        XCTAssertEqual(MerkleTree(leaves: matrix, capHeight: 1).cap.roots, [Poseidon.compress(leaves[0], leaves[1]), Poseidon.compress(leaves[2], leaves[3])])
    }

    func testSharedPathNodesAreSentOnce() {
        var generator = SplitMix64(seed: 3)
        let tree = MerkleTree(leaves: .random(width: 2, height: 64, using: &generator), capHeight: 0)
        // Leaves 0 and 1 are siblings: 5 siblings above them, none at the bottom level.
        XCTAssertEqual(tree.multiProof([0, 1]).siblings.count, 5)
        XCTAssertEqual(tree.multiProof([0]).siblings.count, 6)
        XCTAssertEqual(tree.multiProof(Array(0..<64)).siblings.count, 0)
    }

    func testParallelAndSerialBuildsAgree() {
        var generator = SplitMix64(seed: 4)
        let matrix = RowMajorMatrix.random(width: 9, height: 1 << 10, using: &generator)
        let saved = Parallelism.threadCount
        defer { Parallelism.threadCount = saved }
        Parallelism.threadCount = 1
        let serial = MerkleTree(leaves: matrix, capHeight: 2).cap
        Parallelism.threadCount = 2
        XCTAssertEqual(MerkleTree(leaves: matrix, capHeight: 2).cap, serial)
        Parallelism.threadCount = 5
        XCTAssertEqual(MerkleTree(leaves: matrix, capHeight: 2).cap, serial)
    }

    func testFlippedBitAnywhereFails() {
        var generator = SplitMix64(seed: 5)
        let tree = MerkleTree(leaves: .random(width: 4, height: 32, using: &generator), capHeight: 1)
        let indices = [3, 17, 18, 30]
        let opening = tree.open(indices)
        func verify(_ opening: MerkleOpening, cap: MerkleCap = tree.cap, indices: [Int] = indices) throws(MerkleError) {
            try opening.verify(cap: cap, capHeight: 1, logLeafCount: 5, sortedIndices: indices, width: 4)
        }
        // Every element of every opened row.
        for row in opening.rows.indices {
            for column in 0..<4 {
                var bad = opening
                bad.rows[row][column] = Goldilocks(reducing: bad.rows[row][column].value ^ 1)
                XCTAssertThrows({ () throws(MerkleError) in try verify(bad) }, "root mismatch", matches: { if case .rootMismatch = $0 { true } else { false } })
            }
        }
        // Every element of every sibling.
        for sibling in opening.proof.siblings.indices {
            for lane in 0..<4 {
                var bad = opening
                var elements = bad.proof.siblings[sibling].elements
                elements[lane] = Goldilocks(reducing: elements[lane].value ^ (1 << 40))
                bad.proof.siblings[sibling] = Digest(elements)
                XCTAssertThrows({ () throws(MerkleError) in try verify(bad) }, "root mismatch", matches: { if case .rootMismatch = $0 { true } else { false } })
            }
        }
        // The cap.
        var badCap = tree.cap
        badCap.roots[1] = Digest(badCap.roots[1].elements.map { $0 + 1 })
        XCTAssertThrowsError({ () throws(MerkleError) in try verify(opening, cap: badCap) }, equals: .rootMismatch(capIndex: 1))
        // A different index claims the same row.
        XCTAssertThrows({ () throws(MerkleError) in try verify(opening, indices: [3, 17, 19, 30]) }, "root mismatch", matches: { if case .rootMismatch = $0 { true } else { false } })
    }

    func testMalformedOpeningsGiveTypedErrors() {
        var generator = SplitMix64(seed: 6)
        let tree = MerkleTree(leaves: .random(width: 2, height: 16, using: &generator), capHeight: 0)
        let opening = tree.open([2, 9])
        func verify(_ opening: MerkleOpening, indices: [Int] = [2, 9], width: Int = 2) throws(MerkleError) {
            try opening.verify(cap: tree.cap, capHeight: 0, logLeafCount: 4, sortedIndices: indices, width: width)
        }
        var short = opening
        short.proof.siblings.removeLast()
        XCTAssertThrows({ () throws(MerkleError) in try verify(short) }, "missing siblings", matches: { if case .missingSiblings = $0 { true } else { false } })
        var long = opening
        long.proof.siblings.append(.zero)
        XCTAssertThrowsError({ () throws(MerkleError) in try verify(long) }, equals: .unusedSiblings(count: 1))
        XCTAssertThrowsError({ () throws(MerkleError) in try verify(opening, indices: [2, 16]) }, equals: .indexOutOfRange(index: 16, leafCount: 16))
        XCTAssertThrows({ () throws(MerkleError) in try verify(opening, indices: [9, 2]) }, "shape", matches: { if case .shapeMismatch = $0 { true } else { false } })
        XCTAssertThrows({ () throws(MerkleError) in try verify(opening, width: 3) }, "shape", matches: { if case .shapeMismatch = $0 { true } else { false } })
        XCTAssertThrows({ () throws(MerkleError) in try verify(opening, indices: [2]) }, "shape", matches: { if case .shapeMismatch = $0 { true } else { false } })
    }

    func testSaltedLeavesCommitToTheSalt() throws {
        var generator = SplitMix64(seed: 7)
        let rows = RowMajorMatrix.random(width: 3, height: 8, using: &generator)
        let salts = RowMajorMatrix.random(width: 4, height: 8, using: &generator)
        let tree = MerkleTree(leaves: rows, salts: salts, capHeight: 0)
        XCTAssertNotEqual(tree.cap, MerkleTree(leaves: rows, capHeight: 0).cap)
        let opening = tree.open([5])
        XCTAssertEqual(opening.salts, [Array(salts.row(5))])
        try opening.verify(cap: tree.cap, capHeight: 0, logLeafCount: 3, sortedIndices: [5], width: 3, saltLength: 4)
        var bad = opening
        bad.salts[0][0] += 1
        XCTAssertThrows({ () throws(MerkleError) in try bad.verify(cap: tree.cap, capHeight: 0, logLeafCount: 3, sortedIndices: [5], width: 3, saltLength: 4) }, "root mismatch", matches: { if case .rootMismatch = $0 { true } else { false } })
    }

    /// Salts are refused unless the verifier expects them (the old verifier took whatever the
    /// opening carried), and must have the expected length.
    func testSaltsOnlyWhenTheVerifierExpectsThem() throws {
        var generator = SplitMix64(seed: 9)
        let rows = RowMajorMatrix.random(width: 3, height: 8, using: &generator)
        let salted = MerkleTree(leaves: rows, salts: .random(width: 4, height: 8, using: &generator), capHeight: 1)
        let opening = salted.open([2, 6])
        XCTAssertThrowsError({ () throws(MerkleError) in
            try opening.verify(cap: salted.cap, capHeight: 1, logLeafCount: 3, sortedIndices: [2, 6], width: 3)
        }, equals: .unexpectedSalts)
        XCTAssertThrowsError({ () throws(MerkleError) in
            try opening.verify(cap: salted.cap, capHeight: 1, logLeafCount: 3, sortedIndices: [2, 6], width: 3, saltLength: 2)
        }, equals: .shapeMismatch("salt of length 4, expected 2"))
        let plain = MerkleTree(leaves: rows, capHeight: 1).open([2, 6])
        XCTAssertThrowsError({ () throws(MerkleError) in
            try plain.verify(cap: salted.cap, capHeight: 1, logLeafCount: 3, sortedIndices: [2, 6], width: 3, saltLength: 4)
        }, equals: .shapeMismatch("0 salts for 2 rows"))
    }

    /// The cap must have the size the verifier's cap height implies; the old verifier took the
    /// height from the cap itself, so a one-root cap of the same tree passed with cap height 3.
    func testCapSizeComesFromTheVerifiersParameters() throws {
        var generator = SplitMix64(seed: 10)
        let rows = RowMajorMatrix.random(width: 2, height: 32, using: &generator)
        let tall = MerkleTree(leaves: rows, capHeight: 3)
        let short = MerkleTree(leaves: rows, capHeight: 0)
        try tall.open([4]).verify(cap: tall.cap, capHeight: 3, logLeafCount: 5, sortedIndices: [4], width: 2)
        try short.open([4]).verify(cap: short.cap, capHeight: 0, logLeafCount: 5, sortedIndices: [4], width: 2)
        XCTAssertThrowsError({ () throws(MerkleError) in
            try short.open([4]).verify(cap: short.cap, capHeight: 3, logLeafCount: 5, sortedIndices: [4], width: 2)
        }, equals: .capSizeMismatch(expected: 8, actual: 1))
        // A tree shorter than the cap height stops at its leaves.
        XCTAssertEqual(MerkleMultiProof.capSize(capHeight: 8, logLeafCount: 5), 32)
        let leavesOnly = MerkleTree(leaves: rows, capHeight: 8)
        XCTAssertEqual(leavesOnly.cap.roots.count, 32)
        try leavesOnly.open([4]).verify(cap: leavesOnly.cap, capHeight: 8, logLeafCount: 5, sortedIndices: [4], width: 2)
    }

    func testOpeningBytesRoundTripAndTruncationIsAnError() throws {
        var generator = SplitMix64(seed: 8)
        let tree = MerkleTree(leaves: .random(width: 3, height: 16, using: &generator), salts: .random(width: 2, height: 16, using: &generator), capHeight: 2)
        let opening = tree.open([1, 5, 6])
        var writer = ByteWriter()
        opening.write(to: &writer)
        tree.cap.write(to: &writer)
        var reader = ByteReader(writer.bytes)
        XCTAssertEqual(try MerkleOpening.read(from: &reader), opening)
        XCTAssertEqual(try MerkleCap.read(from: &reader), tree.cap)
        try reader.finish()
        var openingOnly = ByteWriter()
        opening.write(to: &openingOnly)
        for length in stride(from: 0, to: openingOnly.bytes.count, by: 7) {
            var truncated = ByteReader(Array(openingOnly.bytes.prefix(length)))
            XCTAssertThrowsError(try MerkleOpening.read(from: &truncated))
        }
    }
}
