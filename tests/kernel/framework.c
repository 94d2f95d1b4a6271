/* Cantrip-C kernel conformance suite: runner, allocators, helper threads, watchdog.
 * See framework.h for the model. */
#include "framework.h"
#include "stubs.h"

#include <sel4/cantrip.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

seL4_BootInfo *bootinfo;

/* ------------------------------------------------------------------ failures */

static bool cur_failed;
static char cur_why[320];

void test_fail(const char *file, int line, const char *fmt, ...)
{
    if (cur_failed) return;
    cur_failed = true;
    int n = snprintf(cur_why, sizeof(cur_why), "%s:%d: ", file, line);
    if (n < 0 || (size_t)n >= sizeof(cur_why)) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cur_why + n, sizeof(cur_why) - (size_t)n, fmt, ap);
    va_end(ap);
}

bool test_has_failed(void)
{
    return cur_failed;
}

const char *error_name(seL4_Word err)
{
    static const char *const names[] = {
#define SEL4_ERROR(name, number) [number] = #name,
#include <sel4/abi/errors.def>
    };
    if (err < sizeof(names) / sizeof(names[0]) && names[err]) return names[err];
    return "<not an seL4_Error>";
}

/* ------------------------------------------------------------------ slots */

static seL4_CPtr next_slot, slot_end;

seL4_CPtr alloc_slots(seL4_Word n)
{
    if (n == 0 || slot_end - next_slot < n) {
        test_fail(__FILE__, __LINE__, "root CNode empty region exhausted (next %lu, end %lu)",
                  (unsigned long)next_slot, (unsigned long)slot_end);
        return seL4_CapNull;
    }
    seL4_CPtr first = next_slot;
    next_slot += n;
    return first;
}

seL4_CPtr alloc_slot(void)
{
    return alloc_slots(1);
}

/* ------------------------------------------------------------------ untyped memory */

/* Non-device boot untypeds big enough to carve test untypeds from, largest first.  The
 * carving cursor only moves forward: nothing is ever returned. */
#define MAX_BOOT_UNTYPEDS (sizeof(((seL4_BootInfo *)0)->untypedList) / sizeof(seL4_UntypedDesc))
static seL4_Word pool_idx[MAX_BOOT_UNTYPEDS];
static seL4_Word pool_count, pool_cursor;
static seL4_CPtr cur_ut;     /* untyped that new_object() allocates from */
static seL4_Word cur_parent; /* index into untypedList of cur_ut's boot parent */

static void pool_init(void)
{
    seL4_Word n = bootinfo->untyped.end - bootinfo->untyped.start;
    if (n > MAX_BOOT_UNTYPEDS) n = MAX_BOOT_UNTYPEDS;
    for (seL4_Word i = 0; i < n; i++) {
        const seL4_UntypedDesc *d = &bootinfo->untypedList[i];
        if (d->isDevice || d->sizeBits < TEST_UT_BITS) continue;
        /* Insertion sort by size, descending. */
        seL4_Word j = pool_count++;
        while (j > 0 && bootinfo->untypedList[pool_idx[j - 1]].sizeBits < d->sizeBits) {
            pool_idx[j] = pool_idx[j - 1];
            j--;
        }
        pool_idx[j] = i;
    }
}

/* A fresh untyped of 2^bits bytes (bits >= TEST_UT_BITS), retyped from the boot
 * untypeds.  A boot untyped that cannot hold even a TEST_UT_BITS child is used up for
 * good; one that is merely too full for a bigger request stays available. */
static seL4_CPtr carve_untyped(seL4_Word bits, seL4_Word *parent)
{
    seL4_CPtr slot = alloc_slot();
    if (slot == seL4_CapNull) return seL4_CapNull;
    for (seL4_Word k = pool_cursor; k < pool_count; k++) {
        seL4_Word i = pool_idx[k];
        seL4_Error err = seL4_Untyped_Retype(bootinfo->untyped.start + i, seL4_UntypedObject, bits,
                                             seL4_CapInitThreadCNode, 0, 0, slot, 1);
        if (err == seL4_NoError) {
            *parent = i;
            return slot;
        }
        if (err != seL4_NotEnoughMemory) {
            test_fail(__FILE__, __LINE__, "carving a 2^%lu untyped from boot untyped %lu: %s",
                      (unsigned long)bits, (unsigned long)i, error_name(err));
            return seL4_CapNull;
        }
        if (bits <= TEST_UT_BITS && k == pool_cursor) pool_cursor++;
    }
    test_fail(__FILE__, __LINE__, "out of untyped memory for a 2^%lu test untyped",
              (unsigned long)bits);
    return seL4_CapNull;
}

seL4_CPtr test_untyped(void)
{
    return cur_ut;
}

void test_untyped_parent(seL4_Word *paddr, seL4_Word *size_bits)
{
    *paddr = bootinfo->untypedList[cur_parent].paddr;
    *size_bits = bootinfo->untypedList[cur_parent].sizeBits;
}

seL4_CPtr extra_untyped(seL4_Word bits)
{
    seL4_Word parent;
    return carve_untyped(bits, &parent);
}

seL4_CPtr new_object_from(seL4_CPtr ut, seL4_Word type, seL4_Word size_bits)
{
    seL4_CPtr slot = alloc_slot();
    if (slot == seL4_CapNull) return seL4_CapNull;
    seL4_Error err =
        seL4_Untyped_Retype(ut, type, size_bits, seL4_CapInitThreadCNode, 0, 0, slot, 1);
    if (err != seL4_NoError) {
        test_fail(__FILE__, __LINE__, "Untyped_Retype(type %lu, size_bits %lu): %s",
                  (unsigned long)type, (unsigned long)size_bits, error_name(err));
        return seL4_CapNull;
    }
    return slot;
}

seL4_CPtr new_object(seL4_Word type, seL4_Word size_bits)
{
    return new_object_from(cur_ut, type, size_bits);
}

seL4_CPtr mint_badged(seL4_CPtr cap, seL4_Word badge)
{
    seL4_CPtr slot = alloc_slot();
    if (slot == seL4_CapNull) return seL4_CapNull;
    seL4_Error err =
        seL4_CNode_Mint(seL4_CapInitThreadCNode, slot, ROOT_DEPTH, seL4_CapInitThreadCNode, cap,
                        ROOT_DEPTH, seL4_AllRights, badge);
    if (err != seL4_NoError) {
        test_fail(__FILE__, __LINE__, "CNode_Mint(cap %lu, badge 0x%lx): %s", (unsigned long)cap,
                  (unsigned long)badge, error_name(err));
        return seL4_CapNull;
    }
    return slot;
}

/* ------------------------------------------------------------------ virtual memory */

static seL4_Word next_va_4k = VA_PAGES_BASE;
static seL4_Word next_va_2m = VA_LARGE_BASE;

seL4_Word alloc_vaddr_4k(seL4_Word pages)
{
    seL4_Word va = next_va_4k;
    next_va_4k += pages << seL4_PageBits;
    return va;
}

seL4_Word alloc_vaddr_2m(void)
{
    seL4_Word va = next_va_2m;
    next_va_2m += 1ul << seL4_LargePageBits;
    return va;
}

seL4_Error map_frame(seL4_CPtr frame, seL4_CPtr vspace, seL4_Word vaddr, seL4_CapRights_t rights,
                     seL4_Word attr)
{
    /* Sv39 has two page-table levels below the root; each FailedLookup means the next
     * one is missing, and PageTable_Map installs a table at the first missing level. */
    for (int level = 0; level < 2; level++) {
        seL4_Error err = seL4_RISCV_Page_Map(frame, vspace, vaddr, rights, attr);
        if (err != seL4_FailedLookup) return err;
        seL4_CPtr pt = new_object(seL4_RISCV_PageTableObject, 0);
        if (pt == seL4_CapNull) return seL4_NotEnoughMemory;
        err = seL4_RISCV_PageTable_Map(pt, vspace, vaddr, seL4_RISCV_Default_VMAttributes);
        if (err != seL4_NoError) return err;
    }
    return seL4_RISCV_Page_Map(frame, vspace, vaddr, rights, attr);
}

void *new_mapped_page(seL4_CPtr *frame_out)
{
    seL4_CPtr frame = new_object(seL4_RISCV_4K_Page, 0);
    if (frame == seL4_CapNull) return NULL;
    seL4_Word va = alloc_vaddr_4k(1);
    seL4_Error err = map_frame(frame, seL4_CapInitThreadVSpace, va, seL4_ReadWrite,
                               seL4_RISCV_Default_VMAttributes);
    if (err != seL4_NoError) {
        test_fail(__FILE__, __LINE__, "mapping a 4 KiB frame at 0x%lx: %s", (unsigned long)va,
                  error_name(err));
        return NULL;
    }
    if (frame_out) *frame_out = frame;
    return (void *)va;
}

/* ------------------------------------------------------------------ watchdog */

/* Badge of the watchdog's wake-up message; no test uses bit 62 in a badge. */
#define WD_BADGE (1ul << 62)

/* Guard cap the root is currently blocked on, or 0.  Only the root writes it and only
 * the watchdog reads it; the watchdog runs only when the root is blocked. */
static volatile seL4_CPtr wd_target;

/* Runs at the lowest priority any thread in the suite uses, so it gets the CPU only when
 * every other thread is blocked.  Nothing in the suite waits for an interrupt, so at that
 * point the root's wait can never be satisfied: wake it with the watchdog badge. */
static void watchdog_loop(seL4_Word a0, seL4_Word a1, seL4_Word a2)
{
    (void)a0;
    (void)a1;
    (void)a2;
    for (;;) {
        seL4_CPtr t = wd_target;
        if (t != seL4_CapNull) {
            /* NBSend never blocks: on an endpoint it only reaches a waiting receiver, on
             * a notification it is a signal. */
            seL4_NBSend(t, seL4_MessageInfo_new(0, 0, 0, 0));
        }
        seL4_Yield();
    }
}

#define MAX_GUARDS 16
static seL4_CPtr guard_src[MAX_GUARDS], guard_cap[MAX_GUARDS];
static int n_guards;

static seL4_CPtr guard_for(seL4_CPtr ep)
{
    for (int i = 0; i < n_guards; i++)
        if (guard_src[i] == ep) return guard_cap[i];
    if (n_guards == MAX_GUARDS) {
        test_fail(__FILE__, __LINE__, "too many guarded endpoints in one test");
        return seL4_CapNull;
    }
    seL4_CPtr g = mint_badged(ep, WD_BADGE);
    if (g == seL4_CapNull) return seL4_CapNull;
    guard_src[n_guards] = ep;
    guard_cap[n_guards] = g;
    n_guards++;
    return g;
}

/* Recv (or ReplyRecv when `reply` is non-NULL) with the watchdog armed on `guard`. */
static bool guarded_wait(const char *file, int line, const char *what, seL4_CPtr ep,
                         seL4_CPtr guard, const seL4_MessageInfo_t *reply, seL4_MessageInfo_t *info,
                         seL4_Word *badge)
{
    seL4_Word b = 0;
    seL4_MessageInfo_t in;
    wd_target = guard;
    if (reply)
        in = seL4_ReplyRecv(ep, *reply, &b);
    else
        in = seL4_Recv(ep, &b);
    wd_target = seL4_CapNull;
    if (b & WD_BADGE) {
        test_fail(file, line, "deadlock: every thread blocked while the root waited for %s", what);
        return false;
    }
    if (info) *info = in;
    if (badge) *badge = b;
    return true;
}

bool guarded_recv_at(const char *file, int line, seL4_CPtr ep, seL4_MessageInfo_t *info,
                     seL4_Word *badge)
{
    seL4_CPtr g = guard_for(ep);
    if (g == seL4_CapNull) return false;
    return guarded_wait(file, line, "a message", ep, g, NULL, info, badge);
}

bool guarded_reply_recv_at(const char *file, int line, seL4_CPtr ep, seL4_MessageInfo_t reply,
                           seL4_MessageInfo_t *info, seL4_Word *badge)
{
    seL4_CPtr g = guard_for(ep);
    if (g == seL4_CapNull) return false;
    return guarded_wait(file, line, "a message after replying", ep, g, &reply, info, badge);
}

/* ------------------------------------------------------------------ helper threads */

#define HELPER_STACK_SIZE 16384
/* Thread-local storage block per helper; libsel4 keeps the IPC buffer pointer in a
 * thread-local variable, so every thread needs its own block. */
#define HELPER_TLS_SIZE 1024
#define HELPER_TLS_ALIGN 64

/* Pool index HELPER_MAX is the watchdog. */
static struct helper helpers[HELPER_MAX + 1];
static unsigned char helper_stacks[HELPER_MAX + 1][HELPER_STACK_SIZE] __attribute__((aligned(16)));
static unsigned char helper_tls[HELPER_MAX + 1][HELPER_TLS_SIZE]
    __attribute__((aligned(HELPER_TLS_ALIGN)));
static int n_test_helpers;

#define MAX_TRACKED 8
static seL4_CPtr tracked[MAX_TRACKED];
static int n_tracked;

void track_thread(seL4_CPtr tcb)
{
    if (n_tracked == MAX_TRACKED) {
        test_fail(__FILE__, __LINE__, "more than %d tracked threads in one test", MAX_TRACKED);
        return;
    }
    tracked[n_tracked++] = tcb;
}

seL4_Word root_gp(void)
{
    seL4_Word gp;
    __asm__ volatile("mv %0, gp" : "=r"(gp));
    return gp;
}

/* The thread pointer a helper starts with: a freshly initialised TLS block.  This is the
 * one runtime-specific step of thread creation (on seL4 proper, sel4runtime provides the
 * equivalent); libsel4's IPC-buffer pointer and picolibc's errno live in TLS. */
static seL4_Word helper_tp(struct helper *h)
{
    return cantrip_tls_init(h->tls);
}

/* An endpoint nobody ever sends to: a finished helper whose self-Suspend did not take
 * (a kernel bug) blocks here for good instead of spinning, so it cannot starve later
 * tests or keep the watchdog from noticing a deadlock. */
static seL4_CPtr park_ep;

static void helper_trampoline(struct helper *h) __attribute__((noreturn));
static void helper_trampoline(struct helper *h)
{
    seL4_SetIPCBuffer(h->ipc);
    h->started = 1;
    h->fn(h->args[0], h->args[1], h->args[2]);
    h->finished = 1;
    seL4_Signal(h->join_ntfn);
    seL4_TCB_Suspend(h->tcb);
    for (;;)
        seL4_Recv(park_ep, NULL);
}

/* One-time part of a pool entry: IPC buffer page, join notification, stack, TLS. */
static bool helper_pool_init(int i)
{
    struct helper *h = &helpers[i];
    h->index = i;
    h->ipc_frame = new_object(seL4_RISCV_4K_Page, 0);
    if (h->ipc_frame == seL4_CapNull) return false;
    seL4_Word va = VA_FRAMEWORK_BASE + ((seL4_Word)i << seL4_PageBits);
    seL4_Error err = map_frame(h->ipc_frame, seL4_CapInitThreadVSpace, va, seL4_ReadWrite,
                               seL4_RISCV_Default_VMAttributes);
    if (err != seL4_NoError) {
        test_fail(__FILE__, __LINE__, "mapping helper IPC buffer at 0x%lx: %s", (unsigned long)va,
                  error_name(err));
        return false;
    }
    h->ipc = (seL4_IPCBuffer *)va;
    h->join_ntfn = new_object(seL4_NotificationObject, 0);
    if (h->join_ntfn == seL4_CapNull) return false;
    h->join_guard = mint_badged(h->join_ntfn, WD_BADGE);
    if (h->join_guard == seL4_CapNull) return false;
    h->stack_top = (uintptr_t)&helper_stacks[i][HELPER_STACK_SIZE];
    h->tls = helper_tls[i];
    return true;
}

static const char *cur_test_name = "framework";

static struct helper *helper_setup(struct helper *h, seL4_Word prio, seL4_CPtr fault_ep)
{
    h->tcb = new_object(seL4_TCBObject, 0);
    if (h->tcb == seL4_CapNull) return NULL;
    /* Named after the test, so kernel diagnostics (faults, scheduler dumps) say whose
     * thread it is. */
    char name[48];
    snprintf(name, sizeof(name), "%.36s/h%d", cur_test_name, h->index);
    seL4_DebugNameThread(h->tcb, name);
    seL4_Error err =
        seL4_TCB_Configure(h->tcb, fault_ep, seL4_CapInitThreadCNode, 0, seL4_CapInitThreadVSpace,
                           0, (seL4_Word)h->ipc, h->ipc_frame);
    if (err != seL4_NoError) {
        test_fail(__FILE__, __LINE__, "TCB_Configure for helper %d: %s", h->index, error_name(err));
        return NULL;
    }
    err = seL4_TCB_SetPriority(h->tcb, seL4_CapInitThreadTCB, prio);
    if (err != seL4_NoError) {
        test_fail(__FILE__, __LINE__, "TCB_SetPriority(%lu) for helper %d: %s", (unsigned long)prio,
                  h->index, error_name(err));
        return NULL;
    }
    /* Forget a join signal left over from an earlier test that used this entry. */
    seL4_Poll(h->join_ntfn, NULL);
    h->started = 0;
    h->finished = 0;
    return h;
}

struct helper *helper_new(seL4_Word prio, seL4_CPtr fault_ep)
{
    if (n_test_helpers == HELPER_MAX) {
        test_fail(__FILE__, __LINE__, "more than %d helper threads in one test", HELPER_MAX);
        return NULL;
    }
    struct helper *h = helper_setup(&helpers[n_test_helpers], prio, fault_ep);
    if (h) n_test_helpers++;
    return h;
}

static void helper_go(struct helper *h, seL4_Word pc, seL4_Word a0, seL4_Word a1, seL4_Word a2)
{
    seL4_UserContext regs;
    memset(&regs, 0, sizeof(regs));
    regs.pc = pc;
    regs.sp = h->stack_top;
    regs.gp = root_gp();
    regs.tp = helper_tp(h);
    regs.a0 = a0;
    regs.a1 = a1;
    regs.a2 = a2;
    seL4_Error err =
        seL4_TCB_WriteRegisters(h->tcb, seL4_False, 0, sizeof(regs) / sizeof(seL4_Word), &regs);
    if (err != seL4_NoError) {
        test_fail(__FILE__, __LINE__, "TCB_WriteRegisters for helper %d: %s", h->index,
                  error_name(err));
        return;
    }
    err = seL4_TCB_Resume(h->tcb);
    if (err != seL4_NoError)
        test_fail(__FILE__, __LINE__, "TCB_Resume for helper %d: %s", h->index, error_name(err));
}

void helper_start(struct helper *h, helper_fn_t fn, seL4_Word a0, seL4_Word a1, seL4_Word a2)
{
    h->fn = fn;
    h->args[0] = a0;
    h->args[1] = a1;
    h->args[2] = a2;
    helper_go(h, (seL4_Word)helper_trampoline, (seL4_Word)h, 0, 0);
}

void helper_start_raw(struct helper *h, seL4_Word pc, seL4_Word a0, seL4_Word a1, seL4_Word a2)
{
    helper_go(h, pc, a0, a1, a2);
}

bool helper_join_at(const char *file, int line, struct helper *h)
{
    static char what[32];
    snprintf(what, sizeof(what), "helper %d to finish", h->index);
    if (!guarded_wait(file, line, what, h->join_ntfn, h->join_guard, NULL, NULL, NULL))
        return false;
    if (!h->finished) {
        test_fail(file, line, "helper %d join signalled before it finished", h->index);
        return false;
    }
    return true;
}

static void settle_fn(seL4_Word a0, seL4_Word a1, seL4_Word a2)
{
    (void)a0;
    (void)a1;
    (void)a2;
}

bool settle_at(const char *file, int line)
{
    /* The no-op helper gets the CPU only once every higher-priority thread is blocked,
     * and its join wakes the root (priority 255) straight away. */
    struct helper *h = helper_new(SETTLE_PRIO, seL4_CapNull);
    if (!h) return false;
    helper_start(h, settle_fn, 0, 0, 0);
    if (test_has_failed()) return false;
    return helper_join_at(file, line, h);
}

/* ------------------------------------------------------------------ raw invocations */

seL4_MessageInfo_t invoke_raw(seL4_CPtr cap, seL4_Word label, seL4_Word n_mrs, const seL4_Word *mrs,
                              seL4_Word n_caps, const seL4_CPtr *caps)
{
    for (seL4_Word i = 0; i < n_mrs && i < seL4_MsgMaxLength; i++)
        seL4_SetMR(i, mrs[i]);
    for (seL4_Word i = 0; i < n_caps && i < seL4_MsgMaxExtraCaps; i++)
        seL4_SetCap(i, caps[i]);
    return seL4_Call(cap, seL4_MessageInfo_new(label, 0, n_caps, n_mrs));
}

/* ------------------------------------------------------------------ second address space */

bool child_new(struct child *c)
{
    c->ep = new_object(seL4_EndpointObject, 0);
    seL4_CPtr fault_ep = mint_badged(c->ep, CHILD_FAULT_BADGE);
    c->vspace = new_object(seL4_RISCV_PageTableObject, 0);
    if (test_has_failed()) return false;
    seL4_Error err = seL4_RISCV_ASIDPool_Assign(seL4_CapInitThreadASIDPool, c->vspace);
    if (err != seL4_NoError) {
        test_fail(__FILE__, __LINE__, "ASIDPool_Assign: %s", error_name(err));
        return false;
    }

    /* Write the code through a mapping in the root's VSpace ... */
    seL4_CPtr code_frame;
    void *code = new_mapped_page(&code_frame);
    if (!code) return false;
    size_t len = (size_t)(child_blob_end - child_blob_start);
    memcpy(code, child_blob_start, len);
    /* Make the new instructions visible to instruction fetch on this hart. */
    __asm__ volatile("fence.i" ::: "memory");

    /* ... and map a second cap to the same frame (a frame cap maps only once) into the
     * child, readable and executable. */
    seL4_CPtr child_code = alloc_slot();
    if (child_code == seL4_CapNull) return false;
    err = seL4_CNode_Copy(seL4_CapInitThreadCNode, child_code, ROOT_DEPTH, seL4_CapInitThreadCNode,
                          code_frame, ROOT_DEPTH, seL4_AllRights);
    if (err != seL4_NoError) {
        test_fail(__FILE__, __LINE__, "CNode_Copy of the code frame: %s", error_name(err));
        return false;
    }
    err = map_frame(child_code, c->vspace, CHILD_CODE_VA, seL4_CanRead,
                    seL4_RISCV_Default_VMAttributes);
    if (err != seL4_NoError) {
        test_fail(__FILE__, __LINE__, "mapping the child's code: %s", error_name(err));
        return false;
    }

    c->tcb = new_object(seL4_TCBObject, 0);
    if (test_has_failed()) return false;
    track_thread(c->tcb);
    /* No IPC buffer: the child only sends register-sized messages. */
    err = seL4_TCB_Configure(c->tcb, fault_ep, seL4_CapInitThreadCNode, 0, c->vspace, 0, 0,
                             seL4_CapNull);
    if (err != seL4_NoError) {
        test_fail(__FILE__, __LINE__, "TCB_Configure of the child: %s", error_name(err));
        return false;
    }
    err = seL4_TCB_SetPriority(c->tcb, seL4_CapInitThreadTCB, HELPER_DEFAULT_PRIO);
    if (err != seL4_NoError) {
        test_fail(__FILE__, __LINE__, "TCB_SetPriority of the child: %s", error_name(err));
        return false;
    }
    return true;
}

bool child_start(struct child *c, const char *entry, seL4_Word a2, seL4_Word s2)
{
    seL4_UserContext regs;
    memset(&regs, 0, sizeof(regs));
    regs.pc = CHILD_CODE_VA + (seL4_Word)(entry - child_blob_start);
    regs.s0 = c->ep;
    regs.s1 = seL4_MessageInfo_new(CHILD_MSG_LABEL, 0, 0, 1).words[0];
    regs.s2 = s2;
    regs.a2 = a2;
    seL4_Error err =
        seL4_TCB_WriteRegisters(c->tcb, seL4_True, 0, sizeof(regs) / sizeof(seL4_Word), &regs);
    if (err != seL4_NoError) {
        test_fail(__FILE__, __LINE__, "WriteRegisters of the child: %s", error_name(err));
        return false;
    }
    return true;
}

/* ------------------------------------------------------------------ runner */

extern const struct ktest __start_ktest_registry[];
extern const struct ktest __stop_ktest_registry[];

static void fatal(const char *what)
{
    printf("FAIL framework: %s: %s\n", what, cur_why);
    printf("0 passed, 1 failed\n");
    seL4_CantripDebugExit(1);
}

static void framework_init(void)
{
    seL4_SlotRegion empty = bootinfo->empty;
    next_slot = empty.start;
    slot_end = empty.end;

    /* The suite's fixed virtual regions must not collide with the image, the IPC
     * buffer, the bootinfo frame or the extra bootinfo that follows it. */
    seL4_Word image_top = (seL4_Word)bootinfo + (1ul << seL4_PageBits) + bootinfo->extraLen;
    if (image_top > VA_FRAMEWORK_BASE) {
        test_fail(__FILE__, __LINE__, "root image reaches 0x%lx, above the suite's VA base",
                  (unsigned long)image_top);
        fatal("layout");
    }

    if (cantrip_tls_size() > HELPER_TLS_SIZE || cantrip_tls_align() > HELPER_TLS_ALIGN) {
        test_fail(__FILE__, __LINE__, "TLS block %lu bytes / align %lu does not fit",
                  (unsigned long)cantrip_tls_size(), (unsigned long)cantrip_tls_align());
        fatal("tls");
    }

    pool_init();
    /* Long-lived objects (helper IPC buffers, page tables for them, the watchdog) come
     * from their own untyped so tests see only their own allocations. */
    cur_ut = carve_untyped(20, &cur_parent);
    if (cur_ut == seL4_CapNull) fatal("untyped");
    park_ep = new_object(seL4_EndpointObject, 0);
    if (park_ep == seL4_CapNull) fatal("park endpoint");
    for (int i = 0; i <= HELPER_MAX; i++)
        if (!helper_pool_init(i)) fatal("helper pool");

    struct helper *wd = helper_setup(&helpers[HELPER_MAX], WATCHDOG_PRIO, seL4_CapNull);
    if (!wd) fatal("watchdog");
    helper_start(wd, watchdog_loop, 0, 0, 0);
    if (test_has_failed()) fatal("watchdog");
}

/* Teardown: delete a thread's (suspended) TCB cap if it still holds one. */
static void reap_thread(seL4_CPtr tcb, const char *what)
{
    if (seL4_DebugCapIdentify(tcb) != CAPTYPE_thread) return;
    seL4_Error err = seL4_CNode_Delete(seL4_CapInitThreadCNode, tcb, ROOT_DEPTH);
    if (err != seL4_NoError)
        test_fail(__FILE__, __LINE__, "teardown: deleting %s TCB %lu: %s", what, (unsigned long)tcb,
                  error_name(err));
}

static bool run_one(const struct ktest *t)
{
    cur_failed = false;
    cur_why[0] = '\0';
    n_test_helpers = 0;
    n_tracked = 0;
    n_guards = 0;
    cur_test_name = t->name;
    printf("RUN  %s\n", t->name);

    cur_ut = carve_untyped(TEST_UT_BITS, &cur_parent);
    if (cur_ut != seL4_CapNull) t->fn();

    /* Teardown: stop every helper the test made (suspended threads never run again, so
     * their stacks and IPC buffers can be reused) and give the root its boot priority
     * back in case the test lowered it. */
    for (int i = 0; i < n_test_helpers; i++) {
        seL4_Error err = seL4_TCB_Suspend(helpers[i].tcb);
        if (err != seL4_NoError)
            test_fail(__FILE__, __LINE__, "teardown: TCB_Suspend(helper %d): %s", i,
                      error_name(err));
    }
    for (int i = 0; i < n_tracked; i++) {
        seL4_Error err = seL4_TCB_Suspend(tracked[i]);
        if (err != seL4_NoError)
            test_fail(__FILE__, __LINE__, "teardown: TCB_Suspend(thread %lu): %s",
                      (unsigned long)tracked[i], error_name(err));
    }
    /* Then destroy them (their caps are the only ones): a dead test's threads would
     * otherwise stay in the kernel for good, and the kernel's debug invariant checks
     * (stress tests) cost time per live thread. */
    for (int i = 0; i < n_test_helpers; i++)
        reap_thread(helpers[i].tcb, "helper");
    for (int i = 0; i < n_tracked; i++)
        reap_thread(tracked[i], "tracked thread");
    seL4_Error err =
        seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, seL4_MaxPrio);
    if (err != seL4_NoError)
        test_fail(__FILE__, __LINE__, "teardown: restoring root priority: %s", error_name(err));

    if (cur_failed)
        printf("FAIL %s: %s\n", t->name, cur_why);
    else
        printf("PASS %s\n", t->name);
    return !cur_failed;
}

static bool ktest_before(const struct ktest *a, const struct ktest *b)
{
    int c = strcmp(a->file, b->file);
    return c < 0 || (c == 0 && a->line < b->line);
}

#define MAX_TESTS 256
static const struct ktest *order[MAX_TESTS];

int main(void)
{
    bootinfo = seL4_GetBootInfo();
    printf("Cantrip-C kernel conformance suite\n");

    size_t n = (size_t)(__stop_ktest_registry - __start_ktest_registry);
    if (n > MAX_TESTS) {
        snprintf(cur_why, sizeof(cur_why), "%zu tests registered, room for %d", n, MAX_TESTS);
        fatal("registry");
    }
    /* Insertion sort into source order. */
    for (size_t i = 0; i < n; i++) {
        const struct ktest *t = &__start_ktest_registry[i];
        size_t j = i;
        while (j > 0 && ktest_before(t, order[j - 1])) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = t;
    }

    framework_init();

    unsigned passed = 0, failed = 0;
    for (size_t i = 0; i < n; i++) {
        if (run_one(order[i]))
            passed++;
        else
            failed++;
    }
    printf("%u passed, %u failed\n", passed, failed);
    seL4_CantripDebugExit(failed ? 1 : 0);
    return failed ? 1 : 0;
}
