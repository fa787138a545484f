/*
 * lib.c — the few C library routines the kernel (and code the compiler generates for it)
 * needs. Word-at-a-time where alignment allows: the kernel zeroes and copies whole pages.
 */
#include "kernel.h"

void *memset(void *dst, int value, usize n)
{
    u8 *d = dst;
    u8 byte = (u8)value;
    while (n && ((u32)d & 3)) {
        *d++ = byte;
        n--;
    }
    u32 word = byte * 0x01010101u;
    u32 *w = (u32 *)d;
    while (n >= 16) {
        w[0] = word;
        w[1] = word;
        w[2] = word;
        w[3] = word;
        w += 4;
        n -= 16;
    }
    while (n >= 4) {
        *w++ = word;
        n -= 4;
    }
    d = (u8 *)w;
    while (n--)
        *d++ = byte;
    return dst;
}

void *memcpy(void *dst, const void *src, usize n)
{
    u8 *d = dst;
    const u8 *s = src;
    if ((((u32)d ^ (u32)s) & 3) == 0) {
        while (n && ((u32)d & 3)) {
            *d++ = *s++;
            n--;
        }
        u32 *wd = (u32 *)d;
        const u32 *ws = (const u32 *)s;
        while (n >= 16) {
            wd[0] = ws[0];
            wd[1] = ws[1];
            wd[2] = ws[2];
            wd[3] = ws[3];
            wd += 4;
            ws += 4;
            n -= 16;
        }
        while (n >= 4) {
            *wd++ = *ws++;
            n -= 4;
        }
        d = (u8 *)wd;
        s = (const u8 *)ws;
    }
    while (n--)
        *d++ = *s++;
    return dst;
}

void *memmove(void *dst, const void *src, usize n)
{
    u8 *d = dst;
    const u8 *s = src;
    if (d <= s || d >= s + n)
        return memcpy(dst, src, n);
    while (n--)
        d[n] = s[n];
    return dst;
}

int memcmp(const void *a, const void *b, usize n)
{
    const u8 *x = a, *y = b;
    for (usize i = 0; i < n; i++)
        if (x[i] != y[i])
            return x[i] < y[i] ? -1 : 1;
    return 0;
}

usize strlen(const char *s)
{
    usize n = 0;
    while (s[n])
        n++;
    return n;
}

int format_decimal(char *out, u64 value)
{
    char digits[20];
    int count = 0;
    do {
        digits[count++] = (char)('0' + (u32)(value % 10));
        value /= 10;
    } while (value);
    for (int i = 0; i < count; i++)
        out[i] = digits[count - 1 - i];
    return count;
}
