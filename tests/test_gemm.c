/* test_gemm.c — nn_sgemm against the reference loop, and the worker pool.
 *
 * Every product is checked element by element against nn_sgemm_ref within 1e-4 absolute plus
 * 1e-4 relative, for the four transpose variants and beta 0 and 1. With beta 0, C starts as NaN:
 * a kernel that reads C when it should not shows up as NaN. The columns of C beyond N (when ldc is
 * wider) hold a sentinel that must survive. Each available kernel (AVX-512, AVX2, portable C) is
 * run on its own.
 */
#include <math.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fpmode.h"
#include "gemm.h"
#include "gemm_kernels.h"
#include "pool.h"

static atomic_int failures; /* atomic: products also run on two threads at once */

#define CHECK(cond, ...)                                          \
    do {                                                          \
        if (!(cond)) {                                            \
            failures++;                                           \
            printf("FAIL %s:%d: ", __func__, __LINE__);           \
            printf(__VA_ARGS__);                                  \
            printf("\n");                                         \
        }                                                         \
    } while (0)

static const float SENTINEL = 12345.0f;

static float random_uniform(unsigned *state) /* [-1, 1) */
{
    *state = *state * 1664525u + 1013904223u;
    return (float)(*state >> 8) / (float)(1u << 23) - 1.0f;
}

static float *random_matrix(long n, unsigned *state)
{
    float *m = malloc((size_t)n * sizeof(float));
    for (long i = 0; i < n; i++)
        m[i] = random_uniform(state);
    return m;
}

/* One product: op(A) (M, K), op(B) (K, N), C (M, N), each stored with `pad` extra floats per row.
 * Returns 1 when it matches the reference. */
static int check_product(int ta, int tb, int M, int N, int K, int pad, float beta)
{
    int a_rows = ta ? K : M, a_cols = ta ? M : K;
    int b_rows = tb ? N : K, b_cols = tb ? K : N;
    int lda = a_cols + pad, ldb = b_cols + pad, ldc = N + pad;
    unsigned state = (unsigned)(M * 7919 + N * 104729 + K * 31 + ta * 2 + tb); /* per call: no sharing */
    float *A = random_matrix((long)a_rows * lda, &state); /* (a_rows, lda) */
    float *B = random_matrix((long)b_rows * ldb, &state); /* (b_rows, ldb) */
    float *C = random_matrix((long)M * ldc, &state);      /* (M, ldc) */
    float *R = malloc((size_t)M * ldc * sizeof(float));
    for (int i = 0; i < M; i++)
        for (int j = 0; j < ldc; j++) {
            float *c = &C[(long)i * ldc + j];
            if (j >= N)
                *c = SENTINEL;
            else if (beta == 0.0f)
                *c = NAN;
        }
    memcpy(R, C, (size_t)M * ldc * sizeof(float));

    nn_sgemm(ta, tb, M, N, K, A, lda, B, ldb, beta, C, ldc);
    nn_sgemm_ref(ta, tb, M, N, K, A, lda, B, ldb, beta, R, ldc);

    int ok = 1;
    for (int i = 0; i < M && ok; i++)
        for (int j = 0; j < ldc && ok; j++) {
            float want = R[(long)i * ldc + j], got = C[(long)i * ldc + j];
            if (j >= N) {
                if (got != SENTINEL) {
                    CHECK(0, "ta=%d tb=%d %dx%dx%d pad %d: C[%d][%d] past N written: expected %g, got %g",
                          ta, tb, M, N, K, pad, i, j, SENTINEL, got);
                    ok = 0;
                }
            } else if (!(fabsf(got - want) <= 1e-4f + 1e-4f * fabsf(want))) {
                CHECK(0, "ta=%d tb=%d M=%d N=%d K=%d pad=%d beta=%g: C[%d][%d] expected %.7g, got %.7g",
                      ta, tb, M, N, K, pad, beta, i, j, want, got);
                ok = 0;
            }
        }
    free(A);
    free(B);
    free(C);
    free(R);
    return ok;
}

/* All four transpose variants and both betas. */
static void check_all_variants(int M, int N, int K, int pad)
{
    for (int ta = 0; ta < 2; ta++)
        for (int tb = 0; tb < 2; tb++) {
            check_product(ta, tb, M, N, K, pad, 0.0f);
            check_product(ta, tb, M, N, K, pad, 1.0f);
        }
}

static void test_tiny_shapes(void)
{
    static const int shapes[][3] = {
        {1, 1, 1}, {1, 1, 7}, {1, 5, 1}, {3, 1, 1}, {2, 8, 2}, {10, 8, 2}, {10, 2, 8},
        {10, 8, 8}, {4, 4, 4}, {16, 16, 16},
    };
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++)
        check_all_variants(shapes[s][0], shapes[s][1], shapes[s][2], 0);
}

static void test_odd_shapes(void)
{
    static const int shapes[][3] = {
        {7, 13, 5}, {33, 65, 17}, {13, 14, 15}, {15, 31, 33}, {29, 33, 64}, {17, 100, 3},
        {100, 17, 300}, {1, 300, 200}, {300, 1, 200}, {41, 47, 259},
    };
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++)
        check_all_variants(shapes[s][0], shapes[s][1], shapes[s][2], 0);
}

/* The layers of the benchmark models: (batch, in) x (in, out). */
static void test_training_shapes(void)
{
    static const int shapes[][3] = {
        {32, 64, 100}, {32, 10, 64}, {128, 256, 784}, {128, 784, 256}, {128, 128, 256},
        {128, 10, 128}, {10, 8, 2}, {10, 2, 8},
    };
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
        int batch = shapes[s][0], out = shapes[s][1], in = shapes[s][2];
        check_product(0, 0, batch, out, in, 0, 0.0f); /* forward: x · W */
        check_product(0, 1, batch, in, out, 0, 0.0f); /* input gradient: dy · Wᵀ */
        check_product(1, 0, in, out, batch, 0, 1.0f); /* weight gradient: xᵀ · dy, accumulated */
    }
}

/* Row strides wider than the rows, as for a view into a bigger matrix. */
static void test_strides(void)
{
    check_all_variants(7, 13, 5, 3);
    check_all_variants(33, 65, 17, 16);
    check_all_variants(64, 64, 64, 1);
    check_all_variants(50, 70, 90, 29);
}

/* Sizes just around the register and cache blocks of every kernel, so that each edge path runs:
 * partial tiles, several k slices (the second one accumulates), several row and column blocks. */
static void test_block_edges(void)
{
    static const int shapes[][3] = {
        {14, 32, 256}, {15, 33, 257}, {13, 31, 255}, {6, 16, 8}, {169, 40, 20}, {170, 2049, 9},
        {65, 1025, 513}, {3, 2100, 40}, {20, 40, 385}, {30, 50, 769}, {113, 257, 31},
    };
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++)
        for (int ta = 0; ta < 2; ta++)
            for (int tb = 0; tb < 2; tb++)
                check_product(ta, tb, shapes[s][0], shapes[s][1], shapes[s][2], 0, ta == tb ? 1.0f : 0.0f);
}

static void run_shape_tests(void)
{
    test_tiny_shapes();
    test_odd_shapes();
    test_training_shapes();
    test_strides();
    test_block_edges();
}

/* Every kernel the machine has, on every shape. */
static void test_each_kernel(void)
{
    static const char *const names[] = {"c", "avx2", "avx512"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const nn_gemm_kernel *k = nn_gemm_select(names[i]);
        if (k == NULL) {
            printf("kernel %s: not available here, skipped\n", names[i]);
            continue;
        }
        int before = atomic_load(&failures);
        run_shape_tests();
        printf("kernel %s: %s\n", k->name, atomic_load(&failures) == before ? "ok" : "FAILED");
    }
    nn_gemm_select(NULL);
}

/* The split across threads must not change the result, whatever the thread count. */
static void test_thread_counts(void)
{
    static const int counts[] = {1, 2, 3, 5};
    for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++) {
        CHECK(nn_pool_set_threads(counts[i]) == 0, "set_threads(%d): expected 0", counts[i]);
        check_all_variants(128, 256, 300, 0);
        check_all_variants(200, 20, 300, 0);
        check_all_variants(300, 700, 40, 5);
    }
    CHECK(nn_pool_set_threads(0) == 0, "set_threads(0): expected 0");
    CHECK(nn_pool_threads() >= 1, "threads after set_threads(0): expected >= 1, got %d", nn_pool_threads());
    CHECK(nn_pool_set_threads(-1) == -1, "set_threads(-1): expected -1");
    CHECK(nn_pool_set_threads(65) == -1, "set_threads(65): expected -1");
}

/* ---- the pool ---------------------------------------------------------------------------------- */

enum { MAX_TASKS = 1000 };

typedef struct count_ctx {
    atomic_int runs[MAX_TASKS]; /* how many times each task ran */
} count_ctx;

static void count_task(void *ctx, int task)
{
    count_ctx *c = ctx;
    atomic_fetch_add(&c->runs[task], 1);
}

/* Returns the number of tasks that did not run exactly once. */
static int run_and_count(int tasks)
{
    count_ctx *c = calloc(1, sizeof *c);
    nn_pool_run(tasks, count_task, c);
    int bad = 0;
    for (int t = 0; t < tasks; t++)
        bad += atomic_load(&c->runs[t]) != 1;
    for (int t = tasks; t < MAX_TASKS; t++)
        bad += atomic_load(&c->runs[t]) != 0;
    free(c);
    return bad;
}

static void test_pool_each_task_once(void)
{
    static const int counts[] = {0, 1, 2, 3, 7, 64, 1000};
    nn_pool_set_threads(4);
    for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++)
        for (int rep = 0; rep < 50; rep++) {
            int bad = run_and_count(counts[i]);
            CHECK(bad == 0, "%d tasks, run %d: expected each exactly once, %d wrong", counts[i], rep, bad);
            if (bad)
                break;
        }
    nn_pool_set_threads(0);
}

/* The pool is idle long enough for the workers to fall asleep, then must wake them. */
static void test_pool_after_sleep(void)
{
    nn_pool_set_threads(2);
    for (int rep = 0; rep < 3; rep++) {
        struct timespec pause = {0, 5 * 1000 * 1000};
        nanosleep(&pause, NULL);
        int bad = run_and_count(16);
        CHECK(bad == 0, "after sleeping, run %d: expected each task once, %d wrong", rep, bad);
    }
    nn_pool_set_threads(0);
}

static void *caller_main(void *arg)
{
    int *bad = arg;
    for (int rep = 0; rep < 2000; rep++)
        *bad += run_and_count(1 + rep % 37);
    return NULL;
}

/* Two threads use the pool at once: one gets it, the other runs its tasks itself; both finish. */
static void test_pool_concurrent_callers(void)
{
    nn_pool_set_threads(2);
    pthread_t threads[2];
    int bad[2] = {0, 0};
    for (int i = 0; i < 2; i++)
        CHECK(pthread_create(&threads[i], NULL, caller_main, &bad[i]) == 0, "pthread_create %d", i);
    for (int i = 0; i < 2; i++) {
        pthread_join(threads[i], NULL);
        CHECK(bad[i] == 0, "caller %d: expected every task once, %d wrong", i, bad[i]);
    }
    nn_pool_set_threads(0);
}

static void nested_task(void *ctx, int task)
{
    atomic_int *bad = ctx;
    atomic_fetch_add(bad, run_and_count(5));
}

/* A task that uses the pool itself finds it busy and runs its inner tasks on its own thread. */
static void test_pool_nested(void)
{
    atomic_int bad = 0;
    nn_pool_run(4, nested_task, &bad);
    CHECK(atomic_load(&bad) == 0, "nested: expected every inner task once, %d wrong", atomic_load(&bad));
}

static void *product_main(void *arg)
{
    int *ok = arg;
    for (int rep = 0; rep < 5; rep++)
        *ok &= check_product(rep & 1, rep >> 1 & 1, 96, 300, 200, 0, 0.0f);
    return NULL;
}

/* Two threads multiply at once, sharing the pool (and each keeping its own packing buffer). */
static void test_concurrent_products(void)
{
    pthread_t threads[2];
    int ok[2] = {1, 1};
    for (int i = 0; i < 2; i++)
        pthread_create(&threads[i], NULL, product_main, &ok[i]);
    for (int i = 0; i < 2; i++) {
        pthread_join(threads[i], NULL);
        CHECK(ok[i], "concurrent products, thread %d: expected all to match the reference", i);
    }
}

/* ---- nn_sgemm_ex: the block callback and the row split ------------------------------------ */

enum { TM = 784, TN = 128, TK = 32 };

typedef struct coverage {
    unsigned char seen[TM * TN]; /* blocks are disjoint: no two threads write the same byte */
    float *C;
    int whole_rows;               /* 1 when every block must be whole rows */
    atomic_int bad;
    atomic_int blocks;
} coverage;

static void mark_block(void *ctx, int r0, int rows, int c0, int cols)
{
    coverage *cv = ctx;
    atomic_fetch_add(&cv->blocks, 1);
    if (r0 < 0 || c0 < 0 || rows < 1 || cols < 1 || r0 + rows > TM || c0 + cols > TN ||
        (cv->whole_rows && (c0 != 0 || cols != TN))) {
        atomic_fetch_add(&cv->bad, 1);
        return;
    }
    for (int r = r0; r < r0 + rows; r++)
        for (int c = c0; c < c0 + cols; c++) {
            cv->seen[r * TN + c]++;
            if (isnan(cv->C[r * TN + c])) /* called before the block was computed */
                atomic_fetch_add(&cv->bad, 1);
        }
}

/* The weight gradient's shape (xT.dy), on 1 to 3 threads: every element of C is handed to the
 * callback once, after it is computed (a block of C at a time, at least one per thread), in whole
 * rows when split_rows asks for them. */
static void test_block_callback(void)
{
    float *A = malloc(sizeof(float) * TK * TM), *B = malloc(sizeof(float) * TK * TN);
    float *C = malloc(sizeof(float) * TM * TN);
    for (int i = 0; i < TK * TM; i++)
        A[i] = (float)(i % 13) * 0.125f;
    for (int i = 0; i < TK * TN; i++)
        B[i] = (float)(i % 7) * 0.25f;
    coverage *cv = malloc(sizeof *cv);
    for (int threads = 1; threads <= 3; threads++)
        for (int rows_only = 0; rows_only <= 1; rows_only++) {
            memset(cv->seen, 0, sizeof cv->seen);
            for (int i = 0; i < TM * TN; i++)
                C[i] = NAN;
            cv->C = C;
            cv->whole_rows = rows_only;
            atomic_store(&cv->bad, 0);
            atomic_store(&cv->blocks, 0);
            nn_pool_set_threads(threads);
            nn_gemm_opts o = {.split_rows = rows_only, .then = mark_block, .ctx = cv};
            nn_sgemm_ex(&o, 1, 0, TM, TN, TK, A, TM, B, TN, 0.0f, C, TN);
            int once = 1;
            for (int i = 0; i < TM * TN; i++)
                once &= cv->seen[i] == 1;
            CHECK(once && atomic_load(&cv->bad) == 0,
                  "%d threads, split_rows %d: expected each element once, computed, %s; %d bad "
                  "block(s) of %d", threads, rows_only, rows_only ? "in whole rows" : "any block",
                  atomic_load(&cv->bad), atomic_load(&cv->blocks));
            CHECK(atomic_load(&cv->blocks) >= threads,
                  "%d threads: expected the product shared in at least %d blocks, got %d", threads,
                  threads, atomic_load(&cv->blocks));
        }
    nn_pool_set_threads(0);
    free(cv), free(A), free(B), free(C);
}

/* ---- the pool runs tasks in the caller's floating-point mode ---------------------------------- */

typedef struct fp_job {
    volatile float tiny, scale; /* volatile: computed at run time, in the thread's mode */
    float got[2];
    pthread_t caller;
    atomic_int started;
    atomic_int by_worker;       /* tasks that ran on another thread than the caller */
} fp_job;

/* Two tasks, each waiting (up to 10 s) for the other to start: the caller, busy with one, cannot
 * take the second, so a worker runs it, even on a loaded machine. */
static void tiny_product(void *ctx, int t)
{
    fp_job *j = ctx;
    atomic_fetch_add(&j->started, 1);
    j->got[t] = j->tiny * j->scale; /* 1e-30 · 1e-10: a denormal, or zero when flushed */
    if (!pthread_equal(pthread_self(), j->caller))
        atomic_fetch_add(&j->by_worker, 1);
    for (long spins = 0; atomic_load(&j->started) < 2 && spins < 10000000L; spins++)
        sched_yield();
}

static void test_pool_fp_mode(void)
{
    if (NN_FP_FLUSH == 0u) {
        printf("floating-point mode: not controlled on this processor, skipped\n");
        return;
    }
    fp_job *j = calloc(1, sizeof *j);
    j->tiny = 1e-30f;
    j->scale = 1e-10f;
    j->caller = pthread_self();
    nn_pool_set_threads(2);
    for (int flush = 0; flush <= 1; flush++) {
        unsigned before = nn_fp_mode();
        unsigned saved = flush ? nn_fp_flush_begin() : before;
        for (int rep = 0; rep < 3; rep++) {
            atomic_store(&j->started, 0);
            atomic_store(&j->by_worker, 0);
            nn_pool_run(2, tiny_product, j);
            int wrong = 0;
            for (int t = 0; t < 2; t++) {
                /* the bits, not a comparison: the caller, in flush mode, reads a denormal as 0 */
                uint32_t bits;
                memcpy(&bits, &j->got[t], sizeof bits);
                wrong += flush ? bits != 0u : bits == 0u;
            }
            CHECK(atomic_load(&j->by_worker) == 1 && wrong == 0,
                  "flush %d, job %d: %d task(s) on a worker, expected 1; %d task(s) ran in another "
                  "floating-point mode than the caller's", flush, rep, atomic_load(&j->by_worker),
                  wrong);
        }
        nn_fp_end(saved);
        CHECK(nn_fp_mode() == before, "flush %d: the caller's mode was not restored", flush);
    }
    nn_pool_set_threads(0);
    free(j);
}

int main(void)
{
    test_pool_fp_mode();
    test_block_callback();
    test_each_kernel();
    test_thread_counts();
    test_pool_each_task_once();
    test_pool_after_sleep();
    test_pool_concurrent_callers();
    test_pool_nested();
    test_concurrent_products();
    int total = atomic_load(&failures);
    printf("%s: %d failure(s)\n", total ? "FAILED" : "ok", total);
    return total != 0;
}
