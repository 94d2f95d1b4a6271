/* Freestanding memory and string helpers (see lib/string.h).
 *
 * Byte-at-a-time on purpose: the kernel only uses these on small objects at boot and in
 * object creation, and simple loops are obviously correct and alignment-agnostic.
 *
 * GCC's loop-distribution pass may recognise these loops as memset/memcpy idioms and replace
 * them with calls to the very libc functions that do not exist in the kernel (or recurse);
 * the attribute below turns that pass off for this file's functions. */
#include <lib/string.h>
#include <stdint.h>

#define NO_LIBCALL __attribute__((optimize("no-tree-loop-distribute-patterns")))

NO_LIBCALL void *kmemset(void *dst, int c, size_t n)
{
    unsigned char *d = dst;
    /* Word stores, unrolled, when aligned: the kernel clears whole objects at boot and on
     * retype, and instruction counts matter there. */
    if (((uintptr_t)d & (sizeof(uintptr_t) - 1)) == 0) {
        uintptr_t w = (unsigned char)c;
        w |= w << 8;
        w |= w << 16;
        if (sizeof(uintptr_t) > 4) w |= (w << 16) << 16;
        uintptr_t *p = (uintptr_t *)d;
        for (; n >= 8 * sizeof(uintptr_t); n -= 8 * sizeof(uintptr_t), p += 8) {
            p[0] = w;
            p[1] = w;
            p[2] = w;
            p[3] = w;
            p[4] = w;
            p[5] = w;
            p[6] = w;
            p[7] = w;
        }
        for (; n >= sizeof(uintptr_t); n -= sizeof(uintptr_t))
            *p++ = w;
        d = (unsigned char *)p;
    }
    for (size_t i = 0; i < n; i++)
        d[i] = (unsigned char)c;
    return dst;
}

NO_LIBCALL void *kmemcpy(void *restrict dst, const void *restrict src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    if ((((uintptr_t)d | (uintptr_t)s) & (sizeof(uintptr_t) - 1)) == 0) {
        uintptr_t *pd = (uintptr_t *)d;
        const uintptr_t *ps = (const uintptr_t *)s;
        for (; n >= 4 * sizeof(uintptr_t); n -= 4 * sizeof(uintptr_t), pd += 4, ps += 4) {
            uintptr_t a = ps[0], b = ps[1], c = ps[2], e = ps[3];
            pd[0] = a;
            pd[1] = b;
            pd[2] = c;
            pd[3] = e;
        }
        for (; n >= sizeof(uintptr_t); n -= sizeof(uintptr_t))
            *pd++ = *ps++;
        d = (unsigned char *)pd;
        s = (const unsigned char *)ps;
    }
    for (size_t i = 0; i < n; i++)
        d[i] = s[i];
    return dst;
}

NO_LIBCALL void *kmemmove(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    if (d == s || n == 0) return dst;
    /* Copy forwards when the destination is below the source, backwards otherwise, so that
     * overlapping bytes are read before they are overwritten. */
    if ((uintptr_t)d < (uintptr_t)s) {
        for (size_t i = 0; i < n; i++)
            d[i] = s[i];
    } else {
        for (size_t i = n; i > 0; i--)
            d[i - 1] = s[i - 1];
    }
    return dst;
}

int kmemcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *x = a, *y = b;
    for (size_t i = 0; i < n; i++) {
        if (x[i] != y[i]) return x[i] < y[i] ? -1 : 1;
    }
    return 0;
}

size_t kstrlen(const char *s)
{
    size_t n = 0;
    while (s[n] != '\0')
        n++;
    return n;
}

size_t kstrnlen(const char *s, size_t max)
{
    size_t n = 0;
    while (n < max && s[n] != '\0')
        n++;
    return n;
}

int kstrcmp(const char *a, const char *b)
{
    const unsigned char *x = (const unsigned char *)a, *y = (const unsigned char *)b;
    while (*x != '\0' && *x == *y) {
        x++;
        y++;
    }
    return *x == *y ? 0 : (*x < *y ? -1 : 1);
}

int kstrncmp(const char *a, const char *b, size_t n)
{
    const unsigned char *x = (const unsigned char *)a, *y = (const unsigned char *)b;
    for (size_t i = 0; i < n; i++) {
        if (x[i] != y[i]) return x[i] < y[i] ? -1 : 1;
        if (x[i] == '\0') return 0;
    }
    return 0;
}
