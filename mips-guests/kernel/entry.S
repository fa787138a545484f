/*
 * entry.S — the exception vector (0x80000000) and the signal-return trampolines.
 *
 * On an exception the machine has saved the excepting instruction's pc and next pc in CP0
 * (14, 0) and (14, 1) and switched to kernel mode; every general register still holds the
 * user's value. $k0/$k1 belong to the kernel (the o32 ABI reserves them), so they are the
 * only registers used before the rest are saved into the current thread's context
 * (struct user_context: regs[32] at 0, hi 128, lo 132, pc 136, next_pc 140). The C handler
 * returns the context to resume (maybe another thread's); it is restored and `eret` continues
 * at its pc / next_pc in user mode.
 */
#include "layout.h"

    .set noreorder
    .set noat

    .section .text.entry, "ax"
    .globl zk_exception_vector
    .type zk_exception_vector, @function
zk_exception_vector:
    lui     $k0, %hi(zk_current)
    lw      $k0, %lo(zk_current)($k0)
    sw      $1, 4($k0)
    sw      $2, 8($k0)
    sw      $3, 12($k0)
    sw      $4, 16($k0)
    sw      $5, 20($k0)
    sw      $6, 24($k0)
    sw      $7, 28($k0)
    sw      $8, 32($k0)
    sw      $9, 36($k0)
    sw      $10, 40($k0)
    sw      $11, 44($k0)
    sw      $12, 48($k0)
    sw      $13, 52($k0)
    sw      $14, 56($k0)
    sw      $15, 60($k0)
    sw      $16, 64($k0)
    sw      $17, 68($k0)
    sw      $18, 72($k0)
    sw      $19, 76($k0)
    sw      $20, 80($k0)
    sw      $21, 84($k0)
    sw      $22, 88($k0)
    sw      $23, 92($k0)
    sw      $24, 96($k0)
    sw      $25, 100($k0)
    sw      $28, 112($k0)
    sw      $29, 116($k0)
    sw      $30, 120($k0)
    sw      $31, 124($k0)
    mfhi    $k1
    sw      $k1, 128($k0)
    mflo    $k1
    sw      $k1, 132($k0)
    mfc0    $k1, $14, 0
    sw      $k1, 136($k0)
    mfc0    $k1, $14, 1
    sw      $k1, 140($k0)

    lui     $sp, %hi(zk_kernel_stack + ZK_KERNEL_STACK_SIZE)
    jal     kernel_exception
    addiu   $sp, $sp, %lo(zk_kernel_stack + ZK_KERNEL_STACK_SIZE)

    move    $k0, $v0
    lw      $k1, 128($k0)
    mthi    $k1
    lw      $k1, 132($k0)
    mtlo    $k1
    lw      $k1, 136($k0)
    mtc0    $k1, $14, 0
    lw      $k1, 140($k0)
    mtc0    $k1, $14, 1
    lw      $1, 4($k0)
    lw      $2, 8($k0)
    lw      $3, 12($k0)
    lw      $4, 16($k0)
    lw      $5, 20($k0)
    lw      $6, 24($k0)
    lw      $7, 28($k0)
    lw      $8, 32($k0)
    lw      $9, 36($k0)
    lw      $10, 40($k0)
    lw      $11, 44($k0)
    lw      $12, 48($k0)
    lw      $13, 52($k0)
    lw      $14, 56($k0)
    lw      $15, 60($k0)
    lw      $16, 64($k0)
    lw      $17, 68($k0)
    lw      $18, 72($k0)
    lw      $19, 76($k0)
    lw      $20, 80($k0)
    lw      $21, 84($k0)
    lw      $22, 88($k0)
    lw      $23, 92($k0)
    lw      $24, 96($k0)
    lw      $25, 100($k0)
    lw      $28, 112($k0)
    lw      $29, 116($k0)
    lw      $30, 120($k0)
    lw      $31, 124($k0)
    eret
    .size zk_exception_vector, . - zk_exception_vector

/*
 * The one page user code may execute in kernel space (the loader maps it r-x for user mode):
 * a signal handler returns here ($ra), which asks the kernel to restore the interrupted
 * context, as Linux's vDSO trampolines do on MIPS.
 */
    .section .vdso, "ax"
    .globl zk_sigreturn_trampoline
zk_sigreturn_trampoline:
    li      $v0, 4119   /* sigreturn: frames of handlers without SA_SIGINFO */
    syscall
    .globl zk_rt_sigreturn_trampoline
zk_rt_sigreturn_trampoline:
    li      $v0, 4193   /* rt_sigreturn */
    syscall
