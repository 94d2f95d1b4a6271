#pragma once
#include <object/structures.h>
#include <api/failures.h>

exception_t decode_cnode_invocation(word_t label, word_t length, cap_t cap, word_t *buffer);
