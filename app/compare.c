/* compare.c — `neurone compare`: the course's second exercise on the command line. A CSV (or a
 * built-in table) is split once, scaled on its training part, and an MLP and every classic
 * classifier are trained on that same split and scored on the same test rows: one line per
 * model, or a JSON file. */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "nn.h"

/* The MLP, as the course's notebooks build one for a table. */
#define MLP_UNITS_1 32
#define MLP_UNITS_2 16
#define MLP_EPOCHS 100
#define MLP_BATCH 32

#define MAX_FEATURES 4096

typedef struct options {
    const char *data, *target, *scaler, *json;
    char *features;                 /* the --features list, split in place */
    const char *feature[MAX_FEATURES + 1];
    int feature_count;
    float test_size;
    unsigned seed;
    int epochs, missing, confusion;
} options;

/* One trained model's scores on the test rows. */
typedef struct result {
    const char *name;
    int failed;
    char error[256];
    nn_metrics m;
    double seconds;
    int *cm;                        /* (classes, classes) */
} result;

static const char *usage =
    "usage: neurone compare --data FILE --target COLUMN [options]\n"
    "  --data FILE            a CSV file (header row, plain or gzip), or iris, wine,\n"
    "                         breast_cancer, digits\n"
    "  --target COLUMN        the column to predict (needed for a CSV file)\n"
    "  --features a,b,c       the feature columns (default: every other column); text columns\n"
    "                         are one-hot encoded\n"
    "  --scaler KIND          minmax, standard (default) or none, fitted on the training rows\n"
    "  --test-size F          the test fraction, default 0.3 (train_test_split)\n"
    "  --seed S               the split's, the MLP's and the forest's seed, default 0\n"
    "  --missing WHAT         impute (default: mean, most frequent), drop or refuse\n"
    "  --epochs N             the MLP's epochs, default 100\n"
    "  --confusion            print each model's confusion matrix too\n"
    "  --json FILE            write the results as JSON instead (- for stdout)\n";

/* ---- arguments ---------------------------------------------------------------------------------- */

/* A bad argument: the message names the flag; the caller exits with 2. */
static int bad(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int bad(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("neurone compare: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return -1;
}

static int parse_count(const char *flag, const char *s, int lo, int *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (!*s || *end || errno || v < lo || v > INT_MAX)
        return bad("%s: expected a whole number >= %d, got \"%s\"", flag, lo, s);
    *out = (int)v;
    return 0;
}

/* "a, b,c" -> a, b, c (trimmed), in place. */
static int split_features(options *o, char *list)
{
    o->features = list;
    for (char *p = list;;) {
        char *comma = strchr(p, ',');
        if (comma)
            *comma = '\0';
        while (*p == ' ')
            p++;
        size_t len = strlen(p);
        while (len > 0 && p[len - 1] == ' ')
            p[--len] = '\0';
        if (len == 0)
            return bad("--features: an empty column name in the list");
        if (o->feature_count == MAX_FEATURES)
            return bad("--features: more than %d columns", MAX_FEATURES);
        o->feature[o->feature_count++] = p;
        if (!comma)
            break;
        p = comma + 1;
    }
    o->feature[o->feature_count] = NULL;
    return 0;
}

static int parse_option(options *o, const char *f, const char *v)
{
    if (strcmp(f, "--data") == 0)
        o->data = v;
    else if (strcmp(f, "--target") == 0)
        o->target = v;
    else if (strcmp(f, "--json") == 0)
        o->json = v;
    else if (strcmp(f, "--features") == 0) {
        char *copy = strdup(v);
        free(o->features);
        o->feature_count = 0;
        if (!copy)
            return bad("%s: out of memory", f);
        return split_features(o, copy);
    } else if (strcmp(f, "--scaler") == 0) {
        if (strcmp(v, "minmax") && strcmp(v, "standard") && strcmp(v, "none"))
            return bad("%s: \"%s\" is not minmax, standard or none", f, v);
        o->scaler = v;
    } else if (strcmp(f, "--missing") == 0) {
        if (strcmp(v, "impute") == 0)
            o->missing = NN_MISSING_IMPUTE;
        else if (strcmp(v, "drop") == 0)
            o->missing = NN_MISSING_DROP;
        else if (strcmp(v, "refuse") == 0)
            o->missing = NN_MISSING_REFUSE;
        else
            return bad("%s: \"%s\" is not impute, drop or refuse", f, v);
    } else if (strcmp(f, "--test-size") == 0) {
        char *end;
        errno = 0;
        float t = strtof(v, &end);
        if (!*v || *end || errno || !(t > 0.0f && t < 1.0f))
            return bad("%s: expected a fraction between 0 and 1 (such as 0.3), got \"%s\"", f, v);
        o->test_size = t;
    } else if (strcmp(f, "--seed") == 0) {
        int seed = 0;
        if (parse_count(f, v, 0, &seed) < 0)
            return -1;
        o->seed = (unsigned)seed;
    } else if (strcmp(f, "--epochs") == 0) {
        return parse_count(f, v, 1, &o->epochs);
    } else {
        return bad("unknown option \"%s\" (neurone compare --help)", f);
    }
    return 0;
}

static int parse_args(int argc, char **argv, options *o)
{
    for (int i = 1; i < argc; i++) {
        const char *f = argv[i];
        if (strcmp(f, "--confusion") == 0) {
            o->confusion = 1;
            continue;
        }
        if (strncmp(f, "--", 2) != 0)
            return bad("unexpected argument \"%s\": options start with --", f);
        if (i + 1 >= argc)
            return bad("%s needs a value (neurone compare --help)", f);
        if (parse_option(o, f, argv[++i]) < 0)
            return -1;
    }
    if (!o->data)
        return bad("--data is needed: a CSV file, or iris, wine, breast_cancer or digits");
    return 0;
}

/* ---- data --------------------------------------------------------------------------------------- */

static int is_builtin(const char *name)
{
    static const char *const names[] = { "iris", "wine", "breast_cancer", "digits" };
    struct stat st;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(name, names[i]) == 0)
            return stat(name, &st) != 0; /* a file of that name in the folder wins */
    return 0;
}

static int show_progress(long long done, long long total, void *user)
{
    (void)user;
    if (total > 0)
        fprintf(stderr, "\rloading: %3d%%", (int)(100 * done / total));
    return 0;
}

/* Loads o->data into d; notes (size) receives what was done to awkward input, one line each.
 * 1 for a bad argument. */
static int load(const options *o, nn_dataset *d, char *notes, size_t size)
{
    notes[0] = '\0';
    if (is_builtin(o->data)) {
        if (o->target && strcmp(o->target, "target") != 0) {
            bad("--target: the built-in tables' class column is \"target\", not \"%s\"",
                o->target);
            return 1;
        }
        nn_dataset all;
        if (nn_load_builtin(&all, o->data) < 0)
            return -1;
        if (!o->feature_count) {
            *d = all;
            return 0;
        }
        int rc = nn_select_features(d, &all, o->feature, o->feature_count);
        nn_dataset_free(&all);
        return rc;
    }
    if (!o->target) {
        bad("--target is needed with a CSV file: the column to predict");
        return 1;
    }
    struct stat st;
    int tty = isatty(STDERR_FILENO) && stat(o->data, &st) == 0 && st.st_size > (32 << 20);
    nn_table_args a = {
        .target = o->target,
        .features = o->feature_count ? o->feature : NULL,
        .missing = o->missing,
        .progress = tty ? show_progress : NULL,
    };
    nn_table_report report;
    int rc = nn_load_table(d, o->data, &a, &report);
    if (tty)
        fputs("\r              \r", stderr);
    nn_table_report_text(&report, notes, size);
    nn_table_report_free(&report);
    return rc;
}

/* ---- models ------------------------------------------------------------------------------------- */

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static int train_mlp(const options *o, const nn_dataset *train, const nn_dataset *test,
                     float *pred)
{
    nn_model *m = nn_sequential();
    if (!m)
        return -1;
    int rc = nn_add_dense(m, MLP_UNITS_1, "relu", train->dim);
    if (rc == 0)
        rc = nn_add_dense(m, MLP_UNITS_2, "relu", 0);
    if (rc == 0)
        rc = nn_add_dense(m, train->classes, "softmax", 0);
    if (rc == 0)
        rc = nn_set_seed(m, o->seed);
    if (rc == 0)
        rc = nn_compile(m, "adam", "sparse_categorical_crossentropy", "accuracy");
    nn_fit_args a = { .epochs = o->epochs, .batch_size = MLP_BATCH, .seed = o->seed };
    if (rc == 0)
        rc = nn_fit(m, train->x, train->y, train->n, &a, NULL);
    float *proba = rc == 0 ? malloc((size_t)test->n * (size_t)train->classes * sizeof *proba)
                           : NULL;
    if (rc == 0 && !proba) {
        fprintf(stderr, "neurone compare: out of memory\n");
        rc = -1;
    }
    if (rc == 0)
        rc = nn_predict(m, test->x, test->n, proba);
    for (int i = 0; rc == 0 && i < test->n; i++) {
        const float *p = proba + (size_t)i * (size_t)train->classes; /* (classes) */
        int best = 0;
        for (int k = 1; k < train->classes; k++)
            best = p[k] > p[best] ? k : best;
        pred[i] = (float)best;
    }
    free(proba);
    nn_free(m);
    return rc;
}

static int train_classic(const char *kind, const options *o, const nn_dataset *train,
                         const nn_dataset *test, float *pred, const char **name)
{
    nn_classifier *c = nn_classifier_new(kind, &(nn_classifier_args){ .seed = o->seed });
    if (!c)
        return -1;
    *name = nn_classifier_name(c);
    int rc = nn_classifier_fit(c, train->x, train->y, train->n, train->dim, train->classes);
    if (rc == 0)
        rc = nn_classifier_predict(c, test->x, test->n, pred);
    nn_classifier_free(c);
    return rc;
}

/* Trains model i (0 the MLP, then the classic kinds) and scores it on the test rows. */
static void run_model(int i, const options *o, const nn_dataset *train, const nn_dataset *test,
                      float *pred, result *r)
{
    double start = now();
    int rc;
    if (i == 0) {
        r->name = "MLP";
        rc = train_mlp(o, train, test, pred);
    } else {
        r->name = nn_classifier_kind(i - 1);
        rc = train_classic(nn_classifier_kind(i - 1), o, train, test, pred, &r->name);
    }
    r->seconds = now() - start;
    if (rc == 0)
        rc = nn_classification_metrics(&r->m, test->y, pred, test->n, train->classes);
    if (rc == 0 && !(r->cm = malloc((size_t)train->classes * (size_t)train->classes *
                                    sizeof *r->cm)))
        rc = -1;
    if (rc == 0)
        rc = nn_confusion_matrix(r->cm, test->y, pred, test->n, train->classes);
    if (rc < 0) {
        r->failed = 1;
        snprintf(r->error, sizeof r->error, "%s", nn_error());
    }
}

/* ---- output ------------------------------------------------------------------------------------- */

static void print_names(FILE *f, char **names, int count, int limit)
{
    for (int i = 0; i < count && i < limit; i++)
        fprintf(f, "%s%s", i ? ", " : "", names ? names[i] : "?");
    if (count > limit)
        fprintf(f, ", ... (%d in all)", count);
}

/* The class's name cut to 10 characters, for the confusion matrix's margins. */
static const char *short_name(const nn_dataset *all, int k, char *buf, size_t size)
{
    if (all->class_names && all->class_names[k])
        snprintf(buf, size, "%.10s", all->class_names[k]);
    else
        snprintf(buf, size, "%d", k);
    return buf;
}

static void print_confusion(const result *r, const nn_dataset *all)
{
    char name[16];
    printf("\n%s: confusion matrix (rows: true class, columns: predicted)\n%10s", r->name, "");
    for (int p = 0; p < all->classes; p++)
        printf(" %10s", short_name(all, p, name, sizeof name));
    for (int t = 0; t < all->classes; t++) {
        printf("\n%10s", short_name(all, t, name, sizeof name));
        for (int p = 0; p < all->classes; p++)
            printf(" %10d", r->cm[t * all->classes + p]);
    }
    putchar('\n');
}

static void print_table(const options *o, char *notes, const nn_dataset *all,
                        const nn_dataset *train, const nn_dataset *test, const result *r,
                        int models)
{
    for (char *line = strtok(notes, "\n"); line; line = strtok(NULL, "\n"))
        printf("note: %s\n", line);
    printf("%s: %d rows, target \"%s\" with %d classes (", o->data, all->n,
           all->target_name ? all->target_name : "target", all->classes);
    print_names(stdout, all->class_names, all->classes, 10);
    printf("), %d features (", all->dim);
    print_names(stdout, all->feature_names, all->dim, 8);
    printf(")\nsplit: %d training rows, %d test rows (test_size %g, seed %u); scaler: %s, "
           "fitted on the training rows\n", train->n, test->n, (double)o->test_size, o->seed,
           o->scaler);
    printf("MLP: Dense(%d, relu) -> Dense(%d, relu) -> Dense(%d, softmax), adam, "
           "sparse_categorical_crossentropy, %d epochs of batch %d\n\n", MLP_UNITS_1,
           MLP_UNITS_2, train->classes, o->epochs, MLP_BATCH);
    printf("%-24s %9s %10s %7s %7s %11s\n", "model", "accuracy", "precision", "recall", "f1",
           "train time");
    for (int i = 0; i < models; i++) {
        if (r[i].failed)
            printf("%-24s failed: %s\n", r[i].name, r[i].error);
        else
            printf("%-24s %9.4f %10.4f %7.4f %7.4f %8.*f %s\n", r[i].name, r[i].m.accuracy,
                   r[i].m.precision, r[i].m.recall, r[i].m.f1, r[i].seconds < 1.0 ? 1 : 2,
                   r[i].seconds < 1.0 ? 1000.0 * r[i].seconds : r[i].seconds,
                   r[i].seconds < 1.0 ? "ms" : "s");
    }
    for (int i = 0; o->confusion && i < models; i++)
        if (!r[i].failed)
            print_confusion(&r[i], all);
}

static void json_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

static void json_names(FILE *f, char **names, int count)
{
    fputc('[', f);
    for (int i = 0; i < count; i++) {
        fputs(i ? ", " : "", f);
        json_string(f, names ? names[i] : "");
    }
    fputc(']', f);
}

static void write_json(FILE *f, const options *o, char *notes, const nn_dataset *all,
                       const nn_dataset *train, const nn_dataset *test, const result *r,
                       int models)
{
    fputs("{\n  \"data\": ", f);
    json_string(f, o->data);
    fputs(",\n  \"target\": ", f);
    json_string(f, all->target_name ? all->target_name : "target");
    fprintf(f, ",\n  \"rows\": %d,\n  \"features\": ", all->n);
    json_names(f, all->feature_names, all->dim);
    fputs(",\n  \"classes\": ", f);
    json_names(f, all->class_names, all->classes);
    fprintf(f, ",\n  \"test_size\": %g,\n  \"seed\": %u,\n  \"scaler\": ", (double)o->test_size,
            o->seed);
    json_string(f, o->scaler);
    fprintf(f, ",\n  \"train_rows\": %d,\n  \"test_rows\": %d,\n  \"notes\": [", train->n,
            test->n);
    int first = 1;
    for (char *line = strtok(notes, "\n"); line; line = strtok(NULL, "\n"), first = 0) {
        fputs(first ? "" : ", ", f);
        json_string(f, line);
    }
    fputs("],\n", f);
    fprintf(f, "  \"mlp\": {\"layers\": [%d, %d], \"activation\": \"relu\", \"optimizer\": "
            "\"adam\", \"loss\": \"sparse_categorical_crossentropy\", \"epochs\": %d, "
            "\"batch_size\": %d},\n  \"models\": [\n", MLP_UNITS_1, MLP_UNITS_2, o->epochs,
            MLP_BATCH);
    for (int i = 0; i < models; i++) {
        fputs("    {\"name\": ", f);
        json_string(f, r[i].name);
        if (r[i].failed) {
            fputs(", \"error\": ", f);
            json_string(f, r[i].error);
        } else {
            fprintf(f, ", \"accuracy\": %.6f, \"precision\": %.6f, \"recall\": %.6f, "
                    "\"f1\": %.6f, \"train_seconds\": %.6f, \"confusion_matrix\": [",
                    r[i].m.accuracy, r[i].m.precision, r[i].m.recall, r[i].m.f1, r[i].seconds);
            for (int t = 0; t < train->classes; t++) {
                fputs(t ? ", [" : "[", f);
                for (int p = 0; p < train->classes; p++)
                    fprintf(f, "%s%d", p ? ", " : "", r[i].cm[t * train->classes + p]);
                fputc(']', f);
            }
            fputc(']', f);
        }
        fprintf(f, "}%s\n", i + 1 < models ? "," : "");
    }
    fputs("  ]\n}\n", f);
}

/* Writes the JSON into a temporary file beside path, then renames it over path: a reader
 * never sees half a file, and a failure leaves the old one. */
static int save_json(const options *o, char *notes, const nn_dataset *all,
                     const nn_dataset *train, const nn_dataset *test, const result *r, int models)
{
    if (strcmp(o->json, "-") == 0) {
        write_json(stdout, o, notes, all, train, test, r, models);
        return fflush(stdout) == 0 ? 0 : -1;
    }
    size_t len = strlen(o->json) + 32;
    char *tmp = malloc(len);
    if (!tmp)
        return -1;
    snprintf(tmp, len, "%s.tmp%ld", o->json, (long)getpid());
    FILE *f = fopen(tmp, "w");
    int rc = f ? 0 : -1;
    if (f) {
        write_json(f, o, notes, all, train, test, r, models);
        if (fflush(f) != 0 || ferror(f) || fsync(fileno(f)) != 0)
            rc = -1;
        if (fclose(f) != 0)
            rc = -1;
    }
    if (rc == 0 && rename(tmp, o->json) != 0)
        rc = -1;
    if (rc < 0) {
        fprintf(stderr, "neurone compare: cannot write %s: %s\n", o->json, strerror(errno));
        remove(tmp);
    }
    free(tmp);
    return rc;
}

/* ---- the command -------------------------------------------------------------------------------- */

static int check_split(const nn_dataset *all, const nn_dataset *train)
{
    if (train->n < all->classes) {
        fprintf(stderr, "neurone compare: %d training rows for %d classes: more classes than "
                "rows; lower --test-size or use a larger table\n", train->n, all->classes);
        return -1;
    }
    return 0;
}

static int compare(const options *o)
{
    nn_dataset all = { 0 }, train = { 0 }, test = { 0 };
    char notes[4096];
    int loaded = load(o, &all, notes, sizeof notes);
    if (loaded == 1)
        return 2;
    if (loaded < 0) {
        fprintf(stderr, "neurone compare: %s\n", nn_error());
        return 1;
    }
    int status = 1, models = 1;
    while (nn_classifier_kind(models - 1))
        models++;
    result *r = calloc((size_t)models, sizeof *r);
    float *pred = NULL;
    if (!r)
        goto done;
    if (nn_train_test_split(&all, o->test_size, o->seed, &train, &test) < 0 ||
        nn_scale_train_test(o->scaler, &train, &test) < 0) {
        fprintf(stderr, "neurone compare: %s\n", nn_error());
        goto done;
    }
    if (check_split(&all, &train) < 0 || !(pred = malloc((size_t)test.n * sizeof *pred)))
        goto done;
    status = 0;
    for (int i = 0; i < models; i++) {
        run_model(i, o, &train, &test, pred, &r[i]);
        status |= r[i].failed;
    }
    if (o->json)
        status |= save_json(o, notes, &all, &train, &test, r, models) < 0;
    else
        print_table(o, notes, &all, &train, &test, r, models);
done:
    for (int i = 0; r && i < models; i++)
        free(r[i].cm);
    free(r);
    free(pred);
    nn_dataset_free(&all);
    nn_dataset_free(&train);
    nn_dataset_free(&test);
    return status;
}

/* The app's comparison scene: the same load, split, scaling and models as the command, results
 * into out (up to max models, names static); *cancel stops between models. Returns the count of
 * models run, or -1 with msg set. */
int compare_run(const char *data, const char *target, const char *scaler, unsigned seed,
                int epochs, const volatile int *cancel, compare_score *out, int max, char *msg,
                size_t msg_size)
{
    options o = { .data = data, .target = target, .scaler = scaler, .test_size = 0.3f,
                  .epochs = epochs, .seed = seed };
    nn_dataset all = { 0 }, train = { 0 }, test = { 0 };
    char notes[1024];
    msg[0] = '\0';
    if (load(&o, &all, notes, sizeof notes) != 0) {
        snprintf(msg, msg_size, "%s", nn_error());
        return -1;
    }
    int done = -1;
    float *pred = NULL;
    if (nn_train_test_split(&all, o.test_size, o.seed, &train, &test) < 0 ||
        nn_scale_train_test(o.scaler, &train, &test) < 0 || train.n < all.classes ||
        all.classes > COMPARE_MAX_CLASSES || !(pred = malloc((size_t)test.n * sizeof *pred))) {
        snprintf(msg, msg_size, "%s", nn_error());
        goto end;
    }
    done = 0;
    for (int i = 0; i < max && (i == 0 || nn_classifier_kind(i - 1)); i++) {
        if (cancel && *cancel)
            break;
        result r = { 0 };
        run_model(i, &o, &train, &test, pred, &r);
        compare_score *c = &out[i];
        memset(c, 0, sizeof *c);
        snprintf(c->name, sizeof c->name, "%s", r.name);
        c->failed = r.failed;
        c->accuracy = r.m.accuracy;
        c->precision = r.m.precision;
        c->recall = r.m.recall;
        c->f1 = r.m.f1;
        c->seconds = r.seconds;
        c->classes = all.classes;
        for (int k = 0; r.cm && k < all.classes * all.classes; k++)
            c->cm[k] = r.cm[k];
        for (int k = 0; k < test.n; k++)
            c->support[(int)test.y[k]]++;
        free(r.cm);
        done = i + 1;
    }
end:
    free(pred);
    nn_dataset_free(&all);
    nn_dataset_free(&train);
    nn_dataset_free(&test);
    return done;
}

int compare_main(int argc, char **argv)
{
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        fputs(usage, stdout);
        return 0;
    }
    options o = { .scaler = "standard", .test_size = 0.3f, .epochs = MLP_EPOCHS };
    int rc = parse_args(argc, argv, &o) < 0 ? 2 : compare(&o);
    free(o.features);
    return rc;
}
