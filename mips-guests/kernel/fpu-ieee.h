/*
 * fpu-ieee.h — IEEE 754 binary32 ("S") and binary64 ("D") arithmetic as the emulated MIPS FPU
 * performs it: glibc's soft-fp (fpu-ieee.c) under the semantics of qemu-mips 7.2's 24Kf with
 * legacy NaNs, our differential oracle.
 *
 * Values travel as raw bit patterns (u32 for S and W, u64 for D). Every operation reads the
 * rounding mode and flush mode from a `struct fpu_ieee` and ORs the IEEE exceptions it raises
 * into its `ex`, so a compound instruction (madd, rsqrt) accumulates the exceptions of its steps
 * the way qemu's helpers do. The exception bits are FCSR's Cause/Flag bits, shifted down.
 *
 * NaNs (qemu: legacy-NaN MIPS runs softfloat in default-NaN mode): any operation with a NaN
 * operand or an invalid operation returns the default NaN (FPU_DEFAULT_NAN_S/_D); Invalid is
 * raised for a signalling operand (most significant fraction bit set) or an invalid operation.
 */
#ifndef ZK_FPU_IEEE_H
#define ZK_FPU_IEEE_H

#include "context.h"

/* IEEE exceptions, in FCSR Cause (bits 12..17) and Flag (bits 2..6) order. */
#define FPU_EX_INEXACT 0x01   /* I */
#define FPU_EX_UNDERFLOW 0x02 /* U */
#define FPU_EX_OVERFLOW 0x04  /* O */
#define FPU_EX_DIVZERO 0x08   /* Z */
#define FPU_EX_INVALID 0x10   /* V */
#define FPU_EX_UNIMPL 0x20    /* E: Cause only; never raised by an operation (see fpu.h) */

/* MIPS legacy default NaNs (quiet: most significant fraction bit clear). */
#define FPU_DEFAULT_NAN_S 0x7fbfffffu
#define FPU_DEFAULT_NAN_D 0x7ff7ffffffffffffull

/* Rounding modes, as encoded in FCSR.RM. */
#define FPU_RM_NEAREST 0
#define FPU_RM_ZERO 1
#define FPU_RM_UP 2
#define FPU_RM_DOWN 3

/* The state one instruction computes under. */
struct fpu_ieee {
    int rm;    /* FPU_RM_*, normally FCSR.RM */
    int flush; /* FCSR.FS: a result below the normal range becomes a signed zero, silently */
    u32 ex;    /* FPU_EX_* raised so far */
};

/* Relation of two operands, in the bit layout of the c.cond.fmt condition field. */
#define FPU_REL_UNORDERED 1
#define FPU_REL_EQUAL 2
#define FPU_REL_LESS 4
#define FPU_REL_GREATER 0

u32 fpu_add_s(struct fpu_ieee *e, u32 a, u32 b);
u32 fpu_sub_s(struct fpu_ieee *e, u32 a, u32 b);
u32 fpu_mul_s(struct fpu_ieee *e, u32 a, u32 b);
u32 fpu_div_s(struct fpu_ieee *e, u32 a, u32 b);
u32 fpu_sqrt_s(struct fpu_ieee *e, u32 a);

u64 fpu_add_d(struct fpu_ieee *e, u64 a, u64 b);
u64 fpu_sub_d(struct fpu_ieee *e, u64 a, u64 b);
u64 fpu_mul_d(struct fpu_ieee *e, u64 a, u64 b);
u64 fpu_div_d(struct fpu_ieee *e, u64 a, u64 b);
u64 fpu_sqrt_d(struct fpu_ieee *e, u64 a);

/* Format conversions (cvt.d.s, cvt.s.d) and from a 32-bit two's-complement integer. */
u64 fpu_s_to_d(struct fpu_ieee *e, u32 a);
u32 fpu_d_to_s(struct fpu_ieee *e, u64 a);
u32 fpu_w_to_s(struct fpu_ieee *e, u32 w);
u64 fpu_w_to_d(struct fpu_ieee *e, u32 w);

/*
 * To a 32-bit integer, rounding with `rm` (not e->rm: round/trunc/ceil/floor fix it). A NaN
 * or a result outside int32 raises Invalid alone and yields 0x7fffffff (MIPS legacy
 * behaviour, qemu's FP_TO_INT32_OVERFLOW), also for large negative values.
 */
u32 fpu_s_to_w(struct fpu_ieee *e, u32 a, int rm);
u32 fpu_d_to_w(struct fpu_ieee *e, u64 a, int rm);

/*
 * Compare: returns FPU_REL_*. Invalid is raised for a signalling NaN operand, and for any NaN
 * operand when `signalling` is set (c.sf … c.ngt).
 */
int fpu_cmp_s(struct fpu_ieee *e, u32 a, u32 b, int signalling);
int fpu_cmp_d(struct fpu_ieee *e, u64 a, u64 b, int signalling);

#endif
