/* nn_classic.h — the course's second exercise: a student's own CSV, awkward as it comes, and the
 * classic classifiers that a deep model is compared with. Included by nn.h (through nn_data.h);
 * same conventions: 0 / -1 with nn_error(), NULL with nn_error(), never exits or prints.
 *
 * scikit-learn is the reference for every definition here; each comment names the class whose
 * defaults are followed. */
#ifndef NEURONE_NN_CLASSIC_H
#define NEURONE_NN_CLASSIC_H

#include <stdatomic.h>
#include <stddef.h>

/* ---- a student's table ----------------------------------------------------------------------- */

/* What to do with a missing feature value: an empty cell, "NA", "N/A", "n/a", "NaN", "nan",
 * "null", "NULL", "None" or "?". A row whose target is missing is always left out. */
enum {
    NN_MISSING_IMPUTE = 0, /* SimpleImputer's defaults: the column's mean for numbers, its most
                              frequent value for categories (the smallest, in sorted order, on a
                              tie), computed over the whole table: for callers with no split. A
                              caller that splits should KEEP, split, then nn_impute_train_test,
                              so that the test rows never shape the training rows' fills */
    NN_MISSING_DROP,       /* leave out every row with a missing feature, as pandas' dropna() */
    NN_MISSING_REFUSE,     /* fail on the first one, naming its cell, as nn_load_csv */
    NN_MISSING_KEEP,       /* leave it NaN: a missing number is NaN in its column, a missing
                              category NaN in every one of its one-hot columns */
};

/* Called from the loading thread about every MiB of the file: bytes read so far and the file's
 * size (both of the file on disk, compressed when it is gzip). A non-zero return cancels. */
typedef int (*nn_load_progress)(long long bytes_read, long long total, void *user);

typedef struct nn_table_args {
    const char *target;           /* the class column's name; NULL -> the last column */
    const char *const *features;  /* the feature columns' names, NULL-terminated; NULL -> every
                                     other column. Columns left out are not even parsed. */
    char separator;               /* ',' or ';'; 0 -> detected, as nn_csv_args */
    int missing;                  /* NN_MISSING_IMPUTE (0), _DROP, _REFUSE or _KEEP */
    int no_one_hot;               /* 1: a text feature column is an error instead */
    nn_load_progress progress;    /* or NULL */
    void *user;                   /* handed to progress */
    /* Non-zero stops the load within about a MiB, with -1, "cancelled" in nn_error() and
     * report.cancelled set; NULL: never. Owned by the caller; another thread may set it with
     * atomic_store_explicit(flag, 1, memory_order_relaxed). The loader reads it relaxed: the flag
     * carries no data, it only asks the load to stop. */
    const atomic_int *cancel;
} nn_table_args;

/* One feature column of the file, as the loader understood it. The report's columns map onto
 * the dataset's in order: a numeric column is one dataset column, a categorical one its
 * `categories` one-hot columns, so column j starts at the sum of the widths before it. */
typedef struct nn_column_report {
    char *name;
    int categorical;       /* 1: text categories, one-hot encoded (OneHotEncoder: sorted
                              categories, columns named "name_category") */
    int categories;        /* the one-hot columns it became; 0 for a numeric column */
    long missing;          /* missing cells in the rows read */
    long imputed;          /* cells filled in (NN_MISSING_IMPUTE, nn_impute_train_test) */
    double fill;           /* the mean written into missing numeric cells */
    char *fill_text;       /* the category written into missing cells, or NULL */
    int fill_category;     /* its one-hot column, 0 .. categories - 1 */
    int fill_default;      /* 1: no training row had a value, so the fill is 0 or the first
                              category (nn_impute_train_test) */
} nn_column_report;

/* Everything the loader did to the table, for the app and the CLI to tell the student. */
typedef struct nn_table_report {
    long rows_read;              /* data rows in the file */
    long rows_kept;              /* rows in the dataset */
    long missing_target;         /* rows left out because their target was missing */
    long dropped;                /* rows left out for a missing feature (NN_MISSING_DROP) */
    long imputed;                /* cells filled in (NN_MISSING_IMPUTE, nn_impute_train_test) */
    long kept_missing;           /* cells left NaN (NN_MISSING_KEEP) */
    int train_fills;             /* 1: the fills are the training rows' (nn_impute_train_test) */
    int columns;                 /* feature columns read, before one-hot encoding */
    nn_column_report *column;    /* (columns) */
    int cancelled;               /* the load stopped on the cancel flag or the callback */
} nn_table_report;

/* The most distinct texts a feature column may hold to be one-hot encoded. */
#define NN_MAX_CATEGORIES 100

/* A CSV (the format of nn_load_csv, plain or gzip) as a classification table, taking what a
 * student's file holds:
 *   - text feature columns are one-hot encoded; a column that mixes numbers and text, holds
 *     more than NN_MAX_CATEGORIES texts, or one text per row (an identifier, a free comment) is
 *     refused with a message naming it and saying why;
 *   - missing values are handled as a.missing says;
 *   - the target is encoded as LabelEncoder (as nn_load_csv); a target with one class, or with
 *     more classes than half its rows (fewer than two rows a class: too few to both learn and
 *     test each one), is refused.
 * The file is streamed through a fixed buffer: the text is never held, only the parsed numbers,
 * one float per cell read. report may be NULL; otherwise it is filled, even on failure (rows
 * read so far, cancelled), and released with nn_table_report_free. a may be NULL. */
int  nn_load_table(nn_dataset *d, const char *path, const nn_table_args *a,
                   nn_table_report *report);
/* The report as a few lines for a student, such as
 *   "age: 4 missing values replaced by the mean, 54.4"
 *   "chest_pain: text, one-hot encoded into 4 columns". Returns the length it needed (as
 * snprintf); out may be NULL when size is 0. Nothing is written when nothing was done. */
int  nn_table_report_text(const nn_table_report *r, char *out, size_t size);
void nn_table_report_free(nn_table_report *r);

/* SimpleImputer fitted on the training part only: for each of report's columns (mapped onto the
 * datasets' columns as nn_column_report says), the mean of train's non-missing cells, or its most
 * frequent category (the smallest in sorted order on a tie), is written into every NaN cell of
 * train and test (test may be NULL), and recorded in the column's fill / fill_text /
 * fill_category, with imputed counting the cells filled; report->train_fills is set, so that
 * nn_table_report_text says "replaced by the mean of the training rows, 54.4". A column with no
 * value in train gets 0, or its first category, and fill_default says so. Every column gets its
 * fill, missing cells or not (a row typed later may need it). report NULL: every column is a
 * number. Meant for a table loaded with NN_MISSING_KEEP, then split. */
int  nn_impute_train_test(nn_dataset *train, nn_dataset *test, nn_table_report *report);

/* The start of a CSV file as text, for a preview before the student chooses the columns. */
typedef struct nn_table_preview {
    int columns;           /* fields in the header */
    char **names;          /* (columns) header names, trimmed */
    int rows;              /* data rows read */
    char **cells;          /* (rows, columns) each cell's text as in the file */
    int *numeric;          /* (columns) 1: every non-missing cell read is a number */
    int *missing;          /* (columns) missing cells among the rows read */
    char separator;        /* ',' or ';' */
    int complete;          /* 1: the rows read are the whole file */
    long long bytes_read;  /* of the file on disk after those rows (compressed for gzip) */
    long long file_size;   /* the file on disk; 0 when unknown */
} nn_table_preview;

/* Reads path's header and at most max_rows data rows (plain or gzip, separator 0 -> detected),
 * nothing more, so it is fast for any size. A row with the wrong field count, or any error of the
 * CSV reader, fails with the loader's message (file, line and column); p then keeps the rows
 * before it and must still be freed. */
int  nn_preview_table(nn_table_preview *p, const char *path, char separator, int max_rows);
void nn_table_preview_free(nn_table_preview *p);

/* The course's scaling step: fits kind ("minmax", "standard", or "none" for nothing) on train
 * only, as a scaler must never see the test rows, then transforms train and test (test may be
 * NULL). */
int  nn_scale_train_test(const char *kind, nn_dataset *train, nn_dataset *test);
/* The same, keeping the scaler in s for rows that come later (s->dim 0 for "none": nothing to
 * transform); free it with nn_scaler_free. */
int  nn_scaler_fit_transform(nn_scaler *s, const char *kind, nn_dataset *train, nn_dataset *test);

/* out gets the columns of d named in names[0..count), in that order (the rows, classes and
 * names are copied). A name that d does not have fails, listing d's columns. */
int  nn_select_features(nn_dataset *out, const nn_dataset *d, const char *const *names, int count);

/* ---- classifiers ------------------------------------------------------------------------------ */

typedef struct nn_classifier nn_classifier;

/* Zero means scikit-learn's default, given after each field. */
typedef struct nn_classifier_args {
    int n_neighbors;        /* knn: 5 */
    int max_depth;          /* decision_tree, random_forest: none (grown until pure) */
    int min_samples_split;  /* decision_tree, random_forest: 2 */
    int min_samples_leaf;   /* decision_tree, random_forest: 1 */
    int max_features;       /* decision_tree: every feature; random_forest: floor(sqrt(dim)) */
    int n_estimators;       /* random_forest: 100 */
    unsigned seed;          /* decision_tree's and random_forest's random_state: the order the
                               features are tried in, the bootstraps */
    double C;               /* logistic_regression: 1.0, the inverse of the L2 strength */
    int max_iter;           /* logistic_regression: 1000 L-BFGS iterations (scikit-learn: 100) */
    double var_smoothing;   /* gaussian_nb: 1e-9, times the largest feature variance */
} nn_classifier_args;

/* kind:
 *   "logistic_regression"  LogisticRegression(lbfgs, L2): minimises
 *                          C * sum_i log_loss_i + 1/2 ||W||^2 (the intercept is not penalised),
 *                          softmax over classes, or one sigmoid for two classes
 *   "knn"                  KNeighborsClassifier: Euclidean, uniform vote; a tied vote goes to the
 *                          smaller class index, a tied distance to the earlier training row (as
 *                          algorithm="brute"; the default k-d tree may keep another tied row)
 *   "decision_tree"        DecisionTreeClassifier: CART, gini, best split at midpoints; features
 *                          are tried in a random order drawn from seed and the first best split
 *                          wins, so the seed settles ties between features, as random_state
 *   "gaussian_nb"          GaussianNB: per-class means and variances (+ var_smoothing * the
 *                          largest variance), priors from the class counts
 *   "random_forest"        RandomForestClassifier: bootstrap rows, max_features per split,
 *                          the trees' class probabilities averaged; trees grown on the CPU
 *                          worker pool, the same for a seed whatever the thread count
 * a may be NULL. */
nn_classifier *nn_classifier_new(const char *kind, const nn_classifier_args *a);
/* The kinds above, in that order, for i = 0..; NULL past the last. */
const char *nn_classifier_kind(int i);
/* scikit-learn's class name of kind i, before any classifier exists; NULL past the last. */
const char *nn_classifier_kind_name(int i);
/* scikit-learn's class name: "LogisticRegression", "KNeighborsClassifier", ... */
const char *nn_classifier_name(const nn_classifier *c);
/* x (n, dim), y (n) class indices 0..classes-1 as floats (as nn_dataset.y). Fitting again
 * replaces the previous fit. */
int  nn_classifier_fit(nn_classifier *c, const float *x, const float *y, int n, int dim,
                       int classes);
/* labels (n): the predicted class indices, as floats. x (n, dim) with the fit's dim. */
int  nn_classifier_predict(const nn_classifier *c, const float *x, int n, float *labels);
/* proba (n, classes): each row sums to 1. */
int  nn_classifier_predict_proba(const nn_classifier *c, const float *x, int n, float *proba);
void nn_classifier_free(nn_classifier *c);

/* ---- classification metrics -------------------------------------------------------------------- */

/* scikit-learn's accuracy_score and precision/recall/f1_score(average="macro"): the unweighted
 * mean over the classes that appear in y_true or y_pred; a class never predicted has precision 0
 * (zero_division's default), and F1 = 2PR / (P + R), 0 when P + R = 0. */
typedef struct nn_metrics { double accuracy, precision, recall, f1; } nn_metrics;
int  nn_classification_metrics(nn_metrics *m, const float *y_true, const float *y_pred, int n,
                               int classes);
/* confusion_matrix: cm (classes, classes), cm[t * classes + p] counts the rows of class t
 * predicted as p (rows are the truth, as scikit-learn). */
int  nn_confusion_matrix(int *cm, const float *y_true, const float *y_pred, int n, int classes);

#endif
