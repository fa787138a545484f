/*
 * time.c — the virtual clock and the calls that read it or wait on it.
 *
 * Every clock reads 2024-01-01T00:00:00Z plus 10 ns per executed instruction (a 100 MHz
 * machine) plus the time threads have slept: deterministic and monotonic. Monotonic clocks
 * count from boot (cycle 0) instead of the epoch.
 */
#include "kernel.h"
#include "primitives.h"

#define NS_PER_SECOND 1000000000ull

u64 slept_nanoseconds;

u64 uptime_nanoseconds(void)
{
    return primitive_cycle_counter() * NANOSECONDS_PER_CYCLE + slept_nanoseconds;
}

u64 now_nanoseconds(void)
{
    return EPOCH_SECONDS * NS_PER_SECOND + uptime_nanoseconds();
}

/* Reads a timespec as nanoseconds. Up to 2^33 s (272 years) keeps the count far from
   overflowing; negative, longer or malformed ones are refused (~0: the callers' EINVAL). */
int read_timespec(u32 address, int wide, u64 *nanoseconds)
{
    u32 words[4];
    if (copy_from_user(words, address, wide ? 16 : 8))
        return -EFAULT;
    /* tv_sec is signed (a `long` in o32, 64-bit in the *_time64 calls): negative is invalid. */
    i64 seconds = wide ? (i64)((u64)words[0] << 32 | words[1]) : (i64)(i32)words[0];
    u64 fraction = wide ? words[3] : words[1];
    if (seconds < 0 || seconds >= (1ll << 33) || fraction >= NS_PER_SECOND)
        *nanoseconds = ~0ull;
    else
        *nanoseconds = (u64)seconds * NS_PER_SECOND + fraction;
    return 0;
}

static int write_timespec(u32 address, u64 nanoseconds, int wide)
{
    u64 seconds = nanoseconds / NS_PER_SECOND;
    u32 fraction = (u32)(nanoseconds % NS_PER_SECOND);
    if (wide) {
        u32 words[4] = {(u32)(seconds >> 32), (u32)seconds, 0, fraction};
        return copy_to_user(address, words, 16);
    }
    u32 words[2] = {(u32)seconds, fraction};
    return copy_to_user(address, words, 8);
}

/* REALTIME (0), REALTIME_COARSE (5), REALTIME_ALARM (8), TAI (11) read the wall clock; the
   others (MONOTONIC, BOOTTIME, CPU-time clocks, …) the time since boot. */
static int clock_reads_wall_time(u32 clock) { return clock == 0 || clock == 5 || clock == 8 || clock == 11; }

static u64 clock_value(u32 clock) { return clock_reads_wall_time(clock) ? now_nanoseconds() : uptime_nanoseconds(); }

static i32 clock_gettime(struct syscall_args *a, int wide)
{
    if (a->a[0] >= 12)
        return -EINVAL;
    return write_timespec(a->a[1], clock_value(a->a[0]), wide);
}

i32 sys_clock_gettime(struct syscall_args *a) { return clock_gettime(a, 0); }
i32 sys_clock_gettime64(struct syscall_args *a) { return clock_gettime(a, 1); }

static i32 clock_getres(struct syscall_args *a, int wide)
{
    if (a->a[0] >= 12)
        return -EINVAL;
    return a->a[1] ? write_timespec(a->a[1], NANOSECONDS_PER_CYCLE, wide) : 0;
}

i32 sys_clock_getres(struct syscall_args *a) { return clock_getres(a, 0); }
i32 sys_clock_getres64(struct syscall_args *a) { return clock_getres(a, 1); }

i32 sys_gettimeofday(struct syscall_args *a)
{
    u64 now = now_nanoseconds();
    if (a->a[0]) {
        u32 words[2] = {(u32)(now / NS_PER_SECOND), (u32)((now % NS_PER_SECOND) / 1000)};
        if (copy_to_user(a->a[0], words, 8))
            return -EFAULT;
    }
    if (a->a[1]) {
        u32 zone[2] = {0, 0};
        if (copy_to_user(a->a[1], zone, 8))
            return -EFAULT;
    }
    return 0;
}

i32 sys_time(struct syscall_args *a)
{
    u32 seconds = (u32)(now_nanoseconds() / NS_PER_SECOND);
    if (a->a[0] && copy_to_user(a->a[0], &seconds, 4))
        return -EFAULT;
    return (i32)seconds;
}

/* times(): the process's CPU time is its uptime (in 100 Hz ticks); children have none. */
i32 sys_times(struct syscall_args *a)
{
    u32 ticks = (u32)(uptime_nanoseconds() / 10000000ull);
    if (a->a[0]) {
        u32 tms[4] = {ticks, 0, 0, 0};
        if (copy_to_user(a->a[0], tms, 16))
            return -EFAULT;
    }
    return (i32)ticks;
}

/* Sleeping blocks until the deadline; while other threads can run they do, and when none can
   the clock jumps there (threads.c). */
static i32 sleep_until(u64 deadline)
{
    if (deadline <= now_nanoseconds())
        return 0;
    if (has_deliverable_signal(current))
        return -EINTR;
    block_current(WAIT_SLEEP, deadline);
    return SYSCALL_NO_RESULT;
}

i32 sys_nanosleep(struct syscall_args *a)
{
    u64 duration;
    if (read_timespec(a->a[0], 0, &duration))
        return -EFAULT;
    if (duration == ~0ull)
        return -EINVAL;
    return sleep_until(now_nanoseconds() + duration);
}

static i32 clock_nanosleep(struct syscall_args *a, int wide)
{
    u32 clock = a->a[0], flags = a->a[1];
    if (clock >= 12)
        return -EINVAL;
    u64 value;
    if (read_timespec(a->a[2], wide, &value))
        return -EFAULT;
    if (value == ~0ull)
        return -EINVAL;
    if (flags & 1) { /* TIMER_ABSTIME: a time on that clock */
        u64 base = clock_reads_wall_time(clock) ? 0 : EPOCH_SECONDS * NS_PER_SECOND;
        return sleep_until(value + base);
    }
    return sleep_until(now_nanoseconds() + value);
}

i32 sys_clock_nanosleep(struct syscall_args *a) { return clock_nanosleep(a, 0); }
i32 sys_clock_nanosleep64(struct syscall_args *a) { return clock_nanosleep(a, 1); }
