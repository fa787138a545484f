import ArgumentParser
import Foundation
import ZKMips

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks; each prints one JSON object per line.",
        subcommands: [
            BenchExecuteCommand.self, BenchFieldCommand.self, BenchNTTCommand.self, BenchPoseidonCommand.self,
            BenchMerkleCommand.self, BenchFRICommand.self, BenchProveCommand.self, BenchProveMIPSCommand.self,
        ]
    )
}

struct BenchExecuteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "execute",
        abstract: "Instructions per second of the interpreter, fast and tracing mode, on one core."
    )

    @Option(help: "Go or C guest to run (default: \(BundledGuest.longGo), looked for in the current folder and the folders above it, then above the zkmips executable).")
    var program: String?

    @Option(help: "Input file for the guest.")
    var input: String?

    @Option(help: "Cycles of the synthetic tight loop.")
    var loopCycles: Int = 200_000_000

    @Option(help: "Segment length for tracing mode (events are recorded per segment, then dropped).")
    var segmentCycles: Int = 1 << 20

    @Option(help: "Repetitions; the best time is reported.")
    var repeats: Int = 3

    func validate() throws {
        guard loopCycles >= 1 else { throw ValidationError("--loop-cycles must be a positive number, got \(loopCycles)") }
        guard segmentCycles >= 1 else { throw ValidationError("--segment-cycles must be a positive number, got \(segmentCycles)") }
        guard repeats >= 1 else { throw ValidationError("--repeats must be a positive number, got \(repeats)") }
    }

    func run() throws {
        let image: ProgramImage, inputBytes: [UInt8], program: String
        do {
            program = try self.program ?? BundledGuest.locate(BundledGuest.longGo, option: "--program")
            image = try loadProgram(program)
            inputBytes = try input.map { try readFile($0, what: "input file") } ?? []
        } catch let error as CLIError {
            printError("zkmips: \(error.description)")
            throw ExitCode(error.status)
        }
        let name = (program as NSString).lastPathComponent
        report(name, mode: "fast", image: image, input: inputBytes, cycles: .max, tracing: false)
        report(name, mode: "tracing", image: image, input: inputBytes, cycles: .max, tracing: true)
        let loop = TightLoop.image
        report("tight-loop", mode: "fast", image: loop, input: [], cycles: UInt64(loopCycles), tracing: false)
        report("tight-loop", mode: "tracing", image: loop, input: [], cycles: UInt64(loopCycles / 4), tracing: true)
    }

    private func report(_ name: String, mode: String, image: ProgramImage, input: [UInt8], cycles: UInt64, tracing: Bool) {
        var best = Double.infinity
        var executed: UInt64 = 0
        var kernelCycles: UInt64 = 0
        for _ in 0..<repeats {
            let machine = image.makeMachine(input: input)
            machine.io.capturesConsole = false
            var elapsed = 0.0
            if tracing {
                kernelCycles = 0
                while machine.exitCode == nil, machine.cycles < cycles {
                    var recorder = TraceRecorder(expectedCycles: segmentCycles)
                    let start = monotonicSeconds()
                    let stop = machine.runTracing(until: min(cycles, machine.cycles + UInt64(segmentCycles)), into: &recorder)
                    elapsed += monotonicSeconds() - start
                    // Outside the timed part: the kernel's share of the cycles.
                    kernelCycles += UInt64(recorder.instructions.lazy.filter(\.isKernel).count)
                    if case .fault = stop { break }
                }
            } else {
                let start = monotonicSeconds()
                _ = machine.run(until: cycles)
                elapsed = monotonicSeconds() - start
            }
            best = min(best, elapsed)
            executed = machine.cycles
        }
        var fields: [String: Any] = [
            "bench": "execute", "program": name, "mode": mode, "threads": 1, "cycles": executed,
            "seconds": best, "instructionsPerSecond": Int(Double(executed) / best), "machine": HostInfo.machine,
        ]
        // Tracing sees every instruction: report the cycles spent in the kernel.
        if tracing { fields["kernelCycles"] = kernelCycles }
        print(jsonLine(fields))
    }
}

/// The guests committed under `mips-guests/bin`, found from wherever `zkmips` runs.
enum BundledGuest {
    static let longGo = "mips-guests/bin/go-long"

    /// The path of `relative` (a path inside the repository) under the current folder or one
    /// above it, else under a folder above the executable (`.build/release/zkmips` sits two
    /// levels below the repository). Fails with a message that says where it looked.
    static func locate(_ relative: String, option: String) throws -> String {
        let fileManager = FileManager.default
        let current = fileManager.currentDirectoryPath
        var starts = [current]
        let executable = Bundle.main.executablePath.map { URL(fileURLWithPath: $0).resolvingSymlinksInPath() }
        if let executable { starts.append(executable.deletingLastPathComponent().path) }
        for start in starts {
            var folder = URL(fileURLWithPath: start).standardizedFileURL
            while true {
                let candidate = folder.appendingPathComponent(relative).path
                if fileManager.isReadableFile(atPath: candidate) { return candidate }
                let parent = folder.deletingLastPathComponent()
                if parent.path == folder.path { break }
                folder = parent
            }
        }
        let searched = ["'\(current)'"] + (executable.map { ["'\($0.deletingLastPathComponent().path)' (the zkmips executable's)"] } ?? [])
        throw CLIError("""
            the default program \(relative) was not found in \(searched.joined(separator: " or ")) or any folder above; \
            run from a zkmips checkout or pass \(option) PATH to a MIPS32 ELF
            """, status: ExitStatus.loadFailure)
    }
}

/// A synthetic integer loop (ALU, loads/stores, a branch with a delay slot) that never ends:
/// the benchmark stops it by cycle count.
enum TightLoop {
    static var image: ProgramImage {
        let t0 = Register(rawValue: 8), t1 = Register(rawValue: 9), t2 = Register(rawValue: 10)
        let t3 = Register(rawValue: 11), s0 = Register(rawValue: 16)
        let loop: [Instruction] = [
            .lui(rt: s0, imm: 0x1000),  // s0 = 0x10000000: a data word
            .addiu(rt: t0, rs: t0, imm: 1),  // loop:
            .xor(rd: t1, rs: t1, rt: t0),
            .sll(rd: t2, rt: t1, sa: 3),
            .addu(rd: t3, rs: t3, rt: t2),
            .sw(rt: t3, base: s0, imm: 0),
            .lw(rt: t2, base: s0, imm: 0),
            .sltu(rd: t1, rs: t2, rt: t0),
            .bne(rs: t0, rt: .zero, imm: UInt16(bitPattern: -8)),  // back to loop (index 1): (4 − 36) / 4
            .addu(rd: t1, rs: t1, rt: t2),  // delay slot
            .j(index: 1),
            .sll(rd: .zero, rt: .zero, sa: 0),
        ]
        let bytes = loop.flatMap { instruction -> [UInt8] in
            let word = instruction.word
            return [UInt8(word >> 24), UInt8(truncatingIfNeeded: word >> 16), UInt8(truncatingIfNeeded: word >> 8), UInt8(truncatingIfNeeded: word)]
        }
        return .flat(code: bytes)
    }
}
