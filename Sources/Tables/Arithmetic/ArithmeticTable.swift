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
public struct ArithmeticTable: AIR {
    public let isSubtract: Column, isLessThan: Column, isLessThanSigned: Column, isReal: Column
    /// slt: the operands' signs and the rest of each as 16 + 15 bits.
    public let signA: Column, restA: [Column], signB: Column, restB: [Column]
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
        signA = allocator.column("a.sign")
        restA = allocator.columns("a.rest", count: 2)
        signB = allocator.column("b.sign")
        restB = allocator.columns("b.rest", count: 2)
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
        let signed = builder.current(isLessThanSigned)
        builder.assertBool(signed, "is.lessThanSigned is a bit")
        builder.assertEqual(isSubtract + isLessThan + signed, isReal, "one operation per real row")
        builder.assertBool(below, "below is a bit")
        // slt: split each operand into sign and rest (the rest's high limb an integer < 2^15).
        func flipped(_ value: Builder.Expression, _ sign: Column, _ rest: [Column], _ name: String) -> Builder.Expression {
            let sign = builder.current(sign), low = builder.current(rest[0]), high = builder.current(rest[1])
            builder.assertBool(sign, "\(name): sign is a bit")
            builder.when(signed) { $0.assertEqual(value, sign * Goldilocks(1 << 31) + low + high * Goldilocks(1 << 16), "\(name) = 2^31·sign + rest") }
            builder.send(range16Bus, [low], multiplicity: signed, "\(name): rest low < 2^16")
            builder.send(range16Bus, [high], multiplicity: signed, "\(name): rest high < 2^16")
            builder.send(range16Bus, [high * Goldilocks(2)], multiplicity: signed, "\(name): rest high < 2^15")
            return value + signed * (Builder.Expression(Goldilocks(1 << 31)) - sign * Goldilocks(1 << 32))
        }
        let flippedA = flipped(a, signA, restA, "a"), flippedB = flipped(b, signB, restB, "b")
        let difference = low + high * Goldilocks(1 << 16)
        builder.assertEqual(flippedA - flippedB + below * Goldilocks(1 << 32), difference, "A − B + 2^32·below = difference")
        builder.send(range16Bus, [low], multiplicity: isReal, "difference low < 2^16")
        builder.send(range16Bus, [high], multiplicity: isReal, "difference high < 2^16")
        builder.when(isSubtract) { $0.assertEqual(result, difference, "subu: result = a − b mod 2^32") }
        builder.when(isLessThan + signed) { $0.assertEqual(result, below, "sltu/slt: result = (A < B)") }
        let op = isSubtract * Goldilocks(ALUOp.subtract.rawValue) + isLessThan * Goldilocks(ALUOp.lessThanUnsigned.rawValue)
            + signed * Goldilocks(ALUOp.lessThanSigned.rawValue)
        builder.receive(aluBus, [op, a, b, result], multiplicity: isReal, "operation")
    }

    public static func handles(_ op: ALUOp) -> Bool { [.subtract, .lessThanUnsigned, .lessThanSigned].contains(op) }

    public static func apply(_ op: ALUOp, _ a: UInt32, _ b: UInt32) -> UInt32 {
        switch op {
        case .subtract: a &- b
        case .lessThanUnsigned: a < b ? 1 : 0
        default: Int32(bitPattern: a) < Int32(bitPattern: b) ? 1 : 0
        }
    }

    /// The trace of `requests` (operation, a, b), padded; counts the range lookups.
    public func trace(_ requests: [(ALUOp, UInt32, UInt32)], ranges: inout RangeCounts) -> RowMajorMatrix<Goldilocks> {
        var trace = RowMajorMatrix(repeating: Goldilocks.zero, width: width, height: max(1, requests.count).nextPowerOfTwo)
        for (row, (op, a, b)) in requests.enumerated() {
            trace[row, op == .subtract ? isSubtract : op == .lessThanUnsigned ? isLessThan : isLessThanSigned] = .one
            trace[row, isReal] = .one
            trace[row, self.a] = Goldilocks(a)
            trace[row, self.b] = Goldilocks(b)
            trace[row, result] = Goldilocks(Self.apply(op, a, b))
            let (flippedA, flippedB) = op == .lessThanSigned ? (a ^ 0x8000_0000, b ^ 0x8000_0000) : (a, b)
            let difference = flippedA &- flippedB
            trace[row, differenceLow] = Goldilocks(difference & 0xffff)
            trace[row, differenceHigh] = Goldilocks(difference >> 16)
            trace[row, below] = flippedA < flippedB ? .one : .zero
            if op == .lessThanSigned {
                for (value, sign, rest) in [(a, signA, restA), (b, signB, restB)] {
                    let remainder = value & 0x7fff_ffff
                    trace[row, sign] = Goldilocks(value >> 31)
                    trace[row, rest[0]] = Goldilocks(remainder & 0xffff)
                    trace[row, rest[1]] = Goldilocks(remainder >> 16)
                    ranges.add(remainder & 0xffff)
                    ranges.add(remainder >> 16)
                    ranges.add((remainder >> 16) << 1)
                }
            }
            ranges.add(difference & 0xffff)
            ranges.add(difference >> 16)
        }
        return trace
    }
}
