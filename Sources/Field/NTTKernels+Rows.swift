/// The butterfly loops for matrices: every butterfly acts on two whole rows (`width` elements,
/// stored one after the other) with one twiddle, the inner loop running along the row. See
/// `NTTKernels`.
extension NTTKernels {
    // MARK: - Row stages

    /// DIF butterflies on rows: as `difVectorPairs` with every index scaled by `width`.
    @inlinable @_optimize(size)
    static func difRowPairs<E: FieldElement>(
        _ data: UnsafeMutablePointer<E>, width: Int, logHalf: Int, twiddles: UnsafeMutablePointer<Goldilocks>,
        pairs: Range<Int>
    ) {
        let half = 1 << logHalf
        for t in pairs {
            let j = t & (half - 1)
            let x = data + (((t >> logHalf) << (logHalf + 1)) + j) * width
            let y = x + half * width
            let w = twiddles[j]
            if j == 0 {
                for c in 0..<width {
                    let a = x[c], b = y[c]
                    x[c] = a + b
                    y[c] = a - b
                }
            } else {
                for c in 0..<width {
                    let a = x[c], b = y[c]
                    x[c] = a + b
                    y[c] = (a - b) * w
                }
            }
        }
    }

    /// DIT butterflies on rows.
    @inlinable @_optimize(size)
    static func ditRowPairs<E: FieldElement>(
        _ data: UnsafeMutablePointer<E>, width: Int, logHalf: Int, twiddles: UnsafeMutablePointer<Goldilocks>,
        pairs: Range<Int>
    ) {
        let half = 1 << logHalf
        for t in pairs {
            let j = t & (half - 1)
            let x = data + (((t >> logHalf) << (logHalf + 1)) + j) * width
            let y = x + half * width
            let w = twiddles[j]
            if j == 0 {
                for c in 0..<width {
                    let a = x[c], b = y[c]
                    x[c] = a + b
                    y[c] = a - b
                }
            } else {
                for c in 0..<width {
                    let a = x[c], b = y[c] * w
                    x[c] = a + b
                    y[c] = a - b
                }
            }
        }
    }

    /// `difVectorQuads` on rows.
    @inlinable @_optimize(size)
    static func difRowQuads<E: FieldElement>(
        _ data: UnsafeMutablePointer<E>, width: Int, logHalf: Int, outer: UnsafeMutablePointer<Goldilocks>,
        inner: UnsafeMutablePointer<Goldilocks>, groups: Range<Int>
    ) {
        let half = 1 << logHalf, quarter = half >> 1
        for t in groups {
            let j = t & (quarter - 1)
            let p0 = data + (((t >> (logHalf - 1)) << (logHalf + 1)) + j) * width
            let p1 = p0 + quarter * width, p2 = p0 + half * width, p3 = p2 + quarter * width
            let w1 = outer[j], w2 = outer[quarter + j], w = inner[j]
            for c in 0..<width {
                let x0 = p0[c], x1 = p1[c], x2 = p2[c], x3 = p3[c]
                let y0 = x0 + x2, y2 = (x0 - x2) * w1
                let y1 = x1 + x3, y3 = (x1 - x3) * w2
                p0[c] = y0 + y1
                p1[c] = (y0 - y1) * w
                p2[c] = y2 + y3
                p3[c] = (y2 - y3) * w
            }
        }
    }

    /// `ditVectorQuads` on rows.
    @inlinable @_optimize(size)
    static func ditRowQuads<E: FieldElement>(
        _ data: UnsafeMutablePointer<E>, width: Int, logHalf: Int, outer: UnsafeMutablePointer<Goldilocks>,
        inner: UnsafeMutablePointer<Goldilocks>, groups: Range<Int>
    ) {
        let half = 1 << logHalf, quarter = half >> 1
        for t in groups {
            let j = t & (quarter - 1)
            let p0 = data + (((t >> (logHalf - 1)) << (logHalf + 1)) + j) * width
            let p1 = p0 + quarter * width, p2 = p0 + half * width, p3 = p2 + quarter * width
            let w1 = outer[j], w2 = outer[quarter + j], w = inner[j]
            for c in 0..<width {
                let x0 = p0[c], x1 = p1[c] * w, x2 = p2[c], x3 = p3[c] * w
                let y0 = x0 + x1, y1 = x0 - x1
                let y2 = (x2 + x3) * w1, y3 = (x2 - x3) * w2
                p0[c] = y0 + y2
                p2[c] = y0 - y2
                p1[c] = y1 + y3
                p3[c] = y1 - y3
            }
        }
    }

    /// `difVectorRadix4Tail` on rows.
    @inlinable @_optimize(size)
    static func difRowRadix4Tail<E: FieldElement>(
        _ data: UnsafeMutablePointer<E>, width: Int, rows: Int, quarterRoot: Goldilocks
    ) {
        var r0 = data
        for _ in 0..<(rows / 4) {
            let r1 = r0 + width, r2 = r1 + width, r3 = r2 + width
            for c in 0..<width {
                let x0 = r0[c], x1 = r1[c], x2 = r2[c], x3 = r3[c]
                let y0 = x0 + x2, y2 = x0 - x2
                let y1 = x1 + x3, y3 = (x1 - x3) * quarterRoot
                r0[c] = y0 + y1
                r1[c] = y0 - y1
                r2[c] = y2 + y3
                r3[c] = y2 - y3
            }
            r0 += 4 * width
        }
    }

    /// `ditVectorRadix4Head` on rows.
    @inlinable @_optimize(size)
    static func ditRowRadix4Head<E: FieldElement>(
        _ data: UnsafeMutablePointer<E>, width: Int, rows: Int, quarterRoot: Goldilocks
    ) {
        var r0 = data
        for _ in 0..<(rows / 4) {
            let r1 = r0 + width, r2 = r1 + width, r3 = r2 + width
            for c in 0..<width {
                let x0 = r0[c], x1 = r1[c], x2 = r2[c], x3 = r3[c]
                let y0 = x0 + x1, y1 = x0 - x1
                let y2 = x2 + x3, y3 = (x2 - x3) * quarterRoot
                r0[c] = y0 + y2
                r2[c] = y0 - y2
                r1[c] = y1 + y3
                r3[c] = y1 - y3
            }
            r0 += 4 * width
        }
    }
}
