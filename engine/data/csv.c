/* csv.c — nn_load_csv and nn_load_table: a table with a header row becomes features x and a
 * target y.
 *
 * The rows are streamed one record at a time, and each kept cell becomes one float at once: a
 * number, the id of a text among its column's texts, or NaN when missing. Whether a column holds
 * numbers or categories, and whether the target's labels are numbers, is only known once every
 * row has been seen; table.c settles that at the end. nn_load_csv is the strict form of the same
 * loader: numbers only, nothing missing. */
#include <math.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../internal.h"
#include "data.h"
#include "table.h"

/* The most distinct labels a class column may hold; a column with more is a measurement or an
 * identifier, and keeping its texts would hold much of a large file. */
#define MAX_LABELS 65536
/* Beyond 2^24, a float no longer holds every whole number: the most labels nn_load_csv takes. */
#define MAX_FLOAT_INTEGER (1 << 24)

/* Progress is reported, and the cancel flag read, each time this many bytes have been read. */
#define PROGRESS_STEP (1 << 20)

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

/* "a, b, c" (shortened when long), for the messages about a missing column; size >= 4. */
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

/* The field named name, or -1 with a message saying what the name was wanted for. */
static int find_column(const csv_table *t, const char *name, const char *role)
{
    int found = -1;
    for (int i = 0; i < t->columns; i++) {
        if (strcmp(t->names[i], name) != 0)
            continue;
        if (found >= 0)
            return nn_fail("%s:%ld: columns %d and %d are both named \"%s\": rename one",
                           t->path, t->header_line, found + 1, i + 1, name);
        found = i;
    }
    if (found >= 0)
        return found;
    char list[512];
    list_columns(t, list, sizeof list);
    return nn_fail("%s:%ld: no column named \"%s\" for the %s (columns: %s)", t->path,
                   t->header_line, name, role, list);
}

/* Gives each feature column its slot: the listed ones in their order, or every other column. */
static int place_features(csv_table *t, const char *const *features)
{
    if (!(t->slot = malloc((size_t)t->columns * sizeof *t->slot)))
        return nn_fail("out of memory");
    for (int i = 0; i < t->columns; i++)
        t->slot[i] = -1;
    int count = 0;
    if (!features) {
        for (int i = 0; i < t->columns; i++)
            if (i != t->target)
                t->slot[i] = count++;
    } else {
        for (; features[count]; count++) {
            int i = find_column(t, features[count], "features");
            if (i < 0)
                return -1;
            if (i == t->target)
                return nn_fail("%s:%ld: \"%s\" is the target: it cannot be a feature too",
                               t->path, t->header_line, features[count]);
            if (t->slot[i] >= 0)
                return nn_fail("\"%s\" is listed twice among the features", features[count]);
            t->slot[i] = count;
        }
        if (count == 0)
            return nn_fail("the list of features is empty: name at least one column");
    }
    t->dim = count;
    if (!(t->col = calloc((size_t)count, sizeof *t->col)))
        return nn_fail("out of memory");
    for (int i = 0; i < t->columns; i++)
        if (t->slot[i] >= 0)
            t->col[t->slot[i]].field = i;
    return 0;
}

/* The header's names into t, and into r for its messages. */
static int read_names(csv_reader *r, csv_table *t)
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
    return 0;
}

static int read_header(csv_reader *r, csv_table *t, const char *target,
                       const char *const *features)
{
    if (read_names(r, t) < 0)
        return -1;
    /* a French spreadsheet writes "1,5;2,5": with ';' between fields, ',' is free to be the
     * decimal point */
    t->comma = r->sep == ';';
    t->target = target ? find_column(t, target, "target") : t->columns - 1;
    if (t->target < 0)
        return -1;
    return place_features(t, features);
}

/* ---- the rows ------------------------------------------------------------------------------- */

static int grow_rows(csv_table *t)
{
    size_t dim = (size_t)t->dim;
    if (t->cap > INT32_MAX / 2 || (size_t)t->cap * 2 > SIZE_MAX / sizeof(float) / dim)
        return nn_fail("%s: too many rows", t->path);
    int cap = t->cap ? t->cap * 2 : 256;
    /* pages past the rows written are never touched, so the doubling costs address space,
     * not memory */
    float *x = realloc(t->x, (size_t)cap * dim * sizeof *x);
    if (x)
        t->x = x;
    float *label = NULL;
    float *value = NULL;
    if (t->regression && (value = realloc(t->value, (size_t)cap * sizeof *value)))
        t->value = value;
    if (!t->regression && (label = realloc(t->label, (size_t)cap * sizeof *label)))
        t->label = label;
    if (!x || (t->regression ? !value : !label))
        return nn_fail("%s: out of memory after %d rows", t->path, t->rows);
    t->cap = cap;
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

/* Remembers the column's first non-missing cell, which the message about a mixed column shows. */
static void note_first(table_column *c, const csv_reader *r, const char *text)
{
    if (c->numbers + c->texts > 0)
        return;
    c->first_line = r->field_line[c->field];
    snprintf(c->first, sizeof c->first, "%s", text);
}

/* A text in a column whose cells so far were numbers, or the other way round. */
static int fail_mixed(const csv_reader *r, const csv_table *t, const table_column *c,
                      const char *text, int is_number)
{
    char column[CSV_COLUMN_LABEL];
    csv_column_label(r, c->field, column, sizeof column);
    if (!is_number)
        return nn_fail("%s:%ld: %s: \"%.40s\" is not a number, while the column's other cells "
                       "are (line %ld: \"%s\"): correct the cell, or empty it to make it a "
                       "missing value", t->path, r->field_line[c->field], column, text,
                       c->first_line, c->first);
    return nn_fail("%s:%ld: %s: \"%.40s\" is a number, while the column's other cells are text "
                   "(line %ld: \"%s\"): a column holds either numbers or categories",
                   t->path, r->field_line[c->field], column, text, c->first_line, c->first);
}

/* Field i, a feature, into *out: its number, its text's id, or NaN when missing. */
static int read_feature(const csv_reader *r, csv_table *t, table_column *c, float *out)
{
    int i = c->field;
    const char *text = csv_field(r, i);
    char column[CSV_COLUMN_LABEL];
    csv_column_label(r, i, column, sizeof column);
    if (is_missing(text)) {
        if (t->strict || t->missing == NN_MISSING_REFUSE) {
            if (is_blank(text))
                return nn_fail("%s:%ld: %s: empty cell (missing value)",
                               t->path, r->field_line[i], column);
            return nn_fail("%s:%ld: %s: \"%.40s\" marks a missing value",
                           t->path, r->field_line[i], column, text);
        }
        c->missing++;
        *out = NAN;
        return 0;
    }
    int rc = parse_float(text, out, t->comma);
    if (rc == -2)
        return nn_fail("%s:%ld: %s: \"%.40s\" is too large for a float",
                       t->path, r->field_line[i], column, text);
    if (rc == 0) {
        if (c->texts > 0)
            return fail_mixed(r, t, c, text, 1);
        note_first(c, r, text);
        c->numbers++;
        return 0;
    }
    if (t->strict)
        return nn_fail("%s:%ld: %s: \"%.40s\" is not a number", t->path, r->field_line[i],
                       column, text);
    if (t->no_one_hot)
        return nn_fail("%s:%ld: %s: \"%.40s\" is not a number, and text columns are not "
                       "one-hot encoded here: leave the column out", t->path, r->field_line[i],
                       column, text);
    if (c->numbers > 0)
        return fail_mixed(r, t, c, text, 0);
    note_first(c, r, text);
    int id = text_set_add(&c->categories, text, t->rows);
    if (id < 0)
        return -1;
    if (c->categories.count > NN_MAX_CATEGORIES)
        return nn_fail("%s:%ld: %s: more than %d different texts: too many categories to one-hot "
                       "encode (an identifier, a name, a comment?): leave the column out",
                       t->path, r->field_line[i], column, NN_MAX_CATEGORIES);
    c->texts++;
    *out = (float)id;
    return 0;
}

/* The target of the row: 1 when it is there, 0 when it is missing and the row is skipped. */
static int read_target(const csv_reader *r, csv_table *t)
{
    const char *text = csv_field(r, t->target);
    char column[CSV_COLUMN_LABEL];
    csv_column_label(r, t->target, column, sizeof column);
    if (t->strict ? is_blank(text) : is_missing(text)) {
        if (t->strict || t->missing == NN_MISSING_REFUSE)
            return nn_fail("%s:%ld: %s: empty cell (missing target)", t->path,
                           r->field_line[t->target], column);
        t->missing_target++;
        return 0;
    }
    if (t->regression) {
        if (parse_float(text, &t->value[t->rows], t->comma) < 0)
            return nn_fail("%s:%ld: %s: \"%.40s\" is not a number, and a regression target "
                           "must be", t->path, r->field_line[t->target], column, text);
        return 1;
    }
    int id = text_set_add(&t->labels, text, t->rows);
    if (id < 0)
        return -1;
    int most = t->strict ? MAX_FLOAT_INTEGER : MAX_LABELS;
    if (t->labels.count > most)
        return nn_fail("%s:%ld: %s: more than %d different values: a class column holds a few "
                       "categories, and this one looks like a measurement or an identifier",
                       t->path, r->field_line[t->target], column, most);
    t->label[t->rows] = (float)id;
    return 1;
}

static int read_row(const csv_reader *r, csv_table *t)
{
    if (check_field_count(r, t) < 0)
        return -1;
    if (t->rows == t->cap && grow_rows(t) < 0)
        return -1;
    t->rows_read++;
    float *row = t->x + (size_t)t->rows * (size_t)t->dim; /* (dim) */
    /* the target first: a row without one is skipped, and its missing cells are not counted */
    int kept = read_target(r, t);
    if (kept <= 0)
        return kept;
    for (int j = 0; j < t->dim; j++)
        if (read_feature(r, t, &t->col[j], &row[j]) < 0)
            return -1;
    t->rows++;
    return 0;
}

void table_free(csv_table *t)
{
    data_free_names(t->names, t->columns);
    free(t->slot);
    for (int j = 0; t->col && j < t->dim; j++)
        text_set_free(&t->col[j].categories);
    free(t->col);
    free(t->x);
    free(t->label);
    free(t->value);
    text_set_free(&t->labels);
    memset(t, 0, sizeof *t);
}

/* ---- the loaders ---------------------------------------------------------------------------- */

static int cancelled(const nn_table_args *a, const csv_reader *r, long long bytes)
{
    if (a->cancel && atomic_load_explicit(a->cancel, memory_order_relaxed))
        return 1;
    return a->progress && a->progress(bytes, r->size, a->user) != 0;
}

/* Reads every row of path into t; 1 when cancelled, 0 when done, -1 on error. */
static int read_table(csv_table *t, const char *path, const nn_table_args *a)
{
    csv_reader r;
    if (csv_open(&r, path, a->separator) < 0)
        return -1;
    int rc = read_header(&r, t, a->target, a->features);
    long long next_report = PROGRESS_STEP;
    if (rc == 0 && cancelled(a, &r, 0))
        rc = 1;
    int got = 0;
    while (rc == 0 && (got = csv_next(&r)) == 1) {
        rc = read_row(&r, t);
        if (rc == 0 && r.offset >= next_report) {
            next_report = r.offset + PROGRESS_STEP;
            rc = cancelled(a, &r, r.offset);
        }
    }
    if (rc == 0 && got < 0)
        rc = -1;
    if (rc == 0 && a->progress)
        a->progress(r.size, r.size, a->user); /* the end: a bar can show 100% */
    if (rc == 1)
        nn_fail("%s: cancelled after %ld rows", path, t->rows_read);
    csv_close(&r);
    return rc;
}

static int load(nn_dataset *d, const char *path, const nn_table_args *a, csv_table *t,
                nn_table_report *report)
{
    memset(d, 0, sizeof *d);
    if (report)
        memset(report, 0, sizeof *report);
    if (!path)
        return nn_fail("%s: no path", t->strict ? "load_csv" : "load_table");
    if (a->missing < NN_MISSING_IMPUTE || a->missing > NN_MISSING_KEEP)
        return nn_fail("load_table: missing = %d: use NN_MISSING_IMPUTE, NN_MISSING_DROP, "
                       "NN_MISSING_REFUSE or NN_MISSING_KEEP", a->missing);
    t->path = path;
    t->missing = a->missing;
    t->no_one_hot = a->no_one_hot;
    int rc = read_table(t, path, a);
    if (rc == 0)
        rc = table_finish(d, t, report);
    if (rc != 0 && report) {
        /* keep the message: the report's copying may not fail, but must not overwrite it */
        table_report(t, report);
        report->cancelled = rc == 1;
    }
    table_free(t);
    if (rc != 0) {
        nn_dataset_free(d);
        return -1;
    }
    return 0;
}

int nn_load_csv(nn_dataset *d, const char *path, const nn_csv_args *a)
{
    static const nn_csv_args defaults;
    if (!a)
        a = &defaults;
    nn_table_args args = { .target = a->target, .separator = a->separator };
    csv_table t = { .strict = 1, .regression = a->regression != 0 };
    return load(d, path, &args, &t, NULL);
}

int nn_load_table(nn_dataset *d, const char *path, const nn_table_args *a,
                  nn_table_report *report)
{
    static const nn_table_args defaults;
    csv_table t = { 0 };
    return load(d, path, a ? a : &defaults, &t, report);
}

/* ---- the preview ---------------------------------------------------------------------------- */

void nn_table_preview_free(nn_table_preview *p)
{
    if (!p)
        return;
    data_free_names(p->names, p->columns);
    data_free_names(p->cells, p->rows * p->columns);
    free(p->numeric);
    free(p->missing);
    memset(p, 0, sizeof *p);
}

/* The current record as row p->rows of the preview. */
static int preview_row(nn_table_preview *p, const csv_reader *r, const csv_table *t)
{
    if (check_field_count(r, t) < 0)
        return -1;
    char **row = p->cells + (size_t)p->rows * (size_t)p->columns; /* (columns) */
    for (int j = 0; j < p->columns; j++) {
        const char *text = csv_field(r, j);
        float v;
        if (!(row[j] = data_strdup(text))) {
            while (j > 0) /* the row is not counted: its cells go now */
                free(row[--j]);
            return -1;
        }
        if (is_missing(text))
            p->missing[j]++;
        else if (parse_float(text, &v, t->comma) == -1)
            p->numeric[j] = 0;
    }
    p->rows++;
    return 0;
}

int nn_preview_table(nn_table_preview *p, const char *path, char separator, int max_rows)
{
    memset(p, 0, sizeof *p);
    if (!path || max_rows < 0)
        return nn_fail("preview_table: %s", path ? "max_rows < 0" : "no path");
    csv_reader r;
    if (csv_open(&r, path, separator) < 0)
        return -1;
    csv_table t = { .path = path };
    int rc = read_names(&r, &t);
    /* the names change hands: the preview owns them from here */
    p->names = t.names;
    p->columns = t.columns;
    t.names = NULL;
    p->separator = r.sep;
    p->file_size = r.size;
    t.comma = r.sep == ';';
    if (rc == 0) {
        p->numeric = malloc((size_t)p->columns * sizeof *p->numeric);
        p->missing = calloc((size_t)p->columns, sizeof *p->missing);
        p->cells = calloc((size_t)max_rows * (size_t)p->columns + 1, sizeof *p->cells);
        if (!p->numeric || !p->missing || !p->cells)
            rc = nn_fail("%s: out of memory", path);
    }
    for (int j = 0; rc == 0 && j < p->columns; j++)
        p->numeric[j] = 1;
    int got = 1;
    while (rc == 0 && p->rows < max_rows && (got = csv_next(&r)) == 1)
        rc = preview_row(p, &r, &t);
    if (rc == 0 && got < 0)
        rc = -1;
    if (rc == 0) {
        p->bytes_read = csv_position(&r);
        /* one record more says whether the file goes on; its own errors are the loader's */
        p->complete = got == 0 || csv_next(&r) == 0;
    }
    csv_close(&r);
    table_free(&t);
    return rc;
}
