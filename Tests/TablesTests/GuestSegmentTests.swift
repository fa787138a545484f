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

    /// A jump to a null function pointer: the fetch at 0x100 is an exception (nothing is
    /// fetched), the kernel ends the process with SIGSEGV — the whole run proves, and a normal
    /// row that claims a fetch fault does not.
    func testANullGuardFetchProves() throws {
        let code: [Instruction] = [.ori(rt: .t9, rs: .zero, imm: 0x100), .jr(rs: .t9, hint: false), .sll(rd: .zero, rt: .zero, sa: 0)]
        let (witness, machine) = try Self.run(code)
        XCTAssertEqual(machine.exitCode, 139, "SIGSEGV")
        XCTAssertEqual(witness.statement.exitCode, 139)
        let cpuTable = CPUMachine.cpu, codeTable = CodeTable()
        XCTAssertEqual(witness.traces[0][3, cpuTable.pc], Goldilocks(0x100))
        XCTAssertEqual(witness.traces[0][3, cpuTable.flag(.entersAlways)], .one, "the fourth cycle fetches in the null guard")
        XCTAssertEqual(witness.traces[0][3, cpuTable.enters], .one)
        let codeTrace = witness.traces[16]
        let faultRow = try XCTUnwrap((0..<codeTrace.height).first { codeTrace[$0, codeTable.fault] == .one })
        XCTAssertEqual(codeTrace[faultRow, codeTable.address], Goldilocks(0x100 / 4))
        let (constraints, buses) = try CPUTableTests.failures(witness)
        XCTAssertEqual(constraints.map(\.description), [])
        XCTAssertEqual(buses.map(\.description), [])
        XCTAssertNil(try CPUTableTests.rejection(witness))

        // The ori word's code row claiming a fetch fault: its word is not 0 and its pc is not in the guard.
        var forged = witness
        let oriRow = try XCTUnwrap((0..<codeTrace.height).first { codeTrace[$0, codeTable.address] == Goldilocks(0x0040_0000 / 4) })
        forged.traces[16][oriRow, codeTable.fault] = .one
        let (forgedConstraints, _) = try CPUTableTests.failures(forged)
        XCTAssertTrue(forgedConstraints.contains { $0.label == "a fetch fault's word is 0" }, "\(forgedConstraints.map(\.label))")
        XCTAssertTrue(forgedConstraints.contains { $0.label == "a fetch fault: q = 0 (pc < 0x10000)" })
        XCTAssertNotNil(try CPUTableTests.rejection(forged))
    }

    /// Runs `code` (at 0x400000, a stack below 0x7fff0000) to its end under the kernel and builds the witness.
    static func run(_ code: [Instruction]) throws -> (SegmentWitness, Machine) {
        var map = MemoryMap()
        map.map(firstPage: 0x400, endPage: 0x401, permissions: [.read, .execute], name: "text")
        map.map(firstPage: 0x7ffe0, endPage: 0x7fff0, permissions: [.read, .write], name: "stack")
        var text = [UInt32](repeating: 0, count: 1024)
        for (index, instruction) in code.enumerated() { text[index] = instruction.word }
        var cpu = CPUState(pc: 0x0040_0000, nextPC: 0x0040_0004)
        cpu[.sp] = 0x7ffe_f000
        let image = try ProgramImage.process(pages: [0x400: text], map: map, cpu: cpu, breakStart: 0x2000_0000, breakLimit: 0x2100_0000, mmapTop: 0x7000_0000)
        let machine = image.makeMachine()
        let start = machine.state
        machine.memory.beginTouchTracking()
        var recorder = TraceRecorder()
        _ = machine.run(until: 1 << 20, tracer: &recorder)
        return (try CPUMachine.witness(start: SegmentStart(state: start, pages: machine.memory.endTouchTracking()), trace: recorder), machine)
    }

    /// A user load from the null guard: the kernel takes the exception and ends the process with
    /// SIGSEGV (exit 139) — the whole run proves, the fault included.
    func testANullGuardLoadProves() throws {
        let (witness, machine) = try Self.run([.lw(rt: .t0, base: .zero, imm: 0x100), .sll(rd: .zero, rt: .zero, sa: 0)])
        XCTAssertEqual(machine.exitCode, 139, "SIGSEGV")
        XCTAssertEqual(witness.statement.exitCode, 139)
        let cpuTable = CPUMachine.cpu
        XCTAssertEqual(witness.traces[0][0, cpuTable.guardFault], .one, "the first cycle faults on the guard")
        let (constraints, buses) = try CPUTableTests.failures(witness)
        XCTAssertEqual(constraints.map(\.description), [])
        XCTAssertEqual(buses.map(\.description), [])
        XCTAssertNil(try CPUTableTests.rejection(witness))
    }
}
