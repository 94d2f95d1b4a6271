/* Access to the root task's boot information.  User-only.
 *
 * The kernel passes the address of seL4_BootInfo in a0; the Cantrip-C runtime (crt0 /
 * start.c) records it with seL4_InitBootInfo() before main() runs. */
#pragma once

#include <sel4/types.h>

void seL4_InitBootInfo(seL4_BootInfo *bi);
seL4_BootInfo *seL4_GetBootInfo(void);
