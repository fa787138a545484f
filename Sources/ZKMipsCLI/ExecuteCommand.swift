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
        read or loaded; \(ExitStatus.cannotCreate) when --summary or --write-segments cannot be \
        written; 64 for bad command-line flags. --summary tells these cases apart.

        Files: '-' is standard input for --input and standard output for --summary. A \
        --summary path that is standard output or error (/dev/stdout, /dev/stderr, also when \
        redirected to a file) is written through that stream after what it already holds, and a \
        FIFO or device without truncating it; any other file is replaced.
        """
    )

    @Argument(help: "Path to a static big-endian MIPS32 ELF executable.")
    var program: String

    @Option(help: "File whose bytes the guest reads from fd 0 ('-': standard input; default: empty).")
    var input: String?

    @Option(help: "Stop after this many instructions.")
    var maxCycles: Int?

    @Option(help: "Cut the run into segments of this many cycles (a power of two).")
    var segmentCycles: Int?

    @Flag(help: "Print an instruction-mix table on stderr (slower: runs with a tracer).")
    var stats = false

    @Flag(help: "Print every syscall with its arguments and result on stderr, like strace.")
    var traceSyscalls = false

    @Flag(help: "Print the functions (program and kernel) that take the most cycles on stderr (slower: runs with a tracer).")
    var profile = false

    @Option(help: "Write a JSON summary (exitCode, cycles, segments, publicOutputHex, instructionsPerSecond, …) to this file ('-': standard output; see Files above).")
    var summary: String?

    @Option(help: "Write each segment to DIR/segment-N.bin (needs --segment-cycles).")
    var writeSegments: String?

    @Flag(help: "No progress lines on stderr.")
    var quiet = false

    // Declared last so that the usage line lists it after the options, as it must be typed.
    @Argument(parsing: .postTerminator, help: "Arguments for the guest (after --); argv[0] is 'program'.")
    var guestArguments: [String] = []

    func validate() throws {
        if let segmentCycles, segmentCycles <= 0 || segmentCycles & (segmentCycles - 1) != 0 {
            throw ValidationError("--segment-cycles must be a power of two, got \(segmentCycles)")
        }
        if let maxCycles, maxCycles <= 0 { throw ValidationError("--max-cycles must be a positive number, got \(maxCycles)") }
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
        machine.io.capturesConsole = false
        machine.io.consoleHandler = { fd, bytes in
            (fd == 1 ? FileHandle.standardOutput : FileHandle.standardError).write(Data(bytes))
        }
        let progress = ProgressReporter(enabled: !quiet)
        let started = monotonicSeconds()
        var result: Executor.Result
        var mix = InstructionMix(countsInstructions: stats, logsSyscalls: traceSyscalls, profiles: profile)
        let maxCycles = self.maxCycles.map { UInt64($0) } ?? .max, segmentCycles = self.segmentCycles.map { UInt64($0) }
        let writer = try writeSegments.map { try SegmentWriter(directory: $0) }
        // Segments stream to disk (or are dropped) as they complete, so a long run does not
        // keep every snapshot in memory.
        let onSegment: (Segment) -> Void = { segment in writer?.write(segment) }
        if stats || traceSyscalls || profile {
            result = Executor.run(machine, maxCycles: maxCycles, segmentCycles: segmentCycles, tracer: &mix,
                                  onSegment: onSegment, progress: progress.report)
        } else {
            result = Executor.run(machine, maxCycles: maxCycles, segmentCycles: segmentCycles,
                                  onSegment: onSegment, progress: progress.report)
        }
        if let error = writer?.error { throw error }
        let seconds = monotonicSeconds() - started
        let rate = Double(result.cycles) / max(seconds, 1e-9)

        if stats { printError(mix.table(total: result.cycles)) }
        if profile { printError(mix.profile(total: result.cycles, symbols: image.symbols)) }
        var status: Int32
        var fields: [String: Any] = [
            "cycles": result.cycles, "segments": result.segmentCount,
            "publicOutputHex": result.publicOutput.hexString, "instructionsPerSecond": Int(rate),
            "seconds": seconds, "program": program,
        ]
        if stats || traceSyscalls { fields["kernelCycles"] = mix.kernelCycles }
        switch result.outcome {
        case let .exited(code):
            status = code & 0xff
            fields["outcome"] = "exited"
            fields["exitCode"] = code
            if let halt = result.halt, let killed = halt.signalDescription {
                fields["signal"] = halt.signal
                let location = halt.faultPC == 0 ? "" : image.symbols.describe(halt.faultPC).map { " in \($0)" } ?? ""
                printError("zkmips: program \(killed)\(location)")
            }
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
        if let reason = Self.makeDirectory(directory) {
            throw CLIError("cannot create directory '\(directory)': \(reason)", status: ExitStatus.cannotCreate)
        }
    }

    /// `mkdir -p`; nil when done, else why not (Foundation's error here says only "error 512").
    private static func makeDirectory(_ path: String) -> String? {
        var info = stat()
        if stat(path, &info) == 0 { return info.st_mode & S_IFMT == S_IFDIR ? nil : "'\(path)' is not a directory" }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty, parent != path, let reason = makeDirectory(parent) { return reason }
        guard mkdir(path, 0o755) == 0 || errno == EEXIST else { return String(cString: strerror(errno)) }
        return nil
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
    let profiles: Bool
    private var byPC: [UInt32: UInt64] = [:]
    private var byWord: [UInt32: UInt64] = [:]

    init(countsInstructions: Bool, logsSyscalls: Bool, profiles: Bool = false) {
        self.countsInstructions = countsInstructions
        self.logsSyscalls = logsSyscalls
        self.profiles = profiles
    }

    /// Cycles spent in the kernel (``InstructionEvent/isKernel``).
    private(set) var kernelCycles: UInt64 = 0

    static var isRecording: Bool { true }
    mutating func instruction(_ event: InstructionEvent) {
        if countsInstructions { byWord[event.word, default: 0] += 1 }
        if profiles { byPC[event.pc, default: 0] += 1 }
        if event.isKernel { kernelCycles += 1 }
    }
    mutating func alu(_ event: ALUEvent) {}
    mutating func memory(_ event: MemoryEvent) {}
    mutating func branch(_ event: BranchEvent) {}
    mutating func syscall(_ event: SyscallEvent) {
        guard logsSyscalls else { return }
        let name = SyscallNames.name(of: event.number) ?? "syscall_\(event.number)"
        let arguments = event.arguments.map { "0x" + String($0, radix: 16) }.joined(separator: ", ")
        let result = event.errorFlag != 0 ? "-1 (errno \(event.result))" : "0x" + String(event.result, radix: 16)
        printError("[\(event.cycle)] \(name)(\(arguments)) = \(result)")
    }

    /// Cycles per function, the 30 largest.
    func profile(total: UInt64, symbols: SymbolTable) -> String {
        var byFunction: [String: UInt64] = [:]
        for (pc, count) in byPC {
            let name = symbols.describe(pc).map { String($0.split(separator: "+").first ?? "") } ?? "?"
            byFunction[name, default: 0] += count
        }
        var lines = ["function                                       cycles      share"]
        for (name, count) in byFunction.sorted(by: { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }).prefix(30) {
            let share = total == 0 ? 0 : Double(count) * 100 / Double(total)
            lines.append(String(name.prefix(40)).padding(toLength: 40, withPad: " ", startingAt: 0)
                         + String(count).leftPadded(14, with: " ") + String(format: "%10.2f%%", share))
        }
        return lines.joined(separator: "\n")
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
        let kernelShare = total == 0 ? 0 : Double(kernelCycles) * 100 / Double(total)
        lines.append("in kernel".padding(toLength: 12, withPad: " ", startingAt: 0) + String(kernelCycles).leftPadded(14, with: " ")
                     + String(format: "%11.2f%%", kernelShare))
        return lines.joined(separator: "\n")
    }
}
