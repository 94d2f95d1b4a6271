/* CNode methods beyond the basics of t03: Mint (rights, badges, CNode guards), Mutate,
 * Rotate, Revoke (untypeds and badged endpoints), SaveCaller, CancelBadgedSends, and
 * lookup failures with their detail words in a guarded two-level CSpace. */
#include "framework.h"
#include "stubs.h"

#define ROOT seL4_CapInitThreadCNode
#define VSPACE seL4_CapInitThreadVSpace

/* The type of the cap at (cnode, index, depth), found by moving it into `scratch` (an
 * empty root slot), identifying it and moving it back; CAPTYPE_null if the slot is empty
 * or cannot be reached. */
static unsigned type_at(seL4_CPtr scratch, seL4_CPtr cnode, seL4_Word index, seL4_Word depth)
{
    if (seL4_CNode_Move(ROOT, scratch, ROOT_DEPTH, cnode, index, depth) != seL4_NoError)
        return CAPTYPE_null;
    unsigned t = seL4_DebugCapIdentify(scratch);
    if (seL4_CNode_Move(cnode, index, depth, ROOT, scratch, ROOT_DEPTH) != seL4_NoError)
        return 0xbad;
    return t;
}

/* Checks the words of a FailedLookup error reply (after a libsel4 stub returned it). */
#define CHECK_LOOKUP(source, type)                                                                 \
    do {                                                                                           \
        CHECK_EQ(seL4_GetMR(0), (source));                                                         \
        CHECK_EQ(seL4_GetMR(1), (type));                                                           \
    } while (0)

/* ---- Mint --------------------------------------------------------------------------------- */

/* Rights only shrink: a cap minted without Write cannot send, and minting it again with all
 * rights does not bring Write back. */
KTEST(cnode_mint_rights)
{
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    seL4_CPtr ro = TRY(alloc_slot());
    CHECK_OK(seL4_CNode_Mint(ROOT, ro, ROOT_DEPTH, ROOT, ep, ROOT_DEPTH, seL4_CanRead, 0));
    seL4_MessageInfo_t r = seL4_Call(ro, seL4_MessageInfo_new(0, 0, 0, 0));
    CHECK_REPLY(r, seL4_InvalidCapability, 1);
    CHECK_EQ(seL4_GetMR(0), 0);
    seL4_CPtr again = TRY(alloc_slot());
    CHECK_OK(seL4_CNode_Mint(ROOT, again, ROOT_DEPTH, ROOT, ro, ROOT_DEPTH, seL4_AllRights, 0));
    r = seL4_Call(again, seL4_MessageInfo_new(0, 0, 0, 0));
    CHECK_REPLY(r, seL4_InvalidCapability, 1);
    /* A read-only cap still receives: a non-blocking receive on it returns. */
    seL4_Word badge = 0x5555;
    seL4_NBRecv(again, &badge);
    CHECK_EQ(badge, 0);
    /* A notification without Write cannot be signalled. */
    seL4_CPtr ntfn = TRY(new_object(seL4_NotificationObject, 0));
    seL4_CPtr ntfn_ro = TRY(alloc_slot());
    CHECK_OK(seL4_CNode_Copy(ROOT, ntfn_ro, ROOT_DEPTH, ROOT, ntfn, ROOT_DEPTH, seL4_CanRead));
    r = seL4_Call(ntfn_ro, seL4_MessageInfo_new(0, 0, 0, 0));
    CHECK_REPLY(r, seL4_InvalidCapability, 1);
    seL4_Poll(ntfn, &badge);
    CHECK_EQ(badge, 0);
}

/* Badges: an unbadged cap can be minted with any badge (0 gives another unbadged cap); a
 * badged one cannot get any other data; caps without badges ignore the data word. */
KTEST(cnode_mint_badges)
{
    seL4_CPtr ntfn = TRY(new_object(seL4_NotificationObject, 0));
    seL4_CPtr zero = TRY(alloc_slot());
    CHECK_OK(seL4_CNode_Mint(ROOT, zero, ROOT_DEPTH, ROOT, ntfn, ROOT_DEPTH, seL4_AllRights, 0));
    seL4_CPtr b5 = TRY(mint_badged(zero, 5));
    seL4_CPtr dst = TRY(alloc_slot());
    CHECK_ERR(seL4_CNode_Mint(ROOT, dst, ROOT_DEPTH, ROOT, b5, ROOT_DEPTH, seL4_AllRights, 5),
              seL4_IllegalOperation);
    CHECK_ERR(seL4_CNode_Mint(ROOT, dst, ROOT_DEPTH, ROOT, b5, ROOT_DEPTH, seL4_AllRights, 0),
              seL4_IllegalOperation);
    CHECK_EQ(seL4_DebugCapIdentify(dst), CAPTYPE_null);
    /* A copy keeps the badge. */
    CHECK_OK(seL4_CNode_Copy(ROOT, dst, ROOT_DEPTH, ROOT, b5, ROOT_DEPTH, seL4_AllRights));
    seL4_Word badge = 0;
    seL4_Signal(zero);
    seL4_Poll(ntfn, &badge);
    CHECK_EQ(badge, 0); /* the unbadged copy signals with 0 */
    seL4_Signal(dst);
    seL4_Poll(ntfn, &badge);
    CHECK_EQ(badge, 5);
    /* A full 64-bit badge. */
    seL4_CPtr big = TRY(mint_badged(ntfn, 0x8000000000000001ul));
    seL4_Signal(big);
    seL4_Poll(ntfn, &badge);
    CHECK_EQ(badge, 0x8000000000000001ul);
    /* A TCB cap ignores the data word. */
    seL4_CPtr tcb = TRY(new_object(seL4_TCBObject, 0));
    seL4_CPtr tcb2 = TRY(alloc_slot());
    CHECK_OK(seL4_CNode_Mint(ROOT, tcb2, ROOT_DEPTH, ROOT, tcb, ROOT_DEPTH, seL4_AllRights, 0x99));
    CHECK_EQ(seL4_DebugCapIdentify(tcb2), CAPTYPE_thread);
    CHECK_OK(seL4_TCB_SetPriority(tcb2, seL4_CapInitThreadTCB, 7));
    /* Mint needs six words. */
    seL4_Word mr[6] = {dst, 64, ntfn, 64, 0xf, 3};
    seL4_CPtr root = ROOT;
    CHECK_OK(seL4_CNode_Delete(ROOT, dst, ROOT_DEPTH));
    CHECK_REPLY(invoke_raw(ROOT, CNodeMint, 5, mr, 1, &root), seL4_TruncatedMessage, 0);
    CHECK_EQ(seL4_DebugCapIdentify(dst), CAPTYPE_null);
}

/* Guard data on a CNode cap: lookups through the minted cap must match the guard. */
KTEST(cnode_mint_cnode_guard)
{
    seL4_CPtr cnode = TRY(new_object(seL4_CapTableObject, 4));
    seL4_CPtr guarded = TRY(alloc_slot());
    /* Guard 0x35 is cut to the 4 guard bits: 0x5. */
    CHECK_OK(seL4_CNode_Mint(ROOT, guarded, ROOT_DEPTH, ROOT, cnode, ROOT_DEPTH, seL4_AllRights,
                             seL4_CNode_CapData_new(0x35, 4).words[0]));
    CHECK_EQ(seL4_DebugCapIdentify(guarded), CAPTYPE_cnode);
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    CHECK_OK(seL4_CNode_Copy(guarded, (0x5 << 4) | 3, 8, ROOT, ep, ROOT_DEPTH, seL4_AllRights));
    seL4_CPtr scratch = TRY(alloc_slot());
    CHECK_EQ(type_at(scratch, cnode, 3, 4), CAPTYPE_endpoint);
    /* A different guard: GuardMismatch(bitsLeft 8, guard found 5, guard size 4). */
    CHECK_ERR(seL4_CNode_Delete(guarded, (0x6 << 4) | 3, 8), seL4_FailedLookup);
    CHECK_LOOKUP(0, seL4_GuardMismatch);
    CHECK_EQ(seL4_GetMR(2), 8);
    CHECK_EQ(seL4_GetMR(3), 5);
    CHECK_EQ(seL4_GetMR(4), 4);
    /* guard size + radix may not exceed 64. */
    seL4_CPtr dst = TRY(alloc_slot());
    CHECK_ERR(seL4_CNode_Mint(ROOT, dst, ROOT_DEPTH, ROOT, cnode, ROOT_DEPTH, seL4_AllRights,
                              seL4_CNode_CapData_new(0, 61).words[0]),
              seL4_IllegalOperation);
    CHECK_EQ(seL4_DebugCapIdentify(dst), CAPTYPE_null);
    CHECK_OK(seL4_CNode_Mint(ROOT, dst, ROOT_DEPTH, ROOT, cnode, ROOT_DEPTH, seL4_AllRights,
                             seL4_CNode_CapData_new(0, 60).words[0]));
    /* With a 60-bit zero guard the CNode fills a whole 64-bit cptr. */
    CHECK_OK(seL4_CNode_Delete(dst, 3, 64));
    CHECK_EQ(type_at(scratch, cnode, 3, 4), CAPTYPE_null);
}

/* ---- Mutate --------------------------------------------------------------------------------- */

KTEST(cnode_mutate)
{
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    seL4_CPtr tcb = TRY(new_object(seL4_TCBObject, 0));
    seL4_CPtr cnode = TRY(new_object(seL4_CapTableObject, 2));
    seL4_CPtr dst = TRY(alloc_slot());
    /* Endpoint caps cannot be mutated, whatever the data. */
    CHECK_ERR(seL4_CNode_Mutate(ROOT, dst, ROOT_DEPTH, ROOT, ep, ROOT_DEPTH, 0),
              seL4_IllegalOperation);
    CHECK_ERR(seL4_CNode_Mutate(ROOT, dst, ROOT_DEPTH, ROOT, ep, ROOT_DEPTH, 7),
              seL4_IllegalOperation);
    CHECK_EQ(seL4_DebugCapIdentify(ep), CAPTYPE_endpoint);
    CHECK_EQ(seL4_DebugCapIdentify(dst), CAPTYPE_null);
    /* A TCB cap moves (data ignored). */
    CHECK_OK(seL4_CNode_Mutate(ROOT, dst, ROOT_DEPTH, ROOT, tcb, ROOT_DEPTH, 0x1234));
    CHECK_EQ(seL4_DebugCapIdentify(tcb), CAPTYPE_null);
    CHECK_EQ(seL4_DebugCapIdentify(dst), CAPTYPE_thread);
    /* Occupied destination; empty source. */
    CHECK_ERR(seL4_CNode_Mutate(ROOT, dst, ROOT_DEPTH, ROOT, cnode, ROOT_DEPTH, 0),
              seL4_DeleteFirst);
    CHECK_ERR(seL4_CNode_Mutate(ROOT, ep, ROOT_DEPTH, ROOT, tcb, ROOT_DEPTH, 0), seL4_DeleteFirst);
    seL4_CPtr dst2 = TRY(alloc_slot());
    CHECK_ERR(seL4_CNode_Mutate(ROOT, dst2, ROOT_DEPTH, ROOT, tcb, ROOT_DEPTH, 0),
              seL4_FailedLookup);
    CHECK_LOOKUP(1, seL4_MissingCapability);
    CHECK_EQ(seL4_GetMR(2), 64);
    /* A CNode cap moves with its new guard: with 62 guard bits it fills a cptr. */
    CHECK_OK(seL4_CNode_Mutate(ROOT, dst2, ROOT_DEPTH, ROOT, cnode, ROOT_DEPTH,
                               seL4_CNode_CapData_new(0, 62).words[0]));
    CHECK_EQ(seL4_DebugCapIdentify(cnode), CAPTYPE_null);
    CHECK_OK(seL4_CNode_Copy(dst2, 1, 64, ROOT, ep, ROOT_DEPTH, seL4_AllRights));
    CHECK_ERR(seL4_CNode_Copy(dst2, 1, 64, ROOT, ep, ROOT_DEPTH, seL4_AllRights), seL4_DeleteFirst);
    /* Mutate needs five words. */
    seL4_Word mr[5] = {cnode, 64, dst, 64, 0};
    seL4_CPtr root = ROOT;
    CHECK_REPLY(invoke_raw(ROOT, CNodeMutate, 4, mr, 1, &root), seL4_TruncatedMessage, 0);
    CHECK_EQ(seL4_DebugCapIdentify(dst), CAPTYPE_thread);
}

/* ---- Rotate --------------------------------------------------------------------------------- */

KTEST(cnode_rotate_errors)
{
    seL4_CPtr a = TRY(new_object(seL4_TCBObject, 0));
    seL4_CPtr b = TRY(new_object(seL4_RISCV_4K_Page, 0));
    seL4_CPtr c = TRY(new_object(seL4_NotificationObject, 0));
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    seL4_CPtr e1 = TRY(alloc_slot());
    seL4_CPtr e2 = TRY(alloc_slot());
    /* pivot == src */
    CHECK_ERR(seL4_CNode_Rotate(ROOT, e1, 64, 0, ROOT, a, 64, 0, ROOT, a, 64),
              seL4_IllegalOperation);
    /* pivot == dest */
    CHECK_ERR(seL4_CNode_Rotate(ROOT, b, 64, 0, ROOT, b, 64, 0, ROOT, a, 64),
              seL4_IllegalOperation);
    /* dest occupied (and not the source) */
    CHECK_ERR(seL4_CNode_Rotate(ROOT, c, 64, 0, ROOT, b, 64, 0, ROOT, a, 64), seL4_DeleteFirst);
    /* empty source: a source lookup; empty pivot: not one */
    CHECK_ERR(seL4_CNode_Rotate(ROOT, e1, 64, 0, ROOT, b, 64, 0, ROOT, e2, 64), seL4_FailedLookup);
    CHECK_LOOKUP(1, seL4_MissingCapability);
    CHECK_EQ(seL4_GetMR(2), 64);
    CHECK_ERR(seL4_CNode_Rotate(ROOT, e1, 64, 0, ROOT, e2, 64, 0, ROOT, a, 64), seL4_FailedLookup);
    CHECK_LOOKUP(0, seL4_MissingCapability);
    CHECK_EQ(seL4_GetMR(2), 64);
    /* Rotating moves caps with new data, which an endpoint cap does not survive. */
    CHECK_ERR(seL4_CNode_Rotate(ROOT, e1, 64, 0, ROOT, ep, 64, 0, ROOT, a, 64),
              seL4_IllegalOperation);
    CHECK_ERR(seL4_CNode_Rotate(ROOT, e1, 64, 0, ROOT, a, 64, 0, ROOT, ep, 64),
              seL4_IllegalOperation);
    /* Eight words and two caps. */
    seL4_Word mr[8] = {e1, 64, 0, b, 64, 0, a, 64};
    seL4_CPtr roots[2] = {ROOT, ROOT};
    CHECK_REPLY(invoke_raw(ROOT, CNodeRotate, 7, mr, 2, roots), seL4_TruncatedMessage, 0);
    CHECK_REPLY(invoke_raw(ROOT, CNodeRotate, 8, mr, 1, roots), seL4_TruncatedMessage, 0);
    /* Nothing moved. */
    CHECK_EQ(seL4_DebugCapIdentify(a), CAPTYPE_thread);
    CHECK_EQ(seL4_DebugCapIdentify(b), CAPTYPE_frame);
    CHECK_EQ(seL4_DebugCapIdentify(c), CAPTYPE_notification);
    CHECK_EQ(seL4_DebugCapIdentify(ep), CAPTYPE_endpoint);
    CHECK_EQ(seL4_DebugCapIdentify(e1), CAPTYPE_null);
    CHECK_EQ(seL4_DebugCapIdentify(e2), CAPTYPE_null);
}

KTEST(cnode_rotate_moves)
{
    seL4_CPtr a = TRY(new_object(seL4_TCBObject, 0));
    seL4_CPtr b = TRY(new_object(seL4_RISCV_4K_Page, 0));
    seL4_CPtr d = TRY(alloc_slot());
    /* Three slots: pivot -> dest, src -> pivot. */
    CHECK_OK(seL4_CNode_Rotate(ROOT, d, 64, 0, ROOT, b, 64, 0, ROOT, a, 64));
    CHECK_EQ(seL4_DebugCapIdentify(d), CAPTYPE_frame);
    CHECK_EQ(seL4_DebugCapIdentify(b), CAPTYPE_thread);
    CHECK_EQ(seL4_DebugCapIdentify(a), CAPTYPE_null);
    /* The caps still work where they landed. */
    CHECK_OK(seL4_TCB_SetPriority(b, seL4_CapInitThreadTCB, 3));
    seL4_RISCV_Page_GetAddress_t pa = seL4_RISCV_Page_GetAddress(d);
    CHECK_OK(pa.error);
    /* dest == src swaps. */
    CHECK_OK(seL4_CNode_Rotate(ROOT, d, 64, 0, ROOT, b, 64, 0, ROOT, d, 64));
    CHECK_EQ(seL4_DebugCapIdentify(d), CAPTYPE_thread);
    CHECK_EQ(seL4_DebugCapIdentify(b), CAPTYPE_frame);
    /* A CNode cap rotated with new guard data gets that guard. */
    seL4_CPtr cnode = TRY(new_object(seL4_CapTableObject, 2));
    seL4_CPtr e = TRY(alloc_slot());
    CHECK_OK(seL4_CNode_Rotate(ROOT, e, 64, seL4_CNode_CapData_new(0, 62).words[0], ROOT, cnode, 64,
                               0, ROOT, d, 64));
    CHECK_EQ(seL4_DebugCapIdentify(e), CAPTYPE_cnode);
    CHECK_EQ(seL4_DebugCapIdentify(cnode), CAPTYPE_thread);
    CHECK_OK(seL4_CNode_Copy(e, 2, 64, ROOT, b, ROOT_DEPTH, seL4_AllRights));
    CHECK_ERR(seL4_CNode_Copy(e, 2, 64, ROOT, b, ROOT_DEPTH, seL4_AllRights), seL4_DeleteFirst);
}

/* ---- Revoke --------------------------------------------------------------------------------- */

#define FAULT_BADGE 0xfa17ul

/* Revoking an untyped destroys everything made from it: a started TCB, an endpoint with a
 * receiver blocked on it (restarted: its Recv then finds an empty slot), a CNode holding
 * copies, a mapped frame.  Afterwards the whole untyped can be retyped again. */
KTEST(cnode_revoke_untyped_destroys_children)
{
    seL4_CPtr ut = TRY(new_object(seL4_UntypedObject, 16));
    seL4_CPtr tcb = TRY(new_object_from(ut, seL4_TCBObject, 0));
    seL4_CPtr ep = TRY(new_object_from(ut, seL4_EndpointObject, 0));
    seL4_CPtr ntfn = TRY(new_object_from(ut, seL4_NotificationObject, 0));
    seL4_CPtr cnode = TRY(new_object_from(ut, seL4_CapTableObject, 3));
    seL4_CPtr frame = TRY(new_object_from(ut, seL4_RISCV_4K_Page, 0));
    CHECK_OK(seL4_CNode_Copy(cnode, 0, 3, ROOT, ep, ROOT_DEPTH, seL4_AllRights));
    CHECK_OK(seL4_CNode_Copy(cnode, 1, 3, ROOT, tcb, ROOT_DEPTH, seL4_AllRights));
    CHECK_OK(seL4_CNode_Copy(cnode, 2, 3, ROOT, frame, ROOT_DEPTH, seL4_AllRights));
    CHECK_OK(seL4_CNode_Copy(cnode, 3, 3, ROOT, cnode, ROOT_DEPTH, seL4_AllRights));
    seL4_Word va = alloc_vaddr_4k(1);
    CHECK_OK(map_frame(frame, VSPACE, va, seL4_ReadWrite, seL4_RISCV_Default_VMAttributes));
    *(volatile seL4_Word *)va = 1;

    /* The TCB runs a yield loop at a priority below the root's (ready, not running). */
    CHECK_OK(seL4_TCB_Configure(tcb, 0, ROOT, 0, VSPACE, 0, 0, seL4_CapNull));
    CHECK_OK(seL4_TCB_SetPriority(tcb, seL4_CapInitThreadTCB, 200));
    seL4_UserContext regs = {0};
    regs.pc = (seL4_Word)stub_yield_loop;
    CHECK_OK(seL4_TCB_WriteRegisters(tcb, seL4_True, 0, 1, &regs));
    CHECK_OK(seL4_TCB_BindNotification(tcb, ntfn));

    /* A helper (not from `ut`) blocked receiving on the endpoint. */
    seL4_CPtr fep = TRY(new_object(seL4_EndpointObject, 0));
    seL4_CPtr fault_ep = TRY(mint_badged(fep, FAULT_BADGE));
    struct helper *h = TRY(helper_new(HELPER_DEFAULT_PRIO, fault_ep));
    helper_start_raw(h, (seL4_Word)stub_recv, ep, 0, 0);
    CHECK(!test_has_failed());
    /* Let the TCB and the helper run until the helper blocks (the TCB yields to it). */
    CHECK_OK(seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 200));
    for (int i = 0; i < 10; i++)
        seL4_Yield();
    CHECK_OK(seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, seL4_MaxPrio));

    CHECK_OK(seL4_CNode_Revoke(ROOT, ut, ROOT_DEPTH));
    CHECK_EQ(seL4_DebugCapIdentify(ut), CAPTYPE_untyped);
    CHECK_EQ(seL4_DebugCapIdentify(tcb), CAPTYPE_null);
    CHECK_EQ(seL4_DebugCapIdentify(ep), CAPTYPE_null);
    CHECK_EQ(seL4_DebugCapIdentify(ntfn), CAPTYPE_null);
    CHECK_EQ(seL4_DebugCapIdentify(cnode), CAPTYPE_null);
    CHECK_EQ(seL4_DebugCapIdentify(frame), CAPTYPE_null);

    /* The receiver was restarted and its Recv now fails: a receive-phase cap fault. */
    seL4_MessageInfo_t info;
    seL4_Word badge = 0;
    CHECK(guarded_recv(fep, &info, &badge));
    CHECK_EQ(badge, FAULT_BADGE);
    CHECK_EQ(seL4_MessageInfo_get_label(info), seL4_Fault_CapFault);
    CHECK_EQ(seL4_GetMR(seL4_CapFault_IP), (seL4_Word)stub_recv_ecall);
    CHECK_EQ(seL4_GetMR(seL4_CapFault_Addr), ep);
    CHECK_EQ(seL4_GetMR(seL4_CapFault_InRecvPhase), 1);
    CHECK_EQ(seL4_GetMR(seL4_CapFault_LookupFailureType), seL4_MissingCapability);

    /* The memory is whole again. */
    seL4_CPtr whole = TRY(new_object_from(ut, seL4_UntypedObject, 16));
    CHECK_EQ(seL4_DebugCapIdentify(whole), CAPTYPE_untyped);
}

/* Revoking a badged endpoint cap deletes its copies only; revoking the unbadged original
 * deletes every badged cap and every copy. */
KTEST(cnode_revoke_badged_endpoint)
{
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    seL4_CPtr copy = TRY(alloc_slot());
    CHECK_OK(seL4_CNode_Copy(ROOT, copy, ROOT_DEPTH, ROOT, ep, ROOT_DEPTH, seL4_AllRights));
    seL4_CPtr b1 = TRY(mint_badged(ep, 1));
    seL4_CPtr b1a = TRY(alloc_slot());
    seL4_CPtr b1b = TRY(alloc_slot());
    CHECK_OK(seL4_CNode_Copy(ROOT, b1a, ROOT_DEPTH, ROOT, b1, ROOT_DEPTH, seL4_AllRights));
    CHECK_OK(seL4_CNode_Copy(ROOT, b1b, ROOT_DEPTH, ROOT, b1a, ROOT_DEPTH, seL4_AllRights));
    seL4_CPtr b2 = TRY(mint_badged(ep, 2));
    seL4_CPtr b2a = TRY(alloc_slot());
    CHECK_OK(seL4_CNode_Copy(ROOT, b2a, ROOT_DEPTH, ROOT, b2, ROOT_DEPTH, seL4_AllRights));

    CHECK_OK(seL4_CNode_Revoke(ROOT, b1, ROOT_DEPTH));
    CHECK_EQ(seL4_DebugCapIdentify(b1), CAPTYPE_endpoint);
    CHECK_EQ(seL4_DebugCapIdentify(b1a), CAPTYPE_null);
    CHECK_EQ(seL4_DebugCapIdentify(b1b), CAPTYPE_null);
    CHECK_EQ(seL4_DebugCapIdentify(b2), CAPTYPE_endpoint);
    CHECK_EQ(seL4_DebugCapIdentify(b2a), CAPTYPE_endpoint);
    CHECK_EQ(seL4_DebugCapIdentify(copy), CAPTYPE_endpoint);

    CHECK_OK(seL4_CNode_Revoke(ROOT, ep, ROOT_DEPTH));
    CHECK_EQ(seL4_DebugCapIdentify(ep), CAPTYPE_endpoint);
    CHECK_EQ(seL4_DebugCapIdentify(copy), CAPTYPE_null);
    CHECK_EQ(seL4_DebugCapIdentify(b1), CAPTYPE_null);
    CHECK_EQ(seL4_DebugCapIdentify(b2), CAPTYPE_null);
    CHECK_EQ(seL4_DebugCapIdentify(b2a), CAPTYPE_null);
    /* The endpoint itself still works. */
    seL4_Word badge = 0x5555;
    seL4_NBRecv(ep, &badge);
    CHECK_EQ(badge, 0);
}

/* Revoke with nothing to revoke succeeds and keeps the cap, on an empty slot too; the depth
 * is range checked. */
KTEST(cnode_revoke_trivial)
{
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    seL4_CPtr empty = TRY(alloc_slot());
    CHECK_OK(seL4_CNode_Revoke(ROOT, ep, ROOT_DEPTH));
    CHECK_EQ(seL4_DebugCapIdentify(ep), CAPTYPE_endpoint);
    CHECK_OK(seL4_CNode_Revoke(ROOT, empty, ROOT_DEPTH));
    seL4_Word mr[2] = {ep, 0};
    seL4_MessageInfo_t r = invoke_raw(ROOT, CNodeRevoke, 2, mr, 0, NULL);
    CHECK_REPLY(r, seL4_RangeError, 2);
    CHECK_EQ(seL4_GetMR(0), 1);
    CHECK_EQ(seL4_GetMR(1), 64);
    mr[1] = 65;
    r = invoke_raw(ROOT, CNodeRevoke, 2, mr, 0, NULL);
    CHECK_REPLY(r, seL4_RangeError, 2);
    CHECK_REPLY(invoke_raw(ROOT, CNodeRevoke, 1, mr, 0, NULL), seL4_TruncatedMessage, 0);
}

/* ---- SaveCaller --------------------------------------------------------------------------- */

static volatile seL4_Word reply_label, reply_mr0;

static void call_once(seL4_Word ep, seL4_Word unused1, seL4_Word unused2)
{
    (void)unused1;
    (void)unused2;
    seL4_SetMR(0, 41);
    seL4_MessageInfo_t r = seL4_Call(ep, seL4_MessageInfo_new(0x33, 0, 0, 1));
    reply_label = seL4_MessageInfo_get_label(r);
    reply_mr0 = seL4_GetMR(0);
}

/* SaveCaller moves the reply cap into a slot; a Send on it replies (once), and plain Reply
 * finds nothing to reply to. */
KTEST(cnode_save_caller)
{
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    seL4_CPtr occupied = TRY(new_object(seL4_NotificationObject, 0));
    seL4_CPtr saved = TRY(alloc_slot());
    /* No caller yet: succeeds and leaves the slot empty. */
    CHECK_OK(seL4_CNode_SaveCaller(ROOT, saved, ROOT_DEPTH));
    CHECK_EQ(seL4_DebugCapIdentify(saved), CAPTYPE_null);

    reply_label = reply_mr0 = ~0ul;
    struct helper *h = TRY(helper_new(HELPER_DEFAULT_PRIO, 0));
    helper_start(h, call_once, ep, 0, 0);
    CHECK(!test_has_failed());
    seL4_MessageInfo_t info;
    CHECK(guarded_recv(ep, &info, NULL));
    CHECK_EQ(seL4_MessageInfo_get_label(info), 0x33);
    CHECK_ERR(seL4_CNode_SaveCaller(ROOT, occupied, ROOT_DEPTH), seL4_DeleteFirst);
    CHECK_OK(seL4_CNode_SaveCaller(ROOT, saved, ROOT_DEPTH));
    CHECK_EQ(seL4_DebugCapIdentify(saved), CAPTYPE_reply);
    /* The caller slot is empty now: Reply does nothing. */
    seL4_SetMR(0, 1);
    seL4_Reply(seL4_MessageInfo_new(0x11, 0, 0, 1));
    CHECK(settle());
    CHECK(!h->finished);
    /* Sending on the saved cap replies. */
    seL4_SetMR(0, 99);
    seL4_Send(saved, seL4_MessageInfo_new(0x44, 0, 0, 1));
    CHECK(helper_join(h));
    CHECK_EQ(reply_label, 0x44);
    CHECK_EQ(reply_mr0, 99);
    /* One use only. */
    CHECK_EQ(seL4_DebugCapIdentify(saved), CAPTYPE_null);
    seL4_MessageInfo_t r = seL4_Call(saved, seL4_MessageInfo_new(0, 0, 0, 0));
    CHECK_REPLY(r, seL4_InvalidCapability, 1);
}

/* ---- CancelBadgedSends -------------------------------------------------------------------- */

static volatile seL4_Word cbs_call_label;

static void send_value(seL4_Word ep, seL4_Word value, seL4_Word use_call)
{
    seL4_SetMR(0, value);
    if (use_call) {
        seL4_MessageInfo_t r = seL4_Call(ep, seL4_MessageInfo_new(0, 0, 0, 1));
        cbs_call_label = seL4_MessageInfo_get_label(r);
    } else {
        seL4_Send(ep, seL4_MessageInfo_new(0, 0, 0, 1));
    }
}

/* Receive one message and check its badge and MR0. */
#define RECV_FROM(ep, badge_, mr0_)                                                                \
    do {                                                                                           \
        seL4_Word rf_badge = 0;                                                                    \
        CHECK(guarded_recv((ep), NULL, &rf_badge));                                                \
        CHECK_EQ(rf_badge, (badge_));                                                              \
        CHECK_EQ(seL4_GetMR(0), (mr0_));                                                           \
    } while (0)

/* The cancelled senders restart their Send, which queues them again behind the sender with
 * the other badge. */
KTEST(cnode_cancel_badged_sends_requeues)
{
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    seL4_CPtr a = TRY(mint_badged(ep, 0xa));
    seL4_CPtr b = TRY(mint_badged(ep, 0xb));
    /* Priorities fix the queue order: a1, a2, b. */
    struct helper *a1 = TRY(helper_new(102, 0));
    struct helper *a2 = TRY(helper_new(101, 0));
    struct helper *hb = TRY(helper_new(100, 0));
    helper_start(a1, send_value, a, 1, 0);
    helper_start(a2, send_value, a, 2, 0);
    helper_start(hb, send_value, b, 3, 0);
    CHECK(!test_has_failed());
    CHECK(settle());
    CHECK_OK(seL4_CNode_CancelBadgedSends(ROOT, a, ROOT_DEPTH));
    RECV_FROM(ep, 0xb, 3);
    RECV_FROM(ep, 0xa, 1);
    RECV_FROM(ep, 0xa, 2);
    CHECK(helper_join(a1));
    CHECK(helper_join(a2));
    CHECK(helper_join(hb));
}

/* The usual pattern: revoke a badge's copies, then cancel its senders.  They re-execute
 * their Send/Call on the now empty slot and fail; the other badge's sender stays queued. */
KTEST(cnode_cancel_badged_sends_revoked)
{
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    seL4_CPtr a = TRY(mint_badged(ep, 0xa));
    seL4_CPtr b = TRY(mint_badged(ep, 0xb));
    seL4_CPtr ac = TRY(alloc_slots(2));
    CHECK_OK(seL4_CNode_Copy(ROOT, ac, ROOT_DEPTH, ROOT, a, ROOT_DEPTH, seL4_AllRights));
    CHECK_OK(seL4_CNode_Copy(ROOT, ac + 1, ROOT_DEPTH, ROOT, a, ROOT_DEPTH, seL4_AllRights));
    cbs_call_label = ~0ul;
    struct helper *a1 = TRY(helper_new(102, 0));
    struct helper *a2 = TRY(helper_new(101, 0));
    struct helper *hb = TRY(helper_new(100, 0));
    helper_start(a1, send_value, ac, 1, 0);
    helper_start(a2, send_value, ac + 1, 2, 1);
    helper_start(hb, send_value, b, 3, 0);
    CHECK(!test_has_failed());
    CHECK(settle());
    CHECK_OK(seL4_CNode_Revoke(ROOT, a, ROOT_DEPTH));
    CHECK_EQ(seL4_DebugCapIdentify(ac), CAPTYPE_null);
    CHECK(settle());
    CHECK(!a1->finished); /* revoking caps does not touch the queue */
    CHECK_OK(seL4_CNode_CancelBadgedSends(ROOT, a, ROOT_DEPTH));
    CHECK(helper_join(a1));
    CHECK(helper_join(a2));
    CHECK_EQ(cbs_call_label, seL4_InvalidCapability);
    CHECK(!hb->finished);
    RECV_FROM(ep, 0xb, 3);
    CHECK(helper_join(hb));
}

KTEST(cnode_cancel_badged_sends_errors)
{
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    seL4_CPtr ntfn = TRY(new_object(seL4_NotificationObject, 0));
    seL4_CPtr empty = TRY(alloc_slot());
    seL4_CPtr b = TRY(mint_badged(ep, 0xb));
    seL4_CPtr weak = TRY(alloc_slot());
    CHECK_OK(seL4_CNode_Mint(ROOT, weak, ROOT_DEPTH, ROOT, ep, ROOT_DEPTH, seL4_ReadWrite, 0xc));
    seL4_Word mr[2] = {weak, 64};
    /* All four rights are needed. */
    CHECK_REPLY(invoke_raw(ROOT, CNodeCancelBadgedSends, 2, mr, 0, NULL), seL4_IllegalOperation, 0);
    mr[0] = ntfn;
    CHECK_REPLY(invoke_raw(ROOT, CNodeCancelBadgedSends, 2, mr, 0, NULL), seL4_IllegalOperation, 0);
    mr[0] = empty;
    CHECK_REPLY(invoke_raw(ROOT, CNodeCancelBadgedSends, 2, mr, 0, NULL), seL4_IllegalOperation, 0);
    CHECK_REPLY(invoke_raw(ROOT, CNodeCancelBadgedSends, 1, mr, 0, NULL), seL4_TruncatedMessage, 0);
    /* On the unbadged cap it is a no-op: the queued sender stays. */
    struct helper *h = TRY(helper_new(HELPER_DEFAULT_PRIO, 0));
    helper_start(h, send_value, b, 7, 0);
    CHECK(!test_has_failed());
    CHECK(settle());
    CHECK_OK(seL4_CNode_CancelBadgedSends(ROOT, ep, ROOT_DEPTH));
    CHECK(settle());
    CHECK(!h->finished);
    CHECK_EQ(seL4_DebugCapIdentify(ep), CAPTYPE_endpoint);
    RECV_FROM(ep, 0xb, 7);
    CHECK(helper_join(h));
}

/* ---- Lookups in a guarded two-level CSpace ------------------------------------------------ */

/* L1: 16 slots behind a 4-bit guard 0xa; its slot 3 holds L2: 16 slots behind a 2-bit
 * guard 1.  Slot 7 of L2 is at depth 14: guard a, index 3, guard 1, index 7. */
struct two_level {
    seL4_CPtr l1g; /* the guarded L1 cap (root slot) */
    seL4_CPtr l1, l2;
};
#define L2_SLOT(i) ((0xaul << 10) | (3ul << 6) | (1ul << 4) | (i))

static bool two_level_new(struct two_level *t)
{
    t->l1 = new_object(seL4_CapTableObject, 4);
    t->l2 = new_object(seL4_CapTableObject, 4);
    t->l1g = alloc_slot();
    if (test_has_failed()) return false;
    if (seL4_CNode_Mint(ROOT, t->l1g, ROOT_DEPTH, ROOT, t->l1, ROOT_DEPTH, seL4_AllRights,
                        seL4_CNode_CapData_new(0xa, 4).words[0]) != seL4_NoError ||
        seL4_CNode_Mint(t->l1, 3, 4, ROOT, t->l2, ROOT_DEPTH, seL4_AllRights,
                        seL4_CNode_CapData_new(1, 2).words[0]) != seL4_NoError) {
        test_fail(__FILE__, __LINE__, "building the two-level CSpace");
        return false;
    }
    return true;
}

/* Copy, Move and Delete all reach through both levels. */
KTEST(cnode_two_level_ops)
{
    struct two_level t;
    CHECK(two_level_new(&t));
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    seL4_CPtr scratch = TRY(alloc_slot());
    CHECK_OK(seL4_CNode_Copy(t.l1g, L2_SLOT(7), 14, ROOT, ep, ROOT_DEPTH, seL4_AllRights));
    CHECK_EQ(type_at(scratch, t.l2, 7, 4), CAPTYPE_endpoint);
    CHECK_OK(seL4_CNode_Move(t.l1g, L2_SLOT(9), 14, t.l1g, L2_SLOT(7), 14));
    CHECK_EQ(type_at(scratch, t.l2, 7, 4), CAPTYPE_null);
    CHECK_EQ(type_at(scratch, t.l2, 9, 4), CAPTYPE_endpoint);
    /* An L1 slot itself is at depth 8. */
    CHECK_OK(seL4_CNode_Copy(t.l1g, (0xa << 4) | 5, 8, t.l1g, L2_SLOT(9), 14, seL4_AllRights));
    CHECK_EQ(type_at(scratch, t.l1, 5, 4), CAPTYPE_endpoint);
    CHECK_OK(seL4_CNode_Delete(t.l1g, L2_SLOT(9), 14));
    CHECK_EQ(type_at(scratch, t.l2, 9, 4), CAPTYPE_null);
    /* Depth 8 at slot 3 names the L2 cap itself (the walk stops when the bits run out). */
    CHECK_OK(seL4_CNode_Copy(ROOT, scratch, ROOT_DEPTH, t.l1g, (0xa << 4) | 3, 8, seL4_AllRights));
    CHECK_EQ(seL4_DebugCapIdentify(scratch), CAPTYPE_cnode);
}

/* A guard mismatch at either level reports bits left, the CNode's guard and its size; the
 * first word says whether the failing lookup was the source. */
KTEST(cnode_lookup_guard_mismatch)
{
    struct two_level t;
    CHECK(two_level_new(&t));
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    seL4_CPtr scratch = TRY(alloc_slot());
    seL4_Word bad_l1 = (0xbul << 10) | (3ul << 6) | (1ul << 4) | 7;
    seL4_Word bad_l2 = (0xaul << 10) | (3ul << 6) | (2ul << 4) | 7;
    /* Destination, level 1. */
    CHECK_ERR(seL4_CNode_Copy(t.l1g, bad_l1, 14, ROOT, ep, ROOT_DEPTH, seL4_AllRights),
              seL4_FailedLookup);
    CHECK_LOOKUP(0, seL4_GuardMismatch);
    CHECK_EQ(seL4_GetMR(2), 14);
    CHECK_EQ(seL4_GetMR(3), 0xa);
    CHECK_EQ(seL4_GetMR(4), 4);
    /* Destination, level 2. */
    CHECK_ERR(seL4_CNode_Copy(t.l1g, bad_l2, 14, ROOT, ep, ROOT_DEPTH, seL4_AllRights),
              seL4_FailedLookup);
    CHECK_LOOKUP(0, seL4_GuardMismatch);
    CHECK_EQ(seL4_GetMR(2), 6);
    CHECK_EQ(seL4_GetMR(3), 1);
    CHECK_EQ(seL4_GetMR(4), 2);
    /* Source, both levels. */
    CHECK_ERR(seL4_CNode_Copy(ROOT, scratch, ROOT_DEPTH, t.l1g, bad_l1, 14, seL4_AllRights),
              seL4_FailedLookup);
    CHECK_LOOKUP(1, seL4_GuardMismatch);
    CHECK_EQ(seL4_GetMR(2), 14);
    CHECK_ERR(seL4_CNode_Copy(ROOT, scratch, ROOT_DEPTH, t.l1g, bad_l2, 14, seL4_AllRights),
              seL4_FailedLookup);
    CHECK_LOOKUP(1, seL4_GuardMismatch);
    CHECK_EQ(seL4_GetMR(2), 6);
    CHECK_EQ(seL4_GetMR(3), 1);
    CHECK_EQ(seL4_GetMR(4), 2);
    /* A guard longer than the bits left mismatches too. */
    CHECK_ERR(seL4_CNode_Delete(t.l1g, 0x2, 2), seL4_FailedLookup);
    CHECK_LOOKUP(0, seL4_GuardMismatch);
    CHECK_EQ(seL4_GetMR(2), 2);
    CHECK_EQ(seL4_GetMR(3), 0xa);
    CHECK_EQ(seL4_GetMR(4), 4);
    /* The raw reply has five words. */
    seL4_Word mr[2] = {bad_l2, 14};
    CHECK_REPLY(invoke_raw(t.l1g, CNodeDelete, 2, mr, 0, NULL), seL4_FailedLookup, 5);
    CHECK_EQ(seL4_DebugCapIdentify(scratch), CAPTYPE_null);
}

/* Depth mismatches: too few bits for the next level (bits left, bits the level needs), or
 * bits left over after a slot that holds no CNode (bits found 0). */
KTEST(cnode_lookup_depth_mismatch)
{
    struct two_level t;
    CHECK(two_level_new(&t));
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    CHECK_OK(seL4_CNode_Copy(t.l1g, L2_SLOT(7), 14, ROOT, ep, ROOT_DEPTH, seL4_AllRights));
    /* Depth 12: 4 bits reach L2, whose guard and radix need 6. */
    seL4_Word idx12 = (0xaul << 8) | (3ul << 4) | (1ul << 2) | 1;
    CHECK_ERR(seL4_CNode_Delete(t.l1g, idx12, 12), seL4_FailedLookup);
    CHECK_LOOKUP(0, seL4_DepthMismatch);
    CHECK_EQ(seL4_GetMR(2), 4);
    CHECK_EQ(seL4_GetMR(3), 6);
    seL4_Word mr[2] = {idx12, 12};
    CHECK_REPLY(invoke_raw(t.l1g, CNodeDelete, 2, mr, 0, NULL), seL4_FailedLookup, 4);
    /* Depth 16: two bits left after L2 slot 7, which holds an endpoint. */
    CHECK_ERR(seL4_CNode_Delete(t.l1g, (L2_SLOT(7) << 2) | 1, 16), seL4_FailedLookup);
    CHECK_LOOKUP(0, seL4_DepthMismatch);
    CHECK_EQ(seL4_GetMR(2), 2);
    CHECK_EQ(seL4_GetMR(3), 0);
    /* At exactly 14 bits the same slot is found (the failures changed nothing). */
    seL4_CPtr scratch = TRY(alloc_slot());
    CHECK_OK(seL4_CNode_Copy(ROOT, scratch, ROOT_DEPTH, t.l1g, L2_SLOT(7), 14, seL4_AllRights));
    CHECK_EQ(seL4_DebugCapIdentify(scratch), CAPTYPE_endpoint);
}

/* A source root that is not a CNode: InvalidRoot, reported as the source. */
KTEST(cnode_lookup_invalid_root)
{
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    seL4_CPtr dst = TRY(alloc_slot());
    seL4_Word mr[5] = {dst, 64, 0, 64, 0xf};
    seL4_MessageInfo_t r = invoke_raw(ROOT, CNodeCopy, 5, mr, 1, &ep);
    CHECK_REPLY(r, seL4_FailedLookup, 2);
    CHECK_LOOKUP(1, seL4_InvalidRoot);
    /* And a source depth of 0 is a range error. */
    seL4_CPtr root = ROOT;
    mr[2] = ep;
    mr[3] = 0;
    r = invoke_raw(ROOT, CNodeCopy, 5, mr, 1, &root);
    CHECK_REPLY(r, seL4_RangeError, 2);
    CHECK_EQ(seL4_GetMR(0), 1);
    CHECK_EQ(seL4_GetMR(1), 64);
    CHECK_EQ(seL4_DebugCapIdentify(dst), CAPTYPE_null);
}

/* Rotating (swapping) two caps that are neighbours in the derivation tree keeps the tree
 * intact: an untyped and its copy (its child) swap slots, and revoking the original, now in
 * the other slot, still deletes the copy.  Checked with the kernel's invariant checks. */
KTEST(cnode_rotate_adjacent_in_cdt)
{
    seL4_CPtr ut = TRY(new_object(seL4_UntypedObject, 14));
    seL4_CPtr copy = TRY(alloc_slot());
    CHECK_OK(seL4_CNode_Copy(ROOT, copy, ROOT_DEPTH, ROOT, ut, ROOT_DEPTH, seL4_AllRights));
    seL4_CPtr tcb = TRY(new_object(seL4_TCBObject, 0));
    seL4_CPtr tcb2 = TRY(alloc_slot());
    CHECK_OK(seL4_CNode_Copy(ROOT, tcb2, ROOT_DEPTH, ROOT, tcb, ROOT_DEPTH, seL4_AllRights));
    seL4_CantripDebugInvariants(1);
    /* Swap the untyped and its copy, in both argument orders, and the two TCB caps. */
    seL4_Error e1 = seL4_CNode_Rotate(ROOT, ut, 64, 0, ROOT, copy, 64, 0, ROOT, ut, 64);
    seL4_Error e2 = seL4_CNode_Rotate(ROOT, copy, 64, 0, ROOT, ut, 64, 0, ROOT, copy, 64);
    seL4_Error e3 = seL4_CNode_Rotate(ROOT, ut, 64, 0, ROOT, copy, 64, 0, ROOT, ut, 64);
    seL4_Error e4 = seL4_CNode_Rotate(ROOT, tcb2, 64, 0, ROOT, tcb, 64, 0, ROOT, tcb2, 64);
    /* Now `copy` holds the original and `ut` the copy: revoking `copy` deletes `ut`. */
    seL4_Error e5 = seL4_CNode_Revoke(ROOT, copy, ROOT_DEPTH);
    seL4_Error e6 = seL4_CNode_Delete(ROOT, tcb, ROOT_DEPTH);
    seL4_CantripDebugInvariants(0);
    CHECK_OK(e1);
    CHECK_OK(e2);
    CHECK_OK(e3);
    CHECK_OK(e4);
    CHECK_OK(e5);
    CHECK_OK(e6);
    CHECK_EQ(seL4_DebugCapIdentify(ut), CAPTYPE_null);
    CHECK_EQ(seL4_DebugCapIdentify(copy), CAPTYPE_untyped);
    /* The surviving TCB cap still names a live TCB. */
    CHECK_EQ(seL4_DebugCapIdentify(tcb2), CAPTYPE_thread);
    CHECK_OK(seL4_TCB_SetPriority(tcb2, seL4_CapInitThreadTCB, 9));
    /* The original has no children left: it is whole. */
    seL4_CPtr whole = TRY(new_object_from(copy, seL4_UntypedObject, 14));
    CHECK_EQ(seL4_DebugCapIdentify(whole), CAPTYPE_untyped);
}

/* A CNode that holds the cap to the untyped it was made from is deleted cleanly. */
KTEST(cnode_delete_cnode_holding_its_untyped)
{
    seL4_CPtr ut = TRY(new_object(seL4_UntypedObject, 14));
    seL4_CPtr cnode = TRY(new_object_from(ut, seL4_CapTableObject, 2));
    seL4_CPtr ep = TRY(new_object_from(ut, seL4_EndpointObject, 0));
    CHECK_OK(seL4_CNode_Move(cnode, 0, 2, ROOT, ut, ROOT_DEPTH));
    CHECK_OK(seL4_CNode_Move(cnode, 1, 2, ROOT, ep, ROOT_DEPTH));
    seL4_CantripDebugInvariants(1);
    seL4_Error err = seL4_CNode_Delete(ROOT, cnode, ROOT_DEPTH);
    seL4_CantripDebugInvariants(0);
    CHECK_OK(err);
    CHECK_EQ(seL4_DebugCapIdentify(cnode), CAPTYPE_null);
    CHECK_EQ(seL4_DebugCapIdentify(ut), CAPTYPE_null);
}
