/* bench_train.c — training throughput of the CPU engine, through the public API only.
 *
 * usage: bench_train [--runs N] [--threads N] [workload ...]
 *        (workloads: seed mnist playground wide fashion)
 *
 * Each workload is a Keras-style Sequential model trained with adam on a softmax cross-entropy,
 * on random data of a fixed size. "fashion" is the course's own example: 784-128-10 with logits
 * (from_logits, accuracy as the metric), batch 32, on the 60,000 Fashion-MNIST training images
 * scaled to 0..1 when nn_load_fashion_mnist finds them, else on random data of the same shape. One warm-up epoch sizes a run to about half a second of whole
 * epochs; the median of the runs gives samples per second, and GFLOP/s counts 6 FLOPs per parameter
 * per sample (2 for the forward product, 4 for the two backward ones). bench/torch_ref.py trains
 * the same workloads in PyTorch and prints the same columns; bench/run.sh puts the two side by side.
 *
 * Output: one tab-separated line per workload: name, samples/s, GFLOP/s, seconds per epoch.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_data.h"
#include "bench_time.h"
#include "nn.h"

typedef struct workload {
    const char *name;
    int layers;           /* Dense layers */
    int units[5];         /* units[0] is the input width, then each layer's units */
    const char *hidden;   /* activation of the hidden layers; the last is softmax */
    int batch;
    int samples;
    int logits;           /* 1: the last layer is linear, the loss from_logits, metric accuracy */
} workload;

static const workload workloads[] = {
    {"seed", 2, {100, 64, 10}, "relu", 32, 8192, 0},
    {"mnist", 3, {784, 256, 128, 10}, "relu", 128, 8192, 0},
    {"playground", 3, {2, 8, 8, 2}, "tanh", 10, 8192, 0},
    {"wide", 4, {1024, 1024, 1024, 1024, 10}, "relu", 256, 2048, 0},
    {"fashion", 2, {784, 128, 10}, "relu", 32, 60000, 1},
};

enum { MAX_RUNS = 21 };

static nn_model *build(const workload *w)
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

/* Seconds for `epochs` epochs of nn_fit, or -1 on failure. */
static double time_fit(nn_model *m, const workload *w, const float *x, const float *y, int epochs)
{
    nn_fit_args args = {.epochs = epochs, .batch_size = w->batch, .seed = 7};
    double t = bench_now_s();
    if (nn_fit(m, x, y, w->samples, &args, NULL) != 0)
        return -1.0;
    return bench_now_s() - t;
}

/* Returns 0, or -1 after printing why. */
static int bench_workload(const workload *w, int runs)
{
    int in = w->units[0];
    float *x = malloc((size_t)w->samples * in * sizeof(float)); /* (samples, in) */
    float *y = malloc((size_t)w->samples * sizeof(float));      /* (samples): class indices */
    nn_model *m = build(w);
    int rc = -1;
    if (x == NULL || y == NULL || m == NULL) {
        fprintf(stderr, "bench_train %s: %s\n", w->name, m == NULL ? nn_error() : "out of memory");
        goto out;
    }
    int classes = w->units[w->layers];
    if (strcmp(w->name, "fashion") == 0)
        bench_fashion_data(x, y, w->samples, in, classes);
    else
        bench_random_data(x, y, w->samples, in, classes);

    double warm = time_fit(m, w, x, y, 1);
    if (warm < 0) {
        fprintf(stderr, "bench_train %s: %s\n", w->name, nn_error());
        goto out;
    }
    int epochs = (int)(0.5 / warm) + 1;
    double per_epoch[MAX_RUNS];
    for (int r = 0; r < runs; r++) {
        double t = time_fit(m, w, x, y, epochs);
        if (t < 0) {
            fprintf(stderr, "bench_train %s: %s\n", w->name, nn_error());
            goto out;
        }
        per_epoch[r] = t / epochs;
    }
    double epoch_s = bench_median(per_epoch, runs);
    double samples_per_s = w->samples / epoch_s;
    double gflops = 6.0 * (double)nn_count_params(m) * samples_per_s * 1e-9;
    printf("%s\t%.0f\t%.2f\t%.4f\n", w->name, samples_per_s, gflops, epoch_s);
    fflush(stdout);
    rc = 0;
out:
    nn_free(m);
    free(x);
    free(y);
    return rc;
}

int main(int argc, char **argv)
{
    int runs = 5, threads = 2, failed = 0, chosen = 0;
    const char *names[8];
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--runs") == 0 && i + 1 < argc)
            runs = atoi(argv[++i]);
        else if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc)
            threads = atoi(argv[++i]);
        else if (chosen < 8)
            names[chosen++] = argv[i];
    }
    if (runs < 1 || runs > MAX_RUNS || nn_set_threads(threads) != 0) {
        fprintf(stderr, "usage: bench_train [--runs 1..%d] [--threads 0..64] [workload ...]\n", MAX_RUNS);
        return 2;
    }
    size_t count = sizeof workloads / sizeof workloads[0];
    for (size_t i = 0; i < count; i++) {
        int wanted = chosen == 0;
        for (int j = 0; j < chosen; j++)
            wanted |= strcmp(names[j], workloads[i].name) == 0;
        if (wanted)
            failed |= bench_workload(&workloads[i], runs) != 0;
    }
    return failed;
}
