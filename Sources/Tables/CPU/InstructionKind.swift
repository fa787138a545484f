import Field

/// What an instruction kind does: one flag per effect, each a column of the kind table and of
/// the code table, which turns them (with the word's fields and the address) into what the CPU
/// row needs (`CPUFlag`, the register addresses, the immediate operand).
public enum KindFlag: Int, CaseIterable, Sendable {
    /// Writes the result to rd / to rt / to `$ra` (register 31).
    case writeRd, writeRt, writeRa
    /// result = rs + b (mod 2^32); b is rt's value, or the sign-extended immediate with
    /// `immediate`, or the zero-extended immediate with `immediateZero`.
    case add, immediate, immediateZero
    /// result = rs op b, checked by another table over `aluBus` (op: the kind's `aluOp`).
    case alu
    /// The ALU operands are rt's value and the sa field (shifts by a constant) / rt's and rs's
    /// values (shifts by a register) / rs's value and sa + 32·rd (ext: pos, size − 1; ins: pos,
    /// msb, with rt's value as the third operand).
    case shiftAmount, variableShift, bitField
    /// result = immediate·2^16.
    case loadUpper
    /// result = pc + 8 (the return address of a jump-and-link).
    case link
    /// Branch to pc + 4 + 4·offset when rs = rt / rs ≠ rt.
    case branchEqual, branchNotEqual
    /// Branch-likely: when not taken, the delay slot is annulled (pc′ = nextPC + 4).
    case likely
    /// nextPC′ = rs's value.
    case jumpRegister
    /// A sign branch (rs < 0, ≥ 0, ≤ 0, > 0): `control` checks taken over `controlBus` (op: the
    /// kind's `controlOp`).
    case control
    /// A load or store at rs + offset, checked by `memory-instructions` over
    /// `memoryInstructionBus` (op: the kind's `memoryOp`); loads write the result to rt.
    case memory
    /// A multiplication or division of rs and rt by `multiply-divide` over `multiplyBus` (op:
    /// the kind's `multiplyOp`; mul writes the result to rd, the others HI and LO there).
    case multiply
    /// result = rs's value / rt's value (moves between registers, HI/LO and system registers).
    case moveRS, moveRT
    /// The rs port reads the kind's `special` register, the rt port the one after it; the write
    /// goes to `special` (HI, LO, the system registers: `MachineRegister`).
    case rsSpecial, rtSpecial, writeSpecial
    /// movz / movn: rd = rs when rt = 0 / rt ≠ 0 (otherwise rd keeps its value).
    case moveIfZero, moveIfNotZero
    /// `syscall`: enters the kernel in user mode, runs a primitive in kernel mode.
    case syscall
    /// `eret`: pc′ = EPC, nextPC′ = the exception next pc, back to user mode.
    case eret
    /// Runs in kernel mode only (mfc0, mtc0, eret).
    case privileged
    /// Traps: enter the kernel when the condition — `equal` (rs = b), or the ALU's comparison bit
    /// with `alu` — is set / clear.
    case trapIfSet, trapIfClear
    /// Always an exception (break, reserved and floating-point instructions): enters the kernel
    /// in user mode, a machine fault in kernel mode.
    case exception
    /// The rt and rd fields are equal (clz/clo: the architecture names rd twice).
    case sameRtRd
    /// j / jal: a `branchEqual` of $zero with itself (both ports read register 0) whose target
    /// is the upper four bits of pc + 4, then the 26-bit index·4.
    case jump
}

/// One instruction kind the CPU table proves: the encoding fields it fixes (the others are
/// free) and its effects. The kinds' patterns are exactly the words the VM's decoder accepts as
/// that instruction (a test enumerates them), so a proof never gives a word another meaning
/// than the VM's.
public struct InstructionKind: Sendable, CustomStringConvertible {
    public enum Field: Int, CaseIterable, Sendable { case funct, rs, rt, rd, sa }

    public let name: String
    public let opcode: UInt32
    /// The fixed value of each fixed field (nil: any value).
    public let fixed: [Field: UInt32]
    public let flags: Set<KindFlag>
    /// The operation sent on `aluBus` (kinds with the `alu` flag).
    public let aluOp: ALUOp?
    /// The operation sent on `memoryInstructionBus` (kinds with the `memory` flag).
    public let memoryOp: MemoryOp?
    /// The register the special ports use (`rsSpecial`, `rtSpecial`: the one after it,
    /// `writeSpecial`); 0 for kinds without them.
    public let special: Int

    /// The instruction's mnemonic: the name up to a dot (`mfc0.epc` is an `mfc0`).
    public var mnemonic: String { String(name.prefix { $0 != "." }) }

    /// The operation sent on `multiplyBus` (kinds with the `multiply` flag).
    public let multiplyOp: MultiplyOp?
    /// The operation sent on `controlBus` (kinds with the `control` flag).
    public let controlOp: ControlOp?

    public init(name: String, opcode: UInt32, fixed: [Field: UInt32], flags: Set<KindFlag>, aluOp: ALUOp? = nil, memoryOp: MemoryOp? = nil,
                multiplyOp: MultiplyOp? = nil, controlOp: ControlOp? = nil, special: Int = 0) {
        precondition(flags.contains(.multiply) == (multiplyOp != nil), "\(name): operation and flags disagree")
        precondition(flags.contains(.control) == (controlOp != nil), "\(name): operation and flags disagree")
        self.multiplyOp = multiplyOp
        self.controlOp = controlOp
        precondition(flags.isDisjoint(with: [.rsSpecial, .rtSpecial, .writeSpecial]) == (special == 0), "\(name): special register and flags disagree")
        self.special = special
        precondition(flags.contains(.alu) == (aluOp != nil) && flags.contains(.memory) == (memoryOp != nil), "\(name): operation and flags disagree")
        self.name = name
        self.opcode = opcode
        self.fixed = fixed
        self.flags = flags
        self.aluOp = aluOp
        self.memoryOp = memoryOp
    }

    /// The CPU row's `operation` column: the ALU or memory operation code (0 for neither).
    public var operationCode: UInt32 { aluOp?.rawValue ?? memoryOp?.rawValue ?? multiplyOp?.rawValue ?? controlOp?.rawValue ?? 0 }

    /// A load (writes rt) or a store; `sc` also writes rt (its result, 1).
    static func memory(_ name: String, _ opcode: UInt32, _ op: MemoryOp) -> InstructionKind {
        InstructionKind(name: name, opcode: opcode, fixed: [:], flags: op.isLoad || op == .storeConditional ? [.memory, .writeRt] : [.memory], memoryOp: op)
    }

    public var description: String { name }

    /// Whether `word` has this kind's pattern.
    public func matches(_ word: UInt32) -> Bool {
        guard word >> 26 == opcode else { return false }
        return fixed.allSatisfy { Self.field($0.key, of: word) == $0.value }
    }

    public static func field(_ field: Field, of word: UInt32) -> UInt32 {
        switch field {
        case .funct: word & 63
        case .rs: (word >> 21) & 31
        case .rt: (word >> 16) & 31
        case .rd: (word >> 11) & 31
        case .sa: (word >> 6) & 31
        }
    }

    /// Not an instruction: a user fetch in the null guard (below 0x10000), an exception before
    /// anything is fetched. Its row in the kind table has key 2 (the code table sends isReal +
    /// fault), no fixed fields and only the `exception` flag; `of(_:)` never returns it.
    public static let fetchFault = InstructionKind(name: "fetch fault", opcode: 0, fixed: [:], flags: [.exception])

    /// The kinds the CPU table proves so far (a growing list; words of other kinds cannot be
    /// proven yet).
    public static let all: [InstructionKind] = [
        // sll $0, $0, 0 is nop: a shift whose write to $zero is dropped.
        InstructionKind(name: "sll", opcode: 0, fixed: [.funct: 0, .rs: 0], flags: [.writeRd, .alu, .shiftAmount], aluOp: .shiftLeft),
        InstructionKind(name: "srl", opcode: 0, fixed: [.funct: 2, .rs: 0], flags: [.writeRd, .alu, .shiftAmount], aluOp: .shiftRight),
        InstructionKind(name: "sra", opcode: 0, fixed: [.funct: 3, .rs: 0], flags: [.writeRd, .alu, .shiftAmount], aluOp: .shiftRightArithmetic),
        InstructionKind(name: "addu", opcode: 0, fixed: [.funct: 0x21, .sa: 0], flags: [.writeRd, .add]),
        InstructionKind(name: "addiu", opcode: 9, fixed: [:], flags: [.writeRt, .add, .immediate]),
        InstructionKind(name: "lui", opcode: 15, fixed: [.rs: 0], flags: [.writeRt, .loadUpper]),
        InstructionKind(name: "beq", opcode: 4, fixed: [:], flags: [.branchEqual]),
        InstructionKind(name: "bne", opcode: 5, fixed: [:], flags: [.branchNotEqual]),
        InstructionKind(name: "blez", opcode: 6, fixed: [.rt: 0], flags: [.control], controlOp: .branchLessEqualZero),
        InstructionKind(name: "bgtz", opcode: 7, fixed: [.rt: 0], flags: [.control], controlOp: .branchGreaterZero),
        InstructionKind(name: "bltz", opcode: 1, fixed: [.rt: 0], flags: [.control], controlOp: .branchLessZero),
        InstructionKind(name: "bgez", opcode: 1, fixed: [.rt: 1], flags: [.control], controlOp: .branchGreaterEqualZero),
        InstructionKind(name: "bltzal", opcode: 1, fixed: [.rt: 16], flags: [.control, .writeRa, .link], controlOp: .branchLessZero),
        InstructionKind(name: "bgezal", opcode: 1, fixed: [.rt: 17], flags: [.control, .writeRa, .link], controlOp: .branchGreaterEqualZero),
        InstructionKind(name: "beql", opcode: 20, fixed: [:], flags: [.branchEqual, .likely]),
        InstructionKind(name: "bnel", opcode: 21, fixed: [:], flags: [.branchNotEqual, .likely]),
        InstructionKind(name: "blezl", opcode: 22, fixed: [.rt: 0], flags: [.control, .likely], controlOp: .branchLessEqualZero),
        InstructionKind(name: "bgtzl", opcode: 23, fixed: [.rt: 0], flags: [.control, .likely], controlOp: .branchGreaterZero),
        InstructionKind(name: "bltzl", opcode: 1, fixed: [.rt: 2], flags: [.control, .likely], controlOp: .branchLessZero),
        InstructionKind(name: "bgezl", opcode: 1, fixed: [.rt: 3], flags: [.control, .likely], controlOp: .branchGreaterEqualZero),
        InstructionKind(name: "bltzall", opcode: 1, fixed: [.rt: 18], flags: [.control, .likely, .writeRa, .link], controlOp: .branchLessZero),
        InstructionKind(name: "bgezall", opcode: 1, fixed: [.rt: 19], flags: [.control, .likely, .writeRa, .link], controlOp: .branchGreaterEqualZero),
        InstructionKind(name: "jr", opcode: 0, fixed: [.funct: 8, .rt: 0, .rd: 0, .sa: 0], flags: [.jumpRegister]),
        InstructionKind(name: "jalr", opcode: 0, fixed: [.funct: 9, .rt: 0, .sa: 0], flags: [.jumpRegister, .writeRd, .link]),
        InstructionKind(name: "j", opcode: 2, fixed: [:], flags: [.branchEqual, .jump]),
        InstructionKind(name: "jal", opcode: 3, fixed: [:], flags: [.branchEqual, .jump, .writeRa, .link]),
        memory("lb", 0x20, .loadByte), memory("lh", 0x21, .loadHalf), memory("lwl", 0x22, .loadWordLeft),
        memory("lw", 0x23, .loadWord), memory("lbu", 0x24, .loadByteUnsigned), memory("lhu", 0x25, .loadHalfUnsigned),
        memory("lwr", 0x26, .loadWordRight), memory("ll", 0x30, .loadWord),
        memory("sb", 0x28, .storeByte), memory("sh", 0x29, .storeHalf), memory("swl", 0x2a, .storeWordLeft),
        memory("sw", 0x2b, .storeWord), memory("swr", 0x2e, .storeWordRight), memory("sc", 0x38, .storeConditional),
        // Hints and barriers: no effect on a single-threaded machine without caches.
        InstructionKind(name: "sync", opcode: 0, fixed: [.funct: 0x0f, .rs: 0, .rt: 0, .rd: 0, .sa: 0], flags: []),
        InstructionKind(name: "pref", opcode: 0x33, fixed: [:], flags: []),
        InstructionKind(name: "synci", opcode: 1, fixed: [.rt: 0x1f], flags: []),
        InstructionKind(name: "rotr", opcode: 0, fixed: [.funct: 2, .rs: 1], flags: [.writeRd, .alu, .shiftAmount], aluOp: .rotateRight),
        InstructionKind(name: "rotrv", opcode: 0, fixed: [.funct: 6, .sa: 1], flags: [.writeRd, .alu, .variableShift], aluOp: .rotateRightVariable),
        InstructionKind(name: "sllv", opcode: 0, fixed: [.funct: 4, .sa: 0], flags: [.writeRd, .alu, .variableShift], aluOp: .shiftLeftVariable),
        InstructionKind(name: "srlv", opcode: 0, fixed: [.funct: 6, .sa: 0], flags: [.writeRd, .alu, .variableShift], aluOp: .shiftRightVariable),
        InstructionKind(name: "srav", opcode: 0, fixed: [.funct: 7, .sa: 0], flags: [.writeRd, .alu, .variableShift], aluOp: .shiftRightArithmeticVariable),
        // ext: the decoder also requires pos + size ≤ 32, which `shift` checks.
        InstructionKind(name: "ext", opcode: 0x1f, fixed: [.funct: 0], flags: [.writeRt, .alu, .bitField], aluOp: .extract),
        InstructionKind(name: "mul", opcode: 0x1c, fixed: [.funct: 2, .sa: 0], flags: [.writeRd, .multiply], multiplyOp: .multiplyLow),
        InstructionKind(name: "mult", opcode: 0, fixed: [.funct: 0x18, .rd: 0, .sa: 0], flags: [.multiply], multiplyOp: .multiply),
        InstructionKind(name: "multu", opcode: 0, fixed: [.funct: 0x19, .rd: 0, .sa: 0], flags: [.multiply], multiplyOp: .multiplyUnsigned),
        InstructionKind(name: "div", opcode: 0, fixed: [.funct: 0x1a, .rd: 0, .sa: 0], flags: [.multiply], multiplyOp: .divide),
        InstructionKind(name: "divu", opcode: 0, fixed: [.funct: 0x1b, .rd: 0, .sa: 0], flags: [.multiply], multiplyOp: .divideUnsigned),
        InstructionKind(name: "madd", opcode: 0x1c, fixed: [.funct: 0, .rd: 0, .sa: 0], flags: [.multiply], multiplyOp: .multiplyAdd),
        InstructionKind(name: "maddu", opcode: 0x1c, fixed: [.funct: 1, .rd: 0, .sa: 0], flags: [.multiply], multiplyOp: .multiplyAddUnsigned),
        InstructionKind(name: "msub", opcode: 0x1c, fixed: [.funct: 4, .rd: 0, .sa: 0], flags: [.multiply], multiplyOp: .multiplySubtract),
        InstructionKind(name: "msubu", opcode: 0x1c, fixed: [.funct: 5, .rd: 0, .sa: 0], flags: [.multiply], multiplyOp: .multiplySubtractUnsigned),
        InstructionKind(name: "add", opcode: 0, fixed: [.funct: 0x20, .sa: 0], flags: [.writeRd, .alu], aluOp: .addChecked),
        InstructionKind(name: "addi", opcode: 8, fixed: [:], flags: [.writeRt, .alu, .immediate], aluOp: .addChecked),
        InstructionKind(name: "sub", opcode: 0, fixed: [.funct: 0x22, .sa: 0], flags: [.writeRd, .alu], aluOp: .subtractChecked),
        // Traps (the code field is free): the kernel is entered when the condition holds.
        InstructionKind(name: "teq", opcode: 0, fixed: [.funct: 0x34], flags: [.trapIfSet]),
        InstructionKind(name: "tne", opcode: 0, fixed: [.funct: 0x36], flags: [.trapIfClear]),
        InstructionKind(name: "tge", opcode: 0, fixed: [.funct: 0x30], flags: [.alu, .trapIfClear], aluOp: .lessThanSigned),
        InstructionKind(name: "tgeu", opcode: 0, fixed: [.funct: 0x31], flags: [.alu, .trapIfClear], aluOp: .lessThanUnsigned),
        InstructionKind(name: "tlt", opcode: 0, fixed: [.funct: 0x32], flags: [.alu, .trapIfSet], aluOp: .lessThanSigned),
        InstructionKind(name: "tltu", opcode: 0, fixed: [.funct: 0x33], flags: [.alu, .trapIfSet], aluOp: .lessThanUnsigned),
        InstructionKind(name: "tgei", opcode: 1, fixed: [.rt: 8], flags: [.alu, .immediate, .trapIfClear], aluOp: .lessThanSigned),
        InstructionKind(name: "tgeiu", opcode: 1, fixed: [.rt: 9], flags: [.alu, .immediate, .trapIfClear], aluOp: .lessThanUnsigned),
        InstructionKind(name: "tlti", opcode: 1, fixed: [.rt: 10], flags: [.alu, .immediate, .trapIfSet], aluOp: .lessThanSigned),
        InstructionKind(name: "tltiu", opcode: 1, fixed: [.rt: 11], flags: [.alu, .immediate, .trapIfSet], aluOp: .lessThanUnsigned),
        InstructionKind(name: "teqi", opcode: 1, fixed: [.rt: 12], flags: [.immediate, .trapIfSet]),
        InstructionKind(name: "tnei", opcode: 1, fixed: [.rt: 14], flags: [.immediate, .trapIfClear]),
        // ins: the decoder also requires msb ≥ pos, which `shift` checks.
        InstructionKind(name: "ins", opcode: 0x1f, fixed: [.funct: 4], flags: [.writeRt, .alu, .bitField], aluOp: .insert),
        InstructionKind(name: "seb", opcode: 0x1f, fixed: [.funct: 0x20, .sa: 0x10, .rs: 0], flags: [.writeRd, .alu, .shiftAmount], aluOp: .signExtendByte),
        InstructionKind(name: "seh", opcode: 0x1f, fixed: [.funct: 0x20, .sa: 0x18, .rs: 0], flags: [.writeRd, .alu, .shiftAmount], aluOp: .signExtendHalf),
        InstructionKind(name: "wsbh", opcode: 0x1f, fixed: [.funct: 0x20, .sa: 0x02, .rs: 0], flags: [.writeRd, .alu, .shiftAmount], aluOp: .swapBytesInHalves),
        InstructionKind(name: "clz", opcode: 0x1c, fixed: [.funct: 0x20, .sa: 0], flags: [.writeRd, .alu, .sameRtRd], aluOp: .countLeadingZeros),
        InstructionKind(name: "clo", opcode: 0x1c, fixed: [.funct: 0x21, .sa: 0], flags: [.writeRd, .alu, .sameRtRd], aluOp: .countLeadingOnes),
        // Exceptions: the kernel delivers SIGTRAP/SIGILL or emulates the FPU. The illegal
        // classes are whole opcodes (or MOVCI's funct) the decoder refuses in every word.
        InstructionKind(name: "break", opcode: 0, fixed: [.funct: 0x0d], flags: [.exception]),
        InstructionKind(name: "lwc1", opcode: 0x31, fixed: [:], flags: [.exception]),
        InstructionKind(name: "ldc1", opcode: 0x35, fixed: [:], flags: [.exception]),
        InstructionKind(name: "swc1", opcode: 0x39, fixed: [:], flags: [.exception]),
        InstructionKind(name: "sdc1", opcode: 0x3d, fixed: [:], flags: [.exception]),
        InstructionKind(name: "illegal.cop1", opcode: 0x11, fixed: [:], flags: [.exception]),
        InstructionKind(name: "illegal.cop1x", opcode: 0x13, fixed: [:], flags: [.exception]),
        InstructionKind(name: "illegal.movci", opcode: 0, fixed: [.funct: 0x01], flags: [.exception]),
        InstructionKind(name: "illegal.cop2", opcode: 0x12, fixed: [:], flags: [.exception]),
        InstructionKind(name: "illegal.lwc2", opcode: 0x32, fixed: [:], flags: [.exception]),
        InstructionKind(name: "illegal.ldc2", opcode: 0x36, fixed: [:], flags: [.exception]),
        InstructionKind(name: "illegal.swc2", opcode: 0x3a, fixed: [:], flags: [.exception]),
        InstructionKind(name: "illegal.sdc2", opcode: 0x3e, fixed: [:], flags: [.exception]),
        InstructionKind(name: "movz", opcode: 0, fixed: [.funct: 0x0a, .sa: 0], flags: [.writeRd, .moveIfZero]),
        InstructionKind(name: "movn", opcode: 0, fixed: [.funct: 0x0b, .sa: 0], flags: [.writeRd, .moveIfNotZero]),
        // HI and LO.
        InstructionKind(name: "mfhi", opcode: 0, fixed: [.funct: 0x10, .rs: 0, .rt: 0, .sa: 0], flags: [.writeRd, .moveRS, .rsSpecial], special: MachineRegister.hi),
        InstructionKind(name: "mflo", opcode: 0, fixed: [.funct: 0x12, .rs: 0, .rt: 0, .sa: 0], flags: [.writeRd, .moveRS, .rsSpecial], special: MachineRegister.lo),
        InstructionKind(name: "mthi", opcode: 0, fixed: [.funct: 0x11, .rt: 0, .rd: 0, .sa: 0], flags: [.writeSpecial, .moveRS], special: MachineRegister.hi),
        InstructionKind(name: "mtlo", opcode: 0, fixed: [.funct: 0x13, .rt: 0, .rd: 0, .sa: 0], flags: [.writeSpecial, .moveRS], special: MachineRegister.lo),
        // The kernel's: system registers (CP0 (rd, sel) in rd and funct), syscall, eret.
        InstructionKind(name: "mfc0.epc", opcode: 0x10, fixed: [.rs: 0, .rd: 14, .sa: 0, .funct: 0], flags: [.writeRt, .moveRS, .rsSpecial, .privileged],
                        special: MachineRegister.exceptionPC),
        InstructionKind(name: "mfc0.exceptionNextPC", opcode: 0x10, fixed: [.rs: 0, .rd: 14, .sa: 0, .funct: 1], flags: [.writeRt, .moveRS, .rsSpecial, .privileged],
                        special: MachineRegister.exceptionNextPC),
        InstructionKind(name: "mfc0.userLocal", opcode: 0x10, fixed: [.rs: 0, .rd: 4, .sa: 0, .funct: 2], flags: [.writeRt, .moveRS, .rsSpecial, .privileged],
                        special: MachineRegister.userLocal),
        InstructionKind(name: "mtc0.epc", opcode: 0x10, fixed: [.rs: 4, .rd: 14, .sa: 0, .funct: 0], flags: [.writeSpecial, .moveRT, .privileged],
                        special: MachineRegister.exceptionPC),
        InstructionKind(name: "mtc0.exceptionNextPC", opcode: 0x10, fixed: [.rs: 4, .rd: 14, .sa: 0, .funct: 1], flags: [.writeSpecial, .moveRT, .privileged],
                        special: MachineRegister.exceptionNextPC),
        InstructionKind(name: "mtc0.userLocal", opcode: 0x10, fixed: [.rs: 4, .rd: 4, .sa: 0, .funct: 2], flags: [.writeSpecial, .moveRT, .privileged],
                        special: MachineRegister.userLocal),
        InstructionKind(name: "rdhwr", opcode: 0x1f, fixed: [.rs: 0, .rd: 29, .sa: 0, .funct: 0x3b], flags: [.writeRt, .moveRS, .rsSpecial],
                        special: MachineRegister.userLocal),
        InstructionKind(name: "eret", opcode: 0x10, fixed: [.rs: 16, .rt: 0, .rd: 0, .sa: 0, .funct: 0x18], flags: [.eret, .rsSpecial, .rtSpecial, .privileged],
                        special: MachineRegister.exceptionPC),
        InstructionKind(name: "syscall", opcode: 0, fixed: [.funct: 0x0c], flags: [.syscall]),
        InstructionKind(name: "and", opcode: 0, fixed: [.funct: 0x24, .sa: 0], flags: [.writeRd, .alu], aluOp: .and),
        InstructionKind(name: "or", opcode: 0, fixed: [.funct: 0x25, .sa: 0], flags: [.writeRd, .alu], aluOp: .or),
        InstructionKind(name: "xor", opcode: 0, fixed: [.funct: 0x26, .sa: 0], flags: [.writeRd, .alu], aluOp: .xor),
        InstructionKind(name: "nor", opcode: 0, fixed: [.funct: 0x27, .sa: 0], flags: [.writeRd, .alu], aluOp: .nor),
        InstructionKind(name: "andi", opcode: 0x0c, fixed: [:], flags: [.writeRt, .alu, .immediateZero], aluOp: .and),
        InstructionKind(name: "ori", opcode: 0x0d, fixed: [:], flags: [.writeRt, .alu, .immediateZero], aluOp: .or),
        InstructionKind(name: "xori", opcode: 0x0e, fixed: [:], flags: [.writeRt, .alu, .immediateZero], aluOp: .xor),
        InstructionKind(name: "subu", opcode: 0, fixed: [.funct: 0x23, .sa: 0], flags: [.writeRd, .alu], aluOp: .subtract),
        InstructionKind(name: "sltu", opcode: 0, fixed: [.funct: 0x2b, .sa: 0], flags: [.writeRd, .alu], aluOp: .lessThanUnsigned),
        InstructionKind(name: "sltiu", opcode: 0x0b, fixed: [:], flags: [.writeRt, .alu, .immediate], aluOp: .lessThanUnsigned),
        InstructionKind(name: "slt", opcode: 0, fixed: [.funct: 0x2a, .sa: 0], flags: [.writeRd, .alu], aluOp: .lessThanSigned),
        InstructionKind(name: "slti", opcode: 0x0a, fixed: [:], flags: [.writeRt, .alu, .immediate], aluOp: .lessThanSigned),
    ]

    /// The kind of `word`, if the CPU table proves it.
    public static func of(_ word: UInt32) -> InstructionKind? { all.first { $0.matches(word) } }
}
