/* The saved user context.  Indices follow seL4's kernel register file so that fault
 * messages and Read/WriteRegisters map one to one (sel4-riscv64-abi.md §2.1). */
#pragma once

#define REG_ra 0
#define REG_sp 1
#define REG_gp 2
#define REG_tp 3
#define REG_t0 4
#define REG_t1 5
#define REG_t2 6
#define REG_s0 7
#define REG_s1 8
#define REG_a0 9
#define REG_a1 10
#define REG_a2 11
#define REG_a3 12
#define REG_a4 13
#define REG_a5 14
#define REG_a6 15
#define REG_a7 16
#define REG_s2 17
#define REG_s3 18
#define REG_s4 19
#define REG_s5 20
#define REG_s6 21
#define REG_s7 22
#define REG_s8 23
#define REG_s9 24
#define REG_s10 25
#define REG_s11 26
#define REG_t3 27
#define REG_t4 28
#define REG_t5 29
#define REG_t6 30
#define REG_SCAUSE 31
#define REG_SSTATUS 32
#define REG_FaultIP 33
#define REG_NextIP 34
#define N_CONTEXT_REGS 35

#define REG_capRegister REG_a0
#define REG_badgeRegister REG_a0
#define REG_msgInfoRegister REG_a1
#define N_MSG_REGISTERS 4
#define N_FRAME_REGISTERS 16
#define N_GP_REGISTERS 16

#ifndef __ASSEMBLER__
extern const unsigned char msgRegisters[N_MSG_REGISTERS];
extern const unsigned char frameRegisters[N_FRAME_REGISTERS];
extern const unsigned char gpRegisters[N_GP_REGISTERS];
#endif
