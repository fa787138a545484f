import Commit
import Constraints
import ExampleMachines
import Field
@testable import Stark
import XCTest

/// Preprocessed columns: committed in the verifying key, opened like any batch, authenticated
/// against the key's cap, and fixing their table's height.
final class PreprocessedTests: XCTestCase {
    static func instance(rows: Int = 8, bytes: FixedBytesAIR = FixedBytesAIR(), decomposed: RowMajorMatrix<Goldilocks>? = nil) throws -> Instance {
        let decomposed = decomposed ?? DecomposeAIR.traces(rows: rows, seed: 5)[1]
        return try Instance([bytes, DecomposeAIR()], traces: [bytes.trace(decomposed: decomposed), decomposed])
    }

    func testRoundTripAndShape() throws {
        let instance = try Self.instance()
        XCTAssertEqual(instance.machine.preprocessedTables, [0])
        let key = try instance.key()
        XCTAssertEqual(key.preprocessedCaps.count, 1)
        XCTAssertEqual(key.preprocessedCaps[0].roots.count, 16)
        let proof = try instance.prove()
        XCTAssertNil(instance.rejection(proof))
        // Batches: preprocessed, 2 traces, 2 LogUp, 2 quotients; nothing reads a next row but LogUp.
        XCTAssertEqual(proof.opening.openedValues.map(\.count), [1, 1, 1, 2, 2, 1, 1])
        XCTAssertEqual(proof.opening.openedValues[0][0].count, 1)
        let tables = zip(instance.machine.tables, instance.traces).map { TableTrace(air: $0, trace: $1) }
        XCTAssertEqual(try BusBalanceChecker.check(tables), [])
    }

    func testOpenedPreprocessedValuesAreAuthenticatedAgainstTheKey() throws {
        let instance = try Self.instance()
        let proof = try instance.prove()
        var value = proof
        value.opening.openedValues[0][0][0] += .one
        XCTAssertRejects(instance, value, .constraintMismatch(table: "fixed-bytes"))
        var row = proof
        row.opening.roundOpenings[0].rows[0][0][0] += .one
        guard case .opening(.roundMerkle(round: 0, .rootMismatch)) = instance.rejection(row) else { return XCTFail("expected a Merkle failure of the preprocessed round") }
    }

    /// A prover whose "byte table" also lists 300 proves that 300 is a byte; the proof verifies
    /// against its own key, but the honest key (0…255) rejects it.
    func testAProofAgainstAnotherTableIsRejected() throws {
        var decomposed = DecomposeAIR.traces(rows: 8, seed: 5)[1]
        let decompose = DecomposeAIR()
        decomposed[0, decompose.bytes[0]] = 300
        decomposed[0, decompose.value] = decomposed[0, decompose.bytes].enumerated().reduce(Goldilocks.zero) { $0 + $1.element * Goldilocks(1 << (8 * $1.offset)) }
        let forged = FixedBytesAIR(bytes: (0..<255).map { Goldilocks($0) } + [300])
        let cheating = try Self.instance(bytes: forged, decomposed: decomposed)
        let proof = try cheating.prove()
        XCTAssertNil(cheating.rejection(proof))
        let honest = try Self.instance()
        XCTAssertNotNil(honest.rejection(proof))
        XCTAssertNotEqual(try honest.key().preprocessedCaps, try cheating.key().preprocessedCaps)
    }

    func testTheTableHeightIsThePreprocessedHeight() throws {
        let instance = try Self.instance()
        var proof = try instance.prove()
        proof.logHeights[0] = 7
        XCTAssertRejects(instance, proof, .preprocessedHeightMismatch(table: "fixed-bytes", expectedLog: 8, gotLog: 7))
        var traces = instance.traces
        traces[0] = RowMajorMatrix(repeating: .zero, width: 1, height: 128)
        XCTAssertThrowsError(try StarkProver(machine: instance.machine).prove(traces: traces, publicValues: instance.publicValues)) {
            XCTAssertEqual($0 as? ProvingError, .preprocessedHeight(table: "fixed-bytes", expected: 256, got: 128))
        }
    }

    func testMalformedPreprocessedTracesAreRefusedAtSetup() {
        XCTAssertThrowsError(try StarkMachine(tables: [FixedBytesAIR(bytes: (0..<255).map { Goldilocks($0) })])) {
            XCTAssertEqual($0 as? ConstraintError, .preprocessedTraceShape(table: "fixed-bytes", problem: "height 255 is not a power of two"))
        }
        XCTAssertThrowsError(try TraceChecker.check(FixedBytesAIR(), trace: RowMajorMatrix(repeating: .zero, width: 1, height: 4), publicValues: [])) {
            XCTAssertEqual($0 as? ConstraintError, .preprocessedTraceShape(table: "fixed-bytes", problem: "has 256 rows, the trace 4"))
        }
    }
}
