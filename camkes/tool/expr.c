/* Integer expressions: precedence-climbing parser and overflow-checked evaluation. */
#include "expr.h"

#include "parse_internal.h"

/* Binding levels of the binary operators, loosest first; -1: not a binary operator. */
static int level_of(enum tok_kind k)
{
    switch (k) {
    case T_PIPE:
        return 0;
    case T_CARET:
        return 1;
    case T_AMP:
        return 2;
    case T_SHL:
    case T_SHR:
        return 3;
    case T_PLUS:
    case T_MINUS:
        return 4;
    case T_STAR:
    case T_SLASH:
    case T_PERCENT:
        return 5;
    default:
        return -1;
    }
}
#define UNARY_LEVEL 6

struct expr_parse {
    struct parser *p;
    unsigned nodes;
};

static struct expr *node(struct expr_parse *ep, enum expr_kind kind, struct loc at, int op)
{
    if (++ep->nodes > EXPR_MAX_NODES) {
        if (ep->nodes == EXPR_MAX_NODES + 1)
            diag_error(ep->p->diag, at, "expression too long (more than %u terms)", EXPR_MAX_NODES);
        return NULL;
    }
    struct expr *e = p_new(ep->p, sizeof(*e));
    e->kind = kind;
    e->loc = at;
    e->op = op;
    return e;
}

static struct expr *level(struct expr_parse *ep, int lvl);

static struct expr *unary(struct expr_parse *ep)
{
    struct parser *p = ep->p;
    struct token t = p->tok;
    if (t.kind == T_MINUS || t.kind == T_PLUS || t.kind == T_TILDE || t.kind == T_LPAREN) {
        if (p->depth >= PARSE_MAX_DEPTH) {
            diag_error(p->diag, t.loc, "expression nested too deeply");
            return NULL;
        }
        p->depth++;
        p_advance(p);
        struct expr *e = NULL;
        if (t.kind == T_LPAREN) {
            e = level(ep, 0);
            if (e != NULL && !p_expect(p, T_RPAREN, "to close '('")) e = NULL;
        } else {
            struct expr *operand = unary(ep);
            if (operand != NULL && (e = node(ep, EXPR_UNARY, t.loc, t.kind)) != NULL)
                e->lhs = operand;
        }
        p->depth--;
        return e;
    }
    if (t.kind == T_INT) {
        p_advance(p);
        if (t.too_large) return NULL; /* already reported */
        struct expr *e = node(ep, EXPR_INT, t.loc, T_INT);
        if (e != NULL) e->value = (int64_t)t.value;
        return e;
    }
    p_expected(p, "an integer expression");
    return NULL;
}

static struct expr *level(struct expr_parse *ep, int lvl)
{
    if (lvl == UNARY_LEVEL) return unary(ep);
    struct expr *lhs = level(ep, lvl + 1);
    while (lhs != NULL && level_of(ep->p->tok.kind) == lvl) {
        struct token op = ep->p->tok;
        p_advance(ep->p);
        struct expr *rhs = level(ep, lvl + 1);
        struct expr *e = rhs != NULL ? node(ep, EXPR_BINARY, op.loc, op.kind) : NULL;
        if (e == NULL) return NULL;
        e->lhs = lhs;
        e->rhs = rhs;
        lhs = e;
    }
    return lhs;
}

struct expr *p_expr(struct parser *p)
{
    struct expr_parse ep = {p, 0};
    return level(&ep, 0);
}

/* ------------------------------------------------------------------ evaluation */

static bool fail(struct diag *d, const struct expr *e, const char *what)
{
    diag_error(d, e->loc, "%s", what);
    return false;
}

static bool overflow(struct diag *d, const struct expr *e)
{
    diag_error(d, e->loc, "integer overflow in '%s'", tok_kind_spelling((enum tok_kind)e->op));
    return false;
}

static bool eval_unary(const struct expr *e, struct diag *d, int64_t a, int64_t *out)
{
    switch (e->op) {
    case T_MINUS:
        if (a == INT64_MIN) return overflow(d, e);
        *out = -a;
        return true;
    case T_TILDE:
        *out = ~a;
        return true;
    default:
        *out = a;
        return true;
    }
}

static bool eval_shift(const struct expr *e, struct diag *d, int64_t a, int64_t b, int64_t *out)
{
    if (b < 0 || b > 63) {
        diag_error(d, e->loc, "shift count %lld is out of range (0..63)", (long long)b);
        return false;
    }
    if (e->op == T_SHR) {
        *out = a >= 0 ? a >> b : -1 - ((-1 - a) >> b); /* floor, without relying on '>>' */
        return true;
    }
    for (int64_t i = 0; i < b; i++)
        if (__builtin_mul_overflow(a, 2, &a)) return overflow(d, e);
    *out = a;
    return true;
}

static bool eval_binary(const struct expr *e, struct diag *d, int64_t a, int64_t b, int64_t *out)
{
    switch (e->op) {
    case T_PLUS:
        if (__builtin_add_overflow(a, b, out)) return overflow(d, e);
        return true;
    case T_MINUS:
        if (__builtin_sub_overflow(a, b, out)) return overflow(d, e);
        return true;
    case T_STAR:
        if (__builtin_mul_overflow(a, b, out)) return overflow(d, e);
        return true;
    case T_SLASH:
    case T_PERCENT:
        if (b == 0) return fail(d, e, "division by zero");
        if (a == INT64_MIN && b == -1) return overflow(d, e);
        *out = e->op == T_SLASH ? a / b : a % b;
        return true;
    case T_SHL:
    case T_SHR:
        return eval_shift(e, d, a, b, out);
    case T_PIPE:
        *out = a | b;
        return true;
    case T_AMP:
        *out = a & b;
        return true;
    case T_CARET:
        *out = a ^ b;
        return true;
    default:
        return fail(d, e, "unknown operator");
    }
}

bool expr_eval(const struct expr *e, struct diag *d, int64_t *out)
{
    int64_t a, b;
    switch (e->kind) {
    case EXPR_INT:
        *out = e->value;
        return true;
    case EXPR_UNARY:
        return expr_eval(e->lhs, d, &a) && eval_unary(e, d, a, out);
    case EXPR_BINARY:
        return expr_eval(e->lhs, d, &a) && expr_eval(e->rhs, d, &b) && eval_binary(e, d, a, b, out);
    }
    return fail(d, e, "malformed expression");
}
