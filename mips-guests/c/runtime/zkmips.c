/*
 * zkmips.c — helpers of the freestanding C runtime (see zkmips.h).
 * Built with -ffreestanding (implies -fno-builtin) so the loops below are
 * not turned back into calls to themselves.
 */
#include "zkmips.h"

typedef u32 __attribute__((may_alias)) u32a;

/* --- memory ------------------------------------------------------------ */

void *memcpy(void *dst, const void *src, size_t n)
{
    u8 *d = dst;
    const u8 *s = src;
    if ((((u32)d ^ (u32)s) & 3) == 0) {
        while (n && ((u32)d & 3)) {
            *d++ = *s++;
            n--;
        }
        while (n >= 16) {
            u32a *dw = (u32a *)d;
            const u32a *sw = (const u32a *)s;
            dw[0] = sw[0];
            dw[1] = sw[1];
            dw[2] = sw[2];
            dw[3] = sw[3];
            d += 16;
            s += 16;
            n -= 16;
        }
        while (n >= 4) {
            *(u32a *)d = *(const u32a *)s;
            d += 4;
            s += 4;
            n -= 4;
        }
    }
    while (n--)
        *d++ = *s++;
    return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
    u8 *d = dst;
    const u8 *s = src;
    if (d == s || n == 0)
        return dst;
    if (d < s || d >= s + n)
        return memcpy(dst, src, n); /* forward copy is safe */
    /* Overlap with dst above src: copy backwards. */
    d += n;
    s += n;
    if ((((u32)d ^ (u32)s) & 3) == 0) {
        while (n && ((u32)d & 3)) {
            *--d = *--s;
            n--;
        }
        while (n >= 4) {
            d -= 4;
            s -= 4;
            *(u32a *)d = *(const u32a *)s;
            n -= 4;
        }
    }
    while (n--)
        *--d = *--s;
    return dst;
}

void *memset(void *dst, int c, size_t n)
{
    u8 *d = dst;
    u8 b = (u8)c;
    while (n && ((u32)d & 3)) {
        *d++ = b;
        n--;
    }
    u32 w = b * 0x01010101u;
    while (n >= 4) {
        *(u32a *)d = w;
        d += 4;
        n -= 4;
    }
    while (n--)
        *d++ = b;
    return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const u8 *x = a, *y = b;
    for (; n; n--, x++, y++)
        if (*x != *y)
            return *x < *y ? -1 : 1;
    return 0;
}

size_t strlen(const char *s)
{
    const char *p = s;
    while (*p)
        p++;
    return (size_t)(p - s);
}

/* --- I/O ----------------------------------------------------------------- */

ssize_t zk_read_input(void *buf, size_t len)
{
    u8 *p = buf;
    size_t total = 0;
    while (total < len) {
        ssize_t r = zk_read(ZK_STDIN, p + total, len - total);
        if (r < 0)
            return r;
        if (r == 0)
            break;
        total += (size_t)r;
    }
    return (ssize_t)total;
}

int zk_write_all(int fd, const void *buf, size_t len)
{
    const u8 *p = buf;
    while (len) {
        ssize_t w = zk_write(fd, p, len);
        if (w < 0)
            return w;
        if (w == 0)
            return -5; /* EIO */
        p += w;
        len -= (size_t)w;
    }
    return 0;
}

int zk_commit(const void *buf, size_t len)
{
    return zk_write_all(ZK_PUBLIC, buf, len);
}

void zk_print(const char *s) { zk_write_all(ZK_STDOUT, s, strlen(s)); }

void zk_eprint(const char *s) { zk_write_all(ZK_STDERR, s, strlen(s)); }

/*
 * 64-bit decimal formatting without __udivdi3: long division of the four
 * 16-bit limbs by 10, where every partial dividend (rem << 16 | limb)
 * stays below 10 << 16 and so fits a 32-bit divide.
 */
size_t zk_fmt_u64(char *out, u64 v)
{
    char tmp[21];
    size_t n = 0;
    u32 limb[4] = {(u32)(v >> 48) & 0xffff, (u32)(v >> 32) & 0xffff,
                   (u32)(v >> 16) & 0xffff, (u32)v & 0xffff};
    do {
        u32 rem = 0;
        for (int i = 0; i < 4; i++) {
            u32 cur = (rem << 16) | limb[i];
            limb[i] = cur / 10;
            rem = cur % 10;
        }
        tmp[n++] = (char)('0' + rem);
    } while (limb[0] | limb[1] | limb[2] | limb[3]);
    for (size_t i = 0; i < n; i++)
        out[i] = tmp[n - 1 - i];
    out[n] = 0;
    return n;
}

void zk_print_u64(u64 v)
{
    char buf[21];
    zk_write_all(ZK_STDOUT, buf, zk_fmt_u64(buf, v));
}

void zk_print_u32(u32 v) { zk_print_u64(v); }

void zk_print_i32(i32 v)
{
    if (v < 0) {
        zk_print("-");
        zk_print_u64((u64)(-(i64)v));
    } else {
        zk_print_u64((u64)v);
    }
}

static const char zk_hex_digits[] = "0123456789abcdef";

void zk_print_hex(u32 v)
{
    char buf[8];
    for (int i = 7; i >= 0; i--, v >>= 4)
        buf[i] = zk_hex_digits[v & 15];
    zk_write_all(ZK_STDOUT, buf, 8);
}

void zk_print_hex_bytes(const void *buf, size_t len)
{
    const u8 *p = buf;
    char chunk[64];
    while (len) {
        size_t take = len > 32 ? 32 : len;
        for (size_t i = 0; i < take; i++) {
            chunk[2 * i] = zk_hex_digits[p[i] >> 4];
            chunk[2 * i + 1] = zk_hex_digits[p[i] & 15];
        }
        zk_write_all(ZK_STDOUT, chunk, 2 * take);
        p += take;
        len -= take;
    }
}

u32 zk_parse_u32(const u8 *s, size_t len, int *ok)
{
    size_t i = 0;
    u32 v = 0;
    *ok = 0;
    while (i < len && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r'))
        i++;
    for (; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
        v = v * 10 + (u32)(s[i] - '0');
        *ok = 1;
    }
    return v;
}
