/* keras_run.h — runs the course's Keras code on the engine: a script, or a notebook's cells one
 * after the other in one session (names carry over, as in Jupyter). What Keras prints (summary,
 * fit's progress, evaluate's line, the script's print lines) goes to opts.out; the lines it skips
 * (plots, def, loops, arbitrary NumPy) and Keras's warnings go to opts.notes, one line each. */
#ifndef NEURONE_KERAS_RUN_H
#define NEURONE_KERAS_RUN_H

#include <stddef.h>
#include <stdio.h>

#include "nn.h"

typedef struct keras_run_opts {
    const char *engine; /* "cpu" (NULL) or "vulkan" */
    int epochs;         /* > 0: every fit runs this many epochs instead (tests, quick checks) */
    FILE *out;          /* NULL -> stdout */
    FILE *notes;        /* NULL -> stderr */
    int display;        /* 1: as Jupyter, a source's last bare expression is shown (numbers, strings,
                           tuples, lists); for notebooks */
    int dry;            /* 1: check without training (the code panel): fit, evaluate and predict check
                           and record their arguments; load_data gives arrays of the dataset's shape
                           with no rows, reading no file; an unknown name or a line that does not
                           parse is an error, not a skip; nothing is printed unless out or notes is
                           given */
} keras_run_opts;

typedef struct keras_session keras_session;

/* opts is copied; NULL for the defaults. NULL when memory runs out. */
keras_session *keras_session_new(const keras_run_opts *opts);
/* Runs len bytes of Python; `where` names them in messages ("train.py", "nb.ipynb cell 4").
 * 0 when it ran (skipped lines are not failures), -1 on an error: keras_session_error() says
 * "where:line:col: what is wrong; what would be right". */
int  keras_session_run(keras_session *s, const char *src, size_t len, const char *where);
const char *keras_session_error(const keras_session *s);
/* Binds name to an array with no rows, for a dry session (the scene's x_train...): samples of
 * shape (shape[0], ..., shape[ndim - 1]) (ndim 1 to 3), or with ndim 0, labels 0 .. classes - 1.
 * 0, or -1 when the shape is not one or memory runs out. */
int keras_session_declare(keras_session *s, const char *name, int ndim, const int *shape, int classes);
/* The model bound to a name of the script ("model"), built; NULL when there is none. Points into
 * the session: do not free. */
nn_model *keras_session_model(keras_session *s, const char *name);
/* What the session has done, for `neurone run --json` and the tests. */
typedef struct keras_run_stats {
    int skipped;                  /* statements or cells skipped */
    int fits, epochs_run;         /* fit calls, and epochs over all of them */
    float last_loss, last_metric; /* the last fit's last epoch */
    int evaluated;                /* evaluate ran: eval_loss, eval_metric are set */
    float eval_loss, eval_metric;
    int warnings;
    double fit_seconds;           /* wall time in fit, over all of them */
} keras_run_stats;
void keras_session_stats(const keras_session *s, keras_run_stats *st);
void keras_session_free(keras_session *s);

/* What was skipped, in order: where ("nb.ipynb cell 3"), the line (0: the whole source) and why.
 * Points into the session. */
typedef struct keras_note { const char *where; int line; const char *reason; } keras_note;
int  keras_session_notes(const keras_session *s, const keras_note **notes);
/* Prints "where:line: skipped: why" on opts.notes and records it (a cell that is not Python). */
void keras_session_skip(keras_session *s, const char *where, int line, const char *why);
/* The model that fit, evaluate or summary used last (NULL: none), and every fit's epochs one after
 * the other: fit[i] is the 1-based fit call that epoch i belongs to; metric and val_* are NULL
 * when no epoch had them. Point into the session. */
nn_model *keras_session_last_model(const keras_session *s);
typedef struct keras_epochs { int n; const int *fit; const float *loss, *metric, *val_loss, *val_metric; } keras_epochs;
void keras_session_epochs(const keras_session *s, keras_epochs *e);

/* The figures the script would draw with matplotlib that the reader recognised in the lines it
 * skipped (keras_plots.c says which), in order, with copies of what they show; for `neurone run
 * --plots`. One figure is panels in rows of cols: each an image (h, w) and/or bars (classes
 * probabilities), with its true class. Point into the session. */
typedef struct keras_figure {
    const char *what;        /* "image" (one, with a colour bar), "samples" (a grid with class names),
                                "prediction", "predictions" (image and bars side by side),
                                "probabilities" (bars alone) */
    const char *where;       /* the source ("nb.ipynb cell 26") and line that began it */
    int line;
    int n, cols;             /* panels, and panels per row */
    int image_panels, bar_panels; /* 1: each panel shows its image; its bars */
    int h, w;                /* each image's size; 0 when there are none */
    float *images;           /* (n, h, w) as the script holds them (0..1 or 0..255), or NULL */
    int *labels;             /* (n) the true class, -1 when unknown */
    int classes;             /* probabilities per panel; 0 when none */
    float *probs;            /* (n, classes) or NULL */
    const char **names;      /* the script's class names, (n_names), or NULL: numbers instead */
    int n_names;
} keras_figure;
int  keras_session_figures(const keras_session *s, const keras_figure **figs);

/* 1 when the text is Python throughout (every character makes a token); otherwise 0, with the first
 * bad place's line, column and reason. A notebook cell that is not Python is skipped whole. */
int  keras_is_python(const char *src, size_t len, int *line, int *col, const char **why);

#endif
