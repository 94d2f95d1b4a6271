/* Notification objects: Signal ORs a badge in; Wait/Poll collect it. */
#include <object/notification.h>
#include <object/endpoint.h>
#include <kernel/thread.h>

static inline bool queue_empty(const tcb_queue_t *q)
{
    return q->head == 0;
}

void send_signal(notification_t *n, word_t badge)
{
    switch (queue_state(&n->q)) {
    case NtfnState_Idle: {
        tcb_t *t = n->bound_tcb;
        if (t && t->state == ThreadState_BlockedOnReceive) {
            /* A bound thread waiting on an endpoint is woken with just the badge. */
            cancel_ipc(t);
            set_thread_state(t, ThreadState_Running);
            t->regs[REG_badgeRegister] = badge;
            possible_switch_to(t);
        } else {
            queue_set_state(&n->q, NtfnState_Active);
            n->badge = badge;
        }
        break;
    }
    case NtfnState_Waiting: {
        tcb_t *t = queue_head(&n->q);
        queue_remove(&n->q, t);
        if (queue_empty(&n->q)) queue_set_state(&n->q, NtfnState_Idle);
        set_thread_state(t, ThreadState_Running);
        t->regs[REG_badgeRegister] = badge;
        possible_switch_to(t);
        break;
    }
    case NtfnState_Active:
        n->badge |= badge;
        break;
    }
}

void receive_signal(tcb_t *thread, cap_t cap, bool is_blocking)
{
    notification_t *n = cap_get_ptr(cap);
    switch (queue_state(&n->q)) {
    case NtfnState_Idle:
    case NtfnState_Waiting:
        if (is_blocking) {
            thread->blocking_object = n;
            set_thread_state(thread, ThreadState_BlockedOnNotification);
            queue_append(&n->q, thread);
            queue_set_state(&n->q, NtfnState_Waiting);
        } else {
            thread->regs[REG_badgeRegister] = 0;
        }
        break;
    case NtfnState_Active:
        thread->regs[REG_badgeRegister] = n->badge;
        n->badge = 0;
        queue_set_state(&n->q, NtfnState_Idle);
        break;
    }
}

void complete_signal(notification_t *n, tcb_t *t)
{
    t->regs[REG_badgeRegister] = n->badge;
    n->badge = 0;
    queue_set_state(&n->q, NtfnState_Idle);
}

void cancel_signal(tcb_t *t, notification_t *n)
{
    queue_remove(&n->q, t);
    if (queue_empty(&n->q)) queue_set_state(&n->q, NtfnState_Idle);
    set_thread_state(t, ThreadState_Inactive);
}

void cancel_all_signals(notification_t *n)
{
    if (queue_state(&n->q) == NtfnState_Waiting) queue_restart_all(&n->q);
}

void bind_notification(tcb_t *t, notification_t *n)
{
    n->bound_tcb = t;
    t->bound_notification = n;
}

void unbind_notification(tcb_t *t)
{
    notification_t *n = t->bound_notification;
    if (n) {
        n->bound_tcb = NULL;
        t->bound_notification = NULL;
    }
}

void unbind_maybe_notification(notification_t *n)
{
    if (n->bound_tcb) unbind_notification(n->bound_tcb);
}
