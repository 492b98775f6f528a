/* nn_data.h — datasets for the engine: CSV, IDX (MNIST format), built-in tables, TensorFlow
 * Playground's 2-D generators, splits and scalers. Included by nn.h; same conventions:
 * 0 / -1 with nn_error(), never exits or prints. Loader errors name the file, line and column. */
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
    char **class_names;    /* classes names (string labels, in index order), or NULL */
    char *target_name;     /* or NULL */
} nn_dataset;

typedef struct nn_csv_args {
    const char *target;     /* target column name; NULL -> the last column */
    char separator;         /* ',' or ';'; 0 -> detected from the header line */
    int regression;         /* 1: keep a numeric target as a value, not a class */
} nn_csv_args;

/* RFC 4180 CSV with a header row: quoted fields, "" escapes, comma or semicolon, CRLF or LF.
 * Feature columns must be numeric; a string target is mapped to class indices in order of first
 * appearance... numeric class labels are mapped in increasing order. */
int  nn_load_csv(nn_dataset *d, const char *path, const nn_csv_args *a);
/* IDX files (gzip or plain): images (n, rows, cols) as floats in 0..255, labels (n). */
int  nn_load_idx(nn_dataset *d, const char *images_path, const char *labels_path);
/* Fashion-MNIST from Debian's dataset-fashion-mnist (/usr/share/datasets/fashion-mnist), or from
 * $NEURONE_FASHION_MNIST. which: "train" (60,000) or "test" (10,000). Pixels 0..255. */
int  nn_load_fashion_mnist(nn_dataset *d, const char *which);
/* The 10,000 MNIST digits shipped in assets/datasets. which: "train" (first 8,000) or "test"
 * (last 2,000). Pixels 0..255. */
int  nn_load_mnist(nn_dataset *d, const char *which);
/* "iris", "wine", "breast_cancer", "digits" (8x8), from assets/datasets. */
int  nn_load_builtin(nn_dataset *d, const char *name);
/* TensorFlow Playground's 2-D sets: "circle", "xor", "gauss", "spiral". noise in [0, 0.5] as
 * Playground's slider / 100. Two classes (0 and 1). */
int  nn_playground(nn_dataset *d, const char *kind, int n, float noise, unsigned seed);

/* x *= factor, e.g. 1/255.0 to scale pixels to 0..1. */
void nn_dataset_scale(nn_dataset *d, float factor);
/* Seeded shuffle then split, as scikit-learn's train_test_split; test gets round-up(n*test_size). */
int  nn_train_test_split(const nn_dataset *d, float test_size, unsigned seed,
                         nn_dataset *train, nn_dataset *test);
/* (n, classes) one-hot rows for categorical_crossentropy; caller frees. */
float *nn_one_hot(const float *labels, int n, int classes);
void nn_dataset_free(nn_dataset *d);

/* MinMaxScaler / StandardScaler: x' = (x - offset) * scale, per feature. Fit on the training part
 * only, then transform both parts. */
typedef struct nn_scaler { int dim; float *offset, *scale; } nn_scaler;
int  nn_scaler_fit(nn_scaler *s, const char *kind /* "minmax" | "standard" */, const nn_dataset *d);
int  nn_scaler_transform(const nn_scaler *s, nn_dataset *d);
void nn_scaler_free(nn_scaler *s);

/* Where assets/ is: $NEURONE_DATA_DIR, else the install data dir, else the source tree. */
const char *nn_data_dir(void);

#endif
