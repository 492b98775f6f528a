/* test_grad.c — central-difference gradient checks of every activation, every loss (with the
 * fused softmax / sigmoid paths and from_logits) and the dense layer, then of whole models (one
 * with Dropout, use_bias=False and L2 regularizers).
 * Each check also requires the analytic gradient to be clearly non-zero, so that a backward pass
 * that returns zeros cannot pass. */
#include <stdlib.h>

#include "check.h"
#include "internal.h"
#include "model.h"
#include "nn.h"
#include "ops.h"

/* Central differences in float with h = 1e-2: truncation error ~h², rounding ~1e-7/h; both far
 * below this bound on the smooth functions checked, while a wrong term is off by O(1). */
#define H 1e-2f
#define ABS_TOL 2e-4
#define REL_TOL 1e-2
#define MIN_NORM 1e-2 /* the analytic gradient's L1 norm must reach this */

static nn_rng rng;

static void fill(float *v, int n, float scale)
{
    for (int i = 0; i < n; i++)
        v[i] = (2.0f * nn_rng_uniform(&rng) - 1.0f) * scale;
}

/* L(z) = Σ c ⊙ f(z) */
static double act_objective(int act, const float *z, const float *c, int rows, int cols)
{
    float a[64];
    act_forward(act, a, z, rows, cols);
    double s = 0;
    for (int i = 0; i < rows * cols; i++)
        s += (double)c[i] * a[i];
    return s;
}

static void check_activation(int act)
{
    enum { R = 3, C = 5 };
    float z[R * C], c[R * C], a[R * C], dz[R * C];
    fill(z, R * C, 2.0f);
    /* keep away from the kinks of relu and leaky relu, where the derivative does not exist */
    for (int i = 0; i < R * C; i++)
        if (fabsf(z[i]) < 0.05f)
            z[i] = 0.3f;
    fill(c, R * C, 1.0f);
    act_forward(act, a, z, R, C);
    act_backward(act, dz, c, z, a, R, C);
    double norm = 0;
    for (int i = 0; i < R * C; i++) {
        float keep = z[i];
        z[i] = keep + H;
        double up = act_objective(act, z, c, R, C);
        z[i] = keep - H;
        double down = act_objective(act, z, c, R, C);
        z[i] = keep;
        char what[64];
        snprintf(what, sizeof what, "%s dz[%d]", nn_act_name(act), i);
        CHECK_NEAR(dz[i], (up - down) / (2 * H), ABS_TOL, REL_TOL, what);
        norm += fabs(dz[i]);
    }
    CHECK(norm > MIN_NORM, "%s: the gradient is (nearly) zero: %g", nn_act_name(act), norm);
}

static void test_activations(void)
{
    for (int act = 0; act < ACT_COUNT; act++)
        check_activation(act);
}

/* L(z) = loss(act(z)) / B, the batch mean the engine differentiates */
static double loss_objective(int loss, int logits, int act, const float *z, const float *y, int B, int U)
{
    float a[64];
    act_forward(act, a, z, B, U);
    return loss_forward(loss, logits, a, z, y, B, U) / B;
}

static void check_loss(int loss, int logits, int act)
{
    enum { B = 4, U = 3 };
    float z[B * U], y[B * U], a[B * U], dz[B * U];
    fill(z, B * U, 1.5f);
    for (int r = 0; r < B; r++)
        for (int c = 0; c < U; c++) {
            float *t = &y[r * U + c];
            switch (loss) {
            case LOSS_CCE: *t = c == r % U; break;
            case LOSS_SPARSE_CCE: *t = 0; break;
            case LOSS_BCE: *t = (r + c) % 2; break;
            default: *t = nn_rng_uniform(&rng) * 2.0f - 1.0f;
            }
        }
    if (loss == LOSS_SPARSE_CCE)
        for (int r = 0; r < B; r++)
            y[r] = (float)(r % U);
    act_forward(act, a, z, B, U);
    loss_backward(loss, logits, act, dz, a, z, y, B, U);
    double norm = 0;
    for (int i = 0; i < B * U; i++) {
        float keep = z[i];
        z[i] = keep + H;
        double up = loss_objective(loss, logits, act, z, y, B, U);
        z[i] = keep - H;
        double down = loss_objective(loss, logits, act, z, y, B, U);
        z[i] = keep;
        char what[96];
        snprintf(what, sizeof what, "%s%s after %s: dz[%d]", nn_loss_name(loss),
                 logits ? " (from_logits)" : "", nn_act_name(act), i);
        CHECK_NEAR(dz[i], (up - down) / (2 * H), ABS_TOL, REL_TOL, what);
        norm += fabs(dz[i]);
    }
    CHECK(norm > MIN_NORM, "%s: the gradient is (nearly) zero: %g", nn_loss_name(loss), norm);
}

static void test_losses(void)
{
    check_loss(LOSS_CCE, 0, ACT_SOFTMAX);        /* fused */
    check_loss(LOSS_CCE, 1, ACT_LINEAR);
    check_loss(LOSS_SPARSE_CCE, 0, ACT_SOFTMAX); /* fused */
    check_loss(LOSS_SPARSE_CCE, 1, ACT_LINEAR);
    check_loss(LOSS_BCE, 0, ACT_SIGMOID);        /* fused */
    check_loss(LOSS_BCE, 1, ACT_LINEAR);
    check_loss(LOSS_MSE, 0, ACT_LINEAR);
    check_loss(LOSS_MSE, 0, ACT_TANH);
    check_loss(LOSS_MAE, 0, ACT_LINEAR);
    check_loss(LOSS_MAE, 0, ACT_ELU);
    /* cross-entropy through a softmax that is not fused (reached by the generic path) */
    check_loss(LOSS_CCE, 0, ACT_SIGMOID);
}

/* L = Σ c ⊙ (x·W + b) */
static double dense_objective(const float *x, const float *w, const float *b, const float *c,
                              int B, int in, int out)
{
    float o[64];
    dense_forward(o, x, w, b, B, in, out);
    double s = 0;
    for (int i = 0; i < B * out; i++)
        s += (double)c[i] * o[i];
    return s;
}

static void check_dense_part(float *v, int n, const float *grad, const char *name, const float *x,
                             const float *w, const float *b, const float *c, int B, int in, int out)
{
    double norm = 0;
    for (int i = 0; i < n; i++) {
        float keep = v[i];
        v[i] = keep + H;
        double up = dense_objective(x, w, b, c, B, in, out);
        v[i] = keep - H;
        double down = dense_objective(x, w, b, c, B, in, out);
        v[i] = keep;
        char what[64];
        snprintf(what, sizeof what, "dense %s[%d]", name, i);
        CHECK_NEAR(grad[i], (up - down) / (2 * H), ABS_TOL, REL_TOL, what);
        norm += fabs(grad[i]);
    }
    CHECK(norm > MIN_NORM, "dense %s: the gradient is (nearly) zero: %g", name, norm);
}

static void test_dense(void)
{
    enum { B = 3, IN = 4, OUT = 5 };
    float x[B * IN], w[IN * OUT], b[OUT], c[B * OUT];
    float dx[B * IN], dw[IN * OUT], db[OUT];
    fill(x, B * IN, 1.0f);
    fill(w, IN * OUT, 1.0f);
    fill(b, OUT, 1.0f);
    fill(c, B * OUT, 1.0f);
    dense_backward(dx, dw, db, c, x, w, B, IN, OUT, NULL);
    check_dense_part(x, B * IN, dx, "x", x, w, b, c, B, IN, OUT);
    check_dense_part(w, IN * OUT, dw, "kernel", x, w, b, c, B, IN, OUT);
    check_dense_part(b, OUT, db, "bias", x, w, b, c, B, IN, OUT);
}

/* ---- whole models ------------------------------------------------------------------------------- */

enum { MB = 6, MIN_W = 4, MOUT = 3 }; /* the batch, the inputs and the classes of the model checks */
static float mx[MB * MIN_W], my[MB];   /* (MB, MIN_W) inputs, MB labels */

/* The mean loss as evaluate computes it: the gradient of a model without Dropout. */
static double eval_loss(nn_model *m)
{
    float loss;
    nn_evaluate(m, mx, my, MB, &loss, NULL);
    return loss;
}

/* The loss that a training step minimises: the layers in training mode (the same dropout mask for
 * the same step) and the L2 penalty. */
static double train_loss(nn_model *m)
{
    m->iterations = 0;
    m->training = 1;
    const float *out = model_forward(m, mx, MB);
    m->training = 0;
    int L = m->n_layers;
    return loss_forward(m->loss, m->from_logits, out, m->z[L - 1], my, MB, nn_output_dim(m)) / MB +
           model_l2_penalty(m);
}

/* The gradient that one train_on_batch computed (read from the model's gradient block, with a
 * learning rate too small to matter) against central differences of loss(m). */
static void check_model_gradient(nn_model *m, double (*loss)(nn_model *), const char *name)
{
    fill(mx, MB * MIN_W, 1.0f);
    for (int i = 0; i < MB; i++)
        my[i] = (float)(i % MOUT);
    float *before = malloc(m->n_params * sizeof *before), *grad = malloc(m->n_params * sizeof *grad);
    memcpy(before, m->params, m->n_params * sizeof *before);
    CHECK(nn_train_on_batch(m, mx, my, MB, NULL, NULL) == 0, "%s", nn_error());
    memcpy(grad, m->grads, m->n_params * sizeof *grad);
    memcpy(m->params, before, m->n_params * sizeof *before);
    double norm = 0;
    for (size_t i = 0; i < m->n_params; i++) {
        float keep = m->params[i];
        m->params[i] = keep + H;
        double up = loss(m);
        m->params[i] = keep - H;
        double down = loss(m);
        m->params[i] = keep;
        char what[96];
        snprintf(what, sizeof what, "%s: parameter %zu", name, i);
        CHECK_NEAR(grad[i], (up - down) / (2 * H), ABS_TOL, REL_TOL, what);
        norm += fabs(grad[i]);
    }
    CHECK(norm > MIN_NORM, "%s: the gradient is (nearly) zero: %g", name, norm);
    free(before);
    free(grad);
}

/* The whole backward pass of a 3-layer model. */
static void test_model(void)
{
    nn_model *m = nn_sequential();
    CHECK(nn_add_dense(m, 5, "tanh", MIN_W) == 0, "%s", nn_error());
    CHECK(nn_add_dense(m, 4, "gelu", 0) == 0, "%s", nn_error());
    CHECK(nn_add_dense(m, MOUT, "softmax", 0) == 0, "%s", nn_error());
    CHECK(nn_compile(m, "sgd", "sparse_categorical_crossentropy", NULL) == 0, "%s", nn_error());
    check_model_gradient(m, eval_loss, "model");
    nn_free(m);
}

/* Dropout (with the step's mask held), use_bias=False and L2 all in the way. */
static void test_model_dropout_l2(void)
{
    nn_model *m = nn_sequential();
    CHECK(nn_add_dense_args(m, &(nn_dense_args){ .units = 7, .activation = "tanh", .input_dim = MIN_W,
                                                 .kernel_l2 = 0.05f }) == 0, "%s", nn_error());
    CHECK(nn_add_dropout(m, 0.4f) == 0, "%s", nn_error());
    CHECK(nn_add_dense_args(m, &(nn_dense_args){ .units = 5, .activation = "sigmoid", .no_bias = 1,
                                                 .kernel_l2 = 0.02f }) == 0, "%s", nn_error());
    CHECK(nn_add_dense(m, MOUT, "softmax", 0) == 0, "%s", nn_error());
    CHECK(nn_compile(m, "sgd", "sparse_categorical_crossentropy", NULL) == 0, "%s", nn_error());
    check_model_gradient(m, train_loss, "Dropout, use_bias=False, L2");
    /* the mask did drop something: a zeroed unit of the dropout layer's output */
    train_loss(m);
    int zeros = 0;
    for (int i = 0; i < MB * 7; i++)
        zeros += m->a[1][i] == 0.0f;
    CHECK(zeros > 0 && zeros < MB * 7, "expected some but not all of %d units dropped, got %d", MB * 7, zeros);
    nn_free(m);
}

/* L1 (|w| has a corner at 0: no weight may lie within the step H of it) and L1 with L2, with the
 * per-layer gradient norms that nn_grad_norms reports after the step. */
static void test_model_l1(void)
{
    nn_model *m = nn_sequential();
    CHECK(nn_add_dense_args(m, &(nn_dense_args){ .units = 6, .activation = "tanh", .input_dim = MIN_W,
                                                 .kernel_l1 = 0.05f }) == 0, "%s", nn_error());
    CHECK(nn_add_dense_args(m, &(nn_dense_args){ .units = MOUT, .activation = "softmax", .kernel_l1 = 0.03f,
                                                 .kernel_l2 = 0.02f }) == 0, "%s", nn_error());
    CHECK(nn_compile(m, "sgd", "sparse_categorical_crossentropy", NULL) == 0, "%s", nn_error());
    for (size_t i = 0; i < m->n_params; i++)
        if (fabsf(m->params[i]) < 4 * H)
            m->params[i] = m->params[i] < 0 ? -4 * H : 4 * H;
    check_model_gradient(m, train_loss, "L1, L1 with L2");
    /* check_model_gradient's step left its gradients in the model */
    float norms[3] = { -1, -1, -1 };
    CHECK(nn_grad_norms(m, norms, 3) == 2, "expected 2 Dense layers from nn_grad_norms, got %d",
          nn_grad_norms(m, norms, 3));
    for (int k = 0; k < 2; k++) {
        const nn_layer *L = &m->layers[k];
        double sum = 0;
        for (long i = 0; i < (long)L->in * L->out; i++)
            sum += (double)m->grads[L->w_off + i] * m->grads[L->w_off + i];
        CHECK_NEAR(norms[k], sqrt(sum), 1e-6, 1e-5, "nn_grad_norms: layer's kernel gradient norm");
        CHECK(norms[k] > 0, "expected a non-zero gradient norm for layer %d, got %g", k, (double)norms[k]);
    }
    CHECK(norms[2] == -1, "nn_grad_norms wrote past the Dense layers: %g", (double)norms[2]);
    nn_free(m);
}

int main(void)
{
    nn_rng_seed(&rng, 42);
    RUN(test_activations);
    RUN(test_losses);
    RUN(test_dense);
    RUN(test_model);
    RUN(test_model_dropout_l2);
    RUN(test_model_l1);
    return failures != 0;
}
