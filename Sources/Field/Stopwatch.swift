/// Wall-clock time since creation, for the prover's per-step timings (benchmarks and progress
/// lines). Monotonic: `ContinuousClock`.
public struct Stopwatch: Sendable {
    private var start = ContinuousClock.now

    public init() {}

    /// Seconds since creation or the last `restart`.
    public var seconds: Double {
        let elapsed = (ContinuousClock.now - start).components
        return Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18
    }

    /// Returns the seconds so far and starts again from zero.
    public mutating func lap() -> Double {
        let now = ContinuousClock.now
        let elapsed = (now - start).components
        start = now
        return Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18
    }
}
