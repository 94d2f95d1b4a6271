/* Integer expressions of assembly values: parsing (p_expr() in parse_internal.h) and
 * evaluation.
 *
 * Grammar, loosest binding first (as in C):   a | b    a ^ b    a & b    a << b  a >> b
 *     a + b  a - b    a * b  a / b  a % b    -a  +a  ~a    (a)    123  0x7f  017
 * Arithmetic is on int64_t.  Overflow of any operation, division or remainder by zero and
 * shift counts outside 0..63 are errors at the operator.  / and % truncate toward zero; >>
 * of a negative value rounds toward minus infinity; a << b is a * 2^b (overflow checked). */
#pragma once
#include <stdbool.h>
#include <stdint.h>

#include "ast.h"
#include "diag.h"

#define EXPR_MAX_NODES 1000 /* operators and literals in one expression */

/* Evaluates e; reports the first error and returns false if it has none. */
bool expr_eval(const struct expr *e, struct diag *d, int64_t *out);
