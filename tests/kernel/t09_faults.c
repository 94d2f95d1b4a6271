/* Fault delivery to a fault endpoint, the fault message layouts, and what a reply does.
 * Faulting threads run the assembly stubs of stubs.c so the faulting PC is known. */
#include "framework.h"
#include "stubs.h"

#define FAULT_BADGE 0xfa17ul
/* Unmapped everywhere in the root VSpace (the suite maps nothing near it). */
#define BAD_ADDR 0x3cba987650ul
#define BAD_CODE 0x3cba987000ul

struct faulter {
    seL4_CPtr ep; /* unbadged: the root receives faults here */
    struct helper *h;
};

/* A helper whose fault endpoint is a badged copy of a fresh endpoint; not started. */
static bool faulter_new(struct faulter *f)
{
    f->ep = new_object(seL4_EndpointObject, 0);
    if (test_has_failed()) return false;
    seL4_CPtr fault_ep = mint_badged(f->ep, FAULT_BADGE);
    if (test_has_failed()) return false;
    f->h = helper_new(HELPER_DEFAULT_PRIO, fault_ep);
    return !test_has_failed();
}

/* Wait for the next fault message; checks the badge and returns the label. */
static bool next_fault(struct faulter *f, seL4_Word *label, seL4_Word *length)
{
    seL4_MessageInfo_t info;
    seL4_Word badge;
    if (!guarded_recv(f->ep, &info, &badge)) return false;
    if (badge != FAULT_BADGE) {
        test_fail(__FILE__, __LINE__, "fault message badge 0x%lx, expected 0x%lx",
                  (unsigned long)badge, FAULT_BADGE);
        return false;
    }
    *label = seL4_MessageInfo_get_label(info);
    *length = seL4_MessageInfo_get_length(info);
    return true;
}

/* Start a stub in a fresh faulter and receive its first fault. */
#define RUN_TO_FAULT(f, pc, a0, a1, label, length)                                                 \
    do {                                                                                           \
        CHECK(faulter_new(&(f)));                                                                  \
        helper_start_raw((f).h, (seL4_Word)(pc), (a0), (a1), 0);                                   \
        CHECK(!test_has_failed());                                                                 \
        CHECK(next_fault(&(f), &(label), &(length)));                                              \
    } while (0)

KTEST(fault_vm_load)
{
    struct faulter f;
    seL4_Word label, length;
    RUN_TO_FAULT(f, stub_load, BAD_ADDR, 0, label, length);
    CHECK_EQ(label, seL4_Fault_VMFault);
    CHECK_EQ(length, seL4_VMFault_Length);
    CHECK_EQ(seL4_GetMR(seL4_VMFault_IP), (seL4_Word)stub_load);
    CHECK_EQ(seL4_GetMR(seL4_VMFault_Addr), BAD_ADDR);
    CHECK_EQ(seL4_GetMR(seL4_VMFault_PrefetchFault), 0);
    CHECK_EQ(seL4_GetMR(seL4_VMFault_FSR), 5);
}

KTEST(fault_vm_store)
{
    struct faulter f;
    seL4_Word label, length;
    RUN_TO_FAULT(f, stub_store, BAD_ADDR, 0x1234, label, length);
    CHECK_EQ(label, seL4_Fault_VMFault);
    CHECK_EQ(length, seL4_VMFault_Length);
    CHECK_EQ(seL4_GetMR(seL4_VMFault_IP), (seL4_Word)stub_store);
    CHECK_EQ(seL4_GetMR(seL4_VMFault_Addr), BAD_ADDR);
    CHECK_EQ(seL4_GetMR(seL4_VMFault_PrefetchFault), 0);
    CHECK_EQ(seL4_GetMR(seL4_VMFault_FSR), 7);
}

/* Jumping to unmapped memory: an instruction fault at the target address. */
KTEST(fault_vm_fetch)
{
    struct faulter f;
    seL4_Word label, length;
    RUN_TO_FAULT(f, BAD_CODE, 0, 0, label, length);
    CHECK_EQ(label, seL4_Fault_VMFault);
    CHECK_EQ(length, seL4_VMFault_Length);
    CHECK_EQ(seL4_GetMR(seL4_VMFault_IP), BAD_CODE);
    CHECK_EQ(seL4_GetMR(seL4_VMFault_Addr), BAD_CODE);
    CHECK_EQ(seL4_GetMR(seL4_VMFault_PrefetchFault), 1);
    CHECK_EQ(seL4_GetMR(seL4_VMFault_FSR), 1);
}

/* A store to a page mapped read-only faults as a store; a load from it works. */
KTEST(fault_vm_readonly_store)
{
    seL4_CPtr frame = TRY(new_object(seL4_RISCV_4K_Page, 0));
    seL4_CPtr rw = TRY(alloc_slot());
    CHECK_OK(seL4_CNode_Copy(seL4_CapInitThreadCNode, rw, ROOT_DEPTH, seL4_CapInitThreadCNode,
                             frame, ROOT_DEPTH, seL4_AllRights));
    seL4_Word va_ro = alloc_vaddr_4k(1), va_rw = alloc_vaddr_4k(1);
    CHECK_OK(map_frame(frame, seL4_CapInitThreadVSpace, va_ro, seL4_CanRead,
                       seL4_RISCV_Default_VMAttributes));
    CHECK_OK(map_frame(rw, seL4_CapInitThreadVSpace, va_rw, seL4_ReadWrite,
                       seL4_RISCV_Default_VMAttributes));
    *(volatile seL4_Word *)va_rw = 0x5151;

    struct faulter f;
    seL4_Word label, length;
    RUN_TO_FAULT(f, stub_load_report, va_ro, 0, label, length);
    CHECK_EQ(label, seL4_Fault_UnknownSyscall);
    CHECK_EQ(seL4_GetMR(seL4_UnknownSyscall_Syscall), STUB_SYSCALL_LOAD_REPORT);
    CHECK_EQ(seL4_GetMR(seL4_UnknownSyscall_A0), 0x5151);

    struct faulter g;
    RUN_TO_FAULT(g, stub_store, va_ro, 0x6262, label, length);
    CHECK_EQ(label, seL4_Fault_VMFault);
    CHECK_EQ(seL4_GetMR(seL4_VMFault_IP), (seL4_Word)stub_store);
    CHECK_EQ(seL4_GetMR(seL4_VMFault_Addr), va_ro);
    CHECK_EQ(seL4_GetMR(seL4_VMFault_FSR), 7);
    CHECK_EQ(*(volatile seL4_Word *)va_rw, 0x5151);
}

/* The handler maps the missing page and replies: the load is re-executed and sees the
 * page's contents. */
KTEST(fault_vm_reply_restarts)
{
    seL4_Word va = alloc_vaddr_4k(1);
    struct faulter f;
    seL4_Word label, length;
    RUN_TO_FAULT(f, stub_load_report, va, 0, label, length);
    CHECK_EQ(label, seL4_Fault_VMFault);
    CHECK_EQ(seL4_GetMR(seL4_VMFault_Addr), va);
    CHECK_EQ(seL4_GetMR(seL4_VMFault_IP), (seL4_Word)stub_load_report);

    seL4_CPtr frame = TRY(new_object(seL4_RISCV_4K_Page, 0));
    CHECK_OK(map_frame(frame, seL4_CapInitThreadVSpace, va, seL4_ReadWrite,
                       seL4_RISCV_Default_VMAttributes));
    *(volatile seL4_Word *)va = 0xabcdef;
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));

    CHECK(next_fault(&f, &label, &length));
    CHECK_EQ(label, seL4_Fault_UnknownSyscall);
    CHECK_EQ(seL4_GetMR(seL4_UnknownSyscall_FaultIP), (seL4_Word)stub_load_report_ecall);
    CHECK_EQ(seL4_GetMR(seL4_UnknownSyscall_A0), 0xabcdef);
}

/* ecall with a number the kernel does not know: UnknownSyscall with the registers. */
KTEST(fault_unknown_syscall)
{
    struct faulter f;
    seL4_Word label, length;
    RUN_TO_FAULT(f, stub_unknown_syscall, 0xabc, 0xdef, label, length);
    CHECK_EQ(label, seL4_Fault_UnknownSyscall);
    CHECK_EQ(length, seL4_UnknownSyscall_Length);
    CHECK_EQ(seL4_GetMR(seL4_UnknownSyscall_FaultIP), (seL4_Word)stub_unknown_syscall_ecall1);
    CHECK_EQ(seL4_GetMR(seL4_UnknownSyscall_SP), f.h->stack_top);
    CHECK_EQ(seL4_GetMR(seL4_UnknownSyscall_RA), 0);
    CHECK_EQ(seL4_GetMR(seL4_UnknownSyscall_A0), 0xabc);
    CHECK_EQ(seL4_GetMR(seL4_UnknownSyscall_A1), 0xdef);
    CHECK_EQ(seL4_GetMR(seL4_UnknownSyscall_Syscall), STUB_SYSCALL_1);
}

/* A label-0 reply rewrites FaultIP, SP, RA and a0.. from its words and resumes the thread
 * there; a non-zero label leaves the thread stopped. */
KTEST(fault_unknown_syscall_reply)
{
    struct faulter f;
    seL4_Word label, length;
    RUN_TO_FAULT(f, stub_unknown_syscall, 1, 0, label, length);
    CHECK_EQ(label, seL4_Fault_UnknownSyscall);
    /* Skip the ecall and replace a0. */
    seL4_Word ip = seL4_GetMR(seL4_UnknownSyscall_FaultIP);
    seL4_Word sp = seL4_GetMR(seL4_UnknownSyscall_SP);
    seL4_Word ra = seL4_GetMR(seL4_UnknownSyscall_RA);
    seL4_SetMR(seL4_UnknownSyscall_FaultIP, ip + 4);
    seL4_SetMR(seL4_UnknownSyscall_SP, sp);
    seL4_SetMR(seL4_UnknownSyscall_RA, ra);
    seL4_SetMR(seL4_UnknownSyscall_A0, 0x777);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, seL4_UnknownSyscall_A0 + 1));

    CHECK(next_fault(&f, &label, &length));
    CHECK_EQ(label, seL4_Fault_UnknownSyscall);
    CHECK_EQ(seL4_GetMR(seL4_UnknownSyscall_FaultIP), (seL4_Word)stub_unknown_syscall_ecall2);
    CHECK_EQ(seL4_GetMR(seL4_UnknownSyscall_Syscall), STUB_SYSCALL_2);
    CHECK_EQ(seL4_GetMR(seL4_UnknownSyscall_A0), 0x778); /* 0x777 + 1 by the stub */

    /* Label 1: the thread stays inactive, so it never faults again. */
    seL4_Reply(seL4_MessageInfo_new(1, 0, 0, 0));
    CHECK(settle());
    seL4_Word badge = 0x5555;
    seL4_NBRecv(f.ep, &badge);
    CHECK_EQ(badge, 0);
}

/* An illegal instruction: UserException with scause 2. */
KTEST(fault_user_exception)
{
    struct faulter f;
    seL4_Word label, length;
    RUN_TO_FAULT(f, stub_illegal, 0, 0, label, length);
    CHECK_EQ(label, seL4_Fault_UserException);
    CHECK_EQ(length, seL4_UserException_Length);
    CHECK_EQ(seL4_GetMR(seL4_UserException_FaultIP), (seL4_Word)stub_illegal);
    CHECK_EQ(seL4_GetMR(seL4_UserException_SP), f.h->stack_top);
    CHECK_EQ(seL4_GetMR(seL4_UserException_Number), 2);
    CHECK_EQ(seL4_GetMR(seL4_UserException_Code), 0);
}

/* A label-0 reply to a UserException sets the new PC and SP. */
KTEST(fault_user_exception_reply)
{
    struct faulter f;
    seL4_Word label, length;
    RUN_TO_FAULT(f, stub_illegal, 0, 0, label, length);
    CHECK_EQ(label, seL4_Fault_UserException);
    seL4_Word new_sp = f.h->stack_top - 256;
    seL4_SetMR(seL4_UserException_FaultIP, (seL4_Word)stub_report);
    seL4_SetMR(seL4_UserException_SP, new_sp);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 2));

    CHECK(next_fault(&f, &label, &length));
    CHECK_EQ(label, seL4_Fault_UnknownSyscall);
    CHECK_EQ(seL4_GetMR(seL4_UnknownSyscall_FaultIP), (seL4_Word)stub_report_ecall);
    CHECK_EQ(seL4_GetMR(seL4_UnknownSyscall_SP), new_sp);
    CHECK_EQ(seL4_GetMR(seL4_UnknownSyscall_Syscall), STUB_SYSCALL_REPORT);
}

static volatile int nh_before, nh_after;

static void fault_without_handler(seL4_Word addr, seL4_Word unused1, seL4_Word unused2)
{
    (void)unused1;
    (void)unused2;
    nh_before = 1;
    (void)*(volatile seL4_Word *)addr;
    nh_after = 1;
}

static void send_one(seL4_Word ep, seL4_Word value, seL4_Word unused)
{
    (void)unused;
    seL4_SetMR(0, value);
    seL4_Send(ep, seL4_MessageInfo_new(0, 0, 0, 1));
}

/* A thread that faults with no fault endpoint just stops; the kernel and every other
 * thread carry on. */
KTEST(fault_without_handler)
{
    nh_before = nh_after = 0;
    struct helper *bad = TRY(helper_new(HELPER_DEFAULT_PRIO, seL4_CapNull));
    helper_start(bad, fault_without_handler, BAD_ADDR, 0, 0);
    CHECK(!test_has_failed());
    CHECK(settle());
    CHECK_EQ(nh_before, 1);
    CHECK_EQ(nh_after, 0);
    CHECK(!bad->finished);

    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    struct helper *good = TRY(helper_new(HELPER_DEFAULT_PRIO, 0));
    helper_start(good, send_one, ep, 0x900d, 0);
    CHECK(!test_has_failed());
    CHECK(guarded_recv(ep, NULL, NULL));
    CHECK_EQ(seL4_GetMR(0), 0x900d);
    CHECK(helper_join(good));
    CHECK_EQ(nh_after, 0);
}
