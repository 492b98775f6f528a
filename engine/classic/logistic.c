/* logistic.c — logistic regression, as scikit-learn's LogisticRegression(solver="lbfgs"):
 *
 *   minimise  C * sum_i log_loss(x_i, y_i) + 1/2 ||W||^2      (the intercepts b not penalised)
 *
 * with one sigmoid for two classes, p(1 | x) = 1 / (1 + exp(-(w.x + b))), and a softmax over
 * the classes otherwise, p(k | x) = exp(w_k.x + b_k) / sum_j exp(w_j.x + b_j). The objective is
 * strictly convex, so its minimum is unique: any solver that reaches it agrees with
 * scikit-learn's, which is why the solver here is a plain L-BFGS rather than a copy of scipy's.
 * The objective is divided by C * n, which leaves the minimum where it is and makes the
 * stopping test independent of the table's size. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "classic.h"

#define HISTORY 10          /* L-BFGS pairs kept */
#define GRADIENT_TOL 1e-6   /* stop when every |gradient| is below this */

typedef struct logistic {
    int outputs;            /* 1 (sigmoid) for two classes, else the classes (softmax) */
    int dim;
    double *w;              /* (outputs, dim + 1) each row's weights, then its intercept */
} logistic;

typedef struct problem {
    const float *x;         /* (n, dim) */
    const int *y;           /* (n) */
    int n, dim, outputs;
    double inv_cn;          /* 1 / (C n): the penalty's factor after dividing by C n */
    double *z;              /* (outputs) one row's scores, scratch */
} problem;

/* ---- the objective -------------------------------------------------------------------------- */

/* log(1 + exp(t)) without overflow */
static double softplus(double t)
{
    return t > 0 ? t + log1p(exp(-t)) : log1p(exp(t));
}

/* f(w) and its gradient g (outputs, dim + 1). */
static double objective(const problem *p, const double *w, double *g)
{
    size_t stride = (size_t)p->dim + 1;
    size_t size = (size_t)p->outputs * stride;
    memset(g, 0, size * sizeof *g);
    double loss = 0.0;
    for (int i = 0; i < p->n; i++) {
        const float *row = p->x + (size_t)i * (size_t)p->dim; /* (dim) */
        for (int k = 0; k < p->outputs; k++) {
            const double *wk = w + (size_t)k * stride;
            double z = wk[p->dim];
            for (int j = 0; j < p->dim; j++)
                z += wk[j] * row[j];
            p->z[k] = z;
        }
        if (p->outputs == 1) {
            /* y in {0, 1}: loss = log(1 + exp(-s z)) with s = +-1; dloss/dz = sigmoid(z) - y */
            double z = p->z[0];
            loss += p->y[i] ? softplus(-z) : softplus(z);
            p->z[0] = 1.0 / (1.0 + exp(-z)) - p->y[i];
        } else {
            double top = p->z[0];
            for (int k = 1; k < p->outputs; k++)
                top = p->z[k] > top ? p->z[k] : top;
            double sum = 0.0;
            for (int k = 0; k < p->outputs; k++)
                sum += exp(p->z[k] - top);
            loss += top + log(sum) - p->z[p->y[i]];
            /* dloss/dz_k = softmax_k - [k == y] */
            for (int k = 0; k < p->outputs; k++)
                p->z[k] = exp(p->z[k] - top) / sum - (k == p->y[i]);
        }
        for (int k = 0; k < p->outputs; k++) {
            double *gk = g + (size_t)k * stride, dz = p->z[k];
            for (int j = 0; j < p->dim; j++)
                gk[j] += dz * row[j];
            gk[p->dim] += dz;
        }
    }
    double penalty = 0.0;
    for (size_t i = 0; i < size; i++) {
        g[i] /= p->n;
        if (i % stride != (size_t)p->dim) {
            penalty += w[i] * w[i];
            g[i] += p->inv_cn * w[i];
        }
    }
    return loss / p->n + 0.5 * p->inv_cn * penalty;
}

/* ---- L-BFGS ----------------------------------------------------------------------------------- */

static double dot(const double *a, const double *b, size_t n)
{
    double s = 0.0;
    for (size_t i = 0; i < n; i++)
        s += a[i] * b[i];
    return s;
}

static double max_abs(const double *a, size_t n)
{
    double m = 0.0;
    for (size_t i = 0; i < n; i++)
        m = fabs(a[i]) > m ? fabs(a[i]) : m;
    return m;
}

/* d = -H g, H the inverse Hessian estimate from the kept pairs (the two-loop recursion);
 * pairs are stored in a ring, oldest first from (newest + 1) % HISTORY. */
static void direction(double *d, const double *g, size_t size, double *const *s,
                      double *const *yv, const double *rho, int kept, int newest)
{
    double alpha[HISTORY];
    for (size_t i = 0; i < size; i++)
        d[i] = -g[i];
    for (int m = 0; m < kept; m++) {
        int k = (newest - m + HISTORY) % HISTORY;
        alpha[k] = rho[k] * dot(s[k], d, size);
        for (size_t i = 0; i < size; i++)
            d[i] -= alpha[k] * yv[k][i];
    }
    if (kept > 0) {
        /* the initial Hessian: s.y / y.y of the newest pair, the usual scaling */
        double gamma = dot(s[newest], yv[newest], size) / dot(yv[newest], yv[newest], size);
        for (size_t i = 0; i < size; i++)
            d[i] *= gamma;
    }
    for (int m = kept - 1; m >= 0; m--) {
        int k = (newest - m + HISTORY) % HISTORY;
        double beta = rho[k] * dot(yv[k], d, size);
        for (size_t i = 0; i < size; i++)
            d[i] += (alpha[k] - beta) * s[k][i];
    }
}

/* Minimises the objective from w = 0; w (size) receives the minimum. */
static int minimise(const problem *p, double *w, size_t size, int max_iter)
{
    /* g, d, trial point, its gradient, then HISTORY pairs s and y */
    double *work = calloc(size * (4 + 2 * HISTORY), sizeof *work);
    if (!work)
        return -1;
    double *g = work, *d = g + size, *w2 = d + size, *g2 = w2 + size;
    double *s[HISTORY], *yv[HISTORY], rho[HISTORY];
    for (int k = 0; k < HISTORY; k++) {
        s[k] = g2 + size * (size_t)(1 + 2 * k);
        yv[k] = s[k] + size;
    }
    int kept = 0, newest = HISTORY - 1;
    double f = objective(p, w, g);
    for (int it = 0; it < max_iter && max_abs(g, size) > GRADIENT_TOL; it++) {
        direction(d, g, size, s, yv, rho, kept, newest);
        double slope = dot(g, d, size);
        if (slope >= 0.0) { /* not a descent direction: forget the history */
            kept = 0;
            for (size_t i = 0; i < size; i++)
                d[i] = -g[i];
            slope = -dot(g, g, size);
        }
        /* backtracking until the Armijo condition holds; the first step is kept small */
        double step = kept ? 1.0 : 1.0 / fmax(1.0, sqrt(-slope)), f2 = f;
        int tries = 0;
        for (; tries < 60; tries++, step *= 0.5) {
            for (size_t i = 0; i < size; i++)
                w2[i] = w[i] + step * d[i];
            f2 = objective(p, w2, g2);
            if (f2 <= f + 1e-4 * step * slope)
                break;
        }
        if (tries == 60)
            break; /* no decrease left at double precision: as close as it gets */
        double sy = 0.0;
        for (size_t i = 0; i < size; i++)
            sy += (w2[i] - w[i]) * (g2[i] - g[i]);
        if (sy > 1e-16) { /* a flat step teaches nothing about the curvature */
            newest = (newest + 1) % HISTORY;
            for (size_t i = 0; i < size; i++) {
                s[newest][i] = w2[i] - w[i];
                yv[newest][i] = g2[i] - g[i];
            }
            rho[newest] = 1.0 / sy;
            kept += kept < HISTORY;
        }
        double change = f - f2;
        memcpy(w, w2, size * sizeof *w);
        memcpy(g, g2, size * sizeof *g);
        f = f2;
        if (change <= 1e-15 * fmax(1.0, fabs(f)))
            break;
    }
    free(work);
    return 0;
}

/* ---- the classifier ----------------------------------------------------------------------------- */

static void release(void *model)
{
    logistic *m = model;
    if (m)
        free(m->w);
    free(m);
}

static int fit(nn_classifier *c, const float *x, const int *y, int n)
{
    logistic *m = calloc(1, sizeof *m);
    problem p = { x, y, n, c->dim, c->classes == 2 ? 1 : c->classes, 1.0 / (c->args.C * n), NULL };
    size_t size = (size_t)p.outputs * ((size_t)c->dim + 1);
    if (m) {
        m->outputs = p.outputs;
        m->dim = c->dim;
        m->w = calloc(size, sizeof *m->w);
        p.z = malloc((size_t)p.outputs * sizeof *p.z);
    }
    if (!m || !m->w || !p.z || minimise(&p, m->w, size, c->args.max_iter) < 0) {
        free(p.z);
        release(m);
        return nn_fail("LogisticRegression fit: out of memory");
    }
    free(p.z);
    c->model = m;
    return 0;
}

/* log-probabilities up to a constant: the scores themselves for the softmax, and for the
 * sigmoid log(1 - p) = -softplus(z), log p = -softplus(-z) */
static void scores(const nn_classifier *c, const float *row, double *out)
{
    const logistic *m = c->model;
    size_t stride = (size_t)m->dim + 1;
    for (int k = 0; k < m->outputs; k++) {
        const double *wk = m->w + (size_t)k * stride;
        double z = wk[m->dim];
        for (int j = 0; j < m->dim; j++)
            z += wk[j] * row[j];
        out[k] = z;
    }
    if (m->outputs == 1) {
        double z = out[0];
        /* class 1 only when z > 0, as scikit-learn: at z = 0 both are equal, and the first wins */
        out[0] = -softplus(z);
        out[1] = -softplus(-z);
    }
}

const classic_ops classic_logistic = {
    "logistic_regression", "LogisticRegression", 1, fit, scores, release,
};
