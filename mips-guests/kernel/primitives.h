/*
 * primitives.h — the machine's primitives (Sources/MIPS/System/Primitive.swift): a `syscall`
 * executed in kernel mode, number in $v0, operands in $a0–$a3. Each is one cycle.
 */
#ifndef ZK_PRIMITIVES_H
#define ZK_PRIMITIVES_H

#include "context.h"

#define PRIMITIVE_HALT 0
#define PRIMITIVE_READ_INPUT 1
#define PRIMITIVE_WRITE_OUTPUT 2
#define PRIMITIVE_CONSOLE 3
#define PRIMITIVE_CYCLE_COUNTER 4
#define PRIMITIVE_MAP_HINT 5
#define PRIMITIVE_PANIC 6
#define PRIMITIVE_TRACE_SYSCALL 7

#define MAP_HINT_UNMAP 0x100u

static inline void primitive4(u32 number, u32 a0, u32 a1, u32 a2, u32 a3)
{
    register u32 v0 __asm__("$2") = number;
    register u32 r4 __asm__("$4") = a0;
    register u32 r5 __asm__("$5") = a1;
    register u32 r6 __asm__("$6") = a2;
    register u32 r7 __asm__("$7") = a3;
    __asm__ volatile("syscall" : "+r"(v0) : "r"(r4), "r"(r5), "r"(r6), "r"(r7) : "memory");
}

__attribute__((noreturn)) static inline void primitive_halt(i32 code, u32 signal, u32 pc, u32 address)
{
    primitive4(PRIMITIVE_HALT, (u32)code, signal, pc, address);
    __builtin_unreachable();
}

/* The next word of the private input stream (word 0 = length in bytes). */
static inline u32 primitive_read_input(void)
{
    register u32 v0 __asm__("$2") = PRIMITIVE_READ_INPUT;
    __asm__ volatile("syscall" : "+r"(v0) : : "memory");
    return v0;
}

/* Appends the first `count` (1–4) bytes of `word`, most significant first, to the public output. */
static inline void primitive_write_output(u32 word, u32 count)
{
    primitive4(PRIMITIVE_WRITE_OUTPUT, word, count, 0, 0);
}

static inline void primitive_console(u32 fd, u32 address, u32 length)
{
    primitive4(PRIMITIVE_CONSOLE, fd, address, length, 0);
}

static inline u64 primitive_cycle_counter(void)
{
    register u32 v0 __asm__("$2") = PRIMITIVE_CYCLE_COUNTER;
    register u32 v1 __asm__("$3");
    __asm__ volatile("syscall" : "+r"(v0), "=r"(v1) : : "memory");
    return ((u64)v1 << 32) | v0;
}

static inline void primitive_map_hint(u32 start, u32 length, u32 prot, u32 kind)
{
    primitive4(PRIMITIVE_MAP_HINT, start, length, prot, kind);
}

__attribute__((noreturn)) static inline void primitive_panic(const char *message, u32 length)
{
    primitive4(PRIMITIVE_PANIC, (u32)message, length, 0, 0);
    __builtin_unreachable();
}

static inline void primitive_trace_syscall(u32 number, const u32 *arguments, u32 result, u32 error)
{
    primitive4(PRIMITIVE_TRACE_SYSCALL, number, (u32)arguments, result, error);
}

#endif
