/* Basic kernel types.  Word-size generic: everything that holds an address or a
 * user-visible register is a word_t. */
#pragma once
#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

typedef uintptr_t word_t;
typedef intptr_t sword_t;
typedef uint64_t paddr_t; /* physical addresses can exceed the word on RV32 (Sv32: 34 bits) */
typedef word_t vptr_t;    /* user virtual address */
typedef word_t cptr_t;    /* capability pointer */
typedef word_t prio_t;

#define WORD_BITS (sizeof(word_t) * 8)
#define WORD_SIZE_BITS (sizeof(word_t) == 8 ? 3 : 2)
