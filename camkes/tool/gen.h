/* Code generation: from a checked assembly to the system model, then to files.
 *
 *   gen_build()    walks the checked AST and lays out every kernel object, capability,
 *                  mapping and thread of the system (gen_model.c, gen_connect.c)
 *   gen_write_*()  emit spec.c (gen_spec.c), <instance>/camkes_gen.h (gen_header.c),
 *                  <instance>/camkes_glue.c (gen_glue.c, gen_rpc.c) and system.mk (gen_mk.c)
 *
 * The model mirrors camkes/include/camkes/spec.h; see docs/camkes.md, "Code generation",
 * for the address layout and what each connector becomes. */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "camkes.h"

/* ------------------------------------------------------------------ address layout */
#define GEN_PAGE 0x1000ull
#define GEN_ELF_BASE 0x10000ull      /* component ELFs are linked here (component.ld) */
#define GEN_IPC_BASE 0x10000000ull   /* IPC buffers: thread i at + i * 2 pages */
#define GEN_STACK_BASE 0x11000000ull /* stacks, each above an unmapped guard page */
#define GEN_DATA_BASE 0x20000000ull  /* dataports, shared RPC pages, untyped info */
#define GEN_MMIO_BASE 0x30000000ull  /* device frames (MMIO) */
#define GEN_REGION_END 0x3f000000ull /* nothing is placed at or above this */

/* Defaults. */
#define GEN_DEFAULT_PRIORITY 100
#define GEN_DEFAULT_STACK (16 * 1024)
#define GEN_DEFAULT_HEADROOM 16
#define GEN_MIN_RADIX 6
#define GEN_UNTYPED_POOL_SLOTS 256 /* slots reserved for spare untypeds (>= the info table) */
#define GEN_MAX_IRQS 64            /* sources on one IRQ connection (one badge bit each) */

/* Fixed slots (must match camkes/include/camkes/spec.h). */
#define GEN_SLOT_CNODE 1
#define GEN_SLOT_VSPACE 2
#define GEN_SLOT_RUNTIME_NTFN 3
#define GEN_SLOT_FIRST_TCB 4

/* Values of spec.h's enums, repeated so that the tool needs no target headers. */
enum gen_obj_type {
    GOBJ_TCB = 1,
    GOBJ_ENDPOINT,
    GOBJ_NOTIFICATION,
    GOBJ_CNODE,
    GOBJ_FRAME,
    GOBJ_DEVICE_FRAME,
    GOBJ_PAGE_TABLE,
    GOBJ_VSPACE,
};
enum gen_cap_kind { GCAP_OBJECT = 1, GCAP_IRQ_HANDLER, GCAP_UNTYPED_POOL };
enum gen_rights { GR_WRITE = 1, GR_READ = 2, GR_GRANT = 4, GR_GRANT_REPLY = 8, GR_ALL = 15 };
enum gen_thread_kind { GTHREAD_CONTROL = 0, GTHREAD_INTERFACE, GTHREAD_IRQ };

/* What a connector does; several connector names share one kind. */
enum gen_conn_kind {
    GC_NONE,       /* not connected */
    GC_RPC,        /* seL4RPCCall, cantripRPCCall */
    GC_RPC_SIGNAL, /* cantripRPCCallSignal: GC_RPC plus one notification per client */
    GC_RPC_SHARED, /* seL4RPCOverMultiSharedData, cantripRPCOverMultiSharedData */
    GC_NOTIFY,     /* seL4Notification, cantripNotification */
    GC_IRQ,        /* seL4HardwareInterrupt, cantripIRQ */
    GC_SHARED,     /* seL4SharedData, cantripSharedData */
    GC_MMIO,       /* seL4HardwareMMIO, cantripMMIO */
};

/* A growable array in the arena: GEN_VEC(int) v; int *p = GEN_PUSH(sys, v); */
#define GEN_VEC(T)                                                                                 \
    struct {                                                                                       \
        T *items;                                                                                  \
        unsigned n, cap;                                                                           \
    }
void *gen_grow(struct arena *a, void *items, unsigned *cap, size_t size);
#define GEN_PUSH(sys, v)                                                                           \
    ((v).n == (v).cap ? (void)((v).items = gen_grow(&(sys)->ctx->arena, (v).items, &(v).cap,       \
                                                    sizeof(*(v).items)))                           \
                      : (void)0,                                                                   \
     &(v).items[(v).n++])

struct gen_object {
    uint8_t type; /* enum gen_obj_type */
    uint8_t size_bits;
    uint64_t paddr;
    const char *name;
};

struct gen_cap {
    uint32_t slot;
    uint8_t kind, rights;
    uint32_t object;
    uint64_t badge;   /* endpoint/notification badge; for IRQ handlers the notification's */
    uint32_t irq;     /* IRQ handlers: the interrupt line */
    const char *what; /* comment for the generated files */
};

struct gen_mapping {
    uint64_t vaddr;
    uint32_t object;
    uint8_t rights;
};

struct gen_port;

struct gen_thread {
    const char *name; /* "control" or the interface's name */
    enum gen_thread_kind kind;
    struct gen_port *port;         /* the interface served; NULL for control */
    uint32_t tcb, ipc_frame, ntfn; /* objects (ntfn: none for control) */
    uint32_t tcb_slot, ntfn_slot;  /* ntfn_slot 0: control (uses CAMKES_SLOT_RUNTIME_NTFN) */
    uint64_t ipc_buffer, stack_top;
    uint32_t stack_pages;
    uint8_t priority, mcp;
};

/* One IRQ source of an IRQ connection, as its consumer sees it. */
struct gen_irq {
    const char *source; /* the hardware instance's interface name */
    uint32_t number;
    uint32_t handler_slot;
    uint64_t bit;
};

/* One interface of a program instance, and how it is connected. */
struct gen_port {
    const struct ast_interface *iface;
    const struct ast_connection *conn; /* NULL: not connected */
    const struct ast_end *end;
    enum gen_conn_kind kind;
    bool server;          /* RPC: the `to` end; events: the consumer */
    unsigned index;       /* RPC clients, emitters: position among the `from` ends */
    uint32_t slot;        /* endpoint or notification cap (0 none) */
    uint64_t badge;       /* RPC client: index + 1; emitter: 1 << index */
    uint64_t vaddr;       /* dataport, MMIO, shared RPC page (server: the first) */
    uint64_t size;        /* bytes mapped at vaddr (server of RPC_SHARED: per client page) */
    unsigned n_clients;   /* RPC servers: client badges are 1..n_clients */
    uint32_t signal_slot; /* RPC_SIGNAL client: its notification (Read); server: the first of
                             n_clients Write caps, client badge b at signal_slot + b - 1 */
    uint32_t lock_slot;   /* RPC_SHARED client in a multi-threaded component: its page's mutex */
    bool has_thread;      /* served by a thread of its own */
    int thread;           /* index in the component's threads, -1 none */
    GEN_VEC(struct gen_irq) irqs; /* IRQ consumer */
};

/* `has mutex|semaphore|binary_semaphore|copyregion NAME`. */
struct gen_sync {
    const struct ast_has *has;
    uint32_t slot;  /* notification (not for copyregion) */
    long value;     /* initial count */
    uint64_t vaddr; /* copyregion: an unmapped window */
    uint64_t size;
};

struct gen_component {
    const struct ast_instance *inst;
    const char *name;
    const char *src_dir; /* directory of the file that defines the component type */
    uint32_t cnode, vspace;
    uint8_t radix;
    uint32_t next_slot;
    uint64_t next_data, next_mmio, next_stack;
    GEN_VEC(struct gen_cap) caps;
    GEN_VEC(struct gen_mapping) maps;
    GEN_VEC(struct gen_thread) threads;
    GEN_VEC(struct gen_port) ports;
    GEN_VEC(struct gen_sync) syncs;
    bool untyped_pool;
    uint32_t pool_slot;
    uint64_t info_vaddr;
    struct gen_port *logger; /* a connected `uses` interface named "logger" */
};

struct gen_conn_state; /* gen_connect.c */

struct gen_system {
    struct camkes_ctx *ctx;
    GEN_VEC(struct gen_object) objects;
    GEN_VEC(struct gen_component) components;
    struct gen_conn_state *conns; /* one per connection, in source order */
    unsigned n_conns;
};

/* ------------------------------------------------------------------ building (model) */

/* Builds the model of a checked spec.  Reports problems through ctx's diagnostics (for
 * example a missing `<iface>_paddr`); returns false when there were errors. */
bool gen_build(struct camkes_ctx *ctx, struct gen_system *sys);

/* Helpers shared by the model files. */
uint32_t gen_object(struct gen_system *sys, enum gen_obj_type type, uint8_t size_bits,
                    uint64_t paddr, const char *name);
uint32_t gen_cap(struct gen_system *sys, struct gen_component *c, enum gen_cap_kind kind,
                 uint8_t rights, uint32_t object, uint64_t badge, const char *what);
void gen_map(struct gen_system *sys, struct gen_component *c, uint64_t vaddr, uint32_t object,
             uint8_t rights);
/* Reserves `bytes` (page rounded) plus an unmapped guard page in the data or MMIO region. */
uint64_t gen_reserve(struct gen_system *sys, struct gen_component *c, uint64_t bytes, bool mmio);
/* A setting `inst.attr` (the last one wins), or the component's default; NULL if none. */
const struct ast_value *gen_attr(const struct gen_system *sys, const struct ast_instance *inst,
                                 const char *attr);
/* Integer (or boolean) attribute with a default; a non-integer value is an error. */
int64_t gen_attr_int(struct gen_system *sys, const struct ast_instance *inst, const char *attr,
                     int64_t dflt);
enum gen_conn_kind gen_conn_kind(const char *connector);
const char *gen_conn_kind_name(enum gen_conn_kind k);

/* gen_connect.c: connects every interface of c (creating connection objects on first use). */
void gen_connect_component(struct gen_system *sys, struct gen_component *c);
void gen_connect_init(struct gen_system *sys);

/* ------------------------------------------------------------------ output */

/* Writes everything into outdir (created if needed).  Files whose contents would not
 * change are left alone, so that make does not rebuild what is up to date. */
bool gen_write_all(const struct gen_system *sys, const char *outdir);

void gen_write_spec(const struct gen_system *sys, FILE *out);
void gen_write_header(const struct gen_system *sys, const struct gen_component *c, FILE *out);
void gen_write_glue(const struct gen_system *sys, const struct gen_component *c, FILE *out);
void gen_write_mk(const struct gen_system *sys, const char *outdir, FILE *out);
void gen_write_archive(const struct gen_system *sys, FILE *out);

/* gen_rpc.c: RPC client stubs and server dispatch for one port. */
void gen_rpc_prototypes(const struct gen_port *p, FILE *out);
void gen_rpc_glue(const struct gen_port *p, FILE *out);

/* The directory part of a file name, with "." and "dir/.." segments folded away
 * ("a/b/../c/x.camkes" -> "a/c"; "x.camkes" -> "."). */
const char *gen_dirname(struct arena *a, const char *file);
/* The procedure of an RPC port (gen_model.c). */
const struct ast_procedure *gen_port_procedure(const struct gen_port *p);
