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

/* Sorts v in place and returns its median (the upper one for an even n). The median, not the
 * best, because the machines these run on are shared: it says what a run usually costs. */
static inline double bench_median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof v[0], bench_compare_double);
    return v[n / 2];
}

#endif
