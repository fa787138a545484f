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
        let instance = try Instance([FibonacciAIR()], traces: [trace], publicValues: [publicValues])
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

    func testWrongPublicValueIsRejected() throws {
        let instance = try Instance.fibonacci(rows: 16)
        let proof = try instance.prove()
        var claimed = instance.publicValues
        claimed[0][2] += .one
        XCTAssertRejects(instance, proof, publicValues: claimed, .constraintMismatch(table: "fibonacci"))
        XCTAssertRejects(instance, proof, publicValues: [[0, 1]], .publicValueCount(table: "fibonacci", expected: 3, got: 2))
    }

    /// For every table of every example machine, one changed cell makes the proof fail.
    func testOneChangedCellInAnyTableFailsItsProof() throws {
        // (instance, table, row, column): cells every honest constraint or bus depends on.
        let cpu = try Instance.cpuAndALU(cpuRows: 8, aluRows: 4)
        let activeCPURow = try XCTUnwrap((0..<8).first { cpu.traces[0][$0, 0] == .one })
        let cases: [(Instance, Int, Int, Int)] = [
            (try .fibonacci(rows: 8), 0, 3, 0),
            (cpu, 0, activeCPURow, 4),
            (try .cpuAndALU(cpuRows: 8, aluRows: 4), 1, 1, 2),
            (try .bytes(rows: 8), 0, 17, 0),
            (try .bytes(rows: 8), 1, 2, 3),
            (try .chain(sourceRows: 8, squareRows: 4, sinkRows: 4), 0, 1, 1),
            (try .chain(sourceRows: 8, squareRows: 4, sinkRows: 4), 1, 2, 1),
            (try .chain(sourceRows: 8, squareRows: 4, sinkRows: 4), 2, 0, 2),
        ]
        for (instance, table, row, column) in cases {
            var traces = instance.traces
            traces[table].values[row * traces[table].width + column] += Goldilocks(5)
            let tampered = try Instance(instance.machine.tables, traces: traces, publicValues: instance.publicValues)
            XCTAssertNotNil(tampered.rejection(try tampered.prove()), "\(instance.machine.tables[table].name) row \(row) column \(column)")
        }
    }

    func testBytesTableMustHoldExactlyTheBytes() throws {
        let instance = try Instance.bytes(rows: 8)
        var traces = instance.traces
        // Claim 256 is a byte: shift the counter by one (row 0 = 1, …, row 255 = 256).
        for row in 0..<256 { traces[0].values[2 * row] += .one }
        let failures = try TraceChecker.check(BytesAIR(), trace: traces[0], publicValues: [])
        XCTAssertEqual(failures.map(\.label), ["byte starts at 0", "byte ends at 255"])
        let tampered = try Instance(instance.machine.tables, traces: traces)
        XCTAssertNotNil(tampered.rejection(try tampered.prove()))
    }
}
