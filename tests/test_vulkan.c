/* test_vulkan.c — the Vulkan engine against the CPU engine: every kernel against its CPU twin,
 * per element, on shapes that are not multiples of the tiles; whole training runs through the
 * public API, for every optimizer and loss, epoch by epoch; devices; every fault path; and a run
 * under the Khronos validation layer that must report nothing.
 *
 * Exits 77 (skipped) only when there is no Vulkan device at all. */
#include <ctype.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

#include "check.h"
#include "gemm.h"
#include "nn.h"
#include "ops.h"
#include "vk.h"

/* Per element: |got - want| <= 1e-4, or <= 1e-3 |want|. Prints the first few misses. */
static void check_close(const char *what, const float *got, const float *want, size_t n)
{
    int misses = 0;
    for (size_t i = 0; i < n; i++) {
        double g = got[i], w = want[i];
        if (fabs(g - w) <= 1e-4 || fabs(g - w) <= 1e-3 * fabs(w))
            continue;
        if (misses++ < 4)
            fprintf(stderr, "FAIL %s[%zu]: expected %.9g, got %.9g\n", what, i, w, g);
    }
    if (misses)
        failures++;
    if (misses > 4)
        fprintf(stderr, "FAIL %s: %d of %zu elements differ\n", what, misses, n);
}

static unsigned lcg = 12345u;

static float uniform(float lo, float hi)
{
    lcg = lcg * 1664525u + 1013904223u;
    return lo + (hi - lo) * (float)(lcg >> 8) / (float)(1u << 24);
}

static float *random_array(size_t n, float lo, float hi)
{
    float *a = malloc((n ? n : 1) * sizeof *a);
    for (size_t i = 0; i < n; i++)
        a[i] = uniform(lo, hi);
    return a;
}

/* ---- kernels, through the probe ---------------------------------------------------------------- */

static vk_probe *probe;

/* The activations that the kernels apply elementwise: every one in engine/kinds.h but softmax,
 * which works on rows, so that a new activation is checked against its CPU twin here by itself. */
#define N_ACTS (ACT_COUNT - 1)
static int elementwise_act(int i) { return i < ACT_SOFTMAX ? i : i + 1; }

typedef struct matmul_job { int kind; vk_matmul_push pc; } matmul_job;

static int record_matmul(vk_context *c, VkCommandBuffer cmd, VkDescriptorSet set, void *user)
{
    matmul_job *j = user;
    return vk_cmd_matmul(c, cmd, set, j->kind, &j->pc);
}

static int run(const vk_step *step, vk_probe_record record, void *user)
{
    int rc = vk_probe_run(probe, step, record, user, 1, NULL);
    CHECK(rc == 0, "the probe run failed: %s", nn_error());
    return rc;
}

/* z = x·W + b and a = f(z) (forward product), for `batch` of `cap` rows: the rows past the batch
 * must stay untouched. */
static void check_forward(int cap, int batch, int n_in, int n_out, int act)
{
    char what[96];
    float *x = random_array((size_t)cap * n_in, -1, 1), *w = random_array((size_t)n_in * n_out, -1, 1);
    float *b = random_array((size_t)n_out, -0.5f, 0.5f);
    size_t mn = (size_t)cap * n_out;
    float *za = malloc(2 * mn * sizeof *za), *z = malloc(mn * sizeof *z), *a = malloc(mn * sizeof *a);
    for (size_t i = 0; i < 2 * mn; i++)
        za[i] = 12345.0f; /* a sentinel: what the kernel must not write */
    vk_probe_set(probe, 1, x, (size_t)cap * n_in);
    vk_probe_set(probe, 2, w, (size_t)n_in * n_out);
    vk_probe_set(probe, 3, za, 2 * mn);
    vk_probe_set(probe, 4, b, (size_t)n_out);
    matmul_job j = { VK_NN, { .M = (uint32_t)cap, .N = (uint32_t)n_out, .K = (uint32_t)n_in,
                              .lda = (uint32_t)n_in, .ldb = (uint32_t)n_out, .ldc = (uint32_t)n_out,
                              .e_off = (uint32_t)mn, .act = (uint32_t)act,
                              .epilogue = VK_EPI_BIAS_ACT, .flags = VK_BATCH_M } };
    vk_step step = { .batch = (uint32_t)batch };
    if (run(&step, record_matmul, &j) == 0) {
        vk_probe_get(probe, 3, za, 2 * mn);
        dense_forward(z, x, w, b, batch, n_in, n_out);
        act_forward(act, a, z, batch, n_out);
        snprintf(what, sizeof what, "forward z (%d of %d, %d -> %d)", batch, cap, n_in, n_out);
        check_close(what, za, z, (size_t)batch * n_out);
        if (act != ACT_LINEAR) {
            snprintf(what, sizeof what, "forward %s(z) (%d of %d, %d -> %d)", nn_act_name(act),
                     batch, cap, n_in, n_out);
            check_close(what, za + mn, a, (size_t)batch * n_out);
        }
        int untouched = 1;
        for (size_t i = (size_t)batch * n_out; i < mn; i++)
            untouched &= za[i] == 12345.0f && (act == ACT_LINEAR || za[mn + i] == 12345.0f);
        CHECK(untouched, "forward: rows %d..%d are past the batch and must not be written", batch, cap - 1);
    }
    free(x);
    free(w);
    free(b);
    free(za);
    free(z);
    free(a);
}

static void test_matmul_forward(void)
{
    /* small shapes take the small tile, the large ones the large tile; none is a multiple of either */
    check_forward(7, 7, 5, 3, ACT_RELU);
    check_forward(40, 33, 29, 53, ACT_RELU);
    check_forward(130, 130, 200, 67, ACT_LINEAR);
    check_forward(300, 257, 70, 261, ACT_TANH);
    /* rows of a multiple of 4 floats: on a CPU device, matmul_cpu.comp reads and writes them four
     * at a time; the columns still end inside a tile */
    check_forward(40, 33, 64, 36, ACT_RELU);
    check_forward(130, 130, 200, 68, ACT_GELU);
    for (int i = 0; i < N_ACTS; i++)
        check_forward(37, 37, 19, 45, elementwise_act(i));
}

/* dx = (dy · Wᵀ) ⊙ f'(z, a) (input-gradient product) */
static void check_input_grad(int batch, int n_in, int n_out, int act)
{
    size_t mn = (size_t)batch * n_in;
    float *dy = random_array((size_t)batch * n_out, -1, 1), *w = random_array((size_t)n_in * n_out, -1, 1);
    float *za = random_array(2 * mn, -2, 2), *dx = malloc(mn * sizeof *dx), *want = malloc(mn * sizeof *want);
    act_forward(act, za + mn, za, batch, n_in); /* a = f(z), as the forward pass leaves them */
    vk_probe_set(probe, 1, dy, (size_t)batch * n_out);
    vk_probe_set(probe, 2, w, (size_t)n_in * n_out);
    vk_probe_set(probe, 3, NULL, mn);
    vk_probe_set(probe, 4, za, 2 * mn);
    matmul_job j = { VK_NT, { .M = (uint32_t)batch, .N = (uint32_t)n_in, .K = (uint32_t)n_out,
                              .lda = (uint32_t)n_out, .ldb = (uint32_t)n_out, .ldc = (uint32_t)n_in,
                              .e_off = (uint32_t)mn, .act = (uint32_t)act,
                              .epilogue = VK_EPI_ACT_GRAD, .flags = VK_BATCH_M } };
    vk_step step = { .batch = (uint32_t)batch };
    if (run(&step, record_matmul, &j) == 0) {
        vk_probe_get(probe, 3, dx, mn);
        nn_sgemm_ref(0, 1, batch, n_in, n_out, dy, n_out, w, n_out, 0.0f, want, n_in);
        act_backward(act, want, want, za, za + mn, batch, n_in);
        char what[96];
        snprintf(what, sizeof what, "input gradient dy.Wt * %s' (%d, %d <- %d)", nn_act_name(act),
                 batch, n_in, n_out);
        check_close(what, dx, want, mn);
    }
    free(dy);
    free(w);
    free(za);
    free(dx);
    free(want);
}

static void test_matmul_input_grad(void)
{
    check_input_grad(9, 6, 5, ACT_LINEAR);
    check_input_grad(300, 261, 70, ACT_RELU);
    check_input_grad(33, 36, 64, ACT_RELU); /* four floats at a time on a CPU device */
    check_input_grad(20, 12, 8, ACT_SIGMOID);
    for (int i = 0; i < N_ACTS; i++)
        check_input_grad(33, 47, 21, elementwise_act(i));
}

/* dW = xᵀ · dy and dbias = Σ_rows dy in one weight-gradient product: K is the batch, and op(A)'s
 * extra last row of ones gives the bias's row of C, as dense_backward computes them. */
static void check_weight_grad(int cap, int batch, int n_in, int n_out)
{
    size_t mn = (size_t)n_in * n_out;
    float *x = random_array((size_t)cap * n_in, -1, 1), *dy = random_array((size_t)cap * n_out, -1, 1);
    float *dwb = malloc((mn + n_out) * sizeof *dwb), *want = malloc((mn + n_out) * sizeof *want);
    vk_probe_set(probe, 1, x, (size_t)cap * n_in);
    vk_probe_set(probe, 2, dy, (size_t)cap * n_out);
    vk_probe_set(probe, 3, NULL, mn + n_out);
    vk_probe_set(probe, 4, NULL, 1);
    matmul_job j = { VK_TN, { .M = (uint32_t)n_in + 1, .N = (uint32_t)n_out, .K = (uint32_t)cap,
                              .lda = (uint32_t)n_in, .ldb = (uint32_t)n_out, .ldc = (uint32_t)n_out,
                              .epilogue = VK_EPI_STORE, .flags = VK_BATCH_K | VK_ONES_ROW } };
    vk_step step = { .batch = (uint32_t)batch };
    if (run(&step, record_matmul, &j) == 0) {
        vk_probe_get(probe, 3, dwb, mn + n_out);
        dense_backward(NULL, want, want + mn, dy, x, NULL, batch, n_in, n_out, NULL);
        char what[96];
        snprintf(what, sizeof what, "weight gradient xt.dy (%d, %d; batch %d of %d)", n_in, n_out, batch, cap);
        check_close(what, dwb, want, mn);
        snprintf(what, sizeof what, "bias gradient, its last row (%d; batch %d of %d)", n_out, batch, cap);
        check_close(what, dwb + mn, want + mn, (size_t)n_out);
    }
    free(x);
    free(dy);
    free(dwb);
    free(want);
}

static void test_matmul_weight_grad(void)
{
    check_weight_grad(10, 10, 2, 8);
    check_weight_grad(32, 23, 100, 64);
    check_weight_grad(16, 13, 8, 12); /* four floats at a time on a CPU device, one tile */
    check_weight_grad(77, 77, 261, 300);
}

typedef struct row_job { int kernel; uint32_t rows, cols, act, o0, o1, o2; } row_job;

static int record_rows(vk_context *c, VkCommandBuffer cmd, VkDescriptorSet set, void *user)
{
    row_job *j = user;
    switch (j->kernel) {
    case VK_SOFTMAX:
        vk_cmd_softmax(c, cmd, set, j->rows, j->cols, j->o0, j->o1);
        break;
    case VK_SOFTMAX_BACKWARD:
        vk_cmd_softmax_backward(c, cmd, set, j->rows, j->cols, j->o0, j->o1);
        break;
    case VK_ACT_BACKWARD:
        vk_cmd_act_backward(c, cmd, set, j->rows, j->cols, j->act, j->o0, j->o1, j->o2);
        break;
    }
    return 0;
}

static void test_softmax(void)
{
    int rows = 70, cols = 13;
    size_t n = (size_t)rows * cols;
    /* large logits too: without the max subtracted, exp() would overflow */
    float *za = random_array(3 * n, -5, 5), *want = malloc(2 * n * sizeof *want);
    for (size_t i = 0; i < n; i += 7)
        za[i] = 95.0f;
    vk_probe_set(probe, 1, za, 3 * n);
    for (int i = 2; i <= 4; i++)
        vk_probe_set(probe, i, NULL, 1);
    row_job j = { VK_SOFTMAX, (uint32_t)rows, (uint32_t)cols, 0, 0, (uint32_t)n, 0 };
    vk_step step = { .batch = (uint32_t)rows };
    float *got = malloc(3 * n * sizeof *got);
    if (run(&step, record_rows, &j) == 0) {
        vk_probe_get(probe, 1, got, 3 * n);
        act_forward(ACT_SOFTMAX, want, za, rows, cols);
        check_close("softmax rows", got + n, want, n);
    }
    /* backward, in place: d (at 2n) holds da and receives dz; a at n */
    memcpy(za + n, want, n * sizeof *za);
    vk_probe_set(probe, 1, za, 3 * n);
    j = (row_job){ VK_SOFTMAX_BACKWARD, (uint32_t)rows, (uint32_t)cols, 0, (uint32_t)(2 * n), (uint32_t)n, 0 };
    if (run(&step, record_rows, &j) == 0) {
        vk_probe_get(probe, 1, got, 3 * n);
        act_backward(ACT_SOFTMAX, want + n, za + 2 * n, NULL, za + n, rows, cols);
        check_close("softmax backward rows", got + 2 * n, want + n, n);
    }
    free(za);
    free(want);
    free(got);
}

static void test_act_backward(void)
{
    int rows = 29, cols = 37;
    size_t n = (size_t)rows * cols;
    for (int i = 0; i < N_ACTS; i++) {
        int act = elementwise_act(i);
        float *buf = random_array(3 * n, -3, 3), *want = malloc(n * sizeof *want), *got = malloc(3 * n * sizeof *got);
        act_forward(act, buf + 2 * n, buf + n, rows, cols); /* d at 0, z at n, a at 2n */
        vk_probe_set(probe, 1, buf, 3 * n);
        row_job j = { VK_ACT_BACKWARD, (uint32_t)rows, (uint32_t)cols, (uint32_t)act, 0, (uint32_t)n, (uint32_t)(2 * n) };
        vk_step step = { .batch = (uint32_t)rows };
        if (run(&step, record_rows, &j) == 0) {
            vk_probe_get(probe, 1, got, 3 * n);
            act_backward(act, want, buf, buf + n, buf + 2 * n, rows, cols);
            char what[64];
            snprintf(what, sizeof what, "act_backward %s", nn_act_name(act));
            check_close(what, got, want, n);
        }
        free(buf);
        free(want);
        free(got);
    }
}

typedef struct dropout_job { uint32_t rows, cols, in_off, out_off, layer; float rate; int training; } dropout_job;

static int record_dropout(vk_context *c, VkCommandBuffer cmd, VkDescriptorSet set, void *user)
{
    dropout_job *j = user;
    vk_cmd_dropout(c, cmd, set, j->rows, j->cols, j->in_off, j->out_off, j->layer, j->rate, j->training);
    return 0;
}

/* the mask bit for bit as the CPU's dropout_apply draws it, out of place and in place, and the
 * identity outside training */
static void test_dropout(void)
{
    int rows = 53, cols = 31;
    size_t n = (size_t)rows * cols;
    float *buf = random_array(2 * n, -2, 2), *want = malloc(n * sizeof *want), *got = malloc(2 * n * sizeof *got);
    vk_step step = { .batch = (uint32_t)rows, .dropout_step = 41, .seed = 1337 };
    const float rates[] = { 0.5f, 0.1f, 0.0f };
    for (int k = 0; k < 3; k++) {
        for (int in_place = 0; in_place < 2; in_place++) {
            vk_probe_set(probe, 1, buf, 2 * n);
            dropout_job j = { (uint32_t)rows, (uint32_t)cols, 0, in_place ? 0 : (uint32_t)n, 3, rates[k], 1 };
            if (run(&step, record_dropout, &j) != 0)
                continue;
            vk_probe_get(probe, 1, got, 2 * n);
            dropout_apply(want, buf, 1337, 3, 41, rates[k], n);
            char what[64];
            snprintf(what, sizeof what, "dropout rate %g%s", (double)rates[k], in_place ? " in place" : "");
            CHECK(memcmp(got + j.out_off, want, n * sizeof *want) == 0, "%s: the mask or the scale "
                  "differs from the CPU's", what);
        }
    }
    vk_probe_set(probe, 1, buf, 2 * n);
    dropout_job j = { (uint32_t)rows, (uint32_t)cols, 0, (uint32_t)n, 3, 0.5f, 0 };
    if (run(&step, record_dropout, &j) == 0) {
        vk_probe_get(probe, 1, got, 2 * n);
        CHECK(memcmp(got + n, buf, n * sizeof *buf) == 0, "dropout outside training: expected a copy");
    }
    free(buf);
    free(want);
    free(got);
}

/* ---- the loss kernel ---------------------------------------------------------------------------- */

typedef struct loss_case { int loss, from_logits, act, metric, units; } loss_case;

static int record_loss(vk_context *c, VkCommandBuffer cmd, VkDescriptorSet set, void *user)
{
    vk_cmd_loss(c, cmd, set, 64, user);
    return 0;
}

/* Targets shaped for the loss: class indices, one-hot rows, 0/1, or real numbers. */
static void make_targets(float *y, int loss, int B, int units)
{
    for (int r = 0; r < B; r++) {
        int k = (int)uniform(0, (float)units) % units;
        for (int c = 0; c < units; c++) {
            float *t = &y[(size_t)r * units + c];
            switch (loss) {
            case LOSS_SPARSE_CCE: if (c == 0) y[r] = (float)k; break;
            case LOSS_CCE: *t = c == k ? 1.0f : 0.0f; break;
            case LOSS_BCE: *t = uniform(0, 1) > 0.5f ? 1.0f : 0.0f; break;
            default: *t = uniform(-1, 1); break;
            }
        }
    }
}

static void check_loss(const loss_case *lc)
{
    int B = 45, U = lc->units;
    size_t n = (size_t)B * U;
    /* work: a, z, y, dz (B, U) each, then rows (B, 2) */
    float *work = calloc(4 * n + 2 * (size_t)B, sizeof *work), *got = malloc((4 * n + 2 * (size_t)B) * sizeof *got);
    float *a = work, *z = work + n, *y = work + 2 * n;
    for (size_t i = 0; i < n; i++)
        z[i] = uniform(-3, 3);
    z[0] = 40.0f; /* a saturated output: the clipped logarithm's edge */
    act_forward(lc->act, a, z, B, U);
    make_targets(y, lc->loss, B, U);
    vk_probe_set(probe, 1, work, 4 * n + 2 * (size_t)B);
    for (int i = 2; i <= 4; i++)
        vk_probe_set(probe, i, NULL, 1);
    vk_loss_push pc = { (uint32_t)U, (uint32_t)lc->act, 0, (uint32_t)n, (uint32_t)(2 * n),
                        (uint32_t)(3 * n), (uint32_t)(4 * n) };
    vk_step step = { .batch = (uint32_t)B, .loss = (uint32_t)lc->loss, .metric = (uint32_t)lc->metric,
                     .from_logits = (uint32_t)lc->from_logits };
    char what[128];
    snprintf(what, sizeof what, "%s%s after %s, %d units", nn_loss_name(lc->loss),
             lc->from_logits ? " (from logits)" : "", nn_act_name(lc->act), U);
    if (run(&step, record_loss, &pc) == 0) {
        vk_probe_get(probe, 1, got, 4 * n + 2 * (size_t)B);
        float *want_rows = malloc(2 * (size_t)B * sizeof *want_rows), *got_rows = malloc(2 * (size_t)B * sizeof *got_rows);
        int yw = lc->loss == LOSS_SPARSE_CCE ? 1 : U;
        for (int r = 0; r < B; r++) {
            want_rows[2 * r] = (float)loss_forward(lc->loss, lc->from_logits, a + (size_t)r * U,
                                                   z + (size_t)r * U, y + (size_t)r * yw, 1, U);
            want_rows[2 * r + 1] = lc->metric ? (float)metric_sum(lc->metric, a + (size_t)r * U,
                                                                  y + (size_t)r * yw, 1, U) : 0.0f;
        }
        memcpy(got_rows, got + 4 * n, 2 * (size_t)B * sizeof *got_rows);
        char part[160];
        snprintf(part, sizeof part, "%s: per-row loss and metric", what);
        check_close(part, got_rows, want_rows, 2 * (size_t)B);
        float *dz = malloc(n * sizeof *dz);
        loss_backward(lc->loss, lc->from_logits, lc->act, dz, a, z, y, B, U);
        snprintf(part, sizeof part, "%s: dz", what);
        check_close(part, got + 3 * n, dz, n);
        free(dz);
        free(want_rows);
        free(got_rows);
    }
    free(work);
    free(got);
}

static void test_loss(void)
{
    static const loss_case cases[] = {
        { LOSS_CCE, 0, ACT_SOFTMAX, METRIC_CATEGORICAL_ACC, 5 },
        { LOSS_CCE, 1, ACT_LINEAR, METRIC_CATEGORICAL_ACC, 5 },
        { LOSS_CCE, 0, ACT_SIGMOID, METRIC_CATEGORICAL_ACC, 4 },   /* not fused: dL/da, then σ' */
        { LOSS_SPARSE_CCE, 0, ACT_SOFTMAX, METRIC_SPARSE_ACC, 7 },
        { LOSS_SPARSE_CCE, 1, ACT_LINEAR, METRIC_SPARSE_ACC, 3 },
        { LOSS_SPARSE_CCE, 0, ACT_SIGMOID, METRIC_SPARSE_ACC, 3 },
        { LOSS_BCE, 0, ACT_SIGMOID, METRIC_BINARY_ACC, 1 },
        { LOSS_BCE, 1, ACT_LINEAR, METRIC_BINARY_ACC, 3 },
        { LOSS_BCE, 0, ACT_SOFTMAX, METRIC_BINARY_ACC, 3 },        /* not fused: the softmax Jacobian */
        { LOSS_MSE, 0, ACT_LINEAR, METRIC_NONE, 2 },
        { LOSS_MSE, 0, ACT_TANH, METRIC_CATEGORICAL_ACC, 3 },
        { LOSS_MSE, 0, ACT_SOFTMAX, METRIC_CATEGORICAL_ACC, 4 },
        { LOSS_MAE, 0, ACT_LINEAR, METRIC_BINARY_ACC, 1 },
        { LOSS_MAE, 0, ACT_GELU, METRIC_NONE, 6 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        check_loss(&cases[i]);
}

/* ---- the optimizers ------------------------------------------------------------------------------- */

static int record_update(vk_context *c, VkCommandBuffer cmd, VkDescriptorSet set, void *user)
{
    vk_cmd_update(c, cmd, set, *(uint32_t *)user);
    return 0;
}

static void check_update(int opt, nn_hparams hp, long t)
{
    uint32_t n = 1000;
    float *p = random_array(n, -1, 1), *g = random_array(n, -1, 1);
    float *s0 = random_array(n, 0, 0.5f), *s1 = random_array(n, 0, 0.5f);
    float *got[4] = { malloc(n * 4), malloc(n * 4), malloc(n * 4), malloc(n * 4) };
    vk_probe_set(probe, 1, p, n);
    vk_probe_set(probe, 2, g, n);
    vk_probe_set(probe, 3, s0, n);
    vk_probe_set(probe, 4, s1, n);
    vk_step step = { .opt = (uint32_t)opt, .nesterov = (uint32_t)hp.nesterov,
                     .has_momentum = hp.momentum != 0.0, .lr = (float)hp.learning_rate,
                     .mu = (float)hp.momentum, .beta_1 = (float)hp.beta_1, .beta_2 = (float)hp.beta_2,
                     .eps = (float)hp.epsilon, .rho = (float)hp.rho };
    step.alpha = (float)(hp.learning_rate * sqrt(1.0 - pow(hp.beta_2, (double)t)) / (1.0 - pow(hp.beta_1, (double)t)));
    if (run(&step, record_update, &n) == 0) {
        for (int i = 0; i < 4; i++)
            vk_probe_get(probe, i + 1, got[i], n);
        nn_opt_update(opt, &hp, p, g, s0, s1, n, t);
        char what[96];
        snprintf(what, sizeof what, "%s (momentum %g%s, t=%ld): parameters", nn_opt_name(opt),
                 hp.momentum, hp.nesterov ? ", nesterov" : "", t);
        check_close(what, got[0], p, n);
        snprintf(what, sizeof what, "%s (t=%ld): state", nn_opt_name(opt), t);
        check_close(what, got[2], s0, n);
        check_close(what, got[3], s1, n);
    }
    free(p);
    free(g);
    free(s0);
    free(s1);
    for (int i = 0; i < 4; i++)
        free(got[i]);
}

static void test_update(void)
{
    nn_hparams hp = nn_opt_defaults(OPT_SGD);
    check_update(OPT_SGD, hp, 1);
    hp.momentum = 0.9;
    check_update(OPT_SGD, hp, 1);
    hp.nesterov = 1;
    check_update(OPT_SGD, hp, 3);
    check_update(OPT_ADAM, nn_opt_defaults(OPT_ADAM), 1);
    check_update(OPT_ADAM, nn_opt_defaults(OPT_ADAM), 7);
    check_update(OPT_RMSPROP, nn_opt_defaults(OPT_RMSPROP), 2);
    check_update(OPT_ADAGRAD, nn_opt_defaults(OPT_ADAGRAD), 5);
    /* and every optimizer in engine/kinds.h at its defaults, a new one included */
    for (int opt = 0; opt < OPT_COUNT; opt++)
        check_update(opt, nn_opt_defaults(opt), 4);
}

/* ---- whole training runs, through the public API ------------------------------------------------- */

typedef struct run_case {
    const char *name;
    const char *opt;
    double momentum;
    int nesterov;
    const char *loss;
    int from_logits;
    const char *hidden, *out_act;
    int units, shuffle;
    int shape;   /* 0: Dense, Dense, Dense; 1: Input → Flatten → Dense → Dense → Softmax layer;
                    2: Dense → Flatten → Dense → Dense; 3: Dense → Dense → Softmax layer;
                    4: Dense → Dropout(0.3) → Dense → Dropout(0.5) → Dense;
                    5: Dense(use_bias=False) → Dense → Dense(use_bias=False);
                    6: Dense(l2 0.01) → Dropout(0.2) → Dense(use_bias=False, l2 0.03) → Dense;
                    7: Dense(l1 0.01) → Dense(l1 0.005, l2 0.02) → Dense(l1 0.02) */
} run_case;

#define RUN_N 90      /* validation_split 0.2 leaves 72 rows to train on: 4 batches of 16, then 8 */
#define RUN_IN 6
#define RUN_EPOCHS 3

static nn_model *build_case(const run_case *rc)
{
    nn_model *m = nn_sequential();
    nn_set_seed(m, 21);
    int shape[2] = { 2, 3 };
    switch (rc->shape) {
    case 0:
        nn_add_dense(m, 12, rc->hidden, RUN_IN);
        nn_add_dense(m, 8, rc->hidden, 0);
        nn_add_dense(m, rc->units, rc->out_act, 0);
        break;
    case 1:
        nn_add_input(m, 2, shape);
        nn_add_flatten(m);
        nn_add_dense(m, 10, rc->hidden, 0);
        nn_add_dense(m, rc->units, "linear", 0);
        nn_add_softmax(m);
        break;
    case 2:
        nn_add_dense(m, 12, rc->hidden, RUN_IN);
        nn_add_flatten(m);
        nn_add_dense(m, 6, "leaky_relu", 0);
        nn_add_dense(m, rc->units, rc->out_act, 0);
        break;
    case 3:
        nn_add_dense(m, 9, "relu", RUN_IN);
        nn_add_dense(m, rc->units, rc->hidden, 0);
        nn_add_softmax(m);
        break;
    case 4:
        nn_add_dense(m, 12, rc->hidden, RUN_IN);
        nn_add_dropout(m, 0.3f);
        nn_add_dense(m, 8, rc->hidden, 0);
        nn_add_dropout(m, 0.5f);
        nn_add_dense(m, rc->units, rc->out_act, 0);
        break;
    case 5:
        nn_add_dense_args(m, &(nn_dense_args){ .units = 12, .activation = rc->hidden,
                                               .input_dim = RUN_IN, .no_bias = 1 });
        nn_add_dense(m, 8, rc->hidden, 0);
        nn_add_dense_args(m, &(nn_dense_args){ .units = rc->units, .activation = rc->out_act,
                                               .no_bias = 1 });
        break;
    case 6:
        nn_add_dense_args(m, &(nn_dense_args){ .units = 12, .activation = rc->hidden,
                                               .input_dim = RUN_IN, .kernel_l2 = 0.01f });
        nn_add_dropout(m, 0.2f);
        nn_add_dense_args(m, &(nn_dense_args){ .units = 8, .activation = rc->hidden, .no_bias = 1,
                                               .kernel_l2 = 0.03f });
        nn_add_dense(m, rc->units, rc->out_act, 0);
        break;
    case 7:
        nn_add_dense_args(m, &(nn_dense_args){ .units = 12, .activation = rc->hidden,
                                               .input_dim = RUN_IN, .kernel_l1 = 0.01f });
        nn_add_dense_args(m, &(nn_dense_args){ .units = 8, .activation = rc->hidden, .kernel_l1 = 0.005f,
                                               .kernel_l2 = 0.02f });
        nn_add_dense_args(m, &(nn_dense_args){ .units = rc->units, .activation = rc->out_act,
                                               .kernel_l1 = 0.02f });
        break;
    }
    CHECK(nn_compile(m, rc->opt, rc->loss, "accuracy") == 0, "%s: compile: %s", rc->name, nn_error());
    if (rc->momentum)
        nn_set_optimizer_param(m, "momentum", rc->momentum);
    if (rc->nesterov)
        nn_set_optimizer_param(m, "nesterov", 1);
    if (rc->from_logits)
        CHECK(nn_set_loss_param(m, "from_logits", 1) == 0, "%s: %s", rc->name, nn_error());
    if (strcmp(rc->opt, "sgd") == 0)
        nn_set_optimizer_param(m, "learning_rate", 0.1); /* large enough to move in 3 epochs */
    return m;
}

static void make_data(float *x, float *y, int loss, int units)
{
    for (int i = 0; i < RUN_N * RUN_IN; i++)
        x[i] = uniform(-1, 1);
    make_targets(y, loss, RUN_N, units);
}

static void check_history(const char *name, const char *what, const float *got, const float *want,
                          int epochs)
{
    for (int e = 0; got && want && e < epochs; e++) {
        char label[128];
        snprintf(label, sizeof label, "%s: epoch %d %s (vulkan against cpu)", name, e + 1, what);
        CHECK_NEAR(got[e], want[e], 1e-6, 1e-3, label);
    }
}

static void check_run(const run_case *rc)
{
    nn_model *cpu = build_case(rc), *gpu = build_case(rc);
    CHECK(nn_use_backend(gpu, "vulkan") == 0, "%s: use_backend: %s", rc->name, nn_error());
    int units = nn_output_dim(cpu), yw = strstr(rc->loss, "sparse") ? 1 : units;
    float *x = malloc(RUN_N * RUN_IN * sizeof *x), *y = malloc((size_t)RUN_N * yw * sizeof *y);
    int loss_id = nn_loss_parse(rc->loss);
    make_data(x, y, loss_id, units);
    nn_fit_args args = { .epochs = RUN_EPOCHS, .batch_size = 16, .validation_split = 0.2f,
                         .seed = 5, .no_shuffle = !rc->shuffle };
    nn_history hc, hg;
    int rc_cpu = nn_fit(cpu, x, y, RUN_N, &args, &hc);
    int rc_gpu = nn_fit(gpu, x, y, RUN_N, &args, &hg);
    CHECK(rc_cpu == 0 && rc_gpu == 0, "%s: fit: cpu %d, vulkan %d: %s", rc->name, rc_cpu, rc_gpu, nn_error());
    CHECK(strcmp(nn_backend_name(gpu), "vulkan") == 0, "%s: expected the model on vulkan, got %s",
          rc->name, nn_backend_name(gpu));
    if (rc_cpu == 0 && rc_gpu == 0) {
        CHECK(hc.loss[0] != hc.loss[RUN_EPOCHS - 1], "%s: the loss did not move: the check would "
              "pass trivially", rc->name);
        check_history(rc->name, "loss", hg.loss, hc.loss, RUN_EPOCHS);
        check_history(rc->name, "accuracy", hg.metric, hc.metric, RUN_EPOCHS);
        check_history(rc->name, "val_loss", hg.val_loss, hc.val_loss, RUN_EPOCHS);
        check_history(rc->name, "val_accuracy", hg.val_metric, hc.val_metric, RUN_EPOCHS);
        nn_history_free(&hc);
        nn_history_free(&hg);
    }
    /* the weights that came back, then evaluate and predict on each engine */
    size_t np = (size_t)nn_count_params(cpu);
    float *wc = malloc(np * sizeof *wc), *wg = malloc(np * sizeof *wg);
    nn_snapshot_read(cpu, wc, np, NULL);
    nn_snapshot_read(gpu, wg, np, NULL);
    char label[128];
    snprintf(label, sizeof label, "%s: weights after fit", rc->name);
    check_close(label, wg, wc, np);
    float lc, mc, lg, mg;
    CHECK(nn_evaluate(cpu, x, y, RUN_N, &lc, &mc) == 0 && nn_evaluate(gpu, x, y, RUN_N, &lg, &mg) == 0,
          "%s: evaluate: %s", rc->name, nn_error());
    snprintf(label, sizeof label, "%s: evaluate loss", rc->name);
    CHECK_NEAR(lg, lc, 1e-6, 1e-3, label);
    float *pc = malloc((size_t)RUN_N * units * sizeof *pc), *pg = malloc((size_t)RUN_N * units * sizeof *pg);
    CHECK(nn_predict(cpu, x, RUN_N, pc) == 0 && nn_predict(gpu, x, RUN_N, pg) == 0, "%s: predict: %s",
          rc->name, nn_error());
    snprintf(label, sizeof label, "%s: predict", rc->name);
    check_close(label, pg, pc, (size_t)RUN_N * units);
    free(x);
    free(y);
    free(wc);
    free(wg);
    free(pc);
    free(pg);
    nn_free(cpu);
    nn_free(gpu);
}

static void test_training_runs(void)
{
    static const run_case cases[] = {
        { "sgd, categorical_crossentropy", "sgd", 0, 0, "categorical_crossentropy", 0, "relu", "softmax", 3, 1, 0 },
        { "sgd momentum, sparse", "sgd", 0.9, 0, "sparse_categorical_crossentropy", 0, "tanh", "softmax", 4, 0, 0 },
        { "sgd nesterov, binary_crossentropy", "sgd", 0.8, 1, "binary_crossentropy", 0, "sigmoid", "sigmoid", 1, 1, 0 },
        { "adam, sparse from logits", "adam", 0, 0, "sparse_categorical_crossentropy", 1, "relu", "linear", 3, 1, 0 },
        { "adam, mae", "adam", 0, 0, "mae", 0, "elu", "linear", 2, 0, 0 },
        { "rmsprop, mse", "rmsprop", 0, 0, "mse", 0, "gelu", "linear", 2, 1, 0 },
        { "adagrad, categorical from logits", "adagrad", 0, 0, "categorical_crossentropy", 1, "leaky_relu", "linear", 3, 1, 0 },
        { "rmsprop, binary from logits", "rmsprop", 0, 0, "binary_crossentropy", 1, "relu", "linear", 2, 0, 0 },
        { "adagrad, mse after sigmoid", "adagrad", 0, 0, "mse", 0, "tanh", "sigmoid", 1, 1, 0 },
        { "adam, Flatten and a Softmax layer", "adam", 0, 0, "categorical_crossentropy", 0, "gelu", NULL, 3, 1, 1 },
        { "sgd momentum, Flatten between Dense", "sgd", 0.5, 0, "binary_crossentropy", 0, "elu", "sigmoid", 2, 1, 2 },
        { "rmsprop, Softmax layer after tanh", "rmsprop", 0, 0, "sparse_categorical_crossentropy", 0, "tanh", NULL, 4, 1, 3 },
        { "adam, hidden softmax, mse", "adam", 0, 0, "mse", 0, "softmax", "linear", 3, 0, 0 },
        { "adam, Dropout (the same masks)", "adam", 0, 0, "sparse_categorical_crossentropy", 0, "relu", "softmax", 3, 1, 4 },
        { "sgd, Dropout after tanh", "sgd", 0, 0, "categorical_crossentropy", 0, "tanh", "softmax", 3, 1, 4 },
        { "adam, use_bias=False", "adam", 0, 0, "sparse_categorical_crossentropy", 0, "relu", "softmax", 3, 1, 5 },
        { "rmsprop, use_bias=False, mse", "rmsprop", 0, 0, "mse", 0, "tanh", "linear", 2, 0, 5 },
        { "adam, L2 regularizers and Dropout", "adam", 0, 0, "sparse_categorical_crossentropy", 0, "relu", "softmax", 3, 1, 6 },
        { "sgd momentum, L2 regularizers, mse", "sgd", 0.9, 0, "mse", 0, "tanh", "linear", 2, 1, 6 },
        { "adam, L1 and L1 with L2", "adam", 0, 0, "sparse_categorical_crossentropy", 0, "relu", "softmax", 3, 1, 7 },
        { "sgd, L1 regularizers, mse", "sgd", 0, 0, "mse", 0, "tanh", "linear", 2, 1, 7 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        check_run(&cases[i]);
}

/* train_on_batch and a batch that grows (evaluate's 32 rows after a fit of 10), switching engines
 * back and forth: every step on either engine continues from the other's weights and state. */
static void test_train_on_batch_and_switching(void)
{
    run_case rc = { "switching", "adam", 0, 0, "sparse_categorical_crossentropy", 0, "relu", "softmax", 3, 1, 0 };
    nn_model *cpu = build_case(&rc), *gpu = build_case(&rc);
    float x[RUN_N * RUN_IN], y[RUN_N];
    make_data(x, y, LOSS_SPARSE_CCE, 3);
    float lc, mc, lg, mg;
    CHECK(nn_use_backend(gpu, "vulkan") == 0, "%s", nn_error());
    for (int step = 0; step < 4; step++) {
        int n = 10 + 7 * step;
        nn_train_on_batch(cpu, x, y, n, &lc, &mc);
        CHECK(nn_train_on_batch(gpu, x, y, n, &lg, &mg) == 0, "train_on_batch: %s", nn_error());
        CHECK_NEAR(lg, lc, 1e-6, 1e-3, "train_on_batch loss");
        CHECK_NEAR(mg, mc, 1e-6, 1e-3, "train_on_batch accuracy");
        /* the next step on the other engine */
        CHECK(nn_use_backend(gpu, step % 2 ? "vulkan" : "cpu") == 0, "%s", nn_error());
    }
    nn_fit_args args = { .epochs = 2, .batch_size = 10, .seed = 3 };
    nn_history hc, hg;
    CHECK(nn_use_backend(gpu, "vulkan") == 0, "%s", nn_error());
    CHECK(nn_fit(cpu, x, y, RUN_N, &args, &hc) == 0 && nn_fit(gpu, x, y, RUN_N, &args, &hg) == 0,
          "fit: %s", nn_error());
    check_history("after switching", "loss", hg.loss, hc.loss, 2);
    nn_history_free(&hc);
    nn_history_free(&hg);
    nn_free(cpu);
    nn_free(gpu);
}

/* A model on the Vulkan engine before it is compiled (predict needs no training step), then one
 * that grows a layer: the engine re-attaches with the new architecture. */
static void test_attach_before_compile_and_growth(void)
{
    nn_model *m = nn_sequential(), *ref = nn_sequential();
    nn_add_dense(m, 5, "tanh", RUN_IN);
    nn_add_dense(ref, 5, "tanh", RUN_IN);
    CHECK(nn_use_backend(m, "vulkan") == 0, "%s", nn_error());
    float x[RUN_N * RUN_IN], y[RUN_N], pg[RUN_N * 5], pc[RUN_N * 5];
    make_data(x, y, LOSS_SPARSE_CCE, 3);
    CHECK(nn_predict(m, x, RUN_N, pg) == 0 && nn_predict(ref, x, RUN_N, pc) == 0, "predict: %s", nn_error());
    check_close("predict before compile", pg, pc, RUN_N * 5);
    nn_add_dense(m, 3, "softmax", 0);
    nn_add_dense(ref, 3, "softmax", 0);
    nn_set_seed(m, 4);
    nn_set_seed(ref, 4);
    nn_compile(m, "rmsprop", "sparse_categorical_crossentropy", "accuracy");
    nn_compile(ref, "rmsprop", "sparse_categorical_crossentropy", "accuracy");
    nn_fit_args args = { .epochs = 2, .batch_size = 7, .seed = 8 };
    nn_history hg, hc;
    CHECK(nn_fit(m, x, y, RUN_N, &args, &hg) == 0 && nn_fit(ref, x, y, RUN_N, &args, &hc) == 0,
          "fit: %s", nn_error());
    CHECK(strcmp(nn_backend_name(m), "vulkan") == 0, "expected vulkan, got %s", nn_backend_name(m));
    check_history("grown model", "loss", hg.loss, hc.loss, 2);
    nn_history_free(&hg);
    nn_history_free(&hc);
    nn_free(m);
    nn_free(ref);
}

/* Two models training at once on two threads share the device's context and its queue: each
 * run must still match its CPU twin. */
typedef struct fit_job { const run_case *rc; const float *x, *y; nn_history h; int rc_fit; } fit_job;

static void *fit_on_vulkan(void *arg)
{
    fit_job *j = arg;
    nn_model *m = build_case(j->rc);
    nn_fit_args args = { .epochs = 2, .batch_size = 9, .seed = 6 };
    j->rc_fit = nn_use_backend(m, "vulkan") == 0 ? nn_fit(m, j->x, j->y, RUN_N, &args, &j->h) : -1;
    nn_free(m);
    return NULL;
}

static void test_two_threads(void)
{
    static const run_case cases[2] = {
        { "thread 1", "adam", 0, 0, "sparse_categorical_crossentropy", 0, "relu", "softmax", 3, 1, 0 },
        { "thread 2", "rmsprop", 0, 0, "mse", 0, "tanh", "linear", 2, 1, 0 },
    };
    float x[2][RUN_N * RUN_IN], y[2][RUN_N * 2];
    fit_job jobs[2];
    pthread_t t[2];
    for (int i = 0; i < 2; i++) {
        make_data(x[i], y[i], nn_loss_parse(cases[i].loss), cases[i].units);
        jobs[i] = (fit_job){ .rc = &cases[i], .x = x[i], .y = y[i] };
        pthread_create(&t[i], NULL, fit_on_vulkan, &jobs[i]);
    }
    for (int i = 0; i < 2; i++) {
        pthread_join(t[i], NULL);
        CHECK(jobs[i].rc_fit == 0, "%s: fit on vulkan failed", cases[i].name);
        nn_model *ref = build_case(&cases[i]);
        nn_fit_args args = { .epochs = 2, .batch_size = 9, .seed = 6 };
        nn_history h;
        CHECK(nn_fit(ref, x[i], y[i], RUN_N, &args, &h) == 0, "%s", nn_error());
        if (jobs[i].rc_fit == 0)
            check_history(cases[i].name, "loss", jobs[i].h.loss, h.loss, 2);
        nn_history_free(&h);
        nn_history_free(&jobs[i].h);
        nn_free(ref);
    }
}

/* Snapshots while a fit runs on another thread: each one is a consistent copy, and the one
 * published at the end of the last epoch is the final weights. */
typedef struct snap_reader { nn_model *m; size_t n; atomic_int done; long reads, versions; } snap_reader;

static void *read_snapshots(void *arg)
{
    snap_reader *r = arg;
    float *buf = malloc(r->n * sizeof *buf);
    long last = -1;
    while (!atomic_load(&r->done)) {
        nn_snapshot_info info;
        if (nn_snapshot_read(r->m, buf, r->n, &info) == 0) {
            r->reads++;
            r->versions += info.version != last;
            last = info.version;
        }
        usleep(2000); /* a UI frame, faster than a real one */
    }
    free(buf);
    return NULL;
}

static void test_snapshots(void)
{
    run_case rc = { "snapshots", "adam", 0, 0, "sparse_categorical_crossentropy", 0, "relu", "softmax", 3, 1, 0 };
    nn_model *m = build_case(&rc);
    CHECK(nn_use_backend(m, "vulkan") == 0, "%s", nn_error());
    static float x[2000 * RUN_IN], y[2000];
    for (int i = 0; i < 2000 * RUN_IN; i++)
        x[i] = uniform(-1, 1);
    make_targets(y, LOSS_SPARSE_CCE, 2000, 3);
    snap_reader r = { .m = m, .n = (size_t)nn_count_params(m) };
    pthread_t t;
    pthread_create(&t, NULL, read_snapshots, &r);
    nn_fit_args args = { .epochs = 4, .batch_size = 8, .seed = 1 };
    CHECK(nn_fit(m, x, y, 2000, &args, NULL) == 0, "fit: %s", nn_error());
    atomic_store(&r.done, 1);
    pthread_join(t, NULL);
    CHECK(r.versions > 4, "expected fresh snapshots during the fit, saw %ld versions in %ld reads",
          r.versions, r.reads);
    float *snap = malloc(r.n * sizeof *snap), *final = malloc(r.n * sizeof *final);
    nn_snapshot_info info;
    nn_snapshot_read(m, snap, r.n, &info);
    nn_get_weights(m, 0, final, final + RUN_IN * 12);
    CHECK(memcmp(snap, final, (RUN_IN * 12 + 12) * sizeof *snap) == 0,
          "the last snapshot must be the weights that fit left");
    free(snap);
    free(final);
    nn_free(m);
}

/* ---- devices ------------------------------------------------------------------------------------ */

static void test_devices(void)
{
    int n = nn_vulkan_device_count();
    CHECK(n >= 1, "expected at least one device, got %d: %s", n, nn_error());
    nn_vulkan_device d;
    CHECK(nn_vulkan_device_get(0, &d) == 0, "%s", nn_error());
    CHECK(d.name[0] && d.type && d.subgroup_size >= 1 && d.shared_memory_bytes >= 16384 &&
          d.max_workgroup_size >= 128, "device 0: name \"%s\", type %s, subgroup %d, shared %d, "
          "workgroup %d", d.name, d.type ? d.type : "(null)", d.subgroup_size, d.shared_memory_bytes,
          d.max_workgroup_size);
    CHECK(d.is_cpu == (strcmp(d.type, "CPU") == 0), "is_cpu %d does not match the type %s", d.is_cpu, d.type);
    printf("     device 0: %s (%s), %s, Vulkan %s, subgroup %d, %d B shared\n", d.name, d.type,
           d.driver, d.api_version, d.subgroup_size, d.shared_memory_bytes);
    CHECK_FAILS(nn_vulkan_device_get(n, &d), "no device");

    /* by index and by part of a name, any case; then back to the default */
    char upper[32] = { 0 };
    for (int i = 0; i < 6 && d.name[i]; i++)
        upper[i] = (char)toupper((unsigned char)d.name[i]);
    CHECK(nn_vulkan_select_device("0") == 0, "%s", nn_error());
    CHECK(nn_vulkan_select_device(upper) == 0, "select \"%s\": %s", upper, nn_error());
    nn_model *m = nn_sequential();
    nn_add_dense(m, 3, "relu", 4);
    CHECK(nn_use_backend(m, "vulkan") == 0, "%s", nn_error());
    nn_vulkan_device used;
    CHECK(nn_vulkan_model_device(m, &used) == 0 && strcmp(used.name, d.name) == 0,
          "expected the model on \"%s\", got \"%s\"", d.name, used.name);
    CHECK_FAILS(nn_vulkan_select_device("no such device, surely"), "no device matches");
    CHECK_FAILS(nn_vulkan_select_device("99"), "no device 99");
    CHECK(nn_vulkan_select_device(NULL) == 0, "%s", nn_error());
    nn_use_backend(m, "cpu");
    CHECK_FAILS(nn_vulkan_model_device(m, &used), "not vulkan");

    /* the environment variable, when no call chose */
    setenv("NEURONE_VK_DEVICE", "no such device, surely", 1);
    CHECK_FAILS(nn_use_backend(m, "vulkan"), "no device matches");
    setenv("NEURONE_VK_DEVICE", "0", 1);
    CHECK(nn_use_backend(m, "vulkan") == 0, "NEURONE_VK_DEVICE=0: %s", nn_error());
    unsetenv("NEURONE_VK_DEVICE");
    nn_free(m);
}

/* ---- faults: each one an error with a message, and a model that goes on on the CPU ---------------- */

/* A small model with fixed weights, and its CPU twin's loss after one epoch, to show that the
 * model still trains on the CPU engine after the fault. */
static nn_model *fault_model(void)
{
    nn_model *m = nn_sequential();
    nn_set_seed(m, 9);
    nn_add_dense(m, 8, "relu", RUN_IN);
    nn_add_dense(m, 3, "softmax", 0);
    nn_compile(m, "adam", "sparse_categorical_crossentropy", "accuracy");
    return m;
}

static void check_usable_on_cpu(nn_model *m, const char *fault)
{
    float x[RUN_N * RUN_IN], y[RUN_N];
    lcg = 77;
    make_data(x, y, LOSS_SPARSE_CCE, 3);
    CHECK(strcmp(nn_backend_name(m), "cpu") == 0, "%s: expected the model on the cpu, got %s", fault,
          nn_backend_name(m));
    nn_model *ref = fault_model();
    nn_fit_args args = { .epochs = 1, .batch_size = 16, .seed = 2 };
    nn_history h, hr;
    CHECK(nn_fit(m, x, y, RUN_N, &args, &h) == 0, "%s: fit on the cpu afterwards: %s", fault, nn_error());
    nn_fit(ref, x, y, RUN_N, &args, &hr);
    if (h.loss && hr.loss) {
        char label[96];
        snprintf(label, sizeof label, "%s: the first epoch on the cpu, from the weights before", fault);
        CHECK_NEAR(h.loss[0], hr.loss[0], 0, 1e-6, label);
    }
    nn_history_free(&h);
    nn_history_free(&hr);
    nn_free(ref);
}

static void check_attach_fault(const char *fault, const char *needle)
{
    setenv("NEURONE_VK_FAULT", fault, 1);
    nn_model *m = fault_model();
    CHECK_FAILS(nn_use_backend(m, "vulkan"), needle);
    CHECK(strstr(nn_error(), "stays on the cpu engine") != NULL, "%s: the message should say where "
          "the model stays: %s", fault, nn_error());
    unsetenv("NEURONE_VK_FAULT");
    check_usable_on_cpu(m, fault);
    nn_free(m);
}

/* Faults that strike during fit: fit goes on on the CPU engine from the same weights, optimizer
 * state and step, returns 0 and says so in nn_engine_note; every epoch ends as on a twin that
 * never left the CPU (nothing learned is lost, nothing is done twice). */
static void check_fit_fault(const char *fault, const char *needle)
{
    nn_model *m = fault_model(), *ref = fault_model();
    CHECK(nn_use_backend(m, "vulkan") == 0, "%s", nn_error());
    float x[RUN_N * RUN_IN], y[RUN_N];
    lcg = 31;
    make_data(x, y, LOSS_SPARSE_CCE, 3);
    setenv("NEURONE_VK_FAULT", fault, 1);
    nn_fit_args args = { .epochs = 3, .batch_size = 16, .seed = 2 };
    nn_history h = { 0 }, hr = { 0 };
    CHECK(nn_fit(m, x, y, RUN_N, &args, &h) == 0, "%s: expected fit to go on on the CPU, got: %s",
          fault, nn_error());
    unsetenv("NEURONE_VK_FAULT");
    const char *note = nn_engine_note(m);
    CHECK(note && strstr(note, needle) && strstr(note, "CPU engine took over"), "%s: expected a "
          "note with \"%s\" and \"CPU engine took over\", got \"%s\"", fault, needle,
          note ? note : "(none)");
    CHECK(strcmp(nn_backend_name(m), "cpu") == 0, "%s: expected the model on the cpu, got %s", fault,
          nn_backend_name(m));
    CHECK(nn_fit(ref, x, y, RUN_N, &args, &hr) == 0, "%s", nn_error());
    CHECK(h.epochs == 3, "%s: expected the 3 epochs done, got %d", fault, h.epochs);
    for (int e = 0; e < h.epochs && e < hr.epochs; e++) {
        char label[96];
        snprintf(label, sizeof label, "%s: epoch %d's loss against the CPU twin's", fault, e + 1);
        CHECK_NEAR(h.loss[e], hr.loss[e], 1e-6, 1e-3, label);
    }
    float lm = 0, lr = 0;
    CHECK(nn_evaluate(m, x, y, RUN_N, &lm, NULL) == 0 && nn_evaluate(ref, x, y, RUN_N, &lr, NULL) == 0,
          "%s: evaluate: %s", fault, nn_error());
    CHECK_NEAR(lm, lr, 1e-6, 1e-3, "the weights after the fit against the CPU twin's");
    nn_history_free(&h);
    nn_history_free(&hr);
    nn_free(ref);
    /* and the Vulkan engine can be taken up again */
    CHECK(nn_use_backend(m, "vulkan") == 0, "%s: use_backend again: %s", fault, nn_error());
    args.epochs = 1;
    CHECK(nn_fit(m, x, y, RUN_N, &args, NULL) == 0, "%s: fit again: %s", fault, nn_error());
    nn_free(m);
}

/* A fault in predict or evaluate: the call fails, and the model is back on the CPU with its
 * weights. */
static void check_eval_fault(void)
{
    nn_model *m = fault_model();
    CHECK(nn_use_backend(m, "vulkan") == 0, "%s", nn_error());
    float x[RUN_N * RUN_IN], y[RUN_N], loss;
    make_data(x, y, LOSS_SPARSE_CCE, 3);
    setenv("NEURONE_VK_FAULT", "oom_work", 1);
    CHECK_FAILS(nn_evaluate(m, x, y, RUN_N, &loss, NULL), "out of device memory");
    CHECK(strstr(nn_error(), "back on the CPU engine") != NULL, "evaluate: %s", nn_error());
    unsetenv("NEURONE_VK_FAULT");
    check_usable_on_cpu(m, "oom_work in evaluate");
    nn_free(m);
}

static void test_faults(void)
{
    check_attach_fault("loader", "no Vulkan loader");
    check_attach_fault("instance", "vkCreateInstance failed");
    check_attach_fault("nodevice", "no Vulkan device was found");
    check_attach_fault("device", "vkCreateDevice failed");
    check_attach_fault("shader", "shader failed to create");
    check_attach_fault("oom", "out of device memory");
    check_fit_fault("oom_work", "out of device memory");
    check_fit_fault("lost", "was lost");
    check_attach_fault("no-loader", "no Vulkan loader");
    check_attach_fault("no-device", "no Vulkan device was found");
    check_fit_fault("device-lost", "was lost");
    check_fit_fault("device-lost:8", "was lost");  /* in the second epoch's third batch */
    check_fit_fault("device-lost:12", "was lost"); /* at the third epoch's start */
    check_eval_fault();
    setenv("NEURONE_VK_FAULT", "loader", 1);
    CHECK_FAILS(nn_vulkan_device_count(), "no Vulkan loader");
    unsetenv("NEURONE_VK_FAULT");
}

/* A real model that the device cannot hold: one Dense layer of 8192 x 4100 weights, 134 MB, past
 * lavapipe's 128 MiB storage-buffer range (and a GPU's with a larger one holds it, so the check
 * then only says that it attaches). */
static void test_too_large(void)
{
    nn_vulkan_device d;
    nn_vulkan_device_get(0, &d);
    nn_model *m = nn_sequential();
    CHECK(nn_add_dense(m, 4100, "linear", 8192) == 0, "%s", nn_error());
    int rc = nn_use_backend(m, "vulkan");
    if (rc == 0) {
        printf("     %s holds a model of %ld parameters\n", d.name, nn_count_params(m));
    } else {
        CHECK(strstr(nn_error(), "too large for this device") != NULL &&
              strstr(nn_error(), "stays on the cpu engine") != NULL, "got \"%s\"", nn_error());
        float *x = calloc(8192, sizeof *x), out[4100];
        x[0] = 1.0f;
        CHECK(nn_predict(m, x, 1, out) == 0, "predict on the cpu: %s", nn_error());
        free(x);
    }
    nn_free(m);
}

/* ---- the validation layer ---------------------------------------------------------------------- */

static void test_validation(void)
{
    setenv("NEURONE_VK_VALIDATION", "1", 1);
    long before = vk_validation_errors();
    run_case cases[] = {
        { "validated", "adam", 0, 0, "categorical_crossentropy", 0, "gelu", NULL, 3, 1, 1 },
        { "validated", "sgd", 0.9, 1, "binary_crossentropy", 0, "elu", "sigmoid", 2, 0, 2 },
    };
    for (int i = 0; i < 2; i++) {
        nn_model *m = build_case(&cases[i]);
        CHECK(nn_use_backend(m, "vulkan") == 0, "%s", nn_error());
        int units = nn_output_dim(m);
        float x[RUN_N * RUN_IN], y[RUN_N * 3], out[RUN_N * 3], snap[1024];
        make_data(x, y, nn_loss_parse(cases[i].loss), units);
        nn_fit_args args = { .epochs = 2, .batch_size = 16, .validation_split = 0.2f, .seed = 4 };
        CHECK(nn_fit(m, x, y, RUN_N, &args, NULL) == 0, "fit: %s", nn_error());
        CHECK(nn_predict(m, x, RUN_N, out) == 0, "predict: %s", nn_error());
        CHECK(nn_train_on_batch(m, x, y, 5, NULL, NULL) == 0, "train_on_batch: %s", nn_error());
        CHECK(nn_snapshot_read(m, snap, sizeof snap / sizeof snap[0], NULL) == 0, "%s", nn_error());
        nn_free(m);
    }
    vk_probe *p = vk_probe_open();
    CHECK(p != NULL, "probe: %s", nn_error());
    if (p) {
        probe = p;
        check_forward(300, 257, 70, 261, ACT_GELU);
        check_weight_grad(32, 23, 100, 64);
        vk_probe_close(p);
        probe = NULL;
    }
    unsetenv("NEURONE_VK_VALIDATION");
    CHECK(vk_validation_enabled(), "the validation layer did not load: install vulkan-validationlayers");
    CHECK(vk_validation_errors() == before, "expected no validation errors, got %ld (printed above)",
          vk_validation_errors() - before);
}

/* With NEURONE_VK_MATMUL=gpu4 (the meson test vulkan-gpu4-kernels, with NEURONE_VK_GROUPS=1 so
 * that any aligned product qualifies), the products above must have run matmul_gpu4.comp: else
 * they checked matmul.comp again and said nothing of it. */
static void test_gpu4_ran(void)
{
    const char *e = getenv("NEURONE_VK_MATMUL");
    if (!e || strcmp(e, "gpu4") != 0)
        return;
    const vk_context *c = vk_probe_context(probe);
    CHECK(c->gpu4, "NEURONE_VK_MATMUL=gpu4, but %s did not make matmul_gpu4.comp's pipelines",
          c->info.name);
    CHECK(atomic_load(&c->gpu4_used) > 0, "no product ran matmul_gpu4.comp");
}

/* `test_vulkan` runs everything but the validation layer's run; `test_vulkan validation` runs
 * that alone, as its own meson test (see tests/meson.build for why). */
int main(int argc, char **argv)
{
    int n = nn_vulkan_device_count();
    if (n <= 0) {
        printf("skipped: no Vulkan device (%s)\n", n < 0 ? nn_error() : "the loader lists none");
        return 77;
    }
    if (argc > 1 && strcmp(argv[1], "validation") == 0) {
        RUN(test_validation);
        return failures != 0;
    }
    /* the probe holds the device's context, which the models share meanwhile */
    probe = vk_probe_open();
    if (!probe) {
        fprintf(stderr, "FAIL: the probe could not open: %s\n", nn_error());
        return 1;
    }
    RUN(test_matmul_forward);
    RUN(test_matmul_input_grad);
    RUN(test_matmul_weight_grad);
    RUN(test_softmax);
    RUN(test_act_backward);
    RUN(test_dropout);
    RUN(test_loss);
    RUN(test_update);
    RUN(test_training_runs);
    RUN(test_train_on_batch_and_switching);
    RUN(test_attach_before_compile_and_growth);
    RUN(test_two_threads);
    RUN(test_snapshots);
    RUN(test_gpu4_ran);
    vk_probe_close(probe);
    probe = NULL;
    /* from here on, each test makes its own contexts */
    RUN(test_devices);
    RUN(test_faults);
    RUN(test_too_large);
    return failures != 0;
}
