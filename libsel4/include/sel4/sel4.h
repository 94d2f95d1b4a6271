/* The seL4 user API for Cantrip-C.  `#include <sel4/sel4.h>` gives everything a program
 * written against seL4's libsel4 (16.0.0, riscv64, non-MCS) expects: types, constants,
 * system calls, invocation stubs, fault decoding and boot information, plus the
 * Cantrip-C extensions of sel4/cantrip.h.  User-only (uses inline asm and TLS). */
#pragma once

#include <sel4/config.h>
#include <sel4/types.h>
#include <sel4/functions.h>
#include <sel4/syscalls.h>
#include <sel4/sel4_client.h>
#include <sel4/faults.h>
#include <sel4/bootinfo.h>
#include <sel4/cantrip.h>
