/* keras_run.c — the interpreter's session: names, imports, expressions, assignments, print, and
 * the notes for what it skips. The Keras classes and calls are in keras_model.c. */
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "keras_internal.h"
#include "lang.h"

/* ---- values and errors -------------------------------------------------------------------------- */

kv *knew(keras_session *s, int kind)
{
    kv *v = py_alloc(&s->arena, sizeof *v);
    if (!v)
        return kerr(s, NULL, "out of memory");
    v->kind = kind;
    return v;
}

kv *knum(keras_session *s, double x, int is_int)
{
    kv *v = knew(s, V_NUM);
    if (v) {
        v->num = x;
        v->is_int = is_int;
    }
    return v;
}

int kadopt(keras_session *s, void *p)
{
    if (s->n_owned == s->cap_owned) {
        int cap = s->cap_owned ? s->cap_owned * 2 : 16;
        void **o = realloc(s->owned, (size_t)cap * sizeof *o);
        if (!o)
            return -1;
        s->owned = o;
        s->cap_owned = cap;
    }
    s->owned[s->n_owned++] = p;
    return 0;
}

void *kown(keras_session *s, size_t bytes)
{
    void *p = malloc(bytes ? bytes : 1);
    if (p && kadopt(s, p) < 0) {
        free(p);
        return NULL;
    }
    return p;
}

kv *kerr(keras_session *s, const py_node *at, const char *fmt, ...)
{
    if (s->failed || s->skipping)
        return NULL;
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    int n;
    if (at)
        n = snprintf(s->error, sizeof s->error, "%s:%d:%d: ", s->where, at->line, at->col);
    else
        n = snprintf(s->error, sizeof s->error, "%s: ", s->where);
    n = n < 0 || n >= (int)sizeof s->error ? 0 : n;
    snprintf(s->error + n, sizeof s->error - (size_t)n, "%s", msg);
    s->error_line = at ? at->line : 0;
    s->error_col = at ? at->col : 0;
    s->error_what = s->error + n;
    s->failed = 1;
    return NULL;
}

kv *kskip(keras_session *s, const char *fmt, ...)
{
    if (s->failed || s->skipping)
        return NULL;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->reason, sizeof s->reason, fmt, ap);
    va_end(ap);
    s->skipping = 1;
    return NULL;
}

const py_node *karg(const py_node *call, int pos, const char *kw)
{
    int k = 0;
    for (int i = 0; i < call->n_items; i++) {
        const py_node *a = call->items[i];
        if (a->kw ? kw && strcmp(a->kw, kw) == 0 : k++ == pos)
            return a;
    }
    return NULL;
}

int kcheck_kwargs(keras_session *s, const py_node *call, const char *what, const char *const *known)
{
    for (int i = 0; i < call->n_items; i++) {
        const py_node *a = call->items[i];
        if (!a->kw)
            continue;
        int k = 0;
        while (known[k] && strcmp(known[k], a->kw) != 0)
            k++;
        if (known[k])
            continue;
        char list[300] = "";
        for (k = 0; known[k]; k++)
            snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", k ? ", " : "", known[k]);
        py_node at = { .line = a->kw_line, .col = a->kw_col };
        kerr(s, &at, TR("%s : argument nommé inconnu '%s' ; connus : %s",
                      "%s: unknown keyword argument '%s'; known: %s"), what, a->kw, list);
        return -1;
    }
    return 0;
}

/* ---- names -------------------------------------------------------------------------------------- */

kv *klookup(keras_session *s, const char *name)
{
    for (int i = s->n_vars - 1; i >= 0; i--)
        if (strcmp(s->vars[i].name, name) == 0)
            return s->vars[i].v;
    return NULL;
}

static int bind(keras_session *s, const char *name, kv *v)
{
    for (int i = 0; i < s->n_vars; i++)
        if (strcmp(s->vars[i].name, name) == 0) {
            s->vars[i].v = v;
            return 0;
        }
    if (s->n_vars == (int)(sizeof s->vars / sizeof s->vars[0]))
        return kerr(s, NULL, "too many names") ? 0 : -1;
    s->vars[s->n_vars].name = py_strndup(&s->arena, name, strlen(name));
    s->vars[s->n_vars++].v = v;
    return 0;
}

/* tensorflow.keras.X and keras.X are the same thing */
static const char *canonical(keras_session *s, const char *path)
{
    static const char *const prefixes[] = { "tensorflow.keras", "tf.keras", "tensorflow.python.keras", NULL };
    for (int k = 0; prefixes[k]; k++) {
        size_t n = strlen(prefixes[k]);
        if (strncmp(path, prefixes[k], n) == 0 && (path[n] == 0 || path[n] == '.')) {
            char buf[300];
            snprintf(buf, sizeof buf, "keras%s", path + n);
            return py_strndup(&s->arena, buf, strlen(buf));
        }
    }
    return path;
}

static kv *module(keras_session *s, const char *path)
{
    kv *v = knew(s, V_MODULE);
    if (v)
        v->str = canonical(s, path);
    return v;
}

/* ---- expressions -------------------------------------------------------------------------------- */

static const char *const builtins[] = { "print", "len", "list", "range", "enumerate", "str", "int", "float",
    "round", "max", "min", "sum", "type", "zip", "abs", "sorted", "dict", "set", "isinstance", NULL };

static kv *eval_name(keras_session *s, const py_node *n)
{
    if (n->kind == N_CONST) {
        kv *v = knew(s, n->name[0] == 'N' ? V_NONE : V_BOOL);
        if (v)
            v->num = n->name[0] == 'T';
        return v;
    }
    kv *v = klookup(s, n->name);
    if (v)
        return v;
    for (int k = 0; builtins[k]; k++)
        if (strcmp(builtins[k], n->name) == 0)
            return module(s, n->name);
    if (s->o.dry) /* the code panel: a misspelt name is the student's error, not a line to skip */
        return kerr(s, n, TR("NameError : le nom '%s' n'est pas défini", "NameError: name '%s' is not defined"),
                    n->name);
    return kskip(s, "'%s' is not known here (a skipped line may define it)", n->name);
}

static kv *data_scaled(keras_session *s, const py_node *n, kdata *d, double k)
{
    kv *v = knew(s, V_DATA);
    kdata *e = kown(s, sizeof *e);
    float *x = e ? kown(s, (size_t)d->n * (size_t)d->dim * sizeof *x) : NULL;
    if (!v || !x)
        return kerr(s, n, "out of memory");
    *e = *d;
    e->v = x;
    for (size_t i = 0; i < (size_t)d->n * (size_t)d->dim; i++)
        x[i] = (float)(d->v[i] * k);
    v->data = e;
    return v;
}

static kv *eval_binop(keras_session *s, const py_node *n)
{
    kv *a = keval(s, n->a), *b = a ? keval(s, n->b) : NULL;
    if (!b)
        return NULL;
    const char *op = n->op;
    if (a->kind == V_DATA && b->kind == V_NUM && (!strcmp(op, "/") || !strcmp(op, "*"))) {
        if (!strcmp(op, "/") && b->num == 0)
            return kerr(s, n, "division by zero");
        return data_scaled(s, n, a->data, !strcmp(op, "/") ? 1.0 / b->num : b->num);
    }
    if (a->kind != V_NUM || b->kind != V_NUM)
        return kskip(s, "the operator %s is run on numbers and on arrays divided by a number only", op);
    double x = a->num, y = b->num, r;
    int is_int = a->is_int && b->is_int;
    if ((!strcmp(op, "/") || !strcmp(op, "//") || !strcmp(op, "%")) && y == 0)
        return kerr(s, n, "division by zero");
    if (!strcmp(op, "+")) r = x + y;
    else if (!strcmp(op, "-")) r = x - y;
    else if (!strcmp(op, "*")) r = x * y;
    else if (!strcmp(op, "/")) { r = x / y; is_int = 0; }
    else if (!strcmp(op, "//")) r = floor(x / y);
    else if (!strcmp(op, "%")) r = x - floor(x / y) * y;
    else r = pow(x, y);
    return knum(s, r, is_int);
}

static kv *eval_subscript(keras_session *s, const py_node *n)
{
    kv *a = keval(s, n->a), *i = a ? keval(s, n->b) : NULL;
    if (!i)
        return NULL;
    if (i->kind != V_NUM || !i->is_int)
        return kskip(s, "only a whole-number index is run by the reader");
    long k = (long)i->num;
    if (a->kind == V_LIST || a->kind == V_TUPLE) {
        if (k < 0)
            k += a->n;
        if (k < 0 || k >= a->n)
            return kerr(s, n->b, "IndexError: index %ld out of range (%d items)", (long)i->num, a->n);
        return a->items[k];
    }
    if (a->kind != V_DATA)
        return kskip(s, "this subscript is not run by the reader");
    kdata *d = a->data;
    if (k < 0)
        k += d->n;
    if (k < 0 || k >= d->n)
        return kerr(s, n->b, "IndexError: index %ld is out of bounds for axis 0 with size %d", (long)i->num, d->n);
    if (d->dim == 1 && d->ndim <= 1)
        return knum(s, d->v[k], d->classes > 0);
    kv *v = knew(s, V_DATA);
    kdata *row = kown(s, sizeof *row);
    if (!v || !row)
        return kerr(s, n, "out of memory");
    *row = *d;
    row->v = d->v + (size_t)k * (size_t)d->dim;
    row->n = 1;
    row->classes = -1; /* one sample, not a batch: np.argmax gives a number */
    v->data = row;
    return v;
}

static kv *eval_attr(keras_session *s, const py_node *n)
{
    kv *a = keval(s, n->a);
    if (!a)
        return NULL;
    if (a->kind == V_MODULE) {
        char buf[300];
        snprintf(buf, sizeof buf, "%s.%s", a->str, n->name);
        return module(s, py_strndup(&s->arena, buf, strlen(buf)));
    }
    if (a->kind == V_DATA && strcmp(n->name, "shape") == 0) {
        kdata *d = a->data;
        kv *t = knew(s, V_TUPLE);
        int dims[4] = { d->n }, nd = 1;
        for (int k = 0; k < (d->ndim ? d->ndim : 1) && d->dim > 1; k++)
            dims[nd++] = d->ndim ? d->shape[k] : d->dim;
        t->items = py_alloc(&s->arena, 4 * sizeof *t->items);
        for (int k = d->classes < 0; k < nd; k++) /* a row (x[i]) has no batch axis */
            t->items[t->n++] = knum(s, dims[k], 1);
        return t;
    }
    return kskip(s, "the attribute .%s is not run by the reader", n->name);
}

static kv *eval_call(keras_session *s, const py_node *n);

kv *keval(keras_session *s, const py_node *n)
{
    kv *v;
    switch (n->kind) {
    case N_NAME: case N_CONST: return eval_name(s, n);
    case N_NUM: return knum(s, n->num, n->is_int);
    case N_STR:
        if ((v = knew(s, V_STR)))
            v->str = n->name;
        return v;
    case N_LIST: case N_TUPLE:
        if (!(v = knew(s, n->kind == N_LIST ? V_LIST : V_TUPLE)))
            return NULL;
        v->items = py_alloc(&s->arena, (size_t)(n->n_items + 1) * sizeof *v->items);
        for (int i = 0; i < n->n_items; i++)
            if (!(v->items[v->n++] = keval(s, n->items[i])))
                return NULL;
        return v;
    case N_UNARY:
        if (!(v = keval(s, n->a)))
            return NULL;
        if (v->kind != V_NUM)
            return kskip(s, "a sign is run on numbers only");
        return knum(s, n->op[0] == '-' ? -v->num : v->num, v->is_int);
    case N_BINOP: return eval_binop(s, n);
    case N_SUBSCRIPT: return eval_subscript(s, n);
    case N_ATTR: return eval_attr(s, n);
    default: return eval_call(s, n);
    }
}

/* ---- print, len, np.argmax ---------------------------------------------------------------------- */

/* Python's repr of a float: the shortest text that reads back to the same double */
static void float_repr(char *buf, size_t size, double x)
{
    if (isnan(x) || isinf(x)) {
        snprintf(buf, size, "%s", isnan(x) ? "nan" : x > 0 ? "inf" : "-inf");
        return;
    }
    int p = 1;
    for (; p < 17; p++) { /* the fewest significant digits that read back */
        snprintf(buf, size, "%.*e", p - 1, x);
        if (strtod(buf, NULL) == x)
            break;
    }
    int exp = x == 0 ? 0 : (int)floor(log10(fabs(x)));
    if (exp >= -4 && exp < 16) /* Python writes these without an exponent */
        snprintf(buf, size, "%.*f", p - 1 - exp > 0 ? p - 1 - exp : 0, x);
    if (!strpbrk(buf, ".e") && strlen(buf) + 2 < size)
        strcat(buf, ".0");
}

/* str(v), or repr(v) inside a list; -1 for what the reader does not print */
static int format_value(char *buf, size_t size, const kv *v, int as_repr)
{
    size_t len = strlen(buf);
    char *p = buf + len;
    size_t left = size - len;
    switch (v->kind) {
    case V_NONE: snprintf(p, left, "None"); return 0;
    case V_BOOL: snprintf(p, left, "%s", v->num ? "True" : "False"); return 0;
    case V_NUM:
        if (v->is_int)
            snprintf(p, left, "%.0f", v->num);
        else
            float_repr(p, left, v->num);
        return 0;
    case V_STR: snprintf(p, left, as_repr ? "'%s'" : "%s", v->str); return 0;
    case V_LIST: case V_TUPLE:
        snprintf(p, left, "%s", v->kind == V_LIST ? "[" : "(");
        for (int i = 0; i < v->n; i++) {
            if (i)
                strncat(buf, ", ", size - strlen(buf) - 1);
            if (format_value(buf, size, v->items[i], 1) < 0)
                return -1;
        }
        strncat(buf, v->kind == V_LIST ? "]" : v->n == 1 ? ",)" : ")", size - strlen(buf) - 1);
        return 0;
    default: return -1;
    }
}

static kv *call_print(keras_session *s, const py_node *call)
{
    static const char *const known[] = { "sep", "end", "flush", "file", NULL };
    if (kcheck_kwargs(s, call, "print", known) < 0)
        return NULL;
    char line[4096] = "";
    int k = 0;
    for (int i = 0; i < call->n_items; i++) {
        if (call->items[i]->kw)
            continue;
        kv *v = keval(s, call->items[i]);
        if (!v)
            return NULL;
        if (k++)
            strncat(line, " ", sizeof line - strlen(line) - 1);
        if (format_value(line, sizeof line, v, 0) < 0)
            return kskip(s, "print() of arrays and models is not run by the reader");
    }
    if (s->o.out)
        fprintf(s->o.out, "%s\n", line);
    return knew(s, V_NONE);
}

static kv *call_builtin(keras_session *s, const py_node *call, const char *name)
{
    if (strcmp(name, "print") == 0)
        return call_print(s, call);
    const py_node *arg = karg(call, 0, NULL);
    kv *v = arg && call->n_items == 1 ? keval(s, arg) : NULL;
    if (!v)
        return s->failed || s->skipping ? NULL : kskip(s, "%s() is not run by the reader", name);
    if (strcmp(name, "len") == 0 && (v->kind == V_LIST || v->kind == V_TUPLE || v->kind == V_STR))
        return knum(s, v->kind == V_STR ? (double)strlen(v->str) : v->n, 1);
    if (strcmp(name, "len") == 0 && v->kind == V_DATA)
        return knum(s, v->data->n, 1);
    if (strcmp(name, "numpy.argmax") == 0 && v->kind == V_DATA && v->data->n == 1 && v->data->classes < 0) {
        int best = 0;
        for (int j = 1; j < v->data->dim; j++)
            if (v->data->v[j] > v->data->v[best])
                best = j;
        return knum(s, best, 1);
    }
    return kskip(s, "%s() is not run by the reader here", name);
}

/* np.expand_dims(x[i], 0): one sample becomes a batch of one, as the course does before predict */
static kv *expand_dims(keras_session *s, const py_node *call)
{
    const py_node *a = karg(call, 0, "a"), *ax = karg(call, 1, "axis");
    kv *x = a ? keval(s, a) : NULL, *k = x && ax ? keval(s, ax) : NULL;
    if (!k)
        return s->failed || s->skipping ? NULL : kskip(s, "numpy.expand_dims() is run with an array and an axis");
    if (x->kind != V_DATA || x->data->classes >= 0 || k->kind != V_NUM || k->num != 0)
        return kskip(s, "numpy.expand_dims() is run on one sample (x[i]) with axis 0 only");
    kv *v = knew(s, V_DATA);
    kdata *d = kown(s, sizeof *d);
    if (!v || !d)
        return kerr(s, call, "out of memory");
    *d = *x->data;
    d->classes = 0; /* a batch: (1, 28, 28) */
    v->data = d;
    return v;
}

static kv *eval_call(keras_session *s, const py_node *n)
{
    const py_node *f = n->a;
    kv *obj = keval(s, f->kind == N_ATTR ? f->a : f);
    if (!obj)
        return NULL;
    if (f->kind == N_ATTR && obj->kind != V_MODULE)
        return kcall_method(s, n, obj, f->name);
    if (obj->kind != V_MODULE)
        return kskip(s, "this call is not run by the reader");
    const char *path = obj->str;
    if (f->kind == N_ATTR) {
        char buf[300];
        snprintf(buf, sizeof buf, "%s.%s", obj->str, f->name);
        path = canonical(s, py_strndup(&s->arena, buf, strlen(buf)));
    }
    if (strncmp(path, "keras.", 6) == 0)
        return kcall_keras(s, n, path);
    if (strcmp(path, "numpy.expand_dims") == 0)
        return expand_dims(s, n);
    if (!strchr(path, '.') || strcmp(path, "numpy.argmax") == 0)
        return call_builtin(s, n, path);
    return kskip(s, "%s() is not run by the reader%s", path,
                 strncmp(path, "matplotlib", 10) == 0 ? " (plots)" : "");
}

/* ---- statements --------------------------------------------------------------------------------- */

static int assign(keras_session *s, const py_node *target, kv *v)
{
    if (target->kind == N_NAME)
        return bind(s, target->name, v);
    if (target->kind != N_TUPLE && target->kind != N_LIST) {
        kskip(s, "assigning to an attribute or an item is not run by the reader");
        return -1;
    }
    if (v->kind != V_TUPLE && v->kind != V_LIST) {
        kerr(s, target, "TypeError: cannot unpack this value into %d names", target->n_items);
        return -1;
    }
    if (v->n != target->n_items) {
        kerr(s, target, v->n > target->n_items ? "ValueError: too many values to unpack (expected %d)"
                                               : "ValueError: not enough values to unpack (expected %d, got %d)",
             target->n_items, v->n);
        return -1;
    }
    for (int i = 0; i < v->n; i++)
        if (assign(s, target->items[i], v->items[i]) < 0)
            return -1;
    return 0;
}

void keras_session_skip(keras_session *s, const char *where, int line, const char *why)
{
    if (s->o.notes && line > 0)
        fprintf(s->o.notes, "%s:%d: skipped: %s\n", where, line, why);
    else if (s->o.notes)
        fprintf(s->o.notes, "%s: skipped: %s\n", where, why);
    s->st.skipped++;
    if (s->n_notes == s->cap_notes) {
        int cap = s->cap_notes ? s->cap_notes * 2 : 64;
        keras_note *n = realloc(s->notes, (size_t)cap * sizeof *n);
        if (!n)
            return; /* the note was printed; only the record is lost */
        s->notes = n;
        s->cap_notes = cap;
    }
    const char *w = py_strndup(&s->arena, where, strlen(where)), *r = py_strndup(&s->arena, why, strlen(why));
    if (w && r)
        s->notes[s->n_notes++] = (keras_note){ w, line, r };
}

static void note_skip(keras_session *s, int line, const char *why)
{
    keras_session_skip(s, s->where, line, why);
}

int krecord_epochs(keras_session *s, const nn_history *h)
{
    if (s->ep.n + h->epochs > s->ep.cap) {
        int cap = (s->ep.n + h->epochs) * 2;
        int *fit = realloc(s->ep.fit, (size_t)cap * sizeof *fit);
        if (fit)
            s->ep.fit = fit;
        float **arrays[] = { &s->ep.loss, &s->ep.metric, &s->ep.val_loss, &s->ep.val_metric };
        for (int k = 0; k < 4 && fit; k++) {
            float *a = realloc(*arrays[k], (size_t)cap * sizeof *a);
            if (!a)
                return -1;
            *arrays[k] = a;
        }
        if (!fit)
            return -1;
        s->ep.cap = cap;
    }
    for (int i = 0; i < h->epochs; i++, s->ep.n++) {
        s->ep.fit[s->ep.n] = s->st.fits;
        s->ep.loss[s->ep.n] = h->loss[i];
        s->ep.metric[s->ep.n] = h->metric ? h->metric[i] : NAN;
        s->ep.val_loss[s->ep.n] = h->val_loss ? h->val_loss[i] : NAN;
        s->ep.val_metric[s->ep.n] = h->val_metric ? h->val_metric[i] : NAN;
    }
    s->ep.has_metric |= h->metric != NULL;
    s->ep.has_val |= h->val_loss != NULL;
    return 0;
}

int keras_session_notes(const keras_session *s, const keras_note **notes)
{
    *notes = s->notes;
    return s->n_notes;
}

nn_model *keras_session_last_model(const keras_session *s)
{
    return s->last ? s->last->m : NULL;
}

void keras_session_epochs(const keras_session *s, keras_epochs *e)
{
    *e = (keras_epochs){ .n = s->ep.n, .fit = s->ep.fit, .loss = s->ep.loss,
                         .metric = s->ep.has_metric ? s->ep.metric : NULL,
                         .val_loss = s->ep.has_val ? s->ep.val_loss : NULL,
                         .val_metric = s->ep.has_val && s->ep.has_metric ? s->ep.val_metric : NULL };
}

static int run_stmt(keras_session *s, const py_stmt *st)
{
    s->skipping = 0;
    int line = st->line, col;
    if (st->kind == S_SKIP && s->o.dry && (sscanf(st->reason, "column %d", &col) == 1 ||
                                           sscanf(st->reason, "line %d, column %d", &line, &col) == 2)) {
        /* a line the parser did not understand: "[line L, ]column N: what" */
        const char *what = strstr(st->reason, ": ");
        py_node at = { .line = line, .col = col };
        kerr(s, &at, TR("erreur de syntaxe : %s", "syntax error: %s"), what ? what + 2 : st->reason);
        return -1;
    }
    if (st->kind == S_SKIP) {
        note_skip(s, st->line, st->reason);
        return 0;
    }
    if (st->kind == S_IMPORT) {
        char first[128];
        snprintf(first, sizeof first, "%.*s", (int)strcspn(st->module, "."), st->module);
        kv *m = module(s, st->alias ? st->module : py_strndup(&s->arena, first, strlen(first)));
        return m ? bind(s, st->alias ? st->alias : first, m) : -1;
    }
    if (st->kind == S_FROM) {
        char buf[300];
        snprintf(buf, sizeof buf, "%s.%s", st->module, st->name);
        kv *m = module(s, py_strndup(&s->arena, buf, strlen(buf)));
        return m ? bind(s, st->alias ? st->alias : st->name, m) : -1;
    }
    kv *v = keval(s, st->value);
    if (v && st->kind == S_ASSIGN)
        assign(s, st->target, v);
    s->expr_value = st->kind == S_EXPR ? v : NULL;
    if (s->failed)
        return -1;
    if (s->skipping)
        note_skip(s, st->line, s->reason);
    return 0;
}

/* ---- the session -------------------------------------------------------------------------------- */

keras_session *keras_session_new(const keras_run_opts *opts)
{
    keras_session *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    if (opts)
        s->o = *opts;
    if (!s->o.out && !s->o.dry)
        s->o.out = stdout;
    if (!s->o.notes && !s->o.dry)
        s->o.notes = stderr;
    return s;
}

int keras_session_run(keras_session *s, const char *src, size_t len, const char *where)
{
    int n;
    s->where = py_strndup(&s->arena, where ? where : "<script>", strlen(where ? where : "<script>"));
    s->failed = 0;
    s->error[0] = 0;
    py_stmt *st = s->where ? py_parse(&s->arena, src, len, &n) : NULL;
    if (!st) {
        snprintf(s->error, sizeof s->error, "%s: out of memory", where ? where : "<script>");
        return -1;
    }
    for (int i = 0; i < n; i++) {
        int rc = run_stmt(s, &st[i]);
        if (s->o.out)
            fflush(s->o.out);
        if (rc < 0)
            return -1;
        if (!s->o.dry && (st[i].kind == S_SKIP || s->skipping)) /* it may draw a figure --plots can make */
            kplots_statement(s, src, len, st[i].line, i + 1 < n ? st[i + 1].line : INT_MAX);
    }
    kplots_end(s);
    char shown[4096] = "";
    kv *v = n > 0 && st[n - 1].kind == S_EXPR ? s->expr_value : NULL;
    if (s->o.display && s->o.out && v && v->kind != V_NONE && format_value(shown, sizeof shown, v, 1) == 0) {
        fprintf(s->o.out, "%s\n", shown); /* what Jupyter shows under the cell */
        fflush(s->o.out);
    }
    return 0;
}

const char *keras_session_error(const keras_session *s) { return s->error; }

int keras_session_declare(keras_session *s, const char *name, int ndim, const int *shape, int classes)
{
    if (ndim < 0 || ndim > 3 || (ndim == 0 && (classes < 1 || classes > 65536)) || !name)
        return -1;
    kv *v = knew(s, V_DATA);
    kdata *d = kown(s, sizeof *d);
    float *x = kown(s, sizeof *x); /* no rows: never read */
    if (!v || !d || !x)
        return -1;
    *d = (kdata){ .v = x, .dim = 1, .ndim = 1, .shape = { 1 }, .classes = ndim ? 0 : classes };
    for (int k = 0; k < ndim; k++) {
        if (shape[k] < 1 || shape[k] > 1000000 || d->dim > 1000000 / shape[k])
            return -1;
        d->shape[k] = shape[k];
        d->dim *= shape[k];
    }
    d->ndim = ndim ? ndim : 1;
    v->data = d;
    return bind(s, name, v);
}

nn_model *keras_session_model(keras_session *s, const char *name)
{
    kv *v = klookup(s, name);
    return v && v->kind == V_MODEL ? v->model->m : NULL;
}

void keras_session_stats(const keras_session *s, keras_run_stats *st) { *st = s->st; }

void keras_session_free(keras_session *s)
{
    if (!s)
        return;
    for (int i = 0; i < s->n_models; i++)
        nn_free(s->models[i]->m);
    for (int i = 0; i < s->n_owned; i++)
        free(s->owned[i]);
    free(s->owned);
    free(s->notes);
    free(s->ep.fit);
    free(s->ep.loss);
    free(s->ep.metric);
    free(s->ep.val_loss);
    free(s->ep.val_metric);
    kplots_free(s);
    py_arena_free(&s->arena);
    free(s);
}

int keras_is_python(const char *src, size_t len, int *line, int *col, const char **why)
{
    py_arena a = { 0 };
    int n, ok = 1;
    py_tok *t = py_lex(&a, src, len, &n);
    for (int i = 0; t && i < n && ok; i++)
        if (t[i].kind == T_ERR) {
            ok = 0;
            *line = t[i].line;
            *col = t[i].col;
            *why = t[i].text; /* static strings: they outlive the arena */
        }
    py_arena_free(&a);
    return ok;
}
