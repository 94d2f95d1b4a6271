/* The logger procedure (the DebugConsole's LoggerInterface), as camkes_log speaks it.
 *
 *   method 0 (CAMKES_LOGGER_METHOD_LOG): log(level u8, message string)
 *       level    enum camkes_log_level: 1 error, 2 warn, 3 info, 4 debug, 5 trace
 *       message  "<component>: <text>", at most CAMKES_LOG_MAX bytes, no NUL, no newline
 *                added (the logger prints one)
 *       reply    status 0 and an empty payload once the message has been handled
 *
 * Over rpc_basic or rpc_shared, whichever the connection is.  Encoding per marshal.h. */
#pragma once
#include <camkes/marshal.h>
#include <camkes/rpc_wire.h>

#ifndef CAMKES_LOGGER_METHOD_LOG
#define CAMKES_LOGGER_METHOD_LOG 0
#endif

/* Encodes a log request into buf; returns its length, 0 if it does not fit. */
static inline size_t camkes_logger_encode(void *buf, size_t cap, uint8_t level, const char *msg,
                                          size_t msg_len)
{
    camkes_writer_t w;
    camkes_writer_init(&w, buf, cap);
    camkes_put_u8(&w, level);
    camkes_put_strn(&w, msg, msg_len);
    return camkes_writer_ok(&w) ? camkes_writer_len(&w) : 0;
}

/* Decodes a log request (server side).  msg gets a NUL-terminated copy (cap bytes).
 * Returns CAMKES_RPC_OK or CAMKES_RPC_ERR_DECODE (bad level, bad string, trailing bytes,
 * or a message that does not fit msg). */
static inline seL4_Word camkes_logger_decode(const void *req, size_t len, uint8_t *level, char *msg,
                                             size_t cap)
{
    camkes_reader_t r;
    camkes_reader_init(&r, req, len);
    camkes_get_u8(&r, level);
    camkes_get_str(&r, msg, cap);
    if (!camkes_reader_done(&r) || *level < 1 || *level > 5) return CAMKES_RPC_ERR_DECODE;
    return CAMKES_RPC_OK;
}
