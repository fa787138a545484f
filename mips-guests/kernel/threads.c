/*
 * threads.c — threads (clone), futexes, blocking and the scheduler.
 *
 * The machine has one CPU and no timer interrupt, so threads are cooperative and the schedule
 * is a pure function of the program: a thread runs until it blocks (futex wait, sleep,
 * epoll_wait, a pipe, pause), yields, or exits; then the next runnable thread in tid order
 * runs. When every thread waits, the virtual clock jumps to the earliest deadline (that is
 * what sleeping costs: nothing) and that thread wakes with a timeout; with no deadline at all
 * the program can never continue, and the kernel panics with "deadlock".
 */
#include "kernel.h"
#include "primitives.h"

#define CLONE_VM 0x100u
#define CLONE_SIGHAND 0x800u
#define CLONE_THREAD 0x10000u
#define CLONE_SETTLS 0x80000u
#define CLONE_PARENT_SETTID 0x100000u
#define CLONE_CHILD_CLEARTID 0x200000u
#define CLONE_CHILD_SETTID 0x1000000u

#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_WAIT_BITSET 9
#define FUTEX_WAKE_BITSET 10
#define FUTEX_PRIVATE_FLAG 128u
#define FUTEX_CLOCK_REALTIME 256u

struct thread threads[MAX_THREADS];
struct thread *current = &threads[0];
u32 yield_requested;
static u32 next_tid = 2;
/* Blocked threads with a deadline, and the earliest of their deadlines: the scheduler's fast
   path needs neither scan nor clock while the current thread can run and no deadline passed. */
static u32 timed_count;
static u64 earliest_deadline;

static void update_earliest_deadline(void)
{
    earliest_deadline = ~0ull;
    for (u32 i = 0; i < MAX_THREADS; i++)
        if (threads[i].state == THREAD_BLOCKED && threads[i].deadline != 0 && threads[i].deadline < earliest_deadline)
            earliest_deadline = threads[i].deadline;
}

struct thread *thread_by_tid(u32 tid)
{
    for (u32 i = 0; i < MAX_THREADS; i++)
        if (threads[i].state != THREAD_FREE && threads[i].tid == tid)
            return &threads[i];
    return NULL;
}

u32 live_thread_count(void)
{
    u32 count = 0;
    for (u32 i = 0; i < MAX_THREADS; i++)
        count += threads[i].state != THREAD_FREE;
    return count;
}

void block_current(u32 wait, u64 deadline)
{
    current->state = THREAD_BLOCKED;
    current->wait = wait;
    current->deadline = deadline;
    if (deadline != 0) {
        timed_count++;
        if (deadline < earliest_deadline || timed_count == 1)
            earliest_deadline = deadline;
    }
}

void wake_thread(struct thread *thread, i32 value)
{
    int timed = thread->state == THREAD_BLOCKED && thread->deadline != 0;
    thread->state = THREAD_RUNNABLE;
    thread->wait = WAIT_NONE;
    thread->deadline = 0;
    if (timed) {
        timed_count--;
        update_earliest_deadline();
    }
    set_syscall_result(thread, value);
}

void restart_syscall(struct thread *thread)
{
    int timed = thread->deadline != 0;
    thread->state = THREAD_RUNNABLE;
    thread->wait = WAIT_NONE;
    thread->deadline = 0;
    if (timed) {
        timed_count--;
        update_earliest_deadline();
    }
    thread->ctx.pc = thread->syscall_pc;
    thread->ctx.next_pc = thread->syscall_next_pc;
    thread->ctx.regs[2] = thread->syscall_number;
    for (int i = 0; i < 4; i++)
        thread->ctx.regs[4 + i] = thread->syscall_args[i];
    thread->in_syscall = 0;
}

/* What a wait answers when its deadline passes. */
static i32 timeout_result(const struct thread *thread)
{
    switch (thread->wait) {
    case WAIT_FUTEX: return -ETIMEDOUT;
    case WAIT_EPOLL: return 0; /* no events */
    default: return 0;         /* a sleep that ran its course */
    }
}

/* Wakes every blocked thread whose deadline has passed; true if one woke. */
static int wake_expired(u64 now)
{
    int woke = 0;
    for (u32 i = 0; i < MAX_THREADS; i++) {
        struct thread *t = &threads[i];
        if (t->state == THREAD_BLOCKED && t->deadline != 0 && t->deadline <= now) {
            wake_thread(t, timeout_result(t));
            woke = 1;
        }
    }
    return woke;
}

static struct thread *next_runnable_after(const struct thread *from)
{
    u32 start = (u32)(from - threads);
    for (u32 step = 1; step <= MAX_THREADS; step++) {
        struct thread *t = &threads[(start + step) % MAX_THREADS];
        if (t->state == THREAD_RUNNABLE)
            return t;
    }
    return NULL;
}

struct thread *schedule(u32 yield)
{
    if (current->state == THREAD_RUNNABLE && !yield && (timed_count == 0 || now_nanoseconds() < earliest_deadline))
        return current;
    for (;;) {
        if (wake_expired(now_nanoseconds()) && current->state == THREAD_RUNNABLE && !yield)
            return current;
        if (current->state == THREAD_RUNNABLE && !yield)
            return current;
        struct thread *next = next_runnable_after(current);
        if (next)
            return next;
        /* Everybody waits: jump the clock to the earliest deadline. */
        struct thread *earliest = NULL;
        for (u32 i = 0; i < MAX_THREADS; i++) {
            struct thread *t = &threads[i];
            if (t->state == THREAD_BLOCKED && t->deadline != 0 && (!earliest || t->deadline < earliest->deadline))
                earliest = t;
        }
        if (!earliest) {
            if (current->wait == WAIT_FUTEX)
                kernel_panic("deadlock: every thread waits and none has a timeout (futex wait with no waker)");
            if (current->wait == WAIT_EPOLL)
                kernel_panic("deadlock: epoll_wait without a timeout and nothing ready: every goroutine is blocked");
            kernel_panic("deadlock: every thread waits and none has a timeout");
        }
        u64 now = now_nanoseconds();
        if (earliest->deadline > now)
            slept_nanoseconds += earliest->deadline - now;
        yield = 0;
    }
}

/* ---------------------------------------------------------------- identity */

i32 sys_getpid(struct syscall_args *a) { (void)a; return 1; }
i32 sys_gettid(struct syscall_args *a) { (void)a; return (i32)current->tid; }
i32 sys_getppid(struct syscall_args *a) { (void)a; return 0; }
i32 sys_getuid(struct syscall_args *a) { (void)a; return 0; }

i32 sys_set_tid_address(struct syscall_args *a)
{
    current->clear_child_tid = a->a[0];
    return (i32)current->tid;
}

i32 sys_set_thread_area(struct syscall_args *a)
{
    current->tls = a->a[0];
    return 0;
}

i32 sys_sched_yield(struct syscall_args *a)
{
    (void)a;
    yield_requested = 1;
    return 0;
}

/* ---------------------------------------------------------------- clone and exit */

/* clone(flags, newsp, parent_tid, tls, child_tid) — o32 argument order; threads only. */
i32 sys_clone(struct syscall_args *a)
{
    u32 flags = a->a[0], stack = a->a[1], parent_tid = a->a[2], tls = a->a[3], child_tid = 0;
    u32 needed = CLONE_VM | CLONE_SIGHAND | CLONE_THREAD;
    if ((flags & needed) != needed)
        return -ENOSYS; /* a new process: the machine runs one program */
    if ((flags & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID)) && stack_argument(0, &child_tid))
        return -EFAULT;
    struct thread *child = NULL;
    for (u32 i = 0; i < MAX_THREADS; i++) {
        if (threads[i].state == THREAD_FREE) {
            child = &threads[i];
            break;
        }
    }
    if (!child)
        return -EAGAIN;
    u32 tid = next_tid;
    if ((flags & CLONE_PARENT_SETTID) && write_user_word(parent_tid, tid))
        return -EFAULT;
    if ((flags & CLONE_CHILD_SETTID) && write_user_word(child_tid, tid))
        return -EFAULT;
    next_tid++;
    memset(child, 0, sizeof(*child));
    child->ctx = current->ctx; /* resumes after the syscall, like the parent */
    child->fpu = current->fpu;
    child->ctx.regs[2] = 0;
    child->ctx.regs[7] = 0;
    if (stack)
        child->ctx.regs[29] = stack;
    child->tid = tid;
    child->tls = (flags & CLONE_SETTLS) ? tls : current->tls;
    child->clear_child_tid = (flags & CLONE_CHILD_CLEARTID) ? child_tid : 0;
    child->blocked = current->blocked;
    child->state = THREAD_RUNNABLE;
    return (i32)tid;
}

static void end_thread(struct thread *thread)
{
    if (thread->clear_child_tid) {
        write_user_word(thread->clear_child_tid, 0);
        futex_wake(thread->clear_child_tid, 1, 0xffffffffu);
    }
    thread->state = THREAD_FREE;
}

/* exit: ends the calling thread; the last one ends the process. */
i32 sys_exit(struct syscall_args *a)
{
    if (live_thread_count() == 1)
        exit_process((i32)a->a[0], 0, 0, 0);
    end_thread(current);
    return SYSCALL_NO_RESULT;
}

i32 sys_exit_group(struct syscall_args *a)
{
    exit_process((i32)a->a[0], 0, 0, 0);
}

/* ---------------------------------------------------------------- futex */

/* Waiters are woken in the order they started waiting (Linux: FIFO among equal priorities).
   A per-thread sequence number records that order. */
static u32 wait_sequence;
static u32 waiting_since[MAX_THREADS];

u32 futex_wake(u32 address, u32 count, u32 bitset)
{
    u32 woken = 0;
    while (woken < count) {
        struct thread *oldest = NULL;
        for (u32 i = 0; i < MAX_THREADS; i++) {
            struct thread *t = &threads[i];
            if (t->state == THREAD_BLOCKED && t->wait == WAIT_FUTEX && t->wait_address == address &&
                (t->wait_value & bitset) && (!oldest || waiting_since[i] < waiting_since[oldest - threads]))
                oldest = t;
        }
        if (!oldest)
            break;
        wake_thread(oldest, 0);
        woken++;
    }
    return woken;
}

static i32 futex(struct syscall_args *a, int wide)
{
    u32 address = a->a[0], operation = a->a[1] & ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME), value = a->a[2];
    /* The *_BITSET operations pass a mask of waiter classes as the sixth argument. */
    u32 bitset = 0xffffffffu;
    if (operation == FUTEX_WAIT_BITSET || operation == FUTEX_WAKE_BITSET) {
        if (stack_argument(1, &bitset))
            return -EFAULT;
        if (bitset == 0)
            return -EINVAL;
    }
    switch (operation) {
    case FUTEX_WAIT:
    case FUTEX_WAIT_BITSET: {
        u32 word;
        if (read_user_word(address, &word))
            return -EFAULT;
        if (word != value)
            return -EAGAIN;
        u64 deadline = 0;
        if (a->a[3]) {
            u64 timeout;
            if (read_timespec(a->a[3], wide, &timeout))
                return -EFAULT;
            if (timeout == ~0ull)
                return -EINVAL;
            if (operation == FUTEX_WAIT) {
                deadline = now_nanoseconds() + timeout;
            } else { /* absolute, on CLOCK_MONOTONIC unless FUTEX_CLOCK_REALTIME */
                deadline = (a->a[1] & FUTEX_CLOCK_REALTIME) ? timeout : timeout + EPOCH_SECONDS * 1000000000ull;
            }
            if (deadline == 0)
                deadline = 1;
        }
        if (has_deliverable_signal(current))
            return -EINTR;
        current->wait_address = address;
        current->wait_value = bitset;
        waiting_since[current - threads] = ++wait_sequence;
        block_current(WAIT_FUTEX, deadline);
        return SYSCALL_NO_RESULT;
    }
    case FUTEX_WAKE:
    case FUTEX_WAKE_BITSET:
        return (i32)futex_wake(address, value, bitset);
    default:
        return -ENOSYS;
    }
}

i32 sys_futex(struct syscall_args *a) { return futex(a, 0); }
i32 sys_futex64(struct syscall_args *a) { return futex(a, 1); }
