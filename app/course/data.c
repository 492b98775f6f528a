/* data.c — the shared, lazily loaded datasets of the scenes. */
#include "data.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang.h"
#include "nn_classic.h"

/* each Regenerate of a 2-D set (a new data_seed) adds one, of a few kilobytes */
enum { MAX_SETS = 512 };

const char *const data_names[DATA_NAMES] = {
    "circle", "xor", "gauss", "spiral", "reg_plane", "reg_gauss", "iris", "wine", "breast_cancer", "digits", "mnist", "fashion_mnist",
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static data_set *sets[MAX_SETS];
static int n_sets;
/* the student's table (DATA_CSV): its file and target column, and which open it is, so that a
 * second file (or the same one, edited) is never answered from the first one's cached copy */
static char csv_path[1024], csv_target[256];
static unsigned csv_opens;

int data_is_playground(const char *name)
{
    return strcmp(name, "circle") == 0 || strcmp(name, "xor") == 0 || strcmp(name, "gauss") == 0 ||
           strcmp(name, "spiral") == 0 || data_is_regression(name);
}

int data_is_regression(const char *name)
{
    return strcmp(name, "reg_plane") == 0 || strcmp(name, "reg_gauss") == 0;
}

int data_is_image(const char *name)
{
    return strcmp(name, "mnist") == 0 || strcmp(name, "fashion_mnist") == 0 || strcmp(name, "digits") == 0;
}

const char *data_label(const char *name)
{
    static const struct { const char *name, *fr, *en; } labels[] = {
        { "circle", "Cercle (2-D)", "Circle (2-D)" },
        { "xor", "Ou exclusif (2-D)", "Exclusive or (2-D)" },
        { "gauss", "Deux nuages (2-D)", "Two clouds (2-D)" },
        { "spiral", "Spirale (2-D)", "Spiral (2-D)" },
        { "reg_plane", "Plan incliné (régression)", "Tilted plane (regression)" },
        { "reg_gauss", "Six bosses (régression)", "Six bumps (regression)" },
        { "iris", "Iris (4 mesures)", "Iris (4 measures)" },
        { "wine", "Vins (13 mesures)", "Wine (13 measures)" },
        { "breast_cancer", "Cancer du sein (30)", "Breast cancer (30)" },
        { "digits", "Chiffres 8×8", "Digits 8×8" },
        { "mnist", "Chiffres MNIST 28×28", "MNIST digits 28×28" },
        { "fashion_mnist", "Fashion-MNIST", "Fashion-MNIST" },
    };
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
        if (strcmp(labels[i].name, name) == 0)
            return TR(labels[i].fr, labels[i].en);
    if (strcmp(name, DATA_CSV) == 0 && csv_path[0]) {
        /* the file's name without its folders: the menu is narrow */
        static char label[128];
        const char *base = strrchr(csv_path, '/');
        snprintf(label, sizeof label, TR("Fichier : %s", "File: %s"), base ? base + 1 : csv_path);
        return label;
    }
    return name;
}

const char *data_class_label(const char *name)
{
    static const struct { const char *en, *fr; } names[] = {
        { "malignant", "maligne" }, { "benign", "bénigne" },   { "class_0", "classe 0" },
        { "class_1", "classe 1" },  { "class_2", "classe 2" },
    };
    for (size_t i = 0; name && lang_current() == LANG_FR && i < sizeof names / sizeof names[0]; i++)
        if (strcmp(names[i].en, name) == 0)
            return names[i].fr;
    return name;
}

const char *data_class_name(const data_set *d, int c)
{
    /* the French names the course uses for Fashion-MNIST's classes */
    static const char *fashion_fr[10] = { "Haut/T-shirt", "Pantalon", "Pull", "Robe", "Manteau",
                                          "Sandale", "Chemise", "Basket", "Sac", "Bottine" };
    static const char *digits[10] = { "0", "1", "2", "3", "4", "5", "6", "7", "8", "9" };
    if (!d || c < 0 || c >= d->train.classes)
        return "?";
    if (strncmp(d->key, "fashion_mnist", 13) == 0 && lang_current() == LANG_FR && c < 10)
        return fashion_fr[c];
    if (d->train.class_names && d->train.class_names[c])
        return data_class_label(d->train.class_names[c]);
    return c < 10 ? digits[c] : "?";
}

/* Standardises both parts with the training part's mean and deviation. */
static int standardise(nn_dataset *train, nn_dataset *test)
{
    nn_scaler s = { 0 };
    int rc = nn_scaler_fit(&s, "standard", train);
    if (rc == 0)
        rc = nn_scaler_transform(&s, train);
    if (rc == 0)
        rc = nn_scaler_transform(&s, test);
    nn_scaler_free(&s);
    return rc;
}

/* MNIST's digits shrunk to 10×10 = 100 pixels: the course's Sequential example takes
 * input_shape=(100,). The digit fills the middle 20×20 pixels of its image; each new pixel is the
 * mean of a 2×2 block there. */
static int shrink_digits(nn_dataset *d)
{
    float *x = malloc((size_t)d->n * 100 * sizeof *x);
    if (!x)
        return -1;
    for (int i = 0; i < d->n; i++) {
        const float *src = d->x + (size_t)i * 784;
        for (int r = 0; r < 10; r++)
            for (int c = 0; c < 10; c++) {
                const float *p = src + (4 + 2 * r) * 28 + 4 + 2 * c;
                x[(size_t)i * 100 + r * 10 + c] = (p[0] + p[1] + p[28] + p[29]) / 4;
            }
    }
    free(d->x);
    d->x = x;
    d->dim = 100;
    d->ndim = 2;
    d->shape[0] = d->shape[1] = 10;
    return 0;
}

/* How a 2-D set is drawn and split; zeros: the fixed seed 7 and the 70/30 split. */
typedef struct draw { int points; float noise, test_ratio; unsigned seed; } draw;

static int load(data_set *d, const char *name, const draw *w)
{
    if (strcmp(name, "mnist_10x10") == 0) {
        if (nn_load_mnist(&d->train, "train") < 0 || nn_load_mnist(&d->test, "test") < 0)
            return -1;
        if (shrink_digits(&d->train) < 0 || shrink_digits(&d->test) < 0)
            return -1;
        nn_dataset_scale(&d->train, 1.0f / 255.0f);
        nn_dataset_scale(&d->test, 1.0f / 255.0f);
        d->image_side = 10;
        return 0;
    }
    if (strcmp(name, "mnist") == 0 || strcmp(name, "fashion_mnist") == 0) {
        int fashion = name[0] == 'f';
        if ((fashion ? nn_load_fashion_mnist(&d->train, "train") : nn_load_mnist(&d->train, "train")) < 0)
            return -1;
        if ((fashion ? nn_load_fashion_mnist(&d->test, "test") : nn_load_mnist(&d->test, "test")) < 0)
            return -1;
        /* the course's step: scale the pixels to 0..1 */
        nn_dataset_scale(&d->train, 1.0f / 255.0f);
        nn_dataset_scale(&d->test, 1.0f / 255.0f);
        d->image_side = 28;
        return 0;
    }
    nn_dataset all = { 0 };
    /* the student's table: the engine's table loader, as exercise 2 reads a CSV */
    nn_table_args table = { .target = csv_target[0] ? csv_target : NULL };
    int rc = data_is_playground(name)        ? nn_playground(&all, name, w->points, w->noise, w->seed ? w->seed : 7)
             : strcmp(name, DATA_CSV) == 0 ? nn_load_table(&all, csv_path, &table, NULL)
                                           : nn_load_builtin(&all, name);
    if (rc == 0)
        rc = nn_train_test_split(&all, w->test_ratio > 0 ? w->test_ratio : 0.3f, 42, &d->train, &d->test);
    nn_dataset_free(&all);
    if (rc < 0)
        return -1;
    if (strcmp(name, "digits") == 0) {
        nn_dataset_scale(&d->train, 1.0f / 16.0f);
        nn_dataset_scale(&d->test, 1.0f / 16.0f);
        d->image_side = 8;
        return 0;
    }
    if (data_is_playground(name))
        return 0;
    return standardise(&d->train, &d->test);
}

const data_set *data_get(const char *name, int points, float noise, char *err, size_t n)
{
    return data_get_drawn(name, points, noise, 0.0f, 0, err, n);
}

const data_set *data_get_drawn(const char *name, int points, float noise, float test_ratio,
                               unsigned seed, char *err, size_t n)
{
    if (points <= 0)
        points = 500;
    if (noise <= 0 && points == 500)
        noise = 0.05f;
    if (test_ratio != 0 && !(test_ratio >= 0.05f && test_ratio <= 0.95f)) {
        snprintf(err, n, TR("%s : la part de test %g doit être entre 0,05 et 0,95",
                            "%s: the test part %g must be between 0.05 and 0.95"), name, (double)test_ratio);
        return NULL;
    }
    draw w = { points, noise, test_ratio, seed };
    char key[64];
    /* locked from here: csv_opens, part of the student's table's key, changes on the UI's thread */
    pthread_mutex_lock(&lock);
    if (data_is_playground(name) && (test_ratio > 0 || seed))
        snprintf(key, sizeof key, "%s:%d:%.3f:%.3f:%u", name, points, (double)noise, (double)test_ratio, seed);
    else if (data_is_playground(name))
        snprintf(key, sizeof key, "%s:%d:%.3f", name, points, (double)noise);
    else if (strcmp(name, DATA_CSV) == 0)
        snprintf(key, sizeof key, "%s#%u::%.3f", name, csv_opens, (double)test_ratio);
    else if (test_ratio > 0 && !data_is_image(name))
        snprintf(key, sizeof key, "%s::%.3f", name, (double)test_ratio);
    else
        snprintf(key, sizeof key, "%s", name);
    for (int i = 0; i < n_sets; i++)
        if (strcmp(sets[i]->key, key) == 0) {
            data_set *d = sets[i];
            pthread_mutex_unlock(&lock);
            return d;
        }
    data_set *d = calloc(1, sizeof *d);
    const char *why = NULL;
    if (!d)
        why = "out of memory";
    else if (n_sets >= MAX_SETS)
        why = "too many datasets loaded at once";
    else if (load(d, name, &w) < 0)
        why = nn_error();
    if (why) {
        if (strcmp(name, DATA_CSV) == 0) /* the loader's message names the file, line and field */
            snprintf(err, n, "%s", why);
        else
            snprintf(err, n, "%s: %s", name, why);
        if (d) {
            nn_dataset_free(&d->train);
            nn_dataset_free(&d->test);
            free(d);
        }
        pthread_mutex_unlock(&lock);
        return NULL;
    }
    snprintf(d->key, sizeof d->key, "%s", key);
    sets[n_sets++] = d;
    pthread_mutex_unlock(&lock);
    return d;
}

int data_csv_open(const char *path, const char *target, char *err, size_t n)
{
    char old_path[sizeof csv_path], old_target[sizeof csv_target];
    unsigned old_opens;
    if (strlen(path) >= sizeof csv_path || (target && strlen(target) >= sizeof csv_target)) {
        snprintf(err, n, TR("%s : chemin ou nom de colonne trop long", "%s: path or column name too long"), path);
        return -1;
    }
    pthread_mutex_lock(&lock);
    memcpy(old_path, csv_path, sizeof old_path);
    memcpy(old_target, csv_target, sizeof old_target);
    old_opens = csv_opens;
    snprintf(csv_path, sizeof csv_path, "%s", path);
    snprintf(csv_target, sizeof csv_target, "%s", target ? target : "");
    csv_opens++;
    pthread_mutex_unlock(&lock);
    /* loaded now, on the UI's thread (a course's table is small), so that the error has its line */
    if (data_get(DATA_CSV, 0, 0, err, n))
        return 0;
    pthread_mutex_lock(&lock);
    memcpy(csv_path, old_path, sizeof csv_path);
    memcpy(csv_target, old_target, sizeof csv_target);
    csv_opens = old_opens; /* the previous table's cached copy again */
    pthread_mutex_unlock(&lock);
    return -1;
}

const char *data_csv_path(void)
{
    return csv_path[0] ? csv_path : NULL;
}

void data_free_all(void)
{
    pthread_mutex_lock(&lock);
    for (int i = 0; i < n_sets; i++) {
        nn_dataset_free(&sets[i]->train);
        nn_dataset_free(&sets[i]->test);
        free(sets[i]);
    }
    n_sets = 0;
    pthread_mutex_unlock(&lock);
}
