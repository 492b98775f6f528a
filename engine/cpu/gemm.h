/* gemm.h — the CPU engine's matrix products, row-major. */
#ifndef NEURONE_GEMM_H
#define NEURONE_GEMM_H

/* C = beta*C + op(A) · op(B), op(X) = X or Xᵀ.
 * op(A) (M, K), op(B) (K, N), C (M, N); lda/ldb/ldc are row strides of the stored matrices.
 * beta is 0 (C is overwritten, never read: it may hold NaN) or 1 (accumulate).
 * Runs on the worker pool when the product is large enough to gain from it. */
void nn_sgemm(int trans_a, int trans_b, int M, int N, int K,
              const float *A, int lda, const float *B, int ldb,
              float beta, float *C, int ldc);

/* What a caller may ask of a product besides C (nn_sgemm_ex). */
typedef struct nn_gemm_opts {
    /* 1: when the product is shared among threads, cut C into ranges of rows, even where columns
     * would cost a little less, so that each thread's block of C is one stretch of memory. A
     * column stripe of a matrix whose rows are a few cache lines long, such as a weight gradient
     * of 128 columns cut in two, falls into a fraction of the cache's sets: the optimizer's step
     * over such stripes of four arrays missed the cache and ran at a third of its speed. */
    int split_rows;
    /* Called once per finished block of C, on the thread that computed it, while the block is
     * still in its cache: rows [r0, r0 + rows), columns [c0, c0 + cols). NULL: nothing. */
    void (*then)(void *ctx, int r0, int rows, int c0, int cols);
    void *ctx;
} nn_gemm_opts;

/* nn_sgemm, as opts asks (opts may be NULL). */
void nn_sgemm_ex(const nn_gemm_opts *opts, int trans_a, int trans_b, int M, int N, int K,
                 const float *A, int lda, const float *B, int ldb, float beta, float *C, int ldc);

/* The plain triple loop: the readable reference that the tests compare nn_sgemm against. */
void nn_sgemm_ref(int trans_a, int trans_b, int M, int N, int K,
                  const float *A, int lda, const float *B, int ldb,
                  float beta, float *C, int ldc);

#endif
