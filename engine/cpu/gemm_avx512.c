/* gemm_avx512.c — the AVX-512 micro-kernel and its packing routines.
 *
 * Register block 14x32: a tile of C is 14 rows of two zmm vectors, 28 accumulators; the two
 * vectors of B take two more of the 32 registers, and the 14 values of A come straight from memory
 * as FMA broadcast operands. Per step of k that is 28 FMAs (14 cycles on two FMA pipes) against 16
 * loads (8 cycles on two load ports), so the FMA pipes, not the loads, set the pace.
 *
 * Compiled for every x86-64 with a target attribute and picked at run time by gemm.c; nothing here
 * runs unless the CPU and the OS support AVX-512.
 */
#include "gemm_kernels.h"

#include <stddef.h>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

#define AVX512 __attribute__((target("avx512f,avx512vl,fma")))
#define INLINE static inline __attribute__((always_inline))

enum { MR = 14, NR = 32 };

/* The tile loop, written once; rows (1..14) and halves (1 or 2 vectors of columns) are constants
 * at every call site, so each instance keeps its accumulators in registers. */
INLINE AVX512 void tile(const int rows, const int halves, int kc, const float *a, long a_step,
                        const float *b, long b_step, float *c, long ldc, __mmask16 m0, __mmask16 m1,
                        int accumulate)
{
    __m512 lo[MR], hi[MR]; /* (rows, 16) each: columns 0..15 and 16..31 of the tile */
#pragma GCC unroll 14
    for (int r = 0; r < rows; r++) {
        lo[r] = _mm512_setzero_ps();
        hi[r] = _mm512_setzero_ps();
    }
    for (int k = 0; k < kc; k++) {
        /* Masked, so that an unpacked B is never read past its last column. */
        __m512 b0 = _mm512_maskz_loadu_ps(m0, b);
        __m512 b1 = halves == 2 ? _mm512_maskz_loadu_ps(m1, b + 16) : b0;
#pragma GCC unroll 14
        for (int r = 0; r < rows; r++) {
            __m512 ar = _mm512_set1_ps(a[r]);
            lo[r] = _mm512_fmadd_ps(ar, b0, lo[r]);
            if (halves == 2)
                hi[r] = _mm512_fmadd_ps(ar, b1, hi[r]);
        }
        a += a_step;
        b += b_step;
    }
#pragma GCC unroll 14
    for (int r = 0; r < rows; r++) {
        float *cr = c + r * ldc;
        if (accumulate) {
            lo[r] = _mm512_add_ps(lo[r], _mm512_maskz_loadu_ps(m0, cr));
            if (halves == 2)
                hi[r] = _mm512_add_ps(hi[r], _mm512_maskz_loadu_ps(m1, cr + 16));
        }
        _mm512_mask_storeu_ps(cr, m0, lo[r]);
        if (halves == 2)
            _mm512_mask_storeu_ps(cr + 16, m1, hi[r]);
    }
}

/* Lanes 0..n-1 set, n in 0..16. */
INLINE __mmask16 first_lanes(int n)
{
    return n >= 16 ? (__mmask16)0xFFFF : n <= 0 ? (__mmask16)0 : (__mmask16)((1u << n) - 1);
}

#define TILE_CASE(R)                                                        \
    case R:                                                                 \
        if (halves == 2)                                                    \
            tile(R, 2, kc, a, a_step, b, b_step, c, ldc, m0, m1, accumulate);               \
        else                                                                \
            tile(R, 1, kc, a, a_step, b, b_step, c, ldc, m0, m1, accumulate);               \
        break;

static AVX512 void micro_14x32(int kc, const float *a, long a_step, const float *b, long b_step,
                               float *c, long ldc, int rows, int cols, int accumulate)
{
    __mmask16 m0 = first_lanes(cols), m1 = first_lanes(cols - 16);
    int halves = cols > 16 ? 2 : 1;
    switch (rows) {
        TILE_CASE(14) TILE_CASE(13) TILE_CASE(12) TILE_CASE(11) TILE_CASE(10)
        TILE_CASE(9) TILE_CASE(8) TILE_CASE(7) TILE_CASE(6) TILE_CASE(5)
        TILE_CASE(4) TILE_CASE(3) TILE_CASE(2) TILE_CASE(1)
    default:
        break;
    }
}

/* In place: r[i][j] becomes r[j][i]. Four rounds of shuffles, each pairing registers at a wider
 * stride: 32-bit elements, 64-bit pairs, then 128-bit lanes twice. */
INLINE AVX512 void transpose_16x16(__m512 r[16])
{
    __m512 t[16];
    for (int i = 0; i < 16; i += 2) {
        t[i] = _mm512_unpacklo_ps(r[i], r[i + 1]);
        t[i + 1] = _mm512_unpackhi_ps(r[i], r[i + 1]);
    }
    /* t[2i], t[2i+1]: within each 128-bit lane, rows 2i and 2i+1 interleaved. */
    for (int q = 0; q < 16; q += 4) {
        __m512d t0 = _mm512_castps_pd(t[q]), t1 = _mm512_castps_pd(t[q + 1]);
        __m512d t2 = _mm512_castps_pd(t[q + 2]), t3 = _mm512_castps_pd(t[q + 3]);
        r[q] = _mm512_castpd_ps(_mm512_unpacklo_pd(t0, t2));
        r[q + 1] = _mm512_castpd_ps(_mm512_unpackhi_pd(t0, t2));
        r[q + 2] = _mm512_castpd_ps(_mm512_unpacklo_pd(t1, t3));
        r[q + 3] = _mm512_castpd_ps(_mm512_unpackhi_pd(t1, t3));
    }
    /* r[4q+c], lane L: column 4L+c of rows 4q..4q+3. Gather the four row groups of each column. */
    for (int col = 0; col < 4; col++) {
        __m512 v = _mm512_shuffle_f32x4(r[col], r[4 + col], 0x44);
        __m512 w = _mm512_shuffle_f32x4(r[col], r[4 + col], 0xEE);
        __m512 x = _mm512_shuffle_f32x4(r[8 + col], r[12 + col], 0x44);
        __m512 y = _mm512_shuffle_f32x4(r[8 + col], r[12 + col], 0xEE);
        t[col] = _mm512_shuffle_f32x4(v, x, 0x88);
        t[4 + col] = _mm512_shuffle_f32x4(v, x, 0xDD);
        t[8 + col] = _mm512_shuffle_f32x4(w, y, 0x88);
        t[12 + col] = _mm512_shuffle_f32x4(w, y, 0xDD);
    }
    for (int i = 0; i < 16; i++)
        r[i] = t[i];
}

/* One 16x16 block of a k-contiguous source, transposed: lines l0..l0+15 (of `lines`), steps
 * k0..k0+kn-1, stored at dst (kn, width) from column c0. Masked at every edge: the rows past the
 * last line load as zeros, the columns past width are not stored. */
INLINE AVX512 void pack_block_transposed(float *dst, int width, int c0, const float *src, long ld,
                                         int l0, int lines, int k0, int kn)
{
    __m512 r[16];
    __mmask16 kmask = first_lanes(kn);
    for (int i = 0; i < 16; i++)
        r[i] = l0 + i < lines ? _mm512_maskz_loadu_ps(kmask, src + (l0 + i) * ld + k0)
                              : _mm512_setzero_ps();
    transpose_16x16(r);
    __mmask16 wmask = first_lanes(width - c0);
    for (int j = 0; j < kn; j++)
        _mm512_mask_storeu_ps(dst + (long)(k0 + j) * width + c0, wmask, r[j]);
}

static AVX512 void pack_avx512(float *dst, int width, const float *src, long ld, int lines, int kc,
                               int k_contiguous)
{
    long panel = (long)kc * width;
    if (k_contiguous) {
        /* Panel by panel, 16 lines by 16 steps of k at a time. */
        for (int l0 = 0; l0 < lines; l0 += width, dst += panel)
            for (int k0 = 0; k0 < kc; k0 += 16)
                for (int c0 = 0; c0 < width; c0 += 16)
                    pack_block_transposed(dst, width, c0, src, ld, l0 + c0, lines, k0,
                                          kc - k0 < 16 ? kc - k0 : 16);
        return;
    }
    /* Already k-major. Going through k in the outer loop reads each source row from start to
     * end, which the hardware prefetcher follows, while the writes go to one place per panel. */
    for (int k = 0; k < kc; k++) {
        const float *row = src + k * ld;
        float *out = dst + (long)k * width;
        for (int l0 = 0; l0 < lines; l0 += width, out += panel)
            for (int c0 = 0; c0 < width; c0 += 16) {
                __m512 v = _mm512_maskz_loadu_ps(first_lanes(lines - l0 - c0), row + l0 + c0);
                _mm512_mask_storeu_ps(out + c0, first_lanes(width - c0), v);
            }
    }
}

/* Cache blocks, measured on Zen 5 (48 KB L1 data, 1 MB L2): a (384, 32) panel of B, 48 KB, is
 * reused from L1 by every row tile; the (168, 384) block of A, 252 KB, stays in L2; the (384, 2048)
 * block of B, 3 MB, in L3. kc = 384 beat 256 by 3-6% for K >= 1024: fewer passes over C. */
static const nn_gemm_kernel avx512_kernel = {
    .name = "avx512 14x32",
    .mr = MR, .nr = NR,
    .mc = 14 * 12, .kc = 384, .nc = 32 * 64,
    .micro = micro_14x32,
    .reads_in_bounds = 1,
    .pack = pack_avx512,
    .adam = nn_adam_avx512,
};

const nn_gemm_kernel *nn_gemm_kernel_avx512(void)
{
    __builtin_cpu_init();
    if (!__builtin_cpu_supports("avx512f") || !__builtin_cpu_supports("fma"))
        return NULL;
    return &avx512_kernel;
}

#else

const nn_gemm_kernel *nn_gemm_kernel_avx512(void)
{
    return NULL;
}

#endif
