/* Root server internals: slot and untyped allocation, mapping, ELF loading. */
#pragma once
#include <stdint.h>
#include <stdbool.h>
#include <sel4/sel4.h>
#include <rootserver/archive.h>

#define RS_MAX_OBJECTS 2048
#define RS_MAX_COMPONENTS 32
#define RS_RW 3 /* seL4_CapRights bits: Read | Write */
#define RS_RO 2
#define NORETURN_RS __attribute__((noreturn))

extern seL4_BootInfo *rs_bootinfo;

NORETURN_RS void rs_fail(const char *what, int err);

void rs_alloc_init(seL4_BootInfo *bi);
seL4_CPtr rs_alloc_slot(void);
seL4_CPtr rs_alloc_object(seL4_Word type, seL4_Word user_bits);
seL4_CPtr rs_device_frame(uint64_t paddr);
uint64_t rs_untyped_free_bytes(void);

/* Maps frame cap `frame` into vspace at vaddr, creating page tables as needed. */
void rs_map_page(seL4_CPtr vspace, seL4_CPtr frame, uint64_t vaddr, uint8_t rights, bool exec,
                 uint32_t comp);
/* Loads an ELF into fresh frames mapped in vspace; returns the entry point. */
uint64_t rs_load_elf(const rootserver_image_t *img, seL4_CPtr vspace, uint32_t comp,
                     uint64_t *bytes);
/* Moves every spare untyped into the CNode at first_slot.., describes them in info_frame. */
void rs_give_untypeds(seL4_CPtr cnode, seL4_Word radix, uint32_t first_slot, seL4_CPtr info_frame,
                      const char *who, uint64_t *bytes);
