/* classifier.c — the public side of the classic classifiers: arguments, checks, the classes a
 * fit saw, and predictions from each kind's class scores. */
#include <float.h>
#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "../cpu/pool.h"
#include "classic.h"

static const classic_ops *const kinds[] = {
    &classic_logistic, &classic_knn, &classic_tree, &classic_naive_bayes, &classic_forest,
};
#define KIND_COUNT ((int)(sizeof kinds / sizeof kinds[0]))

const char *nn_classifier_kind(int i)
{
    return i >= 0 && i < KIND_COUNT ? kinds[i]->kind : NULL;
}

const char *nn_classifier_kind_name(int i)
{
    return i >= 0 && i < KIND_COUNT ? kinds[i]->name : NULL;
}

const char *nn_classifier_name(const nn_classifier *c)
{
    return c ? c->ops->name : NULL;
}

/* ---- creating ------------------------------------------------------------------------------- */

static int check_args(const nn_classifier_args *a)
{
    static const char *const names[] = {
        "n_neighbors", "max_depth", "min_samples_split", "min_samples_leaf", "max_features",
        "n_estimators", "max_iter",
    };
    const int values[] = {
        a->n_neighbors, a->max_depth, a->min_samples_split, a->min_samples_leaf,
        a->max_features, a->n_estimators, a->max_iter,
    };
    for (int i = 0; i < (int)(sizeof values / sizeof values[0]); i++)
        if (values[i] < 0)
            return nn_fail("classifier: %s = %d: must be positive (0 for the default)",
                           names[i], values[i]);
    if (a->min_samples_split == 1)
        return nn_fail("classifier: min_samples_split = 1: must be at least 2 (a node of one "
                       "row cannot be split)");
    if (!(a->C >= 0.0) || isinf(a->C))
        return nn_fail("classifier: C = %g: must be a positive number (0 for 1.0)", a->C);
    if (!(a->var_smoothing >= 0.0) || isinf(a->var_smoothing))
        return nn_fail("classifier: var_smoothing = %g: must be a positive number (0 for 1e-9)",
                       a->var_smoothing);
    return 0;
}

nn_classifier *nn_classifier_new(const char *kind, const nn_classifier_args *a)
{
    static const nn_classifier_args defaults;
    if (!a)
        a = &defaults;
    const classic_ops *ops = NULL;
    for (int i = 0; i < KIND_COUNT; i++)
        if (kind && strcmp(kind, kinds[i]->kind) == 0)
            ops = kinds[i];
    if (!ops)
        return nn_fail_null("classifier: no kind \"%s\" (logistic_regression, knn, "
                            "decision_tree, gaussian_nb, random_forest)", kind ? kind : "(null)");
    if (check_args(a) < 0)
        return NULL;
    nn_classifier *c = calloc(1, sizeof *c);
    if (!c)
        return nn_fail_null("classifier: out of memory");
    c->ops = ops;
    c->args = *a;
    nn_classifier_args *d = &c->args;
    d->n_neighbors = d->n_neighbors ? d->n_neighbors : 5;
    d->min_samples_split = d->min_samples_split ? d->min_samples_split : 2;
    d->min_samples_leaf = d->min_samples_leaf ? d->min_samples_leaf : 1;
    d->n_estimators = d->n_estimators ? d->n_estimators : 100;
    d->C = d->C > 0.0 ? d->C : 1.0;
    d->max_iter = d->max_iter ? d->max_iter : 1000;
    d->var_smoothing = d->var_smoothing > 0.0 ? d->var_smoothing : 1e-9;
    return c;
}

static void release_fit(nn_classifier *c)
{
    if (c->model)
        c->ops->release(c->model);
    c->model = NULL;
    free(c->class_of);
    c->class_of = NULL;
    c->classes = c->all_classes = c->dim = 0;
}

void nn_classifier_free(nn_classifier *c)
{
    if (!c)
        return;
    release_fit(c);
    free(c);
}

/* ---- fitting -------------------------------------------------------------------------------- */

static int check_data(const nn_classifier *c, const float *x, int n, int dim, const char *what)
{
    if (!x)
        return nn_fail("%s: x is NULL", what);
    if (n < 1)
        return nn_fail("%s: %d rows: at least one is needed", what, n);
    if (dim < 1)
        return nn_fail("%s: %d features: at least one is needed", what, dim);
    for (size_t i = 0; i < (size_t)n * (size_t)dim; i++)
        if (!isfinite(x[i]))
            return nn_fail("%s: row %zu, feature %zu is %s: impute or drop missing values first "
                           "(nn_load_table does)", what, i / (size_t)dim, i % (size_t)dim,
                           isnan(x[i]) ? "NaN" : "infinite");
    return 0;
}

/* y as ints in 0..present-1 over the classes that occur; class_of maps them back. */
static int compact_labels(nn_classifier *c, const float *y, int n, int classes, int *labels)
{
    int *seen = calloc((size_t)classes, sizeof *seen); /* (classes) compact index + 1, or 0 */
    if (!seen)
        return nn_fail("%s fit: out of memory", c->ops->name);
    for (int i = 0; i < n; i++) {
        float v = y[i];
        if (!(v >= 0.0f && v < (float)classes) || v != floorf(v)) {
            free(seen);
            return nn_fail("%s fit: label %g of row %d is not a class index in 0..%d",
                           c->ops->name, (double)v, i, classes - 1);
        }
        seen[(int)v] = 1;
    }
    int present = 0;
    for (int k = 0; k < classes; k++)
        if (seen[k])
            seen[k] = ++present;
    if (present < 2) {
        free(seen);
        return nn_fail("%s fit: every training row has the class %g: at least two classes are "
                       "needed", c->ops->name, (double)y[0]);
    }
    if (!(c->class_of = malloc((size_t)present * sizeof *c->class_of))) {
        free(seen);
        return nn_fail("%s fit: out of memory", c->ops->name);
    }
    for (int k = 0; k < classes; k++)
        if (seen[k])
            c->class_of[seen[k] - 1] = k;
    for (int i = 0; i < n; i++)
        labels[i] = seen[(int)y[i]] - 1;
    free(seen);
    c->classes = present;
    return 0;
}

int nn_classifier_fit(nn_classifier *c, const float *x, const float *y, int n, int dim,
                      int classes)
{
    if (!c)
        return nn_fail("classifier fit: the classifier is NULL");
    release_fit(c);
    const char *name = c->ops->name;
    char what[64];
    snprintf(what, sizeof what, "%s fit", name);
    if (check_data(c, x, n, dim, what) < 0)
        return -1;
    if (!y)
        return nn_fail("%s fit: y is NULL", name);
    if (classes < 2)
        return nn_fail("%s fit: %d classes: a classifier needs at least two", name, classes);
    if (classes > n)
        return nn_fail("%s fit: %d classes for %d training rows: more classes than rows",
                       name, classes, n);
    int *labels = malloc((size_t)n * sizeof *labels); /* (n) */
    if (!labels)
        return nn_fail("%s fit: out of memory", name);
    int rc = compact_labels(c, y, n, classes, labels);
    c->dim = dim;
    c->all_classes = classes;
    if (rc == 0)
        rc = c->ops->fit(c, x, labels, n);
    free(labels);
    if (rc < 0)
        release_fit(c);
    return rc;
}

/* ---- predicting ----------------------------------------------------------------------------- */

typedef struct predict_job {
    const nn_classifier *c;
    const float *x;     /* (n, dim) */
    int n;
    float *labels;      /* (n), or NULL */
    float *proba;       /* (n, all_classes), or NULL */
    int tasks;
    atomic_int failed;  /* a task ran out of memory: any pool thread stores 1 (relaxed; read after
                           nn_pool_run has joined them) */
} predict_job;

/* Rows task * n / tasks .. (task + 1) * n / tasks: kNN compares each with every training row,
 * so the rows are shared out across the CPU pool. */
static void predict_rows(void *ctx, int task)
{
    predict_job *j = ctx;
    const nn_classifier *c = j->c;
    double *s = malloc((size_t)c->classes * sizeof *s); /* (classes) */
    if (!s) {
        atomic_store_explicit(&j->failed, 1, memory_order_relaxed);
        return;
    }
    int from = (int)((long long)task * j->n / j->tasks);
    int to = (int)((long long)(task + 1) * j->n / j->tasks);
    for (int i = from; i < to; i++) {
        c->ops->scores(c, j->x + (size_t)i * (size_t)c->dim, s);
        int best = 0;
        for (int k = 1; k < c->classes; k++)
            if (s[k] > s[best])
                best = k;
        if (j->labels)
            j->labels[i] = (float)c->class_of[best];
        if (!j->proba)
            continue;
        double total = 0.0, top = s[best];
        for (int k = 0; k < c->classes; k++) {
            if (c->ops->log_scores)
                s[k] = exp(s[k] - top); /* softmax, shifted so the largest is 1 */
            total += s[k];
        }
        float *p = j->proba + (size_t)i * (size_t)c->all_classes; /* (all_classes) */
        memset(p, 0, (size_t)c->all_classes * sizeof *p);
        for (int k = 0; k < c->classes; k++)
            p[c->class_of[k]] = (float)(s[k] / total);
    }
    free(s);
}

static int predict(const nn_classifier *c, const float *x, int n, float *labels, float *proba,
                   const char *what)
{
    if (!c)
        return nn_fail("classifier %s: the classifier is NULL", what);
    if (!c->model)
        return nn_fail("%s %s: fit it first", c->ops->name, what);
    char where[64];
    snprintf(where, sizeof where, "%s %s", c->ops->name, what);
    if (check_data(c, x, n, c->dim, where) < 0)
        return -1;
    if (!labels && !proba)
        return nn_fail("%s %s: the output is NULL", c->ops->name, what);
    int tasks = n < 64 ? 1 : nn_pool_threads() * 4;
    predict_job job = { c, x, n, labels, proba, tasks < n ? tasks : n, 0 };
    nn_pool_run(job.tasks, predict_rows, &job);
    if (atomic_load_explicit(&job.failed, memory_order_relaxed))
        return nn_fail("%s %s: out of memory", c->ops->name, what);
    return 0;
}

int nn_classifier_predict(const nn_classifier *c, const float *x, int n, float *labels)
{
    return predict(c, x, n, labels, NULL, "predict");
}

int nn_classifier_predict_proba(const nn_classifier *c, const float *x, int n, float *proba)
{
    return predict(c, x, n, NULL, proba, "predict_proba");
}
