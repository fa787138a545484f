/*
 * replay.c — checks the kernel's FPU emulator (mips-guests/kernel/fpu*.c, built for the host)
 * against qemu-mips, instruction by instruction.
 *
 * Input: the output of the cglibc-fpu guest run under qemu-mips with "verbose" on stdin. Each
 * line "@ id insn=XXXXXXXX in F0 F2 F4 F6 FCSR V0 A1 M0 M1 out F0 FCSR V0 M0 M1" (or
 * "... fault SIG CODE PC ADDR F0 FCSR") is one FPU instruction as qemu executed it inside a
 * runner (see mips-guests/c-glibc/fpu/main.c): the register state before, the state after or
 * the signal. The replay sets up the same state — $f0..$f7 from the four pairs, FCSR, $v0, $a0
 * pointing at a copy of the runner's 64-byte io block, $a1, $t9 at the runner — calls
 * fpu_emulate on the instruction word and compares everything the instruction can change:
 * all 32 FPRs, FCSR, all GPRs, pc/next_pc (branches: taken, not taken, annulled), the io
 * memory, and for faults the signal, si_code and address.
 *
 * Usage: replay [-v] FILE   (prints a summary; exit status 1 on any mismatch)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fpu.h"

/* Where the runner and its io block live in the replay's address space. */
#define IO_BASE 0x10000000u   /* read/write, 64 bytes */
#define CODE_BASE 0x00400000u /* the runner: read-only, 256 bytes */
#define INSN_OFFSET 32u

static unsigned char io_mem[64];
static int verbose;

/* --- the kernel services fpu.c uses -------------------------------------------------- */

static int bad_address(u32 address, int write, struct fault *fault)
{
    if (address & 3) {
        fault->signal = SIGBUS;
        fault->code = BUS_ADRALN;
    } else if (address >= CODE_BASE && address < CODE_BASE + 256 && write) {
        fault->signal = SIGSEGV;
        fault->code = SEGV_ACCERR;
    } else if (!(address >= IO_BASE && address < IO_BASE + sizeof io_mem) &&
               !(address >= CODE_BASE && address < CODE_BASE + 256)) {
        fault->signal = SIGSEGV;
        fault->code = SEGV_MAPERR;
    } else {
        return 0;
    }
    fault->address = address;
    return 1;
}

int user_load_word(u32 address, u32 *value, struct fault *fault)
{
    if (bad_address(address, 0, fault))
        return -1;
    if (address >= CODE_BASE && address < CODE_BASE + 256) {
        *value = 0; /* the replay has no copy of the runner's code; nothing loads it */
        return 0;
    }
    const unsigned char *p = io_mem + (address - IO_BASE);
    *value = (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
    return 0;
}

int user_store_word(u32 address, u32 value, struct fault *fault)
{
    if (bad_address(address, 1, fault))
        return -1;
    unsigned char *p = io_mem + (address - IO_BASE);
    p[0] = (unsigned char)(value >> 24);
    p[1] = (unsigned char)(value >> 16);
    p[2] = (unsigned char)(value >> 8);
    p[3] = (unsigned char)value;
    return 0;
}

/* --- io block image ------------------------------------------------------------------ */

static void put64(unsigned char *p, unsigned long long v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (unsigned char)(v >> (56 - 8 * i));
}

static void put32(unsigned char *p, u32 v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (24 - 8 * i));
}

static unsigned long long get64(const unsigned char *p)
{
    unsigned long long v = 0;
    for (int i = 0; i < 8; i++)
        v = v << 8 | p[i];
    return v;
}

/* --- one line ------------------------------------------------------------------------ */

struct line {
    char id[64];
    u32 insn;
    unsigned long long f[4], m[2];
    u32 fcsr, v0, a1;
    int fault;
    /* out */
    unsigned long long out_f0, out_m[2];
    u32 out_fcsr, out_v0;
    /* fault */
    int sig, code;
    long pc;
    char addr[32];
};

static int parse(const char *text, struct line *l)
{
    char kind[8];
    int n;
    memset(l, 0, sizeof *l);
    if (sscanf(text, "@ %63s insn=%x in %llx %llx %llx %llx %x %x %x %llx %llx %7s %n", l->id,
               &l->insn, &l->f[0], &l->f[1], &l->f[2], &l->f[3], &l->fcsr, &l->v0, &l->a1,
               &l->m[0], &l->m[1], kind, &n) != 12)
        return -1;
    text += n;
    if (strcmp(kind, "out") == 0)
        return sscanf(text, "%llx %x %x %llx %llx", &l->out_f0, &l->out_fcsr, &l->out_v0,
                      &l->out_m[0], &l->out_m[1]) == 5 ? 0 : -1;
    if (strcmp(kind, "fault") == 0) {
        l->fault = 1;
        return sscanf(text, "%d %d %ld %31s %llx %x", &l->sig, &l->code, &l->pc, l->addr,
                      &l->out_f0, &l->out_fcsr) == 6 ? 0 : -1;
    }
    return -1;
}

/* The expected fault address from the guest's tagged form (io+N, fn+N, absolute). */
static int expected_address(const char *tag, u32 *address)
{
    unsigned long n;
    if (sscanf(tag, "io+%lu", &n) == 1)
        *address = IO_BASE + (u32)n;
    else if (sscanf(tag, "fn+%lu", &n) == 1)
        *address = CODE_BASE + (u32)n;
    else if (sscanf(tag, "%lx", &n) == 1)
        *address = (u32)n;
    else
        return -1;
    return 0;
}

static long checked, mismatches, failed, faults_checked, skipped;

static void mismatch(const struct line *l, const char *what, unsigned long long got,
                     unsigned long long want)
{
    mismatches++;
    if (mismatches <= 40 || verbose)
        printf("MISMATCH %s insn=%08x %s: got %llx want %llx (in f2=%016llx f4=%016llx "
               "f6=%016llx fcsr=%08x)\n",
               l->id, l->insn, what, got, want, l->f[1], l->f[2], l->f[3], l->fcsr);
}

/* The machine state around one replayed instruction. */
struct state {
    struct user_context ctx;
    struct fpu_state fpu;
    unsigned char mem[64];
};

/* Builds the state the runner had set up when it reached the instruction. */
static void set_up(const struct line *l, struct state *s)
{
    memset(s, 0, sizeof *s);
    fpu_reset(&s->fpu);
    for (int i = 0; i < 4; i++) {
        s->fpu.fpr[2 * i] = (u32)l->f[i];
        s->fpu.fpr[2 * i + 1] = (u32)(l->f[i] >> 32);
    }
    s->fpu.fcsr = l->fcsr & FPU_FCSR_WRITABLE; /* as the runner's ctc1 left it */
    s->ctx.regs[2] = l->v0;
    s->ctx.regs[3] = l->fcsr;
    s->ctx.regs[4] = IO_BASE;
    s->ctx.regs[5] = l->a1;
    s->ctx.regs[25] = CODE_BASE;
    s->ctx.pc = CODE_BASE + INSN_OFFSET;
    s->ctx.next_pc = s->ctx.pc + 4;
    for (int i = 0; i < 4; i++)
        put64(s->mem + 8 * i, l->f[i]);
    put32(s->mem + 32, l->fcsr);
    put32(s->mem + 36, l->v0);
    put32(s->mem + 40, l->a1);
    put64(s->mem + 48, l->m[0]);
    put64(s->mem + 56, l->m[1]);
}

static unsigned long long f0_of(const struct state *s)
{
    return (unsigned long long)s->fpu.fpr[1] << 32 | s->fpu.fpr[0];
}

/* A fault: signal, si_code, address; nothing advanced or written except FCSR. */
static void check_fault(const struct line *l, const struct state *was, const struct state *now,
                        int result, const struct fault *fault)
{
    faults_checked++;
    if (result != -1) {
        mismatch(l, "no fault", 0, (unsigned long long)l->sig);
        return;
    }
    if (fault->signal != l->sig)
        mismatch(l, "signal", (unsigned long long)fault->signal, (unsigned long long)l->sig);
    if (fault->code != l->code)
        mismatch(l, "si_code", (unsigned long long)fault->code, (unsigned long long)l->code);
    u32 want = ~0u;
    if (l->sig == SIGILL || l->sig == SIGFPE)
        want = was->ctx.pc; /* the interface: fault->address = pc */
    else
        expected_address(l->addr, &want);
    if (fault->address != want)
        mismatch(l, "fault address", fault->address, want);
    if (now->ctx.pc != was->ctx.pc || now->ctx.next_pc != was->ctx.next_pc)
        mismatch(l, "pc after fault", now->ctx.pc, was->ctx.pc);
    if (f0_of(now) != l->out_f0)
        mismatch(l, "f0 after fault", f0_of(now), l->out_f0);
    if (now->fpu.fcsr != l->out_fcsr)
        mismatch(l, "fcsr after fault", now->fpu.fcsr, l->out_fcsr);
    for (int i = 2; i < 32; i++)
        if (now->fpu.fpr[i] != was->fpu.fpr[i])
            mismatch(l, "fpr changed by a fault", (unsigned long long)i, 0);
    if (memcmp(now->mem, was->mem, sizeof now->mem) != 0)
        mismatch(l, "memory changed by a fault", 0, 0);
}

/* A completed instruction: registers, FCSR, memory, and where the thread goes next. */
static void check_result(const struct line *l, const struct state *was, const struct state *now,
                         int result, const struct fault *fault)
{
    if (result != 0) {
        mismatch(l, "unexpected fault", (unsigned long long)fault->signal, 0);
        return;
    }
    if (f0_of(now) != l->out_f0)
        mismatch(l, "f0/f1", f0_of(now), l->out_f0);
    if (now->fpu.fcsr != l->out_fcsr)
        mismatch(l, "fcsr", now->fpu.fcsr, l->out_fcsr);
    for (int i = 2; i < 32; i++)
        if (now->fpu.fpr[i] != was->fpu.fpr[i])
            mismatch(l, "other fpr changed", (unsigned long long)i, 0);
    /* Branches encode their outcome in $v0 instead (+1 taken, +17 not, +16 annulled). */
    const int is_branch = (l->insn >> 26) == 0x11 && ((l->insn >> 21) & 31) == 8;
    if (is_branch) {
        const u32 delta = l->out_v0 - l->v0;
        const u32 offset = (((l->insn & 0xffff) ^ 0x8000) - 0x8000) << 2;
        u32 want_pc = was->ctx.next_pc, want_next = was->ctx.pc + 4 + offset;
        if (delta == 17) {
            want_next = was->ctx.next_pc + 4;
        } else if (delta == 16) {
            want_pc = was->ctx.next_pc + 4;
            want_next = want_pc + 4;
        }
        if (now->ctx.pc != want_pc || now->ctx.next_pc != want_next)
            mismatch(l, "branch pc/next_pc",
                     (unsigned long long)now->ctx.pc << 32 | now->ctx.next_pc,
                     (unsigned long long)want_pc << 32 | want_next);
        if (now->ctx.regs[2] != l->v0)
            mismatch(l, "branch changed v0", now->ctx.regs[2], l->v0);
    } else {
        if (now->ctx.regs[2] != l->out_v0)
            mismatch(l, "v0", now->ctx.regs[2], l->out_v0);
        if (now->ctx.pc != was->ctx.next_pc || now->ctx.next_pc != was->ctx.next_pc + 4)
            mismatch(l, "pc/next_pc", now->ctx.pc, was->ctx.next_pc);
    }
    for (int i = 0; i < 32; i++)
        if (i != 2 && now->ctx.regs[i] != was->ctx.regs[i])
            mismatch(l, "other gpr changed", (unsigned long long)i, 0);
    if (get64(now->mem + 48) != l->out_m[0])
        mismatch(l, "memory m0", get64(now->mem + 48), l->out_m[0]);
    if (get64(now->mem + 56) != l->out_m[1])
        mismatch(l, "memory m1", get64(now->mem + 56), l->out_m[1]);
    if (memcmp(now->mem, was->mem, 48) != 0)
        mismatch(l, "memory below m changed", 0, 0);
}

static void replay(const struct line *l)
{
    struct state was, now;
    struct fault fault;
    if (l->fault && l->pc != (long)INSN_OFFSET) {
        skipped++; /* the runner's own set-up faulted: nothing to replay */
        return;
    }
    set_up(l, &was);
    now = was;
    memset(&fault, 0, sizeof fault);
    memcpy(io_mem, now.mem, sizeof io_mem);
    const int result = fpu_emulate(&now.ctx, &now.fpu, l->insn, &fault);
    memcpy(now.mem, io_mem, sizeof io_mem);

    checked++;
    const long mismatches_before = mismatches;
    if (l->fault)
        check_fault(l, &was, &now, result, &fault);
    else
        check_result(l, &was, &now, result, &fault);
    if (mismatches != mismatches_before)
        failed++;
}

int main(int argc, char **argv)
{
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-v") == 0)
            verbose = 1;
        else
            path = argv[i];
    }
    FILE *f = path ? fopen(path, "r") : stdin;
    if (!f) {
        perror(path);
        return 2;
    }
    static char text[1024];
    long lines = 0, bad_lines = 0;
    while (fgets(text, sizeof text, f)) {
        struct line l;
        if (text[0] != '@')
            continue;
        lines++;
        if (parse(text, &l)) {
            bad_lines++;
            printf("unparsed: %s", text);
            continue;
        }
        replay(&l);
    }
    printf("%ld instructions replayed (%ld faults), %ld skipped, %ld unparsed, %ld mismatching "
           "fields\n",
           checked, faults_checked, skipped, bad_lines, mismatches);
    printf("%ld passed, %ld failed\n", checked - failed, failed);
    return lines == 0 || bad_lines || mismatches ? 1 : 0;
}
