/* forest.c — a random forest, as scikit-learn's RandomForestClassifier(n_estimators=100):
 * each tree is grown to purity (tree.c) on a bootstrap sample of the training rows (n draws
 * with replacement, a row drawn twice weighing twice), trying floor(sqrt(dim)) random features
 * at each split; the forest's probabilities are the mean of its trees' leaf class fractions.
 *
 * Each tree draws from its own generator, seeded from the forest's seed and its index before
 * any tree is grown, so the trees can be grown on the CPU pool in any order and a seed names
 * one forest whatever the thread count. The generators are not numpy's: the same seed does not
 * give scikit-learn's forest, only one as good. */
#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "../cpu/pool.h"
#include "classic.h"

typedef struct forest {
    int trees, classes;
    cart *tree;             /* (trees) */
} forest;

typedef struct grow_job {
    forest *f;
    const float *x;         /* (n, dim) */
    const int *y;           /* (n) */
    int n, dim;
    cart_params p;
    const unsigned long long *seed; /* (trees) */
    atomic_int failed;      /* a tree ran out of memory: any pool thread stores 1 (relaxed; read
                               after nn_pool_run has joined them) */
} grow_job;

static void release(void *model)
{
    forest *f = model;
    for (int t = 0; f && f->tree && t < f->trees; t++)
        cart_free(&f->tree[t]);
    if (f)
        free(f->tree);
    free(f);
}

static void grow_tree(void *ctx, int t)
{
    grow_job *j = ctx;
    nn_rng rng;
    nn_rng_seed(&rng, j->seed[t]);
    double *weight = calloc((size_t)j->n, sizeof *weight); /* (n) draws of each row */
    int rc = -1;
    if (weight) {
        for (int i = 0; i < j->n; i++)
            weight[nn_rng_u32(&rng) % (unsigned)j->n] += 1.0;
        rc = cart_fit(&j->f->tree[t], j->x, j->y, weight, j->n, j->dim, j->f->classes, &j->p,
                      &rng);
    }
    free(weight);
    if (rc < 0)
        atomic_store_explicit(&j->failed, 1, memory_order_relaxed);
}

static int fit(nn_classifier *c, const float *x, const int *y, int n)
{
    const nn_classifier_args *a = &c->args;
    int sqrt_dim = (int)floor(sqrt((double)c->dim));
    cart_params p = { a->max_depth, a->min_samples_split, a->min_samples_leaf,
                      a->max_features ? a->max_features : sqrt_dim > 0 ? sqrt_dim : 1 };
    p.max_features = p.max_features < c->dim ? p.max_features : c->dim;
    forest *f = calloc(1, sizeof *f);
    unsigned long long *seed = malloc((size_t)a->n_estimators * sizeof *seed); /* (trees) */
    if (f)
        f->tree = calloc((size_t)a->n_estimators, sizeof *f->tree);
    if (!f || !f->tree || !seed) {
        free(seed);
        release(f);
        return nn_fail("RandomForestClassifier fit: out of memory");
    }
    f->trees = a->n_estimators;
    f->classes = c->classes;
    nn_rng rng;
    nn_rng_seed(&rng, a->seed);
    for (int t = 0; t < f->trees; t++)
        seed[t] = classic_draw_seed(&rng);
    grow_job job = { f, x, y, n, c->dim, p, seed, 0 };
    nn_pool_run(f->trees, grow_tree, &job);
    free(seed);
    if (atomic_load_explicit(&job.failed, memory_order_relaxed)) {
        release(f);
        return nn_fail("RandomForestClassifier fit: out of memory");
    }
    c->model = f;
    return 0;
}

/* the mean over the trees of the leaf's class fractions */
static void scores(const nn_classifier *c, const float *row, double *out)
{
    const forest *f = c->model;
    for (int k = 0; k < f->classes; k++)
        out[k] = 0.0;
    for (int t = 0; t < f->trees; t++)
        cart_add_fractions(&f->tree[t], row, 1.0 / f->trees, out);
}

const classic_ops classic_forest = {
    "random_forest", "RandomForestClassifier", 0, fit, scores, release,
};
