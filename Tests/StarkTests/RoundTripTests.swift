import Constraints
import ExampleMachines
import Field
@testable import Stark
import XCTest

/// Honest proofs of every example machine verify, at several heights per table.
final class RoundTripTests: XCTestCase {
    func testFibonacciAtSeveralHeights() throws {
        for rows in [1, 2, 8, 64] {
            let instance = try Instance.fibonacci(rows: rows)
            XCTAssertNil(instance.rejection(try instance.prove()), "rows \(rows)")
        }
    }

    func testFibonacciWithTheCompactPreset() throws {
        let instance = try Instance.fibonacci(rows: 32)
        let proof = try instance.prove(.compact)
        XCTAssertEqual(proof.configuration, .compact)
        XCTAssertNil(instance.rejection(proof, configuration: .compact))
    }

    func testCPUAndALUWithDifferentHeights() throws {
        for (cpuRows, aluRows) in [(32, 8), (8, 16), (4, 4)] {
            let instance = try Instance.cpuAndALU(cpuRows: cpuRows, aluRows: aluRows)
            XCTAssertNil(instance.rejection(try instance.prove()), "cpu \(cpuRows), alu \(aluRows)")
        }
    }

    func testByteRangeCheck() throws {
        for rows in [4, 64] {
            let instance = try Instance.bytes(rows: rows)
            XCTAssertEqual(try BusBalanceChecker.check(zip(instance.machine.tables, instance.traces).map { TableTrace(air: $0, trace: $1) }), [])
            XCTAssertNil(instance.rejection(try instance.prove()), "rows \(rows)")
        }
    }

    func testThreeTableChain() throws {
        for (source, square, sink) in [(16, 4, 8), (8, 8, 8), (2, 2, 32)] {
            let instance = try Instance.chain(sourceRows: source, squareRows: square, sinkRows: sink)
            XCTAssertNil(instance.rejection(try instance.prove()), "heights \(source), \(square), \(sink)")
        }
    }

    func testProgressReportsEveryStep() throws {
        let instance = try Instance.cpuAndALU(cpuRows: 8, aluRows: 4)
        let lines = LockedLines()
        var timings = ProvingTimings()
        _ = try StarkProver(machine: instance.machine).prove(
            traces: instance.traces, publicValues: instance.publicValues, timings: &timings, progress: { lines.append($0) })
        XCTAssertEqual(lines.all.map { String($0.prefix(8)) }, ["step 1/4", "step 2/4", "step 3/4", "step 4/4"])
        XCTAssertGreaterThan(timings.total, 0)
    }

    func testSymbolicDegreesAreWhatTheAuthorsExpect() throws {
        let machine = try StarkMachine(tables: [FibonacciAIR(), CPUAIR(), ALUAIR(), BytesAIR(), DecomposeAIR(), SourceAIR(), SquareAIR(), SinkAIR()])
        let constraintDegrees = machine.symbolic.map(\.maximumConstraintDegree)
        // Fibonacci: selector × linear; CPU: a bit; ALU: op·a·b; bytes: selector × linear;
        // decompose: linear; source: a bit; square: x² and a bit; sink: a bit.
        XCTAssertEqual(constraintDegrees, [2, 2, 3, 2, 1, 2, 2, 2])
        // With LogUp: one interaction with linear values and multiplicity is h·f − m (degree 2);
        // two such share a helper (h·f₁·f₂, degree 3); decompose's four bytes make two helpers.
        XCTAssertEqual((0..<machine.tableCount).map(machine.maximumDegree(ofTable:)), [2, 2, 3, 2, 3, 2, 3, 2])
        XCTAssertEqual(machine.logUp.map(\.helperCount), [0, 1, 1, 1, 2, 1, 1, 1])
        XCTAssertEqual(machine.buses.map(\.name), ["alu", "byte", "numbers", "squares"])
    }
}

/// Lines collected from a progress callback.
final class LockedLines: @unchecked Sendable {
    private var lines = [String]()
    private let lock = NSLock()
    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
}
