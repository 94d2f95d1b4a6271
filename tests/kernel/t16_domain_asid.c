/* DomainSet methods, ASIDControl_MakePool and ASIDPool_Assign. */
#include "framework.h"
#include "stubs.h"

#include <string.h>

#define ROOT seL4_CapInitThreadCNode
#define VSPACE seL4_CapInitThreadVSpace
#define UART_PADDR 0x10000000ul

/* ---- DomainSet ------------------------------------------------------------------------------- */

KTEST(domain_set)
{
    seL4_CPtr tcb = TRY(new_object(seL4_TCBObject, 0));
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    CHECK_OK(seL4_DomainSet_Set(seL4_CapDomain, 0, tcb));
    CHECK_OK(seL4_DomainSet_Set(seL4_CapDomain, 0, seL4_CapInitThreadTCB));
    /* One domain only. */
    CHECK_ERR(seL4_DomainSet_Set(seL4_CapDomain, 1, tcb), seL4_InvalidArgument);
    CHECK_EQ(seL4_GetMR(0), 0);
    /* The thread must be a TCB: InvalidArgument for argument 1. */
    CHECK_ERR(seL4_DomainSet_Set(seL4_CapDomain, 0, ep), seL4_InvalidArgument);
    CHECK_EQ(seL4_GetMR(0), 1);
    seL4_Word mr[1] = {0};
    seL4_MessageInfo_t r = invoke_raw(seL4_CapDomain, DomainSetSet, 1, mr, 1, &ep);
    CHECK_REPLY(r, seL4_InvalidArgument, 1);
    CHECK_REPLY(invoke_raw(seL4_CapDomain, DomainSetSet, 0, mr, 1, &tcb), seL4_TruncatedMessage, 0);
    CHECK_REPLY(invoke_raw(seL4_CapDomain, DomainSetSet, 1, mr, 0, NULL), seL4_TruncatedMessage, 0);
    /* The domain is checked before the cap is looked for. */
    mr[0] = 1;
    r = invoke_raw(seL4_CapDomain, DomainSetSet, 1, mr, 0, NULL);
    CHECK_REPLY(r, seL4_InvalidArgument, 1);
    CHECK_EQ(seL4_GetMR(0), 0);
    /* The full word is compared. */
    mr[0] = 0x100;
    r = invoke_raw(seL4_CapDomain, DomainSetSet, 1, mr, 1, &tcb);
    CHECK_REPLY(r, seL4_InvalidArgument, 1);
    /* The DomainSet label on a TCB cap is not a TCB method. */
    mr[0] = 0;
    CHECK_REPLY(invoke_raw(tcb, DomainSetSet, 1, mr, 1, &tcb), seL4_IllegalOperation, 0);
    /* The root still runs after moving itself to domain 0. */
    CHECK_EQ(seL4_DebugCapIdentify(tcb), CAPTYPE_thread);
}

/* The domain schedule has two entries: 0 (domain 0) and an end marker. */
KTEST(domain_schedule)
{
    CHECK_ERR(seL4_DomainSet_ScheduleConfigure(seL4_CapDomain, 1, 0, 100), seL4_RangeError);
    CHECK_EQ(seL4_GetMR(0), 0);
    CHECK_EQ(seL4_GetMR(1), 0);
    CHECK_ERR(seL4_DomainSet_ScheduleConfigure(seL4_CapDomain, 0, 1, 100), seL4_RangeError);
    CHECK_EQ(seL4_GetMR(0), 0);
    CHECK_EQ(seL4_GetMR(1), 0);
    CHECK_ERR(seL4_DomainSet_ScheduleConfigure(seL4_CapDomain, 0, 0, 1ul << 56),
              seL4_InvalidArgument);
    CHECK_EQ(seL4_GetMR(0), 2);
    /* Duration 0 at the current start entry would end the schedule at once. */
    CHECK_ERR(seL4_DomainSet_ScheduleConfigure(seL4_CapDomain, 0, 0, 0), seL4_InvalidArgument);
    CHECK_EQ(seL4_GetMR(0), 2);
    seL4_Word mr[3] = {0, 0, 10};
    CHECK_REPLY(invoke_raw(seL4_CapDomain, DomainScheduleConfigure, 2, mr, 0, NULL),
                seL4_TruncatedMessage, 0);
    CHECK_OK(seL4_DomainSet_ScheduleConfigure(seL4_CapDomain, 0, 0, (1ul << 56) - 1));
    CHECK_ERR(seL4_DomainSet_ScheduleSetStart(seL4_CapDomain, 2), seL4_RangeError);
    CHECK_EQ(seL4_GetMR(0), 0);
    CHECK_EQ(seL4_GetMR(1), 1);
    CHECK_ERR(seL4_DomainSet_ScheduleSetStart(seL4_CapDomain, 1), seL4_InvalidArgument);
    CHECK_EQ(seL4_GetMR(0), 0);
    CHECK_REPLY(invoke_raw(seL4_CapDomain, DomainScheduleSetStart, 0, mr, 0, NULL),
                seL4_TruncatedMessage, 0);
    CHECK_OK(seL4_DomainSet_ScheduleSetStart(seL4_CapDomain, 0));
}

/* ---- ASIDs ----------------------------------------------------------------------------------- */

/* Raw MakePool with (untyped, root) and (index, depth). */
static seL4_MessageInfo_t make_pool_raw(seL4_CPtr ut, seL4_CPtr index, seL4_Word depth)
{
    seL4_Word mr[2] = {index, depth};
    seL4_CPtr caps[2] = {ut, ROOT};
    return invoke_raw(seL4_CapASIDControl, RISCVASIDControlMakePool, 2, mr, 2, caps);
}

#define CHECK_INVALID_CAP1(r)                                                                      \
    do {                                                                                           \
        CHECK_REPLY((r), seL4_InvalidCapability, 1);                                               \
        CHECK_EQ(seL4_GetMR(0), 1);                                                                \
    } while (0)

/* A new pool: a VSpace assigned from it runs a thread (the child code blob, calling the
 * root); deleting the pool makes its VSpaces unusable; its untyped is reusable. */
KTEST(asid_make_pool)
{
    seL4_CPtr ut = TRY(new_object(seL4_UntypedObject, seL4_ASIDPoolBits));
    seL4_CPtr pool = TRY(alloc_slot());
    CHECK_OK(seL4_RISCV_ASIDControl_MakePool(seL4_CapASIDControl, ut, ROOT, pool, ROOT_DEPTH));
    CHECK_EQ(seL4_DebugCapIdentify(pool), CAPTYPE_asid_pool);
    /* The untyped now has a child. */
    seL4_CPtr other = TRY(alloc_slot());
    CHECK_REPLY(make_pool_raw(ut, other, ROOT_DEPTH), seL4_RevokeFirst, 0);

    seL4_CPtr vspace = TRY(new_object(seL4_RISCV_PageTableObject, 0));
    CHECK_OK(seL4_RISCV_ASIDPool_Assign(pool, vspace));
    seL4_CPtr code_frame;
    void *code = TRY(new_mapped_page(&code_frame));
    memcpy(code, child_blob_start, (size_t)(child_blob_end - child_blob_start));
    __asm__ volatile("fence.i" ::: "memory");
    seL4_CPtr child_code = TRY(alloc_slot());
    CHECK_OK(seL4_CNode_Copy(ROOT, child_code, ROOT_DEPTH, ROOT, code_frame, ROOT_DEPTH,
                             seL4_AllRights));
    CHECK_OK(map_frame(child_code, vspace, CHILD_CODE_VA, seL4_CanRead,
                       seL4_RISCV_Default_VMAttributes));
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    seL4_CPtr tcb = TRY(new_object(seL4_TCBObject, 0));
    track_thread(tcb);
    CHECK_OK(seL4_TCB_Configure(tcb, 0, ROOT, 0, vspace, 0, 0, seL4_CapNull));
    CHECK_OK(seL4_TCB_SetPriority(tcb, seL4_CapInitThreadTCB, HELPER_DEFAULT_PRIO));
    seL4_UserContext regs;
    memset(&regs, 0, sizeof(regs));
    regs.pc = CHILD_CODE_VA + (seL4_Word)(child_call_loop - child_blob_start);
    regs.s0 = ep;
    regs.s1 = seL4_MessageInfo_new(CHILD_MSG_LABEL, 0, 0, 1).words[0];
    regs.a2 = 0x600;
    CHECK_OK(seL4_TCB_WriteRegisters(tcb, seL4_True, 0, sizeof(regs) / sizeof(seL4_Word), &regs));
    seL4_MessageInfo_t info;
    CHECK(guarded_recv(ep, &info, NULL));
    CHECK_EQ(seL4_MessageInfo_get_label(info), CHILD_MSG_LABEL);
    CHECK_EQ(seL4_GetMR(0), 0x600);
    CHECK_OK(seL4_TCB_Suspend(tcb));

    /* Deleting the pool: its ASIDs are gone, so the VSpace has no root any more. */
    CHECK_OK(seL4_CNode_Delete(ROOT, pool, ROOT_DEPTH));
    seL4_CPtr frame = TRY(new_object(seL4_RISCV_4K_Page, 0));
    CHECK_ERR(seL4_RISCV_Page_Map(frame, vspace, 0x10000000, seL4_ReadWrite,
                                  seL4_RISCV_Default_VMAttributes),
              seL4_FailedLookup);
    CHECK_EQ(seL4_GetMR(0), 0);
    CHECK_EQ(seL4_GetMR(1), seL4_InvalidRoot);
    /* The untyped has no children left: a new pool. */
    CHECK_OK(seL4_RISCV_ASIDControl_MakePool(seL4_CapASIDControl, ut, ROOT, pool, ROOT_DEPTH));
    CHECK_OK(seL4_CNode_Delete(ROOT, pool, ROOT_DEPTH));
}

KTEST(asid_make_pool_errors)
{
    seL4_CPtr slot = TRY(alloc_slot());
    /* The untyped must be exactly 4 KiB of RAM. */
    seL4_CPtr ut16k = TRY(new_object(seL4_UntypedObject, 14));
    CHECK_INVALID_CAP1(make_pool_raw(ut16k, slot, ROOT_DEPTH));
    seL4_CPtr ut2k = TRY(new_object(seL4_UntypedObject, 11));
    CHECK_INVALID_CAP1(make_pool_raw(ut2k, slot, ROOT_DEPTH));
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    CHECK_INVALID_CAP1(make_pool_raw(ep, slot, ROOT_DEPTH));
    seL4_Word n = bootinfo->untyped.end - bootinfo->untyped.start;
    seL4_CPtr dev = seL4_CapNull;
    for (seL4_Word i = 0; i < n && dev == seL4_CapNull; i++) {
        const seL4_UntypedDesc *d = &bootinfo->untypedList[i];
        if (d->isDevice && d->sizeBits >= 16 &&
            !(UART_PADDR >= d->paddr && UART_PADDR - d->paddr < (1ul << d->sizeBits)))
            dev = bootinfo->untyped.start + i;
    }
    CHECK_MSG(dev != seL4_CapNull, "no device untyped of 64 KiB or more");
    seL4_CPtr dev4k = TRY(new_object_from(dev, seL4_UntypedObject, seL4_ASIDPoolBits));
    CHECK_INVALID_CAP1(make_pool_raw(dev4k, slot, ROOT_DEPTH));
    /* An untyped with children. */
    seL4_CPtr used = TRY(new_object(seL4_UntypedObject, seL4_ASIDPoolBits));
    TRY(new_object_from(used, seL4_EndpointObject, 0));
    CHECK_REPLY(make_pool_raw(used, slot, ROOT_DEPTH), seL4_RevokeFirst, 0);
    /* Destination errors. */
    seL4_CPtr ut = TRY(new_object(seL4_UntypedObject, seL4_ASIDPoolBits));
    CHECK_REPLY(make_pool_raw(ut, ep, ROOT_DEPTH), seL4_DeleteFirst, 0);
    seL4_MessageInfo_t r = make_pool_raw(ut, slot, 0);
    CHECK_REPLY(r, seL4_RangeError, 2);
    CHECK_EQ(seL4_GetMR(0), 1);
    CHECK_EQ(seL4_GetMR(1), 64);
    /* Two words and two caps. */
    seL4_Word mr[2] = {slot, ROOT_DEPTH};
    seL4_CPtr caps[2] = {ut, ROOT};
    CHECK_REPLY(invoke_raw(seL4_CapASIDControl, RISCVASIDControlMakePool, 1, mr, 2, caps),
                seL4_TruncatedMessage, 0);
    CHECK_REPLY(invoke_raw(seL4_CapASIDControl, RISCVASIDControlMakePool, 2, mr, 1, caps),
                seL4_TruncatedMessage, 0);
    CHECK_REPLY(invoke_raw(seL4_CapASIDControl, RISCVASIDPoolAssign, 2, mr, 1, caps),
                seL4_IllegalOperation, 0);
    CHECK_EQ(seL4_DebugCapIdentify(slot), CAPTYPE_null);
    /* ASIDControl itself can be copied. */
    seL4_CPtr ctl = TRY(alloc_slot());
    CHECK_OK(seL4_CNode_Copy(ROOT, ctl, ROOT_DEPTH, ROOT, seL4_CapASIDControl, ROOT_DEPTH,
                             seL4_AllRights));
    CHECK_OK(seL4_RISCV_ASIDControl_MakePool(ctl, ut, ROOT, slot, ROOT_DEPTH));
    CHECK_EQ(seL4_DebugCapIdentify(slot), CAPTYPE_asid_pool);
    CHECK_OK(seL4_CNode_Delete(ROOT, slot, ROOT_DEPTH));
}

KTEST(asid_pool_assign_errors)
{
    seL4_CPtr pool = seL4_CapInitThreadASIDPool;
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    /* An assigned VSpace: the root's, or one just assigned. */
    seL4_MessageInfo_t r;
    seL4_CPtr root_vspace = VSPACE;
    r = invoke_raw(pool, RISCVASIDPoolAssign, 0, NULL, 1, &root_vspace);
    CHECK_INVALID_CAP1(r);
    seL4_CPtr vs = TRY(new_object(seL4_RISCV_PageTableObject, 0));
    CHECK_OK(seL4_RISCV_ASIDPool_Assign(pool, vs));
    CHECK_ERR(seL4_RISCV_ASIDPool_Assign(pool, vs), seL4_InvalidCapability);
    CHECK_EQ(seL4_GetMR(0), 1);
    /* Not a page table. */
    CHECK_ERR(seL4_RISCV_ASIDPool_Assign(pool, ep), seL4_InvalidCapability);
    CHECK_EQ(seL4_GetMR(0), 1);
    /* A page table mapped inside a VSpace is not a free VSpace root. */
    seL4_CPtr pt = TRY(new_object(seL4_RISCV_PageTableObject, 0));
    CHECK_OK(seL4_RISCV_PageTable_Map(pt, vs, 0x40000000, seL4_RISCV_Default_VMAttributes));
    CHECK_ERR(seL4_RISCV_ASIDPool_Assign(pool, pt), seL4_InvalidCapability);
    CHECK_EQ(seL4_GetMR(0), 1);
    CHECK_REPLY(invoke_raw(pool, RISCVASIDPoolAssign, 0, NULL, 0, NULL), seL4_TruncatedMessage, 0);
    CHECK_REPLY(invoke_raw(pool, RISCVASIDControlMakePool, 0, NULL, 1, &vs), seL4_IllegalOperation,
                0);
    /* A copy of the pool cap assigns too. */
    seL4_CPtr copy = TRY(alloc_slot());
    CHECK_OK(seL4_CNode_Copy(ROOT, copy, ROOT_DEPTH, ROOT, pool, ROOT_DEPTH, seL4_AllRights));
    seL4_CPtr vs2 = TRY(new_object(seL4_RISCV_PageTableObject, 0));
    CHECK_OK(seL4_RISCV_ASIDPool_Assign(copy, vs2));
    /* Deleting an assigned VSpace frees its ASID; the PT cap that held it is gone. */
    CHECK_OK(seL4_CNode_Delete(ROOT, vs2, ROOT_DEPTH));
    CHECK_EQ(seL4_DebugCapIdentify(vs2), CAPTYPE_null);
}

/* The ASID table has 128 pools (the initial one included): once they are all in use
 * MakePool is DeleteFirst, checked before the untyped; deleting a pool frees its entry. */
KTEST(asid_make_pool_exhaustion)
{
    enum { MAX_POOLS = 1 << 7 };
    seL4_CPtr uts = TRY(alloc_slots(MAX_POOLS));
    seL4_CPtr pools = TRY(alloc_slots(MAX_POOLS));
    CHECK_OK(seL4_Untyped_Retype(test_untyped(), seL4_UntypedObject, seL4_ASIDPoolBits, ROOT, 0, 0,
                                 uts, MAX_POOLS));
    int made = 0;
    seL4_Error err = seL4_NoError;
    for (int i = 0; i < MAX_POOLS; i++) {
        err = seL4_RISCV_ASIDControl_MakePool(seL4_CapASIDControl, uts + (seL4_Word)i, ROOT,
                                              pools + (seL4_Word)i, ROOT_DEPTH);
        if (err != seL4_NoError) break;
        made++;
    }
    CHECK_ERR(err, seL4_DeleteFirst);
    CHECK_MSG(made >= MAX_POOLS - 8 && made <= MAX_POOLS - 1,
              "%d pools could be made (the initial pool takes one of 128)", made);
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    seL4_CPtr spare = TRY(alloc_slot());
    CHECK_REPLY(make_pool_raw(ep, spare, ROOT_DEPTH), seL4_DeleteFirst, 0);
    CHECK_REPLY(make_pool_raw(uts + (seL4_Word)made, spare, ROOT_DEPTH), seL4_DeleteFirst, 0);
    /* Free one entry: the next pool fits, and works. */
    CHECK_OK(seL4_CNode_Delete(ROOT, pools, ROOT_DEPTH));
    CHECK_OK(seL4_RISCV_ASIDControl_MakePool(seL4_CapASIDControl, uts + (seL4_Word)made, ROOT,
                                             spare, ROOT_DEPTH));
    seL4_CPtr vs = TRY(new_object(seL4_RISCV_PageTableObject, 0));
    CHECK_OK(seL4_RISCV_ASIDPool_Assign(spare, vs));
    CHECK_OK(seL4_CNode_Delete(ROOT, spare, ROOT_DEPTH));
    for (int i = 1; i < made; i++)
        CHECK_OK(seL4_CNode_Delete(ROOT, pools + (seL4_Word)i, ROOT_DEPTH));
    /* All free again. */
    CHECK_OK(seL4_RISCV_ASIDControl_MakePool(seL4_CapASIDControl, uts, ROOT, pools, ROOT_DEPTH));
    CHECK_OK(seL4_CNode_Delete(ROOT, pools, ROOT_DEPTH));
}
