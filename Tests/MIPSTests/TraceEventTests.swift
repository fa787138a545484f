import XCTest

@testable import MIPS

/// The shape of the events tracing mode records: what the future memory table will rely on.
final class TraceEventTests: XCTestCase {
    let data = FlatProgram.dataBase

    func run(_ program: FlatProgram, memory: [UInt32: UInt32] = [:], cycles: UInt64) -> (Machine, TraceRecorder) {
        let machine = program.makeMachine(memory: memory)
        var recorder = TraceRecorder()
        _ = machine.run(until: cycles, tracer: &recorder)
        return (machine, recorder)
    }

    /// Runs `machine` with tracing until it is about to execute `address` in user mode.
    func runTracing(_ machine: Machine, toUserAddress address: UInt32, cycles limit: UInt64 = 20_000)
        -> (StopReason?, TraceRecorder) {
        var recorder = TraceRecorder()
        let end = machine.cycles + limit
        while !(machine.pc == address && machine.memory.mode == .user) {
            guard machine.cycles < end else { return (.cycleLimit, recorder) }
            let stop = machine.run(until: machine.cycles + 1, tracer: &recorder)
            if stop != .cycleLimit { return (stop, recorder) }
        }
        return (nil, recorder)
    }

    /// A byte store is one write of its word, whose `previous` is the word before the store.
    func testByteStoreIsOneWriteEventWithThePreviousWord() {
        let code = Assembler.load(.t0, data) + Assembler.load(.t1, 0xab) + [.sb(rt: .t1, base: .t0, imm: 1)]
        let (_, recorder) = run(FlatProgram(code), memory: [data: 0x1122_3344], cycles: UInt64(code.count))
        XCTAssertEqual(recorder.memoryAccesses, [
            MemoryEvent(cycle: 4, address: data, kind: .write, previous: 0x1122_3344, value: 0x11ab_3344),
        ])
    }

    /// A syscall that reads a guest buffer (write to fd 3): the kernel's own loads read the
    /// buffer's words (in kernel mode, after the exception), every event of the buffer is a read
    /// of the word in memory, and the kernel reports the finished syscall with its arguments and
    /// result (the trace primitive).
    func testSyscallBufferIsReadByTheKernel() {
        let code = Assembler.syscall(4004, 3, data + 2, 6) + [.break(code: 0)]
        let words: [UInt32: UInt32] = [data: 0x0000_6162, data + 4: 0x6364_6566]
        let program = FlatProgram(code)
        let machine = program.makeMachine(memory: words)
        let (stop, recorder) = runTracing(machine, toUserAddress: program.address(code.count - 1))
        assertBreak(stop)
        XCTAssertEqual(machine.io.publicOutput, Array("abcdef".utf8))
        let syscallCycle = UInt64(code.count - 2)
        let buffer = recorder.memoryAccesses.filter { $0.address == data || $0.address == data + 4 }
        XCTAssertEqual(Set(buffer.map(\.address)), [data, data + 4], "both words are read")
        for event in buffer {
            XCTAssertEqual(event.kind, .read)
            XCTAssertEqual(event.value, words[event.address])
            XCTAssertEqual(event.previous, event.value)
            XCTAssertGreaterThan(event.cycle, syscallCycle, "read by the kernel, after the exception")
        }
        let pcs = Dictionary(recorder.instructions.map { ($0.cycle, $0.pc) }, uniquingKeysWith: { a, _ in a })
        XCTAssertTrue(buffer.allSatisfy { pcs[$0.cycle].map { $0 >= KernelLayout.base } ?? false }, "kernel instructions")
        XCTAssertEqual(recorder.syscalls.count, 1)
        let event = recorder.syscalls.first
        XCTAssertEqual(event?.number, 4004)
        XCTAssertEqual(event?.arguments, [3, data + 2, 6, 0])
        XCTAssertEqual(event?.result, 6)
        XCTAssertEqual(event?.errorFlag, 0)
        XCTAssertGreaterThan(event?.cycle ?? 0, syscallCycle)
    }

    /// A syscall that fills a guest buffer (read from fd 0): per word, the write events form a
    /// chain — each one's `previous` is the value the one before left — from the word before the
    /// syscall to the word after it; and a failed syscall is reported with its errno.
    func testSyscallBufferWritesChainPerWord() {
        let code = Assembler.syscall(4003, 0, data + 1, 5) + Assembler.syscall(4003, 9, data, 1) + [.break(code: 0)]
        let program = FlatProgram(code)
        let machine = program.image.makeMachine(input: Array("VWXYZ".utf8))
        machine.memory.initialize(bytes: [0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee], at: data)
        let (stop, recorder) = runTracing(machine, toUserAddress: program.address(code.count - 1))
        assertBreak(stop)
        let expected: [UInt32: UInt32] = [data: 0xee56_5758, data + 4: 0x595a_eeee]
        for (address, final) in expected {
            XCTAssertEqual(machine.word(at: address), final)
            let events = recorder.memoryAccesses.filter { $0.address == address }
            var value: UInt32 = 0xeeee_eeee
            for event in events {
                XCTAssertEqual(event.previous, value, "\(hex32(address)) at cycle \(event.cycle)")
                value = event.value
            }
            XCTAssertEqual(value, final, hex32(address))
            XCTAssertTrue(events.contains { $0.kind == .write }, hex32(address))
        }
        XCTAssertEqual(recorder.syscalls.map(\.number), [4003, 4003])
        XCTAssertEqual(recorder.syscalls.map(\.result), [5, Errno.EBADF.rawValue])
        XCTAssertEqual(recorder.syscalls.map(\.errorFlag), [0, 1])
    }

    /// The register-write events and the start registers give every register after every cycle:
    /// replayed over a run through the kernel (a write syscall, an exception entry and `eret`),
    /// they end at the machine's registers; each instruction event's nextPC is the next event's
    /// pc (the delay slot chain) except where an exception or `eret` redirects it.
    func testRegisterWritesReplayToTheEndState() {
        let code = Assembler.load(.t0, 0x12345) + [.addu(rd: .t1, rs: .t0, rt: .t0), .mult(rs: .t0, rt: .t1)]
            + Assembler.syscall(4004, 3, data, 4) + [.addu(rd: .zero, rs: .t0, rt: .t0), .break(code: 0)]
        let program = FlatProgram(code)
        let machine = program.makeMachine(memory: [data: 0x6162_6364])
        var registers = (0..<Machine.registerCount).map { machine.registers[$0] }
        let (stop, recorder) = runTracing(machine, toUserAddress: program.address(code.count - 1))
        assertBreak(stop)
        var writes = recorder.registerWrites[...]
        for event in recorder.instructions {
            while let write = writes.first, write.cycle == event.cycle {
                registers[Int(write.index)] = write.value
                writes = writes.dropFirst()
            }
        }
        XCTAssertTrue(writes.isEmpty, "writes at cycles without an instruction event")
        XCTAssertEqual(registers, (0..<Machine.registerCount).map { machine.registers[$0] })
        XCTAssertFalse(recorder.registerWrites.contains { $0.index == 0 }, "$zero is never written")
        XCTAssertTrue(recorder.registerWrites.contains { $0.index == UInt8(Machine.hiIndex) }, "mult writes HI")
        XCTAssertTrue(recorder.registerWrites.contains { $0.index == UInt8(Machine.exceptionPCIndex) }, "the exception writes EPC")
        let redirected = Set(recorder.exceptions.map(\.cycle))
        for (event, following) in zip(recorder.instructions, recorder.instructions.dropFirst()) where !redirected.contains(event.cycle) {
            if case .eret = Instruction(word: event.word) { continue }
            XCTAssertEqual(event.nextPC, following.pc, "cycle \(event.cycle)")
        }
    }

    /// Every instruction event carries the word in memory (not a re-encoding).
    func testInstructionEventsCarryTheWordsInMemory() {
        let program = FlatProgram(Assembler.load(.t0, 7) + [.addu(rd: .t1, rs: .t0, rt: .t0)])
        let (_, recorder) = run(program, cycles: 3)
        XCTAssertEqual(recorder.instructions.map(\.word), program.instructions.map(\.word))
        XCTAssertEqual(recorder.instructions.map(\.pc), (0..<3).map(program.address))
        XCTAssertEqual(recorder.aluOperations.last, ALUEvent(cycle: 2, operation: .add, a: 7, b: 7, result: 14, high: 0))
    }

    /// Every cycle is one instruction event (a row of the CPU table), the kernel's included — also
    /// the cycle of a jump's target in the null guard, whose fetch raised the exception.
    func testEveryCycleHasOneInstructionEvent() throws {
        var map = MemoryMap()
        map.map(firstPage: 0x400, endPage: 0x401, permissions: [.read, .execute], name: "text")
        map.map(firstPage: 0x7ffe0, endPage: 0x7fff0, permissions: [.read, .write], name: "stack")
        let code = Assembler.syscall(4020) + Assembler.load(.t9, 0x100) + [.jalr(rd: .ra, rs: .t9, hint: false), .sync]
        var builder = PageBuilder()
        builder.write(Assembler.bytes(code), at: 0x0040_0000)
        var cpu = CPUState(pc: 0x0040_0000, nextPC: 0x0040_0004)
        cpu[.sp] = 0x7ffe_f000
        let image = try ProgramImage.process(pages: builder.pages, map: map, cpu: cpu, breakStart: 0x2000_0000,
                                             breakLimit: 0x2100_0000, mmapTop: 0x7000_0000)
        let machine = image.makeMachine()
        var recorder = TraceRecorder()
        XCTAssertEqual(machine.run(until: 100_000, tracer: &recorder), .exited(code: 139), "SIGSEGV")
        XCTAssertEqual(machine.halt?.faultPC, 0x100)
        XCTAssertEqual(UInt64(recorder.instructions.count), machine.cycles, "one event per cycle")
        let cycles = recorder.instructions.map(\.cycle)
        let gaps = zip(cycles, cycles.dropFirst()).filter { $1 != $0 + 1 }.map { "\($0) → \($1)" }
        XCTAssertEqual(gaps, [], "cycles without an instruction event")
        XCTAssertTrue(recorder.instructions.contains { $0.pc == 0x100 }, "the faulting fetch's cycle is in the trace")
    }

    /// An exception is a cycle of its own: the excepting instruction's event, then the kernel's
    /// first instruction at the vector.
    func testExceptionEntryIsOneCycle() {
        let program = FlatProgram(Assembler.syscall(4020))
        let (machine, recorder) = run(program, cycles: 4)
        XCTAssertEqual(recorder.instructions.map(\.pc), [program.address(0), program.address(1), program.address(2),
                                                         KernelLayout.exceptionVector])
        XCTAssertEqual(recorder.instructions[2].word, Instruction.syscall(code: 0).word)
        XCTAssertEqual(machine.state.mode, .kernel)
        XCTAssertEqual(machine.state.exceptionPC, program.address(2))
        XCTAssertEqual(recorder.exceptions, [ExceptionEvent(cycle: 2, pc: program.address(2), nextPC: program.address(3))])
    }

    /// The primitives the proof covers are events with the values they moved: the input words
    /// read are the input stream, the output bytes are the public output; the host-only
    /// primitives (console, map hints, syscall trace) are not.
    func testProvenPrimitivesAreEvents() {
        let input = Array("zkmips!".utf8)
        let data = FlatProgram.dataBase
        let code = Assembler.syscall(4003, 0, data, 16) + Assembler.syscall(4004, 3, data, 7)
            + Assembler.syscall(4004, 1, data, 3) + [.break(code: 0)]
        let program = FlatProgram(code)
        let machine = program.makeMachine(input: input)
        let (stop, recorder) = runTracing(machine, toUserAddress: program.address(code.count - 1))
        assertBreak(stop)
        XCTAssertEqual(recorder.primitives.filter { $0.primitive == .readInput }.map(\.v0), MachineIO.inputStream(input))
        let written = recorder.primitives.filter { $0.primitive == .writeOutput }.flatMap { event in
            (0..<Int(event.a1)).map { UInt8(truncatingIfNeeded: event.a0 >> UInt32(24 - 8 * $0)) }
        }
        XCTAssertEqual(written, input)
        XCTAssertEqual(machine.io.publicOutput, input)
        XCTAssertTrue(recorder.primitives.allSatisfy(\.primitive.isProven))
        XCTAssertEqual(recorder.exceptions.count, 3, "one per syscall")
        XCTAssertTrue(recorder.primitives.allSatisfy { event in
            recorder.instructions.contains { $0.cycle == event.cycle && $0.isKernel && $0.word == Instruction.syscall(code: 0).word }
        }, "each is a kernel-mode syscall's cycle")
    }
}
