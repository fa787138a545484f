import Constraints
import Field

/// `multiply-divide`: mul, mult/multu, madd/maddu, msub/msubu, div/divu — one row each, with
/// HI and LO read and written here (`multiplyBus`).
///
/// Signed operands are a = 2^31·sign + rest (rest as 16 + 15 bits), a_s = a − 2^32·sign.
///
/// Products: the 64-bit product P = pLow + 2^32·pHigh (u32 limbs) satisfies, as integers,
/// a·b = P (unsigned) or a_s·b_s + 2^63 = pLow + 2^32·(pHigh + 2^31 − 2^32·hs) (signed; hs is
/// pHigh's top bit, so the right side is P with its top bit flipped, the two's complement
/// product offset by 2^63). Both sides lie in [0, 2^64); they are equal in the field, and the
/// right side is below p — its high word is not 2^32 − 1 (an inverse proves it) — so they are
/// equal as integers. mult/multu: LO = pLow, HI = pHigh; madd/msub: HI:LO ± P with carries
/// c1, c2 (bits) between u32 limbs: LO_in ± pLow = LO ± 2^32·c1, HI_in ± pHigh ± c1 = HI ± 2^32·c2;
/// mul: result = pLow.
///
/// Division (a = q·b + r, truncated): LO = q, HI = r. Unsigned: a − r = q·b, r < b. Signed:
/// a_s − r_s = (q − 2^32·k)·b_s with k a bit (q's wrap: the quotient of −2^31 / −1 is 2^31, LO
/// holds −2^31 as the VM does), r_s = r − 2^32·sr, and |r| = r_s·(1 − 2·sign_a) in [0, |b|)
/// (both u32 limbs: this forces sr and makes r carry a's sign). By zero (bZero, with an
/// inverse of b otherwise): LO = 2^32 − 1, HI = a, as the VM defines it; the bound is off.
public struct MultiplyDivideTable: AIR {
    /// One-hot operation flags in `MultiplyOp` order, summing to `isReal`.
    public let operations: [Column]
    public let isReal: Column
    public let clk: Column, a: Column, b: Column, result: Column
    public let splitA: SignSplitColumns, splitB: SignSplitColumns
    public let productLow: [Column], productHigh: [Column], highSign: Column, highRest: Column, aliasInverse: Column
    /// HI and LO before (the accesses' previous values) and after, with limbs.
    public let hiAccess: MemoryAccessColumns, loAccess: MemoryAccessColumns
    public let hiOut: [Column], loOut: [Column]
    public let carry1: Column, carry2: Column
    /// Division: q's wrap bit, r's sign, b = 0 and b's inverse, |b|, |r| (limbs), |b| − |r| − 1 (limbs).
    public let wrap: Column, remainderSign: Column, bZero: Column, bInverse: Column, absB: Column
    public let absRemainder: [Column], gap: [Column]
    public let width: Int
    public var name: String { "multiply-divide" }
    public var publicValueCount: Int { 0 }

    public init() {
        var allocator = ColumnAllocator()
        operations = MultiplyOp.allCases.map { allocator.column("is.\($0)") }
        isReal = allocator.column("isReal")
        clk = allocator.column("clk")
        a = allocator.column("a")
        b = allocator.column("b")
        result = allocator.column("result")
        splitA = SignSplitColumns("a", allocator: &allocator)
        splitB = SignSplitColumns("b", allocator: &allocator)
        productLow = allocator.columns("product.low", count: 2)
        productHigh = allocator.columns("product.high", count: 2)
        highSign = allocator.column("product.highSign")
        highRest = allocator.column("product.highRest")
        aliasInverse = allocator.column("aliasInverse")
        hiAccess = MemoryAccessColumns(.write, "hi", on: registersBus, allocator: &allocator)
        loAccess = MemoryAccessColumns(.write, "lo", on: registersBus, allocator: &allocator)
        hiOut = allocator.columns("hi.limb", count: 2)
        loOut = allocator.columns("lo.limb", count: 2)
        carry1 = allocator.column("carry1")
        carry2 = allocator.column("carry2")
        wrap = allocator.column("wrap")
        remainderSign = allocator.column("remainderSign")
        bZero = allocator.column("bZero")
        bInverse = allocator.column("bInverse")
        absB = allocator.column("absB")
        absRemainder = allocator.columns("absRemainder.limb", count: 2)
        gap = allocator.columns("gap.limb", count: 2)
        width = allocator.width
    }

    public func operation(_ op: MultiplyOp) -> Column { operations[Int(op.rawValue) - 1] }

    public func eval<Builder: AIRBuilder>(_ builder: inout Builder) {
        typealias E = Builder.Expression
        let two16 = Goldilocks(1 << 16), two32 = Goldilocks(1 << 32)
        func flag(_ op: MultiplyOp) -> E { builder.current(operation(op)) }
        func sum(_ ops: [MultiplyOp]) -> E { ops.reduce(E(.zero)) { $0 + flag($1) } }
        func limbs(_ columns: [Column]) -> E { builder.current(columns[0]) + builder.current(columns[1]) * two16 }
        let isReal = builder.current(self.isReal)
        for op in MultiplyOp.allCases { builder.assertBool(flag(op), "is.\(op) is a bit") }
        builder.assertEqual(sum(MultiplyOp.allCases), isReal, "one operation per real row")
        let signed = sum(MultiplyOp.allCases.filter(\.isSigned))
        let (a, b, result) = (builder.current(self.a), builder.current(self.b), builder.current(self.result))

        // u32 limbs of the words this table makes.
        for columns in [productLow, productHigh, hiOut, loOut, absRemainder, gap] {
            for column in columns { builder.send(range16Bus, [builder.current(column)], multiplicity: isReal, "\(column.name) < 2^16") }
        }
        // Signed operands: sign and rest (16 + 15 bits).
        let signA = splitA.eval(&builder, value: a, enabled: signed, "a"), signB = splitB.eval(&builder, value: b, enabled: signed, "b")
        let signedA = a - signA * two32, signedB = b - signB * two32

        // Products.
        let pLow = limbs(productLow), pHigh = limbs(productHigh)
        let highSign = builder.current(self.highSign), highRest = builder.current(self.highRest)
        builder.assertBool(highSign, "highSign is a bit")
        builder.assertEqual(builder.current(productHigh[1]), highSign * Goldilocks(1 << 15) + highRest, "product high limb = 2^15·sign + rest")
        let signedProducts = sum([.multiplyLow, .multiply, .multiplyAdd, .multiplySubtract])
        let unsignedProducts = sum([.multiplyUnsigned, .multiplyAddUnsigned, .multiplySubtractUnsigned])
        builder.send(range16Bus, [highRest * Goldilocks(2)], multiplicity: signedProducts, "product high rest < 2^15")
        let flippedHigh = pHigh + Goldilocks(1 << 31) - highSign * two32
        builder.when(signedProducts) {
            $0.assertEqual(signedA * signedB + Goldilocks(reducing: UInt64(1) << 63), pLow + flippedHigh * two32, "a_s·b_s + 2^63 = pLow + 2^32·(pHigh ⊕ 2^31)")
        }
        builder.when(unsignedProducts) { $0.assertEqual(a * b, pLow + pHigh * two32, "a·b = pLow + 2^32·pHigh") }
        let aliasInverse = builder.current(self.aliasInverse), topHigh = E(Goldilocks(0xFFFF_FFFF))
        builder.when(signedProducts) { $0.assertEqual((flippedHigh - topHigh) * aliasInverse, E(.one), "the product's high word is not 2^32 − 1") }
        builder.when(unsignedProducts) { $0.assertEqual((pHigh - topHigh) * aliasInverse, E(.one), "the product's high word is not 2^32 − 1") }

        // HI and LO.
        let hiIn = builder.current(hiAccess.previousValue!), loIn = builder.current(loAccess.previousValue!)
        let hi = limbs(hiOut), lo = limbs(loOut)
        let (c1, c2) = (builder.current(carry1), builder.current(carry2))
        builder.assertBool(c1, "carry1 is a bit")
        builder.assertBool(c2, "carry2 is a bit")
        builder.when(flag(.multiplyLow)) { $0.assertEqual(result, pLow, "mul: result = the low word") }
        builder.assertZero((isReal - flag(.multiplyLow)) * result, "result = 0 but for mul")
        builder.when(sum([.multiply, .multiplyUnsigned])) {
            $0.assertEqual(lo, pLow, "mult: LO = pLow")
            $0.assertEqual(hi, pHigh, "mult: HI = pHigh")
        }
        builder.when(sum([.multiplyAdd, .multiplyAddUnsigned])) {
            $0.assertEqual(loIn + pLow, lo + c1 * two32, "madd: LO_in + pLow = LO + 2^32·c1")
            $0.assertEqual(hiIn + pHigh + c1, hi + c2 * two32, "madd: HI_in + pHigh + c1 = HI + 2^32·c2")
        }
        builder.when(sum([.multiplySubtract, .multiplySubtractUnsigned])) {
            $0.assertEqual(loIn - pLow, lo - c1 * two32, "msub: LO_in − pLow = LO − 2^32·c1")
            $0.assertEqual(hiIn - pHigh - c1, hi - c2 * two32, "msub: HI_in − pHigh − c1 = HI − 2^32·c2")
        }

        // Division: LO = q, HI = r.
        let (q, r) = (lo, hi)
        let (wrap, remainderSign, bZero) = (builder.current(self.wrap), builder.current(self.remainderSign), builder.current(self.bZero))
        let absB = builder.current(self.absB), absRemainder = limbs(self.absRemainder)
        for (bit, name) in [(wrap, "wrap"), (remainderSign, "remainderSign"), (bZero, "bZero")] { builder.assertBool(bit, "\(name) is a bit") }
        let (divide, divideUnsigned) = (flag(.divide), flag(.divideUnsigned))
        let division = divide + divideUnsigned
        builder.assertZero(bZero * b, "bZero ⇒ b = 0")
        let bInverse = builder.current(self.bInverse)
        builder.when(division) { $0.assertEqual(E(.one) - bZero, b * bInverse, "b ≠ 0 ⇒ not bZero") }
        let signedRemainder = r - remainderSign * two32
        builder.when(divide) {
            $0.assertEqual(signedA - signedRemainder, (q - wrap * two32) * signedB, "div: a_s − r_s = q_s·b_s")
            $0.assertEqual(absB, signedB * (E(.one) - signB * Goldilocks(2)), "div: |b|")
            $0.assertEqual(absRemainder, signedRemainder * (E(.one) - signA * Goldilocks(2)), "div: |r| = r_s with a's sign")
        }
        builder.when(divideUnsigned) {
            $0.assertEqual(a - r, q * b, "divu: a − r = q·b")
            $0.assertEqual(absB, b, "divu: |b| = b")
            $0.assertEqual(absRemainder, r, "divu: |r| = r")
        }
        let gapValue = limbs(gap)
        builder.when(division) {
            $0.assertEqual((E(.one) - bZero) * (absB - absRemainder - Goldilocks.one), gapValue, "|r| < |b| unless b = 0")
            $0.assertZero(bZero * (q - topHigh), "by 0: LO = 2^32 − 1")
            $0.assertZero(bZero * (r - a), "by 0: HI = a")
        }

        // The accesses: HI, LO written by every operation but mul.
        let clk = builder.current(self.clk)
        let writes = isReal - flag(.multiplyLow)
        hiAccess.eval(&builder, address: E(Goldilocks(MachineRegister.hi)), timestamp: clk * Goldilocks(8) + Goldilocks(CPUTable.Slot.extraA.rawValue),
                      value: hi, enabled: writes, "HI")
        loAccess.eval(&builder, address: E(Goldilocks(MachineRegister.lo)), timestamp: clk * Goldilocks(8) + Goldilocks(CPUTable.Slot.extraB.rawValue),
                      value: lo, enabled: writes, "LO")
        let op = MultiplyOp.allCases.reduce(E(.zero)) { $0 + flag($1) * Goldilocks($1.rawValue) }
        builder.receive(multiplyBus, [op, clk, a, b, result], multiplicity: isReal, "operation")
    }

    /// What `op` gives for (a, b) with HI:LO = (hi, lo) before: the result (mul's) and HI, LO
    /// after — the VM's semantics (division by zero and −2^31 / −1 as `Interpreter` defines them).
    public static func apply(_ op: MultiplyOp, a: UInt32, b: UInt32, hi: UInt32, lo: UInt32) -> (result: UInt32, hi: UInt32, lo: UInt32) {
        let signedProduct = UInt64(bitPattern: Int64(Int32(bitPattern: a)) * Int64(Int32(bitPattern: b)))
        let unsignedProduct = UInt64(a) * UInt64(b)
        let accumulator = UInt64(hi) << 32 | UInt64(lo)
        func split(_ value: UInt64) -> (UInt32, UInt32, UInt32) { (0, UInt32(value >> 32), UInt32(truncatingIfNeeded: value)) }
        switch op {
        case .multiplyLow: return (UInt32(truncatingIfNeeded: signedProduct), hi, lo)
        case .multiply: return split(signedProduct)
        case .multiplyUnsigned: return split(unsignedProduct)
        case .multiplyAdd: return split(accumulator &+ signedProduct)
        case .multiplyAddUnsigned: return split(accumulator &+ unsignedProduct)
        case .multiplySubtract: return split(accumulator &- signedProduct)
        case .multiplySubtractUnsigned: return split(accumulator &- unsignedProduct)
        case .divide:
            if b == 0 { return (0, a, 0xffff_ffff) }
            let (x, y) = (Int32(bitPattern: a), Int32(bitPattern: b))
            if x == .min && y == -1 { return (0, 0, a) }
            return (0, UInt32(bitPattern: x % y), UInt32(bitPattern: x / y))
        case .divideUnsigned:
            if b == 0 { return (0, a, 0xffff_ffff) }
            return (0, a % b, a / b)
        }
    }

    /// One operation as the witness builder saw it, with HI and LO before and their timestamps.
    public struct Request: Sendable {
        public var op: MultiplyOp
        public var clk: UInt32
        public var a: UInt32, b: UInt32
        public var hi: (timestamp: UInt32, value: UInt32)
        public var lo: (timestamp: UInt32, value: UInt32)
    }

    /// The trace of `requests`, padded; counts the range lookups.
    public func trace(_ requests: [Request], ranges: inout RangeCounts) -> RowMajorMatrix<Goldilocks> {
        var trace = RowMajorMatrix(repeating: Goldilocks.zero, width: width, height: max(1, requests.count).nextPowerOfTwo)
        func setLimbs(_ row: Int, _ columns: [Column], _ value: UInt32) {
            trace[row, columns[0]] = Goldilocks(value & 0xffff)
            trace[row, columns[1]] = Goldilocks(value >> 16)
            ranges.add(value & 0xffff)
            ranges.add(value >> 16)
        }
        for (row, request) in requests.enumerated() {
            let (op, a, b) = (request.op, request.a, request.b)
            let (result, hi, lo) = Self.apply(op, a: a, b: b, hi: request.hi.value, lo: request.lo.value)
            trace[row, operation(op)] = .one
            trace[row, isReal] = .one
            trace[row, clk] = Goldilocks(request.clk)
            trace[row, self.a] = Goldilocks(a)
            trace[row, self.b] = Goldilocks(b)
            trace[row, self.result] = Goldilocks(result)
            if op.isSigned {
                splitA.fill(&trace, row: row, value: a, ranges: &ranges)
                splitB.fill(&trace, row: row, value: b, ranges: &ranges)
            }
            // The product (for a division, 0).
            let product: UInt64 = op.isDivision ? 0 : op.isSigned
                ? UInt64(bitPattern: Int64(Int32(bitPattern: a)) * Int64(Int32(bitPattern: b))) : UInt64(a) * UInt64(b)
            let (pLow, pHigh) = (UInt32(truncatingIfNeeded: product), UInt32(product >> 32))
            setLimbs(row, productLow, pLow)
            setLimbs(row, productHigh, pHigh)
            trace[row, highSign] = Goldilocks(pHigh >> 31)
            trace[row, highRest] = Goldilocks((pHigh >> 16) & 0x7fff)
            if !op.isDivision {
                if op.isSigned { ranges.add(((pHigh >> 16) & 0x7fff) << 1) }
                let high = op.isSigned ? pHigh ^ 0x8000_0000 : pHigh
                trace[row, aliasInverse] = (Goldilocks(high) - Goldilocks(0xFFFF_FFFF)).inverse()
            }
            // HI and LO (mul leaves them: its accesses are off).
            if op.writesHiLo {
                let timestamp = 8 * request.clk
                hiAccess.fill(&trace, row: row, timestamp: timestamp + UInt32(CPUTable.Slot.extraA.rawValue), previousTimestamp: request.hi.timestamp,
                              previousValue: request.hi.value, ranges: &ranges)
                loAccess.fill(&trace, row: row, timestamp: timestamp + UInt32(CPUTable.Slot.extraB.rawValue), previousTimestamp: request.lo.timestamp,
                              previousValue: request.lo.value, ranges: &ranges)
                setLimbs(row, hiOut, hi)
                setLimbs(row, loOut, lo)
            } else {
                setLimbs(row, hiOut, 0)
                setLimbs(row, loOut, 0)
            }
            if !op.isDivision {
                setLimbs(row, absRemainder, 0)
                setLimbs(row, gap, 0)
            }
            switch op {
            case .multiplyAdd, .multiplyAddUnsigned:
                let low = UInt64(request.lo.value) + UInt64(pLow)
                let high = UInt64(request.hi.value) + UInt64(pHigh) + (low >> 32)
                trace[row, carry1] = Goldilocks(reducing: low >> 32)
                trace[row, carry2] = Goldilocks(reducing: high >> 32)
            case .multiplySubtract, .multiplySubtractUnsigned:
                let borrow1: UInt64 = request.lo.value < pLow ? 1 : 0
                let borrow2: Bool = UInt64(request.hi.value) < UInt64(pHigh) + borrow1
                trace[row, carry1] = borrow1 == 1 ? .one : .zero
                trace[row, carry2] = borrow2 ? .one : .zero
            case .divide, .divideUnsigned:
                trace[row, bZero] = b == 0 ? .one : .zero
                trace[row, bInverse] = b == 0 ? .zero : Goldilocks(b).inverse()
                let signedDivision = op == .divide
                let r = hi
                let negativeA = signedDivision && a >> 31 == 1, negativeB = signedDivision && b >> 31 == 1
                let absB = negativeB ? UInt64(1 << 32) - UInt64(b) : UInt64(b)
                let rSigned = signedDivision ? Int64(Int32(bitPattern: r)) : Int64(r)
                let absR = UInt32(negativeA ? -rSigned : rSigned)
                trace[row, self.absB] = Goldilocks(reducing: absB)
                setLimbs(row, absRemainder, absR)
                setLimbs(row, gap, b == 0 ? 0 : UInt32(absB - UInt64(absR) - 1))
                if signedDivision {
                    trace[row, remainderSign] = Goldilocks(r >> 31)
                    // q_s = (a_s − r_s)/b_s; LO holds it mod 2^32, wrap = 1 when q_s < 0 … or 2^31.
                    if b != 0 {
                        let quotient = (Int64(Int32(bitPattern: a)) - rSigned) / Int64(Int32(bitPattern: b))
                        trace[row, wrap] = quotient < 0 ? .one : .zero
                    }
                }
            default: break
            }
        }
        return trace
    }
}
