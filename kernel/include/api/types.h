/* Message-info word and IPC-buffer layout as the kernel sees them. */
#pragma once
#include <types.h>
#include <util.h>

typedef struct message_info {
    word_t label;
    word_t caps_unwrapped;
    word_t extra_caps;
    word_t length;
} message_info_t;

#define MSG_MAX_LENGTH 120
#define MSG_MAX_EXTRA_CAPS 3

/* seL4_MessageInfo: label[63:12] capsUnwrapped[11:9] extraCaps[8:7] length[6:0]. */
static inline message_info_t message_info_from_word_raw(word_t w)
{
    return (message_info_t){.label = w >> 12,
                            .caps_unwrapped = (w >> 9) & 7,
                            .extra_caps = (w >> 7) & 3,
                            .length = w & 0x7f};
}
static inline message_info_t message_info_from_word(word_t w)
{
    message_info_t m = message_info_from_word_raw(w);
    if (m.length > MSG_MAX_LENGTH) m.length = MSG_MAX_LENGTH;
    return m;
}
static inline word_t word_from_message_info(message_info_t m)
{
    return (m.label << 12) | ((m.caps_unwrapped & 7) << 9) | ((m.extra_caps & 3) << 7) |
           (m.length & 0x7f);
}
static inline message_info_t message_info_new(word_t label, word_t unwrapped, word_t extra,
                                              word_t length)
{
    return (message_info_t){label, unwrapped, extra, length};
}

/* Word indices into seL4_IPCBuffer. */
#define IPCBUF_MSG 1
#define IPCBUF_USER_DATA 121
#define IPCBUF_CAPS_OR_BADGES 122
#define IPCBUF_RECEIVE_CNODE 125
#define IPCBUF_RECEIVE_INDEX 126
#define IPCBUF_RECEIVE_DEPTH 127
#define IPC_BUFFER_SIZE_BITS 10
