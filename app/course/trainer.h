/* trainer.h — a model training in a worker thread, watched by the UI.
 *
 * The worker owns the model: it loads the data, builds and compiles the model, and runs Keras's
 * fit with callbacks. The UI never touches that model. It reads two things, both thread-safe:
 *   - the statistics (epoch, batch, running loss, the history of every epoch), copied under the
 *     trainer's lock by trainer_poll;
 *   - the weights, through the engine's nn_snapshot_read, copied into a second model, the view
 *     model, that belongs to the UI thread: the network viewer, the decision map and the
 *     predictions run on it.
 *
 * Play, pause and step are requests: the worker pauses inside fit's batch callback, so that a
 * paused model resumes exactly where it stood, and it pauses on a batch whose weights the snapshot
 * holds, so that the picture of a paused model is the model.
 */
#ifndef NEURONE_TRAINER_H
#define NEURONE_TRAINER_H

#include <stddef.h>

#include "data.h"
#include "nn.h"

enum { TRAINER_MAX_LAYERS = 6, TRAINER_MAX_EPOCHS = 1000, TRAINER_MAX_POINTS = 2048 };

/* Playground's input features, computed from a 2-D set's (x1, x2): bit i of trainer_config.features
 * is trainer_feature_names[i]. */
enum { TRAINER_F_X1 = 1, TRAINER_F_X2 = 2, TRAINER_F_X1SQ = 4, TRAINER_F_X2SQ = 8, TRAINER_F_X1X2 = 16,
       TRAINER_F_SIN1 = 32, TRAINER_F_SIN2 = 64, TRAINER_N_FEATURES = 7 };
extern const char *const trainer_feature_names[TRAINER_N_FEATURES]; /* "x1", "x2", "x1²", ... */

typedef enum trainer_reg { TRAINER_REG_NONE, TRAINER_REG_L1, TRAINER_REG_L2 } trainer_reg;

typedef struct trainer_config {
    char dataset[24];           /* a data_names entry */
    int points;                 /* playground sets: how many points (0: 500) */
    float noise;                /* playground sets: the label noise (0: 0.05) */
    int train_limit;            /* keep the first N training rows only (0: all) */
    int hidden;                 /* hidden layers */
    int units[TRAINER_MAX_LAYERS];
    char activation[16];        /* of the hidden layers; the output is softmax (regression: linear) */
    char optimizer[16];
    float learning_rate;        /* 0: the optimizer's Keras default */
    int batch_size;             /* 0: 32 */
    int epochs;                 /* per fit; play after the end runs as many again */
    char backend[16];           /* "cpu" (default) or "vulkan" */
    char loss[32];              /* "": sparse_categorical_crossentropy on class numbers;
                                   "categorical_crossentropy": on one-hot rows, made here */
    unsigned seed;
    /* Playground (2-D sets; zero: today's behaviour) */
    unsigned features;          /* TRAINER_F_* bits: the model's inputs; 0: x1 and x2 as they are
                                   (also on a table's two projected columns) */
    float test_ratio;           /* the test part of the points, 0.1..0.9 (0.05..0.95 accepted,
                                   else FAILED); 0: the data's own split (70/30) */
    unsigned data_seed;         /* the points drawn (Regenerate changes it); 0: the sets' fixed seed */
    int regression;             /* 1: the target is a value (the regression sets): one linear
                                   output, loss mse, no accuracy: the stats' metric and acc_hist
                                   stay 0. The regression sets (classes 0) imply it. */
    int project;                /* a table's two columns table_col[0], table_col[1] as the model's
                                   only inputs (standardised), so that its map can be drawn; on
                                   another set, or a column out of range: FAILED, with why */
    int table_col[2];
    trainer_reg reg;            /* every Dense kernel's regulariser ... */
    float reg_rate;             /* ... and its rate */
    float pace;                 /* at most this many epochs a second, so that a small model's
                                   learning can be watched; 0: as fast as it goes */
    char weights_from[1024];    /* a saved model (nn_save's file) whose weights the model starts
                                   from instead of random ones: its layers must have the shapes
                                   built here, else FAILED naming the file and the first layer
                                   that differs; "": random weights from seed */
} trainer_config;

typedef enum trainer_state {
    TRAINER_LOADING,  /* reading the data, building the model */
    TRAINER_READY,    /* built, not trained yet */
    TRAINER_RUNNING,
    TRAINER_PAUSED,
    TRAINER_DONE,     /* the epochs asked for are done; play goes on for as many more */
    TRAINER_FAILED    /* error holds the engine's or the loader's message */
} trainer_state;

typedef struct trainer_stats {
    trainer_state state;
    int epochs_done;            /* completed epochs, over all fits */
    int epochs_planned;
    int batch, batches;         /* within the current epoch: batches done, per epoch */
    long steps;                 /* batches done in all */
    long samples;               /* training samples seen */
    double seconds;             /* time spent training, pauses excluded */
    float loss, metric;         /* running means over the current epoch */
    int no_metric;              /* regression: no accuracy to show (metric stays 0) */
    int n_epochs;               /* history, one entry per completed epoch */
    float loss_hist[TRAINER_MAX_EPOCHS], acc_hist[TRAINER_MAX_EPOCHS];
    float val_loss_hist[TRAINER_MAX_EPOCHS], val_acc_hist[TRAINER_MAX_EPOCHS];
    float epoch_seconds[TRAINER_MAX_EPOCHS];
    /* per epoch, per Dense layer (up to TRAINER_MAX_LAYERS + 1): the L2 norm of the kernel's
     * gradient over the epoch's last batch (0 when the engine cannot say, e.g. on Vulkan) */
    float grad_norm[TRAINER_MAX_EPOCHS][TRAINER_MAX_LAYERS + 1];
    int n_points;               /* the running loss after batches (thinned): x in epochs, t in s */
    float point_x[TRAINER_MAX_POINTS], point_t[TRAINER_MAX_POINTS], point_loss[TRAINER_MAX_POINTS];
    char error[512];
    /* "" or, when the engine asked for (vulkan) failed to start or failed during training, what
     * failed and that the CPU engine took over: training goes on from the same weights */
    char notice[640];
} trainer_stats;

typedef struct trainer trainer;

/* Starts a worker that loads the data and builds the model; NULL only when out of memory or
 * threads. Errors later show in the stats (TRAINER_FAILED). */
trainer *trainer_create(const trainer_config *c);
/* Stops the fit after its current batch and joins the worker. */
void trainer_free(trainer *t);

void trainer_play(trainer *t);
void trainer_pause(trainer *t);
void trainer_step_batch(trainer *t);
void trainer_step_epoch(trainer *t);
/* Playground's input features of one 2-D point (x1, x2), as the model takes them: the columns
 * that c->features picks, in trainer_feature_names' order, or (features 0) x1 and x2 as they are.
 * out holds TRAINER_N_FEATURES floats; returns how many it wrote (the model's input width for a
 * 2-D set or a table's projection). For the maps, which run the view model on grid points. */
int trainer_features_of(const trainer_config *c, float x1, float x2, float *out);
/* Sets one weight of the training model, as a request the worker applies between batches (at
 * once when paused): kernel[i][j] of Dense layer `layer` (0-based among the model's layers) to
 * value; the view model follows at the next snapshot. For Playground's click on a connection.
 * Up to 64 requests wait at once; a bad index is dropped. The Vulkan engine holds the weights on
 * its device during a fit: there the edit waits for the fit's end (DONE or READY). */
void trainer_set_weight(trainer *t, int layer, int i, int j, float value);
/* Changes the pace (epochs a second, 0: no limit) of a running trainer. */
void trainer_set_pace(trainer *t, float pace);
/* Runs until `steps` batches are done in all, then pauses; waits for it (at most timeout_s).
 * For screenshots and tests: the same steps give the same model. Returns 0, or -1 on failure
 * or timeout. */
int trainer_run_steps(trainer *t, long steps, double timeout_s);
/* Waits until the data are loaded and the model built (at most timeout_s); 0 when ready. */
int trainer_wait_ready(trainer *t, double timeout_s);

/* Copies the statistics. */
void trainer_poll(trainer *t, trainer_stats *out);
/* After a failure, copies the message and returns 1, once; 0 otherwise. For a dialog that must
 * not come back after the student dismissed it. */
int trainer_error_once(trainer *t, char *buf, size_t n);
/* Brings the view model up to the latest snapshot; returns 1 when its weights changed, 0 when
 * not, -1 before the model exists or on failure. */
int trainer_sync_view(trainer *t);
/* The UI's copy of the model (NULL until built); for nn_predict and nn_forward_layers. */
nn_model *trainer_view(trainer *t);
/* The data, once the state is past LOADING; NULL before. With features or a projection, the
 * trainer's own transformed copy (rows as the model takes them), valid until trainer_free. */
const data_set *trainer_data(trainer *t);
const trainer_config *trainer_get_config(const trainer *t);
/* Where the training time goes: the backend's name once built ("cpu", "vulkan"). */
const char *trainer_backend(trainer *t);

#endif
