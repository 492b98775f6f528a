/* app_run.h — the graphical program's parts (app_main.c's entry and frame bench, app_args.c,
 * app_run.c, offscreen.c and the window's files) share these: the options of a run, the clock,
 * the widget layer with its fonts, the last frame's cost. */
#ifndef NEURONE_APP_RUN_H
#define NEURONE_APP_RUN_H

#include <stdio.h>

#include "demo.h"
#include "ui.h"

typedef struct app_options {
    int lesson;               /* 0-based; -1: from the progress file */
    int page;
    int width, height;
    int steps;
    float scale;              /* 0: from the display */
    const char *screenshot;
    const char *open;         /* --open FILE: the comparison opens it, as a file dropped on the window */
    int frame_bench, frames, bench_window;
    int bench_playground;     /* --playground: the frame bench on Playground's spiral, every map drawn */
    int bench_weights;        /* --weights: on the images scene's Weights tab (784-128-10 on MNIST) */
    int fullscreen;
    int code;                 /* --code: the lesson's column on its Code tab */
    int check_layout;         /* --check-layout: every page checked for clipped and overlapping text */
    int first_frame;          /* --first-frame: open the window, show one frame, print what it took, quit */
    demo_options demo;        /* --demo and its options (demo.h) */
} app_options;

/* ---- the command line (app_args.c) --------------------------------------------------------------- */

extern const char app_usage[];
/* The integer in s, lo..hi, into *out: 0; or -1 after saying on stderr that flag expects one. */
int app_parse_int(const char *flag, const char *s, int lo, int hi, int *out);
/* Reads the options into o (after lesson_load, so that --lesson N counts the lessons read); 0, or -1
 * after printing what is wrong. --lessons, --list-lessons and --check-lessons are app_main's. */
int app_parse_args(int argc, char **argv, app_options *o);

/* ---- what the runs share (app_run.c) ------------------------------------------------------------- */

double app_now_s(void);        /* a monotonic clock, seconds */
double app_thread_cpu_s(void); /* the calling thread's CPU time: what a frame costs, whatever else runs */
/* Sleeps until the next frame's time, *deadline + period (*deadline 0 at first: now). Frames keep to
 * a fixed schedule, so that the sleep's own lateness is not added to every frame (sleeping "the
 * rest of 16.7 ms" gave 55 to 58 frames a second on a busy machine); a frame that ran more than a
 * period late starts the schedule again from now. */
void app_pace(double *deadline, double period);
/* Training threads while a window is shown: all the cores but one, which the UI keeps, so that
 * frames are not late while a big model trains (on two cores: one trains, one draws). */
extern int app_training_threads;
void app_leave_a_core_for_the_ui(void);
/* The widget layer with fonts at this scale; NULL after printing why. */
ui_context *app_make_ui(float scale);
void app_free_ui(ui_context *ui);
/* The last frame's cost, split: building it (the app and its scene) and drawing it; set by
 * window_frame and offscreen_frame, read by the frame bench. */
typedef struct app_frame_cost { double build_ms, draw_ms; } app_frame_cost;
extern app_frame_cost app_last_frame;

/* ---- the start-up's cost (--first-frame) ------------------------------------------------------- */

/* app_main's first moment: what the start-up marks count from. */
extern double app_started_s;
/* Records that the start-up reached `what` (a static string) now; the first APP_MARKS are kept. */
enum { APP_MARKS = 16 };
void app_mark(const char *what);
/* "first frame: 123.4 ms" and each mark's time since app_started_s, one a line, on f. */
void app_marks_print(FILE *f);

/* ---- the three runs ------------------------------------------------------------------------------ */

/* --screenshot: the lesson (or demo mode's frame) rendered offscreen into a PNG; the exit status. */
int app_screenshot(const app_options *o);
/* --check-layout (check_layout.c): each problem printed; 0 when none, 1 when some, 2 when it could not run. */
int app_check_layout(const app_options *o);
/* The workbench in its window until the student quits; the exit status (2: no display). */
int app_run_window(const app_options *o);

#endif
