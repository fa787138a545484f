import Constraints
import Field

/// The two halves of an instruction word, with their fields (MIPS32 encoding: opcode 31–26,
/// rs 25–21, rt 20–16, rd 15–11, sa 10–6, funct 5–0; the lower half is also the immediate), and
/// three derived bits: whether rt and rd are 0 (writes to `$zero` are dropped) and the
/// immediate's sign (bit 15).
///
///     cpu ──(upper, opcode, rs, rt, rt = 0)──▶ DecodeTable ◀──(lower, rd, sa, funct, sign, rd = 0)── cpu
///
/// Soundness: every row of the table is fixed by the verifying key (the half r and its fields),
/// so a received tuple is a 16-bit half with exactly its bit fields, whatever the counts
/// (`provide`). A sender that recomposes its word as upper·2^16 + lower has thereby
/// range-checked the word and every field in two lookups.
public let wordUpperBus = Bus(name: "word-upper", arity: 5)
public let wordLowerBus = Bus(name: "word-lower", arity: 6)

/// The 2^16 halves and their fields, and how often each is looked up as an upper and as a
/// lower half.
public struct DecodeTable: AIR {
    public struct Fixed: Sendable {
        public let half: Column
        public let opcode: Column, rs: Column, rt: Column
        public let rd: Column, sa: Column, funct: Column
        public let rtIsZero: Column, sign: Column, rdIsZero: Column
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
            rt: allocator.column("rt"), rd: allocator.column("rd"), sa: allocator.column("sa"), funct: allocator.column("funct"),
            rtIsZero: allocator.column("rtIsZero"), sign: allocator.column("sign"), rdIsZero: allocator.column("rdIsZero"))
        preprocessedWidth = allocator.width
    }

    public func preprocessedTrace() -> RowMajorMatrix<Goldilocks>? {
        var trace = RowMajorMatrix(repeating: Goldilocks.zero, width: preprocessedWidth, height: 1 << 16)
        for half in 0..<(1 << 16) {
            let fields = Self.fields(UInt32(half))
            trace[half, fixed.half] = Goldilocks(half)
            trace[half, [fixed.opcode, fixed.rs, fixed.rt, fixed.rtIsZero]] = fields.upper.map { Goldilocks($0) }
            trace[half, [fixed.rd, fixed.sa, fixed.funct, fixed.sign, fixed.rdIsZero]] = fields.lower.map { Goldilocks($0) }
        }
        return trace
    }

    /// The fields of `half` read as an upper half (opcode, rs, rt, rt = 0) and as a lower half
    /// (rd, sa, funct, sign, rd = 0).
    public static func fields(_ half: UInt32) -> (upper: [UInt32], lower: [UInt32]) {
        let (rt, rd) = (half & 31, half >> 11)
        return ([half >> 10, (half >> 5) & 31, rt, rt == 0 ? 1 : 0], [rd, (half >> 6) & 31, half & 63, half >> 15, rd == 0 ? 1 : 0])
    }

    public func eval<Builder: AIRBuilder>(_ builder: inout Builder) {
        let half = builder.preprocessed(fixed.half)
        builder.provide(wordUpperBus, [half] + [fixed.opcode, fixed.rs, fixed.rt, fixed.rtIsZero].map(builder.preprocessed),
                        count: builder.current(upperCount), "upper half")
        builder.provide(wordLowerBus, [half] + [fixed.rd, fixed.sa, fixed.funct, fixed.sign, fixed.rdIsZero].map(builder.preprocessed),
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
    public let rtIsZero: Column, sign: Column, rdIsZero: Column

    public init(allocator: inout ColumnAllocator) {
        upper = allocator.column("word.upper")
        lower = allocator.column("word.lower")
        opcode = allocator.column("word.opcode")
        rs = allocator.column("word.rs")
        rt = allocator.column("word.rt")
        rd = allocator.column("word.rd")
        sa = allocator.column("word.sa")
        funct = allocator.column("word.funct")
        rtIsZero = allocator.column("word.rtIsZero")
        sign = allocator.column("word.sign")
        rdIsZero = allocator.column("word.rdIsZero")
    }

    /// The sign-extended immediate, as a u32: lower + sign·0xFFFF0000.
    public func signExtendedImmediate<Builder: AIRBuilder>(_ builder: Builder) -> Builder.Expression {
        builder.current(lower) + builder.current(sign) * Goldilocks(0xFFFF_0000)
    }

    /// The signed immediate as a field element: lower − sign·2^16.
    public func signedImmediate<Builder: AIRBuilder>(_ builder: Builder) -> Builder.Expression {
        builder.current(lower) - builder.current(sign) * Goldilocks(1 << 16)
    }

    /// The word, recomposed: upper·2^16 + lower.
    public func word<Builder: AIRBuilder>(_ builder: Builder) -> Builder.Expression {
        builder.current(upper) * Goldilocks(1 << 16) + builder.current(lower)
    }

    /// Looks both halves up (when `enabled`, a constrained boolean of the using table).
    public func eval<Builder: AIRBuilder>(_ builder: inout Builder, enabled: Builder.Expression) {
        builder.send(wordUpperBus, [upper, opcode, rs, rt, rtIsZero].map(builder.current), multiplicity: enabled, "decode upper half")
        builder.send(wordLowerBus, [lower, rd, sa, funct, sign, rdIsZero].map(builder.current), multiplicity: enabled, "decode lower half")
    }

    /// Fills the columns for `word` and counts its lookups.
    public func fill(_ trace: inout RowMajorMatrix<Goldilocks>, row: Int, word: UInt32, counts: inout DecodeCounts) {
        // DecodeTable.fields, written out (no arrays: this runs once per cycle).
        let (high, low) = (word >> 16, word & 0xffff)
        let (rtField, rdField) = (high & 31, low >> 11)
        trace[row, upper] = Goldilocks(high)
        trace[row, lower] = Goldilocks(low)
        trace[row, opcode] = Goldilocks(high >> 10)
        trace[row, rs] = Goldilocks((high >> 5) & 31)
        trace[row, rt] = Goldilocks(rtField)
        trace[row, rtIsZero] = rtField == 0 ? .one : .zero
        trace[row, rd] = Goldilocks(rdField)
        trace[row, sa] = Goldilocks((low >> 6) & 31)
        trace[row, funct] = Goldilocks(low & 63)
        trace[row, sign] = Goldilocks(low >> 15)
        trace[row, rdIsZero] = rdField == 0 ? .one : .zero
        counts.add(word: word)
    }
}
