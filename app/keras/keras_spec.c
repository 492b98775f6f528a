/* keras_spec.c — the way back from edited code to a keras_spec: the code runs in a dry Keras
 * session (nothing trained or loaded) with the scene's names declared, and the model it builds is
 * read into the spec's fields, or refused with the place and the reason when the spec cannot hold
 * it. The code's text is written by keras_spec_code.c. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "keras_internal.h"
#include "keras_spec.h"
#include "lang.h"

/* ---- errors ------------------------------------------------------------------------------------- */

/* The byte offset of (line, col) in code (both 1-based, col in bytes); len when past the end. */
static size_t offset_of(const char *code, size_t len, int line, int col)
{
    size_t i = 0;
    for (int l = 1; l < line && i < len; i++)
        if (code[i] == '\n')
            l++;
    for (int c = 1; c < col && i < len && code[i] != '\n'; c++)
        i++;
    return i;
}

static int is_word(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           (unsigned char)c >= 0x80;
}

/* The bytes of the token that starts at i: a dotted name or a number, a quoted string, or one. */
static size_t token_bytes(const char *code, size_t len, size_t i)
{
    size_t j = i;
    if (i >= len || code[i] == '\n')
        return 0;
    if (code[i] == '\'' || code[i] == '"') {
        for (j = i + 1; j < len && code[j] != code[i] && code[j] != '\n'; j++)
            if (code[j] == '\\' && j + 1 < len)
                j++;
        return (j < len && code[j] == code[i] ? j + 1 : j) - i;
    }
    while (j < len && (is_word(code[j]) || (code[j] == '.' && j > i && j + 1 < len && is_word(code[j + 1]))))
        j++;
    if (j < len && code[j] == '-' && j > i && (code[j - 1] == 'e' || code[j - 1] == 'E') && code[i] >= '0' &&
        code[i] <= '9') /* 1e-5 */
        for (j++; j < len && is_word(code[j]); j++)
            ;
    return j > i ? j - i : 1;
}

/* UTF-8 characters among n bytes (the panel counts characters) */
static int chars(const char *p, size_t n)
{
    int c = 0;
    for (size_t k = 0; k < n; k++)
        c += ((unsigned char)p[k] & 0xC0) != 0x80;
    return c;
}

/* err at (line, col in bytes) with the length of the token there; -1. */
static int fail_at(keras_spec_err *err, const char *code, size_t len, int line, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    err->line = line > 0 ? line : 0;
    err->col = err->len = 1;
    if (line > 0 && code) {
        size_t at = offset_of(code, len, line, col > 0 ? col : 1), sol = offset_of(code, len, line, 1);
        size_t n = token_bytes(code, len, at);
        err->col = chars(code + sol, at - sol) + 1;
        err->len = n ? chars(code + at, n) : 1;
        err->len = err->len < 1 ? 1 : err->len;
    }
    return -1;
}

/* ---- from the session's model to the spec --------------------------------------------------------- */

typedef struct reading {
    const char *code;
    size_t len;
    const keras_spec_env *env;
    keras_spec *sp;
    keras_spec_err *err;
} reading;

static int index_of(const char *(*at)(int), const char *name)
{
    for (int i = 0; name && at(i); i++)
        if (!strcmp(at(i), name))
            return i;
    return -1;
}

static int spec_input(reading *r, const klayer *l)
{
    if (l->ndim > 2)
        return fail_at(r->err, r->code, r->len, l->line, l->col,
                       TR("%s : la scène lit une entrée à 1 ou 2 dimensions, comme (2,) ou (28, 28)",
                          "%s: the scene reads an input of 1 or 2 dimensions, such as (2,) or (28, 28)"), l->kind);
    r->sp->input_ndim = l->ndim;
    r->sp->input_shape[0] = l->shape[0];
    r->sp->input_shape[1] = l->ndim == 2 ? l->shape[1] : 0;
    return 0;
}

static int spec_dense(reading *r, const klayer *l, keras_spec_layer *out)
{
    if (l->kernel_initializer || l->bias_initializer)
        return fail_at(r->err, r->code, r->len, l->line, l->col,
                       TR("Dense : la scène n'a pas de réglage pour l'initialiseur ; retirez-le",
                          "Dense: the scene has no setting for the initializer; remove it"));
    *out = (keras_spec_layer){ .kind = KERAS_DENSE, .units = l->units, .use_bias = !l->no_bias,
                               .activation = index_of(nn_activation_at, l->activation), .l2 = l->kernel_l2,
                               .l1 = l->kernel_l1, .line = l->line };
    out->activation = out->activation < 0 ? 0 : out->activation;
    return 0;
}

/* The layers: an input (Input, or input_shape= on the first layer), Flatten first for images, then
 * Dense and Dropout, and a Softmax() last. */
static int spec_layers(reading *r, const kmodel *km)
{
    keras_spec *sp = r->sp;
    int flatten = 0;
    for (int i = 0; i < km->n_layers; i++) {
        const klayer *l = &km->layers[i];
        if (l->ndim && !sp->input_ndim && spec_input(r, l) < 0)
            return -1;
        if (!strcmp(l->kind, "Input"))
            continue;
        if (!strcmp(l->kind, "Flatten") && sp->n_layers == 0 && !flatten) {
            flatten = 1;
            continue;
        }
        if (!strcmp(l->kind, "Softmax") && i == km->n_layers - 1 && sp->n_layers > 0 &&
            sp->layer[sp->n_layers - 1].kind == KERAS_DENSE) {
            sp->softmax_after = 1;
            continue;
        }
        if (strcmp(l->kind, "Dense") && strcmp(l->kind, "Dropout"))
            return fail_at(r->err, r->code, r->len, l->line, l->col,
                           TR("la scène ne tient pas cette couche %s ici : Flatten() en premier, puis Dense et "
                              "Dropout, et Softmax() en dernier", "the scene cannot hold this %s layer here: Flatten() "
                              "first, then Dense and Dropout, and Softmax() last"), l->kind);
        if (sp->n_layers == KERAS_SPEC_LAYERS)
            return fail_at(r->err, r->code, r->len, l->line, l->col,
                           TR("plus de %d couches : la scène en tient %d au plus",
                              "more than %d layers: the scene holds %d at most"), KERAS_SPEC_LAYERS, KERAS_SPEC_LAYERS);
        keras_spec_layer *out = &sp->layer[sp->n_layers++];
        if (!strcmp(l->kind, "Dropout"))
            *out = (keras_spec_layer){ .kind = KERAS_DROPOUT, .rate = l->rate, .line = l->line };
        else if (spec_dense(r, l, out) < 0)
            return -1;
    }
    if (sp->input_ndim == 2 && !flatten && sp->n_layers > 0)
        return fail_at(r->err, r->code, r->len, sp->layer[0].line, 1,
                       TR("les images passent par layers.Flatten() avant la première couche Dense",
                          "images go through layers.Flatten() before the first Dense layer"));
    return 0;
}

/* The input's shape when no layer gives it: what fit built the model with, or the scene's data. */
static void spec_default_input(reading *r, const kmodel *km)
{
    keras_spec *sp = r->sp;
    int images = r->env->dataset && (!strcmp(r->env->dataset, "mnist") || !strcmp(r->env->dataset, "fashion_mnist"));
    if (sp->input_ndim)
        return;
    if (km->in_ndim == 1 || km->in_ndim == 2) {
        sp->input_ndim = km->in_ndim;
        sp->input_shape[0] = km->in_shape[0];
        sp->input_shape[1] = km->in_ndim == 2 ? km->in_shape[1] : 0;
    } else if (images) {
        sp->input_ndim = 2;
        sp->input_shape[0] = sp->input_shape[1] = 28;
    } else {
        sp->input_ndim = 1;
        sp->input_shape[0] = r->env->features;
    }
}

static int spec_compile(reading *r, const kmodel *km)
{
    keras_spec *sp = r->sp;
    sp->compiled = 1;
    sp->compile_line = km->compile_line;
    sp->optimizer = index_of(nn_optimizer_at, km->optimizer);
    const char *loss = !strcmp(km->loss, "mse") ? "mean_squared_error"
                     : !strcmp(km->loss, "mae") ? "mean_absolute_error" : km->loss;
    sp->loss = index_of(nn_loss_at, loss);
    sp->from_logits = km->from_logits;
    sp->metric_accuracy = km->has_metric;
    for (int i = 0; i < km->n_opt; i++) {
        const char *p = km->opt_names[i];
        if (!strcmp(p, "learning_rate"))
            sp->learning_rate = (float)km->opt_values[i];
        else if (!strcmp(p, "momentum") && !strcmp(km->optimizer, "sgd"))
            sp->momentum = (float)km->opt_values[i];
        else
            return fail_at(r->err, r->code, r->len, km->compile_line, 1,
                           TR("compile : la scène n'a pas de réglage pour %s de %s ; elle règle learning_rate "
                              "(et momentum pour SGD)", "compile: the scene has no setting for %s of %s; it sets "
                              "learning_rate (and momentum for SGD)"), p, km->optimizer);
    }
    return sp->optimizer < 0 || sp->loss < 0 ? fail_at(r->err, r->code, r->len, km->compile_line, 1, "compile: %s?",
                                                       sp->loss < 0 ? km->loss : km->optimizer) : 0;
}

static int spec_of(reading *r, const kmodel *km, int wrapped)
{
    keras_spec *sp = r->sp;
    memset(sp, 0, sizeof *sp);
    if (km->inner) { /* model = keras.Sequential([base, layers.Softmax()]): base's layers */
        km = km->inner;
        wrapped = 1;
    }
    sp->model_line = km->line;
    if (spec_layers(r, km) < 0)
        return -1;
    spec_default_input(r, km);
    sp->softmax_after |= wrapped;
    if (km->compiled && spec_compile(r, km) < 0)
        return -1;
    if (km->fitted) {
        sp->fitted = 1;
        sp->fit_line = km->fit_line;
        sp->epochs = km->fit_epochs;
        sp->batch_size = km->fit_batch;
        sp->validation_split = km->fit_validation_split;
        sp->validation_data = km->fit_validation_data;
    }
    if (sp->n_layers == 0)
        return fail_at(r->err, r->code, r->len, km->line, 1,
                       TR("le modèle n'a pas de couche Dense", "the model has no Dense layer"));
    return 0;
}

/* The model bound to `model`, else the last one compiled or fitted, else the last one built. */
static const kmodel *chosen_model(const keras_session *s)
{
    for (int i = 0; i < s->n_vars; i++)
        if (!strcmp(s->vars[i].name, "model") && s->vars[i].v->kind == V_MODEL)
            return s->vars[i].v->model;
    for (int i = s->n_models - 1; i >= 0; i--)
        if (s->models[i]->compiled || s->models[i]->fitted)
            return s->models[i];
    return s->n_models ? s->models[s->n_models - 1] : NULL;
}

/* 1 when another model wraps km with a Softmax (the course's probability_model) */
static int is_wrapped(const keras_session *s, const kmodel *km)
{
    for (int i = 0; i < s->n_models; i++)
        if (s->models[i]->inner == km)
            return 1;
    return 0;
}

/* ---- reading ------------------------------------------------------------------------------------- */

/* The scene's arrays, with no rows: x_train and x_test (n, features), y_train and y_test labels. */
static int declare_env(keras_session *s, const keras_spec_env *env)
{
    if (env->dataset && (!strcmp(env->dataset, "mnist") || !strcmp(env->dataset, "fashion_mnist")))
        return 0; /* the code loads them */
    if (env->features < 1 || env->classes < 1)
        return 0;
    int shape[1] = { env->features };
    return keras_session_declare(s, "x_train", 1, shape, 0) < 0 || keras_session_declare(s, "x_test", 1, shape, 0) < 0 ||
           keras_session_declare(s, "y_train", 0, NULL, env->classes) < 0 ||
           keras_session_declare(s, "y_test", 0, NULL, env->classes) < 0 ? -1 : 0;
}

static int blank(const char *code, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (code[i] == '#')
            while (i < len && code[i] != '\n')
                i++;
        else if (code[i] != ' ' && code[i] != '\t' && code[i] != '\n' && code[i] != '\r')
            return 0;
    }
    return 1;
}

static int read_code(reading *r)
{
    int line = 0, col = 0;
    const char *why = NULL;
    if (!r->code || blank(r->code, r->len))
        return fail_at(r->err, NULL, 0, 1, 1, TR("le code est vide : écrivez un modèle, par exemple "
                       "model = keras.Sequential([...])", "the code is empty: write a model, e.g. "
                       "model = keras.Sequential([...])"));
    if (!keras_is_python(r->code, r->len, &line, &col, &why))
        return fail_at(r->err, r->code, r->len, line, col, TR("pas du Python ici : %s", "not Python here: %s"), why);
    keras_session *s = keras_session_new(&(keras_run_opts){ .dry = 1 });
    if (!s || declare_env(s, r->env) < 0) {
        keras_session_free(s);
        return fail_at(r->err, NULL, 0, 0, 0, "out of memory");
    }
    int rc;
    if (keras_session_run(s, r->code, r->len, "code") < 0) {
        rc = fail_at(r->err, r->code, r->len, s->error_line, s->error_col, "%s",
                     s->error_what ? s->error_what : s->error);
    } else {
        const kmodel *km = chosen_model(s);
        rc = km ? spec_of(r, km, is_wrapped(s, km))
                : fail_at(r->err, NULL, 0, 0, 0, TR("pas de modèle : le code n'en construit aucun (model = "
                          "keras.Sequential([...]))", "no model: the code builds none (model = keras.Sequential([...]))"));
    }
    keras_session_free(s);
    return rc;
}

int keras_spec_read(const char *code, size_t len, const keras_spec_env *env, keras_spec *out, keras_spec_err *err)
{
    keras_spec_env none = { 0 };
    reading r = { .code = code, .len = len, .env = env ? env : &none, .sp = out, .err = err };
    int lang = lang_current();
    memset(out, 0, sizeof *out);
    memset(err, 0, sizeof *err);
    lang_set(r.env->lang_fr ? LANG_FR : LANG_EN); /* the reader's messages follow lang.h */
    int rc = read_code(&r);
    lang_set(lang);
    if (rc < 0)
        memset(out, 0, sizeof *out);
    return rc;
}

/* ---- comparing ----------------------------------------------------------------------------------- */

static int same_layer(const keras_spec_layer *a, const keras_spec_layer *b)
{
    if (a->kind != b->kind)
        return 0;
    if (a->kind == KERAS_DROPOUT)
        return a->rate == b->rate;
    return a->units == b->units && a->activation == b->activation && !a->use_bias == !b->use_bias && a->l2 == b->l2 &&
           a->l1 == b->l1;
}

int keras_spec_same(const keras_spec *a, const keras_spec *b)
{
    if (a->input_ndim != b->input_ndim || a->input_shape[0] != b->input_shape[0] ||
        (a->input_ndim == 2 && a->input_shape[1] != b->input_shape[1]) || a->n_layers != b->n_layers ||
        !a->softmax_after != !b->softmax_after || !a->compiled != !b->compiled || !a->fitted != !b->fitted)
        return 0;
    for (int i = 0; i < a->n_layers && i < KERAS_SPEC_LAYERS; i++)
        if (!same_layer(&a->layer[i], &b->layer[i]))
            return 0;
    int sgd = a->optimizer >= 0 && nn_optimizer_at(a->optimizer) && !strcmp(nn_optimizer_at(a->optimizer), "sgd");
    if (a->compiled && (a->optimizer != b->optimizer || a->learning_rate != b->learning_rate ||
                        (sgd && a->momentum != b->momentum) || a->loss != b->loss ||
                        !a->from_logits != !b->from_logits || !a->metric_accuracy != !b->metric_accuracy))
        return 0;
    if (a->fitted && (a->epochs != b->epochs || a->batch_size != b->batch_size ||
                      a->validation_split != b->validation_split || !a->validation_data != !b->validation_data))
        return 0;
    return 1;
}
