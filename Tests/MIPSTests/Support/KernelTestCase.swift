import XCTest

@testable import MIPS

/// Base class of the kernel tests: a process-like image (``ProgramImage/process``: the
/// program's own map, the real in-guest kernel, the null guard) and helpers that issue one
/// `syscall`, one guest load/store, or run a small guest program.
///
/// The image has four read-execute code pages (small stubs at ``Layout/code``, room for the
/// tests' own programs at ``Layout/program`` and ``Layout/handler``), four read-write data
/// pages, a stack, a heap range for brk and an mmap area below ``Layout/mmapTop``.
///
/// A stub is its instruction(s) followed by `break`; the helpers run until the program, in user
/// mode, is about to execute that `break` (``Machine/run(toUserAddress:cycles:)``), so the
/// kernel's instructions run in between exactly as they would in a real program.
class KernelTestCase: XCTestCase {
    enum Layout {
        static let code: UInt32 = 0x0040_0000
        static let codePages: UInt32 = 4
        /// Where tests put their own programs …
        static let program: UInt32 = 0x0040_1000
        /// … and their signal handlers and thread bodies.
        static let handler: UInt32 = 0x0040_2000
        static let data: UInt32 = 0x1000_0000
        static let dataPages: UInt32 = 4
        static let stackTop: UInt32 = 0x7fff_0000
        static let stackPages: UInt32 = 4
        /// The initial stack pointer (o32 stack arguments 5 and 6 go at sp + 16 and sp + 20).
        static let sp: UInt32 = stackTop - 0x400
        static let breakStart: UInt32 = 0x2000_0000
        static let breakLimit: UInt32 = 0x2100_0000
        static let mmapTop: UInt32 = 0x7000_0000
        /// An address mapped nowhere.
        static let unmapped: UInt32 = 0x0800_0000
    }

    /// Each stub is one instruction (or a loop) followed by `break`.
    enum Stub {
        static let syscall = Layout.code  // syscall; break
        static let load = Layout.code + 8  // lw v0, 0(a0); break
        static let store = Layout.code + 16  // sw a1, 0(a0); break
        static let spin = Layout.code + 24  // loop: addiu t0, t0, -1; bnez t0, loop; nop; break
        static let instructions: [Instruction] = [
            .syscall(code: 0), .break(code: 0),
            .lw(rt: .v0, base: .a0, imm: 0), .break(code: 0),
            .sw(rt: .a1, base: .a0, imm: 0), .break(code: 0),
            .addiu(rt: .t0, rs: .t0, imm: 0xffff), .bne(rs: .t0, rt: .zero, imm: Assembler.branchOffset(from: 7, to: 6)),
            .sll(rd: .zero, rt: .zero, sa: 0), .break(code: 0),
        ]
        static let loadWord = instructions[2].word
        static let storeWord = instructions[4].word
    }

    /// Cycles one syscall may take: the first of a run costs about 2 000 (the kernel starts),
    /// later ones a few hundred.
    static let syscallCycles: UInt64 = 20_000

    /// The user mappings of the test process.
    static var userMap: MemoryMap {
        var map = MemoryMap()
        map.map(firstPage: Layout.code >> 12, endPage: (Layout.code >> 12) + Layout.codePages,
                permissions: [.read, .execute], name: "text")
        map.map(firstPage: Layout.data >> 12, endPage: (Layout.data >> 12) + Layout.dataPages,
                permissions: [.read, .write], name: "data")
        map.map(firstPage: (Layout.stackTop >> 12) - Layout.stackPages, endPage: Layout.stackTop >> 12,
                permissions: [.read, .write], name: "stack")
        return map
    }

    /// A fresh process at ``Stub/syscall`` with `programs` placed in its code pages; a process
    /// the loader refuses fails the calling test (it is set-up, not the subject).
    func makeMachine(input: [UInt8] = [], programs: [GuestCode] = []) throws -> Machine {
        var builder = PageBuilder()
        builder.write(Assembler.bytes(Stub.instructions), at: Layout.code)
        for program in programs {
            precondition(program.origin >= Layout.program && program.end <= Layout.code + Layout.codePages << 12)
            builder.write(program.bytes, at: program.origin)
        }
        var cpu = CPUState(pc: Stub.syscall, nextPC: Stub.syscall + 4)
        cpu[.sp] = Layout.sp
        let image = try ProgramImage.process(pages: builder.pages, map: Self.userMap, cpu: cpu, breakStart: Layout.breakStart,
                                        breakLimit: Layout.breakLimit, mmapTop: Layout.mmapTop)
        return image.makeMachine(input: input)
    }

    // MARK: - One syscall

    struct Answer {
        /// nil: the syscall returned to the stub's `break`; otherwise how the run stopped.
        var stop: StopReason?
        var v0: UInt32
        var a3: UInt32
    }

    /// Runs the syscall stub with v0 = `number`, a0… = `arguments` (missing ones are 0) and the
    /// o32 stack arguments 5, 6… = `stack`, until it returns to the stub.
    func invoke(_ machine: Machine, _ number: UInt32, _ arguments: [UInt32], stack: [UInt32] = [],
                cycles: UInt64 = KernelTestCase.syscallCycles) -> Answer {
        machine[.v0] = number
        for index in 0..<4 { machine[Register(UInt32(4 + index))] = index < arguments.count ? arguments[index] : 0 }
        for (index, word) in stack.enumerated() { poke(machine, word, at: machine[.sp] + 16 + UInt32(4 * index)) }
        machine.pc = Stub.syscall
        machine.nextPC = Stub.syscall + 4
        let stop = machine.run(toUserAddress: Stub.syscall + 4, cycles: cycles)
        return Answer(stop: stop, v0: machine[.v0], a3: machine[.a3])
    }

    @discardableResult
    func call(_ machine: Machine, _ number: UInt32, _ arguments: UInt32..., stack: [UInt32] = []) -> Answer {
        invoke(machine, number, arguments, stack: stack)
    }

    /// A call that must succeed; returns v0.
    @discardableResult
    func success(_ machine: Machine, _ number: UInt32, _ arguments: UInt32..., stack: [UInt32] = [],
                 file: StaticString = #filePath, line: UInt = #line) -> UInt32 {
        let answer = invoke(machine, number, arguments, stack: stack)
        assertBreak(answer.stop, file: file, line: line)
        XCTAssertEqual(answer.a3, 0, "syscall \(number) failed with errno \(answer.v0)", file: file, line: line)
        return answer.v0
    }

    /// A call that must fail with `errno` (v0 = errno, a3 = 1).
    func failure(_ machine: Machine, _ number: UInt32, _ arguments: UInt32..., stack: [UInt32] = [], errno: Errno,
                 file: StaticString = #filePath, line: UInt = #line) {
        let answer = invoke(machine, number, arguments, stack: stack)
        assertBreak(answer.stop, file: file, line: line)
        XCTAssertEqual(answer.v0, errno.rawValue, "errno", file: file, line: line)
        XCTAssertEqual(answer.a3, 1, "error flag", file: file, line: line)
    }

    // MARK: - Guest accesses and programs

    /// The guest loads the word at `address` (lw); returns how it stopped (nil: it completed)
    /// and the value.
    func guestLoad(_ machine: Machine, _ address: UInt32) -> (StopReason?, UInt32) {
        machine[.a0] = address
        machine.pc = Stub.load
        machine.nextPC = Stub.load + 4
        let stop = machine.run(toUserAddress: Stub.load + 4, cycles: Self.syscallCycles)
        return (stop, machine[.v0])
    }

    /// The guest stores `value` at `address` (sw); nil when it completed.
    func guestStore(_ machine: Machine, _ address: UInt32, _ value: UInt32) -> StopReason? {
        machine[.a0] = address
        machine[.a1] = value
        machine.pc = Stub.store
        machine.nextPC = Stub.store + 4
        return machine.run(toUserAddress: Stub.store + 4, cycles: Self.syscallCycles)
    }

    /// Runs `iterations` × 3 cycles of a countdown loop.
    func spin(_ machine: Machine, _ iterations: UInt32, file: StaticString = #filePath, line: UInt = #line) {
        machine[.t0] = iterations
        machine.pc = Stub.spin
        machine.nextPC = Stub.spin + 4
        assertBreak(machine.run(toUserAddress: Stub.spin + 12, cycles: 3 * UInt64(iterations) + 1), file: file, line: line)
    }

    /// Runs from the start of `program` until the program (the thread that gets there, in user
    /// mode) reaches its label `end`.
    func run(_ machine: Machine, _ program: GuestCode, to end: String = "end",
             cycles: UInt64 = 200_000) -> StopReason? {
        machine.pc = program.origin
        machine.nextPC = program.origin + 4
        return machine.run(toUserAddress: program.address(end), cycles: cycles)
    }

    // MARK: - Signals

    static let saSiginfo: UInt32 = 0x8

    /// rt_sigaction(signal, {flags, handler, mask}, NULL, 16) (the MIPS struct sigaction:
    /// sa_flags, sa_handler, sa_mask[4]); must succeed.
    func setAction(_ machine: Machine, _ signal: UInt32, handler: UInt32, flags: UInt32 = KernelTestCase.saSiginfo,
                   mask: [UInt32] = [0, 0, 0, 0], file: StaticString = #filePath, line: UInt = #line) {
        let action = Layout.data + 0xe00
        poke(machine, [flags, handler] + mask, at: action)
        XCTAssertEqual(success(machine, SyscallNumber.rtSigaction, signal, action, 0, 16, file: file, line: line), 0,
                       file: file, line: line)
    }

    // MARK: - Memory

    func put(_ bytes: [UInt8], at address: UInt32, in machine: Machine) {
        machine.memory.initialize(bytes: bytes, at: address)
    }

    /// Stores a word ignoring permissions (setting up arguments).
    func poke(_ machine: Machine, _ word: UInt32, at address: UInt32) {
        machine.memory.initialize(bytes: Assembler.bytes(of: word), at: address)
    }

    /// Stores consecutive words ignoring permissions.
    func poke(_ machine: Machine, _ words: [UInt32], at address: UInt32) {
        for (index, word) in words.enumerated() { poke(machine, word, at: address + UInt32(4 * index)) }
    }

    /// The word at `address` as the host sees it (no permission check; 0 where nothing was stored).
    func peek(_ machine: Machine, _ address: UInt32) -> UInt32 {
        let bytes = machine.memory.peekBytes(at: address, count: 4)
        return bytes.reduce(0) { $0 << 8 | UInt32($1) }
    }

    func peek(_ machine: Machine, _ address: UInt32, words count: Int) -> [UInt32] {
        (0..<count).map { peek(machine, address + UInt32(4 * $0)) }
    }

    func bytes(_ machine: Machine, at address: UInt32, count: Int) -> [UInt8] {
        machine.memory.peekBytes(at: address, count: count)
    }

    /// A NUL-terminated string at `address`.
    func string(_ machine: Machine, at address: UInt32, limit: Int = 65) -> String {
        let raw = bytes(machine, at: address, count: limit)
        return String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
    }
}
