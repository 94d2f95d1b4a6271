/* Loading: the context's life cycle, reading files (through cpp), and import resolution.
 *
 * import <name>;   the built-in std_connector.camkes, else the import path, in order
 * import "name";   the importing file's directory, then the import path
 * Every file is read once: a second import of the same file (same real path) is ignored. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "camkes.h"
#include "cpp.h"
#include "parser.h"

#define MAX_IMPORT_DEPTH 64
#define MAX_FILE_SIZE (64u << 20)

struct camkes_file {
    struct camkes_file *next;
    const char *key; /* real path, or the built-in file's name */
};

struct camkes_ctx *camkes_new(const struct camkes_options *opt)
{
    struct camkes_ctx *ctx = calloc(1, sizeof(*ctx));
    if (ctx == NULL) {
        fputs("camkes: out of memory\n", stderr);
        abort();
    }
    ctx->opt = *opt;
    arena_init(&ctx->arena);
    diag_init(&ctx->diag,
              opt->quiet      ? NULL
              : opt->diag_out ? opt->diag_out
                              : stderr,
              opt->max_errors);
    const char *s = opt->import_path != NULL ? opt->import_path : "";
    size_t max = 1;
    for (const char *c = s; *c != '\0'; c++)
        max += *c == ':';
    ctx->import_dirs = arena_alloc(&ctx->arena, max * sizeof(char *));
    while (*s != '\0') {
        const char *e = strchr(s, ':');
        size_t n = e != NULL ? (size_t)(e - s) : strlen(s);
        if (n > 0) ctx->import_dirs[ctx->n_import_dirs++] = arena_strndup(&ctx->arena, s, n);
        s += n;
        if (*s == ':') s++;
    }
    return ctx;
}

void camkes_free(struct camkes_ctx *ctx)
{
    if (ctx == NULL) return;
    arena_free(&ctx->arena);
    free(ctx);
}

/* Records key as read; false if it was read before. */
static bool first_time(struct camkes_ctx *ctx, const char *key)
{
    for (struct camkes_file *f = ctx->files; f != NULL; f = f->next)
        if (strcmp(f->key, key) == 0) return false;
    struct camkes_file *f = arena_alloc(&ctx->arena, sizeof(*f));
    f->key = arena_strdup(&ctx->arena, key);
    f->next = ctx->files;
    ctx->files = f;
    return true;
}

static bool is_readable_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static const char *real_key(struct camkes_ctx *ctx, const char *path)
{
    char *r = realpath(path, NULL);
    if (r == NULL) return path;
    const char *k = arena_strdup(&ctx->arena, r);
    free(r);
    return k;
}

static char *read_whole(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) return NULL;
    char *buf = NULL;
    long n = -1;
    if (fseek(f, 0, SEEK_END) == 0) n = ftell(f);
    if (n >= 0 && (unsigned long)n <= MAX_FILE_SIZE && fseek(f, 0, SEEK_SET) == 0) {
        buf = malloc((size_t)n + 1);
        if (buf != NULL && fread(buf, 1, (size_t)n, f) != (size_t)n) {
            free(buf);
            buf = NULL;
        }
    }
    if (n > (long)MAX_FILE_SIZE) errno = EFBIG;
    fclose(f);
    *len = (size_t)n;
    return buf;
}

/* Reads and parses path; `where` is the import naming it (line 0: the command line). */
static void load_path(struct camkes_ctx *ctx, const char *path, struct loc where)
{
    const char *name = arena_strdup(&ctx->arena, path);
    if (where.line == 0) where.file = name;
    size_t len = 0;
    char *buf;
    struct stat st;
    if (stat(path, &st) != 0) {
        diag_error(&ctx->diag, where, "cannot read '%s': %s", path, strerror(errno));
        return;
    }
    if (!S_ISREG(st.st_mode)) {
        diag_error(&ctx->diag, where, "cannot read '%s': not a regular file", path);
        return;
    }
    if (ctx->opt.no_cpp) {
        errno = 0;
        if ((buf = read_whole(path, &len)) == NULL) {
            diag_error(&ctx->diag, where, "cannot read '%s': %s", path,
                       errno != 0 ? strerror(errno) : "read error");
            return;
        }
    } else if ((buf = cpp_run(ctx, path, where, &len)) == NULL) {
        return;
    }
    ctx->depth++;
    parse_text(ctx, name, buf, len, !ctx->opt.no_cpp);
    ctx->depth--;
    free(buf);
}

bool camkes_load_file(struct camkes_ctx *ctx, const char *path)
{
    struct loc none = {NULL, 0, 0};
    if (ctx->top.file == NULL) ctx->top.file = arena_strdup(&ctx->arena, path);
    if (first_time(ctx, real_key(ctx, path))) load_path(ctx, path, none);
    return ctx->diag.errors == 0;
}

bool camkes_load_buffer(struct camkes_ctx *ctx, const char *name, const char *buf, size_t len)
{
    const char *n = arena_strdup(&ctx->arena, name);
    if (ctx->top.file == NULL) ctx->top.file = n;
    ctx->depth++;
    parse_text(ctx, n, buf, len, false);
    ctx->depth--;
    return ctx->diag.errors == 0;
}

/* dir/name in the arena ("name" alone if dir is empty). */
static const char *join_path(struct camkes_ctx *ctx, const char *dir, size_t dir_len,
                             const char *name)
{
    if (dir_len == 0) return name;
    return arena_printf(&ctx->arena, "%.*s/%s", (int)dir_len, dir, name);
}

static void import_builtin(struct camkes_ctx *ctx, struct ast_import *imp)
{
    imp->resolved = camkes_std_connector_name;
    if (first_time(ctx, camkes_std_connector_name))
        parse_text(ctx, camkes_std_connector_name, camkes_std_connector_text,
                   strlen(camkes_std_connector_text), false);
}

void camkes_import(struct camkes_ctx *ctx, struct ast_import *imp)
{
    char open = imp->angle ? '<' : '"', close = imp->angle ? '>' : '"';
    if (imp->angle && strcmp(imp->name, "std_connector.camkes") == 0) {
        import_builtin(ctx, imp);
        return;
    }
    if (ctx->depth >= MAX_IMPORT_DEPTH) {
        diag_error(&ctx->diag, imp->loc, "imports nested too deeply at %c%s%c", open, imp->name,
                   close);
        return;
    }
    /* Candidates: the importer's directory (quoted form), then the import path. */
    const char *found = NULL;
    size_t searched_len = 1;
    const char *here = imp->loc.file != NULL ? imp->loc.file : "";
    const char *slash = strrchr(here, '/');
    bool relative_ok = !imp->angle && here[0] != '<';
    if (!ctx->opt.no_file_imports) {
        if (imp->name[0] == '/') {
            if (is_readable_file(imp->name)) found = imp->name;
        } else {
            if (relative_ok) {
                const char *c = join_path(ctx, here, slash ? (size_t)(slash - here) : 0, imp->name);
                if (is_readable_file(c)) found = c;
            }
            for (size_t i = 0; found == NULL && i < ctx->n_import_dirs; i++) {
                const char *c =
                    join_path(ctx, ctx->import_dirs[i], strlen(ctx->import_dirs[i]), imp->name);
                if (is_readable_file(c)) found = c;
            }
        }
    }
    if (found == NULL) {
        for (size_t i = 0; i < ctx->n_import_dirs; i++)
            searched_len += strlen(ctx->import_dirs[i]) + 2;
        if (relative_ok) searched_len += (slash ? (size_t)(slash - here) : 1) + 2;
        char *searched = arena_alloc(&ctx->arena, searched_len + 32);
        if (relative_ok) {
            if (slash != NULL)
                strncat(searched, here, (size_t)(slash - here));
            else
                strcat(searched, ".");
        }
        for (size_t i = 0; i < ctx->n_import_dirs; i++) {
            if (searched[0] != '\0') strcat(searched, ", ");
            strcat(searched, ctx->import_dirs[i]);
        }
        if (ctx->opt.no_file_imports || imp->name[0] == '/' || searched[0] == '\0')
            diag_error(&ctx->diag, imp->loc, "cannot find import %c%s%c", open, imp->name, close);
        else
            diag_error(&ctx->diag, imp->loc, "cannot find import %c%s%c (searched: %s)", open,
                       imp->name, close, searched);
        return;
    }
    imp->resolved = found;
    if (first_time(ctx, real_key(ctx, found))) load_path(ctx, found, imp->loc);
}
