import XCTest

@testable import MIPS

/// Pipes, epoll and poll (`mips-guests/kernel/poll.c`): 64 KiB pipes, blocking or not, EOF and
/// EPIPE + SIGPIPE; level-triggered readiness; timeouts that advance the virtual clock.
final class KernelPipeTests: KernelTestCase {
    private typealias N = SyscallNumber
    private let oNonblock: UInt32 = 0x80
    private let oCloexec: UInt32 = 0x8_0000
    private let epollIn: UInt32 = 0x1, epollOut: UInt32 = 0x4, epollErr: UInt32 = 0x8, epollHup: UInt32 = 0x10

    /// pipe2(fds, flags): the (read, write) descriptors.
    private func pipe(_ machine: Machine, flags: UInt32 = 0x80, file: StaticString = #filePath, line: UInt = #line)
        -> (UInt32, UInt32) {
        let fds = Layout.data + 0xf00
        XCTAssertEqual(success(machine, N.pipe2, fds, flags, file: file, line: line), 0, file: file, line: line)
        return (peek(machine, fds), peek(machine, fds + 4))
    }

    /// rt_sigaction(signal, {flags 0, handler, empty mask}, NULL, 16).
    private func setHandler(_ machine: Machine, _ signal: UInt32, _ handler: UInt32) {
        let action = Layout.data + 0xe00
        poke(machine, [0, handler, 0, 0, 0, 0], at: action)
        XCTAssertEqual(success(machine, N.rtSigaction, signal, action, 0, 16), 0)
    }

    // MARK: - Pipes

    /// pipe() answers in v0/v1, as MIPS Linux does.
    func testPipeRoundTrip() throws {
        let machine = try makeMachine()
        let readEnd = success(machine, N.pipe)
        let writeEnd = machine[.v1]
        XCTAssertEqual([readEnd, writeEnd], [4, 5], "the lowest free descriptors")
        put(Array("hello".utf8), at: Layout.data, in: machine)
        XCTAssertEqual(success(machine, N.write, writeEnd, Layout.data, 5), 5)
        XCTAssertEqual(success(machine, N.read, readEnd, Layout.data + 0x100, 3), 3)
        XCTAssertEqual(success(machine, N.read, readEnd, Layout.data + 0x103, 100), 2)
        XCTAssertEqual(bytes(machine, at: Layout.data + 0x100, count: 5), Array("hello".utf8))
        failure(machine, N.write, readEnd, Layout.data, 1, errno: .EBADF)
        failure(machine, N.read, writeEnd, Layout.data, 1, errno: .EBADF)
        XCTAssertEqual(success(machine, N.fstat64, readEnd, Layout.data + 0x200), 0)
        XCTAssertEqual(peek(machine, Layout.data + 0x218) & 0o170000, 0o010000, "a FIFO")
    }

    func testNonblockingPipeAndEndOfFile() throws {
        let machine = try makeMachine()
        let (readEnd, writeEnd) = pipe(machine, flags: oNonblock | oCloexec)
        XCTAssertEqual(success(machine, N.fcntl, readEnd, 3), oNonblock, "F_GETFL: O_RDONLY | O_NONBLOCK")
        XCTAssertEqual(success(machine, N.fcntl, writeEnd, 3), 1 | oNonblock)
        XCTAssertEqual(success(machine, N.fcntl, readEnd, 1), 1, "FD_CLOEXEC")
        failure(machine, N.read, readEnd, Layout.data, 4, errno: .EAGAIN)
        put(Array("ab".utf8), at: Layout.data, in: machine)
        XCTAssertEqual(success(machine, N.write, writeEnd, Layout.data, 2), 2)
        XCTAssertEqual(success(machine, N.close, writeEnd), 0)
        XCTAssertEqual(success(machine, N.read, readEnd, Layout.data + 0x10, 4), 2, "buffered bytes outlive the writer")
        XCTAssertEqual(success(machine, N.read, readEnd, Layout.data + 0x10, 4), 0, "then end of file")
        failure(machine, N.pipe2, Layout.data, 1, errno: .EINVAL)  // O_WRONLY is no pipe flag
        failure(machine, N.pipe2, Layout.code, 0, errno: .EFAULT)
    }

    /// Writing with no reader: EPIPE, and SIGPIPE — which kills (128 + 13) unless ignored.
    func testWriteWithoutReaderRaisesSIGPIPE() throws {
        let ignoring = try makeMachine()
        setHandler(ignoring, SignalNumber.SIGPIPE, 1)  // SIG_IGN
        var (readEnd, writeEnd) = pipe(ignoring)
        XCTAssertEqual(success(ignoring, N.close, readEnd), 0)
        failure(ignoring, N.write, writeEnd, Layout.data, 1, errno: .EPIPE)
        XCTAssertNil(ignoring.halt)

        let machine = try makeMachine()
        (readEnd, writeEnd) = pipe(machine)
        XCTAssertEqual(success(machine, N.close, readEnd), 0)
        let answer = call(machine, N.write, writeEnd, Layout.data, 1)
        XCTAssertEqual(answer.stop, .exited(code: 141))
        XCTAssertEqual(machine.halt?.signal, SignalNumber.SIGPIPE)
        XCTAssertEqual(machine.halt?.faultPC, Stub.syscall + 4, "raised by the syscall, delivered on its return")
    }

    /// A blocking read waits until another thread writes.
    func testBlockingReadWakesWhenAnotherThreadWrites() throws {
        let buffer = Layout.data + 0x100, message = Layout.data + 0x200
        var code = GuestCode(at: Layout.program)
        code.syscall(N.pipe)
        code.emit(.addu(rd: .s0, rs: .v0, rt: .zero), .addu(rd: .s1, rs: .v1, rt: .zero))
        KernelThreadTests.clone(&code, flags: KernelThreadTests.threadFlags, stack: KernelThreadTests.childStack,
                                child: "child")
        code.li(.v0, N.read)
        code.emit(.addu(rd: .a0, rs: .s0, rt: .zero))
        code.li(.a1, buffer)
        code.li(.a2, 10)
        code.emit(.syscall(code: 0), .addu(rd: .s2, rs: .v0, rt: .zero), .addu(rd: .s3, rs: .a3, rt: .zero))
        code.label("end")
        code.emit(.break(code: 0))
        code.label("child")
        code.li(.v0, N.write)
        code.emit(.addu(rd: .a0, rs: .s1, rt: .zero))
        code.li(.a1, message)
        code.li(.a2, 3)
        code.emit(.syscall(code: 0))
        code.store(.v0, at: message + 0x10)
        code.syscall(N.exit, 0)

        let machine = try makeMachine(programs: [code])
        put(Array("xyz".utf8), at: message, in: machine)
        assertBreak(run(machine, code))
        XCTAssertEqual(machine[.s2], 3, "read returned what the child wrote")
        XCTAssertEqual(machine[.s3], 0)
        XCTAssertEqual(bytes(machine, at: buffer, count: 4), Array("xyz".utf8) + [0])
        XCTAssertEqual(peek(machine, message + 0x10), 3, "the child's write")
    }

    /// A blocking write of more than the pipe holds (64 KiB) blocks until a reader has made room
    /// and then returns the whole count, as POSIX requires for blocking descriptors ("on normal
    /// completion it shall return nbyte"); a reader thread drains the pipe meanwhile. The
    /// program exits with what write returned.
    func testBlockingWriteLargerThanThePipeWritesEverything() throws {
        let total: UInt32 = 0x1_0010, chunk = Layout.data + 0x1000, done = Layout.data + 0x100
        var code = GuestCode(at: Layout.program)
        code.syscall(N.brk, Layout.breakStart + 0x1_1000)
        code.syscall(N.pipe)
        code.emit(.addu(rd: .s0, rs: .v0, rt: .zero), .addu(rd: .s1, rs: .v1, rt: .zero))
        KernelThreadTests.clone(&code, flags: KernelThreadTests.threadFlags, stack: KernelThreadTests.childStack,
                                child: "reader")
        code.li(.v0, N.write)
        code.emit(.addu(rd: .a0, rs: .s1, rt: .zero))
        code.li(.a1, Layout.breakStart)
        code.li(.a2, total)
        code.emit(.syscall(code: 0), .addu(rd: .a0, rs: .v0, rt: .zero))
        code.li(.v0, N.exitGroup)
        code.emit(.syscall(code: 0))
        code.label("reader")  // read 4 KiB at a time until everything (or end of file) arrived
        code.emit(.addu(rd: .s3, rs: .zero, rt: .zero))
        code.label("loop")
        code.li(.v0, N.read)
        code.emit(.addu(rd: .a0, rs: .s0, rt: .zero))
        code.li(.a1, chunk)
        code.li(.a2, 0x1000)
        code.emit(.syscall(code: 0))
        code.branch(to: "stop") { .blez(rs: .v0, imm: $0) }
        code.emit(GuestCode.nop, .addu(rd: .s3, rs: .s3, rt: .v0))
        code.li(.t0, total)
        code.branch(to: "loop") { .bne(rs: .s3, rt: .t0, imm: $0) }
        code.emit(GuestCode.nop)
        code.label("stop")
        code.store(.s3, at: done)
        code.syscall(N.exit, 0)

        let machine = try makeMachine(programs: [code])
        machine.pc = code.origin
        machine.nextPC = code.origin + 4
        XCTAssertEqual(machine.run(until: 20_000_000), .exited(code: Int32(total)), "write returned the whole count")
    }

    // MARK: - epoll

    /// struct epoll_event on MIPS o32: { u32 events; u32 pad; u64 data } (16 bytes).
    private func event(_ machine: Machine, _ events: UInt32, data: UInt64, at address: UInt32) {
        poke(machine, [events, 0, UInt32(data >> 32), UInt32(truncatingIfNeeded: data)], at: address)
    }

    func testEpollIsLevelTriggered() throws {
        let machine = try makeMachine()
        let (readEnd, writeEnd) = pipe(machine)
        let epoll = success(machine, N.epollCreate1, oCloexec)
        XCTAssertEqual(epoll, 6)
        let request = Layout.data + 0x300, events = Layout.data + 0x400
        event(machine, epollIn, data: 0x1122_3344_5566_7788, at: request)
        XCTAssertEqual(success(machine, N.epollCtl, epoll, 1, readEnd, request), 0)  // EPOLL_CTL_ADD
        XCTAssertEqual(success(machine, N.epollWait, epoll, events, 4, 0), 0, "nothing to read yet")

        put(Array("ab".utf8), at: Layout.data, in: machine)
        XCTAssertEqual(success(machine, N.write, writeEnd, Layout.data, 2), 2)
        for round in 0..<2 {
            poke(machine, [0xeeee_eeee, 0xeeee_eeee, 0xeeee_eeee, 0xeeee_eeee], at: events)
            XCTAssertEqual(success(machine, N.epollWait, epoll, events, 4, 0), 1, "round \(round): still readable")
            XCTAssertEqual(peek(machine, events), epollIn)
            XCTAssertEqual(peek(machine, events + 8, words: 2), [0x1122_3344, 0x5566_7788], "the registered data")
        }
        XCTAssertEqual(success(machine, N.read, readEnd, Layout.data + 0x10, 1), 1)
        XCTAssertEqual(success(machine, N.epollWait, epoll, events, 4, 0), 1, "one byte left")
        XCTAssertEqual(success(machine, N.read, readEnd, Layout.data + 0x10, 1), 1)
        XCTAssertEqual(success(machine, N.epollWait, epoll, events, 4, 0), 0, "drained")

        // The write end is writable; in descriptor order after the read end once it is readable.
        event(machine, epollOut, data: 5, at: request)
        XCTAssertEqual(success(machine, N.epollCtl, epoll, 1, writeEnd, request), 0)
        XCTAssertEqual(success(machine, N.write, writeEnd, Layout.data, 1), 1)
        XCTAssertEqual(success(machine, N.epollWait, epoll, events, 4, 0), 2)
        XCTAssertEqual(peek(machine, events), epollIn)
        XCTAssertEqual(peek(machine, events + 16), epollOut)
        XCTAssertEqual(peek(machine, events + 28), 5)
        XCTAssertEqual(success(machine, N.epollWait, epoll, events, 1, 0), 1, "at most maxevents")

        // With the writer closed, the read end reports EPOLLHUP even though it was not asked for.
        XCTAssertEqual(success(machine, N.epollCtl, epoll, 2, writeEnd, 0), 0)  // EPOLL_CTL_DEL
        XCTAssertEqual(success(machine, N.close, writeEnd), 0)
        XCTAssertEqual(success(machine, N.epollWait, epoll, events, 4, 0), 1)
        XCTAssertEqual(peek(machine, events), epollIn | epollHup)
    }

    func testEpollCtlErrors() throws {
        let machine = try makeMachine()
        let (readEnd, _) = pipe(machine)
        let epoll = success(machine, N.epollCreate, 1)
        let request = Layout.data + 0x300
        event(machine, epollIn, data: 0, at: request)
        XCTAssertEqual(success(machine, N.epollCtl, epoll, 1, readEnd, request), 0)
        failure(machine, N.epollCtl, epoll, 1, readEnd, request, errno: .EEXIST)
        XCTAssertEqual(success(machine, N.epollCtl, epoll, 3, readEnd, request), 0, "EPOLL_CTL_MOD")
        XCTAssertEqual(success(machine, N.epollCtl, epoll, 2, readEnd, 0), 0)
        failure(machine, N.epollCtl, epoll, 2, readEnd, 0, errno: .ENOENT)
        failure(machine, N.epollCtl, epoll, 3, readEnd, request, errno: .ENOENT)
        failure(machine, N.epollCtl, readEnd, 1, 0, request, errno: .EINVAL)  // not an epoll descriptor
        failure(machine, N.epollCtl, epoll, 1, epoll, request, errno: .EINVAL)  // itself
        failure(machine, N.epollCtl, epoll, 1, 99, request, errno: .EBADF)
        failure(machine, N.epollCtl, epoll, 7, readEnd, request, errno: .EINVAL)
        failure(machine, N.epollCtl, epoll, 1, readEnd, Layout.unmapped, errno: .EFAULT)
        failure(machine, N.epollWait, epoll, Layout.data, 0, 0, errno: .EINVAL)
        failure(machine, N.epollWait, epoll, Layout.unmapped, 1, 0, errno: .EFAULT)
        failure(machine, N.epollCreate, 0, errno: .EINVAL)
        failure(machine, N.epollCreate1, 1, errno: .EINVAL)
        failure(machine, N.read, epoll, Layout.data, 1, errno: .EINVAL)
    }

    /// Nothing ready: epoll_wait blocks until its timeout, and the clock jumps by it.
    func testEpollWaitTimeoutAdvancesTheClock() throws {
        let machine = try makeMachine()
        let (readEnd, _) = pipe(machine)
        let epoll = success(machine, N.epollCreate1, 0)
        event(machine, epollIn, data: 0, at: Layout.data + 0x300)
        XCTAssertEqual(success(machine, N.epollCtl, epoll, 1, readEnd, Layout.data + 0x300), 0)
        let clock = Layout.data + 0x500
        XCTAssertEqual(success(machine, N.clockGettime, 1, clock), 0)
        let before = peek(machine, clock, words: 2), cycles = machine.cycles
        XCTAssertEqual(success(machine, N.epollWait, epoll, Layout.data + 0x400, 4, 50), 0, "timed out: no events")
        XCTAssertEqual(success(machine, N.clockGettime, 1, clock), 0)
        let after = peek(machine, clock, words: 2)
        let elapsed = (UInt64(after[0]) - UInt64(before[0])) * 1_000_000_000 + UInt64(after[1]) - UInt64(before[1])
        XCTAssertGreaterThanOrEqual(elapsed, 50_000_000)
        XCTAssertLessThanOrEqual(elapsed, 50_000_000 + 10 * (machine.cycles - cycles))

        // Without a timeout, nothing can ever become ready: the kernel panics.
        let answer = call(machine, N.epollWait, epoll, Layout.data + 0x400, 4, 0xffff_ffff)
        guard case let .fault(fault)? = answer.stop, case let .kernelPanic(message) = fault.kind else {
            return XCTFail("expected a kernel panic, got \(String(describing: answer.stop))")
        }
        XCTAssertTrue(message.contains("deadlock") && message.contains("epoll_wait"), message)
    }

    // MARK: - poll

    /// struct pollfd { int fd; short events; short revents; }.
    func testPoll() throws {
        let machine = try makeMachine()
        let (readEnd, writeEnd) = pipe(machine)
        let fds = Layout.data + 0x300
        poke(machine, [readEnd, 0x0001_0000, 99, 0x0001_0000, 0xffff_ffff, 0x0001_0000], at: fds)  // POLLIN each
        XCTAssertEqual(success(machine, N.poll, fds, 3, 0), 1, "only the bad descriptor")
        XCTAssertEqual(peek(machine, fds + 4), 0x0001_0000, "nothing to read")
        XCTAssertEqual(peek(machine, fds + 12), 0x0001_0020, "POLLNVAL")
        XCTAssertEqual(peek(machine, fds + 20), 0x0001_0000, "a negative fd is skipped")
        XCTAssertEqual(success(machine, N.write, writeEnd, Layout.data, 1), 1)
        XCTAssertEqual(success(machine, N.poll, fds, 1, 0), 1)
        XCTAssertEqual(peek(machine, fds + 4), 0x0001_0001, "POLLIN")

        // Waiting with a timeout: the clock jumps by it.
        XCTAssertEqual(success(machine, N.read, readEnd, Layout.data, 1), 1)
        let before = success(machine, N.time, 0)
        XCTAssertEqual(success(machine, N.poll, fds, 1, 3000), 0, "timed out")
        XCTAssertEqual(success(machine, N.time, 0), before + 3, "three seconds later")
        failure(machine, N.poll, Layout.unmapped, 1, 0, errno: .EFAULT)
    }
}
