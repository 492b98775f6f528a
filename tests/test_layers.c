/* test_layers.c — Dropout and Dense's other arguments (use_bias, initializers, an L2 regularizer):
 * Keras's semantics, the summary, save/load, and every bad argument (their gradients are checked
 * with the other models' in test_grad.c). */
#include <stdlib.h>
#include <unistd.h>

#include "check.h"
#include "internal.h"
#include "model.h"
#include "nn.h"
#include "ops.h"

static nn_rng rng;

static void fill(float *v, int n, float scale)
{
    for (int i = 0; i < n; i++)
        v[i] = (2.0f * nn_rng_uniform(&rng) - 1.0f) * scale;
}


/* The training loss at optimizer step 0 (the mask train_on_batch used), mean over the batch plus
 * the regularizers' penalty: what one SGD step differentiates. */
/* about 1 - rate of the units kept, each scaled by 1 / (1 - rate) */
static void test_kept_fraction(void)
{
    enum { N = 200000 };
    float *in = malloc(N * sizeof *in), *out = malloc(N * sizeof *out);
    for (int i = 0; i < N; i++)
        in[i] = 1.0f;
    const float rates[] = { 0.0f, 0.2f, 0.5f, 0.9f };
    for (int r = 0; r < 4; r++) {
        dropout_apply(out, in, 1337u, 2, 5, rates[r], N);
        int kept = 0, wrong = 0;
        for (int i = 0; i < N; i++) {
            kept += out[i] != 0.0f;
            wrong += out[i] != 0.0f && out[i] != 1.0f / (1.0f - rates[r]);
        }
        /* binomial: sd = sqrt(N p (1-p)) <= 224; 5 sd */
        CHECK(fabs(kept - (1.0 - rates[r]) * N) < 1200, "rate %g: expected about %g kept, got %d",
              (double)rates[r], (1.0 - rates[r]) * N, kept);
        CHECK(wrong == 0, "rate %g: %d kept units not scaled by 1/(1-rate)", (double)rates[r], wrong);
    }
    /* another step draws another mask */
    dropout_apply(out, in, 1337u, 2, 5, 0.5f, N);
    float *again = malloc(N * sizeof *again);
    dropout_apply(again, in, 1337u, 2, 6, 0.5f, N);
    int same = 0;
    for (int i = 0; i < N; i++)
        same += (out[i] == 0.0f) == (again[i] == 0.0f);
    CHECK(fabs(same - 0.5 * N) < 1200, "two steps' masks should agree on about half, got %d of %d",
          same, N);
    free(in);
    free(out);
    free(again);
}

static nn_model *small_model(float rate, float l2, unsigned seed)
{
    nn_model *m = nn_sequential();
    nn_add_dense_args(m, &(nn_dense_args){ .units = 16, .activation = "relu", .input_dim = 6,
                                           .kernel_l2 = l2 });
    if (rate >= 0)
        nn_add_dropout(m, rate);
    nn_add_dense(m, 3, "softmax", 0);
    nn_set_seed(m, seed);
    CHECK(nn_compile(m, "adam", "sparse_categorical_crossentropy", "accuracy") == 0, "%s", nn_error());
    return m;
}

static void toy_data(float *x, float *y, int n)
{
    for (int i = 0; i < n; i++) {
        fill(x + i * 6, 6, 1.0f);
        y[i] = (float)((x[i * 6] > 0) + (x[i * 6 + 1] > 0));
    }
}

/* predict and evaluate see no dropout; fit with the same seed is the same run */
static void test_identity_and_seed(void)
{
    enum { N = 64 };
    float x[N * 6], y[N], p1[N * 3], p2[N * 3];
    toy_data(x, y, N);
    nn_model *with = small_model(0.5f, 0.0f, 7), *without = small_model(-1.0f, 0.0f, 7);
    CHECK(nn_predict(with, x, N, p1) == 0 && nn_predict(without, x, N, p2) == 0, "%s", nn_error());
    CHECK(memcmp(p1, p2, sizeof p1) == 0, "predict with Dropout differs from predict without it");
    float l1, l2;
    nn_evaluate(with, x, y, N, &l1, NULL);
    nn_evaluate(without, x, y, N, &l2, NULL);
    CHECK(l1 == l2, "evaluate with Dropout: expected %.9g as without it, got %.9g", l2, l1);
    nn_model *twin = small_model(0.5f, 0.0f, 7);
    nn_fit_args a = { .epochs = 3, .batch_size = 8, .seed = 3 };
    nn_history h1, h2;
    CHECK(nn_fit(with, x, y, N, &a, &h1) == 0 && nn_fit(twin, x, y, N, &a, &h2) == 0, "%s", nn_error());
    CHECK(memcmp(with->params, twin->params, with->n_params * sizeof(float)) == 0,
          "the same seed gave different weights after fit");
    CHECK(h1.loss[2] == h2.loss[2], "the same seed: losses %.9g and %.9g", h1.loss[2], h2.loss[2]);
    nn_fit(without, x, y, N, &a, NULL);
    CHECK(memcmp(with->params, without->params, with->n_params * sizeof(float)) != 0,
          "fit with Dropout(0.5) gave the same weights as without it: nothing was dropped");
    nn_history_free(&h1);
    nn_history_free(&h2);
    nn_free(with);
    nn_free(without);
    nn_free(twin);
}

/* L2 adds x·Σw² to the loss that train_on_batch and evaluate report */
static void test_l2_loss(void)
{
    enum { N = 32 };
    float x[N * 6], y[N];
    toy_data(x, y, N);
    nn_model *reg = small_model(-1.0f, 0.01f, 9), *plain = small_model(-1.0f, 0.0f, 9);
    float kernel[6 * 16];
    nn_get_weights(reg, 0, kernel, NULL);
    double sum = 0;
    for (int i = 0; i < 6 * 16; i++)
        sum += (double)kernel[i] * kernel[i];
    float e_reg, e_plain, t_reg, t_plain;
    nn_evaluate(reg, x, y, N, &e_reg, NULL);
    nn_evaluate(plain, x, y, N, &e_plain, NULL);
    CHECK_NEAR(e_reg - e_plain, 0.01 * sum, 1e-5, 1e-4, "evaluate's loss: the L2 penalty");
    CHECK(nn_train_on_batch(reg, x, y, N, &t_reg, NULL) == 0, "%s", nn_error());
    nn_train_on_batch(plain, x, y, N, &t_plain, NULL);
    CHECK_NEAR(t_reg - t_plain, 0.01 * sum, 1e-5, 1e-4, "train_on_batch's loss: the L2 penalty");
    nn_free(reg);
    nn_free(plain);
}

/* L1 adds x·Σ|w| to the loss, L1 with L2 both penalties; nn_set_weight changes one weight and
 * refuses a weight outside the kernel */
static void test_l1_loss_and_set_weight(void)
{
    enum { N = 32 };
    float x[N * 6], y[N];
    toy_data(x, y, N);
    nn_model *plain = small_model(-1.0f, 0.0f, 9);
    for (int both = 0; both < 2; both++) {
        nn_model *reg = nn_sequential();
        nn_add_dense_args(reg, &(nn_dense_args){ .units = 16, .activation = "relu", .input_dim = 6,
                                                 .kernel_l1 = 0.02f, .kernel_l2 = both ? 0.01f : 0 });
        nn_add_dense(reg, 3, "softmax", 0);
        nn_set_seed(reg, 9);
        CHECK(nn_compile(reg, "adam", "sparse_categorical_crossentropy", "accuracy") == 0, "%s", nn_error());
        float kernel[6 * 16];
        nn_get_weights(reg, 0, kernel, NULL);
        double sizes = 0, squares = 0;
        for (int i = 0; i < 6 * 16; i++) {
            sizes += fabs(kernel[i]);
            squares += (double)kernel[i] * kernel[i];
        }
        float e_reg, e_plain;
        nn_evaluate(reg, x, y, N, &e_reg, NULL);
        nn_evaluate(plain, x, y, N, &e_plain, NULL);
        CHECK_NEAR(e_reg - e_plain, 0.02 * sizes + (both ? 0.01 * squares : 0), 1e-5, 1e-4,
                   both ? "evaluate's loss: the L1 and L2 penalties" : "evaluate's loss: the L1 penalty");
        nn_free(reg);
    }
    CHECK(nn_set_weight(plain, 0, 2, 5, 0.75f) == 0, "set_weight: %s", nn_error());
    float kernel[6 * 16];
    nn_get_weights(plain, 0, kernel, NULL);
    CHECK(kernel[2 * 16 + 5] == 0.75f, "set_weight: expected kernel[2][5] = 0.75, got %g", (double)kernel[2 * 16 + 5]);
    CHECK_FAILS(nn_set_weight(plain, 0, 6, 0, 1.0f), "set_weight: kernel[6][0] is outside dense's (6, 16) kernel");
    CHECK_FAILS(nn_set_weight(plain, 3, 0, 0, 1.0f), "set_weight: layer 3 is not a Dense layer");
    CHECK_FAILS(nn_set_weight(plain, 1, 0, 0, NAN), "set_weight: the value must be a finite number");
    nn_free(plain);
}

/* Dense(10, use_bias=False) on 784 inputs has 7,840 parameters, as Keras; Dropout has none */
static void test_summary(void)
{
    nn_model *m = nn_sequential();
    int shape[2] = { 28, 28 };
    nn_add_input(m, 2, shape);
    nn_add_flatten(m);
    nn_add_dropout(m, 0.2f);
    CHECK(nn_add_dense_args(m, &(nn_dense_args){ .units = 10, .no_bias = 1 }) == 0, "%s", nn_error());
    nn_add_dropout(m, 0.5f);
    CHECK(nn_count_params(m) == 7840, "expected 7840 parameters, got %ld", nn_count_params(m));
    char *s = nn_summary_text(m);
    const char *rows[] = { "│ dropout (Dropout)               │ (None, 784)            │             0 │",
                           "│ dense (Dense)                   │ (None, 10)             │         7,840 │",
                           "│ dropout_1 (Dropout)             │ (None, 10)             │             0 │",
                           " Total params: 7,840 (30.62 KB)" };
    for (int i = 0; i < 4; i++)
        CHECK(strstr(s, rows[i]) != NULL, "expected the row\n%s\nin\n%s", rows[i], s);
    free(s);
    float kernel[7840], bias[10] = { 0 };
    CHECK(nn_get_weights(m, 2, kernel, bias) == 0, "%s", nn_error());
    CHECK(nn_set_weights(m, 2, kernel, NULL) == 0, "set_weights without bias: %s", nn_error());
    nn_layer_info info;
    nn_layer_info_get(m, 1, &info);
    CHECK(strcmp(info.kind, "Dropout") == 0 && info.params == 0 && info.activation == NULL,
          "expected a Dropout of 0 parameters, got %s of %ld", info.kind, info.params);
    nn_free(m);
}

/* each initializer's mean and variance against Keras's formula, on a 300 x 200 kernel */
static void test_initializers(void)
{
    enum { IN = 300, OUT = 200, N = IN * OUT };
    /* bound: the largest |w| allowed; U(-l, l) has variance l² / 3, and the truncated normals
     * stop at two of their standard deviations, sqrt(var) / 0.8796 */
    const double g = 2.0 / (IN + OUT), he = 2.0 / IN, le = 1.0 / IN, t = 2 / 0.87962566103423978;
    const struct { const char *name; double mean, var, bound; } want[] = {
        { "glorot_uniform", 0, g, sqrt(3 * g) },
        { "glorot_normal", 0, g, t * sqrt(g) },
        { "he_uniform", 0, he, sqrt(3 * he) },
        { "he_normal", 0, he, t * sqrt(he) },
        { "lecun_uniform", 0, le, sqrt(3 * le) },
        { "lecun_normal", 0, le, t * sqrt(le) },
        { "random_uniform", 0, 0.05 * 0.05 / 3, 0.05 },
        { "random_normal", 0, 0.05 * 0.05, 1e9 },
        { "zeros", 0, 0, 0 },
        { "ones", 1, 0, 1 },
    };
    float *w = malloc(N * sizeof *w), bias[OUT];
    for (int k = 0; k < 10; k++) {
        nn_model *m = nn_sequential();
        CHECK(nn_add_dense_args(m, &(nn_dense_args){ .units = OUT, .input_dim = IN,
              .kernel_initializer = want[k].name, .bias_initializer = want[k].name }) == 0,
              "%s: %s", want[k].name, nn_error());
        nn_get_weights(m, 0, w, bias);
        double sum = 0, sq = 0, top = 0;
        for (int i = 0; i < N; i++) {
            sum += w[i];
            top = fabs(w[i]) > top ? fabs(w[i]) : top;
        }
        double mean = sum / N;
        for (int i = 0; i < N; i++)
            sq += (w[i] - mean) * (w[i] - mean);
        double var = sq / N;
        char what[96];
        snprintf(what, sizeof what, "%s: mean", want[k].name);
        /* 5 standard errors of the mean */
        CHECK_NEAR(mean, want[k].mean, 5 * sqrt(want[k].var / N) + 1e-12, 0, what);
        snprintf(what, sizeof what, "%s: variance", want[k].name);
        CHECK_NEAR(var, want[k].var, 1e-12, 0.03, what);
        CHECK(top <= want[k].bound * 1.0001, "%s: expected |w| <= %g, got %g", want[k].name,
              want[k].bound, top);
        /* a bias of OUT values, both fans OUT */
        if (k == 8 || k == 9)
            CHECK(bias[0] == want[k].mean && bias[OUT - 1] == want[k].mean, "%s bias: expected %g, "
                  "got %g", want[k].name, want[k].mean, (double)bias[0]);
        else
            CHECK(bias[0] != bias[1], "%s bias: expected drawn values, got %g twice", want[k].name,
                  (double)bias[0]);
        nn_free(m);
    }
    /* the default stays glorot_uniform with zero biases, drawn as before */
    nn_model *m = nn_sequential();
    nn_add_dense(m, OUT, NULL, IN);
    nn_get_weights(m, 0, w, bias);
    nn_rng r;
    nn_rng_seed(&r, 1337u);
    float limit = sqrtf(6.0f / (IN + OUT)), first = (2.0f * nn_rng_uniform(&r) - 1.0f) * limit;
    CHECK(w[0] == first && bias[0] == 0.0f, "default: expected w[0] = %.9g and bias 0, got %.9g, %g",
          (double)first, (double)w[0], (double)bias[0]);
    nn_free(m);
    free(w);
}

/* everything round-trips: names, options, weights, and the next training step (its mask); with
 * l1, a version 3 file that keeps the L1 factor */
static void save_load(float l1_factor)
{
    enum { N = 16 };
    nn_model *m = nn_sequential();
    int shape[1] = { 6 };
    nn_add_input(m, 1, shape);
    nn_add_dropout(m, 0.1f);
    nn_add_dense_args(m, &(nn_dense_args){ .units = 12, .activation = "relu", .no_bias = 1,
                                           .kernel_initializer = "he_normal", .kernel_l2 = 0.003f });
    nn_add_dropout(m, 0.25f);
    nn_add_dense_args(m, &(nn_dense_args){ .units = 3, .activation = "softmax",
                                           .bias_initializer = "ones", .kernel_l1 = l1_factor });
    nn_set_seed(m, 77);
    nn_compile(m, "adam", "sparse_categorical_crossentropy", "accuracy");
    float x[N * 6], y[N];
    toy_data(x, y, N);
    nn_train_on_batch(m, x, y, N, NULL, NULL);
    char path[] = "/tmp/test_layers_XXXXXX";
    int fd = mkstemp(path);
    close(fd);
    CHECK(nn_save(m, path) == 0, "%s", nn_error());
    nn_model *back = nn_load(path);
    CHECK(back != NULL, "load: %s", nn_error());
    unlink(path);
    if (!back) {
        nn_free(m);
        return;
    }
    char *s1 = nn_summary_text(m), *s2 = nn_summary_text(back);
    CHECK(strcmp(s1, s2) == 0, "summaries differ:\n%s\n%s", s1, s2);
    for (int l = 0; l < m->n_layers; l++) {
        const nn_layer *a = &m->layers[l], *b = &back->layers[l];
        CHECK(a->kind == b->kind && a->use_bias == b->use_bias && a->kernel_init == b->kernel_init &&
              a->bias_init == b->bias_init && a->kernel_l2 == b->kernel_l2 && a->rate == b->rate &&
              a->kernel_l1 == b->kernel_l1,
              "layer %d (%s): its options did not round-trip", l, a->name);
    }
    float l1, l2;
    nn_train_on_batch(m, x, y, N, &l1, NULL);
    nn_train_on_batch(back, x, y, N, &l2, NULL);
    CHECK(l1 == l2, "the step after loading: expected loss %.9g, got %.9g", l1, l2);
    CHECK(memcmp(m->params, back->params, m->n_params * sizeof(float)) == 0,
          "the step after loading gave other weights");
    free(s1);
    free(s2);
    nn_free(m);
    nn_free(back);
}

/* every bad argument fails with a message naming it and what would be right */
static void test_bad_arguments(void)
{
    nn_model *m = nn_sequential();
    CHECK_FAILS(nn_add_dropout(m, 0.5f), "Dropout: add a layer (or an Input) before it");
    nn_add_dense(m, 4, "relu", 3);
    CHECK_FAILS(nn_add_dropout(m, 1.0f), "Dropout: rate must be in [0, 1), got 1");
    CHECK_FAILS(nn_add_dropout(m, -0.1f), "Dropout: rate must be in [0, 1), got -0.1");
    CHECK_FAILS(nn_add_dropout(m, NAN), "Dropout: rate must be in [0, 1), got nan");
    CHECK_FAILS(nn_add_dropout(NULL, 0.5f), "Dropout: the model is NULL");
    CHECK_FAILS(nn_add_dense_args(m, NULL), "Dense: the arguments are NULL");
    CHECK_FAILS(nn_add_dense_args(m, &(nn_dense_args){ .units = 0 }),
                "Dense: units must be a positive integer, got 0");
    CHECK_FAILS(nn_add_dense_args(m, &(nn_dense_args){ .units = 2, .no_bias = 2 }),
                "Dense: no_bias must be 0 (use_bias=True) or 1 (use_bias=False), got 2");
    CHECK_FAILS(nn_add_dense_args(m, &(nn_dense_args){ .units = 2, .kernel_initializer = "glorot" }),
                "Dense: unknown kernel_initializer \"glorot\" (expected glorot_uniform, glorot_normal, "
                "he_uniform, he_normal, lecun_uniform, lecun_normal, random_uniform, random_normal, "
                "zeros or ones)");
    CHECK_FAILS(nn_add_dense_args(m, &(nn_dense_args){ .units = 2, .bias_initializer = "one" }),
                "Dense: unknown bias_initializer \"one\" (expected glorot_uniform");
    CHECK_FAILS(nn_add_dense_args(m, &(nn_dense_args){ .units = 2, .kernel_l2 = -0.01f }),
                "Dense: kernel_regularizer l2 must be a finite number >= 0, got -0.01");
    CHECK_FAILS(nn_add_dense_args(m, &(nn_dense_args){ .units = 2, .kernel_l2 = INFINITY }),
                "Dense: kernel_regularizer l2 must be a finite number >= 0, got inf");
    CHECK_FAILS(nn_add_dense_args(m, &(nn_dense_args){ .units = 2, .kernel_l1 = -0.5f }),
                "Dense: kernel_regularizer l1 must be a finite number >= 0, got -0.5");
    CHECK_FAILS(nn_add_dense_args(m, &(nn_dense_args){ .units = 2, .kernel_l1 = NAN }),
                "Dense: kernel_regularizer l1 must be a finite number >= 0, got nan");
    CHECK_FAILS(nn_add_dense_args(m, &(nn_dense_args){ .units = 2, .activation = "swish" }),
                "Dense: unknown activation \"swish\"");
    CHECK(nn_layer_count(m) == 1, "failed calls must add nothing: %d layers", nn_layer_count(m));
    nn_free(m);
}

static void test_save_load(void) { save_load(0.0f); }
static void test_save_load_l1(void) { save_load(0.004f); }

int main(void)
{
    nn_rng_seed(&rng, 42);
    RUN(test_kept_fraction);
    RUN(test_identity_and_seed);
    RUN(test_l2_loss);
    RUN(test_l1_loss_and_set_weight);
    RUN(test_summary);
    RUN(test_initializers);
    RUN(test_save_load);
    RUN(test_save_load_l1);
    RUN(test_bad_arguments);
    return failures != 0;
}
