/* compare.c — `neurone compare`: the course's second exercise on the command line. A CSV (or a
 * built-in table) is split once, its missing cells filled and its columns scaled from its
 * training part, and an MLP and every classic classifier are trained on that same split and
 * scored on the same test rows: one line per model, or a JSON file. The split and the models are
 * study.c's, as in the app. */
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
#include "json_text.h"
#include "nn.h"
#include "study.h"

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

typedef study_model result;

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
    "  --missing WHAT         impute (default: the training rows' mean or most frequent\n"
    "                         value), drop or refuse\n"
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

static int show_progress(long long done, long long total, void *user)
{
    (void)user;
    if (total > 0)
        fprintf(stderr, "\rloading: %3d%%", (int)(100 * done / total));
    return 0;
}

/* Loads o->data into d; report receives what was done to awkward input (zeroed for a built-in
 * table, NULL after it). Missing cells stay NaN with --missing impute, for split_table to fill
 * from the training rows. 1 for a bad argument. */
static int load(const options *o, nn_dataset *d, nn_table_report *report)
{
    memset(report, 0, sizeof *report);
    if (study_is_builtin(o->data)) {
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
        .missing = o->missing == NN_MISSING_IMPUTE ? NN_MISSING_KEEP : o->missing,
        .progress = tty ? show_progress : NULL,
    };
    int rc = nn_load_table(d, o->data, &a, report);
    if (tty)
        fputs("\r              \r", stderr);
    return rc;
}

/* The split, filled and scaled from its training part; notes (size) receives what was done to
 * awkward input, one line each. */
static int split_table(const options *o, const nn_dataset *all, nn_table_report *report,
                       nn_dataset *train, nn_dataset *test, char *notes, size_t size)
{
    int rc = study_split(all, report->columns ? report : NULL, o->test_size, o->seed, o->scaler,
                         train, test, NULL);
    nn_table_report_text(report, notes, size);
    return rc;
}

/* ---- models ------------------------------------------------------------------------------------- */

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
           "sparse_categorical_crossentropy, %d epochs of batch %d\n\n", STUDY_MLP_UNITS_1,
           STUDY_MLP_UNITS_2, train->classes, o->epochs, STUDY_MLP_BATCH);
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

static void to_file(void *f, const char *bytes, size_t n)
{
    fwrite(bytes, 1, n, f);
}

static void json_string(FILE *f, const char *s)
{
    json_quote(s, to_file, f);
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
            "\"batch_size\": %d},\n  \"models\": [\n", STUDY_MLP_UNITS_1, STUDY_MLP_UNITS_2,
            o->epochs, STUDY_MLP_BATCH);
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
    nn_table_report report;
    char notes[4096];
    int loaded = load(o, &all, &report);
    if (loaded == 1)
        return 2;
    if (loaded < 0) {
        fprintf(stderr, "neurone compare: %s\n", nn_error());
        nn_table_report_free(&report);
        return 1;
    }
    int status = 1, models = study_model_count();
    result *r = calloc((size_t)models, sizeof *r);
    if (!r)
        goto done;
    if (split_table(o, &all, &report, &train, &test, notes, sizeof notes) < 0) {
        fprintf(stderr, "neurone compare: %s\n", nn_error());
        goto done;
    }
    if (check_split(&all, &train) < 0)
        goto done;
    status = 0;
    study_settings set = { .seed = o->seed, .epochs = o->epochs };
    for (int i = 0; i < models; i++)
        status |= study_train_model(&r[i], i, &train, &test, &set, NULL, NULL) < 0;
    if (o->json)
        status |= save_json(o, notes, &all, &train, &test, r, models) < 0;
    else
        print_table(o, notes, &all, &train, &test, r, models);
done:
    for (int i = 0; r && i < models; i++)
        study_model_free(&r[i]);
    free(r);
    nn_table_report_free(&report);
    nn_dataset_free(&all);
    nn_dataset_free(&train);
    nn_dataset_free(&test);
    return status;
}

int compare_main(int argc, char **argv)
{
    if (cli_print_help(argc, argv, usage))
        return 0;
    options o = { .scaler = "standard", .test_size = 0.3f, .epochs = STUDY_MLP_EPOCHS };
    int rc = parse_args(argc, argv, &o) < 0 ? 2 : compare(&o);
    free(o.features);
    return rc;
}
