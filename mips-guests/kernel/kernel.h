/*
 * kernel.h — declarations shared by the parts of the zkmips kernel.
 *
 * The kernel is ordinary MIPS32 code that the machine runs in kernel mode: the machine enters
 * it at 0x80000000 on every exception (syscall, trap, reserved or floating-point instruction,
 * overflow, null-guard access) with the excepting instruction's pc and next pc in CP0 EPC and
 * (14, 1); it answers with ordinary instructions and leaves with `eret`. It talks to the host
 * only through the machine's primitives (primitives.h). Everything it knows lives in its own
 * memory, so segment snapshots and proofs cover it like the program. Contract and limits:
 * mips-guests/README.md.
 */
#ifndef ZK_KERNEL_H
#define ZK_KERNEL_H

#include "context.h"
#include "errno.h"

#define NULL ((void *)0)
#define PAGE_SIZE 4096u
#define PAGE_MASK (PAGE_SIZE - 1)
#define ARRAY_COUNT(a) (sizeof(a) / sizeof((a)[0]))

static inline u32 page_round_up(u32 value) { return (value + PAGE_MASK) & ~PAGE_MASK; }

/* Kernel-internal panic: prints the message through the panic primitive and never returns. */
__attribute__((noreturn)) void kernel_panic(const char *message);

/* The address Linux reports for the instruction a thread stopped at (sc_pc, si_addr): the
   instruction itself, or the branch before it when it sits in a taken branch's delay slot
   (Cause.BD); resuming there re-executes the branch. (A not-taken branch leaves next_pc =
   pc + 4, so its slot reports itself, which resumes the same way.) */
static inline u32 reported_pc(const struct user_context *context)
{
    return context->next_pc == context->pc + 4 ? context->pc : context->pc - 4;
}

/* ---- lib.c ---- */
void *memcpy(void *dst, const void *src, usize n);
void *memmove(void *dst, const void *src, usize n);
void *memset(void *dst, int value, usize n);
int memcmp(const void *a, const void *b, usize n);
usize strlen(const char *s);
/* Writes `value` in decimal at `out`; returns the number of characters (at most 20). */
int format_decimal(char *out, u64 value);

/* ---- boot.c: what the loader tells the kernel ---- */
struct boot_region {
    u32 start;
    u32 end;
    u32 prot; /* PROT_READ | PROT_WRITE | PROT_EXEC */
    u32 kind; /* REGION_IMAGE, REGION_HEAP, REGION_STACK */
};

#define BOOT_MAGIC 0x5a4b4254u /* "ZKBT" */
#define BOOT_VERSION 1u
#define BOOT_MAX_REGIONS 16

/*
 * Filled by the loader at symbol `zk_boot` before the program starts (the Swift side:
 * Sources/MIPS/Loader/KernelImage.swift). Part of the initial memory, so of the image ID.
 */
struct boot_info {
    u32 magic;
    u32 version;
    u32 null_guard_end; /* user accesses below this raise SIGSEGV; 0 for flat images */
    u32 user_end;       /* user space is [null_guard_end, user_end) */
    u32 break_start;    /* the heap starts here (page aligned) … */
    u32 break_limit;    /* … and may grow up to here */
    u32 mmap_top;       /* anonymous mappings are placed top-down below this … */
    u32 mmap_floor;     /* … and above this */
    u32 region_count;
    struct boot_region regions[BOOT_MAX_REGIONS];
};

extern struct boot_info zk_boot;
/* Where entry.S saves the interrupted registers: the current thread's context. */
extern struct user_context *zk_current;
void kernel_start(void);

/* ---- memory.c: the address space ---- */
#define PROT_READ 1u
#define PROT_WRITE 2u
#define PROT_EXEC 4u
#define REGION_MMAP 0u
#define REGION_HEAP 1u
#define REGION_STACK 2u

void memory_init(void);
/* Whether [address, address + length) lies in mappings that allow `prot`, above the guard. */
int user_range_ok(u32 address, u32 length, u32 prot);
/* Copies between kernel and user memory after checking the range: 0 or -EFAULT. */
int copy_from_user(void *dst, u32 src, u32 length);
int copy_to_user(u32 dst, const void *src, u32 length);
int read_user_word(u32 address, u32 *value);
int write_user_word(u32 address, u32 value);
/* A NUL-terminated user string of at most `limit` bytes (incl. NUL): length, or -EFAULT / -ENAMETOOLONG. */
int copy_string_from_user(char *dst, u32 src, u32 limit);

/* ---- threads.c ---- */
struct sigset {
    u32 bits[4]; /* signal n is bit (n - 1) */
};

#define MAX_THREADS 64

enum thread_state { THREAD_FREE = 0, THREAD_RUNNABLE, THREAD_BLOCKED };

enum wait_kind {
    WAIT_NONE = 0,
    WAIT_FUTEX,   /* futex wait: woken by FUTEX_WAKE, a signal or the deadline */
    WAIT_SLEEP,   /* nanosleep: the deadline */
    WAIT_EPOLL,   /* epoll_wait: a pipe change, a signal or the deadline */
    WAIT_PIPE,    /* blocking read/write on a pipe */
    WAIT_SIGNAL,  /* pause / rt_sigsuspend: any delivered signal */
    /* (poll waits as WAIT_EPOLL with wait_object = 0xffffffff) */
};

struct thread {
    struct user_context ctx; /* first: entry.S saves registers through zk_current */
    struct fpu_state fpu;
    u32 tid;
    u32 state;
    /* Blocking. */
    u32 wait;
    u64 deadline; /* virtual ns; 0 = none */
    u32 wait_address;  /* futex word / epoll events buffer / pipe number */
    u32 wait_value;    /* futex bitset / epoll max events / pipe fd */
    u32 wait_object;   /* epoll instance */
    u32 wait_done;     /* bytes a blocking pipe write has moved so far */
    /* Thread bookkeeping. */
    u32 clear_child_tid;
    u32 tls;
    /* Signals. */
    struct sigset blocked;
    struct sigset pending;
    /* si_code and si_addr / sender of each pending standard signal (1–64). */
    i32 pending_code[65];
    u32 pending_value[65];
    /* Real-time signals (32 and up) queue: how many instances of each are pending. */
    u16 queued[129];
    struct sigset saved_mask; /* rt_sigsuspend restores this after the handler */
    u32 has_saved_mask;
    u32 altstack_sp;
    u32 altstack_size;
    u32 altstack_flags;
    /* The syscall in progress: for --trace-syscalls when it finishes after blocking, and to
       restart it after a SA_RESTART handler. */
    u32 syscall_number;
    u32 syscall_args[4];
    u32 syscall_pc;      /* the `syscall` instruction and its next pc */
    u32 syscall_next_pc;
    u32 in_syscall;
};

extern struct thread threads[MAX_THREADS];
extern struct thread *current;
/* Set by sched_yield: the scheduler prefers another runnable thread. */
extern u32 yield_requested;

struct thread *thread_by_tid(u32 tid);
/* Blocks the current thread; the scheduler picks another when the exception returns. */
void block_current(u32 wait, u64 deadline);
/* Makes a blocked thread runnable with syscall result `value` (negative: -errno). */
void wake_thread(struct thread *thread, i32 value);
/* Ends a thread's wait so that it executes its syscall again when it next runs (a signal
   whose handler has SA_RESTART interrupted a restartable wait). */
void restart_syscall(struct thread *thread);
/* Picks the thread to resume (the current one if it can run), waking expired sleepers and
   advancing the virtual clock when every thread waits. Never returns NULL. */
struct thread *schedule(u32 yield);
/* Sets v0/a3 of a thread's context from a syscall result (negative: -errno). */
void set_syscall_result(struct thread *thread, i32 value);
/* Wakes up to `count` threads waiting on the futex word at `address` whose bitset meets
   `bitset`, longest waiting first; returns how many woke. */
u32 futex_wake(u32 address, u32 count, u32 bitset);
u32 live_thread_count(void);

/* ---- time.c ---- */
#define EPOCH_SECONDS 1704067200ull /* 2024-01-01T00:00:00Z */
#define NANOSECONDS_PER_CYCLE 10ull /* a 100 MHz machine */
extern u64 slept_nanoseconds;
/* Virtual time since the Unix epoch: epoch + cycles × 10 ns + time slept. */
u64 now_nanoseconds(void);
/* The same since boot (monotonic clocks). */
u64 uptime_nanoseconds(void);
/* Reads a timespec (32-bit fields, or 64-bit for the *_time64 calls) as nanoseconds; ~0 for
   one the callers refuse with EINVAL. 0 or -EFAULT. */
int read_timespec(u32 address, int wide, u64 *nanoseconds);

/* ---- signals.c ---- */
int signal_is_valid(u32 signal);
void sigset_add(struct sigset *set, u32 signal);
void sigset_remove(struct sigset *set, u32 signal);
int sigset_has(const struct sigset *set, u32 signal);
/* Queues a signal for a thread (kill/tgkill), waking it from an interruptible wait. */
void send_signal(struct thread *thread, u32 signal, i32 code, u32 sender_or_address);
/* Queues a signal for the process (kill): the first thread that does not block it. */
void send_process_signal(u32 signal, i32 code);
/* A synchronous fault: delivered even if blocked or ignored (then it kills, as on Linux). */
void force_fault_signal(struct thread *thread, const struct fault *fault);
/* Sets up handler frames for a thread's deliverable signals before it returns to user mode
   (or ends the process for a fatal one). */
void deliver_signals(struct thread *thread);
/* Whether the thread has a signal it would take now (interrupts blocking waits). */
int has_deliverable_signal(const struct thread *thread);
__attribute__((noreturn)) void exit_process(i32 code, u32 signal, u32 pc, u32 address);

/* ---- files.c / poll.c ---- */
void files_init(void);
void pipes_changed(void); /* re-check threads waiting in epoll_wait or on pipes */

/* ---- fpu.c (emulator) ---- */
#include "fpu.h"

/* ---- syscalls ---- */
struct syscall_args {
    u32 number;
    u32 a[6]; /* a0–a3 and the o32 stack arguments 5 and 6 (read on demand) */
};

/* Every handler returns the result, or -errno. SYSCALL_NO_RESULT: the handler set the
   thread's registers itself (sigreturn) or blocked it. */
#define SYSCALL_NO_RESULT ((i32)0x80000000)
void do_syscall(struct thread *thread);
typedef i32 (*syscall_handler)(struct syscall_args *args);
i32 stack_argument(u32 index, u32 *value); /* o32 argument 5 + index at sp + 16 + 4·index */

/* Handlers, grouped by file. */
i32 sys_brk(struct syscall_args *a);
i32 sys_mmap(struct syscall_args *a);
i32 sys_mmap2(struct syscall_args *a);
i32 sys_munmap(struct syscall_args *a);
i32 sys_mprotect(struct syscall_args *a);
i32 sys_mremap(struct syscall_args *a);
i32 sys_madvise(struct syscall_args *a);

i32 sys_read(struct syscall_args *a);
i32 sys_write(struct syscall_args *a);
i32 sys_readv(struct syscall_args *a);
i32 sys_writev(struct syscall_args *a);
i32 sys_pread64(struct syscall_args *a);
i32 sys_close(struct syscall_args *a);
i32 sys_fcntl(struct syscall_args *a);
i32 sys_ioctl(struct syscall_args *a);
i32 sys_lseek(struct syscall_args *a);
i32 sys_fstat64(struct syscall_args *a);
i32 sys_fstatat64(struct syscall_args *a);
i32 sys_statx(struct syscall_args *a);
i32 sys_readlink(struct syscall_args *a);
i32 sys_readlinkat(struct syscall_args *a);
i32 sys_getcwd(struct syscall_args *a);
i32 sys_dup(struct syscall_args *a);
i32 sys_dup2(struct syscall_args *a);
i32 sys_dup3(struct syscall_args *a);
i32 sys_pipe(struct syscall_args *a);
i32 sys_pipe2(struct syscall_args *a);
i32 sys_epoll_create(struct syscall_args *a);
i32 sys_epoll_create1(struct syscall_args *a);
i32 sys_epoll_ctl(struct syscall_args *a);
i32 sys_epoll_wait(struct syscall_args *a);
i32 sys_poll(struct syscall_args *a);

i32 sys_clock_gettime(struct syscall_args *a);
i32 sys_clock_gettime64(struct syscall_args *a);
i32 sys_clock_getres(struct syscall_args *a);
i32 sys_clock_getres64(struct syscall_args *a);
i32 sys_gettimeofday(struct syscall_args *a);
i32 sys_time(struct syscall_args *a);
i32 sys_times(struct syscall_args *a);
i32 sys_nanosleep(struct syscall_args *a);
i32 sys_clock_nanosleep(struct syscall_args *a);
i32 sys_clock_nanosleep64(struct syscall_args *a);

i32 sys_exit(struct syscall_args *a);
i32 sys_exit_group(struct syscall_args *a);
i32 sys_getpid(struct syscall_args *a);
i32 sys_gettid(struct syscall_args *a);
i32 sys_getppid(struct syscall_args *a);
i32 sys_getuid(struct syscall_args *a);
i32 sys_set_tid_address(struct syscall_args *a);
i32 sys_set_thread_area(struct syscall_args *a);
i32 sys_clone(struct syscall_args *a);
i32 sys_futex(struct syscall_args *a);
i32 sys_futex64(struct syscall_args *a);
i32 sys_sched_yield(struct syscall_args *a);
i32 sys_sched_getaffinity(struct syscall_args *a);
i32 sys_uname(struct syscall_args *a);
i32 sys_sysinfo(struct syscall_args *a);
i32 sys_getrlimit(struct syscall_args *a);
i32 sys_setrlimit(struct syscall_args *a);
i32 sys_prlimit64(struct syscall_args *a);
i32 sys_getrusage(struct syscall_args *a);
i32 sys_getrandom(struct syscall_args *a);
i32 sys_prctl(struct syscall_args *a);

i32 sys_rt_sigaction(struct syscall_args *a);
i32 sys_rt_sigprocmask(struct syscall_args *a);
i32 sys_sigaltstack(struct syscall_args *a);
i32 sys_rt_sigreturn(struct syscall_args *a);
i32 sys_sigreturn(struct syscall_args *a);
i32 sys_rt_sigpending(struct syscall_args *a);
i32 sys_rt_sigsuspend(struct syscall_args *a);
i32 sys_pause(struct syscall_args *a);
i32 sys_kill(struct syscall_args *a);
i32 sys_tkill(struct syscall_args *a);
i32 sys_tgkill(struct syscall_args *a);

#endif
