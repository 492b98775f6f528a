/* netview_draw.c — the network viewer drawn: the columns laid out with labels that fit, the
 * connections, the neurons, the names, the values under the mouse, the animated forward pass. */
#include "netview.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang.h"
#include "netview_internal.h"

/* ---- drawing ------------------------------------------------------------------------------------ */

int netview_collapsed(const netview *nv, int c)
{
    return nv->n_shown[c] < nv->units[c];
}

static void column_title(const netview *nv, int c, char *buf, size_t n)
{
    if (c == 0)
        snprintf(buf, n, "%s", TR("Entrée", "Input"));
    else if (c == nv->n_cols - 1)
        snprintf(buf, n, "%s", TR("Sortie", "Output"));
    else
        snprintf(buf, n, TR("Cachée %d", "Hidden %d"), c);
}

static void column_count(const netview *nv, int c, char *buf, size_t n)
{
    if (c == 0)
        snprintf(buf, n, TR("%d entrées", "%d inputs"), nv->units[c]);
    else
        snprintf(buf, n, TR("%d neurones", "%d neurons"), nv->units[c]);
}

void netview_name_neuron(const netview *nv, int c, int j, const netview_args *a, char *buf, size_t n)
{
    char title[32];
    column_title(nv, c, title, sizeof title);
    int idx = nv->shown[c][j];
    if (c == 0 && a->input_names && !netview_collapsed(nv, 0))
        snprintf(buf, n, "%s %s", title, a->input_names[idx]);
    else if (c == nv->n_cols - 1 && a->output_names)
        snprintf(buf, n, "%s %s", title, a->output_names[idx]);
    else
        snprintf(buf, n, "%s · %d/%d", title, idx + 1, nv->units[c]);
}

static float lit_amount(const netview_args *a, int c)
{
    if (a->reveal < 0)
        return 1;
    float t = a->reveal - (float)c + 1; /* fades in over the last part of the pulse's travel */
    return t < 0.75f ? 0 : t >= 1 ? 1 : (t - 0.75f) / 0.25f;
}

/* Whether a label w wide fits centred over column c: within half the gap to each neighbour
 * column (less a margin), and no further than r's edges for the first and the last. */
static int label_fits(const netview_layout *L, int n_cols, ui_rect r, int c, float w, float margin)
{
    float left = c > 0 ? (L->x[c] - L->x[c - 1] - margin) / 2 : L->x[c] - r.x;
    float right = c < n_cols - 1 ? (L->x[c + 1] - L->x[c] - margin) / 2 : r.x + r.w - L->x[c];
    return w / 2 <= fminf(left, right);
}

/* The first of the n texts that fits over column c; none (an empty label) when none does. */
static void set_label(ui_context *ui, const netview_layout *L, int n_cols, ui_rect r, int c, int font,
                      float y, netview_label *lb, int n, const char *const *texts)
{
    float margin = ui_px(ui, 4), lh = ui_line_height(ui, font);
    for (int i = 0; i < n; i++) {
        float w = ui_text_width(ui, font, texts[i], -1);
        if (label_fits(L, n_cols, r, c, w, margin)) {
            snprintf(lb->text, sizeof lb->text, "%s", texts[i]);
            lb->font = font;
            lb->r = (ui_rect){ L->x[c] - w / 2, y, w, lh };
            return;
        }
    }
    *lb = (netview_label){ .font = font, .r = { L->x[c], y, 0, lh } };
}

/* The columns' labels: the layer's name, then its size and activation; shorter when columns are
 * close, so that neighbours' labels never meet; under a collapsed column, its size. */
static void lay_out_labels(ui_context *ui, ui_rect r, const netview *nv, netview_layout *L)
{
    float bold = ui_line_height(ui, UI_FONT_BOLD), sh = ui_line_height(ui, UI_FONT_SMALL);
    int last = nv->n_cols - 1;
    for (int c = 0; c < nv->n_cols; c++) {
        char title[32], abbrev[16], number[16], full[32], units[16];
        column_title(nv, c, title, sizeof title);
        if (c == 0)
            snprintf(abbrev, sizeof abbrev, "x");
        else if (c == last)
            snprintf(abbrev, sizeof abbrev, "y");
        else
            snprintf(abbrev, sizeof abbrev, "%d", c); /* "Cachée 1" is never "C1": one name, the text's */
        snprintf(number, sizeof number, "%d", c);
        /* the name in bold, else in small type, else abbreviated */
        set_label(ui, L, nv->n_cols, r, c, UI_FONT_BOLD, r.y, &L->title[c], 1, (const char *const[]){ title });
        if (!L->title[c].text[0]) {
            float y = r.y + (bold - sh) / 2;
            /* a hidden column's number alone, when its name is too wide */
            set_label(ui, L, nv->n_cols, r, c, UI_FONT_SMALL, y, &L->title[c], c > 0 && c < last ? 3 : 2,
                      (const char *const[]){ title, abbrev, number });
        }
        if (c == 0)
            column_count(nv, c, full, sizeof full);
        else
            snprintf(full, sizeof full, "%d · %s", nv->units[c], nv->activation[c]);
        snprintf(units, sizeof units, "%d", nv->units[c]);
        set_label(ui, L, nv->n_cols, r, c, UI_FONT_SMALL, r.y + bold, &L->size[c], 2,
                  (const char *const[]){ full, units });
        /* under a collapsed column, how many neurons it stands for */
        L->count[c] = (netview_label){ .font = UI_FONT_SMALL };
        if (c > 0 && netview_collapsed(nv, c)) {
            column_count(nv, c, full, sizeof full);
            float y = L->y[c][nv->n_shown[c] - 1] + L->radius + ui_px(ui, 4);
            set_label(ui, L, nv->n_cols, r, c, UI_FONT_SMALL, y, &L->count[c], 2,
                      (const char *const[]){ full, units });
        }
    }
}

void netview_lay_out(ui_context *ui, ui_rect r, const netview *nv, const netview_args *a, netview_layout *L)
{
    memset(L, 0, sizeof *L);
    if (nv->n_cols < 2)
        return;
    float bold = ui_line_height(ui, UI_FONT_BOLD), sh = ui_line_height(ui, UI_FONT_SMALL);
    float head = bold + sh + ui_px(ui, 8);
    float left = ui_px(ui, 24), right = ui_px(ui, 24);
    if (a->input_names && !netview_collapsed(nv, 0)) {
        float w = 0;
        for (int i = 0; i < nv->units[0]; i++)
            w = fmaxf(w, ui_text_width(ui, UI_FONT_SMALL, a->input_names[i], -1));
        left += w;
    }
    float img = 0;
    if (a->input_image) {
        img = fminf(r.h * 0.28f, ui_px(ui, 84));
        left += img + ui_px(ui, 10);
    }
    int last = nv->n_cols - 1;
    if (a->output_names && !netview_collapsed(nv, last)) {
        float w = 0;
        for (int i = 0; i < nv->units[last]; i++)
            w = fmaxf(w, ui_text_width(ui, UI_FONT_SMALL, a->output_names[i], -1));
        right += w + ui_text_width(ui, UI_FONT_SMALL, " 0.00", -1) + ui_px(ui, 6);
    }
    /* a line under the columns for the sizes of the collapsed ones ("64 neurons") */
    float foot = 0;
    for (int c = 1; c < nv->n_cols; c++)
        if (netview_collapsed(nv, c))
            foot = sh + ui_px(ui, 4);
    ui_rect body = { r.x + left, r.y + head, r.w - left - right, r.h - head - foot - ui_px(ui, 6) };
    L->body = body;
    if (a->input_image)
        L->image = (ui_rect){ r.x + ui_px(ui, 4), body.y + (body.h - img) * 0.5f, img, img };
    int most = 1;
    for (int c = 0; c < nv->n_cols; c++) {
        int slots = nv->n_shown[c] + (netview_collapsed(nv, c) ? 1 : 0);
        most = slots > most ? slots : most;
    }
    float spacing = fminf(body.h / (float)most, ui_px(ui, a->compact ? 56 : 84));
    L->radius = fmaxf(ui_px(ui, 4), fminf(spacing * 0.34f, ui_px(ui, a->compact ? 11 : 22)));
    /* a map needs room to be read: squares nearly as tall as the spacing (8 neurons in a 250-pixel
     * panel are about 22 pixels wide), as Playground's */
    if (a->maps)
        L->radius = fmaxf(ui_px(ui, 4), fminf(spacing * 0.44f, ui_px(ui, a->compact ? 18 : 30)));
    /* and narrower than the columns' spacing, so that the links between them stay in sight (six
     * hidden layers of maps would touch) */
    float across = body.w / (float)nv->n_cols;
    L->radius = fmaxf(ui_px(ui, 4), fminf(L->radius, across * 0.34f));
    for (int c = 0; c < nv->n_cols; c++) {
        L->x[c] = body.x + L->radius + (body.w - 2 * L->radius) * (float)c / (float)(nv->n_cols - 1);
        int n = nv->n_shown[c], col = netview_collapsed(nv, c), slots = n + col;
        float top = body.y + (body.h - spacing * (float)slots) * 0.5f + spacing * 0.5f;
        for (int j = 0, s = 0; j < n; j++, s++) {
            if (col && j == n / 2) {
                L->gap_y[c] = top + spacing * (float)s;
                s++;
            }
            L->y[c][j] = top + spacing * (float)s;
        }
    }

    lay_out_labels(ui, r, nv, L);
}

static void draw_label(ui_context *ui, const netview_label *lb, ui_color color)
{
    if (lb->text[0])
        ui_draw_text(ui, lb->font, lb->text, -1, lb->r.x, lb->r.y, color);
}

/* The layers' names over the columns, and their sizes under the names. */
static void draw_headers(ui_context *ui, const netview *nv, const netview_layout *L)
{
    const ui_theme *th = &ui->theme;
    for (int c = 0; c < nv->n_cols; c++) {
        draw_label(ui, &L->title[c], th->text);
        draw_label(ui, &L->size[c], th->text_dim);
    }
}

/* The distance from (mx, my) to the segment from (x0, y0) to (x1, y1). */
static float segment_distance(float x0, float y0, float x1, float y1, float mx, float my)
{
    float dx = x1 - x0, dy = y1 - y0, len2 = dx * dx + dy * dy;
    float u = len2 > 0 ? ((mx - x0) * dx + (my - y0) * dy) / len2 : 0;
    u = u < 0 ? 0 : u > 1 ? 1 : u;
    float ex = x0 + u * dx - mx, ey = y0 + u * dy - my;
    return sqrtf(ex * ex + ey * ey);
}

/* What the mouse is over: a connection (from neuron i of column c - 1 to neuron j of column c),
 * a neuron (j of column c); -1 where none. Both can be: the neuron wins the tooltip. */
typedef struct hovered {
    int link_c, link_i, link_j;
    int neuron_c, neuron_j;
} hovered;

/* Shown neuron j of column c drawn as a map: a square rather than a circle. */
static const ui_image *map_of(const netview_args *a, int c, int j)
{
    return a->maps ? a->maps[c][j] : NULL;
}

/* The connection nearest the mouse (if within 4 points; the first of equals), and the last neuron
 * within 2 pixels of the mouse. */
static void find_hovered(ui_context *ui, ui_rect r, const netview *nv, const netview_args *a,
                         const netview_layout *L, hovered *h)
{
    *h = (hovered){ -1, -1, -1, -1, -1 };
    if (!ui_mouse_in(ui, r))
        return;
    float mx = ui->in.mouse_x, my = ui->in.mouse_y, best_d = ui_px(ui, 4), reach = L->radius + 2;
    for (int c = 1; c < nv->n_cols; c++)
        for (int i = 0; i < nv->n_shown[c - 1]; i++)
            for (int j = 0; j < nv->n_shown[c]; j++) {
                float d = segment_distance(L->x[c - 1] + L->radius, L->y[c - 1][i], L->x[c] - L->radius,
                                           L->y[c][j], mx, my);
                if (d < best_d) {
                    best_d = d;
                    h->link_c = c, h->link_i = i, h->link_j = j;
                }
            }
    for (int c = 0; c < nv->n_cols; c++)
        for (int j = 0; j < nv->n_shown[c]; j++) {
            float dx = mx - L->x[c], dy = my - L->y[c][j];
            int in = map_of(a, c, j) ? fabsf(dx) <= reach && fabsf(dy) <= reach
                                     : dx * dx + dy * dy <= reach * reach;
            if (in)
                h->neuron_c = c, h->neuron_j = j;
        }
}

/* The connections, under the neurons: each as thick and as opaque as its weight is strong, the
 * forward pass's pulses on those it travels; the one nearest the mouse (if within 4 points) is
 * found and drawn over. */
static void draw_connections(ui_context *ui, const netview *nv, const netview_args *a,
                             const netview_layout *L, const hovered *h)
{
    const ui_theme *th = &ui->theme;
    for (int c = 1; c < nv->n_cols; c++) {
        float travel = a->reveal < 0 ? -1 : a->reveal - (float)(c - 1);
        int active = travel > 0 && travel < 1;
        float dim = a->reveal >= 0 && travel <= 0 ? 0.35f : 1;
        for (int i = 0; i < nv->n_shown[c - 1]; i++)
            for (int j = 0; j < nv->n_shown[c]; j++) {
                float w = nv->w[c][i][j], t = fabsf(w) / nv->wmax[c];
                float x0 = L->x[c - 1] + L->radius, y0 = L->y[c - 1][i], x1 = L->x[c] - L->radius, y1 = L->y[c][j];
                ui_color col = ui_alpha(w >= 0 ? th->positive : th->negative, (0.25f + 0.75f * t) * dim);
                ui_line(ui, x0, y0, x1, y1, ui_px(ui, 0.6f + 3.4f * t), col);
                if (active)
                    ui_fill_circle(ui, x0 + (x1 - x0) * travel, y0 + (y1 - y0) * travel,
                                   ui_px(ui, 1.5f + 2 * t), w >= 0 ? th->positive : th->negative);
            }
    }
    int hc = h->link_c;
    if (hc > 0) {
        ui_line(ui, L->x[hc - 1] + L->radius, L->y[hc - 1][h->link_i], L->x[hc] - L->radius,
                L->y[hc][h->link_j], ui_px(ui, 5), ui_alpha(th->text, 0.35f));
    }
}

/* A neuron drawn as its map: a square (half-side `half`) in a square ring of a circle's width, dimmed
 * as the forward pass has not lit it yet. */
static void draw_map_node(ui_context *ui, float x, float y, float half, const ui_image *map, int best, float lit)
{
    const ui_theme *th = &ui->theme;
    ui_rect sq = { x - half, y - half, 2 * half, 2 * half };
    ui_fill_rect(ui, ui_rect_inset(sq, -ui_px(ui, best ? 3 : 1.2f)),
                 best ? th->text : ui_mix(th->text_dim, th->border, 0.3f));
    ui_draw_image(ui, sq, map);
    if (lit < 1)
        ui_fill_rect(ui, sq, ui_alpha(th->neutral, 1 - lit));
}

/* The neurons, filled by their activations or drawn as their maps (the output's best ringed), the
 * dots of a collapsed column and its count. */
static void draw_neurons(ui_context *ui, const netview *nv, const netview_args *a, const netview_layout *L)
{
    const ui_theme *th = &ui->theme;
    int last = nv->n_cols - 1;
    for (int c = 0; c < nv->n_cols; c++) {
        float lit = lit_amount(a, c);
        for (int j = 0; j < nv->n_shown[c]; j++) {
            float x = L->x[c], y = L->y[c][j];
            float v = nv->has_act ? nv->act[c][j] / nv->amax[c] : 0;
            ui_color fill = ui_mix(th->neutral, ui_diverging(th, v), lit);
            int best = c == last && nv->has_act && nv->shown[c][j] == nv->out_best && lit > 0.5f;
            if (map_of(a, c, j)) {
                draw_map_node(ui, x, y, L->radius, map_of(a, c, j), best, lit);
                continue;
            }
            ui_fill_circle(ui, x, y, L->radius + ui_px(ui, best ? 3 : 1.2f),
                           best ? th->text : ui_mix(th->text_dim, th->border, 0.3f));
            ui_fill_circle(ui, x, y, L->radius, fill);
        }
        if (netview_collapsed(nv, c)) {
            for (int k = -1; k <= 1; k++)
                ui_fill_circle(ui, L->x[c], L->gap_y[c] + (float)k * ui_px(ui, 5), ui_px(ui, 1.8f),
                               th->text_dim);
            draw_label(ui, &L->count[c], th->text_dim);
        }
    }
}

/* The inputs' names on their left, the outputs' on their right with their values. */
static void draw_names(ui_context *ui, const netview *nv, const netview_args *a, const netview_layout *L)
{
    const ui_theme *th = &ui->theme;
    float sh = ui_line_height(ui, UI_FONT_SMALL);
    int last = nv->n_cols - 1;
    char buf[64];
    if (a->input_names && !netview_collapsed(nv, 0))
        for (int i = 0; i < nv->n_shown[0]; i++) {
            const char *name = a->input_names[nv->shown[0][i]];
            float tw = ui_text_width(ui, UI_FONT_SMALL, name, -1);
            ui_draw_text(ui, UI_FONT_SMALL, name, -1, L->x[0] - L->radius - ui_px(ui, 6) - tw,
                         L->y[0][i] - sh / 2, th->text);
        }
    if (!a->output_names || netview_collapsed(nv, last))
        return;
    float lit = lit_amount(a, last);
    /* outputs closer than a line of text (ten classes in a short panel): every k-th named, and the
     * model's answer, so that no two names sit on one another */
    int n = nv->n_shown[last], best_j = -1, every = 1;
    float gap = n > 1 ? L->y[last][1] - L->y[last][0] : sh, need = ui_line_height(ui, UI_FONT_BOLD) * 0.72f;
    if (gap > 0 && gap < need)
        every = (int)ceilf(need / gap);
    for (int j = 0; j < n; j++)
        if (nv->has_act && nv->shown[last][j] == nv->out_best && lit > 0.5f)
            best_j = j;
    for (int j = 0; j < n; j++) {
        int idx = nv->shown[last][j];
        if (every > 1 && j != best_j && (j % every != 0 || (best_j >= 0 && abs(j - best_j) < every)))
            continue;
        float x = L->x[last] + L->radius + ui_px(ui, 6);
        int best = j == best_j;
        float w = ui_draw_text(ui, best ? UI_FONT_BOLD : UI_FONT_SMALL, a->output_names[idx], -1, x,
                               L->y[last][j] - sh / 2, th->text);
        if (nv->has_act && lit > 0.5f && (gap >= sh * 0.95f || best)) {
            snprintf(buf, sizeof buf, " %.2f", (double)nv->act[last][j]);
            lang_decimals(buf);
            ui_draw_text(ui, UI_FONT_SMALL, buf, -1, x + w, L->y[last][j] - sh / 2, th->text_dim);
        }
    }
}

/* The value under the mouse, in a tooltip: a neuron's activation and bias, or a connection's weight. */
static void show_hovered(ui_context *ui, const netview *nv, const netview_args *a, const hovered *h)
{
    int nc = h->neuron_c, nj = h->neuron_j, hc = h->link_c, hi = h->link_i, hj = h->link_j;
    if (nc >= 0) {
        char name[64], tip[192];
        netview_name_neuron(nv, nc, nj, a, name, sizeof name);
        if (nc == 0)
            snprintf(tip, sizeof tip, TR("%s\nvaleur : %.3f", "%s\nvalue: %.3f"), name,
                     (double)(nv->has_act ? nv->act[0][nj] : 0));
        else if (nv->has_act && lit_amount(a, nc) > 0.5f)
            snprintf(tip, sizeof tip,
                     TR("%s\nactivation (%s) : %.3f\nbiais : %.3f", "%s\nactivation (%s): %.3f\nbias: %.3f"),
                     name, nv->activation[nc], (double)nv->act[nc][nj], (double)nv->bias[nc][nj]);
        else
            snprintf(tip, sizeof tip, TR("%s\nbiais : %.3f", "%s\nbias: %.3f"), name,
                     (double)nv->bias[nc][nj]);
        ui_tooltip_now(ui, lang_decimals(tip));
    } else if (hc > 0) {
        char from[64], to[64], tip[256];
        netview_name_neuron(nv, hc - 1, hi, a, from, sizeof from);
        netview_name_neuron(nv, hc, hj, a, to, sizeof to);
        snprintf(tip, sizeof tip, TR("poids : %.3f\nde %s\nvers %s%s", "weight: %.3f\nfrom %s\nto %s%s"),
                 (double)nv->w[hc][hi][hj], from, to,
                 a->editable ? TR("\n(cliquer pour le changer)", "\n(click to change it)") : "");
        ui_tooltip_now(ui, lang_decimals(tip));
    }
}

void netview_draw(ui_context *ui, ui_rect r, const netview *nv, const netview_args *a)
{
    const ui_theme *th = &ui->theme;
    if (nv->n_cols < 2)
        return;
    netview_layout L;
    netview_lay_out(ui, r, nv, a, &L);
    draw_headers(ui, nv, &L);
    netview_remember_drawn(nv, a, &L, r);
    hovered h;
    find_hovered(ui, r, nv, a, &L, &h);
    draw_connections(ui, nv, a, &L, &h);
    /* the input image, framed, on the left of the input column */
    if (a->input_image) {
        ui_fill_rect(ui, ui_rect_inset(L.image, -1), th->border);
        ui_draw_image(ui, L.image, a->input_image);
    }
    draw_neurons(ui, nv, a, &L);
    draw_names(ui, nv, a, &L);
    show_hovered(ui, nv, a, &h);
}

netview_hit netview_hit_test(ui_context *ui, ui_rect r, const netview *nv, const netview_args *a)
{
    netview_hit hit = { .kind = NETVIEW_HIT_NONE, .c = -1, .i = -1, .j = -1, .from = -1, .to = -1 };
    if (nv->n_cols < 2)
        return hit;
    netview_layout L;
    netview_lay_out(ui, r, nv, a, &L);
    hovered h;
    find_hovered(ui, r, nv, a, &L, &h);
    if (h.neuron_c >= 0) {
        hit.kind = NETVIEW_HIT_NEURON;
        hit.c = h.neuron_c, hit.j = h.neuron_j;
        hit.to = nv->shown[hit.c][hit.j];
    } else if (h.link_c > 0) {
        hit.kind = NETVIEW_HIT_LINK;
        hit.c = h.link_c, hit.i = h.link_i, hit.j = h.link_j;
        hit.from = nv->shown[hit.c - 1][hit.i], hit.to = nv->shown[hit.c][hit.j];
        hit.weight = nv->w[hit.c][hit.i][hit.j];
    }
    return hit;
}
