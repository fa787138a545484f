import XCTest

@testable import MIPS

/// Branches, jumps and delay slots; traps, `break`, illegal instructions and `rdhwr`.
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
        assertBreak(machine.run(until: 100), at: program.address(3), file: file, line: line)
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
        assertBreak(machine.run(until: 100), at: program.address(3), file: file, line: line)
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

    /// A fault in a delay slot reports the slot's pc and leaves nextPC at the branch target.
    func testFaultInDelaySlot() {
        let program = FlatProgram([
            .beq(rs: .zero, rt: .zero, imm: Assembler.branchOffset(from: 0, to: 3)),
            .break(code: 9),
            .sll(rd: .zero, rt: .zero, sa: 0),
            .sll(rd: .zero, rt: .zero, sa: 0),
        ])
        let machine = program.makeMachine()
        assertFault(machine.run(until: 10), .breakpoint(code: 9), pc: program.address(1), word: Instruction.break(code: 9).word)
        XCTAssertEqual(machine.pc, program.address(1))
        XCTAssertEqual(machine.nextPC, program.address(3))
        XCTAssertEqual(machine.cycles, 1)
    }

    // MARK: - Traps

    func testTrapsFaultOnlyWhenTheConditionHolds() {
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
                assertFaults([trap], at: 0, .trap, registers: [.a0: a, .a1: b])
            } else {
                let machine = runToBreak([trap], registers: [.a0: a, .a1: b])
                XCTAssertEqual(machine.cycles, 1, "\(trap) with \(hex32(a)), \(hex32(b))")
            }
        }
    }

    /// GCC's division guard `teq $a0, $zero, 7`: the fault and the trace must report the word
    /// that is in memory, code field included.
    func testTrapWithCodeReportsTheWordInMemory() {
        let word: UInt32 = 0x0080_01f4  // teq $a0, $zero, 7
        let program = FlatProgram([raw(word)], registers: [.a0: 0])
        let machine = program.makeMachine()
        XCTAssertEqual(machine.word(at: origin), word)
        assertFault(machine.run(until: 10), .trap, pc: origin, word: word)

        var recorder = TraceRecorder()
        let traced = program.makeMachine()
        _ = traced.run(until: 10, tracer: &recorder)
        XCTAssertEqual(recorder.instructions.first?.word, word, "the trace's instruction word must match memory")
    }

    // MARK: - break and illegal instructions

    func testBreakFaults() {
        assertFaults([.addiu(rt: .v0, rs: .zero, imm: 1), .break(code: 7)], at: 1, .breakpoint(code: 7))
        let machine = assertFaults([.break(code: 0)], at: 0, .breakpoint(code: 0))
        XCTAssertEqual(machine.cycles, 0, "the faulting instruction does not count")
    }

    func testIllegalInstructionFaultsWithTheReason() {
        let cases: [(UInt32, IllegalInstruction.Reason)] = [
            (0x4400_0000, .floatingPoint),
            (0x4c00_0000, .floatingPoint),  // COP1X (lwc1 and the other FPU data moves are decoded)
            (0x4000_0000, .privileged),
            (0x6000_0000, .unknownEncoding),
            (0x012a_5860, .reservedField(mnemonic: "add", field: "sa")),
        ]
        for (word, reason) in cases {
            let machine = assertFaults([.addiu(rt: .v0, rs: .zero, imm: 1), raw(word)], at: 1,
                                       .illegalInstruction(IllegalInstruction(word: word, reason: reason)))
            XCTAssertEqual(machine[.v0], 1)
            XCTAssertEqual(machine.cycles, 1)
        }
        let (_, stop) = runProgram([raw(0x4400_0000)])
        guard case let .fault(fault) = stop else { return XCTFail("\(stop)") }
        XCTAssertTrue(fault.description.contains(".word 0x44000000"), fault.description)
        XCTAssertTrue(fault.description.contains("floating-point"), fault.description)
        XCTAssertTrue(fault.description.contains(hex32(origin)), fault.description)
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
        XCTAssertEqual(machine.kernel.threadPointer, pointer)
    }

    func testReadingAnotherHardwareRegisterFaults() {
        for number: UInt8 in [0, 2, 3, 30] {
            let machine = assertFaults([.rdhwr(rt: .v1, hwr: number)], at: 0, .unsupportedHardwareRegister(number),
                                       registers: [.v1: 99])
            XCTAssertEqual(machine[.v1], 99)
        }
    }
}
