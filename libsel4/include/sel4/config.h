/* The kernel configuration as seen by user programs: the seL4 CONFIG_ options that
 * describe Cantrip-C (seL4 16.0.0 reference build for qemu-riscv-virt, riscv64, non-MCS,
 * debug build with printing, single core).  seL4 programs test these with #ifdef / #if.
 * Options seL4 leaves undefined when off (MCS, SMP, benchmarks, hypervisor, hardware
 * debug API, SET_TLS_BASE_SELF, ...) are simply not defined here.  User-only: the kernel
 * has its own config.h. */
#pragma once

#define CONFIG_ARCH_RISCV 1
#define CONFIG_ARCH_RISCV64 1
#define CONFIG_SEL4_ARCH_RISCV64 1
#define CONFIG_PLAT_QEMU_RISCV_VIRT 1
#define CONFIG_WORD_SIZE 64
#define CONFIG_PT_LEVELS 3
#define CONFIG_HAVE_FPU 1
#define CONFIG_RISCV_SV39 1

#define CONFIG_DEBUG_BUILD 1
#define CONFIG_PRINTING 1
#define CONFIG_FASTPATH 1

#define CONFIG_MAX_NUM_NODES 1
#define CONFIG_NUM_PRIORITIES 256
#define CONFIG_NUM_DOMAINS 1
#define CONFIG_NUM_DOMAIN_SCHEDULES 2
#define CONFIG_TIMER_TICK_MS 2
#define CONFIG_TIME_SLICE 5
#define CONFIG_ROOT_CNODE_SIZE_BITS 12
#define CONFIG_RETYPE_FAN_OUT_LIMIT 256
#define CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS 230
#define CONFIG_MAX_NUM_WORK_UNITS_PER_PREEMPTION 100
#define CONFIG_PADDR_USER_DEVICE_TOP 549755813888
#define CONFIG_KERNEL_STACK_BITS 12
