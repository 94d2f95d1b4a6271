/* Packing and validation of RPC messages (camkes/rpc_wire.h).  No system calls and no
 * libc, so the host tests run this file as the target does. */
#include <camkes/rpc_wire.h>

#define WORD_BYTES sizeof(seL4_Word)

seL4_Word camkes_rpc_pack(seL4_Word *mrs, const void *payload, size_t len)
{
    if (len > CAMKES_RPC_BASIC_MAX_PAYLOAD || (payload == NULL && len != 0)) return 0;
    const uint8_t *p = payload;
    size_t words = camkes_rpc_payload_words(len);
    mrs[0] = (seL4_Word)len;
    for (size_t w = 0; w < words; w++) {
        seL4_Word v = 0;
        for (size_t b = 0; b < WORD_BYTES; b++) {
            size_t i = w * WORD_BYTES + b;
            if (i < len) v |= (seL4_Word)p[i] << (8 * b);
        }
        mrs[1 + w] = v;
    }
    return (seL4_Word)(1 + words);
}

seL4_Word camkes_rpc_unpack(const seL4_Word *mrs, seL4_Word n_mrs, void *out, size_t out_cap,
                            size_t *len, seL4_Word too_big_status)
{
    *len = 0;
    if (n_mrs < 1 || n_mrs > seL4_MsgMaxLength) return CAMKES_RPC_ERR_LENGTH;
    seL4_Word n = mrs[0];
    if (n > CAMKES_RPC_BASIC_MAX_PAYLOAD) return CAMKES_RPC_ERR_LENGTH;
    if (n_mrs != 1 + camkes_rpc_payload_words((size_t)n)) return CAMKES_RPC_ERR_LENGTH;
    if (n > out_cap) return too_big_status;
    uint8_t *o = out;
    for (size_t i = 0; i < (size_t)n; i++)
        o[i] = (uint8_t)(mrs[1 + i / WORD_BYTES] >> (8 * (i % WORD_BYTES)));
    *len = (size_t)n;
    return CAMKES_RPC_OK;
}

seL4_Word camkes_rpc_shared_check(seL4_Word n_mrs, seL4_Word mr0, size_t page_size)
{
    if (n_mrs != 1 || mr0 > page_size) return CAMKES_RPC_ERR_LENGTH;
    return CAMKES_RPC_OK;
}

const char *camkes_rpc_status_name(seL4_Word status)
{
    switch (status) {
    case CAMKES_RPC_OK:
        return "ok";
    case CAMKES_RPC_ERR_METHOD:
        return "no such method";
    case CAMKES_RPC_ERR_LENGTH:
        return "bad message length";
    case CAMKES_RPC_ERR_DECODE:
        return "request does not decode";
    case CAMKES_RPC_ERR_REPLY_SIZE:
        return "reply too big";
    case CAMKES_RPC_ERR_BADGE:
        return "unknown client badge";
    case CAMKES_RPC_ERR_TOO_BIG:
        return "message too big";
    case CAMKES_RPC_ERR_BAD_REPLY:
        return "malformed reply";
    default:
        return NULL;
    }
}

seL4_Word camkes_rpc_dispatch_table(void *table, seL4_Word method, const uint8_t *req,
                                    size_t req_len, uint8_t *reply, size_t reply_cap,
                                    size_t *reply_len)
{
    const camkes_rpc_table_t *t = table;
    *reply_len = 0;
    if (method >= t->n_methods || t->methods[method] == NULL) return CAMKES_RPC_ERR_METHOD;
    camkes_reader_t r;
    camkes_writer_t w;
    camkes_reader_init(&r, req, req_len);
    camkes_writer_init(&w, reply, reply_cap);
    seL4_Word status = t->methods[method](t->ctx, &r, &w);
    if (!camkes_writer_ok(&w)) return CAMKES_RPC_ERR_REPLY_SIZE;
    *reply_len = camkes_writer_len(&w);
    return status;
}
