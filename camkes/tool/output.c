/* Check-mode output: the instances and connections of a spec, one per line, in source
 * order; a connection lists its from ends, then its to ends, each in source order. */
#include "camkes.h"

static void print_ends(const struct ast_connection *c, bool from, FILE *out)
{
    for (const struct ast_end *e = c->ends.first; e != NULL; e = e->next)
        if (e->is_from == from)
            fprintf(out, " %s %s.%s", from ? "from" : "to", e->instance, e->interface);
}

void camkes_print_check(const struct ast_spec *spec, FILE *out)
{
    for (const struct ast_instance *i = spec->instances.first; i != NULL; i = i->next)
        fprintf(out, "instance %s %s\n", i->name, i->type);
    for (const struct ast_connection *c = spec->connections.first; c != NULL; c = c->next) {
        fprintf(out, "connection %s %s", c->name, c->type);
        print_ends(c, true, out);
        print_ends(c, false, out);
        fputc('\n', out);
    }
}
