/* RISC-V object-type aliases.  Kernel-safe. */
#pragma once

/* A VSpace root is an ordinary page table on RISC-V. */
#define seL4_RISCV_VSpaceObject seL4_RISCV_PageTableObject
