/* Decoding fault messages received by a fault handler.  User-only.
 *
 * seL4_getFault(tag) reads the message registers of the message just received (via
 * seL4_GetMR, so call it right after seL4_Recv/seL4_ReplyRecv) and returns a seL4_Fault_t;
 * the accessors have seL4's generated names:
 *   seL4_Fault_get_seL4_FaultType(f)
 *   seL4_Fault_<Fault>_new(fields...), seL4_Fault_<Fault>_get_<Field>(f),
 *   seL4_Fault_<Fault>_set_<Field>(f, v), and the _ptr_get/_ptr_set forms.
 * seL4 packs seL4_Fault_t as a bitfield; only the accessors are API, so here it is simply
 * the fault type followed by the message words. */
#pragma once

#include <sel4/types.h>
#include <sel4/functions.h>

/* Longest fault message (UnknownSyscall). */
#define SEL4_FAULT_MAX_LENGTH_ 11
#define SEL4_FAULT(name, label, length)                                                            \
    SEL4_COMPILE_ASSERT(fault_fits_##name, (length) <= SEL4_FAULT_MAX_LENGTH_)
#include <sel4/abi/faults.def>

typedef struct seL4_Fault {
    seL4_Word words[1 + SEL4_FAULT_MAX_LENGTH_]; /* [0] = seL4_FaultType, then MR0.. */
} seL4_Fault_t;

LIBSEL4_INLINE_FUNC seL4_Word seL4_Fault_get_seL4_FaultType(seL4_Fault_t f)
{
    return f.words[0];
}

LIBSEL4_INLINE_FUNC seL4_Word seL4_Fault_ptr_get_seL4_FaultType(const seL4_Fault_t *f)
{
    return f->words[0];
}

/* Accessors for field `field`, message register `index`, of fault `fault`. */
#define SEL4_FAULT_FIELD_(fault, field, index)                                                     \
    LIBSEL4_INLINE_FUNC seL4_Word seL4_Fault_##fault##_get_##field(seL4_Fault_t f)                 \
    {                                                                                              \
        return f.words[1 + (index)];                                                               \
    }                                                                                              \
    LIBSEL4_INLINE_FUNC seL4_Fault_t seL4_Fault_##fault##_set_##field(seL4_Fault_t f, seL4_Word v) \
    {                                                                                              \
        f.words[1 + (index)] = v;                                                                  \
        return f;                                                                                  \
    }                                                                                              \
    LIBSEL4_INLINE_FUNC seL4_Word seL4_Fault_##fault##_ptr_get_##field(const seL4_Fault_t *f)      \
    {                                                                                              \
        return f->words[1 + (index)];                                                              \
    }                                                                                              \
    LIBSEL4_INLINE_FUNC void seL4_Fault_##fault##_ptr_set_##field(seL4_Fault_t *f, seL4_Word v)    \
    {                                                                                              \
        f->words[1 + (index)] = v;                                                                 \
    }

SEL4_FAULT_FIELD_(CapFault, IP, seL4_CapFault_IP)
SEL4_FAULT_FIELD_(CapFault, Addr, seL4_CapFault_Addr)
SEL4_FAULT_FIELD_(CapFault, InRecvPhase, seL4_CapFault_InRecvPhase)
SEL4_FAULT_FIELD_(CapFault, LookupFailureType, seL4_CapFault_LookupFailureType)
SEL4_FAULT_FIELD_(CapFault, MR4, seL4_CapFault_BitsLeft)
SEL4_FAULT_FIELD_(CapFault, MR5, seL4_CapFault_DepthMismatch_BitsFound)
SEL4_FAULT_FIELD_(CapFault, MR6, seL4_CapFault_GuardMismatch_BitsFound)

SEL4_FAULT_FIELD_(UnknownSyscall, FaultIP, seL4_UnknownSyscall_FaultIP)
SEL4_FAULT_FIELD_(UnknownSyscall, SP, seL4_UnknownSyscall_SP)
SEL4_FAULT_FIELD_(UnknownSyscall, RA, seL4_UnknownSyscall_RA)
SEL4_FAULT_FIELD_(UnknownSyscall, A0, seL4_UnknownSyscall_A0)
SEL4_FAULT_FIELD_(UnknownSyscall, A1, seL4_UnknownSyscall_A1)
SEL4_FAULT_FIELD_(UnknownSyscall, A2, seL4_UnknownSyscall_A2)
SEL4_FAULT_FIELD_(UnknownSyscall, A3, seL4_UnknownSyscall_A3)
SEL4_FAULT_FIELD_(UnknownSyscall, A4, seL4_UnknownSyscall_A4)
SEL4_FAULT_FIELD_(UnknownSyscall, A5, seL4_UnknownSyscall_A5)
SEL4_FAULT_FIELD_(UnknownSyscall, A6, seL4_UnknownSyscall_A6)
SEL4_FAULT_FIELD_(UnknownSyscall, Syscall, seL4_UnknownSyscall_Syscall)

SEL4_FAULT_FIELD_(UserException, FaultIP, seL4_UserException_FaultIP)
SEL4_FAULT_FIELD_(UserException, SP, seL4_UserException_SP)
SEL4_FAULT_FIELD_(UserException, Number, seL4_UserException_Number)
SEL4_FAULT_FIELD_(UserException, Code, seL4_UserException_Code)

SEL4_FAULT_FIELD_(VMFault, IP, seL4_VMFault_IP)
SEL4_FAULT_FIELD_(VMFault, Addr, seL4_VMFault_Addr)
SEL4_FAULT_FIELD_(VMFault, PrefetchFault, seL4_VMFault_PrefetchFault)
SEL4_FAULT_FIELD_(VMFault, FSR, seL4_VMFault_FSR)

#undef SEL4_FAULT_FIELD_

LIBSEL4_INLINE_FUNC seL4_Fault_t seL4_Fault_NullFault_new(void)
{
    seL4_Fault_t f = {{seL4_Fault_NullFault}};
    return f;
}

LIBSEL4_INLINE_FUNC seL4_Fault_t seL4_Fault_CapFault_new(seL4_Word IP, seL4_Word Addr,
                                                         seL4_Word InRecvPhase,
                                                         seL4_Word LookupFailureType, seL4_Word MR4,
                                                         seL4_Word MR5, seL4_Word MR6)
{
    seL4_Fault_t f = {
        {seL4_Fault_CapFault, IP, Addr, InRecvPhase, LookupFailureType, MR4, MR5, MR6}};
    return f;
}

LIBSEL4_INLINE_FUNC seL4_Fault_t seL4_Fault_UnknownSyscall_new(
    seL4_Word FaultIP, seL4_Word SP, seL4_Word RA, seL4_Word A0, seL4_Word A1, seL4_Word A2,
    seL4_Word A3, seL4_Word A4, seL4_Word A5, seL4_Word A6, seL4_Word Syscall)
{
    seL4_Fault_t f = {
        {seL4_Fault_UnknownSyscall, FaultIP, SP, RA, A0, A1, A2, A3, A4, A5, A6, Syscall}};
    return f;
}

LIBSEL4_INLINE_FUNC seL4_Fault_t seL4_Fault_UserException_new(seL4_Word FaultIP, seL4_Word SP,
                                                              seL4_Word Number, seL4_Word Code)
{
    seL4_Fault_t f = {{seL4_Fault_UserException, FaultIP, SP, Number, Code}};
    return f;
}

LIBSEL4_INLINE_FUNC seL4_Fault_t seL4_Fault_VMFault_new(seL4_Word IP, seL4_Word Addr,
                                                        seL4_Word PrefetchFault, seL4_Word FSR)
{
    seL4_Fault_t f = {{seL4_Fault_VMFault, IP, Addr, PrefetchFault, FSR}};
    return f;
}

/* Architecture faults (everything except CapFault). */
LIBSEL4_INLINE_FUNC seL4_Fault_t seL4_getArchFault(seL4_MessageInfo_t tag)
{
    switch (seL4_MessageInfo_get_label(tag)) {
    case seL4_Fault_UnknownSyscall:
        return seL4_Fault_UnknownSyscall_new(
            seL4_GetMR(seL4_UnknownSyscall_FaultIP), seL4_GetMR(seL4_UnknownSyscall_SP),
            seL4_GetMR(seL4_UnknownSyscall_RA), seL4_GetMR(seL4_UnknownSyscall_A0),
            seL4_GetMR(seL4_UnknownSyscall_A1), seL4_GetMR(seL4_UnknownSyscall_A2),
            seL4_GetMR(seL4_UnknownSyscall_A3), seL4_GetMR(seL4_UnknownSyscall_A4),
            seL4_GetMR(seL4_UnknownSyscall_A5), seL4_GetMR(seL4_UnknownSyscall_A6),
            seL4_GetMR(seL4_UnknownSyscall_Syscall));
    case seL4_Fault_UserException:
        return seL4_Fault_UserException_new(
            seL4_GetMR(seL4_UserException_FaultIP), seL4_GetMR(seL4_UserException_SP),
            seL4_GetMR(seL4_UserException_Number), seL4_GetMR(seL4_UserException_Code));
    case seL4_Fault_VMFault:
        return seL4_Fault_VMFault_new(seL4_GetMR(seL4_VMFault_IP), seL4_GetMR(seL4_VMFault_Addr),
                                      seL4_GetMR(seL4_VMFault_PrefetchFault),
                                      seL4_GetMR(seL4_VMFault_FSR));
    default:
        return seL4_Fault_NullFault_new();
    }
}

LIBSEL4_INLINE_FUNC seL4_Fault_t seL4_getFault(seL4_MessageInfo_t tag)
{
    switch (seL4_MessageInfo_get_label(tag)) {
    case seL4_Fault_CapFault:
        return seL4_Fault_CapFault_new(
            seL4_GetMR(seL4_CapFault_IP), seL4_GetMR(seL4_CapFault_Addr),
            seL4_GetMR(seL4_CapFault_InRecvPhase), seL4_GetMR(seL4_CapFault_LookupFailureType),
            seL4_GetMR(seL4_CapFault_BitsLeft), seL4_GetMR(seL4_CapFault_GuardMismatch_GuardFound),
            seL4_GetMR(seL4_CapFault_GuardMismatch_BitsFound));
    default:
        return seL4_getArchFault(tag);
    }
}

LIBSEL4_INLINE_FUNC seL4_Bool seL4_isNullFault_tag(seL4_MessageInfo_t tag)
{
    return seL4_MessageInfo_get_label(tag) == seL4_Fault_NullFault;
}

LIBSEL4_INLINE_FUNC seL4_Bool seL4_isCapFault_tag(seL4_MessageInfo_t tag)
{
    return seL4_MessageInfo_get_label(tag) == seL4_Fault_CapFault;
}

LIBSEL4_INLINE_FUNC seL4_Bool seL4_isUnknownSyscall_tag(seL4_MessageInfo_t tag)
{
    return seL4_MessageInfo_get_label(tag) == seL4_Fault_UnknownSyscall;
}

LIBSEL4_INLINE_FUNC seL4_Bool seL4_isUserException_tag(seL4_MessageInfo_t tag)
{
    return seL4_MessageInfo_get_label(tag) == seL4_Fault_UserException;
}

LIBSEL4_INLINE_FUNC seL4_Bool seL4_isVMFault_tag(seL4_MessageInfo_t tag)
{
    return seL4_MessageInfo_get_label(tag) == seL4_Fault_VMFault;
}
