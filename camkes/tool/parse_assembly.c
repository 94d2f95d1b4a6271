/* The assembly block: composition (component instances and connections) and configuration
 * (settings).  Several assembly, composition and configuration blocks are merged in order. */
#include <string.h>

#include "parse_internal.h"

/* from|to INSTANCE.INTERFACE   (current token: from or to) */
static bool connection_end(struct parser *p, struct ast_connection *c)
{
    struct ast_end *e = p_new(p, sizeof(*e));
    e->is_from = p_is_kw(p, "from");
    p_advance(p);
    if ((e->instance = p_ident(p, "an instance name", &e->loc)) == NULL ||
        !p_expect(p, T_DOT, "between instance and interface names") ||
        (e->interface = p_ident(p, "an interface name", &e->iface_loc)) == NULL)
        return false;
    AST_APPEND(c->ends, e);
    if (e->is_from)
        c->n_from++;
    else
        c->n_to++;
    return true;
}

/* connection CONNECTOR NAME(from a.x, ..., to b.y, ...);   (current token: connection) */
static bool connection_item(struct parser *p)
{
    struct ast_connection *c = p_new(p, sizeof(*c));
    p_advance(p);
    if ((c->type = p_ident(p, "a connector type", &c->type_loc)) == NULL ||
        (c->name = p_ident(p, "a connection name", &c->loc)) == NULL ||
        !p_expect(p, T_LPAREN, "after connection name"))
        return false;
    for (;;) {
        if (!p_is_kw(p, "from") && !p_is_kw(p, "to")) {
            p_expected(p, "'from' or 'to'");
            return false;
        }
        if (!connection_end(p, c)) return false;
        if (p_accept(p, T_RPAREN)) break;
        if (!p_expect(p, T_COMMA, "or ')' after connection end")) return false;
    }
    /* Only complete connections are kept (no follow-up errors about missing ends). */
    AST_APPEND(p->spec->connections, c);
    return p_expect(p, T_SEMI, "after connection");
}

/* component TYPE NAME;   (current token: component) */
static bool instance_item(struct parser *p)
{
    struct ast_instance *i = p_new(p, sizeof(*i));
    p_advance(p);
    if ((i->type = p_ident(p, "a component type", &i->type_loc)) == NULL ||
        (i->name = p_ident(p, "an instance name", &i->loc)) == NULL)
        return false;
    AST_APPEND(p->spec->instances, i);
    return p_expect(p, T_SEMI, "after component instance");
}

static bool composition_item(struct parser *p, void *arg)
{
    (void)arg;
    if (p_accept(p, T_SEMI)) return true;
    if (p_is_kw(p, "component")) return instance_item(p);
    if (p_is_kw(p, "connection")) return connection_item(p);
    if (p_is_kw(p, "group") || p_is_kw(p, "export")) {
        diag_error(p->diag, p->tok.loc, "'%s' is not supported", p->tok.text);
        return false;
    }
    p_expected(p, "'component' or 'connection'");
    return false;
}

/* TARGET.ATTRIBUTE = VALUE; */
static bool setting_item(struct parser *p, void *arg)
{
    (void)arg;
    if (p_accept(p, T_SEMI)) return true;
    struct ast_setting *s = p_new(p, sizeof(*s));
    if ((s->target = p_ident(p, "a setting (instance.attribute = value)", &s->loc)) == NULL ||
        !p_expect(p, T_DOT, "after instance name") ||
        (s->attribute = p_ident(p, "an attribute name", &s->attr_loc)) == NULL ||
        !p_expect(p, T_ASSIGN, "after attribute name") || (s->value = p_value(p)) == NULL)
        return false;
    AST_APPEND(p->spec->settings, s);
    return p_expect(p, T_SEMI, "after setting");
}

/* KEYWORD { items }   (current token: the keyword) */
static void section(struct parser *p, bool (*item)(struct parser *, void *), const char *what)
{
    char ctx[64];
    snprintf(ctx, sizeof(ctx), "after '%s'", what);
    p_advance(p);
    if (!p_expect(p, T_LBRACE, ctx)) {
        p_recover(p);
        return;
    }
    snprintf(ctx, sizeof(ctx), "'%s'", what);
    p_block(p, item, NULL, ctx);
}

static bool assembly_item(struct parser *p, void *arg)
{
    (void)arg;
    if (p_accept(p, T_SEMI)) return true;
    if (p_is_kw(p, "composition")) {
        section(p, composition_item, "composition");
        return true;
    }
    if (p_is_kw(p, "configuration")) {
        section(p, setting_item, "configuration");
        return true;
    }
    p_expected(p, "'composition' or 'configuration'");
    return false;
}

void p_assembly(struct parser *p)
{
    p->spec->assemblies++;
    section(p, assembly_item, "assembly");
}
