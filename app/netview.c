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

typedef struct layout {
    float x[NETVIEW_COLS];
    float y[NETVIEW_COLS][NETVIEW_SHOWN];
    float gap_y[NETVIEW_COLS];          /* where the ellipsis of a collapsed column goes */
    float radius;
} layout;

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

/* The UI thread's last hovered neuron: one viewer is under the pointer at a time. */
static struct hovered { int on; float x, y, r; } hovered;

int netview_hovered(float *x, float *y, float *r)
{
    *x = hovered.x, *y = hovered.y, *r = hovered.r;
    return hovered.on;
}

void netview_hover_clear(void)
{
    hovered.on = 0;
}

void netview_draw(ui_context *ui, ui_rect r, const netview *nv, const netview_args *a)
{
    const ui_theme *th = &ui->theme;
    if (nv->n_cols < 2)
        return;
    layout L;
    float head = ui_line_height(ui, UI_FONT_BOLD) + ui_line_height(ui, UI_FONT_SMALL) + ui_px(ui, 8);
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
    ui_rect body = { r.x + left, r.y + head, r.w - left - right, r.h - head - ui_px(ui, 6) };
    int most = 1;
    for (int c = 0; c < nv->n_cols; c++) {
        int slots = nv->n_shown[c] + (collapsed(nv, c) ? 1 : 0);
        most = slots > most ? slots : most;
    }
    float spacing = fminf(body.h / (float)most, ui_px(ui, a->compact ? 56 : 84));
    L.radius = fmaxf(ui_px(ui, 4), fminf(spacing * 0.34f, ui_px(ui, a->compact ? 11 : 22)));
    for (int c = 0; c < nv->n_cols; c++) {
        L.x[c] = body.x + L.radius + (body.w - 2 * L.radius) * (float)c / (float)(nv->n_cols - 1);
        int n = nv->n_shown[c], col = collapsed(nv, c), slots = n + col;
        float top = body.y + (body.h - spacing * (float)slots) * 0.5f + spacing * 0.5f;
        for (int j = 0, s = 0; j < n; j++, s++) {
            if (col && j == n / 2) {
                L.gap_y[c] = top + spacing * (float)s;
                s++;
            }
            L.y[c][j] = top + spacing * (float)s;
        }
    }

    /* headers: the layer's name, then its size and activation; shorter when columns are close */
    char buf[64];
    float colw = nv->n_cols > 1 ? (L.x[1] - L.x[0]) - ui_px(ui, 4) : body.w;
    for (int c = 0; c < nv->n_cols; c++) {
        float cw = c == 0 || c == last ? colw + left * 0.5f : colw;
        column_title(nv, c, buf, sizeof buf);
        int font = UI_FONT_BOLD;
        if (ui_text_width(ui, font, buf, -1) > cw)
            font = UI_FONT_SMALL;
        if (ui_text_width(ui, font, buf, -1) > cw) {
            if (c == 0)
                snprintf(buf, sizeof buf, "x");
            else if (c == last)
                snprintf(buf, sizeof buf, "y");
            else
                snprintf(buf, sizeof buf, "%s%d", TR("C", "H"), c);
        }
        ui_rect hr = { L.x[c] - cw / 2, r.y, cw, ui_line_height(ui, UI_FONT_BOLD) };
        ui_draw_text_aligned(ui, font, buf, hr, UI_CENTER, ui->theme.text);
        if (c == 0)
            column_count(nv, c, buf, sizeof buf);
        else
            snprintf(buf, sizeof buf, "%d · %s", nv->units[c], nv->activation[c]);
        if (ui_text_width(ui, UI_FONT_SMALL, buf, -1) > cw)
            snprintf(buf, sizeof buf, "%d", nv->units[c]);
        hr.y += hr.h;
        hr.h = ui_line_height(ui, UI_FONT_SMALL);
        ui_draw_text_aligned(ui, UI_FONT_SMALL, buf, hr, UI_CENTER, th->text_dim);
    }

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
        ui_rect ir = { r.x + ui_px(ui, 4), body.y + (body.h - img) * 0.5f, img, img };
        ui_fill_rect(ui, ui_rect_inset(ir, -1), th->border);
        ui_draw_image(ui, ir, a->input_image);
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
            if (hover_in && dx * dx + dy * dy <= (L.radius + 2) * (L.radius + 2)) {
                nc = c, nj = j;
                hovered = (struct hovered){ 1, x, y, L.radius };
            }
        }
        if (collapsed(nv, c)) {
            for (int k = -1; k <= 1; k++)
                ui_fill_circle(ui, L.x[c], L.gap_y[c] + (float)k * ui_px(ui, 5), ui_px(ui, 1.8f),
                               th->text_dim);
            if (c > 0) {
                column_count(nv, c, buf, sizeof buf);
                float tw = ui_text_width(ui, UI_FONT_SMALL, buf, -1);
                float ty = L.y[c][nv->n_shown[c] - 1] + L.radius + ui_px(ui, 4);
                ui_draw_text(ui, UI_FONT_SMALL, buf, -1, L.x[c] - tw / 2, ty, th->text_dim);
            }
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
