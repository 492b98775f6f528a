/* ui_draw.c — the command list, and the shapes, clips, layers and images drawn into it. */
#include "ui.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ui_internal.h"

#define PI_F 3.14159265f

/* ---- the command list --------------------------------------------------------------------------- */

/* Both layers' command lists doubled, up to UI_MAX_CMDS: a scatter plot's dots are a command each. */
static int grow_cmds(ui_context *ui)
{
    int cap = ui->cap_cmds * 2;
    if (cap > UI_MAX_CMDS)
        return -1;
    for (int l = 0; l < UI_LAYERS; l++) {
        ui_cmd *c = realloc(ui->cmds[l], (size_t)cap * sizeof *c);
        if (!c)
            return -1;
        ui->cmds[l] = c;
    }
    ui->cap_cmds = cap;
    return 0;
}

ui_cmd *ui_push_cmd(ui_context *ui, ui_cmd_kind kind)
{
    int l = ui->layer;
    if (ui->ncmds[l] >= ui->cap_cmds && grow_cmds(ui) < 0) {
        ui->overflowed = 1;
        return NULL;
    }
    ui_cmd *c = &ui->cmds[l][ui->ncmds[l]++];
    memset(c, 0, sizeof *c);
    c->kind = kind;
    return c;
}

/* The vertex buffer at least `need` vertices: doubled, up to UI_MAX_VERTS. A frame that needs
 * more than any before it grows the buffer once, and later frames allocate nothing. Demo mode's
 * thick lines made two lessons' worth of loss curves pass the first size, and the last chart
 * drawn (the deep model's, lesson 3) came out empty. 0, or -1 when it cannot grow. */
static int grow_verts(ui_context *ui, int need)
{
    if (need > UI_MAX_VERTS)
        return -1;
    int cap = ui->cap_verts;
    while (cap < need)
        cap = cap * 2 < UI_MAX_VERTS ? cap * 2 : UI_MAX_VERTS;
    ui_vertex *v = realloc(ui->verts, (size_t)cap * sizeof *v);
    if (!v)
        return -1;
    ui->verts = v;
    ui->cap_verts = cap;
    return 0;
}

/* Room for n more vertices of triangles, merged into the layer's last TRIS command when they
 * follow it in the vertex buffer, so that a frame replays as few draw calls as possible. The
 * pointer is valid until the next push (the buffer may move as it grows). */
ui_vertex *ui_push_tris(ui_context *ui, int n)
{
    if (ui->nverts + n > ui->cap_verts && grow_verts(ui, ui->nverts + n) < 0) {
        ui->overflowed = 1;
        return NULL;
    }
    int l = ui->layer;
    ui_cmd *last = ui->ncmds[l] ? &ui->cmds[l][ui->ncmds[l] - 1] : NULL;
    if (last && last->kind == UI_CMD_TRIS && last->first + last->count == ui->nverts)
        last->count += n;
    else {
        ui_cmd *c = ui_push_cmd(ui, UI_CMD_TRIS);
        if (!c)
            return NULL;
        c->first = ui->nverts;
        c->count = n;
    }
    ui_vertex *v = ui->verts + ui->nverts;
    ui->nverts += n;
    return v;
}

void ui_emit_clip(ui_context *ui)
{
    ui_cmd *c = ui_push_cmd(ui, UI_CMD_CLIP);
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
    ui->clip_allow[ui->clip_depth] = ui->clip_allow[ui->clip_depth - 1];
    ui->clip_depth++;
    ui_emit_clip(ui);
}

void ui_clip_allow(ui_context *ui, int flags)
{
    ui->clip_allow[ui->clip_depth - 1] |= (unsigned char)flags;
}

void ui_pop_clip(ui_context *ui)
{
    if (ui->clip_depth > 1)
        ui->clip_depth--;
    ui_emit_clip(ui);
}

void ui_set_layer(ui_context *ui, int layer)
{
    if (layer == ui->layer)
        return;
    if (layer == 1) {
        /* the overlay is not clipped by the panel that opened it */
        ui->layer = 1;
        if (ui->clip_depth < UI_CLIP_DEPTH) {
            ui->clip_allow[ui->clip_depth] = 0;
            ui->clips[ui->clip_depth++] = (ui_rect){ 0, 0, ui->width, ui->height };
        }
        ui_emit_clip(ui);
    } else {
        if (ui->clip_depth > 1)
            ui->clip_depth--;
        ui->layer = 0;
        ui_emit_clip(ui);
    }
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
    ui_cmd *cmd = ui_push_cmd(ui, UI_CMD_RECT);
    if (!cmd)
        return;
    cmd->rect = r;
    cmd->color = c;
    if (ui->check && c.a == 255)
        ui_check_shape(ui, r);
}

void ui_fill_gradient(ui_context *ui, ui_rect r, ui_color tl, ui_color tr, ui_color br, ui_color bl)
{
    ui_vertex *v = ui_push_tris(ui, 6);
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
    ui_vertex *v = ui_push_tris(ui, 3);
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
    ui_vertex *v = ui_push_tris(ui, (n - 2) * 3 + n * 6);
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

/* The triangles pushed since the layer had cmds commands and the buffer first vertices, as one
 * command of their own of this kind (ui_push_tris merged them into the last TRIS command, or began
 * one), for the rasteriser to draw as the shape they are; NULL when nothing was pushed. */
static ui_cmd *own_command(ui_context *ui, ui_cmd_kind kind, int cmds, int first)
{
    int l = ui->layer, count = ui->nverts - first;
    if (count <= 0)
        return NULL;
    ui_cmd *d = NULL;
    if (ui->ncmds[l] > cmds)
        d = &ui->cmds[l][ui->ncmds[l] - 1];
    else if ((d = ui_push_cmd(ui, kind)) != NULL)
        ui->cmds[l][ui->ncmds[l] - 2].count -= count;
    if (d)
        d->kind = kind, d->first = first, d->count = count;
    return d;
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
    int cmds = ui->ncmds[ui->layer], first = ui->nverts;
    fill_convex(ui, pts, n, c);
    ui_cmd *d = own_command(ui, UI_CMD_DISC, cmds, first);
    if (d) {
        d->rect = (ui_rect){ cx - r, cy - r, 2 * r, 2 * r };
        d->color = c;
    }
}

void ui_stroke_circle(ui_context *ui, float cx, float cy, float r, float w, ui_color c)
{
    int n = circle_segments(r + w);
    ui_vertex *v = ui_push_tris(ui, n * 18);
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
    ui_vertex *v = ui_push_tris(ui, SEG * 9);
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
    int cmds = ui->ncmds[ui->layer], first = ui->nverts;
    ui_vertex *v = ui_push_tris(ui, 18);
    if (!v)
        return;
    ui_cmd *d = own_command(ui, UI_CMD_LINE, cmds, first);
    if (d) {
        d->rect = (ui_rect){ x0, y0, x1, y1 };
        d->width = w;
        d->color = c;
    }
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
    ui_cmd *c = ui_push_cmd(ui, UI_CMD_IMAGE);
    if (!c)
        return;
    c->rect = r;
    c->image = img;
    c->color = (ui_color){ 255, 255, 255, 255 };
    if (ui->check)
        ui_check_shape(ui, r);
}
