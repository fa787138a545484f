import Constraints

/// The `control` bus: (op, pc, nextPC, rs, offset, index, taken, annul, newNextPC) — a sign
/// branch or a jump whose next nextPC the CPU row asks `control` to check. offset is the
/// signed immediate (a branch's), index the 26-bit field (a jump's), annul the CPU's
/// (likely and not taken).
///
///     cpu ──(op, pc, nextPC, rs, offset, index, taken, annul, newNextPC)──▶ control
///
/// Soundness: `control` receives with its `isReal` (the sum of its one-hot operation flags, a
/// bit) and takes op from those flags; on every real row it constrains taken from rs's sign and
/// zero test (branches; 1 for jumps) and newNextPC = taken ? target : nextPC + 4 + 4·annul,
/// the target being pc + 4 + 4·offset or the upper four bits of pc + 4 with index·4, both from
/// splits proven integral by range lookups. The CPU sends exactly on rows whose kind has the
/// `control` flag, with the kind's operation code, and for those rows takes taken and newNextPC
/// from the tuple instead of its own formulas (annul stays the CPU's: likely − likely·taken).
public let controlBus = Bus(name: "control", arity: 9)

/// Operation codes on `controlBus` (the likely and linking variants share their branch's: the
/// CPU handles likely and the link).
public enum ControlOp: UInt32, CaseIterable, Sendable {
    /// Branch when rs < 0 / rs ≥ 0 / rs ≤ 0 / rs > 0 (signed).
    case branchLessZero = 1, branchGreaterEqualZero, branchLessEqualZero, branchGreaterZero
    /// j / jal: the upper four bits of pc + 4, then index·4.
    case jump
}
