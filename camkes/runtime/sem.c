/* Counting semaphores and mutexes on one notification each (runtime.h).
 *
 *   count > 0     free units
 *   count <= 0    -count threads are waiting (or about to)
 *   wakeups       posts made to waiting threads that no waiter has claimed yet
 *
 * wait: take a unit with one atomic decrement; if there was none, block on the notification
 * until a wake-up can be claimed.  post: return a unit with one atomic increment; if a
 * thread was waiting, add a wake-up and signal.  The uncontended paths make no system call.
 *
 * A notification remembers at most one signal, so two posts before any waiter runs leave
 * one pending signal for two wake-ups.  The waiter that claims a wake-up therefore signals
 * again while wake-ups remain, passing the signal along the waiters until every wake-up is
 * claimed.  Every signal follows an increment of wakeups, so a waiter woken with nothing to
 * claim (the extra signal of such a chain) just waits again: there are at most as many of
 * those as posts, and no thread ever spins.  All waiters of one semaphore wait for the
 * same thing, so it does not matter which of them a signal wakes; the notification must
 * not be used for anything else. */
#include <camkes/runtime.h>

void camkes_sem_init(camkes_sem_t *s, seL4_CPtr ntfn, long value)
{
    s->ntfn = ntfn;
    s->count = value;
    s->wakeups = 0;
}

void camkes_sem_wait(camkes_sem_t *s)
{
    if (__atomic_fetch_sub(&s->count, 1, __ATOMIC_SEQ_CST) > 0) return;
    for (;;) {
        seL4_Wait(s->ntfn, NULL);
        long w = __atomic_load_n(&s->wakeups, __ATOMIC_SEQ_CST);
        while (w > 0) {
            if (__atomic_compare_exchange_n(&s->wakeups, &w, w - 1, false, __ATOMIC_SEQ_CST,
                                            __ATOMIC_SEQ_CST)) {
                if (w > 1) seL4_Signal(s->ntfn); /* more wake-ups for other waiters */
                return;
            }
        }
    }
}

bool camkes_sem_trywait(camkes_sem_t *s)
{
    long c = __atomic_load_n(&s->count, __ATOMIC_SEQ_CST);
    while (c > 0) {
        if (__atomic_compare_exchange_n(&s->count, &c, c - 1, false, __ATOMIC_SEQ_CST,
                                        __ATOMIC_SEQ_CST))
            return true;
    }
    return false;
}

void camkes_sem_post(camkes_sem_t *s)
{
    if (__atomic_fetch_add(&s->count, 1, __ATOMIC_SEQ_CST) < 0) {
        __atomic_fetch_add(&s->wakeups, 1, __ATOMIC_SEQ_CST);
        seL4_Signal(s->ntfn);
    }
}

void camkes_mutex_init(camkes_mutex_t *m, seL4_CPtr ntfn)
{
    camkes_sem_init(m, ntfn, 1);
}

void camkes_mutex_lock(camkes_mutex_t *m)
{
    camkes_sem_wait(m);
}

void camkes_mutex_unlock(camkes_mutex_t *m)
{
    camkes_sem_post(m);
}
