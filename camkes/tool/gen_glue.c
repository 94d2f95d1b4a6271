/* <instance>/camkes_glue.c: the instance's side of the runtime contract
 * (camkes/runtime/include/camkes/runtime.h): its name, its thread table (control, then one
 * thread per served interface), the logger connection, dataport pointers, semaphores and
 * mutexes, notification and IRQ functions and loops, and the RPC glue (gen_rpc.c). */
#include <string.h>

#include "gen.h"

static void glue_event(const struct gen_port *p, FILE *out)
{
    const char *x = p->iface->name;
    if (p->kind == GC_NOTIFY && !p->server) {
        fprintf(out, "void %s_emit(void)\n{\n    seL4_Signal(CAMKES_SLOT_%s);\n}\n\n", x, x);
        return;
    }
    if (p->kind == GC_NOTIFY) {
        fprintf(out,
                "seL4_Word %s_wait(void)\n{\n    seL4_Word badge = 0;\n"
                "    seL4_Wait(CAMKES_SLOT_%s, &badge);\n    return badge;\n}\n\n"
                "seL4_Word %s_poll(void)\n{\n    seL4_Word badge = 0;\n"
                "    seL4_Poll(CAMKES_SLOT_%s, &badge);\n    return badge;\n}\n\n",
                x, x, x, x);
        if (p->has_thread)
            fprintf(
                out,
                "static void %s__loop(void)\n{\n    for (;;)\n        %s_handle(%s_wait());\n}\n\n",
                x, x, x);
        return;
    }
    /* IRQ: each source has one bit of the notification's badge. */
    fprintf(out, "static void %s__dispatch(seL4_Word bits)\n{\n", x);
    for (unsigned i = 0; i < p->irqs.n; i++) {
        const struct gen_irq *q = &p->irqs.items[i];
        fprintf(out,
                "    if (bits & 0x%llxu) {\n        %s_handle(CAMKES_IRQ_%s_%s);\n"
                "        seL4_IRQHandler_Ack(CAMKES_SLOT_%s_%s_IRQ);\n    }\n",
                (unsigned long long)q->bit, x, x, q->source, x, q->source);
    }
    fputs("}\n\n", out);
    if (p->has_thread)
        fprintf(
            out,
            "static void %s__loop(void)\n{\n    for (;;) {\n        seL4_Word bits = 0;\n"
            "        seL4_Wait(CAMKES_SLOT_%s, &bits);\n        %s__dispatch(bits);\n    }\n}\n\n",
            x, x, x);
    else
        fprintf(out,
                "void %s_wait(void)\n{\n    seL4_Word bits = 0;\n    seL4_Wait(CAMKES_SLOT_%s, "
                "&bits);\n"
                "    %s__dispatch(bits);\n}\n\n",
                x, x, x);
}

static void glue_port(const struct gen_port *p, FILE *out)
{
    const char *x = p->iface->name;
    if (p->conn == NULL) {
        if (p->iface->kind == IFACE_DATAPORT)
            fprintf(out, "void *const %s = NULL;\nconst size_t %s_size = 0;\n\n", x, x);
        return;
    }
    switch (p->kind) {
    case GC_RPC:
    case GC_RPC_SIGNAL:
    case GC_RPC_SHARED:
        gen_rpc_glue(p, out);
        break;
    case GC_NOTIFY:
    case GC_IRQ:
        glue_event(p, out);
        break;
    case GC_SHARED:
    case GC_MMIO:
        fprintf(
            out,
            "void *const %s = (void *)CAMKES_VADDR_%s;\nconst size_t %s_size = CAMKES_SIZE_%s;\n\n",
            x, x, x, x);
        break;
    case GC_NONE:
        break;
    }
}

static void glue_syncs(const struct gen_component *c, FILE *out)
{
    for (unsigned i = 0; i < c->syncs.n; i++) {
        const struct gen_sync *s = &c->syncs.items[i];
        if (strcmp(s->has->kind, "copyregion") == 0) continue;
        fprintf(out, "%s %s = {.ntfn = CAMKES_SLOT_%s, .count = %ld};\n",
                strcmp(s->has->kind, "mutex") == 0 ? "camkes_mutex_t" : "camkes_sem_t",
                s->has->name, s->has->name, s->value);
        if (i + 1 == c->syncs.n) fputc('\n', out);
    }
}

static void glue_logger(const struct gen_component *c, FILE *out)
{
    const struct gen_port *p = c->logger;
    if (p == NULL) return;
    fprintf(out, "/* camkes_log() goes to the logger connection %s. */\n", p->conn->name);
    fprintf(out, "seL4_CPtr camkes_logger_ep = CAMKES_SLOT_%s;\n", p->iface->name);
    if (p->kind == GC_RPC_SHARED)
        fprintf(out,
                "void *camkes_logger_page = (void *)CAMKES_VADDR_%s;\n"
                "size_t camkes_logger_page_size = CAMKES_SIZE_%s;\n",
                p->iface->name, p->iface->name);
    fputc('\n', out);
}

static const char *kind_name(enum gen_thread_kind k)
{
    switch (k) {
    case GTHREAD_CONTROL:
        return "CAMKES_THREAD_CONTROL";
    case GTHREAD_INTERFACE:
        return "CAMKES_THREAD_INTERFACE";
    case GTHREAD_IRQ:
        return "CAMKES_THREAD_IRQ";
    }
    return "0";
}

static void glue_threads(const struct gen_component *c, FILE *out)
{
    fputs("const camkes_thread_desc_t camkes_threads[] = {\n", out);
    for (unsigned i = 0; i < c->threads.n; i++) {
        const struct gen_thread *t = &c->threads.items[i];
        fprintf(out,
                "    {.name = \"%s\", .kind = %s, .tcb = %u,\n"
                "     .ipc_buffer = (seL4_IPCBuffer *)0x%llxul,\n",
                t->name, kind_name(t->kind), (unsigned)t->tcb_slot,
                (unsigned long long)t->ipc_buffer);
        if (t->port == NULL)
            fputs("     .ntfn = CAMKES_SLOT_RUNTIME_NTFN},\n", out);
        else
            fprintf(out, "     .init = %s__init, .loop = %s__loop, .ntfn = %u},\n", t->name,
                    t->name, (unsigned)t->ntfn_slot);
    }
    fprintf(out, "};\nconst unsigned camkes_num_threads = %u;\n", c->threads.n);
}

void gen_write_glue(const struct gen_system *sys, const struct gen_component *c, FILE *out)
{
    fprintf(out,
            "/* Generated by the camkes tool from %s: do not edit.\n"
            " * Glue of instance %s (component %s). */\n"
            "#include <camkes/rpc.h>\n#include <camkes/runtime.h>\n\n#include \"camkes_gen.h\"\n\n"
            "const char *const camkes_component_name = \"%s\";\n\n",
            sys->ctx->top.file != NULL ? sys->ctx->top.file : "(input)", c->name, c->inst->type,
            c->name);
    glue_logger(c, out);
    glue_syncs(c, out);
    for (unsigned i = 0; i < c->ports.n; i++)
        glue_port(&c->ports.items[i], out);
    glue_threads(c, out);
}
