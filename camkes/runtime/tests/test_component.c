/* A hand-written CAmkES component for the runtime's own tests: the thread table and
 * logger symbols the generator will one day emit are written out below.  Three threads:
 *   0 control   runs the checks in run() and powers QEMU off with the result
 *   1 echo      rpc_basic server (the "echo" procedure, method table below)
 *   2 shared    rpc_shared server (same procedure, one client page)
 * The control thread is also the client of both interfaces (its CSpace holds the send
 * sides).  `make camkes-runtime-check` links it and checks the ELF; test_loader.c boots it
 * (`make camkes-runtime-boot`).  The last line is "camkes-runtime: N passed, M failed". */
#include <camkes/logger.h>
#include <camkes/rpc.h>
#include <camkes/runtime.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_component.h"

/* ---- what the glue would generate -------------------------------------------------- */

static void echo_init(void);
static void echo_loop(void);
static void shared_init(void);
static void shared_loop(void);

const camkes_thread_desc_t camkes_threads[] = {
    {.name = "control",
     .kind = CAMKES_THREAD_CONTROL,
     .ipc_buffer = (seL4_IPCBuffer *)TC_IPC_BUFFER(0),
     .tcb = TC_SLOT_TCB0,
     .ntfn = TC_SLOT_RUNTIME_NTFN},
    {.name = "echo",
     .kind = CAMKES_THREAD_INTERFACE,
     .ipc_buffer = (seL4_IPCBuffer *)TC_IPC_BUFFER(1),
     .tcb = TC_SLOT_TCB1,
     .init = echo_init,
     .loop = echo_loop,
     .ntfn = TC_SLOT_NTFN1},
    {.name = "shared",
     .kind = CAMKES_THREAD_INTERFACE,
     .ipc_buffer = (seL4_IPCBuffer *)TC_IPC_BUFFER(2),
     .tcb = TC_SLOT_TCB2,
     .init = shared_init,
     .loop = shared_loop,
     .ntfn = TC_SLOT_NTFN2},
};
const unsigned camkes_num_threads = sizeof(camkes_threads) / sizeof(camkes_threads[0]);
const char *const camkes_component_name = "test_component";

/* ---- start-up order ------------------------------------------------------------------ */

enum { EV_PRE_INIT, EV_ECHO_INIT, EV_SHARED_INIT, EV_POST_INIT, EV_RUN, EV_COUNT };
static volatile int events[8];
static volatile unsigned n_events;
static volatile int constructed;
static __thread int tls_value = 7; /* .tdata: every thread starts with its own 7 */
static __thread int tls_zero;      /* .tbss */
static volatile int thread_tls_ok[TC_NUM_THREADS];

__attribute__((constructor)) static void construct(void)
{
    constructed = 1;
}

static void event(int e)
{
    unsigned i = __atomic_fetch_add(&n_events, 1, __ATOMIC_SEQ_CST);
    if (i < sizeof(events) / sizeof(events[0])) events[i] = e;
}

/* TLS is private: write our index into the .tdata/.tbss copies and check nobody else's
 * write shows up. */
static void check_tls(void)
{
    unsigned me = camkes_thread_index();
    int ok =
        tls_value == 7 && tls_zero == 0 && seL4_GetIPCBuffer() == camkes_threads[me].ipc_buffer;
    tls_value = 100 + (int)me;
    tls_zero = 200 + (int)me;
    errno = (int)me + 1;
    thread_tls_ok[me] = ok ? 1 : -1;
}

void pre_init(void)
{
    check_tls();
    event(EV_PRE_INIT);
}

static void echo_init(void)
{
    check_tls();
    event(EV_ECHO_INIT);
}

static void shared_init(void)
{
    check_tls();
    event(EV_SHARED_INIT);
}

void post_init(void)
{
    event(EV_POST_INIT);
}

/* ---- the echo procedure -------------------------------------------------------------- */

static camkes_sem_t test_sem;
static char last_log[CAMKES_LOG_MAX + 1];
static uint8_t last_log_level;
static volatile unsigned served_thread;

enum {
    M_LOG = 0,   /* the logger procedure's log(level, message) */
    M_ECHO,      /* echo(bytes) -> bytes */
    M_ADD,       /* add(u32, u32) -> u32 */
    M_BADGE,     /* badge() -> word (the caller's badge) */
    M_POST,      /* post(u8 n): posts test_sem n times */
    M_BIG_REPLY, /* writes more than any reply can hold */
    M_MALLOC,    /* malloc/free churn on the server thread -> u32 checksum */
    M_COUNT
};

static seL4_Word m_log(void *ctx, camkes_reader_t *req, camkes_writer_t *reply)
{
    (void)ctx;
    (void)reply;
    const char *s;
    size_t n;
    uint8_t level;
    camkes_get_u8(req, &level);
    camkes_get_str_ref(req, &s, &n);
    if (!camkes_reader_done(req) || n > CAMKES_LOG_MAX) return CAMKES_RPC_ERR_DECODE;
    memcpy(last_log, s, n);
    last_log[n] = '\0';
    last_log_level = level;
    return 0;
}

static seL4_Word m_echo(void *ctx, camkes_reader_t *req, camkes_writer_t *reply)
{
    (void)ctx;
    const uint8_t *p;
    size_t n;
    camkes_get_bytes_ref(req, &p, &n);
    if (!camkes_reader_done(req)) return CAMKES_RPC_ERR_DECODE;
    served_thread = camkes_thread_index();
    camkes_put_bytes(reply, p, n);
    return 0;
}

static seL4_Word m_add(void *ctx, camkes_reader_t *req, camkes_writer_t *reply)
{
    (void)ctx;
    uint32_t a, b;
    camkes_get_u32(req, &a);
    camkes_get_u32(req, &b);
    if (!camkes_reader_done(req)) return CAMKES_RPC_ERR_DECODE;
    camkes_put_u32(reply, a + b);
    return 0;
}

static seL4_Word m_badge(void *ctx, camkes_reader_t *req, camkes_writer_t *reply)
{
    (void)ctx;
    if (!camkes_reader_done(req)) return CAMKES_RPC_ERR_DECODE;
    camkes_put_word(reply, camkes_rpc_badge());
    return 0;
}

static seL4_Word m_post(void *ctx, camkes_reader_t *req, camkes_writer_t *reply)
{
    (void)ctx;
    (void)reply;
    uint8_t n;
    camkes_get_u8(req, &n);
    if (!camkes_reader_done(req)) return CAMKES_RPC_ERR_DECODE;
    while (n-- > 0)
        camkes_sem_post(&test_sem);
    return 0;
}

static seL4_Word m_big_reply(void *ctx, camkes_reader_t *req, camkes_writer_t *reply)
{
    (void)ctx;
    (void)req;
    for (int i = 0; i < 5000; i++)
        camkes_put_u8(reply, (uint8_t)i);
    return 0;
}

static seL4_Word m_malloc(void *ctx, camkes_reader_t *req, camkes_writer_t *reply)
{
    (void)ctx;
    (void)req;
    uint32_t sum = 0;
    for (int i = 1; i <= 64; i++) {
        uint8_t *p = malloc((size_t)i * 8);
        if (p == NULL) return 1;
        memset(p, i, (size_t)i * 8);
        sum += p[i * 8 - 1];
        free(p);
    }
    camkes_put_u32(reply, sum);
    return 0;
}

static const camkes_rpc_method_fn echo_methods[M_COUNT] = {
    [M_LOG] = m_log,   [M_ECHO] = m_echo,           [M_ADD] = m_add,       [M_BADGE] = m_badge,
    [M_POST] = m_post, [M_BIG_REPLY] = m_big_reply, [M_MALLOC] = m_malloc,
};
static const camkes_rpc_table_t echo_table = {echo_methods, M_COUNT, NULL};

static void echo_loop(void)
{
    camkes_rpc_serve(TC_SLOT_EP_SERVER, camkes_rpc_dispatch_table, (void *)&echo_table);
}

static uint8_t shared_scratch[4096];
static const camkes_rpc_shared_client_t shared_clients[] = {
    {.badge = TC_CLIENT_BADGE, .page = (void *)TC_SHARED_PAGE},
};
static const camkes_rpc_shared_server_t shared_server = {
    .clients = shared_clients,
    .n_clients = 1,
    .page_size = 4096,
    .scratch = shared_scratch,
};

static void shared_loop(void)
{
    camkes_rpc_serve_shared(TC_SLOT_EP_SHARED_SERVER, &shared_server, camkes_rpc_dispatch_table,
                            (void *)&echo_table);
}

/* ---- checks -------------------------------------------------------------------------- */

static int passed, failed;

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (cond) {                                                                                \
            passed++;                                                                              \
        } else {                                                                                   \
            failed++;                                                                              \
            printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);                                 \
        }                                                                                          \
    } while (0)

#define CHECK_EQ(a, b)                                                                             \
    do {                                                                                           \
        unsigned long a_ = (unsigned long)(a), b_ = (unsigned long)(b);                            \
        if (a_ == b_) {                                                                            \
            passed++;                                                                              \
        } else {                                                                                   \
            failed++;                                                                              \
            printf("FAIL %s:%d: %s == %s (0x%lx != 0x%lx)\n", __FILE__, __LINE__, #a, #b, a_, b_); \
        }                                                                                          \
    } while (0)

static void check_startup(void)
{
    CHECK(constructed);
    CHECK_EQ(n_events, EV_COUNT);
    CHECK_EQ(events[0], EV_PRE_INIT);
    CHECK((events[1] == EV_ECHO_INIT && events[2] == EV_SHARED_INIT) ||
          (events[1] == EV_SHARED_INIT && events[2] == EV_ECHO_INIT));
    CHECK_EQ(events[3], EV_POST_INIT);
    CHECK_EQ(events[4], EV_RUN);
    for (unsigned i = 0; i < TC_NUM_THREADS; i++)
        CHECK_EQ(thread_tls_ok[i], 1);
    /* Our TLS kept our own writes; the other threads' did not leak in. */
    CHECK_EQ(tls_value, 100);
    CHECK_EQ(tls_zero, 200);
    CHECK_EQ(errno, 1);
    CHECK_EQ(camkes_thread_index(), 0);
}

static seL4_Word echo(seL4_CPtr ep, const void *data, size_t n, void *out, size_t cap,
                      size_t *out_len)
{
    uint8_t req[1024];
    camkes_writer_t w;
    camkes_writer_init(&w, req, sizeof(req));
    camkes_put_bytes(&w, data, n);
    if (!camkes_writer_ok(&w)) return CAMKES_RPC_ERR_TOO_BIG;
    uint8_t reply[1024];
    size_t reply_len;
    seL4_Word st =
        camkes_rpc_call(ep, M_ECHO, req, camkes_writer_len(&w), reply, sizeof(reply), &reply_len);
    if (st != 0) return st;
    camkes_reader_t r;
    camkes_reader_init(&r, reply, reply_len);
    camkes_get_bytes(&r, out, cap, out_len);
    return camkes_reader_done(&r) ? 0 : CAMKES_RPC_ERR_BAD_REPLY;
}

static void check_basic_rpc(void)
{
    static uint8_t data[1024], out[1024];
    for (unsigned i = 0; i < sizeof(data); i++)
        data[i] = (uint8_t)(i * 7 + 3);
    /* Payload = 4-byte prefix + n: around word boundaries and up to the maximum. */
    static const size_t sizes[] = {0,  1,  3,   4,   5,
                                   12, 13, 100, 500, CAMKES_RPC_BASIC_MAX_PAYLOAD - 4};
    for (unsigned i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        size_t n = 0;
        memset(out, 0xEE, sizeof(out));
        CHECK_EQ(echo(TC_SLOT_EP_CLIENT, data, sizes[i], out, sizeof(out), &n), 0);
        CHECK_EQ(n, sizes[i]);
        CHECK(memcmp(out, data, sizes[i]) == 0);
    }
    CHECK_EQ(served_thread, 1);
    /* One byte over the maximum is refused before sending. */
    size_t n = 0;
    CHECK_EQ(camkes_rpc_call(TC_SLOT_EP_CLIENT, M_ECHO, data, CAMKES_RPC_BASIC_MAX_PAYLOAD + 1, out,
                             sizeof(out), &n),
             CAMKES_RPC_ERR_TOO_BIG);

    uint8_t req[8], reply[8];
    camkes_writer_t w;
    camkes_writer_init(&w, req, sizeof(req));
    camkes_put_u32(&w, 40);
    camkes_put_u32(&w, 2);
    CHECK_EQ(camkes_rpc_call(TC_SLOT_EP_CLIENT, M_ADD, req, 8, reply, sizeof(reply), &n), 0);
    CHECK_EQ(n, 4);
    CHECK_EQ(reply[0], 42);

    CHECK_EQ(camkes_rpc_call(TC_SLOT_EP_CLIENT, M_BADGE, NULL, 0, reply, sizeof(reply), &n), 0);
    camkes_reader_t r;
    seL4_Word badge = 0;
    camkes_reader_init(&r, reply, n);
    camkes_get_word(&r, &badge);
    CHECK(camkes_reader_done(&r));
    CHECK_EQ(badge, TC_CLIENT_BADGE);

    /* Method-level errors. */
    CHECK_EQ(camkes_rpc_call(TC_SLOT_EP_CLIENT, 99, NULL, 0, NULL, 0, NULL), CAMKES_RPC_ERR_METHOD);
    CHECK_EQ(camkes_rpc_call(TC_SLOT_EP_CLIENT, M_ADD, req, 7, NULL, 0, NULL),
             CAMKES_RPC_ERR_DECODE);
    CHECK_EQ(camkes_rpc_call(TC_SLOT_EP_CLIENT, M_ADD, data, 9, NULL, 0, NULL),
             CAMKES_RPC_ERR_DECODE);
    CHECK_EQ(camkes_rpc_call(TC_SLOT_EP_CLIENT, M_BIG_REPLY, NULL, 0, out, sizeof(out), &n),
             CAMKES_RPC_ERR_REPLY_SIZE);
    CHECK_EQ(n, 0);
    /* A reply longer than the caller's buffer. */
    CHECK_EQ(camkes_rpc_call(TC_SLOT_EP_CLIENT, M_BADGE, NULL, 0, reply, 4, &n),
             CAMKES_RPC_ERR_TOO_BIG);

    /* Hostile messages, built by hand. */
    seL4_Word st;
    st = seL4_MessageInfo_get_label(
        seL4_Call(TC_SLOT_EP_CLIENT, seL4_MessageInfo_new(M_ECHO, 0, 0, 0)));
    CHECK_EQ(st, CAMKES_RPC_ERR_LENGTH); /* no MR0 */
    seL4_SetMR(0, 100);
    st = seL4_MessageInfo_get_label(
        seL4_Call(TC_SLOT_EP_CLIENT, seL4_MessageInfo_new(M_ECHO, 0, 0, 2)));
    CHECK_EQ(st, CAMKES_RPC_ERR_LENGTH); /* MR0 says 100 bytes, 1 word sent */
    seL4_SetMR(0, 100000);
    st = seL4_MessageInfo_get_label(
        seL4_Call(TC_SLOT_EP_CLIENT, seL4_MessageInfo_new(M_ECHO, 0, 0, 120)));
    CHECK_EQ(st, CAMKES_RPC_ERR_LENGTH); /* MR0 above the maximum */
    seL4_SetMR(0, 0);
    st = seL4_MessageInfo_get_label(
        seL4_Call(TC_SLOT_EP_CLIENT, seL4_MessageInfo_new(M_ECHO, 0, 0, 3)));
    CHECK_EQ(st, CAMKES_RPC_ERR_LENGTH); /* extra words */
    /* The server is still there. */
    CHECK_EQ(echo(TC_SLOT_EP_CLIENT, data, 10, out, sizeof(out), &n), 0);
    CHECK_EQ(n, 10);
}

static void check_shared_rpc(void)
{
    static uint8_t data[4096], out[4096];
    for (unsigned i = 0; i < sizeof(data); i++)
        data[i] = (uint8_t)(i * 13 + 1);
    void *page = (void *)TC_SHARED_PAGE;
    size_t n = 0;
    static const size_t sizes[] = {0, 1, 100, 2000, 4096 - 4};
    for (unsigned i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        static uint8_t req[4096];
        camkes_writer_t w;
        camkes_writer_init(&w, req, sizeof(req));
        camkes_put_bytes(&w, data, sizes[i]);
        memset(out, 0xEE, sizeof(out));
        CHECK_EQ(camkes_rpc_call_shared(TC_SLOT_EP_SHARED_CLIENT, page, 4096, M_ECHO, req,
                                        camkes_writer_len(&w), out, sizeof(out), &n),
                 0);
        CHECK_EQ(n, sizes[i] + 4);
        CHECK(memcmp(out + 4, data, sizes[i]) == 0);
    }
    CHECK_EQ(served_thread, 2);
    /* Marshalling straight into the page: no copies. */
    camkes_writer_t w;
    camkes_writer_init(&w, page, 4096);
    camkes_put_u32(&w, 1000);
    camkes_put_u32(&w, 234);
    CHECK_EQ(camkes_rpc_call_shared(TC_SLOT_EP_SHARED_CLIENT, page, 4096, M_ADD, page, 8, page,
                                    4096, &n),
             0);
    CHECK_EQ(n, 4);
    CHECK_EQ(((uint8_t *)page)[0] | ((uint8_t *)page)[1] << 8, 1234);
    CHECK_EQ(
        camkes_rpc_call_shared(TC_SLOT_EP_SHARED_CLIENT, page, 4096, M_BADGE, NULL, 0, out, 8, &n),
        0);
    CHECK_EQ(out[0], TC_CLIENT_BADGE);
    CHECK_EQ(camkes_rpc_call_shared(TC_SLOT_EP_SHARED_CLIENT, page, 4096, M_ECHO, data, 4097, out,
                                    sizeof(out), &n),
             CAMKES_RPC_ERR_TOO_BIG);
    CHECK_EQ(camkes_rpc_call_shared(TC_SLOT_EP_SHARED_CLIENT, page, 4096, M_BIG_REPLY, NULL, 0, out,
                                    sizeof(out), &n),
             CAMKES_RPC_ERR_REPLY_SIZE);
    CHECK_EQ(camkes_rpc_call_shared(TC_SLOT_EP_SHARED_CLIENT, page, 4096, 77, NULL, 0, out,
                                    sizeof(out), &n),
             CAMKES_RPC_ERR_METHOD);
    /* Hostile: a length beyond the page, no MR0, extra words. */
    seL4_Word st;
    seL4_SetMR(0, 4097);
    st = seL4_MessageInfo_get_label(
        seL4_Call(TC_SLOT_EP_SHARED_CLIENT, seL4_MessageInfo_new(M_ECHO, 0, 0, 1)));
    CHECK_EQ(st, CAMKES_RPC_ERR_LENGTH);
    st = seL4_MessageInfo_get_label(
        seL4_Call(TC_SLOT_EP_SHARED_CLIENT, seL4_MessageInfo_new(M_ECHO, 0, 0, 0)));
    CHECK_EQ(st, CAMKES_RPC_ERR_LENGTH);
    seL4_SetMR(0, 0);
    st = seL4_MessageInfo_get_label(
        seL4_Call(TC_SLOT_EP_SHARED_CLIENT, seL4_MessageInfo_new(M_ECHO, 0, 0, 2)));
    CHECK_EQ(st, CAMKES_RPC_ERR_LENGTH);
    /* An unknown badge: the basic interface's client cap has the same badge, so use the
     * shared server's own (unbadged) cap: badge 0 has no page. */
    seL4_SetMR(0, 0);
    st = seL4_MessageInfo_get_label(
        seL4_Call(TC_SLOT_EP_SHARED_SERVER, seL4_MessageInfo_new(M_ECHO, 0, 0, 1)));
    CHECK_EQ(st, CAMKES_RPC_ERR_BADGE);
}

static void check_sem(void)
{
    camkes_sem_init(&test_sem, TC_SLOT_SEM_NTFN, 0);
    CHECK(!camkes_sem_trywait(&test_sem));
    camkes_sem_post(&test_sem);
    CHECK(camkes_sem_trywait(&test_sem));
    CHECK(!camkes_sem_trywait(&test_sem));
    /* Posts from another thread: 3 units, then wait for each (the first waits block only
     * if the server has not run yet). */
    uint8_t req[1] = {3};
    CHECK_EQ(camkes_rpc_call(TC_SLOT_EP_CLIENT, M_POST, req, 1, NULL, 0, NULL), 0);
    camkes_sem_wait(&test_sem);
    camkes_sem_wait(&test_sem);
    camkes_sem_wait(&test_sem);
    CHECK(!camkes_sem_trywait(&test_sem));
    CHECK_EQ(test_sem.count, 0);

    camkes_mutex_t m;
    camkes_mutex_init(&m, TC_SLOT_SEM_NTFN);
    camkes_mutex_lock(&m);
    CHECK_EQ(m.count, 0);
    camkes_mutex_unlock(&m);
    CHECK_EQ(m.count, 1);
}

static void check_malloc(void)
{
    size_t n = 0;
    uint8_t reply[4];
    for (int round = 0; round < 4; round++) {
        void *p = malloc(1000);
        CHECK(p != NULL);
        CHECK_EQ(camkes_rpc_call(TC_SLOT_EP_CLIENT, M_MALLOC, NULL, 0, reply, sizeof(reply), &n),
                 0);
        free(p);
    }
    CHECK_EQ(n, 4);
}

static void check_log(void)
{
    /* No logger: printed directly (visible in the boot log). */
    camkes_log(CAMKES_LOG_INFO, "direct log %d", 1);
    /* Through the echo server's logger method (method 0). */
    camkes_logger_ep = TC_SLOT_EP_CLIENT;
    camkes_log(CAMKES_LOG_WARN, "hello %s %d", "logger", 42);
    CHECK(strcmp(last_log, "test_component: hello logger 42") == 0);
    CHECK_EQ(last_log_level, CAMKES_LOG_WARN);
    /* Over-long: cut to CAMKES_LOG_MAX bytes ending in "...". */
    static char big[2000];
    memset(big, 'x', sizeof(big) - 1);
    camkes_log(CAMKES_LOG_DEBUG, "%s", big);
    CHECK_EQ(strlen(last_log), CAMKES_LOG_MAX);
    CHECK(strcmp(last_log + CAMKES_LOG_MAX - 3, "...") == 0);
    /* Through the shared interface. */
    camkes_logger_page = (void *)TC_SHARED_PAGE;
    camkes_logger_page_size = 4096;
    camkes_logger_ep = TC_SLOT_EP_SHARED_CLIENT;
    camkes_log(CAMKES_LOG_ERROR, "shared %u", 7u);
    CHECK(strcmp(last_log, "test_component: shared 7") == 0);
    CHECK_EQ(last_log_level, CAMKES_LOG_ERROR);
    camkes_logger_ep = 0;
    camkes_logger_page = NULL;
}

int run(void)
{
    event(EV_RUN);
    check_startup();
    check_basic_rpc();
    check_shared_rpc();
    check_sem();
    check_malloc();
    check_log();
    printf("camkes-runtime: %d passed, %d failed\n", passed, failed);
    seL4_CantripDebugExit(failed == 0 ? 0 : 1);
}
