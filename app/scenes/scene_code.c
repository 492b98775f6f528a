/* scene_code.c — the model of a trainer as Keras code, and back: what the scenes that train one
 * model (training, images, race, the comparison) share for their code panel. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang.h"
#include "nn.h"
#include "scene_common.h"

int scene_kind_index(const char *(*at)(int), const char *name)
{
    for (int i = 0; at(i); i++)
        if (strcmp(at(i), name) == 0)
            return i;
    return -1;
}

void scene_spec_of_trainer(const trainer_config *c, const int *shape, int ndim, int classes, keras_spec *sp)
{
    memset(sp, 0, sizeof *sp);
    sp->input_ndim = ndim;
    sp->input_shape[0] = shape[0];
    sp->input_shape[1] = ndim == 2 ? shape[1] : 0;
    int act = scene_kind_index(nn_activation_at, c->activation[0] ? c->activation : "relu");
    for (int i = 0; i < c->hidden && i < KERAS_SPEC_LAYERS - 1; i++)
        sp->layer[sp->n_layers++] = (keras_spec_layer){ .kind = KERAS_DENSE, .units = c->units[i],
                                                        .activation = act, .use_bias = 1 };
    /* Playground's regression sets (no classes): one linear output and the squared error */
    int regression = c->regression || classes <= 0;
    sp->layer[sp->n_layers++] =
        (keras_spec_layer){ .kind = KERAS_DENSE, .units = regression ? 1 : classes,
                            .activation = scene_kind_index(nn_activation_at, regression ? "linear" : "softmax"),
                            .use_bias = 1 };
    /* the trainer's regulariser is every Dense kernel's */
    for (int i = 0; i < sp->n_layers && c->reg != TRAINER_REG_NONE; i++) {
        sp->layer[i].l1 = c->reg == TRAINER_REG_L1 ? c->reg_rate : 0;
        sp->layer[i].l2 = c->reg == TRAINER_REG_L2 ? c->reg_rate : 0;
    }
    sp->compiled = 1;
    sp->optimizer = scene_kind_index(nn_optimizer_at, c->optimizer[0] ? c->optimizer : "adam");
    sp->learning_rate = c->learning_rate;
    sp->loss = scene_kind_index(nn_loss_at, regression ? "mean_squared_error"
                                            : c->loss[0] ? c->loss : "sparse_categorical_crossentropy");
    sp->metric_accuracy = !regression;
    sp->fitted = 1;
    sp->epochs = c->epochs > 0 ? c->epochs : 1;
    sp->batch_size = c->batch_size;
    sp->validation_data = 1; /* the trainers score the test set after each epoch */
}

/* The output layer a trainer builds: Dense(classes, softmax), or the course's logits with a
 * Softmax() after them. */
static int output_ok(const keras_spec *sp, const keras_spec_layer *out, int classes, char *why, size_t n)
{
    if (classes <= 0) { /* a regression set: one value */
        if (out->kind == KERAS_DENSE && out->units == 1 && out->activation == scene_kind_index(nn_activation_at, "linear"))
            return 0;
        snprintf(why, n, TR("ces données donnent une valeur : la dernière couche est Dense(1)",
                            "these data give a value: the last layer is Dense(1)"));
        return -1;
    }
    int softmax = out->activation == scene_kind_index(nn_activation_at, "softmax");
    int logits = sp->softmax_after && out->activation == scene_kind_index(nn_activation_at, "linear");
    if (out->kind == KERAS_DENSE && out->units == classes && (softmax || logits))
        return 0;
    snprintf(why, n,
             TR("la dernière couche est Dense(%d, activation='softmax') : un neurone par classe des données",
                "the last layer is Dense(%d, activation='softmax'): one neuron per class of the data"),
             classes);
    return -1;
}

/* The layers: Dense ones only, the hidden ones with one activation and at most max_units each. */
static int layers_ok(const keras_spec *sp, int classes, int max_units, char *why, size_t n, int *line)
{
    if (sp->n_layers < 1 || sp->n_layers - 1 > TRAINER_MAX_LAYERS) {
        snprintf(why, n, TR("cette scène entraîne de 0 à %d couches cachées", "this scene trains 0 to %d hidden layers"),
                 TRAINER_MAX_LAYERS);
        return -1;
    }
    for (int i = 0; i < sp->n_layers; i++) {
        const keras_spec_layer *l = &sp->layer[i];
        *line = l->line;
        if (l->kind != KERAS_DENSE) {
            snprintf(why, n, TR("cette scène n'a que des couches Dense (neurone run lit Dropout)",
                                "this scene has Dense layers only (neurone run reads Dropout)"));
            return -1;
        }
        /* one regulariser, the same on every Dense kernel: the trainer's (reg, reg_rate) */
        const keras_spec_layer *l0 = &sp->layer[0];
        if ((l->l1 != 0 && l->l2 != 0) || l->l1 != l0->l1 || l->l2 != l0->l2 || !l->use_bias) {
            snprintf(why, n, TR("ici, une même régularisation l1 ou l2 sur chaque couche Dense, et pas de use_bias=False "
                                "(neurone run lit le reste)",
                                "here, one l1 or l2 regularizer on every Dense layer, and no use_bias=False "
                                "(neurone run reads the rest)"));
            return -1;
        }
        if (i == sp->n_layers - 1)
            return output_ok(sp, l, classes, why, n);
        if (l->units < 1 || l->units > max_units) {
            snprintf(why, n, TR("de 1 à %d neurones par couche cachée ici", "1 to %d neurons per hidden layer here"),
                     max_units);
            return -1;
        }
        if (l->activation != sp->layer[0].activation) {
            snprintf(why, n, TR("les couches cachées ont toutes la même activation dans cette scène",
                                "the hidden layers all have the same activation in this scene"));
            return -1;
        }
    }
    return 0;
}

/* compile and fit: an optimizer, the loss on class numbers (or the squared error of a value: no
 * classes), epochs a trainer can keep. */
static int training_ok(const keras_spec *sp, int classes, char *why, size_t n, int *line)
{
    *line = sp->compile_line;
    if (!sp->compiled) {
        snprintf(why, n, TR("il manque model.compile(...)", "model.compile(...) is missing"));
        return -1;
    }
    const char *loss = nn_loss_at(sp->loss);
    if (classes <= 0 && (!loss || strcmp(loss, "mean_squared_error") != 0)) {
        snprintf(why, n, TR("ces données donnent une valeur : loss='mse'", "these data give a value: loss='mse'"));
        return -1;
    }
    if (classes > 0 && (!loss || (strcmp(loss, "sparse_categorical_crossentropy") != 0 && strcmp(loss, "categorical_crossentropy") != 0))) {
        snprintf(why, n, TR("cette scène classe : loss='sparse_categorical_crossentropy'",
                            "this scene classifies: loss='sparse_categorical_crossentropy'"));
        return -1;
    }
    *line = sp->fit_line;
    if (!sp->fitted) {
        snprintf(why, n, TR("il manque model.fit(...)", "model.fit(...) is missing"));
        return -1;
    }
    if (sp->epochs < 1 || sp->epochs > TRAINER_MAX_EPOCHS || sp->batch_size < 0) {
        snprintf(why, n, TR("epochs de 1 à %d ici", "epochs from 1 to %d here"), TRAINER_MAX_EPOCHS);
        return -1;
    }
    return 0;
}

int scene_trainer_of_spec(const keras_spec *sp, int features, int classes, int max_units, trainer_config *c,
                          char *why, size_t n, int *line)
{
    int in = sp->input_ndim == 2 ? sp->input_shape[0] * sp->input_shape[1] : sp->input_shape[0];
    *line = sp->model_line;
    if (in != features) {
        snprintf(why, n, TR("les données ont %d valeurs par exemple : l'entrée en a %d",
                            "the data have %d values a sample: the input has %d"),
                 features, in);
        return -1;
    }
    if (layers_ok(sp, classes, max_units, why, n, line) < 0 || training_ok(sp, classes, why, n, line) < 0)
        return -1;
    c->hidden = sp->n_layers - 1;
    for (int i = 0; i < c->hidden; i++)
        c->units[i] = sp->layer[i].units;
    if (c->hidden > 0)
        snprintf(c->activation, sizeof c->activation, "%s", nn_activation_at(sp->layer[0].activation));
    snprintf(c->optimizer, sizeof c->optimizer, "%s", nn_optimizer_at(sp->optimizer));
    snprintf(c->loss, sizeof c->loss, "%s",
             strcmp(nn_loss_at(sp->loss), "categorical_crossentropy") == 0 ? "categorical_crossentropy" : "");
    c->learning_rate = sp->learning_rate;
    c->epochs = sp->epochs;
    c->batch_size = sp->batch_size > 0 ? sp->batch_size : 32;
    const keras_spec_layer *l0 = &sp->layer[0];
    c->reg = l0->l1 > 0 ? TRAINER_REG_L1 : l0->l2 > 0 ? TRAINER_REG_L2 : TRAINER_REG_NONE;
    c->reg_rate = l0->l1 > 0 ? l0->l1 : l0->l2;
    return 0;
}

int scene_menu_index(const char *const *items, int n, const char *value, const char *what, char *why, size_t size)
{
    for (int i = 0; i < n; i++)
        if (strcmp(items[i], value) == 0 || (strtof(items[i], NULL) > 0 && strtof(items[i], NULL) == strtof(value, NULL)))
            return i;
    int k = snprintf(why, size, TR("le menu %s de cette scène a : ", "this scene's %s menu has: "), what);
    for (int i = 0; i < n && k > 0 && (size_t)k < size; i++)
        k += snprintf(why + k, size - (size_t)k, "%s%s", i ? ", " : "", items[i]);
    return -1;
}

/* The code's data: the course's load_data for the image sets, the scene's own arrays otherwise,
 * described in the first comment. */
static void data_env(const scene_data_shape *d, const char *dataset, keras_spec_env *env, char *about, size_t n)
{
    int images = strcmp(dataset, "mnist") == 0 || strcmp(dataset, "fashion_mnist") == 0;
    *env = (keras_spec_env){ .dataset = images ? dataset : NULL, .about = about, .features = d->dim,
                             .classes = d->classes, .lang_fr = lang_current() == LANG_FR };
    if (images)
        env->about = NULL;
    else if (strcmp(dataset, "mnist_10x10") == 0)
        snprintf(about, n, TR("x_train : (%d, 100), des chiffres réduits à 10×10 pixels ; y_train : to_categorical",
                              "x_train: (%d, 100), digits shrunk to 10×10 pixels; y_train: to_categorical"),
                 d->n);
    else if (data_is_playground(dataset) && d->classes <= 0)
        snprintf(about, n, TR("x_train : (%d, 2) points (x1, x2) ; y_train : une valeur de -1 à 1",
                              "x_train: (%d, 2) points (x1, x2); y_train: a value from -1 to 1"),
                 d->n);
    else if (data_is_playground(dataset))
        snprintf(about, n, TR("x_train : (%d, 2) points (x1, x2) ; y_train : 0 orange, 1 bleu",
                              "x_train: (%d, 2) points (x1, x2); y_train: 0 orange, 1 blue"),
                 d->n);
    else
        snprintf(about, n, TR("x_train : les lignes d'entraînement de %s, %d valeurs ; y_train : %d classes",
                              "x_train: the training rows of %s, %d values; y_train: %d classes"),
                 dataset, d->dim, d->classes);
}

static void trainer_spec(const trainer_config *c, const scene_data_shape *d, keras_spec *sp)
{
    int flat = d->dim, image[2] = { d->image_side, d->image_side };
    if (d->image_side == 28)
        scene_spec_of_trainer(c, image, 2, d->classes, sp);
    else
        scene_spec_of_trainer(c, &flat, 1, d->classes, sp);
}

void scene_code_follow(code_panel *p, const trainer_config *c, const scene_data_shape *d)
{
    char about[200];
    keras_spec sp;
    keras_spec_env env;
    data_env(d, c->dataset, &env, about, sizeof about);
    trainer_spec(c, d, &sp);
    code_panel_follow(p, &sp, &env);
}

int scene_code_take(code_panel *p, const trainer_config *c, const scene_data_shape *d, int max_units, trainer_config *next)
{
    keras_spec sp;
    if (!code_panel_take(p, &sp))
        return 0;
    char why[300];
    int line = 0;
    *next = *c;
    if (scene_trainer_of_spec(&sp, d->dim, d->classes, max_units, next, why, sizeof why, &line) < 0) {
        code_panel_refuse(p, line, why);
        return 0;
    }
    /* a saved model opened: the trainer starts from its weights (a scene that builds no trainer
     * from next, the race and exercise 2, takes the architecture alone) */
    snprintf(next->weights_from, sizeof next->weights_from, "%s", code_panel_weights(p));
    return 1;
}

void scene_code_accept(code_panel *p, trainer_config *c, const scene_data_shape *d)
{
    keras_spec sp;
    p->weights[0] = 0;
    /* the trainer has the saved weights: a later restart (a setting, Reset) starts from random ones */
    c->weights_from[0] = 0;
    trainer_spec(c, d, &sp);
    code_panel_accept(p, &sp);
}
