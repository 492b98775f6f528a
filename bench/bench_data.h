/* bench_data.h — the training data that the benchmarks share: Fashion-MNIST when it is
 * installed, else random data of the same shape. */
#ifndef NEURONE_BENCH_DATA_H
#define NEURONE_BENCH_DATA_H

#include <string.h>

#include "nn.h"

/* Uniform [-1, 1) features and uniform class indices, the same at every run.
 * x (samples, in), y (samples). */
static inline void bench_random_data(float *x, float *y, int samples, int in, int classes)
{
    unsigned s = 12345u;
    for (long i = 0; i < (long)samples * in; i++) {
        s = s * 1664525u + 1013904223u;
        x[i] = (float)(s >> 8) / (float)(1u << 24) * 2.0f - 1.0f;
    }
    for (int i = 0; i < samples; i++) {
        s = s * 1664525u + 1013904223u;
        y[i] = (float)((s >> 8) % (unsigned)classes);
    }
}

/* The 60,000 Fashion-MNIST training images scaled to 0..1, as the course trains on them, into
 * x (samples, in) and y (samples). Returns 1, or 0 after filling x and y with bench_random_data
 * when the dataset is missing or its shape is not (samples, in). */
static inline int bench_fashion_data(float *x, float *y, int samples, int in, int classes)
{
    nn_dataset d;
    int fits = nn_load_fashion_mnist(&d, "train") == 0;
    fits = fits && d.n == samples && d.dim == in && d.classes == classes;
    if (fits) {
        nn_dataset_scale(&d, 1.0f / 255.0f);
        memcpy(x, d.x, (size_t)samples * in * sizeof *x);
        memcpy(y, d.y, (size_t)samples * sizeof *y);
    }
    nn_dataset_free(&d);
    if (!fits)
        bench_random_data(x, y, samples, in, classes);
    return fits;
}

#endif
