/* Scheduler (256 priorities, round robin within a priority) and IPC transfer. */
#include <kernel/thread.h>
#include <kernel/cte.h>
#include <kernel/cspace.h>
#include <kernel/faulthandler.h>
#include <object/objecttype.h>
#include <object/tcb.h>
#include <object/endpoint.h>
#include <arch/vspace_ops.h>
#include <machine/console.h>
#include <config.h>

tcb_t *ks_cur_thread;
tcb_t *ks_idle_thread;
tcb_t *ks_scheduler_action;
cte_t *current_extra_caps[MSG_MAX_EXTRA_CAPS];

static struct {
    tcb_t *head, *tail;
} ready_queues[CONFIG_NUM_PRIORITIES];
#define BITMAP_WORDS READY_BITMAP_WORDS
word_t ready_bitmap[BITMAP_WORDS];

const unsigned char msgRegisters[N_MSG_REGISTERS] = {REG_a2, REG_a3, REG_a4, REG_a5};
const unsigned char frameRegisters[N_FRAME_REGISTERS] = {
    REG_FaultIP, REG_ra, REG_sp, REG_gp, REG_s0, REG_s1, REG_s2,  REG_s3,
    REG_s4,      REG_s5, REG_s6, REG_s7, REG_s8, REG_s9, REG_s10, REG_s11};
const unsigned char gpRegisters[N_GP_REGISTERS] = {REG_a0, REG_a1, REG_a2, REG_a3, REG_a4, REG_a5,
                                                   REG_a6, REG_a7, REG_t0, REG_t1, REG_t2, REG_t3,
                                                   REG_t4, REG_t5, REG_t6, REG_tp};

void tcb_sched_enqueue(tcb_t *t)
{
    if (t->in_ready_queue) return;
    word_t p = t->priority;
    t->sched_prev = NULL;
    t->sched_next = ready_queues[p].head;
    if (ready_queues[p].head)
        ready_queues[p].head->sched_prev = t;
    else
        ready_queues[p].tail = t;
    ready_queues[p].head = t;
    ready_bitmap[p / WORD_BITS] |= BIT(p % WORD_BITS);
    t->in_ready_queue = true;
}

void tcb_sched_append(tcb_t *t)
{
    if (t->in_ready_queue) return;
    word_t p = t->priority;
    t->sched_next = NULL;
    t->sched_prev = ready_queues[p].tail;
    if (ready_queues[p].tail)
        ready_queues[p].tail->sched_next = t;
    else
        ready_queues[p].head = t;
    ready_queues[p].tail = t;
    ready_bitmap[p / WORD_BITS] |= BIT(p % WORD_BITS);
    t->in_ready_queue = true;
}

void tcb_sched_dequeue(tcb_t *t)
{
    if (!t->in_ready_queue) return;
    word_t p = t->priority;
    if (t->sched_prev)
        t->sched_prev->sched_next = t->sched_next;
    else
        ready_queues[p].head = t->sched_next;
    if (t->sched_next)
        t->sched_next->sched_prev = t->sched_prev;
    else
        ready_queues[p].tail = t->sched_prev;
    if (!ready_queues[p].head) ready_bitmap[p / WORD_BITS] &= ~BIT(p % WORD_BITS);
    t->sched_next = t->sched_prev = NULL;
    t->in_ready_queue = false;
}

static word_t highest_prio(bool *any)
{
    for (word_t i = BITMAP_WORDS; i-- > 0;) {
        if (ready_bitmap[i]) {
            *any = true;
            return i * WORD_BITS + (WORD_BITS - 1 - clzl(ready_bitmap[i]));
        }
    }
    *any = false;
    return 0;
}

void reschedule_required(void)
{
    if (ks_scheduler_action != SchedulerAction_ResumeCurrentThread &&
        ks_scheduler_action != SchedulerAction_ChooseNewThread) {
        tcb_sched_enqueue(ks_scheduler_action);
    }
    ks_scheduler_action = SchedulerAction_ChooseNewThread;
}

static void schedule_tcb(tcb_t *t)
{
    if (t == ks_cur_thread && ks_scheduler_action == SchedulerAction_ResumeCurrentThread &&
        !is_runnable(t)) {
        reschedule_required();
    }
}

void set_thread_state(tcb_t *t, thread_state_t s)
{
    t->state = s;
    schedule_tcb(t);
}

void possible_switch_to(tcb_t *t)
{
    if (ks_scheduler_action != SchedulerAction_ResumeCurrentThread) {
        reschedule_required();
        tcb_sched_enqueue(t);
    } else {
        ks_scheduler_action = t;
    }
}

static void switch_to_thread(tcb_t *t)
{
    arch_switch_to_thread(t);
    tcb_sched_dequeue(t);
    ks_cur_thread = t;
}

static void choose_thread(void)
{
    bool any;
    word_t p = highest_prio(&any);
    if (!any) {
        arch_switch_to_thread(ks_idle_thread);
        ks_cur_thread = ks_idle_thread;
        return;
    }
    switch_to_thread(ready_queues[p].head);
}

void schedule(void)
{
    if (ks_scheduler_action == SchedulerAction_ResumeCurrentThread) return;
    bool was_runnable = ks_cur_thread != ks_idle_thread && is_runnable(ks_cur_thread);
    if (was_runnable) tcb_sched_enqueue(ks_cur_thread);

    if (ks_scheduler_action == SchedulerAction_ChooseNewThread) {
        choose_thread();
    } else {
        tcb_t *candidate = ks_scheduler_action;
        bool fastfail =
            ks_cur_thread == ks_idle_thread || candidate->priority < ks_cur_thread->priority;
        if (fastfail && !is_highest_prio(candidate->priority)) {
            tcb_sched_enqueue(candidate);
            choose_thread();
        } else if (was_runnable && candidate->priority == ks_cur_thread->priority) {
            tcb_sched_append(candidate);
            choose_thread();
        } else {
            switch_to_thread(candidate);
        }
    }
    ks_scheduler_action = SchedulerAction_ResumeCurrentThread;
}

void activate_thread(void)
{
    tcb_t *t = ks_cur_thread;
    switch (t->state) {
    case ThreadState_Running:
    case ThreadState_IdleThreadState:
        break;
    case ThreadState_Restart:
        t->regs[REG_NextIP] = t->regs[REG_FaultIP];
        set_thread_state(t, ThreadState_Running);
        break;
    default:
        panic("activate_thread: current thread is blocked");
    }
}

void set_priority(tcb_t *t, word_t prio)
{
    if (t->in_ready_queue) {
        tcb_sched_dequeue(t);
        t->priority = prio;
        tcb_sched_enqueue(t);
        reschedule_required();
    } else {
        t->priority = prio;
        if (t == ks_cur_thread) reschedule_required();
    }
}

void suspend(tcb_t *t)
{
    cancel_ipc(t);
    if (t->state == ThreadState_Running) {
        /* A later Resume continues after the interrupted instruction. */
        t->regs[REG_FaultIP] = t->regs[REG_NextIP];
    }
    set_thread_state(t, ThreadState_Inactive);
    tcb_sched_dequeue(t);
}

void restart(tcb_t *t)
{
    if (is_stopped(t)) {
        cancel_ipc(t);
        set_thread_state(t, ThreadState_Restart);
        tcb_sched_enqueue(t);
        possible_switch_to(t);
    }
}

void timer_tick(void)
{
    tcb_t *t = ks_cur_thread;
    if (t == ks_idle_thread || !is_runnable(t)) return;
    if (t->time_slice > 1) {
        t->time_slice--;
        return;
    }
    t->time_slice = CONFIG_TIME_SLICE;
    tcb_sched_append(t);
    reschedule_required();
}

/* ------------------------------------------------------------------ IPC transfer */

word_t get_mr(tcb_t *t, const word_t *buffer, word_t i)
{
    if (i < N_MSG_REGISTERS) return t->regs[msgRegisters[i]];
    return buffer ? buffer[IPCBUF_MSG + i] : 0;
}

word_t set_mr(tcb_t *t, word_t *buffer, word_t i, word_t v)
{
    if (i < N_MSG_REGISTERS) {
        t->regs[msgRegisters[i]] = v;
        return i + 1;
    }
    /* Without a buffer only the register words exist (seL4 reports length 4). */
    if (!buffer) return N_MSG_REGISTERS;
    if (i >= MSG_MAX_LENGTH) return MSG_MAX_LENGTH;
    buffer[IPCBUF_MSG + i] = v;
    return i + 1;
}

static word_t copy_mrs(tcb_t *sender, word_t *send_buf, tcb_t *receiver, word_t *recv_buf, word_t n)
{
    word_t i;
    for (i = 0; i < n && i < N_MSG_REGISTERS; i++)
        receiver->regs[msgRegisters[i]] = sender->regs[msgRegisters[i]];
    if (!send_buf || !recv_buf) return i;
    for (; i < n; i++)
        recv_buf[IPCBUF_MSG + i] = send_buf[IPCBUF_MSG + i];
    return i;
}

static exception_t lookup_extra_caps_into(tcb_t *t, word_t *buffer, message_info_t info,
                                          cte_t **caps)
{
    caps[0] = NULL;
    if (!buffer) return EXCEPTION_NONE;
    word_t i;
    for (i = 0; i < info.extra_caps && i < MSG_MAX_EXTRA_CAPS; i++) {
        cptr_t cptr = buffer[IPCBUF_CAPS_OR_BADGES + i];
        lookup_cap_ret_t r = lookup_cap_and_slot(t, cptr);
        if (r.status != EXCEPTION_NONE) {
            caps[0] = NULL;
            return EXCEPTION_LOOKUP_FAULT;
        }
        caps[i] = r.slot;
    }
    if (i < MSG_MAX_EXTRA_CAPS) caps[i] = NULL;
    return EXCEPTION_NONE;
}

static cte_t *get_receive_slot(tcb_t *t, word_t *buffer)
{
    cptr_t cptr = buffer[IPCBUF_RECEIVE_CNODE];
    lookup_cap_ret_t r = lookup_cap_and_slot(t, cptr);
    if (r.status != EXCEPTION_NONE) return NULL;
    lookup_cap_ret_t s = lookup_slot_for_cnode_op(false, r.cap, buffer[IPCBUF_RECEIVE_INDEX],
                                                  buffer[IPCBUF_RECEIVE_DEPTH]);
    if (s.status != EXCEPTION_NONE) return NULL;
    if (!cap_is_null(s.slot->cap)) return NULL;
    return s.slot;
}

static message_info_t transfer_caps(message_info_t info, cte_t **caps, void *endpoint,
                                    tcb_t *receiver, word_t *recv_buf)
{
    info.extra_caps = 0;
    info.caps_unwrapped = 0;
    if (!caps[0] || !recv_buf) return info;
    cte_t *dest = get_receive_slot(receiver, recv_buf);
    word_t i;
    for (i = 0; i < MSG_MAX_EXTRA_CAPS && caps[i]; i++) {
        cte_t *slot = caps[i];
        cap_t cap = slot->cap;
        if (cap_get_capType(cap) == cap_endpoint_cap && cap_get_ptr(cap) == endpoint) {
            recv_buf[IPCBUF_CAPS_OR_BADGES + i] = cap_get_badge(cap);
            info.caps_unwrapped |= BIT(i);
        } else {
            if (!dest) break;
            derive_cap_ret_t d = derive_cap(slot, cap);
            if (d.status != EXCEPTION_NONE || cap_is_null(d.cap)) break;
            cte_insert(d.cap, slot, dest);
            dest = NULL;
        }
    }
    info.extra_caps = i;
    return info;
}

static void do_normal_transfer(tcb_t *sender, word_t *send_buf, void *endpoint, word_t badge,
                               bool grant, tcb_t *receiver, word_t *recv_buf)
{
    message_info_t tag = message_info_from_word(sender->regs[REG_msgInfoRegister]);
    cte_t *caps[MSG_MAX_EXTRA_CAPS] = {NULL, NULL, NULL};
    if (grant) {
        lookup_fault_t saved = current_lookup_fault;
        if (lookup_extra_caps_into(sender, send_buf, tag, caps) != EXCEPTION_NONE) caps[0] = NULL;
        current_lookup_fault = saved;
    }
    word_t len = tag.length;
    if (!send_buf && len > N_MSG_REGISTERS) len = N_MSG_REGISTERS;
    word_t transferred = copy_mrs(sender, send_buf, receiver, recv_buf, len);
    tag = transfer_caps(tag, caps, endpoint, receiver, recv_buf);
    tag.length = transferred;
    receiver->regs[REG_msgInfoRegister] = word_from_message_info(tag);
    receiver->regs[REG_badgeRegister] = badge;
}

void do_ipc_transfer(tcb_t *sender, void *endpoint, word_t badge, bool grant, tcb_t *receiver)
{
    word_t *recv_buf = lookup_ipc_buffer(true, receiver);
    if (sender->fault.type == fault_null) {
        word_t *send_buf = lookup_ipc_buffer(false, sender);
        do_normal_transfer(sender, send_buf, endpoint, badge, grant, receiver, recv_buf);
    } else {
        do_fault_transfer(badge, sender, receiver, recv_buf);
    }
}

void setup_caller_cap(tcb_t *sender, tcb_t *receiver, bool can_grant)
{
    set_thread_state(sender, ThreadState_BlockedOnReply);
    cte_t *reply_slot = tcb_slot(sender, tcbReply);
    cte_t *caller_slot = tcb_slot(receiver, tcbCaller);
    cap_t reply = cap_set_ptr(cap_new(cap_reply_cap), tcb_object_of(sender));
    reply = cap_set_reply_can_grant(reply, can_grant);
    cte_insert(reply, reply_slot, caller_slot);
}

void delete_caller_cap(tcb_t *t)
{
    cte_delete_one(tcb_slot(t, tcbCaller));
}

void do_reply_transfer(tcb_t *sender, tcb_t *receiver, cte_t *slot, bool grant)
{
    if (receiver->fault.type == fault_null) {
        do_ipc_transfer(sender, NULL, 0, grant, receiver);
        cte_delete_one(slot);
        set_thread_state(receiver, ThreadState_Running);
        possible_switch_to(receiver);
    } else {
        cte_delete_one(slot);
        bool restart_thread = handle_fault_reply(receiver, sender);
        receiver->fault.type = fault_null;
        if (restart_thread) {
            set_thread_state(receiver, ThreadState_Restart);
            possible_switch_to(receiver);
        } else {
            set_thread_state(receiver, ThreadState_Inactive);
        }
    }
}

void set_message_info_reply(tcb_t *t, word_t length)
{
    t->regs[REG_msgInfoRegister] = word_from_message_info(message_info_new(0, 0, 0, length));
    t->regs[REG_badgeRegister] = 0;
}

void reply_from_kernel_success_empty(tcb_t *t)
{
    set_message_info_reply(t, 0);
}

void reply_from_kernel_error(tcb_t *t)
{
    word_t *buf = lookup_ipc_buffer(true, t);
    word_t len = 0;
    syscall_error_t *e = &current_syscall_error;
    switch (e->type) {
    case seL4_InvalidArgument:
        len = set_mr(t, buf, 0, e->invalid_argument_number);
        break;
    case seL4_InvalidCapability:
        len = set_mr(t, buf, 0, e->invalid_cap_number);
        break;
    case seL4_RangeError:
        set_mr(t, buf, 0, e->range_min);
        len = set_mr(t, buf, 1, e->range_max);
        break;
    case seL4_FailedLookup:
        set_mr(t, buf, 0, e->failed_lookup_was_source ? 1 : 0);
        len = set_lookup_fault_mrs(t, buf, 1, &current_lookup_fault);
        break;
    case seL4_NotEnoughMemory:
        len = set_mr(t, buf, 0, e->memory_left);
        break;
    default:
        break;
    }
    if (!buf && len > N_MSG_REGISTERS) len = N_MSG_REGISTERS;
    t->regs[REG_msgInfoRegister] = word_from_message_info(message_info_new(e->type, 0, 0, len));
    t->regs[REG_badgeRegister] = 0;
}

void idle_thread_init(void)
{
    static tcb_object_t idle ALIGN(2048);
    ks_idle_thread = &idle.tcb;
    ks_idle_thread->state = ThreadState_IdleThreadState;
    kstrncpy_name(ks_idle_thread->name, "idle");
    arch_init_idle_thread(ks_idle_thread);
}

static const char *state_name(thread_state_t s)
{
    static const char *const names[] = {"Inactive",         "Running",       "Restart",
                                        "BlockedOnReceive", "BlockedOnSend", "BlockedOnReply",
                                        "BlockedOnNtfn",    "Idle"};
    return (unsigned)s < ARRAY_SIZE(names) ? names[s] : "?";
}

/* A readable table of every thread: name, state, priorities, where it is blocked. */
void scheduler_dump(void)
{
    kprintf("%-24s %-18s %4s %4s %s\n", "thread", "state", "prio", "mcp", "");
    for (tcb_t *t = tcb_list_head(); t; t = t->all_next) {
        kprintf("%-24s %-18s %4lu %4lu %s\n", t->name, state_name(t->state),
                (unsigned long)t->priority, (unsigned long)t->mcp,
                t == ks_cur_thread  ? "(current)"
                : t->in_ready_queue ? "(ready)"
                                    : "");
    }
}
