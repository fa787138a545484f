/*
 * context.h — the user-visible machine state the zkmips kernel saves for each thread, and the
 * services the kernel's parts share. Freestanding: no libc headers.
 */
#ifndef ZK_CONTEXT_H
#define ZK_CONTEXT_H

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef signed char i8;
typedef short i16;
typedef int i32;
typedef long long i64;
typedef unsigned int usize;

/*
 * A thread's integer registers as the exception entry saved them. `pc` is where the thread
 * resumes and `next_pc` the instruction after it (they differ from pc + 4 when pc is a branch
 * delay slot): `eret` continues at exactly this pair, so emulating an instruction means
 * setting pc = next_pc, next_pc = next_pc + 4 (or a branch target).
 */
struct user_context {
    u32 regs[32]; /* regs[0] is always 0 */
    u32 hi;
    u32 lo;
    u32 pc;
    u32 next_pc;
};

/*
 * The emulated FPU (MIPS32r2, Status.FR = 0, as the o32 fp32/fpxx ABIs use it): 32
 * single-precision registers; a double lives in an even/odd pair, the even register holding
 * the low 32 bits and the odd one the high 32 bits. `fcsr` is FCSR ($31): flags, enables,
 * cause, condition codes, FS and rounding mode as MIPS32 defines them. `fir` is FIR ($0).
 */
struct fpu_state {
    u32 fpr[32];
    u32 fcsr;
};

/* Linux signal numbers (MIPS). */
#define SIGHUP 1
#define SIGINT 2
#define SIGQUIT 3
#define SIGILL 4
#define SIGTRAP 5
#define SIGABRT 6
#define SIGEMT 7
#define SIGFPE 8
#define SIGKILL 9
#define SIGBUS 10
#define SIGSEGV 11
#define SIGSYS 12
#define SIGPIPE 13
#define SIGALRM 14
#define SIGTERM 15
#define SIGUSR1 16
#define SIGUSR2 17
#define SIGCHLD 18
#define SIGURG 21

/* si_code values. */
#define SI_USER 0
#define SI_KERNEL 0x80
#define SI_TKILL (-6)
#define ILL_ILLOPC 1
#define FPE_INTDIV 1
#define FPE_INTOVF 2
#define FPE_FLTDIV 3
#define FPE_FLTOVF 4
#define FPE_FLTUND 5
#define FPE_FLTRES 6
#define FPE_FLTINV 7
#define SEGV_MAPERR 1
#define SEGV_ACCERR 2
#define BUS_ADRALN 1

/*
 * A synchronous signal an emulation wants delivered to the current thread: the signal, its
 * si_code, and si_addr.
 */
struct fault {
    int signal;
    int code;
    u32 address;
};

/*
 * User memory, as the kernel sees it: each access checks the address against the null guard
 * and the process's mappings (and alignment), exactly as a user access would be checked.
 * Returns 0, or fills `fault` (SIGSEGV/SEGV_MAPERR or SEGV_ACCERR, SIGBUS/BUS_ADRALN) and
 * returns -1.
 */
int user_load_word(u32 address, u32 *value, struct fault *fault);
int user_store_word(u32 address, u32 value, struct fault *fault);

#endif
