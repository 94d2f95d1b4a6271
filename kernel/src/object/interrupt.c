/* Interrupt capabilities: IRQControl mints one IRQHandler per line; the handler's
 * notification is signalled on each interrupt, and the line stays masked until Ack. */
#include <object/interrupt.h>
#include <object/notification.h>
#include <object/objecttype.h>
#include <kernel/thread.h>
#include <kernel/cte.h>
#include <kernel/cspace.h>
#include <arch/plic.h>
#include <sel4/invocation.h>
#include <config.h>

enum irq_state { IRQInactive = 0, IRQSignal = 1, IRQReserved = 2 };
static uint8_t irq_states[CONFIG_MAX_NUM_IRQS + 1];
static cte_t irq_node[CONFIG_MAX_NUM_IRQS + 1] ALIGN(32); /* notification cap per IRQ */
static bool irq_pending_ack[CONFIG_MAX_NUM_IRQS + 1];

void interrupt_init(void)
{
    irq_states[CONFIG_MAX_NUM_IRQS] = IRQReserved; /* the kernel timer */
}

void irq_deactivate(word_t irq)
{
    if (irq > CONFIG_MAX_NUM_IRQS || irq_states[irq] == IRQReserved) return;
    irq_states[irq] = IRQInactive;
    cte_delete_one(&irq_node[irq]);
    plic_mask(irq, true);
    if (irq_pending_ack[irq]) {
        irq_pending_ack[irq] = false;
        plic_complete(irq);
    }
}

void handle_interrupt(word_t irq)
{
    if (irq == 0 || irq >= CONFIG_MAX_NUM_IRQS) return;
    cap_t c = irq_node[irq].cap;
    if (irq_states[irq] == IRQSignal && cap_get_capType(c) == cap_notification_cap) {
        send_signal(cap_get_ptr(c), cap_get_badge(c));
        irq_pending_ack[irq] = true; /* completed when the handler acknowledges */
    } else {
        /* Nobody listens: silence the line so it cannot storm. */
        plic_mask(irq, true);
        plic_complete(irq);
    }
}

static exception_t issue_handler(word_t irq, word_t index, word_t depth, cte_t *src_slot)
{
    if (irq == 0 || irq > CONFIG_MAX_NUM_IRQS) return error_range(1, CONFIG_MAX_NUM_IRQS);
    if (irq_states[irq] != IRQInactive) return syscall_error(seL4_RevokeFirst);
    if (!current_extra_caps[0]) return syscall_error(seL4_TruncatedMessage);
    lookup_cap_ret_t r = lookup_slot_for_cnode_op(false, current_extra_caps[0]->cap, index, depth);
    if (r.status != EXCEPTION_NONE) return r.status;
    exception_t s = ensure_empty_slot(r.slot);
    if (s != EXCEPTION_NONE) return s;
    set_thread_state(ks_cur_thread, ThreadState_Restart);
    irq_states[irq] = IRQSignal;
    cap_t h = cap_set_w1(cap_new(cap_irq_handler_cap), irq);
    cte_insert(h, src_slot, r.slot);
    return EXCEPTION_NONE;
}

exception_t decode_irq_control_invocation(word_t label, word_t length, cte_t *src_slot,
                                          word_t *buffer)
{
    tcb_t *t = ks_cur_thread;
    if (label == IRQIssueIRQHandler) {
        if (length < 3 || !current_extra_caps[0]) return syscall_error(seL4_TruncatedMessage);
        return issue_handler(get_mr(t, buffer, 0), get_mr(t, buffer, 1), get_mr(t, buffer, 2),
                             src_slot);
    }
    if (label == RISCVIRQIssueIRQHandlerTrigger) {
        if (length < 4 || !current_extra_caps[0]) return syscall_error(seL4_TruncatedMessage);
        /* The PLIC's trigger mode is fixed by the board; the value is accepted. */
        return issue_handler(get_mr(t, buffer, 0), get_mr(t, buffer, 2), get_mr(t, buffer, 3),
                             src_slot);
    }
    return syscall_error(seL4_IllegalOperation);
}

exception_t decode_irq_handler_invocation(word_t label, word_t irq)
{
    tcb_t *t = ks_cur_thread;
    switch (label) {
    case IRQAckIRQ:
        set_thread_state(t, ThreadState_Restart);
        if (irq_pending_ack[irq]) {
            irq_pending_ack[irq] = false;
            plic_complete(irq);
        }
        plic_mask(irq, false);
        return EXCEPTION_NONE;
    case IRQSetIRQHandler: {
        if (!current_extra_caps[0]) return syscall_error(seL4_TruncatedMessage);
        cte_t *nslot = current_extra_caps[0];
        cap_t n = nslot->cap;
        if (cap_get_capType(n) != cap_notification_cap || !cap_has_rights_write(n))
            return error_invalid_cap(0);
        set_thread_state(t, ThreadState_Restart);
        cte_delete_one(&irq_node[irq]);
        cte_insert(n, nslot, &irq_node[irq]);
        plic_mask(irq, false);
        return EXCEPTION_NONE;
    }
    case IRQClearIRQHandler:
        set_thread_state(t, ThreadState_Restart);
        cte_delete_one(&irq_node[irq]);
        plic_mask(irq, true);
        return EXCEPTION_NONE;
    default:
        return syscall_error(seL4_IllegalOperation);
    }
}
