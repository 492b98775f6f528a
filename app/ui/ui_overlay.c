/* ui_overlay.c — what is drawn on top of the page: tooltips and the modal dialog. */
#include "ui.h"

#include <math.h>
#include <string.h>

#include "ui_internal.h"

void ui_tooltip_now(ui_context *ui, const char *text)
{
    const ui_theme *th = &ui->theme;
    float pad = ui_px(ui, 7), maxw = ui_px(ui, 300);
    /* as wide as its widest line, up to maxw */
    float tw = 0;
    for (const char *p = text; *p;) {
        const char *e = strchr(p, '\n');
        int n = e ? (int)(e - p) : (int)strlen(p);
        tw = fmaxf(tw, ui_text_width(ui, UI_FONT_BODY, p, n));
        p += n + (e ? 1 : 0);
    }
    tw = fminf(tw, maxw);
    float h = ui_wrapped_height(ui, UI_FONT_BODY, text, tw + 1);
    ui_rect box = { ui->in.mouse_x + ui_px(ui, 14), ui->in.mouse_y + ui_px(ui, 16), tw + 2 * pad,
                    h + 2 * pad };
    if (box.x + box.w > ui->width)
        box.x = ui->in.mouse_x - box.w - ui_px(ui, 8);
    if (box.y + box.h > ui->height)
        box.y = ui->in.mouse_y - box.h - ui_px(ui, 8);
    box.x = fmaxf(box.x, 0);
    box.y = fmaxf(box.y, 0);
    int prev = ui->layer;
    ui_set_layer(ui, 1);
    ui_fill_round_rect(ui, (ui_rect){ box.x + 2, box.y + 2, box.w, box.h }, ui_px(ui, 4), th->shadow);
    ui_fill_round_rect(ui, box, ui_px(ui, 4), th->header);
    ui_draw_wrapped(ui, UI_FONT_BODY, text, box.x + pad, box.y + pad, tw + 1, th->header_text);
    ui_set_layer(ui, prev);
}

void ui_tooltip(ui_context *ui, ui_rect r, const char *text)
{
    if (!ui_mouse_in(ui, r) || ui->active)
        return;
    ui_id key = ui_hash_bytes(2166136261u, text, strlen(text));
    ui->hover = key;
    if (ui->hover_prev == key && ui->in.time - ui->hover_since > 0.4)
        ui_tooltip_now(ui, text);
}

int ui_dialog(ui_context *ui, const char *title, const char *message)
{
    const ui_theme *th = &ui->theme;
    ui_set_layer(ui, 1);
    ui->next_modal = 1;
    ui_fill_rect(ui, (ui_rect){ 0, 0, ui->width, ui->height }, th->overlay);
    float pad = ui_px(ui, 20), w = fminf(ui_px(ui, 540), ui->width * 0.9f);
    float tw = w - 2 * pad;
    float mh = ui_wrapped_height(ui, UI_FONT_BODY, message, tw);
    float th_title = ui_line_height(ui, UI_FONT_HEADING), bh = ui_px(ui, 32);
    float h = pad + th_title + ui_px(ui, 12) + mh + ui_px(ui, 18) + bh + pad;
    ui_rect box = { (ui->width - w) * 0.5f, fmaxf(0, (ui->height - h) * 0.4f), w, h };
    ui_fill_round_rect(ui, (ui_rect){ box.x + 3, box.y + 4, box.w, box.h }, ui_px(ui, 8), th->shadow);
    ui_fill_round_rect(ui, box, ui_px(ui, 8), th->panel);
    ui_fill_rect(ui, (ui_rect){ box.x, box.y + ui_px(ui, 8), ui_px(ui, 5), box.h - ui_px(ui, 16) }, th->bad);
    float y = box.y + pad;
    ui_draw_text(ui, UI_FONT_HEADING, title, -1, box.x + pad, y, th->text);
    y += th_title + ui_px(ui, 12);
    ui_draw_wrapped(ui, UI_FONT_BODY, message, box.x + pad, y, tw, th->text);
    ui_rect ok = { box.x + box.w - pad - ui_px(ui, 96), box.y + box.h - pad - bh, ui_px(ui, 96), bh };
    int done = ui_button_at(ui, ok, "OK##dialog", 1, 1);
    ui_set_layer(ui, 0);
    return done || ui->in.key_enter || ui->in.key_escape;
}
