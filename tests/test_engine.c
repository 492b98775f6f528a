/* test_engine.c — the engine's API as a program outside it sees it: building, summary, fit
 * semantics, callbacks, snapshots, divergence, saving and loading, and every bad-input message. */
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "check.h"
#include "nn.h"

static nn_model *course_model(void)
{
    nn_model *m = nn_sequential();
    CHECK(nn_add_dense(m, 64, "relu", 100) == 0, "%s", nn_error());
    CHECK(nn_add_dense(m, 10, "softmax", 0) == 0, "%s", nn_error());
    return m;
}

/* Two interleaved classes on a noisy line: learnable, but not in one step. */
static void toy_data(float *x, float *y, int n, int dim, unsigned seed)
{
    srand(seed);
    for (int i = 0; i < n; i++) {
        int cls = i % 2;
        for (int d = 0; d < dim; d++)
            x[i * dim + d] = (float)rand() / RAND_MAX - 0.5f + (cls ? 0.6f : -0.6f) * (d == 0);
        y[i] = (float)cls;
    }
}

static nn_model *toy_model(const char *opt, unsigned seed)
{
    nn_model *m = nn_sequential();
    nn_set_seed(m, seed);
    nn_add_dense(m, 8, "relu", 3);
    nn_add_dense(m, 2, "softmax", 0);
    CHECK(nn_compile(m, opt, "sparse_categorical_crossentropy", "accuracy") == 0, "%s", nn_error());
    return m;
}

/* ---- summary ------------------------------------------------------------------------------------- */

static void test_summary_course_model(void)
{
    nn_model *m = course_model();
    char *s = nn_summary_text(m);
    const char *want =
        "Model: \"sequential\"\n"
        "┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓\n"
        "┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃\n"
        "┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩\n"
        "│ dense (Dense)                   │ (None, 64)             │         6,464 │\n"
        "├─────────────────────────────────┼────────────────────────┼───────────────┤\n"
        "│ dense_1 (Dense)                 │ (None, 10)             │           650 │\n"
        "└─────────────────────────────────┴────────────────────────┴───────────────┘\n"
        " Total params: 7,114 (27.79 KB)\n"
        " Trainable params: 7,114 (27.79 KB)\n"
        " Non-trainable params: 0 (0.00 B)\n";
    CHECK(strcmp(s, want) == 0, "expected\n%s\ngot\n%s", want, s);
    CHECK(nn_count_params(m) == 7114, "expected 7114 params, got %ld", nn_count_params(m));
    free(s);
    nn_free(m);
}

static void test_summary_flatten(void)
{
    nn_model *m = nn_sequential();
    int shape[2] = { 28, 28 };
    CHECK(nn_add_input(m, 2, shape) == 0, "%s", nn_error());
    CHECK(nn_add_flatten(m) == 0, "%s", nn_error());
    CHECK(nn_add_dense(m, 128, "relu", 0) == 0, "%s", nn_error());
    CHECK(nn_add_dense(m, 10, NULL, 0) == 0, "%s", nn_error());
    char *s = nn_summary_text(m);
    CHECK(strstr(s, "│ flatten (Flatten)               │ (None, 784)            │             0 │"),
          "no flatten row in\n%s", s);
    CHECK(strstr(s, "│ dense (Dense)                   │ (None, 128)            │       100,480 │"),
          "no dense row in\n%s", s);
    CHECK(strstr(s, " Total params: 101,770 (397.54 KB)\n"), "wrong total in\n%s", s);
    CHECK(nn_input_dim(m) == 784, "expected input_dim 784, got %d", nn_input_dim(m));
    free(s);
    nn_free(m);
}

/* ---- bad input ----------------------------------------------------------------------------------- */

static void test_bad_building(void)
{
    nn_model *m = nn_sequential();
    CHECK_FAILS(nn_add_dense(m, 4, "relu", 0), "needs input_dim");
    CHECK_FAILS(nn_add_dense(m, 0, "relu", 3), "units must be a positive integer, got 0");
    CHECK_FAILS(nn_add_dense(m, -5, "relu", 3), "got -5");
    CHECK_FAILS(nn_add_dense(m, 4, "sigmoide", 3), "unknown activation \"sigmoide\"");
    CHECK_FAILS(nn_add_flatten(m), "declare the input shape first");
    CHECK(nn_add_dense(m, 4, "relu", 3) == 0, "%s", nn_error());
    CHECK_FAILS(nn_add_dense(m, 2, "relu", 7), "input_dim=7 does not match the previous layer's 4 units");
    int shape[1] = { 3 };
    CHECK_FAILS(nn_add_input(m, 1, shape), "must come first");
    CHECK_FAILS(nn_set_weights(m, 3, NULL, NULL), "layer 3 does not exist");
    CHECK(nn_add_dense(m, 1, "sigmoid", 0) == 0, "%s", nn_error());
    CHECK_FAILS(nn_compile(m, "adam", "categorical_crossentropy", NULL), "needs at least 2 output units");
    CHECK_FAILS(nn_compile(m, "adamw", "mse", NULL), "unknown optimizer \"adamw\"");
    CHECK_FAILS(nn_compile(m, "adam", "hinge", NULL), "unknown loss \"hinge\"");
    CHECK_FAILS(nn_compile(m, "adam", "mse", "precision"), "unknown metric \"precision\"");
    CHECK_FAILS(nn_set_optimizer_param(m, "learning_rate", 0.1), "compile the model first");
    float x[3] = { 1, 2, 3 }, y[1] = { 1 };
    CHECK_FAILS(nn_fit(m, x, y, 1, NULL, NULL), "must be compiled first");
    CHECK_FAILS(nn_evaluate(m, x, y, 1, NULL, NULL), "must be compiled first");
    CHECK(nn_compile(m, "sgd", "binary_crossentropy", "accuracy") == 0, "%s", nn_error());
    CHECK_FAILS(nn_set_optimizer_param(m, "learning_rate", -1), "must be positive");
    CHECK_FAILS(nn_set_optimizer_param(m, "beta_1", 0.5), "applies to adam");
    CHECK_FAILS(nn_set_optimizer_param(m, "weight_decay", 0.5), "unknown parameter \"weight_decay\"");
    CHECK_FAILS(nn_set_loss_param(m, "from_logits", 1), "needs a linear last layer");
    CHECK_FAILS(nn_use_backend(m, "tpu"), "unknown backend \"tpu\"");
    nn_free(m);
}

static void test_bad_data(void)
{
    nn_model *m = toy_model("adam", 1);
    float x[6 * 3] = { 0 }, y[6] = { 0, 1, 0, 1, 2, 0 };
    CHECK_FAILS(nn_fit(m, x, y, 6, NULL, NULL), "label 2 of sample 4 is not a class index in 0..1");
    y[4] = 0.5f;
    CHECK_FAILS(nn_evaluate(m, x, y, 6, NULL, NULL), "label 0.5 of sample 4");
    y[4] = 1;
    CHECK_FAILS(nn_fit(m, x, y, 0, NULL, NULL), "0 samples");
    CHECK_FAILS(nn_fit(m, NULL, y, 6, NULL, NULL), "x and y must both be given");
    CHECK_FAILS(nn_fit(m, x, y, 6, &(nn_fit_args){ .validation_split = 1.5f }, NULL),
                "validation_split must be in [0, 1), got 1.5");
    CHECK_FAILS(nn_fit(m, x, y, 6, &(nn_fit_args){ .validation_split = 0.9f }, NULL),
                "validation_split=0.9 of 6 samples leaves training empty");
    CHECK_FAILS(nn_fit(m, x, y, 6, &(nn_fit_args){ .batch_size = -4 }, NULL),
                "batch_size must be positive, got -4");
    CHECK_FAILS(nn_fit(m, x, y, 6, &(nn_fit_args){ .epochs = -1 }, NULL), "epochs must be positive");
    CHECK_FAILS(nn_predict(m, x, 0, y), "at least one sample");
    nn_free(m);
}

/* ---- fit semantics ------------------------------------------------------------------------------- */

enum { TOY_N = 200, TOY_D = 3 };

static void test_fit_learns(void)
{
    float x[TOY_N * TOY_D], y[TOY_N];
    toy_data(x, y, TOY_N, TOY_D, 3);
    nn_model *m = toy_model("adam", 5);
    nn_set_optimizer_param(m, "learning_rate", 0.01);
    nn_history h;
    int rc = nn_fit(m, x, y, TOY_N, &(nn_fit_args){ .epochs = 15, .batch_size = 16,
                                                      .validation_split = 0.25f, .seed = 9 }, &h);
    CHECK(rc == 0, "%s", nn_error());
    CHECK(h.epochs == 15, "expected 15 epochs, got %d", h.epochs);
    CHECK(h.metric && h.val_loss && h.val_metric, "history arrays missing");
    if (h.val_metric) {
        CHECK(h.loss[14] < h.loss[0], "loss did not fall: %g -> %g", h.loss[0], h.loss[14]);
        CHECK(h.val_metric[14] > 0.9f, "val accuracy %g", h.val_metric[14]);
    }
    float loss, acc;
    CHECK(nn_evaluate(m, x + 150 * TOY_D, y + 150, 50, &loss, &acc) == 0, "%s", nn_error());
    /* evaluate on the validation rows must give the last epoch's validation values */
    CHECK_NEAR(loss, h.val_loss[14], 1e-6, 1e-5, "evaluate loss vs val_loss");
    CHECK_NEAR(acc, h.val_metric[14], 1e-6, 1e-5, "evaluate accuracy vs val_accuracy");
    nn_history_free(&h);
    nn_free(m);
}

static void test_no_metric_history(void)
{
    float x[TOY_N * TOY_D], y[TOY_N];
    toy_data(x, y, TOY_N, TOY_D, 3);
    nn_model *m = nn_sequential();
    nn_add_dense(m, 1, NULL, TOY_D);
    nn_compile(m, "sgd", "mse", NULL);
    nn_history h;
    CHECK(nn_fit(m, x, y, TOY_N, &(nn_fit_args){ .epochs = 2 }, &h) == 0, "%s", nn_error());
    CHECK(h.metric == NULL && h.val_loss == NULL, "expected no metric and no validation arrays");
    CHECK(h.epochs == 2 && h.loss[1] > 0, "epochs %d", h.epochs);
    nn_history_free(&h);
    nn_free(m);
}

static void test_determinism(void)
{
    float x[TOY_N * TOY_D], y[TOY_N];
    toy_data(x, y, TOY_N, TOY_D, 4);
    float w[3][TOY_D * 8];
    float loss[3];
    unsigned fit_seed[3] = { 7, 7, 8 };
    for (int run = 0; run < 3; run++) {
        nn_model *m = toy_model("rmsprop", 11);
        nn_history h;
        nn_fit(m, x, y, TOY_N, &(nn_fit_args){ .epochs = 3, .batch_size = 10, .seed = fit_seed[run] }, &h);
        nn_get_weights(m, 0, w[run], NULL);
        loss[run] = h.loss[2];
        nn_history_free(&h);
        nn_free(m);
    }
    CHECK(memcmp(w[0], w[1], sizeof w[0]) == 0 && loss[0] == loss[1],
          "same seeds gave different runs: loss %.9g vs %.9g", loss[0], loss[1]);
    CHECK(memcmp(w[0], w[2], sizeof w[0]) != 0, "a different shuffle seed gave the same weights");
}

static void test_divergence(void)
{
    float x[TOY_N * TOY_D], y[TOY_N];
    toy_data(x, y, TOY_N, TOY_D, 5);
    for (int i = 0; i < TOY_N * TOY_D; i++)
        x[i] *= 1e3f;
    nn_model *m = nn_sequential();
    nn_add_dense(m, 16, "relu", TOY_D);
    nn_add_dense(m, 1, NULL, 0);
    nn_compile(m, "sgd", "mse", NULL);
    nn_set_optimizer_param(m, "learning_rate", 10.0);
    CHECK_FAILS(nn_fit(m, x, y, TOY_N, &(nn_fit_args){ .epochs = 5 }, NULL), "training diverged");
    CHECK(strstr(nn_error(), "at epoch 1, batch "), "message names epoch and batch: %s", nn_error());
    CHECK(strstr(nn_error(), "lower the learning rate"), "message gives advice: %s", nn_error());
    nn_free(m);
}

/* ---- callbacks ----------------------------------------------------------------------------------- */

typedef struct counts { int batches, epochs, stop_after; float last_val; } counts;

static int on_batch(const nn_progress *p, void *user)
{
    counts *c = user;
    CHECK(p->seen > 0 && p->loss > 0, "batch callback without progress: seen %d", p->seen);
    c->batches++;
    return c->stop_after && c->batches >= c->stop_after;
}

static int on_epoch(const nn_progress *p, void *user)
{
    counts *c = user;
    c->epochs++;
    c->last_val = p->has_val ? p->val_loss : -1;
    return 0;
}

static void test_callbacks(void)
{
    float x[TOY_N * TOY_D], y[TOY_N];
    toy_data(x, y, TOY_N, TOY_D, 6);
    nn_model *m = toy_model("sgd", 2);
    counts c = { 0 };
    nn_fit_args a = { .epochs = 3, .batch_size = 32, .validation_split = 0.2f,
                      .on_batch_end = on_batch, .on_epoch_end = on_epoch, .user = &c };
    CHECK(nn_fit(m, x, y, TOY_N, &a, NULL) == 0, "%s", nn_error());
    /* 160 training rows in batches of 32: 5 per epoch */
    CHECK(c.batches == 15, "expected 15 batch callbacks, got %d", c.batches);
    CHECK(c.epochs == 3, "expected 3 epoch callbacks, got %d", c.epochs);
    CHECK(c.last_val > 0, "validation loss missing in the epoch callback: %g", c.last_val);
    counts stop = { .stop_after = 7 };
    nn_history h;
    a.user = &stop;
    CHECK(nn_fit(m, x, y, TOY_N, &a, &h) == 0, "a requested stop is not an error: %s", nn_error());
    CHECK(stop.batches == 7 && h.epochs == 1, "stopped after %d batches, %d epochs recorded",
          stop.batches, h.epochs);
    nn_history_free(&h);
    nn_free(m);
}

/* ---- snapshots ----------------------------------------------------------------------------------- */

typedef struct fit_job { nn_model *m; const float *x, *y; int rc; } fit_job;

static void *fit_thread(void *arg)
{
    fit_job *j = arg;
    j->rc = nn_fit(j->m, j->x, j->y, TOY_N, &(nn_fit_args){ .epochs = 40, .batch_size = 4 }, NULL);
    return NULL;
}

static void test_snapshots(void)
{
    static float x[TOY_N * TOY_D], y[TOY_N];
    toy_data(x, y, TOY_N, TOY_D, 7);
    nn_model *m = toy_model("adam", 3);
    long n = nn_count_params(m);
    float *snap = malloc((size_t)n * sizeof *snap);
    fit_job job = { m, x, y, -1 };
    pthread_t t;
    pthread_create(&t, NULL, fit_thread, &job);
    long last = 0;
    int reads = 0, going_back = 0;
    for (int i = 0; i < 200; i++) {
        nn_snapshot_info info;
        CHECK(nn_snapshot_read(m, snap, (size_t)n, &info) == 0, "%s", nn_error());
        going_back += info.version < last;
        last = info.version;
        reads++;
        usleep(200);
    }
    pthread_join(t, NULL);
    CHECK(job.rc == 0, "fit in a thread failed: %s", nn_error());
    CHECK(going_back == 0, "snapshot versions went backwards %d times", going_back);
    CHECK(last > 1, "expected several published snapshots, got version %ld", last);
    /* after the fit, a snapshot is the final weights */
    float kernel[3 * 8], bias[8];
    nn_snapshot_read(m, snap, (size_t)n, NULL);
    nn_get_weights(m, 0, kernel, bias);
    CHECK(memcmp(snap, kernel, sizeof kernel) == 0 && memcmp(snap + 24, bias, sizeof bias) == 0,
          "the snapshot after fit differs from the weights");
    CHECK_FAILS(nn_snapshot_read(m, snap, 3, NULL), "the buffer holds 3 floats");
    free(snap);
    nn_free(m);
}

/* ---- Keras's course example: logits, then a Softmax layer to predict --------------------------- */

static void test_logits_then_softmax(void)
{
    float x[TOY_N * TOY_D], y[TOY_N];
    toy_data(x, y, TOY_N, TOY_D, 8);
    nn_model *m = nn_sequential();
    nn_add_dense(m, 8, "relu", TOY_D);
    nn_add_dense(m, 2, NULL, 0);
    nn_compile(m, "adam", "sparse_categorical_crossentropy", "accuracy");
    CHECK(nn_set_loss_param(m, "from_logits", 1) == 0, "%s", nn_error());
    CHECK(nn_fit(m, x, y, TOY_N, &(nn_fit_args){ .epochs = 5 }, NULL) == 0, "%s", nn_error());
    float logits[4], probs[4];
    nn_predict(m, x, 2, logits);
    CHECK(nn_add_softmax(m) == 0, "%s", nn_error());
    CHECK(nn_predict(m, x, 2, probs) == 0, "%s", nn_error());
    for (int r = 0; r < 2; r++) {
        CHECK_NEAR(probs[2 * r] + probs[2 * r + 1], 1.0, 1e-6, 0, "probabilities sum");
        CHECK((logits[2 * r] > logits[2 * r + 1]) == (probs[2 * r] > probs[2 * r + 1]),
              "softmax changed the predicted class of row %d", r);
    }
    nn_layer_info info;
    nn_layer_info_get(m, 2, &info);
    CHECK(strcmp(info.name, "softmax") == 0 && strcmp(info.kind, "Softmax") == 0, "%s %s",
          info.name, info.kind);
    nn_free(m);
}

/* ---- progress display ----------------------------------------------------------------------------- */

static void test_progress_text(void)
{
    float x[TOY_N * TOY_D], y[TOY_N];
    toy_data(x, y, TOY_N, TOY_D, 9);
    nn_model *m = toy_model("adam", 4);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    nn_fit(m, x, y, TOY_N, &(nn_fit_args){ .epochs = 2, .validation_split = 0.2f, .verbose = 1,
                                           .progress = f }, NULL);
    fclose(f);
    CHECK(strstr(buf, "Epoch 1/2\n5/5 ━━━━━━━━━━━━━━━━━━━━ "), "no Keras header and bar in:\n%s", buf);
    CHECK(strstr(buf, "Epoch 2/2\n"), "no second epoch in:\n%s", buf);
    CHECK(strstr(buf, "/step - loss: "), "no time per step and loss in:\n%s", buf);
    CHECK(strstr(buf, " - accuracy: ") && strstr(buf, " - val_loss: ") && strstr(buf, " - val_accuracy: "),
          "missing values in:\n%s", buf);
    free(buf);
    nn_free(m);
}

/* ---- saving and loading --------------------------------------------------------------------------- */

static char tmpdir[64];

static void test_save_load(void)
{
    float x[TOY_N * TOY_D], y[TOY_N];
    toy_data(x, y, TOY_N, TOY_D, 10);
    nn_model *m = toy_model("adam", 8);
    nn_fit(m, x, y, TOY_N, &(nn_fit_args){ .epochs = 2, .seed = 1 }, NULL);
    char path[128];
    snprintf(path, sizeof path, "%s/model.nn", tmpdir);
    CHECK(nn_save(m, path) == 0, "%s", nn_error());
    nn_model *back = nn_load(path);
    CHECK(back != NULL, "%s", nn_error());
    if (!back) {
        nn_free(m);
        return;
    }
    float p1[TOY_N * 2], p2[TOY_N * 2];
    nn_predict(m, x, TOY_N, p1);
    nn_predict(back, x, TOY_N, p2);
    CHECK(memcmp(p1, p2, sizeof p1) == 0, "predictions differ after a round trip");
    /* the optimizer state came along: one more epoch on each gives identical weights */
    nn_fit(m, x, y, TOY_N, &(nn_fit_args){ .epochs = 1, .seed = 2 }, NULL);
    nn_fit(back, x, y, TOY_N, &(nn_fit_args){ .epochs = 1, .seed = 2 }, NULL);
    float w1[24], w2[24];
    nn_get_weights(m, 0, w1, NULL);
    nn_get_weights(back, 0, w2, NULL);
    CHECK(memcmp(w1, w2, sizeof w1) == 0, "training after a round trip differs");
    char *a = nn_summary_text(m), *b = nn_summary_text(back);
    CHECK(strcmp(a, b) == 0, "summaries differ:\n%s\n%s", a, b);
    free(a);
    free(b);
    nn_free(back);
    nn_free(m);
}

static void write_file(const char *path, const unsigned char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    fwrite(data, 1, len, f);
    fclose(f);
}

static void test_load_damaged(void)
{
    nn_model *m = course_model();
    nn_compile(m, "sgd", "categorical_crossentropy", "accuracy");
    char path[128], bad[128];
    snprintf(path, sizeof path, "%s/course.nn", tmpdir);
    snprintf(bad, sizeof bad, "%s/bad.nn", tmpdir);
    CHECK(nn_save(m, path) == 0, "%s", nn_error());
    FILE *f = fopen(path, "rb");
    static unsigned char data[1 << 20];
    size_t len = fread(data, 1, sizeof data, f);
    fclose(f);
    CHECK(len > 7114 * 4, "the file is too short: %zu bytes", len);

    write_file(bad, data, len / 2);
    CHECK(nn_load(bad) == NULL && strstr(nn_error(), "bad.nn") && strstr(nn_error(), "truncated"),
          "truncated: %s", nn_error());
    data[len / 3] ^= 0x40;
    write_file(bad, data, len);
    CHECK(nn_load(bad) == NULL && strstr(nn_error(), "checksum mismatch"), "flipped bit: %s", nn_error());
    data[len / 3] ^= 0x40;
    data[0] = 'X';
    write_file(bad, data, len);
    CHECK(nn_load(bad) == NULL && strstr(nn_error(), "not a Neurone model file"), "magic: %s", nn_error());
    write_file(bad, data, 0);
    CHECK(nn_load(bad) == NULL && strstr(nn_error(), "not a Neurone model file"), "empty: %s", nn_error());
    snprintf(bad, sizeof bad, "%s/missing.nn", tmpdir);
    CHECK(nn_load(bad) == NULL && strstr(nn_error(), "No such file"), "missing: %s", nn_error());
    /* a save that cannot happen leaves the old file as it was */
    snprintf(bad, sizeof bad, "%s/no/such/dir/m.nn", tmpdir);
    CHECK_FAILS(nn_save(m, bad), "cannot create a temporary file");
    nn_model *back = nn_load(path);
    CHECK(back != NULL, "the good file no longer loads: %s", nn_error());
    nn_free(back);
    nn_free(m);
}

int main(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/neurone-test-XXXXXX");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    RUN(test_summary_course_model);
    RUN(test_summary_flatten);
    RUN(test_bad_building);
    RUN(test_bad_data);
    RUN(test_fit_learns);
    RUN(test_no_metric_history);
    RUN(test_determinism);
    RUN(test_divergence);
    RUN(test_callbacks);
    RUN(test_snapshots);
    RUN(test_logits_then_softmax);
    RUN(test_progress_text);
    RUN(test_save_load);
    RUN(test_load_damaged);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
    return failures != 0;
}
