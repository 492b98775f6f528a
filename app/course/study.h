/* study.h — the course's second exercise as a state machine without SDL: a student's table (a CSV
 * file or a built-in one) is opened and previewed, loaded with the student's choice of target and
 * features, split once, imputed and scaled on its training part, and an MLP and every classic
 * classifier are trained on that same split and kept, so that the app can show the scores and
 * predict a row that the student types. `neurone compare` (compare.c) runs the same pieces.
 *
 * The steps, in order (each fails with -1 and a message in s->error, and may be run again):
 *
 *     study s = { 0 };
 *     study_open(&s, "heart.csv");           header + first rows as text, default choice
 *     s.choice.target = 13;                  (the UI edits s.choice between steps)
 *     study_load(&s, NULL, &cancel);         the whole file, NaN kept where cells are missing
 *     study_histogram(&s, 0, 20, &lo, &hi, counts);
 *     study_run(&s, &(study_settings){ .scaler = "minmax" }, &cancel);
 *     study_predict_row(&s, "63,1,3,145", pred, msg, sizeof msg);
 *     study_free(&s);
 *
 * Threading (C11 atomics and pthreads, as the rest of the program). study_open, study_load and
 * study_run are meant for a worker thread; one step runs at a time on a study. While one runs, the
 * UI thread may call only study_get_status and study_get_history (they read s->live, whose fields
 * are C11 atomics), and set its own cancel flag. Every other field belongs to the worker until the
 * step returns; once the UI has joined the worker (pthread_join), or loaded with acquire order a
 * "done" flag that the worker stored with release order, the UI may read every field and edit
 * s->choice. study_histogram and study_predict_row read only: call them from the UI thread when
 * no step runs.
 *
 * Cancel: the steps take a `const atomic_int *cancel` owned by the caller (NULL: never); the UI
 * sets it with atomic_store_explicit(&flag, 1, memory_order_relaxed) and clears it before
 * starting the next step. Relaxed is enough: the flag carries no data, it only asks the worker to
 * stop, and the worker's results reach the UI through the join. study_load stops within about a
 * MiB of the file; study_run stops between models and within the MLP's training after the
 * current batch.
 *
 * No global state: two studies may run in two threads at once. */
#ifndef NEURONE_STUDY_H
#define NEURONE_STUDY_H

#include <stdatomic.h>
#include <stddef.h>

#include "nn.h"
#include "trainer.h"

/* The MLP, as the course's notebooks build one for a table: Dense(32, relu) -> Dense(16, relu)
 * -> Dense(classes, softmax), adam, sparse_categorical_crossentropy, batch 32. */
#define STUDY_MLP_UNITS_1 32
#define STUDY_MLP_UNITS_2 16
#define STUDY_MLP_EPOCHS 100
#define STUDY_MLP_BATCH 32

#define STUDY_PREVIEW_ROWS 20     /* rows of text that study_open reads */
#define STUDY_MAX_MODELS 8        /* the MLP and the classic kinds (nn_classifier_kind), room to spare */
#define STUDY_MAX_EPOCHS 1000     /* the longest MLP history kept live */

/* What study_load does with missing feature cells. */
enum {
    STUDY_MISSING_IMPUTE = 0, /* keep them (NaN) until study_run fills them from the training
                                 rows only: the mean, or the most frequent category */
    STUDY_MISSING_DROP,       /* leave out every row that has one (pandas' dropna) */
};

/* Where a worker stands, for study_get_status. */
enum {
    STUDY_IDLE = 0,
    STUDY_OPENING,
    STUDY_LOADING,            /* bytes_read of bytes_total */
    STUDY_TRAINING,           /* model is the one training; the MLP's epochs in the history */
    STUDY_DONE,
    STUDY_FAILED,             /* s->error says why */
    STUDY_CANCELLED,
};

/* ---- the table as opened -------------------------------------------------------------------- */

/* One column of the file, from the preview's rows. */
typedef struct study_column {
    const char *name;         /* points into s->preview; do not free */
    int numeric;              /* 1: every non-missing preview cell is a number; 0: text */
    int missing;              /* missing cells among the preview's rows */
} study_column;

/* The student's choice. study_open sets the defaults: the last column is the target, every other
 * one a feature. */
typedef struct study_choice {
    int target;               /* the class column, an index into s->column */
    unsigned char *feature;   /* (columns) 1: a feature (ignored at target). In s->choice it is
                                 owned by the study; the UI may toggle its bytes between steps */
    int missing;              /* STUDY_MISSING_IMPUTE (0) or STUDY_MISSING_DROP */
} study_choice;

/* ---- the table as loaded -------------------------------------------------------------------- */

/* One feature column of the loaded table, in the file's order (the order of s->report.column). */
typedef struct study_feature {
    const char *name;         /* points into s->report; do not free */
    int column;               /* its index in s->column */
    int categorical;          /* 1: text, one-hot encoded */
    int first, width;         /* its columns in s->data: first .. first + width - 1 (width 1 for a
                                 number, its categories for text, in sorted order) */
    long missing;             /* missing cells in the rows read */
} study_feature;

/* ---- training ------------------------------------------------------------------------------- */

/* Zero means the default, given after each field. */
typedef struct study_settings {
    float test_size;          /* 0.3: train_test_split's test fraction */
    unsigned seed;            /* 0: the split's, the MLP's and the random classifiers' seed */
    const char *scaler;       /* "standard" (NULL), "minmax" or "none"; fitted on the training rows */
    int epochs;               /* STUDY_MLP_EPOCHS; at most STUDY_MAX_EPOCHS */
    const trainer_config *mlp; /* the MLP's layers, activation, optimizer, rate and batch (the code
                                  panel's); NULL: the course's 32-16 relu, Adam, batch 32 */
} study_settings;

/* One trained model and its scores on the test rows. */
typedef struct study_model {
    char name[48];            /* "MLP", or scikit-learn's class name: "LogisticRegression", ... */
    const char *kind;         /* "mlp", or nn_classifier_kind(): static */
    int trained;              /* 1: fitted and scored; the scores below are valid */
    int failed;               /* 1: error says why (a cancelled model too) */
    char error[256];
    nn_metrics m;             /* accuracy, macro precision, recall, F1 */
    double seconds;           /* training time */
    int *cm;                  /* (classes, classes) cm[t * classes + p]: true t predicted p */
    nn_model *mlp;            /* kept for predictions (the MLP), or NULL */
    nn_classifier *classic;   /* kept for predictions (the others), or NULL */
} study_model;

/* One model's answer for a typed row. */
typedef struct study_prediction {
    int label;                /* the class index; -1 when the model has no fit */
    const char *class_name;   /* points into s->data.class_names; NULL when label is -1 */
    float probability;        /* the model's probability of that class (softmax, predict_proba) */
} study_prediction;

/* ---- what the UI reads while a worker runs -------------------------------------------------- */

/* Written by the worker, read by study_get_status / study_get_history from any thread: every
 * field is a C11 atomic, so that a read while the worker writes is defined. The counters and the
 * running means are independent numbers for display, read and written relaxed. The history is
 * published: the values for epoch e are stored before epochs_done becomes e + 1 with release
 * order, so a reader that loads epochs_done with acquire order sees them complete. The history's
 * values are atomics too because the next run starts again at epoch 0 while a reader may still
 * be copying the last run's. Do not read these fields directly: use the two functions below. */
typedef struct study_live {
    atomic_int stage;         /* STUDY_* */
    atomic_int model;         /* index in s->model of the model training now; -1 none */
    atomic_int models_done;
    atomic_llong bytes_read, bytes_total;
    atomic_int epochs, epochs_done;  /* the MLP's planned and finished epochs */
    atomic_int has_val;
    _Atomic float batch_loss, batch_accuracy;  /* the running means in the current epoch */
    _Atomic float loss[STUDY_MAX_EPOCHS], accuracy[STUDY_MAX_EPOCHS];
    _Atomic float val_loss[STUDY_MAX_EPOCHS], val_accuracy[STUDY_MAX_EPOCHS];
} study_live;

/* A copy of the live state. */
typedef struct study_status {
    int stage;                /* STUDY_* */
    int model;                /* the model training now, -1 none; its name: s->model[model].name
                                 once the step has returned, study_model_name(model) meanwhile */
    int models_done, models;  /* models finished (trained or failed), and in all */
    long long bytes_read, bytes_total;  /* while loading: the file on disk (compressed for gzip) */
    int epoch, epochs;        /* the MLP's finished epochs, and planned */
    float loss, accuracy;     /* the MLP's running means in the epoch under way */
} study_status;

/* ---- the study ------------------------------------------------------------------------------ */

typedef struct study {
    /* study_open */
    char *path;               /* the file, or the built-in table's name */
    int builtin;              /* 1: iris, wine, breast_cancer or digits */
    nn_dataset source;        /* that built-in table, whole */
    nn_table_preview preview; /* header and first rows as text (built from the dataset for a
                                 built-in table) */
    int columns;              /* columns of the file, the target included */
    study_column *column;     /* (columns) */
    study_choice choice;
    long estimated_rows;      /* from the preview's bytes per row and the file's size; exact for
                                 a built-in table and when the preview read the whole file */
    /* study_load */
    int loaded;
    nn_dataset data;          /* the whole table: features (n, dim), one-hot where text, NaN where
                                 missing (STUDY_MISSING_IMPUTE) until study_run; y the classes */
    nn_table_report report;   /* what the loader did; study_run adds the training fills */
    char *notes;              /* nn_table_report_text, the engine's English; rewritten by
                                 study_run. The app shows study_notes_text(&s->report, ...) */
    int features;
    study_feature *feature;   /* (features) the loaded feature columns */
    long *class_count;        /* (data.classes) rows of each class, for the class balance */
    /* study_run */
    int ran;                  /* 1: the split was made and every model tried (none cancelled) */
    study_settings settings;  /* as run, the defaults filled in */
    nn_dataset train, test;   /* the split, imputed and scaled (data is left as it was) */
    nn_scaler scaler;         /* fitted on train; dim 0 for "none" */
    float *fill;              /* (data.dim) what a missing cell becomes, before scaling: the
                                 training mean, or the most frequent category's one-hot row */
    int models;               /* models tried: s->model[0] is the MLP, then nn_classifier_kind order */
    study_model model[STUDY_MAX_MODELS];
    /* any thread, through study_get_status / study_get_history */
    study_live live;
    char error[1024];         /* the last step's message: file, line and field for bad input */
} study;

/* Opens path: a CSV file (plain or gzip), or "iris", "wine", "breast_cancer", "digits" when no
 * file of that name exists. Reads only the header and the first STUDY_PREVIEW_ROWS rows, so it is
 * fast for any size. Sets s->column, the default s->choice and s->estimated_rows; anything the
 * study held before is freed first. A malformed row among those read fails with the engine's
 * message (file, line, column), s->preview keeping the rows before it. */
int  study_open(study *s, const char *path);
/* Loads the whole table with the choice c (NULL: s->choice; otherwise c is copied into it):
 * the CSV loader (nn_load_table with NN_MISSING_KEEP, or NN_MISSING_DROP), with progress in
 * s->live and the cancel flag. Sets s->data, s->report, s->notes, s->feature, s->class_count;
 * forgets any earlier run. */
int  study_load(study *s, const study_choice *c, const atomic_int *cancel);
/* Feature f's histogram per class over the loaded rows (missing cells skipped), as the course's
 * notebook draws one. A number: bins equal bins from *lo to *hi (its smallest and largest value;
 * the last bin includes *hi). Text: one bin per category, in s->data's one-hot order, *lo 0 and
 * *hi the category count (bins must be at least that). counts (classes, bins), row c for class c.
 * Returns the bins used, or -1 (nothing loaded, f or bins out of range). */
int  study_histogram(const study *s, int f, int bins, float *lo, float *hi, int *counts);
/* One split (train_test_split: set->test_size, set->seed), missing cells filled from the training
 * rows (nn_impute_train_test), the scaler fitted on the training rows, then the MLP and every
 * classic classifier trained on the training rows and scored on the test rows, each kept in
 * s->model. set may be NULL. A model that fails is marked failed and the others go on; -1 only
 * when no model could be tried, or on cancel (the models finished before it are kept). */
int  study_run(study *s, const study_settings *set, const atomic_int *cancel);
/* Predicts one row that the student typed: the feature columns' values in s->feature's order,
 * comma-separated; numbers with '.', a category's text for a text column, empty or "?" for a
 * missing value (filled as the training rows' were). The row is encoded as the loader did,
 * scaled with s->scaler, and every model of s->model answers: out (s->models). -1 with msg set
 * for a malformed row, naming the field: 'field 3 (chol): "abc" is not a number'. */
int  study_predict_row(const study *s, const char *text, study_prediction *out, char *msg,
                       size_t msg_size);
/* What the loader and the split did to the table (r: s->report), as a few lines for the student
 * in their language, written from r's fields: french 1 for French, 0 for English (word for word
 * nn_table_report_text), such as
 *   "age : 23 valeurs manquantes remplacées par la moyenne des lignes d'entraînement, 54.92"
 *   "chest_pain : texte, encodé en one-hot sur 4 colonnes"
 * Numbers with '.', as the scenes print them. Returns the length it needed (as snprintf); out may
 * be NULL when size is 0; "" when nothing was done. No allocation: fine in a frame. */
int  study_notes_text(const nn_table_report *r, int french, char *out, size_t size);
/* Frees everything the study holds and zeroes it; safe on a zeroed or failed study. Not while a
 * step runs (study_open itself starts over without disturbing s->live's readers). */
void study_free(study *s);
/* After study_run: the results as CSV (a header, then one row per model: name, kind, accuracy,
 * macro precision, recall, F1, seconds, "ok" or the failure) or as JSON (the data, target, split
 * and settings, then the models); malloc'd, its length in *len; NULL when out of memory. The
 * scores are fractions (0.8731), as scikit-learn's. */
char *study_results_csv(const study *s, size_t *len);
char *study_results_json(const study *s, size_t *len);

/* The live state, from any thread. */
void study_get_status(const study *s, study_status *out);
/* Copies the MLP's finished epochs, up to max, into the arrays (each may be NULL); returns how
 * many. val_loss and val_accuracy are NaN when the fit has no validation. From any thread. */
int  study_get_history(const study *s, float *loss, float *accuracy, float *val_loss,
                       float *val_accuracy, int max);

/* ---- the pieces that `neurone compare` shares ----------------------------------------------- */

/* 1 when name is a built-in table and no file of that name exists in the working folder. */
int  study_is_builtin(const char *name);
/* Models that study_run trains: the MLP and every nn_classifier_kind. */
int  study_model_count(void);
/* Model i's display name before it has trained: "MLP", then scikit-learn's class names; static,
 * no allocation (fine in a frame). */
const char *study_model_name(int i);
/* The split: train_test_split(all, test_size, seed), then nn_impute_train_test (report may be
 * NULL when all has no text column), then the scaler ("minmax", "standard", "none") fitted on
 * train; scaler receives it (dim 0 for "none"), or pass NULL to drop it. On failure nothing is
 * left to free, and nn_error() says why. */
int  study_split(const nn_dataset *all, nn_table_report *report, float test_size, unsigned seed,
                 const char *scaler, nn_dataset *train, nn_dataset *test, nn_scaler *fitted);
/* Trains model i (0: the MLP with set's epochs and seed; then nn_classifier_kind(i - 1)) on train
 * and scores it on test, keeping it in out (zeroed first). live (NULL: none) gets the MLP's
 * epochs; cancel (NULL: never) stops it. 0, or -1 with out->failed and out->error. */
int  study_train_model(study_model *out, int i, const nn_dataset *train, const nn_dataset *test,
                       const study_settings *set, study_live *live, const atomic_int *cancel);
void study_model_free(study_model *m);

#endif
