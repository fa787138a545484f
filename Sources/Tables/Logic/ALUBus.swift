import Constraints

/// The `alu` bus: (operation, a, b, result) — a computation the CPU row asks another table to
/// check.
///
///     cpu ──(op, a, b, result)──▶ logic (and/or/xor/nor), arithmetic (subu, sltu); later shifts
///
/// Soundness: the receiving table constrains result = a op b on every real row (it receives
/// with its boolean `isReal`) and takes op from its own one-hot operation flags, so only true
/// results can be received; the CPU sends exactly on rows whose kind has the `alu` flag, with
/// the kind's operation code.
public let aluBus = Bus(name: "alu", arity: 4)

/// Operation codes on `aluBus`.
public enum ALUOp: UInt32, CaseIterable, Sendable {
    case and = 1, or, xor, nor
    case subtract, lessThanUnsigned
    case shiftLeft, shiftRight, shiftRightArithmetic
    case lessThanSigned
}
