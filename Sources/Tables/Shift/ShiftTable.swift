import Constraints
import Field

/// The `power-of-two` bus: (s, 2^s) for s in 0 … 31.
///
///     shift ──(s, 2^s)──▶ PowerTable
///
/// Soundness: the 32 rows are fixed by the verifying key (`provide`).
public let powerOfTwoBus = Bus(name: "power-of-two", arity: 2)

/// The 32 powers of two of a shift amount.
public struct PowerTable: AIR {
    public let count: Column
    public let fixed: [Column]
    public let width: Int
    public let preprocessedWidth: Int
    public var name: String { "powers-of-two" }
    public var publicValueCount: Int { 0 }

    public init() {
        var main = ColumnAllocator()
        count = main.column("count")
        width = main.width
        var allocator = ColumnAllocator()
        fixed = [allocator.column("s"), allocator.column("power")]
        preprocessedWidth = allocator.width
    }

    public func preprocessedTrace() -> RowMajorMatrix<Goldilocks>? {
        RowMajorMatrix(values: (0..<32).flatMap { [Goldilocks($0), Goldilocks(reducing: UInt64(1) << UInt64($0))] }, width: 2)
    }

    public func eval<Builder: AIRBuilder>(_ builder: inout Builder) {
        builder.provide(powerOfTwoBus, fixed.map(builder.preprocessed), count: builder.current(count), "2^s")
    }

    public func trace(_ counts: [UInt32]) -> RowMajorMatrix<Goldilocks> {
        RowMajorMatrix(values: counts.map { Goldilocks($0) }, width: 1)
    }
}

/// `shift`: sll, srl and sra of a word by 0 … 31 (`aluBus`: a is the word, b the amount).
///
/// With p = 2^s from `PowerTable`:
/// - sll: a·p = result + 2^32·high with result < 2^32 and high < 2^31 (16-bit limbs, the top
///   one checked below 2^15): both sides are below 2^63 + 2^32 < p, so this is the integer
///   product and result = (a << s) mod 2^32.
/// - srl: a = quotient·p + remainder with quotient < 2^32 and remainder < p (p − 1 − remainder
///   is a u32): both sides below p, so quotient = a >> s = result.
/// - sra: the same on a′ = a, or on a′ = 2^32 − 1 − a when a's sign bit is set (a = 2^31·sign +
///   rest, rest < 2^31), with result = quotient, or 2^32 − 1 − quotient when the sign is set.
public struct ShiftTable: AIR {
    public let isLeft: Column, isRight: Column, isArithmetic: Column, isReal: Column
    public let a: Column, amount: Column, power: Column, result: Column
    /// sll: the high word of a·p; srl/sra: the remainder.
    public let extra: Column
    public let resultLimbs: [Column], extraLimbs: [Column]
    /// srl/sra: a′ >> s, and p − 1 − remainder as two limbs.
    public let quotient: Column, gapLimbs: [Column]
    /// sra: a's sign, and a − 2^31·sign as 16 + 15 bits.
    public let sign: Column, restLow: Column, restHigh: Column
    public let width: Int
    public var name: String { "shift" }
    public var publicValueCount: Int { 0 }

    public init() {
        var allocator = ColumnAllocator()
        isLeft = allocator.column("is.left")
        isRight = allocator.column("is.rightLogical")
        isArithmetic = allocator.column("is.rightArithmetic")
        isReal = allocator.column("isReal")
        a = allocator.column("a")
        amount = allocator.column("amount")
        power = allocator.column("power")
        result = allocator.column("result")
        extra = allocator.column("extra")
        resultLimbs = allocator.columns("result.limb", count: 2)
        extraLimbs = allocator.columns("extra.limb", count: 2)
        quotient = allocator.column("quotient")
        gapLimbs = allocator.columns("gap.limb", count: 2)
        sign = allocator.column("sign")
        restLow = allocator.column("rest.low")
        restHigh = allocator.column("rest.high")
        width = allocator.width
    }

    public func eval<Builder: AIRBuilder>(_ builder: inout Builder) {
        typealias E = Builder.Expression
        let (left, right, arithmetic, isReal) = (builder.current(isLeft), builder.current(isRight), builder.current(isArithmetic), builder.current(self.isReal))
        let (a, amount, power, result, extra) = (builder.current(self.a), builder.current(self.amount), builder.current(self.power), builder.current(self.result), builder.current(self.extra))
        let sign = builder.current(self.sign)
        for (flag, label) in [(left, "left"), (right, "right"), (arithmetic, "arithmetic"), (sign, "sign")] { builder.assertBool(flag, "\(label) is a bit") }
        builder.assertEqual(left + right + arithmetic, isReal, "one operation per real row")
        builder.send(powerOfTwoBus, [amount, power], multiplicity: isReal, "power = 2^amount")
        let two16 = Goldilocks(1 << 16)
        builder.assertEqual(result, builder.current(resultLimbs[0]) + builder.current(resultLimbs[1]) * two16, "result = its limbs")
        builder.assertEqual(extra, builder.current(extraLimbs[0]) + builder.current(extraLimbs[1]) * two16, "extra = its limbs")
        for limb in resultLimbs + extraLimbs { builder.send(range16Bus, [builder.current(limb)], multiplicity: isReal, "\(limb.name) < 2^16") }
        builder.send(range16Bus, [builder.current(extraLimbs[1]) * Goldilocks(2)], multiplicity: isReal, "extra < 2^31")
        // sra: a = 2^31·sign + rest with rest < 2^31 (low < 2^16, high < 2^15 as an integer).
        let restLow = builder.current(self.restLow), restHigh = builder.current(self.restHigh)
        builder.when(arithmetic) { $0.assertEqual(a, sign * Goldilocks(1 << 31) + restLow + restHigh * two16, "sra: a = 2^31·sign + rest") }
        builder.send(range16Bus, [restLow], multiplicity: arithmetic, "rest low < 2^16")
        builder.send(range16Bus, [restHigh], multiplicity: arithmetic, "rest high < 2^16")
        builder.send(range16Bus, [restHigh * Goldilocks(2)], multiplicity: arithmetic, "rest high < 2^15")
        builder.assertZero(sign * (E(.one) - arithmetic), "sign only for sra")
        let all = E(Goldilocks(0xFFFF_FFFF))
        let flipped = a + sign * (all - a - a)  // a, or 2^32 − 1 − a
        let quotient = builder.current(self.quotient)
        builder.assertEqual(quotient, result + sign * (all - result - result), "quotient = result, or its complement for a negative sra")
        builder.when(left) { $0.assertEqual(a * power, result + extra * Goldilocks(1 << 32), "sll: a·2^s = result + 2^32·high") }
        let rightward = right + arithmetic
        builder.when(rightward) { $0.assertEqual(flipped, quotient * power + extra, "srl/sra: a′ = quotient·2^s + remainder") }
        let gap = builder.current(gapLimbs[0]) + builder.current(gapLimbs[1]) * two16
        builder.when(rightward) { $0.assertEqual(power - Goldilocks.one - extra, gap, "srl/sra: remainder < 2^s") }
        for limb in gapLimbs { builder.send(range16Bus, [builder.current(limb)], multiplicity: rightward, "\(limb.name) < 2^16") }
        let op = left * Goldilocks(ALUOp.shiftLeft.rawValue) + right * Goldilocks(ALUOp.shiftRight.rawValue)
            + arithmetic * Goldilocks(ALUOp.shiftRightArithmetic.rawValue)
        builder.receive(aluBus, [op, a, amount, result], multiplicity: isReal, "operation")
    }

    public static func handles(_ op: ALUOp) -> Bool { [.shiftLeft, .shiftRight, .shiftRightArithmetic].contains(op) }

    public static func apply(_ op: ALUOp, _ a: UInt32, _ amount: UInt32) -> UInt32 {
        switch op {
        case .shiftLeft: a << amount
        case .shiftRight: a >> amount
        default: UInt32(bitPattern: Int32(bitPattern: a) >> Int32(amount))
        }
    }

    /// The trace of `requests` (operation, a, amount), padded; counts the lookups.
    public func trace(_ requests: [(ALUOp, UInt32, UInt32)], ranges: inout RangeCounts, powers: inout [UInt32]) -> RowMajorMatrix<Goldilocks> {
        var trace = RowMajorMatrix(repeating: Goldilocks.zero, width: width, height: max(1, requests.count).nextPowerOfTwo)
        for (row, (op, a, amount)) in requests.enumerated() {
            let power = UInt64(1) << UInt64(amount)
            let result = Self.apply(op, a, amount)
            trace[row, op == .shiftLeft ? isLeft : op == .shiftRight ? isRight : isArithmetic] = .one
            trace[row, isReal] = .one
            trace[row, self.a] = Goldilocks(a)
            trace[row, self.amount] = Goldilocks(amount)
            trace[row, self.power] = Goldilocks(reducing: power)
            trace[row, self.result] = Goldilocks(result)
            powers[Int(amount)] += 1
            let negative = op == .shiftRightArithmetic && a >> 31 == 1
            let extra: UInt32
            if op == .shiftLeft {
                extra = UInt32((UInt64(a) << UInt64(amount)) >> 32)
            } else {
                let flipped = negative ? ~a : a
                extra = UInt32(UInt64(flipped) % power)
                let quotient = flipped >> amount
                trace[row, self.quotient] = Goldilocks(quotient)
                let gap = UInt32(power - 1) - extra
                trace[row, gapLimbs[0]] = Goldilocks(gap & 0xffff)
                trace[row, gapLimbs[1]] = Goldilocks(gap >> 16)
                ranges.add(gap & 0xffff)
                ranges.add(gap >> 16)
            }
            if op == .shiftLeft { trace[row, quotient] = Goldilocks(result) }
            trace[row, self.extra] = Goldilocks(extra)
            for (limbs, value) in [(resultLimbs, result), (extraLimbs, extra)] {
                trace[row, limbs[0]] = Goldilocks(value & 0xffff)
                trace[row, limbs[1]] = Goldilocks(value >> 16)
                ranges.add(value & 0xffff)
                ranges.add(value >> 16)
            }
            ranges.add((extra >> 16) << 1)
            if op == .shiftRightArithmetic {
                let rest = a & 0x7fff_ffff
                trace[row, sign] = negative ? .one : .zero
                trace[row, restLow] = Goldilocks(rest & 0xffff)
                trace[row, restHigh] = Goldilocks(rest >> 16)
                ranges.add(rest & 0xffff)
                ranges.add(rest >> 16)
                ranges.add((rest >> 16) << 1)
            }
        }
        return trace
    }
}
