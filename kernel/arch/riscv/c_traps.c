/* C side of trap handling: every entry into the kernel after boot comes through here. */
#include <arch/machine.h>
#include <arch/plic.h>
#include <arch/registers.h>
#include <arch/fpu.h>
#include <kernel/thread.h>
#include <kernel/faulthandler.h>
#include <object/interrupt.h>
#include <api/syscall.h>
#include <kernel/fastpath.h>
#include <kernel/invariants.h>
#include <sel4/syscall.h>
#include <machine/console.h>
#include <machine/timer.h>

NORETURN void restore_user_context(word_t *regs);

static void handle_user_exception(word_t scause, word_t stval)
{
    tcb_t *t = ks_cur_thread;
    switch (scause) {
    case EXC_INST_ACCESS:
    case EXC_INST_PAGE_FAULT:
        current_fault = fault_vm_new(stval, true, EXC_INST_ACCESS);
        break;
    case EXC_LOAD_ACCESS:
    case EXC_LOAD_PAGE_FAULT:
        current_fault = fault_vm_new(stval, false, EXC_LOAD_ACCESS);
        break;
    case EXC_STORE_ACCESS:
    case EXC_STORE_PAGE_FAULT:
        current_fault = fault_vm_new(stval, false, EXC_STORE_ACCESS);
        break;
    default:
        current_fault = fault_user_exception_new(scause, 0);
        break;
    }
    handle_fault(t);
}

static void handle_irq(word_t cause)
{
    if (cause == IRQ_S_TIMER) {
        timer_reprogram();
        timer_tick();
    } else if (cause == IRQ_S_EXT) {
        word_t irq;
        while ((irq = plic_claim()) != 0)
            handle_interrupt(irq);
    }
}

NORETURN void c_handle_trap(word_t scause, word_t stval)
{
    tcb_t *t = ks_cur_thread;
    if (scause & SCAUSE_INTERRUPT) {
        t->regs[REG_NextIP] = t->regs[REG_FaultIP];
        handle_irq(scause & ~SCAUSE_INTERRUPT);
    } else {
        t->regs[REG_NextIP] = t->regs[REG_FaultIP];
        if (!(scause == EXC_ILLEGAL_INST && fpu_handle_trap(t)))
            handle_user_exception(scause, stval);
    }
    schedule();
    activate_thread();
    if (unlikely(ks_check_invariants)) check_invariants();
    restore_user_context(ks_cur_thread->regs);
}

/* System calls arrive here from traps.S (NextIP already advanced past the ecall), or from
 * the fastpath when it declines. */
NORETURN void c_handle_syscall(sword_t sys)
{
    handle_syscall(sys);
    schedule();
    activate_thread();
    if (unlikely(ks_check_invariants)) check_invariants();
    restore_user_context(ks_cur_thread->regs);
}

NORETURN void c_handle_kernel_trap(word_t scause, word_t stval, word_t sepc)
{
    kprintf("\n[kernel] trap inside the kernel: scause 0x%lx stval 0x%lx sepc 0x%lx\n",
            (unsigned long)scause, (unsigned long)stval, (unsigned long)sepc);
    panic("unexpected kernel trap");
}

void arch_init_idle_thread(tcb_t *t)
{
    extern char idle_thread_loop[];
    static word_t idle_stack[64] ALIGN(16);
    t->regs[REG_sp] = (word_t)&idle_stack[64];
    t->regs[REG_NextIP] = (word_t)idle_thread_loop;
    t->regs[REG_FaultIP] = (word_t)idle_thread_loop;
    t->regs[REG_SSTATUS] = SSTATUS_SPP | SSTATUS_SPIE; /* S-mode, interrupts on */
}
