/* Slot operations over the capability derivation tree.
 *
 * The CDT is a doubly linked list of CTEs in depth-first order (as in seL4): a cap's
 * descendants follow it directly, and is_mdb_parent_of decides where a subtree ends.
 *
 * Destroying an object that itself holds capabilities (a CNode, a TCB) is done without
 * recursion on the kernel stack: the slot being deleted holds a zombie naming the object,
 * and when a slot inside it holds the last capability to another such object, the two are
 * swapped, so the child's zombie sits in the deleted slot and the parent's zombie waits in
 * the child's old slot (the child zombie's word 1 records where).  When the child is empty
 * the parent's zombie comes back.  Stack use is constant whatever the nesting. */
#include <kernel/cte.h>
#include <kernel/thread.h>
#include <object/objecttype.h>
#include <object/interrupt.h>
#include <arch/machine.h>

/* Puts cap in dest, linked into the tree directly after src. */
static void link_after(cte_t *src, cte_t *dest, cap_t cap, bool revocable)
{
    cte_t *next = mdb_next(src);
    dest->cap = cap;
    dest->mdb.prev = (word_t)src;
    dest->mdb.next = (word_t)next;
    mdb_set_flags(dest, revocable, revocable);
    mdb_set_next(src, dest);
    if (next) mdb_set_prev(next, dest);
}

void cte_insert(cap_t new_cap, cte_t *src, cte_t *dest)
{
    cap_t src_cap = src->cap;
    /* A copy of an untyped takes over its free space: the original is marked full, so the
     * two can never hand out the same memory (seL4's setUntypedCapAsFull). */
    if (cap_get_capType(src_cap) == cap_untyped_cap &&
        cap_get_capType(new_cap) == cap_untyped_cap &&
        cap_get_ptr(src_cap) == cap_get_ptr(new_cap) &&
        cap_get_untyped_size_bits(src_cap) == cap_get_untyped_size_bits(new_cap)) {
        src->cap = cap_set_w1(src_cap, BIT(cap_get_untyped_size_bits(src_cap)));
    }
    link_after(src, dest, new_cap, is_cap_revocable(new_cap, src_cap));
}

void cte_insert_new(cte_t *parent, cte_t *dest, cap_t cap)
{
    link_after(parent, dest, cap, true);
}

void cte_move(cap_t new_cap, cte_t *src, cte_t *dest)
{
    mdb_node_t m = src->mdb;
    dest->cap = new_cap;
    dest->mdb = m;
    src->cap = cap_null();
    src->mdb = (mdb_node_t){0, 0};
    cte_t *prev = mdb_prev(dest), *next = mdb_next(dest);
    if (prev) mdb_set_next(prev, dest);
    if (next) mdb_set_prev(next, dest);
}

void cte_swap(cap_t cap1, cte_t *slot1, cap_t cap2, cte_t *slot2)
{
    mdb_node_t m1 = slot1->mdb, m2 = slot2->mdb;
    slot1->cap = cap2;
    slot2->cap = cap1;
    slot1->mdb = m2;
    slot2->mdb = m1;
    /* Fix neighbours; handles the two slots being adjacent in the list. */
    cte_t *p;
    if ((p = mdb_prev(slot1))) mdb_set_next(p == slot1 ? slot2 : p, slot1);
    if ((p = mdb_next(slot1))) mdb_set_prev(p == slot1 ? slot2 : p, slot1);
    if ((p = mdb_prev(slot2))) mdb_set_next(p == slot2 ? slot1 : p, slot2);
    if ((p = mdb_next(slot2))) mdb_set_prev(p == slot2 ? slot1 : p, slot2);
    if (mdb_prev(slot1) == slot1) mdb_set_prev(slot1, slot2);
    if (mdb_next(slot1) == slot1) mdb_set_next(slot1, slot2);
    if (mdb_prev(slot2) == slot2) mdb_set_prev(slot2, slot1);
    if (mdb_next(slot2) == slot2) mdb_set_next(slot2, slot1);
}

/* Takes the slot out of the derivation tree whatever it holds. */
static void unlink_slot(cte_t *slot)
{
    cte_t *prev = mdb_prev(slot), *next = mdb_next(slot);
    if (prev) mdb_set_next(prev, next);
    if (next) {
        mdb_set_prev(next, prev);
        /* A badged cap's copies inherit its "first badged" role when it goes. */
        mdb_set_flags(next, mdb_revocable(next), mdb_first_badged(next) || mdb_first_badged(slot));
    }
    slot->cap = cap_null();
    slot->mdb = (mdb_node_t){0, 0};
}

void empty_slot(cte_t *slot)
{
    if (!cap_is_null(slot->cap)) unlink_slot(slot);
}

bool is_final_capability(const cte_t *slot)
{
    const cte_t *prev = mdb_prev(slot), *next = mdb_next(slot);
    if (prev && same_object_as(prev->cap, slot->cap)) return false;
    if (next && same_object_as(next->cap, slot->cap)) return false;
    return true;
}

bool is_mdb_parent_of(const cte_t *a, const cte_t *b)
{
    if (!mdb_revocable(a)) return false;
    if (!same_region_as(a->cap, b->cap)) return false;
    switch (cap_get_capType(a->cap)) {
    case cap_endpoint_cap:
    case cap_notification_cap: {
        word_t badge = cap_get_badge(a->cap);
        if (badge == 0) return true;
        return badge == cap_get_badge(b->cap) && !mdb_first_badged(b);
    }
    default:
        return true;
    }
}

exception_t ensure_no_children(const cte_t *slot)
{
    const cte_t *next = mdb_next(slot);
    if (next && is_mdb_parent_of(slot, next)) return syscall_error(seL4_RevokeFirst);
    return EXCEPTION_NONE;
}

exception_t ensure_empty_slot(const cte_t *slot)
{
    if (!cap_is_null(slot->cap)) return syscall_error(seL4_DeleteFirst);
    return EXCEPTION_NONE;
}

static bool needs_recursion(cap_t c)
{
    enum cap_type t = cap_get_capType(c);
    return t == cap_cnode_cap || t == cap_thread_cap || t == cap_zombie_cap;
}

static void finalise_and_empty(cte_t *slot)
{
    finalise_cap_ret_t fc = finalise_cap(slot->cap, is_final_capability(slot));
    empty_slot(slot);
    if (fc.cleanup_irq != ~(word_t)0) irq_deactivate(fc.cleanup_irq);
}

/* Long deletions stop here when an interrupt is pending; the syscall restarts later and
 * carries on from the zombie left in the slot. */
#define DELETE_WORK_PER_CHECK 16

/* Destroys the contents of the object named by the zombie in `top`, then empties `top`. */
static exception_t reduce_zombies(cte_t *top, bool preemptible)
{
    word_t work = 0;
    for (;;) {
        if (preemptible && ++work % DELETE_WORK_PER_CHECK == 0 && interrupt_pending())
            return EXCEPTION_PREEMPTED;
        word_t n;
        cte_t *slots = zombie_slots(top->cap, &n);
        cte_t *victim = NULL;
        for (word_t i = n; i-- > 0;) {
            if (&slots[i] != top && !cap_is_null(slots[i].cap)) {
                victim = &slots[i];
                break;
            }
        }
        if (!victim) {
            cte_t *parent = (cte_t *)cap_get_w1(top->cap);
            if (!parent) {
                empty_slot(top);
                return EXCEPTION_NONE;
            }
            /* Child object gone: resume the parent, whose zombie waits in `parent`. */
            top->cap = parent->cap;
            unlink_slot(parent); /* the links there were the child's last capability */
            continue;
        }
        if (needs_recursion(victim->cap) &&
            (cap_get_capType(victim->cap) == cap_zombie_cap || is_final_capability(victim))) {
            finalise_cap_ret_t fc = finalise_cap(victim->cap, true);
            cap_t child = cap_set_w1(fc.remainder, (word_t)victim);
            victim->cap = top->cap;
            top->cap = child;
            continue;
        }
        finalise_and_empty(victim);
    }
}

static exception_t delete_common(cte_t *slot, bool preemptible)
{
    if (cap_is_null(slot->cap)) return EXCEPTION_NONE;
    /* A zombie here is a deletion that was preempted: carry on with it. */
    if (cap_get_capType(slot->cap) == cap_zombie_cap) return reduce_zombies(slot, preemptible);
    bool final = is_final_capability(slot);
    if (final && needs_recursion(slot->cap)) {
        finalise_cap_ret_t fc = finalise_cap(slot->cap, true);
        slot->cap = cap_set_w1(fc.remainder, 0);
        return reduce_zombies(slot, preemptible);
    }
    finalise_and_empty(slot);
    return EXCEPTION_NONE;
}

exception_t cte_delete(cte_t *slot)
{
    return delete_common(slot, false);
}
exception_t cte_delete_preemptible(cte_t *slot)
{
    return delete_common(slot, true);
}

void cte_delete_one(cte_t *slot)
{
    if (cap_is_null(slot->cap)) return;
    finalise_and_empty(slot);
}

exception_t cte_revoke(cte_t *slot)
{
    cte_t *next;
    word_t work = 0;
    while ((next = mdb_next(slot)) && is_mdb_parent_of(slot, next)) {
        exception_t s = cte_delete_preemptible(next);
        if (s != EXCEPTION_NONE) return s;
        if (++work % DELETE_WORK_PER_CHECK == 0 && interrupt_pending()) return EXCEPTION_PREEMPTED;
    }
    return EXCEPTION_NONE;
}
