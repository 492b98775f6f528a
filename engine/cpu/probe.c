/* probe.c — one thread or all for the CPU engine's steps: see probe.h. */
#include "probe.h"
#include <stdlib.h>
#include <stdio.h>

int nn_probe_cap(const nn_thread_probe *p)
{
    long phase = p->step % PROBE_PERIOD;
    if (phase < PROBE_STEPS)
        return 0;
    if (phase < 2 * PROBE_STEPS)
        return 1;
    return p->one;
}

void nn_probe_record(nn_thread_probe *p, double seconds)
{
    long phase = p->step % PROBE_PERIOD;
    /* the first step of each half pays for the switch (caches, a worker waking up) */
    if (phase < 2 * PROBE_STEPS && phase % PROBE_STEPS != 0)
        p->sum[phase >= PROBE_STEPS] += seconds;
    if (phase == 2 * PROBE_STEPS - 1) {
        /* one thread only when clearly faster: it gives up the other cores for a whole period */
        p->one = p->sum[1] < 0.9 * p->sum[0];
        if (getenv("PROBE_DEBUG")) fprintf(stderr, "probe at %ld: all %.1f us one %.1f us -> %d\n", p->step, p->sum[0]*1e6/63, p->sum[1]*1e6/63, p->one);
        p->sum[0] = p->sum[1] = 0.0;
    }
    p->step++;
}
