/*
 * poll.c — pipes, epoll and poll: what Go's network poller needs for its timers, and what C
 * programs use to wait on descriptors.
 *
 * Readiness is level-triggered. A thread that would block (an empty pipe without O_NONBLOCK,
 * epoll_wait or poll with nothing ready) waits; every change to a pipe re-checks the waiters,
 * and the scheduler ends a wait at its deadline (threads.c).
 */
#include "files.h"
#include "primitives.h"

#define MAX_PIPES 16
#define PIPE_CAPACITY 65536u /* Linux's default */
#define PIPE_BUF 4096u       /* writes up to this size are atomic */
#define MAX_EPOLLS 8
#define MAX_INTERESTS 64

#define EPOLLIN 0x001u
#define EPOLLOUT 0x004u
#define EPOLLERR 0x008u
#define EPOLLHUP 0x010u
#define POLLNVAL 0x020u

struct pipe {
    u32 used;
    u32 readers;
    u32 writers;
    u32 head;  /* index of the oldest byte */
    u32 count; /* bytes buffered */
    u8 buffer[PIPE_CAPACITY];
};

struct interest {
    u32 fd;
    u32 events;
    u32 data_high;
    u32 data_low;
};

struct epoll {
    u32 used;
    u32 count;
    struct interest interests[MAX_INTERESTS];
};

static struct pipe pipes[MAX_PIPES];
static struct epoll epolls[MAX_EPOLLS];

/* A pipe operation that cannot proceed now. */
#define WOULD_BLOCK ((i32)0x80000001)

/* ---------------------------------------------------------------- pipes */

static i32 pipe_read_now(struct pipe *p, u32 buffer, u32 count)
{
    if (p->count == 0)
        return p->writers ? WOULD_BLOCK : 0; /* empty: wait, or end of file */
    if (count > p->count)
        count = p->count;
    if (!user_range_ok(buffer, count, PROT_WRITE))
        return -EFAULT;
    for (u32 i = 0; i < count; i++) {
        *(volatile u8 *)(buffer + i) = p->buffer[p->head];
        p->head = (p->head + 1) % PIPE_CAPACITY;
    }
    p->count -= count;
    return (i32)count;
}

static i32 pipe_write_now(struct thread *writer, struct pipe *p, u32 buffer, u32 count)
{
    if (p->readers == 0) {
        send_signal(writer, SIGPIPE, SI_USER, 1);
        return -EPIPE;
    }
    u32 room = PIPE_CAPACITY - p->count;
    if (count == 0)
        return 0;
    if (room == 0 || (count <= PIPE_BUF && room < count)) /* small writes go in whole or not at all */
        return WOULD_BLOCK;
    if (count > room)
        count = room;
    if (!user_range_ok(buffer, count, PROT_READ))
        return -EFAULT;
    u32 tail = (p->head + p->count) % PIPE_CAPACITY;
    for (u32 i = 0; i < count; i++) {
        p->buffer[tail] = *(volatile const u8 *)(buffer + i);
        tail = (tail + 1) % PIPE_CAPACITY;
    }
    p->count += count;
    return (i32)count;
}

/* Blocks the current thread on a pipe operation it will redo when the pipe changes; a write
   has already moved `done` bytes and waits to move the `count` after them. */
static i32 wait_on_pipe(u32 fd, u32 buffer, u32 count, u32 writing, u32 done)
{
    if (has_deliverable_signal(current))
        return done ? (i32)done : -EINTR;
    current->wait_object = fd | (writing ? 0x80000000u : 0);
    current->wait_address = buffer + done;
    current->wait_value = count - done;
    current->wait_done = done;
    block_current(WAIT_PIPE, 0);
    return SYSCALL_NO_RESULT;
}

i32 pipe_read(u32 fd, struct open_file *file, u32 buffer, u32 count)
{
    i32 result = pipe_read_now(&pipes[file->object], buffer, count);
    if (result == WOULD_BLOCK)
        return (file->flags & O_NONBLOCK) ? -EAGAIN : wait_on_pipe(fd, buffer, count, 0, 0);
    if (result > 0)
        pipes_changed();
    return result;
}

/* A blocking write returns when every byte is in the pipe (or a signal interrupts it, or
   the last reader leaves); a non-blocking one moves what fits. */
i32 pipe_write(u32 fd, struct open_file *file, u32 buffer, u32 count)
{
    i32 result = pipe_write_now(current, &pipes[file->object], buffer, count);
    int nonblocking = (file->flags & O_NONBLOCK) != 0;
    if (result == WOULD_BLOCK)
        return nonblocking ? -EAGAIN : wait_on_pipe(fd, buffer, count, 1, 0);
    if (result > 0)
        pipes_changed();
    if (result >= 0 && (u32)result < count && !nonblocking)
        return wait_on_pipe(fd, buffer, count, 1, (u32)result);
    return result;
}

static i32 make_pipe(u32 flags, i32 fds[2])
{
    if (flags & ~(O_NONBLOCK | O_CLOEXEC))
        return -EINVAL;
    u32 index = 0;
    while (index < MAX_PIPES && pipes[index].used)
        index++;
    if (index == MAX_PIPES)
        return -EMFILE;
    u32 cloexec = (flags & O_CLOEXEC) != 0, nonblock = flags & O_NONBLOCK;
    fds[0] = open_file(FILE_PIPE_READ, O_RDONLY | nonblock, index, cloexec);
    if (fds[0] < 0)
        return fds[0];
    fds[1] = open_file(FILE_PIPE_WRITE, O_WRONLY | nonblock, index, cloexec);
    if (fds[1] < 0) {
        struct syscall_args close_args = {0, {(u32)fds[0], 0, 0, 0, 0, 0}};
        sys_close(&close_args);
        return fds[1];
    }
    pipes[index].used = 1;
    pipes[index].readers = 1;
    pipes[index].writers = 1;
    pipes[index].head = pipes[index].count = 0;
    return 0;
}

/* pipe2(fds, flags): the two descriptors go to user memory. */
i32 sys_pipe2(struct syscall_args *a)
{
    i32 fds[2];
    if (!user_range_ok(a->a[0], 8, PROT_WRITE))
        return -EFAULT;
    i32 error = make_pipe(a->a[1], fds);
    if (error)
        return error;
    copy_to_user(a->a[0], fds, 8);
    return 0;
}

/* pipe(): on MIPS the descriptors come back in v0 and v1. */
i32 sys_pipe(struct syscall_args *a)
{
    (void)a;
    i32 fds[2];
    i32 error = make_pipe(0, fds);
    if (error)
        return error;
    current->ctx.regs[3] = (u32)fds[1];
    return fds[0];
}

void file_closed(u32 kind, u32 object)
{
    if (kind == FILE_PIPE_READ || kind == FILE_PIPE_WRITE) {
        struct pipe *p = &pipes[object];
        if (kind == FILE_PIPE_READ)
            p->readers--;
        else
            p->writers--;
        if (p->readers == 0 && p->writers == 0)
            p->used = 0;
        pipes_changed();
    } else if (kind == FILE_EPOLL) {
        epolls[object].used = 0;
    }
}

/* ---------------------------------------------------------------- readiness */

/* The events ready on `fd` now (EPOLL* values; poll's POLL* bits are the same). */
static u32 readiness(u32 fd)
{
    struct open_file *f = file_of(fd);
    if (!f)
        return 0;
    switch (f->kind) {
    case FILE_INPUT: return EPOLLIN;
    case FILE_STDOUT: case FILE_STDERR: case FILE_OUTPUT: return EPOLLOUT;
    case FILE_PIPE_READ: {
        struct pipe *p = &pipes[f->object];
        return (p->count ? EPOLLIN : 0) | (p->writers ? 0 : EPOLLHUP);
    }
    case FILE_PIPE_WRITE: {
        struct pipe *p = &pipes[f->object];
        if (!p->readers)
            return EPOLLERR;
        return p->count < PIPE_CAPACITY ? EPOLLOUT : 0;
    }
    default: return 0;
    }
}

/* ---------------------------------------------------------------- epoll */

static struct epoll *epoll_of(u32 fd, i32 *error)
{
    struct open_file *f = file_of(fd);
    *error = !f ? -EBADF : (f->kind != FILE_EPOLL ? -EINVAL : 0);
    return *error ? NULL : &epolls[f->object];
}

static i32 epoll_create(void)
{
    u32 index = 0;
    while (index < MAX_EPOLLS && epolls[index].used)
        index++;
    if (index == MAX_EPOLLS)
        return -EMFILE;
    i32 fd = open_file(FILE_EPOLL, O_RDWR, index, 0);
    if (fd >= 0) {
        epolls[index].used = 1;
        epolls[index].count = 0;
    }
    return fd;
}

i32 sys_epoll_create(struct syscall_args *a) { return (i32)a->a[0] <= 0 ? -EINVAL : epoll_create(); }
i32 sys_epoll_create1(struct syscall_args *a) { return (a->a[0] & ~O_CLOEXEC) ? -EINVAL : epoll_create(); }

static int interest_index(const struct epoll *e, u32 fd)
{
    for (u32 i = 0; i < e->count; i++)
        if (e->interests[i].fd == fd)
            return (int)i;
    return -1;
}

/* epoll_ctl(epfd, op, fd, event); MIPS o32 struct epoll_event is { u32 events; u32 pad;
   u64 data } (16 bytes: it is packed only on x86-64). */
i32 sys_epoll_ctl(struct syscall_args *a)
{
    u32 op = a->a[1], fd = a->a[2];
    i32 error;
    struct epoll *e = epoll_of(a->a[0], &error);
    if (!e)
        return error;
    if (!file_of(fd))
        return -EBADF;
    if (fd == a->a[0])
        return -EINVAL;
    int i = interest_index(e, fd);
    switch (op) {
    case 1:   /* EPOLL_CTL_ADD */
    case 3: { /* EPOLL_CTL_MOD */
        if (op == 1 && i >= 0)
            return -EEXIST;
        if (op == 3 && i < 0)
            return -ENOENT;
        u32 event[4];
        if (copy_from_user(event, a->a[3], 16))
            return -EFAULT;
        if (i < 0) {
            if (e->count == MAX_INTERESTS)
                return -ENOMEM;
            i = (int)e->count++;
        }
        e->interests[i] = (struct interest){fd, event[0], event[2], event[3]};
        return 0;
    }
    case 2: /* EPOLL_CTL_DEL */
        if (i < 0)
            return -ENOENT;
        e->interests[i] = e->interests[--e->count];
        return 0;
    default:
        return -EINVAL;
    }
}

void epoll_forget(u32 fd)
{
    for (u32 k = 0; k < MAX_EPOLLS; k++) {
        struct epoll *e = &epolls[k];
        int i = e->used ? interest_index(e, fd) : -1;
        if (i >= 0)
            e->interests[i] = e->interests[--e->count];
    }
}

/* Writes up to `max` ready events, in descriptor order; returns how many. */
static u32 collect_events(const struct epoll *e, u32 buffer, u32 max)
{
    u32 written = 0, last = 0;
    int first = 1;
    while (written < max) {
        /* The next interest by descriptor number (interests are few). */
        const struct interest *next = NULL;
        for (u32 i = 0; i < e->count; i++) {
            const struct interest *candidate = &e->interests[i];
            if ((first || candidate->fd > last) && (!next || candidate->fd < next->fd))
                next = candidate;
        }
        if (!next)
            break;
        first = 0;
        last = next->fd;
        u32 ready = readiness(next->fd) & (next->events | EPOLLERR | EPOLLHUP);
        if (!ready)
            continue;
        u32 event[4] = {ready, 0, next->data_high, next->data_low};
        copy_to_user(buffer + 16 * written, event, 16);
        written++;
    }
    return written;
}

/* epoll_wait(epfd, events, maxevents, timeout ms) and epoll_pwait (signal mask ignored). */
i32 sys_epoll_wait(struct syscall_args *a)
{
    i32 error;
    struct epoll *e = epoll_of(a->a[0], &error);
    if (!e)
        return error;
    i32 max = (i32)a->a[2], timeout = (i32)a->a[3];
    if (max <= 0 || max > (1 << 16))
        return -EINVAL;
    if (!user_range_ok(a->a[1], 16 * (u32)max, PROT_WRITE))
        return -EFAULT;
    u32 count = collect_events(e, a->a[1], (u32)max);
    if (count > 0 || timeout == 0)
        return (i32)count;
    if (has_deliverable_signal(current))
        return -EINTR;
    current->wait_object = a->a[0];
    current->wait_address = a->a[1];
    current->wait_value = (u32)max;
    block_current(WAIT_EPOLL, timeout > 0 ? now_nanoseconds() + (u64)timeout * 1000000ull : 0);
    return SYSCALL_NO_RESULT;
}

/* ---------------------------------------------------------------- poll */

/* Fills revents of each struct pollfd { int fd; short events; short revents; }; returns the
   number of entries with any. */
static i32 poll_now(u32 fds, u32 count)
{
    i32 ready = 0;
    for (u32 i = 0; i < count; i++) {
        u32 entry[2];
        copy_from_user(entry, fds + 8 * i, 8);
        i32 fd = (i32)entry[0];
        u32 events = entry[1] >> 16, revents = 0;
        if (fd >= 0)
            revents = file_of((u32)fd) ? readiness((u32)fd) & (events | EPOLLERR | EPOLLHUP) : POLLNVAL;
        entry[1] = (events << 16) | revents;
        copy_to_user(fds + 8 * i + 4, &entry[1], 4);
        ready += revents != 0;
    }
    return ready;
}

i32 sys_poll(struct syscall_args *a)
{
    u32 fds = a->a[0], count = a->a[1];
    i32 timeout = (i32)a->a[2];
    if (count > MAX_DESCRIPTORS)
        return -EINVAL;
    if (!user_range_ok(fds, 8 * count, PROT_READ | PROT_WRITE))
        return -EFAULT;
    i32 ready = poll_now(fds, count);
    if (ready > 0 || timeout == 0)
        return ready;
    if (has_deliverable_signal(current))
        return -EINTR;
    current->wait_object = 0xffffffffu; /* poll, not epoll */
    current->wait_address = fds;
    current->wait_value = count;
    block_current(WAIT_EPOLL, timeout > 0 ? now_nanoseconds() + (u64)timeout * 1000000ull : 0);
    return SYSCALL_NO_RESULT;
}

/* ---------------------------------------------------------------- waiters */

/* Set when a retried write moved bytes without finishing (readers may now proceed). */
static int pipe_progress;

/* Retries a blocked thread's operation; its result, or WOULD_BLOCK. */
static i32 retry(struct thread *t)
{
    if (t->wait == WAIT_PIPE) {
        u32 fd = t->wait_object & 0x7fffffffu;
        struct open_file *f = file_of(fd);
        if (!f)
            return -EBADF;
        if (t->wait_object & 0x80000000u) {
            if (f->kind != FILE_PIPE_WRITE)
                return t->wait_done ? (i32)t->wait_done : -EBADF;
            i32 moved = pipe_write_now(t, &pipes[f->object], t->wait_address, t->wait_value);
            if (moved == WOULD_BLOCK)
                return WOULD_BLOCK;
            if (moved < 0)
                return t->wait_done ? (i32)t->wait_done : moved;
            t->wait_done += (u32)moved;
            t->wait_address += (u32)moved;
            t->wait_value -= (u32)moved;
            if (moved > 0)
                pipe_progress = 1;
            return t->wait_value == 0 ? (i32)t->wait_done : WOULD_BLOCK;
        }
        return f->kind == FILE_PIPE_READ ? pipe_read_now(&pipes[f->object], t->wait_address, t->wait_value) : -EBADF;
    }
    if (t->wait_object == 0xffffffffu) {
        i32 ready = poll_now(t->wait_address, t->wait_value);
        return ready > 0 ? ready : WOULD_BLOCK;
    }
    i32 error;
    struct epoll *e = epoll_of(t->wait_object, &error);
    if (!e)
        return error;
    u32 count = collect_events(e, t->wait_address, t->wait_value);
    return count > 0 ? (i32)count : WOULD_BLOCK;
}

void pipes_changed(void)
{
    static u32 busy;
    if (busy)
        return;
    busy = 1;
    for (int progress = 1; progress;) {
        progress = 0;
        pipe_progress = 0;
        for (u32 i = 0; i < MAX_THREADS; i++) {
            struct thread *t = &threads[i];
            if (t->state != THREAD_BLOCKED || (t->wait != WAIT_PIPE && t->wait != WAIT_EPOLL))
                continue;
            i32 result = retry(t);
            if (result == WOULD_BLOCK)
                continue;
            wake_thread(t, result);
            progress = 1;
        }
        progress |= pipe_progress;
    }
    busy = 0;
}
