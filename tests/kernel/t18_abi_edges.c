/* Register-level and buffer-level ABI edges: which registers a syscall leaves alone, reply
 * badges, unknown syscall numbers, message length clamping, and what happens to messages,
 * errors and faults for threads with no (or a read-only) IPC buffer. */
#include "framework.h"
#include "stubs.h"

#include <string.h>

#define ROOT seL4_CapInitThreadCNode
#define FAULT_BADGE 0xfa17ul
#define BAD_CPTR (1ul << 63)

/* A raw syscall: a0..a5 in and out, a7 = number. */
struct regs6 {
    seL4_Word a[6];
};

static void raw_syscall(seL4_Word number, struct regs6 *r)
{
    register seL4_Word a0 __asm__("a0") = r->a[0];
    register seL4_Word a1 __asm__("a1") = r->a[1];
    register seL4_Word a2 __asm__("a2") = r->a[2];
    register seL4_Word a3 __asm__("a3") = r->a[3];
    register seL4_Word a4 __asm__("a4") = r->a[4];
    register seL4_Word a5 __asm__("a5") = r->a[5];
    register seL4_Word a7 __asm__("a7") = number;
    __asm__ volatile("ecall"
                     : "+r"(a0), "+r"(a1), "+r"(a2), "+r"(a3), "+r"(a4), "+r"(a5)
                     : "r"(a7)
                     : "memory");
    r->a[0] = a0;
    r->a[1] = a1;
    r->a[2] = a2;
    r->a[3] = a3;
    r->a[4] = a4;
    r->a[5] = a5;
}

static void serve_once(seL4_Word ep, seL4_Word unused1, seL4_Word unused2)
{
    (void)unused1;
    (void)unused2;
    seL4_Recv(ep, NULL);
    seL4_Word x = seL4_GetMR(0);
    seL4_SetMR(0, x * 2);
    seL4_SetMR(1, 0x1234);
    seL4_Reply(seL4_MessageInfo_new(0x9, 0, 0, 2));
}

/* A reply (from a thread, to a Call through a badged cap) arrives with a0 = 0 and the
 * reply's words in a2.. */
KTEST(abi_reply_badge_zero)
{
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    seL4_CPtr badged = TRY(mint_badged(ep, 0xbadd));
    struct helper *h = TRY(helper_new(HELPER_DEFAULT_PRIO, 0));
    helper_start(h, serve_once, ep, 0, 0);
    CHECK(!test_has_failed());
    struct regs6 r = {{badged, seL4_MessageInfo_new(0x1, 0, 0, 1).words[0], 21, 0, 0, 0}};
    raw_syscall((seL4_Word)seL4_SysCall, &r);
    CHECK_EQ(r.a[0], 0);
    seL4_MessageInfo_t info = {{r.a[1]}};
    CHECK_EQ(seL4_MessageInfo_get_label(info), 0x9);
    CHECK_EQ(seL4_MessageInfo_get_length(info), 2);
    CHECK_EQ(r.a[2], 42);
    CHECK_EQ(r.a[3], 0x1234);
    CHECK(helper_join(h));
    /* A kernel reply (an error) too. */
    struct regs6 e = {
        {seL4_CapInitThreadCNode, seL4_MessageInfo_new(0, 0, 0, 0).words[0], 0, 0, 0, 0}};
    raw_syscall((seL4_Word)seL4_SysCall, &e);
    CHECK_EQ(e.a[0], 0);
    seL4_MessageInfo_t einfo = {{e.a[1]}};
    CHECK_EQ(seL4_MessageInfo_get_label(einfo), seL4_IllegalOperation);
}

/* Wait and Poll on a notification set only a0 (the word); a1..a5 keep their values. */
KTEST(abi_notification_registers)
{
    seL4_CPtr ntfn = TRY(new_object(seL4_NotificationObject, 0));
    seL4_CPtr b = TRY(mint_badged(ntfn, 0x30));
    seL4_Signal(b);
    struct regs6 r = {{ntfn, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5}};
    raw_syscall((seL4_Word)seL4_SysNBRecv, &r);
    CHECK_EQ(r.a[0], 0x30);
    for (int i = 1; i < 6; i++)
        CHECK_MSG(r.a[i] == 0xa0ul + (seL4_Word)i, "a%d = 0x%lx after Poll", i,
                  (unsigned long)r.a[i]);
    /* Nothing pending: a0 = 0. */
    struct regs6 p = {{ntfn, 0xb1, 0xb2, 0xb3, 0xb4, 0xb5}};
    raw_syscall((seL4_Word)seL4_SysNBRecv, &p);
    CHECK_EQ(p.a[0], 0);
    for (int i = 1; i < 6; i++)
        CHECK_MSG(p.a[i] == 0xb0ul + (seL4_Word)i, "a%d = 0x%lx after an empty Poll", i,
                  (unsigned long)p.a[i]);
    /* Wait on a pending notification. */
    seL4_Signal(b);
    struct regs6 w = {{ntfn, 0xc1, 0xc2, 0xc3, 0xc4, 0xc5}};
    raw_syscall((seL4_Word)seL4_SysRecv, &w);
    CHECK_EQ(w.a[0], 0x30);
    for (int i = 1; i < 6; i++)
        CHECK_MSG(w.a[i] == 0xc0ul + (seL4_Word)i, "a%d = 0x%lx after Wait", i,
                  (unsigned long)w.a[i]);
}

/* DebugPutChar returns every register unchanged. */
KTEST(abi_debug_putchar_registers)
{
    struct regs6 r = {{'\n', 0xd1, 0xd2, 0xd3, 0xd4, 0xd5}};
    raw_syscall((seL4_Word)seL4_SysDebugPutChar, &r);
    CHECK_EQ(r.a[0], '\n');
    for (int i = 1; i < 6; i++)
        CHECK_MSG(r.a[i] == 0xd0ul + (seL4_Word)i, "a%d = 0x%lx after DebugPutChar", i,
                  (unsigned long)r.a[i]);
}

/* Numbers outside -1..-14 that this configuration does not implement (the SMP-only -15 and
 * -16, -17 DebugRun, -30 SetTLSBase, positive numbers) raise UnknownSyscall faults. */
KTEST(abi_unknown_syscall_numbers)
{
    static const seL4_Word numbers[] = {
        (seL4_Word)-15, (seL4_Word)-16, (seL4_Word)-17, (seL4_Word)-30, (seL4_Word)-63, 0, 0x1234};
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    seL4_CPtr fault_ep = TRY(mint_badged(ep, FAULT_BADGE));
    struct helper *h = TRY(helper_new(HELPER_DEFAULT_PRIO, fault_ep));
    helper_start_raw(h, (seL4_Word)stub_syscall_a2, 0, 0, numbers[0]);
    CHECK(!test_has_failed());
    for (unsigned i = 0; i < sizeof(numbers) / sizeof(numbers[0]); i++) {
        seL4_MessageInfo_t info;
        seL4_Word badge = 0;
        CHECK(guarded_recv(ep, &info, &badge));
        CHECK_EQ(badge, FAULT_BADGE);
        CHECK_EQ(seL4_MessageInfo_get_label(info), seL4_Fault_UnknownSyscall);
        CHECK_EQ(seL4_GetMR(seL4_UnknownSyscall_FaultIP), (seL4_Word)stub_syscall_a2_ecall);
        CHECK_MSG(seL4_GetMR(seL4_UnknownSyscall_Syscall) == numbers[i],
                  "syscall word 0x%lx, expected 0x%lx", (unsigned long)seL4_GetMR(10),
                  (unsigned long)numbers[i]);
        if (i + 1 == sizeof(numbers) / sizeof(numbers[0])) break;
        /* Restart the stub from its first instruction with the next number in a2. */
        seL4_Word sp = seL4_GetMR(seL4_UnknownSyscall_SP), ra = seL4_GetMR(seL4_UnknownSyscall_RA);
        seL4_SetMR(seL4_UnknownSyscall_FaultIP, (seL4_Word)stub_syscall_a2);
        seL4_SetMR(seL4_UnknownSyscall_SP, sp);
        seL4_SetMR(seL4_UnknownSyscall_RA, ra);
        seL4_SetMR(seL4_UnknownSyscall_A0, 0);
        seL4_SetMR(seL4_UnknownSyscall_A1, 0);
        seL4_SetMR(seL4_UnknownSyscall_A2, numbers[i + 1]);
        seL4_Reply(seL4_MessageInfo_new(0, 0, 0, seL4_UnknownSyscall_A2 + 1));
    }
}

/* ---- Message lengths and IPC buffers -----------------------------------------------------------
 */

static void send_len(seL4_Word ep, seL4_Word len, seL4_Word unused)
{
    (void)unused;
    for (seL4_Word i = 0; i < seL4_MsgMaxLength; i++)
        seL4_SetMR(i, 0x900 + i);
    seL4_Send(ep, seL4_MessageInfo_new(0x7, 0, 0, len));
}

/* A length field above 120 is taken as 120. */
KTEST(abi_message_length_clamped)
{
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    struct helper *h = TRY(helper_new(HELPER_DEFAULT_PRIO, 0));
    helper_start(h, send_len, ep, 127, 0);
    CHECK(!test_has_failed());
    seL4_MessageInfo_t info;
    CHECK(guarded_recv(ep, &info, NULL));
    CHECK_EQ(seL4_MessageInfo_get_label(info), 0x7);
    CHECK_EQ(seL4_MessageInfo_get_length(info), seL4_MsgMaxLength);
    CHECK_EQ(seL4_GetMR(seL4_MsgMaxLength - 1), 0x900 + seL4_MsgMaxLength - 1);
    CHECK(helper_join(h));
}

static volatile seL4_Word nb_len, nb_label, nb_mr[4], nb_retype_label, nb_rr_len, nb_rr_pc;
static seL4_CPtr nb_other_tcb;

/* Runs with no IPC buffer registered (libsel4 still writes its own buffer page). */
static void no_buffer_invocations(seL4_Word unused0, seL4_Word unused1, seL4_Word unused2)
{
    (void)unused0;
    (void)unused1;
    (void)unused2;
    /* A five-word FailedLookup (guard mismatch) error. */
    seL4_Word m0 = 5, m1 = 32, m2 = 0, m3 = 0;
    seL4_MessageInfo_t r =
        seL4_CallWithMRs(ROOT, seL4_MessageInfo_new(CNodeDelete, 0, 0, 2), &m0, &m1, &m2, &m3);
    nb_label = seL4_MessageInfo_get_label(r);
    nb_len = seL4_MessageInfo_get_length(r);
    nb_mr[0] = m0;
    nb_mr[1] = m1;
    nb_mr[2] = m2;
    nb_mr[3] = m3;
    /* Retype needs six words: with no buffer only four arrive. */
    seL4_Word t0 = seL4_EndpointObject, t1 = 0, t2 = 0, t3 = 0;
    r = seL4_CallWithMRs(test_untyped(), seL4_MessageInfo_new(UntypedRetype, 0, 0, 6), &t0, &t1,
                         &t2, &t3);
    nb_retype_label = seL4_MessageInfo_get_label(r);
    /* ReadRegisters of ten registers: only four come back. */
    seL4_Word r0 = 0, r1 = 10, r2 = 0, r3 = 0;
    r = seL4_CallWithMRs(nb_other_tcb, seL4_MessageInfo_new(TCBReadRegisters, 0, 0, 2), &r0, &r1,
                         &r2, &r3);
    nb_rr_len = seL4_MessageInfo_get_length(r);
    nb_rr_pc = r0;
}

/* Error words beyond the fourth are dropped for a caller without an IPC buffer (length 4),
 * and such a caller's invocations carry at most four words. */
KTEST(abi_error_reply_without_buffer)
{
    nb_len = nb_label = nb_retype_label = nb_rr_len = ~0ul;
    nb_other_tcb = TRY(new_object(seL4_TCBObject, 0));
    seL4_UserContext regs;
    memset(&regs, 0, sizeof(regs));
    regs.pc = 0x4000;
    CHECK_OK(seL4_TCB_WriteRegisters(nb_other_tcb, seL4_False, 0, 1, &regs));
    struct helper *h = TRY(helper_new(HELPER_DEFAULT_PRIO, 0));
    CHECK_OK(seL4_TCB_SetIPCBuffer(h->tcb, 0, seL4_CapNull));
    helper_start(h, no_buffer_invocations, 0, 0, 0);
    CHECK(!test_has_failed());
    CHECK(helper_join(h));
    CHECK_EQ(nb_label, seL4_FailedLookup);
    CHECK_EQ(nb_len, 4);
    CHECK_EQ(nb_mr[0], 0);
    CHECK_EQ(nb_mr[1], seL4_GuardMismatch);
    CHECK_EQ(nb_mr[2], 32);
    CHECK_EQ(nb_mr[3], 0);
    CHECK_EQ(nb_retype_label, seL4_TruncatedMessage);
    CHECK_EQ(nb_rr_len, 4);
    CHECK_EQ(nb_rr_pc, 0x4000);
    /* With a buffer the same error has five words. */
    seL4_Word mr[2] = {5, 32};
    CHECK_REPLY(invoke_raw(ROOT, CNodeDelete, 2, mr, 0, NULL), seL4_FailedLookup, 5);
    CHECK_EQ(seL4_GetMR(4), 64 - bootinfo->initThreadCNodeSizeBits);
}

static volatile seL4_Word handler_len[2], handler_label[2], handler_badge[2], handler_mr0[2];

static void recv_faults_no_buffer(seL4_Word ep, seL4_Word unused1, seL4_Word unused2)
{
    (void)unused1;
    (void)unused2;
    for (int i = 0; i < 2; i++) {
        seL4_Word b = 0, m0 = 0, m1 = 0, m2 = 0, m3 = 0;
        seL4_MessageInfo_t info = seL4_RecvWithMRs(ep, &b, &m0, &m1, &m2, &m3);
        handler_len[i] = seL4_MessageInfo_get_length(info);
        handler_label[i] = seL4_MessageInfo_get_label(info);
        handler_badge[i] = b;
        handler_mr0[i] = m0;
    }
}

/* A fault handler without an IPC buffer receives only the four register words of a longer
 * fault message, and the length says 4: an eleven-word UnknownSyscall message, and a
 * seven-word CapFault (guard mismatch). */
KTEST(abi_fault_handler_without_buffer)
{
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    seL4_CPtr fault_ep1 = TRY(mint_badged(ep, FAULT_BADGE));
    seL4_CPtr fault_ep2 = TRY(mint_badged(ep, FAULT_BADGE + 1));
    for (int i = 0; i < 2; i++)
        handler_len[i] = handler_label[i] = ~0ul;
    struct helper *handler = TRY(helper_new(HELPER_DEFAULT_PRIO + 1, 0));
    CHECK_OK(seL4_TCB_SetIPCBuffer(handler->tcb, 0, seL4_CapNull));
    helper_start(handler, recv_faults_no_buffer, ep, 0, 0);
    struct helper *f1 = TRY(helper_new(HELPER_DEFAULT_PRIO, fault_ep1));
    helper_start_raw(f1, (seL4_Word)stub_unknown_syscall, 0, 0, 0);
    CHECK(!test_has_failed());
    CHECK(settle());
    struct helper *f2 = TRY(helper_new(HELPER_DEFAULT_PRIO, fault_ep2));
    helper_start_raw(f2, (seL4_Word)stub_send, BAD_CPTR, 0, 0);
    CHECK(!test_has_failed());
    CHECK(helper_join(handler));
    CHECK_EQ(handler_label[0], seL4_Fault_UnknownSyscall);
    CHECK_EQ(handler_badge[0], FAULT_BADGE);
    CHECK_EQ(handler_mr0[0], (seL4_Word)stub_unknown_syscall_ecall1);
    CHECK_EQ(handler_label[1], seL4_Fault_CapFault);
    CHECK_EQ(handler_badge[1], FAULT_BADGE + 1);
    CHECK_EQ(handler_mr0[1], (seL4_Word)stub_send_ecall);
    CHECK_MSG(handler_len[0] == 4 && handler_len[1] == 4,
              "message lengths %lu (UnknownSyscall) and %lu (CapFault) for a handler without an "
              "IPC buffer, expected 4 and 4",
              (unsigned long)handler_len[0], (unsigned long)handler_len[1]);
}

static volatile seL4_Word ro_len, ro_mr4;

static void send_ten_then_recv(seL4_Word ep, seL4_Word unused1, seL4_Word unused2)
{
    (void)unused1;
    (void)unused2;
    for (seL4_Word i = 0; i < 10; i++)
        seL4_SetMR(i, 0x500 + i);
    seL4_Send(ep, seL4_MessageInfo_new(0, 0, 0, 10));
    seL4_SetMR(4, 0xdead);
    seL4_MessageInfo_t info = seL4_Recv(ep, NULL);
    ro_len = seL4_MessageInfo_get_length(info);
    ro_mr4 = seL4_GetMR(4);
}

/* A read-only IPC buffer frame cap is good for sending long messages but not for receiving
 * them. */
KTEST(abi_readonly_ipc_buffer)
{
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    struct helper *h = TRY(helper_new(HELPER_DEFAULT_PRIO, 0));
    seL4_CPtr ro = TRY(alloc_slot());
    CHECK_OK(seL4_CNode_Copy(ROOT, ro, ROOT_DEPTH, ROOT, h->ipc_frame, ROOT_DEPTH, seL4_CanRead));
    CHECK_OK(seL4_TCB_SetIPCBuffer(h->tcb, (seL4_Word)h->ipc, ro));
    ro_len = ro_mr4 = ~0ul;
    helper_start(h, send_ten_then_recv, ep, 0, 0);
    CHECK(!test_has_failed());
    seL4_MessageInfo_t info;
    CHECK(guarded_recv(ep, &info, NULL));
    CHECK_EQ(seL4_MessageInfo_get_length(info), 10);
    CHECK_EQ(seL4_GetMR(9), 0x509);
    CHECK(settle());
    for (seL4_Word i = 0; i < 10; i++)
        seL4_SetMR(i, 0x600 + i);
    seL4_Send(ep, seL4_MessageInfo_new(0, 0, 0, 10));
    CHECK(helper_join(h));
    CHECK_EQ(ro_len, 4);
    CHECK_EQ(ro_mr4, 0xdead);
}

static volatile int sends_done;

static void silent_sends(seL4_Word empty, seL4_Word unused1, seL4_Word unused2)
{
    (void)unused1;
    (void)unused2;
    seL4_NBSend(BAD_CPTR, seL4_MessageInfo_new(0, 0, 0, 0));
    seL4_NBSend(empty, seL4_MessageInfo_new(0, 0, 0, 0));
    seL4_Send(empty, seL4_MessageInfo_new(0, 0, 0, 0));
    /* An extra cap that does not resolve, on a non-blocking send: dropped too. */
    seL4_SetCap(0, BAD_CPTR);
    seL4_NBSend(empty, seL4_MessageInfo_new(0, 0, 1, 0));
    sends_done = 1;
}

/* NBSend on an unresolvable cptr, and Send/NBSend on an empty slot, fail silently: no fault,
 * no error, the thread goes on. */
KTEST(abi_failed_sends_are_silent)
{
    seL4_CPtr empty = TRY(alloc_slot());
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    seL4_CPtr fault_ep = TRY(mint_badged(ep, FAULT_BADGE));
    sends_done = 0;
    struct helper *h = TRY(helper_new(HELPER_DEFAULT_PRIO, fault_ep));
    helper_start(h, silent_sends, empty, 0, 0);
    CHECK(!test_has_failed());
    CHECK(helper_join(h));
    CHECK_EQ(sends_done, 1);
    seL4_Word badge = 0x5555;
    seL4_NBRecv(ep, &badge);
    CHECK_EQ(badge, 0);
}

static volatile seL4_Word fr_ip, fr_sp, fr_ra;

/* Receives one fault, waits for `go`, then replies with label 0 and length 10 although it
 * has no IPC buffer: MR0..3 (registers) set FaultIP (skipping the ecall), SP, RA and a0. */
static void reply_fault_no_buffer(seL4_Word ep, seL4_Word go, seL4_Word unused)
{
    (void)unused;
    seL4_Word m0 = 0, m1 = 0, m2 = 0, m3 = 0;
    seL4_RecvWithMRs(ep, NULL, &m0, &m1, &m2, &m3);
    fr_ip = m0;
    fr_sp = m1;
    fr_ra = m2;
    seL4_Wait(go, NULL);
    m0 = fr_ip + 4;
    m3 = 0x200;
    seL4_ReplyWithMRs(seL4_MessageInfo_new(0, 0, 0, 10), &m0, &m1, &m2, &m3);
}

/* A fault reply from a thread with no IPC buffer can only carry its four register words:
 * the UnknownSyscall registers that would come from words 4..9 (a1..a6) keep their
 * values. */
KTEST(abi_fault_reply_without_buffer)
{
    seL4_CPtr ep1 = TRY(new_object(seL4_EndpointObject, 0));
    seL4_CPtr ep2 = TRY(new_object(seL4_EndpointObject, 0));
    seL4_CPtr go = TRY(new_object(seL4_NotificationObject, 0));
    seL4_CPtr fault_ep1 = TRY(mint_badged(ep1, FAULT_BADGE));
    seL4_CPtr fault_ep2 = TRY(mint_badged(ep2, FAULT_BADGE));
    struct helper *handler = TRY(helper_new(HELPER_DEFAULT_PRIO + 1, 0));
    CHECK_OK(seL4_TCB_SetIPCBuffer(handler->tcb, 0, seL4_CapNull));
    helper_start(handler, reply_fault_no_buffer, ep1, go, 0);
    struct helper *f = TRY(helper_new(HELPER_DEFAULT_PRIO, fault_ep1));
    helper_start_raw(f, (seL4_Word)stub_unknown_syscall, 0x100, 0xa1, 0xa2);
    CHECK(!test_has_failed());
    CHECK(settle());
    CHECK_EQ(fr_ip, (seL4_Word)stub_unknown_syscall_ecall1);
    /* The second fault goes to the root. */
    CHECK_OK(seL4_TCB_SetSpace(f->tcb, fault_ep2, ROOT, 0, seL4_CapInitThreadVSpace, 0));
    seL4_Signal(go);
    seL4_MessageInfo_t info;
    seL4_Word badge = 0;
    CHECK(guarded_recv(ep2, &info, &badge));
    CHECK_EQ(badge, FAULT_BADGE);
    CHECK_EQ(seL4_MessageInfo_get_label(info), seL4_Fault_UnknownSyscall);
    CHECK_EQ(seL4_GetMR(seL4_UnknownSyscall_FaultIP), (seL4_Word)stub_unknown_syscall_ecall2);
    CHECK_EQ(seL4_GetMR(seL4_UnknownSyscall_A0), 0x201);
    CHECK_EQ(seL4_GetMR(seL4_UnknownSyscall_SP), fr_sp);
    CHECK_MSG(seL4_GetMR(seL4_UnknownSyscall_A1) == 0xa1 &&
                  seL4_GetMR(seL4_UnknownSyscall_A2) == 0xa2,
              "a1 = 0x%lx, a2 = 0x%lx after a 10-word fault reply from a thread without an IPC "
              "buffer (expected 0xa1, 0xa2: unchanged)",
              (unsigned long)seL4_GetMR(seL4_UnknownSyscall_A1),
              (unsigned long)seL4_GetMR(seL4_UnknownSyscall_A2));
    CHECK(helper_join(handler));
}

/* ---- Exceptions and fault handler rights ---------------------------------------------------- */

/* ebreak is a UserException with the raw scause (3, breakpoint). */
KTEST(abi_ebreak_user_exception)
{
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    seL4_CPtr fault_ep = TRY(mint_badged(ep, FAULT_BADGE));
    struct helper *h = TRY(helper_new(HELPER_DEFAULT_PRIO, fault_ep));
    helper_start_raw(h, (seL4_Word)stub_ebreak, 0, 0, 0);
    CHECK(!test_has_failed());
    seL4_MessageInfo_t info;
    seL4_Word badge = 0;
    CHECK(guarded_recv(ep, &info, &badge));
    CHECK_EQ(badge, FAULT_BADGE);
    CHECK_EQ(seL4_MessageInfo_get_label(info), seL4_Fault_UserException);
    CHECK_EQ(seL4_MessageInfo_get_length(info), seL4_UserException_Length);
    CHECK_EQ(seL4_GetMR(seL4_UserException_FaultIP), (seL4_Word)stub_ebreak);
    CHECK_EQ(seL4_GetMR(seL4_UserException_SP), h->stack_top);
    CHECK_EQ(seL4_GetMR(seL4_UserException_Number), 3);
    CHECK_EQ(seL4_GetMR(seL4_UserException_Code), 0);
}

/* A fault endpoint cap needs Write and Grant or GrantReply: with Write alone the fault is
 * not delivered (the thread just stops); with Write and GrantReply it is. */
KTEST(abi_fault_endpoint_rights)
{
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    seL4_CPtr write_only = TRY(alloc_slot());
    seL4_CPtr write_gr = TRY(alloc_slot());
    CHECK_OK(
        seL4_CNode_Mint(ROOT, write_only, ROOT_DEPTH, ROOT, ep, ROOT_DEPTH, seL4_CanWrite, 0x1));
    CHECK_OK(seL4_CNode_Mint(ROOT, write_gr, ROOT_DEPTH, ROOT, ep, ROOT_DEPTH,
                             seL4_CapRights_new(1, 0, 0, 1), 0x2));
    struct helper *a = TRY(helper_new(HELPER_DEFAULT_PRIO, write_only));
    helper_start_raw(a, (seL4_Word)stub_illegal, 0, 0, 0);
    CHECK(!test_has_failed());
    CHECK(settle());
    seL4_Word badge = 0x5555;
    seL4_NBRecv(ep, &badge);
    CHECK_EQ(badge, 0);
    struct helper *b = TRY(helper_new(HELPER_DEFAULT_PRIO, write_gr));
    helper_start_raw(b, (seL4_Word)stub_illegal, 0, 0, 0);
    CHECK(!test_has_failed());
    seL4_MessageInfo_t info;
    CHECK(guarded_recv(ep, &info, &badge));
    CHECK_EQ(badge, 0x2);
    CHECK_EQ(seL4_MessageInfo_get_label(info), seL4_Fault_UserException);
    /* GrantReply was enough for a reply cap: replying restarts the thread (at the same
     * illegal instruction, so it faults again). */
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    CHECK(guarded_recv(ep, &info, &badge));
    CHECK_EQ(badge, 0x2);
    CHECK_EQ(seL4_GetMR(seL4_UserException_FaultIP), (seL4_Word)stub_illegal);
}
