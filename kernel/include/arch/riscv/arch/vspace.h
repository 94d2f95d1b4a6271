/* Sv39 virtual memory layout and page-table entries (riscv64). */
#pragma once
#include <types.h>
#include <util.h>

#define PT_LEVELS 3
#define PT_INDEX_BITS 9
#define PTE_SIZE_BITS 3
#define PAGE_BITS 12
#define PAGE_SIZE BIT(PAGE_BITS)
#define PT_ENTRIES BIT(PT_INDEX_BITS)

/* seL4's layout: physical memory window, kernel ELF window, kernel device window. */
#define PPTR_BASE 0xFFFFFFC000000000ul
#define PPTR_TOP 0xFFFFFFFF80000000ul
#define KERNEL_ELF_BASE_VADDR 0xFFFFFFFF80000000ul
#define KDEV_BASE 0xFFFFFFFFC0000000ul
#define USER_TOP 0x0000003FFFFFF000ul
#define PADDR_USER_DEVICE_TOP (1ull << 39)

#define PTE_V BIT(0)
#define PTE_R BIT(1)
#define PTE_W BIT(2)
#define PTE_X BIT(3)
#define PTE_U BIT(4)
#define PTE_G BIT(5)
#define PTE_A BIT(6)
#define PTE_D BIT(7)
#define PTE_PPN_SHIFT 10

typedef word_t pte_t;

#define SATP_MODE_SV39 (8ul << 60)
#define SATP_ASID_SHIFT 44

static inline void *paddr_to_pptr(paddr_t p)
{
    return (void *)(word_t)(p + PPTR_BASE);
}
static inline paddr_t pptr_to_paddr(const void *p)
{
    return (paddr_t)((word_t)p - PPTR_BASE);
}
/* Bits of virtual address translated at page-table level `level` (0 = root). */
static inline unsigned pt_level_bits(unsigned level)
{
    return PAGE_BITS + PT_INDEX_BITS * (PT_LEVELS - 1 - level);
}
static inline word_t pt_index(vptr_t v, unsigned level)
{
    return (v >> pt_level_bits(level)) & MASK(PT_INDEX_BITS);
}
static inline bool pte_valid(pte_t p)
{
    return p & PTE_V;
}
static inline bool pte_is_leaf(pte_t p)
{
    return p & (PTE_R | PTE_W | PTE_X);
}
static inline paddr_t pte_paddr(pte_t p)
{
    return (paddr_t)(p >> PTE_PPN_SHIFT) << PAGE_BITS;
}
static inline pte_t pte_next(paddr_t table)
{
    return (pte_t)((table >> PAGE_BITS) << PTE_PPN_SHIFT) | PTE_V;
}
static inline pte_t pte_leaf(paddr_t frame, word_t perms)
{
    return (pte_t)((frame >> PAGE_BITS) << PTE_PPN_SHIFT) | perms | PTE_V | PTE_A | PTE_D;
}
static inline word_t satp_value(paddr_t root, word_t asid)
{
    return SATP_MODE_SV39 | (asid << SATP_ASID_SHIFT) | (word_t)(root >> PAGE_BITS);
}

/* The kernel image runs in the ELF window; its statics are not in the PPTR window. */
#define KERNEL_ELF_PADDR_BASE 0x80000000ul
static inline paddr_t pptr_to_paddr_kernel_image(const void *p)
{
    return (paddr_t)((word_t)p - KERNEL_ELF_BASE_VADDR + KERNEL_ELF_PADDR_BASE);
}
