/* optimizers.c — the optimizers, one row each: Keras's defaults, the hyperparameters it accepts,
 * its starting state and its update step. The Vulkan engine's twin is shaders/update.comp. */
#include <math.h>
#include <string.h>

#include "gemm_kernels.h"
#include "ops.h"

/* Keras's defaults, shared by every optimizer but for the learning rate */
#define KERAS_DEFAULTS(lr) { .learning_rate = (lr), .beta_1 = 0.9, .beta_2 = 0.999, .epsilon = 1e-7, \
                             .rho = 0.9, .initial_accumulator_value = 0.1 }

static void sgd_update(const nn_hparams *hp, float *param, const float *grad, float *slot0,
                       float *slot1, long rows, long cols, long ld, long t)
{
    float lr = (float)hp->learning_rate, mu = (float)hp->momentum;
    for (long r = 0; r < rows; r++) {
        long end = r * ld + cols;
        if (hp->momentum == 0.0) {
            for (long i = r * ld; i < end; i++)
                param[i] -= lr * grad[i];
            continue;
        }
        /* Keras: v = μ·v - lr·g; w += v, or w += μ·v - lr·g with Nesterov */
        for (long i = r * ld; i < end; i++) {
            float v = mu * slot0[i] - lr * grad[i];
            slot0[i] = v;
            param[i] += hp->nesterov ? mu * v - lr * grad[i] : v;
        }
    }
}

/* The reference loop; the kernel tables' vector versions must match it to the bit. */
void nn_adam_ref(float *param, const float *grad, float *m, float *v, long rows, long cols,
                 long ld, const nn_adam_step *s)
{
    for (long r = 0; r < rows; r++)
        for (long i = r * ld; i < r * ld + cols; i++) {
            float g = grad[i];
            m[i] += (g - m[i]) * s->one_minus_b1;
            v[i] += (g * g - v[i]) * s->one_minus_b2;
            param[i] -= s->alpha * m[i] / (sqrtf(v[i]) + s->epsilon);
        }
}

static void adam_update(const nn_hparams *hp, float *param, const float *grad, float *slot0,
                        float *slot1, long rows, long cols, long ld, long t)
{
    /* Keras folds the bias corrections into the step: α = lr·√(1-β2^t)/(1-β1^t) */
    double alpha = hp->learning_rate * sqrt(1.0 - pow(hp->beta_2, (double)t)) /
                   (1.0 - pow(hp->beta_1, (double)t));
    nn_adam_step s = {
        .alpha = (float)alpha,
        .one_minus_b1 = 1.0f - (float)hp->beta_1,
        .one_minus_b2 = 1.0f - (float)hp->beta_2,
        .epsilon = (float)hp->epsilon,
    };
    /* the instruction set of the matrix products' kernel: the tests that pick one pick both */
    nn_gemm_current()->adam(param, grad, slot0, slot1, rows, cols, ld, &s);
}

static void rmsprop_update(const nn_hparams *hp, float *param, const float *grad, float *slot0,
                           float *slot1, long rows, long cols, long ld, long t)
{
    float lr = (float)hp->learning_rate, eps = (float)hp->epsilon, rho = (float)hp->rho;
    for (long r = 0; r < rows; r++)
        for (long i = r * ld; i < r * ld + cols; i++) {
            float g = grad[i];
            slot0[i] = rho * slot0[i] + (1.0f - rho) * g * g;
            param[i] -= lr * g / sqrtf(slot0[i] + eps);
        }
}

static void adagrad_update(const nn_hparams *hp, float *param, const float *grad, float *slot0,
                           float *slot1, long rows, long cols, long ld, long t)
{
    float lr = (float)hp->learning_rate, eps = (float)hp->epsilon;
    for (long r = 0; r < rows; r++)
        for (long i = r * ld; i < r * ld + cols; i++) {
            slot0[i] += grad[i] * grad[i];
            param[i] -= lr * grad[i] / sqrtf(slot0[i] + eps);
        }
}

static double adagrad_start(const nn_hparams *hp) { return hp->initial_accumulator_value; }

static const nn_optimizer optimizers[OPT_COUNT] = {
    [OPT_SGD] = { KERAS_DEFAULTS(0.01), { "momentum", "nesterov" }, NULL, sgd_update },
    [OPT_ADAM] = { KERAS_DEFAULTS(0.001), { "beta_1", "beta_2" }, NULL, adam_update },
    [OPT_RMSPROP] = { KERAS_DEFAULTS(0.001), { "rho" }, NULL, rmsprop_update },
    [OPT_ADAGRAD] = { KERAS_DEFAULTS(0.001), { "initial_accumulator_value" }, adagrad_start,
                      adagrad_update },
};

const nn_optimizer *nn_optimizer_row(int opt) { return &optimizers[opt]; }

nn_hparams nn_opt_defaults(int opt) { return optimizers[opt].defaults; }

void nn_opt_init_state(int opt, const nn_hparams *hp, float *slot0, float *slot1, size_t n)
{
    /* slot 0: momentum, m, or accumulator; slot 1: v */
    double (*start)(const nn_hparams *) = optimizers[opt].slot0_start;
    float v = start ? (float)start(hp) : 0.0f;
    for (size_t i = 0; i < n; i++)
        slot0[i] = v;
    memset(slot1, 0, n * sizeof *slot1);
}

void nn_opt_update(int opt, const nn_hparams *hp, float *param, const float *grad, float *slot0,
                   float *slot1, size_t n, long t)
{
    optimizers[opt].update(hp, param, grad, slot0, slot1, 1, (long)n, (long)n, t);
}

void nn_opt_update_block(int opt, const nn_hparams *hp, float *param, const float *grad,
                         float *slot0, float *slot1, long rows, long cols, long ld, long t)
{
    optimizers[opt].update(hp, param, grad, slot0, slot1, rows, cols, ld, t);
}
