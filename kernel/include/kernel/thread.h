/* Scheduling and the thread-level halves of IPC. */
#pragma once
#include <object/structures.h>
#include <api/types.h>
#include <config.h>

extern tcb_t *ks_cur_thread;
extern tcb_t *ks_idle_thread;
extern tcb_t *ks_scheduler_action;
#define SchedulerAction_ResumeCurrentThread ((tcb_t *)0)
#define SchedulerAction_ChooseNewThread ((tcb_t *)1)

/* Extra caps of the message being sent by the current thread. */
extern cte_t *current_extra_caps[MSG_MAX_EXTRA_CAPS];

static inline bool is_runnable(const tcb_t *t)
{
    return t->state == ThreadState_Running || t->state == ThreadState_Restart;
}
static inline bool is_stopped(const tcb_t *t)
{
    return t->state == ThreadState_Inactive || t->state == ThreadState_BlockedOnReceive ||
           t->state == ThreadState_BlockedOnSend || t->state == ThreadState_BlockedOnNotification ||
           t->state == ThreadState_BlockedOnReply;
}

void set_thread_state(tcb_t *t, thread_state_t s);
void tcb_sched_enqueue(tcb_t *t); /* head of its priority queue */
void tcb_sched_append(tcb_t *t);  /* tail */
void tcb_sched_dequeue(tcb_t *t);
void reschedule_required(void);
void possible_switch_to(tcb_t *t);
/* Ready-queue bitmap, one bit per priority. */
#define READY_BITMAP_WORDS (CONFIG_NUM_PRIORITIES / WORD_BITS)
extern word_t ready_bitmap[READY_BITMAP_WORDS];

/* True when no ready thread has a higher priority than `prio` (no bit scan needed). */
static inline bool is_highest_prio(word_t prio)
{
    word_t w = prio / WORD_BITS;
    for (word_t i = w + 1; i < READY_BITMAP_WORDS; i++) {
        if (ready_bitmap[i]) return false;
    }
    return ((ready_bitmap[w] >> (prio % WORD_BITS)) >> 1) == 0;
}

/* True when t would be chosen to run if the current thread blocked now. */
static inline bool thread_can_run_now(const tcb_t *t)
{
    return ks_scheduler_action == SchedulerAction_ResumeCurrentThread &&
           is_highest_prio(t->priority);
}
void schedule(void);
void activate_thread(void);
void set_priority(tcb_t *t, word_t prio);
void suspend(tcb_t *t);
void restart(tcb_t *t);
void timer_tick(void);
void idle_thread_init(void);
void scheduler_dump(void);

word_t *lookup_ipc_buffer(bool is_receiver, tcb_t *t);
word_t get_mr(tcb_t *t, const word_t *buffer, word_t i);
/* Returns the message length so far: i + 1 when stored, 4 when the word was dropped for
 * want of an IPC buffer, seL4_MsgMaxLength when full. */
word_t set_mr(tcb_t *t, word_t *buffer, word_t i, word_t v);
void do_ipc_transfer(tcb_t *sender, void *endpoint, word_t badge, bool grant, tcb_t *receiver);
void do_reply_transfer(tcb_t *sender, tcb_t *receiver, cte_t *slot, bool grant);
void setup_caller_cap(tcb_t *sender, tcb_t *receiver, bool can_grant);
void delete_caller_cap(tcb_t *t);
void reply_from_kernel_error(tcb_t *t);
void reply_from_kernel_success_empty(tcb_t *t);
void set_message_info_reply(tcb_t *t, word_t length);
