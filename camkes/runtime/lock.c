/* picolibc's retargetable locks (sys/lock.h) for multi-threaded components, so that
 * malloc/free (and the few other libc functions with global state) are safe to call from
 * every thread of a component.  Defining all of these replaces picolibc's no-op versions
 * (libc_misc_lock.c.o is then not pulled from libc.a).
 *
 * A lock is an owner word (0 = free, else thread index + 1), a recursion depth and a
 * bitmask of parked waiters.  Acquire: try to take the owner word; failing that, set our
 * waiter bit, try once more, then park on our own runtime notification.  Release: clear
 * the owner, then signal the parked waiters' notifications.  The waiter sets its bit
 * before its second try and the releaser clears the owner before reading the bits, so
 * either the second try succeeds or the releaser sees the bit and wakes the thread: no
 * wake-up is lost.  A woken thread just retries; one that loses the race to another
 * thread parks again and is woken by the next release.  No thread ever spins.
 *
 * Thread i uses bit i mod word-bits.  With more threads than bits, a bit is shared: a
 * release wakes every thread sharing it, and bits are never cleared (a cleared shared bit
 * could strand a parked thread), which costs only spurious wake-ups. */
#include "internal.h"

#include <stdlib.h>
#include <sys/lock.h>

#define WORD_BITS (sizeof(seL4_Word) * 8)

struct __lock {
    volatile seL4_Word owner;
    seL4_Word depth;
    volatile seL4_Word waiters;
};

/* The C library's one static lock (malloc, atexit, environment, time zone). */
struct __lock __lock___libc_recursive_mutex;

static bool try_take(struct __lock *l, seL4_Word me)
{
    seL4_Word expected = 0;
    return __atomic_compare_exchange_n(&l->owner, &expected, me, false, __ATOMIC_SEQ_CST,
                                       __ATOMIC_SEQ_CST);
}

static void acquire(struct __lock *l, bool recursive)
{
    if (l == NULL) return;
    unsigned self = camkes_thread_index();
    seL4_Word me = (seL4_Word)self + 1;
    if (recursive && __atomic_load_n(&l->owner, __ATOMIC_RELAXED) == me) {
        l->depth++;
        return;
    }
    if (!try_take(l, me)) {
        seL4_Word bit = (seL4_Word)1 << (self % WORD_BITS);
        seL4_CPtr ntfn = camkes_thread_ntfn(self);
        for (;;) {
            __atomic_fetch_or(&l->waiters, bit, __ATOMIC_SEQ_CST);
            if (try_take(l, me)) break;
            seL4_Wait(ntfn, NULL);
            if (try_take(l, me)) break;
        }
        if (camkes_num_threads <= WORD_BITS)
            __atomic_fetch_and(&l->waiters, ~bit, __ATOMIC_SEQ_CST);
    }
    l->depth = 1;
}

static bool try_acquire(struct __lock *l, bool recursive)
{
    if (l == NULL) return true;
    seL4_Word me = (seL4_Word)camkes_thread_index() + 1;
    if (recursive && __atomic_load_n(&l->owner, __ATOMIC_RELAXED) == me) {
        l->depth++;
        return true;
    }
    if (!try_take(l, me)) return false;
    l->depth = 1;
    return true;
}

static void release(struct __lock *l)
{
    if (l == NULL || --l->depth != 0) return;
    __atomic_store_n(&l->owner, 0, __ATOMIC_SEQ_CST);
    seL4_Word w = __atomic_load_n(&l->waiters, __ATOMIC_SEQ_CST);
    for (unsigned b = 0; w != 0 && b < WORD_BITS; b++) {
        if ((w & ((seL4_Word)1 << b)) == 0) continue;
        w &= ~((seL4_Word)1 << b);
        for (unsigned i = b; i < camkes_num_threads; i += WORD_BITS)
            seL4_Signal(camkes_thread_ntfn(i));
    }
}

/* ---- picolibc's interface ------------------------------------------------------------ */

void __retarget_lock_init(_LOCK_T *lock)
{
    *lock = calloc(1, sizeof(struct __lock)); /* NULL: the lock is a no-op */
}

void __retarget_lock_init_recursive(_LOCK_T *lock)
{
    __retarget_lock_init(lock);
}

void __retarget_lock_close(_LOCK_T lock)
{
    free(lock);
}

void __retarget_lock_close_recursive(_LOCK_T lock)
{
    free(lock);
}

void __retarget_lock_acquire(_LOCK_T lock)
{
    acquire(lock, false);
}

void __retarget_lock_acquire_recursive(_LOCK_T lock)
{
    acquire(lock, true);
}

int __retarget_lock_try_acquire(_LOCK_T lock)
{
    return try_acquire(lock, false);
}

int __retarget_lock_try_acquire_recursive(_LOCK_T lock)
{
    return try_acquire(lock, true);
}

void __retarget_lock_release(_LOCK_T lock)
{
    release(lock);
}

void __retarget_lock_release_recursive(_LOCK_T lock)
{
    release(lock);
}
