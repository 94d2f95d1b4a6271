/* Diagnostics of the camkes tool.  One line per message:
 *     file:line:col: error: message
 *     file:line:col: warning: message
 *     file: error: message              (no position: line 0)
 *     camkes: error: message            (no file)
 * Columns count bytes from 1.  After max_errors errors a final
 *     camkes: error: too many errors (N), stopping
 * line is printed and diag_stopped() becomes true; callers then unwind quickly. */
#pragma once
#include <stdbool.h>
#include <stdio.h>

#define DIAG_DEFAULT_MAX_ERRORS 50

struct loc {
    const char *file; /* NULL: no file */
    unsigned line;    /* 0: no position */
    unsigned col;
};

struct diag {
    FILE *out;
    unsigned errors;
    unsigned warnings;
    unsigned max_errors;
    bool stopped;
};

void diag_init(struct diag *d, FILE *out, unsigned max_errors);
void diag_error(struct diag *d, struct loc at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void diag_warning(struct diag *d, struct loc at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static inline bool diag_stopped(const struct diag *d)
{
    return d->stopped;
}
/* Formats a location as "file:line:col" into buf (for "first defined at ..." texts). */
const char *diag_loc_str(struct loc at, char *buf, size_t size);
