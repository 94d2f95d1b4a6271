/* Kernel configuration.  Values mirror seL4's defaults for qemu-riscv-virt so that user
 * programs see the same limits (see ../shared/reference/sel4-riscv64-abi.md §0). */
#pragma once

#define CONFIG_NUM_PRIORITIES 256
#define CONFIG_TIME_SLICE 5 /* ticks */
#define CONFIG_TIMER_TICK_MS 2
#define CONFIG_ROOT_CNODE_SIZE_BITS 12
#define CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS 230
#define CONFIG_RETYPE_FAN_OUT_LIMIT 256
#define CONFIG_NUM_DOMAINS 1
#define CONFIG_NUM_DOMAIN_SCHEDULES 2
#define CONFIG_MAX_NUM_IRQS 96 /* PLIC sources 1..95; 96 is the kernel timer */
#define CONFIG_TCB_NAME_LENGTH 64
#define KERNEL_VERSION_STRING "Cantrip-C kernel 0.1 (seL4 16.0.0 ABI, riscv non-MCS)"
