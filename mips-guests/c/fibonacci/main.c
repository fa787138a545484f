/* fibonacci: reads n (decimal) from the private input, default 30 when
 * empty; prints fib(n) mod 2^64 and commits it as 8 bytes big-endian. */
#include "zkmips.h"

static u64 fib(u32 n)
{
    u64 a = 0, b = 1;
    for (u32 i = 0; i < n; i++) {
        u64 t = a + b; /* wraps mod 2^64 by design */
        a = b;
        b = t;
    }
    return a;
}

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    u8 input[32];
    ssize_t len = zk_read_input(input, sizeof input);
    if (len < 0) {
        zk_eprint("read failed\n");
        return 1;
    }
    int ok;
    u32 n = zk_parse_u32(input, (size_t)len, &ok);
    if (!ok)
        n = 30;

    u64 f = fib(n);
    zk_print("fib(");
    zk_print_u32(n);
    zk_print(") = ");
    zk_print_u64(f);
    zk_print("\n");

    u8 out[8];
    for (int i = 0; i < 8; i++)
        out[i] = (u8)(f >> (56 - 8 * i));
    return zk_commit(out, sizeof out) == 0 ? 0 : 1;
}
