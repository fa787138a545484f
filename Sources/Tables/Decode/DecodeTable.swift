import Constraints
import Field

/// The two halves of an instruction word, with their fields (MIPS32 encoding: opcode 31–26,
/// rs 25–21, rt 20–16, rd 15–11, sa 10–6, funct 5–0; the lower half is also the immediate).
///
///     cpu ──(upper, opcode, rs, rt)──▶ DecodeTable ◀──(lower, rd, sa, funct)── cpu
///
/// Soundness: every row of the table is fixed by the verifying key (the half r and its fields),
/// so a received tuple is a 16-bit half with exactly its bit fields, whatever the counts
/// (`provide`). A sender that recomposes its word as upper·2^16 + lower has thereby
/// range-checked the word and every field in two lookups.
public let wordUpperBus = Bus(name: "word-upper", arity: 4)
public let wordLowerBus = Bus(name: "word-lower", arity: 4)

/// The 2^16 halves and their fields, and how often each is looked up as an upper and as a
/// lower half.
public struct DecodeTable: AIR {
    public struct Fixed: Sendable {
        public let half: Column
        public let opcode: Column, rs: Column, rt: Column
        public let rd: Column, sa: Column, funct: Column
    }

    /// Main columns: lookups of the row's half as an upper and as a lower half.
    public let upperCount: Column, lowerCount: Column
    /// Preprocessed columns.
    public let fixed: Fixed
    public let width: Int
    public let preprocessedWidth: Int
    public var name: String { "decode16" }
    public var publicValueCount: Int { 0 }

    public init() {
        var main = ColumnAllocator()
        upperCount = main.column("upperCount")
        lowerCount = main.column("lowerCount")
        width = main.width
        var allocator = ColumnAllocator()
        fixed = Fixed(
            half: allocator.column("half"), opcode: allocator.column("opcode"), rs: allocator.column("rs"),
            rt: allocator.column("rt"), rd: allocator.column("rd"), sa: allocator.column("sa"), funct: allocator.column("funct"))
        preprocessedWidth = allocator.width
    }

    public func preprocessedTrace() -> RowMajorMatrix<Goldilocks>? {
        var trace = RowMajorMatrix(repeating: Goldilocks.zero, width: preprocessedWidth, height: 1 << 16)
        for half in 0..<(1 << 16) {
            let fields = Self.fields(UInt32(half))
            trace[half, fixed.half] = Goldilocks(half)
            trace[half, [fixed.opcode, fixed.rs, fixed.rt]] = fields.upper.map { Goldilocks($0) }
            trace[half, [fixed.rd, fixed.sa, fixed.funct]] = fields.lower.map { Goldilocks($0) }
        }
        return trace
    }

    /// The fields of `half` read as an upper half (opcode, rs, rt) and as a lower half (rd, sa,
    /// funct).
    public static func fields(_ half: UInt32) -> (upper: [UInt32], lower: [UInt32]) {
        ([half >> 10, (half >> 5) & 31, half & 31], [half >> 11, (half >> 6) & 31, half & 63])
    }

    public func eval<Builder: AIRBuilder>(_ builder: inout Builder) {
        let half = builder.preprocessed(fixed.half)
        builder.provide(wordUpperBus, [half] + [fixed.opcode, fixed.rs, fixed.rt].map(builder.preprocessed),
                        count: builder.current(upperCount), "upper half")
        builder.provide(wordLowerBus, [half] + [fixed.rd, fixed.sa, fixed.funct].map(builder.preprocessed),
                        count: builder.current(lowerCount), "lower half")
    }

    /// The main trace for the halves counted in `counts`.
    public func trace(_ counts: DecodeCounts) -> RowMajorMatrix<Goldilocks> {
        var trace = RowMajorMatrix(repeating: Goldilocks.zero, width: width, height: 1 << 16)
        for half in 0..<(1 << 16) {
            trace[half, upperCount] = Goldilocks(counts.upper[half])
            trace[half, lowerCount] = Goldilocks(counts.lower[half])
        }
        return trace
    }
}

/// How often each half is looked up, as an upper and as a lower half.
public struct DecodeCounts: Sendable {
    public var upper = [UInt32](repeating: 0, count: 1 << 16)
    public var lower = [UInt32](repeating: 0, count: 1 << 16)

    public init() {}

    /// Records the lookups of one instruction word.
    public mutating func add(word: UInt32) {
        upper[Int(word >> 16)] &+= 1
        lower[Int(word & 0xffff)] &+= 1
    }
}

/// The columns of a decoded instruction word and the two lookups that bind them.
public struct DecodedWordColumns: Sendable {
    public let upper: Column, lower: Column
    public let opcode: Column, rs: Column, rt: Column, rd: Column, sa: Column, funct: Column

    public init(allocator: inout ColumnAllocator) {
        upper = allocator.column("word.upper")
        lower = allocator.column("word.lower")
        opcode = allocator.column("word.opcode")
        rs = allocator.column("word.rs")
        rt = allocator.column("word.rt")
        rd = allocator.column("word.rd")
        sa = allocator.column("word.sa")
        funct = allocator.column("word.funct")
    }

    /// The word, recomposed: upper·2^16 + lower.
    public func word<Builder: AIRBuilder>(_ builder: Builder) -> Builder.Expression {
        builder.current(upper) * Goldilocks(1 << 16) + builder.current(lower)
    }

    /// Looks both halves up (when `enabled`, a constrained boolean of the using table).
    public func eval<Builder: AIRBuilder>(_ builder: inout Builder, enabled: Builder.Expression) {
        builder.send(wordUpperBus, [upper, opcode, rs, rt].map(builder.current), multiplicity: enabled, "decode upper half")
        builder.send(wordLowerBus, [lower, rd, sa, funct].map(builder.current), multiplicity: enabled, "decode lower half")
    }

    /// Fills the columns for `word` and counts its lookups.
    public func fill(_ trace: inout RowMajorMatrix<Goldilocks>, row: Int, word: UInt32, counts: inout DecodeCounts) {
        let (upperFields, lowerFields) = (DecodeTable.fields(word >> 16), DecodeTable.fields(word & 0xffff))
        trace[row, upper] = Goldilocks(word >> 16)
        trace[row, lower] = Goldilocks(word & 0xffff)
        trace[row, [opcode, rs, rt]] = upperFields.upper.map { Goldilocks($0) }
        trace[row, [rd, sa, funct]] = lowerFields.lower.map { Goldilocks($0) }
        counts.add(word: word)
    }
}
