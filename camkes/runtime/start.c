/* C side of the component runtime's start-up (crt0.S calls __camkes_start with the thread
 * index, TLS already set up), the start-up barriers, and thread exit.
 *
 * Thread model and barriers (docs/components.md, "Thread model"):
 *
 *   control (thread 0)                     every other thread i
 *   ------------------                     --------------------
 *   constructors (__libc_init_array)       park until stage >= 1
 *   pre_init()                                  .
 *   stage = 1, signal every thread  ---->  init()            (<iface>__init, if any)
 *   park until inited == n - 1     <----   inited += 1; the last one signals control
 *   post_init()                            park until stage >= 2
 *   stage = 2, signal every thread  ---->  loop()            (serve / IRQ loop, forever)
 *   run()
 *   suspend itself
 *
 * A thread parks on a notification of its own (camkes_threads[i].ntfn): it re-checks its
 * condition after every wake-up, and whoever changes the condition signals the threads
 * waiting for it after the change.  A private notification makes this immune to lost and
 * stolen wake-ups: a signal sent between a thread's check and its seL4_Wait stays pending
 * on that thread's own notification, and no other thread can consume it.  (With one
 * notification shared by all threads, a thread woken for the wrong reason would have to
 * pass the signal on, and can spin forever at a higher priority than the thread the
 * signal was for; see docs/components.md.) */
#include "internal.h"

#include <stdlib.h>
#include <unistd.h>

static __thread unsigned thread_index;

/* Barrier state.  .bss: the loader zero-fills it before any thread starts. */
static volatile unsigned long stage;  /* 1: pre_init done; 2: post_init done */
static volatile unsigned long inited; /* threads past init (or that could not start) */

unsigned camkes_thread_index(void)
{
    return thread_index;
}

/* ---- default hooks ----------------------------------------------------------------- */

__attribute__((weak)) void pre_init(void) {}

__attribute__((weak)) void post_init(void) {}

__attribute__((weak)) int run(void)
{
    return 0;
}

/* ---- console output without the C library ---------------------------------------- */

void camkes_raw_puts(const char *s)
{
    while (*s != '\0')
        seL4_DebugPutChar(*s++);
}

void camkes_raw_putu(unsigned long v)
{
    char digits[24];
    int n = 0;
    do {
        digits[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0);
    while (n > 0)
        seL4_DebugPutChar(digits[--n]);
}

/* "<component>: <thread>: " */
static void thread_prefix(unsigned i)
{
    camkes_raw_puts(camkes_component_name != NULL ? camkes_component_name : "component");
    camkes_raw_puts(": ");
    if (i < camkes_num_threads && camkes_threads[i].name != NULL) {
        camkes_raw_puts(camkes_threads[i].name);
    } else {
        camkes_raw_puts("thread ");
        camkes_raw_putu(i);
    }
    camkes_raw_puts(": ");
}

static void thread_error(unsigned i, const char *msg)
{
    thread_prefix(i);
    camkes_raw_puts(msg);
    camkes_raw_puts("\n");
}

/* ---- parking ----------------------------------------------------------------------- */

seL4_CPtr camkes_thread_ntfn(unsigned i)
{
    seL4_CPtr n = camkes_threads[i].ntfn;
    return (i == 0 && n == 0) ? CAMKES_SLOT_RUNTIME_NTFN : n;
}

void camkes_park_until(volatile unsigned long *var, unsigned long target)
{
    seL4_CPtr ntfn = camkes_thread_ntfn(thread_index);
    while (__atomic_load_n(var, __ATOMIC_SEQ_CST) < target)
        seL4_Wait(ntfn, NULL);
}

/* Control: publish the new stage, then wake every other thread to look at it. */
static void release_threads(unsigned long new_stage)
{
    __atomic_store_n(&stage, new_stage, __ATOMIC_SEQ_CST);
    for (unsigned i = 1; i < camkes_num_threads; i++) {
        seL4_CPtr n = camkes_thread_ntfn(i);
        if (n != 0) seL4_Signal(n);
    }
}

/* Another thread: count itself in; the last one wakes control. */
static void report_inited(void)
{
    if (__atomic_add_fetch(&inited, 1, __ATOMIC_SEQ_CST) >= camkes_num_threads - 1)
        seL4_Signal(camkes_thread_ntfn(0));
}

/* ---- stopping ---------------------------------------------------------------------- */

void camkes_thread_stop(void)
{
    seL4_CPtr tcb = camkes_threads[thread_index].tcb;
    if (tcb != 0) seL4_TCB_Suspend(tcb);
    /* Only reached with a wrong TCB cap: block for good instead (spurious wake-ups of the
     * thread's notification just come back here). */
    for (;;)
        seL4_Wait(camkes_thread_ntfn(thread_index), NULL);
}

/* exit() and abort() in a component stop the calling thread only: the rest of the
 * component keeps serving.  (A root server's _exit powers the machine off instead.) */
void _exit(int status)
{
    thread_prefix(thread_index);
    camkes_raw_puts("exit(");
    if (status < 0) {
        camkes_raw_puts("-");
        camkes_raw_putu(-(unsigned long)status);
    } else {
        camkes_raw_putu((unsigned long)status);
    }
    camkes_raw_puts("): thread stopped\n");
    camkes_thread_stop();
}

/* ---- the threads ------------------------------------------------------------------- */

extern void __libc_init_array(void);

static void control_thread(void) __attribute__((noreturn));
static void control_thread(void)
{
    if (camkes_threads[0].kind != CAMKES_THREAD_CONTROL) {
        thread_error(0, "thread 0 is not the control thread; component not started");
        camkes_thread_stop();
    }
    __libc_init_array(); /* .preinit_array, .init_array: once, before anyone uses libc */
    pre_init();
    release_threads(1);
    camkes_park_until(&inited, camkes_num_threads - 1);
    post_init();
    release_threads(2);
    int status = run();
    if (status != 0) {
        thread_prefix(0);
        camkes_raw_puts("run() returned ");
        camkes_raw_putu((unsigned long)(unsigned)status);
        camkes_raw_puts("\n");
    }
    camkes_thread_stop();
}

static void other_thread(unsigned i) __attribute__((noreturn));
static void other_thread(unsigned i)
{
    const camkes_thread_desc_t *t = &camkes_threads[i];
    if (t->ntfn == 0) {
        /* A glue bug.  Count the thread as done so that the others still start. */
        thread_error(i, "no runtime notification in the thread table; thread not started");
        report_inited();
        camkes_thread_stop();
    }
    camkes_park_until(&stage, 1);
    if (t->init != NULL) t->init();
    report_inited();
    camkes_park_until(&stage, 2);
    if (t->loop != NULL) {
        t->loop();
        thread_error(i, "loop returned; thread stopped");
    }
    camkes_thread_stop();
}

void __camkes_start(seL4_Word index) __attribute__((noreturn));
void __camkes_start(seL4_Word index)
{
    if (index >= camkes_num_threads) {
        /* Not a thread of this component's table: a spec/glue mismatch.  Its TCB cap is
         * presumably at the conventional slot. */
        thread_error((unsigned)index, "thread index outside the thread table; not started");
        seL4_TCB_Suspend(CAMKES_SLOT_FIRST_TCB + index);
        for (;;)
            __builtin_trap();
    }
    thread_index = (unsigned)index;
    seL4_SetIPCBuffer(camkes_threads[index].ipc_buffer);
    if (index == 0) control_thread();
    other_thread((unsigned)index);
}
