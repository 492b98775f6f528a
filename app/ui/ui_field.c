/* ui_field.c — the fields that take the keyboard: a number typed or stepped, a line of text. */
#include "ui.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui_internal.h"

/* Applies the text typed into a number field; returns 1 when *v changed. */
static int commit_edit(ui_context *ui, int *v, int lo, int hi)
{
    ui->focus = 0;
    if (ui->edit_len == 0)
        return 0;
    long x = strtol(ui->edit, NULL, 10);
    x = x < lo ? lo : x > hi ? hi : x;
    int changed = (int)x != *v;
    *v = (int)x;
    return changed;
}

int ui_number(ui_context *ui, const char *label, int *v, int lo, int hi, int step)
{
    ui_rect cell = ui_next(ui);
    ui_id id = ui_get_id(ui, label);
    ui_rect r = ui_split_label(ui, cell, label);
    const ui_theme *th = &ui->theme;
    int old = *v, changed = 0;
    float bw = fminf(r.h, r.w / 4);
    ui_rect minus = { r.x, r.y, bw, r.h }, plus = { r.x + r.w - bw, r.y, bw, r.h };
    ui_rect field = { r.x + bw + 2, r.y, r.w - 2 * bw - 4, r.h };
    ui_push_id(ui, label);
    /* step 0: halve and double, for sizes that go by powers of two (batch_size) */
    int down = step ? *v - step : *v / 2, up = step ? *v + step : *v * 2;
    if (ui_button_at(ui, minus, "−##minus", 0, *v > lo))
        *v = down < lo ? lo : down;
    if (ui_button_at(ui, plus, "+##plus", 0, *v < hi))
        *v = up > hi ? hi : up;
    ui_pop_id(ui);
    int focused = ui->focus == id;
    if (ui_interact(ui, id, field) && !focused) {
        ui->focus = id;
        ui->edit_len = 0;
        ui->edit[0] = 0;
        focused = 1;
    }
    if (ui_mouse_in(ui, field) && ui->in.wheel != 0 && !focused) {
        *v = ui->in.wheel > 0 ? up : down;
        *v = *v < lo ? lo : *v > hi ? hi : *v;
        ui->in.wheel = 0;
    }
    if (focused) {
        for (const char *c = ui->in.text; *c; c++)
            if (*c >= '0' && *c <= '9' && ui->edit_len < 9) {
                ui->edit[ui->edit_len++] = *c;
                ui->edit[ui->edit_len] = 0;
            }
        if (ui->in.key_backspace && ui->edit_len > 0)
            ui->edit[--ui->edit_len] = 0;
        if (ui->in.key_enter)
            changed |= commit_edit(ui, v, lo, hi);
        else if (ui->in.key_escape)
            ui->focus = 0;
        else if (ui->in.mouse_pressed && !ui_rect_contains(field, ui->in.mouse_x, ui->in.mouse_y))
            changed |= commit_edit(ui, v, lo, hi);
        focused = ui->focus == id;
    }
    ui->focus_seen |= focused;
    ui_fill_rect(ui, field, focused ? th->accent : th->border);
    ui_fill_rect(ui, ui_rect_inset(field, 1), th->field);
    char buf[48];
    if (focused)
        snprintf(buf, sizeof buf, "%s|", ui->edit);
    else
        snprintf(buf, sizeof buf, "%d", *v);
    ui_draw_text_aligned(ui, UI_FONT_BOLD, buf, field, UI_CENTER, th->text);
    return changed || *v != old;
}

/* Appends typed to buf (len bytes used of size) whole UTF-8 characters at a time, as many as fit
 * with the NUL; control characters (a pasted line's end, a tab) are left out. Returns the new
 * length. */
static int append_typed(char *buf, int len, int size, const char *typed)
{
    for (const unsigned char *c = (const unsigned char *)typed; *c;) {
        int n = *c < 0x80 ? 1 : *c >= 0xf0 ? 4 : *c >= 0xe0 ? 3 : *c >= 0xc0 ? 2 : 1;
        int whole = 1;
        for (int k = 1; k < n; k++)
            whole &= (c[k] & 0xc0) == 0x80; /* stops at the NUL too */
        if (!whole || (*c & 0xc0) == 0x80) {
            c++; /* a stray byte: not a character */
            continue;
        }
        if (*c < 0x20 || *c == 0x7f) {
            c += n;
            continue;
        }
        if (len + n > size - 1)
            break;
        memcpy(buf + len, c, (size_t)n);
        len += n;
        c += n;
    }
    buf[len] = 0;
    return len;
}

/* The length of buf without its last UTF-8 character (its continuation bytes and its lead). */
static int drop_last_char(const char *buf, int len)
{
    while (len > 0 && ((unsigned char)buf[len - 1] & 0xc0) == 0x80)
        len--;
    return len > 0 ? len - 1 : 0;
}

int ui_text_field(ui_context *ui, const char *label, char *buf, int size, const char *hint)
{
    ui_rect cell = ui_next(ui);
    ui_id id = ui_get_id(ui, label);
    ui_rect r = ui_split_label(ui, cell, label);
    const ui_theme *th = &ui->theme;
    if (size <= 0)
        return 0;
    buf[size - 1] = 0;
    int focused = ui->focus == id, submitted = 0;
    if (ui_interact(ui, id, r) && !focused) {
        ui->focus = id;
        focused = 1;
    }
    if (focused) {
        int len = (int)strlen(buf);
        len = append_typed(buf, len, size, ui->in.text);
        if (ui->in.key_backspace)
            buf[len = drop_last_char(buf, len)] = 0;
        ui->in.text[0] = 0; /* the field took them: no other field types them again */
        ui->in.key_backspace = 0;
        if (ui->in.key_enter) {
            submitted = 1;
            ui->in.key_enter = 0;
        } else if (ui->in.key_escape)
            ui->focus = 0;
        else if (ui->in.mouse_pressed && !ui_rect_contains(r, ui->in.mouse_x, ui->in.mouse_y))
            ui->focus = 0;
        focused = ui->focus == id;
    }
    ui->focus_seen |= focused;
    ui_fill_round_rect(ui, r, ui_px(ui, th->radius), focused || ui->hot == id ? th->accent : th->border);
    ui_fill_round_rect(ui, ui_rect_inset(r, 1), ui_px(ui, th->radius) - 1, th->field);
    float pad = ui_px(ui, 7);
    ui_rect in = { r.x + pad, r.y, r.w - 2 * pad, r.h };
    float lh = ui_line_height(ui, UI_FONT_BODY), ty = r.y + (r.h - lh) * 0.5f;
    ui_push_clip(ui, (ui_rect){ in.x - 2, r.y, in.w + 4, r.h });
    ui_clip_allow(ui, UI_ALLOW_X); /* a long text scrolls to keep its end in view */
    if (!buf[0] && hint && !focused)
        ui_draw_text(ui, UI_FONT_BODY, hint, -1, in.x, ty, th->text_dim);
    /* focused: the end of a long text shows, with the caret after it; else its start */
    float tw = ui_text_width(ui, UI_FONT_BODY, buf, -1);
    float x = focused && tw > in.w - 2 ? in.x + in.w - 2 - tw : in.x;
    ui_draw_text(ui, UI_FONT_BODY, buf, -1, x, ty, th->text);
    if (focused)
        ui_fill_rect(ui, (ui_rect){ x + tw + 1, ty + lh * 0.1f, fmaxf(1, ui_px(ui, 1.5f)), lh * 0.8f },
                     th->accent);
    ui_pop_clip(ui);
    return submitted;
}

int ui_text_focused(const ui_context *ui)
{
    return ui->focus != 0;
}
