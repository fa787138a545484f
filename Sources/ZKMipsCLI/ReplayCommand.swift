import ArgumentParser
import Foundation
import ZKMips

struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Re-execute segment files (from execute --write-segments) and check each reaches its recorded end.",
        discussion: "Exit status: 0 when every segment replays exactly, 1 when one does not, \(ExitStatus.badFile) when a file is not a valid segment."
    )

    @Argument(help: "Segment files.")
    var segments: [String]

    @Flag(help: "Re-execute in tracing mode and print how many events each table would get.")
    var trace = false

    func run() throws {
        var mismatches = 0
        for path in segments {
            let segment: Segment
            do {
                let bytes = try readFile(path, what: "segment file")
                do { segment = try Segment(serialized: bytes) } catch {
                    throw CLIError("\(path): not a valid segment file: \(error)", status: ExitStatus.badFile)
                }
            } catch let error as CLIError {
                printError("zkmips: \(error.description)")
                throw ExitCode(error.status)
            }
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
        if replayed.state != recorded.state { result.append("CPU state differs (pc 0x\(String(replayed.state.pc, radix: 16)) vs 0x\(String(recorded.state.pc, radix: 16)))") }
        if replayed.inputPosition != recorded.inputPosition { result.append("input position \(replayed.inputPosition) ≠ \(recorded.inputPosition)") }
        if replayed.status != recorded.status { result.append("status \(describe(replayed.status)) ≠ \(describe(recorded.status))") }
        if replayed.publicOutput != recorded.publicOutput { result.append("public output differs") }
        if replayed.pagesDigest != recorded.pagesDigest { result.append("memory differs") }
        return result
    }
}
