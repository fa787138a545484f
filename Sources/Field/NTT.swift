/// The order of the values of a transform's input or output.
///
/// `.natural`: position i holds coefficient i, or the evaluation at shift·ωⁱ.
/// `.bitReversed`: position i holds what `.natural` has at `reverseBits(i, bits: log₂ n)` — the
/// order radix-2 transforms produce for free, and the one Merkle trees and FRI use (positions
/// 2i and 2i + 1 are the points x and −x).
public enum NTTOrder: Hashable, Sendable {
    case natural
    case bitReversed
}

/// Number-theoretic transforms over Goldilocks' two-adic subgroups, for base-field and extension
/// vectors and for every column of a matrix at once.
///
/// For n = 2^k values and ω = ω_n = `Goldilocks.rootOfUnity(logOrder: k)`:
///
/// - `forward` maps coefficients c₀ … c_{n−1} (lowest first) of p(X) = Σ cⱼXʲ to the
///   evaluations p(shift·ωⁱ), i = 0 … n−1;
/// - `inverse` maps those evaluations back to the coefficients.
///
/// Sizes: any power of two from 1 to 2^32 (memory permitting); other lengths trap. Twiddles are
/// base-field elements (mixed products `E * Goldilocks`), so the same code serves Goldilocks and
/// its extension. Large transforms run in parallel through `parallelFor` (see `NTTKernels` for
/// the cache blocking); results do not depend on the thread count.
public enum NTT {
    // MARK: - Vectors

    /// Coefficients → evaluations on `shift·⟨ω_n⟩`, in place.
    ///
    /// - Parameters:
    ///   - values: n = 2^k coefficients of p, lowest first (or bit-reversed, see `inputOrder`).
    ///   - shift: the coset offset (1, the default, gives the subgroup itself).
    ///   - inputOrder: the order of the coefficients.
    ///   - outputOrder: the order of the evaluations; `.bitReversed` saves a permutation.
    @inlinable
    public static func forward<E: FieldElement>(
        _ values: inout [E], shift: Goldilocks = .one,
        inputOrder: NTTOrder = .natural, outputOrder: NTTOrder = .natural
    ) {
        let logSize = values.count.exactLog2
        values.withUnsafeMutableBufferPointer { buffer in
            transform(buffer.baseAddress!, logSize: logSize, width: 1, inverse: false, shift: shift,
                      inputOrder: inputOrder, outputOrder: outputOrder)
        }
    }

    /// Evaluations on `shift·⟨ω_n⟩` → coefficients, in place (the inverse of `forward` with the
    /// same shift; `inputOrder` is the evaluations' order, `outputOrder` the coefficients').
    /// Precondition: `shift` is nonzero.
    @inlinable
    public static func inverse<E: FieldElement>(
        _ values: inout [E], shift: Goldilocks = .one,
        inputOrder: NTTOrder = .natural, outputOrder: NTTOrder = .natural
    ) {
        let logSize = values.count.exactLog2
        values.withUnsafeMutableBufferPointer { buffer in
            transform(buffer.baseAddress!, logSize: logSize, width: 1, inverse: true, shift: shift,
                      inputOrder: inputOrder, outputOrder: outputOrder)
        }
    }

    // MARK: - Matrices (every column a polynomial)

    /// `forward` applied to every column of `matrix` (height a power of two), in place. The
    /// orders refer to the rows.
    @inlinable
    public static func forward<E: FieldElement>(
        _ matrix: inout RowMajorMatrix<E>, shift: Goldilocks = .one,
        inputOrder: NTTOrder = .natural, outputOrder: NTTOrder = .natural
    ) {
        let logSize = matrix.height.exactLog2
        let width = matrix.width
        matrix.values.withUnsafeMutableBufferPointer { buffer in
            transform(buffer.baseAddress!, logSize: logSize, width: width, inverse: false, shift: shift,
                      inputOrder: inputOrder, outputOrder: outputOrder)
        }
    }

    /// `inverse` applied to every column of `matrix` (height a power of two), in place.
    @inlinable
    public static func inverse<E: FieldElement>(
        _ matrix: inout RowMajorMatrix<E>, shift: Goldilocks = .one,
        inputOrder: NTTOrder = .natural, outputOrder: NTTOrder = .natural
    ) {
        let logSize = matrix.height.exactLog2
        let width = matrix.width
        matrix.values.withUnsafeMutableBufferPointer { buffer in
            transform(buffer.baseAddress!, logSize: logSize, width: width, inverse: true, shift: shift,
                      inputOrder: inputOrder, outputOrder: outputOrder)
        }
    }

    // MARK: - The transform on raw rows

    /// Transforms `2^logSize` rows of `width` elements at `data` (every column independently):
    /// scale coefficients by shiftⁱ (forward, natural order), then DIF (natural → bit-reversed)
    /// or DIT (bit-reversed → natural) with a row permutation when the orders ask for it; the
    /// inverse uses the inverse twiddles and then scales coefficient i by n⁻¹·shift⁻ⁱ. Each step
    /// is split across threads (see `NTTKernels.dif` for how the butterflies are).
    @inlinable
    static func transform<E: FieldElement>(
        _ data: UnsafeMutablePointer<E>, logSize: Int, width: Int, inverse: Bool, shift: Goldilocks,
        inputOrder: NTTOrder, outputOrder: NTTOrder
    ) {
        precondition(!inverse || shift != .zero, "the inverse NTT needs a nonzero coset shift")
        let table = NTTTwiddles.table(logSize: logSize, inverse: inverse)
        withExtendedLifetime(table) {
            var inputOrder = inputOrder
            if !inverse, shift != .one {
                // Coefficient i is multiplied by shiftⁱ: do it in natural order.
                if inputOrder == .bitReversed {
                    NTTKernels.bitReverseRows(data, logSize: logSize, width: width, parallel: true)
                    inputOrder = .natural
                }
                NTTKernels.scaleRows(data, logSize: logSize, width: width, constant: .one, ratio: shift, parallel: true)
            }
            // The order the kernels leave the result in; for the inverse with a shift the
            // coefficients must be scaled in natural order.
            let wantedOrder = (inverse && shift != .one) ? .natural : outputOrder
            switch (inputOrder, wantedOrder) {
            case (.natural, .bitReversed):
                NTTKernels.dif(data, logSize: logSize, width: width, table: table, parallel: true)
            case (.bitReversed, .natural):
                NTTKernels.dit(data, logSize: logSize, width: width, table: table, parallel: true)
            case (.natural, .natural):
                NTTKernels.dif(data, logSize: logSize, width: width, table: table, parallel: true)
                NTTKernels.bitReverseRows(data, logSize: logSize, width: width, parallel: true)
            case (.bitReversed, .bitReversed):
                NTTKernels.bitReverseRows(data, logSize: logSize, width: width, parallel: true)
                NTTKernels.dif(data, logSize: logSize, width: width, table: table, parallel: true)
            }
            if inverse {
                let nInverse = Goldilocks(reducing: UInt64(1) << UInt64(logSize)).inverse()
                NTTKernels.scaleRows(data, logSize: logSize, width: width, constant: nInverse,
                                     ratio: shift == .one ? .one : shift.inverse(), parallel: true)
                if wantedOrder != outputOrder {
                    NTTKernels.bitReverseRows(data, logSize: logSize, width: width, parallel: true)
                }
            }
        }
    }
}
