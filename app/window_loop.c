/* window_loop.c — the workbench in its window: set up, then the main loop (events, full screen,
 * density, one frame, at most 60 a second, sleeping while nothing moves) until the student quits. */
#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>

#include "app.h"
#include "app_run.h"
#include "demo.h"
#include "lang.h"
#include "window.h"

/* SDL's video, or the exit status when there is no display to open a window on. */
static int start_video(void)
{
    const char *driver = getenv("SDL_VIDEODRIVER");
    if (!getenv("DISPLAY") && !getenv("WAYLAND_DISPLAY") && !(driver && *driver))
        return window_no_display();
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) < 0) {
        fprintf(stderr, "neurone: cannot open the display: %s\n", SDL_GetError());
        return window_no_display();
    }
    return 0;
}

/* The page the options ask for (and the file of --open), the lesson files' errors in the dialog. */
static void open_first_page(app *a, const app_options *o)
{
    if (lesson_load_errors()[0])
        app_error(a, TR("Des fichiers de leçon ont des erreurs (la liste est aussi sur la sortie d'erreur) :\n%s",
                        "Some lesson files have errors (also listed on standard error):\n%s"),
                  lesson_load_errors());
    if (o->lesson >= 0 || o->page > 0)
        app_go(a, a->lesson, o->page);
    a->show_code = o->code;
    if (o->open && app_open_file(a, o->open) == 0)
        app_go(a, a->lesson, o->page);
}

/* Demo mode's theme and type for the screen, and its frames in the window; 0, or -1 after printing
 * why. */
static int start_demo(window *w, app *a, demo *d, const app_options *o)
{
    int dw, dh;
    char err[4200];
    SDL_GetRendererOutputSize(w->renderer, &dw, &dh);
    if (demo_apply(a->ui, &o->demo, dw, dh, err, sizeof err) < 0) {
        fprintf(stderr, "neurone: cannot load the font %s\n", err);
        return -1;
    }
    w->scale = demo_scale(dw, dh);
    demo_start(d, &o->demo, a, o->demo.loops > 0 ? stdout : NULL);
    w->demo = d;
    return 0;
}

/* After demo mode's frame: the idle pointer hidden, the autoplay's clock kept ticking, the end of
 * its loops. */
static void follow_demo(window *w, app *a)
{
    /* nobody watches a pointer that stands still; it comes back when moved */
    if (app_now_s() - w->last_motion > 2)
        SDL_ShowCursor(SDL_DISABLE);
    a->busy |= w->demo->autoplaying; /* the autoplay's clock must tick */
    if (demo_done(w->demo))
        a->quit = 1;
}

/* The main loop: events, full screen, density, one frame; until the app quits. */
static void run_loop(window *w, app *a, const app_options *o)
{
    a->want_fullscreen = o->fullscreen || o->demo.on;
    int fullscreen = a->want_fullscreen;
    SDL_StartTextInput();
    SDL_EventState(SDL_DROPFILE, SDL_ENABLE);
    SDL_EventState(SDL_DROPTEXT, SDL_ENABLE);
    double last_input = app_now_s(), deadline = last_input;
    w->in.mouse_x = w->in.mouse_y = -1000;
    while (!a->quit) {
        double f0 = app_now_s();
        /* when nothing moves and nobody touches anything, sleep until an event (at most 0.25 s) */
        int idle = !a->busy && app_now_s() - last_input > 1.5;
        if (window_events(w, a, idle ? 250 : 0))
            last_input = app_now_s();
        if (a->want_fullscreen != fullscreen) {
            fullscreen = a->want_fullscreen;
            SDL_SetWindowFullscreen(w->win, fullscreen ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0);
        }
        window_rescale(w, a, o);
        window_frame(w, a);
        if (o->first_frame) {
            /* --first-frame: the frame is on the screen; what it took, then quit */
            app_last_frame.build_ms > 0 ? app_mark("first frame presented") : (void)0;
            app_marks_print(stdout);
            printf("  (of the frame: building %.1f ms, drawing %.1f ms)\n", app_last_frame.build_ms,
                   app_last_frame.draw_ms);
            a->quit = 1;
        }
        if (w->demo)
            follow_demo(w, a);
        /* at most 60 frames a second: a present that waits for the display already took the
         * time; one that does not (software renderers, whatever vsync they report) sleeps here */
        if (app_now_s() - f0 < 1.0 / 60 - 0.002)
            app_pace(&deadline, 1.0 / 60);
        else
            deadline = app_now_s();
    }
}

int app_run_window(const app_options *o)
{
    int video = start_video();
    if (video != 0)
        return video;
    app_mark("video started");
    window w;
    ui_context *ui = NULL;
    app a;
    demo d;
    int status = 1, started = 0, demo_on = 0;
    if (window_open(&w, o) < 0) {
        fprintf(stderr, "neurone: cannot open a window: %s\n", SDL_GetError());
        status = 2;
        goto out;
    }
    app_mark("window opened");
    ui = app_make_ui(w.scale);
    if (!ui)
        goto out;
    app_mark("fonts opened");
    app_init(&a, ui, o->lesson, 1);
    started = 1;
    open_first_page(&a, o);
    app_mark("first page set up");
    if (o->demo.on && start_demo(&w, &a, &d, o) < 0)
        goto out;
    demo_on = o->demo.on;
    if (o->demo.on)
        app_mark("demo mode's fonts opened");
    run_loop(&w, &a, o);
    status = 0;
    /* gone at once: stopping the trainers may take a moment (a batch, a dataset being read) */
    SDL_HideWindow(w.win);
    SDL_PumpEvents();
out:
    if (demo_on)
        demo_stop(&d); /* the --demo-log file, the zoom's images */
    if (started)
        app_shutdown(&a);
    app_free_ui(ui);
    window_close(&w);
    SDL_Quit();
    return status;
}
