/* Column refinement after the C preprocessor: finds tokens in the original source lines. */
#include "srcmap.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#define SRCMAP_MAX_FILE (64u << 20)

struct srcfile {
    struct srcfile *next;
    const char *name;
    const char *text; /* NULL: unreadable */
    size_t len;
    size_t nlines;
    size_t *line_off; /* start offset of each line (line 1 at index 0) */
};

struct srcmap {
    struct arena *arena;
    struct srcfile *files;
};

struct srcmap *srcmap_new(struct arena *arena)
{
    struct srcmap *m = arena_alloc(arena, sizeof(*m));
    m->arena = arena;
    return m;
}

static void load(struct srcmap *m, struct srcfile *f)
{
    struct stat st;
    if (stat(f->name, &st) != 0 || !S_ISREG(st.st_mode)) return; /* no FIFOs, devices */
    FILE *fp = fopen(f->name, "rb");
    if (fp == NULL) return;
    char *text = NULL;
    long n = -1;
    if (fseek(fp, 0, SEEK_END) == 0) n = ftell(fp);
    if (n >= 0 && (unsigned long)n <= SRCMAP_MAX_FILE && fseek(fp, 0, SEEK_SET) == 0) {
        text = arena_alloc(m->arena, (size_t)n + 1);
        if (fread(text, 1, (size_t)n, fp) != (size_t)n) text = NULL;
    }
    fclose(fp);
    if (text == NULL) return;
    size_t lines = 1;
    for (long i = 0; i < n; i++)
        if (text[i] == '\n') lines++;
    f->line_off = arena_alloc(m->arena, lines * sizeof(size_t));
    size_t k = 0;
    f->line_off[k++] = 0;
    for (long i = 0; i < n; i++)
        if (text[i] == '\n') f->line_off[k++] = (size_t)i + 1;
    f->nlines = lines;
    f->text = text;
    f->len = (size_t)n;
}

static struct srcfile *get(struct srcmap *m, const char *name)
{
    for (struct srcfile *f = m->files; f != NULL; f = f->next)
        if (strcmp(f->name, name) == 0) return f;
    struct srcfile *f = arena_alloc(m->arena, sizeof(*f));
    f->name = arena_strdup(m->arena, name);
    f->next = m->files;
    m->files = f;
    load(m, f);
    return f;
}

unsigned srcmap_find(struct srcmap *m, const char *file, unsigned line, const char *tok, size_t len,
                     unsigned min_col)
{
    if (file == NULL || line == 0 || min_col == 0 || len == 0) return 0;
    struct srcfile *f = get(m, file);
    if (f->text == NULL || line > f->nlines) return 0;
    size_t start = f->line_off[line - 1];
    size_t stop = line < f->nlines ? f->line_off[line] - 1 : f->len;
    for (size_t at = start + (min_col - 1); at + len <= stop; at++)
        if (memcmp(f->text + at, tok, len) == 0) return (unsigned)(at - start + 1);
    return 0;
}
