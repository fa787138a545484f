/* files.h — the open-file table shared by files.c and poll.c. */
#ifndef ZK_FILES_H
#define ZK_FILES_H

#include "kernel.h"

#define MAX_FILES 128
#define MAX_DESCRIPTORS 256

#define O_RDONLY 0u
#define O_WRONLY 1u
#define O_RDWR 2u
#define O_NONBLOCK 0x80u   /* MIPS */
#define O_CLOEXEC 0x80000u /* MIPS */

enum file_kind {
    FILE_NONE = 0,
    FILE_INPUT,      /* fd 0: the private input */
    FILE_STDOUT,     /* fd 1: console */
    FILE_STDERR,     /* fd 2: console */
    FILE_OUTPUT,     /* fd 3: the public output */
    FILE_PIPE_READ,  /* object = pipe number */
    FILE_PIPE_WRITE,
    FILE_EPOLL,      /* object = epoll instance */
};

/* An open file description: what dup shares. */
struct open_file {
    u32 kind;
    u32 references;
    u32 flags; /* access mode | O_NONBLOCK */
    u32 object;
};

struct descriptor {
    u32 file; /* 1 + index in files[], 0 = closed */
    u32 cloexec;
};

extern struct open_file files[MAX_FILES];
extern struct descriptor descriptors[MAX_DESCRIPTORS];

struct open_file *file_of(u32 fd);
i32 open_file(u32 kind, u32 flags, u32 object, u32 cloexec);
i32 install_descriptor(u32 file, u32 lowest, u32 cloexec);
i32 file_read(u32 fd, u32 buffer, u32 count);
i32 file_write(u32 fd, u32 buffer, u32 count);

/* poll.c */
i32 pipe_read(u32 fd, struct open_file *file, u32 buffer, u32 count);
i32 pipe_write(u32 fd, struct open_file *file, u32 buffer, u32 count);
/* The last reference to a file closed. */
void file_closed(u32 kind, u32 object);
/* Drops a closed descriptor from every epoll instance. */
void epoll_forget(u32 fd);

#endif
