/* study.c — the course's second exercise without SDL (study.h): open and preview a table, load it
 * with the student's choice, split it once, fill and scale on the training part, train the MLP
 * and every classic classifier on that split and keep them to predict a typed row.
 *
 * The worker thread writes s->live with atomic stores only; the UI thread reads it with atomic
 * loads (study_get_status, study_get_history). Everything else in a study is the worker's while
 * a step runs. */
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "study.h"

/* ---- the live state ------------------------------------------------------------------------- */

static void store_int(int *at, int v)
{
    __atomic_store_n(at, v, __ATOMIC_RELAXED);
}

static int load_int(const int *at)
{
    return __atomic_load_n(at, __ATOMIC_RELAXED);
}

static void store_float(float *at, float v)
{
    __atomic_store(at, &v, __ATOMIC_RELAXED);
}

static float load_float(const float *at)
{
    float v;
    __atomic_load(at, &v, __ATOMIC_RELAXED);
    return v;
}

static void live_begin(study_live *live, int stage)
{
    store_int(&live->stage, stage);
    store_int(&live->model, -1);
    store_int(&live->models_done, 0);
}

/* ---- messages ------------------------------------------------------------------------------- */

static int fail(study *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(study *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->error, sizeof s->error, fmt, ap);
    va_end(ap);
    store_int(&s->live.stage, STUDY_FAILED);
    return -1;
}

/* A failure whose message the engine wrote, on this thread. */
static int fail_engine(study *s)
{
    return fail(s, "%s", nn_error());
}

static int cancelled(const volatile int *cancel)
{
    return cancel && __atomic_load_n(cancel, __ATOMIC_RELAXED);
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static char *copy_text(const char *text)
{
    size_t len = strlen(text) + 1;
    char *copy = malloc(len);
    return copy ? memcpy(copy, text, len) : NULL;
}

/* ---- the pieces shared with `neurone compare` ----------------------------------------------- */

int study_is_builtin(const char *name)
{
    static const char *const names[] = { "iris", "wine", "breast_cancer", "digits" };
    struct stat st;
    for (size_t i = 0; name && i < sizeof names / sizeof names[0]; i++)
        if (strcmp(name, names[i]) == 0)
            return stat(name, &st) != 0; /* a file of that name in the folder wins */
    return 0;
}

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

/* Each row's most probable class: labels (n), and its probability in best (n) unless NULL. */
static int mlp_predict(nn_model *m, const float *x, int n, int classes, float *labels,
                       float *best)
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
    const volatile int *cancel;
} mlp_watch;

static int on_batch(const nn_progress *p, void *user)
{
    mlp_watch *w = user;
    if (w->live) {
        store_float(&w->live->batch_loss, p->loss);
        store_float(&w->live->batch_accuracy, p->metric);
    }
    return cancelled(w->cancel);
}

/* The epoch's values first, then epochs_done with release order: a reader that sees the count
 * sees the values. */
static int on_epoch(const nn_progress *p, void *user)
{
    mlp_watch *w = user;
    study_live *live = w->live;
    if (live && p->epoch < STUDY_MAX_EPOCHS) {
        store_float(&live->loss[p->epoch], p->loss);
        store_float(&live->accuracy[p->epoch], p->metric);
        store_float(&live->val_loss[p->epoch], p->has_val ? p->val_loss : NAN);
        store_float(&live->val_accuracy[p->epoch], p->has_val ? p->val_metric : NAN);
        store_int(&live->has_val, p->has_val);
        __atomic_store_n(&live->epochs_done, p->epoch + 1, __ATOMIC_RELEASE);
    }
    return cancelled(w->cancel);
}

static nn_model *fit_mlp(const nn_dataset *train, const study_settings *set, study_live *live,
                         const volatile int *cancel)
{
    nn_model *m = nn_sequential();
    if (!m)
        return NULL;
    int rc = nn_add_dense(m, STUDY_MLP_UNITS_1, "relu", train->dim);
    if (rc == 0)
        rc = nn_add_dense(m, STUDY_MLP_UNITS_2, "relu", 0);
    if (rc == 0)
        rc = nn_add_dense(m, train->classes, "softmax", 0);
    if (rc == 0)
        rc = nn_set_seed(m, set->seed);
    if (rc == 0)
        rc = nn_compile(m, "adam", "sparse_categorical_crossentropy", "accuracy");
    mlp_watch watch = { live, cancel };
    int epochs = set->epochs > 0 ? set->epochs : STUDY_MLP_EPOCHS;
    if (live) {
        store_int(&live->epochs, epochs);
        __atomic_store_n(&live->epochs_done, 0, __ATOMIC_RELEASE);
    }
    nn_fit_args a = { .epochs = epochs, .batch_size = STUDY_MLP_BATCH, .seed = set->seed,
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
                     const study_settings *set, study_live *live, const volatile int *cancel,
                     float *pred)
{
    if (i == 0) {
        if (!(out->mlp = fit_mlp(train, set, live, cancel)))
            return -1;
        if (cancelled(cancel))
            return 1; /* the fit stopped early: not a model to score */
        return mlp_predict(out->mlp, test->x, test->n, train->classes, pred, NULL);
    }
    nn_classifier *c = nn_classifier_new(out->kind, &(nn_classifier_args){ .seed = set->seed });
    if (!(out->classic = c))
        return -1;
    int rc = nn_classifier_fit(c, train->x, train->y, train->n, train->dim, train->classes);
    return rc == 0 ? nn_classifier_predict(c, test->x, test->n, pred) : -1;
}

int study_train_model(study_model *out, int i, const nn_dataset *train, const nn_dataset *test,
                      const study_settings *set, study_live *live, const volatile int *cancel)
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

/* ---- the notes ------------------------------------------------------------------------------ */

/* snprintf that appends at *used and keeps counting past size, as snprintf does. */
static void note(char *out, size_t size, size_t *used, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void note(char *out, size_t size, size_t *used, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int room = out && *used < size;
    int n = vsnprintf(room ? out + *used : NULL, room ? size - *used : 0, fmt, ap);
    va_end(ap);
    if (n > 0)
        *used += (size_t)n;
}

/* The word for n things: French takes the singular for 0 and 1, English for 1 only. */
static const char *plural(int french, long n, const char *fr_one, const char *fr_many,
                          const char *en_one, const char *en_many)
{
    return french ? (n > 1 ? fr_many : fr_one) : (n == 1 ? en_one : en_many);
}

/* Each case as nn_table_report_text writes it, the French beside the English (which is the
 * engine's text, word for word). */
int study_notes_text(const nn_table_report *r, int french, char *out, size_t size)
{
#define LANG(fr, en) (french ? (fr) : (en))
    size_t used = 0;
    if (out && size)
        out[0] = '\0';
    if (!r)
        return 0;
    if (r->cancelled)
        note(out, size, &used, LANG("lecture annulée après %ld %s\n", "cancelled after %ld %s\n"),
             r->rows_read, plural(french, r->rows_read, "ligne", "lignes", "rows", "rows"));
    long n = r->missing_target;
    if (n)
        note(out, size, &used, LANG("%ld des %ld lignes %s pas de cible et %s\n",
                                    "%ld of the %ld rows %s no target and %s left out\n"),
             n, r->rows_read, plural(french, n, "n'a", "n'ont", "has", "have"),
             plural(french, n, "a été écartée", "ont été écartées", "was", "were"));
    n = r->dropped;
    if (n)
        note(out, size, &used,
             LANG("%ld %s avec une valeur manquante %s (dropna), il en reste %ld\n",
                  "%ld %s with a missing value %s left out (dropna), %ld remain\n"),
             n, plural(french, n, "ligne", "lignes", "row", "rows"),
             plural(french, n, "a été écartée", "ont été écartées", "was", "were"), r->rows_kept);
    for (int j = 0; r->column && j < r->columns; j++) {
        const nn_column_report *c = &r->column[j];
        const char *name = c->name ? c->name : "?";
        n = c->imputed ? c->imputed : c->missing;
        const char *missing = plural(french, n, "valeur manquante", "valeurs manquantes", "value",
                                     "values");
        const char *replaced = plural(french, n, "valeur manquante remplacée",
                                      "valeurs manquantes remplacées", "value", "values");
        const char *of = LANG(" des lignes d'entraînement", " of the training rows");
        of = r->train_fills ? of : "";
        if (c->imputed && c->fill_default && c->fill_text)
            note(out, size, &used,
                 LANG("%s : %ld %s par sa première catégorie, « %s » : aucune ligne d'entraînement "
                      "n'a de valeur\n",
                      "%s: %ld missing %s replaced by its first category, \"%s\": no training row "
                      "has a value\n"),
                 name, c->imputed, replaced, c->fill_text);
        else if (c->imputed && c->fill_default)
            note(out, size, &used,
                 LANG("%s : %ld %s par 0 : aucune ligne d'entraînement n'a de valeur\n",
                      "%s: %ld missing %s replaced by 0: no training row has a value\n"),
                 name, c->imputed, replaced);
        else if (c->imputed && c->fill_text)
            note(out, size, &used,
                 LANG("%s : %ld %s par la valeur la plus fréquente%s, « %s »\n",
                      "%s: %ld missing %s replaced by the most frequent value%s, \"%s\"\n"),
                 name, c->imputed, replaced, of, c->fill_text);
        else if (c->imputed)
            note(out, size, &used, LANG("%s : %ld %s par la moyenne%s, %.4g\n",
                                        "%s: %ld missing %s replaced by the mean%s, %.4g\n"),
                 name, c->imputed, replaced, of, c->fill);
        else if (c->missing && (r->dropped || r->kept_missing))
            note(out, size, &used, LANG("%s : %ld %s\n", "%s: %ld missing %s\n"), name, c->missing,
                 missing);
        if (c->categories)
            note(out, size, &used, LANG("%s : texte, encodé en one-hot sur %d %s\n",
                                        "%s: text, one-hot encoded into %d %s\n"),
                 name, c->categories,
                 plural(french, c->categories, "colonne", "colonnes", "columns", "columns"));
    }
    return (int)used;
#undef LANG
}

/* ---- forgetting ----------------------------------------------------------------------------- */

static void forget_run(study *s)
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

static void forget_load(study *s)
{
    forget_run(s);
    nn_dataset_free(&s->data);
    nn_table_report_free(&s->report);
    free(s->notes);
    free(s->feature);
    free(s->class_count);
    s->notes = NULL;
    s->feature = NULL;
    s->class_count = NULL;
    s->features = 0;
    s->loaded = 0;
}

/* Frees what the study holds and zeroes it, all but s->live, which a UI thread may be reading
 * while study_open starts over. */
static void release(study *s)
{
    forget_load(s);
    free(s->path);
    nn_dataset_free(&s->source);
    nn_table_preview_free(&s->preview);
    free(s->column);
    free(s->choice.feature);
    memset(s, 0, offsetof(study, live));
    s->error[0] = '\0';
}

void study_free(study *s)
{
    if (!s)
        return;
    release(s);
    memset(s, 0, sizeof *s);
}

/* ---- opening -------------------------------------------------------------------------------- */

static int numeric_text(const char *text)
{
    char *end;
    strtod(text, &end);
    return end != text && *end == '\0';
}

/* A built-in table's preview: its feature names and "target", its first rows as text. */
static int preview_dataset(nn_table_preview *p, const nn_dataset *d)
{
    int columns = d->dim + 1, rows = d->n < STUDY_PREVIEW_ROWS ? d->n : STUDY_PREVIEW_ROWS;
    memset(p, 0, sizeof *p);
    p->names = calloc((size_t)columns, sizeof *p->names);
    p->cells = calloc((size_t)rows * (size_t)columns, sizeof *p->cells);
    p->numeric = calloc((size_t)columns, sizeof *p->numeric);
    p->missing = calloc((size_t)columns, sizeof *p->missing);
    p->columns = columns;
    p->rows = rows;
    p->separator = ',';
    p->complete = rows == d->n;
    if (!p->names || !p->cells || !p->numeric || !p->missing)
        return -1;
    char text[64];
    for (int j = 0; j < columns; j++) {
        const char *name = j < d->dim ? d->feature_names[j] : "target";
        if (!(p->names[j] = copy_text(name)))
            return -1;
        p->numeric[j] = 1;
    }
    for (int i = 0; i < rows; i++) {
        char **row = p->cells + (size_t)i * (size_t)columns; /* (columns) */
        for (int j = 0; j < d->dim; j++) {
            snprintf(text, sizeof text, "%g", (double)d->x[(size_t)i * (size_t)d->dim + (size_t)j]);
            if (!(row[j] = copy_text(text)))
                return -1;
        }
        const char *label = d->class_names ? d->class_names[(int)d->y[i]] : NULL;
        snprintf(text, sizeof text, "%d", (int)d->y[i]);
        if (!(row[d->dim] = copy_text(label ? label : text)))
            return -1;
        p->numeric[d->dim] &= numeric_text(row[d->dim]);
    }
    return 0;
}

/* s->column and the default choice from the preview. */
static int set_columns(study *s)
{
    const nn_table_preview *p = &s->preview;
    s->columns = p->columns;
    s->column = calloc((size_t)p->columns, sizeof *s->column);
    s->choice.feature = calloc((size_t)p->columns, 1);
    if (!s->column || !s->choice.feature)
        return fail(s, "%s: out of memory", s->path);
    for (int j = 0; j < p->columns; j++)
        s->column[j] = (study_column){ p->names[j], p->numeric[j], p->missing[j] };
    s->choice.target = p->columns - 1;
    for (int j = 0; j < p->columns - 1; j++)
        s->choice.feature[j] = 1;
    if (s->builtin || p->complete || p->bytes_read <= 0)
        s->estimated_rows = s->builtin ? s->source.n : p->rows;
    else
        s->estimated_rows = (long)((double)p->rows * (double)p->file_size / (double)p->bytes_read);
    return 0;
}

int study_open(study *s, const char *path)
{
    release(s);
    live_begin(&s->live, STUDY_OPENING);
    if (!path || !*path)
        return fail(s, "no file given: drop a CSV file on the window, or type its path");
    if (!(s->path = copy_text(path)))
        return fail(s, "out of memory");
    s->builtin = study_is_builtin(path);
    if (s->builtin) {
        if (nn_load_builtin(&s->source, path) < 0)
            return fail_engine(s);
        if (preview_dataset(&s->preview, &s->source) < 0)
            return fail(s, "%s: out of memory", path);
    } else if (nn_preview_table(&s->preview, path, 0, STUDY_PREVIEW_ROWS) < 0) {
        return fail_engine(s);
    }
    if (set_columns(s) < 0)
        return -1;
    store_int(&s->live.stage, STUDY_DONE);
    return 0;
}

/* ---- loading -------------------------------------------------------------------------------- */

static int on_load_progress(long long done, long long total, void *user)
{
    study_live *live = user;
    __atomic_store_n(&live->bytes_total, total, __ATOMIC_RELAXED);
    __atomic_store_n(&live->bytes_read, done, __ATOMIC_RELAXED);
    return 0;
}

/* A built-in table's report: every column a number, nothing missing. */
static int numeric_report(nn_table_report *r, const nn_dataset *d)
{
    memset(r, 0, sizeof *r);
    r->rows_read = r->rows_kept = d->n;
    if (!(r->column = calloc((size_t)d->dim, sizeof *r->column)))
        return -1;
    r->columns = d->dim;
    for (int j = 0; j < d->dim; j++)
        if (!(r->column[j].name = copy_text(d->feature_names[j])))
            return -1;
    return 0;
}

/* The chosen features' names, in the file's order, NULL-terminated; NULL when none. */
static const char **chosen_names(const study *s, int *count)
{
    const char **names = calloc((size_t)s->columns + 1, sizeof *names);
    *count = 0;
    for (int j = 0; names && j < s->columns; j++)
        if (s->choice.feature[j] && j != s->choice.target)
            names[(*count)++] = s->column[j].name;
    return names;
}

static int load_builtin(study *s, const char *const *names, int count)
{
    if (s->choice.target != s->columns - 1)
        return fail(s, "%s: the built-in tables' class column is \"target\", not \"%s\"",
                    s->path, s->column[s->choice.target].name);
    if (nn_select_features(&s->data, &s->source, names, count) < 0)
        return fail_engine(s);
    if (numeric_report(&s->report, &s->data) < 0)
        return fail(s, "%s: out of memory", s->path);
    return 0;
}

static int load_csv(study *s, const char *const *names, const volatile int *cancel)
{
    nn_table_args a = {
        .target = s->column[s->choice.target].name,
        .features = names,
        .separator = s->preview.separator,
        .missing = s->choice.missing == STUDY_MISSING_DROP ? NN_MISSING_DROP : NN_MISSING_KEEP,
        .progress = on_load_progress,
        .user = &s->live,
        .cancel = cancel,
    };
    if (nn_load_table(&s->data, s->path, &a, &s->report) == 0)
        return 0;
    fail_engine(s);
    if (s->report.cancelled)
        store_int(&s->live.stage, STUDY_CANCELLED);
    return -1;
}

/* s->feature from the report: each loaded column's place in the file and in s->data. */
static int describe_features(study *s)
{
    const nn_table_report *r = &s->report;
    if (!(s->feature = calloc((size_t)r->columns + 1, sizeof *s->feature)))
        return fail(s, "out of memory");
    s->features = r->columns;
    for (int f = 0, first = 0; f < r->columns; f++) {
        const nn_column_report *c = &r->column[f];
        study_feature *out = &s->feature[f];
        out->name = c->name;
        out->column = -1;
        for (int j = 0; j < s->columns && out->column < 0; j++)
            if (c->name && strcmp(s->column[j].name, c->name) == 0)
                out->column = j;
        out->categorical = c->categorical;
        out->first = first;
        out->width = c->categorical ? c->categories : 1;
        out->missing = c->missing;
        first += out->width;
    }
    return 0;
}

static int write_notes(study *s)
{
    int len = nn_table_report_text(&s->report, NULL, 0);
    free(s->notes);
    if (!(s->notes = malloc((size_t)len + 1)))
        return fail(s, "out of memory");
    nn_table_report_text(&s->report, s->notes, (size_t)len + 1);
    return 0;
}

int study_load(study *s, const study_choice *c, const volatile int *cancel)
{
    if (s->columns < 2)
        return fail(s, "open a table with at least two columns first");
    if (c) {
        s->choice.target = c->target;
        s->choice.missing = c->missing;
        if (c->feature && c->feature != s->choice.feature)
            memcpy(s->choice.feature, c->feature, (size_t)s->columns);
    }
    forget_load(s);
    live_begin(&s->live, STUDY_LOADING);
    __atomic_store_n(&s->live.bytes_read, 0, __ATOMIC_RELAXED);
    __atomic_store_n(&s->live.bytes_total, s->preview.file_size, __ATOMIC_RELAXED);
    if (s->choice.target < 0 || s->choice.target >= s->columns)
        return fail(s, "target column %d: the table has columns 1 to %d", s->choice.target + 1,
                    s->columns);
    int count = 0;
    const char **names = chosen_names(s, &count);
    if (!names)
        return fail(s, "out of memory");
    int rc = 0;
    if (count == 0)
        rc = fail(s, "no feature column: choose at least one column besides the target \"%s\"",
                  s->column[s->choice.target].name);
    else if (s->builtin)
        rc = load_builtin(s, names, count);
    else
        rc = load_csv(s, names, cancel);
    free(names);
    if (rc == 0)
        rc = describe_features(s);
    if (rc == 0 && !(s->class_count = calloc((size_t)s->data.classes, sizeof *s->class_count)))
        rc = fail(s, "out of memory");
    for (int i = 0; rc == 0 && i < s->data.n; i++)
        s->class_count[(int)s->data.y[i]]++;
    if (rc == 0)
        rc = write_notes(s);
    if (rc < 0) {
        int stage = load_int(&s->live.stage);
        forget_load(s);
        store_int(&s->live.stage, stage);
        return -1;
    }
    s->loaded = 1;
    store_int(&s->live.stage, STUDY_DONE);
    return 0;
}

/* ---- the histogram -------------------------------------------------------------------------- */

int study_histogram(const study *s, int f, int bins, float *lo, float *hi, int *counts)
{
    if (!s->loaded || f < 0 || f >= s->features || bins < 1)
        return -1;
    const study_feature *feat = &s->feature[f];
    const nn_dataset *d = &s->data;
    if (feat->categorical && bins < feat->width)
        return -1;
    int used = feat->categorical ? feat->width : bins;
    memset(counts, 0, (size_t)d->classes * (size_t)used * sizeof *counts);
    float low = INFINITY, high = -INFINITY;
    for (int i = 0; i < d->n && !feat->categorical; i++) {
        float v = d->x[(size_t)i * (size_t)d->dim + (size_t)feat->first];
        low = isnan(v) ? low : fminf(low, v);
        high = isnan(v) ? high : fmaxf(high, v);
    }
    if (feat->categorical || low > high) { /* text, or every cell missing */
        low = 0.0f;
        high = feat->categorical ? (float)feat->width : 1.0f;
    } else if (low == high) { /* one value: numpy's histogram widens the range by 0.5 */
        low -= 0.5f;
        high += 0.5f;
    }
    for (int i = 0; i < d->n; i++) {
        const float *cell = d->x + (size_t)i * (size_t)d->dim + (size_t)feat->first; /* (width) */
        if (isnan(cell[0]))
            continue;
        int b = 0;
        if (feat->categorical)
            while (b < feat->width - 1 && cell[b] != 1.0f)
                b++;
        else
            b = (int)((double)(cell[0] - low) / ((double)high - (double)low) * used);
        b = b < 0 ? 0 : b >= used ? used - 1 : b; /* the last bin includes high */
        counts[(int)d->y[i] * used + b]++;
    }
    *lo = low;
    *hi = high;
    return used;
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
        return fail(s, "test size %g: a fraction between 0 and 1 is expected, such as 0.3",
                    (double)t->test_size);
    if (t->epochs < 1 || t->epochs > STUDY_MAX_EPOCHS)
        return fail(s, "%d epochs: 1 to %d", t->epochs, STUDY_MAX_EPOCHS);
    if (strcmp(t->scaler, "minmax") && strcmp(t->scaler, "standard") && strcmp(t->scaler, "none"))
        return fail(s, "scaler \"%s\": minmax, standard or none", t->scaler);
    return 0;
}

/* s->fill from the report's training fills: a row typed later is filled as the training rows
 * were. */
static int make_fill(study *s)
{
    if (!(s->fill = calloc((size_t)s->data.dim, sizeof *s->fill)))
        return fail(s, "out of memory");
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

int study_run(study *s, const study_settings *set, const volatile int *cancel)
{
    if (!s->loaded)
        return fail(s, "load the table first");
    forget_run(s);
    live_begin(&s->live, STUDY_TRAINING);
    __atomic_store_n(&s->live.epochs_done, 0, __ATOMIC_RELEASE);
    if (check_settings(s, set) < 0)
        return -1;
    const study_settings *t = &s->settings;
    if (study_split(&s->data, &s->report, t->test_size, t->seed, t->scaler, &s->train, &s->test,
                    &s->scaler) < 0)
        return fail_engine(s);
    if (s->train.n < s->data.classes) {
        fail(s, "%d training rows for %d classes: more classes than rows; lower the test size "
             "or use a larger table", s->train.n, s->data.classes);
        forget_run(s);
        return -1;
    }
    if (make_fill(s) < 0 || write_notes(s) < 0) {
        forget_run(s);
        return -1;
    }
    int count = study_model_count();
    for (int i = 0; i < count && !cancelled(cancel); i++) {
        store_int(&s->live.model, i);
        study_train_model(&s->model[i], i, &s->train, &s->test, t, &s->live, cancel);
        s->models = i + 1;
        store_int(&s->live.models_done, i + 1);
    }
    store_int(&s->live.model, -1);
    if (cancelled(cancel)) {
        snprintf(s->error, sizeof s->error, "cancelled after %d of %d models", s->models, count);
        store_int(&s->live.stage, STUDY_CANCELLED);
        return -1;
    }
    s->ran = 1;
    store_int(&s->live.stage, STUDY_DONE);
    return 0;
}

/* ---- a typed row ---------------------------------------------------------------------------- */

/* A number with '.' whatever the locale, nothing else: no "inf", "nan" or hexadecimal. */
static int parse_number(const char *text, float *out)
{
    if (!*text || strspn(text, "0123456789+-.eE") != strlen(text))
        return -1;
    char *end;
    double v = strtod(text, &end);
    if (*end || !isfinite(v) || fabs(v) > 3.4e38)
        return -1;
    *out = (float)v;
    return 0;
}

/* Appends " name" (", name" after the first) to msg, which holds *used characters; a list too
 * long for msg is cut. */
static void append_name(char *msg, size_t size, int *used, int i, const char *name)
{
    if (*used < 0 || (size_t)*used >= size)
        return;
    int n = snprintf(msg + *used, size - (size_t)*used, "%s %s", i ? "," : "", name);
    *used = n < 0 ? -1 : *used + n;
}

/* The category text of one-hot column j (its name past "feature_"). */
static const char *category_of(const study *s, const study_feature *feat, int j)
{
    const char *name = s->data.feature_names ? s->data.feature_names[j] : "?";
    size_t len = strlen(feat->name);
    return strncmp(name, feat->name, len) == 0 && name[len] == '_' ? name + len + 1 : name;
}

/* Field f's text into row's columns for that feature: a number, a one-hot category, or NaN. */
static int encode_field(const study *s, int f, const char *text, float *row, char *msg,
                        size_t size)
{
    const study_feature *feat = &s->feature[f];
    float *cell = row + feat->first; /* (width) */
    if (!*text || strcmp(text, "?") == 0) {
        for (int k = 0; k < feat->width; k++)
            cell[k] = NAN;
        return 0;
    }
    if (!feat->categorical) {
        if (parse_number(text, cell) == 0)
            return 0;
        snprintf(msg, size, "field %d (%s): \"%s\" is not a number", f + 1, feat->name, text);
        return -1;
    }
    int found = -1;
    for (int k = 0; k < feat->width; k++) {
        cell[k] = 0.0f;
        if (strcmp(category_of(s, feat, feat->first + k), text) == 0)
            found = k;
    }
    if (found >= 0) {
        cell[found] = 1.0f;
        return 0;
    }
    int used = snprintf(msg, size, "field %d (%s): \"%s\" is not one of its categories:", f + 1,
                        feat->name, text);
    for (int k = 0; k < feat->width; k++)
        append_name(msg, size, &used, k, category_of(s, feat, feat->first + k));
    return -1;
}

/* Splits text at commas into row (data.dim): every field encoded, trimmed of spaces. */
static int encode_row(const study *s, const char *text, float *row, char *msg, size_t size)
{
    int fields = 1;
    for (const char *p = text; *p; p++)
        fields += *p == ',';
    if (fields != s->features) {
        int used = snprintf(msg, size, "expected %d values, got %d: one for each feature, in "
                            "order:", s->features, fields);
        for (int f = 0; f < s->features; f++)
            append_name(msg, size, &used, f, s->feature[f].name);
        return -1;
    }
    char field[256];
    const char *p = text;
    for (int f = 0; f < s->features; f++) {
        size_t len = strcspn(p, ",");
        while (len > 0 && (*p == ' ' || *p == '\t')) {
            p++;
            len--;
        }
        size_t keep = len;
        while (keep > 0 && (p[keep - 1] == ' ' || p[keep - 1] == '\t'))
            keep--;
        if (keep >= sizeof field) {
            snprintf(msg, size, "field %d (%s): longer than %zu characters", f + 1,
                     s->feature[f].name, sizeof field - 1);
            return -1;
        }
        memcpy(field, p, keep);
        field[keep] = '\0';
        if (encode_field(s, f, field, row, msg, size) < 0)
            return -1;
        p += len + (p[len] == ',');
    }
    return 0;
}

/* Model m's answer for the encoded, scaled row. */
static int predict_one(const study *s, const study_model *m, const float *row, float *proba,
                       study_prediction *out)
{
    int classes = s->data.classes;
    float label = 0.0f, best = 0.0f;
    *out = (study_prediction){ .label = -1 };
    if (!m->trained)
        return 0;
    if (m->mlp && mlp_predict(m->mlp, row, 1, classes, &label, &best) < 0)
        return -1;
    if (m->classic && (nn_classifier_predict(m->classic, row, 1, &label) < 0 ||
                       nn_classifier_predict_proba(m->classic, row, 1, proba) < 0))
        return -1;
    out->label = (int)label;
    out->probability = m->classic ? proba[out->label] : best;
    out->class_name = s->data.class_names ? s->data.class_names[out->label] : NULL;
    return 0;
}

int study_predict_row(const study *s, const char *text, study_prediction *out, char *msg,
                      size_t msg_size)
{
    if (msg_size)
        msg[0] = '\0';
    if (!s->ran && s->models == 0) {
        snprintf(msg, msg_size, "train the models first");
        return -1;
    }
    int dim = s->data.dim;
    float *row = malloc((size_t)(dim + s->data.classes) * sizeof *row); /* (dim + classes) */
    if (!row) {
        snprintf(msg, msg_size, "out of memory");
        return -1;
    }
    float *proba = row + dim; /* (classes) */
    int rc = encode_row(s, text ? text : "", row, msg, msg_size);
    for (int j = 0; rc == 0 && j < dim; j++)
        row[j] = isnan(row[j]) ? s->fill[j] : row[j];
    nn_dataset one = { .n = 1, .dim = dim, .x = row };
    if (rc == 0 && s->scaler.dim > 0 && nn_scaler_transform(&s->scaler, &one) < 0)
        rc = -1;
    for (int i = 0; rc == 0 && i < s->models; i++)
        rc = predict_one(s, &s->model[i], row, proba, &out[i]);
    if (rc < 0 && msg_size && !msg[0])
        snprintf(msg, msg_size, "%s", nn_error());
    free(row);
    return rc;
}

/* ---- watching ------------------------------------------------------------------------------- */

void study_get_status(const study *s, study_status *out)
{
    const study_live *live = &s->live;
    out->stage = load_int(&live->stage);
    out->model = load_int(&live->model);
    out->models_done = load_int(&live->models_done);
    out->models = study_model_count();
    out->bytes_read = __atomic_load_n(&live->bytes_read, __ATOMIC_RELAXED);
    out->bytes_total = __atomic_load_n(&live->bytes_total, __ATOMIC_RELAXED);
    out->epoch = __atomic_load_n(&live->epochs_done, __ATOMIC_ACQUIRE);
    out->epochs = load_int(&live->epochs);
    out->loss = load_float(&live->batch_loss);
    out->accuracy = load_float(&live->batch_accuracy);
}

int study_get_history(const study *s, float *loss, float *accuracy, float *val_loss,
                      float *val_accuracy, int max)
{
    const study_live *live = &s->live;
    int n = __atomic_load_n(&live->epochs_done, __ATOMIC_ACQUIRE);
    n = n < max ? n : max;
    for (int e = 0; e < n; e++) {
        if (loss)
            loss[e] = load_float(&live->loss[e]);
        if (accuracy)
            accuracy[e] = load_float(&live->accuracy[e]);
        if (val_loss)
            val_loss[e] = load_float(&live->val_loss[e]);
        if (val_accuracy)
            val_accuracy[e] = load_float(&live->val_accuracy[e]);
    }
    return n;
}
