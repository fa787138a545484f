import Constraints
import Field

/// `logic`: and, or, xor and nor of two words, byte by byte through `BitwiseTable`. One row per
/// operation the CPU asks for on `aluBus`. Also seb/seh (a's byte 0 or 1 and-ed with 0x80 — b's
/// bytes are then 0x80 at that place, not b's — gives the sign; the result sign-extends) and
/// wsbh (a's bytes rearranged). Bytes are indexed from the least significant.
public struct LogicTable: AIR {
    /// One-hot operation flags (and, or, xor, nor), summing to `isReal`.
    public let operations: [Column]
    /// seb, seh, wsbh.
    public let byteOperations: [Column]
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
        byteOperations = ["seb", "seh", "wsbh"].map { allocator.column("is.\($0)") }
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
        let flags = operations.map(builder.current), byteFlags = byteOperations.map(builder.current)
        let isReal = builder.current(self.isReal)
        for (flag, name) in zip(flags + byteFlags, ["and", "or", "xor", "nor", "seb", "seh", "wsbh"]) { builder.assertBool(flag, "is.\(name) is a bit") }
        builder.assertEqual((flags + byteFlags).reduce(E(.zero), +), isReal, "one operation per real row")
        func recompose(_ bytes: [Column]) -> E {
            bytes.enumerated().reduce(E(.zero)) { $0 + builder.current($1.element) * Goldilocks(1 << (8 * $1.offset)) }
        }
        let (seb, seh, wsbh) = (byteFlags[0], byteFlags[1], byteFlags[2])
        let a = builder.current(self.a), b = builder.current(self.b)
        let aByte = aBytes.map(builder.current), bByte = bBytes.map(builder.current), andByte = andBytes.map(builder.current)
        builder.assertEqual(a, recompose(aBytes), "a = its bytes")
        // seb/seh look a's sign bit up against 0x80 in byte 0 / 1 instead of b's bytes.
        builder.assertZero((E(.one) - seb - seh) * (b - recompose(bBytes)), "b = its bytes (but for seb/seh)")
        builder.when(seb) { $0.assertEqual(bByte[0], E(Goldilocks(0x80)), "seb: mask byte 0") }
        builder.when(seh) { $0.assertEqual(bByte[1], E(Goldilocks(0x80)), "seh: mask byte 1") }
        var result = E(.zero)
        for i in 0..<4 {
            let byte = flags[0] * andByte[i] + flags[1] * builder.current(orBytes[i])
                + flags[2] * builder.current(xorBytes[i]) + flags[3] * (E(Goldilocks(255)) - builder.current(orBytes[i]))
            result = result + byte * Goldilocks(1 << (8 * i))
            builder.send(bitwiseBus, [aBytes[i], bBytes[i], andBytes[i], orBytes[i], xorBytes[i]].map(builder.current),
                         multiplicity: isReal, "byte \(i)")
        }
        // The sign bit s = and/0x80: sign extension adds s·(2^32 − 2^8) or s·(2^32 − 2^16).
        result = result + seb * (aByte[0] + andByte[0] * Goldilocks(((1 << 32) - (1 << 8)) >> 7))
            + seh * (aByte[0] + aByte[1] * Goldilocks(1 << 8) + andByte[1] * Goldilocks(((1 << 32) - (1 << 16)) >> 7))
            + wsbh * (aByte[1] + aByte[0] * Goldilocks(1 << 8) + aByte[3] * Goldilocks(1 << 16) + aByte[2] * Goldilocks(1 << 24))
        builder.assertEqual(builder.current(self.result), result, "result = the operation, byte by byte")
        let codes: [(E, ALUOp)] = [(flags[0], .and), (flags[1], .or), (flags[2], .xor), (flags[3], .nor),
                                   (seb, .signExtendByte), (seh, .signExtendHalf), (wsbh, .swapBytesInHalves)]
        let op = codes.reduce(E(.zero)) { $0 + $1.0 * Goldilocks($1.1.rawValue) }
        builder.receive(aluBus, [op, a, b, E(.zero), builder.current(self.result)], multiplicity: isReal, "operation")
    }

    /// The trace of `requests` (operation, a, b), padded; counts the byte lookups.
    public func trace(_ requests: [(ALUOp, UInt32, UInt32)], bitwise: inout [UInt32]) -> RowMajorMatrix<Goldilocks> {
        var trace = RowMajorMatrix(repeating: Goldilocks.zero, width: width, height: max(1, requests.count).nextPowerOfTwo)
        for (row, (op, a, b)) in requests.enumerated() {
            let flag: Column = switch op {
            case .signExtendByte: byteOperations[0]
            case .signExtendHalf: byteOperations[1]
            case .swapBytesInHalves: byteOperations[2]
            default: operations[Int(op.rawValue) - 1]
            }
            trace[row, flag] = .one
            // seb/seh: b's bytes are the sign mask, not b's.
            let maskB: UInt32 = op == .signExtendByte ? 0x80 : op == .signExtendHalf ? 0x8000 : b
            trace[row, isReal] = .one
            trace[row, self.a] = Goldilocks(a)
            trace[row, self.b] = Goldilocks(b)
            trace[row, result] = Goldilocks(Self.apply(op, a, b))
            for i in 0..<4 {
                let (x, y) = ((a >> (8 * i)) & 0xff, (maskB >> (8 * i)) & 0xff)
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

    public static func handles(_ op: ALUOp) -> Bool { [.and, .or, .xor, .nor, .signExtendByte, .signExtendHalf, .swapBytesInHalves].contains(op) }

    public static func apply(_ op: ALUOp, _ a: UInt32, _ b: UInt32) -> UInt32 {
        switch op {
        case .and: a & b
        case .or: a | b
        case .xor: a ^ b
        case .nor: ~(a | b)
        case .signExtendByte: UInt32(bitPattern: Int32(Int8(truncatingIfNeeded: a)))
        case .signExtendHalf: UInt32(bitPattern: Int32(Int16(truncatingIfNeeded: a)))
        case .swapBytesInHalves: (a & 0x00ff_00ff) << 8 | (a & 0xff00_ff00) >> 8
        default: preconditionFailure("\(op) is not a logic operation")
        }
    }
}
