/* bench_workloads.h — the training workloads that bench_train and bench_fraction time, and how
 * both build their models and fill their data: one list. */
#ifndef NEURONE_BENCH_WORKLOADS_H
#define NEURONE_BENCH_WORKLOADS_H

#include <string.h>

#include "bench_data.h"
#include "bench_time.h"
#include "nn.h"

/* A Keras-style Sequential model trained with adam on a softmax cross-entropy. */
typedef struct bench_workload {
    const char *name;
    int layers;           /* Dense layers */
    int units[5];         /* units[0] is the input width, then each layer's units */
    const char *hidden;   /* activation of the hidden layers; the last is softmax */
    int batch;
    int samples;
    int logits;           /* 1: the last layer is linear, the loss from_logits, metric accuracy */
} bench_workload;

/* "fashion" is the course's own example: 784-128-10 with logits (from_logits, accuracy as the
 * metric), batch 32, on the 60,000 Fashion-MNIST training images scaled to 0..1 when
 * nn_load_fashion_mnist finds them; the others train on random data of a fixed size. */
static const bench_workload bench_workloads[] = {
    {"seed", 2, {100, 64, 10}, "relu", 32, 8192, 0},
    {"mnist", 3, {784, 256, 128, 10}, "relu", 128, 8192, 0},
    {"playground", 3, {2, 8, 8, 2}, "tanh", 10, 8192, 0},
    {"wide", 4, {1024, 1024, 1024, 1024, 10}, "relu", 256, 2048, 0},
    {"fashion", 2, {784, 128, 10}, "relu", 32, 60000, 1},
};
enum { BENCH_WORKLOADS = sizeof bench_workloads / sizeof bench_workloads[0] };

/* The workload's model, compiled (seed 1), or NULL (nn_error() says why). */
static inline nn_model *bench_build(const bench_workload *w)
{
    nn_model *m = nn_sequential();
    if (m == NULL)
        return NULL;
    for (int l = 0; l < w->layers; l++) {
        const char *last = w->logits ? NULL : "softmax";
        const char *act = l == w->layers - 1 ? last : w->hidden;
        if (nn_add_dense(m, w->units[l + 1], act, l == 0 ? w->units[0] : 0) != 0) {
            nn_free(m);
            return NULL;
        }
    }
    const char *metric = w->logits ? "accuracy" : NULL;
    if (nn_set_seed(m, 1) != 0 ||
        nn_compile(m, "adam", "sparse_categorical_crossentropy", metric) != 0 ||
        (w->logits && nn_set_loss_param(m, "from_logits", 1) != 0)) {
        nn_free(m);
        return NULL;
    }
    return m;
}

/* Fills x (samples, in) and y (samples); returns 1 when that is Fashion-MNIST itself. */
static inline int bench_fill(const bench_workload *w, float *x, float *y)
{
    int in = w->units[0], classes = w->units[w->layers];
    if (strcmp(w->name, "fashion") == 0)
        return bench_fashion_data(x, y, w->samples, in, classes);
    bench_random_data(x, y, w->samples, in, classes);
    return 0;
}

/* Seconds for `epochs` epochs of nn_fit on the workload's samples, shuffled from `seed`, or -1 on
 * failure (nn_error() says why). */
static inline double bench_time_fit(nn_model *m, const bench_workload *w, const float *x,
                                    const float *y, int epochs, unsigned seed)
{
    nn_fit_args args = {.epochs = epochs, .batch_size = w->batch, .seed = seed};
    double t = bench_now_s();
    if (nn_fit(m, x, y, w->samples, &args, NULL) != 0)
        return -1.0;
    return bench_now_s() - t;
}

/* The workload named `name`, or NULL. */
static inline const bench_workload *bench_find(const char *name)
{
    for (int i = 0; i < BENCH_WORKLOADS; i++)
        if (strcmp(bench_workloads[i].name, name) == 0)
            return &bench_workloads[i];
    return NULL;
}

#endif
