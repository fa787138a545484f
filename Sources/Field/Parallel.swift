import Dispatch
import Foundation

/// The one way the prover runs work in parallel: contiguous chunks of an index range on
/// `DispatchQueue.concurrentPerform`, or serially when `Parallelism.threadCount` is 1.
public enum Parallelism {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var configuredThreads = ProcessInfo.processInfo.activeProcessorCount

    /// Threads parallel loops use (default: the active processor count; 1 means serial).
    /// Benchmarks set it to compare 1 and 2 threads.
    public static var threadCount: Int {
        get { lock.withLock { configuredThreads } }
        set { lock.withLock { configuredThreads = max(1, newValue) } }
    }

    /// Chunks per thread: more than one, so a worker that starts late (a busy or sleeping
    /// vCPU) still gets a share instead of leaving the caller to run everything.
    @usableFromInline static let chunksPerThread = 4
}

/// Runs `body` over contiguous chunks covering `range`, on at most `Parallelism.threadCount`
/// threads. Chunks are at least `minimumChunk` long (so small ranges run serially) and are handed
/// out in order to whichever thread is free. `body` must only write to disjoint state per chunk.
@inlinable
public func parallelFor(_ range: Range<Int>, minimumChunk: Int = 1, _ body: (Range<Int>) -> Void) {
    let count = range.count
    guard count > 0 else { return }
    let threads = Parallelism.threadCount
    let chunks = min(threads * Parallelism.chunksPerThread, max(1, count / max(minimumChunk, 1)))
    if threads <= 1 || chunks <= 1 {
        body(range)
        return
    }
    let base = range.lowerBound
    let dispenser = ChunkDispenser(count: chunks)
    withoutActuallyEscaping(body) { body in
        // Dispatch wants a @Sendable closure; the contract above (disjoint writes per chunk) is
        // what makes sharing `body` across the worker threads safe.
        let shared = UncheckedSendable(body)
        DispatchQueue.concurrentPerform(iterations: min(threads, chunks)) { _ in
            while let chunk = dispenser.next() {
                let start = base + count * chunk / chunks
                let end = base + count * (chunk + 1) / chunks
                shared.value(start..<end)
            }
        }
    }
}

/// Hands out chunk numbers 0..<count, each once, to competing threads.
@usableFromInline
final class ChunkDispenser: @unchecked Sendable {
    private let lock = NSLock()
    private var issued = 0
    private let count: Int

    @usableFromInline init(count: Int) { self.count = count }

    @usableFromInline func next() -> Int? {
        lock.withLock {
            guard issued < count else { return nil }
            defer { issued += 1 }
            return issued
        }
    }
}

/// Carries a value across a `@Sendable` boundary whose safety the caller argues for.
@usableFromInline
struct UncheckedSendable<Value>: @unchecked Sendable {
    @usableFromInline let value: Value
    @usableFromInline init(_ value: Value) { self.value = value }
}
