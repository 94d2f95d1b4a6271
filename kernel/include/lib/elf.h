/* ELF executable reader for loading the root server image.
 *
 * Freestanding and safe on hostile input.  elf_open() validates everything the loader relies
 * on, once, so that the accessors afterwards cannot fail on a well-formed handle:
 *   - identification: magic, the requested class (ELFCLASS32/64), little-endian, version 1,
 *     ET_EXEC (position-dependent: there is no relocation support), the requested machine;
 *   - e_ehsize and e_phentsize equal to the class's structure sizes, 1 <= e_phnum < 0xffff
 *     (extended numbering is not supported), the program header table inside the file;
 *   - every PT_LOAD with p_memsz > 0: p_filesz <= p_memsz, [p_offset, p_offset + p_filesz)
 *     inside the file, p_vaddr + p_memsz representable in the class's address width,
 *     p_align 0/1 or a power of two with p_vaddr == p_offset (mod p_align), and segments
 *     sorted by p_vaddr without overlap (the ELF spec requires ascending order);
 *   - no PT_INTERP (a dynamically linked program cannot run without a loader);
 *   - at least one loadable segment, and e_entry inside a segment with PF_X.
 * PT_LOAD entries with p_memsz == 0 map nothing and are ignored everywhere (they are neither
 * counted nor returned).  Section headers are not used and not checked.
 *
 * Non-overlap is checked at byte granularity; two segments may still share a page (e.g. the
 * end of .text and the start of .data), which a page-granular loader must handle.  Whether
 * the addresses are acceptable for a user address space is the loader's decision; see
 * elf_image_bounds(). */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ELF_CLASS_32 32u
#define ELF_CLASS_64 64u
#define EM_RISCV 243u

#define PF_X 1u
#define PF_W 2u
#define PF_R 4u

struct elf_segment {
    uint64_t vaddr, memsz;   /* memory image: [vaddr, vaddr + memsz) */
    uint64_t offset, filesz; /* file bytes copied to vaddr; the remaining memsz - filesz are 0 */
    uint32_t flags;          /* PF_X | PF_W | PF_R */
};

/* A validated image.  Filled by elf_open(); treat as opaque. */
struct elf_image {
    const uint8_t *data;
    size_t size;
    unsigned elf_class; /* ELF_CLASS_32 or ELF_CLASS_64 */
    uint64_t entry;
    uint64_t phoff;
    unsigned phnum;
    unsigned n_load;             /* PT_LOAD entries with p_memsz > 0 */
    uint64_t vaddr_lo, vaddr_hi; /* lowest vaddr, highest vaddr + memsz over those */
};

enum {
    ELF_OK = 0,
    ELF_ERR_INVAL = -1,        /* NULL pointer, unknown class argument, index out of range */
    ELF_ERR_TRUNCATED = -2,    /* smaller than the ELF header */
    ELF_ERR_BADMAGIC = -3,     /* not an ELF file */
    ELF_ERR_CLASS = -4,        /* not the requested ELFCLASS32/64 */
    ELF_ERR_ENDIAN = -5,       /* not little-endian */
    ELF_ERR_VERSION = -6,      /* EI_VERSION or e_version is not 1 */
    ELF_ERR_TYPE = -7,         /* not ET_EXEC */
    ELF_ERR_MACHINE = -8,      /* not the requested e_machine */
    ELF_ERR_BADHDR = -9,       /* e_ehsize / e_phentsize / e_phnum unusable */
    ELF_ERR_PHDR_RANGE = -10,  /* program header table outside the file */
    ELF_ERR_SEG_RANGE = -11,   /* segment file bytes outside the file (or offset overflow) */
    ELF_ERR_SEG_SIZE = -12,    /* p_filesz > p_memsz */
    ELF_ERR_SEG_ADDR = -13,    /* p_vaddr + p_memsz overflows the address width */
    ELF_ERR_SEG_ALIGN = -14,   /* bad p_align, or p_vaddr and p_offset disagree modulo it */
    ELF_ERR_SEG_OVERLAP = -15, /* PT_LOAD segments overlap or are not sorted by p_vaddr */
    ELF_ERR_NOSEGMENTS = -16,  /* no non-empty PT_LOAD */
    ELF_ERR_ENTRY = -17,       /* e_entry not inside an executable segment */
    ELF_ERR_INTERP = -18,      /* has PT_INTERP (dynamically linked) */
};

/* Validates img[0..size) as an executable of the given class (ELF_CLASS_32 / ELF_CLASS_64)
 * and e_machine, and fills *elf.  The image must stay in place while *elf is used. */
int elf_open(struct elf_image *elf, const void *img, size_t size, unsigned elf_class,
             unsigned machine);

/* elf_open() without keeping the handle. */
int elf_check(const void *img, size_t size, unsigned elf_class, unsigned machine);

/* Accessors for a handle elf_open() accepted. */
uint64_t elf_entry(const struct elf_image *elf);
unsigned elf_num_segments(const struct elf_image *elf); /* non-empty PT_LOAD count */
/* The idx-th non-empty PT_LOAD in file (= ascending vaddr) order; ELF_ERR_INVAL if
 * idx >= elf_num_segments(). */
int elf_get_segment(const struct elf_image *elf, unsigned idx, struct elf_segment *out);
/* [*lo, *hi): lowest segment vaddr and highest vaddr + memsz. */
void elf_image_bounds(const struct elf_image *elf, uint64_t *lo, uint64_t *hi);

/* Static English description of an ELF_* code ("unknown error" for anything else). */
const char *elf_strerror(int err);
