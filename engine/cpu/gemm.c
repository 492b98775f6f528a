/* gemm.c — the CPU engine's matrix product: the reference loop, and the blocked driver that the
 * training step runs.
 *
 * The fast path follows the Goto/BLIS layout. C is cut into (nc) column blocks; the shared
 * dimension into (kc) slices; for each slice a (kc, nc) block of op(B) and then each (mc, kc)
 * block of op(A) are copied ("packed") into contiguous panels in the order the micro-kernel reads
 * them, so that its loads are sequential, aligned and come from cache. The micro-kernel computes
 * one small (mr, nr) tile of C in registers. Packing also absorbs the transposes, so one kernel
 * serves C = A·B, A·Bᵀ, Aᵀ·B and Aᵀ·Bᵀ alike.
 *
 * Even the smallest products take this path: with operands that need no transposing read in
 * place, it beats a plain loop from 10x8x2 up. Products big enough to repay waking the worker
 * pool are split into one column (or row) range of C per thread.
 */
#include "gemm.h"
#include "gemm_kernels.h"
#include "../util/pool.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/* Below this many multiply-adds, one thread is faster than two: sharing costs a few microseconds. */
#define PARALLEL_MACS (1L << 19)
/* Operands whose panels would serve at most this many tiles are read in place, not packed. */
#ifndef DIRECT_REUSE
#define DIRECT_REUSE 8
#endif
/* Multiply-adds that packing one float costs about as much time as; for choosing a split. */
#define PACK_MACS 16.0

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
            C[(long)i * ldc + j] = beta != 0.0f ? beta * C[(long)i * ldc + j] + s : s;
        }
}

/* ---- the portable kernel: plain C, for machines without AVX ------------------------------------ */

enum { C_MR = 4, C_NR = 16 };

static void micro_c(int kc, const float *a, long a_step, const float *b, long b_step, float *c,
                    long ldc, int rows, int cols, int accumulate)
{
    float acc[C_MR][C_NR] = {{0}}; /* (mr, nr): the tile, kept whole so the compiler vectorises j */
    for (int k = 0; k < kc; k++, a += a_step, b += b_step)
        for (int r = 0; r < C_MR; r++)
            for (int j = 0; j < C_NR; j++)
                acc[r][j] += a[r] * b[j];
    for (int r = 0; r < rows; r++)
        for (int j = 0; j < cols; j++)
            c[r * ldc + j] = accumulate ? c[r * ldc + j] + acc[r][j] : acc[r][j];
}

void nn_gemm_pack_c(float *dst, int width, const float *src, long ld, int lines, int kc,
                    int k_contiguous)
{
    for (int l0 = 0; l0 < lines; l0 += width, dst += (long)kc * width) {
        int n = lines - l0 < width ? lines - l0 : width;
        if (k_contiguous) {
            /* Read along the source rows, write with stride width. */
            for (int l = 0; l < n; l++)
                for (int k = 0; k < kc; k++)
                    dst[(long)k * width + l] = src[(l0 + l) * ld + k];
        } else {
            for (int k = 0; k < kc; k++)
                memcpy(dst + (long)k * width, src + k * ld + l0, (size_t)n * sizeof(float));
        }
        for (int k = 0; k < kc; k++)
            for (int l = n; l < width; l++)
                dst[(long)k * width + l] = 0.0f;
    }
}

static const nn_gemm_kernel c_kernel = {
    .name = "c 4x16",
    .mr = C_MR, .nr = C_NR,
    .mc = 64, .kc = 256, .nc = 1024,
    .micro = micro_c,
    .pack = nn_gemm_pack_c,
    .adam = nn_adam_ref,
};

/* ---- choosing the kernel --------------------------------------------------------------------- */

static _Atomic(const nn_gemm_kernel *) chosen;

const nn_gemm_kernel *nn_gemm_select(const char *name)
{
    const nn_gemm_kernel *k = NULL;
    if (name == NULL) {
        k = nn_gemm_kernel_avx512();
        if (k == NULL)
            k = nn_gemm_kernel_avx2();
        if (k == NULL)
            k = &c_kernel;
    } else if (strcmp(name, "avx512") == 0) {
        k = nn_gemm_kernel_avx512();
    } else if (strcmp(name, "avx2") == 0) {
        k = nn_gemm_kernel_avx2();
    } else if (strcmp(name, "c") == 0) {
        k = &c_kernel;
    }
    if (k != NULL)
        atomic_store(&chosen, k);
    return k;
}

/* The first product picks the kernel: the one that $NEURONE_CPU_KERNEL names ("avx512", "avx2"
 * or "c"; the test suite runs the engine's tests again with the narrower ones, so that a machine
 * with AVX-512 checks the fallbacks too), else the best the machine runs. */
const nn_gemm_kernel *nn_gemm_current(void)
{
    const nn_gemm_kernel *k = atomic_load(&chosen);
    if (k != NULL)
        return k;
    const char *env = getenv("NEURONE_CPU_KERNEL");
    if (env != NULL && *env != '\0' && (k = nn_gemm_select(env)) != NULL)
        return k;
    return nn_gemm_select(NULL);
}

/* ---- packing buffers: one per thread, kept between calls --------------------------------------- */

/* A training step calls nn_sgemm several times per batch with the same sizes; allocating the
 * panels each time would cost page faults on every call. Each thread keeps its buffer; the key's
 * destructor frees it when the thread exits, and while the thread lives the buffer stays
 * reachable from it. */
static _Thread_local float *pack_buf;
static _Thread_local size_t pack_cap; /* floats */
static pthread_key_t pack_key;
static pthread_once_t pack_once = PTHREAD_ONCE_INIT;

static void make_pack_key(void)
{
    pthread_key_create(&pack_key, free);
}

static float *pack_buffer(size_t floats)
{
    if (floats <= pack_cap)
        return pack_buf;
    pthread_once(&pack_once, make_pack_key);
    free(pack_buf);
    size_t bytes = (floats * sizeof(float) + 63) / 64 * 64;
    pack_buf = aligned_alloc(64, bytes);
    pack_cap = pack_buf ? floats : 0;
    pthread_setspecific(pack_key, pack_buf);
    return pack_buf;
}

/* ---- the blocked product ------------------------------------------------------------------------ */

static size_t pack_floats(const nn_gemm_kernel *kern)
{
    /* The B panels start on a 64-byte boundary, so that no vector load straddles two lines. */
    size_t a_floats = ((size_t)kern->mc * kern->kc + 15) / 16 * 16;
    return a_floats + (size_t)kern->kc * kern->nc;
}

/* An operand stored k-strided (B as is, A transposed) can be read in place. That saves the copy,
 * which matters when each panel would be used only a few times: A's by few column tiles (N
 * columns), B's by few row tiles (M rows). Bigger products pack, for cache and TLB locality. */
static int reads_a_in_place(const nn_gemm_kernel *kern, int ta, int N)
{
    return kern->reads_in_bounds && ta && (N + kern->nr - 1) / kern->nr <= DIRECT_REUSE;
}

static int reads_b_in_place(const nn_gemm_kernel *kern, int tb, int M)
{
    return kern->reads_in_bounds && !tb && (M + kern->mr - 1) / kern->mr <= DIRECT_REUSE;
}

/* The block size for n items in blocks of at most `block`, evened out and rounded up to a multiple
 * of `unit`: K = 784 in slices of 256 would leave a last slice of 16, too short to amortise its
 * loads and stores of C; four slices of 208, 208, 208 and 160 do better. */
static int even_block(int n, int block, int unit)
{
    int count = (n + block - 1) / block;
    int size = (n + count - 1) / count;
    return (size + unit - 1) / unit * unit;
}

/* One product, cut into one range of C's columns (split_n) or rows per task. */
typedef struct gemm_job {
    const nn_gemm_kernel *kern;
    int ta, tb, M, N, K;
    const float *A, *B;
    long lda, ldb, ldc;
    float *C;
    int accumulate;
    int split_n; /* tasks own columns [t*step, (t+1)*step) when 1, rows when 0 */
    int step;
    const nn_gemm_opts *opts; /* NULL: none */
} gemm_job;

/* Hands C's block (rows, cols from r0, c0 of the whole product) to the caller's opts->then. */
static void call_then(const nn_gemm_opts *opts, int r0, int rows, int c0, int cols)
{
    if (opts != NULL && opts->then != NULL)
        opts->then(opts->ctx, r0, rows, c0, cols);
}

/* The product of the block of op(A)'s rows from r_base and op(B)'s columns from c_base (A, B and C
 * point at the block). Each (mc, nc) block of C is handed to call_then as soon as its last slice
 * of K is in, while it is still in the cache. */
static void gemm_blocked(const gemm_job *g, float *buf, int M, int N, const float *A,
                         const float *B, float *C, int r_base, int c_base)
{
    const nn_gemm_kernel *kern = g->kern;
    int ta = g->ta, tb = g->tb, K = g->K, accumulate = g->accumulate;
    long lda = g->lda, ldb = g->ldb, ldc = g->ldc;
    int mr = kern->mr, nr = kern->nr;
    int MC = even_block(M, kern->mc, mr), KC = even_block(K, kern->kc, 16);
    int NC = even_block(N, kern->nc, nr);
    int direct_a = reads_a_in_place(kern, ta, N), direct_b = reads_b_in_place(kern, tb, M);
    float *apack = buf;                                                /* (mc / mr) x (kc, mr) */
    float *bpack = buf + ((size_t)kern->mc * kern->kc + 15) / 16 * 16; /* (nc / nr) x (kc, nr) */
    for (int jc = 0; jc < N; jc += NC) {
        int nc = N - jc < NC ? N - jc : NC;
        for (int pc = 0; pc < K; pc += KC) {
            int kc = K - pc < KC ? K - pc : KC;
            const float *b = tb ? B + (long)jc * ldb + pc : B + (long)pc * ldb + jc; /* block start */
            if (!direct_b)
                kern->pack(bpack, nr, b, ldb, nc, kc, tb);
            for (int ic = 0; ic < M; ic += MC) {
                int mc = M - ic < MC ? M - ic : MC;
                const float *a = ta ? A + (long)pc * lda + ic : A + (long)ic * lda + pc;
                if (!direct_a)
                    kern->pack(apack, mr, a, lda, mc, kc, !ta);
                /* The B panel (kc, nr) stays in L1 while the A panels stream past it from L2. */
                for (int jr = 0; jr < nc; jr += nr) {
                    const float *bp = direct_b ? b + jr : bpack + (long)jr * kc;
                    for (int ir = 0; ir < mc; ir += mr)
                        kern->micro(kc, direct_a ? a + ir : apack + (long)ir * kc,
                                    direct_a ? lda : mr, bp, direct_b ? ldb : nr,
                                    C + (long)(ic + ir) * ldc + jc + jr, ldc,
                                    mc - ir < mr ? mc - ir : mr, nc - jr < nr ? nc - jr : nr,
                                    accumulate || pc > 0);
                }
                if (pc + kc >= K)
                    call_then(g->opts, r_base + ic, mc, c_base + jc, nc);
            }
        }
    }
}

static void gemm_run(const gemm_job *g, int M, int N, const float *A, const float *B, float *C,
                     int r_base, int c_base)
{
    float *buf = pack_buffer(pack_floats(g->kern));
    if (buf == NULL) { /* out of memory: slower, but still the right answer */
        nn_sgemm_ref(g->ta, g->tb, M, N, g->K, A, (int)g->lda, B, (int)g->ldb,
                     g->accumulate ? 1.0f : 0.0f, C, (int)g->ldc);
        call_then(g->opts, r_base, M, c_base, N);
    } else {
        gemm_blocked(g, buf, M, N, A, B, C, r_base, c_base);
    }
}

static void gemm_task(void *ctx, int t)
{
    const gemm_job *g = ctx;
    int lo = t * g->step;
    if (g->split_n) {
        int n = g->N - lo < g->step ? g->N - lo : g->step;
        const float *b = g->tb ? g->B + (long)lo * g->ldb : g->B + lo;
        gemm_run(g, g->M, n, g->A, b, g->C + lo, 0, lo);
    } else {
        int m = g->M - lo < g->step ? g->M - lo : g->step;
        const float *a = g->ta ? g->A + lo : g->A + (long)lo * g->lda;
        gemm_run(g, m, g->N, a, g->B, g->C + (long)lo * g->ldc, lo, 0);
    }
}

/* What one task of a split costs, in multiply-adds: its share of the product, plus the floats it
 * packs, each worth about PACK_MACS multiply-adds (a packed float costs 0.1-0.2 ns, a
 * multiply-add in the kernel about 0.01 ns). Its columns are counted in whole vectors of 16. */
static double task_cost(const gemm_job *g, int rows, int cols)
{
    const nn_gemm_kernel *kern = g->kern;
    double packed = 0.0;
    if (!reads_a_in_place(kern, g->ta, cols))
        packed += (double)rows * g->K * ((cols + kern->nc - 1) / kern->nc); /* once per column block */
    if (!reads_b_in_place(kern, g->tb, rows))
        packed += (double)cols * g->K;
    return (double)rows * ((cols + 15) / 16 * 16) * g->K + PACK_MACS * packed;
}

/* Cuts C into one range of columns or of rows per thread, whichever costs the busiest task less:
 * every task packs its own panels, so a column split packs all of A once per task, a row split all
 * of B, unless they are read in place. Returns the number of tasks, 0 when the product stays on one
 * thread. */
static int plan_split(gemm_job *g, int threads)
{
    long macs = (long)g->M * g->N * g->K;
    if (threads < 2 || macs < PARALLEL_MACS)
        return 0;
    /* Columns in whole vectors of 16, rows in any count (a short row tile runs almost as fast per
     * row as a full one). */
    int col_step = ((g->N + threads - 1) / threads + 15) / 16 * 16;
    int row_step = (g->M + threads - 1) / threads;
    int by_cols = (g->N + col_step - 1) / col_step, by_rows = (g->M + row_step - 1) / row_step;
    double col_cost = by_cols > 1 ? task_cost(g, g->M, col_step) : HUGE_VAL;
    double row_cost = by_rows > 1 ? task_cost(g, row_step, g->N) : HUGE_VAL;
    if (col_cost == HUGE_VAL && row_cost == HUGE_VAL)
        return 0;
    g->split_n = col_cost <= row_cost;
    if (g->opts && g->opts->split_rows && row_cost != HUGE_VAL)
        g->split_n = 0;
    g->step = g->split_n ? col_step : row_step;
    return g->split_n ? by_cols : by_rows;
}

void nn_sgemm(int trans_a, int trans_b, int M, int N, int K,
              const float *A, int lda, const float *B, int ldb,
              float beta, float *C, int ldc)
{
    nn_sgemm_ex(NULL, trans_a, trans_b, M, N, K, A, lda, B, ldb, beta, C, ldc);
}

void nn_sgemm_ex(const nn_gemm_opts *opts, int trans_a, int trans_b, int M, int N, int K,
                 const float *A, int lda, const float *B, int ldb, float beta, float *C, int ldc)
{
    if (M <= 0 || N <= 0)
        return;
    if (beta != 0.0f && beta != 1.0f) /* not used by the engine, but cheap to honour */
        for (int i = 0; i < M; i++)
            for (int j = 0; j < N; j++)
                C[(long)i * ldc + j] *= beta;
    if (K <= 0) {
        if (beta == 0.0f)
            for (int i = 0; i < M; i++)
                memset(C + (long)i * ldc, 0, (size_t)N * sizeof(float));
        call_then(opts, 0, M, 0, N);
        return;
    }
    int accumulate = beta != 0.0f;
    gemm_job g = {
        .kern = nn_gemm_current(),
        .ta = trans_a, .tb = trans_b, .M = M, .N = N, .K = K,
        .A = A, .B = B, .lda = lda, .ldb = ldb, .ldc = ldc, .C = C,
        .accumulate = accumulate,
        .opts = opts,
    };
    int tasks = plan_split(&g, nn_pool_threads());
    if (tasks > 1) {
        nn_pool_run(tasks, gemm_task, &g);
    } else {
        gemm_run(&g, M, N, A, B, C, 0, 0);
    }
}
