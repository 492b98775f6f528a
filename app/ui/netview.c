/* netview.c — the network viewer: layout, weights and activations of the visible neurons, drawing,
 * hover values, the animated forward pass. */
#include "netview.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang.h"

/* ---- model ------------------------------------------------------------------------------------- */

/* Which neurons of a layer of n are drawn: all of them, or an even sample through the layer (for
 * 784 pixels that is a diagonal across the image, from corner to corner through the centre). */
static int choose_shown(int n, int *shown)
{
    if (n <= NETVIEW_SHOWN) {
        for (int i = 0; i < n; i++)
            shown[i] = i;
        return n;
    }
    int k = NETVIEW_SHOWN - 2;
    for (int i = 0; i < k; i++)
        shown[i] = (int)((long)i * (n - 1) / (k - 1));
    return k;
}

static int grow(float **buf, size_t *have, size_t need)
{
    if (need <= *have)
        return 0;
    float *p = realloc(*buf, need * sizeof *p);
    if (!p)
        return -1;
    *buf = p;
    *have = need;
    return 0;
}

int netview_set_model(netview *nv, nn_model *m)
{
    float *acts = nv->acts, *kernel = nv->kernel, *bias = nv->bias_buf;
    size_t acts_n = nv->acts_n, kernel_n = nv->kernel_n;
    memset(nv, 0, sizeof *nv);
    nv->acts = acts, nv->kernel = kernel, nv->bias_buf = bias;
    nv->acts_n = acts_n, nv->kernel_n = kernel_n;
    nv->units[0] = nn_input_dim(m);
    nv->layer_of[0] = -1;
    nv->n_cols = 1;
    size_t total = 0, kmax = 0, bmax = 0;
    for (int l = 0; l < nn_layer_count(m); l++) {
        nn_layer_info li;
        if (nn_layer_info_get(m, l, &li) < 0)
            return -1;
        total += (size_t)li.units;
        if (strcmp(li.kind, "Dense") == 0 && nv->n_cols < NETVIEW_COLS) {
            int c = nv->n_cols++;
            nv->units[c] = li.units;
            nv->layer_of[c] = l;
            snprintf(nv->activation[c], sizeof nv->activation[c], "%s",
                     li.activation ? li.activation : "linear");
            size_t k = (size_t)li.inputs * li.units;
            kmax = k > kmax ? k : kmax;
            bmax = (size_t)li.units > bmax ? (size_t)li.units : bmax;
        } else if (strcmp(li.kind, "Softmax") == 0 && nv->n_cols > 1)
            snprintf(nv->activation[nv->n_cols - 1], sizeof nv->activation[0], "softmax");
    }
    for (int c = 0; c < nv->n_cols; c++)
        nv->n_shown[c] = choose_shown(nv->units[c], nv->shown[c]);
    if (grow(&nv->acts, &nv->acts_n, total + 1) < 0 || grow(&nv->kernel, &nv->kernel_n, kmax + 1) < 0)
        return -1;
    float *b = realloc(nv->bias_buf, (bmax + 1) * sizeof *b);
    if (!b)
        return -1;
    nv->bias_buf = b;
    return 0;
}

void netview_free(netview *nv)
{
    free(nv->acts);
    free(nv->kernel);
    free(nv->bias_buf);
    memset(nv, 0, sizeof *nv);
}

int netview_read_weights(netview *nv, nn_model *m)
{
    for (int c = 1; c < nv->n_cols; c++) {
        if (nn_get_weights(m, nv->layer_of[c], nv->kernel, nv->bias_buf) < 0)
            return -1;
        float wmax = 1e-6f;
        int out = nv->units[c];
        for (int i = 0; i < nv->n_shown[c - 1]; i++)
            for (int j = 0; j < nv->n_shown[c]; j++) {
                float w = nv->kernel[(size_t)nv->shown[c - 1][i] * out + nv->shown[c][j]];
                nv->w[c][i][j] = w;
                wmax = fmaxf(wmax, fabsf(w));
            }
        for (int j = 0; j < nv->n_shown[c]; j++)
            nv->bias[c][j] = nv->bias_buf[nv->shown[c][j]];
        nv->wmax[c] = wmax;
    }
    return 0;
}

int netview_forward(netview *nv, nn_model *m, const float *x)
{
    if (nn_forward_layers(m, x, nv->acts) < 0)
        return -1;
    float amax = 1e-6f;
    for (int i = 0; i < nv->units[0]; i++)
        amax = fmaxf(amax, fabsf(x[i]));
    for (int i = 0; i < nv->n_shown[0]; i++)
        nv->act[0][i] = x[nv->shown[0][i]];
    nv->amax[0] = amax;
    /* walk the layers' outputs; a Softmax layer replaces the column before it */
    const float *a = nv->acts;
    int c = 0;
    for (int l = 0; l < nn_layer_count(m); l++) {
        nn_layer_info li;
        nn_layer_info_get(m, l, &li);
        int dense = strcmp(li.kind, "Dense") == 0, soft = strcmp(li.kind, "Softmax") == 0;
        if ((dense && c + 1 < nv->n_cols) || (soft && c > 0)) {
            if (dense)
                c++;
            float mx = 1e-6f;
            for (int j = 0; j < li.units; j++)
                mx = fmaxf(mx, fabsf(a[j]));
            for (int j = 0; j < nv->n_shown[c]; j++)
                nv->act[c][j] = a[nv->shown[c][j]];
            nv->amax[c] = mx;
            if (c == nv->n_cols - 1) {
                int best = 0;
                for (int j = 1; j < li.units; j++)
                    if (a[j] > a[best])
                        best = j;
                nv->out_best = best;
            }
        }
        a += li.units;
    }
    nv->has_act = 1;
    return 0;
}

/* ---- drawing ------------------------------------------------------------------------------------ */

static int collapsed(const netview *nv, int c)
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

static void neuron_name(const netview *nv, int c, int j, const netview_args *a, char *buf, size_t n)
{
    char title[32];
    column_title(nv, c, title, sizeof title);
    int idx = nv->shown[c][j];
    if (c == 0 && a->input_names && !collapsed(nv, 0))
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

/* The viewers drawn since the frame began (demo mode forgets them before each frame; the desk
 * never reads them, and the last slot is simply drawn over). Read by the UI thread only. */
static struct drawn {
    const netview *nv;
    netview_args a;
    netview_layout L;
    ui_rect r;
} drawn[NETVIEW_DRAWN];
static int n_drawn;

static void remember_drawn(const netview *nv, const netview_args *a, const netview_layout *L, ui_rect r)
{
    if (n_drawn < NETVIEW_DRAWN)
        n_drawn++;
    drawn[n_drawn - 1] = (struct drawn){ nv, *a, *L, r };
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

void netview_lay_out(ui_context *ui, ui_rect r, const netview *nv, const netview_args *a, netview_layout *L)
{
    memset(L, 0, sizeof *L);
    if (nv->n_cols < 2)
        return;
    float bold = ui_line_height(ui, UI_FONT_BOLD), sh = ui_line_height(ui, UI_FONT_SMALL);
    float head = bold + sh + ui_px(ui, 8);
    float left = ui_px(ui, 24), right = ui_px(ui, 24);
    if (a->input_names && !collapsed(nv, 0)) {
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
    if (a->output_names && !collapsed(nv, last)) {
        float w = 0;
        for (int i = 0; i < nv->units[last]; i++)
            w = fmaxf(w, ui_text_width(ui, UI_FONT_SMALL, a->output_names[i], -1));
        right += w + ui_text_width(ui, UI_FONT_SMALL, " 0.00", -1) + ui_px(ui, 6);
    }
    /* a line under the columns for the sizes of the collapsed ones ("64 neurons") */
    float foot = 0;
    for (int c = 1; c < nv->n_cols; c++)
        if (collapsed(nv, c))
            foot = sh + ui_px(ui, 4);
    ui_rect body = { r.x + left, r.y + head, r.w - left - right, r.h - head - foot - ui_px(ui, 6) };
    L->body = body;
    if (a->input_image)
        L->image = (ui_rect){ r.x + ui_px(ui, 4), body.y + (body.h - img) * 0.5f, img, img };
    int most = 1;
    for (int c = 0; c < nv->n_cols; c++) {
        int slots = nv->n_shown[c] + (collapsed(nv, c) ? 1 : 0);
        most = slots > most ? slots : most;
    }
    float spacing = fminf(body.h / (float)most, ui_px(ui, a->compact ? 56 : 84));
    L->radius = fmaxf(ui_px(ui, 4), fminf(spacing * 0.34f, ui_px(ui, a->compact ? 11 : 22)));
    for (int c = 0; c < nv->n_cols; c++) {
        L->x[c] = body.x + L->radius + (body.w - 2 * L->radius) * (float)c / (float)(nv->n_cols - 1);
        int n = nv->n_shown[c], col = collapsed(nv, c), slots = n + col;
        float top = body.y + (body.h - spacing * (float)slots) * 0.5f + spacing * 0.5f;
        for (int j = 0, s = 0; j < n; j++, s++) {
            if (col && j == n / 2) {
                L->gap_y[c] = top + spacing * (float)s;
                s++;
            }
            L->y[c][j] = top + spacing * (float)s;
        }
    }

    /* headers: the layer's name, then its size and activation; shorter when columns are close, so
     * that neighbours' labels never meet */
    for (int c = 0; c < nv->n_cols; c++) {
        char title[32], abbrev[16], number[16], full[32], units[16];
        column_title(nv, c, title, sizeof title);
        if (c == 0)
            snprintf(abbrev, sizeof abbrev, "x");
        else if (c == last)
            snprintf(abbrev, sizeof abbrev, "y");
        else
            snprintf(abbrev, sizeof abbrev, "%s%d", TR("C", "H"), c);
        snprintf(number, sizeof number, "%d", c);
        /* the name in bold, else in small type, else abbreviated */
        set_label(ui, L, nv->n_cols, r, c, UI_FONT_BOLD, r.y, &L->title[c], 1, (const char *const[]){ title });
        if (!L->title[c].text[0]) {
            float y = r.y + (bold - sh) / 2;
            /* a hidden column's number alone, when even "C1" is too wide */
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
        if (c > 0 && collapsed(nv, c)) {
            column_count(nv, c, full, sizeof full);
            float y = L->y[c][nv->n_shown[c] - 1] + L->radius + ui_px(ui, 4);
            set_label(ui, L, nv->n_cols, r, c, UI_FONT_SMALL, y, &L->count[c], 2,
                      (const char *const[]){ full, units });
        }
    }
}

static void draw_label(ui_context *ui, const netview_label *lb, ui_color color)
{
    if (lb->text[0])
        ui_draw_text(ui, lb->font, lb->text, -1, lb->r.x, lb->r.y, color);
}

void netview_draw(ui_context *ui, ui_rect r, const netview *nv, const netview_args *a)
{
    const ui_theme *th = &ui->theme;
    if (nv->n_cols < 2)
        return;
    netview_layout L;
    netview_lay_out(ui, r, nv, a, &L);
    int last = nv->n_cols - 1;
    char buf[64];
    for (int c = 0; c < nv->n_cols; c++) {
        draw_label(ui, &L.title[c], th->text);
        draw_label(ui, &L.size[c], th->text_dim);
    }

    remember_drawn(nv, a, &L, r);

    /* connections, under the neurons */
    float mx = ui->in.mouse_x, my = ui->in.mouse_y;
    int hover_in = ui_mouse_in(ui, r);
    int hc = -1, hi = -1, hj = -1;            /* hovered connection */
    float best_d = ui_px(ui, 4);
    for (int c = 1; c < nv->n_cols; c++) {
        float travel = a->reveal < 0 ? -1 : a->reveal - (float)(c - 1);
        int active = travel > 0 && travel < 1;
        float dim = a->reveal >= 0 && travel <= 0 ? 0.35f : 1;
        for (int i = 0; i < nv->n_shown[c - 1]; i++)
            for (int j = 0; j < nv->n_shown[c]; j++) {
                float w = nv->w[c][i][j], t = fabsf(w) / nv->wmax[c];
                float x0 = L.x[c - 1] + L.radius, y0 = L.y[c - 1][i], x1 = L.x[c] - L.radius, y1 = L.y[c][j];
                ui_color col = ui_alpha(w >= 0 ? th->positive : th->negative, (0.25f + 0.75f * t) * dim);
                ui_line(ui, x0, y0, x1, y1, ui_px(ui, 0.6f + 3.4f * t), col);
                if (active)
                    ui_fill_circle(ui, x0 + (x1 - x0) * travel, y0 + (y1 - y0) * travel,
                                   ui_px(ui, 1.5f + 2 * t), w >= 0 ? th->positive : th->negative);
                if (hover_in) {
                    /* distance from the mouse to the segment */
                    float dx = x1 - x0, dy = y1 - y0, len2 = dx * dx + dy * dy;
                    float u = len2 > 0 ? ((mx - x0) * dx + (my - y0) * dy) / len2 : 0;
                    u = u < 0 ? 0 : u > 1 ? 1 : u;
                    float ex = x0 + u * dx - mx, ey = y0 + u * dy - my, d = sqrtf(ex * ex + ey * ey);
                    if (d < best_d) {
                        best_d = d;
                        hc = c, hi = i, hj = j;
                    }
                }
            }
    }
    if (hc > 0) {
        ui_line(ui, L.x[hc - 1] + L.radius, L.y[hc - 1][hi], L.x[hc] - L.radius, L.y[hc][hj], ui_px(ui, 5),
                ui_alpha(th->text, 0.35f));
    }

    /* the input image, with a faint fan from it to the input column */
    if (a->input_image) {
        ui_fill_rect(ui, ui_rect_inset(L.image, -1), th->border);
        ui_draw_image(ui, L.image, a->input_image);
    }

    /* neurons */
    int nc = -1, nj = -1;
    for (int c = 0; c < nv->n_cols; c++) {
        float lit = lit_amount(a, c);
        for (int j = 0; j < nv->n_shown[c]; j++) {
            float x = L.x[c], y = L.y[c][j];
            float v = nv->has_act ? nv->act[c][j] / nv->amax[c] : 0;
            ui_color fill = ui_mix(th->neutral, ui_diverging(th, v), lit);
            int best = c == last && nv->has_act && nv->shown[c][j] == nv->out_best && lit > 0.5f;
            ui_fill_circle(ui, x, y, L.radius + ui_px(ui, best ? 3 : 1.2f),
                           best ? th->text : ui_mix(th->text_dim, th->border, 0.3f));
            ui_fill_circle(ui, x, y, L.radius, fill);
            float dx = mx - x, dy = my - y;
            if (hover_in && dx * dx + dy * dy <= (L.radius + 2) * (L.radius + 2))
                nc = c, nj = j;
        }
        if (collapsed(nv, c)) {
            for (int k = -1; k <= 1; k++)
                ui_fill_circle(ui, L.x[c], L.gap_y[c] + (float)k * ui_px(ui, 5), ui_px(ui, 1.8f),
                               th->text_dim);
            draw_label(ui, &L.count[c], th->text_dim);
        }
    }

    /* names beside the inputs and the outputs */
    float sh = ui_line_height(ui, UI_FONT_SMALL);
    if (a->input_names && !collapsed(nv, 0))
        for (int i = 0; i < nv->n_shown[0]; i++) {
            const char *name = a->input_names[nv->shown[0][i]];
            float tw = ui_text_width(ui, UI_FONT_SMALL, name, -1);
            ui_draw_text(ui, UI_FONT_SMALL, name, -1, L.x[0] - L.radius - ui_px(ui, 6) - tw,
                         L.y[0][i] - sh / 2, th->text);
        }
    if (a->output_names && !collapsed(nv, last)) {
        float lit = lit_amount(a, last);
        for (int j = 0; j < nv->n_shown[last]; j++) {
            int idx = nv->shown[last][j];
            float x = L.x[last] + L.radius + ui_px(ui, 6);
            int best = nv->has_act && idx == nv->out_best && lit > 0.5f;
            float w = ui_draw_text(ui, best ? UI_FONT_BOLD : UI_FONT_SMALL, a->output_names[idx], -1, x,
                                   L.y[last][j] - sh / 2, th->text);
            if (nv->has_act && lit > 0.5f) {
                snprintf(buf, sizeof buf, " %.2f", (double)nv->act[last][j]);
                ui_draw_text(ui, UI_FONT_SMALL, buf, -1, x + w, L.y[last][j] - sh / 2, th->text_dim);
            }
        }
    }

    /* the value under the mouse */
    if (nc >= 0) {
        char name[64], tip[192];
        neuron_name(nv, nc, nj, a, name, sizeof name);
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
        ui_tooltip_now(ui, tip);
    } else if (hc > 0) {
        char from[64], to[64], tip[192];
        neuron_name(nv, hc - 1, hi, a, from, sizeof from);
        neuron_name(nv, hc, hj, a, to, sizeof to);
        snprintf(tip, sizeof tip, TR("poids : %.3f\nde %s\nvers %s", "weight: %.3f\nfrom %s\nto %s"),
                 (double)nv->w[hc][hi][hj], from, to);
        ui_tooltip_now(ui, tip);
    }
}

/* ---- demo mode's spotlight ---------------------------------------------------------------------- */

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
        neuron_name(drawn[n->view].nv, n->c, n->j, &drawn[n->view].a, buf, len);
}

/* A short name for a row of the inset: the input's or the class's own name, else x3, a3 or y3 by
 * the column (input, hidden, output) and the neuron's number. */
static void short_name(const netview *nv, int c, int j, const netview_args *a, char *buf, size_t n)
{
    int idx = nv->shown[c][j], last = nv->n_cols - 1;
    if (c == 0 && a->input_names && !collapsed(nv, 0))
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
    *partial = collapsed(nv, other);
    return k;
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
    char title[64], lines[4][128], fbuf[48];
    int nlines = 0;
    neuron_name(nv, c, j, &d->a, title, sizeof title);
    float out = nv->has_act ? nv->act[c][j] : 0;
    if (c == 0) {
        snprintf(lines[nlines++], sizeof lines[0], "%s",
                 TR("Une entrée ne calcule rien : elle transmet sa valeur, multipliée par chaque poids.",
                    "An input computes nothing: it passes its value on, times each weight."));
    } else {
        snprintf(lines[nlines++], sizeof lines[0], TR("biais b = %.3f", "bias b = %.3f"), (double)nv->bias[c][j]);
        if (!collapsed(nv, c - 1)) {
            /* every input is drawn, so the sum can be shown whole */
            float z = nv->bias[c][j];
            for (int i = 0; i < nv->n_shown[c - 1]; i++)
                z += nv->w[c][i][j] * (nv->has_act ? nv->act[c - 1][i] : 0);
            snprintf(lines[nlines++], sizeof lines[0], "z = Σ x·w + b = %.3f", (double)z);
        }
        snprintf(lines[nlines++], sizeof lines[0], TR("sortie = %s(z) = %.3f", "output = %s(z) = %.3f"),
                 nv->activation[c], (double)out);
    }
    snprintf(fbuf, sizeof fbuf, "%.3f", (double)out);

    /* sizes: rows of body text beside a neuron 2.5 times as large (at least 40 points) */
    float pad = ui_px(ui, 16), lh = ui_line_height(ui, UI_FONT_BODY), hh = ui_line_height(ui, UI_FONT_HEADING);
    float sh = ui_line_height(ui, UI_FONT_SMALL), tl = ui_line_height(ui, UI_FONT_TITLE);
    float bigr = fmaxf(n.r * 2.5f, ui_px(ui, 40));
    float pw = fminf(W * 0.5f, ui_px(ui, 540));
    inset_cols cols = { lh * 0.3f, ui_px(ui, 8), 0, 0 };
    for (int k = 0; k < nrows; k++) {
        char vbuf[48], wbuf[24];
        row_texts(&rows[k], vbuf, sizeof vbuf, wbuf, sizeof wbuf);
        cols.value_w = fmaxf(cols.value_w, ui_text_width(ui, UI_FONT_BODY, vbuf, -1));
        cols.weight_w = fmaxf(cols.weight_w, ui_text_width(ui, UI_FONT_BOLD, wbuf, -1));
    }
    float text_w = row_width(&cols);
    /* a narrow screen: the neuron gives way to the rows, never below twice its size */
    float room = pw - 2 * pad - text_w - ui_px(ui, 40);
    if (2 * bigr > room)
        bigr = fmaxf(room / 2, n.r * 2);
    float row_h = lh * 1.2f, rows_h = row_h * (float)nrows;
    float diagram_h = fmaxf(rows_h, 2 * bigr + ui_px(ui, 14) + sh + tl);
    float text_h = 0;
    for (int k = 0; k < nlines; k++)
        text_h += ui_wrapped_height(ui, UI_FONT_BODY, lines[k], pw - 2 * pad);
    float ph = pad + hh + ui_px(ui, 8) + diagram_h + (partial ? lh : 0) + ui_px(ui, 10) + text_h + pad;
    if (ph > H * 0.94f) {
        /* too many rows for the screen: they close up */
        float over = ph - H * 0.94f;
        row_h = fmaxf(row_h - over / (float)(nrows > 0 ? nrows : 1), lh * 0.8f);
        rows_h = row_h * (float)nrows;
        diagram_h = fmaxf(rows_h, 2 * bigr + ui_px(ui, 14) + sh + tl);
        ph = pad + hh + ui_px(ui, 8) + diagram_h + (partial ? lh : 0) + ui_px(ui, 10) + text_h + pad;
    }
    /* the inset on the side away from the neuron, so that both show */
    ui_rect box = { n.x > W / 2 ? ui_px(ui, 16) : W - pw - ui_px(ui, 16), (H - ph) / 2, pw, ph };
    box.y = fmaxf(box.y, ui_px(ui, 8));
    float ex = n.x > W / 2 ? box.x + box.w : box.x, ey = fminf(fmaxf(n.y, box.y + pad), box.y + box.h - pad);
    ui_line(ui, n.x + (ex > n.x ? hole : -hole), n.y, ex, ey, ui_px(ui, 3), th->accent);
    ui_fill_round_rect(ui, ui_rect_inset(box, -ui_px(ui, 3)), ui_px(ui, 10), th->accent);
    ui_fill_round_rect(ui, box, ui_px(ui, 8), th->panel);

    float x = box.x + pad, y = box.y + pad, iw = box.w - 2 * pad;
    ui_push_clip(ui, box);
    ui_draw_text(ui, UI_FONT_HEADING, title, -1, x, y, th->text);
    y += hh + ui_px(ui, 8);
    /* the big neuron: on the right of its inputs, on the left of an input's outputs */
    int on_left = c > 0;
    float bx = on_left ? x + iw - bigr - ui_px(ui, 4) : x + bigr + ui_px(ui, 4);
    float by = y + sh + ui_px(ui, 6) + (diagram_h - sh - tl - ui_px(ui, 14)) / 2;
    float r0 = by - rows_h / 2 + row_h / 2;
    float rx = on_left ? x : box.x + box.w - pad - text_w;
    for (int k = 0; k < nrows; k++)
        draw_inset_row(ui, &rows[k], &cols, on_left, rx, r0 + row_h * (float)k, (float[]){ bx, by, bigr });
    ui_fill_circle(ui, bx, by, bigr + ui_px(ui, 3), th->text); /* a ring apart from any fill */
    ui_fill_circle(ui, bx, by, bigr, activation_color(th, nv, c, j));
    if (c > 0)
        ui_draw_text_aligned(ui, UI_FONT_SMALL, nv->activation[c],
                             (ui_rect){ bx - bigr * 2, by - bigr - sh - ui_px(ui, 6), bigr * 4, sh }, UI_CENTER,
                             th->text_dim);
    ui_draw_text_aligned(ui, UI_FONT_TITLE, fbuf, (ui_rect){ bx - bigr * 2, by + bigr + ui_px(ui, 4), bigr * 4, tl },
                         UI_CENTER, th->text);
    y += diagram_h;
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
        big[0] = bx, big[1] = by, big[2] = bigr;
}
