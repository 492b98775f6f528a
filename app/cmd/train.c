/* train.c — `neurone train`, the headless trainer: it walks the course's real example
 * (Fashion-MNIST, Input((28,28)) → Flatten → Dense(128, relu) → Dense(10) with from_logits) or
 * trains on another dataset, printing Keras's progress. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "nn.h"

typedef struct options {
    const char *dataset, *csv, *target, *save;
    const char *engine;         /* "cpu" or "vulkan" */
    int epochs, batch_size, verbose;
    unsigned seed;
    float validation_split;
} options;

static const char *usage =
    "usage: neurone train [options]\n"
    "  --dataset NAME         fashion_mnist (default), mnist, iris, wine, breast_cancer, digits,\n"
    "                         circle, xor, gauss, spiral\n"
    "  --csv FILE             train on a CSV file instead (header row, numeric features)\n"
    "  --target COLUMN        the CSV's target column (default: the last one)\n"
    "  --epochs N             default 10 (images) or 50 (tables)\n"
    "  --batch-size N         default 32\n"
    "  --validation-split F   default 0 (images) or 0.2\n"
    "  --seed S               default 0\n"
    "  --save FILE            save the trained model (atomic)\n"
    "  --engine NAME          cpu (default) or vulkan; when the Vulkan engine fails (no loader, no\n"
    "                         device, out of memory, device lost) the CPU engine takes over\n"
    "  --quiet                no progress bar\n";

/* ---- arguments ---------------------------------------------------------------------------------- */

static int parse_int(const char *flag, const char *s, int lo, int *out)
{
    char *end;
    errno = 0;
    long v = s ? strtol(s, &end, 10) : 0;
    if (!s || *end || errno || v < lo || v > INT_MAX) {
        fprintf(stderr, "neurone: %s: expected an integer >= %d, got \"%s\"\n", flag, lo, s ? s : "");
        return -1;
    }
    *out = (int)v;
    return 0;
}

static int parse_fraction(const char *flag, const char *s, float *out)
{
    char *end;
    float v = s ? strtof(s, &end) : -1.0f;
    if (!s || *end || !(v >= 0.0f && v < 1.0f)) {
        fprintf(stderr, "neurone: %s: expected a number in [0, 1), got \"%s\"\n", flag, s ? s : "");
        return -1;
    }
    *out = v;
    return 0;
}

static int parse_args(int argc, char **argv, options *o)
{
    *o = (options){ .dataset = "fashion_mnist", .engine = "cpu", .verbose = 1, .validation_split = -1.0f };
    for (int i = 1; i < argc; i++) {
        const char *f = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        int seed = 0, rc = 0;
        if (strcmp(f, "--quiet") == 0) {
            o->verbose = 0;
            continue;
        }
        if (!v) {
            fprintf(stderr, "neurone: %s needs a value\n%s", f, usage);
            return -1;
        }
        if (strcmp(f, "--dataset") == 0)
            o->dataset = v;
        else if (strcmp(f, "--csv") == 0)
            o->csv = v;
        else if (strcmp(f, "--target") == 0)
            o->target = v;
        else if (strcmp(f, "--save") == 0)
            o->save = v;
        else if (strcmp(f, "--engine") == 0) {
            o->engine = v;
            if (strcmp(v, "cpu") != 0 && strcmp(v, "vulkan") != 0) {
                fprintf(stderr, "neurone: --engine: expected cpu or vulkan, got \"%s\"\n", v);
                return -1;
            }
        } else if (strcmp(f, "--epochs") == 0)
            rc = parse_int(f, v, 1, &o->epochs);
        else if (strcmp(f, "--batch-size") == 0)
            rc = parse_int(f, v, 1, &o->batch_size);
        else if (strcmp(f, "--seed") == 0) {
            rc = parse_int(f, v, 0, &seed);
            o->seed = (unsigned)seed;
        } else if (strcmp(f, "--validation-split") == 0)
            rc = parse_fraction(f, v, &o->validation_split);
        else {
            fprintf(stderr, "neurone: unknown option \"%s\"\n%s", f, usage);
            return -1;
        }
        if (rc < 0)
            return -1;
        i++;
    }
    return 0;
}

/* ---- data ---------------------------------------------------------------------------------------- */

static int is_image_set(const char *name)
{
    return strcmp(name, "fashion_mnist") == 0 || strcmp(name, "mnist") == 0;
}

static int is_playground(const char *name)
{
    return strcmp(name, "circle") == 0 || strcmp(name, "xor") == 0 || strcmp(name, "gauss") == 0 ||
           strcmp(name, "spiral") == 0;
}

/* Fills train and test; pixels scaled to 0..1, tables standardised on the training part. */
static int load_data(const options *o, nn_dataset *train, nn_dataset *test)
{
    if (o->csv || !is_image_set(o->dataset)) {
        nn_dataset all = { 0 };
        int rc;
        if (o->csv)
            rc = nn_load_csv(&all, o->csv, &(nn_csv_args){ .target = o->target });
        else if (is_playground(o->dataset))
            rc = nn_playground(&all, o->dataset, 500, 0.1f, o->seed);
        else
            rc = nn_load_builtin(&all, o->dataset);
        if (rc == 0 && all.classes < 2) {
            nn_dataset_free(&all);
            fprintf(stderr, "neurone: the target needs at least two classes to train a classifier\n");
            return -1;
        }
        if (rc == 0)
            rc = nn_train_test_split(&all, 0.3f, o->seed, train, test);
        nn_dataset_free(&all);
        return rc < 0 ? -1 : nn_scale_train_test("standard", train, test);
    }
    int fashion = strcmp(o->dataset, "fashion_mnist") == 0;
    if ((fashion ? nn_load_fashion_mnist(train, "train") : nn_load_mnist(train, "train")) < 0)
        return -1;
    if ((fashion ? nn_load_fashion_mnist(test, "test") : nn_load_mnist(test, "test")) < 0)
        return -1;
    /* the course's step: scale the pixels to 0..1 */
    nn_dataset_scale(train, 1.0f / 255.0f);
    nn_dataset_scale(test, 1.0f / 255.0f);
    return 0;
}

/* ---- model --------------------------------------------------------------------------------------- */

static nn_model *build_model(const options *o, const nn_dataset *d)
{
    nn_model *m = nn_sequential();
    if (!m)
        return NULL;
    int rc = nn_set_seed(m, o->seed);
    if (d->ndim == 2) {
        /* the course's notebook, layer for layer */
        rc |= nn_add_input(m, 2, d->shape);
        rc |= nn_add_flatten(m);
        rc |= nn_add_dense(m, 128, "relu", 0);
        rc |= nn_add_dense(m, d->classes, NULL, 0);
        rc |= nn_compile(m, "adam", "sparse_categorical_crossentropy", "accuracy");
        rc |= nn_set_loss_param(m, "from_logits", 1);
    } else if (is_playground(o->dataset) && !o->csv) {
        rc |= nn_add_dense(m, 8, "tanh", d->dim);
        rc |= nn_add_dense(m, 8, "tanh", 0);
        rc |= nn_add_dense(m, d->classes, "softmax", 0);
        rc |= nn_compile(m, "adam", "sparse_categorical_crossentropy", "accuracy");
        rc |= nn_set_optimizer_param(m, "learning_rate", 0.03);
    } else {
        rc |= nn_add_dense(m, 64, "relu", d->dim);
        rc |= nn_add_dense(m, 32, "relu", 0);
        rc |= nn_add_dense(m, d->classes, "softmax", 0);
        rc |= nn_compile(m, "adam", "sparse_categorical_crossentropy", "accuracy");
    }
    if (rc) {
        fprintf(stderr, "neurone: building the model: %s\n", nn_error());
        nn_free(m);
        return NULL;
    }
    return m;
}

static int train(const options *o)
{
    nn_dataset train = { 0 }, test = { 0 };
    if (load_data(o, &train, &test) < 0) {
        fprintf(stderr, "neurone: %s\n", nn_error());
        nn_dataset_free(&train);
        nn_dataset_free(&test);
        return 1;
    }
    int images = train.ndim == 2;
    printf("%s: %d training and %d test samples of %d features, %d classes\n",
           o->csv ? o->csv : o->dataset, train.n, test.n, train.dim, train.classes);
    nn_model *m = build_model(o, &train);
    int status = 1;
    if (!m)
        goto done;
    nn_summary(m, stdout);
    /* an engine that cannot start is no reason to stop: the CPU engine trains the same model */
    if (strcmp(o->engine, "cpu") != 0 && nn_use_backend(m, o->engine) < 0)
        fprintf(stderr, "neurone: the %s engine could not start, so the CPU engine took over: %s\n",
                o->engine, nn_error());
    nn_fit_args a = {
        .epochs = o->epochs ? o->epochs : images ? 10 : 50,
        .batch_size = o->batch_size,
        .validation_split = o->validation_split >= 0 ? o->validation_split : images ? 0.0f : 0.2f,
        .seed = o->seed,
        .verbose = o->verbose,
    };
    int fit_rc = nn_fit(m, train.x, train.y, train.n, &a, NULL);
    if (nn_engine_note(m))
        fprintf(stderr, "neurone: %s\n", nn_engine_note(m));
    if (fit_rc < 0) {
        fprintf(stderr, "neurone: %s\n", nn_error());
        goto done;
    }
    float loss, acc;
    if (nn_evaluate(m, test.x, test.y, test.n, &loss, &acc) < 0) {
        fprintf(stderr, "neurone: %s\n", nn_error());
        goto done;
    }
    printf("\nTest accuracy: %.4f - test loss: %.4f\n", acc, loss);
    if (o->save && nn_save(m, o->save) < 0) {
        fprintf(stderr, "neurone: %s\n", nn_error());
        goto done;
    }
    if (o->save)
        printf("Saved to %s\n", o->save);
    status = 0;
done:
    nn_free(m);
    nn_dataset_free(&train);
    nn_dataset_free(&test);
    return status;
}

int train_main(int argc, char **argv)
{
    if (cli_print_help(argc, argv, usage))
        return 0;
    options o;
    if (parse_args(argc, argv, &o) < 0)
        return 2;
    return train(&o);
}
