/*
 * process.c — what the process can learn about its system: uname, sysinfo, limits, usage,
 * CPU affinity, randomness. All fixed answers (DESIGN.md §6: deterministic).
 */
#include "kernel.h"

/* One CPU, so Go sets GOMAXPROCS = 1. */
i32 sys_sched_getaffinity(struct syscall_args *a)
{
    if (a->a[1] < 4)
        return -EINVAL;
    u32 mask = 0x01000000u; /* byte 0 = 1, as the guest reads the bitmap bytewise */
    return copy_to_user(a->a[2], &mask, 4) ? -EFAULT : 4;
}

i32 sys_prctl(struct syscall_args *a)
{
    (void)a;
    return -EINVAL;
}

static void put_field(char *field, const char *text)
{
    usize length = strlen(text);
    memcpy(field, text, length);
}

i32 sys_uname(struct syscall_args *a)
{
    static const char *const fields[6] = {"Linux", "zkmips", "6.1.0-zkmips", "#1 SMP", "mips", "(none)"};
    char uts[6 * 65];
    memset(uts, 0, sizeof(uts));
    for (int i = 0; i < 6; i++)
        put_field(uts + 65 * i, fields[i]);
    return copy_to_user(a->a[0], uts, sizeof(uts)) ? -EFAULT : 0;
}

/* struct sysinfo for a 32-bit ABI (64 bytes); glibc's qsort asks it for physical memory. */
i32 sys_sysinfo(struct syscall_args *a)
{
    u32 info[16];
    memset(info, 0, sizeof(info));
    info[0] = (u32)(uptime_nanoseconds() / 1000000000ull); /* uptime */
    info[4] = 1u << 30;                                    /* totalram: 1 GiB */
    info[5] = 1u << 30;                                    /* freeram */
    info[10] = 1u << 16;                                   /* procs = 1 (u16, big-endian high half) */
    info[13] = 1;                                          /* mem_unit */
    return copy_to_user(a->a[0], info, sizeof(info)) ? -EFAULT : 0;
}

/* Limits: an 8 MiB stack, everything else unlimited. */
static u64 limit_of(u32 resource) { return resource == 3 ? 8ull << 20 : ~0ull; }

i32 sys_getrlimit(struct syscall_args *a)
{
    if (a->a[0] >= 16)
        return -EINVAL;
    u64 value = limit_of(a->a[0]);
    u32 limit = value == ~0ull ? 0x7fffffffu : (u32)value; /* RLIM_INFINITY for o32 */
    u32 both[2] = {limit, limit};
    return copy_to_user(a->a[1], both, 8) ? -EFAULT : 0;
}

i32 sys_setrlimit(struct syscall_args *a)
{
    return a->a[0] >= 16 ? -EINVAL : 0;
}

/* prlimit64(pid, resource, new, old): reports; setting is accepted and ignored. */
i32 sys_prlimit64(struct syscall_args *a)
{
    if (a->a[0] != 0 && a->a[0] != 1)
        return -ESRCH;
    if (a->a[1] >= 16)
        return -EINVAL;
    if (a->a[3]) {
        u64 value = limit_of(a->a[1]);
        u32 words[4] = {(u32)(value >> 32), (u32)value, (u32)(value >> 32), (u32)value};
        if (copy_to_user(a->a[3], words, 16))
            return -EFAULT;
    }
    return 0;
}

i32 sys_getrusage(struct syscall_args *a)
{
    u8 usage[72];
    memset(usage, 0, sizeof(usage));
    return copy_to_user(a->a[1], usage, sizeof(usage)) ? -EFAULT : 0;
}

/* Deterministic "random" bytes: SplitMix64 (Steele, Lea & Flood, 2014) over a counter. */
static u64 random_counter;

static u64 splitmix64(u64 x)
{
    x *= 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

i32 sys_getrandom(struct syscall_args *a)
{
    u32 buffer = a->a[0], count = a->a[1];
    if (count > (1u << 24))
        count = 1u << 24;
    if (!user_range_ok(buffer, count, PROT_WRITE))
        return -EFAULT;
    for (u32 done = 0; done < count;) {
        u64 value = splitmix64(++random_counter);
        for (int i = 0; i < 8 && done < count; i++, done++) {
            *(volatile u8 *)(buffer + done) = (u8)value;
            value >>= 8;
        }
    }
    return (i32)count;
}
