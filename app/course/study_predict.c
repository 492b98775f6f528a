/* study_predict.c — a row that the student types (study_predict_row): each field encoded as the
 * loader encoded its column (a number, a one-hot category, NaN when missing), filled and scaled as
 * the training rows were, then answered by every trained model. Reads the study only: the UI
 * thread calls it when no step runs. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "study_internal.h"

/* ---- a typed row ---------------------------------------------------------------------------- */

/* A number with '.' whatever the locale, nothing else: no "inf", "nan" or hexadecimal. */
static int parse_number(const char *text, float *out)
{
    if (!*text || strspn(text, "0123456789+-.eE") != strlen(text))
        return -1;
    char *end;
    double v = strtod(text, &end);
    if (*end || !isfinite(v) || fabs(v) > 3.4e38)
        return -1;
    *out = (float)v;
    return 0;
}

/* Appends " name" (", name" after the first) to msg, which holds *used characters; a list too
 * long for msg is cut. */
static void append_name(char *msg, size_t size, int *used, int i, const char *name)
{
    if (*used < 0 || (size_t)*used >= size)
        return;
    int n = snprintf(msg + *used, size - (size_t)*used, "%s %s", i ? "," : "", name);
    *used = n < 0 ? -1 : *used + n;
}

/* The category text of one-hot column j (its name past "feature_"). */
static const char *category_of(const study *s, const study_feature *feat, int j)
{
    const char *name = s->data.feature_names ? s->data.feature_names[j] : "?";
    size_t len = strlen(feat->name);
    return strncmp(name, feat->name, len) == 0 && name[len] == '_' ? name + len + 1 : name;
}

/* Field f's text into row's columns for that feature: a number, a one-hot category, or NaN. */
static int encode_field(const study *s, int f, const char *text, float *row, char *msg,
                        size_t size)
{
    const study_feature *feat = &s->feature[f];
    float *cell = row + feat->first; /* (width) */
    if (!*text || strcmp(text, "?") == 0) {
        for (int k = 0; k < feat->width; k++)
            cell[k] = NAN;
        return 0;
    }
    if (!feat->categorical) {
        if (parse_number(text, cell) == 0)
            return 0;
        snprintf(msg, size, "field %d (%s): \"%s\" is not a number", f + 1, feat->name, text);
        return -1;
    }
    int found = -1;
    for (int k = 0; k < feat->width; k++) {
        cell[k] = 0.0f;
        if (strcmp(category_of(s, feat, feat->first + k), text) == 0)
            found = k;
    }
    if (found >= 0) {
        cell[found] = 1.0f;
        return 0;
    }
    int used = snprintf(msg, size, "field %d (%s): \"%s\" is not one of its categories:", f + 1,
                        feat->name, text);
    for (int k = 0; k < feat->width; k++)
        append_name(msg, size, &used, k, category_of(s, feat, feat->first + k));
    return -1;
}

/* Splits text at commas into row (data.dim): every field encoded, trimmed of spaces. */
static int encode_row(const study *s, const char *text, float *row, char *msg, size_t size)
{
    int fields = 1;
    for (const char *p = text; *p; p++)
        fields += *p == ',';
    if (fields != s->features) {
        int used = snprintf(msg, size, "expected %d values, got %d: one for each feature, in "
                            "order:", s->features, fields);
        for (int f = 0; f < s->features; f++)
            append_name(msg, size, &used, f, s->feature[f].name);
        return -1;
    }
    char field[256];
    const char *p = text;
    for (int f = 0; f < s->features; f++) {
        size_t len = strcspn(p, ",");
        while (len > 0 && (*p == ' ' || *p == '\t')) {
            p++;
            len--;
        }
        size_t keep = len;
        while (keep > 0 && (p[keep - 1] == ' ' || p[keep - 1] == '\t'))
            keep--;
        if (keep >= sizeof field) {
            snprintf(msg, size, "field %d (%s): longer than %zu characters", f + 1,
                     s->feature[f].name, sizeof field - 1);
            return -1;
        }
        memcpy(field, p, keep);
        field[keep] = '\0';
        if (encode_field(s, f, field, row, msg, size) < 0)
            return -1;
        p += len + (p[len] == ',');
    }
    return 0;
}

/* Model m's answer for the encoded, scaled row. */
static int predict_one(const study *s, const study_model *m, const float *row, float *proba,
                       study_prediction *out)
{
    int classes = s->data.classes;
    float label = 0.0f, best = 0.0f;
    *out = (study_prediction){ .label = -1 };
    if (!m->trained)
        return 0;
    if (m->mlp && study_mlp_predict(m->mlp, row, 1, classes, &label, &best) < 0)
        return -1;
    if (m->classic && (nn_classifier_predict(m->classic, row, 1, &label) < 0 ||
                       nn_classifier_predict_proba(m->classic, row, 1, proba) < 0))
        return -1;
    out->label = (int)label;
    out->probability = m->classic ? proba[out->label] : best;
    out->class_name = s->data.class_names ? s->data.class_names[out->label] : NULL;
    return 0;
}

int study_predict_row(const study *s, const char *text, study_prediction *out, char *msg,
                      size_t msg_size)
{
    if (msg_size)
        msg[0] = '\0';
    if (!s->ran && s->models == 0) {
        snprintf(msg, msg_size, "train the models first");
        return -1;
    }
    int dim = s->data.dim;
    float *row = malloc((size_t)(dim + s->data.classes) * sizeof *row); /* (dim + classes) */
    if (!row) {
        snprintf(msg, msg_size, "out of memory");
        return -1;
    }
    float *proba = row + dim; /* (classes) */
    int rc = encode_row(s, text ? text : "", row, msg, msg_size);
    for (int j = 0; rc == 0 && j < dim; j++)
        row[j] = isnan(row[j]) ? s->fill[j] : row[j];
    nn_dataset one = { .n = 1, .dim = dim, .x = row };
    if (rc == 0 && s->scaler.dim > 0 && nn_scaler_transform(&s->scaler, &one) < 0)
        rc = -1;
    for (int i = 0; rc == 0 && i < s->models; i++)
        rc = predict_one(s, &s->model[i], row, proba, &out[i]);
    if (rc < 0 && msg_size && !msg[0])
        snprintf(msg, msg_size, "%s", nn_error());
    free(row);
    return rc;
}
