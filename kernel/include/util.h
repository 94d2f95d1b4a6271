/* Small helpers shared by all kernel code. */
#pragma once
#include <types.h>

#define BIT(n) ((word_t)1 << (n))
#define MASK(n) (BIT(n) - 1ul)
#define IS_ALIGNED(x, bits) (((x)&MASK(bits)) == 0)
#define ROUND_DOWN(x, bits) ((x) & ~MASK(bits))
#define ROUND_UP(x, bits) ROUND_DOWN((x) + MASK(bits), bits)
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define UNUSED __attribute__((unused))
#define NORETURN __attribute__((noreturn))
#define PACKED __attribute__((packed))
#define ALIGN(n) __attribute__((aligned(n)))
#define BOOT_CODE __attribute__((section(".boot.text")))
#define BOOT_DATA __attribute__((section(".boot.data")))
#define FORCE_INLINE inline __attribute__((always_inline))

/* Count leading / trailing zeros without libgcc (the kernel links nothing; the base ISA
 * has no such instruction). */
static inline unsigned clzl(word_t x)
{
    if (!x) return WORD_BITS;
    unsigned n = 0;
    for (unsigned s = WORD_BITS / 2; s; s /= 2) {
        if (!(x >> (WORD_BITS - s))) {
            n += s;
            x <<= s;
        }
    }
    return n;
}
static inline unsigned ctzl(word_t x)
{
    if (!x) return WORD_BITS;
    unsigned n = 0;
    for (unsigned s = WORD_BITS / 2; s; s /= 2) {
        if (!(x & (((word_t)1 << s) - 1))) {
            n += s;
            x >>= s;
        }
    }
    return n;
}
