/* Shared by the parser's source files (parser.c, parse_assembly.c, parse_value.c, expr.c):
 * the token stream with one token of lookahead, and error helpers. */
#pragma once
#include <stdbool.h>

#include "ast.h"
#include "camkes.h"
#include "lexer.h"

struct parser {
    struct camkes_ctx *ctx;
    struct arena *arena;
    struct diag *diag;
    struct ast_spec *spec;
    struct lexer lx;
    struct token tok; /* current token */
    unsigned depth;   /* expression / raw value nesting */
};

#define PARSE_MAX_DEPTH 200

void p_advance(struct parser *p);
/* Advances; a '<' starting the next token begins a <file> name. */
void p_advance_header(struct parser *p);
bool p_is(const struct parser *p, enum tok_kind k);
bool p_is_kw(const struct parser *p, const char *word);
bool p_accept(struct parser *p, enum tok_kind k);
/* Reports "expected WHAT, found <token>" at the current token. */
void p_expected(struct parser *p, const char *what);
/* Consumes a token of kind k or reports "expected 'k' <context>, found ..." and fails. */
bool p_expect(struct parser *p, enum tok_kind k, const char *context);
/* Consumes an identifier (its location in *at if non-NULL); NULL and an error otherwise. */
const char *p_ident(struct parser *p, const char *what, struct loc *at);
/* Skips to just after the next ';' or whole {...} block at this nesting level, or to an
 * unmatched '}' (not consumed), or the end of file. */
void p_recover(struct parser *p);
/* Parses items until the '}' closing a block (the '{' is consumed already); item() returns
 * false after an error, and the parser then skips to the next item.  Consumes the '}' and
 * an optional ';'.  what names the block in "expected '}' to close WHAT". */
void p_block(struct parser *p, bool (*item)(struct parser *, void *), void *arg, const char *what);
bool p_stopped(const struct parser *p);
void *p_new(struct parser *p, size_t size);

struct ast_value *p_value(struct parser *p); /* parse_value.c */
struct expr *p_expr(struct parser *p);       /* expr.c */
void p_assembly(struct parser *p);           /* parse_assembly.c */
