/* Shared boilerplate for the cmocka host unit tests in tests/host/test_*.c.
 *
 * Every test file includes this instead of <cmocka.h> directly and ends with
 *     int main(void) { return run_host_tests(tests); }
 * where tests is a `static const struct CMUnitTest tests[]` array.  run-host-tests.sh runs
 * the binary with CMOCKA_MESSAGE_OUTPUT=TAP and turns the output into PASS/FAIL lines. */
#pragma once
/* cmocka.h needs these declared before it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>

#ifndef HOST_TEST_DATA_DIR
#error "HOST_TEST_DATA_DIR must be defined (tests/host/host.mk does this)"
#endif

/* Reads tests/host/data/<name> into a malloc'd buffer of exactly the file's size, so that
 * AddressSanitizer flags any read past its end.  Fails the current test if unreadable. */
static inline uint8_t *load_test_data(const char *name, size_t *size)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/%s", HOST_TEST_DATA_DIR, name);
    FILE *f = fopen(path, "rb");
    if (f == NULL) fail_msg("cannot open %s", path);
    if (fseek(f, 0, SEEK_END) != 0) fail_msg("cannot seek %s", path);
    long len = ftell(f);
    if (len <= 0) fail_msg("empty or unreadable %s", path);
    rewind(f);
    uint8_t *buf = malloc((size_t)len);
    if (buf == NULL) fail_msg("out of memory");
    if (fread(buf, 1, (size_t)len, f) != (size_t)len) fail_msg("short read on %s", path);
    fclose(f);
    *size = (size_t)len;
    return buf;
}

/* Copies data into a fresh heap block of exactly n bytes, again so that AddressSanitizer
 * sees the true end of the buffer the code under test was given.  (n == 0 allocates one
 * byte so the pointer is valid; the code under test is told the size is 0.) */
static inline uint8_t *exact_copy(const void *data, size_t n)
{
    uint8_t *p = malloc(n == 0 ? 1 : n);
    if (p == NULL) fail_msg("out of memory");
    for (size_t i = 0; i < n; i++)
        p[i] = ((const uint8_t *)data)[i];
    return p;
}

/* Deterministic PRNG for the fuzz-style tests (xorshift64*): same sequence on every run. */
static inline uint64_t test_rand(uint64_t *state)
{
    uint64_t x = *state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *state = x;
    return x * 0x2545F4914F6CDD1DULL;
}

/* Runs a test array.  stdout is made unbuffered so that TAP lines (stdout) and anything
 * written to stderr (cmocka's fail_msg text, sanitizer reports) stay in order when the
 * runner captures both into one stream. */
#define run_host_tests(tests)                                                                      \
    (setvbuf(stdout, NULL, _IONBF, 0), cmocka_run_group_tests(tests, NULL, NULL))
