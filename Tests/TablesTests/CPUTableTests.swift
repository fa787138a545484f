import Commit
import Constraints
import Field
import MIPS
import Stark
@testable import Tables
import XCTest

/// The CPU table proves real runs of the VM: a call, a loop with a delay-slot branch, a
/// register jump back — every instruction kind the table knows.
final class CPUTableTests: XCTestCase {
    static let base: UInt32 = 0x0001_0000
    /// Where the kernel-mode program runs (kernel space, above the kernel's own pages).
    static let kernelBase: UInt32 = 0xc000_0000
    static func imm(_ value: Int) -> UInt16 { UInt16(bitPattern: Int16(value)) }
    static let program: [Instruction] = {
        var code: [Instruction] = [
            .lui(rt: .t9, imm: 0x0001), // t9 = 0x10000
            .addiu(rt: .t9, rs: .t9, imm: 0x40), // t9 = the subroutine
            .addiu(rt: .t0, rs: .zero, imm: 3),
            .jalr(rd: .ra, rs: .t9, hint: false),
            .addu(rd: .t1, rs: .zero, rt: .zero), // delay slot
            .addu(rd: .t1, rs: .t1, rt: .t0), // loop (0x10014)
            .addiu(rt: .t0, rs: .t0, imm: imm(-1)),
            .bne(rs: .t0, rt: .zero, imm: imm(-3)),
            .sw(rt: .t1, base: .t9, imm: 0x3c8), // delay slot: store the running sum (in the data area past the code)
            .jal(index: (base + 0x50) >> 2), // 0x10024
            .lw(rt: .t2, base: .t9, imm: 0x3c8), // delay slot: load it back
            .beq(rs: .zero, rt: .zero, imm: imm(-12)), // 0x1002c: back to the start
            .sll(rd: .zero, rt: .zero, sa: 0),
        ]
        while code.count < 16 { code.append(.sll(rd: .zero, rt: .zero, sa: 0)) }
        code += [
            .addiu(rt: .t2, rs: .zero, imm: imm(-7)), // subroutine (0x10040)
            .addu(rd: .zero, rs: .t2, rt: .t2), // a write to $zero, dropped
            .jr(rs: .ra, hint: false),
            .ori(rt: .a0, rs: .t2, imm: 0x8001), // delay slot
            .j(index: (base + 0x80) >> 2), // 0x10050: on to the logic, then return
            .sll(rd: .zero, rt: .zero, sa: 0),
            .jr(rs: .ra, hint: false), // 0x10058
            .sll(rd: .zero, rt: .zero, sa: 0),
        ]
        while code.count < 32 { code.append(.sll(rd: .zero, rt: .zero, sa: 0)) }
        code += [
            .and(rd: .a1, rs: .a0, rt: .t2), // 0x10080
            .or(rd: .a2, rs: .a0, rt: .t1),
            .xor(rd: .a3, rs: .a1, rt: .a2),
            .nor(rd: .v0, rs: .a3, rt: .zero),
            .andi(rt: .v1, rs: .v0, imm: 0xf0f0),
            .xori(rt: .v1, rs: .v1, imm: 0xffff),
            .subu(rd: .at, rs: .a0, rt: .t2),
            .sltu(rd: .gp, rs: .t2, rt: .a0),
            .sltiu(rt: .fp, rs: .a0, imm: 0x8000), // sign-extended, compared unsigned
            .sll(rd: .at, rt: .a0, sa: 7),
            .srl(rd: .at, rt: .t2, sa: 31),
            .sra(rd: .gp, rt: .t2, sa: 3), // t2 = −7: negative
            .sra(rd: .gp, rt: .a0, sa: 0),
            .slt(rd: .at, rs: .t2, rt: .a0), // −7 < a0
            .slti(rt: .gp, rs: .a0, imm: imm(-1)),
        ]
        // Every load and store on the data area (0x10400), bytes with their sign bits set.
        let memory: [Instruction] = [
            .addiu(rt: .s0, rs: .t9, imm: 0x3c0),
            .lui(rt: .s1, imm: 0x8081),
            .ori(rt: .s1, rs: .s1, imm: 0xf2f3),
            .sw(rt: .s1, base: .s0, imm: 0),
            .lb(rt: .s2, base: .s0, imm: 1),
            .lbu(rt: .s3, base: .s0, imm: 2),
            .lh(rt: .s4, base: .s0, imm: 2),
            .lhu(rt: .s5, base: .s0, imm: 0),
            .lwl(rt: .s6, base: .s0, imm: 1),
            .lwr(rt: .s6, base: .s0, imm: 2),
            .sb(rt: .s2, base: .s0, imm: 3),
            .sh(rt: .s3, base: .s0, imm: 2),
            .swl(rt: .s1, base: .s0, imm: 2),
            .swr(rt: .s1, base: .s0, imm: 1),
            .ll(rt: .s7, base: .s0, imm: 0),
            .sc(rt: .s7, base: .s0, imm: 4),
            .sync,
            .pref(hint: 0, base: .s0, imm: 0),
            .synci(base: .s0, imm: 0),
            .lw(rt: .s7, base: .s0, imm: 4),
        ]
        code += memory
        // HI/LO, conditional moves, register shifts, ext, rdhwr (a1 = −2^31 + 5, a2 = 6: signs and a remainder).
        let arithmetic: [Instruction] = [
            .lui(rt: .a1, imm: 0x8000), .ori(rt: .a1, rs: .a1, imm: 5), .addiu(rt: .a2, rs: .zero, imm: 6),
            .mul(rd: .v0, rs: .a1, rt: .a2), .mult(rs: .a1, rt: .a2), .mfhi(rd: .v1), .mflo(rd: .v0),
            .multu(rs: .a1, rt: .a2), .madd(rs: .a1, rt: .a2), .maddu(rs: .a2, rt: .a2), .msub(rs: .a1, rt: .a1), .msubu(rs: .a2, rt: .a1),
            .div(rs: .a1, rt: .a2), .divu(rs: .a1, rt: .a2), .div(rs: .a2, rt: .zero), .mthi(rs: .a2), .mtlo(rs: .a1), .mfhi(rd: .v1),
            .movz(rd: .v0, rs: .a1, rt: .zero), .movz(rd: .v0, rs: .a2, rt: .a1), .movn(rd: .v1, rs: .a2, rt: .a1), .movn(rd: .v1, rs: .a1, rt: .zero),
            .sllv(rd: .v0, rt: .a1, rs: .a2), .srlv(rd: .v0, rt: .a1, rs: .a1), .srav(rd: .v1, rt: .a1, rs: .a2),
            .ext(rt: .v0, rs: .a1, pos: 3, size: 9), .ext(rt: .v1, rs: .a1, pos: 0, size: 32), .rdhwr(rt: .v0, hwr: 29),
            .ins(rt: .v0, rs: .a1, pos: 4, size: 7), .ins(rt: .v1, rs: .a2, pos: 0, size: 32),
            .seb(rd: .v0, rt: .a1), .seb(rd: .v0, rt: .a2), .seh(rd: .v1, rt: .a1), .seh(rd: .v1, rt: .s1), .wsbh(rd: .v0, rt: .a1),
            .clz(rd: .v0, rs: .a2), .clz(rd: .v0, rs: .zero), .clz(rd: .v0, rs: .a1), .clo(rd: .v1, rs: .a1), .clo(rd: .v1, rs: .a2),
            .rotr(rd: .v0, rt: .a1, sa: 5), .rotr(rd: .v0, rt: .a1, sa: 0), .rotrv(rd: .v1, rt: .a1, rs: .a2),
            .add(rd: .v0, rs: .a1, rt: .a2), .addi(rt: .v1, rs: .a1, imm: imm(-5)), .sub(rd: .v0, rs: .a1, rt: .zero), .sub(rd: .v0, rs: .zero, rt: .a2),
            // Traps, none taken.
            .teq(rs: .a1, rt: .a2, code: 7), .tne(rs: .a1, rt: .a1, code: 0), .tge(rs: .a1, rt: .a2, code: 0), .tgeu(rs: .a2, rt: .a1, code: 0),
            .tlt(rs: .a2, rt: .a1, code: 0), .tltu(rs: .a1, rt: .a2, code: 0), .tgei(rs: .a1, imm: 0), .tgeiu(rs: .a2, imm: 7),
            .tlti(rs: .a2, imm: 6), .tltiu(rs: .a1, imm: 6), .teqi(rs: .a2, imm: 5), .tnei(rs: .a2, imm: 6),
        ]
        code += arithmetic
        // Every other branch, taken or not (t2 and a0 are negative), each over one skipped nop;
        // the likely ones annul their delay slot when not taken; ra is kept in v1 meanwhile.
        let nop = Instruction.sll(rd: .zero, rt: .zero, sa: 0)
        let branches: [Instruction] = [
            .blez(rs: .zero, imm: 1), .bgtz(rs: .zero, imm: 1), .bltz(rs: .t2, imm: 1), .bgez(rs: .t2, imm: 1),
            .beql(rs: .zero, rt: .zero, imm: 1), .bnel(rs: .zero, rt: .zero, imm: 1), .blezl(rs: .a0, imm: 1),
            .bgtzl(rs: .a0, imm: 1), .bltzl(rs: .zero, imm: 1), .bgezl(rs: .zero, imm: 1), .bltzal(rs: .zero, imm: 1),
            .bgezal(rs: .zero, imm: 1), .bltzall(rs: .t2, imm: 1), .bgezall(rs: .t2, imm: 1),
        ]
        code.append(.addu(rd: .v1, rs: .ra, rt: .zero))
        for branch in branches { code += [branch, .addiu(rt: .t0, rs: .t0, imm: 0), nop] }
        code.append(.addu(rd: .ra, rs: .v1, rt: .zero))
        code += [.beq(rs: .zero, rt: .zero, imm: imm(22 - (code.count + 1))), nop]  // back to 0x10058
        return code
    }()

    /// A program that starts in kernel mode: the system registers written and read back, the
    /// proven primitives (no halt: `GuestSegmentTests` halts), `eret` to user code at 0x10100,
    /// which makes a `syscall` into the real kernel (getpid) and runs a few of its instructions.
    static let kernelProgram: [Instruction] = {
        var code: [Instruction] = [
            .lui(rt: .t0, imm: 0x0001), .ori(rt: .t1, rs: .t0, imm: 0x0104), .ori(rt: .t0, rs: .t0, imm: 0x0100),
            .mtc0(rt: .t0, rd: 14, sel: 0), .mtc0(rt: .t1, rd: 14, sel: 1), .mtc0(rt: .t1, rd: 4, sel: 2),
            .mfc0(rt: .s0, rd: 14, sel: 0), .mfc0(rt: .s1, rd: 14, sel: 1), .mfc0(rt: .s2, rd: 4, sel: 2),
            .addiu(rt: .v0, rs: .zero, imm: 1), .syscall(code: 0),  // readInput: the length word
            .addiu(rt: .v0, rs: .zero, imm: 1), .syscall(code: 0),  // its first bytes
            .addiu(rt: .v0, rs: .zero, imm: 4), .syscall(code: 0),  // cycleCounter
            .lui(rt: .a0, imm: 0x7a6b), .ori(rt: .a0, rs: .a0, imm: 0x2121), .addiu(rt: .a1, rs: .zero, imm: 3),
            .addiu(rt: .v0, rs: .zero, imm: 2), .syscall(code: 0),  // writeOutput "zk!"
            .addiu(rt: .a1, rs: .zero, imm: 1), .addiu(rt: .v0, rs: .zero, imm: 2), .syscall(code: 0),  // "z"
            .addiu(rt: .a0, rs: .zero, imm: 1), .addiu(rt: .a2, rs: .zero, imm: 0),
            .addiu(rt: .v0, rs: .zero, imm: 3), .syscall(code: 0),  // console: no bytes
            .mult(rs: .t0, rt: .t1), .div(rs: .t1, rt: .t0),
            .eret,
        ]
        while code.count < 64 { code.append(.sll(rd: .zero, rt: .zero, sa: 0)) }
        code += [.addiu(rt: .v0, rs: .zero, imm: 4020), .syscall(code: 0)]  // 0x10100: getpid
        return code
    }()

    /// Runs `cycles` cycles of `program` (from kernel mode when `kernel`) and builds the witness.
    static func witness(cycles: UInt64, program: [Instruction] = program, kernel: Bool = false,
                        input: [UInt8] = []) throws -> (SegmentWitness, Machine) {
        let bytes = program.flatMap { instruction -> [UInt8] in
            let word = instruction.word
            return [UInt8(word >> 24), UInt8((word >> 16) & 0xff), UInt8((word >> 8) & 0xff), UInt8(word & 0xff)]
        }
        let machine = ProgramImage.flat(code: bytes, at: base).makeMachine(input: input)
        if kernel {
            // Kernel code runs in kernel space: the program's first 64 words again at `kernelBase`,
            // where the run starts (its eret goes to the user code at base + 0x100).
            machine.memory.initialize(bytes: bytes.prefix(256), at: kernelBase)
            machine.state.pc = kernelBase
            machine.state.nextPC = kernelBase + 4
            machine.state.mode = .kernel
        }
        let start = machine.state
        machine.memory.beginTouchTracking()
        var recorder = TraceRecorder()
        XCTAssertEqual(machine.run(until: cycles, tracer: &recorder), .cycleLimit)
        let pages = machine.memory.endTouchTracking()
        let witness = try CPUMachine.witness(start: SegmentStart(state: start, pages: pages), trace: recorder)
        return (witness, machine)
    }

    static let configuration = MemoryCheckingTests.configuration

    /// One prover and verifier for the class (committing the fixed tables takes a moment).
    nonisolated(unsafe) static var cached: (StarkProver, StarkVerifier)?

    static func proverAndVerifier() throws -> (StarkProver, StarkVerifier) {
        if let cached { return cached }
        let machine = try StarkMachine(tables: CPUMachine.tables)
        let pair = (StarkProver(machine: machine, configuration: configuration),
                    StarkVerifier(key: try StarkVerifyingKey(machine: machine, configuration: configuration)))
        cached = pair
        return pair
    }

    static func rejection(_ witness: SegmentWitness) throws -> VerificationError? {
        let (prover, verifier) = try Self.proverAndVerifier()
        let proof = try prover.prove(traces: witness.traces, publicValues: witness.publicValues, publicInteractions: witness.publicInteractions)
        do {
            try verifier.verify(proof, publicValues: witness.publicValues, publicInteractions: witness.publicInteractions)
            return nil
        } catch {
            return error
        }
    }

    static func failures(_ witness: SegmentWitness) throws -> (constraints: [ConstraintFailure], buses: [BusImbalance]) {
        var constraints = [ConstraintFailure]()
        for (air, trace) in zip(CPUMachine.tables, witness.traces) {
            constraints += try TraceChecker.check(air, trace: trace, publicValues: witness.publicValues)
        }
        let buses = try BusBalanceChecker.check(zip(CPUMachine.tables, witness.traces).map {
            TableTrace(air: $0, trace: $1, publicValues: witness.publicValues)
        }, publicInteractions: witness.publicInteractions)
        return (constraints, buses)
    }

    func testTheKindsAreTheDecodersInstructions() {
        var generator = SplitMix64(seed: 3)
        for kind in InstructionKind.all {
            for _ in 0..<2000 {
                var word = UInt32(truncatingIfNeeded: generator.next()) & 0x03ff_ffff | kind.opcode << 26
                for (field, value) in kind.fixed {
                    let (shift, bits): (UInt32, UInt32) = switch field {
                    case .funct: (0, 6)
                    case .sa: (6, 5)
                    case .rd: (11, 5)
                    case .rt: (16, 5)
                    case .rs: (21, 5)
                    }
                    word = word & ~(((1 << bits) - 1) << shift) | value << shift
                }
                XCTAssertTrue(kind.matches(word))
                let decoded = try? Instruction.decode(word)
                // The enum case's name (its payload's label), or the description of a case without one.
                let name = decoded.map { Mirror(reflecting: $0).children.first?.label ?? "\($0)" } ?? "illegal"
                // ext also needs pos + size ≤ 32 and ins msb ≥ pos, which `shift` checks (other words are illegal).
                let (pos, high) = (InstructionKind.field(.sa, of: word), InstructionKind.field(.rd, of: word))
                let illegal = (kind.name == "ext" && pos + high > 31) || (kind.name == "ins" && high < pos)
                    || (kind.flags.contains(.sameRtRd) && InstructionKind.field(.rt, of: word) != high)
                XCTAssertEqual(name, illegal ? "illegal" : kind.mnemonic, "\(String(word, radix: 16))")
                XCTAssertEqual(InstructionKind.all.filter { $0.matches(word) }.map(\.name), [kind.name], "one kind per word")
            }
        }
    }

    /// Every CPU flag the code table provides is a sum of kind flags: at most one of them per
    /// kind, so the sum is a bit (the CPU row would refuse a 2).
    func testEveryKindsCPUFlagsAreBits() {
        for kind in InstructionKind.all + [.fetchFault] {
            for flag in CPUFlag.allCases {
                XCTAssertLessThanOrEqual(flag.kindFlags.filter { kind.flags.contains($0) }.count, 1, "\(kind): \(flag)")
            }
            for kernel in [false, true] {
                let flags = CPUFlag.of(kind, kernel: kernel)
                XCTAssertEqual(flags.contains(.primitive), kind.flags.contains(.syscall) && kernel, "\(kind)")
                XCTAssertEqual(flags.contains(.entersAlways), kind.flags.contains(.exception) || kind.flags.contains(.syscall) && !kernel, "\(kind)")
            }
        }
    }

    /// A store to a word of code the segment runs (before or after running it) cannot be
    /// proven: the code table reads every word at the segment's end with store count 0.
    func testSelfModifyingCodeIsRefused() throws {
        let nop = Instruction.sll(rd: .zero, rt: .zero, sa: 0)
        // t0 = base; store over the word at base + 16 (a nop), then run it.
        let before: [Instruction] = [.lui(rt: .t0, imm: 0x0001), .sw(rt: .zero, base: .t0, imm: 16), nop, nop, nop, nop]
        // Run the word at base + 4 (the sw itself), then store over it.
        let after: [Instruction] = [.lui(rt: .t0, imm: 0x0001), .sw(rt: .zero, base: .t0, imm: 4), nop, nop]
        for (program, cycles) in [(before, UInt64(5)), (after, UInt64(3))] {
            XCTAssertThrowsError(try Self.witness(cycles: cycles, program: program)) { error in
                guard case let .divergence(_, what) = error as? WitnessError else { return XCTFail("\(error)") }
                XCTAssertTrue(what.contains("self-modifying"), what)
            }
        }
    }

    /// The store count a segment leaves on a word is bound: memory-final claiming none for a
    /// word the program stored to unbalances the memory bus.
    func testStoreCountIsBound() throws {
        var (witness, _) = try Self.witness(cycles: 64)
        let final = MemoryFinalTable.memory, index = CPUMachine.tables.firstIndex { $0.name == final.name }!
        let row = try XCTUnwrap((0..<witness.traces[index].height).first { witness.traces[index][$0, final.stores!] == .one })
        witness.traces[index][row, final.stores!] = .zero
        XCTAssertTrue(try Self.failures(witness).buses.contains { $0.bus == "memory" })
        XCTAssertNotNil(try Self.rejection(witness))
    }

    func testARunProvesWithEveryKind() throws {
        let (witness, machine) = try Self.witness(cycles: 256)
        let (constraints, buses) = try Self.failures(witness)
        XCTAssertEqual(constraints.map(\.description), [])
        XCTAssertEqual(buses.map(\.description), [])
        XCTAssertEqual(witness.statement.endPC, machine.state.pc)
        XCTAssertEqual(witness.statement.endNextPC, machine.state.nextPC)
        // Every kind ran, here or in the kernel-mode program.
        let (kernelWitness, kernelMachine) = try Self.witness(cycles: 60, program: Self.kernelProgram, kernel: true, input: Array("zkmips".utf8))
        XCTAssertEqual(try Self.failures(kernelWitness).constraints.map(\.description), [])
        XCTAssertEqual(try Self.failures(kernelWitness).buses.map(\.description), [])
        XCTAssertEqual(kernelWitness.statement.inputWords, Array(MachineIO.inputStream(Array("zkmips".utf8)).prefix(2)))
        XCTAssertEqual(kernelWitness.statement.outputBytes, Array("zk!z".utf8))
        XCTAssertEqual(kernelWitness.statement.outputBytes, kernelMachine.io.publicOutput)
        XCTAssertTrue(kernelWitness.statement.endKernelMode, "the getpid syscall entered the kernel")
        let exceptionKinds = Set(InstructionKind.all.filter { $0.flags.contains(.exception) }.map(\.name))
        XCTAssertEqual(Set(Self.kindsNotRun(witness)).intersection(Self.kindsNotRun(kernelWitness)), exceptionKinds, "testExceptionsEnterTheKernel runs the others")
        XCTAssertNil(try Self.rejection(kernelWitness))
        XCTAssertNil(try Self.rejection(witness))
    }

    /// The kinds a witness never runs (the kind table's counts; row 0 is padding).
    static func kindsNotRun(_ witness: SegmentWitness) -> [String] {
        InstructionKind.all.filter { witness.traces[1][KindTable.row(of: $0), 0].isZero }.map(\.name)
    }

    /// Every exception kind and a taken trap enter the kernel (EPC, the exception next pc, the
    /// vector, kernel mode), and the kernel's first instructions run; the taken trap proves.
    func testExceptionsEnterTheKernel() throws {
        let exceptionKinds = InstructionKind.all.filter { $0.flags.contains(.exception) }
        let words = exceptionKinds.map { $0.opcode << 26 | ($0.fixed[.funct] ?? 0) } + [Instruction.teq(rs: .zero, rt: .zero, code: 7).word]
        for word in words {
            let program = [Instruction.illegal(word: word), .sll(rd: .zero, rt: .zero, sa: 0)]
            let (witness, machine) = try Self.witness(cycles: 4, program: program)
            let label = String(word, radix: 16)
            let (constraints, buses) = try Self.failures(witness)
            XCTAssertEqual(constraints.map(\.description), [], label)
            XCTAssertEqual(buses.map(\.description), [], label)
            XCTAssertEqual(machine.state.exceptionPC, Self.base, label)
            XCTAssertTrue(witness.statement.endKernelMode, label)
            if word == words.last { XCTAssertNil(try Self.rejection(witness), "a taken teq") }
        }
    }

    /// A segment that ends mid-table (padding rows) proves too.
    func testPaddingRows() throws {
        let (witness, _) = try Self.witness(cycles: 45)
        XCTAssertEqual(witness.traces[0].height, 64)
        XCTAssertEqual(try Self.failures(witness).constraints.map(\.description), [])
        XCTAssertNil(try Self.rejection(witness))
    }

    /// A wrong sum written to t1 breaks the add constraint.
    func testWrongResultIsCaught() throws {
        var (witness, _) = try Self.witness(cycles: 32)
        let cpu = CPUMachine.cpu
        let row = try XCTUnwrap((0..<32).first { witness.traces[0][$0, cpu.flag(.add)] == .one && witness.traces[0][$0, cpu.writeAddress] == Goldilocks(9) })
        witness.traces[0][row, cpu.result] += .one
        witness.traces[0][row, cpu.resultLow] += .one
        let (constraints, _) = try Self.failures(witness)
        XCTAssertTrue(constraints.contains { $0.label == "add: result + 2^32·carry = rs + b" }, "\(constraints)")
        XCTAssertNotNil(try Self.rejection(witness))
    }

    /// A branch claimed taken although rs = rt is not.
    func testBranchTakenWhenFalseIsCaught() throws {
        var (witness, _) = try Self.witness(cycles: 32)
        let cpu = CPUMachine.cpu
        let row = try XCTUnwrap((0..<32).first { witness.traces[0][$0, cpu.flag(.branchNotEqual)] == .one })
        witness.traces[0][row, cpu.equal] = .one - witness.traces[0][row, cpu.equal]
        let (constraints, _) = try Self.failures(witness)
        XCTAssertFalse(constraints.isEmpty)
        XCTAssertNotNil(try Self.rejection(witness))
    }

    /// A word of code other than memory's: the code row's decode still matches, the memory bus
    /// (its end-of-segment read of the word) does not.
    func testWrongFetchIsCaught() throws {
        var (witness, _) = try Self.witness(cycles: 32)
        let code = CodeTable()
        // Row 2 of the code (0x10008) is addiu t0, zero, 3: claim addiu t0, zero, 4 (a valid decode of a word that is not there).
        XCTAssertEqual(witness.traces[16][2, code.address], Goldilocks((Self.base + 8) / 4))
        witness.traces[16][2, code.decoded.lower] += .one
        witness.traces[16][2, code.decoded.funct] += .one
        let (_, buses) = try Self.failures(witness)
        XCTAssertTrue(buses.contains { $0.bus == "memory" }, "\(buses)")
        XCTAssertNotNil(try Self.rejection(witness))
    }

    /// A load that returns another value than the last store wrote there.
    func testStaleLoadIsCaught() throws {
        var (witness, _) = try Self.witness(cycles: 64)
        let cpu = CPUMachine.cpu
        let table = MemoryInstructionTable(), index = CPUMachine.tables.firstIndex { $0.name == table.name }!
        let row = try XCTUnwrap((0..<64).first { witness.traces[index][$0, table.operation(.loadWord)] == .one })
        // The word read, its low byte and what the load returns: consistent within the row.
        for column in [table.access.previousValue!, table.oldBytes[3], table.value, table.result] {
            witness.traces[index][row, column] += .one
        }
        let (_, buses) = try Self.failures(witness)
        XCTAssertTrue(buses.contains { $0.bus == "memory" }, "\(buses)")
        XCTAssertNotNil(try Self.rejection(witness))
    }

    /// A user load in the null guard where the VM has no guard (a flat image) and so loads: the
    /// tables take the exception the proven machine defines, and the run no longer agrees.
    func testUserAccessOutsideUserSpaceIsRefused() throws {
        let program: [Instruction] = [.lw(rt: .t0, base: .zero, imm: 0x100), .sll(rd: .zero, rt: .zero, sa: 0), .sll(rd: .zero, rt: .zero, sa: 0)]
        XCTAssertThrowsError(try Self.witness(cycles: 3, program: program)) { error in
            guard case .divergence = error as? WitnessError else { return XCTFail("\(error)") }
        }
    }

    /// A user access whose word address is split as if it were below user space: the range
    /// lookups refuse the split.
    func testForgedUserSpaceSplitIsCaught() throws {
        var (witness, _) = try Self.witness(cycles: 64)
        let table = MemoryInstructionTable(), index = CPUMachine.tables.firstIndex { $0.name == table.name }!
        let word = witness.traces[index][0, table.wordAddress]
        witness.traces[index][0, table.userHigh] = .zero
        witness.traces[index][0, table.userLow] = word
        XCTAssertTrue(try Self.failures(witness).buses.contains { $0.bus == "range16" })
        XCTAssertNotNil(try Self.rejection(witness))
        // The same for a word of user code.
        var (fetching, _) = try Self.witness(cycles: 64)
        let code = CodeTable()
        fetching.traces[16][3, code.low] = fetching.traces[16][3, code.low] + fetching.traces[16][3, code.high] * Goldilocks(1 << 14)
        fetching.traces[16][3, code.high] = .zero
        XCTAssertTrue(try Self.failures(fetching).buses.contains { $0.bus == "range16" })
        XCTAssertNotNil(try Self.rejection(fetching))
    }

    /// A word of user code claimed to run in kernel mode (its code row's kernel bit set, the
    /// privileged kinds then allowed): the address split no longer proves kernel space, and the
    /// CPU rows, still in user mode, no longer find their entry.
    func testUserCodeClaimedAsKernelCodeIsCaught() throws {
        var (witness, _) = try Self.witness(cycles: 64)
        let code = CodeTable()
        witness.traces[16][3, code.kernel] = .one
        let (_, buses) = try Self.failures(witness)
        XCTAssertTrue(buses.contains { $0.bus == "range16" }, "\(buses)")
        XCTAssertTrue(buses.contains { $0.bus == "code" }, "\(buses)")
        XCTAssertNotNil(try Self.rejection(witness))
    }

    /// A sign branch whose taken bit is flipped in both the CPU row and `control`: control's
    /// taken constraint (rs's sign) objects, and the proof fails.
    func testSignBranchTakenWhenFalseIsCaught() throws {
        var (witness, _) = try Self.witness(cycles: 256)
        let cpu = CPUMachine.cpu, control = ControlTable()
        let controlRow = try XCTUnwrap((0..<witness.traces[15].height).first {
            witness.traces[15][$0, control.operation(.branchGreaterEqualZero)] == .one || witness.traces[15][$0, control.operation(.branchLessZero)] == .one
        })
        let cpuRows = (0..<256).filter { witness.traces[0][$0, cpu.flag(.control)] == .one }
        let cpuRow = cpuRows[controlRow]  // control rows follow the CPU's control rows in order
        witness.traces[0][cpuRow, cpu.taken] = .one - witness.traces[0][cpuRow, cpu.taken]
        witness.traces[15][controlRow, control.taken] = .one - witness.traces[15][controlRow, control.taken]
        let (constraints, _) = try Self.failures(witness)
        XCTAssertTrue(constraints.contains { $0.table == "control" && $0.label.hasPrefix("taken") }, "\(constraints.map(\.label))")
        XCTAssertNotNil(try Self.rejection(witness))
    }

    /// A jump elsewhere than its target: the CPU row's immediate is no longer the code entry's,
    /// and the next row's nextPC no longer follows; the same target forged in the code row too
    /// breaks its immediate constraint.
    func testWrongJumpTargetIsCaught() throws {
        var (witness, _) = try Self.witness(cycles: 64)
        let cpu = CPUMachine.cpu, code = CodeTable()
        let jumpPC = Goldilocks(Self.base + 0x50)  // j
        let row = try XCTUnwrap((0..<63).first { witness.traces[0][$0, cpu.pc] == jumpPC })
        let codeRow = try XCTUnwrap((0..<witness.traces[16].height).first { witness.traces[16][$0, code.address] * Goldilocks(4) == jumpPC })
        witness.traces[0][row, cpu.immediate] += Goldilocks(4)
        let (constraints, buses) = try Self.failures(witness)
        XCTAssertTrue(constraints.contains { $0.label.hasPrefix("nextPC′") }, "\(constraints)")
        XCTAssertTrue(buses.contains { $0.bus == "code" }, "\(buses)")
        XCTAssertNotNil(try Self.rejection(witness))
        // Both sides forged (and the next row follows): the code row's immediate constraint fails.
        witness.traces[0][row + 1, cpu.nextPC] += Goldilocks(4)
        witness.traces[16][codeRow, code.immediate] += Goldilocks(4)
        let (forged, forgedBuses) = try Self.failures(witness)
        XCTAssertTrue(forged.contains { $0.table == "code" && $0.label.hasPrefix("immediate") }, "\(forged)")
        XCTAssertEqual(forgedBuses.filter { $0.bus == "code" }, [])
        XCTAssertNotNil(try Self.rejection(witness))
    }

    /// For every table of the segment machine, one changed cell in a row that matters makes
    /// the checkers object and the proof fail.
    func testOneChangedCellInEveryTableFailsTheProof() throws {
        let (honest, _) = try Self.witness(cycles: 64)
        let (kernelHonest, _) = try Self.witness(cycles: 60, program: Self.kernelProgram, kernel: true, input: Array("zkmips".utf8))
        let cpu = CPUMachine.cpu
        let addRow = try XCTUnwrap((0..<64).first { honest.traces[0][$0, cpu.flag(.add)] == .one })
        let usedKind = try XCTUnwrap((1..<honest.traces[1].height).first { !honest.traces[1][$0, 0].isZero })
        let logic = LogicTable()
        // (table, row, column) per table, in `CPUMachine.tables` order.
        let cells: [(Int, Int, Int)] = [
            (0, addRow, cpu.result.index), (1, usedKind, 0), (2, 0, 0), (3, 0, 0),
            (4, 0, MemoryFinalTable.memory.value.index), (5, 9, MemoryFinalTable.registers.value.index),
            (6, 0, logic.result.index), (7, 0, 0), (8, 0, ArithmeticTable().result.index), (9, 0, ShiftTable().result.index), (10, 7, 0),
            (11, 0, MemoryInstructionTable().result.index), (12, 2, PrimitiveTable().result.index), (13, 0, MultiplyDivideTable().loOut[0].index),
            (14, 0, ExceptionTable().nextPC.index), (15, 0, ControlTable().taken.index), (16, 0, CodeTable().immediate.index),
        ]
        XCTAssertEqual(cells.map(\.0), Array(CPUMachine.tables.indices))
        // The kernel-mode program's witness for the tables the first program leaves empty.
        let kernelTables = Set([PrimitiveTable.self, MultiplyDivideTable.self, ExceptionTable.self].map { type in
            CPUMachine.tables.firstIndex { Swift.type(of: $0) == type }!
        })
        for (table, row, column) in cells {
            var witness = kernelTables.contains(table) ? kernelHonest : honest
            witness.traces[table][row, column] += .one
            let (constraints, buses) = try Self.failures(witness)
            let name = CPUMachine.tables[table].name
            XCTAssertFalse(constraints.isEmpty && buses.isEmpty, "\(name): no checker objects")
            XCTAssertNotNil(try Self.rejection(witness), name)
        }
    }
}
