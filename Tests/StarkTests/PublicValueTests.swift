import Constraints
import ExampleMachines
import Field
@testable import Stark
import XCTest

/// Holds, on its first row, the value of public value `index`: a second table reading the
/// machine's claim.
private struct EchoAIR: AIR {
    let value: Column = {
        var allocator = ColumnAllocator()
        return allocator.column("value")
    }()
    let index: Int
    var name: String { "echo" }
    var width: Int { 1 }
    var publicValueCount: Int { index + 1 }

    func eval<Builder: AIRBuilder>(_ builder: inout Builder) {
        let value = builder.current(self.value), claimed = builder.publicValue(index)
        builder.whenFirstRow { $0.assertEqual(value, claimed, "value = public[\(index)]") }
    }
}

/// The public values are the machine's: one vector, bound once, read by every table.
final class PublicValueTests: XCTestCase {
    func testTwoTablesReadOneClaim() throws {
        let (trace, publicValues) = FibonacciAIR.trace(rows: 8)
        let echo = RowMajorMatrix(values: [publicValues[2]] + [Goldilocks](repeating: 9, count: 3), width: 1)
        let instance = try Instance([FibonacciAIR(), EchoAIR(index: 2)], traces: [trace, echo], publicValues: publicValues)
        XCTAssertEqual(instance.machine.publicValueCount, 3)
        XCTAssertNil(instance.rejection(try instance.prove()))
        // The echo table holds another value: its own constraint fails, not Fibonacci's.
        var wrong = echo
        wrong[0, 0] += .one
        let forged = try Instance([FibonacciAIR(), EchoAIR(index: 2)], traces: [trace, wrong], publicValues: publicValues)
        XCTAssertRejects(forged, try forged.prove(), .constraintMismatch(table: "echo"))
        // One claim for the machine: the count is the longest table's.
        XCTAssertThrowsError(try StarkProver(machine: instance.machine).prove(traces: instance.traces, publicValues: [1, 2, 3, 4])) {
            XCTAssertEqual($0 as? ProvingError, .publicValueCount(expected: 3, got: 4))
        }
    }
}
