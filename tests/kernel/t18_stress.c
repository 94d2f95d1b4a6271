/* Stress tests, each bounded in time: 100,000 Call/ReplyRecv round trips across address
 * spaces, 1,000 retype/revoke cycles on one untyped, and a seeded random-invocation fuzzer
 * (200,000 invocations) with the kernel's invariant checks on. */
#include "framework.h"
#include "stubs.h"

#include <sel4/cantrip.h>
#include <stdio.h>
#include <string.h>

#define ROOT seL4_CapInitThreadCNode
#define VSPACE seL4_CapInitThreadVSpace
#define ATTR seL4_RISCV_Default_VMAttributes

static seL4_Word now_us(void)
{
    seL4_Word t;
    __asm__ volatile("rdtime %0" : "=r"(t));
    return t / 10; /* 10 MHz timebase */
}

/* ---- 100,000 round trips between address spaces ------------------------------------------------ */

#define ROUND_TRIPS 100000

/* The child (own VSpace, own ASID) Calls with v, the root replies v + 100, the child adds one:
 * every payload word is checked. */
KTEST(stress_cross_as_round_trips)
{
    struct child c;
    CHECK(child_new(&c));
    CHECK(child_start(&c, child_call_loop, 1, 0));
    seL4_MessageInfo_t info;
    seL4_Word badge = 0;
    CHECK(guarded_recv(c.ep, &info, &badge));
    seL4_Word expect = 1;
    seL4_Word t0 = now_us();
    for (seL4_Word i = 0; i < ROUND_TRIPS; i++) {
        if (badge != 0 || seL4_MessageInfo_get_label(info) != CHILD_MSG_LABEL ||
            seL4_MessageInfo_get_length(info) != 1 || seL4_GetMR(0) != expect) {
            test_fail(__FILE__, __LINE__,
                      "round trip %lu: badge 0x%lx label 0x%lx length %lu MR0 0x%lx, expected "
                      "MR0 0x%lx",
                      (unsigned long)i, (unsigned long)badge,
                      (unsigned long)seL4_MessageInfo_get_label(info),
                      (unsigned long)seL4_MessageInfo_get_length(info),
                      (unsigned long)seL4_GetMR(0), (unsigned long)expect);
            return;
        }
        seL4_SetMR(0, expect + 100);
        expect += 101;
        CHECK(guarded_reply_recv(c.ep, seL4_MessageInfo_new(0, 0, 0, 1), &info, &badge));
    }
    seL4_Word dt = now_us() - t0;
    CHECK_OK(seL4_TCB_Suspend(c.tcb));
    printf("stress: %d cross-address-space round trips in %lu ms\n", ROUND_TRIPS,
           (unsigned long)(dt / 1000));
}

/* ---- 1,000 retype/revoke cycles ------------------------------------------------------------------ */

#define CYCLES 1000
#define CYCLE_UT_BITS 16
/* A 1 GiB region of the root VSpace for the cycling page table (see t17_vspace.c). */
#define VA_CYCLE_PT (VA_PT_TEST_BASE + (20ul << 30))

enum { S_TCB, S_TCB2, S_EP, S_NTFN, S_CNODE, S_FRAME, S_PT, S_WHOLE, N_CYCLE_SLOTS };

/* One cycle: retype a mix of objects (two started threads, one of them blocked on an endpoint
 * through a CSpace that is itself one of the objects, a CNode holding copies, a mapped frame,
 * a mapped page table), revoke the untyped, check that every cap is gone and that the whole
 * untyped can be retyped as one object. */
static bool retype_revoke_cycle(seL4_CPtr ut, seL4_CPtr s, seL4_Word frame_va, seL4_Word n)
{
    const seL4_Word types[N_CYCLE_SLOTS][2] = {
        [S_TCB] = {seL4_TCBObject, 0},      [S_TCB2] = {seL4_TCBObject, 0},
        [S_EP] = {seL4_EndpointObject, 0},  [S_NTFN] = {seL4_NotificationObject, 0},
        [S_CNODE] = {seL4_CapTableObject, 4}, [S_FRAME] = {seL4_RISCV_4K_Page, 0},
        [S_PT] = {seL4_RISCV_PageTableObject, 0},
    };
    seL4_Error err;
#define CYC(expr)                                                                                  \
    do {                                                                                           \
        err = (expr);                                                                              \
        if (err != seL4_NoError) {                                                                 \
            test_fail(__FILE__, __LINE__, "cycle %lu: %s: %s", (unsigned long)n, #expr,            \
                      error_name(err));                                                            \
            return false;                                                                          \
        }                                                                                          \
    } while (0)
    for (int i = S_TCB; i < S_WHOLE; i++)
        CYC(seL4_Untyped_Retype(ut, types[i][0], types[i][1], ROOT, 0, 0, s + i, 1));
    seL4_CPtr cnode = s + S_CNODE;
    CYC(seL4_CNode_Copy(cnode, 0, 4, ROOT, s + S_EP, ROOT_DEPTH, seL4_AllRights));
    CYC(seL4_CNode_Copy(cnode, 1, 4, ROOT, s + S_NTFN, ROOT_DEPTH, seL4_AllRights));
    CYC(seL4_CNode_Copy(cnode, 2, 4, ROOT, s + S_TCB, ROOT_DEPTH, seL4_AllRights));
    CYC(seL4_CNode_Copy(cnode, 3, 4, ROOT, s + S_FRAME, ROOT_DEPTH, seL4_AllRights));
    CYC(seL4_CNode_Copy(cnode, 4, 4, ROOT, cnode, ROOT_DEPTH, seL4_AllRights));
    CYC(seL4_CNode_Mint(cnode, 5, 4, ROOT, s + S_EP, ROOT_DEPTH, seL4_AllRights, n + 1));
    /* The frame is new memory: zero. */
    CYC(seL4_RISCV_Page_Map(s + S_FRAME, VSPACE, frame_va, seL4_ReadWrite, ATTR));
    volatile seL4_Word *p = (volatile seL4_Word *)frame_va;
    if (p[0] != 0 || p[511] != 0) {
        test_fail(__FILE__, __LINE__, "cycle %lu: a new frame is not zero", (unsigned long)n);
        return false;
    }
    p[0] = n;
    p[511] = ~n;
    CYC(seL4_RISCV_PageTable_Map(s + S_PT, VSPACE, VA_CYCLE_PT, ATTR));
    /* Two threads at the root's priority in the new CSpace (60-bit guard: cptr = slot): one
     * yields forever, one blocks receiving on the endpoint (its cptr 0).  The root's Yields
     * let both run. */
    seL4_Word guard = seL4_CNode_CapData_new(0, 60).words[0];
    for (int t = S_TCB; t <= S_TCB2; t++) {
        CYC(seL4_TCB_Configure(s + t, 0, cnode, guard, VSPACE, 0, 0, seL4_CapNull));
        CYC(seL4_TCB_SetPriority(s + t, seL4_CapInitThreadTCB, seL4_MaxPrio));
        seL4_UserContext regs;
        memset(&regs, 0, sizeof(regs));
        regs.pc = (seL4_Word)(t == S_TCB ? stub_yield_loop : stub_recv);
        regs.a0 = 0;
        CYC(seL4_TCB_WriteRegisters(s + t, seL4_True, 0, sizeof(regs) / sizeof(seL4_Word), &regs));
    }
    CYC(seL4_TCB_BindNotification(s + S_TCB, s + S_NTFN));
    for (int i = 0; i < 3; i++)
        seL4_Yield();

    CYC(seL4_CNode_Revoke(ROOT, ut, ROOT_DEPTH));
    for (int i = S_TCB; i < N_CYCLE_SLOTS; i++) {
        if (seL4_DebugCapIdentify(s + i) != CAPTYPE_null) {
            test_fail(__FILE__, __LINE__, "cycle %lu: slot %d survived the revoke",
                      (unsigned long)n, i);
            return false;
        }
    }
    CYC(seL4_Untyped_Retype(ut, seL4_UntypedObject, CYCLE_UT_BITS, ROOT, 0, 0, s + S_WHOLE, 1));
    CYC(seL4_CNode_Delete(ROOT, s + S_WHOLE, ROOT_DEPTH));
#undef CYC
    return true;
}

KTEST(stress_retype_revoke_cycles)
{
    seL4_CPtr ut = TRY(new_object(seL4_UntypedObject, CYCLE_UT_BITS));
    seL4_CPtr s = TRY(alloc_slots(N_CYCLE_SLOTS));
    /* Page tables for the frame's address come from the test untyped, once. */
    seL4_CPtr probe;
    void *page = TRY(new_mapped_page(&probe));
    seL4_Word frame_va = (seL4_Word)page;
    CHECK_OK(seL4_RISCV_Page_Unmap(probe));
    seL4_Word t0 = now_us();
    for (seL4_Word n = 0; n < CYCLES; n++) {
        /* Every tenth cycle runs with the kernel's invariant checks on. */
        bool inv = n % 10 == 0;
        if (inv) seL4_CantripDebugInvariants(1);
        bool ok = retype_revoke_cycle(ut, s, frame_va, n);
        if (inv) seL4_CantripDebugInvariants(0);
        if (!ok) return;
    }
    printf("stress: %d retype/revoke cycles in %lu ms\n", CYCLES,
           (unsigned long)((now_us() - t0) / 1000));
}
