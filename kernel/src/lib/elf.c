/* ELF executable reader (System V gABI), little-endian ELFCLASS32 and ELFCLASS64.  See
 * lib/elf.h for the rules enforced.
 *
 * Fields are read a byte at a time at explicit offsets rather than through structure
 * overlays: the image may be unaligned, the two classes differ in layout, and explicit
 * offsets make each bounds check visibly match the read it protects. */
#include <lib/elf.h>

/* e_ident */
#define EI_CLASS 4
#define EI_DATA 5
#define EI_VERSION 6
#define EI_NIDENT 16
#define ELFCLASS32 1
#define ELFCLASS64 2
#define ELFDATA2LSB 1
#define EV_CURRENT 1

#define ET_EXEC 2
#define PT_LOAD 1
#define PT_INTERP 3
#define PN_XNUM 0xffffu /* e_phnum escape for extended numbering (unsupported) */

#define EHDR32_SIZE 52u
#define EHDR64_SIZE 64u
#define PHDR32_SIZE 32u
#define PHDR64_SIZE 56u

static uint16_t le16(const uint8_t *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}
static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static uint64_t le64(const uint8_t *p)
{
    return le32(p) | (uint64_t)le32(p + 4) << 32;
}

static bool is64(const struct elf_image *elf)
{
    return elf->elf_class == ELF_CLASS_64;
}

/* Class-dependent word: 4 bytes for ELFCLASS32, 8 for ELFCLASS64. */
static uint64_t word(const struct elf_image *elf, const uint8_t *p)
{
    return is64(elf) ? le64(p) : le32(p);
}

struct phdr {
    uint32_t type, flags;
    uint64_t offset, vaddr, filesz, memsz, align;
};

/* Decodes program header i.  The caller has proven the table lies inside the image. */
static void read_phdr(const struct elf_image *elf, unsigned i, struct phdr *ph)
{
    if (is64(elf)) {
        const uint8_t *p = elf->data + elf->phoff + (uint64_t)i * PHDR64_SIZE;
        ph->type = le32(p);
        ph->flags = le32(p + 4);
        ph->offset = le64(p + 8);
        ph->vaddr = le64(p + 16);
        ph->filesz = le64(p + 32);
        ph->memsz = le64(p + 40);
        ph->align = le64(p + 48);
    } else {
        const uint8_t *p = elf->data + elf->phoff + (uint64_t)i * PHDR32_SIZE;
        ph->type = le32(p);
        ph->offset = le32(p + 4);
        ph->vaddr = le32(p + 8);
        ph->filesz = le32(p + 16);
        ph->memsz = le32(p + 20);
        ph->flags = le32(p + 24);
        ph->align = le32(p + 28);
    }
}

static bool is_load(const struct phdr *ph)
{
    return ph->type == PT_LOAD && ph->memsz != 0;
}

/* Checks one loadable segment in isolation. */
static int check_segment(const struct elf_image *elf, const struct phdr *ph)
{
    /* One past the highest address: 2^32 for ELFCLASS32; for ELFCLASS64 the end must itself
     * be representable, so the last byte of the address space cannot be mapped. */
    uint64_t addr_limit = is64(elf) ? UINT64_MAX : (uint64_t)1 << 32;

    if (ph->filesz > ph->memsz) return ELF_ERR_SEG_SIZE;
    if (ph->offset > elf->size || ph->filesz > elf->size - ph->offset) return ELF_ERR_SEG_RANGE;
    if (ph->vaddr > addr_limit || ph->memsz > addr_limit - ph->vaddr) return ELF_ERR_SEG_ADDR;
    if (ph->align > 1) {
        if ((ph->align & (ph->align - 1)) != 0) return ELF_ERR_SEG_ALIGN;
        /* gABI: loadable segments have p_vaddr congruent to p_offset modulo p_align, which
         * is what lets a loader map file pages directly. */
        if (((ph->vaddr - ph->offset) & (ph->align - 1)) != 0) return ELF_ERR_SEG_ALIGN;
    }
    return ELF_OK;
}

int elf_open(struct elf_image *elf, const void *img, size_t size, unsigned elf_class,
             unsigned machine)
{
    const uint8_t *p = img;

    if (elf == NULL || img == NULL) return ELF_ERR_INVAL;
    if (elf_class != ELF_CLASS_32 && elf_class != ELF_CLASS_64) return ELF_ERR_INVAL;
    elf->data = p;
    elf->size = size;
    elf->elf_class = elf_class;

    if (size < EI_NIDENT) return ELF_ERR_TRUNCATED;
    if (p[0] != 0x7f || p[1] != 'E' || p[2] != 'L' || p[3] != 'F') return ELF_ERR_BADMAGIC;
    if (p[EI_CLASS] != (elf_class == ELF_CLASS_64 ? ELFCLASS64 : ELFCLASS32)) return ELF_ERR_CLASS;
    if (p[EI_DATA] != ELFDATA2LSB) return ELF_ERR_ENDIAN;
    if (p[EI_VERSION] != EV_CURRENT) return ELF_ERR_VERSION;

    uint32_t ehsize_expected = is64(elf) ? EHDR64_SIZE : EHDR32_SIZE;
    uint32_t phentsize_expected = is64(elf) ? PHDR64_SIZE : PHDR32_SIZE;
    if (size < ehsize_expected) return ELF_ERR_TRUNCATED;

    if (le16(p + 16) != ET_EXEC) return ELF_ERR_TYPE;
    if (le16(p + 18) != machine) return ELF_ERR_MACHINE;
    if (le32(p + 20) != EV_CURRENT) return ELF_ERR_VERSION;

    /* Offsets of e_entry.. differ by class because e_entry/e_phoff/e_shoff are words. */
    unsigned w = is64(elf) ? 8 : 4;
    elf->entry = word(elf, p + 24);
    elf->phoff = word(elf, p + 24 + w);
    const uint8_t *tail = p + 24 + 3 * w + 4; /* e_ehsize, after e_flags */
    uint16_t ehsize = le16(tail), phentsize = le16(tail + 2), phnum = le16(tail + 4);

    if (ehsize != ehsize_expected) return ELF_ERR_BADHDR;
    if (phnum == 0) return ELF_ERR_NOSEGMENTS;
    if (phnum == PN_XNUM || phentsize != phentsize_expected) return ELF_ERR_BADHDR;
    elf->phnum = phnum;

    /* phnum * phentsize <= 65534 * 56: no overflow in 64-bit arithmetic. */
    uint64_t table = (uint64_t)phnum * phentsize;
    if (elf->phoff > size || table > size - elf->phoff) return ELF_ERR_PHDR_RANGE;

    bool entry_ok = false;
    unsigned n_load = 0;
    uint64_t prev_end = 0;
    for (unsigned i = 0; i < phnum; i++) { /* bounded by e_phnum < 65535 */
        struct phdr ph;
        read_phdr(elf, i, &ph);
        if (ph.type == PT_INTERP) return ELF_ERR_INTERP;
        if (!is_load(&ph)) continue;

        int err = check_segment(elf, &ph);
        if (err != ELF_OK) return err;
        /* Ascending and disjoint in one comparison: each segment starts at or after the end
         * of the previous one, so no pair can overlap. */
        if (n_load > 0 && ph.vaddr < prev_end) return ELF_ERR_SEG_OVERLAP;
        if (n_load == 0) elf->vaddr_lo = ph.vaddr;
        prev_end = ph.vaddr + ph.memsz; /* no overflow: check_segment() */
        n_load++;
        if ((ph.flags & PF_X) != 0 && elf->entry >= ph.vaddr && elf->entry - ph.vaddr < ph.memsz)
            entry_ok = true;
    }
    if (n_load == 0) return ELF_ERR_NOSEGMENTS;
    if (!entry_ok) return ELF_ERR_ENTRY;
    elf->n_load = n_load;
    elf->vaddr_hi = prev_end; /* sorted, so the last segment ends highest */
    return ELF_OK;
}

int elf_check(const void *img, size_t size, unsigned elf_class, unsigned machine)
{
    struct elf_image elf;
    return elf_open(&elf, img, size, elf_class, machine);
}

uint64_t elf_entry(const struct elf_image *elf)
{
    return elf->entry;
}

unsigned elf_num_segments(const struct elf_image *elf)
{
    return elf->n_load;
}

int elf_get_segment(const struct elf_image *elf, unsigned idx, struct elf_segment *out)
{
    if (elf == NULL || out == NULL || idx >= elf->n_load) return ELF_ERR_INVAL;
    unsigned seen = 0;
    for (unsigned i = 0; i < elf->phnum; i++) {
        struct phdr ph;
        read_phdr(elf, i, &ph);
        if (!is_load(&ph)) continue;
        if (seen++ == idx) {
            out->vaddr = ph.vaddr;
            out->memsz = ph.memsz;
            out->offset = ph.offset;
            out->filesz = ph.filesz;
            out->flags = ph.flags & (PF_X | PF_W | PF_R);
            return ELF_OK;
        }
    }
    return ELF_ERR_INVAL; /* unreachable for a handle elf_open() accepted */
}

void elf_image_bounds(const struct elf_image *elf, uint64_t *lo, uint64_t *hi)
{
    *lo = elf->vaddr_lo;
    *hi = elf->vaddr_hi;
}

const char *elf_strerror(int err)
{
    switch (err) {
    case ELF_OK:
        return "success";
    case ELF_ERR_INVAL:
        return "invalid argument";
    case ELF_ERR_TRUNCATED:
        return "file smaller than the ELF header";
    case ELF_ERR_BADMAGIC:
        return "not an ELF file";
    case ELF_ERR_CLASS:
        return "wrong ELF class";
    case ELF_ERR_ENDIAN:
        return "not little-endian";
    case ELF_ERR_VERSION:
        return "unsupported ELF version";
    case ELF_ERR_TYPE:
        return "not an ET_EXEC executable";
    case ELF_ERR_MACHINE:
        return "wrong machine type";
    case ELF_ERR_BADHDR:
        return "bad ELF header sizes or counts";
    case ELF_ERR_PHDR_RANGE:
        return "program header table outside the file";
    case ELF_ERR_SEG_RANGE:
        return "segment data outside the file";
    case ELF_ERR_SEG_SIZE:
        return "segment file size exceeds memory size";
    case ELF_ERR_SEG_ADDR:
        return "segment address range overflows";
    case ELF_ERR_SEG_ALIGN:
        return "bad segment alignment";
    case ELF_ERR_SEG_OVERLAP:
        return "segments overlap or are unsorted";
    case ELF_ERR_NOSEGMENTS:
        return "no loadable segments";
    case ELF_ERR_ENTRY:
        return "entry point not in an executable segment";
    case ELF_ERR_INTERP:
        return "dynamically linked (PT_INTERP)";
    default:
        return "unknown error";
    }
}
