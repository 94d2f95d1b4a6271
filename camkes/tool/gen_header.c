/* <instance>/camkes_gen.h: what a component's code needs to know about its instance: the
 * slot of every cap, the address and size of every dataport and shared page, its threads,
 * and the prototypes of the glue's functions and of the functions it must implement.
 *
 * Names (x = an interface or `has` name):
 *   CAMKES_SLOT_x              endpoint / notification of interface x, or the has-object
 *   CAMKES_SLOT_x_SIGNAL       rpc_signal notification(s)
 *   CAMKES_SLOT_x_<src>_IRQ    IRQ handler of source <src> of an IRQ interface
 *   CAMKES_IRQ_x_<src>         the source's index (what x_handle() is given)
 *   CAMKES_IRQ_NUMBER_x_<src>  the source's interrupt line
 *   CAMKES_BADGE_x             an RPC client's or an emitter's badge
 *   CAMKES_BADGE_x_<inst>_<if> on a server or consumer: the badge of the end <inst>.<if>
 *   CAMKES_CLIENTS_x           an RPC server's number of clients (badges 1..n)
 *   CAMKES_VADDR_x, CAMKES_SIZE_x   dataport, MMIO region, shared RPC page(s), copyregion
 *   CAMKES_CONNECTED_x         1 if interface x is connected, else 0
 *   CAMKES_THREAD_x            index of a thread in camkes_threads[] */
#include <string.h>

#include "gen.h"

/* The includes of the component and of its connected procedures, each once. */
static void emit_includes(const struct gen_component *c, FILE *out)
{
    const struct ast_include *lists[c->ports.n + 1];
    unsigned n = 0;
    lists[n++] = c->inst->component->includes.first;
    for (unsigned i = 0; i < c->ports.n; i++) {
        const struct gen_port *p = &c->ports.items[i];
        if (p->conn != NULL && p->iface->procedure != NULL)
            lists[n++] = p->iface->procedure->includes.first;
    }
    for (unsigned l = 0; l < n; l++)
        for (const struct ast_include *i = lists[l]; i != NULL; i = i->next) {
            bool seen = false;
            for (unsigned k = 0; k <= l && !seen; k++)
                for (const struct ast_include *j = lists[k]; j != NULL && j != i && !seen;
                     j = j->next)
                    seen = j->angle == i->angle && strcmp(j->path, i->path) == 0;
            if (!seen) fprintf(out, i->angle ? "#include <%s>\n" : "#include \"%s\"\n", i->path);
        }
}

/* A server's or consumer's names for the badges of the other ends: RPC clients get
 * index + 1, emitters 1 << index. */
static void peer_badges(const struct gen_port *p, bool bits, FILE *out)
{
    unsigned i = 0;
    for (const struct ast_end *e = p->conn->ends.first; e != NULL; e = e->next) {
        if (!e->is_from) continue;
        if (bits)
            fprintf(out, "#define CAMKES_BADGE_%s_%s_%s 0x%llxu\n", p->iface->name, e->instance,
                    e->interface, 1ull << i);
        else
            fprintf(out, "#define CAMKES_BADGE_%s_%s_%s %uu\n", p->iface->name, e->instance,
                    e->interface, i + 1);
        i++;
    }
}

static void header_rpc(const struct gen_port *p, FILE *out)
{
    const char *x = p->iface->name;
    fprintf(out, "#define CAMKES_SLOT_%s %u\n", x, (unsigned)p->slot);
    if (p->server) {
        fprintf(out, "#define CAMKES_CLIENTS_%s %u\n", x, p->n_clients);
        peer_badges(p, false, out);
    } else
        fprintf(out, "#define CAMKES_BADGE_%s %lluu\n", x, (unsigned long long)p->badge);
    if (p->kind == GC_RPC_SIGNAL)
        fprintf(out, "#define CAMKES_SLOT_%s_SIGNAL %u\n", x, (unsigned)p->signal_slot);
    if (p->kind == GC_RPC_SHARED)
        fprintf(out, "#define CAMKES_VADDR_%s 0x%llxul\n#define CAMKES_SIZE_%s %lluu\n", x,
                (unsigned long long)p->vaddr, x, (unsigned long long)p->size);
    gen_rpc_prototypes(p, out);
}

static void header_event(const struct gen_port *p, FILE *out)
{
    const char *x = p->iface->name;
    fprintf(out, "#define CAMKES_SLOT_%s %u\n", x, (unsigned)p->slot);
    if (p->kind == GC_NOTIFY && !p->server) {
        fprintf(out, "#define CAMKES_BADGE_%s 0x%llxu\nvoid %s_emit(void);\n", x,
                (unsigned long long)p->badge, x);
        return;
    }
    if (p->kind == GC_NOTIFY) {
        peer_badges(p, true, out);
        fprintf(out,
                "/* Block until signalled / check: the emitters' badge bits (0: none). */\n"
                "seL4_Word %s_wait(void);\nseL4_Word %s_poll(void);\n",
                x, x);
        if (p->has_thread)
            fprintf(
                out,
                "/* Implemented by the component: called on thread %s with the badge "
                "bits. */\n"
                "void %s_handle(seL4_Word badge);\nvoid %s__init(void) __attribute__((weak));\n",
                x, x, x);
        return;
    }
    for (unsigned i = 0; i < p->irqs.n; i++) {
        const struct gen_irq *q = &p->irqs.items[i];
        fprintf(out, "#define CAMKES_IRQ_%s_%s %u\n#define CAMKES_IRQ_NUMBER_%s_%s %u\n", x,
                q->source, i, x, q->source, (unsigned)q->number);
        fprintf(out, "#define CAMKES_SLOT_%s_%s_IRQ %u\n", x, q->source, (unsigned)q->handler_slot);
    }
    fprintf(out,
            "/* Implemented by the component: source CAMKES_IRQ_%s_*, acknowledged after it "
            "returns. */\n"
            "void %s_handle(unsigned source);\n",
            x, x);
    if (p->has_thread)
        fprintf(out, "void %s__init(void) __attribute__((weak));\n", x);
    else
        fprintf(out,
                "/* Waits for the next interrupt(s) and handles them. */\nvoid %s_wait(void);\n",
                x);
}

static void header_port(const struct gen_port *p, FILE *out)
{
    const char *x = p->iface->name;
    fprintf(out, "\n/* ---- %s %s %s", ast_iface_kind_name(p->iface->kind), p->iface->type, x);
    if (p->conn == NULL) {
        fprintf(out, ": not connected */\n#define CAMKES_CONNECTED_%s 0\n", x);
        if (p->iface->kind == IFACE_DATAPORT)
            fprintf(out, "extern void *const %s;\nextern const size_t %s_size;\n", x, x);
        return;
    }
    fprintf(out, ": %s connection %s (%s%s) */\n#define CAMKES_CONNECTED_%s 1\n", p->conn->type,
            p->conn->name, gen_conn_kind_name(p->kind),
            p->kind == GC_RPC || p->kind == GC_RPC_SHARED || p->kind == GC_RPC_SIGNAL
                ? (p->server ? ", server" : ", client")
                : "",
            x);
    if (p->thread >= 0) fprintf(out, "#define CAMKES_THREAD_%s %d\n", x, p->thread);
    switch (p->kind) {
    case GC_RPC:
    case GC_RPC_SIGNAL:
    case GC_RPC_SHARED:
        header_rpc(p, out);
        break;
    case GC_NOTIFY:
    case GC_IRQ:
        header_event(p, out);
        break;
    case GC_SHARED:
    case GC_MMIO:
        fprintf(out,
                "#define CAMKES_VADDR_%s 0x%llxul\n#define CAMKES_SIZE_%s %lluu\n"
                "extern void *const %s;\nextern const size_t %s_size;\n",
                x, (unsigned long long)p->vaddr, x, (unsigned long long)p->size, x, x);
        break;
    case GC_NONE:
        break;
    }
}

static void header_syncs(const struct gen_component *c, FILE *out)
{
    for (unsigned i = 0; i < c->syncs.n; i++) {
        const struct gen_sync *s = &c->syncs.items[i];
        const char *x = s->has->name;
        fprintf(out, "\n/* ---- has %s %s */\n", s->has->kind, x);
        if (strcmp(s->has->kind, "copyregion") == 0) {
            fprintf(out, "#define CAMKES_VADDR_%s 0x%llxul\n#define CAMKES_SIZE_%s %lluu\n", x,
                    (unsigned long long)s->vaddr, x, (unsigned long long)s->size);
            continue;
        }
        fprintf(out, "#define CAMKES_SLOT_%s %u\nextern %s %s;\n", x, (unsigned)s->slot,
                strcmp(s->has->kind, "mutex") == 0 ? "camkes_mutex_t" : "camkes_sem_t", x);
    }
}

void gen_write_header(const struct gen_system *sys, const struct gen_component *c, FILE *out)
{
    fprintf(out,
            "/* Generated by the camkes tool from %s: do not edit.\n"
            " * Instance %s of component %s: slots, addresses, threads and interfaces. */\n"
            "#pragma once\n"
            "#include <stdbool.h>\n#include <stddef.h>\n#include <stdint.h>\n"
            "#include <sel4/sel4.h>\n#include <camkes/spec.h>\n#include <camkes/runtime.h>\n",
            sys->ctx->top.file != NULL ? sys->ctx->top.file : "(input)", c->name, c->inst->type);
    emit_includes(c, out);
    fprintf(out, "\n#define CAMKES_INSTANCE_NAME \"%s\"\n#define CAMKES_CNODE_SIZE_BITS %u\n",
            c->name, (unsigned)c->radix);
    fprintf(out, "#define CAMKES_NUM_THREADS %u\n", c->threads.n);
    fputs("#define CAMKES_THREAD_control 0\n", out);
    for (unsigned i = 0; i < c->threads.n; i++)
        fprintf(out, "#define CAMKES_SLOT_TCB_%s %u\n", c->threads.items[i].name,
                (unsigned)c->threads.items[i].tcb_slot);
    if (c->untyped_pool)
        fprintf(out,
                "/* Spare untypeds: slots CAMKES_SLOT_UNTYPED_FIRST.., described by the\n"
                " * spec_untyped_info_t (camkes/spec.h) at CAMKES_UNTYPED_INFO_VADDR. */\n"
                "#define CAMKES_SLOT_UNTYPED_FIRST %u\n#define CAMKES_UNTYPED_POOL_SLOTS %u\n"
                "#define CAMKES_UNTYPED_INFO_VADDR 0x%llxul\n",
                (unsigned)c->pool_slot, GEN_UNTYPED_POOL_SLOTS, (unsigned long long)c->info_vaddr);
    fprintf(out,
            "/* First slot free for the component's own use. */\n#define CAMKES_SLOT_FREE %u\n",
            (unsigned)c->next_slot);
    for (unsigned i = 0; i < c->ports.n; i++)
        header_port(&c->ports.items[i], out);
    header_syncs(c, out);
}
