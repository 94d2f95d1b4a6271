/* Type-dependent capability operations: derive, mask, compare, finalise, create. */
#include <object/objecttype.h>
#include <object/endpoint.h>
#include <object/notification.h>
#include <object/tcb.h>
#include <kernel/thread.h>
#include <kernel/cte.h>
#include <arch/vspace_ops.h>
#include <arch/fpu.h>
#include <lib/string.h>
#include <sel4/objecttype.h>
#include <sel4/constants.h>

#define RIGHT_W BIT(0)
#define RIGHT_R BIT(1)
#define RIGHT_G BIT(2)

bool cap_has_rights_write(cap_t c)
{
    return cap_get_rights(c) & RIGHT_W;
}

cap_t mask_cap_rights(word_t rights, cap_t cap)
{
    switch (cap_get_capType(cap)) {
    case cap_endpoint_cap:
    case cap_notification_cap:
        return cap_set_rights(cap, cap_get_rights(cap) & rights);
    case cap_reply_cap:
        return cap_set_reply_can_grant(cap, cap_get_reply_can_grant(cap) && (rights & RIGHT_G));
    case cap_frame_cap:
        return cap_set_frame_vm_rights(cap, mask_vm_rights(cap_get_frame_vm_rights(cap), rights));
    default:
        return cap;
    }
}

cap_t update_cap_data(bool preserve, word_t data, cap_t cap)
{
    switch (cap_get_capType(cap)) {
    case cap_endpoint_cap:
    case cap_notification_cap:
        if (!preserve && cap_get_badge(cap) == 0) return cap_set_w1(cap, data);
        return cap_null();
    case cap_cnode_cap: {
        word_t guard_size = data & MASK(seL4_GuardSizeBits);
        word_t guard = data >> seL4_GuardSizeBits;
        if (guard_size + cap_get_cnode_radix(cap) > WORD_BITS) return cap_null();
        guard = guard_size == 0 ? 0 : (guard_size >= WORD_BITS ? guard : guard & MASK(guard_size));
        cap = cap_set_cnode_guard_size(cap, guard_size);
        return cap_set_w1(cap, guard);
    }
    default:
        return cap;
    }
}

derive_cap_ret_t derive_cap(cte_t *slot, cap_t cap)
{
    derive_cap_ret_t r = {.status = EXCEPTION_NONE, .cap = cap};
    switch (cap_get_capType(cap)) {
    case cap_zombie_cap:
    case cap_irq_control_cap:
    case cap_reply_cap:
        r.cap = cap_null();
        break;
    case cap_untyped_cap:
        r.status = ensure_no_children(slot);
        if (r.status != EXCEPTION_NONE) r.cap = cap_null();
        break;
    case cap_frame_cap:
        r.cap = cap_set_w1(cap_set_mapped_asid(cap, 0), 0);
        break;
    case cap_page_table_cap:
        if (!cap_get_pt_is_mapped(cap)) {
            r.status = syscall_error(seL4_IllegalOperation);
            r.cap = cap_null();
        }
        break;
    default:
        break;
    }
    return r;
}

/* Physical extent of the memory a capability names, for untyped containment checks. */
static bool cap_region(cap_t c, paddr_t *base, paddr_t *top)
{
    switch (cap_get_capType(c)) {
    case cap_untyped_cap:
        *base = pptr_to_paddr(cap_get_ptr(c));
        *top = *base + BIT(cap_get_untyped_size_bits(c)) - 1;
        return true;
    case cap_frame_cap:
        *base = cap_get_frame_paddr(c);
        *top = *base + BIT(frame_size_bits(cap_get_frame_size(c))) - 1;
        return true;
    case cap_page_table_cap:
        *base = (paddr_t)cap_get_pfn(c) << PAGE_BITS;
        *top = *base + PAGE_SIZE - 1;
        return true;
    case cap_endpoint_cap:
    case cap_notification_cap:
    case cap_cnode_cap:
    case cap_thread_cap:
    case cap_asid_pool_cap:
        *base = pptr_to_paddr(cap_get_ptr(c));
        *top = *base; /* any byte inside is enough for containment */
        return true;
    default:
        return false;
    }
}

bool same_region_as(cap_t a, cap_t b)
{
    enum cap_type ta = cap_get_capType(a), tb = cap_get_capType(b);
    switch (ta) {
    case cap_untyped_cap: {
        paddr_t ab, at, bb, bt;
        if (!cap_region(b, &bb, &bt)) return false;
        cap_region(a, &ab, &at);
        return ab <= bb && bt <= at && bb <= bt;
    }
    case cap_frame_cap: {
        if (tb != cap_frame_cap) return false;
        paddr_t ab, at, bb, bt;
        cap_region(a, &ab, &at);
        cap_region(b, &bb, &bt);
        return ab <= bb && bt <= at;
    }
    case cap_page_table_cap:
        return tb == cap_page_table_cap && cap_get_pfn(a) == cap_get_pfn(b);
    case cap_endpoint_cap:
    case cap_notification_cap:
    case cap_thread_cap:
    case cap_asid_pool_cap:
        return tb == ta && cap_get_ptr(a) == cap_get_ptr(b);
    case cap_cnode_cap:
        return tb == cap_cnode_cap && cap_get_ptr(a) == cap_get_ptr(b) &&
               cap_get_cnode_radix(a) == cap_get_cnode_radix(b);
    case cap_reply_cap:
        return tb == cap_reply_cap && cap_get_ptr(a) == cap_get_ptr(b);
    case cap_irq_control_cap:
        return tb == cap_irq_control_cap || tb == cap_irq_handler_cap;
    case cap_irq_handler_cap:
        return tb == cap_irq_handler_cap && cap_get_irq(a) == cap_get_irq(b);
    case cap_asid_control_cap:
    case cap_domain_cap:
        return tb == ta;
    default:
        return false;
    }
}

bool same_object_as(cap_t a, cap_t b)
{
    enum cap_type ta = cap_get_capType(a), tb = cap_get_capType(b);
    if (ta == cap_untyped_cap || ta == cap_zombie_cap || ta == cap_null_cap) return false;
    if (ta == cap_irq_control_cap && tb == cap_irq_handler_cap) return false;
    if (ta == cap_frame_cap && tb == cap_frame_cap) {
        return cap_get_pfn(a) == cap_get_pfn(b) && cap_get_frame_size(a) == cap_get_frame_size(b) &&
               cap_get_frame_is_device(a) == cap_get_frame_is_device(b);
    }
    return same_region_as(a, b);
}

bool is_cap_revocable(cap_t derived, cap_t src)
{
    switch (cap_get_capType(derived)) {
    case cap_endpoint_cap:
    case cap_notification_cap:
        return cap_get_badge(derived) != cap_get_badge(src);
    case cap_irq_handler_cap:
        return cap_get_capType(src) == cap_irq_control_cap;
    case cap_untyped_cap:
        return true;
    default:
        return false;
    }
}

finalise_cap_ret_t finalise_cap(cap_t cap, bool final)
{
    finalise_cap_ret_t r = {.remainder = cap_null(), .cleanup_irq = ~(word_t)0};
    switch (cap_get_capType(cap)) {
    case cap_endpoint_cap:
        if (final) cancel_all_ipc(cap_get_ptr(cap));
        break;
    case cap_notification_cap:
        if (final) {
            notification_t *n = cap_get_ptr(cap);
            unbind_maybe_notification(n);
            cancel_all_signals(n);
        }
        break;
    case cap_cnode_cap:
        if (final) {
            cap_t z = cap_set_ptr(cap_new(cap_zombie_cap), cap_get_ptr(cap));
            r.remainder = cap_set_zombie_radix(z, cap_get_cnode_radix(cap));
        }
        break;
    case cap_thread_cap:
        if (final) {
            tcb_t *t = tcb_from_cap(cap);
            unbind_notification(t);
            suspend(t);
            fpu_release(t);
            tcb_unlink(t);
            cap_t z = cap_set_ptr(cap_new(cap_zombie_cap), cap_get_ptr(cap));
            r.remainder = cap_set_zombie_is_tcb(z, 1);
        }
        break;
    case cap_zombie_cap:
        r.remainder = cap;
        break;
    case cap_irq_handler_cap:
        if (final) r.cleanup_irq = cap_get_irq(cap);
        break;
    case cap_frame_cap:
    case cap_page_table_cap:
    case cap_asid_pool_cap:
        arch_finalise_cap(cap, final);
        break;
    default:
        break;
    }
    return r;
}

cte_t *zombie_slots(cap_t z, word_t *count)
{
    if (cap_get_zombie_is_tcb(z)) {
        *count = tcbCNodeEntries;
        return ((tcb_object_t *)cap_get_ptr(z))->slots;
    }
    *count = BIT(cap_get_zombie_radix(z));
    return (cte_t *)cap_get_ptr(z);
}

word_t object_size_bits(word_t type, word_t user_size)
{
    switch (type) {
    case seL4_UntypedObject:
        return user_size;
    case seL4_TCBObject:
        return seL4_TCBBits;
    case seL4_EndpointObject:
        return seL4_EndpointBits;
    case seL4_NotificationObject:
        return seL4_NotificationBits;
    case seL4_CapTableObject:
        return seL4_SlotBits + user_size;
    default:
        return arch_object_size_bits(type);
    }
}

cap_t create_object(word_t type, void *region, word_t user_size, bool device)
{
    switch (type) {
    case seL4_UntypedObject: {
        cap_t c = cap_set_ptr(cap_new(cap_untyped_cap), region);
        c = cap_set_untyped_size_bits(c, user_size);
        return cap_set_untyped_is_device(c, device);
    }
    case seL4_TCBObject:
        kmemset(region, 0, BIT(seL4_TCBBits));
        tcb_init((tcb_object_t *)region);
        return cap_set_ptr(cap_new(cap_thread_cap), region);
    case seL4_EndpointObject:
        kmemset(region, 0, BIT(seL4_EndpointBits));
        return cap_set_rights(cap_set_ptr(cap_new(cap_endpoint_cap), region), 0xf);
    case seL4_NotificationObject:
        kmemset(region, 0, BIT(seL4_NotificationBits));
        return cap_set_rights(cap_set_ptr(cap_new(cap_notification_cap), region), 0xf);
    case seL4_CapTableObject:
        kmemset(region, 0, BIT(seL4_SlotBits + user_size));
        return cap_set_cnode_radix(cap_set_ptr(cap_new(cap_cnode_cap), region), user_size);
    default:
        return arch_create_object(type, region, device);
    }
}
