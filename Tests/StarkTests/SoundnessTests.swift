import Commit
import Constraints
import ExampleMachines
import Field
@testable import Stark
import XCTest

/// Dishonest witnesses: the debugging checkers name what is wrong, and proofs forced from them
/// are rejected.
final class SoundnessTests: XCTestCase {
    func testBrokenConstraintIsNamedAndItsProofRejected() throws {
        var (trace, publicValues) = FibonacciAIR.trace(rows: 16)
        trace.values[2 * 5 + 1] += .one  // b on row 5
        let failures = try TraceChecker.check(FibonacciAIR(), trace: trace, publicValues: publicValues)
        XCTAssertEqual(failures.map(\.label), ["b' = a + b", "a' = b", "b' = a + b"])
        XCTAssertEqual(failures.map(\.row), [4, 5, 5])
        let instance = try Instance([FibonacciAIR()], traces: [trace], publicValues: publicValues)
        XCTAssertRejects(instance, try instance.prove(), .constraintMismatch(table: "fibonacci"))
    }

    func testMultiplicityOffByOneIsNamedAndItsProofRejected() throws {
        let honest = try Instance.cpuAndALU(cpuRows: 16, aluRows: 8)
        var traces = honest.traces
        traces[1].values[5 * 3 + 4] += .one  // the ALU multiplicity of row 3
        let instance = try Instance([CPUAIR(), ALUAIR()], traces: traces)
        let imbalances = try BusBalanceChecker.check(zip(instance.machine.tables, traces).map { TableTrace(air: $0, trace: $1) })
        XCTAssertEqual(imbalances.count, 1)
        XCTAssertEqual(imbalances.first?.bus, "alu")
        XCTAssertEqual(imbalances.first?.tuple, Array(traces[1].row(3).prefix(4)))
        XCTAssertEqual(imbalances.first?.net, .minusOne)
        let proof = try instance.prove()
        guard case .busImbalance = instance.rejection(proof) else { return XCTFail("expected a bus imbalance") }
        // A prover that then fixes up its totals to add up to zero breaks the running sum's
        // last-row constraint instead.
        var forged = proof
        forged.logUpTotals[0] -= proof.logUpTotals.reduce(.zero, +)
        XCTAssertRejects(instance, forged, .constraintMismatch(table: "cpu"))
    }

    /// The prover's self-check refuses both kinds of broken witness before proving, naming the
    /// constraint or the tuple; an honest witness passes it.
    func testTheSelfCheckNamesWhatABrokenWitnessFails() throws {
        var (trace, publicValues) = FibonacciAIR.trace(rows: 16)
        var prover = StarkProver(machine: try StarkMachine(tables: [FibonacciAIR()]))
        prover.checksWitness = true
        XCTAssertNoThrow(try prover.prove(traces: [trace], publicValues: publicValues))
        trace.values[2 * 5 + 1] += .one
        XCTAssertThrowsError(try prover.prove(traces: [trace], publicValues: publicValues)) { error in
            guard case let .witnessRejected(report) = error as? ProvingError else { return XCTFail("\(error)") }
            XCTAssertTrue(report.contains("fibonacci row 4: 'b' = a + b'"), report)
            XCTAssertTrue(report.contains("3 failing constraints"), report)
        }

        let honest = try Instance.cpuAndALU(cpuRows: 16, aluRows: 8)
        var traces = honest.traces
        traces[1].values[5 * 3 + 4] += .one
        var busProver = StarkProver(machine: honest.machine)
        busProver.checksWitness = true
        XCTAssertThrowsError(try busProver.prove(traces: traces, publicValues: [])) { error in
            guard case let .witnessRejected(report) = error as? ProvingError else { return XCTFail("\(error)") }
            XCTAssertTrue(report.contains("1 unbalanced bus tuple"), report)
            XCTAssertTrue(report.contains("bus alu"), report)
        }
    }

    func testWrongPublicValueIsRejected() throws {
        let instance = try Instance.fibonacci(rows: 16)
        let proof = try instance.prove()
        var claimed = instance.publicValues
        claimed[2] += .one
        XCTAssertRejects(instance, proof, publicValues: claimed, .constraintMismatch(table: "fibonacci"))
        XCTAssertRejects(instance, proof, publicValues: [0, 1], .publicValueCount(expected: 3, got: 2))
    }

    /// Every column of every table of every example machine is bound: changing it on a row
    /// where it matters (an active row) makes the proof fail, with the error the checkers
    /// predict — `busImbalance` if some bus no longer balances (the verifier checks the totals
    /// first), otherwise `constraintMismatch` naming the first table whose constraints fail. A
    /// change neither checker sees fails the test: the column would be free.
    func testEveryColumnOfEveryTableIsBound() throws {
        let instances: [Instance] = [
            try .fibonacci(rows: 8), try .cpuAndALU(cpuRows: 8, aluRows: 4), try .bytes(rows: 4),
            try .chain(sourceRows: 8, squareRows: 4, sinkRows: 4),
        ]
        var swept = 0
        for instance in instances {
            for (t, air) in instance.machine.tables.enumerated() {
                let row = try XCTUnwrap(Self.activeRow(of: air, in: instance.traces[t]), "\(air.name) has no active row")
                for column in 0..<air.width {
                    var traces = instance.traces
                    traces[t].values[row * air.width + column] += Goldilocks(5)
                    let tampered = try Instance(instance.machine.tables, traces: traces, publicValues: instance.publicValues)
                    let what = "\(air.name) row \(row) column \(column)"
                    let expected = try XCTUnwrap(try Self.predictedRejection(tampered), "\(what): no checker sees the change")
                    let rejection = tampered.rejection(try tampered.prove(.testing), configuration: .testing)
                    if case .busImbalance = expected {
                        guard case .busImbalance = rejection else { XCTFail("\(what): expected a bus imbalance, got \(String(describing: rejection))"); continue }
                    } else {
                        XCTAssertEqual(rejection, expected, what)
                    }
                    swept += 1
                }
            }
        }
        XCTAssertEqual(swept, 2 + 5 + 5 + 2 + 5 + 2 + 3 + 3)
    }

    /// A row whose every column feeds a constraint or a bus: the first row that sends or
    /// receives (multiplicity column 1) for tables that have such a flag, row 1 otherwise.
    static func activeRow(of air: any AIR, in trace: RowMajorMatrix<Goldilocks>) -> Int? {
        let flagColumn: Int? = switch air.name {
        case "cpu": 0
        case "source": 1
        case "square", "sink": 2
        default: nil
        }
        guard let flagColumn else { return 1 }
        return (0..<trace.height).first { trace[$0, flagColumn] == .one }
    }

    /// The verifier's error as the debugging checkers predict it, or nil if they see nothing.
    static func predictedRejection(_ instance: Instance) throws -> VerificationError? {
        let tables = zip(instance.machine.tables, instance.traces).map { TableTrace(air: $0, trace: $1, publicValues: instance.publicValues) }
        if !(try BusBalanceChecker.check(tables)).isEmpty { return .busImbalance(total: .zero) }
        for table in tables where !(try TraceChecker.check(table.air, trace: table.trace, publicValues: table.publicValues)).isEmpty {
            return .constraintMismatch(table: table.air.name)
        }
        return nil
    }

    /// The bogus pair the pre-fix sink could receive: +1 and −1 of a pair that is not a square,
    /// on two rows, balance the bus. The sink's count is now a bit, so the proof fails there.
    func testSinkCannotCancelABogusPair() throws {
        let honest = try Instance.chain(sourceRows: 4, squareRows: 4, sinkRows: 8)
        var traces = honest.traces
        let unused = (0..<8).filter { traces[2][$0, 2] == .zero }
        XCTAssertGreaterThanOrEqual(unused.count, 4)
        let (first, other) = (unused[0], unused[1])
        for (row, count) in [(first, Goldilocks.one), (other, Goldilocks.minusOne)] {
            traces[2].values[3 * row ..< 3 * row + 3] = [5, 7, count]  // 7 ≠ 5² + 1
        }
        let forged = try Instance(honest.machine.tables, traces: traces)
        let tables = zip(forged.machine.tables, traces).map { TableTrace(air: $0, trace: $1) }
        XCTAssertEqual(try BusBalanceChecker.check(tables), [], "the bus balances: only the count's constraint catches it")
        XCTAssertRejects(forged, try forged.prove(), .constraintMismatch(table: "sink"))
    }

    func testBytesTableMustHoldExactlyTheBytes() throws {
        let instance = try Instance.bytes(rows: 8)
        var traces = instance.traces
        // Claim 256 is a byte: shift the counter by one (row 0 = 1, …, row 255 = 256).
        for row in 0..<256 { traces[0].values[2 * row] += .one }
        let failures = try TraceChecker.check(BytesAIR(), trace: traces[0], publicValues: [])
        XCTAssertEqual(failures.map(\.label), ["byte starts at 0", "byte ends at 255"])
        let tampered = try Instance(instance.machine.tables, traces: traces)
        // The decomposer's bytes 0…255 are no longer all provided: the bus fails first.
        guard case .busImbalance = tampered.rejection(try tampered.prove()) else { return XCTFail("expected a bus imbalance") }
    }
}
