/* Platform-level interrupt controller (PLIC), S-mode context of the boot hart. */
#pragma once
#include <types.h>

void plic_init(volatile uint32_t *base, word_t hart_id, word_t ndev);
word_t plic_claim(void); /* 0 = nothing pending */
void plic_complete(word_t irq);
void plic_mask(word_t irq, bool masked);
word_t plic_num_sources(void);
