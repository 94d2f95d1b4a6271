/* Writing the generated files.  Each file is produced in memory first and written only
 * when its contents differ from what is on disk, so that an unchanged file keeps its time
 * stamp and make rebuilds only what a change to the assembly affects. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "gen.h"

static bool make_dir(const char *path)
{
    char *p = strdup(path);
    if (p == NULL) return false;
    for (char *s = p + 1; *s != '\0'; s++) {
        if (*s != '/') continue;
        *s = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST) break;
        *s = '/';
    }
    bool ok = mkdir(p, 0777) == 0 || errno == EEXIST;
    if (!ok) fprintf(stderr, "camkes: cannot create directory %s: %s\n", p, strerror(errno));
    free(p);
    return ok;
}

static bool same_contents(const char *path, const char *text, size_t len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) return false;
    bool same = true;
    size_t i = 0;
    int ch;
    while (same && (ch = getc(f)) != EOF)
        same = i < len && (char)ch == text[i++];
    fclose(f);
    return same && i == len;
}

static bool put_file(const char *path, const char *text, size_t len)
{
    if (same_contents(path, text, len)) return true;
    FILE *f = fopen(path, "wb");
    bool ok = f != NULL && fwrite(text, 1, len, f) == len;
    if (f != NULL && fclose(f) != 0) ok = false;
    if (!ok) fprintf(stderr, "camkes: cannot write %s: %s\n", path, strerror(errno));
    return ok;
}

enum what { W_SPEC, W_ARCHIVE, W_MK, W_HEADER, W_GLUE };

static bool emit(const struct gen_system *sys, const struct gen_component *c, const char *outdir,
                 enum what w, const char *path)
{
    char *text = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&text, &len);
    if (m == NULL) return false;
    switch (w) {
    case W_SPEC:
        gen_write_spec(sys, m);
        break;
    case W_ARCHIVE:
        gen_write_archive(sys, m);
        break;
    case W_MK:
        gen_write_mk(sys, outdir, m);
        break;
    case W_HEADER:
        gen_write_header(sys, c, m);
        break;
    case W_GLUE:
        gen_write_glue(sys, c, m);
        break;
    }
    fclose(m);
    bool ok = put_file(path, text, len);
    free(text);
    return ok;
}

bool gen_write_all(const struct gen_system *sys, const char *outdir)
{
    struct arena *a = &sys->ctx->arena;
    if (!make_dir(outdir)) return false;
    bool ok = emit(sys, NULL, outdir, W_SPEC, arena_printf(a, "%s/spec.c", outdir));
    ok = emit(sys, NULL, outdir, W_ARCHIVE, arena_printf(a, "%s/archive.S", outdir)) && ok;
    for (unsigned i = 0; i < sys->components.n; i++) {
        const struct gen_component *c = &sys->components.items[i];
        const char *dir = arena_printf(a, "%s/%s", outdir, c->name);
        if (!make_dir(dir)) return false;
        ok = emit(sys, c, outdir, W_HEADER, arena_printf(a, "%s/camkes_gen.h", dir)) && ok;
        ok = emit(sys, c, outdir, W_GLUE, arena_printf(a, "%s/camkes_glue.c", dir)) && ok;
    }
    /* Last: make treats system.mk as the stamp of a complete generation. */
    return emit(sys, NULL, outdir, W_MK, arena_printf(a, "%s/system.mk", outdir)) && ok;
}
