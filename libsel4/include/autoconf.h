/* seL4 programs include <autoconf.h> for the kernel configuration; on Cantrip-C it is
 * sel4/config.h. */
#pragma once
#include <sel4/config.h>
