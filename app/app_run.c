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
