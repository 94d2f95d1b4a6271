/* Diagnostics: positioned error and warning lines with an error cap. */
#include "diag.h"

#include <stdarg.h>

void diag_init(struct diag *d, FILE *out, unsigned max_errors)
{
    d->out = out;
    d->errors = 0;
    d->warnings = 0;
    d->max_errors = max_errors == 0 ? DIAG_DEFAULT_MAX_ERRORS : max_errors;
    d->stopped = false;
}

const char *diag_loc_str(struct loc at, char *buf, size_t size)
{
    const char *file = at.file != NULL ? at.file : "camkes";
    if (at.file != NULL && at.line != 0)
        snprintf(buf, size, "%s:%u:%u", file, at.line, at.col);
    else
        snprintf(buf, size, "%s", file);
    return buf;
}

static void emit(struct diag *d, struct loc at, const char *kind, const char *fmt, va_list ap)
{
    char where[512];
    if (d->out == NULL) return;
    fprintf(d->out, "%s: %s: ", diag_loc_str(at, where, sizeof(where)), kind);
    vfprintf(d->out, fmt, ap);
    fputc('\n', d->out);
}

void diag_error(struct diag *d, struct loc at, const char *fmt, ...)
{
    if (d->stopped) return;
    va_list ap;
    va_start(ap, fmt);
    emit(d, at, "error", fmt, ap);
    va_end(ap);
    if (++d->errors >= d->max_errors) {
        d->stopped = true;
        if (d->out != NULL)
            fprintf(d->out, "camkes: error: too many errors (%u), stopping\n", d->errors);
    }
}

void diag_warning(struct diag *d, struct loc at, const char *fmt, ...)
{
    if (d->stopped) return;
    va_list ap;
    va_start(ap, fmt);
    emit(d, at, "warning", fmt, ap);
    va_end(ap);
    d->warnings++;
}
