/* Interrupts: IRQControl_Get/GetTrigger and their errors, the IRQHandler methods, and a real
 * device: the 16550 UART of QEMU virt (phys 0x10000000, PLIC source 10) driven from user
 * level through a device frame and an IRQHandler.
 *
 * Every test deletes the handler caps it made, so the IRQ is free again afterwards. */
#include "framework.h"

#define ROOT seL4_CapInitThreadCNode
#define IRQ_CONTROL seL4_CapIRQControl
/* PLIC sources 1..95; 96 is the kernel's timer. */
#define MAX_IRQ 96
#define TIMER_IRQ 96
/* Sources with no device behind them on QEMU virt (1-8 virtio, 10 UART, 11 RTC, 32-35
 * PCIe). */
#define QUIET_IRQ_A 20
#define QUIET_IRQ_B 21
#define QUIET_IRQ_C 22
#define QUIET_IRQ_D 23

#define UART_PADDR 0x10000000ul
#define UART_IRQ 10
#define UART_IER 1
#define UART_IER_ETBEI 0x02 /* transmit holding register empty */

/* Raw IRQControl_Get: (irq, index, depth) with `root`. */
static seL4_MessageInfo_t irq_get_raw(seL4_Word irq, seL4_Word index, seL4_Word depth)
{
    seL4_Word mr[3] = {irq, index, depth};
    seL4_CPtr root = ROOT;
    return invoke_raw(IRQ_CONTROL, IRQIssueIRQHandler, 3, mr, 1, &root);
}

KTEST(irq_control_get_range)
{
    seL4_CPtr slot = TRY(alloc_slot());
    static const seL4_Word bad[] = {0, MAX_IRQ + 1, 1000, ~0ul};
    for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        seL4_MessageInfo_t r = irq_get_raw(bad[i], slot, ROOT_DEPTH);
        CHECK_REPLY(r, seL4_RangeError, 2);
        CHECK_EQ(seL4_GetMR(0), 1);
        CHECK_EQ(seL4_GetMR(1), MAX_IRQ);
    }
    /* The timer line is the kernel's. */
    CHECK_REPLY(irq_get_raw(TIMER_IRQ, slot, ROOT_DEPTH), seL4_RevokeFirst, 0);
    /* Three words and the root cap are needed. */
    seL4_Word mr[3] = {QUIET_IRQ_A, slot, ROOT_DEPTH};
    seL4_CPtr root = ROOT;
    CHECK_REPLY(invoke_raw(IRQ_CONTROL, IRQIssueIRQHandler, 2, mr, 1, &root), seL4_TruncatedMessage,
                0);
    CHECK_REPLY(invoke_raw(IRQ_CONTROL, IRQIssueIRQHandler, 3, mr, 0, NULL), seL4_TruncatedMessage,
                0);
    /* An unknown label. */
    CHECK_REPLY(invoke_raw(IRQ_CONTROL, IRQAckIRQ, 0, NULL, 0, NULL), seL4_IllegalOperation, 0);
    CHECK_EQ(seL4_DebugCapIdentify(slot), CAPTYPE_null);
}

/* One handler cap per IRQ: a second Get is RevokeFirst until every handler cap for the IRQ
 * is gone; the destination must be empty and reachable. */
KTEST(irq_control_get_once)
{
    seL4_CPtr h = TRY(alloc_slot());
    seL4_CPtr h2 = TRY(alloc_slot());
    seL4_CPtr copy = TRY(alloc_slot());
    seL4_CPtr occupied = TRY(new_object(seL4_NotificationObject, 0));
    CHECK_OK(seL4_IRQControl_Get(IRQ_CONTROL, QUIET_IRQ_A, ROOT, h, ROOT_DEPTH));
    CHECK_EQ(seL4_DebugCapIdentify(h), CAPTYPE_irq_handler);
    CHECK_REPLY(irq_get_raw(QUIET_IRQ_A, h2, ROOT_DEPTH), seL4_RevokeFirst, 0);
    /* Destination errors (for an IRQ that is free). */
    CHECK_REPLY(irq_get_raw(QUIET_IRQ_B, occupied, ROOT_DEPTH), seL4_DeleteFirst, 0);
    seL4_MessageInfo_t r = irq_get_raw(QUIET_IRQ_B, h2, 0);
    CHECK_REPLY(r, seL4_RangeError, 2);
    CHECK_EQ(seL4_GetMR(0), 1);
    CHECK_EQ(seL4_GetMR(1), 64);
    r = irq_get_raw(QUIET_IRQ_B, h2 | (1ul << 63), ROOT_DEPTH);
    CHECK_REPLY(r, seL4_FailedLookup, 5);
    CHECK_EQ(seL4_GetMR(0), 0);
    CHECK_EQ(seL4_GetMR(1), seL4_GuardMismatch);
    CHECK_EQ(seL4_DebugCapIdentify(h2), CAPTYPE_null);
    /* The failed attempts did not claim QUIET_IRQ_B. */
    CHECK_OK(seL4_IRQControl_Get(IRQ_CONTROL, QUIET_IRQ_B, ROOT, h2, ROOT_DEPTH));
    CHECK_OK(seL4_CNode_Delete(ROOT, h2, ROOT_DEPTH));
    /* Handler caps copy; IRQControl does not. */
    CHECK_OK(seL4_CNode_Copy(ROOT, copy, ROOT_DEPTH, ROOT, h, ROOT_DEPTH, seL4_AllRights));
    CHECK_EQ(seL4_DebugCapIdentify(copy), CAPTYPE_irq_handler);
    CHECK_ERR(seL4_CNode_Copy(ROOT, h2, ROOT_DEPTH, ROOT, IRQ_CONTROL, ROOT_DEPTH, seL4_AllRights),
              seL4_IllegalOperation);
    /* Deleting one of two handler caps does not free the IRQ; deleting both does. */
    CHECK_OK(seL4_CNode_Delete(ROOT, h, ROOT_DEPTH));
    CHECK_REPLY(irq_get_raw(QUIET_IRQ_A, h2, ROOT_DEPTH), seL4_RevokeFirst, 0);
    CHECK_OK(seL4_CNode_Delete(ROOT, copy, ROOT_DEPTH));
    CHECK_OK(seL4_IRQControl_Get(IRQ_CONTROL, QUIET_IRQ_A, ROOT, h2, ROOT_DEPTH));
    CHECK_OK(seL4_CNode_Delete(ROOT, h2, ROOT_DEPTH));
}

KTEST(irq_control_get_trigger)
{
    seL4_CPtr h = TRY(alloc_slot());
    CHECK_OK(seL4_IRQControl_GetTrigger(IRQ_CONTROL, QUIET_IRQ_C, 1, ROOT, h, ROOT_DEPTH));
    CHECK_EQ(seL4_DebugCapIdentify(h), CAPTYPE_irq_handler);
    seL4_CPtr h2 = TRY(alloc_slot());
    CHECK_ERR(seL4_IRQControl_GetTrigger(IRQ_CONTROL, QUIET_IRQ_C, 0, ROOT, h2, ROOT_DEPTH),
              seL4_RevokeFirst);
    CHECK_ERR(seL4_IRQControl_GetTrigger(IRQ_CONTROL, 0, 0, ROOT, h2, ROOT_DEPTH), seL4_RangeError);
    CHECK_EQ(seL4_GetMR(0), 1);
    CHECK_EQ(seL4_GetMR(1), MAX_IRQ);
    seL4_Word mr[4] = {QUIET_IRQ_D, 0, h2, ROOT_DEPTH};
    seL4_CPtr root = ROOT;
    CHECK_REPLY(invoke_raw(IRQ_CONTROL, RISCVIRQIssueIRQHandlerTrigger, 3, mr, 1, &root),
                seL4_TruncatedMessage, 0);
    CHECK_REPLY(invoke_raw(IRQ_CONTROL, RISCVIRQIssueIRQHandlerTrigger, 4, mr, 1, &root),
                seL4_NoError, 0);
    CHECK_EQ(seL4_DebugCapIdentify(h2), CAPTYPE_irq_handler);
    CHECK_OK(seL4_CNode_Delete(ROOT, h, ROOT_DEPTH));
    CHECK_OK(seL4_CNode_Delete(ROOT, h2, ROOT_DEPTH));
}

KTEST(irq_handler_methods)
{
    seL4_CPtr h = TRY(alloc_slot());
    CHECK_OK(seL4_IRQControl_Get(IRQ_CONTROL, QUIET_IRQ_D, ROOT, h, ROOT_DEPTH));
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    seL4_CPtr ntfn = TRY(new_object(seL4_NotificationObject, 0));
    seL4_CPtr ntfn_ro = TRY(alloc_slot());
    CHECK_OK(seL4_CNode_Copy(ROOT, ntfn_ro, ROOT_DEPTH, ROOT, ntfn, ROOT_DEPTH, seL4_CanRead));
    /* SetNotification wants a notification cap with Write. */
    seL4_MessageInfo_t r = invoke_raw(h, IRQSetIRQHandler, 0, NULL, 1, &ep);
    CHECK_REPLY(r, seL4_InvalidCapability, 1);
    CHECK_EQ(seL4_GetMR(0), 0);
    r = invoke_raw(h, IRQSetIRQHandler, 0, NULL, 1, &ntfn_ro);
    CHECK_REPLY(r, seL4_InvalidCapability, 1);
    CHECK_EQ(seL4_GetMR(0), 0);
    CHECK_REPLY(invoke_raw(h, IRQSetIRQHandler, 0, NULL, 0, NULL), seL4_TruncatedMessage, 0);
    CHECK_OK(seL4_IRQHandler_SetNotification(h, ntfn));
    /* Replacing the notification is allowed. */
    seL4_CPtr badged = TRY(mint_badged(ntfn, 0x4));
    CHECK_OK(seL4_IRQHandler_SetNotification(h, badged));
    CHECK_OK(seL4_IRQHandler_Ack(h));
    CHECK_OK(seL4_IRQHandler_Clear(h));
    CHECK_OK(seL4_IRQHandler_Clear(h));
    CHECK_OK(seL4_IRQHandler_Ack(h));
    /* Labels of other objects. */
    CHECK_REPLY(invoke_raw(h, TCBSuspend, 0, NULL, 0, NULL), seL4_IllegalOperation, 0);
    CHECK_REPLY(invoke_raw(h, IRQIssueIRQHandler, 0, NULL, 0, NULL), seL4_IllegalOperation, 0);
    /* No interrupt ever came: nothing was signalled. */
    seL4_Word badge = 0x5555;
    seL4_Poll(ntfn, &badge);
    CHECK_EQ(badge, 0);
    CHECK_OK(seL4_CNode_Delete(ROOT, h, ROOT_DEPTH));
}

/* ---- A real device: the UART ------------------------------------------------------------------
 */

/* A 4 KiB device frame at physical address `paddr`, retyped from the BootInfo device untyped
 * that covers it: children untypeds are retyped first to move the untyped's watermark to
 * the right offset (each power of two of the offset, largest first, is one child). */
static seL4_CPtr device_frame_at(seL4_Word paddr)
{
    seL4_Word n = bootinfo->untyped.end - bootinfo->untyped.start;
    for (seL4_Word i = 0; i < n; i++) {
        const seL4_UntypedDesc *d = &bootinfo->untypedList[i];
        if (!d->isDevice || paddr < d->paddr || paddr - d->paddr >= (1ul << d->sizeBits)) continue;
        seL4_CPtr ut = bootinfo->untyped.start + i;
        seL4_Word offset = paddr - d->paddr;
        for (int bit = d->sizeBits - 1; bit >= seL4_PageBits; bit--) {
            if (!(offset & (1ul << bit))) continue;
            if (new_object_from(ut, seL4_UntypedObject, (seL4_Word)bit) == seL4_CapNull)
                return seL4_CapNull;
        }
        seL4_CPtr frame = new_object_from(ut, seL4_RISCV_4K_Page, 0);
        if (frame == seL4_CapNull) return seL4_CapNull;
        seL4_RISCV_Page_GetAddress_t a = seL4_RISCV_Page_GetAddress(frame);
        if (a.error != seL4_NoError || a.paddr != paddr) {
            test_fail(__FILE__, __LINE__,
                      "device frame landed at 0x%lx, not 0x%lx (device untyped already used?)",
                      (unsigned long)a.paddr, (unsigned long)paddr);
            return seL4_CapNull;
        }
        return frame;
    }
    test_fail(__FILE__, __LINE__, "no device untyped covers 0x%lx", (unsigned long)paddr);
    return seL4_CapNull;
}

/* Enables the UART's transmit-holding-register-empty interrupt (which is pending at once, as
 * the transmitter is idle) and waits for the signal. */
static bool uart_interrupt_round(volatile uint8_t *uart, seL4_CPtr ntfn, seL4_Word *badge)
{
    uart[UART_IER] = UART_IER_ETBEI;
    bool ok = guarded_recv(ntfn, NULL, badge);
    uart[UART_IER] = 0;
    return ok;
}

/* The user-level driver owns the UART interrupt: the THR-empty interrupt arrives as a
 * signal with the handler notification's badge; after Ack the next one arrives too; after
 * Clear nothing is delivered.  IER is left 0 (the kernel prints through this UART). */
KTEST(irq_uart_thre_interrupt)
{
    seL4_CPtr frame = TRY(device_frame_at(UART_PADDR));
    seL4_Word va = alloc_vaddr_4k(1);
    CHECK_OK(map_frame(frame, seL4_CapInitThreadVSpace, va, seL4_ReadWrite,
                       seL4_RISCV_Default_VMAttributes));
    volatile uint8_t *uart = (volatile uint8_t *)va;
    CHECK_EQ(uart[UART_IER], 0);

    seL4_CPtr ntfn = TRY(new_object(seL4_NotificationObject, 0));
    seL4_CPtr badged = TRY(mint_badged(ntfn, 0x10a));
    seL4_CPtr h = TRY(alloc_slot());
    CHECK_OK(seL4_IRQControl_Get(IRQ_CONTROL, UART_IRQ, ROOT, h, ROOT_DEPTH));
    CHECK_OK(seL4_IRQHandler_SetNotification(h, badged));

    seL4_Word badge = 0;
    CHECK(uart_interrupt_round(uart, ntfn, &badge));
    CHECK_EQ(badge, 0x10a);
    CHECK_OK(seL4_IRQHandler_Ack(h));
    /* With IER 0 the line is quiet: nothing more arrives. */
    for (seL4_Word i = 0; i < SPIN_TICKS; i++)
        __asm__ volatile("" ::: "memory");
    badge = 0x5555;
    seL4_Poll(ntfn, &badge);
    CHECK_EQ(badge, 0);

    /* Acknowledged: the next interrupt is delivered. */
    badge = 0;
    CHECK(uart_interrupt_round(uart, ntfn, &badge));
    CHECK_EQ(badge, 0x10a);
    CHECK_OK(seL4_IRQHandler_Ack(h));

    /* Cleared: the interrupt goes nowhere. */
    CHECK_OK(seL4_IRQHandler_Clear(h));
    uart[UART_IER] = UART_IER_ETBEI;
    for (seL4_Word i = 0; i < SPIN_TICKS; i++)
        __asm__ volatile("" ::: "memory");
    uart[UART_IER] = 0;
    badge = 0x5555;
    seL4_Poll(ntfn, &badge);
    CHECK_EQ(badge, 0);
    CHECK_EQ(uart[UART_IER], 0);
    CHECK_OK(seL4_CNode_Delete(ROOT, h, ROOT_DEPTH));
}
