/* run_plots.c — `neurone run --plots`: draws a figure that the Keras reader recognised (keras_run.h's
 * keras_figure) into a PNG, with the workbench's own widgets, fonts and offscreen raster, the way
 * --screenshot draws a lesson. It lives in the app layer because app/keras and app/cmd are built
 * without SDL (the fonts are SDL_ttf's); main.c plugs it into run.c's run_plot_draw.
 *
 * The pictures follow matplotlib's as the course's notebooks draw them: an image with viridis and a
 * colour bar; images in black on white (plt.cm.binary) named under; a prediction's name in blue when
 * right and red when wrong, "name 99% (true name)" (under the pair), beside its ten bars, grey, the predicted one red
 * and the true one blue. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL_ttf.h>

#include "app_run.h"
#include "keras_run.h"
#include "offscreen.h"
#include "run_plots.h"

/* Sizes in pixels: an image panel, a bar panel, the gaps */
enum { IMG = 112, BAR_W = 150, GAP = 18, LABEL_H = 22, MARGIN = 20 };

static const ui_color white = { 255, 255, 255, 255 }, black = { 0, 0, 0, 255 }, grey = { 0x77, 0x77, 0x77, 255 },
                      blue = { 0, 0, 255, 255 }, red = { 255, 0, 0, 255 }, frame = { 60, 60, 60, 255 };

/* matplotlib's viridis, by five of its stops; t in 0..1 */
static ui_color viridis(float t)
{
    static const uint8_t stops[5][3] = { { 68, 1, 84 }, { 59, 82, 139 }, { 33, 145, 140 }, { 94, 201, 98 },
                                         { 253, 231, 37 } };
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    int k = t >= 1 ? 3 : (int)(t * 4);
    float u = t * 4 - (float)k;
    ui_color c = { 0, 0, 0, 255 };
    c.r = (uint8_t)(stops[k][0] + u * (stops[k + 1][0] - stops[k][0]));
    c.g = (uint8_t)(stops[k][1] + u * (stops[k + 1][1] - stops[k][1]));
    c.b = (uint8_t)(stops[k][2] + u * (stops[k + 1][2] - stops[k][2]));
    return c;
}

/* The figure's images as RGBA (n, h, w, 4): viridis over [lo, hi] for "image", else black on white
 * over [0, the largest value] (the script's images may be 0..1 or 0..255). */
static uint8_t *image_pixels(const keras_figure *f, int colorbar, float *lo, float *hi)
{
    size_t count = (size_t)f->n * (size_t)f->h * (size_t)f->w;
    uint8_t *px = malloc(count * 4);
    if (!px)
        return NULL;
    *lo = colorbar ? f->images[0] : 0;
    *hi = f->images[0];
    for (size_t i = 0; i < count; i++) {
        *lo = f->images[i] < *lo ? f->images[i] : *lo;
        *hi = f->images[i] > *hi ? f->images[i] : *hi;
    }
    float span = *hi > *lo ? *hi - *lo : 1;
    for (size_t i = 0; i < count; i++) {
        float t = (f->images[i] - *lo) / span;
        ui_color c = colorbar ? viridis(t) : (ui_color){ 0, 0, 0, 255 };
        if (!colorbar)
            c.r = c.g = c.b = (uint8_t)(255 - 255 * (t < 0 ? 0 : t > 1 ? 1 : t));
        memcpy(px + i * 4, &c, 4);
    }
    return px;
}

static void class_name(const keras_figure *f, int k, char *buf, size_t n)
{
    if (k >= 0 && k < f->n_names)
        snprintf(buf, n, "%s", f->names[k]);
    else if (k >= 0)
        snprintf(buf, n, "%d", k);
    else
        snprintf(buf, n, "?"); /* the true class was not given to the call */
}

static int argmax(const float *p, int n)
{
    int best = 0;
    for (int j = 1; j < n; j++)
        if (p[j] > p[best])
            best = j;
    return best;
}

static void centred(ui_context *ui, int font, const char *s, float cx, float y, ui_color c)
{
    ui_draw_text(ui, font, s, -1, cx - ui_text_width(ui, font, s, -1) / 2, y, c);
}

/* One image panel at (x, y), size s, with its frame and, under it, its text (NULL: none). */
static void image_panel(ui_context *ui, const ui_image *img, float x, float y, float s, const char *text,
                        ui_color c)
{
    ui_draw_image(ui, (ui_rect){ x, y, s, s }, img);
    ui_stroke_rect(ui, (ui_rect){ x, y, s, s }, 1, frame);
    if (text)
        centred(ui, UI_FONT_SMALL, text, x + s / 2, y + s + 4, c);
}

/* Ten (classes) bars in r over 0..1: grey, the predicted one red, the true one blue; under each its
 * number, or its class name when names is set. */
static void bar_panel(ui_context *ui, const keras_figure *f, int k, ui_rect r, int names)
{
    const float *p = f->probs + (size_t)k * (size_t)f->classes;
    int guess = argmax(p, f->classes), truth = f->labels[k];
    float slot = r.w / (float)f->classes;
    for (int j = 0; j < f->classes; j++) {
        float v = p[j] < 0 ? 0 : p[j] > 1 ? 1 : p[j];
        ui_color c = j == truth ? blue : j == guess ? red : grey;
        ui_fill_rect(ui, (ui_rect){ r.x + j * slot + slot * 0.1f, r.y + r.h * (1 - v), slot * 0.8f, r.h * v }, c);
        char tick[64];
        if (names)
            class_name(f, j, tick, sizeof tick);
        else
            snprintf(tick, sizeof tick, "%d", j);
        /* long names alternate between two lines so that neighbours do not overlap */
        float dy = names && (j % 2) ? ui_line_height(ui, UI_FONT_SMALL) : 0;
        centred(ui, UI_FONT_SMALL, tick, r.x + (j + 0.5f) * slot, r.y + r.h + 3 + dy, black);
    }
    ui_stroke_rect(ui, r, 1, frame);
}

/* "image": the image with ticks every 5 pixels, and the colour bar with five values */
static void draw_image(ui_context *ui, const keras_figure *f, const ui_image *img, float lo, float hi)
{
    float s = 360, x = 50, y = MARGIN, cell = s / (float)f->w;
    ui_draw_image(ui, (ui_rect){ x, y, s, s }, img);
    ui_stroke_rect(ui, (ui_rect){ x, y, s, s }, 1, frame);
    for (int k = 0; k < (f->w > f->h ? f->w : f->h); k += 5) {
        char t[16];
        snprintf(t, sizeof t, "%d", k);
        if (k < f->w)
            centred(ui, UI_FONT_SMALL, t, x + (k + 0.5f) * cell, y + s + 4, black);
        if (k < f->h)
            ui_draw_text(ui, UI_FONT_SMALL, t, -1, x - 6 - ui_text_width(ui, UI_FONT_SMALL, t, -1),
                         y + (k + 0.5f) * cell - ui_line_height(ui, UI_FONT_SMALL) / 2, black);
    }
    float bx = x + s + 24, bw = 18;
    for (int k = 0; k < 90; k++) /* the bar, top (hi) to bottom (lo), in 90 strips */
        ui_fill_rect(ui, (ui_rect){ bx, y + s * k / 90.0f, bw, s / 90.0f + 1 }, viridis(1 - k / 89.0f));
    ui_stroke_rect(ui, (ui_rect){ bx, y, bw, s }, 1, frame);
    /* ticks at round values, as matplotlib's: a step of 1, 2 or 5 times a power of ten, about 5 of them */
    double step = pow(10, floor(log10(hi > lo ? (hi - lo) / 4 : 1)));
    step *= (hi - lo) / step > 20 ? 5 : (hi - lo) / step > 8 ? 2 : 1;
    for (double v = ceil(lo / step) * step; hi > lo && v <= hi + step * 1e-6; v += step) {
        char t[32];
        snprintf(t, sizeof t, "%g", fabs(v) < step * 1e-6 ? 0.0 : v);
        ui_draw_text(ui, UI_FONT_SMALL, t, -1, bx + bw + 6,
                     y + s * (1 - (float)((v - lo) / (hi - lo))) - ui_line_height(ui, UI_FONT_SMALL) / 2, black);
    }
}

/* The size of the picture, in pixels */
static void figure_size(const keras_figure *f, int *w, int *h)
{
    int rows = (f->n + f->cols - 1) / f->cols;
    if (strcmp(f->what, "image") == 0) {
        *w = 520;
        *h = 420;
    } else if (!f->probs) {
        *w = 2 * MARGIN + f->cols * (IMG + GAP);
        *h = 2 * MARGIN + rows * (IMG + LABEL_H + GAP) - GAP;
    } else if (!f->image_panels) {
        *w = 2 * MARGIN + f->cols * (6 * BAR_W / 2 + 2 * GAP);
        *h = 2 * MARGIN + rows * (2 * IMG + 3 * LABEL_H);
    } else {
        *w = 2 * MARGIN + f->cols * (IMG + BAR_W + 3 * GAP) - 2 * GAP;
        *h = 2 * MARGIN + rows * (IMG + 2 * LABEL_H + GAP) - GAP;
    }
}

/* Every panel of the figure into the ui's command list */
static void draw_panels(ui_context *ui, const keras_figure *f, const ui_image *imgs, float lo, float hi)
{
    if (strcmp(f->what, "image") == 0) {
        draw_image(ui, f, &imgs[0], lo, hi);
        return;
    }
    for (int k = 0; k < f->n; k++) {
        int col = k % f->cols, row = k / f->cols;
        char text[256], a[96], b[96];
        if (!f->probs) {
            float x = MARGIN + col * (IMG + GAP) + GAP / 2, y = MARGIN + row * (IMG + LABEL_H + GAP);
            class_name(f, f->labels[k], text, sizeof text);
            image_panel(ui, &imgs[k], x, y, IMG, f->labels[k] >= 0 ? text : NULL, black);
        } else if (!f->image_panels) {
            float pw = 6 * BAR_W / 2, x = MARGIN + col * (pw + 2 * GAP) + GAP, y = MARGIN + row * (2 * IMG + 3 * LABEL_H);
            bar_panel(ui, f, k, (ui_rect){ x, y, pw, 2 * IMG }, f->n_names > 0);
        } else {
            const float *p = f->probs + (size_t)k * (size_t)f->classes;
            int guess = argmax(p, f->classes);
            float x = MARGIN + col * (IMG + BAR_W + 3 * GAP), y = MARGIN + row * (IMG + 2 * LABEL_H + GAP);
            class_name(f, guess, a, sizeof a);
            class_name(f, f->labels[k], b, sizeof b);
            snprintf(text, sizeof text, "%s %.0f%% (%s)", a, 100 * p[guess], b);
            /* the name under the pair, below the bars' numbers: "Pantalon 100% (Pantalon)" is wider
               than the image, and would run over its neighbours there */
            image_panel(ui, &imgs[k], x, y, IMG, NULL, black);
            bar_panel(ui, f, k, (ui_rect){ x + IMG + GAP, y, BAR_W, IMG }, 0);
            centred(ui, UI_FONT_SMALL, text, x + (IMG + GAP + BAR_W) / 2.0f, y + IMG + LABEL_H,
                    guess == f->labels[k] ? blue : red);
        }
    }
}

int run_plots_draw(const struct keras_figure *f, const char *png, char *err, size_t n)
{
    int w, h, rc = -1, colorbar = strcmp(f->what, "image") == 0;
    float lo = 0, hi = 1;
    figure_size(f, &w, &h);
    uint8_t *px = f->images ? image_pixels(f, colorbar, &lo, &hi) : NULL;
    ui_image *imgs = calloc((size_t)f->n, sizeof *imgs);
    int ttf = TTF_Init() == 0; /* the fonts' library: counted, so each figure opens and closes it */
    ui_context *ui = (px || !f->images) && imgs && ttf ? app_make_ui(1) : NULL;
    offscreen os;
    if (!ui || offscreen_open(&os, w, h, NULL) < 0) {
        snprintf(err, n, "cannot draw: out of memory, or the fonts are missing");
        goto out;
    }
    for (int k = 0; k < f->n && px; k++)
        imgs[k] = (ui_image){ px + (size_t)k * (size_t)f->h * (size_t)f->w * 4, f->w, f->h, 0, 0 };
    ui_input in = { .mouse_x = -1000, .mouse_y = -1000 };
    ui_begin(ui, &in, (float)w, (float)h);
    ui_fill_rect(ui, (ui_rect){ 0, 0, (float)w, (float)h }, white);
    draw_panels(ui, f, imgs, lo, hi);
    ui_end(ui);
    raster_frame(&os.t, ui);
    rc = offscreen_save_png(&os, png);
    if (rc < 0)
        snprintf(err, n, "cannot write the PNG (is the folder writable?)");
    offscreen_close(&os);
out:
    app_free_ui(ui);
    if (ttf)
        TTF_Quit();
    free(imgs);
    free(px);
    return rc;
}
