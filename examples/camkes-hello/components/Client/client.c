/* The client: calls the server over both RPC connectors (hello: arguments in the IPC
 * buffer; store: arguments in a page shared with the server), passes a message through
 * the shared dataport `buf`, then tells the console it is done.  Everything it says goes
 * through camkes_log() to the console's logger. */
#include <string.h>

#include <camkes_gen.h>

static const char message[] = "greetings through shared memory";

int run(void)
{
    camkes_log(CAMKES_LOG_INFO, "starting (badge %u on hello and store)", CAMKES_BADGE_hello);

    int length = 0;
    int said = hello_say("hello from client", &length);
    camkes_log(CAMKES_LOG_INFO, "hello.say returned %d, length %d (status %lu)", said, length,
               (unsigned long)hello_last_status());

    uint32_t sum = hello_add(2, 40);
    camkes_log(CAMKES_LOG_INFO, "hello.add(2, 40) = %u", (unsigned)sum);

    memcpy(buf, message, sizeof(message));
    uint64_t check = store_checksum(sizeof(message) - 1);
    uint64_t expect = 0;
    for (size_t i = 0; i + 1 < sizeof(message); i++)
        expect += (uint8_t)message[i];
    camkes_log(CAMKES_LOG_INFO, "store.checksum of the dataport = %llu (%s)",
               (unsigned long long)check, check == expect ? "correct" : "WRONG");

    static const uint8_t bytes[] = {1, 2, 3, 4, 5};
    uint32_t total = store_put(sizeof(bytes), bytes);
    camkes_log(CAMKES_LOG_INFO, "store.put of %u bytes: server holds %u", (unsigned)sizeof(bytes),
               (unsigned)total);

    camkes_log(CAMKES_LOG_INFO, "done");
    done_emit();
    return 0;
}
