/* The server: Hello on its `hello` thread (rpc_basic), Store on its `store` thread
 * (rpc_shared); both look at who is calling through camkes_rpc_badge().  It also owns the
 * spare untyped memory the root server handed over, and reports it. */
#include <stdio.h>
#include <string.h>

#include <camkes_gen.h>
#include <sel4/cantrip.h>

static uint32_t stored;   /* bytes received by store.put, all clients */
static unsigned requests; /* requests served, both interfaces */

static void count_request(void)
{
    camkes_mutex_lock(&stats_lock);
    requests++;
    camkes_mutex_unlock(&stats_lock);
}

void pre_init(void)
{
    const spec_untyped_info_t *info = (const spec_untyped_info_t *)CAMKES_UNTYPED_INFO_VADDR;
    unsigned long long bytes = 0;
    for (uint32_t i = 0; i < info->count; i++)
        bytes += 1ull << info->desc[i].size_bits;
    camkes_log(CAMKES_LOG_INFO, "received the spare untypeds: %u caps from slot %u, %llu KiB",
               (unsigned)info->count, (unsigned)info->first_slot, bytes >> 10);
    /* Check one of them is what the table says: an untyped cap in the first pool slot. */
    if (info->count > 0 && seL4_DebugCapIdentify(info->first_slot) != cantrip_cap_type_untyped)
        camkes_log(CAMKES_LOG_ERROR, "slot %u does not hold an untyped",
                   (unsigned)info->first_slot);
}

int hello_say(const char *msg, int *length)
{
    count_request();
    camkes_log(CAMKES_LOG_INFO, "hello.say(\"%s\") from client %lu", msg,
               (unsigned long)camkes_rpc_badge());
    *length = (int)strlen(msg);
    return 1;
}

uint32_t hello_add(uint32_t a, uint32_t b)
{
    count_request();
    camkes_log(CAMKES_LOG_INFO, "hello.add(%u, %u) from client %lu", (unsigned)a, (unsigned)b,
               (unsigned long)camkes_rpc_badge());
    return a + b;
}

uint32_t store_put(size_t data_sz, const uint8_t *data)
{
    count_request();
    unsigned sum = 0;
    for (size_t i = 0; i < data_sz; i++)
        sum += data[i];
    camkes_mutex_lock(&stats_lock);
    stored += (uint32_t)data_sz;
    uint32_t total = stored;
    camkes_mutex_unlock(&stats_lock);
    camkes_log(CAMKES_LOG_INFO, "store.put(%u bytes, sum %u) from client %lu", (unsigned)data_sz,
               sum, (unsigned long)camkes_rpc_badge());
    return total;
}

uint64_t store_checksum(uint32_t length)
{
    count_request();
    if (length > buf_size) length = (uint32_t)buf_size;
    const uint8_t *p = buf;
    uint64_t sum = 0;
    for (uint32_t i = 0; i < length; i++)
        sum += p[i];
    camkes_log(CAMKES_LOG_INFO, "store.checksum from client %lu: the dataport says \"%.*s\"",
               (unsigned long)camkes_rpc_badge(), (int)length, (const char *)p);
    return sum;
}
