import Constraints
import Field

/// `arithmetic`: subtraction and comparisons of two words, one row per operation the CPU asks
/// for on `aluBus` (operands are u32: register values and extended immediates).
///
/// All rest on one identity: A − B + 2^32·bit = difference with the difference in 0 ..< 2^32
/// (two 16-bit limbs on `range16Bus`) and `bit` a bit, which makes bit = (A < B) — unique, since
/// A − B lies in (−2^32, 2^32). A, B are a, b, except for the signed comparison, where they are
/// a and b with the sign bit flipped (a + 2^31 − 2^32·sign_a, the order of signed words as
/// unsigned ones; a = 2^31·sign_a + rest_a with rest_a < 2^31). subu's result is the difference
/// (a − b mod 2^32); sltu's and slt's are the bit.
///
/// add and sub with overflow checks (add, addi, sub): on the sign-flipped operands,
/// A + B = difference + 2^32·below for add (the sum is a_s + b_s + 2^32, in range iff it lies
/// in [2^31, 2^32 + 2^31): iff the result's top bit is 1 − below) and the subtraction identity
/// for sub (a_s − b_s in range iff the difference's top bit equals below). The result is the
/// difference in both (flipping both operands changes neither a + b nor a − b mod 2^32). A
/// signed overflow is an exception, which cannot be proven: the top-bit condition is asserted.
public struct ArithmeticTable: AIR {
    public let isSubtract: Column, isLessThan: Column, isLessThanSigned: Column, isReal: Column
    public let isAddChecked: Column, isSubtractChecked: Column
    /// The difference's (or sum's) top bit and the rest of its high limb (15 bits).
    public let top: Column, topRest: Column
    /// slt: the operands' signs and the rest of each as 16 + 15 bits.
    public let splitA: SignSplitColumns, splitB: SignSplitColumns
    public let a: Column, b: Column, result: Column
    public let differenceLow: Column, differenceHigh: Column, below: Column
    public let width: Int
    public var name: String { "arithmetic" }
    public var publicValueCount: Int { 0 }

    public init() {
        var allocator = ColumnAllocator()
        isSubtract = allocator.column("is.subtract")
        isLessThan = allocator.column("is.lessThanUnsigned")
        isLessThanSigned = allocator.column("is.lessThanSigned")
        isAddChecked = allocator.column("is.addChecked")
        isSubtractChecked = allocator.column("is.subtractChecked")
        top = allocator.column("top")
        topRest = allocator.column("topRest")
        splitA = SignSplitColumns("a", allocator: &allocator)
        splitB = SignSplitColumns("b", allocator: &allocator)
        isReal = allocator.column("isReal")
        a = allocator.column("a")
        b = allocator.column("b")
        result = allocator.column("result")
        differenceLow = allocator.column("differenceLow")
        differenceHigh = allocator.column("differenceHigh")
        below = allocator.column("below")
        width = allocator.width
    }

    public func eval<Builder: AIRBuilder>(_ builder: inout Builder) {
        typealias E = Builder.Expression
        let isSubtract = builder.current(self.isSubtract), isLessThan = builder.current(self.isLessThan)
        let isReal = builder.current(self.isReal), below = builder.current(self.below)
        let a = builder.current(self.a), b = builder.current(self.b), result = builder.current(self.result)
        let low = builder.current(differenceLow), high = builder.current(differenceHigh)
        builder.assertBool(isSubtract, "is.subtract is a bit")
        builder.assertBool(isLessThan, "is.lessThanUnsigned is a bit")
        let lessThanSigned = builder.current(isLessThanSigned)
        let add = builder.current(isAddChecked), subtractChecked = builder.current(isSubtractChecked)
        builder.assertBool(lessThanSigned, "is.lessThanSigned is a bit")
        builder.assertBool(add, "is.addChecked is a bit")
        builder.assertBool(subtractChecked, "is.subtractChecked is a bit")
        builder.assertEqual(isSubtract + isLessThan + lessThanSigned + add + subtractChecked, isReal, "one operation per real row")
        let signed = lessThanSigned + add + subtractChecked
        builder.assertBool(below, "below is a bit")
        // slt: split each operand into sign and rest (the rest's high limb an integer < 2^15).
        func flipped(_ value: Builder.Expression, _ split: SignSplitColumns, _ name: String) -> Builder.Expression {
            let sign = split.eval(&builder, value: value, enabled: signed, name)
            return value + signed * (Builder.Expression(Goldilocks(1 << 31)) - sign * Goldilocks(1 << 32))
        }
        let flippedA = flipped(a, splitA, "a"), flippedB = flipped(b, splitB, "b")
        let difference = low + high * Goldilocks(1 << 16)
        builder.when(isReal - add) { $0.assertEqual(flippedA - flippedB + below * Goldilocks(1 << 32), difference, "A − B + 2^32·below = difference") }
        builder.when(add) { $0.assertEqual(flippedA + flippedB, difference + below * Goldilocks(1 << 32), "add: A + B = sum + 2^32·carry") }
        // No signed overflow: the top bit against the borrow or carry.
        let top = builder.current(self.top), topRest = builder.current(self.topRest)
        builder.assertBool(top, "top is a bit")
        builder.assertEqual(high, top * Goldilocks(1 << 15) + topRest, "high limb = 2^15·top + rest")
        builder.send(range16Bus, [topRest * Goldilocks(2)], multiplicity: add + subtractChecked, "top rest < 2^15")
        builder.when(add) { $0.assertEqual(top, E(.one) - below, "add: no signed overflow") }
        builder.when(subtractChecked) { $0.assertEqual(top, below, "sub: no signed overflow") }
        builder.send(range16Bus, [low], multiplicity: isReal, "difference low < 2^16")
        builder.send(range16Bus, [high], multiplicity: isReal, "difference high < 2^16")
        builder.when(isSubtract + add + subtractChecked) { $0.assertEqual(result, difference, "subu/add/sub: result = the difference or sum") }
        builder.when(isLessThan + lessThanSigned) { $0.assertEqual(result, below, "sltu/slt: result = (A < B)") }
        let op = isSubtract * Goldilocks(ALUOp.subtract.rawValue) + isLessThan * Goldilocks(ALUOp.lessThanUnsigned.rawValue)
            + lessThanSigned * Goldilocks(ALUOp.lessThanSigned.rawValue) + add * Goldilocks(ALUOp.addChecked.rawValue)
            + subtractChecked * Goldilocks(ALUOp.subtractChecked.rawValue)
        builder.receive(aluBus, [op, a, b, E(.zero), result], multiplicity: isReal, "operation")
    }

    public static func handles(_ op: ALUOp) -> Bool { [.subtract, .lessThanUnsigned, .lessThanSigned, .addChecked, .subtractChecked].contains(op) }

    /// Whether `op` on (a, b) overflows (add/sub only): the VM raises an exception instead.
    public static func overflows(_ op: ALUOp, _ a: UInt32, _ b: UInt32) -> Bool {
        switch op {
        case .addChecked: Int32(bitPattern: a).addingReportingOverflow(Int32(bitPattern: b)).overflow
        case .subtractChecked: Int32(bitPattern: a).subtractingReportingOverflow(Int32(bitPattern: b)).overflow
        default: false
        }
    }

    public static func apply(_ op: ALUOp, _ a: UInt32, _ b: UInt32) -> UInt32 {
        switch op {
        case .addChecked: a &+ b
        case .subtract, .subtractChecked: a &- b
        case .lessThanUnsigned: a < b ? 1 : 0
        default: Int32(bitPattern: a) < Int32(bitPattern: b) ? 1 : 0
        }
    }

    /// The trace of `requests` (operation, a, b), padded; counts the range lookups.
    public func trace(_ requests: [(ALUOp, UInt32, UInt32)], ranges: inout RangeCounts) -> RowMajorMatrix<Goldilocks> {
        var trace = RowMajorMatrix(repeating: Goldilocks.zero, width: width, height: max(1, requests.count).nextPowerOfTwo)
        for (row, (op, a, b)) in requests.enumerated() {
            let flag: Column = switch op {
            case .subtract: isSubtract
            case .lessThanUnsigned: isLessThan
            case .addChecked: isAddChecked
            case .subtractChecked: isSubtractChecked
            default: isLessThanSigned
            }
            trace[row, flag] = .one
            let flips = op != .subtract && op != .lessThanUnsigned
            trace[row, isReal] = .one
            trace[row, self.a] = Goldilocks(a)
            trace[row, self.b] = Goldilocks(b)
            trace[row, result] = Goldilocks(Self.apply(op, a, b))
            let (flippedA, flippedB) = flips ? (a ^ 0x8000_0000, b ^ 0x8000_0000) : (a, b)
            let difference = op == .addChecked ? flippedA &+ flippedB : flippedA &- flippedB
            trace[row, differenceLow] = Goldilocks(difference & 0xffff)
            trace[row, differenceHigh] = Goldilocks(difference >> 16)
            let carries = op == .addChecked ? UInt64(flippedA) + UInt64(flippedB) >= 1 << 32 : flippedA < flippedB
            trace[row, below] = carries ? .one : .zero
            trace[row, top] = Goldilocks(difference >> 31)
            trace[row, topRest] = Goldilocks((difference >> 16) & 0x7fff)
            if op == .addChecked || op == .subtractChecked { ranges.add(((difference >> 16) & 0x7fff) << 1) }
            if flips {
                splitA.fill(&trace, row: row, value: a, ranges: &ranges)
                splitB.fill(&trace, row: row, value: b, ranges: &ranges)
            }
            ranges.add(difference & 0xffff)
            ranges.add(difference >> 16)
        }
        return trace
    }
}
