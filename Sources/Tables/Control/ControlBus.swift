import Constraints

/// The `control` bus: (op, rs, taken) — a sign branch whose condition the CPU row asks
/// `control` to decide.
///
///     cpu ──(op, rs, taken)──▶ control
///
/// Soundness: `control` receives with its `isReal` (the sum of its one-hot operation flags, a
/// bit) and takes op from those flags; on every real row it constrains taken from rs's sign and
/// zero test, from a split of rs proven integral by range lookups. The CPU sends exactly on rows
/// whose code entry has the `control` flag, with the kind's operation code and its rs value, and
/// for those rows takes taken from the tuple instead of its beq/bne formula; the target (the
/// code entry's immediate) and nextPC′ stay the CPU's.
public let controlBus = Bus(name: "control", arity: 3)

/// Operation codes on `controlBus` (the likely and linking variants share their branch's: the
/// CPU handles likely and the link).
public enum ControlOp: UInt32, CaseIterable, Sendable {
    /// Branch when rs < 0 / rs ≥ 0 / rs ≤ 0 / rs > 0 (signed).
    case branchLessZero = 1, branchGreaterEqualZero, branchLessEqualZero, branchGreaterZero
}
