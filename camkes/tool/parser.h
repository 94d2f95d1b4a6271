/* Parser for CAmkES assembly text: adds one file's definitions and assembly contents to
 * ctx->spec, resolving its imports as they are met (through camkes_import()).  Syntax
 * errors are reported and the parser resynchronises at the next ';' or '}'. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

struct camkes_ctx;

/* cpp_output: the text came out of the C preprocessor (columns are refined against the
 * original files named by its line markers). */
void parse_text(struct camkes_ctx *ctx, const char *name, const char *buf, size_t len,
                bool cpp_output);
