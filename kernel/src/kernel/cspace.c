/* Capability-space addressing.  Pure logic over CNode memory; unit-tested on the host. */
#include <kernel/cspace.h>

static inline word_t low_bits(word_t v, word_t bits)
{
    return bits >= WORD_BITS ? v : v & MASK(bits);
}
/* v >> s, defined for s == WORD_BITS. */
static inline word_t shr(word_t v, word_t s)
{
    return s >= WORD_BITS ? 0 : v >> s;
}

resolve_ret_t resolve_address_bits(cap_t node_cap, cptr_t cptr, word_t n_bits)
{
    resolve_ret_t ret = {.status = EXCEPTION_NONE, .slot = NULL, .bits_remaining = n_bits};

    if (cap_get_capType(node_cap) != cap_cnode_cap) {
        current_lookup_fault = (lookup_fault_t){.type = lookup_fault_invalid_root};
        ret.status = EXCEPTION_LOOKUP_FAULT;
        return ret;
    }
    for (;;) {
        word_t radix = cap_get_cnode_radix(node_cap);
        word_t guard_size = cap_get_cnode_guard_size(node_cap);
        word_t level_bits = radix + guard_size;
        word_t guard = cap_get_guard(node_cap);

        word_t found_guard =
            guard_size == 0 ? 0 : low_bits(shr(cptr, n_bits - guard_size), guard_size);
        if (guard_size > n_bits || found_guard != guard) {
            current_lookup_fault = (lookup_fault_t){.type = lookup_fault_guard_mismatch,
                                                    .bits_left = n_bits,
                                                    .bits_found_or_guard = guard,
                                                    .guard_bits_found = guard_size};
            ret.status = EXCEPTION_LOOKUP_FAULT;
            return ret;
        }
        if (level_bits > n_bits || level_bits == 0) {
            current_lookup_fault = (lookup_fault_t){.type = lookup_fault_depth_mismatch,
                                                    .bits_left = n_bits,
                                                    .bits_found_or_guard = level_bits};
            ret.status = EXCEPTION_LOOKUP_FAULT;
            return ret;
        }
        word_t offset = low_bits(shr(cptr, n_bits - level_bits), radix);
        cte_t *slot = (cte_t *)cap_get_ptr(node_cap) + offset;
        if (n_bits == level_bits) {
            ret.slot = slot;
            ret.bits_remaining = 0;
            return ret;
        }
        n_bits -= level_bits;
        if (cap_get_capType(slot->cap) != cap_cnode_cap) {
            ret.slot = slot;
            ret.bits_remaining = n_bits;
            return ret;
        }
        node_cap = slot->cap;
    }
}

lookup_cap_ret_t lookup_cap_and_slot(tcb_t *thread, cptr_t cptr)
{
    lookup_cap_ret_t ret = {.status = EXCEPTION_NONE, .cap = cap_null(), .slot = NULL};
    resolve_ret_t r = resolve_address_bits(tcb_slot(thread, tcbCTable)->cap, cptr, WORD_BITS);
    if (r.status != EXCEPTION_NONE) {
        ret.status = r.status;
        return ret;
    }
    ret.slot = r.slot;
    ret.cap = r.slot->cap;
    return ret;
}

lookup_cap_ret_t lookup_slot_for_cnode_op(bool is_source, cap_t root, cptr_t cptr, word_t depth)
{
    lookup_cap_ret_t ret = {.status = EXCEPTION_NONE, .cap = cap_null(), .slot = NULL};

    if (cap_get_capType(root) != cap_cnode_cap) {
        current_lookup_fault = (lookup_fault_t){.type = lookup_fault_invalid_root};
        ret.status = error_failed_lookup(is_source);
        return ret;
    }
    if (depth < 1 || depth > WORD_BITS) {
        ret.status = error_range(1, WORD_BITS);
        return ret;
    }
    resolve_ret_t r = resolve_address_bits(root, cptr, depth);
    if (r.status != EXCEPTION_NONE) {
        ret.status = error_failed_lookup(is_source);
        return ret;
    }
    if (r.bits_remaining != 0) {
        current_lookup_fault = (lookup_fault_t){.type = lookup_fault_depth_mismatch,
                                                .bits_left = r.bits_remaining,
                                                .bits_found_or_guard = 0};
        ret.status = error_failed_lookup(is_source);
        return ret;
    }
    ret.slot = r.slot;
    ret.cap = r.slot->cap;
    return ret;
}
