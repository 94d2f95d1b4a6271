/* Mapping and ELF loading into component address spaces. */
#include <stdio.h>
#include <string.h>
#include <sel4/sel4.h>
#include <lib/elf.h>
#include "rootserver.h"

#define SCRATCH_VADDR 0x3e00000000ull /* where we map a frame to fill it */

void rs_map_page(seL4_CPtr vspace, seL4_CPtr frame, uint64_t vaddr, uint8_t rights, bool exec,
                 uint32_t comp)
{
    (void)comp;
    seL4_CapRights_t r = seL4_CapRights_new(0, 0, (rights >> 1) & 1, rights & 1);
    seL4_Word attr = exec ? seL4_RISCV_Default_VMAttributes : seL4_RISCV_ExecuteNever;
    for (int tries = 0; tries < 4; tries++) {
        int err = seL4_RISCV_Page_Map(frame, vspace, vaddr, r, attr);
        if (err == seL4_NoError) return;
        if (err != seL4_FailedLookup) {
            printf("rootserver: mapping at 0x%llx\n", (unsigned long long)vaddr);
            rs_fail("Page_Map", err);
        }
        seL4_CPtr pt = rs_alloc_object(seL4_RISCV_PageTableObject, 0);
        err = seL4_RISCV_PageTable_Map(pt, vspace, vaddr, seL4_RISCV_Default_VMAttributes);
        if (err) rs_fail("PageTable_Map", err);
    }
    rs_fail("mapping a page (page tables)", -1);
}

uint64_t rs_load_elf(const rootserver_image_t *img, seL4_CPtr vspace, uint32_t comp,
                     uint64_t *bytes)
{
    struct elf_image elf;
    int err = elf_open(&elf, img->data, img->size, ELF_CLASS_64, EM_RISCV);
    if (err != ELF_OK) {
        printf("rootserver: image %s: %s\n", img->name, elf_strerror(err));
        rs_fail("reading a component ELF", err);
    }
    uint64_t lo, hi;
    elf_image_bounds(&elf, &lo, &hi);
    lo &= ~0xfffull;
    hi = (hi + 0xfff) & ~0xfffull;
    unsigned n = elf_num_segments(&elf);
    for (uint64_t page = lo; page < hi; page += 4096) {
        /* Permissions: the union of the segments on this page (they may share one). */
        bool present = false, writable = false, exec = false;
        for (unsigned i = 0; i < n; i++) {
            struct elf_segment sg;
            elf_get_segment(&elf, i, &sg);
            if (sg.vaddr < page + 4096 && sg.vaddr + sg.memsz > page) {
                present = true;
                writable |= (sg.flags & PF_W) != 0;
                exec |= (sg.flags & PF_X) != 0;
            }
        }
        if (!present) continue;
        seL4_CPtr frame = rs_alloc_object(seL4_RISCV_4K_Page, 0);
        *bytes += 4096;
        rs_map_page(seL4_CapInitThreadVSpace, frame, SCRATCH_VADDR, RS_RW, false, comp);
        for (unsigned i = 0; i < n; i++) {
            struct elf_segment sg;
            elf_get_segment(&elf, i, &sg);
            uint64_t from = sg.vaddr > page ? sg.vaddr : page;
            uint64_t to = sg.vaddr + sg.filesz < page + 4096 ? sg.vaddr + sg.filesz : page + 4096;
            if (from < to)
                memcpy((char *)SCRATCH_VADDR + (from - page),
                       img->data + sg.offset + (from - sg.vaddr), to - from);
        }
        seL4_RISCV_Page_Unmap(frame);
        rs_map_page(vspace, frame, page, writable ? RS_RW : RS_RO, exec, comp);
    }
    return elf_entry(&elf);
}
