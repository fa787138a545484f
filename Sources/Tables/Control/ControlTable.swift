import Constraints
import Field

/// Sign branches and jumps, off the CPU row: one row per bltz/bgez/blez/bgtz (and their likely
/// and linking variants) or j/jal, received over `controlBus`. They are rare (go-long runs
/// about one in five hundred cycles), while their splits of rs and of pc + 4 cost every CPU
/// row six columns and eight lookups when they live there.
///
/// A row splits v = rs (branches) or pc + 4 (jumps) as v = high·s + 2^16·mid + low with
/// low < 2^16 and, for branches, s = 2^31, mid < 2^15 and high a bit (the sign), for jumps
/// s = 2^28, mid < 2^12 and high < 2^4 (the kept upper bits): each limb an integer (a range16
/// lookup of it, and of it scaled up to the bound), so the split is v's binary one.
public struct ControlTable: AIR {
    /// One-hot operation flags (`ControlOp` order); their sum is the row's isReal.
    public let operations: [Column]
    public let pc: Column, nextPC: Column, rs: Column, offset: Column, index: Column
    public let taken: Column, annul: Column, newNextPC: Column
    public let high: Column, mid: Column, low: Column
    /// rs = 0, with the inverse of rs otherwise (blez, bgtz).
    public let isZero: Column, zeroInverse: Column
    public let width: Int
    public var name: String { "control" }
    public var publicValueCount: Int { 0 }

    public init() {
        var allocator = ColumnAllocator()
        operations = ControlOp.allCases.map { allocator.column("op.\($0)") }
        pc = allocator.column("pc")
        nextPC = allocator.column("nextPC")
        rs = allocator.column("rs")
        offset = allocator.column("offset")
        index = allocator.column("index")
        taken = allocator.column("taken")
        annul = allocator.column("annul")
        newNextPC = allocator.column("newNextPC")
        high = allocator.column("high")
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
        let (pc, nextPC, rs) = (builder.current(self.pc), builder.current(self.nextPC), builder.current(self.rs))
        let (offset, index) = (builder.current(self.offset), builder.current(self.index))
        let (taken, annul, newNextPC) = (builder.current(self.taken), builder.current(self.annul), builder.current(self.newNextPC))
        let (high, mid, low) = (builder.current(self.high), builder.current(self.mid), builder.current(self.low))
        let jump = op(.jump), branch = isReal - jump
        let pcPlus4 = pc + Goldilocks(4)

        // The split of rs (branches) or pc + 4 (jumps).
        let value = rs + jump * (pcPlus4 - rs)
        builder.when(isReal) {
            $0.assertEqual(value, high * Goldilocks(1 << 31) + jump * high * (Goldilocks(1 << 28) - Goldilocks(1 << 31)) + mid * Goldilocks(1 << 16) + low,
                           "v = high·(2^31 or 2^28) + 2^16·mid + low")
        }
        builder.assertZero(branch * high * (E(.one) - high), "a branch's high limb (the sign) is a bit")
        builder.send(range16Bus, [low], multiplicity: isReal, "low < 2^16")
        builder.send(range16Bus, [mid], multiplicity: isReal, "mid < 2^16")
        builder.send(range16Bus, [mid * Goldilocks(2)], multiplicity: branch, "branch: mid < 2^15")
        builder.send(range16Bus, [mid * Goldilocks(16)], multiplicity: jump, "jump: mid < 2^12")
        builder.send(range16Bus, [high], multiplicity: jump, "jump: high < 2^16")
        builder.send(range16Bus, [high * Goldilocks(1 << 12)], multiplicity: jump, "jump: high < 2^4")

        // rs = 0?
        let isZero = builder.current(self.isZero)
        builder.assertBool(isZero, "isZero is a bit")
        builder.assertZero(isZero * rs, "isZero ⇒ rs = 0")
        builder.assertEqual(E(.one) - isZero, rs * builder.current(zeroInverse), "rs ≠ 0 ⇒ not isZero")

        // Taken, and the next nextPC (0 on padding rows).
        let sign = high
        builder.assertEqual(taken, op(.branchLessZero) * sign + op(.branchGreaterEqualZero) * (E(.one) - sign)
                                + op(.branchLessEqualZero) * (sign + isZero) + op(.branchGreaterZero) * (E(.one) - sign - isZero) + jump,
                            "taken: rs < 0, ≥ 0, ≤ 0, > 0, or a jump")
        let target = branch * (pcPlus4 + offset * Goldilocks(4)) + jump * (high * Goldilocks(1 << 28) + index * Goldilocks(4))
        let fallThrough = nextPC + isReal * Goldilocks(4)
        builder.assertEqual(newNextPC, fallThrough + taken * (target - fallThrough) + annul * Goldilocks(4),
                            "newNextPC: the target if taken, nextPC + 4 (+ 4 when annulled) otherwise")
        builder.receive(controlBus, [code, pc, nextPC, rs, offset, index, taken, annul, newNextPC], multiplicity: isReal, "control")
    }

    /// One sign branch or jump.
    public struct Request: Sendable {
        public var op: ControlOp
        public var pc: UInt32, nextPC: UInt32, rs: UInt32
        /// The signed immediate (branches) and the 26-bit index (jumps), as the CPU sends them.
        public var offset: Int32, index: UInt32
        public var taken: Bool, annul: Bool
        public var newNextPC: UInt64
    }

    /// The trace for `requests` (padded to a power of two) and its range lookups.
    public func trace(_ requests: [Request], ranges: inout RangeCounts) -> RowMajorMatrix<Goldilocks> {
        var trace = RowMajorMatrix(repeating: Goldilocks.zero, width: width, height: max(requests.count, 1).nextPowerOfTwo)
        for (row, request) in requests.enumerated() {
            trace[row, operation(request.op)] = .one
            trace[row, pc] = Goldilocks(request.pc)
            trace[row, nextPC] = Goldilocks(request.nextPC)
            trace[row, rs] = Goldilocks(request.rs)
            trace[row, offset] = request.offset >= 0 ? Goldilocks(UInt32(request.offset)) : -Goldilocks(UInt32(-Int64(request.offset)))
            trace[row, index] = Goldilocks(request.index)
            trace[row, taken] = request.taken ? .one : .zero
            trace[row, annul] = request.annul ? .one : .zero
            trace[row, newNextPC] = Goldilocks(reducing: request.newNextPC)
            trace[row, isZero] = request.rs == 0 ? .one : .zero
            trace[row, zeroInverse] = request.rs == 0 ? .zero : Goldilocks(request.rs).inverse()
            let limbs: (high: UInt32, mid: UInt32, low: UInt32)
            if request.op == .jump {
                let v = request.pc &+ 4
                limbs = (v >> 28, (v >> 16) & 0xfff, v & 0xffff)
                for value in [limbs.low, limbs.mid, limbs.mid << 4, limbs.high, limbs.high << 12] { ranges.add(value) }
            } else {
                let v = request.rs
                limbs = (v >> 31, (v >> 16) & 0x7fff, v & 0xffff)
                for value in [limbs.low, limbs.mid, limbs.mid << 1] { ranges.add(value) }
            }
            trace[row, high] = Goldilocks(limbs.high)
            trace[row, mid] = Goldilocks(limbs.mid)
            trace[row, low] = Goldilocks(limbs.low)
        }
        for row in requests.count..<trace.height { trace[row, isZero] = .one }
        return trace
    }
}
