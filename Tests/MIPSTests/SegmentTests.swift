import Foundation
import XCTest

@testable import MIPS

/// Cutting a run into segments: coverage, exact replay, serialisation, tracing, touched pages.
final class SegmentTests: XCTestCase {
    static let data = FlatProgram.dataBase
    private static let iterations: UInt16 = 5000
    private static let segmentCycles: UInt64 = 1024

    /// for i in 0..<5000 { data[(4i) & 0x3ffc] = i; if i % 1024 == 0 { write(3, &that word, 4) } }
    /// then exit_group(0). Ten cycles per iteration, five more when it writes.
    private static let program: FlatProgram = {
        let s0 = Register(16), s1 = Register(17), s2 = Register(18)
        let code: [Instruction] = Assembler.load(s0, data) + [
            .addiu(rt: s1, rs: .zero, imm: iterations),  // 2
            .addiu(rt: s2, rs: .zero, imm: 0),  // 3
            .sll(rd: .t0, rt: s2, sa: 2),  // 4: loop
            .andi(rt: .t0, rs: .t0, imm: 0x3ffc),  // 5
            .addu(rd: .t0, rs: .t0, rt: s0),  // 6
            .sw(rt: s2, base: .t0, imm: 0),  // 7
            .andi(rt: .t1, rs: s2, imm: 1023),  // 8
            .bne(rs: .t1, rt: .zero, imm: Assembler.branchOffset(from: 9, to: 16)),  // 9
            .sll(rd: .zero, rt: .zero, sa: 0),  // 10
            .addiu(rt: .v0, rs: .zero, imm: 4004),  // 11: write(3, t0, 4)
            .addiu(rt: .a0, rs: .zero, imm: 3),  // 12
            .addu(rd: .a1, rs: .t0, rt: .zero),  // 13
            .addiu(rt: .a2, rs: .zero, imm: 4),  // 14
            .syscall(code: 0),  // 15
            .addiu(rt: s2, rs: s2, imm: 1),  // 16: skip
            .bne(rs: s2, rt: s1, imm: Assembler.branchOffset(from: 17, to: 4)),  // 17
            .sll(rd: .zero, rt: .zero, sa: 0),  // 18
            .addiu(rt: .v0, rs: .zero, imm: 4246),  // 19: exit_group(0)
            .addiu(rt: .a0, rs: .zero, imm: 0),  // 20
            .syscall(code: 0),  // 21
        ]
        return FlatProgram(code)
    }()

    /// The program's own instructions (the kernel's come on top: each syscall runs a few hundred).
    private static let userCycles: UInt64 = 4 + 5000 * 10 + 5 * 5 + 3
    private static let expectedOutput: [UInt8] = [0, 1024, 2048, 3072, 4096].flatMap { Assembler.bytes(of: UInt32($0)) }

    /// One segmented run, shared by the tests here, in ``SegmentFileTests`` and in
    /// ``SegmentChainTests`` (the run itself is checked in `testSegmentsCoverTheRun`).
    static let segmentedRun: Executor.Result = Executor.run(program.makeMachine(), segmentCycles: segmentCycles)

    // MARK: - Coverage

    func testSegmentsCoverTheRun() {
        let result = Self.segmentedRun
        XCTAssertEqual(result.outcome, .exited(code: 0))
        XCTAssertEqual(result.halt, Halt(exitCode: 0))
        XCTAssertGreaterThan(result.cycles, Self.userCycles + 6 * 300, "the kernel's cycles count")
        XCTAssertLessThan(result.cycles, Self.userCycles + 6 * 5000)
        XCTAssertEqual(result.publicOutput, Self.expectedOutput)
        let segments = result.segments
        XCTAssertEqual(segments.count, Int((result.cycles + Self.segmentCycles - 1) / Self.segmentCycles))
        var cycle: UInt64 = 0
        for (index, segment) in segments.enumerated() {
            XCTAssertEqual(segment.index, index)
            XCTAssertEqual(segment.startCycle, cycle, "segment \(index) starts where the previous ended")
            XCTAssertEqual(segment.end.cycle, segment.startCycle + segment.cycleCount)
            let last = index == segments.count - 1
            if !last {
                XCTAssertEqual(segment.cycleCount, Self.segmentCycles)
                XCTAssertEqual(segment.end.status, .running)
                XCTAssertEqual(segments[index + 1].start, segment.end.state, "state continues")
                XCTAssertEqual(segments[index + 1].inputPosition, segment.end.inputPosition, "input position continues")
            }
            cycle += segment.cycleCount
        }
        XCTAssertEqual(cycle, result.cycles)
        XCTAssertEqual(segments.last?.end.status, .exited(code: 0))
        XCTAssertEqual(segments.last?.cycleCount, (result.cycles - 1) % Self.segmentCycles + 1)
        XCTAssertEqual(segments.flatMap(\.end.publicOutput), result.publicOutput)
        XCTAssertEqual(segments.filter { !$0.end.publicOutput.isEmpty }.count, 5)
    }

    /// Without segments, the same program gives the same result.
    func testUnsegmentedRunAgrees() {
        let plain = Executor.run(Self.program.makeMachine())
        XCTAssertEqual(plain.outcome, .exited(code: 0))
        XCTAssertEqual(plain.cycles, Self.segmentedRun.cycles)
        XCTAssertEqual(plain.publicOutput, Self.expectedOutput)
        XCTAssertTrue(plain.segments.isEmpty)
    }

    func testEverySegmentReplaysToItsEnd() {
        for segment in Self.segmentedRun.segments {
            XCTAssertEqual(segment.replay(), segment.end, "segment \(segment.index)")
        }
    }

    /// A run that ends in a machine fault: the last segment's recorded end says so, and
    /// replaying the segment must reach the same fault (the faulting instruction adds no cycle,
    /// so a replay that stops at `startCycle + cycleCount` never executes it).
    func testFaultingSegmentReplaysToItsFault() throws {
        let program = FlatProgram([
            .addiu(rt: .v0, rs: .zero, imm: 1), .addiu(rt: .v1, rs: .zero, imm: 2), .lw(rt: .t0, base: .a0, imm: 2),
        ], registers: [.a0: Self.data])
        let result = Executor.run(program.makeMachine(), segmentCycles: 1024)
        guard case let .faulted(fault) = result.outcome else { return XCTFail("\(result.outcome)") }
        XCTAssertEqual(fault.kind, .memory(.unaligned(address: Self.data + 2, size: 4)))
        XCTAssertEqual(result.segments.count, 1)
        let segment = try XCTUnwrap(result.segments.first)
        XCTAssertEqual(segment.cycleCount, 2)
        XCTAssertEqual(segment.end.status, .faulted(fault))
        let replayed = segment.replay(), traced = segment.trace().end
        XCTAssertEqual(replayed.status, segment.end.status, "replay reaches the fault")
        XCTAssertEqual(traced.status, segment.end.status, "a traced replay reaches the fault")
        XCTAssertEqual(replayed.state, segment.end.state)
        XCTAssertEqual(replayed.cycle, segment.end.cycle)
    }

    /// A run the kernel ends with a signal (`break` → SIGTRAP): the segments carry the kernel's
    /// work too, and the last one replays to the same exit.
    func testKilledRunSegmentsReplay() {
        let program = FlatProgram([.addiu(rt: .v0, rs: .zero, imm: 1), .break(code: 0)])
        let machine = program.makeMachine()
        let result = Executor.run(machine, segmentCycles: 256)
        XCTAssertEqual(result.outcome, .exited(code: 128 + 5))
        XCTAssertEqual(result.halt?.signal, 5)
        XCTAssertEqual(result.halt?.faultPC, program.address(1))
        XCTAssertGreaterThan(result.segments.count, 2, "\(result.cycles) cycles")
        XCTAssertEqual(result.segments.last?.end.status, .exited(code: 133))
        XCTAssertEqual(result.segments.first?.start.mode, .user)
        XCTAssertTrue(result.segments.dropFirst().allSatisfy { $0.start.mode == .kernel }, "the kernel ran the rest")
        for segment in result.segments {
            XCTAssertEqual(segment.replay(), segment.end, "segment \(segment.index)")
            XCTAssertEqual(segment.trace().end, segment.end, "segment \(segment.index), traced")
        }
    }

    // MARK: - Tracing

    func testTraceMatchesTheFastRun() {
        // pcs of the fast run, one cycle at a time.
        let machine = Self.program.makeMachine()
        var pcs: [UInt32] = []
        pcs.reserveCapacity(Int(Self.segmentedRun.cycles))
        while true {
            pcs.append(machine.pc)
            guard machine.run(until: machine.cycles + 1) == .cycleLimit else { break }
        }
        XCTAssertEqual(UInt64(pcs.count), Self.segmentedRun.cycles)
        XCTAssertEqual(UInt64(pcs.filter { $0 < KernelLayout.base }.count), Self.userCycles, "the program's own cycles")

        var syscalls: [SyscallEvent] = []
        for segment in Self.segmentedRun.segments {
            let (events, end) = segment.trace()
            XCTAssertEqual(end, segment.end, "segment \(segment.index): tracing ends where the fast run did")
            XCTAssertEqual(UInt64(events.instructions.count), segment.cycleCount, "segment \(segment.index)")
            let range = Int(segment.startCycle)..<Int(segment.startCycle + segment.cycleCount)
            XCTAssertEqual(events.instructions.map(\.pc), Array(pcs[range]), "segment \(segment.index): pcs")
            XCTAssertEqual(events.instructions.map(\.cycle), range.map(UInt64.init), "segment \(segment.index): cycles")
            syscalls += events.syscalls
        }
        // The kernel reports each finished syscall (exit_group never finishes).
        XCTAssertEqual(syscalls.map(\.number), Array(repeating: 4004, count: 5))
        XCTAssertEqual(syscalls.map(\.result), Array(repeating: 4, count: 5))
        XCTAssertEqual(syscalls.map(\.errorFlag), Array(repeating: 0, count: 5))
        XCTAssertEqual(syscalls.map { $0.arguments[0] }, Array(repeating: 3, count: 5))
    }

    // MARK: - Pages

    func testPagesHoldTheCodeAndDataWithTheirStartContents() {
        let codePage = Self.program.origin >> 12
        for segment in Self.segmentedRun.segments {
            XCTAssertNotNil(segment.pages[codePage], "segment \(segment.index) records its code page")
            let (events, _) = segment.trace()
            let writes = events.memoryAccesses.filter { $0.kind == .write }
            XCTAssertFalse(writes.isEmpty)
            var seen: Set<UInt32> = []
            for write in writes {
                let page = write.address >> 12
                guard let words = segment.pages[page] else {
                    XCTFail("segment \(segment.index) wrote page \(hex32(page << 12)) but did not record it")
                    continue
                }
                // The recorded contents are those before the segment's first write to the word.
                if seen.insert(write.address).inserted {
                    XCTAssertEqual(words[Int((write.address >> 2) & 1023)], write.previous,
                                   "segment \(segment.index), \(hex32(write.address))")
                }
            }
        }
        // The first segment starts with an all-zero data page; a later pass sees earlier values.
        let first = Self.segmentedRun.segments[0]
        XCTAssertEqual(first.pages[Self.data >> 12]?.allSatisfy { $0 == 0 }, true)
        let late = Self.segmentedRun.segments[40]
        XCTAssertTrue(late.pages.keys.contains { $0 >= Self.data >> 12 && late.pages[$0]!.contains { $0 != 0 } })
    }

    // MARK: - A real Go program

    /// `mips-guests/bin/go-hello` with its input (expected answers from `mips-guests/manifest.json`):
    /// every segment replays, and the segments form a chain (no false alarm from
    /// ``SegmentChain`` on a real program that maps, unmaps and reuses memory). Both files are
    /// committed: a missing one is a failure, not a skip.
    func testGoHelloSegmentsReplay() throws {
        let guests = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("mips-guests")
        let elf = try XCTUnwrap(FileManager.default.contents(atPath: guests.appendingPathComponent("bin/go-hello").path),
                                "mips-guests/bin/go-hello is committed but could not be read")
        let input = try XCTUnwrap(FileManager.default.contents(atPath: guests.appendingPathComponent("inputs/go-hello.in").path),
                                  "mips-guests/inputs/go-hello.in is committed but could not be read")
        let image = try ProgramImage.load(elfBytes: [UInt8](elf))
        let machine = image.makeMachine(input: [UInt8](input))
        machine.io.capturesConsole = true
        let result = Executor.run(machine, maxCycles: 50_000_000, segmentCycles: 1 << 16)
        XCTAssertEqual(result.outcome, .exited(code: 0))
        XCTAssertEqual(String(decoding: result.standardOutput, as: UTF8.self), "hello from zkmips\ninput length: \(input.count)\n")
        XCTAssertEqual(result.publicOutput, Array("zkmips:hello".utf8))
        XCTAssertEqual(result.segments.reduce(0) { $0 + $1.cycleCount }, result.cycles)
        XCTAssertGreaterThan(result.segments.count, 1, "\(result.cycles) cycles")
        XCTAssertEqual(result.segments.flatMap(\.input), MachineIO.inputStream([UInt8](input)),
                       "the segments' inputs concatenate to the input stream")
        for segment in result.segments {
            XCTAssertEqual(segment.replay(), segment.end, "segment \(segment.index)")
        }
        XCTAssertNoThrow(try SegmentChain.validate(result.segments))
    }
}
