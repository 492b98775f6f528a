/* layers.c — Dense with Keras's other arguments (use_bias, initializers, an L2 regularizer) and
 * Dropout: building them, drawing their weights, and the parts of the training step they add. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/ops.h"
#include "model.h"

/* ---- initializers ------------------------------------------------------------------------------ */

#define NN_INIT_NAME(e, name) name,
static const char *const init_names[INIT_COUNT] = { NN_INITIALIZERS(NN_INIT_NAME) };
#undef NN_INIT_NAME

/* Keras's RandomUniform(-0.05, 0.05) and RandomNormal(stddev=0.05) */
#define RANDOM_LIMIT 0.05f
/* the standard deviation of a unit normal truncated to [-2, 2]: VarianceScaling divides by it so
 * that the truncated draws keep the variance scale / n */
#define TRUNCATED_SD 0.87962566103423978f

const char *model_init_name(int init) { return init_names[init]; }

static int init_parse(const char *name, int fallback)
{
    if (!name)
        return fallback;
    for (int i = 0; i < INIT_COUNT; i++)
        if (strcmp(name, init_names[i]) == 0)
            return i;
    return -1;
}

/* a unit normal redrawn until it falls within two standard deviations */
static float truncated_normal(nn_rng *r)
{
    float z;
    do
        z = nn_rng_normal(r);
    while (fabsf(z) > 2.0f);
    return z;
}

/* n values of w (shaped with these fans) drawn by initializer `init` */
static void init_fill(nn_rng *r, int init, float *w, long n, int fan_in, int fan_out)
{
    /* VarianceScaling: (scale, fan): glorot (1, mean of fans), he (2, fan_in), lecun (1, fan_in) */
    float avg = 0.5f * (float)(fan_in + fan_out), var = 0.0f;
    int uniform = 0;
    switch (init) {
    case INIT_GLOROT_UNIFORM: {
        /* U(-limit, limit), limit = sqrt(6 / (fan_in + fan_out)); written out as before the other
         * initializers came, so that default models draw the very same numbers */
        float glorot = sqrtf(6.0f / (float)(fan_in + fan_out));
        for (long i = 0; i < n; i++)
            w[i] = (2.0f * nn_rng_uniform(r) - 1.0f) * glorot;
        return;
    }
    case INIT_GLOROT_NORMAL: var = 1.0f / avg; break;
    case INIT_HE_UNIFORM: var = 2.0f / (float)fan_in; uniform = 1; break;
    case INIT_HE_NORMAL: var = 2.0f / (float)fan_in; break;
    case INIT_LECUN_UNIFORM: var = 1.0f / (float)fan_in; uniform = 1; break;
    case INIT_LECUN_NORMAL: var = 1.0f / (float)fan_in; break;
    case INIT_RANDOM_UNIFORM:
        for (long i = 0; i < n; i++)
            w[i] = (2.0f * nn_rng_uniform(r) - 1.0f) * RANDOM_LIMIT;
        return;
    case INIT_RANDOM_NORMAL:
        for (long i = 0; i < n; i++)
            w[i] = nn_rng_normal(r) * RANDOM_LIMIT;
        return;
    default: /* zeros, ones */
        for (long i = 0; i < n; i++)
            w[i] = init == INIT_ONES ? 1.0f : 0.0f;
        return;
    }
    /* U(-limit, limit) has variance limit² / 3 */
    float limit = sqrtf(3.0f * var), sd = sqrtf(var) / TRUNCATED_SD;
    for (long i = 0; i < n; i++)
        w[i] = uniform ? (2.0f * nn_rng_uniform(r) - 1.0f) * limit : truncated_normal(r) * sd;
}

void model_init_layer(nn_model *m, int l)
{
    nn_layer *L = &m->layers[l];
    if (L->kind != LAYER_DENSE)
        return;
    init_fill(&m->init_rng, L->kernel_init, m->params + L->w_off, (long)L->in * L->out, L->in, L->out);
    /* a bias (units) counts its length as both fans, as Keras's compute_fans does for one axis */
    if (L->use_bias)
        init_fill(&m->init_rng, L->bias_init, m->params + L->b_off, L->out, L->out, L->out);
}

/* ---- building ----------------------------------------------------------------------------------- */

/* the checks of nn_add_dense_args that need no model state; act receives the activation */
static int check_dense_args(const nn_dense_args *a, int *act, int *kinit, int *binit)
{
    char list[256];
    if (a->units <= 0)
        return nn_fail("Dense: units must be a positive integer, got %d", a->units);
    *act = nn_act_parse(a->activation);
    if (*act < 0)
        return nn_fail("Dense: unknown activation \"%s\" (expected %s)", a->activation,
                       nn_names_join(list, sizeof list, nn_act_names, ACT_COUNT));
    if (a->input_dim < 0)
        return nn_fail("Dense: input_dim must be positive, got %d", a->input_dim);
    if (a->no_bias != 0 && a->no_bias != 1)
        return nn_fail("Dense: no_bias must be 0 (use_bias=True) or 1 (use_bias=False), got %d",
                       a->no_bias);
    *kinit = init_parse(a->kernel_initializer, INIT_GLOROT_UNIFORM);
    if (*kinit < 0)
        return nn_fail("Dense: unknown kernel_initializer \"%s\" (expected %s)", a->kernel_initializer,
                       nn_names_join(list, sizeof list, init_names, INIT_COUNT));
    *binit = init_parse(a->bias_initializer, INIT_ZEROS);
    if (*binit < 0)
        return nn_fail("Dense: unknown bias_initializer \"%s\" (expected %s)", a->bias_initializer,
                       nn_names_join(list, sizeof list, init_names, INIT_COUNT));
    if (!isfinite(a->kernel_l2) || a->kernel_l2 < 0)
        return nn_fail("Dense: kernel_regularizer l2 must be a finite number >= 0, got %g",
                       (double)a->kernel_l2);
    if (!isfinite(a->kernel_l1) || a->kernel_l1 < 0)
        return nn_fail("Dense: kernel_regularizer l1 must be a finite number >= 0, got %g",
                       (double)a->kernel_l1);
    return 0;
}

int nn_add_dense_args(nn_model *m, const nn_dense_args *a)
{
    if (model_check(m, "Dense") < 0)
        return -1;
    if (!a)
        return nn_fail("Dense: the arguments are NULL");
    int act = 0, kinit = 0, binit = 0;
    if (check_dense_args(a, &act, &kinit, &binit) < 0)
        return -1;
    int in = model_current_width(m), units = a->units, input_dim = a->input_dim;
    if (input_dim > 0 && in > 0 && input_dim != in)
        return nn_fail("Dense: input_dim=%d does not match the previous layer's %d units",
                       input_dim, in);
    if (input_dim > 0 && m->n_layers > 0)
        return nn_fail("Dense: input_dim is only for the first layer");
    if (in == 0 && input_dim == 0)
        return nn_fail("Dense: the first layer needs input_dim (or an Input before it)");
    if ((long)(in ? in : input_dim) * units > 1L << 28)
        return nn_fail("Dense: %d x %d weights is too large for this engine", in ? in : input_dim, units);
    if (in == 0) {
        in = input_dim;
        m->input_dim = input_dim;
        m->in_ndim = 0;
    }
    char name[32];
    if (m->n_dense == 0)
        snprintf(name, sizeof name, "dense");
    else
        snprintf(name, sizeof name, "dense_%d", m->n_dense);
    nn_layer *L = model_push_layer(m, LAYER_DENSE, act, in, units, !a->no_bias, name);
    if (!L)
        return -1;
    L->kernel_init = kinit;
    L->bias_init = binit;
    L->kernel_l2 = a->kernel_l2;
    L->kernel_l1 = a->kernel_l1;
    m->n_dense++;
    model_init_layer(m, m->n_layers - 1);
    return 0;
}

int nn_add_dense(nn_model *m, int units, const char *activation, int input_dim)
{
    nn_dense_args a = { .units = units, .activation = activation, .input_dim = input_dim };
    return nn_add_dense_args(m, &a);
}

int nn_add_dropout(nn_model *m, float rate)
{
    if (model_check(m, "Dropout") < 0)
        return -1;
    if (!(rate >= 0.0f && rate < 1.0f))
        return nn_fail("Dropout: rate must be in [0, 1), got %g", (double)rate);
    int in = model_current_width(m);
    if (in == 0)
        return nn_fail("Dropout: add a layer (or an Input) before it");
    char name[32];
    if (m->n_dropout == 0)
        snprintf(name, sizeof name, "dropout");
    else
        snprintf(name, sizeof name, "dropout_%d", m->n_dropout);
    nn_layer *L = model_push_layer(m, LAYER_DROPOUT, ACT_LINEAR, in, in, 0, name);
    if (!L)
        return -1;
    L->rate = rate;
    m->n_dropout++;
    return 0;
}

/* ---- the training step's extra parts ---------------------------------------------------------- */

static int layer_regularized(const nn_layer *L)
{
    return L->kind == LAYER_DENSE && (L->kernel_l2 != 0.0f || L->kernel_l1 != 0.0f);
}

int model_has_l2(const nn_model *m)
{
    for (int l = 0; l < m->n_layers; l++)
        if (layer_regularized(&m->layers[l]))
            return 1;
    return 0;
}

/* the penalty of the parameter block p, laid out as m->params */
static double penalty_of(const nn_model *m, const float *p)
{
    double total = 0.0;
    for (int l = 0; l < m->n_layers; l++) {
        const nn_layer *L = &m->layers[l];
        if (!layer_regularized(L))
            continue;
        const float *w = p + L->w_off;
        double squares = 0.0, sizes = 0.0;
        for (long i = 0; i < (long)L->in * L->out; i++) {
            squares += (double)w[i] * w[i];
            sizes += fabs((double)w[i]);
        }
        total += (double)L->kernel_l2 * squares + (double)L->kernel_l1 * sizes;
    }
    return total;
}

double model_l2_penalty(const nn_model *m) { return penalty_of(m, m->params); }

int model_l2_penalty_now(nn_model *m, double *penalty)
{
    *penalty = 0.0;
    if (!model_has_l2(m))
        return 0;
    if (m->be == &nn_backend_cpu) {
        *penalty = penalty_of(m, m->params);
        return 0;
    }
    float *p = malloc(m->n_params * sizeof *p);
    if (!p)
        return nn_fail("out of memory reading the weights for the L2 penalty");
    int rc = m->be->read_params(m, p);
    if (rc == 0)
        *penalty = penalty_of(m, p);
    free(p);
    return rc;
}

void model_l2_gradient(const nn_layer *L, const float *w, float *g, long rows, long cols, long ld)
{
    if (!layer_regularized(L))
        return;
    float twice = 2.0f * L->kernel_l2, l1 = L->kernel_l1;
    for (long r = 0; r < rows; r++)
        for (long i = r * ld; i < r * ld + cols; i++)
            g[i] += twice * w[i] + (w[i] > 0.0f ? l1 : w[i] < 0.0f ? -l1 : 0.0f);
}

void model_dropout(const nn_model *m, int l, float *out, const float *in, int B)
{
    const nn_layer *L = &m->layers[l];
    dropout_apply(out, in, m->seed, (uint32_t)l, (uint32_t)m->iterations, L->rate,
                  (size_t)B * L->out);
}

/* ---- inspecting and editing between batches --------------------------------------------------- */

int nn_grad_norms(const nn_model *m, float *norms, int n)
{
    if (!m || (!norms && n > 0))
        return nn_fail("grad_norms: the model or the buffer is NULL");
    if (m->be != &nn_backend_cpu)
        return nn_fail("grad_norms: the %s engine keeps its gradients on the device", m->be->name);
    int k = 0;
    for (int l = 0; l < m->n_layers; l++) {
        const nn_layer *L = &m->layers[l];
        if (L->kind != LAYER_DENSE)
            continue;
        if (k < n) {
            double sum = 0.0;
            const float *g = m->grads ? m->grads + L->w_off : NULL; /* NULL before compile */
            for (long i = 0; g && i < (long)L->in * L->out; i++)
                sum += (double)g[i] * g[i];
            norms[k] = (float)sqrt(sum);
        }
        k++;
    }
    return k;
}

int nn_set_weight(nn_model *m, int layer, int i, int j, float value)
{
    if (!m) /* not model_check: this one also works inside a fit */
        return nn_fail("set_weight: the model is NULL");
    if (layer < 0 || layer >= m->n_layers || m->layers[layer].kind != LAYER_DENSE)
        return nn_fail("set_weight: layer %d is not a Dense layer of this model (%d layers)", layer,
                       m->n_layers);
    const nn_layer *L = &m->layers[layer];
    if (i < 0 || i >= L->in || j < 0 || j >= L->out)
        return nn_fail("set_weight: kernel[%d][%d] is outside %s's (%d, %d) kernel", i, j, L->name,
                       L->in, L->out);
    if (!isfinite(value))
        return nn_fail("set_weight: the value must be a finite number, got %g", (double)value);
    if (atomic_load(&m->fitting) && m->be != &nn_backend_cpu)
        return nn_fail("set_weight: the %s engine holds the weights on the device during fit; "
                       "set them between fits", m->be->name);
    /* between fits a watcher's snapshot_read copies params under this lock */
    pthread_mutex_lock(&m->snap_lock);
    m->params[L->w_off + (size_t)i * L->out + j] = value;
    pthread_mutex_unlock(&m->snap_lock);
    m->be_stale |= 1;
    /* a fresh snapshot at the same place, so that the watcher's copy shows the edit */
    nn_snapshot_info at = m->snap_info; /* only this thread writes it */
    model_publish(m, at.epoch, at.batch, at.loss, at.metric, 1);
    return 0;
}
