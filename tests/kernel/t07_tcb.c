/* TCB methods and generic invocation errors. */
#include "framework.h"
#include "stubs.h"

#define ROOT_TCB seL4_CapInitThreadTCB
#define NREGS (sizeof(seL4_UserContext) / sizeof(seL4_Word))

/* Distinct, even, non-zero register values: register i gets pattern(i). */
static seL4_Word pattern(seL4_Word i)
{
    return 0x1000000ul + i * 0x10102ul;
}

/* Everything written to an inactive thread reads back unchanged, in UserContext order. */
KTEST(tcb_write_read_registers)
{
    seL4_CPtr tcb = TRY(new_object(seL4_TCBObject, 0));
    seL4_UserContext in, out;
    seL4_Word *w = (seL4_Word *)&in;
    for (seL4_Word i = 0; i < NREGS; i++)
        w[i] = pattern(i);
    CHECK_EQ(NREGS, 32);
    CHECK_OK(seL4_TCB_WriteRegisters(tcb, seL4_False, 0, NREGS, &in));
    for (seL4_Word i = 0; i < NREGS; i++)
        ((seL4_Word *)&out)[i] = 0;
    CHECK_OK(seL4_TCB_ReadRegisters(tcb, seL4_False, 0, NREGS, &out));
    for (seL4_Word i = 0; i < NREGS; i++)
        CHECK_MSG(((seL4_Word *)&out)[i] == pattern(i), "register %lu read 0x%lx", (unsigned long)i,
                  (unsigned long)((seL4_Word *)&out)[i]);
    /* A short read returns the first registers of the order: pc, ra, sp. */
    seL4_UserContext part;
    part.pc = part.ra = part.sp = 0;
    CHECK_OK(seL4_TCB_ReadRegisters(tcb, seL4_False, 0, 3, &part));
    CHECK_EQ(part.pc, pattern(0));
    CHECK_EQ(part.ra, pattern(1));
    CHECK_EQ(part.sp, pattern(2));
}

KTEST(tcb_read_registers_bad_count)
{
    seL4_CPtr tcb = TRY(new_object(seL4_TCBObject, 0));
    seL4_UserContext out;
    CHECK_ERR(seL4_TCB_ReadRegisters(tcb, seL4_False, 0, 0, &out), seL4_RangeError);
    CHECK_EQ(seL4_GetMR(0), 1);
    CHECK_EQ(seL4_GetMR(1), NREGS);
    CHECK_ERR(seL4_TCB_ReadRegisters(tcb, seL4_False, 0, NREGS + 1, &out), seL4_RangeError);
}

/* A thread may not read or write its own registers. */
KTEST(tcb_registers_self)
{
    seL4_UserContext regs;
    CHECK_ERR(seL4_TCB_ReadRegisters(ROOT_TCB, seL4_False, 0, NREGS, &regs), seL4_IllegalOperation);
    for (seL4_Word i = 0; i < NREGS; i++)
        ((seL4_Word *)&regs)[i] = 0;
    CHECK_ERR(seL4_TCB_WriteRegisters(ROOT_TCB, seL4_False, 0, NREGS, &regs),
              seL4_IllegalOperation);
}

/* Registers written with WriteRegisters(resume) are the ones the thread runs with: the
 * stub traps immediately with an unknown syscall, whose fault message carries pc, sp, ra
 * and a0..a7, and ReadRegisters of the stopped thread shows the rest unchanged. */
KTEST(tcb_registers_reach_thread)
{
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    struct helper *h = TRY(helper_new(HELPER_DEFAULT_PRIO, ep));
    seL4_UserContext in;
    seL4_Word *w = (seL4_Word *)&in;
    for (seL4_Word i = 0; i < NREGS; i++)
        w[i] = pattern(i);
    in.pc = (seL4_Word)stub_report;
    CHECK_OK(seL4_TCB_WriteRegisters(h->tcb, seL4_True, 0, NREGS, &in));

    seL4_MessageInfo_t info;
    CHECK(guarded_recv(ep, &info, NULL));
    CHECK_EQ(seL4_MessageInfo_get_label(info), seL4_Fault_UnknownSyscall);
    CHECK_EQ(seL4_MessageInfo_get_length(info), seL4_UnknownSyscall_Length);
    CHECK_EQ(seL4_GetMR(seL4_UnknownSyscall_FaultIP), (seL4_Word)stub_report_ecall);
    CHECK_EQ(seL4_GetMR(seL4_UnknownSyscall_SP), in.sp);
    CHECK_EQ(seL4_GetMR(seL4_UnknownSyscall_RA), in.ra);
    CHECK_EQ(seL4_GetMR(seL4_UnknownSyscall_A0), in.a0);
    CHECK_EQ(seL4_GetMR(seL4_UnknownSyscall_A1), in.a1);
    CHECK_EQ(seL4_GetMR(seL4_UnknownSyscall_A2), in.a2);
    CHECK_EQ(seL4_GetMR(seL4_UnknownSyscall_A3), in.a3);
    CHECK_EQ(seL4_GetMR(seL4_UnknownSyscall_A4), in.a4);
    CHECK_EQ(seL4_GetMR(seL4_UnknownSyscall_A5), in.a5);
    CHECK_EQ(seL4_GetMR(seL4_UnknownSyscall_A6), in.a6);
    CHECK_EQ(seL4_GetMR(seL4_UnknownSyscall_Syscall), STUB_SYSCALL_REPORT);

    seL4_UserContext out;
    CHECK_OK(seL4_TCB_ReadRegisters(h->tcb, seL4_False, 0, NREGS, &out));
    CHECK_EQ(out.pc, (seL4_Word)stub_report_ecall);
    CHECK_EQ(out.a7, STUB_SYSCALL_REPORT);
    /* Everything the stub did not touch. */
    in.pc = out.pc;
    in.a7 = out.a7;
    for (seL4_Word i = 0; i < NREGS; i++)
        CHECK_MSG(((seL4_Word *)&out)[i] == w[i], "register %lu is 0x%lx, wrote 0x%lx",
                  (unsigned long)i, (unsigned long)((seL4_Word *)&out)[i], (unsigned long)w[i]);
}

static volatile seL4_Word susp_count;

/* Counts forever.  It yields now and then so that this test does not depend on timer
 * preemption (sched_preemption_round_robin covers that): with a kernel that never
 * preempts, the root still gets the CPU back. */
static void count_forever(seL4_Word unused0, seL4_Word unused1, seL4_Word unused2)
{
    (void)unused0;
    (void)unused1;
    (void)unused2;
    for (;;) {
        susp_count++;
        if ((susp_count & 0xfff) == 0) seL4_Yield();
    }
}

/* Yield to an equal-priority thread until `*counter` exceeds `floor`; bounded. */
static bool yield_until_above(volatile seL4_Word *counter, seL4_Word floor)
{
    for (int i = 0; i < 1000; i++) {
        if (*counter > floor) return true;
        seL4_Yield();
    }
    return *counter > floor;
}

/* Suspend stops a running (spinning) thread; Resume lets it continue. */
KTEST(tcb_suspend_resume)
{
    susp_count = 0;
    struct helper *h = TRY(helper_new(HELPER_DEFAULT_PRIO, 0));
    helper_start(h, count_forever, 0, 0, 0);
    CHECK(!test_has_failed());
    /* Share the spinner's priority so that Yield hands it the CPU. */
    CHECK_OK(seL4_TCB_SetPriority(ROOT_TCB, ROOT_TCB, HELPER_DEFAULT_PRIO));
    CHECK_MSG(yield_until_above(&susp_count, 0), "spinner never ran");

    CHECK_OK(seL4_TCB_Suspend(h->tcb));
    seL4_Word frozen = susp_count;
    for (int i = 0; i < 20; i++)
        seL4_Yield();
    for (seL4_Word i = 0; i < SPIN_TICKS; i++)
        __asm__ volatile("" ::: "memory");
    CHECK_EQ(susp_count, frozen);

    CHECK_OK(seL4_TCB_Resume(h->tcb));
    CHECK_MSG(yield_until_above(&susp_count, frozen), "spinner did not run after Resume");
    CHECK_OK(seL4_TCB_Suspend(h->tcb));
}

/* A priority above the authority's MCP is refused with the allowed range. */
KTEST(tcb_set_priority_above_mcp)
{
    seL4_CPtr tcb = TRY(new_object(seL4_TCBObject, 0));
    /* A new TCB has MCP 0: as its own authority it may only set priority 0. */
    CHECK_ERR(seL4_TCB_SetPriority(tcb, tcb, 1), seL4_RangeError);
    CHECK_EQ(seL4_GetMR(0), 0);
    CHECK_EQ(seL4_GetMR(1), 0);
    CHECK_OK(seL4_TCB_SetPriority(tcb, tcb, 0));
    CHECK_ERR(seL4_TCB_SetMCPriority(tcb, tcb, 1), seL4_RangeError);
    /* The root's MCP is 255. */
    CHECK_ERR(seL4_TCB_SetPriority(tcb, ROOT_TCB, seL4_MaxPrio + 1), seL4_RangeError);
    CHECK_EQ(seL4_GetMR(0), 0);
    CHECK_EQ(seL4_GetMR(1), seL4_MaxPrio);
    CHECK_OK(seL4_TCB_SetPriority(tcb, ROOT_TCB, seL4_MaxPrio));
    /* The authority must be a TCB. */
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    CHECK_ERR(seL4_TCB_SetPriority(tcb, ep, 1), seL4_InvalidCapability);
    CHECK_EQ(seL4_GetMR(0), 1);
}

static volatile int named_ran;

static void named_fn(seL4_Word unused0, seL4_Word unused1, seL4_Word unused2)
{
    (void)unused0;
    (void)unused1;
    (void)unused2;
    named_ran = 1;
}

/* Naming threads (a debug syscall that reads the name from the IPC buffer) leaves the
 * root and the named thread working. */
KTEST(tcb_debug_name_thread)
{
    named_ran = 0;
    struct helper *h = TRY(helper_new(HELPER_DEFAULT_PRIO, 0));
    seL4_DebugNameThread(h->tcb, "ktest-named-helper");
    seL4_DebugNameThread(ROOT_TCB, "kernel-tests");
    helper_start(h, named_fn, 0, 0, 0);
    CHECK(!test_has_failed());
    CHECK(helper_join(h));
    CHECK_EQ(named_ran, 1);
    /* The root's own invocations still work. */
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    CHECK_EQ(seL4_DebugCapIdentify(ep), CAPTYPE_endpoint);
}

/* ---- Generic invocation errors ---------------------------------------------------------- */

/* Call on a cptr that resolves to an empty slot: InvalidCapability for cap 0. */
KTEST(invoke_empty_slot)
{
    seL4_CPtr empty = TRY(alloc_slot());
    seL4_MessageInfo_t r = seL4_Call(empty, seL4_MessageInfo_new(CNodeDelete, 0, 0, 0));
    CHECK_EQ(seL4_MessageInfo_get_label(r), seL4_InvalidCapability);
    CHECK_EQ(seL4_MessageInfo_get_length(r), 1);
    CHECK_EQ(seL4_GetMR(0), 0);
    /* Through a generated stub too. */
    CHECK_ERR(seL4_TCB_Suspend(empty), seL4_InvalidCapability);
}

/* Fewer argument words or caps than the method needs. */
KTEST(invoke_truncated_message)
{
    seL4_CPtr slot = TRY(alloc_slot());
    /* Untyped_Retype with 2 of its 6 words. */
    seL4_SetCap(0, seL4_CapInitThreadCNode);
    seL4_SetMR(0, seL4_EndpointObject);
    seL4_SetMR(1, 0);
    seL4_MessageInfo_t r = seL4_Call(test_untyped(), seL4_MessageInfo_new(UntypedRetype, 0, 1, 2));
    CHECK_EQ(seL4_MessageInfo_get_label(r), seL4_TruncatedMessage);
    /* All six words but no root CNode cap. */
    seL4_SetMR(0, seL4_EndpointObject);
    seL4_SetMR(1, 0);
    seL4_SetMR(2, 0);
    seL4_SetMR(3, 0);
    seL4_SetMR(4, slot);
    seL4_SetMR(5, 1);
    r = seL4_Call(test_untyped(), seL4_MessageInfo_new(UntypedRetype, 0, 0, 6));
    CHECK_EQ(seL4_MessageInfo_get_label(r), seL4_TruncatedMessage);
    CHECK_EQ(seL4_DebugCapIdentify(slot), CAPTYPE_null);
    /* A CNode method with one word. */
    seL4_SetMR(0, slot);
    r = seL4_Call(seL4_CapInitThreadCNode, seL4_MessageInfo_new(CNodeDelete, 0, 0, 1));
    CHECK_EQ(seL4_MessageInfo_get_label(r), seL4_TruncatedMessage);
    /* With all six words and the cap, the same message works. */
    seL4_SetCap(0, seL4_CapInitThreadCNode);
    seL4_SetMR(0, seL4_EndpointObject);
    seL4_SetMR(1, 0);
    seL4_SetMR(2, 0);
    seL4_SetMR(3, 0);
    seL4_SetMR(4, slot);
    seL4_SetMR(5, 1);
    r = seL4_Call(test_untyped(), seL4_MessageInfo_new(UntypedRetype, 0, 1, 6));
    CHECK_EQ(seL4_MessageInfo_get_label(r), seL4_NoError);
    CHECK_EQ(seL4_DebugCapIdentify(slot), CAPTYPE_endpoint);
}

/* A label the object does not implement is an IllegalOperation; the same message sent
 * with Send is silently dropped (no reply, no fault). */
KTEST(invoke_illegal_operation)
{
    seL4_CPtr tcb = TRY(new_object(seL4_TCBObject, 0));
    seL4_MessageInfo_t r =
        seL4_Call(seL4_CapInitThreadCNode, seL4_MessageInfo_new(TCBSuspend, 0, 0, 0));
    CHECK_EQ(seL4_MessageInfo_get_label(r), seL4_IllegalOperation);
    CHECK_EQ(seL4_MessageInfo_get_length(r), 0);
    seL4_SetMR(0, 0);
    seL4_SetMR(1, 64);
    r = seL4_Call(tcb, seL4_MessageInfo_new(CNodeDelete, 0, 0, 2));
    CHECK_EQ(seL4_MessageInfo_get_label(r), seL4_IllegalOperation);
    seL4_Send(seL4_CapInitThreadCNode, seL4_MessageInfo_new(TCBSuspend, 0, 0, 0));
    seL4_NBSend(seL4_CapInitThreadCNode, seL4_MessageInfo_new(0, 0, 0, 0));
    /* The root carries on normally. */
    CHECK_EQ(seL4_DebugCapIdentify(tcb), CAPTYPE_thread);
}
