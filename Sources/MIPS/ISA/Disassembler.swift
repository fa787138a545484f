/// Text form of instructions, close to GNU objdump's: `addiu $sp, $sp, -32`, `lw $ra, 28($sp)`.
extension Instruction: CustomStringConvertible {
    /// The instruction with branch and jump targets relative (`. + 8`) — see
    /// ``disassembly(at:)`` for absolute targets.
    public var description: String { disassembly(at: nil) }

    /// The assembler mnemonic (`"addiu"`, `"bal"`, `"nop"`, …) — the instruction-mix key.
    public var mnemonic: String {
        let text = disassembly(at: nil)
        return text.split(separator: " ", maxSplits: 1).first.map(String.init) ?? text
    }

    /// Disassembles the instruction as if it sat at `pc`, so branch and jump targets print as
    /// absolute addresses. With `pc == nil` branch targets print relative to the branch.
    public func disassembly(at pc: UInt32?) -> String {
        func hex(_ value: UInt32) -> String { "0x" + String(value, radix: 16) }
        func simm(_ imm: UInt16) -> String { String(Int16(bitPattern: imm)) }
        func uimm(_ imm: UInt16) -> String { hex(UInt32(imm)) }
        func mem(_ op: String, _ rt: Register, _ base: Register, _ imm: UInt16) -> String {
            "\(op) \(rt), \(simm(imm))(\(base))"
        }
        func branchTarget(_ imm: UInt16) -> String {
            let offset = Int32(Int16(bitPattern: imm)) &* 4 &+ 4
            if let pc { return hex(pc &+ UInt32(bitPattern: offset)) }
            return offset >= 0 ? ". + \(offset)" : ". - \(-Int64(offset))"
        }
        func jumpTarget(_ index: UInt32) -> String {
            if let pc { return hex(((pc &+ 4) & 0xf000_0000) | index << 2) }
            return "[pc+4 & 0xf0000000] | " + hex(index << 2)
        }
        func b2(_ op: String, _ rs: Register, _ rt: Register, _ imm: UInt16) -> String {
            "\(op) \(rs), \(rt), \(branchTarget(imm))"
        }
        func b1(_ op: String, _ rs: Register, _ imm: UInt16) -> String { "\(op) \(rs), \(branchTarget(imm))" }
        func r3(_ op: String, _ rd: Register, _ rs: Register, _ rt: Register) -> String { "\(op) \(rd), \(rs), \(rt)" }
        func ri(_ op: String, _ rt: Register, _ rs: Register, _ imm: String) -> String { "\(op) \(rt), \(rs), \(imm)" }

        switch self {
        case let .add(rd, rs, rt): return r3("add", rd, rs, rt)
        case let .addu(rd, rs, rt):
            return rt == .zero ? "move \(rd), \(rs)" : r3("addu", rd, rs, rt)
        case let .sub(rd, rs, rt): return r3("sub", rd, rs, rt)
        case let .subu(rd, rs, rt): return r3("subu", rd, rs, rt)
        case let .and(rd, rs, rt): return r3("and", rd, rs, rt)
        case let .or(rd, rs, rt): return rt == .zero ? "move \(rd), \(rs)" : r3("or", rd, rs, rt)
        case let .xor(rd, rs, rt): return r3("xor", rd, rs, rt)
        case let .nor(rd, rs, rt): return r3("nor", rd, rs, rt)
        case let .slt(rd, rs, rt): return r3("slt", rd, rs, rt)
        case let .sltu(rd, rs, rt): return r3("sltu", rd, rs, rt)
        case let .movz(rd, rs, rt): return r3("movz", rd, rs, rt)
        case let .movn(rd, rs, rt): return r3("movn", rd, rs, rt)
        case let .mul(rd, rs, rt): return r3("mul", rd, rs, rt)

        case let .addi(rt, rs, imm): return ri("addi", rt, rs, simm(imm))
        case let .addiu(rt, rs, imm):
            return rs == .zero ? "li \(rt), \(simm(imm))" : ri("addiu", rt, rs, simm(imm))
        case let .slti(rt, rs, imm): return ri("slti", rt, rs, simm(imm))
        case let .sltiu(rt, rs, imm): return ri("sltiu", rt, rs, simm(imm))
        case let .andi(rt, rs, imm): return ri("andi", rt, rs, uimm(imm))
        case let .ori(rt, rs, imm): return ri("ori", rt, rs, uimm(imm))
        case let .xori(rt, rs, imm): return ri("xori", rt, rs, uimm(imm))
        case let .lui(rt, imm): return "lui \(rt), \(uimm(imm))"

        case let .sll(rd, rt, sa):
            if rd == .zero && rt == .zero {
                switch sa {
                case 0: return "nop"
                case 1: return "ssnop"
                case 3: return "ehb"
                default: break
                }
            }
            return "sll \(rd), \(rt), \(sa)"
        case let .srl(rd, rt, sa): return "srl \(rd), \(rt), \(sa)"
        case let .sra(rd, rt, sa): return "sra \(rd), \(rt), \(sa)"
        case let .rotr(rd, rt, sa): return "rotr \(rd), \(rt), \(sa)"
        case let .sllv(rd, rt, rs): return r3("sllv", rd, rt, rs)
        case let .srlv(rd, rt, rs): return r3("srlv", rd, rt, rs)
        case let .srav(rd, rt, rs): return r3("srav", rd, rt, rs)
        case let .rotrv(rd, rt, rs): return r3("rotrv", rd, rt, rs)

        case let .clz(rd, rs): return "clz \(rd), \(rs)"
        case let .clo(rd, rs): return "clo \(rd), \(rs)"
        case let .seb(rd, rt): return "seb \(rd), \(rt)"
        case let .seh(rd, rt): return "seh \(rd), \(rt)"
        case let .wsbh(rd, rt): return "wsbh \(rd), \(rt)"
        case let .ext(rt, rs, pos, size): return "ext \(rt), \(rs), \(pos), \(size)"
        case let .ins(rt, rs, pos, size): return "ins \(rt), \(rs), \(pos), \(size)"

        case let .mult(rs, rt): return "mult \(rs), \(rt)"
        case let .multu(rs, rt): return "multu \(rs), \(rt)"
        case let .div(rs, rt): return "div $zero, \(rs), \(rt)"
        case let .divu(rs, rt): return "divu $zero, \(rs), \(rt)"
        case let .madd(rs, rt): return "madd \(rs), \(rt)"
        case let .maddu(rs, rt): return "maddu \(rs), \(rt)"
        case let .msub(rs, rt): return "msub \(rs), \(rt)"
        case let .msubu(rs, rt): return "msubu \(rs), \(rt)"
        case let .mfhi(rd): return "mfhi \(rd)"
        case let .mflo(rd): return "mflo \(rd)"
        case let .mthi(rs): return "mthi \(rs)"
        case let .mtlo(rs): return "mtlo \(rs)"

        case let .beq(rs, rt, imm):
            if rs == .zero && rt == .zero { return "b \(branchTarget(imm))" }
            return rt == .zero ? b1("beqz", rs, imm) : b2("beq", rs, rt, imm)
        case let .bne(rs, rt, imm): return rt == .zero ? b1("bnez", rs, imm) : b2("bne", rs, rt, imm)
        case let .blez(rs, imm): return b1("blez", rs, imm)
        case let .bgtz(rs, imm): return b1("bgtz", rs, imm)
        case let .bltz(rs, imm): return b1("bltz", rs, imm)
        case let .bgez(rs, imm): return b1("bgez", rs, imm)
        case let .bltzal(rs, imm): return b1("bltzal", rs, imm)
        case let .bgezal(rs, imm): return rs == .zero ? "bal \(branchTarget(imm))" : b1("bgezal", rs, imm)
        case let .beql(rs, rt, imm): return b2("beql", rs, rt, imm)
        case let .bnel(rs, rt, imm): return b2("bnel", rs, rt, imm)
        case let .blezl(rs, imm): return b1("blezl", rs, imm)
        case let .bgtzl(rs, imm): return b1("bgtzl", rs, imm)
        case let .bltzl(rs, imm): return b1("bltzl", rs, imm)
        case let .bgezl(rs, imm): return b1("bgezl", rs, imm)
        case let .bltzall(rs, imm): return b1("bltzall", rs, imm)
        case let .bgezall(rs, imm): return b1("bgezall", rs, imm)
        case let .j(index): return "j \(jumpTarget(index))"
        case let .jal(index): return "jal \(jumpTarget(index))"
        case let .jr(rs, hint): return "jr\(hint ? ".hb" : "") \(rs)"
        case let .jalr(rd, rs, hint):
            let op = hint ? "jalr.hb" : "jalr"
            return rd == .ra ? "\(op) \(rs)" : "\(op) \(rd), \(rs)"

        case let .lb(rt, base, imm): return mem("lb", rt, base, imm)
        case let .lbu(rt, base, imm): return mem("lbu", rt, base, imm)
        case let .lh(rt, base, imm): return mem("lh", rt, base, imm)
        case let .lhu(rt, base, imm): return mem("lhu", rt, base, imm)
        case let .lw(rt, base, imm): return mem("lw", rt, base, imm)
        case let .lwl(rt, base, imm): return mem("lwl", rt, base, imm)
        case let .lwr(rt, base, imm): return mem("lwr", rt, base, imm)
        case let .ll(rt, base, imm): return mem("ll", rt, base, imm)
        case let .sb(rt, base, imm): return mem("sb", rt, base, imm)
        case let .sh(rt, base, imm): return mem("sh", rt, base, imm)
        case let .sw(rt, base, imm): return mem("sw", rt, base, imm)
        case let .swl(rt, base, imm): return mem("swl", rt, base, imm)
        case let .swr(rt, base, imm): return mem("swr", rt, base, imm)
        case let .sc(rt, base, imm): return mem("sc", rt, base, imm)

        case let .lwc1(ft, base, imm): return "lwc1 $f\(ft), \(simm(imm))(\(base))"
        case let .ldc1(ft, base, imm): return "ldc1 $f\(ft), \(simm(imm))(\(base))"
        case let .swc1(ft, base, imm): return "swc1 $f\(ft), \(simm(imm))(\(base))"
        case let .sdc1(ft, base, imm): return "sdc1 $f\(ft), \(simm(imm))(\(base))"

        case let .teq(rs, rt, code): return "teq \(rs), \(rt)" + (code == 0 ? "" : ", \(code)")
        case let .tne(rs, rt, code): return "tne \(rs), \(rt)" + (code == 0 ? "" : ", \(code)")
        case let .tge(rs, rt, code): return "tge \(rs), \(rt)" + (code == 0 ? "" : ", \(code)")
        case let .tgeu(rs, rt, code): return "tgeu \(rs), \(rt)" + (code == 0 ? "" : ", \(code)")
        case let .tlt(rs, rt, code): return "tlt \(rs), \(rt)" + (code == 0 ? "" : ", \(code)")
        case let .tltu(rs, rt, code): return "tltu \(rs), \(rt)" + (code == 0 ? "" : ", \(code)")
        case let .teqi(rs, imm): return "teqi \(rs), \(simm(imm))"
        case let .tnei(rs, imm): return "tnei \(rs), \(simm(imm))"
        case let .tgei(rs, imm): return "tgei \(rs), \(simm(imm))"
        case let .tgeiu(rs, imm): return "tgeiu \(rs), \(simm(imm))"
        case let .tlti(rs, imm): return "tlti \(rs), \(simm(imm))"
        case let .tltiu(rs, imm): return "tltiu \(rs), \(simm(imm))"

        case let .syscall(code): return code == 0 ? "syscall" : "syscall \(hex(code))"
        case let .break(code): return code == 0 ? "break" : "break \(hex(code))"
        case .sync: return "sync"
        case let .pref(hint, base, imm): return "pref \(hint), \(simm(imm))(\(base))"
        case let .synci(base, imm): return "synci \(simm(imm))(\(base))"
        case let .rdhwr(rt, hwr): return "rdhwr \(rt), $\(hwr)"
        case let .mfc0(rt, rd, sel): return "mfc0 \(rt), $\(rd)" + (sel == 0 ? "" : ", \(sel)")
        case let .mtc0(rt, rd, sel): return "mtc0 \(rt), $\(rd)" + (sel == 0 ? "" : ", \(sel)")
        case .eret: return "eret"
        case let .illegal(word): return ".word 0x" + String(word, radix: 16).leftPadded(to: 8)
        }
    }
}
