/*
 * exception.c — the C side of the exception vector: why the machine entered the kernel, and
 * what the interrupted thread gets for it.
 *
 * The machine records no cause: it saves the excepting instruction's pc and next pc, so the
 * kernel reads that instruction and decides. A `syscall` is a system call; a trap, `break`,
 * signed overflow, a reserved or privileged instruction, or a load/store to the null guard
 * pages becomes the signal Linux sends for it; a floating-point instruction is emulated.
 */
#include "kernel.h"
#include "primitives.h"

/* Linux's break/trap codes (arch/mips/include/uapi/asm/break.h). */
#define BRK_OVERFLOW 6
#define BRK_DIVZERO 7

static inline u32 sign_extend16(u32 value) { return (u32)(i32)(i16)(u16)value; }

static void raise_fault(struct thread *thread, int signal, int code, u32 address)
{
    struct fault fault = {signal, code, address};
    force_fault_signal(thread, &fault);
}

/* A trap or break with Linux's code: 6 overflow and 7 divide-by-zero are SIGFPE, others SIGTRAP. */
static void trap_with_code(struct thread *thread, u32 code)
{
    u32 pc = reported_pc(&thread->ctx);
    if (code == BRK_DIVZERO)
        raise_fault(thread, SIGFPE, FPE_INTDIV, pc);
    else if (code == BRK_OVERFLOW)
        raise_fault(thread, SIGFPE, FPE_INTOVF, pc);
    else
        raise_fault(thread, SIGTRAP, SI_KERNEL, 0);
}

static void advance(struct user_context *context)
{
    context->pc = context->next_pc;
    context->next_pc += 4;
}

/* rdhwr as Linux emulates it for user mode: CPU number, SYNCI step, cycle counter and its
   resolution. ($29 never gets here: the machine has UserLocal.) */
static void emulate_rdhwr(struct thread *thread, u32 instruction)
{
    u32 rt = (instruction >> 16) & 31, rd = (instruction >> 11) & 31, value;
    switch (rd) {
    case 0: value = 0; break;                               /* CPUNum */
    case 1: value = 0; break;                               /* SYNCI_Step: no caches */
    case 2: value = (u32)primitive_cycle_counter(); break;  /* CC */
    case 3: value = 1; break;                               /* CCRes */
    default:
        raise_fault(thread, SIGILL, ILL_ILLOPC, reported_pc(&thread->ctx));
        return;
    }
    if (rt != 0)
        thread->ctx.regs[rt] = value;
    advance(&thread->ctx);
}

static void emulate_fpu(struct thread *thread, u32 instruction)
{
    struct fault fault;
    if (fpu_emulate(&thread->ctx, &thread->fpu, instruction, &fault) != 0) {
        if (fault.signal == SIGFPE || fault.signal == SIGILL)
            fault.address = reported_pc(&thread->ctx);
        force_fault_signal(thread, &fault);
    }
}

static void handle_instruction(struct thread *thread, u32 instruction)
{
    struct user_context *context = &thread->ctx;
    u32 opcode = instruction >> 26, funct = instruction & 63;
    u32 rs = (instruction >> 21) & 31, rt = (instruction >> 16) & 31;
    switch (opcode) {
    case 0x00: /* SPECIAL */
        switch (funct) {
        case 0x0c: do_syscall(thread); return;
        case 0x0d: { /* break: the code's two 10-bit halves, as Linux reads them */
            u32 code = (instruction >> 6) & 0xfffff;
            if (code >= (1u << 10))
                code = ((code & 0x3ff) << 10) | (code >> 10);
            trap_with_code(thread, code);
            return;
        }
        case 0x30: case 0x31: case 0x32: case 0x33: case 0x34: case 0x36: /* tge … tne */
            trap_with_code(thread, (instruction >> 6) & 0x3ff);
            return;
        case 0x20: case 0x22: /* add, sub: signed overflow, unless the encoding is reserved */
            if ((instruction >> 6) & 31)
                break;
            raise_fault(thread, SIGFPE, FPE_INTOVF, reported_pc(context));
            return;
        case 0x01: /* movf/movt */
            emulate_fpu(thread, instruction);
            return;
        }
        break;
    case 0x01: /* REGIMM traps (no code field) */
        if (rt >= 0x08 && rt <= 0x0e && rt != 0x0d) {
            trap_with_code(thread, 0);
            return;
        }
        break;
    case 0x08: /* addi */
        raise_fault(thread, SIGFPE, FPE_INTOVF, reported_pc(context));
        return;
    case 0x11: case 0x13: case 0x31: case 0x35: case 0x39: case 0x3d:
        emulate_fpu(thread, instruction);
        return;
    case 0x1f:
        if (funct == 0x3b) { /* rdhwr */
            emulate_rdhwr(thread, instruction);
            return;
        }
        break;
    case 0x20: case 0x21: case 0x22: case 0x23: case 0x24: case 0x25: case 0x26:
    case 0x28: case 0x29: case 0x2a: case 0x2b: case 0x2e: case 0x30: case 0x38:
        /* A load or store the machine refused: it touched the null guard pages. */
        raise_fault(thread, SIGSEGV, SEGV_MAPERR, context->regs[rs] + sign_extend16(instruction));
        return;
    }
    raise_fault(thread, SIGILL, ILL_ILLOPC, reported_pc(context));
}

/* Called by entry.S with the interrupted registers saved in current->ctx; returns the context
   to resume. */
struct user_context *kernel_exception(void)
{
    kernel_start();
    struct thread *thread = current;
    struct user_context *context = &thread->ctx;
    if (context->pc < zk_boot.null_guard_end) {
        /* The machine could not fetch: a jump into the null guard (a nil func call). */
        raise_fault(thread, SIGSEGV, SEGV_MAPERR, context->pc);
    } else {
        handle_instruction(thread, *(volatile u32 *)context->pc);
    }
    struct thread *next = schedule(yield_requested);
    yield_requested = 0;
    deliver_signals(next);
    current = next;
    zk_current = &next->ctx;
    __asm__ volatile("mtc0 %0, $4, 2" : : "r"(next->tls)); /* UserLocal = its thread pointer */
    return &next->ctx;
}
