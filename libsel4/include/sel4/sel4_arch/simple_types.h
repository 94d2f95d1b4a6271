/* riscv64 ("sel4_arch") integer widths: LP64, so a 64-bit integer and a machine word are
 * both `long`.  A riscv32 port supplies its own version of this file (ILP32: 64-bit is
 * `long long`, the word is 32 bits).  Kernel-safe. */
#pragma once

#if defined(__riscv_xlen) && __riscv_xlen != 64
#error "libsel4/include/sel4/sel4_arch holds the riscv64 definitions; riscv32 needs its own"
#endif

#ifndef __ASSEMBLER__
typedef signed long seL4_Int64;
typedef unsigned long seL4_Uint64;

/* The machine word: registers, message registers, capability pointers, badges. */
typedef seL4_Uint64 seL4_Word;
#endif

/* printf conversions for seL4_Word, as seL4 provides them. */
#define SEL4_PRId_word "ld"
#define SEL4_PRIi_word "li"
#define SEL4_PRIu_word "lu"
#define SEL4_PRIx_word "lx"
#define SEL4_PRIo_word "lo"
