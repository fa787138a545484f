import Constraints
import ExampleMachines
import Field
import XCTest

/// A configurable two-column table that breaks one setup rule at a time.
private struct FaultyAIR: AIR {
    enum Fault {
        /// A constraint reads column 2 of a 2-column table.
        case constraintReadsPastWidth
        /// An interaction's value reads column 2.
        case interactionReadsPastWidth
        /// A receive whose multiplicity is x³ (degree 4 once LogUp divides by the fingerprint).
        case interactionDegree
        /// The pre-fix `SinkAIR`: receives with a free count.
        case freeReceiveCount
        /// A send under a condition on a column nothing constrains.
        case freeSendCondition
        /// A lookup table's free count, stated with `provide`: allowed.
        case lookupTableCount
    }

    let fault: Fault
    /// x and count, then a third column beyond the declared width.
    let columns: [Column] = {
        var allocator = ColumnAllocator()
        return [allocator.column("x"), allocator.column("count"), allocator.column("outside")]
    }()
    var name: String { "faulty" }
    var width: Int { 2 }
    var publicValueCount: Int { 0 }

    func eval<Builder: AIRBuilder>(_ builder: inout Builder) {
        let x = builder.current(columns[0]), count = builder.current(columns[1])
        let outside = columns[2]
        switch fault {
        case .constraintReadsPastWidth:
            builder.assertZero(builder.current(outside), "reads outside")
        case .interactionReadsPastWidth:
            builder.assertBool(count, "count is a bit")
            builder.receive(numberBus, [builder.current(outside)], multiplicity: count, "outside value")
        case .interactionDegree:
            builder.assertBool(x, "x is a bit")
            builder.receive(numberBus, [x], multiplicity: x * x * x, "cubic count")
        case .freeReceiveCount:
            builder.receive(numberBus, [x], multiplicity: count, "square in")
        case .freeSendCondition:
            builder.when(count) { $0.send(numberBus, [x], multiplicity: Builder.Expression(.one), "conditional send") }
        case .lookupTableCount:
            builder.whenTransition { $0.assertEqual($0.next(columns[0]), x + Goldilocks.one, "x counts up") }
            builder.provide(numberBus, [x], count: count, "lookup")
        }
    }
}

/// Every way `SymbolicAIR` refuses a table at setup, with its typed error.
final class SetupRefusalTests: XCTestCase {
    private func refusal(_ fault: FaultyAIR.Fault) -> ConstraintError? {
        do {
            _ = try SymbolicAIR(FaultyAIR(fault: fault))
            return nil
        } catch {
            return error
        }
    }

    func testColumnsOutsideTheWidth() {
        XCTAssertEqual(refusal(.constraintReadsPastWidth), .columnOutOfRange(table: "faulty", label: "reads outside", column: "outside", width: 2))
        XCTAssertEqual(refusal(.interactionReadsPastWidth), .columnOutOfRange(table: "faulty", label: "outside value", column: "outside", width: 2))
    }

    func testInteractionDegree() {
        XCTAssertEqual(refusal(.interactionDegree), .degreeTooHigh(table: "faulty", label: "cubic count", degree: 4, maximum: 3))
    }

    /// The old setup accepted both: a free count lets the table cancel a bogus tuple with ±1.
    func testUnconstrainedMultiplicities() {
        XCTAssertEqual(refusal(.freeReceiveCount), .unconstrainedMultiplicity(table: "faulty", label: "square in", column: "count"))
        XCTAssertEqual(refusal(.freeSendCondition), .unconstrainedMultiplicity(table: "faulty", label: "conditional send", column: "count"))
        XCTAssertNil(refusal(.lookupTableCount))
        XCTAssertTrue(ConstraintError.unconstrainedMultiplicity(table: "t", label: "l", column: "c").description.contains("provide"))
    }

    /// The example machines keep the convention (the lookup tables use `provide`).
    func testExamplesKeepTheConvention() throws {
        for air in [CPUAIR(), ALUAIR(), BytesAIR(), DecomposeAIR(), SourceAIR(), SquareAIR(), SinkAIR()] as [any AIR] {
            XCTAssertNoThrow(try SymbolicAIR(air), air.name)
        }
        XCTAssertEqual(try SymbolicAIR(ALUAIR()).interactions.map(\.isLookupTable), [true])
        XCTAssertEqual(try SymbolicAIR(SinkAIR()).interactions.map(\.isLookupTable), [false])
    }
}
