/* demo.c — the instructor's demo mode: themes for projectors and bright rooms, type scaled with
 * the screen, presenter-remote keys, a blanked screen, a spotlight, the autoplay loop. SDL-free:
 * window_events.c maps SDL's keys onto demo_key and shows the frames. */
#include "demo.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "app_run.h"
#include "lang.h"
#include "lesson.h"
#include "netview.h"
#include "raster.h"

/* ---- options ------------------------------------------------------------------------------------ */

const char demo_usage[] =
    "  --demo                the instructor's demo mode: full screen, large type, presenter keys\n"
    "                        (Page Down/Up, arrows, space: move; B or .: blank; 1-9, 0: lesson;\n"
    "                        Z: the neuron under the pointer magnified, arrows move it, or the\n"
    "                        panel under it zoomed; Esc closes;\n"
    "                        S: the presenter view (timer, next page, notes); P: play/pause;\n"
    "                        the pointer shows as a laser dot while it moves)\n"
    "  --display N           with --demo: full screen on display N (1-based, default 1)\n"
    "  --theme dark|light    with --demo: the projector theme (dark) or one for bright rooms\n"
    "  --autoplay SECONDS    with --demo: loop through every lesson, SECONDS per page; a key stops it\n"
    "  --autoplay-loops N    with --autoplay: quit after N loops, printing the lessons visited\n"
    "  --spotlight           with --demo: start with the spotlight on (for --screenshot)\n"
    "  --presenter           with --demo: start with the presenter view on\n"
    "  --demo-log FILE       with --demo: write each lesson, page, blank and spotlight shown to FILE\n";

int demo_parse_arg(demo_options *o, const char *flag, const char *value)
{
    char *end;
    if (strcmp(flag, "--demo") == 0) {
        o->on = 1;
        return 1;
    }
    if (strcmp(flag, "--spotlight") == 0 || strcmp(flag, "--presenter") == 0) {
        *(flag[2] == 's' ? &o->spotlight : &o->presenter) = 1;
        return 1;
    }
    if (strcmp(flag, "--display") != 0 && strcmp(flag, "--theme") != 0 && strcmp(flag, "--autoplay") != 0 &&
        strcmp(flag, "--autoplay-loops") != 0 && strcmp(flag, "--demo-log") != 0)
        return 0;
    if (!value) {
        fprintf(stderr, "neurone: %s needs a value\n", flag);
        return -1;
    }
    errno = 0;
    if (strcmp(flag, "--demo-log") == 0)
        o->log_path = value;
    else if (strcmp(flag, "--theme") == 0) {
        if (strcmp(value, "dark") != 0 && strcmp(value, "light") != 0) {
            fprintf(stderr, "neurone: --theme: expected dark or light, got \"%s\"\n", value);
            return -1;
        }
        o->theme = strcmp(value, "light") == 0 ? DEMO_THEME_LIGHT : DEMO_THEME_DARK;
    } else if (strcmp(flag, "--autoplay") == 0) {
        double s = strtod(value, &end);
        if (*end || errno || !(s >= 0.01 && s <= 3600)) {
            fprintf(stderr, "neurone: --autoplay: expected seconds in 0.01..3600, got \"%s\"\n", value);
            return -1;
        }
        o->autoplay = s;
    } else {
        int display = strcmp(flag, "--display") == 0, v;
        if (app_parse_int(flag, value, 1, display ? 16 : 1000, &v) < 0)
            return -1;
        if (display)
            o->display = v - 1;
        else
            o->loops = v;
    }
    return 2;
}

/* ---- looks -------------------------------------------------------------------------------------- */

ui_theme demo_theme(int kind)
{
    ui_theme t = ui_theme_light();
    /* every face a fifth larger than at the desk, before demo_scale: the body's 14 pt become 17,
     * 34 px on 1080p, readable from the back of a lecture hall; headings keep their ratio */
    for (int i = 0; i < UI_FONT_COUNT; i++)
        t.font_pt[i] *= 17.0f / 14;
    t.row_height = 30;
    if (kind == DEMO_THEME_LIGHT) {
        /* a bright room washes out pale greys: pure white cards, black text, darker borders and
         * the same blue and orange, which stay apart on a projector */
        t.bg = ui_rgb(0xe6e8eb), t.panel = ui_rgb(0xffffff), t.border = ui_rgb(0x8a939c);
        t.text = ui_rgb(0x000000), t.text_dim = ui_rgb(0x30363d);
        t.header = ui_rgb(0x0d2733);
        t.track = ui_rgb(0xb8c0c8), t.button = ui_rgb(0xdfe3e7);
        return t;
    }
    /* a projector's black is grey and its contrast low: near-white text on near-black, saturated
     * accents, borders that a dim lamp still shows */
    t.bg = ui_rgb(0x000000), t.panel = ui_rgb(0x14181d), t.border = ui_rgb(0x6b7782);
    t.header = ui_rgb(0x000000), t.header_text = ui_rgb(0xffffff);
    t.text = ui_rgb(0xffffff), t.text_dim = ui_rgb(0xd0d6dc), t.text_on_accent = ui_rgb(0x000000);
    t.accent = ui_rgb(0x4fb3ff), t.accent_hover = ui_rgb(0x7cc6ff), t.accent_dim = ui_rgb(0x1d3a52);
    t.button = ui_rgb(0x2a3139), t.button_hover = ui_rgb(0x38414b), t.button_active = ui_rgb(0x4a5560);
    t.field = ui_rgb(0x0b0e11), t.track = ui_rgb(0x3a434c);
    t.positive = ui_rgb(0x4fb3ff), t.negative = ui_rgb(0xffa033), t.neutral = ui_rgb(0x2a3139);
    t.good = ui_rgb(0x4fb3ff), t.bad = ui_rgb(0xff4d4d);
    t.series[0] = ui_rgb(0x4fb3ff), t.series[1] = ui_rgb(0xffa033);
    t.series[2] = ui_rgb(0x5fd35f), t.series[3] = ui_rgb(0xc38cff);
    t.shadow = (ui_color){ 0, 0, 0, 0 }, t.overlay = (ui_color){ 0, 0, 0, 170 };
    return t;
}

float demo_scale(int w, int h)
{
    /* the shorter side decides, so that a 4:3 projector gets the same layout, narrower */
    float s = fminf((float)w / 1920, (float)h / 1080) * 2;
    return s < 0.75f ? 0.75f : s;
}

int demo_apply(ui_context *ui, const demo_options *o, int w, int h, char *err, size_t n)
{
    ui->theme = demo_theme(o->theme);
    return app_load_fonts(ui, demo_scale(w, h), err, n);
}

/* ---- the loop ----------------------------------------------------------------------------------- */

/* Marks lesson li as shown by the autoplay and says so on the log. */
static void autoplay_visit(demo *d, app *a)
{
    if (!(d->visited & (1ul << a->lesson)) && d->log) {
        fprintf(d->log, "autoplay: lesson %d\n", a->lesson + 1);
        fflush(d->log);
    }
    d->visited |= 1ul << a->lesson;
}

/* The lesson's scene animates while the autoplay shows it: a scene left earlier was paused, and
 * one that its lesson does not start (play=1) is started here. Headless runs stay still, so that
 * their frames are the same every time. */
static void autoplay_animate(app *a, int existed)
{
    if (a->headless)
        return;
    void *s = app_scene(a);
    const lesson_def *l = lesson_get(a->lesson);
    int starts_itself = l && l->config->play;
    if (s && a->scene_class[a->lesson]->play && (existed || !starts_itself))
        a->scene_class[a->lesson]->play(s, a);
}

static void autoplay_step(demo *d, app *a)
{
    const lesson_def *l = lesson_get(a->lesson);
    int lesson = a->lesson, page = a->page + 1;
    if (!l || page >= l->n_pages) {
        page = 0;
        lesson = lesson + 1 < lesson_count() ? lesson + 1 : 0;
    }
    if (lesson == 0 && page == 0) {
        d->loops_done++;
        d->visited = 0;
    }
    if (demo_done(d))
        return;
    int existed = a->scene[lesson] != NULL, entered = lesson != a->lesson;
    app_go(a, lesson, page);
    if (entered)
        autoplay_animate(a, existed);
    autoplay_visit(d, a);
}

/* One line on the log, when there is one: what the room sees now. */
static void say(demo *d, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static void say(demo *d, const char *fmt, ...)
{
    if (!d->log)
        return;
    va_list ap;
    va_start(ap, fmt);
    vfprintf(d->log, fmt, ap);
    va_end(ap);
    fputc('\n', d->log);
    fflush(d->log);
}

void demo_start(demo *d, const demo_options *o, app *a, FILE *log)
{
    memset(d, 0, sizeof *d);
    d->o = *o;
    d->log = log;
    if (o->log_path) {
        d->log = fopen(o->log_path, "w");
        d->own_log = d->log != NULL;
        if (!d->log)
            fprintf(stderr, "neurone: --demo-log %s: %s\n", o->log_path, strerror(errno));
    }
    d->spotlight = o->spotlight;
    d->presenter = o->presenter;
    d->started = a->time;
    a->demo = 1;
    if (o->autoplay > 0) {
        d->autoplaying = 1;
        d->next_at = a->time + o->autoplay;
        int existed = a->scene[0] != NULL;
        app_go(a, 0, 0);
        autoplay_animate(a, existed);
        autoplay_visit(d, a);
    }
}

void demo_stop(demo *d)
{
    free(d->zoom_frame);
    free(d->zoom_px);
    d->zoom_frame = d->zoom_px = NULL;
    if (d->own_log)
        fclose(d->log);
    d->log = NULL;
    d->own_log = 0;
}

int demo_done(const demo *d)
{
    return d->o.loops > 0 && d->loops_done >= d->o.loops;
}

/* The spotlight's arrows: across the columns and along one. */
static int spotlight_key(demo *d, demo_key k)
{
    int dc = k == DEMO_KEY_RIGHT ? 1 : k == DEMO_KEY_LEFT ? -1 : 0;
    int dj = k == DEMO_KEY_DOWN ? 1 : k == DEMO_KEY_UP ? -1 : 0;
    if (d->spot_picked)
        netview_step(&d->spot, dc, dj);
    return 1;
}

int demo_key_pressed(demo *d, app *a, demo_key k)
{
    if (k == DEMO_KEY_ESCAPE && !d->spotlight)
        return 0;
    if (d->autoplaying) {
        d->autoplaying = 0; /* the instructor takes over where the loop stands */
        say(d, "demo: autoplay stopped");
        return 1;
    }
    int lesson = a->lesson, page = a->page;
    if (d->spotlight && k >= DEMO_KEY_RIGHT && k <= DEMO_KEY_UP)
        return spotlight_key(d, k);
    switch (k) {
    case DEMO_KEY_NEXT:
    case DEMO_KEY_RIGHT:
    case DEMO_KEY_DOWN:
        app_key_pressed(a, APP_KEY_NEXT);
        break;
    case DEMO_KEY_PREV:
    case DEMO_KEY_LEFT:
    case DEMO_KEY_UP:
        app_key_pressed(a, APP_KEY_PREV);
        break;
    case DEMO_KEY_BLANK:
        d->blank = !d->blank;
        say(d, "demo: blank %s", d->blank ? "on" : "off");
        break;
    case DEMO_KEY_SPOTLIGHT:
    case DEMO_KEY_ESCAPE:
        d->spotlight = !d->spotlight;
        d->spot_picked = 0; /* picked again near the pointer on the next frame */
        break;
    case DEMO_KEY_PLAY:
        app_key_pressed(a, APP_KEY_PLAY);
        break;
    case DEMO_KEY_PRESENTER:
        d->presenter = !d->presenter;
        d->presenter_said[0] = 0;
        say(d, "demo: presenter %s", d->presenter ? "on" : "off");
        break;
    default:
        if (k >= DEMO_KEY_LESSON_1 && (int)(k - DEMO_KEY_LESSON_1) < lesson_count())
            app_go(a, (int)(k - DEMO_KEY_LESSON_1), 0);
        break;
    }
    if (a->lesson != lesson || a->page != page) {
        d->spotlight = 0; /* another page: the neuron it showed may be gone */
        say(d, "demo: lesson %d page %d", a->lesson + 1, a->page + 1);
    }
    return 1;
}

/* ---- drawing ------------------------------------------------------------------------------------ */

/* The spotlight after the frame's drawing: the neuron picked near the pointer (the nearest one,
 * since an idle pointer is hidden; the one nearest the network's centre when the pointer is out of
 * the window) and kept, moved by the arrows, until the pointer moves. With no network on the
 * page, a disc around the pointer. */
static void draw_spotlight(demo *d, ui_context *ui)
{
    float mx = ui->in.mouse_x, my = ui->in.mouse_y;
    int pointer = mx > -100 && my > -100;
    if (!pointer && !netview_drawn_centre(&mx, &my))
        mx = ui->width / 2, my = ui->height / 2;
    int moved = fabsf(mx - d->spot_mx) + fabsf(my - d->spot_my) > ui_px(ui, 4);
    if (!d->spot_picked || moved || !netview_locate(&d->spot)) {
        d->spot_picked = netview_nearest(mx, my, &d->spot);
        d->spot_mx = mx, d->spot_my = my;
    }
    char line[sizeof d->spot_said];
    if (d->spot_picked) {
        ui_rect box;
        float big[3];
        char name[64];
        netview_spotlight(ui, &d->spot, &box, big);
        netview_neuron_name(&d->spot, name, sizeof name);
        /* the geometry too: tests measure the two neurons in the image */
        snprintf(line, sizeof line,
                 "demo: spotlight %s at %.0f,%.0f r %.1f; inset %.0f,%.0f %.0fx%.0f, neuron at %.0f,%.0f r %.1f",
                 name, (double)d->spot.x, (double)d->spot.y, (double)d->spot.r, (double)box.x, (double)box.y,
                 (double)box.w, (double)box.h, (double)big[0], (double)big[1], (double)big[2]);
    } else if (pointer) {
        float r = ui_px(ui, 50), far = (ui->width + ui->height) * 2;
        ui_set_layer(ui, 1);
        ui_stroke_circle(ui, mx, my, r + far / 2, far, (ui_color){ 0, 0, 0, 190 });
        ui_stroke_circle(ui, mx, my, r, ui_px(ui, 3), ui->theme.accent);
        snprintf(line, sizeof line, "demo: spotlight on the pointer");
    } else
        snprintf(line, sizeof line, "demo: spotlight with nothing to show");
    if (strcmp(line, d->spot_said) != 0) {
        snprintf(d->spot_said, sizeof d->spot_said, "%s", line);
        say(d, "%s", line);
    }
}

void demo_frame(demo *d, app *a)
{
    ui_context *ui = a->ui;
    float w = ui->width, h = ui->height;
    if (d->autoplaying && a->time >= d->next_at) {
        d->next_at = a->time + d->o.autoplay;
        autoplay_step(d, a);
    }
    if (d->blank) {
        /* a black screen, not a dark one: the room looks at the instructor */
        ui_fill_rect(ui, (ui_rect){ 0, 0, w, h }, (ui_color){ 0, 0, 0, 255 });
        return;
    }
    netview_forget_drawn();
    app_frame(a);
    ui_rect zoom;
    if (d->spotlight && demo_zoom_target(ui, &zoom))
        demo_zoom_draw(d, a, zoom);
    else if (d->spotlight)
        draw_spotlight(d, ui);
    else if (d->spot_said[0]) {
        d->spot_said[0] = 0;
        say(d, "demo: spotlight off");
    }
    if (d->presenter)
        demo_presenter(d, a);
    demo_laser(d, a);
    ui_set_layer(ui, 1);
    if (d->autoplaying) {
        const char *badge = TR("Lecture automatique : une touche l'arrête", "Autoplay: any key stops it");
        float pad = ui_px(ui, 8), tw = ui_text_width(ui, UI_FONT_SMALL, badge, -1);
        float lh = ui_line_height(ui, UI_FONT_SMALL);
        ui_rect r = { w - tw - 3 * pad, h - lh - 3 * pad, tw + 2 * pad, lh + 2 * pad };
        ui_fill_round_rect(ui, r, ui_px(ui, 4), ui_alpha(ui->theme.header, 0.85f));
        ui_draw_text(ui, UI_FONT_SMALL, badge, -1, r.x + pad, r.y + pad, ui->theme.header_text);
    }
    ui_set_layer(ui, 0);
}

/* ---- offscreen ---------------------------------------------------------------------------------- */

/* One frame of demo mode at time t, the pointer out of the way (the spotlight then picks the
 * neuron nearest the frame's centre). */
static void offscreen_frame(demo *d, app *a, double t)
{
    ui_input in = { .mouse_x = -1000, .mouse_y = -1000, .time = t };
    a->time = t;
    ui_begin(a->ui, &in, a->ui->width, a->ui->height);
    demo_frame(d, a);
    ui_end(a->ui);
}

int demo_render_offscreen(const demo_options *o, const app_render_args *r, uint8_t *rgba, FILE *log)
{
    ui_context *ui = ui_create();
    char err[4200];
    if (!ui || demo_apply(ui, o, r->width, r->height, err, sizeof err) < 0) {
        fprintf(stderr, "neurone: %s\n", ui ? err : "out of memory");
        ui_free(ui);
        return -1;
    }
    ui->width = (float)r->width, ui->height = (float)r->height;
    app a;
    demo d;
    app_init(&a, ui, r->lesson, 0);
    a.headless = 1;
    demo_options once = *o;
    int status = 0;
    if (o->autoplay > 0) {
        if (once.loops <= 0)
            once.loops = 1; /* offscreen, a loop must end */
        demo_start(&d, &once, &a, log);
        /* a 60 Hz clock, whatever the machine's speed; a bound in case a lesson never ends */
        for (long f = 0; !demo_done(&d) && f < 10000000; f++)
            offscreen_frame(&d, &a, (double)f / 60);
        status = demo_done(&d) ? 0 : -1;
        if (log)
            fprintf(log, "autoplay: %d loop%s, %d lessons\n", d.loops_done, d.loops_done > 1 ? "s" : "",
                    lesson_count());
    } else {
        /* a still page, as app_render_offscreen makes one, through demo mode's frames */
        app_offscreen_page(&a, r);
        demo_start(&d, &once, &a, NULL); /* quiet, but for --demo-log */
        for (int f = 0; f < 3; f++)
            offscreen_frame(&d, &a, 100.0 + f);
        status = a.error[0] ? 1 : 0;
    }
    raster_frame(&(raster_target){ rgba, r->width, r->height, r->width * 4 }, ui);
    demo_stop(&d);
    app_shutdown(&a);
    app_free_fonts(ui);
    ui_free(ui);
    return status;
}
