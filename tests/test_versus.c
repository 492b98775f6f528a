/* test_versus.c — lesson 3's two models side by side, and the drawing that fills a frame: each
 * model says its own epoch, loss and test accuracy, "—" before it has one (never a 0 % that reads
 * as a result); in demo mode at 1920×1080, after 8,000 steps, the deep model's loss chart is drawn
 * as fully as the shallow one's (the last chart of a frame that outgrew the vertex buffer came out
 * empty); and a frame that needs more vertices than the buffer first holds loses none of them. */
#include <SDL_ttf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "check.h"
#include "data.h"
#include "demo.h"
#include "lang.h"
#include "lesson.h"
#include "raster.h"

enum { W = 1280, H = 800, DW = 1920, DH = 1080 };

static ui_context *ui;

static void frame(app *a, double t)
{
    ui_input in = { .mouse_x = -1000, .mouse_y = -1000, .time = t };
    a->time = t;
    ui_begin(a->ui, &in, W, H);
    app_frame(a);
    ui_end(a->ui);
}

/* The last frame's text runs that start with prefix: how many, the first two into first / second. */
static int runs_starting( const char *prefix, char *first, char *second, size_t n)
{
    int found = 0;
    for (int l = 0; l < UI_LAYERS; l++)
        for (int i = 0; i < ui->ncmds[l]; i++) {
            const ui_cmd *c = &ui->cmds[l][i];
            size_t len = strlen(prefix);
            if (c->kind != UI_CMD_TEXT || (size_t)c->count < len || strncmp(ui->text + c->first, prefix, len) != 0)
                continue;
            char *out = found == 0 ? first : found == 1 ? second : NULL;
            if (out)
                snprintf(out, n, "%.*s", c->count, ui->text + c->first);
            found++;
        }
    return found;
}

/* A text run of the last frame that contains needle: 1, else 0. */
static int any_run_has( const char *needle)
{
    char buf[512];
    for (int l = 0; l < UI_LAYERS; l++)
        for (int i = 0; i < ui->ncmds[l]; i++) {
            const ui_cmd *c = &ui->cmds[l][i];
            if (c->kind != UI_CMD_TEXT)
                continue;
            snprintf(buf, sizeof buf, "%.*s", c->count, ui->text + c->first);
            if (strstr(buf, needle))
                return 1;
        }
    return 0;
}

/* Before training each model has a status line with "—" for its accuracy; after training each
 * its own epoch and loss (the two models' losses differ) and a figure for its accuracy. */
static void test_statuses(void)
{
    app a;
    app_init(&a, ui, lesson_index_of(3), 0);
    a.headless = 1;
    void *scene = app_scene(&a);
    const scene_class *sc = a.scene_class[a.lesson];
    CHECK(scene && sc && sc->advance, "expected lesson 3's scene");
    if (!scene || !sc || !sc->advance) {
        app_shutdown(&a);
        return;
    }
    char one[256] = "", two[256] = "";
    int before = 0;
    for (int i = 0; i < 400 && before < 2; i++) {
        frame(&a, 100 + i);
        before = runs_starting("pas encore entraîné · exactitude (validation) —", one, two, sizeof one);
        if (before < 2)
            usleep(10000); /* the trainers load their data */
    }
    CHECK(before == 2, "before training: expected 2 status lines \"pas encore entraîné · exactitude (validation) —\", got %d",
          before);
    CHECK(!any_run_has("exactitude (validation) 0 %"), "before training: expected no \"exactitude (validation) 0 %%\"");
    sc->advance(scene, &a, 120);
    frame(&a, 1000);
    frame(&a, 1001);
    int after = runs_starting("époque ", one, two, sizeof one);
    CHECK(after == 2, "after 120 steps: expected 2 status lines starting \"époque \", one per model, got %d", after);
    CHECK(after < 2 || strcmp(one, two) != 0, "expected each model's own figures, got twice \"%s\"", one);
    CHECK(after < 2 || (strstr(one, " %") && strstr(two, " %") && !strstr(one, "—") && !strstr(two, "—")),
          "after training: expected an accuracy figure in \"%s\" and \"%s\"", one, two);
    CHECK(a.error[0] == 0, "expected no error dialog, got \"%s\"", a.error);
    app_shutdown(&a);
}

/* Pixels of colour c (within 40 on each channel) in the rectangle x0..x1, y0..y1 of rgba (w wide). */
static int count_colour(const uint8_t *rgba, int w, int x0, int y0, int x1, int y1, ui_color c)
{
    int n = 0;
    for (int y = y0; y < y1; y++)
        for (int x = x0; x < x1; x++) {
            const uint8_t *p = rgba + ((size_t)y * (size_t)w + (size_t)x) * 4;
            n += abs(p[0] - c.r) < 40 && abs(p[1] - c.g) < 40 && abs(p[2] - c.b) < 40;
        }
    return n;
}

/* Demo mode after 8,000 steps (about 230 epochs): the loss curves of both lanes, counted in the
 * bottom quarter of each lane (under the decision maps), in the projector theme's two series
 * colours. */
static void test_demo_charts(void)
{
    uint8_t *rgba = malloc((size_t)DW * DH * 4);
    CHECK(rgba != NULL, "out of memory");
    if (!rgba)
        return;
    demo_options o = { .on = 1 };
    app_render_args r = { .lesson = lesson_index_of(3), .steps = 8000, .width = DW, .height = DH };
    int rc = demo_render_offscreen(&o, &r, rgba, NULL);
    CHECK(rc == 0, "expected demo mode's render of lesson 3, got %d", rc);
    ui_color train = ui_rgb(0x4fb3ff), val = ui_rgb(0xffa033);
    int y0 = DH * 70 / 100, y1 = DH * 94 / 100;
    /* the lanes: the left from 0.30 to 0.63 of the width, the right from 0.65 to the edge */
    int left = count_colour(rgba, DW, DW * 30 / 100, y0, DW * 63 / 100, y1, train) +
               count_colour(rgba, DW, DW * 30 / 100, y0, DW * 63 / 100, y1, val);
    int right = count_colour(rgba, DW, DW * 65 / 100, y0, DW, y1, train) +
                count_colour(rgba, DW, DW * 65 / 100, y0, DW, y1, val);
    CHECK(left > 2000, "expected the shallow model's curves drawn (over 2000 pixels), got %d", left);
    CHECK(right > left / 2, "expected the deep model's curves drawn as fully as the shallow one's, got %d pixels "
                            "against %d",
          right, left);
    free(rgba);
}

/* A frame of 30,000 thick lines (540,000 vertices, twice the buffer's first size), then one red
 * square: nothing dropped, and the square is in the picture. */
static void test_many_vertices(void)
{
    enum { FW = 200, FH = 200 };
    static uint8_t px[FW * FH * 4];
    ui_input in = { .mouse_x = -1000, .mouse_y = -1000 };
    ui_begin(ui, &in, FW, FH);
    for (int i = 0; i < 30000; i++)
        ui_line(ui, 0, (float)(i % 100), 100, (float)(i % 100), 3, ui_rgb(0x3050a0));
    ui_fill_triangle(ui, 150, 150, 190, 150, 150, 190, ui_rgb(0xff0000));
    ui_end(ui);
    CHECK(!ui->overflowed, "expected no overflow with %d vertices", ui->nverts);
    CHECK(ui->nverts >= 540000, "expected every line's vertices kept, got %d", ui->nverts);
    raster_frame(&(raster_target){ px, FW, FH, FW * 4 }, ui);
    const uint8_t *p = px + ((size_t)160 * FW + 160) * 4;
    CHECK(p[0] > 200 && p[1] < 60 && p[2] < 60, "expected the last shape (red) drawn, got %d,%d,%d", p[0], p[1], p[2]);
}

int main(void)
{
    setenv("XDG_CONFIG_HOME", "/tmp/neurone-test-versus-config", 1);
    lang_set(LANG_FR);
    if (TTF_Init() < 0 || lesson_load(NULL) != 0) {
        fprintf(stderr, "FAIL setup: %s %s\n", TTF_GetError(), lesson_load_errors());
        return 1;
    }
    ui = ui_create();
    char err[4200];
    if (!ui || app_load_fonts(ui, 1, err, sizeof err) < 0) {
        fprintf(stderr, "FAIL fonts: %s\n", ui ? err : "out of memory");
        return 1;
    }
    RUN(test_many_vertices);
    RUN(test_statuses);
    RUN(test_demo_charts);
    app_free_fonts(ui);
    ui_free(ui);
    TTF_Quit();
    lesson_unload();
    data_free_all();
    printf("%s versus\n", failures ? "FAIL" : "ok  ");
    return failures != 0;
}
