/* naive_bayes.c — Gaussian naive Bayes, as scikit-learn's GaussianNB(var_smoothing=1e-9):
 *
 *   log p(k | x) = log prior_k - 1/2 sum_j [ log(2 pi var_kj) + (x_j - mean_kj)^2 / var_kj ] + const
 *
 * with prior_k the fraction of training rows in class k, mean_kj and var_kj (population variance)
 * over those rows, and var_kj increased by var_smoothing times the largest variance of any
 * feature over all rows, so that a feature constant within a class does not divide by zero. */
#include <math.h>
#include <stdlib.h>

#include "classic.h"

typedef struct naive_bayes {
    int classes, dim;
    double *mean;           /* (classes, dim) */
    double *var;            /* (classes, dim) smoothed */
    double *log_prior;      /* (classes) */
    double *norm;           /* (classes) -1/2 sum_j log(2 pi var_kj), computed once */
} naive_bayes;

static void release(void *model)
{
    naive_bayes *m = model;
    if (m) {
        free(m->mean);
        free(m->var);
        free(m->log_prior);
        free(m->norm);
    }
    free(m);
}

/* var_smoothing times the largest variance of a feature over every row */
static double smoothing(const float *x, int n, int dim, double var_smoothing)
{
    double largest = 0.0;
    for (int j = 0; j < dim; j++) {
        double mean = 0.0, var = 0.0;
        for (int i = 0; i < n; i++)
            mean += x[(size_t)i * (size_t)dim + (size_t)j];
        mean /= n;
        for (int i = 0; i < n; i++) {
            double d = x[(size_t)i * (size_t)dim + (size_t)j] - mean;
            var += d * d;
        }
        largest = fmax(largest, var / n);
    }
    return var_smoothing * largest;
}

static int fit(nn_classifier *c, const float *x, const int *y, int n)
{
    int classes = c->classes, dim = c->dim;
    size_t cells = (size_t)classes * (size_t)dim;
    naive_bayes *m = calloc(1, sizeof *m);
    long *count = calloc((size_t)classes, sizeof *count); /* (classes) rows per class */
    if (m) {
        m->mean = calloc(cells, sizeof *m->mean);
        m->var = calloc(cells, sizeof *m->var);
        m->log_prior = malloc((size_t)classes * sizeof *m->log_prior);
        m->norm = malloc((size_t)classes * sizeof *m->norm);
    }
    if (!m || !count || !m->mean || !m->var || !m->log_prior || !m->norm) {
        free(count);
        release(m);
        return nn_fail("GaussianNB fit: out of memory");
    }
    m->classes = classes;
    m->dim = dim;
    for (int i = 0; i < n; i++) {
        count[y[i]]++;
        for (int j = 0; j < dim; j++)
            m->mean[(size_t)y[i] * (size_t)dim + (size_t)j] += x[(size_t)i * (size_t)dim + (size_t)j];
    }
    for (size_t cell = 0; cell < cells; cell++)
        m->mean[cell] /= count[cell / (size_t)dim];
    /* the variance from the mean, in a second pass: more accurate than E[x^2] - E[x]^2 */
    for (int i = 0; i < n; i++)
        for (int j = 0; j < dim; j++) {
            size_t cell = (size_t)y[i] * (size_t)dim + (size_t)j;
            double d = x[(size_t)i * (size_t)dim + (size_t)j] - m->mean[cell];
            m->var[cell] += d * d;
        }
    double epsilon = smoothing(x, n, dim, c->args.var_smoothing);
    for (int k = 0; k < classes; k++) {
        m->log_prior[k] = log((double)count[k] / n);
        m->norm[k] = 0.0;
        for (int j = 0; j < dim; j++) {
            double *v = &m->var[(size_t)k * (size_t)dim + (size_t)j];
            *v = *v / count[k] + epsilon;
            m->norm[k] -= 0.5 * log(2.0 * M_PI * *v);
        }
    }
    free(count);
    c->model = m;
    /* a feature constant over every row leaves epsilon 0 and a variance of 0 */
    for (size_t cell = 0; cell < cells; cell++)
        if (!(m->var[cell] > 0.0)) {
            c->model = NULL;
            release(m);
            return nn_fail("GaussianNB fit: feature %zu has the same value in every row: its "
                           "variance is 0; leave it out", cell % (size_t)dim);
        }
    return 0;
}

static void scores(const nn_classifier *c, const float *row, double *out)
{
    const naive_bayes *m = c->model;
    for (int k = 0; k < m->classes; k++) {
        const double *mean = m->mean + (size_t)k * (size_t)m->dim; /* (dim) */
        const double *var = m->var + (size_t)k * (size_t)m->dim;   /* (dim) */
        double s = 0.0;
        for (int j = 0; j < m->dim; j++) {
            double d = row[j] - mean[j];
            s += d * d / var[j];
        }
        out[k] = m->log_prior[k] + m->norm[k] - 0.5 * s;
    }
}

const classic_ops classic_naive_bayes = {
    "gaussian_nb", "GaussianNB", 1, fit, scores, release,
};
