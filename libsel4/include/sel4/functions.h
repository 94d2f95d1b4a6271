/* Access to the calling thread's IPC buffer: message registers, extra caps / badges and
 * the cap receive path.  User-only.
 *
 * libsel4 finds the buffer through the thread-local pointer __sel4_ipc_buffer.  The
 * Cantrip-C runtime (libsel4/crt) defines it, sets up thread-local storage for the root
 * task and points it at bootinfo->ipcBuffer before main() runs.  Every other thread must
 * get its own TLS block (see cantrip_tls_init() in sel4/cantrip.h) and call
 * seL4_SetIPCBuffer() with the buffer registered for it in TCB_Configure/SetIPCBuffer. */
#pragma once

#include <sel4/types.h>

extern __thread seL4_IPCBuffer *__sel4_ipc_buffer;

LIBSEL4_INLINE_FUNC void seL4_SetIPCBuffer(seL4_IPCBuffer *ipc_buffer)
{
    __sel4_ipc_buffer = ipc_buffer;
}

LIBSEL4_INLINE_FUNC seL4_IPCBuffer *seL4_GetIPCBuffer(void)
{
    return __sel4_ipc_buffer;
}

/* Message register i lives in msg[i].  MR0..3 are copied to and from a2..a5 by the
 * syscall stubs, so reading them here is valid after any receiving stub. */
LIBSEL4_INLINE_FUNC seL4_Word seL4_GetMR(int i)
{
    return seL4_GetIPCBuffer()->msg[i];
}

LIBSEL4_INLINE_FUNC void seL4_SetMR(int i, seL4_Word mr)
{
    seL4_GetIPCBuffer()->msg[i] = mr;
}

LIBSEL4_INLINE_FUNC seL4_Word seL4_GetUserData(void)
{
    return seL4_GetIPCBuffer()->userData;
}

LIBSEL4_INLINE_FUNC void seL4_SetUserData(seL4_Word data)
{
    seL4_GetIPCBuffer()->userData = data;
}

/* Badge of the i-th extra cap of a received message that was unwrapped (bit i of
 * capsUnwrapped set). */
LIBSEL4_INLINE_FUNC seL4_Word seL4_GetBadge(int i)
{
    return seL4_GetIPCBuffer()->caps_or_badges[i];
}

LIBSEL4_INLINE_FUNC seL4_CPtr seL4_GetCap(int i)
{
    return (seL4_CPtr)seL4_GetIPCBuffer()->caps_or_badges[i];
}

/* The i-th extra cap of the next message sent (looked up at depth seL4_WordBits). */
LIBSEL4_INLINE_FUNC void seL4_SetCap(int i, seL4_CPtr cptr)
{
    seL4_GetIPCBuffer()->caps_or_badges[i] = (seL4_Word)cptr;
}

/* Where a cap received by this thread is stored; any pointer may be NULL. */
LIBSEL4_INLINE_FUNC void seL4_GetCapReceivePath(seL4_CPtr *receiveCNode, seL4_CPtr *receiveIndex,
                                                seL4_Word *receiveDepth)
{
    seL4_IPCBuffer *ipcbuffer = seL4_GetIPCBuffer();
    if (receiveCNode != seL4_Null) {
        *receiveCNode = ipcbuffer->receiveCNode;
    }
    if (receiveIndex != seL4_Null) {
        *receiveIndex = ipcbuffer->receiveIndex;
    }
    if (receiveDepth != seL4_Null) {
        *receiveDepth = ipcbuffer->receiveDepth;
    }
}

LIBSEL4_INLINE_FUNC void seL4_SetCapReceivePath(seL4_CPtr receiveCNode, seL4_CPtr receiveIndex,
                                                seL4_Word receiveDepth)
{
    seL4_IPCBuffer *ipcbuffer = seL4_GetIPCBuffer();
    ipcbuffer->receiveCNode = receiveCNode;
    ipcbuffer->receiveIndex = receiveIndex;
    ipcbuffer->receiveDepth = receiveDepth;
}

/* After Page_Map or PageTable_Map failed with seL4_FailedLookup: the bitsLeft of the
 * missing page-table level (SEL4_MAPPING_LOOKUP_NO_PT when the last-level table for a
 * 4 KiB page is missing). */
LIBSEL4_INLINE_FUNC seL4_Word seL4_MappingFailedLookupLevel(void)
{
    return seL4_GetMR(SEL4_MAPPING_LOOKUP_LEVEL);
}
