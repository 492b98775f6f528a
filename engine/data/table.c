/* table.c — the end of a CSV load: the rows read by csv.c become a dataset. Missing values are
 * imputed, kept as NaN or their rows dropped, text columns are one-hot encoded, and the target's labels
 * become classes, as scikit-learn's SimpleImputer, OneHotEncoder and LabelEncoder would do
 * them. The report that tells the student what was done is filled here too. */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../internal.h"
#include "data.h"
#include "table.h"

/* A text column with more categories than this, and more than one per two rows, is taken for
 * an identifier or free text: one-hot columns that each hold a row or two teach nothing. */
#define IDENTIFIER_MIN_CATEGORIES 10

/* What finishing found out about one feature column. */
typedef struct column_plan {
    int categorical;
    int width;          /* columns in the dataset: 1, or the categories present */
    int *rank;          /* (categories.count) each text's one-hot column, sorted; -1 if absent */
    long *count;        /* (categories.count) rows holding each text, after dropping */
    float fill;         /* what a missing cell becomes: the mean, or the most frequent text's id */
    double mean;
} column_plan;

/* ---- checks and missing values -------------------------------------------------------------- */

static const char *column_name(const csv_table *t, int j)
{
    return t->names[t->col[j].field];
}

static int check_columns(const csv_table *t)
{
    if (t->rows == 0 && t->missing_target > 0)
        return nn_fail("%s: the target \"%s\" is missing in every one of the %ld rows",
                       t->path, t->names[t->target], t->rows_read);
    if (t->rows == 0)
        return nn_fail("%s:%ld: the header is followed by no data rows", t->path,
                       t->header_line);
    for (int j = 0; j < t->dim; j++)
        if (t->col[j].numbers == 0 && t->col[j].texts == 0)
            return nn_fail("%s: column %d \"%s\": every cell is empty or missing: there is "
                           "nothing to learn from it; leave it out", t->path,
                           t->col[j].field + 1, column_name(t, j));
    return 0;
}

/* NN_MISSING_DROP: moves the complete rows to the front. */
static int drop_incomplete_rows(csv_table *t, nn_table_report *report)
{
    size_t dim = (size_t)t->dim;
    int kept = 0;
    for (int i = 0; i < t->rows; i++) {
        const float *row = t->x + (size_t)i * dim; /* (dim) */
        int complete = 1;
        for (size_t j = 0; j < dim && complete; j++)
            complete = !isnan(row[j]);
        if (!complete)
            continue;
        if (kept != i) {
            memmove(t->x + (size_t)kept * dim, row, dim * sizeof *row);
            t->label[kept] = t->label[i];
        }
        kept++;
    }
    if (report)
        report->dropped = t->rows - kept;
    if (kept == 0)
        return nn_fail("%s: every one of the %d rows has a missing value, so dropping them "
                       "leaves nothing: impute the missing values instead, or leave out the "
                       "columns that have most", t->path, t->rows);
    t->rows = kept;
    return 0;
}

/* ---- column plans --------------------------------------------------------------------------- */

/* qsort has no context argument: the set being sorted, per thread, since two threads may load
 * two files at once */
static _Thread_local const text_set *sort_set;

static int compare_ids(const void *a, const void *b)
{
    return strcmp(text_set_get(sort_set, *(const int *)a), text_set_get(sort_set, *(const int *)b));
}

/* The categories present after dropping, sorted as OneHotEncoder sorts them, and the most
 * frequent one (SimpleImputer's most_frequent: the smallest in sorted order on a tie). */
static int plan_categories(const csv_table *t, int j, column_plan *p)
{
    const text_set *set = &t->col[j].categories;
    int count = set->count;
    p->rank = malloc((size_t)count * sizeof *p->rank);
    p->count = calloc((size_t)count, sizeof *p->count);
    int *order = malloc((size_t)count * sizeof *order); /* (count) ids present, sorted */
    if (!p->rank || !p->count || !order) {
        free(order);
        return nn_fail("%s: out of memory", t->path);
    }
    for (int i = 0; i < t->rows; i++) {
        float v = t->x[(size_t)i * (size_t)t->dim + (size_t)j];
        if (!isnan(v))
            p->count[(int)v]++;
    }
    int present = 0;
    for (int id = 0; id < count; id++)
        if (p->count[id] > 0)
            order[present++] = id;
    sort_set = set;
    qsort(order, (size_t)present, sizeof *order, compare_ids);
    sort_set = NULL;
    int mode = order[0];
    for (int id = 0; id < count; id++)
        p->rank[id] = -1;
    for (int r = 0; r < present; r++) {
        p->rank[order[r]] = r;
        if (p->count[order[r]] > p->count[mode])
            mode = order[r];
    }
    free(order);
    p->categorical = 1;
    p->width = present;
    p->fill = (float)mode;
    if (present > IDENTIFIER_MIN_CATEGORIES && (long)present * 2 > t->rows)
        return nn_fail("%s: column %d \"%s\": %d different texts in %d rows: this looks like an "
                       "identifier or free text, not a category, and one-hot encoding it would "
                       "teach nothing; leave the column out", t->path, t->col[j].field + 1,
                       column_name(t, j), present, t->rows);
    return 0;
}

static void plan_numbers(const csv_table *t, int j, column_plan *p)
{
    long seen;
    p->width = 1;
    p->mean = data_column_mean(t->x, t->rows, t->dim, j, &seen);
    p->fill = (float)p->mean;
}

static void free_plans(column_plan *plan, int dim)
{
    for (int j = 0; plan && j < dim; j++) {
        free(plan[j].rank);
        free(plan[j].count);
    }
    free(plan);
}

/* ---- the dataset ---------------------------------------------------------------------------- */

static char *feature_name(const char *column, const char *category)
{
    size_t len = strlen(column) + strlen(category) + 2;
    char *name = malloc(len);
    if (!name)
        return nn_fail_null("out of memory");
    snprintf(name, len, "%s_%s", column, category); /* OneHotEncoder's "sex_female" */
    return name;
}

static int name_features(nn_dataset *d, const csv_table *t, const column_plan *plan)
{
    if (!(d->feature_names = data_new_names(d->dim)))
        return -1;
    int k = 0;
    for (int j = 0; j < t->dim; j++) {
        const text_set *set = &t->col[j].categories;
        if (!plan[j].categorical) {
            if (!(d->feature_names[k++] = data_strdup(column_name(t, j))))
                return -1;
            continue;
        }
        for (int id = 0; id < set->count; id++) {
            int r = plan[j].rank[id];
            if (r >= 0 &&
                !(d->feature_names[k + r] = feature_name(column_name(t, j), text_set_get(set, id))))
                return -1;
        }
        k += plan[j].width;
    }
    return 0;
}

/* d->x from t->x: numbers as they are, missing cells filled (or NaN, NN_MISSING_KEEP),
 * categories as one-hot columns (a missing one NaN in each). Without categories the table's own
 * array is handed over, so the matrix exists once. */
static int make_features(nn_dataset *d, csv_table *t, const column_plan *plan)
{
    size_t dim = (size_t)t->dim, rows = (size_t)t->rows;
    int width = 0, categorical = 0;
    for (size_t j = 0; j < dim; j++) {
        width += plan[j].width;
        categorical |= plan[j].categorical;
    }
    int keep = t->missing == NN_MISSING_KEEP;
    if (!categorical) {
        for (size_t i = 0; i < rows * dim && !keep; i++)
            if (isnan(t->x[i]))
                t->x[i] = plan[i % dim].fill;
        float *x = realloc(t->x, rows * dim * sizeof *x); /* shrink to the rows kept */
        d->x = x ? x : t->x;
        t->x = NULL;
    } else {
        if (rows > SIZE_MAX / sizeof(float) / (size_t)width)
            return nn_fail("%s: %zu rows of %d one-hot columns: too large", t->path, rows, width);
        if (!(d->x = calloc(rows * (size_t)width, sizeof *d->x)))
            return nn_fail("%s: out of memory for %zu rows of %d columns", t->path, rows, width);
        for (size_t i = 0; i < rows; i++) {
            const float *in = t->x + i * dim;           /* (dim) */
            float *out = d->x + i * (size_t)width;      /* (width) */
            for (size_t j = 0; j < dim; j++) {
                float v = isnan(in[j]) && !keep ? plan[j].fill : in[j];
                if (plan[j].categorical && isnan(v))
                    for (int k = 0; k < plan[j].width; k++)
                        out[k] = NAN;
                else if (plan[j].categorical)
                    out[plan[j].rank[(int)v]] = 1.0f;
                else
                    out[0] = v;
                out += plan[j].width;
            }
        }
        free(t->x);
        t->x = NULL;
    }
    d->n = t->rows;
    d->dim = width;
    d->ndim = 1;
    d->shape[0] = width;
    return name_features(d, t, plan);
}

/* ---- classes -------------------------------------------------------------------------------- */

typedef struct label_key { double value; int id; long first; } label_key;

static _Thread_local const text_set *label_set; /* as sort_set, for compare_label_texts */

static int compare_label_values(const void *a, const void *b)
{
    const label_key *p = a, *q = b;
    if (p->value != q->value)
        return p->value < q->value ? -1 : 1;
    return p->first < q->first ? -1 : p->first > q->first;
}

static int compare_label_texts(const void *a, const void *b)
{
    const label_key *p = a, *q = b;
    return strcmp(text_set_get(label_set, p->id), text_set_get(label_set, q->id));
}

/* Gives each distinct label its index in sorted order, as LabelEncoder: numbers in increasing
 * order ("2" before "10", and "1" and "1.0" one class), texts in byte order. The name of each
 * class is the text of its first row. */
static int encode_classes(nn_dataset *d, const csv_table *t)
{
    const text_set *set = &t->labels;
    label_key *keys = malloc((size_t)set->count * sizeof *keys);  /* (count) */
    int *class_of = malloc((size_t)set->count * sizeof *class_of); /* (count) */
    char *present = calloc((size_t)set->count, 1);                 /* (count) */
    if (!keys || !class_of || !present) {
        free(keys);
        free(class_of);
        free(present);
        return nn_fail("%s: out of memory", t->path);
    }
    for (int i = 0; i < t->rows; i++)
        present[(int)t->label[i]] = 1;
    int count = 0, numeric = 1;
    for (int id = 0; id < set->count; id++) {
        if (!present[id])
            continue; /* only in rows dropped for a missing feature */
        float v = 0.0f;
        numeric &= parse_float(text_set_get(set, id), &v, t->comma) == 0;
        keys[count++] = (label_key){ v, id, set->first[id] };
    }
    label_set = set;
    qsort(keys, (size_t)count, sizeof *keys, numeric ? compare_label_values : compare_label_texts);
    label_set = NULL;
    int classes = 0;
    for (int k = 0; k < count; k++) {
        classes += !(numeric && k > 0 && keys[k].value == keys[k - 1].value);
        class_of[keys[k].id] = classes - 1;
    }
    int rc = 0;
    d->classes = classes;
    if (!(d->class_names = data_new_names(classes)))
        rc = -1;
    for (int k = 0, c = -1; rc == 0 && k < count; k++) {
        if (class_of[keys[k].id] == c)
            continue;
        c = class_of[keys[k].id];
        if (!(d->class_names[c] = data_strdup(text_set_get(set, keys[k].id))))
            rc = -1;
    }
    for (int i = 0; rc == 0 && i < t->rows; i++)
        t->label[i] = (float)class_of[(int)t->label[i]]; /* the label array becomes y */
    free(keys);
    free(class_of);
    free(present);
    return rc;
}

/* A table for classifiers needs two classes, and rows enough to see each in training and test. */
static int check_classes(const nn_dataset *d, const csv_table *t)
{
    if (d->classes < 2)
        return nn_fail("%s: column %d \"%s\": every row has the class \"%s\": a classifier needs "
                       "at least two classes to tell apart", t->path, t->target + 1,
                       d->target_name, d->class_names[0]);
    if ((long)d->classes * 2 > d->n)
        return nn_fail("%s: column %d \"%s\": %d classes for %d rows: fewer than two rows per "
                       "class, too few to both train and test each one (is \"%s\" a measurement "
                       "or an identifier rather than a category?)", t->path, t->target + 1,
                       d->target_name, d->classes, d->n, d->target_name);
    return 0;
}

static int make_target(nn_dataset *d, csv_table *t)
{
    if (!(d->target_name = data_strdup(t->names[t->target])))
        return -1;
    if (t->regression) {
        float *y = realloc(t->value, (size_t)t->rows * sizeof *y);
        d->y = y ? y : t->value;
        t->value = NULL;
        return 0;
    }
    if (encode_classes(d, t) < 0)
        return -1;
    float *y = realloc(t->label, (size_t)t->rows * sizeof *y); /* shrink to the rows kept */
    d->y = y ? y : t->label;
    t->label = NULL;
    return t->strict ? 0 : check_classes(d, t);
}

/* ---- the report ----------------------------------------------------------------------------- */

void nn_table_report_free(nn_table_report *r)
{
    if (!r)
        return;
    for (int j = 0; r->column && j < r->columns; j++) {
        free(r->column[j].name);
        free(r->column[j].fill_text);
    }
    free(r->column);
    memset(r, 0, sizeof *r);
}

int table_report(const csv_table *t, nn_table_report *report)
{
    long dropped = report->dropped;
    nn_table_report_free(report);
    report->rows_read = t->rows_read;
    report->rows_kept = t->rows;
    report->missing_target = t->missing_target;
    report->dropped = dropped;
    if (t->dim == 0 || !t->col)
        return 0;
    /* no nn_fail here: on a failed load the loader's message must survive */
    if (!(report->column = calloc((size_t)t->dim, sizeof *report->column)))
        return -1;
    report->columns = t->dim;
    for (int j = 0; j < t->dim; j++) {
        nn_column_report *c = &report->column[j];
        const char *name = column_name(t, j);
        if ((c->name = malloc(strlen(name) + 1)))
            strcpy(c->name, name);
        c->missing = t->col[j].missing;
        c->categorical = t->col[j].texts > 0;
    }
    return 0;
}

/* The report's part that only finishing knows: fills and one-hot widths. */
static void report_plans(nn_table_report *report, const csv_table *t, const column_plan *plan)
{
    for (int j = 0; report->column && j < t->dim; j++) {
        nn_column_report *c = &report->column[j];
        c->categories = plan[j].categorical ? plan[j].width : 0;
        if (t->missing == NN_MISSING_KEEP)
            report->kept_missing += c->missing;
        if (t->missing != NN_MISSING_IMPUTE || c->missing == 0)
            continue;
        c->imputed = c->missing;
        report->imputed += c->missing;
        if (!plan[j].categorical) {
            c->fill = plan[j].mean;
            continue;
        }
        const char *text = text_set_get(&t->col[j].categories, (int)plan[j].fill);
        c->fill_category = plan[j].rank[(int)plan[j].fill];
        if ((c->fill_text = malloc(strlen(text) + 1)))
            strcpy(c->fill_text, text);
    }
    report->rows_kept = t->rows;
}

/* snprintf that appends at *used and keeps counting past size, as snprintf does. */
static void append(char *out, size_t size, size_t *used, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(*used < size ? out + *used : NULL, *used < size ? size - *used : 0, fmt, ap);
    va_end(ap);
    if (n > 0)
        *used += (size_t)n;
}

int nn_table_report_text(const nn_table_report *r, char *out, size_t size)
{
    size_t used = 0;
    if (out && size)
        out[0] = '\0';
    if (!r)
        return 0;
    if (r->cancelled)
        append(out, size, &used, "cancelled after %ld rows\n", r->rows_read);
    if (r->missing_target)
        append(out, size, &used, "%ld of the %ld rows %s no target and %s left out\n",
               r->missing_target, r->rows_read, r->missing_target == 1 ? "has" : "have",
               r->missing_target == 1 ? "was" : "were");
    if (r->dropped)
        append(out, size, &used, "%ld %s with a missing value %s left out (dropna), %ld "
               "remain\n", r->dropped, r->dropped == 1 ? "row" : "rows",
               r->dropped == 1 ? "was" : "were", r->rows_kept);
    for (int j = 0; r->column && j < r->columns; j++) {
        const nn_column_report *c = &r->column[j];
        const char *name = c->name ? c->name : "?";
        const char *values = c->imputed == 1 || (!c->imputed && c->missing == 1) ? "value"
                                                                                 : "values";
        const char *of = r->train_fills ? " of the training rows" : "";
        if (c->imputed && c->fill_default && c->fill_text)
            append(out, size, &used, "%s: %ld missing %s replaced by its first category, "
                   "\"%s\": no training row has a value\n", name, c->imputed, values,
                   c->fill_text);
        else if (c->imputed && c->fill_default)
            append(out, size, &used, "%s: %ld missing %s replaced by 0: no training row has a "
                   "value\n", name, c->imputed, values);
        else if (c->imputed && c->fill_text)
            append(out, size, &used, "%s: %ld missing %s replaced by the most frequent value%s, "
                   "\"%s\"\n", name, c->imputed, values, of, c->fill_text);
        else if (c->imputed)
            append(out, size, &used, "%s: %ld missing %s replaced by the mean%s, %.4g\n", name,
                   c->imputed, values, of, c->fill);
        else if (c->missing && (r->dropped || r->kept_missing))
            append(out, size, &used, "%s: %ld missing %s\n", name, c->missing, values);
        if (c->categories)
            append(out, size, &used, "%s: text, one-hot encoded into %d columns\n", name,
                   c->categories);
    }
    return (int)used;
}

/* ---- finishing ------------------------------------------------------------------------------ */

int table_finish(nn_dataset *d, csv_table *t, nn_table_report *report)
{
    if (check_columns(t) < 0)
        return -1;
    if (report)
        table_report(t, report);
    if (t->missing == NN_MISSING_DROP && drop_incomplete_rows(t, report) < 0)
        return -1;
    column_plan *plan = calloc((size_t)t->dim, sizeof *plan); /* (dim) */
    if (!plan)
        return nn_fail("%s: out of memory", t->path);
    int rc = 0;
    for (int j = 0; rc == 0 && j < t->dim; j++) {
        if (t->col[j].texts > 0)
            rc = plan_categories(t, j, &plan[j]);
        else
            plan_numbers(t, j, &plan[j]);
    }
    if (rc == 0 && report)
        report_plans(report, t, plan);
    if (rc == 0)
        rc = make_features(d, t, plan);
    if (rc == 0)
        rc = make_target(d, t);
    free_plans(plan, t->dim);
    return rc;
}
