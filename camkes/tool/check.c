/* Semantic checks over a loaded spec: definitions, instances, connections against their
 * connectors' end declarations, and configuration settings.  Resolves every reference and
 * evaluates every integer expression into the AST (see the "check" fields in ast.h).
 *
 * Errors: redefinitions and duplicate names, unknown component types, procedures,
 * connectors, instances and interfaces, connection ends of the wrong kind, direction,
 * hardware-ness or number, settings of unknown instances, values of the wrong type,
 * expression errors, no assembly.  Warnings: settings of attributes a component neither
 * declares nor gets implicitly (see implicit_attribute()), a setting repeated, a non-maybe
 * `uses` interface left unconnected. */
#include <stdlib.h>
#include <string.h>

#include "camkes.h"
#include "expr.h"

struct checker {
    struct diag *d;
    struct ast_spec *spec;
};

static const char *where(struct loc at, char *buf, size_t size)
{
    return diag_loc_str(at, buf, size);
}

/* ------------------------------------------------------------------ values */

enum attr_class { CLASS_INT, CLASS_STRING, CLASS_OTHER };

static bool word_in(const char *w, size_t n, const char *const *list)
{
    for (; *list != NULL; list++)
        if (strlen(*list) == n && strncmp(w, *list, n) == 0) return true;
    return false;
}

static enum attr_class classify(const char *type)
{
    static const char *const c_words[] = {"unsigned", "signed", "int",  "long",
                                          "short",    "char",   "bool", NULL};
    static const char *const int_types[] = {
        "int8_t",   "int16_t", "int32_t",  "int64_t",   "uint8_t",   "uint16_t", "uint32_t",
        "uint64_t", "size_t",  "intptr_t", "uintptr_t", "seL4_Word", "integer",  NULL};
    if (strcmp(type, "string") == 0) return CLASS_STRING;
    if (word_in(type, strlen(type), int_types)) return CLASS_INT;
    for (const char *s = type; *s != '\0';) {
        const char *e = strchr(s, ' ');
        size_t n = e != NULL ? (size_t)(e - s) : strlen(s);
        if (!word_in(s, n, c_words)) return CLASS_OTHER;
        s += n + (e != NULL);
    }
    return CLASS_INT;
}

static const char *value_kind_name(enum value_kind k)
{
    switch (k) {
    case VALUE_INT:
        return "an integer";
    case VALUE_BOOL:
        return "a boolean";
    case VALUE_STRING:
        return "a string";
    case VALUE_RAW:
        return "a list or dictionary";
    }
    return "?";
}

static void eval_value(struct checker *ck, struct ast_value *v)
{
    if (v->kind == VALUE_INT) v->evaluated = expr_eval(v->expr, ck->d, &v->integer);
}

/* Does value v suit attribute a (declared in `owner`)? */
static void check_value_type(struct checker *ck, const struct ast_attribute *a, const char *owner,
                             const struct ast_value *v)
{
    enum attr_class cls = classify(a->type);
    bool ok;
    if (a->array)
        ok = v->kind == VALUE_RAW;
    else if (cls == CLASS_STRING)
        ok = v->kind == VALUE_STRING;
    else if (cls == CLASS_INT)
        ok = v->kind == VALUE_INT || v->kind == VALUE_BOOL;
    else
        ok = true;
    if (!ok)
        diag_error(ck->d, v->loc, "attribute '%s' of '%s' is declared '%s%s' but is given %s",
                   a->name, owner, a->type, a->array ? "[]" : "", value_kind_name(v->kind));
}

/* ------------------------------------------------------------------ definitions */

#define CHECK_REDEFINITION(ck, list, node, what)                                                   \
    do {                                                                                           \
        for (__typeof__((list).first) prev = (list).first; prev != (node); prev = prev->next)      \
            if (strcmp(prev->name, (node)->name) == 0) {                                           \
                char at[300];                                                                      \
                diag_error((ck)->d, (node)->loc, "redefinition of %s '%s' (first defined at %s)",  \
                           what, (node)->name, where(prev->loc, at, sizeof(at)));                  \
                break;                                                                             \
            }                                                                                      \
    } while (0)

/* A name declared in a component (interface, attribute or `has`), for duplicate checks. */
struct member {
    const char *name;
    struct loc loc;
};

static void check_member_names(struct checker *ck, const struct ast_component *c)
{
    unsigned n = c->interfaces.count + c->attributes.count + c->has.count, k = 0;
    struct member *m = malloc((n + 1) * sizeof(*m));
    if (m == NULL) return;
    for (const struct ast_interface *i = c->interfaces.first; i != NULL; i = i->next)
        m[k++] = (struct member){i->name, i->loc};
    for (const struct ast_attribute *a = c->attributes.first; a != NULL; a = a->next)
        m[k++] = (struct member){a->name, a->loc};
    for (const struct ast_has *h = c->has.first; h != NULL; h = h->next)
        m[k++] = (struct member){h->name, h->loc};
    for (unsigned i = 0; i < k; i++)
        for (unsigned j = 0; j < i; j++)
            if (strcmp(m[i].name, m[j].name) == 0) {
                char at[300];
                diag_error(ck->d, m[i].loc,
                           "duplicate name '%s' in component '%s' (first declared at %s)",
                           m[i].name, c->name, where(m[j].loc, at, sizeof(at)));
                break;
            }
    free(m);
}

static void check_attribute_defaults(struct checker *ck, struct ast_attribute *first,
                                     const char *owner)
{
    for (struct ast_attribute *a = first; a != NULL; a = a->next)
        if (a->dflt != NULL) {
            eval_value(ck, a->dflt);
            check_value_type(ck, a, owner, a->dflt);
        }
}

static void check_component(struct checker *ck, struct ast_component *c)
{
    CHECK_REDEFINITION(ck, ck->spec->components, c, "component");
    check_member_names(ck, c);
    for (struct ast_interface *i = c->interfaces.first; i != NULL; i = i->next) {
        if (i->kind == IFACE_PROVIDES || i->kind == IFACE_USES) {
            i->procedure = ast_find_procedure(ck->spec, i->type);
            if (i->procedure == NULL)
                diag_error(ck->d, i->type_loc, "unknown procedure '%s' for interface '%s.%s'",
                           i->type, c->name, i->name);
        }
        if (i->size != NULL && expr_eval(i->size, ck->d, &i->size_value) && i->size_value <= 0)
            diag_error(ck->d, i->size->loc, "dataport size must be positive, not %lld",
                       (long long)i->size_value);
    }
    check_attribute_defaults(ck, c->attributes.first, c->name);
}

static void check_procedure(struct checker *ck, struct ast_procedure *p)
{
    CHECK_REDEFINITION(ck, ck->spec->procedures, p, "procedure");
    for (struct ast_method *m = p->methods.first; m != NULL; m = m->next) {
        for (struct ast_method *prev = p->methods.first; prev != m; prev = prev->next)
            if (strcmp(prev->name, m->name) == 0) {
                diag_error(ck->d, m->loc, "duplicate method '%s' in procedure '%s'", m->name,
                           p->name);
                break;
            }
        for (struct ast_param *a = m->params.first; a != NULL; a = a->next)
            for (struct ast_param *prev = m->params.first; prev != a; prev = prev->next)
                if (strcmp(prev->name, a->name) == 0) {
                    diag_error(ck->d, a->loc, "duplicate parameter '%s' in method '%s.%s'", a->name,
                               p->name, m->name);
                    break;
                }
    }
    check_attribute_defaults(ck, p->attributes.first, p->name);
}

static void check_connector(struct checker *ck, struct ast_connector *c)
{
    CHECK_REDEFINITION(ck, ck->spec->connectors, c, "connector");
    if (!c->from.present) diag_error(ck->d, c->loc, "connector '%s' has no 'from' end", c->name);
    if (!c->to.present) diag_error(ck->d, c->loc, "connector '%s' has no 'to' end", c->name);
    check_attribute_defaults(ck, c->attributes.first, c->name);
}

/* ------------------------------------------------------------------ composition */

static void check_instance(struct checker *ck, struct ast_instance *i)
{
    for (struct ast_instance *prev = ck->spec->instances.first; prev != i; prev = prev->next)
        if (strcmp(prev->name, i->name) == 0) {
            char at[300];
            diag_error(ck->d, i->loc, "duplicate instance name '%s' (first declared at %s)",
                       i->name, where(prev->loc, at, sizeof(at)));
            break;
        }
    i->component = ast_find_component(ck->spec, i->type);
    if (i->component == NULL)
        diag_error(ck->d, i->type_loc, "unknown component type '%s'", i->type);
}

static const char *article(const char *word)
{
    return strchr("aeio", word[0]) != NULL ? "an" : "a"; /* "a uses", "an emits" */
}

/* The interface kind an end of this kind must have on this side. */
static enum iface_kind required_kind(enum end_kind k, bool from)
{
    if (k == END_PROCEDURE) return from ? IFACE_USES : IFACE_PROVIDES;
    if (k == END_EVENT) return from ? IFACE_EMITS : IFACE_CONSUMES;
    return IFACE_DATAPORT;
}

static void check_end_against_connector(struct checker *ck, const struct ast_connection *c,
                                        const struct ast_end *e)
{
    const struct ast_connector *k = c->connector;
    const struct ast_connector_end *spec = e->is_from ? &k->from : &k->to;
    const char *side = e->is_from ? "from" : "to";
    const struct ast_interface *i = e->iface;
    if (!spec->present) return; /* reported with the connector */
    enum end_kind have = ast_iface_end_kind(i->kind);
    if (have != spec->kind) {
        diag_error(
            ck->d, e->iface_loc, "connector '%s' needs %s %s at its '%s' end, but '%s.%s' is %s %s",
            k->name, article(ast_end_kind_name(spec->kind)), ast_end_kind_name(spec->kind), side,
            e->instance, e->interface, article(ast_end_kind_name(have)), ast_end_kind_name(have));
        return;
    }
    enum iface_kind want = required_kind(spec->kind, e->is_from);
    if (i->kind != want) {
        diag_error(ck->d, e->iface_loc,
                   "'%s' end '%s.%s' of connection '%s' must be %s '%s' interface, not '%s'", side,
                   e->instance, e->interface, c->name, article(ast_iface_kind_name(want)),
                   ast_iface_kind_name(want), ast_iface_kind_name(i->kind));
        return;
    }
    bool hw = e->inst->component->hardware;
    if (spec->hardware && !hw)
        diag_error(ck->d, e->loc,
                   "'%s' end '%s.%s' of connection '%s' must belong to a hardware component "
                   "('%s' is not declared 'hardware')",
                   side, e->instance, e->interface, c->name, e->inst->component->name);
    else if (!spec->hardware && hw)
        diag_error(ck->d, e->loc,
                   "'%s' end '%s.%s' of connection '%s' belongs to hardware component '%s', but "
                   "connector '%s' has no hardware end there",
                   side, e->instance, e->interface, c->name, e->inst->component->name, k->name);
}

/* Resolves the instance and interface of an end; false if either is unknown. */
static bool resolve_end(struct checker *ck, const struct ast_connection *c, struct ast_end *e)
{
    e->inst = ast_find_instance(ck->spec, e->instance);
    if (e->inst == NULL) {
        diag_error(ck->d, e->loc, "unknown instance '%s' in connection '%s'", e->instance, c->name);
        return false;
    }
    if (e->inst->component == NULL) return false; /* unknown type, reported already */
    e->iface = ast_find_interface(e->inst->component, e->interface);
    if (e->iface == NULL) {
        diag_error(ck->d, e->iface_loc, "instance '%s' (component '%s') has no interface '%s'",
                   e->instance, e->inst->component->name, e->interface);
        return false;
    }
    return true;
}

/* A `uses` interface may take part in one connection only. */
static void check_single_use(struct checker *ck, const struct ast_connection *c,
                             const struct ast_end *e)
{
    for (const struct ast_connection *pc = ck->spec->connections.first; pc != NULL; pc = pc->next)
        for (const struct ast_end *pe = pc->ends.first; pe != NULL; pe = pe->next) {
            if (pe == e) return;
            if (pe->iface == e->iface && pe->inst == e->inst) {
                char at[300];
                if (pc == c)
                    diag_error(ck->d, e->loc, "'%s.%s' appears twice in connection '%s'",
                               e->instance, e->interface, c->name);
                else if (e->iface->kind == IFACE_USES)
                    diag_error(ck->d, e->loc,
                               "'%s.%s' is already connected by connection '%s' (at %s)",
                               e->instance, e->interface, pc->name, where(pe->loc, at, sizeof(at)));
                else
                    continue;
                return;
            }
        }
}

static void check_connection(struct checker *ck, struct ast_connection *c)
{
    for (struct ast_connection *prev = ck->spec->connections.first; prev != c; prev = prev->next)
        if (strcmp(prev->name, c->name) == 0) {
            char at[300];
            diag_error(ck->d, c->loc, "duplicate connection name '%s' (first declared at %s)",
                       c->name, where(prev->loc, at, sizeof(at)));
            break;
        }
    const struct ast_instance *same = ast_find_instance(ck->spec, c->name);
    if (same != NULL) {
        char at[300];
        diag_error(ck->d, c->loc, "connection name '%s' is already an instance name (at %s)",
                   c->name, where(same->loc, at, sizeof(at)));
    }
    c->connector = ast_find_connector(ck->spec, c->type);
    if (c->connector == NULL) diag_error(ck->d, c->type_loc, "unknown connector '%s'", c->type);
    if (c->n_from == 0) diag_error(ck->d, c->loc, "connection '%s' has no 'from' end", c->name);
    if (c->n_to == 0) diag_error(ck->d, c->loc, "connection '%s' has no 'to' end", c->name);
    unsigned seen_from = 0, seen_to = 0;
    for (struct ast_end *e = c->ends.first; e != NULL; e = e->next) {
        unsigned *seen = e->is_from ? &seen_from : &seen_to;
        const struct ast_connector_end *spec = c->connector == NULL ? NULL
                                               : e->is_from         ? &c->connector->from
                                                                    : &c->connector->to;
        if (++*seen == 2 && spec != NULL && spec->present && !spec->multiple)
            diag_error(ck->d, e->loc, "connector '%s' allows only one '%s' end", c->type,
                       e->is_from ? "from" : "to");
        if (!resolve_end(ck, c, e)) continue;
        if (c->connector != NULL) check_end_against_connector(ck, c, e);
        check_single_use(ck, c, e);
    }
}

/* ------------------------------------------------------------------ configuration */

/* Attributes every instance has without declaring them (CAmkES and CantripOS built-ins). */
static const char *const instance_attrs[] = {
    "_priority",       "_max_priority",  "_affinity", "_domain",         "_stack_size",
    "_heap_size",      "_period",        "_budget",   "_data",           "priority",
    "affinity",        "domain",         "heap_size", "cnode_size_bits", "cnode_headroom",
    "integrity_label", "untyped_memory", "bootinfo",  "asid_pool",       "sched_ctrl",
    "domain_ctrl",     "cantripos",      "dma_pool",  "simple",          NULL};
/* Attributes <interface>_<suffix> every interface has. */
static const char *const interface_attrs[] = {
    "priority",    "max_priority", "affinity",   "domain",          "stack_size",
    "period",      "budget",       "data",       "has_thread",      "passive",
    "paddr",       "size",         "cached",     "hardware_cached", "irq_number",
    "irq_trigger", "access",       "attributes", "shmem_size",      "badge",
    NULL};

/* Attributes <has-name>_<suffix> of every `has` object (a semaphore's initial value, a
 * copyregion's size). */
static const char *const has_attrs[] = {"value", "size", NULL};

static bool has_suffix_of(const char *name, size_t n, const char *const *suffixes, const char *base)
{
    size_t b = strlen(base);
    if (n <= b + 1 || strncmp(name, base, b) != 0 || name[b] != '_') return false;
    return word_in(name + b + 1, n - b - 1, suffixes);
}

static bool implicit_attribute(const struct ast_component *c, const char *name)
{
    if (word_in(name, strlen(name), instance_attrs)) return true;
    size_t n = strlen(name);
    for (const struct ast_has *h = c->has.first; h != NULL; h = h->next)
        if (has_suffix_of(name, n, has_attrs, h->name)) return true;
    for (const char *const *s = interface_attrs; *s != NULL; s++) {
        size_t k = strlen(*s);
        if (n > k + 1 && name[n - k - 1] == '_' && strcmp(name + n - k, *s) == 0)
            for (const struct ast_interface *i = c->interfaces.first; i != NULL; i = i->next)
                if (strlen(i->name) == n - k - 1 && strncmp(i->name, name, n - k - 1) == 0)
                    return true;
    }
    return false;
}

static void check_setting(struct checker *ck, struct ast_setting *s)
{
    eval_value(ck, s->value);
    for (struct ast_setting *prev = ck->spec->settings.first; prev != s; prev = prev->next)
        if (strcmp(prev->target, s->target) == 0 && strcmp(prev->attribute, s->attribute) == 0) {
            char at[300];
            diag_warning(ck->d, s->loc, "'%s.%s' is set again (previous setting at %s)", s->target,
                         s->attribute, where(prev->loc, at, sizeof(at)));
            break;
        }
    s->instance = ast_find_instance(ck->spec, s->target);
    if (s->instance == NULL) {
        s->connection = ast_find_connection(ck->spec, s->target);
        if (s->connection == NULL)
            diag_error(ck->d, s->loc, "configuration of unknown instance '%s'", s->target);
        return;
    }
    const struct ast_component *c = s->instance->component;
    if (c == NULL) return;
    s->attr = ast_find_attribute(c, s->attribute);
    if (s->attr != NULL)
        check_value_type(ck, s->attr, c->name, s->value);
    else if (!implicit_attribute(c, s->attribute))
        diag_warning(ck->d, s->attr_loc, "instance '%s' (component '%s') has no attribute '%s'",
                     s->target, c->name, s->attribute);
}

static void warn_unconnected(struct checker *ck)
{
    for (const struct ast_instance *in = ck->spec->instances.first; in != NULL; in = in->next) {
        if (in->component == NULL) continue;
        for (const struct ast_interface *i = in->component->interfaces.first; i != NULL;
             i = i->next) {
            if (i->kind != IFACE_USES || i->maybe) continue;
            bool used = false;
            for (const struct ast_connection *c = ck->spec->connections.first; c && !used;
                 c = c->next)
                for (const struct ast_end *e = c->ends.first; e != NULL && !used; e = e->next)
                    used = e->inst == in && e->iface == i;
            if (!used)
                diag_warning(ck->d, in->loc, "'%s.%s' (uses %s) is not connected", in->name,
                             i->name, i->type);
        }
    }
}

bool camkes_check(struct camkes_ctx *ctx)
{
    struct checker ck = {&ctx->diag, &ctx->spec};
    struct ast_spec *s = &ctx->spec;
    for (struct ast_component *c = s->components.first; c != NULL; c = c->next)
        check_component(&ck, c);
    for (struct ast_procedure *p = s->procedures.first; p != NULL; p = p->next)
        check_procedure(&ck, p);
    for (struct ast_connector *c = s->connectors.first; c != NULL; c = c->next)
        check_connector(&ck, c);
    for (struct ast_instance *i = s->instances.first; i != NULL; i = i->next)
        check_instance(&ck, i);
    for (struct ast_connection *c = s->connections.first; c != NULL; c = c->next)
        check_connection(&ck, c);
    for (struct ast_setting *st = s->settings.first; st != NULL; st = st->next)
        check_setting(&ck, st);
    if (s->assemblies == 0 && ctx->top.file != NULL && ctx->diag.errors == 0)
        diag_error(ck.d, ctx->top, "no assembly block");
    if (ctx->diag.errors == 0) warn_unconnected(&ck);
    return ctx->diag.errors == 0;
}
