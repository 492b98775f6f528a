/* probe.h — how many threads the CPU engine's next training step uses.
 *
 * Two threads are not always faster than one. A step of the course's model takes 150-300 µs and
 * hands work to the pool three times; when another program keeps a core busy, the system runs the
 * worker only now and then, and a step waits for it (on this 2-core machine, with one busy
 * program beside it, two threads trained an epoch of Fashion-MNIST in 0.69 s, one in 0.35 s). Not every step is slower: most take their usual time, and one in ten or twenty waits
 * milliseconds for a worker that the system stopped while it held a task; the mean shows it, the
 * median does not. So at the end of every period of PROBE_PERIOD steps the engine times
 * PROBE_STEPS steps on all threads and as many on one, and trains on the faster on average for the
 * next period (all threads for the first). Steps give the same bits on any number
 * of threads (tests/test_update.c), so this changes the speed only. */
#ifndef NEURONE_PROBE_H
#define NEURONE_PROBE_H

/* The probe's 64 steps on one thread cost about 1 % more time on a quiet machine (64 steps at
 * about 1.3 times their time on two threads, every 2,048 steps), and less as the period grows
 * while the verdict stands (up to 16,384 steps). Steps of 2 ms or more on all threads are not
 * probed on one: the hand-offs' waits are small beside them, and a one-thread half would cost
 * whole seconds of a wide model's training. */
enum { PROBE_STEPS = 64, PROBE_PERIOD = 2048, PROBE_PERIOD_MAX = 16384 };
#define PROBE_LONG_STEP_S 2e-3

typedef struct nn_thread_probe {
    long step;                    /* steps into the current period */
    long period;                  /* its length; 0 before the first verdict (PROBE_PERIOD) */
    int one;                      /* 1: the last probe found one thread faster */
    double sum[2];                /* the probe's seconds so far: [0] all threads, [1] one */
} nn_thread_probe;

/* The current period's length in steps. */
long nn_probe_period(const nn_thread_probe *p);
/* The thread cap for the next step: 0 (none) or 1. */
int nn_probe_cap(const nn_thread_probe *p);
/* Records the step just run under nn_probe_cap's answer, which took `seconds`. */
void nn_probe_record(nn_thread_probe *p, double seconds);

#endif
