/* builtin.c — the small tables that scikit-learn ships (iris, wine, breast_cancer, digits), read
 * from the unchanged copies in assets/datasets.
 *
 * scikit-learn's files are not ordinary CSV: iris.csv, wine_data.csv and breast_cancer.csv start
 * with a line "rows,features,class name,class name,...", and digits.csv.gz has no header at all.
 * Every data row ends with the class index. The feature names live in scikit-learn's code
 * (sklearn/datasets/_base.py), so they are listed here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../internal.h"
#include "data.h"

static const char *const iris_features[] = {
    "sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)",
};

static const char *const wine_features[] = {
    "alcohol", "malic_acid", "ash", "alcalinity_of_ash", "magnesium", "total_phenols",
    "flavanoids", "nonflavanoid_phenols", "proanthocyanins", "color_intensity", "hue",
    "od280/od315_of_diluted_wines", "proline",
};

static const char *const cancer_features[] = {
    "mean radius", "mean texture", "mean perimeter", "mean area", "mean smoothness",
    "mean compactness", "mean concavity", "mean concave points", "mean symmetry",
    "mean fractal dimension",
    "radius error", "texture error", "perimeter error", "area error", "smoothness error",
    "compactness error", "concavity error", "concave points error", "symmetry error",
    "fractal dimension error",
    "worst radius", "worst texture", "worst perimeter", "worst area", "worst smoothness",
    "worst compactness", "worst concavity", "worst concave points", "worst symmetry",
    "worst fractal dimension",
};

static const char *const digit_classes[] = { "0", "1", "2", "3", "4", "5", "6", "7", "8", "9" };

typedef struct builtin {
    const char *name, *file;
    int rows, dim, classes;
    int side;                       /* images: side x side pixels; 0 for tables */
    const char *const *features;    /* (dim), or NULL for images: "pixel_<row>_<col>" */
    const char *const *class_names; /* (classes), or NULL when the file's first line has them */
} builtin;

static const builtin builtins[] = {
    { "iris", "iris.csv", 150, 4, 3, 0, iris_features, NULL },
    { "wine", "wine_data.csv", 178, 13, 3, 0, wine_features, NULL },
    { "breast_cancer", "breast_cancer.csv", 569, 30, 2, 0, cancer_features, NULL },
    { "digits", "digits.csv.gz", 1797, 64, 10, 8, NULL, digit_classes },
};

/* ---- the parts of a file -------------------------------------------------------------------- */

/* The line "150,4,setosa,versicolor,virginica": checks the counts, keeps the class names. */
static int read_counts_line(csv_reader *r, nn_dataset *d, const builtin *b)
{
    int got = csv_next(r);
    if (got <= 0)
        return got < 0 ? -1 : nn_fail("%s: the file is empty", r->path);
    float rows = 0, dim = 0;
    if (r->fields != 2 + b->classes || parse_float(csv_field(r, 0), &rows, 0) < 0 ||
        parse_float(csv_field(r, 1), &dim, 0) < 0 || rows != (float)b->rows ||
        dim != (float)b->dim)
        return nn_fail("%s:%ld: expected the line \"%d,%d,\" and %d class names, as "
                       "scikit-learn writes it", r->path, r->record_line, b->rows, b->dim,
                       b->classes);
    if (!(d->class_names = data_new_names(b->classes)))
        return -1;
    for (int c = 0; c < b->classes; c++)
        if (!(d->class_names[c] = data_strdup(csv_field(r, 2 + c))))
            return -1;
    return 0;
}

/* Row i: dim numbers, then the class index. */
static int read_row(const csv_reader *r, nn_dataset *d, int i)
{
    char column[CSV_COLUMN_LABEL];
    if (r->fields != d->dim + 1)
        return nn_fail("%s:%ld: %d fields, expected %d features and the class", r->path,
                       r->record_line, r->fields, d->dim);
    float *row = d->x + (size_t)i * (size_t)d->dim; /* (dim) */
    for (int j = 0; j <= d->dim; j++) {
        float *out = j < d->dim ? &row[j] : &d->y[i];
        if (parse_float(csv_field(r, j), out, 0) < 0)
            return nn_fail("%s:%ld: %s: \"%.40s\" is not a number", r->path,
                           r->field_line[j], csv_column_label(r, j, column, sizeof column),
                           csv_field(r, j));
    }
    float label = d->y[i];
    if (!(label >= 0.0f && label < (float)d->classes) || label != (float)(int)label)
        return nn_fail("%s:%ld: %s: \"%s\" is not a class index in 0..%d", r->path,
                       r->field_line[d->dim], csv_column_label(r, d->dim, column, sizeof column),
                       csv_field(r, d->dim), d->classes - 1);
    return 0;
}

static int read_rows(csv_reader *r, nn_dataset *d)
{
    int got, i = 0;
    while ((got = csv_next(r)) == 1) {
        if (i == d->n)
            return nn_fail("%s:%ld: more rows than the %d expected", r->path, r->record_line,
                           d->n);
        if (read_row(r, d, i++) < 0)
            return -1;
    }
    if (got < 0)
        return -1;
    if (i < d->n)
        return nn_fail("%s: %d rows, expected %d", r->path, i, d->n);
    return 0;
}

/* scikit-learn's load_digits names its pixels "pixel_0_0" .. "pixel_7_7". */
static int name_pixels(nn_dataset *d, int side)
{
    if (!(d->feature_names = data_new_names(d->dim)))
        return -1;
    for (int i = 0; i < d->dim; i++) {
        char name[32];
        snprintf(name, sizeof name, "pixel_%d_%d", i / side, i % side);
        if (!(d->feature_names[i] = data_strdup(name)))
            return -1;
    }
    d->ndim = 2;
    d->shape[0] = d->shape[1] = side;
    return 0;
}

static int load(nn_dataset *d, const builtin *b, const char *path)
{
    if (data_alloc(d, b->rows, b->dim) < 0)
        return -1;
    d->classes = b->classes;
    if (!(d->target_name = data_strdup("target")))
        return -1;
    if (b->side ? name_pixels(d, b->side) < 0
                : !(d->feature_names = data_copy_names(b->features, b->dim)))
        return -1;
    if (b->class_names && !(d->class_names = data_copy_names(b->class_names, b->classes)))
        return -1;

    csv_reader r;
    if (csv_open(&r, path, ',') < 0)
        return -1;
    int rc = b->class_names ? 0 : read_counts_line(&r, d, b);
    if (rc == 0)
        rc = read_rows(&r, d);
    csv_close(&r);
    return rc;
}

int nn_load_builtin(nn_dataset *d, const char *name)
{
    memset(d, 0, sizeof *d);
    const builtin *b = NULL;
    for (size_t i = 0; i < sizeof builtins / sizeof builtins[0]; i++)
        if (name && strcmp(name, builtins[i].name) == 0)
            b = &builtins[i];
    if (!b)
        return nn_fail("load_builtin: no dataset \"%s\" (iris, wine, breast_cancer, digits)",
                       name ? name : "(null)");
    char path[4096];
    if (data_asset_path(path, sizeof path, b->file) < 0)
        return -1;
    if (load(d, b, path) < 0) {
        nn_dataset_free(d);
        return -1;
    }
    return 0;
}
