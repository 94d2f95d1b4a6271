/* seL4_Error, generated from sel4/abi/errors.def.  Kernel-safe. */
#pragma once

#include <sel4/macros.h>

#ifndef __ASSEMBLER__

typedef enum {
#define SEL4_ERROR(name, number) name,
#include <sel4/abi/errors.def>
    seL4_NumErrors,
    SEL4_FORCE_LONG_ENUM(seL4_Error),
} seL4_Error;

#define SEL4_ERROR(name, number) SEL4_COMPILE_ASSERT(error_##name, name == (number))
#include <sel4/abi/errors.def>

#endif /* !__ASSEMBLER__ */
