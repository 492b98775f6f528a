/* scaler.c — scikit-learn's MinMaxScaler and StandardScaler, as x' = (x - offset) * scale per
 * feature. Sums are taken in double, so that a column of 60,000 pixels keeps its precision. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../internal.h"
#include "data.h"

/* offset = min, scale = 1 / (max - min): every feature ends in 0..1 on the fitted data. */
static void fit_minmax(nn_scaler *s, const nn_dataset *d, int j)
{
    float lo = d->x[j], hi = d->x[j];
    for (int i = 1; i < d->n; i++) {
        float v = d->x[(size_t)i * (size_t)d->dim + (size_t)j];
        lo = v < lo ? v : lo;
        hi = v > hi ? v : hi;
    }
    s->offset[j] = lo;
    /* a constant feature keeps scale 1, as scikit-learn does, rather than dividing by 0 */
    s->scale[j] = hi > lo ? (float)(1.0 / ((double)hi - (double)lo)) : 1.0f;
}

/* offset = mean, scale = 1 / std with the population std (ddof = 0), as scikit-learn. */
static void fit_standard(nn_scaler *s, const nn_dataset *d, int j)
{
    double sum = 0.0;
    float lo = d->x[j], hi = d->x[j];
    for (int i = 0; i < d->n; i++) {
        float v = d->x[(size_t)i * (size_t)d->dim + (size_t)j];
        sum += v;
        lo = v < lo ? v : lo;
        hi = v > hi ? v : hi;
    }
    double mean = sum / d->n;
    double squares = 0.0;
    for (int i = 0; i < d->n; i++) {
        double e = d->x[(size_t)i * (size_t)d->dim + (size_t)j] - mean;
        squares += e * e;
    }
    double sd = sqrt(squares / d->n);
    s->offset[j] = (float)mean;
    /* a constant feature keeps scale 1: its rounding residue must not be blown up to ±1 */
    s->scale[j] = hi > lo && sd > 0.0 ? (float)(1.0 / sd) : 1.0f;
}

int nn_scaler_fit(nn_scaler *s, const char *kind, const nn_dataset *d)
{
    memset(s, 0, sizeof *s);
    int minmax = kind && strcmp(kind, "minmax") == 0;
    if (!minmax && !(kind && strcmp(kind, "standard") == 0))
        return nn_fail("scaler: \"%s\": expected \"minmax\" or \"standard\"",
                       kind ? kind : "(null)");
    if (!d || !d->x || d->n <= 0 || d->dim <= 0)
        return nn_fail("scaler: the dataset is empty");
    s->offset = malloc((size_t)d->dim * sizeof *s->offset);
    s->scale = malloc((size_t)d->dim * sizeof *s->scale);
    if (!s->offset || !s->scale) {
        nn_scaler_free(s);
        return nn_fail("scaler: out of memory");
    }
    s->dim = d->dim;
    for (int j = 0; j < d->dim; j++) {
        if (minmax)
            fit_minmax(s, d, j);
        else
            fit_standard(s, d, j);
    }
    return 0;
}

int nn_scaler_transform(const nn_scaler *s, nn_dataset *d)
{
    if (!s || !s->offset || !s->scale)
        return nn_fail("scaler: not fitted");
    if (!d || d->dim != s->dim)
        return nn_fail("scaler: fitted on %d features, the dataset has %d", s->dim,
                       d ? d->dim : 0);
    for (int i = 0; i < d->n; i++) {
        float *row = d->x + (size_t)i * (size_t)d->dim; /* (dim) */
        for (int j = 0; j < d->dim; j++)
            row[j] = (row[j] - s->offset[j]) * s->scale[j];
    }
    return 0;
}

void nn_scaler_free(nn_scaler *s)
{
    if (!s)
        return;
    free(s->offset);
    free(s->scale);
    memset(s, 0, sizeof *s);
}

int nn_scaler_fit_transform(nn_scaler *s, const char *kind, nn_dataset *train, nn_dataset *test)
{
    memset(s, 0, sizeof *s);
    if (kind && strcmp(kind, "none") == 0)
        return 0;
    if (!kind || (strcmp(kind, "minmax") != 0 && strcmp(kind, "standard") != 0))
        return nn_fail("scale_train_test: \"%s\": expected \"minmax\", \"standard\" or "
                       "\"none\"", kind ? kind : "(null)");
    int rc = nn_scaler_fit(s, kind, train);
    if (rc == 0)
        rc = nn_scaler_transform(s, train);
    if (rc == 0 && test)
        rc = nn_scaler_transform(s, test);
    if (rc < 0)
        nn_scaler_free(s);
    return rc;
}

int nn_scale_train_test(const char *kind, nn_dataset *train, nn_dataset *test)
{
    nn_scaler s;
    int rc = nn_scaler_fit_transform(&s, kind, train, test);
    nn_scaler_free(&s);
    return rc;
}
