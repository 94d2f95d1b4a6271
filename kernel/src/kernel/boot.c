/* Root-server creation from BootInfo-style accounting: everything the first thread owns
 * (CNode, VSpace, TCB, IPC buffer, BootInfo, image frames) is carved from free RAM at boot,
 * and what remains becomes Untyped capabilities.  After this there is no kernel allocator. */
#include <kernel/boot.h>
#include <kernel/thread.h>
#include <kernel/cte.h>
#include <object/structures.h>
#include <object/objecttype.h>
#include <object/tcb.h>
#include <arch/vspace.h>
#include <arch/vspace_ops.h>
#include <machine/console.h>
#include <lib/elf.h>
#include <lib/string.h>
#include <sel4/bootinfo_types.h>
#include <sel4/constants.h>
#include <config.h>

/* ------------------------------------------------------------------ region lists */

void region_list_remove(region_list_t *l, paddr_t s, paddr_t e)
{
    for (unsigned i = 0; i < l->n; i++) {
        phys_region_t *r = &l->r[i];
        if (e <= r->start || s >= r->end) continue;
        if (s <= r->start && e >= r->end) { /* whole region goes */
            for (unsigned j = i; j + 1 < l->n; j++)
                l->r[j] = l->r[j + 1];
            l->n--;
            i--;
        } else if (s <= r->start) {
            r->start = e;
        } else if (e >= r->end) {
            r->end = s;
        } else { /* split */
            if (l->n == MAX_BOOT_REGIONS) panic("too many boot memory regions");
            for (unsigned j = l->n; j > i + 1; j--)
                l->r[j] = l->r[j - 1];
            l->r[i + 1] = (phys_region_t){e, r->end};
            r->end = s;
            l->n++;
            i++;
        }
    }
}

void region_list_add(region_list_t *l, paddr_t s, paddr_t e)
{
    if (s >= e) return;
    region_list_remove(l, s, e); /* no overlaps */
    unsigned i = 0;
    while (i < l->n && l->r[i].start < s)
        i++;
    if (l->n == MAX_BOOT_REGIONS) panic("too many boot memory regions");
    for (unsigned j = l->n; j > i; j--)
        l->r[j] = l->r[j - 1];
    l->r[i] = (phys_region_t){s, e};
    l->n++;
    /* merge neighbours */
    for (unsigned j = 0; j + 1 < l->n;) {
        if (l->r[j].end == l->r[j + 1].start) {
            l->r[j].end = l->r[j + 1].end;
            for (unsigned k = j + 1; k + 1 < l->n; k++)
                l->r[k] = l->r[k + 1];
            l->n--;
        } else {
            j++;
        }
    }
}

static region_list_t *boot_free;

/* First fit, naturally aligned; memory is zeroed.  Returns 0 when nothing fits. */
static paddr_t boot_alloc(word_t bits)
{
    for (unsigned i = 0; i < boot_free->n; i++) {
        paddr_t a = (boot_free->r[i].start + MASK(bits)) & ~(paddr_t)MASK(bits);
        if (a + BIT(bits) <= boot_free->r[i].end && a >= boot_free->r[i].start) {
            region_list_remove(boot_free, a, a + BIT(bits));
            kmemset(paddr_to_pptr(a), 0, BIT(bits));
            return a;
        }
    }
    return 0;
}

/* ------------------------------------------------------------------ root server */

static cte_t *root_cnode;
static word_t next_slot = seL4_NumInitialCaps;
static seL4_BootInfo *bootinfo;

static void provide_cap(word_t slot, cap_t cap)
{
    root_cnode[slot].cap = cap;
    root_cnode[slot].mdb = (mdb_node_t){0, 0};
    mdb_set_flags(&root_cnode[slot], true, true);
}

static word_t provide_dynamic(cap_t cap)
{
    if (next_slot >= BIT(CONFIG_ROOT_CNODE_SIZE_BITS)) return 0;
    provide_cap(next_slot, cap);
    return next_slot++;
}

static cap_t frame_cap(paddr_t pa, word_t size, bool device, word_t asid, vptr_t vaddr)
{
    cap_t c = cap_set_frame_size(cap_new(cap_frame_cap), size);
    c = cap_set_frame_vm_rights(c, VMReadWrite);
    c = cap_set_frame_is_device(c, device);
    c = cap_set_pfn(c, pa >> PAGE_BITS);
    c = cap_set_mapped_asid(c, asid);
    return cap_set_w1(c, vaddr);
}

static cap_t pt_cap(paddr_t pa, word_t asid, vptr_t vaddr)
{
    cap_t c = cap_set_pfn(cap_new(cap_page_table_cap), pa >> PAGE_BITS);
    c = cap_set_pt_is_mapped(c, 1);
    c = cap_set_mapped_asid(c, asid);
    return cap_set_w1(c, vaddr);
}

#define IT_ASID 1

/* Makes sure page tables exist for [start, end) at `level` (1 = tables under the root). */
static bool create_pts_at_level(pte_t *root, vptr_t start, vptr_t end, unsigned level)
{
    word_t cover = BIT(pt_level_bits(level - 1)); /* span of one table at this level */
    for (vptr_t v = start & ~(cover - 1); v < end; v += cover) {
        pte_t *pt = root;
        for (unsigned l = 0; l < level - 1; l++)
            pt = paddr_to_pptr(pte_paddr(pt[pt_index(v, l)]));
        pte_t *e = &pt[pt_index(v, level - 1)];
        if (pte_valid(*e)) continue;
        paddr_t tbl = boot_alloc(seL4_PageTableBits);
        if (!tbl) return false;
        *e = pte_next(tbl);
        if (!provide_dynamic(pt_cap(tbl, IT_ASID, v))) return false;
    }
    return true;
}

static void map_it_frame(pte_t *root, vptr_t v, paddr_t pa, bool exec)
{
    pte_t *pt = root;
    for (unsigned l = 0; l < PT_LEVELS - 1; l++)
        pt = paddr_to_pptr(pte_paddr(pt[pt_index(v, l)]));
    pt[pt_index(v, PT_LEVELS - 1)] = pte_leaf(pa, PTE_U | PTE_R | PTE_W | (exec ? PTE_X : 0));
}

static void copy_image_page(const struct elf_image *elf, const void *img, vptr_t page, void *dst)
{
    unsigned n = elf_num_segments(elf);
    for (unsigned i = 0; i < n; i++) {
        struct elf_segment s;
        if (elf_get_segment(elf, i, &s) != ELF_OK) continue;
        uint64_t lo = MAX((uint64_t)page, s.vaddr),
                 hi = MIN((uint64_t)page + PAGE_SIZE, s.vaddr + s.filesz);
        if (lo < hi) {
            kmemcpy((char *)dst + (lo - page), (const char *)img + s.offset + (lo - s.vaddr),
                    (size_t)(hi - lo));
        }
    }
}

static bool add_untyped(paddr_t start, paddr_t end, bool device)
{
    while (start < end) {
        word_t align_bits = start ? ctzl((word_t)start) : seL4_MaxUntypedBits;
        word_t size_bits = WORD_BITS - 1 - clzl((word_t)(end - start));
        word_t bits = MIN(MIN(align_bits, size_bits), (word_t)seL4_MaxUntypedBits);
        if (bits >= seL4_MinUntypedBits) {
            word_t idx = next_slot - bootinfo->untyped.start;
            if (idx >= CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS) {
                kprintf("[kernel] warning: more than %d untypeds; memory from 0x%lx on is not "
                        "handed out\n",
                        CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS, (unsigned long)start);
                return false;
            }
            cap_t c = cap_set_ptr(cap_new(cap_untyped_cap), paddr_to_pptr(start));
            c = cap_set_untyped_size_bits(c, bits);
            c = cap_set_untyped_is_device(c, device);
            provide_dynamic(c);
            bootinfo->untypedList[idx] = (seL4_UntypedDesc){
                .paddr = start, .sizeBits = (seL4_Uint8)bits, .isDevice = device};
        }
        start += BIT(bits);
    }
    return true;
}

static paddr_t sum_untyped(bool device)
{
    paddr_t total = 0;
    for (word_t i = 0; i < bootinfo->untyped.end - bootinfo->untyped.start; i++) {
        if (bootinfo->untypedList[i].isDevice == device)
            total += BIT(bootinfo->untypedList[i].sizeBits);
    }
    return total;
}

bool create_rootserver(const boot_params_t *p)
{
    boot_free = p->free_ram;
    const void *img = p->rs_image;
    struct elf_image elf;
    int err = elf_open(&elf, img, p->rs_image_size, ELF_CLASS_64, EM_RISCV);
    if (err != ELF_OK) {
        kprintf("[kernel] root server image is not a valid riscv64 ELF: %s\n", elf_strerror(err));
        return false;
    }
    uint64_t lo, hi;
    elf_image_bounds(&elf, &lo, &hi);
    vptr_t ui_start = ROUND_DOWN((vptr_t)lo, PAGE_BITS), ui_end = ROUND_UP((vptr_t)hi, PAGE_BITS);
    vptr_t ipcbuf_v = ui_end, bootinfo_v = ui_end + PAGE_SIZE, extra_v = ui_end + 2 * PAGE_SIZE;
    word_t dtb_size = p->dtb ? p->plat->dtb_size : 0;
    word_t extra_len = p->dtb ? ROUND_UP(sizeof(seL4_BootInfoHeader) + dtb_size, PAGE_BITS) : 0;
    vptr_t it_end = extra_v + extra_len;
    if (it_end >= USER_TOP || ui_start == 0) {
        kprintf("[kernel] root server image at [0x%lx, 0x%lx) does not fit in user space\n",
                (unsigned long)ui_start, (unsigned long)ui_end);
        return false;
    }

    /* Root CNode, VSpace, ASID pool, TCB, IPC buffer, BootInfo. */
    paddr_t cnode_pa = boot_alloc(CONFIG_ROOT_CNODE_SIZE_BITS + seL4_SlotBits);
    paddr_t vspace_pa = boot_alloc(seL4_PageTableBits);
    paddr_t pool_pa = boot_alloc(seL4_ASIDPoolBits);
    paddr_t tcb_pa = boot_alloc(seL4_TCBBits);
    paddr_t ipcbuf_pa = boot_alloc(PAGE_BITS);
    paddr_t bi_pa = boot_alloc(PAGE_BITS);
    if (!cnode_pa || !vspace_pa || !pool_pa || !tcb_pa || !ipcbuf_pa || !bi_pa) goto oom;
    root_cnode = paddr_to_pptr(cnode_pa);
    bootinfo = paddr_to_pptr(bi_pa);
    pte_t *root = paddr_to_pptr(vspace_pa);
    copy_global_mappings(root);

    cap_t cnode_cap = cap_set_ptr(cap_new(cap_cnode_cap), root_cnode);
    cnode_cap = cap_set_cnode_radix(cnode_cap, CONFIG_ROOT_CNODE_SIZE_BITS);
    cnode_cap = cap_set_cnode_guard_size(cnode_cap, WORD_BITS - CONFIG_ROOT_CNODE_SIZE_BITS);
    provide_cap(seL4_CapInitThreadCNode, cnode_cap);
    provide_cap(seL4_CapInitThreadVSpace, pt_cap(vspace_pa, IT_ASID, 0));
    provide_cap(seL4_CapIRQControl, cap_new(cap_irq_control_cap));
    provide_cap(seL4_CapASIDControl, cap_new(cap_asid_control_cap));
    asid_pool_t *pool = paddr_to_pptr(pool_pa);
    provide_cap(seL4_CapInitThreadASIDPool,
                cap_set_w1(cap_set_ptr(cap_new(cap_asid_pool_cap), pool), 0));
    provide_cap(seL4_CapDomain, cap_new(cap_domain_cap));
    riscv_asid_table[0] = pool;
    pool->array[IT_ASID] = (word_t *)root;

    /* Paging structures for the whole initial region, 1 GiB-coverage tables first. */
    bootinfo->userImagePaging.start = next_slot;
    for (unsigned level = 1; level < PT_LEVELS; level++) {
        if (!create_pts_at_level(root, ui_start, it_end, level)) goto oom;
    }
    bootinfo->userImagePaging.end = next_slot;

    /* IPC buffer and BootInfo frames (not executable). */
    map_it_frame(root, ipcbuf_v, ipcbuf_pa, false);
    map_it_frame(root, bootinfo_v, bi_pa, false);
    provide_cap(seL4_CapBootInfoFrame, frame_cap(bi_pa, 0, false, IT_ASID, bootinfo_v));
    provide_cap(seL4_CapInitThreadIPCBuffer, frame_cap(ipcbuf_pa, 0, false, IT_ASID, ipcbuf_v));

    /* Extra BootInfo: the device tree, behind a seL4_BootInfoHeader. */
    bootinfo->extraBIPages.start = next_slot;
    for (word_t off = 0; off < extra_len; off += PAGE_SIZE) {
        paddr_t pa = boot_alloc(PAGE_BITS);
        if (!pa) goto oom;
        map_it_frame(root, extra_v + off, pa, true);
        if (!provide_dynamic(frame_cap(pa, 0, false, IT_ASID, extra_v + off))) goto oom;
        char *dst = paddr_to_pptr(pa);
        word_t copied = 0;
        if (off == 0) {
            seL4_BootInfoHeader h = {.id = SEL4_BOOTINFO_HEADER_FDT, .len = extra_len};
            kmemcpy(dst, &h, sizeof(h));
            copied = sizeof(h);
        }
        /* DTB byte at index i lands at extra offset sizeof(header) + i. */
        word_t dtb_from = off + copied - sizeof(seL4_BootInfoHeader);
        if (dtb_from < dtb_size) {
            kmemcpy(dst + copied, (const char *)p->dtb + dtb_from,
                    MIN(PAGE_SIZE - copied, dtb_size - dtb_from));
        }
    }
    bootinfo->extraBIPages.end = next_slot;

    /* The image itself, page by page, in address order. */
    bootinfo->userImageFrames.start = next_slot;
    for (vptr_t v = ui_start; v < ui_end; v += PAGE_SIZE) {
        paddr_t pa = boot_alloc(PAGE_BITS);
        if (!pa) goto oom;
        copy_image_page(&elf, img, v, paddr_to_pptr(pa));
        map_it_frame(root, v, pa, true);
        if (!provide_dynamic(frame_cap(pa, 0, false, IT_ASID, v))) goto oom;
    }
    bootinfo->userImageFrames.end = next_slot;

    /* The thread. */
    tcb_object_t *tobj = paddr_to_pptr(tcb_pa);
    tcb_init(tobj);
    tcb_t *t = &tobj->tcb;
    provide_cap(seL4_CapInitThreadTCB, cap_set_ptr(cap_new(cap_thread_cap), tobj));
    cte_insert(cnode_cap, &root_cnode[seL4_CapInitThreadCNode], tcb_slot(t, tcbCTable));
    cte_insert(root_cnode[seL4_CapInitThreadVSpace].cap, &root_cnode[seL4_CapInitThreadVSpace],
               tcb_slot(t, tcbVTable));
    cte_insert(frame_cap(ipcbuf_pa, 0, false, 0, 0), &root_cnode[seL4_CapInitThreadIPCBuffer],
               tcb_slot(t, tcbBuffer));
    t->ipc_buffer = ipcbuf_v;
    t->priority = seL4_MaxPrio;
    t->mcp = seL4_MaxPrio;
    t->regs[REG_FaultIP] = t->regs[REG_NextIP] = (word_t)elf_entry(&elf);
    t->regs[REG_a0] = bootinfo_v;
    kstrncpy_name(t->name, "rootserver");
    t->state = ThreadState_Running;
    tcb_sched_enqueue(t);

    /* BootInfo: untypeds come last; the device memory first, then RAM (as seL4). */
    *(word_t *)((char *)bootinfo + BOOTINFO_KERNEL_ENTRY_INSTRET_OFFSET) = p->entry_instret;
    bootinfo->extraLen = extra_len;
    bootinfo->nodeID = 0;
    bootinfo->numNodes = 1;
    bootinfo->numIOPTLevels = 0;
    bootinfo->ipcBuffer = (seL4_IPCBuffer *)ipcbuf_v;
    bootinfo->initThreadCNodeSizeBits = CONFIG_ROOT_CNODE_SIZE_BITS;
    bootinfo->initThreadDomain = 0;
    bootinfo->untyped.start = next_slot;
    {
        paddr_t at = 0;
        for (unsigned i = 0; i < p->kernel_reserved->n; i++) {
            const phys_region_t *r = &p->kernel_reserved->r[i];
            if (r->start > at) add_untyped(at, MIN(r->start, (paddr_t)PADDR_USER_DEVICE_TOP), true);
            if (r->end > at) at = r->end;
        }
        if (at < PADDR_USER_DEVICE_TOP) add_untyped(at, PADDR_USER_DEVICE_TOP, true);
    }
    for (unsigned i = 0; i < boot_free->n; i++) {
        if (!add_untyped(boot_free->r[i].start, boot_free->r[i].end, false)) break;
    }
    bootinfo->untyped.end = next_slot;
    bootinfo->empty.start = next_slot;
    bootinfo->empty.end = BIT(CONFIG_ROOT_CNODE_SIZE_BITS);

    kprintf(
        "root server: image [0x%lx, 0x%lx), entry 0x%lx; %lu untyped caps, %lu KiB of free RAM\n",
        (unsigned long)ui_start, (unsigned long)ui_end, (unsigned long)elf_entry(&elf),
        (unsigned long)(bootinfo->untyped.end - bootinfo->untyped.start),
        (unsigned long)(sum_untyped(false) >> 10));
    return true;
oom:
    kprintf("[kernel] not enough memory to create the root server\n");
    return false;
}
