import Constraints
import ExampleMachines
import Field
@testable import Stark
import XCTest

/// The verifier's own bus terms: here the verifier itself provides the bytes the decomposer
/// sends, as a segment's verifier provides the start snapshot's words.
final class PublicInteractionTests: XCTestCase {
    static func decomposer() throws -> (Instance, [PublicInteraction]) {
        let trace = DecomposeAIR.traces(rows: 8, seed: 11)[1]
        var counts = [UInt64](repeating: 0, count: 256)
        for row in 0..<trace.height {
            for byte in trace[row, DecomposeAIR().bytes] { counts[Int(byte.value)] += 1 }
        }
        let interactions = counts.indices.filter { counts[$0] > 0 }.map {
            PublicInteraction(.receive, byteBus, [Goldilocks($0)], multiplicity: Goldilocks(reducing: counts[$0]))
        }
        return (try Instance([DecomposeAIR()], traces: [trace]), interactions)
    }

    func testTheTablesBalanceWithThePublicTerms() throws {
        let (instance, interactions) = try Self.decomposer()
        let tables = [TableTrace(air: DecomposeAIR(), trace: instance.traces[0])]
        XCTAssertEqual(try BusBalanceChecker.check(tables, publicInteractions: interactions), [])
        XCTAssertFalse(try BusBalanceChecker.check(tables).isEmpty)
        let proof = try StarkProver(machine: instance.machine).prove(traces: instance.traces, publicValues: [], publicInteractions: interactions)
        let verifier = StarkVerifier(key: try instance.key())
        XCTAssertNoThrow(try verifier.verify(proof, publicValues: [], publicInteractions: interactions))
        // Without them the decomposer's sends are unmatched.
        XCTAssertThrowsError(try verifier.verify(proof, publicValues: [])) {
            guard case .busImbalance = $0 as? VerificationError else { return XCTFail("\($0)") }
        }
        // One count off.
        var wrong = interactions
        wrong[0] = PublicInteraction(.receive, byteBus, wrong[0].values, multiplicity: wrong[0].multiplicity + .one)
        XCTAssertThrowsError(try verifier.verify(proof, publicValues: [], publicInteractions: wrong)) {
            guard case .busImbalance = $0 as? VerificationError else { return XCTFail("\($0)") }
        }
        // A list that still balances (one more send and receive of 7) is another statement: the
        // transcript binds the list, so β and γ change and the proof's total no longer cancels.
        let padded = interactions + [PublicInteraction(.send, byteBus, [7]), PublicInteraction(.receive, byteBus, [7])]
        XCTAssertTrue(try BusBalanceChecker.check([TableTrace(air: DecomposeAIR(), trace: instance.traces[0])], publicInteractions: padded).isEmpty)
        XCTAssertThrowsError(try verifier.verify(proof, publicValues: [], publicInteractions: padded)) {
            guard case .busImbalance = $0 as? VerificationError else { return XCTFail("\($0)") }
        }
        // A bus the machine does not have.
        let stray = [PublicInteraction(.send, Bus(name: "nowhere", arity: 1), [1])]
        XCTAssertThrowsError(try verifier.verify(proof, publicValues: [], publicInteractions: stray)) {
            XCTAssertEqual($0 as? VerificationError, .unknownBus("nowhere"))
        }
        XCTAssertThrowsError(try StarkProver(machine: instance.machine).prove(traces: instance.traces, publicValues: [], publicInteractions: stray)) {
            XCTAssertEqual($0 as? ProvingError, .unknownBus("nowhere"))
        }
    }
}
