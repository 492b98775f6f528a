/* adam_simd.c — Adam's update step in AVX-512 and AVX2, for the kernel tables of gemm_avx512.c and
 * gemm_avx2.c; the plain loop (nn_adam_ref, optimizers.c) is the reference.
 *
 * The step touches four arrays as long as the model and does a square root and a division per
 * parameter: at batch 32 on the course's 784-128-10 model it took as long as all the matrix
 * products, because the compiler's baseline x86-64 code does it four floats at a time. The vector
 * versions do the very same operations in the same order (no fused multiply-add, which would round
 * once instead of twice), so that they give the reference's results to the bit; the tests check it.
 */
#include "gemm_kernels.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

#define AVX512 __attribute__((target("avx512f")))
#define AVX2 __attribute__((target("avx2")))

/* m += (g - m)·(1-β1); v += (g² - v)·(1-β2); p -= α·m / (√v + ε), 16 lanes at a time; each row's
 * tail is masked, so that nothing is read or written past its cols. */
AVX512 static void adam_row_avx512(float *param, const float *grad, float *m, float *v, long n,
                                   __m512 one_b1, __m512 one_b2, __m512 alpha, __m512 eps)
{
    for (long i = 0; i < n; i += 16) {
        __mmask16 k = n - i >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << (n - i)) - 1);
        __m512 g = _mm512_maskz_loadu_ps(k, grad + i);
        __m512 mi = _mm512_maskz_loadu_ps(k, m + i), vi = _mm512_maskz_loadu_ps(k, v + i);
        mi = _mm512_add_ps(mi, _mm512_mul_ps(_mm512_sub_ps(g, mi), one_b1));
        vi = _mm512_add_ps(vi, _mm512_mul_ps(_mm512_sub_ps(_mm512_mul_ps(g, g), vi), one_b2));
        __m512 step = _mm512_div_ps(_mm512_mul_ps(alpha, mi), _mm512_add_ps(_mm512_sqrt_ps(vi), eps));
        _mm512_mask_storeu_ps(m + i, k, mi);
        _mm512_mask_storeu_ps(v + i, k, vi);
        _mm512_mask_storeu_ps(param + i, k,
                              _mm512_sub_ps(_mm512_maskz_loadu_ps(k, param + i), step));
    }
}

AVX512 void nn_adam_avx512(float *param, const float *grad, float *m, float *v, long rows,
                           long cols, long ld, const nn_adam_step *s)
{
    __m512 one_b1 = _mm512_set1_ps(s->one_minus_b1), one_b2 = _mm512_set1_ps(s->one_minus_b2);
    __m512 alpha = _mm512_set1_ps(s->alpha), eps = _mm512_set1_ps(s->epsilon);
    for (long r = 0; r < rows; r++) {
        long o = r * ld;
        adam_row_avx512(param + o, grad + o, m + o, v + o, cols, one_b1, one_b2, alpha, eps);
    }
}

/* The same, 8 lanes at a time; the last cols % 8 parameters of a row go through the reference
 * loop, which computes them identically. */
AVX2 static void adam_row_avx2(float *param, const float *grad, float *m, float *v, long n,
                               const nn_adam_step *s)
{
    __m256 one_b1 = _mm256_set1_ps(s->one_minus_b1), one_b2 = _mm256_set1_ps(s->one_minus_b2);
    __m256 alpha = _mm256_set1_ps(s->alpha), eps = _mm256_set1_ps(s->epsilon);
    long i = 0;
    for (; i + 8 <= n; i += 8) {
        __m256 g = _mm256_loadu_ps(grad + i);
        __m256 mi = _mm256_loadu_ps(m + i), vi = _mm256_loadu_ps(v + i);
        mi = _mm256_add_ps(mi, _mm256_mul_ps(_mm256_sub_ps(g, mi), one_b1));
        vi = _mm256_add_ps(vi, _mm256_mul_ps(_mm256_sub_ps(_mm256_mul_ps(g, g), vi), one_b2));
        __m256 step = _mm256_div_ps(_mm256_mul_ps(alpha, mi), _mm256_add_ps(_mm256_sqrt_ps(vi), eps));
        _mm256_storeu_ps(m + i, mi);
        _mm256_storeu_ps(v + i, vi);
        _mm256_storeu_ps(param + i, _mm256_sub_ps(_mm256_loadu_ps(param + i), step));
    }
    nn_adam_ref(param + i, grad + i, m + i, v + i, 1, n - i, n - i, s);
}

AVX2 void nn_adam_avx2(float *param, const float *grad, float *m, float *v, long rows, long cols,
                       long ld, const nn_adam_step *s)
{
    for (long r = 0; r < rows; r++)
        adam_row_avx2(param + r * ld, grad + r * ld, m + r * ld, v + r * ld, cols, s);
}

#endif
