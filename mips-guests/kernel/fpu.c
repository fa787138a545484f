/*
 * fpu.c — entry point of the FPU emulator: decodes the instruction classes that touch the FPU
 * and handles everything that is not IEEE arithmetic: moves between GPRs and FPRs, the control
 * registers (FIR, FCSR and its FCCR/FEXR/FENR views), FP branches, movf/movt on GPRs, and the
 * FPU loads and stores. Arithmetic formats go to fpu-arith.c.
 *
 * Encodings: MIPS32 Architecture Vol. II (rev. 2.x, the Release 2 opcode tables). What is
 * reserved, and every behaviour not fixed by the manual, follows qemu 7.2's translator for the
 * 24Kf with Status.FR = 0 (target/mips/tcg/translate.c: gen_cp1, gen_compute_branch1,
 * gen_movci, gen_flt_ldst, gen_flt3_ldst; fpu_helper.c: helper_cfc1, helper_ctc1).
 */
#include "fpu-internal.h"

/* Major opcodes. */
#define OP_SPECIAL 0x00
#define OP_COP1 0x11
#define OP_COP1X 0x13
#define OP_LWC1 0x31
#define OP_LDC1 0x35
#define OP_SWC1 0x39
#define OP_SDC1 0x3d
#define SPECIAL_MOVCI 0x01

/* COP1 rs-field sub-opcodes that are not formats. */
#define COP1_MFC1 0
#define COP1_CFC1 2
#define COP1_MFHC1 3
#define COP1_MTC1 4
#define COP1_CTC1 6
#define COP1_MTHC1 7
#define COP1_BC1 8

/* COP1X functs that are not arithmetic. */
#define COP1X_LWXC1 0x00
#define COP1X_LDXC1 0x01
#define COP1X_LUXC1 0x05
#define COP1X_SWXC1 0x08
#define COP1X_SDXC1 0x09
#define COP1X_SUXC1 0x0d
#define COP1X_PREFX 0x0f

/* --- common endings (declared in fpu-internal.h) --------------------------------------- */

void fpu_advance(struct user_context *ctx)
{
    ctx->pc = ctx->next_pc;
    ctx->next_pc += 4;
}

int fpu_reserved(const struct user_context *ctx, struct fault *fault)
{
    fault->signal = SIGILL;
    fault->code = FPU_SIGILL_CODE;
    fault->address = ctx->pc;
    return -1;
}

int fpu_sigfpe(const struct user_context *ctx, const struct fpu_state *fpu,
               struct fault *fault)
{
    /* qemu linux-user/mips/cpu_loop.c (EXCP_FPE): the first Cause bit in this order. */
    const u32 cause = (fpu->fcsr & FPU_FCSR_CAUSE) >> FPU_FCSR_CAUSE_SHIFT;
    int code = FPE_FLTUNK;
    if (cause & FPU_EX_INVALID)
        code = FPE_FLTINV;
    else if (cause & FPU_EX_DIVZERO)
        code = FPE_FLTDIV;
    else if (cause & FPU_EX_OVERFLOW)
        code = FPE_FLTOVF;
    else if (cause & FPU_EX_UNDERFLOW)
        code = FPE_FLTUND;
    else if (cause & FPU_EX_INEXACT)
        code = FPE_FLTRES;
    fault->signal = SIGFPE;
    fault->code = code;
    fault->address = ctx->pc;
    return -1;
}

int fpu_raise(const struct user_context *ctx, struct fpu_state *fpu, u32 ex,
              struct fault *fault)
{
    const u32 enables = (fpu->fcsr >> FPU_FCSR_ENABLES_SHIFT) & 0x1f;
    fpu->fcsr = (fpu->fcsr & ~FPU_FCSR_CAUSE) | (ex << FPU_FCSR_CAUSE_SHIFT);
    if (ex & enables)
        return fpu_sigfpe(ctx, fpu, fault);
    fpu->fcsr |= ex << FPU_FCSR_FLAGS_SHIFT;
    return 0;
}

void fpu_reset(struct fpu_state *fpu)
{
    for (int i = 0; i < 32; i++)
        fpu->fpr[i] = 0;
    fpu->fcsr = 0;
}

/* --- control registers ------------------------------------------------------------------ */

/* cfc1: FIR, the FCCR (25), FEXR (26) and FENR (28) views of FCSR, else FCSR itself. */
static u32 control_read(const struct fpu_state *fpu, u32 reg)
{
    const u32 fcsr = fpu->fcsr;
    switch (reg) {
    case 0:
        return FPU_FIR;
    case 1: /* UFR and FRE views: absent (FIR.UFRP = FIR.FREP = 0), read as 0 */
    case 5:
        return 0;
    case 25: /* FCC7..1 at bits 7..1, FCC0 at bit 0 */
        return ((fcsr >> 24) & 0xfe) | ((fcsr >> 23) & 1);
    case 26: /* Cause and Flags */
        return fcsr & 0x0003f07c;
    case 28: /* Enables, FS at bit 2, RM */
        return (fcsr & 0x00000f83) | ((fcsr >> 22) & 4);
    default: /* qemu: every other number reads FCSR */
        return fcsr;
    }
}

/*
 * ctc1. Writes that qemu ignores return 0 without the trap check. After a write to FCSR (or a
 * view) the new Cause is checked against Enables, with E always enabled: the write stays and
 * SIGFPE is raised at the ctc1.
 */
static int control_write(struct user_context *ctx, struct fpu_state *fpu, u32 reg, u32 value,
                         struct fault *fault)
{
    u32 fcsr = fpu->fcsr;
    switch (reg) {
    case 25:
        if (value & 0xffffff00)
            return 0;
        fcsr = (fcsr & 0x017fffff) | ((value & 0xfe) << 24) | ((value & 1) << 23);
        break;
    case 26:
        if (value & 0x007c0000)
            return 0;
        fcsr = (fcsr & 0xfffc0f83) | (value & 0x0003f07c);
        break;
    case 28:
        if (value & 0x007c0000)
            return 0;
        fcsr = (fcsr & 0xfefff07c) | (value & 0x00000f83) | ((value & 4) << 22);
        break;
    case 31:
        fcsr = (value & FPU_FCSR_WRITABLE) | (fcsr & ~FPU_FCSR_WRITABLE);
        break;
    default: /* 1, 4, 5, 6 (UFR/UNFR/FRE aliases, absent) and the rest: no effect */
        return 0;
    }
    fpu->fcsr = fcsr;
    const u32 cause = (fcsr & FPU_FCSR_CAUSE) >> FPU_FCSR_CAUSE_SHIFT;
    const u32 enables = ((fcsr >> FPU_FCSR_ENABLES_SHIFT) & 0x1f) | FPU_EX_UNIMPL;
    if (cause & enables)
        return fpu_sigfpe(ctx, fpu, fault);
    return 0;
}

/* --- COP1 moves and branches -------------------------------------------------------------- */

static void set_gpr(struct user_context *ctx, u32 reg, u32 value)
{
    if (reg != 0)
        ctx->regs[reg] = value;
}

/* bc1f, bc1t, bc1fl, bc1tl: nd = bit 17, tf = bit 16, cc = bits 20..18. */
static void branch(struct user_context *ctx, const struct fpu_state *fpu, u32 insn)
{
    const u32 cc = (insn >> 18) & 7;
    const int likely = (insn >> 17) & 1;
    const int want = (insn >> 16) & 1;
    const u32 target = ctx->pc + 4 + (insn_simm(insn) << 2);
    if (fcsr_cc(fpu->fcsr, cc) == want) {
        ctx->pc = ctx->next_pc;
        ctx->next_pc = target;
    } else if (likely) {
        ctx->pc = ctx->next_pc + 4;
        ctx->next_pc = ctx->pc + 4;
    } else {
        fpu_advance(ctx);
    }
}

static int cop1(struct user_context *ctx, struct fpu_state *fpu, u32 insn, struct fault *fault)
{
    const u32 rt = insn_rt(insn), fs = insn_rd(insn);
    switch (insn_rs(insn)) {
    case COP1_MFC1:
        set_gpr(ctx, rt, fpu->fpr[fs]);
        break;
    case COP1_CFC1:
        set_gpr(ctx, rt, control_read(fpu, fs));
        break;
    case COP1_MFHC1: /* FR = 0: the odd register of the pair */
        set_gpr(ctx, rt, fpu->fpr[fs | 1]);
        break;
    case COP1_MTC1:
        fpu->fpr[fs] = ctx->regs[rt];
        break;
    case COP1_CTC1:
        if (control_write(ctx, fpu, fs, ctx->regs[rt], fault))
            return -1;
        break;
    case COP1_MTHC1:
        fpu->fpr[fs | 1] = ctx->regs[rt];
        break;
    case COP1_BC1:
        branch(ctx, fpu, insn);
        return 0;
    case FMT_S:
    case FMT_D:
    case FMT_W:
    case FMT_L:
    case FMT_PS:
        return fpu_cop1_arith(ctx, fpu, insn, fault);
    default: /* dmfc1/dmtc1 (MIPS64), bc1any2/bc1any4 (MIPS-3D), unassigned */
        return fpu_reserved(ctx, fault);
    }
    fpu_advance(ctx);
    return 0;
}

/* movf/movt rd, rs, cc (SPECIAL funct 1): tf = bit 16, cc = bits 20..18. */
static int movci(struct user_context *ctx, const struct fpu_state *fpu, u32 insn)
{
    const u32 cc = (insn >> 18) & 7;
    const int want = (insn >> 16) & 1;
    if (fcsr_cc(fpu->fcsr, cc) == want)
        set_gpr(ctx, insn_rd(insn), ctx->regs[insn_rs(insn)]);
    fpu_advance(ctx);
    return 0;
}

/* --- loads and stores ----------------------------------------------------------------------- */

static int misaligned(u32 address, struct fault *fault)
{
    fault->signal = SIGBUS;
    fault->code = BUS_ADRALN;
    fault->address = address;
    return -1;
}

/* A doubleword is big-endian in memory: the high word (odd register) at the lower address. */
static int load_double(struct fpu_state *fpu, u32 reg, u32 address, struct fault *fault)
{
    u32 hi, lo;
    if (address & 7)
        return misaligned(address, fault);
    if (user_load_word(address, &hi, fault) || user_load_word(address + 4, &lo, fault))
        return -1;
    fpr_write_d(fpu, reg, ((u64)hi << 32) | lo);
    return 0;
}

/* Both words are in one page once aligned, so the second store cannot fail after the first. */
static int store_double(const struct fpu_state *fpu, u32 reg, u32 address, struct fault *fault)
{
    const u64 value = fpr_read_d(fpu, reg);
    if (address & 7)
        return misaligned(address, fault);
    if (user_store_word(address, (u32)(value >> 32), fault) ||
        user_store_word(address + 4, (u32)value, fault))
        return -1;
    return 0;
}

/* lwc1, ldc1, swc1, sdc1 ft, offset(base). ldc1/sdc1 take an odd ft as its pair (qemu). */
static int load_store(struct user_context *ctx, struct fpu_state *fpu, u32 insn,
                      struct fault *fault)
{
    const u32 ft = insn_rt(insn);
    const u32 address = ctx->regs[insn_rs(insn)] + insn_simm(insn);
    int failed;
    switch (insn >> 26) {
    case OP_LWC1: {
        u32 value;
        failed = user_load_word(address, &value, fault);
        if (!failed)
            fpu->fpr[ft] = value;
        break;
    }
    case OP_SWC1:
        failed = user_store_word(address, fpu->fpr[ft], fault);
        break;
    case OP_LDC1:
        failed = load_double(fpu, ft, address, fault);
        break;
    default: /* OP_SDC1 */
        failed = store_double(fpu, ft, address, fault);
        break;
    }
    if (failed)
        return -1;
    fpu_advance(ctx);
    return 0;
}

/*
 * COP1X: indexed loads and stores (address = base + index, rs and rt) and prefx; the rest is
 * arithmetic. lwxc1/ldxc1 write fd (sa field), swxc1/sdxc1 read fs (rd field); luxc1/suxc1
 * need FR = 1.
 */
static int cop1x(struct user_context *ctx, struct fpu_state *fpu, u32 insn, struct fault *fault)
{
    const u32 address = ctx->regs[insn_rs(insn)] + ctx->regs[insn_rt(insn)];
    const u32 fd = insn_sa(insn), fs = insn_rd(insn);
    int failed;
    switch (insn_funct(insn)) {
    case COP1X_LWXC1: {
        u32 value;
        failed = user_load_word(address, &value, fault);
        if (!failed)
            fpu->fpr[fd] = value;
        break;
    }
    case COP1X_LDXC1:
        if (fpu_odd_pair(fd))
            return fpu_reserved(ctx, fault);
        failed = load_double(fpu, fd, address, fault);
        break;
    case COP1X_SWXC1:
        failed = user_store_word(address, fpu->fpr[fs], fault);
        break;
    case COP1X_SDXC1:
        if (fpu_odd_pair(fs))
            return fpu_reserved(ctx, fault);
        failed = store_double(fpu, fs, address, fault);
        break;
    case COP1X_PREFX: /* a hint; no access, no fault */
        failed = 0;
        break;
    case COP1X_LUXC1:
    case COP1X_SUXC1:
        return fpu_reserved(ctx, fault);
    default:
        return fpu_cop1x_arith(ctx, fpu, insn, fault);
    }
    if (failed)
        return -1;
    fpu_advance(ctx);
    return 0;
}

/* --- entry ---------------------------------------------------------------------------------- */

int fpu_emulate(struct user_context *ctx, struct fpu_state *fpu, u32 instruction,
                struct fault *fault)
{
    switch (instruction >> 26) {
    case OP_SPECIAL:
        if (insn_funct(instruction) == SPECIAL_MOVCI)
            return movci(ctx, fpu, instruction);
        return fpu_reserved(ctx, fault);
    case OP_COP1:
        return cop1(ctx, fpu, instruction, fault);
    case OP_COP1X:
        return cop1x(ctx, fpu, instruction, fault);
    case OP_LWC1:
    case OP_LDC1:
    case OP_SWC1:
    case OP_SDC1:
        return load_store(ctx, fpu, instruction, fault);
    default:
        return fpu_reserved(ctx, fault);
    }
}
