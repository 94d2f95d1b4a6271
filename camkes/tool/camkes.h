/* The camkes tool's library interface: load an assembly with its imports, check it, print
 * the check-mode summary.  main.c is a thin command line around this; the host tests call
 * it directly.
 *
 *     struct camkes_options opt = {.import_path = "a:b"};
 *     struct camkes_ctx *ctx = camkes_new(&opt);
 *     bool ok = camkes_load_file(ctx, "system.camkes") && camkes_check(ctx);
 *     if (ok) camkes_print_check(&ctx->spec, stdout);
 *     camkes_free(ctx);   // releases everything, including the AST
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "arena.h"
#include "ast.h"
#include "diag.h"

struct camkes_options {
    const char *import_path;     /* colon-separated directories; NULL or "": none */
    bool no_cpp;                 /* read files as they are, without the C preprocessor */
    const char *cpp;             /* preprocessor command, split at blanks; NULL: "cpp" */
    const char *const *cpp_args; /* extra preprocessor arguments, e.g. "-DDEBUG=1" */
    size_t n_cpp_args;
    bool no_file_imports; /* only <std_connector.camkes> resolves (fuzzing: no file access) */
    FILE *diag_out;       /* NULL: stderr */
    bool quiet;           /* print no diagnostics (they are still counted) */
    unsigned max_errors;  /* 0: DIAG_DEFAULT_MAX_ERRORS */
};

struct srcmap;
struct camkes_file;

struct camkes_ctx {
    struct camkes_options opt;
    struct arena arena;
    struct diag diag;
    struct ast_spec spec;
    const char **import_dirs; /* opt.import_path split at ':' */
    size_t n_import_dirs;
    struct camkes_file *files; /* every file read, so each is read once */
    struct srcmap *srcmap;     /* column refinement after cpp */
    unsigned depth;            /* nesting of imports being read */
    struct loc top;            /* the top-level file (for spec-wide messages) */
};

struct camkes_ctx *camkes_new(const struct camkes_options *opt);
void camkes_free(struct camkes_ctx *ctx);

/* Reads (through cpp unless opt.no_cpp) and parses a file and everything it imports.
 * Returns false if any error was reported so far. */
bool camkes_load_file(struct camkes_ctx *ctx, const char *path);
/* Parses text that is already preprocessed (or needs no preprocessing); name is used in
 * messages and to resolve its quoted imports. */
bool camkes_load_buffer(struct camkes_ctx *ctx, const char *name, const char *buf, size_t len);

/* Semantic checks over everything loaded (check.c).  Returns false if any error was
 * reported (by loading or checking).  Warnings do not make it fail. */
bool camkes_check(struct camkes_ctx *ctx);

/* Check-mode output (output.c): one line per instance, then one per connection:
 *     instance <name> <ComponentType>
 *     connection <name> <Connector> from <inst>.<iface>... to <inst>.<iface>...  */
void camkes_print_check(const struct ast_spec *spec, FILE *out);

/* Called by the parser for `import`: finds, reads and parses the file unless it was read
 * already (loader.c). */
void camkes_import(struct camkes_ctx *ctx, struct ast_import *imp);

/* The text of the built-in <std_connector.camkes> (std_connector.c). */
extern const char camkes_std_connector_name[];
extern const char camkes_std_connector_text[];
