/* Capability-space addressing (seL4 resolveAddressBits and friends). */
#pragma once
#include <types.h>
#include <object/structures.h>
#include <api/failures.h>

typedef struct resolve_ret {
    exception_t status;
    cte_t *slot;
    word_t bits_remaining;
} resolve_ret_t;

typedef struct lookup_cap_ret {
    exception_t status;
    cap_t cap;
    cte_t *slot;
} lookup_cap_ret_t;

/* Walks `n_bits` of `cptr` from `node_cap`.  On failure fills current_lookup_fault. */
resolve_ret_t resolve_address_bits(cap_t node_cap, cptr_t cptr, word_t n_bits);
/* Syscall-style lookups at full word depth in the thread's CSpace. */
lookup_cap_ret_t lookup_cap_and_slot(tcb_t *thread, cptr_t cptr);
/* CNode-method lookups (index/depth arguments): RangeError or FailedLookup on failure. */
lookup_cap_ret_t lookup_slot_for_cnode_op(bool is_source, cap_t root, cptr_t cptr, word_t depth);
