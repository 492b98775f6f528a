/* csv.c — nn_load_csv: a table with a header row becomes features x and a target y.
 *
 * The rows are read one record at a time and appended to growing arrays; the target column is
 * kept as text until the end, because whether it holds numbers or names is only known once
 * every row has been seen. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../internal.h"
#include "data.h"

/* The table while it is being read. */
typedef struct csv_table {
    const char *path;
    long header_line;       /* 1 unless blank lines come first */
    int columns;            /* fields in the header */
    int target;             /* index of the target column in the header */
    char **names;           /* (columns) header names, trimmed */
    int rows, cap;          /* rows read, rows allocated */
    float *x;               /* (cap, columns - 1) */
    float *value;           /* (cap) the target as a number, while every target is one */
    size_t *label_at;       /* (cap) where each row's target text starts in labels */
    char *labels;           /* (labels_cap) the target texts, each ending in '\0' */
    size_t labels_len, labels_cap;
    int comma;              /* ',' is a decimal point too: the separator is ';' */
    int numeric;            /* 1 while every target parsed as a number */
    long first_text_line;   /* where the first non-numeric target is, for the message */
} csv_table;

/* ---- the header ----------------------------------------------------------------------------- */

/* A copy of s without the spaces around it: "age, sex" names the column "sex". */
static char *trimmed_copy(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t len = strlen(s);
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    char *copy = malloc(len + 1);
    if (!copy)
        return nn_fail_null("out of memory");
    memcpy(copy, s, len);
    copy[len] = '\0';
    return copy;
}

/* "a, b, c" (shortened when long), for the message about a missing target; size >= 4. */
static void list_columns(const csv_table *t, char *out, size_t size)
{
    size_t used = 0;
    out[0] = '\0';
    for (int i = 0; i < t->columns && used + 1 < size; i++) {
        int n = snprintf(out + used, size - used, "%s%s", i ? ", " : "", t->names[i]);
        if (n < 0 || (size_t)n >= size - used) {
            memcpy(out + size - 4, "...", 4); /* cut: say so */
            return;
        }
        used += (size_t)n;
    }
}

static int find_target(csv_table *t, const char *target)
{
    if (!target) {
        t->target = t->columns - 1;
        return 0;
    }
    for (int i = 0; i < t->columns; i++)
        if (strcmp(t->names[i], target) == 0) {
            t->target = i;
            return 0;
        }
    char list[512];
    list_columns(t, list, sizeof list);
    return nn_fail("%s:%ld: no column named \"%s\" for the target (columns: %s)",
                   t->path, t->header_line, target, list);
}

static int read_header(csv_reader *r, csv_table *t, const char *target)
{
    int got = csv_next(r);
    if (got < 0)
        return -1;
    if (got == 0)
        return nn_fail("%s: the file is empty: a header row is expected on line 1", t->path);
    t->header_line = r->record_line;
    t->columns = r->fields;
    if (!(t->names = data_new_names(t->columns)))
        return -1;
    for (int i = 0; i < t->columns; i++)
        if (!(t->names[i] = trimmed_copy(csv_field(r, i))))
            return -1;
    if (t->columns < 2)
        return nn_fail("%s:%ld: the header has one column: a feature column and a target "
                       "column are needed (is the separator '%c' right?)",
                       t->path, r->record_line, r->sep);
    r->names = t->names;
    r->columns = t->columns;
    /* a French spreadsheet writes "1,5;2,5": with ';' between fields, ',' is free to be the
     * decimal point */
    t->comma = r->sep == ';';
    return find_target(t, target);
}

/* ---- the rows ------------------------------------------------------------------------------- */

static int grow_rows(csv_table *t)
{
    size_t dim = (size_t)t->columns - 1;
    if (t->cap > INT32_MAX / 2 || (size_t)t->cap * 2 > SIZE_MAX / sizeof(float) / dim)
        return nn_fail("%s: too many rows", t->path);
    int cap = t->cap ? t->cap * 2 : 256;
    float *x = realloc(t->x, (size_t)cap * dim * sizeof *x);
    if (x)
        t->x = x;
    float *value = realloc(t->value, (size_t)cap * sizeof *value);
    if (value)
        t->value = value;
    size_t *label_at = realloc(t->label_at, (size_t)cap * sizeof *label_at);
    if (label_at)
        t->label_at = label_at;
    if (!x || !value || !label_at)
        return nn_fail("%s: out of memory after %d rows", t->path, t->rows);
    t->cap = cap;
    return 0;
}

static int keep_label(csv_table *t, const char *text)
{
    size_t len = strlen(text) + 1;
    if (t->labels_len + len > t->labels_cap) {
        size_t cap = t->labels_cap ? t->labels_cap : 4096;
        while (cap < t->labels_len + len)
            cap *= 2;
        char *labels = realloc(t->labels, cap);
        if (!labels)
            return nn_fail("%s: out of memory after %d rows", t->path, t->rows);
        t->labels = labels;
        t->labels_cap = cap;
    }
    t->label_at[t->rows] = t->labels_len;
    memcpy(t->labels + t->labels_len, text, len);
    t->labels_len += len;
    return 0;
}

static int check_field_count(const csv_reader *r, const csv_table *t)
{
    char column[CSV_COLUMN_LABEL];
    if (r->fields < t->columns)
        return nn_fail("%s:%ld: %s is missing: the row has %d fields, the header %d",
                       t->path, r->record_line,
                       csv_column_label(r, r->fields, column, sizeof column),
                       r->fields, t->columns);
    if (r->fields > t->columns)
        return nn_fail("%s:%ld: %s: extra field \"%.40s\": the header has %d columns",
                       t->path, r->field_line[t->columns],
                       csv_column_label(r, t->columns, column, sizeof column),
                       csv_field(r, t->columns), t->columns);
    return 0;
}

/* The number in field i, or a message naming the cell. */
static int cell_number(const csv_reader *r, const csv_table *t, int i, float *out)
{
    const char *text = csv_field(r, i);
    char column[CSV_COLUMN_LABEL];
    csv_column_label(r, i, column, sizeof column);
    if (is_blank(text))
        return nn_fail("%s:%ld: %s: empty cell (missing value)",
                       t->path, r->field_line[i], column);
    int rc = parse_float(text, out, t->comma);
    if (rc == -2)
        return nn_fail("%s:%ld: %s: \"%.40s\" is too large for a float",
                       t->path, r->field_line[i], column, text);
    if (rc < 0)
        return nn_fail("%s:%ld: %s: \"%.40s\" is not a number", t->path, r->field_line[i],
                       column, text);
    return 0;
}

static int read_row(const csv_reader *r, csv_table *t)
{
    if (check_field_count(r, t) < 0)
        return -1;
    if (t->rows == t->cap && grow_rows(t) < 0)
        return -1;
    float *row = t->x + (size_t)t->rows * (size_t)(t->columns - 1); /* (columns - 1) */
    for (int i = 0, j = 0; i < t->columns; i++) {
        if (i != t->target && cell_number(r, t, i, &row[j++]) < 0)
            return -1;
    }
    const char *label = csv_field(r, t->target);
    if (is_blank(label)) {
        char column[CSV_COLUMN_LABEL];
        return nn_fail("%s:%ld: %s: empty cell (missing target)", t->path,
                       r->field_line[t->target],
                       csv_column_label(r, t->target, column, sizeof column));
    }
    if (t->numeric && parse_float(label, &t->value[t->rows], t->comma) < 0) {
        t->numeric = 0;
        t->first_text_line = r->field_line[t->target];
    }
    if (keep_label(t, label) < 0)
        return -1;
    t->rows++;
    return 0;
}

/* ---- classes -------------------------------------------------------------------------------- */

typedef struct label_key { float value; const char *text; int row; } label_key;

static int compare_values(const void *a, const void *b)
{
    const label_key *p = a, *q = b;
    if (p->value != q->value)
        return p->value < q->value ? -1 : 1;
    return p->row - q->row;
}

static int compare_texts(const void *a, const void *b)
{
    const label_key *p = a, *q = b;
    int c = strcmp(p->text, q->text);
    return c ? c : p->row - q->row;
}

/* Gives each distinct label its index in sorted order, as scikit-learn's LabelEncoder: numbers
 * in increasing order, texts in byte order (so "setosa" < "versicolor" < "virginica"). The name
 * of each class is the text of its first row. */
static int encode_classes(nn_dataset *d, const csv_table *t)
{
    label_key *keys = malloc((size_t)t->rows * sizeof *keys); /* (rows) */
    if (!keys)
        return nn_fail("%s: out of memory", t->path);
    for (int i = 0; i < t->rows; i++)
        keys[i] = (label_key){ t->numeric ? t->value[i] : 0.0f, t->labels + t->label_at[i], i };
    qsort(keys, (size_t)t->rows, sizeof *keys, t->numeric ? compare_values : compare_texts);

    int classes = 0;
    for (int i = 0; i < t->rows; i++) {
        int same = i > 0 && (t->numeric ? keys[i].value == keys[i - 1].value
                                        : strcmp(keys[i].text, keys[i - 1].text) == 0);
        classes += !same;
        d->y[keys[i].row] = (float)(classes - 1);
    }
    d->classes = classes;
    d->class_names = data_new_names(classes);
    for (int i = 0, c = -1; d->class_names && i < t->rows; i++) {
        if ((int)d->y[keys[i].row] == c)
            continue;
        c = (int)d->y[keys[i].row];
        if (!(d->class_names[c] = data_strdup(keys[i].text))) {
            free(keys);
            return -1;
        }
    }
    free(keys);
    return d->class_names ? 0 : -1;
}

static int make_target(nn_dataset *d, const csv_table *t, int regression)
{
    if (!regression)
        return encode_classes(d, t);
    if (!t->numeric) {
        int i = 0;
        float unused;
        while (parse_float(t->labels + t->label_at[i], &unused, t->comma) == 0)
            i++;
        return nn_fail("%s:%ld: column %d \"%s\": \"%.40s\" is not a number, and a regression "
                       "target must be", t->path, t->first_text_line, t->target + 1,
                       d->target_name, t->labels + t->label_at[i]);
    }
    memcpy(d->y, t->value, (size_t)t->rows * sizeof *d->y);
    return 0;
}

/* ---- the loader ----------------------------------------------------------------------------- */

/* Moves the table's rows and names into d. */
static int make_dataset(nn_dataset *d, csv_table *t, int regression)
{
    int dim = t->columns - 1;
    if (data_alloc(d, t->rows, dim) < 0)
        return -1;
    memcpy(d->x, t->x, (size_t)t->rows * (size_t)dim * sizeof *d->x);
    if (!(d->feature_names = data_new_names(dim)))
        return -1;
    for (int i = 0, j = 0; i < t->columns; i++) {
        if (i == t->target)
            d->target_name = t->names[i];
        else
            d->feature_names[j++] = t->names[i];
        t->names[i] = NULL;
    }
    return make_target(d, t, regression);
}

static void free_table(csv_table *t)
{
    data_free_names(t->names, t->columns);
    free(t->x);
    free(t->value);
    free(t->label_at);
    free(t->labels);
}

int nn_load_csv(nn_dataset *d, const char *path, const nn_csv_args *a)
{
    static const nn_csv_args defaults;
    if (!a)
        a = &defaults;
    memset(d, 0, sizeof *d);
    if (!path)
        return nn_fail("load_csv: no path");

    csv_reader r;
    if (csv_open(&r, path, a->separator) < 0)
        return -1;
    csv_table t = { .path = path, .numeric = 1 };
    int rc = read_header(&r, &t, a->target);
    int got = 0;
    while (rc == 0 && (got = csv_next(&r)) == 1)
        rc = read_row(&r, &t);
    if (rc == 0 && got < 0)
        rc = -1;
    if (rc == 0 && t.rows == 0)
        rc = nn_fail("%s:%ld: the header is followed by no data rows", path, t.header_line);
    if (rc == 0)
        rc = make_dataset(d, &t, a->regression);
    csv_close(&r);
    free_table(&t);
    if (rc < 0)
        nn_dataset_free(d);
    return rc;
}
