/* probe.c — one thread or all for the CPU engine's steps: see probe.h. */
#include "probe.h"

long nn_probe_period(const nn_thread_probe *p) { return p->period > 0 ? p->period : PROBE_PERIOD; }

/* Where the probe's two halves start in the period: at its end, so that the first verdict comes
 * after a period of training (the first steps pay for page faults and cold caches, which would
 * count against whichever half ran them). */
static long all_half(const nn_thread_probe *p) { return nn_probe_period(p) - 2 * PROBE_STEPS; }

int nn_probe_cap(const nn_thread_probe *p)
{
    long from = all_half(p);
    if (p->step < from)
        return p->one;
    return p->step < from + PROBE_STEPS ? 0 : 1;
}

/* The probe's verdict: a verdict that stands doubles the period, up to PROBE_PERIOD_MAX, so that
 * a steady machine pays for fewer probes; a change brings it back to PROBE_PERIOD. */
static void decide(nn_thread_probe *p, int one)
{
    long period = nn_probe_period(p);
    p->period = one == p->one ? (period * 2 < PROBE_PERIOD_MAX ? period * 2 : PROBE_PERIOD_MAX)
                              : PROBE_PERIOD;
    p->one = one;
    p->sum[0] = p->sum[1] = 0.0;
    p->step = 0;
}

void nn_probe_record(nn_thread_probe *p, double seconds)
{
    long at = p->step - all_half(p); /* 0 .. 2·PROBE_STEPS-1 inside the probe */
    /* the first step of each half pays for the switch (caches, a worker waking up) */
    if (at >= 0 && at % PROBE_STEPS != 0)
        p->sum[at >= PROBE_STEPS] += seconds;
    if (at == PROBE_STEPS - 1 && p->sum[0] > PROBE_LONG_STEP_S * (PROBE_STEPS - 1))
        decide(p, 0); /* long steps make up for the hand-offs' waits: no one-thread half */
    else if (at == 2 * PROBE_STEPS - 1)
        /* one thread only when clearly faster: it gives up the other cores for a whole period */
        decide(p, p->sum[1] < 0.9 * p->sum[0]);
    else
        p->step++;
}
