/* bench.c — `neurone --bench`: the standard workloads on the CPU engine and on the Vulkan engine,
 * as a table on stdout and, with --json FILE, as a JSON document (docs/bench-schema.json). With
 * --model it grades a submission instead (bench_grade.c). Nothing here needs a display.
 *
 * Each workload trains a Keras-style Sequential model with adam on a softmax cross-entropy, on
 * fixed data, once per engine from the same seed: the two runs do the same arithmetic in a
 * different order, so their losses agree to rounding, step by step. A run stops at the end of
 * its epochs or when its time budget is spent (2 s, or 30 s with --long), so that a slow device
 * (a software Vulkan such as lavapipe) still gives a short table: its samples/s come from the
 * steps it did, and the agreement from the steps both engines did. GFLOP/s counts 6 FLOPs per
 * parameter per sample (2 for the forward product, 4 for the two backward ones), as
 * bench/bench_train.c does. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"
#include "cli.h"
#include "nn.h"

/* Relative, on the running loss after each step. The engines sum in different orders; the
 * rounding differences (1e-7 at first) grow through training, to about 1e-3 after a few epochs of
 * the wide workload. A wrong kernel shows up as tens of percent within a few steps. */
#define AGREEMENT_TOLERANCE 1e-2
#define SHORT_BUDGET_S 2.0
#define LONG_BUDGET_S 30.0
#define MIN_STEPS 2         /* a run needs a step after the first one, which pays for warm-up */
/* In the short run, an engine skips a workload that its speed so far says would take longer
 * than this for the few steps a run needs (queued steps included): lavapipe on "wide". */
#define SKIP_SECONDS 15.0
#define STEPS_PREDICTED 4
enum { MAX_EPOCHS = 16 };

typedef struct workload {
    const char *name;
    int layers;               /* Dense layers */
    int units[5];             /* units[0] is the input width, then each layer's units */
    const char *hidden;       /* the hidden layers' activation; the last layer is softmax */
    int batch;
    int samples, epochs;              /* the short run, cut by its time budget */
    int long_samples, long_epochs;    /* --long */
} workload;

static const workload workloads[] = {
    { "seed", 2, { 100, 64, 10 }, "relu", 32, 4096, 2, 16384, 10 },
    { "mnist", 3, { 784, 256, 128, 10 }, "relu", 128, 4096, 2, 8000, 10 },
    { "playground", 3, { 2, 8, 8, 2 }, "tanh", 10, 2000, 2, 8000, 10 },
    { "wide", 4, { 1024, 1024, 1024, 1024, 10 }, "relu", 256, 1024, 2, 4096, 5 },
};
enum { N_WORKLOADS = sizeof workloads / sizeof workloads[0], N_ENGINES = 2 };
static const char *const engines[N_ENGINES] = { "cpu", "vulkan" };

typedef struct options {
    const char *json, *device;
    int long_run, quiet, threads;
    int want_workload[N_WORKLOADS], want_engine[N_ENGINES];
} options;

/* What one step (one batch) left behind. */
typedef struct step_record {
    float loss, accuracy;     /* the running means of its epoch, as Keras's progress bar shows */
    double end_s;             /* seconds since fit began, when its result came back */
    long seen;                /* samples trained on so far, over every epoch */
} step_record;

/* One workload on one engine. */
typedef struct run_result {
    const char *status;       /* "ok", "unavailable" (the engine could not start), "skipped", "error" */
    char reason[512];         /* why, when not ok */
    char device[300];
    step_record *step;        /* (planned) */
    int steps, planned;       /* steps whose results came back, of those the epochs hold */
    int stopped;              /* 1: the time budget ended the run early */
    int epochs;               /* completed */
    float epoch_loss[MAX_EPOCHS], epoch_accuracy[MAX_EPOCHS];
    double total_s;
} run_result;

static const char *usage =
    "usage: neurone --bench [options]                       the benchmark table\n"
    "       neurone --bench --model FILE --data DATA [...]  grade a model: one JSON line\n"
    "\n"
    "The table: the standard workloads on the CPU and Vulkan engines\n"
    "  --json FILE        also write the results as JSON (docs/bench-schema.json); - for stdout\n"
    "  --long             longer runs (30 s budgets, more samples and epochs): steadier numbers\n"
    "  --workload NAME    only this workload (seed, mnist, playground, wide); may be repeated\n"
    "  --engine NAME      only this engine (cpu, vulkan); may be repeated\n"
    "  --device NAME      the Vulkan device: an index or part of its name (default: the best)\n"
    "  --threads N        CPU engine threads (default: every core)\n"
    "  --quiet            no progress lines on stderr\n"
    "\n"
    "Grading (docs/grading.md): trains the model, prints test accuracy, loss and timings\n"
    "  --model FILE       a saved model (neurone train --save) or a model description (.txt)\n"
    "  --data DATA        a CSV file, or mnist, fashion_mnist, iris, wine, breast_cancer, digits,\n"
    "                     circle, xor, gauss, spiral\n"
    "  --target COLUMN    the CSV's class column (default: the last one)\n"
    "  --epochs N         default 10; 0 scores the model as it is\n"
    "  --batch-size N     default: the description's batch_size, else 32\n"
    "  --seed S           the split, the shuffling and a description's weights (default 0)\n"
    "  --test-size F      the test fraction of a table (default 0.2)\n"
    "  --timeout SECONDS  stop a job that runs longer, with a timeout record\n"
    "  --reinit           draw a saved model's weights again from the seed\n"
    "  --backend NAME     cpu (default) or vulkan\n"
    "  --quiet            no progress on stderr\n"
    "Exit status: 0 graded, 1 the submission failed, 2 a bad option or dataset.\n";

/* ---- arguments ------------------------------------------------------------------------------------ */

static int pick(const char *flag, const char *value, const char *const *names, int count, int *want)
{
    for (int i = 0; i < count; i++)
        if (strcmp(value, names[i]) == 0) {
            want[i] = 1;
            return 0;
        }
    fprintf(stderr, "neurone: %s: unknown name \"%s\"\n%s", flag, value, usage);
    return -1;
}

static int parse_args(int argc, char **argv, options *o)
{
    const char *workload_names[N_WORKLOADS];
    for (int i = 0; i < N_WORKLOADS; i++)
        workload_names[i] = workloads[i].name;
    memset(o, 0, sizeof *o);
    int chose_workload = 0, chose_engine = 0;
    for (int i = 1; i < argc; i++) {
        const char *f = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(f, "--long") == 0) {
            o->long_run = 1;
            continue;
        }
        if (strcmp(f, "--quiet") == 0) {
            o->quiet = 1;
            continue;
        }
        if (!v) {
            fprintf(stderr, "neurone: %s needs a value\n%s", f, usage);
            return -1;
        }
        i++;
        if (strcmp(f, "--json") == 0)
            o->json = v;
        else if (strcmp(f, "--device") == 0)
            o->device = v;
        else if (strcmp(f, "--workload") == 0) {
            chose_workload = 1;
            if (pick(f, v, workload_names, N_WORKLOADS, o->want_workload) < 0)
                return -1;
        } else if (strcmp(f, "--engine") == 0) {
            chose_engine = 1;
            if (pick(f, v, engines, N_ENGINES, o->want_engine) < 0)
                return -1;
        } else if (strcmp(f, "--threads") == 0) {
            char *end;
            long n = strtol(v, &end, 10);
            if (*end || end == v || n < 0 || n > 64) {
                fprintf(stderr, "neurone: --threads: expected 0..64, got \"%s\"\n", v);
                return -1;
            }
            o->threads = (int)n;
        } else {
            fprintf(stderr, "neurone: --bench: unknown option \"%s\"\n%s", f, usage);
            return -1;
        }
    }
    for (int i = 0; i < N_WORKLOADS; i++)
        o->want_workload[i] |= !chose_workload;
    for (int i = 0; i < N_ENGINES; i++)
        o->want_engine[i] |= !chose_engine;
    return 0;
}

/* ---- data ------------------------------------------------------------------------------------------- */

static unsigned lcg(unsigned *s)
{
    *s = *s * 1664525u + 1013904223u;
    return *s >> 8;
}

/* Inputs uniform in [-1, 1) and labels from a fixed random linear "teacher": argmax(x · T).
 * Unlike random labels, these can be learnt, so the loss and accuracy mean something. */
static void make_teacher_data(float *x, float *y, int n, int in, int classes)
{
    unsigned s = 12345u;
    float *t = malloc((size_t)in * classes * sizeof *t); /* (in, classes) */
    for (long i = 0; i < (long)n * in; i++)
        x[i] = (float)lcg(&s) / (float)(1u << 24) * 2.0f - 1.0f;
    for (long i = 0; t && i < (long)in * classes; i++)
        t[i] = (float)lcg(&s) / (float)(1u << 24) * 2.0f - 1.0f;
    for (int r = 0; r < n; r++) {
        int best = 0;
        float best_v = -INFINITY;
        for (int c = 0; t && c < classes; c++) {
            float v = 0;
            for (int k = 0; k < in; k++)
                v += x[(size_t)r * in + k] * t[(size_t)k * classes + c];
            if (v > best_v) {
                best_v = v;
                best = c;
            }
        }
        y[r] = (float)(t ? best : (int)(lcg(&s) % (unsigned)classes));
    }
    free(t);
}

/* Fills x (n, in) and y (n) for workload w; `what` says where they came from. MNIST and the
 * Playground circle are the real data of those lessons; the others follow a teacher. */
static void make_data(const workload *w, int n, float *x, float *y, char *what, size_t what_size)
{
    int in = w->units[0], classes = w->units[w->layers];
    int mnist = strcmp(w->name, "mnist") == 0, playground = strcmp(w->name, "playground") == 0;
    nn_dataset d = { 0 };
    int rc = mnist ? nn_load_mnist(&d, "train") : playground ? nn_playground(&d, "circle", n, 0.1f, 1) : -1;
    if (rc == 0 && d.n >= n && d.dim == in && d.classes <= classes) {
        if (mnist)
            nn_dataset_scale(&d, 1.0f / 255.0f);
        memcpy(x, d.x, (size_t)n * in * sizeof *x);
        memcpy(y, d.y, (size_t)n * sizeof *y);
        snprintf(what, what_size, "%s: %d samples", mnist ? "MNIST digits, pixels scaled to 0..1"
                 : "Playground circle, noise 0.1", n);
    } else {
        make_teacher_data(x, y, n, in, classes);
        snprintf(what, what_size, "synthetic: %d samples, inputs uniform in [-1, 1), labels from "
                 "a random linear teacher%s", n, mnist ? " (the MNIST files were not found)" : "");
    }
    nn_dataset_free(&d);
}

/* ---- devices ------------------------------------------------------------------------------------------ */

/* "AMD EPYC 7B13 64-Core Processor, 2 threads", from /proc/cpuinfo where there is one. */
static void cpu_device_name(char *out, size_t size, int threads)
{
    char name[256] = "CPU";
    FILE *f = fopen("/proc/cpuinfo", "r");
    char line[512];
    while (f && fgets(line, sizeof line, f)) {
        char *colon = strchr(line, ':');
        if (strncmp(line, "model name", 10) == 0 && colon) {
            colon++;
            colon += strspn(colon, " \t");
            colon[strcspn(colon, "\n")] = '\0';
            snprintf(name, sizeof name, "%s", colon);
            break;
        }
    }
    if (f)
        fclose(f);
    if (threads <= 0) {
        long online = sysconf(_SC_NPROCESSORS_ONLN);
        threads = online > 0 ? (int)online : 1;
    }
    snprintf(out, size, "%s, %d thread%s", name, threads, threads == 1 ? "" : "s");
}

/* ---- one run ------------------------------------------------------------------------------------------ */

typedef struct run_state {
    run_result *r;
    int samples;
    double budget_s;
} run_state;

static int on_batch_end(const nn_progress *p, void *user)
{
    run_state *s = user;
    run_result *r = s->r;
    if (r->steps < r->planned)
        r->step[r->steps++] = (step_record){ .loss = p->loss, .accuracy = p->metric,
                                             .end_s = p->seconds,
                                             .seen = (long)p->epoch * s->samples + p->seen };
    if (p->seconds > s->budget_s && r->steps >= MIN_STEPS && r->steps < r->planned) {
        r->stopped = 1;
        return 1;
    }
    return 0;
}

static nn_model *build_model(const workload *w)
{
    nn_model *m = nn_sequential();
    int rc = m ? nn_set_seed(m, 1) : -1;
    for (int l = 0; rc == 0 && l < w->layers; l++)
        rc = nn_add_dense(m, w->units[l + 1], l == w->layers - 1 ? "softmax" : w->hidden,
                          l == 0 ? w->units[0] : 0);
    if (rc == 0)
        rc = nn_compile(m, "adam", "sparse_categorical_crossentropy", "accuracy");
    if (rc < 0) {
        nn_free(m);
        return NULL;
    }
    return m;
}

static void run_fail(run_result *r, const char *status, const char *why)
{
    r->status = status;
    snprintf(r->reason, sizeof r->reason, "%s", why);
}

/* Trains w on one engine; r says how it went. budget_s: when to stop early. */
static void run_workload(const workload *w, const char *engine, const options *o, const float *x,
                         const float *y, int n, int epochs, double budget_s, run_result *r)
{
    nn_model *m = build_model(w);
    r->planned = epochs * ((n + w->batch - 1) / w->batch);
    r->step = malloc((size_t)r->planned * sizeof *r->step);
    if (!m || !r->step) {
        run_fail(r, "error", m ? "out of memory" : nn_error());
        nn_free(m);
        return;
    }
    if (strcmp(engine, "vulkan") == 0) {
        nn_vulkan_device dev;
        if (nn_use_backend(m, "vulkan") < 0 && o->want_engine[0])
            run_fail(r, "unavailable", nn_error()); /* the CPU's row is in the table already */
        else if (strcmp(nn_backend_name(m), "vulkan") != 0) {
            /* only Vulkan was asked for: the CPU engine runs the workload in its place */
            fprintf(stderr, "neurone: %s: the vulkan engine could not start, so the CPU engine "
                    "took over: %s\n", w->name, nn_error());
            snprintf(r->device, sizeof r->device, "CPU (Vulkan failed)");
        } else if (nn_vulkan_model_device(m, &dev) == 0)
            snprintf(r->device, sizeof r->device, "%s", dev.name);
    } else
        cpu_device_name(r->device, sizeof r->device, o->threads);
    run_state state = { r, n, budget_s };
    nn_history h = { 0 };
    nn_fit_args a = { .epochs = epochs, .batch_size = w->batch, .seed = 7,
                      .on_batch_end = on_batch_end, .user = &state };
    double t0 = bench_seconds();
    if (strcmp(r->status, "ok") == 0 && nn_fit(m, x, y, n, &a, &h) < 0)
        run_fail(r, "error", nn_error());
    if (nn_engine_note(m)) { /* the device failed during fit, and the CPU engine finished it */
        fprintf(stderr, "neurone: %s: %s\n", w->name, nn_engine_note(m));
        snprintf(r->device, sizeof r->device, "CPU (Vulkan failed)");
    }
    r->total_s = bench_seconds() - t0;
    if (strcmp(r->status, "ok") == 0 && r->steps == 0)
        run_fail(r, "error", "fit returned before its first step");
    if (strcmp(r->status, "ok") == 0) {
        r->epochs = h.epochs < MAX_EPOCHS ? h.epochs : MAX_EPOCHS;
        memcpy(r->epoch_loss, h.loss, (size_t)r->epochs * sizeof *h.loss);
        memcpy(r->epoch_accuracy, h.metric, (size_t)r->epochs * sizeof *h.metric);
    }
    nn_history_free(&h);
    nn_free(m);
}

static int compare_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Samples a second in the steady state: the median over the steps after the first, which pays
 * for the warm-up (pipelines, uploads, first touches of memory). The median, because the
 * machines this runs on are shared: it says what a step usually costs. */
static double samples_per_second(const run_result *r)
{
    if (strcmp(r->status, "ok") != 0 || r->steps == 0)
        return 0;
    if (r->steps == 1)
        return r->step[0].end_s > 0 ? (double)r->step[0].seen / r->step[0].end_s : 0;
    double *per_sample = malloc((size_t)(r->steps - 1) * sizeof *per_sample);
    if (!per_sample)
        return 0;
    for (int i = 1; i < r->steps; i++)
        per_sample[i - 1] = (r->step[i].end_s - r->step[i - 1].end_s) /
                            (double)(r->step[i].seen - r->step[i - 1].seen);
    qsort(per_sample, (size_t)(r->steps - 1), sizeof *per_sample, compare_double);
    double median = per_sample[(r->steps - 1) / 2];
    free(per_sample);
    return median > 0 ? 1.0 / median : 0;
}

/* The largest relative difference of the running loss over the steps both runs did, and of the
 * running accuracy in absolute terms. steps is 0 when the runs cannot be compared. */
typedef struct agreement { int steps; double loss, accuracy; } agreement;

static agreement compare_runs(const run_result *a, const run_result *b)
{
    agreement g = { 0 };
    if (strcmp(a->status, "ok") != 0 || strcmp(b->status, "ok") != 0)
        return g;
    g.steps = a->steps < b->steps ? a->steps : b->steps;
    for (int i = 0; i < g.steps; i++) {
        double ref = fabs(a->step[i].loss) > 1e-12 ? fabs(a->step[i].loss) : 1e-12;
        double d = fabs((double)b->step[i].loss - a->step[i].loss) / ref;
        g.loss = d > g.loss || isnan(d) ? d : g.loss;
        double da = fabs((double)b->step[i].accuracy - a->step[i].accuracy);
        g.accuracy = da > g.accuracy ? da : g.accuracy;
    }
    return g;
}

/* ---- output -------------------------------------------------------------------------------------------- */

static double flops_per_sample(const workload *w)
{
    long params = 0;
    for (int l = 0; l < w->layers; l++)
        params += (long)w->units[l] * w->units[l + 1] + w->units[l + 1];
    return 6.0 * (double)params;
}

static void print_header(FILE *out)
{
    fprintf(out, "%-10s %-6s %-34s %11s %9s %8s %8s %8s  %s\n", "workload", "engine", "device",
            "samples/s", "s/epoch", "GFLOP/s", "loss", "accuracy", "cpu-vs-vulkan");
}

static void print_row(FILE *out, const workload *w, int samples, const char *engine,
                      const run_result *r, const agreement *g)
{
    char device[40];
    const char *name = r->device[0] ? r->device : "-";
    if (strlen(name) > 34)
        snprintf(device, sizeof device, "%.31s...", name);
    else
        snprintf(device, sizeof device, "%s", name);
    if (strcmp(r->status, "ok") != 0) {
        fprintf(out, "%-10s %-6s %s: %s\n", w->name, engine, r->status, r->reason);
        return;
    }
    double sps = samples_per_second(r);
    const step_record *last = &r->step[r->steps - 1];
    fprintf(out, "%-10s %-6s %-34s %10.0f%c %9.4f %8.2f %8.4f %8.4f", w->name, engine, device, sps,
            r->stopped ? '*' : ' ', sps > 0 ? samples / sps : 0, flops_per_sample(w) * sps * 1e-9,
            last->loss, last->accuracy);
    if (g && g->steps > 0)
        fprintf(out, "  %.1e over %d steps%s", g->loss, g->steps,
                g->loss <= AGREEMENT_TOLERANCE ? "" : " DISAGREES");
    fprintf(out, "\n");
}

static void json_run(bench_json *j, const workload *w, const char *engine, const run_result *r)
{
    bench_json_open(j, NULL, '{');
    bench_json_string(j, "engine", engine);
    bench_json_string(j, "status", r->status);
    bench_json_string(j, "device", r->device[0] ? r->device : NULL);
    if (strcmp(r->status, "ok") != 0) {
        bench_json_string(j, "reason", r->reason);
        bench_json_close(j, '}');
        return;
    }
    const step_record *last = &r->step[r->steps - 1];
    bench_json_int(j, "steps", r->steps);
    bench_json_int(j, "planned_steps", r->planned);
    bench_json_bool(j, "stopped_by_budget", r->stopped);
    bench_json_number(j, "final_loss", last->loss);
    bench_json_number(j, "final_accuracy", last->accuracy);
    bench_json_floats(j, "epoch_loss", r->epoch_loss, r->epochs);
    bench_json_floats(j, "epoch_accuracy", r->epoch_accuracy, r->epochs);
    double sps = samples_per_second(r);
    bench_json_open(j, "timing", '{');
    bench_json_number(j, "samples_per_second", sps);
    bench_json_number(j, "epoch_seconds", sps > 0 ? (double)w->samples / sps : 0);
    bench_json_number(j, "warmup_seconds", r->step[0].end_s);
    bench_json_number(j, "total_seconds", r->total_s);
    bench_json_number(j, "gflops", flops_per_sample(w) * sps * 1e-9);
    bench_json_close(j, '}');
    bench_json_close(j, '}');
}

static void json_workload(bench_json *j, const workload *w, int samples, int epochs,
                          const char *data, const run_result *runs, const options *o)
{
    bench_json_open(j, NULL, '{');
    bench_json_string(j, "name", w->name);
    bench_json_ints(j, "units", w->units, w->layers + 1);
    bench_json_string(j, "hidden_activation", w->hidden);
    bench_json_int(j, "batch_size", w->batch);
    bench_json_int(j, "samples", samples);
    bench_json_int(j, "epochs", epochs);
    bench_json_int(j, "params", (long)(flops_per_sample(w) / 6));
    bench_json_number(j, "flops_per_sample", flops_per_sample(w));
    bench_json_string(j, "data", data);
    bench_json_open(j, "runs", '[');
    for (int e = 0; e < N_ENGINES; e++)
        if (o->want_engine[e])
            json_run(j, w, engines[e], &runs[e]);
    bench_json_close(j, ']');
    agreement g = compare_runs(&runs[0], &runs[1]);
    if (g.steps == 0)
        bench_json_null(j, "agreement");
    else {
        bench_json_open(j, "agreement", '{');
        bench_json_int(j, "steps_compared", g.steps);
        bench_json_number(j, "max_relative_loss_difference", g.loss);
        bench_json_number(j, "max_accuracy_difference", g.accuracy);
        bench_json_number(j, "tolerance", AGREEMENT_TOLERANCE);
        bench_json_bool(j, "agrees", g.loss <= AGREEMENT_TOLERANCE);
        bench_json_close(j, '}');
    }
    bench_json_close(j, '}');
}

/* ---- the table ----------------------------------------------------------------------------------------- */

/* In the short run, whether this engine should leave w out, judging by the best GFLOP/s it
 * reached on the workloads before; fills r when it should. */
static int too_slow(const workload *w, double best_gflops, run_result *r)
{
    if (best_gflops <= 0)
        return 0;
    double predicted = STEPS_PREDICTED * w->batch * flops_per_sample(w) / (best_gflops * 1e9);
    if (predicted <= SKIP_SECONDS)
        return 0;
    r->status = "skipped";
    snprintf(r->reason, sizeof r->reason, "about %.0f s for the %d steps a run needs, at the "
             "%.2f GFLOP/s this device reached so far; --long runs it", predicted, STEPS_PREDICTED,
             best_gflops);
    return 1;
}

static int bench_table(const options *o)
{
    if (o->threads && nn_set_threads(o->threads) < 0) {
        fprintf(stderr, "neurone: %s\n", nn_error());
        return 2;
    }
    if (o->device && nn_vulkan_select_device(o->device) < 0) {
        fprintf(stderr, "neurone: --device: %s\n", nn_error());
        return 2;
    }
    double budget_s = o->long_run ? LONG_BUDGET_S : SHORT_BUDGET_S;
    bench_json j = { .pretty = 1 };
    bench_json_open(&j, NULL, '{');
    bench_json_int(&j, "schema_version", BENCH_SCHEMA_VERSION);
    bench_json_string(&j, "mode", "bench");
    bench_json_string(&j, "neurone_version", NEURONE_VERSION);
    bench_json_string(&j, "run", o->long_run ? "long" : "short");
    bench_json_number(&j, "budget_seconds", budget_s);
    bench_json_open(&j, "workloads", '[');
    /* the table goes to stdout, unless the JSON does */
    FILE *table = o->json && strcmp(o->json, "-") == 0 ? stderr : stdout;
    fprintf(table, "neurone --bench: %s run, at most %.0f s a run%s\n", o->long_run ? "long" : "short",
            budget_s, o->long_run ? "" : " (--long for steadier numbers)");
    print_header(table);
    fflush(table);
    int failures = 0, cut = 0;
    double best_gflops[N_ENGINES] = { 0 };
    for (int i = 0; i < N_WORKLOADS; i++) {
        if (!o->want_workload[i])
            continue;
        const workload *w = &workloads[i];
        int n = o->long_run ? w->long_samples : w->samples;
        int epochs = o->long_run ? w->long_epochs : w->epochs;
        float *x = malloc((size_t)n * w->units[0] * sizeof *x); /* (n, units[0]) */
        float *y = malloc((size_t)n * sizeof *y);               /* (n) class indices */
        if (!x || !y) {
            free(x);
            free(y);
            fprintf(stderr, "neurone: %s: out of memory\n", w->name);
            failures++;
            continue;
        }
        char data[200];
        make_data(w, n, x, y, data, sizeof data);
        run_result runs[N_ENGINES];
        for (int e = 0; e < N_ENGINES; e++) {
            memset(&runs[e], 0, sizeof runs[e]);
            runs[e].status = "ok";
            if (!o->want_engine[e] || (!o->long_run && too_slow(w, best_gflops[e], &runs[e])))
                continue;
            if (!o->quiet)
                fprintf(stderr, "%s on %s: up to %d epochs of %d samples...\n", w->name,
                        engines[e], epochs, n);
            run_workload(w, engines[e], o, x, y, n, epochs, budget_s, &runs[e]);
            double gflops = flops_per_sample(w) * samples_per_second(&runs[e]) * 1e-9;
            best_gflops[e] = gflops > best_gflops[e] ? gflops : best_gflops[e];
            failures += strcmp(runs[e].status, "error") == 0;
            cut |= runs[e].stopped;
        }
        agreement g = compare_runs(&runs[0], &runs[1]);
        for (int e = 0; e < N_ENGINES; e++)
            if (o->want_engine[e])
                print_row(table, w, n, engines[e], &runs[e], e == 1 ? &g : NULL);
        fflush(table);
        json_workload(&j, w, n, epochs, data, runs, o);
        for (int e = 0; e < N_ENGINES; e++)
            free(runs[e].step);
        free(x);
        free(y);
    }
    if (cut)
        fprintf(table, "* stopped by the time budget: samples/s from the steps done, s/epoch "
                       "estimated from them\n");
    bench_json_close(&j, ']');
    bench_json_close(&j, '}');
    int rc = failures ? 1 : 0;
    if (o->json && bench_json_save(&j, o->json) < 0)
        rc = 1;
    bench_json_free(&j);
    return rc;
}

int bench_main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--model") == 0 || strcmp(argv[i], "--data") == 0)
            return bench_grade_main(argc, argv);
    if (cli_print_help(argc, argv, usage))
        return 0;
    options o;
    if (parse_args(argc, argv, &o) < 0)
        return 2;
    return bench_table(&o);
}
