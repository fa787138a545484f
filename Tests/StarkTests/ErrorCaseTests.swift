import Constraints
import ExampleMachines
import Field
@testable import Stark
import XCTest

/// Error cases no honest run reaches, forced through the code that raises them.
final class ErrorCaseTests: XCTestCase {
    /// A tuple whose fingerprint γ − (bus + β·v) is zero: with β = 1 and γ = bus + 5, the byte
    /// table's row 5 (byte 5). The prover names the table and row instead of dividing by zero.
    func testZeroFingerprintIsNamed() throws {
        let instance = try Instance.bytes(rows: 4)
        let table = try XCTUnwrap(instance.machine.tables.firstIndex { $0.name == "bytes" })
        let busID = Goldilocks(try XCTUnwrap(instance.machine.buses.firstIndex { $0.name == "byte" }) + 1)
        let challenges = LogUpChallenges(beta: .one, gamma: GoldilocksExtension(busID + Goldilocks(5)), maximumArity: 1)
        let builder = LogUpTraceBuilder(layout: instance.machine.logUp[table])
        XCTAssertThrowsError(try builder.build(trace: instance.traces[table], publicValues: [], challenges: challenges, table: "bytes")) {
            XCTAssertEqual($0 as? ProvingError, .fingerprintZero(table: "bytes", row: 5))
        }
    }

    /// ζ in the trace domain (or at 1 or ω⁻¹) leaves the selectors undefined: a typed error,
    /// not a division by zero.
    func testOutOfDomainPointInsideTheDomainIsRefused() throws {
        let instance = try Instance.fibonacci(rows: 8)
        let proof = try instance.prove()
        let verifier = StarkVerifier(key: try instance.key())
        let omega = Goldilocks.rootOfUnity(logOrder: 3)
        for zeta in [omega * omega, .one, omega.inverse()] {
            XCTAssertThrowsError(try verifier.checkConstraints(
                table: 0, logHeight: 3, zeta: GoldilocksExtension(zeta), alpha: .one,
                challenges: LogUpChallenges(beta: .one, gamma: .one, maximumArity: 0),
                trace: proof.opening.openedValues[0], logUp: nil, total: .zero,
                quotient: proof.opening.openedValues[1][0], publicValues: instance.publicValues)) {
                XCTAssertEqual($0 as? VerificationError, .degenerateOutOfDomainPoint(table: "fibonacci"))
            }
        }
        XCTAssertNil(RowSelectors(at: GoldilocksExtension(omega.power(5)), logHeight: 3))
        XCTAssertNotNil(RowSelectors(at: GoldilocksExtension(Goldilocks.multiplicativeGenerator), logHeight: 3))
    }
}
