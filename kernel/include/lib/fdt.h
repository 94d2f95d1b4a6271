/* Flattened devicetree (DTB) reader: the kernel's only source of platform facts at boot.
 *
 * Freestanding and safe on hostile input: the blob is treated as untrusted bytes.  Every
 * offset and length is checked against both the header's totalsize and the caller's buffer
 * size before it is dereferenced, all loops are bounded by the blob size, and tree nesting is
 * limited to FDT_MAX_DEPTH (the walk is iterative, not recursive).  The blob may sit at any
 * alignment; whole words are loaded only where they are aligned.
 *
 * Supported format: DTB version 17 (what QEMU, OpenSBI and dtc produce); a blob whose
 * last_comp_version is <= 17 is also accepted, since such a blob is by definition readable by
 * a version-17 reader.
 *
 * What is extracted (all addresses are CPU physical addresses, i.e. translated through the
 * "ranges" of every ancestor bus; an empty "ranges" is the identity; a bus with no "ranges"
 * at all is also treated as the identity because hand-written trees commonly omit it):
 *
 *   mem[]       every reg entry of every available depth-1 node with device_type "memory"
 *               (or, lacking device_type, named "memory" / "memory@...").  Zero-sized entries
 *               are dropped.
 *   reserved[]  every non-terminator entry of the memory reservation block, then every reg
 *               entry of each available child of /reserved-memory.  Children without "reg"
 *               (dynamically placed pools) are skipped: they occupy no fixed memory yet.
 *   uart        the first node, in tree order, whose compatible list contains "ns16550a" or
 *               "ns16550"; but if /chosen "stdout-path" (or "linux,stdout-path"; either a full
 *               path or an /aliases name, ":options" suffix ignored) names such a node, that
 *               one wins and uart_is_stdout is set.  uart_irq is the first cell of
 *               "interrupts", else the second cell of "interrupts-extended" (phandle, irq -
 *               correct for the one-cell PLIC specifier).  reg-shift defaults to 0.
 *   plic/clint/test  the first available node with a matching compatible entry (see below).
 *   timebase_freq    /cpus "timebase-frequency", else the first cpu node's.
 *   n_cpus      available children of /cpus with device_type "cpu".
 *
 * Nodes whose "status" is present and is neither "okay" nor "ok" are ignored.
 *
 * Region overflow: at most FDT_MAX_REGIONS entries are kept per list.  Extra memory regions
 * are dropped (using less RAM than exists is safe) and only mem_truncated is set.  Extra
 * reserved regions set reserved_truncated and make fdt_parse return FDT_ERR_TOOMANY, because
 * silently forgetting a reservation could hand firmware-owned memory to user space; *out is
 * still fully filled in that case so the caller may report what it saw. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FDT_MAX_REGIONS 16
/* Deepest node nesting accepted, root = depth 0.  QEMU virt goes to depth 4. */
#define FDT_MAX_DEPTH 16
/* Longest stdout-path (after stripping ":options") that can be matched. */
#define FDT_MAX_PATH 128

struct fdt_region {
    uint64_t base, size;
};

struct platform_info {
    struct fdt_region mem[FDT_MAX_REGIONS];
    unsigned n_mem;
    bool mem_truncated; /* more than FDT_MAX_REGIONS memory regions; the rest are ignored */
    struct fdt_region reserved[FDT_MAX_REGIONS];
    unsigned n_reserved;
    bool reserved_truncated; /* more than FDT_MAX_REGIONS reservations: fdt_parse fails */

    uint64_t uart_base, uart_size; /* 0 if no ns16550-compatible UART was found */
    uint32_t uart_irq;             /* 0 if the node has no interrupts */
    uint32_t uart_reg_shift;       /* register stride is 1 << uart_reg_shift bytes */
    uint32_t uart_clock;           /* "clock-frequency" in Hz, 0 if absent */
    bool uart_is_stdout;           /* the UART was chosen via /chosen stdout-path */

    uint64_t plic_base, plic_size;   /* "riscv,plic0" or "sifive,plic-1.0.0"; 0 if absent */
    uint32_t plic_ndev;              /* "riscv,ndev": number of interrupt sources */
    uint64_t clint_base, clint_size; /* "riscv,clint0" or "sifive,clint0"; 0 if absent */
    uint64_t test_base, test_size;   /* "sifive,test1"/"sifive,test0" finisher; 0 if absent */

    uint32_t timebase_freq; /* Hz; 0 if absent */
    uint32_t n_cpus;
    uint32_t dtb_size; /* header totalsize: how many bytes of memory the blob occupies */
    char model[64];    /* root "model", NUL-terminated, truncated to fit; "" if absent */
};

enum {
    FDT_OK = 0,
    FDT_ERR_BADMAGIC = -1,     /* not a DTB */
    FDT_ERR_BADVERSION = -2,   /* version < 17 or last_comp_version > 17 */
    FDT_ERR_TRUNCATED = -3,    /* header, a block or the reservation map runs off the end */
    FDT_ERR_BADSTRUCTURE = -4, /* malformed token stream, names, offsets or nesting */
    FDT_ERR_TOOMANY = -5,      /* more reserved regions than FDT_MAX_REGIONS */
    FDT_ERR_BADVALUE = -6,     /* a property we rely on is malformed (length, cell counts) */
    FDT_ERR_INVAL = -7,        /* NULL argument */
};

/* Parses the DTB at blob.  buf_size is how many bytes the caller can vouch for (may be larger
 * than the blob; the header's totalsize must fit inside it).  *out is zeroed first and filled
 * even on FDT_ERR_TOOMANY; on other errors its contents are unspecified.  On success the
 * model string is NUL-terminated and every region satisfies base + size <= 2^64.
 * Keeps no static state; uses about 2 KiB of stack on RV64 (the walk state lives there).
 * Normally a single pass over the structure block (see fdt.c for when it takes more). */
int fdt_parse(const void *blob, size_t buf_size, struct platform_info *out);

/* Reads and sanity-checks only the header and returns totalsize (0 if the header is not a
 * valid DTB header fitting in buf_size).  Lets early boot learn how much memory to map or
 * reserve for the blob before parsing it. */
uint32_t fdt_total_size(const void *blob, size_t buf_size);

/* Static English description of an FDT_* code ("unknown error" for anything else). */
const char *fdt_strerror(int err);
