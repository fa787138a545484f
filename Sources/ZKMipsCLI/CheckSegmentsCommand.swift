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

    func validate() throws {
        guard segmentCycles >= 64, segmentCycles <= 1 << 21, segmentCycles & (segmentCycles - 1) == 0 else {
            throw ValidationError("--segment-cycles must be a power of two in 64…2^21, got \(segmentCycles)")
        }
        guard from >= 0 else { throw ValidationError("--from must be at least 0, got \(from)") }
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
        let stopwatch = Stopwatch()
        var checked = 0, failing = 0, output: UInt32 = 0, checkedCycles: UInt64 = 0
        let result = Executor.run(machine, maxCycles: maxCycles ?? .max, segmentCycles: UInt64(segmentCycles), onSegment: { segment in
            defer { output += UInt32(segment.end.publicOutput.count) }
            guard segment.index >= from else { return }
            let watch = Stopwatch()
            var line: [String: Any] = ["segment": segment.index, "start_cycle": segment.startCycle, "cycles": segment.cycleCount]
            do {
                let report = try prover.check(segment, outputStart: output, limit: 3)
                line["holds"] = report.holds
                line["constraint_failures"] = report.constraintFailureCount
                line["bus_imbalances"] = report.busImbalanceCount
                if !report.holds { line["first_failures"] = (report.constraintFailures.map(\.description) + report.busImbalances.map(\.description)) }
                if !report.holds { failing += 1 }
            } catch {
                line["holds"] = false
                line["error"] = "\(error)"
                failing += 1
            }
            line["seconds"] = watch.seconds
            checked += 1
            checkedCycles += segment.cycleCount
            print(jsonLine(line))
            printError("[check-segments] segment \(segment.index) (cycle \(segment.startCycle + segment.cycleCount)): "
                       + "\(checked) checked, \(failing) failing, \(String(format: "%.0f", Double(checkedCycles) / max(stopwatch.seconds, 1e-9))) cycles/s")
        })
        let limited: Bool = if case .cycleLimitReached = result.outcome { true } else { false }
        print(jsonLine(["program": program, "segments": result.segmentCount, "checked": checked, "failing": failing,
                        "cycles": result.cycles, "finished": !limited, "seconds": stopwatch.seconds]))
        if failing > 0 { throw ExitCode(1) }
        if limited { throw ExitCode(ExitStatus.cycleLimit) }
    }
}
