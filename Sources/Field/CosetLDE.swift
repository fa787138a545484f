/// Low-degree extension onto a coset, in bit-reversed order.
///
/// Input: the evaluations of a polynomial p (deg p < n, n = 2^k) over the subgroup H = ⟨ω_n⟩, in
/// natural order (row i = p(ω_nⁱ)). Output: its evaluations over the coset shift·⟨ω_N⟩ with
/// N = n·2^logBlowup, in **bit-reversed** order:
///
///     row i = p(shift · ω_N^{reverseBits(i, bits: log₂ N)}),
///
/// so rows 2i and 2i + 1 are the points x and −x (the order Merkle trees and FRI consume).
///
/// Method: one inverse NTT of size n (row-permuted input, DIT → natural coefficients), then for
/// each of the B = 2^logBlowup blocks of n consecutive output rows one forward DIF of size n. Block
/// b holds the coset shift·ω_N^{rev_B(b)}·H in bit-reversed order, because the top logBlowup bits
/// of a row index become the low bits of its reversal; so block b is the DIF of the coefficients
/// scaled by (shift·ω_N^{rev_B(b)})ʲ. This never transforms the zero padding.
extension NTT {
    /// The coset LDE of one column (see the extension's documentation for the output order).
    ///
    /// - Parameters:
    ///   - evaluations: p over H = ⟨ω_n⟩ in natural order; n a power of two.
    ///   - logBlowup: log₂ of N/n (0 re-evaluates on the coset at the same size).
    ///   - shift: the coset offset. For a domain disjoint from H it must lie outside ⟨ω_N⟩ (the
    ///     default, the multiplicative generator, does: it generates all of F_p^*).
    /// - Returns: N values, row i = p(shift·ω_N^{reverseBits(i, bits: log₂ N)}).
    @inlinable
    public static func cosetLDE<E: FieldElement>(
        _ evaluations: [E], logBlowup: Int, shift: Goldilocks = .multiplicativeGenerator
    ) -> [E] {
        let logRows = evaluations.count.exactLog2
        precondition(logBlowup >= 0 && logRows + logBlowup <= Goldilocks.twoAdicity, "LDE size beyond 2^32")
        var result = [E](repeating: .zero, count: evaluations.count << logBlowup)
        evaluations.withUnsafeBufferPointer { input in
            result.withUnsafeMutableBufferPointer { output in
                cosetLDE(input.baseAddress!, logRows: logRows, width: 1, logBlowup: logBlowup, shift: shift,
                         output: output.baseAddress!)
            }
        }
        return result
    }

    /// The LDE on raw rows: `2^logRows` rows of `width` at `input` (natural order, values over
    /// H) → `2^(logRows + logBlowup)` rows at `output` (bit-reversed coset order). Every step is
    /// split across threads.
    @inlinable
    static func cosetLDE<E: FieldElement>(
        _ input: UnsafePointer<E>, logRows: Int, width: Int, logBlowup: Int, shift: Goldilocks,
        output: UnsafeMutablePointer<E>
    ) {
        let rows = 1 << logRows
        let blocks = 1 << logBlowup
        let blockStride = rows * width
        let minimumChunk = max(1, NTTKernels.minimumParallelElements / width)
        // 1. Block 0 ← the input rows in bit-reversed order (the DIT input order).
        parallelFor(0..<rows, minimumChunk: minimumChunk) { chunk in
            for i in chunk {
                (output + reverseBits(i, bits: logRows) * width).update(from: input + i * width, count: width)
            }
        }
        // 2. Inverse DIT: block 0 holds n·(coefficients), natural order.
        let inverseTable = NTTTwiddles.table(logSize: logRows, inverse: true)
        withExtendedLifetime(inverseTable) {
            NTTKernels.dit(output, logSize: logRows, width: width, table: inverseTable, parallel: true)
        }
        // 3. Block b ← coefficient j times n⁻¹·(shift·g_b)ʲ, g_b = ω_N^{rev(b)}; block 0 last,
        //    in place, since the others read it.
        let nInverse = Goldilocks(reducing: UInt64(1) << UInt64(logRows)).inverse()
        let rootN = Goldilocks.rootOfUnity(logOrder: logRows + logBlowup)
        let ratios = (0..<blocks).map { block in
            shift * rootN.power(UInt64(reverseBits(block, bits: logBlowup)))
        }
        parallelFor(0..<rows, minimumChunk: max(1, minimumChunk / blocks)) { chunk in
            for block in stride(from: blocks - 1, through: 0, by: -1) {
                let ratio = ratios[block]
                NTTKernels.scaledCopy(from: output, to: output + block * blockStride, width: width, rows: chunk,
                                      firstFactor: nInverse * ratio.power(UInt64(chunk.lowerBound)), ratio: ratio)
            }
        }
        // 4. A forward DIF per block.
        let forwardTable = NTTTwiddles.table(logSize: logRows, inverse: false)
        withExtendedLifetime(forwardTable) {
            for block in 0..<blocks {
                NTTKernels.dif(output + block * blockStride, logSize: logRows, width: width, table: forwardTable,
                               parallel: true)
            }
        }
    }
}

extension RowMajorMatrix where Element: FieldElement {
    /// The coset LDE of every column (see `NTT.cosetLDE(_:logBlowup:shift:)`).
    ///
    /// Input: `self` holds each column's evaluations over H = ⟨ω_n⟩, n = height (a power of two),
    /// natural row order. Output: height N = n·2^logBlowup, and
    ///
    ///     row i = the columns' interpolants at shift·ω_N^{reverseBits(i, bits: log₂ N)}
    ///
    /// (bit-reversed row order: rows 2i and 2i + 1 are x and −x).
    @inlinable
    public func cosetLDE(logBlowup: Int, shift: Goldilocks = .multiplicativeGenerator) -> RowMajorMatrix<Element> {
        let logRows = height.exactLog2
        precondition(logBlowup >= 0 && logRows + logBlowup <= Goldilocks.twoAdicity, "LDE size beyond 2^32")
        let width = self.width
        let count = values.count << logBlowup
        let values: [Element]
        if _isPOD(Element.self) {
            // Every entry is written before it is read (steps 1 and 3 cover all rows) and plain
            // data needs no initialisation, so skip zero-filling the (possibly large) result.
            values = [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
                self.values.withUnsafeBufferPointer { input in
                    NTT.cosetLDE(input.baseAddress!, logRows: logRows, width: width, logBlowup: logBlowup,
                                 shift: shift, output: buffer.baseAddress!)
                }
                initialized = count
            }
        } else {
            var filled = [Element](repeating: .zero, count: count)
            filled.withUnsafeMutableBufferPointer { buffer in
                self.values.withUnsafeBufferPointer { input in
                    NTT.cosetLDE(input.baseAddress!, logRows: logRows, width: width, logBlowup: logBlowup,
                                 shift: shift, output: buffer.baseAddress!)
                }
            }
            values = filled
        }
        return RowMajorMatrix(values: values, width: width)
    }
}
