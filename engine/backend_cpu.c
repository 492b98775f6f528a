/* backend_cpu.c — the CPU engine (cpu/) as a backend table: the training step (forward, loss,
 * backward, update) and the forward pass, on the host, in the model's own buffers. */
#include <string.h>

#include "cpu/ops.h"
#include "model.h"
#include "util/pool.h"

/* The optimizer step touches four arrays as long as the model (params, grads, two state slots)
 * and, for Adam, does a square root and a division per parameter: on the course's 784-128-10
 * model at batch 32 it costs a third as much as the matrix products. Models of more than
 * UPDATE_MIN parameters split it evenly across the worker pool, one chunk per thread, each a whole
 * number of cache lines (16 floats) so that no two threads write the same line. */
#define UPDATE_MIN 16384

typedef struct update_job {
    nn_model *m;
    size_t chunk; /* parameters per task */
} update_job;

static void update_chunk(void *ctx, int task)
{
    const update_job *u = ctx;
    nn_model *m = u->m;
    size_t off = (size_t)task * u->chunk, n = m->n_params - off;
    n = n < u->chunk ? n : u->chunk;
    nn_opt_update(m->opt, &m->hp, m->params + off, m->grads + off, m->opt_state + off,
                  m->opt_state + m->n_params + off, n, m->iterations);
}

static void update_params(nn_model *m)
{
    int threads = nn_pool_threads();
    update_job u = {m, m->n_params};
    if (threads > 1 && m->n_params > UPDATE_MIN) {
        size_t share = (m->n_params + (size_t)threads - 1) / (size_t)threads;
        u.chunk = (share + 15) / 16 * 16;
    }
    int chunks = (int)((m->n_params + u.chunk - 1) / u.chunk);
    if (chunks > 1)
        nn_pool_run(chunks, update_chunk, &u);
    else
        update_chunk(&u, 0);
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
        dense_backward(l > first_dense ? dnext : NULL, m->grads + ly->w_off,
                       ly->use_bias ? m->grads + ly->b_off : NULL, d, inp, m->params + ly->w_off, B,
                       ly->in, ly->out);
        float *t = d;
        d = dnext;
        dnext = t;
    }
    model_l2_gradient(m);
    m->iterations++;
    update_params(m);
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
    train_step(m, x, y, B, &m->cpu_result.loss_sum, &m->cpu_result.metric_sum);
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
    const float *o = model_forward(m, x, B);
    memcpy(out, o, (size_t)B * nn_output_dim(m) * sizeof *out);
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
