/// The butterfly loops behind `NTT` (radix-2 and radix-4), on raw pointers.
///
/// Two in-place transforms of size 2^logSize, both over "rows" of `width` elements (a vector is
/// the width-1 case, with its own loops; a matrix transforms all its columns at once, every
/// butterfly acting on two whole rows):
///
/// - **DIF** (Gentleman–Sande): natural-order input → bit-reversed output. Stage spans
///   half = n/2, n/4, …, 1; butterfly (x, y) ↦ (x + y, (x − y)·w).
/// - **DIT** (Cooley–Tukey): bit-reversed input → natural-order output. Stage spans
///   half = 1, 2, …, n/2; butterfly (x, y) ↦ (x + y·w, x − y·w).
///
/// With the forward table (roots ω) both compute evaluations at the powers of ω; with the
/// inverse table they compute the inverse DFT without the 1/n factor.
///
/// Cache blocking: the stages with a span of at least `blockRows` rows are whole passes over the
/// data; the remaining stages touch only aligned blocks of `blockRows` rows, which are processed
/// one block at a time through all of those stages (so a block stays in cache). The two smallest
/// spans (2 and 1) are fused into one radix-4 pass with a single multiplication per four
/// elements. Other passes are radix-4 (two stages per sweep over the data) with a radix-2 pass
/// for an odd stage.
///
/// Threads: the whole-pass stages are split by row index modulo `blockRows` (those stages never
/// mix residues), the block stages by block, so a transform has two parallel regions and no
/// barrier between stages. (Splitting wide matrices into column bands, one per thread, was
/// measured slower: 1.66× instead of 1.96× on two threads for 64 columns × 2^18 rows.)
///
/// **Why `@_optimize(size)` on the loops.** Goldilocks arithmetic selects on carries and
/// borrows (`x &- (borrow ? ε : 0)`). In a hot loop LLVM's select-to-branch heuristics
/// (SelectOptimize / x86 cmov conversion) turn those selects into conditional branches, which on
/// random field elements mispredict about half the time: the radix-2 loop ran 7–8× slower
/// (160 ms instead of 21 ms for 2^20). Both heuristics leave size-optimised functions alone, so
/// the selects stay `cmov`s; `@inline(__always)` field operations are still inlined. (Measured
/// alternative: branch-free mask arithmetic at -O was 2× slower than this.)
@usableFromInline
enum NTTKernels {
    /// Rows per cache block: about `cacheBlockBytes` of data (128 KiB; sizes from 8 KiB to 1 MiB
    /// measured the same for 2^20 elements: the butterflies are compute-bound). Tests shrink it
    /// so that small transforms exercise the whole-pass stages too.
    @usableFromInline nonisolated(unsafe) static var cacheBlockBytes = 1 << 17

    /// Elements per parallel chunk at least: below this, handing work to another thread costs
    /// more than it saves.
    @usableFromInline static let minimumParallelElements = 1 << 13

    /// log₂ of the rows per cache block for rows of `width` elements.
    @inlinable
    static func blockLog<E>(_: E.Type, width: Int, logSize: Int) -> Int {
        let rowBytes = width * MemoryLayout<E>.stride
        let rows = max(4, cacheBlockBytes / max(rowBytes, 1))
        return min(logSize, Int.bitWidth - 1 - rows.leadingZeroBitCount)
    }

    // MARK: - Drivers

    /// In-place DIF of `2^logSize` rows of `width` elements at `data`.
    ///
    /// Plan: the spans 2^(logSize−1) … 2^blockLog ("outer" stages: radix-4 pairs, a radix-2 pass
    /// for an odd one out), then every block of 2^blockLog rows through its remaining stages.
    /// The outer stages only combine rows whose indices agree modulo 2^blockLog, so with
    /// `parallel` the residues are split across threads and each thread runs all outer stages on
    /// its share without waiting for the others; then the blocks are split across threads. Two
    /// parallel regions in all.
    @inlinable
    static func dif<E: FieldElement>(
        _ data: UnsafeMutablePointer<E>, logSize: Int, width: Int, table: NTTTwiddleTable, parallel: Bool
    ) {
        guard logSize > 0 else { return }
        precondition(table.logMaxSize >= logSize)
        let blockLog = blockLog(E.self, width: width, logSize: logSize)
        let parallel = parallel && (width << logSize) >= 2 * minimumParallelElements
        if logSize > blockLog {
            forEachChunk(of: 0..<(1 << blockLog), parallel: parallel) { residues in
                difOuter(data, logSize: logSize, blockLog: blockLog, width: width, table: table, residues: residues)
            }
        }
        let blockStride = width << blockLog
        forEachChunk(of: 0..<(1 << (logSize - blockLog)), parallel: parallel) { blocks in
            for block in blocks {
                difBlock(data + block * blockStride, logSize: blockLog, width: width, table: table)
            }
        }
    }

    /// In-place DIT of `2^logSize` rows at `data` (the mirror of `dif`: blocks first, then the
    /// outer stages by residue).
    @inlinable
    static func dit<E: FieldElement>(
        _ data: UnsafeMutablePointer<E>, logSize: Int, width: Int, table: NTTTwiddleTable, parallel: Bool
    ) {
        guard logSize > 0 else { return }
        precondition(table.logMaxSize >= logSize)
        let blockLog = blockLog(E.self, width: width, logSize: logSize)
        let parallel = parallel && (width << logSize) >= 2 * minimumParallelElements
        let blockStride = width << blockLog
        forEachChunk(of: 0..<(1 << (logSize - blockLog)), parallel: parallel) { blocks in
            for block in blocks {
                ditBlock(data + block * blockStride, logSize: blockLog, width: width, table: table)
            }
        }
        if logSize > blockLog {
            forEachChunk(of: 0..<(1 << blockLog), parallel: parallel) { residues in
                ditOuter(data, logSize: logSize, blockLog: blockLog, width: width, table: table, residues: residues)
            }
        }
    }

    /// Runs `body` on `range` whole, or split across threads (chunks of at least `minimumChunk`).
    @inlinable @inline(__always)
    static func forEachChunk(of range: Range<Int>, parallel: Bool, minimumChunk: Int = 1, _ body: (Range<Int>) -> Void) {
        if parallel {
            parallelFor(range, minimumChunk: minimumChunk, body)
        } else {
            body(range)
        }
    }

    /// The outer DIF stages (spans ≥ 2^blockLog) restricted to the rows whose index modulo
    /// 2^blockLog lies in `residues`. A butterfly group's index has the same residue as its rows
    /// (spans are multiples of 2^blockLog), so the restriction is a sub-range of every aligned run
    /// of 2^blockLog groups.
    @inlinable
    static func difOuter<E: FieldElement>(
        _ data: UnsafeMutablePointer<E>, logSize: Int, blockLog: Int, width: Int, table: NTTTwiddleTable,
        residues: Range<Int>
    ) {
        let blockRows = 1 << blockLog
        var logHalf = logSize - 1
        while logHalf >= blockLog {
            let radix4 = logHalf - 1 >= blockLog
            let groups = 1 << (logSize - (radix4 ? 2 : 1))
            for base in stride(from: 0, to: groups, by: blockRows) {
                difPass(data, width: width, logHalf: logHalf, radix4: radix4, table: table,
                        groups: (base + residues.lowerBound)..<(base + residues.upperBound))
            }
            logHalf -= radix4 ? 2 : 1
        }
    }

    /// The outer DIT stages restricted to `residues` (see `difOuter`).
    @inlinable
    static func ditOuter<E: FieldElement>(
        _ data: UnsafeMutablePointer<E>, logSize: Int, blockLog: Int, width: Int, table: NTTTwiddleTable,
        residues: Range<Int>
    ) {
        let blockRows = 1 << blockLog
        var logHalf = blockLog
        while logHalf < logSize {
            let radix4 = logHalf + 1 < logSize
            let groups = 1 << (logSize - (radix4 ? 2 : 1))
            for base in stride(from: 0, to: groups, by: blockRows) {
                // Radix-4 passes are named by their larger span.
                ditPass(data, width: width, logHalf: radix4 ? logHalf + 1 : logHalf, radix4: radix4, table: table,
                        groups: (base + residues.lowerBound)..<(base + residues.upperBound))
            }
            logHalf += radix4 ? 2 : 1
        }
    }

    /// All DIF stages of one block of `2^logSize` rows (serial): radix-4 passes down to span 4,
    /// then the fused spans 2 and 1.
    @inlinable
    static func difBlock<E: FieldElement>(
        _ data: UnsafeMutablePointer<E>, logSize: Int, width: Int, table: NTTTwiddleTable
    ) {
        guard logSize >= 2 else {
            // A single span-1 stage: twiddle 1.
            difRowPairs(data, width: width, logHalf: 0, twiddles: table.level(half: 1), pairs: 0..<1)
            return
        }
        var logHalf = logSize - 1
        while logHalf >= 2 {
            let radix4 = logHalf - 1 >= 2
            difPass(data, width: width, logHalf: logHalf, radix4: radix4, table: table,
                    groups: 0..<(1 << (logSize - (radix4 ? 2 : 1))))
            logHalf -= radix4 ? 2 : 1
        }
        let quarterRoot = table.level(half: 2)[1]
        if width == 1 {
            difVectorRadix4Tail(data, count: 1 << logSize, quarterRoot: quarterRoot)
        } else {
            difRowRadix4Tail(data, width: width, rows: 1 << logSize, quarterRoot: quarterRoot)
        }
    }

    /// All DIT stages of one block of `2^logSize` rows (serial; the mirror of `difBlock`).
    @inlinable
    static func ditBlock<E: FieldElement>(
        _ data: UnsafeMutablePointer<E>, logSize: Int, width: Int, table: NTTTwiddleTable
    ) {
        guard logSize >= 2 else {
            ditRowPairs(data, width: width, logHalf: 0, twiddles: table.level(half: 1), pairs: 0..<1)
            return
        }
        let quarterRoot = table.level(half: 2)[1]
        if width == 1 {
            ditVectorRadix4Head(data, count: 1 << logSize, quarterRoot: quarterRoot)
        } else {
            ditRowRadix4Head(data, width: width, rows: 1 << logSize, quarterRoot: quarterRoot)
        }
        var logHalf = 2
        while logHalf < logSize {
            let radix4 = logHalf + 1 < logSize
            ditPass(data, width: width, logHalf: radix4 ? logHalf + 1 : logHalf, radix4: radix4, table: table,
                    groups: 0..<(1 << (logSize - (radix4 ? 2 : 1))))
            logHalf += radix4 ? 2 : 1
        }
    }

    /// One DIF pass over `groups`: radix-2 at span 2^logHalf (a group is a butterfly; n/2 of
    /// them) or radix-4 at spans 2^logHalf then 2^(logHalf−1) (a group is four rows; n/4).
    @inlinable @inline(__always)
    static func difPass<E: FieldElement>(
        _ data: UnsafeMutablePointer<E>, width: Int, logHalf: Int, radix4: Bool, table: NTTTwiddleTable,
        groups: Range<Int>
    ) {
        let outer = table.level(half: 1 << logHalf)
        if radix4 {
            let inner = table.level(half: 1 << (logHalf - 1))
            if width == 1 {
                difVectorQuads(data, logHalf: logHalf, outer: outer, inner: inner, groups: groups)
            } else {
                difRowQuads(data, width: width, logHalf: logHalf, outer: outer, inner: inner, groups: groups)
            }
        } else if width == 1 {
            difVectorPairs(data, logHalf: logHalf, twiddles: outer, pairs: groups)
        } else {
            difRowPairs(data, width: width, logHalf: logHalf, twiddles: outer, pairs: groups)
        }
    }

    /// One DIT pass over `groups`: radix-2 at span 2^logHalf, or radix-4 at spans 2^(logHalf−1)
    /// then 2^logHalf.
    @inlinable @inline(__always)
    static func ditPass<E: FieldElement>(
        _ data: UnsafeMutablePointer<E>, width: Int, logHalf: Int, radix4: Bool, table: NTTTwiddleTable,
        groups: Range<Int>
    ) {
        let outer = table.level(half: 1 << logHalf)
        if radix4 {
            let inner = table.level(half: 1 << (logHalf - 1))
            if width == 1 {
                ditVectorQuads(data, logHalf: logHalf, outer: outer, inner: inner, groups: groups)
            } else {
                ditRowQuads(data, width: width, logHalf: logHalf, outer: outer, inner: inner, groups: groups)
            }
        } else if width == 1 {
            ditVectorPairs(data, logHalf: logHalf, twiddles: outer, pairs: groups)
        } else {
            ditRowPairs(data, width: width, logHalf: logHalf, twiddles: outer, pairs: groups)
        }
    }

    // MARK: - Scaling

    /// target row i = source row i × fᵢ for i in `rows`, where f at `rows.lowerBound` is
    /// `firstFactor` and each next row's factor is the previous times `ratio` (source and target
    /// may be the same rows).
    @inlinable @_optimize(size)
    static func scaledCopy<E: FieldElement>(
        from source: UnsafeMutablePointer<E>, to target: UnsafeMutablePointer<E>, width: Int,
        rows: Range<Int>, firstFactor: Goldilocks, ratio: Goldilocks
    ) {
        var factor = firstFactor
        if width == 1 {
            if ratio == .one {
                for i in rows { target[i] = source[i] * factor }
            } else {
                // Four interleaved geometric sequences (step ratio⁴), so the factor updates are
                // four independent multiplication chains instead of one latency-bound chain.
                let ratio2 = ratio * ratio, ratio4 = ratio2 * ratio2
                var f0 = factor, f1 = factor * ratio, f2 = factor * ratio2, f3 = f1 * ratio2
                var i = rows.lowerBound
                while i + 4 <= rows.upperBound {
                    target[i] = source[i] * f0
                    target[i + 1] = source[i + 1] * f1
                    target[i + 2] = source[i + 2] * f2
                    target[i + 3] = source[i + 3] * f3
                    f0 *= ratio4
                    f1 *= ratio4
                    f2 *= ratio4
                    f3 *= ratio4
                    i += 4
                }
                while i < rows.upperBound {
                    target[i] = source[i] * f0
                    f0 *= ratio
                    i += 1
                }
            }
            return
        }
        for i in rows {
            let from = source + i * width, to = target + i * width
            for c in 0..<width { to[c] = from[c] * factor }
            factor *= ratio
        }
    }

    /// Row i (of `2^logSize`, natural order) times constant·ratioⁱ, whole or split across threads.
    @inlinable
    static func scaleRows<E: FieldElement>(
        _ data: UnsafeMutablePointer<E>, logSize: Int, width: Int, constant: Goldilocks, ratio: Goldilocks,
        parallel: Bool
    ) {
        if constant == .one, ratio == .one { return }
        let minimumChunk = max(1, minimumParallelElements / width)
        forEachChunk(of: 0..<(1 << logSize), parallel: parallel, minimumChunk: minimumChunk) { chunk in
            scaledCopy(from: data, to: data, width: width, rows: chunk,
                       firstFactor: constant * ratio.power(UInt64(chunk.lowerBound)), ratio: ratio)
        }
    }
}
