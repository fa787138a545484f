/// Barycentric evaluation: the value at an arbitrary point of a polynomial given by its values
/// over a coset, without interpolating.
///
/// For D = s·H with H = ⟨ω_n⟩, points xᵢ and the vanishing polynomial Z(X) = Xⁿ − sⁿ, the Lagrange
/// basis is Lᵢ(z) = Z(z) / (Z′(xᵢ)·(z − xᵢ)) and Z′(xᵢ) = n·xᵢⁿ⁻¹ = n·sⁿ/xᵢ, so
///
///     f(z) = Z(z)/(n·sⁿ) · Σᵢ f(xᵢ) · xᵢ/(z − xᵢ)        (z ∉ D).
///
/// The weights xᵢ/(z − xᵢ) cost one batch inversion per piece of rows; each entry then costs one
/// (mixed) multiplication. A point of D is answered by looking its value up.
@usableFromInline
enum Barycentric {
    /// Rows whose weights are computed (and batch-inverted) together.
    @usableFromInline static let pieceRows = 1 << 12

    /// The domain point of row `row`: s·ωⁱ with i = row (natural) or reverseBits(row) (bit-reversed).
    /// `twiddles` is the forward table level with ω_n^j for j < n/2 (ω_n^{j + n/2} = −ω_n^j).
    @inlinable @inline(__always)
    static func point(
        row: Int, logSize: Int, shift: Goldilocks, bitReversed: Bool, twiddles: UnsafePointer<Goldilocks>
    ) -> Goldilocks {
        if logSize == 0 { return shift }
        let exponent = bitReversed ? reverseBits(row, bits: logSize) : row
        let half = 1 << (logSize - 1)
        let root = twiddles[exponent & (half - 1)]
        return exponent >= half ? -(shift * root) : shift * root
    }

    /// The weights xᵢ/(z − xᵢ) for `rows` (z must not be a domain point).
    @inlinable
    static func weights<Z: FieldElement>(
        rows: Range<Int>, logSize: Int, shift: Goldilocks, bitReversed: Bool,
        twiddles: UnsafePointer<Goldilocks>, at z: Z
    ) -> [Z] {
        var points = [Goldilocks]()
        points.reserveCapacity(rows.count)
        for row in rows {
            points.append(point(row: row, logSize: logSize, shift: shift, bitReversed: bitReversed, twiddles: twiddles))
        }
        var weights = points.map { z - Z($0) }
        batchInvert(&weights)
        for i in weights.indices { weights[i] = weights[i] * points[i] }
        return weights
    }

    /// Z(z)/(n·sⁿ): the factor outside the sum.
    @inlinable
    static func outerFactor<Z: FieldElement>(domain: TwoAdicCoset, at z: Z) -> Z {
        let shiftToN = domain.shift.squared(times: domain.logSize)
        let denominator = Goldilocks(reducing: UInt64(domain.size)) * shiftToN
        return domain.vanishing(at: z) * denominator.inverse()
    }

    /// The row of `domain` (in the given order) that equals z, if z is a domain point.
    @inlinable
    static func domainRow<Z: FieldElement>(
        of z: Z, domain: TwoAdicCoset, bitReversed: Bool, twiddles: UnsafePointer<Goldilocks>
    ) -> Int? {
        guard domain.vanishing(at: z).isZero else { return nil }
        return (0..<domain.size).first {
            Z(point(row: $0, logSize: domain.logSize, shift: domain.shift, bitReversed: bitReversed, twiddles: twiddles)) == z
        }
    }

    /// Runs `body` with the forward twiddle level holding ω_n^j, j < n/2.
    @inlinable
    static func withTwiddles<R>(logSize: Int, _ body: (UnsafePointer<Goldilocks>) -> R) -> R {
        let table = NTTTwiddles.table(logSize: max(logSize, 1), inverse: false)
        return withExtendedLifetime(table) {
            body(UnsafePointer(table.level(half: 1 << max(logSize - 1, 0))))
        }
    }

    /// One vector over `domain` (natural order) at `z`.
    @inlinable
    static func evaluate<E: FieldElement>(_ values: [E], over domain: TwoAdicCoset, at z: E) -> E {
        precondition(values.count == domain.size, "\(values.count) values for a domain of \(domain.size)")
        return withTwiddles(logSize: domain.logSize) { twiddles in
            if let row = domainRow(of: z, domain: domain, bitReversed: false, twiddles: twiddles) { return values[row] }
            var sum = E.zero
            var start = 0
            while start < values.count {
                let rows = start..<min(start + pieceRows, values.count)
                let weights = weights(rows: rows, logSize: domain.logSize, shift: domain.shift, bitReversed: false,
                                      twiddles: twiddles, at: z)
                for (k, row) in rows.enumerated() { sum += values[row] * weights[k] }
                start = rows.upperBound
            }
            return sum * outerFactor(domain: domain, at: z)
        }
    }

    /// Splits `rows` rows into at most `Parallelism.threadCount` contiguous parts, runs `part` on
    /// each (in parallel) and adds up the per-part column sums (`width` each).
    @inlinable
    static func sumOverParts<Z: FieldElement>(rows: Int, width: Int, _ part: (Range<Int>) -> [Z]) -> [Z] {
        let parts = max(1, min(Parallelism.threadCount, rows * width / 8192))
        var partials = [[Z]](repeating: [], count: parts)
        partials.withUnsafeMutableBufferPointer { slots in
            parallelFor(0..<parts, minimumChunk: 1) { indices in
                for index in indices {
                    slots[index] = part(rows * index / parts..<rows * (index + 1) / parts)
                }
            }
        }
        var total = [Z](repeating: .zero, count: width)
        for partial in partials {
            for c in 0..<width { total[c] += partial[c] }
        }
        return total
    }

    /// Every column of a base matrix at an extension point. The inner sums are accumulated
    /// without reduction: each product f·w (f, w < p < 2^64) is < 2^128 and is added into a
    /// 192-bit accumulator (low, high, top words); `top` counts carries out of 128 bits, at most
    /// one per row, so it cannot overflow. 2^128 ≡ −2^32 (mod p) folds `top` back at the end.
    @inlinable
    static func evaluateColumns(
        _ matrix: RowMajorMatrix<Goldilocks>, at z: GoldilocksExtension, over domain: TwoAdicCoset, bitReversed: Bool
    ) -> [GoldilocksExtension] {
        let rows = matrix.height, width = matrix.width
        precondition(rows == domain.size, "matrix height \(rows) differs from the domain size \(domain.size)")
        return withTwiddles(logSize: domain.logSize) { twiddles in
            if let row = domainRow(of: z, domain: domain, bitReversed: bitReversed, twiddles: twiddles) {
                return matrix.row(row).map(GoldilocksExtension.init)
            }
            let sums = matrix.values.withUnsafeBufferPointer { buffer in
                let data = buffer.baseAddress!
                return sumOverParts(rows: rows, width: width) { part -> [GoldilocksExtension] in
                    // Per column: (low, high, top) for c₀, then for c₁.
                    var accumulators = [UInt64](repeating: 0, count: 6 * width)
                    accumulators.withUnsafeMutableBufferPointer { accumulator in
                        let acc = accumulator.baseAddress!
                        var start = part.lowerBound
                        while start < part.upperBound {
                            let pieceRows = start..<min(start + Barycentric.pieceRows, part.upperBound)
                            let weights = weights(rows: pieceRows, logSize: domain.logSize, shift: domain.shift,
                                                  bitReversed: bitReversed, twiddles: twiddles, at: z)
                            weights.withUnsafeBufferPointer { weights in
                                accumulateRows(data + pieceRows.lowerBound * width, width: width, rows: pieceRows.count,
                                               weights: weights.baseAddress!, into: acc)
                            }
                            start = pieceRows.upperBound
                        }
                    }
                    return (0..<width).map { c in
                        GoldilocksExtension(reduce192(accumulators, at: 6 * c), reduce192(accumulators, at: 6 * c + 3))
                    }
                }
            }
            let factor = outerFactor(domain: domain, at: z)
            return sums.map { $0 * factor }
        }
    }

    /// Every column of an extension matrix at an extension point (canonical arithmetic).
    @inlinable
    static func evaluateColumns(
        _ matrix: RowMajorMatrix<GoldilocksExtension>, at z: GoldilocksExtension, over domain: TwoAdicCoset, bitReversed: Bool
    ) -> [GoldilocksExtension] {
        let rows = matrix.height, width = matrix.width
        precondition(rows == domain.size, "matrix height \(rows) differs from the domain size \(domain.size)")
        return withTwiddles(logSize: domain.logSize) { twiddles in
            if let row = domainRow(of: z, domain: domain, bitReversed: bitReversed, twiddles: twiddles) {
                return Array(matrix.row(row))
            }
            let sums = matrix.values.withUnsafeBufferPointer { buffer in
                let data = buffer.baseAddress!
                return sumOverParts(rows: rows, width: width) { part -> [GoldilocksExtension] in
                    var sums = [GoldilocksExtension](repeating: .zero, count: width)
                    var start = part.lowerBound
                    while start < part.upperBound {
                        let pieceRows = start..<min(start + Barycentric.pieceRows, part.upperBound)
                        let weights = weights(rows: pieceRows, logSize: domain.logSize, shift: domain.shift,
                                              bitReversed: bitReversed, twiddles: twiddles, at: z)
                        for (k, row) in pieceRows.enumerated() {
                            let entries = data + row * width
                            for c in 0..<width { sums[c] += entries[c] * weights[k] }
                        }
                        start = pieceRows.upperBound
                    }
                    return sums
                }
            }
            let factor = outerFactor(domain: domain, at: z)
            return sums.map { $0 * factor }
        }
    }

    /// For `rows` rows of `width` entries at `data` and their weights: adds fᵣ,c·wᵣ (both
    /// coordinates of w) into column c's accumulators (six words per column, see
    /// `evaluateColumns`). `@_optimize(size)` keeps the carries as flag arithmetic instead of
    /// branches (see `NTTKernels`).
    @inlinable @_optimize(size)
    static func accumulateRows(
        _ data: UnsafePointer<Goldilocks>, width: Int, rows: Int, weights: UnsafePointer<GoldilocksExtension>,
        into acc: UnsafeMutablePointer<UInt64>
    ) {
        for k in 0..<rows {
            let w0 = weights[k].c0.value, w1 = weights[k].c1.value
            let entries = data + k * width
            for c in 0..<width {
                let f = entries[c].value
                accumulate(acc + 6 * c, f.multipliedFullWidth(by: w0))
                accumulate(acc + 6 * c + 3, f.multipliedFullWidth(by: w1))
            }
        }
    }

    /// Adds a 128-bit product into the 192-bit accumulator at `slot` (low, high, top).
    @inlinable @inline(__always)
    static func accumulate(_ slot: UnsafeMutablePointer<UInt64>, _ product: (high: UInt64, low: UInt64)) {
        let (low, carry) = slot[0].addingReportingOverflow(product.low)
        slot[0] = low
        // A product of two values < 2^64 has a high word ≤ 2^64 − 2, so adding the carry can't wrap.
        let (high, carryOut) = slot[1].addingReportingOverflow(product.high &+ (carry ? 1 : 0))
        slot[1] = high
        slot[2] &+= carryOut ? 1 : 0
    }

    /// The field element congruent to top·2^128 + high·2^64 + low (2^128 ≡ −2^32 mod p).
    @inlinable
    static func reduce192(_ words: [UInt64], at index: Int) -> Goldilocks {
        let lower = Goldilocks.reducing(high: words[index + 1], low: words[index])
        return lower - Goldilocks(reducing: words[index + 2]) * Goldilocks(reducing: 1 << 32)
    }
}

// MARK: - Public entry points

extension RowMajorMatrix where Element == Goldilocks {
    /// Every column's interpolant at `z`, where column j holds its values over `domain` in
    /// natural row order (row i at shift·ωⁱ); height = `domain.size`.
    ///
    /// Barycentric (see `Barycentric`): O(height·width), one batch inversion per 4096 rows, rows
    /// split across threads. A `z` in the domain returns that row.
    @inlinable
    public func evaluateColumns(at z: GoldilocksExtension, over domain: TwoAdicCoset) -> [GoldilocksExtension] {
        Barycentric.evaluateColumns(self, at: z, over: domain, bitReversed: false)
    }

    /// As `evaluateColumns(at:over:)` for a matrix whose rows are in bit-reversed order — row i at
    /// shift·ω^{reverseBits(i, bits: logSize)}, the layout `cosetLDE` produces.
    @inlinable
    public func evaluateColumns(at z: GoldilocksExtension, overBitReversed domain: TwoAdicCoset) -> [GoldilocksExtension] {
        Barycentric.evaluateColumns(self, at: z, over: domain, bitReversed: true)
    }
}

extension RowMajorMatrix where Element == GoldilocksExtension {
    /// Every column's interpolant at `z` (natural row order; see the base-field version).
    @inlinable
    public func evaluateColumns(at z: GoldilocksExtension, over domain: TwoAdicCoset) -> [GoldilocksExtension] {
        Barycentric.evaluateColumns(self, at: z, over: domain, bitReversed: false)
    }

    /// Every column's interpolant at `z` (bit-reversed row order; see the base-field version).
    @inlinable
    public func evaluateColumns(at z: GoldilocksExtension, overBitReversed domain: TwoAdicCoset) -> [GoldilocksExtension] {
        Barycentric.evaluateColumns(self, at: z, over: domain, bitReversed: true)
    }
}
