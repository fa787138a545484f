/*
 * files.c — file descriptors and the four fixed channels.
 *
 * fd 0 reads the private input (through the input primitive, four bytes per word), fd 1/2 are
 * the console (shown to the host, not part of the claim), fd 3 is the public output (bound
 * into the claim). Descriptors are Linux's: dup, close, fcntl and CLOEXEC work on a table of
 * open files; the only other files are pipes and epoll instances (poll.c). There is no file
 * system: open and stat of paths fail with ENOENT; only /proc/self/exe resolves.
 */
#include "kernel.h"
#include "files.h"
#include "primitives.h"

#define MAX_TRANSFER (1u << 24) /* one read or write moves at most 16 MiB */

struct open_file files[MAX_FILES];
struct descriptor descriptors[MAX_DESCRIPTORS];

/* ---------------------------------------------------------------- the table */

static u32 new_file(u32 kind, u32 flags, u32 object)
{
    for (u32 i = 0; i < MAX_FILES; i++) {
        if (files[i].kind == FILE_NONE) {
            files[i] = (struct open_file){kind, 1, flags, object};
            return i + 1;
        }
    }
    return 0;
}

void files_init(void)
{
    static const u32 kinds[4] = {FILE_INPUT, FILE_STDOUT, FILE_STDERR, FILE_OUTPUT};
    for (u32 fd = 0; fd < 4; fd++)
        descriptors[fd].file = new_file(kinds[fd], fd == 0 ? O_RDONLY : O_WRONLY, 0);
}

struct open_file *file_of(u32 fd)
{
    if (fd >= MAX_DESCRIPTORS || descriptors[fd].file == 0)
        return NULL;
    return &files[descriptors[fd].file - 1];
}

i32 install_descriptor(u32 file, u32 lowest, u32 cloexec)
{
    for (u32 fd = lowest; fd < MAX_DESCRIPTORS; fd++) {
        if (descriptors[fd].file == 0) {
            descriptors[fd] = (struct descriptor){file, cloexec};
            return (i32)fd;
        }
    }
    return -EMFILE;
}

/* Opens a new file and gives it the lowest free descriptor. */
i32 open_file(u32 kind, u32 flags, u32 object, u32 cloexec)
{
    u32 file = new_file(kind, flags, object);
    if (file == 0)
        return -EMFILE;
    i32 fd = install_descriptor(file, 0, cloexec);
    if (fd < 0)
        files[file - 1].kind = FILE_NONE;
    return fd;
}

/* Drops one reference; the last one closes the file. Returns whether it closed. */
static int release_file(u32 file)
{
    struct open_file *f = &files[file - 1];
    if (--f->references > 0)
        return 0;
    u32 kind = f->kind, object = f->object;
    f->kind = FILE_NONE;
    file_closed(kind, object);
    return 1;
}

static void close_descriptor(u32 fd)
{
    u32 file = descriptors[fd].file;
    descriptors[fd] = (struct descriptor){0, 0};
    /* An epoll interest lasts as long as its open file (epoll(7)): a dup keeps it. */
    if (release_file(file))
        epoll_forget(fd);
}

/* ---------------------------------------------------------------- input and output */

static u32 input_length, input_known, input_consumed;
static u32 input_word, input_word_bytes; /* bytes of input_word not handed out yet, from the top */

static u32 input_available(void)
{
    if (!input_known) {
        input_length = primitive_read_input();
        input_known = 1;
    }
    return input_length - input_consumed;
}

/* Reads up to `count` input bytes into user memory; a bad buffer consumes nothing. */
static i32 read_input(u32 buffer, u32 count)
{
    /* Like Linux's access_ok: the whole requested range must be user space, even at the end
       of the input. */
    if (buffer + count < buffer || buffer + count > zk_boot.user_end)
        return -EFAULT;
    u32 available = input_available();
    if (count > available)
        count = available;
    if (count > MAX_TRANSFER)
        count = MAX_TRANSFER;
    if (!user_range_ok(buffer, count, PROT_WRITE))
        return -EFAULT;
    u32 done = 0;
    while (done < count) {
        if (input_word_bytes == 0 && !((buffer + done) & 3) && count - done >= 4) {
            *(volatile u32 *)(buffer + done) = primitive_read_input();
            done += 4;
            continue;
        }
        if (input_word_bytes == 0) {
            input_word = primitive_read_input();
            input_word_bytes = 4;
        }
        *(volatile u8 *)(buffer + done) = (u8)(input_word >> 24);
        input_word <<= 8;
        input_word_bytes--;
        done++;
    }
    input_consumed += count;
    return (i32)count;
}

static i32 write_public_output(u32 buffer, u32 count)
{
    if (count > MAX_TRANSFER)
        count = MAX_TRANSFER;
    if (!user_range_ok(buffer, count, PROT_READ))
        return -EFAULT;
    u32 done = 0;
    while (done < count) {
        u32 address = buffer + done, left = count - done;
        if (!(address & 3) && left >= 4) {
            primitive_write_output(*(volatile u32 *)address, 4);
            done += 4;
            continue;
        }
        u32 take = left < 4 ? left : 4 - (address & 3), word = 0;
        for (u32 i = 0; i < take; i++)
            word |= (u32)*(volatile u8 *)(address + i) << (24 - 8 * i);
        primitive_write_output(word, take);
        done += take;
    }
    return (i32)count;
}

static i32 write_console(u32 fd, u32 buffer, u32 count)
{
    if (count > MAX_TRANSFER)
        count = MAX_TRANSFER;
    if (!user_range_ok(buffer, count, PROT_READ))
        return -EFAULT;
    if (count)
        primitive_console(fd, buffer, count);
    return (i32)count;
}

i32 file_read(u32 fd, u32 buffer, u32 count)
{
    struct open_file *f = file_of(fd);
    if (!f)
        return -EBADF;
    switch (f->kind) {
    case FILE_INPUT: return read_input(buffer, count);
    case FILE_PIPE_READ: return pipe_read(fd, f, buffer, count);
    case FILE_EPOLL: return -EINVAL;
    default: return -EBADF;
    }
}

i32 file_write(u32 fd, u32 buffer, u32 count)
{
    struct open_file *f = file_of(fd);
    if (!f)
        return -EBADF;
    switch (f->kind) {
    case FILE_STDOUT: return write_console(1, buffer, count);
    case FILE_STDERR: return write_console(2, buffer, count);
    case FILE_OUTPUT: return write_public_output(buffer, count);
    case FILE_PIPE_WRITE: return pipe_write(fd, f, buffer, count);
    case FILE_EPOLL: return -EINVAL;
    default: return -EBADF;
    }
}

i32 sys_read(struct syscall_args *a) { return file_read(a->a[0], a->a[1], a->a[2]); }
i32 sys_write(struct syscall_args *a) { return file_write(a->a[0], a->a[1], a->a[2]); }

/* readv/writev: struct iovec { base, length }; stops at the first short transfer. */
static i32 vector_transfer(struct syscall_args *a, int writing)
{
    u32 fd = a->a[0], vector = a->a[1], count = a->a[2];
    if (!file_of(fd))
        return -EBADF;
    if (count > 1024)
        return -EINVAL;
    u32 total = 0;
    for (u32 i = 0; i < count; i++) {
        u32 iov[2];
        if (copy_from_user(iov, vector + 8 * i, 8))
            return total ? (i32)total : -EFAULT;
        if (iov[1] == 0)
            continue;
        i32 done = writing ? file_write(fd, iov[0], iov[1]) : file_read(fd, iov[0], iov[1]);
        if (done < 0 || done == SYSCALL_NO_RESULT)
            return total ? (i32)total : (done == SYSCALL_NO_RESULT ? -EAGAIN : done);
        total += (u32)done;
        if ((u32)done < iov[1])
            break;
    }
    return (i32)total;
}

i32 sys_readv(struct syscall_args *a) { return vector_transfer(a, 0); }
i32 sys_writev(struct syscall_args *a) { return vector_transfer(a, 1); }

/* Nothing is seekable. */
i32 sys_pread64(struct syscall_args *a) { return file_of(a->a[0]) ? -ESPIPE : -EBADF; }
i32 sys_lseek(struct syscall_args *a) { return file_of(a->a[0]) ? -ESPIPE : -EBADF; }
/* No descriptor is a terminal. */
i32 sys_ioctl(struct syscall_args *a) { return file_of(a->a[0]) ? -ENOTTY : -EBADF; }

i32 sys_close(struct syscall_args *a)
{
    if (!file_of(a->a[0]))
        return -EBADF;
    close_descriptor(a->a[0]);
    return 0;
}

/* ---------------------------------------------------------------- fcntl and dup */

#define F_DUPFD 0
#define F_GETFD 1
#define F_SETFD 2
#define F_GETFL 3
#define F_SETFL 4
#define F_DUPFD_CLOEXEC 1030
#define FD_CLOEXEC 1

static i32 duplicate(u32 fd, u32 lowest, u32 cloexec)
{
    if (lowest >= MAX_DESCRIPTORS)
        return -EINVAL;
    u32 file = descriptors[fd].file;
    i32 copy = install_descriptor(file, lowest, cloexec);
    if (copy >= 0)
        files[file - 1].references++;
    return copy;
}

i32 sys_fcntl(struct syscall_args *a)
{
    u32 fd = a->a[0];
    struct open_file *f = file_of(fd);
    if (!f)
        return -EBADF;
    switch (a->a[1]) {
    case F_DUPFD: return duplicate(fd, a->a[2], 0);
    case F_DUPFD_CLOEXEC: return duplicate(fd, a->a[2], 1);
    case F_GETFD: return descriptors[fd].cloexec ? FD_CLOEXEC : 0;
    case F_SETFD: descriptors[fd].cloexec = a->a[2] & FD_CLOEXEC; return 0;
    case F_GETFL: return (i32)f->flags;
    case F_SETFL: f->flags = (f->flags & ~O_NONBLOCK) | (a->a[2] & O_NONBLOCK); return 0;
    default: return -EINVAL;
    }
}

i32 sys_dup(struct syscall_args *a)
{
    return file_of(a->a[0]) ? duplicate(a->a[0], 0, 0) : -EBADF;
}

static i32 duplicate_to(u32 old, u32 new, u32 cloexec)
{
    if (!file_of(old))
        return -EBADF;
    if (new >= MAX_DESCRIPTORS)
        return -EBADF;
    if (file_of(new))
        close_descriptor(new);
    u32 file = descriptors[old].file;
    descriptors[new] = (struct descriptor){file, cloexec};
    files[file - 1].references++;
    return (i32)new;
}

i32 sys_dup2(struct syscall_args *a)
{
    if (a->a[0] == a->a[1])
        return file_of(a->a[0]) ? (i32)a->a[1] : -EBADF;
    return duplicate_to(a->a[0], a->a[1], 0);
}

i32 sys_dup3(struct syscall_args *a)
{
    if (a->a[0] == a->a[1] || (a->a[2] & ~O_CLOEXEC))
        return -EINVAL;
    return duplicate_to(a->a[0], a->a[1], (a->a[2] & O_CLOEXEC) != 0);
}

/* ---------------------------------------------------------------- stat and paths */

/* The descriptors look like pipes (S_IFIFO), so C stdio buffers fully and Go does not poll. */
#define FIFO_MODE (0010000u | 0600u)

/* struct stat64 of the MIPS o32 ABI (arch/mips/include/uapi/asm/stat.h), 104 bytes. */
static i32 fstat64(u32 fd, u32 buffer)
{
    if (!file_of(fd))
        return -EBADF;
    u32 stat[26];
    memset(stat, 0, sizeof(stat));
    stat[0] = 0x0c;                       /* st_dev */
    stat[5] = descriptors[fd].file;       /* st_ino (low word; 1 + the open file's slot) */
    stat[6] = FIFO_MODE;                  /* st_mode */
    stat[7] = 1;                          /* st_nlink */
    stat[22] = 4096;                      /* st_blksize */
    return copy_to_user(buffer, stat, sizeof(stat)) ? -EFAULT : 0;
}

i32 sys_fstat64(struct syscall_args *a) { return fstat64(a->a[0], a->a[1]); }

/* Only the empty path (with AT_EMPTY_PATH) names something: the descriptor itself. */
static i32 empty_path(u32 path)
{
    char name[2];
    int length = copy_string_from_user(name, path, sizeof(name));
    if (length == -EFAULT)
        return -EFAULT;
    return length == 0 ? 0 : -ENOENT;
}

i32 sys_fstatat64(struct syscall_args *a)
{
    i32 error = empty_path(a->a[1]);
    return error ? error : fstat64(a->a[0], a->a[2]);
}

/* statx(dirfd, path, flags, mask, buffer) — struct statx, 256 bytes. */
i32 sys_statx(struct syscall_args *a)
{
    i32 error = empty_path(a->a[1]);
    if (error)
        return error;
    if (!file_of(a->a[0]))
        return -EBADF;
    u32 buffer;
    if (stack_argument(0, &buffer))
        return -EFAULT;
    u32 statx[64];
    memset(statx, 0, sizeof(statx));
    statx[0] = 0x7ff;                          /* stx_mask: STATX_BASIC_STATS */
    statx[1] = 4096;                           /* stx_blksize */
    statx[4] = 1;                              /* stx_nlink */
    statx[7] = FIFO_MODE << 16;                /* stx_mode (u16 at offset 28) */
    statx[9] = descriptors[a->a[0]].file;      /* stx_ino (low word) */
    return copy_to_user(buffer, statx, sizeof(statx)) ? -EFAULT : 0;
}

static const char executable_path[] = "/program";

static i32 readlink(u32 path, u32 buffer, u32 size)
{
    char name[16];
    int length = copy_string_from_user(name, path, sizeof(name));
    if (length == -EFAULT)
        return -EFAULT;
    if (length != 14 || memcmp(name, "/proc/self/exe", 14) != 0)
        return -ENOENT;
    u32 count = sizeof(executable_path) - 1;
    if (count > size)
        count = size;
    return copy_to_user(buffer, executable_path, count) ? -EFAULT : (i32)count;
}

i32 sys_readlink(struct syscall_args *a) { return readlink(a->a[0], a->a[1], a->a[2]); }
i32 sys_readlinkat(struct syscall_args *a) { return readlink(a->a[1], a->a[2], a->a[3]); }

i32 sys_getcwd(struct syscall_args *a)
{
    if (a->a[1] < 2)
        return -ERANGE;
    return copy_to_user(a->a[0], "/", 2) ? -EFAULT : 2;
}
