/* tree.c — CART with the Gini impurity, as scikit-learn's DecisionTreeClassifier, and the
 * decision tree classifier built on it (the random forest grows the same trees).
 *
 * A node is split on the feature and threshold that most reduce the weighted impurity of its
 * children; thresholds lie halfway between two consecutive distinct values of the node's rows.
 * A node becomes a leaf when it is pure, has fewer than min_samples_split rows, reaches
 * max_depth, or no split leaves min_samples_leaf rows on each side. The details follow
 * scikit-learn so that the same data grows the same tree:
 *   - Gini of a node: 1 - sum_k (w_k / w)^2, w_k the weighted count of class k;
 *   - a split is scored by -(w_left * gini_left + w_right * gini_right), and the first best one
 *     found wins a tie; the features are tried in a random order drawn from the seed (as
 *     scikit-learn's random_state), so when two features split equally well the seed picks
 *     one. The generator is not numpy's: the same seed may pick another one than scikit-learn;
 *   - values closer than 1e-7 count as equal; a node whose impurity is at most DBL_EPSILON is a
 *     leaf;
 *   - max_features counts the features looked at in a node, constant ones included, unless all
 *     of them were constant. */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "classic.h"

#define FEATURE_THRESHOLD 1e-7

/* A row of the node with its value of the feature being tried. */
typedef struct entry { float value; int row; } entry;

/* Everything that growing one tree needs besides the tree. */
typedef struct grower {
    const float *x;         /* (n, dim) */
    const int *y;           /* (n) */
    const double *weight;   /* (n) or NULL */
    int dim, classes;
    cart_params p;
    nn_rng *rng;
    int *rows;              /* (n) the rows with weight, grouped by node */
    entry *sorted;          /* (n) scratch: a node's rows sorted by one feature */
    int *features;          /* (dim) the order features are tried in */
    double *left, *right;   /* (classes) scratch class counts */
    double w_total;         /* the weight of all rows */
} grower;

typedef struct split {
    int feature, pos;       /* rows [start, pos) go left */
    double threshold;
    double proxy;
} split;

/* ---- the tree's storage ----------------------------------------------------------------------- */

static int add_node(cart *t, int classes)
{
    if (t->count == t->cap) {
        int cap = t->cap ? t->cap * 2 : 64;
        cart_node *node = realloc(t->node, (size_t)cap * sizeof *node);
        if (node)
            t->node = node;
        double *value = realloc(t->value, (size_t)cap * (size_t)classes * sizeof *value);
        if (value)
            t->value = value;
        if (!node || !value)
            return -1;
        t->cap = cap;
    }
    t->node[t->count] = (cart_node){ -1, 0, 0, 0.0 };
    return t->count++;
}

void cart_free(cart *t)
{
    free(t->node);
    free(t->value);
    memset(t, 0, sizeof *t);
}

void cart_add_fractions(const cart *t, const float *row, double weight, double *out)
{
    int i = 0;
    while (t->node[i].feature >= 0) {
        const cart_node *n = &t->node[i];
        i = (double)row[n->feature] <= n->threshold ? n->left : n->right;
    }
    const double *leaf = t->value + (size_t)i * (size_t)t->classes; /* (classes) */
    double total = 0.0;
    for (int k = 0; k < t->classes; k++)
        total += leaf[k];
    for (int k = 0; k < t->classes; k++)
        out[k] += weight * leaf[k] / total;
}

unsigned long long classic_draw_seed(nn_rng *r)
{
    unsigned long long high = nn_rng_u32(r);
    return high << 32 | nn_rng_u32(r);
}

/* ---- finding a split -------------------------------------------------------------------------- */

static double gini(const double *count, int classes, double w)
{
    double sq = 0.0;
    for (int k = 0; k < classes; k++)
        sq += count[k] * count[k];
    return 1.0 - sq / (w * w);
}

static double row_weight(const grower *g, int row)
{
    return g->weight ? g->weight[row] : 1.0;
}

static int compare_entries(const void *a, const void *b)
{
    float u = ((const entry *)a)->value, v = ((const entry *)b)->value;
    return (u > v) - (u < v);
}

/* Tries every threshold of feature f over rows [start, end); updates best. 0 when the feature
 * is constant in the node. */
static int try_feature(grower *g, int f, int start, int end, const double *node_count,
                       double w_node, split *best)
{
    int m = end - start;
    entry *e = g->sorted;
    for (int i = 0; i < m; i++) {
        int row = g->rows[start + i];
        e[i] = (entry){ g->x[(size_t)row * (size_t)g->dim + (size_t)f], row };
    }
    qsort(e, (size_t)m, sizeof *e, compare_entries);
    if (e[m - 1].value <= e[0].value + FEATURE_THRESHOLD)
        return 0;
    double *left = g->left, *right = g->right;
    memset(left, 0, (size_t)g->classes * sizeof *left);
    double w_left = 0.0;
    for (int p = 1; p < m; p++) {
        double w = row_weight(g, e[p - 1].row);
        left[g->y[e[p - 1].row]] += w;
        w_left += w;
        if (e[p].value <= e[p - 1].value + FEATURE_THRESHOLD)
            continue; /* no threshold between equal values */
        if (p < g->p.min_samples_leaf || m - p < g->p.min_samples_leaf)
            continue;
        double w_right = w_node - w_left;
        for (int k = 0; k < g->classes; k++)
            right[k] = node_count[k] - left[k];
        double proxy = -w_right * gini(right, g->classes, w_right) -
                       w_left * gini(left, g->classes, w_left);
        if (proxy > best->proxy) {
            double threshold = e[p - 1].value / 2.0 + e[p].value / 2.0;
            if (threshold == e[p].value || isinf(threshold))
                threshold = e[p - 1].value;
            *best = (split){ f, start + p, threshold, proxy };
        }
    }
    return 1;
}

/* The best split of rows [start, end), or best.feature -1 when there is none. As scikit-learn,
 * max_features counts the features looked at, constant ones included, but the search goes on
 * while every one looked at was constant. */
static split find_split(grower *g, int start, int end, const double *node_count, double w_node)
{
    split best = { -1, end, 0.0, -INFINITY };
    int dim = g->dim, varying = 0;
    for (int i = 0; i < dim; i++)
        g->features[i] = i;
    for (int i = 0; i < dim && (i < g->p.max_features || varying == 0); i++) {
        if (g->rng) { /* draw the next feature among those not tried yet (Fisher–Yates) */
            int j = i + (int)(nn_rng_u32(g->rng) % (unsigned)(dim - i));
            int t = g->features[i];
            g->features[i] = g->features[j];
            g->features[j] = t;
        }
        varying += try_feature(g, g->features[i], start, end, node_count, w_node, &best);
    }
    return best;
}

/* Moves the rows that go left (x[feature] <= threshold) to the front of [start, end). */
static void partition(grower *g, int start, int end, const split *s)
{
    int i = start, j = end - 1;
    while (i <= j) {
        int row = g->rows[i];
        if ((double)g->x[(size_t)row * (size_t)g->dim + (size_t)s->feature] <= s->threshold) {
            i++;
        } else {
            g->rows[i] = g->rows[j];
            g->rows[j--] = row;
        }
    }
}

/* ---- growing ---------------------------------------------------------------------------------- */

typedef struct pending { int start, end, depth, node; } pending;

/* Grows the node's subtree depth first, with an explicit stack (a tree of a million rows may be
 * deeper than the C stack likes). */
static int grow(cart *t, grower *g, int n_rows)
{
    pending *stack = malloc((size_t)(n_rows + 1) * sizeof *stack); /* at most one per row */
    if (!stack)
        return -1;
    int top = 0, root = add_node(t, g->classes);
    if (root < 0) {
        free(stack);
        return -1;
    }
    stack[top++] = (pending){ 0, n_rows, 0, root };
    while (top > 0) {
        pending nd = stack[--top];
        double *count = t->value + (size_t)nd.node * (size_t)g->classes; /* (classes) */
        memset(count, 0, (size_t)g->classes * sizeof *count);
        double w_node = 0.0;
        for (int i = nd.start; i < nd.end; i++) {
            double w = row_weight(g, g->rows[i]);
            count[g->y[g->rows[i]]] += w;
            w_node += w;
        }
        int m = nd.end - nd.start;
        double impurity = gini(count, g->classes, w_node);
        if ((g->p.max_depth && nd.depth >= g->p.max_depth) || m < g->p.min_samples_split ||
            m < 2 * g->p.min_samples_leaf || impurity <= DBL_EPSILON)
            continue;
        split s = find_split(g, nd.start, nd.end, count, w_node);
        if (s.feature < 0)
            continue;
        /* scikit-learn's weighted impurity decrease; a split that would raise it is refused */
        double *left = g->left, *right = g->right;
        memset(left, 0, (size_t)g->classes * sizeof *left);
        partition(g, nd.start, nd.end, &s);
        double w_left = 0.0;
        for (int i = nd.start; i < s.pos; i++) {
            double w = row_weight(g, g->rows[i]);
            left[g->y[g->rows[i]]] += w;
            w_left += w;
        }
        double w_right = w_node - w_left;
        for (int k = 0; k < g->classes; k++)
            right[k] = count[k] - left[k];
        double improvement = w_node / g->w_total *
            (impurity - w_right / w_node * gini(right, g->classes, w_right) -
             w_left / w_node * gini(left, g->classes, w_left));
        if (improvement + DBL_EPSILON < 0.0)
            continue;
        int l = add_node(t, g->classes), r = l < 0 ? -1 : add_node(t, g->classes);
        if (l < 0 || r < 0) {
            free(stack);
            return -1;
        }
        t->node[nd.node] = (cart_node){ s.feature, l, r, s.threshold };
        /* the left child is grown first, as scikit-learn numbers its nodes */
        stack[top++] = (pending){ s.pos, nd.end, nd.depth + 1, r };
        stack[top++] = (pending){ nd.start, s.pos, nd.depth + 1, l };
    }
    free(stack);
    return 0;
}

int cart_fit(cart *t, const float *x, const int *y, const double *weight, int n, int dim,
             int classes, const cart_params *p, nn_rng *rng)
{
    memset(t, 0, sizeof *t);
    t->classes = classes;
    grower g = { x, y, weight, dim, classes, *p, rng, NULL, NULL, NULL, NULL, NULL, 0.0 };
    g.rows = malloc((size_t)n * sizeof *g.rows);
    g.sorted = malloc((size_t)n * sizeof *g.sorted);
    g.features = malloc((size_t)dim * sizeof *g.features);
    g.left = malloc((size_t)classes * 2 * sizeof *g.left);
    int rc = -1, rows = 0;
    if (g.rows && g.sorted && g.features && g.left) {
        g.right = g.left + classes;
        for (int i = 0; i < n; i++)
            if (row_weight(&g, i) > 0.0) { /* a row left out of a bootstrap is not in the tree */
                g.rows[rows++] = i;
                g.w_total += row_weight(&g, i);
            }
        rc = grow(t, &g, rows);
    }
    free(g.rows);
    free(g.sorted);
    free(g.features);
    free(g.left);
    if (rc < 0)
        cart_free(t);
    return rc;
}

/* ---- the decision tree classifier --------------------------------------------------------------- */

static void release(void *model)
{
    if (model)
        cart_free(model);
    free(model);
}

static int fit(nn_classifier *c, const float *x, const int *y, int n)
{
    const nn_classifier_args *a = &c->args;
    cart_params p = { a->max_depth, a->min_samples_split, a->min_samples_leaf,
                      a->max_features && a->max_features < c->dim ? a->max_features : c->dim };
    nn_rng rng;
    nn_rng_seed(&rng, a->seed);
    nn_rng_seed(&rng, classic_draw_seed(&rng));
    cart *t = malloc(sizeof *t);
    if (!t || cart_fit(t, x, y, NULL, n, c->dim, c->classes, &p, &rng) < 0) {
        free(t);
        return nn_fail("DecisionTreeClassifier fit: out of memory");
    }
    c->model = t;
    return 0;
}

/* the leaf's class fractions; the largest is the prediction */
static void scores(const nn_classifier *c, const float *row, double *out)
{
    for (int k = 0; k < c->classes; k++)
        out[k] = 0.0;
    cart_add_fractions(c->model, row, 1.0, out);
}

const classic_ops classic_tree = {
    "decision_tree", "DecisionTreeClassifier", 0, fit, scores, release,
};
