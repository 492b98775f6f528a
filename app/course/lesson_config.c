/* lesson_config.c — a directive's value checked against its scene's row and stored, typed, in
 * the lesson's configuration: one function per kind of row. */
#include "lesson_config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const lesson_field_names[LESSON_N_FIELDS] = {
#define FIELD_NAME(ID, name) [LESSON_F_##ID] = #name,
    LESSON_FIELDS(FIELD_NAME)
#undef FIELD_NAME
};

/* Where each directive's value goes, and its size, for a check that the row's kind fits it. */
static const struct {
    size_t at, size;
} slots[LESSON_N_FIELDS] = {
#define FIELD_SLOT(ID, name)                                                                                 \
    [LESSON_F_##ID] = { offsetof(lesson_config, name), sizeof(((lesson_config *)0)->name) },
    LESSON_FIELDS(FIELD_SLOT)
#undef FIELD_SLOT
};

/* The field of r in c, when it is size bytes (the size its kind writes); else NULL. */
static void *slot(lesson_config *c, const lesson_rule *r, size_t size)
{
    if (r->field < 0 || r->field >= LESSON_N_FIELDS || slots[r->field].size != size)
        return NULL;
    return (char *)c + slots[r->field].at;
}

static int index_of(const char *const *list, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (strcmp(list[i], name) == 0)
            return i;
    return -1;
}

static void join(char *out, size_t n, const char *const *list, int count, const char *sep)
{
    out[0] = 0;
    for (int i = 0; i < count; i++)
        snprintf(out + strlen(out), n - strlen(out), "%s%s", i ? sep : "", list[i]);
}

/* The dataset's inputs and classes, for checking a @model against its @dataset. */
static int dataset_shape(const char *name, int *inputs, int *classes)
{
    static const struct {
        const char *name;
        int in, out;
    } shapes[] = {
        { "circle", 2, 2 },           { "xor", 2, 2 },      { "gauss", 2, 2 },
        { "spiral", 2, 2 },           { "iris", 4, 3 },     { "wine", 13, 3 },
        { "breast_cancer", 30, 2 },   { "digits", 64, 10 }, { "mnist", 784, 10 },
        { "fashion_mnist", 784, 10 },
    };
    for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++)
        if (strcmp(shapes[i].name, name) == 0) {
            *inputs = shapes[i].in, *classes = shapes[i].out;
            return 0;
        }
    return -1;
}

/* ---- one function per kind ---------------------------------------------------------------------- */

static int set_name(int *out, const lesson_rule *r, const char *v, char *why, size_t n)
{
    int i = index_of(r->list, r->n_list, v);
    if (i < 0) {
        char list[300];
        join(list, sizeof list, r->list, r->n_list, ", ");
        snprintf(why, n, r->why ? r->why : "\"%.40s\" is not one of %.280s", v, list);
        return -1;
    }
    *out = i;
    return 0;
}

static int set_int(int *out, const lesson_rule *r, const char *v, char *why, size_t n)
{
    char *end;
    long x = strtol(v, &end, 10);
    if (end == v || *end || x < (long)r->lo || x > (long)r->hi) {
        snprintf(why, n, "expected a whole number from %d to %d", (int)r->lo, (int)r->hi);
        return -1;
    }
    *out = (int)x;
    return 0;
}

/* r->count numbers in lo..hi, apart by spaces or commas. */
static int set_numbers(float *out, const lesson_rule *r, const char *v, char *why, size_t n)
{
    const char *p = v;
    const char *s = r->count > 1 ? "s" : "";
    for (int i = 0; i < r->count; i++) {
        while (*p == ' ' || *p == ',')
            p++;
        char *end;
        float x = strtof(p, &end);
        if (end == p || !(x >= r->lo && x <= r->hi)) {
            snprintf(why, n, "expected %d number%s from %g to %g", r->count, s, (double)r->lo, (double)r->hi);
            return -1;
        }
        out[i] = x;
        p = end;
    }
    while (*p == ' ')
        p++;
    if (*p) {
        snprintf(why, n, "expected %d number%s, got more", r->count, s);
        return -1;
    }
    return 0;
}

/* A number that is one of the list's, which the list writes as numbers too. */
static int set_choice(float *out, const lesson_rule *r, const char *v, char *why, size_t n)
{
    char *end;
    float x = strtof(v, &end);
    for (int i = 0; i < r->n_list && end != v && !*end; i++)
        if (strtof(r->list[i], NULL) == x) {
            *out = x;
            return 0;
        }
    char list[300];
    join(list, sizeof list, r->list, r->n_list, ", ");
    snprintf(why, n, "\"%.40s\" is not one of %.280s", v, list);
    return -1;
}

/* "2-8-8-2 tanh": the widths from the inputs to the outputs, then the hidden layers' activation. */
static int read_model(lesson_model *m, const lesson_rule *r, const char *v, char *why, size_t n)
{
    *m = (lesson_model){ .activation = -1, .shape = -1 };
    const char *p = v;
    while (*p && *p != ' ') {
        char *end;
        long u = strtol(p, &end, 10);
        if (end == p || u < 1 || u > 1024) {
            snprintf(why, n,
                     "expected layer widths from 1 to 1024 joined by '-' (2-8-8-2), then an activation");
            return -1;
        }
        if (m->n >= LESSON_MODEL_MAX) {
            snprintf(why, n, "at most %d hidden layers", LESSON_MODEL_MAX - 2);
            return -1;
        }
        m->width[m->n++] = (int)u;
        p = end;
        if (*p == '-')
            p++;
        else if (*p && *p != ' ') {
            snprintf(why, n, "expected layer widths joined by '-' (2-8-8-2), then an activation");
            return -1;
        }
    }
    if (m->n < 2) {
        snprintf(why, n, "expected at least the inputs and the outputs (2-8-2)");
        return -1;
    }
    while (*p == ' ')
        p++;
    if (*p && (m->activation = index_of(r->list, r->n_list, p)) < 0) {
        char list[200];
        join(list, sizeof list, r->list, r->n_list, ", ");
        snprintf(why, n, "unknown activation \"%.40s\" (expected %s)", p, list);
        return -1;
    }
    return 0;
}

/* The model's widths against the row's shapes, or else against the dataset's inputs and classes. */
static int check_widths(lesson_model *m, const lesson_rule *r, const char *scene, const char *dataset,
                        char *why, size_t n)
{
    char widths[96];
    widths[0] = 0;
    for (int i = 0; i < m->n; i++)
        snprintf(widths + strlen(widths), sizeof widths - strlen(widths), "%s%d", i ? "-" : "", m->width[i]);
    if (r->shapes) {
        m->shape = index_of(r->shapes, r->n_shapes, widths);
        if (m->shape < 0) {
            char list[200];
            join(list, sizeof list, r->shapes, r->n_shapes, ", ");
            snprintf(why, n, "the %s scene shows %s", scene, list);
            return -1;
        }
        return 0;
    }
    int in, out;
    if (dataset && dataset_shape(dataset, &in, &out) == 0 &&
        (m->width[0] != in || m->width[m->n - 1] != out)) {
        snprintf(why, n, "the dataset %s has %d inputs and %d classes: the model goes %d-...-%d", dataset, in,
                 out, in, out);
        return -1;
    }
    return 0;
}

/* A comma-separated list whose every word is in the row's list, as bits. */
static int set_words(unsigned *out, const lesson_rule *r, const char *v, char *why, size_t n)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", v);
    unsigned bits = 0;
    int count = 0;
    for (char *save = NULL, *w = strtok_r(buf, ", ", &save); w; w = strtok_r(NULL, ", ", &save), count++) {
        int i = index_of(r->list, r->n_list, w);
        if (i < 0) {
            char list[300];
            join(list, sizeof list, r->list, r->n_list, ", ");
            snprintf(why, n, "unknown name \"%.40s\" (expected some of %s)", w, list);
            return -1;
        }
        bits |= 1u << i;
    }
    if (count == 0) {
        snprintf(why, n, "expected a list of names");
        return -1;
    }
    *out = bits;
    return 0;
}

static int set_column(char *out, const char *v, char *why, size_t n)
{
    if (!*v || strlen(v) >= LESSON_COLUMN_MAX) {
        snprintf(why, n, "expected the name of the class column (at most %d bytes)", LESSON_COLUMN_MAX - 1);
        return -1;
    }
    memcpy(out, v, strlen(v) + 1);
    return 0;
}

/* ---- a directive -------------------------------------------------------------------------------- */

static int set_model(lesson_config *c, const lesson_rule *r, const char *v, const char *dataset, char *why,
                     size_t n)
{
    lesson_model m;
    const char *scene = c->scene >= 0 ? lesson_scene_names[c->scene] : "lesson's";
    if (read_model(&m, r, v, why, n) < 0 || check_widths(&m, r, scene, dataset, why, n) < 0)
        return -1;
    /* a second @model is the versus scene's right model; the row says how many */
    int first = !lesson_config_has(c, LESSON_F_MODEL);
    int at = first ? 0 : c->n_models;
    if (at >= (r->count > 1 ? r->count : 1) || at >= LESSON_MODELS_MAX) {
        snprintf(why, n, "at most %d models", r->count > 1 ? r->count : 1);
        return -1;
    }
    c->model[at] = m;
    c->n_models = at + 1;
    return 0;
}

/* The value into its field, by kind; the field's size says that the kind fits it. */
static int store(lesson_config *c, const lesson_rule *r, const char *v, const char *dataset, char *why,
                 size_t n)
{
    void *f;
    switch (r->kind) {
    case LESSON_NAME:
        return (f = slot(c, r, sizeof(int))) ? set_name(f, r, v, why, n) : -2;
    case LESSON_INT:
        return (f = slot(c, r, sizeof(int))) ? set_int(f, r, v, why, n) : -2;
    case LESSON_NUMBERS:
        return (f = slot(c, r, (size_t)r->count * sizeof(float))) ? set_numbers(f, r, v, why, n) : -2;
    case LESSON_CHOICE:
        return (f = slot(c, r, sizeof(float))) ? set_choice(f, r, v, why, n) : -2;
    case LESSON_MODEL:
        return slot(c, r, sizeof c->model) ? set_model(c, r, v, dataset, why, n) : -2;
    case LESSON_WORDS:
        return (f = slot(c, r, sizeof(unsigned))) ? set_words(f, r, v, why, n) : -2;
    case LESSON_FLAG:
        if (!(f = slot(c, r, sizeof(int))))
            return -2;
        if (*v) {
            snprintf(why, n, "@%s takes nothing after it", lesson_field_names[r->field]);
            return -1;
        }
        *(int *)f = 1;
        return 0;
    case LESSON_COLUMN:
        return (f = slot(c, r, LESSON_COLUMN_MAX)) ? set_column(f, v, why, n) : -2;
    case LESSON_TABS:
    case LESSON_END:
        break;
    }
    return -2;
}

int lesson_config_set(lesson_config *c, const lesson_rule *r, const char *value, const char *dataset,
                      char *why, size_t n)
{
    char v[512];
    const char *s = value;
    while (*s == ' ' || *s == '\t')
        s++;
    snprintf(v, sizeof v, "%s", s);
    for (size_t k = strlen(v); k > 0 && (v[k - 1] == ' ' || v[k - 1] == '\t');)
        v[--k] = 0;
    int rc = store(c, r, v, dataset, why, n);
    if (rc == -2)
        snprintf(why, n, "the course table's row for @%s does not fit its field (lesson_scenes.c)",
                 lesson_field_names[r->field]);
    if (rc < 0)
        return -1;
    c->given |= 1u << r->field;
    return 0;
}

int lesson_config_has(const lesson_config *c, lesson_field f)
{
    return f >= 0 && f < LESSON_N_FIELDS && (c->given >> f & 1u);
}

int lesson_config_init(lesson_config *c, lesson_scene s, char *why, size_t n)
{
    *c = (lesson_config){ .scene = s };
    for (int i = 0; i < LESSON_MODELS_MAX; i++)
        c->model[i] = (lesson_model){ .activation = -1, .shape = -1 };
    for (const lesson_rule *r = lesson_rules(s); r->kind != LESSON_END; r++)
        if (r->def && lesson_config_set(c, r, r->def, NULL, why, n) < 0)
            return -1;
    /* defaults are not what the lesson gave */
    c->given = 0;
    return 0;
}

/* ---- in words ----------------------------------------------------------------------------------- */

static void describe_value(const lesson_config *c, const lesson_rule *r, char *out, size_t n)
{
    const void *f = (const char *)c + slots[r->field].at;
    switch (r->kind) {
    case LESSON_NAME: {
        int i = *(const int *)f;
        snprintf(out, n, "%s", i >= 0 && i < r->n_list ? r->list[i] : "?");
        return;
    }
    case LESSON_INT:
    case LESSON_FLAG:
        snprintf(out, n, "%d", *(const int *)f);
        return;
    case LESSON_NUMBERS:
        for (int k = 0; k < r->count; k++)
            snprintf(out + strlen(out), n - strlen(out), "%s%.9g", k ? "," : "",
                     (double)((const float *)f)[k]);
        return;
    case LESSON_CHOICE:
        snprintf(out, n, "%.9g", (double)*(const float *)f);
        return;
    case LESSON_WORDS:
        for (int k = 0; k < r->n_list; k++)
            if (*(const unsigned *)f >> k & 1u)
                snprintf(out + strlen(out), n - strlen(out), "%s%s", out[0] ? "," : "", r->list[k]);
        return;
    case LESSON_COLUMN:
        snprintf(out, n, "%s", (const char *)f);
        return;
    case LESSON_MODEL:
        for (int m = 0; m < c->n_models; m++) {
            for (int k = 0; k < c->model[m].n; k++)
                snprintf(out + strlen(out), n - strlen(out), "%s%d",
                         k   ? "-"
                         : m ? " | "
                             : "",
                         c->model[m].width[k]);
            if (c->model[m].activation >= 0)
                snprintf(out + strlen(out), n - strlen(out), " %s", r->list[c->model[m].activation]);
        }
        return;
    case LESSON_TABS:
        for (int k = 0; k < c->n_tabs; k++)
            snprintf(out + strlen(out), n - strlen(out), "%s%s", k ? "," : "", r->list[c->tab[k]]);
        return;
    case LESSON_END:
        return;
    }
}

void lesson_config_describe(const lesson_config *c, char *out, size_t n)
{
    if (n == 0)
        return;
    out[0] = 0;
    for (const lesson_rule *r = lesson_rules(c->scene); r->kind != LESSON_END; r++) {
        if (!lesson_config_has(c, r->field))
            continue;
        char value[400] = "";
        describe_value(c, r, value, sizeof value);
        snprintf(out + strlen(out), n - strlen(out), "%s%s=%s", out[0] ? "; " : "",
                 lesson_field_names[r->field], value);
    }
}
