/* AST lookups by name and kind names for messages. */
#include "ast.h"

#include <string.h>

#define FIND_IN(list, name)                                                                        \
    do {                                                                                           \
        for (const __typeof__(*(list).first) *it = (list).first; it != NULL; it = it->next)        \
            if (strcmp(it->name, (name)) == 0) return it;                                          \
        return NULL;                                                                               \
    } while (0)

const struct ast_component *ast_find_component(const struct ast_spec *s, const char *name)
{
    FIND_IN(s->components, name);
}

const struct ast_procedure *ast_find_procedure(const struct ast_spec *s, const char *name)
{
    FIND_IN(s->procedures, name);
}

const struct ast_connector *ast_find_connector(const struct ast_spec *s, const char *name)
{
    FIND_IN(s->connectors, name);
}

const struct ast_instance *ast_find_instance(const struct ast_spec *s, const char *name)
{
    FIND_IN(s->instances, name);
}

const struct ast_connection *ast_find_connection(const struct ast_spec *s, const char *name)
{
    FIND_IN(s->connections, name);
}

const struct ast_interface *ast_find_interface(const struct ast_component *c, const char *name)
{
    FIND_IN(c->interfaces, name);
}

const struct ast_attribute *ast_find_attribute(const struct ast_component *c, const char *name)
{
    FIND_IN(c->attributes, name);
}

const struct ast_has *ast_find_has(const struct ast_component *c, const char *name)
{
    FIND_IN(c->has, name);
}

const char *ast_iface_kind_name(enum iface_kind k)
{
    switch (k) {
    case IFACE_PROVIDES:
        return "provides";
    case IFACE_USES:
        return "uses";
    case IFACE_EMITS:
        return "emits";
    case IFACE_CONSUMES:
        return "consumes";
    case IFACE_DATAPORT:
        return "dataport";
    }
    return "?";
}

const char *ast_end_kind_name(enum end_kind k)
{
    switch (k) {
    case END_PROCEDURE:
        return "procedure";
    case END_EVENT:
        return "event";
    case END_DATAPORT:
        return "dataport";
    }
    return "?";
}

enum end_kind ast_iface_end_kind(enum iface_kind k)
{
    switch (k) {
    case IFACE_PROVIDES:
    case IFACE_USES:
        return END_PROCEDURE;
    case IFACE_EMITS:
    case IFACE_CONSUMES:
        return END_EVENT;
    case IFACE_DATAPORT:
        break;
    }
    return END_DATAPORT;
}
