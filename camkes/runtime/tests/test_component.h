/* Layout of the hand-written test component (test_component.c): what a spec would give
 * it.  Shared with the test loader that boots it (test_loader.c). */
#pragma once

/* CNode slots (1..4+ follow spec.h's fixed slots). */
#define TC_SLOT_CNODE 1
#define TC_SLOT_VSPACE 2
#define TC_SLOT_RUNTIME_NTFN 3 /* thread 0's runtime notification */
#define TC_SLOT_TCB0 4
#define TC_SLOT_TCB1 5
#define TC_SLOT_NTFN1 6             /* thread 1's runtime notification */
#define TC_SLOT_EP_SERVER 7         /* the echo interface: receive side (badge 0) */
#define TC_SLOT_EP_CLIENT 8         /* the echo interface: send side, badge TC_CLIENT_BADGE */
#define TC_SLOT_SEM_NTFN 9          /* notification of the test semaphore */
#define TC_SLOT_EP_SHARED_SERVER 10 /* the shared-page interface: receive side */
#define TC_SLOT_EP_SHARED_CLIENT 11 /* send side, badge TC_CLIENT_BADGE */
#define TC_SLOT_TCB2 12
#define TC_SLOT_NTFN2 13 /* thread 2's runtime notification */
#define TC_CNODE_BITS 5  /* 32 slots */

#define TC_CLIENT_BADGE 0x42

#define TC_NUM_THREADS 3
/* Virtual addresses: per thread an IPC buffer page and a stack (guard page below). */
#define TC_IPC_BUFFER(i) (0x40000000ul + (unsigned long)(i)*0x1000ul)
#define TC_STACK_PAGES 4
#define TC_STACK_TOP(i) (0x40100000ul + (unsigned long)(i)*0x10000ul)
/* One 4 KiB page mapped at both the client and the server address (same component). */
#define TC_SHARED_PAGE 0x40200000ul
