/* Frame mapping in the root VSpace. */
#include "framework.h"
#include "stubs.h"

#define VSPACE seL4_CapInitThreadVSpace
#define ATTR seL4_RISCV_Default_VMAttributes

/* Two caps to one frame mapped at two addresses show the same memory. */
KTEST(page_map_read_write)
{
    seL4_CPtr frame = TRY(new_object(seL4_RISCV_4K_Page, 0));
    seL4_CPtr copy = TRY(alloc_slot());
    CHECK_OK(seL4_CNode_Copy(seL4_CapInitThreadCNode, copy, ROOT_DEPTH, seL4_CapInitThreadCNode,
                             frame, ROOT_DEPTH, seL4_AllRights));
    seL4_Word va1 = alloc_vaddr_4k(1), va2 = alloc_vaddr_4k(1);
    CHECK_OK(map_frame(frame, VSPACE, va1, seL4_ReadWrite, ATTR));
    CHECK_OK(map_frame(copy, VSPACE, va2, seL4_ReadWrite, ATTR));
    volatile seL4_Word *p1 = (volatile seL4_Word *)va1, *p2 = (volatile seL4_Word *)va2;
    for (seL4_Word i = 0; i < 512; i += 37)
        p1[i] = 0xa5a5000000000000ul | i;
    for (seL4_Word i = 0; i < 512; i += 37)
        CHECK_EQ(p2[i], 0xa5a5000000000000ul | i);
    p2[100] = 0x1234;
    CHECK_EQ(p1[100], 0x1234);
}

KTEST(page_map_unaligned)
{
    seL4_CPtr frame = TRY(new_object(seL4_RISCV_4K_Page, 0));
    seL4_Word va = alloc_vaddr_4k(1);
    CHECK_ERR(seL4_RISCV_Page_Map(frame, VSPACE, va + 0x800, seL4_ReadWrite, ATTR),
              seL4_AlignmentError);
    /* A 2 MiB frame at a 4 KiB-aligned address. */
    seL4_CPtr large_ut = TRY(extra_untyped(seL4_LargePageBits));
    seL4_CPtr large = TRY(new_object_from(large_ut, seL4_RISCV_Mega_Page, 0));
    seL4_Word lva = alloc_vaddr_2m();
    CHECK_ERR(seL4_RISCV_Page_Map(large, VSPACE, lva + 0x1000, seL4_ReadWrite, ATTR),
              seL4_AlignmentError);
    /* Neither frame got mapped: both map correctly afterwards. */
    CHECK_OK(map_frame(frame, VSPACE, va, seL4_ReadWrite, ATTR));
    CHECK_OK(map_frame(large, VSPACE, lva, seL4_ReadWrite, ATTR));
}

/* Addresses at or above the user top (including kernel addresses) are refused. */
KTEST(page_map_above_user_top)
{
    seL4_CPtr frame = TRY(new_object(seL4_RISCV_4K_Page, 0));
    CHECK_ERR(seL4_RISCV_Page_Map(frame, VSPACE, seL4_UserTop, seL4_ReadWrite, ATTR),
              seL4_InvalidArgument);
    CHECK_EQ(seL4_GetMR(0), 0);
    CHECK_ERR(seL4_RISCV_Page_Map(frame, VSPACE, 0xffffffc000000000ul, seL4_ReadWrite, ATTR),
              seL4_InvalidArgument);
    /* The last page below the top is fine. */
    CHECK_OK(map_frame(frame, VSPACE, seL4_UserTop - (1ul << seL4_PageBits), seL4_ReadWrite, ATTR));
    volatile seL4_Word *p = (volatile seL4_Word *)(seL4_UserTop - (1ul << seL4_PageBits));
    p[511] = 99;
    CHECK_EQ(p[511], 99);
}

/* Without the page tables for an address, Page_Map reports a failed lookup. */
KTEST(page_map_missing_table)
{
    seL4_CPtr frame = TRY(new_object(seL4_RISCV_4K_Page, 0));
    CHECK_ERR(
        seL4_RISCV_Page_Map(frame, VSPACE, VA_PT_TEST_BASE + (1ul << 30), seL4_ReadWrite, ATTR),
        seL4_FailedLookup);
    CHECK_EQ(seL4_GetMR(1), seL4_MissingCapability);
}

/* One frame cap maps once: elsewhere is refused, the same place is a remap; another
 * frame cannot take an occupied address. */
KTEST(page_map_conflicts)
{
    seL4_CPtr frame = TRY(new_object(seL4_RISCV_4K_Page, 0));
    seL4_CPtr other = TRY(new_object(seL4_RISCV_4K_Page, 0));
    seL4_Word va = alloc_vaddr_4k(2);
    CHECK_OK(map_frame(frame, VSPACE, va, seL4_ReadWrite, ATTR));
    *(volatile seL4_Word *)va = 0x77;
    CHECK_ERR(seL4_RISCV_Page_Map(frame, VSPACE, va + 0x1000, seL4_ReadWrite, ATTR),
              seL4_InvalidArgument);
    CHECK_ERR(seL4_RISCV_Page_Map(other, VSPACE, va, seL4_ReadWrite, ATTR), seL4_DeleteFirst);
    CHECK_OK(seL4_RISCV_Page_Map(frame, VSPACE, va, seL4_ReadWrite, ATTR));
    CHECK_EQ(*(volatile seL4_Word *)va, 0x77);
}

/* The physical address of a frame is page aligned, inside the RAM it was carved from and
 * the same wherever (and whether) the frame is mapped; the contents travel with it. */
KTEST(page_get_address)
{
    seL4_CPtr frame = TRY(new_object(seL4_RISCV_4K_Page, 0));
    seL4_RISCV_Page_GetAddress_t a0 = seL4_RISCV_Page_GetAddress(frame);
    CHECK_OK(a0.error);
    CHECK_EQ(a0.paddr & ((1ul << seL4_PageBits) - 1), 0);
    seL4_Word base, bits;
    test_untyped_parent(&base, &bits);
    CHECK_GE(a0.paddr, base);
    CHECK_LT(a0.paddr, base + (1ul << bits));

    seL4_Word va1 = alloc_vaddr_4k(1), va2 = alloc_vaddr_4k(1);
    CHECK_OK(map_frame(frame, VSPACE, va1, seL4_ReadWrite, ATTR));
    seL4_RISCV_Page_GetAddress_t a1 = seL4_RISCV_Page_GetAddress(frame);
    CHECK_OK(a1.error);
    CHECK_EQ(a1.paddr, a0.paddr);
    *(volatile seL4_Word *)va1 = 0xc0ffee;
    CHECK_OK(seL4_RISCV_Page_Unmap(frame));
    CHECK_OK(map_frame(frame, VSPACE, va2, seL4_ReadWrite, ATTR));
    seL4_RISCV_Page_GetAddress_t a2 = seL4_RISCV_Page_GetAddress(frame);
    CHECK_OK(a2.error);
    CHECK_EQ(a2.paddr, a0.paddr);
    CHECK_EQ(*(volatile seL4_Word *)va2, 0xc0ffee);
    /* A second frame is a different page. */
    seL4_CPtr other = TRY(new_object(seL4_RISCV_4K_Page, 0));
    seL4_RISCV_Page_GetAddress_t b = seL4_RISCV_Page_GetAddress(other);
    CHECK_OK(b.error);
    CHECK_NE(b.paddr, a0.paddr);
}

#define FAULT_BADGE 0xfa17ul

/* After Page_Unmap the address faults (seen through a helper with a fault endpoint); a
 * second Unmap is a harmless no-op. */
KTEST(page_unmap_faults)
{
    seL4_CPtr frame = TRY(new_object(seL4_RISCV_4K_Page, 0));
    seL4_Word va = alloc_vaddr_4k(1);
    CHECK_OK(map_frame(frame, VSPACE, va, seL4_ReadWrite, ATTR));
    *(volatile seL4_Word *)va = 42;
    CHECK_EQ(*(volatile seL4_Word *)va, 42);
    CHECK_OK(seL4_RISCV_Page_Unmap(frame));
    CHECK_OK(seL4_RISCV_Page_Unmap(frame));

    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    seL4_CPtr fault_ep = TRY(mint_badged(ep, FAULT_BADGE));
    struct helper *h = TRY(helper_new(HELPER_DEFAULT_PRIO, fault_ep));
    helper_start_raw(h, (seL4_Word)stub_load, va, 0, 0);
    CHECK(!test_has_failed());
    seL4_MessageInfo_t info;
    seL4_Word badge;
    CHECK(guarded_recv(ep, &info, &badge));
    CHECK_EQ(badge, FAULT_BADGE);
    CHECK_EQ(seL4_MessageInfo_get_label(info), seL4_Fault_VMFault);
    CHECK_EQ(seL4_GetMR(seL4_VMFault_Addr), va);
    CHECK_EQ(seL4_GetMR(seL4_VMFault_IP), (seL4_Word)stub_load);
}
