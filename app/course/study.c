/* study.c — the course's second exercise without SDL (study.h), its table: open and preview a
 * file or a built-in table, load it with the student's choice, draw a feature's histogram, say
 * what the loader did, and free it all. The models are study_run.c's, a typed row
 * study_predict.c's.
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

#include "study_internal.h"

/* ---- what the three files share -------------------------------------------------------------- */

/* Relaxed: the stage is a number for display; the UI reads the study's other fields only after
 * the join. */
void study_live_begin(study_live *live, int stage)
{
    atomic_store_explicit(&live->stage, stage, memory_order_relaxed);
    atomic_store_explicit(&live->model, -1, memory_order_relaxed);
    atomic_store_explicit(&live->models_done, 0, memory_order_relaxed);
}

int study_fail(study *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->error, sizeof s->error, fmt, ap);
    va_end(ap);
    atomic_store_explicit(&s->live.stage, STUDY_FAILED, memory_order_relaxed);
    return -1;
}

int study_fail_engine(study *s)
{
    return study_fail(s, "%s", nn_error());
}

int study_cancelled(const atomic_int *cancel)
{
    return cancel && atomic_load_explicit(cancel, memory_order_relaxed);
}

char *study_copy_text(const char *text)
{
    size_t len = strlen(text) + 1;
    char *copy = malloc(len);
    return copy ? memcpy(copy, text, len) : NULL;
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

/* Frees what study_load made (and study_run's part first): the opened table stays. */
static void forget_load(study *s)
{
    study_forget_run(s);
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
    memset(s, 0, sizeof *s); /* s->live too: no step runs, so no thread reads it any more */
}

/* ---- opening -------------------------------------------------------------------------------- */

int study_is_builtin(const char *name)
{
    static const char *const names[] = { "iris", "wine", "breast_cancer", "digits" };
    struct stat st;
    for (size_t i = 0; name && i < sizeof names / sizeof names[0]; i++)
        if (strcmp(name, names[i]) == 0)
            return stat(name, &st) != 0; /* a file of that name in the folder wins */
    return 0;
}

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
        if (!(p->names[j] = study_copy_text(name)))
            return -1;
        p->numeric[j] = 1;
    }
    for (int i = 0; i < rows; i++) {
        char **row = p->cells + (size_t)i * (size_t)columns; /* (columns) */
        for (int j = 0; j < d->dim; j++) {
            snprintf(text, sizeof text, "%g", (double)d->x[(size_t)i * (size_t)d->dim + (size_t)j]);
            if (!(row[j] = study_copy_text(text)))
                return -1;
        }
        const char *label = d->class_names ? d->class_names[(int)d->y[i]] : NULL;
        snprintf(text, sizeof text, "%d", (int)d->y[i]);
        if (!(row[d->dim] = study_copy_text(label ? label : text)))
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
        return study_fail(s, "%s: out of memory", s->path);
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
    study_live_begin(&s->live, STUDY_OPENING);
    if (!path || !*path)
        return study_fail(s, "no file given: drop a CSV file on the window, or type its path");
    if (!(s->path = study_copy_text(path)))
        return study_fail(s, "out of memory");
    s->builtin = study_is_builtin(path);
    if (s->builtin) {
        if (nn_load_builtin(&s->source, path) < 0)
            return study_fail_engine(s);
        if (preview_dataset(&s->preview, &s->source) < 0)
            return study_fail(s, "%s: out of memory", path);
    } else if (nn_preview_table(&s->preview, path, 0, STUDY_PREVIEW_ROWS) < 0) {
        return study_fail_engine(s);
    }
    if (set_columns(s) < 0)
        return -1;
    atomic_store_explicit(&s->live.stage, STUDY_DONE, memory_order_relaxed);
    return 0;
}

/* ---- loading -------------------------------------------------------------------------------- */

static int on_load_progress(long long done, long long total, void *user)
{
    study_live *live = user;
    atomic_store_explicit(&live->bytes_total, total, memory_order_relaxed);
    atomic_store_explicit(&live->bytes_read, done, memory_order_relaxed);
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
        if (!(r->column[j].name = study_copy_text(d->feature_names[j])))
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
        return study_fail(s, "%s: the built-in tables' class column is \"target\", not \"%s\"",
                          s->path, s->column[s->choice.target].name);
    if (nn_select_features(&s->data, &s->source, names, count) < 0)
        return study_fail_engine(s);
    if (numeric_report(&s->report, &s->data) < 0)
        return study_fail(s, "%s: out of memory", s->path);
    return 0;
}

static int load_csv(study *s, const char *const *names, const atomic_int *cancel)
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
    study_fail_engine(s);
    if (s->report.cancelled)
        atomic_store_explicit(&s->live.stage, STUDY_CANCELLED, memory_order_relaxed);
    return -1;
}

/* s->feature from the report: each loaded column's place in the file and in s->data. */
static int describe_features(study *s)
{
    const nn_table_report *r = &s->report;
    if (!(s->feature = calloc((size_t)r->columns + 1, sizeof *s->feature)))
        return study_fail(s, "out of memory");
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

int study_write_notes(study *s)
{
    int len = nn_table_report_text(&s->report, NULL, 0);
    free(s->notes);
    if (!(s->notes = malloc((size_t)len + 1)))
        return study_fail(s, "out of memory");
    nn_table_report_text(&s->report, s->notes, (size_t)len + 1);
    return 0;
}

int study_load(study *s, const study_choice *c, const atomic_int *cancel)
{
    if (s->columns < 2)
        return study_fail(s, "open a table with at least two columns first");
    if (c) {
        s->choice.target = c->target;
        s->choice.missing = c->missing;
        if (c->feature && c->feature != s->choice.feature)
            memcpy(s->choice.feature, c->feature, (size_t)s->columns);
    }
    forget_load(s);
    study_live_begin(&s->live, STUDY_LOADING);
    atomic_store_explicit(&s->live.bytes_read, 0, memory_order_relaxed);
    atomic_store_explicit(&s->live.bytes_total, s->preview.file_size, memory_order_relaxed);
    if (s->choice.target < 0 || s->choice.target >= s->columns)
        return study_fail(s, "target column %d: the table has columns 1 to %d",
                          s->choice.target + 1, s->columns);
    int count = 0;
    const char **names = chosen_names(s, &count);
    if (!names)
        return study_fail(s, "out of memory");
    int rc = 0;
    if (count == 0)
        rc = study_fail(s, "no feature column: choose at least one column besides the target "
                        "\"%s\"", s->column[s->choice.target].name);
    else if (s->builtin)
        rc = load_builtin(s, names, count);
    else
        rc = load_csv(s, names, cancel);
    free(names);
    if (rc == 0)
        rc = describe_features(s);
    if (rc == 0 && !(s->class_count = calloc((size_t)s->data.classes, sizeof *s->class_count)))
        rc = study_fail(s, "out of memory");
    for (int i = 0; rc == 0 && i < s->data.n; i++)
        s->class_count[(int)s->data.y[i]]++;
    if (rc == 0)
        rc = study_write_notes(s);
    if (rc < 0) {
        int stage = atomic_load_explicit(&s->live.stage, memory_order_relaxed);
        forget_load(s);
        atomic_store_explicit(&s->live.stage, stage, memory_order_relaxed);
        return -1;
    }
    s->loaded = 1;
    atomic_store_explicit(&s->live.stage, STUDY_DONE, memory_order_relaxed);
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

