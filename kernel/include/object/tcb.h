/* TCB objects and their invocations. */
#pragma once
#include <object/structures.h>
#include <api/failures.h>

void tcb_init(tcb_object_t *obj);
void tcb_unlink(tcb_t *t);
tcb_t *tcb_list_head(void);
exception_t decode_tcb_invocation(word_t label, word_t length, cap_t cap, cte_t *slot, bool call,
                                  word_t *buffer);
exception_t decode_domain_invocation(word_t label, word_t length, word_t *buffer);
void kstrncpy_name(char *dst, const char *src);
