import Constraints
import Field

/// Sign branches, off the CPU row: one row per bltz/bgez/blez/bgtz (and their likely and
/// linking variants), received over `controlBus`. They are rare (go-long runs about one in five
/// hundred cycles), while a split of rs costs every CPU row columns and lookups.
///
/// A row splits rs = 2^31·sign + 2^16·mid + low with low < 2^16, mid < 2^15 (range16 lookups of
/// low, mid and 2·mid) and sign a bit: rs's binary split, so sign is its sign bit; with a zero
/// test of rs, taken is the branch's condition.
public struct ControlTable: AIR {
    /// One-hot operation flags (`ControlOp` order); their sum is the row's isReal.
    public let operations: [Column]
    public let rs: Column, taken: Column
    public let sign: Column, mid: Column, low: Column
    /// rs = 0, with the inverse of rs otherwise (blez, bgtz).
    public let isZero: Column, zeroInverse: Column
    public let width: Int
    public var name: String { "control" }
    public var publicValueCount: Int { 0 }

    public init() {
        var allocator = ColumnAllocator()
        operations = ControlOp.allCases.map { allocator.column("op.\($0)") }
        rs = allocator.column("rs")
        taken = allocator.column("taken")
        sign = allocator.column("sign")
        mid = allocator.column("mid")
        low = allocator.column("low")
        isZero = allocator.column("isZero")
        zeroInverse = allocator.column("zeroInverse")
        width = allocator.width
    }

    func operation(_ op: ControlOp) -> Column { operations[Int(op.rawValue) - 1] }

    public func eval<Builder: AIRBuilder>(_ builder: inout Builder) {
        typealias E = Builder.Expression
        func op(_ op: ControlOp) -> E { builder.current(operation(op)) }
        for column in operations { builder.assertBool(builder.current(column), "\(column.name) is a bit") }
        let isReal = operations.map(builder.current).reduce(E(.zero), +)
        builder.assertBool(isReal, "one operation per row")
        let code = ControlOp.allCases.map { op($0) * Goldilocks($0.rawValue) }.reduce(E(.zero), +)
        let (rs, taken) = (builder.current(self.rs), builder.current(self.taken))
        let (sign, mid, low) = (builder.current(self.sign), builder.current(self.mid), builder.current(self.low))

        // rs's split.
        builder.assertBool(sign, "the sign is a bit")
        builder.when(isReal) { $0.assertEqual(rs, sign * Goldilocks(1 << 31) + mid * Goldilocks(1 << 16) + low, "rs = 2^31·sign + 2^16·mid + low") }
        builder.send(range16Bus, [low], multiplicity: isReal, "low < 2^16")
        builder.send(range16Bus, [mid], multiplicity: isReal, "mid < 2^16")
        builder.send(range16Bus, [mid * Goldilocks(2)], multiplicity: isReal, "mid < 2^15")

        // rs = 0?
        let isZero = builder.current(self.isZero)
        builder.assertBool(isZero, "isZero is a bit")
        builder.assertZero(isZero * rs, "isZero ⇒ rs = 0")
        builder.assertEqual(E(.one) - isZero, rs * builder.current(zeroInverse), "rs ≠ 0 ⇒ not isZero")

        builder.assertEqual(taken, op(.branchLessZero) * sign + op(.branchGreaterEqualZero) * (E(.one) - sign)
                                + op(.branchLessEqualZero) * (sign + isZero) + op(.branchGreaterZero) * (E(.one) - sign - isZero),
                            "taken: rs < 0, ≥ 0, ≤ 0, > 0")
        builder.receive(controlBus, [code, rs, taken], multiplicity: isReal, "control")
    }

    /// One sign branch.
    public struct Request: Sendable {
        public var op: ControlOp
        public var rs: UInt32
        public var taken: Bool
    }

    /// The trace for `requests` (padded to a power of two) and its range lookups.
    public func trace(_ requests: [Request], ranges: inout RangeCounts) -> RowMajorMatrix<Goldilocks> {
        var trace = RowMajorMatrix(repeating: Goldilocks.zero, width: width, height: max(requests.count, 1).nextPowerOfTwo)
        for (row, request) in requests.enumerated() {
            trace[row, operation(request.op)] = .one
            trace[row, rs] = Goldilocks(request.rs)
            trace[row, taken] = request.taken ? .one : .zero
            trace[row, isZero] = request.rs == 0 ? .one : .zero
            trace[row, zeroInverse] = request.rs == 0 ? .zero : Goldilocks(request.rs).inverse()
            let (high, mid, low) = (request.rs >> 31, (request.rs >> 16) & 0x7fff, request.rs & 0xffff)
            for value in [low, mid, mid << 1] { ranges.add(value) }
            trace[row, sign] = Goldilocks(high)
            trace[row, self.mid] = Goldilocks(mid)
            trace[row, self.low] = Goldilocks(low)
        }
        for row in requests.count..<trace.height { trace[row, isZero] = .one }
        return trace
    }
}
