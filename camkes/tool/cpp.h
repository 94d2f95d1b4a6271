/* Running the C preprocessor over an assembly file:
 *     <cpp command> -undef -nostdinc -x c -I<dir>... <extra args>... <file>
 * Its output keeps line markers (no -P), so messages name the original files and lines.
 * cpp's own messages go to stderr (to /dev/null when the context is quiet). */
#pragma once
#include <stddef.h>

#include "camkes.h"

/* Returns the preprocessed text (malloc'd, caller frees) or NULL after reporting an error
 * at `where`. */
char *cpp_run(struct camkes_ctx *ctx, const char *path, struct loc where, size_t *len);
