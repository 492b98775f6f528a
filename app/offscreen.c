/* offscreen.c — frames drawn in memory by raster.c, with no display and no SDL renderer: --screenshot
 * (a PNG written by stb_image_write), the offscreen renders of the tests and demo mode, and the
 * frame bench's offscreen frames. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "app_run.h"
#include "demo.h"
#include "offscreen.h"


/* stb_image_write is a single-header library; its code is compiled here, once, with the
 * warnings it would raise under -Wextra -Wshadow silenced for it alone. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wsign-compare"
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wmissing-prototypes"
#pragma GCC diagnostic ignored "-Wunused-parameter"
#pragma GCC diagnostic ignored "-Wimplicit-fallthrough"
#pragma GCC diagnostic ignored "-Wpedantic"
#define STB_IMAGE_WRITE_IMPLEMENTATION
#define STB_IMAGE_WRITE_STATIC
#include <stb/stb_image_write.h>
#pragma GCC diagnostic pop

/* Draws into pixels (w*h*4) when given, else into a buffer of its own. */
int offscreen_open(offscreen *o, int w, int h, uint8_t *pixels)
{
    memset(o, 0, sizeof *o);
    if (!pixels)
        pixels = o->own = malloc((size_t)w * (size_t)h * 4);
    if (!pixels) {
        fprintf(stderr, "neurone: out of memory for a %dx%d frame\n", w, h);
        return -1;
    }
    o->t = (raster_target){ pixels, w, h, w * 4 };
    return 0;
}

void offscreen_close(offscreen *o)
{
    free(o->own);
}

int offscreen_save_png(const offscreen *o, const char *path)
{
    return stbi_write_png(path, o->t.w, o->t.h, 4, o->t.pixels, o->t.pitch) ? 0 : -1;
}

int offscreen_save_rect_png(ui_context *ui, ui_rect r, const char *path)
{
    int fw = (int)ui->width, fh = (int)ui->height;
    int x0 = (int)fmaxf(0, floorf(r.x)), y0 = (int)fmaxf(0, floorf(r.y));
    int x1 = (int)fminf((float)fw, ceilf(r.x + r.w)), y1 = (int)fminf((float)fh, ceilf(r.y + r.h));
    if (x1 <= x0 || y1 <= y0) {
        errno = EINVAL;
        return -1;
    }
    offscreen o; /* the whole frame (fh, fw, 4), of which the PNG is the rectangle's rows */
    if (offscreen_open(&o, fw, fh, NULL) < 0) {
        errno = ENOMEM;
        return -1;
    }
    raster_frame(&o.t, ui);
    const uint8_t *at = o.t.pixels + (size_t)y0 * (size_t)o.t.pitch + (size_t)x0 * 4;
    int rc = stbi_write_png(path, x1 - x0, y1 - y0, 4, at, o.t.pitch) ? 0 : -1;
    if (rc < 0 && !errno)
        errno = EIO;
    offscreen_close(&o);
    return rc;
}

/* One frame of the app, at a fixed clock and with the mouse out of the way. */
void offscreen_frame(offscreen *o, app *a, double t)
{
    ui_input in = { .mouse_x = -1000, .mouse_y = -1000, .time = t };
    a->time = t;
    double t0 = app_now_s();
    ui_begin(a->ui, &in, (float)o->t.w, (float)o->t.h);
    app_frame(a);
    ui_end(a->ui);
    double t1 = app_now_s();
    raster_frame(&o->t, a->ui);
    app_last_frame.build_ms = (t1 - t0) * 1000;
    app_last_frame.draw_ms = (app_now_s() - t1) * 1000;
}

int app_render_offscreen(const app_render_args *r, uint8_t *rgba, char *err, size_t n)
{
    offscreen os;
    ui_context *ui = NULL;
    app a;
    int status = -1, started = 0;
    if (err && n)
        err[0] = 0;
    if (offscreen_open(&os, r->width, r->height, rgba) < 0)
        goto out;
    ui = app_make_ui(r->scale > 0 ? r->scale : 1);
    if (!ui)
        goto out;
    app_init(&a, ui, r->lesson, 0);
    started = 1;
    a.headless = 1;
    app_offscreen_page(&a, r);
    void *scene = app_scene(&a);
    if (scene && (lesson_get(a.lesson)->config->code || a.code_file[0]) && a.scene_class[a.lesson]->advance) {
        /* the lesson's ```python model code, or a .py opened: the first frames read it and build
         * its model, which then trains the steps asked for */
        for (int f = 0; f < 2; f++)
            offscreen_frame(&os, &a, 90.0 + f);
        a.scene_class[a.lesson]->advance(scene, &a, r->steps);
    }
    /* a few frames: scenes read their trainers' snapshots and lay out on the first ones */
    for (int f = 0; f < 3; f++)
        offscreen_frame(&os, &a, 100.0 + f);
    /* the image shows the error dialog when a scene failed; the caller hears of it too */
    status = a.error[0] ? 1 : 0;
    if (err && n)
        snprintf(err, n, "%s", a.error);
out:
    if (started)
        app_shutdown(&a);
    app_free_ui(ui);
    offscreen_close(&os);
    return status;
}

/* Renders one lesson into a PNG. */
int app_screenshot(const app_options *o)
{
    uint8_t *rgba = malloc((size_t)o->width * (size_t)o->height * 4);
    if (!rgba) {
        fprintf(stderr, "neurone: out of memory for a %dx%d image\n", o->width, o->height);
        return 1;
    }
    app_render_args r = { .lesson = o->lesson < 0 ? 0 : o->lesson, .page = o->page, .steps = o->steps, .show_code = o->code,
                          .width = o->width, .height = o->height, .scale = o->scale,
                          .open = o->open };
    char err[1024];
    int rc = o->demo.on ? demo_render_offscreen(&o->demo, &r, rgba, stdout)
                        : app_render_offscreen(&r, rgba, err, sizeof err);
    int status = rc != 0;
    if (rc >= 0 && !stbi_write_png(o->screenshot, o->width, o->height, 4, rgba, o->width * 4)) {
        fprintf(stderr, "neurone: cannot write %s: %s\n", o->screenshot, strerror(errno));
        status = 1;
    }
    free(rgba);
    return status;
}
