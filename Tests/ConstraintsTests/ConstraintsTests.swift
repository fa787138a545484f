import Constraints
import ExampleMachines
import Field
import XCTest

/// A flag column, a cubic constraint and one of degree 4 behind a flag.
struct CubicAIR: AIR {
    let x: Column, flag: Column
    let width: Int
    let tooHigh: Bool
    var name: String { "cubic" }
    var publicValueCount: Int { 0 }

    init(tooHigh: Bool) {
        var allocator = ColumnAllocator()
        x = allocator.column("x")
        flag = allocator.column("flag")
        width = allocator.width
        self.tooHigh = tooHigh
    }

    func eval<Builder: AIRBuilder>(_ builder: inout Builder) {
        let x = builder.current(self.x), flag = builder.current(self.flag)
        builder.assertBool(flag, "flag is a bit")
        builder.when(flag) { builder in builder.assertZero(x * x - x, "x is a bit when flagged") }
        if tooHigh {
            builder.whenTransition { builder in builder.assertZero(x * x * x, "x cubed on transitions") }
        }
    }
}

final class ConstraintsTests: XCTestCase {
    func testAllocatorComputesWidthAndNames() {
        var allocator = ColumnAllocator()
        let a = allocator.column("a")
        let limbs = allocator.columns("limb", count: 4)
        XCTAssertEqual(a.index, 0)
        XCTAssertEqual(limbs.map(\.index), [1, 2, 3, 4])
        XCTAssertEqual(limbs[2].name, "limb[2]")
        XCTAssertEqual(allocator.width, 5)
    }

    func testSymbolicDegreesAreWhatTheAuthorExpects() throws {
        let fibonacci = try SymbolicAIR(FibonacciAIR())
        XCTAssertEqual(fibonacci.constraintCount, 5)
        // Selector (degree 1) × linear constraint.
        XCTAssertEqual(fibonacci.constraints.map(\.degree), [2, 2, 2, 2, 2])
        XCTAssertEqual(fibonacci.constraints[3].label, "b' = a + b")
        XCTAssertEqual(fibonacci.constraints[3].expression.columns.map(\.name), ["b", "a"])
        let cubic = try SymbolicAIR(CubicAIR(tooHigh: false))
        XCTAssertEqual(cubic.constraints.map(\.degree), [2, 3])
        XCTAssertEqual(cubic.maximumConstraintDegree, 3)
    }

    func testDegreeAboveThreeIsRefusedAtSetup() {
        XCTAssertThrowsError(try SymbolicAIR(CubicAIR(tooHigh: true))) { error in
            XCTAssertEqual(error as? ConstraintError, .degreeTooHigh(table: "cubic", label: "x cubed on transitions", degree: 4, maximum: 3))
        }
    }

    func testCheckerAcceptsAnHonestTrace() throws {
        let (trace, publicValues) = FibonacciAIR.trace(rows: 16)
        XCTAssertEqual(try TraceChecker.check(FibonacciAIR(), trace: trace, publicValues: publicValues), [])
    }

    func testCheckerNamesTheBrokenConstraintRowAndColumns() throws {
        var (trace, publicValues) = FibonacciAIR.trace(rows: 8)
        trace[5, 1] += 1
        let failures = try TraceChecker.check(FibonacciAIR(), trace: trace, publicValues: publicValues)
        // Row 4's b' = a + b breaks, and row 5's a' = b (a' of row 6 still holds the old b).
        XCTAssertEqual(failures.map(\.row), [4, 5, 5])
        XCTAssertEqual(failures.map(\.label), ["b' = a + b", "a' = b", "b' = a + b"])
        XCTAssertEqual(failures[0].columns.map(\.column.name), ["b", "a"])
        XCTAssertEqual(failures[0].columns[0].next, trace[5, 1])
        XCTAssertTrue(failures[0].description.contains("fibonacci row 4: 'b' = a + b'"), failures[0].description)
        // A wrong public value breaks exactly the boundary constraint.
        publicValues[2] += 1
        let (honest, _) = FibonacciAIR.trace(rows: 8)
        let boundary = try TraceChecker.check(FibonacciAIR(), trace: honest, publicValues: publicValues)
        XCTAssertEqual(boundary.map(\.label), ["b ends at public[2]"])
        XCTAssertEqual(boundary.map(\.row), [7])
    }

    func testConditionsApplyOnlyWhereTheyHold() throws {
        let air = CubicAIR(tooHigh: false)
        // x = 2 is fine where the flag is 0 and breaks the flagged constraint where it is 1.
        let trace = RowMajorMatrix<Goldilocks>(values: [2, 0, 2, 1, 1, 1, 0, 1], width: 2)
        let failures = try TraceChecker.check(air, trace: trace, publicValues: [])
        XCTAssertEqual(failures.map(\.row), [1])
        XCTAssertEqual(failures.map(\.label), ["x is a bit when flagged"])
        let badFlag = RowMajorMatrix<Goldilocks>(values: [0, 2], width: 2)
        XCTAssertEqual(try TraceChecker.check(air, trace: badFlag, publicValues: []).map(\.label), ["flag is a bit"])
    }

    func testSymbolicEvaluationSharesNodesAndWorksOverTheExtension() {
        var builder = SymbolicBuilder(publicValueCount: 1)
        var allocator = ColumnAllocator()
        let x = builder.current(allocator.column("x"))
        var running = x
        for _ in 0..<200 { running = running * running - running }  // a deep chain of shared nodes
        builder.assertZero(running - builder.publicValue(0), "chain")
        let value: GoldilocksExtension = builder.constraints[0].expression.evaluate { variable in
            switch variable {
            case .current: GoldilocksExtension(.zero, .one)
            default: .zero
            }
        }
        var expected = GoldilocksExtension(.zero, .one)
        for _ in 0..<200 { expected = expected * expected - expected }
        XCTAssertEqual(value, expected)
    }
}
