/// Encoding back to instruction words: `Instruction(word: i.word) == i` for every valid
/// instruction. Tests use it to assemble programs from typed instructions.
extension Instruction {
    /// The 32-bit instruction word.
    public var word: UInt32 {
        switch self {
        case let .add(rd, rs, rt): return Self.r(rs, rt, rd, 0, 0x20)
        case let .addu(rd, rs, rt): return Self.r(rs, rt, rd, 0, 0x21)
        case let .sub(rd, rs, rt): return Self.r(rs, rt, rd, 0, 0x22)
        case let .subu(rd, rs, rt): return Self.r(rs, rt, rd, 0, 0x23)
        case let .and(rd, rs, rt): return Self.r(rs, rt, rd, 0, 0x24)
        case let .or(rd, rs, rt): return Self.r(rs, rt, rd, 0, 0x25)
        case let .xor(rd, rs, rt): return Self.r(rs, rt, rd, 0, 0x26)
        case let .nor(rd, rs, rt): return Self.r(rs, rt, rd, 0, 0x27)
        case let .slt(rd, rs, rt): return Self.r(rs, rt, rd, 0, 0x2a)
        case let .sltu(rd, rs, rt): return Self.r(rs, rt, rd, 0, 0x2b)
        case let .movz(rd, rs, rt): return Self.r(rs, rt, rd, 0, 0x0a)
        case let .movn(rd, rs, rt): return Self.r(rs, rt, rd, 0, 0x0b)
        case let .mul(rd, rs, rt): return 0x1c << 26 | Self.r(rs, rt, rd, 0, 0x02)

        case let .addi(rt, rs, imm): return Self.i(0x08, rs, rt, imm)
        case let .addiu(rt, rs, imm): return Self.i(0x09, rs, rt, imm)
        case let .slti(rt, rs, imm): return Self.i(0x0a, rs, rt, imm)
        case let .sltiu(rt, rs, imm): return Self.i(0x0b, rs, rt, imm)
        case let .andi(rt, rs, imm): return Self.i(0x0c, rs, rt, imm)
        case let .ori(rt, rs, imm): return Self.i(0x0d, rs, rt, imm)
        case let .xori(rt, rs, imm): return Self.i(0x0e, rs, rt, imm)
        case let .lui(rt, imm): return Self.i(0x0f, .zero, rt, imm)

        case let .sll(rd, rt, sa): return Self.r(.zero, rt, rd, sa, 0x00)
        case let .srl(rd, rt, sa): return Self.r(.zero, rt, rd, sa, 0x02)
        case let .rotr(rd, rt, sa): return Self.r(Register(rawValue: 1), rt, rd, sa, 0x02)
        case let .sra(rd, rt, sa): return Self.r(.zero, rt, rd, sa, 0x03)
        case let .sllv(rd, rt, rs): return Self.r(rs, rt, rd, 0, 0x04)
        case let .srlv(rd, rt, rs): return Self.r(rs, rt, rd, 0, 0x06)
        case let .rotrv(rd, rt, rs): return Self.r(rs, rt, rd, 1, 0x06)
        case let .srav(rd, rt, rs): return Self.r(rs, rt, rd, 0, 0x07)

        case let .clz(rd, rs): return 0x1c << 26 | Self.r(rs, rd, rd, 0, 0x20)
        case let .clo(rd, rs): return 0x1c << 26 | Self.r(rs, rd, rd, 0, 0x21)
        case let .wsbh(rd, rt): return 0x1f << 26 | Self.r(.zero, rt, rd, 0x02, 0x20)
        case let .seb(rd, rt): return 0x1f << 26 | Self.r(.zero, rt, rd, 0x10, 0x20)
        case let .seh(rd, rt): return 0x1f << 26 | Self.r(.zero, rt, rd, 0x18, 0x20)
        case let .ext(rt, rs, pos, size):
            return 0x1f << 26 | Self.r(rs, rt, Register(UInt32(size) &- 1), pos, 0x00)
        case let .ins(rt, rs, pos, size):
            return 0x1f << 26 | Self.r(rs, rt, Register(UInt32(pos) &+ UInt32(size) &- 1), pos, 0x04)

        case let .mult(rs, rt): return Self.r(rs, rt, .zero, 0, 0x18)
        case let .multu(rs, rt): return Self.r(rs, rt, .zero, 0, 0x19)
        case let .div(rs, rt): return Self.r(rs, rt, .zero, 0, 0x1a)
        case let .divu(rs, rt): return Self.r(rs, rt, .zero, 0, 0x1b)
        case let .madd(rs, rt): return 0x1c << 26 | Self.r(rs, rt, .zero, 0, 0x00)
        case let .maddu(rs, rt): return 0x1c << 26 | Self.r(rs, rt, .zero, 0, 0x01)
        case let .msub(rs, rt): return 0x1c << 26 | Self.r(rs, rt, .zero, 0, 0x04)
        case let .msubu(rs, rt): return 0x1c << 26 | Self.r(rs, rt, .zero, 0, 0x05)
        case let .mfhi(rd): return Self.r(.zero, .zero, rd, 0, 0x10)
        case let .mflo(rd): return Self.r(.zero, .zero, rd, 0, 0x12)
        case let .mthi(rs): return Self.r(rs, .zero, .zero, 0, 0x11)
        case let .mtlo(rs): return Self.r(rs, .zero, .zero, 0, 0x13)

        case let .beq(rs, rt, imm): return Self.i(0x04, rs, rt, imm)
        case let .bne(rs, rt, imm): return Self.i(0x05, rs, rt, imm)
        case let .blez(rs, imm): return Self.i(0x06, rs, .zero, imm)
        case let .bgtz(rs, imm): return Self.i(0x07, rs, .zero, imm)
        case let .bltz(rs, imm): return Self.i(0x01, rs, Register(0x00), imm)
        case let .bgez(rs, imm): return Self.i(0x01, rs, Register(0x01), imm)
        case let .bltzl(rs, imm): return Self.i(0x01, rs, Register(0x02), imm)
        case let .bgezl(rs, imm): return Self.i(0x01, rs, Register(0x03), imm)
        case let .bltzal(rs, imm): return Self.i(0x01, rs, Register(0x10), imm)
        case let .bgezal(rs, imm): return Self.i(0x01, rs, Register(0x11), imm)
        case let .bltzall(rs, imm): return Self.i(0x01, rs, Register(0x12), imm)
        case let .bgezall(rs, imm): return Self.i(0x01, rs, Register(0x13), imm)
        case let .beql(rs, rt, imm): return Self.i(0x14, rs, rt, imm)
        case let .bnel(rs, rt, imm): return Self.i(0x15, rs, rt, imm)
        case let .blezl(rs, imm): return Self.i(0x16, rs, .zero, imm)
        case let .bgtzl(rs, imm): return Self.i(0x17, rs, .zero, imm)
        case let .j(index): return 0x02 << 26 | (index & 0x03ff_ffff)
        case let .jal(index): return 0x03 << 26 | (index & 0x03ff_ffff)
        case let .jr(rs, hint): return Self.r(rs, .zero, .zero, hint ? 0x10 : 0, 0x08)
        case let .jalr(rd, rs, hint): return Self.r(rs, .zero, rd, hint ? 0x10 : 0, 0x09)

        case let .lb(rt, base, imm): return Self.i(0x20, base, rt, imm)
        case let .lh(rt, base, imm): return Self.i(0x21, base, rt, imm)
        case let .lwl(rt, base, imm): return Self.i(0x22, base, rt, imm)
        case let .lw(rt, base, imm): return Self.i(0x23, base, rt, imm)
        case let .lbu(rt, base, imm): return Self.i(0x24, base, rt, imm)
        case let .lhu(rt, base, imm): return Self.i(0x25, base, rt, imm)
        case let .lwr(rt, base, imm): return Self.i(0x26, base, rt, imm)
        case let .sb(rt, base, imm): return Self.i(0x28, base, rt, imm)
        case let .sh(rt, base, imm): return Self.i(0x29, base, rt, imm)
        case let .swl(rt, base, imm): return Self.i(0x2a, base, rt, imm)
        case let .sw(rt, base, imm): return Self.i(0x2b, base, rt, imm)
        case let .swr(rt, base, imm): return Self.i(0x2e, base, rt, imm)
        case let .ll(rt, base, imm): return Self.i(0x30, base, rt, imm)
        case let .sc(rt, base, imm): return Self.i(0x38, base, rt, imm)

        case let .lwc1(ft, base, imm): return Self.i(0x31, base, Register(UInt32(ft)), imm)
        case let .ldc1(ft, base, imm): return Self.i(0x35, base, Register(UInt32(ft)), imm)
        case let .swc1(ft, base, imm): return Self.i(0x39, base, Register(UInt32(ft)), imm)
        case let .sdc1(ft, base, imm): return Self.i(0x3d, base, Register(UInt32(ft)), imm)

        case let .teq(rs, rt, code): return Self.r(rs, rt, .zero, 0, 0x34) | UInt32(code & 0x3ff) << 6
        case let .tne(rs, rt, code): return Self.r(rs, rt, .zero, 0, 0x36) | UInt32(code & 0x3ff) << 6
        case let .tge(rs, rt, code): return Self.r(rs, rt, .zero, 0, 0x30) | UInt32(code & 0x3ff) << 6
        case let .tgeu(rs, rt, code): return Self.r(rs, rt, .zero, 0, 0x31) | UInt32(code & 0x3ff) << 6
        case let .tlt(rs, rt, code): return Self.r(rs, rt, .zero, 0, 0x32) | UInt32(code & 0x3ff) << 6
        case let .tltu(rs, rt, code): return Self.r(rs, rt, .zero, 0, 0x33) | UInt32(code & 0x3ff) << 6
        case let .tgei(rs, imm): return Self.i(0x01, rs, Register(0x08), imm)
        case let .tgeiu(rs, imm): return Self.i(0x01, rs, Register(0x09), imm)
        case let .tlti(rs, imm): return Self.i(0x01, rs, Register(0x0a), imm)
        case let .tltiu(rs, imm): return Self.i(0x01, rs, Register(0x0b), imm)
        case let .teqi(rs, imm): return Self.i(0x01, rs, Register(0x0c), imm)
        case let .tnei(rs, imm): return Self.i(0x01, rs, Register(0x0e), imm)

        case let .syscall(code): return (code & 0xfffff) << 6 | 0x0c
        case let .break(code): return (code & 0xfffff) << 6 | 0x0d
        case .sync: return 0x0f
        case let .pref(hint, base, imm): return Self.i(0x33, base, Register(UInt32(hint)), imm)
        case let .synci(base, imm): return Self.i(0x01, base, Register(0x1f), imm)
        case let .rdhwr(rt, hwr): return 0x1f << 26 | Self.r(.zero, rt, Register(UInt32(hwr)), 0, 0x3b)
        case let .mfc0(rt, rd, sel): return 0x10 << 26 | UInt32(rt.rawValue) << 16 | UInt32(rd & 31) << 11 | UInt32(sel & 7)
        case let .mtc0(rt, rd, sel): return 0x10 << 26 | 4 << 21 | UInt32(rt.rawValue) << 16 | UInt32(rd & 31) << 11 | UInt32(sel & 7)
        case .eret: return 0x4200_0018
        case let .illegal(word): return word
        }
    }

    private static func r(_ rs: Register, _ rt: Register, _ rd: Register, _ sa: UInt8, _ funct: UInt32) -> UInt32 {
        UInt32(rs.rawValue) << 21 | UInt32(rt.rawValue) << 16 | UInt32(rd.rawValue) << 11
            | UInt32(sa & 31) << 6 | funct
    }

    private static func i(_ opcode: UInt32, _ rs: Register, _ rt: Register, _ imm: UInt16) -> UInt32 {
        opcode << 26 | UInt32(rs.rawValue) << 21 | UInt32(rt.rawValue) << 16 | UInt32(imm)
    }
}
