/* Root server entry point for Cantrip-C (and seL4): _start.
 *
 * The kernel starts the root task with a0 = user address of seL4_BootInfo and every
 * other register 0, including sp.  Before any C code can run we need a stack, the
 * global pointer, a zeroed .bss and a thread-local storage block in tp (libsel4's
 * __sel4_ipc_buffer and picolibc's errno live in TLS).  Then C takes over in
 * __cantrip_start() (start.c).  Word-size generic: only the store width differs. */

#if __riscv_xlen == 64
#define STORE_WORD sd
#define WORD_BYTES 8
#else
#define STORE_WORD sw
#define WORD_BYTES 4
#endif

    .section .text.start, "ax", @progbits
    .globl _start
    .type _start, @function
_start:
    /* Cantrip-C: instret at the root server's first instruction, for the boot benchmark. */
    rdinstret s1
    /* gp for linker relaxation.  Loaded with relaxation off, or the assembler would
     * turn this into a gp-relative no-op. */
    .option push
    .option norelax
    la      gp, __global_pointer$
    .option pop

    /* The stack region comes from rootserver.ld; its top is 16-byte aligned as the
     * psABI requires. */
    la      sp, __stack_top

    /* The ELF loader already zero-fills .bss; clearing it again keeps us correct with a
     * loader that does not.  Leaves a0 (bootinfo) alone.  __bss_start and __bss_end are
     * word aligned by the linker script. */
    la      t0, __bss_start
    la      t1, __bss_end
1:  bgeu    t0, t1, 2f
    STORE_WORD zero, 0(t0)
    addi    t0, t0, WORD_BYTES
    j       1b
2:
    /* TLS for this thread: copy the .tdata image into the static block reserved by the
     * linker script, zero the rest, point tp at it.  s0 survives the call. */
    mv      s0, a0
    la      a0, __cantrip_main_tls
    call    cantrip_tls_init
    mv      tp, a0

    la      t0, __cantrip_start_instret
    STORE_WORD s1, 0(t0)
    mv      a0, s0
    call    __cantrip_start
    /* __cantrip_start() does not return; if it ever did, stop here rather than run
     * into whatever follows. */
3:  j       3b
    .size _start, . - _start

    .section .bss.cantrip_start_instret, "aw", @nobits
    .balign WORD_BYTES
    .globl __cantrip_start_instret
__cantrip_start_instret:
    .space WORD_BYTES
