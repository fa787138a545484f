/*
 * fpu-runtime.c — the one arithmetic primitive soft-fp needs that plain C on MIPS32 would
 * otherwise fetch from libgcc: dividing a two-word number by a one-word number.
 *
 * The kernel links no libgcc (the cross toolchain's is hard-float and PIC), so nothing in the
 * FPU emulator may call __udivdi3 and friends; `mips-linux-gnu-nm -u` on the emulator's objects
 * lists only memcpy/memset (if anything) and user_load_word/user_store_word.
 */
#include "context.h"

/* Declared for soft-fp in softfp/sfp-machine.h. */
void fpu_udiv_qrnnd(u32 *q, u32 *r, u32 n1, u32 n0, u32 d);

/*
 * (n1·2^32 + n0) / d for a normalized d (bit 31 set) and n1 < d, so the quotient fits one word.
 * Long division in base 2^16 (Knuth, TAOCP vol. 2, §4.3.1, algorithm D with two quotient
 * digits): each digit is estimated by dividing the running remainder by the top half of d;
 * because d is normalized the estimate is at most 2 too large, and the loop below corrects it
 * by adding d back until the partial remainder is no longer negative. Only 32-bit divu/multu.
 */
void fpu_udiv_qrnnd(u32 *q, u32 *r, u32 n1, u32 n0, u32 d)
{
    const u32 d_hi = d >> 16, d_lo = d & 0xffffu;
    u32 rem = n1; /* remainder so far, < d */
    u32 quotient = 0;

    for (int half = 0; half < 2; half++) {
        /* Bring down the next 16 bits of n0: the dividend is rem·2^16 + next. */
        const u32 next = half == 0 ? n0 >> 16 : n0 & 0xffffu;
        u32 digit = rem / d_hi;
        u32 top = rem - digit * d_hi;    /* rem mod d_hi */
        u32 product = digit * d_lo;      /* digit·d = digit·d_hi·2^16 + product */
        u32 partial = (top << 16) | next; /* rem·2^16 + next - digit·d_hi·2^16 */

        /* Subtracting `product` must not go below zero; each +d step lowers digit by one. */
        if (partial < product) {
            digit--;
            partial += d;
            /* A carry out of partial + d means it is now certainly >= product. */
            if (partial >= d && partial < product) {
                digit--;
                partial += d;
            }
        }
        rem = partial - product;
        quotient = (quotient << 16) | (digit & 0xffffu);
    }
    *q = quotient;
    *r = rem;
}
