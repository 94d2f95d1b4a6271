/* The system model: every program instance (a component that is not `hardware;`) becomes
 * one CSpace, one VSpace and its threads; gen_connect.c adds what the connections need.
 *
 * Per component, in order: the fixed slots (CNode, VSpace, runtime notification), one TCB
 * cap per thread, one notification per thread but the control thread, the interfaces'
 * caps in declaration order, the `has` objects, and last the untyped pool.  Objects are
 * numbered in the order they are first needed, so the output is deterministic. */
#include <string.h>

#include "gen.h"
#include "gen_rpc.h"

void *gen_grow(struct arena *a, void *items, unsigned *cap, size_t size)
{
    unsigned n = *cap ? *cap * 2 : 8;
    void *p = arena_alloc(a, (size_t)n * size);
    if (items != NULL) memcpy(p, items, (size_t)*cap * size);
    *cap = n;
    return p;
}

uint32_t gen_object(struct gen_system *sys, enum gen_obj_type type, uint8_t size_bits,
                    uint64_t paddr, const char *name)
{
    struct gen_object *o = GEN_PUSH(sys, sys->objects);
    *o = (struct gen_object){(uint8_t)type, size_bits, paddr, name};
    return sys->objects.n - 1;
}

uint32_t gen_cap(struct gen_system *sys, struct gen_component *c, enum gen_cap_kind kind,
                 uint8_t rights, uint32_t object, uint64_t badge, const char *what)
{
    struct gen_cap *k = GEN_PUSH(sys, c->caps);
    *k = (struct gen_cap){c->next_slot++, (uint8_t)kind, rights, object, badge, 0, what};
    return k->slot;
}

void gen_map(struct gen_system *sys, struct gen_component *c, uint64_t vaddr, uint32_t object,
             uint8_t rights)
{
    struct gen_mapping *m = GEN_PUSH(sys, c->maps);
    *m = (struct gen_mapping){vaddr, object, rights};
}

uint64_t gen_reserve(struct gen_system *sys, struct gen_component *c, uint64_t bytes, bool mmio)
{
    uint64_t *next = mmio ? &c->next_mmio : &c->next_data;
    uint64_t limit = mmio ? GEN_REGION_END : GEN_MMIO_BASE;
    uint64_t size = (bytes + GEN_PAGE - 1) & ~(GEN_PAGE - 1);
    uint64_t at = *next;
    if (size > limit - at || limit - at - size < GEN_PAGE) {
        diag_error(&sys->ctx->diag, c->inst->loc, "instance '%s': the %s region is full", c->name,
                   mmio ? "MMIO" : "dataport");
        return at;
    }
    *next = at + size + GEN_PAGE; /* the guard page stays unmapped */
    return at;
}

const struct ast_value *gen_attr(const struct gen_system *sys, const struct ast_instance *inst,
                                 const char *attr)
{
    const struct ast_value *v = NULL;
    for (const struct ast_setting *s = sys->ctx->spec.settings.first; s != NULL; s = s->next)
        if (s->instance == inst && strcmp(s->attribute, attr) == 0) v = s->value;
    if (v == NULL && inst->component != NULL) {
        const struct ast_attribute *a = ast_find_attribute(inst->component, attr);
        if (a != NULL) v = a->dflt;
    }
    return v;
}

int64_t gen_attr_int(struct gen_system *sys, const struct ast_instance *inst, const char *attr,
                     int64_t dflt)
{
    const struct ast_value *v = gen_attr(sys, inst, attr);
    if (v == NULL) return dflt;
    if (v->kind == VALUE_BOOL || (v->kind == VALUE_INT && v->evaluated)) return v->integer;
    if (v->kind != VALUE_INT)
        diag_error(&sys->ctx->diag, v->loc, "'%s.%s' must be an integer", inst->name, attr);
    return dflt;
}

static const struct {
    const char *name;
    enum gen_conn_kind kind;
} connector_kinds[] = {
    {"seL4RPCCall", GC_RPC},
    {"cantripRPCCall", GC_RPC},
    {"cantripRPCCallSignal", GC_RPC_SIGNAL},
    {"seL4RPCOverMultiSharedData", GC_RPC_SHARED},
    {"cantripRPCOverMultiSharedData", GC_RPC_SHARED},
    {"seL4Notification", GC_NOTIFY},
    {"cantripNotification", GC_NOTIFY},
    {"seL4HardwareInterrupt", GC_IRQ},
    {"cantripIRQ", GC_IRQ},
    {"seL4SharedData", GC_SHARED},
    {"cantripSharedData", GC_SHARED},
    {"seL4HardwareMMIO", GC_MMIO},
    {"cantripMMIO", GC_MMIO},
};

enum gen_conn_kind gen_conn_kind(const char *connector)
{
    for (size_t i = 0; i < sizeof(connector_kinds) / sizeof(connector_kinds[0]); i++)
        if (strcmp(connector_kinds[i].name, connector) == 0) return connector_kinds[i].kind;
    return GC_NONE;
}

const char *gen_conn_kind_name(enum gen_conn_kind k)
{
    static const char *const names[] = {"unconnected",  "rpc", "rpc_signal",  "rpc_shared",
                                        "notification", "irq", "shared_data", "mmio"};
    return names[k];
}

const struct ast_procedure *gen_port_procedure(const struct gen_port *p)
{
    return p->iface->procedure;
}

/* ------------------------------------------------------------------ components */

const char *gen_dirname(struct arena *a, const char *file)
{
    const char *end = file != NULL ? strrchr(file, '/') : NULL;
    if (end == NULL) return ".";
    char *out = arena_alloc(a, (size_t)(end - file) + 2);
    size_t len = 0, base = 0;
    unsigned depth = 0; /* trailing segments that a ".." can remove */
    if (file[0] == '/') out[len++] = '/', base = 1;
    for (const char *p = file; p < end;) {
        const char *e = memchr(p, '/', (size_t)(end - p));
        if (e == NULL) e = end;
        size_t k = (size_t)(e - p);
        bool dotdot = k == 2 && p[0] == '.' && p[1] == '.';
        if (dotdot && depth > 0) {
            while (len > base && out[len - 1] != '/')
                len--;
            if (len > base) len--;
            depth--;
        } else if (k != 0 && !(k == 1 && p[0] == '.') && !(dotdot && base == 1)) {
            if (len > base) out[len++] = '/';
            memcpy(out + len, p, k);
            len += k;
            if (!dotdot) depth++;
        }
        p = e + 1;
    }
    if (len == 0) return ".";
    out[len] = '\0';
    return out;
}

static const char *name2(struct gen_system *sys, const char *a, const char *b)
{
    return arena_printf(&sys->ctx->arena, "%s.%s", a, b);
}

/* Where a bad attribute value is reported: the value, else the instance. */
static struct loc attr_loc(const struct gen_system *sys, const struct ast_instance *inst,
                           const char *attr)
{
    const struct ast_value *v = gen_attr(sys, inst, attr);
    return v != NULL ? v->loc : inst->loc;
}

static uint8_t priority_attr(struct gen_system *sys, const struct ast_instance *inst,
                             const char *attr, int64_t dflt)
{
    int64_t v = gen_attr_int(sys, inst, attr, dflt);
    if (v < 0 || v > 255) {
        diag_error(&sys->ctx->diag, attr_loc(sys, inst, attr),
                   "'%s.%s' = %lld is not a priority (0..255)", inst->name, attr, (long long)v);
        return (uint8_t)dflt;
    }
    return (uint8_t)v;
}

static uint32_t stack_pages(struct gen_system *sys, const struct ast_instance *inst,
                            const char *attr, int64_t dflt)
{
    int64_t v = gen_attr_int(sys, inst, attr, dflt);
    if (v <= 0 || v > 64 * 1024 * 1024) {
        diag_error(&sys->ctx->diag, attr_loc(sys, inst, attr),
                   "'%s.%s' = %lld is not a usable stack size", inst->name, attr, (long long)v);
        v = dflt;
    }
    return (uint32_t)((v + (int64_t)GEN_PAGE - 1) / (int64_t)GEN_PAGE);
}

/* base: the instance's priority (`priority`, overridden by `_priority`). */
static void add_thread(struct gen_system *sys, struct gen_component *c, const char *name,
                       enum gen_thread_kind kind, struct gen_port *port, uint8_t base)
{
    const struct ast_instance *in = c->inst;
    struct gen_thread *t = GEN_PUSH(sys, c->threads);
    memset(t, 0, sizeof(*t));
    t->name = name;
    t->kind = kind;
    t->port = port;
    if (port == NULL) {
        t->priority = base;
        t->mcp = priority_attr(sys, in, "_max_priority", t->priority);
        t->stack_pages = stack_pages(sys, in, "_stack_size", GEN_DEFAULT_STACK);
    } else {
        struct arena *a = &sys->ctx->arena;
        t->priority = priority_attr(sys, in, arena_printf(a, "%s_priority", name), base);
        t->mcp = priority_attr(sys, in, arena_printf(a, "%s_max_priority", name), t->priority);
        t->stack_pages =
            stack_pages(sys, in, arena_printf(a, "%s_stack_size", name), GEN_DEFAULT_STACK);
    }
}

/* The connection end that names inst.iface; more than one is an error. */
static void find_connection(struct gen_system *sys, struct gen_component *c, struct gen_port *p)
{
    for (const struct ast_connection *k = sys->ctx->spec.connections.first; k != NULL; k = k->next)
        for (const struct ast_end *e = k->ends.first; e != NULL; e = e->next) {
            if (e->inst != c->inst || e->iface != p->iface) continue;
            if (p->conn != NULL) {
                diag_error(&sys->ctx->diag, e->loc,
                           "'%s.%s' is in connections '%s' and '%s'; code generation supports "
                           "one connection per interface",
                           c->name, p->iface->name, p->conn->name, k->name);
                continue;
            }
            p->conn = k;
            p->end = e;
        }
    if (p->conn == NULL) return;
    p->kind = gen_conn_kind(p->conn->type); /* GC_NONE is reported by gen_connect.c */
    p->server = !p->end->is_from;
    for (const struct ast_end *e = p->conn->ends.first; e != p->end; e = e->next)
        p->index += e->is_from;
}

static bool wants_thread(struct gen_system *sys, struct gen_component *c, struct gen_port *p)
{
    const char *attr = arena_printf(&sys->ctx->arena, "%s_has_thread", p->iface->name);
    switch (p->kind) {
    case GC_RPC:
    case GC_RPC_SIGNAL:
    case GC_RPC_SHARED:
        if (!p->server) return false;
        if (gen_attr_int(sys, c->inst, attr, 1) == 0)
            diag_error(&sys->ctx->diag, c->inst->loc,
                       "'%s.%s': a provided interface is always served by a thread of its own",
                       c->name, attr);
        return true;
    case GC_IRQ:
        return gen_attr_int(sys, c->inst, attr, 1) != 0;
    case GC_NOTIFY:
        return p->server && gen_attr_int(sys, c->inst, attr, 0) != 0;
    default:
        return false;
    }
}

static const char *const reserved_names[] = {"CNODE",         "VSPACE", "RUNTIME_NTFN", "FIRST_TCB",
                                             "UNTYPED_FIRST", "FREE",   "control",      NULL};

static void check_name(struct gen_system *sys, struct gen_component *c, const char *name,
                       struct loc at)
{
    for (const char *const *r = reserved_names; *r != NULL; r++)
        if (strcmp(*r, name) == 0)
            diag_error(&sys->ctx->diag, at,
                       "the name '%s' in component '%s' is reserved by the generator", name,
                       c->inst->component->name);
}

static void add_component(struct gen_system *sys, const struct ast_instance *in)
{
    struct arena *a = &sys->ctx->arena;
    struct gen_component *c = GEN_PUSH(sys, sys->components);
    memset(c, 0, sizeof(*c));
    c->inst = in;
    c->name = in->name;
    c->src_dir = gen_dirname(a, in->component->loc.file);
    c->next_slot = GEN_SLOT_CNODE;
    c->next_data = GEN_DATA_BASE;
    c->next_mmio = GEN_MMIO_BASE;
    c->next_stack = GEN_STACK_BASE;
    c->cnode = gen_object(sys, GOBJ_CNODE, 0, 0, name2(sys, in->name, "cnode"));
    c->vspace = gen_object(sys, GOBJ_VSPACE, 0, 0, name2(sys, in->name, "vspace"));
    uint32_t rt = gen_object(sys, GOBJ_NOTIFICATION, 0, 0, name2(sys, in->name, "runtime"));
    gen_cap(sys, c, GCAP_OBJECT, GR_ALL, c->cnode, 0, "CNode");
    gen_cap(sys, c, GCAP_OBJECT, GR_ALL, c->vspace, 0, "VSpace");
    gen_cap(sys, c, GCAP_OBJECT, GR_ALL, rt, 0, "runtime notification");

    for (const struct ast_interface *i = in->component->interfaces.first; i != NULL; i = i->next) {
        check_name(sys, c, i->name, i->loc);
        struct gen_port *p = GEN_PUSH(sys, c->ports);
        memset(p, 0, sizeof(*p));
        p->iface = i;
        p->thread = -1;
        find_connection(sys, c, p);
    }
    for (const struct ast_has *h = in->component->has.first; h != NULL; h = h->next)
        check_name(sys, c, h->name, h->loc);

    uint8_t base = priority_attr(sys, in, "priority", GEN_DEFAULT_PRIORITY);
    base = priority_attr(sys, in, "_priority", base);
    add_thread(sys, c, "control", GTHREAD_CONTROL, NULL, base);
    for (unsigned k = 0; k < c->ports.n; k++) {
        struct gen_port *p = &c->ports.items[k];
        if (p->conn == NULL || !wants_thread(sys, c, p)) continue;
        p->has_thread = true;
        p->thread = (int)c->threads.n;
        add_thread(sys, c, p->iface->name, p->kind == GC_IRQ ? GTHREAD_IRQ : GTHREAD_INTERFACE, p,
                   base);
    }
    for (unsigned k = 0; k < c->threads.n; k++) {
        struct gen_thread *t = &c->threads.items[k];
        const char *tn = arena_printf(a, "%s.%s", in->name, t->name);
        t->tcb = gen_object(sys, GOBJ_TCB, 0, 0, arena_printf(a, "%s.tcb", tn));
        t->ipc_frame = gen_object(sys, GOBJ_FRAME, 12, 0, arena_printf(a, "%s.ipc", tn));
        t->tcb_slot = gen_cap(sys, c, GCAP_OBJECT, GR_ALL, t->tcb, 0,
                              arena_printf(a, "TCB of thread %s", t->name));
    }
    for (unsigned k = 1; k < c->threads.n; k++) {
        struct gen_thread *t = &c->threads.items[k];
        t->ntfn = gen_object(sys, GOBJ_NOTIFICATION, 0, 0,
                             arena_printf(a, "%s.%s.ntfn", in->name, t->name));
        t->ntfn_slot = gen_cap(sys, c, GCAP_OBJECT, GR_ALL, t->ntfn, 0,
                               arena_printf(a, "runtime notification of thread %s", t->name));
    }
}

/* ------------------------------------------------------------------ after the connections */

static void add_syncs(struct gen_system *sys, struct gen_component *c)
{
    struct arena *a = &sys->ctx->arena;
    for (const struct ast_has *h = c->inst->component->has.first; h != NULL; h = h->next) {
        struct gen_sync *s = GEN_PUSH(sys, c->syncs);
        memset(s, 0, sizeof(*s));
        s->has = h;
        if (strcmp(h->kind, "copyregion") == 0) {
            int64_t size =
                gen_attr_int(sys, c->inst, arena_printf(a, "%s_size", h->name), (int64_t)GEN_PAGE);
            if (size <= 0 || size > 1 << 30) {
                diag_error(&sys->ctx->diag, h->loc, "'%s.%s_size' is not a usable size", c->name,
                           h->name);
                size = GEN_PAGE;
            }
            s->size = ((uint64_t)size + GEN_PAGE - 1) & ~(GEN_PAGE - 1);
            s->vaddr = gen_reserve(sys, c, s->size, false);
            continue;
        }
        bool mutex = strcmp(h->kind, "mutex") == 0;
        int64_t v = gen_attr_int(sys, c->inst, arena_printf(a, "%s_value", h->name), mutex);
        if (v < 0 || (strcmp(h->kind, "binary_semaphore") == 0 && v > 1) || v > 1 << 30) {
            diag_error(&sys->ctx->diag, h->loc, "'%s.%s_value' = %lld is not a valid count",
                       c->name, h->name, (long long)v);
            v = 0;
        }
        s->value = mutex ? 1 : (long)v;
        uint32_t o = gen_object(sys, GOBJ_NOTIFICATION, 0, 0, name2(sys, c->name, h->name));
        s->slot = gen_cap(sys, c, GCAP_OBJECT, GR_READ | GR_WRITE, o, 0,
                          arena_printf(a, "%s %s", h->kind, h->name));
    }
}

static void add_untyped_pool(struct gen_system *sys, struct gen_component *c)
{
    if (gen_attr_int(sys, c->inst, "untyped_memory", 0) == 0) return;
    for (const struct gen_component *o = sys->components.items; o != c; o++)
        if (o->untyped_pool)
            diag_error(&sys->ctx->diag, c->inst->loc,
                       "'%s' and '%s' both set untyped_memory; only one component can receive "
                       "the spare untypeds",
                       o->name, c->name);
    c->untyped_pool = true;
    uint32_t info = gen_object(sys, GOBJ_FRAME, 12, 0, name2(sys, c->name, "untyped_info"));
    c->info_vaddr = gen_reserve(sys, c, GEN_PAGE, false);
    gen_map(sys, c, c->info_vaddr, info, GR_READ);
    c->pool_slot = gen_cap(sys, c, GCAP_UNTYPED_POOL, 0, info, 0, "first spare untyped");
    c->next_slot += GEN_UNTYPED_POOL_SLOTS - 1;
}

static void layout_threads(struct gen_system *sys, struct gen_component *c)
{
    for (unsigned k = 0; k < c->threads.n; k++) {
        struct gen_thread *t = &c->threads.items[k];
        t->ipc_buffer = GEN_IPC_BASE + k * 2 * GEN_PAGE;
        c->next_stack += GEN_PAGE; /* guard */
        t->stack_top = c->next_stack + t->stack_pages * GEN_PAGE;
        c->next_stack = t->stack_top;
    }
    if (c->next_stack > GEN_DATA_BASE)
        diag_error(&sys->ctx->diag, c->inst->loc, "instance '%s': stacks exceed the stack region",
                   c->name);
}

static void size_cnode(struct gen_system *sys, struct gen_component *c)
{
    int64_t headroom = gen_attr_int(sys, c->inst, "cnode_headroom", GEN_DEFAULT_HEADROOM);
    if (headroom < 0 || headroom > 1 << 20) headroom = GEN_DEFAULT_HEADROOM;
    uint64_t need = c->next_slot + (uint64_t)headroom;
    unsigned radix = GEN_MIN_RADIX;
    while ((1ull << radix) < need)
        radix++;
    int64_t want = gen_attr_int(sys, c->inst, "cnode_size_bits", 0);
    if (want != 0) {
        if (want < radix || want > 20)
            diag_error(&sys->ctx->diag, c->inst->loc,
                       "'%s.cnode_size_bits' = %lld: the component needs at least %u", c->name,
                       (long long)want, radix);
        else
            radix = (unsigned)want;
    }
    c->radix = (uint8_t)radix;
    sys->objects.items[c->cnode].size_bits = c->radix;
}

static void find_logger(struct gen_component *c)
{
    for (unsigned k = 0; k < c->ports.n; k++) {
        struct gen_port *p = &c->ports.items[k];
        if (p->iface->kind == IFACE_USES && strcmp(p->iface->name, "logger") == 0 &&
            (p->kind == GC_RPC || p->kind == GC_RPC_SHARED))
            c->logger = p;
    }
}

/* Every procedure an RPC port uses must be one the generator can marshal (checked once). */
static void check_procedures(struct gen_system *sys)
{
    for (const struct ast_procedure *proc = sys->ctx->spec.procedures.first; proc != NULL;
         proc = proc->next) {
        bool used = false;
        for (unsigned k = 0; k < sys->components.n && !used; k++) {
            const struct gen_component *c = &sys->components.items[k];
            for (unsigned i = 0; i < c->ports.n && !used; i++)
                used = c->ports.items[i].conn != NULL && c->ports.items[i].iface->procedure == proc;
        }
        if (used) gen_rpc_check(sys, proc);
    }
}

bool gen_build(struct camkes_ctx *ctx, struct gen_system *sys)
{
    memset(sys, 0, sizeof(*sys));
    sys->ctx = ctx;
    unsigned errors = ctx->diag.errors;
    gen_connect_init(sys);
    for (const struct ast_instance *in = ctx->spec.instances.first; in != NULL; in = in->next)
        if (in->component != NULL && !in->component->hardware) add_component(sys, in);
    for (unsigned k = 0; k < sys->components.n; k++)
        gen_connect_component(sys, &sys->components.items[k]);
    for (unsigned k = 0; k < sys->components.n; k++) {
        struct gen_component *c = &sys->components.items[k];
        add_syncs(sys, c);
        add_untyped_pool(sys, c);
        layout_threads(sys, c);
        size_cnode(sys, c);
        find_logger(c);
    }
    check_procedures(sys);
    if (sys->components.n == 0)
        diag_error(&ctx->diag, ctx->top, "the assembly has no program instances to generate");
    return ctx->diag.errors == errors;
}
