/* CNode-slot operations over the capability derivation tree (CDT). */
#pragma once
#include <object/structures.h>
#include <api/failures.h>

void cte_insert(cap_t new_cap, cte_t *src, cte_t *dest);
void cte_insert_new(cte_t *parent, cte_t *dest, cap_t cap); /* a freshly created object */
void cte_move(cap_t new_cap, cte_t *src, cte_t *dest);
void cte_swap(cap_t cap1, cte_t *slot1, cap_t cap2, cte_t *slot2);
/* Deletes the cap in `slot`, finalising the object if this was its last cap. */
exception_t cte_delete(cte_t *slot);
/* As cte_delete, but may stop with EXCEPTION_PREEMPTED when an interrupt is pending. */
exception_t cte_delete_preemptible(cte_t *slot);
/* Deletes a cap whose finalisation never needs recursion (reply, endpoint, frame, ...). */
void cte_delete_one(cte_t *slot);
exception_t cte_revoke(cte_t *slot);
void empty_slot(cte_t *slot);
bool is_final_capability(const cte_t *slot);
bool is_mdb_parent_of(const cte_t *a, const cte_t *b);
exception_t ensure_no_children(const cte_t *slot);
exception_t ensure_empty_slot(const cte_t *slot);
