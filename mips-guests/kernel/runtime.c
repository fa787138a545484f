/*
 * runtime.c — the 64-bit integer division routines the compiler calls on MIPS32 (the names
 * and contracts are libgcc's). The kernel links no runtime library: the cross toolchain's
 * libgcc is PIC and hard-float. Binary long division: at most 64 steps, and only clock
 * conversions divide 64-bit values.
 */
#include "context.h"

u64 __udivmoddi4(u64 numerator, u64 denominator, u64 *remainder);
u64 __udivdi3(u64 numerator, u64 denominator);
u64 __umoddi3(u64 numerator, u64 denominator);
i64 __divdi3(i64 numerator, i64 denominator);
i64 __moddi3(i64 numerator, i64 denominator);

u64 __udivmoddi4(u64 numerator, u64 denominator, u64 *remainder)
{
    if (denominator == 0) { /* undefined in C; answer like the MIPS divide instructions */
        if (remainder)
            *remainder = numerator;
        return ~0ull;
    }
    if ((numerator >> 32) == 0 && (denominator >> 32) == 0) {
        u32 n = (u32)numerator, d = (u32)denominator;
        if (remainder)
            *remainder = n % d;
        return n / d;
    }
    u64 quotient = 0, rest = 0;
    for (int bit = 63; bit >= 0; bit--) {
        rest = (rest << 1) | ((numerator >> bit) & 1);
        if (rest >= denominator) {
            rest -= denominator;
            quotient |= 1ull << bit;
        }
    }
    if (remainder)
        *remainder = rest;
    return quotient;
}

u64 __udivdi3(u64 numerator, u64 denominator) { return __udivmoddi4(numerator, denominator, 0); }

u64 __umoddi3(u64 numerator, u64 denominator)
{
    u64 remainder;
    __udivmoddi4(numerator, denominator, &remainder);
    return remainder;
}

i64 __divdi3(i64 numerator, i64 denominator)
{
    u64 n = numerator < 0 ? 0 - (u64)numerator : (u64)numerator;
    u64 d = denominator < 0 ? 0 - (u64)denominator : (u64)denominator;
    u64 q = __udivmoddi4(n, d, 0);
    return (numerator < 0) != (denominator < 0) ? (i64)(0 - q) : (i64)q;
}

i64 __moddi3(i64 numerator, i64 denominator)
{
    u64 n = numerator < 0 ? 0 - (u64)numerator : (u64)numerator;
    u64 d = denominator < 0 ? 0 - (u64)denominator : (u64)denominator;
    u64 r;
    __udivmoddi4(n, d, &r);
    return numerator < 0 ? (i64)(0 - r) : (i64)r;
}
