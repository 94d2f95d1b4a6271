/* Endpoint IPC between threads of the root's address space. */
#include "framework.h"

/* What a client helper saw in the reply to its Call. */
static struct {
    seL4_Word label, length, mr[4];
} call_result;

static void client_call(seL4_Word ep, seL4_Word unused1, seL4_Word unused2)
{
    (void)unused1;
    (void)unused2;
    seL4_SetMR(0, 41);
    seL4_SetMR(1, 0x1111);
    seL4_MessageInfo_t r = seL4_Call(ep, seL4_MessageInfo_new(0x33, 0, 0, 2));
    call_result.label = seL4_MessageInfo_get_label(r);
    call_result.length = seL4_MessageInfo_get_length(r);
    for (int i = 0; i < 4; i++)
        call_result.mr[i] = seL4_GetMR(i);
}

/* A helper Calls the root; the root's Reply reaches it with label and words intact. */
KTEST(ipc_call_reply)
{
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    struct helper *h = TRY(helper_new(HELPER_DEFAULT_PRIO, 0));
    call_result.label = call_result.length = ~0ul;
    helper_start(h, client_call, ep, 0, 0);
    CHECK(!test_has_failed());

    seL4_MessageInfo_t info;
    seL4_Word badge = 1;
    CHECK(guarded_recv(ep, &info, &badge));
    CHECK_EQ(badge, 0);
    CHECK_EQ(seL4_MessageInfo_get_label(info), 0x33);
    CHECK_EQ(seL4_MessageInfo_get_length(info), 2);
    CHECK_EQ(seL4_GetMR(0), 41);
    CHECK_EQ(seL4_GetMR(1), 0x1111);
    seL4_SetMR(0, 42);
    seL4_SetMR(1, 0x2222);
    seL4_SetMR(2, 0x3333);
    seL4_Reply(seL4_MessageInfo_new(0x44, 0, 0, 3));
    CHECK(helper_join(h));
    CHECK_EQ(call_result.label, 0x44);
    CHECK_EQ(call_result.length, 3);
    CHECK_EQ(call_result.mr[0], 42);
    CHECK_EQ(call_result.mr[1], 0x2222);
    CHECK_EQ(call_result.mr[2], 0x3333);
}

static void server_once(seL4_Word ep, seL4_Word unused1, seL4_Word unused2)
{
    (void)unused1;
    (void)unused2;
    seL4_Word badge;
    seL4_MessageInfo_t in = seL4_Recv(ep, &badge);
    seL4_Word x = seL4_GetMR(0);
    seL4_SetMR(0, x * 3);
    seL4_SetMR(1, seL4_MessageInfo_get_label(in));
    seL4_SetMR(2, badge);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 3));
}

/* The root Calls a helper server through a badged cap: the root blocks until the reply,
 * the server sees the badge, and the reply carries the server's words. */
KTEST(ipc_call_from_root)
{
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    seL4_CPtr badged = TRY(mint_badged(ep, 0x99));
    struct helper *h = TRY(helper_new(HELPER_DEFAULT_PRIO, 0));
    helper_start(h, server_once, ep, 0, 0);
    CHECK(!test_has_failed());
    seL4_SetMR(0, 14);
    seL4_MessageInfo_t r = seL4_Call(badged, seL4_MessageInfo_new(0x55, 0, 0, 1));
    CHECK_EQ(seL4_MessageInfo_get_label(r), 0);
    CHECK_EQ(seL4_MessageInfo_get_length(r), 3);
    CHECK_EQ(seL4_GetMR(0), 42);
    CHECK_EQ(seL4_GetMR(1), 0x55);
    CHECK_EQ(seL4_GetMR(2), 0x99);
    CHECK(helper_join(h));
}

static void sender_n(seL4_Word ep, seL4_Word n, seL4_Word label)
{
    for (seL4_Word i = 0; i < n; i++)
        seL4_SetMR(i, 0x1000 + i * 0x11);
    seL4_Send(ep, seL4_MessageInfo_new(label, 0, 0, n));
}

/* Send n words from a helper; the root receives them all with the label. */
static void check_send_recv(seL4_Word n, seL4_Word label)
{
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    struct helper *h = TRY(helper_new(HELPER_DEFAULT_PRIO, 0));
    /* Clear the root's buffer so stale words cannot look like a delivered message. */
    for (seL4_Word i = 0; i < seL4_MsgMaxLength; i++)
        seL4_SetMR(i, 0);
    helper_start(h, sender_n, ep, n, label);
    CHECK(!test_has_failed());
    seL4_MessageInfo_t info;
    CHECK(guarded_recv(ep, &info, NULL));
    CHECK_EQ(seL4_MessageInfo_get_label(info), label);
    CHECK_EQ(seL4_MessageInfo_get_length(info), n);
    CHECK_EQ(seL4_MessageInfo_get_extraCaps(info), 0);
    for (seL4_Word i = 0; i < n; i++)
        CHECK_MSG(seL4_GetMR(i) == 0x1000 + i * 0x11, "MR%lu = 0x%lx", (unsigned long)i,
                  (unsigned long)seL4_GetMR(i));
    CHECK(helper_join(h));
}

/* Four words travel in registers only. */
KTEST(ipc_send_recv_4_words)
{
    check_send_recv(4, 0x101);
}

/* Words 4..19 are copied between the IPC buffers. */
KTEST(ipc_send_recv_20_words)
{
    check_send_recv(20, 0x102);
}

/* The largest message, 120 words. */
KTEST(ipc_send_recv_max_words)
{
    check_send_recv(seL4_MsgMaxLength, 0x103);
}

/* The full 52-bit label survives, with an empty message. */
KTEST(ipc_label_preserved)
{
    check_send_recv(0, (1ul << 51) | 0xabcde);
}

/* NBSend with no receiver waiting returns at once and the message is lost. */
KTEST(ipc_nbsend_no_receiver)
{
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    seL4_CPtr badged = TRY(mint_badged(ep, 0x77));
    seL4_SetMR(0, 1);
    seL4_NBSend(badged, seL4_MessageInfo_new(9, 0, 0, 1));
    seL4_Word badge = 0x5555;
    seL4_NBRecv(ep, &badge);
    CHECK_EQ(badge, 0);
}

static void blocking_sender(seL4_Word ep, seL4_Word unused1, seL4_Word unused2)
{
    (void)unused1;
    (void)unused2;
    seL4_SetMR(0, 0xfeed);
    seL4_Send(ep, seL4_MessageInfo_new(0x21, 0, 0, 1));
}

/* NBRecv returns badge 0 when nothing is queued, and takes a queued sender's message. */
KTEST(ipc_nbrecv)
{
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    seL4_CPtr badged = TRY(mint_badged(ep, 0x4242));
    seL4_Word badge = 0x5555;
    seL4_NBRecv(ep, &badge);
    CHECK_EQ(badge, 0);

    struct helper *h = TRY(helper_new(HELPER_DEFAULT_PRIO, 0));
    helper_start(h, blocking_sender, badged, 0, 0);
    CHECK(!test_has_failed());
    /* Once everything has settled the helper is queued on the endpoint. */
    CHECK(settle());
    CHECK(!h->finished);
    seL4_MessageInfo_t info = seL4_NBRecv(ep, &badge);
    CHECK_EQ(badge, 0x4242);
    CHECK_EQ(seL4_MessageInfo_get_label(info), 0x21);
    CHECK_EQ(seL4_GetMR(0), 0xfeed);
    CHECK(helper_join(h));
}

#define ROUND_TRIPS 200

static volatile seL4_Word client_good;

static void client_loop(seL4_Word ep, seL4_Word unused1, seL4_Word unused2)
{
    (void)unused1;
    (void)unused2;
    client_good = 0;
    for (seL4_Word i = 0; i < ROUND_TRIPS; i++) {
        seL4_SetMR(0, i);
        seL4_MessageInfo_t r = seL4_Call(ep, seL4_MessageInfo_new(1, 0, 0, 1));
        if (seL4_MessageInfo_get_length(r) == 1 && seL4_GetMR(0) == i * 7 + 3) client_good++;
    }
}

/* A server loop built on ReplyRecv serves many Calls in order. */
KTEST(ipc_replyrecv_loop)
{
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    struct helper *h = TRY(helper_new(HELPER_DEFAULT_PRIO, 0));
    helper_start(h, client_loop, ep, 0, 0);
    CHECK(!test_has_failed());
    seL4_MessageInfo_t info;
    CHECK(guarded_recv(ep, &info, NULL));
    for (seL4_Word i = 0; i < ROUND_TRIPS; i++) {
        CHECK_EQ(seL4_MessageInfo_get_length(info), 1);
        CHECK_EQ(seL4_GetMR(0), i);
        seL4_SetMR(0, i * 7 + 3);
        seL4_MessageInfo_t reply = seL4_MessageInfo_new(0, 0, 0, 1);
        if (i + 1 == ROUND_TRIPS)
            seL4_Reply(reply);
        else
            CHECK(guarded_reply_recv(ep, reply, &info, NULL));
    }
    CHECK(helper_join(h));
    CHECK_EQ(client_good, ROUND_TRIPS);
}

/* Two senders queue on one endpoint and are received in FIFO order. */
KTEST(ipc_senders_fifo)
{
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    seL4_CPtr b1 = TRY(mint_badged(ep, 1));
    seL4_CPtr b2 = TRY(mint_badged(ep, 2));
    struct helper *h1 = TRY(helper_new(HELPER_DEFAULT_PRIO, 0));
    struct helper *h2 = TRY(helper_new(HELPER_DEFAULT_PRIO - 1, 0));
    /* h1 (higher priority) queues first, then h2. */
    helper_start(h1, blocking_sender, b1, 0, 0);
    helper_start(h2, blocking_sender, b2, 0, 0);
    CHECK(!test_has_failed());
    CHECK(settle());
    seL4_Word badge;
    CHECK(guarded_recv(ep, NULL, &badge));
    CHECK_EQ(badge, 1);
    CHECK(guarded_recv(ep, NULL, &badge));
    CHECK_EQ(badge, 2);
    CHECK(helper_join(h1));
    CHECK(helper_join(h2));
}
