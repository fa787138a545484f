import ArgumentParser
import Foundation
import ZKMips

struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Re-execute segment files (from execute --write-segments) and check each reaches its recorded end.",
        discussion: """
            The files must be consecutive segments of one run, in order: each must start where the one before it \
            ended (index, cycle, CPU state, input position, memory map, and the contents of the pages both touch). \
            Every file is checked (format, SHA-256 checksum, chain) before any is replayed.

            Exit status: 0 when every segment replays exactly, 1 when one does not, \(ExitStatus.badFile) when a file \
            is not a valid segment or the files do not form a chain.
            """
    )

    @Argument(help: "Segment files, in order (segment-0.bin segment-1.bin …).")
    var segments: [String]

    @Flag(help: "Re-execute in tracing mode and print how many events each table would get.")
    var trace = false

    func run() throws {
        // First pass: every file decodes and the files form a chain. Segments are decoded again
        // to replay them rather than kept, so a long run's files need not fit in memory.
        var chain = SegmentChain()
        for path in segments {
            let segment = try load(path)
            do { try chain.append(segment) } catch {
                printError("zkmips: the segments do not form a chain: \(error.description { segments[$0] })")
                throw ExitCode(ExitStatus.badFile)
            }
        }
        var mismatches = 0
        for path in segments {
            let segment = try load(path)
            let header = "segment \(segment.index): cycles \(segment.startCycle)..<\(segment.startCycle + segment.cycleCount), \(segment.pages.count) pages, \(segment.input.count) input words"
            let end: SegmentEnd
            if trace {
                let (events, traced) = segment.trace()
                end = traced
                print("\(header); events: \(events.instructions.count) instructions, \(events.aluOperations.count) ALU, \(events.memoryAccesses.count) memory, \(events.branches.count) branches, \(events.syscalls.count) syscalls")
            } else {
                end = segment.replay()
                print(header)
            }
            let differences = differences(between: end, and: segment.end)
            if differences.isEmpty {
                print("  replay matches the recorded end (\(describe(end.status)))")
            } else {
                mismatches += 1
                print("  MISMATCH: " + differences.joined(separator: "; "))
            }
        }
        if mismatches > 0 { throw ExitCode(1) }
    }

    /// Reads and decodes one segment file, or prints what is wrong with it and exits.
    private func load(_ path: String) throws -> Segment {
        do {
            let bytes = try readFile(path, what: "segment file")
            do { return try Segment(serialized: bytes) } catch {
                throw CLIError("\(path): not a valid segment file: \(error)", status: ExitStatus.badFile)
            }
        } catch let error as CLIError {
            printError("zkmips: \(error.description)")
            throw ExitCode(error.status)
        }
    }

    private func describe(_ status: SegmentEnd.Status) -> String {
        switch status {
        case .running: return "running"
        case let .exited(code): return "exited with code \(code)"
        case let .faulted(fault): return "fault: \(fault.reason)"
        }
    }

    private func differences(between replayed: SegmentEnd, and recorded: SegmentEnd) -> [String] {
        var result: [String] = []
        if replayed.cycle != recorded.cycle { result.append("cycle \(replayed.cycle) ≠ \(recorded.cycle)") }
        if replayed.state != recorded.state {
            result.append("CPU state differs: " + replayed.state.differences(from: recorded.state).joined(separator: ", "))
        }
        if replayed.inputPosition != recorded.inputPosition { result.append("input position \(replayed.inputPosition) ≠ \(recorded.inputPosition)") }
        if replayed.status != recorded.status { result.append("status \(describe(replayed.status)) ≠ \(describe(recorded.status))") }
        if replayed.publicOutput != recorded.publicOutput { result.append("public output differs") }
        if replayed.memoryMap != recorded.memoryMap { result.append("memory map differs") }
        let pages = recorded.pageDigests.keys.filter { replayed.pageDigests[$0] != recorded.pageDigests[$0] }.sorted()
        if !pages.isEmpty {
            result.append("memory differs on \(pages.count) page(s) (" + pages.prefix(8).map { String(format: "0x%08x", $0 << 12) }.joined(separator: ", ") + ")")
        }
        return result
    }
}
