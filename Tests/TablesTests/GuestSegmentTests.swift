import Field
import MIPS
import Stark
@testable import Tables
import XCTest

/// Whole runs of the bundled guests, program and in-guest kernel alike, proven as one segment:
/// the statement's exit code, input words and output bytes are the VM's.
final class GuestSegmentTests: XCTestCase {
    static let guests = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("mips-guests")

    static func input(_ name: String) -> [UInt8] {
        [UInt8](FileManager.default.contents(atPath: guests.appendingPathComponent("inputs/\(name).in").path) ?? Data())
    }

    /// Runs `name` with its committed input to the end, tracing, and builds the witness.
    static func witness(_ name: String) throws -> (SegmentWitness, Machine) {
        let elf = try XCTUnwrap(FileManager.default.contents(atPath: guests.appendingPathComponent("bin/\(name)").path),
                                "mips-guests/bin/\(name) is committed but could not be read")
        let machine = try ProgramImage.load(elfBytes: [UInt8](elf)).makeMachine(input: input(name))
        machine.io.capturesConsole = true
        let start = machine.state
        machine.memory.beginTouchTracking()
        var recorder = TraceRecorder()
        let stop = machine.run(until: 1 << 21, tracer: &recorder)
        guard case .exited = stop else { throw XCTSkip("\(name) did not exit within 2^21 cycles: \(stop)") }
        let pages = machine.memory.endTouchTracking()
        return (try CPUMachine.witness(start: SegmentStart(state: start, pages: pages), trace: recorder), machine)
    }

    func testCExitcodeProvesWholly() throws {
        let (witness, machine) = try Self.witness("c-exitcode")
        XCTAssertEqual(witness.statement.exitCode, 7)
        XCTAssertEqual(witness.statement.outputBytes, machine.io.publicOutput)
        XCTAssertEqual(witness.statement.outputBytes, Array("exit:7".utf8))
        XCTAssertEqual(witness.statement.cycles, Int(machine.cycles))
        let (constraints, buses) = try CPUTableTests.failures(witness)
        XCTAssertEqual(constraints.map(\.description), [])
        XCTAssertEqual(buses.map(\.description), [])
        XCTAssertNil(try CPUTableTests.rejection(witness))
    }

    func testCFibonacciProvesWholly() throws {
        let (witness, machine) = try Self.witness("c-fibonacci")
        XCTAssertEqual(witness.statement.exitCode, 0)
        XCTAssertEqual(witness.statement.outputBytes, machine.io.publicOutput)
        XCTAssertEqual(witness.statement.inputWords, MachineIO.inputStream(Self.input("c-fibonacci")))
        let (constraints, buses) = try CPUTableTests.failures(witness)
        XCTAssertEqual(constraints.map(\.description), [])
        XCTAssertEqual(buses.map(\.description), [])
        XCTAssertNil(try CPUTableTests.rejection(witness))
    }
}
