/* Flattened devicetree (DTB v17) reader.  See lib/fdt.h for what is extracted and why.
 *
 * Blob layout (Devicetree Specification, "Flattened Devicetree (DTB) Format"): a 40-byte
 * big-endian header, a memory reservation block of (u64 address, u64 size) pairs ended by a
 * (0, 0) pair, a structure block of 4-byte-aligned tokens, and a strings block holding
 * NUL-terminated property names referenced by offset.
 *
 * Safety argument, in short:
 *  - read_header() proves header, structure block and strings block lie inside
 *    min(totalsize, buf_size); offsets are combined in 64-bit arithmetic so they cannot wrap.
 *  - walk() only reads inside the structure block and proves every name NUL-terminated
 *    inside its block before anyone treats it as a C string.
 *  - Every token advances the cursor by >= 4 bytes, so a walk takes at most size/4 steps.
 *  - Nesting is tracked in a fixed array of FDT_MAX_DEPTH + 1 levels; deeper trees are
 *    rejected instead of recursing.
 *  - Property values are only interpreted after their length has been checked.
 *
 * Speed matters (this runs on every boot, and boot time is measured), so one walk normally
 * validates and extracts everything: property names are classified once per name offset
 * and then looked up, and words are loaded whole where aligned.  Only the stdout UART can
 * need more, see fdt_parse(). */
#include <lib/fdt.h>
#include <lib/string.h>

#define FDT_MAGIC 0xd00dfeedu
#define FDT_VERSION 17u
#define FDT_HEADER_SIZE 40u

/* Structure block tokens. */
#define FDT_BEGIN_NODE 1u
#define FDT_END_NODE 2u
#define FDT_PROP 3u
#define FDT_NOP 4u
#define FDT_END 9u

/* Defaults when a node has no #address-cells / #size-cells (spec: 2 and 1). */
#define DEFAULT_ADDR_CELLS 2u
#define DEFAULT_SIZE_CELLS 1u

/* Big-endian 32-bit value.  Computed and returned in 64 bits: a uint32_t costs RV64 extra
 * instructions to sign- and then zero-extend. */
static uint64_t be32(const uint8_t *p)
{
    return (uint64_t)p[0] << 24 | (uint64_t)p[1] << 16 | (uint64_t)p[2] << 8 | p[3];
}

static inline uint64_t be64(const uint8_t *p)
{
    return be32(p) << 32 | be32(p + 4);
}

/* ------------------------------------------------------------------ header */

struct blob {
    const uint8_t *base;
    uint32_t total;    /* totalsize, already known to be <= buf_size */
    const uint8_t *st; /* structure block */
    uint32_t st_size;
    const char *str;    /* strings block */
    uint32_t names_end; /* name offsets must be below this: just past the strings block's last
                           NUL (0 if it has none) */
    uint32_t rsv_off;   /* memory reservation block, offset from base */
};

/* True if [off, off + size) lies inside [0, total).  64-bit sums cannot wrap for u32 inputs. */
static bool in_bounds(uint32_t off, uint32_t size, uint32_t total)
{
    return (uint64_t)off + size <= total;
}

static int read_header(const void *blob, size_t buf_size, struct blob *b)
{
    const uint8_t *p = blob;

    if (blob == NULL) return FDT_ERR_INVAL;
    if (buf_size < 4) return FDT_ERR_TRUNCATED;
    if (be32(p) != FDT_MAGIC) return FDT_ERR_BADMAGIC;
    if (buf_size < FDT_HEADER_SIZE) return FDT_ERR_TRUNCATED;

    uint32_t total = be32(p + 4);
    uint32_t off_struct = be32(p + 8);
    uint32_t off_strings = be32(p + 12);
    uint32_t off_rsvmap = be32(p + 16);
    uint32_t version = be32(p + 20);
    uint32_t last_comp = be32(p + 24);
    uint32_t size_strings = be32(p + 32);
    uint32_t size_struct = be32(p + 36);

    /* size_dt_struct only exists from version 17 on, and a blob that needs a newer reader
     * (last_comp_version > 17) may have changed the layout under us. */
    if (version < FDT_VERSION || last_comp > FDT_VERSION) return FDT_ERR_BADVERSION;
    if (total < FDT_HEADER_SIZE || total > buf_size) return FDT_ERR_TRUNCATED;

    /* Blocks must not overlap the header and must respect the spec's alignment: the token
     * stream is 4-byte aligned, reservation entries are 8-byte aligned. */
    if (off_struct < FDT_HEADER_SIZE || off_strings < FDT_HEADER_SIZE ||
        off_rsvmap < FDT_HEADER_SIZE)
        return FDT_ERR_BADSTRUCTURE;
    if ((off_struct & 3u) != 0 || (off_rsvmap & 7u) != 0) return FDT_ERR_BADSTRUCTURE;
    if (!in_bounds(off_struct, size_struct, total) ||
        !in_bounds(off_strings, size_strings, total) || off_rsvmap >= total)
        return FDT_ERR_TRUNCATED;

    b->base = p;
    b->total = total;
    b->st = p + off_struct;
    b->st_size = size_struct;
    b->str = (const char *)p + off_strings;
    /* A name starting before the block's last NUL ends at or before it; one starting after
     * it is unterminated.  So one comparison per property validates its name offset.  The
     * block normally ends in a NUL, and then this loop stops at once. */
    uint32_t names_end = size_strings;
    while (names_end > 0 && b->str[names_end - 1] != '\0')
        names_end--;
    b->names_end = names_end;
    b->rsv_off = off_rsvmap;
    return FDT_OK;
}

uint32_t fdt_total_size(const void *blob, size_t buf_size)
{
    struct blob b;
    return read_header(blob, buf_size, &b) == FDT_OK ? b.total : 0;
}

/* ------------------------------------------------------------------ reading the blob */

/* For 4-byte loads at 4-aligned addresses inside the blob, which is untyped memory. */
typedef uint32_t __attribute__((may_alias)) word32;

/* A structure-block token as a plain 32-bit load of its big-endian encoding sees it, so that
 * tokens can be told apart without byte swapping. */
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define TOKEN(t) ((uint32_t)(t))
#else
#define TOKEN(t) ((uint32_t)(t) << 24)
#endif

/* The 4 bytes at p as a plain load would see them.  aligned: p is 4-aligned. */
static uint32_t load32(const uint8_t *p, bool aligned)
{
    if (aligned) return *(const word32 *)p;
    union {
        uint8_t b[4];
        uint32_t w;
    } u = {{p[0], p[1], p[2], p[3]}};
    return u.w;
}

/* Length of the string at s, of which max bytes may be read; max if there is no NUL.  Where
 * s is 4-aligned (node names and property values start at 4-aligned offsets of the structure
 * block, so this is the usual case) whole words are tested at once. */
static inline __attribute__((always_inline)) size_t str_len(const char *s, size_t max)
{
    const char *p = s, *end = s + max;
    if (((uintptr_t)s & 3) == 0) {
        for (; end - p >= 4; p += 4) {
            uint64_t w = *(const word32 *)p; /* 64-bit arithmetic: no sign extension */
            if (((w - 0x01010101u) & ~w & 0x80808080u) != 0) { /* a zero in p[0..3] */
                while (*p != '\0')
                    p++;
                return (size_t)(p - s);
            }
        }
    }
    while (p < end && *p != '\0')
        p++;
    return (size_t)(p - s);
}

/* The structure-block cursor after an item ending at o: rounded up to the next token.  With
 * the final padding missing this lies up to 3 bytes past the block end, which the next
 * token read rejects.  (o <= end < 2^32: no wrap.) */
static size_t token_align(size_t o)
{
    return (o + 3) & ~(size_t)3;
}

/* The offset of the token after the node name at st[o..end) (o is 4-aligned), 0 if the name
 * is not NUL-terminated inside the block.  Only the word holding the NUL matters, not its
 * exact place, so aligned names are scanned a word at a time. */
static size_t skip_name(const uint8_t *st, size_t o, size_t end)
{
    if (((uintptr_t)(st + o) & 3) == 0 && end - o >= 4) {
        const uint8_t *p = st + o, *last = st + end - 4; /* the last whole word */
        for (; p <= last; p += 4) {
            uint64_t w = *(const word32 *)p; /* 64-bit arithmetic: no sign extension */
            if (((w - 0x01010101u) & ~w & 0x80808080u) != 0) return (size_t)(p - st) + 4;
        }
        o = (size_t)(p - st);
    }
    for (; o < end; o++) {
        if (st[o] == '\0') return token_align(o + 1);
    }
    return 0;
}

/* s (NUL-terminated) equals the string literal lit. */
static inline bool str_is(const char *s, const char *lit)
{
    while (*lit != '\0' && *s == *lit) {
        s++;
        lit++;
    }
    return *s == *lit;
}

/* s (NUL-terminated) begins with the string literal lit. */
static inline bool str_starts(const char *s, const char *lit)
{
    while (*lit != '\0' && *s == *lit) {
        s++;
        lit++;
    }
    return *lit == '\0';
}

/* a[0..n) == b[0..n).  Inline, unlike kmemcmp(), so that callers can stay leaf functions. */
static inline bool mem_eq(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (a[i] != b[i]) return false;
    }
    return true;
}

/* s[0..n) is exactly the string literal lit. */
#define NAME_IS(s, n, lit) ((n) == sizeof(lit) - 1 && mem_eq((s), (lit), sizeof(lit) - 1))

/* ------------------------------------------------------------------ property names */

/* The property names the reader acts on.  P_REG..P_MODEL are remembered per node (until
 * its first subnode); the others are consumed as they are seen. */
enum prop_id {
    P_UNCLASSIFIED, /* 0, so that a zeroed name cache means "not classified yet" */
    P_REG,
    P_COMPATIBLE,
    P_DEVICE_TYPE,
    P_STATUS,
    P_INTERRUPTS,
    P_INTERRUPTS_EXT,
    P_REG_SHIFT,
    P_CLOCK_FREQ,
    P_NDEV,
    P_TIMEBASE,
    P_MODEL,
    P_ADDR_CELLS,
    P_SIZE_CELLS,
    P_RANGES,
    P_STDOUT,
    P_LINUX_STDOUT,
    P_OTHER,
};

/* Maps a NUL-terminated property name to its prop_id.  Dispatching on the first character
 * keeps this to a compare or two per name. */
static unsigned classify(const char *s)
{
    switch (s[0]) {
    case '#':
        return str_is(s, "#address-cells") ? P_ADDR_CELLS
               : str_is(s, "#size-cells")  ? P_SIZE_CELLS
                                           : P_OTHER;
    case 'c':
        return str_is(s, "compatible")        ? P_COMPATIBLE
               : str_is(s, "clock-frequency") ? P_CLOCK_FREQ
                                              : P_OTHER;
    case 'd':
        return str_is(s, "device_type") ? P_DEVICE_TYPE : P_OTHER;
    case 'i': /* many names start "interrupt": compare that part once */
        if (!str_starts(s, "interrupts")) return P_OTHER;
        return s[10] == '\0'                 ? P_INTERRUPTS
               : str_is(s + 10, "-extended") ? P_INTERRUPTS_EXT
                                             : P_OTHER;
    case 'l':
        return str_is(s, "linux,stdout-path") ? P_LINUX_STDOUT : P_OTHER;
    case 'm':
        return str_is(s, "model") ? P_MODEL : P_OTHER;
    case 'r':
        if (str_starts(s, "reg"))
            return s[3] == '\0' ? P_REG : str_is(s + 3, "-shift") ? P_REG_SHIFT : P_OTHER;
        return str_is(s, "ranges") ? P_RANGES : str_is(s, "riscv,ndev") ? P_NDEV : P_OTHER;
    case 's':
        return str_is(s, "status") ? P_STATUS : str_is(s, "stdout-path") ? P_STDOUT : P_OTHER;
    case 't':
        return str_is(s, "timebase-frequency") ? P_TIMEBASE : P_OTHER;
    default:
        return P_OTHER;
    }
}

/* ------------------------------------------------------------------ property values */

struct prop {
    const uint8_t *p;
    size_t len; /* < 2^32; size_t saves RV64 instructions to extend it */
};

/* The value (pr NULL: property absent) is exactly the string lit, NUL-terminated inside the
 * value (anything after the NUL is ignored). */
#define PROP_IS(pr, lit)                                                                           \
    ((pr) != NULL && (pr)->len >= sizeof(lit) && (pr)->p[sizeof(lit) - 1] == '\0' &&               \
     mem_eq((const char *)(pr)->p, (lit), sizeof(lit) - 1))

/* "status" absent, "okay" or (legacy) "ok" means the device is usable. */
static bool prop_available(const struct prop *status)
{
    return status == NULL || PROP_IS(status, "okay") || PROP_IS(status, "ok");
}

/* Which of the devices we look for a "compatible" string list names. */
enum { COMPAT_UART = 1, COMPAT_PLIC = 2, COMPAT_CLINT = 4, COMPAT_TEST = 8 };

/* The device class named by the compatible entry s[0..n), 0 if none of ours. */
static unsigned compat_class(const char *s, size_t n)
{
    switch (n) { /* dispatch on the length: most entries are rejected right here */
    case 7:
        return NAME_IS(s, n, "ns16550") ? COMPAT_UART : 0;
    case 8:
        return NAME_IS(s, n, "ns16550a") ? COMPAT_UART : 0;
    case 11:
        return NAME_IS(s, n, "riscv,plic0") ? COMPAT_PLIC : 0;
    case 12:
        return NAME_IS(s, n, "riscv,clint0")                                    ? COMPAT_CLINT
               : NAME_IS(s, n, "sifive,test1") || NAME_IS(s, n, "sifive,test0") ? COMPAT_TEST
                                                                                : 0;
    case 13:
        return NAME_IS(s, n, "sifive,clint0") ? COMPAT_CLINT : 0;
    case 17:
        return NAME_IS(s, n, "sifive,plic-1.0.0") ? COMPAT_PLIC : 0;
    default:
        return 0;
    }
}

/* The classes of every entry of a "compatible" string list. */
static unsigned compat_classes(const struct prop *pr)
{
    const char *s = (const char *)pr->p, *end = s + pr->len;
    unsigned cls = 0;
    while (s < end) { /* s advances by >= 1; it ends at most one past end (no NUL) */
        size_t n = str_len(s, (size_t)(end - s)); /* the last string may lack its NUL */
        cls |= compat_class(s, n);
        if (n == (size_t)(end - s)) break;
        s += n + 1;
    }
    return cls;
}

/* A 32-bit integer property; one- or two-cell encodings are accepted (the spec allows <u64>
 * for frequencies), the latter only when the value fits. */
static int prop_u32(const struct prop *pr, uint32_t *v)
{
    if (pr->len == 4) {
        *v = be32(pr->p);
        return FDT_OK;
    }
    if (pr->len == 8 && be32(pr->p) == 0) {
        *v = be32(pr->p + 4);
        return FDT_OK;
    }
    return FDT_ERR_BADVALUE;
}

/* Reads an n-cell (n <= 2) big-endian number. */
static inline uint64_t read_cells(const uint8_t *p, uint32_t n)
{
    return n == 2 ? be64(p) : n == 1 ? be32(p) : 0;
}

/* ------------------------------------------------------------------ walk state */

enum node_kind { KIND_OTHER, KIND_ROOT, KIND_CHOSEN, KIND_ALIASES, KIND_CPUS, KIND_RESMEM };

/* What is remembered about each ancestor of the current node. */
struct level {
    uint32_t addr_cells, size_cells; /* this node's #address-cells / #size-cells */
    struct prop ranges;
    int path_pos; /* index into ctx->path just past this node's component, -1: no match */
    uint8_t kind; /* enum node_kind */
};

/* Property names are classified once per string-block offset below this (a tree uses a few
 * dozen names for hundreds of properties) and the result kept in ctx->name_ids.  Larger
 * offsets are classified each time they occur. */
#define NAME_CACHE_SIZE 512

struct ctx {
    /* Up to lv, fdt_parse() zeroes the context. */
    struct blob b;
    struct platform_info *out;
    bool extracting;        /* run extract() on each node (false: looking for an alias, or
                               after an error) */
    bool track_path;        /* first walk: take up stdout-path as soon as /chosen ends */
    bool looking_for_alias; /* alias walk: find alias_value */
    int err; /* reservation-map error, else first extraction error; stops extraction */

    uint32_t present; /* bit i: props[i] was seen on the current node */
    bool memory_name; /* the current depth-1 node is named "memory" or "memory@..." */

    struct prop stdout_path, linux_stdout_path; /* from /chosen */
    struct prop alias_value;                    /* /aliases entry named by `path` */
    bool uart_decided;                          /* a UART was judged against `path`... */
    bool uart_stale; /* ...and then a /chosen stdout-path was taken up (first walk) */

    struct { /* extraction progress */
        bool have_uart, have_plic, have_clint, have_test, have_cpus_tb, have_cpu_tb;
        uint32_t cpus_tb, cpu_tb;
    } f;

    /* Written before being read: a level when its node begins, props[i] with bit i of
     * present, path up to its NUL. */
    struct level lv[FDT_MAX_DEPTH + 1];
    /* Properties of the node whose property list is being read.  One set suffices because
     * all properties of a node precede its subnodes (enforced by the walk). */
    struct prop props[P_MODEL + 1];
    /* stdout-path without ":options": a full path, an alias until resolved (matching no
     * node, as it lacks the leading '/'), or "" */
    char path[FDT_MAX_PATH];

    /* Cleared only as far as name offsets can reach. */
    uint8_t name_ids[NAME_CACHE_SIZE] __attribute__((aligned(8))); /* prop_id by name offset */
};

/* The prop_id of the (valid) name at nameoff, on a name_ids miss. */
static __attribute__((noinline)) size_t prop_id_slow(struct ctx *c, size_t nameoff)
{
    size_t id = classify(c->b.str + nameoff);
    if (nameoff < NAME_CACHE_SIZE) c->name_ids[nameoff] = (uint8_t)id;
    return id;
}

/* The current node's property id, NULL if it has none. */
static const struct prop *node_prop(const struct ctx *c, enum prop_id id)
{
    return c->present & (1u << id) ? &c->props[id] : NULL;
}

/* Copies a stdout-path-like value into dst, stopping at NUL or ':' (the options separator).
 * Leaves dst empty when the value is unterminated or does not fit. */
static void copy_path(char *dst, const struct prop *pr)
{
    dst[0] = '\0';
    if (pr->p == NULL) return;
    size_t n = str_len((const char *)pr->p, pr->len);
    if (n == pr->len) return; /* not a string */
    for (size_t i = 0; i < n; i++) {
        if (pr->p[i] == ':') {
            n = i;
            break;
        }
    }
    if (n >= FDT_MAX_PATH) return;
    kmemcpy(dst, pr->p, n);
    dst[n] = '\0';
}

/* The stdout-path value that counts: "stdout-path", else "linux,stdout-path". */
static const struct prop *chosen_stdout(const struct ctx *c)
{
    return c->stdout_path.p != NULL ? &c->stdout_path : &c->linux_stdout_path;
}

/* Path matching for the node being entered at level lvl (> 0), named name (NUL-terminated).
 * The parent's path_pos points at the '/' that should precede this node's component in
 * ctx->path.  A component without '@' may also match a node name by its part before '@' (the
 * spec allows omitting the unit address when unambiguous; the first such node wins here). */
static int match_component(const struct ctx *c, size_t lvl, const char *name)
{
    int p = c->lv[lvl - 1].path_pos;
    if (p < 0 || c->path[p] != '/') return -1;
    const char *comp = c->path + p + 1;
    if (comp[0] != name[0]) return -1; /* quick reject */
    size_t clen = 0;
    bool has_at = false;
    while (comp[clen] != '\0' && comp[clen] != '/') { /* bounded: path is NUL-terminated */
        if (comp[clen] == '@') has_at = true;
        clen++;
    }
    if (clen == 0) return -1;
    /* name[0..clen) == comp[0..clen); stops at name's NUL, which comp has no match for. */
    for (size_t i = 0; i < clen; i++) {
        if (name[i] != comp[i]) return -1;
    }
    if (name[clen] != '\0' && (has_at || name[clen] != '@')) return -1;
    return p + 1 + (int)clen;
}

/* ------------------------------------------------------------------ extraction */

static int add_region(struct fdt_region *arr, unsigned *n, bool *truncated, uint64_t base,
                      uint64_t size)
{
    if (size == 0) return FDT_OK;
    /* Region must end at or below 2^64: size <= 2^64 - base. */
    if (size - 1 > UINT64_MAX - base) return FDT_ERR_BADVALUE;
    if (*n >= FDT_MAX_REGIONS) {
        *truncated = true;
        return FDT_OK;
    }
    arr[*n].base = base;
    arr[*n].size = size;
    (*n)++;
    return FDT_OK;
}

/* Translates *addr through one bus's non-empty "ranges" (child address cells cac, parent
 * address cells pac, size cells sc).  False if no entry maps it or the cell counts are not
 * handled.  Out of line: most buses have empty ranges, and the common path stays light. */
static __attribute__((noinline)) bool translate_bus(const struct prop *ranges, uint32_t cac,
                                                    uint32_t pac, uint32_t sc, uint64_t *addr)
{
    if (cac < 1 || cac > 2 || pac < 1 || pac > 2 || sc < 1 || sc > 2) return false;
    size_t ent = (cac + pac + sc) * 4;
    for (size_t o = 0; ent <= ranges->len - o; o += ent) {
        const uint8_t *e = ranges->p + o;
        uint64_t child = read_cells(e, cac);
        uint64_t parent = read_cells(e + cac * 4, pac);
        uint64_t size = read_cells(e + (cac + pac) * 4, sc);
        if (*addr >= child && *addr - child < size) {
            uint64_t off = *addr - child;
            if (off > UINT64_MAX - parent) return false;
            *addr = parent + off;
            return true;
        }
    }
    return false;
}

/* Translates addr from the address space of the bus at level `bus` to the root's space by
 * applying each ancestor's "ranges".  Returns false if some bus does not map the address (or
 * uses cell counts this reader does not handle, e.g. PCI's 3-cell addresses). */
static bool translate(const struct ctx *c, size_t bus, uint64_t *addr)
{
    for (size_t l = bus; l > 0; l--) { /* at most FDT_MAX_DEPTH iterations */
        const struct level *lv = &c->lv[l];
        if (lv->ranges.p == NULL || lv->ranges.len == 0) continue; /* identity, see fdt.h */
        if (!translate_bus(&lv->ranges, lv->addr_cells, c->lv[l - 1].addr_cells, lv->size_cells,
                           addr))
            return false;
    }
    return true;
}

/* Number of (address, size) entries in reg (of a node at level lvl), validated against the
 * parent's cell counts. */
static int reg_count(const struct ctx *c, size_t lvl, const struct prop *reg, unsigned *count)
{
    const struct level *parent = &c->lv[lvl - 1];
    uint32_t ac = parent->addr_cells, sc = parent->size_cells;
    if (ac < 1 || ac > 2 || sc > 2) return FDT_ERR_BADVALUE;
    uint32_t ent = (ac + sc) * 4;
    if (reg->len % ent != 0) return FDT_ERR_BADVALUE;
    *count = reg->len / ent;
    return FDT_OK;
}

/* Entry idx of reg (reg_count() must have succeeded), base translated to a CPU physical
 * address.  Returns false if the address is not CPU-visible. */
static bool reg_entry(const struct ctx *c, size_t lvl, const struct prop *reg, unsigned idx,
                      uint64_t *base, uint64_t *size)
{
    const struct level *parent = &c->lv[lvl - 1];
    uint32_t ac = parent->addr_cells, sc = parent->size_cells;
    const uint8_t *e = reg->p + (size_t)idx * (ac + sc) * 4;
    *base = read_cells(e, ac);
    *size = read_cells(e + ac * 4, sc);
    return translate(c, lvl - 1, base);
}

/* Adds every entry of the current node's reg to a region list. */
static int add_reg_regions(struct ctx *c, size_t lvl, const struct prop *reg,
                           struct fdt_region *arr, unsigned *n, bool *truncated)
{
    unsigned count;
    int err = reg_count(c, lvl, reg, &count);
    if (err != FDT_OK) return err;
    for (unsigned i = 0; i < count; i++) {
        uint64_t base, size;
        if (!reg_entry(c, lvl, reg, i, &base, &size)) continue;
        err = add_region(arr, n, truncated, base, size);
        if (err != FDT_OK) return err;
    }
    return FDT_OK;
}

/* First entry of a device node's reg.  *found is false if there is none or it is not
 * CPU-visible; malformed values are errors. */
static int device_reg(const struct ctx *c, size_t lvl, const struct prop *reg, uint64_t *base,
                      uint64_t *size, bool *found)
{
    unsigned count;
    *found = false;
    int err = reg_count(c, lvl, reg, &count);
    if (err != FDT_OK) return err;
    if (count == 0 || !reg_entry(c, lvl, reg, 0, base, size)) return FDT_OK;
    if (*size != 0 && *size - 1 > UINT64_MAX - *base) return FDT_ERR_BADVALUE;
    *found = true;
    return FDT_OK;
}

static int extract_uart(struct ctx *c, size_t lvl, const struct prop *reg, bool is_stdout)
{
    struct platform_info *o = c->out;
    uint64_t base, size;
    bool found;
    uint32_t irq = 0, shift = 0, clock = 0;

    /* Keep the first UART unless this one is the stdout UART and the kept one is not. */
    if (c->f.have_uart && (!is_stdout || o->uart_is_stdout)) return FDT_OK;
    int err = device_reg(c, lvl, reg, &base, &size, &found);
    if (err != FDT_OK || !found) return err;

    const struct prop *intr = node_prop(c, P_INTERRUPTS), *ext = node_prop(c, P_INTERRUPTS_EXT);
    const struct prop *pshift = node_prop(c, P_REG_SHIFT), *pclock = node_prop(c, P_CLOCK_FREQ);
    if (intr != NULL) {
        if (intr->len < 4 || intr->len % 4 != 0) return FDT_ERR_BADVALUE;
        irq = be32(intr->p);
    } else if (ext != NULL) {
        if (ext->len < 8 || ext->len % 4 != 0) return FDT_ERR_BADVALUE;
        irq = be32(ext->p + 4);
    }
    if (pshift != NULL && (err = prop_u32(pshift, &shift)) != FDT_OK) return err;
    if (shift >= 32) return FDT_ERR_BADVALUE; /* 1 << shift must be a sane stride */
    if (pclock != NULL && (err = prop_u32(pclock, &clock)) != FDT_OK) return err;

    o->uart_base = base;
    o->uart_size = size;
    o->uart_irq = irq;
    o->uart_reg_shift = shift;
    o->uart_clock = clock;
    o->uart_is_stdout = is_stdout;
    c->f.have_uart = true;
    return FDT_OK;
}

/* Records base/size of the first matching node. */
static int extract_simple(struct ctx *c, size_t lvl, const struct prop *reg, bool *have,
                          uint64_t *base, uint64_t *size)
{
    if (*have) return FDT_OK;
    bool found;
    uint64_t b, s;
    int err = device_reg(c, lvl, reg, &b, &s, &found);
    if (err != FDT_OK || !found) return err;
    *base = b;
    *size = s;
    *have = true;
    return FDT_OK;
}

/* The root's model. */
static void extract_model(struct ctx *c)
{
    struct platform_info *o = c->out;
    const struct prop *model = node_prop(c, P_MODEL);
    if (model == NULL) return;
    size_t len = str_len((const char *)model->p, model->len);
    if (len >= sizeof(o->model)) len = sizeof(o->model) - 1;
    kmemcpy(o->model, model->p, len);
    o->model[len] = '\0';
}

static int extract_devices(struct ctx *c, size_t lvl);

/* Memory, reservations and CPUs: nodes at level 1 or 2 (and then devices, as any node). */
static __attribute__((noinline)) int extract_system(struct ctx *c, size_t lvl)
{
    struct platform_info *o = c->out;
    uint8_t kind = c->lv[lvl].kind, parent_kind = c->lv[lvl - 1].kind;
    const struct prop *reg = node_prop(c, P_REG), *dtype = node_prop(c, P_DEVICE_TYPE);
    const struct prop *tb = node_prop(c, P_TIMEBASE);
    int err;

    if (lvl == 1 && reg != NULL &&
        (PROP_IS(dtype, "memory") || (dtype == NULL && c->memory_name))) {
        return add_reg_regions(c, lvl, reg, o->mem, &o->n_mem, &o->mem_truncated);
    }
    if (lvl == 2 && parent_kind == KIND_RESMEM && reg != NULL) {
        return add_reg_regions(c, lvl, reg, o->reserved, &o->n_reserved, &o->reserved_truncated);
    }
    if (kind == KIND_CPUS && tb != NULL) {
        if ((err = prop_u32(tb, &c->f.cpus_tb)) != FDT_OK) return err;
        c->f.have_cpus_tb = true;
    }
    if (lvl == 2 && parent_kind == KIND_CPUS && PROP_IS(dtype, "cpu")) {
        o->n_cpus++;
        if (!c->f.have_cpu_tb && tb != NULL) {
            if ((err = prop_u32(tb, &c->f.cpu_tb)) != FDT_OK) return err;
            c->f.have_cpu_tb = true;
        }
    }
    return extract_devices(c, lvl);
}

/* A node at level lvl with a reg and a compatible entry of each class in cls. */
static __attribute__((noinline)) int extract_device(struct ctx *c, size_t lvl,
                                                    const struct prop *reg, unsigned cls)
{
    struct platform_info *o = c->out;
    int err;

    if (cls & COMPAT_UART) {
        int pos = c->lv[lvl].path_pos;
        c->uart_decided = true;
        if ((err = extract_uart(c, lvl, reg, pos >= 0 && c->path[pos] == '\0')) != FDT_OK)
            return err;
    }
    if (cls & COMPAT_PLIC) {
        bool had_plic = c->f.have_plic;
        err = extract_simple(c, lvl, reg, &c->f.have_plic, &o->plic_base, &o->plic_size);
        if (err != FDT_OK) return err;
        const struct prop *ndev = node_prop(c, P_NDEV);
        if (!had_plic && c->f.have_plic && ndev != NULL &&
            (err = prop_u32(ndev, &o->plic_ndev)) != FDT_OK)
            return err;
    }
    if (cls & COMPAT_CLINT) {
        err = extract_simple(c, lvl, reg, &c->f.have_clint, &o->clint_base, &o->clint_size);
        if (err != FDT_OK) return err;
    }
    if (cls & COMPAT_TEST)
        return extract_simple(c, lvl, reg, &c->f.have_test, &o->test_base, &o->test_size);
    return FDT_OK;
}

/* Devices: a node with a reg and a compatible entry we look for. */
static int extract_devices(struct ctx *c, size_t lvl)
{
    /* Every device is recorded by its reg: without one a node changes nothing. */
    const struct prop *compat = node_prop(c, P_COMPATIBLE), *reg = node_prop(c, P_REG);
    if (compat == NULL || reg == NULL) return FDT_OK;
    unsigned cls = compat_classes(compat);
    return cls == 0 ? FDT_OK : extract_device(c, lvl, reg, cls);
}

/* Runs once per node, after its last property and before its first subnode, so that the
 * parent's cell counts and every ancestor's ranges are at hand. */
static int extract(struct ctx *c, size_t lvl)
{
    if (!prop_available(node_prop(c, P_STATUS))) return FDT_OK;
    if (lvl == 0) {
        extract_model(c);
        return FDT_OK;
    }
    uint8_t parent_kind = c->lv[lvl - 1].kind;
    if (lvl == 1 || parent_kind == KIND_RESMEM || parent_kind == KIND_CPUS)
        return extract_system(c, lvl);
    return extract_devices(c, lvl);
}

/* ------------------------------------------------------------------ the walk */

/* Called once per node, when its property list ends.  Below the root, a node without any
 * of these properties cannot be one extract() records. */
static void finish_props(struct ctx *c, size_t lvl)
{
    const uint32_t wanted = 1u << P_REG | 1u << P_DEVICE_TYPE | 1u << P_TIMEBASE;
    if (c->extracting && (lvl == 0 || (c->present & wanted) != 0)) {
        c->err = extract(c, lvl);
        c->extracting = c->err == FDT_OK; /* stop at the first error */
    }
}

static void begin_node(struct ctx *c, size_t lvl, const char *name)
{
    struct level *lv = &c->lv[lvl];

    lv->addr_cells = DEFAULT_ADDR_CELLS;
    lv->size_cells = DEFAULT_SIZE_CELLS;
    lv->ranges.p = NULL;
    lv->ranges.len = 0;
    lv->kind = KIND_OTHER;
    c->present = 0;
    if (lvl == 0) {
        lv->kind = KIND_ROOT;
        lv->path_pos = c->path[0] == '/' ? 0 : -1;
        return;
    }
    lv->path_pos = match_component(c, lvl, name);
    if (lvl == 1) {
        c->memory_name = false;
        switch (name[0]) { /* a compare or two per node */
        case 'a':
            if (str_is(name, "aliases")) lv->kind = KIND_ALIASES;
            break;
        case 'c':
            if (str_is(name, "chosen"))
                lv->kind = KIND_CHOSEN;
            else if (str_is(name, "cpus"))
                lv->kind = KIND_CPUS;
            break;
        case 'm':
            c->memory_name =
                str_is(name, "memory") || (str_starts(name, "memory@") && name[7] != '\0');
            break;
        case 'r':
            if (str_is(name, "reserved-memory")) lv->kind = KIND_RESMEM;
            break;
        }
    }
}

/* A property of the node at level lvl, its name at nameoff known to be terminated and
 * classified as id. */
static int property(struct ctx *c, size_t lvl, size_t id, size_t nameoff, const uint8_t *val,
                    size_t len)
{
    struct level *lv = &c->lv[lvl];
    struct prop pr = {val, len};

    if (id <= P_MODEL) {
        c->props[id] = pr;
        c->present |= 1u << id;
    } else if (id == P_ADDR_CELLS || id == P_SIZE_CELLS) {
        if (len != 4) return FDT_ERR_BADVALUE;
        /* Stored as-is; users reject counts they cannot handle, so a silly value on a node
         * nobody looks at does not fail the boot. */
        if (id == P_ADDR_CELLS)
            lv->addr_cells = be32(val);
        else
            lv->size_cells = be32(val);
    } else if (id == P_RANGES) {
        lv->ranges = pr;
    } else if (id != P_OTHER && lvl == 1 && lv->kind == KIND_CHOSEN) {
        if (id == P_STDOUT)
            c->stdout_path = pr;
        else
            c->linux_stdout_path = pr;
    }
    if (c->looking_for_alias && lvl == 1 && lv->kind == KIND_ALIASES &&
        kstrcmp(c->b.str + nameoff, c->path) == 0)
        c->alias_value = pr;
    return FDT_OK;
}

/* First walk only, at the end of a /chosen node: match UARTs against its stdout-path from
 * now on (an alias matches nothing; it is resolved after the walk).  A UART judged before,
 * against another path, makes fdt_parse() extract again. */
static void chosen_done(struct ctx *c)
{
    const struct prop *pr = chosen_stdout(c);
    if (pr->p == NULL) return; /* no stdout-path so far: nothing changes */
    if (c->uart_decided) c->uart_stale = true;
    copy_path(c->path, pr);
    c->lv[0].path_pos = c->path[0] == '/' ? 0 : -1; /* the root is the only open node */
}

enum { BEFORE_ROOT = -1, AFTER_ROOT = -2 };

/* One pass over the structure block, validating it as it goes.  Returns structural errors;
 * extraction errors are left in c->err.  Reads only inside the structure block and proves
 * every name NUL-terminated inside its block before treating it as a C string. */
static int walk(struct ctx *c)
{
    const uint8_t *st = c->b.st;
    const bool aligned = ((uintptr_t)st & 3) == 0; /* then so is every token */
    const size_t end = c->b.st_size, names_end = c->b.names_end;
    const bool want_alias = c->looking_for_alias;
    size_t o = 0;             /* cursor: a token, or up to 3 bytes past the block end */
    long depth = BEFORE_ROOT; /* level of the current node, or BEFORE_ROOT / AFTER_ROOT */
    bool props_open = false;  /* the current node has no subnode yet: properties may follow */
    int err;

    for (;;) { /* terminates: each token advances o by >= 4, and o never passes end + 3 */
        if (o + 4 > end) return FDT_ERR_BADSTRUCTURE; /* ran off the block without FDT_END */
        uint32_t tag = load32(st + o, aligned);
        o += 4;

        if (tag == TOKEN(FDT_PROP)) {
            const uint8_t *h = st + o; /* length, name offset, value */
            if (end - o < 8) return FDT_ERR_BADSTRUCTURE;
            size_t len = be32(h), nameoff = be32(h + 4);
            o += 8;
            if (len > end - o) return FDT_ERR_BADSTRUCTURE; /* value runs past the block */
            o = token_align(o + len);
            if (nameoff >= names_end) return FDT_ERR_BADSTRUCTURE; /* or unterminated */
            if (!props_open) return FDT_ERR_BADSTRUCTURE; /* outside the root or after a subnode */
            size_t id = nameoff < NAME_CACHE_SIZE ? c->name_ids[nameoff] : P_UNCLASSIFIED;
            if (id == P_UNCLASSIFIED) id = prop_id_slow(c, nameoff);
            if (id != P_OTHER || want_alias) {
                err = property(c, (size_t)depth, id, nameoff, h + 8, len);
                if (err != FDT_OK) return err;
            }
        } else if (tag == TOKEN(FDT_BEGIN_NODE)) {
            const char *name = (const char *)st + o;
            if ((o = skip_name(st, o, end)) == 0) return FDT_ERR_BADSTRUCTURE; /* no NUL */
            /* The new level must be in 0..FDT_MAX_DEPTH: not a second root, not too deep. */
            if ((unsigned long)(depth + 1) > FDT_MAX_DEPTH) return FDT_ERR_BADSTRUCTURE;
            if (props_open) finish_props(c, (size_t)depth);
            depth++;
            props_open = true;
            begin_node(c, (size_t)depth, name);
        } else if (tag == TOKEN(FDT_END_NODE)) {
            if (depth < 0) return FDT_ERR_BADSTRUCTURE;
            if (props_open) finish_props(c, (size_t)depth);
            props_open = false;
            if (depth == 1 && c->lv[1].kind == KIND_CHOSEN && c->track_path) chosen_done(c);
            if (--depth < 0) depth = AFTER_ROOT;
        } else if (tag == TOKEN(FDT_END)) {
            return depth == AFTER_ROOT ? FDT_OK : FDT_ERR_BADSTRUCTURE;
        } else if (tag != TOKEN(FDT_NOP)) {
            return FDT_ERR_BADSTRUCTURE;
        }
    }
}

static int parse_rsvmap(struct ctx *c)
{
    struct platform_info *o = c->out;
    uint64_t off = c->b.rsv_off;

    for (;;) { /* off grows by 16 per entry and is bounded by totalsize */
        if (c->b.total - off < 16) return FDT_ERR_TRUNCATED; /* no (0, 0) terminator */
        uint64_t addr = be64(c->b.base + off), size = be64(c->b.base + off + 8);
        off += 16;
        if (addr == 0 && size == 0) return FDT_OK;
        int err = add_region(o->reserved, &o->n_reserved, &o->reserved_truncated, addr, size);
        if (err != FDT_OK) return err;
    }
}

/* Fills the zeroed *out: the reservation map, then one extracting walk.  Returns the walk's
 * (structural) error; a reservation-map error, else the first extraction error, is left in
 * c->err: the order in which a reader that validates everything first would see them. */
static int extract_all(struct ctx *c)
{
    struct platform_info *o = c->out;

    kmemset(&c->f, 0, sizeof(c->f));
    o->dtb_size = c->b.total;
    c->err = parse_rsvmap(c);
    c->extracting = c->err == FDT_OK; /* if the map is bad, nothing is extracted */
    int err = walk(c);
    o->timebase_freq = c->f.have_cpus_tb ? c->f.cpus_tb : c->f.have_cpu_tb ? c->f.cpu_tb : 0;
    return err;
}

/* One walk validates and extracts.  The stdout UART is the complication: UARTs are judged
 * against the stdout-path known when they are reached, which is final in the usual layout
 * (/chosen before the devices, naming a full path).  Otherwise - /chosen after a UART, or an
 * alias as stdout-path - the path is settled after the walk (an alias costs a second walk,
 * through /aliases) and, if a UART was judged against another path, extraction is redone.
 * Errors come out as from a reader that validates everything before extracting anything:
 * structure first, then the reservation map, then property values in tree order. */
int fdt_parse(const void *blob, size_t buf_size, struct platform_info *out)
{
    struct ctx c;
    int err;

    if (out == NULL) return FDT_ERR_INVAL;
    kmemset(out, 0, sizeof(*out));
    kmemset(&c, 0, offsetof(struct ctx, lv));
    c.path[0] = '\0';
    if ((err = read_header(blob, buf_size, &c.b)) != FDT_OK) return err;
    /* Only the part of name_ids that name offsets can reach needs clearing. */
    size_t reach = c.b.names_end < NAME_CACHE_SIZE ? c.b.names_end : NAME_CACHE_SIZE;
    kmemset(c.name_ids, 0, (reach + 7) & ~(size_t)7); /* whole words: faster */
    c.out = out;

    c.track_path = true;
    if ((err = extract_all(&c)) != FDT_OK) return err;
    c.track_path = false;

    bool redo = c.uart_stale;
    if (c.path[0] != '\0' && c.path[0] != '/') {
        /* An alias such as "serial0": look it up in /aliases. */
        c.extracting = false;
        c.looking_for_alias = true;
        if ((err = walk(&c)) != FDT_OK) return err; /* cannot fail: already validated */
        c.looking_for_alias = false;
        copy_path(c.path, &c.alias_value);
        if (c.path[0] != '/') c.path[0] = '\0';
        redo = redo || (c.uart_decided && c.path[0] != '\0');
    }
    if (redo) {
        kmemset(out, 0, sizeof(*out));
        if ((err = extract_all(&c)) != FDT_OK) return err;
    }
    if (c.err != FDT_OK) return c.err;
    return out->reserved_truncated ? FDT_ERR_TOOMANY : FDT_OK;
}

const char *fdt_strerror(int err)
{
    switch (err) {
    case FDT_OK:
        return "success";
    case FDT_ERR_BADMAGIC:
        return "not a devicetree blob (bad magic)";
    case FDT_ERR_BADVERSION:
        return "unsupported devicetree version";
    case FDT_ERR_TRUNCATED:
        return "devicetree blob truncated";
    case FDT_ERR_BADSTRUCTURE:
        return "malformed devicetree structure";
    case FDT_ERR_TOOMANY:
        return "too many reserved memory regions";
    case FDT_ERR_BADVALUE:
        return "malformed devicetree property value";
    case FDT_ERR_INVAL:
        return "invalid argument";
    default:
        return "unknown error";
    }
}
