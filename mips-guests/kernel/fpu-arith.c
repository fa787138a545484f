/*
 * fpu-arith.c — COP1 instructions with a format (S, D, W; L and PS are reserved with FR = 0)
 * and the COP1X multiply-add family: operand fetch with the FR = 0 register checks, the IEEE
 * operation (fpu-ieee.c), FCSR update and result write-back.
 *
 * Funct values: MIPS32 Vol. II, table "COP1 encoding of function field when rs = S/D/W".
 * Which encodings exist and which register numbers are checked follow qemu 7.2's gen_farith
 * and gen_flt3_arith for the 24Kf (Release 2, no MIPS-3D, no paired single, FR = 0):
 *   - funct 8..11 (round/trunc/ceil/floor.l), 37 (cvt.l), 38 (cvt.ps), 28..31 (MIPS-3D
 *     recip1/2, rsqrt1/2) and the L and PS formats need FR = 1: reserved;
 *   - funct 16, 20, 23..27 are Release 6 only: reserved;
 *   - D-format operands must be even except for movf/movt/movz/movn.d, which qemu does not
 *     check (they move the pair the number falls in).
 * Instructions that compute call fpu_raise (qemu's update_fcr31) before writing their result,
 * so a trapping exception leaves the destination untouched; abs, neg, mov and the conditional
 * moves only copy bits and leave FCSR alone (qemu's float*_abs/chs, non-2008 mode).
 */
#include "fpu-internal.h"

#define ONE_S 0x3f800000u
#define ONE_D 0x3ff0000000000000ull
#define SIGN_S 0x80000000u
#define SIGN_D 0x8000000000000000ull

/* Functs shared by S and D. */
enum {
    F_ADD = 0, F_SUB = 1, F_MUL = 2, F_DIV = 3, F_SQRT = 4, F_ABS = 5, F_MOV = 6, F_NEG = 7,
    F_ROUND_W = 12, F_TRUNC_W = 13, F_CEIL_W = 14, F_FLOOR_W = 15,
    F_MOVCF = 17, F_MOVZ = 18, F_MOVN = 19, F_RECIP = 21, F_RSQRT = 22,
    F_CVT_S = 32, F_CVT_D = 33, F_CVT_W = 36, F_C_FIRST = 48
};

/* The fixed rounding of round/trunc/ceil/floor.w (functs 12..15). */
static int fixed_rounding(u32 funct)
{
    static const int modes[4] = {FPU_RM_NEAREST, FPU_RM_ZERO, FPU_RM_UP, FPU_RM_DOWN};
    return modes[funct - F_ROUND_W];
}

/* movf/movt.fmt (ft = cc << 2 | tf), movz/movn.fmt (ft = GPR): whether to move. */
static int move_condition(const struct user_context *ctx, const struct fpu_state *fpu, u32 funct,
                          u32 ft)
{
    switch (funct) {
    case F_MOVCF:
        return fcsr_cc(fpu->fcsr, ft >> 2) == (int)(ft & 1);
    case F_MOVZ:
        return ctx->regs[ft] == 0;
    default: /* F_MOVN */
        return ctx->regs[ft] != 0;
    }
}

/*
 * c.cond.fmt: the condition's low three bits select "less", "equal", "unordered" (bits 2, 1,
 * 0); cond 8..15 also signal Invalid on quiet NaNs. cc is bits 10..8. The cc bit is written
 * only if no enabled exception traps.
 */
static int compare_end(struct user_context *ctx, struct fpu_state *fpu, u32 insn,
                       struct fpu_ieee *e, int relation, struct fault *fault)
{
    const u32 cond = insn_funct(insn) & 7;
    const u32 bit = fcsr_cc_bit((insn >> 8) & 7);
    if (fpu_raise(ctx, fpu, e->ex, fault))
        return -1;
    if ((u32)relation & cond)
        fpu->fcsr |= bit;
    else
        fpu->fcsr &= ~bit;
    fpu_advance(ctx);
    return 0;
}

/* Ends a computing instruction with a 32-bit or a 64-bit result in fd. */
static int end_32(struct user_context *ctx, struct fpu_state *fpu, struct fpu_ieee *e, u32 fd,
                  u32 result, struct fault *fault)
{
    if (fpu_raise(ctx, fpu, e->ex, fault))
        return -1;
    fpu->fpr[fd] = result;
    fpu_advance(ctx);
    return 0;
}

static int end_64(struct user_context *ctx, struct fpu_state *fpu, struct fpu_ieee *e, u32 fd,
                  u64 result, struct fault *fault)
{
    if (fpu_raise(ctx, fpu, e->ex, fault))
        return -1;
    fpr_write_d(fpu, fd, result);
    fpu_advance(ctx);
    return 0;
}

static int arith_s(struct user_context *ctx, struct fpu_state *fpu, u32 insn,
                   struct fault *fault)
{
    const u32 funct = insn_funct(insn);
    const u32 ft = insn_rt(insn), fs = insn_rd(insn), fd = insn_sa(insn);
    const u32 a = fpu->fpr[fs], b = fpu->fpr[ft];
    struct fpu_ieee e = fpu_ieee_env(fpu);

    if (funct >= F_C_FIRST)
        return compare_end(ctx, fpu, insn, &e, fpu_cmp_s(&e, a, b, funct & 8), fault);
    switch (funct) {
    case F_ADD:
        return end_32(ctx, fpu, &e, fd, fpu_add_s(&e, a, b), fault);
    case F_SUB:
        return end_32(ctx, fpu, &e, fd, fpu_sub_s(&e, a, b), fault);
    case F_MUL:
        return end_32(ctx, fpu, &e, fd, fpu_mul_s(&e, a, b), fault);
    case F_DIV:
        return end_32(ctx, fpu, &e, fd, fpu_div_s(&e, a, b), fault);
    case F_SQRT:
        return end_32(ctx, fpu, &e, fd, fpu_sqrt_s(&e, a), fault);
    case F_RECIP:
        return end_32(ctx, fpu, &e, fd, fpu_div_s(&e, ONE_S, a), fault);
    case F_RSQRT:
        return end_32(ctx, fpu, &e, fd, fpu_div_s(&e, ONE_S, fpu_sqrt_s(&e, a)), fault);
    case F_ROUND_W:
    case F_TRUNC_W:
    case F_CEIL_W:
    case F_FLOOR_W:
        return end_32(ctx, fpu, &e, fd, fpu_s_to_w(&e, a, fixed_rounding(funct)), fault);
    case F_CVT_W:
        return end_32(ctx, fpu, &e, fd, fpu_s_to_w(&e, a, e.rm), fault);
    case F_CVT_D:
        if (fpu_odd_pair(fd))
            return fpu_reserved(ctx, fault);
        return end_64(ctx, fpu, &e, fd, fpu_s_to_d(&e, a), fault);
    case F_ABS:
        fpu->fpr[fd] = a & ~SIGN_S;
        break;
    case F_NEG:
        fpu->fpr[fd] = a ^ SIGN_S;
        break;
    case F_MOV:
        fpu->fpr[fd] = a;
        break;
    case F_MOVCF:
    case F_MOVZ:
    case F_MOVN:
        if (move_condition(ctx, fpu, funct, ft))
            fpu->fpr[fd] = a;
        break;
    default:
        return fpu_reserved(ctx, fault);
    }
    fpu_advance(ctx);
    return 0;
}

static int arith_d(struct user_context *ctx, struct fpu_state *fpu, u32 insn,
                   struct fault *fault)
{
    const u32 funct = insn_funct(insn);
    const u32 ft = insn_rt(insn), fs = insn_rd(insn), fd = insn_sa(insn);
    const u64 a = fpr_read_d(fpu, fs), b = fpr_read_d(fpu, ft);
    struct fpu_ieee e = fpu_ieee_env(fpu);

    /* Register checks first: a reserved operand wins over everything else. */
    switch (funct) {
    case F_ADD:
    case F_SUB:
    case F_MUL:
    case F_DIV:
        if (fpu_odd_pair(fs | ft | fd))
            return fpu_reserved(ctx, fault);
        break;
    case F_SQRT:
    case F_ABS:
    case F_MOV:
    case F_NEG:
    case F_RECIP:
    case F_RSQRT:
        if (fpu_odd_pair(fs | fd))
            return fpu_reserved(ctx, fault);
        break;
    case F_ROUND_W:
    case F_TRUNC_W:
    case F_CEIL_W:
    case F_FLOOR_W:
    case F_CVT_S:
    case F_CVT_W:
        if (fpu_odd_pair(fs))
            return fpu_reserved(ctx, fault);
        break;
    default:
        if (funct >= F_C_FIRST && fpu_odd_pair(fs | ft))
            return fpu_reserved(ctx, fault);
        break;
    }

    if (funct >= F_C_FIRST)
        return compare_end(ctx, fpu, insn, &e, fpu_cmp_d(&e, a, b, funct & 8), fault);
    switch (funct) {
    case F_ADD:
        return end_64(ctx, fpu, &e, fd, fpu_add_d(&e, a, b), fault);
    case F_SUB:
        return end_64(ctx, fpu, &e, fd, fpu_sub_d(&e, a, b), fault);
    case F_MUL:
        return end_64(ctx, fpu, &e, fd, fpu_mul_d(&e, a, b), fault);
    case F_DIV:
        return end_64(ctx, fpu, &e, fd, fpu_div_d(&e, a, b), fault);
    case F_SQRT:
        return end_64(ctx, fpu, &e, fd, fpu_sqrt_d(&e, a), fault);
    case F_RECIP:
        return end_64(ctx, fpu, &e, fd, fpu_div_d(&e, ONE_D, a), fault);
    case F_RSQRT:
        return end_64(ctx, fpu, &e, fd, fpu_div_d(&e, ONE_D, fpu_sqrt_d(&e, a)), fault);
    case F_ROUND_W:
    case F_TRUNC_W:
    case F_CEIL_W:
    case F_FLOOR_W:
        return end_32(ctx, fpu, &e, fd, fpu_d_to_w(&e, a, fixed_rounding(funct)), fault);
    case F_CVT_W:
        return end_32(ctx, fpu, &e, fd, fpu_d_to_w(&e, a, e.rm), fault);
    case F_CVT_S:
        return end_32(ctx, fpu, &e, fd, fpu_d_to_s(&e, a), fault);
    case F_ABS:
        fpr_write_d(fpu, fd, a & ~SIGN_D);
        break;
    case F_NEG:
        fpr_write_d(fpu, fd, a ^ SIGN_D);
        break;
    case F_MOV:
        fpr_write_d(fpu, fd, a);
        break;
    case F_MOVCF:
    case F_MOVZ:
    case F_MOVN:
        if (move_condition(ctx, fpu, funct, ft))
            fpr_write_d(fpu, fd, a);
        break;
    default:
        return fpu_reserved(ctx, fault);
    }
    fpu_advance(ctx);
    return 0;
}

/* W format: only cvt.s.w and cvt.d.w exist. */
static int arith_w(struct user_context *ctx, struct fpu_state *fpu, u32 insn,
                   struct fault *fault)
{
    const u32 fs = insn_rd(insn), fd = insn_sa(insn);
    struct fpu_ieee e = fpu_ieee_env(fpu);
    switch (insn_funct(insn)) {
    case F_CVT_S:
        return end_32(ctx, fpu, &e, fd, fpu_w_to_s(&e, fpu->fpr[fs]), fault);
    case F_CVT_D:
        if (fpu_odd_pair(fd))
            return fpu_reserved(ctx, fault);
        return end_64(ctx, fpu, &e, fd, fpu_w_to_d(&e, fpu->fpr[fs]), fault);
    default:
        return fpu_reserved(ctx, fault);
    }
}

int fpu_cop1_arith(struct user_context *ctx, struct fpu_state *fpu, u32 insn,
                   struct fault *fault)
{
    switch (insn_rs(insn)) {
    case FMT_S:
        return arith_s(ctx, fpu, insn, fault);
    case FMT_D:
        return arith_d(ctx, fpu, insn, fault);
    case FMT_W:
        return arith_w(ctx, fpu, insn, fault);
    default: /* FMT_L and FMT_PS need FR = 1 (and PS a paired-single FPU) */
        return fpu_reserved(ctx, fault);
    }
}

/*
 * madd/msub/nmadd/nmsub.fmt fd, fr, fs, ft (COP1X, funct = op << 3 | fmt): fs·ft ± fr, rounded
 * after the multiply and again after the add, the n- forms then negated (a NaN result too).
 * This is qemu's helper_float_madd_* and what the 24Kf does (its multiply-add is not fused).
 */
int fpu_cop1x_arith(struct user_context *ctx, struct fpu_state *fpu, u32 insn,
                    struct fault *fault)
{
    const u32 funct = insn_funct(insn);
    const u32 op = funct >> 3, fmt = funct & 7;
    const u32 fr = insn_rs(insn), ft = insn_rt(insn), fs = insn_rd(insn), fd = insn_sa(insn);
    const int subtract = op == 5 || op == 7, negate = op >= 6;
    struct fpu_ieee e = fpu_ieee_env(fpu);

    if (op < 4 || (fmt != 0 && fmt != 1)) /* funct 0x00..0x1f unassigned or ALNV.PS; .PS */
        return fpu_reserved(ctx, fault);
    if (fmt == 0) {
        const u32 product = fpu_mul_s(&e, fpu->fpr[fs], fpu->fpr[ft]);
        u32 r = subtract ? fpu_sub_s(&e, product, fpu->fpr[fr])
                         : fpu_add_s(&e, product, fpu->fpr[fr]);
        return end_32(ctx, fpu, &e, fd, negate ? r ^ SIGN_S : r, fault);
    }
    if (fpu_odd_pair(fd | fs | ft | fr))
        return fpu_reserved(ctx, fault);
    const u64 product = fpu_mul_d(&e, fpr_read_d(fpu, fs), fpr_read_d(fpu, ft));
    u64 r = subtract ? fpu_sub_d(&e, product, fpr_read_d(fpu, fr))
                     : fpu_add_d(&e, product, fpr_read_d(fpu, fr));
    return end_64(ctx, fpu, &e, fd, negate ? r ^ SIGN_D : r, fault);
}
