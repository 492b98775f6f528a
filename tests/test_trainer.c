/* test_trainer.c — the trainer's Playground settings: input features, the train/test ratio and the
 * points' seed, regression, a table's two columns, L1/L2 on every kernel, weight edits, and the
 * gradient norms per layer; and that the defaults keep the shared data as they were. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "lang.h"
#include "trainer.h"

static trainer_config base(const char *dataset)
{
    trainer_config c = { .hidden = 1, .units = { 4 }, .activation = "tanh", .optimizer = "adam",
                         .learning_rate = 0.01f, .batch_size = 10, .epochs = 3, .seed = 1 };
    snprintf(c.dataset, sizeof c.dataset, "%s", dataset);
    return c;
}

/* A trainer that is built (READY), or NULL after a failed check. */
static trainer *ready(const trainer_config *c)
{
    trainer *t = trainer_create(c);
    CHECK(t != NULL, "%s: expected a trainer", c->dataset);
    if (t && trainer_wait_ready(t, 60) < 0) {
        trainer_stats st;
        trainer_poll(t, &st);
        CHECK(0, "%s: expected the trainer ready, got the error: %s", c->dataset, st.error);
        trainer_free(t);
        return NULL;
    }
    return t;
}

/* The defaults train on the shared copy; features make a copy with the chosen columns */
static void test_features(void)
{
    trainer_config c = base("circle");
    float out[TRAINER_N_FEATURES];
    CHECK(trainer_features_of(&c, 2, 3, out) == 2 && out[0] == 2 && out[1] == 3,
          "features 0: expected (x1, x2) = (2, 3), got %g, %g", (double)out[0], (double)out[1]);
    trainer *t = ready(&c);
    char err[256];
    const data_set *shared = data_get("circle", 0, 0, err, sizeof err);
    CHECK(t && trainer_data(t) == shared, "features 0: expected the shared copy of the data");
    trainer_free(t);

    c.features = TRAINER_F_X2 | TRAINER_F_X1SQ | TRAINER_F_X1X2 | TRAINER_F_SIN2;
    int n = trainer_features_of(&c, 2, 3, out);
    CHECK(n == 4 && out[0] == 3 && out[1] == 4 && out[2] == 6 && fabsf(out[3] - sinf(3)) < 1e-7f,
          "expected x2, x1², x1·x2, sin x2 = 3, 4, 6, 0.141, got %d values %g %g %g %g", n, (double)out[0],
          (double)out[1], (double)out[2], (double)out[3]);
    CHECK(strcmp(trainer_feature_names[4], "x₁x₂") == 0, "expected feature 4 named x₁x₂, got %s",
          trainer_feature_names[4]);
    t = ready(&c);
    if (!t)
        return;
    const data_set *d = trainer_data(t);
    CHECK(d != shared && d->train.dim == 4 && d->test.dim == 4 && d->train.n == shared->train.n,
          "expected the training rows with 4 columns, got %d rows of %d", d->train.n, d->train.dim);
    int wrong = 0;
    for (int i = 0; i < d->train.n; i++) {
        trainer_features_of(&c, shared->train.x[2 * i], shared->train.x[2 * i + 1], out);
        wrong += memcmp(out, d->train.x + 4 * i, 4 * sizeof *out) != 0 || d->train.y[i] != shared->train.y[i];
    }
    CHECK(wrong == 0, "expected every row to be its point's features, %d are not", wrong);
    CHECK(nn_input_dim(trainer_view(t)) == 4, "expected the view model to take 4 inputs, got %d",
          nn_input_dim(trainer_view(t)));
    trainer_free(t);
}

/* test_ratio and data_seed draw and split other data, each its own cached copy */
static void test_ratio_and_seed(void)
{
    trainer_config c = base("xor");
    c.test_ratio = 0.2f;
    trainer *t = ready(&c);
    const data_set *d = t ? trainer_data(t) : NULL;
    CHECK(d && d->train.n == 400 && d->test.n == 100, "test_ratio 0.2 of 500: expected 400 / 100, got %d / %d",
          d ? d->train.n : -1, d ? d->test.n : -1);
    trainer_free(t);
    c.test_ratio = 0;
    c.data_seed = 99;
    t = ready(&c);
    d = t ? trainer_data(t) : NULL;
    char err[256];
    const data_set *fixed = data_get("xor", 0, 0, err, sizeof err);
    CHECK(d && fixed && d != fixed && d->train.n == 350 && memcmp(d->train.x, fixed->train.x, 700 * sizeof(float)),
          "data_seed 99: expected other points than the fixed seed's, 350 to train on");
    trainer_free(t);
    c.test_ratio = 0.99f;
    t = trainer_create(&c);
    trainer_stats st;
    CHECK(t && trainer_wait_ready(t, 30) < 0, "test_ratio 0.99: expected a failure");
    if (t) {
        trainer_poll(t, &st);
        CHECK(st.state == TRAINER_FAILED && strstr(st.error, "0.05"), "expected the ratio's range, got: %s", st.error);
    }
    trainer_free(t);
}

/* The regression sets train one linear output on mse; the metric stays 0 */
static void test_regression(void)
{
    trainer_config c = base("reg_plane");
    c.epochs = 10;
    c.hidden = 0;
    c.learning_rate = 0.05f;
    trainer *t = ready(&c);
    if (!t)
        return;
    CHECK(nn_output_dim(trainer_view(t)) == 1, "expected one output, got %d", nn_output_dim(trainer_view(t)));
    CHECK(trainer_run_steps(t, 35L * 9, 60) == 0, "expected 9 epochs of steps");
    trainer_stats st;
    trainer_poll(t, &st);
    CHECK(st.n_epochs >= 8 && st.loss_hist[st.n_epochs - 1] < 0.5f * st.loss_hist[0],
          "a plane is linear: expected the loss to fall by half, got %g then %g", (double)st.loss_hist[0],
          (double)st.loss_hist[st.n_epochs - 1]);
    CHECK(st.metric == 0 && st.acc_hist[0] == 0, "regression: expected the metric 0, got %g", (double)st.metric);
    trainer_free(t);
    c = base("reg_gauss"); /* regression = 0: the set's numeric target decides */
    t = ready(&c);
    CHECK(t && nn_output_dim(trainer_view(t)) == 1, "reg_gauss: expected one linear output");
    trainer_free(t);
}

/* A table's two columns as the only inputs */
static void test_project(void)
{
    trainer_config c = base("iris");
    c.project = 1;
    c.table_col[0] = 3;
    c.table_col[1] = 1;
    trainer *t = ready(&c);
    char err[256];
    const data_set *all = data_get("iris", 0, 0, err, sizeof err);
    const data_set *d = t ? trainer_data(t) : NULL;
    CHECK(d && all && d->train.dim == 2 && d->train.n == all->train.n && d->train.classes == 3,
          "iris on columns 3 and 1: expected 2 columns and 3 classes");
    int wrong = 0;
    for (int i = 0; d && all && i < d->train.n; i++)
        wrong += d->train.x[2 * i] != all->train.x[4 * i + 3] || d->train.x[2 * i + 1] != all->train.x[4 * i + 1];
    CHECK(wrong == 0, "expected columns 3 and 1 of the standardised table, %d rows differ", wrong);
    CHECK(!d || strcmp(data_class_name(d, 2), "virginica") == 0, "expected the class names to follow, got %s",
          d ? data_class_name(d, 2) : "");
    trainer_free(t);
    c.table_col[1] = 4;
    t = trainer_create(&c);
    trainer_stats st;
    CHECK(t && trainer_wait_ready(t, 30) < 0, "column 4 of iris: expected a failure");
    if (t) {
        trainer_poll(t, &st);
        CHECK(strstr(st.error, "table_col[1]") && strstr(st.error, "0 to 3"), "expected the column named, got: %s",
              st.error);
    }
    trainer_free(t);
}

/* Σ|w| and Σw² over the view model's kernels */
static void kernel_sums(nn_model *v, double *sizes, double *squares)
{
    *sizes = *squares = 0;
    for (int l = 0; l < nn_layer_count(v); l++) {
        nn_layer_info li;
        nn_layer_info_get(v, l, &li);
        float *k = malloc((size_t)li.inputs * li.units * sizeof *k), *b = malloc((size_t)li.units * sizeof *b);
        nn_get_weights(v, l, k, b);
        for (long i = 0; i < (long)li.inputs * li.units; i++) {
            *sizes += fabs(k[i]);
            *squares += (double)k[i] * k[i];
        }
        free(k);
        free(b);
    }
}

/* After one batch the loss is the plain loss plus the penalty of the weights before it */
static void test_regularizers(void)
{
    float loss[3];
    double sizes = 0, squares = 0;
    for (int r = 0; r < 3; r++) {
        trainer_config c = base("circle");
        c.reg = (trainer_reg)r;
        c.reg_rate = 0.1f;
        trainer *t = ready(&c);
        if (!t)
            return;
        trainer_sync_view(t);
        kernel_sums(trainer_view(t), &sizes, &squares);
        CHECK(trainer_run_steps(t, 1, 30) == 0, "expected one step");
        trainer_stats st;
        trainer_poll(t, &st);
        loss[r] = st.loss;
        trainer_free(t);
    }
    CHECK(fabs((loss[1] - loss[0]) - 0.1 * sizes) < 1e-4, "L1 0.1: expected the loss up by %g, got %g",
          0.1 * sizes, (double)(loss[1] - loss[0]));
    CHECK(fabs((loss[2] - loss[0]) - 0.1 * squares) < 1e-4, "L2 0.1: expected the loss up by %g, got %g",
          0.1 * squares, (double)(loss[2] - loss[0]));
}

/* Waits (at most 10 s) until the view shows kernel[i][j] of layer l = value. */
static int view_shows(trainer *t, int l, int i, int j, float value)
{
    for (int k = 0; k < 1000; k++) {
        trainer_sync_view(t);
        nn_layer_info li;
        nn_layer_info_get(trainer_view(t), l, &li);
        float kernel[64], bias[8];
        nn_get_weights(trainer_view(t), l, kernel, bias);
        if (kernel[i * li.units + j] == value)
            return 1;
        nanosleep(&(struct timespec){ 0, 10000000 }, NULL);
    }
    return 0;
}

/* An edit reaches the view: before training, and paused in the middle of a fit */
static void test_set_weight(void)
{
    trainer_config c = base("xor");
    trainer *t = ready(&c);
    if (!t)
        return;
    trainer_set_weight(t, 0, 1, 2, 0.625f);
    CHECK(view_shows(t, 0, 1, 2, 0.625f), "ready: expected kernel[1][2] of layer 0 to become 0.625");
    CHECK(trainer_run_steps(t, 5, 30) == 0, "expected 5 steps");
    trainer_set_weight(t, 1, 3, 0, -1.5f);
    CHECK(view_shows(t, 1, 3, 0, -1.5f), "paused: expected kernel[3][0] of layer 1 to become -1.5");
    trainer_set_weight(t, 7, 0, 0, 1.0f); /* no such layer: dropped, nothing breaks */
    CHECK(trainer_run_steps(t, 8, 30) == 0, "expected training to go on after the edits");
    trainer_free(t);
}

/* Each epoch records the gradient norm of each Dense kernel; unused slots stay 0 */
static void test_grad_norms(void)
{
    trainer_config c = base("spiral");
    c.hidden = 2;
    c.units[1] = 3;
    trainer *t = ready(&c);
    if (!t)
        return;
    CHECK(trainer_run_steps(t, 36, 30) == 0, "expected 36 steps (one epoch is 35)");
    trainer_stats st;
    trainer_poll(t, &st);
    CHECK(st.n_epochs == 1, "expected one epoch done, got %d", st.n_epochs);
    for (int l = 0; l < 3; l++)
        CHECK(st.grad_norm[0][l] > 0 && isfinite(st.grad_norm[0][l]), "layer %d: expected a gradient norm > 0, got %g",
              l, (double)st.grad_norm[0][l]);
    CHECK(st.grad_norm[0][3] == 0, "expected no norm for a 4th Dense layer, got %g", (double)st.grad_norm[0][3]);
    trainer_free(t);
}

int main(void)
{
    lang_set(LANG_EN);
    RUN(test_features);
    RUN(test_ratio_and_seed);
    RUN(test_regression);
    RUN(test_project);
    RUN(test_regularizers);
    RUN(test_set_weight);
    RUN(test_grad_norms);
    data_free_all();
    return failures != 0;
}
