import Commit
import Constraints
import ExampleMachines
import Field
import Poseidon
@testable import Stark
import XCTest

/// Every part of an honest proof, altered, is rejected with its typed error.
///
/// Most parts are observed by the transcript, so altering one changes ζ: the opened values no
/// longer satisfy the first table's constraints at the new ζ (`constraintMismatch`). Parts the
/// constraint check cannot see (Merkle rows, FRI layers, nonce) fail in the opening proof.
final class TamperTests: XCTestCase {
    nonisolated(unsafe) static var cached: (Instance, StarkProof)?

    func honest() throws -> (Instance, StarkProof) {
        if let cached = Self.cached { return cached }
        let instance = try Instance.cpuAndALU(cpuRows: 16, aluRows: 8)
        let proof = try instance.prove()
        XCTAssertNil(instance.rejection(proof))
        Self.cached = (instance, proof)
        return (instance, proof)
    }

    /// `viaBytes`: also check the serialised form (off for shapes the decoder already refuses).
    func check(_ expected: VerificationError, viaBytes: Bool = true, file: StaticString = #filePath, line: UInt = #line, _ tamper: (inout StarkProof) -> Void) throws {
        let (instance, proof) = try honest()
        var tampered = proof
        tamper(&tampered)
        XCTAssertNotEqual(tampered, proof, "the tampering changed nothing", file: file, line: line)
        XCTAssertRejects(instance, tampered, expected, file: file, line: line)
        // The same through bytes.
        guard viaBytes else { return }
        XCTAssertRejects(instance, try StarkProof(bytes: tampered.serialized()), expected, file: file, line: line)
    }

    static func alter(_ cap: inout MerkleCap) {
        cap.roots[0].e0 += .one
    }

    func testCommitments() throws {
        try check(.constraintMismatch(table: "cpu")) { Self.alter(&$0.traceCap) }
        try check(.constraintMismatch(table: "cpu")) { proof in proof.traceCap.roots[15].e2 += .one }
        try check(.constraintMismatch(table: "cpu")) { Self.alter(&$0.logUpCap!) }
        try check(.constraintMismatch(table: "cpu")) { Self.alter(&$0.quotientCap) }
    }

    func testLogUpTotals() throws {
        try check(.busImbalance(total: .one)) { $0.logUpTotals[0] += .one }
        // Still adding up to zero, but no longer what the running sums end at.
        try check(.constraintMismatch(table: "cpu")) {
            $0.logUpTotals[0] += .one
            $0.logUpTotals[1] -= .one
        }
    }

    func testOpenedValues() throws {
        try check(.constraintMismatch(table: "cpu")) { $0.opening.openedValues[0][0][2] += .one }  // cpu trace at ζ
        try check(.constraintMismatch(table: "cpu")) { $0.opening.openedValues[2][1][2] += .one }  // cpu running sum at ω·ζ
        try check(.constraintMismatch(table: "alu")) { $0.opening.openedValues[5][0][3] += .one }  // alu quotient chunk
        // Values no constraint reads (a helper at ω·ζ) are still bound: the opening proof, whose
        // transcript they enter, fails.
        try check(.opening(.fri(.proofOfWorkInvalid))) { $0.opening.openedValues[2][1][1] += .one }  // cpu helper at ω·ζ
        // Neither the CPU nor the ALU reads the next row: their traces are opened at ζ only, and
        // a proof that adds ω·ζ values has the wrong shape.
        let (_, proof) = try honest()
        XCTAssertEqual(proof.opening.openedValues.map(\.count), [1, 1, 2, 2, 1, 1])
        try check(.shapeMismatch("opened batch 1: expected 1 points × 5 values")) { $0.opening.openedValues[1].append($0.opening.openedValues[1][0]) }
    }

    func testOpenedRowsAndFRI() throws {
        try check(.opening(.roundMerkle(round: 0, .rootMismatch(capIndex: 0)))) { proof in
            proof.opening.roundOpenings[0].rows[0][0][0] += .one  // the cpu trace's first opened row
        }
        try check(.opening(.roundMerkle(round: 2, .rootMismatch(capIndex: 0)))) { proof in
            proof.opening.roundOpenings[2].rows[1][0][1] += .one  // the alu quotient's first opened row
        }
        let (_, proof) = try honest()
        XCTAssertFalse(proof.opening.fri.layerCaps.isEmpty)
        try check(.opening(.fri(.proofOfWorkInvalid))) { Self.alter(&$0.opening.fri.layerCaps[0]) }
        try check(.opening(.fri(.proofOfWorkInvalid))) { $0.opening.fri.finalPolynomial[0] += .one }
        try check(.opening(.fri(.proofOfWorkInvalid))) { $0.opening.fri.proofOfWorkNonce &+= 1 }
        try check(.opening(.fri(.layerMerkle(round: 0, .rootMismatch(capIndex: 0))))) { proof in
            proof.opening.fri.layerOpenings[0].rows[0][0] += .one
        }
    }

    func testConfigurationAndShape() throws {
        // The key decides the configuration: any other one is refused before anything else.
        var weak = StarkConfiguration.fast
        weak.fri.queryCount = 20
        try check(.configurationMismatch(expected: .fast, got: weak)) { $0.configuration = weak }
        var more = StarkConfiguration.fast
        more.fri.queryCount += 1
        try check(.configurationMismatch(expected: .fast, got: more)) { $0.configuration = more }
        try check(.shapeMismatch("proof has 1 tables, the machine 2"), viaBytes: false) { $0.logHeights.removeLast() }
        try check(.shapeMismatch("LogUp commitment: no cap and 2 totals for 2 tables with interactions")) { $0.logUpCap = nil }
        try check(.shapeMismatch("LogUp commitment: a cap and 1 totals for 2 tables with interactions")) { $0.logUpTotals.removeLast() }
        try check(.shapeMismatch("opened batch 5: expected 1 points × 4 values")) { $0.opening.openedValues[5][0].removeLast() }
        // A different but valid height changes the statement, hence ζ.
        try check(.constraintMismatch(table: "cpu")) { $0.logHeights[0] += 1 }
    }

    /// A proof made honestly with another configuration that meets the old floor (blowup 256,
    /// 12 queries, 4 proof-of-work bits: 8·12 + 4 = 100 "bits") was accepted by the old
    /// verifier, which read the configuration from the proof.
    func testHonestProofWithAnotherConfigurationIsRefused() throws {
        let instance = try Instance.cpuAndALU(cpuRows: 8, aluRows: 4)
        let cheap = StarkConfiguration(fri: FRIParameters(logBlowup: 8, queryCount: 12, proofOfWorkBits: 4))
        XCTAssertEqual(cheap.conjecturedSecurityBits, 100)
        let proof = try instance.prove(cheap)
        XCTAssertNil(instance.rejection(proof, configuration: cheap))
        XCTAssertRejects(instance, proof, .configurationMismatch(expected: .fast, got: cheap))
        XCTAssertEqual(instance.rejection(try instance.prove(.compact)), .configurationMismatch(expected: .fast, got: .compact))
        XCTAssertEqual(instance.rejection(try instance.prove(), configuration: .compact), .configurationMismatch(expected: .compact, got: .fast))
    }

    /// Every commitment must have the cap size the key implies for its round's shortest table.
    func testCapSizes() throws {
        let (_, proof) = try honest()
        XCTAssertEqual(proof.traceCap.roots.count, 16)  // alu: 8 rows · blowup 2 = 2^4 leaves, cap height 4
        try check(.capSizeMismatch(round: "trace", expected: 16, got: 8)) { $0.traceCap.roots.removeLast(8) }
        try check(.capSizeMismatch(round: "LogUp", expected: 16, got: 32)) { $0.logUpCap!.roots += $0.logUpCap!.roots }
        try check(.capSizeMismatch(round: "quotient", expected: 16, got: 1)) { $0.quotientCap.roots = [$0.quotientCap.roots[0]] }
    }
}
