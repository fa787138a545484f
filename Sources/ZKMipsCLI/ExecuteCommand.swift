import ArgumentParser
import Foundation
import ZKMips

struct ExecuteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "execute",
        abstract: "Run a MIPS32 ELF program (fast mode).",
        discussion: """
        The guest's fd 1 and 2 go to standard output and error, fd 0 reads --input, and fd 3 (the \
        public output) is reported in --summary. Runs are deterministic.

        Exit status: the guest's exit code (low 8 bits) when it exits; \(ExitStatus.fault) when it \
        faults (pc, word and disassembly are printed on stderr); \(ExitStatus.cycleLimit) when \
        --max-cycles runs out; \(ExitStatus.loadFailure) when the program or input cannot be \
        read or loaded; 64 for bad command-line flags. --summary tells these cases apart.
        """
    )

    @Argument(help: "Path to a static big-endian MIPS32 ELF executable.")
    var program: String

    @Argument(parsing: .postTerminator, help: "Arguments for the guest (after --); argv[0] is 'program'.")
    var guestArguments: [String] = []

    @Option(help: "File whose bytes the guest reads from fd 0 (default: empty).")
    var input: String?

    @Option(help: "Stop after this many instructions.")
    var maxCycles: UInt64?

    @Option(help: "Cut the run into segments of this many cycles (a power of two).")
    var segmentCycles: UInt64?

    @Flag(help: "Print an instruction-mix table on stderr (slower: runs with a tracer).")
    var stats = false

    @Flag(help: "Print every syscall with its arguments and result on stderr, like strace.")
    var traceSyscalls = false

    @Option(help: "Write a JSON summary (exitCode, cycles, segments, publicOutputHex, instructionsPerSecond, …) to this file.")
    var summary: String?

    @Option(help: "Write each segment to DIR/segment-N.bin (needs --segment-cycles).")
    var writeSegments: String?

    @Flag(help: "No progress lines on stderr.")
    var quiet = false

    func validate() throws {
        if let segmentCycles, segmentCycles == 0 || segmentCycles & (segmentCycles - 1) != 0 {
            throw ValidationError("--segment-cycles must be a power of two, got \(segmentCycles)")
        }
        if let maxCycles, maxCycles == 0 { throw ValidationError("--max-cycles must be positive") }
        if writeSegments != nil, segmentCycles == nil { throw ValidationError("--write-segments needs --segment-cycles") }
    }

    func run() throws {
        do {
            try execute()
        } catch let error as CLIError {
            printError("zkmips: \(error.description)")
            throw ExitCode(error.status)
        }
    }

    private func execute() throws {
        let image = try loadProgram(program, arguments: ProcessLayout.defaultArguments + guestArguments)
        let inputBytes = try input.map { try readFile($0, what: "input file") } ?? []
        let machine = image.makeMachine(input: inputBytes)
        machine.kernel.capturesConsole = false
        machine.kernel.consoleHandler = { fd, bytes in
            (fd == 1 ? FileHandle.standardOutput : FileHandle.standardError).write(Data(bytes))
        }
        let progress = ProgressReporter(enabled: !quiet)
        let started = monotonicSeconds()
        var result: Executor.Result
        var mix = InstructionMix(countsInstructions: stats, logsSyscalls: traceSyscalls)
        let writer = try writeSegments.map { try SegmentWriter(directory: $0) }
        // Segments stream to disk (or are dropped) as they complete, so a long run does not
        // keep every snapshot in memory.
        let onSegment: (Segment) -> Void = { segment in writer?.write(segment) }
        if stats || traceSyscalls {
            result = Executor.run(machine, maxCycles: maxCycles ?? .max, segmentCycles: segmentCycles, tracer: &mix,
                                  onSegment: onSegment, progress: progress.report)
        } else {
            result = Executor.run(machine, maxCycles: maxCycles ?? .max, segmentCycles: segmentCycles,
                                  onSegment: onSegment, progress: progress.report)
        }
        if let error = writer?.error { throw error }
        let seconds = monotonicSeconds() - started
        let rate = Double(result.cycles) / max(seconds, 1e-9)

        if stats { printError(mix.table(total: result.cycles)) }

        var status: Int32
        var fields: [String: Any] = [
            "cycles": result.cycles, "segments": result.segmentCount,
            "publicOutputHex": result.publicOutput.hexString, "instructionsPerSecond": Int(rate),
            "seconds": seconds, "program": program,
        ]
        switch result.outcome {
        case let .exited(code):
            status = code & 0xff
            fields["outcome"] = "exited"
            fields["exitCode"] = code
        case let .faulted(fault):
            status = ExitStatus.fault
            fields["outcome"] = "fault"
            fields["exitCode"] = NSNull()
            fields["fault"] = fault.description
            let location = image.symbols.describe(fault.pc).map { " in \($0)" } ?? ""
            printError("zkmips: \(fault)\(location)")
        case .cycleLimitReached:
            status = ExitStatus.cycleLimit
            fields["outcome"] = "cycle-limit"
            fields["exitCode"] = NSNull()
            printError("zkmips: stopped after \(result.cycles) cycles (--max-cycles); pc = 0x\(String(machine.pc, radix: 16))")
        }
        if let summary {
            try writeFile(Array((jsonLine(fields) + "\n").utf8), to: summary, what: "summary")
        }
        if status != 0 { throw ExitCode(status) }
    }
}

/// Writes segments to DIR/segment-N.bin as they complete; remembers the first failure.
final class SegmentWriter {
    let directory: String
    private(set) var error: Error?

    init(directory: String) throws {
        self.directory = directory
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw CLIError("cannot create directory '\(directory)': \(error.localizedDescription)", status: ExitStatus.loadFailure)
        }
    }

    func write(_ segment: Segment) {
        guard error == nil else { return }
        let path = (directory as NSString).appendingPathComponent("segment-\(segment.index).bin")
        do { try writeFile(segment.serialized(), to: path, what: "segment") } catch { self.error = error }
    }
}

/// Counts executed instructions by mnemonic (`--stats`) and logs syscalls (`--trace-syscalls`).
struct InstructionMix: ExecutionTracer {
    let countsInstructions: Bool
    let logsSyscalls: Bool
    private var byWord: [UInt32: UInt64] = [:]

    init(countsInstructions: Bool, logsSyscalls: Bool) {
        self.countsInstructions = countsInstructions
        self.logsSyscalls = logsSyscalls
    }

    static var isRecording: Bool { true }
    mutating func instruction(_ event: InstructionEvent) {
        if countsInstructions { byWord[event.word, default: 0] += 1 }
    }
    mutating func alu(_ event: ALUEvent) {}
    mutating func memory(_ event: MemoryEvent) {}
    mutating func branch(_ event: BranchEvent) {}
    mutating func syscall(_ event: SyscallEvent) {
        guard logsSyscalls else { return }
        let name = LinuxKernel.syscallName(event.number) ?? "syscall_\(event.number)"
        let arguments = event.arguments.map { "0x" + String($0, radix: 16) }.joined(separator: ", ")
        let result = event.errorFlag != 0 ? "-1 (errno \(event.result))" : "0x" + String(event.result, radix: 16)
        printError("[\(event.cycle)] \(name)(\(arguments)) = \(result)")
    }

    func table(total: UInt64) -> String {
        var byMnemonic: [String: UInt64] = [:]
        for (word, count) in byWord { byMnemonic[Instruction(word: word).mnemonic, default: 0] += count }
        let rows = byMnemonic.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }
        var lines = ["instruction        count        share"]
        for (mnemonic, count) in rows {
            let share = total == 0 ? 0 : Double(count) * 100 / Double(total)
            lines.append(mnemonic.padding(toLength: 12, withPad: " ", startingAt: 0)
                         + String(count).leftPadded(14, with: " ") + String(format: "%11.2f%%", share))
        }
        lines.append("total".padding(toLength: 12, withPad: " ", startingAt: 0) + String(total).leftPadded(14, with: " "))
        return lines.joined(separator: "\n")
    }
}
