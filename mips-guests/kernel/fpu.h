/*
 * fpu.h — the kernel's software FPU: emulation of the MIPS32 Release 2 floating-point
 * instructions (Status.FR = 0) for an integer-only machine, as Linux's FPU emulator does on
 * FPU-less cores.
 *
 * The reference is qemu-mips 7.2 (Debian 12) running an o32 program on its default 24Kf CPU
 * with legacy NaNs and FR = 0 (what it picks for fp32 binaries; for fpxx binaries it picks
 * FR = 1, which this emulator does not model). Where qemu differs from the MIPS manuals or from
 * Linux, this emulator follows qemu; the differences are noted where they are implemented and
 * summarised here:
 *
 *   - FIR reads 0x00739300 (F64, L, W, D, S; processor id 0x93, revision 0): no paired single,
 *     no MIPS-3D, no 2008 NaN/abs. FCSR starts at 0; bits 18..22 are read-only zero.
 *   - NaN results are always the default NaN (0x7fbfffff / 0x7ff7ffffffffffff): qemu does not
 *     propagate quiet-NaN operands as the hardware does. abs/neg/mov only touch bits (no Invalid
 *     for signalling NaNs, no change to FCSR.Cause); nmadd/nmsub negate the default NaN.
 *   - madd/msub/nmadd/nmsub round twice (multiply, then add), accumulating both steps'
 *     exceptions, as on the 24Kf; recip is 1/x and rsqrt is 1/sqrt(x) rounded twice.
 *   - Cause.E (unimplemented operation) is never raised by an operation: qemu handles
 *     subnormal operands and results itself. It can only be set by ctc1, which then traps.
 *   - FCSR.FS = 1 flushes subnormal *results* to a signed zero without raising Underflow or
 *     Inexact; subnormal *operands* are used as they are.
 *   - Tininess is detected after rounding; Underflow requires an inexact result even when the
 *     Underflow trap is enabled.
 *   - cvt/round/trunc/ceil/floor.w of a NaN or an out-of-range value give 0x7fffffff and
 *     Invalid only.
 *   - L-format (64-bit integer) conversions, luxc1/suxc1 and the MIPS-3D/R6 encodings are
 *     reserved with FR = 0; a double-format operand in an odd register is reserved too, except
 *     where qemu does not check it (ldc1/sdc1 and movf/movt/movz/movn.d use the even/odd pair
 *     the register number falls in, mfhc1/mthc1 use register fs|1).
 *   - cfc1 of a register other than 0, 1, 5, 25, 26, 28 reads FCSR (1 and 5 read 0); ctc1 to
 *     anything but 25, 26, 28, 31 is ignored, and to 25/26/28 it is ignored when reserved bits
 *     are set (qemu's helper_ctc1).
 *   - SIGILL carries si_code SI_KERNEL (as both qemu and Linux deliver it for reserved
 *     instructions), not ILL_ILLOPC.
 *   - SIGFPE's si_code comes from all Cause bits (Invalid, DivZero, Overflow, Underflow,
 *     Inexact, in that order of priority; FPE_FLTUNK when only E is set), as qemu's linux-user
 *     does; Linux looks only at enabled Cause bits.
 *   - ldc1/sdc1/ldxc1/sdxc1 need 8-byte alignment (SIGBUS BUS_ADRALN at the address, before
 *     any access): qemu checks it; Linux would emulate the unaligned access.
 */
#ifndef ZK_FPU_H
#define ZK_FPU_H

#include "context.h"

/*
 * Emulates one FPU-related instruction: opcode COP1 (0x11), COP1X (0x13), LWC1 (0x31), LDC1
 * (0x35), SWC1 (0x39), SDC1 (0x3d), and SPECIAL with funct MOVCI (0x01: movf/movt on GPRs).
 * `instruction` is the word at ctx->pc. On success returns 0 having updated ctx/fpu/memory
 * exactly as the instruction does and advanced the thread: normally pc = next_pc,
 * next_pc = next_pc + 4. For BC1F/BC1T/BC1FL/BC1TL (incl. cc != 0): taken -> pc = next_pc (the
 * delay slot), next_pc = branch target; not taken -> pc = next_pc, next_pc = next_pc + 4;
 * likely and not taken -> the delay slot is annulled: pc = next_pc + 4, next_pc = pc + 4. (The
 * branch target is computed relative to the branch's own address, ctx->pc.)
 *
 * On failure returns -1 and fills `fault` (pc not advanced, registers and memory unchanged):
 *   - SIGILL, code FPU_SIGILL_CODE, for reserved encodings and formats FR = 0 does not have;
 *   - SIGFPE, code FPE_*, when an operation raises an IEEE exception whose Enable bit is set:
 *     FCSR.Cause is updated (Flags are not) and the destination is not written; or when ctc1
 *     writes an FCSR whose Cause has E set or a bit whose Enable is set: FCSR is written;
 *   - SIGSEGV/SIGBUS from user_load_word/user_store_word, or SIGBUS/BUS_ADRALN for a
 *     doubleword access that is not 8-byte aligned (address = the effective address).
 * fault->address = ctx->pc for SIGILL/SIGFPE.
 */
int fpu_emulate(struct user_context *ctx, struct fpu_state *fpu, u32 instruction,
                struct fault *fault);

/* The FPU state a new process starts with: all registers 0, FCSR 0 (as qemu-mips). */
void fpu_reset(struct fpu_state *fpu);

/* FIR ($0): F64 | L | W | D | S | ProcessorID 0x93 (qemu's 24Kf CP1_fcr0). */
#define FPU_FIR 0x00739300u

/* FCSR ($31) fields. */
#define FPU_FCSR_RM 0x00000003u       /* rounding mode */
#define FPU_FCSR_FLAGS_SHIFT 2        /* Flags: V Z O U I in bits 6..2 */
#define FPU_FCSR_ENABLES_SHIFT 7      /* Enables: bits 11..7 */
#define FPU_FCSR_CAUSE_SHIFT 12       /* Cause: E V Z O U I in bits 17..12 */
#define FPU_FCSR_CAUSE 0x0003f000u
#define FPU_FCSR_CC0 0x00800000u      /* condition code 0 */
#define FPU_FCSR_FS 0x01000000u       /* flush subnormal results to zero */
#define FPU_FCSR_CC1_7 0xfe000000u    /* condition codes 1..7 in bits 25..31 */
#define FPU_FCSR_WRITABLE 0xff83ffffu /* qemu's 24Kf CP1_fcr31_rw_bitmask */

/* si_code for SIGILL from a reserved FPU instruction (qemu and Linux both use force_sig). */
#define FPU_SIGILL_CODE SI_KERNEL
/* Linux's si_code for a SIGFPE with no IEEE cause (context.h stops at FPE_FLTINV). */
#ifndef FPE_FLTUNK
#define FPE_FLTUNK 14
#endif

#endif
