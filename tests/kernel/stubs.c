/* Assembly stubs, see stubs.h.  Kept out of the compiler's hands so that instruction
 * addresses are exact and registers hold only what the tests put there.  Relaxation is
 * off so the linker cannot rewrite instruction sequences under the global labels. */
#include "stubs.h"

#define STR_(x) #x
#define STR(x) STR_(x)

/* clang-format off */
__asm__(".pushsection .text.ktest_stubs, \"ax\", @progbits\n"
        ".option push\n"
        ".option norelax\n"
        ".balign 4\n"

        ".global stub_load\n"
        "stub_load:\n"
        "    ld t0, 0(a0)\n"
        "1:  j 1b\n"

        ".balign 4\n"
        ".global stub_store\n"
        "stub_store:\n"
        "    sd a1, 0(a0)\n"
        "1:  j 1b\n"

        ".balign 4\n"
        ".global stub_load_report\n"
        ".global stub_load_report_ecall\n"
        "stub_load_report:\n"
        "    ld a0, 0(a0)\n"
        "    li a7, " STR(STUB_SYSCALL_LOAD_REPORT) "\n"
        "stub_load_report_ecall:\n"
        "    ecall\n"
        "1:  j 1b\n"

        ".balign 4\n"
        ".global stub_unknown_syscall\n"
        ".global stub_unknown_syscall_ecall1\n"
        ".global stub_unknown_syscall_ecall2\n"
        "stub_unknown_syscall:\n"
        "    li a7, " STR(STUB_SYSCALL_1) "\n"
        "stub_unknown_syscall_ecall1:\n"
        "    ecall\n"
        "    addi a0, a0, 1\n"
        "    li a7, " STR(STUB_SYSCALL_2) "\n"
        "stub_unknown_syscall_ecall2:\n"
        "    ecall\n"
        "1:  j 1b\n"

        /* 16 zero bits are a defined illegal instruction with the C extension. */
        ".balign 4\n"
        ".global stub_illegal\n"
        "stub_illegal:\n"
        "    .4byte 0\n"
        "1:  j 1b\n"

        ".balign 4\n"
        ".global stub_report\n"
        ".global stub_report_ecall\n"
        "stub_report:\n"
        "    li a7, " STR(STUB_SYSCALL_REPORT) "\n"
        "stub_report_ecall:\n"
        "    ecall\n"
        "1:  j 1b\n"

        ".balign 4\n"
        ".global stub_send\n"
        ".global stub_send_ecall\n"
        "stub_send:\n"
        "    li a7, -3\n" /* seL4_SysSend */
        "stub_send_ecall:\n"
        "    ecall\n"
        "1:  j 1b\n"

        ".balign 4\n"
        ".global stub_recv\n"
        ".global stub_recv_ecall\n"
        ".global stub_recv_report\n"
        "stub_recv:\n"
        "    li a7, -5\n" /* seL4_SysRecv */
        "stub_recv_ecall:\n"
        "    ecall\n"
        "    li a7, " STR(STUB_SYSCALL_RECV_REPORT) "\n"
        "stub_recv_report:\n"
        "    ecall\n"
        "1:  j 1b\n"

        ".balign 4\n"
        ".global stub_call\n"
        ".global stub_call_ecall\n"
        ".global stub_call_report\n"
        "stub_call:\n"
        "    li a7, -1\n" /* seL4_SysCall */
        "stub_call_ecall:\n"
        "    ecall\n"
        "    li a7, " STR(STUB_SYSCALL_CALL_REPORT) "\n"
        "stub_call_report:\n"
        "    ecall\n"
        "1:  j 1b\n"

        ".balign 4\n"
        ".global stub_yield_loop\n"
        "stub_yield_loop:\n"
        "    li a7, -7\n" /* seL4_SysYield */
        "    ecall\n"
        "    j stub_yield_loop\n"

        ".balign 4\n"
        ".global stub_ebreak\n"
        "stub_ebreak:\n"
        "    .4byte 0x00100073\n" /* ebreak (32-bit encoding) */
        "1:  j 1b\n"

        ".balign 4\n"
        ".global stub_syscall_a2\n"
        ".global stub_syscall_a2_ecall\n"
        "stub_syscall_a2:\n"
        "    mv a7, a2\n"
        "stub_syscall_a2_ecall:\n"
        "    ecall\n"
        "1:  j 1b\n"

        ".balign 4\n"
        ".global stub_tp_report\n"
        ".global stub_tp_report_ecall\n"
        "stub_tp_report:\n"
        "    mv a0, tp\n"
        "    li a7, " STR(STUB_SYSCALL_TP_REPORT) "\n"
        "stub_tp_report_ecall:\n"
        "    ecall\n"
        "1:  j 1b\n"

        /* The only FP instructions outside the tests' inline asm; user code is built
         * soft-float, so they are enabled for these two lines only. */
        ".balign 4\n"
        ".global stub_fp\n"
        ".global stub_fp_report\n"
        "stub_fp:\n"
        ".option push\n"
        ".option arch, +d\n"
        "    fmv.d.x f1, a0\n"
        "    fmv.x.d a0, f1\n"
        ".option pop\n"
        "    addi a0, a0, 1\n"
        "    li a7, " STR(STUB_SYSCALL_FP_REPORT) "\n"
        "stub_fp_report:\n"
        "    ecall\n"
        "1:  j 1b\n"

        /* Code for the fuzzer's address space.  Only PC-relative control flow. */
        ".balign 64\n"
        ".global fuzz_blob_start\n"
        ".global fuzz_recv_loop\n"
        ".global fuzz_spin\n"
        ".global fuzz_blob_end\n"
        "fuzz_blob_start:\n"
        "fuzz_recv_loop:\n"
        "    mv a0, s0\n"
        "    li a7, -5\n" /* seL4_SysRecv */
        "    ecall\n"
        "    j fuzz_recv_loop\n"
        "fuzz_spin:\n"
        "    j fuzz_spin\n"
        "fuzz_blob_end:\n"

        /* Code for the second address space.  Only PC-relative control flow. */
        ".balign 64\n"
        ".global child_blob_start\n"
        ".global child_call_loop\n"
        ".global child_load_then_call\n"
        ".global child_blob_end\n"
        "child_blob_start:\n"
        "child_call_loop:\n"
        "    mv a0, s0\n"
        "    mv a1, s1\n"
        "    li a7, -1\n" /* seL4_SysCall */
        "    ecall\n"
        "    addi a2, a2, 1\n"
        "    j child_call_loop\n"
        "child_load_then_call:\n"
        "    ld a2, 0(s2)\n"
        "    j child_call_loop\n"
        "child_blob_end:\n"

        ".option pop\n"
        ".popsection\n");
/* clang-format on */
