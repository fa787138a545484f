import Constraints
import Field

/// `logic`: and, or, xor and nor of two words, byte by byte through `BitwiseTable`. One row per
/// operation the CPU asks for on `aluBus`.
public struct LogicTable: AIR {
    /// One-hot operation flags (and, or, xor, nor), summing to `isReal`.
    public let operations: [Column]
    public let isReal: Column
    public let a: Column, b: Column, result: Column
    public let aBytes: [Column], bBytes: [Column]
    public let andBytes: [Column], orBytes: [Column], xorBytes: [Column]
    public let width: Int
    public var name: String { "logic" }
    public var publicValueCount: Int { 0 }

    public init() {
        var allocator = ColumnAllocator()
        operations = ["and", "or", "xor", "nor"].map { allocator.column("is.\($0)") }
        isReal = allocator.column("isReal")
        a = allocator.column("a")
        b = allocator.column("b")
        result = allocator.column("result")
        aBytes = allocator.columns("a.byte", count: 4)
        bBytes = allocator.columns("b.byte", count: 4)
        andBytes = allocator.columns("and.byte", count: 4)
        orBytes = allocator.columns("or.byte", count: 4)
        xorBytes = allocator.columns("xor.byte", count: 4)
        width = allocator.width
    }

    public func eval<Builder: AIRBuilder>(_ builder: inout Builder) {
        typealias E = Builder.Expression
        let flags = operations.map(builder.current)
        let isReal = builder.current(self.isReal)
        for (flag, name) in zip(flags, ["and", "or", "xor", "nor"]) { builder.assertBool(flag, "is.\(name) is a bit") }
        builder.assertEqual(flags.reduce(E(.zero), +), isReal, "one operation per real row")
        func recompose(_ bytes: [Column]) -> E {
            bytes.enumerated().reduce(E(.zero)) { $0 + builder.current($1.element) * Goldilocks(1 << (8 * $1.offset)) }
        }
        builder.assertEqual(builder.current(a), recompose(aBytes), "a = its bytes")
        builder.assertEqual(builder.current(b), recompose(bBytes), "b = its bytes")
        var result = E(.zero)
        for i in 0..<4 {
            let byte = flags[0] * builder.current(andBytes[i]) + flags[1] * builder.current(orBytes[i])
                + flags[2] * builder.current(xorBytes[i]) + flags[3] * (E(Goldilocks(255)) - builder.current(orBytes[i]))
            result = result + byte * Goldilocks(1 << (8 * i))
            builder.send(bitwiseBus, [aBytes[i], bBytes[i], andBytes[i], orBytes[i], xorBytes[i]].map(builder.current),
                         multiplicity: isReal, "byte \(i)")
        }
        builder.assertEqual(builder.current(self.result), result, "result = the operation, byte by byte")
        let op = zip(flags, [ALUOp.and, .or, .xor, .nor]).reduce(E(.zero)) { $0 + $1.0 * Goldilocks($1.1.rawValue) }
        builder.receive(aluBus, [op, builder.current(a), builder.current(b), Builder.Expression(.zero), builder.current(self.result)], multiplicity: isReal, "operation")
    }

    /// The trace of `requests` (operation, a, b), padded; counts the byte lookups.
    public func trace(_ requests: [(ALUOp, UInt32, UInt32)], bitwise: inout [UInt32]) -> RowMajorMatrix<Goldilocks> {
        var trace = RowMajorMatrix(repeating: Goldilocks.zero, width: width, height: max(1, requests.count).nextPowerOfTwo)
        for (row, (op, a, b)) in requests.enumerated() {
            trace[row, operations[Int(op.rawValue) - 1]] = .one
            trace[row, isReal] = .one
            trace[row, self.a] = Goldilocks(a)
            trace[row, self.b] = Goldilocks(b)
            trace[row, result] = Goldilocks(Self.apply(op, a, b))
            for i in 0..<4 {
                let (x, y) = ((a >> (8 * i)) & 0xff, (b >> (8 * i)) & 0xff)
                trace[row, aBytes[i]] = Goldilocks(x)
                trace[row, bBytes[i]] = Goldilocks(y)
                trace[row, andBytes[i]] = Goldilocks(x & y)
                trace[row, orBytes[i]] = Goldilocks(x | y)
                trace[row, xorBytes[i]] = Goldilocks(x ^ y)
                bitwise[BitwiseTable.row(x, y)] += 1
            }
        }
        // Padding rows look up (0, 0) with multiplicity 0: nothing to count.
        return trace
    }

    public static func handles(_ op: ALUOp) -> Bool { [.and, .or, .xor, .nor].contains(op) }

    public static func apply(_ op: ALUOp, _ a: UInt32, _ b: UInt32) -> UInt32 {
        switch op {
        case .and: a & b
        case .or: a | b
        case .xor: a ^ b
        case .nor: ~(a | b)
        default: preconditionFailure("\(op) is not a logic operation")
        }
    }
}
