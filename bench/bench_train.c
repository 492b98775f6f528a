/* bench_train.c — training throughput of the CPU engine, through the public API only.
 *
 * usage: bench_train [--runs N] [--threads N] [workload ...]
 *        (workloads: seed mnist playground wide fashion)
 *
 * The workloads are bench_workloads.h's. One warm-up epoch sizes a run to about half a second of
 * whole epochs; the median of the runs gives samples per second, and GFLOP/s counts 6 FLOPs per parameter
 * per sample (2 for the forward product, 4 for the two backward ones). bench/torch_ref.py trains
 * the same workloads in PyTorch and prints the same columns; bench/run.sh puts the two side by side.
 *
 * Output: one tab-separated line per workload: name, samples/s, GFLOP/s, seconds per epoch.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_workloads.h"
#include "bench_time.h"
#include "nn.h"

enum { MAX_RUNS = 21 };

/* Returns 0, or -1 after printing why. */
static int run_workload(const bench_workload *w, int runs)
{
    int in = w->units[0];
    float *x = malloc((size_t)w->samples * in * sizeof(float)); /* (samples, in) */
    float *y = malloc((size_t)w->samples * sizeof(float));      /* (samples): class indices */
    nn_model *m = bench_build(w);
    int rc = -1;
    if (x == NULL || y == NULL || m == NULL) {
        fprintf(stderr, "bench_train %s: %s\n", w->name, m == NULL ? nn_error() : "out of memory");
        goto out;
    }
    bench_fill(w, x, y);

    double warm = bench_time_fit(m, w, x, y, 1, 7);
    if (warm < 0) {
        fprintf(stderr, "bench_train %s: %s\n", w->name, nn_error());
        goto out;
    }
    int epochs = (int)(0.5 / warm) + 1;
    double per_epoch[MAX_RUNS];
    for (int r = 0; r < runs; r++) {
        double t = bench_time_fit(m, w, x, y, epochs, 7);
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
    for (int i = 0; i < BENCH_WORKLOADS; i++) {
        int wanted = chosen == 0;
        for (int j = 0; j < chosen; j++)
            wanted |= strcmp(names[j], bench_workloads[i].name) == 0;
        if (wanted)
            failed |= run_workload(&bench_workloads[i], runs) != 0;
    }
    return failed;
}
