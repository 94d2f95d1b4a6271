/* Page and PageTable methods beyond t08: PageTable_Unmap rules, PageTable_Map and Page_Map
 * errors, remapping with new rights, mapping in another ASID, execute-never and
 * kernel-only rights, the failed-lookup level, device frame addresses. */
#include "framework.h"
#include "stubs.h"

#include <string.h>

#define ROOT seL4_CapInitThreadCNode
#define VSPACE seL4_CapInitThreadVSpace
#define ATTR seL4_RISCV_Default_VMAttributes
#define FAULT_BADGE 0xfa17ul
#define UART_PADDR 0x10000000ul
/* 1 GiB regions of the root VSpace for this file's page-table tests (t02/t08 use the first
 * two after VA_PT_TEST_BASE, t11 uses the 16th). */
#define VA_PT(k) (VA_PT_TEST_BASE + ((seL4_Word)(k) << 30))

/* Runs `pc` in a fresh helper with a0/a1 and returns its first fault's label; the fault
 * words stay in the message registers. */
static bool run_to_fault(const char *pc, seL4_Word a0, seL4_Word a1, seL4_Word *label,
                         seL4_CPtr *ep_out)
{
    seL4_CPtr ep = new_object(seL4_EndpointObject, 0);
    seL4_CPtr fault_ep = mint_badged(ep, FAULT_BADGE);
    if (test_has_failed()) return false;
    struct helper *h = helper_new(HELPER_DEFAULT_PRIO, fault_ep);
    if (!h) return false;
    helper_start_raw(h, (seL4_Word)pc, a0, a1, 0);
    if (test_has_failed()) return false;
    seL4_MessageInfo_t info;
    seL4_Word badge = 0;
    if (!guarded_recv(ep, &info, &badge)) return false;
    if (badge != FAULT_BADGE) {
        test_fail(__FILE__, __LINE__, "fault badge 0x%lx", (unsigned long)badge);
        return false;
    }
    *label = seL4_MessageInfo_get_label(info);
    if (ep_out) *ep_out = ep;
    return true;
}

/* A load from va by a helper: true if it faulted (VMFault at va), false if it loaded. */
#define CHECK_LOAD_FAULTS(va)                                                                      \
    do {                                                                                           \
        seL4_Word clf_label;                                                                       \
        CHECK(run_to_fault(stub_load_report, (va), 0, &clf_label, NULL));                          \
        CHECK_EQ(clf_label, seL4_Fault_VMFault);                                                   \
        CHECK_EQ(seL4_GetMR(seL4_VMFault_Addr), (va));                                             \
        CHECK_EQ(seL4_GetMR(seL4_VMFault_FSR), 5);                                                 \
    } while (0)

#define CHECK_LOAD_READS(va, value)                                                                \
    do {                                                                                           \
        seL4_Word clr_label;                                                                       \
        CHECK(run_to_fault(stub_load_report, (va), 0, &clr_label, NULL));                          \
        CHECK_EQ(clr_label, seL4_Fault_UnknownSyscall);                                            \
        CHECK_EQ(seL4_GetMR(seL4_UnknownSyscall_A0), (value));                                     \
    } while (0)

/* ---- PageTable_Unmap ----------------------------------------------------------------------- */

/* Only the final cap to a page table may unmap it. */
KTEST(pt_unmap_not_final)
{
    seL4_CPtr pt = TRY(new_object(seL4_RISCV_PageTableObject, 0));
    seL4_CPtr copy = TRY(alloc_slot());
    /* An unmapped page table cannot be copied. */
    CHECK_ERR(seL4_CNode_Copy(ROOT, copy, ROOT_DEPTH, ROOT, pt, ROOT_DEPTH, seL4_AllRights),
              seL4_IllegalOperation);
    CHECK_OK(seL4_RISCV_PageTable_Map(pt, VSPACE, VA_PT(8), ATTR));
    CHECK_OK(seL4_CNode_Copy(ROOT, copy, ROOT_DEPTH, ROOT, pt, ROOT_DEPTH, seL4_AllRights));
    CHECK_EQ(seL4_DebugCapIdentify(copy), CAPTYPE_page_table);
    CHECK_REPLY(invoke_raw(pt, RISCVPageTableUnmap, 0, NULL, 0, NULL), seL4_RevokeFirst, 0);
    CHECK_ERR(seL4_RISCV_PageTable_Unmap(copy), seL4_RevokeFirst);
    CHECK_OK(seL4_CNode_Delete(ROOT, copy, ROOT_DEPTH));
    CHECK_OK(seL4_RISCV_PageTable_Unmap(pt));
    /* Unmapped, it maps again (elsewhere), and unmapping an unmapped table is fine. */
    CHECK_OK(seL4_RISCV_PageTable_Map(pt, VSPACE, VA_PT(9), ATTR));
    CHECK_OK(seL4_RISCV_PageTable_Unmap(pt));
    CHECK_OK(seL4_RISCV_PageTable_Unmap(pt));
}

/* A VSpace root cannot be unmapped like a page table. */
KTEST(pt_unmap_vspace_root)
{
    seL4_CPtr vs = TRY(new_object(seL4_RISCV_PageTableObject, 0));
    CHECK_OK(seL4_RISCV_ASIDPool_Assign(seL4_CapInitThreadASIDPool, vs));
    CHECK_ERR(seL4_RISCV_PageTable_Unmap(vs), seL4_RevokeFirst);
    /* And the root's own VSpace has copies in every thread: not final. */
    CHECK_ERR(seL4_RISCV_PageTable_Unmap(VSPACE), seL4_RevokeFirst);
    /* It still works as a VSpace. */
    seL4_CPtr frame = TRY(new_object(seL4_RISCV_4K_Page, 0));
    CHECK_OK(map_frame(frame, vs, 0x1000, seL4_ReadWrite, ATTR));
}

/* Unmapping a page table takes its mappings away and clears it: mapped again, it maps
 * nothing; the frame's cap still records its mapping and may map there again. */
KTEST(pt_unmap_removes_mappings)
{
    seL4_CPtr l1 = TRY(new_object(seL4_RISCV_PageTableObject, 0));
    seL4_CPtr l2 = TRY(new_object(seL4_RISCV_PageTableObject, 0));
    seL4_CPtr frame = TRY(new_object(seL4_RISCV_4K_Page, 0));
    seL4_Word va = VA_PT(10) + 0x5000;
    CHECK_OK(seL4_RISCV_PageTable_Map(l1, VSPACE, va, ATTR));
    CHECK_OK(seL4_RISCV_PageTable_Map(l2, VSPACE, va, ATTR));
    CHECK_OK(seL4_RISCV_Page_Map(frame, VSPACE, va, seL4_ReadWrite, ATTR));
    *(volatile seL4_Word *)va = 0x7777;
    CHECK_LOAD_READS(va, 0x7777);
    CHECK_OK(seL4_RISCV_PageTable_Unmap(l2));
    CHECK_LOAD_FAULTS(va);
    CHECK_OK(seL4_RISCV_PageTable_Map(l2, VSPACE, va, ATTR));
    CHECK_LOAD_FAULTS(va);
    /* Same cap, same address: a remap. */
    CHECK_OK(seL4_RISCV_Page_Map(frame, VSPACE, va, seL4_ReadWrite, ATTR));
    CHECK_LOAD_READS(va, 0x7777);
}

/* ---- PageTable_Map errors ------------------------------------------------------------------ */

KTEST(pt_map_errors)
{
    seL4_CPtr pt = TRY(new_object(seL4_RISCV_PageTableObject, 0));
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    seL4_CPtr unassigned = TRY(new_object(seL4_RISCV_PageTableObject, 0));
    seL4_CPtr inner = TRY(new_object(seL4_RISCV_PageTableObject, 0));
    CHECK_OK(seL4_RISCV_PageTable_Map(inner, VSPACE, VA_PT(11), ATTR));
    seL4_Word mr[2] = {VA_PT(12), ATTR};
    seL4_MessageInfo_t r;
    /* The VSpace argument: not a page table, not assigned, not a root. */
    r = invoke_raw(pt, RISCVPageTableMap, 2, mr, 1, &ep);
    CHECK_REPLY(r, seL4_InvalidCapability, 1);
    CHECK_EQ(seL4_GetMR(0), 1);
    r = invoke_raw(pt, RISCVPageTableMap, 2, mr, 1, &unassigned);
    CHECK_REPLY(r, seL4_InvalidCapability, 1);
    CHECK_EQ(seL4_GetMR(0), 1);
    r = invoke_raw(pt, RISCVPageTableMap, 2, mr, 1, &inner);
    CHECK_REPLY(r, seL4_InvalidCapability, 1);
    CHECK_EQ(seL4_GetMR(0), 1);
    /* Addresses from USER_TOP up. */
    seL4_CPtr vspace = VSPACE;
    mr[0] = seL4_UserTop;
    r = invoke_raw(pt, RISCVPageTableMap, 2, mr, 1, &vspace);
    CHECK_REPLY(r, seL4_InvalidArgument, 1);
    CHECK_EQ(seL4_GetMR(0), 0);
    mr[0] = ~0ul;
    r = invoke_raw(pt, RISCVPageTableMap, 2, mr, 1, &vspace);
    CHECK_REPLY(r, seL4_InvalidArgument, 1);
    /* Short messages. */
    mr[0] = VA_PT(12);
    CHECK_REPLY(invoke_raw(pt, RISCVPageTableMap, 1, mr, 1, &vspace), seL4_TruncatedMessage, 0);
    CHECK_REPLY(invoke_raw(pt, RISCVPageTableMap, 2, mr, 0, NULL), seL4_TruncatedMessage, 0);
    /* The invoked table is already mapped: InvalidCapability for the invoked cap. */
    r = invoke_raw(inner, RISCVPageTableMap, 2, mr, 1, &vspace);
    CHECK_REPLY(r, seL4_InvalidCapability, 1);
    CHECK_EQ(seL4_GetMR(0), 0);
    /* After all that, the table maps. */
    CHECK_REPLY(invoke_raw(pt, RISCVPageTableMap, 2, mr, 1, &vspace), seL4_NoError, 0);
}

/* ---- Page_Map ----------------------------------------------------------------------------------
 */

KTEST(page_map_vspace_errors)
{
    seL4_CPtr frame = TRY(new_object(seL4_RISCV_4K_Page, 0));
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    seL4_CPtr unassigned = TRY(new_object(seL4_RISCV_PageTableObject, 0));
    seL4_CPtr inner = TRY(new_object(seL4_RISCV_PageTableObject, 0));
    CHECK_OK(seL4_RISCV_PageTable_Map(inner, VSPACE, VA_PT(13), ATTR));
    seL4_Word mr[3] = {VA_PT(13), seL4_ReadWrite.words[0], ATTR};
    seL4_MessageInfo_t r;
    r = invoke_raw(frame, RISCVPageMap, 3, mr, 1, &ep);
    CHECK_REPLY(r, seL4_InvalidCapability, 1);
    CHECK_EQ(seL4_GetMR(0), 1);
    r = invoke_raw(frame, RISCVPageMap, 3, mr, 1, &unassigned);
    CHECK_REPLY(r, seL4_InvalidCapability, 1);
    CHECK_EQ(seL4_GetMR(0), 1);
    r = invoke_raw(frame, RISCVPageMap, 3, mr, 1, &inner);
    CHECK_REPLY(r, seL4_InvalidCapability, 1);
    CHECK_EQ(seL4_GetMR(0), 1);
    seL4_CPtr vspace = VSPACE;
    CHECK_REPLY(invoke_raw(frame, RISCVPageMap, 2, mr, 1, &vspace), seL4_TruncatedMessage, 0);
    CHECK_REPLY(invoke_raw(frame, RISCVPageMap, 3, mr, 0, NULL), seL4_TruncatedMessage, 0);
    /* The whole page must be below USER_TOP: a 2 MiB page at the last 2 MiB boundary ends
     * above it. */
    seL4_CPtr large_ut = TRY(extra_untyped(seL4_LargePageBits));
    seL4_CPtr large = TRY(new_object_from(large_ut, seL4_RISCV_Mega_Page, 0));
    seL4_Word last2m = (seL4_UserTop - 1) & ~((1ul << seL4_LargePageBits) - 1);
    CHECK_ERR(seL4_RISCV_Page_Map(large, VSPACE, last2m, seL4_ReadWrite, ATTR),
              seL4_InvalidArgument);
    CHECK_EQ(seL4_GetMR(0), 0);
    /* The failed attempts left the frame unmapped: it maps anywhere. */
    CHECK_OK(map_frame(frame, VSPACE, VA_PT(13) + 0x3000, seL4_ReadWrite, ATTR));
}

/* The level at which the walk stopped is reported in MR2 (bits left). */
KTEST(page_map_lookup_level)
{
    seL4_CPtr frame = TRY(new_object(seL4_RISCV_4K_Page, 0));
    seL4_Word va = VA_PT(14);
    CHECK_ERR(seL4_RISCV_Page_Map(frame, VSPACE, va, seL4_ReadWrite, ATTR), seL4_FailedLookup);
    CHECK_EQ(seL4_GetMR(0), 0);
    CHECK_EQ(seL4_GetMR(1), seL4_MissingCapability);
    CHECK_EQ(seL4_MappingFailedLookupLevel(), 30);
    seL4_CPtr l1 = TRY(new_object(seL4_RISCV_PageTableObject, 0));
    CHECK_OK(seL4_RISCV_PageTable_Map(l1, VSPACE, va, ATTR));
    CHECK_ERR(seL4_RISCV_Page_Map(frame, VSPACE, va, seL4_ReadWrite, ATTR), seL4_FailedLookup);
    CHECK_EQ(seL4_MappingFailedLookupLevel(), SEL4_MAPPING_LOOKUP_NO_PT);
    seL4_Word mr[3] = {va, seL4_ReadWrite.words[0], ATTR};
    seL4_CPtr vspace = VSPACE;
    CHECK_REPLY(invoke_raw(frame, RISCVPageMap, 3, mr, 1, &vspace), seL4_FailedLookup, 3);
    /* A 2 MiB page fits right there, in the level-1 table. */
    seL4_CPtr large_ut = TRY(extra_untyped(seL4_LargePageBits));
    seL4_CPtr large = TRY(new_object_from(large_ut, seL4_RISCV_Mega_Page, 0));
    seL4_CPtr l2 = TRY(new_object(seL4_RISCV_PageTableObject, 0));
    CHECK_OK(seL4_RISCV_PageTable_Map(l2, VSPACE, va, ATTR));
    CHECK_OK(seL4_RISCV_Page_Map(frame, VSPACE, va, seL4_ReadWrite, ATTR));
    /* Where a level-2 table exists the walk goes down to 4 KiB: 12 bits left. */
    CHECK_ERR(seL4_RISCV_Page_Map(large, VSPACE, va, seL4_ReadWrite, ATTR), seL4_FailedLookup);
    CHECK_EQ(seL4_MappingFailedLookupLevel(), seL4_PageBits);
    CHECK_OK(
        seL4_RISCV_Page_Map(large, VSPACE, va + (1ul << seL4_LargePageBits), seL4_ReadWrite, ATTR));
}

static void store_word(seL4_Word addr, seL4_Word value, seL4_Word unused)
{
    (void)unused;
    *(volatile seL4_Word *)addr = value;
}

/* Mapping the same frame cap again at the same address changes its rights. */
KTEST(page_remap_new_rights)
{
    seL4_CPtr frame = TRY(new_object(seL4_RISCV_4K_Page, 0));
    seL4_Word va = alloc_vaddr_4k(1);
    CHECK_OK(map_frame(frame, VSPACE, va, seL4_ReadWrite, ATTR));
    volatile seL4_Word *p = (volatile seL4_Word *)va;
    p[0] = 0x11;
    CHECK_OK(seL4_RISCV_Page_Map(frame, VSPACE, va, seL4_CanRead, ATTR));
    CHECK_EQ(p[0], 0x11);
    seL4_Word label;
    CHECK(run_to_fault(stub_store, va, 0x22, &label, NULL));
    CHECK_EQ(label, seL4_Fault_VMFault);
    CHECK_EQ(seL4_GetMR(seL4_VMFault_Addr), va);
    CHECK_EQ(seL4_GetMR(seL4_VMFault_FSR), 7);
    CHECK_LOAD_READS(va, 0x11);
    /* Back to read-write: a store by a helper lands. */
    CHECK_OK(seL4_RISCV_Page_Map(frame, VSPACE, va, seL4_ReadWrite, ATTR));
    struct helper *h = TRY(helper_new(HELPER_DEFAULT_PRIO, 0));
    helper_start(h, store_word, va, 0x33, 0);
    CHECK(!test_has_failed());
    CHECK(helper_join(h));
    CHECK_EQ(p[0], 0x33);
}

/* A frame cap mapped in one ASID cannot be mapped in another; a copy can. */
KTEST(page_map_other_asid)
{
    seL4_CPtr frame = TRY(new_object(seL4_RISCV_4K_Page, 0));
    seL4_CPtr vs = TRY(new_object(seL4_RISCV_PageTableObject, 0));
    CHECK_OK(seL4_RISCV_ASIDPool_Assign(seL4_CapInitThreadASIDPool, vs));
    seL4_Word va = alloc_vaddr_4k(1);
    CHECK_OK(map_frame(frame, VSPACE, va, seL4_ReadWrite, ATTR));
    /* Give the other VSpace its tables for va first. */
    seL4_CPtr probe = TRY(new_object(seL4_RISCV_4K_Page, 0));
    CHECK_OK(map_frame(probe, vs, va + 0x1000, seL4_ReadWrite, ATTR));
    seL4_Word mr[3] = {va, seL4_ReadWrite.words[0], ATTR};
    seL4_MessageInfo_t r = invoke_raw(frame, RISCVPageMap, 3, mr, 1, &vs);
    CHECK_REPLY(r, seL4_InvalidCapability, 1);
    CHECK_EQ(seL4_GetMR(0), 1);
    seL4_CPtr copy = TRY(alloc_slot());
    CHECK_OK(seL4_CNode_Copy(ROOT, copy, ROOT_DEPTH, ROOT, frame, ROOT_DEPTH, seL4_AllRights));
    CHECK_OK(seL4_RISCV_Page_Map(copy, vs, va, seL4_ReadWrite, ATTR));
    /* The original mapping is untouched. */
    *(volatile seL4_Word *)va = 5;
    CHECK_EQ(*(volatile seL4_Word *)va, 5);
}

/* An execute-never page faults on instruction fetch; mapped executable (a remap of the same
 * cap) the same code runs. */
KTEST(page_map_execute_never)
{
    seL4_CPtr frame;
    void *page = TRY(new_mapped_page(&frame));
    memcpy(page, stub_report, 16); /* li a7, 0xc4; ecall; j . */
    __asm__ volatile("fence.i" ::: "memory");
    seL4_CPtr code = TRY(alloc_slot());
    CHECK_OK(seL4_CNode_Copy(ROOT, code, ROOT_DEPTH, ROOT, frame, ROOT_DEPTH, seL4_AllRights));
    seL4_Word va = alloc_vaddr_4k(1);
    CHECK_OK(map_frame(code, VSPACE, va, seL4_CanRead, seL4_RISCV_ExecuteNever));
    seL4_Word label;
    seL4_CPtr ep;
    CHECK(run_to_fault((const char *)va, 0, 0, &label, &ep));
    CHECK_EQ(label, seL4_Fault_VMFault);
    CHECK_EQ(seL4_GetMR(seL4_VMFault_IP), va);
    CHECK_EQ(seL4_GetMR(seL4_VMFault_Addr), va);
    CHECK_EQ(seL4_GetMR(seL4_VMFault_PrefetchFault), 1);
    CHECK_EQ(seL4_GetMR(seL4_VMFault_FSR), 1);
    CHECK_OK(seL4_RISCV_Page_Map(code, VSPACE, va, seL4_CanRead, ATTR));
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    /* The restarted fetch now works: the copied code traps with its unknown syscall. */
    seL4_MessageInfo_t info;
    seL4_Word badge = 0;
    CHECK(guarded_recv(ep, &info, &badge));
    CHECK_EQ(badge, FAULT_BADGE);
    CHECK_EQ(seL4_MessageInfo_get_label(info), seL4_Fault_UnknownSyscall);
    CHECK_EQ(seL4_GetMR(seL4_UnknownSyscall_FaultIP),
             va + (seL4_Word)(stub_report_ecall - stub_report));
    CHECK_EQ(seL4_GetMR(seL4_UnknownSyscall_Syscall), STUB_SYSCALL_REPORT);
}

/* Kernel-only rights (no Read) give the user no data access. */
KTEST(page_map_kernel_only_rights)
{
    seL4_CPtr frame;
    volatile seL4_Word *p = TRY(new_mapped_page(&frame));
    p[0] = 0x5a;
    seL4_CPtr copy = TRY(alloc_slot());
    CHECK_OK(seL4_CNode_Copy(ROOT, copy, ROOT_DEPTH, ROOT, frame, ROOT_DEPTH, seL4_AllRights));
    seL4_Word va = alloc_vaddr_4k(1);
    CHECK_OK(map_frame(copy, VSPACE, va, seL4_CanWrite, seL4_RISCV_ExecuteNever));
    CHECK_LOAD_FAULTS(va);
    CHECK_OK(seL4_RISCV_Page_Map(copy, VSPACE, va, seL4_NoRights, ATTR));
    CHECK_LOAD_FAULTS(va);
    /* A read-only frame cap stays read-only whatever the mask asks for. */
    seL4_CPtr ro = TRY(alloc_slot());
    CHECK_OK(seL4_CNode_Copy(ROOT, ro, ROOT_DEPTH, ROOT, frame, ROOT_DEPTH, seL4_CanRead));
    seL4_Word va2 = alloc_vaddr_4k(1);
    CHECK_OK(map_frame(ro, VSPACE, va2, seL4_ReadWrite, ATTR));
    CHECK_LOAD_READS(va2, 0x5a);
    seL4_Word label;
    CHECK(run_to_fault(stub_store, va2, 1, &label, NULL));
    CHECK_EQ(label, seL4_Fault_VMFault);
    CHECK_EQ(seL4_GetMR(seL4_VMFault_FSR), 7);
}

/* Unmapping (or deleting) one of two caps to a frame removes only that cap's mapping. */
KTEST(page_unmap_one_copy)
{
    seL4_CPtr frame;
    volatile seL4_Word *p1 = TRY(new_mapped_page(&frame));
    seL4_CPtr copy = TRY(alloc_slot());
    CHECK_OK(seL4_CNode_Copy(ROOT, copy, ROOT_DEPTH, ROOT, frame, ROOT_DEPTH, seL4_AllRights));
    seL4_Word va2 = alloc_vaddr_4k(1);
    CHECK_OK(map_frame(copy, VSPACE, va2, seL4_ReadWrite, ATTR));
    p1[1] = 0xab;
    CHECK_OK(seL4_RISCV_Page_Unmap(frame));
    CHECK_LOAD_READS(va2 + 8, 0xab);
    CHECK_LOAD_FAULTS((seL4_Word)p1);
    CHECK_OK(seL4_CNode_Delete(ROOT, copy, ROOT_DEPTH));
    CHECK_LOAD_FAULTS(va2);
    /* Page_Unmap has no arguments and always succeeds. */
    CHECK_REPLY(invoke_raw(frame, RISCVPageUnmap, 0, NULL, 0, NULL), seL4_NoError, 0);
}

/* GetAddress of a device frame is the device's physical address; the reply has one word. */
KTEST(page_get_address_device)
{
    seL4_Word n = bootinfo->untyped.end - bootinfo->untyped.start;
    const seL4_UntypedDesc *d = NULL;
    seL4_CPtr dev = seL4_CapNull;
    for (seL4_Word i = 0; i < n && !d; i++) {
        const seL4_UntypedDesc *u = &bootinfo->untypedList[i];
        if (u->isDevice && u->sizeBits >= 16 &&
            !(UART_PADDR >= u->paddr && UART_PADDR - u->paddr < (1ul << u->sizeBits))) {
            d = u;
            dev = bootinfo->untyped.start + i;
        }
    }
    CHECK_MSG(d != NULL, "no device untyped of 64 KiB or more");
    seL4_CPtr frame = TRY(new_object_from(dev, seL4_RISCV_4K_Page, 0));
    seL4_MessageInfo_t r = invoke_raw(frame, RISCVPageGetAddress, 0, NULL, 0, NULL);
    CHECK_REPLY(r, seL4_NoError, 1);
    seL4_Word pa = seL4_GetMR(0);
    CHECK_EQ(pa & 0xfff, 0);
    CHECK_GE(pa, d->paddr);
    CHECK_LT(pa, d->paddr + (1ul << d->sizeBits));
    /* Two consecutive frames are 4 KiB apart. */
    seL4_CPtr next = TRY(new_object_from(dev, seL4_RISCV_4K_Page, 0));
    seL4_RISCV_Page_GetAddress_t a = seL4_RISCV_Page_GetAddress(next);
    CHECK_OK(a.error);
    CHECK_EQ(a.paddr, pa + 0x1000);
}
