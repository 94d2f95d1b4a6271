/* What each connector becomes: kernel objects (made once per connection, the first time
 * one of its ends is laid out), and for every end the caps and mappings in its component.
 *
 *   rpc           one endpoint; `to`: Read cap; `from` i: Write|Grant|GrantReply, badge i+1
 *   rpc_signal    rpc, plus one notification per client: client Read, server Write caps
 *   rpc_shared    rpc, plus one 4 KiB frame per client, mapped in the client and (all of
 *                 them, in client order) in the server
 *   notification  one notification; emitter i: Write cap, badge 1 << i; consumer: Read cap
 *   irq           one notification; consumer: Read cap plus one IRQ handler per `from` source
 *                 (line <hw>.<iface>_irq_number, signalling badge bit 1 << source index)
 *   shared_data   frames for the largest end's size, mapped read-write in every end
 *   mmio          device frames at <hw>.<iface>_paddr (size <hw>.<iface>_size, else the
 *                 hardware dataport's declared size, else 4 KiB), mapped in every `from` end */
#include <string.h>

#include "gen.h"

struct gen_conn_state {
    bool made, reported;
    uint32_t obj;         /* endpoint or notification */
    uint32_t first_frame; /* shared frames, device frames, or per-client RPC pages */
    uint32_t n_frames;
    uint32_t first_signal; /* rpc_signal: per-client notifications */
    uint64_t size;         /* shared_data, mmio: bytes */
};

void gen_connect_init(struct gen_system *sys)
{
    sys->n_conns = sys->ctx->spec.connections.count;
    sys->conns = arena_alloc(&sys->ctx->arena, (sys->n_conns + 1) * sizeof(*sys->conns));
}

static struct gen_conn_state *state_of(struct gen_system *sys, const struct ast_connection *k)
{
    unsigned i = 0;
    for (const struct ast_connection *c = sys->ctx->spec.connections.first; c != k; c = c->next)
        i++;
    return &sys->conns[i];
}

static const struct ast_end *nth_end(const struct ast_connection *k, bool from, unsigned n)
{
    for (const struct ast_end *e = k->ends.first; e != NULL; e = e->next)
        if (e->is_from == from && n-- == 0) return e;
    return NULL;
}

static uint64_t page_round(uint64_t n)
{
    return (n + GEN_PAGE - 1) & ~(GEN_PAGE - 1);
}

static void make_frames(struct gen_system *sys, struct gen_conn_state *st,
                        const struct ast_connection *k, bool device, uint64_t paddr)
{
    st->n_frames = (uint32_t)(page_round(st->size) / GEN_PAGE);
    st->first_frame = sys->objects.n;
    for (uint32_t i = 0; i < st->n_frames; i++) {
        const char *n = st->n_frames == 1
                            ? arena_printf(&sys->ctx->arena, "%s.frame", k->name)
                            : arena_printf(&sys->ctx->arena, "%s.frame%u", k->name, (unsigned)i);
        gen_object(sys, device ? GOBJ_DEVICE_FRAME : GOBJ_FRAME, 12,
                   device ? paddr + i * GEN_PAGE : 0, n);
    }
}

/* The hardware end of an mmio connection: paddr and size from its settings. */
static void make_mmio(struct gen_system *sys, struct gen_conn_state *st,
                      const struct ast_connection *k)
{
    struct arena *a = &sys->ctx->arena;
    const struct ast_end *hw = nth_end(k, false, 0);
    const char *pa = arena_printf(a, "%s_paddr", hw->interface);
    const struct ast_value *v = gen_attr(sys, hw->inst, pa);
    int64_t paddr = gen_attr_int(sys, hw->inst, pa, -1);
    if (v == NULL || paddr < 0 || (paddr & (int64_t)(GEN_PAGE - 1)) != 0) {
        diag_error(&sys->ctx->diag, k->loc,
                   "connection '%s': '%s.%s' must be set to a page-aligned physical address",
                   k->name, hw->instance, pa);
        paddr = 0;
    }
    int64_t dflt = hw->iface->size_value > 0 ? hw->iface->size_value : (int64_t)GEN_PAGE;
    int64_t size = gen_attr_int(sys, hw->inst, arena_printf(a, "%s_size", hw->interface), dflt);
    if (size <= 0 || size > 1 << 30) {
        diag_error(&sys->ctx->diag, k->loc, "connection '%s': '%s.%s_size' is not a usable size",
                   k->name, hw->instance, hw->interface);
        size = (int64_t)GEN_PAGE;
    }
    st->size = (uint64_t)size;
    make_frames(sys, st, k, true, (uint64_t)paddr);
}

static void make_objects(struct gen_system *sys, struct gen_conn_state *st,
                         const struct ast_connection *k, enum gen_conn_kind kind)
{
    struct arena *a = &sys->ctx->arena;
    st->made = true;
    switch (kind) {
    case GC_RPC:
    case GC_RPC_SIGNAL:
    case GC_RPC_SHARED:
        st->obj = gen_object(sys, GOBJ_ENDPOINT, 0, 0, arena_printf(a, "%s.ep", k->name));
        for (unsigned i = 0; kind != GC_RPC && i < k->n_from; i++) {
            const struct ast_end *e = nth_end(k, true, i);
            uint32_t o = kind == GC_RPC_SIGNAL
                             ? gen_object(sys, GOBJ_NOTIFICATION, 0, 0,
                                          arena_printf(a, "%s.signal.%s", k->name, e->instance))
                             : gen_object(sys, GOBJ_FRAME, 12, 0,
                                          arena_printf(a, "%s.page.%s", k->name, e->instance));
            if (i == 0) st->first_signal = st->first_frame = o;
        }
        st->n_frames = k->n_from;
        break;
    case GC_NOTIFY:
    case GC_IRQ:
        st->obj = gen_object(sys, GOBJ_NOTIFICATION, 0, 0, arena_printf(a, "%s.ntfn", k->name));
        break;
    case GC_SHARED:
        st->size = GEN_PAGE;
        for (const struct ast_end *e = k->ends.first; e != NULL; e = e->next)
            if ((uint64_t)e->iface->size_value > st->size)
                st->size = (uint64_t)e->iface->size_value;
        make_frames(sys, st, k, false, 0);
        break;
    case GC_MMIO:
        make_mmio(sys, st, k);
        break;
    case GC_NONE:
        break;
    }
}

static void map_frames(struct gen_system *sys, struct gen_component *c, struct gen_port *p,
                       const struct gen_conn_state *st, bool mmio)
{
    p->size = st->size;
    p->vaddr = gen_reserve(sys, c, st->size, mmio);
    for (uint32_t i = 0; i < st->n_frames; i++)
        gen_map(sys, c, p->vaddr + i * GEN_PAGE, st->first_frame + i, GR_READ | GR_WRITE);
}

static void connect_rpc(struct gen_system *sys, struct gen_component *c, struct gen_port *p,
                        const struct gen_conn_state *st)
{
    struct arena *a = &sys->ctx->arena;
    const char *conn = p->conn->name;
    if (p->server) {
        p->n_clients = p->conn->n_from;
        p->slot = gen_cap(sys, c, GCAP_OBJECT, GR_READ, st->obj, 0,
                          arena_printf(a, "%s: endpoint (server)", conn));
        if (p->kind == GC_RPC_SIGNAL)
            for (unsigned i = 0; i < p->n_clients; i++) {
                uint32_t s = gen_cap(sys, c, GCAP_OBJECT, GR_WRITE, st->first_signal + i, 0,
                                     arena_printf(a, "%s: signal to client %u", conn, i + 1));
                if (i == 0) p->signal_slot = s;
            }
        if (p->kind == GC_RPC_SHARED) {
            p->size = GEN_PAGE;
            p->vaddr = gen_reserve(sys, c, p->n_clients * GEN_PAGE, false);
            for (unsigned i = 0; i < p->n_clients; i++)
                gen_map(sys, c, p->vaddr + i * GEN_PAGE, st->first_frame + i, GR_READ | GR_WRITE);
        }
        return;
    }
    p->badge = p->index + 1;
    p->slot = gen_cap(sys, c, GCAP_OBJECT, GR_WRITE | GR_GRANT | GR_GRANT_REPLY, st->obj, p->badge,
                      arena_printf(a, "%s: endpoint (client, badge %u)", conn, p->index + 1));
    if (p->kind == GC_RPC_SIGNAL)
        p->signal_slot = gen_cap(sys, c, GCAP_OBJECT, GR_READ, st->first_signal + p->index, 0,
                                 arena_printf(a, "%s: signal from the server", conn));
    if (p->kind == GC_RPC_SHARED) {
        p->size = GEN_PAGE;
        p->vaddr = gen_reserve(sys, c, GEN_PAGE, false);
        gen_map(sys, c, p->vaddr, st->first_frame + p->index, GR_READ | GR_WRITE);
        /* The page holds one call at a time: threads of one component take turns. */
        if (c->threads.n > 1) {
            uint32_t o = gen_object(sys, GOBJ_NOTIFICATION, 0, 0,
                                    arena_printf(a, "%s.%s.lock", c->name, p->iface->name));
            p->lock_slot = gen_cap(sys, c, GCAP_OBJECT, GR_READ | GR_WRITE, o, 0,
                                   arena_printf(a, "%s: mutex for the shared page", conn));
        }
    }
}

static void connect_irq(struct gen_system *sys, struct gen_component *c, struct gen_port *p,
                        const struct gen_conn_state *st)
{
    struct arena *a = &sys->ctx->arena;
    p->slot = gen_cap(sys, c, GCAP_OBJECT, GR_READ, st->obj, 0,
                      arena_printf(a, "%s: IRQ notification", p->conn->name));
    if (p->conn->n_from > GEN_MAX_IRQS) {
        diag_error(&sys->ctx->diag, p->conn->loc, "connection '%s' has more than %d sources",
                   p->conn->name, GEN_MAX_IRQS);
        return;
    }
    for (unsigned i = 0; i < p->conn->n_from; i++) {
        const struct ast_end *e = nth_end(p->conn, true, i);
        const char *attr = arena_printf(a, "%s_irq_number", e->interface);
        int64_t irq = gen_attr_int(sys, e->inst, attr, -1);
        if (irq <= 0 || irq > 1023) {
            diag_error(&sys->ctx->diag, p->conn->loc,
                       "connection '%s': '%s.%s' must be set to an interrupt number (1..1023)",
                       p->conn->name, e->instance, attr);
            irq = 0;
        }
        struct gen_irq *q = GEN_PUSH(sys, p->irqs);
        q->source = e->interface;
        q->number = (uint32_t)irq;
        q->bit = 1ull << i;
        q->handler_slot = gen_cap(sys, c, GCAP_IRQ_HANDLER, 0, st->obj, q->bit,
                                  arena_printf(a, "%s: IRQ %u handler (%s.%s)", p->conn->name,
                                               (unsigned)irq, e->instance, e->interface));
        c->caps.items[c->caps.n - 1].irq = q->number;
    }
}

static void connect_port(struct gen_system *sys, struct gen_component *c, struct gen_port *p)
{
    struct arena *a = &sys->ctx->arena;
    struct gen_conn_state *st = state_of(sys, p->conn);
    if (!st->made) make_objects(sys, st, p->conn, p->kind);
    switch (p->kind) {
    case GC_RPC:
    case GC_RPC_SIGNAL:
    case GC_RPC_SHARED:
        connect_rpc(sys, c, p, st);
        break;
    case GC_NOTIFY:
        if (p->server) {
            p->slot = gen_cap(sys, c, GCAP_OBJECT, GR_READ, st->obj, 0,
                              arena_printf(a, "%s: notification (consumer)", p->conn->name));
        } else if (p->index >= 64) {
            diag_error(&sys->ctx->diag, p->end->loc, "connection '%s' has more than 64 emitters",
                       p->conn->name);
        } else {
            p->badge = 1ull << p->index;
            p->slot = gen_cap(sys, c, GCAP_OBJECT, GR_WRITE, st->obj, p->badge,
                              arena_printf(a, "%s: notification (emitter, badge 0x%llx)",
                                           p->conn->name, (unsigned long long)p->badge));
        }
        break;
    case GC_IRQ:
        if (p->server) connect_irq(sys, c, p, st);
        break;
    case GC_SHARED:
        map_frames(sys, c, p, st, false);
        break;
    case GC_MMIO:
        map_frames(sys, c, p, st, true);
        break;
    case GC_NONE:
        break;
    }
}

void gen_connect_component(struct gen_system *sys, struct gen_component *c)
{
    for (unsigned k = 0; k < c->ports.n; k++) {
        struct gen_port *p = &c->ports.items[k];
        if (p->conn == NULL) continue;
        if (p->kind != GC_NONE) {
            connect_port(sys, c, p);
            continue;
        }
        struct gen_conn_state *st = state_of(sys, p->conn);
        if (!st->reported)
            diag_error(&sys->ctx->diag, p->conn->type_loc,
                       "connector '%s' (connection '%s') has no code generator", p->conn->type,
                       p->conn->name);
        st->reported = true;
    }
}
