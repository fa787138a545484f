import Field
import MIPS
@testable import Tables
import XCTest

final class GuestProbeTests: XCTestCase {
    func testProbe() throws {
        guard ProcessInfo.processInfo.environment["ZKMIPS_PROBE"] != nil else { return }
        for name in ["c-sha256", "c-bigint", "cglibc-qsort", "cglibc-divzero", "go-hello", "go-fibonacci", "go-sha256", "go-collections", "go-nilcheck"] {
            let elf = FileManager.default.contents(atPath: GuestSegmentTests.guests.appendingPathComponent("bin/\(name)").path)!
            let machine = try ProgramImage.load(elfBytes: [UInt8](elf)).makeMachine(input: GuestSegmentTests.input(name))
            machine.io.capturesConsole = true
            let start = machine.state
            machine.memory.beginTouchTracking()
            var recorder = TraceRecorder()
            let stop = machine.run(until: 1 << 21, tracer: &recorder)
            let pages = machine.memory.endTouchTracking()
            do {
                _ = try CPUMachine.witness(start: SegmentStart(state: start, pages: pages), trace: recorder)
                print("PROBE \(name): ok (\(recorder.instructions.count) cycles, \(stop))")
            } catch {
                let word: UInt32? = { if case let .unsupportedInstruction(_, _, word) = error { return word }; return nil }()
                print("PROBE \(name): \(error) \(word.map { (try? Instruction.decode($0)).map { "\($0)" } ?? "illegal" } ?? "")")
            }
        }
    }
}
