/* recorded.c — lessons/gpu-recorded.tsv: runs measured on other machines, read at run time, each
 * field checked, every error naming the file, the line and the field. */
#include "recorded.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang.h"
#include "textfile.h"

enum { FIELDS = 8, FILE_LIMIT = 64 * 1024 };

static const char *const field_names[FIELDS] = { "device", "type", "date", "model",
                                                 "batch", "cpu_threads", "cpu", "gpu" };
/* nn_vulkan_device.type's words */
static const char *const device_types[] = { "discrete GPU", "integrated GPU", "virtual GPU", "CPU", "other" };

/* One line's fields, pointing into a copy of the line: field[i] (len[i] bytes). */
typedef struct row {
    const char *field[FIELDS + 1];
    int len[FIELDS + 1];
    int n;                      /* fields found; FIELDS + 1 means too many */
} row;

/* Where errors go: "path:line: " then the message, printf-style. Returns -1. */
typedef struct place {
    const char *path;
    int line;
    char *err;
    size_t n;
} place;

static int fail_at(const place *p, const char *fmt, ...)
{
    int k = snprintf(p->err, p->n, "%s:%d: ", p->path, p->line);
    if (k < 0 || (size_t)k >= p->n)
        return -1;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->err + k, p->n - (size_t)k, fmt, ap);
    va_end(ap);
    return -1;
}

/* "field 'name': expected what, got 'value'" */
static int bad_field(const place *p, const row *r, int i, const char *what)
{
    return fail_at(p, TR("champ « %s » : %s, lu « %.*s »", "field '%s': %s, got '%.*s'"), field_names[i], what,
                   r->len[i] > 40 ? 40 : r->len[i], r->field[i]);
}

static void split(const char *s, int n, row *r)
{
    r->n = 0;
    int start = 0;
    for (int i = 0; i <= n && r->n <= FIELDS; i++)
        if (i == n || s[i] == '\t') {
            r->field[r->n] = s + start;
            r->len[r->n] = i - start;
            r->n++;
            start = i + 1;
        }
}

/* The field as a C string in out (size n): 0, or -1 when empty, too long, or holding a control
 * byte (a NUL would end it early, the others draw as nothing). */
static int text_field(const row *r, int i, char *out, size_t n)
{
    if (r->len[i] == 0 || (size_t)r->len[i] >= n)
        return -1;
    for (int k = 0; k < r->len[i]; k++)
        if ((unsigned char)r->field[i][k] < 0x20 || r->field[i][k] == 0x7f)
            return -1;
    memcpy(out, r->field[i], (size_t)r->len[i]);
    out[r->len[i]] = 0;
    return 0;
}

/* A number in [lo, hi] written alone in the field; whole: no fraction. 0, or -1. */
static int number_field(const row *r, int i, double lo, double hi, int whole, double *out)
{
    char buf[48], *end;
    if (text_field(r, i, buf, sizeof buf) < 0 || isspace((unsigned char)buf[0]))
        return -1;
    errno = 0;
    double v = whole ? (double)strtol(buf, &end, 10) : strtod(buf, &end);
    if (errno || *end || !isfinite(v) || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

/* YYYY-MM-DD with a month 01-12 and a day 01-31. */
static int is_date(const char *s)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
            return 0;
    int month = atoi(s + 5), day = atoi(s + 8);
    return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/* Widths joined by '-', at least two, each from 1 to 100000: "784-256-128-10". */
static int is_model(const char *s)
{
    int widths = 0;
    while (*s) {
        char *end;
        long v = isdigit((unsigned char)*s) ? strtol(s, &end, 10) : 0;
        if (v < 1 || v > 100000)
            return 0;
        widths++;
        s = end;
        if (*s == '-' && s[1])
            s++;
        else if (*s)
            return 0;
    }
    return widths >= 2;
}

static int is_device_type(const char *s)
{
    for (size_t i = 0; i < sizeof device_types / sizeof *device_types; i++)
        if (strcmp(s, device_types[i]) == 0)
            return 1;
    return 0;
}

/* One run's fields into *run; -1 with the error at p. */
static int read_run(const place *p, const row *r, recorded_run *run)
{
    double batch, threads;
    if (text_field(r, 0, run->device, sizeof run->device) < 0)
        return bad_field(p, r, 0, TR("attendu un nom de 1 à 63 octets", "expected a name of 1 to 63 bytes"));
    if (text_field(r, 1, run->type, sizeof run->type) < 0 || !is_device_type(run->type))
        return bad_field(p, r, 1, TR("attendu discrete GPU, integrated GPU, virtual GPU, CPU ou other",
                                     "expected discrete GPU, integrated GPU, virtual GPU, CPU or other"));
    if (text_field(r, 2, run->date, sizeof run->date) < 0 || !is_date(run->date))
        return bad_field(p, r, 2, TR("attendu une date AAAA-MM-JJ", "expected a date YYYY-MM-DD"));
    if (text_field(r, 3, run->model, sizeof run->model) < 0 || !is_model(run->model))
        return bad_field(p, r, 3, TR("attendu des largeurs séparées par « - », comme 784-256-128-10",
                                     "expected widths joined by '-', as 784-256-128-10"));
    if (number_field(r, 4, 1, 1 << 20, 1, &batch) < 0)
        return bad_field(p, r, 4, TR("attendu un entier de 1 à 1048576", "expected a whole number from 1 to 1048576"));
    if (number_field(r, 5, 1, 4096, 1, &threads) < 0)
        return bad_field(p, r, 5, TR("attendu un entier de 1 à 4096", "expected a whole number from 1 to 4096"));
    for (int i = 6; i < 8; i++) {
        double *v = i == 6 ? &run->cpu : &run->gpu;
        if (number_field(r, i, 1e-3, 1e12, 0, v) < 0)
            return bad_field(p, r, i, TR("attendu un nombre d'exemples par seconde, plus grand que 0",
                                         "expected a number of samples a second, above 0"));
    }
    run->batch = (int)batch;
    run->cpu_threads = (int)threads;
    return 0;
}

/* One line that is not a comment: the header first, then runs. */
static int read_line(const place *p, const char *s, int n, int *header_seen, recorded_table *t)
{
    if (!*header_seen) {
        if (n != (int)strlen(RECORDED_COLUMNS) || memcmp(s, RECORDED_COLUMNS, (size_t)n) != 0)
            return fail_at(p, TR("attendu l'en-tête des colonnes « %s » (séparées par des tabulations)",
                                 "expected the columns' header '%s' (separated by tabs)"),
                           "device type date model batch cpu_threads cpu gpu");
        *header_seen = 1;
        return 0;
    }
    row r;
    split(s, n, &r);
    if (r.n != FIELDS)
        return fail_at(p, TR("attendu %d champs séparés par des tabulations, lu %s%d",
                             "expected %d fields separated by tabs, got %s%d"),
                       FIELDS, r.n > FIELDS ? TR("plus de ", "more than ") : "", r.n > FIELDS ? FIELDS : r.n);
    if (t->n == RECORDED_MAX)
        return fail_at(p, TR("plus de %d mesures", "more than %d runs"), RECORDED_MAX);
    return read_run(p, &r, &t->run[t->n++]);
}

int recorded_parse(const char *text, size_t len, const char *path, recorded_table *t, char *err, size_t n)
{
    memset(t, 0, sizeof *t);
    place p = { path, 0, err, n };
    int header_seen = 0;
    for (size_t at = 0; at < len;) {
        const char *s = text + at, *nl = memchr(s, '\n', len - at);
        int k = nl ? (int)(nl - s) : (int)(len - at);
        at += (size_t)k + 1;
        p.line++;
        if (k > 0 && s[k - 1] == '\r')
            k--;
        if (k == 0 || s[0] == '#')
            continue;
        if (read_line(&p, s, k, &header_seen, t) < 0)
            return -1;
    }
    if (t->n == 0) {
        snprintf(err, n, TR("%s : aucune mesure sous l'en-tête des colonnes", "%s: no run under the columns' header"),
                 path);
        return -1;
    }
    return 0;
}

int recorded_load(const char *dir, recorded_table *t, char *err, size_t n)
{
    char path[4096];
    size_t len;
    snprintf(path, sizeof path, "%s/%s", dir ? dir : ".", RECORDED_FILE);
    memset(t, 0, sizeof *t);
    char *text = text_file_read(path, FILE_LIMIT, &len);
    if (!text) {
        snprintf(err, n, TR("%s : illisible (%s)", "%s: cannot be read (%s)"), path, strerror(errno));
        return -1;
    }
    int rc = len == FILE_LIMIT ? -1 : recorded_parse(text, len, path, t, err, n);
    if (len == FILE_LIMIT)
        snprintf(err, n, TR("%s : plus de %d octets", "%s: longer than %d bytes"), path, FILE_LIMIT);
    free(text);
    return rc;
}
