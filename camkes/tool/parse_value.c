/* Values of attribute defaults and configuration settings: integer expressions, booleans,
 * strings (adjacent strings are joined) and {...} / [...] lists or dictionaries, which are
 * kept as source text (tokens, with any run of blanks between them squeezed to one space). */
#include <stdlib.h>
#include <string.h>

#include "parse_internal.h"

struct textbuf {
    char *s;
    size_t len, cap;
};

static void tb_add(struct textbuf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *ns = realloc(b->s, cap);
        if (ns == NULL) {
            fputs("camkes: out of memory\n", stderr);
            abort();
        }
        b->s = ns;
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

static enum tok_kind closer(enum tok_kind open)
{
    return open == T_LBRACE ? T_RBRACE : open == T_LBRACKET ? T_RBRACKET : T_RPAREN;
}

/* {...} or [...] (current token: the opening bracket).  NULL after an error. */
static const char *raw(struct parser *p)
{
    enum tok_kind stack[PARSE_MAX_DEPTH];
    unsigned depth = 0;
    struct textbuf b = {0};
    struct loc open = p->tok.loc;
    const char *result = NULL;
    stack[depth++] = p->tok.kind;
    tb_add(&b, p->tok.start, p->tok.len);
    p_advance(p);
    while (depth > 0) {
        enum tok_kind k = p->tok.kind, want = closer(stack[depth - 1]);
        if (k == T_EOF || k == T_SEMI) {
            char what[64];
            snprintf(what, sizeof(what), "'%s' to close the value begun at %u:%u",
                     tok_kind_spelling(want), open.line, open.col);
            p_expected(p, what);
            break;
        }
        if (p->tok.space_before) tb_add(&b, " ", 1);
        tb_add(&b, p->tok.start, p->tok.len);
        if (k == T_LBRACE || k == T_LBRACKET || k == T_LPAREN) {
            if (depth == PARSE_MAX_DEPTH) {
                diag_error(p->diag, p->tok.loc, "value nested too deeply");
                break;
            }
            stack[depth++] = k;
        } else if (k == T_RBRACE || k == T_RBRACKET || k == T_RPAREN) {
            if (k != want) {
                char what[32];
                snprintf(what, sizeof(what), "'%s'", tok_kind_spelling(want));
                p_expected(p, what);
                break;
            }
            depth--;
        }
        p_advance(p);
    }
    if (depth == 0) result = arena_strndup(p->arena, b.s, b.len);
    free(b.s);
    return result;
}

struct ast_value *p_value(struct parser *p)
{
    struct ast_value *v = p_new(p, sizeof(*v));
    v->loc = p->tok.loc;
    if (p_is(p, T_STRING)) {
        struct textbuf b = {0};
        while (p_is(p, T_STRING)) {
            tb_add(&b, p->tok.text, strlen(p->tok.text));
            p_advance(p);
        }
        v->kind = VALUE_STRING;
        v->string = arena_strndup(p->arena, b.s != NULL ? b.s : "", b.len);
        free(b.s);
        return v;
    }
    if (p_is_kw(p, "true") || p_is_kw(p, "True") || p_is_kw(p, "false") || p_is_kw(p, "False")) {
        v->kind = VALUE_BOOL;
        v->integer = p->tok.text[0] == 't' || p->tok.text[0] == 'T';
        v->evaluated = true;
        p_advance(p);
        return v;
    }
    if (p_is(p, T_LBRACE) || p_is(p, T_LBRACKET)) {
        v->kind = VALUE_RAW;
        return (v->string = raw(p)) != NULL ? v : NULL;
    }
    v->kind = VALUE_INT;
    return (v->expr = p_expr(p)) != NULL ? v : NULL;
}
