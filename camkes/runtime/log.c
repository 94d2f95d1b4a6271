/* camkes_log (runtime.h): format "<component>: <text>" into a bounded buffer; send it to
 * the logger (the DebugConsole) when the glue connected one, else print it with its level
 * straight to the debug console: "<component>: <LEVEL>: <text>\n".  A message that does
 * not fit CAMKES_LOG_MAX bytes is cut and ends in "...".  If the logger call fails the
 * message is printed directly, so that nothing is lost silently. */
#include <camkes/logger.h>
#include <camkes/rpc.h>
#include <camkes/runtime.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Weak zero defaults: a component without a logger connection has no definitions in its
 * glue; one with a connection defines them (or assigns them before logging). */
__attribute__((weak)) seL4_CPtr camkes_logger_ep;
__attribute__((weak)) void *camkes_logger_page;
__attribute__((weak)) size_t camkes_logger_page_size;

static const char *const level_names[] = {"ERROR", "WARN", "INFO", "DEBUG", "TRACE"};

/* Request header: level (1) + string length prefix (4).  The message is formatted in
 * place behind it, so only one buffer sits on the stack. */
#define HDR (1 + CAMKES_MARSHAL_LEN_SIZE)

void camkes_log(enum camkes_log_level level, const char *fmt, ...)
{
    char buf[HDR + CAMKES_LOG_MAX + 1]; /* + 1: vsnprintf's NUL */
    char *msg = buf + HDR;
    if (level < CAMKES_LOG_ERROR) level = CAMKES_LOG_ERROR;
    if (level > CAMKES_LOG_TRACE) level = CAMKES_LOG_TRACE;

    const char *name = camkes_component_name != NULL ? camkes_component_name : "component";
    int prefix = snprintf(msg, CAMKES_LOG_MAX + 1, "%s: ", name);
    if (prefix < 0) prefix = 0;
    if (prefix > CAMKES_LOG_MAX) prefix = CAMKES_LOG_MAX;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(msg + prefix, (size_t)(CAMKES_LOG_MAX + 1 - prefix), fmt, ap);
    va_end(ap);
    size_t len = (size_t)prefix;
    if (n > 0) len += (size_t)n;
    if (len > CAMKES_LOG_MAX) {
        len = CAMKES_LOG_MAX;
        memcpy(msg + len - 3, "...", 3);
    }
    /* A NUL produced by %c would end the string early on the wire: cut there. */
    len = strnlen(msg, len);

    /* (The encoder copies the message onto itself, at the same offset.) */
    size_t req_len = camkes_logger_encode(buf, sizeof(buf), (uint8_t)level, msg, len);
    if (camkes_logger_ep != 0 && req_len != 0) {
        seL4_Word status;
        if (camkes_logger_page != NULL) {
            status = camkes_rpc_call_shared(camkes_logger_ep, camkes_logger_page,
                                            camkes_logger_page_size, CAMKES_LOGGER_METHOD_LOG, buf,
                                            req_len, NULL, 0, NULL);
        } else {
            status = camkes_rpc_call(camkes_logger_ep, CAMKES_LOGGER_METHOD_LOG, buf, req_len, NULL,
                                     0, NULL);
        }
        if (status == CAMKES_RPC_OK) return;
    }

    /* Direct: "<component>: <LEVEL>: <text>". */
    const char *p = msg;
    const char *end = msg + len;
    for (size_t i = 0; i < (size_t)prefix && p < end; i++)
        seL4_DebugPutChar(*p++);
    for (const char *l = level_names[level - 1]; *l != '\0'; l++)
        seL4_DebugPutChar(*l);
    seL4_DebugPutChar(':');
    seL4_DebugPutChar(' ');
    while (p < end)
        seL4_DebugPutChar(*p++);
    seL4_DebugPutChar('\n');
}
