/* dataset.c — what every loader shares: allocating, copying and freeing an nn_dataset, the
 * train/test split, one-hot rows, and a file of the assets' datasets/ folder (datadir.c finds it). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../internal.h"
#include "data.h"


/* ---- names ---------------------------------------------------------------------------------- */

char *data_strdup(const char *s)
{
    size_t len = strlen(s) + 1;
    char *copy = malloc(len);
    if (!copy)
        return nn_fail_null("out of memory");
    return memcpy(copy, s, len);
}

char **data_new_names(int count)
{
    char **names = calloc((size_t)(count > 0 ? count : 1), sizeof *names);
    if (!names)
        return nn_fail_null("out of memory");
    return names;
}

void data_free_names(char **names, int count)
{
    if (!names)
        return;
    for (int i = 0; i < count; i++)
        free(names[i]);
    free(names);
}

char **data_copy_names(const char *const *names, int count)
{
    char **copy = data_new_names(count);
    for (int i = 0; copy && i < count; i++) {
        copy[i] = data_strdup(names[i]);
        if (!copy[i]) {
            data_free_names(copy, i);
            return NULL;
        }
    }
    return copy;
}

/* ---- allocation ----------------------------------------------------------------------------- */

int data_alloc(nn_dataset *d, int n, int dim)
{
    memset(d, 0, sizeof *d);
    if (n <= 0 || dim <= 0)
        return nn_fail("dataset of %d rows and %d features: both must be positive", n, dim);
    if ((size_t)n > SIZE_MAX / sizeof(float) / (size_t)dim)
        return nn_fail("dataset of %d rows and %d features: too large", n, dim);
    d->x = calloc((size_t)n * (size_t)dim, sizeof *d->x);
    d->y = calloc((size_t)n, sizeof *d->y);
    if (!d->x || !d->y) {
        nn_dataset_free(d);
        return nn_fail("dataset of %d rows and %d features: out of memory", n, dim);
    }
    d->n = n;
    d->dim = dim;
    d->ndim = 1;
    d->shape[0] = dim;
    return 0;
}

/* Copies what describes the columns (shape, names, classes), not the rows. */
static int copy_description(nn_dataset *d, const nn_dataset *src)
{
    d->ndim = src->ndim;
    memcpy(d->shape, src->shape, sizeof d->shape);
    d->classes = src->classes;
    if (src->feature_names &&
        !(d->feature_names = data_copy_names((const char *const *)src->feature_names, src->dim)))
        return -1;
    if (src->class_names && src->classes > 0 &&
        !(d->class_names = data_copy_names((const char *const *)src->class_names, src->classes)))
        return -1;
    if (src->target_name && !(d->target_name = data_strdup(src->target_name)))
        return -1;
    return 0;
}

int data_take(nn_dataset *d, const nn_dataset *src, const int *rows, int count)
{
    if (data_alloc(d, count, src->dim) < 0)
        return -1;
    if (copy_description(d, src) < 0) {
        nn_dataset_free(d);
        return -1;
    }
    size_t dim = (size_t)src->dim;
    for (int i = 0; i < count; i++) {
        memcpy(d->x + (size_t)i * dim, src->x + (size_t)rows[i] * dim, dim * sizeof *d->x);
        d->y[i] = src->y[rows[i]];
    }
    return 0;
}

void nn_dataset_free(nn_dataset *d)
{
    if (!d)
        return;
    free(d->x);
    free(d->y);
    data_free_names(d->feature_names, d->dim);
    data_free_names(d->class_names, d->classes);
    free(d->target_name);
    memset(d, 0, sizeof *d);
}

int nn_select_features(nn_dataset *out, const nn_dataset *d, const char *const *names, int count)
{
    memset(out, 0, sizeof *out);
    if (!d || !d->x || d->n <= 0)
        return nn_fail("select_features: the dataset is empty");
    if (!names || count <= 0)
        return nn_fail("select_features: no feature named: name at least one");
    if (!d->feature_names)
        return nn_fail("select_features: the dataset's features have no names");
    int *column = malloc((size_t)count * sizeof *column); /* (count) d's column of each name */
    if (!column)
        return nn_fail("select_features: out of memory");
    for (int k = 0; k < count; k++) {
        column[k] = -1;
        for (int j = 0; j < d->dim && column[k] < 0; j++)
            if (names[k] && strcmp(names[k], d->feature_names[j]) == 0)
                column[k] = j;
        for (int l = 0; l < k && column[k] >= 0; l++)
            if (column[l] == column[k]) {
                free(column);
                return nn_fail("select_features: \"%s\" is named twice", names[k]);
            }
        if (column[k] >= 0)
            continue;
        char list[512];
        size_t used = 0;
        list[0] = '\0';
        for (int j = 0; j < d->dim && used + 1 < sizeof list; j++) {
            int len = snprintf(list + used, sizeof list - used, "%s%s", j ? ", " : "",
                               d->feature_names[j]);
            used += len > 0 ? (size_t)len : 0;
        }
        if (used >= sizeof list)
            memcpy(list + sizeof list - 4, "...", 4);
        int rc = nn_fail("select_features: no feature named \"%s\" (features: %s)",
                         names[k] ? names[k] : "(null)", list);
        free(column);
        return rc;
    }
    int rc = data_alloc(out, d->n, count);
    if (rc == 0) {
        out->classes = d->classes;
        if ((d->class_names && d->classes > 0 &&
             !(out->class_names = data_copy_names((const char *const *)d->class_names,
                                                  d->classes))) ||
            (d->target_name && !(out->target_name = data_strdup(d->target_name))) ||
            !(out->feature_names = data_new_names(count)))
            rc = -1;
    }
    for (int k = 0; rc == 0 && k < count; k++)
        if (!(out->feature_names[k] = data_strdup(d->feature_names[column[k]])))
            rc = -1;
    for (int i = 0; rc == 0 && i < d->n; i++) {
        for (int k = 0; k < count; k++)
            out->x[(size_t)i * (size_t)count + (size_t)k] =
                d->x[(size_t)i * (size_t)d->dim + (size_t)column[k]];
        out->y[i] = d->y[i];
    }
    free(column);
    if (rc < 0)
        nn_dataset_free(out);
    return rc;
}

/* ---- transforming --------------------------------------------------------------------------- */

void nn_dataset_scale(nn_dataset *d, float factor)
{
    if (!d || !d->x)
        return;
    size_t count = (size_t)d->n * (size_t)d->dim;
    for (size_t i = 0; i < count; i++)
        d->x[i] *= factor;
}

/* scikit-learn takes ceil(test_size * n) in double precision. A float test_size such as 0.2f is
 * 0.200000003, whose product with 100 would round up to 21: a product within float's precision
 * of a whole number is taken as that number, as the decimal the caller wrote would give. */
static int test_count(int n, float test_size)
{
    double t = (double)test_size * n;
    double whole = floor(t + 0.5);
    if (fabs(t - whole) <= t * 1.2e-7)
        return (int)whole;
    return (int)ceil(t);
}

int nn_train_test_split(const nn_dataset *d, float test_size, unsigned seed,
                        nn_dataset *train, nn_dataset *test)
{
    memset(train, 0, sizeof *train);
    memset(test, 0, sizeof *test);
    if (!d || !d->x || !d->y || d->n <= 0)
        return nn_fail("train_test_split: the dataset is empty");
    if (!(test_size > 0.0f && test_size < 1.0f))
        return nn_fail("train_test_split: test_size %g must be between 0 and 1 (exclusive)",
                       (double)test_size);
    int n_test = test_count(d->n, test_size);
    int n_train = d->n - n_test;
    if (n_test < 1 || n_train < 1)
        return nn_fail("train_test_split: test_size %g of %d rows leaves %d for training and %d "
                       "for testing; both need at least one", (double)test_size, d->n,
                       n_train, n_test);

    int *order = malloc((size_t)d->n * sizeof *order); /* (n) a permutation of the rows */
    if (!order)
        return nn_fail("train_test_split: out of memory");
    nn_rng rng;
    nn_rng_seed(&rng, seed);
    nn_rng_permutation(&rng, order, d->n);
    /* as scikit-learn's ShuffleSplit: the test rows come first in the permutation */
    int rc = data_take(test, d, order, n_test);
    if (rc == 0)
        rc = data_take(train, d, order + n_test, n_train);
    free(order);
    if (rc < 0) {
        nn_dataset_free(test);
        nn_dataset_free(train);
    }
    return rc;
}

float *nn_one_hot(const float *labels, int n, int classes)
{
    if (!labels || n <= 0 || classes <= 0)
        return nn_fail_null("one_hot: %d labels, %d classes: both must be positive", n, classes);
    if ((size_t)n > SIZE_MAX / sizeof(float) / (size_t)classes)
        return nn_fail_null("one_hot: %d x %d is too large", n, classes);
    float *rows = calloc((size_t)n * (size_t)classes, sizeof *rows); /* (n, classes) */
    if (!rows)
        return nn_fail_null("one_hot: out of memory");
    for (int i = 0; i < n; i++) {
        float label = labels[i];
        if (!(label >= 0.0f && label < (float)classes) || label != floorf(label)) {
            free(rows);
            return nn_fail_null("one_hot: label %g at row %d is not a class index in 0..%d",
                                (double)label, i, classes - 1);
        }
        rows[(size_t)i * (size_t)classes + (size_t)label] = 1.0f;
    }
    return rows;
}

int data_asset_path(char *out, size_t size, const char *file)
{
    int len = snprintf(out, size, "%s/datasets/%s", nn_data_dir(), file);
    if (len < 0 || (size_t)len >= size)
        return nn_fail("%s/datasets/%s: path too long", nn_data_dir(), file);
    return 0;
}
