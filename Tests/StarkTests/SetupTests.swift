import ExampleMachines
import Field
@testable import Constraints
@testable import Stark
import XCTest

/// Machine setup, prover input checks and the compiled constraint programs.
final class SetupTests: XCTestCase {
    func testMachineRefusesDuplicateNamesConflictingBusesAndNoTables() {
        XCTAssertThrowsError(try StarkMachine(tables: [])) { XCTAssertEqual($0 as? ConstraintError, .emptyMachine) }
        XCTAssertThrowsError(try StarkMachine(tables: [CPUAIR(), CPUAIR()])) {
            XCTAssertEqual($0 as? ConstraintError, .duplicateTableName("cpu"))
        }
        XCTAssertThrowsError(try StarkMachine(tables: [CPUAIR(), NarrowALUAIR()])) {
            XCTAssertEqual($0 as? ConstraintError, .busArityConflict(bus: "alu", arities: [3, 4]))
        }
    }

    func testProverRefusesWitnessesThatDoNotFitTheMachine() throws {
        let instance = try Instance.fibonacci(rows: 8)
        let prover = StarkProver(machine: instance.machine)
        XCTAssertThrowsError(try prover.prove(traces: [], publicValues: [])) {
            XCTAssertEqual($0 as? ProvingError, .tableCount(expected: 1, got: 0))
        }
        XCTAssertThrowsError(try prover.prove(traces: [RowMajorMatrix(repeating: .zero, width: 3, height: 8)], publicValues: instance.publicValues)) {
            XCTAssertEqual($0 as? ProvingError, .traceWidth(table: "fibonacci", expected: 2, got: 3))
        }
        XCTAssertThrowsError(try prover.prove(traces: [RowMajorMatrix(repeating: .zero, width: 2, height: 6)], publicValues: instance.publicValues)) {
            XCTAssertEqual($0 as? ProvingError, .traceHeight(table: "fibonacci", height: 6, maximumLog: 27))
        }
        XCTAssertThrowsError(try prover.prove(traces: instance.traces, publicValues: [1])) {
            XCTAssertEqual($0 as? ProvingError, .publicValueCount(expected: 3, got: 1))
        }
        var weak = StarkConfiguration.fast
        weak.fri.proofOfWorkBits = 0
        XCTAssertThrowsError(try StarkProver(machine: instance.machine, configuration: weak).prove(traces: instance.traces, publicValues: instance.publicValues)) {
            XCTAssertEqual($0 as? ProvingError, .invalidConfiguration(.insufficientSecurity(bits: 84, required: 100)))
        }
    }

    /// The compiled program (shared leaves, reused registers) computes what the DAG says, on
    /// random rows, for every example table.
    func testCompiledProgramsAgreeWithTheSymbolicDAG() throws {
        var generator = SplitMix64(seed: 9)
        for air in [FibonacciAIR(), CPUAIR(), ALUAIR(), BytesAIR(), DecomposeAIR(), SquareAIR(), FixedBytesAIR()] as [any AIR] {
            let symbolic = try SymbolicAIR(air)
            let roots = symbolic.constraints.map(\.expression) + symbolic.interactions.flatMap { $0.values + [$0.multiplicity] }
            let program = ConstraintProgram(roots: roots)
            XCTAssertLessThanOrEqual(program.registerCount, program.instructions.count)
            let rows = 5
            let matrix = RowMajorMatrix(values: (0..<(2 * rows * air.width)).map { _ in Goldilocks(reducing: generator.next()) }, width: air.width)
            let fixed = RowMajorMatrix(values: (0..<(2 * rows * air.preprocessedWidth)).map { _ in Goldilocks(reducing: generator.next()) }, width: max(1, air.preprocessedWidth))
            let publicValues = (0..<air.publicValueCount).map { _ in Goldilocks(reducing: generator.next()) }
            let selectors = (0..<(3 * rows)).map { _ in Goldilocks(reducing: generator.next()) }
            let currentRows = Array(0..<rows), nextRows = Array(rows..<(2 * rows))
            let stride = 8
            var registers = [Goldilocks](repeating: .zero, count: max(1, program.registerCount) * stride)
            matrix.values.withUnsafeBufferPointer { values in
                fixed.values.withUnsafeBufferPointer { fixedValues in
                    currentRows.withUnsafeBufferPointer { current in
                        nextRows.withUnsafeBufferPointer { next in
                            selectors.withUnsafeBufferPointer { selectors in
                                publicValues.withUnsafeBufferPointer { publicValues in
                                    registers.withUnsafeMutableBufferPointer { registers in
                                        program.run(ProgramInputs(
                                            matrix: values.baseAddress!, width: air.width,
                                            preprocessed: fixedValues.baseAddress, preprocessedWidth: air.preprocessedWidth,
                                            currentRows: current.baseAddress!, nextRows: next.baseAddress!,
                                            isFirstRow: selectors.baseAddress!, isLastRow: selectors.baseAddress! + rows,
                                            isTransition: selectors.baseAddress! + 2 * rows, publicValues: publicValues),
                                            count: rows, registers: registers.baseAddress!, stride: stride)
                                    }
                                }
                            }
                        }
                    }
                }
            }
            for row in 0..<rows {
                for (k, root) in roots.enumerated() {
                    let expected: Goldilocks = root.evaluate { variable in
                        switch variable {
                        case let .current(column): matrix[row, column.index]
                        case let .next(column): matrix[rows + row, column.index]
                        case let .preprocessed(column): fixed[row, column.index]
                        case let .preprocessedNext(column): fixed[rows + row, column.index]
                        case let .publicValue(index): publicValues[index]
                        case .isFirstRow: selectors[row]
                        case .isLastRow: selectors[rows + row]
                        case .isTransition: selectors[2 * rows + row]
                        }
                    }
                    XCTAssertEqual(registers[program.outputs[k] * stride + row], expected, "\(air.name) root \(k) row \(row)")
                }
            }
        }
    }

    func testRowSelectorsAreTheLagrangeIndicatorsOnTheDomain() throws {
        // Off the domain, check against the definition through interpolation: the selectors'
        // values on H are 1/0, and the formulas are degree-(n−1) polynomials.
        let logHeight = 3
        let n = 1 << logHeight
        let zeta = GoldilocksExtension(Goldilocks(12345), Goldilocks(678))
        let selectors = try XCTUnwrap(RowSelectors(at: zeta, logHeight: logHeight))
        func interpolate(_ values: [Goldilocks]) -> GoldilocksExtension {
            Evaluations(values: values, domain: TwoAdicCoset(logSize: logHeight)).interpolate().evaluate(at: zeta)
        }
        XCTAssertEqual(selectors.isFirstRow, interpolate((0..<n).map { $0 == 0 ? .one : .zero }))
        XCTAssertEqual(selectors.isLastRow, interpolate((0..<n).map { $0 == n - 1 ? .one : .zero }))
        XCTAssertEqual(selectors.isTransition, interpolate((0..<n).map { $0 == n - 1 ? .zero : .one }))
        XCTAssertNil(RowSelectors(at: GoldilocksExtension(Goldilocks.rootOfUnity(logOrder: logHeight)), logHeight: logHeight))
    }
}

/// An ALU that uses the "alu" bus with three values: conflicts with `CPUAIR`'s four.
struct NarrowALUAIR: AIR {
    var name: String { "narrow-alu" }
    var width: Int { 3 }
    var publicValueCount: Int { 0 }
    func eval<Builder: AIRBuilder>(_ builder: inout Builder) {
        var allocator = ColumnAllocator()
        let columns = allocator.columns("v", count: 3)
        builder.receive(Bus(name: "alu", arity: 3), columns.map(builder.current), multiplicity: Builder.Expression(.one), "narrow")
    }
}
