import Field

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
/// - `afterFullRound` (12): 8 records of 24 values (12 low halves, then 12 high halves) added
///   after the MDS layer of full rounds 0–3 and 26–29: `RC₁`, `RC₂`, `RC₃`,
///   `FAST_PARTIAL_FIRST_ROUND_CONSTANT`, `RC₂₇`, `RC₂₈`, `RC₂₉`, zeros;
/// - `partialRounds` (204): two blocks of 253 values, then 121 (see `Poseidon.partialRounds`):
///   per block the 11 × 11 basis change into the block's basis (row-major, row `c` = the weights
///   of new lane `c`) — `T₁⁻¹M`, then `T₂⁻¹T₁` — and 11 records of 12 values for its rounds
///   `k`: `FAST_PARTIAL_ROUND_CONSTANTS[k]` and `ŵₖ · vⱼ` for the block's 11 `vⱼ`; at the end
///   `T₂`, back to the standard basis. (`M` is `FAST_PARTIAL_ROUND_INITIAL_MATRIX` as it acts
///   on lanes 1…11, i.e. transposed; `ŵₖ` and `vⱼ` are rows of `FAST_PARTIAL_ROUND_W_HATS` and
///   `FAST_PARTIAL_ROUND_VS`; `T₁ = [v₀ | … | v₁₀]`, `T₂ = [v₁₁ | … | v₂₁]`.)
/// - `secondHalfConstants` (831): `RC₂₆`, added after the partial rounds.
///
/// The derived values are computed here in field arithmetic; `PoseidonFastFormTests` checks the
/// whole permutation against the textbook form.
@usableFromInline
struct PoseidonFastTable: @unchecked Sendable {
    // @unchecked: the buffer is written once in `init` and only read afterwards.
    @usableFromInline let base: UnsafePointer<UInt64>

    // Offsets as computed properties: inlined as literals into client modules (a `static let`
    // would be read through an accessor there).
    @inlinable static var initialConstants: Int { 0 }
    @inlinable static var afterFullRound: Int { 12 }
    @inlinable static var afterFullRoundStride: Int { 24 }
    @inlinable static var partialRounds: Int { 204 }
    @inlinable static var partialRoundsBlockStride: Int { 253 }
    @inlinable static var secondHalfConstants: Int { 831 }
    static var count: Int { secondHalfConstants + 12 }

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
        typealias Matrix = [[Goldilocks]]
        func element(_ value: UInt64) -> Goldilocks { Goldilocks(uncheckedCanonical: value) }
        func wHat(_ k: Int) -> [Goldilocks] { (0..<11).map { element(C.fastPartialRoundWHats[11 * k + $0]) } }
        func v(_ k: Int) -> [Goldilocks] { (0..<11).map { element(C.fastPartialRoundVs[11 * k + $0]) } }
        func dot(_ a: [Goldilocks], _ b: [Goldilocks]) -> Goldilocks { zip(a, b).reduce(.zero) { $0 + $1.0 * $1.1 } }
        func product(_ a: Matrix, _ b: Matrix) -> Matrix {
            (0..<11).map { i in (0..<11).map { j in (0..<11).reduce(.zero) { $0 + a[i][$1] * b[$1][j] } } }
        }
        // new lane c = Σᵣ old lane r · m[r][c]: the matrix acting on the lane vector is mᵀ.
        let m: Matrix = (0..<11).map { c in (0..<11).map { r in element(C.fastPartialRoundInitialMatrix[11 * r + c]) } }
        // Tᵦ = [v_b | … | v_{b+10}] (columns).
        func basis(_ b: Int) -> Matrix { (0..<11).map { i in (0..<11).map { j in v(b + j)[i] } } }
        let t1 = basis(0), t2 = basis(11)

        var values = [UInt64]()
        values += roundConstants(0)
        for round in 1...3 { values += halves(roundConstants(round)) }
        values += halves(C.fastPartialFirstRoundConstant)
        for round in 27...29 { values += halves(roundConstants(round)) }
        values += [UInt64](repeating: 0, count: 24)
        precondition(values.count == Self.partialRounds)
        for (b, change) in [(0, product(Self.inverse(t1), m)), (11, product(Self.inverse(t2), t1))] {
            values += change.joined().map(\.value)
            for k in b..<(b + 11) {
                values.append(C.fastPartialRoundConstants[k])
                values += (b..<(b + 11)).map { dot(wHat(k), v($0)).value }
            }
        }
        values += t2.joined().map(\.value)
        precondition(values.count == Self.secondHalfConstants)
        values += roundConstants(26)
        precondition(values.count == Self.count)
        let buffer = UnsafeMutablePointer<UInt64>.allocate(capacity: values.count)
        buffer.initialize(from: values, count: values.count)
        base = UnsafePointer(buffer)
    }

    /// The inverse of an invertible 11 × 11 matrix (Gauss–Jordan elimination); traps if the
    /// matrix is singular.
    private static func inverse(_ matrix: [[Goldilocks]]) -> [[Goldilocks]] {
        let n = matrix.count
        var a = matrix.enumerated().map { i, row in row + (0..<n).map { $0 == i ? Goldilocks.one : .zero } }
        for column in 0..<n {
            guard let pivot = (column..<n).first(where: { a[$0][column] != .zero }) else {
                preconditionFailure("the partial-round vectors vₖ of a block are not a basis")
            }
            a.swapAt(column, pivot)
            let scale = a[column][column].inverse()
            a[column] = a[column].map { $0 * scale }
            for row in 0..<n where row != column && a[row][column] != .zero {
                let factor = a[row][column]
                a[row] = zip(a[row], a[column]).map { $0 - factor * $1 }
            }
        }
        return a.map { Array($0[n...]) }
    }
}
