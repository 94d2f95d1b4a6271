/* Boot interface: BootInfo contents and the root task's initial capabilities. */
#include "framework.h"

static bool regions_disjoint(seL4_SlotRegion a, seL4_SlotRegion b)
{
    return a.start == a.end || b.start == b.end || a.end <= b.start || b.end <= a.start;
}

/* Header fields and the fixed placement of the IPC buffer and BootInfo frames. */
KTEST(bootinfo_header)
{
    CHECK_EQ(bootinfo->nodeID, 0);
    CHECK_EQ(bootinfo->numNodes, 1);
    CHECK_EQ(bootinfo->numIOPTLevels, 0);
    CHECK_EQ(bootinfo->initThreadDomain, 0);
    CHECK_EQ(bootinfo->sharedFrames.start, bootinfo->sharedFrames.end);
    /* The IPC buffer is the page after the image and BootInfo the page after that. */
    seL4_Word ipcbuf = (seL4_Word)bootinfo->ipcBuffer;
    CHECK_EQ(ipcbuf & ((1ul << seL4_PageBits) - 1), 0);
    CHECK_EQ(ipcbuf + (1ul << seL4_PageBits), (seL4_Word)bootinfo);
    CHECK_LT((seL4_Word)bootinfo, seL4_UserTop);
}

/* The root CNode really has 2^initThreadCNodeSizeBits slots and a zero guard that makes
 * slot numbers valid full-depth cptrs: the last slot resolves, the next index does not. */
KTEST(bootinfo_cnode_size)
{
    seL4_Word bits = bootinfo->initThreadCNodeSizeBits;
    CHECK_GE(bits, 8);
    CHECK_LE(bits, 24);
    CHECK_EQ(bootinfo->empty.end, 1ul << bits);
    /* The last slot is in the empty region: deleting an empty slot succeeds. */
    CHECK_OK(seL4_CNode_Delete(seL4_CapInitThreadCNode, (1ul << bits) - 1, ROOT_DEPTH));
    /* One past the end sets a guard bit: guard mismatch on the destination lookup. */
    CHECK_ERR(seL4_CNode_Delete(seL4_CapInitThreadCNode, 1ul << bits, ROOT_DEPTH),
              seL4_FailedLookup);
    CHECK_EQ(seL4_GetMR(0), 0); /* not a source lookup */
    CHECK_EQ(seL4_GetMR(1), seL4_GuardMismatch);
}

/* Slot regions are inside the CNode, after the fixed caps, and do not overlap. */
KTEST(bootinfo_slot_regions)
{
    seL4_Word slots = 1ul << bootinfo->initThreadCNodeSizeBits;
    const seL4_SlotRegion *r[] = {&bootinfo->empty, &bootinfo->userImageFrames,
                                  &bootinfo->userImagePaging, &bootinfo->untyped,
                                  &bootinfo->extraBIPages};
    for (unsigned i = 0; i < sizeof(r) / sizeof(r[0]); i++) {
        CHECK_LE(r[i]->start, r[i]->end);
        CHECK_LE(r[i]->end, slots);
        if (r[i]->start != r[i]->end) CHECK_GE(r[i]->start, seL4_NumInitialCaps);
        for (unsigned j = 0; j < i; j++)
            CHECK_MSG(regions_disjoint(*r[i], *r[j]), "slot regions %u and %u overlap", i, j);
    }
    CHECK_LT(bootinfo->empty.start, bootinfo->empty.end);
    CHECK_LT(bootinfo->userImageFrames.start, bootinfo->userImageFrames.end);
    CHECK_LT(bootinfo->untyped.start, bootinfo->untyped.end);
}

/* Untyped descriptors: sane sizes, natural alignment, RAM present and not overlapping. */
KTEST(bootinfo_untyped_list)
{
    seL4_Word n = bootinfo->untyped.end - bootinfo->untyped.start;
    CHECK_LE(n, sizeof(bootinfo->untypedList) / sizeof(bootinfo->untypedList[0]));
    seL4_Word ram = 0;
    for (seL4_Word i = 0; i < n; i++) {
        const seL4_UntypedDesc *d = &bootinfo->untypedList[i];
        CHECK_GE(d->sizeBits, seL4_MinUntypedBits);
        CHECK_LE(d->sizeBits, seL4_MaxUntypedBits);
        CHECK_EQ(d->paddr & ((1ul << d->sizeBits) - 1), 0);
        CHECK_LE(d->isDevice, 1);
        if (!d->isDevice) ram += 1ul << d->sizeBits;
        for (seL4_Word j = 0; j < i; j++) {
            const seL4_UntypedDesc *e = &bootinfo->untypedList[j];
            seL4_Word d_end = d->paddr + (1ul << d->sizeBits);
            seL4_Word e_end = e->paddr + (1ul << e->sizeBits);
            CHECK_MSG(d_end <= e->paddr || e_end <= d->paddr,
                      "untypeds %lu and %lu overlap (0x%lx/%u, 0x%lx/%u)", (unsigned long)i,
                      (unsigned long)j, (unsigned long)d->paddr, d->sizeBits,
                      (unsigned long)e->paddr, e->sizeBits);
        }
    }
    /* The suite runs on a machine of at least 512 MiB; most of it must be handed to the root. */
    CHECK_GE(ram, 256ul << 20);
}

/* Every cap in the untyped region is an untyped cap. */
KTEST(bootinfo_untyped_caps)
{
    for (seL4_CPtr s = bootinfo->untyped.start; s < bootinfo->untyped.end; s++)
        CHECK_MSG(seL4_DebugCapIdentify(s) == CAPTYPE_untyped, "slot %lu has cap type %u",
                  (unsigned long)s, seL4_DebugCapIdentify(s));
}

/* User-image frame caps are frames, paging caps are page tables. */
KTEST(bootinfo_image_caps)
{
    for (seL4_CPtr s = bootinfo->userImageFrames.start; s < bootinfo->userImageFrames.end; s++)
        CHECK_MSG(seL4_DebugCapIdentify(s) == CAPTYPE_frame, "image frame slot %lu: type %u",
                  (unsigned long)s, seL4_DebugCapIdentify(s));
    for (seL4_CPtr s = bootinfo->userImagePaging.start; s < bootinfo->userImagePaging.end; s++)
        CHECK_MSG(seL4_DebugCapIdentify(s) == CAPTYPE_page_table, "image paging slot %lu: type %u",
                  (unsigned long)s, seL4_DebugCapIdentify(s));
}

/* The fixed initial caps have the documented types; unused fixed slots are null. */
KTEST(initial_cap_types)
{
    CHECK_EQ(seL4_DebugCapIdentify(seL4_CapNull), CAPTYPE_null);
    CHECK_EQ(seL4_DebugCapIdentify(seL4_CapInitThreadTCB), CAPTYPE_thread);
    CHECK_EQ(seL4_DebugCapIdentify(seL4_CapInitThreadCNode), CAPTYPE_cnode);
    CHECK_EQ(seL4_DebugCapIdentify(seL4_CapInitThreadVSpace), CAPTYPE_page_table);
    CHECK_EQ(seL4_DebugCapIdentify(seL4_CapIRQControl), CAPTYPE_irq_control);
    CHECK_EQ(seL4_DebugCapIdentify(seL4_CapASIDControl), CAPTYPE_asid_control);
    CHECK_EQ(seL4_DebugCapIdentify(seL4_CapInitThreadASIDPool), CAPTYPE_asid_pool);
    CHECK_EQ(seL4_DebugCapIdentify(seL4_CapIOPortControl), CAPTYPE_null);
    CHECK_EQ(seL4_DebugCapIdentify(seL4_CapIOSpace), CAPTYPE_null);
    CHECK_EQ(seL4_DebugCapIdentify(seL4_CapBootInfoFrame), CAPTYPE_frame);
    CHECK_EQ(seL4_DebugCapIdentify(seL4_CapInitThreadIPCBuffer), CAPTYPE_frame);
    CHECK_EQ(seL4_DebugCapIdentify(seL4_CapDomain), CAPTYPE_domain);
    for (seL4_CPtr s = 12; s < seL4_NumInitialCaps; s++)
        CHECK_MSG(seL4_DebugCapIdentify(s) == CAPTYPE_null, "fixed slot %lu: type %u",
                  (unsigned long)s, seL4_DebugCapIdentify(s));
}

/* Empty slots identify as null, a retyped object appears, and deleting it empties the slot
 * again. */
KTEST(debug_cap_identify_null_slot)
{
    CHECK_EQ(seL4_DebugCapIdentify(bootinfo->empty.end - 1), CAPTYPE_null);
    seL4_CPtr slot = TRY(alloc_slot());
    CHECK_EQ(seL4_DebugCapIdentify(slot), CAPTYPE_null);
    CHECK_OK(seL4_Untyped_Retype(test_untyped(), seL4_EndpointObject, 0, seL4_CapInitThreadCNode, 0,
                                 0, slot, 1));
    CHECK_EQ(seL4_DebugCapIdentify(slot), CAPTYPE_endpoint);
    CHECK_OK(seL4_CNode_Delete(seL4_CapInitThreadCNode, slot, ROOT_DEPTH));
    CHECK_EQ(seL4_DebugCapIdentify(slot), CAPTYPE_null);
}
