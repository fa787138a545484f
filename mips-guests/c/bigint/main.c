/* bigint: small arbitrary-precision decimal arithmetic with base-10^4
 * limbs (32-bit ops only): n! (n from the input, default 100) by
 * small-multiplier products and 2^1000 by schoolbook squaring. Prints
 * both; commits the decimal string of n!. */
#include "zkmips.h"

#define BASE 10000u
#define MAX_LIMBS 1024 /* 4096 decimal digits */

typedef struct {
    u32 n;              /* limbs in use, >= 1 */
    u32 d[MAX_LIMBS];   /* little-endian base-10^4 limbs */
} bignum;

static void big_set(bignum *a, u32 v)
{
    a->n = 0;
    do {
        a->d[a->n++] = v % BASE;
        v /= BASE;
    } while (v);
}

/* a *= m for m < 2^16: limb*m + carry < 10^4 * 2^16 + 2^16 fits 32 bits. */
static int big_mul_small(bignum *a, u32 m)
{
    u32 carry = 0;
    for (u32 i = 0; i < a->n; i++) {
        u32 t = a->d[i] * m + carry;
        a->d[i] = t % BASE;
        carry = t / BASE;
    }
    while (carry) {
        if (a->n == MAX_LIMBS)
            return -1;
        a->d[a->n++] = carry % BASE;
        carry /= BASE;
    }
    return 0;
}

/* r = a * b (r distinct from a and b), schoolbook. Each step adds
 * < 10^4 + 10^8 + 10^4, far below 2^32. */
static int big_mul(bignum *r, const bignum *a, const bignum *b)
{
    if (a->n + b->n > MAX_LIMBS)
        return -1;
    memset(r->d, 0, (a->n + b->n) * sizeof(u32));
    for (u32 i = 0; i < a->n; i++) {
        u32 carry = 0;
        for (u32 j = 0; j < b->n; j++) {
            u32 t = r->d[i + j] + a->d[i] * b->d[j] + carry;
            r->d[i + j] = t % BASE;
            carry = t / BASE;
        }
        r->d[i + b->n] = carry;
    }
    r->n = a->n + b->n;
    while (r->n > 1 && r->d[r->n - 1] == 0)
        r->n--;
    return 0;
}

/* Writes the decimal form (NUL-terminated) and returns its length. */
static u32 big_to_dec(const bignum *a, char *out)
{
    u32 len = 0;
    u32 top = a->d[a->n - 1];
    char tmp[4];
    u32 k = 0;
    do {
        tmp[k++] = (char)('0' + top % 10);
        top /= 10;
    } while (top);
    while (k)
        out[len++] = tmp[--k];
    for (u32 i = a->n - 1; i-- > 0;) {
        u32 v = a->d[i];
        out[len + 3] = (char)('0' + v % 10); v /= 10;
        out[len + 2] = (char)('0' + v % 10); v /= 10;
        out[len + 1] = (char)('0' + v % 10); v /= 10;
        out[len] = (char)('0' + v);
        len += 4;
    }
    out[len] = 0;
    return len;
}

static bignum fact, pw, tmp;
static char text[4 * MAX_LIMBS + 8];

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    u8 input[32];
    ssize_t len = zk_read_input(input, sizeof input);
    int ok = 0;
    u32 n = len > 0 ? zk_parse_u32(input, (size_t)len, &ok) : 0;
    if (!ok)
        n = 100;
    if (n > 1000) {
        zk_eprint("n too large (max 1000)\n");
        return 2;
    }

    big_set(&fact, 1);
    for (u32 i = 2; i <= n; i++)
        big_mul_small(&fact, i);
    u32 flen = big_to_dec(&fact, text);
    zk_print_u32(n);
    zk_print("! (");
    zk_print_u32(flen);
    zk_print(" digits) = ");
    zk_print(text);
    zk_print("\n");
    if (zk_commit(text, flen) != 0)
        return 1;

    /* 2^1000 = 2^(512+256+128+64+32+8) by square-and-multiply. */
    bignum base;
    big_set(&base, 2);
    big_set(&pw, 1);
    for (u32 e = 1000; e; e >>= 1) {
        if (e & 1) {
            big_mul(&tmp, &pw, &base);
            pw = tmp;
        }
        big_mul(&tmp, &base, &base);
        base = tmp;
        if (base.n > MAX_LIMBS / 2)
            break;
    }
    u32 plen = big_to_dec(&pw, text);
    zk_print("2^1000 (");
    zk_print_u32(plen);
    zk_print(" digits) = ");
    zk_print(text);
    zk_print("\n");
    return 0;
}
