/* RPC helpers for the generated glue and component code: the rpc_basic transport
 * (payload in the message registers) and the rpc_shared one (payload in a page shared
 * between each client and the server, picked by the client's badge).  The wire format and
 * the status codes are in <camkes/rpc_wire.h> and docs/components.md.
 *
 * Server side: an interface thread's loop calls camkes_rpc_serve / camkes_rpc_serve_shared,
 * which never return.  For each request they validate the message, call the dispatch
 * function with the request payload (a private copy: the dispatcher may make RPC calls of
 * its own and a hostile client cannot change the bytes under it) and a reply buffer, and
 * send the reply.  A malformed message gets an error reply without reaching the
 * dispatcher; nothing a client sends can stop the loop.  camkes_rpc_badge() gives the
 * dispatcher the client's badge.
 *
 * Client side: camkes_rpc_call / camkes_rpc_call_shared block until the reply and return
 * its status (0 = ok), or a CAMKES_RPC_ERR_* code the client side detected itself.  They
 * use the calling thread's IPC buffer; calls through one shared page must not overlap
 * (the glue serialises the threads of a component that share a connection). */
#pragma once
#include <camkes/rpc_wire.h>
#include <sel4/sel4.h>

/* The server's request handler.  req/req_len: the request payload.  It writes at most
 * reply_cap bytes of reply payload to reply, sets *reply_len (0 on entry) and returns the
 * status for the reply label.  camkes_rpc_dispatch_table (rpc_wire.h) is one. */
typedef seL4_Word (*camkes_rpc_dispatch_fn)(void *ctx, seL4_Word method, const uint8_t *req,
                                            size_t req_len, uint8_t *reply, size_t reply_cap,
                                            size_t *reply_len);

/* ---------------------------------------------------------------- rpc_basic
 * At most CAMKES_RPC_BASIC_MAX_PAYLOAD bytes each way.  The serving loop keeps two buffers
 * of that size on its stack (about 2 KiB). */
void camkes_rpc_serve(seL4_CPtr ep, camkes_rpc_dispatch_fn dispatch, void *ctx)
    __attribute__((noreturn));

/* req and reply may be the same buffer; neither may lie in the IPC buffer.  *reply_len
 * (may be NULL) gets the reply payload length, 0 on a client-side error.  A reply longer
 * than reply_cap is CAMKES_RPC_ERR_TOO_BIG and nothing is copied. */
seL4_Word camkes_rpc_call(seL4_CPtr ep, seL4_Word method, const void *req, size_t req_len,
                          void *reply, size_t reply_cap, size_t *reply_len);

/* ---------------------------------------------------------------- rpc_shared */
typedef struct camkes_rpc_shared_client {
    seL4_Word badge; /* the badge of this client's endpoint cap */
    void *page;      /* the server's mapping of this client's shared page */
} camkes_rpc_shared_client_t;

typedef struct camkes_rpc_shared_server {
    const camkes_rpc_shared_client_t *clients;
    size_t n_clients;
    size_t page_size; /* bytes usable in every page (4096 for one 4 KiB frame) */
    uint8_t *scratch; /* page_size bytes private to the serving thread: the request copy */
} camkes_rpc_shared_server_t;

/* The dispatcher's reply buffer is the client's page itself (reply_cap = page_size). */
void camkes_rpc_serve_shared(seL4_CPtr ep, const camkes_rpc_shared_server_t *srv,
                             camkes_rpc_dispatch_fn dispatch, void *ctx) __attribute__((noreturn));

/* page: this client's mapping of its shared page.  req and reply may be page itself (then
 * nothing is copied) or any other memory. */
seL4_Word camkes_rpc_call_shared(seL4_CPtr ep, void *page, size_t page_size, seL4_Word method,
                                 const void *req, size_t req_len, void *reply, size_t reply_cap,
                                 size_t *reply_len);

/* ---------------------------------------------------------------- capabilities
 * A request or a reply may carry one capability as an seL4 extra cap, outside the payload.
 * The receiver must have set its receive slot (seL4_SetCapReceivePath) beforehand; the
 * kernel drops the cap otherwise.  camkes_rpc_request_info() / camkes_rpc_reply_info()
 * tell whether one arrived (seL4_MessageInfo_get_extraCaps) or was unwrapped into a
 * badge (capsUnwrapped, seL4_GetBadge(0)). */
seL4_Word camkes_rpc_call_cap(seL4_CPtr ep, seL4_Word method, seL4_CPtr cap, const void *req,
                              size_t req_len, void *reply, size_t reply_cap, size_t *reply_len);
seL4_Word camkes_rpc_call_shared_cap(seL4_CPtr ep, void *page, size_t page_size, seL4_Word method,
                                     seL4_CPtr cap, const void *req, size_t req_len, void *reply,
                                     size_t reply_cap, size_t *reply_len);
/* Server, inside the dispatcher: send cap with this request's reply. */
void camkes_rpc_set_reply_cap(seL4_CPtr cap);
/* Server: the MessageInfo of the request being served. */
seL4_MessageInfo_t camkes_rpc_request_info(void);
/* Client: the MessageInfo of this thread's last reply. */
seL4_MessageInfo_t camkes_rpc_reply_info(void);
