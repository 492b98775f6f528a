/* metrics.c — accuracy, macro precision, recall and F1, and the confusion matrix, as
 * scikit-learn's accuracy_score, precision_recall_fscore_support(average="macro") and
 * confusion_matrix. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "classic.h"

static int is_class(float v, int classes)
{
    return v >= 0.0f && v < (float)classes && v == floorf(v);
}

/* Both label arrays hold class indices 0..classes-1, or a message says which does not. */
static int check_labels(const float *y_true, const float *y_pred, int n, int classes,
                        const char *what)
{
    if (!y_true || !y_pred)
        return nn_fail("%s: %s is NULL", what, !y_true ? "y_true" : "y_pred");
    if (n < 1)
        return nn_fail("%s: %d rows: at least one is needed", what, n);
    if (classes < 1)
        return nn_fail("%s: %d classes: at least one is needed", what, classes);
    for (int i = 0; i < n; i++) {
        if (!is_class(y_true[i], classes))
            return nn_fail("%s: y_true[%d] = %g is not a class index in 0..%d", what, i,
                           (double)y_true[i], classes - 1);
        if (!is_class(y_pred[i], classes))
            return nn_fail("%s: y_pred[%d] = %g is not a class index in 0..%d", what, i,
                           (double)y_pred[i], classes - 1);
    }
    return 0;
}

int nn_confusion_matrix(int *cm, const float *y_true, const float *y_pred, int n, int classes)
{
    if (!cm)
        return nn_fail("confusion_matrix: cm is NULL");
    if (check_labels(y_true, y_pred, n, classes, "confusion_matrix") < 0)
        return -1;
    memset(cm, 0, (size_t)classes * (size_t)classes * sizeof *cm);
    for (int i = 0; i < n; i++)
        cm[(size_t)y_true[i] * (size_t)classes + (size_t)y_pred[i]]++;
    return 0;
}

int nn_classification_metrics(nn_metrics *m, const float *y_true, const float *y_pred, int n,
                              int classes)
{
    if (!m)
        return nn_fail("classification_metrics: m is NULL");
    memset(m, 0, sizeof *m);
    if (check_labels(y_true, y_pred, n, classes, "classification_metrics") < 0)
        return -1;
    /* per class: true positives, predicted count, true count */
    long *count = calloc((size_t)classes * 3, sizeof *count); /* (3, classes) */
    if (!count)
        return nn_fail("classification_metrics: out of memory");
    long *tp = count, *predicted = count + classes, *actual = count + 2 * classes;
    long correct = 0;
    for (int i = 0; i < n; i++) {
        int t = (int)y_true[i], p = (int)y_pred[i];
        correct += t == p;
        tp[t] += t == p;
        predicted[p]++;
        actual[t]++;
    }
    int present = 0;
    for (int k = 0; k < classes; k++) {
        if (!predicted[k] && !actual[k])
            continue; /* scikit-learn averages over the labels that occur */
        present++;
        double precision = predicted[k] ? (double)tp[k] / predicted[k] : 0.0;
        double recall = actual[k] ? (double)tp[k] / actual[k] : 0.0;
        m->precision += precision;
        m->recall += recall;
        m->f1 += precision + recall > 0.0 ? 2.0 * precision * recall / (precision + recall) : 0.0;
    }
    m->accuracy = (double)correct / n;
    m->precision /= present;
    m->recall /= present;
    m->f1 /= present;
    free(count);
    return 0;
}
