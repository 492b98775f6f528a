/* netview_spotlight.c — demo mode's spotlight: the viewers drawn this frame remembered, a neuron
 * found and moved through by keys, and its inset: its inputs' values and weights, its sum, its
 * output. */
#include "netview.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lang.h"
#include "netview_internal.h"

/* The viewers drawn since the frame began (demo mode forgets them before each frame; the desk
 * never reads them, and the last slot is simply drawn over). Read by the UI thread only. */
static struct drawn {
    const netview *nv;
    netview_args a;
    netview_layout L;
    ui_rect r;
} drawn[NETVIEW_DRAWN];
static int n_drawn;

void netview_remember_drawn(const netview *nv, const netview_args *a, const netview_layout *L, ui_rect r)
{
    if (n_drawn < NETVIEW_DRAWN)
        n_drawn++;
    drawn[n_drawn - 1] = (struct drawn){ nv, *a, *L, r };
}

void netview_forget_drawn(void)
{
    n_drawn = 0;
}

int netview_locate(netview_neuron *n)
{
    if (n->view < 0 || n->view >= n_drawn)
        return 0;
    const struct drawn *d = &drawn[n->view];
    if (n->c < 0 || n->c >= d->nv->n_cols || n->j < 0 || n->j >= d->nv->n_shown[n->c])
        return 0;
    n->x = d->L.x[n->c], n->y = d->L.y[n->c][n->j], n->r = d->L.radius;
    return 1;
}

int netview_nearest(float x, float y, netview_neuron *n)
{
    float best = INFINITY;
    for (int v = 0; v < n_drawn; v++)
        for (int c = 0; c < drawn[v].nv->n_cols; c++)
            for (int j = 0; j < drawn[v].nv->n_shown[c]; j++) {
                float dx = drawn[v].L.x[c] - x, dy = drawn[v].L.y[c][j] - y;
                if (dx * dx + dy * dy < best) {
                    best = dx * dx + dy * dy;
                    *n = (netview_neuron){ .view = v, .c = c, .j = j };
                }
            }
    return best < INFINITY && netview_locate(n);
}

int netview_drawn_centre(float *x, float *y)
{
    if (n_drawn == 0)
        return 0;
    *x = drawn[0].r.x + drawn[0].r.w / 2, *y = drawn[0].r.y + drawn[0].r.h / 2;
    return 1;
}

int netview_step(netview_neuron *n, int dc, int dj)
{
    if (!netview_locate(n))
        return 0;
    const struct drawn *d = &drawn[n->view];
    int c = n->c + dc, j = n->j + dj;
    if (c < 0 || c >= d->nv->n_cols || j < 0 || j >= d->nv->n_shown[c])
        return 0;
    if (dc) {
        /* the neuron of the next column nearest in height: the eye does not jump */
        float best = INFINITY;
        for (int k = 0; k < d->nv->n_shown[c]; k++)
            if (fabsf(d->L.y[c][k] - n->y) < best)
                best = fabsf(d->L.y[c][k] - n->y), j = k;
    }
    n->c = c, n->j = j;
    return netview_locate(n);
}

void netview_neuron_name(const netview_neuron *n, char *buf, size_t len)
{
    buf[0] = 0;
    if (n->view >= 0 && n->view < n_drawn)
        netview_name_neuron(drawn[n->view].nv, n->c, n->j, &drawn[n->view].a, buf, len);
}

/* A short name for a row of the inset: the input's or the class's own name, else x3, a3 or y3 by
 * the column (input, hidden, output) and the neuron's number. */
static void short_name(const netview *nv, int c, int j, const netview_args *a, char *buf, size_t n)
{
    int idx = nv->shown[c][j], last = nv->n_cols - 1;
    if (c == 0 && a->input_names && !netview_collapsed(nv, 0))
        snprintf(buf, n, "%s", a->input_names[idx]);
    else if (c == last && a->output_names)
        snprintf(buf, n, "%s", a->output_names[idx]);
    else
        snprintf(buf, n, "%s%d", c == 0 ? "x" : c == last ? "y" : "a", idx + 1);
}

static ui_color activation_color(const ui_theme *th, const netview *nv, int c, int j)
{
    return nv->has_act ? ui_diverging(th, nv->act[c][j] / nv->amax[c]) : th->neutral;
}

/* One row of the inset: a dot coloured by the other neuron's activation, "x1 = 0.90", the weight
 * "× 1.20" in its sign's colour, and a line from the row to the big neuron, as thick as the weight
 * is strong. on_left: the row is an input of the big neuron, read "• x1 = 0.90  × 1.20" (else one
 * of its outputs, on its right: "× 1.20  • a1 = 0.40"). The values and the weights stand in
 * columns, value_w and weight_w wide. */
typedef struct inset_row {
    const char *name;
    float value, w, wmax;
    ui_color dot;
} inset_row;

typedef struct inset_cols {
    float dot, gap, value_w, weight_w;
} inset_cols;

static void row_texts(const inset_row *row, char *vbuf, size_t vn, char *wbuf, size_t wn)
{
    snprintf(vbuf, vn, "%s = %.2f", row->name, (double)row->value);
    snprintf(wbuf, wn, "× %.2f", (double)row->w);
    lang_decimals(vbuf);
    lang_decimals(wbuf);
}

static float row_width(const inset_cols *k)
{
    return 2 * k->dot + 2 * k->gap + k->value_w + k->weight_w;
}

static void draw_inset_row(ui_context *ui, const inset_row *row, const inset_cols *k, int on_left, float x,
                           float y, const float big[3])
{
    const ui_theme *th = &ui->theme;
    float lh = ui_line_height(ui, UI_FONT_BODY), t = fabsf(row->w) / row->wmax;
    ui_color wc = row->w >= 0 ? th->positive : th->negative;
    char vbuf[48], wbuf[24];
    row_texts(row, vbuf, sizeof vbuf, wbuf, sizeof wbuf);
    /* the line first, under the dot and the text */
    float lx = on_left ? x + row_width(k) + k->gap : x - k->gap;
    float dx = lx - big[0], dy = y - big[1], d = sqrtf(dx * dx + dy * dy);
    if (d > big[2])
        ui_line(ui, big[0] + dx / d * big[2], big[1] + dy / d * big[2], lx, y, ui_px(ui, 1 + 4 * t),
                ui_alpha(wc, 0.45f + 0.55f * t));
    float dot_x = on_left ? x : x + k->weight_w + k->gap;
    float value_x = dot_x + 2 * k->dot + k->gap;
    float weight_x = on_left ? value_x + k->value_w + k->gap : x;
    ui_fill_circle(ui, dot_x + k->dot, y, k->dot, row->dot);
    ui_stroke_circle(ui, dot_x + k->dot, y, k->dot, ui_px(ui, 1), th->text_dim);
    ui_draw_text(ui, UI_FONT_BODY, vbuf, -1, value_x, y - lh / 2, th->text);
    ui_draw_text(ui, UI_FONT_BOLD, wbuf, -1, weight_x, y - lh / 2, wc);
}

/* The rows of n's inset: its inputs' values and weights (or, for an input neuron, the neurons it
 * feeds); returns how many, and whether the other column is collapsed in *partial. */
static int inset_rows(const ui_theme *th, const netview *nv, const netview_args *a, int c, int j, inset_row *rows,
                      char names[][24], int *partial)
{
    int other = c > 0 ? c - 1 : 1, k = 0;
    if (other >= nv->n_cols)
        return 0;
    int wc = c > 0 ? c : 1;             /* the weights between the two columns */
    for (int i = 0; i < nv->n_shown[other]; i++, k++) {
        short_name(nv, other, i, a, names[k], sizeof names[k]);
        float w = c > 0 ? nv->w[wc][i][j] : nv->w[wc][j][i];
        rows[k] = (inset_row){ names[k], nv->has_act ? nv->act[other][i] : 0, w, nv->wmax[wc],
                               activation_color(th, nv, other, i) };
    }
    *partial = netview_collapsed(nv, other);
    return k;
}

/* What the inset says under its diagram, in lines[] (at most 4); returns how many. */
static int explain_neuron(const netview *nv, int c, int j, char lines[][128])
{
    int nlines = 0;
    float out = nv->has_act ? nv->act[c][j] : 0;
    if (c == 0) {
        snprintf(lines[nlines++], sizeof lines[0], "%s",
                 TR("Une entrée ne calcule rien : elle transmet sa valeur, multipliée par chaque poids.",
                    "An input computes nothing: it passes its value on, times each weight."));
        return nlines;
    }
    snprintf(lines[nlines++], sizeof lines[0], TR("biais b = %.3f", "bias b = %.3f"), (double)nv->bias[c][j]);
    if (!netview_collapsed(nv, c - 1)) {
        /* every input is drawn, so the sum can be shown whole */
        float z = nv->bias[c][j];
        for (int i = 0; i < nv->n_shown[c - 1]; i++)
            z += nv->w[c][i][j] * (nv->has_act ? nv->act[c - 1][i] : 0);
        snprintf(lines[nlines++], sizeof lines[0], "z = Σ x·w + b = %.3f", (double)z);
    }
    snprintf(lines[nlines++], sizeof lines[0], TR("sortie = %s(z) = %.3f", "output = %s(z) = %.3f"),
             nv->activation[c], (double)out);
    for (int i = 0; i < nlines; i++)
        lang_decimals(lines[i]);
    return nlines;
}

/* The inset's sizes, pixels: its width and height, its padding, the big neuron's radius, the rows'
 * columns and height, the diagram's (rows and big neuron) and the explanation's heights. */
typedef struct inset_size {
    float pw, ph, pad;
    float bigr;
    inset_cols cols;
    float text_w, row_h, rows_h, diagram_h, text_h;
} inset_size;

/* The inset's height once its rows are row_h apart. */
static float inset_height(ui_context *ui, inset_size *z, int nrows, int partial)
{
    float lh = ui_line_height(ui, UI_FONT_BODY), hh = ui_line_height(ui, UI_FONT_HEADING);
    float sh = ui_line_height(ui, UI_FONT_SMALL), tl = ui_line_height(ui, UI_FONT_TITLE);
    z->rows_h = z->row_h * (float)nrows;
    z->diagram_h = fmaxf(z->rows_h, 2 * z->bigr + ui_px(ui, 14) + sh + tl);
    return z->pad + hh + ui_px(ui, 8) + z->diagram_h + (partial ? lh : 0) + ui_px(ui, 10) + z->text_h + z->pad;
}

/* Sizes the inset of neuron n (drawn with radius nr): rows of body text beside a neuron 2.5 times
 * as large (at least 40 points), the explanation's lines under them, all within the screen. */
static inset_size size_inset(ui_context *ui, float nr, const inset_row *rows, int nrows, int partial,
                             char lines[][128], int nlines)
{
    float W = ui->width, H = ui->height;
    float lh = ui_line_height(ui, UI_FONT_BODY);
    inset_size z = { .pad = ui_px(ui, 16), .bigr = fmaxf(nr * 2.5f, ui_px(ui, 40)),
                     .pw = fminf(W * 0.5f, ui_px(ui, 540)), .cols = { lh * 0.3f, ui_px(ui, 8), 0, 0 } };
    for (int k = 0; k < nrows; k++) {
        char vbuf[48], wbuf[24];
        row_texts(&rows[k], vbuf, sizeof vbuf, wbuf, sizeof wbuf);
        z.cols.value_w = fmaxf(z.cols.value_w, ui_text_width(ui, UI_FONT_BODY, vbuf, -1));
        z.cols.weight_w = fmaxf(z.cols.weight_w, ui_text_width(ui, UI_FONT_BOLD, wbuf, -1));
    }
    z.text_w = row_width(&z.cols);
    /* a narrow screen: the neuron gives way to the rows, never below twice its size */
    float room = z.pw - 2 * z.pad - z.text_w - ui_px(ui, 40);
    if (2 * z.bigr > room)
        z.bigr = fmaxf(room / 2, nr * 2);
    z.row_h = lh * 1.2f;
    for (int k = 0; k < nlines; k++)
        z.text_h += ui_wrapped_height(ui, UI_FONT_BODY, lines[k], z.pw - 2 * z.pad);
    z.ph = inset_height(ui, &z, nrows, partial);
    if (z.ph > H * 0.94f) {
        /* too many rows for the screen: they close up */
        float over = z.ph - H * 0.94f;
        z.row_h = fmaxf(z.row_h - over / (float)(nrows > 0 ? nrows : 1), lh * 0.8f);
        z.ph = inset_height(ui, &z, nrows, partial);
    }
    return z;
}

/* The inset's card on the side of the screen away from the neuron, so that both show, with a line
 * from the neuron's ring (hole) to it; returns the card. */
static ui_rect draw_inset_card(ui_context *ui, const netview_neuron *n, const inset_size *z, float hole)
{
    const ui_theme *th = &ui->theme;
    float W = ui->width, H = ui->height, pad = z->pad;
    ui_rect box = { n->x > W / 2 ? ui_px(ui, 16) : W - z->pw - ui_px(ui, 16), (H - z->ph) / 2, z->pw, z->ph };
    box.y = fmaxf(box.y, ui_px(ui, 8));
    float ex = n->x > W / 2 ? box.x + box.w : box.x, ey = fminf(fmaxf(n->y, box.y + pad), box.y + box.h - pad);
    ui_line(ui, n->x + (ex > n->x ? hole : -hole), n->y, ex, ey, ui_px(ui, 3), th->accent);
    ui_fill_round_rect(ui, ui_rect_inset(box, -ui_px(ui, 3)), ui_px(ui, 10), th->accent);
    ui_fill_round_rect(ui, box, ui_px(ui, 8), th->panel);
    return box;
}

/* The diagram from its top y: the rows and the big neuron (on the right of its inputs, on the left
 * of an input's outputs; its map in a square when it has one), its activation's name over it and
 * its output under it. Sets big. */
static void draw_inset_diagram(ui_context *ui, const netview *nv, int c, int j, const ui_image *map, ui_rect box,
                               float y, const inset_size *z, const inset_row *rows, int nrows, float big[3])
{
    const ui_theme *th = &ui->theme;
    float sh = ui_line_height(ui, UI_FONT_SMALL), tl = ui_line_height(ui, UI_FONT_TITLE);
    float x = box.x + z->pad, iw = box.w - 2 * z->pad, bigr = z->bigr;
    int on_left = c > 0;
    float bx = on_left ? x + iw - bigr - ui_px(ui, 4) : x + bigr + ui_px(ui, 4);
    float by = y + sh + ui_px(ui, 6) + (z->diagram_h - sh - tl - ui_px(ui, 14)) / 2;
    float r0 = by - z->rows_h / 2 + z->row_h / 2;
    float rx = on_left ? x : box.x + box.w - z->pad - z->text_w;
    for (int k = 0; k < nrows; k++)
        draw_inset_row(ui, &rows[k], &z->cols, on_left, rx, r0 + z->row_h * (float)k, (float[]){ bx, by, bigr });
    if (map) {
        ui_rect sq = { bx - bigr, by - bigr, 2 * bigr, 2 * bigr };
        ui_fill_rect(ui, ui_rect_inset(sq, -ui_px(ui, 3)), th->text);
        ui_draw_image(ui, sq, map);
    } else {
        ui_fill_circle(ui, bx, by, bigr + ui_px(ui, 3), th->text); /* a ring apart from any fill */
        ui_fill_circle(ui, bx, by, bigr, activation_color(th, nv, c, j));
    }
    if (c > 0)
        ui_draw_text_aligned(ui, UI_FONT_SMALL, nv->activation[c],
                             (ui_rect){ bx - bigr * 2, by - bigr - sh - ui_px(ui, 6), bigr * 4, sh }, UI_CENTER,
                             th->text_dim);
    char fbuf[48];
    snprintf(fbuf, sizeof fbuf, "%.3f", (double)(nv->has_act ? nv->act[c][j] : 0));
    lang_decimals(fbuf);
    ui_draw_text_aligned(ui, UI_FONT_TITLE, fbuf, (ui_rect){ bx - bigr * 2, by + bigr + ui_px(ui, 4), bigr * 4, tl },
                         UI_CENTER, th->text);
    big[0] = bx, big[1] = by, big[2] = bigr;
}

void netview_spotlight(ui_context *ui, const netview_neuron *n_in, ui_rect *inset, float big[3])
{
    const ui_theme *th = &ui->theme;
    netview_neuron n = *n_in;
    if (!netview_locate(&n))
        return;
    const struct drawn *d = &drawn[n.view];
    const netview *nv = d->nv;
    int c = n.c, j = n.j;
    float W = ui->width, H = ui->height;
    int prev_layer = ui->layer;
    ui_set_layer(ui, 1);

    /* the frame dimmed but a disc around the neuron: one ring, as wide as the screen, around it */
    float hole = n.r * 1.5f + ui_px(ui, 6), far = (W + H) * 2;
    ui_stroke_circle(ui, n.x, n.y, hole + far / 2, far, (ui_color){ 0, 0, 0, 200 });
    ui_stroke_circle(ui, n.x, n.y, hole, ui_px(ui, 3), th->accent);

    /* what the inset says */
    inset_row rows[NETVIEW_SHOWN];
    char names[NETVIEW_SHOWN][24];
    int partial = 0, nrows = inset_rows(th, nv, &d->a, c, j, rows, names, &partial);
    char title[64], lines[4][128];
    netview_name_neuron(nv, c, j, &d->a, title, sizeof title);
    int nlines = explain_neuron(nv, c, j, lines);
    inset_size z = size_inset(ui, n.r, rows, nrows, partial, lines, nlines);
    ui_rect box = draw_inset_card(ui, &n, &z, hole);

    float lh = ui_line_height(ui, UI_FONT_BODY), hh = ui_line_height(ui, UI_FONT_HEADING);
    float x = box.x + z.pad, y = box.y + z.pad, iw = box.w - 2 * z.pad, drawn_big[3];
    ui_push_clip(ui, box);
    ui_draw_text(ui, UI_FONT_HEADING, title, -1, x, y, th->text);
    y += hh + ui_px(ui, 8);
    draw_inset_diagram(ui, nv, c, j, d->a.maps ? d->a.maps[c][j] : NULL, box, y, &z, rows, nrows, drawn_big);
    y += z.diagram_h;
    if (partial) {
        int other = c > 0 ? c - 1 : 1;
        char note[96];
        snprintf(note, sizeof note, TR("%d liens sur %d montrés", "%d of %d links shown"), nv->n_shown[other],
                 nv->units[other]);
        ui_draw_text(ui, UI_FONT_SMALL, note, -1, x, y, th->text_dim);
        y += lh;
    }
    y += ui_px(ui, 10);
    for (int k = 0; k < nlines; k++)
        y += ui_draw_wrapped(ui, UI_FONT_BODY, lines[k], x, y, iw, th->text);
    ui_pop_clip(ui);
    ui_set_layer(ui, prev_layer);
    if (inset)
        *inset = box;
    if (big)
        big[0] = drawn_big[0], big[1] = drawn_big[1], big[2] = drawn_big[2];
}
