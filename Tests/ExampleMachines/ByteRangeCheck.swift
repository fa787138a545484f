import Constraints
import Field

/// The byte bus:
///
///     Decompose ──(byte)──▶ Bytes
///
/// Soundness: the receiver (`BytesAIR`) lists exactly 0…255, one per row, so only bytes can be
/// received; it is a lookup table and `provide`s with a free count (any count, negative ones
/// included, only cancels bytes). The sender constrains its value to be the recomposition of the bytes it sends and
/// sends every byte on every row (multiplicity 1), so no limb escapes the check.
public let byteBus = Bus(name: "byte", arity: 1)

/// The table of all bytes: a counter from 0 (first row) by +1 to 255 (last row) — which forces
/// exactly 256 rows — and how many times each byte is looked up.
public struct BytesAIR: AIR {
    public let byte: Column, multiplicity: Column
    public let width: Int
    public var name: String { "bytes" }
    public var publicValueCount: Int { 0 }

    public init() {
        var allocator = ColumnAllocator()
        byte = allocator.column("byte")
        multiplicity = allocator.column("multiplicity")
        width = allocator.width
    }

    public func eval<Builder: AIRBuilder>(_ builder: inout Builder) {
        let byte = builder.current(self.byte), nextByte = builder.next(self.byte)
        builder.whenFirstRow { $0.assertZero(byte, "byte starts at 0") }
        builder.whenTransition { $0.assertEqual(nextByte, byte + Goldilocks.one, "byte' = byte + 1") }
        builder.whenLastRow { $0.assertEqual(byte, Builder.Expression(255), "byte ends at 255") }
        builder.provide(byteBus, [byte], count: builder.current(multiplicity), "byte lookup")
    }
}

/// 32-bit values split into four bytes, each range-checked on the byte bus.
public struct DecomposeAIR: AIR {
    public let value: Column, bytes: [Column]
    public let width: Int
    public var name: String { "decompose" }
    public var publicValueCount: Int { 0 }

    public init() {
        var allocator = ColumnAllocator()
        value = allocator.column("value")
        bytes = allocator.columns("byte", count: 4)
        width = allocator.width
    }

    public func eval<Builder: AIRBuilder>(_ builder: inout Builder) {
        let bytes = bytes.map(builder.current)
        let recomposed = bytes[0] + bytes[1] * Goldilocks(1 << 8) + bytes[2] * Goldilocks(1 << 16) + bytes[3] * Goldilocks(1 << 24)
        builder.assertEqual(builder.current(value), recomposed, "value = Σ byte[i]·256^i")
        for (i, byte) in bytes.enumerated() {
            builder.send(byteBus, [byte], multiplicity: Builder.Expression(.one), "byte[\(i)] in range")
        }
    }

    /// Traces of both tables for `rows` random 32-bit values.
    public static func traces(rows: Int, seed: UInt64) -> [RowMajorMatrix<Goldilocks>] {
        var generator = SplitMix64(seed: seed)
        var counts = [UInt64](repeating: 0, count: 256)
        var values = [Goldilocks]()
        for _ in 0..<rows {
            let word = UInt32(truncatingIfNeeded: generator.next())
            let bytes = (0..<4).map { Int((word >> (8 * $0)) & 0xff) }
            for byte in bytes { counts[byte] += 1 }
            values += [Goldilocks(word)] + bytes.map { Goldilocks($0) }
        }
        let table = (0..<256).flatMap { [Goldilocks($0), Goldilocks(reducing: counts[$0])] }
        return [RowMajorMatrix(values: table, width: 2), RowMajorMatrix(values: values, width: 5)]
    }
}
