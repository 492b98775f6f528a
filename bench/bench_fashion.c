/* bench_fashion.c — the course's training run as a fraction of what OpenBLAS's sgemm does on the
 * same machine, in the same run.
 *
 * usage: bench_fashion [--runs N (default 5)] [--threads N (default 2)]
 *
 * The workload is the course's example: Fashion-MNIST (60,000 images, scaled to 0..1; random data
 * of the same shape when the dataset is not installed), Dense 128 relu then Dense 10 logits,
 * sparse softmax cross-entropy from logits, Adam with Keras's defaults, batch 32. The yardsticks
 * are OpenBLAS's cblas_sgemm on a 2048³ product, where it runs near the machine's peak, and on the
 * five products of one training step at their own shapes.
 *
 * Each round times one epoch of the engine, then a block of calls of each OpenBLAS product (as
 * bench_sgemm.c does: a pause first, so that the other side's idle threads have gone to sleep, and
 * the first call not counted), so that a slow spell of a shared machine slows both sides alike.
 * The medians over the rounds count. The engine's GFLOP/s counts 6 FLOPs per parameter per sample,
 * as bench_train.c does (the first layer has no input gradient, so the engine actually does about
 * two thirds of that); OpenBLAS's count 2·M·N·K per product.
 */
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_data.h"
#include "bench_time.h"
#include "nn.h"

/* Declared by OpenBLAS's cblas.h, not by every cblas.h. */
void openblas_set_num_threads(int num_threads);

enum { SAMPLES = 60000, IN = 784, HIDDEN = 128, CLASSES = 10, BATCH = 32 };
enum { MAX_RUNS = 21, MAX_REPS = 400 };

typedef struct product {
    const char *label;
    int ta, tb, M, N, K;
    float *A, *B, *C;       /* op(A) (M, K), op(B) (K, N), C (M, N) */
    double seconds[MAX_RUNS * MAX_REPS];
    int timed;
} product;

static product products[] = {
    {"2048x2048x2048 NN: the yardstick", 0, 0, 2048, 2048, 2048, NULL, NULL, NULL, {0}, 0},
    {"32x128x784 NN: dense 1 forward x.W", 0, 0, BATCH, HIDDEN, IN, NULL, NULL, NULL, {0}, 0},
    {"784x128x32 TN: dense 1 dW = xT.dy", 1, 0, IN, HIDDEN, BATCH, NULL, NULL, NULL, {0}, 0},
    {"32x10x128 NN: dense 2 forward h.W", 0, 0, BATCH, CLASSES, HIDDEN, NULL, NULL, NULL, {0}, 0},
    {"32x128x10 NT: dense 2 dh = dy.WT", 0, 1, BATCH, HIDDEN, CLASSES, NULL, NULL, NULL, {0}, 0},
    {"128x10x32 TN: dense 2 dW = hT.dy", 1, 0, HIDDEN, CLASSES, BATCH, NULL, NULL, NULL, {0}, 0},
};
enum { N_PRODUCTS = sizeof products / sizeof products[0] };

static double flops(const product *p) { return 2.0 * p->M * p->N * p->K; }

static void pause_200ms(void)
{
    struct timespec t = {0, 200 * 1000 * 1000};
    nanosleep(&t, NULL);
}

static void run_openblas(const product *p)
{
    int lda = p->ta ? p->M : p->K, ldb = p->tb ? p->K : p->N;
    cblas_sgemm(CblasRowMajor, p->ta ? CblasTrans : CblasNoTrans, p->tb ? CblasTrans : CblasNoTrans,
                p->M, p->N, p->K, 1.0f, p->A, lda, p->B, ldb, 0.0f, p->C, p->N);
}

/* One block: at least 3 calls, and as many as fit in 0.1 s, each timed. */
static void time_block(product *p)
{
    pause_200ms();
    run_openblas(p);
    double start = bench_now_s();
    for (int i = 0; p->timed < MAX_RUNS * MAX_REPS && (i < 3 || bench_now_s() - start < 0.1); i++) {
        double t0 = bench_now_s();
        run_openblas(p);
        p->seconds[p->timed++] = bench_now_s() - t0;
    }
}

static int alloc_operands(product *p)
{
    size_t a = (size_t)p->M * p->K, b = (size_t)p->K * p->N, c = (size_t)p->M * p->N;
    p->A = malloc(a * sizeof(float));
    p->B = malloc(b * sizeof(float));
    p->C = malloc(c * sizeof(float));
    if (p->A == NULL || p->B == NULL || p->C == NULL)
        return -1;
    for (size_t j = 0; j < a; j++)
        p->A[j] = (float)(j % 17) * 0.01f - 0.08f;
    for (size_t j = 0; j < b; j++)
        p->B[j] = (float)(j % 13) * 0.01f - 0.06f;
    return 0;
}

/* The course's model, compiled as app/cmd/train.c compiles it. */
static nn_model *build_model(void)
{
    nn_model *m = nn_sequential();
    if (m == NULL)
        return NULL;
    int rc = nn_set_seed(m, 1);
    rc |= nn_add_dense(m, HIDDEN, "relu", IN);
    rc |= nn_add_dense(m, CLASSES, NULL, 0);
    rc |= nn_compile(m, "adam", "sparse_categorical_crossentropy", "accuracy");
    rc |= nn_set_loss_param(m, "from_logits", 1);
    if (rc != 0) {
        nn_free(m);
        return NULL;
    }
    return m;
}

/* Seconds for one epoch, or -1 on failure. */
static double time_epoch(nn_model *m, const float *x, const float *y, int round)
{
    nn_fit_args args = {.epochs = 1, .batch_size = BATCH, .seed = 7 + (unsigned)round};
    pause_200ms();
    double t = bench_now_s();
    if (nn_fit(m, x, y, SAMPLES, &args, NULL) != 0)
        return -1.0;
    return bench_now_s() - t;
}

static void print_table(double epoch_s, long params, int real_data)
{
    double yard = flops(&products[0]) / bench_median(products[0].seconds, products[0].timed);
    double engine = 6.0 * (double)params * SAMPLES / epoch_s;
    double step_s = 0.0, step_flops = 0.0;
    printf("| measure | GFLOP/s | fraction of OpenBLAS 2048³ |\n|---|---:|---:|\n");
    for (int i = 0; i < N_PRODUCTS; i++) {
        product *p = &products[i];
        double s = bench_median(p->seconds, p->timed);
        if (i > 0) {
            step_s += s;
            step_flops += flops(p);
        }
        printf("| OpenBLAS %s | %.1f | %.2f |\n", p->label, flops(p) / s * 1e-9, flops(p) / s / yard);
    }
    printf("| OpenBLAS, one step's five products (%.1f µs) | %.1f | %.2f |\n", step_s * 1e6,
           step_flops / step_s * 1e-9, step_flops / step_s / yard);
    printf("| **engine, training on %s: %.3f s per epoch** | **%.1f** | **%.2f** |\n",
           real_data ? "Fashion-MNIST" : "random data", epoch_s, engine * 1e-9, engine / yard);
}

static int parse_args(int argc, char **argv, int *runs, int *threads)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--runs") == 0 && i + 1 < argc)
            *runs = atoi(argv[++i]);
        else if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc)
            *threads = atoi(argv[++i]);
        else
            return -1;
    }
    return *runs >= 1 && *runs <= MAX_RUNS && *threads >= 1 && *threads <= 64 ? 0 : -1;
}

int main(int argc, char **argv)
{
    int runs = 5, threads = 2;
    if (parse_args(argc, argv, &runs, &threads) != 0 || nn_set_threads(threads) != 0) {
        fprintf(stderr, "usage: bench_fashion [--runs 1..%d] [--threads 1..64]\n", MAX_RUNS);
        return 2;
    }
    openblas_set_num_threads(threads);
    float *x = malloc((size_t)SAMPLES * IN * sizeof(float)); /* (samples, 784) */
    float *y = malloc((size_t)SAMPLES * sizeof(float));      /* (samples): class indices */
    nn_model *m = build_model();
    int failed = x == NULL || y == NULL || m == NULL;
    for (int i = 0; i < N_PRODUCTS && !failed; i++)
        failed = alloc_operands(&products[i]) != 0;
    if (failed) {
        fprintf(stderr, "bench_fashion: %s\n", m == NULL ? nn_error() : "out of memory");
        return 1;
    }
    int real_data = bench_fashion_data(x, y, SAMPLES, IN, CLASSES);
    double epochs[MAX_RUNS];
    for (int r = 0; r < runs && !failed; r++) {
        epochs[r] = time_epoch(m, x, y, r);
        failed = epochs[r] < 0;
        for (int i = 0; i < N_PRODUCTS; i++)
            time_block(&products[i]);
    }
    if (failed) {
        fprintf(stderr, "bench_fashion: %s\n", nn_error());
        return 1;
    }
    printf("Fashion-MNIST 784-128-10, batch 32, adam: engine (CPU) against OpenBLAS's sgemm, "
           "%d threads each, median of %d rounds\n\n", threads, runs);
    print_table(bench_median(epochs, runs), nn_count_params(m), real_data);
    nn_free(m);
    free(x);
    free(y);
    for (int i = 0; i < N_PRODUCTS; i++) {
        free(products[i].A);
        free(products[i].B);
        free(products[i].C);
    }
    return 0;
}
