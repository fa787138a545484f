import XCTest

@testable import MIPS

/// Signals (`mips-guests/kernel/signals.c`): default actions, SIG_IGN, kill/tkill/tgkill and
/// their errors, masks and pending signals, and signals that interrupt a waiting thread. A
/// handler runs when the thread returns to user mode and comes back through rt_sigreturn, so
/// the stub helpers (`invoke`) see it run in between and return to their `break`. The frames
/// themselves are in `KernelSignalFrameTests`.
final class KernelSignalTests: KernelTestCase {
    private typealias N = SyscallNumber
    private typealias S = SignalNumber
    private typealias Seen = RecordingHandler.Seen
    static let saOnstack: UInt32 = 0x0800_0000
    static let saResethand: UInt32 = 0x8000_0000
    static let sigDefault: UInt32 = 0, sigIgnore: UInt32 = 1
    /// Signal n is bit n − 1 of a sigset's words.
    static func bit(_ signal: UInt32) -> UInt32 { 1 << ((signal - 1) % 32) }

    // MARK: - Default actions

    func testKillWithoutHandlerKills() throws {
        let machine = try makeMachine()
        let answer = call(machine, N.kill, 1, S.SIGUSR1)
        XCTAssertEqual(answer.stop, .exited(code: 128 + 16))
        XCTAssertEqual(machine.halt?.signal, S.SIGUSR1)
        XCTAssertEqual(machine.halt?.faultPC, Stub.syscall + 4)
        XCTAssertEqual(machine.halt?.signalDescription?.hasPrefix("killed by SIGUSR1 (signal 16)"), true)
        XCTAssertEqual(call(try makeMachine(), N.kill, 0, S.SIGTERM).stop, .exited(code: 143), "pid 0: this process")
    }

    /// SIG_IGN discards the signal; SIGCHLD is ignored by default; signal 0 only probes.
    func testIgnoredSignalsDoNothing() throws {
        let machine = try makeMachine()
        XCTAssertEqual(success(machine, N.kill, 1, S.SIGCHLD), 0, "SIGCHLD: ignored by default")
        XCTAssertEqual(success(machine, N.kill, 1, 0), 0)
        setAction(machine, S.SIGUSR1, handler: Self.sigIgnore, flags: 0)
        XCTAssertEqual(success(machine, N.kill, 1, S.SIGUSR1), 0)
        XCTAssertEqual(success(machine, N.tkill, 1, S.SIGUSR1), 0)
        XCTAssertNil(machine.halt)
        setAction(machine, S.SIGUSR1, handler: Self.sigDefault, flags: 0)
        XCTAssertEqual(call(machine, N.kill, 1, S.SIGUSR1).stop, .exited(code: 144), "back to the default")
    }

    func testKillAndActionErrors() throws {
        let machine = try makeMachine()
        failure(machine, N.kill, 2, S.SIGUSR1, errno: .ESRCH)
        failure(machine, N.kill, 1, 200, errno: .EINVAL)
        failure(machine, N.tkill, 9, S.SIGUSR1, errno: .ESRCH)
        failure(machine, N.tgkill, 2, 1, S.SIGUSR1, errno: .ESRCH)
        failure(machine, N.tgkill, 1, 5, S.SIGUSR1, errno: .ESRCH)
        let action = Layout.data + 0xe00
        poke(machine, [0, Self.sigIgnore, 0, 0, 0, 0], at: action)
        failure(machine, N.rtSigaction, S.SIGKILL, action, 0, 16, errno: .EINVAL)
        failure(machine, N.rtSigaction, 23, action, 0, 16, errno: .EINVAL)  // SIGSTOP
        failure(machine, N.rtSigaction, 0, action, 0, 16, errno: .EINVAL)
        failure(machine, N.rtSigaction, S.SIGUSR1, action, 0, 8, errno: .EINVAL)
        failure(machine, N.rtSigaction, S.SIGUSR1, Layout.unmapped, 0, 16, errno: .EFAULT)
        failure(machine, N.rtSigprocmask, 1, action, 0, 8, errno: .EINVAL)
        failure(machine, N.rtSigprocmask, 7, action, 0, 16, errno: .EINVAL)

        // oldact reports the action in force.
        setAction(machine, S.SIGUSR2, handler: 0x0040_2468, flags: Self.saSiginfo, mask: [0x5, 0, 0, 0])
        XCTAssertEqual(success(machine, N.rtSigaction, S.SIGUSR2, 0, Layout.data + 0x200, 16), 0)
        XCTAssertEqual(peek(machine, Layout.data + 0x200, words: 6), [Self.saSiginfo, 0x0040_2468, 5, 0, 0, 0])
        XCTAssertEqual(success(machine, N.rtSigaction, S.SIGKILL, 0, Layout.data + 0x200, 16), 0, "reading SIGKILL is fine")
    }


    /// A blocked signal stays pending (rt_sigpending shows it) and is delivered as soon as it is
    /// unblocked, on the return from that rt_sigprocmask.
    func testBlockedSignalIsDeliveredWhenUnblocked() throws {
        let handler = RecordingHandler.make()
        let machine = try makeMachine(programs: [handler])
        setAction(machine, S.SIGUSR1, handler: handler.origin)
        let set = Layout.data + 0x300, pending = Layout.data + 0x310, old = Layout.data + 0x320
        poke(machine, [Self.bit(S.SIGUSR1), 0, 0, 0], at: set)
        XCTAssertEqual(success(machine, N.rtSigprocmask, 1, set, 0, 16), 0)  // SIG_BLOCK
        XCTAssertEqual(success(machine, N.kill, 1, S.SIGUSR1), 0)
        XCTAssertEqual(peek(machine, Seen.count), 0, "blocked: not delivered")
        XCTAssertEqual(success(machine, N.rtSigpending, pending, 16), 0)
        XCTAssertEqual(peek(machine, pending, words: 4), [Self.bit(S.SIGUSR1), 0, 0, 0])
        XCTAssertEqual(success(machine, N.rtSigprocmask, 2, set, old, 16), 0)  // SIG_UNBLOCK
        XCTAssertEqual(peek(machine, old), Self.bit(S.SIGUSR1), "the old mask")
        XCTAssertEqual(peek(machine, Seen.count), 1, "delivered on unblocking")
        XCTAssertEqual(success(machine, N.rtSigpending, pending, 16), 0)
        XCTAssertEqual(peek(machine, pending, words: 4), [0, 0, 0, 0])

        // SIGKILL cannot be blocked.
        poke(machine, [0xffff_ffff, 0xffff_ffff, 0xffff_ffff, 0xffff_ffff], at: set)
        XCTAssertEqual(success(machine, N.rtSigprocmask, 3, set, 0, 16), 0)  // SIG_SETMASK
        XCTAssertEqual(success(machine, N.rtSigprocmask, 1, 0, old, 16), 0)
        XCTAssertEqual(peek(machine, old) & Self.bit(S.SIGKILL), 0)
        XCTAssertEqual(call(machine, N.kill, 1, S.SIGKILL).stop, .exited(code: 137))
    }

    /// A signal interrupts a blocked thread: pause returns EINTR after the handler ran.
    func testSignalFromAnotherThreadInterruptsPause() throws {
        var code = GuestCode(at: Layout.program)
        KernelThreadTests.clone(&code, flags: KernelThreadTests.threadFlags, stack: KernelThreadTests.childStack,
                                child: "child")
        code.syscall(4029)  // pause
        code.emit(.addu(rd: .s2, rs: .v0, rt: .zero), .addu(rd: .s3, rs: .a3, rt: .zero))
        code.label("end")
        code.emit(.break(code: 0))
        code.label("child")
        code.syscall(N.tgkill, 1, 1, S.SIGUSR1)
        code.syscall(N.exit, 0)
        let handler = RecordingHandler.make()
        let machine = try makeMachine(programs: [code, handler])
        setAction(machine, S.SIGUSR1, handler: handler.origin)
        assertBreak(run(machine, code))
        XCTAssertEqual(peek(machine, Seen.count), 1)
        XCTAssertEqual(peek(machine, Seen.code), 0xffff_fffa, "SI_TKILL")
        XCTAssertEqual(machine[.s2], Errno.EINTR.rawValue)
        XCTAssertEqual(machine[.s3], 1)
    }

    /// rt_sigsuspend waits with a temporary mask: a signal blocked before is delivered, and the
    /// old mask is back once the handler returned.
    func testSigsuspendDeliversWithTheTemporaryMask() throws {
        let handler = RecordingHandler.make()
        let machine = try makeMachine(programs: [handler])
        setAction(machine, S.SIGUSR1, handler: handler.origin)
        let set = Layout.data + 0x300, empty = Layout.data + 0x310, old = Layout.data + 0x320
        poke(machine, [Self.bit(S.SIGUSR1), 0, 0, 0], at: set)
        poke(machine, [0, 0, 0, 0], at: empty)
        XCTAssertEqual(success(machine, N.rtSigprocmask, 1, set, 0, 16), 0)
        XCTAssertEqual(success(machine, N.kill, 1, S.SIGUSR1), 0)
        XCTAssertEqual(peek(machine, Seen.count), 0)
        failure(machine, 4199, empty, 16, errno: .EINTR)  // rt_sigsuspend
        XCTAssertEqual(peek(machine, Seen.count), 1, "delivered under the temporary mask")
        XCTAssertEqual(success(machine, N.rtSigprocmask, 1, 0, old, 16), 0)
        XCTAssertEqual(peek(machine, old), Self.bit(S.SIGUSR1), "the old mask is back")
        failure(machine, 4199, empty, 8, errno: .EINVAL)
    }

    /// A handler installed with SA_RESTART (what glibc's signal() does) makes a blocking read
    /// that it interrupted restart instead of failing with EINTR, as Linux does for pipes: here
    /// another thread signals the reader, then writes, and the read must return the data.
    func testSARestartRestartsAnInterruptedRead() throws {
        let buffer = Layout.data + 0x200, message = Layout.data + 0x280
        var code = GuestCode(at: Layout.program)
        code.syscall(N.pipe)
        code.emit(.addu(rd: .s4, rs: .v0, rt: .zero), .addu(rd: .s5, rs: .v1, rt: .zero))
        KernelThreadTests.clone(&code, flags: KernelThreadTests.threadFlags, stack: KernelThreadTests.childStack,
                                child: "child")
        code.li(.v0, N.read)
        code.emit(.addu(rd: .a0, rs: .s4, rt: .zero))
        code.li(.a1, buffer)
        code.li(.a2, 16)
        code.emit(.syscall(code: 0), .addu(rd: .s6, rs: .v0, rt: .zero), .addu(rd: .s7, rs: .a3, rt: .zero))
        code.label("end")
        code.emit(.break(code: 0))
        code.label("child")
        code.syscall(N.tgkill, 1, 1, S.SIGUSR1)
        code.li(.v0, N.write)
        code.emit(.addu(rd: .a0, rs: .s5, rt: .zero))
        code.li(.a1, message)
        code.li(.a2, 3)
        code.emit(.syscall(code: 0))
        code.syscall(N.exit, 0)
        let handler = RecordingHandler.make()
        let machine = try makeMachine(programs: [code, handler])
        put(Array("abc".utf8), at: message, in: machine)
        setAction(machine, S.SIGUSR1, handler: handler.origin, flags: Self.saSiginfo | 0x1000_0000)  // SA_RESTART
        assertBreak(run(machine, code))
        XCTAssertEqual(peek(machine, Seen.count), 1, "the handler ran")
        XCTAssertEqual([machine[.s6], machine[.s7]], [3, 0], "read was restarted and returned the data")
    }

    /// kill(-1, sig) signals every process but init and the caller (Linux's
    /// kill_something_info): here there is none, so ESRCH, and the caller is not signalled.
    func testKillMinusOneDoesNotSignalTheCaller() throws {
        let machine = try makeMachine()
        let answer = call(machine, N.kill, 0xffff_ffff, S.SIGTERM)
        XCTAssertNil(answer.stop, "the caller survives")
        XCTAssertEqual([answer.v0, answer.a3], [Errno.ESRCH.rawValue, 1])
    }
}
