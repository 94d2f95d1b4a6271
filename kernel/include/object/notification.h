/* Notifications: asynchronous signals (a word of OR-ed badges). */
#pragma once
#include <object/structures.h>

void send_signal(notification_t *n, word_t badge);
void receive_signal(tcb_t *thread, cap_t cap, bool is_blocking);
void cancel_all_signals(notification_t *n);
void cancel_signal(tcb_t *t, notification_t *n);
void complete_signal(notification_t *n, tcb_t *t);
void bind_notification(tcb_t *t, notification_t *n);
void unbind_notification(tcb_t *t);
void unbind_maybe_notification(notification_t *n);
