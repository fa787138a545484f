import XCTest

@testable import MIPS

/// Signal delivery (`mips-guests/kernel/signals.c`): the o32 frames a handler gets (rt frame with
/// siginfo and ucontext, or the old sigcontext frame), the return through the vDSO trampoline
/// (rt_sigreturn / sigreturn) that restores the interrupted context, SA_RESETHAND, fault
/// signals, and the alternate stack. Sending, masks and interrupted waits are in
/// `KernelSignalTests`.
final class KernelSignalFrameTests: KernelTestCase {
    private typealias N = SyscallNumber
    private typealias S = SignalNumber
    private typealias Seen = RecordingHandler.Seen
    private typealias Constants = KernelSignalTests

    /// A handler installed with rt_sigaction runs with (signal, siginfo, ucontext) on a frame
    /// below the stack, returns through the vDSO trampoline, and rt_sigreturn restores every
    /// register it clobbered; the interrupted syscall's result survives.
    func testHandlerRunsAndSigreturnRestoresTheRegisters() throws {
        let handler = RecordingHandler.make(extra: { code in
            code.syscall(N.rtSigprocmask, 1, 0, Seen.mask, 16)  // the mask in force inside the handler
        })
        let machine = try makeMachine(programs: [handler])
        setAction(machine, S.SIGUSR1, handler: handler.origin)
        machine[.s0] = 0x1111_0000
        machine[.s1] = 0x1111_0001
        machine[.t5] = 0x1111_0002
        machine.state.hi = 0x2222_0000
        machine.state.lo = 0x2222_0001
        let sp = machine[.sp]
        XCTAssertEqual(success(machine, N.kill, 1, S.SIGUSR1), 0, "kill's own result is restored too")
        XCTAssertEqual(peek(machine, Seen.count), 1, "the handler ran once")
        XCTAssertEqual(peek(machine, Seen.signal), S.SIGUSR1, "a0 = the signal")
        XCTAssertEqual(peek(machine, Seen.signo), S.SIGUSR1, "si_signo")
        XCTAssertEqual(peek(machine, Seen.code), 0, "si_code = SI_USER")
        XCTAssertEqual(peek(machine, Seen.pc), Stub.syscall + 4, "sc_pc: where the thread resumes")
        let frameSP = peek(machine, Seen.sp)
        XCTAssertLessThan(frameSP, sp - 784, "the frame is below the interrupted sp")
        XCTAssertEqual(frameSP & 7, 0)
        XCTAssertEqual(peek(machine, Seen.a1), frameSP + 24, "siginfo inside the frame")
        XCTAssertTrue(KernelImage.embedded.vdso.contains(peek(machine, Seen.ra)), "ra = the rt_sigreturn trampoline")
        XCTAssertEqual(peek(machine, Seen.mask) & Constants.bit(S.SIGUSR1), Constants.bit(S.SIGUSR1), "blocked while it runs")

        XCTAssertEqual([machine[.s0], machine[.s1], machine[.t5]], [0x1111_0000, 0x1111_0001, 0x1111_0002])
        XCTAssertEqual([machine.state.hi, machine.state.lo], [0x2222_0000, 0x2222_0001])
        XCTAssertEqual(machine[.sp], sp)
        XCTAssertEqual(success(machine, N.rtSigprocmask, 1, 0, Seen.mask, 16), 0)
        XCTAssertEqual(peek(machine, Seen.mask, words: 4), [0, 0, 0, 0], "the mask is restored")
        XCTAssertEqual(success(machine, N.tkill, 1, S.SIGUSR1), 0)
        XCTAssertEqual(peek(machine, Seen.count), 2, "and it runs again")
        XCTAssertEqual(peek(machine, Seen.code), 0xffff_fffa, "si_code = SI_TKILL")
    }

    /// A handler without SA_SIGINFO gets the old frame: a1 = 0, a2 = the sigcontext, and returns
    /// through sigreturn.
    func testHandlerWithoutSiginfoUsesSigreturn() throws {
        let handler = RecordingHandler.make(extra: { code in
            code.emit(.lw(rt: .t0, base: .a2, imm: 12))  // sc_pc, low word
            code.store(.t0, at: Seen.pc)
        })
        let machine = try makeMachine(programs: [handler])
        setAction(machine, S.SIGUSR2, handler: handler.origin, flags: 0)
        machine[.s0] = 0x3333
        XCTAssertEqual(success(machine, N.kill, 1, S.SIGUSR2), 0)
        XCTAssertEqual(peek(machine, Seen.count), 1)
        XCTAssertEqual(peek(machine, Seen.a1), 0, "no siginfo")
        XCTAssertEqual(peek(machine, Seen.pc), Stub.syscall + 4)
        XCTAssertTrue(KernelImage.embedded.vdso.contains(peek(machine, Seen.ra)))
        XCTAssertEqual(machine[.s0], 0x3333, "restored by sigreturn")
    }

    /// SA_RESETHAND: the handler runs once, then the default action is back.
    func testResetHandler() throws {
        let handler = RecordingHandler.make()
        let machine = try makeMachine(programs: [handler])
        setAction(machine, S.SIGUSR1, handler: handler.origin, flags: Self.saSiginfo | Constants.saResethand)
        XCTAssertEqual(success(machine, N.kill, 1, S.SIGUSR1), 0)
        XCTAssertEqual(peek(machine, Seen.count), 1)
        XCTAssertEqual(call(machine, N.kill, 1, S.SIGUSR1).stop, .exited(code: 144))
    }

    /// A SIGSEGV handler for a load from the null guard gets si_addr, and may resume after the
    /// load by moving the saved pc.
    func testSegvHandlerGetsTheFaultingAddress() throws {
        let handler = RecordingHandler.make(skip: true)
        let machine = try makeMachine(programs: [handler])
        setAction(machine, S.SIGSEGV, handler: handler.origin)
        let (stop, _) = guestLoad(machine, 0x44)
        assertBreak(stop)
        XCTAssertEqual(peek(machine, Seen.count), 1)
        XCTAssertEqual(peek(machine, Seen.signo), S.SIGSEGV)
        XCTAssertEqual(peek(machine, Seen.code), 1, "SEGV_MAPERR")
        XCTAssertEqual(peek(machine, Seen.address), 0x44, "si_addr")
        XCTAssertEqual(peek(machine, Seen.pc), Stub.load, "sc_pc: the faulting load")
    }

    /// Faults are forced as Linux forces them: ignored or blocked, they still kill.
    func testIgnoredOrBlockedFaultSignalStillKills() throws {
        let ignoring = try makeMachine()
        setAction(ignoring, S.SIGSEGV, handler: Constants.sigIgnore, flags: 0)
        let (stop, _) = guestLoad(ignoring, 0x44)
        assertKilled(ignoring, stop, by: S.SIGSEGV, pc: Stub.load, address: 0x44)

        let blocking = try makeMachine(programs: [RecordingHandler.make(skip: true)])
        setAction(blocking, S.SIGSEGV, handler: Layout.handler)
        poke(blocking, [Constants.bit(S.SIGSEGV), 0, 0, 0], at: Layout.data + 0x300)
        XCTAssertEqual(success(blocking, N.rtSigprocmask, 1, Layout.data + 0x300, 0, 16), 0)
        assertKilled(blocking, guestLoad(blocking, 0x48).0, by: S.SIGSEGV, pc: Stub.load, address: 0x48)
        XCTAssertEqual(peek(blocking, Seen.count), 0, "the handler never ran")
    }

    func testSigaltstack() throws {
        let altBase = Layout.data + 0x1000, altSize: UInt32 = 0x2000
        let handler = RecordingHandler.make(extra: { code in
            code.syscall(N.sigaltstack, 0, Seen.altstack)  // ss_flags: SS_ONSTACK while on it
            code.syscall(N.sigaltstack, Layout.data + 0x400, 0)  // changing it on it: EPERM
            code.store(.v0, at: Seen.result)
        })
        let machine = try makeMachine(programs: [handler])
        let stack = Layout.data + 0x400, old = Layout.data + 0x410
        poke(machine, [altBase, altSize, 0], at: stack)
        XCTAssertEqual(success(machine, N.sigaltstack, stack, old), 0)
        XCTAssertEqual(peek(machine, old + 8), 2, "none before: SS_DISABLE")

        setAction(machine, S.SIGUSR1, handler: handler.origin, flags: Self.saSiginfo | Constants.saOnstack)
        XCTAssertEqual(success(machine, N.kill, 1, S.SIGUSR1), 0)
        let sp = peek(machine, Seen.sp)
        XCTAssertTrue(sp > altBase && sp < altBase + altSize, "the handler ran on the alternate stack: \(hex32(sp))")
        XCTAssertEqual(peek(machine, Seen.altstack, words: 3), [altBase, altSize, 1], "SS_ONSTACK inside")
        XCTAssertEqual(peek(machine, Seen.result), Errno.EPERM.rawValue)
        XCTAssertEqual(machine[.sp], Layout.sp, "back on the normal stack")

        XCTAssertEqual(success(machine, N.sigaltstack, 0, old), 0)
        XCTAssertEqual(peek(machine, old, words: 3), [altBase, altSize, 0], "off it again")

        // Without SA_ONSTACK the handler uses the normal stack.
        setAction(machine, S.SIGUSR1, handler: handler.origin)
        XCTAssertEqual(success(machine, N.kill, 1, S.SIGUSR1), 0)
        XCTAssertLessThan(peek(machine, Seen.sp), Layout.sp)
        XCTAssertGreaterThan(peek(machine, Seen.sp), Layout.stackTop - Layout.stackPages * 0x1000)

        poke(machine, [altBase, 1024, 0], at: stack)
        failure(machine, N.sigaltstack, stack, 0, errno: .ENOMEM)
        poke(machine, [altBase, altSize, 4], at: stack)
        failure(machine, N.sigaltstack, stack, 0, errno: .EINVAL)
        poke(machine, [0, 0, 2], at: stack)
        XCTAssertEqual(success(machine, N.sigaltstack, stack, 0), 0, "SS_DISABLE")
        XCTAssertEqual(success(machine, N.sigaltstack, 0, old), 0)
        XCTAssertEqual(peek(machine, old + 8), 2)
    }
}
