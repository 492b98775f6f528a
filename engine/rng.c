/* rng.c — the engine's one random generator: splitmix64. Small, fast, and the same everywhere,
 * so that a seed names one run on every machine. */
#include <math.h>

#include "internal.h"

static unsigned long long mix64(unsigned long long z)
{
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

void nn_rng_seed(nn_rng *r, unsigned long long seed)
{
    /* The seed is mixed before it becomes the state: splitmix's state walks in steps of the
     * golden-ratio constant, so a state taken from the seed linearly would make seed s + 1 the
     * stream of seed s shifted by one draw. */
    r->s = mix64(seed ^ 0x632BE59BD9B4E019ull);
}

static unsigned long long next64(nn_rng *r)
{
    return mix64(r->s += 0x9E3779B97F4A7C15ull);
}

unsigned nn_rng_u32(nn_rng *r)
{
    return (unsigned)(next64(r) >> 32);
}

float nn_rng_uniform(nn_rng *r)
{
    /* 24 random bits: every value is exactly representable and strictly below 1 */
    return (float)(next64(r) >> 40) * (1.0f / 16777216.0f);
}

float nn_rng_normal(nn_rng *r)
{
    /* Box–Muller; u1 is kept away from 0 so that log() stays finite */
    double u1 = ((double)(next64(r) >> 11) + 1.0) * (1.0 / 9007199254740993.0);
    double u2 = (double)(next64(r) >> 11) * (1.0 / 9007199254740992.0);
    return (float)(sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2));
}

void nn_rng_permutation(nn_rng *r, int *idx, int n)
{
    for (int i = 0; i < n; i++)
        idx[i] = i;
    for (int i = n - 1; i > 0; i--) {
        int j = (int)(next64(r) % (unsigned long long)(i + 1));
        int t = idx[i];
        idx[i] = idx[j];
        idx[j] = t;
    }
}
