/*
 * _start for zkmips C guests (o32, non-PIC). On entry the kernel (or the
 * VM) has sp -> argc, argv[0..argc-1], NULL, envp..., NULL, auxv...
 * We set gp for small data, call main(argc, argv, envp) with the o32
 * 16-byte argument save area, and pass its result to exit_group.
 */
    .text
    .set noreorder
    .globl _start
    .globl __start          /* lld's default MIPS entry name */
    .set __start, _start
    .type _start, @function
    .ent _start
_start:
    lui     $gp, %hi(_gp)
    addiu   $gp, $gp, %lo(_gp)
    lw      $a0, 0($sp)             /* argc */
    addiu   $a1, $sp, 4             /* argv */
    sll     $a2, $a0, 2
    addu    $a2, $a2, $a1
    addiu   $a2, $a2, 4             /* envp = argv + argc + 1 */
    li      $t0, -8
    and     $sp, $sp, $t0           /* 8-byte align */
    addiu   $sp, $sp, -24           /* o32 arg save area (+ pad) */
    move    $fp, $zero
    move    $ra, $zero
    jal     main
    nop
    move    $a0, $v0
    li      $v0, 4246               /* exit_group */
    syscall
    li      $v0, 4001               /* exit, should exit_group fail */
    syscall
1:  b       1b
    nop
    .end _start
    .size _start, . - _start
