import Constraints
import ExampleMachines
import Field
import XCTest

final class BusTests: XCTestCase {
    func traces(aluMultiplicityOfMul: Goldilocks = 2) -> [TableTrace] {
        // CPU: add 2+3, mul 4·5 twice, one idle row.
        let cpu = RowMajorMatrix<Goldilocks>(values: [
            1, 0, 2, 3, 5,
            1, 1, 4, 5, 20,
            1, 1, 4, 5, 20,
            0, 0, 0, 0, 0,
        ], width: 5)
        let alu = RowMajorMatrix<Goldilocks>(values: [
            0, 2, 3, 5, 1,
            1, 4, 5, 20, aluMultiplicityOfMul,
        ], width: 5)
        return [TableTrace(air: CPUAIR(), trace: cpu), TableTrace(air: ALUAIR(), trace: alu)]
    }

    func testBalancedBusesHaveNoImbalance() throws {
        XCTAssertEqual(try BusBalanceChecker.check(traces()), [])
        for table in traces() {
            XCTAssertEqual(try TraceChecker.check(table.air, trace: table.trace, publicValues: []), [])
        }
    }

    func testMultiplicityOffByOneNamesTheTuple() throws {
        let imbalances = try BusBalanceChecker.check(traces(aluMultiplicityOfMul: 3))
        XCTAssertEqual(imbalances.count, 1)
        let imbalance = try XCTUnwrap(imbalances.first)
        XCTAssertEqual(imbalance.bus, "alu")
        XCTAssertEqual(imbalance.tuple, [1, 4, 5, 20])
        XCTAssertEqual(imbalance.net, .minusOne)
        XCTAssertEqual(imbalance.occurrences.map(\.table), ["cpu", "cpu", "alu"])
        XCTAssertEqual(imbalance.occurrences.map(\.row), [1, 2, 1])
        XCTAssertTrue(imbalance.description.contains("bus alu: tuple (1, 4, 5, 20) is off by"), imbalance.description)
    }

    func testConditionsScaleMultiplicitiesAndDegreesAreChecked() throws {
        let symbolic = try SymbolicAIR(ALUAIR())
        XCTAssertEqual(symbolic.interactions.count, 1)
        XCTAssertEqual(symbolic.interactions[0].kind, .receive)
        XCTAssertEqual(symbolic.interactions[0].multiplicity.degree, 1)
        XCTAssertEqual(symbolic.maximumConstraintDegree, 3)
        var builder = SymbolicBuilder(publicValueCount: 0)
        let cpu = CPUAIR()
        builder.whenTransition { builder in
            builder.send(aluBus, [cpu.op, cpu.a, cpu.b, cpu.c].map(builder.current), multiplicity: builder.current(cpu.active), "conditional")
        }
        XCTAssertEqual(builder.interactions[0].multiplicity.degree, 2)
    }
}
