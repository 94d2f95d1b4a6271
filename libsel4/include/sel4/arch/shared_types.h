/* RISC-V data structures shared with the kernel.  Kernel-safe. */
#pragma once

#include <sel4/simple_types.h>
#include <sel4/macros.h>

#ifndef __ASSEMBLER__

/* Register file as seen by TCB_ReadRegisters / WriteRegisters / CopyRegisters: 32 words
 * in the order of sel4/arch/user_context.def (pc, ra, sp, gp, s0..s11, a0..a7, t0..t6,
 * tp).  The invocation stubs treat it as that sequence of words. */
typedef struct seL4_UserContext_ {
#define SEL4_USER_CONTEXT_REG(name) seL4_Word name;
#include <sel4/arch/user_context.def>
} seL4_UserContext;

SEL4_COMPILE_ASSERT(user_context_size, sizeof(seL4_UserContext) == 32 * sizeof(seL4_Word))
SEL4_COMPILE_ASSERT(user_context_pc, SEL4_OFFSETOF(seL4_UserContext, pc) == 0)
SEL4_COMPILE_ASSERT(user_context_s0, SEL4_OFFSETOF(seL4_UserContext, s0) == 4 * sizeof(seL4_Word))
SEL4_COMPILE_ASSERT(user_context_a0, SEL4_OFFSETOF(seL4_UserContext, a0) == 16 * sizeof(seL4_Word))
SEL4_COMPILE_ASSERT(user_context_t0, SEL4_OFFSETOF(seL4_UserContext, t0) == 24 * sizeof(seL4_Word))
SEL4_COMPILE_ASSERT(user_context_tp, SEL4_OFFSETOF(seL4_UserContext, tp) == 31 * sizeof(seL4_Word))

#endif /* !__ASSEMBLER__ */
