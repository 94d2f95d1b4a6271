/* Host tests for the component runtime's marshalling (camkes/runtime/marshal.c), its RPC
 * wire layer (rpc_wire.c: packing payloads into message registers, message validation, the
 * method-table dispatcher) and the logger request encoding (camkes/logger.h).  Buffers
 * come from exact_copy()/malloc of exactly the size under test, so AddressSanitizer flags
 * any access one byte past the end. */
#include "host_test.h"

#include <camkes/logger.h>
#include <camkes/marshal.h>
#include <camkes/rpc_wire.h>
#include <string.h>

/* ---------------------------------------------------------------- helpers */

/* A writer over a heap block of exactly cap bytes (1 byte allocated for cap 0). */
static uint8_t *writer_exact(camkes_writer_t *w, size_t cap)
{
    uint8_t *buf = malloc(cap == 0 ? 1 : cap);
    assert_non_null(buf);
    memset(buf, 0xAA, cap == 0 ? 1 : cap);
    camkes_writer_init(w, buf, cap);
    return buf;
}

static uint8_t *reader_exact(camkes_reader_t *r, const void *data, size_t len)
{
    uint8_t *buf = exact_copy(data, len);
    camkes_reader_init(r, buf, len);
    return buf;
}

/* ---------------------------------------------------------------- integers */

static void ints_round_trip(void **state)
{
    (void)state;
    camkes_writer_t w;
    uint8_t *buf = writer_exact(&w, 1 + 2 + 4 + 8 + 8 + 1 + 1 + 1 + 2 + 4 + 8 + 8);
    assert_true(camkes_put_u8(&w, 0xFE));
    assert_true(camkes_put_u16(&w, 0xBEEF));
    assert_true(camkes_put_u32(&w, 0xDEADBEEF));
    assert_true(camkes_put_u64(&w, 0x0123456789ABCDEFull));
    assert_true(camkes_put_word(&w, (seL4_Word)0xFEDCBA9876543210ull));
    assert_true(camkes_put_bool(&w, true));
    assert_true(camkes_put_bool(&w, false));
    assert_true(camkes_put_u8(&w, 0));
    assert_true(camkes_put_u16(&w, 0));
    assert_true(camkes_put_u32(&w, UINT32_MAX));
    assert_true(camkes_put_u64(&w, UINT64_MAX));
    assert_true(camkes_put_word(&w, 0));
    assert_true(camkes_writer_ok(&w));
    assert_int_equal(camkes_writer_len(&w), w.cap);

    camkes_reader_t r;
    camkes_reader_init(&r, buf, camkes_writer_len(&w));
    uint8_t a;
    uint16_t b;
    uint32_t c;
    uint64_t d;
    seL4_Word e;
    bool f;
    assert_true(camkes_get_u8(&r, &a));
    assert_int_equal(a, 0xFE);
    assert_true(camkes_get_u16(&r, &b));
    assert_int_equal(b, 0xBEEF);
    assert_true(camkes_get_u32(&r, &c));
    assert_int_equal(c, 0xDEADBEEF);
    assert_true(camkes_get_u64(&r, &d));
    assert_int_equal(d, 0x0123456789ABCDEFull);
    assert_true(camkes_get_word(&r, &e));
    assert_int_equal(e, (seL4_Word)0xFEDCBA9876543210ull);
    assert_true(camkes_get_bool(&r, &f));
    assert_true(f);
    assert_true(camkes_get_bool(&r, &f));
    assert_false(f);
    assert_true(camkes_get_u8(&r, &a));
    assert_int_equal(a, 0);
    assert_true(camkes_get_u16(&r, &b));
    assert_int_equal(b, 0);
    assert_true(camkes_get_u32(&r, &c));
    assert_int_equal(c, UINT32_MAX);
    assert_true(camkes_get_u64(&r, &d));
    assert_int_equal(d, UINT64_MAX);
    assert_true(camkes_get_word(&r, &e));
    assert_int_equal(e, 0);
    assert_int_equal(camkes_reader_remaining(&r), 0);
    assert_true(camkes_reader_done(&r));
    free(buf);
}

/* The exact bytes: little-endian, no padding, bool as one byte, word as 8 bytes. */
static void ints_byte_layout(void **state)
{
    (void)state;
    uint8_t buf[32];
    camkes_writer_t w;
    camkes_writer_init(&w, buf, sizeof(buf));
    camkes_put_u8(&w, 0x11);
    camkes_put_u16(&w, 0x2233);
    camkes_put_u32(&w, 0x44556677);
    camkes_put_bool(&w, true);
    camkes_put_u64(&w, 0x8899AABBCCDDEEFFull);
    camkes_put_word(&w, 0x0102);
    static const uint8_t want[] = {0x11, 0x33, 0x22, 0x77, 0x66, 0x55, 0x44, 0x01,
                                   0xFF, 0xEE, 0xDD, 0xCC, 0xBB, 0xAA, 0x99, 0x88,
                                   0x02, 0x01, 0,    0,    0,    0,    0,    0};
    assert_int_equal(camkes_writer_len(&w), sizeof(want));
    assert_memory_equal(buf, want, sizeof(want));
}

typedef bool (*put_fn)(camkes_writer_t *);
typedef bool (*get_fn)(camkes_reader_t *, uint64_t *);

static bool put_u8_(camkes_writer_t *w)
{
    return camkes_put_u8(w, 0x5A);
}
static bool put_u16_(camkes_writer_t *w)
{
    return camkes_put_u16(w, 0x5A5A);
}
static bool put_u32_(camkes_writer_t *w)
{
    return camkes_put_u32(w, 0x5A5A5A5A);
}
static bool put_u64_(camkes_writer_t *w)
{
    return camkes_put_u64(w, 0x5A5A5A5A5A5A5A5Aull);
}
static bool put_word_(camkes_writer_t *w)
{
    return camkes_put_word(w, 0x5A5A5A5A);
}
static bool put_bool_(camkes_writer_t *w)
{
    return camkes_put_bool(w, true);
}

static bool get_u8_(camkes_reader_t *r, uint64_t *v)
{
    uint8_t x = 0x77;
    bool ok = camkes_get_u8(r, &x);
    *v = x;
    return ok;
}
static bool get_u16_(camkes_reader_t *r, uint64_t *v)
{
    uint16_t x = 0x77;
    bool ok = camkes_get_u16(r, &x);
    *v = x;
    return ok;
}
static bool get_u32_(camkes_reader_t *r, uint64_t *v)
{
    uint32_t x = 0x77;
    bool ok = camkes_get_u32(r, &x);
    *v = x;
    return ok;
}
static bool get_u64_(camkes_reader_t *r, uint64_t *v)
{
    *v = 0x77;
    return camkes_get_u64(r, v);
}
static bool get_word_(camkes_reader_t *r, uint64_t *v)
{
    seL4_Word x = 0x77;
    bool ok = camkes_get_word(r, &x);
    *v = x;
    return ok;
}
static bool get_bool_(camkes_reader_t *r, uint64_t *v)
{
    bool x = true;
    bool ok = camkes_get_bool(r, &x);
    *v = x;
    return ok;
}

static const struct {
    const char *name;
    size_t size;
    put_fn put;
    get_fn get;
} int_types[] = {
    {"u8", 1, put_u8_, get_u8_},       {"u16", 2, put_u16_, get_u16_},
    {"u32", 4, put_u32_, get_u32_},    {"u64", 8, put_u64_, get_u64_},
    {"word", 8, put_word_, get_word_}, {"bool", 1, put_bool_, get_bool_},
};
#define N_INT_TYPES (sizeof(int_types) / sizeof(int_types[0]))

/* Every type, behind every prefix length: a put into a buffer one byte short fails, writes
 * nothing, and the writer stays failed; exactly enough room succeeds. */
static void put_overflow_every_boundary(void **state)
{
    (void)state;
    for (size_t t = 0; t < N_INT_TYPES; t++) {
        for (size_t prefix = 0; prefix < 4; prefix++) {
            for (size_t cap = prefix; cap <= prefix + int_types[t].size; cap++) {
                camkes_writer_t w;
                uint8_t *buf = writer_exact(&w, cap);
                for (size_t i = 0; i < prefix; i++)
                    assert_true(camkes_put_u8(&w, 1));
                bool fits = cap == prefix + int_types[t].size;
                assert_int_equal(int_types[t].put(&w), fits);
                assert_int_equal(camkes_writer_ok(&w), fits);
                if (!fits) {
                    assert_int_equal(camkes_writer_len(&w), prefix);
                    for (size_t i = prefix; i < cap; i++)
                        assert_int_equal(buf[i], 0xAA); /* untouched */
                    /* Sticky: even a zero-length put now fails. */
                    assert_false(camkes_put_fixed(&w, "", 0));
                    assert_false(camkes_put_bytes(&w, NULL, 0));
                    assert_int_equal(camkes_writer_len(&w), prefix);
                } else {
                    assert_int_equal(camkes_writer_len(&w), cap);
                    assert_false(camkes_put_u8(&w, 0)); /* now full */
                }
                free(buf);
            }
        }
    }
}

/* Every type at every truncation: the get fails, its output is zero, and the reader stays
 * failed even though bytes remain. */
static void get_underflow_every_boundary(void **state)
{
    (void)state;
    uint8_t data[16];
    memset(data, 1, sizeof(data));
    for (size_t t = 0; t < N_INT_TYPES; t++) {
        for (size_t len = 0; len <= int_types[t].size; len++) {
            camkes_reader_t r;
            uint8_t *buf = reader_exact(&r, data, len);
            uint64_t v = 0x99;
            bool fits = len == int_types[t].size;
            assert_int_equal(int_types[t].get(&r, &v), fits);
            if (!fits) {
                assert_int_equal(v, 0);
                assert_false(camkes_reader_ok(&r));
                assert_false(camkes_reader_done(&r));
                assert_int_equal(camkes_reader_remaining(&r), 0);
                uint8_t b = 0x55;
                assert_false(camkes_get_fixed(&r, &b, 0));
                assert_false(camkes_get_u8(&r, &b));
                assert_int_equal(b, 0);
            } else {
                assert_true(camkes_reader_done(&r));
                assert_false(camkes_get_u8(&r, &(uint8_t){0}));
            }
            free(buf);
        }
    }
}

/* A failed get in the middle poisons the rest of the decode. */
static void sticky_reader(void **state)
{
    (void)state;
    static const uint8_t data[] = {2, 0x10, 0x20, 0x30, 0x40};
    camkes_reader_t r;
    uint8_t *buf = reader_exact(&r, data, sizeof(data));
    bool b = true;
    assert_false(camkes_get_bool(&r, &b)); /* 2 is not a bool */
    assert_false(b);
    uint32_t v = 7;
    assert_false(camkes_get_u32(&r, &v)); /* 4 bytes remain, but the reader failed */
    assert_int_equal(v, 0);
    assert_int_equal(camkes_reader_remaining(&r), 0);
    assert_false(camkes_reader_done(&r));
    free(buf);
}

static void sticky_writer(void **state)
{
    (void)state;
    camkes_writer_t w;
    uint8_t *buf = writer_exact(&w, 4);
    assert_true(camkes_put_u16(&w, 1));
    assert_false(camkes_put_u32(&w, 2)); /* 2 bytes left */
    assert_false(camkes_put_u8(&w, 3));  /* would fit, but the writer failed */
    assert_false(camkes_put_u16(&w, 3));
    assert_int_equal(camkes_writer_len(&w), 2);
    assert_false(camkes_writer_ok(&w));
    assert_int_equal(buf[2], 0xAA);
    free(buf);
}

static void bool_values(void **state)
{
    (void)state;
    for (int v = 0; v < 256; v++) {
        uint8_t byte = (uint8_t)v;
        camkes_reader_t r;
        uint8_t *buf = reader_exact(&r, &byte, 1);
        bool b = v != 1;
        assert_int_equal(camkes_get_bool(&r, &b), v <= 1);
        assert_int_equal(b, v == 1);
        free(buf);
    }
}

static void null_buffers(void **state)
{
    (void)state;
    camkes_writer_t w;
    camkes_writer_init(&w, NULL, 100); /* no buffer: capacity 0 */
    assert_true(camkes_put_fixed(&w, NULL, 0));
    assert_false(camkes_put_u8(&w, 1));
    camkes_writer_init(&w, NULL, 0);
    assert_false(camkes_put_fixed(&w, NULL, 1)); /* NULL with a length */
    camkes_reader_t r;
    camkes_reader_init(&r, NULL, 100);
    assert_true(camkes_reader_done(&r));
    uint8_t b;
    assert_false(camkes_get_u8(&r, &b));
    camkes_reader_init(&r, "ab", 2);
    assert_false(camkes_get_fixed(&r, NULL, 1));
}

/* ---------------------------------------------------------------- fixed, bytes, strings */

static void fixed_fields(void **state)
{
    (void)state;
    camkes_writer_t w;
    uint8_t *buf = writer_exact(&w, 6);
    assert_true(camkes_put_fixed(&w, "abc", 3));
    assert_false(camkes_put_fixed(&w, "defg", 4));
    assert_int_equal(camkes_writer_len(&w), 3);
    free(buf);
    buf = writer_exact(&w, 6);
    assert_true(camkes_put_fixed(&w, "abcdef", 6));
    camkes_reader_t r;
    camkes_reader_init(&r, buf, 6);
    char out[7] = {0};
    assert_true(camkes_get_fixed(&r, out, 4));
    assert_string_equal(out, "abcd");
    memset(out, 'z', 6);
    assert_false(camkes_get_fixed(&r, out, 3)); /* 2 left */
    for (int i = 0; i < 3; i++)
        assert_int_equal(out[i], 0); /* cleared */
    free(buf);
}

static void bytes_round_trip(void **state)
{
    (void)state;
    uint8_t data[300];
    for (size_t i = 0; i < sizeof(data); i++)
        data[i] = (uint8_t)i;
    for (size_t n = 0; n <= sizeof(data); n += 37) {
        camkes_writer_t w;
        uint8_t *buf = writer_exact(&w, 4 + n);
        assert_true(camkes_put_bytes(&w, data, n));
        assert_int_equal(camkes_writer_len(&w), 4 + n);
        assert_int_equal(buf[0] | buf[1] << 8 | buf[2] << 16 | (uint32_t)buf[3] << 24, n);

        camkes_reader_t r;
        camkes_reader_init(&r, buf, 4 + n);
        uint8_t *out = malloc(n == 0 ? 1 : n);
        size_t len = 99;
        assert_true(camkes_get_bytes(&r, out, n, &len)); /* exactly fits */
        assert_int_equal(len, n);
        assert_memory_equal(out, data, n);
        assert_true(camkes_reader_done(&r));

        camkes_reader_init(&r, buf, 4 + n);
        const uint8_t *p = NULL;
        assert_true(camkes_get_bytes_ref(&r, &p, &len));
        assert_ptr_equal(p, buf + 4);
        assert_int_equal(len, n);
        assert_true(camkes_reader_done(&r));

        if (n > 0) { /* destination one byte short */
            camkes_reader_init(&r, buf, 4 + n);
            assert_false(camkes_get_bytes(&r, out, n - 1, &len));
            assert_int_equal(len, 0);
            assert_false(camkes_reader_ok(&r));
        }
        free(out);
        free(buf);
    }
}

/* A bytes field never writes its prefix unless the body fits too, at every capacity. */
static void bytes_put_overflow(void **state)
{
    (void)state;
    for (size_t cap = 0; cap < 4 + 10; cap++) {
        camkes_writer_t w;
        uint8_t *buf = writer_exact(&w, cap);
        assert_false(camkes_put_bytes(&w, "0123456789", 10));
        assert_int_equal(camkes_writer_len(&w), 0);
        for (size_t i = 0; i < cap; i++)
            assert_int_equal(buf[i], 0xAA);
        free(buf);
    }
    camkes_writer_t w;
    uint8_t *buf = writer_exact(&w, 14);
    assert_true(camkes_put_bytes(&w, "0123456789", 10));
    assert_false(camkes_put_bytes(&w, NULL, 1)); /* NULL with a length */
    free(buf);
}

/* Length prefixes that lie: larger than the rest of the buffer (by one, and huge). */
static void bytes_bad_length(void **state)
{
    (void)state;
    static const uint8_t short_by_one[] = {4, 0, 0, 0, 'a', 'b', 'c'};
    static const uint8_t huge[] = {0xFF, 0xFF, 0xFF, 0xFF, 'a'};
    static const uint8_t no_prefix[] = {1, 0, 0};
    const struct {
        const uint8_t *d;
        size_t n;
    } cases[] = {{short_by_one, sizeof(short_by_one)}, {huge, sizeof(huge)}, {no_prefix, 3}};
    for (size_t i = 0; i < 3; i++) {
        camkes_reader_t r;
        uint8_t *buf = reader_exact(&r, cases[i].d, cases[i].n);
        const uint8_t *p = (const uint8_t *)"x";
        size_t len = 5;
        assert_false(camkes_get_bytes_ref(&r, &p, &len));
        assert_null(p);
        assert_int_equal(len, 0);
        assert_false(camkes_reader_ok(&r));
        camkes_reader_init(&r, buf, cases[i].n);
        char s[16] = "unchanged";
        assert_false(camkes_get_str(&r, s, sizeof(s)));
        assert_string_equal(s, "");
        free(buf);
    }
}

static void strings(void **state)
{
    (void)state;
    camkes_writer_t w;
    uint8_t *buf = writer_exact(&w, 4 + 5 + 4 + 0 + 4 + 3);
    assert_true(camkes_put_str(&w, "hello"));
    assert_true(camkes_put_str(&w, ""));
    assert_true(camkes_put_strn(&w, "abcdef", 3));
    assert_int_equal(camkes_writer_len(&w), w.cap);
    assert_memory_equal(buf, "\x05\0\0\0hello\0\0\0\0\x03\0\0\0abc", w.cap);

    camkes_reader_t r;
    camkes_reader_init(&r, buf, w.cap);
    char s[6];
    assert_true(camkes_get_str(&r, s, 6)); /* 5 chars + NUL: exact */
    assert_string_equal(s, "hello");
    assert_true(camkes_get_str(&r, s, 1));
    assert_string_equal(s, "");
    const char *p;
    size_t n;
    assert_true(camkes_get_str_ref(&r, &p, &n));
    assert_int_equal(n, 3);
    assert_memory_equal(p, "abc", 3);
    assert_true(camkes_reader_done(&r));

    /* No room for the NUL. */
    camkes_reader_init(&r, buf, w.cap);
    assert_false(camkes_get_str(&r, s, 5));
    assert_string_equal(s, "");
    assert_false(camkes_get_str(&r, s, sizeof(s))); /* sticky */
    /* cap 0 and NULL destinations. */
    camkes_reader_init(&r, buf, w.cap);
    assert_false(camkes_get_str(&r, s, 0));
    camkes_reader_init(&r, buf, w.cap);
    assert_false(camkes_get_str(&r, NULL, 10));
    free(buf);
}

static void strings_with_nul(void **state)
{
    (void)state;
    uint8_t buf[32];
    camkes_writer_t w;
    camkes_writer_init(&w, buf, sizeof(buf));
    assert_false(camkes_put_strn(&w, "ab\0cd", 5));
    assert_int_equal(camkes_writer_len(&w), 0);
    camkes_writer_init(&w, buf, sizeof(buf));
    assert_false(camkes_put_str(&w, NULL));
    camkes_writer_init(&w, buf, sizeof(buf));
    assert_false(camkes_put_strn(&w, NULL, 1));
    camkes_writer_init(&w, buf, sizeof(buf));
    assert_true(camkes_put_strn(&w, NULL, 0));

    /* A NUL inside a received string: get_str and get_str_ref refuse it, bytes accept it. */
    static const uint8_t enc[] = {3, 0, 0, 0, 'a', 0, 'b'};
    camkes_reader_t r;
    uint8_t *copy = reader_exact(&r, enc, sizeof(enc));
    char s[8];
    assert_false(camkes_get_str(&r, s, sizeof(s)));
    camkes_reader_init(&r, copy, sizeof(enc));
    const char *p = "x";
    size_t n = 9;
    assert_false(camkes_get_str_ref(&r, &p, &n));
    assert_null(p);
    assert_int_equal(n, 0);
    camkes_reader_init(&r, copy, sizeof(enc));
    assert_true(camkes_get_bytes(&r, s, sizeof(s), &n));
    assert_int_equal(n, 3);
    free(copy);
}

static void trailing_bytes(void **state)
{
    (void)state;
    static const uint8_t data[] = {1, 2, 3};
    camkes_reader_t r;
    uint8_t *buf = reader_exact(&r, data, sizeof(data));
    uint16_t v;
    assert_true(camkes_get_u16(&r, &v));
    assert_true(camkes_reader_ok(&r));
    assert_false(camkes_reader_done(&r)); /* one byte left over */
    assert_int_equal(camkes_reader_remaining(&r), 1);
    free(buf);
}

/* ---------------------------------------------------------------- rpc wire */

static void wire_pack_unpack_all_lengths(void **state)
{
    (void)state;
    assert_int_equal(CAMKES_RPC_BASIC_MAX_PAYLOAD, 952);
    uint8_t data[CAMKES_RPC_BASIC_MAX_PAYLOAD];
    for (size_t i = 0; i < sizeof(data); i++)
        data[i] = (uint8_t)(i * 31 + 7);
    for (size_t n = 0; n <= CAMKES_RPC_BASIC_MAX_PAYLOAD; n++) {
        seL4_Word mrs[seL4_MsgMaxLength];
        memset(mrs, 0xCC, sizeof(mrs));
        uint8_t *payload = exact_copy(data, n);
        seL4_Word len = camkes_rpc_pack(mrs, payload, n);
        assert_int_equal(len, 1 + (n + 7) / 8);
        assert_int_equal(mrs[0], n);
        if (n > 0) { /* little-endian packing; the unused high bytes are zero */
            assert_int_equal(mrs[1] & 0xFF, data[0]);
            size_t last = (n - 1) / 8;
            assert_int_equal((mrs[1 + last] >> (8 * ((n - 1) % 8))) & 0xFF, data[n - 1]);
            if (n % 8 != 0) assert_int_equal(mrs[1 + last] >> (8 * (n % 8)), 0);
        }
        if (len < seL4_MsgMaxLength)
            assert_int_equal(mrs[len], 0xCCCCCCCCCCCCCCCCull); /* untouched */
        uint8_t *out = malloc(n == 0 ? 1 : n);
        size_t out_len = 12345;
        assert_int_equal(camkes_rpc_unpack(mrs, len, out, n, &out_len, 77), CAMKES_RPC_OK);
        assert_int_equal(out_len, n);
        assert_memory_equal(out, data, n);
        if (n > 0) { /* one byte too small a buffer */
            assert_int_equal(camkes_rpc_unpack(mrs, len, out, n - 1, &out_len, 77), 77);
            assert_int_equal(out_len, 0);
        }
        free(out);
        free(payload);
    }
    seL4_Word mrs[seL4_MsgMaxLength];
    assert_int_equal(camkes_rpc_pack(mrs, data, CAMKES_RPC_BASIC_MAX_PAYLOAD + 1), 0);
    assert_int_equal(camkes_rpc_pack(mrs, NULL, 1), 0);
    assert_int_equal(camkes_rpc_pack(mrs, NULL, 0), 1);
}

static void wire_unpack_rejects(void **state)
{
    (void)state;
    seL4_Word mrs[seL4_MsgMaxLength];
    memset(mrs, 0, sizeof(mrs));
    uint8_t out[CAMKES_RPC_BASIC_MAX_PAYLOAD];
    size_t n;
    /* no MR0 */
    assert_int_equal(camkes_rpc_unpack(mrs, 0, out, sizeof(out), &n, 1), CAMKES_RPC_ERR_LENGTH);
    /* more registers than exist */
    assert_int_equal(camkes_rpc_unpack(mrs, seL4_MsgMaxLength + 1, out, sizeof(out), &n, 1),
                     CAMKES_RPC_ERR_LENGTH);
    /* MR0 above the maximum, with every register sent */
    mrs[0] = CAMKES_RPC_BASIC_MAX_PAYLOAD + 1;
    assert_int_equal(camkes_rpc_unpack(mrs, seL4_MsgMaxLength, out, sizeof(out), &n, 1),
                     CAMKES_RPC_ERR_LENGTH);
    mrs[0] = ~(seL4_Word)0;
    assert_int_equal(camkes_rpc_unpack(mrs, seL4_MsgMaxLength, out, sizeof(out), &n, 1),
                     CAMKES_RPC_ERR_LENGTH);
    /* MR0 and the message length disagree, both ways, at every length */
    for (seL4_Word len = 1; len <= seL4_MsgMaxLength; len++) {
        for (seL4_Word bytes = 0; bytes <= CAMKES_RPC_BASIC_MAX_PAYLOAD; bytes++) {
            mrs[0] = bytes;
            seL4_Word want = len == 1 + (bytes + 7) / 8 ? CAMKES_RPC_OK : CAMKES_RPC_ERR_LENGTH;
            assert_int_equal(camkes_rpc_unpack(mrs, len, out, sizeof(out), &n, 1), want);
        }
    }
    /* rpc_shared: exactly one register, MR0 within the page */
    assert_int_equal(camkes_rpc_shared_check(1, 4096, 4096), CAMKES_RPC_OK);
    assert_int_equal(camkes_rpc_shared_check(1, 0, 4096), CAMKES_RPC_OK);
    assert_int_equal(camkes_rpc_shared_check(1, 4097, 4096), CAMKES_RPC_ERR_LENGTH);
    assert_int_equal(camkes_rpc_shared_check(0, 0, 4096), CAMKES_RPC_ERR_LENGTH);
    assert_int_equal(camkes_rpc_shared_check(2, 0, 4096), CAMKES_RPC_ERR_LENGTH);
}

static void wire_status_names(void **state)
{
    (void)state;
    assert_string_equal(camkes_rpc_status_name(0), "ok");
    for (seL4_Word s = CAMKES_RPC_ERR_METHOD; s <= CAMKES_RPC_ERR_LAST; s++)
        assert_non_null(camkes_rpc_status_name(s));
    assert_null(camkes_rpc_status_name(1)); /* a service's own code */
    assert_null(camkes_rpc_status_name(CAMKES_RPC_ERR_BASE));
    assert_null(camkes_rpc_status_name(CAMKES_RPC_ERR_LAST + 1));
}

/* ---------------------------------------------------------------- method tables */

static seL4_Word m_sum(void *ctx, camkes_reader_t *req, camkes_writer_t *reply)
{
    uint32_t a, b;
    camkes_get_u32(req, &a);
    camkes_get_u32(req, &b);
    if (!camkes_reader_done(req)) return CAMKES_RPC_ERR_DECODE;
    (*(int *)ctx)++;
    camkes_put_u32(reply, a + b);
    return 0;
}

static seL4_Word m_flood(void *ctx, camkes_reader_t *req, camkes_writer_t *reply)
{
    (void)ctx;
    (void)req;
    for (int i = 0; i < 100; i++)
        camkes_put_u64(reply, 1);
    return 0;
}

static seL4_Word m_fail(void *ctx, camkes_reader_t *req, camkes_writer_t *reply)
{
    (void)ctx;
    (void)req;
    camkes_put_u8(reply, 9);
    return 17; /* a service error, with a payload */
}

static void dispatch_table(void **state)
{
    (void)state;
    int calls = 0;
    const camkes_rpc_method_fn methods[] = {m_sum, NULL, m_flood, m_fail};
    camkes_rpc_table_t t = {methods, 4, &calls};
    uint8_t req[8] = {1, 0, 0, 0, 2, 0, 0, 0};
    uint8_t reply[16];
    size_t n = 99;
    assert_int_equal(camkes_rpc_dispatch_table(&t, 0, req, 8, reply, sizeof(reply), &n), 0);
    assert_int_equal(n, 4);
    assert_int_equal(reply[0], 3);
    assert_int_equal(calls, 1);
    assert_int_equal(camkes_rpc_dispatch_table(&t, 0, req, 7, reply, sizeof(reply), &n),
                     CAMKES_RPC_ERR_DECODE);
    assert_int_equal(n, 0);
    assert_int_equal(calls, 1); /* did not act on a bad request */
    assert_int_equal(camkes_rpc_dispatch_table(&t, 1, req, 8, reply, sizeof(reply), &n),
                     CAMKES_RPC_ERR_METHOD);
    assert_int_equal(camkes_rpc_dispatch_table(&t, 4, req, 8, reply, sizeof(reply), &n),
                     CAMKES_RPC_ERR_METHOD);
    assert_int_equal(camkes_rpc_dispatch_table(&t, ~(seL4_Word)0, req, 8, reply, sizeof(reply), &n),
                     CAMKES_RPC_ERR_METHOD);
    assert_int_equal(camkes_rpc_dispatch_table(&t, 2, req, 0, reply, sizeof(reply), &n),
                     CAMKES_RPC_ERR_REPLY_SIZE);
    assert_int_equal(n, 0);
    assert_int_equal(camkes_rpc_dispatch_table(&t, 3, NULL, 0, reply, sizeof(reply), &n), 17);
    assert_int_equal(n, 1);
}

/* ---------------------------------------------------------------- logger requests */

static void logger_encoding(void **state)
{
    (void)state;
    uint8_t buf[64];
    size_t n = camkes_logger_encode(buf, sizeof(buf), 3, "comp: hi", 8);
    assert_int_equal(n, 1 + 4 + 8);
    assert_memory_equal(buf, "\x03\x08\0\0\0comp: hi", n);
    uint8_t level = 0;
    char msg[16];
    assert_int_equal(camkes_logger_decode(buf, n, &level, msg, sizeof(msg)), CAMKES_RPC_OK);
    assert_int_equal(level, 3);
    assert_string_equal(msg, "comp: hi");
    /* too small for the message; trailing byte; bad level; truncated */
    assert_int_equal(camkes_logger_decode(buf, n, &level, msg, 8), CAMKES_RPC_ERR_DECODE);
    buf[n] = 0;
    assert_int_equal(camkes_logger_decode(buf, n + 1, &level, msg, sizeof(msg)),
                     CAMKES_RPC_ERR_DECODE);
    buf[0] = 6;
    assert_int_equal(camkes_logger_decode(buf, n, &level, msg, sizeof(msg)), CAMKES_RPC_ERR_DECODE);
    buf[0] = 0;
    assert_int_equal(camkes_logger_decode(buf, n, &level, msg, sizeof(msg)), CAMKES_RPC_ERR_DECODE);
    buf[0] = 1;
    assert_int_equal(camkes_logger_decode(buf, n - 1, &level, msg, sizeof(msg)),
                     CAMKES_RPC_ERR_DECODE);
    assert_int_equal(camkes_logger_encode(buf, 12, 3, "comp: hi", 8), 0); /* does not fit */
    assert_int_equal(camkes_logger_encode(buf, sizeof(buf), 3, "a\0b", 3), 0);
}

int main(void)
{
    static const struct CMUnitTest tests[] = {
        cmocka_unit_test(ints_round_trip),
        cmocka_unit_test(ints_byte_layout),
        cmocka_unit_test(put_overflow_every_boundary),
        cmocka_unit_test(get_underflow_every_boundary),
        cmocka_unit_test(sticky_reader),
        cmocka_unit_test(sticky_writer),
        cmocka_unit_test(bool_values),
        cmocka_unit_test(null_buffers),
        cmocka_unit_test(fixed_fields),
        cmocka_unit_test(bytes_round_trip),
        cmocka_unit_test(bytes_put_overflow),
        cmocka_unit_test(bytes_bad_length),
        cmocka_unit_test(strings),
        cmocka_unit_test(strings_with_nul),
        cmocka_unit_test(trailing_bytes),
        cmocka_unit_test(wire_pack_unpack_all_lengths),
        cmocka_unit_test(wire_unpack_rejects),
        cmocka_unit_test(wire_status_names),
        cmocka_unit_test(dispatch_table),
        cmocka_unit_test(logger_encoding),
    };
    return run_host_tests(tests);
}
