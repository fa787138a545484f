@testable import Commit
import Field
import Poseidon
import XCTest

final class PCSTests: XCTestCase {
    let pcs = FRIPCS(parameters: FRIParameters(logBlowup: 2, queryCount: 50, proofOfWorkBits: 0, logFoldingArity: 2, logFinalPolynomialLength: 1, capHeight: 1))

    /// Two rounds: three batches of different heights and widths (two in one mixed-height tree),
    /// opened at ζ and ζ·ω (as a STARK does).
    struct Fixture {
        var batches: [CommittedBatch]
        var shapes: [RoundShape]
        var proof: PCSProof
    }

    func makeFixture(seed: UInt64 = 1) -> Fixture {
        var generator = SplitMix64(seed: seed)
        let rounds = [
            pcs.commit([.random(width: 3, height: 1 << 5, using: &generator), .random(width: 2, height: 1 << 3, using: &generator)]),
            pcs.commit(.random(width: 1, height: 1 << 5, using: &generator)),
        ]
        var challenger = Challenger(label: "pcs-test")
        for round in rounds { challenger.observe(round.cap) }
        let zeta = challenger.sampleExtension()
        let points = rounds.map { round in round.batches.map { [zeta, zeta * Goldilocks.rootOfUnity(logOrder: $0.logHeight)] } }
        let proof = pcs.open(Array(zip(rounds, points)), challenger: &challenger)
        let shapes = zip(rounds, points).map { round, points in
            RoundShape(cap: round.cap, batches: zip(round.batches, points).map { BatchShape(logHeight: $0.logHeight, width: $0.width, points: $1) })
        }
        return Fixture(batches: rounds.flatMap(\.batches), shapes: shapes, proof: proof)
    }

    func verify(_ shapes: [RoundShape], _ proof: PCSProof) throws(PCSError) {
        var challenger = Challenger(label: "pcs-test")
        for shape in shapes { challenger.observe(shape.cap) }
        _ = challenger.sampleExtension()
        try pcs.verify(shapes, proof: proof, challenger: &challenger)
    }

    func testOpenedValuesAreTheInterpolantsAtThePoints() throws {
        let fixture = makeFixture()
        try verify(fixture.shapes, fixture.proof)
        for (b, batch) in fixture.batches.enumerated() {
            let domain = TwoAdicCoset(logSize: batch.logHeight).elements
            for (j, point) in fixture.shapes.flatMap(\.batches)[b].points.enumerated() {
                for column in 0..<batch.width {
                    // Lagrange interpolation written out, independent of the library.
                    let values = batch.evaluations.column(column)
                    var expected = GoldilocksExtension.zero
                    for (i, xi) in domain.enumerated() {
                        var basis = GoldilocksExtension.one
                        for (k, xk) in domain.enumerated() where k != i {
                            basis *= (point - GoldilocksExtension(xk)) * (xi - xk).inverse()
                        }
                        expected += basis * values[i]
                    }
                    XCTAssertEqual(fixture.proof.openedValues[b][j][column], expected)
                }
            }
        }
    }

    func testTamperingIsRejectedWithTheRightError() {
        let fixture = makeFixture()
        func rejects(_ proof: PCSProof, shapes: [RoundShape]? = nil, _ what: String, _ matches: (PCSError) -> Bool) {
            XCTAssertThrows({ () throws(PCSError) in try verify(shapes ?? fixture.shapes, proof) }, what, matches: matches)
        }
        func merkle(_ round: Int) -> (PCSError) -> Bool { { if case .roundMerkle(round: round, _) = $0 { true } else { false } } }
        // A changed value changes every later challenge, so the openings are at stale positions
        // (a wrong number of rows, or rows whose path does not reach the cap).
        var value = fixture.proof
        value.openedValues[1][0][1] += .one
        rejects(value, "stale query positions", merkle(0))
        var row = fixture.proof
        row.roundOpenings[0].rows[1][0][1] += 1
        rejects(row, "round 0 Merkle error (the injected batch)") { if case .roundMerkle(round: 0, .rootMismatch) = $0 { true } else { false } }
        var sibling = fixture.proof
        sibling.roundOpenings[1].proof.siblings[0].e0 += 1
        rejects(sibling, "round 1 Merkle error") { if case .roundMerkle(round: 1, .rootMismatch) = $0 { true } else { false } }
        var shapes = fixture.shapes
        shapes[1].cap.roots[0].e3 += 1
        rejects(fixture.proof, shapes: shapes, "stale query positions (wrong commitment)", merkle(0))
        var wrongPoint = fixture.shapes
        wrongPoint[0].batches[0].points[1] += .one
        rejects(fixture.proof, shapes: wrongPoint, "FRI fold mismatch") { if case .fri(.foldMismatch) = $0 { true } else { false } }
        var missing = fixture.proof
        missing.openedValues[0].removeLast()
        rejects(missing, "shape mismatch") { if case .shapeMismatch = $0 { true } else { false } }
        var narrow = fixture.proof
        narrow.openedValues[2][0].append(.zero)
        rejects(narrow, "shape mismatch") { if case .shapeMismatch = $0 { true } else { false } }
        var dropped = fixture.proof
        dropped.roundOpenings.removeLast()
        rejects(dropped, "shape mismatch") { if case .shapeMismatch = $0 { true } else { false } }
        var final = fixture.proof
        final.fri.finalPolynomial[1] += .one
        rejects(final, "stale query positions", merkle(0))
    }

    /// A round committed with another tree shape, opened honestly otherwise: the cap height is
    /// the verifier's, never the cap's. Hiding (salted) commitments are refused until the
    /// zero-knowledge mode exists.
    func testCapShapeIsTheVerifiersDecision() throws {
        var generator = SplitMix64(seed: 6)
        let evaluations = RowMajorMatrix<Goldilocks>.random(width: 2, height: 1 << 4, using: &generator)
        let lde = pcs.extend(evaluations)
        let oneRoot = CommittedRound(batches: [CommittedBatch(evaluations: evaluations, lde: lde)], tree: MixedMerkleTree(matrices: [lde], capHeight: 0))
        func openAndVerify(_ round: CommittedRound, verifier: FRIPCS) throws(PCSError) {
            var challenger = Challenger(label: "pcs-test")
            challenger.observe(round.cap)
            let zeta = challenger.sampleExtension()
            let proof = pcs.open([(round, [[zeta]])], challenger: &challenger)
            var replay = Challenger(label: "pcs-test")
            replay.observe(round.cap)
            _ = replay.sampleExtension()
            try verifier.verify([RoundShape(cap: round.cap, batches: [BatchShape(logHeight: 4, width: 2, points: [zeta])])], proof: proof, challenger: &replay)
        }
        XCTAssertThrowsError({ () throws(PCSError) in try openAndVerify(oneRoot, verifier: pcs) },
                             equals: .roundMerkle(round: 0, .capSizeMismatch(expected: 2, actual: 1)))
        XCTAssertThrows({ () throws(PCSError) in try openAndVerify(pcs.commit(evaluations), verifier: FRIPCS(parameters: pcs.parameters, saltLength: 2)) },
                        "hiding verifier", matches: { if case .shapeMismatch = $0 { true } else { false } })
    }

    func testConsistentlyWrongOpenedValueIsCaughtByFRI() {
        var generator = SplitMix64(seed: 3)
        let batch = pcs.commit(.random(width: 2, height: 1 << 4, using: &generator))
        var challenger = Challenger(label: "pcs-test")
        challenger.observe(batch.cap)
        let zeta = challenger.sampleExtension()
        var timings = PCSOpeningTimings()
        let proof = pcs.open([(batch, [[zeta]])], challenger: &challenger, timings: &timings, tamperOpenedValues: { $0[0][0][1] += .one })
        var verifier = Challenger(label: "pcs-test")
        verifier.observe(batch.cap)
        _ = verifier.sampleExtension()
        let shape = RoundShape(cap: batch.cap, batches: [BatchShape(logHeight: 4, width: 2, points: [zeta])])
        XCTAssertThrows({ () throws(PCSError) in try pcs.verify([shape], proof: proof, challenger: &verifier) }, "FRI rejects the quotient",
                        matches: { if case .fri(.finalPolynomialMismatch) = $0 { true } else if case .fri(.foldMismatch) = $0 { true } else { false } })
    }

    func testPointInTheDomainIsATypedError() {
        let fixture = makeFixture()
        var shapes = fixture.shapes
        shapes[0].batches[0].points[0] = GoldilocksExtension(FRIFolding.point(index: 0, logSize: shapes[0].batches[0].logHeight + 2, shift: .multiplicativeGenerator))
        // The transcript changes too, but the domain check fires while computing the first query.
        XCTAssertThrowsError(try verify(shapes, fixture.proof))
    }

    func testMutatedProofBytesNeverTrap() {
        let fixture = makeFixture(seed: 4)
        var writer = ByteWriter()
        fixture.proof.write(to: &writer)
        var generator = SplitMix64(seed: 5)
        var rejected = 0
        for _ in 0..<40 {
            var bytes = writer.bytes
            for _ in 0..<2 { bytes[Int.random(in: 0..<bytes.count, using: &generator)] ^= UInt8.random(in: 1...255, using: &generator) }
            var reader = ByteReader(bytes)
            guard let mutated = try? PCSProof.read(from: &reader) else { rejected += 1; continue }
            if mutated != fixture.proof {
                XCTAssertThrowsError(try verify(fixture.shapes, mutated))
                rejected += 1
            }
        }
        XCTAssertEqual(rejected, 40)
    }

    func testProofBytesRoundTrip() throws {
        let fixture = makeFixture(seed: 2)
        var writer = ByteWriter()
        fixture.proof.write(to: &writer)
        var reader = ByteReader(writer.bytes)
        let decoded = try PCSProof.read(from: &reader)
        try reader.finish()
        XCTAssertEqual(decoded, fixture.proof)
        try verify(fixture.shapes, decoded)
        for length in stride(from: 0, to: writer.bytes.count, by: 131) {
            var truncated = ByteReader(Array(writer.bytes.prefix(length)))
            XCTAssertThrowsError(try PCSProof.read(from: &truncated))
        }
    }
}
