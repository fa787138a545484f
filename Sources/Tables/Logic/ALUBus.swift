import Constraints

/// The `alu` bus: (operation, a, b, result) — a computation the CPU row asks another table to
/// check.
///
///     cpu ──(op, a, b, result)──▶ logic (and/or/xor/nor), arithmetic (subu, sltu, slt), shift (shifts, ext)
///     shift ──(and, a >> pos, mask, result)──▶ logic (ext's mask)
///
/// Soundness: the receiving table constrains result = a op b on every real row (it receives
/// with its boolean `isReal`) and takes op from its own one-hot operation flags, so only true
/// results can be received; the CPU sends exactly on rows whose kind has the `alu` flag, with
/// the kind's operation code; `shift` sends its ext rows' masking, with a constrained
/// multiplicity, to `logic`.
public let aluBus = Bus(name: "alu", arity: 4)

/// Operation codes on `aluBus`.
public enum ALUOp: UInt32, CaseIterable, Sendable {
    case and = 1, or, xor, nor
    case subtract, lessThanUnsigned
    case shiftLeft, shiftRight, shiftRightArithmetic
    case lessThanSigned
    /// sllv/srlv/srav: by the low five bits of b (`shift` adds 4 to the constant shifts' codes).
    case shiftLeftVariable, shiftRightVariable, shiftRightArithmeticVariable
    /// ext: bits [pos, pos + size) of a, with b = pos + 32·(size − 1).
    case extract
}
