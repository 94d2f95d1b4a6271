/* Kernel invariant checks, switched on at run time by seL4_CantripDebugInvariants for
 * fuzzing and stress tests.  A violation halts the machine with status 255. */
#pragma once
#include <types.h>

extern bool ks_check_invariants;
void check_invariants(void);
