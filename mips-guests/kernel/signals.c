/*
 * signals.c — Linux signals: actions, masks, the alternate stack, sending, and delivery with
 * the MIPS o32 signal frames (arch/mips/kernel/signal.c's layouts, which Go and glibc read).
 *
 * A signal is delivered when its thread next returns to user mode: the kernel pushes a frame
 * holding the interrupted context on the thread's stack (or its alternate stack), and starts
 * the handler with $ra at a trampoline in the vDSO page that calls rt_sigreturn (or sigreturn
 * for handlers without SA_SIGINFO), which restores the — possibly edited — context. Faults
 * raised by an instruction (SIGSEGV, SIGFPE, SIGILL, SIGTRAP, SIGBUS) are forced as Linux
 * forces them: blocked or ignored, they kill.
 */
#include "kernel.h"
#include "primitives.h"

#define SIG_DFL 0u
#define SIG_IGN 1u
#define SA_SIGINFO 0x00000008u
#define SA_RESTART 0x10000000u
#define SA_ONSTACK 0x08000000u
#define SA_NODEFER 0x40000000u
#define SA_RESETHAND 0x80000000u
#define SIG_BLOCK 1u /* MIPS numbering */
#define SIG_UNBLOCK 2u
#define SIG_SETMASK 3u
#define SS_ONSTACK 1u
#define SS_DISABLE 2u
#define SS_AUTODISARM 0x80000000u
#define MINSIGSTKSZ 2048u
#define SIGSTOP 23u
#define SIGCONT 25u
#define SIGRTMIN 32u /* the kernel's; glibc keeps 32 and 33 for itself */

/* Frame layouts (bytes). struct rt_sigframe { u32 ass[4]; u32 pad[2]; siginfo info;
   ucontext uc; } and struct sigframe { u32 ass[4]; u32 pad[2]; sigcontext sc; sigset mask; }. */
#define SIGINFO_SIZE 128u
#define SIGCONTEXT_SIZE 592u
#define RT_FRAME_INFO 24u
#define RT_FRAME_UC (RT_FRAME_INFO + SIGINFO_SIZE)     /* 152 */
#define UC_MCONTEXT 24u
#define UC_SIGMASK (UC_MCONTEXT + SIGCONTEXT_SIZE)    /* 616 */
#define RT_FRAME_SIZE (RT_FRAME_UC + UC_SIGMASK + 16) /* 784 */
#define FRAME_SC 24u
#define FRAME_MASK (FRAME_SC + SIGCONTEXT_SIZE)      /* 616 */
#define FRAME_SIZE (FRAME_MASK + 16)                  /* 632 */
/* struct sigcontext (o32). */
#define SC_PC 8u
#define SC_REGS 16u
#define SC_FPREGS 272u
#define SC_FPC_CSR 532u
#define SC_USED_MATH 540u
#define SC_MDHI 552u
#define SC_MDLO 560u

struct action {
    u32 flags;
    u32 handler;
    struct sigset mask;
};

static struct action actions[129];

extern u32 zk_sigreturn_trampoline[], zk_rt_sigreturn_trampoline[];

/* ---------------------------------------------------------------- sets */

int signal_is_valid(u32 signal) { return signal >= 1 && signal <= 128; }
void sigset_add(struct sigset *set, u32 signal) { set->bits[(signal - 1) / 32] |= 1u << ((signal - 1) % 32); }
void sigset_remove(struct sigset *set, u32 signal) { set->bits[(signal - 1) / 32] &= ~(1u << ((signal - 1) % 32)); }
int sigset_has(const struct sigset *set, u32 signal) { return (set->bits[(signal - 1) / 32] >> ((signal - 1) % 32)) & 1; }

static void sigset_drop_unblockable(struct sigset *set)
{
    sigset_remove(set, SIGKILL);
    sigset_remove(set, SIGSTOP);
}

/* Signals whose default action is to do nothing (SIGCHLD, SIGURG, SIGWINCH, SIGCONT) — and
   the stop signals, since nothing could ever continue a stopped process here. */
static int default_is_ignore(u32 signal)
{
    return signal == SIGCHLD || signal == SIGURG || signal == 20 || signal == SIGCONT || signal == SIGSTOP ||
           signal == 24 || signal == 26 || signal == 27;
}

static int is_ignored(u32 signal)
{
    u32 handler = actions[signal].handler;
    return handler == SIG_IGN || (handler == SIG_DFL && default_is_ignore(signal));
}

/* ---------------------------------------------------------------- sending */

__attribute__((noreturn)) void exit_process(i32 code, u32 signal, u32 pc, u32 address)
{
    primitive_halt(code, signal, pc, address);
}

int has_deliverable_signal(const struct thread *thread)
{
    for (int i = 0; i < 4; i++)
        if (thread->pending.bits[i] & ~thread->blocked.bits[i])
            return 1;
    return 0;
}

static void queue(struct thread *thread, u32 signal, i32 code, u32 value)
{
    if (signal >= SIGRTMIN && thread->queued[signal] < 0xffff)
        thread->queued[signal]++;
    sigset_add(&thread->pending, signal);
    if (signal <= 64) {
        thread->pending_code[signal] = code;
        thread->pending_value[signal] = value;
    }
    /* A waiting thread is interrupted by a signal it will take: the call fails with EINTR
       (a pipe write that moved bytes returns their count), or — for the waits Linux restarts
       (pipe reads and writes, futex waits without a timeout) when the handler has
       SA_RESTART — runs again after the handler. */
    if (thread->state == THREAD_BLOCKED && !sigset_has(&thread->blocked, signal)) {
        int restartable = thread->wait == WAIT_PIPE || (thread->wait == WAIT_FUTEX && thread->deadline == 0);
        if (thread->wait == WAIT_PIPE && thread->wait_done > 0)
            wake_thread(thread, (i32)thread->wait_done);
        else if (restartable && actions[signal].handler > SIG_IGN && (actions[signal].flags & SA_RESTART))
            restart_syscall(thread);
        else
            wake_thread(thread, -EINTR);
    }
}

void send_signal(struct thread *thread, u32 signal, i32 code, u32 value)
{
    if (is_ignored(signal) && !sigset_has(&thread->blocked, signal))
        return; /* discarded, as Linux does */
    queue(thread, signal, code, value);
}

void send_process_signal(u32 signal, i32 code)
{
    struct thread *target = current;
    if (sigset_has(&current->blocked, signal)) {
        for (u32 i = 0; i < MAX_THREADS; i++) {
            if (threads[i].state != THREAD_FREE && !sigset_has(&threads[i].blocked, signal)) {
                target = &threads[i];
                break;
            }
        }
    }
    send_signal(target, signal, code, 1);
}

void force_fault_signal(struct thread *thread, const struct fault *fault)
{
    u32 signal = (u32)fault->signal;
    int blocked = sigset_has(&thread->blocked, signal);
    if (blocked || actions[signal].handler == SIG_IGN) {
        actions[signal].handler = SIG_DFL;
        sigset_remove(&thread->blocked, signal);
    }
    queue(thread, signal, fault->code, fault->address);
}

/* ---------------------------------------------------------------- delivery */

static int on_alternate_stack(const struct thread *thread, u32 sp)
{
    return thread->altstack_size != 0 && sp > thread->altstack_sp && sp - thread->altstack_sp <= thread->altstack_size;
}

/* ss_flags as sigaltstack reports them for a thread at `sp`. */
static u32 altstack_flags(const struct thread *thread, u32 sp)
{
    if (thread->altstack_size == 0)
        return SS_DISABLE;
    return (on_alternate_stack(thread, sp) ? SS_ONSTACK : 0) | (thread->altstack_flags & SS_AUTODISARM);
}

static void put_word(u8 *base, u32 offset, u32 value) { *(u32 *)(base + offset) = value; }
static u32 get_word(const u8 *base, u32 offset) { return *(const u32 *)(base + offset); }

/* Fills a struct sigcontext from the thread's registers. */
static void save_context(const struct thread *thread, u8 *sc, u32 reported_pc)
{
    memset(sc, 0, SIGCONTEXT_SIZE);
    put_word(sc, SC_PC + 4, reported_pc);
    for (u32 i = 1; i < 32; i++)
        put_word(sc, SC_REGS + 8 * i + 4, thread->ctx.regs[i]);
    for (u32 i = 0; i < 32; i += 2) { /* FR = 0: even registers as doubles, like Linux's sdc1 */
        put_word(sc, SC_FPREGS + 8 * i, thread->fpu.fpr[i + 1]);
        put_word(sc, SC_FPREGS + 8 * i + 4, thread->fpu.fpr[i]);
    }
    put_word(sc, SC_FPC_CSR, thread->fpu.fcsr);
    put_word(sc, SC_USED_MATH, 1);
    put_word(sc, SC_MDHI + 4, thread->ctx.hi);
    put_word(sc, SC_MDLO + 4, thread->ctx.lo);
}

static void restore_context(struct thread *thread, const u8 *sc)
{
    for (u32 i = 1; i < 32; i++)
        thread->ctx.regs[i] = get_word(sc, SC_REGS + 8 * i + 4);
    thread->ctx.hi = get_word(sc, SC_MDHI + 4);
    thread->ctx.lo = get_word(sc, SC_MDLO + 4);
    thread->ctx.pc = get_word(sc, SC_PC + 4);
    thread->ctx.next_pc = thread->ctx.pc + 4;
    if (get_word(sc, SC_USED_MATH)) {
        for (u32 i = 0; i < 32; i += 2) {
            thread->fpu.fpr[i + 1] = get_word(sc, SC_FPREGS + 8 * i);
            thread->fpu.fpr[i] = get_word(sc, SC_FPREGS + 8 * i + 4);
        }
        thread->fpu.fcsr = get_word(sc, SC_FPC_CSR);
    }
}

/* The lowest pending signal the thread does not block, synchronous faults first. */
static u32 next_signal(const struct thread *thread)
{
    if (!has_deliverable_signal(thread))
        return 0;
    static const u32 synchronous[] = {SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE, SIGSYS};
    for (u32 i = 0; i < ARRAY_COUNT(synchronous); i++)
        if (sigset_has(&thread->pending, synchronous[i]) && !sigset_has(&thread->blocked, synchronous[i]))
            return synchronous[i];
    for (u32 signal = 1; signal <= 128; signal++)
        if (sigset_has(&thread->pending, signal) && !sigset_has(&thread->blocked, signal))
            return signal;
    return 0;
}

/* Builds a handler frame; false if the stack cannot take it. */
static int setup_frame(struct thread *thread, u32 signal, const struct action *action, const struct sigset *old_mask)
{
    struct user_context *ctx = &thread->ctx;
    u32 user_sp = ctx->regs[29];
    u32 sp = user_sp - 32; /* Linux leaves room for delay-slot emulation data */
    u32 stack_flags = altstack_flags(thread, user_sp);
    u32 saved_altstack_sp = thread->altstack_sp, saved_altstack_size = thread->altstack_size;
    if ((action->flags & SA_ONSTACK) && thread->altstack_size != 0 && !on_alternate_stack(thread, user_sp)) {
        sp = thread->altstack_sp + thread->altstack_size;
        if (thread->altstack_flags & SS_AUTODISARM)
            thread->altstack_sp = thread->altstack_size = 0;
    }
    int siginfo = (action->flags & SA_SIGINFO) != 0;
    u32 size = siginfo ? RT_FRAME_SIZE : FRAME_SIZE;
    u32 frame = (sp - size) & ~7u;
    if (frame > sp || !user_range_ok(frame, size, PROT_WRITE))
        return 0;

    static u8 buffer[RT_FRAME_SIZE];
    memset(buffer, 0, size);
    u32 pc = reported_pc(ctx);
    if (siginfo) {
        u8 *info = buffer + RT_FRAME_INFO;
        i32 code = signal <= 64 ? thread->pending_code[signal] : SI_USER;
        u32 value = signal <= 64 ? thread->pending_value[signal] : 0;
        put_word(info, 0, signal);
        put_word(info, 4, (u32)code);
        put_word(info, 12, value); /* si_addr, or si_pid for kill/tkill (si_uid 0) */
        u8 *uc = buffer + RT_FRAME_UC;
        put_word(uc, 8, saved_altstack_sp);
        put_word(uc, 12, saved_altstack_size);
        put_word(uc, 16, stack_flags);
        save_context(thread, uc + UC_MCONTEXT, pc);
        memcpy(uc + UC_SIGMASK, old_mask, 16);
    } else {
        save_context(thread, buffer + FRAME_SC, pc);
        memcpy(buffer + FRAME_MASK, old_mask, 16);
    }
    memcpy((void *)frame, buffer, size);

    ctx->regs[4] = signal;
    ctx->regs[5] = siginfo ? frame + RT_FRAME_INFO : 0;
    ctx->regs[6] = siginfo ? frame + RT_FRAME_UC : frame + FRAME_SC;
    ctx->regs[29] = frame;
    ctx->regs[31] = siginfo ? (u32)zk_rt_sigreturn_trampoline : (u32)zk_sigreturn_trampoline;
    ctx->regs[25] = action->handler;
    ctx->pc = action->handler;
    ctx->next_pc = action->handler + 4;
    return 1;
}

void deliver_signals(struct thread *thread)
{
    if (!has_deliverable_signal(thread) && !thread->has_saved_mask)
        return;
    for (u32 signal; (signal = next_signal(thread)) != 0;) {
        if (signal < SIGRTMIN || thread->queued[signal] <= 1) {
            sigset_remove(&thread->pending, signal);
            thread->queued[signal] = 0;
        } else {
            thread->queued[signal]--; /* another instance stays pending */
        }
        struct action action = actions[signal];
        if (action.handler == SIG_IGN || (action.handler == SIG_DFL && default_is_ignore(signal)))
            continue;
        u32 pc = thread->ctx.pc;
        u32 address = signal <= 64 ? thread->pending_value[signal] : 0;
        if (action.handler == SIG_DFL)
            exit_process(128 + (i32)signal, signal, pc, address);
        struct sigset old_mask = thread->has_saved_mask ? thread->saved_mask : thread->blocked;
        thread->has_saved_mask = 0;
        if (!setup_frame(thread, signal, &action, &old_mask)) {
            /* No room for the frame: Linux then kills with SIGSEGV. */
            exit_process(128 + SIGSEGV, SIGSEGV, pc, thread->ctx.regs[29]);
        }
        thread->blocked = old_mask;
        for (int i = 0; i < 4; i++)
            thread->blocked.bits[i] |= action.mask.bits[i];
        if (!(action.flags & SA_NODEFER))
            sigset_add(&thread->blocked, signal);
        sigset_drop_unblockable(&thread->blocked);
        if (action.flags & SA_RESETHAND)
            actions[signal] = (struct action){0, SIG_DFL, {{0, 0, 0, 0}}};
    }
    if (thread->has_saved_mask) { /* rt_sigsuspend woke without running a handler */
        thread->blocked = thread->saved_mask;
        thread->has_saved_mask = 0;
    }
}

/* ---------------------------------------------------------------- syscalls */

/* rt_sigaction(signal, act, oldact, sigsetsize); the MIPS struct is { u32 sa_flags;
   u32 sa_handler; u32 sa_mask[4]; }. */
i32 sys_rt_sigaction(struct syscall_args *a)
{
    u32 signal = a->a[0];
    if (!signal_is_valid(signal) || a->a[3] != 16)
        return -EINVAL;
    u32 words[6];
    if (a->a[1]) {
        if (signal == SIGKILL || signal == SIGSTOP)
            return -EINVAL;
        if (copy_from_user(words, a->a[1], 24))
            return -EFAULT;
    }
    if (a->a[2]) {
        const struct action *old = &actions[signal];
        u32 out[6] = {old->flags, old->handler, old->mask.bits[0], old->mask.bits[1], old->mask.bits[2], old->mask.bits[3]};
        if (copy_to_user(a->a[2], out, 24))
            return -EFAULT;
    }
    if (a->a[1]) {
        struct action *action = &actions[signal];
        action->flags = words[0];
        action->handler = words[1];
        memcpy(&action->mask, &words[2], 16);
        sigset_drop_unblockable(&action->mask);
        if (is_ignored(signal)) /* pending instances are discarded */
            for (u32 i = 0; i < MAX_THREADS; i++) {
                sigset_remove(&threads[i].pending, signal);
                threads[i].queued[signal] = 0;
            }
    }
    return 0;
}

i32 sys_rt_sigprocmask(struct syscall_args *a)
{
    if (a->a[3] != 16)
        return -EINVAL;
    struct sigset set;
    if (a->a[1] && copy_from_user(&set, a->a[1], 16))
        return -EFAULT;
    if (a->a[2] && copy_to_user(a->a[2], &current->blocked, 16))
        return -EFAULT;
    if (!a->a[1])
        return 0;
    for (int i = 0; i < 4; i++) {
        switch (a->a[0]) {
        case SIG_BLOCK: current->blocked.bits[i] |= set.bits[i]; break;
        case SIG_UNBLOCK: current->blocked.bits[i] &= ~set.bits[i]; break;
        case SIG_SETMASK: current->blocked.bits[i] = set.bits[i]; break;
        default: return -EINVAL;
        }
    }
    sigset_drop_unblockable(&current->blocked);
    return 0;
}

i32 sys_rt_sigpending(struct syscall_args *a)
{
    if (a->a[1] != 16)
        return -EINVAL;
    struct sigset pending;
    for (int i = 0; i < 4; i++)
        pending.bits[i] = current->pending.bits[i] & current->blocked.bits[i];
    return copy_to_user(a->a[0], &pending, 16) ? -EFAULT : 0;
}

/* sigaltstack(new, old): MIPS stack_t is { ss_sp; ss_size; ss_flags }. */
i32 sys_sigaltstack(struct syscall_args *a)
{
    u32 sp = current->ctx.regs[29];
    if (a->a[1]) {
        u32 old[3] = {current->altstack_sp, current->altstack_size, altstack_flags(current, sp)};
        if (copy_to_user(a->a[1], old, 12))
            return -EFAULT;
    }
    if (!a->a[0])
        return 0;
    u32 stack[3];
    if (copy_from_user(stack, a->a[0], 12))
        return -EFAULT;
    if (on_alternate_stack(current, sp))
        return -EPERM;
    u32 mode = stack[2] & ~SS_AUTODISARM;
    if (mode == SS_DISABLE) {
        current->altstack_sp = current->altstack_size = 0;
        current->altstack_flags = 0;
        return 0;
    }
    if (mode != 0 && mode != SS_ONSTACK)
        return -EINVAL;
    if (stack[1] < MINSIGSTKSZ)
        return -ENOMEM;
    current->altstack_sp = stack[0];
    current->altstack_size = stack[1];
    current->altstack_flags = stack[2] & SS_AUTODISARM;
    return 0;
}

static i32 sigreturn_from(u32 sc, u32 mask, u32 uc_stack)
{
    static u8 context[SIGCONTEXT_SIZE];
    struct sigset blocked;
    if (copy_from_user(context, sc, SIGCONTEXT_SIZE) || copy_from_user(&blocked, mask, 16)) {
        struct fault fault = {SIGSEGV, SI_KERNEL, 0};
        force_fault_signal(current, &fault);
        return SYSCALL_NO_RESULT;
    }
    restore_context(current, context);
    sigset_drop_unblockable(&blocked);
    current->blocked = blocked;
    u32 stack[3];
    if (uc_stack && copy_from_user(stack, uc_stack, 12) == 0 && !on_alternate_stack(current, current->ctx.regs[29])) {
        if (stack[2] & SS_DISABLE) {
            current->altstack_sp = current->altstack_size = 0;
        } else if (stack[1] >= MINSIGSTKSZ) {
            current->altstack_sp = stack[0];
            current->altstack_size = stack[1];
            current->altstack_flags = stack[2] & SS_AUTODISARM;
        }
    }
    return SYSCALL_NO_RESULT;
}

i32 sys_rt_sigreturn(struct syscall_args *a)
{
    (void)a;
    u32 frame = current->ctx.regs[29];
    return sigreturn_from(frame + RT_FRAME_UC + UC_MCONTEXT, frame + RT_FRAME_UC + UC_SIGMASK, frame + RT_FRAME_UC + 8);
}

i32 sys_sigreturn(struct syscall_args *a)
{
    (void)a;
    u32 frame = current->ctx.regs[29];
    return sigreturn_from(frame + FRAME_SC, frame + FRAME_MASK, 0);
}

/* rt_sigsuspend(mask, size): waits for a signal with `mask` in force; the handler's frame
   records the old mask, so sigreturn restores it. */
i32 sys_rt_sigsuspend(struct syscall_args *a)
{
    if (a->a[1] != 16)
        return -EINVAL;
    struct sigset mask;
    if (copy_from_user(&mask, a->a[0], 16))
        return -EFAULT;
    current->saved_mask = current->blocked;
    current->has_saved_mask = 1;
    sigset_drop_unblockable(&mask);
    current->blocked = mask;
    if (has_deliverable_signal(current))
        return -EINTR;
    block_current(WAIT_SIGNAL, 0);
    return SYSCALL_NO_RESULT;
}

i32 sys_pause(struct syscall_args *a)
{
    (void)a;
    if (has_deliverable_signal(current))
        return -EINTR;
    block_current(WAIT_SIGNAL, 0);
    return SYSCALL_NO_RESULT;
}

/* kill(pid, signal): this process is pid 1 (0 names its group, the same). -1 means every
   process but init and the caller: there is none. Signal 0 only probes. */
i32 sys_kill(struct syscall_args *a)
{
    i32 pid = (i32)a->a[0];
    u32 signal = a->a[1];
    if (pid != 1 && pid != 0)
        return -ESRCH;
    if (signal == 0)
        return 0;
    if (!signal_is_valid(signal))
        return -EINVAL;
    send_process_signal(signal, SI_USER);
    return 0;
}

static i32 signal_thread(u32 tid, u32 signal)
{
    struct thread *thread = thread_by_tid(tid);
    if (!thread)
        return -ESRCH;
    if (signal == 0)
        return 0;
    if (!signal_is_valid(signal))
        return -EINVAL;
    send_signal(thread, signal, SI_TKILL, 1);
    return 0;
}

i32 sys_tkill(struct syscall_args *a) { return signal_thread(a->a[0], a->a[1]); }

i32 sys_tgkill(struct syscall_args *a)
{
    if (a->a[0] != 1)
        return -ESRCH;
    return signal_thread(a->a[1], a->a[2]);
}
