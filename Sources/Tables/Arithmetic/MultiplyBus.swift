import Constraints

/// The `multiply` bus: (operation, clk, a, b, result) — a multiplication or division the CPU
/// row hands to `multiply-divide`.
///
///     cpu ──(op, clk, rs, rt, result)──▶ multiply-divide ──(HI/LO at 8·clk + 6, + 7)──▶ registers bus
///
/// Soundness: the CPU sends on rows whose kind has the `multiply` flag, with the kind's
/// operation, its clk and the two register values; it writes `result` to rd (`mul`) or
/// nowhere. The receiving table takes the operation from its one-hot flags and, on every real
/// row, constrains the product or quotient and remainder, reads and writes HI and LO itself on
/// `registersBus` at timestamps 8·clk + `primitiveA1`/`primitiveV1` (slots no other table uses
/// on a multiply row: `primitives` only on kernel-mode syscall rows), and binds `result` (`mul`'s
/// low word, 0 for the others). So a received tuple is a true operation of that cycle, with HI
/// and LO as the register argument proves them.
public let multiplyBus = Bus(name: "multiply", arity: 5)

/// Operation codes on `multiplyBus`.
public enum MultiplyOp: UInt32, CaseIterable, Sendable {
    /// rd = the low word of the signed product (HI and LO unchanged).
    case multiplyLow = 1
    /// HI:LO = the signed / unsigned product.
    case multiply, multiplyUnsigned
    /// HI:LO ± the signed / unsigned product (mod 2^64).
    case multiplyAdd, multiplyAddUnsigned, multiplySubtract, multiplySubtractUnsigned
    /// LO = the quotient, HI = the remainder (truncated; by 0: LO = 2^32 − 1, HI = a).
    case divide, divideUnsigned

    public var isSigned: Bool { [.multiplyLow, .multiply, .multiplyAdd, .multiplySubtract, .divide].contains(self) }
    public var isDivision: Bool { self == .divide || self == .divideUnsigned }
    public var writesHiLo: Bool { self != .multiplyLow }
}
