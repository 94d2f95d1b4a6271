/* Operations that depend on a capability's type. */
#pragma once
#include <object/structures.h>
#include <api/failures.h>

typedef struct derive_cap_ret {
    exception_t status;
    cap_t cap;
} derive_cap_ret_t;

typedef struct finalise_cap_ret {
    cap_t remainder;    /* a zombie when the object still holds capabilities to destroy */
    word_t cleanup_irq; /* IRQ to deactivate, or ~0 */
} finalise_cap_ret_t;

derive_cap_ret_t derive_cap(cte_t *slot, cap_t cap);
cap_t update_cap_data(bool preserve, word_t data, cap_t cap);
cap_t mask_cap_rights(word_t rights, cap_t cap);
bool same_region_as(cap_t a, cap_t b);
bool same_object_as(cap_t a, cap_t b);
bool is_cap_revocable(cap_t derived, cap_t src);
finalise_cap_ret_t finalise_cap(cap_t cap, bool final);
word_t object_size_bits(word_t type, word_t user_size);
cap_t create_object(word_t type, void *region, word_t user_size, bool device);
bool cap_has_rights_write(cap_t c);
/* The zombie's slots: CNode slots or a TCB's internal slots. */
cte_t *zombie_slots(cap_t z, word_t *count);
