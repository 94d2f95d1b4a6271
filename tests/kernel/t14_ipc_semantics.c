/* IPC semantics: capability transfer and badge unwrapping, reply caps, rights on Call,
 * bound notifications, what deleting endpoints, threads and self-referencing CNodes does,
 * cap fault message layouts, the debug calls, and the lazy FPU switch. */
#include "framework.h"
#include "stubs.h"

#include <sel4/cantrip.h>
#include <string.h>

#define ROOT seL4_CapInitThreadCNode
#define VSPACE seL4_CapInitThreadVSpace
#define FAULT_BADGE 0xfa17ul
/* A cptr the root CNode cannot resolve: the top bit fails its 52-bit zero guard. */
#define BAD_CPTR (1ul << 63)

/* ---- Capability transfer -------------------------------------------------------------------- */

/* Sends MR0 = 0x600d with up to two extra caps (0 = none) on `ep`. */
static void send_with_caps(seL4_Word ep, seL4_Word cap0, seL4_Word cap1)
{
    seL4_Word n = 0;
    if (cap0) seL4_SetCap(n++, cap0);
    if (cap1) seL4_SetCap(n++, cap1);
    seL4_SetMR(0, 0x600d);
    seL4_Send(ep, seL4_MessageInfo_new(0x12, 0, n, 1));
}

/* Runs send_with_caps in a helper and receives the message on `ep` (an unbadged cap) with
 * `slot` as the receive slot.  *info gets the message info. */
static bool transfer(seL4_CPtr send_cap, seL4_CPtr ep, seL4_Word cap0, seL4_Word cap1,
                     seL4_CPtr slot, seL4_MessageInfo_t *info)
{
    struct helper *h = helper_new(HELPER_DEFAULT_PRIO, 0);
    if (!h) return false;
    helper_start(h, send_with_caps, send_cap, cap0, cap1);
    if (test_has_failed()) return false;
    seL4_SetCapReceivePath(ROOT, slot, ROOT_DEPTH);
    seL4_GetIPCBuffer()->caps_or_badges[0] = ~0ul;
    seL4_GetIPCBuffer()->caps_or_badges[1] = ~0ul;
    bool ok = guarded_recv(ep, info, NULL);
    seL4_SetCapReceivePath(0, 0, 0);
    if (!ok) return false;
    if (seL4_GetMR(0) != 0x600d || seL4_MessageInfo_get_label(*info) != 0x12) {
        test_fail(__FILE__, __LINE__, "message words lost in transfer (MR0 0x%lx)",
                  (unsigned long)seL4_GetMR(0));
        return false;
    }
    return helper_join(h);
}

/* A badged cap to the endpoint the message travels through is unwrapped: its badge goes
 * to caps_or_badges and the capsUnwrapped bit is set; no slot is used. */
KTEST(ipc_badge_unwrapped)
{
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    seL4_CPtr badged = TRY(mint_badged(ep, 0x77));
    seL4_CPtr slot = TRY(alloc_slot());
    seL4_MessageInfo_t info;
    CHECK(transfer(ep, ep, badged, 0, slot, &info));
    CHECK_EQ(seL4_MessageInfo_get_extraCaps(info), 1);
    CHECK_EQ(seL4_MessageInfo_get_capsUnwrapped(info), 1);
    CHECK_EQ(seL4_GetBadge(0), 0x77);
    CHECK_EQ(seL4_DebugCapIdentify(slot), CAPTYPE_null);
}

/* One real cap and one unwrapped badge in either order. */
KTEST(ipc_unwrap_mixed)
{
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    seL4_CPtr badged = TRY(mint_badged(ep, 0x99));
    seL4_CPtr ntfn = TRY(new_object(seL4_NotificationObject, 0));
    seL4_CPtr slots = TRY(alloc_slots(2));
    seL4_MessageInfo_t info;
    CHECK(transfer(ep, ep, ntfn, badged, slots, &info));
    CHECK_EQ(seL4_MessageInfo_get_extraCaps(info), 2);
    CHECK_EQ(seL4_MessageInfo_get_capsUnwrapped(info), 2);
    CHECK_EQ(seL4_GetBadge(1), 0x99);
    CHECK_EQ(seL4_DebugCapIdentify(slots), CAPTYPE_notification);
    CHECK(transfer(ep, ep, badged, ntfn, slots + 1, &info));
    CHECK_EQ(seL4_MessageInfo_get_extraCaps(info), 2);
    CHECK_EQ(seL4_MessageInfo_get_capsUnwrapped(info), 1);
    CHECK_EQ(seL4_GetBadge(0), 0x99);
    CHECK_EQ(seL4_DebugCapIdentify(slots + 1), CAPTYPE_notification);
}

/* With Grant a cap lands in the receive slot, works there, and is a child of the sender's
 * cap (revoking that removes it). */
KTEST(ipc_cap_transfer_grant)
{
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    seL4_CPtr ntfn = TRY(new_object(seL4_NotificationObject, 0));
    seL4_CPtr bn = TRY(mint_badged(ntfn, 0x40));
    seL4_CPtr slot = TRY(alloc_slot());
    seL4_MessageInfo_t info;
    CHECK(transfer(ep, ep, bn, 0, slot, &info));
    CHECK_EQ(seL4_MessageInfo_get_extraCaps(info), 1);
    CHECK_EQ(seL4_MessageInfo_get_capsUnwrapped(info), 0);
    CHECK_EQ(seL4_DebugCapIdentify(slot), CAPTYPE_notification);
    seL4_Signal(slot);
    seL4_Word badge = 0;
    seL4_Poll(ntfn, &badge);
    CHECK_EQ(badge, 0x40);
    CHECK_OK(seL4_CNode_Revoke(ROOT, bn, ROOT_DEPTH));
    CHECK_EQ(seL4_DebugCapIdentify(slot), CAPTYPE_null);
}

/* Without Grant (or with only GrantReply) the data arrives but no cap: extraCaps = 0. */
KTEST(ipc_cap_transfer_no_grant)
{
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    seL4_CPtr ntfn = TRY(new_object(seL4_NotificationObject, 0));
    seL4_CPtr badged = TRY(mint_badged(ep, 0x55));
    seL4_CPtr rw = TRY(alloc_slot());
    seL4_CPtr rw_gr = TRY(alloc_slot());
    CHECK_OK(seL4_CNode_Mint(ROOT, rw, ROOT_DEPTH, ROOT, ep, ROOT_DEPTH, seL4_ReadWrite, 0));
    CHECK_OK(seL4_CNode_Mint(ROOT, rw_gr, ROOT_DEPTH, ROOT, ep, ROOT_DEPTH,
                             seL4_CapRights_new(1, 0, 1, 1), 0));
    seL4_CPtr slot = TRY(alloc_slot());
    seL4_MessageInfo_t info;
    CHECK(transfer(rw, ep, ntfn, 0, slot, &info));
    CHECK_EQ(seL4_MessageInfo_get_extraCaps(info), 0);
    CHECK_EQ(seL4_DebugCapIdentify(slot), CAPTYPE_null);
    CHECK(transfer(rw_gr, ep, ntfn, 0, slot, &info));
    CHECK_EQ(seL4_MessageInfo_get_extraCaps(info), 0);
    CHECK_EQ(seL4_DebugCapIdentify(slot), CAPTYPE_null);
    /* Not even badges are unwrapped. */
    CHECK(transfer(rw, ep, badged, 0, slot, &info));
    CHECK_EQ(seL4_MessageInfo_get_extraCaps(info), 0);
    CHECK_EQ(seL4_MessageInfo_get_capsUnwrapped(info), 0);
}

/* Only one real cap per message; an occupied or unreachable receive slot takes none (the
 * message still arrives), while unwrapping needs no slot. */
KTEST(ipc_cap_transfer_slot_limits)
{
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    seL4_CPtr n1 = TRY(new_object(seL4_NotificationObject, 0));
    seL4_CPtr n2 = TRY(new_object(seL4_EndpointObject, 0));
    seL4_CPtr badged = TRY(mint_badged(ep, 0x66));
    seL4_CPtr slot = TRY(alloc_slot());
    seL4_MessageInfo_t info;
    CHECK(transfer(ep, ep, n1, n2, slot, &info));
    CHECK_EQ(seL4_MessageInfo_get_extraCaps(info), 1);
    CHECK_EQ(seL4_DebugCapIdentify(slot), CAPTYPE_notification);
    /* Now the slot is occupied. */
    CHECK(transfer(ep, ep, n2, 0, slot, &info));
    CHECK_EQ(seL4_MessageInfo_get_extraCaps(info), 0);
    CHECK_EQ(seL4_DebugCapIdentify(slot), CAPTYPE_notification);
    CHECK(transfer(ep, ep, badged, n2, slot, &info));
    CHECK_EQ(seL4_MessageInfo_get_extraCaps(info), 1);
    CHECK_EQ(seL4_MessageInfo_get_capsUnwrapped(info), 1);
    CHECK_EQ(seL4_GetBadge(0), 0x66);
    /* A receive path whose root is not a CNode. */
    struct helper *h = TRY(helper_new(HELPER_DEFAULT_PRIO, 0));
    helper_start(h, send_with_caps, ep, n2, 0);
    CHECK(!test_has_failed());
    seL4_CPtr empty = TRY(alloc_slot());
    seL4_SetCapReceivePath(n1, empty, ROOT_DEPTH);
    CHECK(guarded_recv(ep, &info, NULL));
    seL4_SetCapReceivePath(0, 0, 0);
    CHECK_EQ(seL4_MessageInfo_get_extraCaps(info), 0);
    CHECK_EQ(seL4_GetMR(0), 0x600d);
    CHECK_EQ(seL4_DebugCapIdentify(empty), CAPTYPE_null);
    CHECK(helper_join(h));
}

/* ---- Reply caps and rights on Call ---------------------------------------------------------- */

static volatile seL4_Word call_replies[2];
static volatile int call_count;

static void call_twice(seL4_Word ep, seL4_Word unused1, seL4_Word unused2)
{
    (void)unused1;
    (void)unused2;
    for (int i = 0; i < 2; i++) {
        seL4_SetMR(0, (seL4_Word)i);
        seL4_Call(ep, seL4_MessageInfo_new(0, 0, 0, 1));
        call_replies[i] = seL4_GetMR(0);
        call_count++;
    }
}

/* The reply cap is one-shot: a second Reply finds nothing and returns. */
KTEST(ipc_reply_once)
{
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    call_count = 0;
    struct helper *h = TRY(helper_new(HELPER_DEFAULT_PRIO, 0));
    helper_start(h, call_twice, ep, 0, 0);
    CHECK(!test_has_failed());
    CHECK(guarded_recv(ep, NULL, NULL));
    CHECK_EQ(seL4_GetMR(0), 0);
    seL4_SetMR(0, 0x100);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 1));
    seL4_SetMR(0, 0x200);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 1));
    seL4_CPtr saved = TRY(alloc_slot());
    CHECK_OK(seL4_CNode_SaveCaller(ROOT, saved, ROOT_DEPTH));
    CHECK_EQ(seL4_DebugCapIdentify(saved), CAPTYPE_null);
    CHECK(guarded_recv(ep, NULL, NULL));
    CHECK_EQ(seL4_GetMR(0), 1);
    CHECK_EQ(call_count, 1);
    CHECK_EQ(call_replies[0], 0x100);
    seL4_SetMR(0, 0x300);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 1));
    CHECK(helper_join(h));
    CHECK_EQ(call_count, 2);
    CHECK_EQ(call_replies[1], 0x300);
}

static volatile int call_returned;

static void call_and_mark(seL4_Word ep, seL4_Word unused1, seL4_Word unused2)
{
    (void)unused1;
    (void)unused2;
    seL4_SetMR(0, 0xca11);
    seL4_Call(ep, seL4_MessageInfo_new(0x3, 0, 0, 1));
    call_returned = 1;
}

/* Call through a cap with neither Grant nor GrantReply: the message is delivered, no reply
 * cap is made and the caller is left inactive; Resume makes it Call again. */
KTEST(ipc_call_without_grant)
{
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    seL4_CPtr w = TRY(alloc_slot());
    CHECK_OK(seL4_CNode_Mint(ROOT, w, ROOT_DEPTH, ROOT, ep, ROOT_DEPTH, seL4_CanWrite, 0x21));
    call_returned = 0;
    struct helper *h = TRY(helper_new(HELPER_DEFAULT_PRIO, 0));
    helper_start(h, call_and_mark, w, 0, 0);
    CHECK(!test_has_failed());
    seL4_MessageInfo_t info;
    seL4_Word badge = 0;
    CHECK(guarded_recv(ep, &info, &badge));
    CHECK_EQ(badge, 0x21);
    CHECK_EQ(seL4_MessageInfo_get_label(info), 0x3);
    CHECK_EQ(seL4_GetMR(0), 0xca11);
    seL4_CPtr saved = TRY(alloc_slot());
    CHECK_OK(seL4_CNode_SaveCaller(ROOT, saved, ROOT_DEPTH));
    CHECK_EQ(seL4_DebugCapIdentify(saved), CAPTYPE_null);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    CHECK(settle());
    CHECK_EQ(call_returned, 0);
    /* Inactive, not blocked: Resume restarts the Call. */
    CHECK_OK(seL4_TCB_Resume(h->tcb));
    CHECK(guarded_recv(ep, &info, &badge));
    CHECK_EQ(badge, 0x21);
    CHECK_EQ(seL4_GetMR(0), 0xca11);
    CHECK_EQ(call_returned, 0);
}

/* GrantReply alone is enough for a reply cap (but not for passing caps). */
KTEST(ipc_call_grant_reply_only)
{
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    seL4_CPtr gr = TRY(alloc_slot());
    CHECK_OK(seL4_CNode_Mint(ROOT, gr, ROOT_DEPTH, ROOT, ep, ROOT_DEPTH,
                             seL4_CapRights_new(1, 0, 0, 1), 0));
    call_returned = 0;
    struct helper *h = TRY(helper_new(HELPER_DEFAULT_PRIO, 0));
    helper_start(h, call_and_mark, gr, 0, 0);
    CHECK(!test_has_failed());
    CHECK(guarded_recv(ep, NULL, NULL));
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    CHECK(helper_join(h));
    CHECK_EQ(call_returned, 1);
}

/* ---- Bound notifications ----------------------------------------------------------------------
 */

static volatile seL4_Word bound_badges[2], bound_mr0;

static void recv_twice(seL4_Word ep, seL4_Word unused1, seL4_Word unused2)
{
    (void)unused1;
    (void)unused2;
    seL4_Word b = 0;
    seL4_Recv(ep, &b);
    bound_badges[0] = b;
    seL4_Recv(ep, &b);
    bound_badges[1] = b;
    bound_mr0 = seL4_GetMR(0);
}

/* A thread blocked in Recv on an endpoint is woken by a signal to its bound notification
 * (a0 = the badge); its next Recv takes an ordinary message. */
KTEST(ipc_bound_notification_wakes_recv)
{
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    seL4_CPtr ntfn = TRY(new_object(seL4_NotificationObject, 0));
    seL4_CPtr bn = TRY(mint_badged(ntfn, 0x100));
    bound_badges[0] = bound_badges[1] = bound_mr0 = 0;
    struct helper *h = TRY(helper_new(HELPER_DEFAULT_PRIO, 0));
    CHECK_OK(seL4_TCB_BindNotification(h->tcb, ntfn));
    helper_start(h, recv_twice, ep, 0, 0);
    CHECK(!test_has_failed());
    CHECK(settle());
    seL4_Signal(bn);
    CHECK(settle());
    CHECK_EQ(bound_badges[0], 0x100);
    seL4_SetMR(0, 0x42);
    seL4_Send(ep, seL4_MessageInfo_new(0, 0, 0, 1));
    CHECK(helper_join(h));
    CHECK_EQ(bound_badges[1], 0);
    CHECK_EQ(bound_mr0, 0x42);
    CHECK_OK(seL4_TCB_UnbindNotification(h->tcb));
}

/* A pending signal is returned at once by the bound thread's next Recv. */
KTEST(ipc_bound_notification_pending)
{
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    seL4_CPtr ntfn = TRY(new_object(seL4_NotificationObject, 0));
    seL4_CPtr b1 = TRY(mint_badged(ntfn, 0x1));
    seL4_CPtr b4 = TRY(mint_badged(ntfn, 0x4));
    bound_badges[0] = bound_badges[1] = bound_mr0 = 0;
    struct helper *h = TRY(helper_new(HELPER_DEFAULT_PRIO, 0));
    CHECK_OK(seL4_TCB_BindNotification(h->tcb, ntfn));
    seL4_Signal(b1);
    seL4_Signal(b4);
    helper_start(h, recv_twice, ep, 0, 0);
    CHECK(!test_has_failed());
    CHECK(settle());
    CHECK_EQ(bound_badges[0], 0x5);
    CHECK(!h->finished); /* the word was consumed: the second Recv blocks */
    seL4_SetMR(0, 0x43);
    seL4_Send(ep, seL4_MessageInfo_new(0, 0, 0, 1));
    CHECK(helper_join(h));
    CHECK_EQ(bound_mr0, 0x43);
}

/* Waiting on a notification bound to another thread is a receive-phase cap fault. */
KTEST(ipc_bound_notification_other_thread)
{
    seL4_CPtr ntfn = TRY(new_object(seL4_NotificationObject, 0));
    seL4_CPtr owner = TRY(new_object(seL4_TCBObject, 0));
    CHECK_OK(seL4_TCB_BindNotification(owner, ntfn));
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    seL4_CPtr fault_ep = TRY(mint_badged(ep, FAULT_BADGE));
    struct helper *h = TRY(helper_new(HELPER_DEFAULT_PRIO, fault_ep));
    helper_start_raw(h, (seL4_Word)stub_recv, ntfn, 0, 0);
    CHECK(!test_has_failed());
    seL4_MessageInfo_t info;
    seL4_Word badge = 0;
    CHECK(guarded_recv(ep, &info, &badge));
    CHECK_EQ(badge, FAULT_BADGE);
    CHECK_EQ(seL4_MessageInfo_get_label(info), seL4_Fault_CapFault);
    CHECK_EQ(seL4_MessageInfo_get_length(info), 5);
    CHECK_EQ(seL4_GetMR(seL4_CapFault_IP), (seL4_Word)stub_recv_ecall);
    CHECK_EQ(seL4_GetMR(seL4_CapFault_Addr), ntfn);
    CHECK_EQ(seL4_GetMR(seL4_CapFault_InRecvPhase), 1);
    CHECK_EQ(seL4_GetMR(seL4_CapFault_LookupFailureType), seL4_MissingCapability);
    CHECK_EQ(seL4_GetMR(seL4_CapFault_BitsLeft), 0);
}

/* ---- Deleting endpoints, threads and CNodes -------------------------------------------------- */

static volatile int send_done;
static volatile seL4_Word del_call_label, del_call_mr0;

static void send_then_mark(seL4_Word ep, seL4_Word unused1, seL4_Word unused2)
{
    (void)unused1;
    (void)unused2;
    seL4_SetMR(0, 1);
    seL4_Send(ep, seL4_MessageInfo_new(0, 0, 0, 1));
    send_done = 1;
}

static void call_then_record(seL4_Word ep, seL4_Word unused1, seL4_Word unused2)
{
    (void)unused1;
    (void)unused2;
    seL4_SetMR(0, 2);
    seL4_MessageInfo_t r = seL4_Call(ep, seL4_MessageInfo_new(0, 0, 0, 1));
    del_call_label = seL4_MessageInfo_get_label(r);
    del_call_mr0 = seL4_GetMR(0);
}

/* Deleting an endpoint with queued senders restarts them; re-executed on the now empty
 * slots, the Send fails silently and the Call returns InvalidCapability. */
KTEST(ipc_delete_endpoint_restarts_senders)
{
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    seL4_CPtr c1 = TRY(alloc_slot());
    seL4_CPtr c2 = TRY(alloc_slot());
    CHECK_OK(seL4_CNode_Copy(ROOT, c1, ROOT_DEPTH, ROOT, ep, ROOT_DEPTH, seL4_AllRights));
    CHECK_OK(seL4_CNode_Copy(ROOT, c2, ROOT_DEPTH, ROOT, ep, ROOT_DEPTH, seL4_AllRights));
    send_done = 0;
    del_call_label = del_call_mr0 = ~0ul;
    struct helper *s = TRY(helper_new(HELPER_DEFAULT_PRIO, 0));
    struct helper *c = TRY(helper_new(HELPER_DEFAULT_PRIO, 0));
    helper_start(s, send_then_mark, c1, 0, 0);
    helper_start(c, call_then_record, c2, 0, 0);
    CHECK(!test_has_failed());
    CHECK(settle());
    CHECK(!s->finished);
    CHECK(!c->finished);
    seL4_CantripDebugInvariants(1);
    seL4_Error e1 = seL4_CNode_Delete(ROOT, c1, ROOT_DEPTH);
    seL4_Error e2 = seL4_CNode_Delete(ROOT, c2, ROOT_DEPTH);
    seL4_Error e3 = seL4_CNode_Delete(ROOT, ep, ROOT_DEPTH);
    seL4_CantripDebugInvariants(0);
    CHECK_OK(e1);
    CHECK_OK(e2);
    CHECK_OK(e3);
    CHECK(helper_join(s));
    CHECK(helper_join(c));
    CHECK_EQ(send_done, 1);
    CHECK_EQ(del_call_label, seL4_InvalidCapability);
    CHECK_EQ(del_call_mr0, 0);
}

/* A receiver restarted by the deletion faults on its now empty slot. */
KTEST(ipc_delete_endpoint_restarts_receiver)
{
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    seL4_CPtr fep = TRY(new_object(seL4_EndpointObject, 0));
    seL4_CPtr fault_ep = TRY(mint_badged(fep, FAULT_BADGE));
    struct helper *h = TRY(helper_new(HELPER_DEFAULT_PRIO, fault_ep));
    helper_start_raw(h, (seL4_Word)stub_recv, ep, 0, 0);
    CHECK(!test_has_failed());
    CHECK(settle());
    CHECK_OK(seL4_CNode_Delete(ROOT, ep, ROOT_DEPTH));
    seL4_MessageInfo_t info;
    seL4_Word badge = 0;
    CHECK(guarded_recv(fep, &info, &badge));
    CHECK_EQ(badge, FAULT_BADGE);
    CHECK_EQ(seL4_MessageInfo_get_label(info), seL4_Fault_CapFault);
    CHECK_EQ(seL4_MessageInfo_get_length(info), 5);
    CHECK_EQ(seL4_GetMR(seL4_CapFault_IP), (seL4_Word)stub_recv_ecall);
    CHECK_EQ(seL4_GetMR(seL4_CapFault_Addr), ep);
    CHECK_EQ(seL4_GetMR(seL4_CapFault_InRecvPhase), 1);
    CHECK_EQ(seL4_GetMR(seL4_CapFault_LookupFailureType), seL4_MissingCapability);
    CHECK_EQ(seL4_GetMR(seL4_CapFault_BitsLeft), 0);
}

/* A thread blocked sending on an endpoint is destroyed with its TCB: it leaves the queue,
 * and the endpoint goes on working. */
KTEST(ipc_delete_blocked_tcb)
{
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    seL4_CPtr b1 = TRY(mint_badged(ep, 1));
    seL4_CPtr b2 = TRY(mint_badged(ep, 2));
    seL4_CPtr tcb = TRY(new_object(seL4_TCBObject, 0));
    CHECK_OK(seL4_TCB_Configure(tcb, 0, ROOT, 0, VSPACE, 0, 0, seL4_CapNull));
    CHECK_OK(seL4_TCB_SetPriority(tcb, seL4_CapInitThreadTCB, HELPER_DEFAULT_PRIO));
    seL4_UserContext regs;
    memset(&regs, 0, sizeof(regs));
    regs.pc = (seL4_Word)stub_send;
    regs.a0 = b1;
    regs.a1 = seL4_MessageInfo_new(0, 0, 0, 1).words[0];
    regs.a2 = 0xdead;
    CHECK_OK(seL4_TCB_WriteRegisters(tcb, seL4_True, 0, sizeof(regs) / sizeof(seL4_Word), &regs));
    CHECK(settle());
    seL4_CantripDebugInvariants(1);
    seL4_Error err = seL4_CNode_Delete(ROOT, tcb, ROOT_DEPTH);
    seL4_Word badge = 0x5555;
    seL4_NBRecv(ep, &badge);
    seL4_CantripDebugInvariants(0);
    CHECK_OK(err);
    CHECK_EQ(badge, 0);
    struct helper *h = TRY(helper_new(HELPER_DEFAULT_PRIO, 0));
    helper_start(h, send_then_mark, b2, 0, 0);
    CHECK(!test_has_failed());
    CHECK(guarded_recv(ep, NULL, &badge));
    CHECK_EQ(badge, 2);
    CHECK(helper_join(h));
}

/* CNodes holding caps to themselves, and two CNodes holding each other, are destroyed by a
 * revoke of their untyped without hanging; the untyped is whole again afterwards. */
KTEST(ipc_delete_self_referencing_cnodes)
{
    seL4_CPtr ut = TRY(new_object(seL4_UntypedObject, 16));
    seL4_CPtr self = TRY(new_object_from(ut, seL4_CapTableObject, 3));
    seL4_CPtr c3 = TRY(new_object_from(ut, seL4_CapTableObject, 2));
    seL4_CPtr c4 = TRY(new_object_from(ut, seL4_CapTableObject, 2));
    seL4_CPtr ep = TRY(new_object_from(ut, seL4_EndpointObject, 0));
    seL4_CPtr tcb = TRY(new_object_from(ut, seL4_TCBObject, 0));
    seL4_CantripDebugInvariants(1);
    /* `self` holds two copies of itself and an endpoint; deleting the root's cap is not
     * final, the CNode lives on. */
    CHECK_OK(seL4_CNode_Copy(self, 0, 3, ROOT, self, ROOT_DEPTH, seL4_AllRights));
    CHECK_OK(seL4_CNode_Copy(self, 5, 3, ROOT, self, ROOT_DEPTH, seL4_AllRights));
    CHECK_OK(seL4_CNode_Copy(self, 1, 3, ROOT, ep, ROOT_DEPTH, seL4_AllRights));
    CHECK_OK(seL4_CNode_Delete(ROOT, self, ROOT_DEPTH));
    /* c3 and c4 hold each other; c3 is also the CSpace of a TCB and holds that TCB. */
    CHECK_OK(seL4_CNode_Copy(c3, 0, 2, ROOT, c4, ROOT_DEPTH, seL4_AllRights));
    CHECK_OK(seL4_CNode_Copy(c4, 0, 2, ROOT, c3, ROOT_DEPTH, seL4_AllRights));
    CHECK_OK(seL4_CNode_Copy(c3, 1, 2, ROOT, tcb, ROOT_DEPTH, seL4_AllRights));
    CHECK_OK(seL4_TCB_Configure(tcb, 0, c3, 0, VSPACE, 0, 0, seL4_CapNull));
    CHECK_OK(seL4_CNode_Delete(ROOT, c3, ROOT_DEPTH));
    CHECK_OK(seL4_CNode_Delete(ROOT, c4, ROOT_DEPTH));
    CHECK_OK(seL4_CNode_Delete(ROOT, tcb, ROOT_DEPTH));
    seL4_Error err = seL4_CNode_Revoke(ROOT, ut, ROOT_DEPTH);
    seL4_CantripDebugInvariants(0);
    CHECK_OK(err);
    CHECK_EQ(seL4_DebugCapIdentify(ep), CAPTYPE_null);
    seL4_CPtr whole = TRY(new_object_from(ut, seL4_UntypedObject, 16));
    CHECK_EQ(seL4_DebugCapIdentify(whole), CAPTYPE_untyped);
}

/* A CNode whose only cap sits inside itself is deleted by deleting that slot. */
KTEST(ipc_delete_cnode_from_inside)
{
    seL4_CPtr ut = TRY(new_object(seL4_UntypedObject, 14));
    seL4_CPtr c = TRY(new_object_from(ut, seL4_CapTableObject, 4));
    seL4_CPtr inner = TRY(new_object_from(ut, seL4_CapTableObject, 2));
    seL4_CPtr ntfn = TRY(new_object_from(ut, seL4_NotificationObject, 0));
    CHECK_OK(seL4_CNode_Copy(c, 2, 4, ROOT, ntfn, ROOT_DEPTH, seL4_AllRights));
    CHECK_OK(seL4_CNode_Move(c, 3, 4, ROOT, inner, ROOT_DEPTH));
    /* A guarded copy fills a full cptr, so the root can still name c's slots. */
    seL4_CPtr g = TRY(alloc_slot());
    CHECK_OK(seL4_CNode_Mint(ROOT, g, ROOT_DEPTH, ROOT, c, ROOT_DEPTH, seL4_AllRights,
                             seL4_CNode_CapData_new(0, 60).words[0]));
    CHECK_OK(seL4_CNode_Move(c, 7, 4, ROOT, c, ROOT_DEPTH));
    /* Now c's caps: g (root) and slot 7 (inside c). Drop g's copy last, via c itself. */
    seL4_CantripDebugInvariants(1);
    seL4_Error e1 = seL4_CNode_Delete(ROOT, ntfn, ROOT_DEPTH);
    seL4_Error e2 = seL4_CNode_Delete(g, 7, 64);
    seL4_CantripDebugInvariants(0);
    CHECK_OK(e1);
    CHECK_OK(e2);
    CHECK_EQ(seL4_DebugCapIdentify(g), CAPTYPE_cnode);
    seL4_CantripDebugInvariants(1);
    seL4_Error e3 = seL4_CNode_Delete(ROOT, g, ROOT_DEPTH);
    seL4_CantripDebugInvariants(0);
    CHECK_OK(e3);
    /* c held the last caps to the notification and the inner CNode: all gone, so the
     * untyped has no children and is reset. */
    seL4_CPtr whole = TRY(new_object_from(ut, seL4_UntypedObject, 14));
    CHECK_EQ(seL4_DebugCapIdentify(whole), CAPTYPE_untyped);
}

/* ---- Cap fault messages ------------------------------------------------------------------------
 */

struct faulter {
    seL4_CPtr ep;
    struct helper *h;
};

static bool faulter_start(struct faulter *f, const char *pc, seL4_Word a0, seL4_Word a1,
                          seL4_Word a2)
{
    f->ep = new_object(seL4_EndpointObject, 0);
    seL4_CPtr fault_ep = mint_badged(f->ep, FAULT_BADGE);
    if (test_has_failed()) return false;
    f->h = helper_new(HELPER_DEFAULT_PRIO, fault_ep);
    if (!f->h) return false;
    helper_start_raw(f->h, (seL4_Word)pc, a0, a1, a2);
    return !test_has_failed();
}

static bool next_fault(struct faulter *f, seL4_MessageInfo_t *info)
{
    seL4_Word badge = 0;
    if (!guarded_recv(f->ep, info, &badge)) return false;
    if (badge != FAULT_BADGE) {
        test_fail(__FILE__, __LINE__, "fault badge 0x%lx", (unsigned long)badge);
        return false;
    }
    return true;
}

/* Send on a cptr the CSpace cannot resolve: label 1, IP of the ecall, the cptr, send phase,
 * then the lookup failure (guard mismatch in the root CNode).  A reply re-executes the
 * Send, which faults again. */
KTEST(fault_cap_send_layout)
{
    struct faulter f;
    CHECK(faulter_start(&f, stub_send, BAD_CPTR, 0, 0));
    seL4_MessageInfo_t info;
    for (int round = 0; round < 2; round++) {
        CHECK(next_fault(&f, &info));
        CHECK_EQ(seL4_MessageInfo_get_label(info), seL4_Fault_CapFault);
        CHECK_EQ(seL4_MessageInfo_get_length(info), 7);
        CHECK_EQ(seL4_MessageInfo_get_extraCaps(info), 0);
        CHECK_EQ(seL4_GetMR(seL4_CapFault_IP), (seL4_Word)stub_send_ecall);
        CHECK_EQ(seL4_GetMR(seL4_CapFault_Addr), BAD_CPTR);
        CHECK_EQ(seL4_GetMR(seL4_CapFault_InRecvPhase), 0);
        CHECK_EQ(seL4_GetMR(seL4_CapFault_LookupFailureType), seL4_GuardMismatch);
        CHECK_EQ(seL4_GetMR(seL4_CapFault_BitsLeft), 64);
        CHECK_EQ(seL4_GetMR(seL4_CapFault_GuardMismatch_GuardFound), 0);
        CHECK_EQ(seL4_GetMR(seL4_CapFault_GuardMismatch_BitsFound),
                 64 - bootinfo->initThreadCNodeSizeBits);
        seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    }
}

/* The same for Recv: receive phase. */
KTEST(fault_cap_recv_layout)
{
    struct faulter f;
    CHECK(faulter_start(&f, stub_recv, BAD_CPTR, 0, 0));
    seL4_MessageInfo_t info;
    CHECK(next_fault(&f, &info));
    CHECK_EQ(seL4_MessageInfo_get_label(info), seL4_Fault_CapFault);
    CHECK_EQ(seL4_MessageInfo_get_length(info), 7);
    CHECK_EQ(seL4_GetMR(seL4_CapFault_IP), (seL4_Word)stub_recv_ecall);
    CHECK_EQ(seL4_GetMR(seL4_CapFault_Addr), BAD_CPTR);
    CHECK_EQ(seL4_GetMR(seL4_CapFault_InRecvPhase), 1);
    CHECK_EQ(seL4_GetMR(seL4_CapFault_LookupFailureType), seL4_GuardMismatch);
    CHECK_EQ(seL4_GetMR(seL4_CapFault_BitsLeft), 64);
    /* Recv on a resolvable slot that holds no endpoint or notification: MissingCapability
     * with no bits left. */
    seL4_CPtr tcb = TRY(new_object(seL4_TCBObject, 0));
    struct faulter g;
    CHECK(faulter_start(&g, stub_recv, tcb, 0, 0));
    CHECK(next_fault(&g, &info));
    CHECK_EQ(seL4_MessageInfo_get_label(info), seL4_Fault_CapFault);
    CHECK_EQ(seL4_MessageInfo_get_length(info), 5);
    CHECK_EQ(seL4_GetMR(seL4_CapFault_Addr), tcb);
    CHECK_EQ(seL4_GetMR(seL4_CapFault_InRecvPhase), 1);
    CHECK_EQ(seL4_GetMR(seL4_CapFault_LookupFailureType), seL4_MissingCapability);
    CHECK_EQ(seL4_GetMR(seL4_CapFault_BitsLeft), 0);
    /* An endpoint cap without Read cannot receive: the same fault. */
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    seL4_CPtr write_only = TRY(alloc_slot());
    CHECK_OK(seL4_CNode_Mint(ROOT, write_only, ROOT_DEPTH, ROOT, ep, ROOT_DEPTH, seL4_CanWrite, 0));
    struct faulter w;
    CHECK(faulter_start(&w, stub_recv, write_only, 0, 0));
    CHECK(next_fault(&w, &info));
    CHECK_EQ(seL4_MessageInfo_get_label(info), seL4_Fault_CapFault);
    CHECK_EQ(seL4_MessageInfo_get_length(info), 5);
    CHECK_EQ(seL4_GetMR(seL4_CapFault_Addr), write_only);
    CHECK_EQ(seL4_GetMR(seL4_CapFault_InRecvPhase), 1);
    CHECK_EQ(seL4_GetMR(seL4_CapFault_LookupFailureType), seL4_MissingCapability);
    CHECK_EQ(seL4_GetMR(seL4_CapFault_BitsLeft), 0);
}

/* An empty slot is not a lookup failure: Call on it returns InvalidCapability (the stub
 * then reports the reply in an UnknownSyscall fault). */
KTEST(fault_cap_empty_slot_is_error)
{
    seL4_CPtr empty = TRY(alloc_slot());
    struct faulter f;
    CHECK(faulter_start(&f, stub_call, empty, seL4_MessageInfo_new(0, 0, 0, 0).words[0], 0));
    seL4_MessageInfo_t info;
    CHECK(next_fault(&f, &info));
    CHECK_EQ(seL4_MessageInfo_get_label(info), seL4_Fault_UnknownSyscall);
    CHECK_EQ(seL4_GetMR(seL4_UnknownSyscall_FaultIP), (seL4_Word)stub_call_report);
    seL4_MessageInfo_t r = {{seL4_GetMR(seL4_UnknownSyscall_A1)}};
    CHECK_EQ(seL4_MessageInfo_get_label(r), seL4_InvalidCapability);
    CHECK_EQ(seL4_MessageInfo_get_length(r), 1);
    CHECK_EQ(seL4_GetMR(seL4_UnknownSyscall_A0), 0);
    CHECK_EQ(seL4_GetMR(seL4_UnknownSyscall_A2), 0);
}

static void send_bad_extra_cap(seL4_Word ep, seL4_Word bad, seL4_Word unused)
{
    (void)unused;
    seL4_SetCap(0, bad);
    seL4_Send(ep, seL4_MessageInfo_new(0, 0, 1, 0));
}

/* An extra cap that does not resolve: a send-phase cap fault naming that cptr. */
KTEST(fault_cap_extra_cap)
{
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    seL4_CPtr fep = TRY(new_object(seL4_EndpointObject, 0));
    seL4_CPtr fault_ep = TRY(mint_badged(fep, FAULT_BADGE));
    struct helper *h = TRY(helper_new(HELPER_DEFAULT_PRIO, fault_ep));
    helper_start(h, send_bad_extra_cap, ep, BAD_CPTR | 5, 0);
    CHECK(!test_has_failed());
    seL4_MessageInfo_t info;
    seL4_Word badge = 0;
    CHECK(guarded_recv(fep, &info, &badge));
    CHECK_EQ(badge, FAULT_BADGE);
    CHECK_EQ(seL4_MessageInfo_get_label(info), seL4_Fault_CapFault);
    CHECK_EQ(seL4_GetMR(seL4_CapFault_Addr), BAD_CPTR | 5);
    CHECK_EQ(seL4_GetMR(seL4_CapFault_InRecvPhase), 0);
    CHECK_EQ(seL4_GetMR(seL4_CapFault_LookupFailureType), seL4_GuardMismatch);
    /* Nothing reached the endpoint. */
    badge = 0x5555;
    seL4_NBRecv(ep, &badge);
    CHECK_EQ(badge, 0);
}

/* In a two-level CSpace a cptr can run out of bits inside the second CNode: a depth
 * mismatch (bits left, bits the level needs). */
KTEST(fault_cap_depth_mismatch)
{
    seL4_CPtr fep = TRY(new_object(seL4_EndpointObject, 0));
    seL4_CPtr fault_ep = TRY(mint_badged(fep, FAULT_BADGE));
    seL4_CPtr l1 = TRY(new_object(seL4_CapTableObject, 4));
    seL4_CPtr l2 = TRY(new_object(seL4_CapTableObject, 6));
    CHECK_OK(seL4_CNode_Copy(l1, 2, 4, ROOT, fault_ep, ROOT_DEPTH, seL4_AllRights));
    CHECK_OK(seL4_CNode_Copy(l1, 3, 4, ROOT, l2, ROOT_DEPTH, seL4_AllRights));
    struct helper *h = TRY(helper_new(HELPER_DEFAULT_PRIO, 0));
    /* L1 takes 56 guard + 4 index bits; slot 2 (cptr 0x20) is a leaf, slot 3 leads to a
     * 6-bit L2 with only 4 bits left. */
    CHECK_OK(
        seL4_TCB_SetSpace(h->tcb, 0x20, l1, seL4_CNode_CapData_new(0, 56).words[0], VSPACE, 0));
    helper_start_raw(h, (seL4_Word)stub_send, 0x35, 0, 0);
    CHECK(!test_has_failed());
    seL4_MessageInfo_t info;
    seL4_Word badge = 0;
    CHECK(guarded_recv(fep, &info, &badge));
    CHECK_EQ(badge, FAULT_BADGE);
    CHECK_EQ(seL4_MessageInfo_get_label(info), seL4_Fault_CapFault);
    CHECK_EQ(seL4_MessageInfo_get_length(info), 6);
    CHECK_EQ(seL4_GetMR(seL4_CapFault_IP), (seL4_Word)stub_send_ecall);
    CHECK_EQ(seL4_GetMR(seL4_CapFault_Addr), 0x35);
    CHECK_EQ(seL4_GetMR(seL4_CapFault_InRecvPhase), 0);
    CHECK_EQ(seL4_GetMR(seL4_CapFault_LookupFailureType), seL4_DepthMismatch);
    CHECK_EQ(seL4_GetMR(seL4_CapFault_BitsLeft), 4);
    CHECK_EQ(seL4_GetMR(seL4_CapFault_DepthMismatch_BitsFound), 6);
}

/* ---- Debug calls --------------------------------------------------------------------------------
 */

KTEST(debug_cap_identify_types)
{
    CHECK_EQ(seL4_DebugCapIdentify(seL4_CapIRQControl), CAPTYPE_irq_control);
    CHECK_EQ(seL4_DebugCapIdentify(seL4_CapASIDControl), CAPTYPE_asid_control);
    CHECK_EQ(seL4_DebugCapIdentify(seL4_CapInitThreadASIDPool), CAPTYPE_asid_pool);
    CHECK_EQ(seL4_DebugCapIdentify(seL4_CapDomain), CAPTYPE_domain);
    CHECK_EQ(seL4_DebugCapIdentify(BAD_CPTR), CAPTYPE_null);
    static const struct {
        seL4_Word type, bits, captype;
    } objs[] = {
        {seL4_UntypedObject, 12, CAPTYPE_untyped},
        {seL4_TCBObject, 0, CAPTYPE_thread},
        {seL4_EndpointObject, 0, CAPTYPE_endpoint},
        {seL4_NotificationObject, 0, CAPTYPE_notification},
        {seL4_CapTableObject, 2, CAPTYPE_cnode},
        {seL4_RISCV_4K_Page, 0, CAPTYPE_frame},
        {seL4_RISCV_PageTableObject, 0, CAPTYPE_page_table},
    };
    for (unsigned i = 0; i < sizeof(objs) / sizeof(objs[0]); i++) {
        seL4_CPtr c = TRY(new_object(objs[i].type, objs[i].bits));
        CHECK_EQ(seL4_DebugCapIdentify(c), objs[i].captype);
    }
    /* An IRQ handler. */
    seL4_CPtr irq = TRY(alloc_slot());
    CHECK_OK(seL4_IRQControl_Get(seL4_CapIRQControl, 31, ROOT, irq, ROOT_DEPTH));
    CHECK_EQ(seL4_DebugCapIdentify(irq), CAPTYPE_irq_handler);
    CHECK_OK(seL4_CNode_Delete(ROOT, irq, ROOT_DEPTH));
    /* A reply cap. */
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    struct helper *h = TRY(helper_new(HELPER_DEFAULT_PRIO, 0));
    helper_start(h, call_and_mark, ep, 0, 0);
    CHECK(!test_has_failed());
    CHECK(guarded_recv(ep, NULL, NULL));
    seL4_CPtr reply = TRY(alloc_slot());
    CHECK_OK(seL4_CNode_SaveCaller(ROOT, reply, ROOT_DEPTH));
    CHECK_EQ(seL4_DebugCapIdentify(reply), CAPTYPE_reply);
    seL4_Send(reply, seL4_MessageInfo_new(0, 0, 0, 0));
    CHECK(helper_join(h));
    /* The identify call leaves the other message registers alone. */
    seL4_Word a1 = 0x1111, a2 = 0x2222, a5 = 0x5555;
    {
        register seL4_Word r0 __asm__("a0") = ep;
        register seL4_Word r1 __asm__("a1") = a1;
        register seL4_Word r2 __asm__("a2") = a2;
        register seL4_Word r5 __asm__("a5") = a5;
        register seL4_Word r7 __asm__("a7") = (seL4_Word)seL4_SysDebugCapIdentify;
        __asm__ volatile("ecall" : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r5) : "r"(r7) : "memory");
        CHECK_EQ(r0, CAPTYPE_endpoint);
        CHECK_EQ(r1, 0x1111);
        CHECK_EQ(r2, 0x2222);
        CHECK_EQ(r5, 0x5555);
    }
}

static void block_forever(seL4_Word ep, seL4_Word unused1, seL4_Word unused2)
{
    (void)unused1;
    (void)unused2;
    seL4_Recv(ep, NULL);
}

/* DebugDumpScheduler with threads in several states prints and changes nothing. */
KTEST(debug_dump_scheduler)
{
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    seL4_CPtr ep2 = TRY(new_object(seL4_EndpointObject, 0));
    struct helper *recv = TRY(helper_new(HELPER_DEFAULT_PRIO, 0));
    struct helper *send = TRY(helper_new(HELPER_DEFAULT_PRIO, 0));
    struct helper *idle = TRY(helper_new(HELPER_DEFAULT_PRIO, 0));
    helper_start(recv, block_forever, ep, 0, 0);
    helper_start(send, send_then_mark, ep2, 0, 0);
    CHECK(!test_has_failed());
    CHECK(settle());
    seL4_DebugDumpScheduler();
    /* Everything still works: the receiver gets a message, the sender is received. */
    seL4_Word badge = 0x5555;
    seL4_NBRecv(ep2, &badge);
    CHECK_EQ(badge, 0);
    CHECK_EQ(seL4_GetMR(0), 1);
    seL4_Send(ep, seL4_MessageInfo_new(0, 0, 0, 0));
    CHECK(helper_join(recv));
    CHECK(helper_join(send));
    CHECK_EQ(seL4_DebugCapIdentify(idle->tcb), CAPTYPE_thread);
}

/* ---- Lazy FPU -----------------------------------------------------------------------------------
 */

/* The user program is built soft-float; these touch the FP registers explicitly. */
static void fp_load(const uint64_t *v)
{
    __asm__ volatile(".option push\n.option arch, +d\n"
                     "fld f0, 0(%0)\n fld f1, 8(%0)\n fld f2, 16(%0)\n fld f3, 24(%0)\n"
                     "fld f4, 32(%0)\n fld f5, 40(%0)\n fld f6, 48(%0)\n fld f7, 56(%0)\n"
                     "fld f8, 64(%0)\n fld f9, 72(%0)\n fld f10, 80(%0)\n fld f11, 88(%0)\n"
                     "fld f12, 96(%0)\n fld f13, 104(%0)\n fld f14, 112(%0)\n fld f15, 120(%0)\n"
                     "fld f16, 128(%0)\n fld f17, 136(%0)\n fld f18, 144(%0)\n fld f19, 152(%0)\n"
                     "fld f20, 160(%0)\n fld f21, 168(%0)\n fld f22, 176(%0)\n fld f23, 184(%0)\n"
                     "fld f24, 192(%0)\n fld f25, 200(%0)\n fld f26, 208(%0)\n fld f27, 216(%0)\n"
                     "fld f28, 224(%0)\n fld f29, 232(%0)\n fld f30, 240(%0)\n fld f31, 248(%0)\n"
                     "ld t0, 256(%0)\n fscsr t0\n"
                     ".option pop\n"
                     :
                     : "r"(v)
                     : "t0", "memory");
}

static void fp_store(uint64_t *v)
{
    __asm__ volatile(".option push\n.option arch, +d\n"
                     "fsd f0, 0(%0)\n fsd f1, 8(%0)\n fsd f2, 16(%0)\n fsd f3, 24(%0)\n"
                     "fsd f4, 32(%0)\n fsd f5, 40(%0)\n fsd f6, 48(%0)\n fsd f7, 56(%0)\n"
                     "fsd f8, 64(%0)\n fsd f9, 72(%0)\n fsd f10, 80(%0)\n fsd f11, 88(%0)\n"
                     "fsd f12, 96(%0)\n fsd f13, 104(%0)\n fsd f14, 112(%0)\n fsd f15, 120(%0)\n"
                     "fsd f16, 128(%0)\n fsd f17, 136(%0)\n fsd f18, 144(%0)\n fsd f19, 152(%0)\n"
                     "fsd f20, 160(%0)\n fsd f21, 168(%0)\n fsd f22, 176(%0)\n fsd f23, 184(%0)\n"
                     "fsd f24, 192(%0)\n fsd f25, 200(%0)\n fsd f26, 208(%0)\n fsd f27, 216(%0)\n"
                     "fsd f28, 224(%0)\n fsd f29, 232(%0)\n fsd f30, 240(%0)\n fsd f31, 248(%0)\n"
                     "frcsr t0\n sd t0, 256(%0)\n"
                     ".option pop\n"
                     :
                     : "r"(v)
                     : "t0", "memory");
}

#define FP_WORDS 33 /* f0..f31, fcsr */
#define FP_ROUNDS 25

/* fcsr holds frm (bits 5..7) and fflags (bits 0..4). */
static void fp_pattern(uint64_t *v, seL4_Word id, seL4_Word round)
{
    for (seL4_Word i = 0; i < 32; i++)
        v[i] = (id << 56) | (round << 16) | (i << 4) | 0xf;
    v[32] = ((id + round) % 5) << 5 | ((id * 3 + round) & 0x1f);
}

static volatile seL4_Word fp_bad[2], fp_rounds[2], fp_first_bad[2];
static volatile seL4_Word fp_progress[2];

/* Each round: load a pattern, give up the CPU (Yield, or wait until the timer has run the
 * other thread), and check that every FP register and fcsr still hold the pattern. */
static void fp_worker(seL4_Word id, seL4_Word use_yield, seL4_Word unused)
{
    (void)unused;
    uint64_t want[FP_WORDS], got[FP_WORDS];
    for (seL4_Word round = 0; round < FP_ROUNDS; round++) {
        fp_pattern(want, id, round);
        fp_load(want);
        if (use_yield) {
            seL4_Yield();
        } else {
            seL4_Word other = fp_progress[1 - id];
            for (seL4_Word i = 0;
                 i < SPIN_LIMIT && fp_progress[1 - id] == other && fp_rounds[1 - id] < FP_ROUNDS;
                 i++)
                __asm__ volatile("" ::: "memory");
        }
        fp_store(got);
        for (seL4_Word i = 0; i < FP_WORDS; i++) {
            if (got[i] != want[i]) {
                if (!fp_bad[id]) fp_first_bad[id] = (round << 8) | i;
                fp_bad[id]++;
            }
        }
        fp_progress[id]++;
        fp_rounds[id] = round + 1;
    }
}

static void run_fp_pair(bool use_yield)
{
    for (int i = 0; i < 2; i++)
        fp_bad[i] = fp_rounds[i] = fp_first_bad[i] = fp_progress[i] = 0;
    struct helper *a = TRY(helper_new(HELPER_DEFAULT_PRIO, 0));
    struct helper *b = TRY(helper_new(HELPER_DEFAULT_PRIO, 0));
    helper_start(a, fp_worker, 0, use_yield, 0);
    helper_start(b, fp_worker, 1, use_yield, 0);
    CHECK(!test_has_failed());
    CHECK(helper_join(a));
    CHECK(helper_join(b));
    CHECK_EQ(fp_rounds[0], FP_ROUNDS);
    CHECK_EQ(fp_rounds[1], FP_ROUNDS);
    CHECK_MSG(fp_bad[0] == 0 && fp_bad[1] == 0,
              "FP state lost: %lu/%lu bad words (first: round %lu reg %lu / round %lu reg %lu)",
              (unsigned long)fp_bad[0], (unsigned long)fp_bad[1],
              (unsigned long)(fp_first_bad[0] >> 8), (unsigned long)(fp_first_bad[0] & 0xff),
              (unsigned long)(fp_first_bad[1] >> 8), (unsigned long)(fp_first_bad[1] & 0xff));
}

/* Two equal-priority threads alternating with Yield keep their own FP registers. */
KTEST(fpu_independent_yield)
{
    run_fp_pair(true);
}

/* The same when the timer preempts them in the middle of their work. */
KTEST(fpu_independent_preempted)
{
    run_fp_pair(false);
}

static uint64_t fresh_fp[FP_WORDS];

static void fp_dirty_then_wait(seL4_Word ntfn, seL4_Word unused1, seL4_Word unused2)
{
    (void)unused1;
    (void)unused2;
    uint64_t want[FP_WORDS], got[FP_WORDS];
    fp_pattern(want, 7, 3);
    fp_load(want);
    seL4_Wait(ntfn, NULL);
    fp_store(got);
    fp_bad[0] = (uint64_t)memcmp(got, want, sizeof(got)) != 0;
}

static void fp_read_fresh(seL4_Word unused0, seL4_Word unused1, seL4_Word unused2)
{
    (void)unused0;
    (void)unused1;
    (void)unused2;
    fp_store(fresh_fp);
}

/* A new thread's FP registers read zero, not the previous owner's values. */
KTEST(fpu_fresh_thread_is_clean)
{
    seL4_CPtr ntfn = TRY(new_object(seL4_NotificationObject, 0));
    fp_bad[0] = 0;
    memset(fresh_fp, 0xa5, sizeof(fresh_fp));
    struct helper *a = TRY(helper_new(HELPER_DEFAULT_PRIO, 0));
    struct helper *b = TRY(helper_new(HELPER_DEFAULT_PRIO, 0));
    helper_start(a, fp_dirty_then_wait, ntfn, 0, 0);
    CHECK(!test_has_failed());
    CHECK(settle());
    helper_start(b, fp_read_fresh, 0, 0, 0);
    CHECK(!test_has_failed());
    CHECK(helper_join(b));
    for (int i = 0; i < FP_WORDS; i++)
        CHECK_MSG(fresh_fp[i] == 0, "FP word %d of a new thread: 0x%lx", i,
                  (unsigned long)fresh_fp[i]);
    seL4_Signal(ntfn);
    CHECK(helper_join(a));
    CHECK_EQ(fp_bad[0], 0);
}

/* ---- More reply-cap and notification corners ------------------------------------------------ */

/* Receiving again without replying discards the reply cap: the caller stays blocked, and
 * nothing can reply to it any more. */
KTEST(ipc_recv_discards_reply_cap)
{
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    seL4_CPtr ntfn = TRY(new_object(seL4_NotificationObject, 0));
    call_returned = 0;
    struct helper *h = TRY(helper_new(HELPER_DEFAULT_PRIO, 0));
    helper_start(h, call_and_mark, ep, 0, 0);
    CHECK(!test_has_failed());
    CHECK(guarded_recv(ep, NULL, NULL));
    /* A Wait on a notification keeps the reply cap ... */
    seL4_Signal(ntfn);
    CHECK(guarded_recv(ntfn, NULL, NULL));
    seL4_CPtr saved = TRY(alloc_slot());
    CHECK_OK(seL4_CNode_SaveCaller(ROOT, saved, ROOT_DEPTH));
    CHECK_EQ(seL4_DebugCapIdentify(saved), CAPTYPE_reply);
    /* ... put it back (a moved reply cap still works) and receive on an endpoint: gone. */
    seL4_CPtr saved2 = TRY(alloc_slot());
    CHECK_OK(seL4_CNode_Move(ROOT, saved2, ROOT_DEPTH, ROOT, saved, ROOT_DEPTH));
    CHECK_EQ(seL4_DebugCapIdentify(saved2), CAPTYPE_reply);
    seL4_Send(saved2, seL4_MessageInfo_new(0, 0, 0, 0));
    CHECK(helper_join(h));
    CHECK_EQ(call_returned, 1);

    struct helper *g = TRY(helper_new(HELPER_DEFAULT_PRIO, 0));
    call_returned = 0;
    helper_start(g, call_and_mark, ep, 0, 0);
    CHECK(!test_has_failed());
    CHECK(guarded_recv(ep, NULL, NULL));
    seL4_Word badge = 0x5555;
    seL4_NBRecv(ep, &badge); /* a receive on an endpoint, even a failed one */
    CHECK_EQ(badge, 0);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    CHECK(settle());
    CHECK_EQ(call_returned, 0);
    CHECK_OK(seL4_CNode_SaveCaller(ROOT, saved, ROOT_DEPTH));
    CHECK_EQ(seL4_DebugCapIdentify(saved), CAPTYPE_null);
}

/* Reply caps cannot be copied or minted; suspending the caller deletes a saved reply cap. */
KTEST(ipc_reply_cap_lifetime)
{
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    call_returned = 0;
    struct helper *h = TRY(helper_new(HELPER_DEFAULT_PRIO, 0));
    helper_start(h, call_and_mark, ep, 0, 0);
    CHECK(!test_has_failed());
    CHECK(guarded_recv(ep, NULL, NULL));
    seL4_CPtr saved = TRY(alloc_slot());
    CHECK_OK(seL4_CNode_SaveCaller(ROOT, saved, ROOT_DEPTH));
    seL4_CPtr copy = TRY(alloc_slot());
    CHECK_ERR(seL4_CNode_Copy(ROOT, copy, ROOT_DEPTH, ROOT, saved, ROOT_DEPTH, seL4_AllRights),
              seL4_IllegalOperation);
    CHECK_ERR(seL4_CNode_Mint(ROOT, copy, ROOT_DEPTH, ROOT, saved, ROOT_DEPTH, seL4_AllRights, 1),
              seL4_IllegalOperation);
    CHECK_EQ(seL4_DebugCapIdentify(copy), CAPTYPE_null);
    CHECK_OK(seL4_TCB_Suspend(h->tcb));
    CHECK_EQ(seL4_DebugCapIdentify(saved), CAPTYPE_null);
    CHECK_EQ(call_returned, 0);
}

static volatile seL4_Word granted_extra, granted_type_ok;

static void call_expect_cap(seL4_Word ep, seL4_Word slot, seL4_Word unused)
{
    (void)unused;
    seL4_SetCapReceivePath(ROOT, slot, ROOT_DEPTH);
    seL4_MessageInfo_t r = seL4_Call(ep, seL4_MessageInfo_new(0, 0, 0, 0));
    granted_extra = seL4_MessageInfo_get_extraCaps(r);
    seL4_SetCapReceivePath(0, 0, 0);
}

/* A reply carries a cap only if the endpoint cap the replier received on had Grant. */
KTEST(ipc_reply_grant)
{
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    seL4_CPtr ntfn = TRY(new_object(seL4_NotificationObject, 0));
    seL4_CPtr no_grant = TRY(alloc_slot());
    CHECK_OK(seL4_CNode_Mint(ROOT, no_grant, ROOT_DEPTH, ROOT, ep, ROOT_DEPTH, seL4_ReadWrite, 0));
    seL4_CPtr slots = TRY(alloc_slots(2));
    for (int grant = 0; grant < 2; grant++) {
        granted_extra = ~0ul;
        struct helper *h = TRY(helper_new(HELPER_DEFAULT_PRIO, 0));
        helper_start(h, call_expect_cap, ep, slots + (seL4_Word)grant, 0);
        CHECK(!test_has_failed());
        CHECK(guarded_recv(grant ? ep : no_grant, NULL, NULL));
        seL4_SetCap(0, ntfn);
        seL4_Reply(seL4_MessageInfo_new(0, 0, 1, 0));
        CHECK(helper_join(h));
        CHECK_EQ(granted_extra, (seL4_Word)grant);
        CHECK_EQ(seL4_DebugCapIdentify(slots + (seL4_Word)grant),
                 grant ? CAPTYPE_notification : CAPTYPE_null);
    }
}

static volatile seL4_Word sig_call_label, sig_after_badge;

static void bound_call_then_recv(seL4_Word ep, seL4_Word ep2, seL4_Word unused)
{
    (void)unused;
    seL4_MessageInfo_t r = seL4_Call(ep, seL4_MessageInfo_new(0, 0, 0, 0));
    sig_call_label = seL4_MessageInfo_get_label(r);
    seL4_Word b = 0;
    seL4_Recv(ep2, &b);
    sig_after_badge = b;
}

/* A signal to the bound notification of a thread waiting for its Call's reply does not
 * interrupt the Call: it stays pending until the thread's next receive. */
KTEST(ipc_signal_does_not_interrupt_call)
{
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    seL4_CPtr ep2 = TRY(new_object(seL4_EndpointObject, 0));
    seL4_CPtr ntfn = TRY(new_object(seL4_NotificationObject, 0));
    seL4_CPtr bn = TRY(mint_badged(ntfn, 0x8));
    sig_call_label = sig_after_badge = ~0ul;
    struct helper *h = TRY(helper_new(HELPER_DEFAULT_PRIO, 0));
    CHECK_OK(seL4_TCB_BindNotification(h->tcb, ntfn));
    helper_start(h, bound_call_then_recv, ep, ep2, 0);
    CHECK(!test_has_failed());
    CHECK(guarded_recv(ep, NULL, NULL));
    seL4_Signal(bn);
    CHECK(settle());
    CHECK_EQ(sig_call_label, ~0ul);
    seL4_Reply(seL4_MessageInfo_new(0x31, 0, 0, 0));
    CHECK(helper_join(h));
    CHECK_EQ(sig_call_label, 0x31);
    CHECK_EQ(sig_after_badge, 0x8);
}

static volatile seL4_Word waiter_badges[2];

static void wait_record(seL4_Word ntfn, seL4_Word index, seL4_Word unused)
{
    (void)unused;
    seL4_Word b = 0;
    seL4_Wait(ntfn, &b);
    waiter_badges[index] = b;
}

/* Waiters queue in order; each signal wakes the first one with just that signal's badge. */
KTEST(ntfn_waiters_fifo)
{
    seL4_CPtr ntfn = TRY(new_object(seL4_NotificationObject, 0));
    seL4_CPtr b1 = TRY(mint_badged(ntfn, 0x1));
    seL4_CPtr b2 = TRY(mint_badged(ntfn, 0x2));
    waiter_badges[0] = waiter_badges[1] = 0;
    struct helper *w0 = TRY(helper_new(HELPER_DEFAULT_PRIO + 1, 0));
    struct helper *w1 = TRY(helper_new(HELPER_DEFAULT_PRIO, 0));
    helper_start(w0, wait_record, ntfn, 0, 0);
    helper_start(w1, wait_record, ntfn, 1, 0);
    CHECK(!test_has_failed());
    CHECK(settle());
    seL4_Signal(b2);
    CHECK(helper_join(w0));
    CHECK_EQ(waiter_badges[0], 0x2);
    CHECK(!w1->finished);
    seL4_Signal(b1);
    CHECK(helper_join(w1));
    CHECK_EQ(waiter_badges[1], 0x1);
}

/* Deleting a notification restarts its waiters (whose Wait then faults on the empty slot)
 * and unbinds it; deleting a bound TCB unbinds its notification. */
KTEST(ntfn_delete_restarts_and_unbinds)
{
    seL4_CPtr ntfn = TRY(new_object(seL4_NotificationObject, 0));
    seL4_CPtr fep = TRY(new_object(seL4_EndpointObject, 0));
    seL4_CPtr fault_ep = TRY(mint_badged(fep, FAULT_BADGE));
    struct helper *h = TRY(helper_new(HELPER_DEFAULT_PRIO, fault_ep));
    helper_start_raw(h, (seL4_Word)stub_recv, ntfn, 0, 0);
    CHECK(!test_has_failed());
    CHECK(settle());
    seL4_CPtr bound = TRY(new_object(seL4_TCBObject, 0));
    seL4_CPtr other = TRY(new_object(seL4_NotificationObject, 0));
    CHECK_OK(seL4_TCB_BindNotification(bound, other));
    seL4_CantripDebugInvariants(1);
    seL4_Error e1 = seL4_CNode_Delete(ROOT, ntfn, ROOT_DEPTH);
    seL4_CantripDebugInvariants(0);
    CHECK_OK(e1);
    seL4_MessageInfo_t info;
    seL4_Word badge = 0;
    CHECK(guarded_recv(fep, &info, &badge));
    CHECK_EQ(badge, FAULT_BADGE);
    CHECK_EQ(seL4_MessageInfo_get_label(info), seL4_Fault_CapFault);
    CHECK_EQ(seL4_GetMR(seL4_CapFault_Addr), ntfn);
    CHECK_EQ(seL4_GetMR(seL4_CapFault_InRecvPhase), 1);
    /* Deleting the bound notification leaves the TCB free to bind another. */
    CHECK_OK(seL4_CNode_Delete(ROOT, other, ROOT_DEPTH));
    seL4_CPtr third = TRY(new_object(seL4_NotificationObject, 0));
    CHECK_OK(seL4_TCB_BindNotification(bound, third));
    /* Deleting the bound TCB leaves the notification free to be bound again. */
    CHECK_OK(seL4_CNode_Delete(ROOT, bound, ROOT_DEPTH));
    seL4_CPtr fresh = TRY(new_object(seL4_TCBObject, 0));
    CHECK_OK(seL4_TCB_BindNotification(fresh, third));
}
