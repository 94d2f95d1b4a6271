/* Fault delivery and fault replies, with seL4's message layouts (sel4-riscv64-abi.md §9). */
#include <kernel/faulthandler.h>
#include <kernel/thread.h>
#include <kernel/cspace.h>
#include <object/endpoint.h>
#include <machine/console.h>
#include <api/failures.h>

#define CAP_W BIT(0)
#define CAP_G BIT(2)
#define CAP_GR BIT(3)

static exception_t send_fault_ipc(tcb_t *t, const fault_t *fault, const lookup_fault_t *lf)
{
    lookup_cap_ret_t r = lookup_cap_and_slot(t, t->fault_handler);
    if (r.status != EXCEPTION_NONE) return EXCEPTION_FAULT;
    cap_t cap = r.cap;
    word_t rights = cap_get_rights(cap);
    if (cap_get_capType(cap) != cap_endpoint_cap || !(rights & CAP_W) ||
        !(rights & (CAP_G | CAP_GR))) {
        return EXCEPTION_FAULT;
    }
    t->fault = *fault;
    t->lookup_fault = *lf;
    send_ipc(true, true, cap_get_badge(cap), (rights & CAP_G) != 0, true, t, cap_get_ptr(cap));
    return EXCEPTION_NONE;
}

static void describe_fault(const fault_t *f)
{
    switch (f->type) {
    case fault_cap:
        kprintf("cap fault in %s phase at cptr 0x%lx", f->w[1] ? "receive" : "send",
                (unsigned long)f->w[0]);
        break;
    case fault_vm:
        kprintf("vm fault on %s at address 0x%lx (fsr %lu)",
                f->w[1] ? "instruction fetch" : "data access", (unsigned long)f->w[0],
                (unsigned long)f->w[2]);
        break;
    case fault_unknown_syscall:
        kprintf("unknown syscall %ld", (long)f->w[0]);
        break;
    case fault_user_exception:
        kprintf("user exception (scause %lu)", (unsigned long)f->w[0]);
        break;
    default:
        kprintf("fault type %lu", (unsigned long)f->type);
    }
}

void handle_fault(tcb_t *t)
{
    fault_t fault = current_fault;
    lookup_fault_t lf = current_lookup_fault;
    if (send_fault_ipc(t, &fault, &lf) == EXCEPTION_NONE) return;
    /* No usable handler: report it and stop the thread; the rest of the system goes on. */
    kprintf("[kernel] thread \"%s\" ", t->name);
    describe_fault(&fault);
    kprintf(" at pc 0x%lx; no fault handler (cptr 0x%lx): thread suspended\n",
            (unsigned long)t->regs[REG_FaultIP], (unsigned long)t->fault_handler);
    set_thread_state(t, ThreadState_Inactive);
}

word_t set_lookup_fault_mrs(tcb_t *t, word_t *buf, word_t o, const lookup_fault_t *lf)
{
    word_t n = set_mr(t, buf, o, lf->type);
    switch (lf->type) {
    case lookup_fault_missing_capability:
        n = set_mr(t, buf, o + 1, lf->bits_left);
        break;
    case lookup_fault_depth_mismatch:
        set_mr(t, buf, o + 1, lf->bits_left);
        n = set_mr(t, buf, o + 2, lf->bits_found_or_guard);
        break;
    case lookup_fault_guard_mismatch:
        set_mr(t, buf, o + 1, lf->bits_left);
        set_mr(t, buf, o + 2, lf->bits_found_or_guard);
        n = set_mr(t, buf, o + 3, lf->guard_bits_found);
        break;
    default:
        break;
    }
    return n;
}

void do_fault_transfer(word_t badge, tcb_t *sender, tcb_t *receiver, word_t *buf)
{
    const fault_t *f = &sender->fault;
    word_t len = 0;
    switch (f->type) {
    case fault_cap:
        set_mr(receiver, buf, 0, sender->regs[REG_FaultIP]);
        set_mr(receiver, buf, 1, f->w[0]);
        set_mr(receiver, buf, 2, f->w[1]);
        len = set_lookup_fault_mrs(receiver, buf, 3, &sender->lookup_fault);
        break;
    case fault_vm:
        set_mr(receiver, buf, 0, sender->regs[REG_FaultIP]);
        set_mr(receiver, buf, 1, f->w[0]);
        set_mr(receiver, buf, 2, f->w[1]);
        len = set_mr(receiver, buf, 3, f->w[2]);
        break;
    case fault_unknown_syscall: {
        static const unsigned char regs[] = {REG_FaultIP, REG_sp, REG_ra, REG_a0, REG_a1,
                                             REG_a2,      REG_a3, REG_a4, REG_a5, REG_a6};
        for (word_t i = 0; i < ARRAY_SIZE(regs); i++)
            len = set_mr(receiver, buf, i, sender->regs[regs[i]]);
        len = set_mr(receiver, buf, ARRAY_SIZE(regs), f->w[0]);
        break;
    }
    case fault_user_exception:
        set_mr(receiver, buf, 0, sender->regs[REG_FaultIP]);
        set_mr(receiver, buf, 1, sender->regs[REG_sp]);
        set_mr(receiver, buf, 2, f->w[0]);
        len = set_mr(receiver, buf, 3, f->w[1]);
        break;
    default:
        break;
    }
    if (!buf && len > N_MSG_REGISTERS) len = N_MSG_REGISTERS; /* the rest was dropped */
    receiver->regs[REG_msgInfoRegister] =
        word_from_message_info(message_info_new(f->type, 0, 0, len));
    receiver->regs[REG_badgeRegister] = badge;
}

bool handle_fault_reply(tcb_t *receiver, tcb_t *sender)
{
    message_info_t tag = message_info_from_word(sender->regs[REG_msgInfoRegister]);
    word_t *buf = lookup_ipc_buffer(false, sender);
    /* Without a buffer only the register words of the reply exist. */
    if (!buf && tag.length > N_MSG_REGISTERS) tag.length = N_MSG_REGISTERS;
    switch (receiver->fault.type) {
    case fault_unknown_syscall: {
        static const unsigned char regs[] = {REG_FaultIP, REG_sp, REG_ra, REG_a0, REG_a1,
                                             REG_a2,      REG_a3, REG_a4, REG_a5, REG_a6};
        word_t n = MIN(tag.length, (word_t)ARRAY_SIZE(regs));
        for (word_t i = 0; i < n; i++)
            receiver->regs[regs[i]] = get_mr(sender, buf, i);
        return tag.label == 0;
    }
    case fault_user_exception: {
        word_t n = MIN(tag.length, 2);
        if (n > 0) receiver->regs[REG_FaultIP] = get_mr(sender, buf, 0);
        if (n > 1) receiver->regs[REG_sp] = get_mr(sender, buf, 1);
        return tag.label == 0;
    }
    default:
        return true;
    }
}
