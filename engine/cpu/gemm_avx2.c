/* gemm_avx2.c — the AVX2+FMA micro-kernel, for x86-64 machines without AVX-512.
 *
 * Register block 6x16: 6 rows of two ymm vectors, 12 accumulators, plus the two vectors of B and a
 * broadcast of A: 15 of the 16 ymm registers. Per step of k, 12 FMAs against 8 loads. Packing is
 * the portable one: this path is the fallback, and its kernel, not its packing, dominates.
 */
#include "gemm_kernels.h"

#include <stddef.h>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

#define AVX2 __attribute__((target("avx2,fma")))
#define INLINE static inline __attribute__((always_inline))

enum { MR = 6, NR = 16 };

/* rows is a constant at every call site. Partial column tiles go through a small stack tile,
 * since AVX2 has no masked stores for floats that are as cheap as AVX-512's. */
INLINE AVX2 void tile(const int rows, int kc, const float *a, long a_step, const float *b,
                      long b_step, float *c, long ldc, int cols, int accumulate)
{
    __m256 lo[MR], hi[MR]; /* (rows, 8) each: columns 0..7 and 8..15 */
#pragma GCC unroll 6
    for (int r = 0; r < rows; r++) {
        lo[r] = _mm256_setzero_ps();
        hi[r] = _mm256_setzero_ps();
    }
    for (int k = 0; k < kc; k++) {
        __m256 b0 = _mm256_loadu_ps(b), b1 = _mm256_loadu_ps(b + 8);
#pragma GCC unroll 6
        for (int r = 0; r < rows; r++) {
            __m256 ar = _mm256_broadcast_ss(a + r);
            lo[r] = _mm256_fmadd_ps(ar, b0, lo[r]);
            hi[r] = _mm256_fmadd_ps(ar, b1, hi[r]);
        }
        a += a_step;
        b += b_step;
    }
    if (cols == NR) {
#pragma GCC unroll 6
        for (int r = 0; r < rows; r++) {
            float *cr = c + r * ldc;
            if (accumulate) {
                lo[r] = _mm256_add_ps(lo[r], _mm256_loadu_ps(cr));
                hi[r] = _mm256_add_ps(hi[r], _mm256_loadu_ps(cr + 8));
            }
            _mm256_storeu_ps(cr, lo[r]);
            _mm256_storeu_ps(cr + 8, hi[r]);
        }
        return;
    }
    float part[NR]; /* one row of the tile */
    /* Unrolled like the loops above: indexing lo and hi with a variable would make the compiler
     * keep them in memory, and store them on every step of k. */
#pragma GCC unroll 6
    for (int r = 0; r < rows; r++) {
        float *cr = c + r * ldc;
        _mm256_storeu_ps(part, lo[r]);
        _mm256_storeu_ps(part + 8, hi[r]);
        for (int j = 0; j < cols; j++)
            cr[j] = accumulate ? cr[j] + part[j] : part[j];
    }
}

static AVX2 void micro_6x16(int kc, const float *a, long a_step, const float *b, long b_step,
                            float *c, long ldc, int rows, int cols, int accumulate)
{
    switch (rows) {
    case 6: tile(6, kc, a, a_step, b, b_step, c, ldc, cols, accumulate); break;
    case 5: tile(5, kc, a, a_step, b, b_step, c, ldc, cols, accumulate); break;
    case 4: tile(4, kc, a, a_step, b, b_step, c, ldc, cols, accumulate); break;
    case 3: tile(3, kc, a, a_step, b, b_step, c, ldc, cols, accumulate); break;
    case 2: tile(2, kc, a, a_step, b, b_step, c, ldc, cols, accumulate); break;
    case 1: tile(1, kc, a, a_step, b, b_step, c, ldc, cols, accumulate); break;
    default: break;
    }
}

static const nn_gemm_kernel avx2_kernel = {
    .name = "avx2 6x16",
    .mr = MR, .nr = NR,
    .mc = 6 * 24, .kc = 256, .nc = 16 * 128,
    .micro = micro_6x16,
    .pack = nn_gemm_pack_c,
    .adam = nn_adam_avx2,
};

const nn_gemm_kernel *nn_gemm_kernel_avx2(void)
{
    __builtin_cpu_init();
    if (!__builtin_cpu_supports("avx2") || !__builtin_cpu_supports("fma"))
        return NULL;
    return &avx2_kernel;
}

#else

const nn_gemm_kernel *nn_gemm_kernel_avx2(void)
{
    return NULL;
}

#endif
