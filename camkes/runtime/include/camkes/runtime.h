/* Component runtime: the contract between the camkes tool's generated glue
 * (<instance>/camkes_glue.c, camkes_gen.h), the runtime library (camkes/runtime/) and a
 * component's own code.
 *
 * Thread model (as CantripOS): one control thread (index 0) plus one thread per provided
 * interface (and per consumed interrupt group).  Start-up barriers:
 *   control: pre_init()                           -> releases the interface threads
 *   each interface thread: <iface>__init()        -> reports done
 *   control: waits for all, then post_init()      -> releases the interface threads' loops
 *   control: run() (if the component has `control;`), else it just ends
 *   interface threads: serve requests forever (camkes_rpc_serve / IRQ loops)
 * pre_init, post_init, run and <iface>__init are weak: a component defines the ones it needs.
 *
 * Every thread parks on a notification of its own while it waits at a barrier (or for the
 * runtime's internal lock): camkes_threads[i].ntfn.  Thread 0's is the fixed slot
 * CAMKES_SLOT_RUNTIME_NTFN (0 in the table means that slot); every other thread needs a
 * notification of its own, which the generated spec provides.  Why one per thread, the
 * barrier protocol and the RPC wire formats: docs/components.md. */
#pragma once
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <sel4/sel4.h>

typedef enum camkes_thread_kind {
    CAMKES_THREAD_CONTROL = 0,
    CAMKES_THREAD_INTERFACE, /* serves one provided interface */
    CAMKES_THREAD_IRQ,       /* waits on a notification and calls the IRQ handler(s) */
} camkes_thread_kind_t;

typedef struct camkes_thread_desc {
    const char *name;
    camkes_thread_kind_t kind;
    seL4_IPCBuffer *ipc_buffer; /* vaddr the root server mapped and registered */
    seL4_CPtr tcb;              /* the thread's own TCB cap */
    void (*init)(void);         /* <iface>__init, may be NULL */
    void (*loop)(void);         /* generated: the server or IRQ loop; never returns */
    seL4_CPtr ntfn;             /* this thread's own runtime notification (see above) */
} camkes_thread_desc_t;

/* Generated per component (camkes_glue.c). */
extern const camkes_thread_desc_t camkes_threads[];
extern const unsigned camkes_num_threads;
extern const char *const camkes_component_name;

/* Component hooks (weak defaults in the runtime). */
void pre_init(void);
void post_init(void);
int run(void);

/* ---------------------------------------------------------------- threads */
/* Index of the calling thread in camkes_threads[] (0 = control). */
unsigned camkes_thread_index(void);
/* Stops the calling thread for good (suspends its TCB).  Used when run() or a loop
 * returns and by _exit(); a component never exits as a whole. */
void camkes_thread_stop(void) __attribute__((noreturn));

/* ---------------------------------------------------------------- RPC */
/* The badge of the client whose request the calling interface thread is serving.  The
 * helpers themselves are in <camkes/rpc.h>. */
seL4_Word camkes_rpc_badge(void);

/* ---------------------------------------------------------------- synchronisation */
/* Counting semaphore on a notification object; mutex = semaphore initialised to 1. */
typedef struct camkes_sem {
    seL4_CPtr ntfn;
    volatile long count;   /* > 0: free units; < 0: number of waiters */
    volatile long wakeups; /* posts owed to waiters and not yet claimed by one */
} camkes_sem_t;
void camkes_sem_init(camkes_sem_t *s, seL4_CPtr ntfn, long value);
void camkes_sem_wait(camkes_sem_t *s);
bool camkes_sem_trywait(camkes_sem_t *s);
void camkes_sem_post(camkes_sem_t *s);
typedef camkes_sem_t camkes_mutex_t;
void camkes_mutex_init(camkes_mutex_t *m, seL4_CPtr ntfn);
void camkes_mutex_lock(camkes_mutex_t *m);
void camkes_mutex_unlock(camkes_mutex_t *m);

/* ---------------------------------------------------------------- logging */
enum camkes_log_level {
    CAMKES_LOG_ERROR = 1,
    CAMKES_LOG_WARN,
    CAMKES_LOG_INFO,
    CAMKES_LOG_DEBUG,
    CAMKES_LOG_TRACE
};
/* Sends "<component>: message" at a level to the DebugConsole's logger interface when the
 * component is connected to one (glue sets camkes_logger_ep), else prints it directly. */
void camkes_log(enum camkes_log_level level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
extern seL4_CPtr camkes_logger_ep; /* 0 when not connected */
/* When the logger connection is rpc_shared, the glue also sets the client's shared page
 * (NULL: the connection is rpc_basic).  All three have weak zero defaults in the runtime,
 * so the glue may simply define them. */
extern void *camkes_logger_page;
extern size_t camkes_logger_page_size;
/* Logger procedure: method 0 = log(level u8, message string); see docs/components.md. */
#define CAMKES_LOGGER_METHOD_LOG 0
/* Longest message camkes_log sends, including the "<component>: " prefix; a longer one is
 * cut and ends in "...". */
#define CAMKES_LOG_MAX 512
