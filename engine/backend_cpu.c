/* backend_cpu.c — the CPU engine (cpu/) as a backend table: the training step (forward, loss,
 * backward, update) and the forward pass, on the host, in the model's own buffers. */
#include <string.h>

#include "cpu/ops.h"
#include "model.h"
#include "util/fpmode.h"

/* The optimizer's step runs inside the backward pass, a layer at a time (nn_dense_update): each
 * thread updates the rows of the weights whose gradient it has just computed, while that gradient
 * is in its cache, and its share of the weights, gradient and optimizer state is one stretch of
 * memory, the same from step to step (dense_backward cuts the product by rows). On the course's
 * 784-128-10 model at batch 32 a separate pass over the four arrays cost half as much as all the
 * matrix products. Each optimizer works parameter by parameter, so the cut changes no bit. */
typedef struct layer_update {
    nn_model *m;
    const nn_layer *ly;
    long t; /* the 1-based iteration that this step makes */
} layer_update;

static void update_weights(void *ctx, int r0, int rows, int c0, int cols)
{
    const layer_update *u = ctx;
    nn_model *m = u->m;
    long ld = u->ly->out, off = (long)u->ly->w_off + (long)r0 * ld + c0;
    model_l2_gradient(u->ly, m->params + off, m->grads + off, rows, cols, ld);
    nn_opt_update_block(m->opt, &m->hp, m->params + off, m->grads + off, model_slot(m, 0) + off,
                        model_slot(m, 1) + off, rows, cols, ld, u->t);
}

static void update_bias(void *ctx)
{
    const layer_update *u = ctx;
    nn_model *m = u->m;
    size_t off = u->ly->b_off;
    nn_opt_update(m->opt, &m->hp, m->params + off, m->grads + off, model_slot(m, 0) + off,
                  model_slot(m, 1) + off, (size_t)u->ly->out, u->t);
}

/* Backward pass and update for the batch whose forward pass is in the workspace. */
static void backward_update(nn_model *m, const float *x, const float *y, int B)
{
    int L = m->n_layers, units = nn_output_dim(m);
    const nn_layer *last = &m->layers[L - 1];
    int first_dense = 0;
    while (m->layers[first_dense].kind != LAYER_DENSE)
        first_dense++;

    float *d = m->dbuf0, *dnext = m->dbuf1; /* (B, layer width) */
    loss_backward(m->loss, m->from_logits, last->act, d, m->a[L - 1], m->z[L - 1], y, B, units);
    for (int l = L - 1; l >= first_dense; l--) {
        const nn_layer *ly = &m->layers[l];
        /* d holds dL/da of layer l, except for the last layer, where it is already dL/dz */
        if (l != L - 1)
            act_backward(ly->act, d, d, m->z[l], m->a[l], B, ly->out);
        if (ly->kind == LAYER_DROPOUT)
            model_dropout(m, l, d, d, B); /* the same mask and scale on the gradient */
        if (ly->kind != LAYER_DENSE)
            continue; /* Flatten and Softmax pass dz through as the gradient of their input */
        const float *inp = l > 0 ? m->a[l - 1] : x; /* (B, in) */
        layer_update u = {m, ly, m->iterations + 1};
        nn_dense_update update = {update_weights, update_bias, &u};
        dense_backward(l > first_dense ? dnext : NULL, m->grads + ly->w_off,
                       ly->use_bias ? m->grads + ly->b_off : NULL, d, inp, m->params + ly->w_off, B,
                       ly->in, ly->out, &update);
        float *t = d;
        d = dnext;
        dnext = t;
    }
    /* after the backward pass, whose dropout masks are those of the forward pass's iteration */
    m->iterations++;
}

/* One training step; returns the sums over the batch of the loss and the metric. */
static void train_step(nn_model *m, const float *x, const float *y, int B, double *loss_sum,
                       double *metric_sum_out)
{
    int L = m->n_layers, units = nn_output_dim(m);
    m->training = 1;
    const float *out = model_forward(m, x, B);
    m->training = 0;
    /* the regularizers' penalty, on the weights before this step, counts once per sample, so that
     * the batch-weighted mean that fit reports is Keras's loss + Σ penalties */
    *loss_sum = loss_forward(m->loss, m->from_logits, out, m->z[L - 1], y, B, units) +
                (double)B * model_l2_penalty(m);
    *metric_sum_out = m->metric ? metric_sum(m->metric, out, y, B, units) : 0.0;
    backward_update(m, x, y, B);
}

/* ---- the table ------------------------------------------------------------------------------------ */

static int cpu_attach(nn_model *m) { (void)m; return 0; }
static void cpu_detach(nn_model *m) { (void)m; }
static int cpu_sync(nn_model *m) { (void)m; return 0; }

static int cpu_read_params(nn_model *m, float *dst)
{
    memcpy(dst, m->params, m->n_params * sizeof *dst);
    return 0;
}

static int cpu_step_submit(nn_model *m, const float *x, const float *y, int B)
{
    if (model_reserve(m, B) < 0)
        return -1;
    unsigned fp = nn_fp_flush_begin(); /* as TensorFlow trains: see fpmode.h */
    train_step(m, x, y, B, &m->cpu_result.loss_sum, &m->cpu_result.metric_sum);
    nn_fp_end(fp);
    return 0;
}

static int cpu_step_collect(nn_model *m, nn_step_result *r)
{
    *r = m->cpu_result;
    return 0;
}

static int cpu_forward(nn_model *m, const float *x, int B, float *out)
{
    if (model_reserve(m, B) < 0)
        return -1;
    unsigned fp = nn_fp_flush_begin();
    const float *o = model_forward(m, x, B);
    memcpy(out, o, (size_t)B * nn_output_dim(m) * sizeof *out);
    nn_fp_end(fp);
    return 0;
}

const nn_backend nn_backend_cpu = {
    .name = "cpu",
    .attach = cpu_attach,
    .detach = cpu_detach,
    .upload = cpu_sync,
    .download = cpu_sync,
    .read_params = cpu_read_params,
    .step_submit = cpu_step_submit,
    .step_collect = cpu_step_collect,
    .forward = cpu_forward,
    .max_in_flight = 1,
};
