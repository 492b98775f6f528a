/* internal.h — shared by the engine's sources only; never installed. */
#ifndef NEURONE_INTERNAL_H
#define NEURONE_INTERNAL_H

#include <stdarg.h>

/* Formats the message returned by nn_error() for this thread, and returns -1. */
int nn_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Same, for functions that return a pointer: returns NULL. */
void *nn_fail_null(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A small, seedable, portable generator (splitmix64 seeding a xoshiro128**-style state), so that
 * the same seed gives the same numbers on every machine. */
typedef struct nn_rng { unsigned long long s; } nn_rng;
void     nn_rng_seed(nn_rng *r, unsigned long long seed);
unsigned nn_rng_u32(nn_rng *r);
float    nn_rng_uniform(nn_rng *r);            /* [0, 1) */
float    nn_rng_normal(nn_rng *r);             /* mean 0, sd 1 */
void     nn_rng_permutation(nn_rng *r, int *idx, int n); /* Fisher–Yates over 0..n-1 */

#endif
