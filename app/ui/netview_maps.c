/* netview_maps.c — the network viewer's per-neuron maps filled in Playground's colours, and its
 * mouse: a click on a connection opens a popup to set that weight. */
#include "netview.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang.h"

int netview_fill_map(ui_image *img, uint8_t *rgba, int w, int h, const float *values, float lo, float hi,
                     const ui_theme *th)
{
    if (!img || !rgba || !values || !th || w < 1 || h < 1)
        return -1;
    /* lo..hi onto -1..1; an empty range (a dead neuron) is all white rather than a division by 0 */
    float mid = (lo + hi) * 0.5f, half = (hi - lo) * 0.5f;
    for (int k = 0; k < w * h; k++) {
        float t = half > 0 ? (values[k] - mid) / half : 0;
        ui_color c = ui_diverging(th, t);
        uint8_t *p = rgba + (size_t)k * 4;
        p[0] = c.r, p[1] = c.g, p[2] = c.b, p[3] = 255;
    }
    img->rgba = rgba;
    img->w = w, img->h = h;
    img->smooth = 1;
    ui_image_touch(img);
    return 0;
}

/* The popup's rectangle: below and right of the click, kept inside the frame. */
static ui_rect popup_rect(const ui_context *ui, float x, float y)
{
    float w = ui_px(ui, 170), h = ui_px(ui, 104);
    ui_rect p = { x + ui_px(ui, 8), y + ui_px(ui, 8), w, h };
    if (p.x + w > ui->width)
        p.x = fmaxf(0, x - ui_px(ui, 8) - w);
    if (p.y + h > ui->height)
        p.y = fmaxf(0, y - ui_px(ui, 8) - h);
    return p;
}

/* The number typed, with a French comma or a point; 0 when it is not one whole number. */
static int parse_weight(const char *text, float *v)
{
    char buf[sizeof ((netview *)0)->edit.text];
    snprintf(buf, sizeof buf, "%s", text);
    for (char *c = buf; *c; c++)
        if (*c == ',')
            *c = '.';
    char *end;
    float x = strtof(buf, &end);
    while (*end == ' ')
        end++;
    if (end == buf || *end || !isfinite(x))
        return 0;
    *v = x;
    return 1;
}

/* Sets the edited weight to v (kept within -5..5) in the drawing and says so in the event. */
static netview_event set_weight(netview *nv, float v)
{
    float lim = NETVIEW_WEIGHT_MAX;
    v = v < -lim ? -lim : v > lim ? lim : v;
    int c = nv->edit.c, i = nv->edit.i, j = nv->edit.j;
    nv->w[c][i][j] = v;
    nv->wmax[c] = fmaxf(nv->wmax[c], fabsf(v));
    nv->edit.value = v;
    return (netview_event){ .kind = NETVIEW_EVENT_WEIGHT, .c = c, .i = i, .j = j, .layer = nv->layer_of[c],
                            .from = nv->shown[c - 1][i], .to = nv->shown[c][j], .value = v };
}

/* The open popup, on top: its title, the number field (which has the keyboard) and the slider.
 * Returns the weight set this frame, if any; closes it on Enter, Escape or a click elsewhere. */
static netview_event edit_popup(ui_context *ui, netview *nv, ui_id field)
{
    const ui_theme *th = &ui->theme;
    netview_event ev = { .kind = NETVIEW_EVENT_NONE };
    ui_rect p = popup_rect(ui, nv->edit.x, nv->edit.y);
    ui_set_layer(ui, 1);
    ui_fill_rect(ui, (ui_rect){ p.x + 2, p.y + 3, p.w, p.h }, th->shadow);
    ui_fill_round_rect(ui, p, ui_px(ui, th->radius), th->border);
    ui_fill_round_rect(ui, ui_rect_inset(p, 1), ui_px(ui, th->radius) - 1, th->panel);
    ui_layout_begin(ui, ui_rect_inset(p, ui_px(ui, 8)));
    ui_row(ui, 1, NULL, 18);
    char title[48];
    snprintf(title, sizeof title, TR("Poids : %.3f", "Weight: %.3f"),
             (double)nv->w[nv->edit.c][nv->edit.i][nv->edit.j]);
    lang_decimals(title);
    ui_label_font(ui, UI_FONT_SMALL, nv->edit.bad ? TR("Un nombre de -5 à 5", "A number from -5 to 5") : title,
                  nv->edit.bad ? th->bad : th->text_dim);
    ui_row(ui, 1, NULL, 0);
    int entered = ui_text_field(ui, "##weight", nv->edit.text, (int)sizeof nv->edit.text,
                                TR("puis Entrée", "then Enter"));
    float v = nv->edit.value;
    if (ui_slider(ui, "##slide", &v, -NETVIEW_WEIGHT_MAX, NETVIEW_WEIGHT_MAX, "%.2f"))
        ev = set_weight(nv, v);
    ui_layout_end(ui);
    ui_set_layer(ui, 0);
    ui->next_blocker = p;
    if (entered) {
        nv->edit.bad = !parse_weight(nv->edit.text, &v);
        if (!nv->edit.bad) {
            ev = set_weight(nv, v);
            nv->edit.open = 0;
            ui->focus = 0;
        }
    }
    int outside = ui->in.mouse_pressed && !ui_rect_contains(p, ui->in.mouse_x, ui->in.mouse_y);
    if (outside || ui->in.key_escape)
        nv->edit.open = 0;
    /* while it is open the field keeps the keyboard, even after a click on the slider: the app
     * leaves the keys to a focused field (Escape would otherwise quit) */
    if (nv->edit.open) {
        ui->focus = field;
        ui->focus_seen = 1;
    } else if (ui->focus == field)
        ui->focus = 0;
    return ev;
}

netview_event netview_update(ui_context *ui, ui_rect r, netview *nv, const netview_args *a, netview_hit *hit)
{
    netview_event ev = { .kind = NETVIEW_EVENT_NONE };
    netview_args shown = *a;
    shown.editable = 1;
    netview_draw(ui, r, nv, &shown);
    netview_hit h = netview_hit_test(ui, r, nv, a);
    if (hit)
        *hit = h;
    if (nv->n_cols < 2)
        return ev;
    ui_push_id(ui, "netview-edit");
    ui_id field = ui_get_id(ui, "##weight");
    /* a click is a press and a release on the same connection */
    int link = h.kind == NETVIEW_HIT_LINK;
    if (ui->in.mouse_pressed && !nv->edit.open) {
        nv->edit.press_c = link ? h.c : 0;
        nv->edit.press_i = h.i, nv->edit.press_j = h.j;
    }
    if (ui->in.mouse_released && !nv->edit.open && link && nv->edit.press_c == h.c && nv->edit.press_i == h.i &&
        nv->edit.press_j == h.j) {
        nv->edit.open = 1;
        nv->edit.c = h.c, nv->edit.i = h.i, nv->edit.j = h.j;
        nv->edit.x = ui->in.mouse_x, nv->edit.y = ui->in.mouse_y;
        nv->edit.value = h.weight;
        nv->edit.bad = 0;
        nv->edit.text[0] = 0;
        ui->focus = field; /* typing goes to the weight at once */
    }
    if (ui->in.mouse_released)
        nv->edit.press_c = 0;
    /* the model changed under it (a layer removed): the popup has nothing left to edit */
    if (nv->edit.open && (nv->edit.c >= nv->n_cols || nv->edit.i >= nv->n_shown[nv->edit.c - 1] ||
                          nv->edit.j >= nv->n_shown[nv->edit.c]))
        nv->edit.open = 0;
    if (nv->edit.open) {
        /* the connection being set, marked so that the student sees which */
        netview_layout L;
        netview_lay_out(ui, r, nv, a, &L);
        int c = nv->edit.c, i = nv->edit.i, j = nv->edit.j;
        ui_line(ui, L.x[c - 1] + L.radius, L.y[c - 1][i], L.x[c] - L.radius, L.y[c][j], ui_px(ui, 4),
                ui_alpha(ui->theme.accent, 0.8f));
        ev = edit_popup(ui, nv, field);
    }
    ui_pop_id(ui);
    return ev;
}
