/* memstress: stresses the runtime's memcpy/memset/memmove/memcmp with
 * pseudo-random unaligned offsets and lengths (including overlapping
 * memmoves in both directions), checking every result against plain byte
 * loops on a shadow buffer. Prints counts and a checksum; commits the
 * checksum and the mismatch count (8 bytes big-endian). Exit 1 on mismatch. */
#include "zkmips.h"

#define SIZE 2048
#define ITERATIONS 3000

static u8 actual[SIZE];
static u8 shadow[SIZE];
static u8 scratch[SIZE];

static u32 rng_state = 0x2545f491;

static u32 rng(void)
{
    /* xorshift32 */
    u32 x = rng_state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return rng_state = x;
}

static void ref_copy(u8 *d, const u8 *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        d[i] = s[i];
}

static void ref_move(u8 *d, const u8 *s, size_t n)
{
    ref_copy(scratch, s, n);
    ref_copy(d, scratch, n);
}

static void ref_set(u8 *d, u8 v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        d[i] = v;
}

static int ref_cmp(const u8 *a, const u8 *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i])
            return a[i] < b[i] ? -1 : 1;
    return 0;
}

static u32 fnv(u32 h, const u8 *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 16777619u;
    }
    return h;
}

static u32 mismatches(void)
{
    u32 bad = 0;
    for (u32 i = 0; i < SIZE; i++)
        bad += actual[i] != shadow[i];
    return bad;
}

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    for (u32 i = 0; i < SIZE; i++)
        actual[i] = shadow[i] = (u8)(i * 7 + (i >> 8));

    u32 counts[4] = {0, 0, 0, 0};
    u32 bad = 0;
    u32 h = 2166136261u;
    for (u32 it = 0; it < ITERATIONS; it++) {
        u32 op = rng() % 4;
        size_t len = rng() % 261;
        size_t d, s;
        switch (op) {
        case 0: /* memcpy, disjoint: dst in [0,768), src in [1024,1792) */
            d = rng() % 768;
            s = 1024 + rng() % 768;
            if (memcpy(actual + d, actual + s, len) != actual + d)
                bad++;
            ref_copy(shadow + d, shadow + s, len);
            h = fnv(h, actual + d, len);
            break;
        case 1: { /* memset */
            u8 v = (u8)rng();
            d = rng() % (SIZE - 261);
            if (memset(actual + d, v, len) != actual + d)
                bad++;
            ref_set(shadow + d, v, len);
            h = fnv(h, actual + d, len);
            break;
        }
        case 2: { /* memmove, overlapping either way by up to 72 bytes */
            s = 80 + rng() % (SIZE - 80 - 80 - 261);
            d = s + rng() % 145 - 72;
            if (memmove(actual + d, actual + s, len) != actual + d)
                bad++;
            ref_move(shadow + d, shadow + s, len);
            h = fnv(h, actual + d, len);
            break;
        }
        default: { /* memcmp: equal ranges (after a copy) and random ranges */
            d = rng() % (SIZE - 261);
            s = rng() % (SIZE - 261);
            int got = memcmp(actual + d, actual + s, len);
            int want = ref_cmp(shadow + d, shadow + s, len);
            if (got != want)
                bad++;
            if (len && memcmp(actual + d, actual + d, len) != 0)
                bad++;
            h = fnv(h, (const u8 *)&got, sizeof got);
            break;
        }
        }
        counts[op]++;
        if ((it & 255) == 255)
            bad += mismatches();
    }
    bad += mismatches();
    h = fnv(h, actual, SIZE);

    zk_print("memstress: ");
    zk_print_u32(ITERATIONS);
    zk_print(" ops (memcpy ");
    zk_print_u32(counts[0]);
    zk_print(", memset ");
    zk_print_u32(counts[1]);
    zk_print(", memmove ");
    zk_print_u32(counts[2]);
    zk_print(", memcmp ");
    zk_print_u32(counts[3]);
    zk_print(")\nmismatches: ");
    zk_print_u32(bad);
    zk_print("\nchecksum: ");
    zk_print_hex(h);
    zk_print("\n");

    u8 out[8];
    for (int i = 0; i < 4; i++) {
        out[i] = (u8)(h >> (24 - 8 * i));
        out[4 + i] = (u8)(bad >> (24 - 8 * i));
    }
    zk_commit(out, sizeof out);
    return bad ? 1 : 0;
}
