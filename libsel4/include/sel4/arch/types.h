/* RISC-V capability type names and mapping attributes.  Kernel-safe (plain typedefs). */
#pragma once

#include <sel4/simple_types.h>
#include <sel4/macros.h>

#ifndef __ASSEMBLER__

/* seL4 names capability pointers by the object they designate; all are seL4_CPtr. */
typedef seL4_CPtr seL4_RISCV_Page;
typedef seL4_CPtr seL4_RISCV_PageTable;
typedef seL4_CPtr seL4_RISCV_ASIDControl;
typedef seL4_CPtr seL4_RISCV_ASIDPool;

/* Attributes for Page_Map / PageTable_Map (PageTable_Map ignores them). */
typedef enum {
    seL4_RISCV_ExecuteNever = 0x1,
    seL4_RISCV_Default_VMAttributes = 0,
    SEL4_FORCE_LONG_ENUM(seL4_RISCV_VMAttributes),
} seL4_RISCV_VMAttributes;

/* A register-sized value, as the RISC-V libsel4 stubs call it. */
typedef seL4_Word seL4_Register;

#endif /* !__ASSEMBLER__ */
