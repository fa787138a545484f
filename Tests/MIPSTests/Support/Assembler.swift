// Small flat programs for the VM tests: typed instructions laid out as big-endian words in a
// flat read-write-execute address space (`ProgramImage.flat`), plus assertions on how a run
// stopped.

import XCTest

@testable import MIPS

/// A program of typed instructions placed at `origin` in a flat (every address RWX) image.
struct FlatProgram {
    /// Where code goes by default: away from 0, so a jump to a null pointer stands out.
    static let defaultOrigin: UInt32 = 0x0040_0000
    /// A scratch data area for loads and stores (any address works in a flat image).
    static let dataBase: UInt32 = 0x1001_0000

    var instructions: [Instruction]
    var origin: UInt32
    var registers: [Register: UInt32]

    init(_ instructions: [Instruction], at origin: UInt32 = defaultOrigin, registers: [Register: UInt32] = [:]) {
        self.instructions = instructions
        self.origin = origin
        self.registers = registers
    }

    /// Address of instruction number `index`.
    func address(_ index: Int) -> UInt32 { origin &+ UInt32(4 * index) }

    /// The big-endian code bytes.
    var bytes: [UInt8] { Assembler.bytes(instructions) }

    var image: ProgramImage { .flat(code: bytes, at: origin, registers: registers) }

    /// A fresh machine at the first instruction, with `memory` words (address → value) stored.
    func makeMachine(input: [UInt8] = [], memory: [UInt32: UInt32] = [:]) -> Machine {
        let machine = image.makeMachine(input: input)
        for (address, value) in memory { machine.memory.initialize(bytes: Assembler.bytes(of: value), at: address) }
        return machine
    }
}

enum Assembler {
    /// Big-endian bytes of the instruction words.
    static func bytes(_ instructions: [Instruction]) -> [UInt8] { instructions.flatMap { bytes(of: $0.word) } }

    static func bytes(of word: UInt32) -> [UInt8] {
        [UInt8(word >> 24), UInt8(truncatingIfNeeded: word >> 16), UInt8(truncatingIfNeeded: word >> 8), UInt8(truncatingIfNeeded: word)]
    }

    /// `lui` + `ori`: loads any 32-bit constant.
    static func load(_ register: Register, _ value: UInt32) -> [Instruction] {
        [.lui(rt: register, imm: UInt16(value >> 16)), .ori(rt: register, rs: register, imm: UInt16(truncatingIfNeeded: value))]
    }

    /// Sets v0 = `number`, a0… = `arguments`, then `syscall`.
    static func syscall(_ number: UInt32, _ arguments: UInt32...) -> [Instruction] {
        precondition(arguments.count <= 4)
        var code = load(.v0, number)
        for (index, value) in arguments.enumerated() { code += load(Register(UInt32(4 + index)), value) }
        return code + [.syscall(code: 0)]
    }

    /// Signed 16-bit immediate.
    static func imm(_ value: Int16) -> UInt16 { UInt16(bitPattern: value) }

    /// The 16-bit offset of a branch at instruction `from` to instruction `to`.
    static func branchOffset(from: Int, to: Int) -> UInt16 { UInt16(bitPattern: Int16(to - from - 1)) }
}

extension Machine {
    /// Runs at most `count` more cycles.
    @discardableResult
    func run(cycles count: UInt64) -> StopReason { run(until: cycles &+ count) }

    /// The aligned word at `address`, or nil if the guest could not read it.
    func word(at address: UInt32) -> UInt32? { try? memory.word(at: address) }

    /// Runs until the program (in user mode) is about to execute the instruction at `address`,
    /// one cycle at a time: nil when it got there, otherwise how the machine stopped
    /// (``StopReason/cycleLimit`` after `limit` more cycles).
    func run(toUserAddress address: UInt32, cycles limit: UInt64 = 100_000) -> StopReason? {
        let end = cycles &+ limit
        while true {
            if pc == address, memory.mode == .user { return nil }
            if cycles >= end { return .cycleLimit }
            let stop = run(until: cycles &+ 1)
            if stop != .cycleLimit { return stop }
        }
    }

    /// Steps over the `break` at `pc`, so a run can continue after a checkpoint.
    func skipBreak(file: StaticString = #filePath, line: UInt = #line) {
        guard case .break = (try? memory.word(at: pc)).map(Instruction.init(word:)) else {
            XCTFail("no break at pc \(hex32(pc))", file: file, line: line)
            return
        }
        pc = nextPC
        nextPC = pc &+ 4
    }
}

// MARK: - Running to a stop
//
// Test programs end with a `break` sentinel. A `break` would enter the kernel (SIGTRAP), so the
// runs below stop just before executing it, in user mode: the registers are the program's.

/// Runs `instructions` followed by a `break` and returns the machine, failing the test unless
/// the run reaches that `break`. HI/LO and memory words can be preset.
@discardableResult
func runToBreak(_ instructions: [Instruction], registers: [Register: UInt32] = [:], hi: UInt32 = 0, lo: UInt32 = 0,
                memory: [UInt32: UInt32] = [:], cycleLimit: UInt64 = 100_000,
                file: StaticString = #filePath, line: UInt = #line) -> Machine {
    let program = FlatProgram(instructions + [.break(code: 0)], registers: registers)
    let machine = program.makeMachine(memory: memory)
    machine.state.hi = hi
    machine.state.lo = lo
    assertBreak(machine.run(toUserAddress: program.address(instructions.count), cycles: cycleLimit), file: file, line: line)
    return machine
}

/// Runs `instructions` (then a `break`) and returns the machine and how it stopped: nil when it
/// reached the `break`.
func runProgram(_ instructions: [Instruction], registers: [Register: UInt32] = [:], hi: UInt32 = 0, lo: UInt32 = 0,
         memory: [UInt32: UInt32] = [:], cycleLimit: UInt64 = 100_000) -> (Machine, StopReason?) {
    let program = FlatProgram(instructions + [.break(code: 0)], registers: registers)
    let machine = program.makeMachine(memory: memory)
    machine.state.hi = hi
    machine.state.lo = lo
    return (machine, machine.run(toUserAddress: program.address(instructions.count), cycles: cycleLimit))
}

// MARK: - Assertions

/// The run must have reached its `break` sentinel (``Machine/run(toUserAddress:cycles:)``
/// returned nil).
func assertBreak(_ stop: StopReason?, file: StaticString = #filePath, line: UInt = #line) {
    if let stop { XCTFail("expected to reach the break, got \(stop)", file: file, line: line) }
}

/// The run must have faulted with `kind` at `pc` on `word`, and the fault's description must
/// show the disassembled instruction.
@discardableResult
func assertFault(_ stop: StopReason?, _ kind: Fault.Kind, pc: UInt32, word: UInt32,
                 file: StaticString = #filePath, line: UInt = #line) -> Fault? {
    guard case let .fault(fault)? = stop else {
        XCTFail("expected fault \(kind), got \(stop.map { "\($0)" } ?? "the break")", file: file, line: line)
        return nil
    }
    XCTAssertEqual(fault.kind, kind, file: file, line: line)
    XCTAssertEqual(fault.pc, pc, "fault pc", file: file, line: line)
    XCTAssertEqual(fault.word, word, "fault word", file: file, line: line)
    let text = Instruction(word: word).disassembly(at: pc)
    XCTAssertTrue(fault.description.contains(text), "\"\(fault.description)\" should contain \"\(text)\"", file: file, line: line)
    return fault
}

/// Runs `instructions` (then a `break`) and checks that instruction `index` is a machine fault
/// of `kind` (what `execute` refuses: an access outside the mappings, an unaligned access).
@discardableResult
func assertFaults(_ instructions: [Instruction], at index: Int, _ kind: Fault.Kind, registers: [Register: UInt32] = [:],
                  memory: [UInt32: UInt32] = [:], file: StaticString = #filePath, line: UInt = #line) -> Machine {
    let (machine, stop) = runProgram(instructions, registers: registers, memory: memory)
    let pc = FlatProgram.defaultOrigin &+ UInt32(4 * index)
    assertFault(stop, kind, pc: pc, word: instructions[index].word, file: file, line: line)
    XCTAssertEqual(machine.pc, pc, "the machine stays at the faulting instruction", file: file, line: line)
    return machine
}

/// The kernel must have ended the run with `signal` raised by the instruction at `pc` (no
/// handler installed: the default action kills, exit code 128 + signal), with `address` as
/// the faulting data address when given.
func assertKilled(_ machine: Machine, _ stop: StopReason?, by signal: UInt32, pc: UInt32, address: UInt32? = nil,
                  file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(stop, .exited(code: 128 + Int32(signal)), "killed by signal \(signal)", file: file, line: line)
    XCTAssertEqual(machine.halt?.signal, signal, "signal", file: file, line: line)
    XCTAssertEqual(machine.halt?.faultPC, pc, "faulting pc", file: file, line: line)
    if let address { XCTAssertEqual(machine.halt?.faultAddress, address, "faulting address", file: file, line: line) }
}

/// Runs `instructions` (then a `break`) and checks that instruction `index` makes the kernel
/// kill the program with `signal`.
@discardableResult
func assertKills(_ instructions: [Instruction], at index: Int, signal: UInt32, address: UInt32? = nil,
                 registers: [Register: UInt32] = [:], memory: [UInt32: UInt32] = [:],
                 file: StaticString = #filePath, line: UInt = #line) -> Machine {
    let (machine, stop) = runProgram(instructions, registers: registers, memory: memory)
    assertKilled(machine, stop, by: signal, pc: FlatProgram.defaultOrigin &+ UInt32(4 * index), address: address,
                 file: file, line: line)
    return machine
}
