/* Lazy FPU ownership (see arch/fpu.h). */
#include <arch/fpu.h>
#include <arch/machine.h>
#include <sel4/constants.h>

#define FS_OFF 0ul
#define FS_CLEAN (2ul << 13)

void fpu_save_state(word_t *area);
void fpu_load_state(const word_t *area);

static tcb_t *fpu_owner;

bool fpu_handle_trap(tcb_t *t)
{
    if ((t->regs[REG_SSTATUS] & SSTATUS_FS_MASK) != FS_OFF)
        return false; /* FPU was on: a real fault */
    if (t->flags & seL4_TCBFlag_fpuDisabled) return false;
    set_csr(sstatus, FS_CLEAN); /* let the kernel touch the FP registers */
    if (fpu_owner) {
        fpu_save_state(fpu_owner->fpu_regs);
        fpu_owner->regs[REG_SSTATUS] &= ~SSTATUS_FS_MASK;
    }
    fpu_load_state(t->fpu_regs);
    fpu_owner = t;
    t->regs[REG_SSTATUS] = (t->regs[REG_SSTATUS] & ~SSTATUS_FS_MASK) | FS_CLEAN;
    return true;
}

void fpu_release(tcb_t *t)
{
    if (fpu_owner != t) return;
    set_csr(sstatus, FS_CLEAN);
    fpu_save_state(t->fpu_regs);
    t->regs[REG_SSTATUS] &= ~SSTATUS_FS_MASK;
    fpu_owner = NULL;
}
