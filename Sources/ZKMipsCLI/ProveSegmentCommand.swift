import ArgumentParser
import Foundation
import ZKMips

struct ProveSegmentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prove-segment",
        abstract: "Prove one segment file (from execute --write-segments) with the MIPS tables.",
        discussion: """
            Re-executes the segment in tracing mode, builds the tables' witness (CPU, memory, ALU, \
            multiply-divide, primitives, …; docs/mips-tables.md) and proves it. The proof file holds the \
            statement (start and end state, the start contents of the pages the segment touches, the input \
            words it read, the output bytes it wrote, its exit) and the STARK proof; verify it with \
            verify-segment. Progress goes to standard error.

            Exit status: 0 when the proof is written; 1 when the segment cannot be proven (it faults, or runs \
            an instruction or exception the tables do not prove yet: the message names the cycle and \
            instruction); \(ExitStatus.badFile) when the segment file is malformed; \(ExitStatus.cannotCreate) when \
            the proof cannot be written.
            """
    )

    @Argument(help: "A segment file (segment-N.bin).")
    var segment: String

    @Option(name: .shortAndLong, help: "Where to write the proof.")
    var output: String

    @Option(help: "Public-output bytes the run wrote before this segment (the statement's output position).")
    var outputPosition: UInt32 = 0

    @Option(help: PresetOption.help)
    var preset: PresetOption = .fast

    @Option(help: "Worker threads (default: all cores).")
    var threads: Int?

    @Flag(help: "No progress lines on standard error.")
    var quiet = false

    @Flag(help: "Run the trace and bus checkers on the witness first and name what fails (always on in debug builds; slow).")
    var check = false

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1, got \(threads)") }
    }

    func run() throws {
        if let threads { Parallelism.threadCount = threads }
        let segment: Segment
        do {
            let bytes = try readFile(self.segment, what: "segment file")
            do { segment = try Segment(serialized: bytes) } catch {
                throw CLIError("\(self.segment): not a valid segment file: \(error)", status: ExitStatus.badFile)
            }
        } catch let error as CLIError {
            printError("zkmips: \(error.description)")
            throw ExitCode(error.status)
        }
        let stopwatch = Stopwatch()
        let progress: ((String) -> Void)? = quiet ? nil : { printError("[prove-segment \(segment.index)] \(String(format: "%.1f", stopwatch.seconds)) s: \($0)") }
        progress?("\(segment.cycleCount) cycles from cycle \(segment.startCycle), \(segment.pages.count) pages; committing the fixed tables")
        let proof: SegmentProof
        do {
            let prover = try SegmentProver(configuration: StarkConfiguration(fri: preset.fri), checksWitness: check ? true : nil)
            proof = try prover.prove(segment, outputStart: outputPosition, progress: progress)
        } catch let error as SegmentProvingError {
            printError("zkmips: \(self.segment): cannot prove segment \(segment.index): \(error)")
            throw ExitCode(1)
        }
        let bytes = proof.serialized()
        do { try writeFile(bytes, to: output, what: "proof") } catch let error as CLIError {
            printError("zkmips: \(error.description)")
            throw ExitCode(error.status)
        }
        let seconds = stopwatch.seconds
        print("segment \(segment.index): \(segment.cycleCount) cycles proven in \(String(format: "%.2f", seconds)) s "
              + "(\(String(format: "%.0f", Double(segment.cycleCount) / seconds)) cycles/s); proof \(bytes.count) bytes "
              + "(STARK \(proof.stark.serialized().count)) written to \(output)")
    }
}

struct VerifySegmentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-segment",
        abstract: "Verify a segment proof (from prove-segment) and print the statement it proves as JSON.",
        discussion: """
            Checks the STARK proof against the verifying key of the MIPS tables (with --preset's parameters) and \
            the statement stored beside it. With --segment, also checks that the statement starts where the \
            segment file does (state, cycle, input position, pages).

            Exit status: 0 when the proof holds; 1 when it does not (the reason is printed); \
            \(ExitStatus.badFile) when a file is malformed.
            """
    )

    @Argument(help: "A segment proof file.")
    var proof: String

    @Option(help: "The segment file the proof should start from.")
    var segment: String?

    @Option(help: PresetOption.help)
    var preset: PresetOption = .fast

    func run() throws {
        let proof: SegmentProof
        var segment: Segment?
        do {
            let bytes = try readFile(self.proof, what: "proof")
            do { proof = try SegmentProof(bytes: bytes) } catch {
                throw CLIError("\(self.proof): not a valid segment proof: \(error)", status: ExitStatus.badFile)
            }
            if let path = self.segment {
                let bytes = try readFile(path, what: "segment file")
                do { segment = try Segment(serialized: bytes) } catch {
                    throw CLIError("\(path): not a valid segment file: \(error)", status: ExitStatus.badFile)
                }
            }
        } catch let error as CLIError {
            printError("zkmips: \(error.description)")
            throw ExitCode(error.status)
        }
        let statement = proof.statement
        if let segment, let difference = Self.difference(statement, segment) {
            printError("zkmips: \(self.proof) does not start where \(self.segment!) does: \(difference)")
            throw ExitCode(1)
        }
        let verifier: SegmentVerifier
        do { verifier = try SegmentVerifier(configuration: StarkConfiguration(fri: preset.fri)) } catch {
            printError("zkmips: cannot build the verifying key: \(error)")
            throw ExitCode(1)
        }
        let stopwatch = Stopwatch()
        do {
            try verifier.verify(proof)
        } catch {
            printError("zkmips: \(self.proof): the proof does not hold: \(error)")
            throw ExitCode(1)
        }
        var claim: [String: Any] = [
            "verified": true, "cycles": statement.cycles, "startCycle": statement.startCycle,
            "startPC": hex(statement.startPC), "endPC": hex(statement.endPC), "endNextPC": hex(statement.endNextPC),
            "endKernelMode": statement.endKernelMode, "pages": statement.pages.count,
            "inputStart": statement.inputStart, "inputWords": statement.inputWords.count,
            "outputStart": statement.outputStart, "publicOutputHex": statement.outputBytes.map { String(format: "%02x", $0) }.joined(),
            "verifySeconds": stopwatch.seconds,
        ]
        claim["exitCode"] = statement.exitCode.map { Int(Int32(bitPattern: $0)) } ?? NSNull()
        print(jsonLine(claim))
    }

    private func hex(_ value: UInt32) -> String { String(format: "0x%08x", value) }

    /// Where the statement's start differs from the segment file's, if it does.
    static func difference(_ statement: SegmentStatement, _ segment: Segment) -> String? {
        let start = segment.start
        if statement.startPC != start.pc || statement.startNextPC != start.nextPC { return "pc/nextPC" }
        if statement.startKernelMode != (start.mode == .kernel) { return "mode" }
        if statement.startRegisters != MachineRegister.values(of: start) {
            return "registers"
        }
        if statement.startCycle != segment.startCycle || statement.cycles != Int(segment.cycleCount) { return "cycles" }
        if statement.inputStart != UInt32(segment.inputPosition) { return "input position" }
        if statement.pages != segment.pages { return "pages" }
        return nil
    }
}
