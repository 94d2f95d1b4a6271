/* riscv64 object-type aliases.  Kernel-safe. */
#pragma once

/* With three page-table levels (Sv39) there is no 512 GiB page.  seL4 still defines the
 * name, as a value no Retype accepts, so that generic code compiles. */
#define seL4_RISCV_Tera_Page 0xffffffff
