/* keras_spec_code.c — a keras_spec as the course writes it in Keras: keras and layers imported,
 * single quotes, one layer a line, numbers as short as the float allows. Each setting owns its
 * own tokens, so that changing one setting changes one short span of the text (the code panel
 * flashes the bytes that changed). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keras_spec.h"
#include "nn.h"

typedef struct writer {
    char *buf;
    size_t cap, len;  /* len: what the whole text needs, even past cap */
} writer;

static void put(writer *w, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    size_t left = w->len < w->cap ? w->cap - w->len : 0;
    int n = vsnprintf(left ? w->buf + w->len : NULL, left, fmt, ap);
    va_end(ap);
    if (n > 0)
        w->len += (size_t)n;
}

/* The shortest text that reads back to the same float: 0.01, not 0.009999999776; 1e-5, not 1e-05;
 * 1000, not 1e+03. */
static const char *num(char out[32], float x)
{
    if (x == (float)(long)x && x > -1e7f && x < 1e7f) {
        snprintf(out, 32, "%ld", (long)x);
        return out;
    }
    for (int p = 1; p <= 9; p++) {
        snprintf(out, 32, "%.*g", p, (double)x);
        if (strtof(out, NULL) == x)
            break;
    }
    char *e = strchr(out, 'e');
    if (e) { /* Python reads 1e-5 as well as 1e-05: drop the '+' and the leading zeros */
        char *d = e + 1 + (e[1] == '-' || e[1] == '+');
        char *z = d;
        while (*z == '0' && z[1])
            z++;
        memmove(e[1] == '+' ? e + 1 : d, z, strlen(z) + 1);
    }
    return out;
}

static int is_images(const keras_spec_env *env)
{
    return env->dataset && (!strcmp(env->dataset, "mnist") || !strcmp(env->dataset, "fashion_mnist"));
}

/* The dataset's loading and scaling, for the image scenes; the other scenes' arrays are theirs. */
static void code_data(writer *w, const keras_spec_env *env)
{
    put(w, "%s", env->lang_fr ? "# 60 000 images 28x28 pour l'entraînement, 10 000 pour le test ; 10 classes\n"
                              : "# 60,000 28x28 images to train on, 10,000 to test; 10 classes\n");
    put(w, "(x_train, y_train), (x_test, y_test) = keras.datasets.%s.load_data()\n", env->dataset);
    put(w, "%s", env->lang_fr ? "# les pixels de 0..255 ramenés à 0..1\n" : "# the pixels from 0..255 to 0..1\n");
    put(w, "x_train = x_train / 255.0\nx_test = x_test / 255.0\n\n");
}

static void code_layer(writer *w, const keras_spec_layer *l)
{
    char a[32];
    if (l->kind == KERAS_DROPOUT) {
        put(w, "    layers.Dropout(%s),\n", num(a, l->rate));
        return;
    }
    put(w, "    layers.Dense(%d", l->units);
    if (l->activation > 0 && nn_activation_at(l->activation))
        put(w, ", activation='%s'", nn_activation_at(l->activation));
    if (!l->use_bias)
        put(w, ", use_bias=False");
    if (l->l1 > 0 && l->l2 > 0) {
        char b[32];
        put(w, ", kernel_regularizer=keras.regularizers.l1_l2(l1=%s, l2=%s)", num(a, l->l1), num(b, l->l2));
    } else if (l->l1 > 0)
        put(w, ", kernel_regularizer=keras.regularizers.l1(%s)", num(a, l->l1));
    else if (l->l2 > 0)
        put(w, ", kernel_regularizer=keras.regularizers.l2(%s)", num(a, l->l2));
    put(w, "),\n");
}

/* softmax_after with from_logits: the course keeps logits in the trained model and wraps it after
 * training (probability_model); without from_logits the Softmax is the model's last layer. */
static int wraps_softmax(const keras_spec *sp)
{
    return sp->softmax_after && sp->compiled && sp->from_logits;
}

static void code_model(writer *w, const keras_spec *sp)
{
    put(w, "model = keras.Sequential([\n");
    if (sp->input_ndim == 2)
        put(w, "    layers.Flatten(input_shape=(%d, %d)),\n", sp->input_shape[0], sp->input_shape[1]);
    else
        put(w, "    keras.Input(shape=(%d,)),\n", sp->input_shape[0]);
    for (int i = 0; i < sp->n_layers && i < KERAS_SPEC_LAYERS; i++)
        code_layer(w, &sp->layer[i]);
    if (sp->softmax_after && !wraps_softmax(sp))
        put(w, "    layers.Softmax(),\n");
    put(w, "])\n");
}

static void code_compile(writer *w, const keras_spec *sp)
{
    static const char *const classes[] = { "SGD", "Adam", "RMSprop", "Adagrad" };
    const char *opt = nn_optimizer_at(sp->optimizer) ? nn_optimizer_at(sp->optimizer) : "adam";
    int sgd = !strcmp(opt, "sgd"), k = sp->optimizer >= 0 && sp->optimizer < 4 ? sp->optimizer : 1;
    char a[32];
    /* one argument a line: the code panel is about 56 characters wide */
    put(w, "model.compile(\n");
    if (sp->learning_rate <= 0 && !(sgd && sp->momentum > 0)) {
        put(w, "    optimizer='%s',\n", opt);
    } else {
        put(w, "    optimizer=keras.optimizers.%s(", classes[k]);
        if (sp->learning_rate > 0)
            put(w, "learning_rate=%s", num(a, sp->learning_rate));
        if (sgd && sp->momentum > 0)
            put(w, "%smomentum=%s", sp->learning_rate > 0 ? ", " : "", num(a, sp->momentum));
        put(w, "),\n");
    }
    const char *loss = nn_loss_at(sp->loss) ? nn_loss_at(sp->loss) : "sparse_categorical_crossentropy";
    if (sp->from_logits && !strcmp(loss, "sparse_categorical_crossentropy"))
        put(w, "    loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),\n");
    else if (sp->from_logits && !strcmp(loss, "categorical_crossentropy"))
        put(w, "    loss=keras.losses.CategoricalCrossentropy(from_logits=True),\n");
    else if (sp->from_logits && !strcmp(loss, "binary_crossentropy"))
        put(w, "    loss=keras.losses.BinaryCrossentropy(from_logits=True),\n");
    else /* Keras's short names, as the course writes them */
        put(w, "    loss='%s',\n", !strcmp(loss, "mean_squared_error") ? "mse"
                                  : !strcmp(loss, "mean_absolute_error") ? "mae" : loss);
    if (sp->metric_accuracy)
        put(w, "    metrics=['accuracy'],\n");
    put(w, ")\n");
}

static void code_fit(writer *w, const keras_spec *sp)
{
    char a[32];
    put(w, "model.fit(\n    x_train, y_train, epochs=%d", sp->epochs > 0 ? sp->epochs : 1);
    if (sp->batch_size > 0)
        put(w, ", batch_size=%d", sp->batch_size);
    put(w, ",\n");
    if (sp->validation_split > 0)
        put(w, "    validation_split=%s,\n", num(a, sp->validation_split));
    if (sp->validation_data)
        put(w, "    validation_data=(x_test, y_test),\n");
    put(w, ")\n");
}

int keras_spec_code(const keras_spec *sp, const keras_spec_env *env, char *buf, size_t cap)
{
    static const keras_spec_env none;
    writer w = { .buf = buf, .cap = cap };
    env = env ? env : &none;
    if (cap)
        buf[0] = 0;
    put(&w, "import keras\nfrom keras import layers\n\n");
    /* the scene's words about its data: a comment line for each part between "; " (a newline in
     * them would end the comment) */
    for (const char *p = env->about; p && *p;) {
        int n = (int)strcspn(p, ";\r\n"), shown = n;
        while (shown > 0 && p[shown - 1] == ' ') /* French puts a space before ';' */
            shown--;
        put(&w, "# %.*s\n", shown, p);
        p += n;
        p += strspn(p, "; \r\n");
    }
    if (is_images(env))
        code_data(&w, env);
    code_model(&w, sp);
    if (sp->compiled)
        code_compile(&w, sp);
    if (sp->fitted)
        code_fit(&w, sp);
    if (wraps_softmax(sp))
        put(&w, "\nprobability_model = keras.Sequential([model, layers.Softmax()])\n");
    return w.len < cap ? (int)w.len : -1;
}
