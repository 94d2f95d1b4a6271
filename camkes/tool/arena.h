/* Allocation arena for the camkes tool: every AST node, string and file buffer of one run
 * is allocated here and released together by arena_free(), so error paths never leak.
 * Each allocation is its own malloc() block (AddressSanitizer keeps exact bounds). */
#pragma once
#include <stdarg.h>
#include <stddef.h>

struct arena_block;

struct arena {
    struct arena_block *head;
};

void arena_init(struct arena *a);
/* Zero-filled, suitably aligned for any type; aborts the program if memory runs out. */
void *arena_alloc(struct arena *a, size_t size);
/* Copies of strings (always NUL-terminated). */
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void arena_free(struct arena *a);
