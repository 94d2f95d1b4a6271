/* CNode methods on the root CNode: Copy, Delete, Move, Mint and their errors. */
#include "framework.h"

#define ROOT seL4_CapInitThreadCNode

KTEST(cnode_copy_delete)
{
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    seL4_CPtr dst = TRY(alloc_slot());
    CHECK_OK(seL4_CNode_Copy(ROOT, dst, ROOT_DEPTH, ROOT, ep, ROOT_DEPTH, seL4_AllRights));
    CHECK_EQ(seL4_DebugCapIdentify(dst), CAPTYPE_endpoint);
    CHECK_OK(seL4_CNode_Delete(ROOT, dst, ROOT_DEPTH));
    CHECK_EQ(seL4_DebugCapIdentify(dst), CAPTYPE_null);
    /* The original is unaffected by deleting its copy. */
    CHECK_EQ(seL4_DebugCapIdentify(ep), CAPTYPE_endpoint);
    /* Deleting an empty slot succeeds. */
    CHECK_OK(seL4_CNode_Delete(ROOT, dst, ROOT_DEPTH));
}

/* Copy of a TCB cap refers to the same TCB: a priority set through the copy is visible
 * through the original as the authority check of the next call. */
KTEST(cnode_copy_same_object)
{
    seL4_CPtr tcb = TRY(new_object(seL4_TCBObject, 0));
    seL4_CPtr copy = TRY(alloc_slot());
    CHECK_OK(seL4_CNode_Copy(ROOT, copy, ROOT_DEPTH, ROOT, tcb, ROOT_DEPTH, seL4_AllRights));
    CHECK_EQ(seL4_DebugCapIdentify(copy), CAPTYPE_thread);
    /* A new TCB has MCP 0, so using it as authority for priority 1 fails ... */
    CHECK_ERR(seL4_TCB_SetPriority(tcb, tcb, 1), seL4_RangeError);
    /* ... until the MCP is raised through the copy. */
    CHECK_OK(seL4_TCB_SetMCPriority(copy, seL4_CapInitThreadTCB, 50));
    CHECK_OK(seL4_TCB_SetPriority(tcb, tcb, 50));
    CHECK_ERR(seL4_TCB_SetPriority(tcb, tcb, 51), seL4_RangeError);
}

/* An occupied destination is reported before the (also bad) empty source. */
KTEST(cnode_copy_dest_occupied)
{
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    seL4_CPtr ntfn = TRY(new_object(seL4_NotificationObject, 0));
    CHECK_ERR(seL4_CNode_Copy(ROOT, ntfn, ROOT_DEPTH, ROOT, ep, ROOT_DEPTH, seL4_AllRights),
              seL4_DeleteFirst);
    CHECK_EQ(seL4_DebugCapIdentify(ntfn), CAPTYPE_notification);
    seL4_CPtr empty = TRY(alloc_slot());
    CHECK_ERR(seL4_CNode_Copy(ROOT, ntfn, ROOT_DEPTH, ROOT, empty, ROOT_DEPTH, seL4_AllRights),
              seL4_DeleteFirst);
}

KTEST(cnode_copy_src_empty)
{
    seL4_CPtr src = TRY(alloc_slot());
    seL4_CPtr dst = TRY(alloc_slot());
    CHECK_ERR(seL4_CNode_Copy(ROOT, dst, ROOT_DEPTH, ROOT, src, ROOT_DEPTH, seL4_AllRights),
              seL4_FailedLookup);
    CHECK_EQ(seL4_GetMR(0), 1); /* the source lookup failed */
    CHECK_EQ(seL4_GetMR(1), seL4_MissingCapability);
    CHECK_EQ(seL4_DebugCapIdentify(dst), CAPTYPE_null);
}

/* CNode-op depths must be in 1..64. */
KTEST(cnode_depth_out_of_range)
{
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    seL4_CPtr dst = TRY(alloc_slot());
    CHECK_ERR(seL4_CNode_Copy(ROOT, dst, 0, ROOT, ep, ROOT_DEPTH, seL4_AllRights), seL4_RangeError);
    CHECK_EQ(seL4_GetMR(0), 1);
    CHECK_EQ(seL4_GetMR(1), seL4_WordBits);
    CHECK_ERR(seL4_CNode_Copy(ROOT, dst, seL4_WordBits + 1, ROOT, ep, ROOT_DEPTH, seL4_AllRights),
              seL4_RangeError);
    CHECK_ERR(seL4_CNode_Delete(ROOT, dst, 0), seL4_RangeError);
    /* A source depth of 0 is checked the same way. */
    CHECK_ERR(seL4_CNode_Copy(ROOT, dst, ROOT_DEPTH, ROOT, ep, 0, seL4_AllRights), seL4_RangeError);
    CHECK_EQ(seL4_DebugCapIdentify(dst), CAPTYPE_null);
}

KTEST(cnode_move)
{
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    seL4_CPtr dst = TRY(alloc_slot());
    CHECK_OK(seL4_CNode_Move(ROOT, dst, ROOT_DEPTH, ROOT, ep, ROOT_DEPTH));
    CHECK_EQ(seL4_DebugCapIdentify(dst), CAPTYPE_endpoint);
    CHECK_EQ(seL4_DebugCapIdentify(ep), CAPTYPE_null);
    /* The source is now empty. */
    seL4_CPtr dst2 = TRY(alloc_slot());
    CHECK_ERR(seL4_CNode_Move(ROOT, dst2, ROOT_DEPTH, ROOT, ep, ROOT_DEPTH), seL4_FailedLookup);
    /* Moving onto itself: the destination is occupied. */
    CHECK_ERR(seL4_CNode_Move(ROOT, dst, ROOT_DEPTH, ROOT, dst, ROOT_DEPTH), seL4_DeleteFirst);
    CHECK_EQ(seL4_DebugCapIdentify(dst), CAPTYPE_endpoint);
}

/* A badged cap cannot be given another badge. */
KTEST(cnode_mint_rebadge)
{
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    seL4_CPtr badged = TRY(mint_badged(ep, 7));
    seL4_CPtr dst = TRY(alloc_slot());
    CHECK_ERR(seL4_CNode_Mint(ROOT, dst, ROOT_DEPTH, ROOT, badged, ROOT_DEPTH, seL4_AllRights, 8),
              seL4_IllegalOperation);
    CHECK_EQ(seL4_DebugCapIdentify(dst), CAPTYPE_null);
}

static void send_twice(seL4_Word badged, seL4_Word unbadged, seL4_Word unused)
{
    (void)unused;
    seL4_SetMR(0, 0x600d);
    seL4_Send(badged, seL4_MessageInfo_new(0, 0, 0, 1));
    seL4_SetMR(0, 0x600e);
    seL4_Send(unbadged, seL4_MessageInfo_new(0, 0, 0, 1));
}

/* The receiver sees the badge of the cap the sender used (a copy keeps the badge), and 0
 * for the unbadged original. */
KTEST(cnode_mint_badge_delivered)
{
    const seL4_Word badge = 0xdeadbeefcafeul;
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    seL4_CPtr minted = TRY(mint_badged(ep, badge));
    seL4_CPtr copy = TRY(alloc_slot());
    CHECK_OK(seL4_CNode_Copy(ROOT, copy, ROOT_DEPTH, ROOT, minted, ROOT_DEPTH, seL4_AllRights));
    struct helper *h = TRY(helper_new(HELPER_DEFAULT_PRIO, 0));
    helper_start(h, send_twice, copy, ep, 0);
    CHECK(!test_has_failed());

    seL4_Word got = 0;
    seL4_MessageInfo_t info;
    CHECK(guarded_recv(ep, &info, &got));
    CHECK_EQ(got, badge);
    CHECK_EQ(seL4_GetMR(0), 0x600d);
    CHECK(guarded_recv(ep, &info, &got));
    CHECK_EQ(got, 0);
    CHECK_EQ(seL4_GetMR(0), 0x600e);
    CHECK(helper_join(h));
}
