/* gemm.c — placeholder: the reference loop only, until the blocked kernels land. */
#include "gemm.h"

void nn_sgemm_ref(int trans_a, int trans_b, int M, int N, int K,
                  const float *A, int lda, const float *B, int ldb,
                  float beta, float *C, int ldc)
{
    for (int i = 0; i < M; i++)
        for (int j = 0; j < N; j++) {
            float s = 0.0f;
            for (int k = 0; k < K; k++) {
                float a = trans_a ? A[(long)k * lda + i] : A[(long)i * lda + k];
                float b = trans_b ? B[(long)j * ldb + k] : B[(long)k * ldb + j];
                s += a * b;
            }
            C[(long)i * ldc + j] = beta != 0.0f ? C[(long)i * ldc + j] + s : s;
        }
}

void nn_sgemm(int trans_a, int trans_b, int M, int N, int K,
              const float *A, int lda, const float *B, int ldb,
              float beta, float *C, int ldc)
{
    nn_sgemm_ref(trans_a, trans_b, M, N, K, A, lda, B, ldb, beta, C, ldc);
}
