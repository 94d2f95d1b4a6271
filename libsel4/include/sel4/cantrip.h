/* Cantrip-C extensions to the seL4 user API.  NOT part of seL4: programs that use them
 * only run on Cantrip-C.  User-only.
 *
 * 1. seL4_CantripDebugExit(status): system call -64 (seL4_SysCantripDebugExit, the
 *    extension row of sel4/abi/syscalls.def).  a7 = -64, a0 = status.  The kernel powers
 *    the machine off and QEMU exits with status & 0xff.  Test root servers use it to
 *    report pass/fail to the host; the runtime calls it when main() returns.
 *
 * 2. Thread-local storage for extra threads.  libsel4 keeps each thread's IPC buffer
 *    pointer (and picolibc keeps errno) in TLS, reached through tp.  The runtime sets up
 *    the root task's block; a thread you create needs its own:
 *        static char tls[4096] __attribute__((aligned(64)));   // >= cantrip_tls_size()
 *        seL4_Word tp = cantrip_tls_init(tls);
 *        ... regs.tp = tp (TCB_WriteRegisters) or seL4_TCB_SetTLSBase(tcb, tp) ...
 *    and the thread calls seL4_SetIPCBuffer() with its own buffer before any IPC.
 *
 * 3. seL4_CantripDebugInvariants(on): system call -65.  While on, the kernel checks its
 *    internal invariants (scheduler queues, IPC queues, capability derivation links)
 *    after every kernel entry and halts with status 255 on the first violation.  For
 *    fuzzing and stress tests.
 *
 * 4. cantrip_cap_type_*: names for the seL4_DebugCapIdentify results
 *    (sel4/abi/captypes.def). */
#pragma once

#include <sel4/types.h>
#include <sel4/syscalls.h>

/* Power off; QEMU's exit status becomes status & 0xff.  Never returns.  Should a kernel
 * not implement the call (it raises an UnknownSyscall fault and, with no handler, the
 * thread stops), the loop keeps the promise of noreturn. */
LIBSEL4_INLINE_FUNC LIBSEL4_NORETURN void seL4_CantripDebugExit(seL4_Word status)
{
    for (;;) {
        register seL4_Word a0 __asm__("a0") = status;
        register seL4_Word a7 __asm__("a7") = (seL4_Word)seL4_SysCantripDebugExit;
        __asm__ __volatile__("ecall" : "+r"(a0) : "r"(a7) : "memory");
    }
}

/* Bytes and alignment a TLS block needs (the program's .tdata + .tbss image). */
seL4_Word cantrip_tls_size(void);
seL4_Word cantrip_tls_align(void);

/* Initialise a TLS block at `block` (cantrip_tls_size() bytes, aligned to
 * cantrip_tls_align()) from the program's TLS image; returns the value for tp. */
seL4_Word cantrip_tls_init(void *block);

enum cantrip_cap_type {
#define SEL4_CAPTYPE(name, tag) cantrip_cap_type_##name = (tag),
#include <sel4/abi/captypes.def>
};

/* Turns the kernel's invariant checks on (1) or off (0); see above. */
LIBSEL4_INLINE_FUNC void seL4_CantripDebugInvariants(seL4_Word on)
{
    register seL4_Word a0 __asm__("a0") = on;
    register seL4_Word a7 __asm__("a7") = (seL4_Word)seL4_SysCantripDebugInvariants;
    __asm__ __volatile__("ecall" : "+r"(a0) : "r"(a7) : "memory");
}
