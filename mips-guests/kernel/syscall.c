/*
 * syscall.c — Linux o32 system calls: v0 = 4000 + n, arguments in a0–a3 then on the user
 * stack at sp + 16, result in v0 with a3 = 0, or a positive errno in v0 with a3 = 1.
 */
#include "kernel.h"
#include "primitives.h"

i32 stack_argument(u32 index, u32 *value)
{
    return read_user_word(current->ctx.regs[29] + 16 + 4 * index, value);
}

/* Calls the kernel answers without a handler of their own. */
static i32 sys_zero(struct syscall_args *a) { (void)a; return 0; }
static i32 sys_enosys(struct syscall_args *a) { (void)a; return -ENOSYS; }
static i32 sys_enoent(struct syscall_args *a) { (void)a; return -ENOENT; }

static syscall_handler handler_for(u32 number)
{
    if (number < 4000)
        return sys_enosys;
    switch (number - 4000) {
    /* Processes and threads */
    case 1: return sys_exit;
    case 246: return sys_exit_group;
    case 20: return sys_getpid;
    case 222: return sys_gettid;
    case 64: return sys_getppid;
    case 24: case 47: case 49: case 50: return sys_getuid; /* getuid getgid geteuid getegid */
    case 252: return sys_set_tid_address;
    case 309: return sys_zero;   /* set_robust_list: no robust futexes to clean up */
    case 367: return sys_enosys; /* rseq: glibc carries on without it */
    case 283: return sys_set_thread_area;
    case 120: return sys_clone;
    case 2: return sys_enosys; /* fork: no processes, see clone */
    case 435: return sys_enosys; /* clone3: glibc and Go fall back to clone */
    case 238: return sys_futex;
    case 422: return sys_futex64;
    case 162: return sys_sched_yield;
    case 240: return sys_sched_getaffinity;
    case 239: return sys_zero; /* sched_setaffinity */
    case 192: return sys_prctl;
    case 122: return sys_uname;
    case 116: return sys_sysinfo;
    case 76: return sys_getrlimit;
    case 75: return sys_setrlimit;
    case 338: return sys_prlimit64;
    case 77: return sys_getrusage;
    case 43: return sys_times;
    /* Signals */
    case 194: return sys_rt_sigaction;
    case 195: return sys_rt_sigprocmask;
    case 206: return sys_sigaltstack;
    case 193: return sys_rt_sigreturn;
    case 119: return sys_sigreturn;
    case 196: return sys_rt_sigpending;
    case 199: return sys_rt_sigsuspend;
    case 29: return sys_pause;
    case 37: return sys_kill;
    case 236: return sys_tkill;
    case 266: return sys_tgkill;
    /* Time */
    case 263: return sys_clock_gettime;
    case 403: return sys_clock_gettime64;
    case 264: return sys_clock_getres;
    case 406: return sys_clock_getres64;
    case 78: return sys_gettimeofday;
    case 13: return sys_time;
    case 166: return sys_nanosleep;
    case 265: return sys_clock_nanosleep;
    case 407: return sys_clock_nanosleep64;
    /* Memory */
    case 45: return sys_brk;
    case 90: return sys_mmap;
    case 210: return sys_mmap2;
    case 91: return sys_munmap;
    case 125: return sys_mprotect;
    case 167: return sys_mremap;
    case 218: return sys_madvise;
    case 358: return sys_enosys; /* membarrier */
    case 353: return sys_getrandom;
    /* Files */
    case 3: return sys_read;
    case 4: return sys_write;
    case 145: return sys_readv;
    case 146: return sys_writev;
    case 200: return sys_pread64;
    case 201: return sys_pread64; /* pwrite64: ESPIPE (nothing seekable) after the fd check */
    case 6: return sys_close;
    case 55: case 220: return sys_fcntl;
    case 54: return sys_ioctl;
    case 19: case 140: return sys_lseek; /* lseek, _llseek */
    case 108: case 215: return sys_fstat64;
    case 293: return sys_fstatat64;
    case 366: return sys_statx;
    case 5: case 288: case 437: return sys_enoent;          /* open, openat, openat2: no files */
    case 33: case 300: case 439: return sys_enoent;         /* access, faccessat, faccessat2 */
    case 106: case 107: case 213: case 214: return sys_enoent; /* stat, lstat, stat64, lstat64 */
    case 85: return sys_readlink;
    case 298: return sys_readlinkat;
    case 203: return sys_getcwd;
    case 41: return sys_dup;
    case 63: return sys_dup2;
    case 327: return sys_dup3;
    case 42: return sys_pipe;
    case 328: return sys_pipe2;
    case 248: return sys_epoll_create;
    case 326: return sys_epoll_create1;
    case 249: return sys_epoll_ctl;
    case 250: case 313: return sys_epoll_wait; /* epoll_wait, epoll_pwait */
    case 188: return sys_poll;
    case 60: return sys_zero; /* umask: reports 0 */
    case 11: return sys_enosys; /* execve */
    case 147: case 148: return sys_zero; /* cacheflush, cachectl: no caches */
    }
    return sys_enosys;
}

static void trace(struct thread *thread, i32 result)
{
    u32 value = result < 0 && result > -4096 ? (u32)-result : (u32)result;
    primitive_trace_syscall(thread->syscall_number, thread->syscall_args, value,
                            result < 0 && result > -4096);
}

void set_syscall_result(struct thread *thread, i32 value)
{
    if (value < 0 && value > -4096) {
        thread->ctx.regs[2] = (u32)-value;
        thread->ctx.regs[7] = 1;
    } else {
        thread->ctx.regs[2] = (u32)value;
        thread->ctx.regs[7] = 0;
    }
    if (thread->in_syscall) {
        thread->in_syscall = 0;
        trace(thread, value);
    }
}

void do_syscall(struct thread *thread)
{
    struct user_context *context = &thread->ctx;
    thread->syscall_pc = context->pc;
    thread->syscall_next_pc = context->next_pc;
    /* The syscall completes: resume after it (also what a signal frame records). */
    context->pc = context->next_pc;
    context->next_pc += 4;
    struct syscall_args args;
    args.number = context->regs[2];
    for (int i = 0; i < 4; i++)
        args.a[i] = context->regs[4 + i];
    args.a[4] = args.a[5] = 0;
    thread->syscall_number = args.number;
    memcpy(thread->syscall_args, args.a, sizeof(thread->syscall_args));
    thread->in_syscall = 1;
    i32 result = handler_for(args.number)(&args);
    if (result != SYSCALL_NO_RESULT)
        set_syscall_result(thread, result);
    else if (thread->state != THREAD_BLOCKED)
        thread->in_syscall = 0; /* sigreturn: nothing to report */
}
