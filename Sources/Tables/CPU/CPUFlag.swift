/// What the CPU row does for the instruction at its pc: one column each, taken from the code
/// table (`CodeTable`), which derives them from the word's kind (`KindFlag`) and the mode its
/// address runs in.
public enum CPUFlag: Int, CaseIterable, Sendable {
    /// The second operand b is the code entry's immediate (an immediate, sa, ext/ins's fields,
    /// lui's upper half, 0 for moves) instead of rt's value.
    case useConstant
    /// The first operand is rt's value instead of rs's (shifts).
    case swapOperands
    /// b is rs's value (shifts by a register).
    case variableShift
    /// ext/ins: rt's value is the ALU's third operand.
    case bitField
    /// result = rs + b (mod 2^32): addu/addiu, lui ($zero + imm·2^16) and the moves between
    /// registers, HI/LO and the system registers (rs + 0, or $zero + rt).
    case add
    /// result = pc + 8 (the return address of a jump-and-link).
    case link
    /// Taken when rs = b / rs ≠ b (beq/bne; j/jal as beq $zero, $zero); the target is the
    /// immediate.
    case branchEqual, branchNotEqual
    /// Branch-likely: when not taken, the delay slot is annulled (pc′ = nextPC + 4).
    case likely
    /// nextPC′ = rs's value.
    case jumpRegister
    /// A sign branch: `control` decides taken over `controlBus`.
    case control
    /// A load or store at rs + immediate, by `memory-instructions`.
    case memory
    /// A multiplication or division, by `multiply-divide`.
    case multiply
    /// result = a op b, by a family table over `aluBus`.
    case alu
    /// Enters the kernel whatever the operands: a `syscall` in user space, the exception kinds,
    /// a fetch in the null guard.
    case entersAlways
    /// A `syscall` in kernel space: the primitive in $v0 (`primitives`).
    case primitive
    /// `eret`: pc′ = EPC (rs's port), nextPC′ = the exception next pc (rt's), back to user mode.
    case eret
    /// movz / movn: rd = rs when rt = 0 / rt ≠ 0, rd's own value otherwise.
    case moveIfZero, moveIfNotZero
    /// Traps: enter the kernel when the condition (`equal`, or the ALU's comparison bit with
    /// `alu`) is set / clear.
    case trapIfSet, trapIfClear

    /// The kind flags whose sum this flag is (`entersAlways` and `primitive` also depend on the
    /// mode: `CodeTable` states them).
    public var kindFlags: [KindFlag] {
        switch self {
        case .useConstant: [.immediate, .immediateZero, .shiftAmount, .bitField, .loadUpper, .moveRS]
        case .swapOperands: [.shiftAmount, .variableShift]
        case .variableShift: [.variableShift]
        case .bitField: [.bitField]
        case .add: [.add, .loadUpper, .moveRS, .moveRT]
        case .link: [.link]
        case .branchEqual: [.branchEqual]
        case .branchNotEqual: [.branchNotEqual]
        case .likely: [.likely]
        case .jumpRegister: [.jumpRegister]
        case .control: [.control]
        case .memory: [.memory]
        case .multiply: [.multiply]
        case .alu: [.alu]
        case .entersAlways: [.exception, .syscall]
        case .primitive: []
        case .eret: [.eret]
        case .moveIfZero: [.moveIfZero]
        case .moveIfNotZero: [.moveIfNotZero]
        case .trapIfSet: [.trapIfSet]
        case .trapIfClear: [.trapIfClear]
        }
    }

    /// The CPU flags of `kind` at an address of the given mode.
    public static func of(_ kind: InstructionKind, kernel: Bool) -> Set<CPUFlag> {
        let primitive = kind.flags.contains(.syscall) && kernel
        var flags = Set(allCases.filter { !$0.kindFlags.allSatisfy { !kind.flags.contains($0) } })
        if primitive {
            flags.insert(.primitive)
            if !kind.flags.contains(.exception) { flags.remove(.entersAlways) }
        }
        return flags
    }
}
