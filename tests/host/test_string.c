/* Host tests for the kernel's freestanding string helpers (kernel/src/lib/string.c),
 * checked against the host libc where the semantics are meant to match. */
#include "host_test.h"

#include <lib/string.h>
#include <string.h>

static int sign(int x)
{
    return (x > 0) - (x < 0);
}

static void memset_and_memcpy(void **state)
{
    (void)state;
    uint8_t buf[32], src[32];
    for (int i = 0; i < 32; i++)
        src[i] = (uint8_t)(i * 7 + 1);
    assert_ptr_equal(kmemset(buf, 0xa5, sizeof(buf)), buf);
    for (int i = 0; i < 32; i++)
        assert_int_equal(buf[i], 0xa5);
    kmemset(buf + 3, 0x1ff, 5); /* converted to unsigned char, like memset */
    for (int i = 3; i < 8; i++)
        assert_int_equal(buf[i], 0xff);
    assert_int_equal(buf[2], 0xa5);
    assert_int_equal(buf[8], 0xa5);
    assert_ptr_equal(kmemcpy(buf, src, 17), buf);
    assert_memory_equal(buf, src, 17);
    assert_int_equal(buf[17], 0xa5);
    kmemcpy(buf, src, 0);
    kmemset(buf, 0, 0);
}

static void memmove_overlapping(void **state)
{
    (void)state;
    for (size_t shift = 0; shift < 8; shift++) {
        char a[32], b[32];
        for (int i = 0; i < 32; i++)
            a[i] = b[i] = (char)('a' + i % 26);
        kmemmove(a + shift, a, 20); /* forwards overlap */
        memmove(b + shift, b, 20);
        assert_memory_equal(a, b, 32);
        kmemmove(a, a + shift, 20); /* backwards overlap */
        memmove(b, b + shift, 20);
        assert_memory_equal(a, b, 32);
    }
}

static void comparisons_match_libc(void **state)
{
    (void)state;
    static const char *const s[] = {"", "a", "ab", "abc", "abd", "b", "\x80", "a\x80", "abc"};
    const size_t n = sizeof(s) / sizeof(s[0]);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(kstrlen(s[i]), strlen(s[i]));
        for (size_t j = 0; j < n; j++) {
            assert_int_equal(sign(kstrcmp(s[i], s[j])), sign(strcmp(s[i], s[j])));
            for (size_t k = 0; k < 5; k++)
                assert_int_equal(sign(kstrncmp(s[i], s[j], k)), sign(strncmp(s[i], s[j], k)));
            size_t len = strlen(s[i]) < strlen(s[j]) ? strlen(s[i]) : strlen(s[j]);
            assert_int_equal(sign(kmemcmp(s[i], s[j], len + 1)), sign(memcmp(s[i], s[j], len + 1)));
        }
    }
}

static void strnlen_never_reads_past_max(void **state)
{
    (void)state;
    uint8_t *p = exact_copy("abcd", 4); /* no NUL inside the allocation */
    assert_int_equal(kstrnlen((const char *)p, 4), 4);
    assert_int_equal(kstrnlen((const char *)p, 2), 2);
    assert_int_equal(kstrnlen((const char *)p, 0), 0);
    p[2] = '\0';
    assert_int_equal(kstrnlen((const char *)p, 4), 2);
    free(p);
}

int main(void)
{
    static const struct CMUnitTest tests[] = {
        cmocka_unit_test(memset_and_memcpy),
        cmocka_unit_test(memmove_overlapping),
        cmocka_unit_test(comparisons_match_libc),
        cmocka_unit_test(strnlen_never_reads_past_max),
    };
    return run_host_tests(tests);
}
