/* Untyped_Retype in depth: every object type (the 1 GiB page included), each decode rule
 * of the ABI sheet (section 6.3, rules 1-12) with its exact error words and reply length,
 * the order of the checks, object placement and the reset of an untyped without
 * children. */
#include "framework.h"

#define ROOT seL4_CapInitThreadCNode

/* A 1 GiB-aligned region of the root VSpace no other test maps (the page-table test
 * regions start at VA_PT_TEST_BASE; see also t17_vspace.c). */
#define VA_GIGA (VA_PT_TEST_BASE + (16ul << 30))

/* Raw Untyped_Retype with all six words and the root cap; returns the reply info. */
static seL4_MessageInfo_t retype_raw(seL4_CPtr ut, seL4_Word type, seL4_Word size_bits,
                                     seL4_CPtr root, seL4_Word index, seL4_Word depth,
                                     seL4_Word offset, seL4_Word num)
{
    seL4_Word mr[6] = {type, size_bits, index, depth, offset, num};
    return invoke_raw(ut, UntypedRetype, 6, mr, 1, &root);
}

/* A device untyped from BootInfo of at least 2^min_bits bytes that does not contain
 * `avoid` (the UART, which t15_irq.c needs untouched), or seL4_CapNull. */
static seL4_CPtr device_untyped(seL4_Word min_bits, seL4_Word avoid)
{
    seL4_Word n = bootinfo->untyped.end - bootinfo->untyped.start;
    for (seL4_Word i = 0; i < n; i++) {
        const seL4_UntypedDesc *d = &bootinfo->untypedList[i];
        if (!d->isDevice || d->sizeBits < min_bits) continue;
        if (avoid >= d->paddr && avoid - d->paddr < (1ul << d->sizeBits)) continue;
        return bootinfo->untyped.start + i;
    }
    return seL4_CapNull;
}

#define UART_PADDR 0x10000000ul

/* ---- Every object type ------------------------------------------------------------------ */

/* One object of each fixed-size type (and small variable-size ones) has the expected cap
 * type, and only the destination slot is filled. */
KTEST(retype_each_object_type)
{
    static const struct {
        seL4_Word type, bits, captype;
    } t[] = {
        {seL4_UntypedObject, 12, CAPTYPE_untyped},
        {seL4_TCBObject, 0, CAPTYPE_thread},
        {seL4_EndpointObject, 0, CAPTYPE_endpoint},
        {seL4_NotificationObject, 0, CAPTYPE_notification},
        {seL4_CapTableObject, 1, CAPTYPE_cnode},
        {seL4_CapTableObject, 6, CAPTYPE_cnode},
        {seL4_RISCV_4K_Page, 0, CAPTYPE_frame},
        {seL4_RISCV_PageTableObject, 0, CAPTYPE_page_table},
    };
    seL4_CPtr slots = TRY(alloc_slots(sizeof(t) / sizeof(t[0]) + 1));
    for (seL4_Word i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
        CHECK_OK(
            seL4_Untyped_Retype(test_untyped(), t[i].type, t[i].bits, ROOT, 0, 0, slots + i, 1));
        CHECK_MSG(seL4_DebugCapIdentify(slots + i) == t[i].captype,
                  "type %lu: cap type %u, expected %lu", (unsigned long)t[i].type,
                  seL4_DebugCapIdentify(slots + i), (unsigned long)t[i].captype);
    }
    CHECK_EQ(seL4_DebugCapIdentify(slots + sizeof(t) / sizeof(t[0])), CAPTYPE_null);
}

/* The 1 GiB page (type 5, before the 4 KiB page in the numbering) needs a 1 GiB untyped:
 * it maps at a 1 GiB-aligned address straight into the root page table. */
KTEST(retype_giga_page)
{
    seL4_CPtr ut = TRY(extra_untyped(seL4_HugePageBits));
    seL4_CPtr frame = TRY(alloc_slot());
    CHECK_OK(seL4_Untyped_Retype(ut, seL4_RISCV_Giga_Page, 0, ROOT, 0, 0, frame, 1));
    CHECK_EQ(seL4_DebugCapIdentify(frame), CAPTYPE_frame);
    seL4_RISCV_Page_GetAddress_t a = seL4_RISCV_Page_GetAddress(frame);
    CHECK_OK(a.error);
    CHECK_EQ(a.paddr & ((1ul << seL4_HugePageBits) - 1), 0);
    /* A 1 GiB page at a 2 MiB-aligned address is misaligned. */
    CHECK_ERR(seL4_RISCV_Page_Map(frame, seL4_CapInitThreadVSpace, VA_GIGA + (1ul << 21),
                                  seL4_ReadWrite, seL4_RISCV_Default_VMAttributes),
              seL4_AlignmentError);
    CHECK_OK(seL4_RISCV_Page_Map(frame, seL4_CapInitThreadVSpace, VA_GIGA, seL4_ReadWrite,
                                 seL4_RISCV_Default_VMAttributes));
    volatile seL4_Word *p = (volatile seL4_Word *)VA_GIGA;
    seL4_Word last = (1ul << seL4_HugePageBits) / sizeof(seL4_Word) - 1;
    CHECK_EQ(p[0], 0);
    CHECK_EQ(p[last / 3], 0);
    CHECK_EQ(p[last], 0);
    p[0] = 0x61;
    p[last] = 0x9a;
    CHECK_EQ(p[0], 0x61);
    CHECK_EQ(p[last], 0x9a);
    CHECK_OK(seL4_RISCV_Page_Unmap(frame));
    /* Nothing more fits in the untyped. */
    seL4_CPtr slot = TRY(alloc_slot());
    CHECK_ERR(seL4_Untyped_Retype(ut, seL4_RISCV_4K_Page, 0, ROOT, 0, 0, slot, 1),
              seL4_NotEnoughMemory);
    CHECK_EQ(seL4_GetMR(0), 0);
}

/* 256 objects (the fan-out limit) in one call fill a 256-slot CNode. */
KTEST(retype_fan_out_limit)
{
    seL4_CPtr cnode = TRY(new_object(seL4_CapTableObject, 8));
    CHECK_OK(seL4_Untyped_Retype(test_untyped(), seL4_NotificationObject, 0, cnode, 0, 0, 0, 256));
    seL4_CPtr back = TRY(alloc_slot());
    for (seL4_Word i = 0; i < 256; i += 51) {
        CHECK_OK(seL4_CNode_Copy(ROOT, back, ROOT_DEPTH, cnode, i, 8, seL4_AllRights));
        CHECK_EQ(seL4_DebugCapIdentify(back), CAPTYPE_notification);
        CHECK_OK(seL4_CNode_Delete(ROOT, back, ROOT_DEPTH));
    }
    CHECK_OK(seL4_CNode_Copy(ROOT, back, ROOT_DEPTH, cnode, 255, 8, seL4_AllRights));
    CHECK_EQ(seL4_DebugCapIdentify(back), CAPTYPE_notification);
}

/* node_index/node_depth name a CNode inside another CNode: the objects land there. */
KTEST(retype_into_nested_cnode)
{
    seL4_CPtr l1 = TRY(new_object(seL4_CapTableObject, 4));
    seL4_CPtr l2 = TRY(new_object(seL4_CapTableObject, 3));
    CHECK_OK(seL4_CNode_Copy(l1, 5, 4, ROOT, l2, ROOT_DEPTH, seL4_AllRights));
    /* L1 slot 5 (depth 4) holds L2: objects go to L2 slots 2..3. */
    CHECK_OK(seL4_Untyped_Retype(test_untyped(), seL4_EndpointObject, 0, l1, 5, 4, 2, 2));
    seL4_CPtr back = TRY(alloc_slot());
    CHECK_OK(seL4_CNode_Copy(ROOT, back, ROOT_DEPTH, l1, (5 << 3) | 3, 7, seL4_AllRights));
    CHECK_EQ(seL4_DebugCapIdentify(back), CAPTYPE_endpoint);
    /* L1 itself was not touched: its slot 2 is empty (an empty source). */
    CHECK_ERR(seL4_CNode_Copy(ROOT, alloc_slot(), ROOT_DEPTH, l1, 2, 4, seL4_AllRights),
              seL4_FailedLookup);
    CHECK_EQ(seL4_GetMR(0), 1);
    CHECK_EQ(seL4_GetMR(1), seL4_MissingCapability);
    CHECK_EQ(seL4_GetMR(2), 4);
}

/* ---- Rule 1: truncated messages ----------------------------------------------------------- */

KTEST(retype_err_truncated)
{
    seL4_CPtr slot = TRY(alloc_slot());
    seL4_CPtr root = ROOT;
    seL4_Word mr[6] = {seL4_EndpointObject, 0, 0, 0, slot, 1};
    /* Five words. */
    CHECK_REPLY(invoke_raw(test_untyped(), UntypedRetype, 5, mr, 1, &root), seL4_TruncatedMessage,
                0);
    /* Six words, no root cap. */
    CHECK_REPLY(invoke_raw(test_untyped(), UntypedRetype, 6, mr, 0, NULL), seL4_TruncatedMessage,
                0);
    CHECK_EQ(seL4_DebugCapIdentify(slot), CAPTYPE_null);
    /* Complete: works. */
    CHECK_REPLY(invoke_raw(test_untyped(), UntypedRetype, 6, mr, 1, &root), seL4_NoError, 0);
    CHECK_EQ(seL4_DebugCapIdentify(slot), CAPTYPE_endpoint);
}

/* ---- Rule 2: the type --------------------------------------------------------------------- */

KTEST(retype_err_type_out_of_range)
{
    seL4_CPtr slot = TRY(alloc_slot());
    static const seL4_Word bad[] = {seL4_ObjectTypeCount, 0xffffffff /* Tera page on Sv39 */,
                                    1ul << 40, ~0ul};
    for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        seL4_MessageInfo_t r = retype_raw(test_untyped(), bad[i], 0, ROOT, 0, 0, slot, 1);
        CHECK_REPLY(r, seL4_InvalidArgument, 1);
        CHECK_EQ(seL4_GetMR(0), 0);
    }
    CHECK_EQ(seL4_DebugCapIdentify(slot), CAPTYPE_null);
}

/* ---- Rule 3: the size --------------------------------------------------------------------- */

KTEST(retype_err_size_range)
{
    seL4_CPtr slot = TRY(alloc_slot());
    static const struct {
        seL4_Word type, bits;
    } bad[] = {
        {seL4_UntypedObject, seL4_MaxUntypedBits + 1},
        {seL4_UntypedObject, 63},
        {seL4_UntypedObject, 64},
        {seL4_CapTableObject, seL4_MaxUntypedBits - seL4_SlotBits + 1}, /* 2^39-byte CNode */
        {seL4_CapTableObject, 64},
        {seL4_RISCV_4K_Page, 64}, /* the size word is checked even where it is unused */
        {seL4_EndpointObject, ~0ul},
    };
    for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        seL4_MessageInfo_t r =
            retype_raw(test_untyped(), bad[i].type, bad[i].bits, ROOT, 0, 0, slot, 1);
        CHECK_MSG(seL4_MessageInfo_get_label(r) == seL4_RangeError, "type %lu size %lu: %s",
                  (unsigned long)bad[i].type, (unsigned long)bad[i].bits,
                  error_name(seL4_MessageInfo_get_label(r)));
        CHECK_EQ(seL4_MessageInfo_get_length(r), 2);
        CHECK_EQ(seL4_GetMR(0), 0);
        CHECK_EQ(seL4_GetMR(1), seL4_MaxUntypedBits);
    }
    /* The largest sizes pass the range check and fail for lack of memory instead. */
    seL4_CPtr small = TRY(new_object(seL4_UntypedObject, 16));
    CHECK_ERR(
        seL4_Untyped_Retype(small, seL4_UntypedObject, seL4_MaxUntypedBits, ROOT, 0, 0, slot, 1),
        seL4_NotEnoughMemory);
    CHECK_EQ(seL4_GetMR(0), 1ul << 16);
    CHECK_ERR(seL4_Untyped_Retype(small, seL4_CapTableObject, seL4_MaxUntypedBits - seL4_SlotBits,
                                  ROOT, 0, 0, slot, 1),
              seL4_NotEnoughMemory);
    CHECK_EQ(seL4_DebugCapIdentify(slot), CAPTYPE_null);
}

/* ---- Rules 4 and 5: variable-size minimums ------------------------------------------------ */

KTEST(retype_err_small_sizes)
{
    seL4_CPtr slot = TRY(alloc_slot());
    seL4_MessageInfo_t r = retype_raw(test_untyped(), seL4_CapTableObject, 0, ROOT, 0, 0, slot, 1);
    CHECK_REPLY(r, seL4_InvalidArgument, 1);
    CHECK_EQ(seL4_GetMR(0), 1);
    for (seL4_Word bits = 0; bits < seL4_MinUntypedBits; bits++) {
        r = retype_raw(test_untyped(), seL4_UntypedObject, bits, ROOT, 0, 0, slot, 1);
        CHECK_REPLY(r, seL4_InvalidArgument, 1);
        CHECK_EQ(seL4_GetMR(0), 1);
    }
    CHECK_EQ(seL4_DebugCapIdentify(slot), CAPTYPE_null);
    /* The minimums themselves are fine. */
    CHECK_OK(seL4_Untyped_Retype(test_untyped(), seL4_UntypedObject, seL4_MinUntypedBits, ROOT, 0,
                                 0, slot, 1));
    CHECK_EQ(seL4_DebugCapIdentify(slot), CAPTYPE_untyped);
    seL4_CPtr slot2 = TRY(alloc_slot());
    CHECK_OK(seL4_Untyped_Retype(test_untyped(), seL4_CapTableObject, 1, ROOT, 0, 0, slot2, 1));
    CHECK_EQ(seL4_DebugCapIdentify(slot2), CAPTYPE_cnode);
}

/* ---- Rule 6: the destination CNode -------------------------------------------------------- */

KTEST(retype_err_dest_not_cnode)
{
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    seL4_CPtr empty = TRY(alloc_slot());
    /* The slot named by node_index/node_depth holds an endpoint, or nothing. */
    seL4_MessageInfo_t r = retype_raw(test_untyped(), seL4_EndpointObject, 0, ROOT, ep, 64, 0, 1);
    CHECK_REPLY(r, seL4_FailedLookup, 3);
    CHECK_EQ(seL4_GetMR(0), 0);
    CHECK_EQ(seL4_GetMR(1), seL4_MissingCapability);
    CHECK_EQ(seL4_GetMR(2), 64);
    r = retype_raw(test_untyped(), seL4_EndpointObject, 0, ROOT, empty, 64, 0, 1);
    CHECK_REPLY(r, seL4_FailedLookup, 3);
    CHECK_EQ(seL4_GetMR(1), seL4_MissingCapability);
    CHECK_EQ(seL4_GetMR(2), 64);
    /* node_depth 0: the root cap itself must be a CNode. */
    r = retype_raw(test_untyped(), seL4_EndpointObject, 0, ep, 0, 0, 0, 1);
    CHECK_REPLY(r, seL4_FailedLookup, 3);
    CHECK_EQ(seL4_GetMR(0), 0);
    CHECK_EQ(seL4_GetMR(1), seL4_MissingCapability);
    CHECK_EQ(seL4_GetMR(2), 0);
    /* A lookup in a root that is not a CNode: invalid root. */
    r = retype_raw(test_untyped(), seL4_EndpointObject, 0, ep, 0, 64, 0, 1);
    CHECK_REPLY(r, seL4_FailedLookup, 2);
    CHECK_EQ(seL4_GetMR(0), 0);
    CHECK_EQ(seL4_GetMR(1), seL4_InvalidRoot);
    /* Depth outside 1..64. */
    r = retype_raw(test_untyped(), seL4_EndpointObject, 0, ROOT, ep, 65, 0, 1);
    CHECK_REPLY(r, seL4_RangeError, 2);
    CHECK_EQ(seL4_GetMR(0), 1);
    CHECK_EQ(seL4_GetMR(1), 64);
    /* Depth 32 cannot get past the root CNode's 52-bit guard. */
    r = retype_raw(test_untyped(), seL4_EndpointObject, 0, ROOT, ep, 32, 0, 1);
    CHECK_REPLY(r, seL4_FailedLookup, 5);
    CHECK_EQ(seL4_GetMR(0), 0);
    CHECK_EQ(seL4_GetMR(1), seL4_GuardMismatch);
    CHECK_EQ(seL4_GetMR(2), 32);
    CHECK_EQ(seL4_GetMR(3), 0);
    CHECK_EQ(seL4_GetMR(4), 64 - bootinfo->initThreadCNodeSizeBits);
    CHECK_EQ(seL4_DebugCapIdentify(empty), CAPTYPE_null);
}

/* ---- Rules 7-9: offset and count ---------------------------------------------------------- */

KTEST(retype_err_offset_range)
{
    seL4_CPtr cnode = TRY(new_object(seL4_CapTableObject, 4));
    seL4_MessageInfo_t r = retype_raw(test_untyped(), seL4_EndpointObject, 0, cnode, 0, 0, 16, 1);
    CHECK_REPLY(r, seL4_RangeError, 2);
    CHECK_EQ(seL4_GetMR(0), 0);
    CHECK_EQ(seL4_GetMR(1), 15);
    r = retype_raw(test_untyped(), seL4_EndpointObject, 0, cnode, 0, 0, ~0ul, 1);
    CHECK_REPLY(r, seL4_RangeError, 2);
    CHECK_EQ(seL4_GetMR(1), 15);
    /* The last slot is a valid offset. */
    CHECK_OK(seL4_Untyped_Retype(test_untyped(), seL4_EndpointObject, 0, cnode, 0, 0, 15, 1));
}

KTEST(retype_err_num_objects_range)
{
    seL4_CPtr cnode = TRY(new_object(seL4_CapTableObject, 4));
    seL4_MessageInfo_t r = retype_raw(test_untyped(), seL4_EndpointObject, 0, cnode, 0, 0, 0, 257);
    CHECK_REPLY(r, seL4_RangeError, 2);
    CHECK_EQ(seL4_GetMR(0), 1);
    CHECK_EQ(seL4_GetMR(1), seL4_UntypedRetypeMaxObjects);
    /* More objects than slots after the offset: the range is 1..slots-offset. */
    r = retype_raw(test_untyped(), seL4_EndpointObject, 0, cnode, 0, 0, 10, 7);
    CHECK_REPLY(r, seL4_RangeError, 2);
    CHECK_EQ(seL4_GetMR(0), 1);
    CHECK_EQ(seL4_GetMR(1), 6);
    CHECK_OK(seL4_Untyped_Retype(test_untyped(), seL4_EndpointObject, 0, cnode, 0, 0, 10, 6));
    seL4_CPtr back = TRY(alloc_slot());
    CHECK_OK(seL4_CNode_Copy(ROOT, back, ROOT_DEPTH, cnode, 15, 4, seL4_AllRights));
    CHECK_EQ(seL4_DebugCapIdentify(back), CAPTYPE_endpoint);
}

/* ---- Rule 10: occupied slots in the window ------------------------------------------------ */

KTEST(retype_err_window_occupied)
{
    seL4_CPtr cnode = TRY(new_object(seL4_CapTableObject, 4));
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    CHECK_OK(seL4_CNode_Copy(cnode, 5, 4, ROOT, ep, ROOT_DEPTH, seL4_AllRights));
    seL4_MessageInfo_t r =
        retype_raw(test_untyped(), seL4_NotificationObject, 0, cnode, 0, 0, 2, 8);
    CHECK_REPLY(r, seL4_DeleteFirst, 0);
    /* Nothing was created, before or after the occupied slot. */
    seL4_CPtr back = TRY(alloc_slot());
    for (seL4_Word i = 2; i < 10; i++) {
        seL4_Error err = seL4_CNode_Copy(ROOT, back, ROOT_DEPTH, cnode, i, 4, seL4_AllRights);
        if (i == 5) {
            CHECK_OK(err);
            CHECK_EQ(seL4_DebugCapIdentify(back), CAPTYPE_endpoint);
            CHECK_OK(seL4_CNode_Delete(ROOT, back, ROOT_DEPTH));
        } else {
            CHECK_MSG(err == seL4_FailedLookup, "slot %lu of the window: %s", (unsigned long)i,
                      error_name(err));
        }
    }
}

/* ---- Rule 11: free memory ----------------------------------------------------------------- */

/* The free-bytes figure counts from the watermark and ignores alignment padding. */
KTEST(retype_err_not_enough_memory_bytes)
{
    seL4_CPtr ut = TRY(new_object(seL4_UntypedObject, 16));
    seL4_CPtr slots = TRY(alloc_slots(17));
    CHECK_OK(seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, ROOT, 0, 0, slots, 1));
    /* 65520 bytes are free, but 16 pages need 65536. */
    seL4_MessageInfo_t r = retype_raw(ut, seL4_RISCV_4K_Page, 0, ROOT, 0, 0, slots + 1, 16);
    CHECK_REPLY(r, seL4_NotEnoughMemory, 1);
    CHECK_EQ(seL4_GetMR(0), (1ul << 16) - (1ul << seL4_EndpointBits));
    /* Fifteen pages fit (after padding to the next page boundary) and use it all up. */
    CHECK_OK(seL4_Untyped_Retype(ut, seL4_RISCV_4K_Page, 0, ROOT, 0, 0, slots + 1, 15));
    r = retype_raw(ut, seL4_EndpointObject, 0, ROOT, 0, 0, slots + 16, 1);
    CHECK_REPLY(r, seL4_NotEnoughMemory, 1);
    CHECK_EQ(seL4_GetMR(0), 0);
}

/* ---- Rule 12: device memory ----------------------------------------------------------------- */

KTEST(retype_err_device_types)
{
    seL4_CPtr dev = device_untyped(17, UART_PADDR);
    CHECK_MSG(dev != seL4_CapNull, "no device untyped of 128 KiB or more");
    /* A 64 KiB device child: device untypeds may become untypeds, which stay device. */
    seL4_CPtr child = TRY(alloc_slot());
    CHECK_OK(seL4_Untyped_Retype(dev, seL4_UntypedObject, 16, ROOT, 0, 0, child, 1));
    CHECK_EQ(seL4_DebugCapIdentify(child), CAPTYPE_untyped);
    seL4_CPtr slot = TRY(alloc_slot());
    static const seL4_Word bad[][2] = {{seL4_TCBObject, 0},
                                       {seL4_EndpointObject, 0},
                                       {seL4_NotificationObject, 0},
                                       {seL4_CapTableObject, 2},
                                       {seL4_RISCV_PageTableObject, 0}};
    for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        seL4_MessageInfo_t r = retype_raw(child, bad[i][0], bad[i][1], ROOT, 0, 0, slot, 1);
        CHECK_MSG(seL4_MessageInfo_get_label(r) == seL4_InvalidArgument, "type %lu: %s",
                  (unsigned long)bad[i][0], error_name(seL4_MessageInfo_get_label(r)));
        CHECK_EQ(seL4_MessageInfo_get_length(r), 1);
        CHECK_EQ(seL4_GetMR(0), 1);
    }
    CHECK_EQ(seL4_DebugCapIdentify(slot), CAPTYPE_null);
    /* A grandchild untyped is device memory too. */
    seL4_CPtr grandchild = TRY(alloc_slot());
    CHECK_OK(seL4_Untyped_Retype(child, seL4_UntypedObject, 12, ROOT, 0, 0, grandchild, 1));
    seL4_MessageInfo_t r = retype_raw(grandchild, seL4_EndpointObject, 0, ROOT, 0, 0, slot, 1);
    CHECK_REPLY(r, seL4_InvalidArgument, 1);
    CHECK_EQ(seL4_GetMR(0), 1);
    /* Frames are what device memory is for. */
    CHECK_OK(seL4_Untyped_Retype(grandchild, seL4_RISCV_4K_Page, 0, ROOT, 0, 0, slot, 1));
    CHECK_EQ(seL4_DebugCapIdentify(slot), CAPTYPE_frame);
}

/* ---- Order of the checks ------------------------------------------------------------------ */

KTEST(retype_err_check_order)
{
    seL4_CPtr occupied = TRY(new_object(seL4_EndpointObject, 0));
    seL4_CPtr cnode = TRY(new_object(seL4_CapTableObject, 4));
    /* Rule 2 (type) before rule 8 (count). */
    seL4_MessageInfo_t r =
        retype_raw(test_untyped(), seL4_ObjectTypeCount, 0, ROOT, 0, 0, occupied, 0);
    CHECK_REPLY(r, seL4_InvalidArgument, 1);
    CHECK_EQ(seL4_GetMR(0), 0);
    /* Rule 3 (size) before rule 10 (occupied). */
    r = retype_raw(test_untyped(), seL4_UntypedObject, 40, ROOT, 0, 0, occupied, 1);
    CHECK_REPLY(r, seL4_RangeError, 2);
    /* Rule 5 (untyped minimum) before rule 6 (destination). */
    r = retype_raw(test_untyped(), seL4_UntypedObject, 2, occupied, 0, 0, 0, 1);
    CHECK_REPLY(r, seL4_InvalidArgument, 1);
    CHECK_EQ(seL4_GetMR(0), 1);
    /* Rule 6 (destination) before rule 8 (count). */
    r = retype_raw(test_untyped(), seL4_EndpointObject, 0, occupied, 0, 0, 0, 0);
    CHECK_REPLY(r, seL4_FailedLookup, 3);
    /* Rule 7 (offset) before rule 8 (count). */
    r = retype_raw(test_untyped(), seL4_EndpointObject, 0, cnode, 0, 0, 16, 0);
    CHECK_REPLY(r, seL4_RangeError, 2);
    CHECK_EQ(seL4_GetMR(0), 0);
    CHECK_EQ(seL4_GetMR(1), 15);
    /* Rule 10 (occupied) before rule 11 (memory). */
    seL4_CPtr tiny = TRY(new_object(seL4_UntypedObject, 12));
    r = retype_raw(tiny, seL4_RISCV_4K_Page, 0, ROOT, 0, 0, occupied, 2);
    CHECK_REPLY(r, seL4_DeleteFirst, 0);
    /* Rule 11 (memory) before rule 12 (device). */
    seL4_CPtr dev = device_untyped(13, UART_PADDR);
    CHECK_MSG(dev != seL4_CapNull, "no device untyped of 8 KiB or more");
    seL4_CPtr dev_child = TRY(alloc_slot());
    CHECK_OK(seL4_Untyped_Retype(dev, seL4_UntypedObject, 12, ROOT, 0, 0, dev_child, 1));
    seL4_CPtr three = TRY(alloc_slots(3));
    r = retype_raw(dev_child, seL4_TCBObject, 0, ROOT, 0, 0, three, 3);
    CHECK_REPLY(r, seL4_NotEnoughMemory, 1);
    CHECK_EQ(seL4_GetMR(0), 1ul << 12);
    r = retype_raw(dev_child, seL4_TCBObject, 0, ROOT, 0, 0, three, 2);
    CHECK_REPLY(r, seL4_InvalidArgument, 1);
    CHECK_EQ(seL4_GetMR(0), 1);
}

/* ---- Placement and reset ------------------------------------------------------------------- */

static seL4_Word paddr_of(seL4_CPtr frame)
{
    seL4_RISCV_Page_GetAddress_t a = seL4_RISCV_Page_GetAddress(frame);
    return a.error == seL4_NoError ? a.paddr : ~0ul;
}

/* Each object starts at the first address after the watermark that is aligned to its
 * size; the padding is lost. */
KTEST(retype_placement_alignment)
{
    seL4_CPtr ut = TRY(new_object(seL4_UntypedObject, 16));
    seL4_CPtr s = TRY(alloc_slots(5));
    CHECK_OK(seL4_Untyped_Retype(ut, seL4_RISCV_4K_Page, 0, ROOT, 0, 0, s, 1));
    seL4_Word base = paddr_of(s);
    CHECK_NE(base, ~0ul);
    CHECK_EQ(base & 0xffff, 0); /* the first object sits at the untyped's start */
    CHECK_OK(seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, ROOT, 0, 0, s + 1, 1)); /* +4 KiB */
    CHECK_OK(seL4_Untyped_Retype(ut, seL4_RISCV_4K_Page, 0, ROOT, 0, 0, s + 2, 1));
    CHECK_EQ(paddr_of(s + 2), base + 0x2000);
    /* An 8 KiB CNode is 8 KiB aligned: 0x4000..0x6000, so the next page is at 0x6000. */
    CHECK_OK(seL4_Untyped_Retype(ut, seL4_CapTableObject, 8, ROOT, 0, 0, s + 3, 1));
    CHECK_OK(seL4_Untyped_Retype(ut, seL4_RISCV_4K_Page, 0, ROOT, 0, 0, s + 4, 1));
    CHECK_EQ(paddr_of(s + 4), base + 0x6000);
}

/* An untyped whose children are all gone is reset: the next object is placed at its start
 * again, and a frame there reads as zero.  While one child remains there is no reset. */
KTEST(retype_reset_without_children)
{
    seL4_CPtr ut = TRY(new_object(seL4_UntypedObject, 16));
    seL4_CPtr s = TRY(alloc_slots(4));
    CHECK_OK(seL4_Untyped_Retype(ut, seL4_RISCV_4K_Page, 0, ROOT, 0, 0, s, 1));
    seL4_Word base = paddr_of(s);
    seL4_Word va = alloc_vaddr_4k(1);
    CHECK_OK(map_frame(s, seL4_CapInitThreadVSpace, va, seL4_ReadWrite,
                       seL4_RISCV_Default_VMAttributes));
    volatile seL4_Word *p = (volatile seL4_Word *)va;
    p[0] = 0xdead;
    p[511] = 0xbeef;
    CHECK_OK(seL4_CNode_Delete(ROOT, s, ROOT_DEPTH));
    /* The mapping went with the cap. */
    CHECK_OK(seL4_Untyped_Retype(ut, seL4_RISCV_4K_Page, 0, ROOT, 0, 0, s, 1));
    CHECK_EQ(paddr_of(s), base);
    CHECK_OK(map_frame(s, seL4_CapInitThreadVSpace, va, seL4_ReadWrite,
                       seL4_RISCV_Default_VMAttributes));
    CHECK_EQ(p[0], 0);
    CHECK_EQ(p[511], 0);
    /* Keep an endpoint: deleting the frames no longer resets the untyped. */
    CHECK_OK(seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, ROOT, 0, 0, s + 1, 1));
    CHECK_OK(seL4_Untyped_Retype(ut, seL4_RISCV_4K_Page, 0, ROOT, 0, 0, s + 2, 1));
    CHECK_EQ(paddr_of(s + 2), base + 0x2000);
    CHECK_OK(seL4_CNode_Delete(ROOT, s, ROOT_DEPTH));
    CHECK_OK(seL4_CNode_Delete(ROOT, s + 2, ROOT_DEPTH));
    CHECK_OK(seL4_Untyped_Retype(ut, seL4_RISCV_4K_Page, 0, ROOT, 0, 0, s + 3, 1));
    CHECK_EQ(paddr_of(s + 3), base + 0x3000);
}

/* A copy of an untyped is a child of it: from then on the original is full (Retype from it
 * reports no memory) and only the copy allocates, so the two can never hand out the same
 * memory twice.  Once the copy is deleted the original has no children and is whole. */
KTEST(retype_untyped_copy_marks_original_full)
{
    seL4_CPtr ut = TRY(new_object(seL4_UntypedObject, 16));
    seL4_CPtr copy = TRY(alloc_slot());
    CHECK_OK(seL4_CNode_Copy(ROOT, copy, ROOT_DEPTH, ROOT, ut, ROOT_DEPTH, seL4_AllRights));
    CHECK_EQ(seL4_DebugCapIdentify(copy), CAPTYPE_untyped);
    seL4_CPtr f_copy = TRY(new_object_from(copy, seL4_RISCV_4K_Page, 0));
    seL4_CPtr f_orig = TRY(alloc_slot());
    seL4_Error err = seL4_Untyped_Retype(ut, seL4_RISCV_4K_Page, 0, ROOT, 0, 0, f_orig, 1);
    if (err == seL4_NoError) {
        CHECK_MSG(false,
                  "Retype from the original of a copied untyped succeeded: frames at 0x%lx (copy)"
                  " and 0x%lx (original)",
                  (unsigned long)paddr_of(f_copy), (unsigned long)paddr_of(f_orig));
    }
    CHECK_ERR(err, seL4_NotEnoughMemory);
    CHECK_EQ(seL4_GetMR(0), 0);
    /* Deleting the copy (and its frame) leaves the original with no children: whole again. */
    CHECK_OK(seL4_CNode_Revoke(ROOT, copy, ROOT_DEPTH));
    CHECK_OK(seL4_CNode_Delete(ROOT, copy, ROOT_DEPTH));
    seL4_CPtr whole = TRY(new_object_from(ut, seL4_UntypedObject, 16));
    CHECK_EQ(seL4_DebugCapIdentify(whole), CAPTYPE_untyped);
}
