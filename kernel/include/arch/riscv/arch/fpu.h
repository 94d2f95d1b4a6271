/* Lazy FPU switching: the FPU holds one thread's state at a time (the owner); other
 * threads run with sstatus.FS = Off, and their first FP instruction traps (illegal
 * instruction), which moves the FPU to them.  Context switches cost nothing extra. */
#pragma once
#include <object/structures.h>

/* Called on an illegal-instruction trap; true if it was a first FP use now handled. */
bool fpu_handle_trap(tcb_t *t);
/* The thread goes away or gives up the FPU (TCB deletion, seL4_TCBFlag_fpuDisabled). */
void fpu_release(tcb_t *t);
