/// The constants the fast permutation reads, packed once into one immortal, contiguous buffer in
/// the order the rounds consume them (no array bounds checks or reference counting in the hot
/// loop). Built from `PoseidonConstants`; see `Poseidon.permute` for the round structure.
///
/// A full round's constants are added at the end of the previous layer instead of at the start
/// of the round: inside its MDS layer they join the 32-bit half sums before the one reduction
/// (`Poseidon.mdsLayer(_:adding:)`) and cost nothing. So the table stores, per full round, the
/// constants that *follow* its MDS layer, split into halves.
///
/// Layout (offsets in `UInt64`s; `RCᵣ` = round `r`'s 12 round constants):
/// - `initialConstants` (0): `RC₀`, added to the input;
/// - `secondHalfConstants` (12): `RC₂₆`, added after the partial rounds;
/// - `afterFullRound` (24): 8 records of 24 values (12 low halves, then 12 high halves) added
///   after the MDS layer of full rounds 0–3 and 26–29: `RC₁`, `RC₂`, `RC₃`,
///   `FAST_PARTIAL_FIRST_ROUND_CONSTANT`, `RC₂₇`, `RC₂₈`, `RC₂₉`, zeros;
/// - `initialMatrixColumns` (216): `FAST_PARTIAL_ROUND_INITIAL_MATRIX`, **transposed** so that
///   column `c` (the weights of new lane `c + 1`) is contiguous;
/// - `partialRounds` (337): 22 records of 23 values: `FAST_PARTIAL_ROUND_CONSTANTS[i]`, the 11
///   `FAST_PARTIAL_ROUND_W_HATS[i]`, the 11 `FAST_PARTIAL_ROUND_VS[i]`.
@usableFromInline
struct PoseidonFastTable: @unchecked Sendable {
    // @unchecked: the buffer is written once in `init` and only read afterwards.
    @usableFromInline let base: UnsafePointer<UInt64>

    // Offsets as computed properties: inlined as literals into client modules (a `static let`
    // would be read through an accessor there).
    @inlinable static var initialConstants: Int { 0 }
    @inlinable static var secondHalfConstants: Int { 12 }
    @inlinable static var afterFullRound: Int { 24 }
    @inlinable static var afterFullRoundStride: Int { 24 }
    @inlinable static var initialMatrixColumns: Int { 216 }
    @inlinable static var partialRounds: Int { 337 }
    @inlinable static var partialRoundStride: Int { 23 }
    static var count: Int { partialRounds + 22 * partialRoundStride }

    /// The one table, built on first use and never freed.
    @usableFromInline static let shared = PoseidonFastTable()

    private init() {
        typealias C = PoseidonConstants
        func roundConstants(_ round: Int) -> ArraySlice<UInt64> {
            C.roundConstants[(12 * round)..<(12 * round + 12)]
        }
        func halves(_ constants: some Collection<UInt64>) -> [UInt64] {
            constants.map { $0 & 0xFFFF_FFFF } + constants.map { $0 >> 32 }
        }
        var values = [UInt64]()
        values += roundConstants(0)
        values += roundConstants(26)
        for round in 1...3 { values += halves(roundConstants(round)) }
        values += halves(C.fastPartialFirstRoundConstant)
        for round in 27...29 { values += halves(roundConstants(round)) }
        values += [UInt64](repeating: 0, count: 24)
        precondition(values.count == Self.initialMatrixColumns)
        for column in 0..<11 {
            for row in 0..<11 { values.append(C.fastPartialRoundInitialMatrix[row * 11 + column]) }
        }
        precondition(values.count == Self.partialRounds)
        for round in 0..<22 {
            values.append(C.fastPartialRoundConstants[round])
            values += C.fastPartialRoundWHats[(round * 11)..<(round * 11 + 11)]
            values += C.fastPartialRoundVs[(round * 11)..<(round * 11 + 11)]
        }
        precondition(values.count == Self.count)
        let buffer = UnsafeMutablePointer<UInt64>.allocate(capacity: values.count)
        buffer.initialize(from: values, count: values.count)
        base = UnsafePointer(buffer)
    }
}
