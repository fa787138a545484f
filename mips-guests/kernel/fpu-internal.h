/*
 * fpu-internal.h — what the FPU emulator's files share: instruction fields, the FR = 0
 * register file, condition codes, and how an instruction ends (advance, reserved, exceptions).
 * Not for the rest of the kernel, which only needs fpu.h.
 */
#ifndef ZK_FPU_INTERNAL_H
#define ZK_FPU_INTERNAL_H

#include "fpu.h"
#include "fpu-ieee.h"

/* --- instruction fields (MIPS32 Vol. II, "FPU instruction formats") ------------------- */

static inline u32 insn_rs(u32 insn) { return (insn >> 21) & 31; } /* fmt, base, fr */
static inline u32 insn_rt(u32 insn) { return (insn >> 16) & 31; } /* ft, index, GPR rt */
static inline u32 insn_rd(u32 insn) { return (insn >> 11) & 31; } /* fs, GPR rd */
static inline u32 insn_sa(u32 insn) { return (insn >> 6) & 31; }  /* fd */
static inline u32 insn_funct(u32 insn) { return insn & 63; }
/* The 16-bit immediate, sign-extended (unsigned arithmetic, so wrapping is defined). */
static inline u32 insn_simm(u32 insn) { return ((insn & 0xffffu) ^ 0x8000u) - 0x8000u; }

/* COP1 fmt values (rs field). */
#define FMT_S 16
#define FMT_D 17
#define FMT_W 20
#define FMT_L 21
#define FMT_PS 22

/* --- the register file with Status.FR = 0 --------------------------------------------- */
/*
 * A double (or any 64-bit value) lives in the even/odd pair that register number `reg` falls
 * in: low word in reg & ~1, high word in reg | 1. Instructions that qemu checks reject an odd
 * `reg` before getting here (fpu_odd_pair); the others use the pair, as qemu does.
 */
static inline u64 fpr_read_d(const struct fpu_state *fpu, u32 reg)
{
    return ((u64)fpu->fpr[reg | 1] << 32) | fpu->fpr[reg & ~1u];
}

static inline void fpr_write_d(struct fpu_state *fpu, u32 reg, u64 value)
{
    fpu->fpr[reg & ~1u] = (u32)value;
    fpu->fpr[reg | 1] = (u32)(value >> 32);
}

/* True when any of the OR-ed register numbers is odd: a reserved double operand with FR = 0. */
static inline int fpu_odd_pair(u32 regs_ored) { return (regs_ored & 1) != 0; }

/* --- condition codes: cc 0 is FCSR bit 23, cc 1..7 are bits 25..31 --------------------- */

static inline u32 fcsr_cc_bit(u32 cc) { return cc == 0 ? FPU_FCSR_CC0 : 1u << (24 + cc); }
static inline int fcsr_cc(u32 fcsr, u32 cc) { return (fcsr & fcsr_cc_bit(cc)) != 0; }

/* The IEEE computation state an arithmetic instruction starts from. */
static inline struct fpu_ieee fpu_ieee_env(const struct fpu_state *fpu)
{
    struct fpu_ieee e;
    e.rm = (int)(fpu->fcsr & FPU_FCSR_RM);
    e.flush = (fpu->fcsr & FPU_FCSR_FS) != 0;
    e.ex = 0;
    return e;
}

/* --- ending an instruction ------------------------------------------------------------ */

/* pc = next_pc, next_pc += 4. */
void fpu_advance(struct user_context *ctx);

/* Reserved instruction: fills SIGILL, returns -1. */
int fpu_reserved(const struct user_context *ctx, struct fault *fault);

/* SIGFPE with the si_code qemu derives from FCSR.Cause; returns -1. */
int fpu_sigfpe(const struct user_context *ctx, const struct fpu_state *fpu,
               struct fault *fault);

/*
 * The end of every instruction that performs IEEE arithmetic (qemu's update_fcr31): Cause :=
 * ex; if ex has an enabled bit, SIGFPE (returns -1, Flags untouched, the caller must not write
 * its result); otherwise Flags |= ex and returns 0.
 */
int fpu_raise(const struct user_context *ctx, struct fpu_state *fpu, u32 ex,
              struct fault *fault);

/* COP1 with fmt S, D, W, L, PS (fpu-arith.c). */
int fpu_cop1_arith(struct user_context *ctx, struct fpu_state *fpu, u32 insn,
                   struct fault *fault);
/* COP1X madd/msub/nmadd/nmsub (fpu-arith.c). */
int fpu_cop1x_arith(struct user_context *ctx, struct fpu_state *fpu, u32 insn,
                    struct fault *fault);

#endif
