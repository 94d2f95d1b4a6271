/* Endpoint IPC (seL4 non-MCS semantics: FIFO queues, reply caps in the caller slot). */
#include <object/endpoint.h>
#include <object/notification.h>
#include <kernel/thread.h>
#include <kernel/cte.h>
#include <machine/console.h>

void queue_append(tcb_queue_t *q, tcb_t *t)
{
    tcb_t *tail = queue_tail(q);
    t->ep_prev = tail;
    t->ep_next = NULL;
    if (tail)
        tail->ep_next = t;
    else
        q->head = (word_t)t;
    queue_set(q, queue_head(q), t);
}

void queue_remove(tcb_queue_t *q, tcb_t *t)
{
    if (t->ep_prev)
        t->ep_prev->ep_next = t->ep_next;
    else
        q->head = (word_t)t->ep_next;
    if (t->ep_next)
        t->ep_next->ep_prev = t->ep_prev;
    else
        queue_set(q, queue_head(q), t->ep_prev);
    t->ep_next = t->ep_prev = NULL;
}

static inline bool queue_empty(const tcb_queue_t *q)
{
    return q->head == 0;
}

void send_ipc(bool blocking, bool do_call, word_t badge, bool can_grant, bool can_grant_reply,
              tcb_t *thread, endpoint_t *ep)
{
    switch (queue_state(&ep->q)) {
    case EPState_Idle:
    case EPState_Send:
        if (blocking) {
            thread->blocking_object = ep;
            thread->blocking_badge = badge;
            thread->blocking_can_grant = can_grant;
            thread->blocking_can_grant_reply = can_grant_reply;
            thread->blocking_is_call = do_call;
            set_thread_state(thread, ThreadState_BlockedOnSend);
            queue_append(&ep->q, thread);
            queue_set_state(&ep->q, EPState_Send);
        }
        break;
    case EPState_Recv: {
        tcb_t *dest = queue_head(&ep->q);
        queue_remove(&ep->q, dest);
        if (queue_empty(&ep->q)) queue_set_state(&ep->q, EPState_Idle);
        do_ipc_transfer(thread, ep, badge, can_grant, dest);
        bool reply_can_grant = dest->blocking_can_grant;
        set_thread_state(dest, ThreadState_Running);
        possible_switch_to(dest);
        if (do_call) {
            if (can_grant || can_grant_reply)
                setup_caller_cap(thread, dest, reply_can_grant);
            else
                set_thread_state(thread, ThreadState_Inactive);
        }
        break;
    }
    }
}

void receive_ipc(tcb_t *thread, cap_t cap, bool is_blocking)
{
    endpoint_t *ep = cap_get_ptr(cap);
    notification_t *ntfn = thread->bound_notification;
    if (ntfn && queue_state(&ntfn->q) == NtfnState_Active) {
        complete_signal(ntfn, thread);
        return;
    }
    switch (queue_state(&ep->q)) {
    case EPState_Idle:
    case EPState_Recv:
        if (is_blocking) {
            thread->blocking_object = ep;
            thread->blocking_can_grant = (cap_get_rights(cap) & 4) != 0;
            set_thread_state(thread, ThreadState_BlockedOnReceive);
            queue_append(&ep->q, thread);
            queue_set_state(&ep->q, EPState_Recv);
        } else {
            thread->regs[REG_badgeRegister] = 0;
        }
        break;
    case EPState_Send: {
        tcb_t *sender = queue_head(&ep->q);
        queue_remove(&ep->q, sender);
        if (queue_empty(&ep->q)) queue_set_state(&ep->q, EPState_Idle);
        do_ipc_transfer(sender, ep, sender->blocking_badge, sender->blocking_can_grant, thread);
        if (sender->blocking_is_call) {
            if (sender->blocking_can_grant || sender->blocking_can_grant_reply) {
                setup_caller_cap(sender, thread, (cap_get_rights(cap) & 4) != 0);
            } else {
                set_thread_state(sender, ThreadState_Inactive);
            }
        } else {
            set_thread_state(sender, ThreadState_Running);
            possible_switch_to(sender);
        }
        break;
    }
    }
}

void cancel_ipc(tcb_t *t)
{
    switch (t->state) {
    case ThreadState_BlockedOnSend:
    case ThreadState_BlockedOnReceive: {
        endpoint_t *ep = t->blocking_object;
        queue_remove(&ep->q, t);
        if (queue_empty(&ep->q)) queue_set_state(&ep->q, EPState_Idle);
        set_thread_state(t, ThreadState_Inactive);
        break;
    }
    case ThreadState_BlockedOnNotification:
        cancel_signal(t, t->blocking_object);
        break;
    case ThreadState_BlockedOnReply: {
        t->fault.type = fault_null;
        /* The reply cap given to the callee is the child of our master reply cap. */
        cte_t *master = tcb_slot(t, tcbReply);
        cte_t *caller = mdb_next(master);
        if (caller && cap_get_capType(caller->cap) == cap_reply_cap &&
            !cap_get_reply_master(caller->cap) && cap_get_ptr(caller->cap) == tcb_object_of(t)) {
            cte_delete_one(caller);
        }
        break;
    }
    default:
        break;
    }
}

void queue_restart_all(tcb_queue_t *q)
{
    tcb_t *t = queue_head(q);
    q->head = 0;
    q->tail_state = 0; /* Idle for both endpoints and notifications */
    while (t) {
        tcb_t *next = t->ep_next;
        t->ep_next = t->ep_prev = NULL;
        set_thread_state(t, ThreadState_Restart);
        tcb_sched_enqueue(t);
        t = next;
    }
    reschedule_required();
}

void cancel_all_ipc(endpoint_t *ep)
{
    if (queue_state(&ep->q) != EPState_Idle) queue_restart_all(&ep->q);
}

void cancel_badged_sends(endpoint_t *ep, word_t badge)
{
    if (queue_state(&ep->q) != EPState_Send) return;
    tcb_t *t = queue_head(&ep->q);
    while (t) {
        tcb_t *next = t->ep_next;
        if (t->blocking_badge == badge) {
            queue_remove(&ep->q, t);
            set_thread_state(t, ThreadState_Restart);
            tcb_sched_enqueue(t);
        }
        t = next;
    }
    if (queue_empty(&ep->q)) queue_set_state(&ep->q, EPState_Idle);
    reschedule_required();
}
