/* IPC fastpath (see kernel/fastpath.h).  Every check happens before any state changes; a
 * failed check returns to the slow path, which handles the same syscall in full. */
#include <kernel/fastpath.h>
#include <kernel/thread.h>
#include <arch/vspace_ops.h>
#include <arch/machine.h>
#include <sel4/syscall.h>

NORETURN void restore_user_context(word_t *regs);

#define RIGHT_W BIT(0)
#define RIGHT_R BIT(1)
#define RIGHT_G BIT(2)
#define RIGHT_GR BIT(3)

NORETURN void c_handle_syscall(sword_t sys);

/* The cap named by cptr, or a null cap, which sends us to the slow path.  Only single-level
 * CSpaces (guard + radix = word size: the root server's, and every component's) are
 * resolved here; deeper ones take the slow path.  No calls: keeping the fastpath a leaf
 * saves the callee-saved register spills that would cost more than the lookup. */
static FORCE_INLINE cap_t fast_lookup(tcb_t *t, word_t cptr)
{
    cap_t root = tcb_slot(t, tcbCTable)->cap;
    word_t radix = cap_get_cnode_radix(root);
    if (unlikely(cap_get_capType(root) != cap_cnode_cap ||
                 radix + cap_get_cnode_guard_size(root) != WORD_BITS ||
                 (cptr >> radix) != cap_get_guard(root))) {
        return cap_null();
    }
    return ((cte_t *)cap_get_ptr(root))[cptr & MASK(radix)].cap;
}

/* satp for a thread, or 0 if its VSpace is not usable (slow path decides then). */
static FORCE_INLINE word_t thread_satp(tcb_t *t)
{
    cap_t root = tcb_slot(t, tcbVTable)->cap;
    if (!is_valid_vtable_root(root)) return 0;
    word_t asid = cap_get_mapped_asid(root);
    asid_pool_t *pool = riscv_asid_table[asid >> ASID_POOL_INDEX_BITS];
    paddr_t pa = (paddr_t)cap_get_pfn(root) << PAGE_BITS;
    if (!pool || (word_t *)pool->array[asid & MASK(ASID_POOL_INDEX_BITS)] != paddr_to_pptr(pa))
        return 0;
    return satp_value(pa, asid);
}

static FORCE_INLINE void copy_register_mrs(tcb_t *from, tcb_t *to, word_t length)
{
    /* length <= N_MSG_REGISTERS here; copying all four is cheaper than branching. */
    (void)length;
    to->regs[REG_a2] = from->regs[REG_a2];
    to->regs[REG_a3] = from->regs[REG_a3];
    to->regs[REG_a4] = from->regs[REG_a4];
    to->regs[REG_a5] = from->regs[REG_a5];
}

static NORETURN void switch_to(tcb_t *dest, word_t satp)
{
    if (read_csr(satp) != satp) write_csr(satp, satp);
    ks_cur_thread = dest;
    restore_user_context(dest->regs);
}

#define SLOW(sys) c_handle_syscall(sys)

void fastpath_call(word_t cptr, word_t msginfo)
{
    tcb_t *cur = ks_cur_thread;
    word_t length = msginfo & 0x7f;
    if (length > N_MSG_REGISTERS || (msginfo & (3 << 7)))
        SLOW(seL4_SysCall); /* long message or caps */

    cap_t ep_cap = fast_lookup(cur, cptr);
    word_t rights = cap_get_rights(ep_cap);
    if (cap_get_capType(ep_cap) != cap_endpoint_cap || !(rights & RIGHT_W) ||
        !(rights & (RIGHT_G | RIGHT_GR))) {
        SLOW(seL4_SysCall);
    }
    endpoint_t *ep = cap_get_ptr(ep_cap);
    if (queue_state(&ep->q) != EPState_Recv) SLOW(seL4_SysCall);
    tcb_t *dest = queue_head(&ep->q);
    if (dest->priority < cur->priority)
        SLOW(seL4_SysCall); /* the slow path schedules that properly */
    word_t satp = thread_satp(dest);
    if (!satp) SLOW(seL4_SysCall);
    cte_t *caller_slot = tcb_slot(dest, tcbCaller);
    cte_t *master = tcb_slot(cur, tcbReply);
    if (!cap_is_null(caller_slot->cap) || mdb_next(master)) SLOW(seL4_SysCall);

    /* Commit: dequeue the receiver. */
    tcb_t *next = dest->ep_next;
    ep->q.head = (word_t)next;
    if (next)
        next->ep_prev = NULL;
    else
        ep->q.tail_state = EPState_Idle;
    dest->ep_next = dest->ep_prev = NULL;

    /* The caller waits for the reply; the receiver gets a one-shot reply cap, a child of
     * the caller's master reply cap. */
    cur->state = ThreadState_BlockedOnReply;
    cap_t reply = cap_set_ptr(cap_new(cap_reply_cap), tcb_object_of(cur));
    caller_slot->cap = cap_set_reply_can_grant(reply, dest->blocking_can_grant);
    caller_slot->mdb.prev = (word_t)master;
    caller_slot->mdb.next = 0;
    mdb_set_next(master, caller_slot);

    copy_register_mrs(cur, dest, length);
    dest->regs[REG_msgInfoRegister] = msginfo & ~(word_t)0xf80; /* no caps, none unwrapped */
    dest->regs[REG_badgeRegister] = cap_get_badge(ep_cap);
    dest->state = ThreadState_Running;
    switch_to(dest, satp);
}

void fastpath_reply_recv(word_t cptr, word_t msginfo)
{
    tcb_t *cur = ks_cur_thread;
    word_t length = msginfo & 0x7f;
    if (length > N_MSG_REGISTERS || (msginfo & (3 << 7))) SLOW(seL4_SysReplyRecv);

    cap_t ep_cap = fast_lookup(cur, cptr);
    if (cap_get_capType(ep_cap) != cap_endpoint_cap || !(cap_get_rights(ep_cap) & RIGHT_R))
        SLOW(seL4_SysReplyRecv);
    endpoint_t *ep = cap_get_ptr(ep_cap);
    if (queue_state(&ep->q) == EPState_Send)
        SLOW(seL4_SysReplyRecv); /* a sender is waiting: slow path */
    notification_t *bound = cur->bound_notification;
    if (bound && queue_state(&bound->q) == NtfnState_Active) SLOW(seL4_SysReplyRecv);

    cte_t *caller_slot = tcb_slot(cur, tcbCaller);
    cap_t reply = caller_slot->cap;
    if (cap_get_capType(reply) != cap_reply_cap || cap_get_reply_master(reply))
        SLOW(seL4_SysReplyRecv);
    tcb_t *caller = tcb_from_cap(reply);
    if (caller->fault.type != fault_null || caller->state != ThreadState_BlockedOnReply)
        SLOW(seL4_SysReplyRecv);
    if (!thread_can_run_now(caller)) SLOW(seL4_SysReplyRecv);
    word_t satp = thread_satp(caller);
    if (!satp) SLOW(seL4_SysReplyRecv);

    /* Commit: consume the reply cap. */
    cte_t *master = mdb_prev(caller_slot);
    cte_t *after = mdb_next(caller_slot);
    if (master) mdb_set_next(master, after);
    if (after) mdb_set_prev(after, master);
    caller_slot->cap = cap_null();
    caller_slot->mdb = (mdb_node_t){0, 0};

    /* We wait on the endpoint. */
    cur->blocking_object = ep;
    cur->blocking_can_grant = (cap_get_rights(ep_cap) & RIGHT_G) != 0;
    cur->state = ThreadState_BlockedOnReceive;
    tcb_t *tail = queue_tail(&ep->q); /* inline append: a call here would cost spills */
    cur->ep_prev = tail;
    cur->ep_next = NULL;
    if (tail)
        tail->ep_next = cur;
    else
        ep->q.head = (word_t)cur;
    ep->q.tail_state = (word_t)cur | EPState_Recv;

    copy_register_mrs(cur, caller, length);
    caller->regs[REG_msgInfoRegister] = msginfo & ~(word_t)0xf80;
    caller->regs[REG_badgeRegister] = 0;
    caller->state = ThreadState_Running;
    switch_to(caller, satp);
}

/* Poll (NBRecv) on a notification: nothing blocks and nothing is scheduled. */
void fastpath_nbrecv(word_t cptr)
{
    tcb_t *cur = ks_cur_thread;
    cap_t cap = fast_lookup(cur, cptr);
    if (cap_get_capType(cap) != cap_notification_cap || !(cap_get_rights(cap) & RIGHT_R))
        SLOW(seL4_SysNBRecv);
    notification_t *n = cap_get_ptr(cap);
    if (n->bound_tcb && n->bound_tcb != cur) SLOW(seL4_SysNBRecv);
    if (queue_state(&n->q) == NtfnState_Active) {
        cur->regs[REG_badgeRegister] = n->badge;
        n->badge = 0;
        queue_set_state(&n->q, NtfnState_Idle);
    } else {
        cur->regs[REG_badgeRegister] = 0;
    }
    restore_user_context(cur->regs);
}

/* Signal (Send on a notification cap) when nobody has to be woken. */
void fastpath_signal(word_t cptr, word_t msginfo)
{
    tcb_t *cur = ks_cur_thread;
    if (msginfo & (3 << 7)) SLOW(seL4_SysSend); /* extra caps are looked up (and may fault) */
    cap_t cap = fast_lookup(cur, cptr);
    if (cap_get_capType(cap) != cap_notification_cap || !(cap_get_rights(cap) & RIGHT_W))
        SLOW(seL4_SysSend);
    notification_t *n = cap_get_ptr(cap);
    word_t state = queue_state(&n->q);
    if (state == NtfnState_Active) {
        n->badge |= cap_get_badge(cap);
    } else if (state == NtfnState_Idle &&
               (!n->bound_tcb || n->bound_tcb->state != ThreadState_BlockedOnReceive)) {
        n->badge = cap_get_badge(cap);
        queue_set_state(&n->q, NtfnState_Active);
    } else if (state == NtfnState_Waiting) {
        /* Wake the first waiter; if it outranks us the full scheduler decides. */
        tcb_t *w = queue_head(&n->q);
        if (w->priority > cur->priority) SLOW(seL4_SysSend);
        tcb_t *next = w->ep_next;
        n->q.head = (word_t)next;
        if (next)
            next->ep_prev = NULL;
        else
            n->q.tail_state = NtfnState_Idle;
        w->ep_next = w->ep_prev = NULL;
        w->regs[REG_badgeRegister] = cap_get_badge(cap);
        w->state = ThreadState_Running;
        /* As possible_switch_to + schedule would: same priority queues behind, lower at the head.
         */
        if (w->priority == cur->priority)
            tcb_sched_append(w);
        else
            tcb_sched_enqueue(w);
    } else {
        SLOW(seL4_SysSend); /* a bound thread blocked in Recv is woken through the endpoint */
    }
    restore_user_context(cur->regs);
}
