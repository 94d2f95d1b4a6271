/* RPC transports (camkes/rpc.h): the rpc_basic and rpc_shared server loops and client
 * calls.  Message validation and packing are in rpc_wire.c, shared with the host tests. */
#include <camkes/rpc.h>
#include <camkes/runtime.h>

#include <string.h>

/* Per thread: what the request being served (or the last call) looked like. */
static __thread seL4_Word rpc_badge;
static __thread seL4_MessageInfo_t rpc_request;
static __thread seL4_MessageInfo_t rpc_reply;
static __thread seL4_CPtr rpc_reply_cap;

seL4_Word camkes_rpc_badge(void)
{
    return rpc_badge;
}

seL4_MessageInfo_t camkes_rpc_request_info(void)
{
    return rpc_request;
}

seL4_MessageInfo_t camkes_rpc_reply_info(void)
{
    return rpc_reply;
}

void camkes_rpc_set_reply_cap(seL4_CPtr cap)
{
    rpc_reply_cap = cap;
}

/* Starts serving one request: records it for the accessors above. */
static void begin_request(seL4_MessageInfo_t info, seL4_Word badge)
{
    rpc_badge = badge;
    rpc_request = info;
    rpc_reply_cap = 0;
}

/* The reply's MessageInfo: status label, n message registers, the reply cap if any. */
static seL4_MessageInfo_t reply_info(seL4_Word status, seL4_Word n_mrs)
{
    seL4_Word caps = 0;
    if (rpc_reply_cap != 0) {
        seL4_SetCap(0, rpc_reply_cap);
        caps = 1;
    }
    return seL4_MessageInfo_new(status, 0, caps, n_mrs);
}

/* ---------------------------------------------------------------- rpc_basic */

#define BASIC_WORDS (CAMKES_RPC_BASIC_MAX_PAYLOAD / sizeof(seL4_Word))

void camkes_rpc_serve(seL4_CPtr ep, camkes_rpc_dispatch_fn dispatch, void *ctx)
{
    /* Word arrays: the payload is copied out of and back into whole message registers. */
    seL4_Word request[BASIC_WORDS];
    seL4_Word reply[BASIC_WORDS];
    seL4_Word badge = 0;
    seL4_MessageInfo_t info = seL4_Recv(ep, &badge);
    for (;;) {
        begin_request(info, badge);
        size_t req_len = 0, reply_len = 0;
        seL4_Word status =
            camkes_rpc_unpack(seL4_GetIPCBuffer()->msg, seL4_MessageInfo_get_length(info), request,
                              sizeof(request), &req_len, CAMKES_RPC_ERR_LENGTH);
        if (status == CAMKES_RPC_OK) {
            status = dispatch(ctx, seL4_MessageInfo_get_label(info), (const uint8_t *)request,
                              req_len, (uint8_t *)reply, sizeof(reply), &reply_len);
            if (reply_len > sizeof(reply)) {
                status = CAMKES_RPC_ERR_REPLY_SIZE;
                reply_len = 0;
            }
        }
        /* The dispatcher may have made calls of its own: the IPC buffer is rewritten only
         * now, from the private reply copy. */
        seL4_Word n = camkes_rpc_pack(seL4_GetIPCBuffer()->msg, reply, reply_len);
        info = seL4_ReplyRecv(ep, reply_info(status, n), &badge);
    }
}

static seL4_Word basic_call(seL4_CPtr ep, seL4_Word method, seL4_CPtr cap, const void *req,
                            size_t req_len, void *reply, size_t reply_cap, size_t *reply_len)
{
    if (reply_len != NULL) *reply_len = 0;
    if (reply == NULL) reply_cap = 0;
    seL4_IPCBuffer *ipc = seL4_GetIPCBuffer();
    seL4_Word n = camkes_rpc_pack(ipc->msg, req, req_len);
    if (n == 0) return CAMKES_RPC_ERR_TOO_BIG;
    if (cap != 0) seL4_SetCap(0, cap);
    seL4_MessageInfo_t info = seL4_Call(ep, seL4_MessageInfo_new(method, 0, cap != 0, n));
    rpc_reply = info;
    size_t len;
    seL4_Word st = camkes_rpc_unpack(ipc->msg, seL4_MessageInfo_get_length(info), reply, reply_cap,
                                     &len, CAMKES_RPC_ERR_TOO_BIG);
    if (st == CAMKES_RPC_ERR_LENGTH) return CAMKES_RPC_ERR_BAD_REPLY;
    if (st != CAMKES_RPC_OK) return st;
    if (reply_len != NULL) *reply_len = len;
    return seL4_MessageInfo_get_label(info);
}

seL4_Word camkes_rpc_call(seL4_CPtr ep, seL4_Word method, const void *req, size_t req_len,
                          void *reply, size_t reply_cap, size_t *reply_len)
{
    return basic_call(ep, method, 0, req, req_len, reply, reply_cap, reply_len);
}

seL4_Word camkes_rpc_call_cap(seL4_CPtr ep, seL4_Word method, seL4_CPtr cap, const void *req,
                              size_t req_len, void *reply, size_t reply_cap, size_t *reply_len)
{
    return basic_call(ep, method, cap, req, req_len, reply, reply_cap, reply_len);
}

/* ---------------------------------------------------------------- rpc_shared */

static void *client_page(const camkes_rpc_shared_server_t *srv, seL4_Word badge)
{
    for (size_t i = 0; i < srv->n_clients; i++) {
        if (srv->clients[i].badge == badge) return srv->clients[i].page;
    }
    return NULL;
}

void camkes_rpc_serve_shared(seL4_CPtr ep, const camkes_rpc_shared_server_t *srv,
                             camkes_rpc_dispatch_fn dispatch, void *ctx)
{
    seL4_Word badge = 0;
    seL4_MessageInfo_t info = seL4_Recv(ep, &badge);
    for (;;) {
        begin_request(info, badge);
        uint8_t *page = client_page(srv, badge);
        size_t reply_len = 0;
        seL4_Word status = CAMKES_RPC_ERR_BADGE;
        if (page != NULL) {
            status = camkes_rpc_shared_check(seL4_MessageInfo_get_length(info), seL4_GetMR(0),
                                             srv->page_size);
        }
        if (status == CAMKES_RPC_OK) {
            /* Copy first: the client can write its page while we decode. */
            size_t req_len = (size_t)seL4_GetMR(0);
            memcpy(srv->scratch, page, req_len);
            status = dispatch(ctx, seL4_MessageInfo_get_label(info), srv->scratch, req_len, page,
                              srv->page_size, &reply_len);
            if (reply_len > srv->page_size) {
                status = CAMKES_RPC_ERR_REPLY_SIZE;
                reply_len = 0;
            }
        }
        seL4_SetMR(0, reply_len);
        info = seL4_ReplyRecv(ep, reply_info(status, 1), &badge);
    }
}

static seL4_Word shared_call(seL4_CPtr ep, void *page, size_t page_size, seL4_Word method,
                             seL4_CPtr cap, const void *req, size_t req_len, void *reply,
                             size_t reply_cap, size_t *reply_len)
{
    if (reply_len != NULL) *reply_len = 0;
    if (reply == NULL) reply_cap = 0;
    if (req_len > page_size || (req == NULL && req_len != 0)) return CAMKES_RPC_ERR_TOO_BIG;
    if (req != page && req_len != 0) memmove(page, req, req_len);
    seL4_SetMR(0, req_len);
    if (cap != 0) seL4_SetCap(0, cap);
    seL4_MessageInfo_t info = seL4_Call(ep, seL4_MessageInfo_new(method, 0, cap != 0, 1));
    rpc_reply = info;
    seL4_Word n = seL4_GetMR(0);
    if (camkes_rpc_shared_check(seL4_MessageInfo_get_length(info), n, page_size) != CAMKES_RPC_OK)
        return CAMKES_RPC_ERR_BAD_REPLY;
    if (n > reply_cap) return CAMKES_RPC_ERR_TOO_BIG;
    if (reply != page && n != 0) memmove(reply, page, n);
    if (reply_len != NULL) *reply_len = n;
    return seL4_MessageInfo_get_label(info);
}

seL4_Word camkes_rpc_call_shared(seL4_CPtr ep, void *page, size_t page_size, seL4_Word method,
                                 const void *req, size_t req_len, void *reply, size_t reply_cap,
                                 size_t *reply_len)
{
    return shared_call(ep, page, page_size, method, 0, req, req_len, reply, reply_cap, reply_len);
}

seL4_Word camkes_rpc_call_shared_cap(seL4_CPtr ep, void *page, size_t page_size, seL4_Word method,
                                     seL4_CPtr cap, const void *req, size_t req_len, void *reply,
                                     size_t reply_cap, size_t *reply_len)
{
    return shared_call(ep, page, page_size, method, cap, req, req_len, reply, reply_cap, reply_len);
}
