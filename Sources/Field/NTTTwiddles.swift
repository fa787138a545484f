import Foundation

/// The twiddle factors of every radix-2 stage, laid out so that one table serves all transform
/// sizes up to `2^logMaxSize`.
///
/// Layout: the stage whose butterflies span `half = 2^k` elements (it combines pairs `j`, `j + half`
/// of a block of `2·half`) uses `ω_{2·half}^j` for `j < half`, stored at index `half − 1 + j`
/// (the stages before it take 1 + 2 + … + half/2 = half − 1 slots). So
///
///     table[half − 1 + j] = ω_{2·half}^j   (ω_m = Goldilocks.rootOfUnity(logOrder: log₂ m)),
///
/// or its inverse `ω_{2·half}^{−j}` in an inverse table. Because the roots are compatible across
/// orders (ω_{2m}² = ω_m), a table built for a large size is a valid table for every smaller size;
/// that is why the cache keeps only the largest table built so far. The table has
/// `2^logMaxSize − 1` entries (8 bytes each).
///
/// Immutable after construction, so sharing it across threads is safe.
@usableFromInline
final class NTTTwiddleTable: @unchecked Sendable {
    /// Transforms of size up to `2^logMaxSize` can use this table.
    @usableFromInline let logMaxSize: Int
    /// `2^logMaxSize − 1` entries (at least one slot is allocated).
    @usableFromInline let entries: UnsafeMutablePointer<Goldilocks>
    @usableFromInline let isInverse: Bool

    init(logMaxSize: Int, inverse: Bool) {
        precondition((0...Goldilocks.twoAdicity).contains(logMaxSize), "NTT sizes go up to 2^32")
        self.logMaxSize = logMaxSize
        self.isInverse = inverse
        let count = (1 << logMaxSize) - 1
        entries = .allocate(capacity: max(count, 1))
        entries.initialize(repeating: .one, count: max(count, 1))
        let table = entries
        for logHalf in 0..<logMaxSize {
            let half = 1 << logHalf
            var root = Goldilocks.rootOfUnity(logOrder: logHalf + 1)
            if inverse { root = root.inverse() }
            let level = table + (half - 1)
            // Big levels are filled in parallel: each chunk starts from root^start (one power)
            // and continues by repeated multiplication (exact arithmetic, so no drift).
            parallelFor(0..<half, minimumChunk: 1 << 14) { chunk in
                var current = root.power(UInt64(chunk.lowerBound))
                for j in chunk {
                    level[j] = current
                    current *= root
                }
            }
        }
    }

    deinit { entries.deallocate() }

    /// The twiddles of the stage with butterfly span `half` (`half` entries).
    @inlinable @inline(__always)
    func level(half: Int) -> UnsafeMutablePointer<Goldilocks> { entries + (half - 1) }
}

/// A thread-safe cache of the forward and inverse twiddle tables (see `NTTTwiddleTable`).
///
/// Requests for a size the cached table covers return it at once (one lock, one retain); a larger
/// request builds a new table (at least 2^16 so small sizes never rebuild) and replaces the old
/// one. Callers hold the returned object for as long as they use its pointer, so a replacement
/// never frees a table in use.
@usableFromInline
enum NTTTwiddles {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var forwardTable: NTTTwiddleTable?
    nonisolated(unsafe) private static var inverseTable: NTTTwiddleTable?

    /// The smallest table ever built: 2^16 − 1 entries (512 KiB).
    static let minimumLogSize = 16

    /// A table covering transforms of size `2^logSize`, with roots ω (forward) or ω⁻¹ (inverse).
    @usableFromInline
    static func table(logSize: Int, inverse: Bool) -> NTTTwiddleTable {
        lock.lock()
        defer { lock.unlock() }
        let cached = inverse ? inverseTable : forwardTable
        if let cached, cached.logMaxSize >= logSize { return cached }
        let built = NTTTwiddleTable(logMaxSize: max(logSize, minimumLogSize, cached?.logMaxSize ?? 0), inverse: inverse)
        if inverse { inverseTable = built } else { forwardTable = built }
        return built
    }
}
