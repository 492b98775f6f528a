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

/* What to do with each tile of C once it holds its final value: rows [row, row + rows) and
 * columns [col, col + cols) of the whole C, at c (row stride ldc). Tiles are at most a kernel's
 * register block (at most 32 columns), each visited once, from whichever thread computed it, while
 * it is still in that core's L1; different tiles may run at the same time on different threads. */
typedef struct nn_gemm_epilogue {
    void (*fn)(void *ctx, float *c, long ldc, int row, int col, int rows, int cols);
    void *ctx;
} nn_gemm_epilogue;

/* nn_sgemm, then ep->fn on every tile of C (ep NULL: none). */
void nn_sgemm_epilogue(int trans_a, int trans_b, int M, int N, int K,
                       const float *A, int lda, const float *B, int ldb,
                       float beta, float *C, int ldc, const nn_gemm_epilogue *ep);

/* The plain triple loop: the readable reference that the tests compare nn_sgemm against. */
void nn_sgemm_ref(int trans_a, int trans_b, int M, int N, int K,
                  const float *A, int lda, const float *B, int ldb,
                  float beta, float *C, int ldc);

#endif
