/* Kernel entry from OpenSBI: S-mode, MMU off, a0 = hart id, a1 = DTB physical address.
 * Builds the boot page table (PC-relative, at physical addresses), turns on Sv39 and
 * jumps to the kernel's virtual address. */
    .section .boot.text.entry, "ax"
    .global _start
_start:
    rdinstret s2                   /* first instruction: boot cost is measured from here */
    mv s0, a0
    mv s1, a1
    la sp, boot_stack_top          /* PC-relative: the stack's physical address */
    la t0, _bss_start
    la t1, _bss_end
1:  bgeu t0, t1, 2f                /* 32-byte aligned bounds (kernel.ld) */
    sd zero, 0(t0)
    sd zero, 8(t0)
    sd zero, 16(t0)
    sd zero, 24(t0)
    addi t0, t0, 32
    j 1b
2:  call boot_setup_early_pt       /* returns the satp value */
    sfence.vma
    csrw satp, a0
    sfence.vma
    la t0, .Lvirt_entry
    ld t0, 0(t0)
    jr t0
    .balign 8
.Lvirt_entry:
    .dword boot_virtual

    .text
boot_virtual:
    la sp, kernel_stack_top
    la t0, trap_entry
    csrw stvec, t0
    csrw sscratch, zero
    mv a0, s0
    mv a1, s1
    mv a2, s2
    call init_kernel
3:  wfi
    j 3b

    .section .bss.boot_stack, "aw", @nobits
    .balign 16
    .space 4096
boot_stack_top:
