import Constraints
import Field
import XCTest

/// The ALU bus of the test machine:
///
///     CPU ──(op, a, b, c)──▶ ALU
///
/// Soundness: the ALU (receiver) constrains c = a op b on every row it receives with a nonzero
/// multiplicity; the CPU (sender) constrains that it sends exactly when it executes an operation.
let aluBus = Bus(name: "alu", arity: 4)

/// Each row may request one operation (op 0 = add, 1 = mul) when `active` is 1.
struct CPUAIR: AIR {
    let active: Column, op: Column, a: Column, b: Column, c: Column
    let width: Int
    var name: String { "cpu" }
    var publicValueCount: Int { 0 }

    init() {
        var allocator = ColumnAllocator()
        active = allocator.column("active")
        op = allocator.column("op")
        a = allocator.column("a")
        b = allocator.column("b")
        c = allocator.column("c")
        width = allocator.width
    }

    func eval<Builder: AIRBuilder>(_ builder: inout Builder) {
        let active = builder.current(self.active)
        builder.assertBool(active, "active is a bit")
        builder.send(aluBus, [op, a, b, c].map(builder.current), multiplicity: active, "request")
    }
}

/// One row per distinct operation, received `multiplicity` times.
struct ALUAIR: AIR {
    let op: Column, a: Column, b: Column, c: Column, multiplicity: Column
    let width: Int
    var name: String { "alu" }
    var publicValueCount: Int { 0 }

    init() {
        var allocator = ColumnAllocator()
        op = allocator.column("op")
        a = allocator.column("a")
        b = allocator.column("b")
        c = allocator.column("c")
        multiplicity = allocator.column("multiplicity")
        width = allocator.width
    }

    func eval<Builder: AIRBuilder>(_ builder: inout Builder) {
        let op = builder.current(self.op), a = builder.current(self.a), b = builder.current(self.b), c = builder.current(self.c)
        builder.assertBool(op, "op is add or mul")
        // op = 0: c = a + b; op = 1: c = a·b.
        builder.assertZero(c - (Goldilocks.one - op) * (a + b) - op * (a * b), "c = a op b")
        builder.receive(aluBus, [op, a, b, c], multiplicity: builder.current(multiplicity), "execute")
    }
}

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
