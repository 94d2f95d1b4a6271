/* Host tests of capability-space addressing (kernel/src/kernel/cspace.c): guards, radix,
 * multi-level walks and the lookup failures seL4 reports. */
#include "host_test.h"
#include <string.h>
#include <kernel/cspace.h>
#include <api/types.h>
#include <sel4/constants.h>

syscall_error_t current_syscall_error;
lookup_fault_t current_lookup_fault;
fault_t current_fault;

static cte_t *new_cnode(unsigned radix)
{
    cte_t *c = aligned_alloc(sizeof(cte_t) << radix, sizeof(cte_t) << radix);
    assert_non_null(c);
    memset(c, 0, sizeof(cte_t) << radix);
    return c;
}

static cap_t cnode_cap(cte_t *c, unsigned radix, unsigned guard_size, word_t guard)
{
    cap_t cap = cap_set_ptr(cap_new(cap_cnode_cap), c);
    cap = cap_set_cnode_radix(cap, radix);
    cap = cap_set_cnode_guard_size(cap, guard_size);
    return cap_set_w1(cap, guard);
}

static void cap_pointer_roundtrip(void **state)
{
    (void)state;
    cte_t *c = new_cnode(4);
    cap_t cap = cnode_cap(c, 4, 60, 0);
    assert_ptr_equal(cap_get_ptr(cap), c);
    assert_int_equal(cap_get_cnode_radix(cap), 4);
    assert_int_equal(cap_get_cnode_guard_size(cap), 60);
    /* A kernel-window address survives the 44-bit packing too. */
    cap = cap_set_ptr(cap, (void *)0xFFFFFFC080001230ul);
    assert_int_equal((word_t)cap_get_ptr(cap), 0xFFFFFFC080001230ul);
    free(c);
}

static void root_cnode_slot_numbers(void **state)
{
    (void)state;
    cte_t *c = new_cnode(12);
    cap_t root = cnode_cap(c, 12, 52, 0);
    for (word_t slot = 0; slot < 4096; slot += 511) {
        resolve_ret_t r = resolve_address_bits(root, slot, 64);
        assert_int_equal(r.status, EXCEPTION_NONE);
        assert_ptr_equal(r.slot, &c[slot]);
        assert_int_equal(r.bits_remaining, 0);
    }
    free(c);
}

static void guard_mismatch_reported(void **state)
{
    (void)state;
    cte_t *c = new_cnode(12);
    cap_t root = cnode_cap(c, 12, 52, 0);
    resolve_ret_t r = resolve_address_bits(root, 0x1000, 64); /* bit 12 set: inside the guard */
    assert_int_equal(r.status, EXCEPTION_LOOKUP_FAULT);
    assert_int_equal(current_lookup_fault.type, seL4_GuardMismatch);
    assert_int_equal(current_lookup_fault.bits_left, 64);
    assert_int_equal(current_lookup_fault.bits_found_or_guard, 0);
    assert_int_equal(current_lookup_fault.guard_bits_found, 52);
    free(c);
}

static void depth_mismatch_reported(void **state)
{
    (void)state;
    cte_t *c = new_cnode(8);
    cap_t root = cnode_cap(c, 8, 0, 0);
    resolve_ret_t r = resolve_address_bits(root, 3, 4); /* 4 bits but the node needs 8 */
    assert_int_equal(r.status, EXCEPTION_LOOKUP_FAULT);
    assert_int_equal(current_lookup_fault.type, seL4_DepthMismatch);
    assert_int_equal(current_lookup_fault.bits_left, 4);
    assert_int_equal(current_lookup_fault.bits_found_or_guard, 8);
    free(c);
}

static void invalid_root_reported(void **state)
{
    (void)state;
    resolve_ret_t r = resolve_address_bits(cap_new(cap_endpoint_cap), 0, 64);
    assert_int_equal(r.status, EXCEPTION_LOOKUP_FAULT);
    assert_int_equal(current_lookup_fault.type, seL4_InvalidRoot);
}

static void two_level_walk(void **state)
{
    (void)state;
    /* Level 1: radix 4, guard 0 of 4 bits; slot 5 holds level 2: radix 8, guard 0b101 of 3. */
    cte_t *l1 = new_cnode(4), *l2 = new_cnode(8);
    cap_t root = cnode_cap(l1, 4, 4, 0);
    l1[5].cap = cnode_cap(l2, 8, 3, 5);
    word_t cptr = (0ul << 15) | (5ul << 11) | (5ul << 8) | 0x7f; /* 4+4+3+8 = 19 bits */
    resolve_ret_t r = resolve_address_bits(root, cptr, 19);
    assert_int_equal(r.status, EXCEPTION_NONE);
    assert_ptr_equal(r.slot, &l2[0x7f]);
    /* Stopping after level 1 at depth 8 gives the slot holding the level-2 cap. */
    r = resolve_address_bits(root, 5, 8);
    assert_int_equal(r.status, EXCEPTION_NONE);
    assert_ptr_equal(r.slot, &l1[5]);
    /* Wrong level-2 guard. */
    r = resolve_address_bits(root, (5ul << 11) | (4ul << 8), 19);
    assert_int_equal(r.status, EXCEPTION_LOOKUP_FAULT);
    assert_int_equal(current_lookup_fault.type, seL4_GuardMismatch);
    assert_int_equal(current_lookup_fault.bits_left, 11);
    assert_int_equal(current_lookup_fault.bits_found_or_guard, 5);
    free(l1);
    free(l2);
}

static void walk_stops_at_non_cnode(void **state)
{
    (void)state;
    cte_t *c = new_cnode(4);
    cap_t root = cnode_cap(c, 4, 0, 0);
    c[2].cap = cap_new(cap_endpoint_cap);
    resolve_ret_t r = resolve_address_bits(root, 0x2ff, 12);
    assert_int_equal(r.status, EXCEPTION_NONE);
    assert_ptr_equal(r.slot, &c[2]);
    assert_int_equal(r.bits_remaining, 8);
    free(c);
}

static void cnode_op_lookups(void **state)
{
    (void)state;
    cte_t *c = new_cnode(4);
    cap_t root = cnode_cap(c, 4, 0, 0);
    c[2].cap = cap_new(cap_endpoint_cap);
    lookup_cap_ret_t r = lookup_slot_for_cnode_op(false, root, 1, 0);
    assert_int_equal(r.status, EXCEPTION_SYSCALL_ERROR);
    assert_int_equal(current_syscall_error.type, seL4_RangeError);
    assert_int_equal(current_syscall_error.range_min, 1);
    assert_int_equal(current_syscall_error.range_max, 64);
    r = lookup_slot_for_cnode_op(true, root, 1, 65);
    assert_int_equal(current_syscall_error.type, seL4_RangeError);
    /* Bits left over at a non-CNode: depth mismatch with bits found 0. */
    r = lookup_slot_for_cnode_op(true, root, 0x2f, 8);
    assert_int_equal(r.status, EXCEPTION_SYSCALL_ERROR);
    assert_int_equal(current_syscall_error.type, seL4_FailedLookup);
    assert_true(current_syscall_error.failed_lookup_was_source);
    assert_int_equal(current_lookup_fault.type, seL4_DepthMismatch);
    assert_int_equal(current_lookup_fault.bits_left, 4);
    assert_int_equal(current_lookup_fault.bits_found_or_guard, 0);
    r = lookup_slot_for_cnode_op(false, cap_new(cap_thread_cap), 0, 4);
    assert_int_equal(current_syscall_error.type, seL4_FailedLookup);
    assert_int_equal(current_lookup_fault.type, seL4_InvalidRoot);
    r = lookup_slot_for_cnode_op(false, root, 3, 4);
    assert_int_equal(r.status, EXCEPTION_NONE);
    assert_ptr_equal(r.slot, &c[3]);
    free(c);
}

static void message_info_packing(void **state)
{
    (void)state;
    word_t w = word_from_message_info(message_info_new(0x12345, 5, 3, 120));
    assert_int_equal(w, (0x12345ul << 12) | (5 << 9) | (3 << 7) | 120);
    message_info_t m = message_info_from_word(w);
    assert_int_equal(m.label, 0x12345);
    assert_int_equal(m.caps_unwrapped, 5);
    assert_int_equal(m.extra_caps, 3);
    assert_int_equal(m.length, 120);
    /* Lengths above seL4_MsgMaxLength are clamped, as the kernel does on entry. */
    assert_int_equal(message_info_from_word(0x7f).length, seL4_MsgMaxLength);
    assert_int_equal(message_info_from_word(~0ul).label, (~0ul) >> 12);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(cap_pointer_roundtrip),   cmocka_unit_test(root_cnode_slot_numbers),
    cmocka_unit_test(guard_mismatch_reported), cmocka_unit_test(depth_mismatch_reported),
    cmocka_unit_test(invalid_root_reported),   cmocka_unit_test(two_level_walk),
    cmocka_unit_test(walk_stops_at_non_cnode), cmocka_unit_test(cnode_op_lookups),
    cmocka_unit_test(message_info_packing),
};

int main(void)
{
    return run_host_tests(tests);
}
