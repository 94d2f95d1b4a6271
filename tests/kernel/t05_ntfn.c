/* Notifications: signal, wait, poll, badge accumulation. */
#include "framework.h"

/* Signals through caps badged 1 and 2 accumulate; one Wait returns both and clears. */
KTEST(ntfn_badges_accumulate)
{
    seL4_CPtr ntfn = TRY(new_object(seL4_NotificationObject, 0));
    seL4_CPtr b1 = TRY(mint_badged(ntfn, 1));
    seL4_CPtr b2 = TRY(mint_badged(ntfn, 2));
    seL4_Signal(b1);
    seL4_Signal(b2);
    seL4_Signal(b1);
    seL4_Word badge = 0;
    CHECK(guarded_recv(ntfn, NULL, &badge));
    CHECK_EQ(badge, 3);
    /* The Wait consumed the pending word. */
    badge = 0x5555;
    seL4_Poll(ntfn, &badge);
    CHECK_EQ(badge, 0);
}

/* A signal through an unbadged cap still leaves the notification pending: the next Wait
 * returns at once (with a zero word) instead of blocking. */
KTEST(ntfn_unbadged_signal_pending)
{
    seL4_CPtr ntfn = TRY(new_object(seL4_NotificationObject, 0));
    seL4_Signal(ntfn);
    seL4_Word badge = 0x5555;
    CHECK(guarded_recv(ntfn, NULL, &badge));
    CHECK_EQ(badge, 0);
}

/* Poll on an idle notification returns 0 without blocking; on an active one it returns
 * the word. */
KTEST(ntfn_poll)
{
    seL4_CPtr ntfn = TRY(new_object(seL4_NotificationObject, 0));
    seL4_CPtr b = TRY(mint_badged(ntfn, 0x80));
    seL4_Word badge = 0x5555;
    seL4_Poll(ntfn, &badge);
    CHECK_EQ(badge, 0);
    seL4_Signal(b);
    seL4_Poll(ntfn, &badge);
    CHECK_EQ(badge, 0x80);
}

static volatile seL4_Word waiter_badge;

static void waiter(seL4_Word ntfn, seL4_Word unused1, seL4_Word unused2)
{
    (void)unused1;
    (void)unused2;
    seL4_Word badge = 0;
    seL4_Wait(ntfn, &badge);
    waiter_badge = badge;
}

/* A thread blocked in Wait is woken by a signal and receives the badge. */
KTEST(ntfn_wakes_waiter)
{
    seL4_CPtr ntfn = TRY(new_object(seL4_NotificationObject, 0));
    seL4_CPtr b = TRY(mint_badged(ntfn, 0x500));
    struct helper *h = TRY(helper_new(HELPER_DEFAULT_PRIO, 0));
    waiter_badge = 0;
    helper_start(h, waiter, ntfn, 0, 0);
    CHECK(!test_has_failed());
    CHECK(settle());
    CHECK(h->started);
    CHECK(!h->finished); /* still blocked in Wait */
    seL4_Signal(b);
    CHECK(helper_join(h));
    CHECK_EQ(waiter_badge, 0x500);
}
