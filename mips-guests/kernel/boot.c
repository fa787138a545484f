/*
 * boot.c — the kernel's boot data, its stack, and the lazy start on the first exception.
 */
#include "kernel.h"
#include "layout.h"
#include "primitives.h"

/* Filled by the loader (Sources/MIPS/Loader/KernelImage.swift); zero until then. */
struct boot_info zk_boot __attribute__((section(".data.boot"), aligned(16)));

/* The stack every exception runs on (entry.S). */
u8 zk_kernel_stack[ZK_KERNEL_STACK_SIZE] __attribute__((aligned(16)));

/* Where entry.S saves the interrupted registers: the current thread's context. Points at
   thread 0 before the first exception. */
struct user_context *zk_current = &threads[0].ctx;

static u32 started;

void kernel_panic(const char *message)
{
    primitive_panic(message, strlen(message));
}

/* Runs once, on the first exception: the boot block becomes the kernel's tables. */
void kernel_start(void)
{
    if (started)
        return;
    started = 1;
    if (zk_boot.magic != BOOT_MAGIC || zk_boot.version != BOOT_VERSION)
        kernel_panic("boot block missing or of another version (load programs with zkmips)");
    memory_init();
    files_init();
    struct thread *main = &threads[0];
    main->tid = 1;
    main->state = THREAD_RUNNABLE;
    fpu_reset(&main->fpu);
    current = main;
}
