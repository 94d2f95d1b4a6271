/* riscv64 boot: early page tables (run at physical addresses), platform discovery from the
 * device tree, kernel devices, then the root server. */
#include <arch/machine.h>
#include <arch/vspace.h>
#include <arch/vspace_ops.h>
#include <arch/plic.h>
#include <kernel/boot.h>
#include <kernel/thread.h>
#include <object/interrupt.h>
#include <machine/console.h>
#include <machine/timer.h>
#include <lib/fdt.h>
#include <config.h>

NORETURN void restore_user_context(word_t *regs);
void machine_set_test_finisher(volatile uint32_t *dev);
extern char _kernel_start[], _kernel_end[];
extern char rootserver_image_start[], rootserver_image_end[];

#define GIGA_BITS 30

/* Runs with the MMU off: every reference is PC-relative, so `kernel_root_pt` here is its
 * physical address.  Maps the kernel window, the physical-memory window (254 GiB of
 * gigapages at PPTR_BASE) and an identity gigapage that lets the next instruction after
 * `csrw satp` still fetch. */
BOOT_CODE word_t boot_setup_early_pt(void)
{
    pte_t *root = kernel_root_pt;
    paddr_t kbase = KERNEL_ELF_PADDR_BASE;
    root[pt_index(kbase, 0)] = pte_leaf(kbase, PTE_R | PTE_W | PTE_X | PTE_G);
    root[pt_index(KERNEL_ELF_BASE_VADDR, 0)] = pte_leaf(kbase, PTE_R | PTE_W | PTE_X | PTE_G);
    word_t first = pt_index(PPTR_BASE, 0), last = pt_index(PPTR_TOP, 0);
    for (word_t i = first; i < last; i++) {
        root[i] = pte_leaf((paddr_t)(i - first) << GIGA_BITS, PTE_R | PTE_W | PTE_G);
    }
    return satp_value((paddr_t)(word_t)root, 0);
}

static uint32_t be32(const void *p)
{
    const uint8_t *b = p;
    return ((uint32_t)b[0] << 24) | ((uint32_t)b[1] << 16) | ((uint32_t)b[2] << 8) | b[3];
}

static struct platform_info plat;
static region_list_t free_ram, kernel_reserved;

static void print_banner(paddr_t kstart, paddr_t kend)
{
    kprintf("\n%s\n", KERNEL_VERSION_STRING);
    kprintf("platform: %s, %u hart(s), timebase %u Hz\n", plat.model[0] ? plat.model : "(unnamed)",
            plat.n_cpus, plat.timebase_freq);
    kprintf("memory:");
    paddr_t total = 0;
    for (unsigned i = 0; i < plat.n_mem; i++) {
        kprintf(" [0x%lx, 0x%lx)", (unsigned long)plat.mem[i].base,
                (unsigned long)(plat.mem[i].base + plat.mem[i].size));
        total += plat.mem[i].size;
    }
    kprintf(" = %lu MiB\n", (unsigned long)(total >> 20));
    for (unsigned i = 0; i < plat.n_reserved; i++) {
        kprintf("reserved: [0x%lx, 0x%lx)\n", (unsigned long)plat.reserved[i].base,
                (unsigned long)(plat.reserved[i].base + plat.reserved[i].size));
    }
    kprintf("kernel: [0x%lx, 0x%lx) = %lu KiB (root server image %lu KiB)\n", (unsigned long)kstart,
            (unsigned long)kend, (unsigned long)((kend - kstart) >> 10),
            (unsigned long)((rootserver_image_end - rootserver_image_start) >> 10));
}

NORETURN void init_kernel(word_t hart_id, paddr_t dtb_pa, word_t entry_instret)
{
    /* The boot identity mapping is no longer needed. */
    kernel_root_pt[pt_index(KERNEL_ELF_PADDR_BASE, 0)] = 0;
    sfence_vma_all();

    const void *dtb = dtb_pa ? paddr_to_pptr(dtb_pa) : NULL;
    uint32_t dtb_size = dtb ? be32((const char *)dtb + 4) : 0;
    int err = dtb ? fdt_parse(dtb, MIN(dtb_size, 1u << 20), &plat) : -1;
    if (err != FDT_OK) {
        kprintf("[kernel] cannot read the device tree at 0x%lx: %s\n", (unsigned long)dtb_pa,
                dtb ? fdt_strerror(err) : "no DTB passed");
        kernel_halt(1);
    }

    if (plat.uart_base) {
        volatile uint8_t *uart =
            map_kernel_device(plat.uart_base, MAX(plat.uart_size, (uint64_t)PAGE_SIZE));
        if (uart) console_use_uart(uart, plat.uart_reg_shift);
    }
    if (plat.test_base) machine_set_test_finisher(map_kernel_device(plat.test_base, PAGE_SIZE));

    paddr_t kstart = pptr_to_paddr_kernel_image(_kernel_start);
    paddr_t kend = pptr_to_paddr_kernel_image(_kernel_end);
    print_banner(kstart, kend);
    if (plat.n_mem == 0) {
        kprintf("[kernel] the device tree describes no memory\n");
        kernel_halt(1);
    }

    /* Usable RAM: memory from the kernel's load address up, minus the kernel image, the DTB
     * and every reservation.  Firmware below the kernel becomes device memory (as in seL4). */
    for (unsigned i = 0; i < plat.n_mem; i++) {
        paddr_t s = MAX((paddr_t)plat.mem[i].base, kstart), e = plat.mem[i].base + plat.mem[i].size;
        if (e > (paddr_t)(PPTR_TOP - PPTR_BASE))
            e = PPTR_TOP - PPTR_BASE; /* beyond the kernel window */
        if (s < e) {
            region_list_add(&free_ram, s, e);
            region_list_add(&kernel_reserved, s, e);
        }
    }
    region_list_remove(&free_ram, kstart, kend);
    for (unsigned i = 0; i < plat.n_reserved; i++) {
        region_list_remove(&free_ram, plat.reserved[i].base,
                           plat.reserved[i].base + plat.reserved[i].size);
    }
    paddr_t dtb_lo = ROUND_DOWN(dtb_pa, PAGE_BITS), dtb_hi = ROUND_UP(dtb_pa + dtb_size, PAGE_BITS);
    region_list_remove(&free_ram, dtb_lo, dtb_hi);
    if (plat.plic_base)
        region_list_add(&kernel_reserved, plat.plic_base, plat.plic_base + plat.plic_size);
    if (plat.clint_base)
        region_list_add(&kernel_reserved, plat.clint_base, plat.clint_base + plat.clint_size);

    if (plat.plic_base) {
        volatile uint32_t *plic = map_kernel_device(plat.plic_base, plat.plic_size);
        plic_init(plic, hart_id, MIN(plat.plic_ndev, (uint32_t)CONFIG_MAX_NUM_IRQS - 1));
    }
    interrupt_init();
    idle_thread_init();
    ks_cur_thread = ks_idle_thread;

    boot_params_t bp = {
        .plat = &plat,
        .dtb = dtb,
        .dtb_paddr = dtb_pa,
        .free_ram = &free_ram,
        .kernel_reserved = &kernel_reserved,
        .rs_image = rootserver_image_start,
        .rs_image_size = (word_t)(rootserver_image_end - rootserver_image_start),
        .entry_instret = entry_instret,
    };
    if (!create_rootserver(&bp)) kernel_halt(1);

    write_csr(scounteren, 7); /* cycle, time, instret readable from user mode */
    timer_init(plat.timebase_freq ? plat.timebase_freq : 10000000);
    ks_scheduler_action = SchedulerAction_ChooseNewThread;
    schedule();
    activate_thread();
    restore_user_context(ks_cur_thread->regs);
}
