/* Kernel micro-benchmarks, run as the root server under QEMU -icount shift=0,sleep=off.
 * Every figure is a count of retired instructions read with rdinstret in user mode (the
 * closing read included), the median of RUNS samples after WARMUP discarded ones.
 * Output: one `name: N` line per figure. */
#include <stdio.h>
#include <sel4/sel4.h>
#include <sel4/cantrip.h>

#define RUNS 1001
#define WARMUP 16
#define PRIO 254
#define IMAGE_VSPACE_SLOTS 64

static inline seL4_Word instret(void)
{
    seL4_Word v;
    asm volatile("rdinstret %0" : "=r"(v));
    return v;
}

static seL4_BootInfo *bi;
static seL4_Word next_slot;
static seL4_CPtr ram_ut;
static seL4_Word samples[RUNS];

static seL4_CPtr alloc(seL4_Word type, seL4_Word bits)
{
    seL4_CPtr slot = next_slot++;
    seL4_Error e = seL4_Untyped_Retype(ram_ut, type, bits, seL4_CapInitThreadCNode, 0, 0, slot, 1);
    if (e) {
        printf("bench: retype of type %lu failed: %d\n", (unsigned long)type, (int)e);
        seL4_CantripDebugExit(1);
    }
    return slot;
}

static seL4_Word median(seL4_Word *v, int n)
{
    for (int i = 1; i < n; i++) {
        seL4_Word x = v[i];
        int j = i - 1;
        while (j >= 0 && v[j] > x) {
            v[j + 1] = v[j];
            j--;
        }
        v[j + 1] = x;
    }
    return v[n / 2];
}

/* ------------------------------------------------------------------ threads */

static seL4_CPtr ep, ntfn_a, ntfn_b, done_ep;
static char stacks[2][8192] __attribute__((aligned(16)));
static volatile seL4_Word msg_len;

static seL4_CPtr start_thread(void (*fn)(void), int stack, seL4_CPtr vspace)
{
    seL4_CPtr tcb = alloc(seL4_TCBObject, 0);
    seL4_TCB_Configure(tcb, 0, seL4_CapInitThreadCNode, 0, vspace, 0, 0, 0);
    seL4_TCB_SetPriority(tcb, seL4_CapInitThreadTCB, PRIO);
    seL4_UserContext regs = {0};
    regs.pc = (seL4_Word)fn;
    regs.sp = (seL4_Word)&stacks[stack][sizeof(stacks[stack])];
    seL4_TCB_WriteRegisters(tcb, 1, 0, 3, &regs);
    return tcb;
}

/* Client of the Call/ReplyRecv round trip: measures, then reports on done_ep. */
static void ipc_client(void)
{
    seL4_Word m0 = 1, m1 = 2, m2 = 3, m3 = 4;
    seL4_MessageInfo_t info = seL4_MessageInfo_new(0, 0, 0, msg_len);
    for (int i = 0; i < WARMUP + RUNS; i++) {
        seL4_Word t0 = instret();
        seL4_CallWithMRs(ep, info, &m0, &m1, &m2, &m3);
        seL4_Word t1 = instret();
        if (i >= WARMUP) samples[i - WARMUP] = t1 - t0;
    }
    seL4_CallWithMRs(ep, seL4_MessageInfo_new(1, 0, 0, 0), &m0, &m1, &m2, &m3);
    for (;;)
        seL4_Yield();
}

/* The root thread serves until the client's label-1 message. */
static void serve(seL4_Word len)
{
    seL4_Word badge, m0 = 0, m1 = 0, m2 = 0, m3 = 0;
    seL4_MessageInfo_t info = seL4_RecvWithMRs(ep, &badge, &m0, &m1, &m2, &m3);
    while (seL4_MessageInfo_get_label(info) == 0) {
        info = seL4_ReplyRecvWithMRs(ep, seL4_MessageInfo_new(0, 0, 0, len), &badge, &m0, &m1, &m2,
                                     &m3);
    }
}

static void ntfn_partner(void)
{
    /* No TLS or IPC buffer in this thread: the WithMRs form touches neither. */
    for (;;) {
        seL4_RecvWithMRs(ntfn_a, NULL, NULL, NULL, NULL, NULL);
        seL4_Signal(ntfn_b);
    }
}

static void ntfn_measure(void)
{
    for (int i = 0; i < WARMUP + RUNS; i++) {
        seL4_Word t0 = instret();
        seL4_Signal(ntfn_a);
        seL4_RecvWithMRs(ntfn_b, NULL, NULL, NULL, NULL, NULL);
        seL4_Word t1 = instret();
        if (i >= WARMUP) samples[i - WARMUP] = t1 - t0;
    }
}

/* A second VSpace that maps this very image (same frames) at the same addresses. */
static seL4_CPtr make_image_vspace(void)
{
    seL4_CPtr vs = alloc(seL4_RISCV_PageTableObject, 0);
    seL4_RISCV_ASIDPool_Assign(seL4_CapInitThreadASIDPool, vs);
    for (seL4_CPtr f = bi->userImageFrames.start; f < bi->userImageFrames.end; f++) {
        seL4_CPtr copy = next_slot++;
        seL4_CNode_Copy(seL4_CapInitThreadCNode, copy, 64, seL4_CapInitThreadCNode, f, 64,
                        seL4_AllRights);
        seL4_Word vaddr = 0x10000 + (f - bi->userImageFrames.start) * 4096;
        seL4_Error e;
        while ((e = seL4_RISCV_Page_Map(copy, vs, vaddr, seL4_AllRights,
                                        seL4_RISCV_Default_VMAttributes)) == seL4_FailedLookup) {
            seL4_CPtr pt = alloc(seL4_RISCV_PageTableObject, 0);
            seL4_RISCV_PageTable_Map(pt, vs, vaddr, seL4_RISCV_Default_VMAttributes);
        }
        if (e) {
            printf("bench: mapping the image into a second VSpace failed: %d\n", (int)e);
            seL4_CantripDebugExit(1);
        }
    }
    return vs;
}

static void bench_ipc(const char *name, seL4_Word len, seL4_CPtr vspace)
{
    msg_len = len;
    seL4_CPtr tcb = start_thread(ipc_client, 0, vspace);
    serve(len);
    printf("%s: %lu\n", name, (unsigned long)median(samples, RUNS));
    seL4_TCB_Suspend(tcb);
}

int main(void)
{
    bi = seL4_GetBootInfo();
    extern seL4_Word __cantrip_start_instret;
    seL4_Word kernel_entry = *(seL4_Word *)((char *)bi + 4096 - sizeof(seL4_Word));
    next_slot = bi->empty.start;
    seL4_Word best = 0;
    for (seL4_Word i = 0; i < bi->untyped.end - bi->untyped.start; i++) {
        if (!bi->untypedList[i].isDevice && bi->untypedList[i].sizeBits > best) {
            best = bi->untypedList[i].sizeBits;
            ram_ut = bi->untyped.start + i;
        }
    }
    seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, PRIO);
    ep = alloc(seL4_EndpointObject, 0);
    ntfn_a = alloc(seL4_NotificationObject, 0);
    ntfn_b = alloc(seL4_NotificationObject, 0);
    done_ep = alloc(seL4_EndpointObject, 0);

    printf("boot: %lu\n", (unsigned long)(__cantrip_start_instret - kernel_entry));

    bench_ipc("ipc_call_replyrecv_0_same_as", 0, seL4_CapInitThreadVSpace);
    bench_ipc("ipc_call_replyrecv_4_same_as", 4, seL4_CapInitThreadVSpace);
    seL4_CPtr vs = make_image_vspace();
    bench_ipc("ipc_call_replyrecv_0_cross_as", 0, vs);
    bench_ipc("ipc_call_replyrecv_4_cross_as", 4, vs);

    for (int i = 0; i < WARMUP + RUNS; i++) {
        seL4_Word t0 = instret();
        seL4_Yield();
        seL4_Word t1 = instret();
        if (i >= WARMUP) samples[i - WARMUP] = t1 - t0;
    }
    printf("yield: %lu\n", (unsigned long)median(samples, RUNS));

    for (int i = 0; i < WARMUP + RUNS; i++) {
        seL4_Word t0 = instret();
        seL4_Poll(ntfn_a, NULL);
        seL4_Word t1 = instret();
        if (i >= WARMUP) samples[i - WARMUP] = t1 - t0;
    }
    printf("poll_empty_notification: %lu\n", (unsigned long)median(samples, RUNS));

    seL4_CPtr partner = start_thread(ntfn_partner, 1, seL4_CapInitThreadVSpace);
    ntfn_measure();
    printf("signal_wait_round_trip: %lu\n", (unsigned long)median(samples, RUNS));
    seL4_TCB_Suspend(partner);

    /* Page map + unmap of a 4 KiB frame where the page tables already exist. */
    seL4_CPtr frame = alloc(seL4_RISCV_4K_Page, 0);
    const seL4_Word va = 0x20000000;
    while (seL4_RISCV_Page_Map(frame, seL4_CapInitThreadVSpace, va, seL4_ReadWrite, 0) ==
           seL4_FailedLookup) {
        seL4_RISCV_PageTable_Map(alloc(seL4_RISCV_PageTableObject, 0), seL4_CapInitThreadVSpace, va,
                                 0);
    }
    seL4_RISCV_Page_Unmap(frame);
    for (int i = 0; i < WARMUP + RUNS; i++) {
        seL4_Word t0 = instret();
        seL4_RISCV_Page_Map(frame, seL4_CapInitThreadVSpace, va, seL4_ReadWrite, 0);
        seL4_RISCV_Page_Unmap(frame);
        seL4_Word t1 = instret();
        if (i >= WARMUP) samples[i - WARMUP] = t1 - t0;
    }
    printf("page_map_unmap: %lu\n", (unsigned long)median(samples, RUNS));
    return 0;
}
