/* data.h — the datasets the scenes train on, loaded once per process and shared.
 *
 * Each set is split and scaled the way the course does it: pixels divided by their maximum
 * (255 for MNIST and Fashion-MNIST, 16 for the 8×8 digits), tables standardised on their training
 * part, TensorFlow Playground's points left as they are. Loading runs on whichever thread asks
 * first (a trainer's worker, so the window never waits); later callers get the same copy.
 */
#ifndef NEURONE_DATA_H
#define NEURONE_DATA_H

#include <stddef.h>

#include "nn.h"

typedef struct data_set {
    char key[64];
    nn_dataset train, test;
    int image_side;        /* 28 or 8 for image sets, else 0 */
} data_set;

/* The playground sets, the tables, the image sets, in the order the menus show them. */
enum { DATA_NAMES = 12 };
extern const char *const data_names[DATA_NAMES];

int data_is_playground(const char *name);  /* the 2-D sets, the regression ones included */
int data_is_regression(const char *name);  /* reg_plane, reg_gauss: a value to predict, classes 0 */
int data_is_image(const char *name);
/* Loads name ("circle", "iris", "mnist", "fashion_mnist", ...; also "mnist_10x10", the digits
 * shrunk to 100 pixels for the Keras lesson, in no menu) or returns the loaded copy.
 * Playground sets take points and noise (0 0: 500 points, noise 0.05). NULL on failure with the
 * loader's message in err. Thread-safe; the data stay valid until data_free_all. */
const data_set *data_get(const char *name, int points, float noise, char *err, size_t n);
/* data_get with a 2-D set's split and draw: test_ratio the test part (0: 0.3, else 0.05..0.95),
 * seed the points drawn (0: the fixed seed 7); both are part of the cached copy's key. Other sets
 * ignore seed; test_ratio splits the tables too (only 0 for the image sets). */
const data_set *data_get_drawn(const char *name, int points, float noise, float test_ratio,
                               unsigned seed, char *err, size_t n);
/* Class c's name as the course writes it (French names for Fashion-MNIST in French). */
const char *data_class_name(const data_set *d, int c);
/* A class name as the student reads it: in French, the built-in tables' English names
 * (scikit-learn's "malignant", "benign", "class_0"...) in French; any other name as it is. */
const char *data_class_label(const char *name);
/* The menu's label for a dataset name. */
const char *data_label(const char *name);
/* The student's own table (a CSV dropped on the training scene, or --open): the dataset name
 * DATA_CSV, in no lesson's list. data_csv_open reads path at once through the engine's table
 * loader (text columns one-hot encoded, missing numbers replaced by the column's mean, the target
 * the last column, or target when not NULL), so that a bad file is told now, with its line and
 * field, in err (0, or -1 and the previous table, if any, still open). data_get(DATA_CSV) then gives
 * it split and standardised as the built-in tables. Each open is a new table; the UI's thread only. */
#define DATA_CSV "csv"
int data_csv_open(const char *path, const char *target, char *err, size_t n);
/* The open table's file, or NULL when none was opened. */
const char *data_csv_path(void);
/* Frees every loaded set; only once no trainer runs. */
void data_free_all(void);

#endif
