import ArgumentParser
import Foundation
import ZKMips

struct BenchProveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prove",
        abstract: "STARK prove time per step, verify time and proof size for a synthetic 100-column table, per thread count.",
        discussion: """
            The table (`SyntheticAIR`) has a counter, a shuffled copy of it balanced on one bus, 32 degree-3 \
            constraints and one degree-2 constraint. Per thread count: the best of --repeats proofs (per-step \
            times from that same run), then the best of 10 verifications.
            """
    )

    // `BenchOptions`, except that --repeats defaults to 1: one 2^20-row proof takes seconds.
    @Option(parsing: .upToNextOption, help: "Thread counts to measure (each gets its own JSON line).")
    var threads: [Int] = [1, 2]

    @Option(help: "Proofs per thread count; the best total is reported, with that run's per-step times.")
    var repeats: Int = 1

    @Option(help: "log₂ of the number of trace rows (4…24).")
    var logRows: Int = 20

    @Option(help: PresetOption.help)
    var preset: PresetOption = .fast

    @Option(help: "Seed of the trace's pseudo-random values and permutation.")
    var seed: UInt64 = 1

    /// Verifications per thread count; the best is reported.
    static let verifyRepeats = 10

    func validate() throws {
        if let bad = threads.first(where: { $0 < 1 }) { throw ValidationError("--threads must be at least 1, got \(bad)") }
        guard repeats >= 1 else { throw ValidationError("--repeats must be at least 1") }
        guard (4...24).contains(logRows) else { throw ValidationError("--log-rows must be 4…24") }
    }

    func run() throws {
        let configuration = StarkConfiguration(fri: preset.fri)
        let air = SyntheticAIR()
        let machine = try StarkMachine(tables: [air])
        let prover = StarkProver(machine: machine, configuration: configuration)
        let key = try StarkVerifyingKey(machine: machine, configuration: configuration)
        let verifier = StarkVerifier(key: key)
        let security = key.securityEstimate(logHeight: logRows)
        let publicValues: [Goldilocks] = []

        let watch = Stopwatch()
        let trace = SyntheticAIR.trace(logRows: logRows, seed: seed)
        printError("[bench prove] trace: 2^\(logRows) rows × \(air.width) columns (\(String(format: "%.2f", watch.seconds)) s)")

        for threads in threads {
            let saved = Parallelism.threadCount
            Parallelism.threadCount = threads
            defer { Parallelism.threadCount = saved }

            var best: (wall: Double, timings: ProvingTimings, proof: StarkProof)?
            for run in 1...repeats {
                let progress: (String) -> Void = { printError("[bench prove] threads \(threads), run \(run)/\(repeats): \($0)") }
                var timings = ProvingTimings()
                let stopwatch = Stopwatch()
                let proof: StarkProof
                do {
                    proof = try prover.prove(traces: [trace], publicValues: publicValues, timings: &timings, progress: progress)
                } catch {
                    printError("zkmips: bench prove: proving failed: \(error)")
                    throw ExitCode(1)
                }
                let wall = stopwatch.seconds
                if best == nil || wall < best!.wall { best = (wall, timings, proof) }
            }
            let (wall, timings, proof) = best!

            var verifyError: (any Error)?
            let verifySeconds = bestSeconds(threads: threads, repeats: Self.verifyRepeats) {
                do { try verifier.verify(proof, publicValues: publicValues) } catch { verifyError = error }
            }
            if let verifyError {
                printError("zkmips: bench prove: the proof did not verify: \(verifyError)")
                throw ExitCode(1)
            }

            let ldePlusCommit = timings.lde + timings.commit
            printBenchLine([
                "bench": "prove", "threads": threads, "log_rows": logRows, "columns": air.width, "preset": preset.rawValue,
                "total_s": timings.total, "wall_s": wall, "lde_s": timings.lde, "commit_s": timings.commit,
                "logup_s": timings.logUp, "quotient_s": timings.quotient, "openings_s": timings.openings,
                "fri_s": timings.fri, "lde_plus_commit_s": ldePlusCommit,
                "ratio_total_to_lde_commit": timings.total / ldePlusCommit,
                "proof_bytes": proof.serialized().count, "verify_ms": verifySeconds * 1000,
                "conjectured_bits": security.conjecturedBits, "proven_bits": (security.provenBits * 10).rounded() / 10,
            ])
        }
    }
}

// MARK: - The synthetic table

/// The one bus of `SyntheticAIR`, within the table itself:
///
///     SyntheticAIR.counter ──(value)──▶ SyntheticAIR.shuffled
///
/// Soundness: the counter is pinned (0 on the first row, +1 per row), so the sent multiset is
/// exactly {0, …, n − 1}; every row sends once and receives once (multiplicity 1, no selector),
/// so the bus balances exactly when `shuffled` is a permutation of the counter values.
let syntheticPermutationBus = Bus(name: "permutation", arity: 1)

/// A benchmark table of exactly 100 columns, shaped like a typical VM table: a counter, a
/// shuffled copy of it checked by a permutation argument on a bus, 32 triples (a, b, c) with the
/// degree-3 constraint c = a·a·b + b on every row, and x, y with y = x·x.
struct SyntheticAIR: AIR {
    static let tripleCount = 32

    let counter: Column, shuffled: Column
    let a: [Column], b: [Column], c: [Column]
    let x: Column, y: Column
    let width: Int
    var name: String { "synthetic" }
    var publicValueCount: Int { 0 }

    init() {
        var allocator = ColumnAllocator()
        counter = allocator.column("counter")
        shuffled = allocator.column("shuffled")
        var a = [Column](), b = [Column](), c = [Column]()
        for i in 0..<Self.tripleCount {
            a.append(allocator.column("a[\(i)]"))
            b.append(allocator.column("b[\(i)]"))
            c.append(allocator.column("c[\(i)]"))
        }
        (self.a, self.b, self.c) = (a, b, c)
        x = allocator.column("x")
        y = allocator.column("y")
        width = allocator.width
        precondition(width == 100, "SyntheticAIR is meant to have 100 columns, has \(width)")
    }

    func eval<Builder: AIRBuilder>(_ builder: inout Builder) {
        let counter = builder.current(self.counter), nextCounter = builder.next(self.counter)
        builder.whenFirstRow { $0.assertZero(counter, "counter starts at 0") }
        builder.whenTransition { $0.assertEqual(nextCounter, counter + Goldilocks.one, "counter' = counter + 1") }
        for i in 0..<Self.tripleCount {
            let (a, b, c) = (builder.current(self.a[i]), builder.current(self.b[i]), builder.current(self.c[i]))
            builder.assertEqual(c, a * a * b + b, "c[\(i)] = a[\(i)]²·b[\(i)] + b[\(i)]")
        }
        let x = builder.current(self.x)
        builder.assertEqual(builder.current(y), x * x, "y = x²")
        builder.send(syntheticPermutationBus, [counter], multiplicity: Builder.Expression(.one), "counter")
        builder.receive(syntheticPermutationBus, [builder.current(shuffled)], multiplicity: Builder.Expression(.one), "shuffled counter")
    }

    /// Rows per independently seeded block of the random columns (so generation runs in
    /// parallel and the trace does not depend on the thread count).
    static let blockRows = 4096

    /// A valid trace of 2^`logRows` rows: the counter, a seeded shuffle of it, random a, b, x
    /// and the c, y they force. Filled in place, block by block in parallel.
    static func trace(logRows: Int, seed: UInt64) -> RowMajorMatrix<Goldilocks> {
        let air = SyntheticAIR()
        let rows = 1 << logRows
        let width = air.width
        var permutation = (0..<UInt32(rows)).map { $0 }
        var shuffler = SplitMix64(seed: seed)
        permutation.shuffle(using: &shuffler)
        var values = [Goldilocks](repeating: .zero, count: rows * width)
        values.withUnsafeMutableBufferPointer { values in
            permutation.withUnsafeBufferPointer { permutation in
                let blocks = (rows + blockRows - 1) / blockRows
                parallelFor(0..<blocks) { chunk in
                    for block in chunk {
                        // A hashed block index as the starting state: streams of different
                        // blocks don't overlap in practice (they are 2^64-periodic, ~2^28 long).
                        var mixer = SplitMix64(seed: seed ^ (UInt64(block) << 32 | 0x5EED))
                        var generator = SplitMix64(seed: mixer.next())
                        for row in (block * blockRows)..<min(rows, (block + 1) * blockRows) {
                            let base = row * width
                            values[base + air.counter.index] = Goldilocks(row)
                            values[base + air.shuffled.index] = Goldilocks(Int(permutation[row]))
                            for i in 0..<tripleCount {
                                let a = Goldilocks(reducing: generator.next()), b = Goldilocks(reducing: generator.next())
                                values[base + air.a[i].index] = a
                                values[base + air.b[i].index] = b
                                values[base + air.c[i].index] = a * a * b + b
                            }
                            let x = Goldilocks(reducing: generator.next())
                            values[base + air.x.index] = x
                            values[base + air.y.index] = x * x
                        }
                    }
                }
            }
        }
        return RowMajorMatrix(values: values, width: width)
    }
}
