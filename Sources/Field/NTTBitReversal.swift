/// Cache-friendly, parallel bit-reversal permutations for the NTT (the plain
/// `bitReversePermute()` swaps element by element and misses the cache on almost every access
/// once the data outgrows it).
extension NTTKernels {
    /// Tile side (log₂) of the blocked vector permutation: 2^4 elements of 8 bytes are two
    /// 64-byte cache lines (2^3 for wider elements).
    @inlinable
    static func bitReversalTileLog<E>(_: E.Type) -> Int { MemoryLayout<E>.stride <= 8 ? 4 : 3 }

    /// Permutes `2^logSize` rows of `width` elements into bit-reversed row order, whole or split
    /// across threads.
    @inlinable
    static func bitReverseRows<E>(_ data: UnsafeMutablePointer<E>, logSize: Int, width: Int, parallel: Bool) {
        guard logSize >= 2 else { return }
        if width == 1 {
            bitReverseVector(data, logSize: logSize, parallel: parallel)
            return
        }
        // Whole rows move at once, which uses the cache well enough; the pairs (i, rev i) with
        // i < rev i are disjoint, so splitting i across threads is safe.
        let minimumChunk = max(64, minimumParallelElements / width)
        forEachChunk(of: 0..<(1 << logSize), parallel: parallel, minimumChunk: minimumChunk) { chunk in
            for i in chunk {
                let j = reverseBits(i, bits: logSize)
                if i < j {
                    let x = data + i * width, y = data + j * width
                    for c in 0..<width { swapValues(x + c, y + c) }
                }
            }
        }
    }

    /// Bit-reversal of a vector by tiles. Write an index as (a | m | c) with `a`, `c` of
    /// b = `bitReversalTileLog` bits; its reverse is (rev c | rev m | rev a). For each middle part
    /// m with m ≤ rev m, the 2^b × 2^b tile {(a, m, c)} is exchanged with the tile
    /// {(c', rev m, a')}: each tile is 2^b runs of 2^b consecutive elements, so every cache line
    /// fetched is used completely. Tiles for different m are disjoint, so they split across threads.
    @inlinable
    static func bitReverseVector<E>(_ data: UnsafeMutablePointer<E>, logSize: Int, parallel: Bool) {
        let b = bitReversalTileLog(E.self)
        guard logSize >= 2 * b + 1 else {
            for i in 0..<(1 << logSize) {
                let j = reverseBits(i, bits: logSize)
                if i < j {
                    let t = data[i]
                    data[i] = data[j]
                    data[j] = t
                }
            }
            return
        }
        let middleBits = logSize - 2 * b
        let tile = 1 << b
        let highShift = logSize - b
        let parallel = parallel && logSize >= 14
        forEachChunk(of: 0..<(1 << middleBits), parallel: parallel) { middles in
            // reversedHigh[c] = rev_b(c) placed in the top b bits.
            withUnsafeTemporaryAllocation(of: Int.self, capacity: tile) { reversedHigh in
                for c in 0..<tile { reversedHigh[c] = reverseBits(c, bits: b) << highShift }
                for m in middles {
                    let mr = reverseBits(m, bits: middleBits)
                    if m > mr { continue }
                    for a in 0..<tile {
                        // Element i = sourceIndex + c pairs with j = targetIndex + reversedHigh[c].
                        let sourceIndex = (a << highShift) | (m << b)
                        let targetIndex = (mr << b) | reverseBits(a, bits: b)
                        let source = data + sourceIndex, target = data + targetIndex
                        if m == mr {
                            // A self-reversed tile holds both ends of its pairs: swap each once.
                            for c in 0..<tile where sourceIndex + c < targetIndex + reversedHigh[c] {
                                swapValues(source + c, target + reversedHigh[c])
                            }
                        } else {
                            for c in 0..<tile { swapValues(source + c, target + reversedHigh[c]) }
                        }
                    }
                }
            }
        }
    }

    @inlinable @inline(__always)
    static func swapValues<E>(_ x: UnsafeMutablePointer<E>, _ y: UnsafeMutablePointer<E>) {
        let t = x.pointee
        x.pointee = y.pointee
        y.pointee = t
    }
}
