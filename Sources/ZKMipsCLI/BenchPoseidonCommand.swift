import ArgumentParser
import Foundation
import ZKMips

/// `zkmips bench poseidon`: Poseidon (width 12) throughput, one JSON line per operation and
/// thread count:
/// `{"bench":"poseidon","op":…,"threads":…,"count":…,"seconds":…,"perSecond":…,…}`.
///
/// - `permute`: `count` permutations split evenly over the threads; each thread chains its own
///   state (every permutation waits for the previous one, as in a sponge).
/// - `permute-x2`: the same `count` permutations as pairs through `Poseidon.permute(_:_:)`
///   (two independent chained states per thread, partial rounds interleaved); `perSecond`
///   counts both states' permutations.
/// - `compress`: `count` two-to-one compressions (Merkle nodes), chained per thread likewise.
/// - `hash-row`: `count` independent rows of `rowWidth` elements hashed with `Poseidon.hash`
///   (Merkle leaves of a trace matrix), rows split over the threads; `permutationsPerSecond`
///   counts the `⌈rowWidth / 8⌉` permutations per row.
/// - `hash-row-x2`: the same rows hashed two at a time with `Poseidon.hash(_:_:)`, as
///   `MerkleTree` does.
///
/// Every result is folded into `poseidonBenchSink`, so the optimiser cannot drop the work.
struct BenchPoseidonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "poseidon",
        abstract: "Poseidon permutations, 2-to-1 compressions and 64-element row hashes per second."
    )

    @OptionGroup var options: BenchOptions

    @Option(help: "log₂ of the number of permutations (and of compressions) timed.")
    var logPermutations: Int = 20

    @Option(help: "log₂ of the number of rows hashed.")
    var logRows: Int = 16

    @Option(help: "Elements per hashed row.")
    var rowWidth: Int = 64

    func validate() throws {
        guard (1...30).contains(logPermutations) else { throw ValidationError("--log-permutations must be in 1…30") }
        guard (1...24).contains(logRows) else { throw ValidationError("--log-rows must be in 1…24") }
        guard (1...4096).contains(rowWidth) else { throw ValidationError("--row-width must be in 1…4096") }
    }

    func run() throws {
        var generator = SplitMix64(seed: 0x9053_1D0)
        let permutations = 1 << logPermutations
        let rows = 1 << logRows
        let matrix = (0..<(rows * rowWidth)).map { _ in Goldilocks.random(using: &generator) }
        let seeds = (0..<64).map { _ in PoseidonState((0..<12).map { _ in Goldilocks.random(using: &generator) }) }

        for threads in options.threads {
            let seconds = bestSeconds(threads: threads, repeats: options.repeats) {
                eachThread(threads) { thread in
                    var state = seeds[thread % seeds.count]
                    for _ in 0..<share(permutations, thread, threads) { Poseidon.permute(&state) }
                    return state[0].value
                }
            }
            report(op: "permute", threads: threads, count: permutations, seconds: seconds)
        }

        for threads in options.threads {
            let seconds = bestSeconds(threads: threads, repeats: options.repeats) {
                eachThread(threads) { thread in
                    var first = seeds[thread % seeds.count], second = seeds[(thread + 1) % seeds.count]
                    for _ in 0..<(share(permutations, thread, threads) / 2) { Poseidon.permute(&first, &second) }
                    return first[0].value ^ second[0].value
                }
            }
            // Each call permutes two states; an odd share's last permutation is skipped, which
            // `count` accounts for.
            let count = (0..<threads).reduce(0) { $0 + share(permutations, $1, threads) / 2 * 2 }
            report(op: "permute-x2", threads: threads, count: count, seconds: seconds)
        }

        for threads in options.threads {
            let seconds = bestSeconds(threads: threads, repeats: options.repeats) {
                eachThread(threads) { thread in
                    let lanes = seeds[thread % seeds.count].lanes
                    var left = Digest(Array(lanes[0..<4]))
                    let right = Digest(Array(lanes[4..<8]))
                    for _ in 0..<share(permutations, thread, threads) { left = Poseidon.compress(left, right) }
                    return left.e0.value
                }
            }
            report(op: "compress", threads: threads, count: permutations, seconds: seconds)
        }

        let permutationsPerRow = (rowWidth + Poseidon.rate - 1) / Poseidon.rate
        var digests = [Digest](repeating: .zero, count: rows)
        for paired in [false, true] {
            for threads in options.threads {
                let seconds = bestSeconds(threads: threads, repeats: options.repeats) {
                    matrix.withUnsafeBufferPointer { values in
                        digests.withUnsafeMutableBufferPointer { digests in
                            func row(_ index: Int) -> UnsafeBufferPointer<Goldilocks> {
                                UnsafeBufferPointer(start: values.baseAddress! + index * rowWidth, count: rowWidth)
                            }
                            // Each chunk writes only its own rows' digests.
                            parallelFor(0..<rows, minimumChunk: 256) { chunk in
                                var index = chunk.lowerBound
                                if paired {
                                    while index + 1 < chunk.upperBound {
                                        (digests[index], digests[index + 1]) = Poseidon.hash(row(index), row(index + 1))
                                        index += 2
                                    }
                                }
                                while index < chunk.upperBound {
                                    digests[index] = Poseidon.hash(row(index))
                                    index += 1
                                }
                            }
                        }
                    }
                    poseidonBenchSink(digests.reduce(0) { $0 ^ $1.e0.value })
                }
                report(op: paired ? "hash-row-x2" : "hash-row", threads: threads, count: rows, seconds: seconds, extra: [
                    "rowWidth": rowWidth,
                    "permutationsPerSecond": Int(Double(rows * permutationsPerRow) / seconds),
                ])
            }
        }
    }

    /// Runs `body(thread)` for `threads` thread indices, one chunk per thread via `parallelFor`,
    /// and sinks the results.
    private func eachThread(_ threads: Int, _ body: (Int) -> UInt64) {
        var results = [UInt64](repeating: 0, count: threads)
        results.withUnsafeMutableBufferPointer { results in
            // Each chunk writes only its own threads' slots.
            parallelFor(0..<threads) { chunk in
                for thread in chunk { results[thread] = body(thread) }
            }
        }
        poseidonBenchSink(results.reduce(0, ^))
    }

    /// Thread `thread`'s part of `total` items split over `threads` (the parts sum to `total`).
    private func share(_ total: Int, _ thread: Int, _ threads: Int) -> Int {
        total * (thread + 1) / threads - total * thread / threads
    }

    private func report(op: String, threads: Int, count: Int, seconds: Double, extra: [String: Any] = [:]) {
        var line: [String: Any] = [
            "bench": "poseidon", "op": op, "threads": threads, "count": count,
            "seconds": seconds, "perSecond": Int(Double(count) / seconds),
        ]
        line.merge(extra) { current, _ in current }
        printBenchLine(line)
    }
}

/// Keeps benchmark results observable so the optimiser cannot drop the work that made them.
nonisolated(unsafe) private var poseidonBenchSinkValue: UInt64 = 0

@inline(never)
private func poseidonBenchSink(_ value: UInt64) {
    poseidonBenchSinkValue ^= value
}
