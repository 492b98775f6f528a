/* bench_sgemm.c — nn_sgemm against OpenBLAS's cblas_sgemm, same threads, same shapes.
 *
 * usage: bench_sgemm [threads (default 2)] [kernel: avx512 | avx2 | c]
 *
 * Each product runs twice to warm caches and the worker pools, then `reps` more times; the median
 * time gives GFLOP/s = 2*M*N*K / seconds. The training shapes are the three products of one Dense
 * layer's step: forward x·W (NN), input gradient dy·Wᵀ (NT), weight gradient xᵀ·dy (TN).
 */
#include <cblas.h>

/* Declared by OpenBLAS's cblas.h, not by every cblas.h. */
void openblas_set_num_threads(int num_threads);
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gemm.h"
#include "gemm_kernels.h"
#include "pool.h"

typedef struct bench_case {
    const char *label;
    int ta, tb, M, N, K;
} bench_case;

static const bench_case cases[] = {
    {"square 256", 0, 0, 256, 256, 256},
    {"square 512", 0, 0, 512, 512, 512},
    {"square 1024", 0, 0, 1024, 1024, 1024},
    {"square 2048", 0, 0, 2048, 2048, 2048},
    /* mnist layer 1: batch 128, 784 -> 256 */
    {"128x784x256 fwd x.W", 0, 0, 128, 256, 784},
    {"128x784x256 dx dy.Wt", 0, 1, 128, 784, 256},
    {"128x784x256 dW xt.dy", 1, 0, 784, 256, 128},
    /* wide hidden layer: batch 256, 1024 -> 1024 */
    {"256x1024x1024 fwd x.W", 0, 0, 256, 1024, 1024},
    {"256x1024x1024 dx dy.Wt", 0, 1, 256, 1024, 1024},
    {"256x1024x1024 dW xt.dy", 1, 0, 1024, 1024, 256},
    /* small layers, where overheads show: seed 100 -> 64, batch 32 */
    {"32x100x64 fwd x.W", 0, 0, 32, 64, 100},
    {"32x100x64 dx dy.Wt", 0, 1, 32, 100, 64},
    {"32x100x64 dW xt.dy", 1, 0, 100, 64, 32},
};

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static int compare_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

enum { MAX_REPS = 101 };

typedef struct operands {
    const bench_case *c;
    const float *A, *B;
    float *C;
    int lda, ldb, ldc;
} operands;

static void run_nn(const operands *o)
{
    const bench_case *c = o->c;
    nn_sgemm(c->ta, c->tb, c->M, c->N, c->K, o->A, o->lda, o->B, o->ldb, 0.0f, o->C, o->ldc);
}

static void run_openblas(const operands *o)
{
    const bench_case *c = o->c;
    cblas_sgemm(CblasRowMajor, c->ta ? CblasTrans : CblasNoTrans, c->tb ? CblasTrans : CblasNoTrans,
                c->M, c->N, c->K, 1.0f, o->A, o->lda, o->B, o->ldb, 0.0f, o->C, o->ldc);
}

/* Median seconds per product over enough repetitions to fill about a quarter of a second. */
static double median_seconds(void (*run)(const operands *), const operands *o)
{
    run(o);
    run(o);
    double t0 = now_s();
    run(o);
    double once = now_s() - t0;
    int reps = once > 0.05 ? 5 : (int)(0.25 / (once + 1e-9));
    reps = reps < 5 ? 5 : reps > MAX_REPS ? MAX_REPS : reps;
    double times[MAX_REPS];
    for (int r = 0; r < reps; r++) {
        double t = now_s();
        run(o);
        times[r] = now_s() - t;
    }
    qsort(times, (size_t)reps, sizeof times[0], compare_double);
    return times[reps / 2];
}

int main(int argc, char **argv)
{
    int threads = argc > 1 ? atoi(argv[1]) : 2;
    const char *kernel = argc > 2 ? argv[2] : NULL;
    if (nn_pool_set_threads(threads) != 0) {
        fprintf(stderr, "bench_sgemm: threads must be 1..64\n");
        return 2;
    }
    openblas_set_num_threads(threads);
    const nn_gemm_kernel *k = nn_gemm_select(kernel);
    if (k == NULL) {
        fprintf(stderr, "bench_sgemm: kernel %s is not available on this machine\n", kernel);
        return 2;
    }
    printf("nn_sgemm kernel: %s, threads: %d (both sides)\n\n", k->name, threads);
    printf("| product | M x N x K | nn_sgemm GFLOP/s | OpenBLAS GFLOP/s | ratio |\n");
    printf("|---|---|---:|---:|---:|\n");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const bench_case *c = &cases[i];
        int a_rows = c->ta ? c->K : c->M, a_cols = c->ta ? c->M : c->K;
        int b_rows = c->tb ? c->N : c->K, b_cols = c->tb ? c->K : c->N;
        float *A = malloc((size_t)a_rows * a_cols * sizeof(float)); /* (a_rows, a_cols) */
        float *B = malloc((size_t)b_rows * b_cols * sizeof(float)); /* (b_rows, b_cols) */
        float *C = malloc((size_t)c->M * c->N * sizeof(float));    /* (M, N) */
        for (long j = 0; j < (long)a_rows * a_cols; j++)
            A[j] = (float)(j % 17) * 0.01f - 0.08f;
        for (long j = 0; j < (long)b_rows * b_cols; j++)
            B[j] = (float)(j % 13) * 0.01f - 0.06f;
        operands o = {c, A, B, C, a_cols, b_cols, c->N};
        double flops = 2.0 * c->M * c->N * c->K;
        double ours = flops / median_seconds(run_nn, &o) * 1e-9;
        double theirs = flops / median_seconds(run_openblas, &o) * 1e-9;
        printf("| %s | %dx%dx%d %s%s | %.1f | %.1f | %.2f |\n", c->label, c->M, c->N, c->K,
               c->ta ? "T" : "N", c->tb ? "T" : "N", ours, theirs, ours / theirs);
        fflush(stdout);
        free(A);
        free(B);
        free(C);
    }
    return 0;
}
