/* Lexer for CAmkES assembly text (after the C preprocessor).
 *
 * Tokens: identifiers, integers (decimal, 0x hex, 0-prefixed octal), "strings" (with C
 * escapes), <header> paths (only where the parser asks for one: after import/include), and
 * punctuation.  // and block comments are skipped.  A `#` at the start of a line is a
 * preprocessor line marker (`# 12 "file" flags` or `#line 12 "file"`), which sets the file
 * and line reported for the following text; `#pragma` lines are ignored; any other
 * directive is an error (the file was not preprocessed).  The buffer may hold arbitrary
 * bytes, including NULs. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "diag.h"

enum tok_kind {
    T_EOF,
    T_IDENT,
    T_INT,
    T_STRING,
    T_HEADER, /* <path>, only when requested */
    T_LBRACE,
    T_RBRACE,
    T_LPAREN,
    T_RPAREN,
    T_LBRACKET,
    T_RBRACKET,
    T_SEMI,
    T_COMMA,
    T_DOT,
    T_ASSIGN,
    T_PLUS,
    T_MINUS,
    T_STAR,
    T_SLASH,
    T_PERCENT,
    T_SHL,
    T_SHR,
    T_PIPE,
    T_AMP,
    T_CARET,
    T_TILDE,
    T_COLON,
    T_LT,
    T_GT,
};

struct token {
    enum tok_kind kind;
    struct loc loc;
    const char *start; /* raw text in the buffer */
    size_t len;
    bool space_before; /* whitespace, a comment or a line break precedes it */
    const char *text;  /* T_IDENT, T_STRING (decoded), T_HEADER: arena copy; else NULL */
    uint64_t value;    /* T_INT */
    bool too_large;    /* T_INT: does not fit in int64_t (already reported) */
};

struct srcmap;

struct lexer {
    const char *buf, *p, *end;
    const char *line_start;
    const char *file;
    unsigned line;
    unsigned marker_line; /* line number for the next line, from a line marker */
    bool have_marker;
    bool at_bol; /* only whitespace so far on this line */
    struct arena *arena;
    struct diag *diag;
    struct srcmap *map; /* non-NULL after cpp: refines columns against the original files */
    unsigned map_line;  /* line the last refined column belongs to */
    const char *map_file;
    unsigned map_next_col; /* refined columns on that line continue from here */
};

void lexer_init(struct lexer *lx, const char *buf, size_t len, const char *file,
                struct arena *arena, struct diag *diag, struct srcmap *map);
/* Reads the next token.  header_ok: a '<' starts a <path> token. */
void lexer_next(struct lexer *lx, struct token *t, bool header_ok);
/* "'foo'", "integer 12", "string \"x\"", "end of file", ... for messages. */
const char *tok_describe(const struct token *t, char *buf, size_t size);
/* The spelling of a punctuation kind, e.g. "{" ("" for other kinds). */
const char *tok_kind_spelling(enum tok_kind k);
