/// Why a word is not a valid MIPS32 release 2 integer user instruction.
public struct IllegalInstruction: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Reason: Hashable, Sendable {
        /// The major opcode (or the function field of SPECIAL/REGIMM/SPECIAL2/SPECIAL3) is not
        /// defined for user-mode integer MIPS32r2.
        case unknownEncoding
        /// A field that must be zero (or have one specific value) does not.
        case reservedField(mnemonic: String, field: String)
        /// Coprocessor 1 (floating point) or COP1X: the machine is integer-only; the kernel
        /// emulates these.
        case floatingPoint
        /// Coprocessor 0 (other than `mfc0`/`mtc0`/`eret`), CACHE, SDBBP, …
        case privileged
        /// Coprocessor 2 or 3 instructions.
        case coprocessor
        /// `ext`/`ins` whose bit field does not fit in 32 bits.
        case badBitField(mnemonic: String)
    }

    public let word: UInt32
    public let reason: Reason

    public var description: String {
        let hex = "0x" + String(word, radix: 16).leftPadded(to: 8)
        switch reason {
        case .unknownEncoding: return "illegal instruction \(hex): undefined encoding"
        case let .reservedField(mnemonic, field):
            return "illegal instruction \(hex): \(mnemonic) with non-zero reserved field \(field)"
        case .floatingPoint:
            return "illegal instruction \(hex): floating-point instruction (COP1), emulated by the kernel in user mode"
        case .privileged: return "illegal instruction \(hex): privileged instruction this machine does not have"
        case .coprocessor: return "illegal instruction \(hex): coprocessor 2/3 instruction"
        case let .badBitField(mnemonic): return "illegal instruction \(hex): \(mnemonic) bit field exceeds 32 bits"
        }
    }
}

extension Instruction {
    /// Decodes a big-endian instruction word, or returns ``illegal(word:)``.
    @inlinable
    public init(word: UInt32) {
        do { self = try Instruction.decode(word) } catch { self = .illegal(word: word) }
    }

    /// Decodes one instruction word, checking every reserved field MIPS32r2 defines as zero.
    ///
    /// Release 2 encodings that reuse formerly reserved fields are accepted: `rotr` (SRL with
    /// rs = 1), `rotrv` (SRLV with sa = 1) and the hazard-barrier hint of `jr.hb`/`jalr.hb`
    /// (sa = 16). Source: MIPS32 Architecture for Programmers, Volume II-A, revision 2.x.
    public static func decode(_ word: UInt32) throws(IllegalInstruction) -> Instruction {
        try InstructionFields(word).decode()
    }
}

/// The fields of an instruction word, with the checks the decoder applies to them.
private struct InstructionFields {
    let word: UInt32
    let rs: Register
    let rt: Register
    let rd: Register
    let sa: UInt8
    let funct: UInt32
    let imm: UInt16

    init(_ word: UInt32) {
        self.word = word
        rs = Register(word >> 21)
        rt = Register(word >> 16)
        rd = Register(word >> 11)
        sa = UInt8((word >> 6) & 31)
        funct = word & 63
        imm = UInt16(truncatingIfNeeded: word)
    }

    func fail(_ reason: IllegalInstruction.Reason) -> IllegalInstruction {
        IllegalInstruction(word: word, reason: reason)
    }

    func require(_ condition: Bool, _ mnemonic: String, _ field: String) throws(IllegalInstruction) {
        if !condition { throw fail(.reservedField(mnemonic: mnemonic, field: field)) }
    }

    /// Three-register ALU form: sa must be zero.
    func rType(_ mnemonic: String, _ make: (_ rd: Register, _ rs: Register, _ rt: Register) -> Instruction) throws(IllegalInstruction) -> Instruction {
        try require(sa == 0, mnemonic, "sa")
        return make(rd, rs, rt)
    }

    /// HI/LO multiply-divide form: rd and sa must be zero.
    func hiLo(_ mnemonic: String, _ make: (_ rs: Register, _ rt: Register) -> Instruction) throws(IllegalInstruction) -> Instruction {
        try require(rd.rawValue == 0, mnemonic, "rd")
        try require(sa == 0, mnemonic, "sa")
        return make(rs, rt)
    }

    func decode() throws(IllegalInstruction) -> Instruction {
        switch word >> 26 {
        case 0x00: return try decodeSpecial()
        case 0x01: return try decodeRegImm()
        case 0x02: return .j(index: word & 0x03ff_ffff)
        case 0x03: return .jal(index: word & 0x03ff_ffff)
        case 0x04: return .beq(rs: rs, rt: rt, imm: imm)
        case 0x05: return .bne(rs: rs, rt: rt, imm: imm)
        case 0x06: try require(rt.rawValue == 0, "blez", "rt"); return .blez(rs: rs, imm: imm)
        case 0x07: try require(rt.rawValue == 0, "bgtz", "rt"); return .bgtz(rs: rs, imm: imm)
        case 0x08: return .addi(rt: rt, rs: rs, imm: imm)
        case 0x09: return .addiu(rt: rt, rs: rs, imm: imm)
        case 0x0a: return .slti(rt: rt, rs: rs, imm: imm)
        case 0x0b: return .sltiu(rt: rt, rs: rs, imm: imm)
        case 0x0c: return .andi(rt: rt, rs: rs, imm: imm)
        case 0x0d: return .ori(rt: rt, rs: rs, imm: imm)
        case 0x0e: return .xori(rt: rt, rs: rs, imm: imm)
        case 0x0f: try require(rs.rawValue == 0, "lui", "rs"); return .lui(rt: rt, imm: imm)
        case 0x10: return try decodeCop0()
        case 0x11, 0x13: throw fail(.floatingPoint)
        case 0x31: return .lwc1(ft: rt.rawValue, base: rs, imm: imm)
        case 0x35: return .ldc1(ft: rt.rawValue, base: rs, imm: imm)
        case 0x39: return .swc1(ft: rt.rawValue, base: rs, imm: imm)
        case 0x3d: return .sdc1(ft: rt.rawValue, base: rs, imm: imm)
        case 0x12, 0x32, 0x36, 0x3a, 0x3e: throw fail(.coprocessor)
        case 0x14: return .beql(rs: rs, rt: rt, imm: imm)
        case 0x15: return .bnel(rs: rs, rt: rt, imm: imm)
        case 0x16: try require(rt.rawValue == 0, "blezl", "rt"); return .blezl(rs: rs, imm: imm)
        case 0x17: try require(rt.rawValue == 0, "bgtzl", "rt"); return .bgtzl(rs: rs, imm: imm)
        case 0x1c: return try decodeSpecial2()
        case 0x1f: return try decodeSpecial3()
        case 0x20: return .lb(rt: rt, base: rs, imm: imm)
        case 0x21: return .lh(rt: rt, base: rs, imm: imm)
        case 0x22: return .lwl(rt: rt, base: rs, imm: imm)
        case 0x23: return .lw(rt: rt, base: rs, imm: imm)
        case 0x24: return .lbu(rt: rt, base: rs, imm: imm)
        case 0x25: return .lhu(rt: rt, base: rs, imm: imm)
        case 0x26: return .lwr(rt: rt, base: rs, imm: imm)
        case 0x28: return .sb(rt: rt, base: rs, imm: imm)
        case 0x29: return .sh(rt: rt, base: rs, imm: imm)
        case 0x2a: return .swl(rt: rt, base: rs, imm: imm)
        case 0x2b: return .sw(rt: rt, base: rs, imm: imm)
        case 0x2e: return .swr(rt: rt, base: rs, imm: imm)
        case 0x2f: throw fail(.privileged)  // CACHE
        case 0x30: return .ll(rt: rt, base: rs, imm: imm)
        case 0x33: return .pref(hint: rt.rawValue, base: rs, imm: imm)
        case 0x38: return .sc(rt: rt, base: rs, imm: imm)
        default: throw fail(.unknownEncoding)
        }
    }

    /// COP0: `mfc0`/`mtc0` (bits 10–3 zero) and `eret`; every other COP0 word is privileged and
    /// unknown to this machine.
    private func decodeCop0() throws(IllegalInstruction) -> Instruction {
        let sel = UInt8(word & 7)
        switch rs.rawValue {
        case 0x00, 0x04:
            let mnemonic = rs.rawValue == 0 ? "mfc0" : "mtc0"
            try require((word >> 3) & 0xff == 0, mnemonic, "bits 10-3")
            return rs.rawValue == 0 ? .mfc0(rt: rt, rd: rd.rawValue, sel: sel) : .mtc0(rt: rt, rd: rd.rawValue, sel: sel)
        case 0x10:
            guard word == 0x4200_0018 else { throw fail(.privileged) }
            return .eret
        default:
            throw fail(.privileged)
        }
    }

    private func decodeRegImm() throws(IllegalInstruction) -> Instruction {
        switch rt.rawValue {
        case 0x00: return .bltz(rs: rs, imm: imm)
        case 0x01: return .bgez(rs: rs, imm: imm)
        case 0x02: return .bltzl(rs: rs, imm: imm)
        case 0x03: return .bgezl(rs: rs, imm: imm)
        case 0x08: return .tgei(rs: rs, imm: imm)
        case 0x09: return .tgeiu(rs: rs, imm: imm)
        case 0x0a: return .tlti(rs: rs, imm: imm)
        case 0x0b: return .tltiu(rs: rs, imm: imm)
        case 0x0c: return .teqi(rs: rs, imm: imm)
        case 0x0e: return .tnei(rs: rs, imm: imm)
        case 0x10: return .bltzal(rs: rs, imm: imm)
        case 0x11: return .bgezal(rs: rs, imm: imm)
        case 0x12: return .bltzall(rs: rs, imm: imm)
        case 0x13: return .bgezall(rs: rs, imm: imm)
        case 0x1f: return .synci(base: rs, imm: imm)
        default: throw fail(.unknownEncoding)
        }
    }

    private func decodeSpecial() throws(IllegalInstruction) -> Instruction {
        switch funct {
        case 0x00: try require(rs.rawValue == 0, "sll", "rs"); return .sll(rd: rd, rt: rt, sa: sa)
        case 0x01: throw fail(.floatingPoint)  // MOVCI
        case 0x02:
            switch rs.rawValue {
            case 0: return .srl(rd: rd, rt: rt, sa: sa)
            case 1: return .rotr(rd: rd, rt: rt, sa: sa)
            default: throw fail(.reservedField(mnemonic: "srl", field: "rs"))
            }
        case 0x03: try require(rs.rawValue == 0, "sra", "rs"); return .sra(rd: rd, rt: rt, sa: sa)
        case 0x04: return try rType("sllv") { .sllv(rd: $0, rt: $2, rs: $1) }
        case 0x06:
            switch sa {
            case 0: return .srlv(rd: rd, rt: rt, rs: rs)
            case 1: return .rotrv(rd: rd, rt: rt, rs: rs)
            default: throw fail(.reservedField(mnemonic: "srlv", field: "sa"))
            }
        case 0x07: return try rType("srav") { .srav(rd: $0, rt: $2, rs: $1) }
        case 0x08:
            try require(rt.rawValue == 0, "jr", "rt")
            try require(rd.rawValue == 0, "jr", "rd")
            try require(sa == 0 || sa == 0x10, "jr", "hint")
            return .jr(rs: rs, hint: sa == 0x10)
        case 0x09:
            try require(rt.rawValue == 0, "jalr", "rt")
            try require(sa == 0 || sa == 0x10, "jalr", "hint")
            return .jalr(rd: rd, rs: rs, hint: sa == 0x10)
        case 0x0a: return try rType("movz") { .movz(rd: $0, rs: $1, rt: $2) }
        case 0x0b: return try rType("movn") { .movn(rd: $0, rs: $1, rt: $2) }
        case 0x0c: return .syscall(code: (word >> 6) & 0xfffff)
        case 0x0d: return .break(code: (word >> 6) & 0xfffff)
        case 0x0f:
            try require(word & 0x03ff_f800 == 0, "sync", "rs/rt/rd")
            try require(sa == 0, "sync", "stype")
            return .sync
        case 0x10, 0x12:
            let mnemonic = funct == 0x10 ? "mfhi" : "mflo"
            try require(rs.rawValue == 0, mnemonic, "rs")
            try require(rt.rawValue == 0, mnemonic, "rt")
            try require(sa == 0, mnemonic, "sa")
            return funct == 0x10 ? .mfhi(rd: rd) : .mflo(rd: rd)
        case 0x11, 0x13:
            let mnemonic = funct == 0x11 ? "mthi" : "mtlo"
            try require(rt.rawValue == 0, mnemonic, "rt")
            try require(rd.rawValue == 0, mnemonic, "rd")
            try require(sa == 0, mnemonic, "sa")
            return funct == 0x11 ? .mthi(rs: rs) : .mtlo(rs: rs)
        case 0x18: return try hiLo("mult") { .mult(rs: $0, rt: $1) }
        case 0x19: return try hiLo("multu") { .multu(rs: $0, rt: $1) }
        case 0x1a: return try hiLo("div") { .div(rs: $0, rt: $1) }
        case 0x1b: return try hiLo("divu") { .divu(rs: $0, rt: $1) }
        case 0x20: return try rType("add") { .add(rd: $0, rs: $1, rt: $2) }
        case 0x21: return try rType("addu") { .addu(rd: $0, rs: $1, rt: $2) }
        case 0x22: return try rType("sub") { .sub(rd: $0, rs: $1, rt: $2) }
        case 0x23: return try rType("subu") { .subu(rd: $0, rs: $1, rt: $2) }
        case 0x24: return try rType("and") { .and(rd: $0, rs: $1, rt: $2) }
        case 0x25: return try rType("or") { .or(rd: $0, rs: $1, rt: $2) }
        case 0x26: return try rType("xor") { .xor(rd: $0, rs: $1, rt: $2) }
        case 0x27: return try rType("nor") { .nor(rd: $0, rs: $1, rt: $2) }
        case 0x2a: return try rType("slt") { .slt(rd: $0, rs: $1, rt: $2) }
        case 0x2b: return try rType("sltu") { .sltu(rd: $0, rs: $1, rt: $2) }
        case 0x30: return .tge(rs: rs, rt: rt, code: UInt16((word >> 6) & 0x3ff))
        case 0x31: return .tgeu(rs: rs, rt: rt, code: UInt16((word >> 6) & 0x3ff))
        case 0x32: return .tlt(rs: rs, rt: rt, code: UInt16((word >> 6) & 0x3ff))
        case 0x33: return .tltu(rs: rs, rt: rt, code: UInt16((word >> 6) & 0x3ff))
        case 0x34: return .teq(rs: rs, rt: rt, code: UInt16((word >> 6) & 0x3ff))
        case 0x36: return .tne(rs: rs, rt: rt, code: UInt16((word >> 6) & 0x3ff))
        default: throw fail(.unknownEncoding)
        }
    }

    private func decodeSpecial2() throws(IllegalInstruction) -> Instruction {
        switch funct {
        case 0x00: return try hiLo("madd") { .madd(rs: $0, rt: $1) }
        case 0x01: return try hiLo("maddu") { .maddu(rs: $0, rt: $1) }
        case 0x02: return try rType("mul") { .mul(rd: $0, rs: $1, rt: $2) }
        case 0x04: return try hiLo("msub") { .msub(rs: $0, rt: $1) }
        case 0x05: return try hiLo("msubu") { .msubu(rs: $0, rt: $1) }
        case 0x20, 0x21:
            // The architecture requires rt == rd for CLZ/CLO (the encoding names rd twice).
            let mnemonic = funct == 0x20 ? "clz" : "clo"
            try require(sa == 0, mnemonic, "sa")
            try require(rt == rd, mnemonic, "rt (must equal rd)")
            return funct == 0x20 ? .clz(rd: rd, rs: rs) : .clo(rd: rd, rs: rs)
        case 0x3f: throw fail(.privileged)  // SDBBP
        default: throw fail(.unknownEncoding)
        }
    }

    private func decodeSpecial3() throws(IllegalInstruction) -> Instruction {
        switch funct {
        case 0x00:
            let size = rd.rawValue + 1
            if UInt32(sa) + UInt32(size) > 32 { throw fail(.badBitField(mnemonic: "ext")) }
            return .ext(rt: rt, rs: rs, pos: sa, size: size)
        case 0x04:
            let msb = rd.rawValue
            if msb < sa { throw fail(.badBitField(mnemonic: "ins")) }
            return .ins(rt: rt, rs: rs, pos: sa, size: msb - sa + 1)
        case 0x20:
            try require(rs.rawValue == 0, "bshfl", "rs")
            switch sa {
            case 0x02: return .wsbh(rd: rd, rt: rt)
            case 0x10: return .seb(rd: rd, rt: rt)
            case 0x18: return .seh(rd: rd, rt: rt)
            default: throw fail(.unknownEncoding)
            }
        case 0x3b:
            try require(rs.rawValue == 0, "rdhwr", "rs")
            try require(sa == 0, "rdhwr", "sa")
            return .rdhwr(rt: rt, hwr: rd.rawValue)
        default: throw fail(.unknownEncoding)
        }
    }
}

extension String {
    /// Left-pads with zeros to `width` characters.
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
