/* Host tests for the ELF reader (kernel/src/lib/elf.c).
 *
 * Known-good input: tests/host/data/tiny-rv64.elf and tiny-rv32.elf, built by
 * gen-test-data.sh from tiny.c with tiny.ld, which fixes the layout (text R X at 0x10000
 * starting with _start, data+bss R W at 0x12000, .data holding `counter = 42`).
 * Malformed input: images synthesised here field by field. */
#include "host_test.h"

#include <lib/elf.h>
#include <string.h>

#define EM_X86_64 62

/* ------------------------------------------------------------------ image builder */

#define PT_NULL 0
#define PT_LOAD 1
#define PT_INTERP 3
#define PT_NOTE 4
#define PT_GNU_STACK 0x6474e551u

struct phspec {
    uint32_t type, flags;
    uint64_t offset, vaddr, filesz, memsz, align;
};

static void put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}
static void put32(uint8_t *p, uint32_t v)
{
    put16(p, (uint16_t)v);
    put16(p + 2, (uint16_t)(v >> 16));
}
static void put64(uint8_t *p, uint64_t v)
{
    put32(p, (uint32_t)v);
    put32(p + 4, (uint32_t)(v >> 32));
}
static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static uint64_t get64(const uint8_t *p)
{
    return get32(p) | (uint64_t)get32(p + 4) << 32;
}

/* Field offsets that differ between the classes. */
#define EHSIZE(c) ((c) == 64 ? 64u : 52u)
#define PHENTSIZE(c) ((c) == 64 ? 56u : 32u)
#define OFF_ENTRY 24u
#define OFF_PHOFF(c) ((c) == 64 ? 32u : 28u)
#define OFF_EHSIZE(c) ((c) == 64 ? 52u : 40u)
#define OFF_PHENTSIZE(c) (OFF_EHSIZE(c) + 2)
#define OFF_PHNUM(c) (OFF_EHSIZE(c) + 4)

static void write_phdr(uint8_t *p, unsigned cls, const struct phspec *ph)
{
    if (cls == 64) {
        put32(p, ph->type);
        put32(p + 4, ph->flags);
        put64(p + 8, ph->offset);
        put64(p + 16, ph->vaddr);
        put64(p + 24, ph->vaddr); /* p_paddr */
        put64(p + 32, ph->filesz);
        put64(p + 40, ph->memsz);
        put64(p + 48, ph->align);
    } else {
        put32(p, ph->type);
        put32(p + 4, (uint32_t)ph->offset);
        put32(p + 8, (uint32_t)ph->vaddr);
        put32(p + 12, (uint32_t)ph->vaddr);
        put32(p + 16, (uint32_t)ph->filesz);
        put32(p + 20, (uint32_t)ph->memsz);
        put32(p + 24, ph->flags);
        put32(p + 28, (uint32_t)ph->align);
    }
}

/* Writes an ELF header + program header table (right after the header) into a zeroed
 * buffer of file_size bytes. */
static uint8_t *make_elf(unsigned cls, uint64_t entry, const struct phspec *ph, unsigned n,
                         size_t file_size)
{
    uint8_t *img = calloc(1, file_size);
    assert_non_null(img);
    assert_true(EHSIZE(cls) + n * PHENTSIZE(cls) <= file_size);
    memcpy(img,
           "\x7f"
           "ELF",
           4);
    img[4] = cls == 64 ? 2 : 1; /* EI_CLASS */
    img[5] = 1;                 /* EI_DATA: little-endian */
    img[6] = 1;                 /* EI_VERSION */
    put16(img + 16, 2);         /* ET_EXEC */
    put16(img + 18, EM_RISCV);
    put32(img + 20, 1);
    if (cls == 64)
        put64(img + OFF_ENTRY, entry);
    else
        put32(img + OFF_ENTRY, (uint32_t)entry);
    if (cls == 64)
        put64(img + OFF_PHOFF(cls), EHSIZE(cls));
    else
        put32(img + OFF_PHOFF(cls), EHSIZE(cls));
    put16(img + OFF_EHSIZE(cls), (uint16_t)EHSIZE(cls));
    put16(img + OFF_PHENTSIZE(cls), (uint16_t)PHENTSIZE(cls));
    put16(img + OFF_PHNUM(cls), (uint16_t)n);
    for (unsigned i = 0; i < n; i++)
        write_phdr(img + EHSIZE(cls) + i * PHENTSIZE(cls), cls, &ph[i]);
    return img;
}

/* A typical two-segment executable: text (covering the headers, as linkers do) and
 * data+bss, with a non-LOAD header in between. */
#define GOOD_SIZE 0x1100u
#define GOOD_ENTRY 0x10100u
static const struct phspec good_ph[] = {
    {PT_LOAD, PF_R | PF_X, 0x0, 0x10000, 0x200, 0x200, 0x1000},
    {PT_GNU_STACK, PF_R | PF_W, 0, 0, 0, 0, 16},
    {PT_LOAD, PF_R | PF_W, 0x1000, 0x11000, 0x100, 0x800, 0x1000},
};
#define GOOD_N 3u

static uint8_t *good_image(unsigned cls)
{
    return make_elf(cls, GOOD_ENTRY, good_ph, GOOD_N, GOOD_SIZE);
}

/* Builds an image from good_ph with phdr idx replaced by *ph (NULL: unchanged). */
static int check_variant(unsigned cls, unsigned idx, const struct phspec *ph, uint64_t entry)
{
    struct phspec tmp[GOOD_N];
    memcpy(tmp, good_ph, sizeof(tmp));
    if (ph != NULL) tmp[idx] = *ph;
    uint8_t *img = make_elf(cls, entry, tmp, GOOD_N, GOOD_SIZE);
    int r = elf_check(img, GOOD_SIZE, cls, EM_RISCV);
    free(img);
    return r;
}

/* Runs elf_check on an exact-size copy. */
static int check_exact(const uint8_t *img, size_t size, unsigned cls, unsigned machine)
{
    uint8_t *copy = exact_copy(img, size);
    int r = elf_check(copy, size, cls, machine);
    free(copy);
    return r;
}

/* ------------------------------------------------------------------ real images */

static void tiny_rv64(void **state)
{
    (void)state;
    size_t size;
    uint8_t *img = load_test_data("tiny-rv64.elf", &size);
    struct elf_image elf;
    assert_int_equal(elf_open(&elf, img, size, ELF_CLASS_64, EM_RISCV), ELF_OK);
    assert_int_equal(elf_entry(&elf), 0x10000);
    assert_int_equal(elf_num_segments(&elf), 2);

    struct elf_segment text, data;
    assert_int_equal(elf_get_segment(&elf, 0, &text), ELF_OK);
    assert_int_equal(elf_get_segment(&elf, 1, &data), ELF_OK);
    assert_int_equal(text.vaddr, 0x10000);
    assert_int_equal(text.flags, PF_R | PF_X);
    assert_true(text.filesz > 0 && text.filesz == text.memsz);
    assert_int_equal(data.vaddr, 0x12000);
    assert_int_equal(data.flags, PF_R | PF_W);
    assert_int_equal(data.filesz, 8);                /* counter */
    assert_true(data.memsz >= data.filesz + 64 * 8); /* + scratch[] in .bss */
    assert_int_equal(get64(img + data.offset), 42);

    uint64_t lo, hi;
    elf_image_bounds(&elf, &lo, &hi);
    assert_int_equal(lo, 0x10000);
    assert_int_equal(hi, data.vaddr + data.memsz);

    struct elf_segment none;
    assert_int_equal(elf_get_segment(&elf, 2, &none), ELF_ERR_INVAL);
    free(img);
}

static void tiny_rv32(void **state)
{
    (void)state;
    size_t size;
    uint8_t *img = load_test_data("tiny-rv32.elf", &size);
    struct elf_image elf;
    assert_int_equal(elf_open(&elf, img, size, ELF_CLASS_32, EM_RISCV), ELF_OK);
    assert_int_equal(elf_entry(&elf), 0x10000);
    assert_int_equal(elf_num_segments(&elf), 2);
    struct elf_segment data;
    assert_int_equal(elf_get_segment(&elf, 1, &data), ELF_OK);
    assert_int_equal(data.vaddr, 0x12000);
    assert_int_equal(data.filesz, 4);
    assert_true(data.memsz >= data.filesz + 64 * 4);
    assert_int_equal(get32(img + data.offset), 42);
    free(img);
}

/* Fields are read a byte at a time, so the image may sit at any alignment. */
static void unaligned_image(void **state)
{
    (void)state;
    size_t size;
    uint8_t *img = load_test_data("tiny-rv64.elf", &size);
    uint8_t *buf = malloc(size + 3);
    assert_non_null(buf);
    memcpy(buf + 3, img, size);
    struct elf_image elf;
    assert_int_equal(elf_open(&elf, buf + 3, size, ELF_CLASS_64, EM_RISCV), ELF_OK);
    assert_int_equal(elf_entry(&elf), 0x10000);
    free(buf);
    free(img);
}

static void wrong_class_or_machine(void **state)
{
    (void)state;
    size_t s64, s32;
    uint8_t *i64 = load_test_data("tiny-rv64.elf", &s64);
    uint8_t *i32 = load_test_data("tiny-rv32.elf", &s32);
    assert_int_equal(elf_check(i64, s64, ELF_CLASS_32, EM_RISCV), ELF_ERR_CLASS);
    assert_int_equal(elf_check(i32, s32, ELF_CLASS_64, EM_RISCV), ELF_ERR_CLASS);
    assert_int_equal(elf_check(i64, s64, ELF_CLASS_64, EM_X86_64), ELF_ERR_MACHINE);
    assert_int_equal(elf_check(i32, s32, ELF_CLASS_32, EM_X86_64), ELF_ERR_MACHINE);
    assert_int_equal(elf_check(i64, s64, 16, EM_RISCV), ELF_ERR_INVAL);
    free(i64);
    free(i32);
}

/* ------------------------------------------------------------------ synthesised images */

static void synthesised_good(void **state)
{
    (void)state;
    for (unsigned cls = 32; cls <= 64; cls += 32) {
        uint8_t *img = good_image(cls);
        struct elf_image elf;
        uint8_t *copy = exact_copy(img, GOOD_SIZE);
        assert_int_equal(elf_open(&elf, copy, GOOD_SIZE, cls, EM_RISCV), ELF_OK);
        assert_int_equal(elf_entry(&elf), GOOD_ENTRY);
        assert_int_equal(elf_num_segments(&elf), 2); /* PT_GNU_STACK is not counted */
        struct elf_segment s;
        assert_int_equal(elf_get_segment(&elf, 1, &s), ELF_OK);
        assert_int_equal(s.vaddr, 0x11000);
        assert_int_equal(s.offset, 0x1000);
        assert_int_equal(s.filesz, 0x100);
        assert_int_equal(s.memsz, 0x800);
        assert_int_equal(s.flags, PF_R | PF_W);
        uint64_t lo, hi;
        elf_image_bounds(&elf, &lo, &hi);
        assert_int_equal(lo, 0x10000);
        assert_int_equal(hi, 0x11800);
        free(copy);
        free(img);
    }
}

static void truncated_header(void **state)
{
    (void)state;
    for (unsigned cls = 32; cls <= 64; cls += 32) {
        uint8_t *img = good_image(cls);
        for (size_t n = 0; n < EHSIZE(cls); n++) {
            int r = check_exact(img, n, cls, EM_RISCV);
            assert_int_equal(r, ELF_ERR_TRUNCATED);
        }
        free(img);
    }
}

/* One-field corruptions of the ELF header. */
static void bad_header_fields(void **state)
{
    (void)state;
    for (unsigned cls = 32; cls <= 64; cls += 32) {
        const struct {
            const char *what;
            unsigned off, width;
            uint64_t value;
            int expect;
        } cases[] = {
            {"magic", 1, 1, 'e', ELF_ERR_BADMAGIC},
            {"class", 4, 1, cls == 64 ? 1 : 2, ELF_ERR_CLASS},
            {"invalid class", 4, 1, 0, ELF_ERR_CLASS},
            {"big-endian", 5, 1, 2, ELF_ERR_ENDIAN},
            {"EI_VERSION", 6, 1, 0, ELF_ERR_VERSION},
            {"e_type ET_DYN", 16, 2, 3, ELF_ERR_TYPE},
            {"e_type ET_REL", 16, 2, 1, ELF_ERR_TYPE},
            {"e_machine", 18, 2, EM_X86_64, ELF_ERR_MACHINE},
            {"e_version", 20, 4, 2, ELF_ERR_VERSION},
            {"e_ehsize", OFF_EHSIZE(cls), 2, EHSIZE(cls) + 8, ELF_ERR_BADHDR},
            {"e_phentsize", OFF_PHENTSIZE(cls), 2, PHENTSIZE(cls) - 4, ELF_ERR_BADHDR},
            {"e_phnum 0", OFF_PHNUM(cls), 2, 0, ELF_ERR_NOSEGMENTS},
            {"e_phnum PN_XNUM", OFF_PHNUM(cls), 2, 0xffff, ELF_ERR_BADHDR},
            {"e_phnum too big", OFF_PHNUM(cls), 2, 200, ELF_ERR_PHDR_RANGE},
            {"e_phoff past end", OFF_PHOFF(cls), cls / 8, GOOD_SIZE + 1, ELF_ERR_PHDR_RANGE},
            {"table straddles end", OFF_PHOFF(cls), cls / 8, GOOD_SIZE - PHENTSIZE(cls),
             ELF_ERR_PHDR_RANGE},
            {"e_phoff wraps", OFF_PHOFF(cls), cls / 8, cls == 64 ? UINT64_MAX - 8 : UINT32_MAX - 8,
             ELF_ERR_PHDR_RANGE},
            {"entry outside segments", OFF_ENTRY, cls / 8, 0x20000, ELF_ERR_ENTRY},
            {"entry in data", OFF_ENTRY, cls / 8, 0x11000, ELF_ERR_ENTRY},
            {"entry one past text", OFF_ENTRY, cls / 8, 0x10200, ELF_ERR_ENTRY},
        };
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
            uint8_t *img = good_image(cls);
            uint8_t *p = img + cases[i].off;
            switch (cases[i].width) {
            case 1:
                *p = (uint8_t)cases[i].value;
                break;
            case 2:
                put16(p, (uint16_t)cases[i].value);
                break;
            case 4:
                put32(p, (uint32_t)cases[i].value);
                break;
            default:
                put64(p, cases[i].value);
                break;
            }
            int r = check_exact(img, GOOD_SIZE, cls, EM_RISCV);
            if (r != cases[i].expect)
                fail_msg("ELF%u %s: got %d (%s), want %d", cls, cases[i].what, r, elf_strerror(r),
                         cases[i].expect);
            free(img);
        }
    }
}

/* One-segment corruptions (index 0 = text, 2 = data). */
static void bad_segments(void **state)
{
    (void)state;
    for (unsigned cls = 32; cls <= 64; cls += 32) {
        uint64_t max = cls == 64 ? UINT64_MAX : UINT32_MAX;
        const struct {
            const char *what;
            unsigned idx;
            struct phspec ph;
            int expect;
        } cases[] = {
            {"filesz > memsz",
             2,
             {PT_LOAD, PF_R | PF_W, 0x1000, 0x11000, 0x100, 0x80, 0x1000},
             ELF_ERR_SEG_SIZE},
            {"data past end of file",
             2,
             {PT_LOAD, PF_R | PF_W, 0x1000, 0x11000, 0x101, 0x800, 0x1000},
             ELF_ERR_SEG_RANGE},
            {"offset past end of file",
             2,
             {PT_LOAD, PF_R | PF_W, 0x2000, 0x12000, 0x10, 0x800, 0x1000},
             ELF_ERR_SEG_RANGE},
            {"offset + filesz wraps",
             2,
             {PT_LOAD, PF_R | PF_W, max - 0xfff, 0x11000, 0x1100, 0x2000, 0x1000},
             ELF_ERR_SEG_RANGE},
            {"vaddr + memsz wraps",
             2,
             {PT_LOAD, PF_R | PF_W, 0x1000, max - 0xfff, 0x100, 0x2000, 0x1000},
             ELF_ERR_SEG_ADDR},
            {"align not a power of two",
             2,
             {PT_LOAD, PF_R | PF_W, 0x1000, 0x11000, 0x100, 0x800, 0x1800},
             ELF_ERR_SEG_ALIGN},
            {"vaddr and offset disagree",
             2,
             {PT_LOAD, PF_R | PF_W, 0x1000, 0x11800, 0x100, 0x800, 0x1000},
             ELF_ERR_SEG_ALIGN},
            {"overlapping",
             2,
             {PT_LOAD, PF_R | PF_W, 0x1000, 0x10100, 0x100, 0x800, 0x100},
             ELF_ERR_SEG_OVERLAP},
            {"unsorted",
             2,
             {PT_LOAD, PF_R | PF_W, 0x1000, 0x1000, 0x100, 0x800, 0x1000},
             ELF_ERR_SEG_OVERLAP},
            {"PT_INTERP", 1, {PT_INTERP, PF_R, 0x200, 0x10200, 0x10, 0x10, 1}, ELF_ERR_INTERP},
            {"empty PT_LOAD ignored", 1, {PT_LOAD, PF_R, 0, 0x5000, 0, 0, 0}, ELF_OK},
            {"PT_NULL ignored", 1, {PT_NULL, 0, max, max, max, max, 3}, ELF_OK},
            {"text not executable",
             0,
             {PT_LOAD, PF_R, 0x0, 0x10000, 0x200, 0x200, 0x1000},
             ELF_ERR_ENTRY},
        };
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
            int r = check_variant(cls, cases[i].idx, &cases[i].ph, GOOD_ENTRY);
            if (r != cases[i].expect)
                fail_msg("ELF%u %s: got %d (%s), want %d", cls, cases[i].what, r, elf_strerror(r),
                         cases[i].expect);
        }
    }
}

/* Segments that touch (end of one == start of next) are disjoint and accepted; by one byte
 * more they overlap. */
static void adjacent_segments(void **state)
{
    (void)state;
    const struct phspec touch = {PT_LOAD, PF_R | PF_W, 0x200, 0x10200, 0x100, 0x100, 0x100};
    assert_int_equal(check_variant(64, 2, &touch, GOOD_ENTRY), ELF_OK);
    const struct phspec overlap = {PT_LOAD, PF_R | PF_W, 0x1FF, 0x101FF, 0x100, 0x100, 1};
    assert_int_equal(check_variant(64, 2, &overlap, GOOD_ENTRY), ELF_ERR_SEG_OVERLAP);
}

/* A 32-bit image may not reach past 4 GiB even though the 64-bit sum would not wrap. */
static void elf32_address_limit(void **state)
{
    (void)state;
    const struct phspec top = {PT_LOAD, PF_R | PF_W, 0x1000, 0xfffff000u, 0x100, 0x1000, 0x1000};
    assert_int_equal(check_variant(32, 2, &top, GOOD_ENTRY), ELF_OK); /* ends at 2^32 */
    const struct phspec over = {PT_LOAD, PF_R | PF_W, 0x1000, 0xfffff000u, 0x100, 0x1001, 0x1000};
    assert_int_equal(check_variant(32, 2, &over, GOOD_ENTRY), ELF_ERR_SEG_ADDR);
}

static void no_loadable_segments(void **state)
{
    (void)state;
    const struct phspec note = {PT_NOTE, PF_R, 0x200, 0, 0x10, 0, 4};
    const struct phspec phs[] = {note, note};
    uint8_t *img = make_elf(64, GOOD_ENTRY, phs, 2, GOOD_SIZE);
    assert_int_equal(check_exact(img, GOOD_SIZE, 64, EM_RISCV), ELF_ERR_NOSEGMENTS);
    free(img);
}

static void empty_load_is_skipped_by_index(void **state)
{
    (void)state;
    const struct phspec phs[] = {
        {PT_LOAD, PF_R, 0, 0x8000, 0, 0, 0x1000}, /* empty: ignored */
        good_ph[0],
        good_ph[2],
    };
    uint8_t *img = make_elf(64, GOOD_ENTRY, phs, 3, GOOD_SIZE);
    struct elf_image elf;
    assert_int_equal(elf_open(&elf, img, GOOD_SIZE, 64, EM_RISCV), ELF_OK);
    assert_int_equal(elf_num_segments(&elf), 2);
    struct elf_segment s;
    assert_int_equal(elf_get_segment(&elf, 0, &s), ELF_OK);
    assert_int_equal(s.vaddr, 0x10000);
    uint64_t lo, hi;
    elf_image_bounds(&elf, &lo, &hi);
    assert_int_equal(lo, 0x10000);
    free(img);
}

static void null_arguments(void **state)
{
    (void)state;
    uint8_t *img = good_image(64);
    struct elf_image elf;
    struct elf_segment s;
    assert_int_equal(elf_open(NULL, img, GOOD_SIZE, 64, EM_RISCV), ELF_ERR_INVAL);
    assert_int_equal(elf_open(&elf, NULL, GOOD_SIZE, 64, EM_RISCV), ELF_ERR_INVAL);
    assert_int_equal(elf_open(&elf, img, GOOD_SIZE, 64, EM_RISCV), ELF_OK);
    assert_int_equal(elf_get_segment(&elf, 0, NULL), ELF_ERR_INVAL);
    assert_int_equal(elf_get_segment(NULL, 0, &s), ELF_ERR_INVAL);
    free(img);
}

static void strerror_covers_all_codes(void **state)
{
    (void)state;
    for (int e = ELF_ERR_INTERP; e <= ELF_OK; e++) {
        const char *s = elf_strerror(e);
        assert_non_null(s);
        assert_string_not_equal(s, "unknown error");
    }
    assert_string_equal(elf_strerror(5), "unknown error");
}

/* ------------------------------------------------------------------ fuzzing */

/* What elf_open promises on success. */
static void check_invariants(const struct elf_image *elf, size_t size)
{
    unsigned n = elf_num_segments(elf);
    assert_true(n >= 1);
    uint64_t prev_end = 0, lo, hi;
    bool entry_ok = false;
    elf_image_bounds(elf, &lo, &hi);
    for (unsigned i = 0; i < n; i++) {
        struct elf_segment s;
        assert_int_equal(elf_get_segment(elf, i, &s), ELF_OK);
        assert_true(s.filesz <= s.memsz);
        assert_true(s.memsz > 0);
        assert_true(s.offset <= size && s.filesz <= size - s.offset);
        assert_true(s.memsz <= UINT64_MAX - s.vaddr);
        assert_true(i == 0 || s.vaddr >= prev_end);
        assert_true(s.vaddr >= lo && s.vaddr + s.memsz <= hi);
        prev_end = s.vaddr + s.memsz;
        if ((s.flags & PF_X) && elf_entry(elf) >= s.vaddr && elf_entry(elf) < prev_end)
            entry_ok = true;
    }
    assert_true(entry_ok);
    assert_int_equal(hi, prev_end);
}

static void fuzz_image(const uint8_t *orig, size_t size, unsigned cls, uint64_t seed,
                       unsigned iterations)
{
    static const uint64_t interesting[] = {0,
                                           1,
                                           2,
                                           0x7f,
                                           0x1000,
                                           0x10000,
                                           0x7fffffff,
                                           0xffffffff,
                                           0x100000000ull,
                                           UINT64_MAX,
                                           UINT64_MAX - 0xfff};
    uint64_t rng = seed;
    uint8_t *work = malloc(size);
    assert_non_null(work);
    /* Mostly hit the headers, where the interesting fields are. */
    size_t hot = EHSIZE(cls) + 8 * PHENTSIZE(cls);
    if (hot > size) hot = size;
    unsigned ok = 0;
    for (unsigned it = 0; it < iterations; it++) {
        memcpy(work, orig, size);
        unsigned n_mut = 1 + (unsigned)(test_rand(&rng) % 4);
        for (unsigned m = 0; m < n_mut; m++) {
            uint64_t r = test_rand(&rng);
            size_t range = (r & 7) == 0 ? size : hot;
            size_t pos = (size_t)((r >> 8) % range);
            switch ((r >> 3) % 3) {
            case 0:
                work[pos] ^= (uint8_t)(1u << ((r >> 40) % 8));
                break;
            case 1:
                work[pos] = (uint8_t)(r >> 48);
                break;
            default: {
                pos &= ~(size_t)3;
                unsigned w = cls / 8;
                if (pos + w > size) break;
                uint64_t v =
                    interesting[(r >> 40) % (sizeof(interesting) / sizeof(interesting[0]))];
                if (w == 8)
                    put64(work + pos, v);
                else
                    put32(work + pos, (uint32_t)v);
                break;
            }
            }
        }
        size_t len = size;
        if (test_rand(&rng) % 8 == 0) len = (size_t)(test_rand(&rng) % (size + 1));
        uint8_t *copy = exact_copy(work, len);
        struct elf_image elf;
        int r = elf_open(&elf, copy, len, cls, EM_RISCV);
        assert_true(r <= ELF_OK && r >= ELF_ERR_INTERP);
        if (r == ELF_OK) {
            check_invariants(&elf, len);
            ok++;
        }
        free(copy);
    }
    free(work);
    assert_true(ok > 0);
}

static void fuzz_tiny_rv64(void **state)
{
    (void)state;
    size_t size;
    uint8_t *img = load_test_data("tiny-rv64.elf", &size);
    fuzz_image(img, size, 64, 0xe1f00001, 4000);
    free(img);
}

static void fuzz_tiny_rv32(void **state)
{
    (void)state;
    size_t size;
    uint8_t *img = load_test_data("tiny-rv32.elf", &size);
    fuzz_image(img, size, 32, 0xe1f00002, 2000);
    free(img);
}

static void fuzz_synthesised(void **state)
{
    (void)state;
    uint8_t *img = good_image(64);
    fuzz_image(img, GOOD_SIZE, 64, 0xe1f00003, 4000);
    free(img);
}

int main(void)
{
    static const struct CMUnitTest tests[] = {
        cmocka_unit_test(tiny_rv64),
        cmocka_unit_test(tiny_rv32),
        cmocka_unit_test(unaligned_image),
        cmocka_unit_test(wrong_class_or_machine),
        cmocka_unit_test(synthesised_good),
        cmocka_unit_test(truncated_header),
        cmocka_unit_test(bad_header_fields),
        cmocka_unit_test(bad_segments),
        cmocka_unit_test(adjacent_segments),
        cmocka_unit_test(elf32_address_limit),
        cmocka_unit_test(no_loadable_segments),
        cmocka_unit_test(empty_load_is_skipped_by_index),
        cmocka_unit_test(null_arguments),
        cmocka_unit_test(strerror_covers_all_codes),
        cmocka_unit_test(fuzz_tiny_rv64),
        cmocka_unit_test(fuzz_tiny_rv32),
        cmocka_unit_test(fuzz_synthesised),
    };
    return run_host_tests(tests);
}
