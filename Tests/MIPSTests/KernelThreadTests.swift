import XCTest

@testable import MIPS

/// Cooperative threads (`mips-guests/kernel/threads.c`): clone of a thread, futex wait and wake,
/// sched_yield, exit of one thread against exit_group, and the deadlock panic. Each test is a
/// small guest program; a thread runs until it blocks, yields or exits, then the next runnable
/// one in tid order.
final class KernelThreadTests: KernelTestCase {
    private typealias N = SyscallNumber

    /// CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM: a thread.
    static let threadFlags: UInt32 = 0x0005_0f00
    static let cloneSettls: UInt32 = 0x0008_0000
    static let cloneParentSettid: UInt32 = 0x0010_0000
    static let cloneChildCleartid: UInt32 = 0x0020_0000
    static let cloneChildSettid: UInt32 = 0x0100_0000
    static let futexWaitPrivate: UInt32 = 128
    static let futexWakePrivate: UInt32 = 129

    /// A child stack inside the data pages, away from the words the tests use.
    static let childStack = Layout.data + 0x3000
    static let secondChildStack = Layout.data + 0x2800

    /// clone(flags, stack, parent_tid, tls, child_tid): child_tid is the o32 fifth argument at
    /// sp + 16. Branches to `child` in the new thread (v0 = 0); the parent falls through.
    static func clone(_ code: inout GuestCode, flags: UInt32, stack: UInt32, parentTid: UInt32 = 0, tls: UInt32 = 0,
                      childTid: UInt32 = 0, child: String) {
        code.li(.t0, childTid)
        code.emit(.sw(rt: .t0, base: .sp, imm: 16))
        code.syscall(N.clone, flags, stack, parentTid, tls)
        code.branch(to: child) { .beq(rs: .v0, rt: .zero, imm: $0) }
        code.emit(GuestCode.nop)
    }

    /// futex(address, op, value in `register`, timeout 0).
    static func futex(_ code: inout GuestCode, _ address: UInt32, _ op: UInt32, valueIn register: Register) {
        code.emit(.addu(rd: .a2, rs: register, rt: .zero))
        code.li(.v0, N.futex)
        code.li(.a0, address)
        code.li(.a1, op)
        code.li(.a3, 0)
        code.emit(.syscall(code: 0))
    }

    // MARK: - clone

    /// A thread with its own stack and TLS writes a word and exits; the parent futex-waits on
    /// the CLONE_CHILD_CLEARTID word until the kernel clears it and wakes it.
    func testCloneRunsAThreadWhileTheParentWaitsOnItsClearTid() throws {
        let tidWord = Layout.data + 0x100, marker = Layout.data + 0x104, childSP = Layout.data + 0x108
        let childTidSeen = Layout.data + 0x10c, childTLS = Layout.data + 0x110, settid = Layout.data + 0x114
        var code = GuestCode(at: Layout.program)
        Self.clone(&code, flags: Self.threadFlags | Self.cloneSettls | Self.cloneParentSettid | Self.cloneChildCleartid
                              | Self.cloneChildSettid,
                   stack: Self.childStack, parentTid: tidWord, tls: 0x7000_1234, childTid: tidWord, child: "child")
        code.emit(.addu(rd: .s0, rs: .v0, rt: .zero))
        code.label("wait")  // while (*tidWord != 0) futex_wait(tidWord, *tidWord)
        code.load(.t0, from: tidWord)
        code.branch(to: "done") { .beq(rs: .t0, rt: .zero, imm: $0) }
        code.emit(GuestCode.nop)
        code.emit(.addiu(rt: .s3, rs: .s3, imm: 1))
        Self.futex(&code, tidWord, Self.futexWaitPrivate, valueIn: .t0)
        code.jump(to: "wait")
        code.label("done")
        code.emit(.rdhwr(rt: .s1, hwr: 29))
        code.syscall(N.gettid)
        code.emit(.addu(rd: .s2, rs: .v0, rt: .zero))
        code.label("end")
        code.emit(.break(code: 0))
        code.label("child")
        code.store(.sp, at: childSP)
        code.syscall(N.gettid)
        code.store(.v0, at: childTidSeen)
        code.emit(.rdhwr(rt: .t0, hwr: 29))
        code.store(.t0, at: childTLS)
        code.load(.t0, from: tidWord)  // CLONE_CHILD_SETTID wrote it before the child ran
        code.store(.t0, at: settid)
        code.li(.t0, 0x600d)
        code.store(.t0, at: marker)
        code.syscall(N.exit, 0)
        code.emit(.break(code: 1))

        let machine = try makeMachine(programs: [code])
        poke(machine, 0xffff_ffff, at: tidWord)
        assertBreak(run(machine, code))
        XCTAssertEqual(machine[.s0], 2, "clone returns the child's tid")
        XCTAssertEqual(peek(machine, marker), 0x600d, "the child ran")
        XCTAssertEqual(peek(machine, childSP), Self.childStack, "on its own stack")
        XCTAssertEqual(peek(machine, childTidSeen), 2, "gettid in the child")
        XCTAssertEqual(peek(machine, childTLS), 0x7000_1234, "CLONE_SETTLS: the child's UserLocal")
        XCTAssertEqual(peek(machine, settid), 2)
        XCTAssertEqual(peek(machine, tidWord), 0, "cleared when the child exited")
        XCTAssertEqual(machine[.s1], 0, "the parent's thread pointer is its own")
        XCTAssertEqual(machine[.s2], 1, "the parent is tid 1")
        XCTAssertEqual(machine[.s3], 1, "the parent waited once")
    }

    /// sched_yield hands the CPU to the next runnable thread and back: the threads see each
    /// other's writes in a fixed order.
    func testSchedYieldSwitchesBetweenThreads() throws {
        let shared = Layout.data + 0x100, seenFirst = Layout.data + 0x104, seenSecond = Layout.data + 0x108
        var code = GuestCode(at: Layout.program)
        Self.clone(&code, flags: Self.threadFlags, stack: Self.childStack, child: "child")
        code.li(.t0, 1)
        code.store(.t0, at: shared)
        code.syscall(N.schedYield)  // → the child
        code.load(.s0, from: shared)  // the child wrote 2
        code.li(.t0, 3)
        code.store(.t0, at: shared)
        code.syscall(N.schedYield)  // → the child, which exits
        code.syscall(N.schedYield)  // nobody else: returns at once
        code.load(.s1, from: shared)
        code.label("end")
        code.emit(.break(code: 0))
        code.label("child")
        code.load(.t0, from: shared)
        code.store(.t0, at: seenFirst)
        code.li(.t0, 2)
        code.store(.t0, at: shared)
        code.syscall(N.schedYield)  // → the parent
        code.load(.t0, from: shared)
        code.store(.t0, at: seenSecond)
        code.li(.t0, 4)
        code.store(.t0, at: shared)
        code.syscall(N.exit, 0)

        let machine = try makeMachine(programs: [code])
        assertBreak(run(machine, code))
        XCTAssertEqual(peek(machine, seenFirst), 1, "the child ran after the parent's first yield")
        XCTAssertEqual(machine[.s0], 2, "the parent ran after the child's yield")
        XCTAssertEqual(peek(machine, seenSecond), 3)
        XCTAssertEqual(machine[.s1], 4, "the child finished before the parent went on")
    }

    // MARK: - futex

    func testFutexAnswersWithoutWaiting() throws {
        let machine = try makeMachine()
        let word = Layout.data + 0x40
        poke(machine, 5, at: word)
        failure(machine, N.futex, word, Self.futexWaitPrivate, 6, 0, errno: .EAGAIN)  // value mismatch
        XCTAssertEqual(success(machine, N.futex, word, Self.futexWakePrivate, 1), 0, "nobody to wake")
        failure(machine, N.futex, Layout.unmapped, Self.futexWaitPrivate, 5, 0, errno: .EFAULT)
        failure(machine, N.futex, word + 2, Self.futexWaitPrivate, 5, 0, errno: .EFAULT)  // unaligned
        failure(machine, N.futex, word, 9, 5, 0, stack: [0, 0], errno: .EINVAL)  // FUTEX_WAIT_BITSET, bitset 0
        failure(machine, N.futex, word, 99, 5, 0, errno: .ENOSYS)  // no such operation
        let timeout = Layout.data + 0x80
        poke(machine, [0, 1_000_000_000], at: timeout)
        failure(machine, N.futex, word, Self.futexWaitPrivate, 5, timeout, errno: .EINVAL)
    }

    /// A wait with a timeout and nobody to wake it: ETIMEDOUT, and the clock jumps by the
    /// timeout (relative for FUTEX_WAIT, an absolute CLOCK_MONOTONIC time for FUTEX_WAIT_BITSET).
    func testFutexWaitTimesOutAndAdvancesTheClock() throws {
        let machine = try makeMachine()
        let word = Layout.data + 0x40, timeout = Layout.data + 0x80, clock = Layout.data + 0xc0
        poke(machine, 5, at: word)
        poke(machine, [0, 1_000_000], at: timeout)  // 1 ms
        func monotonic() -> (UInt64, UInt64) {
            XCTAssertEqual(success(machine, N.clockGettime, 1, clock), 0)
            let words = peek(machine, clock, words: 2)
            return (UInt64(words[0]) * 1_000_000_000 + UInt64(words[1]), machine.cycles)
        }
        let (t1, c1) = monotonic()
        failure(machine, N.futex, word, Self.futexWaitPrivate, 5, timeout, errno: .ETIMEDOUT)
        let (t2, c2) = monotonic()
        XCTAssertGreaterThanOrEqual(t2 - t1, 1_000_000)
        XCTAssertLessThanOrEqual(t2 - t1, 1_000_000 + 10 * (c2 - c1))

        poke(machine, [2, 0], at: timeout)  // until 2 s after boot
        failure(machine, N.futex, word, 9 | 128, 5, timeout, stack: [0, 0xffff_ffff], errno: .ETIMEDOUT)
        let (t3, c3) = monotonic()
        XCTAssertGreaterThanOrEqual(t3, 2_000_000_000)
        XCTAssertLessThanOrEqual(t3, 2_000_000_000 + 10 * (c3 - c2))
    }

    /// A wait nobody can end: every thread waits and none has a timeout. The kernel gives up.
    func testFutexWaitNobodyCanWakeIsADeadlock() throws {
        let machine = try makeMachine()
        let word = Layout.data + 0x40
        poke(machine, 5, at: word)
        let answer = call(machine, N.futex, word, Self.futexWaitPrivate, 5, 0)
        guard case let .fault(fault)? = answer.stop, case let .kernelPanic(message) = fault.kind else {
            return XCTFail("expected a kernel panic, got \(String(describing: answer.stop))")
        }
        XCTAssertTrue(message.contains("deadlock"), message)
        XCTAssertTrue(fault.description.contains("kernel panic: deadlock"), fault.description)
        XCTAssertGreaterThanOrEqual(fault.pc, KernelLayout.base, "the kernel stopped, in kernel mode")
        XCTAssertEqual(machine.state.mode, .kernel)
        XCTAssertNil(machine.halt)
    }

    /// FUTEX_WAKE wakes at most `count` waiters, the longest-waiting first.
    func testFutexWakeIsFirstInFirstOutAndCounted() throws {
        let word = Layout.data + 0x100, counter = Layout.data + 0x104
        let slotA = Layout.data + 0x108, slotB = Layout.data + 0x10c
        var code = GuestCode(at: Layout.program)
        Self.clone(&code, flags: Self.threadFlags, stack: Self.childStack, child: "a")
        Self.clone(&code, flags: Self.threadFlags, stack: Self.secondChildStack, child: "b")
        code.syscall(N.schedYield)  // both children start waiting, A first
        code.syscall(N.futex, word, Self.futexWakePrivate, 1)
        code.emit(.addu(rd: .s0, rs: .v0, rt: .zero))
        code.syscall(N.schedYield)  // the woken one runs and exits
        code.syscall(N.futex, word, Self.futexWakePrivate, 0x7fff_ffff)
        code.emit(.addu(rd: .s1, rs: .v0, rt: .zero))
        code.syscall(N.schedYield)
        code.syscall(N.futex, word, Self.futexWakePrivate, 0x7fff_ffff)
        code.emit(.addu(rd: .s2, rs: .v0, rt: .zero))
        code.label("end")
        code.emit(.break(code: 0))
        for (name, slot) in [("a", slotA), ("b", slotB)] {
            code.label(name)
            code.emit(.addu(rd: .t0, rs: .zero, rt: .zero))
            Self.futex(&code, word, Self.futexWaitPrivate, valueIn: .t0)  // *word == 0: waits
            code.load(.t0, from: counter)  // slot = ++counter
            code.emit(.addiu(rt: .t0, rs: .t0, imm: 1))
            code.store(.t0, at: counter)
            code.store(.t0, at: slot)
            code.syscall(N.exit, 0)
        }

        let machine = try makeMachine(programs: [code])
        assertBreak(run(machine, code))
        XCTAssertEqual([machine[.s0], machine[.s1], machine[.s2]], [1, 1, 0], "woken counts")
        XCTAssertEqual(peek(machine, slotA), 1, "A waited first and woke first")
        XCTAssertEqual(peek(machine, slotB), 2)
    }

    // MARK: - exit

    /// exit ends one thread; the process ends with the last thread's code.
    func testExitOfTheMainThreadLeavesTheOtherRunning() throws {
        let marker = Layout.data + 0x100
        var code = GuestCode(at: Layout.program)
        Self.clone(&code, flags: Self.threadFlags, stack: Self.childStack, child: "child")
        code.syscall(N.exit, 3)
        code.label("end")
        code.emit(.break(code: 0))
        code.label("child")
        code.li(.t0, 0x77)
        code.store(.t0, at: marker)
        code.syscall(N.exit, 5)

        let machine = try makeMachine(programs: [code])
        XCTAssertEqual(run(machine, code), .exited(code: 5), "the last thread's exit code")
        XCTAssertEqual(peek(machine, marker), 0x77)
        XCTAssertEqual(machine.halt, Halt(exitCode: 5))
    }

    /// exit_group ends every thread at once.
    func testExitGroupFromAThreadEndsTheProcess() throws {
        let marker = Layout.data + 0x100
        var code = GuestCode(at: Layout.program)
        Self.clone(&code, flags: Self.threadFlags, stack: Self.childStack, child: "child")
        code.syscall(N.schedYield)
        code.li(.t0, 0xbad)
        code.store(.t0, at: marker)
        code.label("end")
        code.emit(.break(code: 0))
        code.label("child")
        code.syscall(N.exitGroup, 7)

        let machine = try makeMachine(programs: [code])
        XCTAssertEqual(run(machine, code), .exited(code: 7))
        XCTAssertEqual(peek(machine, marker), 0, "the parent never ran again")
    }
}
