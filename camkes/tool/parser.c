/* Parser: token helpers, top-level items, imports, and component, procedure and connector
 * definitions.  The assembly block is in parse_assembly.c, values in parse_value.c and
 * integer expressions in expr.c. */
#include "parser.h"

#include <string.h>

#include "parse_internal.h"
#include "srcmap.h"

#define MAX_WORDS 8 /* identifiers in a type + name sequence, e.g. "unsigned long int x" */

/* ------------------------------------------------------------------ token helpers */

void p_advance(struct parser *p)
{
    lexer_next(&p->lx, &p->tok, false);
}

void p_advance_header(struct parser *p)
{
    lexer_next(&p->lx, &p->tok, true);
}

bool p_is(const struct parser *p, enum tok_kind k)
{
    return p->tok.kind == k;
}

bool p_is_kw(const struct parser *p, const char *word)
{
    return p->tok.kind == T_IDENT && strcmp(p->tok.text, word) == 0;
}

bool p_accept(struct parser *p, enum tok_kind k)
{
    if (p->tok.kind != k) return false;
    p_advance(p);
    return true;
}

bool p_stopped(const struct parser *p)
{
    return diag_stopped(p->diag);
}

void *p_new(struct parser *p, size_t size)
{
    return arena_alloc(p->arena, size);
}

void p_expected(struct parser *p, const char *what)
{
    char found[96];
    diag_error(p->diag, p->tok.loc, "expected %s, found %s", what,
               tok_describe(&p->tok, found, sizeof(found)));
}

bool p_expect(struct parser *p, enum tok_kind k, const char *context)
{
    if (p_accept(p, k)) return true;
    char what[256];
    snprintf(what, sizeof(what), "'%s' %s", tok_kind_spelling(k), context);
    p_expected(p, what);
    return false;
}

const char *p_ident(struct parser *p, const char *what, struct loc *at)
{
    if (!p_is(p, T_IDENT)) {
        p_expected(p, what);
        return NULL;
    }
    const char *s = p->tok.text;
    if (at != NULL) *at = p->tok.loc;
    p_advance(p);
    return s;
}

void p_recover(struct parser *p)
{
    unsigned depth = 0;
    while (!p_is(p, T_EOF)) {
        if (p_is(p, T_LBRACE)) {
            depth++;
        } else if (p_is(p, T_RBRACE)) {
            if (depth == 0) return;
            if (--depth == 0) {
                p_advance(p);
                p_accept(p, T_SEMI);
                return;
            }
        } else if (p_is(p, T_SEMI) && depth == 0) {
            p_advance(p);
            return;
        }
        p_advance(p);
    }
}

void p_block(struct parser *p, bool (*item)(struct parser *, void *), void *arg, const char *what)
{
    while (!p_is(p, T_RBRACE) && !p_is(p, T_EOF) && !p_stopped(p)) {
        const char *at = p->tok.start;
        if (!item(p, arg)) p_recover(p);
        if (p->tok.start == at && !p_is(p, T_EOF) && !p_is(p, T_RBRACE)) p_advance(p);
    }
    if (p_stopped(p)) return;
    char ctx[192];
    snprintf(ctx, sizeof(ctx), "to close %s", what);
    if (p_expect(p, T_RBRACE, ctx)) p_accept(p, T_SEMI);
}

/* Words of a "type... name" sequence (at least min of them); false after an error. */
static bool words(struct parser *p, const char **w, struct loc *at, unsigned *n, unsigned min,
                  const char *what)
{
    *n = 0;
    while (p_is(p, T_IDENT)) {
        if (*n == MAX_WORDS) {
            diag_error(p->diag, p->tok.loc, "too many words in %s", what);
            return false;
        }
        at[*n] = p->tok.loc;
        w[(*n)++] = p->tok.text;
        p_advance(p);
    }
    if (*n < min) {
        p_expected(p, what);
        return false;
    }
    return true;
}

static const char *join(struct parser *p, const char **w, unsigned n)
{
    size_t len = 0;
    for (unsigned i = 0; i < n; i++)
        len += strlen(w[i]) + 1;
    char *s = p_new(p, len + 1);
    for (unsigned i = 0; i < n; i++) {
        if (i > 0) strcat(s, " ");
        strcat(s, w[i]);
    }
    return s;
}

/* ------------------------------------------------------------------ shared items */

/* include "file.h"; | include <file.h>;   (current token: include) */
static bool include_item(struct parser *p, struct ast_include **out)
{
    p_advance_header(p);
    if (!p_is(p, T_STRING) && !p_is(p, T_HEADER)) {
        p_expected(p, "a \"file\" or <file> after 'include'");
        return false;
    }
    struct ast_include *inc = p_new(p, sizeof(*inc));
    inc->path = p->tok.text;
    inc->angle = p_is(p, T_HEADER);
    inc->loc = p->tok.loc;
    p_advance(p);
    *out = inc;
    return p_expect(p, T_SEMI, "after include");
}

/* attribute TYPE... NAME [[]] [= VALUE];   (current token: attribute) */
static bool attribute_item(struct parser *p, struct ast_attribute **out)
{
    const char *w[MAX_WORDS];
    struct loc at[MAX_WORDS];
    unsigned n;
    p_advance(p);
    if (!words(p, w, at, &n, 2, "attribute type and name")) return false;
    struct ast_attribute *a = p_new(p, sizeof(*a));
    a->type = join(p, w, n - 1);
    a->name = w[n - 1];
    a->loc = at[n - 1];
    if (p_accept(p, T_LBRACKET)) {
        if (!p_expect(p, T_RBRACKET, "after '[' in attribute")) return false;
        a->array = true;
    }
    if (p_accept(p, T_ASSIGN) && (a->dflt = p_value(p)) == NULL) return false;
    *out = a;
    return p_expect(p, T_SEMI, "after attribute");
}

/* ------------------------------------------------------------------ component */

static bool interface_item(struct parser *p, struct ast_component *c, enum iface_kind kind,
                           bool maybe)
{
    struct ast_interface *i = p_new(p, sizeof(*i));
    i->kind = kind;
    i->maybe = maybe;
    p_advance(p);
    if ((i->type = p_ident(p, "an interface type", &i->type_loc)) == NULL) return false;
    if (kind == IFACE_DATAPORT && p_accept(p, T_LPAREN)) {
        if ((i->size = p_expr(p)) == NULL) return false;
        if (!p_expect(p, T_RPAREN, "after dataport size")) return false;
    }
    if ((i->name = p_ident(p, "an interface name", &i->loc)) == NULL) return false;
    AST_APPEND(c->interfaces, i);
    return p_expect(p, T_SEMI, "after interface");
}

static bool iface_keyword(const struct parser *p, enum iface_kind *kind)
{
    static const struct {
        const char *word;
        enum iface_kind kind;
    } kws[] = {{"provides", IFACE_PROVIDES},
               {"uses", IFACE_USES},
               {"emits", IFACE_EMITS},
               {"consumes", IFACE_CONSUMES},
               {"dataport", IFACE_DATAPORT}};
    for (size_t i = 0; i < sizeof(kws) / sizeof(kws[0]); i++)
        if (p_is_kw(p, kws[i].word)) {
            *kind = kws[i].kind;
            return true;
        }
    return false;
}

static bool has_item(struct parser *p, struct ast_component *c)
{
    static const char *const kinds[] = {"mutex", "semaphore", "binary_semaphore", "copyregion"};
    struct ast_has *h = p_new(p, sizeof(*h));
    struct loc kind_loc;
    p_advance(p);
    if ((h->kind = p_ident(p, "mutex, semaphore, binary_semaphore or copyregion", &kind_loc)) ==
        NULL)
        return false;
    bool known = false;
    for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
        known |= !strcmp(h->kind, kinds[i]);
    if (!known) {
        diag_error(p->diag, kind_loc,
                   "unknown 'has' kind '%s' (expected mutex, semaphore, binary_semaphore or "
                   "copyregion)",
                   h->kind);
        return false;
    }
    if ((h->name = p_ident(p, "a name", &h->loc)) == NULL) return false;
    AST_APPEND(c->has, h);
    return p_expect(p, T_SEMI, "after 'has' declaration");
}

static bool flag_item(struct parser *p, bool *flag)
{
    *flag = true;
    p_advance(p);
    return p_expect(p, T_SEMI, "after flag");
}

static bool component_item(struct parser *p, void *arg)
{
    struct ast_component *c = arg;
    enum iface_kind kind;
    if (p_accept(p, T_SEMI)) return true;
    if (iface_keyword(p, &kind)) return interface_item(p, c, kind, false);
    if (p_is_kw(p, "maybe")) {
        p_advance(p);
        if (!iface_keyword(p, &kind)) {
            p_expected(p, "'provides', 'uses', 'emits', 'consumes' or 'dataport' after 'maybe'");
            return false;
        }
        return interface_item(p, c, kind, true);
    }
    if (p_is_kw(p, "control")) return flag_item(p, &c->control);
    if (p_is_kw(p, "hardware")) return flag_item(p, &c->hardware);
    if (p_is_kw(p, "has")) return has_item(p, c);
    if (p_is_kw(p, "include")) {
        struct ast_include *inc = NULL;
        bool ok = include_item(p, &inc);
        if (inc != NULL) AST_APPEND(c->includes, inc);
        return ok;
    }
    if (p_is_kw(p, "attribute")) {
        struct ast_attribute *a = NULL;
        bool ok = attribute_item(p, &a);
        if (a != NULL) AST_APPEND(c->attributes, a);
        return ok;
    }
    if (p_is_kw(p, "composition") || p_is_kw(p, "configuration")) {
        diag_error(p->diag, p->tok.loc,
                   "compound components ('%s' inside a component) are not supported", p->tok.text);
        return false;
    }
    char what[128];
    snprintf(what, sizeof(what), "a declaration in component '%s'", c->name);
    p_expected(p, what);
    return false;
}

/* component NAME { ... }   (current token: component) */
static void component_def(struct parser *p)
{
    struct ast_component *c = p_new(p, sizeof(*c));
    p_advance(p);
    if ((c->name = p_ident(p, "a component name", &c->loc)) == NULL ||
        !p_expect(p, T_LBRACE, "after component name")) {
        p_recover(p);
        return;
    }
    AST_APPEND(p->spec->components, c);
    char what[160];
    snprintf(what, sizeof(what), "component '%.100s'", c->name);
    p_block(p, component_item, c, what);
}

/* ------------------------------------------------------------------ procedure */

static bool param_dir(const struct parser *p, enum param_dir *dir)
{
    static const struct {
        const char *word;
        enum param_dir dir;
    } dirs[] = {
        {"in", PARAM_IN}, {"out", PARAM_OUT}, {"inout", PARAM_INOUT}, {"refin", PARAM_REFIN}};
    for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
        if (p_is_kw(p, dirs[i].word)) {
            *dir = dirs[i].dir;
            return true;
        }
    return false;
}

/* ( [void | param {, param}] )   (current token: '(') */
static bool params(struct parser *p, struct ast_method *m)
{
    p_advance(p);
    if (p_accept(p, T_RPAREN)) return true;
    for (;;) {
        const char *w[MAX_WORDS];
        struct loc at[MAX_WORDS];
        unsigned n;
        enum param_dir dir = PARAM_IN;
        bool has_dir = param_dir(p, &dir);
        if (has_dir) p_advance(p);
        if (!words(p, w, at, &n, 1, "a parameter type and name")) return false;
        if (n == 1 && !has_dir && m->params.count == 0 && strcmp(w[0], "void") == 0 &&
            p_is(p, T_RPAREN)) {
            p_advance(p);
            return true;
        }
        if (n < 2) {
            p_expected(p, "a parameter name");
            return false;
        }
        struct ast_param *a = p_new(p, sizeof(*a));
        a->dir = dir;
        a->type = join(p, w, n - 1);
        a->name = w[n - 1];
        a->loc = at[n - 1];
        if (p_accept(p, T_LBRACKET)) {
            if (!p_expect(p, T_RBRACKET, "after '[' in parameter")) return false;
            a->array = true;
        }
        AST_APPEND(m->params, a);
        if (p_accept(p, T_RPAREN)) return true;
        if (!p_expect(p, T_COMMA, "or ')' after parameter")) return false;
    }
}

static bool procedure_item(struct parser *p, void *arg)
{
    struct ast_procedure *proc = arg;
    if (p_accept(p, T_SEMI)) return true;
    if (p_is_kw(p, "include")) {
        struct ast_include *inc = NULL;
        bool ok = include_item(p, &inc);
        if (inc != NULL) AST_APPEND(proc->includes, inc);
        return ok;
    }
    if (p_is_kw(p, "attribute")) {
        struct ast_attribute *a = NULL;
        bool ok = attribute_item(p, &a);
        if (a != NULL) AST_APPEND(proc->attributes, a);
        return ok;
    }
    const char *w[MAX_WORDS];
    struct loc at[MAX_WORDS];
    unsigned n;
    if (!words(p, w, at, &n, 2, "a method (return type and name)")) return false;
    struct ast_method *m = p_new(p, sizeof(*m));
    m->ret_type = join(p, w, n - 1);
    m->name = w[n - 1];
    m->loc = at[n - 1];
    if (!p_is(p, T_LPAREN)) {
        p_expected(p, "'(' after method name");
        return false;
    }
    bool ok = params(p, m);
    AST_APPEND(proc->methods, m);
    return ok && p_expect(p, T_SEMI, "after method");
}

/* procedure NAME { ... }   (current token: procedure) */
static void procedure_def(struct parser *p)
{
    struct ast_procedure *proc = p_new(p, sizeof(*proc));
    p_advance(p);
    if ((proc->name = p_ident(p, "a procedure name", &proc->loc)) == NULL ||
        !p_expect(p, T_LBRACE, "after procedure name")) {
        p_recover(p);
        return;
    }
    AST_APPEND(p->spec->procedures, proc);
    char what[160];
    snprintf(what, sizeof(what), "procedure '%.100s'", proc->name);
    p_block(p, procedure_item, proc, what);
}

/* ------------------------------------------------------------------ connector */

/* [Hardware] Procedure(s)|Event(s)|Dataport(s) [with N threads];  (current: from/to) */
static bool connector_end(struct parser *p, struct ast_connector *c, struct ast_connector_end *e)
{
    static const struct {
        const char *word;
        enum end_kind kind;
        bool multiple;
    } kinds[] = {{"Procedure", END_PROCEDURE, false}, {"Procedures", END_PROCEDURE, true},
                 {"Event", END_EVENT, false},         {"Events", END_EVENT, true},
                 {"Dataport", END_DATAPORT, false},   {"Dataports", END_DATAPORT, true}};
    const char *side = p->tok.text;
    if (e->present) {
        diag_error(p->diag, p->tok.loc, "duplicate '%s' in connector '%s'", side, c->name);
        return false;
    }
    e->loc = p->tok.loc;
    p_advance(p);
    if (p_is_kw(p, "Hardware")) {
        e->hardware = true;
        p_advance(p);
    }
    bool found = false;
    for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]) && !found; i++)
        if (p_is_kw(p, kinds[i].word)) {
            e->kind = kinds[i].kind;
            e->multiple = kinds[i].multiple;
            found = true;
        }
    if (!found) {
        p_expected(p, "Procedure(s), Event(s) or Dataport(s)");
        return false;
    }
    p_advance(p);
    e->threads = -1;
    if (p_is_kw(p, "with")) {
        p_advance(p);
        if (!p_is(p, T_INT)) {
            p_expected(p, "a thread count after 'with'");
            return false;
        }
        e->threads = p->tok.value > 1000 ? 1000 : (int)p->tok.value;
        p_advance(p);
        if (!p_is_kw(p, "threads")) {
            p_expected(p, "'threads'");
            return false;
        }
        p_advance(p);
    }
    e->present = true;
    return p_expect(p, T_SEMI, "after connector end");
}

static bool connector_item(struct parser *p, void *arg)
{
    struct ast_connector *c = arg;
    if (p_accept(p, T_SEMI)) return true;
    if (p_is_kw(p, "from")) return connector_end(p, c, &c->from);
    if (p_is_kw(p, "to")) return connector_end(p, c, &c->to);
    if (p_is_kw(p, "attribute")) {
        struct ast_attribute *a = NULL;
        bool ok = attribute_item(p, &a);
        if (a != NULL) AST_APPEND(c->attributes, a);
        return ok;
    }
    p_expected(p, "'from', 'to' or 'attribute' in connector");
    return false;
}

/* connector NAME { ... }   (current token: connector) */
static void connector_def(struct parser *p)
{
    struct ast_connector *c = p_new(p, sizeof(*c));
    c->from.threads = c->to.threads = -1;
    c->builtin = p->lx.file == camkes_std_connector_name;
    p_advance(p);
    if ((c->name = p_ident(p, "a connector name", &c->loc)) == NULL ||
        !p_expect(p, T_LBRACE, "after connector name")) {
        p_recover(p);
        return;
    }
    AST_APPEND(p->spec->connectors, c);
    char what[160];
    snprintf(what, sizeof(what), "connector '%.100s'", c->name);
    p_block(p, connector_item, c, what);
}

/* ------------------------------------------------------------------ import, top level */

/* import <name>; | import "name";   (current token: import) */
static void import_stmt(struct parser *p)
{
    p_advance_header(p);
    if (!p_is(p, T_STRING) && !p_is(p, T_HEADER)) {
        p_expected(p, "a \"file\" or <file> after 'import'");
        p_recover(p);
        return;
    }
    struct ast_import *imp = p_new(p, sizeof(*imp));
    imp->name = p->tok.text;
    imp->angle = p_is(p, T_HEADER);
    imp->loc = p->tok.loc;
    p_advance(p);
    if (!p_expect(p, T_SEMI, "after import")) {
        p_recover(p);
        return;
    }
    AST_APPEND(p->spec->imports, imp);
    if (imp->name[0] != '\0') camkes_import(p->ctx, imp);
}

void parse_text(struct camkes_ctx *ctx, const char *name, const char *buf, size_t len,
                bool cpp_output)
{
    struct parser p = {.ctx = ctx, .arena = &ctx->arena, .diag = &ctx->diag, .spec = &ctx->spec};
    if (cpp_output && ctx->srcmap == NULL) ctx->srcmap = srcmap_new(&ctx->arena);
    lexer_init(&p.lx, buf, len, name, p.arena, p.diag, cpp_output ? ctx->srcmap : NULL);
    p_advance(&p);
    while (!p_is(&p, T_EOF) && !p_stopped(&p)) {
        if (p_is_kw(&p, "import")) {
            import_stmt(&p);
        } else if (p_is_kw(&p, "component")) {
            component_def(&p);
        } else if (p_is_kw(&p, "procedure")) {
            procedure_def(&p);
        } else if (p_is_kw(&p, "connector")) {
            connector_def(&p);
        } else if (p_is_kw(&p, "assembly")) {
            p_assembly(&p);
        } else if (!p_accept(&p, T_SEMI)) {
            p_expected(&p, "'import', 'component', 'procedure', 'connector' or 'assembly'");
            const char *at = p.tok.start;
            p_recover(&p);
            if (p.tok.start == at && !p_is(&p, T_EOF)) p_advance(&p);
        }
    }
}
