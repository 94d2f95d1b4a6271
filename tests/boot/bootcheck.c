/* Boot check, run as the root server at several RAM sizes: BootInfo must describe exactly
 * the machine the device tree (handed over in extra BootInfo) describes, and the memory it
 * hands out must be usable up to its last byte. */
#include <stdio.h>
#include <string.h>
#include <sel4/sel4.h>
#include <sel4/cantrip.h>
#include <lib/fdt.h>

static int passed, failed;

#define CHECK(name, cond, ...)                                                                     \
    do {                                                                                           \
        if (cond) {                                                                                \
            printf("PASS %s\n", name);                                                             \
            passed++;                                                                              \
        } else {                                                                                   \
            printf("FAIL %s: ", name);                                                             \
            printf(__VA_ARGS__);                                                                   \
            printf("\n");                                                                          \
            failed++;                                                                              \
        }                                                                                          \
    } while (0)

#define MAP_VADDR 0x40000000ul

static seL4_Word next_slot;

/* Maps a 4 KiB frame from untyped `ut` (after the offset-th page) at MAP_VADDR. */
static int map_frame_from(seL4_CPtr ut, seL4_CPtr *frame_out)
{
    seL4_CPtr frame = next_slot++;
    int err =
        seL4_Untyped_Retype(ut, seL4_RISCV_4K_Page, 0, seL4_CapInitThreadCNode, 0, 0, frame, 1);
    if (err) return err;
    err = seL4_RISCV_Page_Map(frame, seL4_CapInitThreadVSpace, MAP_VADDR, seL4_ReadWrite,
                              seL4_RISCV_Default_VMAttributes);
    *frame_out = frame;
    return err;
}

/* Page tables down to 4 KiB for MAP_VADDR, from any RAM untyped. */
static int ensure_page_tables(const seL4_BootInfo *bi, seL4_CPtr ram_ut)
{
    (void)bi;
    for (int level = 0; level < 2; level++) {
        seL4_CPtr pt = next_slot++;
        int err = seL4_Untyped_Retype(ram_ut, seL4_RISCV_PageTableObject, 0,
                                      seL4_CapInitThreadCNode, 0, 0, pt, 1);
        if (err) return err;
        err = seL4_RISCV_PageTable_Map(pt, seL4_CapInitThreadVSpace, MAP_VADDR,
                                       seL4_RISCV_Default_VMAttributes);
        if (err && err != seL4_DeleteFirst) return err;
    }
    return 0;
}

int main(void)
{
    seL4_BootInfo *bi = seL4_GetBootInfo();
    next_slot = bi->empty.start;

    CHECK("bootinfo_basics",
          bi->nodeID == 0 && bi->numNodes == 1 && bi->initThreadCNodeSizeBits == 12,
          "node %lu/%lu cnode bits %lu", (unsigned long)bi->nodeID, (unsigned long)bi->numNodes,
          (unsigned long)bi->initThreadCNodeSizeBits);
    CHECK("bootinfo_ipc_buffer",
          bi->ipcBuffer == seL4_GetIPCBuffer() && ((seL4_Word)bi->ipcBuffer & 0xfff) == 0,
          "ipcBuffer %p", (void *)bi->ipcBuffer);
    CHECK("bootinfo_slot_regions",
          bi->untyped.start >= seL4_NumInitialCaps && bi->untyped.end > bi->untyped.start &&
              bi->empty.start == bi->untyped.end && bi->empty.end == 4096 &&
              bi->userImageFrames.end > bi->userImageFrames.start,
          "untyped [%lu,%lu) empty [%lu,%lu)", (unsigned long)bi->untyped.start,
          (unsigned long)bi->untyped.end, (unsigned long)bi->empty.start,
          (unsigned long)bi->empty.end);

    const seL4_BootInfoHeader *hdr = (const seL4_BootInfoHeader *)((char *)bi + 4096);
    CHECK("extra_bootinfo_fdt",
          bi->extraLen > sizeof(*hdr) && hdr->id == SEL4_BOOTINFO_HEADER_FDT &&
              hdr->len == bi->extraLen,
          "extraLen %lu id %lu len %lu", (unsigned long)bi->extraLen, (unsigned long)hdr->id,
          (unsigned long)hdr->len);
    static struct platform_info plat;
    int err = fdt_parse(hdr + 1, bi->extraLen - sizeof(*hdr), &plat);
    CHECK("dtb_parses", err == FDT_OK && plat.n_mem > 0, "fdt_parse: %s", fdt_strerror(err));

    uint64_t mem_lo = plat.mem[0].base, mem_hi = plat.mem[0].base + plat.mem[0].size;
    seL4_Word n = bi->untyped.end - bi->untyped.start;
    uint64_t ram = 0;
    int bad_align = 0, ram_outside = 0, overlap = 0, uart_covered = 0;
    seL4_Word largest = 0, highest = 0;
    for (seL4_Word i = 0; i < n; i++) {
        const seL4_UntypedDesc *u = &bi->untypedList[i];
        uint64_t lo = u->paddr, hi = u->paddr + (1ull << u->sizeBits);
        if (u->sizeBits < 4 || u->sizeBits > 38 || (lo & ((1ull << u->sizeBits) - 1))) bad_align++;
        for (seL4_Word j = 0; j < i; j++) {
            const seL4_UntypedDesc *v = &bi->untypedList[j];
            if (lo < v->paddr + (1ull << v->sizeBits) && v->paddr < hi) overlap++;
        }
        if (u->isDevice) {
            if (plat.uart_base >= lo && plat.uart_base < hi) uart_covered = 1;
            continue;
        }
        ram += hi - lo;
        if (lo < mem_lo || hi > mem_hi) ram_outside++;
        if (lo > bi->untypedList[highest].paddr || bi->untypedList[highest].isDevice) highest = i;
    }
    /* Page tables come from the largest other RAM untyped, so the highest stays pristine. */
    for (seL4_Word i = 0; i < n; i++) {
        const seL4_UntypedDesc *u = &bi->untypedList[i];
        if (u->isDevice || i == highest) continue;
        if (u->sizeBits > bi->untypedList[largest].sizeBits || bi->untypedList[largest].isDevice ||
            largest == highest) {
            largest = i;
        }
    }
    CHECK("untypeds_aligned", bad_align == 0, "%d untypeds misaligned or badly sized", bad_align);
    CHECK("untypeds_disjoint", overlap == 0, "%d overlapping pairs", overlap);
    CHECK("ram_untypeds_inside_memory", ram_outside == 0, "%d RAM untypeds outside [0x%llx,0x%llx)",
          ram_outside, (unsigned long long)mem_lo, (unsigned long long)mem_hi);
    /* All RAM but the firmware (2 MiB), the kernel image and the root server's own objects. */
    uint64_t mem = mem_hi - mem_lo;
    CHECK("ram_accounted", ram <= mem - (2u << 20) && ram >= mem - (8u << 20),
          "RAM untypeds total %llu KiB of %llu KiB", (unsigned long long)(ram >> 10),
          (unsigned long long)(mem >> 10));
    CHECK("uart_in_device_untyped", plat.uart_base && uart_covered, "UART at 0x%llx not covered",
          (unsigned long long)plat.uart_base);

    seL4_CPtr lut = bi->untyped.start + largest, hut = bi->untyped.start + highest;
    err = ensure_page_tables(bi, lut);
    CHECK("page_tables_for_test_mapping", err == 0, "error %d", err);
    /* The top page of the highest RAM untyped: proves memory up to the end is real. */
    const seL4_UntypedDesc *hu = &bi->untypedList[highest];
    seL4_CPtr frame = 0;
    int sub = 0;
    if (hu->sizeBits > 12) {
        /* Split off everything below the last page as one untyped, leaving the last page. */
        seL4_CPtr rest = next_slot++;
        err = seL4_Untyped_Retype(hut, seL4_UntypedObject, hu->sizeBits - 1,
                                  seL4_CapInitThreadCNode, 0, 0, rest, 1);
        sub = err == 0;
        /* Now the second half is free; descend by halves to the last 4 KiB. */
        for (int bits = hu->sizeBits - 2; sub && bits >= 12; bits--) {
            seL4_CPtr s = next_slot++;
            err = seL4_Untyped_Retype(hut, seL4_UntypedObject, bits, seL4_CapInitThreadCNode, 0, 0,
                                      s, 1);
            if (err) sub = 0;
        }
    }
    err = map_frame_from(hut, &frame);
    seL4_RISCV_Page_GetAddress_t addr = seL4_RISCV_Page_GetAddress(frame);
    uint64_t expect = hu->paddr + (1ull << hu->sizeBits) - 4096;
    CHECK("last_ram_page_retyped",
          err == 0 && addr.error == 0 && (hu->sizeBits == 12 || addr.paddr == expect),
          "map error %d, frame at 0x%llx, expected 0x%llx", err, (unsigned long long)addr.paddr,
          (unsigned long long)expect);
    if (err == 0) {
        volatile uint64_t *p = (volatile uint64_t *)MAP_VADDR;
        int zero = p[0] == 0 && p[511] == 0;
        p[0] = 0x1122334455667788ull;
        p[511] = 0x8877665544332211ull;
        CHECK("last_ram_page_usable",
              zero && p[0] == 0x1122334455667788ull && p[511] == 0x8877665544332211ull,
              "frame not zeroed or not writable");
    }
    printf("bootcheck: %llu MiB RAM, %lu untypeds, %llu KiB handed out\n",
           (unsigned long long)(mem >> 20), (unsigned long)n, (unsigned long long)(ram >> 10));
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
