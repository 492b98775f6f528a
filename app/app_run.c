/* app_run.c — what the window, the screenshot and the frame bench share: the clock, the widget
 * layer with its fonts, the cores left for the UI, the last frame's cost. */
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "app_run.h"
#include "nn.h"

/* CPU time of the calling thread: what a frame costs, whatever else the machine runs. */
double app_thread_cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

double app_now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int app_training_threads;

void app_pace(double *deadline, double period)
{
    double now = app_now_s();
    *deadline += period;
    if (*deadline < now - period) /* more than a frame behind (a slow frame, a pause): from now on */
        *deadline = now;
    struct timespec left = { 0, 0 };
    double wait = *deadline - now;
    if (wait <= 0)
        return;
    left.tv_sec = (time_t)wait;
    left.tv_nsec = (long)((wait - (double)left.tv_sec) * 1e9);
    while (nanosleep(&left, &left) != 0)
        ;
}

/* ---- the start-up's cost ------------------------------------------------------------------------- */

double app_started_s;
typedef struct app_mark_at { const char *what; double at; } app_mark_at;
static app_mark_at marks[APP_MARKS];
static int n_marks;

void app_mark(const char *what)
{
    if (n_marks < APP_MARKS)
        marks[n_marks++] = (app_mark_at){ what, app_now_s() };
}

void app_marks_print(FILE *f)
{
    /* the last mark is the frame on the screen: the figure the benchmark and the test read */
    if (n_marks)
        fprintf(f, "first frame: %.1f ms\n", (marks[n_marks - 1].at - app_started_s) * 1000);
    double prev = app_started_s;
    for (int i = 0; i < n_marks; i++) {
        fprintf(f, "  %-28s %7.1f ms  (+%.1f)\n", marks[i].what, (marks[i].at - app_started_s) * 1000,
                (marks[i].at - prev) * 1000);
        prev = marks[i].at;
    }
}

app_frame_cost app_last_frame;

void app_leave_a_core_for_the_ui(void)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    app_training_threads = cores > 1 ? (int)cores - 1 : 1;
    nn_set_threads(app_training_threads);
}

/* The UI with fonts at this scale; NULL after printing why. */
ui_context *app_make_ui(float scale)
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

void app_free_ui(ui_context *ui)
{
    if (!ui)
        return;
    app_free_fonts(ui);
    ui_free(ui);
}
