import XCTest

@testable import MIPS

/// Arithmetic, logic, shifts, bit manipulation and HI/LO, one instruction at a time through the
/// interpreter. Loads/stores are in `LoadStoreTests`, control flow and faults in
/// `ControlFlowTests`.
final class InstructionSemanticsTests: XCTestCase {
    /// Executes `instruction` with a0 = `a`, a1 = `b` (and v0 = `v0`) and returns v0.
    private func result(_ instruction: Instruction, _ a: UInt32 = 0, _ b: UInt32 = 0, v0: UInt32 = 0,
                        file: StaticString = #filePath, line: UInt = #line) -> UInt32 {
        runToBreak([instruction], registers: [.a0: a, .a1: b, .v0: v0], file: file, line: line)[.v0]
    }

    private let intMin: UInt32 = 0x8000_0000
    private let intMax: UInt32 = 0x7fff_ffff
    private let minusOne: UInt32 = 0xffff_ffff

    // MARK: - Add and subtract

    func testAddAndSubtract() {
        XCTAssertEqual(result(.add(rd: .v0, rs: .a0, rt: .a1), 5, 0xffff_fffd), 2)
        XCTAssertEqual(result(.add(rd: .v0, rs: .a0, rt: .a1), intMax, intMin), minusOne)
        XCTAssertEqual(result(.sub(rd: .v0, rs: .a0, rt: .a1), 3, 5), 0xffff_fffe)
        XCTAssertEqual(result(.sub(rd: .v0, rs: .a0, rt: .a1), intMin, intMin), 0)
        XCTAssertEqual(result(.addi(rt: .v0, rs: .a0, imm: 0xffff), 0), minusOne)
        XCTAssertEqual(result(.addi(rt: .v0, rs: .a0, imm: 0x7fff), 1), 0x8000)
        // addu/subu/addiu wrap instead of faulting.
        XCTAssertEqual(result(.addu(rd: .v0, rs: .a0, rt: .a1), intMax, 1), intMin)
        XCTAssertEqual(result(.addu(rd: .v0, rs: .a0, rt: .a1), minusOne, 1), 0)
        XCTAssertEqual(result(.subu(rd: .v0, rs: .a0, rt: .a1), 0, 1), minusOne)
        XCTAssertEqual(result(.subu(rd: .v0, rs: .a0, rt: .a1), intMin, 1), intMax)
        XCTAssertEqual(result(.addiu(rt: .v0, rs: .a0, imm: 0x8000), 0), 0xffff_8000)
        XCTAssertEqual(result(.addiu(rt: .v0, rs: .a0, imm: 1), intMax), intMin)
    }

    /// Signed overflow raises an exception before the destination is written: the machine enters
    /// the kernel with the user's registers intact, and the kernel kills with SIGFPE.
    func testSignedOverflowRaisesAnExceptionAndKills() {
        let cases: [(Instruction, UInt32, UInt32)] = [
            (.add(rd: .v0, rs: .a0, rt: .a1), intMax, 1),
            (.add(rd: .v0, rs: .a0, rt: .a1), intMin, minusOne),
            (.addi(rt: .v0, rs: .a0, imm: 1), intMax, 0),
            (.addi(rt: .v0, rs: .a0, imm: 0x8000), intMin, 0),
            (.sub(rd: .v0, rs: .a0, rt: .a1), intMin, 1),
            (.sub(rd: .v0, rs: .a0, rt: .a1), intMax, minusOne),
            (.sub(rd: .v0, rs: .a0, rt: .a1), 0, intMin),
        ]
        let origin = FlatProgram.defaultOrigin
        for (instruction, a, b) in cases {
            let program = FlatProgram([instruction, .break(code: 0)], registers: [.a0: a, .a1: b, .v0: 0x1234])
            let machine = program.makeMachine()
            XCTAssertEqual(machine.run(until: 1), .cycleLimit)
            XCTAssertEqual(machine.state.mode, .kernel, "\(instruction): exception")
            XCTAssertEqual(machine.state.exceptionPC, origin)
            XCTAssertEqual(machine[.v0], 0x1234, "\(instruction): the destination is not written")
            assertKilled(machine, machine.run(toUserAddress: program.address(1)), by: SignalNumber.SIGFPE, pc: origin,
                         address: origin)
        }
    }

    // MARK: - Logic and comparisons

    func testLogic() {
        let a: UInt32 = 0xf0f0_ff00, b: UInt32 = 0x0ff0_f0f0
        XCTAssertEqual(result(.and(rd: .v0, rs: .a0, rt: .a1), a, b), 0x00f0_f000)
        XCTAssertEqual(result(.or(rd: .v0, rs: .a0, rt: .a1), a, b), 0xfff0_fff0)
        XCTAssertEqual(result(.xor(rd: .v0, rs: .a0, rt: .a1), a, b), 0xff00_0ff0)
        XCTAssertEqual(result(.nor(rd: .v0, rs: .a0, rt: .a1), a, b), 0x000f_000f)
        // Logical immediates are zero-extended.
        XCTAssertEqual(result(.andi(rt: .v0, rs: .a0, imm: 0x8001), minusOne), 0x8001)
        XCTAssertEqual(result(.ori(rt: .v0, rs: .a0, imm: 0x8000), 0x0001_0000), 0x0001_8000)
        XCTAssertEqual(result(.xori(rt: .v0, rs: .a0, imm: 0xffff), minusOne), 0xffff_0000)
        XCTAssertEqual(result(.lui(rt: .v0, imm: 0x8001), v0: 0xffff), 0x8001_0000)
    }

    func testSetLessThan() {
        XCTAssertEqual(result(.slt(rd: .v0, rs: .a0, rt: .a1), minusOne, 1), 1)
        XCTAssertEqual(result(.slt(rd: .v0, rs: .a0, rt: .a1), 1, minusOne), 0)
        XCTAssertEqual(result(.slt(rd: .v0, rs: .a0, rt: .a1), 7, 7), 0)
        XCTAssertEqual(result(.sltu(rd: .v0, rs: .a0, rt: .a1), minusOne, 1), 0)
        XCTAssertEqual(result(.sltu(rd: .v0, rs: .a0, rt: .a1), 1, minusOne), 1)
        XCTAssertEqual(result(.slti(rt: .v0, rs: .a0, imm: 0xffff), 0xffff_fffe), 1)  // -2 < -1
        XCTAssertEqual(result(.slti(rt: .v0, rs: .a0, imm: 0xffff), 0), 0)  // 0 < -1 is false
        XCTAssertEqual(result(.slti(rt: .v0, rs: .a0, imm: 0x8000), intMin), 1)
        // sltiu sign-extends the immediate, then compares unsigned: 0xffff means 0xffffffff.
        XCTAssertEqual(result(.sltiu(rt: .v0, rs: .a0, imm: 0xffff), 5), 1)
        XCTAssertEqual(result(.sltiu(rt: .v0, rs: .a0, imm: 0xffff), 0xffff_fffe), 1)
        XCTAssertEqual(result(.sltiu(rt: .v0, rs: .a0, imm: 0xffff), minusOne), 0)
        XCTAssertEqual(result(.sltiu(rt: .v0, rs: .a0, imm: 0x8000), 0x8000), 1)  // 0x8000 < 0xffff8000
        XCTAssertEqual(result(.sltiu(rt: .v0, rs: .a0, imm: 1), 0), 1)  // seqz
        XCTAssertEqual(result(.sltiu(rt: .v0, rs: .a0, imm: 1), 9), 0)
    }

    func testConditionalMoves() {
        XCTAssertEqual(result(.movz(rd: .v0, rs: .a0, rt: .a1), 42, 0, v0: 7), 42)
        XCTAssertEqual(result(.movz(rd: .v0, rs: .a0, rt: .a1), 42, 1, v0: 7), 7)
        XCTAssertEqual(result(.movn(rd: .v0, rs: .a0, rt: .a1), 42, intMin, v0: 7), 42)
        XCTAssertEqual(result(.movn(rd: .v0, rs: .a0, rt: .a1), 42, 0, v0: 7), 7)
    }

    // MARK: - Shifts and rotations

    func testShifts() {
        let x: UInt32 = 0x8123_4567
        XCTAssertEqual(result(.sll(rd: .v0, rt: .a0, sa: 0), x), x)
        XCTAssertEqual(result(.sll(rd: .v0, rt: .a0, sa: 4), x), 0x1234_5670)
        XCTAssertEqual(result(.sll(rd: .v0, rt: .a0, sa: 31), 3), intMin)
        XCTAssertEqual(result(.srl(rd: .v0, rt: .a0, sa: 4), x), 0x0812_3456)
        XCTAssertEqual(result(.srl(rd: .v0, rt: .a0, sa: 31), x), 1)
        XCTAssertEqual(result(.sra(rd: .v0, rt: .a0, sa: 4), x), 0xf812_3456)
        XCTAssertEqual(result(.sra(rd: .v0, rt: .a0, sa: 31), x), minusOne)
        XCTAssertEqual(result(.sra(rd: .v0, rt: .a0, sa: 4), 0x7000_0000), 0x0700_0000)
        // Variable shifts use the low five bits of rs.
        XCTAssertEqual(result(.sllv(rd: .v0, rt: .a0, rs: .a1), x, 33), 0x0246_8ace)
        XCTAssertEqual(result(.sllv(rd: .v0, rt: .a0, rs: .a1), x, 32), x)
        XCTAssertEqual(result(.srlv(rd: .v0, rt: .a0, rs: .a1), x, 0xffff_ffe4), 0x0812_3456)
        XCTAssertEqual(result(.srav(rd: .v0, rt: .a0, rs: .a1), x, 36), 0xf812_3456)
        XCTAssertEqual(result(.srav(rd: .v0, rt: .a0, rs: .a1), x, 63), minusOne)
    }

    func testRotations() {
        XCTAssertEqual(result(.rotr(rd: .v0, rt: .a0, sa: 8), 0x1234_5678), 0x7812_3456)
        XCTAssertEqual(result(.rotr(rd: .v0, rt: .a0, sa: 0), 0x1234_5678), 0x1234_5678)
        XCTAssertEqual(result(.rotr(rd: .v0, rt: .a0, sa: 31), 0x8000_0001), 0x0000_0003)
        XCTAssertEqual(result(.rotrv(rd: .v0, rt: .a0, rs: .a1), 0x1234_5678, 36), 0x8123_4567)
        XCTAssertEqual(result(.rotrv(rd: .v0, rt: .a0, rs: .a1), 0x1234_5678, 32), 0x1234_5678)
        XCTAssertEqual(result(.rotrv(rd: .v0, rt: .a0, rs: .a1), 0x1234_5678, 1), 0x091a_2b3c)
    }

    // MARK: - Bit manipulation

    func testCountLeadingZerosAndOnes() {
        XCTAssertEqual(result(.clz(rd: .v0, rs: .a0), 0), 32)
        XCTAssertEqual(result(.clz(rd: .v0, rs: .a0), minusOne), 0)
        XCTAssertEqual(result(.clz(rd: .v0, rs: .a0), 1), 31)
        XCTAssertEqual(result(.clz(rd: .v0, rs: .a0), 0x0001_ffff), 15)
        XCTAssertEqual(result(.clo(rd: .v0, rs: .a0), minusOne), 32)
        XCTAssertEqual(result(.clo(rd: .v0, rs: .a0), 0), 0)
        XCTAssertEqual(result(.clo(rd: .v0, rs: .a0), 0xfff0_0000), 12)
        XCTAssertEqual(result(.clo(rd: .v0, rs: .a0), 0x7fff_ffff), 0)
    }

    func testSignExtendAndSwap() {
        XCTAssertEqual(result(.seb(rd: .v0, rt: .a0), 0x1234_5680), 0xffff_ff80)
        XCTAssertEqual(result(.seb(rd: .v0, rt: .a0), 0xffff_ff7f), 0x7f)
        XCTAssertEqual(result(.seh(rd: .v0, rt: .a0), 0x0000_8001), 0xffff_8001)
        XCTAssertEqual(result(.seh(rd: .v0, rt: .a0), 0xffff_7fff), 0x7fff)
        XCTAssertEqual(result(.wsbh(rd: .v0, rt: .a0), 0x1122_3344), 0x2211_4433)
        XCTAssertEqual(result(.wsbh(rd: .v0, rt: .a0), 0xff00_00ff), 0x00ff_ff00)
    }

    func testExtract() {
        XCTAssertEqual(result(.ext(rt: .v0, rs: .a0, pos: 4, size: 8), 0x1234_5678), 0x67)
        XCTAssertEqual(result(.ext(rt: .v0, rs: .a0, pos: 0, size: 32), 0x8765_4321), 0x8765_4321)
        XCTAssertEqual(result(.ext(rt: .v0, rs: .a0, pos: 31, size: 1), 0x8000_0000), 1)
        XCTAssertEqual(result(.ext(rt: .v0, rs: .a0, pos: 0, size: 1), 0xffff_fffe), 0)
        XCTAssertEqual(result(.ext(rt: .v0, rs: .a0, pos: 1, size: 31), minusOne), 0x7fff_ffff)
        XCTAssertEqual(result(.ext(rt: .v0, rs: .a0, pos: 16, size: 16), 0xabcd_1234, v0: 0xffff_ffff), 0xabcd)
    }

    func testInsert() {
        // ins rt = v0 (read-modify-write), rs = a0.
        XCTAssertEqual(result(.ins(rt: .v0, rs: .a0, pos: 4, size: 8), 0, v0: minusOne), 0xffff_f00f)
        XCTAssertEqual(result(.ins(rt: .v0, rs: .a0, pos: 4, size: 8), 0xffff_ffab, v0: 0), 0x0000_0ab0)
        XCTAssertEqual(result(.ins(rt: .v0, rs: .a0, pos: 0, size: 32), 0x1234_5678, v0: minusOne), 0x1234_5678)
        XCTAssertEqual(result(.ins(rt: .v0, rs: .a0, pos: 31, size: 1), 1, v0: 0), 0x8000_0000)
        XCTAssertEqual(result(.ins(rt: .v0, rs: .a0, pos: 0, size: 1), 0, v0: minusOne), 0xffff_fffe)
        XCTAssertEqual(result(.ins(rt: .v0, rs: .a0, pos: 1, size: 31), 0, v0: minusOne), 1)
    }

    // MARK: - HI/LO

    /// Runs `instruction` with a0/a1 and an initial HI:LO; returns (HI, LO).
    private func hiLo(_ instruction: Instruction, _ a: UInt32, _ b: UInt32, hi: UInt32 = 0, lo: UInt32 = 0,
                      file: StaticString = #filePath, line: UInt = #line) -> [UInt32] {
        let state = runToBreak([instruction], registers: [.a0: a, .a1: b], hi: hi, lo: lo, file: file, line: line).state
        return [state.hi, state.lo]
    }

    func testMultiply() {
        XCTAssertEqual(hiLo(.mult(rs: .a0, rt: .a1), 0xffff_fffd, 5), [minusOne, 0xffff_fff1])  // -3 × 5
        XCTAssertEqual(hiLo(.mult(rs: .a0, rt: .a1), intMin, intMin), [0x4000_0000, 0])  // 2^62
        XCTAssertEqual(hiLo(.mult(rs: .a0, rt: .a1), minusOne, minusOne), [0, 1])
        XCTAssertEqual(hiLo(.multu(rs: .a0, rt: .a1), minusOne, minusOne), [0xffff_fffe, 1])
        XCTAssertEqual(hiLo(.multu(rs: .a0, rt: .a1), 0x1_0000, 0x1_0000), [1, 0])
        // mul writes rd only; HI and LO keep their values.
        let machine = runToBreak([.mul(rd: .v0, rs: .a0, rt: .a1)], registers: [.a0: 0xffff_fffd, .a1: 0x4000_0001],
                                 hi: 0x1111, lo: 0x2222)
        XCTAssertEqual(machine[.v0], 0x3fff_fffd)  // low word of -3 × 0x40000001
        XCTAssertEqual(machine.state.hi, 0x1111)
        XCTAssertEqual(machine.state.lo, 0x2222)
    }

    func testDivide() {
        // LO = quotient, HI = remainder; the remainder takes the dividend's sign.
        XCTAssertEqual(hiLo(.div(rs: .a0, rt: .a1), 0xffff_fff9, 2), [minusOne, 0xffff_fffd])  // -7 / 2
        XCTAssertEqual(hiLo(.div(rs: .a0, rt: .a1), 7, 0xffff_fffe), [1, 0xffff_fffd])  // 7 / -2
        XCTAssertEqual(hiLo(.div(rs: .a0, rt: .a1), 0xffff_fff9, 0xffff_fffe), [minusOne, 3])  // -7 / -2
        XCTAssertEqual(hiLo(.divu(rs: .a0, rt: .a1), 0xffff_fff9, 2), [1, 0x7fff_fffc])
        XCTAssertEqual(hiLo(.divu(rs: .a0, rt: .a1), 5, 7), [5, 0])
        // Division by zero: LO = 0xffffffff, HI = dividend (fixed answers for the unpredictable cases).
        XCTAssertEqual(hiLo(.div(rs: .a0, rt: .a1), 1234, 0), [1234, minusOne])
        XCTAssertEqual(hiLo(.div(rs: .a0, rt: .a1), intMin, 0), [intMin, minusOne])
        XCTAssertEqual(hiLo(.divu(rs: .a0, rt: .a1), 0xdead_beef, 0), [0xdead_beef, minusOne])
        // INT_MIN / -1 overflows: LO = INT_MIN, HI = 0.
        XCTAssertEqual(hiLo(.div(rs: .a0, rt: .a1), intMin, minusOne), [0, intMin])
        XCTAssertEqual(hiLo(.divu(rs: .a0, rt: .a1), intMin, minusOne), [intMin, 0])
    }

    func testMultiplyAccumulate() {
        // HI:LO = 0x00000001_ffffffff before each.
        let hi: UInt32 = 1, lo = minusOne
        XCTAssertEqual(hiLo(.madd(rs: .a0, rt: .a1), 0xffff_fffe, 3, hi: hi, lo: lo), [1, 0xffff_fff9])  // + (-6)
        XCTAssertEqual(hiLo(.madd(rs: .a0, rt: .a1), 1, 1, hi: hi, lo: lo), [2, 0])  // carry into HI
        XCTAssertEqual(hiLo(.maddu(rs: .a0, rt: .a1), minusOne, 2, hi: hi, lo: lo), [3, 0xffff_fffd])
        XCTAssertEqual(hiLo(.msub(rs: .a0, rt: .a1), 0xffff_fffe, 3, hi: hi, lo: lo), [2, 5])  // − (−6)
        XCTAssertEqual(hiLo(.msubu(rs: .a0, rt: .a1), minusOne, 2, hi: hi, lo: lo), [0, 1])
        // The 64-bit accumulator wraps.
        XCTAssertEqual(hiLo(.msub(rs: .a0, rt: .a1), 1, 1), [minusOne, minusOne])
        XCTAssertEqual(hiLo(.maddu(rs: .a0, rt: .a1), minusOne, minusOne, hi: minusOne, lo: minusOne), [0xffff_fffe, 0])
        // madd treats the operands as signed, maddu as unsigned.
        XCTAssertEqual(hiLo(.madd(rs: .a0, rt: .a1), minusOne, minusOne, hi: 0, lo: 0), [0, 1])
        XCTAssertEqual(hiLo(.maddu(rs: .a0, rt: .a1), minusOne, minusOne, hi: 0, lo: 0), [0xffff_fffe, 1])
    }

    func testMoveToAndFromHiLo() {
        let machine = runToBreak([
            .mthi(rs: .a0), .mtlo(rs: .a1), .mfhi(rd: .v0), .mflo(rd: .v1),
        ], registers: [.a0: 0xaaaa_5555, .a1: 0x1234_5678])
        XCTAssertEqual(machine.state.hi, 0xaaaa_5555)
        XCTAssertEqual(machine.state.lo, 0x1234_5678)
        XCTAssertEqual(machine[.v0], 0xaaaa_5555)
        XCTAssertEqual(machine[.v1], 0x1234_5678)
    }

    // MARK: - $zero

    func testWritesToZeroAreDiscarded() {
        let machine = runToBreak([
            .addiu(rt: .zero, rs: .zero, imm: 5),
            .lui(rt: .zero, imm: 0xffff),
            .mfhi(rd: .zero),
            .lw(rt: .zero, base: .a0, imm: 0),
            .jalr(rd: .zero, rs: .a1, hint: false),
            .sll(rd: .zero, rt: .zero, sa: 0),
            .addu(rd: .v0, rs: .zero, rt: .zero),
            .addiu(rt: .v1, rs: .zero, imm: 3),
        ], registers: [.a0: FlatProgram.dataBase, .a1: FlatProgram.defaultOrigin + 24], hi: 0x5555,
           memory: [FlatProgram.dataBase: 0xdead_beef])
        XCTAssertEqual(machine[.zero], 0)
        XCTAssertEqual(machine.state.registers[0], 0)
        XCTAssertEqual(machine[.v0], 0)
        XCTAssertEqual(machine[.v1], 3)
    }
}
