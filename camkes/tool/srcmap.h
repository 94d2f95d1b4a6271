/* Column refinement after the C preprocessor.
 *
 * cpp keeps the file and line of every token (line markers) and the column of the first
 * token on each line, but squeezes other runs of blanks and comments to one space.  Given a
 * token's spelling, srcmap_find() looks the token up in the original line at or after a
 * given column (the lexer passes the end of the previous token found on that line, or cpp's
 * column for a line's first token) and returns its true column.  Original files are read once and
 * cached in the arena; a file that cannot be read (e.g. "<built-in>") or a token not found (a macro
 * expansion) gives 0: keep cpp's. */
#pragma once
#include <stddef.h>

#include "arena.h"

struct srcmap;

struct srcmap *srcmap_new(struct arena *arena);
unsigned srcmap_find(struct srcmap *m, const char *file, unsigned line, const char *tok, size_t len,
                     unsigned min_col);
