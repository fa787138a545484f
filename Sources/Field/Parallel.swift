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
}

/// Runs `body` over contiguous chunks covering `range`, in parallel across
/// `Parallelism.threadCount` threads. Chunks are at least `minimumChunk` long, so small ranges
/// run serially. `body` must only write to disjoint state per chunk.
@inlinable
public func parallelFor(_ range: Range<Int>, minimumChunk: Int = 1, _ body: (Range<Int>) -> Void) {
    let count = range.count
    guard count > 0 else { return }
    let threads = Parallelism.threadCount
    let chunks = min(threads, max(1, count / max(minimumChunk, 1)))
    if chunks <= 1 {
        body(range)
        return
    }
    let base = range.lowerBound
    withoutActuallyEscaping(body) { body in
        // Dispatch wants a @Sendable closure; the contract above (disjoint writes per chunk) is
        // what makes sharing `body` across the worker threads safe.
        let shared = UncheckedSendable(body)
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let start = base + count * chunk / chunks
            let end = base + count * (chunk + 1) / chunks
            shared.value(start..<end)
        }
    }
}

/// Carries a value across a `@Sendable` boundary whose safety the caller argues for.
@usableFromInline
struct UncheckedSendable<Value>: @unchecked Sendable {
    @usableFromInline let value: Value
    @usableFromInline init(_ value: Value) { self.value = value }
}
