/* Bounded fuzz test of the component runtime's decoding path (camkes/runtime/marshal.c and
 * rpc_wire.c) under AddressSanitizer/UndefinedBehaviorSanitizer: hostile request bytes
 * and hostile message registers are pushed through a realistic server — a method table
 * whose methods decode CantripOS-like requests (install a package, write a key, allocate
 * objects, log, start a timer) — exactly as camkes_rpc_serve does on the target.
 *
 * Properties checked on every input:
 *   - nothing reads or writes out of bounds (the sanitizers; every buffer is exactly sized);
 *   - every request gets a status: OK, or an error code, never anything else;
 *   - a request that decodes re-encodes to exactly the same bytes (the encoding is
 *     canonical, so a decoder cannot accept something a client could not have sent);
 *   - a reply payload is never longer than the reply buffer.
 * Fixed seed, 50 000 inputs in three families: random bytes, mutations of valid requests,
 * and random message registers through the rpc_basic unpacker. */
#include "host_test.h"

#include <camkes/logger.h>
#include <camkes/marshal.h>
#include <camkes/rpc_wire.h>
#include <string.h>

/* ---------------------------------------------------------------- the schema */

enum { M_INSTALL, M_WRITE_KEY, M_ALLOC, M_LOG, M_TIMER, M_COUNT };
#define MAX_ID 64
#define MAX_KEY 32
#define MAX_VALUE 100
#define MAX_PACKAGE 2048
#define MAX_OBJS 16

typedef struct {
    uint8_t type, size_bits;
    uint64_t paddr;
    bool device;
} obj_t;

typedef struct {
    int method;
    char id[MAX_ID + 1];
    char key[MAX_KEY + 1];
    uint8_t data[MAX_PACKAGE];
    size_t data_len;
    uint32_t u32;
    uint64_t u64;
    bool flag;
    uint32_t n_objs;
    obj_t objs[MAX_OBJS];
} request_t;

static seL4_Word decode_install(request_t *q, camkes_reader_t *r)
{
    camkes_get_str(r, q->id, sizeof(q->id));
    camkes_get_bytes(r, q->data, MAX_PACKAGE, &q->data_len);
    camkes_get_u32(r, &q->u32);
    return camkes_reader_done(r) ? 0 : CAMKES_RPC_ERR_DECODE;
}

static seL4_Word decode_write_key(request_t *q, camkes_reader_t *r)
{
    camkes_get_str(r, q->id, sizeof(q->id));
    camkes_get_str(r, q->key, sizeof(q->key));
    camkes_get_bytes(r, q->data, MAX_VALUE, &q->data_len);
    return camkes_reader_done(r) ? 0 : CAMKES_RPC_ERR_DECODE;
}

static seL4_Word decode_alloc(request_t *q, camkes_reader_t *r)
{
    if (!camkes_get_u32(r, &q->n_objs) || q->n_objs > MAX_OBJS) return CAMKES_RPC_ERR_DECODE;
    for (uint32_t i = 0; i < q->n_objs; i++) {
        camkes_get_u8(r, &q->objs[i].type);
        camkes_get_u8(r, &q->objs[i].size_bits);
        camkes_get_u64(r, &q->objs[i].paddr);
        camkes_get_bool(r, &q->objs[i].device);
    }
    return camkes_reader_done(r) ? 0 : CAMKES_RPC_ERR_DECODE;
}

static seL4_Word decode_timer(request_t *q, camkes_reader_t *r)
{
    camkes_get_u32(r, &q->u32);
    camkes_get_u64(r, &q->u64);
    camkes_get_bool(r, &q->flag);
    return camkes_reader_done(r) ? 0 : CAMKES_RPC_ERR_DECODE;
}

/* Encodes q (the client side); false if it does not fit. */
static bool encode(const request_t *q, camkes_writer_t *w)
{
    switch (q->method) {
    case M_INSTALL:
        camkes_put_str(w, q->id);
        camkes_put_bytes(w, q->data, q->data_len);
        camkes_put_u32(w, q->u32);
        break;
    case M_WRITE_KEY:
        camkes_put_str(w, q->id);
        camkes_put_str(w, q->key);
        camkes_put_bytes(w, q->data, q->data_len);
        break;
    case M_ALLOC:
        camkes_put_u32(w, q->n_objs);
        for (uint32_t i = 0; i < q->n_objs; i++) {
            camkes_put_u8(w, q->objs[i].type);
            camkes_put_u8(w, q->objs[i].size_bits);
            camkes_put_u64(w, q->objs[i].paddr);
            camkes_put_bool(w, q->objs[i].device);
        }
        break;
    case M_LOG:
        camkes_put_u8(w, (uint8_t)q->u32);
        camkes_put_str(w, q->id);
        break;
    case M_TIMER:
        camkes_put_u32(w, q->u32);
        camkes_put_u64(w, q->u64);
        camkes_put_bool(w, q->flag);
        break;
    }
    return camkes_writer_ok(w);
}

/* ---------------------------------------------------------------- the server */

static request_t decoded;         /* what the last successful method decoded */
static unsigned long n_ok, n_err; /* outcomes, to check the fuzzer reaches both */

/* Every method decodes into `decoded` and replies with a digest of it. */
static seL4_Word method(int m, camkes_reader_t *r, camkes_writer_t *w)
{
    memset(&decoded, 0, sizeof(decoded));
    decoded.method = m;
    seL4_Word st;
    switch (m) {
    case M_INSTALL:
        st = decode_install(&decoded, r);
        break;
    case M_WRITE_KEY:
        st = decode_write_key(&decoded, r);
        break;
    case M_ALLOC:
        st = decode_alloc(&decoded, r);
        break;
    case M_TIMER:
        st = decode_timer(&decoded, r);
        break;
    default: { /* M_LOG, through the logger helper */
        uint8_t level;
        st = camkes_logger_decode(r->buf, r->len, &level, decoded.id, sizeof(decoded.id));
        decoded.u32 = level;
        break;
    }
    }
    if (st != 0) return st;
    camkes_put_u32(w, (uint32_t)decoded.data_len);
    camkes_put_str(w, decoded.id);
    return 0;
}

static seL4_Word m_install(void *c, camkes_reader_t *r, camkes_writer_t *w)
{
    (void)c;
    return method(M_INSTALL, r, w);
}
static seL4_Word m_write_key(void *c, camkes_reader_t *r, camkes_writer_t *w)
{
    (void)c;
    return method(M_WRITE_KEY, r, w);
}
static seL4_Word m_alloc(void *c, camkes_reader_t *r, camkes_writer_t *w)
{
    (void)c;
    return method(M_ALLOC, r, w);
}
static seL4_Word m_log(void *c, camkes_reader_t *r, camkes_writer_t *w)
{
    (void)c;
    return method(M_LOG, r, w);
}
static seL4_Word m_timer(void *c, camkes_reader_t *r, camkes_writer_t *w)
{
    (void)c;
    return method(M_TIMER, r, w);
}

static const camkes_rpc_method_fn methods[M_COUNT] = {m_install, m_write_key, m_alloc, m_log,
                                                      m_timer};
static const camkes_rpc_table_t table = {methods, M_COUNT, NULL};

/* Serves one request the way camkes_rpc_serve does and checks the properties above. */
static void serve(seL4_Word m, const uint8_t *req, size_t len, size_t reply_cap)
{
    uint8_t *copy = exact_copy(req, len);
    uint8_t *reply = malloc(reply_cap == 0 ? 1 : reply_cap);
    assert_non_null(reply);
    size_t reply_len = 0;
    seL4_Word st =
        camkes_rpc_dispatch_table((void *)&table, m, copy, len, reply, reply_cap, &reply_len);
    assert_true(reply_len <= reply_cap);
    if (st == 0) {
        n_ok++;
        assert_true(m < M_COUNT);
        /* Canonical: the decoded request encodes back to the very same bytes. */
        uint8_t *again = malloc(len == 0 ? 1 : len);
        camkes_writer_t w;
        camkes_writer_init(&w, again, len);
        decoded.method = (int)m;
        assert_true(encode(&decoded, &w));
        assert_int_equal(camkes_writer_len(&w), len);
        assert_memory_equal(again, req, len);
        free(again);
    } else {
        n_err++;
        assert_true(st == CAMKES_RPC_ERR_DECODE || st == CAMKES_RPC_ERR_METHOD ||
                    st == CAMKES_RPC_ERR_REPLY_SIZE);
        if (st != CAMKES_RPC_ERR_REPLY_SIZE) assert_int_equal(reply_len, 0);
        if (st == CAMKES_RPC_ERR_METHOD) assert_true(m >= M_COUNT);
    }
    free(reply);
    free(copy);
}

/* ---------------------------------------------------------------- generators */

static uint64_t seed = 0x1234ABCD5678EF01ull;

static uint64_t rnd(uint64_t n) /* uniform-ish in [0, n) */
{
    return n == 0 ? 0 : test_rand(&seed) % n;
}

static void random_string(char *s, size_t max)
{
    size_t n = (size_t)rnd(max + 1);
    for (size_t i = 0; i < n; i++)
        s[i] = (char)(1 + rnd(255)); /* no NUL */
    s[n] = '\0';
}

static void random_request(request_t *q)
{
    memset(q, 0, sizeof(*q));
    q->method = (int)rnd(M_COUNT);
    random_string(q->id, q->method == M_LOG ? MAX_ID : MAX_ID);
    random_string(q->key, MAX_KEY);
    q->data_len = (size_t)rnd(q->method == M_INSTALL ? 300 : MAX_VALUE + 1);
    for (size_t i = 0; i < q->data_len; i++)
        q->data[i] = (uint8_t)rnd(256);
    q->u32 = q->method == M_LOG ? (uint32_t)(1 + rnd(5)) : (uint32_t)test_rand(&seed);
    q->u64 = test_rand(&seed);
    q->flag = rnd(2);
    q->n_objs = (uint32_t)rnd(MAX_OBJS + 1);
    for (uint32_t i = 0; i < q->n_objs; i++) {
        q->objs[i].type = (uint8_t)rnd(256);
        q->objs[i].size_bits = (uint8_t)rnd(64);
        q->objs[i].paddr = test_rand(&seed);
        q->objs[i].device = rnd(2);
    }
}

/* Length prefixes are where decoders go wrong: overwrite a 4-byte window with one. */
static uint32_t interesting_u32(void)
{
    static const uint32_t v[] = {0,          1,          2,          3,         4,    7,    8,
                                 31,         32,         33,         63,        64,   65,   100,
                                 101,        255,        256,        2047,      2048, 2049, 4096,
                                 0x7FFFFFFF, 0x80000000, 0xFFFFFFFE, 0xFFFFFFFF};
    return v[rnd(sizeof(v) / sizeof(v[0]))];
}

static size_t reply_cap_for(void)
{
    return rnd(4) == 0 ? (size_t)rnd(80) : 4096;
}

/* ---------------------------------------------------------------- tests */

static void fuzz_random_bytes(void **state)
{
    (void)state;
    uint8_t buf[512];
    for (int it = 0; it < 20000; it++) {
        size_t len = (size_t)(rnd(3) == 0 ? rnd(16) : rnd(sizeof(buf) + 1));
        for (size_t i = 0; i < len; i++)
            buf[i] = (uint8_t)(rnd(4) == 0 ? rnd(3) : rnd(256)); /* many 0/1/2 bytes */
        serve(rnd(10) == 0 ? rnd(1000) : rnd(M_COUNT), buf, len, reply_cap_for());
    }
}

static void fuzz_mutated_requests(void **state)
{
    (void)state;
    static uint8_t buf[4096];
    static request_t q;
    unsigned long ok_before = n_ok;
    for (int it = 0; it < 20000; it++) {
        random_request(&q);
        camkes_writer_t w;
        camkes_writer_init(&w, buf, sizeof(buf));
        assert_true(encode(&q, &w));
        size_t len = camkes_writer_len(&w);
        int mutations = (int)rnd(4); /* 0: the valid request itself */
        for (int k = 0; k < mutations && len > 0; k++) {
            switch (rnd(6)) {
            case 0:
                buf[rnd(len)] ^= (uint8_t)(1u << rnd(8));
                break;
            case 1:
                buf[rnd(len)] = (uint8_t)rnd(256);
                break;
            case 2:
                len = (size_t)rnd(len);
                break; /* truncate */
            case 3:    /* append garbage */
                for (int e = (int)(1 + rnd(8)); e > 0 && len < sizeof(buf); e--)
                    buf[len++] = (uint8_t)rnd(256);
                break;
            default:
                if (len >= 4) { /* plant a suspicious length */
                    size_t at = (size_t)rnd(len - 3);
                    uint32_t v = interesting_u32();
                    for (int b = 0; b < 4; b++)
                        buf[at + b] = (uint8_t)(v >> (8 * b));
                }
                break;
            }
        }
        serve((seL4_Word)q.method, buf, len, reply_cap_for());
    }
    assert_true(n_ok - ok_before > 1000); /* the valid ones and harmless mutations pass */
}

/* Random message registers through the rpc_basic unpacker, then the server. */
static void fuzz_message_registers(void **state)
{
    (void)state;
    seL4_Word mrs[seL4_MsgMaxLength];
    static uint8_t payload[CAMKES_RPC_BASIC_MAX_PAYLOAD];
    static request_t q;
    unsigned long unpacked = 0;
    for (int it = 0; it < 10000; it++) {
        seL4_Word n_mrs;
        if (rnd(2) == 0) { /* a real request, then maybe damage the framing */
            random_request(&q);
            if (q.method == M_INSTALL) q.data_len %= 200;
            camkes_writer_t w;
            camkes_writer_init(&w, payload, sizeof(payload));
            if (!encode(&q, &w)) continue;
            n_mrs = camkes_rpc_pack(mrs, payload, camkes_writer_len(&w));
            assert_true(n_mrs > 0);
            switch (rnd(4)) {
            case 0:
                mrs[0] = interesting_u32();
                break;
            case 1:
                n_mrs = rnd(seL4_MsgMaxLength + 2);
                break;
            case 2:
                if (n_mrs > 1) mrs[1 + rnd(n_mrs - 1)] ^= (seL4_Word)1 << rnd(64);
                break;
            default:
                break;
            }
        } else {
            n_mrs = rnd(seL4_MsgMaxLength + 2);
            for (size_t i = 0; i < seL4_MsgMaxLength; i++)
                mrs[i] = test_rand(&seed);
            mrs[0] = rnd(2) == 0 ? (seL4_Word)interesting_u32() : mrs[0] % 1024;
        }
        /* The kernel never delivers more than seL4_MsgMaxLength registers; the unpacker
         * must refuse a larger count anyway without reading past the array. */
        size_t len = 0;
        seL4_Word st =
            camkes_rpc_unpack(mrs, n_mrs, payload, sizeof(payload), &len, CAMKES_RPC_ERR_LENGTH);
        if (st != CAMKES_RPC_OK) {
            assert_int_equal(st, CAMKES_RPC_ERR_LENGTH);
            assert_int_equal(len, 0);
            continue;
        }
        unpacked++;
        assert_int_equal(n_mrs, 1 + camkes_rpc_payload_words(len));
        serve((seL4_Word)q.method, payload, len, reply_cap_for());
    }
    assert_true(unpacked > 1000);
}

static void fuzz_reached_both_outcomes(void **state)
{
    (void)state;
    assert_true(n_ok > 5000);
    assert_true(n_err > 5000);
}

int main(void)
{
    static const struct CMUnitTest tests[] = {
        cmocka_unit_test(fuzz_random_bytes),
        cmocka_unit_test(fuzz_mutated_requests),
        cmocka_unit_test(fuzz_message_registers),
        cmocka_unit_test(fuzz_reached_both_outcomes),
    };
    return run_host_tests(tests);
}
