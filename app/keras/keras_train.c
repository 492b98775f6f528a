/* keras_train.c — what touches the engine: the datasets, building a model once its input's shape
 * is known, compile, fit, evaluate, predict and summary, printing what Keras prints. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "keras_internal.h"
#include "lang.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* ---- datasets ----------------------------------------------------------------------------------- */

/* The dataset's arrays become the session's; its names are freed. */
static kv *data_pair(keras_session *s, nn_dataset *d)
{
    kv *t = knew(s, V_TUPLE), *x = knew(s, V_DATA), *y = knew(s, V_DATA);
    kdata *dx = kown(s, sizeof *dx), *dy = kown(s, sizeof *dy);
    if (!t || !x || !y || !dx || !dy || kadopt(s, d->x) < 0) {
        nn_dataset_free(d);
        return NULL;
    }
    if (kadopt(s, d->y) < 0) {
        d->x = NULL;
        nn_dataset_free(d);
        return NULL;
    }
    *dx = (kdata){ .v = d->x, .n = d->n, .dim = d->dim, .ndim = d->ndim };
    memcpy(dx->shape, d->shape, sizeof dx->shape);
    *dy = (kdata){ .v = d->y, .n = d->n, .dim = 1, .ndim = 1, .shape = { 1 }, .classes = d->classes };
    d->x = d->y = NULL;
    nn_dataset_free(d);
    x->data = dx;
    y->data = dy;
    t->items = py_alloc(&s->arena, 2 * sizeof *t->items);
    if (!t->items)
        return NULL;
    t->items[0] = x;
    t->items[1] = y;
    t->n = 2;
    return t;
}

/* A dry session's dataset: (x, y) pairs of the datasets' shape, 28x28 images and 10 classes, with
 * no rows, so that the code can be checked without reading a file. */
static kv *dry_data(keras_session *s, const py_node *call)
{
    kv *t = knew(s, V_TUPLE);
    if (!t || !(t->items = py_alloc(&s->arena, 2 * sizeof *t->items)))
        return kerr(s, call, "out of memory");
    for (int k = 0; k < 2; k++) {
        kv *pair = knew(s, V_TUPLE), *x = knew(s, V_DATA), *y = knew(s, V_DATA);
        kdata *dx = kown(s, sizeof *dx), *dy = kown(s, sizeof *dy);
        float *none = kown(s, sizeof *none);
        if (!pair || !x || !y || !dx || !dy || !none || !(pair->items = py_alloc(&s->arena, 2 * sizeof *pair->items)))
            return kerr(s, call, "out of memory");
        *dx = (kdata){ .v = none, .dim = 28 * 28, .ndim = 2, .shape = { 28, 28 } };
        *dy = (kdata){ .v = none, .dim = 1, .ndim = 1, .shape = { 1 }, .classes = 10 };
        x->data = dx;
        y->data = dy;
        pair->items[0] = x;
        pair->items[1] = y;
        pair->n = 2;
        t->items[t->n++] = pair;
    }
    return t;
}

kv *kload_data(keras_session *s, const py_node *call, const char *which)
{
    if (s->o.dry)
        return dry_data(s, call);
    int fashion = strncmp(which, "fashion", 7) == 0;
    nn_dataset train, test;
    int rc = fashion ? nn_load_fashion_mnist(&train, "train") : nn_load_mnist(&train, "train");
    if (rc == 0 && (fashion ? nn_load_fashion_mnist(&test, "test") : nn_load_mnist(&test, "test")) < 0) {
        nn_dataset_free(&train);
        rc = -1;
    }
    if (rc < 0)
        return kerr(s, call, "%s", nn_error());
    kv *t = knew(s, V_TUPLE);
    kv *a = data_pair(s, &train);
    kv *b = data_pair(s, &test);
    if (!t || !a || !b || !(t->items = py_alloc(&s->arena, 2 * sizeof *t->items)))
        return kerr(s, call, "out of memory");
    t->items[0] = a;
    t->items[1] = b;
    t->n = 2;
    return t;
}

/* one-hot rows (n, classes) from labels (n) */
kv *kto_categorical(keras_session *s, const py_node *call)
{
    static const char *const known[] = { "x", "num_classes", NULL };
    if (kcheck_kwargs(s, call, "to_categorical", known) < 0)
        return NULL;
    const py_node *a = karg(call, 0, "x"), *nc = karg(call, 1, "num_classes");
    kv *y = a ? keval(s, a) : NULL, *c = nc ? keval(s, nc) : NULL;
    if (!y || (nc && !c))
        return s->failed || s->skipping ? NULL : kerr(s, call, "to_categorical: the labels are missing");
    if (y->kind != V_DATA || y->data->dim != 1)
        return kerr(s, a, "to_categorical: labels such as y_train are expected");
    int classes = c && c->kind == V_NUM ? (int)c->num : y->data->classes;
    if (classes < 1 || classes > 65536)
        return kerr(s, nc ? nc : call, "to_categorical: num_classes is a whole number >= 1");
    float *hot = nn_one_hot(y->data->v, y->data->n, classes);
    kv *v = knew(s, V_DATA);
    kdata *d = kown(s, sizeof *d);
    if (!hot || !v || !d || kadopt(s, hot) < 0) {
        free(hot);
        return kerr(s, call, "to_categorical: a label is not a class in 0..%d", classes - 1);
    }
    *d = (kdata){ .v = hot, .n = y->data->n, .dim = classes, .ndim = 1, .shape = { classes } };
    v->data = d;
    return v;
}

/* ---- building ----------------------------------------------------------------------------------- */

int kapply_compile(keras_session *s, kmodel *km, const py_node *at)
{
    if (nn_compile(km->m, km->optimizer, km->loss, km->has_metric ? "accuracy" : NULL) < 0)
        return kerr(s, at, "compile: %s", nn_error()) ? 0 : -1;
    for (int i = 0; i < km->n_opt; i++)
        if (nn_set_optimizer_param(km->m, km->opt_names[i], km->opt_values[i]) < 0)
            return kerr(s, at, "compile: %s", nn_error()) ? 0 : -1;
    if (km->from_logits && nn_set_loss_param(km->m, "from_logits", 1) < 0)
        return kerr(s, at, "compile: %s", nn_error()) ? 0 : -1;
    return 0;
}

static int add_to_engine(keras_session *s, kmodel *km, int first)
{
    for (int i = first; i < km->n_layers; i++) {
        const klayer *l = &km->layers[i];
        int rc = !strcmp(l->kind, "Flatten") ? nn_add_flatten(km->m)
               : !strcmp(l->kind, "Softmax") ? nn_add_softmax(km->m)
               : !strcmp(l->kind, "Dropout") ? nn_add_dropout(km->m, l->rate)
               : nn_add_dense_args(km->m, &(nn_dense_args){ .units = l->units, .activation = l->activation,
                                                            .no_bias = l->no_bias,
                                                            .kernel_initializer = l->kernel_initializer,
                                                            .bias_initializer = l->bias_initializer,
                                                            .kernel_l2 = l->kernel_l2,
                                                            .kernel_l1 = l->kernel_l1 });
        if (rc < 0) {
            py_node at = { .line = l->line, .col = l->col };
            kerr(s, &at, "%s: %s", l->kind, nn_error());
            return -1;
        }
    }
    return 0;
}

/* Builds the engine's model once the input's shape is known: from Input, input_shape=, or x. */
int kbuild(keras_session *s, kmodel *km, const py_node *at, const kdata *x)
{
    if (km->inner)
        return kbuild(s, km->inner, at, x);
    if (km->m)
        return 0;
    if (km->n_layers == 0) {
        kerr(s, at, TR("le modèle n'a pas de couches", "the model has no layers"));
        return -1;
    }
    const klayer *l0 = &km->layers[0];
    int ndim = l0->ndim, shape[3] = { l0->shape[0], l0->shape[1], l0->shape[2] };
    if (!ndim && x) {
        ndim = x->ndim ? x->ndim : 1;
        memcpy(shape, x->ndim ? x->shape : (int[3]){ x->dim }, sizeof shape);
    }
    if (!ndim)
        return 1; /* not yet: fit will tell */
    km->in_ndim = ndim;
    memcpy(km->in_shape, shape, sizeof km->in_shape);
    km->m = nn_sequential();
    if (!km->m || (km->name && nn_set_name(km->m, km->name) < 0) || nn_add_input(km->m, ndim, shape) < 0 ||
        (s->o.engine && strcmp(s->o.engine, "cpu") && nn_use_backend(km->m, s->o.engine) < 0)) {
        kerr(s, at, "%s", nn_error());
        return -1;
    }
    if (add_to_engine(s, km, !strcmp(l0->kind, "Input")) < 0 || (km->compiled && kapply_compile(s, km, at) < 0))
        return -1;
    return 0;
}

/* ---- x and y ------------------------------------------------------------------------------------ */

static const kdata *arg_data(keras_session *s, const py_node *call, int pos, const char *kw, const char *what)
{
    const py_node *a = karg(call, pos, kw);
    if (!a) {
        kerr(s, call, "%s: %s is missing", what, kw);
        return NULL;
    }
    kv *v = keval(s, a);
    if (v && v->kind != V_DATA) {
        kerr(s, a, "%s: %s is expected to be an array of samples (such as x_train)", what, kw);
        return NULL;
    }
    return v ? v->data : NULL;
}

/* y as the loss wants it (nn.h): sparse labels as they are, one-hot rows for categorical. */
static const float *prepare_y(keras_session *s, kmodel *km, const py_node *at, const kdata *x, const kdata *y)
{
    if (x->n != y->n) {
        kerr(s, at, "ValueError: x has %d samples but y has %d", x->n, y->n);
        return NULL;
    }
    int out = nn_output_dim(km->m);
    if (!strcmp(km->loss, "categorical_crossentropy") && y->dim == 1) {
        float *hot = nn_one_hot(y->v, y->n, out);
        if (!hot || kadopt(s, hot) < 0) {
            kerr(s, at, TR("categorical_crossentropy attend des étiquettes de 0 à %d ; ou utilisez "
                           "sparse_categorical_crossentropy", "categorical_crossentropy wants labels 0..%d, "
                           "one-hot encoded; or use sparse_categorical_crossentropy"), out - 1);
            return NULL;
        }
        return hot;
    }
    if (!strcmp(km->loss, "sparse_categorical_crossentropy"))
        for (int i = 0; i < y->n; i++)
            if (!(y->v[i] >= 0 && y->v[i] < out && y->v[i] == floorf(y->v[i]))) {
                kerr(s, at, "sparse_categorical_crossentropy: label %g (sample %d) is not a class of the "
                     "model's %d outputs", y->v[i], i, out);
                return NULL;
            }
    if (strcmp(km->loss, "sparse_categorical_crossentropy") && y->dim != out) {
        kerr(s, at, "%s: y has %d values per sample but the model gives %d", km->loss, y->dim, out);
        return NULL;
    }
    return y->v;
}

static int arg_verbose(keras_session *s, const py_node *call, int pos)
{
    const py_node *a = karg(call, pos, "verbose");
    kv *v = a ? keval(s, a) : NULL;
    if (!v || v->kind != V_NUM)
        return a && s->failed ? -1 : 1; /* 'auto' is 1 */
    return v->num < 0 || v->num > 2 ? 1 : (int)v->num;
}

static int ready(keras_session *s, kmodel *km, const py_node *call, const kdata *x, const char *what)
{
    if (!km->compiled) {
        kerr(s, call->a, TR("%s : le modèle doit être compilé d'abord (model.compile(...))",
                            "%s: you must compile your model before using it (model.compile(...))"), what);
        return -1;
    }
    int rc = kbuild(s, km, call, x);
    if (rc == 0 && x && x->dim != nn_input_dim(km->m))
        return kerr(s, call, "%s: x has %d values per sample but the model's input has %d", what, x->dim,
                    nn_input_dim(km->m)) ? 0 : -1;
    return rc;
}

/* ---- fit, evaluate, predict, summary ------------------------------------------------------------ */

static int fit_validation(keras_session *s, kmodel *km, const py_node *call, nn_fit_args *a)
{
    const py_node *vd = karg(call, -1, "validation_data"), *vs = karg(call, -1, "validation_split");
    kv *v;
    if (vs && (!(v = keval(s, vs)) || v->kind != V_NUM || v->num < 0 || v->num >= 1))
        return s->failed ? -1 : (kerr(s, vs, "fit: validation_split is a fraction in [0, 1)"), -1);
    if (vs)
        a->validation_split = (float)v->num;
    if (!vd)
        return 0;
    if (!(v = keval(s, vd)))
        return -1;
    if ((v->kind != V_TUPLE && v->kind != V_LIST) || v->n != 2 || v->items[0]->kind != V_DATA ||
        v->items[1]->kind != V_DATA)
        return kerr(s, vd, "fit: validation_data is a pair (x_val, y_val)") ? 0 : -1;
    const kdata *vx = v->items[0]->data, *vy = v->items[1]->data;
    if (vx->dim != nn_input_dim(km->m))
        return kerr(s, vd, "fit: validation_data's x has %d values per sample, the model's input %d", vx->dim,
                    nn_input_dim(km->m)) ? 0 : -1;
    if (s->o.dry)
        return 0;
    const float *y = prepare_y(s, km, vd, vx, vy);
    if (!y)
        return -1;
    a->validation_x = vx->v;
    a->validation_y = y;
    a->validation_n = vx->n;
    return 0;
}

kv *kfit(keras_session *s, const py_node *call, kmodel *km)
{
    static const char *const known[] = { "x", "y", "batch_size", "epochs", "verbose", "validation_split",
        "validation_data", "shuffle", NULL };
    if (kcheck_kwargs(s, call, "fit", known) < 0)
        return NULL;
    const kdata *x = arg_data(s, call, 0, "x", "fit"), *y = x ? arg_data(s, call, 1, "y", "fit") : NULL;
    if (!y || ready(s, km, call, x, "fit") != 0)
        return NULL;
    nn_fit_args a = { .epochs = 1, .batch_size = 32, .progress = s->o.out };
    const py_node *e = karg(call, -1, "epochs"), *b = karg(call, 2, "batch_size"), *sh = karg(call, -1, "shuffle");
    kv *v;
    if (e && (!(v = keval(s, e)) || v->kind != V_NUM || !v->is_int || v->num < 1 || v->num > 100000))
        return s->failed ? NULL : kerr(s, e, "fit: epochs is a whole number >= 1");
    if (e)
        a.epochs = (int)v->num;
    if (b && (!(v = keval(s, b)) || v->kind != V_NUM || !v->is_int || v->num < 1 || v->num > 1e6))
        return s->failed ? NULL : kerr(s, b, "fit: batch_size is a whole number >= 1");
    if (b)
        a.batch_size = (int)v->num;
    if (sh && (v = keval(s, sh)) && v->kind == V_BOOL)
        a.no_shuffle = !v->num;
    if (s->o.epochs > 0)
        a.epochs = s->o.epochs;
    if ((a.verbose = arg_verbose(s, call, -1)) < 0 || fit_validation(s, km, call, &a) < 0)
        return NULL;
    km->fitted = 1;
    km->fit_line = call->line;
    km->fit_epochs = a.epochs;
    km->fit_batch = b ? a.batch_size : 0;
    km->fit_validation_split = a.validation_split;
    km->fit_validation_data = karg(call, -1, "validation_data") != NULL;
    if (s->o.dry) { /* checked and recorded: the code panel trains elsewhere */
        s->last = km;
        return knew(s, V_HISTORY);
    }
    const float *yy = prepare_y(s, km, call, x, y);
    nn_history h = { 0 };
    if (!yy)
        return NULL;
    double t0 = now();
    s->last = km;
    if (nn_fit(km->m, x->v, yy, x->n, &a, &h) < 0)
        return kerr(s, call, "fit: %s", nn_error());
    s->st.fit_seconds += now() - t0;
    s->st.fits++;
    if (krecord_epochs(s, &h) < 0) {
        nn_history_free(&h);
        return kerr(s, call, "out of memory");
    }
    s->st.epochs_run += h.epochs;
    if (h.epochs > 0) {
        s->st.last_loss = h.loss[h.epochs - 1];
        s->st.last_metric = h.metric ? h.metric[h.epochs - 1] : 0;
    }
    nn_history_free(&h);
    return knew(s, V_HISTORY);
}

static void print_steps(keras_session *s, int verbose, int n, double seconds)
{
    int steps = (n + 31) / 32;
    double per = seconds / steps;
    if (verbose == 2)
        fprintf(s->o.out, "%d/%d - %.0fs - ", steps, steps, seconds);
    else
        fprintf(s->o.out, "%d/%d \xe2\x94\x81\xe2\x94\x81\xe2\x94\x81\xe2\x94\x81\xe2\x94\x81\xe2\x94\x81"
                "\xe2\x94\x81\xe2\x94\x81\xe2\x94\x81\xe2\x94\x81\xe2\x94\x81\xe2\x94\x81\xe2\x94\x81\xe2\x94\x81"
                "\xe2\x94\x81\xe2\x94\x81\xe2\x94\x81\xe2\x94\x81\xe2\x94\x81\xe2\x94\x81 %.0fs ", steps, steps, seconds);
    if (per >= 1e-3)
        fprintf(s->o.out, "%.0fms/step", per * 1e3);
    else
        fprintf(s->o.out, "%.0fus/step", per * 1e6);
}

kv *kevaluate(keras_session *s, const py_node *call, kmodel *km)
{
    static const char *const known[] = { "x", "y", "batch_size", "verbose", NULL };
    if (kcheck_kwargs(s, call, "evaluate", known) < 0)
        return NULL;
    const kdata *x = arg_data(s, call, 0, "x", "evaluate"), *y = x ? arg_data(s, call, 1, "y", "evaluate") : NULL;
    int verbose = y ? arg_verbose(s, call, -1) : -1;
    if (verbose < 0 || ready(s, km, call, x, "evaluate") != 0)
        return NULL;
    const float *yy = s->o.dry ? NULL : prepare_y(s, km, call, x, y);
    float loss = 0, metric = 0;
    double t0 = now();
    if (s->o.dry)
        verbose = 0;
    else if (!yy || nn_evaluate(km->m, x->v, yy, x->n, &loss, km->has_metric ? &metric : NULL) < 0)
        return s->failed ? NULL : kerr(s, call, "evaluate: %s", nn_error());
    if (verbose) {
        print_steps(s, verbose, x->n, now() - t0);
        fprintf(s->o.out, " - loss: %.4f", loss);
        if (km->has_metric)
            fprintf(s->o.out, " - accuracy: %.4f", metric);
        fputc('\n', s->o.out);
    }
    s->st.evaluated = 1;
    s->last = km;
    s->st.eval_loss = loss;
    s->st.eval_metric = metric;
    if (!km->has_metric)
        return knum(s, loss, 0);
    kv *v = knew(s, V_LIST);
    if (!v || !(v->items = py_alloc(&s->arena, 2 * sizeof *v->items)))
        return NULL;
    v->items[0] = knum(s, loss, 0);
    v->items[1] = knum(s, metric, 0);
    v->n = 2;
    return v;
}

/* softmax over each row of out (n, dim), for Sequential([model, Softmax()]) */
static void softmax_rows(float *out, int n, int dim)
{
    for (int i = 0; i < n; i++) {
        float *r = out + (size_t)i * (size_t)dim, mx = r[0], sum = 0;
        for (int j = 1; j < dim; j++)
            mx = r[j] > mx ? r[j] : mx;
        for (int j = 0; j < dim; j++)
            sum += (r[j] = expf(r[j] - mx));
        for (int j = 0; j < dim; j++)
            r[j] /= sum;
    }
}

kv *kpredict(keras_session *s, const py_node *call, kmodel *km)
{
    static const char *const known[] = { "x", "batch_size", "verbose", NULL };
    if (kcheck_kwargs(s, call, "predict", known) < 0)
        return NULL;
    const kdata *x = arg_data(s, call, 0, "x", "predict");
    int verbose = x ? arg_verbose(s, call, -1) : -1;
    kmodel *base = km->inner ? km->inner : km;
    if (verbose < 0)
        return NULL;
    int rc = kbuild(s, base, call, x);
    if (rc != 0)
        return rc < 0 ? NULL : kerr(s, call, "predict: the model has no input shape");
    int dim = nn_output_dim(base->m);
    if (x->dim != nn_input_dim(base->m))
        return kerr(s, call, "predict: x has %d values per sample but the model's input has %d", x->dim,
                    nn_input_dim(base->m));
    kv *v = knew(s, V_DATA);
    kdata *d = kown(s, sizeof *d);
    float *out = kown(s, (size_t)x->n * (size_t)dim * sizeof *out);
    double t0 = now();
    if (!v || !d || !out)
        return kerr(s, call, "out of memory");
    if (!s->o.dry && nn_predict(base->m, x->v, x->n, out) < 0)
        return kerr(s, call, "predict: %s", nn_error());
    for (int i = 0; km->inner && i < km->n_layers; i++)
        softmax_rows(out, x->n, dim);
    if (verbose && !s->o.dry) {
        print_steps(s, verbose == 2 ? 2 : 1, x->n, now() - t0);
        fputc('\n', s->o.out);
    }
    *d = (kdata){ .v = out, .n = x->n, .dim = dim, .ndim = 1, .shape = { dim } };
    v->data = d;
    return v;
}

kv *ksummary(keras_session *s, const py_node *call, kmodel *km)
{
    if (km->inner)
        return kskip(s, "summary() of a wrapped model is not run by the reader");
    int rc = kbuild(s, km, call, NULL);
    if (rc < 0)
        return NULL;
    if (rc > 0)
        return kskip(s, "summary(): the model does not know its input's shape yet (give Input(...) or input_shape=)");
    if (s->o.out)
        nn_summary(km->m, s->o.out);
    s->last = km;
    return knew(s, V_NONE);
}
