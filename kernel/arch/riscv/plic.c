/* PLIC driver: sources are enabled only while a user IRQ handler has a notification. */
#include <arch/plic.h>
#include <util.h>

#define PLIC_PRIORITY(irq) ((irq)*4)
#define PLIC_ENABLE(ctx) (0x2000 + (ctx)*0x80)
#define PLIC_THRESHOLD(ctx) (0x200000 + (ctx)*0x1000)
#define PLIC_CLAIM(ctx) (0x200004 + (ctx)*0x1000)

static volatile uint8_t *plic;
static word_t context;
static word_t nsources;

static inline volatile uint32_t *reg(word_t off)
{
    return (volatile uint32_t *)(plic + off);
}

void plic_init(volatile uint32_t *base, word_t hart_id, word_t ndev)
{
    plic = (volatile uint8_t *)base;
    context = 2 * hart_id + 1; /* QEMU virt: M-mode context 2h, S-mode 2h+1 */
    nsources = ndev;
    for (word_t i = 1; i <= ndev; i++) {
        *reg(PLIC_PRIORITY(i)) = 1;
        plic_mask(i, true);
    }
    *reg(PLIC_THRESHOLD(context)) = 0;
}

word_t plic_num_sources(void)
{
    return nsources;
}

void plic_mask(word_t irq, bool masked)
{
    if (!plic || irq == 0 || irq > nsources) return;
    volatile uint32_t *en = reg(PLIC_ENABLE(context) + (irq / 32) * 4);
    if (masked)
        *en &= ~(1u << (irq % 32));
    else
        *en |= 1u << (irq % 32);
}

word_t plic_claim(void)
{
    return plic ? *reg(PLIC_CLAIM(context)) : 0;
}

void plic_complete(word_t irq)
{
    if (plic) *reg(PLIC_CLAIM(context)) = (uint32_t)irq;
}
