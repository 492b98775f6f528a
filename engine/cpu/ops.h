/* ops.h — the CPU engine's operations: activations, dense layer, losses, metrics, optimizers.
 * Layers come as <op>_forward / <op>_backward pairs; outputs first, then inputs, then sizes;
 * a d prefix marks a gradient. Everything is row-major float32. */
#ifndef NEURONE_OPS_H
#define NEURONE_OPS_H

#include <stddef.h>
#include <stdint.h>

#include "../kinds.h"
#include "gemm.h"

/* a = f(z), elementwise, or per row for softmax. z, a (rows, cols); a may alias z. */
void act_forward(int act, float *a, const float *z, int rows, int cols);
/* dz = da ⊙ f'(z), or the softmax Jacobian-vector product per row. dz may alias da. */
void act_backward(int act, float *dz, const float *da, const float *z, const float *a, int rows, int cols);

/* out = inp · weight + bias.  out (B, n_out), inp (B, n_in), weight (n_in, n_out), bias (n_out) */
void dense_forward(float *out, const float *inp, const float *weight, const float *bias,
                   int B, int n_in, int n_out);
/* The optimizer's step fused into dense_backward: weights() on each block of the weight gradient
 * (rows and columns of (n_in, n_out)) by the thread that computed it, while it is in that core's
 * cache; bias() once the bias gradient is summed. */
typedef struct nn_dense_update {
    void (*weights)(void *ctx, int r0, int rows, int c0, int cols);
    void (*bias)(void *ctx);
    void *ctx;
} nn_dense_update;

/* dinp = dout · weightᵀ (skipped when dinp is NULL), then dweight = inpᵀ · dout and
 * dbias = Σ_rows dout; bias and dbias are NULL for a layer without bias (use_bias=False).
 * Gradients are overwritten, not accumulated. update (NULL: none) may change weight and bias once
 * their gradients are known: dinp was computed from the weights before it. */
void dense_backward(float *dinp, float *dweight, float *dbias, const float *dout,
                    const float *inp, const float *weight, int B, int n_in, int n_out,
                    const nn_dense_update *update);

/* Dropout's mask, the same in C and in the shaders: unit `index` (row·width + column) of layer
 * `layer` at optimizer step `step` is kept when (dropout_hash(...) >> 8) >= dropout_threshold(rate),
 * so that it is dropped with probability rate, to 2^-24. */
uint32_t dropout_hash(uint32_t seed, uint32_t layer, uint32_t step, uint32_t index);
uint32_t dropout_threshold(float rate);
/* out = in ⊙ mask / (1 - rate), n values; out may alias in. The backward pass is the same call on
 * the gradient, since the mask is recomputed from (seed, layer, step). */
void dropout_apply(float *out, const float *in, uint32_t seed, uint32_t layer, uint32_t step,
                   float rate, size_t n);

/* Per-sample loss summed over the batch, in double. a and z (B, units) are the last layer's
 * output and pre-activation; y is shaped by the loss (see nn.h). */
double loss_forward(int loss, int from_logits, const float *a, const float *z, const float *y,
                    int B, int units);
/* The gradient of the batch-mean loss with respect to the last layer's pre-activation z:
 * dz (B, units). Softmax + cross-entropy and sigmoid + binary cross-entropy are fused
 * (dz = (p - y) / B), as TensorFlow's Keras does through the logits. */
void loss_backward(int loss, int from_logits, int act, float *dz, const float *a, const float *z,
                   const float *y, int B, int units);
/* Sum over the batch of each sample's accuracy (0..1). */
double metric_sum(int metric, const float *a, const float *y, int B, int units);

/* ---- optimizers (optimizers.c): one row per optimizer, numbered by kinds.h's NN_OPTIMIZERS ---- */

/* One Keras update step on a block of parameters: `rows` rows of `cols`, `ld` floats apart (a
 * column stripe of a weight matrix; rows = 1 for a plain stretch). slot0 and slot1 are the
 * matching blocks of the two state arrays (momentum / m / accumulator, and v); t is the 1-based
 * iteration. Every optimizer works parameter by parameter, so any cut of the parameters into
 * blocks gives the same result. */
typedef void (*nn_opt_update_fn)(const nn_hparams *hp, float *param, const float *grad, float *slot0,
                                 float *slot1, long rows, long cols, long ld, long t);

typedef struct nn_optimizer {
    nn_hparams defaults;          /* Keras's */
    /* the hyperparameters it accepts besides learning_rate and epsilon, which all accept;
     * NULL-terminated, names from nn_hparams */
    const char *params[4];
    /* the value that state slot 0 starts at (adagrad's accumulator); NULL: zero */
    double (*slot0_start)(const nn_hparams *hp);
    nn_opt_update_fn update;
} nn_optimizer;

/* opt's row; opt must be one of enum nn_opt */
const nn_optimizer *nn_optimizer_row(int opt);
/* Keras's defaults for this optimizer. */
nn_hparams nn_opt_defaults(int opt);
/* Initial state of n parameters: slot 1 zeros, slot 0 zeros or the optimizer's start value. */
void nn_opt_init_state(int opt, const nn_hparams *hp, float *slot0, float *slot1, size_t n);
/* nn_optimizer_row(opt)->update on n consecutive parameters */
void nn_opt_update(int opt, const nn_hparams *hp, float *param, const float *grad, float *slot0,
                   float *slot1, size_t n, long t);
/* nn_optimizer_row(opt)->update on a block (see nn_opt_update_fn) */
void nn_opt_update_block(int opt, const nn_hparams *hp, float *param, const float *grad,
                         float *slot0, float *slot1, long rows, long cols, long ld, long t);

#endif
