/* ui_layout.c — where widgets go: rows of cells inside a rectangle, and scroll areas. */
#include "ui.h"

#include <math.h>

#include "ui_internal.h"

/* ---- layout ------------------------------------------------------------------------------------- */

ui_layout *ui_layout_top(ui_context *ui)
{
    return &ui->layouts[ui->layout_depth - 1];
}

void ui_layout_begin(ui_context *ui, ui_rect body)
{
    if (ui->layout_depth >= UI_LAYOUT_DEPTH) {
        ui->overflowed = 1;
        return;
    }
    ui_layout *L = &ui->layouts[ui->layout_depth++];
    *L = (ui_layout){ .body = body, .x = body.x, .y = body.y, .bottom = body.y };
    ui_row(ui, 1, NULL, 0);
}

void ui_layout_end(ui_context *ui)
{
    if (ui->layout_depth > 1)
        ui->layout_depth--;
}

/* Moves the cursor under the current row when the row has begun. */
static void finish_row(ui_context *ui)
{
    ui_layout *L = ui_layout_top(ui);
    if (L->col > 0) {
        L->y += L->row_h + ui_px(ui, ui->theme.spacing);
        L->col = 0;
    }
    L->x = L->body.x;
}

void ui_row(ui_context *ui, int n, const float *widths, float h)
{
    finish_row(ui);
    ui_layout *L = ui_layout_top(ui);
    n = n < 1 ? 1 : n > UI_MAX_COLS ? UI_MAX_COLS : n;
    float gap = ui_px(ui, ui->theme.spacing);
    float avail = L->body.w - gap * (float)(n - 1), fixed = 0, shares = 0;
    for (int i = 0; i < n; i++) {
        float w = widths ? widths[i] : -1;
        if (w >= 0)
            fixed += ui_px(ui, w);
        else
            shares += -w;
    }
    float share = shares > 0 ? fmaxf(0, avail - fixed) / shares : 0;
    for (int i = 0; i < n; i++) {
        float w = widths ? widths[i] : -1;
        L->widths[i] = w >= 0 ? ui_px(ui, w) : -w * share;
    }
    L->cols = n;
    L->col = 0;
    L->row_h = ui_px(ui, h > 0 ? h : ui->theme.row_height);
}

ui_rect ui_next(ui_context *ui)
{
    ui_layout *L = ui_layout_top(ui);
    if (L->col >= L->cols)
        finish_row(ui);
    ui_rect r = { L->x, L->y, L->widths[L->col], L->row_h };
    L->x += r.w + ui_px(ui, ui->theme.spacing);
    L->col++;
    if (r.y + r.h > L->bottom)
        L->bottom = r.y + r.h;
    ui->last = r;
    return r;
}

/* A full-width rectangle h pixels high on a fresh line; the next row starts below it. */
ui_rect ui_take_line(ui_context *ui, float h)
{
    finish_row(ui);
    ui_layout *L = ui_layout_top(ui);
    ui_rect r = { L->body.x, L->y, L->body.w, h };
    L->y += h + ui_px(ui, ui->theme.spacing);
    if (r.y + r.h > L->bottom)
        L->bottom = r.y + r.h;
    return r;
}

void ui_space(ui_context *ui, float pt)
{
    finish_row(ui);
    ui_layout_top(ui)->y += ui_px(ui, pt);
}

ui_rect ui_rest(ui_context *ui)
{
    finish_row(ui);
    ui_layout *L = ui_layout_top(ui);
    return (ui_rect){ L->body.x, L->y, L->body.w, fmaxf(0, L->body.y + L->body.h - L->y) };
}

/* ---- scroll areas ------------------------------------------------------------------------------- */

void ui_scroll_begin(ui_context *ui, const char *label, ui_rect r, float *scroll)
{
    ui_push_id(ui, label);
    ui_push_clip(ui, r);
    ui_clip_allow(ui, UI_ALLOW_Y); /* the content scrolls: lines outside the view are meant to be */
    if (ui_mouse_in(ui, r) && ui->in.wheel != 0) {
        *scroll -= ui->in.wheel * ui_px(ui, 48);
        ui->in.wheel = 0;
    }
    if (*scroll < 0)
        *scroll = 0;
    float bar = ui_px(ui, 10);
    ui_layout_begin(ui, (ui_rect){ r.x, r.y - *scroll, r.w - bar, 1e7f });
    ui_layout_top(ui)->view = r;
}

void ui_scroll_end(ui_context *ui, float *scroll)
{
    ui_layout *L = ui_layout_top(ui);
    ui_rect view = L->view;
    float content = L->bottom - (L->body.y) + ui_px(ui, ui->theme.padding);
    ui_layout_end(ui);
    float max = fmaxf(0, content - view.h);
    if (*scroll > max)
        *scroll = max;
    if (max > 0 && view.h > 0) {
        const ui_theme *th = &ui->theme;
        float bar = ui_px(ui, 6);
        ui_rect track = { view.x + view.w - bar - 2, view.y + 2, bar, view.h - 4 };
        float th_h = fmaxf(track.h * view.h / content, ui_px(ui, 24));
        float ty = track.y + (track.h - th_h) * (*scroll / max);
        ui_id id = ui_get_id(ui, "scrollbar");
        ui_rect thumb = { track.x, ty, bar, th_h };
        ui_interact(ui, id, (ui_rect){ track.x - 4, track.y, bar + 6, track.h });
        if (ui->active == id) {
            if (ui->in.mouse_pressed)
                ui->drag_offset = ui_rect_contains(thumb, ui->in.mouse_x, ui->in.mouse_y)
                                      ? ui->in.mouse_y - ty : th_h * 0.5f;
            float t = (ui->in.mouse_y - ui->drag_offset - track.y) / fmaxf(1, track.h - th_h);
            *scroll = fmaxf(0, fminf(1, t)) * max;
        }
        ui_fill_round_rect(ui, track, bar / 2, ui_alpha(th->track, 0.5f));
        ui_fill_round_rect(ui, thumb, bar / 2, ui->active == id || ui->hot == id ? th->text_dim : th->track);
    }
    ui_pop_clip(ui);
    ui_pop_id(ui);
}
