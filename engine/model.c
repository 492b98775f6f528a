/* model.c — building, compiling and inspecting a Sequential model; its memory; snapshots. */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/ops.h"
#include "model.h"
#include "util/pool.h"

#define DEFAULT_SEED 1337u /* any fixed value: a model is reproducible from its seed */

/* ---- life --------------------------------------------------------------------------------------- */

nn_model *nn_sequential(void)
{
    nn_model *m = calloc(1, sizeof *m);
    if (!m)
        return nn_fail_null("out of memory creating a model");
    strcpy(m->name, "sequential");
    m->seed = DEFAULT_SEED;
    m->be = &nn_backend_cpu;
    nn_rng_seed(&m->init_rng, m->seed);
    pthread_mutex_init(&m->snap_lock, NULL);
    return m;
}

/* n floats rounded up to whole 64-byte lines of 16 */
static size_t whole_lines(size_t n) { return (n + 15) / 16 * 16; }

float *model_floats(size_t n)
{
    size_t bytes = (n ? n : 1) * sizeof(float);
    return aligned_alloc(64, (bytes + 63) / 64 * 64);
}

static void free_training(nn_model *m)
{
    free(m->grads);
    free(m->opt_state);
    free(m->work);
    free(m->z);
    free(m->a);
    m->grads = m->opt_state = m->work = NULL;
    m->z = m->a = NULL;
    m->work_batch = 0;
}

void nn_free(nn_model *m)
{
    if (!m)
        return;
    m->be->detach(m);
    free_training(m);
    free(m->params);
    free(m->snap);
    free(m->layers);
    pthread_mutex_destroy(&m->snap_lock);
    free(m);
}

void nn_history_free(nn_history *h)
{
    if (!h)
        return;
    free(h->loss);
    free(h->metric);
    free(h->val_loss);
    free(h->val_metric);
    memset(h, 0, sizeof *h);
}

/* ---- building ----------------------------------------------------------------------------------- */

int model_check(const nn_model *m, const char *fn)
{
    if (!m)
        return nn_fail("%s: the model is NULL", fn);
    if (atomic_load(&m->fitting))
        return nn_fail("%s: the model is training; wait for fit to end", fn);
    return 0;
}

/* Appends a layer of `in` -> `out` units; a Dense one also gets its parameters. Adding a layer
 * un-compiles the model, as in Keras, where a changed model must be compiled again. */
nn_layer *model_push_layer(nn_model *m, int kind, int act, int in, int out, int use_bias,
                           const char *name)
{
    if (m->n_layers == m->cap_layers) {
        int cap = m->cap_layers ? 2 * m->cap_layers : 8;
        nn_layer *grown = realloc(m->layers, (size_t)cap * sizeof *grown);
        if (!grown)
            return nn_fail_null("out of memory adding a layer");
        m->layers = grown;
        m->cap_layers = cap;
    }
    nn_layer *L = &m->layers[m->n_layers];
    memset(L, 0, sizeof *L);
    L->kind = kind;
    L->act = act;
    L->in = in;
    L->out = out;
    snprintf(L->name, sizeof L->name, "%s", name);
    L->use_bias = use_bias;
    if (kind == LAYER_DENSE) {
        size_t count = (size_t)in * out + (use_bias ? (size_t)out : 0);
        float *grown = model_floats(m->n_params + count);
        if (!grown)
            return nn_fail_null("out of memory: a Dense layer of %d x %d", in, out);
        if (m->n_params)
            memcpy(grown, m->params, m->n_params * sizeof *grown);
        free(m->params);
        m->params = grown;
        L->w_off = m->n_params;
        L->b_off = m->n_params + (size_t)in * out;
        m->n_params += count;
    }
    m->n_layers++;
    m->be_stale = 2;
    if (m->compiled) {
        m->compiled = 0;
        free_training(m);
    }
    free(m->snap);
    m->snap = NULL;
    m->snap_info.version = 0;
    return L;
}

int model_current_width(const nn_model *m)
{
    return m->n_layers ? m->layers[m->n_layers - 1].out : m->input_dim;
}

int nn_add_input(nn_model *m, int ndim, const int *shape)
{
    if (model_check(m, "Input") < 0)
        return -1;
    if (m->n_layers > 0 || m->input_dim > 0)
        return nn_fail("Input: the input must come first, before any layer");
    if (ndim < 1 || ndim > 3 || !shape)
        return nn_fail("Input: shape must have 1 to 3 dimensions, got %d", ndim);
    long dim = 1;
    for (int i = 0; i < ndim; i++) {
        if (shape[i] <= 0)
            return nn_fail("Input: dimension %d of the shape must be positive, got %d", i, shape[i]);
        dim *= shape[i];
        if (dim > 1L << 24)
            return nn_fail("Input: a sample of more than %ld values is too large", 1L << 24);
    }
    m->in_ndim = ndim;
    memcpy(m->in_shape, shape, (size_t)ndim * sizeof *shape);
    m->input_dim = (int)dim;
    return 0;
}

int nn_add_flatten(nn_model *m)
{
    if (model_check(m, "Flatten") < 0)
        return -1;
    int in = model_current_width(m);
    if (in == 0)
        return nn_fail("Flatten: declare the input shape first (nn_add_input)");
    return model_push_layer(m, LAYER_FLATTEN, ACT_LINEAR, in, in, 0, "flatten") ? 0 : -1;
}

int nn_add_softmax(nn_model *m)
{
    if (model_check(m, "Softmax") < 0)
        return -1;
    int in = model_current_width(m);
    if (in == 0)
        return nn_fail("Softmax: add a layer before it");
    return model_push_layer(m, LAYER_SOFTMAX, ACT_SOFTMAX, in, in, 0, "softmax") ? 0 : -1;
}

int nn_set_seed(nn_model *m, unsigned seed)
{
    if (model_check(m, "set_seed") < 0)
        return -1;
    m->seed = seed;
    nn_rng_seed(&m->init_rng, seed);
    for (int l = 0; l < m->n_layers; l++)
        model_init_layer(m, l);
    m->be_stale |= 1;
    return 0;
}

int nn_set_name(nn_model *m, const char *name)
{
    if (model_check(m, "set_name") < 0)
        return -1;
    if (!name || !*name || strlen(name) >= sizeof m->name)
        return nn_fail("set_name: the name must have 1 to %zu characters", sizeof m->name - 1);
    strcpy(m->name, name);
    return 0;
}

/* ---- compiling ---------------------------------------------------------------------------------- */

int model_alloc_training(nn_model *m)
{
    free_training(m);
    m->slot_stride = whole_lines(m->n_params);
    m->grads = model_floats(m->n_params);
    m->opt_state = model_floats(m->slot_stride * NN_OPT_SLOTS);
    if (m->grads)
        memset(m->grads, 0, (m->n_params ? m->n_params : 1) * sizeof(float));
    if (!m->grads || !m->opt_state) {
        free_training(m);
        return nn_fail("out of memory for the gradients of %zu parameters", m->n_params);
    }
    nn_opt_init_state(m->opt, &m->hp, model_slot(m, 0), model_slot(m, 1), m->n_params);
    m->iterations = 0;
    m->be_stale |= 1;
    return 0;
}

/* Keras's "accuracy": binary, categorical or sparse, from the loss and the output width. */
static int resolve_accuracy(int loss, int units)
{
    switch (loss) {
    case LOSS_BCE: return METRIC_BINARY_ACC;
    case LOSS_CCE: return METRIC_CATEGORICAL_ACC;
    case LOSS_SPARSE_CCE: return METRIC_SPARSE_ACC;
    }
    return units == 1 ? METRIC_BINARY_ACC : METRIC_CATEGORICAL_ACC;
}

int nn_compile(nn_model *m, const char *optimizer, const char *loss, const char *metric)
{
    if (model_check(m, "compile") < 0)
        return -1;
    int has_dense = 0;
    for (int l = 0; l < m->n_layers; l++)
        has_dense |= m->layers[l].kind == LAYER_DENSE;
    if (!has_dense)
        return nn_fail("compile: the model has no Dense layer to train; add one first");
    int opt = nn_opt_parse(optimizer);
    char list[256];
    if (opt < 0)
        return nn_fail("compile: unknown optimizer \"%s\" (expected %s)", optimizer ? optimizer : "(null)",
                       nn_names_join(list, sizeof list, nn_opt_names, OPT_COUNT));
    int lo = nn_loss_parse(loss);
    if (lo < 0)
        return nn_fail("compile: unknown loss \"%s\" (expected categorical_crossentropy, "
                       "sparse_categorical_crossentropy, binary_crossentropy, mse or mae)",
                       loss ? loss : "(null)");
    int units = nn_output_dim(m);
    if ((lo == LOSS_CCE || lo == LOSS_SPARSE_CCE) && units < 2)
        return nn_fail("compile: %s needs at least 2 output units, the model has %d "
                       "(for two classes on one unit, use binary_crossentropy)", nn_loss_name(lo), units);
    int me = METRIC_NONE;
    if (metric && strcmp(metric, "accuracy") != 0 && strcmp(metric, "acc") != 0)
        return nn_fail("compile: unknown metric \"%s\" (expected \"accuracy\" or none)", metric);
    if (metric)
        me = resolve_accuracy(lo, units);
    m->opt = opt;
    m->loss = lo;
    m->metric = me;
    m->from_logits = 0;
    m->hp = nn_opt_defaults(opt);
    if (model_alloc_training(m) < 0)
        return -1;
    m->compiled = 1;
    return 0;
}

/* ---- optimizer hyperparameters ---------------------------------------------------------------- */

enum param_range { RANGE_POSITIVE, RANGE_UNIT, RANGE_NON_NEGATIVE, RANGE_FLAG };

/* nn_set_optimizer_param's names, in the order its error lists them. learning_rate and epsilon
 * apply to every optimizer; the others to those whose row in cpu/optimizers.c names them. */
static const struct opt_param {
    const char *name, *alias;
    size_t field;             /* offset inside nn_hparams */
    int range;                /* enum param_range; a flag is the int nesterov */
    int restarts_state;       /* the optimizer's state starts from it, while no step was taken */
} opt_params[] = {
    { "learning_rate", "lr", offsetof(nn_hparams, learning_rate), RANGE_POSITIVE, 0 },
    { "momentum", NULL, offsetof(nn_hparams, momentum), RANGE_UNIT, 0 },
    { "nesterov", NULL, offsetof(nn_hparams, nesterov), RANGE_FLAG, 0 },
    { "beta_1", NULL, offsetof(nn_hparams, beta_1), RANGE_UNIT, 0 },
    { "beta_2", NULL, offsetof(nn_hparams, beta_2), RANGE_UNIT, 0 },
    { "epsilon", NULL, offsetof(nn_hparams, epsilon), RANGE_POSITIVE, 0 },
    { "rho", NULL, offsetof(nn_hparams, rho), RANGE_UNIT, 0 },
    { "initial_accumulator_value", NULL, offsetof(nn_hparams, initial_accumulator_value),
      RANGE_NON_NEGATIVE, 1 },
};
#define N_OPT_PARAMS (int)(sizeof opt_params / sizeof opt_params[0])

static int opt_accepts(int opt, const struct opt_param *p)
{
    if (p->field == offsetof(nn_hparams, learning_rate) || p->field == offsetof(nn_hparams, epsilon))
        return 1;
    const char *const *names = nn_optimizer_row(opt)->params;
    for (int i = 0; i < 4 && names[i]; i++)
        if (strcmp(names[i], p->name) == 0)
            return 1;
    return 0;
}

/* "sgd or adam": the optimizers that accept p, for a message */
static char *accepting(char *buf, size_t size, const struct opt_param *p)
{
    const char *names[OPT_COUNT];
    int n = 0;
    for (int opt = 0; opt < OPT_COUNT; opt++)
        if (opt_accepts(opt, p))
            names[n++] = nn_opt_name(opt);
    return nn_names_join(buf, size, names, n);
}

static int check_range(const struct opt_param *p, double value)
{
    if (p->range == RANGE_POSITIVE && value <= 0)
        return nn_fail("set_optimizer_param: %s must be positive, got %g", p->name, value);
    if (p->range == RANGE_UNIT && (value < 0 || value >= 1))
        return nn_fail("set_optimizer_param: %s must be in [0, 1), got %g", p->name, value);
    if (p->range == RANGE_NON_NEGATIVE && value < 0)
        return nn_fail("set_optimizer_param: %s must be >= 0, got %g", p->name, value);
    return 0;
}

int nn_set_optimizer_param(nn_model *m, const char *name, double value)
{
    if (model_check(m, "set_optimizer_param") < 0)
        return -1;
    if (!m->compiled)
        return nn_fail("set_optimizer_param: compile the model first");
    if (!name)
        return nn_fail("set_optimizer_param: the name is NULL");
    if (!isfinite(value))
        return nn_fail("set_optimizer_param: %s must be a finite number", name);
    const struct opt_param *p = NULL;
    for (int i = 0; i < N_OPT_PARAMS && !p; i++)
        if (strcmp(name, opt_params[i].name) == 0 ||
            (opt_params[i].alias && strcmp(name, opt_params[i].alias) == 0))
            p = &opt_params[i];
    char list[256];
    if (!p) {
        const char *names[N_OPT_PARAMS];
        for (int i = 0; i < N_OPT_PARAMS; i++)
            names[i] = opt_params[i].name;
        return nn_fail("set_optimizer_param: unknown parameter \"%s\" (expected %s)", name,
                       nn_names_join(list, sizeof list, names, N_OPT_PARAMS));
    }
    if (!opt_accepts(m->opt, p))
        return nn_fail("set_optimizer_param: %s applies to %s, not %s", p->name,
                       accepting(list, sizeof list, p), nn_opt_name(m->opt));
    if (check_range(p, value) < 0)
        return -1;
    char *field = (char *)&m->hp + p->field;
    if (p->range == RANGE_FLAG)
        *(int *)field = value != 0;
    else
        *(double *)field = value;
    if (p->restarts_state && m->iterations == 0) {
        nn_opt_init_state(m->opt, &m->hp, model_slot(m, 0), model_slot(m, 1), m->n_params);
        m->be_stale |= 1;
    }
    return 0;
}

int nn_set_loss_param(nn_model *m, const char *name, double value)
{
    if (model_check(m, "set_loss_param") < 0)
        return -1;
    if (!m->compiled)
        return nn_fail("set_loss_param: compile the model first");
    if (!name || strcmp(name, "from_logits") != 0)
        return nn_fail("set_loss_param: unknown parameter \"%s\" (expected from_logits)",
                       name ? name : "(null)");
    if (m->loss != LOSS_CCE && m->loss != LOSS_SPARSE_CCE && m->loss != LOSS_BCE)
        return nn_fail("set_loss_param: from_logits applies to the cross-entropies, not %s",
                       nn_loss_name(m->loss));
    if (value != 0 && m->layers[m->n_layers - 1].act != ACT_LINEAR)
        return nn_fail("set_loss_param: from_logits=True needs a linear last layer, not %s",
                       nn_act_name(m->layers[m->n_layers - 1].act));
    m->from_logits = value != 0;
    return 0;
}

/* ---- weights ------------------------------------------------------------------------------------ */

static const nn_layer *dense_layer(const nn_model *m, int layer, const char *fn)
{
    if (!m)
        return nn_fail_null("%s: the model is NULL", fn);
    if (layer < 0 || layer >= m->n_layers)
        return nn_fail_null("%s: layer %d does not exist (the model has %d layers)", fn, layer,
                            m->n_layers);
    if (m->layers[layer].kind != LAYER_DENSE)
        return nn_fail_null("%s: layer %d (%s) has no weights", fn, layer, m->layers[layer].name);
    return &m->layers[layer];
}

int nn_set_weights(nn_model *m, int layer, const float *kernel, const float *bias)
{
    if (model_check(m, "set_weights") < 0)
        return -1;
    const nn_layer *L = dense_layer(m, layer, "set_weights");
    if (!L)
        return -1;
    if (!kernel || (!bias && L->use_bias))
        return nn_fail("set_weights: kernel and bias must both be given");
    memcpy(m->params + L->w_off, kernel, (size_t)L->in * L->out * sizeof(float));
    if (L->use_bias) /* use_bias=False: bias is ignored */
        memcpy(m->params + L->b_off, bias, (size_t)L->out * sizeof(float));
    m->be_stale |= 1;
    return 0;
}

int nn_get_weights(const nn_model *m, int layer, float *kernel, float *bias)
{
    const nn_layer *L = dense_layer(m, layer, "get_weights");
    if (!L)
        return -1;
    if (kernel)
        memcpy(kernel, m->params + L->w_off, (size_t)L->in * L->out * sizeof(float));
    if (bias && L->use_bias)
        memcpy(bias, m->params + L->b_off, (size_t)L->out * sizeof(float));
    return 0;
}

/* ---- inspecting --------------------------------------------------------------------------------- */

int nn_layer_count(const nn_model *m) { return m ? m->n_layers : 0; }

int nn_layer_info_get(const nn_model *m, int layer, nn_layer_info *info)
{
    if (!m || !info)
        return nn_fail("layer_info: the model or the info is NULL");
    if (layer < 0 || layer >= m->n_layers)
        return nn_fail("layer_info: layer %d does not exist (the model has %d layers)", layer,
                       m->n_layers);
    static const char *kinds[] = { "Dense", "Flatten", "Softmax", "Dropout" };
    const nn_layer *L = &m->layers[layer];
    info->name = L->name;
    info->kind = kinds[L->kind];
    info->activation = L->kind == LAYER_DENSE ? nn_act_name(L->act) : NULL;
    info->inputs = L->in;
    info->units = L->out;
    info->params = L->kind == LAYER_DENSE ? (long)L->in * L->out + (L->use_bias ? L->out : 0) : 0;
    info->rate = L->kind == LAYER_DROPOUT ? L->rate : 0;
    return 0;
}

int nn_input_dim(const nn_model *m) { return m ? m->input_dim : 0; }

int nn_output_dim(const nn_model *m) { return m && m->n_layers ? m->layers[m->n_layers - 1].out : 0; }

long nn_count_params(const nn_model *m) { return m ? (long)m->n_params : 0; }

/* ---- workspace and forward pass ----------------------------------------------------------------- */

int model_reserve(nn_model *m, int batch)
{
    if (batch <= m->work_batch)
        return 0;
    int widest = m->input_dim;
    size_t per_row = 0;
    for (int l = 0; l < m->n_layers; l++) {
        const nn_layer *L = &m->layers[l];
        widest = L->out > widest ? L->out : widest;
        per_row += (size_t)L->out * (L->act == ACT_LINEAR ? 1 : 2);
    }
    per_row += 2 * (size_t)widest;
    /* each buffer starts on a line, as the parameters do (see model.h) */
    float *work = model_floats((size_t)batch * per_row + 16 * (2 * (size_t)m->n_layers + 2));
    float **z = malloc((size_t)m->n_layers * sizeof *z);
    float **a = malloc((size_t)m->n_layers * sizeof *a);
    if (!work || !z || !a) {
        free(work);
        free(z);
        free(a);
        return nn_fail("out of memory for a batch of %d rows", batch);
    }
    free(m->work);
    free(m->z);
    free(m->a);
    m->work = work;
    m->z = z;
    m->a = a;
    float *p = work;
    for (int l = 0; l < m->n_layers; l++) {
        size_t sz = whole_lines((size_t)batch * m->layers[l].out);
        z[l] = p;
        p += sz;
        /* a linear layer's output is its pre-activation: one buffer serves both */
        if (m->layers[l].act == ACT_LINEAR)
            a[l] = z[l];
        else {
            a[l] = p;
            p += sz;
        }
    }
    m->dbuf0 = p;
    m->dbuf1 = p + whole_lines((size_t)batch * widest);
    m->work_batch = batch;
    return 0;
}

const float *model_forward(nn_model *m, const float *x, int B)
{
    const float *in = x; /* (B, layers[l].in) */
    for (int l = 0; l < m->n_layers; l++) {
        const nn_layer *L = &m->layers[l];
        if (L->kind == LAYER_DENSE)
            dense_forward(m->z[l], in, m->params + L->w_off, L->use_bias ? m->params + L->b_off : NULL,
                          B, L->in, L->out);
        else if (L->kind == LAYER_DROPOUT && m->training)
            model_dropout(m, l, m->z[l], in, B);
        else
            memcpy(m->z[l], in, (size_t)B * L->out * sizeof(float));
        act_forward(L->act, m->a[l], m->z[l], B, L->out);
        in = m->a[l];
    }
    return in;
}

int nn_forward_layers(nn_model *m, const float *x, float *acts)
{
    if (model_check(m, "forward_layers") < 0)
        return -1;
    if (!x || !acts)
        return nn_fail("forward_layers: x and acts must be given");
    if (m->n_layers == 0)
        return nn_fail("forward_layers: the model has no layers");
    if (model_reserve(m, 1) < 0)
        return -1;
    model_forward(m, x, 1);
    for (int l = 0; l < m->n_layers; l++) {
        memcpy(acts, m->a[l], (size_t)m->layers[l].out * sizeof *acts);
        acts += m->layers[l].out;
    }
    return 0;
}

/* ---- snapshots ---------------------------------------------------------------------------------- */

void model_publish(nn_model *m, int epoch, int batch, float loss, float metric, int force)
{
    if (!force && !atomic_exchange(&m->snap_wanted, 0))
        return;
    pthread_mutex_lock(&m->snap_lock);
    if (!m->snap)
        m->snap = malloc((m->n_params ? m->n_params : 1) * sizeof *m->snap);
    if (m->snap && (atomic_load(&m->fitting) ? m->be->read_params(m, m->snap)
                                             : (memcpy(m->snap, m->params, m->n_params * sizeof *m->snap), 0)) == 0) {
        m->snap_info.version++;
        m->snap_info.epoch = epoch;
        m->snap_info.batch = batch;
        m->snap_info.loss = loss;
        m->snap_info.metric = metric;
    }
    pthread_mutex_unlock(&m->snap_lock);
}

void model_snapshot_settle(nn_model *m)
{
    pthread_mutex_lock(&m->snap_lock);
    if (m->snap)
        memcpy(m->snap, m->params, m->n_params * sizeof *m->snap);
    pthread_mutex_unlock(&m->snap_lock);
}

int nn_snapshot_read(nn_model *m, float *params, size_t n_params, nn_snapshot_info *info)
{
    if (!m || !params)
        return nn_fail("snapshot_read: the model or the buffer is NULL");
    pthread_mutex_lock(&m->snap_lock);
    if (n_params < m->n_params) {
        size_t need = m->n_params;
        pthread_mutex_unlock(&m->snap_lock);
        return nn_fail("snapshot_read: the buffer holds %zu floats, the model has %zu parameters",
                       n_params, need);
    }
    /* while a fit runs, only the published copy is consistent; otherwise the weights are still */
    if (atomic_load(&m->fitting) && m->snap)
        memcpy(params, m->snap, m->n_params * sizeof *params);
    else
        memcpy(params, m->params, m->n_params * sizeof *params);
    if (info)
        *info = m->snap_info;
    pthread_mutex_unlock(&m->snap_lock);
    atomic_store(&m->snap_wanted, 1);
    return 0;
}

void nn_request_stop(nn_model *m)
{
    if (m)
        atomic_store(&m->stop_requested, 1);
}

/* ---- backends ----------------------------------------------------------------------------------- */

int nn_use_backend(nn_model *m, const char *name)
{
    if (model_check(m, "use_backend") < 0)
        return -1;
    const nn_backend *be = NULL;
    if (name && strcmp(name, "cpu") == 0)
        be = &nn_backend_cpu;
    else if (name && strcmp(name, "vulkan") == 0) {
        be = nn_backend_vulkan();
        if (!be)
            return nn_fail("use_backend: this build has no Vulkan engine (Vulkan or glslangValidator "
                           "was missing when it was built); the model stays on the CPU engine");
    } else
        return nn_fail("use_backend: unknown backend \"%s\" (expected cpu or vulkan)",
                       name ? name : "(null)");
    if (be == m->be)
        return 0;
    const nn_backend *old = m->be;
    void *old_state = m->be_state;
    m->be = be;
    m->be_state = NULL;
    if (be->attach(m) < 0) {
        char why[768];
        snprintf(why, sizeof why, "%s", nn_error());
        m->be = old;
        m->be_state = old_state;
        return nn_fail("use_backend: %s; the model stays on the %s engine", why, old->name);
    }
    /* the host copy is current whenever no fit runs: the new engine starts from it */
    m->be_stale = 1;
    void *new_state = m->be_state;
    m->be = old;
    m->be_state = old_state;
    old->detach(m);
    m->be = be;
    m->be_state = new_state;
    return 0;
}

const char *nn_backend_name(const nn_model *m)
{
    return m ? m->be->name : "none";
}

int model_engine_begin(nn_model *m, int fall_back)
{
    if (m->be == &nn_backend_cpu) {
        m->be_stale = 0;
        return 0;
    }
    m->be_failed = 0;
    int rc = 0;
    if (m->be_stale & 2) {
        m->be->detach(m);
        rc = m->be->attach(m);
    }
    if (rc == 0 && m->be_stale)
        rc = m->be->upload(m);
    if (rc == 0)
        m->be_stale = 0;
    else
        m->be_failed = 1;
    if (rc < 0 && fall_back) {
        model_engine_fall_back(m);
        return 0;
    }
    return rc < 0 ? model_engine_end(m, rc) : 0;
}

void model_engine_fall_back(nn_model *m)
{
    if (m->be == &nn_backend_cpu)
        return;
    char why[640];
    snprintf(why, sizeof why, "%s", nn_error());
    /* the engine's state goes before it can be used again: re-attaching it is the caller's */
    m->be->detach(m);
    m->be_state = NULL;
    const char *name = m->be->name;
    m->be = &nn_backend_cpu;
    m->be_failed = 0;
    snprintf(m->engine_note, sizeof m->engine_note, "%s; the %s engine failed, so the CPU engine "
             "took over, from the same weights and step", why, name);
}

int model_engine_end(nn_model *m, int rc)
{
    if (m->be == &nn_backend_cpu)
        return rc;
    if (!m->be_failed && m->be->download(m) < 0)
        m->be_failed = 1;
    if (!m->be_failed)
        return rc;
    char why[768];
    snprintf(why, sizeof why, "%s", nn_error());
    const char *name = m->be->name;
    model_engine_fall_back(m);
    return nn_fail("%s; the %s engine failed, so the model is back on the CPU engine with the "
                   "weights it had before this call", why, name);
}

const char *nn_engine_note(const nn_model *m)
{
    return m && m->engine_note[0] ? m->engine_note : NULL;
}

int nn_set_threads(int threads)
{
    if (nn_pool_set_threads(threads) < 0)
        return nn_fail("set_threads: expected 0 (all cores) to 64 threads, got %d", threads);
    return 0;
}
