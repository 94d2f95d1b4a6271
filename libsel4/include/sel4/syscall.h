/* seL4_Syscall_ID: the system call numbers placed in a7, generated from
 * sel4/abi/syscalls.def.  Kernel-safe. */
#pragma once

#include <sel4/macros.h>

#ifndef __ASSEMBLER__

typedef enum {
#define SEL4_SYSCALL(name, number) seL4_##name = (number),
#include <sel4/abi/syscalls.def>
    SEL4_FORCE_LONG_ENUM(seL4_Syscall_ID)
} seL4_Syscall_ID;

#endif /* !__ASSEMBLER__ */
