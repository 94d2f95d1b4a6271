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
 *  - next_token() only reads inside the structure block and proves every name is
 *    NUL-terminated inside its block before anyone treats it as a C string.
 *  - Every token advances the cursor by >= 4 bytes, so a walk takes at most size/4 steps.
 *  - Nesting is tracked in a fixed array of FDT_MAX_DEPTH + 1 levels; deeper trees are
 *    rejected instead of recursing.
 *  - Property values are only interpreted after their length has been checked.
 *
 * The walk runs up to three times over the structure block: once to find /chosen
 * stdout-path, once more (only if stdout-path is an alias) to resolve it through /aliases,
 * and a final time to extract everything.  /chosen may come after the UART in tree order,
 * so choosing "the stdout UART, else the first UART" in a single pass would need buffering
 * of every candidate; re-walking a few kilobytes at boot is cheaper than that complexity. */
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

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static uint64_t be64(const uint8_t *p)
{
    return (uint64_t)be32(p) << 32 | be32(p + 4);
}

/* ------------------------------------------------------------------ header */

struct blob {
    const uint8_t *base;
    uint32_t total;    /* totalsize, already known to be <= buf_size */
    const uint8_t *st; /* structure block */
    uint32_t st_size;
    const char *str; /* strings block */
    uint32_t str_size;
    uint32_t rsv_off; /* memory reservation block, offset from base */
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
    b->str_size = size_strings;
    b->rsv_off = off_rsvmap;
    return FDT_OK;
}

uint32_t fdt_total_size(const void *blob, size_t buf_size)
{
    struct blob b;
    return read_header(blob, buf_size, &b) == FDT_OK ? b.total : 0;
}

/* ------------------------------------------------------------------ tokens */

struct token {
    uint32_t tag;
    const char *name; /* BEGIN_NODE: node name; PROP: property name.  NUL-terminated. */
    size_t name_len;
    const uint8_t *val; /* PROP value, len bytes */
    uint32_t len;
};

/* Decodes the token at *off (relative to the structure block) and advances *off past it,
 * including padding.  Never reads outside the structure / strings blocks. */
static int next_token(const struct blob *b, uint32_t *off, struct token *t)
{
    uint64_t o = *off; /* 64-bit so that "o + padding" cannot wrap */
    uint64_t end = b->st_size;

    if (end - o < 4) return FDT_ERR_BADSTRUCTURE; /* ran off the block without FDT_END */
    t->tag = be32(b->st + o);
    o += 4;

    switch (t->tag) {
    case FDT_BEGIN_NODE: {
        size_t max = (size_t)(end - o);
        const char *name = (const char *)b->st + o;
        size_t n = kstrnlen(name, max);
        if (n == max) return FDT_ERR_BADSTRUCTURE; /* unterminated node name */
        t->name = name;
        t->name_len = n;
        o += n + 1;
        break;
    }
    case FDT_PROP: {
        if (end - o < 8) return FDT_ERR_BADSTRUCTURE;
        uint32_t len = be32(b->st + o);
        uint32_t nameoff = be32(b->st + o + 4);
        o += 8;
        if (len > end - o) return FDT_ERR_BADSTRUCTURE; /* value runs past the block */
        t->val = b->st + o;
        t->len = len;
        o += len;
        if (nameoff >= b->str_size) return FDT_ERR_BADSTRUCTURE;
        size_t max = b->str_size - nameoff;
        size_t n = kstrnlen(b->str + nameoff, max);
        if (n == max) return FDT_ERR_BADSTRUCTURE; /* unterminated property name */
        t->name = b->str + nameoff;
        t->name_len = n;
        break;
    }
    case FDT_END_NODE:
    case FDT_NOP:
    case FDT_END:
        break;
    default:
        return FDT_ERR_BADSTRUCTURE;
    }
    o = (o + 3) & ~(uint64_t)3;
    /* Padding may only be absent at the very end, and then the next read fails cleanly. */
    if (o > end) o = end;
    *off = (uint32_t)o;
    return FDT_OK;
}

/* ------------------------------------------------------------------ property helpers */

struct prop {
    const uint8_t *p; /* NULL: property absent */
    uint32_t len;
};

static bool streq_n(const char *s, size_t n, const char *lit)
{
    size_t l = kstrlen(lit);
    return n == l && kmemcmp(s, lit, l) == 0;
}

/* The value is exactly the string lit (NUL-terminated inside the value). */
static bool prop_is_string(const struct prop *pr, const char *lit)
{
    if (pr->p == NULL) return false;
    size_t n = kstrnlen((const char *)pr->p, pr->len);
    return n < pr->len && streq_n((const char *)pr->p, n, lit);
}

/* The value is a string list (e.g. "compatible") containing lit. */
static bool prop_has_string(const struct prop *pr, const char *lit)
{
    if (pr->p == NULL) return false;
    size_t pos = 0;         /* size_t: pos may reach len + 1, which must not wrap */
    while (pos < pr->len) { /* pos strictly increases: bounded by len */
        const char *s = (const char *)pr->p + pos;
        size_t n = kstrnlen(s, pr->len - pos);
        if (streq_n(s, n, lit)) return true;
        pos += n + 1;
    }
    return false;
}

/* "status" absent, "okay" or (legacy) "ok" means the device is usable. */
static bool prop_available(const struct prop *status)
{
    return status->p == NULL || prop_is_string(status, "okay") || prop_is_string(status, "ok");
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
static uint64_t read_cells(const uint8_t *p, uint32_t n)
{
    return n == 2 ? be64(p) : n == 1 ? be32(p) : 0;
}

/* ------------------------------------------------------------------ walk state */

enum node_kind { KIND_OTHER, KIND_ROOT, KIND_CHOSEN, KIND_ALIASES, KIND_CPUS, KIND_RESMEM };

/* What is remembered about each ancestor of the current node. */
struct level {
    uint32_t addr_cells, size_cells; /* this node's #address-cells / #size-cells */
    struct prop ranges;
    int path_pos;    /* index into ctx->path just past this node's component, -1: no match */
    uint8_t kind;    /* enum node_kind */
    bool has_child;  /* a subnode has begun: no more properties allowed */
    bool props_done; /* extract() has run for this node */
};

/* Properties of the node whose property list is being read.  Only one is needed at a time
 * because all properties of a node precede its subnodes (enforced by the walk). */
struct cur_node {
    bool memory_name; /* named "memory" or "memory@..." */
    struct prop reg, compatible, device_type, status, interrupts, interrupts_ext, reg_shift,
        clock_freq, ndev, timebase, model;
};

enum pass { PASS_CHOSEN, PASS_ALIAS, PASS_MAIN };

struct ctx {
    struct blob b;
    struct platform_info *out;
    enum pass pass;
    struct level lv[FDT_MAX_DEPTH + 1];
    struct cur_node cur;

    struct prop stdout_path, linux_stdout_path; /* from /chosen */
    struct prop alias_value;                    /* /aliases entry named by `alias` */
    char alias[FDT_MAX_PATH];                   /* stdout-path when it is not absolute */
    char path[FDT_MAX_PATH];                    /* absolute stdout path, "" if none */

    bool have_uart, have_plic, have_clint, have_test, have_cpus_tb, have_cpu_tb;
    uint32_t cpus_tb, cpu_tb;
};

/* Copies a stdout-path-like value into dst, stopping at NUL or ':' (the options separator).
 * Leaves dst empty when the value is unterminated or does not fit. */
static void copy_path(char *dst, const struct prop *pr)
{
    dst[0] = '\0';
    if (pr->p == NULL) return;
    size_t n = kstrnlen((const char *)pr->p, pr->len);
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

/* Path matching for the node being entered at level lvl (> 0) named name[0..n).  The parent's
 * path_pos points at the '/' that should precede this node's component in ctx->path.  A
 * component without '@' may also match a node name by its part before '@' (the spec allows
 * omitting the unit address when unambiguous; the first such node wins here). */
static int match_component(const struct ctx *c, unsigned lvl, const char *name, size_t n)
{
    int p = c->lv[lvl - 1].path_pos;
    if (p < 0 || c->path[p] != '/') return -1;
    const char *comp = c->path + p + 1;
    size_t clen = 0;
    bool has_at = false;
    while (comp[clen] != '\0' && comp[clen] != '/') { /* bounded: path is NUL-terminated */
        if (comp[clen] == '@') has_at = true;
        clen++;
    }
    if (clen == 0) return -1;
    size_t cmp_len = n;
    if (!has_at) {
        for (size_t i = 0; i < n; i++) {
            if (name[i] == '@') {
                cmp_len = i;
                break;
            }
        }
    }
    if (cmp_len != clen || kmemcmp(comp, name, clen) != 0) return -1;
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

/* Translates addr from the address space of the bus at level `bus` to the root's space by
 * applying each ancestor's "ranges".  Returns false if some bus does not map the address (or
 * uses cell counts this reader does not handle, e.g. PCI's 3-cell addresses). */
static bool translate(const struct ctx *c, unsigned bus, uint64_t *addr)
{
    for (unsigned l = bus; l > 0; l--) { /* at most FDT_MAX_DEPTH iterations */
        const struct level *lv = &c->lv[l];
        if (lv->ranges.p == NULL || lv->ranges.len == 0) continue; /* identity, see fdt.h */
        uint32_t cac = lv->addr_cells, pac = c->lv[l - 1].addr_cells, sc = lv->size_cells;
        if (cac < 1 || cac > 2 || pac < 1 || pac > 2 || sc < 1 || sc > 2) return false;
        uint32_t ent = (cac + pac + sc) * 4;
        bool found = false;
        for (uint32_t o = 0; ent <= lv->ranges.len - o; o += ent) {
            const uint8_t *e = lv->ranges.p + o;
            uint64_t child = read_cells(e, cac);
            uint64_t parent = read_cells(e + cac * 4, pac);
            uint64_t size = read_cells(e + (cac + pac) * 4, sc);
            if (*addr >= child && *addr - child < size) {
                uint64_t off = *addr - child;
                if (off > UINT64_MAX - parent) return false;
                *addr = parent + off;
                found = true;
                break;
            }
        }
        if (!found) return false;
    }
    return true;
}

/* Number of (address, size) entries in the current node's "reg", validated against the
 * parent's cell counts. */
static int reg_count(const struct ctx *c, unsigned lvl, unsigned *count)
{
    const struct level *parent = &c->lv[lvl - 1];
    uint32_t ac = parent->addr_cells, sc = parent->size_cells;
    if (ac < 1 || ac > 2 || sc > 2) return FDT_ERR_BADVALUE;
    uint32_t ent = (ac + sc) * 4;
    if (c->cur.reg.len % ent != 0) return FDT_ERR_BADVALUE;
    *count = c->cur.reg.len / ent;
    return FDT_OK;
}

/* Entry idx of the current node's reg (reg_count() must have succeeded), base translated to
 * a CPU physical address.  Returns false if the address is not CPU-visible. */
static bool reg_entry(const struct ctx *c, unsigned lvl, unsigned idx, uint64_t *base,
                      uint64_t *size)
{
    const struct level *parent = &c->lv[lvl - 1];
    uint32_t ac = parent->addr_cells, sc = parent->size_cells;
    const uint8_t *e = c->cur.reg.p + (size_t)idx * (ac + sc) * 4;
    *base = read_cells(e, ac);
    *size = read_cells(e + ac * 4, sc);
    return translate(c, lvl - 1, base);
}

/* Adds every reg entry of the current node to a region list. */
static int add_reg_regions(struct ctx *c, unsigned lvl, struct fdt_region *arr, unsigned *n,
                           bool *truncated)
{
    unsigned count;
    int err = reg_count(c, lvl, &count);
    if (err != FDT_OK) return err;
    for (unsigned i = 0; i < count; i++) {
        uint64_t base, size;
        if (!reg_entry(c, lvl, i, &base, &size)) continue;
        err = add_region(arr, n, truncated, base, size);
        if (err != FDT_OK) return err;
    }
    return FDT_OK;
}

/* First reg entry of a device node.  *found is false if there is none or it is not
 * CPU-visible; malformed values are errors. */
static int device_reg(const struct ctx *c, unsigned lvl, uint64_t *base, uint64_t *size,
                      bool *found)
{
    unsigned count;
    *found = false;
    if (c->cur.reg.p == NULL) return FDT_OK;
    int err = reg_count(c, lvl, &count);
    if (err != FDT_OK) return err;
    if (count == 0 || !reg_entry(c, lvl, 0, base, size)) return FDT_OK;
    if (*size != 0 && *size - 1 > UINT64_MAX - *base) return FDT_ERR_BADVALUE;
    *found = true;
    return FDT_OK;
}

static int extract_uart(struct ctx *c, unsigned lvl, bool is_stdout)
{
    struct platform_info *o = c->out;
    uint64_t base, size;
    bool found;
    uint32_t irq = 0, shift = 0, clock = 0;

    /* Keep the first UART unless this one is the stdout UART and the kept one is not. */
    if (c->have_uart && (!is_stdout || o->uart_is_stdout)) return FDT_OK;
    int err = device_reg(c, lvl, &base, &size, &found);
    if (err != FDT_OK || !found) return err;

    const struct cur_node *n = &c->cur;
    if (n->interrupts.p != NULL) {
        if (n->interrupts.len < 4 || n->interrupts.len % 4 != 0) return FDT_ERR_BADVALUE;
        irq = be32(n->interrupts.p);
    } else if (n->interrupts_ext.p != NULL) {
        if (n->interrupts_ext.len < 8 || n->interrupts_ext.len % 4 != 0) return FDT_ERR_BADVALUE;
        irq = be32(n->interrupts_ext.p + 4);
    }
    if (n->reg_shift.p != NULL && (err = prop_u32(&n->reg_shift, &shift)) != FDT_OK) return err;
    if (shift >= 32) return FDT_ERR_BADVALUE; /* 1 << shift must be a sane stride */
    if (n->clock_freq.p != NULL && (err = prop_u32(&n->clock_freq, &clock)) != FDT_OK) return err;

    o->uart_base = base;
    o->uart_size = size;
    o->uart_irq = irq;
    o->uart_reg_shift = shift;
    o->uart_clock = clock;
    o->uart_is_stdout = is_stdout;
    c->have_uart = true;
    return FDT_OK;
}

/* Records base/size of the first node matching one of two compatible strings. */
static int extract_simple(struct ctx *c, unsigned lvl, const char *compat1, const char *compat2,
                          bool *have, uint64_t *base, uint64_t *size)
{
    if (*have) return FDT_OK;
    if (!prop_has_string(&c->cur.compatible, compat1) &&
        !prop_has_string(&c->cur.compatible, compat2))
        return FDT_OK;
    bool found;
    uint64_t b, s;
    int err = device_reg(c, lvl, &b, &s, &found);
    if (err != FDT_OK || !found) return err;
    *base = b;
    *size = s;
    *have = true;
    return FDT_OK;
}

/* Runs once per node in the main pass, after its last property and before its first
 * subnode, so that the parent's cell counts and every ancestor's ranges are at hand. */
static int extract(struct ctx *c, unsigned lvl)
{
    struct platform_info *o = c->out;
    struct cur_node *n = &c->cur;
    int err;

    if (!prop_available(&n->status)) return FDT_OK;

    if (lvl == 0) {
        if (n->model.p != NULL) {
            size_t len = kstrnlen((const char *)n->model.p, n->model.len);
            if (len >= sizeof(o->model)) len = sizeof(o->model) - 1;
            kmemcpy(o->model, n->model.p, len);
            o->model[len] = '\0';
        }
        return FDT_OK;
    }

    uint8_t kind = c->lv[lvl].kind, parent_kind = c->lv[lvl - 1].kind;

    if (lvl == 1 && n->reg.p != NULL &&
        (prop_is_string(&n->device_type, "memory") ||
         (n->device_type.p == NULL && n->memory_name))) {
        return add_reg_regions(c, lvl, o->mem, &o->n_mem, &o->mem_truncated);
    }
    if (lvl == 2 && parent_kind == KIND_RESMEM && n->reg.p != NULL) {
        return add_reg_regions(c, lvl, o->reserved, &o->n_reserved, &o->reserved_truncated);
    }
    if (kind == KIND_CPUS && n->timebase.p != NULL) {
        if ((err = prop_u32(&n->timebase, &c->cpus_tb)) != FDT_OK) return err;
        c->have_cpus_tb = true;
    }
    if (lvl == 2 && parent_kind == KIND_CPUS && prop_is_string(&n->device_type, "cpu")) {
        o->n_cpus++;
        if (!c->have_cpu_tb && n->timebase.p != NULL) {
            if ((err = prop_u32(&n->timebase, &c->cpu_tb)) != FDT_OK) return err;
            c->have_cpu_tb = true;
        }
    }
    if (n->compatible.p == NULL) return FDT_OK;

    if (prop_has_string(&n->compatible, "ns16550a") || prop_has_string(&n->compatible, "ns16550")) {
        int pos = c->lv[lvl].path_pos;
        bool is_stdout = pos >= 0 && c->path[pos] == '\0';
        if ((err = extract_uart(c, lvl, is_stdout)) != FDT_OK) return err;
    }
    bool had_plic = c->have_plic;
    err = extract_simple(c, lvl, "riscv,plic0", "sifive,plic-1.0.0", &c->have_plic, &o->plic_base,
                         &o->plic_size);
    if (err != FDT_OK) return err;
    if (!had_plic && c->have_plic && n->ndev.p != NULL &&
        (err = prop_u32(&n->ndev, &o->plic_ndev)) != FDT_OK)
        return err;
    err = extract_simple(c, lvl, "riscv,clint0", "sifive,clint0", &c->have_clint, &o->clint_base,
                         &o->clint_size);
    if (err != FDT_OK) return err;
    return extract_simple(c, lvl, "sifive,test1", "sifive,test0", &c->have_test, &o->test_base,
                          &o->test_size);
}

/* ------------------------------------------------------------------ the walk */

static int finish_props(struct ctx *c, unsigned lvl)
{
    if (c->lv[lvl].props_done) return FDT_OK;
    c->lv[lvl].props_done = true;
    return c->pass == PASS_MAIN ? extract(c, lvl) : FDT_OK;
}

static int begin_node(struct ctx *c, int depth, const struct token *t)
{
    unsigned lvl = (unsigned)depth;
    struct level *lv = &c->lv[lvl];

    lv->addr_cells = DEFAULT_ADDR_CELLS;
    lv->size_cells = DEFAULT_SIZE_CELLS;
    lv->ranges.p = NULL;
    lv->ranges.len = 0;
    lv->has_child = false;
    lv->props_done = false;
    lv->kind = KIND_OTHER;
    if (lvl == 0) {
        lv->kind = KIND_ROOT;
        lv->path_pos = c->path[0] == '/' ? 0 : -1;
    } else {
        lv->path_pos = match_component(c, lvl, t->name, t->name_len);
    }
    if (lvl == 1) {
        if (streq_n(t->name, t->name_len, "chosen"))
            lv->kind = KIND_CHOSEN;
        else if (streq_n(t->name, t->name_len, "aliases"))
            lv->kind = KIND_ALIASES;
        else if (streq_n(t->name, t->name_len, "cpus"))
            lv->kind = KIND_CPUS;
        else if (streq_n(t->name, t->name_len, "reserved-memory"))
            lv->kind = KIND_RESMEM;
    }
    kmemset(&c->cur, 0, sizeof(c->cur));
    c->cur.memory_name = streq_n(t->name, t->name_len, "memory") ||
                         (t->name_len > 7 && kmemcmp(t->name, "memory@", 7) == 0);
    return FDT_OK;
}

static int property(struct ctx *c, unsigned lvl, const struct token *t)
{
    struct level *lv = &c->lv[lvl];
    struct cur_node *n = &c->cur;
    struct prop pr = {t->val, t->len};
    const char *name = t->name; /* NUL-terminated: checked by next_token() */

    if (lv->has_child) return FDT_ERR_BADSTRUCTURE; /* property after a subnode */

    if (kstrcmp(name, "#address-cells") == 0 || kstrcmp(name, "#size-cells") == 0) {
        if (t->len != 4) return FDT_ERR_BADVALUE;
        /* Stored as-is; users reject counts they cannot handle, so a silly value on a node
         * nobody looks at does not fail the boot. */
        if (name[1] == 'a')
            lv->addr_cells = be32(t->val);
        else
            lv->size_cells = be32(t->val);
    } else if (kstrcmp(name, "ranges") == 0)
        lv->ranges = pr;
    else if (kstrcmp(name, "reg") == 0)
        n->reg = pr;
    else if (kstrcmp(name, "compatible") == 0)
        n->compatible = pr;
    else if (kstrcmp(name, "device_type") == 0)
        n->device_type = pr;
    else if (kstrcmp(name, "status") == 0)
        n->status = pr;
    else if (kstrcmp(name, "interrupts") == 0)
        n->interrupts = pr;
    else if (kstrcmp(name, "interrupts-extended") == 0)
        n->interrupts_ext = pr;
    else if (kstrcmp(name, "reg-shift") == 0)
        n->reg_shift = pr;
    else if (kstrcmp(name, "clock-frequency") == 0)
        n->clock_freq = pr;
    else if (kstrcmp(name, "riscv,ndev") == 0)
        n->ndev = pr;
    else if (kstrcmp(name, "timebase-frequency") == 0)
        n->timebase = pr;
    else if (kstrcmp(name, "model") == 0)
        n->model = pr;

    if (lvl == 1 && lv->kind == KIND_CHOSEN) {
        if (kstrcmp(name, "stdout-path") == 0)
            c->stdout_path = pr;
        else if (kstrcmp(name, "linux,stdout-path") == 0)
            c->linux_stdout_path = pr;
    }
    if (lvl == 1 && lv->kind == KIND_ALIASES && c->alias[0] != '\0' && kstrcmp(name, c->alias) == 0)
        c->alias_value = pr;
    return FDT_OK;
}

/* One full pass over the structure block, validating it as it goes. */
static int walk(struct ctx *c)
{
    uint32_t off = 0;
    int depth = -1;         /* level of the current node; -1 before the root / after it */
    bool root_done = false; /* the root node has been closed */

    for (;;) { /* terminates: next_token() advances off by >= 4 or fails at the block end */
        struct token t;
        int err = next_token(&c->b, &off, &t);
        if (err != FDT_OK) return err;

        switch (t.tag) {
        case FDT_BEGIN_NODE:
            if (root_done || depth >= FDT_MAX_DEPTH) return FDT_ERR_BADSTRUCTURE;
            if (depth >= 0) {
                if ((err = finish_props(c, (unsigned)depth)) != FDT_OK) return err;
                c->lv[depth].has_child = true;
            }
            depth++;
            if ((err = begin_node(c, depth, &t)) != FDT_OK) return err;
            break;
        case FDT_END_NODE:
            if (depth < 0) return FDT_ERR_BADSTRUCTURE;
            if ((err = finish_props(c, (unsigned)depth)) != FDT_OK) return err;
            depth--;
            if (depth < 0) root_done = true;
            break;
        case FDT_PROP:
            if (depth < 0) return FDT_ERR_BADSTRUCTURE;
            if ((err = property(c, (unsigned)depth, &t)) != FDT_OK) return err;
            break;
        case FDT_NOP:
            break;
        case FDT_END:
            return root_done ? FDT_OK : FDT_ERR_BADSTRUCTURE;
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

int fdt_parse(const void *blob, size_t buf_size, struct platform_info *out)
{
    struct ctx c;
    int err;

    if (out == NULL) return FDT_ERR_INVAL;
    kmemset(out, 0, sizeof(*out));
    kmemset(&c, 0, sizeof(c));
    if ((err = read_header(blob, buf_size, &c.b)) != FDT_OK) return err;
    c.out = out;
    out->dtb_size = c.b.total;

    /* Pass 1: validate the structure and find /chosen stdout-path. */
    c.pass = PASS_CHOSEN;
    if ((err = walk(&c)) != FDT_OK) return err;
    copy_path(c.path, c.stdout_path.p != NULL ? &c.stdout_path : &c.linux_stdout_path);

    /* Pass 2, only for an alias such as "serial0": look it up in /aliases. */
    if (c.path[0] != '\0' && c.path[0] != '/') {
        kmemcpy(c.alias, c.path, sizeof(c.alias));
        c.path[0] = '\0';
        c.pass = PASS_ALIAS;
        if ((err = walk(&c)) != FDT_OK) return err;
        copy_path(c.path, &c.alias_value);
        if (c.path[0] != '/') c.path[0] = '\0';
    }

    /* Pass 3: extraction. */
    if ((err = parse_rsvmap(&c)) != FDT_OK) return err;
    c.pass = PASS_MAIN;
    if ((err = walk(&c)) != FDT_OK) return err;

    out->timebase_freq = c.have_cpus_tb ? c.cpus_tb : c.have_cpu_tb ? c.cpu_tb : 0;
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
