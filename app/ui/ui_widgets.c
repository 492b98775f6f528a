/* ui_widgets.c — the widgets that click and drag: labels, buttons, toggles, sliders, dropdowns,
 * tabs. */
#include "ui.h"

#include <math.h>
#include <stdio.h>

#include "lang.h"
#include "ui_internal.h"

/* ---- widgets ------------------------------------------------------------------------------------ */

static const ui_color *button_color(const ui_context *ui, ui_id id)
{
    if (ui->active == id)
        return &ui->theme.button_active;
    if (ui->hot == id)
        return &ui->theme.button_hover;
    return &ui->theme.button;
}

void ui_label_font(ui_context *ui, int font, const char *text, ui_color c)
{
    ui_rect r = ui_next(ui);
    ui_draw_text_aligned(ui, font, text, r, UI_LEFT, c);
}

void ui_label(ui_context *ui, const char *text)
{
    ui_label_font(ui, UI_FONT_BODY, text, ui->theme.text);
}

float ui_text(ui_context *ui, int font, const char *text, ui_color c)
{
    ui_layout *L = ui_layout_top(ui);
    float h = ui_wrapped_height(ui, font, text, L->body.w);
    ui_rect r = ui_take_line(ui, h);
    ui_draw_wrapped(ui, font, text, r.x, r.y, r.w, c);
    return h;
}

int ui_button_at(ui_context *ui, ui_rect r, const char *label, int primary, int enabled)
{
    ui_id id = ui_get_id(ui, label);
    int clicked = enabled ? ui_interact(ui, id, r) : 0;
    const ui_theme *th = &ui->theme;
    ui_color bg, fg;
    if (!enabled) {
        bg = ui_alpha(th->button, 0.6f);
        fg = ui_alpha(th->text_dim, 0.6f);
    } else if (primary) {
        bg = ui->active == id ? th->header : ui->hot == id ? th->accent_hover : th->accent;
        fg = th->text_on_accent;
    } else {
        bg = *button_color(ui, id);
        fg = th->text;
    }
    ui_fill_round_rect(ui, r, ui_px(ui, th->radius), bg);
    ui_draw_text_aligned(ui, UI_FONT_BODY, label, r, UI_CENTER, fg);
    return clicked;
}

int ui_button_ex(ui_context *ui, const char *label, int primary, int enabled)
{
    return ui_button_at(ui, ui_next(ui), label, primary, enabled);
}

int ui_button(ui_context *ui, const char *label)
{
    return ui_button_ex(ui, label, 0, 1);
}

/* Splits a cell between its label (on the left) and the control; no label: all control. */
ui_rect ui_split_label(ui_context *ui, ui_rect r, const char *label)
{
    int n = ui_visible_len(label);
    if (n == 0)
        return r;
    float lw =
        ui->label_w > 0 ? fminf(ui_px(ui, ui->label_w), r.w * 0.6f) : fminf(r.w * 0.3f, ui_px(ui, 110));
    ui_rect lr = { r.x, r.y, lw, r.h };
    ui_push_clip(ui, lr);
    ui_draw_text(ui, UI_FONT_BODY, label, n, lr.x, lr.y + (lr.h - ui_line_height(ui, UI_FONT_BODY)) * 0.5f,
                 ui->theme.text);
    ui_pop_clip(ui);
    float gap = ui_px(ui, 6);
    return (ui_rect){ r.x + lw + gap, r.y, r.w - lw - gap, r.h };
}

int ui_toggle(ui_context *ui, const char *label, int *on)
{
    ui_rect r = ui_next(ui);
    ui_id id = ui_get_id(ui, label);
    int changed = 0;
    if (ui_interact(ui, id, r)) {
        *on = !*on;
        changed = 1;
    }
    const ui_theme *th = &ui->theme;
    float s = ui_px(ui, 18);
    ui_rect box = { r.x, r.y + (r.h - s) * 0.5f, s, s };
    if (*on) {
        ui_fill_round_rect(ui, box, ui_px(ui, 3), ui->hot == id ? th->accent_hover : th->accent);
        /* the tick */
        float x = box.x, y = box.y, k = s / 18.0f;
        ui_line(ui, x + 4 * k, y + 9.5f * k, x + 7.5f * k, y + 13 * k, 2.2f * k, th->text_on_accent);
        ui_line(ui, x + 7.5f * k, y + 13 * k, x + 14 * k, y + 5.5f * k, 2.2f * k, th->text_on_accent);
    } else {
        ui_fill_round_rect(ui, box, ui_px(ui, 3), ui->hot == id ? th->accent : th->border);
        ui_fill_round_rect(ui, ui_rect_inset(box, ui_px(ui, 1.5f)), ui_px(ui, 2), th->field);
    }
    ui_rect lr = { r.x + s + ui_px(ui, 8), r.y, r.w - s - ui_px(ui, 8), r.h };
    ui_draw_text_aligned(ui, UI_FONT_BODY, label, lr, UI_LEFT, th->text);
    return changed;
}

int ui_slider(ui_context *ui, const char *label, float *v, float lo, float hi, const char *fmt)
{
    ui_rect cell = ui_next(ui);
    ui_id id = ui_get_id(ui, label);
    ui_rect r = ui_split_label(ui, cell, label);
    const ui_theme *th = &ui->theme;
    float vw = fmt ? ui_px(ui, 50) : 0;
    ui_rect track = { r.x + ui_px(ui, 7), r.y, r.w - vw - ui_px(ui, 14), r.h };
    ui_interact(ui, id, (ui_rect){ r.x, r.y, r.w - vw, r.h });
    float old = *v;
    if (ui->active == id && track.w > 0) {
        float t = (ui->in.mouse_x - track.x) / track.w;
        t = t < 0 ? 0 : t > 1 ? 1 : t;
        *v = lo + t * (hi - lo);
    }
    float t = hi > lo ? (*v - lo) / (hi - lo) : 0;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    float cy = r.y + r.h * 0.5f, th_h = ui_px(ui, 4);
    /* the track filled from zero when the range spans it (a weight), from the left otherwise */
    float z = (lo < 0 && hi > 0) ? (0 - lo) / (hi - lo) : 0;
    float xv = track.x + t * track.w, xz = track.x + z * track.w;
    ui_fill_round_rect(ui, (ui_rect){ track.x, cy - th_h / 2, track.w, th_h }, th_h / 2, th->track);
    ui_fill_rect(ui, (ui_rect){ fminf(xv, xz), cy - th_h / 2, fabsf(xv - xz), th_h },
                 ui->active == id || ui->hot == id ? th->accent_hover : th->accent);
    if (lo < 0 && hi > 0)
        ui_fill_rect(ui, (ui_rect){ xz - 1, cy - th_h, 2, th_h * 2 }, th->text_dim);
    float knob = ui_px(ui, ui->active == id ? 8 : 7);
    ui_fill_circle(ui, xv, cy, knob + 1, th->accent);
    ui_fill_circle(ui, xv, cy, knob - ui_px(ui, 1.5f), th->field);
    if (fmt) {
        char buf[32];
        snprintf(buf, sizeof buf, fmt, (double)*v);
        lang_decimals(buf); /* "0,05" in French */
        ui_draw_text_aligned(ui, UI_FONT_BOLD, buf, (ui_rect){ r.x + r.w - vw, r.y, vw, r.h }, UI_RIGHT,
                             th->text);
    }
    return *v != old;
}

/* The small downward arrow of a closed dropdown. */
static void draw_caret(ui_context *ui, float x, float y, float s, ui_color c)
{
    ui_fill_triangle(ui, x - s, y - s * 0.5f, x + s, y - s * 0.5f, x, y + s * 0.6f, c);
}

int ui_dropdown(ui_context *ui, const char *label, int *selected, const char *const *items, int n)
{
    ui_rect cell = ui_next(ui);
    ui_id id = ui_get_id(ui, label);
    ui_rect r = ui_split_label(ui, cell, label);
    const ui_theme *th = &ui->theme;
    int open = ui->open_popup == id, changed = 0;
    if (ui_interact(ui, id, r))
        ui->open_popup = open ? 0 : id;
    open = ui->open_popup == id;
    ui_fill_round_rect(ui, r, ui_px(ui, th->radius), open || ui->hot == id ? th->accent : th->border);
    ui_fill_round_rect(ui, ui_rect_inset(r, 1), ui_px(ui, th->radius) - 1, th->field);
    int sel = *selected >= 0 && *selected < n ? *selected : 0;
    ui_rect tr = { r.x + ui_px(ui, 8), r.y, r.w - ui_px(ui, 28), r.h };
    ui_push_clip(ui, tr);
    ui_draw_text_aligned(ui, UI_FONT_BODY, n ? items[sel] : "", tr, UI_LEFT, th->text);
    ui_pop_clip(ui);
    draw_caret(ui, r.x + r.w - ui_px(ui, 13), r.y + r.h * 0.5f, ui_px(ui, 4), th->text_dim);
    if (!open)
        return 0;

    /* the list, on top of everything, below the box or above it when the frame ends first */
    float ih = ui_px(ui, 26), lh = ih * (float)n + 2;
    ui_rect list = { r.x, r.y + r.h + 2, r.w, lh };
    if (list.y + lh > ui->height && r.y - lh - 2 >= 0)
        list.y = r.y - lh - 2;
    ui_set_layer(ui, 1);
    ui_fill_rect(ui, (ui_rect){ list.x + 2, list.y + 3, list.w, list.h }, th->shadow);
    ui_fill_rect(ui, list, th->border);
    ui_fill_rect(ui, ui_rect_inset(list, 1), th->field);
    for (int i = 0; i < n; i++) {
        ui_rect ir = { list.x + 1, list.y + 1 + ih * (float)i, list.w - 2, ih };
        ui_id iid = ui_get_id_int(ui, label, i + 1);
        if (ui_interact(ui, iid, ir)) {
            changed = *selected != i;
            *selected = i;
            ui->open_popup = 0;
        }
        if (ui->hot == iid)
            ui_fill_rect(ui, ir, th->accent_dim);
        else if (i == sel)
            ui_fill_rect(ui, ir, ui_alpha(th->accent_dim, 0.45f));
        ui_draw_text_aligned(ui, i == sel ? UI_FONT_BOLD : UI_FONT_BODY, items[i],
                             (ui_rect){ ir.x + ui_px(ui, 8), ir.y, ir.w - ui_px(ui, 8), ir.h }, UI_LEFT,
                             th->text);
    }
    ui_set_layer(ui, 0);
    ui->next_blocker = list;
    /* a click anywhere else closes the list */
    if (ui->in.mouse_pressed && !ui_rect_contains(list, ui->in.mouse_x, ui->in.mouse_y) &&
        !ui_rect_contains(r, ui->in.mouse_x, ui->in.mouse_y))
        ui->open_popup = 0;
    return changed;
}

int ui_tabs(ui_context *ui, const char *label, int *selected, const char *const *items, int n)
{
    ui_rect cell = ui_next(ui);
    ui_rect r = ui_split_label(ui, cell, label);
    const ui_theme *th = &ui->theme;
    int changed = 0;
    float w = r.w / (float)(n > 0 ? n : 1);
    ui_push_id(ui, label);
    ui_fill_round_rect(ui, r, ui_px(ui, th->radius), th->button);
    for (int i = 0; i < n; i++) {
        ui_rect b = { r.x + w * (float)i, r.y, w, r.h };
        ui_id id = ui_get_id_int(ui, "tab", i);
        if (ui_interact(ui, id, b) && *selected != i) {
            *selected = i;
            changed = 1;
        }
        int on = *selected == i;
        if (on)
            ui_fill_round_rect(ui, ui_rect_inset(b, 2), ui_px(ui, th->radius), th->accent);
        else if (ui->hot == id)
            ui_fill_round_rect(ui, ui_rect_inset(b, 2), ui_px(ui, th->radius), th->button_hover);
        ui_push_clip(ui, b);
        ui_draw_text_aligned(ui, UI_FONT_BODY, items[i], b, UI_CENTER, on ? th->text_on_accent : th->text);
        ui_pop_clip(ui);
    }
    ui_pop_id(ui);
    return changed;
}
