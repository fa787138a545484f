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

    /// A byte store is one write of its word, whose `previous` is the word before the store.
    func testByteStoreIsOneWriteEventWithThePreviousWord() {
        let code = Assembler.load(.t0, data) + Assembler.load(.t1, 0xab) + [.sb(rt: .t1, base: .t0, imm: 1)]
        let (_, recorder) = run(FlatProgram(code), memory: [data: 0x1122_3344], cycles: UInt64(code.count))
        XCTAssertEqual(recorder.memoryAccesses, [
            MemoryEvent(cycle: 4, address: data, kind: .write, previous: 0x1122_3344, value: 0x11ab_3344),
        ])
    }

    /// A syscall that reads a guest buffer (write to fd 3) records each word it reads once, at
    /// the syscall's cycle; an unaligned 6-byte buffer spans exactly two words.
    func testSyscallBufferTrafficIsOneEventPerWord() {
        let code = Assembler.syscall(4004, 3, data + 2, 6)
        let words: [UInt32: UInt32] = [data: 0x0000_6162, data + 4: 0x6364_6566]
        let (machine, recorder) = run(FlatProgram(code), memory: words, cycles: UInt64(code.count))
        XCTAssertEqual(machine.kernel.publicOutput, Array("abcdef".utf8))
        let syscallCycle = UInt64(code.count - 1)
        XCTAssertEqual(recorder.memoryAccesses, [
            MemoryEvent(cycle: syscallCycle, address: data, kind: .read, previous: 0x0000_6162, value: 0x0000_6162),
            MemoryEvent(cycle: syscallCycle, address: data + 4, kind: .read, previous: 0x6364_6566, value: 0x6364_6566),
        ])
        XCTAssertEqual(recorder.syscalls.map(\.number), [4004])
    }

    /// A syscall that fills a guest buffer (read from fd 0) writes each word once.
    func testSyscallBufferWritesAreOneEventPerWord() {
        let code = Assembler.syscall(4003, 0, data + 1, 5)
        let machine = FlatProgram(code).image.makeMachine(input: Array("VWXYZ".utf8))
        machine.memory.initialize(bytes: [0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee], at: data)
        var recorder = TraceRecorder()
        _ = machine.run(until: UInt64(code.count), tracer: &recorder)
        XCTAssertEqual(recorder.memoryAccesses.map(\.kind), [.write, .write])
        XCTAssertEqual(recorder.memoryAccesses.map(\.value), [0xee56_5758, 0x595a_eeee])
        XCTAssertEqual(recorder.memoryAccesses.map(\.previous), [0xeeee_eeee, 0xeeee_eeee])
    }

    /// Every instruction event carries the word in memory (not a re-encoding).
    func testInstructionEventsCarryTheWordsInMemory() {
        let program = FlatProgram(Assembler.load(.t0, 7) + [.addu(rd: .t1, rs: .t0, rt: .t0)])
        let (_, recorder) = run(program, cycles: 3)
        XCTAssertEqual(recorder.instructions.map(\.word), program.instructions.map(\.word))
        XCTAssertEqual(recorder.instructions.map(\.pc), (0..<3).map(program.address))
        XCTAssertEqual(recorder.aluOperations.last, ALUEvent(cycle: 2, operation: .add, a: 7, b: 7, result: 14, high: 0))
    }
}
