/* Entry point of every thread of a CAmkES component: _camkes_start (component.ld's ENTRY).
 *
 * The root server starts each thread here with a0 = its index in camkes_threads[], sp =
 * the top of its stack (mapped, with an unmapped guard page below) and tp = 0; its IPC
 * buffer is registered but libsel4 does not know it yet.  Before any C code runs the
 * thread needs gp and a thread-local storage block (libsel4's __sel4_ipc_buffer and
 * picolibc's errno live in TLS).  The block is carved from the top of the thread's own
 * stack:
 *
 *      stack top  ->  +--------------------------+
 *                     | TLS block (64-aligned,   |  __camkes_tls_reserve bytes
 *                     | copied from .tdata/.tbss)|
 *      tp, sp     ->  +--------------------------+
 *                     | the thread's C stack ... |
 *
 * Then C takes over in __camkes_start(index) (start.c).  .bss is not cleared here: the
 * loader zero-fills it, and the threads start concurrently.  Word-size generic. */

    .section .text.start, "ax", @progbits
    .globl _camkes_start
    .type _camkes_start, @function
_camkes_start:
    /* gp for linker relaxation.  Loaded with relaxation off, or the assembler would turn
     * this into a gp-relative no-op. */
    .option push
    .option norelax
    la      gp, __global_pointer$
    .option pop

    mv      s0, a0                      /* thread index (callee-saved across the call) */
    lui     t0, %hi(__camkes_tls_reserve)
    addi    t0, t0, %lo(__camkes_tls_reserve)
    sub     sp, sp, t0
    andi    sp, sp, -64                 /* TLS alignment (<= 64, checked by component.ld) */
    mv      a0, sp
    call    cantrip_tls_init            /* libsel4/crt/common.c; runs on the stack below */
    mv      tp, a0
    mv      a0, s0
    call    __camkes_start
    /* __camkes_start() does not return; if it ever did, fault rather than run on. */
1:  unimp
    j       1b
    .size _camkes_start, . - _camkes_start
