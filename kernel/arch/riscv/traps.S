/* Trap entry and exit.  While a thread runs, sscratch holds the address of its saved
 * register file (tcb_t.regs); in the kernel it is 0, so a trap taken inside the kernel
 * (a kernel bug) is recognised instead of corrupting a thread.  Register xN is saved at
 * index N-1; then sstatus and sepc (FaultIP).  scause is passed to C, not saved. */
#define REGBYTES 8
#define SAVE(n) sd x##n, ((n) - 1) * REGBYTES(t6)
#define LOAD(n) ld x##n, ((n) - 1) * REGBYTES(t6)

    .text
    .balign 4
    .global trap_entry
trap_entry:
    csrrw t6, sscratch, t6
    beqz t6, kernel_trap
    SAVE(1); SAVE(2); SAVE(3); SAVE(4); SAVE(5); SAVE(6); SAVE(7); SAVE(8); SAVE(9); SAVE(10)
    SAVE(11); SAVE(12); SAVE(13); SAVE(14); SAVE(15); SAVE(16); SAVE(17); SAVE(18); SAVE(19)
    SAVE(20); SAVE(21); SAVE(22); SAVE(23); SAVE(24); SAVE(25); SAVE(26); SAVE(27); SAVE(28)
    SAVE(29); SAVE(30)
    csrrw t0, sscratch, zero       /* user t6; kernel now runs with sscratch = 0 */
    sd t0, 30 * REGBYTES(t6)
    csrr t0, sstatus
    sd t0, 32 * REGBYTES(t6)
    csrr t0, sepc
    sd t0, 33 * REGBYTES(t6)
    la sp, kernel_stack_top
    csrr t0, scause
    li t1, 8                       /* ecall from U-mode */
    bne t0, t1, 1f
    ld t0, 33 * REGBYTES(t6)       /* NextIP = FaultIP + 4 */
    addi t0, t0, 4
    sd t0, 34 * REGBYTES(t6)
    li t1, -1                      /* seL4_SysCall: a0 = cptr, a1 = msginfo still live */
    bne a7, t1, 2f
    j fastpath_call
2:  li t1, -2                      /* seL4_SysReplyRecv */
    bne a7, t1, 3f
    j fastpath_reply_recv
3:  li t1, -8                      /* seL4_SysNBRecv (Poll) */
    bne a7, t1, 4f
    j fastpath_nbrecv
4:  li t1, -3                      /* seL4_SysSend (Signal) */
    bne a7, t1, 5f
    j fastpath_signal
5:  mv a0, a7
    j c_handle_syscall
1:  csrr a0, scause
    csrr a1, stval
    j c_handle_trap

kernel_trap:
    csrrw t6, sscratch, t6         /* restore t6; sscratch back to 0 */
    la sp, kernel_stack_top
    csrr a0, scause
    csrr a1, stval
    csrr a2, sepc
    j c_handle_kernel_trap

/* void restore_user_context(word_t *regs) */
    .global restore_user_context
restore_user_context:
    mv t6, a0
    csrw sscratch, t6
    ld t0, 34 * REGBYTES(t6)
    csrw sepc, t0
    ld t0, 32 * REGBYTES(t6)
    csrw sstatus, t0
    LOAD(1); LOAD(2); LOAD(3); LOAD(4); LOAD(5); LOAD(6); LOAD(7); LOAD(8); LOAD(9); LOAD(10)
    LOAD(11); LOAD(12); LOAD(13); LOAD(14); LOAD(15); LOAD(16); LOAD(17); LOAD(18); LOAD(19)
    LOAD(20); LOAD(21); LOAD(22); LOAD(23); LOAD(24); LOAD(25); LOAD(26); LOAD(27); LOAD(28)
    LOAD(29); LOAD(30)
    LOAD(31)
    sret

    .global idle_thread_loop
idle_thread_loop:
    wfi
    j idle_thread_loop

    .section .bss.kernel_stack, "aw", @nobits
    .balign 16
    .space 16384
    .global kernel_stack_top
kernel_stack_top:
