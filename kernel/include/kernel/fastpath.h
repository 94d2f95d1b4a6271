/* IPC fastpath for seL4_Call and seL4_ReplyRecv: the common case (short message, no caps,
 * a partner already waiting, no priority or fault complications) handled without the
 * general machinery.  Entered straight from the trap entry with the user's a0/a1; when a
 * check fails they continue into the slow path for the same syscall.  Never return. */
#pragma once
#include <types.h>
#include <util.h>

NORETURN void fastpath_call(word_t cptr, word_t msginfo);
NORETURN void fastpath_reply_recv(word_t cptr, word_t msginfo);
/* Notification fastpaths: Poll, and Signal when no thread has to be woken. */
NORETURN void fastpath_nbrecv(word_t cptr);
NORETURN void fastpath_signal(word_t cptr, word_t msginfo);
