/* Stress tests, each bounded in time: 100,000 Call/ReplyRecv round trips across address
 * spaces, 1,000 retype/revoke cycles on one untyped, and a seeded random-invocation fuzzer
 * (200,000 invocations) with the kernel's invariant checks on. */
#include "framework.h"
#include "stubs.h"

#include <sel4/cantrip.h>
#include <stdio.h>
#include <string.h>

#define ROOT seL4_CapInitThreadCNode
#define VSPACE seL4_CapInitThreadVSpace
#define ATTR seL4_RISCV_Default_VMAttributes

static seL4_Word now_us(void)
{
    seL4_Word t;
    __asm__ volatile("rdtime %0" : "=r"(t));
    return t / 10; /* 10 MHz timebase */
}

/* ---- 100,000 round trips between address spaces ------------------------------------------------
 */

#define ROUND_TRIPS 100000

/* The child (own VSpace, own ASID) Calls with v, the root replies v + 100, the child adds one:
 * every payload word is checked. */
KTEST(stress_cross_as_round_trips)
{
    struct child c;
    CHECK(child_new(&c));
    CHECK(child_start(&c, child_call_loop, 1, 0));
    seL4_MessageInfo_t info;
    seL4_Word badge = 0;
    CHECK(guarded_recv(c.ep, &info, &badge));
    seL4_Word expect = 1;
    seL4_Word t0 = now_us();
    for (seL4_Word i = 0; i < ROUND_TRIPS; i++) {
        if (badge != 0 || seL4_MessageInfo_get_label(info) != CHILD_MSG_LABEL ||
            seL4_MessageInfo_get_length(info) != 1 || seL4_GetMR(0) != expect) {
            test_fail(__FILE__, __LINE__,
                      "round trip %lu: badge 0x%lx label 0x%lx length %lu MR0 0x%lx, expected "
                      "MR0 0x%lx",
                      (unsigned long)i, (unsigned long)badge,
                      (unsigned long)seL4_MessageInfo_get_label(info),
                      (unsigned long)seL4_MessageInfo_get_length(info),
                      (unsigned long)seL4_GetMR(0), (unsigned long)expect);
            return;
        }
        seL4_SetMR(0, expect + 100);
        expect += 101;
        CHECK(guarded_reply_recv(c.ep, seL4_MessageInfo_new(0, 0, 0, 1), &info, &badge));
    }
    seL4_Word dt = now_us() - t0;
    CHECK_OK(seL4_TCB_Suspend(c.tcb));
    printf("stress: %d cross-address-space round trips in %lu ms\n", ROUND_TRIPS,
           (unsigned long)(dt / 1000));
}

/* ---- 1,000 retype/revoke cycles
 * ------------------------------------------------------------------ */

#define CYCLES 1000
#define CYCLE_UT_BITS 16
/* A 1 GiB region of the root VSpace for the cycling page table (see t17_vspace.c). */
#define VA_CYCLE_PT (VA_PT_TEST_BASE + (20ul << 30))

enum { S_TCB, S_TCB2, S_EP, S_NTFN, S_CNODE, S_FRAME, S_PT, S_WHOLE, N_CYCLE_SLOTS };

/* One cycle: retype a mix of objects (two started threads, one of them blocked on an endpoint
 * through a CSpace that is itself one of the objects, a CNode holding copies, a mapped frame,
 * a mapped page table), revoke the untyped, check that every cap is gone and that the whole
 * untyped can be retyped as one object. */
static bool retype_revoke_cycle(seL4_CPtr ut, seL4_CPtr s, seL4_Word frame_va, seL4_Word n)
{
    const seL4_Word types[N_CYCLE_SLOTS][2] = {
        [S_TCB] = {seL4_TCBObject, 0},
        [S_TCB2] = {seL4_TCBObject, 0},
        [S_EP] = {seL4_EndpointObject, 0},
        [S_NTFN] = {seL4_NotificationObject, 0},
        [S_CNODE] = {seL4_CapTableObject, 4},
        [S_FRAME] = {seL4_RISCV_4K_Page, 0},
        [S_PT] = {seL4_RISCV_PageTableObject, 0},
    };
    seL4_Error err;
#define CYC(expr)                                                                                  \
    do {                                                                                           \
        err = (expr);                                                                              \
        if (err != seL4_NoError) {                                                                 \
            test_fail(__FILE__, __LINE__, "cycle %lu: %s: %s", (unsigned long)n, #expr,            \
                      error_name(err));                                                            \
            return false;                                                                          \
        }                                                                                          \
    } while (0)
    for (int i = S_TCB; i < S_WHOLE; i++)
        CYC(seL4_Untyped_Retype(ut, types[i][0], types[i][1], ROOT, 0, 0, s + i, 1));
    seL4_CPtr cnode = s + S_CNODE;
    CYC(seL4_CNode_Copy(cnode, 0, 4, ROOT, s + S_EP, ROOT_DEPTH, seL4_AllRights));
    CYC(seL4_CNode_Copy(cnode, 1, 4, ROOT, s + S_NTFN, ROOT_DEPTH, seL4_AllRights));
    CYC(seL4_CNode_Copy(cnode, 2, 4, ROOT, s + S_TCB, ROOT_DEPTH, seL4_AllRights));
    CYC(seL4_CNode_Copy(cnode, 3, 4, ROOT, s + S_FRAME, ROOT_DEPTH, seL4_AllRights));
    CYC(seL4_CNode_Copy(cnode, 4, 4, ROOT, cnode, ROOT_DEPTH, seL4_AllRights));
    CYC(seL4_CNode_Mint(cnode, 5, 4, ROOT, s + S_EP, ROOT_DEPTH, seL4_AllRights, n + 1));
    /* The frame is new memory: zero. */
    CYC(seL4_RISCV_Page_Map(s + S_FRAME, VSPACE, frame_va, seL4_ReadWrite, ATTR));
    volatile seL4_Word *p = (volatile seL4_Word *)frame_va;
    if (p[0] != 0 || p[511] != 0) {
        test_fail(__FILE__, __LINE__, "cycle %lu: a new frame is not zero", (unsigned long)n);
        return false;
    }
    p[0] = n;
    p[511] = ~n;
    CYC(seL4_RISCV_PageTable_Map(s + S_PT, VSPACE, VA_CYCLE_PT, ATTR));
    /* Two threads at the root's priority in the new CSpace (60-bit guard: cptr = slot): one
     * yields forever, one blocks receiving on the endpoint (its cptr 0).  The root's Yields
     * let both run. */
    seL4_Word guard = seL4_CNode_CapData_new(0, 60).words[0];
    for (int t = S_TCB; t <= S_TCB2; t++) {
        CYC(seL4_TCB_Configure(s + t, 0, cnode, guard, VSPACE, 0, 0, seL4_CapNull));
        CYC(seL4_TCB_SetPriority(s + t, seL4_CapInitThreadTCB, seL4_MaxPrio));
        seL4_UserContext regs;
        memset(&regs, 0, sizeof(regs));
        regs.pc = (seL4_Word)(t == S_TCB ? stub_yield_loop : stub_recv);
        regs.a0 = 0;
        CYC(seL4_TCB_WriteRegisters(s + t, seL4_True, 0, sizeof(regs) / sizeof(seL4_Word), &regs));
    }
    CYC(seL4_TCB_BindNotification(s + S_TCB, s + S_NTFN));
    for (int i = 0; i < 3; i++)
        seL4_Yield();
    /* The receiver, now blocked, must not run again should the revoke below be preempted
     * between deleting its endpoint and deleting it (it would fault on the lost CSpace). */
    CYC(seL4_TCB_SetPriority(s + S_TCB2, seL4_CapInitThreadTCB, seL4_MaxPrio - 1));

    CYC(seL4_CNode_Revoke(ROOT, ut, ROOT_DEPTH));
    for (int i = S_TCB; i < N_CYCLE_SLOTS; i++) {
        if (seL4_DebugCapIdentify(s + i) != CAPTYPE_null) {
            test_fail(__FILE__, __LINE__, "cycle %lu: slot %d survived the revoke",
                      (unsigned long)n, i);
            return false;
        }
    }
    CYC(seL4_Untyped_Retype(ut, seL4_UntypedObject, CYCLE_UT_BITS, ROOT, 0, 0, s + S_WHOLE, 1));
    CYC(seL4_CNode_Delete(ROOT, s + S_WHOLE, ROOT_DEPTH));
#undef CYC
    return true;
}

KTEST(stress_retype_revoke_cycles)
{
    seL4_CPtr ut = TRY(new_object(seL4_UntypedObject, CYCLE_UT_BITS));
    seL4_CPtr s = TRY(alloc_slots(N_CYCLE_SLOTS));
    /* Page tables for the frame's address come from the test untyped, once. */
    seL4_CPtr probe;
    void *page = TRY(new_mapped_page(&probe));
    seL4_Word frame_va = (seL4_Word)page;
    CHECK_OK(seL4_RISCV_Page_Unmap(probe));
    seL4_Word t0 = now_us();
    for (seL4_Word n = 0; n < CYCLES; n++) {
        /* Every tenth cycle runs with the kernel's invariant checks on. */
        bool inv = n % 10 == 0;
        if (inv) seL4_CantripDebugInvariants(1);
        bool ok = retype_revoke_cycle(ut, s, frame_va, n);
        if (inv) seL4_CantripDebugInvariants(0);
        if (!ok) return;
    }
    printf("stress: %d retype/revoke cycles in %lu ms\n", CYCLES,
           (unsigned long)((now_us() - t0) / 1000));
}

/* ---- Random-invocation fuzzer
 * ---------------------------------------------------------------------
 *
 * A fuzz thread whose CSpace is a 256-slot CNode R (a 56-bit zero guard, so a cptr is a slot
 * number) makes random invocations: a random slot of R, a random label 0..45, random message
 * words (biased towards small numbers, slot numbers, depths, object types and sizes, powers of
 * two) and random extra caps (slots of R).  Endpoint caps are invoked with NBSend (a Call
 * would wait for a receiver), everything else with Call; every reply must carry a valid
 * seL4_Error with the length that error's words need.  The kernel's invariant checks are on
 * throughout: a violation halts the machine with status 255.
 *
 * What keeps the harness safe: R holds no cap to the root's CNode, TCB or VSpace, nor to
 * R itself, so no CNode operation can reach R's own slots (only the sub-CNodes in R); the
 * slot kinds in R therefore never change, and the few protected slots (the fuzz thread's
 * report and fault endpoints) are never invoked or passed.  The fuzz TCBs run (if ever) in
 * their own VSpace and their maximum priority is 50, below the fuzz thread's.  Everything
 * the fuzzer can touch comes from one untyped, revoked at the end. */

#define FUZZ_INVOCATIONS 200000
#define FUZZ_SEED 0x5eed2024cafef00dul
#define FUZZ_RADIX 8
#define FUZZ_SLOTS (1 << FUZZ_RADIX)
#define FUZZ_GUARD_DATA seL4_CNode_CapData_new(0, 64 - FUZZ_RADIX).words[0]
#define FUZZ_CODE_VA 0x3abc000000ul
#define FUZZ_IPC_VA 0x3abc100000ul
#define FUZZ_IRQ 7 /* a virtio-mmio line; QEMU is started without virtio devices */
#define FUZZ_MCP 50
#define FUZZ_PROGRESS 50000

enum fuzz_kind {
    FK_EMPTY,
    FK_UNTYPED,
    FK_TCB,
    FK_EP,
    FK_NTFN,
    FK_CNODE,
    FK_FRAME,
    FK_PT,
    FK_POOL,
    FK_ASIDCTL,
    FK_IRQ,
    FK_DOMAIN,
    FK_PROTECTED,
};

/* Slots of R. */
enum {
    FS_UT = 1,        /* 1..8 untypeds */
    FS_SERVER = 9,    /* 9..11 TCBs blocked receiving (E0, E1 bound to N1, N2) */
    FS_IDLE_TCB = 12, /* 12..13 configured, not started */
    FS_BARE_TCB = 14, /* unconfigured */
    FS_EP = 15,       /* 15..18 endpoints, 19..22 badged copies */
    FS_NTFN = 23,     /* 23..25 notifications, 26..27 badged copies */
    FS_CNODE = 28,    /* 28..31 sub-CNodes, 32..33 guarded copies */
    FS_FRAME = 34,    /* 34..36 server IPC buffers, 37 code, 38..41 spare, 42 copy */
    FS_CODE_PT = 43,  /* 43..44 page tables mapping the code, 45..48 spare */
    FS_VSPACE = 49,   /* the fuzz VSpace; 50 another VSpace; 51 unassigned */
    FS_POOL = 52,     /* 52..53 the fuzz ASID pool */
    FS_ASIDCTL = 54,
    FS_IRQ = 55, /* 55..56 */
    FS_DOMAIN = 57,
    FS_SINK = 58,   /* fault endpoint of the fuzz TCBs */
    FS_COPIES = 59, /* 59..63 more copies */
    FS_PARK = 249,  /* protected */
    FS_DONE = 250,  /* protected */
    FS_FAULT = 251, /* protected */
};

#define FUZZ_DONE_BADGE 0xd0e
#define FUZZ_FAULT_BADGE 0xfa17ul

static unsigned char fuzz_kind[FUZZ_SLOTS];
static unsigned char fuzz_depth[FUZZ_SLOTS]; /* CNode slots: the depth that fills their bits */
static unsigned char fuzz_cnodes[FUZZ_SLOTS];
static int n_fuzz_cnodes;
static unsigned char fuzz_targets[FUZZ_SLOTS];
static int n_fuzz_targets;

static struct {
    seL4_Word done;
    seL4_Word calls, nbsends;
    seL4_Word bad_label, bad_length;
    seL4_Word first_bad; /* (iteration << 16) | (slot << 8) | label, of the first bad reply */
    seL4_Word errors[seL4_NumErrors];
} fz;

static seL4_Word fz_state;

static seL4_Word fz_rand(void)
{
    seL4_Word x = fz_state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    fz_state = x;
    return x;
}

/* A message word.  Values in [-128, -1] are never produced: those are the syscall numbers
 * of the debug calls (halt, exit), should a fuzz TCB ever execute an ecall with one. */
static seL4_Word fz_word(void)
{
    static const seL4_Word depths[] = {0, 1, 2, 4, 5, 6, 8, 10, 12, 56, 60, 62, 63, 64, 65};
    seL4_Word r = fz_rand();
    seL4_Word w;
    switch (r % 10) {
    case 0:
        w = 0;
        break;
    case 1:
        w = (r >> 8) % 8;
        break;
    case 2:
    case 3:
        w = (r >> 8) % FUZZ_SLOTS;
        break;
    case 4:
        w = depths[(r >> 8) % (sizeof(depths) / sizeof(depths[0]))];
        break;
    case 5:
        w = 1ul << ((r >> 8) % 64);
        break;
    case 6:
        w = (r >> 8) % 48; /* object types, sizes, priorities, IRQs */
        break;
    case 7:
        w = FUZZ_CODE_VA + (((r >> 8) % 1024) << 12); /* addresses near the fuzz mappings */
        break;
    case 8:
        w = ((r >> 8) % 64) << 12;
        break;
    default:
        w = fz_rand();
        break;
    }
    if (w >= (seL4_Word)-128) w = 0;
    return w;
}

/* An extra cap: any unprotected slot of R (empty ones too). */
static seL4_Word fz_extra(void)
{
    for (;;) {
        seL4_Word r = fz_rand();
        seL4_Word s =
            (r & 3) ? fuzz_targets[(r >> 8) % (seL4_Word)n_fuzz_targets] : (r >> 8) % FUZZ_SLOTS;
        if (fuzz_kind[s] != FK_PROTECTED) return s;
    }
}

/* A word shaped for the invoked object's methods: CNode ops get slot indices and depths
 * that resolve (index/depth pairs alternate), Retype gets types, sizes and small counts. */
static seL4_Word fz_shaped_word(unsigned kind, seL4_Word slot, seL4_Word k)
{
    static const seL4_Word depths[] = {4, 5, 6, 64};
    seL4_Word r = fz_rand();
    switch (kind) {
    case FK_CNODE:
        if (k == 1) return fuzz_depth[slot];
        if (k < 8) return (k % 3 == 1) ? depths[r % 4] : r % 24;
        break;
    case FK_UNTYPED: {
        static const seL4_Word bound[6] = {seL4_ObjectTypeCount + 1, 14, 24, 1, 16, 4};
        if (k == 3) return (r & 1) ? 0 : depths[(r >> 1) % 4];
        if (k == 5) return 1 + r % 3;
        if (k < 6) return r % bound[k];
        break;
    }
    case FK_TCB:
        if (k < 2) return r % 40;
        break;
    default:
        break;
    }
    return fz_word();
}

/* Mostly a label of the target's own methods, else any label 0..45. */
static seL4_Word fz_label(unsigned kind)
{
    static const unsigned char first[] = {
        [FK_UNTYPED] = UntypedRetype,
        [FK_TCB] = TCBReadRegisters,
        [FK_CNODE] = CNodeRevoke,
        [FK_FRAME] = RISCVPageMap,
        [FK_PT] = RISCVPageTableMap,
        [FK_POOL] = RISCVASIDPoolAssign,
        [FK_ASIDCTL] = RISCVASIDControlMakePool,
        [FK_IRQ] = IRQAckIRQ,
        [FK_DOMAIN] = DomainSetSet,
    };
    static const unsigned char last[] = {
        [FK_UNTYPED] = UntypedRetype,
        [FK_TCB] = TCBSetFlags,
        [FK_CNODE] = CNodeSaveCaller,
        [FK_FRAME] = RISCVPageGetAddress,
        [FK_PT] = RISCVPageTableUnmap,
        [FK_POOL] = RISCVASIDPoolAssign,
        [FK_ASIDCTL] = RISCVASIDControlMakePool,
        [FK_IRQ] = IRQClearIRQHandler,
        [FK_DOMAIN] = DomainScheduleSetStart,
    };
    seL4_Word r = fz_rand();
    if (r % 10 < 7 && kind < sizeof(first) && first[kind])
        return first[kind] + (r >> 8) % (seL4_Word)(last[kind] - first[kind] + 1);
    return (r >> 8) % 46;
}

/* Reply lengths of the errors (FailedLookup: 2..5). */
static bool fz_length_ok(seL4_Word err, seL4_Word len)
{
    switch (err) {
    case seL4_NoError:
        return true;
    case seL4_InvalidArgument:
    case seL4_InvalidCapability:
    case seL4_NotEnoughMemory:
        return len == 1;
    case seL4_RangeError:
        return len == 2;
    case seL4_FailedLookup:
        return len >= 2 && len <= 5;
    default:
        return len == 0;
    }
}

static void fuzz_main(seL4_Word seed, seL4_Word n, seL4_Word unused)
{
    (void)unused;
    fz_state = seed;
    for (seL4_Word i = 0; i < n; i++) {
        seL4_Word r = fz_rand();
        seL4_Word slot;
        if (r % 10 == 0) {
            do
                slot = fz_rand() % FUZZ_SLOTS;
            while (fuzz_kind[slot] == FK_PROTECTED);
        } else {
            slot = fuzz_targets[(r >> 8) % (seL4_Word)n_fuzz_targets];
        }
        seL4_Word label = fz_label(fuzz_kind[slot]);
        unsigned kind = fuzz_kind[slot];
        seL4_Word lr = fz_rand() % 32;
        seL4_Word len = lr < 24 ? fz_rand() % 9 : lr < 31 ? fz_rand() % 40 : fz_rand() % 121;
        bool shaped = fz_rand() % 2;
        for (seL4_Word k = 0; k < len; k++)
            seL4_SetMR(k, shaped ? fz_shaped_word(kind, slot, k) : fz_word());
        seL4_Word ncaps = fz_rand() % 4;
        for (seL4_Word k = 0; k < ncaps; k++) {
            /* CNode operations, Retype and MakePool take CNodes as extra caps. */
            bool want_cnode = shaped && (kind == FK_CNODE || kind == FK_UNTYPED ||
                                         (kind == FK_ASIDCTL && k == 1));
            seL4_SetCap(k, want_cnode ? fuzz_cnodes[fz_rand() % (seL4_Word)n_fuzz_cnodes]
                                      : fz_extra());
        }
        seL4_MessageInfo_t info = seL4_MessageInfo_new(label, 0, ncaps, len);
        if (fuzz_kind[slot] == FK_EP) {
            seL4_NBSend(slot, info);
            fz.nbsends++;
        } else {
            seL4_MessageInfo_t reply = seL4_Call(slot, info);
            seL4_Word err = seL4_MessageInfo_get_label(reply);
            seL4_Word rlen = seL4_MessageInfo_get_length(reply);
            fz.calls++;
            if (err >= seL4_NumErrors || !fz_length_ok(err, rlen)) {
                if (!fz.bad_label && !fz.bad_length) fz.first_bad = (i << 16) | (slot << 8) | label;
                if (err >= seL4_NumErrors)
                    fz.bad_label++;
                else
                    fz.bad_length++;
            } else {
                fz.errors[err]++;
            }
        }
        fz.done = i + 1;
        if ((i + 1) % FUZZ_PROGRESS == 0) printf("fuzz: %lu invocations\n", (unsigned long)(i + 1));
    }
    seL4_Send(FS_DONE, seL4_MessageInfo_new(0, 0, 0, 0));
    for (;;)
        seL4_Wait(FS_PARK, NULL);
}

/* Setup helpers (the test's own failure reporting). */
#define FZ(expr)                                                                                   \
    do {                                                                                           \
        seL4_Error fz_err_ = (expr);                                                               \
        if (fz_err_ != seL4_NoError) {                                                             \
            test_fail(__FILE__, __LINE__, "fuzz setup: %s: %s", #expr, error_name(fz_err_));       \
            return;                                                                                \
        }                                                                                          \
    } while (0)

/* Move a root-CNode cap into slot `s` of R. */
#define FZ_PUT(r, s, root_slot, kind)                                                              \
    do {                                                                                           \
        FZ(seL4_CNode_Move((r), (s), FUZZ_RADIX, ROOT, (root_slot), ROOT_DEPTH));                  \
        fuzz_kind[(s)] = (kind);                                                                   \
    } while (0)
/* Copy (or mint) inside R. */
#define FZ_MINT(r, dst, src, badge)                                                                \
    do {                                                                                           \
        FZ(seL4_CNode_Mint((r), (dst), FUZZ_RADIX, (r), (src), FUZZ_RADIX, seL4_AllRights,         \
                           (badge)));                                                              \
        fuzz_kind[(dst)] = fuzz_kind[(src)];                                                       \
    } while (0)

KTEST(stress_fuzz_invocations)
{
    memset(fuzz_kind, 0, sizeof(fuzz_kind));
    memset(fuzz_depth, 0, sizeof(fuzz_depth));
    memset(&fz, 0, sizeof(fz));
    seL4_CPtr fp = TRY(extra_untyped(21)); /* everything the fuzzer can reach comes from here */
    seL4_CPtr r = TRY(new_object_from(fp, seL4_CapTableObject, FUZZ_RADIX));

    /* Untypeds (two of 4 KiB: ASID pool material). */
    static const seL4_Word ut_bits[8] = {12, 12, 13, 14, 16, 16, 18, 19};
    for (int i = 0; i < 8; i++) {
        seL4_CPtr u = TRY(new_object_from(fp, seL4_UntypedObject, ut_bits[i]));
        FZ_PUT(r, FS_UT + i, u, FK_UNTYPED);
    }
    /* Endpoints, notifications and badged copies. */
    for (int i = 0; i < 4; i++) {
        seL4_CPtr e = TRY(new_object_from(fp, seL4_EndpointObject, 0));
        FZ_PUT(r, FS_EP + i, e, FK_EP);
        FZ_MINT(r, FS_EP + 4 + i, FS_EP + i, 0x100 + i);
    }
    seL4_CPtr ntfn_root[3];
    for (int i = 0; i < 3; i++)
        ntfn_root[i] = TRY(new_object_from(fp, seL4_NotificationObject, 0));
    seL4_CPtr sink = TRY(new_object_from(fp, seL4_EndpointObject, 0));
    FZ_PUT(r, FS_SINK, sink, FK_EP);
    /* Sub-CNodes of 16, 16, 32 and 64 slots, and guarded copies. */
    static const seL4_Word cn_bits[4] = {4, 4, 5, 6};
    for (int i = 0; i < 4; i++) {
        seL4_CPtr c = TRY(new_object_from(fp, seL4_CapTableObject, cn_bits[i]));
        FZ_PUT(r, FS_CNODE + i, c, FK_CNODE);
    }
    FZ_MINT(r, FS_CNODE + 4, FS_CNODE, seL4_CNode_CapData_new(1, 2).words[0]);
    FZ_MINT(r, FS_CNODE + 5, FS_CNODE + 1, seL4_CNode_CapData_new(0, 60).words[0]);
    for (int i = 0; i < 4; i++)
        fuzz_depth[FS_CNODE + i] = (unsigned char)cn_bits[i];
    fuzz_depth[FS_CNODE + 4] = 6;
    fuzz_depth[FS_CNODE + 5] = 64;

    /* The fuzz ASID pool and VSpaces. */
    seL4_CPtr pool_ut = TRY(new_object_from(fp, seL4_UntypedObject, seL4_ASIDPoolBits));
    seL4_CPtr pool = TRY(alloc_slot());
    FZ(seL4_RISCV_ASIDControl_MakePool(seL4_CapASIDControl, pool_ut, ROOT, pool, ROOT_DEPTH));
    seL4_CPtr vs = TRY(new_object_from(fp, seL4_RISCV_PageTableObject, 0));
    FZ(seL4_RISCV_ASIDPool_Assign(pool, vs));
    seL4_CPtr vs2 = TRY(new_object_from(fp, seL4_RISCV_PageTableObject, 0));
    FZ(seL4_RISCV_ASIDPool_Assign(pool, vs2));

    /* Code page: the fuzz blob, mapped read/execute at FUZZ_CODE_VA by two page tables. */
    seL4_CPtr code = TRY(new_object_from(fp, seL4_RISCV_4K_Page, 0));
    seL4_CPtr code_rw = TRY(alloc_slot());
    FZ(seL4_CNode_Copy(ROOT, code_rw, ROOT_DEPTH, ROOT, code, ROOT_DEPTH, seL4_AllRights));
    seL4_Word code_va = alloc_vaddr_4k(1);
    FZ(map_frame(code_rw, VSPACE, code_va, seL4_ReadWrite, ATTR));
    memcpy((void *)code_va, fuzz_blob_start, (size_t)(fuzz_blob_end - fuzz_blob_start));
    __asm__ volatile("fence.i" ::: "memory");
    seL4_CPtr pt1 = TRY(new_object_from(fp, seL4_RISCV_PageTableObject, 0));
    seL4_CPtr pt2 = TRY(new_object_from(fp, seL4_RISCV_PageTableObject, 0));
    FZ(seL4_RISCV_PageTable_Map(pt1, vs, FUZZ_CODE_VA, ATTR));
    FZ(seL4_RISCV_PageTable_Map(pt2, vs, FUZZ_CODE_VA, ATTR));
    FZ(seL4_RISCV_Page_Map(code, vs, FUZZ_CODE_VA, seL4_CanRead, ATTR));
    seL4_Word recv_loop_pc = FUZZ_CODE_VA + (seL4_Word)(fuzz_recv_loop - fuzz_blob_start);

    /* Three servers blocked receiving: on E0, on E1 (bound to N1), on N2.  Their IPC
     * buffers name receive slots in sub-CNode 0. */
    static const seL4_Word server_waits_on[3] = {FS_EP, FS_EP + 1, FS_NTFN + 2};
    for (int i = 0; i < 3; i++) {
        seL4_CPtr tcb = TRY(new_object_from(fp, seL4_TCBObject, 0));
        seL4_CPtr buf = TRY(new_object_from(fp, seL4_RISCV_4K_Page, 0));
        seL4_CPtr buf_rw = TRY(alloc_slot());
        FZ(seL4_CNode_Copy(ROOT, buf_rw, ROOT_DEPTH, ROOT, buf, ROOT_DEPTH, seL4_AllRights));
        seL4_Word buf_va = alloc_vaddr_4k(1);
        FZ(map_frame(buf_rw, VSPACE, buf_va, seL4_ReadWrite, ATTR));
        seL4_IPCBuffer *ipc = (seL4_IPCBuffer *)buf_va;
        ipc->receiveCNode = FS_CNODE;
        ipc->receiveIndex = 8 + (seL4_Word)i;
        ipc->receiveDepth = 4;
        seL4_Word fuzz_buf_va = FUZZ_IPC_VA + ((seL4_Word)i << 12);
        FZ(seL4_RISCV_Page_Map(buf, vs, fuzz_buf_va, seL4_ReadWrite, seL4_RISCV_ExecuteNever));
        FZ(seL4_TCB_Configure(tcb, FS_SINK, r, FUZZ_GUARD_DATA, vs, 0, fuzz_buf_va, buf));
        FZ(seL4_TCB_SetSchedParams(tcb, seL4_CapInitThreadTCB, FUZZ_MCP, FUZZ_MCP));
        if (i == 1) FZ(seL4_TCB_BindNotification(tcb, ntfn_root[1]));
        seL4_UserContext regs;
        memset(&regs, 0, sizeof(regs));
        regs.pc = recv_loop_pc;
        regs.s0 = server_waits_on[i];
        FZ(seL4_TCB_WriteRegisters(tcb, seL4_True, 0, sizeof(regs) / sizeof(seL4_Word), &regs));
        FZ_PUT(r, FS_SERVER + i, tcb, FK_TCB);
        FZ_PUT(r, FS_FRAME + i, buf, FK_FRAME);
    }
    /* Two configured TCBs that never started, one bare TCB. */
    for (int i = 0; i < 3; i++) {
        seL4_CPtr tcb = TRY(new_object_from(fp, seL4_TCBObject, 0));
        if (i < 2) {
            FZ(seL4_TCB_Configure(tcb, FS_SINK, r, FUZZ_GUARD_DATA, vs, 0, 0, seL4_CapNull));
            FZ(seL4_TCB_SetSchedParams(tcb, seL4_CapInitThreadTCB, FUZZ_MCP, 10));
        }
        FZ_PUT(r, FS_IDLE_TCB + i, tcb, FK_TCB);
    }
    for (int i = 0; i < 3; i++)
        FZ_PUT(r, FS_NTFN + i, ntfn_root[i], FK_NTFN);
    FZ_MINT(r, FS_NTFN + 3, FS_NTFN, 0x200);
    FZ_MINT(r, FS_NTFN + 4, FS_NTFN + 1, 0x400);
    FZ_PUT(r, FS_FRAME + 3, code, FK_FRAME);
    for (int i = 4; i < 8; i++) {
        seL4_CPtr f = TRY(new_object_from(fp, seL4_RISCV_4K_Page, 0));
        FZ_PUT(r, FS_FRAME + i, f, FK_FRAME);
    }
    FZ_MINT(r, FS_FRAME + 8, FS_FRAME + 4, 0);
    FZ_PUT(r, FS_CODE_PT, pt1, FK_PT);
    FZ_PUT(r, FS_CODE_PT + 1, pt2, FK_PT);
    for (int i = 2; i < 6; i++) {
        seL4_CPtr pt = TRY(new_object_from(fp, seL4_RISCV_PageTableObject, 0));
        FZ_PUT(r, FS_CODE_PT + i, pt, FK_PT);
    }
    FZ(seL4_CNode_Copy(r, FS_VSPACE, FUZZ_RADIX, ROOT, vs, ROOT_DEPTH, seL4_AllRights));
    fuzz_kind[FS_VSPACE] = FK_PT;
    FZ_PUT(r, FS_VSPACE + 1, vs2, FK_PT);
    seL4_CPtr loose_pt = TRY(new_object_from(fp, seL4_RISCV_PageTableObject, 0));
    FZ_PUT(r, FS_VSPACE + 2, loose_pt, FK_PT);
    FZ_PUT(r, FS_POOL, pool, FK_POOL);
    FZ_MINT(r, FS_POOL + 1, FS_POOL, 0);
    FZ(seL4_CNode_Copy(r, FS_ASIDCTL, FUZZ_RADIX, ROOT, seL4_CapASIDControl, ROOT_DEPTH,
                       seL4_AllRights));
    fuzz_kind[FS_ASIDCTL] = FK_ASIDCTL;
    FZ(seL4_IRQControl_Get(seL4_CapIRQControl, FUZZ_IRQ, r, FS_IRQ, FUZZ_RADIX));
    fuzz_kind[FS_IRQ] = FK_IRQ;
    FZ_MINT(r, FS_IRQ + 1, FS_IRQ, 0);
    FZ(seL4_CNode_Copy(r, FS_DOMAIN, FUZZ_RADIX, ROOT, seL4_CapDomain, ROOT_DEPTH, seL4_AllRights));
    fuzz_kind[FS_DOMAIN] = FK_DOMAIN;
    FZ_MINT(r, FS_COPIES + 0, FS_IDLE_TCB, 0);
    FZ_MINT(r, FS_COPIES + 1, FS_SERVER, 0);
    FZ_MINT(r, FS_COPIES + 2, FS_NTFN, 0);
    FZ_MINT(r, FS_COPIES + 3, FS_CNODE + 2, 0);
    fuzz_depth[FS_COPIES + 3] = 5;
    FZ_MINT(r, FS_COPIES + 4, FS_EP + 2, 0);

    /* The fuzz thread's report endpoint (DONE, FAULT badges) and parking notification. */
    seL4_CPtr report = TRY(new_object_from(fp, seL4_EndpointObject, 0));
    FZ(seL4_CNode_Mint(r, FS_DONE, FUZZ_RADIX, ROOT, report, ROOT_DEPTH, seL4_AllRights,
                       FUZZ_DONE_BADGE));
    FZ(seL4_CNode_Mint(r, FS_FAULT, FUZZ_RADIX, ROOT, report, ROOT_DEPTH, seL4_AllRights,
                       FUZZ_FAULT_BADGE));
    seL4_CPtr park = TRY(new_object_from(fp, seL4_NotificationObject, 0));
    FZ_PUT(r, FS_PARK, park, FK_PROTECTED);
    fuzz_kind[FS_DONE] = fuzz_kind[FS_FAULT] = FK_PROTECTED;

    n_fuzz_targets = n_fuzz_cnodes = 0;
    for (int s = 0; s < FUZZ_SLOTS; s++) {
        if (fuzz_kind[s] != FK_EMPTY && fuzz_kind[s] != FK_PROTECTED)
            fuzz_targets[n_fuzz_targets++] = (unsigned char)s;
        if (fuzz_kind[s] == FK_CNODE) fuzz_cnodes[n_fuzz_cnodes++] = (unsigned char)s;
    }
    CHECK_GE(n_fuzz_targets, 60);
    CHECK_EQ(n_fuzz_cnodes, 7);

    /* Let the servers block in their receives (below them, the root runs again as soon as
     * they are all blocked). */
    CHECK_OK(seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, FUZZ_MCP - 1));
    CHECK_OK(seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, seL4_MaxPrio));

    struct helper *h = TRY(helper_new(HELPER_DEFAULT_PRIO, 0));
    FZ(seL4_TCB_SetSpace(h->tcb, FS_FAULT, r, FUZZ_GUARD_DATA, VSPACE, 0));
    seL4_Word t0 = now_us();
    seL4_CantripDebugInvariants(1);
    helper_start(h, fuzz_main, FUZZ_SEED, FUZZ_INVOCATIONS, 0);
    seL4_MessageInfo_t info;
    seL4_Word badge = 0;
    bool got = guarded_recv(report, &info, &badge);
    seL4_Word dt = now_us() - t0;
    if (got && badge == FUZZ_FAULT_BADGE) {
        seL4_CantripDebugInvariants(0);
        CHECK_MSG(false,
                  "the fuzz thread faulted after %lu invocations: label %lu, MR0 0x%lx, MR1 0x%lx,"
                  " MR2 0x%lx, MR3 0x%lx",
                  (unsigned long)fz.done, (unsigned long)seL4_MessageInfo_get_label(info),
                  (unsigned long)seL4_GetMR(0), (unsigned long)seL4_GetMR(1),
                  (unsigned long)seL4_GetMR(2), (unsigned long)seL4_GetMR(3));
    }
    /* Stop the fuzz thread and destroy everything it could reach, checks still on. */
    seL4_Error serr = seL4_TCB_Suspend(h->tcb);
    seL4_Error rerr = seL4_CNode_Revoke(ROOT, fp, ROOT_DEPTH);
    seL4_CantripDebugInvariants(0);
    CHECK(got);
    CHECK_EQ(badge, FUZZ_DONE_BADGE);
    CHECK_OK(serr);
    CHECK_OK(rerr);
    printf("fuzz: %lu calls, %lu non-blocking sends in %lu ms; replies by error:",
           (unsigned long)fz.calls, (unsigned long)fz.nbsends, (unsigned long)(dt / 1000));
    for (int e = 0; e < seL4_NumErrors; e++)
        printf(" %lu", (unsigned long)fz.errors[e]);
    printf("\n");
    CHECK_EQ(fz.done, FUZZ_INVOCATIONS);
    CHECK_MSG(fz.bad_label == 0 && fz.bad_length == 0,
              "%lu replies with a bad label, %lu with a bad length (first: iteration %lu, slot %lu,"
              " label %lu)",
              (unsigned long)fz.bad_label, (unsigned long)fz.bad_length,
              (unsigned long)(fz.first_bad >> 16), (unsigned long)((fz.first_bad >> 8) & 0xff),
              (unsigned long)(fz.first_bad & 0xff));
    /* A good share of the invocations must have succeeded, and every kind of error (the
     * fuzzer's shaping makes each of them common enough) must have turned up. */
    CHECK_GT(fz.errors[seL4_NoError], fz.calls / 20);
    for (int e = 1; e < seL4_NumErrors; e++)
        CHECK_MSG(fz.errors[e] > 0, "no %s reply in %lu calls", error_name((seL4_Word)e),
                  (unsigned long)fz.calls);
    /* The fuzz untyped is whole again. */
    seL4_CPtr whole = TRY(new_object_from(fp, seL4_UntypedObject, 21));
    CHECK_EQ(seL4_DebugCapIdentify(whole), CAPTYPE_untyped);
}
