/* keras_plots.c — the figures a script would draw with matplotlib, recognised in the statements the
 * reader skips, so that `neurone run --plots DIR` can draw them from the session's real data.
 *
 * The reader does not run matplotlib, loops or def bodies; it only looks at their tokens. The rules,
 * each a shape the course's notebooks use (anything else stays a plain skip):
 *   - `plt.imshow(X[k])`, X a batch of images: the image with a colour bar ("image").
 *   - `for i in range(N):` whose body has `imshow(X[i]` and `xlabel(C[Y[i]])`: the first N images of
 *     X in a grid, each named by C[Y[i]] ("samples").
 *   - `def F(...)`: F draws a prediction's image when its body calls imshow, its probabilities when
 *     it calls bar (both: both). A call of F, at the top level or in `for i in range(N):`, is read by
 *     the kind of each argument, whatever its place: a whole number (the index i), a batch of
 *     images, the labels, a row of predictions (X[i]: the probabilities).
 * Panels gather until plt.figure() or plt.show() or the end of the cell; an image and the bars of
 * the same index side by side make one pair ("prediction", "predictions"); bars alone are
 * "probabilities". Each figure copies what it shows: the session's arrays may be rebound later. */
#include <stdlib.h>
#include <string.h>

#include "keras_internal.h"

enum { PF_IMAGE = 1, PF_BARS = 2 };         /* what a def draws */
enum { KMAX_PANELS = 100, KMAX_DEFS = 16 };

typedef struct kpanel {
    int kind;                 /* PF_IMAGE, PF_BARS, or both */
    int i;                    /* the index the call was given; -1 none */
    const kdata *img;         /* a batch of images and the row: img->v + row * img->dim */
    int img_row;
    const kdata *probs;       /* a batch of predictions and its row */
    int probs_row;
    int label;                /* the true class; -1 unknown */
    const kv *names;          /* the class names the panel's text uses; NULL: none */
} kpanel;

typedef struct kplots {
    keras_figure *figs;
    int n, cap;
    struct { char name[64], names[64]; int kind; } defs[KMAX_DEFS]; /* names: its list of class names */
    int n_defs;
    kpanel pending[KMAX_PANELS];
    int n_pending, colorbar;  /* colorbar: the pending panel is plt.imshow's plain image */
    const char *where;
    int line;
} kplots;

/* An argument as the rules read it: a number, a whole array, a row of one, or a list. */
typedef struct karg_val {
    int kind;                 /* 0: not understood; 'n' number; 'd' array; 'r' row; 'l' list */
    double num;
    const kdata *d;
    int row;
    const kv *list;
} karg_val;

static kplots *state(keras_session *s)
{
    if (!s->plots)
        s->plots = calloc(1, sizeof *s->plots);
    return s->plots;
}

/* ---- tokens ------------------------------------------------------------------------------------ */

static int is_op(const py_tok *t, const char *op) { return t->kind == T_OP && strcmp(t->text, op) == 0; }
static int is_name(const py_tok *t, const char *name)
{
    return t->kind == T_NAME && (!name || strcmp(t->text, name) == 0);
}

/* A value the rules accept: NUM, NAME (var: the loop's name, worth var_value), NAME[NUM|NAME].
 * *k moves past it; kind 0 when it is something else. */
static karg_val read_arg(keras_session *s, const py_tok *t, int n, int *k, const char *var, int var_value)
{
    karg_val a = { 0 };
    int j = *k;
    if (j < n && t[j].kind == T_NUM) {
        *k = j + 1;
        return (karg_val){ .kind = 'n', .num = t[j].num };
    }
    if (j >= n || !is_name(&t[j], NULL))
        return a;
    const kv *v = var && strcmp(t[j].text, var) == 0 ? NULL : klookup(s, t[j].text);
    int is_var = var && strcmp(t[j].text, var) == 0;
    j++;
    if (j < n && is_op(&t[j], "[")) {
        karg_val idx = { 0 };
        int m = j + 1;
        if (m < n && (t[m].kind == T_NUM || is_name(&t[m], NULL)))
            idx = read_arg(s, t, n, &m, var, var_value);
        if (idx.kind != 'n' || m >= n || !is_op(&t[m], "]") || !v || v->kind != V_DATA)
            return a;
        long r = (long)idx.num;
        if (r < 0 || r >= v->data->n)
            return a;
        *k = m + 1;
        return (karg_val){ .kind = 'r', .d = v->data, .row = (int)r };
    }
    *k = j;
    if (is_var)
        return (karg_val){ .kind = 'n', .num = var_value };
    if (v && v->kind == V_NUM)
        return (karg_val){ .kind = 'n', .num = v->num };
    if (v && v->kind == V_DATA)
        return (karg_val){ .kind = 'd', .d = v->data };
    if (v && v->kind == V_LIST)
        return (karg_val){ .kind = 'l', .list = v };
    return a;
}

/* The first token at or after from that is NAME followed by '(' (a call of NAME); -1 when none. */
static int find_call(const py_tok *t, int n, int from, const char *name)
{
    for (int j = from; j + 1 < n; j++)
        if (is_name(&t[j], name) && is_op(&t[j + 1], "("))
            return j;
    return -1;
}

static int is_images(const kdata *d) { return d && d->ndim == 2 && d->shape[0] <= 512 && d->shape[1] <= 512; }
static int is_probs(const kdata *d) { return d && d->ndim <= 1 && d->classes == 0 && d->dim > 1 && d->dim <= 64; }
static int is_labels(const kdata *d) { return d && d->dim == 1 && d->classes > 0; }

/* ---- the figures ------------------------------------------------------------------------------- */

static void free_figure(keras_figure *f)
{
    free(f->images);
    free(f->labels);
    free(f->probs);
    free((void *)f->names);
}

static keras_figure *new_figure(kplots *p, const char *what, int n, int h, int w, int classes)
{
    if (p->n == p->cap) {
        int cap = p->cap ? p->cap * 2 : 8;
        keras_figure *f = realloc(p->figs, (size_t)cap * sizeof *f);
        if (!f)
            return NULL;
        p->figs = f;
        p->cap = cap;
    }
    keras_figure *f = &p->figs[p->n];
    *f = (keras_figure){ .what = what, .where = p->where, .line = p->line, .n = n, .h = h, .w = w,
                         .classes = classes };
    f->labels = malloc((size_t)n * sizeof *f->labels);
    f->images = h ? calloc((size_t)n * (size_t)h * (size_t)w, sizeof *f->images) : NULL;
    f->probs = classes ? calloc((size_t)n * (size_t)classes, sizeof *f->probs) : NULL;
    if (!f->labels || (h && !f->images) || (classes && !f->probs)) {
        free_figure(f);
        return NULL;
    }
    for (int i = 0; i < n; i++)
        f->labels[i] = -1;
    p->n++;
    return f;
}

/* The script's class names (a list of strings) for the figure's labels; none when it is not one. */
static void set_names(keras_figure *f, const kv *list)
{
    if (!list || list->kind != V_LIST || list->n == 0)
        return;
    const char **names = malloc((size_t)list->n * sizeof *names);
    if (!names)
        return;
    for (int i = 0; i < list->n; i++) {
        if (list->items[i]->kind != V_STR) {
            free(names);
            return;
        }
        names[i] = list->items[i]->str; /* in the session's arena: lives as long as the figure */
    }
    f->names = names;
    f->n_names = list->n;
}

static void copy_row(float *to, const kdata *d, int row)
{
    memcpy(to, d->v + (size_t)row * (size_t)d->dim, (size_t)d->dim * sizeof *to);
}

/* The pending panels become one figure; an image panel and the bars of the same index that follow
 * it make one slot (a pair). */
static void close_figure(kplots *p)
{
    int n = 0, start[KMAX_PANELS], h = 0, w = 0, classes = 0, kinds = 0;
    const kv *names = NULL;
    for (int k = 0; k < p->n_pending; k++) {
        const kpanel *a = &p->pending[k], *b = k > 0 ? &p->pending[k - 1] : NULL;
        if (!(b && a->kind == PF_BARS && b->kind == PF_IMAGE && a->i == b->i && start[n - 1] == k - 1))
            start[n++] = k;
        kinds |= a->kind;
        if (a->img && !h) {
            h = a->img->shape[0];
            w = a->img->shape[1];
        }
        if (a->probs && !classes)
            classes = a->probs->dim;
        if (a->names && !names)
            names = a->names;
    }
    int colorbar = p->colorbar, count = p->n_pending;
    p->n_pending = p->colorbar = 0;
    if (n == 0)
        return;
    const char *what = colorbar ? "image" : !classes ? "samples" : !(kinds & PF_IMAGE) ? "probabilities"
                     : n == 1 ? "prediction" : "predictions";
    keras_figure *f = new_figure(p, what, colorbar ? 1 : n, h, w, classes);
    if (!f)
        return;
    f->image_panels = (kinds & PF_IMAGE) != 0;
    f->bar_panels = (kinds & PF_BARS) != 0;
    f->cols = colorbar ? 1 : !classes ? (n <= 4 ? n : n <= 9 ? 3 : n <= 16 ? 4 : 5) : n < 3 ? n : 3;
    set_names(f, names);
    for (int j = 0; j < f->n; j++)
        for (int k = start[j]; k < (j + 1 < n ? start[j + 1] : count); k++) {
            const kpanel *a = &p->pending[k];
            if (a->img && a->img->shape[0] == h && a->img->shape[1] == w)
                copy_row(f->images + (size_t)j * (size_t)h * (size_t)w, a->img, a->img_row);
            if (a->probs && a->probs->dim == classes)
                copy_row(f->probs + (size_t)j * (size_t)classes, a->probs, a->probs_row);
            if (a->label >= 0)
                f->labels[j] = a->label;
        }
}

static void add_panel(kplots *p, const kpanel *a)
{
    if (p->n_pending < KMAX_PANELS)
        p->pending[p->n_pending++] = *a;
}

/* ---- the rules --------------------------------------------------------------------------------- */

/* `def F(...)`: what F draws, and the list of class names its body indexes. */
static void read_def(keras_session *s, kplots *p, const py_tok *t, int n)
{
    if (n < 2 || !is_name(&t[1], NULL) || p->n_defs == KMAX_DEFS)
        return;
    int kind = (find_call(t, n, 2, "imshow") >= 0 ? PF_IMAGE : 0) | (find_call(t, n, 2, "bar") >= 0 ? PF_BARS : 0);
    if (!kind)
        return;
    int d = 0;
    while (d < p->n_defs && strcmp(p->defs[d].name, t[1].text) != 0)
        d++;
    if (d == p->n_defs)
        p->n_defs++;
    snprintf(p->defs[d].name, sizeof p->defs[d].name, "%s", t[1].text);
    p->defs[d].kind = kind;
    p->defs[d].names[0] = 0;
    for (int j = 2; j + 1 < n; j++) {
        const kv *v = is_name(&t[j], NULL) && is_op(&t[j + 1], "[") ? klookup(s, t[j].text) : NULL;
        if (v && v->kind == V_LIST) {
            snprintf(p->defs[d].names, sizeof p->defs[d].names, "%s", t[j].text);
            break;
        }
    }
}

/* A call of a def that draws (t[at] is its name), with the loop's name var worth i (var NULL: none). */
static void read_def_call(keras_session *s, kplots *p, const py_tok *t, int n, int at, const char *var, int i)
{
    int d = 0;
    while (d < p->n_defs && strcmp(p->defs[d].name, t[at].text) != 0)
        d++;
    if (d == p->n_defs)
        return;
    kpanel a = { .kind = p->defs[d].kind, .i = -1, .label = -1,
                 .names = p->defs[d].names[0] ? klookup(s, p->defs[d].names) : NULL };
    const kdata *labels = NULL;
    int k = at + 2;
    while (k < n && !is_op(&t[k], ")")) {
        karg_val v = read_arg(s, t, n, &k, var, i);
        if (v.kind == 0)
            return; /* an argument the rule does not read: no figure, only the skip */
        if (v.kind == 'n' && a.i < 0)
            a.i = (int)v.num;
        else if (v.kind == 'd' && is_images(v.d))
            a.img = v.d;
        else if (v.kind == 'd' && is_labels(v.d))
            labels = v.d;
        else if (v.kind == 'r' && is_probs(v.d)) {
            a.probs = v.d;
            a.probs_row = v.row;
        }
        if (k < n && is_op(&t[k], ","))
            k++;
    }
    if (a.i < 0 || !a.probs || ((a.kind & PF_IMAGE) && (!a.img || a.i >= a.img->n)))
        return;
    a.img_row = a.i;
    if (labels && a.i < labels->n)
        a.label = (int)labels->v[a.i];
    add_panel(p, &a);
}

/* `for V in range(N):` and its body: the sample grid, or the calls of defs that draw, N times. */
static void read_for(keras_session *s, kplots *p, const py_tok *t, int n)
{
    int k = 5;
    if (n < 8 || !is_name(&t[1], NULL) || !is_name(&t[2], "in") || !is_name(&t[3], "range") || !is_op(&t[4], "("))
        return;
    karg_val count = read_arg(s, t, n, &k, NULL, 0);
    if (count.kind != 'n' || k >= n || !is_op(&t[k], ")") || count.num < 1)
        return;
    const char *var = t[1].text;
    int times = count.num > KMAX_PANELS ? KMAX_PANELS : (int)count.num, body = k + 1;
    int im = find_call(t, n, body, "imshow"), xl = find_call(t, n, body, "xlabel");
    if (im >= 0 && xl >= 0 && xl + 8 < n && is_op(&t[xl + 3], "[") && is_op(&t[xl + 5], "[")) {
        for (int i = 0; i < times; i++) { /* imshow(X[i] ...) with xlabel(C[Y[i]]) */
            int a = im + 2, b = xl + 4;
            karg_val x = read_arg(s, t, n, &a, var, i), y = read_arg(s, t, n, &b, var, i);
            const kv *names = klookup(s, t[xl + 2].text);
            if (x.kind != 'r' || !is_images(x.d) || y.kind != 'r' || !is_labels(y.d))
                return;
            add_panel(p, &(kpanel){ .kind = PF_IMAGE, .i = i, .img = x.d, .img_row = x.row,
                                    .label = (int)y.d->v[y.row], .names = names });
        }
        return;
    }
    for (int i = 0; i < times; i++)
        for (int j = body; (j = find_call(t, n, j, NULL)) >= 0; j++)
            read_def_call(s, p, t, n, j, var, i);
}

/* plt.figure(), plt.show(), plt.imshow(X[k]), plt.xticks(range(N), C): t[at] is plt. */
static void read_pyplot(keras_session *s, kplots *p, const py_tok *t, int n, int at)
{
    const kv *m = klookup(s, t[at].text);
    if (!m || m->kind != V_MODULE || strncmp(m->str, "matplotlib", 10) != 0 || at + 3 >= n ||
        !is_op(&t[at + 1], ".") || !is_op(&t[at + 3], "("))
        return;
    const char *f = t[at + 2].text;
    int k = at + 4;
    if (!strcmp(f, "figure") || !strcmp(f, "show"))
        close_figure(p);
    else if (!strcmp(f, "imshow") && p->n_pending == 0) {
        karg_val x = read_arg(s, t, n, &k, NULL, 0);
        if (x.kind == 'r' && is_images(x.d)) {
            add_panel(p, &(kpanel){ .kind = PF_IMAGE, .i = x.row, .img = x.d, .img_row = x.row, .label = -1 });
            p->colorbar = 1;
        }
    } else if (!strcmp(f, "xticks") && k + 4 < n && is_name(&t[k], "range")) {
        while (k < n && !is_op(&t[k], ","))
            k++;
        const kv *names = k + 1 < n && is_name(&t[k + 1], NULL) ? klookup(s, t[k + 1].text) : NULL;
        for (int j = 0; names && names->kind == V_LIST && j < p->n_pending; j++)
            if (!p->pending[j].names)
                p->pending[j].names = names;
    }
}

void kplots_statement(keras_session *s, const char *src, size_t len, int line, int end_line)
{
    kplots *p = state(s);
    size_t a = 0, b;
    for (int l = 1; l < line && a < len; a++)
        l += src[a] == '\n';
    b = a;
    for (int l = line; l < end_line && b < len; b++)
        l += src[b] == '\n';
    py_arena ar = { 0 };
    int n;
    py_tok *t = p ? py_lex(&ar, src + a, b - a, &n) : NULL;
    if (t && n > 0) {
        n--; /* T_END */
        if (p->n_pending == 0) {
            p->where = s->where;
            p->line = line;
        }
        int at = is_name(&t[0], NULL) && n > 2 && is_op(&t[1], "=") ? 2 : 0; /* _ = plt.xticks(...) */
        if (is_name(&t[0], "def"))
            read_def(s, p, t, n);
        else if (is_name(&t[0], "for"))
            read_for(s, p, t, n);
        else if (n > 1 && is_name(&t[at], NULL) && is_op(&t[at + 1], "("))
            read_def_call(s, p, t, n, at, NULL, 0);
        else if (n > 1 && is_name(&t[at], NULL))
            read_pyplot(s, p, t, n, at);
    }
    py_arena_free(&ar);
}

void kplots_end(keras_session *s)
{
    if (s->plots)
        close_figure(s->plots);
}

void kplots_free(keras_session *s)
{
    if (!s->plots)
        return;
    for (int i = 0; i < s->plots->n; i++)
        free_figure(&s->plots->figs[i]);
    free(s->plots->figs);
    free(s->plots);
}

int keras_session_figures(const keras_session *s, const keras_figure **figs)
{
    *figs = s->plots ? s->plots->figs : NULL;
    return s->plots ? s->plots->n : 0;
}
