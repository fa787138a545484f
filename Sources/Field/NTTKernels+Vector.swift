/// The butterfly loops for vectors (width 1): see `NTTKernels`.
extension NTTKernels {
    // MARK: - Vector stages (width 1)

    /// DIF butterflies with span `2^logHalf` for the butterfly indices in `pairs`. Butterfly t
    /// lives in block t >> logHalf at offset j = t mod half and pairs elements
    /// (block·2·half + j, … + half) with twiddle `twiddles[j]`.
    @inlinable @_optimize(size)
    static func difVectorPairs<E: FieldElement>(
        _ data: UnsafeMutablePointer<E>, logHalf: Int, twiddles: UnsafeMutablePointer<Goldilocks>, pairs: Range<Int>
    ) {
        let half = 1 << logHalf
        var t = pairs.lowerBound
        while t < pairs.upperBound {
            let j0 = t & (half - 1)
            let run = min(half - j0, pairs.upperBound - t)
            let x = data + ((t >> logHalf) << (logHalf + 1)) + j0
            let y = x + half
            let w = twiddles + j0
            for k in 0..<run {
                let a = x[k], b = y[k]
                x[k] = a + b
                y[k] = (a - b) * w[k]
            }
            t += run
        }
    }

    /// DIT butterflies with span `2^logHalf` (indexing as in `difVectorPairs`).
    @inlinable @_optimize(size)
    static func ditVectorPairs<E: FieldElement>(
        _ data: UnsafeMutablePointer<E>, logHalf: Int, twiddles: UnsafeMutablePointer<Goldilocks>, pairs: Range<Int>
    ) {
        let half = 1 << logHalf
        var t = pairs.lowerBound
        while t < pairs.upperBound {
            let j0 = t & (half - 1)
            let run = min(half - j0, pairs.upperBound - t)
            let x = data + ((t >> logHalf) << (logHalf + 1)) + j0
            let y = x + half
            let w = twiddles + j0
            for k in 0..<run {
                let a = x[k], b = y[k] * w[k]
                x[k] = a + b
                y[k] = a - b
            }
            t += run
        }
    }

    /// The DIF stages with spans 2 and 1 fused, on consecutive groups of four (twiddles 1, ω₄
    /// for span 2 and 1 for span 1): one multiplication per group.
    @inlinable @_optimize(size)
    static func difVectorRadix4Tail<E: FieldElement>(_ data: UnsafeMutablePointer<E>, count: Int, quarterRoot: Goldilocks) {
        var p = data
        let end = data + count
        while p < end {
            let x0 = p[0], x1 = p[1], x2 = p[2], x3 = p[3]
            let y0 = x0 + x2, y2 = x0 - x2
            let y1 = x1 + x3, y3 = (x1 - x3) * quarterRoot
            p[0] = y0 + y1
            p[1] = y0 - y1
            p[2] = y2 + y3
            p[3] = y2 - y3
            p += 4
        }
    }

    /// The DIT stages with spans 1 and 2 fused (mirror of `difVectorRadix4Tail`).
    @inlinable @_optimize(size)
    static func ditVectorRadix4Head<E: FieldElement>(_ data: UnsafeMutablePointer<E>, count: Int, quarterRoot: Goldilocks) {
        var p = data
        let end = data + count
        while p < end {
            let x0 = p[0], x1 = p[1], x2 = p[2], x3 = p[3]
            let y0 = x0 + x1, y1 = x0 - x1
            let y2 = x2 + x3, y3 = (x2 - x3) * quarterRoot
            p[0] = y0 + y2
            p[2] = y0 - y2
            p[1] = y1 + y3
            p[3] = y1 - y3
            p += 4
        }
    }

    /// Radix-4 DIF: the stages with spans h = 2^logHalf and h/2 in one pass. Group t has offset
    /// j = t mod h/2 in block t div (h/2) (of 2h elements) and elements x₀…x₃ at j, j + h/2,
    /// j + h, j + 3h/2. Span h pairs (x₀, x₂) with ω_{2h}^j and (x₁, x₃) with ω_{2h}^{j+h/2}
    /// (`outer`); span h/2 pairs both halves' results with ω_h^j (`inner`).
    @inlinable @_optimize(size)
    static func difVectorQuads<E: FieldElement>(
        _ data: UnsafeMutablePointer<E>, logHalf: Int, outer: UnsafeMutablePointer<Goldilocks>,
        inner: UnsafeMutablePointer<Goldilocks>, groups: Range<Int>
    ) {
        let half = 1 << logHalf, quarter = half >> 1
        var t = groups.lowerBound
        while t < groups.upperBound {
            let j0 = t & (quarter - 1)
            let run = min(quarter - j0, groups.upperBound - t)
            let p0 = data + ((t >> (logHalf - 1)) << (logHalf + 1)) + j0
            let p1 = p0 + quarter, p2 = p0 + half, p3 = p2 + quarter
            let w1 = outer + j0, w2 = outer + quarter + j0, w3 = inner + j0
            for k in 0..<run {
                let x0 = p0[k], x1 = p1[k], x2 = p2[k], x3 = p3[k]
                let y0 = x0 + x2, y2 = (x0 - x2) * w1[k]
                let y1 = x1 + x3, y3 = (x1 - x3) * w2[k]
                let w = w3[k]
                p0[k] = y0 + y1
                p1[k] = (y0 - y1) * w
                p2[k] = y2 + y3
                p3[k] = (y2 - y3) * w
            }
            t += run
        }
    }

    /// Radix-4 DIT: the stages with spans h/2 and h = 2^logHalf in one pass (the mirror of
    /// `difVectorQuads`, same indexing and twiddles).
    @inlinable @_optimize(size)
    static func ditVectorQuads<E: FieldElement>(
        _ data: UnsafeMutablePointer<E>, logHalf: Int, outer: UnsafeMutablePointer<Goldilocks>,
        inner: UnsafeMutablePointer<Goldilocks>, groups: Range<Int>
    ) {
        let half = 1 << logHalf, quarter = half >> 1
        var t = groups.lowerBound
        while t < groups.upperBound {
            let j0 = t & (quarter - 1)
            let run = min(quarter - j0, groups.upperBound - t)
            let p0 = data + ((t >> (logHalf - 1)) << (logHalf + 1)) + j0
            let p1 = p0 + quarter, p2 = p0 + half, p3 = p2 + quarter
            let w1 = outer + j0, w2 = outer + quarter + j0, w3 = inner + j0
            for k in 0..<run {
                let w = w3[k]
                let x0 = p0[k], x1 = p1[k] * w, x2 = p2[k], x3 = p3[k] * w
                let y0 = x0 + x1, y1 = x0 - x1
                let y2 = (x2 + x3) * w1[k], y3 = (x2 - x3) * w2[k]
                p0[k] = y0 + y2
                p2[k] = y0 - y2
                p1[k] = y1 + y3
                p3[k] = y1 - y3
            }
            t += run
        }
    }
}
