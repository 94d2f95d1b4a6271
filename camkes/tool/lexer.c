/* Lexer for CAmkES assembly text: tokens, comments and preprocessor line markers. */
#include "lexer.h"

#include <stdio.h>
#include <string.h>

#include "srcmap.h"

#define MAX_MARKER_LINE 100000000u

void lexer_init(struct lexer *lx, const char *buf, size_t len, const char *file,
                struct arena *arena, struct diag *diag, struct srcmap *map)
{
    memset(lx, 0, sizeof(*lx));
    lx->buf = lx->p = lx->line_start = buf;
    lx->end = buf + len;
    lx->file = file;
    lx->line = 1;
    lx->at_bol = true;
    lx->arena = arena;
    lx->diag = diag;
    lx->map = map;
}

static struct loc loc_at(const struct lexer *lx, const char *at)
{
    struct loc l = {lx->file, lx->line, (unsigned)(at - lx->line_start) + 1};
    return l;
}

static bool is_alpha(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
static bool is_digit(int c)
{
    return c >= '0' && c <= '9';
}
static bool is_alnum(int c)
{
    return is_alpha(c) || is_digit(c);
}
static bool is_blank(int c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* Consumes the '\n' at lx->p. */
static void newline(struct lexer *lx)
{
    lx->p++;
    if (lx->have_marker)
        lx->line = lx->marker_line;
    else if (lx->line < MAX_MARKER_LINE * 2)
        lx->line++;
    lx->have_marker = false;
    lx->line_start = lx->p;
    lx->at_bol = true;
}

/* The '\n' ending the current line, or the end of the buffer. */
static const char *line_end(const struct lexer *lx)
{
    const char *nl = memchr(lx->p, '\n', (size_t)(lx->end - lx->p));
    return nl != NULL ? nl : lx->end;
}

static void skip_to_eol(struct lexer *lx)
{
    while (lx->p < lx->end && *lx->p != '\n')
        lx->p++;
}

static void skip_blanks(struct lexer *lx)
{
    while (lx->p < lx->end && is_blank((unsigned char)*lx->p))
        lx->p++;
}

static bool take_word(struct lexer *lx, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(lx->end - lx->p) < n || memcmp(lx->p, word, n) != 0) return false;
    if (lx->p + n < lx->end && is_alnum((unsigned char)lx->p[n])) return false;
    lx->p += n;
    return true;
}

/* The file name of a line marker: cpp escapes '\' and '"' with a backslash. */
static const char *marker_file(struct lexer *lx)
{
    const char *s = ++lx->p;
    char *out = arena_alloc(lx->arena, (size_t)(line_end(lx) - s) + 1);
    size_t n = 0;
    while (lx->p < lx->end && *lx->p != '"' && *lx->p != '\n') {
        if (*lx->p == '\\' && lx->p + 1 < lx->end && lx->p[1] != '\n') lx->p++;
        out[n++] = *lx->p++;
    }
    if (lx->p >= lx->end || *lx->p != '"' || n == 0 || memchr(out, '\0', n) != NULL) return NULL;
    lx->p++;
    out[n] = '\0';
    if (lx->file != NULL && strcmp(lx->file, out) == 0) return lx->file;
    return out;
}

/* A '#' at the start of a line (lx->p points at it). */
static void directive(struct lexer *lx)
{
    struct loc at = loc_at(lx, lx->p);
    lx->p++;
    skip_blanks(lx);
    bool line_kw = take_word(lx, "line");
    skip_blanks(lx);
    if (lx->p < lx->end && is_digit((unsigned char)*lx->p)) {
        unsigned long n = 0;
        bool bad = false;
        while (lx->p < lx->end && is_digit((unsigned char)*lx->p)) {
            n = n * 10 + (unsigned long)(*lx->p++ - '0');
            if (n > MAX_MARKER_LINE) bad = true, n = MAX_MARKER_LINE;
        }
        skip_blanks(lx);
        const char *file = NULL;
        if (!bad && lx->p < lx->end && *lx->p == '"') {
            file = marker_file(lx);
            if (file == NULL) bad = true;
        }
        if (bad) {
            diag_error(lx->diag, at, "malformed line marker");
        } else {
            lx->marker_line = (unsigned)n;
            lx->have_marker = true;
            if (file != NULL) lx->file = file;
        }
    } else if (line_kw) {
        diag_error(lx->diag, at, "malformed line marker");
    } else if (lx->p < lx->end && *lx->p != '\n' && !take_word(lx, "pragma")) {
        const char *w = lx->p;
        while (lx->p < lx->end && is_alnum((unsigned char)*lx->p) && lx->p - w < 32)
            lx->p++;
        diag_error(lx->diag, at,
                   "preprocessor directive '#%.*s' was not processed (run the file through cpp)",
                   (int)(lx->p - w), w);
    }
    skip_to_eol(lx);
}

/* Skips blanks, newlines, comments and directives; returns true if any were skipped. */
static bool skip_space(struct lexer *lx)
{
    bool skipped = false;
    while (lx->p < lx->end && !diag_stopped(lx->diag)) {
        char c = *lx->p;
        if (c == '\n') {
            newline(lx);
        } else if (is_blank((unsigned char)c)) {
            lx->p++;
        } else if (c == '/' && lx->p + 1 < lx->end && lx->p[1] == '/') {
            skip_to_eol(lx);
        } else if (c == '/' && lx->p + 1 < lx->end && lx->p[1] == '*') {
            struct loc at = loc_at(lx, lx->p);
            lx->p += 2;
            for (;;) {
                if (lx->p >= lx->end) {
                    diag_error(lx->diag, at, "unterminated comment");
                    break;
                }
                if (*lx->p == '*' && lx->p + 1 < lx->end && lx->p[1] == '/') {
                    lx->p += 2;
                    break;
                }
                if (*lx->p == '\n')
                    newline(lx);
                else
                    lx->p++;
            }
        } else if (c == '#' && lx->at_bol) {
            directive(lx);
        } else {
            break;
        }
        skipped = true;
    }
    return skipped;
}

static int hex_val(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static void lex_number(struct lexer *lx, struct token *t)
{
    const char *s = lx->p;
    while (lx->p < lx->end && is_alnum((unsigned char)*lx->p))
        lx->p++;
    size_t n = (size_t)(lx->p - s);
    unsigned base = 10;
    size_t i = 0;
    if (n >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        i = 2;
    } else if (n >= 2 && s[0] == '0') {
        base = 8;
        i = 1;
    }
    uint64_t v = 0;
    bool bad = i == n, big = false;
    for (; i < n && !bad; i++) {
        int d = hex_val((unsigned char)s[i]);
        if (d < 0 || (unsigned)d >= base) {
            bad = true;
        } else if (v > (UINT64_MAX - (unsigned)d) / base) {
            big = true;
        } else {
            v = v * base + (unsigned)d;
        }
    }
    if (!big && v > (uint64_t)INT64_MAX) big = true;
    t->kind = T_INT;
    if (bad) {
        diag_error(lx->diag, t->loc, "invalid integer constant '%.*s'", (int)(n > 40 ? 40 : n), s);
        v = 0;
    } else if (big) {
        diag_error(lx->diag, t->loc, "integer constant '%.*s' is too large", (int)(n > 40 ? 40 : n),
                   s);
        t->too_large = true;
        v = 0;
    }
    t->value = v;
}

static void lex_string(struct lexer *lx, struct token *t)
{
    const char *s = ++lx->p;
    char *out = arena_alloc(lx->arena, (size_t)(line_end(lx) - s) + 1);
    size_t n = 0;
    bool closed = false;
    while (lx->p < lx->end && *lx->p != '\n') {
        char c = *lx->p;
        if (c == '"') {
            lx->p++;
            closed = true;
            break;
        }
        struct loc at = loc_at(lx, lx->p);
        if (c == '\\' && lx->p + 1 < lx->end && lx->p[1] != '\n') {
            char e = lx->p[1];
            lx->p += 2;
            switch (e) {
            case 'n':
                c = '\n';
                break;
            case 't':
                c = '\t';
                break;
            case 'r':
                c = '\r';
                break;
            case '\\':
                c = '\\';
                break;
            case '"':
                c = '"';
                break;
            case '\'':
                c = '\'';
                break;
            default:
                diag_error(lx->diag, at, "unknown escape sequence '\\%c' in string",
                           e >= 32 && e < 127 ? e : '?');
                c = e;
                break;
            }
        } else {
            lx->p++;
        }
        if (c == '\0') {
            diag_error(lx->diag, at, "NUL character in string");
            continue;
        }
        out[n++] = c;
    }
    if (!closed) diag_error(lx->diag, t->loc, "unterminated string");
    out[n] = '\0';
    t->kind = T_STRING;
    t->text = out;
}

static void lex_header(struct lexer *lx, struct token *t)
{
    const char *s = ++lx->p;
    while (lx->p < lx->end && *lx->p != '>' && *lx->p != '\n')
        lx->p++;
    size_t n = (size_t)(lx->p - s);
    if (lx->p < lx->end && *lx->p == '>') {
        lx->p++;
        if (n == 0) diag_error(lx->diag, t->loc, "empty file name in '<>'");
    } else {
        diag_error(lx->diag, t->loc, "missing '>' after file name");
    }
    if (memchr(s, '\0', n) != NULL) diag_error(lx->diag, t->loc, "NUL character in file name");
    t->kind = T_HEADER;
    t->text = arena_strndup(lx->arena, s, n);
}

static enum tok_kind punct(struct lexer *lx)
{
    char c = *lx->p++;
    char d = lx->p < lx->end ? *lx->p : '\0';
    switch (c) {
    case '{':
        return T_LBRACE;
    case '}':
        return T_RBRACE;
    case '(':
        return T_LPAREN;
    case ')':
        return T_RPAREN;
    case '[':
        return T_LBRACKET;
    case ']':
        return T_RBRACKET;
    case ';':
        return T_SEMI;
    case ',':
        return T_COMMA;
    case '.':
        return T_DOT;
    case '=':
        return T_ASSIGN;
    case '+':
        return T_PLUS;
    case '-':
        return T_MINUS;
    case '*':
        return T_STAR;
    case '/':
        return T_SLASH;
    case '%':
        return T_PERCENT;
    case '|':
        return T_PIPE;
    case '&':
        return T_AMP;
    case '^':
        return T_CARET;
    case '~':
        return T_TILDE;
    case ':':
        return T_COLON;
    case '<':
        if (d == '<') return lx->p++, T_SHL;
        return T_LT;
    case '>':
        if (d == '>') return lx->p++, T_SHR;
        return T_GT;
    default:
        lx->p--;
        return T_EOF;
    }
}

/* After cpp: the first token of a line is at its true column; each later one is searched
 * for in the original line after the previous one (macro expansions are not found there and
 * keep cpp's column). */
static void refine_column(struct lexer *lx, struct token *t)
{
    bool same_line = lx->map_file != NULL && t->loc.line == lx->map_line &&
                     strcmp(lx->map_file, t->loc.file) == 0;
    if (!same_line) {
        lx->map_file = t->loc.file;
        lx->map_line = t->loc.line;
        lx->map_next_col = t->loc.col;
    }
    unsigned col =
        srcmap_find(lx->map, t->loc.file, t->loc.line, t->start, t->len, lx->map_next_col);
    if (col == 0) return;
    t->loc.col = col;
    lx->map_next_col = col + (unsigned)t->len;
}

void lexer_next(struct lexer *lx, struct token *t, bool header_ok)
{
    memset(t, 0, sizeof(*t));
    bool space = skip_space(lx);
    for (;;) {
        t->loc = loc_at(lx, lx->p);
        t->start = lx->p;
        if (lx->p >= lx->end || diag_stopped(lx->diag)) {
            t->kind = T_EOF;
            t->space_before = true;
            return;
        }
        lx->at_bol = false;
        unsigned char c = (unsigned char)*lx->p;
        if (is_alpha(c)) {
            while (lx->p < lx->end && is_alnum((unsigned char)*lx->p))
                lx->p++;
            t->kind = T_IDENT;
            t->text = arena_strndup(lx->arena, t->start, (size_t)(lx->p - t->start));
        } else if (is_digit(c)) {
            lex_number(lx, t);
        } else if (c == '"') {
            lex_string(lx, t);
        } else if (c == '<' && header_ok) {
            lex_header(lx, t);
        } else if ((t->kind = punct(lx)) == T_EOF) {
            if (c >= 32 && c < 127)
                diag_error(lx->diag, t->loc, "invalid character '%c'", c);
            else
                diag_error(lx->diag, t->loc, "invalid byte 0x%02x", c);
            lx->p++;
            space = skip_space(lx) || space;
            continue;
        }
        break;
    }
    t->len = (size_t)(lx->p - t->start);
    t->space_before = space;
    if (lx->map != NULL) refine_column(lx, t);
}

const char *tok_kind_spelling(enum tok_kind k)
{
    static const char *const names[] = {
        [T_LBRACE] = "{",   [T_RBRACE] = "}",   [T_LPAREN] = "(",  [T_RPAREN] = ")",
        [T_LBRACKET] = "[", [T_RBRACKET] = "]", [T_SEMI] = ";",    [T_COMMA] = ",",
        [T_DOT] = ".",      [T_ASSIGN] = "=",   [T_PLUS] = "+",    [T_MINUS] = "-",
        [T_STAR] = "*",     [T_SLASH] = "/",    [T_PERCENT] = "%", [T_SHL] = "<<",
        [T_SHR] = ">>",     [T_PIPE] = "|",     [T_AMP] = "&",     [T_CARET] = "^",
        [T_TILDE] = "~",    [T_COLON] = ":",    [T_LT] = "<",      [T_GT] = ">",
    };
    if ((unsigned)k < sizeof(names) / sizeof(names[0]) && names[k] != NULL) return names[k];
    return "";
}

/* Copies at most max bytes of s, replacing unprintable bytes with '?'. */
static void printable(char *out, size_t size, const char *s, size_t n, size_t max)
{
    size_t k = 0;
    for (size_t i = 0; i < n && i < max && k + 1 < size; i++) {
        unsigned char c = (unsigned char)s[i];
        out[k++] = c >= 32 && c < 127 ? (char)c : '?';
    }
    if (n > max && k + 4 < size) {
        memcpy(out + k, "...", 3);
        k += 3;
    }
    out[k < size ? k : size - 1] = '\0';
}

const char *tok_describe(const struct token *t, char *buf, size_t size)
{
    char text[64];
    switch (t->kind) {
    case T_EOF:
        snprintf(buf, size, "end of file");
        break;
    case T_IDENT:
        printable(text, sizeof(text), t->start, t->len, 40);
        snprintf(buf, size, "'%s'", text);
        break;
    case T_INT:
        printable(text, sizeof(text), t->start, t->len, 40);
        snprintf(buf, size, "integer %s", text);
        break;
    case T_STRING:
        printable(text, sizeof(text), t->start, t->len, 40);
        snprintf(buf, size, "string %s", text);
        break;
    case T_HEADER:
        printable(text, sizeof(text), t->start, t->len, 40);
        snprintf(buf, size, "'%s'", text);
        break;
    default:
        snprintf(buf, size, "'%s'", tok_kind_spelling(t->kind));
        break;
    }
    return buf;
}
