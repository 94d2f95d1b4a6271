/* IRQControl / IRQHandler capabilities and interrupt dispatch to notifications. */
#pragma once
#include <object/structures.h>
#include <api/failures.h>

void irq_deactivate(word_t irq);
void handle_interrupt(word_t irq);
exception_t decode_irq_control_invocation(word_t label, word_t length, cte_t *src_slot,
                                          word_t *buffer);
exception_t decode_irq_handler_invocation(word_t label, word_t irq);
void interrupt_init(void);
