/* Invariant checks over the scheduler, IPC queues and the capability derivation links of
 * every thread's slots and of every CNode reachable from a thread's CSpace root (one
 * level).  O(threads + slots): meant for tests, not production. */
#include <kernel/invariants.h>
#include <kernel/thread.h>
#include <object/tcb.h>
#include <machine/console.h>

bool ks_check_invariants;

#define VIOLATION(...)                                                                             \
    do {                                                                                           \
        kprintf("[kernel] invariant violated: ");                                                  \
        kprintf(__VA_ARGS__);                                                                      \
        kprintf("\n");                                                                             \
        kernel_halt(255);                                                                          \
    } while (0)

static void check_slot_links(const cte_t *s)
{
    const cte_t *p = mdb_prev(s), *n = mdb_next(s);
    if (cap_is_null(s->cap)) {
        if (p || n) VIOLATION("empty slot %p still linked", (const void *)s);
        return;
    }
    if (p && mdb_next(p) != s) VIOLATION("slot %p: prev->next broken", (const void *)s);
    if (n && mdb_prev(n) != s) VIOLATION("slot %p: next->prev broken", (const void *)s);
}

static bool queue_contains(const tcb_queue_t *q, const tcb_t *t, word_t limit)
{
    word_t n = 0;
    for (const tcb_t *x = queue_head(q); x; x = x->ep_next) {
        if (x == t) return true;
        if (++n > limit) VIOLATION("IPC queue does not terminate");
    }
    return false;
}

void check_invariants(void)
{
    word_t threads = 0;
    for (tcb_t *t = tcb_list_head(); t; t = t->all_next)
        threads++;
    for (tcb_t *t = tcb_list_head(); t; t = t->all_next) {
        if ((unsigned)t->state > ThreadState_BlockedOnNotification)
            VIOLATION("thread %s: bad state", t->name);
        if (t->in_ready_queue && !is_runnable(t))
            VIOLATION("thread %s: queued but not runnable", t->name);
        if (t->in_ready_queue &&
            !(ready_bitmap[t->priority / WORD_BITS] & BIT(t->priority % WORD_BITS))) {
            VIOLATION("thread %s: ready but priority bit clear", t->name);
        }
        if (t->priority > 255 || t->mcp > 255)
            VIOLATION("thread %s: priority out of range", t->name);
        if (t->state == ThreadState_BlockedOnSend || t->state == ThreadState_BlockedOnReceive) {
            endpoint_t *ep = t->blocking_object;
            if (!queue_contains(&ep->q, t, threads))
                VIOLATION("thread %s: not on its endpoint queue", t->name);
        }
        if (t->state == ThreadState_BlockedOnNotification) {
            notification_t *n = t->blocking_object;
            if (!queue_contains(&n->q, t, threads))
                VIOLATION("thread %s: not on its notification queue", t->name);
        }
        if (t->bound_notification && t->bound_notification->bound_tcb != t) {
            VIOLATION("thread %s: binding not mutual", t->name);
        }
        for (int i = 0; i < tcbCNodeEntries; i++)
            check_slot_links(tcb_slot(t, (enum tcb_cnode_index)i));
        cap_t root = tcb_slot(t, tcbCTable)->cap;
        if (cap_get_capType(root) == cap_cnode_cap) {
            cte_t *slots = cap_get_ptr(root);
            word_t n = BIT(cap_get_cnode_radix(root));
            for (word_t i = 0; i < n; i++)
                check_slot_links(&slots[i]);
        }
    }
    if (ks_cur_thread->in_ready_queue)
        VIOLATION("current thread %s is in a ready queue", ks_cur_thread->name);
}
