/* The CAmkES RPC wire format: status codes, limits, and packing a byte payload into
 * message registers and back.  Pure functions with no system calls, so host unit tests
 * and fuzzers exercise exactly the code the target runs.  The format (docs/components.md,
 * "RPC wire formats"):
 *
 *   request   label = method number
 *             MR0   = payload length in bytes
 *             MR1.. = rpc_basic: the payload, packed little-endian (byte i is bits
 *                     8*(i % W)..8*(i % W)+7 of MR(1 + i / W), W = sizeof(seL4_Word));
 *                     the unused high bytes of the last word are zero
 *                     rpc_shared: nothing; the payload is at offset 0 of the client's
 *                     shared page
 *             length = 1 + ceil(payload / W) (rpc_basic), 1 (rpc_shared): exactly
 *   reply     label = status: 0 ok, anything else an error code; MR0, MR1.. and length
 *             as for the request (the payload may be empty, errors usually have none)
 *
 * Status codes 1..0xBFFF belong to the service (CantripOS error enums, e.g.
 * ProcessManagerError); the runtime's own codes are CAMKES_RPC_ERR_*, from 0xC001. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sel4/simple_types.h>
#include <sel4/constants.h> /* seL4_MsgMaxLength */
#include <camkes/marshal.h>

enum camkes_rpc_status {
    CAMKES_RPC_OK = 0,
    CAMKES_RPC_ERR_BASE = 0xC000,
    CAMKES_RPC_ERR_METHOD = 0xC001,     /* server: no such method */
    CAMKES_RPC_ERR_LENGTH = 0xC002,     /* server: message length and MR0 disagree, or too long */
    CAMKES_RPC_ERR_DECODE = 0xC003,     /* server: the payload does not unmarshal */
    CAMKES_RPC_ERR_REPLY_SIZE = 0xC004, /* server: the reply did not fit the transport */
    CAMKES_RPC_ERR_BADGE = 0xC005,      /* server (rpc_shared): no shared page for this badge */
    CAMKES_RPC_ERR_TOO_BIG =
        0xC006, /* client: request above the maximum, or reply above reply_cap */
    CAMKES_RPC_ERR_BAD_REPLY = 0xC007, /* client: the reply is malformed */
    CAMKES_RPC_ERR_LAST = CAMKES_RPC_ERR_BAD_REPLY,
};

/* Largest rpc_basic payload: every message register but MR0.  952 bytes on riscv64. */
#define CAMKES_RPC_BASIC_MAX_PAYLOAD (((size_t)seL4_MsgMaxLength - 1) * sizeof(seL4_Word))

/* Message registers needed for n payload bytes (not counting MR0). */
static inline size_t camkes_rpc_payload_words(size_t n)
{
    return (n + sizeof(seL4_Word) - 1) / sizeof(seL4_Word);
}

/* Writes MR0 = len and the packed payload into mrs[0 .. 1 + words(len)) and returns the
 * message length (number of MRs), or 0 if len exceeds CAMKES_RPC_BASIC_MAX_PAYLOAD (mrs is
 * then untouched).  mrs must have room for seL4_MsgMaxLength words; payload may be NULL
 * when len == 0.  payload must not overlap mrs. */
seL4_Word camkes_rpc_pack(seL4_Word *mrs, const void *payload, size_t len);

/* Validates a received rpc_basic message of n_mrs message registers (the MessageInfo
 * length) and unpacks its payload into out.  Returns CAMKES_RPC_OK with *len set;
 * CAMKES_RPC_ERR_LENGTH when n_mrs is 0 or above seL4_MsgMaxLength, MR0 exceeds the
 * maximum, or n_mrs != 1 + words(MR0); or too_big_status when the payload is valid but
 * larger than out_cap.  *len is 0 on any error. */
seL4_Word camkes_rpc_unpack(const seL4_Word *mrs, seL4_Word n_mrs, void *out, size_t out_cap,
                            size_t *len, seL4_Word too_big_status);

/* Validates the length word of a received rpc_shared message: n_mrs must be exactly 1 and
 * mr0 at most page_size.  Returns CAMKES_RPC_OK or CAMKES_RPC_ERR_LENGTH. */
seL4_Word camkes_rpc_shared_check(seL4_Word n_mrs, seL4_Word mr0, size_t page_size);

/* A short name for a runtime status ("ok", "no such method", ...); NULL for a code that
 * is not the runtime's (a service error). */
const char *camkes_rpc_status_name(seL4_Word status);

/* ---------------------------------------------------------------- method tables
 * A ready-made dispatcher for servers (generated glue or hand-written): method i of the
 * table decodes its arguments from req, does the work and encodes its results into reply,
 * returning a status.  camkes_rpc_dispatch_table (a camkes_rpc_dispatch_fn, ctx = the
 * table) answers CAMKES_RPC_ERR_METHOD for a method number outside the table or with a
 * NULL entry, and CAMKES_RPC_ERR_REPLY_SIZE (with an empty payload) when the method's
 * writer overflowed.  A method must check camkes_reader_done(req) before acting and return
 * CAMKES_RPC_ERR_DECODE (or its service's "deserialize" error) when it is false. */
typedef seL4_Word (*camkes_rpc_method_fn)(void *ctx, camkes_reader_t *req, camkes_writer_t *reply);

typedef struct camkes_rpc_table {
    const camkes_rpc_method_fn *methods;
    size_t n_methods;
    void *ctx; /* passed to every method */
} camkes_rpc_table_t;

seL4_Word camkes_rpc_dispatch_table(void *table, seL4_Word method, const uint8_t *req,
                                    size_t req_len, uint8_t *reply, size_t reply_cap,
                                    size_t *reply_len);
