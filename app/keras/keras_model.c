/* keras_model.c — Keras's classes as the course writes them: layers, Sequential, optimizers,
 * losses, regularizers, compile, and the dispatch of keras.X calls and of a model's methods.
 * Each check says what Keras would say, with the known names. */
#include <string.h>
#include <strings.h>

#include "keras_internal.h"
#include "lang.h"

/* ---- small readers of arguments ------------------------------------------------------------------ */

static int arg_number(keras_session *s, const py_node *a, const char *what, double *out)
{
    kv *v = keval(s, a);
    if (!v)
        return -1;
    if (v->kind != V_NUM && v->kind != V_BOOL) {
        kerr(s, a, TR("%s : un nombre est attendu", "%s: a number is expected"), what);
        return -1;
    }
    *out = v->num;
    return 0;
}

/* A shape such as (28, 28) or [784] or 784. */
static int arg_shape(keras_session *s, const py_node *a, const char *what, int *ndim, int *shape)
{
    kv *v = keval(s, a);
    if (!v)
        return -1;
    if (v->kind == V_NUM) {
        *ndim = 1;
        shape[0] = (int)v->num;
        return v->is_int && v->num >= 1 ? 0 : (kerr(s, a, "%s: a shape such as (28, 28) is expected", what), -1);
    }
    if ((v->kind != V_TUPLE && v->kind != V_LIST) || v->n < 1 || v->n > 3) {
        kerr(s, a, TR("%s : une forme comme (28, 28) ou (784,) est attendue (1 à 3 dimensions)",
                      "%s: a shape such as (28, 28) or (784,) is expected (1 to 3 dimensions)"), what);
        return -1;
    }
    for (int i = 0; i < v->n; i++) {
        if (v->items[i]->kind != V_NUM || !v->items[i]->is_int || v->items[i]->num < 1 || v->items[i]->num > 1e6) {
            kerr(s, a, TR("%s : chaque dimension est un entier positif", "%s: every dimension is a positive whole number"),
                 what);
            return -1;
        }
        shape[i] = (int)v->items[i]->num;
    }
    *ndim = v->n;
    return 0;
}

static void join_names(char *buf, size_t size, const char *(*at)(int))
{
    buf[0] = 0;
    for (int i = 0; at(i); i++)
        snprintf(buf + strlen(buf), size - strlen(buf), "%s%s", i ? ", " : "", at(i));
}

/* The engine's spelling of v, a string among at's names (any_case: whatever its case); NULL when
 * v is no such name. */
static const char *engine_name(const char *(*at)(int), const kv *v, int any_case)
{
    for (int i = 0; v->kind == V_STR && at(i); i++)
        if ((any_case ? strcasecmp(v->str, at(i)) : strcmp(v->str, at(i))) == 0)
            return at(i);
    return NULL;
}

/* The error for a name that is not among at's: why gets the name, then the list. -1. */
static int unknown_name(keras_session *s, const py_node *a, const kv *v, const char *(*at)(int), const char *why)
{
    char list[300];
    join_names(list, sizeof list, at);
    kerr(s, a, why, v->kind == V_STR ? v->str : "?", list);
    return -1;
}

/* An activation: 'relu', None, or keras.activations.relu. *out is the engine's name. */
static int arg_activation(keras_session *s, const py_node *a, const char *what, const char **out)
{
    kv *v = keval(s, a);
    if (!v)
        return -1;
    const char *name = v->kind == V_NONE ? "linear" : v->kind == V_STR ? v->str : NULL;
    if (v->kind == V_MODULE && strncmp(v->str, "keras.activations.", 18) == 0)
        name = v->str + 18;
    for (int i = 0; name && nn_activation_at(i); i++)
        if (strcmp(nn_activation_at(i), name) == 0) {
            *out = nn_activation_at(i);
            return 0;
        }
    char list[300];
    join_names(list, sizeof list, nn_activation_at);
    kerr(s, a, TR("%s : activation inconnue '%s' ; connues : %s", "%s: unknown activation '%s'; known: %s"), what,
         name ? name : "?", list);
    return -1;
}

static kv *not_yet(keras_session *s, const py_node *at, const char *what)
{
    return kerr(s, at, TR("le moteur de l'atelier n'a pas encore %s ; retirez-le pour lancer ce script",
                          "the workbench's engine does not have %s yet; remove it to run this script"), what);
}

/* ---- layers ------------------------------------------------------------------------------------- */

static kv *layer_value(keras_session *s, const py_node *call, const char *kind)
{
    kv *v = knew(s, V_LAYER);
    if (v) {
        v->layer.kind = kind;
        v->layer.line = call->line;
        v->layer.col = call->col;
    }
    return v;
}

/* input_shape= on any first layer */
static int input_shape_kw(keras_session *s, const py_node *call, const char *what, klayer *l)
{
    const py_node *a = karg(call, -1, "input_shape");
    if (a)
        return arg_shape(s, a, what, &l->ndim, l->shape);
    if ((a = karg(call, -1, "input_dim"))) {
        double d;
        if (arg_number(s, a, what, &d) < 0)
            return -1;
        l->ndim = 1;
        l->shape[0] = (int)d;
    }
    return 0;
}

/* An initializer: its Keras name as a string; the engine checks the name when the layer is added. */
static int arg_initializer(keras_session *s, const py_node *a, const char **out)
{
    kv *v = keval(s, a);
    if (!v)
        return -1;
    if (v->kind != V_STR) {
        kerr(s, a, TR("un initialiseur s'écrit par son nom, par exemple 'he_normal'",
                      "an initializer is written by its name, e.g. 'he_normal'"));
        return -1;
    }
    *out = v->str;
    return 0;
}

/* use_bias=, kernel_initializer=, bias_initializer=, kernel_regularizer=l1/l2/l1_l2 into l; the
 * other regularizers are not in the engine. */
static kv *dense_options(keras_session *s, const py_node *call, klayer *l)
{
    const py_node *a;
    kv *v;
    if ((a = karg(call, -1, "use_bias"))) {
        if (!(v = keval(s, a)))
            return NULL;
        if (v->kind != V_BOOL)
            return kerr(s, a, "Dense: use_bias is True or False");
        l->no_bias = !v->num;
    }
    if ((a = karg(call, -1, "kernel_initializer")) && arg_initializer(s, a, &l->kernel_initializer) < 0)
        return NULL;
    if ((a = karg(call, -1, "bias_initializer")) && arg_initializer(s, a, &l->bias_initializer) < 0)
        return NULL;
    if ((a = karg(call, -1, "kernel_regularizer"))) {
        if (!(v = keval(s, a)))
            return NULL;
        if (v->kind == V_REG) {
            l->kernel_l2 = (float)v->num;
            l->kernel_l1 = (float)v->l1;
        } else if (v->kind == V_STR && !strcmp(v->str, "l2"))
            l->kernel_l2 = 0.01f; /* Keras's 'l2' string: l2(0.01) */
        else if (v->kind == V_STR && !strcmp(v->str, "l1"))
            l->kernel_l1 = 0.01f; /* and 'l1': l1(0.01) */
        else if (v->kind != V_NONE)
            return kerr(s, a, TR("kernel_regularizer : l'atelier connaît keras.regularizers.l1(x), l2(x), "
                                 "l1_l2(l1=, l2=), 'l1' et 'l2'",
                                 "kernel_regularizer: the workbench knows keras.regularizers.l1(x), l2(x), "
                                 "l1_l2(l1=, l2=), 'l1' and 'l2'"));
    }
    static const char *const regs[] = { "bias_regularizer", "activity_regularizer", NULL };
    for (int k = 0; regs[k]; k++)
        if ((a = karg(call, -1, regs[k])) && (!(v = keval(s, a)) || v->kind != V_NONE))
            return s->failed ? NULL : not_yet(s, a, regs[k]);
    return knew(s, V_NONE);
}

/* One factor of a regularizer: argument `pos` or name=, else def; -1 after an error. */
static int reg_factor(keras_session *s, const py_node *call, int pos, const char *name, double def,
                      double *out)
{
    const py_node *a = karg(call, pos, name);
    *out = def;
    if (a && arg_number(s, a, name, out) < 0)
        return -1;
    if (!(*out >= 0) || *out > 1e6) {
        kerr(s, a, "%s: the factor is a number >= 0, got %g", name, *out);
        return -1;
    }
    return 0;
}

/* keras.regularizers.l1(x), l2(x) (x: Keras's default 0.01), l1_l2(l1=0, l2=0) (Keras 3's
 * defaults), or their class names L1, L2, L1L2. */
static kv *make_regularizer(keras_session *s, const py_node *call, const char *kind)
{
    int l1 = !strcmp(kind, "l1") || !strcmp(kind, "L1"), l2 = !strcmp(kind, "l2") || !strcmp(kind, "L2");
    int both = !strcmp(kind, "l1_l2") || !strcmp(kind, "L1L2");
    if (!l1 && !l2 && !both)
        return not_yet(s, call, TR("ce régulariseur (keras.regularizers.l1, l2 et l1_l2 seulement)",
                                   "this regularizer (keras.regularizers.l1, l2 and l1_l2 only)"));
    static const char *const known_l1[] = { "l1", NULL }, *const known_l2[] = { "l2", NULL },
                             *const known_both[] = { "l1", "l2", NULL };
    if (kcheck_kwargs(s, call, both ? "l1_l2" : l1 ? "l1" : "l2", both ? known_both : l1 ? known_l1 : known_l2) < 0)
        return NULL;
    double f1 = 0, f2 = 0;
    if (both ? reg_factor(s, call, 0, "l1", 0.0, &f1) < 0 || reg_factor(s, call, 1, "l2", 0.0, &f2) < 0
             : reg_factor(s, call, 0, l1 ? "l1" : "l2", 0.01, l1 ? &f1 : &f2) < 0)
        return NULL;
    kv *v = knew(s, V_REG);
    if (v) {
        v->num = f2;
        v->l1 = f1;
    }
    return v;
}

static kv *make_dense(keras_session *s, const py_node *call)
{
    static const char *const known[] = { "units", "activation", "use_bias", "kernel_initializer", "bias_initializer",
        "kernel_regularizer", "bias_regularizer", "activity_regularizer", "input_shape", "input_dim", "name", NULL };
    if (kcheck_kwargs(s, call, "Dense", known) < 0)
        return NULL;
    kv *v = layer_value(s, call, "Dense");
    const py_node *a = karg(call, 0, "units");
    double units;
    if (!v)
        return NULL;
    if (!a)
        return kerr(s, call, TR("Dense : le nombre d'unités manque, par exemple Dense(128)",
                                "Dense: the number of units is missing, e.g. Dense(128)"));
    if (arg_number(s, a, "Dense units", &units) < 0)
        return NULL;
    if (units < 1 || units > 65536 || units != (int)units)
        return kerr(s, a, TR("Dense : units est un entier de 1 à 65536", "Dense: units is a whole number in 1..65536"));
    v->layer.units = (int)units;
    v->layer.activation = "linear";
    if ((a = karg(call, 1, "activation")) && arg_activation(s, a, "Dense", &v->layer.activation) < 0)
        return NULL;
    if (!dense_options(s, call, &v->layer) || input_shape_kw(s, call, "Dense", &v->layer) < 0)
        return NULL;
    return v;
}

static kv *make_simple_layer(keras_session *s, const py_node *call, const char *kind)
{
    static const char *const flatten_kw[] = { "input_shape", "name", "data_format", NULL };
    static const char *const softmax_kw[] = { "axis", "name", "input_shape", NULL };
    static const char *const input_kw[] = { "shape", "batch_size", "name", "dtype", NULL };
    int flatten = !strcmp(kind, "Flatten"), input = !strcmp(kind, "Input");
    if (kcheck_kwargs(s, call, kind, flatten ? flatten_kw : input ? input_kw : softmax_kw) < 0)
        return NULL;
    kv *v = layer_value(s, call, kind);
    if (!v)
        return NULL;
    if (input) {
        const py_node *a = karg(call, 0, "shape");
        if (!a)
            return kerr(s, call, TR("Input : la forme manque, par exemple Input((28, 28))",
                                    "Input: the shape is missing, e.g. Input((28, 28))"));
        return arg_shape(s, a, "Input", &v->layer.ndim, v->layer.shape) < 0 ? NULL : v;
    }
    const py_node *axis = karg(call, 0, "axis");
    double ax = -1;
    if (!flatten && axis && (arg_number(s, axis, "Softmax axis", &ax) < 0 || ax != -1))
        return s->failed ? NULL : kerr(s, axis, "Softmax: only axis=-1 is run by the workbench");
    return input_shape_kw(s, call, kind, &v->layer) < 0 ? NULL : v;
}

static const char *const layer_names[] = { "Input", "Dense", "Flatten", "Softmax", "Activation", "Dropout", NULL };
static const char *const layers_not_yet[] = { "Conv2D", "MaxPooling2D", "BatchNormalization",
    "Conv1D", "LSTM", "GRU", "Embedding", "Reshape", "AveragePooling2D", "GlobalAveragePooling2D", "Normalization",
    "LeakyReLU", "ReLU", "SimpleRNN", NULL };

static kv *make_layer(keras_session *s, const py_node *call, const char *kind)
{
    if (!strcmp(kind, "Dense"))
        return make_dense(s, call);
    if (!strcmp(kind, "Flatten") || !strcmp(kind, "Softmax") || !strcmp(kind, "Input"))
        return make_simple_layer(s, call, kind);
    if (!strcmp(kind, "Activation")) {
        const py_node *a = karg(call, 0, "activation");
        const char *act = NULL;
        if (!a)
            return kerr(s, call, "Activation: the activation is missing, e.g. Activation('relu')");
        if (arg_activation(s, a, "Activation", &act) < 0)
            return NULL;
        if (!strcmp(act, "softmax")) /* the same layer as Softmax() */
            return make_simple_layer(s, call, "Softmax");
        return kerr(s, call, TR("le moteur de l'atelier n'a pas de couche Activation à part : écrivez "
                                "Dense(..., activation='%s')", "the workbench's engine has no separate Activation "
                                "layer: write Dense(..., activation='%s')"), act);
    }
    if (!strcmp(kind, "Dropout")) {
        const py_node *a = karg(call, 0, "rate");
        double rate;
        if (!a)
            return kerr(s, call, "Dropout: the rate is missing, e.g. Dropout(0.2)");
        if (arg_number(s, a, "Dropout rate", &rate) < 0)
            return NULL;
        if (rate < 0 || rate >= 1)
            return kerr(s, a, "Dropout: rate is a fraction in [0, 1), got %g", rate);
        static const char *const known[] = { "rate", "noise_shape", "seed", "name", NULL };
        if (kcheck_kwargs(s, call, "Dropout", known) < 0)
            return NULL;
        kv *v = layer_value(s, call, "Dropout");
        if (v)
            v->layer.rate = (float)rate;
        return v;
    }
    for (int k = 0; layers_not_yet[k]; k++)
        if (!strcmp(kind, layers_not_yet[k]))
            return not_yet(s, call, kind);
    char list[200] = "";
    for (int k = 0; layer_names[k]; k++)
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", k ? ", " : "", layer_names[k]);
    return kerr(s, call, TR("couche inconnue keras.layers.%s ; connues : %s", "unknown layer keras.layers.%s; known: %s"),
                kind, list);
}

/* ---- Sequential --------------------------------------------------------------------------------- */

static int add_layer(keras_session *s, kmodel *km, const py_node *at, kv *v)
{
    if (km->m)
        return kerr(s, at, TR("model.add() après que le modèle a été construit n'est pas lancé par l'atelier",
                              "model.add() after the model was built is not run by the workbench")) ? 0 : -1;
    if (v->kind != V_LAYER) {
        kerr(s, at, TR("Sequential attend des couches, comme keras.layers.Dense(10)",
                       "Sequential expects layers, such as keras.layers.Dense(10)"));
        return -1;
    }
    if (!strcmp(v->layer.kind, "Input") && km->n_layers > 0) {
        kerr(s, at, "Input must come first in a Sequential model");
        return -1;
    }
    if (km->n_layers == KMAX_LAYERS) {
        kerr(s, at, "too many layers (at most %d)", KMAX_LAYERS);
        return -1;
    }
    km->layers[km->n_layers++] = v->layer;
    return 0;
}

static kv *make_sequential(keras_session *s, const py_node *call)
{
    static const char *const known[] = { "layers", "name", "trainable", NULL };
    if (kcheck_kwargs(s, call, "Sequential", known) < 0)
        return NULL;
    kv *v = knew(s, V_MODEL);
    kmodel *km = v ? kown(s, sizeof *km) : NULL;
    if (!km || s->n_models == (int)(sizeof s->models / sizeof s->models[0]))
        return kerr(s, call, "too many models");
    memset(km, 0, sizeof *km);
    km->line = call->line;
    s->models[s->n_models++] = km;
    v->model = km;
    const py_node *a = karg(call, 1, "name");
    kv *name = a ? keval(s, a) : NULL;
    if (a && (!name || name->kind != V_STR))
        return s->failed ? NULL : kerr(s, a, "Sequential: name is a string");
    km->name = name ? name->str : NULL;
    if (!(a = karg(call, 0, "layers")))
        return v;
    kv *list = keval(s, a);
    if (!list)
        return NULL;
    if (list->kind != V_LIST && list->kind != V_TUPLE)
        return kerr(s, a, "Sequential: a list of layers is expected, e.g. Sequential([Dense(10)])");
    for (int i = 0; i < list->n; i++) {
        const py_node *at = a->kind == N_LIST || a->kind == N_TUPLE ? a->items[i] : a;
        if (i == 0 && list->items[i]->kind == V_MODEL) { /* Sequential([model, Softmax()]) */
            km->inner = list->items[i]->model;
            continue;
        }
        if (km->inner && (list->items[i]->kind != V_LAYER || strcmp(list->items[i]->layer.kind, "Softmax")))
            return kerr(s, at, "the workbench wraps a model with a Softmax() only: Sequential([model, Softmax()])");
        if (add_layer(s, km, at, list->items[i]) < 0)
            return NULL;
    }
    return v;
}

/* ---- optimizers, losses, regularizers ------------------------------------------------------------ */

static const struct { const char *cls, *name; const char *const known[6]; } optimizers[] = {
    { "SGD", "sgd", { "learning_rate", "momentum", "nesterov", "name" } },
    { "Adam", "adam", { "learning_rate", "beta_1", "beta_2", "epsilon", "name" } },
    { "RMSprop", "rmsprop", { "learning_rate", "rho", "momentum", "epsilon", "name" } },
    { "Adagrad", "adagrad", { "learning_rate", "initial_accumulator_value", "epsilon", "name" } },
};

static kv *make_optimizer(keras_session *s, const py_node *call, const char *cls)
{
    int k = 0, n = (int)(sizeof optimizers / sizeof optimizers[0]);
    while (k < n && strcmp(optimizers[k].cls, cls) != 0)
        k++;
    if (k == n)
        return kerr(s, call, TR("optimiseur inconnu keras.optimizers.%s ; connus : SGD, Adam, RMSprop, Adagrad",
                                "unknown optimizer keras.optimizers.%s; known: SGD, Adam, RMSprop, Adagrad"), cls);
    if (kcheck_kwargs(s, call, cls, optimizers[k].known) < 0)
        return NULL;
    kv *v = knew(s, V_OPT);
    if (!v)
        return NULL;
    v->str = optimizers[k].name;
    for (int i = 0; i < call->n_items; i++) {
        const py_node *a = call->items[i];
        /* positional arguments in Keras's order: SGD(0.01, 0.9) is learning_rate, momentum */
        const char *name = a->kw ? a->kw : i < 5 && optimizers[k].known[i] && strcmp(optimizers[k].known[i], "name")
                                               ? optimizers[k].known[i] : NULL;
        double x;
        if (!name)
            return kerr(s, a, "%s: too many arguments; give its settings by name, e.g. %s(learning_rate=0.001)", cls, cls);
        if (!strcmp(name, "name"))
            continue;
        if (arg_number(s, a, name, &x) < 0)
            return NULL;
        if (!strcmp(name, "learning_rate") && !(x > 0))
            return kerr(s, a, "%s: learning_rate must be positive, got %g", cls, x);
        if (v->n_opt < 8) {
            v->opt_names[v->n_opt] = name;
            v->opt_values[v->n_opt++] = x;
        }
    }
    return v;
}

static const struct { const char *cls, *name; } losses[] = {
    { "SparseCategoricalCrossentropy", "sparse_categorical_crossentropy" },
    { "CategoricalCrossentropy", "categorical_crossentropy" },
    { "BinaryCrossentropy", "binary_crossentropy" },
    { "MeanSquaredError", "mse" },
    { "MeanAbsoluteError", "mae" },
};

static kv *make_loss(keras_session *s, const py_node *call, const char *cls)
{
    static const char *const known[] = { "from_logits", "reduction", "name", "label_smoothing", "axis", NULL };
    int k = 0, n = (int)(sizeof losses / sizeof losses[0]);
    while (k < n && strcmp(losses[k].cls, cls) != 0)
        k++;
    if (k == n)
        return kerr(s, call, TR("perte inconnue keras.losses.%s ; connues : SparseCategoricalCrossentropy, "
                                "CategoricalCrossentropy, BinaryCrossentropy, MeanSquaredError, MeanAbsoluteError",
                                "unknown loss keras.losses.%s; known: SparseCategoricalCrossentropy, "
                                "CategoricalCrossentropy, BinaryCrossentropy, MeanSquaredError, MeanAbsoluteError"), cls);
    if (kcheck_kwargs(s, call, cls, known) < 0)
        return NULL;
    kv *v = knew(s, V_LOSS);
    if (!v)
        return NULL;
    v->str = losses[k].name;
    const py_node *a = karg(call, 0, "from_logits");
    double x = 0;
    if (a && arg_number(s, a, "from_logits", &x) < 0)
        return NULL;
    if (a && k >= 3)
        return kerr(s, a, "%s has no from_logits", cls);
    v->num = x != 0;
    if ((a = karg(call, -1, "label_smoothing")))
        return not_yet(s, a, "label_smoothing");
    return v;
}

/* ---- compile ------------------------------------------------------------------------------------ */

static int compile_optimizer(keras_session *s, kmodel *km, const py_node *a)
{
    kv *v = keval(s, a);
    if (!v)
        return -1;
    km->n_opt = 0;
    if (v->kind == V_OPT) {
        km->optimizer = v->str;
        km->n_opt = v->n_opt;
        memcpy(km->opt_names, v->opt_names, sizeof km->opt_names);
        memcpy(km->opt_values, v->opt_values, sizeof km->opt_values);
        return 0;
    }
    /* Keras takes 'Adam' as well as 'adam' */
    if ((km->optimizer = engine_name(nn_optimizer_at, v, 1)))
        return 0;
    return unknown_name(s, a, v, nn_optimizer_at,
                        TR("compile : optimiseur inconnu '%s' ; connus : %s", "compile: unknown optimizer '%s'; known: %s"));
}

static int compile_loss(keras_session *s, kmodel *km, const py_node *a)
{
    kv *v = keval(s, a);
    if (!v)
        return -1;
    km->from_logits = 0;
    if (v->kind == V_LOSS) {
        km->loss = v->str;
        km->from_logits = v->num != 0;
        return 0;
    }
    if (v->kind == V_STR && (!strcmp(v->str, "mse") || !strcmp(v->str, "mae"))) {
        km->loss = v->str[1] == 's' ? "mse" : "mae";
        return 0;
    }
    if ((km->loss = engine_name(nn_loss_at, v, 0)))
        return 0;
    return unknown_name(s, a, v, nn_loss_at,
                        TR("compile : perte inconnue '%s' ; connues : %s", "compile: unknown loss '%s'; known: %s"));
}

static int compile_metrics(keras_session *s, kmodel *km, const py_node *a)
{
    kv *v = keval(s, a);
    if (!v)
        return -1;
    km->has_metric = 0;
    if (v->kind != V_LIST && v->kind != V_TUPLE) {
        kerr(s, a, "compile: metrics is a list, e.g. metrics=['accuracy']");
        return -1;
    }
    for (int i = 0; i < v->n; i++) {
        kv *m = v->items[i];
        if (m->kind != V_STR || (strcmp(m->str, "accuracy") && strcmp(m->str, "acc"))) {
            kerr(s, a, TR("compile : métrique inconnue '%s' ; connue : accuracy", "compile: unknown metric '%s'; known: accuracy"),
                 m->kind == V_STR ? m->str : "?");
            return -1;
        }
        km->has_metric = 1;
    }
    return 0;
}

/* The output is already a probability distribution: Keras warns when the loss expects logits. */
static void warn_logits(keras_session *s, const py_node *call, kmodel *km)
{
    const klayer *last = km->n_layers ? &km->layers[km->n_layers - 1] : NULL;
    if (!km->from_logits || !last)
        return;
    if (strcmp(last->kind, "Softmax") && !(last->activation && !strcmp(last->activation, "softmax")))
        return;
    if (s->o.notes)
        fprintf(s->o.notes, "%s:%d: warning: \"%s\" is given from_logits=True, but the model's output comes from a "
                "Softmax, so it is already a probability distribution, not logits. Was this intended? (The workbench's "
                "engine reads this output as probabilities: from_logits=False.)\n", s->where, call->line, km->loss);
    km->from_logits = 0; /* the engine refuses logits after a Softmax; Keras only warns */
    s->st.warnings++;
}

static kv *compile(keras_session *s, const py_node *call, kmodel *km)
{
    static const char *const known[] = { "optimizer", "loss", "metrics", "loss_weights", "weighted_metrics",
        "run_eagerly", "jit_compile", "steps_per_execution", NULL };
    if (kcheck_kwargs(s, call, "compile", known) < 0)
        return NULL;
    const py_node *opt = karg(call, 0, "optimizer"), *loss = karg(call, 1, "loss"), *metrics = karg(call, 2, "metrics");
    km->optimizer = "rmsprop"; /* Keras's default */
    km->n_opt = 0;
    if (opt && compile_optimizer(s, km, opt) < 0)
        return NULL;
    if (!loss)
        return kerr(s, call, TR("compile : la perte manque, par exemple loss='sparse_categorical_crossentropy'",
                                "compile: the loss is missing, e.g. loss='sparse_categorical_crossentropy'"));
    if (compile_loss(s, km, loss) < 0 || (metrics && compile_metrics(s, km, metrics) < 0))
        return NULL;
    km->compiled = 1;
    km->compile_line = call->line;
    warn_logits(s, call, km);
    if (km->m && kapply_compile(s, km, call) < 0)
        return NULL;
    return knew(s, V_NONE);
}

/* ---- dispatch ----------------------------------------------------------------------------------- */

kv *kcall_keras(keras_session *s, const py_node *call, const char *path)
{
    const char *p = path + 6; /* after "keras." */
    if (!strcmp(p, "Sequential") || !strcmp(p, "models.Sequential"))
        return make_sequential(s, call);
    if (!strcmp(p, "Input"))
        return make_layer(s, call, "Input");
    if (!strncmp(p, "layers.", 7) && !strchr(p + 7, '.'))
        return make_layer(s, call, p + 7);
    if (!strcmp(p, "datasets.fashion_mnist.load_data") || !strcmp(p, "datasets.mnist.load_data"))
        return kload_data(s, call, p + 9);
    if (!strncmp(p, "optimizers.", 11) && !strchr(p + 11, '.'))
        return make_optimizer(s, call, p + 11);
    if (!strncmp(p, "losses.", 7) && !strchr(p + 7, '.'))
        return make_loss(s, call, p + 7);
    if (!strcmp(p, "utils.to_categorical"))
        return kto_categorical(s, call);
    if (!strncmp(p, "regularizers.", 13) && !strchr(p + 13, '.'))
        return make_regularizer(s, call, p + 13);
    if (!strncmp(p, "datasets.", 9))
        return kerr(s, call, TR("jeu de données inconnu %s ; connus : keras.datasets.fashion_mnist, keras.datasets.mnist",
                                "unknown dataset %s; known: keras.datasets.fashion_mnist, keras.datasets.mnist"), path);
    return kskip(s, "%s() is not run by the reader", path);
}

kv *kcall_method(keras_session *s, const py_node *call, kv *obj, const char *method)
{
    static const char *const skipped[] = { "save", "save_weights", "load_weights", "get_weights", "set_weights",
        "to_json", "get_layer", "pop", "count_params", "get_config", NULL };
    if (obj->kind != V_MODEL)
        return kskip(s, ".%s() is not run by the reader", method);
    kmodel *km = obj->model;
    if (!strcmp(method, "add")) {
        const py_node *a = karg(call, 0, "layer");
        kv *v = a ? keval(s, a) : NULL;
        if (!v)
            return s->failed || s->skipping ? NULL : kerr(s, call, "add: a layer is expected, e.g. model.add(Dense(10))");
        return add_layer(s, km, a, v) < 0 ? NULL : knew(s, V_NONE);
    }
    if (!strcmp(method, "compile"))
        return compile(s, call, km);
    if (!strcmp(method, "fit"))
        return kfit(s, call, km);
    if (!strcmp(method, "evaluate"))
        return kevaluate(s, call, km);
    if (!strcmp(method, "predict"))
        return kpredict(s, call, km);
    if (!strcmp(method, "summary"))
        return ksummary(s, call, km);
    for (int k = 0; skipped[k]; k++)
        if (!strcmp(method, skipped[k]))
            return kskip(s, "model.%s() is not run by the reader", method);
    return kerr(s, call->a, TR("'Sequential' n'a pas d'attribut '%s' ; connus : add, compile, fit, evaluate, predict, summary",
                               "'Sequential' object has no attribute '%s'; known: add, compile, fit, evaluate, predict, summary"),
                method);
}
