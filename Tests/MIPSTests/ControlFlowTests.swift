import XCTest

@testable import MIPS

/// Branches, jumps and delay slots; traps, `break`, illegal instructions and `rdhwr`, as the
/// program sees them (the kernel turns the exceptional ones into signals; `ExceptionTests` checks
/// what the kernel is told).
final class ControlFlowTests: XCTestCase {
    private let origin = FlatProgram.defaultOrigin
    private func address(_ index: Int) -> UInt32 { origin + UInt32(4 * index) }

    /// A word placed in the program verbatim (`.illegal` encodes to exactly its word; the
    /// machine decodes it again from memory).
    private func raw(_ word: UInt32) -> Instruction { .illegal(word: word) }

    // MARK: - Branches

    private struct BranchCase {
        var make: (UInt16) -> Instruction
        var a0: UInt32
        var a1: UInt32 = 0
        var taken: Bool
        var likely = false
        var links = false
    }

    /// Runs `branch → 3; addiu v0 (delay slot); addiu v1 (fall-through); break` and checks
    /// which of the two ran, the cycle count and the link register.
    private func check(_ test: BranchCase, file: StaticString = #filePath, line: UInt = #line) {
        let branch = test.make(Assembler.branchOffset(from: 0, to: 3))
        let program = FlatProgram([
            branch,
            .addiu(rt: .v0, rs: .zero, imm: 1),
            .addiu(rt: .v1, rs: .zero, imm: 1),
            .break(code: 0),
        ], registers: [.a0: test.a0, .a1: test.a1, .ra: 0xdead_0000])
        let machine = program.makeMachine()
        let label = "\(branch) with a0 = \(hex32(test.a0)), a1 = \(hex32(test.a1))"
        assertBreak(machine.run(toUserAddress: program.address(3), cycles: 100), file: file, line: line)
        let delaySlotRuns = test.taken || !test.likely
        XCTAssertEqual(machine[.v0], delaySlotRuns ? 1 : 0, "\(label): delay slot", file: file, line: line)
        XCTAssertEqual(machine[.v1], test.taken ? 0 : 1, "\(label): fall-through", file: file, line: line)
        // An annulled delay slot costs no cycle.
        XCTAssertEqual(machine.cycles, test.taken ? 2 : test.likely ? 2 : 3, "\(label): cycles", file: file, line: line)
        XCTAssertEqual(machine[.ra], test.links ? program.address(2) : 0xdead_0000, "\(label): link", file: file, line: line)
    }

    private let minusOne: UInt32 = 0xffff_ffff

    func testConditionalBranches() {
        let cases: [BranchCase] = [
            BranchCase(make: { .beq(rs: .a0, rt: .a1, imm: $0) }, a0: 5, a1: 5, taken: true),
            BranchCase(make: { .beq(rs: .a0, rt: .a1, imm: $0) }, a0: 5, a1: 6, taken: false),
            BranchCase(make: { .bne(rs: .a0, rt: .a1, imm: $0) }, a0: 5, a1: 6, taken: true),
            BranchCase(make: { .bne(rs: .a0, rt: .a1, imm: $0) }, a0: 5, a1: 5, taken: false),
            BranchCase(make: { .blez(rs: .a0, imm: $0) }, a0: 0, taken: true),
            BranchCase(make: { .blez(rs: .a0, imm: $0) }, a0: minusOne, taken: true),
            BranchCase(make: { .blez(rs: .a0, imm: $0) }, a0: 1, taken: false),
            BranchCase(make: { .bgtz(rs: .a0, imm: $0) }, a0: 1, taken: true),
            BranchCase(make: { .bgtz(rs: .a0, imm: $0) }, a0: 0, taken: false),
            BranchCase(make: { .bgtz(rs: .a0, imm: $0) }, a0: 0x8000_0000, taken: false),
            BranchCase(make: { .bltz(rs: .a0, imm: $0) }, a0: minusOne, taken: true),
            BranchCase(make: { .bltz(rs: .a0, imm: $0) }, a0: 0, taken: false),
            BranchCase(make: { .bgez(rs: .a0, imm: $0) }, a0: 0, taken: true),
            BranchCase(make: { .bgez(rs: .a0, imm: $0) }, a0: 0x8000_0000, taken: false),
        ]
        for test in cases { check(test) }
    }

    /// bltzal/bgezal write ra = pc + 8 whether or not they branch; bal is bgezal $zero.
    func testBranchAndLink() {
        let cases: [BranchCase] = [
            BranchCase(make: { .bltzal(rs: .a0, imm: $0) }, a0: minusOne, taken: true, links: true),
            BranchCase(make: { .bltzal(rs: .a0, imm: $0) }, a0: 0, taken: false, links: true),
            BranchCase(make: { .bgezal(rs: .a0, imm: $0) }, a0: 0, taken: true, links: true),
            BranchCase(make: { .bgezal(rs: .a0, imm: $0) }, a0: minusOne, taken: false, links: true),
            BranchCase(make: { .bgezal(rs: .zero, imm: $0) }, a0: minusOne, taken: true, links: true),  // bal
        ]
        for test in cases { check(test) }
    }

    /// Branch-likely: the delay slot runs only when the branch is taken.
    func testBranchLikely() {
        let cases: [BranchCase] = [
            BranchCase(make: { .beql(rs: .a0, rt: .a1, imm: $0) }, a0: 3, a1: 3, taken: true, likely: true),
            BranchCase(make: { .beql(rs: .a0, rt: .a1, imm: $0) }, a0: 3, a1: 4, taken: false, likely: true),
            BranchCase(make: { .bnel(rs: .a0, rt: .a1, imm: $0) }, a0: 3, a1: 4, taken: true, likely: true),
            BranchCase(make: { .bnel(rs: .a0, rt: .a1, imm: $0) }, a0: 3, a1: 3, taken: false, likely: true),
            BranchCase(make: { .blezl(rs: .a0, imm: $0) }, a0: 0, taken: true, likely: true),
            BranchCase(make: { .blezl(rs: .a0, imm: $0) }, a0: 1, taken: false, likely: true),
            BranchCase(make: { .bgtzl(rs: .a0, imm: $0) }, a0: 1, taken: true, likely: true),
            BranchCase(make: { .bgtzl(rs: .a0, imm: $0) }, a0: 0, taken: false, likely: true),
            BranchCase(make: { .bltzl(rs: .a0, imm: $0) }, a0: minusOne, taken: true, likely: true),
            BranchCase(make: { .bltzl(rs: .a0, imm: $0) }, a0: 0, taken: false, likely: true),
            BranchCase(make: { .bgezl(rs: .a0, imm: $0) }, a0: 0, taken: true, likely: true),
            BranchCase(make: { .bgezl(rs: .a0, imm: $0) }, a0: minusOne, taken: false, likely: true),
            BranchCase(make: { .bltzall(rs: .a0, imm: $0) }, a0: minusOne, taken: true, likely: true, links: true),
            BranchCase(make: { .bltzall(rs: .a0, imm: $0) }, a0: 0, taken: false, likely: true, links: true),
            BranchCase(make: { .bgezall(rs: .a0, imm: $0) }, a0: 0, taken: true, likely: true, links: true),
            BranchCase(make: { .bgezall(rs: .a0, imm: $0) }, a0: minusOne, taken: false, likely: true, links: true),
        ]
        for test in cases { check(test) }
    }

    /// A backward branch: sum 1…10 in a countdown loop whose delay slot does the adding.
    func testLoopWithDelaySlot() {
        let machine = runToBreak([
            .addiu(rt: .a0, rs: .zero, imm: 10),  // 0
            .addiu(rt: .a0, rs: .a0, imm: 0xffff),  // 1: loop: a0 -= 1
            .bne(rs: .a0, rt: .zero, imm: Assembler.branchOffset(from: 2, to: 1)),  // 2
            .addu(rd: .v0, rs: .v0, rt: .a0),  // 3: delay slot, runs every time
        ])
        XCTAssertEqual(machine[.v0], 45)  // 9 + 8 + … + 0
        XCTAssertEqual(machine.cycles, 1 + 10 * 3)
    }

    // MARK: - Jumps

    private func checkJump(_ jump: Instruction, registers: [Register: UInt32] = [:], link: (Register, UInt32)? = nil,
                           file: StaticString = #filePath, line: UInt = #line) {
        let program = FlatProgram([
            jump,
            .addiu(rt: .v0, rs: .zero, imm: 1),
            .addiu(rt: .v1, rs: .zero, imm: 1),
            .break(code: 0),
        ], registers: registers)
        let machine = program.makeMachine()
        assertBreak(machine.run(toUserAddress: program.address(3), cycles: 100), file: file, line: line)
        XCTAssertEqual(machine[.v0], 1, "\(jump): the delay slot runs", file: file, line: line)
        XCTAssertEqual(machine[.v1], 0, "\(jump): the jump skips index 2", file: file, line: line)
        if let (register, value) = link {
            XCTAssertEqual(machine[register], value, "\(jump): link", file: file, line: line)
        }
    }

    func testJumps() {
        let target = address(3)
        let index = (target >> 2) & 0x03ff_ffff
        checkJump(.j(index: index))
        checkJump(.jal(index: index), link: (.ra, address(2)))
        checkJump(.jr(rs: .a0, hint: false), registers: [.a0: target])
        checkJump(.jr(rs: .a0, hint: true), registers: [.a0: target])
        checkJump(.jalr(rd: .t0, rs: .a0, hint: false), registers: [.a0: target], link: (.t0, address(2)))
        checkJump(.jalr(rd: .ra, rs: .ra, hint: false), registers: [.ra: target], link: (.ra, address(2)))
    }

    /// `j` keeps the top four bits of the delay slot's address, not of the jump's.
    func testJumpRegionIsThatOfTheDelaySlot() {
        let origin: UInt32 = 0x0fff_fffc  // the delay slot is at 0x10000000
        let program = FlatProgram([.j(index: 0x40), .sll(rd: .zero, rt: .zero, sa: 0)], at: origin)
        let machine = program.makeMachine()
        XCTAssertEqual(machine.run(until: 2), .cycleLimit)
        XCTAssertEqual(machine.pc, 0x1000_0100)
    }

    func testJumpToUnalignedAddressFaults() {
        for (jump, kind) in [(Instruction.jr(rs: .a0, hint: false), "jr"), (.jalr(rd: .ra, rs: .a0, hint: false), "jalr")] {
            let machine = assertFaults([jump, .addiu(rt: .v0, rs: .zero, imm: 1)], at: 0,
                                       .unalignedJump(target: address(3) + 2), registers: [.a0: address(3) + 2, .ra: 7])
            XCTAssertEqual(machine[.v0], 0, "\(kind): the delay slot does not run")
            XCTAssertEqual(machine[.ra], 7, "\(kind): no link")
        }
    }

    /// A machine fault in a delay slot reports the slot's pc and leaves nextPC at the branch
    /// target (an unaligned load stays a fault: Linux would emulate it, the machine refuses it).
    func testFaultInDelaySlot() {
        let load = Instruction.lw(rt: .v0, base: .a0, imm: 2)
        let program = FlatProgram([
            .beq(rs: .zero, rt: .zero, imm: Assembler.branchOffset(from: 0, to: 3)),
            load,
            .sll(rd: .zero, rt: .zero, sa: 0),
            .sll(rd: .zero, rt: .zero, sa: 0),
        ], registers: [.a0: FlatProgram.dataBase, .v0: 5])
        let machine = program.makeMachine()
        assertFault(machine.run(until: 10), .memory(.unaligned(address: FlatProgram.dataBase + 2, size: 4)),
                    pc: program.address(1), word: load.word)
        XCTAssertEqual(machine.pc, program.address(1))
        XCTAssertEqual(machine.nextPC, program.address(3))
        XCTAssertEqual(machine.cycles, 1)
        XCTAssertEqual(machine[.v0], 5)
        XCTAssertEqual(machine.state.mode, .user, "a machine fault does not enter the kernel")
    }

    // MARK: - Traps

    /// A trap whose condition holds enters the kernel, which kills the program with SIGTRAP
    /// (code 0); one whose condition fails is an ordinary instruction.
    func testTrapsFireOnlyWhenTheConditionHolds() {
        let cases: [(Instruction, UInt32, UInt32, Bool)] = [
            (.teq(rs: .a0, rt: .a1, code: 0), 4, 4, true), (.teq(rs: .a0, rt: .a1, code: 0), 4, 5, false),
            (.tne(rs: .a0, rt: .a1, code: 0), 4, 5, true), (.tne(rs: .a0, rt: .a1, code: 0), 4, 4, false),
            (.tge(rs: .a0, rt: .a1, code: 0), 1, minusOne, true), (.tge(rs: .a0, rt: .a1, code: 0), 3, 3, true),
            (.tge(rs: .a0, rt: .a1, code: 0), minusOne, 1, false),
            (.tgeu(rs: .a0, rt: .a1, code: 0), minusOne, 1, true), (.tgeu(rs: .a0, rt: .a1, code: 0), 1, minusOne, false),
            (.tlt(rs: .a0, rt: .a1, code: 0), minusOne, 1, true), (.tlt(rs: .a0, rt: .a1, code: 0), 1, minusOne, false),
            (.tlt(rs: .a0, rt: .a1, code: 0), 3, 3, false),
            (.tltu(rs: .a0, rt: .a1, code: 0), 1, minusOne, true), (.tltu(rs: .a0, rt: .a1, code: 0), minusOne, 1, false),
            (.teqi(rs: .a0, imm: 0xffff), minusOne, 0, true), (.teqi(rs: .a0, imm: 0xffff), 0xffff, 0, false),
            (.tnei(rs: .a0, imm: 0xffff), 0xffff, 0, true), (.tnei(rs: .a0, imm: 0xffff), minusOne, 0, false),
            (.tgei(rs: .a0, imm: 0xffff), 0, 0, true), (.tgei(rs: .a0, imm: 0), minusOne, 0, false),
            (.tgeiu(rs: .a0, imm: 0xffff), minusOne, 0, true), (.tgeiu(rs: .a0, imm: 0xffff), 0xffff_fff0, 0, false),
            (.tlti(rs: .a0, imm: 0xffff), 0xffff_fffe, 0, true), (.tlti(rs: .a0, imm: 0xffff), 0, 0, false),
            (.tltiu(rs: .a0, imm: 0x8000), 0x8000_0000, 0, true), (.tltiu(rs: .a0, imm: 0x8000), 0xffff_8000, 0, false),
        ]
        for (trap, a, b, fires) in cases {
            if fires {
                assertKills([trap], at: 0, signal: SignalNumber.SIGTRAP, registers: [.a0: a, .a1: b])
            } else {
                let machine = runToBreak([trap], registers: [.a0: a, .a1: b])
                XCTAssertEqual(machine.cycles, 1, "\(trap) with \(hex32(a)), \(hex32(b))")
            }
        }
    }

    /// GCC's division guard `teq $a0, $zero, 7`: the kernel reads the code field from the word
    /// in memory (code 7: SIGFPE, si_addr = the trap), and the trace reports that word.
    func testTrapWithCodeReportsTheWordInMemory() {
        let word: UInt32 = 0x0080_01f4  // teq $a0, $zero, 7
        let program = FlatProgram([raw(word)], registers: [.a0: 0])
        let machine = program.makeMachine()
        XCTAssertEqual(machine.word(at: origin), word)
        assertKilled(machine, machine.run(toUserAddress: program.address(1)), by: SignalNumber.SIGFPE, pc: origin,
                     address: origin)

        var recorder = TraceRecorder()
        let traced = program.makeMachine()
        _ = traced.run(until: 1, tracer: &recorder)
        XCTAssertEqual(recorder.instructions.first?.word, word, "the trace's instruction word must match memory")
    }

    // MARK: - break and illegal instructions

    /// `break` enters the kernel: codes 7 (divide by zero) and 6 (overflow) are SIGFPE, any
    /// other code SIGTRAP. The instructions before it ran.
    func testBreakKills() {
        let cases: [(UInt32, UInt32)] = [(7, SignalNumber.SIGFPE), (6, SignalNumber.SIGFPE), (0, SignalNumber.SIGTRAP),
                                         (9, SignalNumber.SIGTRAP)]
        for (code, signal) in cases {
            let machine = assertKills([.addiu(rt: .v0, rs: .zero, imm: 1), .break(code: code)], at: 1, signal: signal)
            XCTAssertGreaterThan(machine.cycles, 2, "break \(code): the kernel ran")
            XCTAssertEqual(machine.halt?.exitCode, 128 + Int32(signal))
        }
    }

    /// Words that are not instructions of this machine enter the kernel, which delivers SIGILL
    /// (floating-point words are left out: the kernel emulates those).
    func testIllegalInstructionKills() {
        let words: [UInt32] = [
            0x4200_0001,  // tlbr: privileged, unknown
            0x4800_0000,  // COP2
            0x6000_0000,  // unknown opcode
            0x0000_004f,  // sync with a non-zero stype
            0x0000_0005,  // SPECIAL funct 0x05
        ]
        for word in words {
            let machine = assertKills([.addiu(rt: .v0, rs: .zero, imm: 1), raw(word)], at: 1, signal: SignalNumber.SIGILL,
                                      address: origin + 4)
            XCTAssertEqual(machine.halt?.signal, SignalNumber.SIGILL, hex32(word))
        }
    }

    func testNoOps() {
        let machine = runToBreak([
            .sync, .pref(hint: 0, base: .a0, imm: 0), .synci(base: .a0, imm: 0), .addiu(rt: .v0, rs: .zero, imm: 1),
        ], registers: [.a0: 0xffff_fff0])
        XCTAssertEqual(machine[.v0], 1)
        XCTAssertEqual(machine.cycles, 4)
    }

    // MARK: - rdhwr

    func testReadHardwareRegisterReturnsTheThreadPointer() {
        let pointer: UInt32 = 0x1234_5670
        let machine = runToBreak(
            [.rdhwr(rt: .t0, hwr: 29)] + Assembler.syscall(4283, pointer) + [.rdhwr(rt: .v1, hwr: 29)],
            registers: [.t0: 0xffff])
        XCTAssertEqual(machine[.t0], 0, "no thread pointer before set_thread_area")
        XCTAssertEqual(machine[.v0], 0)
        XCTAssertEqual(machine[.a3], 0, "set_thread_area succeeded")
        XCTAssertEqual(machine[.v1], pointer)
        XCTAssertEqual(machine.state.userLocal, pointer)
    }

    /// rdhwr $29 is the machine's; $0…$3 the kernel emulates as Linux does (CPU number, SYNCI
    /// step, the cycle counter, its resolution); any other register is SIGILL.
    func testOtherHardwareRegistersAreEmulated() {
        let machine = runToBreak([
            .rdhwr(rt: .t0, hwr: 0), .rdhwr(rt: .t1, hwr: 1), .rdhwr(rt: .t2, hwr: 3),
            .rdhwr(rt: .a0, hwr: 2), .rdhwr(rt: .a1, hwr: 2),
        ], registers: [.t0: 99, .t1: 99, .t2: 99])
        XCTAssertEqual(machine[.t0], 0, "CPUNum")
        XCTAssertEqual(machine[.t1], 0, "SYNCI_Step: no caches")
        XCTAssertEqual(machine[.t2], 1, "CCRes")
        let first = machine[.a0], second = machine[.a1]
        XCTAssertGreaterThan(first, 2, "the counter counts the kernel's cycles too")
        XCTAssertGreaterThan(second, first, "the counter advances")
        XCTAssertLessThan(UInt64(second), machine.cycles)

        for number: UInt8 in [4, 30, 31] {
            assertKills([.rdhwr(rt: .v1, hwr: number)], at: 0, signal: SignalNumber.SIGILL, address: origin)
        }
    }
}
