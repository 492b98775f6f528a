/* test_app_ui.c — the workbench's parts that need no window: the widget layer driven by
 * synthetic input, the plots' ticks, the lesson runner's navigation, directives and its progress
 * file, the trainer's play/pause/step protocol. */
#include <SDL_ttf.h>
#include <math.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app.h"
#include "app_run.h"
#include "check.h"
#include "demo.h"
#include "lang.h"
#include "lesson.h"
#include "lesson_view.h"
#include "lessonfile.h"
#include "netview.h"
#include "plot.h"
#include "raster.h"
#include "recent.h"
#include "trainer.h"
#include "ui.h"

static ui_context *ui;

/* One frame with this input, running fn inside a layout over the whole frame. */
typedef struct frame_input {
    float x, y;
    int down, pressed, released;
    float wheel;
    const char *text;
    int enter;
} frame_input;

static void frame_with(const ui_input *in, void (*fn)(void *), void *ctx);

static void frame(frame_input fi, void (*fn)(void *), void *ctx)
{
    ui_input in = { .mouse_x = fi.x, .mouse_y = fi.y, .mouse_down = fi.down, .mouse_pressed = fi.pressed,
                    .mouse_released = fi.released, .wheel = fi.wheel, .key_enter = fi.enter, .time = 1 };
    if (fi.text)
        snprintf(in.text, sizeof in.text, "%s", fi.text);
    frame_with(&in, fn, ctx);
}

/* One frame with this input (keys included), as frame. */
static void frame_with(const ui_input *in, void (*fn)(void *), void *ctx)
{
    ui_begin(ui, in, 800, 600);
    ui_layout_begin(ui, (ui_rect){ 0, 0, 400, 600 });
    ui_row(ui, 1, NULL, 30);
    fn(ctx);
    ui_layout_end(ui);
    ui_end(ui);
}

/* A click at x, y: the press in one frame, the release in the next. */
static void click(float x, float y, void (*fn)(void *), void *ctx)
{
    frame((frame_input){ x, y, 1, 1, 0, 0, NULL, 0 }, fn, ctx);
    frame((frame_input){ x, y, 0, 0, 1, 0, NULL, 0 }, fn, ctx);
}

/* ---- the CPU rasteriser -------------------------------------------------------------------------- */

enum { RW = 64, RH = 48 };
static uint8_t rbuf[RW * RH * 4];

static const uint8_t *rpx(int x, int y)
{
    return rbuf + ((size_t)y * RW + (size_t)x) * 4;
}

static void raster_shapes(void (*draw)(void))
{
    ui_input in = { 0 };
    ui_begin(ui, &in, RW, RH);
    draw();
    ui_end(ui);
    raster_frame(&(raster_target){ rbuf, RW, RH, RW * 4 }, ui);
}

/* Lines of every width and slope, dots of every size, some clipped: what the rasteriser's one
 * pass draws for a LINE or a DISC command must be what their triangles draw (the GPU renderer's
 * path), to a level of colour for the lines and within a feather's rounding for the dots (the
 * triangles are a polygon's, the pass a circle's). */
static void draw_lines_and_dots(void)
{
    /* the lines above y = 39, the dots below */
    for (int k = 0; k < 12; k++) {
        float a = 0.53f * (float)k, w = 0.5f + 0.6f * (float)k;
        ui_line(ui, 32, 19, 32 + 28 * cosf(a), 19 + 16 * sinf(a), w, ui_alpha(ui_rgb(0x1060c0), k % 2 ? 0.78f : 1.0f));
        ui_fill_circle(ui, 5 + 5.1f * (float)k, 43.5f + 0.1f * (float)k, 1 + 0.3f * (float)k, ui_rgb(0xe08020));
    }
    ui_push_clip(ui, (ui_rect){ 5, 5, 30, 25 });
    ui_line(ui, 0, 0, 60, 40, 3, ui_rgb(0x208020));
    ui_pop_clip(ui);
    ui_push_clip(ui, (ui_rect){ 40, 41, 20, 7 });
    ui_fill_circle(ui, 58, 44, 3.5f, ui_rgb(0x802080));
    ui_pop_clip(ui);
}

static void test_lines_and_dots(void)
{
    static uint8_t one_pass[RW * RH * 4];
    raster_shapes(draw_lines_and_dots);
    memcpy(one_pass, rbuf, sizeof one_pass);
    int lines = 0, dots = 0;
    for (int i = 0; i < ui->ncmds[0]; i++) {
        ui_cmd *c = &ui->cmds[0][i];
        lines += c->kind == UI_CMD_LINE, dots += c->kind == UI_CMD_DISC;
        if (c->kind == UI_CMD_LINE || c->kind == UI_CMD_DISC)
            c->kind = UI_CMD_TRIS;
    }
    CHECK(lines == 13 && dots == 13, "expected 13 lines and 13 dots, got %d and %d", lines, dots);
    raster_frame(&(raster_target){ rbuf, RW, RH, RW * 4 }, ui);
    int worst_line = 0, worst_dot = 0, differ = 0;
    for (int y = 0; y < RH; y++)
        for (int x = 0; x < RW; x++) {
            int d = 0;
            for (int k = 0; k < 3; k++) {
                int e = abs(one_pass[(y * RW + x) * 4 + k] - rbuf[(y * RW + x) * 4 + k]);
                d = e > d ? e : d;
            }
            differ += d > 2; /* pixels that look different at all */
            if (y < 39)
                worst_line = d > worst_line ? d : worst_line;
            else
                worst_dot = d > worst_dot ? d : worst_dot;
        }
    CHECK(worst_line <= 2, "lines: expected the one pass within 2 levels of the triangles, got %d", worst_line);
    CHECK(worst_dot <= 96, "dots: expected the one pass within a feather's rounding of the triangles, got %d",
          worst_dot);
    float rims = 0; /* the pixels around the dots' edges: 2 pi (r + 1) each */
    for (int k = 0; k < 12; k++)
        rims += 2 * 3.14159f * (2 + 0.3f * (float)k);
    CHECK((float)differ < rims, "expected only the dots' rims to differ by more than 2 levels (%.0f pixels), got %d",
          (double)rims, differ);
}

static void draw_rects(void)
{
    ui_fill_rect(ui, (ui_rect){ 10, 10, 20, 10 }, ui_rgb(0xff0000));
    ui_push_clip(ui, (ui_rect){ 0, 0, 40, 48 });
    ui_fill_rect(ui, (ui_rect){ 35, 30, 20, 5 }, ui_rgb(0x00ff00));
    ui_pop_clip(ui);
}

/* a square as two triangles sharing a diagonal, half transparent */
static void draw_quad(void)
{
    ui_fill_gradient(ui, (ui_rect){ 8, 8, 32, 32 }, (ui_color){ 0, 0, 255, 128 },
                     (ui_color){ 0, 0, 255, 128 }, (ui_color){ 0, 0, 255, 128 },
                     (ui_color){ 0, 0, 255, 128 });
}

static void draw_disc(void)
{
    ui_fill_circle(ui, 32, 24, 10, ui_rgb(0x000000));
}

static void test_raster(void)
{
    const ui_color bg = ui->theme.bg;
    raster_shapes(draw_rects);
    const uint8_t *in = rpx(15, 15), *out = rpx(9, 15), *edge = rpx(29, 19);
    CHECK(in[0] == 255 && in[1] == 0 && in[3] == 255, "expected red inside the rectangle, got %d,%d,%d",
          in[0], in[1], in[2]);
    CHECK(out[0] == bg.r && out[1] == bg.g, "expected the background left of it, got %d,%d,%d", out[0],
          out[1], out[2]);
    CHECK(edge[0] == 255 && edge[1] == 0, "expected its last pixel (29, 19) red");
    CHECK(rpx(30, 15)[1] == bg.g, "expected x = 30 outside");
    CHECK(rpx(39, 32)[1] == 255 && rpx(40, 32)[1] == bg.g,
          "expected the green rectangle cut at the clip x = 40");

    /* two triangles sharing an edge: every pixel blended once, no seam along the diagonal */
    raster_shapes(draw_quad);
    int b0 = rpx(9, 9)[2], seams = 0;
    for (int y = 8; y < 40; y++)
        for (int x = 8; x < 40; x++)
            seams += rpx(x, y)[2] != b0;
    CHECK(seams == 0, "expected one blue over the whole square, got %d pixels off (blue %d)", seams, b0);
    CHECK(rpx(7, 20)[2] == bg.b && rpx(40, 20)[2] == bg.b, "expected the square's sides at x = 8 and x = 40");

    /* a disc: about pi r^2 dark pixels, and an antialiased rim */
    raster_shapes(draw_disc);
    int dark = 0, grey = 0;
    for (int i = 0; i < RW * RH; i++) {
        dark += rbuf[4 * i] < 40;
        grey += rbuf[4 * i] >= 40 && rbuf[4 * i] < 200;
    }
    CHECK(dark > 290 && dark < 340, "expected about 314 dark pixels in a disc of radius 10, got %d", dark);
    CHECK(grey > 20, "expected an antialiased rim, got %d grey pixels", grey);
}

/* ---- ids and the command list ------------------------------------------------------------------- */

static void test_ids(void)
{
    ui_input in = { 0 };
    ui_begin(ui, &in, 100, 100);
    ui_id a = ui_get_id(ui, "Play"), b = ui_get_id(ui, "Play"), c = ui_get_id(ui, "Pause");
    ui_push_id(ui, "scene 2");
    ui_id d = ui_get_id(ui, "Play");
    ui_pop_id(ui);
    ui_end(ui);
    CHECK(a == b, "the same label gives the same id: expected %u, got %u", a, b);
    CHECK(a != c, "different labels give different ids: both %u", a);
    CHECK(a != d, "the same label in another scope gives another id: both %u", a);
}

static void test_commands(void)
{
    ui_input in = { 0 };
    ui_begin(ui, &in, 200, 100);
    int base = ui->ncmds[0];
    ui_fill_rect(ui, (ui_rect){ 0, 0, 10, 10 }, ui_rgb(0xff0000));
    ui_fill_circle(ui, 50, 50, 10, ui_rgb(0x00ff00));
    ui_line(ui, 0, 0, 100, 100, 2, ui_rgb(0x0000ff));
    ui_draw_text(ui, UI_FONT_BODY, "Bonjour", -1, 0, 20, ui_rgb(0));
    ui_end(ui);
    int rects = 0, lines = 0, text = 0, discs = 0, contiguous = 0;
    for (int i = base; i < ui->ncmds[0]; i++) {
        const ui_cmd *c = &ui->cmds[0][i];
        rects += c->kind == UI_CMD_RECT;
        text += c->kind == UI_CMD_TEXT;
        if (c->kind == UI_CMD_DISC) {
            discs++;
            CHECK(c->rect.x == 40 && c->rect.y == 40 && c->rect.w == 20 && c->rect.h == 20,
                  "expected the disc's square at 40,40 20x20, got %g,%g %gx%g", (double)c->rect.x,
                  (double)c->rect.y, (double)c->rect.w, (double)c->rect.h);
            contiguous = i + 1 < ui->ncmds[0] && ui->cmds[0][i + 1].first == c->first + c->count;
        }
        if (c->kind == UI_CMD_LINE) {
            lines++;
            CHECK(c->rect.x == 0 && c->rect.y == 0 && c->rect.w == 100 && c->rect.h == 100 && c->width == 2 &&
                      c->count == 18,
                  "expected the line's ends 0,0 and 100,100, width 2, 18 vertices, got %g,%g %g,%g width %g, %d",
                  (double)c->rect.x, (double)c->rect.y, (double)c->rect.w, (double)c->rect.h, (double)c->width,
                  c->count);
        }
    }
    /* a rectangle stays a rectangle (the fast path); a circle is a disc and a line a line (the
     * rasteriser's one pass each), the line's triangles after the disc's in the vertex buffer:
     * one draw call on a GPU */
    CHECK(rects == 1, "expected 1 rectangle command, got %d", rects);
    CHECK(discs == 1 && lines == 1 && contiguous, "expected a disc and a line after it, got %d and %d (%s)", discs,
          lines, contiguous ? "contiguous" : "apart");
    CHECK(text == 1, "expected 1 text command, got %d", text);
    CHECK(ui->nverts % 3 == 0 && ui->nverts >= 18 + 30,
          "expected whole triangles for a line and a circle, got %d vertices", ui->nverts);
    CHECK(!ui->overflowed, "expected no overflow");
    float w = ui_text_width(ui, UI_FONT_BODY, "Bonjour", -1);
    CHECK(w > 30 && w < 120, "expected \"Bonjour\" 30 to 120 px wide at 14 pt, got %.1f", w);
    float wide = ui_text_width(ui, UI_FONT_BODY, "Bonjour Bonjour", -1);
    CHECK(wide > 2 * w, "expected two words wider than twice one: %.1f vs %.1f", wide, w);
}

static void test_wrapped_text(void)
{
    const char *t = "Un réseau range les neurones en couches. La couche d'entrée reçoit les données.";
    float one = ui_line_height(ui, UI_FONT_BODY);
    float wide = ui_wrapped_height(ui, UI_FONT_BODY, t, 2000),
          narrow = ui_wrapped_height(ui, UI_FONT_BODY, t, 150);
    CHECK(fabsf(wide - one) < 0.5f, "expected one line at 2000 px: %.1f, got %.1f", one, wide);
    CHECK(narrow >= 3 * one, "expected at least 3 lines at 150 px, got %.1f px (%.1f per line)", narrow, one);
    /* a word longer than the line is cut, never lost */
    float cut = ui_wrapped_height(ui, UI_FONT_BODY, "anticonstitutionnellement", 40);
    CHECK(cut >= 3 * one, "expected a long word cut over several lines, got %.1f px", cut);
    /* invalid UTF-8 measures and wraps without reading past the end */
    const char bad[] = { 'a', (char)0xc3, 0 };
    CHECK(ui_text_width(ui, UI_FONT_BODY, bad, -1) > 0, "expected a width for invalid UTF-8");
}

/* ---- widgets ------------------------------------------------------------------------------------ */

typedef struct widgets {
    int clicked, toggled, on, dd_changed, sel, num_changed, num;
    float v;
    int slider_changed;
} widgets;

static void button_fn(void *p)
{
    widgets *w = p;
    w->clicked += ui_button(ui, "Lecture");
}

static void test_button(void)
{
    widgets w = { 0 };
    frame((frame_input){ 50, 15, 1, 1, 0, 0, NULL, 0 }, button_fn, &w);
    CHECK(w.clicked == 0, "expected no click on the press alone, got %d", w.clicked);
    frame((frame_input){ 50, 15, 0, 0, 1, 0, NULL, 0 }, button_fn, &w);
    CHECK(w.clicked == 1, "expected a click on the release, got %d", w.clicked);
    /* pressed on the button, released elsewhere: no click */
    frame((frame_input){ 50, 15, 1, 1, 0, 0, NULL, 0 }, button_fn, &w);
    frame((frame_input){ 50, 300, 0, 0, 1, 0, NULL, 0 }, button_fn, &w);
    CHECK(w.clicked == 1, "expected no click when released off the button, got %d", w.clicked);
    /* pressed elsewhere, released on it: no click */
    frame((frame_input){ 50, 300, 1, 1, 0, 0, NULL, 0 }, button_fn, &w);
    frame((frame_input){ 50, 15, 0, 0, 1, 0, NULL, 0 }, button_fn, &w);
    CHECK(w.clicked == 1, "expected no click when pressed off the button, got %d", w.clicked);
}

static void toggle_fn(void *p)
{
    widgets *w = p;
    w->toggled += ui_toggle(ui, "données de test", &w->on);
}

static void test_toggle(void)
{
    widgets w = { 0 };
    click(10, 15, toggle_fn, &w);
    CHECK(w.on == 1 && w.toggled == 1, "expected on after one click: on %d, changes %d", w.on, w.toggled);
    click(10, 15, toggle_fn, &w);
    CHECK(w.on == 0 && w.toggled == 2, "expected off after two clicks: on %d, changes %d", w.on, w.toggled);
}

static void slider_fn(void *p)
{
    widgets *w = p;
    w->slider_changed += ui_slider(ui, "##w", &w->v, -2, 2, NULL);
}

static void test_slider(void)
{
    widgets w = { .v = 0 };
    /* no label, no value text: the track spans the cell less a 7-point margin on each side */
    float x0 = 7, x1 = 400 - 7;
    frame((frame_input){ x0 + (x1 - x0) * 0.75f, 15, 1, 1, 0, 0, NULL, 0 }, slider_fn, &w);
    CHECK_NEAR(w.v, 1.0, 0.02, 0, "the value at three quarters of [-2, 2]");
    /* dragging past the end clamps */
    frame((frame_input){ 2000, 15, 1, 0, 0, 0, NULL, 0 }, slider_fn, &w);
    CHECK_NEAR(w.v, 2.0, 1e-6, 0, "the value dragged past the right end");
    frame((frame_input){ 2000, 15, 0, 0, 1, 0, NULL, 0 }, slider_fn, &w);
    float kept = w.v;
    frame((frame_input){ 0, 15, 0, 0, 0, 0, NULL, 0 }, slider_fn, &w);
    CHECK(w.v == kept, "expected the value kept after the release, got %g", w.v);
    CHECK(w.slider_changed >= 2, "expected changes reported, got %d", w.slider_changed);
}

static const char *const items[] = { "relu", "tanh", "sigmoid", "linear" };

static void dropdown_fn(void *p)
{
    widgets *w = p;
    w->dd_changed += ui_dropdown(ui, "##act", &w->sel, items, 4);
    ui_button(ui, "under");
}

static void test_dropdown(void)
{
    widgets w = { 0 };
    click(100, 15, dropdown_fn, &w);
    CHECK(ui->open_popup != 0, "expected the list open after a click");
    /* the list opens under the box: items of 26 pt from y = 32 */
    float item2 = 30 + 2 + 1 + 26 * 2 + 13;
    click(100, item2, dropdown_fn, &w);
    CHECK(w.sel == 2, "expected item 2 (sigmoid) chosen, got %d", w.sel);
    CHECK(w.dd_changed == 1, "expected one change, got %d", w.dd_changed);
    CHECK(ui->open_popup == 0, "expected the list closed after a choice");
    /* open again, click outside: closes, nothing chosen */
    click(100, 15, dropdown_fn, &w);
    click(700, 500, dropdown_fn, &w);
    CHECK(ui->open_popup == 0 && w.sel == 2, "expected the list closed and sigmoid kept, got open %u sel %d",
          ui->open_popup, w.sel);
}

static void number_fn(void *p)
{
    widgets *w = p;
    w->num_changed += ui_number(ui, "##n", &w->num, 1, 100, 5);
}

static void test_number(void)
{
    widgets w = { .num = 10 };
    /* the cell is 400 x 30: "-" is the first 30 px, "+" the last */
    click(390, 15, number_fn, &w);
    CHECK(w.num == 15, "expected 10 + 5 = 15, got %d", w.num);
    click(10, 15, number_fn, &w);
    CHECK(w.num == 10, "expected 15 - 5 = 10, got %d", w.num);
    /* click the value, type 42, Enter */
    click(200, 15, number_fn, &w);
    frame((frame_input){ 200, 15, 0, 0, 0, 0, "42", 0 }, number_fn, &w);
    frame((frame_input){ 200, 15, 0, 0, 0, 0, NULL, 1 }, number_fn, &w);
    CHECK(w.num == 42, "expected 42 typed, got %d", w.num);
    /* typed beyond the range: clamped */
    click(200, 15, number_fn, &w);
    frame((frame_input){ 200, 15, 0, 0, 0, 0, "999", 0 }, number_fn, &w);
    frame((frame_input){ 200, 15, 0, 0, 0, 0, NULL, 1 }, number_fn, &w);
    CHECK(w.num == 100, "expected 999 clamped to 100, got %d", w.num);
    /* the wheel steps it */
    frame((frame_input){ 200, 15, 0, 0, 0, -1, NULL, 0 }, number_fn, &w);
    CHECK(w.num == 95, "expected the wheel down to give 95, got %d", w.num);
}

/* A text field in a buffer of 12 bytes, with a guard after it that must never change. */
typedef struct text_ctx {
    char buf[12];
    char guard[4];
    int submitted;
} text_ctx;

static void text_fn(void *p)
{
    text_ctx *t = p;
    t->submitted += ui_text_field(ui, "##path", t->buf, (int)sizeof t->buf, "hint");
}

static void type(text_ctx *t, const char *s)
{
    frame((frame_input){ 200, 15, 0, 0, 0, 0, s, 0 }, text_fn, t);
}

/* A key pressed over the field: 'b' Backspace, 'r' Enter (Return), 'e' Escape. */
static void key(char k, void (*fn)(void *), void *ctx)
{
    ui_input in = { .mouse_x = 200, .mouse_y = 15, .key_backspace = k == 'b', .key_enter = k == 'r',
                    .key_escape = k == 'e', .time = 1 };
    frame_with(&in, fn, ctx);
}

static void test_text_field(void)
{
    text_ctx t = { .guard = "ZZZ" };
    type(&t, "abc");
    CHECK(t.buf[0] == 0 && !ui_text_focused(ui), "expected nothing typed before a click, got \"%s\"", t.buf);
    click(200, 15, text_fn, &t);
    CHECK(ui_text_focused(ui), "expected the click to focus the field");
    type(&t, "é1");
    CHECK(strcmp(t.buf, "é1") == 0, "expected \"é1\", got \"%s\"", t.buf);
    /* Backspace removes the 1, then both bytes of the é */
    key('b', text_fn, &t);
    key('b', text_fn, &t);
    CHECK(t.buf[0] == 0, "expected the é removed whole, got %zu bytes left", strlen(t.buf));
    key('b', text_fn, &t);
    CHECK(t.buf[0] == 0, "expected Backspace on an empty field to do nothing, got \"%s\"", t.buf);
    /* overflow: 11 bytes fit with the NUL; a 2-byte character that would need the 12th stays out */
    type(&t, "0123456789");
    type(&t, "éé");
    CHECK(strcmp(t.buf, "0123456789") == 0, "expected the é that does not fit left out, got \"%s\"", t.buf);
    type(&t, "xyz");
    CHECK(strcmp(t.buf, "0123456789x") == 0, "expected 11 bytes kept, got \"%s\"", t.buf);
    CHECK(memcmp(t.guard, "ZZZ", 4) == 0, "expected nothing written past the buffer");
    /* a pasted line's end is not typed */
    key('b', text_fn, &t);
    type(&t, "\n");
    CHECK(strcmp(t.buf, "0123456789") == 0, "expected the newline left out, got \"%s\"", t.buf);
    /* Enter submits and keeps the focus */
    key('r', text_fn, &t);
    CHECK(t.submitted == 1 && ui_text_focused(ui), "expected one submit with the focus kept, got %d, focus %d",
          t.submitted, ui_text_focused(ui));
    /* Escape leaves the field: typing goes nowhere */
    key('e', text_fn, &t);
    CHECK(!ui_text_focused(ui), "expected Escape to leave the field");
    type(&t, "q");
    CHECK(strcmp(t.buf, "0123456789") == 0, "expected nothing typed after Escape, got \"%s\"", t.buf);
    /* a click elsewhere leaves it too */
    click(200, 15, text_fn, &t);
    click(200, 300, text_fn, &t);
    CHECK(!ui_text_focused(ui), "expected a click outside to leave the field");
    /* a field that is no longer drawn gives the keys back */
    click(200, 15, text_fn, &t);
    frame((frame_input){ 200, 15, 0, 0, 0, 0, NULL, 0 }, button_fn, &(widgets){ 0 });
    CHECK(!ui_text_focused(ui), "expected the focus dropped when the field is not drawn");
}

/* While a field has the keyboard, the app's keys (space plays, arrows turn pages) are the field's. */
typedef struct key_ctx { app *a; text_ctx t; } key_ctx;

static void key_fn(void *p)
{
    key_ctx *k = p;
    text_fn(&k->t);
}

static void test_keys_while_typing(void)
{
    app a;
    app_init(&a, ui, 0, 0);
    key_ctx k = { .a = &a };
    click(200, 15, key_fn, &k);
    CHECK(ui_text_focused(ui), "expected the field focused");
    app_key_typed(&a, APP_KEY_NEXT);
    app_key_typed(&a, APP_KEY_FULLSCREEN);
    CHECK(a.page == 0 && a.lesson == 0 && !a.want_fullscreen,
          "expected the keys left to the field, got lesson %d page %d fullscreen %d", a.lesson, a.page,
          a.want_fullscreen);
    app_key_typed(&a, APP_KEY_QUIT);
    CHECK(a.quit, "expected Ctrl+Q to quit even while typing");
    a.quit = 0;
    key('e', key_fn, &k);
    app_key_typed(&a, APP_KEY_NEXT);
    CHECK(a.page == 1, "expected Right to turn the page once the field is left, got page %d", a.page);
    app_shutdown(&a);
}

typedef struct scroll_ctx { float scroll; int lines; } scroll_ctx;

static void scroll_fn(void *p)
{
    scroll_ctx *s = p;
    ui_scroll_begin(ui, "text", (ui_rect){ 0, 0, 300, 200 }, &s->scroll);
    for (int i = 0; i < s->lines; i++)
        ui_label(ui, "une ligne");
    ui_scroll_end(ui, &s->scroll);
}

static void test_scroll(void)
{
    scroll_ctx s = { 0, 30 };
    frame((frame_input){ 100, 100, 0, 0, 0, -2, NULL, 0 }, scroll_fn, &s);
    CHECK(s.scroll > 0, "expected the wheel to scroll down, got %g", s.scroll);
    for (int i = 0; i < 50; i++)
        frame((frame_input){ 100, 100, 0, 0, 0, -5, NULL, 0 }, scroll_fn, &s);
    /* 30 rows of 28 + 6 pt, less the 200 px view, plus the padding */
    float max = 30 * 34 - 6 + 12 - 200;
    CHECK(s.scroll <= max + 1 && s.scroll >= max - 40, "expected the scroll clamped near %g, got %g", max,
          s.scroll);
    s.lines = 2;
    frame((frame_input){ 100, 100, 0, 0, 0, 0, NULL, 0 }, scroll_fn, &s);
    CHECK(s.scroll == 0, "expected no scroll once the content fits, got %g", s.scroll);
}

/* ---- plots -------------------------------------------------------------------------------------- */

static void test_ticks(void)
{
    float t[16], step;
    int n = plot_nice_ticks(0, 1, 6, t, &step);
    CHECK(n == 6 && fabsf(step - 0.2f) < 1e-6f, "expected 0..1 in 6 ticks of 0.2, got %d of %g", n, step);
    n = plot_nice_ticks(0.013f, 0.087f, 5, t, &step);
    CHECK(n >= 3 && n <= 5, "expected 3 to 5 ticks over 0.013..0.087, got %d", n);
    for (int i = 0; i < n; i++)
        CHECK(t[i] >= 0.013f - 1e-6f && t[i] <= 0.087f + 1e-6f, "tick %g outside the range", t[i]);
    n = plot_nice_ticks(-3, 7, 6, t, &step);
    int zero = 0;
    for (int i = 0; i < n; i++)
        zero |= t[i] == 0;
    CHECK(zero, "expected a tick exactly at 0 in -3..7");
    char buf[32];
    plot_format_tick(buf, sizeof buf, 0.25f, 0.05f);
    CHECK(strcmp(buf, "0.25") == 0, "expected \"0.25\", got \"%s\"", buf);
    plot_format_tick(buf, sizeof buf, 20, 10);
    CHECK(strcmp(buf, "20") == 0, "expected \"20\", got \"%s\"", buf);
    plot_format_tick(buf, sizeof buf, 2.5f, 2.5f);
    CHECK(strcmp(buf, "2.5") == 0, "expected \"2.5\", got \"%s\"", buf);
}

static void test_plot_frame(void)
{
    ui_input in = { 0 };
    ui_begin(ui, &in, 800, 600);
    float x[3] = { 1, 10, 100 }, y[3] = { 1, 100, 10000 };
    plot_series s = { .x = x, .y = y, .n = 3 };
    plot_axes ax = { .log_x = 1, .log_y = 1 };
    plot_frame f = plot_lines(ui, (ui_rect){ 0, 0, 400, 300 }, &ax, &s, 1);
    ui_end(ui);
    /* on log axes the middle point falls halfway */
    float mx = plot_map_x(&f, 10), my = plot_map_y(&f, 100);
    CHECK_NEAR(mx, f.area.x + f.area.w / 2, 1, 0, "x of 10 between 1 and 100");
    CHECK_NEAR(my, f.area.y + f.area.h / 2, 1, 0, "y of 100 between 1 and 10000");
}

/* The dashes that plot_dashed_line drew since vertex `from`, as x0, x1 pairs (a line is 18 vertices,
 * its first two at its two ends); returns how many. */
static int dashes_since(int from, float *x, int max)
{
    int n = 0;
    for (int v = from; v + 18 <= ui->nverts && n < max; v += 18, n++)
        x[2 * n] = ui->verts[v].x, x[2 * n + 1] = ui->verts[v + 1].x;
    return (ui->nverts - from) / 18;
}

/* Dashes of 7 pixels and gaps of 4 at scale 1; the pattern goes on from one segment to the next;
 * a phase a hair before a dash's end, which once stood still for minutes (lesson 4's loss curve),
 * ends; lines to infinity draw nothing. */
static void test_dashed_line(void)
{
    ui_input in = { 0 };
    ui_color c = { 0, 0, 0, 255 };
    float x[64], phase = 0;
    ui_begin(ui, &in, 800, 600);
    int from = ui->nverts, n;
    plot_dashed_line(ui, 0, 100, 110, 100, 2, c, &phase);
    n = dashes_since(from, x, 32);
    CHECK(n == 10, "expected 10 dashes over 110 px, got %d", n);
    for (int i = 0; i < n && i < 32; i++)
        CHECK(fabsf(x[2 * i] - 11.0f * (float)i) < 1e-3f && fabsf(x[2 * i + 1] - x[2 * i] - 7) < 1e-3f,
              "dash %d: expected %d..%d, got %g..%g", i, 11 * i, 11 * i + 7, x[2 * i], x[2 * i + 1]);
    CHECK(fabsf(phase) < 1e-3f, "expected the phase back at 0 after 10 periods, got %g", phase);
    /* 0..5 then 5..30: the first dash goes on across the joint, then 11..18 and 22..29 */
    phase = 0, from = ui->nverts;
    plot_dashed_line(ui, 0, 100, 5, 100, 2, c, &phase);
    plot_dashed_line(ui, 5, 100, 30, 100, 2, c, &phase);
    n = dashes_since(from, x, 32);
    static const float want[] = { 0, 5, 5, 7, 11, 18, 22, 29 };
    CHECK(n == 4, "expected 4 pieces of dash over two segments, got %d", n);
    for (int i = 0; i < 8 && n == 4; i++)
        CHECK(fabsf(x[i] - want[i]) < 1e-3f, "end %d of the dashes: expected %g, got %g", i, want[i], x[i]);
    CHECK(fabsf(phase - 8) < 1e-3f, "expected the phase at 30 mod 11 = 8, got %g", phase);
    ui_end(ui);

    /* demo mode's scale of 4/3 and the phase of lesson 4's curve: the dash ends 1e-6 px away */
    float scale = ui->scale;
    ui->scale = 4.0f / 3;
    ui_begin(ui, &in, 1280, 720);
    for (int k = 0; k < 2000; k++) {
        phase = 53.3333359f + (float)(k - 1000) * 4e-6f;
        from = ui->nverts;
        plot_dashed_line(ui, 481.736f, 605.415f, 483.905f, 605.62f, 2, c, &phase);
        n = dashes_since(from, x, 32);
        float period = ui_px(ui, 11);
        CHECK(n <= 2 && phase >= 0 && phase < period, "phase %d: expected at most 2 dashes and a phase in "
              "0..%g, got %d, %g", k, period, n, phase);
    }
    ui->scale = scale;
    from = ui->nverts;
    phase = 0;
    plot_dashed_line(ui, 0, 0, INFINITY, 10, 2, c, &phase);
    plot_dashed_line(ui, 0, 0, NAN, 10, 2, c, &phase);
    CHECK(ui->nverts == from && phase == 0, "expected no dash towards infinity, got %d vertices, phase %g",
          ui->nverts - from, phase);
    ui_end(ui);
}

/* ---- the layout checker -------------------------------------------------------------------------- */

/* The problems of one frame drawn by fn, with the checker on; the first in *first. */
static int frame_problems(void (*fn)(void), ui_problem *first)
{
    ui_input in = { 0 };
    ui->check = ui_check_create();
    CHECK(ui->check != NULL, "expected a checker");
    if (!ui->check)
        return -1;
    ui_begin(ui, &in, 800, 600);
    fn();
    ui_end(ui);
    ui_problem found[8];
    int n = ui_check_problems(ui, found, 8);
    if (n > 0)
        *first = found[0];
    ui_check_free(ui->check);
    ui->check = NULL;
    return n;
}

static void draw_fine(void)
{
    /* a label on a card drawn before it, a translucent band after it, two lines apart */
    ui_fill_rect(ui, (ui_rect){ 0, 0, 300, 100 }, (ui_color){ 255, 255, 255, 255 });
    ui_draw_text(ui, UI_FONT_BODY, "on the card", -1, 10, 10, (ui_color){ 0, 0, 0, 255 });
    ui_draw_text(ui, UI_FONT_BODY, "the next line", -1, 10, 10 + ui_line_height(ui, UI_FONT_BODY),
                 (ui_color){ 0, 0, 0, 255 });
    ui_fill_rect(ui, (ui_rect){ 0, 0, 300, 100 }, (ui_color){ 0, 0, 255, 40 });
}

static void draw_covered(void)
{
    ui_draw_text(ui, UI_FONT_BODY, "under a button", -1, 10, 10, (ui_color){ 0, 0, 0, 255 });
    ui_fill_rect(ui, (ui_rect){ 40, 0, 80, 60 }, (ui_color){ 200, 200, 200, 255 });
}

static void draw_clipped(void)
{
    ui_push_clip(ui, (ui_rect){ 0, 0, 30, 100 });
    ui_draw_text(ui, UI_FONT_BODY, "wider than its panel", -1, 5, 10, (ui_color){ 0, 0, 0, 255 });
    ui_pop_clip(ui);
}

static void draw_overlapping(void)
{
    ui_draw_text(ui, UI_FONT_BODY, "first", -1, 10, 10, (ui_color){ 0, 0, 0, 255 });
    ui_draw_text(ui, UI_FONT_BODY, "second", -1, 20, 12, (ui_color){ 0, 0, 0, 255 });
}

/* Each flaw the checker names, on a frame made for it; none on a frame drawn right. */
static void test_layout_checker(void)
{
    ui_problem p = { 0 };
    int n = frame_problems(draw_fine, &p);
    CHECK(n == 0, "expected no problem on a card, got %d (\"%s\", flaw %d)", n, p.text, p.flaw);
    n = frame_problems(draw_covered, &p);
    CHECK(n == 1 && p.flaw == UI_FLAW_COVERED && strcmp(p.text, "under a button") == 0,
          "expected the text under an opaque rectangle covered, got %d (\"%s\", flaw %d)", n, p.text, p.flaw);
    n = frame_problems(draw_clipped, &p);
    CHECK(n == 1 && p.flaw == UI_FLAW_CLIPPED, "expected a text wider than its clip clipped, got %d (flaw %d)", n,
          p.flaw);
    n = frame_problems(draw_overlapping, &p);
    CHECK(n == 1 && p.flaw == UI_FLAW_OVERLAPS && strcmp(p.other, "second") == 0,
          "expected two texts on one another to overlap, got %d (flaw %d, \"%s\")", n, p.flaw, p.other);
}

/* ---- the lesson runner -------------------------------------------------------------------------- */

/* A directive's value reaches the scene typed: trimmed, checked, marked as given, and the
 * directives not written keep the course table's defaults. */
static void test_directives(void)
{
    lesson_config c;
    char why[256] = "";
    CHECK(lesson_config_init(&c, LESSON_SCENE_NEURON, why, sizeof why) == 0, "expected the defaults: %s",
          why);
    const lesson_rule *r = lesson_rule_of(LESSON_SCENE_NEURON, LESSON_F_ACTIVATION);
    CHECK(r && lesson_config_set(&c, r, "  tanh ", NULL, why, sizeof why) == 0 &&
              strcmp(lesson_neuron_activations[c.activation], "tanh") == 0,
          "expected tanh, got %d (%s)", c.activation, why);
    CHECK(lesson_config_has(&c, LESSON_F_ACTIVATION), "expected the activation given");
    CHECK(!lesson_config_has(&c, LESSON_F_BIAS) && c.bias == 0.2f,
          "expected a directive not written to be absent, with its default, got %g", (double)c.bias);
    CHECK(r && lesson_config_set(&c, r, "", NULL, why, sizeof why) < 0, "expected an empty value refused");
    CHECK(lesson_rule_of(LESSON_SCENE_NEURON, LESSON_F_EPOCHS) == NULL, "expected no @epochs for the neuron");
}

static void test_lessons(void)
{
    int n = lesson_count();
    CHECK(n >= 6, "expected at least the six scenes' lessons, got %d", n);
    for (int lang = 0; lang < 2; lang++) {
        lang_set(lang);
        for (int i = 0; i < n; i++) {
            const lesson_def *l = lesson_get(i);
            CHECK(l && l->title && l->n_pages >= 1 && l->n_pages <= LESSON_MAX_PAGES,
                  "lesson %d is incomplete", i + 1);
            CHECK(scene_find(l->scene) != NULL, "lesson %d: unknown scene \"%s\"", i + 1, l->scene);
            for (int p = 0; p < l->n_pages; p++)
                CHECK(l->pages[p] && strlen(l->pages[p]) > 20, "lesson %d page %d is empty", i + 1, p + 1);
        }
    }
    lang_set(LANG_FR);
    CHECK(lesson_get(n) == NULL && lesson_get(-1) == NULL, "expected NULL out of range");
}

static char tmpdir[256];

static int count_files(const char *dir)
{
    DIR *d = opendir(dir);
    int n = 0;
    if (!d)
        return -1;
    for (struct dirent *e; (e = readdir(d));)
        n += e->d_name[0] != '.' || strstr(e->d_name, ".tmp") != NULL;
    closedir(d);
    return n;
}

static void test_progress_file(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/neurone-test-ui-%ld", (long)getpid());
    char cfg[300];
    snprintf(cfg, sizeof cfg, "%s/config", tmpdir);
    mkdir(tmpdir, 0700);
    setenv("XDG_CONFIG_HOME", cfg, 1);
    lesson_progress p;
    CHECK(lesson_progress_load(&p) == -1 && p.lesson == 0 && p.page == 0, "expected no file at first");
    lesson_progress w = { .lesson = 3, .page = 1, .visited = 0x0f };
    CHECK(lesson_progress_save(&w) == 0, "expected the save to create %s/neurone", cfg);
    CHECK(lesson_progress_load(&p) == 0, "expected the file read back");
    CHECK(p.lesson == 3 && p.page == 1 && p.visited == 0x0f, "expected 3/1/0xf, got %d/%d/%#x", p.lesson,
          p.page, p.visited);
    char dir[400];
    snprintf(dir, sizeof dir, "%s/neurone", cfg);
    CHECK(count_files(dir) == 1, "expected only the progress file, no temporary one, got %d files",
          count_files(dir));
    /* a file from another version: lessons out of range fall back to the first */
    char path[500];
    snprintf(path, sizeof path, "%s/progress", dir);
    FILE *f = fopen(path, "w");
    fputs("lesson=999\npage=-4\nvisited=zz\n", f);
    fclose(f);
    CHECK(lesson_progress_load(&p) == 0 && p.lesson == 0 && p.page == 0,
          "expected 0/0 from a bad file, got %d/%d", p.lesson, p.page);
    /* relative XDG_CONFIG_HOME is ignored, as the spec says: HOME/.config is used */
    setenv("XDG_CONFIG_HOME", "relative/dir", 1);
    char home[400];
    snprintf(home, sizeof home, "%s/home", tmpdir);
    setenv("HOME", home, 1);
    char got[600], want[600];
    lesson_progress_path(got, sizeof got);
    snprintf(want, sizeof want, "%s/.config/neurone/progress", home);
    CHECK(strcmp(got, want) == 0, "expected %s, got %s", want, got);
    setenv("XDG_CONFIG_HOME", cfg, 1);
}

/* Writes text as the progress file. */
static void write_progress(const char *text)
{
    char path[600];
    lesson_progress_path(path, sizeof path);
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

/* The answers recorded in p: how many, and the last one found (lesson index, quiz, choice + 1). */
static int count_answers(const lesson_progress *p, int *li, int *q, int *c)
{
    int n = 0;
    for (int i = 0; i < LESSON_MAX; i++)
        for (int j = 0; j < LESSON_QUIZZES_MAX; j++)
            if (p->answer[i][j]) {
                n++;
                *li = i, *q = j, *c = p->answer[i][j];
            }
    return n;
}

/* The number of choices of quiz q in lesson l; 0 when none. */
static int choices_of(const lesson_def *l, int q)
{
    for (int i = 0; l->doc && i < l->doc->n_pages; i++)
        for (int j = 0; j < l->doc->pages[i].n_blocks; j++)
            if (l->doc->pages[i].blocks[j].kind == LESSON_QUIZ && l->doc->pages[i].blocks[j].quiz == q)
                return l->doc->pages[i].blocks[j].n_choices;
    return 0;
}

/* The quizzes answered are in the progress file: saved when picked, back in a new runner. */
static void test_progress_quizzes(void)
{
    /* test_progress_file set XDG_CONFIG_HOME to tmpdir/config */
    int li = lesson_index_of(3);
    CHECK(li >= 0 && lesson_get(li)->doc && lesson_get(li)->doc->n_quizzes >= 2,
          "expected lesson 3 with two quizzes, got index %d", li);
    if (li < 0 || !lesson_get(li)->doc || lesson_get(li)->doc->n_quizzes < 2)
        return;
    int n_choices = choices_of(lesson_get(li), 1);
    CHECK(n_choices >= 2, "expected lesson 3's second quiz with two choices or more, got %d", n_choices);
    int pick = n_choices - 1;
    char dir[600], path[600];
    lesson_user_file_path("", dir, sizeof dir);
    lesson_progress_path(path, sizeof path);
    remove(path);

    /* the student picks the last answer of the second quiz; the frame saves it */
    app a;
    app_init(&a, ui, li, 1);
    lesson_view_set_answer(a.view, li, 1, pick);
    ui_input in = { 0 };
    ui_begin(ui, &in, 1280, 800);
    app_frame(&a);
    ui_end(ui);
    CHECK(a.progress.answer[li][1] == pick + 1, "expected the answer %d in the progress, got %d", pick + 1,
          a.progress.answer[li][1]);
    app_shutdown(&a);
    char text[4096] = "", want[64];
    FILE *f = fopen(path, "r");
    if (f) {
        text[fread(text, 1, sizeof text - 1, f)] = 0;
        fclose(f);
    }
    snprintf(want, sizeof want, "\nquiz=3,2,%d\n", pick + 1);
    CHECK(strstr(text, want) != NULL, "expected the line \"%s\" in the file, got:\n%s", want + 1, text);
    CHECK(count_files(dir) == 1, "expected only the progress file, no temporary one, got %d files",
          count_files(dir));

    /* a new runner shows it again, with its feedback (drawn from the answer) */
    lesson_progress p;
    int gl = -1, gq = -1, gc = -1;
    CHECK(lesson_progress_load(&p) == 0 && count_answers(&p, &gl, &gq, &gc) == 1 && gl == li && gq == 1 &&
              gc == pick + 1,
          "expected one answer, lesson %d quiz 2 choice %d, read back; got lesson %d quiz %d choice %d",
          li + 1, pick + 1, gl + 1, gq + 1, gc);
    app b;
    app_init(&b, ui, -1, 1);
    CHECK(lesson_view_answer(b.view, li, 1) == pick && lesson_view_answer(b.view, li, 0) == -1,
          "expected quiz 2 answered %d and quiz 1 not, got %d and %d", pick,
          lesson_view_answer(b.view, li, 1), lesson_view_answer(b.view, li, 0));
    app_shutdown(&b);
    /* not for screenshots and tests: they show the lessons as a new student sees them */
    app c;
    app_init(&c, ui, li, 0);
    CHECK(lesson_view_answer(c.view, li, 1) == -1, "expected no answer without the progress, got %d",
          lesson_view_answer(c.view, li, 1));
    app_shutdown(&c);

    /* damaged lines are skipped, the rest is read */
    write_progress("lesson=3\nquiz=3,2\nquiz=3,x,1\nquiz=3,1,1junk\nquiz=\nquiz=3;1;1\nfoo=bar\n"
                   "\x7f\xfe\nquiz=3,1,1\n");
    gl = gq = gc = -1;
    CHECK(lesson_progress_load(&p) == 0 && p.lesson == 2, "expected the damaged file read, lesson 3; got %d",
          p.lesson + 1);
    CHECK(count_answers(&p, &gl, &gq, &gc) == 1 && gl == li && gq == 0 && gc == 1,
          "expected only quiz=3,1,1 from the damaged file, got %d answers, the last lesson %d quiz %d choice %d",
          count_answers(&p, &gl, &gq, &gc), gl + 1, gq + 1, gc);

    /* answers the current lessons do not have are dropped */
    char bad[512];
    snprintf(bad, sizeof bad, "quiz=3,1,1\nquiz=3,1,0\nquiz=3,1,-1\nquiz=3,1,%d\nquiz=3,2,%d\nquiz=3,0,1\n"
                              "quiz=3,99,1\nquiz=99,1,1\nquiz=0,1,1\n",
             choices_of(lesson_get(li), 0) + 1, n_choices + 1);
    write_progress(bad);
    gl = gq = gc = -1;
    lesson_progress_load(&p);
    CHECK(count_answers(&p, &gl, &gq, &gc) == 1 && gl == li && gq == 0 && gc == 1,
          "expected only quiz=3,1,1 kept, got %d answers, the last lesson %d quiz %d choice %d",
          count_answers(&p, &gl, &gq, &gc), gl + 1, gq + 1, gc);

    /* a file from before the quizzes were remembered */
    write_progress("# Neurone: where the student stands in the lessons (written by the app)\n"
                   "lesson=4\npage=2\nvisited=f\n");
    CHECK(lesson_progress_load(&p) == 0 && p.lesson == 3 && p.page == 1 && p.visited == 0xf &&
              count_answers(&p, &gl, &gq, &gc) == 0,
          "expected 4/2/0xf and no answers from an old file, got %d/%d/%#x and %d answers", p.lesson + 1,
          p.page + 1, p.visited, count_answers(&p, &gl, &gq, &gc));
    remove(path);
}

/* Writes text as the recent file. */
static void write_recent(const char *text)
{
    char path[600];
    lesson_user_file_path("recent", path, sizeof path);
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static void test_recent_files(void)
{
    /* test_progress_file set XDG_CONFIG_HOME to tmpdir/config */
    recent_list r;
    CHECK(recent_load(&r) == 0 && r.n == 0, "expected no recent files at first, got %d", r.n);
    char files[10][400];
    for (int i = 0; i < 10; i++) {
        snprintf(files[i], sizeof files[i], "%s/data%d.csv", tmpdir, i);
        FILE *f = fopen(files[i], "w");
        if (f) {
            fputs("a,b\n1,0\n", f);
            fclose(f);
        }
    }
    CHECK(recent_remember(&r, files[0]) == 0 && recent_remember(&r, files[1]) == 0,
          "expected two files remembered");
    recent_load(&r);
    CHECK(r.n == 2 && strcmp(r.path[0], files[1]) == 0 && strcmp(r.path[1], files[0]) == 0,
          "expected data1 then data0, got %d: %s, %s", r.n, r.n > 0 ? r.path[0] : "", r.n > 1 ? r.path[1] : "");
    CHECK(r.exists[0] && r.exists[1], "expected both to exist");
    /* the same file again, by another name: it moves to the front, once */
    char other[500];
    snprintf(other, sizeof other, "%s/./data0.csv", tmpdir);
    recent_remember(&r, other);
    recent_load(&r);
    CHECK(r.n == 2 && strcmp(r.path[0], files[0]) == 0, "expected data0 first and no copy, got %d: %s", r.n,
          r.path[0]);
    /* ten files: the last eight, the newest first */
    for (int i = 0; i < 10; i++)
        recent_remember(&r, files[i]);
    recent_load(&r);
    CHECK(r.n == RECENT_MAX, "expected %d files kept, got %d", RECENT_MAX, r.n);
    CHECK(strcmp(r.path[0], files[9]) == 0 && strcmp(r.path[RECENT_MAX - 1], files[2]) == 0,
          "expected data9 .. data2, got %s .. %s", r.path[0], r.path[RECENT_MAX - 1]);
    /* written atomically: the folder holds the progress and the recent files, no temporary one */
    char dir[400];
    snprintf(dir, sizeof dir, "%s/config/neurone", tmpdir);
    CHECK(count_files(dir) == 2, "expected progress and recent only, no temporary file, got %d files",
          count_files(dir));
    /* a file that is gone stays listed, marked */
    unlink(files[9]);
    recent_load(&r);
    CHECK(r.n == RECENT_MAX && !r.exists[0] && r.exists[1], "expected data9 kept but marked missing");
    /* a damaged file: unreadable lines are skipped, the good ones kept */
    char damaged[3000];
    char longline[1500];
    memset(longline, 'x', sizeof longline - 1);
    longline[0] = '/';
    longline[sizeof longline - 1] = 0;
    snprintf(damaged, sizeof damaged, "garbage\n%s\n\x01/bin\n%s\nrelative/x.csv\n%s\n", longline, files[3],
             files[3]);
    write_recent(damaged);
    recent_load(&r);
    CHECK(r.n == 1 && strcmp(r.path[0], files[3]) == 0, "expected only data3 from the damaged file, got %d",
          r.n);
    write_recent("\x7f\xff\xfe binary");
    CHECK(recent_load(&r) == 0, "expected nothing from a binary file");
    /* and adding to a damaged file repairs it */
    CHECK(recent_remember(&r, files[4]) == 0 && recent_load(&r) == 1, "expected the file rewritten with one path");
}

/* --open and a file dropped on the window: the lesson of the comparison opens with the file. */
static void test_open_file(void)
{
    app a;
    app_init(&a, ui, 0, 0);
    int want = -1;
    for (int i = 0; i < lesson_count() && want < 0; i++)
        if (strcmp(lesson_get(i)->scene, "compare") == 0)
            want = i;
    CHECK(want >= 0, "expected a lesson with the compare scene");
    CHECK(app_open_file(&a, "/tmp/heart.csv") == 0, "expected the file accepted");
    CHECK(a.lesson == want, "expected lesson %d opened, got %d", want + 1, a.lesson + 1);
    char got[1024] = "";
    CHECK(app_take_file(&a, got, sizeof got) == 1 && strcmp(got, "/tmp/heart.csv") == 0,
          "expected the scene to take /tmp/heart.csv, got \"%s\"", got);
    CHECK(app_take_file(&a, got, sizeof got) == 0, "expected the file taken once");
    app_shutdown(&a);
}

static void test_navigation(void)
{
    app a;
    app_init(&a, ui, 0, 1);
    int total = 0;
    for (int i = 0; i < lesson_count(); i++)
        total += lesson_get(i)->n_pages;
    /* Right walks every page of every lesson, then stops at the last */
    int steps = 0;
    while (!(a.lesson == lesson_count() - 1 && a.page == lesson_get(a.lesson)->n_pages - 1) && steps < 100) {
        app_key_pressed(&a, APP_KEY_NEXT);
        steps++;
    }
    CHECK(steps == total - 1, "expected %d steps through all pages, got %d", total - 1, steps);
    app_key_pressed(&a, APP_KEY_NEXT);
    CHECK(a.lesson == lesson_count() - 1, "expected to stay on the last lesson");
    CHECK(a.progress.visited == (1u << lesson_count()) - 1, "expected every lesson visited, got %#x",
          a.progress.visited);
    app_key_pressed(&a, APP_KEY_PREV);
    CHECK(a.page == lesson_get(a.lesson)->n_pages - 2, "expected Left to go back a page, got page %d",
          a.page);
    app_key_pressed(&a, APP_KEY_PREV_LESSON);
    CHECK(a.lesson == lesson_count() - 2 && a.page == 0,
          "expected Up to open the previous lesson's first page");
    app_key_pressed(&a, APP_KEY_QUIT);
    CHECK(a.quit, "expected quit");
    app_shutdown(&a);
    /* the runner remembered where it stood */
    lesson_progress p;
    lesson_progress_load(&p);
    CHECK(p.lesson == lesson_count() - 2 && p.page == 0,
          "expected the progress file at lesson %d page 1, got %d/%d", lesson_count() - 1, p.lesson + 1,
          p.page + 1);
    /* and a new runner opens there */
    app b;
    app_init(&b, ui, -1, 0);
    CHECK(b.lesson == lesson_count() - 2, "expected to reopen at lesson %d, got %d", lesson_count() - 1,
          b.lesson + 1);
    app_shutdown(&b);
}

static void test_error_dialog(void)
{
    app a;
    app_init(&a, ui, 0, 0);
    app_error(&a, "loader: %s", "heart.csv:17: column 4 \"age\": \"abc\" is not a number");
    app_error(&a, "second");
    CHECK(strstr(a.error, "heart.csv:17") != NULL, "expected the first message kept, got \"%s\"", a.error);
    /* the dialog is modal: Enter dismisses it */
    ui_input in = { .key_enter = 1 };
    ui_begin(ui, &in, 1280, 800);
    app_frame(&a);
    ui_end(ui);
    CHECK(a.error[0] == 0, "expected Enter to dismiss the dialog, still \"%s\"", a.error);
    app_shutdown(&a);
}

/* Demo mode at 1280x720 on a course of ten lessons with long titles: the bar keeps every number,
 * "10" too, whichever lesson is open (the open one's title gives way). */
static void test_lesson_bar_numbers(void)
{
    char dir[] = "/tmp/neurone-bar-XXXXXX", path[400];
    CHECK(mkdtemp(dir) != NULL, "expected a temporary folder");
    static const char *const langs[] = { "fr", "en" };
    for (int l = 0; l < 2; l++) {
        snprintf(path, sizeof path, "%s/%s", dir, langs[l]);
        mkdir(path, 0700);
        for (int i = 1; i <= 10; i++) {
            snprintf(path, sizeof path, "%s/%s/%02d-long.md", dir, langs[l], i);
            FILE *f = fopen(path, "w");
            if (f) {
                fprintf(f, "# Un très long titre de leçon numéro %d\n\nDu texte.\n", i);
                fclose(f);
            }
        }
    }
    CHECK(lesson_load(dir) == 0 && lesson_count() == 10, "expected ten lessons, got %d:\n%s", lesson_count(),
          lesson_load_errors());
    char err[4200];
    demo_options dopt = { .on = 1 };
    ui_context *big = ui_create();
    CHECK(big && demo_apply(big, &dopt, 1280, 720, err, sizeof err) == 0, "expected demo mode's fonts: %s", err);
    for (int open = 0; big && open < 10; open++) {
        app a;
        app_init(&a, big, open, 0);
        a.headless = a.demo = 1;
        ui_input in = { .mouse_x = -1000, .mouse_y = -1000 };
        ui_begin(big, &in, 1280, 720);
        app_frame(&a);
        ui_end(big);
        int seen = 0; /* bit i: the number i + 1 drawn */
        for (int i = 0; i < big->ncmds[0]; i++) {
            const ui_cmd *c = &big->cmds[0][i];
            char num[3] = "";
            if (c->kind == UI_CMD_TEXT && c->count <= 2)
                memcpy(num, big->text + c->first, (size_t)c->count);
            int v = atoi(num);
            if (v >= 1 && v <= 10)
                seen |= 1 << (v - 1);
        }
        CHECK(seen == 0x3ff, "lesson %d open: expected the numbers 1 to 10 on the bar, got mask %#x", open + 1, seen);
        app_shutdown(&a);
    }
    if (big)
        app_free_fonts(big);
    ui_free(big);
    lesson_load(NULL);
    snprintf(path, sizeof path, "rm -rf '%s'", dir);
    if (system(path) != 0)
        fprintf(stderr, "note: could not remove %s\n", dir);
}

/* ---- the network viewer's labels ------------------------------------------------------------------ */

static int boxes_meet(ui_rect a, ui_rect b)
{
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/* The labels of one layout: none meets another and each stays in r; with all_named, every column
 * keeps its name and its size (empty labels would pass the rest trivially). */
static void check_netview_labels(ui_context *u, const char *what, ui_rect r, const netview *nv,
                                 const netview_args *na, int all_named)
{
    netview_layout L;
    netview_lay_out(u, r, nv, na, &L);
    netview_label *all[3 * NETVIEW_COLS];
    int n = 0;
    for (int c = 0; c < nv->n_cols; c++) {
        CHECK(!all_named || (L.title[c].text[0] && L.size[c].text[0]),
              "%s: expected column %d's name and size, got \"%s\", \"%s\"", what, c, L.title[c].text,
              L.size[c].text);
        netview_label *row[3] = { &L.title[c], &L.size[c], &L.count[c] };
        for (int k = 0; k < 3; k++)
            if (row[k]->text[0])
                all[n++] = row[k];
    }
    for (int i = 0; i < n; i++) {
        ui_rect b = all[i]->r;
        CHECK(b.x >= r.x && b.x + b.w <= r.x + r.w && b.y >= r.y && b.y + b.h <= r.y + r.h,
              "%s: expected \"%s\" (%.0f,%.0f %.0fx%.0f) inside the viewer (%.0f,%.0f %.0fx%.0f)", what,
              all[i]->text, b.x, b.y, b.w, b.h, r.x, r.y, r.w, r.h);
        for (int j = i + 1; j < n; j++)
            CHECK(!boxes_meet(b, all[j]->r), "%s: expected \"%s\" and \"%s\" apart, got x %.0f-%.0f and %.0f-%.0f",
                  what, all[i]->text, all[j]->text, b.x, b.x + b.w, all[j]->r.x, all[j]->r.x + all[j]->r.w);
    }
}

/* Wide and deep networks where the scenes put the viewer, at the desk and in demo mode: no label
 * meets another. Up to six columns, every column is named; the deepest (eight) may drop some. */
static void test_netview_labels(void)
{
    static const int nets[][8] = { { 2, 64, 64, 2 }, { 2, 64, 64, 64, 64, 2 }, { 784, 128, 10 },
                                   { 2, 8, 8, 2 }, { 2, 64, 64, 64, 64, 64, 64, 2 } };
    static const char *const in_names[2] = { "x1", "x2" }, *const out_names[2] = { "orange", "bleu" };
    ui_context *big = ui_create();
    char err[4200];
    if (big)
        big->theme = demo_theme(DEMO_THEME_DARK);
    CHECK(big && app_load_fonts(big, demo_scale(1920, 1080), err, sizeof err) == 0,
          "expected demo mode's fonts");
    for (int k = 0; k < (int)(sizeof nets / sizeof nets[0]); k++) {
        nn_model *m = nn_sequential();
        int layers = 0;
        while (layers + 1 < 8 && nets[k][layers + 1])
            layers++;
        for (int l = 1; l <= layers; l++)
            nn_add_dense(m, nets[k][l], l < layers ? "relu" : "softmax", l == 1 ? nets[k][0] : 0);
        netview nv = { 0 };
        CHECK(netview_set_model(&nv, m) == 0 && nv.n_cols == layers + 1, "net %d: expected %d columns, got %d",
              k, layers + 1, nv.n_cols);
        netview_args training = { .reveal = -1, .compact = 1 }, named = training, network = { .reveal = -1 };
        if (nets[k][0] == 2)
            named.input_names = in_names, named.output_names = out_names;
        /* the viewer's rectangle in the training scene at 1280x800 (the names beside it), at
         * 1024x640 and in demo mode at 1920x1080; then in the network scene's panel, the same */
        const struct {
            ui_rect r;
            int demo;
            const netview_args *na;
        } at[] = {
            { { 583, 148, 342, 628 }, 0, &named },    { { 536, 148, 214, 232 }, 0, &training },
            { { 1072, 304, 364, 345 }, 1, &training }, { { 625, 102, 631, 626 }, 0, &network },
            { { 541, 102, 459, 466 }, 0, &network },  { { 1041, 212, 831, 724 }, 1, &network },
        };
        for (int i = 0; i < (int)(sizeof at / sizeof at[0]); i++) {
            if (at[i].demo && !big)
                continue;
            char what[96];
            snprintf(what, sizeof what, "net %d, %.0fx%.0f%s", k, at[i].r.w, at[i].r.h, at[i].demo ? " (demo)" : "");
            check_netview_labels(at[i].demo ? big : ui, what, at[i].r, &nv, at[i].na, nv.n_cols <= 6);
        }
        /* at the desk, the sizes under collapsed columns (once drawn over each other) show */
        netview_layout L;
        netview_lay_out(ui, at[0].r, &nv, at[0].na, &L);
        for (int c = 1; c + 1 < nv.n_cols; c++)
            CHECK(nv.units[c] <= NETVIEW_SHOWN || L.count[c].text[0], "net %d: expected column %d's size under it",
                  k, c);
        netview_free(&nv);
        nn_free(m);
    }
    if (big)
        app_free_fonts(big);
    ui_free(big);
}

/* Ten outputs in a short panel (demo mode's drawing page): their names never sit on one another,
 * and some are still named; in a tall panel every one is. */
static void test_netview_output_names(void)
{
    static const char *const names[10] = { "0", "1", "2", "3", "4", "5", "6", "7", "8", "9" };
    nn_model *m = nn_sequential();
    nn_add_dense(m, 16, "relu", 784);
    nn_add_dense(m, 10, "softmax", 0);
    netview nv = { 0 };
    CHECK(netview_set_model(&nv, m) == 0, "expected a 784-16-10 drawing");
    netview_args na = { .reveal = -1, .compact = 1, .output_names = names };
    const float heights[2] = { 150, 600 };
    for (int k = 0; k < 2; k++) {
        ui_input in = { 0 };
        ui->check = ui_check_create();
        ui_begin(ui, &in, 800, 700);
        netview_draw(ui, (ui_rect){ 10, 10, 400, heights[k] }, &nv, &na);
        ui_end(ui);
        ui_problem found[16];
        int n = ui_check_problems(ui, found, 16), named = 0;
        for (int l = 0; l < UI_LAYERS; l++)
            for (int i = 0; i < ui->ncmds[l]; i++) {
                const ui_cmd *c = &ui->cmds[l][i];
                named += c->kind == UI_CMD_TEXT && c->count == 1 && ui->text[c->first] >= '0' &&
                         ui->text[c->first] <= '9';
            }
        CHECK(n == 0, "%.0f px high: expected no name on another, got %d (\"%s\" %d \"%s\")", heights[k], n,
              n ? found[0].text : "", n ? found[0].flaw : 0, n ? found[0].other : "");
        CHECK(k == 0 ? named >= 3 && named < 10 : named == 10, "%.0f px high: expected %s names, got %d",
              heights[k], k == 0 ? "some of the ten" : "all ten", named);
        ui_check_free(ui->check);
        ui->check = NULL;
    }
    netview_free(&nv);
    nn_free(m);
}

/* ---- the network viewer's maps, hovering and weight edits ------------------------------------------ */

enum { NW = 800, NH = 600 };

/* A 2-4-2 network whose weights and biases are set by hand: w[c][i][j] = (i + 1) / 10 - j / 5. */
typedef struct netview_case {
    nn_model *m;
    netview nv;
    netview_args na;
    ui_rect r;
    netview_event ev;
    netview_hit hit;
    int events;
} netview_case;

static int netview_case_open(netview_case *t)
{
    memset(t, 0, sizeof *t);
    t->m = nn_sequential();
    nn_add_dense(t->m, 4, "tanh", 2);
    nn_add_dense(t->m, 2, "softmax", 0);
    if (netview_set_model(&t->nv, t->m) < 0 || t->nv.n_cols != 3)
        return -1;
    for (int c = 1; c < 3; c++) {
        for (int i = 0; i < t->nv.n_shown[c - 1]; i++)
            for (int j = 0; j < t->nv.n_shown[c]; j++)
                t->nv.w[c][i][j] = (float)(i + 1) / 10 - (float)j / 5;
        t->nv.wmax[c] = 1;
    }
    t->na = (netview_args){ .reveal = -1, .compact = 1 };
    t->r = (ui_rect){ 100, 100, 320, 250 };
    return 0;
}

static void netview_case_close(netview_case *t)
{
    netview_free(&t->nv);
    nn_free(t->m);
}

static void netview_case_frame(void *ctx)
{
    netview_case *t = ctx;
    netview_event ev = netview_update(ui, t->r, &t->nv, &t->na, &t->hit);
    if (ev.kind != NETVIEW_EVENT_NONE) {
        t->ev = ev;
        t->events++;
    }
}

/* One frame of the viewer alone (the mouse at x, y), rasterised into px (NW x NH). */
static void netview_render(netview_case *t, float x, float y, uint8_t *px)
{
    ui_input in = { .mouse_x = x, .mouse_y = y, .time = 1 };
    ui_begin(ui, &in, NW, NH);
    netview_case_frame(t);
    ui_end(ui);
    raster_frame(&(raster_target){ px, NW, NH, NW * 4 }, ui);
}

static int pixel_is(const uint8_t *px, float x, float y, ui_color c)
{
    const uint8_t *p = px + ((size_t)y * NW + (size_t)x) * 4;
    return abs(p[0] - c.r) <= 2 && abs(p[1] - c.g) <= 2 && abs(p[2] - c.b) <= 2;
}

/* Maps drawn inside the nodes: a blue one and an orange one where given, a plain node where not,
 * larger squares than the circles; without maps, the drawing netview_draw makes. */
static void test_netview_maps(void)
{
    netview_case t;
    uint8_t *px = malloc((size_t)NW * NH * 4), *plain = malloc((size_t)NW * NH * 4);
    CHECK(px && plain && netview_case_open(&t) == 0, "expected a 2-4-2 viewer and two frames' pixels");
    if (!px || !plain || t.nv.n_cols != 3) {
        free(px), free(plain);
        return;
    }
    const ui_theme *th = &ui->theme;
    uint8_t pix[2][4 * 4 * 4];
    ui_image img[2];
    float high[16], low[16];
    for (int k = 0; k < 16; k++)
        high[k] = 1, low[k] = -1;
    CHECK(netview_fill_map(&img[0], pix[0], 4, 4, high, -1, 1, th) == 0 &&
              netview_fill_map(&img[1], pix[1], 4, 4, low, -1, 1, th) == 0,
          "expected two maps filled");
    CHECK(netview_fill_map(&img[0], NULL, 4, 4, high, -1, 1, th) == -1 &&
              netview_fill_map(&img[0], pix[0], 0, 4, high, -1, 1, th) == -1,
          "expected -1 for no pixels and for a width of 0");
    CHECK(pix[0][0] == th->positive.r && pix[0][2] == th->positive.b && pix[1][0] == th->negative.r,
          "expected hi blue (%d,%d,%d) and lo orange, got %d,%d,%d and %d,%d,%d", th->positive.r,
          th->positive.g, th->positive.b, pix[0][0], pix[0][1], pix[0][2], pix[1][0], pix[1][1], pix[1][2]);

    netview_layout plain_L, map_L;
    netview_lay_out(ui, t.r, &t.nv, &t.na, &plain_L);
    netview_render(&t, 0, 0, plain);
    CHECK(pixel_is(plain, plain_L.x[1], plain_L.y[1][0], th->neutral),
          "expected a plain node's neutral fill at its centre without maps");
    /* netview_update without maps and with the mouse away draws what netview_draw draws */
    ui_input in = { .time = 1 };
    ui_begin(ui, &in, NW, NH);
    netview_draw(ui, t.r, &t.nv, &t.na);
    ui_end(ui);
    raster_frame(&(raster_target){ px, NW, NH, NW * 4 }, ui);
    CHECK(memcmp(px, plain, (size_t)NW * NH * 4) == 0, "expected netview_update to draw as netview_draw");

    const ui_image *maps[NETVIEW_COLS][NETVIEW_SHOWN] = { { NULL } };
    maps[1][0] = &img[0], maps[1][2] = &img[1];
    t.na.maps = maps;
    netview_lay_out(ui, t.r, &t.nv, &t.na, &map_L);
    netview_render(&t, 0, 0, px);
    CHECK(map_L.radius > plain_L.radius, "expected larger nodes with maps, got %.1f, not over %.1f", map_L.radius,
          plain_L.radius);
    CHECK(pixel_is(px, map_L.x[1], map_L.y[1][0], th->positive), "expected the blue map at hidden 1's centre");
    CHECK(pixel_is(px, map_L.x[1] + map_L.radius * 0.8f, map_L.y[1][0] - map_L.radius * 0.8f, th->positive),
          "expected the map to fill its square, to near its corner");
    CHECK(pixel_is(px, map_L.x[1], map_L.y[1][2], th->negative), "expected the orange map at hidden 3's centre");
    CHECK(pixel_is(px, map_L.x[1], map_L.y[1][1], th->neutral), "expected hidden 2 (no map) drawn plain");
    /* demo mode's spotlight magnifies a neuron with its map */
    netview_forget_drawn();
    ui_input sin = { .time = 1 };
    ui_begin(ui, &sin, NW, NH);
    netview_draw(ui, t.r, &t.nv, &t.na);
    netview_neuron n = { .c = -1 };
    float big[3] = { 0 };
    if (netview_nearest(map_L.x[1], map_L.y[1][0], &n))
        netview_spotlight(ui, &n, NULL, big);
    ui_end(ui);
    raster_frame(&(raster_target){ px, NW, NH, NW * 4 }, ui);
    CHECK(n.c == 1 && n.j == 0 && big[2] > map_L.radius && pixel_is(px, big[0], big[1], th->positive),
          "expected the spotlight's hidden 1 magnified as its blue map, got column %d shown %d, %.0f px", n.c, n.j,
          (double)big[2]);
    netview_forget_drawn();
    netview_case_close(&t);
    free(px), free(plain);
}

/* The neurons' outputs over a grid of samples, as the scene's maps need them: sample k's column
 * as netview_forward gives it, the inputs themselves in column 0, the sample on show kept. */
static void test_netview_outputs(void)
{
    netview_case t;
    CHECK(netview_case_open(&t) == 0, "expected a 2-4-2 viewer");
    const float shown[2] = { 0.3f, -0.7f }, grid[3][2] = { { -1, -1 }, { 0, 0.5f }, { 1, 0.25f } };
    enum { N = 3, PER = NETVIEW_COLS * NETVIEW_SHOWN * N };
    float out[PER], kept[NETVIEW_COLS][NETVIEW_SHOWN];
    CHECK(netview_forward(&t.nv, t.m, shown) == 0, "expected a forward pass: %s", nn_error());
    memcpy(kept, t.nv.act, sizeof kept);
    CHECK(netview_neuron_outputs(&t.nv, t.m, grid[0], N, out) == 0, "expected the grid's outputs: %s", nn_error());
    CHECK(memcmp(kept, t.nv.act, sizeof kept) == 0 && t.nv.has_act, "expected the sample on show kept");
    CHECK(netview_neuron_outputs(&t.nv, t.m, grid[0], 0, out) == -1, "expected -1 for no samples");
    for (int k = 0; k < N; k++) {
        netview_forward(&t.nv, t.m, grid[k]);
        for (int c = 0; c < 3; c++)
            for (int j = 0; j < t.nv.n_shown[c]; j++) {
                float got = out[(c * NETVIEW_SHOWN + j) * N + k];
                CHECK(got == t.nv.act[c][j], "sample %d, column %d, neuron %d: expected %.4f, got %.4f", k, c, j,
                      (double)t.nv.act[c][j], (double)got);
            }
        CHECK(out[(0 * NETVIEW_SHOWN + 1) * N + k] == grid[k][1], "sample %d: expected x2 = %.2f as input 2's map",
              k, (double)grid[k][1]);
    }
    netview_case_close(&t);
}

/* The mouse on a neuron, then on a connection: netview_hit_test and netview_update say which. */
static void test_netview_hover(void)
{
    netview_case t;
    CHECK(netview_case_open(&t) == 0, "expected a 2-4-2 viewer");
    netview_layout L;
    netview_lay_out(ui, t.r, &t.nv, &t.na, &L);
    frame((frame_input){ L.x[1] + 1, L.y[1][2] - 1, 0, 0, 0, 0, NULL, 0 }, netview_case_frame, &t);
    CHECK(t.hit.kind == NETVIEW_HIT_NEURON && t.hit.c == 1 && t.hit.j == 2 && t.hit.to == 2,
          "expected hidden neuron 3 (column 1, shown 2) under the mouse, got kind %d column %d shown %d",
          t.hit.kind, t.hit.c, t.hit.j);
    /* halfway along input 1 -> hidden 1 */
    float x0 = L.x[0] + L.radius, x1 = L.x[1] - L.radius, y0 = L.y[0][0], y1 = L.y[1][0];
    frame((frame_input){ (x0 + x1) / 2, (y0 + y1) / 2, 0, 0, 0, 0, NULL, 0 }, netview_case_frame, &t);
    CHECK(t.hit.kind == NETVIEW_HIT_LINK && t.hit.c == 1 && t.hit.i == 0 && t.hit.j == 0 && t.hit.from == 0 &&
              t.hit.to == 0 && t.hit.weight == t.nv.w[1][0][0],
          "expected the connection input 1 -> hidden 1 (weight %.2f), got kind %d column %d %d -> %d (%.2f)",
          (double)t.nv.w[1][0][0], t.hit.kind, t.hit.c, t.hit.i, t.hit.j, (double)t.hit.weight);
    int said = 0;
    for (int k = 0; k + 4 <= ui->ntext && !said; k++)
        said = memcmp(ui->text + k, "(cli", 4) == 0; /* the frame's texts, one after the other */
    CHECK(t.nv.edit.open == 0 && said,
          "expected the connection's tooltip to say a click changes it");
    netview_hit away = netview_hit_test(ui, t.r, &t.nv, &t.na);
    CHECK(away.kind == NETVIEW_HIT_LINK, "expected netview_hit_test to agree, got kind %d", away.kind);
    frame((frame_input){ 5, 5, 0, 0, 0, 0, NULL, 0 }, netview_case_frame, &t);
    CHECK(t.hit.kind == NETVIEW_HIT_NONE, "expected nothing under the mouse outside the viewer, got %d", t.hit.kind);
    netview_case_close(&t);
}

/* A click on hidden 2 -> output 1 opens the field; "0,75" and Enter set that weight (layer 1,
 * kernel[1][0]); "12" is kept to 5; "abc" sets nothing and leaves it open; Escape closes it. */
static void test_netview_edit(void)
{
    netview_case t;
    CHECK(netview_case_open(&t) == 0, "expected a 2-4-2 viewer");
    netview_layout L;
    netview_lay_out(ui, t.r, &t.nv, &t.na, &L);
    /* a quarter of the way: its middle is where hidden 1 -> output 2 crosses it */
    float x0 = L.x[1] + L.radius, x1 = L.x[2] - L.radius;
    float x = x0 + (x1 - x0) / 4, y = L.y[1][1] + (L.y[2][0] - L.y[1][1]) / 4;
    click(x, y, netview_case_frame, &t);
    CHECK(t.nv.edit.open && ui_text_focused(ui), "expected the weight's field open and typing after a click");
    frame((frame_input){ x, y, 0, 0, 0, 0, "0,75", 0 }, netview_case_frame, &t);
    CHECK(t.events == 0, "expected no edit before Enter, got %d", t.events);
    frame((frame_input){ x, y, 0, 0, 0, 0, NULL, 1 }, netview_case_frame, &t);
    CHECK(t.events == 1 && t.ev.kind == NETVIEW_EVENT_WEIGHT && t.ev.c == 2 && t.ev.i == 1 && t.ev.j == 0 &&
              t.ev.layer == 1 && t.ev.from == 1 && t.ev.to == 0 && t.ev.value == 0.75f,
          "expected one edit of layer 1's kernel[1][0] to 0.75, got %d: kind %d column %d layer %d [%d][%d] %.3f",
          t.events, t.ev.kind, t.ev.c, t.ev.layer, t.ev.from, t.ev.to, (double)t.ev.value);
    CHECK(t.nv.w[2][1][0] == 0.75f && !t.nv.edit.open && !ui_text_focused(ui),
          "expected the drawing's weight 0.75 at once and the field closed, got %.3f, open %d",
          (double)t.nv.w[2][1][0], t.nv.edit.open);
    click(x, y, netview_case_frame, &t);
    frame((frame_input){ x, y, 0, 0, 0, 0, "12", 1 }, netview_case_frame, &t);
    CHECK(t.events == 2 && t.ev.value == 5 && t.nv.w[2][1][0] == 5, "expected 12 kept to 5, got %.3f",
          (double)t.ev.value);
    click(x, y, netview_case_frame, &t);
    /* a click inside the popup, off the field (its title): it stays open and the keys stay its
     * own, so that Escape closes it rather than the app */
    click(x + ui_px(ui, 20), y + ui_px(ui, 14), netview_case_frame, &t);
    CHECK(t.nv.edit.open && ui_text_focused(ui), "expected the popup open and typing after a click in it");
    frame((frame_input){ x, y, 0, 0, 0, 0, "abc", 1 }, netview_case_frame, &t);
    CHECK(t.events == 2 && t.nv.edit.open && t.nv.edit.bad, "expected \"abc\" refused with the field open");
    ui_input in = { .mouse_x = x, .mouse_y = y, .key_escape = 1, .time = 1 };
    frame_with(&in, netview_case_frame, &t);
    CHECK(!t.nv.edit.open && t.events == 2, "expected Escape to close the field without an edit");
    netview_case_close(&t);
}

/* ---- the trainer -------------------------------------------------------------------------------- */

static void test_trainer_steps(void)
{
    trainer_config c = { .dataset = "xor",
                         .hidden = 1,
                         .units = { 4 },
                         .activation = "tanh",
                         .optimizer = "adam",
                         .learning_rate = 0.01f,
                         .batch_size = 10,
                         .epochs = 3,
                         .seed = 1 };
    trainer *t = trainer_create(&c);
    CHECK(t != NULL, "expected a trainer");
    if (!t)
        return;
    CHECK(trainer_run_steps(t, 7, 60) == 0, "expected 7 steps");
    trainer_stats st;
    trainer_poll(t, &st);
    CHECK(st.steps == 7 && st.state == TRAINER_PAUSED, "expected paused after 7 batches, got %ld in state %d",
          st.steps, st.state);
    /* paused on a batch whose weights are the snapshot: the view model is the model */
    CHECK(trainer_sync_view(t) == 1, "expected fresh weights for the view");
    trainer_step_batch(t);
    CHECK(trainer_run_steps(t, 8, 60) == 0, "expected the step to finish");
    trainer_poll(t, &st);
    CHECK(st.steps == 8, "expected one more batch, got %ld", st.steps);
    trainer_step_epoch(t);
    for (int i = 0; i < 500; i++) {
        trainer_poll(t, &st);
        if (st.state == TRAINER_PAUSED && st.n_epochs == 1)
            break;
        usleep(10000);
    }
    CHECK(st.n_epochs == 1 && st.state == TRAINER_PAUSED,
          "expected paused at the end of epoch 1, got %d epochs, state %d", st.n_epochs, st.state);
    /* run to the end: DONE, three epochs of history */
    trainer_play(t);
    for (int i = 0; i < 1000 && st.state != TRAINER_DONE; i++) {
        usleep(10000);
        trainer_poll(t, &st);
    }
    CHECK(st.state == TRAINER_DONE && st.n_epochs == 3,
          "expected done after 3 epochs, got state %d, %d epochs", st.state, st.n_epochs);
    CHECK(st.val_loss_hist[2] > 0 && st.loss_hist[2] > 0, "expected losses recorded");
    trainer_free(t);

    /* a failure reaches the stats with the engine's message, and nothing crashes */
    trainer_config bad = c;
    snprintf(bad.activation, sizeof bad.activation, "nope");
    t = trainer_create(&bad);
    CHECK(trainer_wait_ready(t, 60) == -1, "expected the build to fail");
    trainer_poll(t, &st);
    CHECK(st.state == TRAINER_FAILED && strstr(st.error, "nope"),
          "expected the message to name the activation, got \"%s\"", st.error);
    trainer_free(t);
}

int main(void)
{
    /* the fonts and the UI, or exit 1 after one line that says why (app_make_ui prints its own) */
    if (TTF_Init() < 0 ? fprintf(stderr, "FAIL TTF_Init: %s\n", TTF_GetError()) : !(ui = app_make_ui(1)))
        return 1;
    RUN(test_ids);
    RUN(test_commands);
    RUN(test_lines_and_dots);
    RUN(test_wrapped_text);
    RUN(test_raster);
    RUN(test_button);
    RUN(test_toggle);
    RUN(test_slider);
    RUN(test_dropdown);
    RUN(test_number);
    RUN(test_text_field);
    RUN(test_scroll);
    RUN(test_ticks);
    RUN(test_plot_frame);
    RUN(test_dashed_line);
    RUN(test_layout_checker);
    RUN(test_netview_output_names);
    RUN(test_lesson_bar_numbers);
    RUN(test_directives);
    RUN(test_lessons);
    RUN(test_progress_file);
    RUN(test_progress_quizzes);
    RUN(test_navigation);
    RUN(test_netview_labels);
    RUN(test_netview_maps);
    RUN(test_netview_outputs);
    RUN(test_netview_hover);
    RUN(test_netview_edit);
    RUN(test_keys_while_typing);
    RUN(test_recent_files);
    RUN(test_open_file);
    RUN(test_error_dialog);
    RUN(test_trainer_steps);
    app_free_ui(ui);
    TTF_Quit();
    data_free_all();
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (tmpdir[0] && system(cmd) != 0)
        fprintf(stderr, "note: could not remove %s\n", tmpdir);
    return failures != 0;
}
