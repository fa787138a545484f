import ArgumentParser
import Foundation
import ZKMips

/// Options shared by the cryptographic benchmarks.
struct BenchOptions: ParsableArguments {
    @Option(parsing: .upToNextOption, help: "Thread counts to measure (each gets its own JSON line).")
    var threads: [Int] = [1, 2]

    @Option(help: "Repetitions; the best time is reported.")
    var repeats: Int = 3

    func validate() throws {
        if let bad = threads.first(where: { $0 < 1 }) { throw ValidationError("--threads must be at least 1, got \(bad)") }
        guard repeats >= 1 else { throw ValidationError("--repeats must be at least 1") }
    }
}

/// The best wall time of `repeats` runs of `body`, with `Parallelism.threadCount = threads`.
func bestSeconds(threads: Int, repeats: Int, _ body: () -> Void) -> Double {
    let saved = Parallelism.threadCount
    Parallelism.threadCount = threads
    defer { Parallelism.threadCount = saved }
    var best = Double.infinity
    for _ in 0..<max(repeats, 1) {
        let start = monotonicSeconds()
        body()
        best = min(best, monotonicSeconds() - start)
    }
    return best
}

/// Prints one benchmark JSON line; `machine` is added.
func printBenchLine(_ fields: [String: Any]) {
    var line = fields
    line["machine"] = HostInfo.machine
    print(jsonLine(line))
}


/// The parameter presets of DESIGN.md §5, as a command-line option.
enum PresetOption: String, ExpressibleByArgument, CaseIterable {
    case fast, compact

    static let help: ArgumentHelp = "Parameter preset: fast (blowup 2, 84 queries) or compact (blowup 8, 28 queries)."

    var fri: FRIParameters { self == .fast ? .fast : .compact }
}

/// The process's peak resident set so far, in MiB (getrusage's ru_maxrss: KiB on Linux, bytes
/// on Darwin).
func peakResidentMegabytes() -> Double {
    var usage = rusage()
    #if os(Linux)
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
    #else
    getrusage(RUSAGE_SELF, &usage)
    return Double(usage.ru_maxrss) / (1024 * 1024)
    #endif
}
