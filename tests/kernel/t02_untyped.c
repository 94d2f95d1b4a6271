/* Untyped_Retype: every object type, consecutive placement, and the argument errors. */
#include "framework.h"

/* Retype one object of `type` into a fresh slot and check the cap type of the result. */
#define RETYPE_AND_IDENTIFY(var, type, bits, captype)                                              \
    seL4_CPtr var = TRY(alloc_slot());                                                             \
    CHECK_OK(                                                                                      \
        seL4_Untyped_Retype(test_untyped(), type, bits, seL4_CapInitThreadCNode, 0, 0, var, 1));   \
    CHECK_EQ(seL4_DebugCapIdentify(var), captype)

KTEST(retype_tcb)
{
    RETYPE_AND_IDENTIFY(tcb, seL4_TCBObject, 0, CAPTYPE_thread);
    /* It is a real TCB: a TCB method on it succeeds. */
    CHECK_OK(seL4_TCB_SetPriority(tcb, seL4_CapInitThreadTCB, 10));
}

KTEST(retype_endpoint)
{
    RETYPE_AND_IDENTIFY(ep, seL4_EndpointObject, 0, CAPTYPE_endpoint);
    /* With nobody waiting, a non-blocking receive comes back empty. */
    seL4_Word badge = 0x5a5a;
    seL4_NBRecv(ep, &badge);
    CHECK_EQ(badge, 0);
}

KTEST(retype_notification)
{
    RETYPE_AND_IDENTIFY(ntfn, seL4_NotificationObject, 0, CAPTYPE_notification);
    /* A fresh notification is idle; a badged signal is then returned by a poll. */
    seL4_Word badge = 0x5a5a;
    seL4_Poll(ntfn, &badge);
    CHECK_EQ(badge, 0);
    seL4_CPtr badged = TRY(mint_badged(ntfn, 0x40));
    seL4_Signal(badged);
    seL4_Poll(ntfn, &badge);
    CHECK_EQ(badge, 0x40);
}

/* A 16-slot CNode: a cap copied into it can be copied back out. */
KTEST(retype_cnode)
{
    RETYPE_AND_IDENTIFY(cnode, seL4_CapTableObject, 4, CAPTYPE_cnode);
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    CHECK_OK(seL4_CNode_Copy(cnode, 5, 4, seL4_CapInitThreadCNode, ep, ROOT_DEPTH, seL4_AllRights));
    /* The slot inside the new CNode is now occupied. */
    CHECK_ERR(seL4_CNode_Copy(cnode, 5, 4, seL4_CapInitThreadCNode, ep, ROOT_DEPTH, seL4_AllRights),
              seL4_DeleteFirst);
    seL4_CPtr back = TRY(alloc_slot());
    CHECK_OK(
        seL4_CNode_Copy(seL4_CapInitThreadCNode, back, ROOT_DEPTH, cnode, 5, 4, seL4_AllRights));
    CHECK_EQ(seL4_DebugCapIdentify(back), CAPTYPE_endpoint);
    /* A radix-4 CNode consumes exactly 4 bits: depth 3 cannot reach a slot. */
    CHECK_ERR(seL4_CNode_Delete(cnode, 5, 3), seL4_FailedLookup);
    CHECK_EQ(seL4_GetMR(1), seL4_DepthMismatch);
}

/* A 4 KiB frame maps, reads as zero and keeps what is written. */
KTEST(retype_frame_4k)
{
    RETYPE_AND_IDENTIFY(frame, seL4_RISCV_4K_Page, 0, CAPTYPE_frame);
    seL4_Word va = alloc_vaddr_4k(1);
    CHECK_OK(map_frame(frame, seL4_CapInitThreadVSpace, va, seL4_ReadWrite,
                       seL4_RISCV_Default_VMAttributes));
    volatile seL4_Word *p = (volatile seL4_Word *)va;
    for (seL4_Word i = 0; i < (1ul << seL4_PageBits) / sizeof(seL4_Word); i++)
        CHECK_MSG(p[i] == 0, "word %lu of a new frame is 0x%lx", (unsigned long)i,
                  (unsigned long)p[i]);
    p[0] = 0x1122334455667788ul;
    p[511] = ~0ul;
    CHECK_EQ(p[0], 0x1122334455667788ul);
    CHECK_EQ(p[511], ~0ul);
}

/* A 2 MiB frame maps at a 2 MiB-aligned address; first and last words are usable. */
KTEST(retype_mega_page)
{
    seL4_CPtr ut = TRY(extra_untyped(seL4_LargePageBits));
    seL4_CPtr frame = TRY(alloc_slot());
    CHECK_OK(
        seL4_Untyped_Retype(ut, seL4_RISCV_Mega_Page, 0, seL4_CapInitThreadCNode, 0, 0, frame, 1));
    CHECK_EQ(seL4_DebugCapIdentify(frame), CAPTYPE_frame);
    seL4_Word va = alloc_vaddr_2m();
    CHECK_OK(map_frame(frame, seL4_CapInitThreadVSpace, va, seL4_ReadWrite,
                       seL4_RISCV_Default_VMAttributes));
    volatile seL4_Word *p = (volatile seL4_Word *)va;
    seL4_Word last = (1ul << seL4_LargePageBits) / sizeof(seL4_Word) - 1;
    CHECK_EQ(p[0], 0);
    CHECK_EQ(p[last], 0);
    CHECK_EQ(p[last / 2], 0);
    p[0] = 0xabc;
    p[last] = 0xdef;
    CHECK_EQ(p[0], 0xabc);
    CHECK_EQ(p[last], 0xdef);
    /* The physical address is 2 MiB aligned. */
    seL4_RISCV_Page_GetAddress_t a = seL4_RISCV_Page_GetAddress(frame);
    CHECK_OK(a.error);
    CHECK_EQ(a.paddr & ((1ul << seL4_LargePageBits) - 1), 0);
}

/* PageTable_Map installs tables at the first missing level; once both levels below the
 * root exist for an address, a third table has nowhere to go. */
KTEST(retype_page_table)
{
    RETYPE_AND_IDENTIFY(pt1, seL4_RISCV_PageTableObject, 0, CAPTYPE_page_table);
    seL4_CPtr pt2 = TRY(new_object(seL4_RISCV_PageTableObject, 0));
    seL4_CPtr pt3 = TRY(new_object(seL4_RISCV_PageTableObject, 0));
    seL4_Word va = VA_PT_TEST_BASE;
    CHECK_OK(seL4_RISCV_PageTable_Map(pt1, seL4_CapInitThreadVSpace, va,
                                      seL4_RISCV_Default_VMAttributes));
    CHECK_OK(seL4_RISCV_PageTable_Map(pt2, seL4_CapInitThreadVSpace, va,
                                      seL4_RISCV_Default_VMAttributes));
    CHECK_ERR(seL4_RISCV_PageTable_Map(pt3, seL4_CapInitThreadVSpace, va,
                                       seL4_RISCV_Default_VMAttributes),
              seL4_DeleteFirst);
    /* A mapped table cannot be mapped a second time. */
    CHECK_ERR(seL4_RISCV_PageTable_Map(pt1, seL4_CapInitThreadVSpace, va + (1ul << 30),
                                       seL4_RISCV_Default_VMAttributes),
              seL4_InvalidCapability);
    /* With both levels present a 4 KiB frame maps without further help. */
    seL4_CPtr frame = TRY(new_object(seL4_RISCV_4K_Page, 0));
    CHECK_OK(seL4_RISCV_Page_Map(frame, seL4_CapInitThreadVSpace, va, seL4_ReadWrite,
                                 seL4_RISCV_Default_VMAttributes));
    *(volatile seL4_Word *)va = 77;
    CHECK_EQ(*(volatile seL4_Word *)va, 77);
}

/* A 64 KiB child untyped holds exactly sixteen 4 KiB frames. */
KTEST(retype_untyped_child)
{
    RETYPE_AND_IDENTIFY(child, seL4_UntypedObject, 16, CAPTYPE_untyped);
    seL4_CPtr frames = TRY(alloc_slots(17));
    for (seL4_Word i = 0; i < 16; i++)
        CHECK_OK(seL4_Untyped_Retype(child, seL4_RISCV_4K_Page, 0, seL4_CapInitThreadCNode, 0, 0,
                                     frames + i, 1));
    CHECK_ERR(seL4_Untyped_Retype(child, seL4_RISCV_4K_Page, 0, seL4_CapInitThreadCNode, 0, 0,
                                  frames + 16, 1),
              seL4_NotEnoughMemory);
    CHECK_EQ(seL4_GetMR(0), 0); /* bytes left */
    CHECK_EQ(seL4_DebugCapIdentify(frames + 15), CAPTYPE_frame);
    CHECK_EQ(seL4_DebugCapIdentify(frames + 16), CAPTYPE_null);
}

/* num_objects > 1 fills consecutive slots and nothing beyond them. */
KTEST(retype_multiple_consecutive)
{
    seL4_CPtr first = TRY(alloc_slots(5));
    CHECK_OK(seL4_Untyped_Retype(test_untyped(), seL4_EndpointObject, 0, seL4_CapInitThreadCNode, 0,
                                 0, first, 4));
    for (seL4_Word i = 0; i < 4; i++)
        CHECK_EQ(seL4_DebugCapIdentify(first + i), CAPTYPE_endpoint);
    CHECK_EQ(seL4_DebugCapIdentify(first + 4), CAPTYPE_null);
}

KTEST(retype_bad_type)
{
    seL4_CPtr slot = TRY(alloc_slot());
    CHECK_ERR(seL4_Untyped_Retype(test_untyped(), seL4_ObjectTypeCount, 0, seL4_CapInitThreadCNode,
                                  0, 0, slot, 1),
              seL4_InvalidArgument);
    CHECK_EQ(seL4_GetMR(0), 0); /* argument 0: the type */
    CHECK_EQ(seL4_DebugCapIdentify(slot), CAPTYPE_null);
}

KTEST(retype_zero_objects)
{
    seL4_CPtr slot = TRY(alloc_slot());
    CHECK_ERR(seL4_Untyped_Retype(test_untyped(), seL4_EndpointObject, 0, seL4_CapInitThreadCNode,
                                  0, 0, slot, 0),
              seL4_RangeError);
    CHECK_EQ(seL4_GetMR(0), 1);
    CHECK_EQ(seL4_GetMR(1), seL4_UntypedRetypeMaxObjects);
    CHECK_EQ(seL4_DebugCapIdentify(slot), CAPTYPE_null);
}

/* An occupied destination is refused and left untouched. */
KTEST(retype_dest_occupied)
{
    seL4_CPtr ntfn = TRY(new_object(seL4_NotificationObject, 0));
    CHECK_ERR(seL4_Untyped_Retype(test_untyped(), seL4_EndpointObject, 0, seL4_CapInitThreadCNode,
                                  0, 0, ntfn, 1),
              seL4_DeleteFirst);
    CHECK_EQ(seL4_DebugCapIdentify(ntfn), CAPTYPE_notification);
}

/* Asking a fresh 64 KiB untyped for a 128 KiB child: NotEnoughMemory reporting all
 * 64 KiB as available; a 64 KiB child then fits exactly. */
KTEST(retype_not_enough_memory)
{
    seL4_CPtr ut = TRY(new_object(seL4_UntypedObject, 16));
    seL4_CPtr slot = TRY(alloc_slot());
    CHECK_ERR(
        seL4_Untyped_Retype(ut, seL4_UntypedObject, 17, seL4_CapInitThreadCNode, 0, 0, slot, 1),
        seL4_NotEnoughMemory);
    CHECK_EQ(seL4_GetMR(0), 1ul << 16);
    CHECK_EQ(seL4_DebugCapIdentify(slot), CAPTYPE_null);
    CHECK_OK(
        seL4_Untyped_Retype(ut, seL4_UntypedObject, 16, seL4_CapInitThreadCNode, 0, 0, slot, 1));
}

/* Device memory may only become frames (or untypeds): a TCB is refused, a frame is not. */
KTEST(retype_device_untyped)
{
    seL4_CPtr dev = seL4_CapNull;
    seL4_Word n = bootinfo->untyped.end - bootinfo->untyped.start;
    for (seL4_Word i = 0; i < n; i++) {
        const seL4_UntypedDesc *d = &bootinfo->untypedList[i];
        if (d->isDevice && d->sizeBits >= seL4_PageBits + 1) {
            dev = bootinfo->untyped.start + i;
            break;
        }
    }
    CHECK_MSG(dev != seL4_CapNull, "BootInfo lists no device untyped of at least 8 KiB");
    seL4_CPtr slot = TRY(alloc_slot());
    CHECK_ERR(seL4_Untyped_Retype(dev, seL4_TCBObject, 0, seL4_CapInitThreadCNode, 0, 0, slot, 1),
              seL4_InvalidArgument);
    CHECK_EQ(seL4_GetMR(0), 1);
    CHECK_EQ(seL4_DebugCapIdentify(slot), CAPTYPE_null);
    CHECK_OK(
        seL4_Untyped_Retype(dev, seL4_RISCV_4K_Page, 0, seL4_CapInitThreadCNode, 0, 0, slot, 1));
    CHECK_EQ(seL4_DebugCapIdentify(slot), CAPTYPE_frame);
}
