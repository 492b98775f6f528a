/* raster.c — the command list drawn on the CPU: rectangles, triangles row by row, glyphs from the
 * atlases, scaled images; straight-alpha blending over an opaque frame. */
#include "raster.h"

#include <SDL.h>
#include <math.h>
#include <string.h>

#include "font.h"

typedef struct clip { int x0, y0, x1, y1; } clip; /* x1, y1 exclusive */

/* round(x / 255) for x in 0..65535, without a division */
static inline int div255(int x)
{
    x += 128;
    return (x + (x >> 8)) >> 8;
}

static inline void blend(uint8_t *p, int r, int g, int b, int a)
{
    if (a <= 0)
        return;
    if (a >= 255) {
        p[0] = (uint8_t)r, p[1] = (uint8_t)g, p[2] = (uint8_t)b;
        return;
    }
    int ia = 255 - a;
    p[0] = (uint8_t)div255(r * a + p[0] * ia);
    p[1] = (uint8_t)div255(g * a + p[1] * ia);
    p[2] = (uint8_t)div255(b * a + p[2] * ia);
}

static inline int clampi(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

static inline uint8_t *pixel(const raster_target *t, int x, int y)
{
    return t->pixels + (size_t)y * (size_t)t->pitch + (size_t)x * 4;
}

/* ---- rectangles --------------------------------------------------------------------------------- */

static void fill_rect(const raster_target *t, const clip *cl, ui_rect r, ui_color c)
{
    int x0 = (int)lroundf(r.x), y0 = (int)lroundf(r.y);
    int x1 = (int)lroundf(r.x + r.w), y1 = (int)lroundf(r.y + r.h);
    x0 = x0 < cl->x0 ? cl->x0 : x0, y0 = y0 < cl->y0 ? cl->y0 : y0;
    x1 = x1 > cl->x1 ? cl->x1 : x1, y1 = y1 > cl->y1 ? cl->y1 : y1;
    if (x0 >= x1 || y0 >= y1 || c.a == 0)
        return;
    if (c.a == 255) {
        uint8_t px[4] = { c.r, c.g, c.b, 255 };
        uint32_t v;
        memcpy(&v, px, 4);
        for (int y = y0; y < y1; y++) {
            uint32_t *row = (uint32_t *)(void *)pixel(t, x0, y);
            for (int x = 0; x < x1 - x0; x++)
                row[x] = v;
        }
        return;
    }
    for (int y = y0; y < y1; y++) {
        uint8_t *p = pixel(t, x0, y);
        for (int x = x0; x < x1; x++, p += 4)
            blend(p, c.r, c.g, c.b, c.a);
    }
}

/* ---- triangles ---------------------------------------------------------------------------------- */

static inline float minf(float a, float b) { return a < b ? a : b; }
static inline float maxf(float a, float b) { return a > b ? a : b; }

/* Fills the pixels whose centres fall inside the triangle, row by row over its span only (a long
 * thin feather along a diagonal covers few pixels of a large bounding box). Spans are half-open,
 * so that two triangles sharing an edge never both draw a pixel: a seam would show where the
 * feathers blend twice. Colours are interpolated as planes over the triangle. */
static void fill_triangle(const raster_target *t, const clip *cl, const ui_vertex *a, const ui_vertex *b,
                          const ui_vertex *c)
{
    float area = (b->x - a->x) * (c->y - a->y) - (c->x - a->x) * (b->y - a->y);
    if (area < 1e-4f && area > -1e-4f)
        return;
    /* top to bottom: v0, v1, v2 */
    const ui_vertex *v0 = a, *v1 = b, *v2 = c, *tmp;
    if (v1->y < v0->y)
        tmp = v0, v0 = v1, v1 = tmp;
    if (v2->y < v1->y)
        tmp = v1, v1 = v2, v2 = tmp;
    if (v1->y < v0->y)
        tmp = v0, v0 = v1, v1 = tmp;
    int y0 = (int)ceilf(v0->y - 0.5f), y1 = (int)ceilf(v2->y - 0.5f);
    y0 = y0 < cl->y0 ? cl->y0 : y0, y1 = y1 > cl->y1 ? cl->y1 : y1;
    if (y0 >= y1)
        return;
    int same_rgb = a->c.r == b->c.r && a->c.r == c->c.r && a->c.g == b->c.g && a->c.g == c->c.g &&
                   a->c.b == b->c.b && a->c.b == c->c.b;
    int same_a = a->c.a == b->c.a && a->c.a == c->c.a;
    if (same_rgb && same_a && a->c.a == 0)
        return;
    /* the colour planes, when the colour varies: value = v_a + d/dx (x - a.x) + d/dy (y - a.y) */
    float va[4] = { a->c.r, a->c.g, a->c.b, a->c.a }, ddx[4] = { 0 }, ddy[4] = { 0 };
    if (!(same_rgb && same_a)) {
        float vb[4] = { b->c.r, b->c.g, b->c.b, b->c.a }, vc[4] = { c->c.r, c->c.g, c->c.b, c->c.a };
        float inv = 1.0f / area;
        for (int k = same_rgb ? 3 : 0; k < 4; k++) {
            ddx[k] = ((vb[k] - va[k]) * (c->y - a->y) - (vc[k] - va[k]) * (b->y - a->y)) * inv;
            ddy[k] = ((vc[k] - va[k]) * (b->x - a->x) - (vb[k] - va[k]) * (c->x - a->x)) * inv;
        }
    }
    /* the long edge v0-v2 on one side; v0-v1 then v1-v2 on the other */
    float s02 = (v2->x - v0->x) / (v2->y - v0->y);
    float s01 = v1->y > v0->y ? (v1->x - v0->x) / (v1->y - v0->y) : 0;
    float s12 = v2->y > v1->y ? (v2->x - v1->x) / (v2->y - v1->y) : 0;
    for (int y = y0; y < y1; y++) {
        float yc = (float)y + 0.5f;
        float xa = v0->x + (yc - v0->y) * s02;
        float xb = yc < v1->y ? v0->x + (yc - v0->y) * s01 : v1->x + (yc - v1->y) * s12;
        float xl = minf(xa, xb), xr = maxf(xa, xb);
        int x0 = (int)ceilf(xl - 0.5f), x1 = (int)ceilf(xr - 0.5f);
        x0 = x0 < cl->x0 ? cl->x0 : x0, x1 = x1 > cl->x1 ? cl->x1 : x1;
        if (x0 >= x1)
            continue;
        uint8_t *p = pixel(t, x0, y);
        float fx = (float)x0 + 0.5f - a->x, fy = yc - a->y;
        if (same_rgb && same_a) {
            for (int x = x0; x < x1; x++, p += 4)
                blend(p, a->c.r, a->c.g, a->c.b, a->c.a);
        } else if (same_rgb) {
            /* the feathers: one colour fading out */
            float al = va[3] + ddx[3] * fx + ddy[3] * fy;
            for (int x = x0; x < x1; x++, p += 4, al += ddx[3]) {
                int ai = (int)(al + 0.5f);
                blend(p, a->c.r, a->c.g, a->c.b, ai < 0 ? 0 : ai > 255 ? 255 : ai);
            }
        } else {
            float cv[4];
            for (int k = 0; k < 4; k++)
                cv[k] = va[k] + ddx[k] * fx + ddy[k] * fy;
            for (int x = x0; x < x1; x++, p += 4) {
                int ci[4];
                for (int k = 0; k < 4; k++) {
                    int q = (int)(cv[k] + 0.5f);
                    ci[k] = q < 0 ? 0 : q > 255 ? 255 : q;
                    cv[k] += ddx[k];
                }
                blend(p, ci[0], ci[1], ci[2], ci[3]);
            }
        }
    }
}

/* ---- discs --------------------------------------------------------------------------------------- */

/* A disc of radius r (the square r's half side) with the edge that fill_convex's feather gives:
 * full inside r, fading to nothing one pixel out, from each pixel centre's distance. */
static void fill_disc(const raster_target *t, const clip *cl, ui_rect sq, ui_color c)
{
    float r = sq.w / 2, cx = sq.x + r, cy = sq.y + r;
    int x0 = (int)floorf(cx - r - 1), x1 = (int)ceilf(cx + r + 1);
    int y0 = (int)floorf(cy - r - 1), y1 = (int)ceilf(cy + r + 1);
    x0 = x0 < cl->x0 ? cl->x0 : x0, y0 = y0 < cl->y0 ? cl->y0 : y0;
    x1 = x1 > cl->x1 ? cl->x1 : x1, y1 = y1 > cl->y1 ? cl->y1 : y1;
    float inner = r * r, outer = (r + 1) * (r + 1);
    for (int y = y0; y < y1; y++) {
        float dy = (float)y + 0.5f - cy;
        uint8_t *p = pixel(t, x0, y);
        for (int x = x0; x < x1; x++, p += 4) {
            float dx = (float)x + 0.5f - cx, d2 = dx * dx + dy * dy;
            if (d2 >= outer)
                continue;
            int a = d2 <= inner ? c.a : (int)((float)c.a * (r + 1 - sqrtf(d2)) + 0.5f);
            blend(p, c.r, c.g, c.b, a);
        }
    }
}

/* ---- lines -------------------------------------------------------------------------------------- */

/* The x interval where lo <= a x + b < hi, intersected with [*xl, *xr). */
static void keep_between(float a, float b, float lo, float hi, float *xl, float *xr)
{
    if (a > -1e-9f && a < 1e-9f) {
        if (b < lo || b >= hi)
            *xr = *xl;
        return;
    }
    float p = (lo - b) / a, q = (hi - b) / a;
    *xl = maxf(*xl, minf(p, q));
    *xr = minf(*xr, maxf(p, q));
}

/* ui_line's band in one pass a row: from x0,y0 to x1,y1 (rect's four numbers), a solid core
 * width - 1 pixels wide and a pixel of feather each side, square ends, as its six triangles give. */
static void fill_line(const raster_target *t, const clip *cl, ui_rect ends, float width, ui_color c)
{
    float x0 = ends.x, y0 = ends.y, dx = ends.w - x0, dy = ends.h - y0, len = sqrtf(dx * dx + dy * dy);
    if (len < 1e-4f)
        return;
    float ux = dx / len, uy = dy / len, nx = -uy, ny = ux;
    float core = maxf(width - 1, 0) * 0.5f, fade = core + 1;
    int alpha = width < 1 ? (int)((float)c.a * width + 0.5f) : c.a;
    int ya = (int)floorf(minf(y0, ends.h) - fade), yb = (int)ceilf(maxf(y0, ends.h) + fade);
    ya = ya < cl->y0 ? cl->y0 : ya, yb = yb > cl->y1 ? cl->y1 : yb;
    for (int y = ya; y < yb; y++) {
        float yc = (float)y + 0.5f - y0, xl = (float)cl->x0 + 0.5f, xr = (float)cl->x1 + 0.5f;
        /* pixel centres x + 0.5 with |distance| < fade and 0 <= position along < len */
        keep_between(nx, ny * yc - nx * x0, -fade, fade, &xl, &xr);
        keep_between(ux, uy * yc - ux * x0, 0, len, &xl, &xr);
        int xa = (int)ceilf(xl - 0.5f), xe = (int)ceilf(xr - 0.5f);
        xa = xa < cl->x0 ? cl->x0 : xa, xe = xe > cl->x1 ? cl->x1 : xe;
        if (xa >= xe)
            continue;
        float d = nx * ((float)xa + 0.5f - x0) + ny * yc;
        uint8_t *p = pixel(t, xa, y);
        for (int x = xa; x < xe; x++, p += 4, d += nx) {
            float cover = fade - fabsf(d);
            int a = cover >= 1 ? alpha : cover <= 0 ? 0 : (int)((float)alpha * cover + 0.5f);
            blend(p, c.r, c.g, c.b, a);
        }
    }
}

/* ---- text --------------------------------------------------------------------------------------- */

static void blit_glyph(const raster_target *t, const clip *cl, const SDL_Surface *atlas, const font_glyph *g,
                       int gx, int gy, ui_color c)
{
    int x0 = gx < cl->x0 ? cl->x0 : gx, y0 = gy < cl->y0 ? cl->y0 : gy;
    int x1 = gx + g->w > cl->x1 ? cl->x1 : gx + g->w, y1 = gy + g->h > cl->y1 ? cl->y1 : gy + g->h;
    for (int y = y0; y < y1; y++) {
        const uint8_t *src = (const uint8_t *)atlas->pixels +
                             (size_t)(g->ay + y - gy) * (size_t)atlas->pitch + (size_t)(g->ax + x0 - gx) * 4 +
                             3; /* the alpha byte: coverage */
        uint8_t *p = pixel(t, x0, y);
        for (int x = x0; x < x1; x++, p += 4, src += 4)
            if (*src)
                blend(p, c.r, c.g, c.b, div255(*src * c.a));
    }
}

static void draw_text(const raster_target *t, const clip *cl, ui_context *ui, const ui_cmd *cmd)
{
    ui_font *f = ui->fonts[cmd->font];
    if (!f)
        return;
    int y = (int)cmd->rect.y;
    if (y >= cl->y1 || y + font_height(f) <= cl->y0)
        return;
    for (font_run r = font_run_start(f, ui->text + cmd->first, cmd->count, cmd->rect.x); font_run_next(&r);) {
        if (r.glyph->w > 0)
            blit_glyph(t, cl, f->atlas, r.glyph, (int)roundf(r.x) + r.glyph->xoff, y, cmd->color);
        if (r.pen > (float)cl->x1)
            break;
    }
}

/* ---- images ------------------------------------------------------------------------------------- */

/* One axis of a bilinear sample for each pixel of a span: the two texels around the sample and the
 * second one's weight in 1/256ths. */
typedef struct taps { int16_t lo, hi, w; } taps; /* images and spans under 4096 pixels */

static void sample_taps(taps *out, int n, float first, float step, int size)
{
    for (int i = 0; i < n; i++) {
        float f = first + step * (float)i - 0.5f;
        int k = (int)floorf(f);
        out[i] = (taps){ (int16_t)clampi(k, 0, size - 1), (int16_t)clampi(k + 1, 0, size - 1),
                         (int16_t)clampi((int)lroundf((f - (float)k) * 256), 0, 256) };
    }
}

/* Bilinear in fixed point, the columns' taps worked out once per image: the neurons' maps and the
 * decision map are a fifth of a Playground frame's pixels, drawn every frame. */
static void draw_smooth(const raster_target *t, int x0, int y0, int x1, int y1, ui_rect r, const ui_image *img)
{
    taps cols[4096]; /* on the stack: two threads may rasterise at once (a screenshot, the window) */
    float sx = (float)img->w / r.w, sy = (float)img->h / r.h;
    sample_taps(cols, x1 - x0, ((float)x0 + 0.5f - r.x) * sx, sx, img->w);
    for (int y = y0; y < y1; y++) {
        taps row;
        sample_taps(&row, 1, ((float)y + 0.5f - r.y) * sy, sy, img->h);
        const uint8_t *top = img->rgba + (size_t)row.lo * (size_t)img->w * 4;
        const uint8_t *bot = img->rgba + (size_t)row.hi * (size_t)img->w * 4;
        uint8_t *p = pixel(t, x0, y);
        for (int i = 0; i < x1 - x0; i++, p += 4) {
            const taps *c = &cols[i];
            const uint8_t *a = top + c->lo * 4, *b = top + c->hi * 4, *d = bot + c->lo * 4, *e = bot + c->hi * 4;
            int v[4];
            for (int k = 0; k < 4; k++) {
                int up = a[k] * (256 - c->w) + b[k] * c->w, down = d[k] * (256 - c->w) + e[k] * c->w;
                v[k] = (up * (256 - row.w) + down * row.w + 32768) >> 16;
            }
            blend(p, v[0], v[1], v[2], v[3]);
        }
    }
}

static void draw_image(const raster_target *t, const clip *cl, ui_rect r, const ui_image *img)
{
    if (r.w <= 0 || r.h <= 0)
        return;
    int x0 = (int)ceilf(r.x - 0.5f), y0 = (int)ceilf(r.y - 0.5f);
    int x1 = (int)ceilf(r.x + r.w - 0.5f), y1 = (int)ceilf(r.y + r.h - 0.5f);
    x0 = x0 < cl->x0 ? cl->x0 : x0, y0 = y0 < cl->y0 ? cl->y0 : y0;
    x1 = x1 > cl->x1 ? cl->x1 : x1, y1 = y1 > cl->y1 ? cl->y1 : y1;
    if (x0 >= x1 || y0 >= y1)
        return;
    if (img->smooth && x1 - x0 <= 4096 && img->w <= 4096 && img->h <= 4096) {
        draw_smooth(t, x0, y0, x1, y1, r, img);
        return;
    }
    float sx = (float)img->w / r.w, sy = (float)img->h / r.h;
    for (int y = y0; y < y1; y++) {
        float v = ((float)y + 0.5f - r.y) * sy;
        uint8_t *p = pixel(t, x0, y);
        for (int x = x0; x < x1; x++, p += 4) {
            float u = ((float)x + 0.5f - r.x) * sx;
            if (!img->smooth) {
                int iu = clampi((int)u, 0, img->w - 1), iv = clampi((int)v, 0, img->h - 1);
                const uint8_t *s = img->rgba + ((size_t)iv * (size_t)img->w + (size_t)iu) * 4;
                blend(p, s[0], s[1], s[2], s[3]);
                continue;
            }
            /* bilinear, between the four texel centres around the sample (spans wider than 4096) */
            float fu = u - 0.5f, fv = v - 0.5f;
            int iu = (int)floorf(fu), iv = (int)floorf(fv);
            float du = fu - (float)iu, dv = fv - (float)iv;
            int u0 = clampi(iu, 0, img->w - 1), u1 = clampi(iu + 1, 0, img->w - 1);
            int v0 = clampi(iv, 0, img->h - 1), v1 = clampi(iv + 1, 0, img->h - 1);
            const uint8_t *s00 = img->rgba + ((size_t)v0 * (size_t)img->w + (size_t)u0) * 4;
            const uint8_t *s01 = img->rgba + ((size_t)v0 * (size_t)img->w + (size_t)u1) * 4;
            const uint8_t *s10 = img->rgba + ((size_t)v1 * (size_t)img->w + (size_t)u0) * 4;
            const uint8_t *s11 = img->rgba + ((size_t)v1 * (size_t)img->w + (size_t)u1) * 4;
            int c[4];
            for (int k = 0; k < 4; k++) {
                float top = (float)s00[k] + ((float)s01[k] - (float)s00[k]) * du;
                float bot = (float)s10[k] + ((float)s11[k] - (float)s10[k]) * du;
                c[k] = (int)(top + (bot - top) * dv + 0.5f);
            }
            blend(p, c[0], c[1], c[2], c[3]);
        }
    }
}

/* ---- replay ------------------------------------------------------------------------------------- */

static clip to_clip(const raster_target *t, ui_rect r)
{
    clip c = { (int)floorf(r.x), (int)floorf(r.y), (int)ceilf(r.x + r.w), (int)ceilf(r.y + r.h) };
    c.x0 = c.x0 < 0 ? 0 : c.x0, c.y0 = c.y0 < 0 ? 0 : c.y0;
    c.x1 = c.x1 > t->w ? t->w : c.x1, c.y1 = c.y1 > t->h ? t->h : c.y1;
    return c;
}

void raster_frame(const raster_target *t, ui_context *ui)
{
    ui_color bg = ui->theme.bg;
    uint8_t px[4] = { bg.r, bg.g, bg.b, 255 };
    uint32_t v;
    memcpy(&v, px, 4);
    for (int y = 0; y < t->h; y++) {
        uint32_t *row = (uint32_t *)(void *)(t->pixels + (size_t)y * (size_t)t->pitch);
        for (int x = 0; x < t->w; x++)
            row[x] = v;
    }
    for (int l = 0; l < UI_LAYERS; l++) {
        clip cl = { 0, 0, t->w, t->h };
        for (int i = 0; i < ui->ncmds[l]; i++) {
            const ui_cmd *c = &ui->cmds[l][i];
            switch (c->kind) {
            case UI_CMD_CLIP:
                cl = to_clip(t, c->rect);
                break;
            case UI_CMD_RECT:
                fill_rect(t, &cl, c->rect, c->color);
                break;
            case UI_CMD_TRIS:
                for (int k = 0; k + 2 < c->count; k += 3) {
                    const ui_vertex *vx = ui->verts + c->first + k;
                    fill_triangle(t, &cl, vx, vx + 1, vx + 2);
                }
                break;
            case UI_CMD_DISC:
                fill_disc(t, &cl, c->rect, c->color);
                break;
            case UI_CMD_LINE:
                fill_line(t, &cl, c->rect, c->width, c->color);
                break;
            case UI_CMD_TEXT:
                draw_text(t, &cl, ui, c);
                break;
            case UI_CMD_IMAGE:
                draw_image(t, &cl, c->rect, c->image);
                break;
            }
        }
    }
}
