/* test_classic.c — the course's second exercise: the classic classifiers on tiny data that can be
 * checked by hand, their metrics, every bad input's message, awkward CSV files (text columns,
 * missing values, one class, a large file streamed with progress and cancel), `neurone compare`,
 * and the comparison with scikit-learn on iris, wine, breast cancer and the heart table.
 *
 *   test_classic TESTS_DIR NEURONE_EXE    the tests (meson passes both)
 *   test_classic --export DIR             writes the comparison's splits for
 *                                         tests/sklearn_reference.py, which makes
 *                                         tests/data/sklearn_reference.tsv from them
 *
 * scikit-learn runs live through /usr/bin/python3 (or $NEURONE_PYTHON) when it can import
 * sklearn, and the committed table is used otherwise (or when NEURONE_SKLEARN=table).
 * NEURONE_BIG_CSV_MB sets the size of the streamed file (default 48; 1024 for the 1 GB).
 * Needs NEURONE_DATA_DIR and NEURONE_SHARED_DIR, as meson's test_env sets them. */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "scratch.h"
#include "nn.h"

static const char *tests_dir, *neurone_exe;

/* ---- helpers ---------------------------------------------------------------------------------- */

/* Fits kind on (x, y) and predicts rows; returns the classifier for more checks (caller frees). */
static nn_classifier *fit_predict(const char *kind, const nn_classifier_args *a, const float *x,
                                  const float *y, int n, int dim, int classes, const float *rows,
                                  int count, float *labels)
{
    nn_classifier *c = nn_classifier_new(kind, a);
    CHECK(c != NULL, "%s: new failed: %s", kind, nn_error());
    if (!c)
        return NULL;
    int rc = nn_classifier_fit(c, x, y, n, dim, classes);
    CHECK(rc == 0, "%s: fit failed: %s", kind, nn_error());
    rc = rc == 0 ? nn_classifier_predict(c, rows, count, labels) : -1;
    CHECK(rc == 0, "%s: predict failed: %s", kind, nn_error());
    return c;
}

static void check_labels(const char *what, const float *want, const float *got, int n)
{
    for (int i = 0; i < n; i++)
        CHECK(want[i] == got[i], "%s: row %d: expected class %g, got %g", what, i,
              (double)want[i], (double)got[i]);
}

/* ---- each classifier on data small enough to check by hand ----------------------------------- */

/* Two groups on a line: 0, 1, 2 are class 0 and 10, 11, 12 class 1. */
static const float line_x[] = { 0, 1, 2, 10, 11, 12 };
static const float line_y[] = { 0, 0, 0, 1, 1, 1 };

static void test_knn_votes(void)
{
    const float rows[] = { 1.4f, 10.6f, 5.0f, 7.0f };
    const float want[] = { 0, 1, 0, 1 }; /* 5: 2, 1, 0 nearest; 7: 10, 11, 2 -> two of class 1 */
    float got[4];
    nn_classifier *c = fit_predict("knn", &(nn_classifier_args){ .n_neighbors = 3 }, line_x,
                                   line_y, 6, 1, 2, rows, 4, got);
    check_labels("knn k=3", want, got, 4);
    float proba[8];
    CHECK(c && nn_classifier_predict_proba(c, rows, 4, proba) == 0, "%s", nn_error());
    CHECK_NEAR(proba[6], 1.0 / 3.0, 1e-6, 0, "knn: P(class 0) at 7 (one of three neighbours)");
    CHECK(strcmp(nn_classifier_name(c), "KNeighborsClassifier") == 0, "name: got %s",
          nn_classifier_name(c));
    CHECK(strcmp(nn_classifier_kind_name(1), "KNeighborsClassifier") == 0 &&
          nn_classifier_kind_name(5) == NULL && nn_classifier_kind_name(-1) == NULL,
          "kind names: got %s", nn_classifier_kind_name(1));
    nn_classifier_free(c);
}

/* A tied vote goes to the smaller class, as scipy's mode in scikit-learn's predict. */
static void test_knn_tie(void)
{
    const float rows[] = { 6.0f }; /* 2 and 10 are both at distance 4 */
    float got[1];
    nn_classifier_free(fit_predict("knn", &(nn_classifier_args){ .n_neighbors = 2 }, line_x,
                                   line_y, 6, 1, 2, rows, 1, got));
    CHECK(got[0] == 0.0f, "knn k=2 tie: expected class 0, got %g", (double)got[0]);
}

static void test_tree_threshold(void)
{
    const float x[] = { 1, 2, 3, 4 }, y[] = { 0, 0, 1, 1 };
    /* one split, halfway between 2 and 3; a row on the threshold goes left */
    const float rows[] = { 2.4f, 2.5f, 2.6f, -100.0f, 100.0f };
    const float want[] = { 0, 0, 1, 0, 1 };
    float got[5];
    nn_classifier_free(fit_predict("decision_tree", NULL, x, y, 4, 1, 2, rows, 5, got));
    check_labels("tree threshold 2.5", want, got, 5);
}

static void test_tree_xor(void)
{
    const float x[] = { 0, 0, 0, 1, 1, 0, 1, 1 }, y[] = { 0, 1, 1, 0 };
    float got[4];
    /* grown until pure, the tree learns xor exactly */
    nn_classifier_free(fit_predict("decision_tree", NULL, x, y, 4, 2, 2, x, 4, got));
    check_labels("tree xor", y, got, 4);
    /* a single split cannot: half of the rows are wrong whatever it picks */
    nn_classifier_free(fit_predict("decision_tree", &(nn_classifier_args){ .max_depth = 1 }, x,
                                   y, 4, 2, 2, x, 4, got));
    int right = 0;
    for (int i = 0; i < 4; i++)
        right += got[i] == y[i];
    CHECK(right == 2, "tree xor max_depth 1: expected 2 of 4 right, got %d", right);
}

/* Class 0: 0 and 2 (mean 1, variance 1); class 1: 4 and 6 (mean 5, variance 1). The smoothing
 * adds 1e-9 * 5 (the variance of 0, 2, 4, 6). At x = 2 the log-likelihoods differ by
 * (9 - 1) / 2 = 4, so P(0 | 2) = 1 / (1 + e^-4) = 0.98201379; at 3 both are 1/2. */
static void test_naive_bayes(void)
{
    const float x[] = { 0, 2, 4, 6 }, y[] = { 0, 0, 1, 1 };
    const float rows[] = { 2.0f, 3.0f, 2.9f, 3.1f };
    const float want[] = { 0, 0, 0, 1 };
    float got[4], proba[8];
    nn_classifier *c = fit_predict("gaussian_nb", NULL, x, y, 4, 1, 2, rows, 4, got);
    check_labels("gaussian_nb", want, got, 4);
    CHECK(c && nn_classifier_predict_proba(c, rows, 4, proba) == 0, "%s", nn_error());
    CHECK_NEAR(proba[0], 0.98201379, 1e-6, 0, "gaussian_nb P(0 | 2)");
    CHECK_NEAR(proba[2], 0.5, 1e-6, 0, "gaussian_nb P(0 | 3)");
    CHECK_NEAR(proba[2] + proba[3], 1.0, 1e-6, 0, "gaussian_nb probabilities sum");
    nn_classifier_free(c);
}

/* x = -1 (class 0) and +1 (class 1), C = 1: by symmetry b = 0 and w minimises
 * 2 log(1 + e^-w) + w^2 / 2, so w = 2 / (1 + e^w): w = 0.67483, P(1 | 1) = 1 / (1 + e^-w) =
 * 0.66258 (scikit-learn 1.2.1's LogisticRegression gives the same). */
static void test_logistic_binary(void)
{
    const float x[] = { -1, 1 }, y[] = { 0, 1 };
    const float rows[] = { 1.0f, -1.0f, 0.0f };
    float got[3], proba[6];
    nn_classifier *c = fit_predict("logistic_regression", NULL, x, y, 2, 1, 2, rows, 3, got);
    CHECK(c && nn_classifier_predict_proba(c, rows, 3, proba) == 0, "%s", nn_error());
    double w = 0.0;
    for (int i = 0; i < 100; i++) /* the fixed point, by hand's patience */
        w = 0.5 * w + 0.5 * 2.0 / (1.0 + exp(w));
    CHECK_NEAR(w, 0.67483, 1e-5, 0, "the fixed point itself");
    CHECK_NEAR(proba[1], 0.66258419, 1e-5, 0, "logistic P(1 | 1), scikit-learn's");
    CHECK_NEAR(proba[1], 1.0 / (1.0 + exp(-w)), 1e-5, 0, "logistic P(1 | 1)");
    CHECK_NEAR(proba[3], 1.0 / (1.0 + exp(w)), 1e-5, 0, "logistic P(1 | -1)");
    CHECK_NEAR(proba[5], 0.5, 1e-5, 0, "logistic P(1 | 0)");
    CHECK(got[0] == 1 && got[1] == 0 && got[2] == 0, "logistic labels: expected 1 0 0 (0 on the "
          "boundary, as scikit-learn), got %g %g %g", (double)got[0], (double)got[1],
          (double)got[2]);
    nn_classifier_free(c);
}

/* Three classes: the softmax with the penalty on every class's weights. Reference numbers from
 * scikit-learn 1.2.1: LogisticRegression(C=1.0, tol=1e-10, max_iter=10000).predict_proba. */
static void test_logistic_multinomial(void)
{
    const float x[] = { 0, 0, 1, 0, 0, 1, 1, 1, 2, 1, 1, 2 }, y[] = { 0, 0, 1, 1, 2, 2 };
    const float rows[] = { 0.5f, 0.5f, 2.0f, 2.0f };
    const double want[] = { 0.43852033, 0.3751604, 0.18631928,
                            0.0450741, 0.17044035, 0.78448555 };
    float got[2], proba[6];
    nn_classifier *c = fit_predict("logistic_regression", NULL, x, y, 6, 2, 3, rows, 2, got);
    CHECK(c && nn_classifier_predict_proba(c, rows, 2, proba) == 0, "%s", nn_error());
    for (int i = 0; i < 6; i++)
        CHECK_NEAR(proba[i], want[i], 1e-5, 0, "multinomial probability");
    nn_classifier_free(c);
}

static void test_forest(void)
{
    float x[40], y[40], other[40], labels[40];
    for (int i = 0; i < 40; i++) { /* two well separated clouds in 2-D */
        x[i] = (float)(i % 20) * 0.1f + (i < 20 ? 0.0f : 5.0f);
        y[i] = i < 20 ? 0.0f : 1.0f;
    }
    float proba[40], proba1[40];
    nn_classifier_args a = { .seed = 3, .n_estimators = 25 };
    nn_classifier *c = fit_predict("random_forest", &a, x, y, 40, 1, 2, x, 40, labels);
    check_labels("forest on separable data", y, labels, 40);
    CHECK(c && nn_classifier_predict_proba(c, x, 20, proba) == 0, "%s", nn_error());
    nn_classifier_free(c);
    /* the same seed, on one thread: the same forest */
    nn_set_threads(1);
    c = fit_predict("random_forest", &a, x, y, 40, 1, 2, x, 40, other);
    CHECK(c && nn_classifier_predict_proba(c, x, 20, proba1) == 0, "%s", nn_error());
    nn_set_threads(0);
    for (int i = 0; i < 40; i++)
        CHECK(proba[i] == proba1[i], "forest: seed 3 on 1 and on all threads: proba %d: %g vs %g",
              i, (double)proba[i], (double)proba1[i]);
    nn_classifier_free(c);
}

/* A class absent from the training rows (2 of 0..2) is never predicted and has probability 0,
 * as scikit-learn, whose classes_ holds only the labels seen. */
static void test_absent_class(void)
{
    for (int k = 0; nn_classifier_kind(k); k++) {
        const char *kind = nn_classifier_kind(k);
        float got[6], proba[18];
        nn_classifier *c = fit_predict(kind, &(nn_classifier_args){ .n_neighbors = 3 }, line_x,
                                       line_y, 6, 1, 3, line_x, 6, got);
        CHECK(c && nn_classifier_predict_proba(c, line_x, 6, proba) == 0, "%s: %s", kind,
              nn_error());
        check_labels(kind, line_y, got, 6);
        for (int i = 0; i < 6; i++)
            CHECK(proba[i * 3 + 2] == 0.0f, "%s: P(absent class) = %g", kind,
                  (double)proba[i * 3 + 2]);
        nn_classifier_free(c);
    }
}

/* ---- metrics ---------------------------------------------------------------------------------- */

/* y_true 0 0 1 1 2 2, y_pred 0 1 1 1 2 0:
 *   class 0: precision 1/2, recall 1/2, F1 1/2
 *   class 1: precision 2/3, recall 1,   F1 4/5
 *   class 2: precision 1,   recall 1/2, F1 2/3
 * accuracy 4/6; macro: precision 13/18, recall 2/3, F1 59/90. */
static const float m_true[] = { 0, 0, 1, 1, 2, 2 }, m_pred[] = { 0, 1, 1, 1, 2, 0 };

static void test_metrics(void)
{
    nn_metrics m;
    CHECK(nn_classification_metrics(&m, m_true, m_pred, 6, 3) == 0, "%s", nn_error());
    CHECK_NEAR(m.accuracy, 4.0 / 6.0, 1e-12, 0, "accuracy");
    CHECK_NEAR(m.precision, 13.0 / 18.0, 1e-12, 0, "macro precision");
    CHECK_NEAR(m.recall, 2.0 / 3.0, 1e-12, 0, "macro recall");
    CHECK_NEAR(m.f1, 59.0 / 90.0, 1e-12, 0, "macro F1");
    /* a fourth class that occurs nowhere does not count in the averages */
    CHECK(nn_classification_metrics(&m, m_true, m_pred, 6, 4) == 0, "%s", nn_error());
    CHECK_NEAR(m.precision, 13.0 / 18.0, 1e-12, 0, "macro precision, a class absent");
    /* a class that is never predicted has precision 0 (zero_division's default) */
    const float t2[] = { 0, 1, 1 }, p2[] = { 1, 1, 1 };
    CHECK(nn_classification_metrics(&m, t2, p2, 3, 2) == 0, "%s", nn_error());
    CHECK_NEAR(m.precision, (0.0 + 2.0 / 3.0) / 2, 1e-12, 0, "precision, class 0 never predicted");
    CHECK_NEAR(m.recall, (0.0 + 1.0) / 2, 1e-12, 0, "recall, class 0 never predicted");
    CHECK_NEAR(m.f1, (0.0 + 0.8) / 2, 1e-12, 0, "F1, class 0 never predicted");
}

static void test_confusion(void)
{
    int cm[9];
    const int want[9] = { 1, 1, 0, 0, 2, 0, 1, 0, 1 }; /* rows: truth, columns: prediction */
    CHECK(nn_confusion_matrix(cm, m_true, m_pred, 6, 3) == 0, "%s", nn_error());
    for (int i = 0; i < 9; i++)
        CHECK(cm[i] == want[i], "cm[%d][%d]: expected %d, got %d", i / 3, i % 3, want[i], cm[i]);
}

/* ---- bad input -------------------------------------------------------------------------------- */

static void check_null(const void *p, const char *needle, const char *what)
{
    CHECK(p == NULL, "%s: expected NULL", what);
    CHECK(strstr(nn_error(), needle) != NULL, "%s: expected the message to contain \"%s\", "
          "got \"%s\"", what, needle, nn_error());
}

static void test_bad_classifiers(void)
{
    check_null(nn_classifier_new("svm", NULL), "no kind \"svm\"", "unknown kind");
    check_null(nn_classifier_new("knn", &(nn_classifier_args){ .n_neighbors = -1 }),
               "n_neighbors = -1", "negative k");
    check_null(nn_classifier_new("decision_tree", &(nn_classifier_args){ .min_samples_split = 1 }),
               "min_samples_split = 1", "min_samples_split 1");
    check_null(nn_classifier_new("logistic_regression", &(nn_classifier_args){ .C = -1 }),
               "C = -1", "negative C");
    CHECK(nn_classifier_kind(5) == NULL && nn_classifier_kind(-1) == NULL, "kinds past the end");

    nn_classifier *c = nn_classifier_new("knn", NULL);
    const float x[] = { 0, 1, 2, 3 }, y[] = { 0, 1, 0, 1 }, bad_y[] = { 0, 1, 2, 1 };
    const float nan_x[] = { 0, NAN, 2, 3 }, one_class[] = { 1, 1, 1, 1 };
    float out[4];
    CHECK_FAILS(nn_classifier_predict(c, x, 4, out), "fit it first");
    CHECK_FAILS(nn_classifier_fit(c, NULL, y, 4, 1, 2), "x is NULL");
    CHECK_FAILS(nn_classifier_fit(c, x, NULL, 4, 1, 2), "y is NULL");
    CHECK_FAILS(nn_classifier_fit(c, x, y, 0, 1, 2), "0 rows");
    CHECK_FAILS(nn_classifier_fit(c, x, y, 4, 0, 2), "0 features");
    CHECK_FAILS(nn_classifier_fit(c, x, y, 4, 1, 1), "at least two");
    CHECK_FAILS(nn_classifier_fit(c, x, y, 4, 1, 5), "5 classes for 4 training rows");
    CHECK_FAILS(nn_classifier_fit(c, x, bad_y, 4, 1, 2), "label 2 of row 2");
    CHECK_FAILS(nn_classifier_fit(c, nan_x, y, 4, 1, 2), "row 1, feature 0 is NaN");
    CHECK_FAILS(nn_classifier_fit(c, x, one_class, 4, 1, 2), "every training row has the class 1");
    CHECK_FAILS(nn_classifier_fit(c, x, y, 4, 1, 2), "n_neighbors = 5, but there are only 4");
    CHECK_FAILS(nn_classifier_fit(NULL, x, y, 4, 1, 2), "classifier is NULL");
    nn_classifier_free(c);

    c = nn_classifier_new("gaussian_nb", NULL);
    const float flat[] = { 3, 3, 3, 3 };
    CHECK_FAILS(nn_classifier_fit(c, flat, y, 4, 1, 2), "variance is 0");
    CHECK(nn_classifier_fit(c, x, y, 4, 1, 2) == 0, "%s", nn_error());
    CHECK_FAILS(nn_classifier_predict(c, nan_x, 4, out), "GaussianNB predict: row 1, feature 0");
    CHECK_FAILS(nn_classifier_predict(c, NULL, 4, out), "x is NULL");
    CHECK_FAILS(nn_classifier_predict(c, x, 4, NULL), "the output is NULL");
    nn_classifier_free(c);
    nn_classifier_free(NULL);

    nn_metrics m;
    int cm[4];
    const float p[] = { 0, 1, 5, 1 };
    CHECK_FAILS(nn_classification_metrics(&m, y, p, 4, 2), "y_pred[2] = 5");
    CHECK_FAILS(nn_classification_metrics(&m, bad_y, y, 4, 2), "y_true[2] = 2");
    CHECK_FAILS(nn_classification_metrics(&m, y, y, 0, 2), "0 rows");
    CHECK_FAILS(nn_confusion_matrix(cm, y, NULL, 4, 2), "y_pred is NULL");
    CHECK_FAILS(nn_confusion_matrix(NULL, y, y, 4, 2), "cm is NULL");
}

/* ---- awkward CSV files ------------------------------------------------------------------------ */

/* Loads text as a table; the report is filled; returns the loader's status. */
static int load_text(const char *name, const char *text, const nn_table_args *a, nn_dataset *d,
                     nn_table_report *r)
{
    return nn_load_table(d, write_file(name, text), a, r);
}

static void check_table_error(const char *name, const char *text, const nn_table_args *a,
                              const char *const *needles)
{
    nn_dataset d;
    nn_table_report r;
    int rc = load_text(name, text, a, &d, &r);
    CHECK(rc == -1, "%s: expected -1, got %d", name, rc);
    CHECK(!d.x && !d.y && !d.n, "%s: the dataset was not zeroed after the error", name);
    for (; *needles; needles++)
        CHECK(strstr(nn_error(), *needles) != NULL, "%s: expected the message to contain "
              "\"%s\", got \"%s\"", name, *needles, nn_error());
    nn_table_report_free(&r);
}

static const char *pets_csv =
    "weight,colour,age,pet\n"
    "4.0,black,3,cat\n"
    "30,brown,5,dog\n"
    "5.0,white,,cat\n"
    "25,black,NA,dog\n"
    "4.5,?,2,cat\n"
    "28,brown,4,dog\n"
    "3.5,white,1,?\n";

static void test_table_one_hot_impute(void)
{
    nn_dataset d;
    nn_table_report r;
    int rc = load_text("pets.csv", pets_csv, NULL, &d, &r);
    CHECK(rc == 0, "pets.csv: %s", nn_error());
    if (rc)
        return;
    /* the row without a target is left out; colour becomes black, brown, white */
    CHECK(d.n == 6 && d.dim == 5 && d.classes == 2, "pets: expected 6 x 5, 2 classes, got %d x %d, "
          "%d classes", d.n, d.dim, d.classes);
    const char *names[] = { "weight", "colour_black", "colour_brown", "colour_white", "age" };
    for (int j = 0; j < 5 && j < d.dim; j++)
        CHECK(strcmp(d.feature_names[j], names[j]) == 0, "feature %d: expected %s, got %s", j,
              names[j], d.feature_names[j]);
    /* age: 3, 5, 2, 4 known -> mean 3.5 in rows 2 and 3; colour of row 4: the most frequent,
     * black and brown tied at 2 -> black, the first in sorted order */
    CHECK_NEAR(d.x[2 * 5 + 4], 3.5, 1e-6, 0, "age imputed with the mean");
    CHECK_NEAR(d.x[3 * 5 + 4], 3.5, 1e-6, 0, "age NA imputed with the mean");
    CHECK(d.x[4 * 5 + 1] == 1.0f && d.x[4 * 5 + 2] == 0.0f, "colour '?' imputed as black");
    CHECK(d.y[0] == 0.0f && d.y[1] == 1.0f, "classes: cat 0, dog 1");
    CHECK(r.rows_read == 7 && r.rows_kept == 6 && r.missing_target == 1 && r.imputed == 3,
          "report: read %ld kept %ld no target %ld imputed %ld", r.rows_read, r.rows_kept,
          r.missing_target, r.imputed);
    CHECK(r.columns == 3 && r.column[1].categorical && r.column[1].categories == 3 &&
          r.column[1].fill_text && strcmp(r.column[1].fill_text, "black") == 0,
          "report of colour");
    CHECK(r.column[2].missing == 2 && fabs(r.column[2].fill - 3.5) < 1e-9, "report of age");
    char text[1024];
    nn_table_report_text(&r, text, sizeof text);
    const char *lines[] = { "1 of the 7 rows has no target and was left out", "age: 2 missing values replaced by "
                            "the mean, 3.5", "colour: 1 missing value replaced by the most "
                            "frequent value, \"black\"", "colour: text, one-hot encoded into 3 "
                            "columns" };
    for (int i = 0; i < 4; i++)
        CHECK(strstr(text, lines[i]) != NULL, "report text: expected \"%s\" in:\n%s", lines[i],
              text);
    nn_dataset_free(&d);
    nn_table_report_free(&r);
}

static void test_table_drop(void)
{
    /* pets with four complete rows more: the rows with a missing value go, and with them the
     * only white animal that has a target */
    char text[1024];
    snprintf(text, sizeof text, "%s%s", pets_csv,
             "3.9,black,2,cat\n27,brown,6,dog\n31,black,7,dog\n4.8,brown,1,cat\n");
    nn_dataset d;
    nn_table_report r;
    int rc = load_text("pets_drop.csv", text, &(nn_table_args){ .missing = NN_MISSING_DROP },
                       &d, &r);
    CHECK(rc == 0, "pets drop: %s", nn_error());
    CHECK(d.n == 7 && r.dropped == 3 && r.rows_kept == 7, "drop: expected 7 rows kept and 3 "
          "dropped, got %d and %ld", d.n, r.dropped);
    CHECK(d.dim == 4 && strcmp(d.feature_names[2], "colour_brown") == 0, "drop: expected "
          "weight, black, brown, age (no white animal left), got %d columns", d.dim);
    nn_table_report_text(&r, text, sizeof text);
    CHECK(strstr(text, "3 rows with a missing value were left out (dropna), 7 remain") &&
          strstr(text, "age: 2 missing values\n"),
          "drop text:\n%s", text);
    nn_dataset_free(&d);
    nn_table_report_free(&r);
    /* only the complete rows of pets: three rows for two classes is too few */
    check_table_error("pets_drop3.csv", pets_csv, &(nn_table_args){ .missing = NN_MISSING_DROP },
                      (const char *[]){ "2 classes for 3 rows", NULL });
    check_table_error("pets_refuse.csv", pets_csv,
                      &(nn_table_args){ .missing = NN_MISSING_REFUSE },
                      (const char *[]){ "pets_refuse.csv:4:", "column 3 \"age\"",
                                        "empty cell (missing value)", NULL });
    check_table_error("all_na.csv", "a,b,t\n1,NA,x\n2,,y\n3,?,x\n4,nan,y\n", NULL,
                      (const char *[]){ "column 2 \"b\"", "every cell is empty or missing",
                                        NULL });
    check_table_error("drop_all.csv", "a,b,t\n1,NA,x\n2,,y\n3,?,x\n,5,y\n",
                      &(nn_table_args){ .missing = NN_MISSING_DROP },
                      (const char *[]){ "every one of the 4 rows has a missing value", NULL });
}

static void test_table_bad_columns(void)
{
    check_table_error("mixed.csv", "age,sex,t\n30,m,a\n40,f,b\nabc,m,a\n50,f,b\n", NULL,
                      (const char *[]){ "mixed.csv:4:", "column 1 \"age\"",
                                        "\"abc\" is not a number, while the column's other "
                                        "cells are (line 2: \"30\")", NULL });
    check_table_error("mixed2.csv", "city,t\nParis,a\nLyon,b\n12,a\nNice,b\n", NULL,
                      (const char *[]){ "mixed2.csv:4:", "\"12\" is a number, while the "
                                        "column's other cells are text (line 2: \"Paris\")",
                                        NULL });
    /* a name per row: an identifier, not a category */
    char text[4096] = "name,x,t\n";
    for (int i = 0; i < 30; i++)
        snprintf(text + strlen(text), sizeof text - strlen(text), "person%d,%d,%c\n", i, i,
                 'a' + i % 2);
    check_table_error("names.csv", text, NULL,
                      (const char *[]){ "column 1 \"name\"", "30 different texts in 30 rows",
                                        "identifier", NULL });
    char big[8192] = "code,t\n";
    for (int i = 0; i < 250; i++)
        snprintf(big + strlen(big), sizeof big - strlen(big), "c%d,%c\n", i % 150, 'a' + i % 2);
    check_table_error("codes.csv", big, NULL,
                      (const char *[]){ "codes.csv:102:", "column 1 \"code\"",
                                        "more than 100 different texts", NULL });
    check_table_error("text.csv", "colour,t\nred,a\nblue,b\n",
                      &(nn_table_args){ .no_one_hot = 1 },
                      (const char *[]){ "\"red\" is not a number", "not one-hot encoded", NULL });
}

static void test_table_classes(void)
{
    check_table_error("one_class.csv", "a,b,label\n1,2,yes\n3,4,yes\n5,6,yes\n", NULL,
                      (const char *[]){ "column 3 \"label\"", "every row has the class \"yes\"",
                                        "at least two classes", NULL });
    check_table_error("many_classes.csv", "a,price\n1,10\n2,11\n3,12\n4,13\n5,13\n", NULL,
                      (const char *[]){ "column 2 \"price\"", "4 classes for 5 rows",
                                        "measurement or an identifier", NULL });
    check_table_error("no_target.csv", "a,t\n1,\n2,NA\n", NULL,
                      (const char *[]){ "target \"t\" is missing in every one of the 2 rows",
                                        NULL });
    /* numeric labels: 1 and 1.0 are one class, 2 comes before 10 */
    nn_dataset d;
    int rc = load_text("numeric_labels.csv", "a,t\n1,10\n2,1.0\n3,2\n4,1\n5,10\n6,2\n", NULL, &d,
                       NULL);
    CHECK(rc == 0, "numeric labels: %s", nn_error());
    if (rc == 0) {
        CHECK(d.classes == 3 && strcmp(d.class_names[0], "1.0") == 0 &&
              strcmp(d.class_names[2], "10") == 0, "numeric labels: %d classes, first \"%s\"",
              d.classes, d.class_names[0]);
        const float want[] = { 2, 0, 1, 0, 2, 1 };
        check_labels("numeric labels", want, d.y, 6);
    }
    nn_dataset_free(&d);
}

static void test_table_features(void)
{
    const char *csv = "a,b,c,t\n1,x,3,p\n4,y,6,q\n7,x,9,p\n1,y,2,q\n";
    nn_dataset d;
    int rc = load_text("select.csv", csv,
                       &(nn_table_args){ .target = "t", .features = (const char *[]){ "c", "a",
                                                                                      NULL } },
                       &d, NULL);
    CHECK(rc == 0, "select: %s", nn_error());
    if (rc == 0)
        CHECK(d.dim == 2 && strcmp(d.feature_names[0], "c") == 0 && d.x[0] == 3.0f &&
              d.x[1] == 1.0f, "select c, a: got %d columns, first %s = %g", d.dim,
              d.feature_names[0], (double)d.x[0]);
    nn_dataset_free(&d);
    check_table_error("select2.csv", csv,
                      &(nn_table_args){ .target = "t", .features = (const char *[]){ "z", NULL } },
                      (const char *[]){ "select2.csv:1:", "no column named \"z\" for the features",
                                        "a, b, c, t", NULL });
    check_table_error("select3.csv", csv,
                      &(nn_table_args){ .target = "t", .features = (const char *[]){ "t", NULL } },
                      (const char *[]){ "\"t\" is the target", NULL });
    check_table_error("select4.csv", csv,
                      &(nn_table_args){ .features = (const char *[]){ "a", "a", NULL } },
                      (const char *[]){ "\"a\" is listed twice", NULL });
    check_table_error("select5.csv", csv, &(nn_table_args){ .target = "zz" },
                      (const char *[]){ "no column named \"zz\" for the target", NULL });
    check_table_error("dup.csv", "a,a,t\n1,2,x\n3,4,y\n", &(nn_table_args){ .target = "t",
                      .features = (const char *[]){ "a", NULL } },
                      (const char *[]){ "columns 1 and 2 are both named \"a\"", NULL });
    check_table_error("missing_args.csv", csv, &(nn_table_args){ .missing = 7 },
                      (const char *[]){ "missing = 7", NULL });

    /* nn_select_features on a built-in table */
    nn_dataset iris, two;
    CHECK(nn_load_builtin(&iris, "iris") == 0, "%s", nn_error());
    rc = nn_select_features(&two, &iris, (const char *[]){ "petal width (cm)", "sepal length (cm)" },
                            2);
    CHECK(rc == 0 && two.dim == 2 && two.n == 150 && two.x[0] == iris.x[3] &&
          two.x[1] == iris.x[0] && two.classes == 3, "select_features on iris: %s", nn_error());
    nn_dataset_free(&two);
    CHECK_FAILS(nn_select_features(&two, &iris, (const char *[]){ "petal" }, 1),
                "no feature named \"petal\" (features: sepal length (cm)");

    /* the scaler fitted on the training part only, then applied to both */
    nn_dataset train, test;
    CHECK(nn_train_test_split(&iris, 0.3f, 0, &train, &test) == 0, "%s", nn_error());
    CHECK(nn_scale_train_test("minmax", &train, &test) == 0, "%s", nn_error());
    float lo = INFINITY, hi = -INFINITY, test_lo = INFINITY, test_hi = -INFINITY;
    for (int i = 0; i < train.n; i++) {
        lo = fminf(lo, train.x[i * 4]);
        hi = fmaxf(hi, train.x[i * 4]);
    }
    for (int i = 0; i < test.n; i++) {
        test_lo = fminf(test_lo, test.x[i * 4]);
        test_hi = fmaxf(test_hi, test.x[i * 4]);
    }
    CHECK(lo == 0.0f && fabsf(hi - 1.0f) < 1e-6f && (test_lo != 0.0f || test_hi != 1.0f),
          "minmax on the training part: train %g..%g, test %g..%g", (double)lo, (double)hi,
          (double)test_lo, (double)test_hi);
    CHECK(nn_scale_train_test("none", &train, &test) == 0, "none: %s", nn_error());
    CHECK_FAILS(nn_scale_train_test("robust", &train, &test), "\"robust\": expected \"minmax\", "
                "\"standard\" or \"none\"");
    nn_dataset_free(&train);
    nn_dataset_free(&test);
    nn_dataset_free(&iris);
}

/* ---- missing values filled from the training rows only --------------------------------------- */

/* A report for a numeric column "a" and a text column "c" with the categories x, y, z. */
static void make_report(nn_table_report *r)
{
    memset(r, 0, sizeof *r);
    r->columns = 2;
    r->column = calloc(2, sizeof *r->column);
    r->column[0].name = strdup("a");
    r->column[1].name = strdup("c");
    r->column[1].categorical = 1;
    r->column[1].categories = 3;
}

static char *abc_names[] = { "a", "c_x", "c_y", "c_z" };

/* rows (n, 4): a, then c one-hot; N for a missing cell */
#define N NAN
static void make_part(nn_dataset *d, float *x, int n)
{
    *d = (nn_dataset){ .n = n, .dim = 4, .ndim = 1, .shape = { 4 }, .classes = 2, .x = x,
                       .feature_names = abc_names };
}

static void check_row(const char *what, const float *got, const float *want)
{
    for (int j = 0; j < 4; j++)
        CHECK(got[j] == want[j], "%s: column %s: expected %g, got %g", what, abc_names[j],
              (double)want[j], (double)got[j]);
}

/* The test rows hold extreme values (a = 1000) and the most frequent category of the whole table
 * (z): the fills must be the training rows' mean (2) and most frequent category (y). */
static void test_impute_train_only(void)
{
    float train_x[] = { 1, 1, 0, 0,   2, 0, 1, 0,   N, 0, 1, 0,   3, N, N, N };
    float test_x[] = { 1000, 0, 0, 1,   1000, 0, 0, 1,   N, 0, 0, 1,   1000, N, N, N };
    nn_dataset train, test;
    make_part(&train, train_x, 4);
    make_part(&test, test_x, 4);
    nn_table_report r;
    make_report(&r);
    r.column[0].missing = 2;
    r.column[1].missing = 2;
    int rc = nn_impute_train_test(&train, &test, &r);
    CHECK(rc == 0, "impute: %s", nn_error());
    /* the whole table's mean would be (1 + 2 + 3 + 3000) / 6 = 501, its mode z */
    check_row("train row 2 (a missing)", train_x + 8, (const float[]){ 2, 0, 1, 0 });
    check_row("train row 3 (c missing)", train_x + 12, (const float[]){ 3, 0, 1, 0 });
    check_row("test row 2 (a missing)", test_x + 8, (const float[]){ 2, 0, 0, 1 });
    check_row("test row 3 (c missing)", test_x + 12, (const float[]){ 1000, 0, 1, 0 });
    CHECK(r.column[0].fill == 2.0 && r.column[0].imputed == 2 && !r.column[0].fill_default,
          "report of a: expected fill 2, 2 imputed, got %g, %ld", r.column[0].fill,
          r.column[0].imputed);
    CHECK(r.column[1].fill_text && strcmp(r.column[1].fill_text, "y") == 0 &&
          r.column[1].fill_category == 1 && r.column[1].imputed == 2,
          "report of c: expected \"y\" (one-hot 1), 2 imputed, got \"%s\" (%d), %ld",
          r.column[1].fill_text ? r.column[1].fill_text : "(null)", r.column[1].fill_category,
          r.column[1].imputed);
    CHECK(r.imputed == 4 && r.train_fills, "report: expected 4 imputed, train_fills, got %ld, %d",
          r.imputed, r.train_fills);
    char text[1024];
    nn_table_report_text(&r, text, sizeof text);
    const char *lines[] = { "a: 2 missing values replaced by the mean of the training rows, 2\n",
                            "c: 2 missing values replaced by the most frequent value of the "
                            "training rows, \"y\"\n", "c: text, one-hot encoded into 3 columns" };
    for (int i = 0; i < 3; i++)
        CHECK(strstr(text, lines[i]) != NULL, "expected \"%s\" in:\n%s", lines[i], text);
    nn_table_report_free(&r);

    /* a tie between x and y in training: x, the first in sorted order */
    float tie_x[] = { 1, 1, 0, 0,   1, 0, 1, 0,   1, N, N, N };
    make_part(&train, tie_x, 3);
    make_report(&r);
    CHECK(nn_impute_train_test(&train, NULL, &r) == 0, "tie: %s", nn_error());
    check_row("tie", tie_x + 8, (const float[]){ 1, 1, 0, 0 });
    nn_table_report_free(&r);

    /* without a report every column is a number */
    float plain_x[] = { 1, 2, 3, 4,   N, N, N, N,   3, 4, 5, 6 };
    make_part(&train, plain_x, 3);
    CHECK(nn_impute_train_test(&train, NULL, NULL) == 0, "no report: %s", nn_error());
    check_row("no report: the means", plain_x + 4, (const float[]){ 2, 3, 4, 5 });
}

/* A column with no value in any training row: 0, or the first category, and the text says so. */
static void test_impute_all_missing_in_train(void)
{
    float train_x[] = { N, N, N, N,   N, N, N, N };
    float test_x[] = { 7, 0, 0, 1,   N, N, N, N };
    nn_dataset train, test;
    make_part(&train, train_x, 2);
    make_part(&test, test_x, 2);
    nn_table_report r;
    make_report(&r);
    CHECK(nn_impute_train_test(&train, &test, &r) == 0, "all missing: %s", nn_error());
    check_row("train row 0", train_x, (const float[]){ 0, 1, 0, 0 });
    check_row("test row 1", test_x + 4, (const float[]){ 0, 1, 0, 0 });
    check_row("test row 0, untouched", test_x, (const float[]){ 7, 0, 0, 1 });
    CHECK(r.column[0].fill_default && r.column[1].fill_default && r.column[1].fill_text &&
          strcmp(r.column[1].fill_text, "x") == 0, "fill_default: %d %d, text \"%s\"",
          r.column[0].fill_default, r.column[1].fill_default,
          r.column[1].fill_text ? r.column[1].fill_text : "(null)");
    char text[1024];
    nn_table_report_text(&r, text, sizeof text);
    const char *lines[] = { "a: 3 missing values replaced by 0: no training row has a value\n",
                            "c: 3 missing values replaced by its first category, \"x\": no "
                            "training row has a value\n" };
    for (int i = 0; i < 2; i++)
        CHECK(strstr(text, lines[i]) != NULL, "expected \"%s\" in:\n%s", lines[i], text);
    nn_table_report_free(&r);

    /* a report that does not match the data */
    make_report(&r);
    r.column[1].categories = 2;
    make_part(&train, train_x, 2);
    CHECK_FAILS(nn_impute_train_test(&train, NULL, &r), "make 3 dataset columns, the data has 4");
    nn_table_report_free(&r);
    CHECK_FAILS(nn_impute_train_test(NULL, NULL, NULL), "the training part is empty");
}
#undef N

/* NN_MISSING_KEEP: NaN exactly where a cell was missing, every one-hot column of a missing
 * category; then the split filled from its training part, as `neurone compare` does. */
static void test_table_keep(void)
{
    nn_dataset d;
    nn_table_report r;
    int rc = load_text("pets_keep.csv", pets_csv, &(nn_table_args){ .missing = NN_MISSING_KEEP },
                       &d, &r);
    CHECK(rc == 0, "pets keep: %s", nn_error());
    if (rc)
        return;
    /* rows 2 and 3 miss age (column 4), row 4 its colour (columns 1..3) */
    for (int i = 0; i < d.n; i++)
        for (int j = 0; j < d.dim; j++) {
            int want = (j == 4 && (i == 2 || i == 3)) || (i == 4 && j >= 1 && j <= 3);
            CHECK((isnan(d.x[i * d.dim + j]) != 0) == want, "keep: row %d column %d: expected %s, "
                  "got %g", i, j, want ? "NaN" : "a value", (double)d.x[i * d.dim + j]);
        }
    CHECK(r.kept_missing == 3 && r.imputed == 0 && r.column[2].missing == 2 &&
          r.column[1].missing == 1, "keep report: kept %ld imputed %ld, age %ld, colour %ld",
          r.kept_missing, r.imputed, r.column[2].missing, r.column[1].missing);
    char text[1024];
    nn_table_report_text(&r, text, sizeof text);
    CHECK(strstr(text, "age: 2 missing values\n") && strstr(text, "colour: 1 missing value\n") &&
          !strstr(text, "replaced"), "keep text:\n%s", text);

    nn_dataset train, test;
    rc = nn_train_test_split(&d, 0.5f, 3, &train, &test);
    CHECK(rc == 0, "split: %s", nn_error());
    /* the training rows' mean of age, by hand */
    double sum = 0.0;
    int count = 0;
    for (int i = 0; i < train.n; i++)
        if (!isnan(train.x[i * 5 + 4])) {
            sum += train.x[i * 5 + 4];
            count++;
        }
    rc = rc == 0 ? nn_impute_train_test(&train, &test, &r) : -1;
    CHECK(rc == 0, "impute: %s", nn_error());
    CHECK_NEAR(r.column[2].fill, count ? sum / count : 0.0, 1e-6, 0, "age's training mean");
    int nans = 0;
    for (int i = 0; rc == 0 && i < train.n * 5; i++)
        nans += isnan(train.x[i]);
    for (int i = 0; rc == 0 && i < test.n * 5; i++)
        nans += isnan(test.x[i]);
    CHECK(nans == 0 && r.imputed == 3, "after impute: %d NaN left, %ld imputed", nans, r.imputed);
    nn_dataset_free(&train);
    nn_dataset_free(&test);
    nn_dataset_free(&d);
    nn_table_report_free(&r);
}

/* ---- the start of a file, for a preview ------------------------------------------------------ */

static void test_preview(void)
{
    nn_table_preview p;
    const char *path = write_file("preview.csv", "age; colour ;t\n1,5;red;a\n2;;b\n3;blue;a\n"
                                  "NA;red;b\n5;green;a\n");
    int rc = nn_preview_table(&p, path, 0, 3);
    CHECK(rc == 0, "preview: %s", nn_error());
    CHECK(p.columns == 3 && p.rows == 3 && p.separator == ';' && !p.complete &&
          strcmp(p.names[1], "colour") == 0 && strcmp(p.cells[3], "2") == 0 &&
          strcmp(p.cells[4], "") == 0, "preview: %d columns, %d rows, '%c', complete %d, "
          "names[1] \"%s\"", p.columns, p.rows, p.separator, p.complete, p.names[1]);
    CHECK(p.numeric[0] && !p.numeric[1] && !p.numeric[2] && p.missing[1] == 1 &&
          p.missing[0] == 0, "preview kinds: numeric %d %d %d, missing %d %d", p.numeric[0],
          p.numeric[1], p.numeric[2], p.missing[0], p.missing[1]);
    CHECK(p.bytes_read > 0 && p.bytes_read < p.file_size && p.file_size == 58,
          "preview bytes: %lld of %lld", p.bytes_read, p.file_size);
    nn_table_preview_free(&p);
    rc = nn_preview_table(&p, path, 0, 20);
    CHECK(rc == 0 && p.rows == 5 && p.complete && p.missing[0] == 1, "whole preview: rc %d, "
          "%d rows, complete %d", rc, p.rows, p.complete);
    nn_table_preview_free(&p);
    path = write_file("preview_bad.csv", "a,b,t\n1,2,x\n3,4\n5,6,y\n");
    CHECK_FAILS(nn_preview_table(&p, path, 0, 20),
                "preview_bad.csv:3: column 3 \"t\" is missing: the row has 2 fields, the header 3");
    CHECK(p.rows == 1 && p.columns == 3, "bad preview keeps the rows before: %d rows", p.rows);
    nn_table_preview_free(&p);
    CHECK_FAILS(nn_preview_table(&p, write_file("empty.csv", ""), 0, 20), "the file is empty");
    nn_table_preview_free(&p);
}

/* ---- a large file, streamed ------------------------------------------------------------------- */

typedef struct progress_log { long long last, total; int calls, backwards, cancel_at_half; } progress_log;

static int on_progress(long long done, long long total, void *user)
{
    progress_log *p = user;
    p->backwards += done < p->last;
    p->last = done;
    p->total = total;
    p->calls++;
    return p->cancel_at_half && done * 2 >= total;
}

typedef struct canceller { atomic_int flag; int delay_ms; } canceller;

static void *cancel_later(void *arg)
{
    canceller *c = arg;
    struct timespec t = { 0, (long)c->delay_ms * 1000000L };
    nanosleep(&t, NULL);
    atomic_store_explicit(&c->flag, 1, memory_order_relaxed);
    return NULL;
}

static long peak_rss_kib(void)
{
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss; /* KiB on Linux */
}

/* 8 numbers of 9 to 11 characters and a class per row: ~95 bytes of text for 36 bytes of floats
 * and label. Returns the rows written. */
static long write_big_csv(const char *path, long long bytes)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    static char buf[1 << 16];
    setvbuf(f, buf, _IOFBF, sizeof buf);
    fputs("f1,f2,f3,f4,f5,f6,f7,f8,kind\n", f);
    long rows = 0;
    unsigned s = 12345;
    static const char *const kinds[] = { "alpha", "beta", "gamma" };
    for (long long written = 0; written < bytes; rows++) {
        int n = 0;
        for (int j = 0; j < 8; j++) {
            s = s * 1103515245u + 12345u;
            n += fprintf(f, "%s%.6f", j ? "," : "", (double)(s >> 8) / 1677.7216 - 5000.0);
        }
        n += fprintf(f, ",%s\n", kinds[rows % 3]);
        written += n;
    }
    return fclose(f) == 0 ? rows : -1;
}

static void test_large_file(void)
{
    const char *env = getenv("NEURONE_BIG_CSV_MB");
    long long mb = env ? atoll(env) : SANITIZED ? 8 : 48;
    char path[128];
    snprintf(path, sizeof path, "%s/big.csv", tmpdir);
    double t0 = seconds_now();
    long rows = write_big_csv(path, mb << 20);
    CHECK(rows > 0, "cannot write %s", path);
    if (rows <= 0)
        return;
    struct stat st;
    stat(path, &st);
    double t1 = seconds_now();

    long rss_before = peak_rss_kib();
    progress_log log = { 0 };
    nn_dataset d;
    nn_table_report r;
    int rc = nn_load_table(&d, path, &(nn_table_args){ .target = "kind", .progress = on_progress,
                                                       .user = &log }, &r);
    double t2 = seconds_now();
    long rss_after = peak_rss_kib();
    CHECK(rc == 0, "big.csv: %s", nn_error());
    CHECK(d.n == rows && d.dim == 8 && d.classes == 3, "big.csv: expected %ld x 8, 3 classes, got "
          "%d x %d, %d", rows, d.n, d.dim, d.classes);
    CHECK(log.calls >= (int)mb && log.backwards == 0 && log.last == (long long)st.st_size &&
          log.total == (long long)st.st_size, "progress: %d calls (expected >= %lld, one a MiB), "
          "%d backwards, last %lld of %lld, file %lld", log.calls, mb, log.backwards, log.last,
          log.total, (long long)st.st_size);
    long long matrix_kib = (long long)rows * (8 + 1) * 4 / 1024;
    long grown = rss_after - rss_before;
    printf("     big.csv: %lld MiB, %ld rows written in %.1f s, loaded in %.1f s (%.0f MiB/s); "
           "peak memory grew by %ld MiB for a %lld MiB matrix\n", mb, rows, t1 - t0, t2 - t1,
           (double)mb / (t2 - t1), grown / 1024, matrix_kib / 1024);
    /* the floats and the labels, the rest a few MiB: never the text */
    if (!SANITIZED)
        CHECK(grown <= matrix_kib * 11 / 10 + 16 * 1024 && grown < (long)(st.st_size / 1024 / 2),
              "peak memory grew by %ld KiB for a %lld KiB matrix and a %lld KiB file", grown,
              matrix_kib, (long long)st.st_size / 1024);
    nn_dataset_free(&d);
    nn_table_report_free(&r);

    /* cancelled by the progress callback half way */
    progress_log half = { .cancel_at_half = 1 };
    rc = nn_load_table(&d, path, &(nn_table_args){ .target = "kind", .progress = on_progress,
                                                   .user = &half }, &r);
    CHECK(rc == -1 && r.cancelled && strstr(nn_error(), "cancelled after") &&
          r.rows_read > 0 && r.rows_read < rows, "cancel at half: rc %d, cancelled %d, %ld of "
          "%ld rows, \"%s\"", rc, r.cancelled, r.rows_read, rows, nn_error());
    CHECK(!d.x && !d.n, "cancelled: the dataset is zeroed");
    nn_table_report_free(&r);

    /* cancelled by another thread, as the app's cancel button */
    canceller c = { 0, 20 };
    pthread_t thread;
    pthread_create(&thread, NULL, cancel_later, &c);
    double t3 = seconds_now();
    rc = nn_load_table(&d, path, &(nn_table_args){ .target = "kind", .cancel = &c.flag }, &r);
    double t4 = seconds_now();
    pthread_join(thread, NULL);
    CHECK(rc == -1 && r.cancelled && r.rows_read < rows, "cancel flag: rc %d, cancelled %d, %ld "
          "rows", rc, r.cancelled, r.rows_read);
    CHECK(t4 - t3 < (t2 - t1) * 0.8 + 0.1, "cancel flag: stopped after %.2f s, a full load "
          "takes %.2f s", t4 - t3, t2 - t1);
    nn_table_report_free(&r);

    /* a flag set before the start: nothing is read */
    atomic_store_explicit(&c.flag, 1, memory_order_relaxed);
    rc = nn_load_table(&d, path, &(nn_table_args){ .target = "kind", .cancel = &c.flag }, &r);
    CHECK(rc == -1 && r.cancelled && r.rows_read == 0, "cancel before: rc %d, %ld rows", rc,
          r.rows_read);
    nn_table_report_free(&r);
    remove(path);
}

/* ---- neurone compare ---------------------------------------------------------------------------- */

/* Runs `neurone compare args` with stderr into stdout; out receives the output, the exit status
 * is returned (-1 when it could not run). */
static int run_compare(const char *args, char *out, size_t size)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "'%s' compare %s 2>&1", neurone_exe, args);
    FILE *p = popen(cmd, "r");
    if (!p)
        return -1;
    size_t len = fread(out, 1, size - 1, p);
    out[len] = '\0';
    int status = pclose(p);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void check_run(const char *args, int want_status, const char *const *needles)
{
    static char out[1 << 16];
    int status = run_compare(args, out, sizeof out);
    CHECK(status == want_status, "neurone compare %s: expected exit status %d, got %d; "
          "output:\n%s", args, want_status, status, out);
    for (; *needles; needles++)
        CHECK(strstr(out, *needles) != NULL, "neurone compare %s: expected \"%s\" in:\n%s",
              args, *needles, out);
}

static void test_compare_command(void)
{
    if (!neurone_exe) {
        printf("     skipped: no neurone program given\n");
        return;
    }
    check_run("--data iris --seed 1 --epochs 20 --confusion", 0,
              (const char *[]){ "iris: 150 rows", "105 training rows, 45 test rows", "MLP ",
                                "LogisticRegression ", "KNeighborsClassifier ",
                                "DecisionTreeClassifier ", "GaussianNB ",
                                "RandomForestClassifier ", "confusion matrix", NULL });
    char json[256], args[512];
    snprintf(json, sizeof json, "%s/result.json", tmpdir);
    snprintf(args, sizeof args, "--data iris --features 'petal length (cm), petal width (cm)' "
             "--scaler minmax --test-size 0.2 --epochs 5 --json '%s'", json);
    check_run(args, 0, (const char *[]){ NULL });
    FILE *f = fopen(json, "r");
    static char text[1 << 16];
    size_t len = f ? fread(text, 1, sizeof text - 1, f) : 0;
    text[len] = '\0';
    if (f)
        fclose(f);
    int models = 0;
    for (const char *p = text; (p = strstr(p, "\"accuracy\": ")); p++)
        models++;
    CHECK(models == 6 && strstr(text, "\"test_rows\": 30") &&
          strstr(text, "\"features\": [\"petal length (cm)\", \"petal width (cm)\"]") &&
          strstr(text, "\"scaler\": \"minmax\"") && text[len - 2] == '}',
          "result.json: %d models, text:\n%s", models, text);
    char leftover[300];
    snprintf(leftover, sizeof leftover, "ls '%s' | grep -q tmp", tmpdir);
    CHECK(system(leftover) != 0, "a temporary JSON file was left in %s", tmpdir);

    const char *pets = write_file("pets_big.csv",
        "weight,colour,age,pet\n4.0,black,3,cat\n30,brown,5,dog\n5.0,white,,cat\n"
        "25,black,NA,dog\n4.5,?,2,cat\n28,brown,4,dog\n3.5,white,1,?\n3.9,black,2,cat\n"
        "27,brown,6,dog\n4.2,white,3,cat\n31,black,7,dog\n4.8,brown,1,cat\n26,white,5,dog\n");
    snprintf(args, sizeof args, "--data '%s' --target pet --epochs 5", pets);
    check_run(args, 0, (const char *[]){ "note: 1 of the 13 rows has no target",
                                         "note: colour: text, one-hot encoded into 3 columns",
                                         "note: age: 2 missing values replaced by the mean",
                                         "GaussianNB", NULL });

    /* bad arguments: exit status 2, the flag named */
    check_run("", 2, (const char *[]){ "--data is needed", NULL });
    check_run("--data iris --scaler robust", 2,
              (const char *[]){ "--scaler: \"robust\" is not minmax, standard or none", NULL });
    check_run("--data iris --test-size 1.5", 2, (const char *[]){ "--test-size: expected a "
                                                                  "fraction", "\"1.5\"", NULL });
    check_run("--data iris --test-size abc", 2, (const char *[]){ "--test-size", NULL });
    check_run("--data iris --seed -1", 2, (const char *[]){ "--seed: expected a whole number",
                                                            NULL });
    check_run("--data iris --epochs 0", 2, (const char *[]){ "--epochs: expected a whole number "
                                                             ">= 1, got \"0\"", NULL });
    check_run("--data iris --missing maybe", 2, (const char *[]){ "--missing: \"maybe\"", NULL });
    check_run("--data iris --features 'a,,b'", 2,
              (const char *[]){ "--features: an empty column name", NULL });
    check_run("--data iris --bogus 1", 2, (const char *[]){ "unknown option \"--bogus\"", NULL });
    check_run("--data iris --seed", 2, (const char *[]){ "--seed needs a value", NULL });
    check_run("--data iris extra", 2, (const char *[]){ "unexpected argument \"extra\"", NULL });
    check_run("--data iris --target species", 2,
              (const char *[]){ "--target: the built-in tables' class column is \"target\"",
                                NULL });
    snprintf(args, sizeof args, "--data '%s'", pets);
    check_run(args, 2, (const char *[]){ "--target is needed with a CSV file", NULL });

    /* bad data: exit status 1, the file and the reason named */
    snprintf(args, sizeof args, "--data '%s/absent.csv' --target t", tmpdir);
    check_run(args, 1, (const char *[]){ "absent.csv: cannot open", NULL });
    snprintf(args, sizeof args, "--data '%s' --target pet --features weight,height", pets);
    check_run(args, 1, (const char *[]){ "no column named \"height\" for the features", NULL });
    snprintf(args, sizeof args, "--data '%s' --target t",
             write_file("single.csv", "a,t\n1,x\n2,x\n3,x\n4,x\n"));
    check_run(args, 1, (const char *[]){ "every row has the class \"x\"", NULL });
    check_run("--data iris --features 'petal'", 1, (const char *[]){ "no feature named "
                                                                     "\"petal\"", NULL });
    snprintf(args, sizeof args, "--data '%s' --target t --test-size 0.8",
             write_file("few_rows.csv", "a,t\n1,x\n2,y\n3,z\n4,x\n5,y\n6,z\n7,x\n8,y\n"));
    check_run(args, 1, (const char *[]){ "1 training rows for 3 classes", NULL });
    snprintf(args, sizeof args, "--data iris --epochs 2 --json '%s/no/such/dir/r.json'", tmpdir);
    check_run(args, 1, (const char *[]){ "cannot write", "r.json", NULL });
}

/* ---- scikit-learn ------------------------------------------------------------------------------- */

/* The comparison's cases: a table, its target, its features (NULL: all), and a seed. */
typedef struct sk_case {
    const char *name;           /* as in the reference table */
    const char *table;          /* a built-in name, or a file under $NEURONE_SHARED_DIR/datasets */
    const char *target;
    const char *const *features;
    unsigned seed;
} sk_case;

static const char *const heart_3[] = { "gender", "age", "max_hr", NULL };
static const char *const heart_5[] = { "age", "rest_bp", "cholesterol", "max_hr",
                                       "st_depression", NULL };

static const sk_case sk_cases[] = {
    { "iris_s0", "iris", NULL, NULL, 0 },
    { "iris_s42", "iris", NULL, NULL, 42 },
    { "wine_s0", "wine", NULL, NULL, 0 },
    { "wine_s42", "wine", NULL, NULL, 42 },
    { "breast_cancer_s0", "breast_cancer", NULL, NULL, 0 },
    { "breast_cancer_s42", "breast_cancer", NULL, NULL, 42 },
    { "heart3_s0", "heart.csv", "diagnosis", heart_3, 0 },
    { "heart3_s42", "heart.csv", "diagnosis", heart_3, 42 },
    { "heart5_s0", "heart.csv", "diagnosis", heart_5, 0 },
    { "heart5_s42", "heart.csv", "diagnosis", heart_5, 42 },
    { "heart_all_s0", "heart.csv", "diagnosis", NULL, 0 },
    { "heart_all_s42", "heart.csv", "diagnosis", NULL, 42 },
};
#define SK_CASES ((int)(sizeof sk_cases / sizeof sk_cases[0]))

/* The split as `neurone compare` makes it: the table loaded with its missing cells kept,
 * nn_train_test_split(0.3, seed), the missing cells filled and StandardScaler fitted from the
 * training part. *row_ids receives each part's rows' indices in the whole table,
 * test part first; 1 when the table is absent. */
static int make_split(const sk_case *k, nn_dataset *train, nn_dataset *test, int **row_ids)
{
    nn_dataset all;
    nn_table_report report = { 0 }; /* stays zeroed for a built-in table */
    int rc;
    if (strchr(k->table, '.')) {
        const char *shared = getenv("NEURONE_SHARED_DIR");
        char path[512];
        snprintf(path, sizeof path, "%s/datasets/%s", shared ? shared : "../shared", k->table);
        if (access(path, R_OK) != 0) {
            printf("     skipped %s: %s is absent\n", k->name, path);
            return 1;
        }
        rc = nn_load_table(&all, path, &(nn_table_args){ .target = k->target,
                                                        .features = k->features,
                                                        .missing = NN_MISSING_KEEP }, &report);
    } else {
        rc = nn_load_builtin(&all, k->table);
    }
    CHECK(rc == 0, "%s: %s", k->name, nn_error());
    if (rc) {
        nn_table_report_free(&report);
        return -1;
    }
    /* the same split of a one-column table of row indices gives each row's origin: the
     * permutation depends on the row count and the seed only */
    nn_dataset ids = { .n = all.n, .dim = 1, .ndim = 1, .shape = { 1 }, .classes = 0 };
    ids.x = malloc((size_t)all.n * sizeof *ids.x);
    ids.y = calloc((size_t)all.n, sizeof *ids.y);
    for (int i = 0; ids.x && i < all.n; i++)
        ids.x[i] = (float)i;
    nn_dataset id_train = { 0 }, id_test = { 0 };
    rc = nn_train_test_split(&all, 0.3f, k->seed, train, test);
    if (rc == 0)
        rc = nn_train_test_split(&ids, 0.3f, k->seed, &id_train, &id_test);
    CHECK(rc == 0, "%s: split: %s", k->name, nn_error());
    *row_ids = malloc((size_t)all.n * sizeof **row_ids);
    for (int i = 0; rc == 0 && i < all.n; i++) {
        int from_test = i < id_test.n;
        float id = from_test ? id_test.x[i] : id_train.x[i - id_test.n];
        (*row_ids)[i] = (int)id;
        const float *row = from_test ? test->x + (size_t)i * (size_t)all.dim
                                     : train->x + (size_t)(i - id_test.n) * (size_t)all.dim;
        CHECK(memcmp(row, all.x + (size_t)id * (size_t)all.dim, (size_t)all.dim * sizeof *row)
              == 0, "%s: split row %d is not row %d of the table", k->name, i, (int)id);
    }
    /* filled and StandardScaler fitted on the training part, as `neurone compare` does by
     * default */
    if (rc == 0 && nn_impute_train_test(train, test, report.columns ? &report : NULL) < 0)
        rc = -1;
    if (rc == 0 && nn_scale_train_test("standard", train, test) < 0)
        rc = -1;
    CHECK(rc == 0, "%s: scaler: %s", k->name, nn_error());
    if (rc < 0) {
        nn_dataset_free(train);
        nn_dataset_free(test);
        free(*row_ids);
        *row_ids = NULL;
    }
    nn_dataset_free(&id_train);
    nn_dataset_free(&id_test);
    free(ids.x);
    free(ids.y);
    nn_table_report_free(&report);
    nn_dataset_free(&all);
    return rc;
}

/* The same sum as checksum() in sklearn_reference.py. */
static long split_checksum(const int *row_ids, int n)
{
    long long h = 0;
    for (int i = 0; i < n; i++)
        h = (h * 31 + row_ids[i] + 1) % 1000000007LL;
    return (long)h;
}

static int write_part(const char *path, const nn_dataset *d, const int *row_ids)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fputs("row", f);
    for (int j = 0; j < d->dim; j++)
        fprintf(f, ",f%d", j);
    fputs(",label\n", f);
    for (int i = 0; i < d->n; i++) {
        fprintf(f, "%d", row_ids[i]);
        for (int j = 0; j < d->dim; j++)
            fprintf(f, ",%.9g", (double)d->x[(size_t)i * (size_t)d->dim + (size_t)j]);
        fprintf(f, ",%d\n", (int)d->y[i]);
    }
    return fclose(f);
}

/* Writes every case's split into dir; the number of cases written, or -1. */
static int export_splits(const char *dir)
{
    int written = 0;
    for (int k = 0; k < SK_CASES; k++) {
        nn_dataset train, test;
        int *ids = NULL;
        int rc = make_split(&sk_cases[k], &train, &test, &ids);
        if (rc == 1)
            continue;
        if (rc < 0)
            return -1;
        char path[512];
        snprintf(path, sizeof path, "%s/%s.train.csv", dir, sk_cases[k].name);
        rc = write_part(path, &train, ids + test.n);
        snprintf(path, sizeof path, "%s/%s.test.csv", dir, sk_cases[k].name);
        rc |= write_part(path, &test, ids);
        CHECK(rc == 0, "cannot write %s: %s", path, strerror(errno));
        written++;
        free(ids);
        nn_dataset_free(&train);
        nn_dataset_free(&test);
    }
    return written;
}

/* One line of the reference table. */
typedef struct sk_row {
    char name[40], model[32];
    long split;
    int train, test, seeds;     /* seeds: the runs averaged, random_state 0..seeds-1 */
    double accuracy, precision, recall, f1;
} sk_row;

static int read_reference(const char *path, sk_row *rows, int cap)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    char line[512];
    int n = 0;
    while (n < cap && fgets(line, sizeof line, f)) {
        sk_row *r = &rows[n];
        if (sscanf(line, "%39s %ld %d %d %31s %d %lf %lf %lf %lf", r->name, &r->split,
                   &r->train, &r->test, r->model, &r->seeds, &r->accuracy, &r->precision,
                   &r->recall, &r->f1) == 10)
            n++;
    }
    fclose(f);
    return n;
}

static const sk_row *find_reference(const sk_row *rows, int n, const char *name,
                                    const char *model)
{
    for (int i = 0; i < n; i++)
        if (strcmp(rows[i].name, name) == 0 && strcmp(rows[i].model, model) == 0)
            return &rows[i];
    return NULL;
}

/* The python that has scikit-learn, or NULL. */
static const char *find_python(void)
{
    const char *forced = getenv("NEURONE_SKLEARN");
    if (forced && strcmp(forced, "table") == 0)
        return NULL;
    static const char *candidates[] = { NULL, "/usr/bin/python3", "python3" };
    candidates[0] = getenv("NEURONE_PYTHON");
    for (int i = 0; i < 3; i++) {
        if (!candidates[i])
            continue;
        char cmd[512];
        snprintf(cmd, sizeof cmd, "'%s' -c 'import sklearn' >/dev/null 2>&1", candidates[i]);
        if (system(cmd) == 0)
            return candidates[i];
    }
    return NULL;
}

static void test_sklearn(void)
{
    static sk_row live[512], table[512];
    char committed[512];
    snprintf(committed, sizeof committed, "%s/data/sklearn_reference.tsv", tests_dir);
    int n_table = read_reference(committed, table, 512);
    int n_live = -1;
    const char *python = find_python();
    char dir[128];
    snprintf(dir, sizeof dir, "%s/splits", tmpdir);
    mkdir(dir, 0700);
    if (export_splits(dir) < 0)
        return;
    if (python) {
        char cmd[1024], out[256];
        snprintf(out, sizeof out, "%s/live.tsv", tmpdir);
        snprintf(cmd, sizeof cmd, "'%s' '%s/sklearn_reference.py' '%s' > '%s'", python,
                 tests_dir, dir, out);
        int rc = system(cmd);
        CHECK(rc == 0, "%s failed (%d)", cmd, rc);
        n_live = read_reference(out, live, 512);
        printf("     scikit-learn: live, through %s (%d results)\n", python, n_live);
    } else {
        CHECK(n_table > 0, "no scikit-learn and no table at %s", committed);
        printf("     scikit-learn: not importable; the committed table %s (%d results)\n",
               committed, n_table);
    }
    const sk_row *ref = n_live > 0 ? live : table;
    int n_ref = n_live > 0 ? n_live : n_table;

    printf("     %-18s %-20s %5s %8s %8s %7s\n", "case", "model", "seeds", "C", "sklearn",
           "diff");
    int compared = 0, off_table = 0;
    double worst = 0.0;
    for (int k = 0; k < SK_CASES; k++) {
        const sk_case *sc = &sk_cases[k];
        nn_dataset train, test;
        int *ids = NULL;
        int rc = make_split(sc, &train, &test, &ids);
        if (rc)
            continue;
        long split = split_checksum(ids, train.n + test.n);
        float *pred = malloc((size_t)test.n * sizeof *pred);
        for (int m = 0; rc == 0 && nn_classifier_kind(m); m++) {
            const char *kind = nn_classifier_kind(m);
            const sk_row *want = find_reference(ref, n_ref, sc->name, kind);
            CHECK(want != NULL, "%s %s: not in the reference", sc->name, kind);
            if (!want)
                continue;
            CHECK(want->split == split && want->test == test.n && want->train == train.n,
                  "%s: the reference was made on another split (checksum %ld, %d + %d rows), "
                  "this one is %ld, %d + %d rows", sc->name, want->split, want->train,
                  want->test, split, train.n, test.n);
            /* the random ones, averaged over the same seeds as scikit-learn's random_state */
            double accuracy = 0.0;
            for (unsigned seed = 0; seed < (unsigned)want->seeds; seed++) {
                nn_classifier *c = fit_predict(kind, &(nn_classifier_args){ .seed = seed },
                                               train.x, train.y, train.n, train.dim,
                                               train.classes, test.x, test.n, pred);
                nn_classifier_free(c);
                nn_metrics got;
                nn_classification_metrics(&got, test.y, pred, test.n, train.classes);
                accuracy += got.accuracy / want->seeds;
            }
            double diff = accuracy - want->accuracy;
            printf("     %-18s %-20s %5d %8.4f %8.4f %+7.4f\n", sc->name, kind, want->seeds,
                   accuracy, want->accuracy, diff);
            CHECK(fabs(diff) <= 0.03 + 1e-9, "%s %s: accuracy %.4f, scikit-learn's %.4f: more "
                  "than 3 points apart", sc->name, kind, accuracy, want->accuracy);
            worst = fmax(worst, fabs(diff));
            compared++;
            const sk_row *old = n_live > 0 ? find_reference(table, n_table, sc->name, kind)
                                           : NULL;
            off_table += n_live > 0 && (!old || fabs(old->accuracy - want->accuracy) > 1e-6);
        }
        free(pred);
        free(ids);
        nn_dataset_free(&train);
        nn_dataset_free(&test);
    }
    printf("     %d comparisons, the largest difference %.1f points\n", compared, 100 * worst);
    if (off_table)
        printf("     note: %d live results differ from %s (another scikit-learn?); regenerate it "
               "with test_classic --export DIR and sklearn_reference.py DIR\n", off_table,
               committed);
}

/* ---- main --------------------------------------------------------------------------------------- */

static void remove_tree(const char *dir)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "cannot remove %s\n", dir);
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--export") == 0) {
        int n = export_splits(argv[2]);
        printf("%d splits written to %s\n", n, argv[2]);
        return n <= 0 || failures != 0;
    }
    if (argc < 2) {
        fprintf(stderr, "usage: test_classic TESTS_DIR [NEURONE_EXE] | --export DIR\n");
        return 2;
    }
    tests_dir = argv[1];
    neurone_exe = argc > 2 ? argv[2] : NULL;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/test_classic.XXXXXX");
    if (!mkdtemp(tmpdir)) {
        printf("FAIL cannot create a temporary folder\n");
        return 1;
    }
    RUN(test_large_file); /* first: its memory check reads the process's peak */
    RUN(test_knn_votes);
    RUN(test_knn_tie);
    RUN(test_tree_threshold);
    RUN(test_tree_xor);
    RUN(test_naive_bayes);
    RUN(test_logistic_binary);
    RUN(test_logistic_multinomial);
    RUN(test_forest);
    RUN(test_absent_class);
    RUN(test_metrics);
    RUN(test_confusion);
    RUN(test_bad_classifiers);
    RUN(test_table_one_hot_impute);
    RUN(test_table_drop);
    RUN(test_table_bad_columns);
    RUN(test_table_classes);
    RUN(test_table_features);
    RUN(test_impute_train_only);
    RUN(test_impute_all_missing_in_train);
    RUN(test_table_keep);
    RUN(test_preview);
    RUN(test_compare_command);
    RUN(test_sklearn);
    remove_tree(tmpdir);
    return failures != 0;
}
