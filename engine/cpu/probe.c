/* probe.c — one thread or all for the CPU engine's steps: see probe.h. */
#include "probe.h"

static long period_of(const nn_thread_probe *p) { return p->period > 0 ? p->period : PROBE_PERIOD; }

int nn_probe_cap(const nn_thread_probe *p)
{
    if (p->step < PROBE_STEPS)
        return 0;
    if (p->step < 2 * PROBE_STEPS)
        return 1;
    return p->one;
}

/* The probe's verdict: a verdict that stands doubles the period, up to PROBE_PERIOD_MAX, so that
 * a steady machine pays for fewer probes; a change brings it back to PROBE_PERIOD. */
static void decide(nn_thread_probe *p, int one)
{
    long period = period_of(p);
    p->period = one == p->one ? (period * 2 < PROBE_PERIOD_MAX ? period * 2 : PROBE_PERIOD_MAX)
                              : PROBE_PERIOD;
    p->one = one;
    p->sum[0] = p->sum[1] = 0.0;
}

void nn_probe_record(nn_thread_probe *p, double seconds)
{
    long phase = p->step;
    /* the first step of each half pays for the switch (caches, a worker waking up) */
    if (phase < 2 * PROBE_STEPS && phase % PROBE_STEPS != 0)
        p->sum[phase >= PROBE_STEPS] += seconds;
    if (phase == PROBE_STEPS - 1 && p->sum[0] > PROBE_LONG_STEP_S * (PROBE_STEPS - 1)) {
        /* long steps make up for the hand-offs' waits: no one-thread half */
        decide(p, 0);
        phase = 2 * PROBE_STEPS - 1;
    } else if (phase == 2 * PROBE_STEPS - 1) {
        /* one thread only when clearly faster: it gives up the other cores for a whole period */
        decide(p, p->sum[1] < 0.9 * p->sum[0]);
    }
    p->step = phase + 1 < period_of(p) ? phase + 1 : 0;
}
