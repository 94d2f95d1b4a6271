/* Invocation labels, generated from sel4/abi/invocations.def with seL4's enum names:
 *   enum invocation_label            generic labels, then nInvocationLabels
 *   enum sel4_arch_invocation_label  word-size specific labels (none on RISC-V), then
 *                                    nSeL4ArchInvocationLabels
 *   enum arch_invocation_label       RISC-V labels, then nArchInvocationLabels
 * Kernel-safe. */
#pragma once

#include <sel4/macros.h>

#ifndef __ASSEMBLER__

enum invocation_label {
#define SEL4_INVOCATION(name, label) name,
#define SEL4_ARCH_INVOCATION(name, label)
#include <sel4/abi/invocations.def>
    nInvocationLabels
};

/* Neither riscv32 nor riscv64 has word-size specific invocations. */
enum sel4_arch_invocation_label { nSeL4ArchInvocationLabels = nInvocationLabels };

enum arch_invocation_label {
    /* Not a label: makes the first arch label equal nSeL4ArchInvocationLabels. */
    seL4_ArchInvocationLabelBase_ = nSeL4ArchInvocationLabels - 1,
#define SEL4_INVOCATION(name, label)
#define SEL4_ARCH_INVOCATION(name, label) name,
#include <sel4/abi/invocations.def>
    nArchInvocationLabels
};

/* The enums above are numbered by position, as seL4's generator numbers them; the table
 * also spells every number out.  Check that the two agree so a row inserted in the wrong
 * place (or a wrong number) cannot go unnoticed. */
#define SEL4_INVOCATION(name, label) SEL4_COMPILE_ASSERT(invocation_label_##name, name == (label))
#include <sel4/abi/invocations.def>

#endif /* !__ASSEMBLER__ */
