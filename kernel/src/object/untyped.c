/* Untyped_Retype: the only way kernel objects come into existence after boot. */
#include <object/untyped.h>
#include <object/objecttype.h>
#include <kernel/thread.h>
#include <kernel/cte.h>
#include <kernel/cspace.h>
#include <arch/vspace_ops.h>
#include <sel4/invocation.h>
#include <sel4/objecttype.h>
#include <sel4/constants.h>
#include <config.h>

static exception_t decode_retype(word_t length, cte_t *slot, cap_t cap, word_t *buffer)
{
    tcb_t *t = ks_cur_thread;
    if (length < 6 || !current_extra_caps[0]) return syscall_error(seL4_TruncatedMessage);
    word_t type = get_mr(t, buffer, 0);
    word_t user_size = get_mr(t, buffer, 1);
    word_t node_index = get_mr(t, buffer, 2);
    word_t node_depth = get_mr(t, buffer, 3);
    word_t node_offset = get_mr(t, buffer, 4);
    word_t node_window = get_mr(t, buffer, 5);
    cap_t root = current_extra_caps[0]->cap;

    if (type >= seL4_ObjectTypeCount) return error_invalid_argument(0);
    word_t obj_bits = object_size_bits(type, user_size);
    if (user_size >= WORD_BITS || obj_bits > seL4_MaxUntypedBits)
        return error_range(0, seL4_MaxUntypedBits);
    if (type == seL4_CapTableObject && user_size == 0) return error_invalid_argument(1);
    if (type == seL4_UntypedObject && user_size < seL4_MinUntypedBits)
        return error_invalid_argument(1);

    cap_t node_cap;
    if (node_depth == 0) {
        node_cap = root;
    } else {
        lookup_cap_ret_t r = lookup_slot_for_cnode_op(false, root, node_index, node_depth);
        if (r.status != EXCEPTION_NONE) return r.status;
        node_cap = r.slot->cap;
    }
    if (cap_get_capType(node_cap) != cap_cnode_cap) {
        current_lookup_fault =
            (lookup_fault_t){.type = lookup_fault_missing_capability, .bits_left = node_depth};
        return error_failed_lookup(false);
    }
    word_t node_size = BIT(cap_get_cnode_radix(node_cap));
    if (node_offset > node_size - 1) return error_range(0, node_size - 1);
    if (node_window < 1 || node_window > CONFIG_RETYPE_FAN_OUT_LIMIT) {
        return error_range(1, CONFIG_RETYPE_FAN_OUT_LIMIT);
    }
    if (node_window > node_size - node_offset) return error_range(1, node_size - node_offset);
    cte_t *dest = (cte_t *)cap_get_ptr(node_cap) + node_offset;
    for (word_t i = 0; i < node_window; i++) {
        if (!cap_is_null(dest[i].cap)) return syscall_error(seL4_DeleteFirst);
    }

    /* An untyped with no children is reset: its whole extent becomes free again. */
    bool reset = ensure_no_children(slot) == EXCEPTION_NONE;
    word_t ut_bits = cap_get_untyped_size_bits(cap);
    word_t free_index = reset ? 0 : cap_get_free_index(cap);
    word_t free_bytes = (word_t)BIT(ut_bits) - free_index;
    if (obj_bits >= WORD_BITS || (free_bytes >> obj_bits) < node_window) {
        current_syscall_error.memory_left = free_bytes;
        return syscall_error(seL4_NotEnoughMemory);
    }
    bool device = cap_get_untyped_is_device(cap);
    if (device && !arch_is_frame_type(type) && type != seL4_UntypedObject)
        return error_invalid_argument(1);

    /* perform: cannot fail from here on */
    set_thread_state(t, ThreadState_Restart);
    word_t base = (word_t)cap_get_ptr(cap);
    word_t aligned = ROUND_UP(base + free_index, obj_bits);
    slot->cap = cap_set_w1(cap, aligned - base + (node_window << obj_bits));
    for (word_t i = 0; i < node_window; i++) {
        void *obj = (void *)(aligned + (i << obj_bits));
        cte_insert_new(slot, &dest[i], create_object(type, obj, user_size, device));
    }
    return EXCEPTION_NONE;
}

exception_t decode_untyped_invocation(word_t label, word_t length, cte_t *slot, cap_t cap,
                                      word_t *buffer)
{
    if (label != UntypedRetype) return syscall_error(seL4_IllegalOperation);
    return decode_retype(length, slot, cap, buffer);
}
