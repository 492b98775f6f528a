/* nn_data.h — datasets for the engine: CSV, IDX (MNIST format), built-in tables, TensorFlow
 * Playground's 2-D generators, splits and scalers. Included by nn.h; same conventions:
 * 0 / -1 with nn_error(), never exits or prints. Loader errors name the file, line and column,
 * as in 'heart.csv:17: column 4 "age": "abc" is not a number'.
 *
 * Every function that fills an nn_dataset first zeroes it, and leaves it zeroed on failure:
 * there is nothing to free after an error. Free a filled one with nn_dataset_free. */
#ifndef NEURONE_NN_DATA_H
#define NEURONE_NN_DATA_H

typedef struct nn_dataset {
    int n;                 /* rows (samples) */
    int dim;               /* features per row, flattened */
    int ndim, shape[3];    /* the shape of one sample, e.g. 2 and {28, 28} for images; 1 and {dim} else */
    int classes;           /* number of classes; 0 when the target is numeric (regression) */
    float *x;              /* (n, dim) */
    float *y;              /* (n) class indices as floats, or the numeric target */
    char **feature_names;  /* dim names, or NULL */
    char **class_names;    /* classes names (the labels' text, in index order), or NULL */
    char *target_name;     /* or NULL */
} nn_dataset;

typedef struct nn_csv_args {
    const char *target;     /* target column name; NULL -> the last column */
    char separator;         /* ',' or ';'; 0 -> detected from the header line */
    int regression;         /* 1: keep a numeric target as a value, not a class */
} nn_csv_args;

/* RFC 4180 CSV with a header row: quoted fields (with "" escapes, separators and newlines
 * inside), comma or semicolon, CRLF or LF, a UTF-8 byte order mark skipped, blank lines skipped.
 * Plain or gzip. Names in the header are trimmed of spaces. Every other column than the target
 * must be numeric, with no empty cell; numbers use '.' whatever the locale, and ',' too when the
 * separator is ';' ("1,5;2"). Lines longer than 1 MiB are refused.
 * Classes, as scikit-learn's LabelEncoder: numeric labels in increasing order (2 before 10),
 * text labels in byte order ("setosa" < "versicolor"); class_names holds each class's text.
 * With a.regression the target must be numeric and y holds it (classes 0). a may be NULL. */
int  nn_load_csv(nn_dataset *d, const char *path, const nn_csv_args *a);
/* IDX files (gzip or plain): images (n, rows, cols) as floats in 0..255, labels (n).
 * shape {rows, cols}; classes = the largest label + 1; no names. */
int  nn_load_idx(nn_dataset *d, const char *images_path, const char *labels_path);
/* Fashion-MNIST from Debian's dataset-fashion-mnist (/usr/share/datasets/fashion-mnist), or from
 * $NEURONE_FASHION_MNIST. which: "train" (60,000) or "test" (10,000). Pixels 0..255.
 * class_names: T-shirt/top, Trouser, Pullover, Dress, Coat, Sandal, Shirt, Sneaker, Bag,
 * Ankle boot. */
int  nn_load_fashion_mnist(nn_dataset *d, const char *which);
/* The 10,000 MNIST digits shipped in assets/datasets. which: "train" (first 8,000) or "test"
 * (last 2,000); each digit is split 80/20 and both parts are shuffled once, in the file
 * (tools/make_mnist_idx.js). Pixels 0..255, class_names "0".."9". */
int  nn_load_mnist(nn_dataset *d, const char *which);
/* scikit-learn's "iris", "wine", "breast_cancer", "digits" (8x8 images, pixels 0..16), from
 * assets/datasets, with scikit-learn's feature and class names and class indices. */
int  nn_load_builtin(nn_dataset *d, const char *name);
/* TensorFlow Playground's 2-D sets: "circle", "xor", "gauss", "spiral" (classes 2), and its
 * regression sets "reg_plane", "reg_gauss" (classes 0; y a value: (x1 + x2) / 10, or six
 * ±1 bumps of radius 2; noise moves where the value is read by up to ±6·noise); n >= 2, shuffled.
 * Playground's -1 / +1 labels become 0 / 1. noise in [0, 0.5] is Playground's slider / 100, with
 * its meaning there: circle and xor keep the points and flip labels near the boundary; gauss
 * widens the clouds (variance 0.5 -> 4); spiral moves the points by up to ±noise.
 * Features "x1", "x2"; the same seed gives the same points. */
int  nn_playground(nn_dataset *d, const char *kind, int n, float noise, unsigned seed);

/* x *= factor, e.g. 1/255.0 to scale pixels to 0..1. */
void nn_dataset_scale(nn_dataset *d, float factor);
/* Seeded shuffle then split, as scikit-learn's train_test_split: test gets ceil(n * test_size)
 * rows (a float test_size such as 0.2f counts as 0.2), train the rest; names and classes are
 * copied. train and test are new datasets, to free; d is left as it is. */
int  nn_train_test_split(const nn_dataset *d, float test_size, unsigned seed,
                         nn_dataset *train, nn_dataset *test);
/* (n, classes) one-hot rows for categorical_crossentropy; caller frees. NULL when a label is
 * not a whole number in 0..classes-1. */
float *nn_one_hot(const float *labels, int n, int classes);
/* Frees what a loader allocated and zeroes d; safe on a zeroed dataset and on NULL. */
void nn_dataset_free(nn_dataset *d);

/* MinMaxScaler / StandardScaler: x' = (x - offset) * scale, per feature. Fit on the training part
 * only, then transform both parts.
 *   minmax    offset = min, scale = 1 / (max - min)
 *   standard  offset = mean, scale = 1 / std, the population std (ddof = 0)
 * A constant feature gets scale 1, as in scikit-learn. */
typedef struct nn_scaler { int dim; float *offset, *scale; } nn_scaler;
int  nn_scaler_fit(nn_scaler *s, const char *kind /* "minmax" | "standard" */, const nn_dataset *d);
int  nn_scaler_transform(const nn_scaler *s, nn_dataset *d);
void nn_scaler_free(nn_scaler *s);

/* Where assets/ is: $NEURONE_DATA_DIR, else the install data dir if it exists, else the source
 * tree's. The datasets are in its datasets/ folder. */
const char *nn_data_dir(void);

#include "nn_classic.h"

#endif
