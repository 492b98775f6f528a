/* impute.c — SimpleImputer fitted on the training part only (nn_impute_train_test): the fills
 * are computed on the training rows, then written into the missing (NaN) cells of both parts,
 * so that no test row shapes what the model learns from. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../internal.h"
#include "data.h"

double data_column_mean(const float *x, int n, int dim, int j, long *seen)
{
    double sum = 0.0;
    long count = 0;
    for (int i = 0; i < n; i++) {
        float v = x[(size_t)i * (size_t)dim + (size_t)j];
        if (!isnan(v)) {
            sum += v;
            count++;
        }
    }
    *seen = count;
    return count ? sum / (double)count : 0.0;
}

/* The most frequent of the one-hot columns first .. first + width - 1 over train's rows that
 * have a value; the earliest (the smallest category, as they are sorted) on a tie. -1 when no
 * training row has one. */
static int column_mode(const nn_dataset *train, int first, int width)
{
    int best = -1;
    long best_count = 0;
    for (int k = 0; k < width; k++) {
        long count = 0;
        for (int i = 0; i < train->n; i++)
            count += train->x[(size_t)i * (size_t)train->dim + (size_t)(first + k)] == 1.0f;
        if (count > best_count) {
            best = k;
            best_count = count;
        }
    }
    return best;
}

/* Writes fill (width) into the cells of columns first .. first + width - 1 that are NaN, a row's
 * group at a time; returns the rows filled. */
static long fill_rows(nn_dataset *d, int first, int width, const float *fill)
{
    long filled = 0;
    for (int i = 0; d && i < d->n; i++) {
        float *cell = d->x + (size_t)i * (size_t)d->dim + (size_t)first; /* (width) */
        if (!isnan(cell[0]))
            continue;
        memcpy(cell, fill, (size_t)width * sizeof *fill);
        filled++;
    }
    return filled;
}

/* The category's text: the one-hot column's name past "column_". */
static char *category_text(const nn_dataset *train, const char *column, int j)
{
    const char *name = train->feature_names ? train->feature_names[j] : NULL;
    size_t len = strlen(column);
    if (name && strncmp(name, column, len) == 0 && name[len] == '_')
        return data_strdup(name + len + 1);
    return data_strdup(name ? name : "?");
}

static int check_shapes(const nn_dataset *train, const nn_dataset *test,
                        const nn_table_report *report)
{
    if (!train || !train->x || train->n < 1)
        return nn_fail("impute_train_test: the training part is empty");
    if (test && test->dim != train->dim)
        return nn_fail("impute_train_test: the training part has %d columns, the test part %d",
                       train->dim, test->dim);
    if (!report)
        return 0;
    int width = 0;
    for (int c = 0; c < report->columns; c++)
        width += report->column[c].categorical ? report->column[c].categories : 1;
    if (width != train->dim)
        return nn_fail("impute_train_test: the report's %d columns make %d dataset columns, "
                       "the data has %d", report->columns, width, train->dim);
    return 0;
}

int nn_impute_train_test(nn_dataset *train, nn_dataset *test, nn_table_report *report)
{
    if (check_shapes(train, test, report) < 0)
        return -1;
    float *fill = malloc((size_t)train->dim * sizeof *fill); /* (dim) one column's group */
    if (!fill)
        return nn_fail("impute_train_test: out of memory");
    int columns = report ? report->columns : train->dim;
    long total = 0;
    for (int c = 0, first = 0; c < columns; c++) {
        nn_column_report *r = report ? &report->column[c] : NULL;
        int width = r && r->categorical ? r->categories : 1;
        if (r && r->categorical) {
            int mode = column_mode(train, first, width);
            for (int k = 0; k < width; k++)
                fill[k] = k == (mode < 0 ? 0 : mode) ? 1.0f : 0.0f;
            free(r->fill_text);
            r->fill_default = mode < 0;
            r->fill_category = mode < 0 ? 0 : mode;
            if (!(r->fill_text = category_text(train, r->name, first + r->fill_category))) {
                free(fill);
                return -1;
            }
        } else {
            long seen = 0;
            double mean = data_column_mean(train->x, train->n, train->dim, first, &seen);
            fill[0] = (float)mean;
            if (r) {
                r->fill = mean;
                r->fill_default = seen == 0;
            }
        }
        long filled = fill_rows(train, first, width, fill) + fill_rows(test, first, width, fill);
        if (r)
            r->imputed = filled;
        total += filled;
        first += width;
    }
    free(fill);
    if (report) {
        report->imputed = total;
        report->train_fills = 1;
    }
    return 0;
}
