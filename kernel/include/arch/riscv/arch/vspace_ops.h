/* Architecture hooks used by the generic kernel: address spaces and arch objects. */
#pragma once
#include <object/structures.h>
#include <api/failures.h>
#include <arch/vspace.h>

static inline word_t frame_size_bits(word_t size)
{
    return PAGE_BITS + PT_INDEX_BITS * size;
}

/* A frame cap's VM rights after masking with a seL4_CapRights word (Write 1, Read 2). */
static inline word_t mask_vm_rights(word_t vm, word_t mask)
{
    if (vm == VMReadOnly && (mask & 2)) return VMReadOnly;
    if (vm == VMReadWrite && (mask & 2)) return (mask & 1) ? VMReadWrite : VMReadOnly;
    return VMKernelOnly;
}

static inline bool is_valid_vtable_root(cap_t cap)
{
    return cap_get_capType(cap) == cap_page_table_cap && cap_get_pt_is_mapped(cap);
}
void arch_finalise_cap(cap_t cap, bool final);
word_t arch_object_size_bits(word_t type);
cap_t arch_create_object(word_t type, void *region, bool device);
bool arch_is_frame_type(word_t type);
void arch_switch_to_thread(tcb_t *t);
void arch_init_idle_thread(tcb_t *t);
void arch_init_user_context(tcb_t *t);
exception_t decode_arch_invocation(word_t label, word_t length, cte_t *slot, cap_t cap, bool call,
                                   word_t *buffer);

/* Kernel address space set-up (boot) and helpers the boot code shares. */
extern pte_t kernel_root_pt[PT_ENTRIES];
void copy_global_mappings(pte_t *root);
void *map_kernel_device(paddr_t base, word_t size);
void set_vm_root_kernel(void);

extern asid_pool_t *riscv_asid_table[BIT(ASID_HIGH_BITS)];
