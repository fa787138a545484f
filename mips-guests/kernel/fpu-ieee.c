/*
 * fpu-ieee.c — the FPU emulator's IEEE arithmetic: thin wrappers around glibc's soft-fp macros
 * (soft-fp.h, single.h, double.h, op-*.h; configured by softfp/sfp-machine.h), plus the three
 * places where qemu-mips' FPU does something soft-fp does not do by itself:
 *
 *   1. NaN operands. qemu runs legacy-NaN MIPS in default-NaN mode: whatever the operands, a
 *      NaN result is the default NaN, and Invalid is raised iff an operand is signalling. The
 *      wrappers settle NaN operands up front (nan_result_*), so soft-fp's own NaN selection
 *      only matters for NaNs it creates (inf - inf, 0 * inf, sqrt(-1), …), which
 *      sfp-machine.h makes the default NaN too.
 *   2. FCSR.FS = 1. qemu flushes a result whose exponent, before rounding, is below the normal
 *      range to a zero of the same sign and raises nothing (softfloat's output_denormal flag,
 *      which qemu does not map to any FCSR bit). Inputs are never flushed. soft-fp has no
 *      output flushing, so each wrapper inspects the unrounded result (exponent 0 in
 *      soft-fp's semi-raw form, biased exponent <= 0 in its canonical form) before packing.
 *   3. Conversion to int32 (cvt/round/trunc/ceil/floor.w): Invalid (NaN or out of range)
 *      yields 0x7fffffff and only Invalid is reported (qemu's FP_TO_INT32_OVERFLOW).
 *
 * Each wrapper declares `fpu_rm`, the rounding mode soft-fp's FP_ROUNDMODE reads, and soft-fp's
 * exception accumulator `_fex` (FP_DECL_EX), which it ORs into e->ex at the end.
 */
#include "fpu-ieee.h"

#include "soft-fp.h"
#include "single.h"
#include "double.h"

/* --- raw bit patterns <-> soft-fp's (sign, biased exponent, fraction) ------------------ */
/* (soft-fp's own raw macros go through a union of the host's float type; these do not.)   */

#define UNPACK_RAW_S(X, w)                                                                   \
    do {                                                                                     \
        X##_f = (w) & 0x007fffffu;                                                           \
        X##_e = (int)(((w) >> 23) & 0xff);                                                   \
        X##_s = (int)((w) >> 31);                                                            \
    } while (0)
#define PACK_RAW_S(X) (((u32)X##_s << 31) | ((u32)(X##_e & 0xff) << 23) | (X##_f & 0x007fffffu))

#define UNPACK_RAW_D(X, v)                                                                   \
    do {                                                                                     \
        X##_f0 = (u32)(v);                                                                   \
        X##_f1 = (u32)((v) >> 32) & 0x000fffffu;                                             \
        X##_e = (int)(((v) >> 52) & 0x7ff);                                                  \
        X##_s = (int)((v) >> 63);                                                            \
    } while (0)
#define PACK_RAW_D(X)                                                                        \
    (((u64)X##_s << 63) | ((u64)(X##_e & 0x7ff) << 52) | ((u64)(X##_f1 & 0x000fffffu) << 32) \
     | (u64)X##_f0)

/* Semi-raw (add, sub, truncation): tiny before rounding <=> biased exponent 0, fraction != 0. */
#define TINY_SEMIRAW_S(X) (X##_e == 0 && !_FP_FRAC_ZEROP_1(X))
#define TINY_SEMIRAW_D(X) (X##_e == 0 && !_FP_FRAC_ZEROP_2(X))
/* Canonical (mul, div, sqrt): a normal-class value whose unbiased exponent is below emin. */
#define TINY_CANONICAL(fs, X) (X##_c == FP_CLS_NORMAL && X##_e + _FP_EXPBIAS_##fs <= 0)

/* --- NaN operands (qemu default-NaN mode, legacy signalling bit) ----------------------- */

static int is_nan_s(u32 a) { return (a & 0x7fffffffu) > 0x7f800000u; }
static int is_snan_s(u32 a) { return is_nan_s(a) && (a & 0x00400000u) != 0; }
static int is_nan_d(u64 a) { return (a & 0x7fffffffffffffffull) > 0x7ff0000000000000ull; }
static int is_snan_d(u64 a) { return is_nan_d(a) && (a & 0x0008000000000000ull) != 0; }

static u32 nan_result_s(struct fpu_ieee *e, int signalling)
{
    if (signalling)
        e->ex |= FPU_EX_INVALID;
    return FPU_DEFAULT_NAN_S;
}

static u64 nan_result_d(struct fpu_ieee *e, int signalling)
{
    if (signalling)
        e->ex |= FPU_EX_INVALID;
    return FPU_DEFAULT_NAN_D;
}

/* --- single precision ------------------------------------------------------------------ */

static u32 addsub_s(struct fpu_ieee *e, u32 a, u32 b, int subtract)
{
    if (is_nan_s(a) || is_nan_s(b))
        return nan_result_s(e, is_snan_s(a) || is_snan_s(b));
    const int fpu_rm = e->rm;
    FP_DECL_EX;
    FP_DECL_S(A);
    FP_DECL_S(B);
    FP_DECL_S(R);
    u32 r;
    UNPACK_RAW_S(A, a);
    UNPACK_RAW_S(B, b);
    _FP_UNPACK_SEMIRAW(S, 1, A);
    _FP_UNPACK_SEMIRAW(S, 1, B);
    if (subtract)
        FP_SUB_S(R, A, B);
    else
        FP_ADD_S(R, A, B);
    if (e->flush && TINY_SEMIRAW_S(R))
        return (u32)R_s << 31;
    _FP_PACK_SEMIRAW(S, 1, R);
    r = PACK_RAW_S(R);
    e->ex |= (u32)_fex;
    return r;
}

u32 fpu_add_s(struct fpu_ieee *e, u32 a, u32 b) { return addsub_s(e, a, b, 0); }
u32 fpu_sub_s(struct fpu_ieee *e, u32 a, u32 b) { return addsub_s(e, a, b, 1); }

/* mul (op 0), div (op 1) and sqrt (op 2, b unused) work on canonical operands. */
static u32 canonical_s(struct fpu_ieee *e, u32 a, u32 b, int op)
{
    if (is_nan_s(a) || (op != 2 && is_nan_s(b)))
        return nan_result_s(e, is_snan_s(a) || (op != 2 && is_snan_s(b)));
    const int fpu_rm = e->rm;
    FP_DECL_EX;
    FP_DECL_S(A);
    FP_DECL_S(B);
    FP_DECL_S(R);
    u32 r;
    UNPACK_RAW_S(A, a);
    _FP_UNPACK_CANONICAL(S, 1, A);
    if (op == 2) {
        FP_SQRT_S(R, A);
    } else {
        UNPACK_RAW_S(B, b);
        _FP_UNPACK_CANONICAL(S, 1, B);
        if (op == 0)
            FP_MUL_S(R, A, B);
        else
            FP_DIV_S(R, A, B);
    }
    if (e->flush && TINY_CANONICAL(S, R))
        return (u32)R_s << 31;
    _FP_PACK_CANONICAL(S, 1, R);
    r = PACK_RAW_S(R);
    e->ex |= (u32)_fex;
    return r;
}

u32 fpu_mul_s(struct fpu_ieee *e, u32 a, u32 b) { return canonical_s(e, a, b, 0); }
u32 fpu_div_s(struct fpu_ieee *e, u32 a, u32 b) { return canonical_s(e, a, b, 1); }
u32 fpu_sqrt_s(struct fpu_ieee *e, u32 a) { return canonical_s(e, a, 0, 2); }

/* --- double precision ------------------------------------------------------------------ */

static u64 addsub_d(struct fpu_ieee *e, u64 a, u64 b, int subtract)
{
    if (is_nan_d(a) || is_nan_d(b))
        return nan_result_d(e, is_snan_d(a) || is_snan_d(b));
    const int fpu_rm = e->rm;
    FP_DECL_EX;
    FP_DECL_D(A);
    FP_DECL_D(B);
    FP_DECL_D(R);
    u64 r;
    UNPACK_RAW_D(A, a);
    UNPACK_RAW_D(B, b);
    _FP_UNPACK_SEMIRAW(D, 2, A);
    _FP_UNPACK_SEMIRAW(D, 2, B);
    if (subtract)
        FP_SUB_D(R, A, B);
    else
        FP_ADD_D(R, A, B);
    if (e->flush && TINY_SEMIRAW_D(R))
        return (u64)R_s << 63;
    _FP_PACK_SEMIRAW(D, 2, R);
    r = PACK_RAW_D(R);
    e->ex |= (u32)_fex;
    return r;
}

u64 fpu_add_d(struct fpu_ieee *e, u64 a, u64 b) { return addsub_d(e, a, b, 0); }
u64 fpu_sub_d(struct fpu_ieee *e, u64 a, u64 b) { return addsub_d(e, a, b, 1); }

static u64 canonical_d(struct fpu_ieee *e, u64 a, u64 b, int op)
{
    if (is_nan_d(a) || (op != 2 && is_nan_d(b)))
        return nan_result_d(e, is_snan_d(a) || (op != 2 && is_snan_d(b)));
    const int fpu_rm = e->rm;
    FP_DECL_EX;
    FP_DECL_D(A);
    FP_DECL_D(B);
    FP_DECL_D(R);
    u64 r;
    UNPACK_RAW_D(A, a);
    _FP_UNPACK_CANONICAL(D, 2, A);
    if (op == 2) {
        FP_SQRT_D(R, A);
    } else {
        UNPACK_RAW_D(B, b);
        _FP_UNPACK_CANONICAL(D, 2, B);
        if (op == 0)
            FP_MUL_D(R, A, B);
        else
            FP_DIV_D(R, A, B);
    }
    if (e->flush && TINY_CANONICAL(D, R))
        return (u64)R_s << 63;
    _FP_PACK_CANONICAL(D, 2, R);
    r = PACK_RAW_D(R);
    e->ex |= (u32)_fex;
    return r;
}

u64 fpu_mul_d(struct fpu_ieee *e, u64 a, u64 b) { return canonical_d(e, a, b, 0); }
u64 fpu_div_d(struct fpu_ieee *e, u64 a, u64 b) { return canonical_d(e, a, b, 1); }
u64 fpu_sqrt_d(struct fpu_ieee *e, u64 a) { return canonical_d(e, a, 0, 2); }

/* --- conversions between formats ------------------------------------------------------- */

u64 fpu_s_to_d(struct fpu_ieee *e, u32 a)
{
    if (is_nan_s(a))
        return nan_result_d(e, is_snan_s(a));
    /* Exact: every binary32 value, subnormals included, is a normal binary64. */
    FP_DECL_EX;
    FP_DECL_S(A);
    FP_DECL_D(R);
    UNPACK_RAW_S(A, a);
    FP_EXTEND(D, S, 2, 1, R, A);
    e->ex |= (u32)_fex;
    return PACK_RAW_D(R);
}

u32 fpu_d_to_s(struct fpu_ieee *e, u64 a)
{
    if (is_nan_d(a))
        return nan_result_s(e, is_snan_d(a));
    const int fpu_rm = e->rm;
    FP_DECL_EX;
    FP_DECL_D(A);
    FP_DECL_S(R);
    u32 r;
    UNPACK_RAW_D(A, a);
    _FP_UNPACK_SEMIRAW(D, 2, A);
    FP_TRUNC(S, D, 1, 2, R, A);
    if (e->flush && TINY_SEMIRAW_S(R))
        return (u32)R_s << 31;
    _FP_PACK_SEMIRAW(S, 1, R);
    r = PACK_RAW_S(R);
    e->ex |= (u32)_fex;
    return r;
}

/* --- integers -------------------------------------------------------------------------- */

u32 fpu_w_to_s(struct fpu_ieee *e, u32 w)
{
    const int fpu_rm = e->rm;
    const i32 value = (i32)w;
    FP_DECL_EX;
    FP_DECL_S(R);
    FP_FROM_INT_S(R, value, 32, u32);
    e->ex |= (u32)_fex;
    return PACK_RAW_S(R);
}

u64 fpu_w_to_d(struct fpu_ieee *e, u32 w)
{
    /* Always exact (32 bits fit in 53), but _FP_FROM_INT's rounding branch still names the
       mode. */
    const int fpu_rm = e->rm;
    const i32 value = (i32)w;
    FP_DECL_EX;
    FP_DECL_D(R);
    (void)fpu_rm;
    FP_FROM_INT_D(R, value, 32, u32);
    e->ex |= (u32)_fex;
    return PACK_RAW_D(R);
}

/* Invalid wins alone, with the MIPS legacy "integer indefinite" 2^31 - 1. */
static u32 int_result(struct fpu_ieee *e, u32 r, int fex)
{
    if (fex & FP_EX_INVALID) {
        e->ex |= FPU_EX_INVALID;
        return 0x7fffffffu;
    }
    e->ex |= (u32)fex;
    return r;
}

u32 fpu_s_to_w(struct fpu_ieee *e, u32 a, int rm)
{
    const int fpu_rm = rm;
    FP_DECL_EX;
    FP_DECL_S(A);
    u32 r;
    UNPACK_RAW_S(A, a);
    FP_TO_INT_ROUND_S(r, A, 32, 1);
    return int_result(e, r, _fex);
}

u32 fpu_d_to_w(struct fpu_ieee *e, u64 a, int rm)
{
    const int fpu_rm = rm;
    FP_DECL_EX;
    FP_DECL_D(A);
    u32 r;
    UNPACK_RAW_D(A, a);
    FP_TO_INT_ROUND_D(r, A, 32, 1);
    return int_result(e, r, _fex);
}

/* --- comparisons ----------------------------------------------------------------------- */

/* soft-fp's answer (-1, 0, 1, or 2 for unordered) as an FPU_REL_* code. */
static int relation(int c)
{
    switch (c) {
    case -1:
        return FPU_REL_LESS;
    case 0:
        return FPU_REL_EQUAL;
    case 1:
        return FPU_REL_GREATER;
    default:
        return FPU_REL_UNORDERED;
    }
}

/* soft-fp's `ex` argument: 1 = Invalid for signalling NaNs only, 2 = for every NaN. */
int fpu_cmp_s(struct fpu_ieee *e, u32 a, u32 b, int signalling)
{
    FP_DECL_EX;
    FP_DECL_S(A);
    FP_DECL_S(B);
    const int nan_rule = signalling ? 2 : 1;
    int c;
    UNPACK_RAW_S(A, a);
    UNPACK_RAW_S(B, b);
    FP_CMP_S(c, A, B, 2, nan_rule);
    e->ex |= (u32)_fex;
    return relation(c);
}

int fpu_cmp_d(struct fpu_ieee *e, u64 a, u64 b, int signalling)
{
    FP_DECL_EX;
    FP_DECL_D(A);
    FP_DECL_D(B);
    const int nan_rule = signalling ? 2 : 1;
    int c;
    UNPACK_RAW_D(A, a);
    UNPACK_RAW_D(B, b);
    FP_CMP_D(c, A, B, 2, nan_rule);
    e->ex |= (u32)_fex;
    return relation(c);
}
