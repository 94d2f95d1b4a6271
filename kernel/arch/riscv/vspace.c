/* Sv39 address spaces: frames, page tables, ASID pools and their invocations. */
#include <arch/vspace_ops.h>
#include <arch/machine.h>
#include <kernel/thread.h>
#include <kernel/cte.h>
#include <kernel/cspace.h>
#include <object/objecttype.h>
#include <lib/string.h>
#include <sel4/invocation.h>
#include <sel4/objecttype.h>
#include <sel4/constants.h>

pte_t kernel_root_pt[PT_ENTRIES] ALIGN(PAGE_SIZE);
static pte_t kernel_dev_pt[PT_ENTRIES] ALIGN(PAGE_SIZE); /* level 1 under KDEV_BASE */
static word_t kernel_dev_next;                           /* next free 2 MiB slot */
asid_pool_t *riscv_asid_table[BIT(ASID_HIGH_BITS)];

#define RIGHT_W BIT(0)
#define RIGHT_R BIT(1)
#define VM_ATTR_EXECUTE_NEVER BIT(0) /* seL4_RISCV_ExecuteNever */

/* ------------------------------------------------------------------ kernel mappings */

void copy_global_mappings(pte_t *root)
{
    for (word_t i = PT_ENTRIES / 2; i < PT_ENTRIES; i++)
        root[i] = kernel_root_pt[i];
}

void *map_kernel_device(paddr_t base, word_t size)
{
    const word_t mega = BIT(pt_level_bits(1));
    paddr_t start = base & ~(paddr_t)(mega - 1);
    word_t first = kernel_dev_next;
    for (paddr_t p = start; p < base + size; p += mega) {
        if (kernel_dev_next >= PT_ENTRIES) return NULL;
        kernel_dev_pt[kernel_dev_next++] = pte_leaf(p, PTE_R | PTE_W | PTE_G);
    }
    kernel_root_pt[PT_ENTRIES - 1] = pte_next(pptr_to_paddr_kernel_image(kernel_dev_pt));
    sfence_vma_all();
    return (void *)(KDEV_BASE + first * mega + (word_t)(base - start));
}

void set_vm_root_kernel(void)
{
    write_csr(satp, satp_value(pptr_to_paddr_kernel_image(kernel_root_pt), 0));
    sfence_vma_all();
}

/* ------------------------------------------------------------------ ASIDs */

static pte_t *find_vspace_for_asid(word_t asid)
{
    asid_pool_t *pool = riscv_asid_table[asid >> ASID_POOL_INDEX_BITS];
    if (!pool) return NULL;
    return (pte_t *)pool->array[asid & MASK(ASID_POOL_INDEX_BITS)];
}

static pte_t *pt_of(cap_t cap)
{
    return paddr_to_pptr((paddr_t)cap_get_pfn(cap) << PAGE_BITS);
}

void arch_switch_to_thread(tcb_t *t)
{
    cap_t root = tcb_slot(t, tcbVTable)->cap;
    if (t->state == ThreadState_IdleThreadState || !is_valid_vtable_root(root)) {
        set_vm_root_kernel();
        return;
    }
    word_t asid = cap_get_mapped_asid(root);
    pte_t *pt = pt_of(root);
    if (find_vspace_for_asid(asid) != pt) {
        set_vm_root_kernel();
        return;
    }
    write_csr(satp, satp_value(pptr_to_paddr(pt), asid));
}

/* ------------------------------------------------------------------ page-table walk */

typedef struct lookup_pt_slot_ret {
    pte_t *slot;
    word_t bits_left;
} lookup_pt_slot_ret_t;

static lookup_pt_slot_ret_t lookup_pt_slot(pte_t *root, vptr_t vaddr)
{
    unsigned level = 0;
    pte_t *pt = root;
    lookup_pt_slot_ret_t r = {.slot = &pt[pt_index(vaddr, 0)], .bits_left = pt_level_bits(0)};
    while (pte_valid(*r.slot) && !pte_is_leaf(*r.slot) && level < PT_LEVELS - 1) {
        level++;
        pt = paddr_to_pptr(pte_paddr(*r.slot));
        r.slot = &pt[pt_index(vaddr, level)];
        r.bits_left = pt_level_bits(level);
    }
    return r;
}

static void unmap_page(word_t size, word_t asid, vptr_t vaddr, paddr_t paddr)
{
    pte_t *root = find_vspace_for_asid(asid);
    if (!root) return;
    lookup_pt_slot_ret_t r = lookup_pt_slot(root, vaddr);
    if (r.bits_left != frame_size_bits(size)) return;
    if (!pte_valid(*r.slot) || !pte_is_leaf(*r.slot) || pte_paddr(*r.slot) != paddr) return;
    *r.slot = 0;
    sfence_vma_all();
}

static void unmap_page_table(word_t asid, vptr_t vaddr, pte_t *pt)
{
    pte_t *root = find_vspace_for_asid(asid);
    if (!root) return;
    /* Walk down until the entry that points at pt. */
    pte_t *cur = root;
    for (unsigned level = 0; level < PT_LEVELS - 1; level++) {
        pte_t *slot = &cur[pt_index(vaddr, level)];
        if (!pte_valid(*slot) || pte_is_leaf(*slot)) return;
        if (paddr_to_pptr(pte_paddr(*slot)) == pt) {
            *slot = 0;
            sfence_vma_all();
            return;
        }
        cur = paddr_to_pptr(pte_paddr(*slot));
    }
}

static void delete_asid(word_t asid, pte_t *root)
{
    asid_pool_t *pool = riscv_asid_table[asid >> ASID_POOL_INDEX_BITS];
    if (pool && (pte_t *)pool->array[asid & MASK(ASID_POOL_INDEX_BITS)] == root) {
        pool->array[asid & MASK(ASID_POOL_INDEX_BITS)] = NULL;
        sfence_vma_all();
        arch_switch_to_thread(ks_cur_thread);
    }
}

static void delete_asid_pool(word_t base, asid_pool_t *pool)
{
    if (riscv_asid_table[base >> ASID_POOL_INDEX_BITS] == pool) {
        riscv_asid_table[base >> ASID_POOL_INDEX_BITS] = NULL;
        sfence_vma_all();
        arch_switch_to_thread(ks_cur_thread);
    }
}

void arch_finalise_cap(cap_t cap, bool final)
{
    switch (cap_get_capType(cap)) {
    case cap_frame_cap:
        /* Each frame cap carries at most one mapping; it goes with the cap. */
        if (cap_get_mapped_asid(cap)) {
            unmap_page(cap_get_frame_size(cap), cap_get_mapped_asid(cap), cap_get_mapped_vaddr(cap),
                       cap_get_frame_paddr(cap));
        }
        break;
    case cap_page_table_cap:
        if (final && cap_get_pt_is_mapped(cap)) {
            word_t asid = cap_get_mapped_asid(cap);
            pte_t *pt = pt_of(cap);
            if (find_vspace_for_asid(asid) == pt)
                delete_asid(asid, pt);
            else
                unmap_page_table(asid, cap_get_mapped_vaddr(cap), pt);
        }
        break;
    case cap_asid_pool_cap:
        if (final) delete_asid_pool(cap_get_asid_base(cap), cap_get_ptr(cap));
        break;
    default:
        break;
    }
}

/* ------------------------------------------------------------------ objects */

bool arch_is_frame_type(word_t type)
{
    return type == seL4_RISCV_4K_Page || type == seL4_RISCV_Mega_Page ||
           type == seL4_RISCV_Giga_Page;
}

static word_t frame_size_of_type(word_t type)
{
    return type == seL4_RISCV_Giga_Page ? 2 : type == seL4_RISCV_Mega_Page ? 1 : 0;
}

word_t arch_object_size_bits(word_t type)
{
    if (arch_is_frame_type(type)) return frame_size_bits(frame_size_of_type(type));
    return seL4_PageTableBits; /* page table */
}

cap_t arch_create_object(word_t type, void *region, bool device)
{
    paddr_t pa = pptr_to_paddr(region);
    if (arch_is_frame_type(type)) {
        word_t size = frame_size_of_type(type);
        if (!device) kmemset(region, 0, BIT(frame_size_bits(size)));
        cap_t c = cap_set_frame_size(cap_new(cap_frame_cap), size);
        c = cap_set_frame_vm_rights(c, VMReadWrite);
        c = cap_set_frame_is_device(c, device);
        return cap_set_pfn(c, pa >> PAGE_BITS);
    }
    kmemset(region, 0, PAGE_SIZE);
    return cap_set_pfn(cap_new(cap_page_table_cap), pa >> PAGE_BITS);
}

void arch_init_user_context(tcb_t *t)
{
    t->regs[REG_SSTATUS] = SSTATUS_SPIE; /* U-mode, interrupts enabled after sret */
}

/* ------------------------------------------------------------------ invocations */

static pte_t make_user_pte(paddr_t pa, bool executable, word_t vm)
{
    if (vm == VMKernelOnly && !executable) return 0;
    word_t perms = PTE_U | (executable ? PTE_X : 0);
    if (vm == VMReadOnly || vm == VMReadWrite) perms |= PTE_R;
    if (vm == VMReadWrite) perms |= PTE_W;
    return pte_leaf(pa, perms);
}

/* Checks that cap names an ASID-assigned VSpace root; sets the error otherwise. */
static exception_t get_vspace_root(cap_t vcap, pte_t **root, word_t *asid)
{
    if (cap_get_capType(vcap) != cap_page_table_cap || !cap_get_pt_is_mapped(vcap))
        return error_invalid_cap(1);
    *asid = cap_get_mapped_asid(vcap);
    pte_t *found = find_vspace_for_asid(*asid);
    if (!found) {
        current_lookup_fault = (lookup_fault_t){.type = lookup_fault_invalid_root};
        return error_failed_lookup(false);
    }
    if (found != pt_of(vcap)) return error_invalid_cap(1);
    *root = found;
    return EXCEPTION_NONE;
}

static exception_t decode_frame(word_t label, word_t length, cte_t *slot, cap_t cap, bool call,
                                word_t *buffer)
{
    tcb_t *t = ks_cur_thread;
    switch (label) {
    case RISCVPageMap: {
        if (length < 3 || !current_extra_caps[0]) return syscall_error(seL4_TruncatedMessage);
        word_t vaddr = get_mr(t, buffer, 0), rights = get_mr(t, buffer, 1),
               attr = get_mr(t, buffer, 2);
        pte_t *root;
        word_t asid;
        exception_t s = get_vspace_root(current_extra_caps[0]->cap, &root, &asid);
        if (s != EXCEPTION_NONE) return s;
        word_t size = cap_get_frame_size(cap);
        word_t bits = frame_size_bits(size);
        if (vaddr >= USER_TOP || vaddr + BIT(bits) - 1 >= USER_TOP)
            return error_invalid_argument(0);
        if (!IS_ALIGNED(vaddr, bits)) return syscall_error(seL4_AlignmentError);
        lookup_pt_slot_ret_t r = lookup_pt_slot(root, vaddr);
        if (r.bits_left != bits) {
            current_lookup_fault =
                (lookup_fault_t){.type = lookup_fault_missing_capability, .bits_left = r.bits_left};
            return error_failed_lookup(false);
        }
        word_t mapped_asid = cap_get_mapped_asid(cap);
        if (mapped_asid) {
            if (mapped_asid != asid) return error_invalid_cap(1);
            if (cap_get_mapped_vaddr(cap) != vaddr) return error_invalid_argument(0);
            if (pte_valid(*r.slot) && !pte_is_leaf(*r.slot)) return syscall_error(seL4_DeleteFirst);
        } else if (pte_valid(*r.slot)) {
            return syscall_error(seL4_DeleteFirst);
        }
        word_t vm = mask_vm_rights(cap_get_frame_vm_rights(cap), rights);
        set_thread_state(t, ThreadState_Restart);
        slot->cap = cap_set_w1(cap_set_mapped_asid(cap, asid), vaddr);
        *r.slot = make_user_pte(cap_get_frame_paddr(cap), !(attr & VM_ATTR_EXECUTE_NEVER), vm);
        sfence_vma_all();
        return EXCEPTION_NONE;
    }
    case RISCVPageUnmap:
        set_thread_state(t, ThreadState_Restart);
        if (cap_get_mapped_asid(cap)) {
            unmap_page(cap_get_frame_size(cap), cap_get_mapped_asid(cap), cap_get_mapped_vaddr(cap),
                       cap_get_frame_paddr(cap));
        }
        slot->cap = cap_set_w1(cap_set_mapped_asid(cap, 0), 0);
        return EXCEPTION_NONE;
    case RISCVPageGetAddress:
        if (call) {
            set_mr(t, lookup_ipc_buffer(true, t), 0, (word_t)cap_get_frame_paddr(cap));
            set_message_info_reply(t, 1);
            set_thread_state(t, ThreadState_Running);
        } else {
            set_thread_state(t, ThreadState_Restart);
        }
        return EXCEPTION_NONE;
    default:
        return syscall_error(seL4_IllegalOperation);
    }
}

static exception_t decode_page_table(word_t label, word_t length, cte_t *slot, cap_t cap,
                                     word_t *buffer)
{
    tcb_t *t = ks_cur_thread;
    switch (label) {
    case RISCVPageTableMap: {
        if (length < 2 || !current_extra_caps[0]) return syscall_error(seL4_TruncatedMessage);
        if (cap_get_pt_is_mapped(cap)) return error_invalid_cap(0);
        word_t vaddr = get_mr(t, buffer, 0);
        cap_t vcap = current_extra_caps[0]->cap;
        if (cap_get_capType(vcap) != cap_page_table_cap || !cap_get_pt_is_mapped(vcap))
            return error_invalid_cap(1);
        if (vaddr >= USER_TOP) return error_invalid_argument(0);
        pte_t *root;
        word_t asid;
        exception_t s = get_vspace_root(vcap, &root, &asid);
        if (s != EXCEPTION_NONE) return s;
        lookup_pt_slot_ret_t r = lookup_pt_slot(root, vaddr);
        if (r.bits_left == PAGE_BITS || pte_valid(*r.slot)) return syscall_error(seL4_DeleteFirst);
        set_thread_state(t, ThreadState_Restart);
        cap = cap_set_pt_is_mapped(cap, 1);
        cap = cap_set_mapped_asid(cap, asid);
        slot->cap = cap_set_w1(cap, vaddr & ~MASK(r.bits_left));
        *r.slot = pte_next((paddr_t)cap_get_pfn(cap) << PAGE_BITS);
        sfence_vma_all();
        return EXCEPTION_NONE;
    }
    case RISCVPageTableUnmap: {
        if (!is_final_capability(slot)) return syscall_error(seL4_RevokeFirst);
        pte_t *pt = pt_of(cap);
        if (cap_get_pt_is_mapped(cap) && find_vspace_for_asid(cap_get_mapped_asid(cap)) == pt) {
            return syscall_error(seL4_RevokeFirst);
        }
        set_thread_state(t, ThreadState_Restart);
        if (cap_get_pt_is_mapped(cap)) {
            unmap_page_table(cap_get_mapped_asid(cap), cap_get_mapped_vaddr(cap), pt);
            kmemset(pt, 0, PAGE_SIZE);
        }
        slot->cap = cap_set_w1(cap_set_mapped_asid(cap_set_pt_is_mapped(cap, 0), 0), 0);
        return EXCEPTION_NONE;
    }
    default:
        return syscall_error(seL4_IllegalOperation);
    }
}

static exception_t decode_asid_control(word_t label, word_t length, word_t *buffer)
{
    tcb_t *t = ks_cur_thread;
    if (label != RISCVASIDControlMakePool) return syscall_error(seL4_IllegalOperation);
    if (length < 2 || !current_extra_caps[0] || !current_extra_caps[1])
        return syscall_error(seL4_TruncatedMessage);
    word_t index = get_mr(t, buffer, 0), depth = get_mr(t, buffer, 1);
    cte_t *ut_slot = current_extra_caps[0];
    cap_t ut = ut_slot->cap;
    word_t i;
    for (i = 0; i < BIT(ASID_HIGH_BITS) && riscv_asid_table[i]; i++) {
    }
    if (i == BIT(ASID_HIGH_BITS)) return syscall_error(seL4_DeleteFirst);
    if (cap_get_capType(ut) != cap_untyped_cap ||
        cap_get_untyped_size_bits(ut) != seL4_ASIDPoolBits || cap_get_untyped_is_device(ut)) {
        return error_invalid_cap(1);
    }
    exception_t s = ensure_no_children(ut_slot);
    if (s != EXCEPTION_NONE) return s;
    lookup_cap_ret_t r = lookup_slot_for_cnode_op(false, current_extra_caps[1]->cap, index, depth);
    if (r.status != EXCEPTION_NONE) return r.status;
    s = ensure_empty_slot(r.slot);
    if (s != EXCEPTION_NONE) return s;
    set_thread_state(t, ThreadState_Restart);
    asid_pool_t *pool = cap_get_ptr(ut);
    ut_slot->cap = cap_set_w1(ut, BIT(seL4_ASIDPoolBits));
    kmemset(pool, 0, sizeof(*pool));
    cap_t pc = cap_set_ptr(cap_new(cap_asid_pool_cap), pool);
    cte_insert_new(ut_slot, r.slot, cap_set_w1(pc, i << ASID_POOL_INDEX_BITS));
    riscv_asid_table[i] = pool;
    return EXCEPTION_NONE;
}

static exception_t decode_asid_pool(word_t label, cap_t cap)
{
    tcb_t *t = ks_cur_thread;
    if (label != RISCVASIDPoolAssign) return syscall_error(seL4_IllegalOperation);
    if (!current_extra_caps[0]) return syscall_error(seL4_TruncatedMessage);
    cte_t *vslot = current_extra_caps[0];
    cap_t vcap = vslot->cap;
    if (cap_get_capType(vcap) != cap_page_table_cap || cap_get_pt_is_mapped(vcap))
        return error_invalid_cap(1);
    word_t base = cap_get_asid_base(cap);
    asid_pool_t *pool = riscv_asid_table[base >> ASID_POOL_INDEX_BITS];
    if (!pool) {
        current_lookup_fault = (lookup_fault_t){.type = lookup_fault_invalid_root};
        return error_failed_lookup(false);
    }
    if (pool != cap_get_ptr(cap)) return error_invalid_cap(0);
    word_t i;
    for (i = (base == 0 ? 1 : 0); i < BIT(ASID_POOL_INDEX_BITS) && pool->array[i]; i++) {
    }
    if (i == BIT(ASID_POOL_INDEX_BITS)) return syscall_error(seL4_DeleteFirst);
    set_thread_state(t, ThreadState_Restart);
    pte_t *root = pt_of(vcap);
    copy_global_mappings(root);
    pool->array[i] = (word_t *)root;
    vcap = cap_set_pt_is_mapped(vcap, 1);
    vslot->cap = cap_set_w1(cap_set_mapped_asid(vcap, base + i), 0);
    return EXCEPTION_NONE;
}

exception_t decode_arch_invocation(word_t label, word_t length, cte_t *slot, cap_t cap, bool call,
                                   word_t *buffer)
{
    switch (cap_get_capType(cap)) {
    case cap_frame_cap:
        return decode_frame(label, length, slot, cap, call, buffer);
    case cap_page_table_cap:
        return decode_page_table(label, length, slot, cap, buffer);
    case cap_asid_control_cap:
        return decode_asid_control(label, length, buffer);
    case cap_asid_pool_cap:
        return decode_asid_pool(label, cap);
    default:
        return syscall_error(seL4_IllegalOperation);
    }
}
