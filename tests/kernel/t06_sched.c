/* Scheduling: strict priorities, Yield, timer preemption, priority changes. */
#include "framework.h"

#define ROOT_TCB seL4_CapInitThreadTCB

/* ---- Yield alternates two equal-priority threads ---------------------------------------- */

#define YIELD_ROUNDS 20
static volatile char ylog[2 * YIELD_ROUNDS];
static volatile int ylog_n;

static void yielder(seL4_Word id, seL4_Word unused1, seL4_Word unused2)
{
    (void)unused1;
    (void)unused2;
    for (int i = 0; i < YIELD_ROUNDS; i++) {
        if (ylog_n < 2 * YIELD_ROUNDS) ylog[ylog_n++] = (char)id;
        seL4_Yield();
    }
}

KTEST(sched_yield_alternates)
{
    ylog_n = 0;
    struct helper *a = TRY(helper_new(HELPER_DEFAULT_PRIO, 0));
    struct helper *b = TRY(helper_new(HELPER_DEFAULT_PRIO, 0));
    helper_start(a, yielder, 'A', 0, 0);
    helper_start(b, yielder, 'B', 0, 0);
    CHECK(!test_has_failed());
    CHECK(helper_join(a));
    CHECK(helper_join(b));
    CHECK_EQ(ylog_n, 2 * YIELD_ROUNDS);
    for (int i = 1; i < 2 * YIELD_ROUNDS; i++)
        CHECK_MSG(ylog[i] != ylog[i - 1], "thread %c ran twice in a row at step %d", ylog[i], i);
}

/* ---- Strict priority order -------------------------------------------------------------- */

static volatile seL4_Word order[3];
static volatile int order_n;

static void record_prio(seL4_Word prio, seL4_Word unused1, seL4_Word unused2)
{
    (void)unused1;
    (void)unused2;
    if (order_n < 3) order[order_n++] = prio;
}

/* Threads resumed lowest priority first still run highest priority first once the root
 * blocks. */
KTEST(sched_priority_order)
{
    static const seL4_Word prios[3] = {50, 100, 75};
    struct helper *h[3];
    order_n = 0;
    for (int i = 0; i < 3; i++)
        h[i] = TRY(helper_new(prios[i], 0));
    for (int i = 0; i < 3; i++)
        helper_start(h[i], record_prio, prios[i], 0, 0);
    CHECK(!test_has_failed());
    /* Nothing ran yet: the root (priority 255) never blocked. */
    CHECK_EQ(order_n, 0);
    for (int i = 0; i < 3; i++)
        CHECK(helper_join(h[i]));
    CHECK_EQ(order_n, 3);
    CHECK_EQ(order[0], 100);
    CHECK_EQ(order[1], 75);
    CHECK_EQ(order[2], 50);
}

/* ---- A lower-priority thread does not run while a higher one is runnable ----------------- */

static volatile int low_ran;
static volatile int high_saw_low;

static void low_fn(seL4_Word unused0, seL4_Word unused1, seL4_Word unused2)
{
    (void)unused0;
    (void)unused1;
    (void)unused2;
    low_ran = 1;
}

static void high_spin_fn(seL4_Word unused0, seL4_Word unused1, seL4_Word unused2)
{
    (void)unused0;
    (void)unused1;
    (void)unused2;
    /* Spin across many timer ticks; preemption must never hand the CPU to `low`. */
    for (seL4_Word i = 0; i < SPIN_TICKS; i++)
        if (low_ran) high_saw_low = 1;
}

KTEST(sched_lower_prio_starved)
{
    low_ran = 0;
    high_saw_low = 0;
    struct helper *low = TRY(helper_new(50, 0));
    struct helper *high = TRY(helper_new(100, 0));
    helper_start(low, low_fn, 0, 0, 0);
    helper_start(high, high_spin_fn, 0, 0, 0);
    CHECK(!test_has_failed());
    CHECK(helper_join(high));
    CHECK_EQ(high_saw_low, 0);
    CHECK(helper_join(low));
    CHECK_EQ(low_ran, 1);
}

/* ---- Timer preemption: equal-priority spinners share the CPU with the root ------------- */

static volatile seL4_Word spin_count[2];
static volatile int spin_stop;

static void spinner(seL4_Word id, seL4_Word unused1, seL4_Word unused2)
{
    (void)unused1;
    (void)unused2;
    while (!spin_stop)
        spin_count[id]++;
}

/* The root drops to the spinners' priority and busy-waits without ever yielding: it can
 * only see both counters move if the timer preempts it, then preempts each spinner in
 * turn, and eventually gives the root its turn back. */
KTEST(sched_preemption_round_robin)
{
    spin_count[0] = spin_count[1] = 0;
    spin_stop = 0;
    struct helper *a = TRY(helper_new(HELPER_DEFAULT_PRIO, 0));
    struct helper *b = TRY(helper_new(HELPER_DEFAULT_PRIO, 0));
    helper_start(a, spinner, 0, 0, 0);
    helper_start(b, spinner, 1, 0, 0);
    CHECK(!test_has_failed());
    CHECK_OK(seL4_TCB_SetPriority(ROOT_TCB, ROOT_TCB, HELPER_DEFAULT_PRIO));
    seL4_Word i;
    for (i = 0; i < SPIN_LIMIT; i++)
        if (spin_count[0] > 1000 && spin_count[1] > 1000) break;
    seL4_Word c0 = spin_count[0], c1 = spin_count[1];
    spin_stop = 1;
    CHECK_MSG(i < SPIN_LIMIT, "spinners never both ran (counts %lu, %lu)", (unsigned long)c0,
              (unsigned long)c1);
    CHECK(helper_join(a));
    CHECK(helper_join(b));
}

/* ---- Priority changes take effect immediately ------------------------------------------- */

static volatile int ran_flag;

static void set_flag(seL4_Word unused0, seL4_Word unused1, seL4_Word unused2)
{
    (void)unused0;
    (void)unused1;
    (void)unused2;
    ran_flag = 1;
}

/* Lowering one's own priority below a ready thread switches to it at once. */
KTEST(sched_lower_own_priority_switches)
{
    ran_flag = 0;
    struct helper *h = TRY(helper_new(HELPER_DEFAULT_PRIO, 0));
    helper_start(h, set_flag, 0, 0, 0);
    CHECK(!test_has_failed());
    CHECK_EQ(ran_flag, 0);
    CHECK_OK(seL4_TCB_SetPriority(ROOT_TCB, ROOT_TCB, HELPER_DEFAULT_PRIO - 10));
    CHECK_EQ(ran_flag, 1);
    CHECK(h->finished);
}

/* Raising a ready thread above oneself switches to it at once. */
KTEST(sched_raise_other_priority_switches)
{
    ran_flag = 0;
    struct helper *h = TRY(helper_new(50, 0));
    helper_start(h, set_flag, 0, 0, 0);
    CHECK(!test_has_failed());
    CHECK_OK(seL4_TCB_SetPriority(ROOT_TCB, ROOT_TCB, 100));
    /* Still above the helper: no switch. */
    CHECK_EQ(ran_flag, 0);
    CHECK_OK(seL4_TCB_SetPriority(h->tcb, ROOT_TCB, 150));
    CHECK_EQ(ran_flag, 1);
}
