/* RISC-V system call stubs (non-MCS).  User-only.
 *
 * Every stub is a single `ecall` with the register use fixed by the seL4 ABI:
 *   a7      syscall number (seL4_Syscall_ID)
 *   a0      in: destination/source CPtr;  out: badge of the received message
 *   a1      in: seL4_MessageInfo_t word;  out: the received one
 *   a2..a5  message registers MR0..MR3 in both directions
 * MR4 and up live in the IPC buffer (msg[4..]), where the kernel reads and writes them
 * directly.  The plain stubs mirror MR0..3 between a2..a5 and msg[0..3] so seL4_GetMR and
 * seL4_SetMR cover every register; the ...WithMRs variants use the caller's variables and
 * leave the IPC buffer alone.  Registers the kernel does not return are declared as
 * clobbered in the same way seL4's stubs do, and every stub clobbers memory because the
 * kernel reads and writes the IPC buffer (and other threads run while we block). */
#pragma once

#include <sel4/types.h>
#include <sel4/functions.h>

/* ---- raw ecall shapes ------------------------------------------------------------------
 * Register variables are initialised from plain parameters right before the asm so that
 * no function call can intervene and reuse the argument registers. */

/* Send-type calls: a0..a5 in; the kernel gives them back unchanged but we do not rely
 * on it. */
LIBSEL4_INLINE_FUNC void libsel4_riscv_sys_send(seL4_Word sys, seL4_Word dest, seL4_Word info,
                                                seL4_Word mr0, seL4_Word mr1, seL4_Word mr2,
                                                seL4_Word mr3)
{
    register seL4_Word a0 __asm__("a0") = dest;
    register seL4_Word a1 __asm__("a1") = info;
    register seL4_Word a2 __asm__("a2") = mr0;
    register seL4_Word a3 __asm__("a3") = mr1;
    register seL4_Word a4 __asm__("a4") = mr2;
    register seL4_Word a5 __asm__("a5") = mr3;
    register seL4_Word a7 __asm__("a7") = sys;
    __asm__ __volatile__("ecall"
                         : "+r"(a0), "+r"(a1), "+r"(a2), "+r"(a3), "+r"(a4), "+r"(a5)
                         : "r"(a7)
                         : "memory");
}

/* Reply: like send, but no CPtr (the kernel uses the caller slot), so a0 is not set. */
LIBSEL4_INLINE_FUNC void libsel4_riscv_sys_reply(seL4_Word sys, seL4_Word info, seL4_Word mr0,
                                                 seL4_Word mr1, seL4_Word mr2, seL4_Word mr3)
{
    register seL4_Word a1 __asm__("a1") = info;
    register seL4_Word a2 __asm__("a2") = mr0;
    register seL4_Word a3 __asm__("a3") = mr1;
    register seL4_Word a4 __asm__("a4") = mr2;
    register seL4_Word a5 __asm__("a5") = mr3;
    register seL4_Word a7 __asm__("a7") = sys;
    __asm__ __volatile__("ecall"
                         : "+r"(a1), "+r"(a2), "+r"(a3), "+r"(a4), "+r"(a5)
                         : "r"(a7)
                         : "memory");
}

/* Send with no message registers (Signal). */
LIBSEL4_INLINE_FUNC void libsel4_riscv_sys_send_null(seL4_Word sys, seL4_Word dest, seL4_Word info)
{
    register seL4_Word a0 __asm__("a0") = dest;
    register seL4_Word a1 __asm__("a1") = info;
    register seL4_Word a7 __asm__("a7") = sys;
    __asm__ __volatile__("ecall" : "+r"(a0), "+r"(a1) : "r"(a7) : "memory");
}

/* Receive-type calls: only a0 in; a0..a5 out.  A notification delivers only a0, so the
 * other outputs are then whatever the registers held. */
LIBSEL4_INLINE_FUNC void libsel4_riscv_sys_recv(seL4_Word sys, seL4_Word src, seL4_Word *out_badge,
                                                seL4_Word *out_info, seL4_Word *out_mr0,
                                                seL4_Word *out_mr1, seL4_Word *out_mr2,
                                                seL4_Word *out_mr3)
{
    register seL4_Word a0 __asm__("a0") = src;
    register seL4_Word a1 __asm__("a1");
    register seL4_Word a2 __asm__("a2");
    register seL4_Word a3 __asm__("a3");
    register seL4_Word a4 __asm__("a4");
    register seL4_Word a5 __asm__("a5");
    register seL4_Word a7 __asm__("a7") = sys;
    __asm__ __volatile__("ecall"
                         : "+r"(a0), "=r"(a1), "=r"(a2), "=r"(a3), "=r"(a4), "=r"(a5)
                         : "r"(a7)
                         : "memory");
    *out_badge = a0;
    *out_info = a1;
    *out_mr0 = a2;
    *out_mr1 = a3;
    *out_mr2 = a4;
    *out_mr3 = a5;
}

/* Send then receive (Call, ReplyRecv, and the debug calls that return a value):
 * a0..a5 in and out. */
LIBSEL4_INLINE_FUNC void libsel4_riscv_sys_send_recv(seL4_Word sys, seL4_Word dest,
                                                     seL4_Word *out_badge, seL4_Word info,
                                                     seL4_Word *out_info, seL4_Word *in_out_mr0,
                                                     seL4_Word *in_out_mr1, seL4_Word *in_out_mr2,
                                                     seL4_Word *in_out_mr3)
{
    seL4_Word v0 = *in_out_mr0, v1 = *in_out_mr1, v2 = *in_out_mr2, v3 = *in_out_mr3;
    register seL4_Word a0 __asm__("a0") = dest;
    register seL4_Word a1 __asm__("a1") = info;
    register seL4_Word a2 __asm__("a2") = v0;
    register seL4_Word a3 __asm__("a3") = v1;
    register seL4_Word a4 __asm__("a4") = v2;
    register seL4_Word a5 __asm__("a5") = v3;
    register seL4_Word a7 __asm__("a7") = sys;
    __asm__ __volatile__("ecall"
                         : "+r"(a0), "+r"(a1), "+r"(a2), "+r"(a3), "+r"(a4), "+r"(a5)
                         : "r"(a7)
                         : "memory");
    *out_badge = a0;
    *out_info = a1;
    *in_out_mr0 = a2;
    *in_out_mr1 = a3;
    *in_out_mr2 = a4;
    *in_out_mr3 = a5;
}

/* Number only (Yield, DebugHalt, DebugSnapshot). */
LIBSEL4_INLINE_FUNC void libsel4_riscv_sys_null(seL4_Word sys)
{
    register seL4_Word a7 __asm__("a7") = sys;
    __asm__ __volatile__("ecall" : : "r"(a7) : "memory");
}

/* Message register n of a ...WithMRs call: *mr if given and inside the message, else 0. */
LIBSEL4_INLINE_FUNC seL4_Word libsel4_mr_in(const seL4_Word *mr, seL4_MessageInfo_t info,
                                            seL4_Word n)
{
    return (mr != seL4_Null && seL4_MessageInfo_get_length(info) > n) ? *mr : 0;
}

LIBSEL4_INLINE_FUNC void libsel4_mr_out(seL4_Word *mr, seL4_Word value)
{
    if (mr != seL4_Null) {
        *mr = value;
    }
}

/* ---- seL4 system calls -------------------------------------------------------------- */

LIBSEL4_INLINE_FUNC void seL4_Send(seL4_CPtr dest, seL4_MessageInfo_t msgInfo)
{
    libsel4_riscv_sys_send(seL4_SysSend, dest, msgInfo.words[0], seL4_GetMR(0), seL4_GetMR(1),
                           seL4_GetMR(2), seL4_GetMR(3));
}

LIBSEL4_INLINE_FUNC void seL4_SendWithMRs(seL4_CPtr dest, seL4_MessageInfo_t msgInfo,
                                          seL4_Word *mr0, seL4_Word *mr1, seL4_Word *mr2,
                                          seL4_Word *mr3)
{
    libsel4_riscv_sys_send(seL4_SysSend, dest, msgInfo.words[0], libsel4_mr_in(mr0, msgInfo, 0),
                           libsel4_mr_in(mr1, msgInfo, 1), libsel4_mr_in(mr2, msgInfo, 2),
                           libsel4_mr_in(mr3, msgInfo, 3));
}

LIBSEL4_INLINE_FUNC void seL4_NBSend(seL4_CPtr dest, seL4_MessageInfo_t msgInfo)
{
    libsel4_riscv_sys_send(seL4_SysNBSend, dest, msgInfo.words[0], seL4_GetMR(0), seL4_GetMR(1),
                           seL4_GetMR(2), seL4_GetMR(3));
}

LIBSEL4_INLINE_FUNC void seL4_NBSendWithMRs(seL4_CPtr dest, seL4_MessageInfo_t msgInfo,
                                            seL4_Word *mr0, seL4_Word *mr1, seL4_Word *mr2,
                                            seL4_Word *mr3)
{
    libsel4_riscv_sys_send(seL4_SysNBSend, dest, msgInfo.words[0], libsel4_mr_in(mr0, msgInfo, 0),
                           libsel4_mr_in(mr1, msgInfo, 1), libsel4_mr_in(mr2, msgInfo, 2),
                           libsel4_mr_in(mr3, msgInfo, 3));
}

/* Reply to the thread whose reply cap sits in this thread's caller slot (no-op if none). */
LIBSEL4_INLINE_FUNC void seL4_Reply(seL4_MessageInfo_t msgInfo)
{
    libsel4_riscv_sys_reply(seL4_SysReply, msgInfo.words[0], seL4_GetMR(0), seL4_GetMR(1),
                            seL4_GetMR(2), seL4_GetMR(3));
}

LIBSEL4_INLINE_FUNC void seL4_ReplyWithMRs(seL4_MessageInfo_t msgInfo, seL4_Word *mr0,
                                           seL4_Word *mr1, seL4_Word *mr2, seL4_Word *mr3)
{
    libsel4_riscv_sys_reply(seL4_SysReply, msgInfo.words[0], libsel4_mr_in(mr0, msgInfo, 0),
                            libsel4_mr_in(mr1, msgInfo, 1), libsel4_mr_in(mr2, msgInfo, 2),
                            libsel4_mr_in(mr3, msgInfo, 3));
}

/* Signal a notification: a Send with an empty message. */
LIBSEL4_INLINE_FUNC void seL4_Signal(seL4_CPtr dest)
{
    libsel4_riscv_sys_send_null(seL4_SysSend, dest, seL4_MessageInfo_new(0, 0, 0, 0).words[0]);
}

/* Shared body of Recv and NBRecv: MR0..3 land in the IPC buffer. */
LIBSEL4_INLINE_FUNC seL4_MessageInfo_t libsel4_recv_ipcbuf(seL4_Word sys, seL4_CPtr src,
                                                           seL4_Word *sender)
{
    seL4_MessageInfo_t info;
    seL4_Word badge, mr0, mr1, mr2, mr3;
    libsel4_riscv_sys_recv(sys, src, &badge, &info.words[0], &mr0, &mr1, &mr2, &mr3);
    seL4_SetMR(0, mr0);
    seL4_SetMR(1, mr1);
    seL4_SetMR(2, mr2);
    seL4_SetMR(3, mr3);
    libsel4_mr_out(sender, badge);
    return info;
}

/* Shared body of RecvWithMRs and NBRecvWithMRs: MR0..3 go through the pointers. */
LIBSEL4_INLINE_FUNC seL4_MessageInfo_t libsel4_recv_mrs(seL4_Word sys, seL4_CPtr src,
                                                        seL4_Word *sender, seL4_Word *mr0,
                                                        seL4_Word *mr1, seL4_Word *mr2,
                                                        seL4_Word *mr3)
{
    seL4_MessageInfo_t info;
    seL4_Word badge, v0, v1, v2, v3;
    libsel4_riscv_sys_recv(sys, src, &badge, &info.words[0], &v0, &v1, &v2, &v3);
    libsel4_mr_out(mr0, v0);
    libsel4_mr_out(mr1, v1);
    libsel4_mr_out(mr2, v2);
    libsel4_mr_out(mr3, v3);
    libsel4_mr_out(sender, badge);
    return info;
}

/* Block until a message or signal arrives on src.  *sender (if not NULL) gets the badge,
 * or the notification word for a signal. */
LIBSEL4_INLINE_FUNC seL4_MessageInfo_t seL4_Recv(seL4_CPtr src, seL4_Word *sender)
{
    return libsel4_recv_ipcbuf(seL4_SysRecv, src, sender);
}

LIBSEL4_INLINE_FUNC seL4_MessageInfo_t seL4_RecvWithMRs(seL4_CPtr src, seL4_Word *sender,
                                                        seL4_Word *mr0, seL4_Word *mr1,
                                                        seL4_Word *mr2, seL4_Word *mr3)
{
    return libsel4_recv_mrs(seL4_SysRecv, src, sender, mr0, mr1, mr2, mr3);
}

/* As seL4_Recv, but return at once if nothing is pending (badge 0 then). */
LIBSEL4_INLINE_FUNC seL4_MessageInfo_t seL4_NBRecv(seL4_CPtr src, seL4_Word *sender)
{
    return libsel4_recv_ipcbuf(seL4_SysNBRecv, src, sender);
}

LIBSEL4_INLINE_FUNC seL4_MessageInfo_t seL4_NBRecvWithMRs(seL4_CPtr src, seL4_Word *sender,
                                                          seL4_Word *mr0, seL4_Word *mr1,
                                                          seL4_Word *mr2, seL4_Word *mr3)
{
    return libsel4_recv_mrs(seL4_SysNBRecv, src, sender, mr0, mr1, mr2, mr3);
}

/* Send and wait for the reply.  Kernel objects answer with label = seL4_Error. */
LIBSEL4_INLINE_FUNC seL4_MessageInfo_t seL4_Call(seL4_CPtr dest, seL4_MessageInfo_t msgInfo)
{
    seL4_MessageInfo_t info;
    seL4_Word badge; /* always 0 for a reply; read only because a0 is an output */
    seL4_Word mr0 = seL4_GetMR(0), mr1 = seL4_GetMR(1), mr2 = seL4_GetMR(2), mr3 = seL4_GetMR(3);
    libsel4_riscv_sys_send_recv(seL4_SysCall, dest, &badge, msgInfo.words[0], &info.words[0], &mr0,
                                &mr1, &mr2, &mr3);
    (void)badge;
    seL4_SetMR(0, mr0);
    seL4_SetMR(1, mr1);
    seL4_SetMR(2, mr2);
    seL4_SetMR(3, mr3);
    return info;
}

LIBSEL4_INLINE_FUNC seL4_MessageInfo_t seL4_CallWithMRs(seL4_CPtr dest, seL4_MessageInfo_t msgInfo,
                                                        seL4_Word *mr0, seL4_Word *mr1,
                                                        seL4_Word *mr2, seL4_Word *mr3)
{
    seL4_MessageInfo_t info;
    seL4_Word badge;
    seL4_Word v0 = libsel4_mr_in(mr0, msgInfo, 0), v1 = libsel4_mr_in(mr1, msgInfo, 1),
              v2 = libsel4_mr_in(mr2, msgInfo, 2), v3 = libsel4_mr_in(mr3, msgInfo, 3);
    libsel4_riscv_sys_send_recv(seL4_SysCall, dest, &badge, msgInfo.words[0], &info.words[0], &v0,
                                &v1, &v2, &v3);
    (void)badge;
    libsel4_mr_out(mr0, v0);
    libsel4_mr_out(mr1, v1);
    libsel4_mr_out(mr2, v2);
    libsel4_mr_out(mr3, v3);
    return info;
}

/* Reply to the caller, then wait on src, in one system call. */
LIBSEL4_INLINE_FUNC seL4_MessageInfo_t seL4_ReplyRecv(seL4_CPtr src, seL4_MessageInfo_t msgInfo,
                                                      seL4_Word *sender)
{
    seL4_MessageInfo_t info;
    seL4_Word badge;
    seL4_Word mr0 = seL4_GetMR(0), mr1 = seL4_GetMR(1), mr2 = seL4_GetMR(2), mr3 = seL4_GetMR(3);
    libsel4_riscv_sys_send_recv(seL4_SysReplyRecv, src, &badge, msgInfo.words[0], &info.words[0],
                                &mr0, &mr1, &mr2, &mr3);
    seL4_SetMR(0, mr0);
    seL4_SetMR(1, mr1);
    seL4_SetMR(2, mr2);
    seL4_SetMR(3, mr3);
    libsel4_mr_out(sender, badge);
    return info;
}

LIBSEL4_INLINE_FUNC seL4_MessageInfo_t seL4_ReplyRecvWithMRs(seL4_CPtr src,
                                                             seL4_MessageInfo_t msgInfo,
                                                             seL4_Word *sender, seL4_Word *mr0,
                                                             seL4_Word *mr1, seL4_Word *mr2,
                                                             seL4_Word *mr3)
{
    seL4_MessageInfo_t info;
    seL4_Word badge;
    seL4_Word v0 = libsel4_mr_in(mr0, msgInfo, 0), v1 = libsel4_mr_in(mr1, msgInfo, 1),
              v2 = libsel4_mr_in(mr2, msgInfo, 2), v3 = libsel4_mr_in(mr3, msgInfo, 3);
    libsel4_riscv_sys_send_recv(seL4_SysReplyRecv, src, &badge, msgInfo.words[0], &info.words[0],
                                &v0, &v1, &v2, &v3);
    libsel4_mr_out(mr0, v0);
    libsel4_mr_out(mr1, v1);
    libsel4_mr_out(mr2, v2);
    libsel4_mr_out(mr3, v3);
    libsel4_mr_out(sender, badge);
    return info;
}

/* Go to the back of this priority's run queue. */
LIBSEL4_INLINE_FUNC void seL4_Yield(void)
{
    libsel4_riscv_sys_null(seL4_SysYield);
}

/* ---- debug system calls (seL4 debug build with printing, as Cantrip-C always is) ----
 * PutChar, DumpScheduler, CapIdentify and NameThread go through the send-recv shape
 * with unused registers zeroed, exactly as seL4's libsel4 issues them, so a kernel sees
 * the same register contents from either library. */

LIBSEL4_INLINE_FUNC void seL4_DebugPutChar(char c)
{
    seL4_Word unused0 = 0, unused1 = 0, unused2 = 0, unused3 = 0, unused4 = 0, unused5 = 0;
    libsel4_riscv_sys_send_recv(seL4_SysDebugPutChar, (seL4_Word)(seL4_Uint8)c, &unused0, 0,
                                &unused1, &unused2, &unused3, &unused4, &unused5);
}

LIBSEL4_INLINE_FUNC void seL4_DebugDumpScheduler(void)
{
    seL4_Word unused0 = 0, unused1 = 0, unused2 = 0, unused3 = 0, unused4 = 0, unused5 = 0;
    libsel4_riscv_sys_send_recv(seL4_SysDebugDumpScheduler, 0, &unused0, 0, &unused1, &unused2,
                                &unused3, &unused4, &unused5);
}

/* Print a message and stop the machine. */
LIBSEL4_INLINE_FUNC void seL4_DebugHalt(void)
{
    libsel4_riscv_sys_null(seL4_SysDebugHalt);
}

/* Dump the capability state (capDL) to the console. */
LIBSEL4_INLINE_FUNC void seL4_DebugSnapshot(void)
{
    libsel4_riscv_sys_null(seL4_SysDebugSnapshot);
}

/* The kernel's type tag of the cap at `cap` (0 if the lookup fails); the values are in
 * sel4/abi/captypes.def. */
LIBSEL4_INLINE_FUNC seL4_Uint32 seL4_DebugCapIdentify(seL4_CPtr cap)
{
    seL4_Word tag, unused0 = 0, unused1 = 0, unused2 = 0, unused3 = 0, unused4 = 0;
    libsel4_riscv_sys_send_recv(seL4_SysDebugCapIdentify, cap, &tag, 0, &unused0, &unused1,
                                &unused2, &unused3, &unused4);
    return (seL4_Uint32)tag;
}

/* Give a TCB a name for kernel debug output.  The name is passed NUL-terminated in the IPC
 * buffer starting at msg[0]; it is truncated to fit the message area because the kernel
 * halts on an unterminated name. */
LIBSEL4_INLINE_FUNC void seL4_DebugNameThread(seL4_CPtr tcb, const char *name)
{
    char *dst = (char *)seL4_GetIPCBuffer()->msg;
    seL4_Word i = 0;
    while (i + 1 < sizeof(seL4_GetIPCBuffer()->msg) && name[i] != '\0') {
        dst[i] = name[i];
        i++;
    }
    dst[i] = '\0';

    seL4_Word unused0 = 0, unused1 = 0, unused2 = 0, unused3 = 0, unused4 = 0, unused5 = 0;
    libsel4_riscv_sys_send_recv(seL4_SysDebugNameThread, tcb, &unused0, 0, &unused1, &unused2,
                                &unused3, &unused4, &unused5);
}
