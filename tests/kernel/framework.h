/* Cantrip-C kernel conformance suite: test framework.
 *
 * The suite runs as the root server and talks to the kernel only through the standard
 * libsel4 API, so the same binary logic would run on seL4 16.0.0 (riscv64, non-MCS).
 *
 * A test is a `void fn(void)` registered with KTEST(name).  The runner prints
 * "PASS name" or "FAIL name: file:line: condition (values)" for each, then
 * "N passed, N failed", then powers QEMU off with exit status 0 or 1.
 *
 * Every test gets a fresh environment: a private untyped (TEST_UT_BITS bytes) from which
 * new_object() allocates, slots from a global bump allocator over bootinfo->empty, and
 * virtual addresses from a bump allocator in the root VSpace.  No memory is reclaimed
 * (the suite must not depend on Revoke); apart from the 1 GiB page of t11 (the machine
 * has 3 GiB for it) the budget fits in 512 MiB.
 * Helper threads created by a test are suspended and then deleted when the test ends, and
 * the root thread's priority is restored, so a failed test cannot disturb the next one. */
#pragma once

#include <sel4/sel4.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ------------------------------------------------------------------ registry */

struct ktest {
    const char *name;
    void (*fn)(void);
    const char *file;
    int line;
};

/* Tests live in their own linker section; the runner walks it from __start_ to __stop_
 * (symbols GNU ld provides for sections whose name is a C identifier).  The compiler
 * does not keep definition order within the section, so the runner sorts by file name
 * and line: tests run in source order, files in name order (t01_..., t02_...). */
#define KTEST(tname)                                                                               \
    static void ktest_fn_##tname(void);                                                            \
    static const struct ktest ktest_desc_##tname                                                   \
        __attribute__((used, section("ktest_registry"), aligned(sizeof(void *)))) = {              \
            .name = #tname, .fn = ktest_fn_##tname, .file = __FILE__, .line = __LINE__};           \
    static void ktest_fn_##tname(void)

/* ------------------------------------------------------------------ checks */

/* Records the first failure of the running test (later ones are ignored). */
void test_fail(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
bool test_has_failed(void);

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            test_fail(__FILE__, __LINE__, "%s", #cond);                                            \
            return;                                                                                \
        }                                                                                          \
    } while (0)

#define CHECK_MSG(cond, ...)                                                                       \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            test_fail(__FILE__, __LINE__, __VA_ARGS__);                                            \
            return;                                                                                \
        }                                                                                          \
    } while (0)

#define CHECK_CMP_(a, op, b)                                                                       \
    do {                                                                                           \
        seL4_Word ck_a_ = (seL4_Word)(a), ck_b_ = (seL4_Word)(b);                                  \
        if (!(ck_a_ op ck_b_)) {                                                                   \
            test_fail(__FILE__, __LINE__, "%s %s %s (0x%lx vs 0x%lx)", #a, #op, #b,                \
                      (unsigned long)ck_a_, (unsigned long)ck_b_);                                 \
            return;                                                                                \
        }                                                                                          \
    } while (0)

#define CHECK_EQ(a, b) CHECK_CMP_(a, ==, b)
#define CHECK_NE(a, b) CHECK_CMP_(a, !=, b)
#define CHECK_LT(a, b) CHECK_CMP_(a, <, b)
#define CHECK_LE(a, b) CHECK_CMP_(a, <=, b)
#define CHECK_GE(a, b) CHECK_CMP_(a, >=, b)
#define CHECK_GT(a, b) CHECK_CMP_(a, >, b)

/* Compares an seL4_Error and prints both errors by name. */
#define CHECK_ERR(expr, expected)                                                                  \
    do {                                                                                           \
        seL4_Word ck_e_ = (seL4_Word)(expr), ck_x_ = (seL4_Word)(expected);                        \
        if (ck_e_ != ck_x_) {                                                                      \
            test_fail(__FILE__, __LINE__, "%s returned %s (%lu), expected %s (%lu)", #expr,        \
                      error_name(ck_e_), (unsigned long)ck_e_, error_name(ck_x_),                  \
                      (unsigned long)ck_x_);                                                       \
            return;                                                                                \
        }                                                                                          \
    } while (0)

#define CHECK_OK(expr) CHECK_ERR(expr, seL4_NoError)

/* For framework helpers that record their own failure and return a dummy value:
 *     seL4_CPtr ep = TRY(new_object(seL4_EndpointObject, 0));
 * returns from the test if the helper failed. */
#define TRY(expr)                                                                                  \
    ({                                                                                             \
        __typeof__(expr) try_v_ = (expr);                                                          \
        if (test_has_failed()) return;                                                             \
        try_v_;                                                                                    \
    })

const char *error_name(seL4_Word err);

/* ------------------------------------------------------------------ environment */

/* Size of each test's private untyped: 1 MiB, plenty for the TCBs, frames and page
 * tables of one test (a test that needs a 2 MiB page takes an extra_untyped()).  With
 * nothing reclaimed, several hundred tests fit in 512 MiB. */
#define TEST_UT_BITS 20

/* Root VSpace regions used by the suite; far above any plausible root-server image
 * (checked at start-up against the bootinfo frame's address). */
#define VA_FRAMEWORK_BASE 0x2000000000ul /* helper IPC buffers (4 KiB each) */
#define VA_PAGES_BASE 0x2000200000ul     /* per-test 4 KiB mappings, bump allocated */
#define VA_LARGE_BASE 0x2040000000ul     /* 2 MiB mappings, bump allocated */
#define VA_PT_TEST_BASE 0x2080000000ul   /* 1 GiB regions reserved for page-table tests */

extern seL4_BootInfo *bootinfo;

/* The current test's untyped (a fresh child of a boot untyped). */
seL4_CPtr test_untyped(void);
/* Physical range the current test's untyped was carved from (its boot parent). */
void test_untyped_parent(seL4_Word *paddr, seL4_Word *size_bits);
/* An additional fresh untyped of 2^bits bytes for the current test (failure recorded,
 * seL4_CapNull returned). */
seL4_CPtr extra_untyped(seL4_Word bits);

/* A free slot of the root CNode.  Records a failure and returns seL4_CapNull when the
 * empty region is exhausted. */
seL4_CPtr alloc_slot(void);
/* n consecutive free slots; returns the first. */
seL4_CPtr alloc_slots(seL4_Word n);

/* Retype one object from the test untyped into a fresh slot (failure recorded). */
seL4_CPtr new_object(seL4_Word type, seL4_Word size_bits);
/* Retype one object from `ut` into a fresh slot (failure recorded). */
seL4_CPtr new_object_from(seL4_CPtr ut, seL4_Word type, seL4_Word size_bits);

/* Minted copy of `cap` (same CNode) with the given badge and all rights. */
seL4_CPtr mint_badged(seL4_CPtr cap, seL4_Word badge);

/* Fresh page-aligned virtual addresses in the root VSpace. */
seL4_Word alloc_vaddr_4k(seL4_Word pages);
seL4_Word alloc_vaddr_2m(void);

/* seL4_RISCV_Page_Map that creates missing page tables (from the test untyped) on
 * seL4_FailedLookup.  Returns the final seL4 error. */
seL4_Error map_frame(seL4_CPtr frame, seL4_CPtr vspace, seL4_Word vaddr, seL4_CapRights_t rights,
                     seL4_Word attr);
/* Retype a 4 KiB frame, map it RW at a fresh vaddr in the root VSpace and return the
 * vaddr (failure recorded, 0 returned).  *frame_out receives the frame cap if non-NULL. */
void *new_mapped_page(seL4_CPtr *frame_out);

/* Cap type numbers reported by seL4_DebugCapIdentify (riscv64). */
enum {
#define SEL4_CAPTYPE(name, tag) CAPTYPE_##name = tag,
#include <sel4/abi/captypes.def>
};

/* CNode-op depth for the root CNode: cptr = slot number at full word depth. */
#define ROOT_DEPTH seL4_WordBits

/* ------------------------------------------------------------------ helper threads */

#define HELPER_MAX 8
#define HELPER_DEFAULT_PRIO 100
/* The deadlock watchdog runs below every test thread. */
#define WATCHDOG_PRIO 1

typedef void (*helper_fn_t)(seL4_Word a0, seL4_Word a1, seL4_Word a2);

struct helper {
    /* Set up once per pool index and reused by later tests. */
    int index;
    seL4_IPCBuffer *ipc; /* IPC buffer vaddr (its own 4 KiB page) */
    seL4_CPtr ipc_frame;
    seL4_CPtr join_ntfn;  /* signalled by the trampoline when fn returns */
    seL4_CPtr join_guard; /* watchdog-badged copy of join_ntfn */
    uintptr_t stack_top;
    void *tls; /* thread-local storage block (tp), see framework.c */
    /* Per test. */
    seL4_CPtr tcb;
    helper_fn_t fn;
    seL4_Word args[3];
    volatile int started;
    volatile int finished;
};

/* New thread in the root's CSpace and VSpace with its own IPC buffer and stack, at
 * priority `prio` (authority: the root TCB), fault endpoint cptr `fault_ep` (0 = none),
 * not yet running.  Failure recorded, NULL returned. */
struct helper *helper_new(seL4_Word prio, seL4_CPtr fault_ep);
/* Run fn(a0, a1, a2) in the helper through the trampoline (sets the IPC buffer, and
 * signals the join notification when fn returns). */
void helper_start(struct helper *h, helper_fn_t fn, seL4_Word a0, seL4_Word a1, seL4_Word a2);
/* Start the helper directly at `pc` (e.g. an assembly fault stub) with a0..a2 set and the
 * helper's stack; no trampoline, no join. */
void helper_start_raw(struct helper *h, seL4_Word pc, seL4_Word a0, seL4_Word a1, seL4_Word a2);

/* The blocking waits below are guarded by a watchdog thread: if every thread of the
 * system is blocked (so the wait can never end) they record a failure at the caller's
 * file:line and return false instead of hanging.  Livelocks still hang (QEMU timeout). */

/* Block until the helper's fn returned. */
#define helper_join(h) helper_join_at(__FILE__, __LINE__, (h))
bool helper_join_at(const char *file, int line, struct helper *h);

/* seL4_Recv on `ep`, which must be an unbadged endpoint or notification cap with all
 * rights (the watchdog wakes the root through a badged copy).  info and badge may be
 * NULL. */
#define guarded_recv(ep, info, badge) guarded_recv_at(__FILE__, __LINE__, (ep), (info), (badge))
bool guarded_recv_at(const char *file, int line, seL4_CPtr ep, seL4_MessageInfo_t *info,
                     seL4_Word *badge);

/* seL4_ReplyRecv, guarded the same way. */
#define guarded_reply_recv(ep, reply, info, badge)                                                 \
    guarded_reply_recv_at(__FILE__, __LINE__, (ep), (reply), (info), (badge))
bool guarded_reply_recv_at(const char *file, int line, seL4_CPtr ep, seL4_MessageInfo_t reply,
                           seL4_MessageInfo_t *info, seL4_Word *badge);

/* Block until every thread of the suite above priority SETTLE_PRIO is blocked or
 * suspended (runs a no-op helper at SETTLE_PRIO and joins it).  Uses one helper. */
#define SETTLE_PRIO 2
#define settle() settle_at(__FILE__, __LINE__)
bool settle_at(const char *file, int line);

/* Have the end-of-test teardown suspend and delete `tcb` (for threads not made with
 * helper_new). */
void track_thread(seL4_CPtr tcb);

/* The value the gp register must have in every thread of this image. */
seL4_Word root_gp(void);

/* Iterations of a trivial busy loop that span several 2 ms timer ticks under QEMU (a few
 * tens of milliseconds), and a much larger bound for loops waiting on other threads. */
#define SPIN_TICKS 5000000ul
#define SPIN_LIMIT 1000000000ul

/* ------------------------------------------------------------------ raw invocations */

/* seL4_Call on `cap` with the given label, message words and extra caps, exactly as
 * given (no libsel4 stub), so tests can send short or odd messages and check the reply's
 * label, length and words.  Afterwards seL4_GetMR(i) returns reply word i. */
seL4_MessageInfo_t invoke_raw(seL4_CPtr cap, seL4_Word label, seL4_Word n_mrs, const seL4_Word *mrs,
                              seL4_Word n_caps, const seL4_CPtr *caps);

/* Checks an invocation reply: label (the seL4_Error) and length. */
#define CHECK_REPLY(info, err, len)                                                                \
    do {                                                                                           \
        seL4_MessageInfo_t ck_i_ = (info);                                                         \
        CHECK_ERR(seL4_MessageInfo_get_label(ck_i_), (err));                                       \
        CHECK_EQ(seL4_MessageInfo_get_length(ck_i_), (len));                                       \
    } while (0)

/* ------------------------------------------------------------------ second address space */

/* A thread in a VSpace of its own (own ASID from the initial pool) that holds nothing
 * but a copy of the position-independent child code blob of stubs.c, mapped read/execute
 * at CHILD_CODE_VA.  It shares the root's CSpace, so it can name the root's endpoints;
 * its fault endpoint is `ep` badged with CHILD_FAULT_BADGE. */
#define CHILD_CODE_VA 0x3000000000ul
#define CHILD_MSG_LABEL 0x5
#define CHILD_FAULT_BADGE 0xfa17ul

struct child {
    seL4_CPtr vspace;
    seL4_CPtr tcb;
    seL4_CPtr ep; /* the root receives calls and faults here */
};

/* Build the child (not started; its TCB is tracked for teardown).  False on failure
 * (recorded). */
bool child_new(struct child *c);
/* Start the child at `entry` (a symbol inside the blob) with the call-loop registers:
 * s0 = c->ep, s1 = msginfo (label CHILD_MSG_LABEL, length 1), a2 = a2, s2 = s2. */
bool child_start(struct child *c, const char *entry, seL4_Word a2, seL4_Word s2);
