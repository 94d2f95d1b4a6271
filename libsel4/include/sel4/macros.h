/* Compiler helpers shared by every libsel4 header.
 *
 * Kernel-safe: no inline asm, no libc, only compiler built-ins.  The kernel includes the
 * definition headers that use these, so nothing here may assume user space. */
#pragma once

#define SEL4_PACKED __attribute__((packed))
#define SEL4_DEPRECATED(x) __attribute__((deprecated(x)))
#define LIBSEL4_UNUSED __attribute__((unused))
#define LIBSEL4_WEAK __attribute__((weak))
#define LIBSEL4_NOINLINE __attribute__((noinline))
#define LIBSEL4_NORETURN __attribute__((noreturn))

/* seL4 lets a build choose between inline and out-of-line stubs.  Cantrip-C always inlines
 * them: the stubs are a handful of instructions around one ecall. */
#define LIBSEL4_INLINE static inline
#define LIBSEL4_INLINE_FUNC static inline

#define SEL4_COMPILE_ASSERT(name, expr) _Static_assert(expr, #name);
#define SEL4_OFFSETOF(type, member) __builtin_offsetof(type, member)
#define SEL4_SIZE_SANITY(index, entry, size)                                                       \
    SEL4_COMPILE_ASSERT(index##entry##size, index + entry == size)

/* Enums that appear in kernel-visible structures must be word sized, whatever the
 * compiler would otherwise pick; an enumerator with the largest signed long value forces
 * that.  Same trick (and name) as seL4 so that code using it keeps compiling. */
#define SEL4_FORCE_LONG_ENUM(type) _enum_pad_##type = ((1ULL << ((sizeof(long) * 8) - 1)) - 1)

#define LIBSEL4_BIT(n) (1ul << (n))
