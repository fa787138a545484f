/* Constants shared by the C parts and entry.S (macros only). */
#ifndef ZK_LAYOUT_H
#define ZK_LAYOUT_H
/* One kernel stack: the kernel never blocks in the middle of a handler (a waiting thread is
   only marked blocked), so every exception runs to completion on this stack. */
#define ZK_KERNEL_STACK_SIZE 32768
#endif
