/* test_keras_reader.c — the Keras reader (app/keras): Python's tokens and statements, the
 * interpreter on valid scripts, each error path with its line, column, name and suggestion, the
 * skip notes, Keras's warning, print's formatting, and the notebook reader. No training here
 * (tests/run_cli.sh runs fit through `neurone run`). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "ipynb.h"
#include "keras_run.h"
#include "lang.h"
#include "py.h"

/* ---- helpers ------------------------------------------------------------------------------------ */

typedef struct ran { int rc; char *out, *notes; size_t out_len, notes_len; keras_session *s; } ran;

static ran run(const char *src)
{
    ran r = { 0 };
    FILE *out = open_memstream(&r.out, &r.out_len), *notes = open_memstream(&r.notes, &r.notes_len);
    keras_run_opts o = { .out = out, .notes = notes };
    r.s = keras_session_new(&o);
    r.rc = keras_session_run(r.s, src, strlen(src), "t.py");
    fclose(out);
    fclose(notes);
    return r;
}

static void done(ran *r)
{
    keras_session_free(r->s);
    free(r->out);
    free(r->notes);
}

/* the run fails with an error that contains every needle */
static void expect_error(const char *src, const char *const *needles)
{
    ran r = run(src);
    const char *e = keras_session_error(r.s);
    CHECK(r.rc == -1, "expected -1 for <<%s>>, got %d", src, r.rc);
    for (int i = 0; needles[i]; i++)
        CHECK(strstr(e, needles[i]) != NULL, "expected \"%s\" in the error, got \"%s\"", needles[i], e);
    done(&r);
}

static const char *const head = "from tensorflow import keras\n";

/* ---- tokens and statements ---------------------------------------------------------------------- */

static void test_tokens(void)
{
    const char *src = "x = f(1e-3, 'a\\'b',\n      \"\"\"t\nu\"\"\")  # c\ny = 2 \\\n  + 3\n";
    py_arena a = { 0 };
    int n = 0;
    py_tok *t = py_lex(&a, src, strlen(src), &n);
    CHECK(t != NULL, "py_lex failed");
    if (!t)
        return;
    CHECK(t[0].kind == T_NAME && !strcmp(t[0].text, "x") && t[0].line == 1 && t[0].col == 1, "x at 1:1");
    CHECK(t[4].kind == T_NUM && t[4].num == 1e-3 && !t[4].is_int && t[4].col == 7, "1e-3 at 1:7, got %g at %d",
          t[4].num, t[4].col);
    CHECK(t[6].kind == T_STR && !strcmp(t[6].text, "a'b"), "escaped quote: got <%s>", t[6].text);
    CHECK(t[8].kind == T_STR && !strcmp(t[8].text, "t\nu") && t[8].line == 2 && t[8].col == 7,
          "triple-quoted string at 2:7, got <%s> at %d:%d", t[8].text, t[8].line, t[8].col);
    int newlines = 0;
    for (int i = 0; i < n; i++)
        newlines += t[i].kind == T_NEWLINE;
    CHECK(newlines == 2, "two logical lines (brackets and backslash join), got %d", newlines);
    CHECK(t[n - 1].kind == T_END, "ends with T_END");
    py_arena_free(&a);
}

static void test_statements(void)
{
    const char *src = "import tensorflow as tf\nfrom keras import layers, models as m\n"
                      "(a, b), (c, d) = f()\ndef g(x):\n    return x\n\n    # more\n    y = 1\nz = g(2)\n"
                      "????\nw = [1, 2,\n     3]\n";
    py_arena a = { 0 };
    int n = 0;
    py_stmt *s = py_parse(&a, src, strlen(src), &n);
    CHECK(s && n == 8, "8 statements expected, got %d", n);
    if (!s || n != 8) {
        py_arena_free(&a);
        return;
    }
    CHECK(s[0].kind == S_IMPORT && !strcmp(s[0].module, "tensorflow") && !strcmp(s[0].alias, "tf"), "import as");
    CHECK(s[1].kind == S_FROM && !strcmp(s[1].name, "layers") && !s[1].alias, "from import, first name");
    CHECK(s[2].kind == S_FROM && !strcmp(s[2].name, "models") && !strcmp(s[2].alias, "m"), "from import as");
    CHECK(s[3].kind == S_ASSIGN && s[3].target->kind == N_TUPLE && s[3].target->n_items == 2 &&
          s[3].target->items[0]->kind == N_TUPLE, "nested tuple target");
    CHECK(s[4].kind == S_SKIP && s[4].line == 4 && strstr(s[4].reason, "def"), "the def with its body is one skip");
    CHECK(s[5].kind == S_ASSIGN && s[5].line == 9, "z = g(2) after the body, line 9, got %d", s[5].line);
    CHECK(s[6].kind == S_SKIP && s[6].line == 10 && strstr(s[6].reason, "column 1: this character is not Python"),
          "???? skipped: <%s>", s[6].reason ? s[6].reason : "");
    CHECK(s[7].kind == S_ASSIGN && s[7].value->kind == N_LIST && s[7].value->n_items == 3, "list over two lines");
    py_arena_free(&a);
}

static void test_is_python(void)
{
    int line = 0, col = 0;
    const char *why = NULL;
    CHECK(keras_is_python("x = 1\n", 6, &line, &col, &why) == 1, "x = 1 is Python");
    CHECK(keras_is_python("x = 1\n  ????\n", 13, &line, &col, &why) == 0 && line == 2 && col == 3,
          "???? at 2:3, got %d:%d", line, col);
    CHECK(keras_is_python("s = 'open\n", 10, &line, &col, &why) == 0 && strstr(why, "not closed"),
          "an unclosed string");
}

/* ---- valid scripts ------------------------------------------------------------------------------ */

static void test_sequential_list(void)
{
    ran r = run("import tensorflow as tf\nmodel = tf.keras.Sequential([\n  tf.keras.layers.Input((28, 28)),\n"
                "  tf.keras.layers.Flatten(), # c\n  tf.keras.layers.Dense(128, activation='relu'),\n"
                "  tf.keras.layers.Dense(10)\n])\nmodel.compile(optimizer=tf.keras.optimizers.SGD(0.05, momentum=0.9), loss='sparse_categorical_crossentropy', metrics=['accuracy'])\nmodel.summary()\n");
    CHECK(r.rc == 0, "expected to run, got %s", keras_session_error(r.s));
    nn_model *m = keras_session_model(r.s, "model");
    CHECK(m && nn_layer_count(m) == 3 && nn_count_params(m) == 101770, "3 layers, 101,770 parameters");
    nn_compile_info ci;
    CHECK(m && nn_get_compile_info(m, &ci) == 0 && !strcmp(ci.optimizer, "sgd") && ci.learning_rate > 0.0499 &&
          ci.learning_rate < 0.0501 && ci.has_metric, "sgd, learning_rate 0.05, accuracy");
    CHECK(r.out && strstr(r.out, "Total params: 101,770"), "summary printed, got <%s>", r.out ? r.out : "");
    done(&r);
}

static void test_model_add(void)
{
    ran r = run("from keras import models, layers\nmodel = models.Sequential()\n"
                "model.add(layers.Flatten(input_shape=(8, 8)))\nmodel.add(layers.Dense(16, activation='tanh'))\n"
                "model.add(layers.Dense(3, activation='softmax'))\n"
                "model.compile('adam', 'categorical_crossentropy', metrics=['accuracy'])\nmodel.summary()\n");
    CHECK(r.rc == 0, "expected to run, got %s", keras_session_error(r.s));
    nn_model *m = keras_session_model(r.s, "model");
    CHECK(m && nn_input_dim(m) == 64 && nn_output_dim(m) == 3 && nn_count_params(m) == 64 * 16 + 16 + 16 * 3 + 3,
          "Flatten(input_shape=(8, 8)) -> 16 -> 3");
    done(&r);
}

static void test_print(void)
{
    ran r = run("x = 7 / 2\nprint('a', 3, x, 1 / 3, 1e-05, 100.0, True, None, [1, 'b'], (2,), -2 ** 2)\n"
                "names = ['x', \"y\"]\nprint(len(names), names[1], 7 // 2, 7 % 3)\n");
    CHECK(r.rc == 0, "expected to run, got %s", keras_session_error(r.s));
    const char *want = "a 3 3.5 0.3333333333333333 1e-05 100.0 True None [1, 'b'] (2,) -4\n2 y 3 1\n";
    CHECK(r.out && !strcmp(r.out, want), "expected <%s>, got <%s>", want, r.out ? r.out : "");
    done(&r);
}

static void test_skips_are_notes(void)
{
    ran r = run("import matplotlib.pyplot as plt\nplt.figure()\nfor i in range(3):\n    plt.plot(i)\n"
                "img = np.expand_dims(1, 0)\nx += 1\nprint('end')\n");
    CHECK(r.rc == 0, "skips are not errors, got %s", keras_session_error(r.s));
    CHECK(r.notes && strstr(r.notes, "t.py:2: skipped: matplotlib.pyplot.figure() is not run by the reader (plots)"),
          "plot note, got <%s>", r.notes ? r.notes : "");
    CHECK(r.notes && strstr(r.notes, "t.py:3: skipped: 'for' blocks"), "loop note");
    CHECK(r.notes && strstr(r.notes, "t.py:5: skipped: 'np' is not known here"), "unknown name note");
    CHECK(r.notes && strstr(r.notes, "t.py:6: skipped: column 3: augmented assignments"), "+= note");
    CHECK(r.out && !strcmp(r.out, "end\n"), "the script goes on: got <%s>", r.out ? r.out : "");
    keras_run_stats st;
    keras_session_stats(r.s, &st);
    CHECK(st.skipped == 4, "4 skips, got %d", st.skipped);
    done(&r);
}

static void test_logits_warning(void)
{
    ran r = run("from tensorflow import keras\nm = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3),"
                " keras.layers.Softmax()])\nm.compile(optimizer='adam',\n  loss=keras.losses."
                "SparseCategoricalCrossentropy(from_logits=True))\nm.summary()\n");
    CHECK(r.rc == 0, "a warning is not an error, got %s", keras_session_error(r.s));
    CHECK(r.notes && strstr(r.notes, "t.py:3: warning: \"sparse_categorical_crossentropy\" is given from_logits=True")
          && strstr(r.notes, "probability distribution"), "Keras's warning, got <%s>", r.notes ? r.notes : "");
    nn_compile_info ci;
    nn_model *m = keras_session_model(r.s, "m");
    CHECK(m && nn_get_compile_info(m, &ci) == 0 && !ci.from_logits, "the engine reads probabilities");
    done(&r);
}

static void test_wrapper_and_argmax(void)
{
    ran r = run("import keras\nimport numpy as np\n(x, y), (tx, ty) = keras.datasets.mnist.load_data()\n"
                "x = x / 255\nm = keras.Sequential([keras.Input((28, 28)), keras.layers.Flatten(), keras.layers.Dense(10)])\n"
                "p = keras.Sequential([m, keras.layers.Softmax()])\nq = p.predict(tx, verbose=0)\n"
                "print(x.shape, tx.shape, len(ty), np.argmax(q[0]) * 0, ty[0])\n"
                "img = (np.expand_dims(tx[1], 0))\nprint(tx[1].shape, img.shape, p.predict(img, verbose=0).shape)\n");
    CHECK(r.rc == 0, "expected to run, got %s", keras_session_error(r.s));
    CHECK(r.out && !strncmp(r.out, "(8000, 28, 28) (2000, 28, 28) 2000 0 ", 37), "got <%s>", r.out ? r.out : "");
    CHECK(r.out && strstr(r.out, "\n(28, 28) (1, 28, 28) (1, 10)\n"), "expand_dims makes a batch of one, got <%s>",
          r.out ? r.out : "");
    done(&r);
}

static void test_to_categorical_fit(void)
{
    ran r = run("import keras\n(x, y), (tx, ty) = keras.datasets.mnist.load_data()\n"
                "y1 = keras.utils.to_categorical(y, 10)\nprint(y1.shape)\n"
                "m = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(10, activation='softmax')])\n"
                "m.compile(optimizer='sgd', loss='categorical_crossentropy', metrics=['accuracy'])\n"
                "h = m.fit(x / 255, y1, epochs=2, verbose=0)\nprint(m.evaluate(tx / 255, ty, verbose=0)[1] * 0)\n");
    CHECK(r.rc == 0, "expected to run, got %s", keras_session_error(r.s));
    CHECK(r.out && !strcmp(r.out, "(8000, 10)\n0.0\n"), "one-hot shape then evaluate, got <%s>", r.out ? r.out : "");
    keras_run_stats st;
    keras_epochs e;
    keras_session_stats(r.s, &st);
    keras_session_epochs(r.s, &e);
    CHECK(st.fits == 1 && st.epochs_run == 2 && e.n == 2 && e.metric && !e.val_loss && e.fit[1] == 1,
          "one fit of 2 epochs recorded, got %d fits, %d epochs", st.fits, e.n);
    CHECK(st.evaluated && st.eval_metric > 0.5f, "accuracy above 0.5 after 2 epochs, got %g", st.eval_metric);
    CHECK(keras_session_last_model(r.s) == keras_session_model(r.s, "m"), "the last model is m");
    done(&r);
}

static void test_fstring_and_indent(void)
{
    ran r = run("x = 1\nprint(f'x={x}')\n    y = 2\n    z = 3\nprint('after')\n");
    CHECK(r.rc == 0, "expected to run, got %s", keras_session_error(r.s));
    CHECK(r.out && !strcmp(r.out, "after\n"), "the f-string is not printed as text, got <%s>", r.out ? r.out : "");
    const keras_note *notes;
    int n = keras_session_notes(r.s, &notes);
    CHECK(n == 2 && notes[0].line == 2 && strstr(notes[0].reason, "f-strings") && notes[1].line == 3 &&
          strstr(notes[1].reason, "indented"), "two notes: the f-string, the indented run as one, got %d", n);
    done(&r);
}

/* a notebook cell shows its last bare expression, as Jupyter; a script does not */
static void test_display(void)
{
    const char *src = "names = ['a', 'b']\nlen(names)\nnames[0]\n";
    for (int display = 0; display <= 1; display++) {
        char *out = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&out, &len);
        keras_run_opts o = { .out = f, .notes = f, .display = display };
        keras_session *s = keras_session_new(&o);
        int rc = keras_session_run(s, src, strlen(src), "c");
        fclose(f);
        const char *want = display ? "'a'\n" : "";
        CHECK(rc == 0 && out && !strcmp(out, want), "display=%d: expected <%s>, got <%s>", display, want,
              out ? out : "");
        keras_session_free(s);
        free(out);
    }
}

/* ---- errors: line, column, the name at fault, what would be right -------------------------------- */

static void error_case(const char *body, const char *const *needles)
{
    char src[1024];
    snprintf(src, sizeof src, "%s%s", head, body);
    expect_error(src, needles);
}

static void test_unknown_keyword(void)
{
    error_case("l = keras.layers.Dense(10, activaton='relu')\n",
               (const char *const[]){ "t.py:2:28: ", "Dense", "'activaton'", "known: units, activation", NULL });
}

static void test_unknown_activation(void)
{
    error_case("l = keras.layers.Dense(10, activation='rleu')\n",
               (const char *const[]){ "t.py:2:39: ", "unknown activation 'rleu'", "relu", "sigmoid", NULL });
}

static void test_unknown_optimizer(void)
{
    error_case("m = keras.Sequential([keras.layers.Dense(1)])\nm.compile(optimizer='adamw', loss='mse')\n",
               (const char *const[]){ "t.py:3:21: ", "unknown optimizer 'adamw'", "sgd, adam, rmsprop, adagrad", NULL });
    error_case("o = keras.optimizers.Nadam()\n", (const char *const[]){ "t.py:2:5: ", "Nadam", "SGD, Adam", NULL });
    error_case("o = keras.optimizers.SGD(0.1, 0.9, True, 4)\n",
               (const char *const[]){ "t.py:2:42: ", "too many arguments", "learning_rate=", NULL });
    error_case("o = keras.optimizers.Adam(lr=0.1)\n", (const char *const[]){ "t.py:2:27: ", "'lr'", "learning_rate", NULL });
}

static void test_unknown_loss(void)
{
    error_case("m = keras.Sequential([keras.layers.Dense(1)])\nm.compile(optimizer='adam', loss='hinge')\n",
               (const char *const[]){ "t.py:3:34: ", "unknown loss 'hinge'", "sparse_categorical_crossentropy", NULL });
    error_case("m = keras.Sequential([keras.layers.Dense(1)])\nm.compile(optimizer='adam', loss='mse', metrics=['auc'])\n",
               (const char *const[]){ "t.py:3:", "unknown metric 'auc'", "accuracy", NULL });
    error_case("m = keras.Sequential([keras.layers.Dense(1)])\nm.compile(optimizer='adam')\n",
               (const char *const[]){ "t.py:3:1: ", "loss is missing", NULL });
}

/* Dropout, use_bias, initializers and kernel_regularizer=l2 reach the engine's model as written */
static void test_engine_options(void)
{
    ran r = run("from keras import models, layers, regularizers\nmodel = models.Sequential()\n"
                "model.add(layers.Flatten(input_shape=(8, 8)))\n"
                "model.add(layers.Dense(16, activation='relu', kernel_initializer='he_normal',\n"
                "                       kernel_regularizer=regularizers.l2(0.001)))\n"
                "model.add(layers.Dropout(0.25))\n"
                "model.add(layers.Dense(3, activation='softmax', use_bias=False))\n"
                "model.compile('adam', 'categorical_crossentropy', metrics=['accuracy'])\nmodel.summary()\n");
    CHECK(r.rc == 0, "expected to run, got %s", keras_session_error(r.s));
    nn_model *m = keras_session_model(r.s, "model");
    CHECK(m && nn_count_params(m) == 64 * 16 + 16 + 16 * 3, "use_bias=False: 3 biases fewer, got %ld",
          m ? nn_count_params(m) : -1L);
    CHECK(r.out && strstr(r.out, "dropout (Dropout)"), "summary() shows the Dropout layer, got <%s>",
          r.out ? r.out : "");
    done(&r);
}

/* l1(x) and l1_l2(l1=, l2=) reach the engine: its loss is the plain loss plus the penalties */
static void test_l1_reaches_engine(void)
{
    static const char *const regs[] = { "keras.regularizers.l1(0.5)", "keras.regularizers.l1_l2(l1=0.5, l2=0.25)",
                                        "'l1'" };
    static const double l1s[] = { 0.5, 0.5, 0.01 }, l2s[] = { 0, 0.25, 0 };
    for (int k = 0; k < 3; k++) {
        char code[512];
        snprintf(code, sizeof code, "import keras\nm = keras.Sequential([keras.layers.Input((2,)), "
                 "keras.layers.Dense(1, kernel_regularizer=%s)])\nm.compile(optimizer='sgd', loss='mse')\nm.summary()\n", regs[k]);
        ran r = run(code);
        CHECK(r.rc == 0, "%s: expected to run, got %s", regs[k], keras_session_error(r.s));
        nn_model *m = keras_session_model(r.s, "m");
        CHECK(m != NULL, "%s: expected the model m", regs[k]);
        if (m) {
            float w[2], b[1] = { 0 }, x[2] = { 0, 0 }, y[1] = { 0 }, loss = -1;
            nn_get_weights(m, 0, w, b);
            /* x = 0 and bias 0: the prediction is 0, the plain loss 0; what remains is the penalty */
            nn_evaluate(m, x, y, 1, &loss, NULL);
            double want = l1s[k] * (fabs(w[0]) + fabs(w[1])) + l2s[k] * (w[0] * w[0] + w[1] * w[1]);
            CHECK(fabs(loss - want) < 1e-5 + 1e-4 * want, "%s: expected the penalty %.7g as the loss, got %.7g",
                  regs[k], want, (double)loss);
        }
        done(&r);
    }
}

static void test_engine_option_errors(void)
{
    error_case("d = keras.layers.Dropout(1.5)\n", (const char *const[]){ "t.py:2:26: ", "[0, 1)", NULL });
    error_case("d = keras.layers.Dropout(0.2, rat=1)\n", (const char *const[]){ "t.py:2:", "rat", NULL });
    error_case("d = keras.layers.Dense(4, use_bias=0)\n", (const char *const[]){ "t.py:2:36: ", "True or False", NULL });
    error_case("m = keras.Sequential([keras.layers.Input((3,)), keras.layers.Dense(4, kernel_initializer='he_nromal')])\n"
               "m.summary()\n",
               (const char *const[]){ "t.py:", "he_nromal", NULL });
    error_case("d = keras.layers.Dense(4, kernel_initializer=3)\n",
               (const char *const[]){ "t.py:2:46: ", "'he_normal'", NULL });
    error_case("d = keras.layers.Dense(4, kernel_regularizer=keras.regularizers.OrthogonalRegularizer(0.01))\n",
               (const char *const[]){ "t.py:2:46: ", "keras.regularizers.l1, l2 and l1_l2 only", NULL });
    error_case("d = keras.layers.Dense(4, kernel_regularizer=keras.regularizers.l1(-1))\n",
               (const char *const[]){ "t.py:2:", "l1: the factor is a number >= 0", NULL });
    error_case("d = keras.layers.Dense(4, kernel_regularizer=keras.regularizers.l1_l2(l1=0.01, l3=2))\n",
               (const char *const[]){ "t.py:2:", "l3", NULL });
    error_case("d = keras.layers.Dense(4, kernel_regularizer=keras.regularizers.l2(-1))\n",
               (const char *const[]){ "t.py:2:", ">= 0", NULL });
    error_case("d = keras.layers.Dense(4, bias_regularizer=keras.regularizers.l2(0.01))\n",
               (const char *const[]){ "t.py:2:44: ", "does not have bias_regularizer yet", NULL });
    error_case("d = keras.layers.Conv2D(8, 3)\n", (const char *const[]){ "t.py:2:5: ", "does not have Conv2D yet", NULL });
    error_case("d = keras.layers.Activation('relu')\n",
               (const char *const[]){ "t.py:2:5: ", "no separate Activation", "activation='relu'", NULL });
    error_case("d = keras.layers.Denze(4)\n", (const char *const[]){ "t.py:2:5: ", "Denze", "known: Input, Dense", NULL });
}

static void test_model_misuse(void)
{
    error_case("m = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])\nm.fitt(1)\n",
               (const char *const[]){ "t.py:3:3: ", "'fitt'", "known: add, compile, fit", NULL });
    error_case("(x, y), (tx, ty) = keras.datasets.mnist.load_data()\nm = keras.Sequential([keras.layers.Flatten(), "
               "keras.layers.Dense(10)])\nm.fit(x, y)\n",
               (const char *const[]){ "t.py:4:3: ", "compile your model before", NULL });
    error_case("m = keras.Sequential([keras.layers.Dense(4), 3])\n",
               (const char *const[]){ "t.py:2:46: ", "expects layers", NULL });
    error_case("a, b = keras.datasets.mnist.load_data(), 1, 2\n",
               (const char *const[]){ "t.py:2:1: ", "too many values to unpack (expected 2)", NULL });
    error_case("d = keras.datasets.cifar10.load_data()\n",
               (const char *const[]){ "t.py:2:5: ", "unknown dataset", "fashion_mnist", NULL });
    error_case("i = keras.Input()\n", (const char *const[]){ "t.py:2:5: ", "shape is missing", NULL });
    error_case("d = keras.layers.Dense(0)\n", (const char *const[]){ "t.py:2:24: ", "1..65536", NULL });
}

static void test_fit_shapes(void)
{
    error_case("(x, y), (tx, ty) = keras.datasets.mnist.load_data()\nm = keras.Sequential([keras.Input((10,)), "
               "keras.layers.Dense(10)])\nm.compile(loss='sparse_categorical_crossentropy')\nm.fit(x, y)\n",
               (const char *const[]){ "t.py:5:1: ", "x has 784 values per sample", "input has 10", NULL });
    error_case("(x, y), (tx, ty) = keras.datasets.mnist.load_data()\nm = keras.Sequential([keras.layers.Flatten(), "
               "keras.layers.Dense(10)])\nm.compile(loss='mse')\nm.fit(x, y, epochs=0)\n",
               (const char *const[]){ "t.py:5:20: ", "epochs is a whole number", NULL });
    error_case("(x, y), (tx, ty) = keras.datasets.mnist.load_data()\nm = keras.Sequential([keras.layers.Flatten(), "
               "keras.layers.Dense(10)])\nm.compile(loss='mse')\nm.fit(x, ty)\n",
               (const char *const[]){ "t.py:5:1: ", "x has 8000 samples but y has 2000", NULL });
}

/* ---- notebooks ---------------------------------------------------------------------------------- */

static void test_ipynb_cells(void)
{
    const char *doc = "{\"cells\": [{\"cell_type\": \"markdown\", \"source\": [\"# title\"]},\n"
                      "{\"cell_type\": \"code\", \"metadata\": {\"a\": [1, 2.5e3, null, true]}, \"source\": "
                      "[\"!pip install keras\\n\", \"x = 'caf\\u00e9'\\n\", \"%matplotlib inline\"]},\n"
                      "{\"cell_type\": \"code\", \"source\": \"print(x)\"}], \"nbformat\": 4}";
    ipynb nb;
    char err[200] = "";
    CHECK(ipynb_read(&nb, doc, strlen(doc), err, sizeof err) == 0, "expected to read, got %s", err);
    CHECK(nb.n_cells == 2, "two code cells, got %d", nb.n_cells);
    if (nb.n_cells == 2) {
        CHECK(!strcmp(nb.cells[0].source, "                  \nx = 'caf\xc3\xa9'\n                  "),
              "shell and magic lines blanked, got <%s>", nb.cells[0].source);
        CHECK(nb.cells[1].number == 2 && !strcmp(nb.cells[1].source, "print(x)"), "the second cell");
    }
    ipynb_free(&nb);
}

static void test_ipynb_errors(void)
{
    ipynb nb;
    char err[200] = "";
    const char *bad = "{\"cells\": [\n{\"cell_type\": \"code\" \"source\": \"\"}]}";
    CHECK(ipynb_read(&nb, bad, strlen(bad), err, sizeof err) == -1 && strstr(err, "line 2: ',' or '}' expected"),
          "a missing comma on line 2, got <%s>", err);
    CHECK(nb.n_cells == 0 && nb.cells == NULL, "nothing to free after an error");
    CHECK(ipynb_read(&nb, "[1]", 3, err, sizeof err) == -1 && strstr(err, "a notebook is a JSON object"),
          "not an object, got <%s>", err);
    char deep[300];
    memset(deep, '[', sizeof deep);
    memcpy(deep, "{\"x\": ", 6);
    CHECK(ipynb_read(&nb, deep, sizeof deep, err, sizeof err) == -1 && strstr(err, "nested too deeply"),
          "deep nesting refused, got <%s>", err);
}

/* the student's language: the same error in French */
static void test_french(void)
{
    lang_set(LANG_FR);
    error_case("l = keras.layers.Dense(10, activation='rleu')\n",
               (const char *const[]){ "t.py:2:39: ", "activation inconnue 'rleu'", "connues : linear, relu", NULL });
    error_case("d = keras.layers.Conv2D(8, 3)\n", (const char *const[]){ "t.py:2:5: ", "n'a pas encore Conv2D", NULL });
    lang_set(LANG_EN);
}

int main(void)
{
    lang_set(LANG_EN);
    RUN(test_tokens);
    RUN(test_statements);
    RUN(test_is_python);
    RUN(test_sequential_list);
    RUN(test_model_add);
    RUN(test_print);
    RUN(test_skips_are_notes);
    RUN(test_logits_warning);
    RUN(test_wrapper_and_argmax);
    RUN(test_to_categorical_fit);
    RUN(test_fstring_and_indent);
    RUN(test_display);
    RUN(test_unknown_keyword);
    RUN(test_unknown_activation);
    RUN(test_unknown_optimizer);
    RUN(test_unknown_loss);
    RUN(test_engine_options);
    RUN(test_l1_reaches_engine);
    RUN(test_engine_option_errors);
    RUN(test_model_misuse);
    RUN(test_fit_shapes);
    RUN(test_french);
    RUN(test_ipynb_cells);
    RUN(test_ipynb_errors);
    return failures != 0;
}
