/*
 * sfp-machine.h — machine description for glibc's soft-fp library as the zkmips FPU emulator
 * uses it (mips-guests/kernel/fpu-ieee.c). soft-fp.h includes this file by name; put this
 * directory on the include path before soft-fp's own.
 *
 * The target is the FPU of qemu-mips' default 24Kf as qemu 7.2 models it (our differential
 * oracle), with FCSR.NAN2008 = 0:
 *   - 32-bit words, so single precision uses one word and double precision two;
 *   - the rounding mode is a variable `fpu_rm` in scope wherever soft-fp rounds, holding
 *     FCSR.RM (whose encoding 0 RN, 1 RZ, 2 RP, 3 RM is soft-fp's FP_RND_* numbering);
 *   - exceptions accumulate in soft-fp's local `_fex` with the FCSR Cause/Flag bit order
 *     (I=1, U=2, O=4, Z=8, V=16); the wrappers hand `_fex` back to their caller, so
 *     FP_HANDLE_EXCEPTIONS stays the default no-op;
 *   - MIPS legacy NaNs: a NaN whose most significant fraction bit is SET is signalling
 *     (_FP_QNANNEGATEDP), and every NaN result is the default NaN 0x7fbfffff /
 *     0x7ff7ffffffffffff with sign 0. qemu runs legacy-NaN MIPS in "default NaN mode"
 *     (target/mips/fpu_helper.h, restore_snan_bit_mode), so no NaN payload ever propagates:
 *     _FP_CHOOSENAN always yields the default NaN and _FP_KEEPNANFRACP is 0;
 *   - tininess is detected after rounding and Underflow is raised only for an inexact tiny
 *     result, whether or not the Underflow trap is enabled (FP_TRAPPING_EXCEPTIONS 0), as qemu
 *     does (fpu/softfloat-parts.c.inc, uncanon_normal);
 *   - subnormal inputs are used as they are (FP_DENORM_ZERO 0): qemu does not flush inputs even
 *     with FCSR.FS = 1. Output flushing for FS = 1 is done by the wrappers.
 *
 * Must work both freestanding on MIPS (clang -ffreestanding, no libc headers) and on the build
 * host, where the emulator is tested against qemu's output.
 */
#ifndef ZK_SFP_MACHINE_H
#define ZK_SFP_MACHINE_H

/* Byte order, from the compiler (soft-fp only uses it to lay out unions we never touch). */
#define __LITTLE_ENDIAN 1234
#define __BIG_ENDIAN 4321
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define __BYTE_ORDER __BIG_ENDIAN
#else
#define __BYTE_ORDER __LITTLE_ENDIAN
#endif

/* Word types: 32-bit on every host, so MIPS and the host test run the same algorithms. */
#define _FP_W_TYPE_SIZE 32
#define _FP_W_TYPE unsigned int
#define _FP_WS_TYPE signed int
#define _FP_I_TYPE int

/* Fraction multiply and divide kernels built on the two primitives below. */
#define _FP_MUL_MEAT_S(R, X, Y) _FP_MUL_MEAT_1_wide(_FP_WFRACBITS_S, R, X, Y, umul_ppmm)
#define _FP_MUL_MEAT_D(R, X, Y) _FP_MUL_MEAT_2_wide(_FP_WFRACBITS_D, R, X, Y, umul_ppmm)
#define _FP_MUL_MEAT_DW_S(R, X, Y) _FP_MUL_MEAT_DW_1_wide(_FP_WFRACBITS_S, R, X, Y, umul_ppmm)
#define _FP_MUL_MEAT_DW_D(R, X, Y) _FP_MUL_MEAT_DW_2_wide(_FP_WFRACBITS_D, R, X, Y, umul_ppmm)
#define _FP_DIV_MEAT_S(R, X, Y) _FP_DIV_MEAT_1_udiv_norm(S, R, X, Y)
#define _FP_DIV_MEAT_D(R, X, Y) _FP_DIV_MEAT_2_udiv(D, R, X, Y)

/* 32x32 -> 64 multiply: a single multu on MIPS32, no runtime call. */
#define umul_ppmm(ph, pl, m0, m1)                                                            \
    do {                                                                                     \
        unsigned long long umul_ppmm_p = (unsigned long long)(m0) * (unsigned long long)(m1); \
        (ph) = (unsigned int)(umul_ppmm_p >> 32);                                            \
        (pl) = (unsigned int)umul_ppmm_p;                                                    \
    } while (0)

/* Two-word add and subtract (longlong.h's names; op-2.h has no generic version). */
#define add_ssaaaa(sh, sl, ah, al, bh, bl)                                                   \
    do {                                                                                     \
        unsigned long long add_ssaaaa_s =                                                    \
            (((unsigned long long)(ah) << 32) | (unsigned int)(al)) +                        \
            (((unsigned long long)(bh) << 32) | (unsigned int)(bl));                         \
        (sh) = (unsigned int)(add_ssaaaa_s >> 32);                                           \
        (sl) = (unsigned int)add_ssaaaa_s;                                                   \
    } while (0)
#define sub_ddmmss(sh, sl, ah, al, bh, bl)                                                   \
    do {                                                                                     \
        unsigned long long sub_ddmmss_d =                                                    \
            (((unsigned long long)(ah) << 32) | (unsigned int)(al)) -                        \
            (((unsigned long long)(bh) << 32) | (unsigned int)(bl));                         \
        (sh) = (unsigned int)(sub_ddmmss_d >> 32);                                           \
        (sl) = (unsigned int)sub_ddmmss_d;                                                   \
    } while (0)

/*
 * 64 / 32 -> 32 quotient and remainder for a normalized divisor (top bit set) and n1 < d,
 * which is how op-1.h and op-2.h call it. Written without 64-bit division, which on MIPS32
 * would need libgcc's __udivdi3 (fpu-runtime.c).
 */
void fpu_udiv_qrnnd(unsigned int *q, unsigned int *r, unsigned int n1, unsigned int n0,
                    unsigned int d);
#define udiv_qrnnd(q, r, n1, n0, d)                                                          \
    do {                                                                                     \
        unsigned int udiv_qrnnd_q, udiv_qrnnd_r;                                             \
        fpu_udiv_qrnnd(&udiv_qrnnd_q, &udiv_qrnnd_r, (n1), (n0), (d));                       \
        (q) = udiv_qrnnd_q;                                                                  \
        (r) = udiv_qrnnd_r;                                                                  \
    } while (0)

/* soft-fp.h falls back to abort() for unreachable switch defaults when the compiler does not
   claim GCC >= 4.5 (clang says 4.2); there is no abort() in the kernel. */
#define abort() __builtin_unreachable()

/* Legacy MIPS NaN (MIPS32 Vol. I, "FPU data formats"; qemu's parts_default_nan). */
#define _FP_QNANNEGATEDP 1
#define _FP_NANFRAC_S (_FP_QNANBIT_S - 1)
#define _FP_NANFRAC_D (_FP_QNANBIT_D - 1), -1
#define _FP_NANSIGN_S 0
#define _FP_NANSIGN_D 0
#define _FP_KEEPNANFRACP 0
#define _FP_CHOOSENAN(fs, wc, R, X, Y, OP)                                                   \
    do {                                                                                     \
        R##_s = _FP_NANSIGN_##fs;                                                            \
        _FP_FRAC_SET_##wc(R, _FP_NANFRAC_##fs);                                              \
        R##_c = FP_CLS_NAN;                                                                  \
    } while (0)

/* Rounding: FCSR.RM, read from the wrapper's local variable. */
#define FP_RND_NEAREST 0
#define FP_RND_ZERO 1
#define FP_RND_PINF 2
#define FP_RND_MINF 3
#define FP_ROUNDMODE (fpu_rm)

/* Exceptions in FCSR Cause/Flag bit order. */
#define FP_EX_INEXACT 0x01
#define FP_EX_UNDERFLOW 0x02
#define FP_EX_OVERFLOW 0x04
#define FP_EX_DIVZERO 0x08
#define FP_EX_INVALID 0x10
#define FP_TRAPPING_EXCEPTIONS 0
#define _FP_TININESS_AFTER_ROUNDING 1
#define FP_DENORM_ZERO 0

#endif
