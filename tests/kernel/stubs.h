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

/* Syscall stubs with exact ecall addresses (no stack, no IPC buffer):
 *   stub_send:  seL4_Send(a0, msginfo a1) at stub_send_ecall, then parks.
 *   stub_recv:  seL4_Recv(a0) at stub_recv_ecall, then unknown syscall 0xc7 at
 *               stub_recv_report (reports badge in a0, msginfo in a1, MR0 in a2).
 *   stub_call:  seL4_Call(a0, msginfo a1) at stub_call_ecall, then unknown syscall 0xc8
 *               at stub_call_report (reports the reply: a1 = msginfo, a2 = MR0).
 *   stub_yield_loop: seL4_Yield forever. */
extern const char stub_send[];
extern const char stub_send_ecall[];
extern const char stub_recv[];
extern const char stub_recv_ecall[];
extern const char stub_recv_report[];
extern const char stub_call[];
extern const char stub_call_ecall[];
extern const char stub_call_report[];
extern const char stub_yield_loop[];
/* An ebreak at stub_ebreak. */
extern const char stub_ebreak[];
/* An ecall with a7 = a2 (any syscall number) at stub_syscall_a2_ecall, then parks. */
extern const char stub_syscall_a2[];
extern const char stub_syscall_a2_ecall[];
/* Unknown syscall 0xc6 at stub_tp_report_ecall with a0 = tp. */
extern const char stub_tp_report[];
extern const char stub_tp_report_ecall[];
/* A floating-point instruction at stub_fp (fmv.d.x f1, a0; fmv.x.d a0, f1), then
 * a0 += 1 and unknown syscall 0xc9 at stub_fp_report. */
extern const char stub_fp[];
extern const char stub_fp_report[];

#define STUB_SYSCALL_1 0xc1
#define STUB_SYSCALL_2 0xc2
#define STUB_SYSCALL_REPORT 0xc4
#define STUB_SYSCALL_LOAD_REPORT 0xc5
#define STUB_SYSCALL_TP_REPORT 0xc6
#define STUB_SYSCALL_RECV_REPORT 0xc7
#define STUB_SYSCALL_CALL_REPORT 0xc8
#define STUB_SYSCALL_FP_REPORT 0xc9

/* Position-independent code for a second address space, copied byte for byte:
 *   child_call_loop:       s0 = endpoint cptr, s1 = msginfo word, a2 = value.
 *                          Loop: seL4_Call(s0, s1) with MR0 = a2; a2 = reply MR0 + 1.
 *   child_load_then_call:  s2 = address: a2 = *(u64 *)s2, then child_call_loop.
 * Offsets into the blob are symbol differences from child_blob_start. */
extern const char child_blob_start[];
extern const char child_call_loop[];
extern const char child_load_then_call[];
extern const char child_blob_end[];

/* Position-independent code for the fuzzer's address space (t19_stress.c):
 *   fuzz_recv_loop:  seL4_Recv(s0) forever.
 *   fuzz_spin:       an endless loop. */
extern const char fuzz_blob_start[];
extern const char fuzz_recv_loop[];
extern const char fuzz_spin[];
extern const char fuzz_blob_end[];
