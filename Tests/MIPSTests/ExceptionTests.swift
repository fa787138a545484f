import XCTest

@testable import MIPS

/// Exceptions: what the machine does on one (EPC pair, kernel mode, the vector), and what the
/// kernel makes of each cause (`mips-guests/kernel/exception.c`) — the signal, its si_code and
/// si_addr — plus what stays a machine fault (kernel memory, anything in kernel mode).
final class ExceptionTests: KernelTestCase {
    private typealias S = SignalNumber
    private let origin = FlatProgram.defaultOrigin

    // MARK: - The machine's side

    /// An exception costs one cycle and only saves pc/nextPC, switches to kernel mode and jumps to
    /// the vector: no general register changes.
    func testExceptionEntrySavesThePCPair() {
        let program = FlatProgram([.addiu(rt: .v0, rs: .zero, imm: 4020), .syscall(code: 0)], registers: [.a0: 7])
        let machine = program.makeMachine()
        let before = machine.state
        XCTAssertEqual(machine.run(until: 2), .cycleLimit)
        let state = machine.state
        XCTAssertEqual(state.mode, .kernel)
        XCTAssertEqual(state.pc, KernelLayout.exceptionVector)
        XCTAssertEqual(state.nextPC, KernelLayout.exceptionVector + 4)
        XCTAssertEqual(state.exceptionPC, program.address(1))
        XCTAssertEqual(state.exceptionNextPC, program.address(2))
        var expected = before.registers
        expected[Register.v0.index] = 4020
        XCTAssertEqual(state.registers, expected, "only the program's own instruction changed a register")
        XCTAssertEqual(machine.cycles, 2)

        // In a delay slot the pair is (slot, branch target).
        let branching = FlatProgram([.beq(rs: .zero, rt: .zero, imm: Assembler.branchOffset(from: 0, to: 5)),
                                     .break(code: 0)])
        let other = branching.makeMachine()
        XCTAssertEqual(other.run(until: 2), .cycleLimit)
        XCTAssertEqual(other.state.exceptionPC, branching.address(1))
        XCTAssertEqual(other.state.exceptionNextPC, branching.address(5))
    }

    /// Floating-point instructions raise an exception for the kernel to emulate (their results
    /// are the emulator's business, not tested here); they are never machine faults.
    func testFloatingPointInstructionsRaiseAnException() {
        let words: [UInt32] = [
            Instruction.lwc1(ft: 0, base: .a0, imm: 0).word, Instruction.sdc1(ft: 2, base: .a0, imm: 8).word,
            0x4600_0000,  // add.s
            0x4c00_0000,  // COP1X
            0x0001_0001,  // movf
        ]
        for word in words {
            let machine = FlatProgram([.illegal(word: word)], registers: [.a0: FlatProgram.dataBase]).makeMachine()
            XCTAssertEqual(machine.run(until: 1), .cycleLimit, hex32(word))
            XCTAssertEqual(machine.state.mode, .kernel, hex32(word))
            XCTAssertEqual(machine.state.exceptionPC, origin, hex32(word))
        }
    }

    /// In kernel mode, `eret` returns to (EPC, exception next pc) in user mode; `mfc0`/`mtc0`
    /// reach the three system registers, and UserLocal is what `rdhwr $29` reads.
    func testEretAndSystemRegistersInKernelMode() {
        let code: [Instruction] = Assembler.load(.t0, 0x0040_0100) + Assembler.load(.t1, 0x0040_0200)
            + Assembler.load(.t2, 0x1234_5678) + [
                .mtc0(rt: .t0, rd: 14, sel: 0), .mtc0(rt: .t1, rd: 14, sel: 1), .mtc0(rt: .t2, rd: 4, sel: 2),
                .mfc0(rt: .a0, rd: 14, sel: 0), .mfc0(rt: .a1, rd: 14, sel: 1), .mfc0(rt: .a2, rd: 4, sel: 2),
                .rdhwr(rt: .a3, hwr: 29), .eret,
            ]
        let machine = FlatProgram(code).makeMachine()
        machine.state.mode = .kernel
        XCTAssertEqual(machine.run(until: UInt64(code.count)), .cycleLimit)
        XCTAssertEqual([machine[.a0], machine[.a1], machine[.a2], machine[.a3]],
                       [0x0040_0100, 0x0040_0200, 0x1234_5678, 0x1234_5678])
        XCTAssertEqual(machine.state.mode, .user)
        XCTAssertEqual(machine.pc, 0x0040_0100, "eret has no delay slot")
        XCTAssertEqual(machine.nextPC, 0x0040_0200)
        XCTAssertEqual(machine.state.userLocal, 0x1234_5678)

        let unknown = FlatProgram([.mfc0(rt: .a0, rd: 12, sel: 0)])  // Status: not on this machine
        let faulting = unknown.makeMachine()
        faulting.state.mode = .kernel
        assertFault(faulting.run(until: 1), .unknownSystemRegister(rd: 12, sel: 0), pc: origin,
                    word: Instruction.mfc0(rt: .a0, rd: 12, sel: 0).word)
    }

    /// Whatever would enter the kernel from user mode is a machine fault in kernel mode.
    func testExceptionsInKernelModeAreMachineFaults() throws {
        let cases: [(Instruction, Fault.Kind, [Register: UInt32])] = [
            (.add(rd: .v0, rs: .a0, rt: .a0), .integerOverflow, [.a0: 0x7fff_ffff]),
            (.teq(rs: .zero, rt: .zero, code: 7), .trap, [:]),
            (.break(code: 3), .breakpoint(code: 3), [:]),
            (.rdhwr(rt: .v0, hwr: 2), .unsupportedHardwareRegister(2), [:]),
            (.illegal(word: 0x4400_0000), .illegalInstruction(IllegalInstruction(word: 0x4400_0000, reason: .floatingPoint)), [:]),
            (.illegal(word: 0x6000_0000), .illegalInstruction(IllegalInstruction(word: 0x6000_0000, reason: .unknownEncoding)), [:]),
        ]
        for (instruction, kind, registers) in cases {
            let machine = FlatProgram([instruction], registers: registers).makeMachine()
            machine.state.mode = .kernel
            assertFault(machine.run(until: 10), kind, pc: origin, word: instruction.word)
            XCTAssertEqual(machine.cycles, 0)
        }
        // The fault names the instruction and why.
        let machine = FlatProgram([.illegal(word: 0x4400_0000)]).makeMachine()
        machine.state.mode = .kernel
        guard case let .fault(fault) = machine.run(until: 10) else { return XCTFail("expected a fault") }
        XCTAssertTrue(fault.description.contains(".word 0x44000000"), fault.description)
        XCTAssertTrue(fault.description.contains("floating-point"), fault.description)
        XCTAssertTrue(fault.description.contains(hex32(origin)), fault.description)

        // A guard access in kernel mode is a fault too (the kernel checks user pointers first).
        let kernel = try makeMachine()
        kernel.pc = Stub.load
        kernel.nextPC = Stub.load + 4
        kernel[.a0] = 0x40
        kernel.state.mode = .kernel
        assertFault(kernel.run(until: 10), .memory(.unmapped(address: 0x40)), pc: Stub.load, word: Stub.loadWord)
    }

    // MARK: - What the kernel reports

    /// Runs `body` (at `Layout.program`) with a handler for SIGFPE, SIGTRAP, SIGILL and SIGSEGV
    /// that records (signal, si_code, si_addr, sc_pc) and resumes after the instruction.
    private func handled(_ body: [Instruction], registers: [Register: UInt32] = [:],
                         file: StaticString = #filePath, line: UInt = #line) throws -> [UInt32] {
        var code = GuestCode(at: Layout.program)
        code.emit(body)
        code.label("end")
        code.emit(.break(code: 0))
        let handler = RecordingHandler.make(skip: true)
        let machine = try makeMachine(programs: [code, handler])
        for signal in [S.SIGFPE, S.SIGTRAP, S.SIGILL, S.SIGSEGV] {
            setAction(machine, signal, handler: handler.origin, file: file, line: line)
        }
        for (register, value) in registers { machine[register] = value }
        assertBreak(run(machine, code), file: file, line: line)
        typealias Seen = RecordingHandler.Seen
        XCTAssertEqual(peek(machine, Seen.count), 1, "the handler ran once", file: file, line: line)
        return [peek(machine, Seen.signo), peek(machine, Seen.code), peek(machine, Seen.address), peek(machine, Seen.pc)]
    }

    /// Linux's trap and break codes: 7 → SIGFPE/FPE_INTDIV, 6 → SIGFPE/FPE_INTOVF (si_addr = the
    /// instruction), others SIGTRAP/SI_KERNEL; overflow SIGFPE/FPE_INTOVF; reserved and
    /// privileged instructions SIGILL/ILL_ILLOPC.
    func testSignalInformationPerCause() {
        let pc = Layout.program
        let siKernel: UInt32 = 0x80
        let cases: [(String, [Instruction], [Register: UInt32], [UInt32])] = [
            ("teq code 7", [.teq(rs: .zero, rt: .zero, code: 7)], [:], [S.SIGFPE, 1, pc, pc]),
            ("tne code 6", [.tne(rs: .a0, rt: .zero, code: 6)], [.a0: 1], [S.SIGFPE, 2, pc, pc]),
            ("tge code 0", [.tge(rs: .zero, rt: .zero, code: 0)], [:], [S.SIGTRAP, siKernel, 0, pc]),
            ("teqi", [.teqi(rs: .zero, imm: 0)], [:], [S.SIGTRAP, siKernel, 0, pc]),
            ("break 7 (code in the low half)", [.illegal(word: 0x0000_01cd)], [:], [S.SIGFPE, 1, pc, pc]),
            ("break 7 (as GNU as writes it)", [.illegal(word: 0x0007_000d)], [:], [S.SIGFPE, 1, pc, pc]),
            ("break 6", [.break(code: 6 << 10)], [:], [S.SIGFPE, 2, pc, pc]),
            ("break 1, 2", [.break(code: 1 << 10 | 2)], [:], [S.SIGTRAP, siKernel, 0, pc]),
            ("add overflow", [.add(rd: .v0, rs: .a0, rt: .a0)], [.a0: 0x4000_0000], [S.SIGFPE, 2, pc, pc]),
            ("addi overflow", [.addi(rt: .v0, rs: .a0, imm: 0xffff)], [.a0: 0x8000_0000], [S.SIGFPE, 2, pc, pc]),
            ("sub overflow", [.sub(rd: .v0, rs: .a0, rt: .a1)], [.a0: 0, .a1: 0x8000_0000], [S.SIGFPE, 2, pc, pc]),
            ("unknown opcode", [.illegal(word: 0x6000_0000)], [:], [S.SIGILL, 1, pc, pc]),
            ("mfc0 in user mode", [.mfc0(rt: .v0, rd: 14, sel: 0)], [:], [S.SIGILL, 1, pc, pc]),
            ("mtc0 in user mode", [.mtc0(rt: .v0, rd: 4, sel: 2)], [:], [S.SIGILL, 1, pc, pc]),
            ("eret in user mode", [.eret], [:], [S.SIGILL, 1, pc, pc]),
            ("rdhwr $5", [.rdhwr(rt: .v0, hwr: 5)], [:], [S.SIGILL, 1, pc, pc]),
            ("guard load", [.lw(rt: .v0, base: .a0, imm: 4)], [.a0: 0x30], [S.SIGSEGV, 1, 0x34, pc]),
        ]
        for (name, body, registers, expected) in cases {
            XCTAssertEqual(try handled(body, registers: registers), expected, name)
        }
    }

    /// mtc0 in user mode must not reach UserLocal.
    func testPrivilegedInstructionsChangeNothingInUserMode() {
        let program = FlatProgram([.mtc0(rt: .a0, rd: 4, sel: 2)], registers: [.a0: 0x5555])
        let machine = program.makeMachine()
        assertKilled(machine, machine.run(toUserAddress: program.address(1)), by: S.SIGILL, pc: origin, address: origin)
        XCTAssertEqual(machine.state.userLocal, 0)
    }

    /// The machine raises the exception for an `add` whose reserved `sa` field is set because
    /// the word is not an instruction — there may be no overflow at all (1 + 2 here). Linux
    /// delivers SIGILL for a reserved instruction; the kernel must check the field before it
    /// reports an overflow.
    func testAddWithReservedFieldIsSIGILLNotOverflow() {
        let word: UInt32 = 0x0085_1060 | 1 << 6  // add $v0, $a0, $a1 with sa = 1
        XCTAssertEqual(Instruction(word: word), .illegal(word: word))
        let sub: UInt32 = 0x0085_1062 | 3 << 6  // sub $v0, $a0, $a1 with sa = 3
        for illegal in [word, sub] {
            let program = FlatProgram([.illegal(word: illegal)], registers: [.a0: 1, .a1: 2])
            let machine = program.makeMachine()
            assertKilled(machine, machine.run(toUserAddress: program.address(1)), by: S.SIGILL, pc: origin,
                         address: origin)
        }
    }

    // MARK: - Delay slots

    /// A trap in a delay slot: the kernel reports the branch as si_addr (Linux's EPC with
    /// Cause.BD); the run stops at the slot itself.
    func testTrapInADelaySlotReportsTheBranch() {
        let program = FlatProgram([
            .addiu(rt: .v0, rs: .zero, imm: 1),
            .beq(rs: .zero, rt: .zero, imm: Assembler.branchOffset(from: 1, to: 4)),
            .teq(rs: .zero, rt: .zero, code: 7),
            .break(code: 0),
            .break(code: 0),
        ])
        let machine = program.makeMachine()
        assertKilled(machine, machine.run(toUserAddress: program.address(4)), by: S.SIGFPE, pc: program.address(2),
                     address: program.address(1))
    }

    /// A guard load in a delay slot: the handler sees sc_pc = the branch, repairs the base
    /// register in the saved context, and returning re-executes the branch and then the slot.
    func testGuardLoadInADelaySlotResumesAtTheBranch() throws {
        var code = GuestCode(at: Layout.program)
        code.li(.a0, 0x40)
        code.emit(.addiu(rt: .s1, rs: .s1, imm: 1))
        code.label("branch")
        code.branch(to: "end") { .bne(rs: .s1, rt: .zero, imm: $0) }
        code.emit(.lw(rt: .s2, base: .a0, imm: 0))  // the slot: a0 = 0x40 at first
        code.emit(.break(code: 9))
        code.label("end")
        code.emit(.break(code: 0))
        var handler = GuestCode(at: Layout.handler)
        handler.emit(.lw(rt: .t0, base: .a2, imm: UInt16(bitPattern: RecordingHandler.ucPCLow)))
        handler.store(.t0, at: RecordingHandler.Seen.pc)
        handler.emit(.lw(rt: .t0, base: .a1, imm: 12))
        handler.store(.t0, at: RecordingHandler.Seen.address)
        handler.li(.t0, Layout.data)  // saved a0 = a readable address
        handler.emit(.sw(rt: .t0, base: .a2, imm: UInt16(bitPattern: RecordingHandler.ucRegisterLow(.a0))))
        handler.emit(.jr(rs: .ra, hint: false), GuestCode.nop)

        let machine = try makeMachine(programs: [code, handler])
        setAction(machine, S.SIGSEGV, handler: handler.origin)
        poke(machine, 0x1234_5678, at: Layout.data)
        assertBreak(run(machine, code))
        XCTAssertEqual(peek(machine, RecordingHandler.Seen.pc), code.address("branch"), "sc_pc: the branch")
        XCTAssertEqual(peek(machine, RecordingHandler.Seen.address), 0x40)
        XCTAssertEqual(machine[.s2], 0x1234_5678, "the slot ran again with the repaired register")
        XCTAssertEqual(machine[.s1], 1, "the code before the branch ran once")
    }

    // MARK: - Kernel memory

    /// User code may not reach the kernel: a jump there or an access is a machine fault, and a
    /// syscall given a kernel pointer answers EFAULT.
    func testUserAccessToKernelMemoryIsAMachineFault() throws {
        var code = GuestCode(at: Layout.program)
        code.li(.t0, KernelLayout.base)
        code.emit(.jr(rs: .t0, hint: false), GuestCode.nop)
        code.label("end")
        code.emit(.break(code: 0))
        let jumping = try makeMachine(programs: [code])
        assertFault(run(jumping, code), .memory(.kernelMemory(address: KernelLayout.base)), pc: KernelLayout.base, word: 0)
        XCTAssertEqual(jumping.state.mode, .user)

        let machine = try makeMachine(input: Array("secret".utf8))
        XCTAssertEqual(success(machine, SyscallNumber.getpid), 1, "the kernel has run, its pages are in use")
        assertFault(guestStore(machine, KernelLayout.base + 0x1000, 1), .memory(.kernelMemory(address: KernelLayout.base + 0x1000)),
                    pc: Stub.store, word: Stub.storeWord)
        assertFault(guestLoad(machine, KernelLayout.base).0, .memory(.kernelMemory(address: KernelLayout.base)),
                    pc: Stub.load, word: Stub.loadWord)
        failure(machine, SyscallNumber.write, 1, KernelLayout.base, 16, errno: .EFAULT)
        failure(machine, SyscallNumber.read, 0, KernelLayout.base + 0x1000, 4, errno: .EFAULT)
        failure(machine, SyscallNumber.clockGettime, 0, KernelLayout.base + 0x1000, errno: .EFAULT)
        XCTAssertEqual(machine.io.standardOutput, [])
        XCTAssertEqual(success(machine, SyscallNumber.read, 0, Layout.data, 16), 6, "the failed read consumed nothing")
    }
}
