/* classic.h — shared by the classic classifiers in engine/classic only; never installed.
 *
 * classifier.c checks every input once and hands each kind clean data: finite features, labels
 * 0..classes-1 with every class present (classes absent from the training rows are taken out
 * before, as scikit-learn's classes_ only holds the labels it saw). A kind fills one row's class
 * scores; classifier.c turns them into labels and probabilities. */
#ifndef NEURONE_CLASSIC_H
#define NEURONE_CLASSIC_H

#include "../internal.h"
#include "../nn.h"

typedef struct classic_ops {
    const char *kind;       /* "knn" */
    const char *name;       /* "KNeighborsClassifier" */
    int log_scores;         /* 1: scores are log-probabilities up to a constant (softmax them) */
    /* x (n, c->dim), y (n) in 0..classes-1; sets c->model. */
    int  (*fit)(nn_classifier *c, const float *x, const int *y, int n);
    /* scores (classes) for one row: probabilities, or log ones; the largest is the prediction,
     * the first of equal ones on a tie. */
    void (*scores)(const nn_classifier *c, const float *row, double *scores);
    void (*release)(void *model);
} classic_ops;

struct nn_classifier {
    const classic_ops *ops;
    nn_classifier_args args;    /* with scikit-learn's defaults filled in */
    int dim;                    /* features of the fit */
    int classes;                /* classes present in the training rows */
    int all_classes;            /* classes as the caller counts them */
    int *class_of;              /* (classes) the caller's index of each class present */
    void *model;                /* the kind's, NULL before a fit */
};

extern const classic_ops classic_logistic, classic_knn, classic_tree, classic_naive_bayes,
    classic_forest;

/* ---- CART, for the decision tree and the random forest -------------------------------------- */

typedef struct cart_node {
    int feature;            /* -1 for a leaf */
    int left, right;        /* children, when feature >= 0 */
    double threshold;       /* a row goes left when x[feature] <= threshold */
} cart_node;

typedef struct cart {
    int classes;
    cart_node *node;        /* (count) node 0 is the root */
    double *value;          /* (count, classes) the weighted class counts in each node */
    int count, cap;
} cart;

typedef struct cart_params {
    int max_depth;          /* 0: none */
    int min_samples_split, min_samples_leaf;
    int max_features;       /* features tried per split, at most dim */
} cart_params;

/* Grows a tree on x (n, dim) and y (n). weight (n): how many times each row counts (a bootstrap),
 * or NULL for once each. Each split looks at max_features features in a random order drawn from
 * rng, and at more while all of those were constant in the node, as scikit-learn does (rng
 * NULL: in order). Never calls nn_fail (it may run on a worker thread): -1 means out of
 * memory. */
int  cart_fit(cart *t, const float *x, const int *y, const double *weight, int n, int dim,
              int classes, const cart_params *p, nn_rng *rng);
/* Adds weight times the class fractions of the leaf that row falls in to out (classes). */
void cart_add_fractions(const cart *t, const float *row, double weight, double *out);
void cart_free(cart *t);

/* A seed drawn from r. nn_rng_seed(s + 1) starts where nn_rng_seed(s) is after one draw, so the
 * trees of neighbouring seeds would share their draws; a generator seeded from a draw does not. */
unsigned long long classic_draw_seed(nn_rng *r);

#endif
