import XCTest

@testable import MIPS

/// The Linux o32 syscalls for files, processes, time, randomness and futexes, issued by guest
/// `syscall` instructions (memory syscalls are in `KernelMemoryTests`).
final class KernelTests: KernelTestCase {
    // MARK: - A straight-line program

    func testProgramWritesAndExits() {
        let message = FlatProgram.dataBase
        let s0 = Register(16)
        var code = Assembler.syscall(4004, 1, message, 3)
        code.append(.addu(rd: s0, rs: .v0, rt: .zero))
        code += Assembler.syscall(4004, 3, message, 2)
        code += Assembler.syscall(4246, 5)
        let program = FlatProgram(code)
        let machine = program.makeMachine(memory: [message: 0x6869_210a])  // "hi!\n"
        XCTAssertEqual(machine.run(until: 1000), .exited(code: 5))
        XCTAssertEqual(machine[s0], 3, "write returned the byte count")
        XCTAssertEqual(machine.kernel.standardOutput, Array("hi!".utf8))
        XCTAssertEqual(machine.kernel.publicOutput, Array("hi".utf8))
        XCTAssertEqual(machine.exitCode, 5)
        XCTAssertEqual(machine.cycles, UInt64(program.instructions.count), "the exit syscall counts as a cycle")
    }

    // MARK: - Files

    func testWriteGoesToConsoleOrPublicOutput() {
        let machine = makeMachine()
        put(Array("hello, world".utf8), at: Layout.data, in: machine)
        XCTAssertEqual(success(machine, 4004, 1, Layout.data, 5), 5)
        XCTAssertEqual(success(machine, 4004, 2, Layout.data + 7, 5), 5)
        XCTAssertEqual(success(machine, 4004, 3, Layout.data, 12), 12)
        XCTAssertEqual(success(machine, 4004, 3, Layout.data, 0), 0)
        XCTAssertEqual(machine.kernel.standardOutput, Array("hello".utf8))
        XCTAssertEqual(machine.kernel.standardError, Array("world".utf8))
        XCTAssertEqual(machine.kernel.publicOutput, Array("hello, world".utf8))
        failure(machine, 4004, 0, Layout.data, 1, errno: .EBADF)
        failure(machine, 4004, 4, Layout.data, 1, errno: .EBADF)
        failure(machine, 4004, 1, Layout.unmapped, 4, errno: .EFAULT)
        XCTAssertEqual(machine.kernel.standardOutput, Array("hello".utf8), "failed writes write nothing")
    }

    func testWritevGathers() {
        let machine = makeMachine()
        put(Array("abcdef".utf8), at: Layout.data, in: machine)
        // iovec[2] = { data + 4, 2 }, { data, 3 }
        let iov = Layout.data + 0x100
        for (index, word) in [Layout.data + 4, 2, Layout.data, 3].enumerated() {
            try? machine.memory.setWord(word, at: iov + UInt32(4 * index))
        }
        XCTAssertEqual(success(machine, 4146, 3, iov, 2), 5)
        XCTAssertEqual(machine.kernel.publicOutput, Array("efabc".utf8))
    }

    func testReadConsumesInputThenReturnsZeroAtEnd() {
        let machine = makeMachine(input: Array("hello".utf8))
        XCTAssertEqual(success(machine, 4003, 0, Layout.data, 3), 3)
        XCTAssertEqual(bytes(machine, at: Layout.data, count: 3), Array("hel".utf8))
        XCTAssertEqual(success(machine, 4003, 0, Layout.data + 3, 100), 2)
        XCTAssertEqual(bytes(machine, at: Layout.data, count: 6), Array("hello".utf8) + [0])
        XCTAssertEqual(success(machine, 4003, 0, Layout.data, 100), 0, "end of input")
        XCTAssertEqual(machine.kernel.state.inputPosition, 5)
        failure(machine, 4003, 1, Layout.data, 1, errno: .EBADF)
        failure(machine, 4003, 9, Layout.data, 1, errno: .EBADF)
    }

    func testReadIntoUnmappedBufferFailsWithoutConsumingInput() {
        let machine = makeMachine(input: Array("xyz".utf8))
        failure(machine, 4003, 0, Layout.unmapped, 3, errno: .EFAULT)
        XCTAssertEqual(machine.kernel.state.inputPosition, 0)
        XCTAssertEqual(success(machine, 4003, 0, Layout.data, 3), 3)
        XCTAssertEqual(bytes(machine, at: Layout.data, count: 3), Array("xyz".utf8))
    }

    /// `struct stat64` (MIPS o32): st_mode is at offset 24; the descriptors are pipes.
    func testFstat64ReportsAFIFO() {
        let machine = makeMachine()
        for fd: UInt32 in [0, 1, 2, 3] {
            put(Array(repeating: 0xee, count: 104), at: Layout.data, in: machine)
            XCTAssertEqual(success(machine, 4215, fd, Layout.data), 0)
            let mode = machine.word(at: Layout.data + 24) ?? 0
            XCTAssertEqual(mode & 0o170000, 0o010000, "fd \(fd): S_IFIFO")
            XCTAssertEqual(mode, 0o010600)
        }
        failure(machine, 4215, 7, Layout.data, errno: .EBADF)
    }

    // MARK: - Process

    func testExitGroupStopsWithTheCode() {
        let machine = makeMachine()
        let answer = call(machine, 4246, 42)
        XCTAssertEqual(answer.stop, .exited(code: 42))
        XCTAssertEqual(machine.exitCode, 42)
        XCTAssertEqual(machine.cycles, 1)
        XCTAssertEqual(machine.run(until: 100), .exited(code: 42), "an exited machine stays exited")
        XCTAssertEqual(machine.cycles, 1)

        let other = makeMachine()
        XCTAssertEqual(call(other, 4001, 0xffff_ffff).stop, .exited(code: -1), "exit, with a negative code")
    }

    func testUnknownSyscallFaultsNamingIt() {
        for (number, name) in [(UInt32(4999), String?.none), (4011, "execve"), (4002, "fork"), (4021, "mount")] {
            let machine = makeMachine()
            let answer = call(machine, number)
            let fault = assertFault(answer.stop, .unsupportedSyscall(number: number, name: name),
                                    pc: Stub.syscall, word: Instruction.syscall(code: 0).word)
            XCTAssertTrue(fault?.description.contains("\(number)") ?? false, fault?.description ?? "")
            if let name { XCTAssertTrue(fault?.description.contains(name) ?? false, fault?.description ?? "") }
            XCTAssertEqual(machine.cycles, 0)
        }
    }

    func testCloneFaults() {
        for number: UInt32 in [4120, 4435] {
            let answer = call(makeMachine(), number, 0x0001_1f00)
            guard case let .fault(fault) = answer.stop, case let .unsupportedSyscallUse(name, _) = fault.kind else {
                XCTFail("\(number): expected an unsupported-use fault, got \(answer.stop)")
                continue
            }
            XCTAssertEqual(name, number == 4120 ? "clone" : "clone3")
            XCTAssertEqual(fault.pc, Stub.syscall)
        }
    }

    func testSetThreadAreaAndIdentity() {
        let machine = makeMachine()
        XCTAssertEqual(success(machine, 4283, 0x7fff_7000), 0)
        XCTAssertEqual(machine.kernel.threadPointer, 0x7fff_7000)
        XCTAssertEqual(success(machine, 4020), KernelConstants.processID)  // getpid
        XCTAssertEqual(success(machine, 4024), 0)  // getuid
    }

    // MARK: - Time

    /// clock_gettime(clock, buffer) as nanoseconds.
    private func clock(_ machine: Machine, _ id: UInt32, file: StaticString = #filePath, line: UInt = #line) -> UInt64 {
        XCTAssertEqual(success(machine, 4263, id, Layout.data, file: file, line: line), 0, file: file, line: line)
        let seconds = UInt64(machine.word(at: Layout.data) ?? 0), nanoseconds = UInt64(machine.word(at: Layout.data + 4) ?? 0)
        XCTAssertLessThan(nanoseconds, 1_000_000_000, file: file, line: line)
        return seconds * 1_000_000_000 + nanoseconds
    }

    private let epoch = KernelConstants.epochSeconds * 1_000_000_000

    func testClockIsDeterministicAndAdvancesWithCycles() {
        func sample() -> [UInt64] {
            let machine = makeMachine()
            spin(machine, 1000)
            let c1 = machine.cycles
            let t1 = clock(machine, 0)
            XCTAssertEqual(t1, epoch + c1 * 10, "realtime = epoch + 10 ns per cycle")
            spin(machine, 3333)
            let c2 = machine.cycles
            let t2 = clock(machine, 0)
            XCTAssertEqual(t2 - t1, (c2 - c1) * 10)
            let monotonic = clock(machine, 1)
            XCTAssertEqual(monotonic, (c2 + 1) * 10, "monotonic counts from cycle 0")
            return [t1, t2, monotonic]
        }
        let first = sample(), second = sample()
        XCTAssertEqual(first, second, "two runs read the same times")
        XCTAssertGreaterThan(first[1], first[0])

        let machine = makeMachine()
        failure(machine, 4263, 12, Layout.data, errno: .EINVAL)
    }

    func testClockGettime64() {
        let machine = makeMachine()
        spin(machine, 10)
        let cycle = machine.cycles
        XCTAssertEqual(success(machine, 4403, 0, Layout.data), 0)
        let seconds = UInt64(machine.word(at: Layout.data)!) << 32 | UInt64(machine.word(at: Layout.data + 4)!)
        let nanoseconds = UInt64(machine.word(at: Layout.data + 8)!) << 32 | UInt64(machine.word(at: Layout.data + 12)!)
        XCTAssertEqual(seconds * 1_000_000_000 + nanoseconds, epoch + cycle * 10)
    }

    func testNanosleepAdvancesTheClock() {
        let machine = makeMachine()
        let request = Layout.data + 0x100
        try? machine.memory.setWord(2, at: request)
        try? machine.memory.setWord(500, at: request + 4)
        XCTAssertEqual(success(machine, 4166, request, 0), 0)
        XCTAssertEqual(machine.kernel.state.sleptNanoseconds, 2_000_000_500)
        let cycle = machine.cycles
        XCTAssertEqual(clock(machine, 0), epoch + cycle * 10 + 2_000_000_500)
        // tv_nsec must be below one second.
        try? machine.memory.setWord(1_000_000_000, at: request + 4)
        failure(machine, 4166, request, 0, errno: .EINVAL)
        XCTAssertEqual(machine.kernel.state.sleptNanoseconds, 2_000_000_500)
    }

    // MARK: - Randomness

    func testGetrandomIsDeterministic() {
        func draw() -> [[UInt8]] {
            let machine = makeMachine()
            XCTAssertEqual(success(machine, 4353, Layout.data, 32, 0), 32)
            let first = bytes(machine, at: Layout.data, count: 32)
            XCTAssertEqual(success(machine, 4353, Layout.data, 5, 0), 5)
            let second = bytes(machine, at: Layout.data, count: 5)
            return [first, second]
        }
        let run1 = draw(), run2 = draw()
        XCTAssertEqual(run1, run2, "the same program gets the same bytes")
        XCTAssertNotEqual(run1[0], Array(repeating: 0, count: 32))
        XCTAssertNotEqual(Array(run1[0].prefix(5)), run1[1], "later calls continue the stream")
    }

    // MARK: - Futex

    func testFutex() {
        let machine = makeMachine()
        let word = Layout.data + 0x40
        try? machine.memory.setWord(5, at: word)
        let waitPrivate: UInt32 = 128

        // Value mismatch: EAGAIN.
        let mismatch = call(machine, 4238, word, waitPrivate, 6, 0)
        XCTAssertTrue(isBreak(mismatch.stop))
        XCTAssertEqual(mismatch.v0, 11)
        XCTAssertEqual(mismatch.a3, 1)

        // Wake finds nobody.
        XCTAssertEqual(success(machine, 4238, word, 129, 1), 0)

        // With a timeout, the wait times out and the clock moves on.
        let timeout = Layout.data + 0x80
        try? machine.memory.setWord(0, at: timeout)
        try? machine.memory.setWord(1000, at: timeout + 4)
        failure(machine, 4238, word, waitPrivate, 5, timeout, errno: .ETIMEDOUT)
        XCTAssertEqual(machine.kernel.state.sleptNanoseconds, 1000)

        // Matching value, no timeout: nobody can ever wake us.
        let deadlock = call(machine, 4238, word, waitPrivate, 5, 0)
        guard case let .fault(fault) = deadlock.stop, case .deadlock = fault.kind else {
            return XCTFail("expected a deadlock fault, got \(deadlock.stop)")
        }
        XCTAssertEqual(fault.pc, Stub.syscall)
        XCTAssertTrue(fault.description.contains("deadlock"), fault.description)
    }

    // MARK: - Host crashes (run in a child process)

    /// A syscall number below 4000 is not an o32 syscall; the VM must answer with a fault, not
    /// trap on `number - 4000`.
    func testSyscallNumberBelow4000Faults() throws {
        try ChildProcess.assertProbePasses("KernelTests", "testProbeLowSyscallNumbers", what: "syscall with v0 < 4000")
    }

    func testProbeLowSyscallNumbers() throws {
        guard ChildProcess.isRunningProbe(#function.replacingOccurrences(of: "()", with: "")) else {
            throw XCTSkip("runs in a child process started by testSyscallNumberBelow4000Faults")
        }
        for number: UInt32 in [0, 1, 3999] {
            let answer = call(makeMachine(), number)
            assertFault(answer.stop, .unsupportedSyscall(number: number, name: nil), pc: Stub.syscall,
                        word: Instruction.syscall(code: 0).word)
        }
    }

    /// A 64-bit timespec with a huge tv_sec must be rejected or clamped, not overflow the host.
    func testHugeTimespecDoesNotCrash() throws {
        try ChildProcess.assertProbePasses("KernelTests", "testProbeHugeTimespec", what: "64-bit timespec with tv_sec = 2^35")
    }

    func testProbeHugeTimespec() throws {
        guard ChildProcess.isRunningProbe(#function.replacingOccurrences(of: "()", with: "")) else {
            throw XCTSkip("runs in a child process started by testHugeTimespecDoesNotCrash")
        }
        let machine = makeMachine()
        let request = Layout.data + 0x100
        for (index, word) in [UInt32(8), 0, 0, 0].enumerated() {  // tv_sec = 8 << 32, tv_nsec = 0
            try? machine.memory.setWord(word, at: request + UInt32(4 * index))
        }
        // clock_nanosleep_time64(CLOCK_MONOTONIC, 0, request, NULL)
        let answer = call(machine, 4407, 1, 0, request, 0)
        XCTAssertTrue(isBreak(answer.stop), "\(answer.stop)")
    }
}
