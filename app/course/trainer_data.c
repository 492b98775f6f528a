/* trainer_data.c — the data a trainer trains on, as Playground's controls shape it: the points
 * drawn and split (data_get_drawn), a table's two chosen columns, and the input features computed
 * from a 2-D point (x1, x2).
 *
 * When nothing is chosen (features 0, project 0) the trainer trains on the shared cached copy, as
 * before; otherwise on its own transformed copy, which trainer_data() then hands to the UI, so
 * that what the scene draws is what the model sees. */
#include "trainer_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang.h"

const char *const trainer_feature_names[TRAINER_N_FEATURES] = {
    "x₁", "x₂", "x₁²", "x₂²", "x₁x₂", "sin x₁", "sin x₂",
};

int trainer_features_of(const trainer_config *c, float x1, float x2, float *out)
{
    unsigned f = c->features & ((1u << TRAINER_N_FEATURES) - 1);
    if (f == 0) { /* the point as it is */
        out[0] = x1;
        out[1] = x2;
        return 2;
    }
    const float all[TRAINER_N_FEATURES] = { x1, x2, x1 * x1, x2 * x2, x1 * x2, sinf(x1), sinf(x2) };
    int k = 0;
    for (int i = 0; i < TRAINER_N_FEATURES; i++)
        if (f & (1u << i))
            out[k++] = all[i];
    return k;
}

/* The part's rows through the projection (columns col[0], col[1]; col NULL: all of a 2-D set's)
 * and the features, into a new part that owns its arrays. */
static int transform_part(const trainer_config *c, const nn_dataset *src, const int *col,
                          nn_dataset *dst)
{
    float probe[TRAINER_N_FEATURES];
    int dim = trainer_features_of(c, 0, 0, probe);
    *dst = (nn_dataset){ .n = src->n, .dim = dim, .ndim = 1, .shape = { dim }, .classes = src->classes };
    dst->x = malloc((size_t)(src->n ? src->n : 1) * (size_t)dim * sizeof *dst->x); /* (n, dim) */
    dst->y = malloc((size_t)(src->n ? src->n : 1) * sizeof *dst->y);
    if (!dst->x || !dst->y) {
        nn_dataset_free(dst);
        return -1;
    }
    memcpy(dst->y, src->y, (size_t)src->n * sizeof *dst->y);
    for (int i = 0; i < src->n; i++) {
        const float *row = src->x + (size_t)i * src->dim;
        float x1 = col ? row[col[0]] : row[0], x2 = col ? row[col[1]] : row[1];
        trainer_features_of(c, x1, x2, dst->x + (size_t)i * dim);
    }
    /* the class names follow, for the legend (the shared copy outlives this one) */
    if (src->class_names && src->classes > 0 && (dst->class_names = calloc((size_t)src->classes, sizeof(char *))))
        for (int k = 0; k < src->classes; k++)
            dst->class_names[k] = src->class_names[k] ? strdup(src->class_names[k]) : NULL;
    return 0;
}

int trainer_data_load(const trainer_config *c, data_set *own, const data_set **out, char *err, size_t n)
{
    const data_set *d = data_get_drawn(c->dataset, c->points, c->noise, c->test_ratio, c->data_seed, err, n);
    if (!d)
        return -1;
    *out = d;
    int planar = data_is_playground(c->dataset);
    int project = c->project && !planar && !d->image_side;
    if (c->project && !project) {
        snprintf(err, n, TR("%s : projeter sur deux colonnes ne vaut que pour un tableau (iris, wine, breast_cancer)",
                            "%s: projecting on two columns is for a table only (iris, wine, breast_cancer)"),
                 c->dataset);
        return -1;
    }
    for (int k = 0; project && k < 2; k++)
        if (c->table_col[k] < 0 || c->table_col[k] >= d->train.dim) {
            snprintf(err, n, TR("%s : la colonne %d (table_col[%d]) n'existe pas ; 0 à %d",
                                "%s: column %d (table_col[%d]) does not exist; 0 to %d"),
                     c->dataset, c->table_col[k], k, d->train.dim - 1);
            return -1;
        }
    if (!project && !(planar && c->features))
        return 0; /* the shared copy as it is */
    *own = (data_set){ .image_side = 0 };
    snprintf(own->key, sizeof own->key, "%s", d->key);
    const int *col = project ? c->table_col : NULL;
    if (transform_part(c, &d->train, col, &own->train) < 0 || transform_part(c, &d->test, col, &own->test) < 0) {
        nn_dataset_free(&own->train);
        snprintf(err, n, "%s: out of memory for the chosen features", c->dataset);
        return -1;
    }
    *out = own;
    return 0;
}

/* ---- a saved model's weights ------------------------------------------------------------------- */

/* Layer i of the saved model against the built one's: the same kind, widths and parameters. */
static int same_layer(const nn_model *saved, const nn_model *m, int i, const char *path, char *err, size_t n)
{
    nn_layer_info a, b;
    nn_layer_info_get(m, i, &a);
    nn_layer_info_get(saved, i, &b);
    if (strcmp(a.kind, b.kind) == 0 && a.inputs == b.inputs && a.units == b.units && a.params == b.params)
        return 0;
    snprintf(err, n,
             TR("%s : la couche %d du fichier est %s(%d → %d, %ld paramètres), celle du modèle de la scène %s(%d → %d, %ld)",
                "%s: the file's layer %d is %s(%d → %d, %ld parameters), the scene's model's %s(%d → %d, %ld)"),
             path, i + 1, b.kind, b.inputs, b.units, b.params, a.kind, a.inputs, a.units, a.params);
    return -1;
}

int trainer_weights_load(const char *path, nn_model *m, char *err, size_t n)
{
    nn_model *saved = nn_load(path);
    if (!saved) {
        snprintf(err, n, "%s", nn_error()); /* "load: PATH: checksum mismatch: ..." */
        return -1;
    }
    int rc = 0, layers = nn_layer_count(m);
    if (nn_layer_count(saved) != layers) {
        snprintf(err, n, TR("%s : le fichier a %d couches, le modèle de la scène %d",
                            "%s: the file has %d layers, the scene's model %d"),
                 path, nn_layer_count(saved), layers);
        rc = -1;
    }
    for (int i = 0; i < layers && rc == 0; i++) {
        nn_layer_info li;
        nn_layer_info_get(m, i, &li);
        if ((rc = same_layer(saved, m, i, path, err, n)) < 0 || strcmp(li.kind, "Dense") != 0)
            continue;
        /* kernel (inputs, units) row-major, then bias (units) */
        float *kernel = malloc((size_t)li.inputs * (size_t)li.units * sizeof *kernel);
        float *bias = malloc((size_t)li.units * sizeof *bias);
        rc = kernel && bias ? 0 : -1;
        if (rc == 0 && (nn_get_weights(saved, i, kernel, bias) < 0 || nn_set_weights(m, i, kernel, bias) < 0))
            rc = -1;
        if (rc < 0)
            snprintf(err, n, "%s: %s", path, kernel && bias ? nn_error() : "out of memory");
        free(kernel);
        free(bias);
    }
    nn_free(saved);
    return rc;
}
