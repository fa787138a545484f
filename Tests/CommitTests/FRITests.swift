@testable import Commit
import Field
import Poseidon
import XCTest

final class FRITests: XCTestCase {
    /// 100 conjectured bits (50 × 2 + 0) and no grinding, so tests run fast in debug builds.
    static func parameters(logArity: Int = 2, logFinal: Int = 1, pow: Int = 0) -> FRIParameters {
        FRIParameters(logBlowup: 2, queryCount: 50, proofOfWorkBits: pow, logFoldingArity: logArity, logFinalPolynomialLength: logFinal, capHeight: 1)
    }

    /// Codewords of random polynomials with degree < 2^logDegree at each input height.
    func lowDegreeCodewords(logDegrees: [Int], logBlowup: Int, seed: UInt64) -> [Int: [GoldilocksExtension]] {
        var generator = SplitMix64(seed: seed)
        var result = [Int: [GoldilocksExtension]]()
        for logDegree in logDegrees {
            result[logDegree + logBlowup] = codeword(randomCoefficients(1 << logDegree, using: &generator), logSize: logDegree + logBlowup)
        }
        return result
    }

    func prove(_ codewords: [Int: [GoldilocksExtension]], _ parameters: FRIParameters) -> (FRIProof, [Int]) {
        var challenger = Challenger(label: "fri-test")
        return FRIProver.prove(codewords: codewords, parameters: parameters, challenger: &challenger)
    }

    func verify(_ proof: FRIProof, _ codewords: [Int: [GoldilocksExtension]], _ parameters: FRIParameters) throws(FRIError) {
        var challenger = Challenger(label: "fri-test")
        let schedule = FRISchedule(inputLogHeights: codewords.keys, parameters: parameters)
        let challenges = try FRIVerifier.replayCommitPhase(proof, schedule: schedule, parameters: parameters, challenger: &challenger)
        // The test has the codewords, so it supplies their values directly.
        let maximum = schedule.maximumLogHeight
        let reduced = challenges.queryIndices.map { index in
            Dictionary(uniqueKeysWithValues: codewords.map { logHeight, codeword in (logHeight, codeword[index >> (maximum - logHeight)]) })
        }
        try FRIVerifier.verifyQueries(proof, challenges: challenges, schedule: schedule, parameters: parameters, reducedOpenings: reduced)
    }

    func testScheduleLandsOnEveryInputHeight() {
        let parameters = Self.parameters(logArity: 3, logFinal: 2)
        let schedule = FRISchedule(inputLogHeights: [12, 10, 5], parameters: parameters)
        XCTAssertEqual(schedule.roundLogArities, [2, 3, 2, 1])
        XCTAssertEqual(schedule.finalLogSize, 4)
        XCTAssertEqual(schedule.logFinalPolynomialLength, 2)
        let small = FRISchedule(inputLogHeights: [3], parameters: parameters)
        XCTAssertEqual(small.roundLogArities, [])
        XCTAssertEqual(small.logFinalPolynomialLength, 1)
    }

    func testHonestProofsVerifyForSeveralSizesAndArities() throws {
        for logArity in 1...4 {
            for logDegree in [0, 3, 6] {
                let parameters = Self.parameters(logArity: logArity)
                let codewords = lowDegreeCodewords(logDegrees: [logDegree], logBlowup: 2, seed: UInt64(logArity * 10 + logDegree))
                let (proof, _) = prove(codewords, parameters)
                XCTAssertNoThrow(try verify(proof, codewords, parameters), "arity 2^\(logArity), degree 2^\(logDegree)")
            }
        }
    }

    func testMixedHeightsRollIn() throws {
        for logArity in [1, 3] {
            let parameters = Self.parameters(logArity: logArity, logFinal: 0)
            let codewords = lowDegreeCodewords(logDegrees: [7, 5, 4, 1], logBlowup: 2, seed: 77)
            let (proof, _) = prove(codewords, parameters)
            try verify(proof, codewords, parameters)
        }
    }

    func testTooHighDegreeIsRejected() {
        let parameters = Self.parameters(logArity: 2)
        var generator = SplitMix64(seed: 9)
        // Degree bound 2^5 claimed by the height (2^7 with blowup 4), actual degree 2^6.
        let codewords = [7: codeword(randomCoefficients(1 << 6, using: &generator), logSize: 7)]
        let (proof, _) = prove(codewords, parameters)
        XCTAssertThrows({ () throws(FRIError) in try verify(proof, codewords, parameters) }, "final polynomial mismatch",
                        matches: { if case .finalPolynomialMismatch = $0 { true } else { false } })
        // A rolled-in input of too high degree is caught too.
        var mixed = lowDegreeCodewords(logDegrees: [7], logBlowup: 2, seed: 10)
        mixed[6] = codeword(randomCoefficients(1 << 5, using: &generator), logSize: 6)
        let (mixedProof, _) = prove(mixed, parameters)
        XCTAssertThrowsError(try verify(mixedProof, mixed, parameters))
    }

    func testTamperingWithEachPartGivesItsError() {
        let parameters = Self.parameters(logArity: 2)
        let codewords = lowDegreeCodewords(logDegrees: [6], logBlowup: 2, seed: 11)
        let (proof, _) = prove(codewords, parameters)
        func rejects(_ proof: FRIProof, _ what: String, parameters: FRIParameters = parameters, _ matches: (FRIError) -> Bool) {
            XCTAssertThrows({ () throws(FRIError) in try verify(proof, codewords, parameters) }, what, matches: matches)
        }
        // A changed cap changes every later challenge, so the openings are at stale positions.
        var cap = proof
        cap.layerCaps[1].roots[0] = Digest(cap.layerCaps[1].roots[0].elements.map { $0 + 1 })
        rejects(cap, "stale query positions") { $0 == .queryPositionsMismatch(round: 0) }
        var path = proof
        path.layerOpenings[0].proof.siblings[3].e2 += 1
        rejects(path, "layer 0 Merkle error") { if case .layerMerkle(round: 0, .rootMismatch) = $0 { true } else { false } }
        var folded = proof
        folded.layerOpenings[2].rows[0][1] += 1
        rejects(folded, "layer 2 Merkle error") { if case .layerMerkle(round: 2, .rootMismatch) = $0 { true } else { false } }
        var final = proof
        final.finalPolynomial[0] += .one
        rejects(final, "stale query positions") { $0 == .queryPositionsMismatch(round: 0) }
        // A prover that lies about the final polynomial and stays consistent is caught by the
        // final check itself.
        var challenger = Challenger(label: "fri-test")
        let (lying, _) = FRIProver.prove(codewords: codewords, parameters: parameters, challenger: &challenger, tamperFinalPolynomial: { $0[0] += .one })
        rejects(lying, "final polynomial mismatch") { if case .finalPolynomialMismatch = $0 { true } else { false } }
        var shape = proof
        shape.layerCaps.removeLast()
        rejects(shape, "shape mismatch") { if case .shapeMismatch = $0 { true } else { false } }
        var weak = parameters
        weak.queryCount = 40
        rejects(proof, "insufficient security", parameters: weak) { $0 == .insufficientSecurity(bits: 80, required: 100) }
    }

    func testProofOfWorkIsChecked() {
        let parameters = Self.parameters(logArity: 3, pow: 8)
        let codewords = lowDegreeCodewords(logDegrees: [5], logBlowup: 2, seed: 12)
        let (proof, _) = prove(codewords, parameters)
        XCTAssertNoThrow(try verify(proof, codewords, parameters))
        var nonce = proof
        nonce.proofOfWorkNonce += 1
        // The smallest valid nonce was chosen, so the next one only passes with probability 2^−8;
        // the seed is fixed, so this is deterministic.
        XCTAssertThrowsError({ () throws(FRIError) in try verify(nonce, codewords, parameters) }, equals: .proofOfWorkInvalid)
        // With grinding on, a changed final polynomial changes the transcript before the PoW.
        var final = proof
        final.finalPolynomial[0] += .one
        XCTAssertThrowsError({ () throws(FRIError) in try verify(final, codewords, parameters) }, equals: .proofOfWorkInvalid)
    }

    func testProofBytesRoundTripAndMalformedBytesAreErrors() throws {
        let parameters = Self.parameters(logArity: 2)
        let codewords = lowDegreeCodewords(logDegrees: [5], logBlowup: 2, seed: 13)
        let (proof, _) = prove(codewords, parameters)
        var writer = ByteWriter()
        proof.write(to: &writer)
        parameters.write(to: &writer)
        var reader = ByteReader(writer.bytes)
        let decoded = try FRIProof.read(from: &reader)
        XCTAssertEqual(decoded, proof)
        XCTAssertEqual(try FRIParameters.read(from: &reader), parameters)
        try reader.finish()
        try verify(decoded, codewords, parameters)
        for length in stride(from: 0, to: writer.bytes.count, by: 97) {
            var truncated = ByteReader(Array(writer.bytes.prefix(length)))
            XCTAssertThrowsError(try FRIProof.read(from: &truncated))
        }
        // Random bytes and flipped bytes: decoding or verification fails, nothing traps.
        // Mutations that still decode must reach the verifier and be refused there: count them,
        // so a decoder that refused everything could not make this test pass vacuously.
        var generator = SplitMix64(seed: 14)
        var reachedVerifier = 0
        for _ in 0..<50 {
            var bytes = writer.bytes
            for _ in 0..<3 { bytes[Int.random(in: 0..<bytes.count, using: &generator)] ^= UInt8.random(in: 1...255, using: &generator) }
            var reader = ByteReader(bytes)
            if let mutated = try? FRIProof.read(from: &reader), mutated != proof {
                reachedVerifier += 1
                XCTAssertThrowsError(try verify(mutated, codewords, parameters))
            }
            var random = ByteReader((0..<200).map { _ in UInt8.random(in: 0...255, using: &generator) })
            XCTAssertThrowsError(try FRIProof.read(from: &random))
        }
        XCTAssertGreaterThan(reachedVerifier, 10, "too few mutations decoded to test the verifier")
    }
}
