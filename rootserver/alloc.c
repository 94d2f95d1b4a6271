/* Slot and memory allocation for the root server.  RAM objects come from the BootInfo
 * untypeds, largest first; device frames are carved out of device untypeds by halving
 * down to the page that holds the requested address. */
#include <stdio.h>
#include <sel4/sel4.h>
#include "rootserver.h"

static seL4_Word next_slot, end_slot;

/* RAM untypeds we allocate from, with their bookkeeping. */
#define MAX_UT 256
static struct ut {
    seL4_CPtr cap;
    uint64_t paddr;
    uint8_t bits;
    uint64_t used; /* lower bound on the watermark; refreshed from the kernel when needed */
    bool exhausted;
} ram[MAX_UT];
static unsigned n_ram;

/* Device untyped nodes: originals and the halves we split them into. */
#define MAX_DEV 512
static struct dev {
    seL4_CPtr cap;
    uint64_t paddr;
    uint8_t bits;
    bool split, used;
} dev[MAX_DEV];
static unsigned n_dev;

seL4_CPtr rs_alloc_slot(void)
{
    if (next_slot >= end_slot) rs_fail("allocating a root CNode slot", -1);
    return next_slot++;
}

void rs_alloc_init(seL4_BootInfo *bi)
{
    next_slot = bi->empty.start;
    end_slot = bi->empty.end;
    for (seL4_Word i = 0; i < bi->untyped.end - bi->untyped.start; i++) {
        const seL4_UntypedDesc *d = &bi->untypedList[i];
        if (d->isDevice) {
            if (n_dev < MAX_DEV)
                dev[n_dev++] = (struct dev){bi->untyped.start + i, d->paddr, d->sizeBits, 0, 0};
        } else if (n_ram < MAX_UT) {
            ram[n_ram++] = (struct ut){bi->untyped.start + i, d->paddr, d->sizeBits, 0, false};
        }
    }
    /* Largest first. */
    for (unsigned i = 1; i < n_ram; i++) {
        struct ut x = ram[i];
        unsigned j = i;
        while (j > 0 && ram[j - 1].bits < x.bits) {
            ram[j] = ram[j - 1];
            j--;
        }
        ram[j] = x;
    }
}

seL4_CPtr rs_alloc_object(seL4_Word type, seL4_Word user_bits)
{
    seL4_CPtr slot = rs_alloc_slot();
    for (unsigned i = 0; i < n_ram; i++) {
        if (ram[i].exhausted) continue;
        int err = seL4_Untyped_Retype(ram[i].cap, type, user_bits, seL4_CapInitThreadCNode, 0, 0,
                                      slot, 1);
        if (err == seL4_NoError) return slot;
        if (err != seL4_NotEnoughMemory) rs_fail("Untyped_Retype", err);
        if (seL4_GetMR(0) < 16) ram[i].exhausted = true;
    }
    rs_fail("allocating memory (out of RAM)", seL4_NotEnoughMemory);
}

/* Free bytes of an untyped, from the kernel's NotEnoughMemory detail. */
static uint64_t free_bytes(struct ut *u)
{
    if (u->exhausted) return 0;
    seL4_CPtr probe = rs_alloc_slot();
    int err = seL4_Untyped_Retype(u->cap, seL4_UntypedObject, u->bits, seL4_CapInitThreadCNode, 0,
                                  0, probe, 1);
    next_slot--; /* the probe slot is reused either way */
    if (err == seL4_NoError) {
        /* The untyped was untouched: the probe took all of it; give it back. */
        seL4_CNode_Delete(seL4_CapInitThreadCNode, probe, seL4_WordBits);
        return 1ull << u->bits;
    }
    return seL4_GetMR(0);
}

uint64_t rs_untyped_free_bytes(void)
{
    uint64_t total = 0;
    for (unsigned i = 0; i < n_ram; i++)
        total += free_bytes(&ram[i]);
    return total;
}

seL4_CPtr rs_device_frame(uint64_t paddr)
{
    for (;;) {
        struct dev *best = NULL;
        for (unsigned i = 0; i < n_dev; i++) {
            struct dev *d = &dev[i];
            if (paddr < d->paddr || paddr >= d->paddr + (1ull << d->bits) || d->split) continue;
            if (!best || d->bits < best->bits) best = d;
        }
        if (!best) {
            printf("rootserver: no device memory at 0x%llx\n", (unsigned long long)paddr);
            rs_fail("finding device memory", -1);
        }
        if (best->bits == seL4_PageBits) {
            if (best->used) rs_fail("mapping one device page twice", -1);
            seL4_CPtr slot = rs_alloc_slot();
            int err = seL4_Untyped_Retype(best->cap, seL4_RISCV_4K_Page, 0, seL4_CapInitThreadCNode,
                                          0, 0, slot, 1);
            if (err) rs_fail("retyping a device frame", err);
            best->used = true;
            return slot;
        }
        if (best->bits < seL4_PageBits || n_dev + 2 > MAX_DEV)
            rs_fail("splitting device memory", -1);
        seL4_CPtr halves = rs_alloc_slot();
        rs_alloc_slot();
        int err = seL4_Untyped_Retype(best->cap, seL4_UntypedObject, best->bits - 1,
                                      seL4_CapInitThreadCNode, 0, 0, halves, 2);
        if (err) rs_fail("splitting device memory", err);
        best->split = true;
        uint64_t half = 1ull << (best->bits - 1);
        dev[n_dev++] = (struct dev){halves, best->paddr, (uint8_t)(best->bits - 1), 0, 0};
        dev[n_dev++] =
            (struct dev){halves + 1, best->paddr + half, (uint8_t)(best->bits - 1), 0, 0};
    }
}

void rs_give_untypeds(seL4_CPtr cnode, seL4_Word radix, uint32_t first_slot, seL4_CPtr info_frame,
                      const char *who, uint64_t *bytes)
{
    /* Write the table through a temporary mapping of the info frame. */
    const uint64_t scratch = 0x3f00000000ull;
    seL4_CPtr copy = rs_alloc_slot();
    int err = seL4_CNode_Copy(seL4_CapInitThreadCNode, copy, seL4_WordBits, seL4_CapInitThreadCNode,
                              info_frame, seL4_WordBits, seL4_AllRights);
    if (err) rs_fail("copying the untyped-info frame", err);
    rs_map_page(seL4_CapInitThreadVSpace, copy, scratch, RS_RW, false, 0);
    rootserver_untyped_info_t *info = (rootserver_untyped_info_t *)scratch;
    info->first_slot = first_slot;
    info->count = 0;
    uint32_t slot = first_slot, max = sizeof(info->desc) / sizeof(info->desc[0]);
    *bytes = 0;
    for (unsigned i = 0; i < n_ram && info->count < max && slot < (1u << radix); i++) {
        struct ut *u = &ram[i];
        uint64_t avail = free_bytes(u);
        uint64_t size = 1ull << u->bits;
        if (avail == size) {
            /* Untouched: hand over the cap itself. */
            err =
                seL4_CNode_Move(cnode, slot, radix, seL4_CapInitThreadCNode, u->cap, seL4_WordBits);
            if (err) rs_fail("moving an untyped", err);
            info->desc[info->count++] = (typeof(info->desc[0])){u->paddr, u->bits, 0};
            slot++;
            *bytes += size;
            continue;
        }
        /* Partly used: carve the free tail into fresh untypeds so that revoking them can
         * never destroy what we built.  The kernel places a child at the watermark rounded
         * up to the child's size, so each child is the largest block that is aligned at the
         * watermark and fits: nothing between the watermark and the end is skipped. */
        while (avail >= 16 && info->count < max && slot < (1u << radix)) {
            uint64_t water = u->paddr + size - avail;
            int bits = 63 - __builtin_clzll(avail);
            if (water != 0 && __builtin_ctzll(water) < bits) bits = __builtin_ctzll(water);
            if (bits < 4) break;
            seL4_CPtr child = rs_alloc_slot();
            err = seL4_Untyped_Retype(u->cap, seL4_UntypedObject, bits, seL4_CapInitThreadCNode, 0,
                                      0, child, 1);
            if (err) break;
            err =
                seL4_CNode_Move(cnode, slot, radix, seL4_CapInitThreadCNode, child, seL4_WordBits);
            if (err) rs_fail("moving an untyped", err);
            info->desc[info->count++] = (typeof(info->desc[0])){water, (uint8_t)bits, 0};
            slot++;
            *bytes += 1ull << bits;
            avail -= 1ull << bits;
        }
    }
    unsigned count = info->count; /* read before the table goes away */
    seL4_RISCV_Page_Unmap(copy);
    printf("rootserver: %u untypeds (%llu KiB) handed to %s\n", count,
           (unsigned long long)(*bytes >> 10), who);
}
