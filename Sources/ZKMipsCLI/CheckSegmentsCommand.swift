import ArgumentParser
import Foundation
import ZKMips

struct CheckSegmentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-segments",
        abstract: "Run a program, cut it into segments and check each one's witness against the MIPS tables (no proof).",
        discussion: """
            For every segment: re-execute it tracing, build the tables' witness and run the trace checker (every \
            constraint on every row) and the bus checker (every send meets its receive, the verifier's own terms \
            included). This is what a proof of the segment needs to hold, found without proving: a failure names \
            the table, row and constraint, or the bus tuple that does not balance. One JSON line per segment on \
            standard output, then a summary line; progress on standard error.

            Exit status: 0 when every segment holds; 1 when one does not (or cannot be traced: a machine fault, an \
            instruction the tables do not prove); \(ExitStatus.loadFailure) when the program or input cannot be read; \
            \(ExitStatus.cycleLimit) when --max-cycles ran out first (the segments run are still checked).
            """
    )

    @Argument(help: "A big-endian MIPS32 ELF.")
    var program: String

    @Option(help: "The program's input file.")
    var input: String?

    @Option(help: "Cycles per segment (a power of two, 64…2^21).")
    var segmentCycles = 1 << 16

    @Option(help: "Stop the run after this many cycles.")
    var maxCycles: UInt64?

    @Option(help: "Check only segments from this index on (the earlier ones still run, unchecked).")
    var from = 0

    @Option(help: "Segments checked at once (default: the number of cores); each holds one segment's witness in memory.")
    var jobs: Int?

    func validate() throws {
        guard segmentCycles >= 64, segmentCycles <= 1 << 21, segmentCycles & (segmentCycles - 1) == 0 else {
            throw ValidationError("--segment-cycles must be a power of two in 64…2^21, got \(segmentCycles)")
        }
        guard from >= 0 else { throw ValidationError("--from must be at least 0, got \(from)") }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
    }

    func run() throws {
        let image: ProgramImage
        let inputBytes: [UInt8]
        do {
            inputBytes = try input.map { try readFile($0, what: "input") } ?? []
            image = try loadProgram(program)
        } catch let error as CLIError {
            printError("zkmips: \(error.description)")
            throw ExitCode(error.status)
        }
        let machine = image.makeMachine(input: inputBytes)
        machine.io.capturesConsole = true
        let prover = try SegmentProver(checksWitness: false)
        let jobs = self.jobs ?? ProcessInfo.processInfo.activeProcessorCount
        // Segments are checked J at a time while the run goes on; each check's own parallel
        // loops get the cores left.
        Parallelism.threadCount = max(1, ProcessInfo.processInfo.activeProcessorCount / jobs)
        let tally = Tally()
        let slots = DispatchSemaphore(value: jobs)
        let group = DispatchGroup()
        var output: UInt32 = 0
        let result = Executor.run(machine, maxCycles: maxCycles ?? .max, segmentCycles: UInt64(segmentCycles), onSegment: { segment in
            defer { output += UInt32(segment.end.publicOutput.count) }
            guard segment.index >= from else { return }
            let outputStart = output
            slots.wait()
            DispatchQueue.global().async(group: group) {
                defer { slots.signal() }
                let watch = Stopwatch()
                var line: [String: Any] = ["segment": segment.index, "start_cycle": segment.startCycle, "cycles": segment.cycleCount]
                var holds = false
                do {
                    let report = try prover.check(segment, outputStart: outputStart, limit: 3)
                    holds = report.holds
                    line["constraint_failures"] = report.constraintFailureCount
                    line["bus_imbalances"] = report.busImbalanceCount
                    if !holds { line["first_failures"] = report.constraintFailures.map(\.description) + report.busImbalances.map(\.description) }
                } catch {
                    line["error"] = "\(error)"
                }
                line["holds"] = holds
                line["seconds"] = watch.seconds
                tally.record(line, holds: holds, cycles: segment.cycleCount) { checked, failing, cycles in
                    printError("[check-segments] segment \(segment.index) (cycle \(segment.startCycle + segment.cycleCount)): "
                               + "\(checked) checked, \(failing) failing, \(String(format: "%.0f", Double(cycles) / max(tally.seconds, 1e-9))) cycles/s")
                }
            }
        })
        group.wait()
        let (checked, failing) = tally.counts
        let stopwatch = tally.stopwatch
        let limited: Bool = if case .cycleLimitReached = result.outcome { true } else { false }
        print(jsonLine(["program": program, "segments": result.segmentCount, "checked": checked, "failing": failing,
                        "cycles": result.cycles, "finished": !limited, "seconds": stopwatch.seconds]))
        if failing > 0 { throw ExitCode(1) }
        if limited { throw ExitCode(ExitStatus.cycleLimit) }
    }
}

/// The running totals of `check-segments`, shared by the checking threads; prints each
/// segment's line under its lock, so lines never interleave.
private final class Tally: @unchecked Sendable {
    private let lock = NSLock()
    private var checked = 0, failing = 0, cycles: UInt64 = 0
    let stopwatch = Stopwatch()

    var seconds: Double { stopwatch.seconds }
    var counts: (checked: Int, failing: Int) { lock.withLock { (checked, failing) } }

    func record(_ line: [String: Any], holds: Bool, cycles segmentCycles: UInt64, progress: (Int, Int, UInt64) -> Void) {
        lock.withLock {
            checked += 1
            if !holds { failing += 1 }
            cycles += segmentCycles
            print(jsonLine(line))
            progress(checked, failing, cycles)
        }
    }
}
