/* Hand-written assembly entry points (stubs.c) for threads whose exact instruction
 * addresses and registers the tests check: fault stubs and the code copied into a
 * second address space.  Each stub parks in a `j .` loop if it ever gets past its last
 * instruction, so a kernel that wrongly skips a faulting instruction shows up as a
 * missing fault message (watchdog) rather than as a wild jump. */
#pragma once

/* a0 = address: `ld t0, 0(a0)`. */
extern const char stub_load[];
/* a0 = address, a1 = value: `sd a1, 0(a0)`. */
extern const char stub_store[];
/* a0 = address: `ld a0, 0(a0)` at stub_load_report, then unknown syscall 0xc5 at
 * stub_load_report_ecall (reports the loaded value in a0). */
extern const char stub_load_report[];
extern const char stub_load_report_ecall[];
/* Unknown syscall 0xc1 at stub_unknown_syscall_ecall1, then a0 += 1 and unknown syscall
 * 0xc2 at stub_unknown_syscall_ecall2. */
extern const char stub_unknown_syscall[];
extern const char stub_unknown_syscall_ecall1[];
extern const char stub_unknown_syscall_ecall2[];
/* An all-zero (illegal) instruction at stub_illegal. */
extern const char stub_illegal[];
/* Unknown syscall 0xc4 at stub_report_ecall; leaves every other register alone, so the
 * fault message reports the thread's registers as they were on entry. */
extern const char stub_report[];
extern const char stub_report_ecall[];

#define STUB_SYSCALL_1 0xc1
#define STUB_SYSCALL_2 0xc2
#define STUB_SYSCALL_REPORT 0xc4
#define STUB_SYSCALL_LOAD_REPORT 0xc5

/* Position-independent code for a second address space, copied byte for byte:
 *   child_call_loop:       s0 = endpoint cptr, s1 = msginfo word, a2 = value.
 *                          Loop: seL4_Call(s0, s1) with MR0 = a2; a2 = reply MR0 + 1.
 *   child_load_then_call:  s2 = address: a2 = *(u64 *)s2, then child_call_loop.
 * Offsets into the blob are symbol differences from child_blob_start. */
extern const char child_blob_start[];
extern const char child_call_loop[];
extern const char child_load_then_call[];
extern const char child_blob_end[];
