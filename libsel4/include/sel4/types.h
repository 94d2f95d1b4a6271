/* All seL4 type names: integer types, capability type names, kernel data formats,
 * object types, errors, constants.  Everything here is plain C and kernel-safe; the
 * user-only parts of libsel4 (syscall stubs, IPC-buffer access) are in sel4/sel4.h. */
#pragma once

#include <sel4/simple_types.h>
#include <sel4/macros.h>
#include <sel4/syscall.h>
#include <sel4/invocation.h>
#include <sel4/errors.h>
#include <sel4/objecttype.h>
#include <sel4/constants.h>
#include <sel4/shared_types.h>
#include <sel4/bootinfo_types.h>
#include <sel4/arch/types.h>

#ifndef __ASSEMBLER__

typedef seL4_Word seL4_PAddr;
typedef seL4_Uint64 seL4_Time;

typedef seL4_CPtr seL4_CNode;
typedef seL4_CPtr seL4_IRQHandler;
typedef seL4_CPtr seL4_IRQControl;
typedef seL4_CPtr seL4_TCB;
typedef seL4_CPtr seL4_Untyped;
typedef seL4_CPtr seL4_DomainSet;

/* Raw object-type words, as libsel4 names them. */
typedef seL4_Word api_object_t;

#endif /* !__ASSEMBLER__ */
