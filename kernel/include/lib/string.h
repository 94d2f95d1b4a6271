/* Freestanding memory and string helpers for the kernel.
 *
 * The kernel is built with -ffreestanding -nostdinc -fno-builtin, so there is no libc.  These
 * carry a "k" prefix so that host unit tests can link them next to the host libc without
 * symbol clashes.  Semantics match the ISO C functions of the same name minus the prefix. */
#pragma once
#include <stddef.h>

void *kmemset(void *dst, int c, size_t n);
void *kmemcpy(void *restrict dst, const void *restrict src, size_t n);
void *kmemmove(void *dst, const void *src, size_t n);
int kmemcmp(const void *a, const void *b, size_t n);
size_t kstrlen(const char *s);
/* Length of s, but never reads beyond s[max - 1]; returns max if no NUL is found there.  Use
 * this on untrusted data (device tree strings, user buffers). */
size_t kstrnlen(const char *s, size_t max);
int kstrcmp(const char *a, const char *b);
int kstrncmp(const char *a, const char *b, size_t n);
