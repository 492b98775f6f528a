/* ui_text.c — text: measured, drawn in one line, aligned in a rectangle, or wrapped. */
#include "ui.h"

#include <math.h>
#include <string.h>

#include "ui_internal.h"

#include "font.h"

/* A label's visible part: what comes before "##" (the rest only makes the id unique). */
int ui_visible_len(const char *label)
{
    const char *h = strstr(label, "##");
    return h ? (int)(h - label) : (int)strlen(label);
}

/* ---- text --------------------------------------------------------------------------------------- */

float ui_text_width(ui_context *ui, int font, const char *s, int len)
{
    ui_font *f = ui->fonts[font];
    if (!f || !s)
        return 0;
    if (len < 0)
        len = (int)strlen(s);
    float w = 0;
    uint32_t prev = 0;
    for (int i = 0; i < len;) {
        uint32_t cp;
        i += font_utf8_next(s + i, len - i, &cp);
        if (prev)
            w += font_kerning(f, prev, cp);
        w += font_advance(f, cp);
        prev = cp;
    }
    return w;
}

float ui_line_height(ui_context *ui, int font)
{
    ui_font *f = ui->fonts[font];
    return f ? (float)font_height(f) : 16;
}

float ui_draw_text(ui_context *ui, int font, const char *s, int len, float x, float y, ui_color c)
{
    if (!s)
        return 0;
    if (len < 0)
        len = (int)strlen(s);
    if (len == 0)
        return 0;
    float w = ui_text_width(ui, font, s, len);
    if (ui->ntext + len > ui->cap_text) {
        ui->overflowed = 1;
        return w;
    }
    ui_cmd *cmd = ui_push_cmd(ui, UI_CMD_TEXT);
    if (!cmd)
        return w;
    memcpy(ui->text + ui->ntext, s, (size_t)len);
    cmd->font = font;
    cmd->first = ui->ntext;
    cmd->count = len;
    cmd->rect = (ui_rect){ roundf(x), roundf(y), w, ui_line_height(ui, font) };
    cmd->color = c;
    ui->ntext += len;
    if (ui->check)
        ui_check_text(ui, cmd);
    return w;
}

void ui_draw_text_aligned(ui_context *ui, int font, const char *s, ui_rect r, int align, ui_color c)
{
    int len = ui_visible_len(s);
    float w = ui_text_width(ui, font, s, len), h = ui_line_height(ui, font);
    float x = align == UI_CENTER ? r.x + (r.w - w) * 0.5f : align == UI_RIGHT ? r.x + r.w - w : r.x;
    ui_draw_text(ui, font, s, len, x, r.y + (r.h - h) * 0.5f, c);
}

/* Lays out wrapped text; draws it when draw is set. Returns the height. */
static float wrap(ui_context *ui, int font, const char *s, float x, float y, float w, ui_color c,
                  int draw)
{
    float lh = ui_line_height(ui, font), top = y;
    const char *p = s;
    while (*p) {
        const char *end = strchr(p, '\n');
        if (!end)
            end = p + strlen(p);
        if (end == p) {
            y += lh * 0.6f; /* an empty line: a paragraph gap */
            p = *end ? end + 1 : end;
            continue;
        }
        while (p < end) {
            /* take words while they fit; a word longer than the line is cut */
            const char *line_end = p, *q = p;
            int cut = 0;
            while (q < end) {
                const char *word = q;
                while (word < end && *word == ' ')
                    word++;
                const char *we = word;
                while (we < end && *we != ' ')
                    we++;
                if (ui_text_width(ui, font, p, (int)(we - p)) > w) {
                    if (line_end == p) {
                        /* no word fits: cut this one where the width runs out */
                        int n = 1;
                        while (p + n < we && ui_text_width(ui, font, p, n + 1) <= w)
                            n++;
                        while (p + n < end && ((unsigned char)p[n] & 0xc0) == 0x80)
                            n++; /* not inside a UTF-8 sequence */
                        line_end = p + n;
                        cut = line_end < we;
                    }
                    break;
                }
                line_end = we;
                q = we;
            }
            if (draw) {
                ui_draw_text(ui, font, p, (int)(line_end - p), x, y, c);
                if (cut && ui->check)
                    ui_check_mark_cut(ui);
            }
            y += lh;
            p = line_end;
            while (p < end && *p == ' ')
                p++;
        }
        p = *end ? end + 1 : end;
    }
    return y - top;
}

float ui_draw_wrapped(ui_context *ui, int font, const char *s, float x, float y, float w, ui_color c)
{
    return wrap(ui, font, s, x, y, w, c, 1);
}

float ui_wrapped_height(ui_context *ui, int font, const char *s, float w)
{
    return wrap(ui, font, s, 0, 0, w, (ui_color){ 0 }, 0);
}
