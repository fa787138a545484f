import Constraints

/// The `alu` bus: (operation, a, b, c, result) — a computation the CPU row asks another table to
/// check; c is a third operand, rt's value for ext/ins (0 for the others).
///
///     cpu ──(op, a, b, c, result)──▶ logic (and/or/xor/nor), arithmetic (subu, sltu, slt, add, sub), shift (shifts, rotations, ext, ins)
///     shift ──(and, a >> pos, mask, 0, result)──▶ logic (ext's mask)
///     shift ──(ext, word, bits, 0, field)──▶ shift (ins's two fields)
///
/// Soundness: the receiving table constrains result = a op b on every real row (it receives
/// with its boolean `isReal`) and takes op from its own one-hot operation flags, so only true
/// results can be received; the CPU sends exactly on rows whose kind has the `alu` flag, with
/// the kind's operation code; `shift` sends its ext rows' masking to `logic` and its ins rows'
/// field extractions to itself, with constrained multiplicities.
public let aluBus = Bus(name: "alu", arity: 5)

/// Operation codes on `aluBus`.
public enum ALUOp: UInt32, CaseIterable, Sendable {
    case and = 1, or, xor, nor
    case subtract, lessThanUnsigned
    case shiftLeft, shiftRight, shiftRightArithmetic
    case lessThanSigned
    /// sllv/srlv/srav: by the low five bits of b (`shift` adds 4 to the constant shifts' codes).
    case shiftLeftVariable, shiftRightVariable, shiftRightArithmeticVariable
    /// ext: bits [pos, pos + size) of a, with b = pos + 32·(size − 1).
    case extract = 14
    /// rotr by a constant / by a register's low five bits (4 apart, as the other shifts).
    case rotateRight = 15, rotateRightVariable = 19
    /// ins: c (rt's value) with bits [pos, msb] replaced by a's low bits, b = pos + 32·msb.
    case insert = 20
    /// add/addi and sub: the sum or difference mod 2^32, provable only without signed overflow
    /// (an overflow is an exception, which these operations do not prove).
    case addChecked = 21, subtractChecked = 22
    /// clz / clo: the number of leading zero / one bits of a (32 for none).
    case countLeadingZeros = 23, countLeadingOnes = 24
    /// seb / seh: a's low byte / halfword sign-extended; wsbh: the bytes of each halfword of a
    /// swapped (b, the sa field, is not used).
    case signExtendByte = 25, signExtendHalf = 26, swapBytesInHalves = 27
}
