import Constraints
import Field

/// The byte table of `byteBus` as a preprocessed column: the verifier knows the bytes 0…255
/// (committed once in the verifying key), so no constraint has to pin a counter, and the main
/// trace holds only how often each byte is looked up.
///
/// Soundness: every row's byte is fixed by the key, so the table provides only bytes and may
/// take any count (`provide`).
public struct FixedBytesAIR: AIR {
    /// Main column.
    public let multiplicity: Column
    /// Preprocessed column.
    public let byte: Column
    public let width: Int
    public let preprocessedWidth: Int
    public var name: String { "fixed-bytes" }
    public var publicValueCount: Int { 0 }
    /// The preprocessed values: 0…255, or another list to model a wrong key.
    let bytes: [Goldilocks]

    public init(bytes: [Goldilocks] = (0..<256).map { Goldilocks($0) }) {
        var main = ColumnAllocator()
        multiplicity = main.column("multiplicity")
        width = main.width
        var fixed = ColumnAllocator()
        byte = fixed.column("byte")
        preprocessedWidth = fixed.width
        self.bytes = bytes
    }

    public func preprocessedTrace() -> RowMajorMatrix<Goldilocks>? {
        var trace = RowMajorMatrix(repeating: Goldilocks.zero, width: preprocessedWidth, height: bytes.count)
        for (row, value) in bytes.enumerated() { trace[row, byte] = value }
        return trace
    }

    public func eval<Builder: AIRBuilder>(_ builder: inout Builder) {
        builder.provide(byteBus, [builder.preprocessed(byte)], count: builder.current(multiplicity), "byte lookup")
    }

    /// The main trace: how often each listed value occurs among the bytes of a `DecomposeAIR`
    /// trace. Precondition: every one is listed.
    public func trace(decomposed: RowMajorMatrix<Goldilocks>) -> RowMajorMatrix<Goldilocks> {
        var trace = RowMajorMatrix(repeating: Goldilocks.zero, width: width, height: bytes.count)
        let rowOf = Dictionary(bytes.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let decompose = DecomposeAIR()
        for row in 0..<decomposed.height {
            for byte in decomposed[row, decompose.bytes] {
                guard let index = rowOf[byte] else { preconditionFailure("\(byte) is not in the table") }
                trace[index, multiplicity] += .one
            }
        }
        return trace
    }
}
