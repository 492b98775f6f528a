/* bench_sgemm.c — nn_sgemm against OpenBLAS's cblas_sgemm, same threads, same shapes.
 *
 * usage: bench_sgemm [threads (default 2)] [kernel: avx512 | avx2 | c | best] [label filter]
 *
 * The two sides take turns in blocks of repetitions (about 0.1 s each, five blocks a side), so
 * that a slow spell of a shared machine slows both alike. Blocks, not single calls: both libraries
 * keep their idle threads spinning for a while after a call (OpenBLAS for tens of milliseconds),
 * and those would steal the cores from the other side; a pause before each block lets them go to
 * sleep, and the first call of a block is not counted. The median times give
 * GFLOP/s = 2*M*N*K / seconds. The training shapes are
 * the three products of one Dense layer's step: forward x·W (NN), input gradient dy·Wᵀ (NT),
 * weight gradient xᵀ·dy (TN).
 */
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_time.h"
#include "gemm.h"
#include "gemm_kernels.h"
#include "pool.h"

/* Declared by OpenBLAS's cblas.h, not by every cblas.h. */
void openblas_set_num_threads(int num_threads);

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
    /* fashion, the course's model: batch 32, 784 -> 128 -> 10 (the first layer has no dx) */
    {"fashion 32x784x128 fwd x.W", 0, 0, 32, 128, 784},
    {"fashion 32x784x128 dW xt.dy", 1, 0, 784, 128, 32},
    {"fashion 32x128x10 fwd x.W", 0, 0, 32, 10, 128},
    {"fashion 32x128x10 dx dy.Wt", 0, 1, 32, 128, 10},
    {"fashion 32x128x10 dW xt.dy", 1, 0, 128, 10, 32},
};

enum { ROUNDS = 5, MAX_REPS = 600 };

typedef struct operands {
    const bench_case *c;
    const float *A, *B;
    float *C;
    int lda, ldb, ldc;
} operands;

static void run_nn(const void *arg)
{
    const operands *o = arg;
    const bench_case *c = o->c;
    nn_sgemm(c->ta, c->tb, c->M, c->N, c->K, o->A, o->lda, o->B, o->ldb, 0.0f, o->C, o->ldc);
}

static void run_openblas(const void *arg)
{
    const operands *o = arg;
    const bench_case *c = o->c;
    cblas_sgemm(CblasRowMajor, c->ta ? CblasTrans : CblasNoTrans, c->tb ? CblasTrans : CblasNoTrans,
                c->M, c->N, c->K, 1.0f, o->A, o->lda, o->B, o->ldb, 0.0f, o->C, o->ldc);
}

/* Median seconds per product for each side. */
static void median_seconds(const operands *o, double *ours, double *theirs)
{
    double t_ours[MAX_REPS], t_theirs[MAX_REPS];
    int n_ours = 0, n_theirs = 0;
    for (int r = 0; r < ROUNDS; r++) {
        bench_time_block(run_nn, o, t_ours, &n_ours, MAX_REPS);
        bench_time_block(run_openblas, o, t_theirs, &n_theirs, MAX_REPS);
    }
    *ours = bench_median(t_ours, n_ours);
    *theirs = bench_median(t_theirs, n_theirs);
}

int main(int argc, char **argv)
{
    int threads = argc > 1 ? atoi(argv[1]) : 2;
    const char *kernel = argc > 2 && strcmp(argv[2], "best") != 0 ? argv[2] : NULL;
    const char *only = argc > 3 ? argv[3] : NULL; /* run the products whose label contains this */
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
        if (only != NULL && strstr(c->label, only) == NULL)
            continue;
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
        double flops = 2.0 * c->M * c->N * c->K, t_ours, t_theirs;
        median_seconds(&o, &t_ours, &t_theirs);
        double ours = flops / t_ours * 1e-9, theirs = flops / t_theirs * 1e-9;
        printf("| %s | %dx%dx%d %s%s | %.1f | %.1f | %.2f |\n", c->label, c->M, c->N, c->K,
               c->ta ? "T" : "N", c->tb ? "T" : "N", ours, theirs, ours / theirs);
        fflush(stdout);
        free(A);
        free(B);
        free(C);
    }
    return 0;
}
