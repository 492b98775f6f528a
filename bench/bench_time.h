/* bench_time.h — the clock and the median that the benchmarks share. */
#ifndef NEURONE_BENCH_TIME_H
#define NEURONE_BENCH_TIME_H

#include <stdlib.h>
#include <time.h>

static inline double bench_now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static inline int bench_compare_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* A pause before each timed block: OpenBLAS keeps its idle threads spinning for tens of
 * milliseconds after a call (the engine's pool for a fraction of one), and they would steal the
 * cores from the other side. */
static inline void bench_pause(void)
{
    struct timespec t = {0, 200 * 1000 * 1000};
    nanosleep(&t, NULL);
}

/* One timed block of run(arg): a pause, one call not counted, then at least 3 calls and as many as
 * fit in 0.1 s, each one's seconds appended to t[*n ...], *n staying below max. */
static inline void bench_time_block(void (*run)(const void *), const void *arg, double *t, int *n,
                                    int max)
{
    bench_pause();
    run(arg);
    double start = bench_now_s();
    for (int i = 0; *n < max && (i < 3 || bench_now_s() - start < 0.1); i++) {
        double t0 = bench_now_s();
        run(arg);
        t[(*n)++] = bench_now_s() - t0;
    }
}

/* Sorts v in place and returns its median (the upper one for an even n). The median, not the
 * best, because the machines these run on are shared: it says what a run usually costs. */
static inline double bench_median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof v[0], bench_compare_double);
    return v[n / 2];
}

#endif
