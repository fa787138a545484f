import ArgumentParser
import Foundation
import ZKMips

/// `zkmips bench field`: nanoseconds per Goldilocks / extension operation.
///
/// Each line is `{"bench":"field","op":…,"mode":…,"count":…,"seconds":…,"nsPerOp":…,"threads":…}`.
/// Throughput loops run several independent dependency chains side by side (the CPU can overlap
/// them); latency loops run one chain, so each operation waits for the previous result. Every
/// result is folded into a value handed to `fieldBenchSink`, so the optimiser cannot drop the work.
struct BenchFieldCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "field",
        abstract: "Nanoseconds per field operation: base mul (throughput, latency), add, extension mul, inverse, batch inverse."
    )

    @OptionGroup var options: BenchOptions

    @Option(help: "Operations per chain in the multiplication and addition loops.")
    var iterations: Int = 1 << 22

    @Option(help: "Elements in the batch-inverse benchmark.")
    var batchSize: Int = 1 << 16

    @Option(help: "Individual inversions timed.")
    var inversions: Int = 1 << 12

    func validate() throws {
        guard iterations >= 1, batchSize >= 1, inversions >= 1 else {
            throw ValidationError("--iterations, --batch-size and --inversions must be at least 1")
        }
    }

    func run() throws {
        var generator = SplitMix64(seed: 0x6F1D_110C)
        let repeats = options.repeats

        // Base multiplication, throughput: `FieldBench.lanes` independent chains per thread.
        for threads in options.threads {
            let chains = threads
            let seconds = bestSeconds(threads: threads, repeats: repeats) {
                let seeds = (0..<chains).map { _ in Goldilocks.random(using: &generator) }
                var results = [UInt64](repeating: 0, count: chains)
                results.withUnsafeMutableBufferPointer { results in
                    // Each chunk writes only its own slots.
                    parallelFor(0..<chains) { range in
                        for chain in range { results[chain] = mulThroughput(seed: seeds[chain], iterations: iterations).value }
                    }
                }
                fieldBenchSink(results.reduce(0, ^))
            }
            report(op: "mul", mode: "throughput", count: FieldBench.lanes * iterations * chains, seconds: seconds, threads: threads)
        }

        // Base multiplication, latency: one chain.
        let latencyFactor = Goldilocks.random(using: &generator)
        let mulLatency = bestSeconds(threads: 1, repeats: repeats) {
            var x = Goldilocks.random(using: &generator)
            for _ in 0..<iterations { x = x * latencyFactor }
            fieldBenchSink(x.value)
        }
        report(op: "mul", mode: "latency", count: iterations, seconds: mulLatency, threads: 1)

        // Addition, throughput (8 chains) and latency (1 chain).
        let addSeconds = bestSeconds(threads: 1, repeats: repeats) {
            fieldBenchSink(addThroughput(seed: .random(using: &generator), iterations: iterations).value)
        }
        report(op: "add", mode: "throughput", count: FieldBench.lanes * iterations, seconds: addSeconds, threads: 1)
        let addend = Goldilocks.random(using: &generator)
        let addLatency = bestSeconds(threads: 1, repeats: repeats) {
            var x = Goldilocks.random(using: &generator)
            for _ in 0..<iterations { x = x + addend }
            fieldBenchSink(x.value)
        }
        report(op: "add", mode: "latency", count: iterations, seconds: addLatency, threads: 1)

        // Extension multiplication, throughput (4 chains) and latency.
        let extensionIterations = max(1, iterations / 4)
        let extThroughput = bestSeconds(threads: 1, repeats: repeats) {
            let result = extensionMulThroughput(seed: .random(using: &generator), iterations: extensionIterations)
            fieldBenchSink(result.c0.value ^ result.c1.value)
        }
        report(op: "extMul", mode: "throughput", count: 4 * extensionIterations, seconds: extThroughput, threads: 1)
        let extensionFactor = GoldilocksExtension.random(using: &generator)
        let extLatency = bestSeconds(threads: 1, repeats: repeats) {
            var x = GoldilocksExtension.random(using: &generator)
            for _ in 0..<extensionIterations { x = x * extensionFactor }
            fieldBenchSink(x.c0.value ^ x.c1.value)
        }
        report(op: "extMul", mode: "latency", count: extensionIterations, seconds: extLatency, threads: 1)

        // Individual inversion (Fermat), each input depending on the previous result.
        let inverseSeconds = bestSeconds(threads: 1, repeats: repeats) {
            var x = Goldilocks.random(using: &generator)
            for _ in 0..<inversions { x = (x + .one).inverseIfNonzero() ?? .one }
            fieldBenchSink(x.value)
        }
        report(op: "inverse", mode: "latency", count: inversions, seconds: inverseSeconds, threads: 1)
        let extInverseSeconds = bestSeconds(threads: 1, repeats: repeats) {
            var x = GoldilocksExtension.random(using: &generator)
            for _ in 0..<inversions { x = (x + .one).inverseIfNonzero() ?? .one }
            fieldBenchSink(x.c0.value ^ x.c1.value)
        }
        report(op: "extInverse", mode: "latency", count: inversions, seconds: extInverseSeconds, threads: 1)

        // Batch inversion, per element.
        let batch = (0..<batchSize).map { _ in Goldilocks.random(using: &generator) }.map { $0.isZero ? .one : $0 }
        let batchSeconds = bestSeconds(threads: 1, repeats: repeats) {
            let inverses = batchInverse(batch)
            fieldBenchSink(inverses[0].value ^ inverses[inverses.count - 1].value)
        }
        report(op: "batchInverse", mode: "perElement", count: batchSize, seconds: batchSeconds, threads: 1)
        let extBatch = (0..<batchSize).map { _ in GoldilocksExtension.random(using: &generator) }.map { $0.isZero ? .one : $0 }
        let extBatchSeconds = bestSeconds(threads: 1, repeats: repeats) {
            let inverses = batchInverse(extBatch)
            fieldBenchSink(inverses[0].c0.value ^ inverses[inverses.count - 1].c1.value)
        }
        report(op: "extBatchInverse", mode: "perElement", count: batchSize, seconds: extBatchSeconds, threads: 1)
    }

    private func report(op: String, mode: String, count: Int, seconds: Double, threads: Int) {
        printBenchLine([
            "bench": "field", "op": op, "mode": mode, "count": count, "seconds": seconds,
            "nsPerOp": (seconds * 1e9 / Double(count) * 1000).rounded() / 1000, "threads": threads,
        ])
    }
}

enum FieldBench {
    /// Independent chains in the throughput loops.
    static let lanes = 8
}

/// Where benchmark results go so the loops that compute them stay.
nonisolated(unsafe) private var fieldBenchSinkValue: UInt64 = 0

@inline(never)
func fieldBenchSink(_ value: UInt64) {
    fieldBenchSinkValue ^= value
}

/// Eight independent chains aᵢ ← aᵢ·mᵢ, `iterations` steps each; returns the fold of the chains.
@inline(never)
func mulThroughput(seed: Goldilocks, iterations: Int) -> Goldilocks {
    // Distinct multipliers derived from the seed at run time (the optimiser cannot fold them).
    let m0 = seed + 1, m1 = seed + 2, m2 = seed + 3, m3 = seed + 4
    let m4 = seed + 5, m5 = seed + 6, m6 = seed + 7, m7 = seed + 8
    var a0 = m7, a1 = m6, a2 = m5, a3 = m4, a4 = m3, a5 = m2, a6 = m1, a7 = m0
    for _ in 0..<iterations {
        a0 = a0 * m0
        a1 = a1 * m1
        a2 = a2 * m2
        a3 = a3 * m3
        a4 = a4 * m4
        a5 = a5 * m5
        a6 = a6 * m6
        a7 = a7 * m7
    }
    return ((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7))
}

/// Eight independent chains aᵢ ← aᵢ + mᵢ.
@inline(never)
func addThroughput(seed: Goldilocks, iterations: Int) -> Goldilocks {
    let m0 = seed * 3, m1 = seed * 5, m2 = seed * 7, m3 = seed * 11
    let m4 = seed * 13, m5 = seed * 17, m6 = seed * 19, m7 = seed * 23
    var a0 = m7, a1 = m6, a2 = m5, a3 = m4, a4 = m3, a5 = m2, a6 = m1, a7 = m0
    for _ in 0..<iterations {
        a0 = a0 + m0
        a1 = a1 + m1
        a2 = a2 + m2
        a3 = a3 + m3
        a4 = a4 + m4
        a5 = a5 + m5
        a6 = a6 + m6
        a7 = a7 + m7
    }
    return ((a0 * a1) * (a2 * a3)) * ((a4 * a5) * (a6 * a7))
}

/// Four independent extension chains aᵢ ← aᵢ·mᵢ.
@inline(never)
func extensionMulThroughput(seed: GoldilocksExtension, iterations: Int) -> GoldilocksExtension {
    let one = GoldilocksExtension.one
    let m0 = seed + one, m1 = m0 + one, m2 = m1 + one, m3 = m2 + one
    var a0 = m3, a1 = m2, a2 = m1, a3 = m0
    for _ in 0..<iterations {
        a0 = a0 * m0
        a1 = a1 * m1
        a2 = a2 * m2
        a3 = a3 * m3
    }
    return (a0 + a1) + (a2 + a3)
}
