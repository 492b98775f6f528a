/* scene_compare.h — what the compare scene's files share, and nobody else includes:
 *
 *   scene_compare.c           the scene's life, its jobs (open, load, run) and the frame
 *   scene_compare_worker.c    the worker thread: pthreads, and C11 atomics for done and cancel
 *   scene_compare_draw.c      small drawing pieces that several tabs use
 *   scene_compare_data.c      tab 1, Data: a path, the drop zone, the built-in and recent tables
 *   scene_compare_preview.c   tab 2, Preview: the first rows and the choice, classes, histogram
 *   scene_compare_training.c  tab 3, Training: the settings, the models, the MLP's loss live
 *   scene_compare_results.c   tab 4, Results: the scores, the confusion matrix, a typed row
 *
 * Threads. Only the worker (scene_compare_worker.c) runs on another thread. While it runs
 * (s->job != JOB_NONE and s->running), it owns s->st but for s->st.live, which the tabs read
 * through study_get_status and study_get_history; the UI thread owns everything else in
 * compare_state. The worker's only other writes are s->job_rc before its release store of
 * s->done. */
#ifndef NEURONE_SCENE_COMPARE_H
#define NEURONE_SCENE_COMPARE_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

#include "app.h"
#include "scene_common.h"
#include "lesson.h"
#include "recent.h"
#include "study.h"

enum { TAB_DATA, TAB_PREVIEW, TAB_TRAINING, TAB_RESULTS, N_TABS };
enum { JOB_NONE, JOB_LOAD, JOB_RUN };
enum { HIST_BINS = 12, MAX_SHOWN_CLASSES = 10 };

typedef struct compare_state {
    study st;
    int opened;                  /* study_open succeeded: st.preview and st.column are valid */
    char first[64];              /* the lesson's table, opened when nothing else is */
    char first_target[128];      /* its target column (directive), "" for the last */
    int wants_play;
    /* the settings of the run */
    int scaler;                  /* index in scalers */
    float test_size;
    int epochs;
    study_settings run_settings; /* what the running job uses */
    trainer_config mlp;          /* the MLP, as the code panel shows and sets it */
    trainer_config run_mlp;      /* its copy for the running job (run_settings.mlp) */
    code_panel code;
    scene_data_shape shape;      /* the loaded table's, for the code; n 0: none loaded yet */
    uint64_t run_start;          /* SDL_GetPerformanceCounter when Run was pressed */
    /* the worker (scene_compare_worker.c) */
    pthread_t thread;            /* valid while running */
    int running;                 /* the UI thread's: a worker was started and not yet joined */
    atomic_int done;             /* the worker's last store (release): job_rc and st are final */
    int job, job_rc;             /* JOB_*, set by the UI thread; job_rc by the worker */
    atomic_int cancel;           /* set by the UI thread, read by the study (relaxed) */
    int stale;                   /* the choice changed since the load */
    /* the student's input */
    char path[1024];             /* the path field */
    char row[512];               /* the row to predict */
    recent_list recent;
    char msg[1200];              /* the last failure, shown in red; "" when none */
    /* the view */
    int tab, tab_of_page[LESSON_MAX_PAGES], n_tab_pages, last_page;
    float col_first;             /* the preview's first column shown */
    int hist_feature;            /* index into st.feature */
    int hist_valid, hist_bins;
    float hist_lo, hist_hi;
    int *hist;                   /* (classes, bins) */
    int selected;                /* the results' model */
    study_prediction pred[STUDY_MAX_MODELS];
    int pred_ok;
    char pred_msg[256];
    float loss[STUDY_MAX_EPOCHS], val_loss[STUDY_MAX_EPOCHS];
    char notes[4096];            /* the loader's notes in the app's language, rewritten each frame */
} compare_state;

/* ---- the worker (scene_compare_worker.c) ------------------------------------------------------ */

/* The job's work, on the calling thread: study_load (JOB_LOAD, or a stale choice), then study_run
 * (JOB_RUN); sets s->job_rc. The worker thread runs it; headless runs call it directly. */
void compare_job_work(compare_state *s);
/* Clears the cancel and done flags before a job, when no worker runs. */
void compare_worker_reset(compare_state *s);
/* Starts the worker thread on s->job; 0, or -1 when no thread could start. */
int  compare_worker_start(compare_state *s);
/* 1 once the worker has stored done and has been joined: s->st and s->job_rc are the UI's again.
 * 0 while it runs, or when none was started. */
int  compare_worker_finished(compare_state *s);
/* Asks a running worker to stop and waits for it (the study stops within a batch or a MiB). */
void compare_worker_stop(compare_state *s);
/* The Cancel buttons: ask the study to stop; the frame sees the end through the done flag. */
void compare_worker_cancel(compare_state *s);
/* 1 when the job was asked to stop (the UI's own flag, read back). */
int  compare_worker_cancelled(const compare_state *s);

/* ---- the scene's jobs (scene_compare.c) ------------------------------------------------------- */

void compare_start_job(compare_state *s, app *a, int job);
/* Loads the table with the current choice: here when it is small, else in the worker. */
void compare_load(compare_state *s, app *a);
/* Opens a table or a file; explicit 1: the student asked for it (the preview shows); 2: dropped
 * or --open (a failure also reaches the error dialog). */
void compare_open_source(compare_state *s, app *a, const char *path, int explicit);
/* What the loader and the split did, in the app's language; "" when nothing. Only when no job
 * runs: the report is the worker's meanwhile. */
const char *compare_notes_text(compare_state *s);
/* The file's first row, its features in the order a typed row takes them, into buf (n bytes). */
void compare_example_row(const compare_state *s, char *buf, size_t n);
/* s->row predicted by every model into s->pred, or s->pred_msg says why not. */
void compare_predict_row(compare_state *s);

/* ---- drawing pieces (scene_compare_draw.c) ---------------------------------------------------- */

/* A class's name for labels: the text of the target, or its index written into buf. */
const char *compare_class_name(const compare_state *s, int c, char *buf, size_t n);
/* A short name for a bar: "MLP", "kNN", ... */
const char *compare_short_name(const study_model *m);
/* Text clipped to a cell. */
void compare_cell_text(ui_context *ui, int font, const char *t, ui_rect r, int align, ui_color c);
/* The points a widget's label needs (ui->label_w), whatever the theme's type size. */
float compare_label_points(ui_context *ui, const char *label);
/* A progress bar with a Cancel button, for the worker's job: f in 0 .. 1. */
void compare_progress_row(compare_state *s, app *a, ui_rect r, const char *what, float f);
/* Where the worker stands, in words into buf (n bytes), and as a fraction, returned. */
float compare_job_progress(const compare_state *s, char *buf, size_t n);

/* ---- the tabs, one file each ------------------------------------------------------------------ */

void compare_tab_data(compare_state *s, app *a, ui_rect area);
void compare_tab_preview(compare_state *s, app *a, ui_rect area);
void compare_tab_training(compare_state *s, app *a, ui_rect area);
void compare_tab_results(compare_state *s, app *a, ui_rect area);

#endif
