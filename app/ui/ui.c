/* ui.c — the widget layer's context: colours, its life, frames, ids, and who has the mouse. */
#include "ui.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ui_internal.h"

/* Sizes of the command list. A busy frame (the MNIST network viewer with its connections, two
 * charts and a panel of widgets) uses about 60,000 vertices. */
enum { CAP_CMDS = 8192, CAP_VERTS = 1 << 18, CAP_TEXT = 1 << 17 };

/* ---- colours ------------------------------------------------------------------------------------ */

ui_color ui_rgb(uint32_t hex)
{
    return (ui_color){ (uint8_t)(hex >> 16), (uint8_t)(hex >> 8), (uint8_t)hex, 255 };
}

ui_color ui_alpha(ui_color c, float a)
{
    a = a < 0 ? 0 : a > 1 ? 1 : a;
    c.a = (uint8_t)(c.a * a + 0.5f);
    return c;
}

ui_color ui_mix(ui_color a, ui_color b, float t)
{
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    return (ui_color){ (uint8_t)(a.r + (b.r - a.r) * t + 0.5f), (uint8_t)(a.g + (b.g - a.g) * t + 0.5f),
                       (uint8_t)(a.b + (b.b - a.b) * t + 0.5f), (uint8_t)(a.a + (b.a - a.a) * t + 0.5f) };
}

ui_color ui_diverging(const ui_theme *th, float t)
{
    if (!(t == t))
        return th->neutral;
    if (t < 0)
        return ui_mix(th->neutral, th->negative, -t);
    return ui_mix(th->neutral, th->positive, t);
}

ui_theme ui_theme_light(void)
{
    /* TensorFlow Playground's palette: orange for negative, blue for positive, both readable by
     * the common colour-blindnesses; right and wrong predictions in blue and red, as the course's
     * notebooks draw them; matplotlib's first curve colours for training and validation. */
    return (ui_theme){
        .bg = ui_rgb(0xf3f4f6), .panel = ui_rgb(0xffffff), .border = ui_rgb(0xd5d9de),
        .header = ui_rgb(0x183d4e), .header_text = ui_rgb(0xffffff),
        .text = ui_rgb(0x1f2328), .text_dim = ui_rgb(0x5f6b76), .text_on_accent = ui_rgb(0xffffff),
        .accent = ui_rgb(0x0877bd), .accent_hover = ui_rgb(0x0a8ad9), .accent_dim = ui_rgb(0xcfe4f3),
        .button = ui_rgb(0xe9ecef), .button_hover = ui_rgb(0xdde2e7), .button_active = ui_rgb(0xc9d0d7),
        .field = ui_rgb(0xffffff), .track = ui_rgb(0xd9dee3),
        .positive = ui_rgb(0x0877bd), .negative = ui_rgb(0xf59322), .neutral = ui_rgb(0xf4f4f4),
        .good = ui_rgb(0x1f6fd1), .bad = ui_rgb(0xd62728),
        .series = { ui_rgb(0x1f77b4), ui_rgb(0xff7f0e), ui_rgb(0x2ca02c), ui_rgb(0x9467bd) },
        .shadow = { 0, 0, 0, 40 }, .overlay = { 16, 24, 32, 110 },
        .row_height = 28, .spacing = 6, .padding = 12, .radius = 5,
        .font_pt = { [UI_FONT_BODY] = 14, [UI_FONT_SMALL] = 12, [UI_FONT_BOLD] = 14,
                     [UI_FONT_HEADING] = 17, [UI_FONT_TITLE] = 23, [UI_FONT_MONO] = 13,
                     [UI_FONT_ITALIC] = 14, [UI_FONT_CODE] = 12,
                     [UI_FONT_CODE_SMALL] = 8.5f },
    };
}

/* ---- life --------------------------------------------------------------------------------------- */

ui_context *ui_create(void)
{
    ui_context *ui = calloc(1, sizeof *ui);
    if (!ui)
        return NULL;
    ui->theme = ui_theme_light();
    ui->scale = 1;
    ui->cap_cmds = CAP_CMDS;
    ui->cap_verts = CAP_VERTS;
    ui->cap_text = CAP_TEXT;
    for (int l = 0; l < UI_LAYERS; l++)
        ui->cmds[l] = malloc(CAP_CMDS * sizeof *ui->cmds[l]);
    ui->verts = malloc(CAP_VERTS * sizeof *ui->verts);
    ui->text = malloc(CAP_TEXT);
    if (!ui->cmds[0] || !ui->cmds[1] || !ui->verts || !ui->text) {
        ui_free(ui);
        return NULL;
    }
    return ui;
}

void ui_free(ui_context *ui)
{
    if (!ui)
        return;
    for (int l = 0; l < UI_LAYERS; l++)
        free(ui->cmds[l]);
    free(ui->verts);
    free(ui->text);
    free(ui);
}
/* ---- frames ------------------------------------------------------------------------------------- */

void ui_begin(ui_context *ui, const ui_input *in, float width, float height)
{
    ui->in = *in;
    ui->width = width;
    ui->height = height;
    ui->ncmds[0] = ui->ncmds[1] = 0;
    ui->nverts = ui->ntext = 0;
    ui->overflowed = 0;
    ui->n_panels = 0;
    ui->layer = 0;
    ui->id_depth = 0;
    ui->layout_depth = 0;
    ui->clip_depth = 1;
    ui->clips[0] = (ui_rect){ 0, 0, width, height };
    ui->clip_allow[0] = 0;
    if (ui->check)
        ui_check_reset(ui->check);
    ui->hot = 0;
    ui->label_w = 0;
    ui->next_blocker = (ui_rect){ 0 };
    ui->next_modal = 0;
    for (int l = 1; l >= 0; l--) {
        ui->layer = l;
        ui_emit_clip(ui);
    }
    ui_layout_begin(ui, (ui_rect){ 0, 0, width, height });
}

void ui_end(ui_context *ui)
{
    if (ui->layer != 0)
        ui_set_layer(ui, 0);
    if (!ui->in.mouse_down)
        ui->active = 0;
    /* a field that was not drawn (its lesson left, its scene changed view) cannot keep the keys */
    if (!ui->focus_seen)
        ui->focus = 0;
    ui->focus_seen = 0;
    ui->blocker = ui->next_blocker;
    ui->modal = ui->next_modal;
    if (ui->hover != ui->hover_prev)
        ui->hover_since = ui->in.time;
    ui->hover_prev = ui->hover;
    ui->hover = 0;
}

/* ---- ids ---------------------------------------------------------------------------------------- */

ui_id ui_hash_bytes(ui_id h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 16777619u; /* FNV-1a */
    return h ? h : 1;
}

static ui_id id_seed(const ui_context *ui)
{
    return ui->id_depth ? ui->id_stack[ui->id_depth - 1] : 2166136261u;
}

ui_id ui_get_id(ui_context *ui, const char *label)
{
    return ui_hash_bytes(id_seed(ui), label, strlen(label));
}

ui_id ui_get_id_int(ui_context *ui, const char *label, int n)
{
    ui_id h = ui_hash_bytes(id_seed(ui), label, strlen(label));
    return ui_hash_bytes(h, &n, sizeof n);
}

void ui_push_id(ui_context *ui, const char *label)
{
    ui_id id = ui_get_id(ui, label);
    if (ui->id_depth < UI_ID_DEPTH)
        ui->id_stack[ui->id_depth++] = id;
}

void ui_push_id_int(ui_context *ui, int n)
{
    ui_id id = ui_hash_bytes(id_seed(ui), &n, sizeof n);
    if (ui->id_depth < UI_ID_DEPTH)
        ui->id_stack[ui->id_depth++] = id;
}

void ui_pop_id(ui_context *ui)
{
    if (ui->id_depth > 0)
        ui->id_depth--;
}

/* ---- input -------------------------------------------------------------------------------------- */

int ui_mouse_in(const ui_context *ui, ui_rect r)
{
    float mx = ui->in.mouse_x, my = ui->in.mouse_y;
    if (!ui_rect_contains(r, mx, my) || !ui_rect_contains(ui->clips[ui->clip_depth - 1], mx, my))
        return 0;
    if (ui->layer == 0 && (ui->modal || ui_rect_contains(ui->blocker, mx, my)))
        return 0;
    return 1;
}

int ui_interact(ui_context *ui, ui_id id, ui_rect r)
{
    int over = ui_mouse_in(ui, r);
    if (over && (ui->active == 0 || ui->active == id))
        ui->hot = id;
    if (over && ui->in.mouse_pressed && ui->active == 0)
        ui->active = id;
    int clicked = 0;
    if (ui->active == id && ui->in.mouse_released) {
        clicked = over;
        ui->active = 0;
    }
    return clicked;
}

/* ---- charts' menu --------------------------------------------------------------------------------- */

void ui_note_panel(ui_context *ui, ui_rect r)
{
    if (ui->n_panels < (int)(sizeof ui->panels / sizeof ui->panels[0]))
        ui->panels[ui->n_panels++] = r;
}

void ui_chart_area(ui_context *ui, ui_rect r)
{
    if (!ui->in.right_pressed || !ui_mouse_in(ui, r))
        return;
    ui->chart_menu = 1;
    ui->chart_rect = r;
    ui->chart_menu_x = ui->in.mouse_x;
    ui->chart_menu_y = ui->in.mouse_y;
}
