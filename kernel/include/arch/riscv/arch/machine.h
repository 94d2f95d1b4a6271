/* RISC-V supervisor-mode machine access. */
#pragma once
#include <types.h>
#include <util.h>

#define read_csr(reg)                                                                              \
    ({                                                                                             \
        word_t v_;                                                                                 \
        asm volatile("csrr %0, " #reg : "=r"(v_));                                                 \
        v_;                                                                                        \
    })
#define write_csr(reg, val) asm volatile("csrw " #reg ", %0" ::"rK"((word_t)(val)) : "memory")
#define set_csr(reg, bits) asm volatile("csrs " #reg ", %0" ::"rK"((word_t)(bits)) : "memory")
#define clear_csr(reg, bits) asm volatile("csrc " #reg ", %0" ::"rK"((word_t)(bits)) : "memory")

#define SSTATUS_SIE BIT(1)
#define SSTATUS_SPIE BIT(5)
#define SSTATUS_SPP BIT(8)
#define SSTATUS_FS_MASK (3ul << 13)
#define SSTATUS_SUM BIT(18)
#define SIE_SSIE BIT(1)
#define SIE_STIE BIT(5)
#define SIE_SEIE BIT(9)

#define SCAUSE_INTERRUPT BIT(WORD_BITS - 1)
#define IRQ_S_TIMER 5
#define IRQ_S_EXT 9

enum riscv_exception {
    EXC_INST_MISALIGNED = 0,
    EXC_INST_ACCESS = 1,
    EXC_ILLEGAL_INST = 2,
    EXC_BREAKPOINT = 3,
    EXC_LOAD_MISALIGNED = 4,
    EXC_LOAD_ACCESS = 5,
    EXC_STORE_MISALIGNED = 6,
    EXC_STORE_ACCESS = 7,
    EXC_ECALL_U = 8,
    EXC_INST_PAGE_FAULT = 12,
    EXC_LOAD_PAGE_FAULT = 13,
    EXC_STORE_PAGE_FAULT = 15,
};

static inline void sfence_vma_all(void)
{
    asm volatile("sfence.vma" ::: "memory");
}
static inline void sfence_vma_asid(word_t asid)
{
    asm volatile("sfence.vma x0, %0" ::"r"(asid) : "memory");
}
static inline void fence_i(void)
{
    asm volatile("fence.i" ::: "memory");
}
static inline word_t read_time(void)
{
    word_t t;
    asm volatile("rdtime %0" : "=r"(t));
    return t;
}
/* A timer or external interrupt is waiting (the kernel runs with interrupts masked). */
static inline bool interrupt_pending(void)
{
    return read_csr(sip) & (SIE_STIE | SIE_SEIE);
}
static inline void wait_for_interrupt(void)
{
    asm volatile("wfi");
}

/* SBI calls (the firmware interface OpenSBI provides). */
struct sbiret {
    word_t error;
    word_t value;
};
struct sbiret sbi_call(word_t ext, word_t fid, word_t a0, word_t a1, word_t a2);
void sbi_console_putchar(int c);
void sbi_set_timer(uint64_t when);
NORETURN void sbi_shutdown(int failure);
