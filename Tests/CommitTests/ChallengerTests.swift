import Commit
import Field
import Poseidon
import XCTest

final class ChallengerTests: XCTestCase {
    func testSamplesFollowTheDuplexRule() {
        var challenger = Challenger()
        challenger.observe([1, 2, 3] as [Goldilocks])
        var state = PoseidonState()
        state[0] = 1
        state[1] = 2
        state[2] = 3
        Poseidon.permute(&state)
        XCTAssertEqual(challenger.sample(), state[0])
        XCTAssertEqual(challenger.sample(), state[1])
        // Eight samples use up the rate; the ninth permutes again with no new input.
        for lane in 2..<8 { XCTAssertEqual(challenger.sample(), state[lane]) }
        Poseidon.permute(&state)
        XCTAssertEqual(challenger.sample(), state[0])
    }

    func testObservingDiscardsPendingOutput() {
        var a = Challenger()
        a.observe(Goldilocks(5))
        _ = a.sample()
        a.observe(Goldilocks(6))
        var state = PoseidonState()
        state[0] = 5
        Poseidon.permute(&state)
        state[0] = 6
        Poseidon.permute(&state)
        XCTAssertEqual(a.sample(), state[0])
    }

    func testTranscriptsDependOnEverythingObserved() {
        var a = Challenger(label: "test"), b = Challenger(label: "test"), c = Challenger(label: "other")
        for i in 0..<20 {
            a.observe(Goldilocks(UInt32(i)))
            b.observe(Goldilocks(UInt32(i)))
            c.observe(Goldilocks(UInt32(i)))
        }
        XCTAssertEqual(a.sampleExtension(), b.sampleExtension())
        var d = a
        a.observe(Digest.zero)
        d.observe(Digest(1, 0, 0, 0))
        XCTAssertNotEqual(a.sample(), d.sample())
        XCTAssertNotEqual(b.sample(), c.sample())
    }

    func testSampleBitsStaysInRange() {
        var challenger = Challenger()
        for bits in [0, 1, 5, 20, 32] {
            for _ in 0..<20 { XCTAssertLessThan(challenger.sampleBits(bits), 1 << bits) }
        }
    }

    func testGrindingFindsTheSmallestNonceAndTheVerifierAgrees() {
        var transcript = Challenger()
        transcript.observe(Digest(1, 2, 3, 4))
        var prover = transcript
        let nonce = prover.grind(bits: 6)
        var verifier = transcript
        XCTAssertTrue(verifier.checkWitness(nonce, bits: 6))
        XCTAssertEqual(prover.sample(), verifier.sample(), "transcripts continue identically")
        for smaller in 0..<nonce {
            var trial = transcript
            XCTAssertFalse(trial.checkWitness(smaller, bits: 6))
        }
        // The result does not depend on the thread count.
        let saved = Parallelism.threadCount
        defer { Parallelism.threadCount = saved }
        Parallelism.threadCount = 1
        var serial = transcript
        XCTAssertEqual(serial.grind(bits: 6), nonce)
        // A non-canonical nonce is rejected, not reduced.
        var bad = transcript
        XCTAssertFalse(bad.checkWitness(Goldilocks.modulus + nonce, bits: 0))
    }
}
