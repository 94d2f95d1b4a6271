/* Architecture-independent seL4 constants, plus the riscv / riscv64 ones.  Kernel-safe.
 *
 * Values follow seL4 16.0.0 in Cantrip-C's configuration (non-MCS, 256 priorities,
 * retype fan-out 256).  Where seL4 derives a value from a CONFIG_ option, the value is
 * written out here and checked against the option if the includer (the kernel) has
 * defined it, so the two cannot silently disagree. */
#pragma once

#include <sel4/macros.h>
#include <sel4/sel4_arch/constants.h>
#include <sel4/arch/constants.h>

/* Most objects one Untyped_Retype may create (CONFIG_RETYPE_FAN_OUT_LIMIT). */
#define seL4_UntypedRetypeMaxObjects 256

/* "No change" for the cap-data arguments of TCB_Configure / TCB_SetSpace / CNode ops. */
#define seL4_NilData 0

/* seL4_CapRights_t is four bits: Write, Read, Grant, GrantReply (bit 0 upwards). */
#define seL4_CapRightsBits 4

#ifndef __ASSEMBLER__

enum priorityConstants {
    seL4_InvalidPrio = -1,
    seL4_MinPrio = 0,
    seL4_MaxPrio = 255, /* CONFIG_NUM_PRIORITIES - 1 */
};

/* seL4_MessageInfo_t: length in bits 0..6, extraCaps in 7..8, capsUnwrapped in 9..11,
 * label above. */
enum seL4_MsgLimits {
    seL4_MsgLengthBits = 7,
    seL4_MsgExtraCapBits = 2,
    seL4_MsgMaxLength = 120,
};
#define seL4_MsgMaxExtraCaps (LIBSEL4_BIT(seL4_MsgExtraCapBits) - 1)

/* The type word of a lookup failure, as found in MR1 of a FailedLookup error reply and
 * MR3 of a CapFault message. */
typedef enum {
    seL4_NoFailure = 0, /* never sent */
    seL4_InvalidRoot,
    seL4_MissingCapability, /* + bitsLeft */
    seL4_DepthMismatch,     /* + bitsLeft, bitsFound */
    seL4_GuardMismatch,     /* + bitsLeft, guardFound, bitsFound */
    SEL4_FORCE_LONG_ENUM(seL4_LookupFailureType),
} seL4_LookupFailureType;

/* Fault types: the label of a fault message (from sel4/abi/faults.def). */
typedef enum seL4_Fault_tag {
#define SEL4_FAULT(name, label, length) seL4_Fault_##name = (label),
#include <sel4/abi/faults.def>
    SEL4_FORCE_LONG_ENUM(seL4_Fault_tag),
} seL4_Fault_tag_t;

/* Message-register layout of a CapFault.  Words from MR4 on depend on the lookup failure
 * type in MR3 (see seL4_LookupFailureType). */
typedef enum {
    seL4_CapFault_IP,
    seL4_CapFault_Addr,        /* the CPtr that failed */
    seL4_CapFault_InRecvPhase, /* 1 if it was the receive-side lookup of a Recv */
    seL4_CapFault_LookupFailureType,
    seL4_CapFault_BitsLeft,
    seL4_CapFault_DepthMismatch_BitsFound,
    seL4_CapFault_GuardMismatch_GuardFound = seL4_CapFault_DepthMismatch_BitsFound,
    seL4_CapFault_GuardMismatch_BitsFound,
    SEL4_FORCE_LONG_ENUM(seL4_CapFault_Msg),
} seL4_CapFault_Msg;

/* Flags of seL4_TCB_SetFlags. */
typedef enum {
    seL4_TCBFlag_NoFlag = 0x0,
    seL4_TCBFlag_fpuDisabled = 0x1, /* FP instructions raise a UserException */
    seL4_TCBFlag_MASK = 0x1,
    SEL4_FORCE_LONG_ENUM(seL4_TCBFlag),
} seL4_TCBFlag;

/* The fault table's message lengths must agree with the per-fault layouts. */
#define SEL4_FAULT(name, label, length)                                                            \
    SEL4_COMPILE_ASSERT(fault_length_##name,                                                       \
                        (label) != seL4_Fault_VMFault || (length) == seL4_VMFault_Length)          \
    SEL4_COMPILE_ASSERT(fault_length2_##name, (label) != seL4_Fault_UnknownSyscall ||              \
                                                  (length) == seL4_UnknownSyscall_Length)          \
    SEL4_COMPILE_ASSERT(fault_length3_##name, (label) != seL4_Fault_UserException ||               \
                                                  (length) == seL4_UserException_Length)           \
    SEL4_COMPILE_ASSERT(fault_length4_##name,                                                      \
                        (label) != seL4_Fault_CapFault ||                                          \
                            (length) == seL4_CapFault_GuardMismatch_BitsFound + 1)
#include <sel4/abi/faults.def>

/* Cross-check against the kernel's configuration when it is visible. */
#ifdef CONFIG_NUM_PRIORITIES
SEL4_COMPILE_ASSERT(num_priorities, seL4_MaxPrio == CONFIG_NUM_PRIORITIES - 1)
#endif
#ifdef CONFIG_RETYPE_FAN_OUT_LIMIT
SEL4_COMPILE_ASSERT(retype_fan_out, seL4_UntypedRetypeMaxObjects == CONFIG_RETYPE_FAN_OUT_LIMIT)
#endif

#endif /* !__ASSEMBLER__ */
