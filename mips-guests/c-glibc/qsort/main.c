/* qsort: an ordinary hosted C program for the zkmips VM, linked statically
 * against glibc. It reads whitespace-separated integers from the private
 * input (or generates 64 with an LCG when the input has none), builds
 * malloc'ed records with snprintf'ed names, sorts them with qsort, prints
 * them with printf and commits a checksum of the sorted order to fd 3.
 * Integer only: no floating-point formatting. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct record {
    int32_t key;
    char *name;
};

static int by_key_then_name(const void *pa, const void *pb)
{
    const struct record *a = pa, *b = pb;
    if (a->key != b->key)
        return a->key < b->key ? -1 : 1;
    return strcmp(a->name, b->name);
}

static int32_t *read_numbers(size_t *count)
{
    size_t cap = 16, n = 0;
    int32_t *v = malloc(cap * sizeof *v);
    long long x;
    if (!v)
        return NULL;
    while (scanf("%lld", &x) == 1) {
        if (n == cap) {
            cap *= 2;
            int32_t *grown = realloc(v, cap * sizeof *v);
            if (!grown) {
                free(v);
                return NULL;
            }
            v = grown;
        }
        v[n++] = (int32_t)x;
    }
    *count = n;
    return v;
}

int main(void)
{
    size_t n = 0;
    int32_t *keys = read_numbers(&n);
    if (!keys) {
        fprintf(stderr, "out of memory\n");
        return 1;
    }
    if (n == 0) {
        uint32_t seed = 12345;
        n = 64;
        free(keys);
        keys = malloc(n * sizeof *keys);
        if (!keys)
            return 1;
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            keys[i] = (int32_t)((seed >> 8) % 2001) - 1000;
        }
    }

    struct record *recs = calloc(n, sizeof *recs);
    if (!recs)
        return 1;
    for (size_t i = 0; i < n; i++) {
        char buf[32];
        int len = snprintf(buf, sizeof buf, "item-%03zu-%x", i, (unsigned)keys[i] & 0xfff);
        recs[i].key = keys[i];
        recs[i].name = malloc((size_t)len + 1);
        if (!recs[i].name)
            return 1;
        memcpy(recs[i].name, buf, (size_t)len + 1);
    }
    free(keys);

    qsort(recs, n, sizeof *recs, by_key_then_name);

    uint32_t hash = 2166136261u; /* FNV-1a over "key:name;" of the sorted list */
    size_t name_bytes = 0;
    for (size_t i = 0; i < n; i++) {
        char line[64];
        int len = snprintf(line, sizeof line, "%d:%s;", recs[i].key, recs[i].name);
        for (int j = 0; j < len; j++) {
            hash ^= (unsigned char)line[j];
            hash *= 16777619u;
        }
        name_bytes += strlen(recs[i].name);
        if (i < 8 || i + 4 >= n)
            printf("%4zu %6d %s\n", i, recs[i].key, recs[i].name);
        else if (i == 8)
            printf("   ...\n");
    }
    printf("sorted %zu records, min %d, max %d, name bytes %zu, fnv %08x\n",
           n, recs[0].key, recs[n - 1].key, name_bytes, hash);

    for (size_t i = 0; i < n; i++)
        free(recs[i].name);
    free(recs);

    unsigned char out[8] = {
        (unsigned char)(n >> 24), (unsigned char)(n >> 16), (unsigned char)(n >> 8), (unsigned char)n,
        (unsigned char)(hash >> 24), (unsigned char)(hash >> 16), (unsigned char)(hash >> 8), (unsigned char)hash,
    };
    fflush(stdout);
    if (write(3, out, sizeof out) != (ssize_t)sizeof out) {
        fprintf(stderr, "commit failed\n");
        return 1;
    }
    return 0;
}
