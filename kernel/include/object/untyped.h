#pragma once
#include <object/structures.h>
#include <api/failures.h>

exception_t decode_untyped_invocation(word_t label, word_t length, cte_t *slot, cap_t cap,
                                      word_t *buffer);
