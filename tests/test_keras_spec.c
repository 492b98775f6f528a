/* test_keras_spec.c — keras_spec (app/keras): the code written for every scene's settings reads
 * back to the same spec; one setting changed changes one short span of the text; every error of
 * the reader with its line, column and length; hostile text never crashes the dry read; the
 * course's own model cell reads; the time of one read (printed, not asserted). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "keras_run.h"
#include "keras_spec.h"
#include "lang.h"
#include "nn.h"

/* ---- helpers ------------------------------------------------------------------------------------ */

static int act(const char *name)
{
    for (int i = 0; nn_activation_at(i); i++)
        if (!strcmp(nn_activation_at(i), name))
            return i;
    return -1;
}

static int opt(const char *name)
{
    for (int i = 0; nn_optimizer_at(i); i++)
        if (!strcmp(nn_optimizer_at(i), name))
            return i;
    return -1;
}

static int loss(const char *name)
{
    for (int i = 0; nn_loss_at(i); i++)
        if (!strcmp(nn_loss_at(i), name))
            return i;
    return -1;
}

static keras_spec_layer dense(int units, const char *activation)
{
    return (keras_spec_layer){ .kind = KERAS_DENSE, .units = units, .activation = act(activation), .use_bias = 1 };
}

static const keras_spec_env playground = { .about = "x_train: (500, 2) points of the spiral; y_train: their class",
                                           .features = 2, .classes = 2 };

/* A playground spec: 2 features, hidden layers of `units` each with `activation`, 2 softmax outputs. */
static keras_spec playground_spec(int hidden, int units, const char *activation)
{
    keras_spec sp = { .input_ndim = 1, .input_shape = { 2 }, .compiled = 1, .optimizer = opt("adam"),
                      .learning_rate = 0.01f, .loss = loss("sparse_categorical_crossentropy"), .metric_accuracy = 1,
                      .fitted = 1, .epochs = 200, .batch_size = 10, .validation_data = 1 };
    for (int i = 0; i < hidden; i++)
        sp.layer[sp.n_layers++] = dense(units, activation);
    sp.layer[sp.n_layers++] = dense(2, "softmax");
    return sp;
}

/* code(sp) reads back to a spec the same as sp; returns 1 when it did (one failure message each) */
static int round_trip(const keras_spec *sp, const keras_spec_env *env, const char *what)
{
    char code[4096];
    keras_spec back;
    keras_spec_err err;
    int n = keras_spec_code(sp, env, code, sizeof code);
    CHECK(n > 0 && (size_t)n == strlen(code), "%s: code's length %d, strlen %zu", what, n, strlen(code));
    int rc = keras_spec_read(code, strlen(code), env, &back, &err);
    CHECK(rc == 0, "%s: the generated code should read, got %d:%d: %s in\n%s", what, err.line, err.col, err.msg, code);
    CHECK(rc != 0 || keras_spec_same(sp, &back), "%s: the read spec differs from the written one; code:\n%s", what, code);
    return rc == 0 && keras_spec_same(sp, &back);
}

/* ---- round trips -------------------------------------------------------------------------------- */

static void test_playground_round_trips(void)
{
    static const char *const acts[] = { "relu", "tanh", "sigmoid", "linear" };
    int ok = 0, n = 0;
    for (int hidden = 0; hidden <= 6; hidden++)
        for (int units = 1; units <= 8; units++)
            for (int a = 0; a < 4; a++, n++) {
                keras_spec sp = playground_spec(hidden, units, acts[a]);
                char what[80];
                snprintf(what, sizeof what, "playground %d x %d %s", hidden, units, acts[a]);
                ok += round_trip(&sp, &playground, what);
            }
    CHECK(ok == n, "every playground shape should round-trip: %d of %d did", ok, n);
}

static void test_optimizer_round_trips(void)
{
    static const char *const opts[] = { "sgd", "adam", "rmsprop", "adagrad" };
    static const float rates[] = { 0.00001f, 0.0001f, 0.001f, 0.003f, 0.01f, 0.03f, 0.1f, 0.3f, 1, 3, 10 };
    for (int o = 0; o < 4; o++)
        for (int r = 0; r < (int)(sizeof rates / sizeof rates[0]); r++) {
            keras_spec sp = playground_spec(2, 4, "relu");
            sp.optimizer = opt(opts[o]);
            sp.learning_rate = rates[r];
            char what[80];
            snprintf(what, sizeof what, "%s learning_rate %g", opts[o], (double)rates[r]);
            round_trip(&sp, &playground, what);
        }
    keras_spec sp = playground_spec(1, 3, "tanh");
    sp.optimizer = opt("sgd");
    sp.momentum = 0.9f;
    round_trip(&sp, &playground, "SGD with momentum 0.9");
    sp.learning_rate = 0;
    round_trip(&sp, &playground, "SGD with momentum and Keras's learning rate");
    sp.optimizer = opt("adam");
    sp.momentum = 0;
    round_trip(&sp, &playground, "optimizer='adam' (learning_rate 0)");
    char code[2048];
    keras_spec_code(&sp, &playground, code, sizeof code);
    CHECK(strstr(code, "optimizer='adam'") != NULL, "learning_rate 0 should write optimizer='adam', got\n%s", code);
}

static void test_fit_round_trips(void)
{
    for (int b = 0; b <= 30; b++) {
        keras_spec sp = playground_spec(1, 4, "relu");
        sp.batch_size = b;
        char what[40];
        snprintf(what, sizeof what, "batch_size %d", b);
        round_trip(&sp, &playground, what);
    }
    static const int epochs[] = { 1, 2, 10, 99, 100, 200, 500, 999, 1000 };
    for (int e = 0; e < (int)(sizeof epochs / sizeof epochs[0]); e++) {
        keras_spec sp = playground_spec(1, 4, "relu");
        sp.epochs = epochs[e];
        char what[40];
        snprintf(what, sizeof what, "epochs %d", epochs[e]);
        round_trip(&sp, &playground, what);
    }
    keras_spec sp = playground_spec(1, 4, "relu");
    sp.validation_data = 0;
    sp.validation_split = 0.2f;
    round_trip(&sp, &playground, "validation_split 0.2");
    sp.validation_split = 0;
    round_trip(&sp, &playground, "no validation");
}

/* the network lesson's 3-4-2: a model only */
static void test_network_lesson(void)
{
    keras_spec_env env = { .features = 3, .classes = 2, .lang_fr = 1 };
    keras_spec sp = { .input_ndim = 1, .input_shape = { 3 }, .n_layers = 2 };
    sp.layer[0] = dense(4, "relu");
    sp.layer[1] = dense(2, "softmax");
    round_trip(&sp, &env, "3-4-2, no compile or fit");
    char code[2048];
    keras_spec_code(&sp, &env, code, sizeof code);
    CHECK(!strstr(code, "compile") && !strstr(code, "fit("), "no compile or fit line expected, got\n%s", code);
}

static keras_spec images_spec(void)
{
    keras_spec sp = { .input_ndim = 2, .input_shape = { 28, 28 }, .n_layers = 2, .compiled = 1,
                      .optimizer = opt("adam"), .loss = loss("sparse_categorical_crossentropy"), .metric_accuracy = 1,
                      .fitted = 1, .epochs = 10, .batch_size = 32 };
    sp.layer[0] = dense(128, "relu");
    sp.layer[1] = dense(10, "softmax");
    return sp;
}

static void test_images_round_trips(void)
{
    static const char *const sets[] = { "mnist", "fashion_mnist" };
    for (int k = 0; k < 2; k++) {
        for (int fr = 0; fr < 2; fr++) {
            keras_spec_env env = { .dataset = sets[k], .lang_fr = fr };
            keras_spec sp = images_spec();
            round_trip(&sp, &env, sets[k]);
            sp.learning_rate = 0.001f;
            memmove(&sp.layer[2], &sp.layer[1], sizeof sp.layer[1]);
            sp.layer[1] = (keras_spec_layer){ .kind = KERAS_DROPOUT, .rate = 0.2f };
            sp.n_layers = 3;
            round_trip(&sp, &env, "with Dropout(0.2)");
            sp.layer[0].l2 = 0.001f;
            round_trip(&sp, &env, "with l2(0.001)");
            sp.layer[0].l1 = 0.0005f;
            round_trip(&sp, &env, "with l1_l2(l1=0.0005, l2=0.001)");
            sp.layer[0].l2 = 0;
            round_trip(&sp, &env, "with l1(0.0005)");
            sp.layer[0].l1 = 0;
            sp.layer[0].l2 = 0.001f;
            sp.layer[0].use_bias = 0;
            round_trip(&sp, &env, "with use_bias=False");
            sp.layer[2] = dense(10, "linear");
            sp.softmax_after = 1;
            round_trip(&sp, &env, "with a Softmax() layer");
            sp.from_logits = 1;
            round_trip(&sp, &env, "with from_logits and probability_model");
            sp.softmax_after = 0;
            round_trip(&sp, &env, "with from_logits");
        }
        keras_spec_env env = { .dataset = sets[k], .lang_fr = 1 };
        char code[4096];
        keras_spec sp = images_spec();
        keras_spec_code(&sp, &env, code, sizeof code);
        CHECK(strstr(code, "# les pixels de 0..255") && !strstr(code, "# the pixels"), "French comments expected "
              "with lang_fr, got\n%s", code);
        env.lang_fr = 0;
        keras_spec_code(&sp, &env, code, sizeof code);
        CHECK(strstr(code, "# the pixels from 0..255") && !strstr(code, "# les pixels"), "English comments expected "
              "without lang_fr, got\n%s", code);
        char load[120];
        snprintf(load, sizeof load, "(x_train, y_train), (x_test, y_test) = keras.datasets.%s.load_data()", sets[k]);
        CHECK(strstr(code, load) && strstr(code, "x_train = x_train / 255.0") &&
              strstr(code, "layers.Flatten(input_shape=(28, 28))"), "the images' code should load, scale and "
              "flatten, got\n%s", code);
    }
}

static void test_tables_and_losses(void)
{
    static const struct { int features, classes; } tables[] = { { 4, 3 }, { 13, 3 }, { 2, 2 }, { 30, 2 } };
    for (int t = 0; t < 4; t++) {
        keras_spec_env env = { .dataset = "iris", .features = tables[t].features, .classes = tables[t].classes };
        keras_spec sp = playground_spec(1, 8, "relu");
        sp.input_shape[0] = tables[t].features;
        sp.layer[1] = dense(tables[t].classes, "softmax");
        char what[40];
        snprintf(what, sizeof what, "table %d features %d classes", tables[t].features, tables[t].classes);
        round_trip(&sp, &env, what);
    }
    static const char *const losses[] = { "mean_squared_error", "categorical_crossentropy",
                                          "sparse_categorical_crossentropy", "mean_absolute_error" };
    for (int l = 0; l < 4; l++) {
        keras_spec sp = playground_spec(1, 4, "tanh");
        sp.loss = loss(losses[l]);
        round_trip(&sp, &playground, losses[l]);
        sp.from_logits = l == 1 || l == 2;
        sp.layer[1].activation = sp.from_logits ? act("linear") : sp.layer[1].activation;
        round_trip(&sp, &playground, "from_logits");
    }
    keras_spec sp = playground_spec(1, 4, "tanh");
    sp.layer[1] = dense(1, "sigmoid");
    sp.loss = loss("binary_crossentropy");
    round_trip(&sp, &playground, "binary_crossentropy with 1 sigmoid unit");
    sp.metric_accuracy = 0;
    round_trip(&sp, &playground, "no metric");
}

/* ---- one setting, one span ---------------------------------------------------------------------- */

/* a and b's code differ in one span of at most `most` bytes on either side */
static void check_one_span(const keras_spec *a, const keras_spec *b, size_t most, const char *what)
{
    char x[4096], y[4096];
    keras_spec_code(a, &playground, x, sizeof x);
    keras_spec_code(b, &playground, y, sizeof y);
    size_t nx = strlen(x), ny = strlen(y), pre = 0, suf = 0;
    while (pre < nx && pre < ny && x[pre] == y[pre])
        pre++;
    while (suf < nx - pre && suf < ny - pre && x[nx - 1 - suf] == y[ny - 1 - suf])
        suf++;
    size_t dx = nx - pre - suf, dy = ny - pre - suf;
    CHECK(dx + dy > 0, "%s: the code should change", what);
    CHECK(dx <= most && dy <= most, "%s: one span of at most %zu bytes expected, got %zu and %zu: '%.*s' -> '%.*s'",
          what, most, dx, dy, (int)dx, x + pre, (int)dy, y + pre);
}

static void test_one_setting_one_span(void)
{
    keras_spec a = playground_spec(2, 8, "tanh"), b;
    b = a; b.layer[0].units = 16; check_one_span(&a, &b, 2, "units 8 -> 16");
    b = a; b.layer[1].activation = act("relu"); check_one_span(&a, &b, 7, "tanh -> relu");
    b = a; b.layer[1].activation = act("linear"); check_one_span(&a, &b, 24, "tanh -> linear");
    b = a; b.learning_rate = 0.03f; check_one_span(&a, &b, 2, "learning rate 0.01 -> 0.03");
    b = a; b.optimizer = opt("sgd"); check_one_span(&a, &b, 4, "Adam -> SGD");
    b = a; b.batch_size = 30; check_one_span(&a, &b, 2, "batch 10 -> 30");
    b = a; b.epochs = 1000; check_one_span(&a, &b, 4, "epochs 200 -> 1000");
    b = a; b.loss = loss("mean_squared_error"); check_one_span(&a, &b, 31, "loss -> mse");
    b = a; b.from_logits = 1; check_one_span(&a, &b, 60, "from_logits");
    b = a; b.layer[0].l2 = 0.001f; check_one_span(&a, &b, 50, "l2");
    b = a; b.layer[0].l1 = 0.001f; check_one_span(&a, &b, 50, "l1");
    b = a; b.layer[0].use_bias = 0; check_one_span(&a, &b, 16, "use_bias");
    b = a; b.validation_data = 0; check_one_span(&a, &b, 45, "validation_data");
    b = a; b.n_layers++; b.layer[3] = b.layer[2]; b.layer[2] = b.layer[1]; check_one_span(&a, &b, 40, "a layer more");
    keras_spec_env fr = playground;
    fr.lang_fr = 1;
    char en[4096], fr_code[4096];
    keras_spec_code(&a, &playground, en, sizeof en);
    keras_spec_code(&a, &fr, fr_code, sizeof fr_code);
    CHECK(!strcmp(en, fr_code), "the playground's code has no comment of the generator's: the same in both "
          "languages expected, got\n%s\nand\n%s", en, fr_code);
}

static void test_numbers(void)
{
    keras_spec sp = playground_spec(1, 2, "relu");
    char code[4096];
    sp.learning_rate = 0.01f;
    keras_spec_code(&sp, &playground, code, sizeof code);
    CHECK(strstr(code, "learning_rate=0.01)") != NULL, "0.01 expected as written, got\n%s", code);
    sp.learning_rate = 0.00001f;
    keras_spec_code(&sp, &playground, code, sizeof code);
    CHECK(strstr(code, "learning_rate=1e-5)") != NULL, "1e-5 expected, got\n%s", code);
    sp.learning_rate = 10;
    keras_spec_code(&sp, &playground, code, sizeof code);
    CHECK(strstr(code, "learning_rate=10)") != NULL, "10 expected, got\n%s", code);
    int n = keras_spec_code(&sp, &playground, code, 40);
    CHECK(n == -1 && strlen(code) < 40, "a short buffer: -1 and a prefix expected, got %d and %zu bytes", n, strlen(code));
}

/* ---- errors ------------------------------------------------------------------------------------- */

/* reading code fails at `line`, at the first `token` on it (col and len from it; line 0: no place),
 * with a message containing needle */
static void expect_error(const char *code, int line, const char *token, const char *needle, int fr)
{
    keras_spec sp;
    keras_spec_err err;
    keras_spec_env env = playground;
    env.lang_fr = fr;
    int rc = keras_spec_read(code, strlen(code), &env, &sp, &err);
    CHECK(rc == -1, "expected -1 for\n%s\ngot %d", code, rc);
    CHECK(strstr(err.msg, needle) != NULL, "expected the message to contain \"%s\", got \"%s\"", needle, err.msg);
    CHECK(err.line == line, "%s: expected line %d, got %d", needle, line, err.line);
    CHECK(err.len >= 1, "%s: the length is at least 1, got %d", needle, err.len);
    if (line < 1 || !token)
        return;
    const char *l = code;
    for (int k = 1; k < line && strchr(l, '\n'); k++)
        l = strchr(l, '\n') + 1;
    const char *at = strstr(l, token);
    int col = at ? (int)(at - l) + 1 : -1;
    CHECK(err.col == col, "%s: expected column %d (at %s), got %d", needle, col, token, err.col);
    CHECK(err.len == (int)strlen(token), "%s: expected the length of %s, %zu, got %d", needle, token, strlen(token), err.len);
}

#define HEAD "import keras\nfrom keras import layers\n"

static void test_errors(void)
{
    expect_error(HEAD "model = keras.Sequential([\n    keras.Input(shape=(2,)),\n    layers.Dense(8, activation='relux'),\n])\n",
                 5, "'relux'", "unknown activation 'relux'", 0);
    expect_error(HEAD "model = keras.Sequential([\n    keras.Input(shape=(2,)),\n    layers.Dense(8, activation='relux'),\n])\n",
                 5, "'relux'", "activation inconnue 'relux'", 1);
    expect_error(HEAD "model = keras.Sequential([\n    keras.Input(shape=(2,)),\n    layers.Dense(8, activaton='relu'),\n])\n",
                 5, "activaton", "unknown keyword argument 'activaton'", 0);
    expect_error(HEAD "model = keras.Sequential([keras.Input(shape=(2,)), layers.Dense(2)])\n"
                 "model.compile(optimizer='adam', loss='mse')\nmodel.fit(x_trian, y_train, epochs=5)\n",
                 5, "x_trian", "name 'x_trian' is not defined", 0);
    expect_error(HEAD "model = keras.Sequential([keras.Input(shape=(2,)), layers.Dense(2)])\n"
                 "model.compile(optimizer='adam', loss='mse')\nmodel.fit(x_trian, y_train, epochs=5)\n",
                 5, "x_trian", "le nom 'x_trian' n'est pas défini", 1);
    expect_error(HEAD "x = 3\n", 0, NULL, "no model", 0);
    expect_error(HEAD "x = 3\n", 0, NULL, "pas de modèle", 1);
    expect_error("", 1, NULL, "the code is empty", 0);
    expect_error("  # nothing\n\n", 1, NULL, "le code est vide", 1);
    expect_error(HEAD "model = keras.Sequential([\n    keras.Input(shape=(2,)),\n    layers.Dense(8 activation='relu'),\n])\n",
                 5, "activation", "syntax error", 0);
    expect_error(HEAD "model = keras.Sequential([keras.Input(shape=(2,)), layers.Dense(2)]\n", 4, NULL, "syntax error", 0);
    expect_error(HEAD "model = keras.Sequential([keras.Input(shape=(2,)), layers.Dense(2)])\n$\n", 4, "$", "not Python", 0);
    expect_error(HEAD "model = keras.Sequential([keras.Input(shape=(2,)), layers.Conv2D(2, 3)])\n", 3, "layers.Conv2D",
                 "Conv2D", 0);
    expect_error(HEAD "model = keras.Sequential([keras.Input(shape=(2,)), layers.Softmax(), layers.Dense(2)])\n", 3,
                 "layers.Softmax", "cannot hold this Softmax layer", 0);
    expect_error(HEAD "model = keras.Sequential([keras.Input(shape=(2,)), layers.Dense(2)])\n"
                 "model.compile(optimizer=keras.optimizers.Adam(beta_1=0.8), loss='mse')\n", 4, "model.compile",
                 "no setting for beta_1", 0);
    expect_error(HEAD "model = keras.Sequential([keras.Input(shape=(2,)), layers.Dense(2)])\n"
                 "model.compile(optimizer='adam', loss='mse')\nmodel.fit(x_train, y_train, epochs=0)\n", 5, "0",
                 "epochs", 0);
    char many[4096] = HEAD "model = keras.Sequential([\n    keras.Input(shape=(2,)),\n";
    for (int i = 0; i < 17; i++)
        strcat(many, "    layers.Dense(4, activation='relu'),\n");
    strcat(many, "])\n");
    expect_error(many, 5 + 16, "layers.Dense", "more than 16 layers", 0);
    expect_error(many, 5 + 16, "layers.Dense", "plus de 16 couches", 1);
    CHECK(lang_current() == LANG_FR || lang_current() == LANG_EN, "the language is left as it was");
}

/* The course's model cell (C3/example1's style, written here): Flatten with input_shape, Dense 128
 * relu, Dense 10 of logits, compile with the loss object from_logits=True, fit 10 epochs. */
static void test_course_cell(void)
{
    const char *code =
        "import tensorflow as tf\n"
        "from tensorflow import keras\n"
        "\n"
        "fashion = tf.keras.datasets.fashion_mnist\n"
        "(train_images, train_labels), (test_images, test_labels) = fashion.load_data()\n"
        "train_images = train_images / 255.0\n"
        "test_images = test_images / 255.0\n"
        "model = tf.keras.Sequential([\n"
        "    tf.keras.layers.Flatten(input_shape=(28, 28)),\n"
        "    tf.keras.layers.Dense(128, activation='relu'),\n"
        "    tf.keras.layers.Dense(10)\n"
        "])\n"
        "model.compile(optimizer='adam',\n"
        "              loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),\n"
        "              metrics=['accuracy'])\n"
        "model.fit(train_images, train_labels, epochs=10)\n"
        "test_loss, test_acc = model.evaluate(test_images,  test_labels, verbose=2)\n"
        "print('\\nTest accuracy:', test_acc)\n"
        "probability_model = tf.keras.Sequential([model, tf.keras.layers.Softmax()])\n"
        "predictions = probability_model.predict(test_images)\n";
    keras_spec_env env = { .dataset = "fashion_mnist" };
    keras_spec sp, want = images_spec();
    keras_spec_err err;
    want.layer[1] = dense(10, "linear");
    want.from_logits = 1;
    want.softmax_after = 1;
    want.batch_size = 0;
    int rc = keras_spec_read(code, strlen(code), &env, &sp, &err);
    CHECK(rc == 0, "the course's cell should read, got %d:%d: %s", err.line, err.col, err.msg);
    CHECK(rc != 0 || keras_spec_same(&sp, &want), "the course's cell: 784-128-10 logits, Adam, from_logits, 10 epochs "
          "expected; got %d layers, from_logits %d, softmax_after %d, epochs %d", sp.n_layers, sp.from_logits,
          sp.softmax_after, sp.epochs);
    CHECK(sp.model_line == 8 && sp.layer[0].line == 10 && sp.compile_line == 13 && sp.fit_line == 16,
          "lines 8, 10, 13, 16 expected, got %d, %d, %d, %d", sp.model_line, sp.layer[0].line, sp.compile_line,
          sp.fit_line);
    round_trip(&want, &env, "the course's cell's spec");
}

/* Hostile text: every read ends, with 0 or an error that has a place or none. */
static void test_hostile(void)
{
    static const char *const texts[] = {
        "(((((((((((((((((((((((((((((((((((((((((((((((((((((((", "model = ", "model = keras.Sequential(",
        "import keras\nmodel = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(1e300)])\n",
        "import keras\nmodel = keras.Sequential([keras.Input(shape=(-2,)), keras.layers.Dense(2)])\n",
        "import keras\nmodel = keras.Sequential([keras.Input(shape=(100000, 100000)), keras.layers.Dense(2)])\n",
        "import keras\nmodel = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(2)])\nmodel.fit(x_train)\n",
        "import keras\nmodel = keras.Sequential()\nmodel.add(model)\n", "'unterminated", "\"\"\"", "\\\n\\\n",
        "import keras\nm = keras.Sequential([keras.Sequential([keras.Input(shape=(2,))])])\n",
        "import keras\n(a, b), (c, d) = keras.datasets.mnist.load_data()\nmodel = keras.Sequential([keras.layers.Dense(3)])\n"
        "model.compile(loss='categorical_crossentropy')\nmodel.fit(a, keras.utils.to_categorical(b), epochs=2)\n"
        "model.predict(c)\nmodel.evaluate(c, d)\nmodel.summary()\nprint(model)\n",
        "\xff\xfe\x00garbage", "model = 1 / 0", "for i in range(3):\n    model = 1\n", "x_train[0] = 1\n",
    };
    for (int k = 0; k < (int)(sizeof texts / sizeof texts[0]); k++) {
        keras_spec sp;
        keras_spec_err err = { .line = -5 };
        size_t len = k == 13 ? 10 : strlen(texts[k]); /* 13 holds a NUL */
        int rc = keras_spec_read(texts[k], len, &playground, &sp, &err);
        CHECK(rc == 0 || (rc == -1 && err.line >= 0 && err.len >= 1 && err.msg[0]),
              "text %d: 0 or an error with a message expected, got %d, line %d len %d '%s'", k, rc, err.line, err.len,
              err.msg);
    }
}

/* A dry session trains nothing, reads no file and prints nothing on stdout or stderr; declared
 * names have their shape. */
static void test_dry_session(void)
{
    const char *code = HEAD "(a, b), (c, d) = keras.datasets.mnist.load_data()\nprint(a.shape, len(a))\n"
                       "model = keras.Sequential([layers.Flatten(input_shape=(28, 28)), layers.Dense(10)])\n"
                       "model.summary()\nmodel.compile(optimizer='adam', loss='sparse_categorical_crossentropy')\n"
                       "model.fit(a, b, epochs=3)\nmodel.evaluate(c, d)\nimport matplotlib.pyplot as plt\nplt.plot(1)\n"
                       "print(pts.shape)\n";
    fflush(stdout);
    fflush(stderr);
    FILE *sink = tmpfile();
    int out = dup(1), err = dup(2);
    if (!sink || out < 0 || err < 0) {
        CHECK(0, "tmpfile and dup should work");
        return;
    }
    dup2(fileno(sink), 1);
    dup2(fileno(sink), 2);
    keras_session *s = keras_session_new(&(keras_run_opts){ .dry = 1 });
    int bad = keras_session_declare(s, "bad", 0, NULL, 0) + keras_session_declare(s, "bad", 4, (int[]){ 1, 1, 1, 1 }, 0) +
              keras_session_declare(s, "bad", 1, (int[]){ 0 }, 0);
    int ok = keras_session_declare(s, "pts", 2, (int[]){ 3, 4 }, 0);
    int rc = keras_session_run(s, code, strlen(code), "dry.py");
    fflush(stdout);
    fflush(stderr);
    dup2(out, 1);
    dup2(err, 2);
    close(out);
    close(err);
    long printed = (fseek(sink, 0, SEEK_END), ftell(sink));
    fclose(sink);
    CHECK(bad == -3 && ok == 0, "declare: -1 for labels with no classes, 4 dimensions and a 0 dimension, 0 for (3, 4); "
          "got %d and %d", bad, ok);
    CHECK(rc == 0, "the dry run should pass, got: %s", keras_session_error(s));
    CHECK(printed == 0, "a dry session prints nothing, got %ld bytes", printed);
    keras_run_stats st;
    keras_session_stats(s, &st);
    CHECK(st.fits == 0 && st.epochs_run == 0, "a dry fit trains nothing: got %d fits, %d epochs", st.fits, st.epochs_run);
    keras_session_free(s);
}

static void test_speed(void)
{
    keras_spec sp = images_spec();
    keras_spec_env env = { .dataset = "mnist" };
    char code[4096];
    keras_spec_code(&sp, &env, code, sizeof code);
    struct timespec t0, t1;
    keras_spec back;
    keras_spec_err err;
    int lines = 0;
    for (const char *p = code; *p; p++)
        lines += *p == '\n';
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int i = 0; i < 20; i++)
        keras_spec_read(code, strlen(code), &env, &back, &err);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double ms = ((double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) * 1e-6) / 20;
    printf("one dry read of the %d-line MNIST code (784-128-10): %.3f ms\n", lines, ms);
}

int main(void)
{
    RUN(test_playground_round_trips);
    RUN(test_optimizer_round_trips);
    RUN(test_fit_round_trips);
    RUN(test_network_lesson);
    RUN(test_images_round_trips);
    RUN(test_tables_and_losses);
    RUN(test_one_setting_one_span);
    RUN(test_numbers);
    RUN(test_errors);
    RUN(test_course_cell);
    RUN(test_hostile);
    RUN(test_dry_session);
    RUN(test_speed);
    return failures != 0;
}
