/* app_main.c — the graphical program: the window and its event loop, --screenshot (offscreen,
 * software renderer, PNG through stb_image_write) and --frame-bench (frame times while the MNIST
 * model trains). */
#include <SDL.h>
#include <SDL_ttf.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "cli.h"
#include "data.h"
#include "demo.h"
#include "lang.h"
#include "nn.h"
#include "raster.h"
#include "render.h"

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

typedef struct options {
    int lesson;               /* 0-based; -1: from the progress file */
    int page;
    int width, height;
    int steps;
    float scale;              /* 0: from the display */
    const char *screenshot;
    const char *open;         /* --open FILE: the comparison opens it, as a file dropped on the window */
    int frame_bench, frames, bench_window;
    int fullscreen;
    demo_options demo;        /* --demo and its options (demo.h) */
} options;

static const char *usage =
    "usage: neurone [options]            open the workbench on the lesson where you left off\n"
    "  --lesson N            open lesson N (1-based)\n"
    "  --page P              open page P of the lesson (1-based)\n"
    "  --lang fr|en          the language (default: from LANG)\n"
    "  --size WxH            the window's (or the image's) size in pixels (default 1280x800)\n"
    "  --scale S             pixels per point (default: from the display's density)\n"
    "  --fullscreen          start in full screen (F11 toggles)\n"
    "  --open FILE.csv       open a CSV file in the comparison (exercise 2), as if dropped on the window\n"
    "  --screenshot FILE.png render the lesson offscreen (no display needed) and write a PNG\n"
    "  --steps K             with --screenshot: K training steps (or animation steps) first\n"
    "  --frame-bench         measure frame times while the MNIST 784-256-128-10 model trains\n"
    "  --frames N            with --frame-bench: frames to measure (default 600)\n"
    "  --window              with --frame-bench: in a real window (default: offscreen)\n"
    "  --list-lessons        print the lessons: number, title, pages (tab-separated)\n"
    "  --lessons DIR         read the lessons from DIR (its fr/ and en/ folders)\n"
    "  --check-lessons       check every lesson file, print what is wrong (file:line), exit 1 if any\n"
    "keys: space play/pause, Right/Left next/previous page, Down/Up next/previous lesson,\n"
    "      F11 full screen, Esc or Ctrl+Q quit; Ctrl+V pastes into a text field\n"
    "files: drop a CSV file on the window to open it in the comparison (exercise 2)\n"
    "other commands: neurone train --help\n";

/* ---- arguments ---------------------------------------------------------------------------------- */

static int parse_int(const char *flag, const char *s, int lo, int hi, int *out)
{
    char *end;
    errno = 0;
    long v = s ? strtol(s, &end, 10) : 0;
    if (!s || *end || errno || v < lo || v > hi) {
        fprintf(stderr, "neurone: %s: expected an integer in %d..%d, got \"%s\"\n", flag, lo, hi, s ? s : "");
        return -1;
    }
    *out = (int)v;
    return 0;
}

static int parse_args(int argc, char **argv, options *o)
{
    *o = (options){ .lesson = -1, .width = 1280, .height = 800, .frames = 600 };
    for (int i = 1; i < argc; i++) {
        const char *f = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        int rc = 0, takes = 1;
        int demo_takes = demo_parse_arg(&o->demo, f, v);
        if (demo_takes < 0)
            return -1;
        if (demo_takes > 0) {
            i += demo_takes - 1;
            continue;
        }
        if (strcmp(f, "--frame-bench") == 0)
            o->frame_bench = 1, takes = 0;
        else if (strcmp(f, "--window") == 0)
            o->bench_window = 1, takes = 0;
        else if (strcmp(f, "--fullscreen") == 0)
            o->fullscreen = 1, takes = 0;
        else if (strcmp(f, "--list-lessons") == 0 || strcmp(f, "--check-lessons") == 0)
            takes = 0;
        else if (!v) {
            fprintf(stderr, "neurone: %s needs a value\n%s", f, usage);
            return -1;
        } else if (strcmp(f, "--lesson") == 0) {
            rc = parse_int(f, v, 1, lesson_count(), &o->lesson);
            o->lesson--;
        } else if (strcmp(f, "--page") == 0) {
            rc = parse_int(f, v, 1, LESSON_MAX_PAGES, &o->page);
            o->page--;
        } else if (strcmp(f, "--lessons") == 0) {
            /* read before the other options, so that --lesson N counts these lessons */
        } else if (strcmp(f, "--steps") == 0)
            rc = parse_int(f, v, 0, 1000000, &o->steps);
        else if (strcmp(f, "--frames") == 0)
            rc = parse_int(f, v, 10, 100000, &o->frames);
        else if (strcmp(f, "--screenshot") == 0)
            o->screenshot = v;
        else if (strcmp(f, "--open") == 0)
            o->open = v;
        else if (strcmp(f, "--lang") == 0) {
            if (strcmp(v, "fr") != 0 && strcmp(v, "en") != 0) {
                fprintf(stderr, "neurone: --lang: expected fr or en, got \"%s\"\n", v);
                return -1;
            }
            lang_set(strcmp(v, "en") == 0 ? LANG_EN : LANG_FR);
        } else if (strcmp(f, "--size") == 0) {
            char *end;
            long w = strtol(v, &end, 10), h = *end == 'x' ? strtol(end + 1, &end, 10) : 0;
            if (*end || w < 320 || h < 240 || w > 8192 || h > 8192) {
                fprintf(stderr, "neurone: --size: expected WxH between 320x240 and 8192x8192, got \"%s\"\n",
                        v);
                return -1;
            }
            o->width = (int)w, o->height = (int)h;
        } else if (strcmp(f, "--scale") == 0) {
            char *end;
            float s = strtof(v, &end);
            if (*end || !(s >= 0.5f && s <= 4)) {
                fprintf(stderr, "neurone: --scale: expected a number in 0.5..4, got \"%s\"\n", v);
                return -1;
            }
            o->scale = s;
        } else {
            fprintf(stderr, "neurone: unknown option \"%s\"\n%s", f, usage);
            return -1;
        }
        if (rc < 0)
            return -1;
        i += takes;
    }
    return 0;
}

/* ---- common set-up ------------------------------------------------------------------------------ */

/* CPU time of the calling thread: what a frame costs, whatever else the machine runs. */
static double thread_cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Training threads while a window is shown: all the cores but one, which the UI keeps, so that
 * frames are not late while a big model trains (on two cores: one trains, one draws). */
static int ui_training_threads;

static void leave_a_core_for_the_ui(void)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    ui_training_threads = cores > 1 ? (int)cores - 1 : 1;
    nn_set_threads(ui_training_threads);
}

/* The UI with fonts at this scale; NULL after printing why. */
static ui_context *make_ui(float scale)
{
    ui_context *ui = ui_create();
    char err[4200];
    if (!ui) {
        fprintf(stderr, "neurone: out of memory\n");
        return NULL;
    }
    if (app_load_fonts(ui, scale, err, sizeof err) < 0) {
        fprintf(stderr, "neurone: cannot load the font %s (set NEURONE_DATA_DIR to the assets folder)\n",
                err);
        ui_free(ui);
        return NULL;
    }
    return ui;
}

static void free_ui(ui_context *ui)
{
    if (!ui)
        return;
    app_free_fonts(ui);
    ui_free(ui);
}

/* The last frame's cost, split: building it (the app and its scene) and drawing it. */
static double last_build_ms, last_draw_ms;

/* ---- offscreen rendering ------------------------------------------------------------------------ */

/* Frames drawn in memory by raster.c: no display, no SDL renderer. */
typedef struct offscreen {
    uint8_t *own;            /* the buffer, when the offscreen allocated it */
    raster_target t;
} offscreen;

/* Draws into pixels (w*h*4) when given, else into a buffer of its own. */
static int offscreen_open(offscreen *o, int w, int h, uint8_t *pixels)
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

static void offscreen_close(offscreen *o)
{
    free(o->own);
}

/* One frame of the app, at a fixed clock and with the mouse out of the way. */
static void offscreen_frame(offscreen *o, app *a, double t)
{
    ui_input in = { .mouse_x = -1000, .mouse_y = -1000, .time = t };
    a->time = t;
    double t0 = now_s();
    ui_begin(a->ui, &in, (float)o->t.w, (float)o->t.h);
    app_frame(a);
    ui_end(a->ui);
    double t1 = now_s();
    raster_frame(&o->t, a->ui);
    last_build_ms = (t1 - t0) * 1000;
    last_draw_ms = (now_s() - t1) * 1000;
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
    ui = make_ui(r->scale > 0 ? r->scale : 1);
    if (!ui)
        goto out;
    app_init(&a, ui, r->lesson, 0);
    started = 1;
    a.headless = 1;
    app_offscreen_page(&a, r);
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
    free_ui(ui);
    offscreen_close(&os);
    return status;
}

/* Renders one lesson into a PNG. */
static int screenshot(const options *o)
{
    uint8_t *rgba = malloc((size_t)o->width * (size_t)o->height * 4);
    if (!rgba) {
        fprintf(stderr, "neurone: out of memory for a %dx%d image\n", o->width, o->height);
        return 1;
    }
    app_render_args r = { .lesson = o->lesson < 0 ? 0 : o->lesson, .page = o->page, .steps = o->steps,
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

/* ---- frame-time benchmark ----------------------------------------------------------------------- */

/* /proc/loadavg's first three numbers: other work on the machine skews frame times. */
static const char *load_average(void)
{
    static char buf[64];
    FILE *f = fopen("/proc/loadavg", "r");
    buf[0] = 0;
    if (f) {
        double l1, l5, l15;
        if (fscanf(f, "%lf %lf %lf", &l1, &l5, &l15) == 3)
            snprintf(buf, sizeof buf, "%.2f %.2f %.2f ", l1, l5, l15);
        fclose(f);
    }
    return buf;
}

static int cmp_double(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return a < b ? -1 : a > b;
}

static void print_times(const char *what, double *ms, int n)
{
    qsort(ms, (size_t)n, sizeof *ms, cmp_double);
    int over = 0;
    for (int i = 0; i < n; i++)
        over += ms[i] > 1000.0 / 60;
    printf("%-28s median %6.2f ms   p95 %6.2f ms   max %6.2f ms   over 16.7 ms: %d of %d\n", what, ms[n / 2],
           ms[(int)(n * 0.95)], ms[n - 1], over, n);
}

/* The training scene on MNIST, 784-256-128-10, trained while frames are measured: a lesson's
 * directives, read by the lessons' parser. */
static const char bench_directives[] = "# Bench\n@scene training\n@dataset mnist\n@model 784-256-128-10 relu\n"
                                       "@epochs 100\n@batch_size 32\n\nFrames measured.\n";

static int bench_loop(app *a, int frames, int (*one_frame)(void *, app *), void *ctx)
{
    const scene_class *c = &scene_training;
    char err[512];
    lesson_doc *d = lesson_parse(bench_directives, sizeof bench_directives - 1, "bench", err, sizeof err);
    if (!d)
        fprintf(stderr, "neurone: --frame-bench: %s", err);
    void *s = d ? c->create(a, &d->config) : NULL;
    lesson_doc_free(d); /* the scene copied what it keeps */
    if (!s)
        return 1;
    /* the app shows this scene as its current lesson's */
    a->scene[a->lesson] = s;
    a->scene_class[a->lesson] = c;
    /* wait for the data; measure a baseline with the model still; then train in the background */
    double t0 = now_s();
    c->advance(s, a, 0);
    double *work = malloc((size_t)frames * 5 * sizeof *work);
    if (!work)
        return 1;
    double *interval = work + frames, *build = work + 2 * frames, *draw = work + 3 * frames,
           *cpu = work + 4 * frames;
    double loaded = now_s();
    int idle = frames / 4 < 120 ? frames / 4 : 120, quit = 0;
    for (int i = 0; i < idle && !quit; i++) {
        double f0 = now_s(), c0 = thread_cpu_s();
        quit = one_frame(ctx, a);
        work[i] = (now_s() - f0) * 1000;
        cpu[i] = (thread_cpu_s() - c0) * 1000;
        double left = 1.0 / 60 - (now_s() - f0);
        if (left > 0.001)
            SDL_Delay((Uint32)(left * 1000));
    }
    printf("frame bench: the training scene, MNIST 784-256-128-10; %ld cores, %d of them for training; "
           "load average %s(loading took %.1f s)\n", sysconf(_SC_NPROCESSORS_ONLN), ui_training_threads,
           load_average(), loaded - t0);
    print_times("UI work, model idle", work, idle);
    print_times("  its CPU time", cpu, idle);
    c->play(s, a);
    double last = now_s(), start = last;
    int n = 0;
    for (; n < frames && !quit; n++) {
        double f0 = now_s(), c0 = thread_cpu_s();
        quit = one_frame(ctx, a);
        double f1 = now_s();
        cpu[n] = (thread_cpu_s() - c0) * 1000;
        work[n] = (f1 - f0) * 1000;
        build[n] = last_build_ms;
        draw[n] = last_draw_ms;
        /* pace like a 60 Hz display: sleep the rest of the 16.7 ms */
        double next = last + 1.0 / 60;
        if (now_s() < next)
            SDL_Delay((Uint32)((next - now_s()) * 1000));
        double f2 = now_s();
        interval[n] = (f2 - last) * 1000;
        last = f2;
    }
    double elapsed = now_s() - start;
    printf("%d frames in %.1f s (%.1f fps) while the model trains:\n", n, elapsed, n / elapsed);
    print_times("UI work, model training", work, n);
    print_times("  of which building", build, n);
    print_times("  of which drawing", draw, n);
    print_times("  its CPU time", cpu, n);
    print_times("frame interval", interval, n);
    scene_training_report(s, stdout);
    printf("load average at the end: %s\n", load_average());
    free(work);
    return 0;
}

typedef struct bench_offscreen { offscreen os; double t; } bench_offscreen;

static int bench_offscreen_frame(void *ctx, app *a)
{
    bench_offscreen *b = ctx;
    b->t += 1.0 / 60;
    offscreen_frame(&b->os, a, b->t);
    return 0;
}

/* ---- the window --------------------------------------------------------------------------------- */

typedef struct window {
    SDL_Window *win;
    SDL_Renderer *renderer;
    render_state *rs;
    int raster;              /* frames drawn by raster.c and shown as one texture */
    SDL_Texture *frame;      /* that texture, the drawable's size */
    int frame_w, frame_h;
    int vsync;
    float scale;
    float ratio;             /* drawable pixels per window coordinate (HiDPI) */
    ui_input in;
    double t0;
    demo *demo;              /* demo mode's keys and frames; NULL at the desk */
    double last_motion;      /* when the pointer last moved: demo mode hides it when idle */
} window;

/* Pixels per point: the drawable's density (2 on a Retina-style screen) times the display's own
 * scale when it reports a high DPI. */
static float display_scale(window *w)
{
    int ww, wh, dw, dh;
    SDL_GetWindowSize(w->win, &ww, &wh);
    SDL_GetRendererOutputSize(w->renderer, &dw, &dh);
    w->ratio = ww > 0 ? (float)dw / (float)ww : 1;
    float dpi_scale = 1;
    float ddpi;
    const char *env = getenv("NEURONE_SCALE");
    if (env && atof(env) >= 0.5 && atof(env) <= 4)
        return (float)atof(env);
    if (w->ratio < 1.5f && SDL_GetDisplayDPI(SDL_GetWindowDisplayIndex(w->win), &ddpi, NULL, NULL) == 0 &&
        ddpi > 120)
        dpi_scale = roundf(ddpi / 96 * 4) / 4;
    return w->ratio * dpi_scale;
}

/* A renderer that draws on the CPU anyway (SDL's software one, or OpenGL on Mesa's llvmpipe or
 * softpipe): raster.c is several times faster there. NEURONE_RENDER=cpu or gpu overrides. */
static int renderer_is_software(SDL_Renderer *r)
{
    const char *force = getenv("NEURONE_RENDER");
    if (force && strcmp(force, "cpu") == 0)
        return 1;
    if (force && strcmp(force, "gpu") == 0)
        return 0;
    SDL_RendererInfo info;
    if (SDL_GetRendererInfo(r, &info) < 0)
        return 1;
    if (!(info.flags & SDL_RENDERER_ACCELERATED) || strcmp(info.name, "software") == 0)
        return 1;
    if (strncmp(info.name, "opengl", 6) == 0) {
        typedef const unsigned char *(*get_string_fn)(unsigned);
        void *sym = SDL_GL_GetProcAddress("glGetString");
        get_string_fn get = NULL;
        memcpy(&get, &sym, sizeof get); /* an object pointer to a function pointer, portably */
        const char *gl = get ? (const char *)get(0x1F01 /* GL_RENDERER */) : NULL;
        if (gl && (strstr(gl, "llvmpipe") || strstr(gl, "softpipe") || strstr(gl, "Software")))
            return 1;
    }
    return 0;
}

static int window_open(window *w, const options *o)
{
    memset(w, 0, sizeof *w);
    Uint32 flags = SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI;
    if (o->fullscreen || o->demo.on)
        flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
    /* demo mode: on the projector, which is rarely the first display */
    int display = o->demo.on && o->demo.display < SDL_GetNumVideoDisplays() ? o->demo.display : 0;
    /* and the display's size: a booth's machine may run X with no window manager to make the
     * window full screen, and the window would stay small while SDL draws for the whole display */
    SDL_Rect bounds = { 0, 0, o->width, o->height };
    if (!o->demo.on || SDL_GetDisplayBounds(display, &bounds) < 0)
        bounds.w = o->width, bounds.h = o->height;
    w->win = SDL_CreateWindow("Neurone", (int)SDL_WINDOWPOS_CENTERED_DISPLAY(display),
                              (int)SDL_WINDOWPOS_CENTERED_DISPLAY(display), bounds.w, bounds.h, flags);
    if (!w->win)
        return -1;
    SDL_SetWindowMinimumSize(w->win, 1024, 640);
    /* no GPU at all (no DRI device on Linux): OpenGL would only be Mesa's llvmpipe, drawing on the
     * CPU what raster.c draws faster; SDL's software renderer then just shows raster.c's frames */
    const char *force = getenv("NEURONE_RENDER");
    int no_gpu = 0;
#ifdef __linux__
    no_gpu = access("/dev/dri", F_OK) != 0;
#endif
    if (no_gpu && !(force && strcmp(force, "gpu") == 0)) {
        /* and the window's own framebuffer too: X11 shared memory, not an OpenGL texture */
        SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
        w->renderer = SDL_CreateRenderer(w->win, -1, SDL_RENDERER_SOFTWARE);
    }
    if (!w->renderer)
        w->renderer = SDL_CreateRenderer(w->win, -1, SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC);
    if (!w->renderer)
        w->renderer = SDL_CreateRenderer(w->win, -1, SDL_RENDERER_SOFTWARE);
    if (!w->renderer)
        return -1;
    SDL_RendererInfo info;
    if (SDL_GetRendererInfo(w->renderer, &info) == 0)
        w->vsync = (info.flags & SDL_RENDERER_PRESENTVSYNC) != 0;
    w->rs = render_create(w->renderer);
    if (!w->rs)
        return -1;
    w->raster = renderer_is_software(w->renderer);
    w->scale = o->scale > 0 ? o->scale : display_scale(w);
    if (o->scale > 0)
        display_scale(w), w->scale = o->scale;
    w->t0 = now_s();
    return 0;
}

static void window_close(window *w)
{
    if (w->frame)
        SDL_DestroyTexture(w->frame);
    render_free(w->rs);
    if (w->renderer)
        SDL_DestroyRenderer(w->renderer);
    if (w->win)
        SDL_DestroyWindow(w->win);
}

/* Demo mode's keys, as presenter remotes send them; 0 for a key it leaves to the desk's. Any key
 * stops the autoplay. */
static int demo_sdl_key(demo *d, app *a, SDL_Keycode k)
{
    demo_key dk;
    if (k == SDLK_PAGEDOWN || k == SDLK_SPACE)
        dk = DEMO_KEY_NEXT;
    else if (k == SDLK_PAGEUP)
        dk = DEMO_KEY_PREV;
    else if (k == SDLK_RIGHT || k == SDLK_DOWN)
        dk = k == SDLK_RIGHT ? DEMO_KEY_RIGHT : DEMO_KEY_DOWN; /* as Page Down, or through the spotlight */
    else if (k == SDLK_LEFT || k == SDLK_UP)
        dk = k == SDLK_LEFT ? DEMO_KEY_LEFT : DEMO_KEY_UP;
    else if (k == SDLK_ESCAPE)
        dk = DEMO_KEY_ESCAPE; /* closes the spotlight; quits otherwise */
    else if (k == SDLK_b || k == SDLK_PERIOD)
        dk = DEMO_KEY_BLANK;
    else if (k == SDLK_z)
        dk = DEMO_KEY_SPOTLIGHT;
    else if (k == SDLK_p || k == SDLK_RETURN || k == SDLK_KP_ENTER)
        dk = DEMO_KEY_PLAY;
    else if (k >= SDLK_1 && k <= SDLK_9)
        dk = (demo_key)(DEMO_KEY_LESSON_1 + (k - SDLK_1));
    else if (k == SDLK_0)
        dk = (demo_key)(DEMO_KEY_LESSON_1 + 9);
    else if (d->autoplaying)
        dk = DEMO_KEY_NEXT; /* stops the autoplay and nothing else */
    else
        return 0;
    return demo_key_pressed(d, a, dk);
}

/* The path of a file:// address's rest, decoded in place ("/home/x/mes%20donn%C3%A9es.csv"). */
static char *uri_path(char *s)
{
    char *out = s;
    for (const char *p = s; *p; p++) {
        unsigned v;
        if (p[0] == '%' && p[1] && p[2] && sscanf(p + 1, "%2x", &v) == 1) {
            *out++ = (char)v;
            p += 2;
        } else
            *out++ = *p;
    }
    *out = 0;
    return s;
}

/* Adds text to the frame's typed text, as much as fits (the field cuts it at a whole character). */
static void append_text(ui_input *in, const char *text)
{
    size_t used = strlen(in->text);
    snprintf(in->text + used, sizeof in->text - used, "%s", text);
}

/* Reads the events of one frame into w->in and the app; returns 1 when something happened. */
static int window_events(window *w, app *a, int wait_ms)
{
    ui_input *in = &w->in;
    in->mouse_pressed = in->mouse_released = 0;
    in->wheel = 0;
    in->text[0] = 0;
    in->key_backspace = in->key_enter = in->key_escape = 0;
    int any = 0;
    SDL_Event ev;
    int have = wait_ms > 0 ? SDL_WaitEventTimeout(&ev, wait_ms) : SDL_PollEvent(&ev);
    ui_context *ui = a->ui;
    for (; have; have = SDL_PollEvent(&ev)) {
        any = 1;
        /* typing into a field, an open list and the error dialog take the keys first */
        int ui_keys = ui_text_focused(ui) || ui->open_popup != 0 || a->error[0] != 0;
        switch (ev.type) {
        case SDL_QUIT:
            a->quit = 1;
            break;
        case SDL_MOUSEMOTION:
            w->last_motion = now_s();
            if (w->demo)
                SDL_ShowCursor(SDL_ENABLE);
            in->mouse_x = (float)ev.motion.x * w->ratio;
            in->mouse_y = (float)ev.motion.y * w->ratio;
            break;
        case SDL_MOUSEBUTTONDOWN:
            if (ev.button.button == SDL_BUTTON_LEFT) {
                in->mouse_down = 1;
                in->mouse_pressed = 1;
                in->mouse_x = (float)ev.button.x * w->ratio;
                in->mouse_y = (float)ev.button.y * w->ratio;
            }
            break;
        case SDL_MOUSEBUTTONUP:
            if (ev.button.button == SDL_BUTTON_LEFT) {
                in->mouse_down = 0;
                in->mouse_released = 1;
            }
            break;
        case SDL_MOUSEWHEEL:
            in->wheel += ev.wheel.preciseY;
            break;
        case SDL_TEXTINPUT:
            append_text(in, ev.text.text);
            break;
        case SDL_DROPFILE:
        case SDL_DROPTEXT:
            /* a file from the file manager, or a path dragged as text: the comparison opens it */
            if (ev.drop.file) {
                char *p = ev.drop.file;
                p[strcspn(p, "\r\n")] = 0;
                if (ev.type == SDL_DROPTEXT && strncmp(p, "file://", 7) == 0)
                    p = uri_path(p + 7);
                if (*p)
                    app_open_file(a, p);
                SDL_free(ev.drop.file);
            }
            break;
        case SDL_WINDOWEVENT:
            if (ev.window.event == SDL_WINDOWEVENT_LEAVE)
                in->mouse_x = in->mouse_y = -1000;
            break;
        case SDL_KEYDOWN: {
            SDL_Keycode k = ev.key.keysym.sym;
            int ctrl = (ev.key.keysym.mod & KMOD_CTRL) != 0;
            if (k == SDLK_q && ctrl)
                a->quit = 1;
            else if (k == SDLK_v && ctrl) {
                /* students paste the paths of their files */
                char *clip = SDL_HasClipboardText() ? SDL_GetClipboardText() : NULL;
                if (clip)
                    append_text(in, clip);
                SDL_free(clip);
            } else if (w->demo && !ui_keys && demo_sdl_key(w->demo, a, k))
                break;
            else if (k == SDLK_F11)
                app_key_typed(a, APP_KEY_FULLSCREEN);
            else if (k == SDLK_BACKSPACE)
                in->key_backspace = 1;
            else if (k == SDLK_RETURN || k == SDLK_KP_ENTER)
                in->key_enter = 1;
            else if (k == SDLK_ESCAPE) {
                if (ui_keys) {
                    in->key_escape = 1;
                    ui->open_popup = 0;
                } else
                    a->quit = 1;
            } else if (ui_keys)
                break;
            else if (k == SDLK_SPACE)
                app_key_typed(a, APP_KEY_PLAY);
            else if (k == SDLK_RIGHT || k == SDLK_PAGEDOWN)
                app_key_typed(a, APP_KEY_NEXT);
            else if (k == SDLK_LEFT || k == SDLK_PAGEUP)
                app_key_typed(a, APP_KEY_PREV);
            else if (k == SDLK_DOWN)
                app_key_typed(a, APP_KEY_NEXT_LESSON);
            else if (k == SDLK_UP)
                app_key_typed(a, APP_KEY_PREV_LESSON);
            break;
        }
        default:
            break;
        }
    }
    return any;
}

/* Builds, renders and shows one frame. */
static void window_frame(window *w, app *a)
{
    int dw, dh;
    SDL_GetRendererOutputSize(w->renderer, &dw, &dh);
    w->in.time = now_s() - w->t0;
    a->time = w->in.time;
    double t0 = now_s();
    ui_begin(a->ui, &w->in, (float)dw, (float)dh);
    if (w->demo)
        demo_frame(w->demo, a);
    else
        app_frame(a);
    ui_end(a->ui);
    double t1 = now_s();
    if (w->raster && (w->frame_w != dw || w->frame_h != dh || !w->frame)) {
        if (w->frame)
            SDL_DestroyTexture(w->frame);
        w->frame =
            SDL_CreateTexture(w->renderer, SDL_PIXELFORMAT_RGBA32, SDL_TEXTUREACCESS_STREAMING, dw, dh);
        w->frame_w = dw, w->frame_h = dh;
        if (!w->frame)
            w->raster = 0; /* fall back on the renderer's own drawing */
    }
    void *pixels;
    int pitch;
    if (w->raster && SDL_LockTexture(w->frame, NULL, &pixels, &pitch) == 0) {
        raster_frame(&(raster_target){ pixels, dw, dh, pitch }, a->ui);
        SDL_UnlockTexture(w->frame);
        SDL_RenderCopy(w->renderer, w->frame, NULL, NULL);
    } else
        render_frame(w->rs, a->ui);
    last_build_ms = (t1 - t0) * 1000;
    last_draw_ms = (now_s() - t1) * 1000; /* up to the present, which may wait for the display */
    SDL_RenderPresent(w->renderer);
}

/* Follows a change of density (the window moved to another screen) with fonts at the new size. */
static void window_rescale(window *w, app *a, const options *o)
{
    if (w->demo) {
        /* demo mode: type follows the screen's resolution, as the window goes full screen */
        int dw, dh;
        char err[4200];
        SDL_GetRendererOutputSize(w->renderer, &dw, &dh);
        float s = demo_scale(dw, dh);
        if (fabsf(s - w->scale) >= 0.01f && app_load_fonts(a->ui, s, err, sizeof err) == 0)
            w->scale = s;
        return;
    }
    if (o->scale > 0)
        return;
    float s = display_scale(w);
    if (fabsf(s - w->scale) < 0.01f)
        return;
    char err[4200];
    if (app_load_fonts(a->ui, s, err, sizeof err) == 0)
        w->scale = s;
}

static int no_display(void)
{
    fprintf(stderr, "neurone: no display to open a window on (DISPLAY and WAYLAND_DISPLAY are unset); "
                    "`neurone --screenshot FILE.png --lesson N` renders a lesson offscreen and "
                    "`neurone --bench` measures the engines without one\n");
    return 2;
}

static int run_window(const options *o)
{
    const char *driver = getenv("SDL_VIDEODRIVER");
    if (!getenv("DISPLAY") && !getenv("WAYLAND_DISPLAY") && !(driver && *driver))
        return no_display();
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) < 0) {
        fprintf(stderr, "neurone: cannot open the display: %s\n", SDL_GetError());
        return no_display();
    }
    window w;
    ui_context *ui = NULL;
    app a;
    int status = 1, started = 0;
    if (window_open(&w, o) < 0) {
        fprintf(stderr, "neurone: cannot open a window: %s\n", SDL_GetError());
        status = 2;
        goto out;
    }
    ui = make_ui(w.scale);
    if (!ui)
        goto out;
    app_init(&a, ui, o->lesson, 1);
    started = 1;
    if (lesson_load_errors()[0])
        app_error(&a, TR("Des fichiers de leçon ont des erreurs (la liste est aussi sur la sortie d'erreur) :\n%s",
                         "Some lesson files have errors (also listed on standard error):\n%s"),
                  lesson_load_errors());
    if (o->lesson >= 0 || o->page > 0)
        app_go(&a, a.lesson, o->page);
    if (o->open && app_open_file(&a, o->open) == 0)
        app_go(&a, a.lesson, o->page);
    demo d;
    if (o->demo.on) {
        int dw, dh;
        char err[4200];
        SDL_GetRendererOutputSize(w.renderer, &dw, &dh);
        if (demo_apply(ui, &o->demo, dw, dh, err, sizeof err) < 0) {
            fprintf(stderr, "neurone: cannot load the font %s\n", err);
            goto out;
        }
        w.scale = demo_scale(dw, dh);
        demo_start(&d, &o->demo, &a, o->demo.loops > 0 ? stdout : NULL);
        w.demo = &d;
    }
    a.want_fullscreen = o->fullscreen || o->demo.on;
    int fullscreen = a.want_fullscreen;
    SDL_StartTextInput();
    SDL_EventState(SDL_DROPFILE, SDL_ENABLE);
    SDL_EventState(SDL_DROPTEXT, SDL_ENABLE);
    double last_input = now_s();
    w.in.mouse_x = w.in.mouse_y = -1000;
    while (!a.quit) {
        double f0 = now_s();
        /* when nothing moves and nobody touches anything, sleep until an event (at most 0.25 s) */
        int idle = !a.busy && now_s() - last_input > 1.5;
        if (window_events(&w, &a, idle ? 250 : 0))
            last_input = now_s();
        if (a.want_fullscreen != fullscreen) {
            fullscreen = a.want_fullscreen;
            SDL_SetWindowFullscreen(w.win, fullscreen ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0);
        }
        window_rescale(&w, &a, o);
        window_frame(&w, &a);
        if (w.demo) {
            /* nobody watches a pointer that stands still; it comes back when moved */
            if (now_s() - w.last_motion > 2)
                SDL_ShowCursor(SDL_DISABLE);
            a.busy |= w.demo->autoplaying; /* the autoplay's clock must tick */
            if (demo_done(w.demo))
                a.quit = 1;
        }
        /* at most 60 frames a second: a present that waits for the display already took the
         * time; one that does not (software renderers, whatever vsync they report) sleeps here */
        double left = 1.0 / 60 - (now_s() - f0);
        if (left > 0.002)
            SDL_Delay((Uint32)(left * 1000));
    }
    status = 0;
    /* gone at once: stopping the trainers may take a moment (a batch, a dataset being read) */
    SDL_HideWindow(w.win);
    SDL_PumpEvents();
out:
    if (started)
        app_shutdown(&a);
    free_ui(ui);
    window_close(&w);
    SDL_Quit();
    return status;
}

typedef struct bench_window { window w; } bench_window;

static int bench_window_frame(void *ctx, app *a)
{
    bench_window *b = ctx;
    window_events(&b->w, a, 0);
    window_frame(&b->w, a);
    return a->quit;
}

static int frame_bench(const options *o)
{
    ui_context *ui = NULL;
    app a;
    int status = 1;
    if (o->bench_window) {
        if (!getenv("DISPLAY") && !getenv("WAYLAND_DISPLAY"))
            return no_display();
        if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) < 0)
            return no_display();
        bench_window b;
        if (window_open(&b.w, o) < 0) {
            fprintf(stderr, "neurone: cannot open a window: %s\n", SDL_GetError());
            window_close(&b.w);
            SDL_Quit();
            return 2;
        }
        SDL_RendererInfo info;
        SDL_GetRendererInfo(b.w.renderer, &info);
        printf("renderer: %s%s%s, %dx%d\n", b.w.raster ? "Neurone's CPU rasteriser shown through " : "",
               info.name, b.w.vsync ? " (reports vsync)" : "", o->width, o->height);
        ui = make_ui(b.w.scale);
        if (ui) {
            app_init(&a, ui, 2, 0);
            a.busy = 1;
            status = bench_loop(&a, o->frames, bench_window_frame, &b);
            app_shutdown(&a);
        }
        free_ui(ui);
        window_close(&b.w);
        SDL_Quit();
        return status;
    }
    bench_offscreen b = { .t = 0 };
    if (offscreen_open(&b.os, o->width, o->height, NULL) < 0)
        return 1;
    printf("renderer: Neurone's CPU rasteriser, offscreen, %dx%d\n", o->width, o->height);
    ui = make_ui(o->scale > 0 ? o->scale : 1);
    if (ui) {
        app_init(&a, ui, 2, 0);
        status = bench_loop(&a, o->frames, bench_offscreen_frame, &b);
        app_shutdown(&a);
    }
    free_ui(ui);
    offscreen_close(&b.os);
    return status;
}

/* ---- entry -------------------------------------------------------------------------------------- */

int app_main(int argc, char **argv)
{
    options o;
    lang_set(lang_from_env());
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(usage, stdout);
            fputs(demo_usage, stdout);
            return 0;
        }
    const char *lessons_dir = NULL;
    int check = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--lessons") == 0 && i + 1 < argc)
            lessons_dir = argv[++i];
        check |= strcmp(argv[i], "--check-lessons") == 0;
    }
    int lesson_errors = lesson_load(lessons_dir);
    if (check) {
        fputs(lesson_load_errors(), stderr);
        if (lesson_errors == 0)
            printf("%d lessons in %s: no errors\n", lesson_count(), lesson_dir());
        else
            printf("%s: %d error%s\n", lesson_dir(), lesson_errors, lesson_errors > 1 ? "s" : "");
        lesson_unload();
        return lesson_errors ? 1 : 0;
    }
    /* the app runs with what could be read; the instructor hears of the rest */
    fputs(lesson_load_errors(), stderr);
    if (parse_args(argc, argv, &o) < 0) {
        lesson_unload();
        return 2;
    }
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--list-lessons") == 0) {
            for (int k = 0; k < lesson_count(); k++)
                printf("%d\t%s\t%d\n", k + 1, lesson_get(k)->title, lesson_get(k)->n_pages);
            lesson_unload();
            return 0;
        }
    if (TTF_Init() < 0) {
        fprintf(stderr, "neurone: cannot start the font renderer: %s\n", TTF_GetError());
        lesson_unload();
        return 1;
    }
    int status;
    if (o.screenshot)
        status = screenshot(&o);
    else if (o.frame_bench) {
        leave_a_core_for_the_ui();
        status = frame_bench(&o);
    } else {
        leave_a_core_for_the_ui();
        status = run_window(&o);
    }
    TTF_Quit();
    data_free_all();
    lesson_unload();
    return status;
}
