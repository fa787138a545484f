import XCTest

@testable import MIPS

/// The virtual clock (`mips-guests/kernel/time.c`): 2024-01-01T00:00:00Z + 10 ns per cycle (the
/// kernel's cycles included) + time slept; monotonic clocks count from cycle 0. The kernel reads
/// the cycle counter somewhere inside each call, so a reading taken by a call that started
/// after cycle `before` and returned at cycle `after` lies in [10·before, 10·after] (plus the
/// epoch, plus what was slept): the tests check those windows, and what sleeping adds.
final class KernelTimeTests: KernelTestCase {
    private typealias N = SyscallNumber
    static let epoch: UInt64 = 1_704_067_200 * 1_000_000_000
    private let second: UInt64 = 1_000_000_000

    /// A clock reading and the cycles around the call that took it.
    struct Reading {
        var nanoseconds: UInt64
        var before: UInt64
        var after: UInt64
    }

    /// clock_gettime(clock, buffer) (or the 64-bit variant) as nanoseconds.
    private func clock(_ machine: Machine, _ id: UInt32, wide: Bool = false,
                       file: StaticString = #filePath, line: UInt = #line) -> Reading {
        let buffer = Layout.data + 0x800
        let before = machine.cycles
        XCTAssertEqual(success(machine, wide ? N.clockGettime64 : N.clockGettime, id, buffer, file: file, line: line), 0,
                       file: file, line: line)
        let words = peek(machine, buffer, words: 4)
        let seconds = wide ? UInt64(words[0]) << 32 | UInt64(words[1]) : UInt64(words[0])
        let fraction = UInt64(wide ? words[3] : words[1])
        XCTAssertLessThan(fraction, second, file: file, line: line)
        return Reading(nanoseconds: seconds * second + fraction, before: before, after: machine.cycles)
    }

    /// `reading` was taken with `base` + 10 ns per cycle.
    private func assertWindow(_ reading: Reading, base: UInt64, _ message: String = "",
                              file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertGreaterThanOrEqual(reading.nanoseconds, base + 10 * reading.before, message, file: file, line: line)
        XCTAssertLessThanOrEqual(reading.nanoseconds, base + 10 * reading.after, message, file: file, line: line)
    }

    private func timespec(_ machine: Machine, _ seconds: UInt32, _ nanoseconds: UInt32, at address: UInt32) {
        poke(machine, [seconds, nanoseconds], at: address)
    }

    // MARK: - Reading the clocks

    func testRealtimeAndMonotonicClocks() throws {
        let machine = try makeMachine()
        spin(machine, 1000)
        let realtime = clock(machine, 0)
        assertWindow(realtime, base: Self.epoch, "CLOCK_REALTIME = epoch + 10 ns per cycle")
        let monotonic = clock(machine, 1)
        assertWindow(monotonic, base: 0, "CLOCK_MONOTONIC counts from cycle 0")
        assertWindow(clock(machine, 7), base: 0, "CLOCK_BOOTTIME")
        assertWindow(clock(machine, 5), base: Self.epoch, "CLOCK_REALTIME_COARSE")
        assertWindow(clock(machine, 0, wide: true), base: Self.epoch, "clock_gettime64")
        assertWindow(clock(machine, 1, wide: true), base: 0, "clock_gettime64, monotonic")
        failure(machine, N.clockGettime, 12, Layout.data, errno: .EINVAL)
        failure(machine, N.clockGettime, 0, Layout.unmapped, errno: .EFAULT)
    }

    func testClockIsDeterministicAndAdvancesWithCycles() throws {
        func sample() throws -> [UInt64] {
            let machine = try makeMachine()
            let t1 = clock(machine, 0)
            spin(machine, 3333)
            let t2 = clock(machine, 0)
            XCTAssertGreaterThanOrEqual(t2.nanoseconds - t1.nanoseconds, 10 * (t2.before - t1.after))
            XCTAssertLessThanOrEqual(t2.nanoseconds - t1.nanoseconds, 10 * (t2.after - t1.before))
            XCTAssertGreaterThan(t2.nanoseconds - t1.nanoseconds, 10 * 3 * 3333, "the spin loop's cycles")
            return [t1.nanoseconds, t2.nanoseconds]
        }
        XCTAssertEqual(try sample(), try sample(), "two runs read the same times")
    }

    func testGettimeofdayAndTime() throws {
        let machine = try makeMachine()
        let tv = Layout.data, tz = Layout.data + 8
        poke(machine, [0xeeee_eeee, 0xeeee_eeee], at: tz)
        let before = machine.cycles
        XCTAssertEqual(success(machine, N.gettimeofday, tv, tz), 0)
        let words = peek(machine, tv, words: 2)
        XCTAssertLessThan(words[1], 1_000_000, "tv_usec")
        let microseconds = UInt64(words[0]) * 1_000_000 + UInt64(words[1])
        XCTAssertGreaterThanOrEqual(microseconds, (Self.epoch + 10 * before) / 1000)
        XCTAssertLessThanOrEqual(microseconds, (Self.epoch + 10 * machine.cycles) / 1000)
        XCTAssertEqual(peek(machine, tz, words: 2), [0, 0], "the time zone is UTC")
        XCTAssertEqual(success(machine, N.gettimeofday, 0, 0), 0, "both pointers may be NULL")
        failure(machine, N.gettimeofday, Layout.unmapped, 0, errno: .EFAULT)

        XCTAssertEqual(success(machine, N.time, Layout.data + 0x20), 1_704_067_200, "time() in seconds")
        XCTAssertEqual(peek(machine, Layout.data + 0x20), 1_704_067_200)
        XCTAssertEqual(success(machine, N.time, 0), 1_704_067_200)
    }

    /// The resolution is one cycle.
    func testClockGetres() throws {
        let machine = try makeMachine()
        for id: UInt32 in [0, 1, 7] {
            poke(machine, [0xeeee_eeee, 0xeeee_eeee], at: Layout.data)
            XCTAssertEqual(success(machine, N.clockGetres, id, Layout.data), 0)
            XCTAssertEqual(peek(machine, Layout.data, words: 2), [0, 10], "clock \(id): 10 ns")
        }
        XCTAssertEqual(success(machine, N.clockGetres, 0, 0), 0, "a NULL buffer is fine")
        failure(machine, N.clockGetres, 12, Layout.data, errno: .EINVAL)
    }

    // MARK: - Sleeping

    /// A lone thread's nanosleep costs no cycles of waiting: the clock jumps by exactly the
    /// request (to within the cycles the calls themselves take).
    func testNanosleepAdvancesTheClockByTheRequest() throws {
        let machine = try makeMachine()
        let request = Layout.data + 0x100
        timespec(machine, 2, 500, at: request)
        let t1 = clock(machine, 0)
        let cyclesBefore = machine.cycles
        XCTAssertEqual(success(machine, N.nanosleep, request, 0), 0)
        XCTAssertLessThan(machine.cycles - cyclesBefore, 5000, "sleeping costs no cycles")
        let t2 = clock(machine, 0)
        let slept: UInt64 = 2 * second + 500
        XCTAssertGreaterThanOrEqual(t2.nanoseconds - t1.nanoseconds, slept)
        XCTAssertLessThanOrEqual(t2.nanoseconds - t1.nanoseconds, slept + 10 * (t2.after - t1.before))
        // The thread wakes at its deadline (request + the cycle it asked at), so the monotonic
        // clock holds the sleep plus at most every cycle so far.
        let monotonic = clock(machine, 1)
        XCTAssertGreaterThanOrEqual(monotonic.nanoseconds, slept + 10 * cyclesBefore)
        XCTAssertLessThanOrEqual(monotonic.nanoseconds, slept + 10 * monotonic.after, "monotonic clocks include the time slept")

        // tv_nsec must be below one second; a bad request sleeps not at all.
        timespec(machine, 0, 1_000_000_000, at: request)
        failure(machine, N.nanosleep, request, 0, errno: .EINVAL)
        failure(machine, N.nanosleep, Layout.unmapped, 0, errno: .EFAULT)
        timespec(machine, 0, 0, at: request)
        XCTAssertEqual(success(machine, N.nanosleep, request, 0), 0, "a zero sleep returns at once")
        let last = clock(machine, 1)
        XCTAssertLessThanOrEqual(last.nanoseconds, slept + 10 * last.after, "nothing more was slept")
    }

    /// clock_nanosleep with TIMER_ABSTIME sleeps until a time on that clock; a time in the past
    /// returns at once.
    func testClockNanosleepAbsolute() throws {
        let machine = try makeMachine()
        let request = Layout.data + 0x100
        timespec(machine, 5, 0, at: request)
        XCTAssertEqual(success(machine, N.clockNanosleep, 1, 1, request, 0), 0)  // CLOCK_MONOTONIC, TIMER_ABSTIME
        let after = clock(machine, 1)
        XCTAssertGreaterThanOrEqual(after.nanoseconds, 5 * second)
        XCTAssertLessThanOrEqual(after.nanoseconds, 5 * second + 10 * (after.after - after.before))
        XCTAssertEqual(success(machine, N.clockNanosleep, 1, 1, request, 0), 0, "the past: no sleep")
        let again = clock(machine, 1)
        XCTAssertLessThan(again.nanoseconds - after.nanoseconds, 10 * (again.after - after.before) + 1)

        // Relative, on the 64-bit timespec: 1.5 s more.
        poke(machine, [0, 1, 0, 500_000_000], at: request)
        XCTAssertEqual(success(machine, N.clockNanosleep64, 0, 0, request, 0), 0)
        let relative = clock(machine, 1)
        XCTAssertGreaterThanOrEqual(relative.nanoseconds - again.nanoseconds, 1_500_000_000)
        failure(machine, N.clockNanosleep, 12, 0, request, 0, errno: .EINVAL)
    }

    /// The o32 timespec's tv_sec is a signed 32-bit `long`: a negative one is EINVAL (Linux's
    /// timespec64_valid), not a sleep of 2^32 − 1 seconds.
    func testNegativeTimespecIsRefused() throws {
        let machine = try makeMachine()
        let request = Layout.data + 0x100
        poke(machine, [0xffff_ffff, 0], at: request)  // tv_sec = -1
        let before = clock(machine, 1)
        let answer = call(machine, N.nanosleep, request, 0)
        assertBreak(answer.stop)
        XCTAssertEqual([answer.v0, answer.a3], [Errno.EINVAL.rawValue, 1], "nanosleep({-1, 0})")
        let after = clock(machine, 1)
        XCTAssertLessThan(after.nanoseconds - before.nanoseconds, 10 * (after.after - before.before) + 1, "no sleep")
    }

    /// A 64-bit tv_sec beyond what the kernel's nanosecond arithmetic holds is refused, not
    /// wrapped into a short sleep.
    func testHugeTimespecIsRefused() throws {
        let machine = try makeMachine()
        let request = Layout.data + 0x100
        poke(machine, [8, 0, 0, 0], at: request)  // tv_sec = 8 << 32
        let before = clock(machine, 1)
        failure(machine, N.clockNanosleep64, 1, 0, request, 0, errno: .EINVAL)
        let after = clock(machine, 1)
        XCTAssertLessThan(after.nanoseconds - before.nanoseconds, 10 * (after.after - before.before) + 1, "no sleep")
    }
}
