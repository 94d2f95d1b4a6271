/* seL4 system calls (non-MCS) and the library calls built on them.  User-only. */
#pragma once

#include <sel4/types.h>
#include <sel4/functions.h>
#include <sel4/arch/syscalls.h>

/* Wait on a notification (a Recv, so it also works on an endpoint). */
LIBSEL4_INLINE_FUNC void seL4_Wait(seL4_CPtr src, seL4_Word *sender)
{
    seL4_Recv(src, sender);
}

/* Non-blocking wait on a notification: *sender gets 0 if nothing was pending. */
LIBSEL4_INLINE_FUNC seL4_MessageInfo_t seL4_Poll(seL4_CPtr src, seL4_Word *sender)
{
    return seL4_NBRecv(src, sender);
}

/* Print a string through the kernel console, one seL4_DebugPutChar per character. */
LIBSEL4_INLINE_FUNC void seL4_DebugPutString(const char *str)
{
    for (const char *s = str; *s != '\0'; s++) {
        seL4_DebugPutChar(*s);
    }
}
