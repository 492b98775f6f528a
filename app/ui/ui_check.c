/* ui_check.c — the layout checker's record: every text of a frame with its box and the clip it was
 * drawn under, every opaque rectangle and image drawn, and what is wrong with each text (clipped,
 * cut, overlapping another text, covered by a shape drawn after it).
 *
 * A text's box is its advance width by the font's line height; the line height holds the ascent,
 * the descent and some leading, so that boxes of lines set one under the other touch. Overlaps and
 * vertical clips are therefore judged on the glyphs' band, the middle of the box, and a pixel of
 * rounding is forgiven everywhere. */
#include "ui.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ui_internal.h"

enum { CHECK_CAP = 8192 };

/* The band of a box where glyphs stand: from 15 % to 85 % of the line height. */
#define BAND_TOP 0.15f
#define BAND_BOTTOM 0.85f
#define SLACK 1.5f /* pixels forgiven: rounding of positions */

typedef struct check_text {
    ui_rect box;      /* the whole text */
    ui_rect clip;     /* the clip it was drawn under */
    int allow;        /* UI_ALLOW_*: clipping deliberate in those directions */
    int layer;
    int first, len;   /* in the frame's text pool */
    int cut;
} check_text;

/* An opaque rectangle or an image, as much of it as its clip shows. */
typedef struct check_shape {
    ui_rect r;
    int layer;
    int after;        /* texts recorded before it: texts[0 .. after) lie under it */
} check_shape;

struct ui_check {
    check_text *texts; /* (CHECK_CAP) */
    int n;
    check_shape *shapes; /* (CHECK_CAP) */
    int n_shapes;
    int *order;        /* (CHECK_CAP) indices sorted by the band's top, for the overlap sweep */
};

ui_check *ui_check_create(void)
{
    ui_check *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->texts = malloc(CHECK_CAP * sizeof *c->texts);
    c->order = malloc(CHECK_CAP * sizeof *c->order);
    c->shapes = malloc(CHECK_CAP * sizeof *c->shapes);
    if (!c->texts || !c->order || !c->shapes) {
        ui_check_free(c);
        return NULL;
    }
    return c;
}

void ui_check_free(ui_check *c)
{
    if (!c)
        return;
    free(c->texts);
    free(c->order);
    free(c->shapes);
    free(c);
}

void ui_check_reset(ui_check *c)
{
    c->n = c->n_shapes = 0;
}

void ui_check_text(ui_context *ui, const ui_cmd *cmd)
{
    ui_check *c = ui->check;
    if (c->n >= CHECK_CAP)
        return;
    /* blanks draw nothing: they can be neither clipped nor in the way */
    const char *s = ui->text + cmd->first;
    int blank = 1;
    for (int i = 0; i < cmd->count && blank; i++)
        blank = s[i] == ' ';
    if (blank)
        return;
    c->texts[c->n++] = (check_text){ .box = cmd->rect, .clip = ui->clips[ui->clip_depth - 1],
                                     .allow = ui->clip_allow[ui->clip_depth - 1], .layer = ui->layer,
                                     .first = cmd->first, .len = cmd->count };
}

void ui_check_shape(ui_context *ui, ui_rect r)
{
    ui_check *c = ui->check;
    if (c->n_shapes >= CHECK_CAP || c->n == 0)
        return; /* nothing drawn yet to cover */
    ui_rect k = ui_rect_intersect(r, ui->clips[ui->clip_depth - 1]);
    if (k.w > SLACK && k.h > SLACK)
        c->shapes[c->n_shapes++] = (check_shape){ .r = k, .layer = ui->layer, .after = c->n };
}

void ui_check_mark_cut(ui_context *ui)
{
    if (ui->check && ui->check->n > 0)
        ui->check->texts[ui->check->n - 1].cut = 1;
}

/* ---- judging -------------------------------------------------------------------------------------- */

static float band_top(const check_text *t)
{
    return t->box.y + t->box.h * BAND_TOP;
}

static float band_bottom(const check_text *t)
{
    return t->box.y + t->box.h * BAND_BOTTOM;
}

/* The part of the text's band that shows, in x0..x1, y0..y1; 0 when nothing shows. */
static int shown(const check_text *t, float *x0, float *y0, float *x1, float *y1)
{
    *x0 = fmaxf(t->box.x, t->clip.x), *x1 = fminf(t->box.x + t->box.w, t->clip.x + t->clip.w);
    *y0 = fmaxf(band_top(t), t->clip.y), *y1 = fminf(band_bottom(t), t->clip.y + t->clip.h);
    return *x1 - *x0 > SLACK && *y1 - *y0 > SLACK;
}

static int clipped(const check_text *t)
{
    const ui_rect *b = &t->box, *k = &t->clip;
    int x = b->x < k->x - SLACK || b->x + b->w > k->x + k->w + SLACK;
    int y = band_top(t) < k->y - SLACK || band_bottom(t) > k->y + k->h + SLACK;
    return (x && !(t->allow & UI_ALLOW_X)) || (y && !(t->allow & UI_ALLOW_Y));
}

/* Two texts whose shown bands cross by more than the slack. The same text drawn twice at the
 * same place (a shadow, a bold made by drawing twice) is one text. */
static int overlap(const ui_context *ui, const check_text *a, const check_text *b)
{
    float ax0, ay0, ax1, ay1, bx0, by0, bx1, by1;
    if (a->layer != b->layer || !shown(a, &ax0, &ay0, &ax1, &ay1) || !shown(b, &bx0, &by0, &bx1, &by1))
        return 0;
    if (fminf(ax1, bx1) - fmaxf(ax0, bx0) <= SLACK || fminf(ay1, by1) - fmaxf(ay0, by0) <= SLACK)
        return 0;
    int same = a->len == b->len && memcmp(ui->text + a->first, ui->text + b->first, (size_t)a->len) == 0;
    return !(same && fabsf(a->box.x - b->box.x) < 3 && fabsf(a->box.y - b->box.y) < 3);
}

/* The first shape drawn after t that hides part of its shown band, or NULL. */
static const check_shape *cover(const ui_check *c, int ti)
{
    const check_text *t = &c->texts[ti];
    float x0, y0, x1, y1;
    if (!shown(t, &x0, &y0, &x1, &y1))
        return NULL;
    for (int i = 0; i < c->n_shapes; i++) {
        const check_shape *s = &c->shapes[i];
        if (s->after <= ti || s->layer != t->layer)
            continue;
        if (fminf(x1, s->r.x + s->r.w) - fmaxf(x0, s->r.x) > SLACK &&
            fminf(y1, s->r.y + s->r.h) - fmaxf(y0, s->r.y) > SLACK)
            return s;
    }
    return NULL;
}

static void copy_text(const ui_context *ui, const check_text *t, char *out, size_t n)
{
    size_t len = (size_t)t->len < n - 1 ? (size_t)t->len : n - 1;
    /* not inside a UTF-8 sequence */
    while (len > 0 && len < (size_t)t->len && ((unsigned char)ui->text[t->first + len] & 0xc0) == 0x80)
        len--;
    memcpy(out, ui->text + t->first, len);
    out[len] = 0;
}

static int add(const ui_context *ui, ui_problem *out, int max, int n, int flaw, const check_text *t,
               const check_text *other)
{
    if (n < max) {
        ui_problem *p = &out[n];
        p->flaw = flaw;
        p->rect = t->box;
        copy_text(ui, t, p->text, sizeof p->text);
        p->other[0] = 0;
        if (other)
            copy_text(ui, other, p->other, sizeof p->other);
    }
    return n + 1;
}

static const ui_check *sort_for;

static int by_band_top(const void *x, const void *y)
{
    float a = band_top(&sort_for->texts[*(const int *)x]), b = band_top(&sort_for->texts[*(const int *)y]);
    return a < b ? -1 : a > b;
}

int ui_check_problems(ui_context *ui, ui_problem *out, int max)
{
    ui_check *c = ui->check;
    int n = 0;
    if (!c)
        return 0;
    for (int i = 0; i < c->n; i++) {
        const check_text *t = &c->texts[i];
        if (t->cut)
            n = add(ui, out, max, n, UI_FLAW_CUT, t, NULL);
        else if (clipped(t))
            n = add(ui, out, max, n, UI_FLAW_CLIPPED, t, NULL);
        else if (cover(c, i))
            n = add(ui, out, max, n, UI_FLAW_COVERED, t, NULL);
        c->order[i] = i;
    }
    /* a sweep down the frame: a text can only overlap those whose band starts above its bottom */
    sort_for = c;
    qsort(c->order, (size_t)c->n, sizeof *c->order, by_band_top);
    for (int i = 0; i < c->n; i++) {
        const check_text *a = &c->texts[c->order[i]];
        for (int j = i + 1; j < c->n; j++) {
            const check_text *b = &c->texts[c->order[j]];
            if (band_top(b) >= band_bottom(a))
                break;
            if (overlap(ui, a, b))
                n = add(ui, out, max, n, UI_FLAW_OVERLAPS, a, b);
        }
    }
    return n;
}
