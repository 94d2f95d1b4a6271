/* Periodic tick: the next deadline is set relative to the previous one so ticks do not
 * drift with interrupt latency. */
#include <machine/timer.h>
#include <arch/machine.h>
#include <config.h>

static uint64_t tick_cycles;
static uint64_t next_deadline;

void timer_init(uint32_t timebase_hz)
{
    tick_cycles = (uint64_t)timebase_hz * CONFIG_TIMER_TICK_MS / 1000;
    next_deadline = read_time() + tick_cycles;
    sbi_set_timer(next_deadline);
    set_csr(sie, SIE_STIE | SIE_SEIE);
}

void timer_reprogram(void)
{
    uint64_t now = read_time();
    next_deadline += tick_cycles;
    if (next_deadline <= now) next_deadline = now + tick_cycles;
    sbi_set_timer(next_deadline);
}
