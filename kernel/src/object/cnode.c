/* CNode invocations: Copy, Mint, Move, Mutate, Rotate, Delete, Revoke, SaveCaller,
 * CancelBadgedSends. */
#include <object/cnode.h>
#include <object/objecttype.h>
#include <object/endpoint.h>
#include <kernel/thread.h>
#include <kernel/cte.h>
#include <kernel/cspace.h>
#include <sel4/invocation.h>

static exception_t decode_copy_like(word_t label, word_t length, cte_t *dest, word_t *buffer)
{
    tcb_t *t = ks_cur_thread;
    if (length < 4 || !current_extra_caps[0]) return syscall_error(seL4_TruncatedMessage);
    word_t src_index = get_mr(t, buffer, 2), src_depth = get_mr(t, buffer, 3);
    cap_t src_root = current_extra_caps[0]->cap;
    exception_t s = ensure_empty_slot(dest);
    if (s != EXCEPTION_NONE) return s;
    lookup_cap_ret_t r = lookup_slot_for_cnode_op(true, src_root, src_index, src_depth);
    if (r.status != EXCEPTION_NONE) return r.status;
    cte_t *src = r.slot;
    if (cap_is_null(src->cap)) {
        current_lookup_fault =
            (lookup_fault_t){.type = lookup_fault_missing_capability, .bits_left = src_depth};
        return error_failed_lookup(true);
    }
    cap_t new_cap;
    bool is_move = false;
    switch (label) {
    case CNodeCopy:
    case CNodeMint: {
        word_t need = label == CNodeCopy ? 5 : 6;
        if (length < need) return syscall_error(seL4_TruncatedMessage);
        word_t rights = get_mr(t, buffer, 4);
        cap_t c = mask_cap_rights(rights, src->cap);
        if (label == CNodeMint) c = update_cap_data(false, get_mr(t, buffer, 5), c);
        derive_cap_ret_t d = derive_cap(src, c);
        if (d.status != EXCEPTION_NONE) return d.status;
        new_cap = d.cap;
        break;
    }
    case CNodeMove:
        new_cap = src->cap;
        is_move = true;
        break;
    default: /* Mutate */
        if (length < 5) return syscall_error(seL4_TruncatedMessage);
        new_cap = update_cap_data(true, get_mr(t, buffer, 4), src->cap);
        is_move = true;
        break;
    }
    if (cap_is_null(new_cap)) return syscall_error(seL4_IllegalOperation);
    set_thread_state(t, ThreadState_Restart);
    if (is_move)
        cte_move(new_cap, src, dest);
    else
        cte_insert(new_cap, src, dest);
    return EXCEPTION_NONE;
}

static exception_t decode_rotate(word_t length, cte_t *dest, word_t *buffer)
{
    tcb_t *t = ks_cur_thread;
    if (length < 8 || !current_extra_caps[0] || !current_extra_caps[1]) {
        return syscall_error(seL4_TruncatedMessage);
    }
    word_t pivot_new_data = get_mr(t, buffer, 2);
    word_t pivot_index = get_mr(t, buffer, 3), pivot_depth = get_mr(t, buffer, 4);
    word_t src_new_data = get_mr(t, buffer, 5);
    word_t src_index = get_mr(t, buffer, 6), src_depth = get_mr(t, buffer, 7);
    cap_t pivot_root = current_extra_caps[0]->cap, src_root = current_extra_caps[1]->cap;

    lookup_cap_ret_t r = lookup_slot_for_cnode_op(true, src_root, src_index, src_depth);
    if (r.status != EXCEPTION_NONE) return r.status;
    cte_t *src = r.slot;
    r = lookup_slot_for_cnode_op(true, pivot_root, pivot_index, pivot_depth);
    if (r.status != EXCEPTION_NONE) return r.status;
    cte_t *pivot = r.slot;
    if (pivot == src || pivot == dest) return syscall_error(seL4_IllegalOperation);
    if (src != dest) {
        exception_t s = ensure_empty_slot(dest);
        if (s != EXCEPTION_NONE) return s;
    }
    if (cap_is_null(src->cap)) {
        current_lookup_fault =
            (lookup_fault_t){.type = lookup_fault_missing_capability, .bits_left = src_depth};
        return error_failed_lookup(true);
    }
    if (cap_is_null(pivot->cap)) {
        current_lookup_fault =
            (lookup_fault_t){.type = lookup_fault_missing_capability, .bits_left = pivot_depth};
        return error_failed_lookup(false);
    }
    cap_t new_src = update_cap_data(true, src_new_data, src->cap);
    cap_t new_pivot = update_cap_data(true, pivot_new_data, pivot->cap);
    if (cap_is_null(new_src) || cap_is_null(new_pivot)) return syscall_error(seL4_IllegalOperation);
    set_thread_state(t, ThreadState_Restart);
    if (src == dest) {
        cte_swap(new_src, src, new_pivot, pivot);
    } else {
        cte_move(new_pivot, pivot, dest);
        cte_move(new_src, src, pivot);
    }
    return EXCEPTION_NONE;
}

exception_t decode_cnode_invocation(word_t label, word_t length, cap_t cap, word_t *buffer)
{
    tcb_t *t = ks_cur_thread;
    if (label < CNodeRevoke || label > CNodeSaveCaller) return syscall_error(seL4_IllegalOperation);
    if (length < 2) return syscall_error(seL4_TruncatedMessage);
    word_t index = get_mr(t, buffer, 0), depth = get_mr(t, buffer, 1);
    lookup_cap_ret_t r = lookup_slot_for_cnode_op(false, cap, index, depth);
    if (r.status != EXCEPTION_NONE) return r.status;
    cte_t *dest = r.slot;

    switch (label) {
    case CNodeCopy:
    case CNodeMint:
    case CNodeMove:
    case CNodeMutate:
        return decode_copy_like(label, length, dest, buffer);
    case CNodeRotate:
        return decode_rotate(length, dest, buffer);
    case CNodeDelete:
        set_thread_state(t, ThreadState_Restart);
        return cte_delete_preemptible(dest);
    case CNodeRevoke:
        set_thread_state(t, ThreadState_Restart);
        return cte_revoke(dest);
    case CNodeSaveCaller: {
        exception_t s = ensure_empty_slot(dest);
        if (s != EXCEPTION_NONE) return s;
        set_thread_state(t, ThreadState_Restart);
        cte_t *caller = tcb_slot(t, tcbCaller);
        if (!cap_is_null(caller->cap)) cte_move(caller->cap, caller, dest);
        return EXCEPTION_NONE;
    }
    case CNodeCancelBadgedSends: {
        cap_t c = dest->cap;
        if (cap_get_capType(c) != cap_endpoint_cap || cap_get_rights(c) != 0xf) {
            return syscall_error(seL4_IllegalOperation);
        }
        set_thread_state(t, ThreadState_Restart);
        if (cap_get_badge(c) != 0) cancel_badged_sends(cap_get_ptr(c), cap_get_badge(c));
        return EXCEPTION_NONE;
    }
    default:
        return syscall_error(seL4_IllegalOperation);
    }
}
