/* study_run.c — the models of the second exercise (study.h): one split of the loaded table,
 * filled and scaled on its training part, then the MLP and every classic classifier trained on
 * it and scored on the test rows. The MLP's progress goes to s->live for the UI thread: C11
 * atomics, with the history published by a release store that study_get_history acquires. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "study_internal.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* ---- the pieces shared with `neurone compare` ----------------------------------------------- */

int study_model_count(void)
{
    int count = 1;
    while (nn_classifier_kind(count - 1))
        count++;
    return count < STUDY_MAX_MODELS ? count : STUDY_MAX_MODELS;
}

const char *study_model_name(int i)
{
    const char *name = i == 0 ? "MLP" : nn_classifier_kind_name(i - 1);
    return name ? name : "?";
}

int study_split(const nn_dataset *all, nn_table_report *report, float test_size, unsigned seed,
                const char *scaler, nn_dataset *train, nn_dataset *test, nn_scaler *fitted)
{
    nn_scaler kept;
    nn_scaler *s = fitted ? fitted : &kept;
    memset(s, 0, sizeof *s);
    int rc = nn_train_test_split(all, test_size, seed, train, test);
    if (rc == 0)
        rc = nn_impute_train_test(train, test, report);
    if (rc == 0)
        rc = nn_scaler_fit_transform(s, scaler, train, test);
    if (rc < 0 || !fitted)
        nn_scaler_free(s);
    if (rc < 0) {
        nn_dataset_free(train);
        nn_dataset_free(test);
    }
    return rc;
}

int study_mlp_predict(nn_model *m, const float *x, int n, int classes, float *labels, float *best)
{
    float *proba = malloc((size_t)n * (size_t)classes * sizeof *proba); /* (n, classes) */
    if (!proba)
        return -1;
    int rc = nn_predict(m, x, n, proba);
    for (int i = 0; rc == 0 && i < n; i++) {
        const float *p = proba + (size_t)i * (size_t)classes; /* (classes) */
        int k = 0;
        for (int c = 1; c < classes; c++)
            k = p[c] > p[k] ? c : k;
        labels[i] = (float)k;
        if (best)
            best[i] = p[k];
    }
    free(proba);
    return rc;
}

/* What the MLP's callbacks need: where to publish, and when to stop. */
typedef struct mlp_watch {
    study_live *live;
    const atomic_int *cancel;
} mlp_watch;

/* Relaxed: the running means are two numbers for display, each whole on its own. */
static int on_batch(const nn_progress *p, void *user)
{
    mlp_watch *w = user;
    if (w->live) {
        atomic_store_explicit(&w->live->batch_loss, p->loss, memory_order_relaxed);
        atomic_store_explicit(&w->live->batch_accuracy, p->metric, memory_order_relaxed);
    }
    return study_cancelled(w->cancel);
}

/* The epoch's values first (relaxed), then epochs_done with release order: a reader that loads
 * the count with acquire order (study_get_history) sees the values before it complete. */
static int on_epoch(const nn_progress *p, void *user)
{
    mlp_watch *w = user;
    study_live *live = w->live;
    if (live && p->epoch < STUDY_MAX_EPOCHS) {
        atomic_store_explicit(&live->loss[p->epoch], p->loss, memory_order_relaxed);
        atomic_store_explicit(&live->accuracy[p->epoch], p->metric, memory_order_relaxed);
        float val_loss = p->has_val ? p->val_loss : NAN, val_acc = p->has_val ? p->val_metric : NAN;
        atomic_store_explicit(&live->val_loss[p->epoch], val_loss, memory_order_relaxed);
        atomic_store_explicit(&live->val_accuracy[p->epoch], val_acc, memory_order_relaxed);
        atomic_store_explicit(&live->has_val, p->has_val, memory_order_relaxed);
        atomic_store_explicit(&live->epochs_done, p->epoch + 1, memory_order_release);
    }
    return study_cancelled(w->cancel);
}

/* The MLP's layers and compile: the code panel's model (set->mlp), or the course's 32-16. */
static int build_mlp(nn_model *m, const nn_dataset *train, const study_settings *set)
{
    static const trainer_config course = { .hidden = 2, .units = { STUDY_MLP_UNITS_1, STUDY_MLP_UNITS_2 },
                                           .activation = "relu", .optimizer = "adam" };
    const trainer_config *c = set->mlp ? set->mlp : &course;
    int rc = 0;
    for (int i = 0; i < c->hidden && rc == 0; i++)
        rc = nn_add_dense(m, c->units[i], c->activation[0] ? c->activation : "relu", i == 0 ? train->dim : 0);
    if (rc == 0)
        rc = nn_add_dense(m, train->classes, "softmax", c->hidden == 0 ? train->dim : 0);
    if (rc == 0)
        rc = nn_set_seed(m, set->seed);
    if (rc == 0)
        rc = nn_compile(m, c->optimizer[0] ? c->optimizer : "adam", "sparse_categorical_crossentropy", "accuracy");
    if (rc == 0 && c->learning_rate > 0)
        rc = nn_set_optimizer_param(m, "learning_rate", c->learning_rate);
    return rc;
}

static nn_model *fit_mlp(const nn_dataset *train, const study_settings *set, study_live *live,
                         const atomic_int *cancel)
{
    nn_model *m = nn_sequential();
    if (!m)
        return NULL;
    int rc = build_mlp(m, train, set);
    mlp_watch watch = { live, cancel };
    int epochs = set->epochs > 0 ? set->epochs : STUDY_MLP_EPOCHS;
    if (live) {
        atomic_store_explicit(&live->epochs, epochs, memory_order_relaxed);
        atomic_store_explicit(&live->epochs_done, 0, memory_order_release);
    }
    int batch = set->mlp && set->mlp->batch_size > 0 ? set->mlp->batch_size : STUDY_MLP_BATCH;
    nn_fit_args a = { .epochs = epochs, .batch_size = batch, .seed = set->seed,
                      .on_batch_end = on_batch, .on_epoch_end = on_epoch, .user = &watch };
    if (rc == 0)
        rc = nn_fit(m, train->x, train->y, train->n, &a, NULL);
    if (rc < 0) {
        nn_free(m);
        return NULL;
    }
    return m;
}

void study_model_free(study_model *m)
{
    if (!m)
        return;
    free(m->cm);
    nn_free(m->mlp);
    nn_classifier_free(m->classic);
    memset(m, 0, sizeof *m);
}

/* Fits model i and predicts the test rows into pred (test->n); -1 with nn_error() set, or 1
 * when cancelled. */
static int fit_model(study_model *out, int i, const nn_dataset *train, const nn_dataset *test,
                     const study_settings *set, study_live *live, const atomic_int *cancel,
                     float *pred)
{
    if (i == 0) {
        if (!(out->mlp = fit_mlp(train, set, live, cancel)))
            return -1;
        if (study_cancelled(cancel))
            return 1; /* the fit stopped early: not a model to score */
        return study_mlp_predict(out->mlp, test->x, test->n, train->classes, pred, NULL);
    }
    nn_classifier *c = nn_classifier_new(out->kind, &(nn_classifier_args){ .seed = set->seed });
    if (!(out->classic = c))
        return -1;
    int rc = nn_classifier_fit(c, train->x, train->y, train->n, train->dim, train->classes);
    return rc == 0 ? nn_classifier_predict(c, test->x, test->n, pred) : -1;
}

int study_train_model(study_model *out, int i, const nn_dataset *train, const nn_dataset *test,
                      const study_settings *set, study_live *live, const atomic_int *cancel)
{
    memset(out, 0, sizeof *out);
    out->kind = i == 0 ? "mlp" : nn_classifier_kind(i - 1);
    snprintf(out->name, sizeof out->name, "%s", study_model_name(i));
    int classes = train->classes;
    float *pred = malloc((size_t)test->n * sizeof *pred); /* (test n) */
    double start = now();
    int rc = pred ? fit_model(out, i, train, test, set, live, cancel, pred) : -1;
    out->seconds = now() - start; /* fit and predict, as the table's "train time" */
    if (rc == 0)
        rc = nn_classification_metrics(&out->m, test->y, pred, test->n, classes);
    if (rc == 0 && !(out->cm = malloc((size_t)classes * (size_t)classes * sizeof *out->cm)))
        rc = -1;
    if (rc == 0)
        rc = nn_confusion_matrix(out->cm, test->y, pred, test->n, classes);
    free(pred);
    if (rc == 0) {
        out->trained = 1;
        return 0;
    }
    out->failed = 1;
    snprintf(out->error, sizeof out->error, "%s",
             rc == 1 ? "cancelled" : !pred ? "out of memory" : nn_error());
    return -1;
}

/* ---- forgetting ----------------------------------------------------------------------------- */

void study_forget_run(study *s)
{
    nn_dataset_free(&s->train);
    nn_dataset_free(&s->test);
    nn_scaler_free(&s->scaler);
    free(s->fill);
    s->fill = NULL;
    for (int i = 0; i < STUDY_MAX_MODELS; i++)
        study_model_free(&s->model[i]);
    s->models = 0;
    s->ran = 0;
}

/* ---- running -------------------------------------------------------------------------------- */

static int check_settings(study *s, const study_settings *set)
{
    s->settings = set ? *set : (study_settings){ 0 };
    study_settings *t = &s->settings;
    if (t->test_size == 0.0f)
        t->test_size = 0.3f;
    if (!t->scaler)
        t->scaler = "standard";
    if (t->epochs == 0)
        t->epochs = STUDY_MLP_EPOCHS;
    if (!(t->test_size > 0.0f && t->test_size < 1.0f))
        return study_fail(s, "test size %g: a fraction between 0 and 1 is expected, such as 0.3",
                          (double)t->test_size);
    if (t->epochs < 1 || t->epochs > STUDY_MAX_EPOCHS)
        return study_fail(s, "%d epochs: 1 to %d", t->epochs, STUDY_MAX_EPOCHS);
    if (strcmp(t->scaler, "minmax") && strcmp(t->scaler, "standard") && strcmp(t->scaler, "none"))
        return study_fail(s, "scaler \"%s\": minmax, standard or none", t->scaler);
    return 0;
}

/* s->fill from the report's training fills: a row typed later is filled as the training rows
 * were. */
static int make_fill(study *s)
{
    if (!(s->fill = calloc((size_t)s->data.dim, sizeof *s->fill)))
        return study_fail(s, "out of memory");
    for (int f = 0; f < s->features; f++) {
        const study_feature *feat = &s->feature[f];
        const nn_column_report *c = &s->report.column[f];
        if (feat->categorical)
            s->fill[feat->first + c->fill_category] = 1.0f;
        else
            s->fill[feat->first] = (float)c->fill;
    }
    return 0;
}

int study_run(study *s, const study_settings *set, const atomic_int *cancel)
{
    if (!s->loaded)
        return study_fail(s, "load the table first");
    study_forget_run(s);
    study_live_begin(&s->live, STUDY_TRAINING);
    atomic_store_explicit(&s->live.epochs_done, 0, memory_order_release);
    if (check_settings(s, set) < 0)
        return -1;
    const study_settings *t = &s->settings;
    if (study_split(&s->data, &s->report, t->test_size, t->seed, t->scaler, &s->train, &s->test,
                    &s->scaler) < 0)
        return study_fail_engine(s);
    if (s->train.n < s->data.classes) {
        study_fail(s, "%d training rows for %d classes: more classes than rows; lower the test "
                   "size or use a larger table", s->train.n, s->data.classes);
        study_forget_run(s);
        return -1;
    }
    if (make_fill(s) < 0 || study_write_notes(s) < 0) {
        study_forget_run(s);
        return -1;
    }
    int count = study_model_count();
    for (int i = 0; i < count && !study_cancelled(cancel); i++) {
        atomic_store_explicit(&s->live.model, i, memory_order_relaxed);
        study_train_model(&s->model[i], i, &s->train, &s->test, t, &s->live, cancel);
        s->models = i + 1;
        atomic_store_explicit(&s->live.models_done, i + 1, memory_order_relaxed);
    }
    atomic_store_explicit(&s->live.model, -1, memory_order_relaxed);
    if (study_cancelled(cancel)) {
        snprintf(s->error, sizeof s->error, "cancelled after %d of %d models", s->models, count);
        atomic_store_explicit(&s->live.stage, STUDY_CANCELLED, memory_order_relaxed);
        return -1;
    }
    s->ran = 1;
    atomic_store_explicit(&s->live.stage, STUDY_DONE, memory_order_relaxed);
    return 0;
}

/* ---- watching ------------------------------------------------------------------------------- */

void study_get_status(const study *s, study_status *out)
{
    const study_live *live = &s->live;
    out->stage = atomic_load_explicit(&live->stage, memory_order_relaxed);
    out->model = atomic_load_explicit(&live->model, memory_order_relaxed);
    out->models_done = atomic_load_explicit(&live->models_done, memory_order_relaxed);
    out->models = study_model_count();
    out->bytes_read = atomic_load_explicit(&live->bytes_read, memory_order_relaxed);
    out->bytes_total = atomic_load_explicit(&live->bytes_total, memory_order_relaxed);
    out->epoch = atomic_load_explicit(&live->epochs_done, memory_order_acquire);
    out->epochs = atomic_load_explicit(&live->epochs, memory_order_relaxed);
    out->loss = atomic_load_explicit(&live->batch_loss, memory_order_relaxed);
    out->accuracy = atomic_load_explicit(&live->batch_accuracy, memory_order_relaxed);
}

int study_get_history(const study *s, float *loss, float *accuracy, float *val_loss,
                      float *val_accuracy, int max)
{
    const study_live *live = &s->live;
    int n = atomic_load_explicit(&live->epochs_done, memory_order_acquire);
    n = n < max ? n : max;
    for (int e = 0; e < n; e++) {
        if (loss)
            loss[e] = atomic_load_explicit(&live->loss[e], memory_order_relaxed);
        if (accuracy)
            accuracy[e] = atomic_load_explicit(&live->accuracy[e], memory_order_relaxed);
        if (val_loss)
            val_loss[e] = atomic_load_explicit(&live->val_loss[e], memory_order_relaxed);
        if (val_accuracy)
            val_accuracy[e] = atomic_load_explicit(&live->val_accuracy[e], memory_order_relaxed);
    }
    return n;
}
