/* Endpoints: synchronous IPC rendezvous. */
#pragma once
#include <object/structures.h>

void send_ipc(bool blocking, bool do_call, word_t badge, bool can_grant, bool can_grant_reply,
              tcb_t *thread, endpoint_t *ep);
void receive_ipc(tcb_t *thread, cap_t cap, bool is_blocking);
void cancel_ipc(tcb_t *t);
void cancel_all_ipc(endpoint_t *ep);
void cancel_badged_sends(endpoint_t *ep, word_t badge);
void queue_append(tcb_queue_t *q, tcb_t *t);
void queue_remove(tcb_queue_t *q, tcb_t *t);
/* Empties a queue, restarting every thread on it (their syscalls run again). */
void queue_restart_all(tcb_queue_t *q);
