/* demo_zoom.c — demo mode's zoom (Z away from a network): the panel under the pointer (the one at
 * the screen's centre while the pointer is hidden) drawn twice as large, at most 90 % of the
 * screen, over the dimmed frame, so that the back of the room reads a chart, a table or a map.
 * The frame drawn so far is rasterised (raster.c), the panel cut out and drawn back scaled; the
 * cut is made again at most 8 times a second, since a 1080p frame costs milliseconds on the CPU.
 * Over a network viewer, Z stays the neuron spotlight (demo.c). SDL-free. */
#include "demo.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "netview.h"
#include "raster.h"

/* The smallest panel holding x, y; 0 when none. */
static int panel_at(const ui_context *ui, float x, float y, ui_rect *out)
{
    int found = 0;
    for (int i = 0; i < ui->n_panels; i++) {
        ui_rect r = ui->panels[i];
        int in = x >= r.x && x < r.x + r.w && y >= r.y && y < r.y + r.h;
        if (in && (!found || r.w * r.h < out->w * out->h))
            *out = r, found = 1;
    }
    return found;
}

int demo_zoom_target(const ui_context *ui, ui_rect *out)
{
    float x = ui->in.mouse_x, y = ui->in.mouse_y, cx, cy;
    int pointer = x > -100 && y > -100, network = netview_drawn_centre(&cx, &cy);
    if (!pointer) {
        if (network)
            return 0; /* the spotlight's own rule: the neuron nearest the network's centre */
        x = ui->width / 2, y = ui->height / 2;
    }
    if (!panel_at(ui, x, y, out))
        return 0;
    /* the panel that holds the network: its neurons are the spotlight's */
    return !(network && cx >= out->x && cx < out->x + out->w && cy >= out->y && cy < out->y + out->h);
}

/* Cuts r out of the frame drawn so far into d's zoom image. */
static int cut_panel(demo *d, ui_context *ui, ui_rect r)
{
    int w = (int)ui->width, h = (int)ui->height;
    int x0 = (int)fmaxf(r.x, 0), y0 = (int)fmaxf(r.y, 0);
    int pw = (int)fminf(r.w, (float)(w - x0)), ph = (int)fminf(r.h, (float)(h - y0));
    if (pw < 2 || ph < 2)
        return -1;
    uint8_t *frame = realloc(d->zoom_frame, (size_t)w * h * 4);
    if (!frame)
        return -1;
    d->zoom_frame = frame;
    uint8_t *px = realloc(d->zoom_px, (size_t)pw * ph * 4);
    if (!px)
        return -1;
    d->zoom_px = px;
    raster_frame(&(raster_target){ frame, w, h, w * 4 }, ui);
    for (int y = 0; y < ph; y++)
        memcpy(px + (size_t)y * pw * 4, frame + ((size_t)(y0 + y) * w + x0) * 4, (size_t)pw * 4);
    d->zoom_img = (ui_image){ .rgba = px, .w = pw, .h = ph, .smooth = 1 };
    ui_image_touch(&d->zoom_img);
    return 0;
}

void demo_zoom_draw(demo *d, app *a, ui_rect r)
{
    ui_context *ui = a->ui;
    int same = fabsf(r.x - d->zoom_rect.x) + fabsf(r.y - d->zoom_rect.y) + fabsf(r.w - d->zoom_rect.w) < 1;
    if (!same || a->time - d->zoom_at >= 0.125 || !d->zoom_px) {
        if (cut_panel(d, ui, r) < 0)
            return;
        d->zoom_at = a->time;
        d->zoom_rect = r;
    }
    float k = fminf(2.0f, fminf(ui->width * 0.9f / r.w, ui->height * 0.9f / r.h));
    float w = r.w * k, h = r.h * k;
    ui_rect big = { (ui->width - w) / 2, (ui->height - h) / 2, w, h };
    ui_set_layer(ui, 1);
    ui_fill_rect(ui, (ui_rect){ 0, 0, ui->width, ui->height }, (ui_color){ 0, 0, 0, 190 });
    ui_draw_image(ui, big, &d->zoom_img);
    ui_stroke_rect(ui, ui_rect_inset(big, -ui_px(ui, 2)), ui_px(ui, 3), ui->theme.accent);
    ui_set_layer(ui, 0);
    char line[sizeof d->spot_said];
    snprintf(line, sizeof line, "demo: zoom on the panel at %.0f,%.0f %.0fx%.0f, shown %.0fx%.0f", (double)r.x,
             (double)r.y, (double)r.w, (double)r.h, (double)w, (double)h);
    if (strcmp(line, d->spot_said) != 0) {
        snprintf(d->spot_said, sizeof d->spot_said, "%s", line);
        if (d->log) {
            fprintf(d->log, "%s\n", line);
            fflush(d->log);
        }
    }
}
