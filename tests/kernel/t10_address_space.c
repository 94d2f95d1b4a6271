/* A second address space: a thread whose VSpace holds nothing but a copy of a small
 * position-independent code blob (stubs.c), sharing the root's CSpace so it can name the
 * root's endpoints.  child_new()/child_start() live in framework.c. */
#include "framework.h"
#include "stubs.h"

#include <string.h>

#define FAULT_BADGE CHILD_FAULT_BADGE

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
