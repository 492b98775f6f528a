/* knn.c — k-nearest neighbours, as scikit-learn's KNeighborsClassifier(n_neighbors=5): Euclidean
 * distance, a uniform vote among the k nearest training rows. A tied vote goes to the smaller
 * class (scipy's mode, which scikit-learn uses), and of training rows at the same distance the
 * earlier ones count as nearer. The "fit" keeps a copy of the rows; predicting compares each row
 * with all of them, as scikit-learn's algorithm="brute", whose choice among rows at the same
 * distance this one matches. Its default, a k-d tree for few features, may keep another of
 * them: on tables of whole numbers (ages, counts) that can change a prediction or two. */
#include <stdlib.h>
#include <string.h>

#include "classic.h"

typedef struct knn {
    int n, dim, k;
    float *x;               /* (n, dim) the training rows */
    int *y;                 /* (n) */
} knn;

static void release(void *model)
{
    knn *m = model;
    if (m) {
        free(m->x);
        free(m->y);
    }
    free(m);
}

static int fit(nn_classifier *c, const float *x, const int *y, int n)
{
    if (c->args.n_neighbors > n)
        return nn_fail("KNeighborsClassifier fit: n_neighbors = %d, but there are only %d "
                       "training rows", c->args.n_neighbors, n);
    knn *m = calloc(1, sizeof *m);
    if (m) {
        m->x = malloc((size_t)n * (size_t)c->dim * sizeof *m->x);
        m->y = malloc((size_t)n * sizeof *m->y);
    }
    if (!m || !m->x || !m->y) {
        release(m);
        return nn_fail("KNeighborsClassifier fit: out of memory");
    }
    memcpy(m->x, x, (size_t)n * (size_t)c->dim * sizeof *m->x);
    memcpy(m->y, y, (size_t)n * sizeof *m->y);
    m->n = n;
    m->dim = c->dim;
    m->k = c->args.n_neighbors;
    c->model = m;
    return 0;
}

/* The class fractions among the k nearest rows. */
static void scores(const nn_classifier *c, const float *row, double *out)
{
    const knn *m = c->model;
    enum { SMALL = 64 };
    double near_d[SMALL], *dist = near_d; /* (k) the k smallest distances, increasing */
    int near_i[SMALL], *who = near_i;     /* (k) their rows */
    if (m->k > SMALL) {
        dist = malloc((size_t)m->k * sizeof *dist);
        who = malloc((size_t)m->k * sizeof *who);
    }
    int found = 0;
    for (int i = 0; dist && who && i < m->n; i++) {
        const float *t = m->x + (size_t)i * (size_t)m->dim; /* (dim) */
        double d = 0.0;
        for (int j = 0; j < m->dim; j++) {
            double diff = (double)row[j] - t[j];
            d += diff * diff;
        }
        if (found == m->k && d >= dist[found - 1])
            continue; /* not nearer than the k-th: an equal distance keeps the earlier row */
        int at = found < m->k ? found++ : found - 1;
        while (at > 0 && dist[at - 1] > d) {
            dist[at] = dist[at - 1];
            who[at] = who[at - 1];
            at--;
        }
        dist[at] = d;
        who[at] = i;
    }
    for (int k = 0; k < c->classes; k++)
        out[k] = 0.0;
    for (int r = 0; r < found; r++)
        out[m->y[who[r]]] += 1.0 / found;
    if (dist != near_d)
        free(dist);
    if (who != near_i)
        free(who);
}

const classic_ops classic_knn = { "knn", "KNeighborsClassifier", 0, fit, scores, release };
