/* A second address space: a thread whose VSpace holds nothing but a copy of a small
 * position-independent code blob (stubs.c), sharing the root's CSpace so it can name the
 * root's endpoints. */
#include "framework.h"
#include "stubs.h"

#include <string.h>

#define FAULT_BADGE 0xfa17ul
/* Where the child's code lives in the child's VSpace; nothing of the root's is there. */
#define CHILD_CODE_VA 0x3000000000ul
#define CHILD_MSG_LABEL 0x5

struct child {
    seL4_CPtr vspace;
    seL4_CPtr tcb;
    seL4_CPtr ep; /* the root receives calls and faults here */
};

/* Build the child's VSpace (own ASID), copy the code blob into a frame that is mapped
 * read/execute at CHILD_CODE_VA there, and create its TCB (not started). */
static bool child_new(struct child *c)
{
    c->ep = new_object(seL4_EndpointObject, 0);
    seL4_CPtr fault_ep = mint_badged(c->ep, FAULT_BADGE);
    c->vspace = new_object(seL4_RISCV_PageTableObject, 0);
    if (test_has_failed()) return false;
    seL4_Error err = seL4_RISCV_ASIDPool_Assign(seL4_CapInitThreadASIDPool, c->vspace);
    if (err != seL4_NoError) {
        test_fail(__FILE__, __LINE__, "ASIDPool_Assign: %s", error_name(err));
        return false;
    }

    /* Write the code through a mapping in the root's VSpace ... */
    seL4_CPtr code_frame;
    void *code = new_mapped_page(&code_frame);
    if (!code) return false;
    size_t len = (size_t)(child_blob_end - child_blob_start);
    memcpy(code, child_blob_start, len);
    /* Make the new instructions visible to instruction fetch on this hart. */
    __asm__ volatile("fence.i" ::: "memory");

    /* ... and map a second cap to the same frame (a frame cap maps only once) into the
     * child, readable and executable. */
    seL4_CPtr child_code = alloc_slot();
    if (child_code == seL4_CapNull) return false;
    err = seL4_CNode_Copy(seL4_CapInitThreadCNode, child_code, ROOT_DEPTH, seL4_CapInitThreadCNode,
                          code_frame, ROOT_DEPTH, seL4_AllRights);
    if (err != seL4_NoError) {
        test_fail(__FILE__, __LINE__, "CNode_Copy of the code frame: %s", error_name(err));
        return false;
    }
    err = map_frame(child_code, c->vspace, CHILD_CODE_VA, seL4_CanRead,
                    seL4_RISCV_Default_VMAttributes);
    if (err != seL4_NoError) {
        test_fail(__FILE__, __LINE__, "mapping the child's code: %s", error_name(err));
        return false;
    }

    c->tcb = new_object(seL4_TCBObject, 0);
    if (test_has_failed()) return false;
    track_thread(c->tcb);
    /* No IPC buffer: the child only sends register-sized messages. */
    err = seL4_TCB_Configure(c->tcb, fault_ep, seL4_CapInitThreadCNode, 0, c->vspace, 0, 0,
                             seL4_CapNull);
    if (err != seL4_NoError) {
        test_fail(__FILE__, __LINE__, "TCB_Configure of the child: %s", error_name(err));
        return false;
    }
    err = seL4_TCB_SetPriority(c->tcb, seL4_CapInitThreadTCB, HELPER_DEFAULT_PRIO);
    if (err != seL4_NoError) {
        test_fail(__FILE__, __LINE__, "TCB_SetPriority of the child: %s", error_name(err));
        return false;
    }
    return true;
}

/* Start the child at `entry` (a symbol inside the blob) with the call-loop registers. */
static bool child_start(struct child *c, const char *entry, seL4_Word a2, seL4_Word s2)
{
    seL4_UserContext regs;
    memset(&regs, 0, sizeof(regs));
    regs.pc = CHILD_CODE_VA + (seL4_Word)(entry - child_blob_start);
    regs.s0 = c->ep;
    regs.s1 = seL4_MessageInfo_new(CHILD_MSG_LABEL, 0, 0, 1).words[0];
    regs.s2 = s2;
    regs.a2 = a2;
    seL4_Error err =
        seL4_TCB_WriteRegisters(c->tcb, seL4_True, 0, sizeof(regs) / sizeof(seL4_Word), &regs);
    if (err != seL4_NoError) {
        test_fail(__FILE__, __LINE__, "WriteRegisters of the child: %s", error_name(err));
        return false;
    }
    return true;
}

/* Receive the next message from the child; a fault message is reported as a failure. */
static bool child_recv(struct child *c, seL4_MessageInfo_t *info, const seL4_MessageInfo_t *reply)
{
    seL4_Word badge;
    bool ok =
        reply ? guarded_reply_recv(c->ep, *reply, info, &badge) : guarded_recv(c->ep, info, &badge);
    if (!ok) return false;
    if (badge == FAULT_BADGE) {
        test_fail(__FILE__, __LINE__, "child faulted: label %lu, MR0 0x%lx, MR1 0x%lx",
                  (unsigned long)seL4_MessageInfo_get_label(*info), (unsigned long)seL4_GetMR(0),
                  (unsigned long)seL4_GetMR(1));
        return false;
    }
    return true;
}

/* Call/ReplyRecv ping-pong across address spaces: the child sends v, the root replies
 * v + 100, the child adds one and sends again. */
KTEST(as_cross_call)
{
    struct child c;
    CHECK(child_new(&c));
    CHECK(child_start(&c, child_call_loop, 5, 0));
    seL4_MessageInfo_t info;
    CHECK(child_recv(&c, &info, NULL));
    seL4_Word expect = 5;
    for (int i = 0; i < 50; i++) {
        CHECK_EQ(seL4_MessageInfo_get_label(info), CHILD_MSG_LABEL);
        CHECK_EQ(seL4_MessageInfo_get_length(info), 1);
        CHECK_EQ(seL4_GetMR(0), expect);
        seL4_SetMR(0, expect + 100);
        expect += 101;
        seL4_MessageInfo_t reply = seL4_MessageInfo_new(0, 0, 0, 1);
        CHECK(child_recv(&c, &info, &reply));
    }
    CHECK_OK(seL4_TCB_Suspend(c.tcb));
}

/* Data the root can read; the child's VSpace does not map it. */
static volatile seL4_Word root_secret = 0x5ec2e7;

/* Isolation: the root's memory is not visible in the child's VSpace: touching the
 * address of a root global is a VM fault at that address. */
KTEST(as_isolation)
{
    struct child c;
    CHECK(child_new(&c));
    CHECK_EQ(root_secret, 0x5ec2e7);
    CHECK(child_start(&c, child_load_then_call, 0, (seL4_Word)&root_secret));
    seL4_MessageInfo_t info;
    seL4_Word badge;
    CHECK(guarded_recv(c.ep, &info, &badge));
    CHECK_EQ(badge, FAULT_BADGE);
    CHECK_EQ(seL4_MessageInfo_get_label(info), seL4_Fault_VMFault);
    CHECK_EQ(seL4_GetMR(seL4_VMFault_Addr), (seL4_Word)&root_secret);
    CHECK_EQ(seL4_GetMR(seL4_VMFault_IP),
             CHILD_CODE_VA + (seL4_Word)(child_load_then_call - child_blob_start));
    CHECK_EQ(seL4_GetMR(seL4_VMFault_FSR), 5);
}

/* The same virtual address names different memory in the two VSpaces: a frame mapped in
 * the child at the address of a root global is what the child reads there. */
KTEST(as_separate_mappings)
{
    struct child c;
    CHECK(child_new(&c));
    seL4_CPtr frame;
    volatile seL4_Word *data = TRY(new_mapped_page(&frame));
    seL4_Word secret_va = (seL4_Word)&root_secret;
    seL4_Word page = secret_va & ~((1ul << seL4_PageBits) - 1);
    data[(secret_va - page) / sizeof(seL4_Word)] = 0xc41d;
    seL4_CPtr child_frame = TRY(alloc_slot());
    CHECK_OK(seL4_CNode_Copy(seL4_CapInitThreadCNode, child_frame, ROOT_DEPTH,
                             seL4_CapInitThreadCNode, frame, ROOT_DEPTH, seL4_AllRights));
    CHECK_OK(
        map_frame(child_frame, c.vspace, page, seL4_ReadWrite, seL4_RISCV_Default_VMAttributes));
    CHECK(child_start(&c, child_load_then_call, 0, secret_va));
    seL4_MessageInfo_t info;
    CHECK(child_recv(&c, &info, NULL));
    CHECK_EQ(seL4_GetMR(0), 0xc41d);
    CHECK_EQ(root_secret, 0x5ec2e7);
    CHECK_OK(seL4_TCB_Suspend(c.tcb));
}
