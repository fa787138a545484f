import Constraints
import Field

/// `arithmetic`: subtraction and unsigned comparison of two words, one row per operation the
/// CPU asks for on `aluBus` (operands are u32: register values and extended immediates).
///
/// Both rest on one identity: a − b + 2^32·bit = difference with the difference in 0 ..< 2^32
/// (two 16-bit limbs on `range16Bus`) and `bit` a bit, which makes bit = (a < b) — unique, since
/// a − b lies in (−2^32, 2^32). Then subu's result is the difference (a − b mod 2^32) and
/// sltu's is the bit.
public struct ArithmeticTable: AIR {
    public let isSubtract: Column, isLessThan: Column, isReal: Column
    public let a: Column, b: Column, result: Column
    public let differenceLow: Column, differenceHigh: Column, below: Column
    public let width: Int
    public var name: String { "arithmetic" }
    public var publicValueCount: Int { 0 }

    public init() {
        var allocator = ColumnAllocator()
        isSubtract = allocator.column("is.subtract")
        isLessThan = allocator.column("is.lessThanUnsigned")
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
        let isSubtract = builder.current(self.isSubtract), isLessThan = builder.current(self.isLessThan)
        let isReal = builder.current(self.isReal), below = builder.current(self.below)
        let a = builder.current(self.a), b = builder.current(self.b), result = builder.current(self.result)
        let low = builder.current(differenceLow), high = builder.current(differenceHigh)
        builder.assertBool(isSubtract, "is.subtract is a bit")
        builder.assertBool(isLessThan, "is.lessThanUnsigned is a bit")
        builder.assertEqual(isSubtract + isLessThan, isReal, "one operation per real row")
        builder.assertBool(below, "below is a bit")
        let difference = low + high * Goldilocks(1 << 16)
        builder.assertEqual(a - b + below * Goldilocks(1 << 32), difference, "a − b + 2^32·below = difference")
        builder.send(range16Bus, [low], multiplicity: isReal, "difference low < 2^16")
        builder.send(range16Bus, [high], multiplicity: isReal, "difference high < 2^16")
        builder.when(isSubtract) { $0.assertEqual(result, difference, "subu: result = a − b mod 2^32") }
        builder.when(isLessThan) { $0.assertEqual(result, below, "sltu: result = (a < b)") }
        let op = isSubtract * Goldilocks(ALUOp.subtract.rawValue) + isLessThan * Goldilocks(ALUOp.lessThanUnsigned.rawValue)
        builder.receive(aluBus, [op, a, b, result], multiplicity: isReal, "operation")
    }

    public static func handles(_ op: ALUOp) -> Bool { op == .subtract || op == .lessThanUnsigned }

    public static func apply(_ op: ALUOp, _ a: UInt32, _ b: UInt32) -> UInt32 {
        op == .subtract ? a &- b : (a < b ? 1 : 0)
    }

    /// The trace of `requests` (operation, a, b), padded; counts the range lookups.
    public func trace(_ requests: [(ALUOp, UInt32, UInt32)], ranges: inout RangeCounts) -> RowMajorMatrix<Goldilocks> {
        var trace = RowMajorMatrix(repeating: Goldilocks.zero, width: width, height: max(1, requests.count).nextPowerOfTwo)
        for (row, (op, a, b)) in requests.enumerated() {
            trace[row, op == .subtract ? isSubtract : isLessThan] = .one
            trace[row, isReal] = .one
            trace[row, self.a] = Goldilocks(a)
            trace[row, self.b] = Goldilocks(b)
            trace[row, result] = Goldilocks(Self.apply(op, a, b))
            let difference = a &- b
            trace[row, differenceLow] = Goldilocks(difference & 0xffff)
            trace[row, differenceHigh] = Goldilocks(difference >> 16)
            trace[row, below] = a < b ? .one : .zero
            ranges.add(difference & 0xffff)
            ranges.add(difference >> 16)
        }
        return trace
    }
}
