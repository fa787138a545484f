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

/// `shift`: sll, srl and sra of a word by 0 … 31, by the sa field or (sllv/srlv/srav) by the
/// low five bits of a register, and ext (`aluBus`: a is the word, b = amount + 32·bHigh with
/// bHigh < 2^27 — 0 for the constant shifts, any for the variable ones, size − 1 for ext).
///
/// With p = 2^s from `PowerTable`:
/// - sll: a·p = result + 2^32·high with result < 2^32 and high < 2^31 (16-bit limbs, the top
///   one checked below 2^15): both sides are below 2^63 + 2^32 < p, so this is the integer
///   product and result = (a << s) mod 2^32.
/// - srl: a = quotient·p + remainder with quotient < 2^32 and remainder < p (p − 1 − remainder
///   is a u32): both sides below p, so quotient = a >> s = result.
/// - sra: the same on a′ = a, or on a′ = 2^32 − 1 − a when a's sign bit is set (a = 2^31·sign +
///   rest, rest < 2^31), with result = quotient, or 2^32 − 1 − quotient when the sign is set.
/// - ext (pos = amount, size − 1 = bHigh, pos + size ≤ 32 as the decoder requires): an srl by
///   pos, then `logic` masks it: output = result and (2·2^bHigh − 1).
/// - rotr (an srl row with `isRotate`): a = quotient·2^s + remainder as for srl, and
///   result·2^s = quotient·2^s + remainder·2^32, i.e. result = quotient + remainder·2^(32 − s)
///   (remainder < 2^s, so this is below 2^32 and the rotation).
/// - ins (pos = amount, msb = bHigh ≥ pos, c = rt's value): two ext requests to this table give
///   c's field F = bits [pos, msb] of c and a's low bits L = bits [0, msb − pos] of a; then
///   result = c + (L − F)·2^pos.
/// - clz/clo (`isCount`, `isOnes`): x = a or its complement (x = a and its zero test on the
///   other rows too, to keep the test's degree at 3); x = 0 and result 32, or
///   p = 2^(31 − result) ≤ x < 2p: x − p (in `extra`, below 2^31) and 2p − 1 − x (in the gap
///   limbs) are u32s. b (rt's value) is not used.
/// The received result is `output`: the shift's result, or ext's masked one.
public struct ShiftTable: AIR {
    public let isLeft: Column, isRight: Column, isArithmetic: Column, isReal: Column
    /// Amount from a register (sllv/srlv/srav/rotrv), ext, rotr (both with isRight).
    public let isVariable: Column, isExtract: Column, isRotate: Column
    /// ins (no shift flag): c, and the two fields.
    public let isInsert: Column, c: Column, cField: Column, aField: Column
    /// clz/clo: the count flags, x = 0 and x's inverse otherwise.
    public let isCount: Column, isOnes: Column, xZero: Column, xInverse: Column
    public let a: Column, amount: Column, power: Column, result: Column
    /// b = amount + 32·bHigh, bHigh as 16 + 11 bits; ext's 2^(size − 1) and result.
    public let b: Column, bHighLimbs: [Column], maskPower: Column, output: Column
    /// sll: the high word of a·p; srl/sra: the remainder.
    public let extra: Column
    public let resultLimbs: [Column], extraLimbs: [Column]
    /// srl/sra: a′ >> s, and p − 1 − remainder as two limbs.
    public let quotient: Column, gapLimbs: [Column]
    /// sra: a's sign and the rest.
    public let split: SignSplitColumns
    public let width: Int
    public var name: String { "shift" }
    public var publicValueCount: Int { 0 }

    public init() {
        var allocator = ColumnAllocator()
        isLeft = allocator.column("is.left")
        isRight = allocator.column("is.rightLogical")
        isArithmetic = allocator.column("is.rightArithmetic")
        isReal = allocator.column("isReal")
        isVariable = allocator.column("is.variable")
        isExtract = allocator.column("is.extract")
        isRotate = allocator.column("is.rotate")
        isInsert = allocator.column("is.insert")
        c = allocator.column("c")
        cField = allocator.column("c.field")
        aField = allocator.column("a.field")
        isCount = allocator.column("is.count")
        isOnes = allocator.column("is.ones")
        xZero = allocator.column("xZero")
        xInverse = allocator.column("xInverse")
        b = allocator.column("b")
        bHighLimbs = allocator.columns("bHigh.limb", count: 2)
        maskPower = allocator.column("maskPower")
        output = allocator.column("output")
        a = allocator.column("a")
        amount = allocator.column("amount")
        power = allocator.column("power")
        result = allocator.column("result")
        extra = allocator.column("extra")
        resultLimbs = allocator.columns("result.limb", count: 2)
        extraLimbs = allocator.columns("extra.limb", count: 2)
        quotient = allocator.column("quotient")
        gapLimbs = allocator.columns("gap.limb", count: 2)
        split = SignSplitColumns("a", allocator: &allocator)
        width = allocator.width
    }

    public func eval<Builder: AIRBuilder>(_ builder: inout Builder) {
        typealias E = Builder.Expression
        let (left, right, arithmetic, isReal) = (builder.current(isLeft), builder.current(isRight), builder.current(isArithmetic), builder.current(self.isReal))
        let (a, amount, power, result, extra) = (builder.current(self.a), builder.current(self.amount), builder.current(self.power), builder.current(self.result), builder.current(self.extra))
        for (flag, label) in [(left, "left"), (right, "right"), (arithmetic, "arithmetic")] { builder.assertBool(flag, "\(label) is a bit") }
        let insert = builder.current(isInsert)
        builder.assertBool(insert, "insert is a bit")
        let count = builder.current(isCount), ones = builder.current(isOnes)
        builder.assertBool(count, "count is a bit")
        builder.assertBool(ones, "ones is a bit")
        builder.assertZero(ones * (E(.one) - count), "clo is a count")
        builder.assertEqual(left + right + arithmetic + insert + count, isReal, "one operation per real row")
        builder.send(powerOfTwoBus, [amount, power], multiplicity: isReal, "power = 2^amount")
        let two16 = Goldilocks(1 << 16)
        builder.assertEqual(result, builder.current(resultLimbs[0]) + builder.current(resultLimbs[1]) * two16, "result = its limbs")
        builder.assertEqual(extra, builder.current(extraLimbs[0]) + builder.current(extraLimbs[1]) * two16, "extra = its limbs")
        for limb in resultLimbs + extraLimbs { builder.send(range16Bus, [builder.current(limb)], multiplicity: isReal, "\(limb.name) < 2^16") }
        builder.send(range16Bus, [builder.current(extraLimbs[1]) * Goldilocks(2)], multiplicity: isReal, "extra < 2^31")
        // sra: a's sign.
        let sign = split.eval(&builder, value: a, enabled: arithmetic, "sra: a")
        builder.assertZero(sign * (E(.one) - arithmetic), "sign only for sra")
        let all = E(Goldilocks(0xFFFF_FFFF))
        let flipped = a + sign * (all - a - a)  // a, or 2^32 − 1 − a
        let quotient = builder.current(self.quotient)
        let rotate = builder.current(isRotate)
        builder.assertBool(rotate, "rotate is a bit")
        builder.assertZero(rotate * (E(.one) - right), "rotr is an srl first")
        builder.when(isReal - rotate - insert - count) { $0.assertEqual(quotient, result + sign * (all - result - result), "quotient = result, or its complement for a negative sra") }
        builder.when(rotate) { $0.assertEqual(result * power, quotient * power + extra * Goldilocks(1 << 32), "rotr: result·2^s = quotient·2^s + remainder·2^32") }
        builder.when(left) { $0.assertEqual(a * power, result + extra * Goldilocks(1 << 32), "sll: a·2^s = result + 2^32·high") }
        let rightward = right + arithmetic
        builder.when(rightward) { $0.assertEqual(flipped, quotient * power + extra, "srl/sra: a′ = quotient·2^s + remainder") }
        let gap = builder.current(gapLimbs[0]) + builder.current(gapLimbs[1]) * two16
        builder.when(rightward) { $0.assertEqual(power - Goldilocks.one - extra, gap, "srl/sra: remainder < 2^s") }
        for limb in gapLimbs { builder.send(range16Bus, [builder.current(limb)], multiplicity: rightward + count, "\(limb.name) < 2^16") }

        // The amount: b's low five bits; ext's size.
        let (variable, extract) = (builder.current(isVariable), builder.current(isExtract))
        builder.assertBool(variable, "variable is a bit")
        builder.assertBool(extract, "extract is a bit")
        builder.assertZero(extract * (E(.one) - right), "ext is an srl first")
        builder.assertZero(extract * variable, "ext has a constant position")
        // The sub-flags combine only as the operations do, so each operation code below names one
        // row kind (left/right/arithmetic ± variable, right + ext, right + rotate ± variable,
        // insert, count ± ones): e.g. ext + rotate would sum to add's code, variable + insert to clo's.
        builder.assertZero(extract * rotate, "ext is not a rotation")
        builder.assertZero(variable * (insert + count), "ins and clz/clo take no register amount")
        let bHighLow = builder.current(bHighLimbs[0]), bHighHigh = builder.current(bHighLimbs[1])
        let bHigh = bHighLow + bHighHigh * two16
        let b = builder.current(self.b)
        builder.when(E(.one) - count) { $0.assertEqual(b, amount + bHigh * Goldilocks(32), "b = amount + 32·bHigh") }
        builder.send(range16Bus, [bHighLow], multiplicity: isReal, "bHigh low < 2^16")
        builder.send(range16Bus, [bHighHigh * Goldilocks(1 << 5)], multiplicity: isReal, "bHigh high < 2^11")
        builder.assertZero((E(.one) - variable - extract - insert - count) * bHigh, "constant shifts: b = amount")
        // clz/clo.
        let x = a + ones * (E(Goldilocks(0xFFFF_FFFF)) - a - a)
        let xZero = builder.current(self.xZero), xInverse = builder.current(self.xInverse)
        builder.assertBool(xZero, "xZero is a bit")
        builder.assertZero(xZero * x, "xZero ⇒ x = 0")
        builder.assertEqual(E(.one) - xZero, x * xInverse, "x ≠ 0 ⇒ not xZero")
        builder.when(count) {
            $0.assertZero(xZero * (result - Goldilocks(32)), "x = 0: 32")
            $0.assertEqual(amount, (E(Goldilocks(31)) - result) * (E(.one) - xZero), "p = 2^(31 − result)")
            $0.assertEqual(x - power * (E(.one) - xZero), extra, "x − p = extra")
            $0.assertEqual(power * (E(.one) - xZero) * Goldilocks(2) - Goldilocks.one + xZero - x, gap, "2p − 1 − x = gap")
        }
        let maskPower = builder.current(self.maskPower), output = builder.current(self.output)
        builder.send(powerOfTwoBus, [bHigh, maskPower], multiplicity: extract, "ext: maskPower = 2^(size − 1)")
        builder.send(range16Bus, [(E(Goldilocks(31)) - amount - bHigh) * Goldilocks(1 << 11)], multiplicity: extract, "ext: pos + size ≤ 32")
        builder.send(aluBus, [E(Goldilocks(ALUOp.and.rawValue)), result, maskPower * Goldilocks(2) - Goldilocks.one, E(.zero), output],
                     multiplicity: extract, "ext: output = result and (2^size − 1)")
        builder.assertZero((E(.one) - extract) * (output - result), "output = result, except for ext")
        // ins: the two fields from ext rows, then the replacement.
        let c = builder.current(self.c), cField = builder.current(self.cField), aField = builder.current(self.aField)
        let width = bHigh - amount  // msb − pos = size − 1
        builder.send(range16Bus, [width * Goldilocks(1 << 11)], multiplicity: insert, "ins: msb ≥ pos")
        let extractCode = E(Goldilocks(ALUOp.extract.rawValue))
        builder.send(aluBus, [extractCode, c, amount + width * Goldilocks(32), E(.zero), cField], multiplicity: insert, "ins: c's field")
        builder.send(aluBus, [extractCode, a, width * Goldilocks(32), E(.zero), aField], multiplicity: insert, "ins: a's low bits")
        builder.when(insert) { $0.assertEqual(result, c + (aField - cField) * power, "ins: result = c + (a's bits − c's field)·2^pos") }
        let variableOffset = ALUOp.shiftLeftVariable.rawValue - ALUOp.shiftLeft.rawValue
        // The operation code: each flag adds its code (the sub-flags their offset from the base's).
        let codes: [(E, UInt32)] = [
            (left, ALUOp.shiftLeft.rawValue), (right, ALUOp.shiftRight.rawValue), (arithmetic, ALUOp.shiftRightArithmetic.rawValue),
            (variable, variableOffset), (extract, ALUOp.extract.rawValue - ALUOp.shiftRight.rawValue),
            (rotate, ALUOp.rotateRight.rawValue - ALUOp.shiftRight.rawValue), (insert, ALUOp.insert.rawValue),
            (count, ALUOp.countLeadingZeros.rawValue), (ones, ALUOp.countLeadingOnes.rawValue - ALUOp.countLeadingZeros.rawValue),
        ]
        let op = codes.reduce(E(.zero)) { $0 + $1.0 * Goldilocks($1.1) }
        builder.receive(aluBus, [op, a, b, c, output], multiplicity: isReal, "operation")
    }

    public static func handles(_ op: ALUOp) -> Bool {
        [.shiftLeft, .shiftRight, .shiftRightArithmetic, .shiftLeftVariable, .shiftRightVariable, .shiftRightArithmeticVariable, .extract,
         .rotateRight, .rotateRightVariable, .insert, .countLeadingZeros, .countLeadingOnes].contains(op)
    }

    /// The shift itself (ext's srl by pos) and the kind of shift, of operation `op` on (a, b).
    static func shift(_ op: ALUOp) -> ALUOp {
        switch op {
        case .shiftLeftVariable: .shiftLeft
        case .shiftRightVariable, .extract, .rotateRight, .rotateRightVariable: .shiftRight
        case .shiftRightArithmeticVariable: .shiftRightArithmetic
        default: op
        }
    }

    public static func apply(_ op: ALUOp, _ a: UInt32, _ b: UInt32, _ c: UInt32 = 0) -> UInt32 {
        let amount = b & 31
        switch op {
        case .countLeadingZeros: return UInt32(a.leadingZeroBitCount)
        case .countLeadingOnes: return UInt32((~a).leadingZeroBitCount)
        case .insert:
            let mask = UInt32((UInt64(1) << UInt64((b >> 5) - amount + 1)) - 1) << amount
            return c & ~mask | (a << amount) & mask
        case .shiftLeft, .shiftLeftVariable: return a << amount
        case .shiftRight, .shiftRightVariable: return a >> amount
        case .rotateRight, .rotateRightVariable: return a >> amount | a << ((32 - amount) & 31)
        case .extract:
            let size = (b >> 5) + 1
            return (a >> amount) & UInt32((UInt64(1) << UInt64(size)) - 1)
        default: return UInt32(bitPattern: Int32(bitPattern: a) >> Int32(amount))
        }
    }

    /// The trace of `requests` (operation, a, b, c) and of the ext requests its ins rows make,
    /// padded; counts the lookups and returns ext's masking requests to `logic` (operation, a, b).
    public func trace(_ cpuRequests: [(ALUOp, UInt32, UInt32, UInt32)], ranges: inout RangeCounts, powers: inout [UInt32])
        -> (trace: RowMajorMatrix<Goldilocks>, masks: [(ALUOp, UInt32, UInt32)]) {
        var requests = cpuRequests
        for (op, a, b, c) in cpuRequests where op == .insert {
            let (pos, width) = (b & 31, (b >> 5) - (b & 31))
            requests += [(.extract, c, pos + 32 * width, 0), (.extract, a, 32 * width, 0)]
        }
        var trace = RowMajorMatrix(repeating: Goldilocks.zero, width: width, height: max(1, requests.count).nextPowerOfTwo)
        for row in requests.count..<trace.height { trace[row, xZero] = .one }  // padding: x = a = 0
        var masks = [(ALUOp, UInt32, UInt32)]()
        for (row, (fullOp, a, b, c)) in requests.enumerated() {
            let (op, amount, bHigh) = (Self.shift(fullOp), b & 31, b >> 5)
            let power = UInt64(1) << UInt64(amount)
            let rotates = fullOp == .rotateRight || fullOp == .rotateRightVariable
            let counts = fullOp == .countLeadingZeros || fullOp == .countLeadingOnes
            if counts {
                fillCount(&trace, row: row, op: fullOp, a: a, b: b, ranges: &ranges, powers: &powers)
                continue
            }
            let inserts = fullOp == .insert
            let result = inserts ? Self.apply(.insert, a, b, c) : Self.apply(rotates ? .rotateRight : op, a, amount)
            trace[row, self.b] = Goldilocks(b)
            trace[row, bHighLimbs[0]] = Goldilocks(bHigh & 0xffff)
            trace[row, bHighLimbs[1]] = Goldilocks(bHigh >> 16)
            ranges.add(bHigh & 0xffff)
            ranges.add((bHigh >> 16) << 5)
            trace[row, output] = Goldilocks(Self.apply(fullOp, a, b, c))
            trace[row, self.c] = Goldilocks(c)
            trace[row, xZero] = a == 0 ? .one : .zero
            trace[row, xInverse] = a == 0 ? .zero : Goldilocks(a).inverse()
            switch fullOp {
            case .shiftLeftVariable, .shiftRightVariable, .shiftRightArithmeticVariable: trace[row, isVariable] = .one
            case .rotateRight: trace[row, isRotate] = .one
            case .insert:
                let size = bHigh - amount + 1
                trace[row, isInsert] = .one
                trace[row, cField] = Goldilocks(Self.apply(.extract, c, amount + 32 * (size - 1)))
                trace[row, aField] = Goldilocks(Self.apply(.extract, a, 32 * (size - 1)))
                ranges.add((size - 1) << 11)
            case .rotateRightVariable:
                trace[row, isRotate] = .one
                trace[row, isVariable] = .one
            case .extract:
                trace[row, isExtract] = .one
                trace[row, maskPower] = Goldilocks(UInt32(1) << bHigh)
                powers[Int(bHigh)] += 1
                ranges.add((31 - amount - bHigh) << 11)
                masks.append((.and, result, UInt32((UInt64(1) << UInt64(bHigh + 1)) - 1)))
            default: break
            }
            if !inserts { trace[row, op == .shiftLeft ? isLeft : op == .shiftRight ? isRight : isArithmetic] = .one }
            trace[row, isReal] = .one
            trace[row, self.a] = Goldilocks(a)
            trace[row, self.amount] = Goldilocks(amount)
            trace[row, self.power] = Goldilocks(reducing: power)
            trace[row, self.result] = Goldilocks(result)
            powers[Int(amount)] += 1
            let negative = op == .shiftRightArithmetic && a >> 31 == 1
            let extra: UInt32
            if inserts {
                extra = 0
            } else if op == .shiftLeft {
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
                split.fill(&trace, row: row, value: a, ranges: &ranges)
            }
        }
        return (trace, masks)
    }

    /// A clz/clo row: x = a or ~a, p = the highest power of two ≤ x (x ≠ 0).
    func fillCount(_ trace: inout RowMajorMatrix<Goldilocks>, row: Int, op: ALUOp, a: UInt32, b: UInt32,
                   ranges: inout RangeCounts, powers: inout [UInt32]) {
        let x = op == .countLeadingOnes ? ~a : a
        let result = UInt32(x.leadingZeroBitCount)
        let amount: UInt32 = x == 0 ? 0 : 31 - result
        let power = UInt32(1) << amount
        let (extra, gap): (UInt32, UInt32) = x == 0 ? (0, 0) : (x - power, UInt32(2 * UInt64(power) - 1 - UInt64(x)))
        trace[row, isCount] = .one
        if op == .countLeadingOnes { trace[row, isOnes] = .one }
        trace[row, isReal] = .one
        trace[row, self.a] = Goldilocks(a)
        trace[row, self.b] = Goldilocks(b)
        trace[row, xZero] = x == 0 ? .one : .zero
        trace[row, xInverse] = x == 0 ? .zero : Goldilocks(x).inverse()
        trace[row, self.amount] = Goldilocks(amount)
        trace[row, self.power] = Goldilocks(power)
        powers[Int(amount)] += 1
        trace[row, self.result] = Goldilocks(result)
        trace[row, output] = Goldilocks(result)
        trace[row, quotient] = Goldilocks(result)
        trace[row, self.extra] = Goldilocks(extra)
        for (limbs, value) in [(resultLimbs, result), (extraLimbs, extra), (gapLimbs, gap)] {
            trace[row, limbs[0]] = Goldilocks(value & 0xffff)
            trace[row, limbs[1]] = Goldilocks(value >> 16)
            ranges.add(value & 0xffff)
            ranges.add(value >> 16)
        }
        ranges.add((extra >> 16) << 1)
        // bHigh's limbs are 0 (b is not used): their lookups count 0.
        ranges.add(0)
        ranges.add(0)
    }
}
