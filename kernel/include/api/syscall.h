/* System-call entry points (called from the trap handler). */
#pragma once
#include <types.h>
#include <api/failures.h>

void handle_syscall(sword_t syscall);
void handle_unknown_syscall(sword_t syscall);
exception_t decode_invocation(word_t label, word_t length, cptr_t cptr, cte_t *slot, cap_t cap,
                              bool block, bool call, word_t *buffer);
