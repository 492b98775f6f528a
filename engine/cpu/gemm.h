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

/* The plain triple loop: the readable reference that the tests compare nn_sgemm against. */
void nn_sgemm_ref(int trans_a, int trans_b, int M, int N, int K,
                  const float *A, int lda, const float *B, int ldb,
                  float beta, float *C, int ldc);

#endif
