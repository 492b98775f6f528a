/* describe.c — model descriptions: the short text files that say, one statement a line, what a
 * Keras script would build (the format is documented in nn.h and docs/grading.md). They let a
 * student hand in a model without writing C, and a grader read it at a glance. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

#define MAX_WORDS 8                   /* the longest statement, compile, has 5 */
#define MAX_UNITS 65536
#define MAX_FILE_BYTES (1L << 20)     /* a description is a few lines; this is not one */
#define SAVED_MAGIC "NEURONE\x1a"     /* save.c's, to tell a saved model handed in by mistake */

/* ---- the parser's state ------------------------------------------------------------------------- */

typedef struct parse_state {
    const char *where;     /* the file name, for messages */
    int line;              /* 1-based line being read */
    nn_model *m;
    int has_input, layers, compiled, has_name;
    long params;           /* so far, checked against NN_DESCRIBE_MAX_PARAMS before each Dense */
    nn_description *d;
} parse_state;

/* Formats "where:line: field: message" into nn_error() and records the line. The message is
 * formatted into a local buffer first, because its arguments may point into nn_error()'s. */
static int fail_at(parse_state *s, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail_at(parse_state *s, const char *field, const char *fmt, ...)
{
    char msg[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    s->d->error_line = s->line;
    if (s->line > 0)
        return nn_fail("%s:%d: %s: %s", s->where, s->line, field, msg);
    return nn_fail("%s: %s", s->where, msg);
}

/* The engine's own message for a call that failed on this line, without its "Dense: " prefix
 * when the field already says so. */
static int fail_engine(parse_state *s, const char *field)
{
    char why[768];
    snprintf(why, sizeof why, "%s", nn_error());
    const char *text = why;
    size_t word = strcspn(why, " :");
    if (word > 0 && strncmp(why + word, ": ", 2) == 0)
        text = why + word + 2;
    return fail_at(s, field, "%s", text);
}

/* ---- words and numbers -------------------------------------------------------------------------- */

/* A whole number in lo..hi, written in full ("12", not "12x" or "1e3"). */
static int parse_whole(parse_state *s, const char *field, const char *word, long lo, long hi,
                       long *out)
{
    char *end;
    errno = 0;
    long v = strtol(word, &end, 10);
    if (end == word || *end || errno || v < lo || v > hi)
        return fail_at(s, field, "\"%s\" is not a whole number in %ld..%ld", word, lo, hi);
    *out = v;
    return 0;
}

static int parse_real(parse_state *s, const char *field, const char *word, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(word, &end);
    if (end == word || *end || errno || !isfinite(v))
        return fail_at(s, field, "\"%s\" is not a finite number", word);
    *out = v;
    return 0;
}

/* Splits a line in place into words at spaces and tabs, after cutting its comment. */
static int split_words(char *line, char **words)
{
    char *hash = strchr(line, '#');
    if (hash)
        *hash = '\0';
    int n = 0;
    for (char *p = line; *p;) {
        while (*p == ' ' || *p == '\t' || *p == '\r')
            *p++ = '\0';
        if (!*p)
            break;
        if (n == MAX_WORDS)
            return MAX_WORDS + 1;
        words[n++] = p;
        while (*p && *p != ' ' && *p != '\t' && *p != '\r')
            p++;
    }
    return n;
}

static int expect_words(parse_state *s, const char *field, int n, int lo, int hi, const char *form)
{
    if (n < lo || n > hi)
        return fail_at(s, field, "expected `%s`, got %d word%s", form, n, n == 1 ? "" : "s");
    return 0;
}

/* ---- statements --------------------------------------------------------------------------------- */

static int st_input(parse_state *s, char **w, int n)
{
    if (expect_words(s, "input", n, 2, 4, "input DIM [DIM [DIM]]") < 0)
        return -1;
    if (s->has_input || s->layers)
        return fail_at(s, "input", "the input must come once, before every layer");
    int shape[3];
    for (int i = 1; i < n; i++) {
        long v = 0;
        if (parse_whole(s, "input", w[i], 1, MAX_UNITS, &v) < 0)
            return -1;
        shape[i - 1] = (int)v;
    }
    if (nn_add_input(s->m, n - 1, shape) < 0)
        return fail_engine(s, "input");
    s->has_input = 1;
    return 0;
}

static int need_layer_position(parse_state *s, const char *field)
{
    if (s->compiled)
        return fail_at(s, field, "layers come before the compile line");
    if (!s->has_input)
        return fail_at(s, field, "the first layer needs the input's shape: add `input DIM` "
                                 "before it (e.g. `input 4`, or `input 28 28` for images)");
    return 0;
}

static int st_dense(parse_state *s, char **w, int n)
{
    if (expect_words(s, "dense", n, 2, 3, "dense UNITS [ACTIVATION]") < 0 ||
        need_layer_position(s, "dense") < 0)
        return -1;
    long units = 0;
    if (parse_whole(s, "dense units", w[1], 1, MAX_UNITS, &units) < 0)
        return -1;
    const char *act = n == 3 ? w[2] : "linear";
    char list[256];
    if (nn_act_parse(act) < 0)
        return fail_at(s, "dense activation", "unknown activation \"%s\" (expected %s)", act,
                       nn_names_join(list, sizeof list, nn_act_names, ACT_COUNT));
    long in = s->layers ? nn_output_dim(s->m) : nn_input_dim(s->m);
    long adds = in * units + units;
    if (s->params + adds > NN_DESCRIBE_MAX_PARAMS)
        return fail_at(s, "dense units", "%ld x %ld weights would take the model past %ld "
                       "parameters, the most a description may have", in, units,
                       NN_DESCRIBE_MAX_PARAMS);
    if (nn_add_dense(s->m, (int)units, act, 0) < 0)
        return fail_engine(s, "dense");
    s->params += adds;
    s->layers++;
    return 0;
}

/* dropout RATE: Dropout(rate), 0 <= rate < 1 */
static int st_dropout(parse_state *s, char **w, int n)
{
    double rate = 0;
    if (expect_words(s, "dropout", n, 2, 2, "dropout RATE") < 0 || need_layer_position(s, "dropout") < 0 ||
        parse_real(s, "dropout rate", w[1], &rate) < 0)
        return -1;
    if (rate < 0 || rate >= 1)
        return fail_at(s, "dropout rate", "the rate is a fraction of the units, from 0 to less than 1, got %s", w[1]);
    if (nn_add_dropout(s->m, (float)rate) < 0)
        return fail_engine(s, "dropout");
    s->layers++;
    return 0;
}

/* flatten and softmax, the layers without arguments */
static int st_plain_layer(parse_state *s, char **w, int n)
{
    const char *kind = w[0];
    int softmax = strcmp(kind, "softmax") == 0;
    if (expect_words(s, kind, n, 1, 1, kind) < 0 || need_layer_position(s, kind) < 0)
        return -1;
    if (softmax && !s->layers)
        return fail_at(s, kind, "a Softmax layer needs a layer before it");
    if ((softmax ? nn_add_softmax(s->m) : nn_add_flatten(s->m)) < 0)
        return fail_engine(s, kind);
    s->layers++;
    return 0;
}

/* compile OPTIMIZER LOSS [accuracy] [from_logits]: the two flags in any order. */
static int st_compile(parse_state *s, char **w, int n)
{
    static const char *form = "compile OPTIMIZER LOSS [accuracy] [from_logits]";
    if (expect_words(s, "compile", n, 3, 5, form) < 0)
        return -1;
    if (s->compiled)
        return fail_at(s, "compile", "the model is compiled twice; keep one compile line");
    int has_dense = 0;
    for (int l = 0; l < nn_layer_count(s->m); l++) {
        nn_layer_info info;
        nn_layer_info_get(s->m, l, &info);
        has_dense |= strcmp(info.kind, "Dense") == 0;
    }
    if (!has_dense)
        return fail_at(s, "compile", "there is no dense layer to train before it");
    char list[256];
    if (nn_opt_parse(w[1]) < 0)
        return fail_at(s, "compile optimizer", "unknown optimizer \"%s\" (expected %s)", w[1],
                       nn_names_join(list, sizeof list, nn_opt_names, OPT_COUNT));
    if (nn_loss_parse(w[2]) < 0)
        return fail_at(s, "compile loss", "unknown loss \"%s\" (expected categorical_crossentropy, "
                       "sparse_categorical_crossentropy, binary_crossentropy, mse or mae)", w[2]);
    int metric = 0, from_logits = 0;
    for (int i = 3; i < n; i++) {
        int *flag = strcmp(w[i], "accuracy") == 0 ? &metric
                  : strcmp(w[i], "from_logits") == 0 ? &from_logits : NULL;
        if (!flag)
            return fail_at(s, "compile", "unknown word \"%s\": expected `%s`", w[i], form);
        if (*flag)
            return fail_at(s, "compile", "\"%s\" is given twice", w[i]);
        *flag = 1;
    }
    if (nn_compile(s->m, w[1], w[2], metric ? "accuracy" : NULL) < 0)
        return fail_engine(s, "compile");
    if (from_logits && nn_set_loss_param(s->m, "from_logits", 1) < 0)
        return fail_engine(s, "compile from_logits");
    s->compiled = 1;
    return 0;
}

static int st_param(parse_state *s, char **w, int n)
{
    if (expect_words(s, "param", n, 3, 3, "param NAME VALUE") < 0)
        return -1;
    if (!s->compiled)
        return fail_at(s, "param", "optimizer parameters come after the compile line, which "
                                   "chooses the optimizer");
    char field[64];
    snprintf(field, sizeof field, "param %s", w[1]);
    double v = 0;
    if (parse_real(s, field, w[2], &v) < 0)
        return -1;
    if (nn_set_optimizer_param(s->m, w[1], v) < 0)
        return fail_engine(s, field);
    return 0;
}

static int st_batch_size(parse_state *s, char **w, int n)
{
    if (expect_words(s, "batch_size", n, 2, 2, "batch_size N") < 0)
        return -1;
    if (s->d->batch_size)
        return fail_at(s, "batch_size", "the batch size is given twice");
    long v = 0;
    if (parse_whole(s, "batch_size", w[1], 1, MAX_UNITS, &v) < 0)
        return -1;
    s->d->batch_size = (int)v;
    return 0;
}

static int st_name(parse_state *s, char **w, int n)
{
    if (expect_words(s, "name", n, 2, 2, "name NAME") < 0)
        return -1;
    if (s->has_name)
        return fail_at(s, "name", "the name is given twice");
    if (nn_set_name(s->m, w[1]) < 0)
        return fail_engine(s, "name");
    s->has_name = 1;
    return 0;
}

static const struct statement {
    const char *word;
    int (*parse)(parse_state *s, char **w, int n);
} statements[] = {
    { "name", st_name },       { "input", st_input },     { "flatten", st_plain_layer },
    { "dense", st_dense },     { "softmax", st_plain_layer }, { "dropout", st_dropout }, { "compile", st_compile },
    { "param", st_param },     { "batch_size", st_batch_size },
};

static int parse_line(parse_state *s, char *line)
{
    char *w[MAX_WORDS];
    int n = split_words(line, w);
    if (n == 0)
        return 0;
    if (n > MAX_WORDS)
        return fail_at(s, "statement", "too many words on one line (at most %d)", MAX_WORDS);
    for (size_t i = 0; i < sizeof statements / sizeof statements[0]; i++)
        if (strcmp(w[0], statements[i].word) == 0)
            return statements[i].parse(s, w, n);
    return fail_at(s, "statement", "unknown statement \"%.40s\" (expected name, input, flatten, "
                   "dense, softmax, compile, param or batch_size)", w[0]);
}

/* The first control character in [p, end), other than tab, carriage return and line feed. */
static const char *control_byte(const char *p, const char *end)
{
    for (; p < end; p++)
        if (((unsigned char)*p < 0x20 && *p != '\t' && *p != '\r' && *p != '\n') || *p == 0x7f)
            return p;
    return NULL;
}

/* ---- the whole text ------------------------------------------------------------------------------ */

nn_model *nn_describe_parse(const char *text, size_t len, const char *where, nn_description *d)
{
    nn_description scratch;
    if (!d)
        d = &scratch;
    memset(d, 0, sizeof *d);
    if (!where)
        where = "(description)";
    parse_state s = { .where = where, .d = d };
    if (!text)
        return nn_fail_null("%s: the text is NULL", where);
    if (len >= 8 && memcmp(text, SAVED_MAGIC, 8) == 0)
        return nn_fail_null("%s: this is a saved model (nn_load reads it), not a description", where);
    /* a copy that the words are cut out of, NUL-terminated */
    char *copy = malloc(len + 1);
    if (!copy)
        return nn_fail_null("%s: out of memory reading %zu bytes", where, len);
    /* Notepad starts UTF-8 files with a byte order mark */
    size_t bom = len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
    len -= bom;
    memcpy(copy, text + bom, len);
    copy[len] = '\0';
    /* a binary file handed in by mistake is told apart before its bytes land in a message */
    const char *odd = control_byte(copy, copy + len);
    if (odd) {
        s.line = 1;
        for (const char *p = copy; p < odd; p++)
            s.line += *p == '\n';
        const char *start = odd;
        while (start > copy && start[-1] != '\n')
            start--;
        fail_at(&s, "statement", "byte 0x%02x in column %d: this is not a text file",
                (unsigned char)*odd, (int)(odd - start) + 1);
        free(copy);
        return NULL;
    }
    s.m = nn_sequential();
    int rc = s.m ? 0 : -1;
    char *line = copy;
    for (s.line = 1; rc == 0 && line < copy + len; s.line++) {
        char *end = memchr(line, '\n', (size_t)(copy + len - line));
        if (!end)
            end = copy + len;
        *end = '\0';
        rc = parse_line(&s, line);
        line = end + 1;
    }
    free(copy);
    s.line = 0;
    if (rc == 0 && !s.has_input && !s.layers && !s.compiled)
        rc = fail_at(&s, "", "no statement: a description needs an input line, layers and a "
                             "compile line");
    else if (rc == 0 && !s.compiled)
        rc = fail_at(&s, "", "no compile line: add one after the layers, e.g. `compile adam "
                             "sparse_categorical_crossentropy accuracy`");
    if (rc < 0) {
        nn_free(s.m);
        return NULL;
    }
    return s.m;
}

nn_model *nn_describe_load(const char *path, nn_description *d)
{
    nn_description scratch;
    if (!d)
        d = &scratch;
    memset(d, 0, sizeof *d);
    d->unreadable = 1;
    if (!path)
        return nn_fail_null("describe: the path is NULL");
    FILE *f = fopen(path, "rb");
    if (!f)
        return nn_fail_null("%s: %s", path, strerror(errno));
    char *text = malloc(MAX_FILE_BYTES + 1);
    errno = 0;
    size_t len = text ? fread(text, 1, MAX_FILE_BYTES + 1, f) : 0;
    /* reading a directory fails here, with EISDIR */
    int err = ferror(f) ? (errno ? errno : EIO) : 0;
    fclose(f);
    if (!text)
        return nn_fail_null("%s: out of memory", path);
    if (err) {
        free(text);
        return nn_fail_null("%s: %s", path, strerror(err));
    }
    d->unreadable = 0;
    if (len > MAX_FILE_BYTES) {
        free(text);
        return nn_fail_null("%s: over %ld bytes: too large to be a model description", path,
                            MAX_FILE_BYTES);
    }
    nn_model *m = nn_describe_parse(text, len, path, d);
    free(text);
    return m;
}

/* ---- what compile was given ------------------------------------------------------------------------ */

int nn_get_compile_info(const nn_model *m, nn_compile_info *info)
{
    if (!m || !info)
        return nn_fail("get_compile_info: the model or the info is NULL");
    if (!m->compiled)
        return nn_fail("get_compile_info: the model is not compiled");
    info->optimizer = nn_opt_name(m->opt);
    info->loss = nn_loss_name(m->loss);
    info->has_metric = m->metric != METRIC_NONE;
    info->from_logits = m->from_logits;
    info->learning_rate = m->hp.learning_rate;
    return 0;
}
