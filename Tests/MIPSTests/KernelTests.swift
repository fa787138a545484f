import XCTest

@testable import MIPS

/// The process as the in-guest kernel presents it (`mips-guests/kernel/process.c`,
/// `syscall.c`): exit, identity, the system it claims to be, limits, randomness, and what it
/// does not implement. Files, pipes, memory, time, threads and signals have files of their own.
final class KernelTests: KernelTestCase {
    private typealias N = SyscallNumber

    // MARK: - A straight-line program

    func testProgramWritesAndExits() {
        let message = FlatProgram.dataBase
        var code = Assembler.syscall(4004, 1, message, 3)
        code.append(.addu(rd: .s0, rs: .v0, rt: .zero))
        code += Assembler.syscall(4004, 3, message, 2)
        code.append(.addu(rd: .s1, rs: .v0, rt: .zero))
        code += Assembler.syscall(4246, 5)
        let program = FlatProgram(code + [.break(code: 0)])
        let machine = program.makeMachine(memory: [message: 0x6869_210a])  // "hi!\n"
        // Stop in user mode just before exit_group to look at the registers.
        assertBreak(machine.run(toUserAddress: program.address(code.count - 1), cycles: 20_000))
        XCTAssertEqual(machine[.s0], 3, "write returned the byte count")
        XCTAssertEqual(machine[.s1], 2)
        XCTAssertEqual(machine.run(until: machine.cycles + 20_000), .exited(code: 5))
        XCTAssertEqual(machine.io.standardOutput, Array("hi!".utf8))
        XCTAssertEqual(machine.io.publicOutput, Array("hi".utf8))
        XCTAssertEqual(machine.exitCode, 5)
        XCTAssertEqual(machine.halt, Halt(exitCode: 5))
        XCTAssertNil(machine.halt?.signalDescription)
    }

    // MARK: - Exit

    func testExitGroupStopsWithTheCode() throws {
        let machine = try makeMachine()
        let answer = call(machine, N.exitGroup, 42)
        XCTAssertEqual(answer.stop, .exited(code: 42))
        XCTAssertEqual(machine.halt, Halt(exitCode: 42))
        let cycles = machine.cycles
        XCTAssertEqual(machine.run(until: cycles + 100), .exited(code: 42), "an exited machine stays exited")
        XCTAssertEqual(machine.cycles, cycles)

        let other = try makeMachine()
        XCTAssertEqual(call(other, N.exit, 0xffff_ffff).stop, .exited(code: -1), "exit of the only thread, negative code")
        XCTAssertEqual(other.halt?.signal, 0)
    }

    // MARK: - What is not there

    /// Unknown syscalls return ENOSYS, as on Linux (numbers below 4000 too: they are not o32
    /// syscalls), and the program carries on.
    func testUnknownSyscallsReturnENOSYS() throws {
        let machine = try makeMachine()
        for number: UInt32 in [4999, 1234, 0, 3999, 4021 /* mount */, 4011 /* execve */, 4002 /* fork */,
                               4435 /* clone3 */, 4367 /* rseq */, 4358 /* membarrier */, 0xffff_ffff] {
            failure(machine, number, 1, 2, 3, 4, errno: .ENOSYS)
        }
        XCTAssertEqual(success(machine, N.getpid), 1, "still running")
    }

    /// clone without CLONE_VM | CLONE_SIGHAND | CLONE_THREAD would make a process: ENOSYS.
    func testCloneOfAProcessIsENOSYS() throws {
        let machine = try makeMachine()
        failure(machine, N.clone, 18, 0, 0, 0, stack: [0], errno: .ENOSYS)  // SIGCHLD: fork
        failure(machine, N.clone, 0x0001_0800, Layout.sp - 0x100, 0, 0, stack: [0], errno: .ENOSYS)  // no CLONE_VM
        XCTAssertEqual(success(machine, N.gettid), 1, "no thread was made")
    }

    // MARK: - Identity

    func testIdentity() throws {
        let machine = try makeMachine()
        XCTAssertEqual(success(machine, N.getpid), 1)
        XCTAssertEqual(success(machine, N.gettid), 1)
        XCTAssertEqual(success(machine, N.getppid), 0)
        for number: UInt32 in [N.getuid, 4047, 4049, 4050] {  // getuid getgid geteuid getegid
            XCTAssertEqual(success(machine, number), 0)
        }
        XCTAssertEqual(success(machine, N.setTidAddress, Layout.data), 1, "set_tid_address returns the tid")
        XCTAssertEqual(success(machine, 4309, Layout.data, 12), 0, "set_robust_list")
    }

    /// set_thread_area sets what `rdhwr $29` reads (UserLocal), from the next return to user mode.
    func testSetThreadAreaAndRdhwr() throws {
        var code = GuestCode(at: Layout.program)
        code.emit(.rdhwr(rt: .s0, hwr: 29))
        code.syscall(N.setThreadArea, 0x7fff_7000)
        code.emit(.addu(rd: .s1, rs: .v0, rt: .zero), .rdhwr(rt: .s2, hwr: 29))
        code.label("end")
        code.emit(.break(code: 0))
        let machine = try makeMachine(programs: [code])
        machine[.s0] = 0xffff
        assertBreak(run(machine, code))
        XCTAssertEqual(machine[.s0], 0, "no thread pointer at first")
        XCTAssertEqual(machine[.s1], 0)
        XCTAssertEqual(machine[.s2], 0x7fff_7000)
        XCTAssertEqual(machine.state.userLocal, 0x7fff_7000)
    }

    // MARK: - The system

    func testUname() throws {
        let machine = try makeMachine()
        let buffer = Layout.data
        put(Array(repeating: 0xee, count: 6 * 65), at: buffer, in: machine)
        XCTAssertEqual(success(machine, N.uname, buffer), 0)
        let fields = (0..<6).map { string(machine, at: buffer + UInt32(65 * $0)) }
        XCTAssertEqual(fields, ["Linux", "zkmips", "6.1.0-zkmips", "#1 SMP", "mips", "(none)"])
        XCTAssertEqual(bytes(machine, at: buffer + 5, count: 60), Array(repeating: 0, count: 60), "zero-padded")
        failure(machine, N.uname, Layout.unmapped, errno: .EFAULT)
    }

    /// struct sysinfo (32-bit): uptime, loads[3], totalram, freeram, …, procs (u16), …, mem_unit.
    func testSysinfo() throws {
        let machine = try makeMachine()
        put(Array(repeating: 0xee, count: 64), at: Layout.data, in: machine)
        XCTAssertEqual(success(machine, N.sysinfo, Layout.data), 0)
        let info = peek(machine, Layout.data, words: 16)
        XCTAssertEqual(info[0], 0, "uptime in seconds: a few thousand cycles")
        XCTAssertEqual(info[4], 1 << 30, "totalram")
        XCTAssertEqual(info[5], 1 << 30, "freeram")
        XCTAssertEqual(info[10] >> 16, 1, "procs")
        XCTAssertEqual(info[13], 1, "mem_unit")
        failure(machine, N.sysinfo, Layout.unmapped, errno: .EFAULT)
    }

    /// An 8 MiB stack; everything else unlimited (o32 getrlimit: RLIM_INFINITY = 0x7fffffff;
    /// prlimit64: 2^64 − 1).
    func testResourceLimits() throws {
        let machine = try makeMachine()
        XCTAssertEqual(success(machine, N.getrlimit, 3, Layout.data), 0)  // RLIMIT_STACK
        XCTAssertEqual(peek(machine, Layout.data, words: 2), [8 << 20, 8 << 20])
        XCTAssertEqual(success(machine, N.getrlimit, 5, Layout.data), 0)  // RLIMIT_NOFILE (MIPS)
        XCTAssertEqual(peek(machine, Layout.data, words: 2), [0x7fff_ffff, 0x7fff_ffff])
        failure(machine, N.getrlimit, 16, Layout.data, errno: .EINVAL)
        failure(machine, N.getrlimit, 3, Layout.unmapped, errno: .EFAULT)

        XCTAssertEqual(success(machine, N.prlimit64, 0, 3, 0, Layout.data), 0)
        XCTAssertEqual(peek(machine, Layout.data, words: 4), [0, 8 << 20, 0, 8 << 20])
        XCTAssertEqual(success(machine, N.prlimit64, 1, 7, Layout.data + 0x40, Layout.data), 0, "setting is accepted")
        XCTAssertEqual(peek(machine, Layout.data, words: 4), [0xffff_ffff, 0xffff_ffff, 0xffff_ffff, 0xffff_ffff])
        failure(machine, N.prlimit64, 2, 3, 0, Layout.data, errno: .ESRCH)
        failure(machine, N.prlimit64, 0, 16, 0, Layout.data, errno: .EINVAL)
        XCTAssertEqual(success(machine, 4075, 3, Layout.data), 0, "setrlimit")
    }

    /// One CPU: a 4-byte mask with CPU 0 set (so Go runs with GOMAXPROCS = 1).
    func testSchedGetaffinityReportsOneCPU() throws {
        let machine = try makeMachine()
        put(Array(repeating: 0xee, count: 8), at: Layout.data, in: machine)
        XCTAssertEqual(success(machine, N.schedGetaffinity, 0, 128, Layout.data), 4)
        XCTAssertEqual(bytes(machine, at: Layout.data, count: 8), [1, 0, 0, 0, 0xee, 0xee, 0xee, 0xee])
        failure(machine, N.schedGetaffinity, 0, 2, Layout.data, errno: .EINVAL)
        failure(machine, N.schedGetaffinity, 0, 128, Layout.unmapped, errno: .EFAULT)
        XCTAssertEqual(success(machine, 4239, 0, 4, Layout.data), 0, "sched_setaffinity")
    }

    /// getrandom is a fixed stream: the same in every run, continuing from call to call.
    func testGetrandomIsDeterministic() throws {
        func draw() throws -> [[UInt8]] {
            let machine = try makeMachine()
            XCTAssertEqual(success(machine, N.getrandom, Layout.data, 32, 0), 32)
            let first = bytes(machine, at: Layout.data, count: 32)
            XCTAssertEqual(success(machine, N.getrandom, Layout.data + 0x100, 5, 0), 5)
            let second = bytes(machine, at: Layout.data + 0x100, count: 6)
            failure(machine, N.getrandom, Layout.unmapped, 4, 0, errno: .EFAULT)
            return [first, second]
        }
        let run1 = try draw(), run2 = try draw()
        XCTAssertEqual(run1, run2, "the same program gets the same bytes")
        XCTAssertNotEqual(run1[0], Array(repeating: 0, count: 32))
        XCTAssertNotEqual(Array(run1[0].prefix(5)), Array(run1[1].prefix(5)), "later calls continue the stream")
        XCTAssertEqual(run1[1][5], 0, "exactly the requested count")
    }
}
