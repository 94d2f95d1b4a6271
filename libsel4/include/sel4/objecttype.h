/* seL4_ObjectType and friends, generated from sel4/abi/objecttypes.def with seL4's names:
 *   seL4_ObjectType      generic types, then seL4_NonArchObjectTypeCount
 *   seL4_ModeObjectType  word-size specific types, then seL4_ModeObjectTypeCount
 *   seL4_ArchObjectType  RISC-V types, then seL4_ObjectTypeCount
 * Kernel-safe. */
#pragma once

#include <sel4/simple_types.h>
#include <sel4/macros.h>

#ifndef __ASSEMBLER__

typedef enum api_object {
#define SEL4_OBJECT_TYPE(name, value) name,
#define SEL4_MODE_OBJECT_TYPE(name, value)
#define SEL4_ARCH_OBJECT_TYPE(name, value)
#include <sel4/abi/objecttypes.def>
    seL4_NonArchObjectTypeCount,
} seL4_ObjectType;

typedef enum _mode_object {
    /* Not a type: makes the first mode type equal seL4_NonArchObjectTypeCount. */
    seL4_ModeObjectTypeBase_ = seL4_NonArchObjectTypeCount - 1,
#define SEL4_OBJECT_TYPE(name, value)
#define SEL4_MODE_OBJECT_TYPE(name, value) name,
#define SEL4_ARCH_OBJECT_TYPE(name, value)
#include <sel4/abi/objecttypes.def>
    seL4_ModeObjectTypeCount
} seL4_ModeObjectType;

typedef enum _object {
    /* Not a type: makes the first arch type equal seL4_ModeObjectTypeCount. */
    seL4_ArchObjectTypeBase_ = seL4_ModeObjectTypeCount - 1,
#define SEL4_OBJECT_TYPE(name, value)
#define SEL4_MODE_OBJECT_TYPE(name, value)
#define SEL4_ARCH_OBJECT_TYPE(name, value) name,
#include <sel4/abi/objecttypes.def>
    seL4_ObjectTypeCount
} seL4_ArchObjectType;

/* Positions must match the numbers written in the table. */
#define SEL4_OBJECT_TYPE(name, value) SEL4_COMPILE_ASSERT(object_type_##name, name == (value))
#include <sel4/abi/objecttypes.def>

#endif /* !__ASSEMBLER__ */

#include <sel4/sel4_arch/objecttype.h>
#include <sel4/arch/objecttype.h>
