/* seL4's fixed-width integer names, the machine word and the boolean type.
 *
 * Kernel-safe (freestanding, no asm).  The word-size dependent part lives in
 * sel4/sel4_arch/simple_types.h. */
#pragma once

#include <sel4/sel4_arch/simple_types.h>

#ifndef __ASSEMBLER__

typedef signed char seL4_Int8;
typedef unsigned char seL4_Uint8;
typedef signed short seL4_Int16;
typedef unsigned short seL4_Uint16;
typedef signed int seL4_Int32;
typedef unsigned int seL4_Uint32;

typedef seL4_Int8 seL4_Bool;
#define seL4_True 1
#define seL4_False 0

#define seL4_Null ((void *)0)

/* A capability pointer is a word interpreted by the kernel's CSpace walk. */
typedef seL4_Word seL4_CPtr;

_Static_assert(sizeof(seL4_Int8) == 1 && sizeof(seL4_Int16) == 2 && sizeof(seL4_Int32) == 4 &&
                   sizeof(seL4_Int64) == 8,
               "seL4 integer types have the wrong width");
_Static_assert(sizeof(seL4_Word) == sizeof(void *), "seL4_Word must be pointer sized");

#endif /* !__ASSEMBLER__ */
