/* test_keras.c — Keras parity: trains Neurone on the golden runs in tests/keras/fixtures.txt and
 * compares every recorded number.
 *
 * The fixtures were made by tests/keras/gen.js with TensorFlow.js's layers API, from fixed weights
 * and data that the fixture carries; tests/keras/README.md describes the format and the cases.
 * Each case is rebuilt with nn.h, fitted with shuffle off, then evaluated and asked to predict.
 *
 * A value passes when |got - want| <= 1e-3 * max(|want|, 1e-3): one part in a thousand, with an
 * absolute floor of 1e-6 for values near zero. Float32 engines that sum in different orders agree
 * to about 1e-6 after a few epochs; an optimizer or loss that is wrong by a constant factor, a
 * default that differs, or a batch counted with the wrong weight shows far above that.
 *
 * Usage: test_keras FIXTURES. The test fails when the file is missing, when any case does not
 * parse, and when the number of cases is not KERAS_CASES, so that it never passes on nothing.
 */
#include "nn.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The number of cases that gen.js writes; change both together. */
#define KERAS_CASES 16

#define REL_TOL 1e-3
#define ABS_FLOOR 1e-3 /* scale below which the tolerance stops shrinking: 1e-3 * 1e-3 */

#define MAX_LAYERS 8
#define MAX_PARAMS 8
#define NAME_LEN 64

/* ---- one golden run ---------------------------------------------------------------------------- */

typedef struct kparam { char name[NAME_LEN]; double value; } kparam;

typedef struct klayer {
    int inputs, units;
    char activation[NAME_LEN];
    float *kernel; /* (inputs, units) */
    float *bias;   /* (units) */
} klayer;

typedef struct kseries { int count; float *v; } kseries; /* count 0: absent */

typedef struct kcase {
    char name[NAME_LEN];
    int input_dim;
    int n_layers;
    klayer layer[MAX_LAYERS];
    char optimizer[NAME_LEN], loss[NAME_LEN], metric[NAME_LEN]; /* metric "none": no metric */
    int n_opt_params, n_loss_params;
    kparam opt_param[MAX_PARAMS], loss_param[MAX_PARAMS];
    int epochs, batch; /* 0: the Keras default */
    float split;
    int n, d, k;       /* samples, input width, target width */
    float *x;          /* (n, d) */
    float *y;          /* (n, k) */
    kseries loss_h, metric_h, val_loss_h, val_metric_h;
    float eval_loss, eval_metric;
    int has_eval_metric;
    int pred_rows, pred_cols;
    float *pred;       /* (pred_rows, pred_cols) */
} kcase;

static void kcase_free(kcase *c)
{
    for (int i = 0; i < c->n_layers; i++) {
        free(c->layer[i].kernel);
        free(c->layer[i].bias);
    }
    free(c->x);
    free(c->y);
    free(c->loss_h.v);
    free(c->metric_h.v);
    free(c->val_loss_h.v);
    free(c->val_metric_h.v);
    free(c->pred);
    memset(c, 0, sizeof *c);
}

/* ---- reading the fixture: whitespace-separated tokens, '#' comments ---------------------------- */

typedef struct reader {
    const char *p;   /* next unread character */
    int line;        /* of p, for messages */
    char tok[128];   /* the last token read */
    char err[256];   /* the first error, empty when none */
} reader;

static int fail_parse(reader *r, const char *what)
{
    if (!r->err[0])
        snprintf(r->err, sizeof r->err, "line %d: %s", r->line, what);
    return -1;
}

/* Reads the next token into r->tok; -1 at the end of the text. */
static int next_token(reader *r)
{
    for (;;) {
        while (*r->p && isspace((unsigned char)*r->p)) {
            if (*r->p == '\n')
                r->line++;
            r->p++;
        }
        if (*r->p != '#')
            break;
        while (*r->p && *r->p != '\n')
            r->p++;
    }
    if (!*r->p)
        return fail_parse(r, "unexpected end of file");
    size_t len = 0;
    while (*r->p && !isspace((unsigned char)*r->p)) {
        if (len + 1 >= sizeof r->tok)
            return fail_parse(r, "token too long");
        r->tok[len++] = *r->p++;
    }
    r->tok[len] = '\0';
    return 0;
}

static int expect_word(reader *r, const char *word)
{
    if (next_token(r) < 0)
        return -1;
    if (strcmp(r->tok, word) != 0) {
        char msg[200];
        snprintf(msg, sizeof msg, "expected \"%s\", got \"%s\"", word, r->tok);
        return fail_parse(r, msg);
    }
    return 0;
}

static int read_name(reader *r, char *out)
{
    if (next_token(r) < 0)
        return -1;
    if (strlen(r->tok) >= NAME_LEN)
        return fail_parse(r, "name too long");
    strcpy(out, r->tok);
    return 0;
}

/* A count or size: a whole number in [lo, hi]. */
static int read_int(reader *r, int lo, int hi, int *out)
{
    if (next_token(r) < 0)
        return -1;
    char *end;
    errno = 0;
    long v = strtol(r->tok, &end, 10);
    if (*end || errno || v < lo || v > hi) {
        char msg[200];
        snprintf(msg, sizeof msg, "expected a whole number in [%d, %d], got \"%s\"", lo, hi, r->tok);
        return fail_parse(r, msg);
    }
    *out = (int)v;
    return 0;
}

static int read_double(reader *r, double *out)
{
    if (next_token(r) < 0)
        return -1;
    char *end;
    errno = 0;
    double v = strtod(r->tok, &end);
    if (*end || errno || !isfinite(v)) {
        char msg[200];
        snprintf(msg, sizeof msg, "expected a finite number, got \"%s\"", r->tok);
        return fail_parse(r, msg);
    }
    *out = v;
    return 0;
}

/* Allocates and reads count floats. */
static int read_floats(reader *r, int count, float **out)
{
    float *v = malloc((size_t)count * sizeof *v);
    if (!v)
        return fail_parse(r, "out of memory");
    for (int i = 0; i < count; i++) {
        double d;
        if (read_double(r, &d) < 0) {
            free(v);
            return -1;
        }
        v[i] = (float)d;
    }
    *out = v;
    return 0;
}

/* "history loss E v1 .. vE" */
static int read_history(reader *r, kcase *c)
{
    char which[NAME_LEN];
    if (read_name(r, which) < 0)
        return -1;
    kseries *s = strcmp(which, "loss") == 0         ? &c->loss_h
               : strcmp(which, "metric") == 0       ? &c->metric_h
               : strcmp(which, "val_loss") == 0     ? &c->val_loss_h
               : strcmp(which, "val_metric") == 0   ? &c->val_metric_h
               : NULL;
    if (!s)
        return fail_parse(r, "unknown history series");
    if (s->count)
        return fail_parse(r, "history series given twice");
    if (read_int(r, 1, 1000, &s->count) < 0)
        return -1;
    return read_floats(r, s->count, &s->v);
}

static int read_params(reader *r, kparam *p, int *n)
{
    if (*n >= MAX_PARAMS)
        return fail_parse(r, "too many parameters");
    if (read_name(r, p[*n].name) < 0 || read_double(r, &p[*n].value) < 0)
        return -1;
    (*n)++;
    return 0;
}

/* "dense U ACT" "kernel IN U" numbers "bias U" numbers */
static int read_dense(reader *r, kcase *c)
{
    if (c->n_layers >= MAX_LAYERS)
        return fail_parse(r, "too many layers");
    klayer *l = &c->layer[c->n_layers];
    int inputs = c->n_layers ? c->layer[c->n_layers - 1].units : c->input_dim;
    int kin, kout, bout;
    if (inputs <= 0)
        return fail_parse(r, "dense before input");
    if (read_int(r, 1, 4096, &l->units) < 0 || read_name(r, l->activation) < 0)
        return -1;
    l->inputs = inputs;
    c->n_layers++; /* from here on kcase_free releases what this layer holds */
    if (expect_word(r, "kernel") < 0 || read_int(r, 1, 4096, &kin) < 0 ||
        read_int(r, 1, 4096, &kout) < 0)
        return -1;
    if (kin != l->inputs || kout != l->units)
        return fail_parse(r, "kernel shape does not match the layer");
    if (read_floats(r, kin * kout, &l->kernel) < 0)
        return -1;
    if (expect_word(r, "bias") < 0 || read_int(r, 1, 4096, &bout) < 0)
        return -1;
    if (bout != l->units)
        return fail_parse(r, "bias length does not match the layer");
    return read_floats(r, bout, &l->bias);
}

/* Checks that what a case declared holds together, so that run_case can trust it. */
static int check_case(reader *r, const kcase *c)
{
    if (!c->name[0] || c->n_layers == 0)
        return fail_parse(r, "case without layers");
    if (!c->optimizer[0])
        return fail_parse(r, "case without compile");
    if (!c->x || !c->y || c->d != c->input_dim)
        return fail_parse(r, "case without x and y, or x of the wrong width");
    if (c->loss_h.count == 0 || !c->pred)
        return fail_parse(r, "case without history loss or predict");
    int epochs = c->epochs ? c->epochs : 1;
    int has_metric = strcmp(c->metric, "none") != 0;
    int has_val = c->split > 0;
    if (c->loss_h.count != epochs || (has_metric && c->metric_h.count != epochs) ||
        (!has_metric && c->metric_h.count) || (has_val && c->val_loss_h.count != epochs) ||
        (!has_val && c->val_loss_h.count) ||
        (has_val && has_metric && c->val_metric_h.count != epochs) ||
        (!(has_val && has_metric) && c->val_metric_h.count))
        return fail_parse(r, "history series do not match epochs, metric and split");
    if (has_metric != c->has_eval_metric)
        return fail_parse(r, "evaluate metric does not match compile");
    if (c->pred_cols != c->layer[c->n_layers - 1].units || c->pred_rows > c->n)
        return fail_parse(r, "predict shape does not match the model");
    return 0;
}

/* Reads one case, from just after "case" to "end". On failure the case is freed. */
static int read_case(reader *r, kcase *c)
{
    memset(c, 0, sizeof *c);
    if (read_name(r, c->name) < 0)
        goto fail;
    for (;;) {
        if (next_token(r) < 0)
            goto fail;
        char key[sizeof r->tok];
        strcpy(key, r->tok);
        int rc = 0;
        if (strcmp(key, "end") == 0) {
            if (check_case(r, c) < 0)
                goto fail;
            return 0;
        } else if (strcmp(key, "input") == 0) {
            rc = read_int(r, 1, 4096, &c->input_dim);
        } else if (strcmp(key, "dense") == 0) {
            rc = read_dense(r, c);
        } else if (strcmp(key, "compile") == 0) {
            rc = read_name(r, c->optimizer) < 0 || read_name(r, c->loss) < 0 ||
                 read_name(r, c->metric) < 0 ? -1 : 0;
        } else if (strcmp(key, "optimizer_param") == 0) {
            rc = read_params(r, c->opt_param, &c->n_opt_params);
        } else if (strcmp(key, "loss_param") == 0) {
            rc = read_params(r, c->loss_param, &c->n_loss_params);
        } else if (strcmp(key, "fit") == 0) {
            double split = 0;
            rc = expect_word(r, "epochs") < 0 || read_int(r, 0, 1000, &c->epochs) < 0 ||
                 expect_word(r, "batch") < 0 || read_int(r, 0, 100000, &c->batch) < 0 ||
                 expect_word(r, "split") < 0 || read_double(r, &split) < 0 ? -1 : 0;
            if (rc == 0 && !(split >= 0 && split < 1))
                rc = fail_parse(r, "split outside [0, 1)");
            c->split = (float)split;
        } else if (strcmp(key, "x") == 0) {
            if (c->x)
                rc = fail_parse(r, "x given twice");
            else
                rc = read_int(r, 1, 1000000, &c->n) < 0 || read_int(r, 1, 4096, &c->d) < 0 ||
                     read_floats(r, c->n * c->d, &c->x) < 0 ? -1 : 0;
        } else if (strcmp(key, "y") == 0) {
            int n;
            if (c->y || !c->x)
                rc = fail_parse(r, "y given twice or before x");
            else if (read_int(r, 1, 1000000, &n) < 0 || read_int(r, 1, 4096, &c->k) < 0)
                rc = -1;
            else if (n != c->n)
                rc = fail_parse(r, "y has not as many rows as x");
            else
                rc = read_floats(r, c->n * c->k, &c->y);
        } else if (strcmp(key, "history") == 0) {
            rc = read_history(r, c);
        } else if (strcmp(key, "evaluate") == 0) {
            double v;
            rc = read_double(r, &v);
            c->eval_loss = (float)v;
            if (rc == 0 && next_token(r) == 0 && strcmp(r->tok, "none") != 0) {
                char *end;
                c->eval_metric = strtof(r->tok, &end);
                c->has_eval_metric = 1;
                if (*end)
                    rc = fail_parse(r, "evaluate metric is not a number");
            }
        } else if (strcmp(key, "predict") == 0) {
            if (c->pred)
                rc = fail_parse(r, "predict given twice");
            else
                rc = read_int(r, 1, 1000000, &c->pred_rows) < 0 ||
                     read_int(r, 1, 4096, &c->pred_cols) < 0 ||
                     read_floats(r, c->pred_rows * c->pred_cols, &c->pred) < 0 ? -1 : 0;
        } else {
            char msg[200];
            snprintf(msg, sizeof msg, "unknown keyword \"%s\"", key);
            rc = fail_parse(r, msg);
        }
        if (rc < 0 || r->err[0])
            goto fail;
    }
fail:
    kcase_free(c);
    return -1;
}

/* Parses a whole fixture text. On success *cases holds *count cases (free each, then the array);
 * on failure returns -1 with the reason in r->err and nothing allocated. */
static int read_fixtures(const char *text, kcase **cases, int *count, char *err, size_t err_len)
{
    reader r = { .p = text, .line = 1 };
    kcase *all = NULL;
    int declared = 0, n = 0, failed_case = 0;
    if (expect_word(&r, "neurone-keras-fixtures") < 0 || expect_word(&r, "1") < 0 ||
        expect_word(&r, "cases") < 0 || read_int(&r, 1, 10000, &declared) < 0)
        goto fail;
    all = calloc((size_t)declared, sizeof *all);
    if (!all) {
        fail_parse(&r, "out of memory");
        goto fail;
    }
    for (; n < declared; n++) {
        if (expect_word(&r, "case") < 0 || read_case(&r, &all[n]) < 0) {
            failed_case = n + 1;
            goto fail;
        }
    }
    /* Nothing may follow the declared cases: a case appended without updating the count would
     * otherwise go unchecked. */
    if (next_token(&r) == 0) {
        fail_parse(&r, "more cases than the header declares");
        goto fail;
    }
    *cases = all;
    *count = n;
    return 0;
fail:
    for (int i = 0; i < n; i++)
        kcase_free(&all[i]);
    free(all);
    if (failed_case)
        snprintf(err, err_len, "case %d of %d: %s", failed_case, declared, r.err);
    else
        snprintf(err, err_len, "%s", r.err[0] ? r.err : "unknown parse error");
    return -1;
}

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len + 4096 + 1 > cap) {
            cap = cap ? cap * 2 : 65536;
            char *grown = realloc(buf, cap);
            if (!grown) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = grown;
        }
        size_t got = fread(buf + len, 1, 4096, f);
        len += got;
        if (got < 4096)
            break;
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        return NULL;
    }
    buf[len] = '\0';
    return buf;
}

/* ---- comparing --------------------------------------------------------------------------------- */

/* Collects the mismatches of one case: the first is reported in full, the rest are counted. */
typedef struct compare {
    int mismatches;
    char first[256];
    double worst; /* largest |got - want| / max(|want|, ABS_FLOOR) seen, for the ok line */
} compare;

static void check_value(compare *cmp, const char *what, int index, float got, float want)
{
    double scale = fmax(fabs((double)want), ABS_FLOOR);
    double rel = fabs((double)got - (double)want) / scale;
    if (rel <= REL_TOL) {
        if (rel > cmp->worst)
            cmp->worst = rel;
        return;
    }
    /* NaN lands here too, since every comparison with it is false. */
    if (cmp->mismatches++ == 0)
        snprintf(cmp->first, sizeof cmp->first, "%s [%d]: expected %.9g, got %.9g", what, index,
                 (double)want, (double)got);
}

static void check_series(compare *cmp, const char *what, const float *got, const kseries *want)
{
    for (int e = 0; e < want->count; e++) {
        char label[64];
        snprintf(label, sizeof label, "epoch %d %s", e + 1, what);
        check_value(cmp, label, e, got[e], want->v[e]);
    }
}

/* ---- running one case -------------------------------------------------------------------------- */

/* Builds, compiles and loads the case's weights; NULL with a message in why on failure. */
static nn_model *build_model(const kcase *c, char *why, size_t why_len)
{
    nn_model *m = nn_sequential();
    if (!m) {
        snprintf(why, why_len, "nn_sequential: %s", nn_error());
        return NULL;
    }
    for (int i = 0; i < c->n_layers; i++) {
        if (nn_add_dense(m, c->layer[i].units, c->layer[i].activation, i == 0 ? c->input_dim : 0) < 0) {
            snprintf(why, why_len, "nn_add_dense %d %s: %s", c->layer[i].units, c->layer[i].activation,
                     nn_error());
            goto fail;
        }
    }
    const char *metric = strcmp(c->metric, "none") == 0 ? NULL : c->metric;
    if (nn_compile(m, c->optimizer, c->loss, metric) < 0) {
        snprintf(why, why_len, "nn_compile: %s", nn_error());
        goto fail;
    }
    for (int i = 0; i < c->n_opt_params; i++) {
        if (nn_set_optimizer_param(m, c->opt_param[i].name, c->opt_param[i].value) < 0) {
            snprintf(why, why_len, "nn_set_optimizer_param %s: %s", c->opt_param[i].name, nn_error());
            goto fail;
        }
    }
    for (int i = 0; i < c->n_loss_params; i++) {
        if (nn_set_loss_param(m, c->loss_param[i].name, c->loss_param[i].value) < 0) {
            snprintf(why, why_len, "nn_set_loss_param %s: %s", c->loss_param[i].name, nn_error());
            goto fail;
        }
    }
    for (int i = 0; i < c->n_layers; i++) {
        if (nn_set_weights(m, i, c->layer[i].kernel, c->layer[i].bias) < 0) {
            snprintf(why, why_len, "nn_set_weights %d: %s", i, nn_error());
            goto fail;
        }
    }
    return m;
fail:
    nn_free(m);
    return NULL;
}

/* Trains, evaluates and predicts one case; prints its line; returns 1 on failure. */
static int run_case(const kcase *c)
{
    char why[512] = "";
    compare cmp = { 0 };
    nn_history h = { 0 };
    float *pred = NULL;
    int ran_fit = 0;
    nn_model *m = build_model(c, why, sizeof why);
    if (!m)
        goto done;

    nn_fit_args args = { .epochs = c->epochs, .batch_size = c->batch, .no_shuffle = 1,
                         .validation_split = c->split };
    if (nn_fit(m, c->x, c->y, c->n, &args, &h) < 0) {
        snprintf(why, sizeof why, "nn_fit: %s", nn_error());
        goto done;
    }
    ran_fit = 1;
    if (h.epochs != c->loss_h.count) {
        snprintf(why, sizeof why, "history has %d epochs, expected %d", h.epochs, c->loss_h.count);
        goto done;
    }
    if (!h.loss || !h.metric != !c->metric_h.count || !h.val_loss != !c->val_loss_h.count ||
        !h.val_metric != !c->val_metric_h.count) {
        snprintf(why, sizeof why,
                 "history series present (loss metric val_loss val_metric): expected %d %d %d %d, "
                 "got %d %d %d %d", 1, !!c->metric_h.count, !!c->val_loss_h.count,
                 !!c->val_metric_h.count, !!h.loss, !!h.metric, !!h.val_loss, !!h.val_metric);
        goto done;
    }
    check_series(&cmp, "loss", h.loss, &c->loss_h);
    if (h.metric)
        check_series(&cmp, "metric", h.metric, &c->metric_h);
    if (h.val_loss)
        check_series(&cmp, "val_loss", h.val_loss, &c->val_loss_h);
    if (h.val_metric)
        check_series(&cmp, "val_metric", h.val_metric, &c->val_metric_h);

    float loss = NAN, metric = NAN;
    if (nn_evaluate(m, c->x, c->y, c->n, &loss, c->has_eval_metric ? &metric : NULL) < 0) {
        snprintf(why, sizeof why, "nn_evaluate: %s", nn_error());
        goto done;
    }
    check_value(&cmp, "evaluate loss", 0, loss, c->eval_loss);
    if (c->has_eval_metric)
        check_value(&cmp, "evaluate metric", 0, metric, c->eval_metric);

    pred = malloc((size_t)c->pred_rows * (size_t)c->pred_cols * sizeof *pred);
    if (!pred) {
        snprintf(why, sizeof why, "out of memory");
        goto done;
    }
    if (nn_predict(m, c->x, c->pred_rows, pred) < 0) {
        snprintf(why, sizeof why, "nn_predict: %s", nn_error());
        goto done;
    }
    for (int i = 0; i < c->pred_rows * c->pred_cols; i++) {
        char label[64];
        snprintf(label, sizeof label, "predict row %d col %d", i / c->pred_cols, i % c->pred_cols);
        check_value(&cmp, label, i, pred[i], c->pred[i]);
    }

done:
    free(pred);
    if (ran_fit)
        nn_history_free(&h);
    nn_free(m);
    if (why[0]) {
        printf("FAIL %s: %s\n", c->name, why);
        return 1;
    }
    if (cmp.mismatches) {
        printf("FAIL %s: %d value(s) off by more than %g relative; first: %s\n", c->name,
               cmp.mismatches, REL_TOL, cmp.first);
        return 1;
    }
    printf("ok   %s (largest relative difference %.2g)\n", c->name, cmp.worst);
    return 0;
}

/* ---- the parser's own guards ------------------------------------------------------------------- */

/* A fixture that parses when it should not would let the parity test pass on nothing; each of
 * these broken texts must be refused. */
static int test_malformed_fixtures_are_refused(void)
{
    static const char good_case[] =
        "case tiny\ninput 2\ndense 1 linear\nkernel 2 1\n0.5 -0.5\nbias 1\n0\n"
        "compile sgd mse none\nfit epochs 1 batch 2 split 0\nx 2 2\n1 2 3 4\ny 2 1\n1 0\n"
        "history loss 1 0.5\nevaluate 0.4 none\npredict 1 1\n-0.5\nend\n";
    /* A header, then how many copies of the good case follow it. */
    static const struct { const char *head; int copies; } broken[] = {
        { "", 0 },                                            /* empty file */
        { "neurone-keras-fixtures 2\ncases 1\n", 1 },          /* unknown version */
        { "neurone-keras-fixtures 1\ncases 2\n", 1 },          /* fewer cases than declared */
        { "neurone-keras-fixtures 1\ncases 1\n", 2 },          /* more cases than declared */
        { "neurone-keras-fixtures 1\ncases 1\ncase tiny\ninput 2\nend\n", 0 }, /* an empty case */
    };
    int failures = 0;
    char text[2048], err[512];
    kcase *cases = NULL;
    int count = 0;

    snprintf(text, sizeof text, "neurone-keras-fixtures 1\ncases 1\n%s", good_case);
    if (read_fixtures(text, &cases, &count, err, sizeof err) < 0 || count != 1) {
        printf("FAIL parser: a well-formed one-case fixture: expected 1 case, got error \"%s\"\n", err);
        failures++;
    } else {
        kcase_free(&cases[0]);
        free(cases);
    }
    for (size_t i = 0; i < sizeof broken / sizeof broken[0]; i++) {
        snprintf(text, sizeof text, "%s%s%s", broken[i].head, broken[i].copies > 0 ? good_case : "",
                 broken[i].copies > 1 ? good_case : "");
        cases = NULL;
        if (read_fixtures(text, &cases, &count, err, sizeof err) == 0) {
            printf("FAIL parser: broken fixture %zu: expected an error, got %d case(s)\n", i, count);
            for (int j = 0; j < count; j++)
                kcase_free(&cases[j]);
            free(cases);
            failures++;
        }
    }
    /* Every way of damaging one line of the good case must be caught too: a number dropped
     * (the counts no longer add up) or a keyword misspelt. */
    const char *damaged[][2] = {
        { "0.5 -0.5\n", "0.5\n" }, { "history loss 1", "history loss 2" },
        { "predict 1 1", "predict 1 2" }, { "compile", "compiel" }, { "end\n", "" },
    };
    for (size_t i = 0; i < sizeof damaged / sizeof damaged[0]; i++) {
        char body[1024];
        const char *at = strstr(good_case, damaged[i][0]);
        if (!at) {
            printf("FAIL parser: damage %zu does not apply to the sample case\n", i);
            failures++;
            continue;
        }
        snprintf(body, sizeof body, "%.*s%s%s", (int)(at - good_case), good_case, damaged[i][1],
                 at + strlen(damaged[i][0]));
        snprintf(text, sizeof text, "neurone-keras-fixtures 1\ncases 1\n%s", body);
        cases = NULL;
        if (read_fixtures(text, &cases, &count, err, sizeof err) == 0) {
            printf("FAIL parser: damaged case %zu (\"%s\" -> \"%s\"): expected an error, got %d case(s)\n",
                   i, damaged[i][0], damaged[i][1], count);
            for (int j = 0; j < count; j++)
                kcase_free(&cases[j]);
            free(cases);
            failures++;
        }
    }
    if (!failures)
        printf("ok   parser refuses %zu broken fixtures\n",
               sizeof broken / sizeof broken[0] + sizeof damaged / sizeof damaged[0]);
    return failures;
}

/* ---- where validation_split cuts ---------------------------------------------------------------- */

static int record_seen(const nn_progress *p, void *user)
{
    int *seen = user;
    if (p->seen > *seen)
        *seen = p->seen;
    return 0;
}

/* Keras cuts at floor(n * (1 - validation_split)) in double precision, with the split as the
 * user wrote it (0.2 is the double nearest 0.2). nn_fit_args carries a float, and 0.2f is a
 * little above 0.2: computed from it, 50 * (1 - 0.2f) = 39.99999985 and the cut lands one sample
 * early. This names that cause directly, where the golden runs would only show a different loss. */
static int test_validation_split_counts(void)
{
    static const struct { int n; float split; int train; } cuts[] = {
        /* train = math.floor(n * (1 - split)) in Python */
        { 50, 0.2f, 40 }, { 10, 0.1f, 9 }, { 100, 0.3f, 70 }, { 60000, 0.2f, 48000 },
        { 47, 0.3f, 32 }, { 80, 0.25f, 60 }, { 1000, 0.15f, 850 },
    };
    int failures = 0;
    for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
        int n = cuts[i].n, seen = 0;
        float *xy = calloc((size_t)n * 2, sizeof *xy); /* x then y, all zero: only counts matter */
        nn_model *m = nn_sequential();
        if (!xy || !m || nn_add_dense(m, 1, "linear", 1) < 0 || nn_compile(m, "sgd", "mse", NULL) < 0) {
            printf("FAIL validation_split: building the model: %s\n", nn_error());
            failures++;
        } else {
            nn_fit_args args = { .batch_size = 1000, .no_shuffle = 1,
                                 .validation_split = cuts[i].split, .on_batch_end = record_seen,
                                 .user = &seen };
            if (nn_fit(m, xy, xy + n, n, &args, NULL) < 0) {
                printf("FAIL validation_split %g of %d: nn_fit: %s\n", (double)cuts[i].split, n, nn_error());
                failures++;
            } else if (seen != cuts[i].train) {
                printf("FAIL validation_split %g of %d samples: expected %d training samples "
                       "(Keras: floor(%d * (1 - %g))), got %d\n", (double)cuts[i].split, n,
                       cuts[i].train, n, (double)cuts[i].split, seen);
                failures++;
            }
        }
        nn_free(m);
        free(xy);
    }
    if (!failures)
        printf("ok   validation_split cuts where Keras does (%zu splits)\n", sizeof cuts / sizeof cuts[0]);
    return failures;
}

/* ---- the golden runs --------------------------------------------------------------------------- */

static int test_keras_fixtures(const char *path)
{
    char *text = read_file(path);
    if (!text) {
        printf("FAIL fixtures: cannot read \"%s\": %s\n", path, strerror(errno));
        return 1;
    }
    kcase *cases = NULL;
    int count = 0, failures = 0;
    char err[512];
    if (read_fixtures(text, &cases, &count, err, sizeof err) < 0) {
        printf("FAIL fixtures: %s: %s\n", path, err);
        free(text);
        return 1;
    }
    free(text);
    if (count != KERAS_CASES) {
        printf("FAIL fixtures: expected %d cases, got %d\n", KERAS_CASES, count);
        failures++;
    }
    int mismatched = 0;
    for (int i = 0; i < count; i++) {
        mismatched += run_case(&cases[i]);
        kcase_free(&cases[i]);
    }
    free(cases);
    printf("%d of %d Keras cases match\n", count - mismatched, count);
    failures += mismatched;
    return failures;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s tests/keras/fixtures.txt\n", argv[0]);
        return 1;
    }
    int failures = 0;
    failures += test_malformed_fixtures_are_refused();
    failures += test_validation_split_counts();
    failures += test_keras_fixtures(argv[1]);
    return failures != 0;
}
