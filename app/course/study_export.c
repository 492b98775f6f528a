/* study_export.c — exercise 2's results as files the student hands in or opens in a spreadsheet:
 * one row per model (CSV), or the run's settings and every model (JSON). The scores are those of
 * the Results tab: on the test rows, macro averages as scikit-learn's classification_report. */
#include "study.h"
#include "json_text.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A growing string; on failure ok becomes 0 and the text stays as it was. */
typedef struct text_buf {
    char *s;
    size_t len, cap;
    int ok;
} text_buf;

static void put(text_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(text_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (!b->ok || n < 0)
        return;
    if (b->len + (size_t)n + 1 > b->cap) {
        size_t cap = (b->len + (size_t)n + 1) * 2;
        char *s = realloc(b->s, cap);
        if (!s) {
            b->ok = 0;
            return;
        }
        b->s = s, b->cap = cap;
    }
    va_start(ap, fmt);
    vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

static void put_bytes(void *b, const char *bytes, size_t n)
{
    put(b, "%.*s", (int)n, bytes);
}

/* s as a JSON string, or as a CSV field (quoted when it holds a comma, a quote or a line end). */
static void put_quoted(text_buf *b, const char *s, int json)
{
    s = s ? s : "";
    if (json) {
        json_quote(s, put_bytes, b);
        return;
    }
    if (!strpbrk(s, ",\"\r\n")) {
        put(b, "%s", s);
        return;
    }
    put(b, "\"");
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"')
            put(b, "\"\"");
        else
            put(b, "%c", c);
    }
    put(b, "\"");
}

static char *finish(text_buf *b, size_t *len)
{
    if (!b->ok || !b->s) {
        free(b->s);
        return NULL;
    }
    *len = b->len;
    return b->s;
}

char *study_results_csv(const study *s, size_t *len)
{
    text_buf b = { .ok = 1 };
    put(&b, "model,kind,accuracy,precision,recall,f1,seconds,status\n");
    for (int i = 0; i < s->models; i++) {
        const study_model *m = &s->model[i];
        put_quoted(&b, m->name, 0);
        put(&b, ",%s,", m->kind ? m->kind : "");
        if (m->trained)
            put(&b, "%.4f,%.4f,%.4f,%.4f,%.3f,ok\n", m->m.accuracy, m->m.precision, m->m.recall, m->m.f1, m->seconds);
        else {
            put(&b, ",,,,,");
            put_quoted(&b, m->failed ? m->error : "not trained", 0);
            put(&b, "\n");
        }
    }
    return finish(&b, len);
}

char *study_results_json(const study *s, size_t *len)
{
    text_buf b = { .ok = 1 };
    const study_settings *set = &s->settings;
    put(&b, "{\n  \"data\": ");
    put_quoted(&b, s->path, 1);
    put(&b, ",\n  \"target\": ");
    put_quoted(&b, s->data.target_name ? s->data.target_name : "target", 1);
    put(&b, ",\n  \"classes\": %d,\n  \"train_rows\": %d,\n  \"test_rows\": %d,\n", s->data.classes, s->train.n,
        s->test.n);
    put(&b, "  \"test_size\": %.3f,\n  \"seed\": %u,\n  \"scaler\": ", (double)set->test_size, set->seed);
    put_quoted(&b, set->scaler ? set->scaler : "standard", 1);
    put(&b, ",\n  \"epochs\": %d,\n  \"models\": [", set->epochs);
    for (int i = 0; i < s->models; i++) {
        const study_model *m = &s->model[i];
        put(&b, "%s\n    { \"name\": ", i ? "," : "");
        put_quoted(&b, m->name, 1);
        put(&b, ", \"kind\": ");
        put_quoted(&b, m->kind, 1);
        if (m->trained)
            put(&b, ", \"accuracy\": %.6f, \"precision\": %.6f, \"recall\": %.6f, \"f1\": %.6f, \"seconds\": %.4f }",
                m->m.accuracy, m->m.precision, m->m.recall, m->m.f1, m->seconds);
        else {
            put(&b, ", \"error\": ");
            put_quoted(&b, m->failed ? m->error : "not trained", 1);
            put(&b, " }");
        }
    }
    put(&b, "\n  ]\n}\n");
    return finish(&b, len);
}
