/* Boot: physical memory accounting and creation of the root server (as seL4 does). */
#pragma once
#include <types.h>
#include <lib/fdt.h>

typedef struct phys_region {
    paddr_t start, end; /* [start, end) */
} phys_region_t;

#define MAX_BOOT_REGIONS 48

typedef struct region_list {
    phys_region_t r[MAX_BOOT_REGIONS];
    unsigned n;
} region_list_t;

void region_list_add(region_list_t *l, paddr_t start, paddr_t end);
void region_list_remove(region_list_t *l, paddr_t start, paddr_t end);

typedef struct boot_params {
    const struct platform_info *plat;
    const void *dtb; /* kernel-visible pointer to the DTB */
    paddr_t dtb_paddr;
    region_list_t *free_ram;        /* usable RAM not yet allocated */
    region_list_t *kernel_reserved; /* RAM the kernel considers its own + kernel devices */
    const void *rs_image;
    word_t rs_image_size;
    word_t entry_instret; /* instret at the kernel's first instruction */
} boot_params_t;

/* Cantrip-C extension: the last word of the BootInfo frame (beyond seL4_BootInfo) holds the
 * instret value at kernel entry, so a root server can measure the kernel's boot cost. */
#define BOOTINFO_KERNEL_ENTRY_INSTRET_OFFSET (4096 - sizeof(word_t))

/* Creates the root server; returns false (after printing why) if it cannot. */
bool create_rootserver(const boot_params_t *p);
