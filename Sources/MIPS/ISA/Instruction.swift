/// A decoded MIPS32 release 2 integer instruction, plus the few coprocessor-0 instructions the
/// in-guest kernel uses (`mfc0`, `mtc0`, `eret`).
///
/// Payloads keep the raw fields (`imm` is the 16-bit immediate as encoded, `sa` the 5-bit shift
/// amount), so an instruction re-encodes to exactly the word it came from; the interpreter
/// extends immediates where it uses them. Words that are not a valid instruction — reserved
/// opcodes, non-zero reserved fields, floating point arithmetic, other privileged instructions —
/// decode to ``illegal(word:)``; executing one in user mode raises a reserved-instruction or
/// coprocessor-unusable exception, which the kernel answers (it emulates the FPU, or delivers
/// SIGILL). See ``Instruction/decode(_:)`` for the reason a word is illegal.
public enum Instruction: Hashable, Sendable {
    // MARK: - Register-register arithmetic and logic: rd = rs ∘ rt
    case add(rd: Register, rs: Register, rt: Register)
    case addu(rd: Register, rs: Register, rt: Register)
    case sub(rd: Register, rs: Register, rt: Register)
    case subu(rd: Register, rs: Register, rt: Register)
    case and(rd: Register, rs: Register, rt: Register)
    case or(rd: Register, rs: Register, rt: Register)
    case xor(rd: Register, rs: Register, rt: Register)
    case nor(rd: Register, rs: Register, rt: Register)
    case slt(rd: Register, rs: Register, rt: Register)
    case sltu(rd: Register, rs: Register, rt: Register)
    case movz(rd: Register, rs: Register, rt: Register)
    case movn(rd: Register, rs: Register, rt: Register)
    /// Low 32 bits of the signed product; HI and LO are unchanged (release 2 leaves them
    /// unpredictable; we keep them).
    case mul(rd: Register, rs: Register, rt: Register)

    // MARK: - Immediate arithmetic and logic: rt = rs ∘ imm
    case addi(rt: Register, rs: Register, imm: UInt16)
    case addiu(rt: Register, rs: Register, imm: UInt16)
    case slti(rt: Register, rs: Register, imm: UInt16)
    /// The immediate is sign-extended, then compared unsigned.
    case sltiu(rt: Register, rs: Register, imm: UInt16)
    case andi(rt: Register, rs: Register, imm: UInt16)
    case ori(rt: Register, rs: Register, imm: UInt16)
    case xori(rt: Register, rs: Register, imm: UInt16)
    case lui(rt: Register, imm: UInt16)

    // MARK: - Shifts and rotations
    case sll(rd: Register, rt: Register, sa: UInt8)
    case srl(rd: Register, rt: Register, sa: UInt8)
    case sra(rd: Register, rt: Register, sa: UInt8)
    case rotr(rd: Register, rt: Register, sa: UInt8)
    case sllv(rd: Register, rt: Register, rs: Register)
    case srlv(rd: Register, rt: Register, rs: Register)
    case srav(rd: Register, rt: Register, rs: Register)
    case rotrv(rd: Register, rt: Register, rs: Register)

    // MARK: - Bit manipulation (release 2)
    case clz(rd: Register, rs: Register)
    case clo(rd: Register, rs: Register)
    case seb(rd: Register, rt: Register)
    case seh(rd: Register, rt: Register)
    case wsbh(rd: Register, rt: Register)
    /// rt = bits [pos, pos + size) of rs, zero-extended. `size` is 1…32, `pos + size` ≤ 32.
    case ext(rt: Register, rs: Register, pos: UInt8, size: UInt8)
    /// Bits [pos, pos + size) of rt = the low `size` bits of rs. `pos + size` ≤ 32.
    case ins(rt: Register, rs: Register, pos: UInt8, size: UInt8)

    // MARK: - HI/LO
    case mult(rs: Register, rt: Register)
    case multu(rs: Register, rt: Register)
    case div(rs: Register, rt: Register)
    case divu(rs: Register, rt: Register)
    case madd(rs: Register, rt: Register)
    case maddu(rs: Register, rt: Register)
    case msub(rs: Register, rt: Register)
    case msubu(rs: Register, rt: Register)
    case mfhi(rd: Register)
    case mflo(rd: Register)
    case mthi(rs: Register)
    case mtlo(rs: Register)

    // MARK: - Branches (offset = imm × 4, relative to the delay slot) and jumps
    case beq(rs: Register, rt: Register, imm: UInt16)
    case bne(rs: Register, rt: Register, imm: UInt16)
    case blez(rs: Register, imm: UInt16)
    case bgtz(rs: Register, imm: UInt16)
    case bltz(rs: Register, imm: UInt16)
    case bgez(rs: Register, imm: UInt16)
    /// `bltzal`/`bgezal` write the return address even when not taken. `bal` is `bgezal $zero`.
    case bltzal(rs: Register, imm: UInt16)
    case bgezal(rs: Register, imm: UInt16)
    /// Branch-likely: when not taken, the delay slot is annulled (skipped).
    case beql(rs: Register, rt: Register, imm: UInt16)
    case bnel(rs: Register, rt: Register, imm: UInt16)
    case blezl(rs: Register, imm: UInt16)
    case bgtzl(rs: Register, imm: UInt16)
    case bltzl(rs: Register, imm: UInt16)
    case bgezl(rs: Register, imm: UInt16)
    case bltzall(rs: Register, imm: UInt16)
    case bgezall(rs: Register, imm: UInt16)
    /// Target = the top four bits of the delay slot's address, then `index << 2`.
    case j(index: UInt32)
    case jal(index: UInt32)
    /// `hint` is the release-2 hazard-barrier bit (`jr.hb`); it has no effect here.
    case jr(rs: Register, hint: Bool)
    case jalr(rd: Register, rs: Register, hint: Bool)

    // MARK: - Loads and stores: address = rs + sign-extended imm
    case lb(rt: Register, base: Register, imm: UInt16)
    case lbu(rt: Register, base: Register, imm: UInt16)
    case lh(rt: Register, base: Register, imm: UInt16)
    case lhu(rt: Register, base: Register, imm: UInt16)
    case lw(rt: Register, base: Register, imm: UInt16)
    case lwl(rt: Register, base: Register, imm: UInt16)
    case lwr(rt: Register, base: Register, imm: UInt16)
    case ll(rt: Register, base: Register, imm: UInt16)
    case sb(rt: Register, base: Register, imm: UInt16)
    case sh(rt: Register, base: Register, imm: UInt16)
    case sw(rt: Register, base: Register, imm: UInt16)
    case swl(rt: Register, base: Register, imm: UInt16)
    case swr(rt: Register, base: Register, imm: UInt16)
    /// Store-conditional. The VM is single-threaded, so it always succeeds (rt = 1).
    case sc(rt: Register, base: Register, imm: UInt16)

    // MARK: - Floating-point loads and stores
    //
    // The machine is integer-only: these, like every COP1/COP1X instruction, raise a
    // coprocessor-unusable exception and the kernel emulates them (its FPU emulator keeps the
    // FP registers in kernel memory). They decode so that disassembly can name them.
    /// Stores FP register pair `ft` as a doubleword; the address must be 8-byte aligned.
    case sdc1(ft: UInt8, base: Register, imm: UInt16)
    /// Loads a doubleword into FP register pair `ft`; 8-byte aligned.
    case ldc1(ft: UInt8, base: Register, imm: UInt16)
    case swc1(ft: UInt8, base: Register, imm: UInt16)
    case lwc1(ft: UInt8, base: Register, imm: UInt16)

    // MARK: - Traps (fault when the condition holds)
    // The register forms carry a 10-bit code (bits 6–15) for the trap handler; GCC uses 7 for
    // division by zero.
    case teq(rs: Register, rt: Register, code: UInt16)
    case tne(rs: Register, rt: Register, code: UInt16)
    case tge(rs: Register, rt: Register, code: UInt16)
    case tgeu(rs: Register, rt: Register, code: UInt16)
    case tlt(rs: Register, rt: Register, code: UInt16)
    case tltu(rs: Register, rt: Register, code: UInt16)
    case teqi(rs: Register, imm: UInt16)
    case tnei(rs: Register, imm: UInt16)
    case tgei(rs: Register, imm: UInt16)
    case tgeiu(rs: Register, imm: UInt16)
    case tlti(rs: Register, imm: UInt16)
    case tltiu(rs: Register, imm: UInt16)

    // MARK: - System
    case syscall(code: UInt32)
    /// Always a fault (Go and C use it for panics and `__builtin_trap`).
    case `break`(code: UInt32)
    /// Memory barrier: a no-op on a single-threaded VM.
    case sync
    /// Prefetch hint: a no-op.
    case pref(hint: UInt8, base: Register, imm: UInt16)
    /// Instruction-cache synchronisation: a no-op (the VM has no caches).
    case synci(base: Register, imm: UInt16)
    /// Read hardware register `hwr` into rt. Supported: 29 (UserLocal, the TLS pointer the
    /// kernel sets with `mtc0 $4, 2` on `set_thread_area`); others raise a reserved-instruction
    /// exception.
    case rdhwr(rt: Register, hwr: UInt8)

    // MARK: - Kernel mode (coprocessor 0)
    //
    // Privileged: in user mode each raises a coprocessor-unusable exception (SIGILL). The
    // registers the machine has are listed in ``SystemRegister``.
    /// rt = CP0 register (rd, sel).
    case mfc0(rt: Register, rd: UInt8, sel: UInt8)
    /// CP0 register (rd, sel) = rt.
    case mtc0(rt: Register, rd: UInt8, sel: UInt8)
    /// Return from an exception: pc = EPC, nextPC = the saved next pc, back to user mode. No
    /// delay slot.
    case eret

    /// A word that is not a valid MIPS32r2 integer user instruction. Executing it faults.
    case illegal(word: UInt32)
}
