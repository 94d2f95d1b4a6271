/* RPC code generation (gen_rpc.c): which IDL types the generator marshals, and how.
 *
 * A method's parameters may be
 *   scalars        integer types, char, bool                in, out, inout
 *   string         a NUL-terminated C string                 in, refin
 *   byte arrays    `uint8_t x[]` (also int8_t, char, ...)   in, refin
 * and its return type void or a scalar.  The C signature follows CAmkES:
 *   in T x -> T x;  out/inout T x -> T *x;  in string s -> const char *s;
 *   in T x[] -> size_t x_sz, const T *x.
 * On the wire (camkes/marshal.h) the request holds the in and inout parameters in order,
 * the reply the return value, then the out and inout parameters in order. */
#pragma once
#include "gen.h"

/* Reports every parameter or return type the generator cannot marshal; false if any. */
bool gen_rpc_check(struct gen_system *sys, const struct ast_procedure *proc);
