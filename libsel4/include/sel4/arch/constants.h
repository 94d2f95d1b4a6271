/* RISC-V constants common to riscv32 and riscv64: fault message layouts and mapping
 * error details.  Kernel-safe. */
#pragma once

#include <sel4/macros.h>

/* Index of the bitsLeft word in the reply of a Page_Map that failed with FailedLookup
 * (MR0 = source flag, MR1 = lookup failure type, MR2 = bitsLeft). */
#define SEL4_MAPPING_LOOKUP_LEVEL 2

#ifndef __ASSEMBLER__

/* Message-register layout of a VMFault (label seL4_Fault_VMFault). */
typedef enum {
    seL4_VMFault_IP,            /* faulting PC (sepc) */
    seL4_VMFault_Addr,          /* faulting address (stval) */
    seL4_VMFault_PrefetchFault, /* 1 for an instruction fetch */
    seL4_VMFault_FSR,           /* 1 fetch, 5 load, 7 store/AMO (scause, normalised) */
    seL4_VMFault_Length,
    SEL4_FORCE_LONG_ENUM(seL4_VMFault_Msg),
} seL4_VMFault_Msg;

/* Message-register layout of an UnknownSyscall fault.  A reply writes MR0..MR9 back; the
 * handler must advance MR0 (FaultIP) by 4 to skip the ecall. */
typedef enum {
    seL4_UnknownSyscall_FaultIP,
    seL4_UnknownSyscall_SP,
    seL4_UnknownSyscall_RA,
    seL4_UnknownSyscall_A0,
    seL4_UnknownSyscall_A1,
    seL4_UnknownSyscall_A2,
    seL4_UnknownSyscall_A3,
    seL4_UnknownSyscall_A4,
    seL4_UnknownSyscall_A5,
    seL4_UnknownSyscall_A6,
    seL4_UnknownSyscall_Syscall, /* the a7 value */
    seL4_UnknownSyscall_Length,
    SEL4_FORCE_LONG_ENUM(seL4_UnknownSyscall_Msg),
} seL4_UnknownSyscall_Msg;

/* Message-register layout of a UserException fault (any trap other than a page fault or
 * ecall).  A reply writes MR0 (FaultIP) and MR1 (SP) back. */
typedef enum {
    seL4_UserException_FaultIP,
    seL4_UserException_SP,
    seL4_UserException_Number, /* scause */
    seL4_UserException_Code,   /* always 0 on RISC-V */
    seL4_UserException_Length,
    SEL4_FORCE_LONG_ENUM(seL4_UserException_Msg),
} seL4_UserException_Msg;

#endif /* !__ASSEMBLER__ */
