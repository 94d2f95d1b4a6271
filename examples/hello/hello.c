/* The default root server for `make run`: shows what the kernel handed over in BootInfo,
 * then starts a second thread and talks to it over an endpoint. */
#include <stdio.h>
#include <sel4/sel4.h>
#include <sel4/cantrip.h>

static seL4_Word next_free;
static seL4_CPtr alloc_slot(void)
{
    return next_free++;
}

/* Retypes one object from the first RAM untyped large enough. */
static seL4_CPtr make_object(const seL4_BootInfo *bi, seL4_Word type, seL4_Word size_bits)
{
    seL4_CPtr slot = alloc_slot();
    for (seL4_Word i = 0; i < bi->untyped.end - bi->untyped.start; i++) {
        if (bi->untypedList[i].isDevice) continue;
        if (seL4_Untyped_Retype(bi->untyped.start + i, type, size_bits, seL4_CapInitThreadCNode, 0,
                                0, slot, 1) == seL4_NoError) {
            return slot;
        }
    }
    printf("hello: out of memory\n");
    seL4_CantripDebugExit(1);
    return 0;
}

static seL4_CPtr endpoint;
static char worker_stack[4096] __attribute__((aligned(16)));

/* The worker has no IPC buffer: its four message registers travel in CPU registers. */
static void worker(void)
{
    seL4_Word mr0 = 6, mr1 = 7, mr2 = 0, mr3 = 0;
    seL4_CallWithMRs(endpoint, seL4_MessageInfo_new(1, 0, 0, 2), &mr0, &mr1, &mr2, &mr3);
    printf("worker: the root server says %lu\n", (unsigned long)mr0);
    seL4_SendWithMRs(endpoint, seL4_MessageInfo_new(2, 0, 0, 0), NULL, NULL, NULL, NULL);
    for (;;)
        seL4_Yield(); /* not reached: the root server powers off first */
}

int main(void)
{
    seL4_BootInfo *bi = seL4_GetBootInfo();
    next_free = bi->empty.start;
    seL4_Word ram = 0, dev = 0;
    for (seL4_Word i = 0; i < bi->untyped.end - bi->untyped.start; i++) {
        if (bi->untypedList[i].isDevice)
            dev++;
        else
            ram += (seL4_Word)1 << bi->untypedList[i].sizeBits;
    }
    printf("Hello from the Cantrip-C root server\n");
    printf("  untyped caps: %lu (%lu KiB of RAM, %lu device regions)\n",
           (unsigned long)(bi->untyped.end - bi->untyped.start), (unsigned long)(ram >> 10),
           (unsigned long)dev);
    printf("  free slots: [%lu, %lu)\n", (unsigned long)bi->empty.start,
           (unsigned long)bi->empty.end);

    endpoint = make_object(bi, seL4_EndpointObject, 0);
    seL4_CPtr tcb = make_object(bi, seL4_TCBObject, 0);
    /* The worker shares our CSpace and VSpace and has no IPC buffer. */
    seL4_Error err =
        seL4_TCB_Configure(tcb, 0, seL4_CapInitThreadCNode, 0, seL4_CapInitThreadVSpace, 0, 0, 0);
    if (err) {
        printf("hello: TCB_Configure failed: %d\n", (int)err);
        return 1;
    }
    seL4_TCB_SetPriority(tcb, seL4_CapInitThreadTCB, 254);
    seL4_UserContext regs = {0};
    regs.pc = (seL4_Word)worker;
    regs.sp = (seL4_Word)(worker_stack + sizeof(worker_stack));
    seL4_TCB_WriteRegisters(tcb, 1, 0, sizeof(regs) / sizeof(seL4_Word), &regs);
    seL4_DebugNameThread(tcb, "worker");

    seL4_Word badge;
    seL4_MessageInfo_t msg = seL4_Recv(endpoint, &badge);
    seL4_Word a = seL4_GetMR(0), b = seL4_GetMR(1);
    printf("root server: worker asked for %lu * %lu (label %lu)\n", (unsigned long)a,
           (unsigned long)b, (unsigned long)seL4_MessageInfo_get_label(msg));
    seL4_SetMR(0, a * b);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 1));
    seL4_Recv(endpoint, &badge);
    printf("root server: done, shutting down\n");
    return 0;
}
