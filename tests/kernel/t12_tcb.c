/* TCB methods: each one's success path and its error cases with the exact error words
 * (Configure, SetSpace, SetIPCBuffer, the three priority methods, Read/Write/CopyRegisters,
 * Suspend/Resume on blocked threads, Bind/UnbindNotification, SetTLSBase, SetFlags and
 * the fpuDisabled flag). */
#include "framework.h"
#include "stubs.h"

#include <string.h>

#define ROOT seL4_CapInitThreadCNode
#define ROOT_TCB seL4_CapInitThreadTCB
#define VSPACE seL4_CapInitThreadVSpace
#define NREGS (sizeof(seL4_UserContext) / sizeof(seL4_Word))
#define FAULT_BADGE 0xfa17ul
#define UART_PADDR 0x10000000ul

/* Wait for a message with badge `badge` on `ep` (a fault, usually); false on failure. */
#define RECV_BADGED(ep, badge, info)                                                               \
    do {                                                                                           \
        seL4_Word rb_badge_ = 0;                                                                   \
        CHECK(guarded_recv((ep), &(info), &rb_badge_));                                            \
        CHECK_EQ(rb_badge_, (badge));                                                              \
    } while (0)

/* A 4 KiB frame of device memory (not the UART's), or seL4_CapNull (failure recorded). */
static seL4_CPtr device_frame(void)
{
    seL4_Word n = bootinfo->untyped.end - bootinfo->untyped.start;
    for (seL4_Word i = 0; i < n; i++) {
        const seL4_UntypedDesc *d = &bootinfo->untypedList[i];
        if (!d->isDevice || d->sizeBits < 16) continue;
        if (UART_PADDR >= d->paddr && UART_PADDR - d->paddr < (1ul << d->sizeBits)) continue;
        return new_object_from(bootinfo->untyped.start + i, seL4_RISCV_4K_Page, 0);
    }
    test_fail(__FILE__, __LINE__, "no device untyped of 64 KiB or more");
    return seL4_CapNull;
}

/* ---- Configure ------------------------------------------------------------------------------ */

KTEST(tcb_configure_errors)
{
    seL4_CPtr tcb = TRY(new_object(seL4_TCBObject, 0));
    track_thread(tcb);
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    seL4_CPtr pt = TRY(new_object(seL4_RISCV_PageTableObject, 0)); /* not an assigned VSpace */
    seL4_CPtr frame;
    void *page = TRY(new_mapped_page(&frame));
    seL4_Word buf = (seL4_Word)page;
    /* The CSpace root must be a CNode. */
    CHECK_ERR(seL4_TCB_Configure(tcb, 0, ep, 0, VSPACE, 0, buf, frame), seL4_IllegalOperation);
    /* ... and stay one after the guard is applied: 12 + 53 > 64 bits. */
    CHECK_ERR(seL4_TCB_Configure(tcb, 0, ROOT, seL4_CNode_CapData_new(0, 53).words[0], VSPACE, 0,
                                 buf, frame),
              seL4_IllegalOperation);
    /* The VSpace root must be a page table assigned to an ASID. */
    CHECK_ERR(seL4_TCB_Configure(tcb, 0, ROOT, 0, pt, 0, buf, frame), seL4_IllegalOperation);
    CHECK_ERR(seL4_TCB_Configure(tcb, 0, ROOT, 0, ep, 0, buf, frame), seL4_IllegalOperation);
    /* The IPC buffer must be 1 KiB aligned and a RAM frame. */
    CHECK_ERR(seL4_TCB_Configure(tcb, 0, ROOT, 0, VSPACE, 0, buf + 0x200, frame),
              seL4_AlignmentError);
    CHECK_ERR(seL4_TCB_Configure(tcb, 0, ROOT, 0, VSPACE, 0, buf, ep), seL4_IllegalOperation);
    seL4_CPtr dev = TRY(device_frame());
    CHECK_ERR(seL4_TCB_Configure(tcb, 0, ROOT, 0, VSPACE, 0, buf, dev), seL4_IllegalOperation);
    /* Four words and three caps are needed. */
    seL4_Word mr[4] = {0, 0, 0, buf};
    seL4_CPtr caps[3] = {ROOT, VSPACE, frame};
    CHECK_REPLY(invoke_raw(tcb, TCBConfigure, 3, mr, 3, caps), seL4_TruncatedMessage, 0);
    CHECK_REPLY(invoke_raw(tcb, TCBConfigure, 4, mr, 2, caps), seL4_TruncatedMessage, 0);
    CHECK_REPLY(invoke_raw(tcb, TCBConfigure, 4, mr, 3, caps), seL4_NoError, 0);
    /* The last 1 KiB of the page is a valid buffer too; buffer 0 ignores the frame cap. */
    CHECK_OK(seL4_TCB_Configure(tcb, 0, ROOT, 0, VSPACE, 0, buf + 0xc00, frame));
    CHECK_OK(seL4_TCB_Configure(tcb, 0, ROOT, 0, VSPACE, 0, 0, ep));
}

/* A thread configured with a guarded CNode of its own as CSpace root: cptr 9 (all 64 bits
 * consumed by a 60-bit zero guard and 4 bits of radix) names that CNode's slot 9. */
KTEST(tcb_configure_guarded_cspace)
{
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    seL4_CPtr cnode = TRY(new_object(seL4_CapTableObject, 4));
    CHECK_OK(seL4_CNode_Copy(cnode, 9, 4, ROOT, ep, ROOT_DEPTH, seL4_AllRights));
    struct helper *h = TRY(helper_new(HELPER_DEFAULT_PRIO, 0));
    CHECK_OK(seL4_TCB_Configure(h->tcb, 0, cnode, seL4_CNode_CapData_new(0, 60).words[0], VSPACE, 0,
                                (seL4_Word)h->ipc, h->ipc_frame));
    helper_start_raw(h, (seL4_Word)stub_send, 9, seL4_MessageInfo_new(0x77, 0, 0, 1).words[0],
                     0x5eed);
    CHECK(!test_has_failed());
    seL4_MessageInfo_t info;
    seL4_Word badge = 1;
    CHECK(guarded_recv(ep, &info, &badge));
    CHECK_EQ(badge, 0);
    CHECK_EQ(seL4_MessageInfo_get_label(info), 0x77);
    CHECK_EQ(seL4_MessageInfo_get_length(info), 1);
    CHECK_EQ(seL4_GetMR(0), 0x5eed);
}

/* ---- SetSpace ---------------------------------------------------------------------------------
 */

/* SetSpace replaces CSpace and fault endpoint: the fault endpoint cptr is looked up in the
 * new CSpace when the thread faults. */
KTEST(tcb_set_space)
{
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    seL4_CPtr fault_ep = TRY(mint_badged(ep, FAULT_BADGE));
    seL4_CPtr pt = TRY(new_object(seL4_RISCV_PageTableObject, 0));
    seL4_CPtr cnode = TRY(new_object(seL4_CapTableObject, 3));
    CHECK_OK(seL4_CNode_Copy(cnode, 6, 3, ROOT, fault_ep, ROOT_DEPTH, seL4_AllRights));
    struct helper *h = TRY(helper_new(HELPER_DEFAULT_PRIO, 0));
    seL4_Word guard = seL4_CNode_CapData_new(0, 61).words[0];
    CHECK_ERR(seL4_TCB_SetSpace(h->tcb, 6, ep, 0, VSPACE, 0), seL4_IllegalOperation);
    CHECK_ERR(seL4_TCB_SetSpace(h->tcb, 6, cnode, guard, pt, 0), seL4_IllegalOperation);
    seL4_Word mr[3] = {6, guard, 0};
    seL4_CPtr caps[2] = {cnode, VSPACE};
    CHECK_REPLY(invoke_raw(h->tcb, TCBSetSpace, 3, mr, 1, caps), seL4_TruncatedMessage, 0);
    CHECK_REPLY(invoke_raw(h->tcb, TCBSetSpace, 2, mr, 2, caps), seL4_TruncatedMessage, 0);
    CHECK_OK(seL4_TCB_SetSpace(h->tcb, 6, cnode, guard, VSPACE, 0));
    helper_start_raw(h, (seL4_Word)stub_illegal, 0, 0, 0);
    CHECK(!test_has_failed());
    seL4_MessageInfo_t info;
    RECV_BADGED(ep, FAULT_BADGE, info);
    CHECK_EQ(seL4_MessageInfo_get_label(info), seL4_Fault_UserException);
    CHECK_EQ(seL4_GetMR(seL4_UserException_FaultIP), (seL4_Word)stub_illegal);
}

/* ---- Priorities -------------------------------------------------------------------------------
 */

KTEST(tcb_set_mcpriority)
{
    seL4_CPtr tcb = TRY(new_object(seL4_TCBObject, 0));
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    CHECK_OK(seL4_TCB_SetMCPriority(tcb, ROOT_TCB, 80));
    /* With MCP 80 the thread is its own authority up to 80. */
    CHECK_OK(seL4_TCB_SetPriority(tcb, tcb, 80));
    CHECK_ERR(seL4_TCB_SetPriority(tcb, tcb, 81), seL4_RangeError);
    CHECK_EQ(seL4_GetMR(0), 0);
    CHECK_EQ(seL4_GetMR(1), 80);
    CHECK_ERR(seL4_TCB_SetMCPriority(tcb, tcb, 81), seL4_RangeError);
    CHECK_EQ(seL4_GetMR(1), 80);
    CHECK_ERR(seL4_TCB_SetMCPriority(tcb, ROOT_TCB, seL4_MaxPrio + 1), seL4_RangeError);
    CHECK_EQ(seL4_GetMR(0), 0);
    CHECK_EQ(seL4_GetMR(1), seL4_MaxPrio);
    /* The full word is checked, not its low byte. */
    CHECK_ERR(seL4_TCB_SetMCPriority(tcb, ROOT_TCB, 0x100 + 10), seL4_RangeError);
    seL4_MessageInfo_t r;
    seL4_Word mr[1] = {10};
    r = invoke_raw(tcb, TCBSetMCPriority, 1, mr, 1, &ep);
    CHECK_REPLY(r, seL4_InvalidCapability, 1);
    CHECK_EQ(seL4_GetMR(0), 1);
    CHECK_REPLY(invoke_raw(tcb, TCBSetMCPriority, 1, mr, 0, NULL), seL4_TruncatedMessage, 0);
    seL4_CPtr root_tcb = ROOT_TCB;
    CHECK_REPLY(invoke_raw(tcb, TCBSetMCPriority, 0, mr, 1, &root_tcb), seL4_TruncatedMessage, 0);
    /* Lowering the MCP lowers what the thread may grant. */
    CHECK_OK(seL4_TCB_SetMCPriority(tcb, tcb, 20));
    CHECK_ERR(seL4_TCB_SetPriority(tcb, tcb, 21), seL4_RangeError);
    CHECK_EQ(seL4_GetMR(1), 20);
}

static volatile int sp_ran;

static void set_ran(seL4_Word unused0, seL4_Word unused1, seL4_Word unused2)
{
    (void)unused0;
    (void)unused1;
    (void)unused2;
    sp_ran = 1;
}

KTEST(tcb_set_sched_params)
{
    seL4_CPtr tcb = TRY(new_object(seL4_TCBObject, 0));
    CHECK_OK(seL4_TCB_SetSchedParams(tcb, ROOT_TCB, 60, 40));
    CHECK_OK(seL4_TCB_SetSchedParams(tcb, tcb, 60, 60));
    CHECK_ERR(seL4_TCB_SetSchedParams(tcb, tcb, 61, 0), seL4_RangeError);
    CHECK_EQ(seL4_GetMR(0), 0);
    CHECK_EQ(seL4_GetMR(1), 60);
    CHECK_ERR(seL4_TCB_SetSchedParams(tcb, tcb, 0, 61), seL4_RangeError);
    CHECK_EQ(seL4_GetMR(1), 60);
    seL4_Word mr[2] = {5, 5};
    seL4_CPtr auth = ROOT_TCB;
    CHECK_REPLY(invoke_raw(tcb, TCBSetSchedParams, 1, mr, 1, &auth), seL4_TruncatedMessage, 0);
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    seL4_MessageInfo_t r = invoke_raw(tcb, TCBSetSchedParams, 2, mr, 1, &ep);
    CHECK_REPLY(r, seL4_InvalidCapability, 1);
    CHECK_EQ(seL4_GetMR(0), 1);

    /* Both take effect: a ready helper raised above the root runs at once, and its new
     * MCP makes it an authority for priority 200. */
    sp_ran = 0;
    struct helper *h = TRY(helper_new(HELPER_DEFAULT_PRIO, 0));
    CHECK_OK(seL4_TCB_SetPriority(ROOT_TCB, ROOT_TCB, 120));
    helper_start(h, set_ran, 0, 0, 0);
    CHECK(!test_has_failed());
    CHECK_EQ(sp_ran, 0);
    CHECK_OK(seL4_TCB_SetSchedParams(h->tcb, ROOT_TCB, 200, 130));
    CHECK_EQ(sp_ran, 1);
    CHECK_OK(seL4_TCB_SetPriority(tcb, h->tcb, 200));
    CHECK_ERR(seL4_TCB_SetPriority(tcb, h->tcb, 201), seL4_RangeError);
    CHECK_EQ(seL4_GetMR(1), 200);
}

/* ---- SetIPCBuffer -------------------------------------------------------------------------------
 */

KTEST(tcb_set_ipc_buffer_errors)
{
    seL4_CPtr tcb = TRY(new_object(seL4_TCBObject, 0));
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    seL4_CPtr frame;
    void *page = TRY(new_mapped_page(&frame));
    seL4_Word buf = (seL4_Word)page;
    CHECK_ERR(seL4_TCB_SetIPCBuffer(tcb, buf + 8, frame), seL4_AlignmentError);
    CHECK_ERR(seL4_TCB_SetIPCBuffer(tcb, buf + 0x3ff, frame), seL4_AlignmentError);
    CHECK_ERR(seL4_TCB_SetIPCBuffer(tcb, buf, ep), seL4_IllegalOperation);
    /* The cap is checked before the alignment. */
    CHECK_ERR(seL4_TCB_SetIPCBuffer(tcb, buf + 8, ep), seL4_IllegalOperation);
    seL4_CPtr dev = TRY(device_frame());
    CHECK_ERR(seL4_TCB_SetIPCBuffer(tcb, buf, dev), seL4_IllegalOperation);
    seL4_Word mr[1] = {buf};
    CHECK_REPLY(invoke_raw(tcb, TCBSetIPCBuffer, 1, mr, 0, NULL), seL4_TruncatedMessage, 0);
    CHECK_REPLY(invoke_raw(tcb, TCBSetIPCBuffer, 0, mr, 1, &frame), seL4_TruncatedMessage, 0);
    CHECK_OK(seL4_TCB_SetIPCBuffer(tcb, buf + 0x400, frame));
    /* Address 0 clears the buffer; the cap is not looked at. */
    CHECK_OK(seL4_TCB_SetIPCBuffer(tcb, 0, ep));
}

static volatile seL4_IPCBuffer *moved_buffer;

/* Sends a 10-word message through the IPC buffer libsel4 currently uses (moved_buffer if
 * set). */
static void send_ten(seL4_Word ep, seL4_Word unused1, seL4_Word unused2)
{
    (void)unused1;
    (void)unused2;
    if (moved_buffer) seL4_SetIPCBuffer((seL4_IPCBuffer *)moved_buffer);
    for (seL4_Word i = 0; i < 10; i++)
        seL4_SetMR(i, 0x700 + i);
    seL4_Send(ep, seL4_MessageInfo_new(0x10, 0, 0, 10));
}

/* After SetIPCBuffer the kernel takes words 4.. from the new buffer; with no buffer at all
 * only the four register words travel. */
KTEST(tcb_set_ipc_buffer_moves)
{
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    seL4_CPtr frame;
    void *page = TRY(new_mapped_page(&frame));
    struct helper *h = TRY(helper_new(HELPER_DEFAULT_PRIO, 0));
    CHECK_OK(seL4_TCB_SetIPCBuffer(h->tcb, (seL4_Word)page + 0x800, frame));
    moved_buffer = (seL4_IPCBuffer *)((seL4_Word)page + 0x800);
    helper_start(h, send_ten, ep, 0, 0);
    CHECK(!test_has_failed());
    for (seL4_Word i = 0; i < seL4_MsgMaxLength; i++)
        seL4_SetMR(i, 0);
    seL4_MessageInfo_t info;
    CHECK(guarded_recv(ep, &info, NULL));
    CHECK_EQ(seL4_MessageInfo_get_length(info), 10);
    for (seL4_Word i = 0; i < 10; i++)
        CHECK_EQ(seL4_GetMR(i), 0x700 + i);
    CHECK(helper_join(h));

    struct helper *g = TRY(helper_new(HELPER_DEFAULT_PRIO, 0));
    CHECK_OK(seL4_TCB_SetIPCBuffer(g->tcb, 0, seL4_CapNull));
    moved_buffer = NULL;
    helper_start(g, send_ten, ep, 0, 0);
    CHECK(!test_has_failed());
    /* (After helper_start: its WriteRegisters used the root's buffer words 4..33.) */
    for (seL4_Word i = 0; i < seL4_MsgMaxLength; i++)
        seL4_SetMR(i, 0);
    CHECK(guarded_recv(ep, &info, NULL));
    CHECK_EQ(seL4_MessageInfo_get_label(info), 0x10);
    CHECK_EQ(seL4_MessageInfo_get_length(info), 4);
    for (seL4_Word i = 0; i < 4; i++)
        CHECK_EQ(seL4_GetMR(i), 0x700 + i);
    CHECK_EQ(seL4_GetMR(4), 0);
    CHECK(helper_join(g));
}

/* ---- Suspend / Resume of blocked threads -------------------------------------------------- */

static volatile seL4_Word got_mr0, got_badge;

static void recv_once(seL4_Word ep, seL4_Word unused1, seL4_Word unused2)
{
    (void)unused1;
    (void)unused2;
    seL4_Word badge = 0;
    seL4_Recv(ep, &badge);
    got_badge = badge;
    got_mr0 = seL4_GetMR(0);
}

/* A suspended receiver leaves the endpoint queue (a non-blocking send finds nobody); Resume
 * restarts its Recv. */
KTEST(tcb_suspend_blocked_receiver)
{
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    seL4_CPtr badged = TRY(mint_badged(ep, 0x31));
    got_mr0 = 0;
    struct helper *h = TRY(helper_new(HELPER_DEFAULT_PRIO, 0));
    helper_start(h, recv_once, ep, 0, 0);
    CHECK(!test_has_failed());
    CHECK(settle());
    CHECK(!h->finished);
    CHECK_OK(seL4_TCB_Suspend(h->tcb));
    seL4_SetMR(0, 1);
    seL4_NBSend(badged, seL4_MessageInfo_new(0, 0, 0, 1));
    CHECK(settle());
    CHECK(!h->finished);
    CHECK_EQ(got_mr0, 0);
    CHECK_OK(seL4_TCB_Resume(h->tcb));
    CHECK(settle());
    CHECK(!h->finished);
    seL4_SetMR(0, 2);
    seL4_NBSend(badged, seL4_MessageInfo_new(0, 0, 0, 1));
    CHECK(helper_join(h));
    CHECK_EQ(got_mr0, 2);
    CHECK_EQ(got_badge, 0x31);
}

static void send_feed(seL4_Word ep, seL4_Word unused1, seL4_Word unused2)
{
    (void)unused1;
    (void)unused2;
    seL4_SetMR(0, 0xfeed);
    seL4_Send(ep, seL4_MessageInfo_new(0x21, 0, 0, 1));
}

/* A suspended sender leaves the queue; Resume re-executes its Send, which queues again:
 * the message is delivered exactly once. */
KTEST(tcb_resume_restarts_send)
{
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    seL4_CPtr badged = TRY(mint_badged(ep, 0x33));
    struct helper *h = TRY(helper_new(HELPER_DEFAULT_PRIO, 0));
    helper_start(h, send_feed, badged, 0, 0);
    CHECK(!test_has_failed());
    CHECK(settle());
    CHECK_OK(seL4_TCB_Suspend(h->tcb));
    seL4_Word badge = 0x5555;
    seL4_NBRecv(ep, &badge);
    CHECK_EQ(badge, 0);
    CHECK_OK(seL4_TCB_Resume(h->tcb));
    seL4_MessageInfo_t info;
    CHECK(guarded_recv(ep, &info, &badge));
    CHECK_EQ(badge, 0x33);
    CHECK_EQ(seL4_MessageInfo_get_label(info), 0x21);
    CHECK_EQ(seL4_GetMR(0), 0xfeed);
    CHECK(helper_join(h));
    badge = 0x5555;
    seL4_NBRecv(ep, &badge);
    CHECK_EQ(badge, 0);
}

/* ---- Read / Write / CopyRegisters ------------------------------------------------------------ */

static volatile seL4_Word spin_counter;

static void count_forever(seL4_Word unused0, seL4_Word unused1, seL4_Word unused2)
{
    (void)unused0;
    (void)unused1;
    (void)unused2;
    for (;;) {
        spin_counter++;
        if ((spin_counter & 0xfff) == 0) seL4_Yield();
    }
}

/* ReadRegisters with suspend_source stops a running thread. */
KTEST(tcb_read_registers_suspends)
{
    spin_counter = 0;
    struct helper *h = TRY(helper_new(HELPER_DEFAULT_PRIO, 0));
    helper_start(h, count_forever, 0, 0, 0);
    CHECK(!test_has_failed());
    CHECK_OK(seL4_TCB_SetPriority(ROOT_TCB, ROOT_TCB, HELPER_DEFAULT_PRIO));
    for (int i = 0; i < 1000 && spin_counter == 0; i++)
        seL4_Yield();
    CHECK_MSG(spin_counter != 0, "the spinner never ran");
    seL4_UserContext regs;
    regs.pc = 0;
    CHECK_OK(seL4_TCB_ReadRegisters(h->tcb, seL4_True, 0, 3, &regs));
    CHECK_NE(regs.pc, 0);
    CHECK_LE(regs.sp, h->stack_top);
    seL4_Word frozen = spin_counter;
    for (int i = 0; i < 20; i++)
        seL4_Yield();
    for (seL4_Word i = 0; i < SPIN_TICKS; i++)
        __asm__ volatile("" ::: "memory");
    CHECK_EQ(spin_counter, frozen);
    CHECK_OK(seL4_TCB_Resume(h->tcb));
    for (int i = 0; i < 1000 && spin_counter == frozen; i++)
        seL4_Yield();
    CHECK_GT(spin_counter, frozen);
}

/* WriteRegisters needs count <= length - 2 words of registers. */
KTEST(tcb_write_registers_truncated)
{
    seL4_CPtr tcb = TRY(new_object(seL4_TCBObject, 0));
    seL4_Word mr[42] = {0, 4, 0x1000, 0x2000, 0x3000};
    CHECK_REPLY(invoke_raw(tcb, TCBWriteRegisters, 5, mr, 0, NULL), seL4_TruncatedMessage, 0);
    CHECK_REPLY(invoke_raw(tcb, TCBWriteRegisters, 1, mr, 0, NULL), seL4_TruncatedMessage, 0);
    mr[1] = 3;
    CHECK_REPLY(invoke_raw(tcb, TCBWriteRegisters, 5, mr, 0, NULL), seL4_NoError, 0);
    seL4_UserContext regs;
    memset(&regs, 0, sizeof(regs));
    CHECK_OK(seL4_TCB_ReadRegisters(tcb, seL4_False, 0, 4, &regs));
    CHECK_EQ(regs.pc, 0x1000);
    CHECK_EQ(regs.ra, 0x2000);
    CHECK_EQ(regs.sp, 0x3000);
    /* A count above 32 is clamped (with enough words present). */
    for (seL4_Word i = 2; i < 42; i++)
        mr[i] = 0x10 * i;
    mr[1] = 40;
    CHECK_REPLY(invoke_raw(tcb, TCBWriteRegisters, 42, mr, 0, NULL), seL4_NoError, 0);
    CHECK_OK(seL4_TCB_ReadRegisters(tcb, seL4_False, 0, NREGS, &regs));
    CHECK_EQ(regs.pc, 0x20);
    CHECK_EQ(regs.tp, 0x10 * 33);
}

static seL4_Word pattern(seL4_Word set, seL4_Word i)
{
    return (set << 32) | (0x1000 + i * 8);
}

static bool write_pattern(seL4_CPtr tcb, seL4_Word set)
{
    seL4_UserContext regs;
    for (seL4_Word i = 0; i < NREGS; i++)
        ((seL4_Word *)&regs)[i] = pattern(set, i);
    return seL4_TCB_WriteRegisters(tcb, seL4_False, 0, NREGS, &regs) == seL4_NoError;
}

KTEST(tcb_copy_registers)
{
    seL4_CPtr src = TRY(new_object(seL4_TCBObject, 0));
    seL4_CPtr dst = TRY(new_object(seL4_TCBObject, 0));
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    CHECK(write_pattern(src, 1));
    CHECK(write_pattern(dst, 2));
    /* The source must be a TCB. */
    seL4_MessageInfo_t r;
    seL4_Word mr[1] = {0xc};
    r = invoke_raw(dst, TCBCopyRegisters, 1, mr, 1, &ep);
    CHECK_REPLY(r, seL4_InvalidCapability, 1);
    CHECK_EQ(seL4_GetMR(0), 1);
    CHECK_REPLY(invoke_raw(dst, TCBCopyRegisters, 1, mr, 0, NULL), seL4_TruncatedMessage, 0);
    CHECK_REPLY(invoke_raw(dst, TCBCopyRegisters, 0, mr, 1, &src), seL4_TruncatedMessage, 0);

    /* Frame registers only: pc, ra, sp, gp, s0..s11. */
    CHECK_OK(seL4_TCB_CopyRegisters(dst, src, seL4_False, seL4_False, seL4_True, seL4_False, 0));
    seL4_UserContext regs;
    CHECK_OK(seL4_TCB_ReadRegisters(dst, seL4_False, 0, NREGS, &regs));
    for (seL4_Word i = 0; i < NREGS; i++)
        CHECK_MSG(((seL4_Word *)&regs)[i] == pattern(i < 16 ? 1 : 2, i), "register %lu: 0x%lx",
                  (unsigned long)i, (unsigned long)((seL4_Word *)&regs)[i]);
    /* Integer registers only: a0..a7, t0..t6, tp. */
    CHECK(write_pattern(dst, 2));
    CHECK_OK(seL4_TCB_CopyRegisters(dst, src, seL4_False, seL4_False, seL4_False, seL4_True, 0));
    CHECK_OK(seL4_TCB_ReadRegisters(dst, seL4_False, 0, NREGS, &regs));
    for (seL4_Word i = 0; i < NREGS; i++)
        CHECK_MSG(((seL4_Word *)&regs)[i] == pattern(i < 16 ? 2 : 1, i), "register %lu: 0x%lx",
                  (unsigned long)i, (unsigned long)((seL4_Word *)&regs)[i]);
    /* Neither: nothing changes. */
    CHECK(write_pattern(dst, 3));
    CHECK_OK(seL4_TCB_CopyRegisters(dst, src, seL4_False, seL4_False, seL4_False, seL4_False, 0));
    CHECK_OK(seL4_TCB_ReadRegisters(dst, seL4_False, 0, NREGS, &regs));
    CHECK_EQ(regs.pc, pattern(3, 0));
    CHECK_EQ(regs.tp, pattern(3, 31));
}

/* CopyRegisters(suspend source, resume target): the target continues where the source
 * stopped, with its registers; the suspended source's pending fault reply is cancelled. */
KTEST(tcb_copy_registers_resume)
{
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    seL4_CPtr fault_src = TRY(mint_badged(ep, 0x51));
    seL4_CPtr fault_dst = TRY(mint_badged(ep, 0x52));
    struct helper *src = TRY(helper_new(HELPER_DEFAULT_PRIO, fault_src));
    struct helper *dst = TRY(helper_new(HELPER_DEFAULT_PRIO, fault_dst));
    helper_start_raw(src, (seL4_Word)stub_report, 0xa0a0, 0xa1a1, 0xa2a2);
    CHECK(!test_has_failed());
    seL4_MessageInfo_t info;
    RECV_BADGED(ep, 0x51, info);
    CHECK_EQ(seL4_MessageInfo_get_label(info), seL4_Fault_UnknownSyscall);
    CHECK_OK(
        seL4_TCB_CopyRegisters(dst->tcb, src->tcb, seL4_True, seL4_True, seL4_True, seL4_True, 0));
    /* The source was waiting for our reply; suspending it removed the reply cap. */
    seL4_CPtr saved = TRY(alloc_slot());
    CHECK_OK(seL4_CNode_SaveCaller(ROOT, saved, ROOT_DEPTH));
    CHECK_EQ(seL4_DebugCapIdentify(saved), CAPTYPE_null);
    RECV_BADGED(ep, 0x52, info);
    CHECK_EQ(seL4_MessageInfo_get_label(info), seL4_Fault_UnknownSyscall);
    CHECK_EQ(seL4_GetMR(seL4_UnknownSyscall_FaultIP), (seL4_Word)stub_report_ecall);
    CHECK_EQ(seL4_GetMR(seL4_UnknownSyscall_SP), src->stack_top);
    CHECK_EQ(seL4_GetMR(seL4_UnknownSyscall_A0), 0xa0a0);
    CHECK_EQ(seL4_GetMR(seL4_UnknownSyscall_A2), 0xa2a2);
    CHECK_EQ(seL4_GetMR(seL4_UnknownSyscall_Syscall), STUB_SYSCALL_REPORT);
}

/* ---- Bind / UnbindNotification -------------------------------------------------------------- */

static void wait_on(seL4_Word ntfn, seL4_Word unused1, seL4_Word unused2)
{
    (void)unused1;
    (void)unused2;
    seL4_Wait(ntfn, NULL);
}

KTEST(tcb_bind_notification_errors)
{
    seL4_CPtr t1 = TRY(new_object(seL4_TCBObject, 0));
    seL4_CPtr t2 = TRY(new_object(seL4_TCBObject, 0));
    seL4_CPtr n1 = TRY(new_object(seL4_NotificationObject, 0));
    seL4_CPtr n2 = TRY(new_object(seL4_NotificationObject, 0));
    seL4_CPtr n3 = TRY(new_object(seL4_NotificationObject, 0));
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    seL4_CPtr n1_write_only = TRY(alloc_slot());
    CHECK_OK(
        seL4_CNode_Mint(ROOT, n1_write_only, ROOT_DEPTH, ROOT, n1, ROOT_DEPTH, seL4_CanWrite, 0));
    /* Not a notification; no Read right; no cap at all. */
    CHECK_REPLY(invoke_raw(t1, TCBBindNotification, 0, NULL, 1, &ep), seL4_IllegalOperation, 0);
    CHECK_REPLY(invoke_raw(t1, TCBBindNotification, 0, NULL, 1, &n1_write_only),
                seL4_IllegalOperation, 0);
    CHECK_REPLY(invoke_raw(t1, TCBBindNotification, 0, NULL, 0, NULL), seL4_TruncatedMessage, 0);
    /* Unbinding an unbound thread. */
    CHECK_REPLY(invoke_raw(t1, TCBUnbindNotification, 0, NULL, 0, NULL), seL4_IllegalOperation, 0);
    CHECK_OK(seL4_TCB_BindNotification(t1, n1));
    /* The TCB is already bound. */
    CHECK_ERR(seL4_TCB_BindNotification(t1, n2), seL4_IllegalOperation);
    /* The notification is already bound. */
    CHECK_ERR(seL4_TCB_BindNotification(t2, n1), seL4_IllegalOperation);
    /* The notification has a waiting thread. */
    struct helper *h = TRY(helper_new(HELPER_DEFAULT_PRIO, 0));
    helper_start(h, wait_on, n3, 0, 0);
    CHECK(!test_has_failed());
    CHECK(settle());
    CHECK_ERR(seL4_TCB_BindNotification(t2, n3), seL4_IllegalOperation);
    seL4_Signal(n3);
    CHECK(helper_join(h));
    CHECK_OK(seL4_TCB_BindNotification(t2, n3));
    /* Unbinding frees both sides. */
    CHECK_OK(seL4_TCB_UnbindNotification(t1));
    CHECK_ERR(seL4_TCB_UnbindNotification(t1), seL4_IllegalOperation);
    CHECK_OK(seL4_TCB_BindNotification(t1, n2));
    CHECK_OK(seL4_TCB_UnbindNotification(t2));
    CHECK_OK(seL4_TCB_BindNotification(t2, n1));
}

/* ---- SetTLSBase ------------------------------------------------------------------------------ */

/* The thread sees the new tp (the stub reports it in a0 of an UnknownSyscall fault). */
KTEST(tcb_set_tls_base)
{
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    seL4_CPtr fault_ep = TRY(mint_badged(ep, FAULT_BADGE));
    struct helper *h = TRY(helper_new(HELPER_DEFAULT_PRIO, fault_ep));
    helper_start_raw(h, (seL4_Word)stub_tp_report, 0, 0, 0);
    CHECK(!test_has_failed());
    /* The helper has not run yet (the root has the higher priority). */
    CHECK_OK(seL4_TCB_SetTLSBase(h->tcb, 0x7150000));
    seL4_UserContext regs;
    CHECK_OK(seL4_TCB_ReadRegisters(h->tcb, seL4_False, 0, NREGS, &regs));
    CHECK_EQ(regs.tp, 0x7150000);
    seL4_MessageInfo_t info;
    RECV_BADGED(ep, FAULT_BADGE, info);
    CHECK_EQ(seL4_MessageInfo_get_label(info), seL4_Fault_UnknownSyscall);
    CHECK_EQ(seL4_GetMR(seL4_UnknownSyscall_Syscall), STUB_SYSCALL_TP_REPORT);
    CHECK_EQ(seL4_GetMR(seL4_UnknownSyscall_FaultIP), (seL4_Word)stub_tp_report_ecall);
    CHECK_EQ(seL4_GetMR(seL4_UnknownSyscall_A0), 0x7150000);
    CHECK_REPLY(invoke_raw(h->tcb, TCBSetTLSBase, 0, NULL, 0, NULL), seL4_TruncatedMessage, 0);
}

/* ---- SetFlags ---------------------------------------------------------------------------------
 */

KTEST(tcb_set_flags)
{
    seL4_CPtr tcb = TRY(new_object(seL4_TCBObject, 0));
    seL4_TCB_SetFlags_t f = seL4_TCB_SetFlags(tcb, 0, seL4_TCBFlag_fpuDisabled);
    CHECK_OK(f.error);
    CHECK_EQ(f.flags, seL4_TCBFlag_fpuDisabled);
    /* Unknown bits are not set. */
    f = seL4_TCB_SetFlags(tcb, 0, ~(seL4_Word)seL4_TCBFlag_MASK);
    CHECK_OK(f.error);
    CHECK_EQ(f.flags, seL4_TCBFlag_fpuDisabled);
    f = seL4_TCB_SetFlags(tcb, seL4_TCBFlag_fpuDisabled, 0);
    CHECK_OK(f.error);
    CHECK_EQ(f.flags, 0);
    /* The raw reply: label 0, one word. */
    seL4_Word mr[2] = {0, seL4_TCBFlag_fpuDisabled};
    seL4_MessageInfo_t r = invoke_raw(tcb, TCBSetFlags, 2, mr, 0, NULL);
    CHECK_REPLY(r, seL4_NoError, 1);
    CHECK_EQ(seL4_GetMR(0), seL4_TCBFlag_fpuDisabled);
    mr[0] = ~0ul;
    mr[1] = 0;
    r = invoke_raw(tcb, TCBSetFlags, 2, mr, 0, NULL);
    CHECK_REPLY(r, seL4_NoError, 1);
    CHECK_EQ(seL4_GetMR(0), 0);
    CHECK_REPLY(invoke_raw(tcb, TCBSetFlags, 1, mr, 0, NULL), seL4_TruncatedMessage, 0);
}

/* With fpuDisabled an FP instruction is a UserException (illegal instruction); once the
 * flag is cleared the restarted instruction works, and setting it again on the thread that
 * now owns the FPU takes effect too. */
KTEST(tcb_fpu_disabled_faults)
{
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    seL4_CPtr fault_ep = TRY(mint_badged(ep, FAULT_BADGE));
    struct helper *h = TRY(helper_new(HELPER_DEFAULT_PRIO, fault_ep));
    CHECK_OK(seL4_TCB_SetFlags(h->tcb, 0, seL4_TCBFlag_fpuDisabled).error);
    helper_start_raw(h, (seL4_Word)stub_fp, 41, 0, 0);
    CHECK(!test_has_failed());
    seL4_MessageInfo_t info;
    RECV_BADGED(ep, FAULT_BADGE, info);
    CHECK_EQ(seL4_MessageInfo_get_label(info), seL4_Fault_UserException);
    CHECK_EQ(seL4_MessageInfo_get_length(info), seL4_UserException_Length);
    CHECK_EQ(seL4_GetMR(seL4_UserException_FaultIP), (seL4_Word)stub_fp);
    CHECK_EQ(seL4_GetMR(seL4_UserException_Number), 2);
    CHECK_EQ(seL4_GetMR(seL4_UserException_Code), 0);

    CHECK_EQ(seL4_TCB_SetFlags(h->tcb, seL4_TCBFlag_fpuDisabled, 0).flags, 0);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    RECV_BADGED(ep, FAULT_BADGE, info);
    CHECK_EQ(seL4_MessageInfo_get_label(info), seL4_Fault_UnknownSyscall);
    CHECK_EQ(seL4_GetMR(seL4_UnknownSyscall_FaultIP), (seL4_Word)stub_fp_report);
    CHECK_EQ(seL4_GetMR(seL4_UnknownSyscall_A0), 42);

    /* Disable again and send it back to the FP instruction. */
    CHECK_EQ(seL4_TCB_SetFlags(h->tcb, 0, seL4_TCBFlag_fpuDisabled).flags, 1);
    seL4_Word sp = seL4_GetMR(seL4_UnknownSyscall_SP);
    seL4_Word ra = seL4_GetMR(seL4_UnknownSyscall_RA);
    seL4_SetMR(seL4_UnknownSyscall_FaultIP, (seL4_Word)stub_fp);
    seL4_SetMR(seL4_UnknownSyscall_SP, sp);
    seL4_SetMR(seL4_UnknownSyscall_RA, ra);
    seL4_SetMR(seL4_UnknownSyscall_A0, 7);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, seL4_UnknownSyscall_A0 + 1));
    RECV_BADGED(ep, FAULT_BADGE, info);
    CHECK_EQ(seL4_MessageInfo_get_label(info), seL4_Fault_UserException);
    CHECK_EQ(seL4_GetMR(seL4_UserException_FaultIP), (seL4_Word)stub_fp);
    CHECK_EQ(seL4_GetMR(seL4_UserException_Number), 2);
}
