/* A throwaway root server that boots the runtime's hand-written test component
 * (test_component.c, embedded by embed.S), standing in for the real root server until it
 * exists: it builds exactly what a spec would describe (test_component.h) — a CNode with
 * the runtime's fixed slots, a VSpace with the ELF's segments, per-thread IPC buffers and
 * stacks with guard pages, notifications, endpoints, TCBs started at the ELF entry with
 * a0 = thread index, sp = stack top, tp = 0 — and then waits.
 *
 * The component reports "camkes-runtime: N passed, M failed" itself and powers QEMU off.
 * The loader only reports trouble: a thread fault (every thread's fault endpoint is the
 * loader's), or a deadlock (a watchdog thread at the lowest priority runs only when every
 * other thread is blocked). */
#include <sel4/sel4.h>

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_component.h"

extern const uint8_t tc_elf_start[], tc_elf_end[];

#define ROOT_DEPTH seL4_WordBits
#define TEMP_VA 0x10000000ul /* where the loader maps a frame to fill it */
#define FAULT_BADGE(i) (0x100ul + (i))
#define TC_SLOT_FAULT_EP(i) (20 + (i))

static seL4_CPtr next_slot, last_slot, untyped;
static seL4_Word untyped_left;

static void fail(const char *what, long err)
{
    printf("camkes-runtime-boot: %s failed (%ld)\n", what, err);
    printf("camkes-runtime: 0 passed, 1 failed\n");
    exit(1);
}

#define TRY(what, expr)                                                                            \
    do {                                                                                           \
        seL4_Error e_ = (expr);                                                                    \
        if (e_ != seL4_NoError) fail(what, e_);                                                    \
    } while (0)

static seL4_CPtr new_slot(void)
{
    if (next_slot >= last_slot) fail("slot allocation", 0);
    return next_slot++;
}

static seL4_CPtr new_object(seL4_Word type, seL4_Word bits)
{
    seL4_CPtr slot = new_slot();
    TRY("Untyped_Retype",
        seL4_Untyped_Retype(untyped, type, bits, seL4_CapInitThreadCNode, 0, 0, slot, 1));
    return slot;
}

/* Maps a frame, creating the page tables Sv39 is missing on the way. */
static void map(seL4_CPtr frame, seL4_CPtr vspace, seL4_Word va, seL4_CapRights_t rights,
                seL4_Word attr)
{
    for (int level = 0; level < 3; level++) {
        seL4_Error err = seL4_RISCV_Page_Map(frame, vspace, va, rights, attr);
        if (err == seL4_NoError) return;
        if (err != seL4_FailedLookup) fail("Page_Map", err);
        seL4_CPtr pt = new_object(seL4_RISCV_PageTableObject, 0);
        TRY("PageTable_Map",
            seL4_RISCV_PageTable_Map(pt, vspace, va, seL4_RISCV_Default_VMAttributes));
    }
    fail("Page_Map (tables)", 0);
}

/* A fresh zeroed frame mapped into the component at va. */
static seL4_CPtr map_new(seL4_CPtr vspace, seL4_Word va, seL4_CapRights_t rights, seL4_Word attr)
{
    seL4_CPtr frame = new_object(seL4_RISCV_4K_Page, 0);
    map(frame, vspace, va, rights, attr);
    return frame;
}

/* Puts a copy of the loader's cap into the component's CNode. */
static void give(seL4_CPtr cnode, seL4_Word slot, seL4_CPtr cap, seL4_Word badge)
{
    TRY("CNode_Mint", seL4_CNode_Mint(cnode, slot, TC_CNODE_BITS, seL4_CapInitThreadCNode, cap,
                                      ROOT_DEPTH, seL4_AllRights, badge));
}

/* ---- ELF ------------------------------------------------------------------------------ */

static uint64_t rd(const uint8_t *p, int n)
{
    uint64_t v = 0;
    for (int i = n - 1; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

static seL4_Word load_elf(seL4_CPtr vspace)
{
    const uint8_t *e = tc_elf_start;
    size_t size = (size_t)(tc_elf_end - tc_elf_start);
    if (size < 64 || memcmp(e, "\177ELF", 4) != 0 || e[4] != 2) fail("ELF header", 0);
    uint64_t phoff = rd(e + 32, 8);
    unsigned phentsize = (unsigned)rd(e + 54, 2), phnum = (unsigned)rd(e + 56, 2);
    for (unsigned i = 0; i < phnum; i++) {
        const uint8_t *ph = e + phoff + (uint64_t)i * phentsize;
        if (rd(ph, 4) != 1) continue; /* PT_LOAD */
        uint32_t flags = (uint32_t)rd(ph + 4, 4);
        uint64_t off = rd(ph + 8, 8), va = rd(ph + 16, 8), filesz = rd(ph + 32, 8),
                 memsz = rd(ph + 40, 8);
        if (off + filesz > size) fail("ELF segment", 0);
        for (uint64_t page = va & ~0xffful; page < va + memsz; page += 0x1000) {
            seL4_CPtr frame = new_object(seL4_RISCV_4K_Page, 0);
            map(frame, seL4_CapInitThreadVSpace, TEMP_VA, seL4_ReadWrite,
                seL4_RISCV_Default_VMAttributes);
            uint8_t *dst = (uint8_t *)TEMP_VA;
            memset(dst, 0, 0x1000);
            for (uint64_t a = page; a < page + 0x1000; a++) {
                if (a >= va && a < va + filesz) dst[a - page] = e[off + (a - va)];
            }
            TRY("Page_Unmap", seL4_RISCV_Page_Unmap(frame));
            bool w = flags & 2, x = flags & 1;
            map(frame, vspace, page, w ? seL4_ReadWrite : seL4_CanRead,
                x ? seL4_RISCV_Default_VMAttributes : seL4_RISCV_ExecuteNever);
        }
    }
    __asm__ volatile("fence.i" ::: "memory");
    return (seL4_Word)rd(e + 24, 8);
}

/* ---- the deadlock watchdog -------------------------------------------------------------- */

static uint64_t watchdog_stack[512] __attribute__((aligned(16)));

/* Runs without TLS or an IPC buffer: only register-only system calls. */
static void watchdog(void)
{
    static const char msg[] = "camkes-runtime-boot: every thread is blocked (deadlock)\n"
                              "camkes-runtime: 0 passed, 1 failed\n";
    for (const char *p = msg; *p; p++)
        seL4_DebugPutChar(*p);
    seL4_CantripDebugExit(1);
}

static void start_watchdog(void)
{
    seL4_CPtr tcb = new_object(seL4_TCBObject, 0);
    TRY("watchdog Configure", seL4_TCB_Configure(tcb, 0, seL4_CapInitThreadCNode, 0,
                                                 seL4_CapInitThreadVSpace, 0, 0, seL4_CapNull));
    TRY("watchdog SetPriority", seL4_TCB_SetPriority(tcb, seL4_CapInitThreadTCB, 1));
    seL4_UserContext regs;
    memset(&regs, 0, sizeof(regs));
    regs.pc = (seL4_Word)watchdog;
    regs.sp = (seL4_Word)&watchdog_stack[512];
    __asm__("mv %0, gp" : "=r"(regs.gp));
    TRY("watchdog WriteRegisters",
        seL4_TCB_WriteRegisters(tcb, seL4_True, 0, sizeof(regs) / sizeof(seL4_Word), &regs));
}

/* ---- main ------------------------------------------------------------------------------- */

int main(void)
{
    seL4_BootInfo *bi = seL4_GetBootInfo();
    next_slot = bi->empty.start;
    last_slot = bi->empty.end;
    for (seL4_Word i = 0; i < bi->untyped.end - bi->untyped.start; i++) {
        const seL4_UntypedDesc *d = &bi->untypedList[i];
        if (!d->isDevice && d->sizeBits > untyped_left) {
            untyped = bi->untyped.start + i;
            untyped_left = d->sizeBits;
        }
    }
    if (untyped == 0 || untyped_left < 22) fail("finding 4 MiB of untyped memory", 0);

    seL4_CPtr cnode = new_object(seL4_CapTableObject, TC_CNODE_BITS);
    seL4_CPtr vspace = new_object(seL4_RISCV_PageTableObject, 0);
    TRY("ASIDPool_Assign", seL4_RISCV_ASIDPool_Assign(seL4_CapInitThreadASIDPool, vspace));
    seL4_Word entry = load_elf(vspace);

    /* The CNode resolves a whole word: radix 5 under a 59-bit zero guard. */
    seL4_Word guard = seL4_CNode_CapData_new(0, seL4_WordBits - TC_CNODE_BITS).words[0];
    give(cnode, TC_SLOT_CNODE, cnode, guard);
    give(cnode, TC_SLOT_VSPACE, vspace, 0);
    seL4_CPtr ep = new_object(seL4_EndpointObject, 0);
    give(cnode, TC_SLOT_EP_SERVER, ep, 0);
    give(cnode, TC_SLOT_EP_CLIENT, ep, TC_CLIENT_BADGE);
    seL4_CPtr shared_ep = new_object(seL4_EndpointObject, 0);
    give(cnode, TC_SLOT_EP_SHARED_SERVER, shared_ep, 0);
    give(cnode, TC_SLOT_EP_SHARED_CLIENT, shared_ep, TC_CLIENT_BADGE);
    give(cnode, TC_SLOT_SEM_NTFN, new_object(seL4_NotificationObject, 0), 0);
    map_new(vspace, TC_SHARED_PAGE, seL4_ReadWrite, seL4_RISCV_ExecuteNever);
    seL4_CPtr fault_ep = new_object(seL4_EndpointObject, 0);

    static const seL4_Word tcb_slot[TC_NUM_THREADS] = {TC_SLOT_TCB0, TC_SLOT_TCB1, TC_SLOT_TCB2};
    static const seL4_Word ntfn_slot[TC_NUM_THREADS] = {TC_SLOT_RUNTIME_NTFN, TC_SLOT_NTFN1,
                                                        TC_SLOT_NTFN2};
    /* Different priorities on purpose: the barriers must not depend on them. */
    static const seL4_Word prio[TC_NUM_THREADS] = {100, 110, 90};
    seL4_CPtr tcbs[TC_NUM_THREADS];
    for (unsigned i = 0; i < TC_NUM_THREADS; i++) {
        give(cnode, ntfn_slot[i], new_object(seL4_NotificationObject, 0), 0);
        give(cnode, TC_SLOT_FAULT_EP(i), fault_ep, FAULT_BADGE(i));
        seL4_CPtr ipc = map_new(vspace, TC_IPC_BUFFER(i), seL4_ReadWrite, seL4_RISCV_ExecuteNever);
        for (unsigned p = 1; p <= TC_STACK_PAGES; p++)
            map_new(vspace, TC_STACK_TOP(i) - p * 0x1000ul, seL4_ReadWrite,
                    seL4_RISCV_ExecuteNever);
        tcbs[i] = new_object(seL4_TCBObject, 0);
        TRY("TCB_Configure", seL4_TCB_Configure(tcbs[i], TC_SLOT_FAULT_EP(i), cnode, guard, vspace,
                                                0, TC_IPC_BUFFER(i), ipc));
        TRY("TCB_SetPriority", seL4_TCB_SetPriority(tcbs[i], seL4_CapInitThreadTCB, prio[i]));
        give(cnode, tcb_slot[i], tcbs[i], 0);
    }
    start_watchdog();
    /* Start the other threads before control, so that they really wait at the barrier. */
    for (int i = TC_NUM_THREADS - 1; i >= 0; i--) {
        seL4_UserContext regs;
        memset(&regs, 0, sizeof(regs));
        regs.pc = entry;
        regs.sp = TC_STACK_TOP(i);
        regs.a0 = (seL4_Word)i;
        TRY("TCB_WriteRegisters", seL4_TCB_WriteRegisters(tcbs[i], seL4_True, 0,
                                                          sizeof(regs) / sizeof(seL4_Word), &regs));
    }
    printf("camkes-runtime-boot: component started (entry 0x%lx)\n", (unsigned long)entry);

    seL4_Word badge;
    seL4_MessageInfo_t info = seL4_Recv(fault_ep, &badge);
    printf("camkes-runtime-boot: thread %lu faulted: fault type %lu, MR0 0x%lx MR1 0x%lx MR2 0x%lx "
           "MR3 0x%lx\n",
           (unsigned long)(badge - FAULT_BADGE(0)), (unsigned long)seL4_MessageInfo_get_label(info),
           (unsigned long)seL4_GetMR(0), (unsigned long)seL4_GetMR(1), (unsigned long)seL4_GetMR(2),
           (unsigned long)seL4_GetMR(3));
    printf("camkes-runtime: 0 passed, 1 failed\n");
    return 1;
}
