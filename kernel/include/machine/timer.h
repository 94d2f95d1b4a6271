/* The kernel's preemption tick (SBI TIME extension, CONFIG_TIMER_TICK_MS). */
#pragma once
#include <types.h>

void timer_init(uint32_t timebase_hz);
void timer_reprogram(void);
