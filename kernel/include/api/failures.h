/* How kernel operations report failure, as in seL4: an exception code plus details in
 * globals that the syscall layer turns into an error reply or a fault message. */
#pragma once
#include <types.h>
#include <object/structures.h>
#include <sel4/errors.h>

typedef enum exception {
    EXCEPTION_NONE = 0,
    EXCEPTION_FAULT,
    EXCEPTION_LOOKUP_FAULT,
    EXCEPTION_SYSCALL_ERROR,
    EXCEPTION_PREEMPTED,
} exception_t;

typedef struct syscall_error {
    word_t type; /* seL4_Error */
    word_t invalid_argument_number;
    word_t invalid_cap_number;
    word_t range_min, range_max;
    word_t memory_left;
    bool failed_lookup_was_source;
} syscall_error_t;

extern syscall_error_t current_syscall_error;
extern lookup_fault_t current_lookup_fault;
extern fault_t current_fault;

static inline exception_t syscall_error(word_t type)
{
    current_syscall_error.type = type;
    return EXCEPTION_SYSCALL_ERROR;
}
static inline exception_t error_invalid_argument(word_t n)
{
    current_syscall_error.invalid_argument_number = n;
    return syscall_error(seL4_InvalidArgument);
}
static inline exception_t error_invalid_cap(word_t n)
{
    current_syscall_error.invalid_cap_number = n;
    return syscall_error(seL4_InvalidCapability);
}
static inline exception_t error_range(word_t min, word_t max)
{
    current_syscall_error.range_min = min;
    current_syscall_error.range_max = max;
    return syscall_error(seL4_RangeError);
}
static inline exception_t error_failed_lookup(bool source)
{
    current_syscall_error.failed_lookup_was_source = source;
    return syscall_error(seL4_FailedLookup);
}
