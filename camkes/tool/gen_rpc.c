/* RPC glue: client stubs and the server's dispatch function for one port (see gen_rpc.h for
 * the types and the encoding).
 *
 * Client, method m of interface x (method number = its position in the procedure):
 *     R x_m(args)          marshal, call, unmarshal; the status of the last call of the
 *                          calling thread is x_last_status() (0 ok); on any error the
 *                          results are zero
 *     x_call(...)          the raw call (any method number, caller's own payload)
 * Server: the component implements R x_m(args); the generated x__dispatch decodes the
 * request, calls it and encodes the reply.  A procedure without methods (CantripOS style)
 * has the component implement x_dispatch(method, req, len, reply, cap, &reply_len)
 * instead.  rpc_basic works in a buffer on the caller's stack; rpc_shared marshals straight
 * into the client's shared page, under a per-port mutex when the component has several
 * threads. */
#include <string.h>

#include "gen_rpc.h"

struct ctype {
    const char *name;
    const char *wire; /* u8, u16, u32, u64, bool */
};

static const struct ctype scalars[] = {
    {"int8_t", "u8"},
    {"uint8_t", "u8"},
    {"char", "u8"},
    {"signed char", "u8"},
    {"unsigned char", "u8"},
    {"int16_t", "u16"},
    {"uint16_t", "u16"},
    {"short", "u16"},
    {"unsigned short", "u16"},
    {"int32_t", "u32"},
    {"uint32_t", "u32"},
    {"int", "u32"},
    {"signed", "u32"},
    {"signed int", "u32"},
    {"unsigned", "u32"},
    {"unsigned int", "u32"},
    {"int64_t", "u64"},
    {"uint64_t", "u64"},
    {"long", "u64"},
    {"unsigned long", "u64"},
    {"long long", "u64"},
    {"unsigned long long", "u64"},
    {"size_t", "u64"},
    {"intptr_t", "u64"},
    {"uintptr_t", "u64"},
    {"seL4_Word", "u64"},
    {"seL4_CPtr", "u64"},
    {"bool", "bool"},
};

static const char *wire_of(const char *type)
{
    for (size_t i = 0; i < sizeof(scalars) / sizeof(scalars[0]); i++)
        if (strcmp(scalars[i].name, type) == 0) return scalars[i].wire;
    return NULL;
}

static bool is_string(const struct ast_param *p)
{
    return !p->array && strcmp(p->type, "string") == 0;
}

static bool is_in(const struct ast_param *p)
{
    return p->dir == PARAM_IN || p->dir == PARAM_REFIN;
}

/* The C type a wire value travels in. */
static const char *wire_ctype(const char *wire)
{
    if (strcmp(wire, "bool") == 0) return "bool";
    if (strcmp(wire, "u8") == 0) return "uint8_t";
    if (strcmp(wire, "u16") == 0) return "uint16_t";
    if (strcmp(wire, "u32") == 0) return "uint32_t";
    return "uint64_t";
}

static const char *dir_name(enum param_dir d)
{
    static const char *const n[] = {"in", "out", "inout", "refin"};
    return n[d];
}

bool gen_rpc_check(struct gen_system *sys, const struct ast_procedure *proc)
{
    struct diag *d = &sys->ctx->diag;
    unsigned before = d->errors;
    static const char *const reserved[] = {"call", "last_status", "dispatch",     "emit", "wait",
                                           "poll", "handle",      "notification", "size", NULL};
    for (const struct ast_method *m = proc->methods.first; m != NULL; m = m->next) {
        for (const char *const *r = reserved; *r != NULL; r++)
            if (strcmp(m->name, *r) == 0)
                diag_error(d, m->loc,
                           "method '%s' of procedure '%s': the name is taken by the generated "
                           "glue (<interface>_%s)",
                           m->name, proc->name, m->name);
        if (strcmp(m->ret_type, "void") != 0 && wire_of(m->ret_type) == NULL)
            diag_error(d, m->loc,
                       "method '%s' of procedure '%s': return type '%s' cannot be generated "
                       "(use void, an integer type or bool)",
                       m->name, proc->name, m->ret_type);
        for (const struct ast_param *p = m->params.first; p != NULL; p = p->next) {
            const char *wire = wire_of(p->type);
            bool ok;
            if (p->array)
                ok = is_in(p) && wire != NULL && strcmp(wire, "u8") == 0 &&
                     strcmp(p->type, "bool") != 0;
            else if (is_string(p))
                ok = is_in(p);
            else
                ok = wire != NULL;
            if (!ok)
                diag_error(d, p->loc,
                           "parameter '%s' (%s %s%s) of method '%s' in procedure '%s' cannot be "
                           "generated: use integer types or bool (any direction), or in "
                           "strings and in byte arrays",
                           p->name, dir_name(p->dir), p->type, p->array ? "[]" : "", m->name,
                           proc->name);
        }
    }
    return d->errors == before;
}

/* ------------------------------------------------------------------ signatures */

static void write_params(const struct ast_method *m, FILE *out)
{
    if (m->params.first == NULL) {
        fputs("void", out);
        return;
    }
    for (const struct ast_param *p = m->params.first; p != NULL; p = p->next) {
        if (p != m->params.first) fputs(", ", out);
        if (p->array)
            fprintf(out, "size_t %s_sz, const %s *%s", p->name, p->type, p->name);
        else if (is_string(p))
            fprintf(out, "const char *%s", p->name);
        else if (is_in(p))
            fprintf(out, "%s %s", p->type, p->name);
        else
            fprintf(out, "%s *%s", p->type, p->name);
    }
}

static void write_signature(const char *iface, const struct ast_method *m, FILE *out)
{
    fprintf(out, "%s %s_%s(", m->ret_type, iface, m->name);
    write_params(m, out);
    fputc(')', out);
}

static bool is_server(const struct gen_port *p)
{
    return p->iface->kind == IFACE_PROVIDES;
}

void gen_rpc_prototypes(const struct gen_port *p, FILE *out)
{
    const struct ast_procedure *proc = gen_port_procedure(p);
    const char *x = p->iface->name;
    if (is_server(p)) {
        if (proc->methods.first == NULL) {
            fprintf(out,
                    "/* Implemented by the component: serves method `method` (see "
                    "camkes/rpc.h). */\n"
                    "seL4_Word %s_dispatch(seL4_Word method, const uint8_t *req, size_t req_len, "
                    "uint8_t *reply, size_t reply_cap, size_t *reply_len);\n",
                    x);
        } else {
            fputs("/* Implemented by the component. */\n", out);
            for (const struct ast_method *m = proc->methods.first; m != NULL; m = m->next) {
                write_signature(x, m, out);
                fputs(";\n", out);
            }
        }
        fprintf(out, "void %s__init(void) __attribute__((weak));\n", x);
        if (p->kind == GC_RPC_SIGNAL)
            fprintf(out, "/* Signals client `badge` (1..%u). */\nvoid %s_emit(seL4_Word badge);\n",
                    p->n_clients, x);
        return;
    }
    if (proc->methods.first != NULL)
        fprintf(out, "/* Client stubs; %s_last_status() is the calling thread's last status. */\n",
                x);
    for (const struct ast_method *m = proc->methods.first; m != NULL; m = m->next) {
        write_signature(x, m, out);
        fputs(";\n", out);
    }
    if (proc->methods.first != NULL) fprintf(out, "seL4_Word %s_last_status(void);\n", x);
    fprintf(out,
            "/* The raw call (camkes/rpc.h): any method number, the caller's own payload. */\n"
            "seL4_Word %s_call(seL4_Word method, const void *req, size_t req_len, void *reply, "
            "size_t reply_cap, size_t *reply_len);\n",
            x);
    if (p->kind == GC_RPC_SIGNAL)
        fprintf(out,
                "/* The notification the server signals. */\nseL4_CPtr %s_notification(void);\n",
                x);
}

/* ------------------------------------------------------------------ marshalling code */

static void put_value(int ind, const char *wire, const char *name, bool deref, FILE *out)
{
    fprintf(out, "%*scamkes_put_%s(&w__, (%s)%s%s);\n", ind, "", wire, wire_ctype(wire),
            deref ? "*" : "", name);
}

/* dst = decoded value (dst is an lvalue of the parameter's own type). */
static void get_value(int ind, const char *wire, const char *type, const char *dst, FILE *out)
{
    fprintf(out, "%*s{\n%*s%s v__ = 0;\n%*scamkes_get_%s(&r__, &v__);\n", ind, "", ind + 4, "",
            wire_ctype(wire), ind + 4, "", wire);
    fprintf(out, "%*s%s = (%s)v__;\n%*s}\n", ind + 4, "", dst, type, ind, "");
}

static bool has_result(const struct ast_method *m)
{
    return strcmp(m->ret_type, "void") != 0;
}

/* ------------------------------------------------------------------ client */

static void write_client_call(const struct gen_port *p, FILE *out)
{
    const char *x = p->iface->name;
    if (gen_port_procedure(p)->methods.first != NULL)
        fprintf(out,
                "static __thread seL4_Word %s__status;\n\n"
                "seL4_Word %s_last_status(void)\n{\n    return %s__status;\n}\n\n",
                x, x, x);
    fprintf(out,
            "seL4_Word %s_call(seL4_Word method, const void *req, size_t req_len, void *reply, "
            "size_t reply_cap, size_t *reply_len)\n{\n",
            x);
    if (p->kind != GC_RPC_SHARED) {
        fprintf(out,
                "    return camkes_rpc_call(CAMKES_SLOT_%s, method, req, req_len, reply, "
                "reply_cap, reply_len);\n}\n\n",
                x);
        return;
    }
    const char *call = "camkes_rpc_call_shared(CAMKES_SLOT_%s, (void *)CAMKES_VADDR_%s, "
                       "CAMKES_SIZE_%s, method, req, req_len, reply, reply_cap, reply_len);\n";
    if (p->lock_slot == 0) {
        fputs("    return ", out);
        fprintf(out, call, x, x, x);
        fputs("}\n\n", out);
        return;
    }
    fprintf(out, "    camkes_mutex_lock(&%s__lock);\n    seL4_Word st__ = ", x);
    fprintf(out, call, x, x, x);
    fprintf(out, "    camkes_mutex_unlock(&%s__lock);\n    return st__;\n}\n\n", x);
}

static void write_client_stub(const struct gen_port *p, const struct ast_method *m, unsigned number,
                              FILE *out)
{
    const char *x = p->iface->name;
    bool shared = p->kind == GC_RPC_SHARED, lock = p->lock_slot != 0;
    write_signature(x, m, out);
    fputs("\n{\n", out);
    if (shared) {
        if (lock) fprintf(out, "    camkes_mutex_lock(&%s__lock);\n", x);
        fprintf(out,
                "    uint8_t *buf__ = (uint8_t *)CAMKES_VADDR_%s;\n"
                "    const size_t cap__ = CAMKES_SIZE_%s;\n",
                x, x);
    } else {
        fputs("    uint8_t buf__[CAMKES_RPC_BASIC_MAX_PAYLOAD];\n"
              "    const size_t cap__ = sizeof(buf__);\n",
              out);
    }
    fputs("    camkes_writer_t w__;\n    camkes_writer_init(&w__, buf__, cap__);\n", out);
    for (const struct ast_param *q = m->params.first; q != NULL; q = q->next) {
        if (q->dir == PARAM_OUT) continue;
        if (q->array)
            fprintf(out, "    camkes_put_bytes(&w__, %s, %s_sz);\n", q->name, q->name);
        else if (is_string(q))
            fprintf(out, "    camkes_put_str(&w__, %s);\n", q->name);
        else
            put_value(4, wire_of(q->type), q->name, q->dir == PARAM_INOUT, out);
    }
    fputs("    size_t len__ = 0;\n    seL4_Word st__ = CAMKES_RPC_ERR_TOO_BIG;\n"
          "    if (camkes_writer_ok(&w__))\n",
          out);
    if (shared)
        fprintf(out,
                "        st__ = camkes_rpc_call_shared(CAMKES_SLOT_%s, buf__, cap__, %u, buf__, "
                "camkes_writer_len(&w__), buf__,\n"
                "                                      cap__, &len__);\n",
                x, number);
    else
        fprintf(
            out,
            "        st__ = camkes_rpc_call(CAMKES_SLOT_%s, %u, buf__, camkes_writer_len(&w__), "
            "buf__, cap__, &len__);\n",
            x, number);
    fputs("    camkes_reader_t r__;\n"
          "    camkes_reader_init(&r__, buf__, st__ == CAMKES_RPC_OK ? len__ : 0);\n",
          out);
    if (has_result(m)) {
        fprintf(out, "    %s ret__ = 0;\n", m->ret_type);
        get_value(4, wire_of(m->ret_type), m->ret_type, "ret__", out);
    }
    for (const struct ast_param *q = m->params.first; q != NULL; q = q->next) {
        if (is_in(q)) continue;
        char dst[300];
        snprintf(dst, sizeof(dst), "*%s", q->name);
        get_value(4, wire_of(q->type), q->type, dst, out);
    }
    fputs("    if (st__ == CAMKES_RPC_OK && !camkes_reader_done(&r__)) st__ = "
          "CAMKES_RPC_ERR_BAD_REPLY;\n",
          out);
    if (lock) fprintf(out, "    camkes_mutex_unlock(&%s__lock);\n", x);
    fprintf(out, "    %s__status = st__;\n", x);
    if (has_result(m)) fputs("    return ret__;\n", out);
    fputs("}\n\n", out);
}
/* ------------------------------------------------------------------ server */

static void write_case(const struct gen_port *p, const struct ast_method *m, unsigned number,
                       FILE *out)
{
    const char *x = p->iface->name;
    fprintf(out, "    case %u: { /* %s */\n", number, m->name);
    for (const struct ast_param *q = m->params.first; q != NULL; q = q->next) {
        if (q->array)
            fprintf(out, "        const uint8_t *%s = NULL;\n        size_t %s_sz = 0;\n", q->name,
                    q->name);
        else if (is_string(q) && p->kind == GC_RPC_SHARED)
            fprintf(out, "        char %s[CAMKES_SIZE_%s + 1];\n", q->name, x);
        else if (is_string(q))
            fprintf(out, "        char %s[CAMKES_RPC_BASIC_MAX_PAYLOAD + 1];\n", q->name);
        else
            fprintf(out, "        %s %s = 0;\n", q->type, q->name);
    }
    for (const struct ast_param *q = m->params.first; q != NULL; q = q->next) {
        if (q->dir == PARAM_OUT) continue;
        if (q->array)
            fprintf(out, "        camkes_get_bytes_ref(&r__, &%s, &%s_sz);\n", q->name, q->name);
        else if (is_string(q))
            fprintf(out, "        camkes_get_str(&r__, %s, sizeof(%s));\n", q->name, q->name);
        else
            get_value(8, wire_of(q->type), q->type, q->name, out);
    }
    fputs("        if (!camkes_reader_done(&r__)) return CAMKES_RPC_ERR_DECODE;\n        ", out);
    if (has_result(m)) fprintf(out, "%s ret__ = ", m->ret_type);
    fprintf(out, "%s_%s(", x, m->name);
    for (const struct ast_param *q = m->params.first; q != NULL; q = q->next) {
        if (q != m->params.first) fputs(", ", out);
        if (q->array && strcmp(q->type, "uint8_t") == 0)
            fprintf(out, "%s_sz, %s", q->name, q->name);
        else if (q->array)
            fprintf(out, "%s_sz, (const %s *)%s", q->name, q->type, q->name);
        else if (!is_in(q) && !is_string(q))
            fprintf(out, "&%s", q->name);
        else
            fputs(q->name, out);
    }
    fputs(");\n", out);
    if (has_result(m)) put_value(8, wire_of(m->ret_type), "ret__", false, out);
    for (const struct ast_param *q = m->params.first; q != NULL; q = q->next)
        if (!is_in(q)) put_value(8, wire_of(q->type), q->name, false, out);
    fputs("        break;\n    }\n", out);
}

static void write_dispatch(const struct gen_port *p, FILE *out)
{
    const char *x = p->iface->name;
    const struct ast_procedure *proc = gen_port_procedure(p);
    fprintf(out,
            "static seL4_Word %s__dispatch(void *ctx__, seL4_Word method__, const uint8_t *req__, "
            "size_t req_len__, uint8_t *reply__, size_t reply_cap__, size_t *reply_len__)\n"
            "{\n    (void)ctx__;\n",
            x);
    if (proc->methods.first == NULL) {
        fprintf(out,
                "    return %s_dispatch(method__, req__, req_len__, reply__, reply_cap__, "
                "reply_len__);\n}\n\n",
                x);
        return;
    }
    fputs("    camkes_reader_t r__;\n    camkes_writer_t w__;\n"
          "    camkes_reader_init(&r__, req__, req_len__);\n"
          "    camkes_writer_init(&w__, reply__, reply_cap__);\n"
          "    switch (method__) {\n",
          out);
    unsigned n = 0;
    for (const struct ast_method *m = proc->methods.first; m != NULL; m = m->next)
        write_case(p, m, n++, out);
    fputs("    default:\n        return CAMKES_RPC_ERR_METHOD;\n    }\n"
          "    *reply_len__ = camkes_writer_len(&w__);\n"
          "    return camkes_writer_ok(&w__) ? CAMKES_RPC_OK : CAMKES_RPC_ERR_REPLY_SIZE;\n}\n\n",
          out);
}

static void write_server(const struct gen_port *p, FILE *out)
{
    const char *x = p->iface->name;
    write_dispatch(p, out);
    if (p->kind == GC_RPC_SIGNAL)
        fprintf(out,
                "void %s_emit(seL4_Word badge)\n{\n"
                "    if (badge >= 1 && badge <= CAMKES_CLIENTS_%s) "
                "seL4_Signal(CAMKES_SLOT_%s_SIGNAL + badge - 1);\n}\n\n",
                x, x, x);
    if (p->kind != GC_RPC_SHARED) {
        fprintf(out,
                "static void %s__loop(void)\n{\n"
                "    camkes_rpc_serve(CAMKES_SLOT_%s, %s__dispatch, NULL);\n}\n\n",
                x, x, x);
        return;
    }
    fprintf(out, "static const camkes_rpc_shared_client_t %s__clients[] = {\n", x);
    for (unsigned i = 0; i < p->n_clients; i++)
        fprintf(out,
                "    {.badge = %u, .page = (void *)(CAMKES_VADDR_%s + %u * CAMKES_SIZE_%s)},\n",
                i + 1, x, i, x);
    fprintf(out,
            "};\n"
            "static uint8_t %s__scratch[CAMKES_SIZE_%s];\n"
            "static const camkes_rpc_shared_server_t %s__server = {\n"
            "    .clients = %s__clients,\n"
            "    .n_clients = CAMKES_CLIENTS_%s,\n"
            "    .page_size = CAMKES_SIZE_%s,\n"
            "    .scratch = %s__scratch,\n"
            "};\n\n"
            "static void %s__loop(void)\n{\n"
            "    camkes_rpc_serve_shared(CAMKES_SLOT_%s, &%s__server, %s__dispatch, NULL);\n}\n\n",
            x, x, x, x, x, x, x, x, x, x, x);
}

void gen_rpc_glue(const struct gen_port *p, FILE *out)
{
    const char *x = p->iface->name;
    if (is_server(p)) {
        write_server(p, out);
        return;
    }
    if (p->lock_slot != 0)
        fprintf(out, "static camkes_mutex_t %s__lock = {.ntfn = %u, .count = 1};\n\n", x,
                (unsigned)p->lock_slot);
    write_client_call(p, out);
    unsigned n = 0;
    for (const struct ast_method *m = gen_port_procedure(p)->methods.first; m != NULL; m = m->next)
        write_client_stub(p, m, n++, out);
    if (p->kind == GC_RPC_SIGNAL)
        fprintf(out, "seL4_CPtr %s_notification(void)\n{\n    return CAMKES_SLOT_%s_SIGNAL;\n}\n\n",
                x, x);
}
