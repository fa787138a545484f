/*
 * zkmips.h — a tiny freestanding runtime for C guests of the zkmips VM.
 *
 * Guest ABI (see DESIGN.md §6):
 *   fd 0  private input stream (the VM's --input file)
 *   fd 1  stdout, fd 2 stderr (console: shown to the host, not proven)
 *   fd 3  public output ("commit"): write-only, bound into the proof claim
 * Syscalls are Linux o32: v0 = number, a0..a3 = arguments, `syscall`,
 * v0 = result, a3 != 0 means v0 holds a positive errno.
 *
 * No libc: link start.S + zkmips.c with your program (see
 * scripts/build-guests.sh for the exact clang flags). Integer only.
 */
#ifndef ZKMIPS_H
#define ZKMIPS_H

typedef unsigned int size_t;
typedef int ssize_t;
typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef int i32;
typedef long long i64;

#define ZK_STDIN 0
#define ZK_STDOUT 1
#define ZK_STDERR 2
#define ZK_PUBLIC 3

/* Linux o32 syscall numbers (__NR_Linux = 4000). */
#define ZK_SYS_exit 4001
#define ZK_SYS_read 4003
#define ZK_SYS_write 4004
#define ZK_SYS_exit_group 4246

/*
 * o32 syscall: the kernel may clobber at, v1, t0-t9, hi and lo besides
 * the result registers v0 and a3.
 */
#define ZK_SYSCALL_CLOBBERS \
    "$1", "$3", "$8", "$9", "$10", "$11", "$12", "$13", "$14", "$15", \
    "$24", "$25", "hi", "lo", "memory"

/* Returns the result, or -errno on failure (a3 != 0). */
static inline long zk_syscall3(long number, long arg0, long arg1, long arg2)
{
    register long v0 __asm__("$2") = number;
    register long a0 __asm__("$4") = arg0;
    register long a1 __asm__("$5") = arg1;
    register long a2 __asm__("$6") = arg2;
    register long a3 __asm__("$7");
    __asm__ volatile("syscall"
                     : "+r"(v0), "=r"(a3)
                     : "r"(a0), "r"(a1), "r"(a2)
                     : ZK_SYSCALL_CLOBBERS);
    return a3 ? -v0 : v0;
}

static inline ssize_t zk_read(int fd, void *buf, size_t len)
{
    return zk_syscall3(ZK_SYS_read, fd, (long)buf, (long)len);
}

static inline ssize_t zk_write(int fd, const void *buf, size_t len)
{
    return zk_syscall3(ZK_SYS_write, fd, (long)buf, (long)len);
}

__attribute__((noreturn)) static inline void zk_exit(int code)
{
    zk_syscall3(ZK_SYS_exit_group, code, 0, 0);
    zk_syscall3(ZK_SYS_exit, code, 0, 0); /* not reached */
    __builtin_unreachable();
}

/* --- memory (clang may emit calls to these) --------------------------- */
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);

/* --- I/O helpers ------------------------------------------------------- */
/* Reads up to `len` bytes of private input (fewer only at end of input).
 * Returns the number of bytes read, or -errno. */
ssize_t zk_read_input(void *buf, size_t len);
/* Writes all of buf to fd; returns 0 or -errno. */
int zk_write_all(int fd, const void *buf, size_t len);
/* Appends bytes to the public output (fd 3); returns 0 or -errno. */
int zk_commit(const void *buf, size_t len);
void zk_print(const char *s);               /* stdout */
void zk_eprint(const char *s);              /* stderr */
void zk_print_u32(u32 v);                   /* decimal */
void zk_print_i32(i32 v);                   /* decimal, signed */
void zk_print_u64(u64 v);                   /* decimal (no libgcc needed) */
void zk_print_hex(u32 v);                   /* 8 lowercase hex digits */
void zk_print_hex_bytes(const void *buf, size_t len);
/* Formats v in decimal into out (>= 21 bytes), NUL-terminated; returns length. */
size_t zk_fmt_u64(char *out, u64 v);
/* Parses leading decimal digits (after optional spaces); *ok = 0 if none. */
u32 zk_parse_u32(const u8 *s, size_t len, int *ok);

/* Program entry, called by _start; its return value is the exit code. */
int main(int argc, char **argv);

#endif
