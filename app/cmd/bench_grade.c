/* bench_grade.c — `neurone --bench --model FILE --data DATA`: trains a student's model on a
 * dataset and prints one JSON line on stdout, the result or an error record, so that a shell loop
 * over a folder of submissions gives one line each (docs/grading.md). Keras's progress goes to
 * stderr. Everything in the line except its "timing" object depends only on the files, the
 * options and the seed: two runs with the same seed print the same numbers.
 *
 * A runaway job is stopped by a watchdog thread: at --timeout it asks fit to stop after the
 * current batch (nn_request_stop); if even that batch never ends, it prints the timeout record
 * itself a little later and ends the process, so that the grading loop always moves on. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "nn.h"

#define DEFAULT_EPOCHS 10
#define DEFAULT_TEST_SIZE 0.2f
#define GRACE_SECONDS 2.0 /* after --timeout, how long one batch may still take before the kill */
#define SAVED_MAGIC "NEURONE\x1a" /* the first bytes of an nn_save file */

/* Exit statuses: the submission failed, or the grader's own command line or data did. */
enum { EXIT_SUBMISSION = 1, EXIT_GRADER = 2 };

typedef struct grade_options {
    const char *model, *data, *target, *backend;
    int epochs, batch_size, quiet, reinit;
    unsigned seed;
    double timeout;           /* seconds; 0: none */
    float test_size;
} grade_options;

/* One grading job: its options, its clock and the watchdog's state. */
typedef struct grade_run {
    grade_options o;
    double t0;
    pthread_mutex_t lock;     /* guards model, finished and the output */
    pthread_cond_t wake;
    nn_model *model;          /* the model while it trains, for nn_request_stop; else NULL */
    int finished;             /* the main thread has printed its line: the watchdog leaves */
    atomic_int expired;       /* --timeout has passed */
    atomic_int epoch, epochs; /* where training stands, for the timeout message */
} grade_run;

/* ---- the one line of output ------------------------------------------------------------------------- */

static void json_header(bench_json *j, const char *status)
{
    bench_json_open(j, NULL, '{');
    bench_json_int(j, "schema_version", BENCH_SCHEMA_VERSION);
    bench_json_string(j, "mode", "grade");
    bench_json_string(j, "status", status);
}

/* Prints the line unless one was printed already (by the watchdog), and lets the watchdog go. */
static void emit(grade_run *g, bench_json *j)
{
    pthread_mutex_lock(&g->lock);
    if (!g->finished) {
        fputs(j->oom || !j->text ? "{\"schema_version\":1,\"mode\":\"grade\",\"status\":\"error\","
                                   "\"kind\":\"failed\",\"file\":null,\"message\":\"out of memory\"}"
                                 : j->text, stdout);
        fputc('\n', stdout);
        fflush(stdout);
    }
    g->finished = 1;
    pthread_cond_broadcast(&g->wake);
    pthread_mutex_unlock(&g->lock);
}

static int is_grader_kind(const char *kind)
{
    return strcmp(kind, "usage") == 0 || strcmp(kind, "data") == 0;
}

static void error_json(bench_json *j, const grade_run *g, const char *kind, const char *file,
                       int line, const char *message)
{
    json_header(j, "error");
    bench_json_string(j, "kind", kind);
    bench_json_string(j, "file", file);
    if (line > 0)
        bench_json_int(j, "line", line);
    else
        bench_json_null(j, "line");
    bench_json_string(j, "message", message);
    bench_json_open(j, "timing", '{');
    bench_json_number(j, "total_seconds", bench_seconds() - g->t0);
    bench_json_close(j, '}');
    bench_json_close(j, '}');
}

/* Prints an error record and returns the exit status for its kind. */
static int fail(grade_run *g, const char *kind, const char *file, int line, const char *message)
{
    bench_json j = { 0 };
    error_json(&j, g, kind, file, line, message);
    emit(g, &j);
    bench_json_free(&j);
    if (!g->o.quiet)
        fprintf(stderr, "neurone: %s\n", message);
    return is_grader_kind(kind) ? EXIT_GRADER : EXIT_SUBMISSION;
}

static int fail_timeout(grade_run *g)
{
    char msg[256];
    snprintf(msg, sizeof msg, "%s: stopped after %.1f s, past --timeout %g s, in epoch %d of %d",
             g->o.model, bench_seconds() - g->t0, g->o.timeout, atomic_load(&g->epoch) + 1,
             atomic_load(&g->epochs));
    return fail(g, "timeout", g->o.model, 0, msg);
}

/* ---- the watchdog ------------------------------------------------------------------------------------- */

static struct timespec after(double seconds_from_now)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    if (!(seconds_from_now > 0))
        return t;
    time_t whole = (time_t)seconds_from_now;
    t.tv_sec += whole;
    t.tv_nsec += (long)((seconds_from_now - (double)whole) * 1e9);
    if (t.tv_nsec >= 1000000000L) {
        t.tv_sec++;
        t.tv_nsec -= 1000000000L;
    }
    return t;
}

/* Waits on g->wake until `until` or until the main thread finishes; g->lock is held. */
static void wait_until(grade_run *g, const struct timespec *until)
{
    while (!g->finished && pthread_cond_timedwait(&g->wake, &g->lock, until) != ETIMEDOUT)
        ;
}

static void *watchdog(void *arg)
{
    grade_run *g = arg;
    struct timespec soft = after(g->o.timeout - (bench_seconds() - g->t0));
    struct timespec hard = after(g->o.timeout + GRACE_SECONDS - (bench_seconds() - g->t0));
    pthread_mutex_lock(&g->lock);
    wait_until(g, &soft);
    if (!g->finished) {
        atomic_store(&g->expired, 1);
        if (g->model)
            nn_request_stop(g->model);
        wait_until(g, &hard);
    }
    if (!g->finished) {
        /* one batch outlived the grace period: print the record here and end the process, with
         * the lock held so that the main thread cannot print a second line */
        char msg[256];
        snprintf(msg, sizeof msg, "%s: still running %.1f s after --timeout %g s, inside one "
                 "batch: abandoned", g->o.model, bench_seconds() - g->t0 - g->o.timeout, g->o.timeout);
        bench_json j = { 0 };
        error_json(&j, g, "timeout", g->o.model, 0, msg);
        fputs(j.text ? j.text : "{}", stdout);
        fputc('\n', stdout);
        fflush(stdout);
        if (!g->o.quiet)
            fprintf(stderr, "neurone: %s\n", msg);
        _exit(EXIT_SUBMISSION);
    }
    pthread_mutex_unlock(&g->lock);
    return NULL;
}

/* Stops fit at the next batch once the time is up, in case the stop request came before fit
 * began (fit clears a request when it starts). */
static int on_batch_end(const nn_progress *p, void *user)
{
    grade_run *g = user;
    atomic_store(&g->epoch, p->epoch);
    return atomic_load(&g->expired);
}

/* ---- arguments ------------------------------------------------------------------------------------------ */

static int bad_value(grade_run *g, const char *flag, const char *value, const char *expected)
{
    char msg[512];
    snprintf(msg, sizeof msg, "%s: expected %s, got \"%s\" (see neurone --bench --help)", flag,
             expected, value ? value : "");
    return fail(g, "usage", NULL, 0, msg);
}

static int parse_long(const char *s, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (end == s || *end || errno || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

/* Returns 0, or the exit status after printing the usage record. */
static int parse_args(grade_run *g, int argc, char **argv)
{
    grade_options *o = &g->o;
    *o = (grade_options){ .epochs = DEFAULT_EPOCHS, .test_size = DEFAULT_TEST_SIZE, .backend = "cpu" };
    for (int i = 1; i < argc; i++) {
        const char *f = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        long n;
        if (strcmp(f, "--quiet") == 0) {
            o->quiet = 1;
            continue;
        }
        if (strcmp(f, "--reinit") == 0) {
            o->reinit = 1;
            continue;
        }
        if (!v)
            return bad_value(g, f, NULL, "a value after it");
        i++;
        if (strcmp(f, "--model") == 0)
            o->model = v;
        else if (strcmp(f, "--data") == 0)
            o->data = v;
        else if (strcmp(f, "--target") == 0)
            o->target = v;
        else if (strcmp(f, "--backend") == 0) {
            if (strcmp(v, "cpu") != 0 && strcmp(v, "vulkan") != 0)
                return bad_value(g, f, v, "cpu or vulkan");
            o->backend = v;
        } else if (strcmp(f, "--epochs") == 0) {
            if (parse_long(v, 0, 1000000, &n) < 0)
                return bad_value(g, f, v, "a whole number in 0..1000000");
            o->epochs = (int)n;
        } else if (strcmp(f, "--batch-size") == 0) {
            if (parse_long(v, 1, 65536, &n) < 0)
                return bad_value(g, f, v, "a whole number in 1..65536");
            o->batch_size = (int)n;
        } else if (strcmp(f, "--seed") == 0) {
            if (parse_long(v, 0, UINT_MAX, &n) < 0)
                return bad_value(g, f, v, "a whole number in 0..4294967295");
            o->seed = (unsigned)n;
        } else if (strcmp(f, "--timeout") == 0) {
            char *end;
            o->timeout = strtod(v, &end);
            if (end == v || *end || !(o->timeout > 0 && o->timeout < 1e6))
                return bad_value(g, f, v, "a number of seconds above 0");
        } else if (strcmp(f, "--test-size") == 0) {
            char *end;
            o->test_size = strtof(v, &end);
            if (end == v || *end || !(o->test_size > 0 && o->test_size < 1))
                return bad_value(g, f, v, "a fraction between 0 and 1");
        } else {
            char msg[256];
            snprintf(msg, sizeof msg, "unknown option \"%s\" (see neurone --bench --help)", f);
            return fail(g, "usage", NULL, 0, msg);
        }
    }
    if (!o->model || !o->data)
        return fail(g, "usage", o->model, 0, "grading needs both --model FILE and --data DATA "
                                             "(see neurone --bench --help)");
    return 0;
}

/* ---- data ---------------------------------------------------------------------------------------------- */

static int is_one_of(const char *name, const char *const *names)
{
    for (; *names; names++)
        if (strcmp(name, *names) == 0)
            return 1;
    return 0;
}

/* A file when one exists at that path, else a built-in set. Images have their own test split and
 * are scaled to 0..1; tables are split with --test-size and --seed, then standardised on the
 * training part, as the course does. Fills why on failure. */
static int load_data(const grade_options *o, nn_dataset *train, nn_dataset *test, char *why,
                     size_t why_size)
{
    static const char *const images[] = { "mnist", "fashion_mnist", NULL };
    static const char *const tables[] = { "iris", "wine", "breast_cancer", "digits", NULL };
    static const char *const playground[] = { "circle", "xor", "gauss", "spiral", NULL };
    struct stat st;
    int file = stat(o->data, &st) == 0;
    if (!file && is_one_of(o->data, images)) {
        int fashion = strcmp(o->data, "fashion_mnist") == 0;
        int rc = fashion ? nn_load_fashion_mnist(train, "train") : nn_load_mnist(train, "train");
        if (rc == 0)
            rc = fashion ? nn_load_fashion_mnist(test, "test") : nn_load_mnist(test, "test");
        if (rc < 0) {
            snprintf(why, why_size, "%s", nn_error());
            return -1;
        }
        nn_dataset_scale(train, 1.0f / 255.0f);
        nn_dataset_scale(test, 1.0f / 255.0f);
        return 0;
    }
    nn_dataset all = { 0 };
    int rc;
    if (file)
        rc = nn_load_csv(&all, o->data, &(nn_csv_args){ .target = o->target });
    else if (is_one_of(o->data, tables))
        rc = nn_load_builtin(&all, o->data);
    else if (is_one_of(o->data, playground))
        rc = nn_playground(&all, o->data, 500, 0.1f, o->seed);
    else {
        snprintf(why, why_size, "%s: no such file, nor a built-in dataset (mnist, fashion_mnist, "
                 "iris, wine, breast_cancer, digits, circle, xor, gauss, spiral)", o->data);
        return -1;
    }
    if (rc == 0 && all.classes < 2) {
        nn_dataset_free(&all);
        snprintf(why, why_size, "%s: the target needs at least two classes to grade a classifier",
                 o->data);
        return -1;
    }
    if (rc == 0)
        rc = nn_train_test_split(&all, o->test_size, o->seed, train, test);
    nn_dataset_free(&all);
    if (rc == 0 && (train->n == 0 || test->n == 0)) {
        snprintf(why, why_size, "%s: %d samples leave the %s part empty at --test-size %g",
                 o->data, train->n + test->n, train->n == 0 ? "training" : "test", (double)o->test_size);
        return -1;
    }
    if (rc == 0)
        rc = nn_scale_train_test("standard", train, test);
    if (rc < 0)
        snprintf(why, why_size, "%s", nn_error());
    return rc;
}

/* ---- the model ------------------------------------------------------------------------------------------- */

/* Loads a saved model or a description, telling them apart by the saved model's magic bytes.
 * On failure fills kind, line and why. */
static nn_model *load_model(const grade_options *o, int *batch_size, const char **format,
                            const char **kind, int *line, char *why, size_t why_size)
{
    struct stat st;
    *kind = "unreadable";
    if (stat(o->model, &st) < 0) {
        snprintf(why, why_size, "%s: %s", o->model, strerror(errno));
        return NULL;
    }
    if (S_ISDIR(st.st_mode)) {
        snprintf(why, why_size, "%s: is a directory, not a model file", o->model);
        return NULL;
    }
    FILE *f = fopen(o->model, "rb");
    char magic[8] = { 0 };
    size_t got = f ? fread(magic, 1, sizeof magic, f) : 0;
    int err = !f ? errno : ferror(f) ? EIO : 0;
    if (f)
        fclose(f);
    if (err) {
        snprintf(why, why_size, "%s: %s", o->model, strerror(err));
        return NULL;
    }
    nn_model *m;
    if (got == sizeof magic && memcmp(magic, SAVED_MAGIC, sizeof magic) == 0) {
        *format = "saved";
        m = nn_load(o->model);
        *kind = "corrupted";
    } else {
        *format = "description";
        nn_description d;
        m = nn_describe_load(o->model, &d);
        *kind = d.unreadable ? "unreadable" : "malformed";
        *line = d.error_line;
        *batch_size = d.batch_size;
    }
    if (!m)
        snprintf(why, why_size, "%s", nn_error());
    else if (nn_layer_count(m) == 0 || nn_get_compile_info(m, &(nn_compile_info){ 0 }) < 0) {
        *kind = "malformed";
        snprintf(why, why_size, "%s: the saved model was never compiled: it has no loss to train "
                 "with (call nn_compile before nn_save)", o->model);
        nn_free(m);
        m = NULL;
    }
    return m;
}

/* How wide y is for this loss, 1 (class indices) or `classes` (one-hot rows); -1 with why when
 * the model's output cannot answer this dataset's question. */
static int target_width(const char *model, const nn_compile_info *ci, int units,
                        const nn_dataset *d, char *why, size_t why_size)
{
    int sparse = strcmp(ci->loss, "sparse_categorical_crossentropy") == 0;
    int categorical = strcmp(ci->loss, "categorical_crossentropy") == 0;
    if (units == d->classes)
        return sparse ? 1 : d->classes;
    if (units == 1 && d->classes == 2 && !sparse && !categorical)
        return 1;
    snprintf(why, why_size, "%s: the model's last layer has %d unit%s, but the data has %d "
             "classes: %s needs %d units%s", model, units, units == 1 ? "" : "s", d->classes,
             ci->loss, d->classes, d->classes == 2 && !sparse && !categorical ? " (or 1)" : "");
    return -1;
}

/* Test accuracy from the predictions: the arg max, or for one unit the side of 0.5 (0 for
 * logits). Computed here rather than by the model's metric, so that every submission is scored
 * alike, even one compiled without "accuracy". */
static int test_accuracy(nn_model *m, const nn_compile_info *ci, const nn_dataset *test, float *acc)
{
    int units = nn_output_dim(m);
    float *out = malloc((size_t)test->n * units * sizeof *out); /* (n, units) */
    if (!out || nn_predict(m, test->x, test->n, out) < 0) {
        free(out);
        return -1;
    }
    long right = 0;
    for (int i = 0; i < test->n; i++) {
        const float *row = out + (size_t)i * units;
        int k = 0;
        if (units == 1)
            k = row[0] > (ci->from_logits ? 0.0f : 0.5f);
        else
            for (int c = 1; c < units; c++)
                k = row[c] > row[k] ? c : k;
        right += k == (int)test->y[i];
    }
    free(out);
    *acc = (float)right / (float)test->n;
    return 0;
}

/* ---- one grading job ------------------------------------------------------------------------------------- */

typedef struct grade_result {
    const char *format;
    int batch_size;
    nn_compile_info ci;
    nn_history h;
    float test_loss, test_accuracy;
    double load_s, fit_s, evaluate_s;
} grade_result;

/* The layers in the description's words: "dense 16 relu", "dropout 0.2"... */
static void json_model(bench_json *j, const nn_model *m)
{
    bench_json_model_begin(j, m);
    bench_json_open(j, "layers", '[');
    for (int l = 0; l < nn_layer_count(m); l++) {
        nn_layer_info li;
        char text[96];
        nn_layer_info_get(m, l, &li);
        if (strcmp(li.kind, "Dense") == 0)
            snprintf(text, sizeof text, "dense %d %s", li.units, li.activation);
        else if (strcmp(li.kind, "Dropout") == 0)
            snprintf(text, sizeof text, "dropout %g", (double)li.rate);
        else /* flatten, softmax */
            for (size_t k = 0; k < sizeof text && (k == 0 || text[k - 1]); k++)
                text[k] = (char)tolower((unsigned char)li.kind[k]);
        bench_json_string(j, NULL, text);
    }
    bench_json_close(j, ']');
    bench_json_model_end(j, m);
}

static int emit_result(grade_run *g, const nn_model *m, const nn_dataset *train,
                       const nn_dataset *test, const grade_result *r)
{
    const grade_options *o = &g->o;
    bench_json j = { 0 };
    json_header(&j, "ok");
    bench_json_string(&j, "file", o->model);
    bench_json_string(&j, "format", r->format);
    bench_json_string(&j, "data", o->data);
    bench_json_string(&j, "neurone_version", NEURONE_VERSION);
    bench_json_int(&j, "seed", o->seed);
    bench_json_int(&j, "epochs", o->epochs);
    bench_json_int(&j, "batch_size", r->batch_size);
    bench_json_string(&j, "engine", o->backend);
    json_model(&j, m);
    bench_json_open(&j, "samples", '{');
    bench_json_int(&j, "train", train->n);
    bench_json_int(&j, "test", test->n);
    bench_json_int(&j, "features", train->dim);
    bench_json_int(&j, "classes", train->classes);
    bench_json_close(&j, '}');
    bench_json_number(&j, "test_accuracy", r->test_accuracy);
    bench_json_number(&j, "test_loss", r->test_loss);
    bench_json_floats(&j, "train_loss", r->h.loss, r->h.epochs);
    if (r->h.metric)
        bench_json_floats(&j, "train_accuracy", r->h.metric, r->h.epochs);
    else
        bench_json_null(&j, "train_accuracy");
    int epochs = r->h.epochs;
    bench_json_open(&j, "timing", '{');
    bench_json_number(&j, "total_seconds", bench_seconds() - g->t0);
    bench_json_number(&j, "load_seconds", r->load_s);
    bench_json_number(&j, "fit_seconds", r->fit_s);
    bench_json_number(&j, "evaluate_seconds", r->evaluate_s);
    bench_json_number(&j, "epoch_seconds", epochs ? r->fit_s / epochs : 0.0);
    bench_json_number(&j, "samples_per_second", r->fit_s > 0 ? (double)train->n * epochs / r->fit_s : 0.0);
    bench_json_close(&j, '}');
    bench_json_close(&j, '}');
    emit(g, &j);
    bench_json_free(&j);
    if (!o->quiet)
        fprintf(stderr, "%s: test accuracy %.4f, test loss %.4f\n", o->model,
                (double)r->test_accuracy, (double)r->test_loss);
    return 0;
}

/* y for the loss: the labels themselves, or one-hot rows; NULL when out of memory. */
static float *shape_targets(const nn_dataset *d, int width)
{
    if (width > 1)
        return nn_one_hot(d->y, d->n, width);
    float *y = malloc((size_t)d->n * sizeof *y);
    if (y)
        memcpy(y, d->y, (size_t)d->n * sizeof *y);
    return y;
}

static int train_and_score(grade_run *g, nn_model *m, const nn_dataset *train,
                           const nn_dataset *test, grade_result *r)
{
    const grade_options *o = &g->o;
    char why[1024];
    int width = target_width(o->model, &r->ci, nn_output_dim(m), train, why, sizeof why);
    if (nn_input_dim(m) != train->dim) {
        snprintf(why, sizeof why, "%s: the model takes %d input values a sample, but %s has %d "
                 "features", o->model, nn_input_dim(m), o->data, train->dim);
        return fail(g, "shape", o->model, 0, why);
    }
    if (width < 0)
        return fail(g, "shape", o->model, 0, why);
    float *y_train = shape_targets(train, width), *y_test = shape_targets(test, width);
    int rc = y_train && y_test ? 0 : fail(g, "failed", o->model, 0, "out of memory");
    if (rc == 0 && o->epochs > 0) {
        nn_fit_args a = { .epochs = o->epochs, .batch_size = r->batch_size, .seed = o->seed,
                          .verbose = o->quiet ? 0 : isatty(STDERR_FILENO) ? 1 : 2,
                          .progress = stderr, .on_batch_end = on_batch_end, .user = g };
        atomic_store(&g->epochs, o->epochs);
        pthread_mutex_lock(&g->lock);
        g->model = m;
        pthread_mutex_unlock(&g->lock);
        double t = bench_seconds();
        int fit_rc = nn_fit(m, train->x, y_train, train->n, &a, &r->h);
        r->fit_s = bench_seconds() - t;
        snprintf(why, sizeof why, "%s: %s", o->model, nn_error());
        pthread_mutex_lock(&g->lock);
        g->model = NULL;
        pthread_mutex_unlock(&g->lock);
        if (atomic_load(&g->expired))
            rc = fail_timeout(g);
        /* the engine's one message for a NaN or infinite loss says "diverged" */
        else if (fit_rc < 0)
            rc = fail(g, strstr(why, "diverged") ? "diverged" : "failed", o->model, 0, why);
    }
    if (rc == 0) {
        double t = bench_seconds();
        if (nn_evaluate(m, test->x, y_test, test->n, &r->test_loss, NULL) < 0 ||
            test_accuracy(m, &r->ci, test, &r->test_accuracy) < 0) {
            snprintf(why, sizeof why, "%s: evaluating: %s", o->model, nn_error());
            rc = fail(g, "failed", o->model, 0, why);
        } else if (!isfinite(r->test_loss)) {
            snprintf(why, sizeof why, "%s: the test loss is %s: the weights diverged", o->model,
                     isnan(r->test_loss) ? "NaN" : "infinite");
            rc = fail(g, "diverged", o->model, 0, why);
        }
        r->evaluate_s = bench_seconds() - t;
    }
    if (rc == 0 && atomic_load(&g->expired))
        rc = fail_timeout(g);
    if (rc == 0)
        rc = emit_result(g, m, train, test, r);
    free(y_train);
    free(y_test);
    return rc;
}

static int grade(grade_run *g)
{
    const grade_options *o = &g->o;
    nn_dataset train = { 0 }, test = { 0 };
    grade_result r = { .format = "description" };
    char why[1024];
    const char *kind = NULL;
    int line = 0, rc;
    nn_model *m = NULL;
    if (load_data(o, &train, &test, why, sizeof why) < 0) {
        rc = fail(g, "data", o->data, 0, why);
        goto done;
    }
    m = load_model(o, &r.batch_size, &r.format, &kind, &line, why, sizeof why);
    r.load_s = bench_seconds() - g->t0;
    if (!m) {
        rc = fail(g, kind, o->model, line, why);
        goto done;
    }
    if (atomic_load(&g->expired)) {
        rc = fail_timeout(g);
        goto done;
    }
    nn_get_compile_info(m, &r.ci);
    if (o->batch_size)
        r.batch_size = o->batch_size;
    if (!r.batch_size)
        r.batch_size = 32;
    /* a description's weights come from the seed; a saved model keeps its own unless --reinit */
    if ((strcmp(r.format, "description") == 0 || o->reinit) && nn_set_seed(m, o->seed) < 0) {
        rc = fail(g, "failed", o->model, 0, nn_error());
        goto done;
    }
    if (strcmp(o->backend, "cpu") != 0 && nn_use_backend(m, o->backend) < 0) {
        rc = fail(g, "usage", o->model, 0, nn_error());
        goto done;
    }
    rc = train_and_score(g, m, &train, &test, &r);
done:
    nn_history_free(&r.h);
    nn_free(m);
    nn_dataset_free(&train);
    nn_dataset_free(&test);
    return rc;
}

int bench_grade_main(int argc, char **argv)
{
    static grade_run g; /* static: the watchdog may still read it while the process ends */
    memset(&g, 0, sizeof g);
    g.t0 = bench_seconds();
    pthread_mutex_init(&g.lock, NULL);
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&g.wake, &attr);
    pthread_condattr_destroy(&attr);
    int rc = parse_args(&g, argc, argv);
    if (rc != 0)
        return rc;
    pthread_t dog;
    int has_dog = g.o.timeout > 0 && pthread_create(&dog, NULL, watchdog, &g) == 0;
    if (g.o.timeout > 0 && !has_dog)
        return fail(&g, "failed", g.o.model, 0, "cannot start the --timeout watchdog thread");
    rc = grade(&g);
    if (has_dog)
        pthread_join(dog, NULL);
    pthread_cond_destroy(&g.wake);
    pthread_mutex_destroy(&g.lock);
    return rc;
}
