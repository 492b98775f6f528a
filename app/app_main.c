/* app_main.c — the graphical program's entry (--help, --check-lessons, --list-lessons, then a
 * screenshot, the frame bench or the window), and --frame-bench: frame times while the MNIST
 * model trains, offscreen or in a window. */
#include <SDL.h>
#include <SDL_ttf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "app_run.h"
#include "cli.h"
#include "data.h"
#include "demo.h"
#include "lang.h"
#include "nn.h"
#include "offscreen.h"
#include "recorded.h"
#include "window.h"

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

/* Median, p95 and max of n times, and how many exceed limit_ms. */
static void print_times_over(const char *what, double *ms, int n, double limit_ms)
{
    qsort(ms, (size_t)n, sizeof *ms, cmp_double);
    int over = 0;
    for (int i = 0; i < n; i++)
        over += ms[i] > limit_ms;
    printf("%-28s median %6.2f ms   p95 %6.2f ms   max %6.2f ms   over %.1f ms: %d of %d\n", what, ms[n / 2],
           ms[(int)(n * 0.95)], ms[n - 1], limit_ms, over, n);
}

/* Work per frame against a 60 Hz frame's time. */
static void print_times(const char *what, double *ms, int n)
{
    print_times_over(what, ms, n, 1000.0 / 60);
}

/* The training scene on MNIST, 784-256-128-10, trained while frames are measured: a lesson's
 * directives, read by the lessons' parser. */
static const char bench_directives[] = "# Bench\n@scene training\n@dataset mnist\n@model 784-256-128-10 relu\n"
                                       "@epochs 100\n@batch_size 32\n\nFrames measured.\n";
/* --playground: the spiral with six hidden layers of eight, every neuron drawing its map */
static const char bench_playground[] = "# Bench\n@scene training\n@dataset spiral\n"
                                       "@model 2-8-8-8-8-8-8-2 tanh\n@epochs 1000\n@batch_size 10\n\nFrames measured.\n";
/* --weights: the images scene's Weights tab, the digits' 784-128-10 model's 128 tiles redrawn live */
static const char bench_weights[] = "# Bench\n@scene images\n@dataset mnist\n\n@tab weights\nFrames measured.\n";
static int bench_is_playground, bench_is_weights;

static int bench_loop(app *a, int frames, int (*one_frame)(void *, app *), void *ctx)
{
    const scene_class *c = bench_is_weights ? &scene_images : &scene_training;
    char err[512];
    const char *text = bench_is_weights ? bench_weights : bench_is_playground ? bench_playground : bench_directives;
    lesson_doc *d = lesson_parse(text, strlen(text), "bench", err, sizeof err);
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
    double t0 = app_now_s();
    c->advance(s, a, 0);
    double *work = malloc((size_t)frames * 5 * sizeof *work);
    if (!work)
        return 1;
    double *interval = work + frames, *build = work + 2 * frames, *draw = work + 3 * frames,
           *cpu = work + 4 * frames;
    double loaded = app_now_s();
    int idle = frames / 4 < 120 ? frames / 4 : 120, quit = 0;
    for (int i = 0; i < idle && !quit; i++) {
        double f0 = app_now_s(), c0 = app_thread_cpu_s();
        quit = one_frame(ctx, a);
        work[i] = (app_now_s() - f0) * 1000;
        cpu[i] = (app_thread_cpu_s() - c0) * 1000;
        double left = 1.0 / 60 - (app_now_s() - f0);
        if (left > 0.001)
            SDL_Delay((Uint32)(left * 1000));
    }
    printf("frame bench: %s; %ld cores, %d of them for training; "
           "load average %s(loading took %.1f s)\n",
           bench_is_weights      ? "the images scene's Weights tab, MNIST 784-128-10's 128 tiles"
           : bench_is_playground ? "the training scene, Playground's spiral 2-8-8-8-8-8-8-2 with every neuron's map"
                                 : "the training scene, MNIST 784-256-128-10",
           sysconf(_SC_NPROCESSORS_ONLN), app_training_threads,
           load_average(), loaded - t0);
    print_times("UI work, model idle", work, idle);
    print_times("  its CPU time", cpu, idle);
    c->play(s, a);
    double last = app_now_s(), start = last, deadline = last;
    int n = 0;
    for (; n < frames && !quit; n++) {
        double f0 = app_now_s(), c0 = app_thread_cpu_s();
        quit = one_frame(ctx, a);
        double f1 = app_now_s();
        cpu[n] = (app_thread_cpu_s() - c0) * 1000;
        work[n] = (f1 - f0) * 1000;
        build[n] = app_last_frame.build_ms;
        draw[n] = app_last_frame.draw_ms;
        /* pace like a 60 Hz display: each frame at its time of a fixed schedule */
        app_pace(&deadline, 1.0 / 60);
        double f2 = app_now_s();
        interval[n] = (f2 - last) * 1000;
        last = f2;
    }
    double elapsed = app_now_s() - start;
    printf("%d frames in %.1f s (%.1f fps) while the model trains:\n", n, elapsed, n / elapsed);
    print_times("UI work, model training", work, n);
    print_times("  of which building", build, n);
    print_times("  of which drawing", draw, n);
    print_times("  its CPU time", cpu, n);
    /* an interval is late when a frame was missed, not when the sleep woke a few microseconds
     * past the schedule (16.67 ms against 16.7) */
    print_times_over("frame interval", interval, n, 1000.0 / 60 * 1.5);
    if (c == &scene_training)
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

typedef struct bench_window { window w; } bench_window;

static int bench_window_frame(void *ctx, app *a)
{
    bench_window *b = ctx;
    window_events(&b->w, a, 0);
    window_frame(&b->w, a);
    return a->quit;
}

static int frame_bench(const app_options *o)
{
    ui_context *ui = NULL;
    app a;
    int status = 1;
    bench_is_playground = o->bench_playground;
    bench_is_weights = o->bench_weights;
    if (o->bench_window) {
        if (!getenv("DISPLAY") && !getenv("WAYLAND_DISPLAY"))
            return window_no_display();
        if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) < 0)
            return window_no_display();
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
        ui = app_make_ui(b.w.scale);
        if (ui) {
            app_init(&a, ui, 2, 0);
            a.busy = 1;
            status = bench_loop(&a, o->frames, bench_window_frame, &b);
            app_shutdown(&a);
        }
        app_free_ui(ui);
        window_close(&b.w);
        SDL_Quit();
        return status;
    }
    bench_offscreen b = { .t = 0 };
    if (offscreen_open(&b.os, o->width, o->height, NULL) < 0)
        return 1;
    printf("renderer: Neurone's CPU rasteriser, offscreen, %dx%d\n", o->width, o->height);
    ui = app_make_ui(o->scale > 0 ? o->scale : 1);
    if (ui) {
        app_init(&a, ui, 2, 0);
        status = bench_loop(&a, o->frames, bench_offscreen_frame, &b);
        app_shutdown(&a);
    }
    app_free_ui(ui);
    offscreen_close(&b.os);
    return status;
}

/* --check-lessons: the figures recorded on a real GPU, where the folder has them (a folder of an
 * instructor's own lessons may not); 1 when they are damaged, after printing why. */
static int check_recorded(const char *dir)
{
    char path[4096], err[512];
    recorded_table t;
    snprintf(path, sizeof path, "%s/%s", dir, RECORDED_FILE);
    if (access(path, F_OK) != 0 || recorded_load(dir, &t, err, sizeof err) == 0)
        return 0;
    fprintf(stderr, "%s\n", err);
    return 1;
}

/* ---- entry -------------------------------------------------------------------------------------- */

int app_main(int argc, char **argv)
{
    app_started_s = app_now_s();
    app_options o;
    lang_set(lang_from_env());
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(app_usage, stdout);
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
        lesson_errors += check_recorded(lesson_dir());
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
    if (app_parse_args(argc, argv, &o) < 0) {
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
    app_mark("lessons read");
    if (TTF_Init() < 0) {
        fprintf(stderr, "neurone: cannot start the font renderer: %s\n", TTF_GetError());
        lesson_unload();
        return 1;
    }
    int status;
    if (o.check_layout)
        status = app_check_layout(&o);
    else if (o.screenshot)
        status = app_screenshot(&o);
    else if (o.frame_bench) {
        app_leave_a_core_for_the_ui();
        status = frame_bench(&o);
    } else {
        app_leave_a_core_for_the_ui();
        status = app_run_window(&o);
    }
    TTF_Quit();
    data_free_all();
    lesson_unload();
    return status;
}
