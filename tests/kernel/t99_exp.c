#include "framework.h"
#include <sel4/cantrip.h>
#include <stdio.h>
static seL4_Word now(void){seL4_Word t; __asm__ volatile("rdtime %0":"=r"(t)); return t;}
KTEST(exp_inv)
{
    seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
    seL4_Word t0 = now();
    for (int i = 0; i < 10000; i++) (void)seL4_DebugCapIdentify(ep);
    seL4_Word t1 = now();
    seL4_CantripDebugInvariants(1);
    for (int i = 0; i < 10000; i++) (void)seL4_DebugCapIdentify(ep);
    seL4_CantripDebugInvariants(0);
    seL4_Word t2 = now();
    printf("off %lu us, on %lu us per 10k\n", (t1-t0)/10, (t2-t1)/10);
}
