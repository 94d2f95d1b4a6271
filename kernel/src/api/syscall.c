/* The eight seL4 system calls, the debug calls, and invocation dispatch. */
#include <api/syscall.h>
#include <api/types.h>
#include <kernel/thread.h>
#include <kernel/cspace.h>
#include <kernel/cte.h>
#include <kernel/faulthandler.h>
#include <object/endpoint.h>
#include <object/notification.h>
#include <object/objecttype.h>
#include <object/tcb.h>
#include <object/cnode.h>
#include <object/untyped.h>
#include <object/interrupt.h>
#include <arch/vspace_ops.h>
#include <machine/console.h>
#include <kernel/invariants.h>
#include <sel4/syscall.h>

syscall_error_t current_syscall_error;
lookup_fault_t current_lookup_fault;
fault_t current_fault;

#define RIGHT_W BIT(0)
#define RIGHT_R BIT(1)
#define RIGHT_G BIT(2)
#define RIGHT_GR BIT(3)

exception_t decode_invocation(word_t label, word_t length, cptr_t cptr, cte_t *slot, cap_t cap,
                              bool block, bool call, word_t *buffer)
{
    tcb_t *t = ks_cur_thread;
    switch (cap_get_capType(cap)) {
    case cap_null_cap:
    case cap_zombie_cap:
        return error_invalid_cap(0);
    case cap_endpoint_cap: {
        word_t r = cap_get_rights(cap);
        if (!(r & RIGHT_W)) return error_invalid_cap(0);
        set_thread_state(t, ThreadState_Restart);
        send_ipc(block, call, cap_get_badge(cap), (r & RIGHT_G) != 0, (r & RIGHT_GR) != 0, t,
                 cap_get_ptr(cap));
        return EXCEPTION_NONE;
    }
    case cap_notification_cap:
        if (!(cap_get_rights(cap) & RIGHT_W)) return error_invalid_cap(0);
        set_thread_state(t, ThreadState_Restart);
        send_signal(cap_get_ptr(cap), cap_get_badge(cap));
        return EXCEPTION_NONE;
    case cap_reply_cap:
        if (cap_get_reply_master(cap)) return error_invalid_cap(0);
        set_thread_state(t, ThreadState_Restart);
        do_reply_transfer(t, tcb_from_cap(cap), slot, cap_get_reply_can_grant(cap));
        return EXCEPTION_NONE;
    case cap_thread_cap:
        return decode_tcb_invocation(label, length, cap, slot, call, buffer);
    case cap_domain_cap:
        return decode_domain_invocation(label, length, buffer);
    case cap_cnode_cap:
        return decode_cnode_invocation(label, length, cap, buffer);
    case cap_untyped_cap:
        return decode_untyped_invocation(label, length, slot, cap, buffer);
    case cap_irq_control_cap:
        return decode_irq_control_invocation(label, length, slot, buffer);
    case cap_irq_handler_cap:
        return decode_irq_handler_invocation(label, cap_get_irq(cap));
    default:
        (void)cptr;
        return decode_arch_invocation(label, length, slot, cap, call, buffer);
    }
}

static void handle_invocation(bool is_call, bool is_blocking)
{
    tcb_t *t = ks_cur_thread;
    message_info_t info = message_info_from_word(t->regs[REG_msgInfoRegister]);
    cptr_t cptr = t->regs[REG_capRegister];

    lookup_cap_ret_t lu = lookup_cap_and_slot(t, cptr);
    if (lu.status != EXCEPTION_NONE) {
        if (is_blocking) {
            current_fault = fault_cap_new(cptr, false);
            handle_fault(t);
        }
        return;
    }
    word_t *buffer = lookup_ipc_buffer(false, t);
    current_extra_caps[0] = NULL;
    for (word_t i = 0; buffer && i < info.extra_caps; i++) {
        cptr_t c = buffer[IPCBUF_CAPS_OR_BADGES + i];
        lookup_cap_ret_t r = lookup_cap_and_slot(t, c);
        if (r.status != EXCEPTION_NONE) {
            if (is_blocking) {
                current_fault = fault_cap_new(c, false);
                handle_fault(t);
            }
            return;
        }
        current_extra_caps[i] = r.slot;
        if (i + 1 < MSG_MAX_EXTRA_CAPS) current_extra_caps[i + 1] = NULL;
    }
    word_t length = info.length;
    if (!buffer && length > N_MSG_REGISTERS) length = N_MSG_REGISTERS;

    exception_t status =
        decode_invocation(info.label, length, cptr, lu.slot, lu.cap, is_blocking, is_call, buffer);
    if (status == EXCEPTION_PREEMPTED) return;
    if (status == EXCEPTION_SYSCALL_ERROR) {
        if (is_call) reply_from_kernel_error(t);
        return;
    }
    if (t->state == ThreadState_Restart) {
        if (is_call) reply_from_kernel_success_empty(t);
        set_thread_state(t, ThreadState_Running);
    }
}

static void recv_cap_fault(tcb_t *t, cptr_t cptr)
{
    current_fault = fault_cap_new(cptr, true);
    handle_fault(t);
}

static void handle_recv(bool is_blocking)
{
    tcb_t *t = ks_cur_thread;
    cptr_t cptr = t->regs[REG_capRegister];
    lookup_cap_ret_t lu = lookup_cap_and_slot(t, cptr);
    if (lu.status != EXCEPTION_NONE) {
        recv_cap_fault(t, cptr);
        return;
    }
    cap_t cap = lu.cap;
    switch (cap_get_capType(cap)) {
    case cap_endpoint_cap:
        if (!(cap_get_rights(cap) & RIGHT_R)) break;
        delete_caller_cap(t);
        receive_ipc(t, cap, is_blocking);
        return;
    case cap_notification_cap: {
        notification_t *n = cap_get_ptr(cap);
        if (!(cap_get_rights(cap) & RIGHT_R) || (n->bound_tcb && n->bound_tcb != t)) break;
        receive_signal(t, cap, is_blocking);
        return;
    }
    default:
        break;
    }
    current_lookup_fault =
        (lookup_fault_t){.type = lookup_fault_missing_capability, .bits_left = 0};
    recv_cap_fault(t, cptr);
}

static void handle_reply(void)
{
    tcb_t *t = ks_cur_thread;
    cte_t *caller_slot = tcb_slot(t, tcbCaller);
    cap_t c = caller_slot->cap;
    if (cap_get_capType(c) != cap_reply_cap || cap_get_reply_master(c)) return;
    tcb_t *caller = tcb_from_cap(c);
    if (caller->state != ThreadState_BlockedOnReply) return;
    do_reply_transfer(t, caller, caller_slot, cap_get_reply_can_grant(c));
}

static void handle_yield(void)
{
    tcb_sched_dequeue(ks_cur_thread);
    tcb_sched_append(ks_cur_thread);
    reschedule_required();
}

void handle_syscall(sword_t syscall)
{
    switch (syscall) {
    case seL4_SysSend:
        handle_invocation(false, true);
        break;
    case seL4_SysNBSend:
        handle_invocation(false, false);
        break;
    case seL4_SysCall:
        handle_invocation(true, true);
        break;
    case seL4_SysRecv:
        handle_recv(true);
        break;
    case seL4_SysNBRecv:
        handle_recv(false);
        break;
    case seL4_SysReply:
        handle_reply();
        break;
    case seL4_SysReplyRecv:
        handle_reply();
        handle_recv(true);
        break;
    case seL4_SysYield:
        handle_yield();
        break;
    default:
        handle_unknown_syscall(syscall);
        return;
    }
}

/* ------------------------------------------------------------------ debug calls */

static void debug_name_thread(tcb_t *t)
{
    lookup_cap_ret_t lu = lookup_cap_and_slot(t, t->regs[REG_a0]);
    word_t *buf = lookup_ipc_buffer(false, t);
    if (lu.status != EXCEPTION_NONE || cap_get_capType(lu.cap) != cap_thread_cap || !buf) {
        /* seL4 halts here; a debug call must not take the system down, so just refuse. */
        kprintf("[kernel] DebugNameThread: cptr 0x%lx is not a TCB (or no IPC buffer); ignored\n",
                (unsigned long)t->regs[REG_a0]);
        return;
    }
    const char *name = (const char *)&buf[IPCBUF_MSG];
    word_t max = MSG_MAX_LENGTH * sizeof(word_t);
    word_t len = 0;
    while (len < max && name[len])
        len++;
    if (len == max) {
        kprintf("[kernel] DebugNameThread: name not NUL-terminated; ignored\n");
        return;
    }
    kstrncpy_name(tcb_from_cap(lu.cap)->name, name);
}

static const char *cap_type_name(enum cap_type c)
{
    switch (c) {
    case cap_frame_cap:
        return "frame";
    case cap_untyped_cap:
        return "untyped";
    case cap_page_table_cap:
        return "page_table";
    case cap_endpoint_cap:
        return "endpoint";
    case cap_notification_cap:
        return "notification";
    case cap_reply_cap:
        return "reply";
    case cap_cnode_cap:
        return "cnode";
    case cap_asid_control_cap:
        return "asid_control";
    case cap_thread_cap:
        return "tcb";
    case cap_asid_pool_cap:
        return "asid_pool";
    case cap_irq_control_cap:
        return "irq_control";
    case cap_irq_handler_cap:
        return "irq_handler";
    case cap_zombie_cap:
        return "zombie";
    case cap_domain_cap:
        return "domain";
    default:
        return "null";
    }
}

/* A capDL-flavoured listing of the caller's CSpace root: one line per non-empty slot. */
static void debug_snapshot(tcb_t *t)
{
    cap_t root = tcb_slot(t, tcbCTable)->cap;
    if (cap_get_capType(root) != cap_cnode_cap) return;
    cte_t *slots = cap_get_ptr(root);
    word_t n = BIT(cap_get_cnode_radix(root));
    kprintf("cspace of \"%s\" (%lu slots):\n", t->name, (unsigned long)n);
    for (word_t i = 0; i < n; i++) {
        cap_t c = slots[i].cap;
        enum cap_type ty = cap_get_capType(c);
        if (ty == cap_null_cap) continue;
        kprintf("  0x%03lx: %s", (unsigned long)i, cap_type_name(ty));
        switch (ty) {
        case cap_endpoint_cap:
        case cap_notification_cap:
            kprintf(" %p rights 0x%lx badge 0x%lx", cap_get_ptr(c),
                    (unsigned long)cap_get_rights(c), (unsigned long)cap_get_badge(c));
            break;
        case cap_frame_cap:
            kprintf(" paddr 0x%lx size %lu%s", (unsigned long)cap_get_frame_paddr(c),
                    (unsigned long)cap_get_frame_size(c), cap_get_mapped_asid(c) ? " mapped" : "");
            break;
        case cap_untyped_cap:
            kprintf(" paddr 0x%lx bits %lu%s", (unsigned long)pptr_to_paddr(cap_get_ptr(c)),
                    (unsigned long)cap_get_untyped_size_bits(c),
                    cap_get_untyped_is_device(c) ? " device" : "");
            break;
        case cap_cnode_cap:
            kprintf(" %p radix %lu guard %lu/%lu", cap_get_ptr(c),
                    (unsigned long)cap_get_cnode_radix(c), (unsigned long)cap_get_guard(c),
                    (unsigned long)cap_get_cnode_guard_size(c));
            break;
        case cap_thread_cap:
            kprintf(" \"%s\"", tcb_from_cap(c)->name);
            break;
        default:
            break;
        }
        kprintf("\n");
    }
}

void handle_unknown_syscall(sword_t syscall)
{
    tcb_t *t = ks_cur_thread;
    switch (syscall) {
    case seL4_SysDebugPutChar:
        console_putchar((int)(t->regs[REG_a0] & 0xff));
        return;
    case seL4_SysDebugDumpScheduler:
        scheduler_dump();
        return;
    case seL4_SysDebugHalt:
        kprintf("[kernel] halting on request of thread \"%s\"\n", t->name);
        kernel_halt(0);
    case seL4_SysCantripDebugExit:
        kernel_halt((int)(t->regs[REG_a0] & 0xff));
    case seL4_SysDebugCapIdentify: {
        lookup_cap_ret_t lu = lookup_cap_and_slot(t, t->regs[REG_a0]);
        t->regs[REG_a0] = lu.status == EXCEPTION_NONE ? cap_get_capType(lu.cap) : 0;
        return;
    }
    case seL4_SysDebugNameThread:
        debug_name_thread(t);
        return;
    case seL4_SysCantripDebugInvariants:
        ks_check_invariants = t->regs[REG_a0] != 0;
        return;
    case seL4_SysDebugSnapshot:
        debug_snapshot(t);
        return;
    default:
        current_fault = fault_unknown_syscall_new((word_t)syscall);
        handle_fault(t);
        return;
    }
}
