/* gemm_kernels.h — what the blocked sgemm driver (gemm.c) needs from one instruction set.
 * Internal to engine/cpu.
 *
 * The driver cuts C into (mr, nr) tiles. For each tile, the micro-kernel walks kc steps of the
 * shared dimension over two packed panels:
 *   a: (kc, mr) — for each k, the mr values of op(A) in the tile's rows;
 *   b: (kc, nr) — for each k, the nr values of op(B) in the tile's columns.
 * Both panels are contiguous and zero-filled past the matrix edge, so one kernel serves the four
 * transpose variants: transposing is the packing's job.
 */
#ifndef NEURONE_GEMM_KERNELS_H
#define NEURONE_GEMM_KERNELS_H

/* c (rows, cols) = (accumulate ? c : 0) + a · b, with rows <= mr and cols <= nr; c has row stride
 * ldc. When accumulate is 0, c is never read. Step k of a is at a + k*a_step (a packed panel:
 * a_step = mr), step k of b at b + k*b_step (packed: b_step = nr). */
typedef void (*nn_gemm_micro_fn)(int kc, const float *a, long a_step, const float *b, long b_step,
                                 float *c, long ldc, int rows, int cols, int accumulate);

/* Packs a block of `lines` lines, kc long, into ceil(lines / width) consecutive panels, each
 * (kc, width): panel p holds lines p*width .. p*width + width-1, zero-filled past `lines`. Element k
 * of line l is read from
 *   src[l * ld + k]  when k_contiguous (a line of the panel is a row of the stored matrix),
 *   src[k * ld + l]  otherwise.
 * A: line = row of op(A), k_contiguous = !trans_a.  B: line = column of op(B), k_contiguous = trans_b.
 * dst is 64-byte aligned. */
typedef void (*nn_gemm_pack_fn)(float *dst, int width, const float *src, long ld, int lines, int kc,
                                int k_contiguous);

/* One Adam step's constants, as Keras computes them: α = lr·√(1-β2^t)/(1-β1^t) folds the bias
 * corrections in; the others are 1-β1, 1-β2 and ε as floats. */
typedef struct nn_adam_step {
    float alpha, one_minus_b1, one_minus_b2, epsilon;
} nn_adam_step;

/* Adam on a block of parameters, `rows` rows of `cols`, each row `ld` floats after the one before
 * (a column stripe of a weight matrix, or with rows = 1 any stretch of them):
 *   m += (g - m)·(1-β1); v += (g² - v)·(1-β2); param -= α·m / (√v + ε).
 * param, grad, m and v share the layout; m and v are the optimizer's two state slots. Every version
 * gives the same bits. */
typedef void (*nn_adam_fn)(float *param, const float *grad, float *m, float *v, long rows,
                           long cols, long ld, const nn_adam_step *s);

typedef struct nn_gemm_kernel {
    const char *name;
    int mr, nr;          /* the register block */
    /* Cache blocks: an (mc, kc) block of A, a (kc, nc) block of B. mc is a multiple of mr, nc of
     * nr, kc of 16 (the driver evens the blocks out and rounds them up to those). */
    int mc, kc, nc;
    /* The kernel reads no more than `rows` values of a per step, and no b value past `cols`: it
     * can then read a k-strided operand where it lies, unpacked, without running off its end. */
    int reads_in_bounds;
    nn_gemm_micro_fn micro;
    nn_gemm_pack_fn pack;
    /* The optimizer's hot loop in the same instruction set: the tests that select a kernel then
     * exercise it too. */
    nn_adam_fn adam;
} nn_gemm_kernel;

/* The portable packing (gemm.c), for kernels without one of their own. */
void nn_gemm_pack_c(float *dst, int width, const float *src, long ld, int lines, int kc,
                    int k_contiguous);

/* The plain loop (optimizers.c), and the vector versions (adam_simd.c) on x86-64. */
void nn_adam_ref(float *param, const float *grad, float *m, float *v, long rows, long cols,
                 long ld, const nn_adam_step *s);
void nn_adam_avx512(float *param, const float *grad, float *m, float *v, long rows, long cols,
                    long ld, const nn_adam_step *s);
void nn_adam_avx2(float *param, const float *grad, float *m, float *v, long rows, long cols,
                  long ld, const nn_adam_step *s);

/* The kernel nn_sgemm uses now (chosen on first use when none was selected). */
const nn_gemm_kernel *nn_gemm_current(void);

/* Makes nn_sgemm use kernel "avx512", "avx2" or "c", or with NULL the best this machine runs.
 * Returns the kernel, or NULL (changing nothing) when the machine lacks it. For tests and
 * benchmarks; not meant to be called while products run on other threads. */
const nn_gemm_kernel *nn_gemm_select(const char *name);

/* Each returns NULL when the machine (or the compiler) lacks the instructions. */
const nn_gemm_kernel *nn_gemm_kernel_avx512(void);
const nn_gemm_kernel *nn_gemm_kernel_avx2(void);

#endif
