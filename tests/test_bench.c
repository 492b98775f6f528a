/* test_bench.c — `neurone --bench`: model descriptions (nn_describe_parse), the benchmark table's
 * JSON, grading, and every kind of broken submission, each checked against
 * docs/bench-schema.json by a small validator written here for the part of JSON Schema that the
 * schema uses (it refuses any other keyword, so that nothing is skipped unseen).
 *
 * usage: test_bench SOURCE_ROOT NEURONE_EXE
 * The neurone program runs as a child process: its stdout is parsed, its stderr kept in a
 * temporary file and searched for sanitizer reports. Temporary files go in one folder, removed
 * at the end. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "nn.h"

static const char *source_root, *neurone;
static char tmpdir[64];

/* ---- a JSON reader ------------------------------------------------------------------------------- */

typedef enum { J_NULL, J_BOOL, J_NUMBER, J_STRING, J_ARRAY, J_OBJECT } jtype;

typedef struct jvalue {
    jtype type;
    int boolean;
    double number;
    char *string;
    int n;                   /* items of an array or members of an object */
    struct jvalue *items;    /* (n) */
    char **keys;             /* (n) for an object */
} jvalue;

typedef struct jparser {
    const char *p, *end;
    char error[160];
} jparser;

static int jfail(jparser *jp, const char *what)
{
    if (!jp->error[0])
        snprintf(jp->error, sizeof jp->error, "%s at byte \"%.20s\"", what, jp->p);
    return -1;
}

static void jfree(jvalue *v)
{
    if (!v)
        return;
    free(v->string);
    for (int i = 0; i < v->n; i++) {
        jfree(&v->items[i]);
        if (v->keys)
            free(v->keys[i]);
    }
    free(v->items);
    free(v->keys);
    memset(v, 0, sizeof *v);
}

static void skip_space(jparser *jp)
{
    while (jp->p < jp->end && (*jp->p == ' ' || *jp->p == '\t' || *jp->p == '\n' || *jp->p == '\r'))
        jp->p++;
}

static int parse_value(jparser *jp, jvalue *v, int depth);

/* Appends one UTF-8 encoded code point. */
static void put_utf8(char *out, size_t *len, unsigned c)
{
    if (c < 0x80)
        out[(*len)++] = (char)c;
    else if (c < 0x800) {
        out[(*len)++] = (char)(0xc0 | c >> 6);
        out[(*len)++] = (char)(0x80 | (c & 0x3f));
    } else if (c < 0x10000) {
        out[(*len)++] = (char)(0xe0 | c >> 12);
        out[(*len)++] = (char)(0x80 | (c >> 6 & 0x3f));
        out[(*len)++] = (char)(0x80 | (c & 0x3f));
    } else {
        out[(*len)++] = (char)(0xf0 | c >> 18);
        out[(*len)++] = (char)(0x80 | (c >> 12 & 0x3f));
        out[(*len)++] = (char)(0x80 | (c >> 6 & 0x3f));
        out[(*len)++] = (char)(0x80 | (c & 0x3f));
    }
}

static int parse_hex4(jparser *jp, unsigned *c)
{
    *c = 0;
    for (int i = 0; i < 4; i++, jp->p++) {
        char h = jp->p < jp->end ? *jp->p : 0;
        int d = h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10
              : h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;
        if (d < 0)
            return jfail(jp, "bad \\u escape");
        *c = *c * 16 + (unsigned)d;
    }
    return 0;
}

static int parse_string(jparser *jp, char **out)
{
    jp->p++; /* the opening quote */
    char *s = malloc((size_t)(jp->end - jp->p) + 1);
    size_t len = 0;
    while (s && jp->p < jp->end && *jp->p != '"') {
        unsigned char ch = (unsigned char)*jp->p;
        if (ch < 0x20) {
            free(s);
            return jfail(jp, "a control character inside a string");
        }
        if (ch != '\\') {
            s[len++] = (char)ch;
            jp->p++;
            continue;
        }
        jp->p++;
        char e = jp->p < jp->end ? *jp->p++ : 0;
        const char *simple = strchr("\"\\/bfnrt", e);
        if (e && simple) {
            static const char decoded[] = "\"\\/\b\f\n\r\t";
            s[len++] = decoded[simple - "\"\\/bfnrt"];
        } else if (e == 'u') {
            unsigned c;
            if (parse_hex4(jp, &c) < 0) {
                free(s);
                return -1;
            }
            if (c >= 0xd800 && c < 0xdc00) { /* a surrogate pair */
                unsigned low;
                if (jp->end - jp->p < 2 || jp->p[0] != '\\' || jp->p[1] != 'u' ||
                    (jp->p += 2, parse_hex4(jp, &low) < 0) || low < 0xdc00 || low > 0xdfff) {
                    free(s);
                    return jfail(jp, "a lone surrogate");
                }
                c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
            }
            put_utf8(s, &len, c);
        } else {
            free(s);
            return jfail(jp, "a bad escape");
        }
    }
    if (!s || jp->p >= jp->end) {
        free(s);
        return jfail(jp, "an unterminated string");
    }
    jp->p++;
    s[len] = '\0';
    *out = s;
    return 0;
}

static int parse_number(jparser *jp, jvalue *v)
{
    /* JSON's grammar, stricter than strtod's: no leading '+', no leading zeros, no hex, no inf */
    const char *s = jp->p;
    if (s < jp->end && *s == '-')
        s++;
    if (s >= jp->end || !(*s >= '0' && *s <= '9'))
        return jfail(jp, "a bad number");
    if (*s == '0' && s + 1 < jp->end && s[1] >= '0' && s[1] <= '9')
        return jfail(jp, "a number with a leading zero");
    char buf[64];
    size_t n = 0;
    for (const char *q = jp->p; q < jp->end && strchr("+-0123456789.eE", *q) && n < sizeof buf - 1; q++)
        buf[n++] = *q;
    buf[n] = '\0';
    char *end;
    v->type = J_NUMBER;
    v->number = strtod(buf, &end);
    if (end == buf || !isfinite(v->number) || strstr(buf, ".e") || strstr(buf, ".E") ||
        buf[n - 1] == '.')
        return jfail(jp, "a bad number");
    jp->p += end - buf;
    return 0;
}

static int parse_container(jparser *jp, jvalue *v, int depth)
{
    int object = *jp->p == '{';
    char close = object ? '}' : ']';
    v->type = object ? J_OBJECT : J_ARRAY;
    jp->p++;
    skip_space(jp);
    if (jp->p < jp->end && *jp->p == close) {
        jp->p++;
        return 0;
    }
    for (;;) {
        jvalue *grown = realloc(v->items, (size_t)(v->n + 1) * sizeof *grown);
        char **keys = object ? realloc(v->keys, (size_t)(v->n + 1) * sizeof *keys) : NULL;
        if (grown)
            v->items = grown;
        if (keys)
            v->keys = keys;
        if (!grown || (object && !keys))
            return jfail(jp, "out of memory");
        memset(&v->items[v->n], 0, sizeof v->items[v->n]);
        skip_space(jp);
        if (object) {
            v->keys[v->n] = NULL;
            if (jp->p >= jp->end || *jp->p != '"' || parse_string(jp, &v->keys[v->n]) < 0) {
                v->n++;
                return jfail(jp, "expected a key");
            }
            skip_space(jp);
            if (jp->p >= jp->end || *jp->p++ != ':') {
                v->n++;
                return jfail(jp, "expected ':'");
            }
        }
        v->n++;
        if (parse_value(jp, &v->items[v->n - 1], depth + 1) < 0)
            return -1;
        skip_space(jp);
        if (jp->p < jp->end && *jp->p == ',') {
            jp->p++;
            continue;
        }
        if (jp->p < jp->end && *jp->p == close) {
            jp->p++;
            return 0;
        }
        return jfail(jp, "expected ',' or the closing bracket");
    }
}

static int parse_value(jparser *jp, jvalue *v, int depth)
{
    skip_space(jp);
    if (depth > 64)
        return jfail(jp, "nested too deep");
    if (jp->p >= jp->end)
        return jfail(jp, "unexpected end");
    static const struct { const char *word; jtype type; int boolean; } words[] = {
        { "null", J_NULL, 0 }, { "true", J_BOOL, 1 }, { "false", J_BOOL, 0 },
    };
    for (size_t i = 0; i < 3; i++) {
        size_t len = strlen(words[i].word);
        if ((size_t)(jp->end - jp->p) >= len && strncmp(jp->p, words[i].word, len) == 0) {
            v->type = words[i].type;
            v->boolean = words[i].boolean;
            jp->p += len;
            return 0;
        }
    }
    if (*jp->p == '"') {
        v->type = J_STRING;
        return parse_string(jp, &v->string);
    }
    if (*jp->p == '{' || *jp->p == '[')
        return parse_container(jp, v, depth);
    return parse_number(jp, v);
}

/* Parses the whole text; 0, or -1 with why. */
static int json_parse(const char *text, size_t len, jvalue *v, char *why, size_t why_size)
{
    jparser jp = { text, text + len, "" };
    memset(v, 0, sizeof *v);
    int rc = parse_value(&jp, v, 0);
    skip_space(&jp);
    if (rc == 0 && jp.p != jp.end)
        rc = jfail(&jp, "text after the value");
    if (rc < 0) {
        snprintf(why, why_size, "%s", jp.error);
        jfree(v);
    }
    return rc;
}

static const jvalue *jget(const jvalue *v, const char *key)
{
    for (int i = 0; v && v->type == J_OBJECT && i < v->n; i++)
        if (strcmp(v->keys[i], key) == 0)
            return &v->items[i];
    return NULL;
}

static const char *jstr(const jvalue *v, const char *key)
{
    const jvalue *m = jget(v, key);
    return m && m->type == J_STRING ? m->string : NULL;
}

/* jstr(v, key) is s; false when the member is missing. */
static int jis(const jvalue *v, const char *key, const char *s)
{
    const char *got = jstr(v, key);
    return got && strcmp(got, s) == 0;
}

static double jnum(const jvalue *v, const char *key)
{
    const jvalue *m = jget(v, key);
    return m && m->type == J_NUMBER ? m->number : NAN;
}

/* Equal values; members named `skip` are left out of objects on both sides. */
static int jequal(const jvalue *a, const jvalue *b, const char *skip)
{
    if (a->type != b->type)
        return 0;
    switch (a->type) {
    case J_NULL: return 1;
    case J_BOOL: return a->boolean == b->boolean;
    case J_NUMBER: return a->number == b->number;
    case J_STRING: return strcmp(a->string, b->string) == 0;
    case J_ARRAY:
        if (a->n != b->n)
            return 0;
        for (int i = 0; i < a->n; i++)
            if (!jequal(&a->items[i], &b->items[i], skip))
                return 0;
        return 1;
    case J_OBJECT: {
        int na = 0, nb = 0;
        for (int i = 0; i < a->n; i++) {
            if (skip && strcmp(a->keys[i], skip) == 0)
                continue;
            na++;
            const jvalue *other = jget(b, a->keys[i]);
            if (!other || !jequal(&a->items[i], other, skip))
                return 0;
        }
        for (int i = 0; i < b->n; i++)
            nb += !(skip && strcmp(b->keys[i], skip) == 0);
        return na == nb;
    }
    }
    return 0;
}

/* ---- the part of JSON Schema that docs/bench-schema.json uses ----------------------------------- */

typedef struct validator {
    const jvalue *root;       /* the schema, for "$ref": "#/$defs/NAME" */
    char why[512];
} validator;

static int vfail(validator *vd, const char *path, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int vfail(validator *vd, const char *path, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(vd->why, sizeof vd->why, "%s: %s", path[0] ? path : "/", msg);
    return -1;
}

static int type_matches(const char *type, const jvalue *v)
{
    if (strcmp(type, "integer") == 0)
        return v->type == J_NUMBER && v->number == floor(v->number);
    static const char *names[] = { "null", "boolean", "number", "string", "array", "object" };
    return strcmp(type, names[v->type]) == 0;
}

static int validate(validator *vd, const jvalue *schema, const jvalue *v, const char *path);

static int check_type(validator *vd, const jvalue *type, const jvalue *v, const char *path)
{
    if (type->type == J_STRING)
        return type_matches(type->string, v) ? 0 : vfail(vd, path, "expected type %s", type->string);
    for (int i = 0; i < type->n; i++)
        if (type->items[i].type == J_STRING && type_matches(type->items[i].string, v))
            return 0;
    return vfail(vd, path, "none of the allowed types");
}

static int check_object(validator *vd, const jvalue *schema, const jvalue *v, const char *path)
{
    const jvalue *required = jget(schema, "required"), *props = jget(schema, "properties");
    const jvalue *additional = jget(schema, "additionalProperties");
    for (int i = 0; required && i < required->n; i++)
        if (!jget(v, required->items[i].string))
            return vfail(vd, path, "the required member \"%s\" is missing", required->items[i].string);
    for (int i = 0; i < v->n; i++) {
        char sub[256];
        snprintf(sub, sizeof sub, "%s/%s", path, v->keys[i]);
        const jvalue *ps = jget(props, v->keys[i]);
        if (ps && validate(vd, ps, &v->items[i], sub) < 0)
            return -1;
        if (!ps && additional && additional->type == J_BOOL && !additional->boolean)
            return vfail(vd, path, "the member \"%s\" is not in the schema", v->keys[i]);
    }
    return 0;
}

static int validate(validator *vd, const jvalue *schema, const jvalue *v, const char *path)
{
    static const char *const annotations[] = { "$schema", "$id", "title", "description", "$defs" };
    static const char *const understood[] = { "$ref", "oneOf", "type", "const", "enum", "minimum",
                                              "maximum", "minItems", "required", "properties",
                                              "additionalProperties", "items" };
    if (schema->type != J_OBJECT)
        return vfail(vd, path, "the schema here is not an object");
    for (int i = 0; i < schema->n; i++) {
        int known = 0;
        for (size_t k = 0; k < sizeof annotations / sizeof *annotations; k++)
            known |= strcmp(schema->keys[i], annotations[k]) == 0;
        for (size_t k = 0; k < sizeof understood / sizeof *understood; k++)
            known |= strcmp(schema->keys[i], understood[k]) == 0;
        if (!known)
            return vfail(vd, path, "the schema uses \"%s\", which this validator does not know",
                         schema->keys[i]);
    }
    const jvalue *k;
    if ((k = jget(schema, "$ref"))) {
        const char *prefix = "#/$defs/";
        const jvalue *target = strncmp(k->string, prefix, strlen(prefix)) == 0
                             ? jget(jget(vd->root, "$defs"), k->string + strlen(prefix)) : NULL;
        if (!target)
            return vfail(vd, path, "unresolved $ref %s", k->string);
        if (validate(vd, target, v, path) < 0)
            return -1;
    }
    if ((k = jget(schema, "oneOf"))) {
        int matches = 0;
        char first_why[512] = "";
        for (int i = 0; i < k->n; i++) {
            if (validate(vd, &k->items[i], v, path) == 0)
                matches++;
            else if (!first_why[0] || strlen(vd->why) > strlen(first_why))
                snprintf(first_why, sizeof first_why, "%s", vd->why); /* the deepest complaint */
        }
        if (matches != 1)
            return matches ? vfail(vd, path, "matches %d of oneOf's schemas", matches)
                           : vfail(vd, path, "matches none of oneOf's schemas (%s)", first_why);
    }
    if ((k = jget(schema, "type")) && check_type(vd, k, v, path) < 0)
        return -1;
    if ((k = jget(schema, "const")) && !jequal(k, v, NULL))
        return vfail(vd, path, "not the constant the schema requires");
    if ((k = jget(schema, "enum"))) {
        int found = 0;
        for (int i = 0; i < k->n; i++)
            found |= jequal(&k->items[i], v, NULL);
        if (!found)
            return vfail(vd, path, "not one of the enum's values");
    }
    if (v->type == J_NUMBER) {
        if ((k = jget(schema, "minimum")) && v->number < k->number)
            return vfail(vd, path, "%g is below the minimum %g", v->number, k->number);
        if ((k = jget(schema, "maximum")) && v->number > k->number)
            return vfail(vd, path, "%g is above the maximum %g", v->number, k->number);
    }
    if (v->type == J_ARRAY) {
        if ((k = jget(schema, "minItems")) && v->n < k->number)
            return vfail(vd, path, "%d items, fewer than %g", v->n, k->number);
        const jvalue *items = jget(schema, "items");
        for (int i = 0; items && i < v->n; i++) {
            char sub[256];
            snprintf(sub, sizeof sub, "%s/%d", path, i);
            if (validate(vd, items, &v->items[i], sub) < 0)
                return -1;
        }
    }
    if (v->type == J_OBJECT)
        return check_object(vd, schema, v, path);
    return 0;
}

static jvalue schema;

/* Checks that text is one JSON document valid under the schema; fills doc (to jfree). */
static int check_valid(const char *what, const char *text, jvalue *doc)
{
    char why[200];
    if (json_parse(text, strlen(text), doc, why, sizeof why) < 0) {
        CHECK(0, "%s: expected valid JSON, got %s in: %.300s", what, why, text);
        return 0;
    }
    validator vd = { .root = &schema };
    if (validate(&vd, &schema, doc, "") < 0) {
        CHECK(0, "%s: expected a document valid under docs/bench-schema.json, got %s", what, vd.why);
        return 0;
    }
    return 1;
}

/* ---- running neurone ----------------------------------------------------------------------------- */

typedef struct result {
    int exited, code, signal;
    char *out;       /* stdout, NUL-terminated */
    char *err;       /* stderr */
} result;

static char *read_fd(int fd)
{
    size_t len = 0, cap = 4096;
    char *s = malloc(cap);
    for (;;) {
        if (len + 1 >= cap)
            s = realloc(s, cap *= 2);
        ssize_t got = read(fd, s + len, cap - len - 1);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            break;
        len += (size_t)got;
    }
    s[len] = '\0';
    return s;
}

/* Runs neurone with args (NULL-terminated, without argv[0]); env is "NAME=value" or NULL. */
/* A whole text file, or "" when it cannot be opened (the check that reads it then fails); free it. */
static char *read_text(const char *path)
{
    FILE *f = fopen(path, "r");
    char *text = f ? read_fd(fileno(f)) : strdup("");
    if (f)
        fclose(f);
    return text;
}

static result run(const char *env, const char *const *args)
{
    result r = { 0 };
    char errpath[128];
    snprintf(errpath, sizeof errpath, "%s/stderr.txt", tmpdir);
    int out[2];
    if (pipe(out) < 0) {
        r.out = strdup("");
        r.err = strdup("pipe failed");
        return r;
    }
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        int err = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        dup2(out[1], STDOUT_FILENO);
        dup2(err, STDERR_FILENO);
        close(out[0]);
        close(out[1]);
        if (env)
            putenv((char *)env);
        const char *argv[40] = { neurone };
        for (int i = 0; args[i] && i < 38; i++)
            argv[i + 1] = args[i];
        execv(neurone, (char *const *)argv);
        _exit(127);
    }
    close(out[1]);
    r.out = read_fd(out[0]);
    close(out[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    r.exited = WIFEXITED(status);
    r.code = r.exited ? WEXITSTATUS(status) : -1;
    r.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
    int fd = open(errpath, O_RDONLY);
    r.err = fd >= 0 ? read_fd(fd) : strdup("");
    if (fd >= 0)
        close(fd);
    return r;
}

static void result_free(result *r)
{
    free(r->out);
    free(r->err);
}

/* The process ended by itself, without a sanitizer's report. */
static void check_clean_exit(const char *what, const result *r)
{
    CHECK(r->exited, "%s: expected an exit, got signal %d; stderr: %.2000s", what, r->signal, r->err);
    CHECK(!strstr(r->err, "Sanitizer") && !strstr(r->err, "runtime error:"),
          "%s: expected no sanitizer report, got: %.3000s", what, r->err);
}

/* stdout is exactly one line. */
static int check_one_line(const char *what, const result *r)
{
    size_t len = strlen(r->out);
    int ok = len > 1 && r->out[len - 1] == '\n' && !memchr(r->out, '\n', len - 1);
    CHECK(ok, "%s: expected exactly one line on stdout, got %zu bytes: %.500s", what, len, r->out);
    return ok;
}

/* dir/name, in a ring of 64 paths: enough for the longest table of cases that holds them. */
static char *path_in(const char *dir, const char *name)
{
    static char paths[64][512];
    static int next;
    char *p = paths[next++ % 64];
    snprintf(p, sizeof paths[0], "%s/%s", dir, name);
    return p;
}

static char *fixture(const char *name)
{
    char dir[400];
    snprintf(dir, sizeof dir, "%s/tests/bench", source_root);
    return path_in(dir, name);
}

static char *temp_path(const char *name)
{
    return path_in(tmpdir, name);
}

/* Runs one grading job, checks its line against the schema and returns it parsed (to jfree). */
static jvalue grade(const char *what, const char *env, const char *const *args, int want_code)
{
    jvalue doc = { 0 };
    result r = run(env, args);
    check_clean_exit(what, &r);
    CHECK(r.code == want_code, "%s: expected exit status %d, got %d; stdout: %.500s; stderr: %.1500s",
          what, want_code, r.code, r.out, r.err);
    if (check_one_line(what, &r))
        check_valid(what, r.out, &doc);
    result_free(&r);
    return doc;
}

/* ---- model descriptions -------------------------------------------------------------------------- */

static void test_describe_good(void)
{
    static const char text[] =
        "# the course's notebook\n"
        "name fashion   # Keras's name\r\n"
        "input 28 28\n"
        "\n"
        "flatten\n"
        "dense 128 relu\n"
        "dropout 0.2\n"
        "\tdense 10\n"
        "compile adam sparse_categorical_crossentropy accuracy from_logits\n"
        "param learning_rate 0.002\n"
        "batch_size 64";
    /* the text as Windows's Notepad saves it: a byte order mark first */
    char text_bom[sizeof text + 3] = "\xef\xbb\xbf";
    memcpy(text_bom + 3, text, sizeof text);
    nn_description d;
    nn_model *m = nn_describe_parse(text_bom, sizeof text_bom - 1, "notebook.txt", &d);
    CHECK(m != NULL, "expected a model, got: %s", nn_error());
    if (!m)
        return;
    CHECK(nn_input_dim(m) == 784, "expected input_dim 784, got %d", nn_input_dim(m));
    CHECK(nn_layer_count(m) == 4, "expected 4 layers (dropout among them), got %d", nn_layer_count(m));
    CHECK(nn_output_dim(m) == 10, "expected 10 outputs, got %d", nn_output_dim(m));
    CHECK(nn_count_params(m) == 784 * 128 + 128 + 128 * 10 + 10, "expected 101770 parameters, got %ld",
          nn_count_params(m));
    nn_layer_info li;
    nn_layer_info_get(m, 2, &li);
    CHECK(strcmp(li.kind, "Dropout") == 0, "expected the third layer a Dropout, got %s", li.kind);
    nn_layer_info_get(m, 3, &li);
    CHECK(strcmp(li.activation, "linear") == 0, "expected a linear last layer, got %s", li.activation);
    nn_compile_info ci;
    CHECK(nn_get_compile_info(m, &ci) == 0, "get_compile_info: %s", nn_error());
    CHECK(strcmp(ci.optimizer, "adam") == 0 && strcmp(ci.loss, "sparse_categorical_crossentropy") == 0,
          "expected adam and sparse_categorical_crossentropy, got %s and %s", ci.optimizer, ci.loss);
    CHECK(ci.from_logits == 1 && ci.has_metric == 1, "expected from_logits and accuracy, got %d and %d",
          ci.from_logits, ci.has_metric);
    CHECK(fabs(ci.learning_rate - 0.002) < 1e-12, "expected learning_rate 0.002, got %g", ci.learning_rate);
    CHECK(d.batch_size == 64, "expected batch_size 64, got %d", d.batch_size);
    nn_free(m);
    nn_model *raw = nn_sequential();
    nn_add_dense(raw, 2, "relu", 3);
    CHECK_FAILS(nn_get_compile_info(raw, &ci), "not compiled");
    nn_free(raw);
}

/* Every error names the file, the line and the field. */
static void test_describe_errors(void)
{
    static const struct { const char *text; int line; const char *needle; } cases[] = {
        { "input 4\ndense 12x relu\n", 2, "d.txt:2: dense units: \"12x\" is not a whole number" },
        { "input 4\ndense 0\n", 2, "dense units: \"0\" is not a whole number in 1..65536" },
        { "input 4\ndense 8 relux\n", 2, "dense activation: unknown activation \"relux\"" },
        { "dense 8 relu\n", 1, "d.txt:1: dense: the first layer needs the input's shape" },
        { "input 4\ninput 4\n", 2, "input: the input must come once" },
        { "input 4 4 4 4\n", 1, "input: expected `input DIM [DIM [DIM]]`, got 5 words" },
        { "input 4\ndense 3\ncompile adamw mse\n", 3, "compile optimizer: unknown optimizer \"adamw\"" },
        { "input 4\ndense 3\ncompile adam mse2\n", 3, "compile loss: unknown loss \"mse2\"" },
        { "input 4\ndense 3\ncompile adam mse accuracy accuracy\n", 3, "compile: \"accuracy\" is given twice" },
        { "input 4\ndense 3\ncompile adam mse metrics\n", 3, "compile: unknown word \"metrics\"" },
        { "input 4\ndense 3 relu\ncompile adam categorical_crossentropy from_logits\n", 3,
          "compile from_logits: from_logits=True needs a linear last layer" },
        { "input 4\ndense 3\ncompile adam mse\ncompile adam mse\n", 4, "compiled twice" },
        { "input 4\ndense 3\nparam learning_rate 0.1\n", 3, "param: optimizer parameters come after" },
        { "input 4\ndense 3\ncompile adam mse\nparam learning_rate -1\n", 4,
          "param learning_rate: learning_rate must be positive" },
        { "input 4\ndense 3\ncompile adam mse\nparam momentum 0.9\n", 4, "param momentum: momentum applies to sgd" },
        { "input 4\ndense 3\ncompile adam mse\nparam learning_rate fast\n", 4,
          "param learning_rate: \"fast\" is not a finite number" },
        { "input 4\ndense 3\ncompile adam mse\ndense 2\n", 4, "dense: layers come before the compile line" },
        { "input 4\nDense 3\n", 2, "statement: unknown statement \"Dense\"" },
        { "input 4\nsoftmax\n", 2, "softmax: a Softmax layer needs a layer before it" },
        { "input 4\ndense 3\ndropout 1\n", 3, "dropout rate: the rate is a fraction of the units" },
        { "input 4\ndense 3\ndropout half\n", 3, "dropout rate: \"half\" is not a finite number" },
        { "input 4\ndense 3\ndropout\n", 3, "dropout: expected `dropout RATE`" },
        { "input 4\ndense 3\ncompile adam mse\nbatch_size 0\n", 4, "batch_size: \"0\" is not a whole number" },
        { "input 4\ndense 3\nbatch_size 8\nbatch_size 8\n", 4, "batch_size: the batch size is given twice" },
        { "input 4096\ndense 9000\n", 2, "dense units: 4096 x 9000 weights would take the model past" },
        { "input 4\ndense 3\ncompile adam mse\n\x01\n", 4, "byte 0x01 in column 1: this is not a text file" },
        { "input 4\ndense 3 re\x7flu\n", 2, "d.txt:2: statement: byte 0x7f in column 11" },
        { "input 4\ndense 3\n", 0, "d.txt: no compile line" },
        { "# nothing\n\n", 0, "d.txt: no statement" },
        { "", 0, "d.txt: no statement" },
        { "NEURONE\x1a rest", 0, "this is a saved model" },
        { "input 4\ndense 3\ncompile adam mse\nname a b\n", 4, "name: expected `name NAME`" },
        { "input 4\ndense 3\ncompile sgd mse\nparam nesterov 1 2\n", 4, "param: expected `param NAME VALUE`" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        nn_description d;
        nn_model *m = nn_describe_parse(cases[i].text, strlen(cases[i].text), "d.txt", &d);
        CHECK(m == NULL, "case %zu: expected a failure, got a model", i);
        nn_free(m);
        CHECK(d.error_line == cases[i].line, "case %zu: expected line %d, got %d (%s)", i, cases[i].line,
              d.error_line, nn_error());
        CHECK(strstr(nn_error(), cases[i].needle) != NULL, "case %zu: expected \"%s\" in the message, "
              "got \"%s\"", i, cases[i].needle, nn_error());
    }
    nn_description d;
    CHECK(nn_describe_load(temp_path("absent.txt"), &d) == NULL && d.unreadable == 1,
          "expected an unreadable file, got unreadable=%d (%s)", d.unreadable, nn_error());
    CHECK(nn_describe_load(tmpdir, &d) == NULL && d.unreadable == 1,
          "expected a directory to be unreadable, got unreadable=%d (%s)", d.unreadable, nn_error());
}

/* ---- the validator itself, so that a pass means something ------------------------------------------ */

static void test_validator_refuses(void)
{
    static const char *const bad[] = {
        "{\"schema_version\":1,\"mode\":\"grade\",\"status\":\"error\",\"file\":null,\"line\":null,"
        "\"message\":\"m\",\"timing\":{\"total_seconds\":0}}",                       /* no kind */
        "{\"schema_version\":1,\"mode\":\"grade\",\"status\":\"error\",\"kind\":\"oops\",\"file\":null,"
        "\"line\":null,\"message\":\"m\",\"timing\":{\"total_seconds\":0}}",          /* unknown kind */
        "{\"schema_version\":2,\"mode\":\"grade\",\"status\":\"error\",\"kind\":\"shape\",\"file\":null,"
        "\"line\":null,\"message\":\"m\",\"timing\":{\"total_seconds\":0}}",          /* version */
        "{\"schema_version\":1,\"mode\":\"grade\",\"status\":\"error\",\"kind\":\"shape\",\"file\":null,"
        "\"line\":0.5,\"message\":\"m\",\"timing\":{\"total_seconds\":0}}",           /* line */
        "{\"schema_version\":1,\"mode\":\"grade\",\"status\":\"error\",\"kind\":\"shape\",\"file\":null,"
        "\"line\":null,\"message\":\"m\",\"timing\":{\"total_seconds\":-1}}",         /* minimum */
        "{\"schema_version\":1,\"mode\":\"grade\",\"status\":\"error\",\"kind\":\"shape\",\"file\":null,"
        "\"line\":null,\"message\":\"m\",\"extra\":1,\"timing\":{\"total_seconds\":0}}", /* extra member */
        "{\"schema_version\":1,\"mode\":\"bench\",\"neurone_version\":\"0\",\"run\":\"short\","
        "\"budget_seconds\":2,\"workloads\":[{}]}",                                   /* empty workload */
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        jvalue doc;
        char why[200];
        CHECK(json_parse(bad[i], strlen(bad[i]), &doc, why, sizeof why) == 0, "case %zu: %s", i, why);
        validator vd = { .root = &schema };
        CHECK(validate(&vd, &schema, &doc, "") < 0, "case %zu: expected the schema to refuse %s", i, bad[i]);
        jfree(&doc);
    }
    static const char *const not_json[] = { "{\"a\":1,}", "[01]", "{\"a\":NaN}", "\"\x01\"", "{} x", "[1.]" };
    for (size_t i = 0; i < sizeof not_json / sizeof *not_json; i++) {
        jvalue doc;
        char why[200];
        int rc = json_parse(not_json[i], strlen(not_json[i]), &doc, why, sizeof why);
        CHECK(rc < 0, "expected \"%s\" to be refused as JSON", not_json[i]);
        if (rc == 0)
            jfree(&doc);
    }
}

/* ---- the benchmark table --------------------------------------------------------------------------- */

static void check_bench_report(const char *what, const jvalue *doc, int want_vulkan_ok)
{
    const jvalue *w = jget(doc, "workloads");
    CHECK(w && w->n == 2, "%s: expected 2 workloads, got %d", what, w ? w->n : -1);
    for (int i = 0; w && i < w->n; i++) {
        const jvalue *runs = jget(&w->items[i], "runs");
        CHECK(runs && runs->n == 2, "%s: expected a cpu and a vulkan run, got %d", what, runs ? runs->n : -1);
        if (!runs || runs->n != 2)
            continue;
        CHECK(jis(&runs->items[0], "status", "ok"), "%s: expected the cpu run ok, got %s (%s)",
              what, jstr(&runs->items[0], "status"), jstr(&runs->items[0], "reason"));
        const char *vk = jstr(&runs->items[1], "status") ? jstr(&runs->items[1], "status") : "?";
        const jvalue *agreement = jget(&w->items[i], "agreement");
        if (want_vulkan_ok < 0) /* no Vulkan device here: the row must say why */
            want_vulkan_ok = strcmp(vk, "ok") == 0;
        if (want_vulkan_ok) {
            CHECK(strcmp(vk, "ok") == 0, "%s: expected the vulkan run ok, got %s (%s)", what, vk,
                  jstr(&runs->items[1], "reason"));
            CHECK(agreement && agreement->type == J_OBJECT, "%s: expected an agreement", what);
            if (agreement && agreement->type == J_OBJECT)
                CHECK(jget(agreement, "agrees")->boolean, "%s: expected the engines to agree, got a "
                      "relative difference of %g", what, jnum(agreement, "max_relative_loss_difference"));
        } else {
            CHECK(strcmp(vk, "unavailable") == 0, "%s: expected the vulkan run unavailable, got %s", what, vk);
            const char *reason = jstr(&runs->items[1], "reason");
            CHECK(reason && strlen(reason) > 10, "%s: expected a reason, got \"%s\"", what, reason);
            CHECK(agreement && agreement->type == J_NULL, "%s: expected no agreement", what);
        }
    }
}

static void test_bench_table(void)
{
    char *json = temp_path("bench.json");
    const char *args[] = { "--bench", "--workload", "playground", "--workload", "seed", "--quiet",
                           "--json", json, NULL };
    result r = run(NULL, args);
    check_clean_exit("bench", &r);
    CHECK(r.code == 0, "bench: expected exit 0, got %d: %.2000s", r.code, r.err);
    CHECK(strstr(r.out, "playground") && strstr(r.out, "samples/s"), "bench: expected the table on "
          "stdout, got: %.1000s", r.out);
    result_free(&r);
    char *text = read_text(json);
    jvalue doc = { 0 };
    if (check_valid("bench --json", text, &doc))
        check_bench_report("bench", &doc, -1);
    jfree(&doc);
    free(text);

    /* without a Vulkan loader the Vulkan rows say why, and the table still comes */
    const char *args2[] = { "--bench", "--workload", "playground", "--workload", "seed", "--quiet",
                            "--json", "-", NULL };
    r = run("NEURONE_VK_FAULT=loader", args2);
    check_clean_exit("bench without Vulkan", &r);
    CHECK(r.code == 0, "bench without Vulkan: expected exit 0, got %d: %.2000s", r.code, r.err);
    if (check_valid("bench --json - without Vulkan", r.out, &doc))
        check_bench_report("bench without Vulkan", &doc, 0);
    CHECK(strstr(r.err, "unavailable"), "expected the table on stderr when the JSON goes to stdout, "
          "got: %.500s", r.err);
    jfree(&doc);
    result_free(&r);

    r = run(NULL, (const char *[]){ "--bench", "--workload", "huge", NULL });
    CHECK(r.code == 2 && strstr(r.err, "unknown name \"huge\""), "expected exit 2 for an unknown "
          "workload, got %d: %.300s", r.code, r.err);
    result_free(&r);
}

/* ---- grading ----------------------------------------------------------------------------------------- */

static void check_ok(const char *what, const jvalue *doc, const char *format, int epochs)
{
    CHECK(jis(doc, "status", "ok"), "%s: expected status ok, got %s (%s)", what, jstr(doc, "status"),
          jstr(doc, "message"));
    if (!jis(doc, "status", "ok"))
        return;
    CHECK(jis(doc, "format", format), "%s: expected format %s, got %s", what, format,
          jstr(doc, "format"));
    CHECK(jget(doc, "train_loss")->n == epochs, "%s: expected %d epochs of history, got %d", what, epochs,
          jget(doc, "train_loss")->n);
}

static void test_grade_descriptions(void)
{
    jvalue doc = grade("good.txt", NULL, (const char *[]){ "--bench", "--model", fixture("good.txt"),
                       "--data", "iris", "--epochs", "20", "--quiet", NULL }, 0);
    check_ok("good.txt", &doc, "description", 20);
    CHECK(jnum(&doc, "test_accuracy") >= 0.8, "good.txt: expected a test accuracy of 0.8 or more after "
          "20 epochs, got %g", jnum(&doc, "test_accuracy"));
    CHECK(jnum(&doc, "batch_size") == 16, "good.txt: expected the description's batch_size 16, got %g",
          jnum(&doc, "batch_size"));
    CHECK(jnum(jget(&doc, "samples"), "test") == 30, "good.txt: expected 30 test samples (0.2 of 150), "
          "got %g", jnum(jget(&doc, "samples"), "test"));
    jfree(&doc);

    doc = grade("logits.txt", NULL, (const char *[]){ "--bench", "--model", fixture("logits.txt"), "--data",
                "iris", "--epochs", "3", "--test-size", "0.5", "--batch-size", "8", "--quiet", NULL }, 0);
    check_ok("logits.txt", &doc, "description", 3);
    if (doc.type == J_OBJECT) {
        CHECK(jget(&doc, "train_accuracy")->type == J_NULL, "logits.txt: expected no training accuracy "
              "without the metric");
        CHECK(jnum(jget(&doc, "samples"), "test") == 75, "logits.txt: expected 75 test samples, got %g",
              jnum(jget(&doc, "samples"), "test"));
        CHECK(jnum(&doc, "batch_size") == 8, "logits.txt: expected --batch-size 8, got %g",
              jnum(&doc, "batch_size"));
    }
    jfree(&doc);

    doc = grade("binary.txt", NULL, (const char *[]){ "--bench", "--model", fixture("binary.txt"), "--data",
                "breast_cancer", "--epochs", "5", "--quiet", NULL }, 0);
    check_ok("binary.txt", &doc, "description", 5);
    CHECK(jnum(&doc, "test_accuracy") >= 0.85, "binary.txt: expected a test accuracy of 0.85 or more, "
          "got %g", jnum(&doc, "test_accuracy"));
    jfree(&doc);

    doc = grade("points.txt on points.csv", NULL, (const char *[]){ "--bench", "--model",
                fixture("points.txt"), "--data", fixture("points.csv"), "--target", "label", "--epochs",
                "30", "--quiet", NULL }, 0);
    check_ok("points.txt", &doc, "description", 30);
    CHECK(jnum(jget(&doc, "samples"), "features") == 2 && jnum(jget(&doc, "samples"), "classes") == 2,
          "points.csv: expected 2 features and 2 classes");
    CHECK(jnum(&doc, "test_accuracy") >= 0.75, "points.txt: expected a test accuracy of 0.75 or more, "
          "got %g", jnum(&doc, "test_accuracy"));
    jfree(&doc);
}

/* The same seed gives the same line, timing aside; another seed gives other numbers. */
static void test_same_seed(void)
{
    const char *args[] = { "--bench", "--model", fixture("good.txt"), "--data", "iris", "--epochs", "4",
                           "--seed", "3", "--quiet", NULL };
    jvalue a = grade("seed 3, first run", NULL, args, 0), b = grade("seed 3, second run", NULL, args, 0);
    CHECK(a.type == J_OBJECT && jequal(&a, &b, "timing"), "expected two runs with seed 3 to give the same "
          "line without its timing");
    const char *other[] = { "--bench", "--model", fixture("good.txt"), "--data", "iris", "--epochs", "4",
                            "--seed", "4", "--quiet", NULL };
    jvalue c = grade("seed 4", NULL, other, 0);
    CHECK(c.type == J_OBJECT && jnum(&a, "test_loss") != jnum(&c, "test_loss"), "expected seed 4 to give "
          "another test loss than seed 3, got %g both times: the same-seed check would pass trivially",
          jnum(&c, "test_loss"));
    jfree(&a);
    jfree(&b);
    jfree(&c);
}

static nn_model *iris_model(void)
{
    nn_model *m = nn_sequential();
    nn_add_dense(m, 8, "relu", 4);
    nn_add_dense(m, 3, "softmax", 0);
    nn_compile(m, "adam", "sparse_categorical_crossentropy", "accuracy");
    return m;
}

static int write_file(const char *path, const void *bytes, size_t n)
{
    FILE *f = fopen(path, "wb");
    int ok = f && fwrite(bytes, 1, n, f) == n;
    if (f)
        fclose(f);
    return ok ? 0 : -1;
}

static unsigned char *read_file(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    unsigned char *b = malloc(1 << 20);
    *n = f && b ? fread(b, 1, 1 << 20, f) : 0;
    if (f)
        fclose(f);
    return b;
}

/* A saved model: graded as is with --epochs 0, trained further otherwise; damaged copies. */
static void test_saved_models(void)
{
    nn_model *m = iris_model();
    nn_dataset d = { 0 };
    CHECK(nn_load_builtin(&d, "iris") == 0, "iris: %s", nn_error());
    char *saved = temp_path("iris.nn");
    CHECK(nn_save(m, saved) == 0, "save: %s", nn_error());
    jvalue doc = grade("saved, --epochs 0", NULL, (const char *[]){ "--bench", "--model", saved, "--data",
                       "iris", "--epochs", "0", "--quiet", NULL }, 0);
    check_ok("saved, --epochs 0", &doc, "saved", 0);
    jfree(&doc);
    doc = grade("saved, 3 epochs", NULL, (const char *[]){ "--bench", "--model", saved, "--data", "iris",
                "--epochs", "3", "--quiet", NULL }, 0);
    check_ok("saved, 3 epochs", &doc, "saved", 3);
    jfree(&doc);
    nn_dataset_free(&d);

    size_t n;
    unsigned char *bytes = read_file(saved, &n);
    CHECK(n > 100, "expected a saved model file, got %zu bytes", n);
    bytes[n / 2] ^= 0x40;
    write_file(temp_path("flipped.nn"), bytes, n);
    bytes[n / 2] ^= 0x40;
    write_file(temp_path("truncated.nn"), bytes, n - 9);
    free(bytes);
    nn_free(m);

    m = nn_sequential();
    nn_add_dense(m, 3, "softmax", 4);
    nn_save(m, temp_path("uncompiled.nn"));
    nn_free(m);
}

typedef struct broken_case {
    const char *name, *model;
    const char *extra[7];     /* more arguments, up to a NULL */
    const char *kind;
    int code, line;
    const char *needle;       /* in the message */
} broken_case;

static void check_broken(const broken_case *c)
{
    const char *args[20] = { "--bench", "--model", c->model, "--data", "iris", "--epochs", "3", "--quiet" };
    int n = 8;
    for (int i = 0; i < 6 && c->extra[i]; i++)
        args[n++] = c->extra[i];
    args[n] = NULL;
    jvalue doc = grade(c->name, NULL, args, c->code);
    if (doc.type == J_OBJECT) {
        CHECK(jis(&doc, "status", "error"), "%s: expected status error, got %s", c->name,
              jstr(&doc, "status"));
        CHECK(jis(&doc, "kind", c->kind), "%s: expected kind %s, got %s "
              "(%s)", c->name, c->kind, jstr(&doc, "kind"), jstr(&doc, "message"));
        const jvalue *line = jget(&doc, "line");
        CHECK(c->line ? line->type == J_NUMBER && line->number == c->line : line->type == J_NULL,
              "%s: expected line %d, got %g", c->name, c->line, line->type == J_NUMBER ? line->number : 0.0);
        CHECK(jstr(&doc, "message") && strstr(jstr(&doc, "message"), c->needle), "%s: expected \"%s\" in the message, got \"%s\"",
              c->name, c->needle, jstr(&doc, "message"));
    }
    jfree(&doc);
}

static void test_broken_submissions(void)
{
    write_file(temp_path("binary.bin"), "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
    mkdir(temp_path("folder.txt"), 0700);
    const broken_case cases[] = {
        { "absent file", temp_path("absent.txt"), { 0 }, "unreadable", 1, 0, "No such file" },
        { "a folder", temp_path("folder.txt"), { 0 }, "unreadable", 1, 0, "is a directory" },
        { "bad units", fixture("malformed_units.txt"), { 0 }, "malformed", 1, 3, "dense units" },
        { "param first", fixture("malformed_order.txt"), { 0 }, "malformed", 1, 4, "param" },
        { "no compile", fixture("no_compile.txt"), { 0 }, "malformed", 1, 0, "no compile line" },
        { "binary file", temp_path("binary.bin"), { 0 }, "malformed", 1, 2, "byte 0x1a in column 1" },
        { "input width", fixture("wrong_input.txt"), { 0 }, "shape", 1, 0, "takes 5 input values" },
        { "output units", fixture("wrong_output.txt"), { 0 }, "shape", 1, 0, "has 2 units" },
        { "diverging", fixture("diverging.txt"), { 0 }, "diverged", 1, 0, "diverged" },
        { "timeout", fixture("slow.txt"), { "--data", "digits", "--epochs", "100000", "--timeout", "0.5" },
          "timeout", 1, 0, "--timeout 0.5" },
        { "flipped byte", temp_path("flipped.nn"), { 0 }, "corrupted", 1, 0, "checksum" },
        { "truncated", temp_path("truncated.nn"), { 0 }, "corrupted", 1, 0, "truncated" },
        { "never compiled", temp_path("uncompiled.nn"), { 0 }, "malformed", 1, 0, "never compiled" },
        { "bad option", fixture("good.txt"), { "--epochs", "many" }, "usage", 2, 0, "--epochs" },
        { "unknown option", fixture("good.txt"), { "--learning-rate", "1" }, "usage", 2, 0, "unknown option" },
        { "unknown data", fixture("good.txt"), { "--data", "iris2" }, "data", 2, 0, "no such file, nor" },
        { "bad target", fixture("points.txt"), { "--data", fixture("points.csv"), "--target", "colour" },
          "data", 2, 0, "colour" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        check_broken(&cases[i]);
}

/* docs/grading.md's loop over a folder: one line for each submission, whatever it holds. */
static void test_grading_loop(void)
{
    static const char *const sources[] = { "good.txt", "logits.txt", "malformed_units.txt",
                                            "wrong_output.txt", "diverging.txt", "no_compile.txt" };
    char folder[128], cmd[1024];
    snprintf(folder, sizeof folder, "%s/submissions", tmpdir);
    mkdir(folder, 0700);
    int count = 0;
    for (size_t i = 0; i < sizeof sources / sizeof *sources; i++) {
        size_t n;
        unsigned char *b = read_file(fixture(sources[i]), &n);
        char path[256];
        snprintf(path, sizeof path, "%s/student %02zu.txt", folder, i); /* a space, as names have */
        count += write_file(path, b, n) == 0;
        free(b);
    }
    size_t n;
    unsigned char *b = read_file(temp_path("flipped.nn"), &n);
    char path[256];
    snprintf(path, sizeof path, "%s/student 99.nn", folder);
    count += write_file(path, b, n) == 0;
    free(b);
    snprintf(cmd, sizeof cmd,
             "for f in '%s'/*; do '%s' --bench --model \"$f\" --data iris --epochs 3 --quiet; done "
             "> '%s/grades.jsonl' 2>/dev/null", folder, neurone, tmpdir);
    CHECK(system(cmd) != -1, "the loop did not run");
    char *text = read_text(temp_path("grades.jsonl"));
    int lines = 0, ok = 0;
    for (char *line = text, *end; *line; line = end + 1) {
        end = strchr(line, '\n');
        if (!end)
            break;
        *end = '\0';
        lines++;
        jvalue doc;
        if (check_valid("a line of the loop", line, &doc)) {
            ok += jis(&doc, "status", "ok");
            jfree(&doc);
        }
    }
    CHECK(lines == count, "expected one line for each of the %d submissions, got %d", count, lines);
    CHECK(ok == 2, "expected 2 submissions graded, got %d", ok);
    free(text);
}

/* neurone run --json: a notebook that runs and a script with an error, each one record valid under
 * the schema's run_record; both are kept (runs.jsonl) for python3-jsonschema below. */
static void test_run_records(void)
{
    static const struct { const char *script, *status; int code; } cases[] = {
        { "notebook.ipynb", "ok", 0 },
        { "bad_optimizer.py", "error", 1 },
    };
    FILE *all = fopen(temp_path("runs.jsonl"), "w");
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char script[512], *json = temp_path("run.json");
        snprintf(script, sizeof script, "%s/tests/keras_scripts/%s", source_root, cases[i].script);
        const char *args[] = { "run", script, "--epochs", "1", "--lang", "en", "--json", json, NULL };
        result r = run(NULL, args);
        check_clean_exit(cases[i].script, &r);
        CHECK(r.code == cases[i].code, "run %s: expected exit %d, got %d: %.2000s", cases[i].script,
              cases[i].code, r.code, r.err);
        result_free(&r);
        char *text = read_text(json);
        jvalue doc = { 0 };
        if (check_valid(cases[i].script, text, &doc)) {
            CHECK(jis(&doc, "mode", "run") && jis(&doc, "status", cases[i].status),
                  "run %s: expected mode run, status %s, got: %.1000s", cases[i].script, cases[i].status, text);
            jfree(&doc);
        }
        if (all)
            fputs(text, all);
        free(text);
    }
    CHECK(all && fclose(all) == 0, "cannot write runs.jsonl");
}

/* The same documents through python3-jsonschema when it is installed, an implementation that
 * owes nothing to the one above; it also checks that the schema itself is valid 2020-12. */
static void test_python_jsonschema(void)
{
    if (system("python3 -c 'import jsonschema' >/dev/null 2>&1") != 0) {
        printf("     (python3-jsonschema is not installed: skipped)\n");
        return;
    }
    char script[128];
    snprintf(script, sizeof script, "%s/check.py", tmpdir);
    FILE *f = fopen(script, "w");
    if (!f) {
        CHECK(0, "cannot write %s", script);
        return;
    }
    fputs("import json, sys, jsonschema\n"
          "schema = json.load(open(sys.argv[1]))\n"
          "jsonschema.Draft202012Validator.check_schema(schema)\n"
          "v = jsonschema.Draft202012Validator(schema)\n"
          "v.validate(json.load(open(sys.argv[2])))\n"
          "lines = open(sys.argv[3]).read().splitlines()\n"
          "assert lines, 'no lines'\n"
          "for line in lines + open(sys.argv[4]).read().splitlines():\n"
          "    v.validate(json.loads(line))\n", f);
    fclose(f);
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "python3 '%s' '%s/docs/bench-schema.json' '%s/bench.json' "
             "'%s/grades.jsonl' '%s/runs.jsonl' 1>&2", script, source_root, tmpdir, tmpdir, tmpdir);
    int rc = system(cmd);
    CHECK(rc == 0, "expected python3-jsonschema to accept the schema, bench.json, grades.jsonl and runs.jsonl, "
          "got status %d (its report is above)", rc);
}

/* ---- main ---------------------------------------------------------------------------------------------- */

static void remove_tree(const char *dir)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: test_bench SOURCE_ROOT NEURONE_EXE\n");
        return 2;
    }
    source_root = argv[1];
    neurone = argv[2];
    snprintf(tmpdir, sizeof tmpdir, "/tmp/test_bench.XXXXXX");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    char path[512];
    snprintf(path, sizeof path, "%s/docs/bench-schema.json", source_root);
    size_t n;
    unsigned char *text = read_file(path, &n);
    char why[200];
    if (n == 0 || json_parse((const char *)text, n, &schema, why, sizeof why) < 0) {
        fprintf(stderr, "FAIL: %s: expected a JSON schema, got %s\n", path, n ? why : "nothing");
        free(text);
        remove_tree(tmpdir);
        return 1;
    }
    free(text);
    RUN(test_describe_good);
    RUN(test_describe_errors);
    RUN(test_validator_refuses);
    RUN(test_bench_table);
    RUN(test_grade_descriptions);
    RUN(test_same_seed);
    RUN(test_saved_models);
    RUN(test_broken_submissions);
    RUN(test_grading_loop);
    RUN(test_run_records);
    RUN(test_python_jsonschema);
    jfree(&schema);
    remove_tree(tmpdir);
    return failures != 0;
}
