/* Compile-and-link test for libsel4 and the root-server runtime (`make libsel4-check`).
 *
 * exercise_everything() calls every system call stub and every invocation stub once; it
 * is never run (main() only takes its address), but it must compile cleanly with the
 * user flags and link with crt0/start.c/rootserver.ld and picolibc.  The static
 * assertions pin the binary layouts to the seL4 riscv64 ABI.  probe_call() exists so the
 * register use of seL4_Call can be checked with objdump:
 *   riscv64-unknown-elf-objdump -d build/.../libsel4/compile_all.elf | grep -A20 probe_call */
#include <sel4/sel4.h>

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

/* ---- layouts ----------------------------------------------------------------------- */

_Static_assert(sizeof(seL4_Word) == 8, "riscv64 word");
_Static_assert(offsetof(seL4_IPCBuffer, tag) == 0, "tag");
_Static_assert(offsetof(seL4_IPCBuffer, msg) == 8, "msg");
_Static_assert(offsetof(seL4_IPCBuffer, userData) == 968, "userData");
_Static_assert(offsetof(seL4_IPCBuffer, caps_or_badges) == 976, "caps_or_badges");
_Static_assert(offsetof(seL4_IPCBuffer, receiveCNode) == 1000, "receiveCNode");
_Static_assert(offsetof(seL4_IPCBuffer, receiveIndex) == 1008, "receiveIndex");
_Static_assert(offsetof(seL4_IPCBuffer, receiveDepth) == 1016, "receiveDepth");
_Static_assert(sizeof(seL4_IPCBuffer) == 1024 && _Alignof(seL4_IPCBuffer) == 1024, "IPC buffer");

_Static_assert(sizeof(seL4_UserContext) == 256, "UserContext");
_Static_assert(offsetof(seL4_UserContext, gp) == 24 && offsetof(seL4_UserContext, s11) == 120 &&
                   offsetof(seL4_UserContext, a0) == 128 && offsetof(seL4_UserContext, a7) == 184 &&
                   offsetof(seL4_UserContext, t0) == 192 && offsetof(seL4_UserContext, tp) == 248,
               "UserContext order");

_Static_assert(offsetof(seL4_BootInfo, extraLen) == 0, "extraLen");
_Static_assert(offsetof(seL4_BootInfo, nodeID) == 8, "nodeID");
_Static_assert(offsetof(seL4_BootInfo, numNodes) == 16, "numNodes");
_Static_assert(offsetof(seL4_BootInfo, numIOPTLevels) == 24, "numIOPTLevels");
_Static_assert(offsetof(seL4_BootInfo, ipcBuffer) == 32, "ipcBuffer");
_Static_assert(offsetof(seL4_BootInfo, empty) == 40, "empty");
_Static_assert(offsetof(seL4_BootInfo, sharedFrames) == 56, "sharedFrames");
_Static_assert(offsetof(seL4_BootInfo, userImageFrames) == 72, "userImageFrames");
_Static_assert(offsetof(seL4_BootInfo, userImagePaging) == 88, "userImagePaging");
_Static_assert(offsetof(seL4_BootInfo, ioSpaceCaps) == 104, "ioSpaceCaps");
_Static_assert(offsetof(seL4_BootInfo, extraBIPages) == 120, "extraBIPages");
_Static_assert(offsetof(seL4_BootInfo, initThreadCNodeSizeBits) == 136, "initThreadCNodeSizeBits");
_Static_assert(offsetof(seL4_BootInfo, initThreadDomain) == 144, "initThreadDomain");
_Static_assert(offsetof(seL4_BootInfo, untyped) == 152, "untyped");
_Static_assert(offsetof(seL4_BootInfo, untypedList) == 168, "untypedList");
_Static_assert(sizeof(seL4_BootInfo) == 3848, "BootInfo size");
_Static_assert(sizeof(seL4_UntypedDesc) == 16 && offsetof(seL4_UntypedDesc, sizeBits) == 8 &&
                   offsetof(seL4_UntypedDesc, isDevice) == 9,
               "UntypedDesc");
_Static_assert(sizeof(seL4_BootInfoHeader) == 16 && SEL4_BOOTINFO_HEADER_FDT == 6, "header");

_Static_assert(seL4_CapInitThreadTCB == 1 && seL4_CapInitThreadCNode == 2 &&
                   seL4_CapInitThreadPD == 3 && seL4_CapBootInfoFrame == 9 &&
                   seL4_CapInitThreadIPCBuffer == 10 && seL4_CapDomain == 11 &&
                   seL4_NumInitialCaps == 16,
               "initial caps");

_Static_assert(seL4_MsgMaxLength == 120 && seL4_MsgMaxExtraCaps == 3 && seL4_MsgLengthBits == 7 &&
                   seL4_MsgExtraCapBits == 2,
               "message limits");
_Static_assert(seL4_PageBits == 12 && seL4_LargePageBits == 21 && seL4_HugePageBits == 30 &&
                   seL4_SlotBits == 5 && seL4_TCBBits == 11 && seL4_EndpointBits == 4 &&
                   seL4_NotificationBits == 5 && seL4_ASIDPoolBits == 12 &&
                   seL4_MaxUntypedBits == 38 && seL4_UserTop == 0x3ffffff000ul &&
                   seL4_UserVSpaceTop == 0x3fffffefffull,
               "sizes");
_Static_assert(seL4_VMFault_FSR == 3 && seL4_UnknownSyscall_Syscall == 10 &&
                   seL4_UserException_Code == 3 && seL4_CapFault_GuardMismatch_BitsFound == 6,
               "fault layouts");
_Static_assert(seL4_RISCV_Tera_Page == 0xffffffff &&
                   seL4_RISCV_VSpaceObject == seL4_RISCV_PageTableObject,
               "object aliases");

/* ---- bitfield packing (checked at start-up of this test, see main) ------------------ */

static int check_packing(void)
{
    int bad = 0;
    seL4_MessageInfo_t info = seL4_MessageInfo_new(0x12345, 5, 2, 0x41);
    /* (label << 12) | (capsUnwrapped << 9) | (extraCaps << 7) | length */
    bad |= info.words[0] != ((0x12345ul << 12) | (5ul << 9) | (2ul << 7) | 0x41ul);
    bad |= seL4_MessageInfo_get_label(info) != 0x12345 ||
           seL4_MessageInfo_get_capsUnwrapped(info) != 5 ||
           seL4_MessageInfo_get_extraCaps(info) != 2 || seL4_MessageInfo_get_length(info) != 0x41;
    info = seL4_MessageInfo_set_length(info, 0x80); /* masked to 7 bits */
    bad |= seL4_MessageInfo_get_length(info) != 0;
    seL4_MessageInfo_ptr_set_label(&info, 0xfffffffffffffull);
    bad |= seL4_MessageInfo_ptr_get_label(&info) != 0xfffffffffffffull;

    bad |= seL4_AllRights.words[0] != 0xf || seL4_ReadWrite.words[0] != 0x3 ||
           seL4_CanRead.words[0] != 0x2 || seL4_CanWrite.words[0] != 0x1 ||
           seL4_CanGrant.words[0] != 0x4 || seL4_CanGrantReply.words[0] != 0x8 ||
           seL4_NoWrite.words[0] != 0xe || seL4_NoRead.words[0] != 0xd ||
           seL4_NoRights.words[0] != 0;
    bad |= seL4_CNode_CapData_new(0x5, 52).words[0] != ((0x5ul << 6) | 52);
    return bad;
}

/* ---- every stub once --------------------------------------------------------------- */

__attribute__((noinline)) seL4_MessageInfo_t probe_call(seL4_CPtr dest, seL4_MessageInfo_t info)
{
    return seL4_Call(dest, info);
}

void exercise_everything(seL4_CPtr cap);
void exercise_everything(seL4_CPtr cap)
{
    seL4_Word badge = 0, m0 = 1, m1 = 2, m2 = 3, m3 = 4;
    seL4_MessageInfo_t info = seL4_MessageInfo_new(7, 0, 0, 4);
    seL4_UserContext regs = {0};
    seL4_CPtr cnode = 0, index = 0;
    seL4_Word depth = 0;
    seL4_Error err = seL4_NoError;

    /* System calls. */
    seL4_Send(cap, info);
    seL4_NBSend(cap, info);
    seL4_SendWithMRs(cap, info, &m0, &m1, NULL, &m3);
    seL4_NBSendWithMRs(cap, info, &m0, &m1, &m2, &m3);
    info = seL4_Call(cap, info);
    info = seL4_CallWithMRs(cap, info, &m0, &m1, &m2, &m3);
    info = seL4_Recv(cap, &badge);
    info = seL4_Recv(cap, NULL);
    info = seL4_RecvWithMRs(cap, &badge, &m0, &m1, &m2, &m3);
    info = seL4_NBRecv(cap, &badge);
    info = seL4_NBRecvWithMRs(cap, &badge, &m0, NULL, &m2, &m3);
    seL4_Reply(info);
    seL4_ReplyWithMRs(info, &m0, &m1, &m2, &m3);
    info = seL4_ReplyRecv(cap, info, &badge);
    info = seL4_ReplyRecvWithMRs(cap, info, &badge, &m0, &m1, &m2, &m3);
    seL4_Yield();
    seL4_Signal(cap);
    seL4_Wait(cap, &badge);
    info = seL4_Poll(cap, &badge);

    /* Debug calls. */
    seL4_DebugPutChar('x');
    seL4_DebugPutString("string\n");
    seL4_DebugDumpScheduler();
    seL4_DebugSnapshot();
    badge += seL4_DebugCapIdentify(cap);
    seL4_DebugNameThread(seL4_CapInitThreadTCB, "compile_all");

    /* IPC buffer access. */
    seL4_SetMR(5, seL4_GetMR(4));
    seL4_SetUserData(seL4_GetUserData() + badge);
    seL4_SetCap(1, seL4_GetCap(0) + seL4_GetBadge(2));
    seL4_GetCapReceivePath(&cnode, &index, &depth);
    seL4_GetCapReceivePath(NULL, NULL, NULL);
    seL4_SetCapReceivePath(cnode, index, depth);
    badge += seL4_MappingFailedLookupLevel() == SEL4_MAPPING_LOOKUP_NO_PT;

    /* Fault decoding. */
    seL4_Fault_t fault = seL4_getFault(info);
    switch (seL4_Fault_get_seL4_FaultType(fault)) {
    case seL4_Fault_VMFault:
        badge += seL4_Fault_VMFault_get_IP(fault) + seL4_Fault_VMFault_get_Addr(fault) +
                 seL4_Fault_VMFault_get_PrefetchFault(fault) + seL4_Fault_VMFault_get_FSR(fault);
        break;
    case seL4_Fault_CapFault:
        badge += seL4_Fault_CapFault_get_IP(fault) + seL4_Fault_CapFault_get_Addr(fault) +
                 seL4_Fault_CapFault_get_InRecvPhase(fault) +
                 seL4_Fault_CapFault_get_LookupFailureType(fault) +
                 seL4_Fault_CapFault_get_MR4(fault) + seL4_Fault_CapFault_get_MR5(fault) +
                 seL4_Fault_CapFault_get_MR6(fault);
        break;
    case seL4_Fault_UnknownSyscall:
        badge += seL4_Fault_UnknownSyscall_get_FaultIP(fault) +
                 seL4_Fault_UnknownSyscall_get_Syscall(fault) +
                 seL4_Fault_UnknownSyscall_get_A0(fault);
        seL4_Fault_UnknownSyscall_ptr_set_FaultIP(&fault, 0);
        break;
    case seL4_Fault_UserException:
        badge +=
            seL4_Fault_UserException_get_FaultIP(fault) + seL4_Fault_UserException_get_SP(fault) +
            seL4_Fault_UserException_get_Number(fault) + seL4_Fault_UserException_get_Code(fault);
        break;
    default:
        break;
    }
    badge += seL4_isVMFault_tag(info) + seL4_isCapFault_tag(info) +
             seL4_isUnknownSyscall_tag(info) + seL4_isUserException_tag(info) +
             seL4_isNullFault_tag(info);

    /* Every invocation label. */
    err |= seL4_Untyped_Retype(cap, seL4_EndpointObject, 0, seL4_CapInitThreadCNode, 0, 0, 100, 1);
    err |= seL4_TCB_ReadRegisters(cap, 1, 0, sizeof(regs) / sizeof(seL4_Word), &regs);
    err |= seL4_TCB_WriteRegisters(cap, 1, 0, sizeof(regs) / sizeof(seL4_Word), &regs);
    err |= seL4_TCB_CopyRegisters(cap, cap, 1, 1, 1, 1, 0);
    err |= seL4_TCB_Configure(cap, 0, seL4_CapInitThreadCNode, seL4_NilData,
                              seL4_CapInitThreadVSpace, seL4_NilData, 0x20000, cap);
    err |= seL4_TCB_SetPriority(cap, seL4_CapInitThreadTCB, seL4_MaxPrio);
    err |= seL4_TCB_SetMCPriority(cap, seL4_CapInitThreadTCB, seL4_MaxPrio);
    err |= seL4_TCB_SetSchedParams(cap, seL4_CapInitThreadTCB, seL4_MaxPrio, seL4_MinPrio);
    err |= seL4_TCB_SetIPCBuffer(cap, 0x20000, cap);
    err |= seL4_TCB_SetSpace(cap, 0, seL4_CapInitThreadCNode,
                             seL4_CNode_CapData_new(0, seL4_WordBits - 12).words[0],
                             seL4_CapInitThreadVSpace, seL4_NilData);
    err |= seL4_TCB_Suspend(cap);
    err |= seL4_TCB_Resume(cap);
    err |= seL4_TCB_BindNotification(cap, cap);
    err |= seL4_TCB_UnbindNotification(cap);
    err |= seL4_TCB_SetTLSBase(cap, 0x1000);
    seL4_TCB_SetFlags_t flags = seL4_TCB_SetFlags(cap, 0, seL4_TCBFlag_fpuDisabled);
    err |= flags.error;
    err |= seL4_CNode_Revoke(cap, 5, seL4_WordBits);
    err |= seL4_CNode_Delete(cap, 5, seL4_WordBits);
    err |= seL4_CNode_CancelBadgedSends(cap, 5, seL4_WordBits);
    err |= seL4_CNode_Copy(cap, 6, seL4_WordBits, cap, 5, seL4_WordBits, seL4_AllRights);
    err |= seL4_CNode_Mint(cap, 6, seL4_WordBits, cap, 5, seL4_WordBits, seL4_ReadWrite, 42);
    err |= seL4_CNode_Move(cap, 6, seL4_WordBits, cap, 5, seL4_WordBits);
    err |= seL4_CNode_Mutate(cap, 6, seL4_WordBits, cap, 5, seL4_WordBits, 0);
    err |= seL4_CNode_Rotate(cap, 6, seL4_WordBits, 1, cap, 7, seL4_WordBits, 2, cap, 8,
                             seL4_WordBits);
    err |= seL4_CNode_SaveCaller(cap, 9, seL4_WordBits);
    err |= seL4_IRQControl_Get(seL4_CapIRQControl, 10, cap, 11, seL4_WordBits);
    err |= seL4_IRQControl_GetTrigger(seL4_CapIRQControl, 10, 1, cap, 11, seL4_WordBits);
    err |= seL4_IRQHandler_Ack(cap);
    err |= seL4_IRQHandler_SetNotification(cap, cap);
    err |= seL4_IRQHandler_Clear(cap);
    err |= seL4_DomainSet_Set(seL4_CapDomain, 0, cap);
    err |= seL4_DomainSet_ScheduleConfigure(seL4_CapDomain, 0, 0, 1000);
    err |= seL4_DomainSet_ScheduleSetStart(seL4_CapDomain, 0);
    err |= seL4_RISCV_PageTable_Map(cap, seL4_CapInitThreadVSpace, 0x40000000,
                                    seL4_RISCV_Default_VMAttributes);
    err |= seL4_RISCV_PageTable_Unmap(cap);
    err |= seL4_RISCV_Page_Map(cap, seL4_CapInitThreadVSpace, 0x40000000, seL4_ReadWrite,
                               seL4_RISCV_ExecuteNever);
    err |= seL4_RISCV_Page_Unmap(cap);
    seL4_RISCV_Page_GetAddress_t addr = seL4_RISCV_Page_GetAddress(cap);
    err |= addr.error;
    err |= seL4_RISCV_ASIDControl_MakePool(seL4_CapASIDControl, cap, cap, 12, seL4_WordBits);
    err |= seL4_RISCV_ASIDPool_Assign(seL4_CapInitThreadASIDPool, cap);

    seL4_BootInfo *bi = seL4_GetBootInfo();
    printf("%d %" SEL4_PRIx_word " %" SEL4_PRIu_word " %p %" SEL4_PRIx_word "\n", (int)err, badge,
           flags.flags + addr.paddr, (void *)bi->ipcBuffer, bi->untypedList[0].paddr);
    if (err != seL4_NoError) {
        seL4_DebugHalt();
    }
    seL4_CantripDebugExit(3);
}

/* Referenced from main() so that exercise_everything() and probe_call() survive
 * --gc-sections without being run. */
void (*volatile keep_exercise)(seL4_CPtr) = exercise_everything;
seL4_MessageInfo_t (*volatile keep_probe)(seL4_CPtr, seL4_MessageInfo_t) = probe_call;

int main(void)
{
    void *p = malloc(64);
    printf("compile_all: packing %s\n", check_packing() ? "BAD" : "ok");
    free(p);
    /* Reading the volatile pointers keeps the never-run functions through --gc-sections. */
    return check_packing() | (keep_exercise == NULL) | (keep_probe == NULL);
}
