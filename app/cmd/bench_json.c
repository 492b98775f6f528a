/* bench_json.c — the small JSON writer behind `neurone --bench`, and its atomic save. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench.h"
#include "json_text.h"

double bench_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* ---- the text buffer ----------------------------------------------------------------------------- */

static void put(bench_json *j, const char *s, size_t n)
{
    if (j->oom)
        return;
    if (j->len + n + 1 > j->cap) {
        size_t cap = j->cap ? j->cap : 1024;
        while (cap < j->len + n + 1)
            cap *= 2;
        char *grown = realloc(j->text, cap);
        if (!grown) {
            j->oom = 1;
            return;
        }
        j->text = grown;
        j->cap = cap;
    }
    memcpy(j->text + j->len, s, n);
    j->len += n;
    j->text[j->len] = '\0';
}

static void puts_raw(bench_json *j, const char *s)
{
    put(j, s, strlen(s));
}

static void printf_raw(bench_json *j, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void printf_raw(bench_json *j, const char *fmt, ...)
{
    char buf[64];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    put(j, buf, n > 0 && (size_t)n < sizeof buf ? (size_t)n : 0);
}

static void newline(bench_json *j, int depth)
{
    if (!j->pretty)
        return;
    puts_raw(j, "\n");
    for (int i = 0; i < depth; i++)
        puts_raw(j, "  ");
}

static void put_bytes(void *j, const char *bytes, size_t n)
{
    put(j, bytes, n);
}

static void put_string(bench_json *j, const char *s)
{
    json_quote(s, put_bytes, j);
}

/* The comma, the line break and the key that come before every value. */
static void begin_value(bench_json *j, const char *key)
{
    if (j->depth > 0) {
        if (j->count[j->depth - 1]++ > 0)
            puts_raw(j, ",");
        newline(j, j->depth);
    }
    if (key) {
        put_string(j, key);
        puts_raw(j, j->pretty ? ": " : ":");
    }
}

/* ---- values ---------------------------------------------------------------------------------------- */

void bench_json_open(bench_json *j, const char *key, char bracket)
{
    begin_value(j, key);
    put(j, &bracket, 1);
    if (j->depth < BENCH_JSON_DEPTH)
        j->count[j->depth] = 0;
    j->depth++;
}

void bench_json_close(bench_json *j, char bracket)
{
    int had_values = j->depth > 0 && j->depth <= BENCH_JSON_DEPTH && j->count[j->depth - 1] > 0;
    j->depth--;
    if (had_values)
        newline(j, j->depth);
    put(j, &bracket, 1);
}

void bench_json_string(bench_json *j, const char *key, const char *s)
{
    begin_value(j, key);
    if (s)
        put_string(j, s);
    else
        puts_raw(j, "null");
}

static void put_number(bench_json *j, double v)
{
    /* %.9g gives back a float exactly, so two runs that agree print the same text */
    if (isfinite(v))
        printf_raw(j, "%.9g", v);
    else
        puts_raw(j, "null");
}

void bench_json_number(bench_json *j, const char *key, double v)
{
    begin_value(j, key);
    put_number(j, v);
}

void bench_json_int(bench_json *j, const char *key, long v)
{
    begin_value(j, key);
    printf_raw(j, "%ld", v);
}

void bench_json_bool(bench_json *j, const char *key, int v)
{
    begin_value(j, key);
    puts_raw(j, v ? "true" : "false");
}

void bench_json_null(bench_json *j, const char *key)
{
    begin_value(j, key);
    puts_raw(j, "null");
}

void bench_json_floats(bench_json *j, const char *key, const float *v, int n)
{
    begin_value(j, key);
    puts_raw(j, "[");
    for (int i = 0; i < n; i++) {
        if (i > 0)
            puts_raw(j, j->pretty ? ", " : ",");
        put_number(j, v[i]);
    }
    puts_raw(j, "]");
}

void bench_json_ints(bench_json *j, const char *key, const int *v, int n)
{
    begin_value(j, key);
    puts_raw(j, "[");
    for (int i = 0; i < n; i++)
        printf_raw(j, i > 0 ? (j->pretty ? ", %d" : ",%d") : "%d", v[i]);
    puts_raw(j, "]");
}

void bench_json_model_begin(bench_json *j, const nn_model *m)
{
    bench_json_open(j, "model", '{');
    bench_json_int(j, "input_dim", nn_input_dim(m));
    bench_json_int(j, "output_dim", nn_output_dim(m));
    bench_json_int(j, "params", nn_count_params(m));
}

void bench_json_model_end(bench_json *j, const nn_model *m)
{
    nn_compile_info ci;
    if (nn_get_compile_info(m, &ci) == 0) {
        bench_json_string(j, "optimizer", ci.optimizer);
        bench_json_number(j, "learning_rate", ci.learning_rate);
        bench_json_string(j, "loss", ci.loss);
        bench_json_bool(j, "from_logits", ci.from_logits);
    }
    bench_json_close(j, '}');
}

void bench_json_free(bench_json *j)
{
    free(j->text);
    memset(j, 0, sizeof *j);
}

/* ---- saving ----------------------------------------------------------------------------------------- */

static int write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

int bench_json_save(const bench_json *j, const char *path)
{
    if (j->oom || !j->text) {
        fprintf(stderr, "neurone: %s: out of memory writing the JSON\n", path);
        return -1;
    }
    if (strcmp(path, "-") == 0) {
        fputs(j->text, stdout);
        fputc('\n', stdout);
        return fflush(stdout) == 0 ? 0 : -1;
    }
    /* a reader of path sees the old file or the new one, never half of one */
    size_t plen = strlen(path);
    char *tmp = malloc(plen + 16);
    if (!tmp) {
        fprintf(stderr, "neurone: %s: out of memory\n", path);
        return -1;
    }
    snprintf(tmp, plen + 16, "%s.tmp.XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        fprintf(stderr, "neurone: %s: cannot create a temporary file beside it: %s\n", path,
                strerror(errno));
        free(tmp);
        return -1;
    }
    int err = 0;
    /* mkstemp's 0600 would hide a report from the other users of a shared machine */
    if (fchmod(fd, 0644) < 0 || write_all(fd, j->text, j->len) < 0 || write_all(fd, "\n", 1) < 0 || fsync(fd) < 0)
        err = errno;
    if (close(fd) < 0 && !err)
        err = errno;
    if (!err && rename(tmp, path) < 0)
        err = errno;
    if (err) {
        unlink(tmp);
        fprintf(stderr, "neurone: %s: %s\n", path, strerror(err));
    }
    free(tmp);
    return err ? -1 : 0;
}
