/* Kernel object layouts: capabilities, CNode slots (CTEs), TCBs, endpoints, notifications.
 *
 * A capability is two 64-bit words; a CTE is a capability plus two words of derivation-tree
 * links, 32 bytes, matching seL4_SlotBits = 5.  Object pointers are stored as (addr >> 4)
 * in 44 bits and sign-extended from bit 47 on the way out, which covers both the kernel's
 * window (0xFFFFFFC0_00000000 and up) and host addresses in unit tests.
 * The riscv32 port will need a 2 x 32-bit packing behind the same accessors. */
#pragma once
#include <types.h>
#include <util.h>
#include <config.h>
#include <arch/registers.h>

/* Capability types; the values are what seL4_DebugCapIdentify reports on riscv64. */
enum cap_type {
    cap_null_cap = 0,
    cap_frame_cap = 1,
    cap_untyped_cap = 2,
    cap_page_table_cap = 3,
    cap_endpoint_cap = 4,
    cap_notification_cap = 6,
    cap_reply_cap = 8,
    cap_cnode_cap = 10,
    cap_asid_control_cap = 11,
    cap_thread_cap = 12,
    cap_asid_pool_cap = 13,
    cap_irq_control_cap = 14,
    cap_irq_handler_cap = 16,
    cap_zombie_cap = 18,
    cap_domain_cap = 20,
};

typedef struct cap {
    uint64_t w0, w1;
} cap_t;

#define CAP_FIELD(name, word, shift, bits)                                                         \
    static inline uint64_t cap_get_##name(cap_t c)                                                 \
    {                                                                                              \
        return (c.word >> (shift)) & ((1ull << (bits)) - 1);                                       \
    }                                                                                              \
    static inline cap_t cap_set_##name(cap_t c, uint64_t v)                                        \
    {                                                                                              \
        uint64_t m = ((1ull << (bits)) - 1) << (shift);                                            \
        c.word = (c.word & ~m) | ((v << (shift)) & m);                                             \
        return c;                                                                                  \
    }

CAP_FIELD(type, w0, 0, 5)
CAP_FIELD(ptr_bits, w0, 20, 44)
/* endpoint / notification */
CAP_FIELD(rights, w0, 5, 4) /* seL4_CapRights word: W=1 R=2 G=4 GR=8 */
/* cnode */
CAP_FIELD(cnode_radix, w0, 5, 6)
CAP_FIELD(cnode_guard_size, w0, 11, 6)
/* untyped */
CAP_FIELD(untyped_size_bits, w0, 5, 6)
CAP_FIELD(untyped_is_device, w0, 11, 1)
/* reply */
CAP_FIELD(reply_master, w0, 5, 1)
CAP_FIELD(reply_can_grant, w0, 6, 1)
/* zombie: the object being destroyed, what kind it is and its slot count (log2) */
CAP_FIELD(zombie_is_tcb, w0, 5, 1)
CAP_FIELD(zombie_radix, w0, 6, 6)
/* frame / page table */
CAP_FIELD(frame_size, w0, 5, 2) /* 0 = 4K, 1 = 2M, 2 = 1G (== page-table level from the leaf) */
CAP_FIELD(frame_vm_rights, w0, 7, 2) /* VMKernelOnly 1, VMReadOnly 2, VMReadWrite 3 */
CAP_FIELD(frame_is_device, w0, 9, 1)
CAP_FIELD(pt_is_mapped, w0, 9, 1)
CAP_FIELD(mapped_asid, w0, 10, 16)
CAP_FIELD(pfn, w0, 26, 36)

enum vm_rights { VMKernelOnly = 1, VMReadOnly = 2, VMReadWrite = 3 };

static inline enum cap_type cap_get_capType(cap_t c)
{
    return (enum cap_type)cap_get_type(c);
}
static inline bool cap_is_null(cap_t c)
{
    return cap_get_type(c) == cap_null_cap;
}
static inline cap_t cap_null(void)
{
    return (cap_t){0, 0};
}
static inline cap_t cap_new(enum cap_type t)
{
    return cap_set_type((cap_t){0, 0}, t);
}

/* Object pointer for pointer-carrying caps (everything but frames, page tables, untyped
 * device memory uses the same field). */
static inline void *cap_get_ptr(cap_t c)
{
    int64_t v = (int64_t)(cap_get_ptr_bits(c) << 20); /* bit 47 of the address -> bit 63 */
    return (void *)(word_t)(v >> 16);
}
static inline cap_t cap_set_ptr(cap_t c, const void *p)
{
    return cap_set_ptr_bits(c, ((uint64_t)(word_t)p >> 4));
}

/* Word 1 carries the badge (endpoint/notification), guard (cnode), free index in bytes
 * (untyped), mapped vaddr (frame/page table), asid base (asid pool), irq (irq handler),
 * parent slot (zombie). */
static inline word_t cap_get_w1(cap_t c)
{
    return (word_t)c.w1;
}
static inline cap_t cap_set_w1(cap_t c, word_t v)
{
    c.w1 = v;
    return c;
}
#define cap_get_badge cap_get_w1
#define cap_get_guard cap_get_w1
#define cap_get_free_index cap_get_w1
#define cap_get_mapped_vaddr cap_get_w1
#define cap_get_asid_base cap_get_w1
#define cap_get_irq cap_get_w1

static inline paddr_t cap_get_frame_paddr(cap_t c)
{
    return (paddr_t)cap_get_pfn(c) << 12;
}

/* Derivation-tree links: previous and next CTE in depth-first order; flags in the low bits
 * of `next` (CTEs are 32-byte aligned). */
typedef struct mdb_node {
    word_t prev;
    word_t next;
} mdb_node_t;

#define MDB_REVOCABLE BIT(0)
#define MDB_FIRST_BADGED BIT(1)
#define MDB_FLAGS (MDB_REVOCABLE | MDB_FIRST_BADGED)

typedef struct cte {
    cap_t cap;
    mdb_node_t mdb;
} cte_t;

_Static_assert(sizeof(cte_t) == 32, "a CNode slot is 2^seL4_SlotBits bytes");

static inline cte_t *mdb_prev(const cte_t *s)
{
    return (cte_t *)s->mdb.prev;
}
static inline cte_t *mdb_next(const cte_t *s)
{
    return (cte_t *)(s->mdb.next & ~MDB_FLAGS);
}
static inline void mdb_set_prev(cte_t *s, cte_t *p)
{
    s->mdb.prev = (word_t)p;
}
static inline void mdb_set_next(cte_t *s, cte_t *n)
{
    s->mdb.next = (word_t)n | (s->mdb.next & MDB_FLAGS);
}
static inline bool mdb_revocable(const cte_t *s)
{
    return s->mdb.next & MDB_REVOCABLE;
}
static inline bool mdb_first_badged(const cte_t *s)
{
    return s->mdb.next & MDB_FIRST_BADGED;
}
static inline void mdb_set_flags(cte_t *s, bool revocable, bool first_badged)
{
    s->mdb.next = (s->mdb.next & ~MDB_FLAGS) | (revocable ? MDB_REVOCABLE : 0) |
                  (first_badged ? MDB_FIRST_BADGED : 0);
}

/* ------------------------------------------------------------------ threads */
typedef enum thread_state {
    ThreadState_Inactive = 0,
    ThreadState_Running = 1,
    ThreadState_Restart = 2,
    ThreadState_BlockedOnReceive = 3,
    ThreadState_BlockedOnSend = 4,
    ThreadState_BlockedOnReply = 5,
    ThreadState_BlockedOnNotification = 6,
    ThreadState_IdleThreadState = 7,
} thread_state_t;

enum tcb_cnode_index {
    tcbCTable = 0,
    tcbVTable = 1,
    tcbReply = 2,
    tcbCaller = 3,
    tcbBuffer = 4,
    tcbCNodeEntries = 5,
};

enum fault_type {
    fault_null = 0,
    fault_cap = 1,
    fault_unknown_syscall = 2,
    fault_user_exception = 3,
    fault_vm = 5,
};

/* A fault waiting to be delivered (or being handled). */
typedef struct fault {
    word_t type;
    word_t w[4]; /* type-specific: see faulthandler.c */
} fault_t;

/* Lookup failure recorded for error replies and cap faults. */
enum lookup_fault_type {
    lookup_fault_none = 0,
    lookup_fault_invalid_root = 1,
    lookup_fault_missing_capability = 2,
    lookup_fault_depth_mismatch = 3,
    lookup_fault_guard_mismatch = 4,
};
typedef struct lookup_fault {
    word_t type; /* seL4_LookupFailureType numbering */
    word_t bits_left;
    word_t bits_found_or_guard; /* depth mismatch: bits found; guard mismatch: guard found */
    word_t guard_bits_found;    /* guard mismatch: bits found */
} lookup_fault_t;

struct endpoint;
struct notification;

typedef struct tcb {
    word_t regs[N_CONTEXT_REGS]; /* first: trap entry saves straight into it */
    thread_state_t state;
    /* blocking details */
    void *blocking_object;
    word_t blocking_badge;
    bool blocking_can_grant;
    bool blocking_can_grant_reply;
    bool blocking_is_call;
    bool in_ready_queue;
    word_t priority;
    word_t mcp;
    word_t domain;
    word_t time_slice;
    cptr_t fault_handler;
    word_t ipc_buffer; /* user vaddr */
    word_t flags;      /* seL4_TCBFlag_* */
    fault_t fault;
    lookup_fault_t lookup_fault;
    struct tcb *sched_next, *sched_prev;
    struct tcb *ep_next, *ep_prev;
    struct notification *bound_notification;
    struct tcb *all_next, *all_prev; /* every live TCB, for the scheduler dump */
    char name[CONFIG_TCB_NAME_LENGTH];
    word_t fpu_regs[33]; /* f0..f31, fcsr: saved only while another thread owns the FPU */
} tcb_t;

/* A TCB object (2^seL4_TCBBits bytes) holds its CNode slots first, then the tcb_t. */
#define TCB_BITS 11
typedef struct tcb_object {
    cte_t slots[8];
    tcb_t tcb;
} tcb_object_t;
_Static_assert(sizeof(tcb_object_t) <= BIT(TCB_BITS), "TCB object fits seL4_TCBBits");

static inline tcb_t *tcb_from_cap(cap_t c)
{
    return &((tcb_object_t *)cap_get_ptr(c))->tcb;
}
static inline tcb_object_t *tcb_object_of(tcb_t *t)
{
    return (tcb_object_t *)((word_t)t - offsetof(tcb_object_t, tcb));
}
static inline cte_t *tcb_slot(tcb_t *t, enum tcb_cnode_index i)
{
    return &tcb_object_of(t)->slots[i];
}

/* ------------------------------------------------------------------ IPC objects */
/* Queues are FIFO lists threaded through tcb_t.ep_next/ep_prev.  The queue state lives in
 * the low bits of the tail pointer (tcb_t is at least 256-byte aligned) so an endpoint is
 * exactly 2^seL4_EndpointBits = 16 bytes and a notification 2^seL4_NotificationBits = 32. */
#define QUEUE_STATE_MASK 3ul
typedef struct tcb_queue {
    word_t head;
    word_t tail_state;
} tcb_queue_t;

static inline tcb_t *queue_head(const tcb_queue_t *q)
{
    return (tcb_t *)q->head;
}
static inline tcb_t *queue_tail(const tcb_queue_t *q)
{
    return (tcb_t *)(q->tail_state & ~QUEUE_STATE_MASK);
}
static inline word_t queue_state(const tcb_queue_t *q)
{
    return q->tail_state & QUEUE_STATE_MASK;
}
static inline void queue_set_state(tcb_queue_t *q, word_t st)
{
    q->tail_state = (q->tail_state & ~QUEUE_STATE_MASK) | st;
}
static inline void queue_set(tcb_queue_t *q, tcb_t *h, tcb_t *t)
{
    q->head = (word_t)h;
    q->tail_state = (word_t)t | queue_state(q);
}

enum endpoint_state { EPState_Idle = 0, EPState_Send = 1, EPState_Recv = 2 };
typedef struct endpoint {
    tcb_queue_t q;
} endpoint_t;
#define EP_SIZE_BITS 4
_Static_assert(sizeof(endpoint_t) <= BIT(EP_SIZE_BITS), "seL4_EndpointBits");

enum notification_state { NtfnState_Idle = 0, NtfnState_Waiting = 1, NtfnState_Active = 2 };
typedef struct notification {
    tcb_queue_t q;
    word_t badge; /* pending word while Active */
    tcb_t *bound_tcb;
} notification_t;
#define NTFN_SIZE_BITS 5
_Static_assert(sizeof(notification_t) <= BIT(NTFN_SIZE_BITS), "seL4_NotificationBits");

/* ASID pools: 512 VSpace roots each; the global ASID table has 128 pools. */
#define ASID_POOL_INDEX_BITS 9
#define ASID_HIGH_BITS 7
#define ASID_BITS (ASID_POOL_INDEX_BITS + ASID_HIGH_BITS)
typedef struct asid_pool {
    word_t *array[BIT(ASID_POOL_INDEX_BITS)]; /* VSpace root (page table) per ASID */
} asid_pool_t;
