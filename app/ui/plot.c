/* plot.c — line and bar charts drawn with the widget layer's primitives. */
#include "plot.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lang.h"

enum { MAX_TICKS = 16 };

/* ---- ticks -------------------------------------------------------------------------------------- */

int plot_nice_ticks(float lo, float hi, int max, float *ticks, float *step_out)
{
    if (!(hi > lo) || max < 2) {
        if (step_out)
            *step_out = 1;
        if (max >= 1 && isfinite(lo)) {
            ticks[0] = lo;
            return 1;
        }
        return 0;
    }
    double span = (double)hi - lo, raw = span / (max - 1);
    double mag = pow(10, floor(log10(raw))), step = mag;
    /* the smallest of 1, 2, 5, 10 × 10^k that keeps the count under max */
    static const double mult[] = { 1, 2, 2.5, 5, 10 };
    for (int i = 0; i < 5; i++) {
        step = mult[i] * mag;
        if (floor(hi / step) - ceil(lo / step) + 1 <= max)
            break;
    }
    int n = 0;
    for (double t = ceil(lo / step - 1e-6) * step; t <= hi + step * 1e-6 && n < max; t += step)
        ticks[n++] = fabs(t) < step * 1e-6 ? 0.0f : (float)t;
    if (step_out)
        *step_out = (float)step;
    return n;
}

void plot_format_tick(char *buf, int n, float v, float step)
{
    if (step <= 0 || !isfinite(step)) {
        snprintf(buf, (size_t)n, "%g", (double)v);
        return;
    }
    if (fabsf(v) >= 1e5f || (fabsf(v) > 0 && fabsf(v) < 1e-4f)) {
        snprintf(buf, (size_t)n, "%.0e", (double)v);
        return;
    }
    int decimals = (int)ceil(-log10((double)step) - 1e-6);
    if (fmod((double)step * pow(10, decimals > 0 ? decimals : 0), 1.0) > 1e-3)
        decimals++; /* 2.5 steps need one more */
    decimals = decimals < 0 ? 0 : decimals > 6 ? 6 : decimals;
    snprintf(buf, (size_t)n, "%.*f", decimals, (double)v);
}

/* ---- mapping ------------------------------------------------------------------------------------ */

float plot_map_x(const plot_frame *f, float x)
{
    if (f->log_x)
        x = x > 0 ? log10f(x) : f->xmin - 1;
    float span = f->xmax - f->xmin;
    return f->area.x + (span != 0 ? (x - f->xmin) / span : 0.5f) * f->area.w;
}

float plot_map_y(const plot_frame *f, float y)
{
    if (f->log_y)
        y = y > 0 ? log10f(y) : f->ymin - 1;
    float span = f->ymax - f->ymin;
    return f->area.y + f->area.h - (span != 0 ? (y - f->ymin) / span : 0.5f) * f->area.h;
}

static float series_x(const plot_series *s, int i)
{
    return s->x ? s->x[i] : s->x0 + (float)i * (s->dx != 0 ? s->dx : 1);
}

/* The data's bounds over all series; returns 0 when there is nothing to show. */
static int data_bounds(const plot_series *s, int n, int log_x, int log_y, float *x0, float *x1, float *y0,
                       float *y1)
{
    int any = 0;
    *x0 = *y0 = INFINITY;
    *x1 = *y1 = -INFINITY;
    for (int k = 0; k < n; k++)
        for (int i = 0; i < s[k].n; i++) {
            float x = series_x(&s[k], i), y = s[k].y[i];
            if (!isfinite(x) || !isfinite(y) || (log_y && y <= 0) || (log_x && x <= 0))
                continue;
            any = 1;
            *x0 = fminf(*x0, x), *x1 = fmaxf(*x1, x);
            *y0 = fminf(*y0, y), *y1 = fmaxf(*y1, y);
        }
    return any;
}

/* ---- drawing ------------------------------------------------------------------------------------ */

/* The part of the line p0 + t·dv (dv a unit vector, t in 0..len) inside the clip widened by m,
 * as *lo..*hi; 0 when the line misses it. */
static int clip_span(const ui_context *ui, const float p0[2], const float dv[2], float len, float m, float *lo,
                     float *hi)
{
    ui_rect k = ui_rect_inset(ui->clips[ui->clip_depth - 1], -m);
    float kmin[2] = { k.x, k.y }, kmax[2] = { k.x + k.w, k.y + k.h };
    *lo = 0, *hi = len;
    for (int a = 0; a < 2; a++) {
        if (fabsf(dv[a]) < 1e-12f) {
            if (p0[a] < kmin[a] || p0[a] > kmax[a])
                return 0;
            continue;
        }
        float ta = (kmin[a] - p0[a]) / dv[a], tb = (kmax[a] - p0[a]) / dv[a];
        *lo = fmaxf(*lo, fminf(ta, tb));
        *hi = fminf(*hi, fmaxf(ta, tb));
    }
    return *hi > *lo;
}

void plot_dashed_line(ui_context *ui, float x0, float y0, float x1, float y1, float w, ui_color c,
                      float *phase)
{
    float on = ui_px(ui, 7), off = ui_px(ui, 4), period = on + off;
    float dx = x1 - x0, dy = y1 - y0, len = sqrtf(dx * dx + dy * dy);
    float p = *phase >= 0 && isfinite(*phase) ? fmodf(*phase, period) : 0; /* in the pattern: 0..period */
    if (!(len > 0) || !isfinite(len) || !(period > 0))
        return;
    float dv[2] = { dx / len, dy / len }, t = 0, end = len;
    if (len > 4 * (ui->width + ui->height)) {
        /* a line far longer than the frame (a curve run off to 1e30): dash only the part inside
         * the clip, or the loop takes seconds; shorter lines keep their exact dashes */
        float p0[2] = { x0, y0 }, lo, hi;
        if (!clip_span(ui, p0, dv, len, w + 1, &lo, &hi)) {
            *phase = fmodf(p + len, period);
            return;
        }
        /* the visible part, from its own start: positions far from 0 lose the dashes' precision */
        p = fmodf(p + lo, period);
        x0 += dv[0] * lo, y0 += dv[1] * lo;
        end = hi - lo;
    }
    /* Each turn ends a dash or a gap exactly, or ends the line. The position in the pattern is
     * set to the boundary rather than summed, so that no rounding leaves a sliver of dash that
     * the sum cannot step over (a phase of 53.33 and a dash ending 1e-6 further stood still). */
    for (;;) {
        int dash = p < on;
        float stop = dash ? on : period, rest = end - t, d = fminf(stop - p, rest);
        if (dash)
            ui_line(ui, x0 + dv[0] * t, y0 + dv[1] * t, x0 + dv[0] * (t + d), y0 + dv[1] * (t + d), w, c);
        if (stop - p >= rest) {
            p += rest;
            break;
        }
        t += d;
        p = dash ? on : 0;
    }
    *phase = p < period ? p : 0;
}

/* Draws the polyline (or dashes) of pts[0..np) and says the chunk is done. */
static void flush_points(ui_context *ui, const plot_series *s, const float *pts, int np, float w,
                         float *phase)
{
    if (s->dashed)
        for (int k = 0; k + 1 < np; k++)
            plot_dashed_line(ui, pts[2 * k], pts[2 * k + 1], pts[2 * k + 2], pts[2 * k + 3], w, s->color,
                             phase);
    else if (np == 1 && !s->points)
        ui_fill_circle(ui, pts[0], pts[1], w, s->color);
    else
        ui_polyline(ui, pts, np, w, s->color);
}

static void draw_series(ui_context *ui, const plot_frame *f, const plot_series *s)
{
    enum { CHUNK = 256 };
    float pts[2 * CHUNK];
    int np = 0;
    float w = ui_px(ui, s->width > 0 ? s->width : 2), phase = 0;
    /* more points than pixels only adds cost: keep about two per pixel column, and the last */
    int cols = (int)f->area.w > 1 ? (int)f->area.w : 1;
    int stride = s->n > 2 * cols ? s->n / (2 * cols) : 1;
    for (int k = 0;; k++) {
        int i = k * stride < s->n - 1 ? k * stride : s->n - 1;
        float x = series_x(s, i), y = s->y[i];
        int ok = isfinite(x) && isfinite(y) && !(f->log_y && y <= 0) && !(f->log_x && x <= 0);
        if (ok) {
            pts[2 * np] = plot_map_x(f, x);
            pts[2 * np + 1] = plot_map_y(f, y);
            np++;
            if (s->points)
                ui_fill_circle(ui, pts[2 * np - 2], pts[2 * np - 1], w * 1.4f, s->color);
        }
        int last = i == s->n - 1;
        if (!ok || np == CHUNK || last) {
            flush_points(ui, s, pts, np, w, &phase);
            /* a full chunk goes on from its last point */
            if (ok && np == CHUNK) {
                pts[0] = pts[2 * np - 2], pts[1] = pts[2 * np - 1];
                np = 1;
            } else
                np = 0;
        }
        if (last)
            break;
    }
}

static float legend_width(ui_context *ui, const plot_series *s, int n)
{
    float w = 0;
    for (int k = 0; k < n; k++)
        if (s[k].name)
            w += ui_text_width(ui, UI_FONT_SMALL, s[k].name, -1) + ui_px(ui, 32);
    return w;
}

static void draw_legend(ui_context *ui, float right, float y, const plot_series *s, int n)
{
    const ui_theme *th = &ui->theme;
    float x = right;
    for (int k = n - 1; k >= 0; k--) {
        if (!s[k].name)
            continue;
        float tw = ui_text_width(ui, UI_FONT_SMALL, s[k].name, -1), sw = ui_px(ui, 16);
        x -= tw;
        float lh = ui_line_height(ui, UI_FONT_SMALL);
        ui_draw_text(ui, UI_FONT_SMALL, s[k].name, -1, x, y, th->text);
        x -= sw + ui_px(ui, 4);
        float cy = y + lh * 0.5f;
        if (s[k].dashed) {
            float phase = 0;
            plot_dashed_line(ui, x, cy, x + sw, cy, ui_px(ui, 2.5f), s[k].color, &phase);
        } else
            ui_line(ui, x, cy, x + sw, cy, ui_px(ui, 2.5f), s[k].color);
        x -= ui_px(ui, 12);
    }
}

/* One axis: its range in drawing units (log10 of the values on a log axis) and its ticks. */
typedef struct axis {
    float lo, hi;
    int log;
    float ticks[MAX_TICKS], step;
    int n;
} axis;

/* Ticks of a log axis: every decade, with 2 and 5 between them when there are few decades. */
static void log_ticks(axis *a)
{
    static const float sub[3] = { 1, 2, 5 };
    int fine = a->hi - a->lo <= 2.5f;
    a->n = 0;
    a->step = 1;
    for (float e = floorf(a->lo); e <= ceilf(a->hi); e += 1)
        for (int k = 0; k < (fine ? 3 : 1); k++) {
            float t = e + log10f(sub[k]);
            if (t >= a->lo - 1e-4f && t <= a->hi + 1e-4f && a->n < MAX_TICKS)
                a->ticks[a->n++] = t;
        }
}

/* Sets an axis up from the data's range lo..hi; fixed: the caller gave the bounds. */
static void axis_setup(axis *a, float lo, float hi, int log, int fixed, int from_zero, int integer, int pad,
                       int max_ticks)
{
    a->log = log;
    if (log) {
        lo = log10f(lo > 0 ? lo : 1e-9f);
        hi = log10f(hi > 0 ? hi : 1e-9f);
        if (!fixed)
            lo = floorf(lo + 1e-4f), hi = ceilf(hi - 1e-4f); /* whole decades */
        if (hi <= lo)
            hi = lo + 1;
        a->lo = lo, a->hi = hi;
        log_ticks(a);
        return;
    }
    if (!fixed && from_zero)
        lo = fminf(lo, 0), hi = fmaxf(hi, 0);
    if (hi <= lo) {
        float d = fabsf(lo) > 0 ? fabsf(lo) * 0.5f : 1;
        lo -= d, hi += d;
    } else if (!fixed && pad) {
        float p = (hi - lo) * 0.06f;
        if (!(from_zero && lo == 0))
            lo -= p;
        hi += p;
    }
    a->lo = lo, a->hi = hi;
    if (integer) {
        a->n = plot_nice_ticks(ceilf(lo), floorf(hi), max_ticks, a->ticks, &a->step);
        /* whole steps only: 0.5 becomes 1, and 2.5 (epochs 0 to 9: "2.5, 5.0, 7.5") 2 or 5 */
        if (a->step != floorf(a->step)) {
            float step = a->step < 1 ? 1 : (hi - lo) / 2 <= (float)max_ticks ? 2 : 5;
            a->n = 0;
            for (float v = ceilf(lo / step) * step; v <= hi && a->n < MAX_TICKS; v += step)
                a->ticks[a->n++] = v;
            a->step = step;
        }
        return;
    }
    a->n = plot_nice_ticks(lo, hi, max_ticks, a->ticks, &a->step);
    if (!fixed && pad && a->n >= 2) {
        /* widen the range to whole steps so that the top and bottom lines carry labels */
        a->lo = fminf(lo, floorf(lo / a->step + 1e-4f) * a->step);
        a->hi = fmaxf(hi, ceilf(hi / a->step - 1e-4f) * a->step);
        a->n = plot_nice_ticks(a->lo, a->hi, max_ticks + 1, a->ticks, &a->step);
    }
}

static void tick_label(char *buf, int n, const axis *a, int i)
{
    double v = pow(10, (double)a->ticks[i]);
    if (a->log && v >= 1e6)
        snprintf(buf, (size_t)n, "%gM", v / 1e6);
    else if (a->log && v >= 1e3)
        snprintf(buf, (size_t)n, "%gk", v / 1e3);
    else if (a->log)
        snprintf(buf, (size_t)n, "%g", v);
    else
        plot_format_tick(buf, n, a->ticks[i], a->step);
    lang_decimals(buf); /* the axes speak the student's language: "0,5" in French */
}

static plot_frame draw_chart(ui_context *ui, ui_rect r, const plot_axes *ax, const plot_series *s, int n);

/* Nothing a chart draws leaves its rectangle, however small the window makes it. */
plot_frame plot_lines(ui_context *ui, ui_rect r, const plot_axes *ax, const plot_series *s, int n)
{
    ui_chart_area(ui, r); /* a right-click: Save as PNG */
    ui_push_clip(ui, r);
    plot_frame f = draw_chart(ui, r, ax, s, n);
    ui_pop_clip(ui);
    return f;
}

/* The ranges the axes show: the data's, or the axes' own where they are fixed (*fixed_x, *fixed_y),
 * or a unit range when there is no data yet. */
static void chart_range(const plot_axes *ax, const plot_series *s, int n, float range[4], int *fixed_x,
                        int *fixed_y)
{
    float x0, x1, y0, y1;
    int any = data_bounds(s, n, ax->log_x, ax->log_y, &x0, &x1, &y0, &y1);
    if (!any)
        x0 = ax->log_x ? 1 : 0, x1 = ax->log_x ? 10 : 1, y0 = ax->log_y ? 0.1f : 0, y1 = 1;
    *fixed_x = ax->xmin != ax->xmax, *fixed_y = ax->ymin != ax->ymax;
    if (*fixed_x)
        x0 = ax->xmin, x1 = ax->xmax;
    if (*fixed_y)
        y0 = ax->ymin, y1 = ax->ymax;
    if (x1 <= x0 && !ax->log_x)
        x1 = x0 + 1;
    range[0] = x0, range[1] = x1, range[2] = y0, range[3] = y1;
}

/* The title, the legend (beside it, or on a line of its own) and the y axis's label, from r's top;
 * returns where the plot area may begin. */
static float draw_chart_head(ui_context *ui, ui_rect r, const plot_axes *ax, const plot_series *s, int n)
{
    const ui_theme *th = &ui->theme;
    float pad = ui_px(ui, 8), sh = ui_line_height(ui, UI_FONT_SMALL);
    float top = r.y + pad;
    int has_legend = 0;
    for (int k = 0; k < n; k++)
        has_legend |= s[k].name != NULL;
    has_legend &= !ax->no_legend;
    if (ax->title || has_legend) {
        float tw = ax->title ? ui_text_width(ui, UI_FONT_BOLD, ax->title, -1) : 0;
        if (ax->title)
            ui_draw_text(ui, UI_FONT_BOLD, ax->title, -1, r.x + pad, top, th->text);
        if (has_legend && tw > 0 && tw + legend_width(ui, s, n) + ui_px(ui, 16) > r.w - 2 * pad) {
            /* no room beside the title: the legend goes on a line of its own */
            top += ui_line_height(ui, UI_FONT_BOLD) + ui_px(ui, 2);
        }
        if (has_legend)
            draw_legend(ui, r.x + r.w - pad, top + 1, s, n);
        top += ui_line_height(ui, UI_FONT_BOLD) + ui_px(ui, 4);
    }
    if (ax->ylabel) {
        ui_draw_text(ui, UI_FONT_SMALL, ax->ylabel, -1, r.x + pad, top, th->text_dim);
        top += sh + ui_px(ui, 2);
    }
    return top;
}

/* The grid with the y axis's tick labels, the x axis's ticks and labels, its label, the two axes. */
static void draw_chart_axes(ui_context *ui, ui_rect r, const plot_axes *ax, const plot_frame *f, const axis *xa,
                            const axis *ya)
{
    const ui_theme *th = &ui->theme;
    float sh = ui_line_height(ui, UI_FONT_SMALL);
    char buf[32];
    ui_color grid = ui_mix(th->border, th->panel, 0.45f), axis_c = ui_mix(th->text_dim, th->panel, 0.3f);
    for (int i = 0; i < ya->n; i++) {
        float y = f->area.y + f->area.h - (ya->ticks[i] - ya->lo) / (ya->hi - ya->lo) * f->area.h;
        tick_label(buf, sizeof buf, ya, i);
        ui_fill_rect(ui, (ui_rect){ f->area.x, roundf(y), f->area.w, 1 }, grid);
        float tw = ui_text_width(ui, UI_FONT_SMALL, buf, -1);
        ui_draw_text(ui, UI_FONT_SMALL, buf, -1, f->area.x - ui_px(ui, 6) - tw, y - sh * 0.5f, th->text_dim);
    }
    for (int i = 0; i < xa->n; i++) {
        float x = f->area.x + (xa->ticks[i] - xa->lo) / (xa->hi - xa->lo) * f->area.w;
        tick_label(buf, sizeof buf, xa, i);
        ui_fill_rect(ui, (ui_rect){ roundf(x), f->area.y + f->area.h, 1, ui_px(ui, 4) }, axis_c);
        float tw = ui_text_width(ui, UI_FONT_SMALL, buf, -1);
        /* centred under its tick, but the last one kept inside the frame rather than cut */
        float lx = fminf(x - tw * 0.5f, r.x + r.w - ui_px(ui, 2) - tw);
        ui_draw_text(ui, UI_FONT_SMALL, buf, -1, lx, f->area.y + f->area.h + ui_px(ui, 5), th->text_dim);
    }
    if (ax->xlabel) {
        float tw = ui_text_width(ui, UI_FONT_SMALL, ax->xlabel, -1);
        ui_draw_text(ui, UI_FONT_SMALL, ax->xlabel, -1, f->area.x + (f->area.w - tw) * 0.5f,
                     f->area.y + f->area.h + ui_px(ui, 7) + sh, th->text_dim);
    }
    ui_fill_rect(ui, (ui_rect){ f->area.x, f->area.y, 1, f->area.h + 1 }, axis_c);
    ui_fill_rect(ui, (ui_rect){ f->area.x, f->area.y + f->area.h, f->area.w, 1 }, axis_c);
}

static plot_frame draw_chart(ui_context *ui, ui_rect r, const plot_axes *ax, const plot_series *s, int n)
{
    plot_frame f = { .log_y = ax->log_y, .log_x = ax->log_x };
    float range[4];
    int fixed_x, fixed_y;
    chart_range(ax, s, n, range, &fixed_x, &fixed_y);

    /* ticks first: the widest label decides the left margin */
    axis xa, ya;
    int max_yt = (int)fmaxf(2, fminf(8, (r.h - ui_px(ui, 60)) / ui_px(ui, 26)));
    axis_setup(&ya, range[2], range[3], ax->log_y, fixed_y, ax->y_from_zero, 0, 1, max_yt);
    char buf[32];
    float lw = 0;
    for (int i = 0; i < ya.n; i++) {
        tick_label(buf, sizeof buf, &ya, i);
        lw = fmaxf(lw, ui_text_width(ui, UI_FONT_SMALL, buf, -1));
    }

    float pad = ui_px(ui, 8), sh = ui_line_height(ui, UI_FONT_SMALL);
    float top = draw_chart_head(ui, r, ax, s, n);
    float bottom = r.y + r.h - pad - sh - ui_px(ui, 4);
    if (ax->xlabel)
        bottom -= sh + ui_px(ui, 2);
    f.area = (ui_rect){ r.x + pad + lw + ui_px(ui, 6), top + sh * 0.5f, 0, 0 };
    f.area.w = r.x + r.w - pad - ui_px(ui, 6) - f.area.x;
    f.area.h = bottom - f.area.y;
    if (f.area.w < 10 || f.area.h < 10)
        return f;
    int max_xt = (int)fmaxf(2, fminf(10, f.area.w / ui_px(ui, 56)));
    axis_setup(&xa, range[0], range[1], ax->log_x, fixed_x || !ax->log_x, 0, ax->integer_x, 0, max_xt);
    f.xmin = xa.lo, f.xmax = xa.hi, f.ymin = ya.lo, f.ymax = ya.hi;
    draw_chart_axes(ui, r, ax, &f, &xa, &ya);

    ui_push_clip(ui, (ui_rect){ f.area.x - 4, f.area.y - 4, f.area.w + 8, f.area.h + 8 });
    for (int k = 0; k < n; k++)
        if (s[k].n > 0 && s[k].y)
            draw_series(ui, &f, &s[k]);
    ui_pop_clip(ui);
    return f;
}

void plot_marker(ui_context *ui, const plot_frame *f, float x, float y, ui_color c, const char *label)
{
    if (!isfinite(x) || !isfinite(y))
        return;
    float px = plot_map_x(f, x), py = plot_map_y(f, y);
    float r = ui_px(ui, 5);
    ui_fill_circle(ui, px, py, r + ui_px(ui, 2), ui->theme.panel);
    ui_fill_circle(ui, px, py, r, c);
    if (label) {
        float tw = ui_text_width(ui, UI_FONT_BOLD, label, -1), lh = ui_line_height(ui, UI_FONT_BOLD);
        float lx = px + r + ui_px(ui, 6), ly = py - lh - ui_px(ui, 2);
        if (lx + tw > f->area.x + f->area.w)
            lx = px - r - ui_px(ui, 6) - tw;
        if (ly < f->area.y)
            ly = py + ui_px(ui, 4);
        ui_fill_round_rect(ui, (ui_rect){ lx - 3, ly, tw + 6, lh }, 3, ui_alpha(ui->theme.panel, 0.85f));
        ui_draw_text(ui, UI_FONT_BOLD, label, -1, lx, ly, c);
    }
}

void plot_vline(ui_context *ui, const plot_frame *f, float x, ui_color c, const char *label)
{
    float px = plot_map_x(f, x);
    if (px < f->area.x - 1 || px > f->area.x + f->area.w + 1)
        return;
    float phase = 0;
    plot_dashed_line(ui, px, f->area.y, px, f->area.y + f->area.h, ui_px(ui, 1.5f), c, &phase);
    if (label) {
        float tw = ui_text_width(ui, UI_FONT_SMALL, label, -1);
        float lx = px + ui_px(ui, 4);
        if (lx + tw > f->area.x + f->area.w)
            lx = px - ui_px(ui, 4) - tw;
        ui_draw_text(ui, UI_FONT_SMALL, label, -1, lx, f->area.y + ui_px(ui, 2), c);
    }
}

static void bars_in(ui_context *ui, ui_rect r, const char *title, const plot_bar *bars, int n, float vmin,
                    float vmax, const char *fmt);

void plot_bars(ui_context *ui, ui_rect r, const char *title, const plot_bar *bars, int n, float vmin,
               float vmax, const char *fmt)
{
    ui_push_clip(ui, r);
    bars_in(ui, r, title, bars, n, vmin, vmax, fmt);
    ui_pop_clip(ui);
}

static void bars_in(ui_context *ui, ui_rect r, const char *title, const plot_bar *bars, int n, float vmin,
                    float vmax, const char *fmt)
{
    const ui_theme *th = &ui->theme;
    float pad = ui_px(ui, 6), sh = ui_line_height(ui, UI_FONT_SMALL), top = r.y + pad;
    if (title) {
        ui_draw_text(ui, UI_FONT_BOLD, title, -1, r.x + pad, top, th->text);
        top += ui_line_height(ui, UI_FONT_BOLD) + ui_px(ui, 4);
    }
    if (vmin == vmax) {
        vmin = 0, vmax = 0;
        for (int i = 0; i < n; i++)
            if (isfinite(bars[i].value))
                vmax = fmaxf(vmax, bars[i].value);
        vmax = vmax > 0 ? vmax * 1.12f : 1;
    }
    int has_labels = 0;
    for (int i = 0; i < n; i++)
        has_labels |= bars[i].label != NULL;
    float value_h = fmt ? sh + ui_px(ui, 2) : 0;
    ui_rect area = { r.x + pad, top + value_h, r.w - 2 * pad, r.y + r.h - pad - top - value_h };
    if (has_labels)
        area.h -= sh + ui_px(ui, 4);
    if (area.h < 4 || n <= 0)
        return;
    float slot = area.w / (float)n, bw = fmaxf(1, slot * 0.68f);
    ui_color axis_c = ui_mix(th->text_dim, th->panel, 0.3f);
    char buf[32];
    for (int i = 0; i < n; i++) {
        float v = isfinite(bars[i].value) ? bars[i].value : 0;
        float t = (v - vmin) / (vmax - vmin);
        t = t < 0 ? 0 : t > 1 ? 1 : t;
        float h = t * area.h, x = area.x + slot * (float)i + (slot - bw) * 0.5f;
        ui_fill_rect(ui, (ui_rect){ x, area.y + area.h - h, bw, h }, bars[i].color);
        if (fmt) {
            snprintf(buf, sizeof buf, fmt, (double)bars[i].value);
            lang_decimals(buf);
            float tw = ui_text_width(ui, UI_FONT_SMALL, buf, -1);
            ui_draw_text(ui, UI_FONT_SMALL, buf, -1, x + (bw - tw) * 0.5f, area.y + area.h - h - sh - 1,
                         th->text);
        }
        if (bars[i].label) {
            ui_rect lr = { area.x + slot * (float)i, area.y + area.h + ui_px(ui, 3), slot, sh };
            ui_push_clip(ui, lr);
            ui_draw_text_aligned(ui, UI_FONT_SMALL, bars[i].label, lr, UI_CENTER, th->text_dim);
            ui_pop_clip(ui);
        }
    }
    ui_fill_rect(ui, (ui_rect){ area.x, area.y + area.h, area.w, 1 }, axis_c);
}
