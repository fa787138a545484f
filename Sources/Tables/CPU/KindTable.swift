import Constraints
import Field

/// The `instruction-kind` bus: (key, opcode, mask_f, mask·field_f for the five fields,
/// flag_0, …, operation, special) — which instruction a word of code is.
///
///     code ──(key, opcode, masks, masked fields, flags)──▶ KindTable
///
/// Soundness: the table's rows are fixed by the verifying key: one per `InstructionKind` (key
/// 1, its opcode, mask 1 and the value of each field it fixes, mask 0 and value 0 for the
/// others, its flags), one padding row (all 0) and the fetch-fault row (key 2, no field fixed,
/// only the `exception` flag). The code table sends isReal + fault, its opcode, the masks it
/// claims, each field times its mask, and its kind-flag columns: the tuple is in the table only
/// if the masks and flags are a kind's and the word's fixed fields equal the kind's, so a real
/// row's flags are those of a kind whose pattern its word matches (the patterns are the VM
/// decoder's), a padding row's flags are all 0, and only a row that proves its pc in the null
/// guard (the code table's `fault`) gets the fetch fault's.
public let instructionKindBus = Bus(name: "instruction-kind", arity: 4 + 2 * InstructionKind.Field.allCases.count + KindFlag.allCases.count)

public struct KindTable: AIR {
    public let count: Column
    /// Preprocessed: isReal, opcode, masks, masked values, flags, operation (ALU or memory), special register
    /// (`instructionKindBus` order).
    public let fixed: [Column]
    public let width: Int
    public let preprocessedWidth: Int
    public var name: String { "instruction-kinds" }
    public var publicValueCount: Int { 0 }

    public init() {
        var main = ColumnAllocator()
        count = main.column("count")
        width = main.width
        var allocator = ColumnAllocator()
        fixed = (0..<instructionKindBus.arity).map { allocator.column("fixed[\($0)]") }
        preprocessedWidth = allocator.width
    }

    /// The padding row, one row per kind, the fetch-fault row (isReal 2), then copies of the
    /// padding row.
    public static var rows: [[UInt32]] {
        let fields = InstructionKind.Field.allCases
        let padding = [UInt32](repeating: 0, count: instructionKindBus.arity)
        func row(_ kind: InstructionKind, isReal: UInt32) -> [UInt32] {
            [isReal, kind.opcode] + fields.map { kind.fixed[$0] == nil ? 0 : 1 } + fields.map { kind.fixed[$0] ?? 0 }
                + KindFlag.allCases.map { kind.flags.contains($0) ? 1 : 0 } + [kind.operationCode, UInt32(kind.special)]
        }
        let kinds = InstructionKind.all.map { row($0, isReal: 1) } + [row(.fetchFault, isReal: 2)]
        let height = (kinds.count + 1).nextPowerOfTwo
        return [padding] + kinds + [[UInt32]](repeating: padding, count: height - kinds.count - 1)
    }

    /// The row of `kind` (padding: 0).
    public static func row(of kind: InstructionKind?) -> Int {
        guard let kind else { return 0 }
        if kind.name == InstructionKind.fetchFault.name { return 1 + InstructionKind.all.count }
        return 1 + InstructionKind.all.firstIndex { $0.name == kind.name }!
    }

    public func preprocessedTrace() -> RowMajorMatrix<Goldilocks>? {
        RowMajorMatrix(values: Self.rows.flatMap { $0.map { Goldilocks($0) } }, width: preprocessedWidth)
    }

    public func eval<Builder: AIRBuilder>(_ builder: inout Builder) {
        builder.provide(instructionKindBus, fixed.map(builder.preprocessed), count: builder.current(count), "kind")
    }

    /// The main trace for `counts` (per row of `rows`).
    public func trace(_ counts: [UInt32]) -> RowMajorMatrix<Goldilocks> {
        RowMajorMatrix(values: counts.map { Goldilocks($0) }, width: 1)
    }
}
