/* The console: prints every component's log lines (its `logger` thread serves the
 * Logger procedure, CantripOS style: it decodes the requests itself), turns the events
 * other components signal into semaphores (its `events` thread), and on its control thread
 * waits for a line from the UART driver and for the client to finish, talks to the server
 * itself (as client 2 of both RPC connections) and powers the machine off. */
#include <stdio.h>
#include <string.h>

#include <camkes/logger.h>
#include <sel4/cantrip.h>
#include <camkes_gen.h>

#define EVENT_LINE CAMKES_BADGE_events_uart_driver_ready
#define EVENT_CLIENT_DONE CAMKES_BADGE_events_client_done

static void say(const char *fmt, const char *arg)
{
    camkes_mutex_lock(&print_lock);
    printf("console: ");
    printf(fmt, arg);
    printf("\n");
    camkes_mutex_unlock(&print_lock);
}

seL4_Word logger_dispatch(seL4_Word method, const uint8_t *req, size_t req_len, uint8_t *reply,
                          size_t reply_cap, size_t *reply_len)
{
    (void)reply;
    (void)reply_cap;
    *reply_len = 0;
    if (method != CAMKES_LOGGER_METHOD_LOG) return CAMKES_RPC_ERR_METHOD;
    static char msg[CAMKES_LOG_MAX + 1];
    uint8_t level;
    seL4_Word status = camkes_logger_decode(req, req_len, &level, msg, sizeof(msg));
    if (status != CAMKES_RPC_OK) return status;
    camkes_mutex_lock(&print_lock);
    printf("%s\n", msg);
    camkes_mutex_unlock(&print_lock);
    return CAMKES_RPC_OK;
}

void events_handle(seL4_Word badge)
{
    if (badge & EVENT_LINE) camkes_sem_post(&line_ready);
    if (badge & EVENT_CLIENT_DONE) camkes_sem_post(&client_done);
}

int run(void)
{
    say("waiting for a line from the UART and for the client%s", "");
    camkes_sem_wait(&line_ready);
    char text[128];
    strncpy(text, (const char *)line, sizeof(text) - 1);
    text[sizeof(text) - 1] = '\0';
    say("uart: received \"%s\"", text);

    int length = 0;
    hello_say(text, &length);
    char answer[32];
    snprintf(answer, sizeof(answer), "%d", length);
    say("server measured the line: %s characters", answer);
    store_put(strlen(text), (const uint8_t *)text);

    camkes_sem_wait(&client_done);
    say("client finished; all done, powering off%s", "");
    seL4_CantripDebugExit(0);
}
