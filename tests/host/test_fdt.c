/* Host tests for the devicetree reader (kernel/src/lib/fdt.c).
 *
 * Three kinds of input: real QEMU virt DTBs (tests/host/data/virt-*.dtb, one of them as
 * edited by OpenSBI; see gen-test-data.sh), trees assembled here with a small DTB builder to reach
 * features QEMU does not use (1-cell addresses, aliases, ranges, reservations, disabled nodes), and
 * deliberately broken blobs.  Every blob is handed over in a heap block of exactly the
 * advertised size so AddressSanitizer catches any read beyond it. */
#include "host_test.h"

#include <lib/fdt.h>
#include <string.h>

/* ------------------------------------------------------------------ DTB builder */

#define OFF_TOTALSIZE 4
#define OFF_STRUCT 8
#define OFF_STRINGS 12
#define OFF_RSVMAP 16
#define OFF_VERSION 20
#define OFF_LAST_COMP 24
#define OFF_SIZE_STRINGS 32
#define OFF_SIZE_STRUCT 36

struct builder {
    uint8_t st[16384];
    size_t st_len;
    char strs[4096];
    size_t str_len;
    uint64_t rsv[40][2];
    unsigned n_rsv;
};

static void put_be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

static uint32_t get_be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void b_init(struct builder *b)
{
    memset(b, 0, sizeof(*b));
}

static void b_raw(struct builder *b, const void *data, size_t n)
{
    assert_true(b->st_len + n + 4 <= sizeof(b->st));
    memcpy(b->st + b->st_len, data, n);
    b->st_len += n;
    while (b->st_len % 4 != 0)
        b->st[b->st_len++] = 0;
}

static void b_u32(struct builder *b, uint32_t v)
{
    uint8_t w[4];
    put_be32(w, v);
    b_raw(b, w, 4);
}

static uint32_t b_string(struct builder *b, const char *s)
{
    for (size_t off = 0; off < b->str_len; off += strlen(b->strs + off) + 1) {
        if (strcmp(b->strs + off, s) == 0) return (uint32_t)off;
    }
    size_t n = strlen(s) + 1;
    assert_true(b->str_len + n <= sizeof(b->strs));
    memcpy(b->strs + b->str_len, s, n);
    b->str_len += n;
    return (uint32_t)(b->str_len - n);
}

static void b_begin(struct builder *b, const char *name)
{
    b_u32(b, 1);
    b_raw(b, name, strlen(name) + 1);
}

static void b_end(struct builder *b)
{
    b_u32(b, 2);
}

static void b_prop(struct builder *b, const char *name, const void *val, size_t len)
{
    b_u32(b, 3);
    b_u32(b, (uint32_t)len);
    b_u32(b, b_string(b, name));
    if (len > 0) b_raw(b, val, len);
}

static void b_prop_cells(struct builder *b, const char *name, const uint32_t *cells, size_t n)
{
    uint8_t buf[256];
    assert_true(n * 4 <= sizeof(buf));
    for (size_t i = 0; i < n; i++)
        put_be32(buf + 4 * i, cells[i]);
    b_prop(b, name, buf, n * 4);
}
#define CELLS(...) (const uint32_t[]){__VA_ARGS__}, sizeof((const uint32_t[]){__VA_ARGS__}) / 4
#define PROP_CELLS(b, name, ...) b_prop_cells(b, name, CELLS(__VA_ARGS__))

static void b_prop_str(struct builder *b, const char *name, const char *s)
{
    b_prop(b, name, s, strlen(s) + 1);
}

static void b_rsv(struct builder *b, uint64_t addr, uint64_t size)
{
    assert_true(b->n_rsv < 40);
    b->rsv[b->n_rsv][0] = addr;
    b->rsv[b->n_rsv][1] = size;
    b->n_rsv++;
}

/* Lays out header | reservation map | structure block (+ FDT_END) | strings into an exact-
 * size heap block.  If end_token is false no FDT_END is appended (for malformed tests).  If
 * struct_last, the strings come first so that the structure block ends exactly at the end
 * of the allocation, where AddressSanitizer sees any read past it. */
static uint8_t *b_finish_layout(struct builder *b, size_t *size, bool end_token, bool struct_last)
{
    if (end_token) b_u32(b, 9);
    size_t rsv_off = 40, rsv_len = (b->n_rsv + 1) * 16;
    size_t st_off = rsv_off + rsv_len, str_off = st_off + b->st_len;
    if (struct_last) {
        str_off = rsv_off + rsv_len;
        st_off = (str_off + b->str_len + 3) & ~(size_t)3;
    }
    size_t total = struct_last ? st_off + b->st_len : str_off + b->str_len;
    uint8_t *blob = calloc(1, total);
    assert_non_null(blob);
    put_be32(blob, 0xd00dfeed);
    put_be32(blob + OFF_TOTALSIZE, (uint32_t)total);
    put_be32(blob + OFF_STRUCT, (uint32_t)st_off);
    put_be32(blob + OFF_STRINGS, (uint32_t)str_off);
    put_be32(blob + OFF_RSVMAP, (uint32_t)rsv_off);
    put_be32(blob + OFF_VERSION, 17);
    put_be32(blob + OFF_LAST_COMP, 16);
    put_be32(blob + OFF_SIZE_STRINGS, (uint32_t)b->str_len);
    put_be32(blob + OFF_SIZE_STRUCT, (uint32_t)b->st_len);
    for (unsigned i = 0; i < b->n_rsv; i++) {
        for (int h = 0; h < 2; h++) {
            put_be32(blob + rsv_off + 16 * i + 8 * h, (uint32_t)(b->rsv[i][h] >> 32));
            put_be32(blob + rsv_off + 16 * i + 8 * h + 4, (uint32_t)b->rsv[i][h]);
        }
    }
    memcpy(blob + st_off, b->st, b->st_len);
    memcpy(blob + str_off, b->strs, b->str_len);
    *size = total;
    return blob;
}

static uint8_t *b_finish_ex(struct builder *b, size_t *size, bool end_token)
{
    return b_finish_layout(b, size, end_token, false);
}

static uint8_t *b_finish(struct builder *b, size_t *size)
{
    return b_finish_ex(b, size, true);
}

/* Parses blob[0..size) from an exact-size copy. */
static int parse_exact(const uint8_t *blob, size_t size, struct platform_info *pi)
{
    uint8_t *copy = exact_copy(blob, size);
    int r = fdt_parse(copy, size, pi);
    free(copy);
    return r;
}

/* ------------------------------------------------------------------ QEMU DTBs */

static void check_qemu_common_except_reserved(const struct platform_info *pi, size_t file_size)
{
    assert_int_equal(pi->dtb_size, file_size);
    assert_string_equal(pi->model, "riscv-virtio,qemu");
    assert_int_equal(pi->n_mem, 1);
    assert_false(pi->mem_truncated);
    assert_int_equal(pi->mem[0].base, 0x80000000u);
    assert_false(pi->reserved_truncated);
    assert_int_equal(pi->uart_base, 0x10000000u);
    assert_int_equal(pi->uart_size, 0x100);
    assert_int_equal(pi->uart_irq, 10);
    assert_int_equal(pi->uart_reg_shift, 0);
    assert_int_equal(pi->uart_clock, 3686400); /* 0x384000, shown by dtc as "\08@" */
    assert_true(pi->uart_is_stdout);
    assert_int_equal(pi->plic_base, 0xc000000u);
    assert_int_equal(pi->plic_size, 0x600000u);
    assert_int_equal(pi->plic_ndev, 96);
    assert_int_equal(pi->clint_base, 0x2000000u);
    assert_int_equal(pi->clint_size, 0x10000u);
    assert_int_equal(pi->test_base, 0x100000u);
    assert_int_equal(pi->test_size, 0x1000u);
    assert_int_equal(pi->timebase_freq, 10000000);
}

static void check_qemu_common(const struct platform_info *pi, size_t file_size)
{
    check_qemu_common_except_reserved(pi, file_size);
    assert_int_equal(pi->n_reserved, 0); /* QEMU itself reserves nothing */
}

static void qemu_case(const char *file, uint64_t mem_size, uint32_t cpus)
{
    size_t size;
    uint8_t *blob = load_test_data(file, &size);
    struct platform_info pi;
    int r = fdt_parse(blob, size, &pi);
    assert_int_equal(r, FDT_OK);
    check_qemu_common(&pi, size);
    assert_int_equal(pi.mem[0].size, mem_size);
    assert_int_equal(pi.n_cpus, cpus);
    free(blob);
}

static void qemu_virt_32m(void **state)
{
    (void)state;
    qemu_case("virt-32M.dtb", 32u << 20, 1);
}

static void qemu_virt_512m(void **state)
{
    (void)state;
    qemu_case("virt-512M.dtb", 512u << 20, 1);
}

static void qemu_virt_2g(void **state)
{
    (void)state;
    qemu_case("virt-2G.dtb", 2ull << 30, 1);
}

static void qemu_virt_smp2(void **state)
{
    (void)state;
    qemu_case("virt-smp2.dtb", 512u << 20, 2);
}

/* The blob the kernel actually receives: OpenSBI has added /reserved-memory for its own
 * firmware region and left free space in the blob. */
static void opensbi_dtb(void **state)
{
    (void)state;
    size_t size;
    uint8_t *blob = load_test_data("virt-512M-opensbi.dtb", &size);
    struct platform_info pi;
    assert_int_equal(fdt_parse(blob, size, &pi), FDT_OK);
    check_qemu_common_except_reserved(&pi, size);
    assert_int_equal(pi.mem[0].size, 512u << 20);
    assert_int_equal(pi.n_cpus, 1);
    assert_int_equal(pi.n_reserved, 1);
    assert_int_equal(pi.reserved[0].base, 0x80000000u);
    assert_int_equal(pi.reserved[0].size, 0x80000u);
    free(blob);
}

/* The caller may vouch for more bytes than the blob (e.g. a whole mapped window). */
static void buffer_larger_than_blob(void **state)
{
    (void)state;
    size_t size;
    uint8_t *blob = load_test_data("virt-512M.dtb", &size);
    uint8_t *big = calloc(1, size + 8192);
    assert_non_null(big);
    memcpy(big, blob, size);
    struct platform_info pi;
    assert_int_equal(fdt_parse(big, size + 8192, &pi), FDT_OK);
    check_qemu_common(&pi, size);
    assert_int_equal(fdt_total_size(big, size + 8192), size);
    assert_int_equal(fdt_total_size(big, size - 1), 0);
    assert_int_equal(fdt_total_size(big, 3), 0);
    free(big);
    free(blob);
}

/* Any alignment works: words are loaded whole only where they are aligned. */
static void unaligned_blob(void **state)
{
    (void)state;
    size_t size;
    uint8_t *blob = load_test_data("virt-512M.dtb", &size);
    uint8_t *buf = malloc(size + 1);
    assert_non_null(buf);
    memcpy(buf + 1, blob, size);
    struct platform_info pi;
    assert_int_equal(fdt_parse(buf + 1, size, &pi), FDT_OK);
    check_qemu_common(&pi, size);
    free(buf);
    free(blob);
}

/* ------------------------------------------------------------------ built trees */

/* A board with 1-cell addresses exercising aliases, ranges, reservations and status.
 * stdout_len is the stdout-path value's length in bytes (-1: the string plus its NUL). */
static uint8_t *build_board_ex(const char *stdout_path, int stdout_len, bool struct_last,
                               size_t *size)
{
    static struct builder b;
    b_init(&b);
    b_rsv(&b, 0x87000000, 0x10000);
    b_begin(&b, "");
    PROP_CELLS(&b, "#address-cells", 1);
    PROP_CELLS(&b, "#size-cells", 1);
    b_prop_str(&b, "model", "cantrip-test-board");

    b_begin(&b, "aliases");
    b_prop_str(&b, "serial0", "/soc/uart@20000");
    b_prop_str(&b, "serial1", "/soc/uart@30000");
    b_end(&b);

    b_begin(&b, "chosen");
    if (stdout_path != NULL)
        b_prop(&b, "stdout-path", stdout_path,
               stdout_len < 0 ? strlen(stdout_path) + 1 : (size_t)stdout_len);
    b_end(&b);

    b_begin(&b, "memory@80000000");
    b_prop_str(&b, "device_type", "memory");
    PROP_CELLS(&b, "reg", 0x80000000, 0x1000000, 0x90000000, 0x2000000);
    b_end(&b);
    b_begin(&b, "memory@a0000000"); /* zero-sized: dropped */
    b_prop_str(&b, "device_type", "memory");
    PROP_CELLS(&b, "reg", 0xa0000000, 0);
    b_end(&b);
    b_begin(&b, "memory@b0000000"); /* disabled: ignored */
    b_prop_str(&b, "device_type", "memory");
    b_prop_str(&b, "status", "disabled");
    PROP_CELLS(&b, "reg", 0xb0000000, 0x1000);
    b_end(&b);

    b_begin(&b, "reserved-memory");
    PROP_CELLS(&b, "#address-cells", 1);
    PROP_CELLS(&b, "#size-cells", 1);
    b_prop(&b, "ranges", NULL, 0);
    b_begin(&b, "fw@80000000");
    PROP_CELLS(&b, "reg", 0x80000000, 0x40000);
    b_prop(&b, "no-map", NULL, 0);
    b_end(&b);
    b_begin(&b, "pool"); /* dynamically placed: no reg, skipped */
    b_prop_str(&b, "compatible", "shared-dma-pool");
    PROP_CELLS(&b, "size", 0x100000);
    b_end(&b);
    b_end(&b);

    b_begin(&b, "cpus");
    PROP_CELLS(&b, "#address-cells", 1);
    PROP_CELLS(&b, "#size-cells", 0);
    b_begin(&b, "cpu@0");
    b_prop_str(&b, "device_type", "cpu");
    PROP_CELLS(&b, "reg", 0);
    PROP_CELLS(&b, "timebase-frequency", 1000000);
    b_end(&b);
    b_begin(&b, "cpu@1");
    b_prop_str(&b, "device_type", "cpu");
    b_prop_str(&b, "status", "disabled");
    PROP_CELLS(&b, "reg", 1);
    b_end(&b);
    b_begin(&b, "cpu@2");
    b_prop_str(&b, "device_type", "cpu");
    b_prop_str(&b, "status", "okay");
    PROP_CELLS(&b, "reg", 2);
    b_end(&b);
    b_begin(&b, "cpu-map"); /* not a cpu */
    b_end(&b);
    b_end(&b);

    b_begin(&b, "soc");
    PROP_CELLS(&b, "#address-cells", 1);
    PROP_CELLS(&b, "#size-cells", 1);
    PROP_CELLS(&b, "ranges", 0x0, 0x40000000, 0x100000); /* bus 0.. -> CPU 0x40000000.. */
    b_prop_str(&b, "compatible", "simple-bus");
    b_begin(&b, "uart@20000");
    b_prop_str(&b, "compatible", "ns16550a");
    PROP_CELLS(&b, "reg", 0x20000, 0x100);
    PROP_CELLS(&b, "interrupts", 5);
    b_end(&b);
    b_begin(&b, "uart@30000");
    b_prop(&b, "compatible", "snps,dw-apb-uart\0ns16550", sizeof("snps,dw-apb-uart\0ns16550"));
    PROP_CELLS(&b, "reg", 0x30000, 0x100);
    PROP_CELLS(&b, "reg-shift", 2);
    PROP_CELLS(&b, "clock-frequency", 0, 30000000); /* 64-bit encoding */
    PROP_CELLS(&b, "interrupts-extended", 1, 7);
    b_end(&b);
    b_begin(&b, "plic@c0000");
    b_prop_str(&b, "compatible", "riscv,plic0");
    PROP_CELLS(&b, "reg", 0xc0000, 0x4000);
    PROP_CELLS(&b, "riscv,ndev", 53);
    b_end(&b);
    b_begin(&b, "clint@f0000");
    b_prop_str(&b, "status", "disabled");
    b_prop_str(&b, "compatible", "riscv,clint0");
    PROP_CELLS(&b, "reg", 0xf0000, 0x10000);
    b_end(&b);
    b_begin(&b, "clint@e0000");
    b_prop_str(&b, "compatible", "sifive,clint0");
    PROP_CELLS(&b, "reg", 0xe0000, 0x10000);
    b_end(&b);
    b_end(&b);
    b_end(&b);
    return b_finish_layout(&b, size, true, struct_last);
}

static uint8_t *build_board(const char *stdout_path, size_t *size)
{
    return build_board_ex(stdout_path, -1, false, size);
}

static void check_board_common(const struct platform_info *pi)
{
    assert_string_equal(pi->model, "cantrip-test-board");
    assert_int_equal(pi->n_mem, 2);
    assert_int_equal(pi->mem[0].base, 0x80000000u);
    assert_int_equal(pi->mem[0].size, 0x1000000u);
    assert_int_equal(pi->mem[1].base, 0x90000000u);
    assert_int_equal(pi->mem[1].size, 0x2000000u);
    assert_int_equal(pi->n_reserved, 2);
    assert_int_equal(pi->reserved[0].base, 0x87000000u); /* reservation block first */
    assert_int_equal(pi->reserved[0].size, 0x10000u);
    assert_int_equal(pi->reserved[1].base, 0x80000000u);
    assert_int_equal(pi->reserved[1].size, 0x40000u);
    assert_int_equal(pi->plic_base, 0x400c0000u);
    assert_int_equal(pi->plic_size, 0x4000u);
    assert_int_equal(pi->plic_ndev, 53);
    assert_int_equal(pi->clint_base, 0x400e0000u); /* the disabled one is skipped */
    assert_int_equal(pi->clint_size, 0x10000u);
    assert_int_equal(pi->test_base, 0);
    assert_int_equal(pi->timebase_freq, 1000000); /* from cpu@0: /cpus has none */
    assert_int_equal(pi->n_cpus, 2);              /* cpu@1 is disabled */
}

static void check_second_uart(const struct platform_info *pi)
{
    assert_int_equal(pi->uart_base, 0x40030000u);
    assert_int_equal(pi->uart_size, 0x100u);
    assert_int_equal(pi->uart_irq, 7);
    assert_int_equal(pi->uart_reg_shift, 2);
    assert_int_equal(pi->uart_clock, 30000000);
    assert_true(pi->uart_is_stdout);
}

static void check_first_uart(const struct platform_info *pi, bool is_stdout)
{
    assert_int_equal(pi->uart_base, 0x40020000u);
    assert_int_equal(pi->uart_irq, 5);
    assert_int_equal(pi->uart_reg_shift, 0);
    assert_int_equal(pi->uart_clock, 0);
    assert_int_equal(pi->uart_is_stdout, is_stdout);
}

static void board_stdout_alias(void **state)
{
    (void)state;
    size_t size;
    uint8_t *blob = build_board("serial1:115200n8", &size);
    struct platform_info pi;
    assert_int_equal(parse_exact(blob, size, &pi), FDT_OK);
    check_board_common(&pi);
    check_second_uart(&pi);
    free(blob);
}

static void board_stdout_full_path(void **state)
{
    (void)state;
    size_t size;
    uint8_t *blob = build_board("/soc/uart@30000", &size);
    struct platform_info pi;
    assert_int_equal(parse_exact(blob, size, &pi), FDT_OK);
    check_board_common(&pi);
    check_second_uart(&pi);
    free(blob);
}

static void board_stdout_without_unit_address(void **state)
{
    (void)state;
    size_t size;
    uint8_t *blob = build_board("/soc/uart", &size); /* first node named uart@... */
    struct platform_info pi;
    assert_int_equal(parse_exact(blob, size, &pi), FDT_OK);
    check_first_uart(&pi, true);
    free(blob);
}

static void board_no_stdout_takes_first_uart(void **state)
{
    (void)state;
    size_t size;
    uint8_t *blob = build_board(NULL, &size);
    struct platform_info pi;
    assert_int_equal(parse_exact(blob, size, &pi), FDT_OK);
    check_board_common(&pi);
    check_first_uart(&pi, false);
    free(blob);
}

static void board_stdout_not_a_uart(void **state)
{
    (void)state;
    const char *paths[] = {
        "/soc/plic@c0000", "/nonexistent", "serial7", "/soc/uart@30000/x", "/soc", "/", ""};
    for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
        size_t size;
        uint8_t *blob = build_board(paths[i], &size);
        struct platform_info pi;
        assert_int_equal(parse_exact(blob, size, &pi), FDT_OK);
        check_first_uart(&pi, false);
        free(blob);
    }
    /* A value that is not a NUL-terminated string, and a path too long to match, are
     * ignored rather than read or copied out of bounds. */
    size_t size;
    uint8_t *blob = build_board_ex("/soc/uart@30000", 15, false, &size);
    struct platform_info pi;
    assert_int_equal(parse_exact(blob, size, &pi), FDT_OK);
    check_first_uart(&pi, false);
    free(blob);
    char long_path[600];
    memset(long_path, 'a', sizeof(long_path) - 1);
    long_path[0] = '/';
    long_path[sizeof(long_path) - 1] = '\0';
    blob = build_board(long_path, &size);
    assert_int_equal(parse_exact(blob, size, &pi), FDT_OK);
    check_first_uart(&pi, false);
    free(blob);
}

/* The same board with the structure block placed last in the blob. */
static void board_struct_block_last(void **state)
{
    (void)state;
    size_t size;
    uint8_t *blob = build_board_ex("serial1", -1, true, &size);
    struct platform_info pi;
    assert_int_equal(parse_exact(blob, size, &pi), FDT_OK);
    check_board_common(&pi);
    check_second_uart(&pi);
    free(blob);
}

/* A device outside its bus's ranges is not CPU-visible and is skipped; a bus without any
 * ranges property is taken as identity-mapped. */
static void ranges_translation(void **state)
{
    (void)state;
    struct builder b;
    b_init(&b);
    b_begin(&b, "");
    b_begin(&b, "bus1"); /* default cells (2, 1) at the root */
    PROP_CELLS(&b, "#address-cells", 1);
    PROP_CELLS(&b, "#size-cells", 1);
    PROP_CELLS(&b, "ranges", 0x1000, 0x0, 0x50000000, 0x1000);
    b_begin(&b, "uart@0"); /* outside [0x1000, 0x2000): skipped */
    b_prop_str(&b, "compatible", "ns16550a");
    PROP_CELLS(&b, "reg", 0x0, 0x100);
    b_end(&b);
    b_begin(&b, "clint@2000"); /* just past the window: skipped */
    b_prop_str(&b, "compatible", "riscv,clint0");
    PROP_CELLS(&b, "reg", 0x2000, 0x100);
    b_end(&b);
    b_begin(&b, "bus2"); /* nested bus, 2-cell addresses, no ranges: identity */
    PROP_CELLS(&b, "#address-cells", 2);
    PROP_CELLS(&b, "#size-cells", 1);
    b_begin(&b, "plic@0");
    b_prop_str(&b, "compatible", "sifive,plic-1.0.0");
    PROP_CELLS(&b, "reg", 0x0, 0x1800, 0x100);
    b_end(&b);
    b_end(&b);
    b_end(&b);
    b_begin(&b, "test@100000");
    b_prop(&b, "compatible", "sifive,test0\0syscon", sizeof("sifive,test0\0syscon"));
    PROP_CELLS(&b, "reg", 0x0, 0x100000, 0x1000);
    b_end(&b);
    b_end(&b);
    size_t size;
    uint8_t *blob = b_finish(&b, &size);
    struct platform_info pi;
    assert_int_equal(parse_exact(blob, size, &pi), FDT_OK);
    assert_int_equal(pi.uart_base, 0);
    assert_int_equal(pi.clint_base, 0);
    assert_int_equal(pi.plic_base, 0x50000800u);
    assert_int_equal(pi.plic_size, 0x100u);
    assert_int_equal(pi.plic_ndev, 0);
    assert_int_equal(pi.test_base, 0x100000u);
    assert_int_equal(pi.n_mem, 0);
    assert_int_equal(pi.n_cpus, 0);
    assert_string_equal(pi.model, "");
    free(blob);
}

/* More memory regions than fit: keep the first ones, flag it, still succeed. */
static void too_many_memory_regions(void **state)
{
    (void)state;
    struct builder b;
    b_init(&b);
    b_begin(&b, "");
    PROP_CELLS(&b, "#address-cells", 2);
    PROP_CELLS(&b, "#size-cells", 2);
    for (unsigned i = 0; i < FDT_MAX_REGIONS + 4; i++) {
        char name[32];
        snprintf(name, sizeof(name), "memory@%x", 0x80000000u + i * 0x100000u);
        b_begin(&b, name); /* no device_type: recognised by name */
        PROP_CELLS(&b, "reg", 0, 0x80000000u + i * 0x100000u, 0, 0x100000);
        b_end(&b);
    }
    b_end(&b);
    size_t size;
    uint8_t *blob = b_finish(&b, &size);
    struct platform_info pi;
    assert_int_equal(parse_exact(blob, size, &pi), FDT_OK);
    assert_int_equal(pi.n_mem, FDT_MAX_REGIONS);
    assert_true(pi.mem_truncated);
    assert_int_equal(pi.mem[FDT_MAX_REGIONS - 1].base, 0x80000000u + 15 * 0x100000u);
    free(blob);
}

/* More reservations than fit is an error (dropping one would be unsafe), but *out is
 * still filled. */
static void too_many_reserved_regions(void **state)
{
    (void)state;
    struct builder b;
    b_init(&b);
    for (unsigned i = 0; i < FDT_MAX_REGIONS + 1; i++)
        b_rsv(&b, 0x1000u * (i + 1), 0x1000);
    b_begin(&b, "");
    b_prop_str(&b, "model", "m");
    b_end(&b);
    size_t size;
    uint8_t *blob = b_finish(&b, &size);
    struct platform_info pi;
    assert_int_equal(parse_exact(blob, size, &pi), FDT_ERR_TOOMANY);
    assert_int_equal(pi.n_reserved, FDT_MAX_REGIONS);
    assert_true(pi.reserved_truncated);
    assert_string_equal(pi.model, "m");
    free(blob);
}

static void long_model_is_truncated(void **state)
{
    (void)state;
    char model[200];
    memset(model, 'x', sizeof(model) - 1);
    model[sizeof(model) - 1] = '\0';
    struct builder b;
    b_init(&b);
    b_begin(&b, "");
    b_prop_str(&b, "model", model);
    b_end(&b);
    size_t size;
    uint8_t *blob = b_finish(&b, &size);
    struct platform_info pi;
    assert_int_equal(parse_exact(blob, size, &pi), FDT_OK);
    assert_int_equal(strlen(pi.model), sizeof(pi.model) - 1);
    free(blob);
}

/* Nesting up to FDT_MAX_DEPTH is fine; one more level is rejected, not recursed into. */
static void nesting_limit(void **state)
{
    (void)state;
    for (int extra = 0; extra <= 1; extra++) {
        struct builder b;
        b_init(&b);
        b_begin(&b, "");
        for (int i = 0; i < FDT_MAX_DEPTH + extra; i++)
            b_begin(&b, "n");
        for (int i = 0; i < FDT_MAX_DEPTH + extra; i++)
            b_end(&b);
        b_end(&b);
        size_t size;
        uint8_t *blob = b_finish(&b, &size);
        struct platform_info pi;
        assert_int_equal(parse_exact(blob, size, &pi), extra ? FDT_ERR_BADSTRUCTURE : FDT_OK);
        free(blob);
    }
}

/* ------------------------------------------------------------------ malformed blobs */

/* A minimal valid tree: / { model = "m"; child { }; }. */
static uint8_t *minimal(size_t *size)
{
    struct builder b;
    b_init(&b);
    b_begin(&b, "");
    b_prop_str(&b, "model", "m");
    b_begin(&b, "child");
    b_end(&b);
    b_end(&b);
    return b_finish(&b, size);
}

static void minimal_is_valid(void **state)
{
    (void)state;
    size_t size;
    uint8_t *blob = minimal(&size);
    struct platform_info pi;
    assert_int_equal(parse_exact(blob, size, &pi), FDT_OK);
    assert_string_equal(pi.model, "m");
    free(blob);
}

static void bad_magic(void **state)
{
    (void)state;
    size_t size;
    uint8_t *blob = minimal(&size);
    blob[0] ^= 0x01;
    struct platform_info pi;
    assert_int_equal(parse_exact(blob, size, &pi), FDT_ERR_BADMAGIC);
    free(blob);
}

static void bad_version(void **state)
{
    (void)state;
    size_t size;
    uint8_t *blob = minimal(&size);
    struct platform_info pi;
    put_be32(blob + OFF_VERSION, 16);
    assert_int_equal(parse_exact(blob, size, &pi), FDT_ERR_BADVERSION);
    put_be32(blob + OFF_VERSION, 18);
    put_be32(blob + OFF_LAST_COMP, 18);
    assert_int_equal(parse_exact(blob, size, &pi), FDT_ERR_BADVERSION);
    put_be32(blob + OFF_LAST_COMP, 17); /* newer but backwards compatible: accepted */
    assert_int_equal(parse_exact(blob, size, &pi), FDT_OK);
    free(blob);
}

static void truncated_buffers(void **state)
{
    (void)state;
    size_t size;
    uint8_t *blob = minimal(&size);
    struct platform_info pi;
    /* Every buffer shorter than totalsize must be refused before anything is read past it. */
    for (size_t n = 0; n < size; n++) {
        int r = parse_exact(blob, n, &pi);
        assert_int_equal(r, FDT_ERR_TRUNCATED);
    }
    free(blob);
}

static void totalsize_beyond_buffer(void **state)
{
    (void)state;
    size_t size;
    uint8_t *blob = minimal(&size);
    struct platform_info pi;
    put_be32(blob + OFF_TOTALSIZE, (uint32_t)size + 1);
    assert_int_equal(parse_exact(blob, size, &pi), FDT_ERR_TRUNCATED);
    put_be32(blob + OFF_TOTALSIZE, 0xffffffffu);
    assert_int_equal(parse_exact(blob, size, &pi), FDT_ERR_TRUNCATED);
    put_be32(blob + OFF_TOTALSIZE, 39); /* smaller than the header itself */
    assert_int_equal(parse_exact(blob, size, &pi), FDT_ERR_TRUNCATED);
    free(blob);
}

static void blocks_out_of_bounds(void **state)
{
    (void)state;
    size_t size;
    uint8_t *blob = minimal(&size);
    uint8_t *orig = exact_copy(blob, size);
    struct platform_info pi;
    static const struct {
        unsigned field;
        uint32_t value;
        int expect;
    } cases[] = {
        {OFF_SIZE_STRUCT, 0x10000, FDT_ERR_TRUNCATED},
        {OFF_STRUCT, 0xfffffff0u, FDT_ERR_TRUNCATED}, /* offset + size wraps in 32 bits */
        {OFF_SIZE_STRINGS, 0xffffffffu, FDT_ERR_TRUNCATED},
        {OFF_STRINGS, 0x10000, FDT_ERR_TRUNCATED},
        {OFF_RSVMAP, 0x10000, FDT_ERR_TRUNCATED},
        {OFF_STRUCT, 42, FDT_ERR_BADSTRUCTURE},     /* misaligned token stream */
        {OFF_RSVMAP, 44, FDT_ERR_BADSTRUCTURE},     /* misaligned reservation map */
        {OFF_STRUCT, 8, FDT_ERR_BADSTRUCTURE},      /* overlaps the header */
        {OFF_SIZE_STRUCT, 8, FDT_ERR_BADSTRUCTURE}, /* cut inside the tree: no FDT_END */
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        memcpy(blob, orig, size);
        put_be32(blob + cases[i].field, cases[i].value);
        assert_int_equal(parse_exact(blob, size, &pi), cases[i].expect);
    }
    free(orig);
    free(blob);
}

static void string_offset_out_of_bounds(void **state)
{
    (void)state;
    struct builder b;
    b_init(&b);
    b_begin(&b, "");
    b_u32(&b, 3); /* FDT_PROP with nameoff far past the strings block */
    b_u32(&b, 0);
    b_u32(&b, 0x1000);
    b_end(&b);
    b_string(&b, "model");
    size_t size;
    uint8_t *blob = b_finish(&b, &size);
    struct platform_info pi;
    assert_int_equal(parse_exact(blob, size, &pi), FDT_ERR_BADSTRUCTURE);
    free(blob);
}

static void unterminated_property_name(void **state)
{
    (void)state;
    struct builder b;
    b_init(&b);
    b_begin(&b, "");
    b_prop(&b, "model", "m", 2);
    b_end(&b);
    size_t size;
    uint8_t *blob = b_finish(&b, &size);
    /* Drop the strings block's final NUL: "model" now runs into the end of the block. */
    put_be32(blob + OFF_SIZE_STRINGS, get_be32(blob + OFF_SIZE_STRINGS) - 1);
    struct platform_info pi;
    assert_int_equal(parse_exact(blob, size, &pi), FDT_ERR_BADSTRUCTURE);
    free(blob);
}

static void unterminated_node_name(void **state)
{
    (void)state;
    struct builder b;
    b_init(&b);
    b_u32(&b, 1);
    b_raw(&b, "abcdefgh", 8); /* exactly fills the block, no NUL */
    size_t size;
    uint8_t *blob = b_finish_ex(&b, &size, false);
    struct platform_info pi;
    assert_int_equal(parse_exact(blob, size, &pi), FDT_ERR_BADSTRUCTURE);
    free(blob);
}

static void property_length_out_of_bounds(void **state)
{
    (void)state;
    const uint32_t lens[] = {0x100, 0xfffffff0u, 0xffffffffu};
    for (size_t i = 0; i < 3; i++) {
        struct builder b;
        b_init(&b);
        b_begin(&b, "");
        b_u32(&b, 3);
        b_u32(&b, lens[i]);
        b_u32(&b, b_string(&b, "model"));
        b_u32(&b, 0);
        b_end(&b);
        size_t size;
        uint8_t *blob = b_finish(&b, &size);
        struct platform_info pi;
        assert_int_equal(parse_exact(blob, size, &pi), FDT_ERR_BADSTRUCTURE);
        free(blob);
    }
}

/* A property whose value would extend past the structure block, with the block ending at
 * the end of the allocation: the value must not be read at all. */
static void property_value_at_end_of_blob(void **state)
{
    (void)state;
    static const char *const names[] = {"#address-cells", "model", "ranges", "stdout-path"};
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        for (uint32_t have = 0; have < 4; have++) {
            struct builder b;
            b_init(&b);
            b_begin(&b, "");
            b_begin(&b, "chosen");
            b_u32(&b, 3);
            b_u32(&b, 4); /* claims a 4-byte value; only `have` bytes follow */
            b_u32(&b, b_string(&b, names[i]));
            size_t size;
            uint8_t *blob = b_finish_layout(&b, &size, false, true);
            /* Append the partial value (zeros) right at the end of the blob. */
            uint8_t *grown = calloc(1, size + have);
            assert_non_null(grown);
            memcpy(grown, blob, size);
            put_be32(grown + OFF_SIZE_STRUCT, get_be32(grown + OFF_SIZE_STRUCT) + have);
            put_be32(grown + OFF_TOTALSIZE, (uint32_t)(size + have));
            struct platform_info pi;
            assert_int_equal(parse_exact(grown, size + have, &pi), FDT_ERR_BADSTRUCTURE);
            free(grown);
            free(blob);
        }
    }
}

/* Token streams that are each wrong in one way. */
static void bad_token_streams(void **state)
{
    (void)state;
    enum { BEGIN = 1, END_NODE = 2, PROP = 3, NOP = 4, END = 9 };
    static const struct {
        const char *what;
        uint32_t toks[12];
        unsigned n;
    } cases[] = {
        {"empty", {0}, 0},
        {"only END", {END}, 1},
        {"unknown token", {BEGIN, 0, 7, END_NODE, END}, 5},
        {"END inside root", {BEGIN, 0, END}, 3},
        {"missing END", {BEGIN, 0, END_NODE}, 3},
        {"extra END_NODE", {BEGIN, 0, END_NODE, END_NODE, END}, 5},
        {"second root", {BEGIN, 0, END_NODE, BEGIN, 0, END_NODE, END}, 7},
        {"property before root", {PROP, 0, 0, BEGIN, 0, END_NODE, END}, 7},
        {"property after root", {BEGIN, 0, END_NODE, PROP, 0, 0, END}, 7},
        {"property after subnode", {BEGIN, 0, BEGIN, 0, END_NODE, PROP, 0, 0, END_NODE, END}, 10},
        {"PROP header cut off", {BEGIN, 0, PROP, 0}, 4},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct builder b;
        b_init(&b);
        b_string(&b, "x");
        for (unsigned t = 0; t < cases[i].n; t++)
            b_u32(&b, cases[i].toks[t]);
        size_t size;
        uint8_t *blob = b_finish_ex(&b, &size, false);
        struct platform_info pi;
        int r = parse_exact(blob, size, &pi);
        if (r != FDT_ERR_BADSTRUCTURE) fail_msg("%s: got %d", cases[i].what, r);
        free(blob);
    }
    /* NOPs anywhere are fine. */
    struct builder b;
    b_init(&b);
    const uint32_t ok[] = {NOP, BEGIN, 0, NOP, BEGIN, 0, NOP, END_NODE, END_NODE, NOP, END};
    for (size_t t = 0; t < sizeof(ok) / sizeof(ok[0]); t++)
        b_u32(&b, ok[t]);
    size_t size;
    uint8_t *blob = b_finish_ex(&b, &size, false);
    struct platform_info pi;
    assert_int_equal(parse_exact(blob, size, &pi), FDT_OK);
    free(blob);
}

static void reservation_map_errors(void **state)
{
    (void)state;
    struct platform_info pi;
    size_t size;
    struct builder b;

    /* Unterminated: the map runs to the end of the blob. */
    b_init(&b);
    b_begin(&b, "");
    b_end(&b);
    uint8_t *blob = b_finish(&b, &size);
    put_be32(blob + OFF_RSVMAP, (uint32_t)size - 8); /* 8 bytes left: not even one entry */
    assert_int_equal(parse_exact(blob, size, &pi), FDT_ERR_TRUNCATED);
    free(blob);

    /* A region wrapping past 2^64. */
    b_init(&b);
    b_rsv(&b, 0xfffffffffffff000ull, 0x2000);
    b_begin(&b, "");
    b_end(&b);
    blob = b_finish(&b, &size);
    assert_int_equal(parse_exact(blob, size, &pi), FDT_ERR_BADVALUE);
    free(blob);

    /* Ending exactly at 2^64 is representable and accepted; a size-0 entry is skipped. */
    b_init(&b);
    b_rsv(&b, 0xfffffffffffff000ull, 0x1000);
    b_rsv(&b, 0x5000, 0);
    b_begin(&b, "");
    b_end(&b);
    blob = b_finish(&b, &size);
    assert_int_equal(parse_exact(blob, size, &pi), FDT_OK);
    assert_int_equal(pi.n_reserved, 1);
    free(blob);
}

static void bad_property_values(void **state)
{
    (void)state;
    /* Each case: root cells, then one memory node with the given reg. */
    static const struct {
        const char *what;
        uint32_t ac, sc;
        uint32_t reg[5];
        unsigned n;
    } cases[] = {
        {"reg not a multiple of an entry", 2, 1, {0, 0x80000000, 0x1000, 0}, 4},
        {"3 address cells", 3, 1, {0, 0, 0x80000000, 0x1000}, 4},
        {"0 address cells", 0, 1, {0x1000}, 1},
        {"3 size cells", 1, 3, {0x80000000, 0, 0, 0x1000}, 4},
        {"region wraps", 2, 2, {0xffffffff, 0xfffff000, 0, 0x2000}, 4},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct builder b;
        b_init(&b);
        b_begin(&b, "");
        PROP_CELLS(&b, "#address-cells", cases[i].ac);
        PROP_CELLS(&b, "#size-cells", cases[i].sc);
        b_begin(&b, "memory@0");
        b_prop_str(&b, "device_type", "memory");
        b_prop_cells(&b, "reg", cases[i].reg, cases[i].n);
        b_end(&b);
        b_end(&b);
        size_t size;
        uint8_t *blob = b_finish(&b, &size);
        struct platform_info pi;
        int r = parse_exact(blob, size, &pi);
        if (r != FDT_ERR_BADVALUE) fail_msg("%s: got %d", cases[i].what, r);
        free(blob);
    }
    /* #address-cells must be one cell. */
    struct builder b;
    b_init(&b);
    b_begin(&b, "");
    PROP_CELLS(&b, "#address-cells", 0, 1);
    b_end(&b);
    size_t size;
    uint8_t *blob = b_finish(&b, &size);
    struct platform_info pi;
    assert_int_equal(parse_exact(blob, size, &pi), FDT_ERR_BADVALUE);
    free(blob);
    /* A UART with an absurd reg-shift. */
    b_init(&b);
    b_begin(&b, "");
    b_begin(&b, "uart");
    b_prop_str(&b, "compatible", "ns16550");
    PROP_CELLS(&b, "reg", 0, 0x1000, 0x100);
    PROP_CELLS(&b, "reg-shift", 40);
    b_end(&b);
    b_end(&b);
    blob = b_finish(&b, &size);
    assert_int_equal(parse_exact(blob, size, &pi), FDT_ERR_BADVALUE);
    free(blob);
}

static void null_arguments(void **state)
{
    (void)state;
    struct platform_info pi;
    size_t size;
    uint8_t *blob = minimal(&size);
    assert_int_equal(fdt_parse(NULL, 100, &pi), FDT_ERR_INVAL);
    assert_int_equal(fdt_parse(blob, size, NULL), FDT_ERR_INVAL);
    assert_int_equal(fdt_total_size(NULL, 100), 0);
    free(blob);
}

static void strerror_covers_all_codes(void **state)
{
    (void)state;
    for (int e = FDT_ERR_INVAL; e <= FDT_OK; e++) {
        const char *s = fdt_strerror(e);
        assert_non_null(s);
        assert_string_not_equal(s, "unknown error");
    }
    assert_string_equal(fdt_strerror(1), "unknown error");
    assert_string_equal(fdt_strerror(-100), "unknown error");
}

/* ------------------------------------------------------------------ fuzzing */

/* Checks what fdt_parse promises on success, beyond not crashing. */
static void check_invariants(const struct platform_info *pi, size_t size)
{
    assert_true(pi->n_mem <= FDT_MAX_REGIONS);
    assert_true(pi->n_reserved <= FDT_MAX_REGIONS);
    assert_true(pi->dtb_size <= size);
    assert_non_null(memchr(pi->model, '\0', sizeof(pi->model)));
    for (unsigned i = 0; i < pi->n_mem; i++) {
        assert_true(pi->mem[i].size != 0);
        assert_true(pi->mem[i].size - 1 <= UINT64_MAX - pi->mem[i].base);
    }
    for (unsigned i = 0; i < pi->n_reserved; i++) {
        assert_true(pi->reserved[i].size != 0);
        assert_true(pi->reserved[i].size - 1 <= UINT64_MAX - pi->reserved[i].base);
    }
    assert_true(pi->uart_reg_shift < 32);
}

/* Random mutations of a valid blob: byte flips, interesting 32-bit values at token-aligned
 * offsets (lengths, offsets, tokens), and short buffers.  Fixed seed: reproducible. */
static void fuzz_blob(const uint8_t *orig, size_t size, uint64_t seed, unsigned iterations)
{
    static const uint32_t interesting[] = {
        0,          1,          2,          3,          4,          9,  0x7f, 0xff,
        0x7fffffff, 0x80000000, 0xfffffffc, 0xffffffff, 0xd00dfeed, 17, 40};
    uint64_t rng = seed;
    uint8_t *work = malloc(size);
    assert_non_null(work);
    unsigned ok = 0;
    for (unsigned it = 0; it < iterations; it++) {
        memcpy(work, orig, size);
        unsigned n_mut = 1 + (unsigned)(test_rand(&rng) % 8);
        for (unsigned m = 0; m < n_mut; m++) {
            uint64_t r = test_rand(&rng);
            size_t pos = (size_t)((r >> 8) % size);
            switch (r % 4) {
            case 0:
                work[pos] ^= (uint8_t)(1u << ((r >> 40) % 8));
                break;
            case 1:
                work[pos] = (uint8_t)(r >> 48);
                break;
            default: {
                pos &= ~(size_t)3;
                if (pos + 4 > size) break;
                uint32_t v = interesting[(r >> 40) % (sizeof(interesting) / 4)];
                if ((r >> 56) & 1) v += (uint32_t)((r >> 57) % 16) - 8;
                put_be32(work + pos, v);
                break;
            }
            }
        }
        size_t len = size;
        if (test_rand(&rng) % 8 == 0) len = (size_t)(test_rand(&rng) % (size + 1));
        uint8_t *copy = exact_copy(work, len);
        struct platform_info pi;
        int r = fdt_parse(copy, len, &pi);
        assert_true(r <= FDT_OK && r >= FDT_ERR_INVAL);
        if (r == FDT_OK) {
            check_invariants(&pi, len);
            ok++;
        }
        free(copy);
    }
    free(work);
    /* Most single mutations hit values we ignore: if nothing ever parses, the fuzzer is not
     * exploring the parser beyond its header checks. */
    assert_true(ok > 0);
}

static void fuzz_qemu_dtb(void **state)
{
    (void)state;
    size_t size;
    uint8_t *blob = load_test_data("virt-512M.dtb", &size);
    fuzz_blob(blob, size, 0x5eed0001, 4000);
    free(blob);
}

static void fuzz_built_board(void **state)
{
    (void)state;
    size_t size;
    uint8_t *blob = build_board_ex("serial1:115200", -1, true, &size);
    fuzz_blob(blob, size, 0x5eed0002, 4000);
    free(blob);
}

int main(void)
{
    static const struct CMUnitTest tests[] = {
        cmocka_unit_test(qemu_virt_32m),
        cmocka_unit_test(qemu_virt_512m),
        cmocka_unit_test(qemu_virt_2g),
        cmocka_unit_test(qemu_virt_smp2),
        cmocka_unit_test(opensbi_dtb),
        cmocka_unit_test(buffer_larger_than_blob),
        cmocka_unit_test(unaligned_blob),
        cmocka_unit_test(board_stdout_alias),
        cmocka_unit_test(board_stdout_full_path),
        cmocka_unit_test(board_stdout_without_unit_address),
        cmocka_unit_test(board_no_stdout_takes_first_uart),
        cmocka_unit_test(board_stdout_not_a_uart),
        cmocka_unit_test(board_struct_block_last),
        cmocka_unit_test(ranges_translation),
        cmocka_unit_test(too_many_memory_regions),
        cmocka_unit_test(too_many_reserved_regions),
        cmocka_unit_test(long_model_is_truncated),
        cmocka_unit_test(nesting_limit),
        cmocka_unit_test(minimal_is_valid),
        cmocka_unit_test(bad_magic),
        cmocka_unit_test(bad_version),
        cmocka_unit_test(truncated_buffers),
        cmocka_unit_test(totalsize_beyond_buffer),
        cmocka_unit_test(blocks_out_of_bounds),
        cmocka_unit_test(string_offset_out_of_bounds),
        cmocka_unit_test(unterminated_property_name),
        cmocka_unit_test(unterminated_node_name),
        cmocka_unit_test(property_length_out_of_bounds),
        cmocka_unit_test(property_value_at_end_of_blob),
        cmocka_unit_test(bad_token_streams),
        cmocka_unit_test(reservation_map_errors),
        cmocka_unit_test(bad_property_values),
        cmocka_unit_test(null_arguments),
        cmocka_unit_test(strerror_covers_all_codes),
        cmocka_unit_test(fuzz_qemu_dtb),
        cmocka_unit_test(fuzz_built_board),
    };
    return run_host_tests(tests);
}
