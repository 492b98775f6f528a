/* ui.c — the immediate-mode widget layer: command list, drawing, layout, widgets. */
#include "ui.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "font.h"

/* Sizes of the command list. A busy frame (the MNIST network viewer with its connections, two
 * charts and a panel of widgets) uses about 60,000 vertices. */
enum { CAP_CMDS = 8192, CAP_VERTS = 1 << 18, CAP_TEXT = 1 << 17 };

#define PI_F 3.14159265f

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
                     [UI_FONT_ITALIC] = 14, [UI_FONT_CODE] = 12 },
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

/* ---- the command list --------------------------------------------------------------------------- */

static ui_cmd *push_cmd(ui_context *ui, ui_cmd_kind kind)
{
    int l = ui->layer;
    if (ui->ncmds[l] >= ui->cap_cmds) {
        ui->overflowed = 1;
        return NULL;
    }
    ui_cmd *c = &ui->cmds[l][ui->ncmds[l]++];
    memset(c, 0, sizeof *c);
    c->kind = kind;
    return c;
}

/* Room for n more vertices of triangles, merged into the layer's last TRIS command when they
 * follow it in the vertex buffer, so that a frame replays as few draw calls as possible. */
static ui_vertex *push_tris(ui_context *ui, int n)
{
    if (ui->nverts + n > ui->cap_verts) {
        ui->overflowed = 1;
        return NULL;
    }
    int l = ui->layer;
    ui_cmd *last = ui->ncmds[l] ? &ui->cmds[l][ui->ncmds[l] - 1] : NULL;
    if (last && last->kind == UI_CMD_TRIS && last->first + last->count == ui->nverts)
        last->count += n;
    else {
        ui_cmd *c = push_cmd(ui, UI_CMD_TRIS);
        if (!c)
            return NULL;
        c->first = ui->nverts;
        c->count = n;
    }
    ui_vertex *v = ui->verts + ui->nverts;
    ui->nverts += n;
    return v;
}

static void emit_clip(ui_context *ui)
{
    ui_cmd *c = push_cmd(ui, UI_CMD_CLIP);
    if (c)
        c->rect = ui->clips[ui->clip_depth - 1];
}

ui_rect ui_rect_intersect(ui_rect a, ui_rect b)
{
    float x0 = fmaxf(a.x, b.x), y0 = fmaxf(a.y, b.y);
    float x1 = fminf(a.x + a.w, b.x + b.w), y1 = fminf(a.y + a.h, b.y + b.h);
    return (ui_rect){ x0, y0, fmaxf(0, x1 - x0), fmaxf(0, y1 - y0) };
}

ui_rect ui_rect_inset(ui_rect r, float d)
{
    return (ui_rect){ r.x + d, r.y + d, fmaxf(0, r.w - 2 * d), fmaxf(0, r.h - 2 * d) };
}

int ui_rect_contains(ui_rect r, float x, float y)
{
    return x >= r.x && y >= r.y && x < r.x + r.w && y < r.y + r.h;
}

void ui_push_clip(ui_context *ui, ui_rect r)
{
    if (ui->clip_depth >= UI_CLIP_DEPTH) {
        ui->overflowed = 1;
        return;
    }
    ui->clips[ui->clip_depth] = ui_rect_intersect(r, ui->clips[ui->clip_depth - 1]);
    ui->clip_depth++;
    emit_clip(ui);
}

void ui_pop_clip(ui_context *ui)
{
    if (ui->clip_depth > 1)
        ui->clip_depth--;
    emit_clip(ui);
}

void ui_set_layer(ui_context *ui, int layer)
{
    if (layer == ui->layer)
        return;
    if (layer == 1) {
        /* the overlay is not clipped by the panel that opened it */
        ui->layer = 1;
        if (ui->clip_depth < UI_CLIP_DEPTH)
            ui->clips[ui->clip_depth++] = (ui_rect){ 0, 0, ui->width, ui->height };
        emit_clip(ui);
    } else {
        if (ui->clip_depth > 1)
            ui->clip_depth--;
        ui->layer = 0;
        emit_clip(ui);
    }
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
    ui->layer = 0;
    ui->id_depth = 0;
    ui->layout_depth = 0;
    ui->clip_depth = 1;
    ui->clips[0] = (ui_rect){ 0, 0, width, height };
    ui->hot = 0;
    ui->label_w = 0;
    ui->next_blocker = (ui_rect){ 0 };
    ui->next_modal = 0;
    for (int l = 1; l >= 0; l--) {
        ui->layer = l;
        emit_clip(ui);
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

static ui_id hash_bytes(ui_id h, const void *p, size_t n)
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
    return hash_bytes(id_seed(ui), label, strlen(label));
}

ui_id ui_get_id_int(ui_context *ui, const char *label, int n)
{
    ui_id h = hash_bytes(id_seed(ui), label, strlen(label));
    return hash_bytes(h, &n, sizeof n);
}

void ui_push_id(ui_context *ui, const char *label)
{
    ui_id id = ui_get_id(ui, label);
    if (ui->id_depth < UI_ID_DEPTH)
        ui->id_stack[ui->id_depth++] = id;
}

void ui_push_id_int(ui_context *ui, int n)
{
    ui_id id = hash_bytes(id_seed(ui), &n, sizeof n);
    if (ui->id_depth < UI_ID_DEPTH)
        ui->id_stack[ui->id_depth++] = id;
}

void ui_pop_id(ui_context *ui)
{
    if (ui->id_depth > 0)
        ui->id_depth--;
}

/* A label's visible part: what comes before "##" (the rest only makes the id unique). */
static int visible_len(const char *label)
{
    const char *h = strstr(label, "##");
    return h ? (int)(h - label) : (int)strlen(label);
}

/* ---- layout ------------------------------------------------------------------------------------- */

static ui_layout *layout(ui_context *ui)
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
    ui_layout *L = layout(ui);
    if (L->col > 0) {
        L->y += L->row_h + ui_px(ui, ui->theme.spacing);
        L->col = 0;
    }
    L->x = L->body.x;
}

void ui_row(ui_context *ui, int n, const float *widths, float h)
{
    finish_row(ui);
    ui_layout *L = layout(ui);
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
    ui_layout *L = layout(ui);
    if (L->col >= L->cols)
        finish_row(ui);
    ui_rect r = { L->x, L->y, L->widths[L->col], L->row_h };
    L->x += r.w + ui_px(ui, ui->theme.spacing);
    L->col++;
    if (r.y + r.h > L->bottom)
        L->bottom = r.y + r.h;
    return r;
}

/* A full-width rectangle h pixels high on a fresh line; the next row starts below it. */
static ui_rect take_line(ui_context *ui, float h)
{
    finish_row(ui);
    ui_layout *L = layout(ui);
    ui_rect r = { L->body.x, L->y, L->body.w, h };
    L->y += h + ui_px(ui, ui->theme.spacing);
    if (r.y + r.h > L->bottom)
        L->bottom = r.y + r.h;
    return r;
}

void ui_space(ui_context *ui, float pt)
{
    finish_row(ui);
    layout(ui)->y += ui_px(ui, pt);
}

ui_rect ui_rest(ui_context *ui)
{
    finish_row(ui);
    ui_layout *L = layout(ui);
    return (ui_rect){ L->body.x, L->y, L->body.w, fmaxf(0, L->body.y + L->body.h - L->y) };
}

/* ---- shapes ------------------------------------------------------------------------------------- */

static void vtx(ui_vertex *v, float x, float y, ui_color c)
{
    *v = (ui_vertex){ x, y, c, 0, 0 };
}

void ui_fill_rect(ui_context *ui, ui_rect r, ui_color c)
{
    if (r.w <= 0 || r.h <= 0 || c.a == 0)
        return;
    ui_cmd *cmd = push_cmd(ui, UI_CMD_RECT);
    if (!cmd)
        return;
    cmd->rect = r;
    cmd->color = c;
}

void ui_fill_gradient(ui_context *ui, ui_rect r, ui_color tl, ui_color tr, ui_color br, ui_color bl)
{
    ui_vertex *v = push_tris(ui, 6);
    if (!v)
        return;
    float x0 = r.x, y0 = r.y, x1 = r.x + r.w, y1 = r.y + r.h;
    vtx(v + 0, x0, y0, tl), vtx(v + 1, x1, y0, tr), vtx(v + 2, x1, y1, br);
    vtx(v + 3, x0, y0, tl), vtx(v + 4, x1, y1, br), vtx(v + 5, x0, y1, bl);
}

void ui_stroke_rect(ui_context *ui, ui_rect r, float w, ui_color c)
{
    ui_fill_rect(ui, (ui_rect){ r.x, r.y, r.w, w }, c);
    ui_fill_rect(ui, (ui_rect){ r.x, r.y + r.h - w, r.w, w }, c);
    ui_fill_rect(ui, (ui_rect){ r.x, r.y + w, w, r.h - 2 * w }, c);
    ui_fill_rect(ui, (ui_rect){ r.x + r.w - w, r.y + w, w, r.h - 2 * w }, c);
}

void ui_fill_triangle(ui_context *ui, float x0, float y0, float x1, float y1, float x2, float y2,
                      ui_color c)
{
    ui_vertex *v = push_tris(ui, 3);
    if (!v)
        return;
    vtx(v + 0, x0, y0, c), vtx(v + 1, x1, y1, c), vtx(v + 2, x2, y2, c);
}

/* Fills a convex polygon (points in order), with a one-pixel feather around its edge that fades
 * to transparent: SDL's triangles have no antialiasing of their own. */
static void fill_convex(ui_context *ui, const float *pts, int n, ui_color c)
{
    if (n < 3 || c.a == 0)
        return;
    ui_vertex *v = push_tris(ui, (n - 2) * 3 + n * 6);
    if (!v)
        return;
    for (int i = 1; i + 1 < n; i++, v += 3) {
        vtx(v + 0, pts[0], pts[1], c);
        vtx(v + 1, pts[2 * i], pts[2 * i + 1], c);
        vtx(v + 2, pts[2 * i + 2], pts[2 * i + 3], c);
    }
    /* the polygon's orientation decides which side of an edge is outside */
    float area = 0;
    for (int i = 0; i < n; i++) {
        int j = (i + 1) % n;
        area += pts[2 * i] * pts[2 * j + 1] - pts[2 * j] * pts[2 * i + 1];
    }
    float sgn = area > 0 ? 1.0f : -1.0f;
    ui_color clear = ui_alpha(c, 0);
    for (int i = 0; i < n; i++, v += 6) {
        int p = (i + n - 1) % n, q = (i + 1) % n;
        /* the outward normal at each end of edge i→q: the average of the neighbouring edges' */
        float ex0 = pts[2 * i] - pts[2 * p], ey0 = pts[2 * i + 1] - pts[2 * p + 1];
        float ex1 = pts[2 * q] - pts[2 * i], ey1 = pts[2 * q + 1] - pts[2 * i + 1];
        int r = (q + 1) % n;
        float ex2 = pts[2 * r] - pts[2 * q], ey2 = pts[2 * r + 1] - pts[2 * q + 1];
        float l0 = sqrtf(ex0 * ex0 + ey0 * ey0) + 1e-6f, l1 = sqrtf(ex1 * ex1 + ey1 * ey1) + 1e-6f;
        float l2 = sqrtf(ex2 * ex2 + ey2 * ey2) + 1e-6f;
        float nx0 = (ey0 / l0 + ey1 / l1) * 0.5f * sgn, ny0 = -(ex0 / l0 + ex1 / l1) * 0.5f * sgn;
        float nx1 = (ey1 / l1 + ey2 / l2) * 0.5f * sgn, ny1 = -(ex1 / l1 + ex2 / l2) * 0.5f * sgn;
        float ax = pts[2 * i], ay = pts[2 * i + 1], bx = pts[2 * q], by = pts[2 * q + 1];
        vtx(v + 0, ax, ay, c), vtx(v + 1, bx, by, c), vtx(v + 2, bx + nx1, by + ny1, clear);
        vtx(v + 3, ax, ay, c), vtx(v + 4, bx + nx1, by + ny1, clear), vtx(v + 5, ax + nx0, ay + ny0, clear);
    }
}

/* Enough sides that the edge looks round once feathered, and no more: circles are the bulk of a
 * network's triangles. */
static int circle_segments(float r)
{
    int n = (int)(r * 0.6f) + 8;
    return n > 64 ? 64 : n;
}

void ui_fill_circle(ui_context *ui, float cx, float cy, float r, ui_color c)
{
    float pts[128];
    int n = circle_segments(r);
    for (int i = 0; i < n; i++) {
        float a = 2 * PI_F * (float)i / (float)n;
        pts[2 * i] = cx + r * cosf(a);
        pts[2 * i + 1] = cy + r * sinf(a);
    }
    fill_convex(ui, pts, n, c);
}

void ui_stroke_circle(ui_context *ui, float cx, float cy, float r, float w, ui_color c)
{
    int n = circle_segments(r + w);
    ui_vertex *v = push_tris(ui, n * 18);
    if (!v)
        return;
    /* three rings: feather inside, solid core, feather outside */
    float core = fmaxf(w - 1, 0) * 0.5f, fade = core + 1;
    float radii[4] = { r - fade, r - core, r + core, r + fade };
    ui_color cols[4] = { ui_alpha(c, 0), c, c, ui_alpha(c, 0) };
    if (w < 1) {
        cols[1] = cols[2] = ui_alpha(c, w);
    }
    for (int i = 0; i < n; i++) {
        float a0 = 2 * PI_F * (float)i / (float)n, a1 = 2 * PI_F * (float)(i + 1) / (float)n;
        float c0 = cosf(a0), s0 = sinf(a0), c1 = cosf(a1), s1 = sinf(a1);
        for (int k = 0; k < 3; k++, v += 6) {
            float ri = radii[k], ro = radii[k + 1];
            vtx(v + 0, cx + ri * c0, cy + ri * s0, cols[k]);
            vtx(v + 1, cx + ro * c0, cy + ro * s0, cols[k + 1]);
            vtx(v + 2, cx + ro * c1, cy + ro * s1, cols[k + 1]);
            vtx(v + 3, cx + ri * c0, cy + ri * s0, cols[k]);
            vtx(v + 4, cx + ro * c1, cy + ro * s1, cols[k + 1]);
            vtx(v + 5, cx + ri * c1, cy + ri * s1, cols[k]);
        }
    }
}

/* A quarter disc at (cx, cy) from angle a0, its arc feathered; for the corners of round rects. */
static void fill_corner(ui_context *ui, float cx, float cy, float r, float a0, ui_color c)
{
    enum { SEG = 6 };
    ui_vertex *v = push_tris(ui, SEG * 9);
    if (!v)
        return;
    ui_color clear = ui_alpha(c, 0);
    for (int i = 0; i < SEG; i++, v += 9) {
        float t0 = a0 + PI_F * 0.5f * (float)i / SEG, t1 = a0 + PI_F * 0.5f * (float)(i + 1) / SEG;
        float c0 = cosf(t0), s0 = sinf(t0), c1 = cosf(t1), s1 = sinf(t1);
        vtx(v + 0, cx, cy, c), vtx(v + 1, cx + r * c0, cy + r * s0, c),
            vtx(v + 2, cx + r * c1, cy + r * s1, c);
        float ro = r + 1;
        vtx(v + 3, cx + r * c0, cy + r * s0, c), vtx(v + 4, cx + ro * c0, cy + ro * s0, clear);
        vtx(v + 5, cx + ro * c1, cy + ro * s1, clear);
        vtx(v + 6, cx + r * c0, cy + r * s0, c), vtx(v + 7, cx + ro * c1, cy + ro * s1, clear);
        vtx(v + 8, cx + r * c1, cy + r * s1, c);
    }
}

void ui_fill_round_rect(ui_context *ui, ui_rect r, float radius, ui_color c)
{
    radius = fminf(radius, fminf(r.w, r.h) * 0.5f);
    if (radius < 1) {
        ui_fill_rect(ui, r, c);
        return;
    }
    /* three rectangles and four corners: rectangles are what renderers fill fastest */
    float x0 = r.x, y0 = r.y, x1 = r.x + r.w, y1 = r.y + r.h;
    ui_fill_rect(ui, (ui_rect){ x0, y0 + radius, r.w, r.h - 2 * radius }, c);
    ui_fill_rect(ui, (ui_rect){ x0 + radius, y0, r.w - 2 * radius, radius }, c);
    ui_fill_rect(ui, (ui_rect){ x0 + radius, y1 - radius, r.w - 2 * radius, radius }, c);
    fill_corner(ui, x1 - radius, y1 - radius, radius, 0, c);
    fill_corner(ui, x0 + radius, y1 - radius, radius, PI_F * 0.5f, c);
    fill_corner(ui, x0 + radius, y0 + radius, radius, PI_F, c);
    fill_corner(ui, x1 - radius, y0 + radius, radius, PI_F * 1.5f, c);
}

void ui_line(ui_context *ui, float x0, float y0, float x1, float y1, float w, ui_color c)
{
    float dx = x1 - x0, dy = y1 - y0, len = sqrtf(dx * dx + dy * dy);
    if (len < 1e-4f || c.a == 0)
        return;
    ui_vertex *v = push_tris(ui, 18);
    if (!v)
        return;
    /* a solid core w-1 pixels wide and a pixel of feather on each side; thinner lines fade */
    float core = fmaxf(w - 1, 0) * 0.5f, fade = core + 1;
    ui_color cc = w < 1 ? ui_alpha(c, w) : c, clear = ui_alpha(c, 0);
    float nx = -dy / len, ny = dx / len;
    float off[4] = { -fade, -core, core, fade };
    ui_color col[4] = { clear, cc, cc, clear };
    for (int k = 0; k < 3; k++, v += 6) {
        float a = off[k], b = off[k + 1];
        vtx(v + 0, x0 + nx * a, y0 + ny * a, col[k]);
        vtx(v + 1, x1 + nx * a, y1 + ny * a, col[k]);
        vtx(v + 2, x1 + nx * b, y1 + ny * b, col[k + 1]);
        vtx(v + 3, x0 + nx * a, y0 + ny * a, col[k]);
        vtx(v + 4, x1 + nx * b, y1 + ny * b, col[k + 1]);
        vtx(v + 5, x0 + nx * b, y0 + ny * b, col[k + 1]);
    }
}

void ui_polyline(ui_context *ui, const float *xy, int n, float w, ui_color c)
{
    for (int i = 0; i + 1 < n; i++)
        ui_line(ui, xy[2 * i], xy[2 * i + 1], xy[2 * i + 2], xy[2 * i + 3], w, c);
    /* round joints hide the notches between thick segments */
    if (w >= 2.5f)
        for (int i = 1; i + 1 < n; i++)
            ui_fill_circle(ui, xy[2 * i], xy[2 * i + 1], w * 0.5f - 0.3f, c);
}

void ui_image_touch(ui_image *img)
{
    static uint32_t counter;
    img->version = ++counter;
}

void ui_draw_image(ui_context *ui, ui_rect r, const ui_image *img)
{
    if (!img || !img->rgba || img->w <= 0 || img->h <= 0)
        return;
    ui_cmd *c = push_cmd(ui, UI_CMD_IMAGE);
    if (!c)
        return;
    c->rect = r;
    c->image = img;
    c->color = (ui_color){ 255, 255, 255, 255 };
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
    return f ? (float)f->height : 16;
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
    ui_cmd *cmd = push_cmd(ui, UI_CMD_TEXT);
    if (!cmd)
        return w;
    memcpy(ui->text + ui->ntext, s, (size_t)len);
    cmd->font = font;
    cmd->first = ui->ntext;
    cmd->count = len;
    cmd->rect = (ui_rect){ roundf(x), roundf(y), w, ui_line_height(ui, font) };
    cmd->color = c;
    ui->ntext += len;
    return w;
}

void ui_draw_text_aligned(ui_context *ui, int font, const char *s, ui_rect r, int align, ui_color c)
{
    int len = visible_len(s);
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
                    }
                    break;
                }
                line_end = we;
                q = we;
            }
            if (draw)
                ui_draw_text(ui, font, p, (int)(line_end - p), x, y, c);
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
    ui_layout *L = layout(ui);
    float h = ui_wrapped_height(ui, font, text, L->body.w);
    ui_rect r = take_line(ui, h);
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
static ui_rect split_label(ui_context *ui, ui_rect r, const char *label)
{
    int n = visible_len(label);
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
    ui_rect r = split_label(ui, cell, label);
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
    ui_rect r = split_label(ui, cell, label);
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
    ui_rect r = split_label(ui, cell, label);
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
    ui_rect r = split_label(ui, cell, label);
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

int ui_tabs(ui_context *ui, const char *label, int *selected, const char *const *items, int n)
{
    ui_rect cell = ui_next(ui);
    ui_rect r = split_label(ui, cell, label);
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
    ui_id key = hash_bytes(2166136261u, text, strlen(text));
    ui->hover = key;
    if (ui->hover_prev == key && ui->in.time - ui->hover_since > 0.4)
        ui_tooltip_now(ui, text);
}

void ui_scroll_begin(ui_context *ui, const char *label, ui_rect r, float *scroll)
{
    ui_push_id(ui, label);
    ui_push_clip(ui, r);
    if (ui_mouse_in(ui, r) && ui->in.wheel != 0) {
        *scroll -= ui->in.wheel * ui_px(ui, 48);
        ui->in.wheel = 0;
    }
    if (*scroll < 0)
        *scroll = 0;
    float bar = ui_px(ui, 10);
    ui_layout_begin(ui, (ui_rect){ r.x, r.y - *scroll, r.w - bar, 1e7f });
    layout(ui)->view = r;
}

void ui_scroll_end(ui_context *ui, float *scroll)
{
    ui_layout *L = layout(ui);
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
