/* test_update.c — the optimizer's vector kernels against the plain loop they replace, and the
 * update's split across threads.
 *
 * Adam's vector versions (AVX-512, AVX2) do the reference loop's operations in the same order, so
 * they must give the same bits, not merely close values: every float is compared with memcmp, the
 * floats around the updated stretch too. A training step must give the same bits whatever the
 * number of threads that share its update (and its products), and the same bits as the step
 * written out with the update after the backward pass, over whole arrays, since the engine fuses
 * it into each layer's weight gradient, block by block. Each check runs with every kernel the
 * machine has.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fpmode.h"
#include "gemm_kernels.h"
#include "nn.h"
#include "ops.h"
#include "pool.h"
#include "probe.h"

static float uniform(unsigned *state, float lo, float hi)
{
    *state = *state * 1664525u + 1013904223u;
    return lo + (hi - lo) * (float)(*state >> 8) / (float)(1u << 24);
}

static float *filled(long n, unsigned *state, float lo, float hi)
{
    float *v = calloc((size_t)n, sizeof(float)); /* calloc: never read uninitialised, says gcc */
    for (long i = 0; i < n; i++)
        v[i] = uniform(state, lo, hi);
    return v;
}

static float *copy_of(const float *src, long n)
{
    float *v = malloc((size_t)n * sizeof(float));
    memcpy(v, src, (size_t)n * sizeof(float));
    return v;
}

/* The index of the first float that differs in bits, or -1. */
static long first_difference(const float *a, const float *b, long n)
{
    for (long i = 0; i < n; i++)
        if (memcmp(&a[i], &b[i], sizeof(float)) != 0)
            return i;
    return -1;
}

static const nn_adam_step STEP = {
    .alpha = 1e-3f * 0.0447101778f / 0.1f, /* iteration 1 of Keras's defaults, about */
    .one_minus_b1 = 1.0f - 0.9f,
    .one_minus_b2 = 1.0f - 0.999f,
    .epsilon = 1e-7f,
};

/* n parameters, some of whose gradients are zero, at an offset that leaves them unaligned. */
static void check_adam(const nn_gemm_kernel *k, long n, long offset)
{
    long total = n + offset;
    unsigned s = (unsigned)(n * 131 + offset);
    float *p = filled(total, &s, -1.0f, 1.0f), *g = filled(total, &s, -0.1f, 0.1f);
    float *m = filled(total, &s, -0.01f, 0.01f), *v = filled(total, &s, 0.0f, 1e-3f);
    for (long i = 0; i < total; i += 7)
        g[i] = 0.0f;
    float *p2 = copy_of(p, total), *m2 = copy_of(m, total), *v2 = copy_of(v, total);
    k->adam(p + offset, g + offset, m + offset, v + offset, 1, n, n, &STEP);
    nn_adam_ref(p2 + offset, g + offset, m2 + offset, v2 + offset, 1, n, n, &STEP);
    long dp = first_difference(p, p2, total), dm = first_difference(m, m2, total);
    long dv = first_difference(v, v2, total);
    CHECK(dp < 0 && dm < 0 && dv < 0,
          "%s adam, %ld parameters from %ld: expected the reference's bits; param differs at %ld, "
          "m at %ld, v at %ld", k->name, n, offset, dp, dm, dv);
    free(p), free(g), free(m), free(v), free(p2), free(m2), free(v2);
}

/* A block of rows x cols inside a (rows + 2, ld) matrix, from column c0: what is outside it must
 * keep its bits. */
static void check_adam_block(const nn_gemm_kernel *k, long rows, long cols, long ld, long c0)
{
    long total = (rows + 2) * ld, at = ld + c0;
    unsigned s = (unsigned)(rows * 31 + cols * 7 + c0);
    float *p = filled(total, &s, -1.0f, 1.0f), *g = filled(total, &s, -0.1f, 0.1f);
    float *m = filled(total, &s, -0.01f, 0.01f), *v = filled(total, &s, 0.0f, 1e-3f);
    float *p2 = copy_of(p, total), *m2 = copy_of(m, total), *v2 = copy_of(v, total);
    k->adam(p + at, g + at, m + at, v + at, rows, cols, ld, &STEP);
    for (long r = 0; r < rows; r++) /* the reference, a row at a time */
        nn_adam_ref(p2 + at + r * ld, g + at + r * ld, m2 + at + r * ld, v2 + at + r * ld, 1, cols,
                    cols, &STEP);
    long dp = first_difference(p, p2, total), dm = first_difference(m, m2, total);
    long dv = first_difference(v, v2, total);
    CHECK(dp < 0 && dm < 0 && dv < 0,
          "%s adam, block %ld x %ld from column %ld of %ld: expected the reference's bits; param "
          "differs at %ld, m at %ld, v at %ld", k->name, rows, cols, c0, ld, dp, dm, dv);
    free(p), free(g), free(m), free(v), free(p2), free(m2), free(v2);
}

static void test_adam_kernel(const nn_gemm_kernel *k)
{
    static const long sizes[] = {1, 7, 8, 9, 15, 16, 17, 31, 32, 33, 100, 1000};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        check_adam(k, sizes[i], 0);
        check_adam(k, sizes[i], 3);
    }
    check_adam_block(k, 5, 64, 128, 64);
    check_adam_block(k, 3, 17, 40, 5);
    check_adam_block(k, 7, 1, 9, 8);
}

/* ---- the update inside a training step ------------------------------------------------------- */

enum { IN = 300, UNITS = 64, CLASSES = 10, BATCH = 32, STEPS = 3 };

/* Three steps of adam on a model big enough (19,914 parameters) for the update to be split
 * across the threads; its parameters after them into params (n_params floats). */
static int train_three_steps(float *params, long n_params)
{
    unsigned s = 99u;
    float *x = filled((long)BATCH * IN, &s, -1.0f, 1.0f), y[BATCH];
    for (int i = 0; i < BATCH; i++)
        y[i] = (float)(i % CLASSES);
    nn_model *m = nn_sequential();
    int rc = m == NULL || nn_set_seed(m, 5) != 0 || nn_add_dense(m, UNITS, "relu", IN) != 0 ||
             nn_add_dense(m, CLASSES, "softmax", 0) != 0 ||
             nn_compile(m, "adam", "sparse_categorical_crossentropy", NULL) != 0;
    for (int step = 0; step < STEPS && !rc; step++)
        rc = nn_train_on_batch(m, x, y, BATCH, NULL, NULL) != 0;
    rc = rc || nn_count_params(m) != n_params;
    float *p = params;
    for (int l = 0; l < 2 && !rc; l++) {
        int in = l == 0 ? IN : UNITS, out = l == 0 ? UNITS : CLASSES;
        rc = nn_get_weights(m, l, p, p + (long)in * out) != 0;
        p += (long)in * out + out;
    }
    nn_free(m);
    free(x);
    return rc ? -1 : 0;
}

/* The update's split across threads must not change a bit of the result. */
static void test_training_threads(const nn_gemm_kernel *k)
{
    long n = (long)IN * UNITS + UNITS + (long)UNITS * CLASSES + CLASSES;
    float *one = malloc((size_t)n * sizeof(float)), *many = malloc((size_t)n * sizeof(float));
    nn_pool_set_threads(1);
    int ok = train_three_steps(one, n) == 0;
    CHECK(ok, "%s: training 3 steps on 1 thread: %s", k->name, nn_error());
    for (int threads = 2; threads <= 3 && ok; threads++) {
        nn_pool_set_threads(threads);
        if (train_three_steps(many, n) != 0) {
            CHECK(0, "%s: training 3 steps on %d threads: %s", k->name, threads, nn_error());
            continue;
        }
        long d = first_difference(one, many, n);
        CHECK(d < 0, "%s: 3 adam steps on %d threads: expected the bits of 1 thread; parameter %ld "
              "differs (%.9g against %.9g)", k->name, threads, d, d < 0 ? 0.0 : (double)many[d],
              d < 0 ? 0.0 : (double)one[d]);
    }
    nn_pool_set_threads(0);
    free(one);
    free(many);
}

/* ---- the update fused into the backward pass ------------------------------------------------ */

/* One step of a (IN, UNITS relu, CLASSES softmax) model with an L2 penalty on the first kernel,
 * written out with the unfused pieces: the backward products, then the penalty's gradient and the
 * optimizer over the whole parameter array (p: kernel 1, bias 1, kernel 2, bias 2). */
static void reference_step(int opt, const nn_hparams *hp, float l2, float *p, float *s0, float *s1,
                           long n, const float *x, const float *y)
{
    long n1 = (long)IN * UNITS, n2 = (long)UNITS * CLASSES;
    float *w1 = p, *b1 = p + n1, *w2 = b1 + UNITS, *b2 = w2 + n2;
    float *g = calloc((size_t)n, sizeof(float));
    static float z1[BATCH * UNITS], a1[BATCH * UNITS], dh[BATCH * UNITS];
    static float z2[BATCH * CLASSES], a2[BATCH * CLASSES], d2[BATCH * CLASSES];
    dense_forward(z1, x, w1, b1, BATCH, IN, UNITS);
    act_forward(ACT_RELU, a1, z1, BATCH, UNITS);
    dense_forward(z2, a1, w2, b2, BATCH, UNITS, CLASSES);
    act_forward(ACT_SOFTMAX, a2, z2, BATCH, CLASSES);
    loss_backward(LOSS_SPARSE_CCE, 0, ACT_SOFTMAX, d2, a2, z2, y, BATCH, CLASSES);
    dense_backward(dh, g + n1 + UNITS, g + n1 + UNITS + n2, d2, a1, w2, BATCH, UNITS, CLASSES, NULL);
    act_backward(ACT_RELU, dh, dh, z1, a1, BATCH, UNITS);
    dense_backward(NULL, g, g + n1, dh, x, w1, BATCH, IN, UNITS, NULL);
    for (long i = 0; i < n1; i++) /* as model_l2_gradient, with no l1 */
        g[i] += 2.0f * l2 * w1[i] + 0.0f;
    nn_opt_update(opt, hp, p, g, s0, s1, (size_t)n, 1);
    free(g);
}

static nn_model *fused_model(const char *opt, float l2)
{
    nn_model *m = nn_sequential();
    nn_dense_args d1 = {.units = UNITS, .activation = "relu", .input_dim = IN, .kernel_l2 = l2};
    if (m == NULL || nn_set_seed(m, 3) != 0 || nn_add_dense_args(m, &d1) != 0 ||
        nn_add_dense(m, CLASSES, "softmax", 0) != 0 ||
        nn_compile(m, opt, "sparse_categorical_crossentropy", NULL) != 0 ||
        (strcmp(opt, "sgd") == 0 && nn_set_optimizer_param(m, "momentum", 0.9) != 0)) {
        nn_free(m);
        return NULL;
    }
    return m;
}

/* The engine's step (update fused, on `threads` threads) against reference_step. */
static void check_fused(const nn_gemm_kernel *k, const char *opt_name, int opt, float l2, int threads)
{
    long n = (long)IN * UNITS + UNITS + (long)UNITS * CLASSES + CLASSES;
    unsigned s = 7u;
    float *x = filled((long)BATCH * IN, &s, -1.0f, 1.0f), y[BATCH];
    for (int i = 0; i < BATCH; i++)
        y[i] = (float)((i * 7) % CLASSES);
    float *want = calloc((size_t)n, sizeof(float)), *got = calloc((size_t)n, sizeof(float));
    float *s0 = calloc((size_t)n, sizeof(float)), *s1 = calloc((size_t)n, sizeof(float));
    nn_pool_set_threads(threads);
    nn_model *m = fused_model(opt_name, l2);
    unsigned mode = nn_fp_mode();
    int ok = m != NULL && nn_get_weights(m, 0, want, want + (long)IN * UNITS) == 0 &&
             nn_get_weights(m, 1, want + (long)IN * UNITS + UNITS, want + n - CLASSES) == 0 &&
             nn_train_on_batch(m, x, y, BATCH, NULL, NULL) == 0 &&
             nn_get_weights(m, 0, got, got + (long)IN * UNITS) == 0 &&
             nn_get_weights(m, 1, got + (long)IN * UNITS + UNITS, got + n - CLASSES) == 0;
    CHECK(ok, "%s: a fused %s step: %s", k->name, opt_name, nn_error());
    CHECK(nn_fp_mode() == mode, "%s: the step left the caller's floating-point mode changed (%#x, "
          "was %#x)", k->name, nn_fp_mode(), mode);
    if (ok) {
        nn_hparams hp = nn_opt_defaults(opt);
        hp.momentum = opt == OPT_SGD ? 0.9 : 0.0;
        reference_step(opt, &hp, l2, want, s0, s1, n, x, y);
        long d = first_difference(want, got, n);
        CHECK(d < 0, "%s: %s step (l2 %g, %d threads) fused into the backward pass: parameter %ld "
              "is %.9g, the step written out gives %.9g", k->name, opt_name, (double)l2, threads,
              d, d < 0 ? 0.0 : (double)got[d], d < 0 ? 0.0 : (double)want[d]);
    }
    nn_free(m);
    nn_pool_set_threads(0);
    free(x), free(want), free(got), free(s0), free(s1);
}

static void test_fused_update(const nn_gemm_kernel *k)
{
    for (int threads = 1; threads <= 2; threads++) {
        check_fused(k, "adam", OPT_ADAM, 0.0f, threads);
        check_fused(k, "adam", OPT_ADAM, 0.01f, threads);
        check_fused(k, "sgd", OPT_SGD, 0.01f, threads);
    }
}

/* ---- one thread or all: the probe's decisions on made-up step times ------------------------- */

/* Runs the probe over `steps` steps in which a step takes all_s on all threads and one_s on one;
 * returns the fraction of the steps after the first verdict, probes left out, that ran on one
 * thread, and counts in *probe_ones the steps that ran on one thread during probes. */
static double share_on_one(double all_s, double one_s, long steps, long *probe_ones)
{
    nn_thread_probe p = {0};
    long on_one = 0, counted = 0;
    *probe_ones = 0;
    for (long step = 0; step < steps; step++) {
        int cap = nn_probe_cap(&p), probing = p.step >= nn_probe_period(&p) - 2 * PROBE_STEPS;
        if (step >= PROBE_PERIOD && !probing) { /* after the first verdict */
            on_one += cap == 1;
            counted++;
        }
        *probe_ones += probing && cap == 1;
        /* the first step of each probe half is slow, as a switch is: it must not count */
        double t = cap == 1 ? one_s : all_s;
        int first = probing && (nn_probe_period(&p) - p.step) % PROBE_STEPS == 0;
        nn_probe_record(&p, first ? 100.0 * t : t);
    }
    return counted ? (double)on_one / (double)counted : -1.0;
}

static void test_thread_probe(void)
{
    long ones, steps = 20L * PROBE_PERIOD;
    /* a quiet machine: two threads 150 µs a step, one 190 µs: all threads, and fewer and fewer
     * probes (the period doubles up to PROBE_PERIOD_MAX) */
    double quiet = share_on_one(150e-6, 190e-6, steps, &ones);
    CHECK(quiet == 0.0, "quiet machine: expected every step on all threads, got %.2f on one", quiet);
    long most = (PROBE_STEPS - 0) * (1 + 1 + steps / PROBE_PERIOD_MAX + 3);
    CHECK(ones <= most, "quiet machine: %ld probe steps on one thread in %ld steps, expected at most "
          "%ld", ones, steps, most);
    /* a busy one: stalls make two threads 400 µs a step on average: one thread, always */
    double busy = share_on_one(400e-6, 190e-6, steps, &ones);
    CHECK(busy == 1.0, "busy machine: expected every step on one thread, got %.2f", busy);
    /* nearly even (one thread 5 % faster): not worth the other cores */
    double even = share_on_one(200e-6, 190e-6, steps, &ones);
    CHECK(even == 0.0, "one thread 5 %% faster: expected all threads, got %.2f on one", even);
    /* long steps (5 ms): never tried on one thread, even if it would be faster */
    double wide = share_on_one(5e-3, 1e-3, steps, &ones);
    CHECK(wide == 0.0 && ones == 0, "5 ms steps: expected no step on one thread, got %.2f and %ld "
          "probe steps", wide, ones);
    /* the first period trains on all threads until its probe: the first steps are cold */
    nn_thread_probe first = {0};
    int capped_early = 0;
    for (long step = 0; step < PROBE_PERIOD - 2 * PROBE_STEPS; step++) {
        capped_early |= nn_probe_cap(&first);
        nn_probe_record(&first, 1e-4);
    }
    CHECK(!capped_early, "expected the first period on all threads until its probe");
    /* the cap the engine sets for a step holds for this thread's jobs only, until removed */
    nn_pool_set_threads(2);
    nn_pool_set_local_cap(1);
    int capped = nn_pool_threads();
    nn_pool_set_local_cap(0);
    CHECK(capped == 1 && nn_pool_threads() == 2, "expected the local cap to give 1 thread, then 2; "
          "got %d, then %d", capped, nn_pool_threads());
    nn_pool_set_threads(0);
}

int main(void)
{
    test_thread_probe();
    static const char *const kernels[] = {"c", "avx2", "avx512"};
    for (size_t i = 0; i < sizeof kernels / sizeof kernels[0]; i++) {
        const nn_gemm_kernel *k = nn_gemm_select(kernels[i]);
        if (k == NULL) {
            printf("kernel %s: not available here, skipped\n", kernels[i]);
            continue;
        }
        int before = failures;
        test_adam_kernel(k);
        test_training_threads(k);
        test_fused_update(k);
        printf("kernel %s: %s\n", k->name, failures == before ? "ok" : "FAILED");
    }
    printf("%s: %d failure(s)\n", failures ? "FAILED" : "ok", failures);
    return failures != 0;
}
