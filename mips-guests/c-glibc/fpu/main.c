/* First of all: make this an fp32 object, so that qemu-mips runs the program with Status.FR = 0
 * like the zkmips kernel does (see "FP mode" below). */
__asm__(".module fp=32");

/*
 * fpu: pins the MIPS32r2 floating-point unit bit for bit, for the zkmips kernel's FPU emulator
 * (mips-guests/kernel/fpu*.c), against qemu-mips.
 *
 * Every FPU instruction is exercised through a "runner": a small assembly function that loads
 * $f0/$f1, $f2/$f3, $f4/$f5, $f6/$f7, $v0, $a1 and FCSR from a `struct io`, executes ONE
 * instruction at offset 32, and stores $f0/$f1, $v0 and FCSR back. The runner's single
 * instruction is the unit under test; everything else in the runner is plumbing.
 *
 *   - "sweep" sections run an instruction over a cross product of operands (±0, ±subnormals,
 *     ±inf, quiet and signalling legacy NaNs, rounding boundaries, integer limits) under
 *     several rounding modes and FCSR.FS settings, and print a digest of all results;
 *   - the other sections print each result (register bits in hex and FCSR), including traps
 *     (SIGFPE with exceptions enabled, SIGILL for encodings that FR = 0 reserves, SIGBUS and
 *     SIGSEGV from loads and stores), caught with sigaction and siglongjmp;
 *   - a last section is ordinary C: printf("%.17g %a %e %f"), strtod, libm, casts.
 *
 * Without input the output is the compact form (about 55 KB). With "verbose" on stdin every
 * runner call is printed instead as a machine-readable line
 *   @ id insn=XXXXXXXX in F0 F2 F4 F6 FCSR V0 A1 M0 M1 out F0 FCSR V0 M0 M1
 *   @ id insn=XXXXXXXX in ... fault SIG CODE PC-OFFSET ADDR F0 FCSR
 * (about 8 MB), so that the emulator can be replayed against qemu instruction by instruction
 * on the host (mips-guests/kernel/fpu-test/); "verbose random N SEED" runs only N instructions
 * with random operands. The instruction word is read back from the runner, so the replay
 * needs no assembler.
 *
 * FP mode: qemu-mips runs an fpxx binary (the Debian default) with Status.FR = 1, but an fp32
 * binary with FR = 0, which is what the zkmips kernel emulates. The `.module fp=32` at the top
 * marks this object fp32, which makes the linked program fp32. The C code is still compiled
 * for fpxx, which is correct in either mode. The runners only use even registers for doubles,
 * except where odd ones are the point of the test.
 */
#include <fenv.h>
#include <math.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>
#include <unistd.h>

/* ------------------------------------------------------------------------------------ */
/* Runners                                                                              */
/* ------------------------------------------------------------------------------------ */

struct io {
    uint64_t f0, f2, f4, f6; /* 0, 8, 16, 24: the even/odd pairs $f0..$f7 */
    uint32_t fcsr;           /* 32 */
    uint32_t v0;             /* 36: $2 */
    uint32_t a1;             /* 40: $5 */
    uint32_t pad;            /* 44 */
    uint64_t mem[2];         /* 48, 56: memory for loads and stores, via $4 = &io */
};

#define INSN_OFFSET 32

/* 8-byte aligned, so that a doubleword store to the runner itself faults on permission. */
#define RUNNER(id, insn)                                                                    \
    ".align 3\n.globl r_" #id "\n.type r_" #id ", @function\n.ent r_" #id "\n"               \
    "r_" #id ":\n"                                                                          \
    "ldc1 $f0, 0($4)\nldc1 $f2, 8($4)\nldc1 $f4, 16($4)\nldc1 $f6, 24($4)\n"                 \
    "lw $2, 36($4)\nlw $5, 40($4)\nlw $3, 32($4)\nctc1 $3, $31\n" insn "\n"                  \
    "cfc1 $3, $31\nctc1 $0, $31\nsw $3, 32($4)\nsw $2, 36($4)\njr $31\nsdc1 $f0, 0($4)\n"    \
    ".end r_" #id "\n.size r_" #id ", .-r_" #id "\n"

/* Conditional branches: +1 in the delay slot, +16 on the fall-through path. */
#define BRANCH(b) b ", 1f\naddiu $2, $2, 1\naddiu $2, $2, 16\n1:"

/* Arithmetic on S and D: fd = $f0, fs = $f2, ft = $f4, fr = $f6. */
#define ARITH_OPS(X)                                                                        \
    X(add_s, "add.s $f0, $f2, $f4") X(sub_s, "sub.s $f0, $f2, $f4")                          \
    X(mul_s, "mul.s $f0, $f2, $f4") X(div_s, "div.s $f0, $f2, $f4")                          \
    X(add_d, "add.d $f0, $f2, $f4") X(sub_d, "sub.d $f0, $f2, $f4")                          \
    X(mul_d, "mul.d $f0, $f2, $f4") X(div_d, "div.d $f0, $f2, $f4")                          \
    X(sqrt_s, "sqrt.s $f0, $f2") X(abs_s, "abs.s $f0, $f2") X(neg_s, "neg.s $f0, $f2")       \
    X(mov_s, "mov.s $f0, $f2") X(recip_s, "recip.s $f0, $f2") X(rsqrt_s, "rsqrt.s $f0, $f2") \
    X(round_w_s, "round.w.s $f0, $f2") X(trunc_w_s, "trunc.w.s $f0, $f2")                   \
    X(ceil_w_s, "ceil.w.s $f0, $f2") X(floor_w_s, "floor.w.s $f0, $f2")                     \
    X(cvt_w_s, "cvt.w.s $f0, $f2") X(cvt_d_s, "cvt.d.s $f0, $f2")                           \
    X(sqrt_d, "sqrt.d $f0, $f2") X(abs_d, "abs.d $f0, $f2") X(neg_d, "neg.d $f0, $f2")       \
    X(mov_d, "mov.d $f0, $f2") X(recip_d, "recip.d $f0, $f2") X(rsqrt_d, "rsqrt.d $f0, $f2") \
    X(round_w_d, "round.w.d $f0, $f2") X(trunc_w_d, "trunc.w.d $f0, $f2")                   \
    X(ceil_w_d, "ceil.w.d $f0, $f2") X(floor_w_d, "floor.w.d $f0, $f2")                     \
    X(cvt_w_d, "cvt.w.d $f0, $f2") X(cvt_s_d, "cvt.s.d $f0, $f2")                           \
    X(cvt_s_w, "cvt.s.w $f0, $f2") X(cvt_d_w, "cvt.d.w $f0, $f2")                           \
    X(madd_s, "madd.s $f0, $f6, $f2, $f4") X(msub_s, "msub.s $f0, $f6, $f2, $f4")            \
    X(nmadd_s, "nmadd.s $f0, $f6, $f2, $f4") X(nmsub_s, "nmsub.s $f0, $f6, $f2, $f4")        \
    X(madd_d, "madd.d $f0, $f6, $f2, $f4") X(msub_d, "msub.d $f0, $f6, $f2, $f4")            \
    X(nmadd_d, "nmadd.d $f0, $f6, $f2, $f4") X(nmsub_d, "nmsub.d $f0, $f6, $f2, $f4")

/* The 16 conditions, condition n writing cc n mod 8. */
#define CMP_OPS(X, f, r)                                                                    \
    X(c_f_##f, "c.f." #f " $fcc0, " r) X(c_un_##f, "c.un." #f " $fcc1, " r)                  \
    X(c_eq_##f, "c.eq." #f " $fcc2, " r) X(c_ueq_##f, "c.ueq." #f " $fcc3, " r)              \
    X(c_olt_##f, "c.olt." #f " $fcc4, " r) X(c_ult_##f, "c.ult." #f " $fcc5, " r)            \
    X(c_ole_##f, "c.ole." #f " $fcc6, " r) X(c_ule_##f, "c.ule." #f " $fcc7, " r)            \
    X(c_sf_##f, "c.sf." #f " $fcc0, " r) X(c_ngle_##f, "c.ngle." #f " $fcc1, " r)            \
    X(c_seq_##f, "c.seq." #f " $fcc2, " r) X(c_ngl_##f, "c.ngl." #f " $fcc3, " r)            \
    X(c_lt_##f, "c.lt." #f " $fcc4, " r) X(c_nge_##f, "c.nge." #f " $fcc5, " r)              \
    X(c_le_##f, "c.le." #f " $fcc6, " r) X(c_ngt_##f, "c.ngt." #f " $fcc7, " r)

/* Moves, control registers, branches, loads and stores. */
#define MISC_OPS(X)                                                                         \
    X(mfc1_f2, "mfc1 $2, $f2") X(mfc1_f3, "mfc1 $2, $f3") X(mfc1_zero, "mfc1 $0, $f2")       \
    X(mtc1_f0, "mtc1 $2, $f0") X(mtc1_f1, "mtc1 $2, $f1")                                   \
    X(mfhc1_f0, "mfhc1 $2, $f0") X(mfhc1_f1, ".word 0x44620800 # mfhc1 $2, $f1")                               \
    X(mthc1_f0, "mthc1 $2, $f0") X(mthc1_f1, ".word 0x44e20800 # mthc1 $2, $f1")                               \
    X(cfc1_0, "cfc1 $2, $0") X(cfc1_1, "cfc1 $2, $1") X(cfc1_2, "cfc1 $2, $2")               \
    X(cfc1_4, "cfc1 $2, $4") X(cfc1_5, "cfc1 $2, $5") X(cfc1_6, "cfc1 $2, $6")               \
    X(cfc1_8, "cfc1 $2, $8") X(cfc1_24, "cfc1 $2, $24") X(cfc1_25, "cfc1 $2, $25")           \
    X(cfc1_26, "cfc1 $2, $26") X(cfc1_27, "cfc1 $2, $27") X(cfc1_28, "cfc1 $2, $28")         \
    X(cfc1_29, "cfc1 $2, $29") X(cfc1_30, "cfc1 $2, $30") X(cfc1_31, "cfc1 $2, $31")         \
    X(ctc1_0, "ctc1 $2, $0") X(ctc1_1, "ctc1 $2, $1") X(ctc1_4, "ctc1 $2, $4")               \
    X(ctc1_5, "ctc1 $2, $5") X(ctc1_6, "ctc1 $2, $6") X(ctc1_25, "ctc1 $2, $25")             \
    X(ctc1_26, "ctc1 $2, $26") X(ctc1_28, "ctc1 $2, $28") X(ctc1_30, "ctc1 $2, $30")         \
    X(ctc1_31, "ctc1 $2, $31")                                                              \
    X(movf_s, "movf.s $f0, $f2, $fcc2") X(movt_s, "movt.s $f0, $f2, $fcc2")                 \
    X(movt_s_cc0, "movt.s $f0, $f2, $fcc0") X(movf_d, "movf.d $f0, $f2, $fcc5")             \
    X(movt_d, "movt.d $f0, $f2, $fcc7") X(movz_s, "movz.s $f0, $f2, $2")                    \
    X(movn_s, "movn.s $f0, $f2, $2") X(movz_d, "movz.d $f0, $f2, $2")                       \
    X(movn_d, "movn.d $f0, $f2, $2") X(movz_s_zero, "movz.s $f0, $f2, $0")                  \
    X(movn_s_zero, "movn.s $f0, $f2, $0")                                                   \
    X(movz_d_odd, ".word 0x46221852 # movz.d $f1, $f3, $2: the pairs f0/f1 and f2/f3")     \
    X(movt_d_odd, ".word 0x46211851 # movt.d $f1, $f3, $fcc0")                              \
    X(movf_gpr, "movf $2, $5, $fcc3") X(movt_gpr, "movt $2, $5, $fcc3")                     \
    X(movt_gpr_cc0, "movt $2, $5, $fcc0") X(movf_gpr_zero, "movf $0, $5, $fcc0")            \
    X(bc1f_cc0, BRANCH("bc1f $fcc0")) X(bc1f_cc3, BRANCH("bc1f $fcc3"))                     \
    X(bc1t_cc0, BRANCH("bc1t $fcc0")) X(bc1t_cc7, BRANCH("bc1t $fcc7"))                     \
    X(bc1fl_cc0, BRANCH("bc1fl $fcc0")) X(bc1fl_cc5, BRANCH("bc1fl $fcc5"))                 \
    X(bc1tl_cc0, BRANCH("bc1tl $fcc0")) X(bc1tl_cc1, BRANCH("bc1tl $fcc1"))                 \
    X(lwc1, "lwc1 $f0, 52($4)") X(lwc1_odd, "lwc1 $f1, 48($4)")                             \
    X(swc1, "swc1 $f2, 52($4)") X(swc1_odd, "swc1 $f3, 48($4)")                             \
    X(ldc1, "ldc1 $f0, 48($4)") X(ldc1_odd, ".word 0xd4810038 # ldc1 $f1, 56($4)")          \
    X(sdc1, "sdc1 $f2, 56($4)") X(sdc1_odd, ".word 0xf4830030 # sdc1 $f3, 48($4)")          \
    X(lwxc1, "lwxc1 $f0, $5($4)") X(swxc1, "swxc1 $f2, $5($4)")                             \
    X(ldxc1, "ldxc1 $f0, $5($4)") X(sdxc1, "sdxc1 $f2, $5($4)")                             \
    X(prefx, "prefx 0, $5($4)")                                                             \
    X(ldc1_mis, "ldc1 $f0, 52($4)") X(sdc1_mis, "sdc1 $f2, 44($4)")                         \
    X(lwc1_mis, "lwc1 $f0, 50($4)") X(swc1_mis, "swc1 $f2, 49($4)")                         \
    X(lwc1_null, "lwc1 $f0, 0($0)") X(ldc1_null, "ldc1 $f0, 8($0)")                         \
    X(swc1_text, "swc1 $f2, 0($25)") X(sdc1_text, "sdc1 $f2, 0($25)")

/* Encodings that MIPS32r2 with FR = 0 (and the 24Kf) does not have: SIGILL. */
#define RESERVED_OPS(X)                                                                     \
    X(cvt_l_s, ".word 0x46001025 # cvt.l.s $f0, $f2")                                       \
    X(cvt_l_d, ".word 0x46201025 # cvt.l.d $f0, $f2")                                       \
    X(round_l_d, ".word 0x46201008 # round.l.d $f0, $f2")                                   \
    X(trunc_l_s, ".word 0x46001009 # trunc.l.s $f0, $f2")                                   \
    X(ceil_l_d, ".word 0x4620100a # ceil.l.d $f0, $f2")                                     \
    X(floor_l_s, ".word 0x4600100b # floor.l.s $f0, $f2")                                   \
    X(cvt_s_l, ".word 0x46a01020 # cvt.s.l $f0, $f2")                                       \
    X(cvt_d_l, ".word 0x46a01021 # cvt.d.l $f0, $f2")                                       \
    X(luxc1, ".word 0x4c850005 # luxc1 $f0, $5($4)")                                        \
    X(suxc1, ".word 0x4c85100d # suxc1 $f2, $5($4)")                                        \
    X(add_d_odd_fs, ".word 0x46241800 # add.d $f0, $f3, $f4")                               \
    X(sqrt_d_odd_fd, ".word 0x46201044 # sqrt.d $f1, $f2")                                  \
    X(mov_d_odd, ".word 0x46201806 # mov.d $f0, $f3")                                       \
    X(cvt_w_d_odd, ".word 0x46201824 # cvt.w.d $f0, $f3")                                   \
    X(cvt_d_s_odd, ".word 0x46001061 # cvt.d.s $f1, $f2")                                   \
    X(c_eq_d_odd, ".word 0x46241832 # c.eq.d $f3, $f4")                                     \
    X(madd_d_odd, ".word 0x4cc41821 # madd.d $f0, $f6, $f3, $f4")                           \
    X(ldxc1_odd, ".word 0x4c850041 # ldxc1 $f1, $5($4)")                                    \
    X(sdxc1_odd, ".word 0x4c851809 # sdxc1 $f3, $5($4)")                                    \
    X(madd_ps, ".word 0x4cc41026 # madd.ps $f0, $f6, $f2, $f4")                             \
    X(add_ps, ".word 0x46c41000 # add.ps $f0, $f2, $f4")                                    \
    X(recip1_s, ".word 0x4600101d # recip1.s $f0, $f2 (MIPS-3D)")                           \
    X(rsqrt2_d, ".word 0x4624101f # rsqrt2.d $f0, $f2, $f4 (MIPS-3D)")                      \
    X(sel_s, ".word 0x46041010 # sel.s $f0, $f2, $f4 (R6)")                                 \
    X(cvt_s_s, ".word 0x46001020 # cvt.s.s $f0, $f2")                                       \
    X(cvt_d_d, ".word 0x46201021 # cvt.d.d $f0, $f2")                                       \
    X(add_w, ".word 0x46841000 # add.w $f0, $f2, $f4")                                      \
    X(cvt_w_w, ".word 0x46801024 # cvt.w.w $f0, $f2")                                       \
    X(dmfc1, ".word 0x44221000 # dmfc1 $2, $f2")                                            \
    X(bc1any2, ".word 0x45200001 # bc1any2f $fcc0 (MIPS-3D)")                               \
    X(cop1_rs11, ".word 0x45600000 # COP1 rs = 11")                                         \
    X(cop1x_0x10, ".word 0x4c850010 # COP1X funct 0x10")

#define EMIT(id, insn) RUNNER(id, insn)
__asm__(".text\n.align 2\n.set push\n.set noreorder\n.set noat\n.set oddspreg\n"
        ARITH_OPS(EMIT) CMP_OPS(EMIT, s, "$f2, $f4") CMP_OPS(EMIT, d, "$f2, $f4")
        MISC_OPS(EMIT) RESERVED_OPS(EMIT) ".set pop\n");

typedef void runner_fn(struct io *);
#define DECLARE(id, insn) extern runner_fn r_##id;
ARITH_OPS(DECLARE)
CMP_OPS(DECLARE, s, "")
CMP_OPS(DECLARE, d, "")
MISC_OPS(DECLARE)
RESERVED_OPS(DECLARE)

/* ------------------------------------------------------------------------------------ */
/* Running and reporting                                                                */
/* ------------------------------------------------------------------------------------ */

static int verbose;
static struct io io_area __attribute__((aligned(16)));

/* The state a fault left. */
struct fault_info {
    int sig, code;
    uintptr_t addr, pc;
};
static sigjmp_buf fault_jump;
static volatile struct fault_info last_fault;

static void on_fault(int sig, siginfo_t *si, void *context)
{
    const ucontext_t *uc = context;
    last_fault.sig = sig;
    last_fault.code = si->si_code;
    last_fault.addr = (uintptr_t)si->si_addr;
    last_fault.pc = (uintptr_t)uc->uc_mcontext.pc;
    siglongjmp(fault_jump, 1);
}

static void catch_faults(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_fault;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGFPE, &sa, NULL);
    sigaction(SIGILL, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
    sigaction(SIGSEGV, &sa, NULL);
}

static uint32_t insn_of(runner_fn *fn)
{
    uint32_t word;
    memcpy(&word, (const char *)fn + INSN_OFFSET, sizeof word);
    return word;
}

/* FNV-1a over the 32-bit words of each result, for the sweeps. */
static uint32_t digest;
static void digest_word(uint32_t w)
{
    for (int i = 24; i >= 0; i -= 8) {
        digest ^= (w >> i) & 0xff;
        digest *= 16777619u;
    }
}

/* A fault address relative to the io block or the runner, as the replay needs it. */
static void format_address(char *buf, size_t size, uintptr_t addr, runner_fn *fn)
{
    const uintptr_t io = (uintptr_t)&io_area, code = (uintptr_t)fn;
    if (addr >= io && addr < io + sizeof io_area)
        snprintf(buf, size, "io+%lu", (unsigned long)(addr - io));
    else if (addr >= code && addr < code + 256)
        snprintf(buf, size, "fn+%lu", (unsigned long)(addr - code));
    else
        snprintf(buf, size, "%#lx", (unsigned long)addr);
}

/* The last fault, as printed: pc offset from the runner, address (tagged), signal code. */
static long fault_pc;
static char fault_addr[32];

static void print_verbose(const char *id, runner_fn *fn, const struct io *in,
                          const struct io *out, int sig)
{
    printf("@ %s insn=%08x in %016llx %016llx %016llx %016llx %08x %08x %08x %016llx %016llx",
           id, insn_of(fn), (unsigned long long)in->f0, (unsigned long long)in->f2,
           (unsigned long long)in->f4, (unsigned long long)in->f6, in->fcsr, in->v0, in->a1,
           (unsigned long long)in->mem[0], (unsigned long long)in->mem[1]);
    if (sig) {
        printf(" fault %d %d %ld %s %016llx %08x\n", sig, last_fault.code, fault_pc, fault_addr,
               (unsigned long long)out->f0, out->fcsr);
    } else {
        printf(" out %016llx %08x %08x %016llx %016llx\n", (unsigned long long)out->f0,
               out->fcsr, out->v0, (unsigned long long)out->mem[0],
               (unsigned long long)out->mem[1]);
    }
}

/* Runs one instruction on a copy of *in, catching a fault; returns the signal or 0. */
static int run(const char *id, runner_fn *fn, const struct io *in, struct io *out, int guard)
{
    volatile int sig = 0;
    io_area = *in;
    if (guard) {
        if (sigsetjmp(fault_jump, 1)) {
            uint32_t fcsr;
            /* Straight after the fault: what the faulting instruction left in $f0/$f1 and FCSR. */
            __asm__ volatile("sdc1 $f0, 0(%1)\n\tcfc1 %0, $31\n\tctc1 $0, $31"
                             : "=&r"(fcsr)
                             : "r"(&io_area.f0)
                             : "memory");
            io_area.fcsr = fcsr;
            sig = last_fault.sig;
            fault_pc = (long)(last_fault.pc - (uintptr_t)fn);
            /* qemu (like Linux) delivers SIGILL with SI_KERNEL and no address. */
            if (sig == SIGILL)
                snprintf(fault_addr, sizeof fault_addr, "-");
            else
                format_address(fault_addr, sizeof fault_addr, last_fault.addr, fn);
        } else {
            fn(&io_area);
        }
    } else {
        fn(&io_area);
    }
    *out = io_area;
    if (verbose)
        print_verbose(id, fn, in, out, sig);
    digest_word((uint32_t)(out->f0 >> 32));
    digest_word((uint32_t)out->f0);
    digest_word(out->fcsr);
    digest_word(out->v0);
    digest_word((uint32_t)(out->mem[0] >> 32));
    digest_word((uint32_t)out->mem[0]);
    digest_word((uint32_t)(out->mem[1] >> 32));
    digest_word((uint32_t)out->mem[1]);
    digest_word((uint32_t)sig);
    return sig;
}

#define RUN(id, in, out) run(#id, r_##id, (in), (out), 0)
#define TRY(id, in, out) run(#id, r_##id, (in), (out), 1)

/* $f0 starts as a marker, so that "not written" shows. */
#define MARK_D 0x5555aaaa5555aaaaull
#define MARK_S 0x5555aaaau

static struct io make_io(uint64_t f2, uint64_t f4, uint64_t f6, uint32_t fcsr)
{
    struct io io;
    memset(&io, 0, sizeof io);
    io.f0 = MARK_D;
    io.f2 = f2;
    io.f4 = f4;
    io.f6 = f6;
    io.fcsr = fcsr;
    io.mem[0] = 0x0123456789abcdefull;
    io.mem[1] = 0xfedcba9876543210ull;
    return io;
}

/* A single in the even register of a pair (the low word); the odd register gets a marker. */
#define S(v) (0xa5a5a5a500000000ull | (uint32_t)(v))

static const char *signame(int sig)
{
    switch (sig) {
    case SIGFPE:
        return "SIGFPE";
    case SIGILL:
        return "SIGILL";
    case SIGBUS:
        return "SIGBUS";
    case SIGSEGV:
        return "SIGSEGV";
    default:
        return "signal?";
    }
}


/* What a curated case shows besides $f0/$f1 and FCSR out. */
#define SHOW_F0 0x001  /* $f0/$f1 in */
#define SHOW_F2S 0x002 /* $f2 as a single */
#define SHOW_F2D 0x004 /* $f2/$f3 */
#define SHOW_F4S 0x008
#define SHOW_F4D 0x010
#define SHOW_F6S 0x020
#define SHOW_F6D 0x040
#define SHOW_V0 0x080 /* $v0 in and out */
#define SHOW_A1 0x100
#define SHOW_MEM 0x200 /* memory out */

/* One line per curated case in the compact output (verbose mode printed the full line). */
static void show(const char *label, const struct io *in, const struct io *out, int sig,
                 unsigned what)
{
    if (verbose)
        return;
    printf("%-12s", label);
    if (what & SHOW_F0)
        printf(" %016llx", (unsigned long long)in->f0);
    if (what & SHOW_F2S)
        printf(" %08x", (uint32_t)in->f2);
    if (what & SHOW_F2D)
        printf(" %016llx", (unsigned long long)in->f2);
    if (what & SHOW_F4S)
        printf(" %08x", (uint32_t)in->f4);
    if (what & SHOW_F4D)
        printf(" %016llx", (unsigned long long)in->f4);
    if (what & SHOW_F6S)
        printf(" %08x", (uint32_t)in->f6);
    if (what & SHOW_F6D)
        printf(" %016llx", (unsigned long long)in->f6);
    if (what & SHOW_V0)
        printf(" v0=%08x", in->v0);
    if (what & SHOW_A1)
        printf(" a1=%08x", in->a1);
    printf(" fcsr=%08x ->", in->fcsr);
    if (sig)
        printf(" %s code=%d pc=+%ld addr=%s", signame(sig), last_fault.code, fault_pc,
               fault_addr);
    printf(" f0=%016llx", (unsigned long long)out->f0);
    if (what & SHOW_V0)
        printf(" v0=%08x", out->v0);
    if (what & SHOW_MEM)
        printf(" m=%016llx:%016llx", (unsigned long long)out->mem[0],
               (unsigned long long)out->mem[1]);
    printf(" fcsr=%08x\n", out->fcsr);
}

/* Runs a curated case under the fault guard and shows it. */
#define CASE(label, id, in, what)                                                          \
    do {                                                                                   \
        struct io case_out;                                                                \
        int case_sig = run(#id, r_##id, (in), &case_out, 1);                               \
        show((label), (in), &case_out, case_sig, (what));                                  \
    } while (0)

static void section(const char *title)
{
    if (!verbose)
        printf("\n== %s\n", title);
    else
        printf("# %s\n", title);
}

/* ------------------------------------------------------------------------------------ */
/* Operands                                                                             */
/* ------------------------------------------------------------------------------------ */

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Legacy MIPS NaNs: 7fbfffff/7ff7ffffffffffff are the default (quiet) NaN, a set top fraction
 * bit means signalling. */
static const uint32_t s_arith[] = {
    0x00000000, 0x80000000, 0x00000001, 0x807fffff, 0x00800000, 0x3f800000, 0xbf800000,
    0x3f800001, 0x3fffffff, 0x40400000, 0x3eaaaaab, 0x1fffffff, 0x5f800000, 0x7f7fffff,
    0xff7fffff, 0x7f800000, 0xff800000, 0x7fbfffff, 0x7fc00000, 0xff800001,
};
static const uint64_t d_arith[] = {
    0x0000000000000000, 0x8000000000000000, 0x0000000000000001, 0x800fffffffffffff,
    0x0010000000000000, 0x3ff0000000000000, 0xbff0000000000000, 0x3ff0000000000001,
    0x3fffffffffffffff, 0x4008000000000000, 0x3fd5555555555555, 0x1fffffffffffffff,
    0x5ff0000000000000, 0x7fefffffffffffff, 0xffefffffffffffff, 0x7ff0000000000000,
    0xfff0000000000000, 0x7ff7ffffffffffff, 0x7ff8000000000000, 0xfff0000000000001,
};
/* Around the bottom of the normal range, for FCSR.FS = 1. */
static const uint32_t s_tiny[] = {
    0x00000001, 0x80000003, 0x00400000, 0x007fffff, 0x00800000,
    0x80800001, 0x00ffffff, 0x1f800001, 0x3f000000, 0x3f7fffff,
};
static const uint64_t d_tiny[] = {
    0x0000000000000001, 0x8000000000000003, 0x0008000000000000, 0x000fffffffffffff,
    0x0010000000000000, 0x8010000000000001, 0x001fffffffffffff, 0x1ff0000000000001,
    0x3fe0000000000000, 0x3fefffffffffffff,
};
/* Unary operations: halfway cases, integer limits, reciprocal under/overflow. */
static const uint32_t s_unary[] = {
    0x00000000, 0x80000000, 0x00000001, 0x807fffff, 0x00400000, 0x00800000, 0x3f000000,
    0xbf000000, 0x3effffff, 0x3f800000, 0xbf800000, 0x3f800001, 0x3fc00000, 0xbfc00000,
    0x40200000, 0xc0200000, 0x40400000, 0x40800000, 0x3eaaaaab, 0x4affffff, 0x4b7fffff,
    0x4effffff, 0x4f000000, 0xcf000000, 0xcf000001, 0x5f000000, 0x7e800000, 0x7f000000,
    0x7f7fffff, 0xff7fffff, 0x7f800000, 0xff800000, 0x7fbfffff, 0x7f800001, 0x7fc00000,
    0xffc00001,
};
static const uint64_t d_unary[] = {
    0x0000000000000000, 0x8000000000000000, 0x0000000000000001, 0x800fffffffffffff,
    0x0010000000000000, 0x3fe0000000000000, 0xbfe0000000000000, 0x3fdfffffffffffff,
    0x3ff0000000000000, 0xbff0000000000000, 0x3ff8000000000000, 0xbff8000000000000,
    0x4004000000000000, 0xc004000000000000, 0x4008000000000000, 0x3fd5555555555555,
    0x41dfffffffc00000, 0x41dfffffffe00000, 0x41e0000000000000, 0xc1e0000000000000,
    0xc1e0000000100000, 0xc1e0000000200000, 0x7fefffffffffffff, 0xffefffffffffffff,
    0x7ff0000000000000, 0xfff0000000000000, 0x7ff7ffffffffffff, 0x7ff0000000000001,
    0x7ff8000000000000, 0xfff8000000000001, 0x47efffffe0000000, 0x47effffff0000000,
    0x36a0000000000000, 0x3690000000000000, 0x380fffffffffffff, 0x3810000000000000,
    0x3ff0000010000000, 0x3ff0000030000000, 0x7fd0000000000000, 0x7fe0000000000000,
};
static const uint32_t w_values[] = {
    0x00000000, 0x00000001, 0xffffffff, 0x7fffffff, 0x80000000, 0x80000001, 0x00ffffff,
    0x01000001, 0x01000003, 0x7ffffff0, 0x12345678, 0x40000001, 0xc0000001, 0xfffffffd,
};
static const uint32_t s_cmp[] = {
    0x00000000, 0x80000000, 0x00000001, 0x3f800000, 0xbf800000, 0x3f800001,
    0x7f800000, 0xff800000, 0x7fbfffff, 0x7fc00000, 0x7f7fffff, 0x807fffff,
};
static const uint64_t d_cmp[] = {
    0x0000000000000000, 0x8000000000000000, 0x0000000000000001, 0x3ff0000000000000,
    0xbff0000000000000, 0x3ff0000000000001, 0x7ff0000000000000, 0xfff0000000000000,
    0x7ff7ffffffffffff, 0x7ff8000000000000, 0x7fefffffffffffff, 0x800fffffffffffff,
};
static const uint32_t s_tern[] = {
    0x00000000, 0x3f800000, 0xc0400000, 0x3eaaaaab, 0x7f7fffff, 0x00800000, 0x7fc00000,
};
static const uint64_t d_tern[] = {
    0x0000000000000000, 0x3ff0000000000000, 0xc008000000000000, 0x3fd5555555555555,
    0x7fefffffffffffff, 0x0010000000000000, 0x7ff8000000000000,
};

/* FCSR settings the sweeps run under: rounding mode, and FS (bit 24). */
#define FS 0x01000000u
static const uint32_t all_modes[] = {0, 1, 2, 3};
static const uint32_t flush_modes[] = {FS | 0, FS | 1, FS | 2, FS | 3};
static const uint32_t unary_modes[] = {0, 1, 2, 3, FS | 0, FS | 3};
static const uint32_t tern_modes[] = {0, 3, FS | 1};

/* ------------------------------------------------------------------------------------ */
/* Sweeps                                                                               */
/* ------------------------------------------------------------------------------------ */

struct runner {
    const char *id;
    runner_fn *fn;
};
#define R(id) {#id, r_##id}

static void sweep_begin(void) { digest = 2166136261u; }

static void sweep_end(const char *what, unsigned count)
{
    printf("sweep %-40s %6u ops  digest %08x\n", what, count, digest);
}

/* Binary S or D operations over every ordered pair of `values`, under each FCSR in `modes`. */
static void sweep_binary(const char *what, const struct runner *ops, unsigned nops, int dbl,
                         const void *values, unsigned nvalues, const uint32_t *modes,
                         unsigned nmodes)
{
    unsigned count = 0;
    sweep_begin();
    for (unsigned o = 0; o < nops; o++)
        for (unsigned m = 0; m < nmodes; m++)
            for (unsigned i = 0; i < nvalues; i++)
                for (unsigned j = 0; j < nvalues; j++) {
                    const uint64_t a = dbl ? ((const uint64_t *)values)[i]
                                           : S(((const uint32_t *)values)[i]);
                    const uint64_t b = dbl ? ((const uint64_t *)values)[j]
                                           : S(((const uint32_t *)values)[j]);
                    struct io in = make_io(a, b, 0, modes[m]), out;
                    run(ops[o].id, ops[o].fn, &in, &out, 0);
                    count++;
                }
    sweep_end(what, count);
}

static void sweep_unary(const char *what, const struct runner *ops, unsigned nops, int dbl,
                        const void *values, unsigned nvalues, const uint32_t *modes,
                        unsigned nmodes)
{
    unsigned count = 0;
    sweep_begin();
    for (unsigned o = 0; o < nops; o++)
        for (unsigned m = 0; m < nmodes; m++)
            for (unsigned i = 0; i < nvalues; i++) {
                const uint64_t a = dbl ? ((const uint64_t *)values)[i]
                                       : S(((const uint32_t *)values)[i]);
                struct io in = make_io(a, 0, 0, modes[m]), out;
                run(ops[o].id, ops[o].fn, &in, &out, 0);
                count++;
            }
    sweep_end(what, count);
}

/* fd = fs * ft ± fr over every triple. */
static void sweep_ternary(const char *what, const struct runner *ops, unsigned nops, int dbl,
                          const void *values, unsigned n, const uint32_t *modes,
                          unsigned nmodes)
{
    unsigned count = 0;
    sweep_begin();
    for (unsigned o = 0; o < nops; o++)
        for (unsigned m = 0; m < nmodes; m++)
            for (unsigned i = 0; i < n; i++)
                for (unsigned j = 0; j < n; j++)
                    for (unsigned k = 0; k < n; k++) {
#define V(x) (dbl ? ((const uint64_t *)values)[x] : S(((const uint32_t *)values)[x]))
                        struct io in = make_io(V(i), V(j), V(k), modes[m]), out;
#undef V
                        run(ops[o].id, ops[o].fn, &in, &out, 0);
                        count++;
                    }
    sweep_end(what, count);
}

/* The 16 conditions over every pair; FCSR starts with cc 0, 1, 3, 5, 7 set. */
static void sweep_compare(const char *what, const struct runner *ops, int dbl,
                          const void *values, unsigned n)
{
    unsigned count = 0;
    sweep_begin();
    for (unsigned o = 0; o < 16; o++)
        for (unsigned i = 0; i < n; i++)
            for (unsigned j = 0; j < n; j++) {
                const uint64_t a = dbl ? ((const uint64_t *)values)[i]
                                       : S(((const uint32_t *)values)[i]);
                const uint64_t b = dbl ? ((const uint64_t *)values)[j]
                                       : S(((const uint32_t *)values)[j]);
                struct io in = make_io(a, b, 0, 0xaa800000u), out;
                run(ops[o].id, ops[o].fn, &in, &out, 0);
                count++;
            }
    sweep_end(what, count);
}

static const struct runner bin_s[] = {R(add_s), R(sub_s), R(mul_s), R(div_s)};
static const struct runner bin_d[] = {R(add_d), R(sub_d), R(mul_d), R(div_d)};
static const struct runner un_s[] = {
    R(sqrt_s), R(abs_s), R(neg_s), R(mov_s), R(recip_s), R(rsqrt_s), R(round_w_s),
    R(trunc_w_s), R(ceil_w_s), R(floor_w_s), R(cvt_w_s), R(cvt_d_s),
};
static const struct runner un_d[] = {
    R(sqrt_d), R(abs_d), R(neg_d), R(mov_d), R(recip_d), R(rsqrt_d), R(round_w_d),
    R(trunc_w_d), R(ceil_w_d), R(floor_w_d), R(cvt_w_d), R(cvt_s_d),
};
static const struct runner from_w[] = {R(cvt_s_w), R(cvt_d_w)};
static const struct runner tern_s[] = {R(madd_s), R(msub_s), R(nmadd_s), R(nmsub_s)};
static const struct runner tern_d[] = {R(madd_d), R(msub_d), R(nmadd_d), R(nmsub_d)};
static const struct runner cmp_s[] = {
    R(c_f_s), R(c_un_s), R(c_eq_s), R(c_ueq_s), R(c_olt_s), R(c_ult_s), R(c_ole_s), R(c_ule_s),
    R(c_sf_s), R(c_ngle_s), R(c_seq_s), R(c_ngl_s), R(c_lt_s), R(c_nge_s), R(c_le_s), R(c_ngt_s),
};
static const struct runner cmp_d[] = {
    R(c_f_d), R(c_un_d), R(c_eq_d), R(c_ueq_d), R(c_olt_d), R(c_ult_d), R(c_ole_d), R(c_ule_d),
    R(c_sf_d), R(c_ngle_d), R(c_seq_d), R(c_ngl_d), R(c_lt_d), R(c_nge_d), R(c_le_d), R(c_ngt_d),
};

static void sweeps(void)
{
    section("sweeps (FCSR.RM 0-3; FS = flush; digest = FNV-1a of every result and FCSR)");
    sweep_binary("add/sub/mul/div.s RM0-3", bin_s, 4, 0, s_arith, COUNT(s_arith), all_modes, 4);
    sweep_binary("add/sub/mul/div.d RM0-3", bin_d, 4, 1, d_arith, COUNT(d_arith), all_modes, 4);
    sweep_binary("add/sub/mul/div.s FS RM0-3", bin_s, 4, 0, s_tiny, COUNT(s_tiny), flush_modes,
                 4);
    sweep_binary("add/sub/mul/div.d FS RM0-3", bin_d, 4, 1, d_tiny, COUNT(d_tiny), flush_modes,
                 4);
    sweep_unary("sqrt/abs/neg/mov/recip/rsqrt/round/trunc/ceil/floor/cvt.s", un_s,
                COUNT(un_s), 0, s_unary, COUNT(s_unary), unary_modes, COUNT(unary_modes));
    sweep_unary("sqrt/abs/neg/mov/recip/rsqrt/round/trunc/ceil/floor/cvt.d", un_d,
                COUNT(un_d), 1, d_unary, COUNT(d_unary), unary_modes, COUNT(unary_modes));
    sweep_unary("cvt.s.w/cvt.d.w RM0-3", from_w, 2, 0, w_values, COUNT(w_values), all_modes,
                4);
    sweep_compare("c.cond.s (16 conditions)", cmp_s, 0, s_cmp, COUNT(s_cmp));
    sweep_compare("c.cond.d (16 conditions)", cmp_d, 1, d_cmp, COUNT(d_cmp));
    sweep_ternary("madd/msub/nmadd/nmsub.s", tern_s, 4, 0, s_tern, COUNT(s_tern), tern_modes,
                  COUNT(tern_modes));
    sweep_ternary("madd/msub/nmadd/nmsub.d", tern_d, 4, 1, d_tern, COUNT(d_tern), tern_modes,
                  COUNT(tern_modes));
}

/* ------------------------------------------------------------------------------------ */
/* Random operands (only on request: "verbose random N SEED" on stdin)                  */
/* ------------------------------------------------------------------------------------ */

static uint64_t random_state;

static uint64_t next_random(void)
{
    /* xorshift64*: deterministic, good enough to spread operands. */
    random_state ^= random_state >> 12;
    random_state ^= random_state << 25;
    random_state ^= random_state >> 27;
    return random_state * 0x2545f4914f6cdd1dull;
}

/* A binary64 (dbl) or binary32 with a bias towards the interesting exponents. */
static uint64_t random_operand(int dbl)
{
    const uint64_t r = next_random(), pick = next_random() % 16;
    const int ebits = dbl ? 11 : 8, fbits = dbl ? 52 : 23;
    const uint64_t emax = (1ull << ebits) - 1, bias = emax >> 1;
    uint64_t sign = r >> 63, e, frac = r & ((1ull << fbits) - 1);
    switch (pick) {
    case 0: e = 0; break;                                 /* zero or subnormal */
    case 1: e = emax; break;                              /* inf or NaN */
    case 2: e = 1 + next_random() % 3; break;             /* bottom of the normal range */
    case 3: e = emax - 1 - next_random() % 3; break;      /* top of the range */
    case 4: e = bias + 31 - next_random() % 3; break;     /* around 2^31 */
    case 5: frac &= ~0ull << (fbits / 2); e = bias + (next_random() % 48) - 24; break;
    case 6: frac |= (1ull << fbits) - 1 - 7; e = bias + next_random() % 8; break;
    case 7: e = bias - 1 + next_random() % 3; frac >>= next_random() % fbits; break;
    default: e = (bias - 64) + next_random() % 128; break;
    }
    if (pick == 0 && (r & 0x100))
        frac = 0;
    if (pick == 1 && (r & 0x300) == 0)
        frac = 0;
    const uint64_t v = (sign << (ebits + fbits)) | (e << fbits) | frac;
    return dbl ? v : S(v);
}

static void random_ops(unsigned count)
{
    static const struct runner *const groups[] = {bin_s, bin_d, un_s, un_d, tern_s,
                                                  tern_d, cmp_s, cmp_d, from_w};
    static const unsigned sizes[] = {4, 4, COUNT(un_s), COUNT(un_d), 4, 4, 16, 16, 2};
    static const int doubles[] = {0, 1, 0, 1, 0, 1, 0, 1, 0};
    for (unsigned n = 0; n < count; n++) {
        const unsigned g = (unsigned)(next_random() % COUNT(groups));
        const struct runner *op = &groups[g][next_random() % sizes[g]];
        /* A quarter of them with some traps enabled. */
        const uint32_t enables =
            next_random() % 4 == 0 ? ((uint32_t)next_random() & 0x1f) << 7 : 0;
        const uint32_t fcsr = (uint32_t)(next_random() % 4) |
                              ((next_random() % 4) == 0 ? FS : 0) | 0xaa800000u | enables;
        struct io in = make_io(random_operand(doubles[g]), random_operand(doubles[g]),
                               random_operand(doubles[g]), fcsr),
                  out;
        if (g == 8)
            in.f2 = S((uint32_t)next_random());
        run(op->id, op->fn, &in, &out, enables != 0);
    }
}

/* ------------------------------------------------------------------------------------ */
/* Curated cases                                                                        */
/* ------------------------------------------------------------------------------------ */

/* A few results of each arithmetic instruction printed in full, in every rounding mode. */
static void arithmetic_samples(void)
{
    static const struct {
        const char *label;
        runner_fn *fn;
        const char *id;
        uint64_t a, b;
        int dbl;
    } cases[] = {
        {"add.s", r_add_s, "add_s", 0x3f800000, 0x33800001, 0}, /* 1 + just over half an ulp */
        {"add.s", r_add_s, "add_s", 0x3f800000, 0xb3800000, 0}, /* 1 - half an ulp below */
        {"sub.s", r_sub_s, "sub_s", 0x3f800000, 0x3f800000, 0}, /* exact zero: sign by mode */
        {"mul.s", r_mul_s, "mul_s", 0x3eaaaaab, 0x40400000, 0},
        {"mul.s", r_mul_s, "mul_s", 0x1f800001, 0x1f800001, 0}, /* underflow */
        {"mul.s", r_mul_s, "mul_s", 0x7f7fffff, 0x40000000, 0}, /* overflow */
        {"div.s", r_div_s, "div_s", 0x3f800000, 0x40400000, 0},
        {"div.s", r_div_s, "div_s", 0xbf800000, 0x00000000, 0},
        {"sqrt.s", r_sqrt_s, "sqrt_s", 0x40000000, 0, 0},
        {"recip.s", r_recip_s, "recip_s", 0x40400000, 0, 0},
        {"rsqrt.s", r_rsqrt_s, "rsqrt_s", 0x40400000, 0, 0},
        {"cvt.s.w", r_cvt_s_w, "cvt_s_w", 0x01000001, 0, 0},
        {"cvt.w.s", r_cvt_w_s, "cvt_w_s", 0xc0200000, 0, 0}, /* -2.5 */
        {"cvt.w.s", r_cvt_w_s, "cvt_w_s", 0x3fc00000, 0, 0}, /* 1.5 */
        {"add.d", r_add_d, "add_d", 0x3ff0000000000000, 0x3ca0000000000001, 1},
        {"sub.d", r_sub_d, "sub_d", 0x4008000000000000, 0x4008000000000000, 1},
        {"mul.d", r_mul_d, "mul_d", 0x3fd5555555555555, 0x4008000000000000, 1},
        {"mul.d", r_mul_d, "mul_d", 0x1ff0000000000001, 0x1ff0000000000001, 1},
        {"div.d", r_div_d, "div_d", 0x3ff0000000000000, 0x4008000000000000, 1},
        {"sqrt.d", r_sqrt_d, "sqrt_d", 0x4000000000000000, 0, 1},
        {"recip.d", r_recip_d, "recip_d", 0x4008000000000000, 0, 1},
        {"rsqrt.d", r_rsqrt_d, "rsqrt_d", 0x4008000000000000, 0, 1},
        {"cvt.s.d", r_cvt_s_d, "cvt_s_d", 0x3ff0000030000000, 0, 1},
        {"cvt.s.d", r_cvt_s_d, "cvt_s_d", 0x47effffff0000000, 0, 1},
        {"cvt.s.d", r_cvt_s_d, "cvt_s_d", 0x3690000000000001, 0, 1},
        {"cvt.w.d", r_cvt_w_d, "cvt_w_d", 0xc1e0000000100000, 0, 1},
        {"cvt.w.d", r_cvt_w_d, "cvt_w_d", 0x41dfffffffe00000, 0, 1},
        {"cvt.d.w", r_cvt_d_w, "cvt_d_w", 0x80000000, 0, 0},
    };
    section("arithmetic samples in each rounding mode (RN RZ RP RM)");
    for (unsigned c = 0; c < COUNT(cases); c++)
        for (uint32_t rm = 0; rm < 4; rm++) {
            const int dbl = cases[c].dbl;
            struct io in = make_io(dbl ? cases[c].a : S((uint32_t)cases[c].a),
                                   dbl ? cases[c].b : S((uint32_t)cases[c].b), 0, rm),
                      out;
            int sig = run(cases[c].id, cases[c].fn, &in, &out, 1);
            show(cases[c].label, &in, &out, sig,
                 dbl ? SHOW_F2D | SHOW_F4D : SHOW_F2S | SHOW_F4S);
        }
}

static void moves(void)
{
    section("moves between GPRs and FPRs (FR = 0: a double is the pair f2n/f2n+1)");
    struct io in = make_io(0x0123456789abcdefull, 0, 0, 0);
    in.v0 = 0xdeadbeef;
    CASE("mfc1 $f2", mfc1_f2, &in, SHOW_F2D | SHOW_V0);
    CASE("mfc1 $f3", mfc1_f3, &in, SHOW_F2D | SHOW_V0);
    CASE("mfc1 $0,$f2", mfc1_zero, &in, SHOW_F2D | SHOW_V0);
    in.f0 = 0x1122334455667788ull;
    in.v0 = 0xcafef00d;
    CASE("mtc1 $f0", mtc1_f0, &in, SHOW_F0 | SHOW_V0);
    CASE("mtc1 $f1", mtc1_f1, &in, SHOW_F0 | SHOW_V0);
    CASE("mfhc1 $f0", mfhc1_f0, &in, SHOW_F0 | SHOW_V0);
    CASE("mfhc1 $f1", mfhc1_f1, &in, SHOW_F0 | SHOW_V0);
    CASE("mthc1 $f0", mthc1_f0, &in, SHOW_F0 | SHOW_V0);
    CASE("mthc1 $f1", mthc1_f1, &in, SHOW_F0 | SHOW_V0);

    section("abs/neg/mov only move bits: no Invalid, FCSR unchanged, even with traps on");
    static const uint32_t s_values[] = {0x7fc00000, 0xffc00000, 0x7fbfffff, 0x80000000};
    static const uint64_t d_values[] = {0x7ff8000000000000ull, 0xfff7ffffffffffffull};
    /* Every trap enabled; then Cause VZOUI and Flags set (a Cause cannot meet its Enable). */
    static const uint32_t fcsrs[] = {0x00000f80u, 0x0001f07cu};
    for (unsigned f = 0; f < COUNT(fcsrs); f++) {
        for (unsigned i = 0; i < COUNT(s_values); i++) {
            struct io s = make_io(S(s_values[i]), 0, 0, fcsrs[f]);
            CASE("abs.s", abs_s, &s, SHOW_F2S);
            CASE("neg.s", neg_s, &s, SHOW_F2S);
            CASE("mov.s", mov_s, &s, SHOW_F2S);
        }
        for (unsigned i = 0; i < COUNT(d_values); i++) {
            struct io d = make_io(d_values[i], 0, 0, fcsrs[f]);
            CASE("abs.d", abs_d, &d, SHOW_F2D);
            CASE("neg.d", neg_d, &d, SHOW_F2D);
            CASE("mov.d", mov_d, &d, SHOW_F2D);
        }
    }
}

static void control_registers(void)
{
    static const struct runner reads[] = {
        R(cfc1_0), R(cfc1_1), R(cfc1_2), R(cfc1_4), R(cfc1_5), R(cfc1_6), R(cfc1_8), R(cfc1_24),
        R(cfc1_25), R(cfc1_26), R(cfc1_27), R(cfc1_28), R(cfc1_29), R(cfc1_30), R(cfc1_31),
    };
    /* No Cause bit may meet its Enable here, or the runner's own ctc1 would trap. */
    static const uint32_t fcsrs[] = {0x00000000, 0xff81f07f, 0x01000f83, 0x5a80a0aa};
    section("cfc1: FIR $0, FCCR $25, FEXR $26, FENR $28, FCSR $31 (others read FCSR or 0)");
    for (unsigned f = 0; f < COUNT(fcsrs); f++)
        for (unsigned r = 0; r < COUNT(reads); r++) {
            struct io in = make_io(0, 0, 0, fcsrs[f]), out;
            in.v0 = 0x12345678;
            int sig = run(reads[r].id, reads[r].fn, &in, &out, 1);
            show(reads[r].id, &in, &out, sig, SHOW_V0);
        }

    static const struct {
        const char *id;
        runner_fn *fn;
        uint32_t fcsr, value;
    } writes[] = {
        {"ctc1_31", r_ctc1_31, 0x00000000, 0x0000007c},
        {"ctc1_31", r_ctc1_31, 0x00000000, 0x01000003},
        {"ctc1_31", r_ctc1_31, 0x00000000, 0xfe800000},
        {"ctc1_31", r_ctc1_31, 0x00000000, 0x007c0000}, /* NAN2008, ABS2008, 20..22: read-only */
        {"ctc1_31", r_ctc1_31, 0x00000000, 0x0001f000}, /* Cause without Enables: no trap */
        {"ctc1_31", r_ctc1_31, 0xffffffff & 0xff80007f, 0x00000000},
        {"ctc1_25", r_ctc1_25, 0x00000000, 0x000000ff},
        {"ctc1_25", r_ctc1_25, 0xfe800000, 0x00000055},
        {"ctc1_25", r_ctc1_25, 0x00000000, 0x00000100}, /* reserved bits: ignored */
        {"ctc1_26", r_ctc1_26, 0x00000003, 0x0001f07c},
        {"ctc1_26", r_ctc1_26, 0x0001f07c, 0x00000000},
        {"ctc1_26", r_ctc1_26, 0x00000000, 0x00041000}, /* reserved bits: ignored */
        {"ctc1_28", r_ctc1_28, 0x0001007c, 0x00000005}, /* FS via bit 2, RM 1 */
        {"ctc1_28", r_ctc1_28, 0x01000003, 0x00000000},
        {"ctc1_28", r_ctc1_28, 0x00000000, 0x00100f83}, /* reserved bit 20: ignored */
        {"ctc1_0", r_ctc1_0, 0x00000003, 0xffffffff},   /* FIR is read-only */
        {"ctc1_1", r_ctc1_1, 0x00000003, 0xffffffff},
        {"ctc1_4", r_ctc1_4, 0x00000003, 0xffffffff},
        {"ctc1_5", r_ctc1_5, 0x00000003, 0xffffffff},
        {"ctc1_6", r_ctc1_6, 0x00000003, 0xffffffff},
        {"ctc1_30", r_ctc1_30, 0x00000003, 0xffffffff},
    };
    section("ctc1 (writes that qemu ignores leave FCSR as it was)");
    for (unsigned w = 0; w < COUNT(writes); w++) {
        struct io in = make_io(0, 0, 0, writes[w].fcsr), out;
        in.v0 = writes[w].value;
        int sig = run(writes[w].id, writes[w].fn, &in, &out, 1);
        show(writes[w].id, &in, &out, sig, SHOW_V0);
    }
}

static void conditional_moves(void)
{
    section("movf/movt/movz/movn.fmt and movf/movt on GPRs");
    static const uint32_t fcsrs[] = {0x00000000, 0xfe800000, 0x04000000, 0x10000000};
    for (unsigned f = 0; f < COUNT(fcsrs); f++) {
        struct io in = make_io(S(0x40490fdb), 0, 0, fcsrs[f]);
        in.v0 = 0x1111;
        in.a1 = 0x2222;
        CASE("movf.s cc2", movf_s, &in, SHOW_F2S);
        CASE("movt.s cc2", movt_s, &in, SHOW_F2S);
        CASE("movt.s cc0", movt_s_cc0, &in, SHOW_F2S);
        CASE("movf.d cc5", movf_d, &in, SHOW_F2D);
        CASE("movt.d cc7", movt_d, &in, SHOW_F2D);
        CASE("movt.d f1,f3", movt_d_odd, &in, SHOW_F2D);
        CASE("movf gpr cc3", movf_gpr, &in, SHOW_V0 | SHOW_A1);
        CASE("movt gpr cc3", movt_gpr, &in, SHOW_V0 | SHOW_A1);
        CASE("movt gpr cc0", movt_gpr_cc0, &in, SHOW_V0 | SHOW_A1);
        CASE("movf $0", movf_gpr_zero, &in, SHOW_V0 | SHOW_A1);
    }
    for (uint32_t v0 = 0; v0 < 2; v0++) {
        struct io in = make_io(0x400921fb54442d18ull, 0, 0, 0);
        in.v0 = v0;
        CASE("movz.s", movz_s, &in, SHOW_F2S | SHOW_V0);
        CASE("movn.s", movn_s, &in, SHOW_F2S | SHOW_V0);
        CASE("movz.d", movz_d, &in, SHOW_F2D | SHOW_V0);
        CASE("movn.d", movn_d, &in, SHOW_F2D | SHOW_V0);
        CASE("movz.s $0", movz_s_zero, &in, SHOW_F2S | SHOW_V0);
        CASE("movn.s $0", movn_s_zero, &in, SHOW_F2S | SHOW_V0);
        CASE("movz.d f1,f3", movz_d_odd, &in, SHOW_F2D | SHOW_V0);
    }
}

static void branches(void)
{
    static const struct runner ops[] = {
        R(bc1f_cc0), R(bc1f_cc3), R(bc1t_cc0), R(bc1t_cc7),
        R(bc1fl_cc0), R(bc1fl_cc5), R(bc1tl_cc0), R(bc1tl_cc1),
    };
    static const uint32_t fcsrs[] = {0x00000000, 0xfe800000, 0xaa800000, 0x54000000};
    section("bc1f/bc1t/bc1fl/bc1tl: v0 +1 taken, +17 not taken, +16 not taken and annulled");
    for (unsigned o = 0; o < COUNT(ops); o++)
        for (unsigned f = 0; f < COUNT(fcsrs); f++) {
            struct io in = make_io(0, 0, 0, fcsrs[f]), out;
            in.v0 = 0x100;
            int sig = run(ops[o].id, ops[o].fn, &in, &out, 1);
            show(ops[o].id, &in, &out, sig, SHOW_V0);
        }
}

static void loads_stores(void)
{
    static const struct {
        const char *id;
        runner_fn *fn;
        uint32_t a1;
    } cases[] = {
        {"lwc1", r_lwc1, 0},           {"lwc1_odd", r_lwc1_odd, 0},
        {"swc1", r_swc1, 0},           {"swc1_odd", r_swc1_odd, 0},
        {"ldc1", r_ldc1, 0},           {"ldc1_odd", r_ldc1_odd, 0},
        {"sdc1", r_sdc1, 0},           {"sdc1_odd", r_sdc1_odd, 0},
        {"lwxc1", r_lwxc1, 56},        {"lwxc1", r_lwxc1, 60},
        {"swxc1", r_swxc1, 48},        {"ldxc1", r_ldxc1, 56},
        {"sdxc1", r_sdxc1, 48},        {"prefx", r_prefx, 0x7ffffff0},
        {"ldc1_mis", r_ldc1_mis, 0},   {"sdc1_mis", r_sdc1_mis, 0},
        {"lwc1_mis", r_lwc1_mis, 0},   {"swc1_mis", r_swc1_mis, 0},
        {"ldxc1", r_ldxc1, 52},        {"sdxc1", r_sdxc1, 44},
        {"lwxc1", r_lwxc1, 50},        {"swxc1", r_swxc1, 51},
        {"lwc1_null", r_lwc1_null, 0}, {"ldc1_null", r_ldc1_null, 0},
        {"swc1_text", r_swc1_text, 0}, {"sdc1_text", r_sdc1_text, 0},
    };
    section("loads and stores (memory m = two doublewords at $a0+48; $f2 = 1.5, $f3 marker)");
    for (unsigned c = 0; c < COUNT(cases); c++) {
        struct io in = make_io(0xa5a5a5a53fc00000ull, 0, 0, 0), out;
        in.a1 = cases[c].a1;
        int sig = run(cases[c].id, cases[c].fn, &in, &out, 1);
        show(cases[c].id, &in, &out, sig, SHOW_A1 | SHOW_MEM);
    }
}

static void reserved(void)
{
    static const struct runner ops[] = {
        R(cvt_l_s),      R(cvt_l_d),     R(round_l_d),     R(trunc_l_s),   R(ceil_l_d),
        R(floor_l_s),    R(cvt_s_l),     R(cvt_d_l),       R(luxc1),       R(suxc1),
        R(add_d_odd_fs), R(sqrt_d_odd_fd), R(mov_d_odd),   R(cvt_w_d_odd), R(cvt_d_s_odd),
        R(c_eq_d_odd),   R(madd_d_odd),  R(ldxc1_odd),     R(sdxc1_odd),   R(madd_ps),
        R(add_ps),       R(recip1_s),    R(rsqrt2_d),      R(sel_s),       R(cvt_s_s),
        R(cvt_d_d),      R(add_w),       R(cvt_w_w),       R(dmfc1),       R(bc1any2),
        R(cop1_rs11),    R(cop1x_0x10),
    };
    section("reserved with FR = 0 on a MIPS32r2 24Kf: SIGILL at the instruction");
    for (unsigned o = 0; o < COUNT(ops); o++) {
        struct io in = make_io(S(0x3f800000), S(0x40000000), 0, 0), out;
        in.a1 = 48;
        int sig = run(ops[o].id, ops[o].fn, &in, &out, 1);
        show(ops[o].id, &in, &out, sig, 0);
    }
}

/* IEEE traps: an enabled exception raises SIGFPE at the instruction; Cause is set, Flags and
 * the destination are not. */
static void traps(void)
{
    enum { EI = 0x80, EU = 0x100, EO = 0x200, EZ = 0x400, EV = 0x800 };
    static const struct {
        const char *id;
        runner_fn *fn;
        uint64_t a, b, c;
        uint32_t fcsr;
    } cases[] = {
        {"div_s", r_div_s, S(0), S(0), 0, EV},
        {"div_s", r_div_s, S(0x3f800000), S(0), 0, EZ},
        {"div_s", r_div_s, S(0x3f800000), S(0), 0, EV | EO | EU | EI},
        {"mul_s", r_mul_s, S(0x7f7fffff), S(0x7f7fffff), 0, EO},
        {"mul_s", r_mul_s, S(0x7f7fffff), S(0x7f7fffff), 0, EI}, /* Cause O|I: FPE_FLTOVF */
        {"mul_s", r_mul_s, S(0x1f800001), S(0x1f800001), 0, EU},
        {"mul_s", r_mul_s, S(0x1f800001), S(0x1f800001), 0, FS | EU | EI}, /* flushed: none */
        {"mul_s", r_mul_s, S(0x20000000), S(0x20000000), 0, EU}, /* exact min normal */
        {"mul_s", r_mul_s, S(0x1f800000), S(0x1f800000), 0, EU}, /* exact subnormal */
        {"add_s", r_add_s, S(0x3f800000), S(0x30800000), 0, EI},
        {"add_s", r_add_s, S(0x7fc00000), S(0x3f800000), 0, EV},
        {"add_s", r_add_s, S(0x7fbfffff), S(0x3f800000), 0, EV}, /* quiet: no trap */
        {"sqrt_s", r_sqrt_s, S(0xbf800000), 0, 0, EV},
        {"cvt_w_s", r_cvt_w_s, S(0x7fbfffff), 0, 0, EV},
        {"cvt_w_s", r_cvt_w_s, S(0x4f000000), 0, 0, EV | EI},
        {"round_w_s", r_round_w_s, S(0x3fc00000), 0, 0, EI},
        {"c_lt_s", r_c_lt_s, S(0x7fbfffff), S(0), 0, EV | 0x10000000},
        {"c_eq_s", r_c_eq_s, S(0x7fbfffff), S(0), 0, EV | 0x04000000},
        {"c_eq_s", r_c_eq_s, S(0x7fc00000), S(0), 0, EV | 0x04000000},
        {"madd_s", r_madd_s, S(0x7f7fffff), S(0x40000000), S(0), EO},
        {"nmsub_s", r_nmsub_s, S(0x3f800000), S(0x3f800000), S(0x7fc00000), EV},
        {"div_d", r_div_d, 0x3ff0000000000000ull, 0, 0, EZ},
        {"recip_d", r_recip_d, 0x8000000000000000ull, 0, 0, EZ},
        {"rsqrt_d", r_rsqrt_d, 0xbff0000000000000ull, 0, 0, EV},
        {"cvt_s_d", r_cvt_s_d, 0x47effffff0000000ull, 0, 0, EO},
        {"cvt_s_d", r_cvt_s_d, 0x3690000000000001ull, 0, 0, EU},
        {"cvt_w_d", r_cvt_w_d, 0xc1e0000000200000ull, 0, 0, EV},
        {"c_ngt_d", r_c_ngt_d, 0x7ff7ffffffffffffull, 0, 0, EV},
        {"c_ole_d", r_c_ole_d, 0x7ff8000000000000ull, 0, 0, EV},
        {"msub_d", r_msub_d, 0x0010000000000000ull, 0x3fe0000000000000ull, 0, EU},
        {"cvt_s_w", r_cvt_s_w, S(0x01000001), 0, 0, EI},
    };
    section("IEEE traps (Enables in FCSR bits 7..11): SIGFPE, Cause set, Flags and fd not");
    for (unsigned c = 0; c < COUNT(cases); c++) {
        struct io in = make_io(cases[c].a, cases[c].b, cases[c].c, cases[c].fcsr), out;
        int sig = run(cases[c].id, cases[c].fn, &in, &out, 1);
        show(cases[c].id, &in, &out, sig, SHOW_F2D | SHOW_F4D | SHOW_F6D);
    }

    static const struct {
        const char *id;
        runner_fn *fn;
        uint32_t fcsr, value;
    } writes[] = {
        {"ctc1_31", r_ctc1_31, 0x00000000, 0x00020000}, /* Cause E: always traps */
        {"ctc1_31", r_ctc1_31, 0x00000000, 0x00010800}, /* Cause V, Enable V */
        {"ctc1_31", r_ctc1_31, 0x00000000, 0x00001080}, /* Cause I, Enable I */
        {"ctc1_31", r_ctc1_31, 0x00000000, 0x00005200}, /* Cause O|I, Enable O */
        {"ctc1_31", r_ctc1_31, 0x00000000, 0xffffffff}, /* everything: FPE_FLTINV */
        {"ctc1_26", r_ctc1_26, 0x00000400, 0x00008000}, /* FEXR: Cause Z, Enable Z */
        {"ctc1_26", r_ctc1_26, 0x00000000, 0x00020000}, /* FEXR: Cause E */
        {"ctc1_28", r_ctc1_28, 0x00002000, 0x00000100}, /* FENR: enable U over Cause U */
    };
    section("ctc1 that leaves an enabled Cause (or E) in FCSR traps after writing it");
    for (unsigned w = 0; w < COUNT(writes); w++) {
        struct io in = make_io(0, 0, 0, writes[w].fcsr), out;
        in.v0 = writes[w].value;
        int sig = run(writes[w].id, writes[w].fn, &in, &out, 1);
        show(writes[w].id, &in, &out, sig, SHOW_V0);
    }
}

/* Flags are sticky; Cause is replaced by each computing instruction (and left alone by the
 * others): a chain where each step starts from the previous FCSR. */
static void flag_chain(void)
{
    static const struct {
        const char *id;
        runner_fn *fn;
        uint64_t a, b;
    } steps[] = {
        {"div_s", r_div_s, S(0x3f800000), S(0)},          /* Z */
        {"add_s", r_add_s, S(0x3f800000), S(0x30800000)}, /* I */
        {"mov_s", r_mov_s, S(0x7fc00000), 0},             /* nothing, Cause kept */
        {"abs_d", r_abs_d, 0x7ff8000000000000ull, 0},     /* nothing, Cause kept */
        {"c_eq_s", r_c_eq_s, S(0x3f800000), S(0x3f800000)}, /* no exception: Cause cleared */
        {"mul_d", r_mul_d, 0x7fefffffffffffffull, 0x4000000000000000ull}, /* O|I */
        {"cvt_w_s", r_cvt_w_s, S(0x7fc00000), 0},        /* V */
        {"mfc1_f2", r_mfc1_f2, S(0x7fc00000), 0},        /* nothing */
        {"sub_d", r_sub_d, 0x0010000000000000ull, 0x000fffffffffffffull}, /* exact: none */
        {"mul_s", r_mul_s, S(0x00800000), S(0x3f000000)}, /* exact subnormal: none */
        {"mul_s", r_mul_s, S(0x00800001), S(0x3f000000)}, /* U|I */
    };
    section("exception flags accumulate; Cause is per instruction");
    uint32_t fcsr = 0x00000002;
    for (unsigned s = 0; s < COUNT(steps); s++) {
        struct io in = make_io(steps[s].a, steps[s].b, 0, fcsr), out;
        int sig = run(steps[s].id, steps[s].fn, &in, &out, 1);
        show(steps[s].id, &in, &out, sig, SHOW_F2D | SHOW_F4D);
        fcsr = out.fcsr;
    }
}

/* ------------------------------------------------------------------------------------ */
/* Ordinary C                                                                           */
/* ------------------------------------------------------------------------------------ */

static uint64_t bits_d(double d)
{
    uint64_t u;
    memcpy(&u, &d, sizeof u);
    return u;
}

static uint32_t bits_f(float f)
{
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    return u;
}

static double from_bits_d(uint64_t u)
{
    double d;
    memcpy(&d, &u, sizeof d);
    return d;
}

static void ordinary_c(void)
{
    section("printf");
    static const uint64_t printed[] = {
        0x0000000000000000ull, 0x8000000000000000ull, 0x3fb999999999999aull, /* 0.1 */
        0x3fd5555555555555ull, 0x400921fb54442d18ull, 0x0000000000000001ull,
        0x0010000000000000ull, 0x7fefffffffffffffull, 0x4415af1d78b58c40ull, /* 1e20 */
        0x3ff0000000000001ull, 0xc1e0000000000000ull, 0x7ff0000000000000ull,
        0xfff0000000000000ull, 0x7ff7ffffffffffffull, 0x44b52d02c7e14af6ull, /* 1e23 */
        0x3e112e0be826d695ull,                                               /* 1e-9 */
    };
    for (unsigned i = 0; i < COUNT(printed); i++) {
        const double d = from_bits_d(printed[i]);
        printf("%016llx %.17g %a %e %.3f\n", (unsigned long long)printed[i], d, d, d,
               fabs(d) < 1e30 ? d : 0.0);
    }
    printf("%.30f %.20e %g %g %.0f %.0f %.0f %.0f\n", 0.1, 1.0 / 3.0, 1e-5, 123456789.0, 0.5,
           1.5, 2.5, -0.5);
    printf("%f %.10f %.25e\n", 1e15 + 0.3, 3.141592653589793, 2.2250738585072014e-308);
    printf("%.17g %.9g %a\n", (double)0.1f, 0.1f, (double)(float)(1.0 / 3.0));

    section("strtod / strtof");
    static const char *const numbers[] = {
        "0.1", "1e-400", "2.2250738585072011e-308", "2.2250738585072012e-308", "4.9e-324",
        "2.4703282292062327e-324", "2.4703282292062328e-324", "1.7976931348623157e308",
        "1.7976931348623159e308", "1e309", "0x1.fffffffffffffp1023", "0x1p-1074", "-0",
        "inf", "-Infinity", "nan", "-nan(123)", "0.30000000000000004", "9007199254740993",
        "123456789012345678901234567890", "1.00000000000000011102230246251565404236316680908203125",
        "3.4028235677973366e38", "1.17549435e-38", "  -12.5e+2xyz",
    };
    for (unsigned i = 0; i < COUNT(numbers); i++) {
        char *end;
        const double d = strtod(numbers[i], &end);
        const float f = strtof(numbers[i], NULL);
        printf("%-56s %016llx %08x %.17g +%d\n", numbers[i], (unsigned long long)bits_d(d),
               bits_f(f), d, (int)(end - numbers[i]));
    }

    section("libm");
    static const double args[] = {0.5, 1.0, 2.0, 10.0, -3.25, 1e-300, 100.0, 0.7853981633974483};
    for (unsigned i = 0; i < COUNT(args); i++) {
        const double x = args[i];
        printf("x=%a sqrt %a exp %a log %a pow %a sin %a cos %a atan2 %a\n", x,
               sqrt(fabs(x)), exp(x), log(fabs(x)), pow(fabs(x), 1.0 / 3.0), sin(x), cos(x),
               atan2(x, 3.0));
        printf("      tan %a cbrt %a hypot %a fmod %a expm1 %a log1p %a floor %a rint %a\n",
               tan(x), cbrt(x), hypot(x, 1.5), fmod(x, 0.75), expm1(x), log1p(fabs(x)),
               floor(x), rint(x));
        const float xf = (float)x;
        printf("      sqrtf %a expf %a logf %a sinf %a powf %a\n", (double)sqrtf(fabsf(xf)),
               (double)expf(xf), (double)logf(fabsf(xf)), (double)sinf(xf),
               (double)powf(fabsf(xf), 2.5f));
    }

    section("casts");
    static const double casts[] = {0.0, -0.0, 0.5, -0.5, 1.5, -1.5, 2.5, 2147483647.0,
                                   2147483647.9, -2147483648.0, -2147483648.9, 2147483648.0,
                                   4294967295.0, 4294967296.0, 1e19, -1e19, 1e300, -1e300,
                                   9007199254740993.0, 16777217.0};
    for (unsigned i = 0; i < COUNT(casts); i++) {
        volatile double d = casts[i];
        volatile float f = (float)d;
        printf("%-22.17g int %d unsigned %u float %08x longlong %lld ulonglong %llu int(f) %d\n",
               d, (fabs(d) < 2147483648.0) ? (int)d : -1,
               (d >= 0 && d < 4294967296.0) ? (unsigned)d : 0u, bits_f(f),
               (fabs(d) < 9.2e18) ? (long long)d : 0LL,
               (d >= 0 && d < 1.8e19) ? (unsigned long long)d : 0ULL,
               (fabsf(f) < 2147483648.0f) ? (int)f : -1);
    }
    static const long long ints[] = {0, 1, -1, 16777217, 2147483647, -2147483647 - 1,
                                     9007199254740993LL, -9223372036854775807LL - 1,
                                     0x7fffffffffffffffLL, 123456789012345LL};
    for (unsigned i = 0; i < COUNT(ints); i++) {
        volatile long long v = ints[i];
        printf("%lld -> double %016llx float %08x (int) double %016llx\n", v,
               (unsigned long long)bits_d((double)v), bits_f((float)v),
               (unsigned long long)bits_d((double)(int)v));
    }

    section("rounding modes through fesetround");
    static const int modes[] = {FE_TONEAREST, FE_TOWARDZERO, FE_UPWARD, FE_DOWNWARD};
    static const char *const names[] = {"nearest", "zero", "up", "down"};
    for (unsigned m = 0; m < 4; m++) {
        fesetround(modes[m]);
        volatile double third = 1.0, three = 3.0, big = 1e308, tiny = 4.9e-324;
        volatile float f = 1.0f;
        printf("%-7s 1/3 %016llx -1/3 %016llx big*10 %016llx tiny/2 %016llx 1f/3 %08x "
               "rint(2.5) %g rint(-2.5) %g lrint(2.5) %ld nearbyint(-0.5) %g strtod(0.1) %016llx "
               "%.20f\n",
               names[m], (unsigned long long)bits_d(third / three),
               (unsigned long long)bits_d(-third / three), (unsigned long long)bits_d(big * 10),
               (unsigned long long)bits_d(tiny / 2), bits_f(f / 3.0f), rint(2.5), rint(-2.5),
               lrint(2.5), nearbyint(-0.5), (unsigned long long)bits_d(strtod("0.1", NULL)),
               1.0 / 3.0);
        printf("        fetestexcept after: %#x\n",
               (unsigned)fetestexcept(FE_ALL_EXCEPT));
        feclearexcept(FE_ALL_EXCEPT);
    }
    fesetround(FE_TONEAREST);
}

/* ------------------------------------------------------------------------------------ */

int main(void)
{
    uint32_t fir, fcsr, initial[32];
    /* The FPU as the program finds it. */
    __asm__ volatile("cfc1 %0, $0\n\tcfc1 %1, $31" : "=r"(fir), "=r"(fcsr));
    __asm__ volatile(".set push\n\t.set oddspreg\n\t"
                     "swc1 $f0, 0(%0)\n\tswc1 $f1, 4(%0)\n\tswc1 $f2, 8(%0)\n\t"
                     "swc1 $f3, 12(%0)\n\tswc1 $f4, 16(%0)\n\tswc1 $f5, 20(%0)\n\t"
                     "swc1 $f6, 24(%0)\n\tswc1 $f7, 28(%0)\n\tswc1 $f8, 32(%0)\n\t"
                     "swc1 $f9, 36(%0)\n\tswc1 $f10, 40(%0)\n\tswc1 $f11, 44(%0)\n\t"
                     "swc1 $f12, 48(%0)\n\tswc1 $f13, 52(%0)\n\tswc1 $f14, 56(%0)\n\t"
                     "swc1 $f15, 60(%0)\n\tswc1 $f16, 64(%0)\n\tswc1 $f17, 68(%0)\n\t"
                     "swc1 $f18, 72(%0)\n\tswc1 $f19, 76(%0)\n\tswc1 $f20, 80(%0)\n\t"
                     "swc1 $f21, 84(%0)\n\tswc1 $f22, 88(%0)\n\tswc1 $f23, 92(%0)\n\t"
                     "swc1 $f24, 96(%0)\n\tswc1 $f25, 100(%0)\n\tswc1 $f26, 104(%0)\n\t"
                     "swc1 $f27, 108(%0)\n\tswc1 $f28, 112(%0)\n\tswc1 $f29, 116(%0)\n\t"
                     "swc1 $f30, 120(%0)\n\tswc1 $f31, 124(%0)\n\t.set pop"
                     :
                     : "r"(initial)
                     : "memory");

    /* Input: nothing (compact output), "verbose", or "verbose random N SEED" (only N random
     * instructions, for replaying on the host). */
    char request[64] = {0};
    unsigned random_count = 0;
    unsigned long long seed = 0;
    if (read(0, request, sizeof request - 1) >= 7 && memcmp(request, "verbose", 7) == 0) {
        verbose = 1;
        if (sscanf(request, "verbose random %u %llu", &random_count, &seed) == 2) {
            random_state = seed | 1;
            catch_faults();
            random_ops(random_count);
            return 0;
        }
    }

    printf("zkmips fpu test: MIPS32r2 FPU, FR = 0, legacy NaN\n");
    printf("at start: FIR %08x FCSR %08x FPRs", fir, fcsr);
    for (int i = 0; i < 32; i++)
        printf(" %x", initial[i]);
    printf("\n");

    catch_faults();
    arithmetic_samples();
    moves();
    control_registers();
    conditional_moves();
    branches();
    flag_chain();
    sweeps();
    ordinary_c();
    /* Last, everything that raises a signal (each one caught and undone): SIGBUS/SIGSEGV from
     * loads and stores, SIGILL from reserved encodings, SIGFPE from enabled IEEE exceptions. */
    loads_stores();
    reserved();
    traps();
    printf("\nend\n");
    return 0;
}
