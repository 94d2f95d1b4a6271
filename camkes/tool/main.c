/* camkes: the host-side CAmkES assembly tool.
 *
 *   camkes --check [--import-path DIR:DIR...] [-I DIR] [-D NAME[=VALUE]] [-U NAME]
 *                  [--cpp COMMAND | --no-cpp] [--max-errors N] FILE
 *   camkes --generate OUTDIR [same options] FILE
 *
 * Reads FILE through the C preprocessor, resolves its imports, checks it, and either prints
 * its instances and connections or generates the system spec and the components' glue into
 * OUTDIR (see docs/camkes.md).  Exit status: 0 success (warnings allowed), 1 errors in the
 * assembly (or files that could not be written), 2 bad command line. */
#include <stdlib.h>
#include <string.h>

#include "camkes.h"
#include "gen.h"

static void usage(FILE *out)
{
    fputs("usage: camkes --check [options] FILE\n"
          "       camkes --generate OUTDIR [options] FILE\n"
          "  --check               parse and check FILE; print its instances and connections\n"
          "  --generate OUTDIR     check FILE, then write spec.c, archive.S, system.mk and\n"
          "                        <instance>/camkes_gen.h, camkes_glue.c into OUTDIR\n"
          "  --import-path DIRS    colon-separated import directories (repeatable)\n"
          "  -I DIR                one more import directory\n"
          "  -D NAME[=VALUE]       define a preprocessor macro\n"
          "  -U NAME               undefine a preprocessor macro\n"
          "  --cpp COMMAND         preprocessor command (default: cpp)\n"
          "  --no-cpp              read the files without preprocessing them\n"
          "  --max-errors N        stop after N errors (default 50)\n"
          "  -h, --help            this text\n",
          out);
}

struct args {
    bool check, help;
    const char *file;
    const char *generate;  /* OUTDIR */
    char *import_path;     /* malloc'd */
    const char **cpp_args; /* each malloc'd */
    size_t n_cpp_args;
    struct camkes_options opt;
};

static void add_import_dirs(struct args *a, const char *dirs)
{
    size_t old = a->import_path != NULL ? strlen(a->import_path) : 0;
    char *p = realloc(a->import_path, old + strlen(dirs) + 2);
    if (p == NULL) abort();
    if (old == 0)
        strcpy(p, dirs);
    else
        strcat(strcat(p, ":"), dirs);
    a->import_path = p;
}

/* Option value: "--opt=VALUE", "-XVALUE" or the next argument. */
static const char *value(int argc, char **argv, int *i, const char *name)
{
    const char *arg = argv[*i];
    size_t n = strlen(name);
    if (arg[n] == '=' && name[1] == '-') return arg + n + 1;
    if (arg[n] != '\0' && name[1] != '-') return arg + n;
    if (arg[n] != '\0' || *i + 1 >= argc) return NULL;
    return argv[++*i];
}

static bool is_opt(const char *arg, const char *name)
{
    size_t n = strlen(name);
    if (strncmp(arg, name, n) != 0) return false;
    return arg[n] == '\0' || (name[1] == '-' ? arg[n] == '=' : true);
}

static int parse_args(int argc, char **argv, struct args *a)
{
    a->cpp_args = calloc((size_t)argc + 1, sizeof(char *));
    if (a->cpp_args == NULL) abort();
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i], *v = NULL;
        if (strcmp(arg, "--check") == 0) {
            a->check = true;
        } else if (is_opt(arg, "--generate")) {
            if ((v = value(argc, argv, &i, "--generate")) == NULL) goto missing;
            a->generate = v;
        } else if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            a->help = true;
        } else if (strcmp(arg, "--no-cpp") == 0) {
            a->opt.no_cpp = true;
        } else if (is_opt(arg, "--import-path")) {
            if ((v = value(argc, argv, &i, "--import-path")) == NULL) goto missing;
            add_import_dirs(a, v);
        } else if (is_opt(arg, "-I")) {
            if ((v = value(argc, argv, &i, "-I")) == NULL) goto missing;
            add_import_dirs(a, v);
        } else if (is_opt(arg, "-D") || is_opt(arg, "-U")) {
            char flag = arg[1];
            if ((v = value(argc, argv, &i, flag == 'D' ? "-D" : "-U")) == NULL) goto missing;
            char *s = malloc(strlen(v) + 3);
            if (s == NULL) abort();
            sprintf(s, "-%c%s", flag, v);
            a->cpp_args[a->n_cpp_args++] = s;
        } else if (is_opt(arg, "--cpp")) {
            if ((v = value(argc, argv, &i, "--cpp")) == NULL) goto missing;
            a->opt.cpp = v;
        } else if (is_opt(arg, "--max-errors")) {
            if ((v = value(argc, argv, &i, "--max-errors")) == NULL) goto missing;
            char *end;
            unsigned long n = strtoul(v, &end, 10);
            if (*v == '\0' || *end != '\0' || n == 0 || n > 100000) {
                fprintf(stderr, "camkes: bad --max-errors value '%s'\n", v);
                return 2;
            }
            a->opt.max_errors = (unsigned)n;
        } else if (arg[0] == '-' && arg[1] != '\0') {
            fprintf(stderr, "camkes: unknown option '%s'\n", arg);
            return 2;
        } else if (a->file == NULL) {
            a->file = arg;
        } else {
            fprintf(stderr, "camkes: more than one input file ('%s', '%s')\n", a->file, arg);
            return 2;
        }
        continue;
    missing:
        fprintf(stderr, "camkes: option '%s' needs a value\n", arg);
        return 2;
    }
    return 0;
}

int main(int argc, char **argv)
{
    struct args a = {0};
    int rc = parse_args(argc, argv, &a);
    if (rc == 0 && a.help) {
        usage(stdout);
    } else if (rc == 0 && ((!a.check && a.generate == NULL) || a.file == NULL)) {
        fputs(a.file != NULL ? "camkes: no mode given (use --check or --generate)\n"
                             : "camkes: no input file\n",
              stderr);
        usage(stderr);
        rc = 2;
    } else if (rc == 0 && a.check && a.generate != NULL) {
        fputs("camkes: --check and --generate cannot be combined\n", stderr);
        rc = 2;
    } else if (rc == 0) {
        a.opt.import_path = a.import_path;
        a.opt.cpp_args = a.cpp_args;
        a.opt.n_cpp_args = a.n_cpp_args;
        struct camkes_ctx *ctx = camkes_new(&a.opt);
        bool ok = camkes_load_file(ctx, a.file);
        ok = camkes_check(ctx) && ok;
        if (ok && a.check) camkes_print_check(&ctx->spec, stdout);
        if (ok && a.generate != NULL) {
            struct gen_system sys;
            ok = gen_build(ctx, &sys) && gen_write_all(&sys, a.generate);
        }
        camkes_free(ctx);
        rc = ok ? 0 : 1;
    }
    free(a.import_path);
    for (size_t i = 0; i < a.n_cpp_args; i++)
        free((char *)a.cpp_args[i]);
    free(a.cpp_args);
    return rc;
}
