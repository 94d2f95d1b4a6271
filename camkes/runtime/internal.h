/* Shared between the runtime's own files; not for components or glue. */
#pragma once
#include <camkes/runtime.h>
#include <camkes/spec.h> /* the fixed CNode slots */

/* The notification thread i parks on (camkes_threads[i].ntfn; thread 0's defaults to
 * CAMKES_SLOT_RUNTIME_NTFN). */
seL4_CPtr camkes_thread_ntfn(unsigned i);

/* Blocks the calling thread until *var >= target.  Whoever raises *var must then signal
 * the thread's notification (camkes_thread_ntfn).  Spurious wake-ups are harmless. */
void camkes_park_until(volatile unsigned long *var, unsigned long target);

/* Console output that needs no C library state (safe before constructors have run and
 * from any thread): straight to seL4_DebugPutChar. */
void camkes_raw_puts(const char *s);
void camkes_raw_putu(unsigned long v);
