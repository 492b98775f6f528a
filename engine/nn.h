/* nn.h — Neurone's training engine: a Keras-shaped API in plain C.
 *
 * Conventions
 *   - Every function that returns int returns 0 on success, or -1 with a message in nn_error().
 *     Functions returning pointers return NULL on failure, with a message in nn_error().
 *   - The library never exits, aborts or prints on bad input; it prints only the Keras progress
 *     display, when asked to (nn_fit_args.verbose).
 *   - Arrays are row-major float32. x is (n, input_dim). y depends on the loss:
 *       categorical_crossentropy         (n, classes) one-hot rows
 *       sparse_categorical_crossentropy  (n)          class indices stored as floats
 *       binary_crossentropy              (n, units)   0 or 1
 *       mse / mean_squared_error / mae   (n, units)   targets
 *   - Layers are numbered as Keras's model.layers: Flatten and Softmax count, the Input does not.
 *   - Names follow Keras (Sequential, Dense, compile, fit, epochs, batch_size, validation_split).
 */
#ifndef NEURONE_NN_H
#define NEURONE_NN_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct nn_model nn_model;

/* ---- training progress, handed to callbacks ------------------------------------------------ */

typedef struct nn_progress {
    int epoch, epochs;     /* epoch is 0-based */
    int batch, batches;    /* batch is 0-based within the epoch; batches per epoch */
    int seen;              /* training samples seen so far in this epoch */
    float loss, metric;    /* running batch-size-weighted means over this epoch */
    int has_metric;
    int has_val;           /* val_loss / val_metric are set (epoch end only) */
    float val_loss, val_metric;
    double seconds;        /* wall time since fit started */
} nn_progress;

/* A callback returns 0 to go on, non-zero to stop training (fit then returns 0: a requested
 * stop is not an error). Callbacks run on the thread that called nn_fit. */
typedef int (*nn_callback)(const nn_progress *p, void *user);

typedef struct nn_fit_args {
    int epochs;             /* 0 -> 1 */
    int batch_size;         /* 0 -> 32 */
    int no_shuffle;         /* Keras shuffles by default; 1 = shuffle=False */
    float validation_split; /* the last fraction of the samples, taken before shuffling */
    unsigned seed;          /* shuffling seed; the same seed gives the same run */
    int verbose;            /* 0 silent, 1 Keras progress bar, 2 one line per epoch */
    /* validation_data=(x, y): used instead of validation_split when validation_n > 0 */
    const float *validation_x, *validation_y;
    int validation_n;
    nn_callback on_batch_end; /* after every batch */
    nn_callback on_epoch_end; /* after every epoch, with validation values */
    void *user;               /* handed to both callbacks */
    FILE *progress;           /* where verbose output goes; NULL -> stdout, as Keras */
} nn_fit_args;

/* Per-epoch values. metric and val_* are NULL when there is no metric or no validation. */
typedef struct nn_history { int epochs; float *loss, *metric, *val_loss, *val_metric; } nn_history;

/* ---- building a model ------------------------------------------------------------------------ */

nn_model *nn_sequential(void);
/* Dense: out = activation(in · kernel + bias); kernel (in, units), bias (units).
 * activation: "relu", "sigmoid", "tanh", "softmax", "linear" (or NULL / "None"), "leaky_relu",
 * "elu", "gelu". input_dim on the first layer (unless nn_add_input came first), else 0. */
int  nn_add_dense(nn_model *m, int units, const char *activation, int input_dim);
/* Dense with Keras's other arguments; a zero field is Keras's default. */
typedef struct nn_dense_args {
    int units;
    const char *activation;          /* NULL -> linear */
    int input_dim;                   /* 0 -> from the previous layer */
    int no_bias;                     /* 1 -> use_bias=False: kernel only, no bias parameters */
    /* "glorot_uniform", "glorot_normal", "he_uniform", "he_normal", "lecun_uniform",
     * "lecun_normal", "random_uniform" (±0.05), "random_normal" (sd 0.05), "zeros", "ones";
     * the *_normal variance-scaling ones are truncated at two standard deviations, as Keras's */
    const char *kernel_initializer;  /* NULL -> "glorot_uniform" */
    const char *bias_initializer;    /* NULL -> "zeros" */
    /* keras.regularizers.l2(x) -> x: adds x·Σw² to the loss (fit's and evaluate's) and 2x·w to
     * the kernel's gradient */
    float kernel_l2;                 /* 0 -> no regularizer */
    /* keras.regularizers.l1(x) -> x: adds x·Σ|w| to the loss and x·sign(w) to the kernel's
     * gradient; l1_l2(l1=a, l2=b) sets both fields */
    float kernel_l1;                 /* 0 -> no regularizer */
} nn_dense_args;
int  nn_add_dense_args(nn_model *m, const nn_dense_args *a);
/* Dropout(rate): during fit, each unit is zeroed with probability rate and the rest scaled by
 * 1/(1-rate); the identity in evaluate and predict. 0 <= rate < 1. The mask is a hash of the
 * model's seed, the layer, the optimizer step and the unit: the same seed gives the same run. */
int  nn_add_dropout(nn_model *m, float rate);
/* Keras Input(shape): the shape of one sample, e.g. {28, 28}; ndim 1..3. */
int  nn_add_input(nn_model *m, int ndim, const int *shape);
/* Flatten: (None, 28, 28) -> (None, 784); no parameters. */
int  nn_add_flatten(nn_model *m);
/* Softmax layer: f(x)_i = exp(x_i) / sum_j exp(x_j), over the last axis. */
int  nn_add_softmax(nn_model *m);
/* Re-draws every kernel and bias with its layer's initializers (glorot_uniform and zeros unless
 * nn_add_dense_args chose others) from this seed; the seed also drives Dropout's masks. */
int  nn_set_seed(nn_model *m, unsigned seed);
/* Name given by model.summary(); default "sequential". Copied. */
int  nn_set_name(nn_model *m, const char *name);

/* optimizer: "sgd", "adam", "rmsprop", "adagrad". loss: "categorical_crossentropy",
 * "sparse_categorical_crossentropy", "binary_crossentropy", "mse" / "mean_squared_error", "mae" /
 * "mean_absolute_error". metric: "accuracy" (resolved from the loss and shapes, as Keras) or NULL.
 * Compiling again resets the optimizer state but keeps the weights, as Keras. */
int  nn_compile(nn_model *m, const char *optimizer, const char *loss, const char *metric);
/* The engine's names, the one list each (the app's menus and the lesson checks read them): i from
 * 0 until NULL, in a fixed order. Static; do not free. */
const char *nn_activation_at(int i);   /* "linear", "relu", "sigmoid", "tanh", "softmax", ... */
const char *nn_loss_at(int i);         /* "categorical_crossentropy", ... */
const char *nn_optimizer_at(int i);    /* "sgd", "adam", "rmsprop", "adagrad" */
/* After compile. learning_rate, momentum, nesterov (0/1), beta_1, beta_2, epsilon, rho,
 * initial_accumulator_value. */
int  nn_set_optimizer_param(nn_model *m, const char *name, double value);
/* After compile. "from_logits" (0/1) for the cross-entropies. */
int  nn_set_loss_param(nn_model *m, const char *name, double value);

/* kernel (in, out) row-major, as Keras get_weights(); bias (out). Only layers with weights.
 * A layer without bias (use_bias=False) ignores bias, which may then be NULL. */
int  nn_set_weights(nn_model *m, int layer, const float *kernel, const float *bias);
int  nn_get_weights(const nn_model *m, int layer, float *kernel, float *bias);

/* ---- training and inference ------------------------------------------------------------------- */

/* h may be NULL; otherwise it is filled and must be released with nn_history_free.
 * A loss that becomes NaN or Inf stops fit with -1 and a message naming epoch and batch. */
int  nn_fit(nn_model *m, const float *x, const float *y, int n, const nn_fit_args *a, nn_history *h);
/* Keras evaluate(batch_size=32): mean loss and metric over the n samples; metric may be NULL. */
int  nn_evaluate(nn_model *m, const float *x, const float *y, int n, float *loss, float *metric);
/* out (n, output_dim) */
int  nn_predict(nn_model *m, const float *x, int n, float *out);
/* One optimizer step on one batch (Keras train_on_batch); loss/metric may be NULL. */
int  nn_train_on_batch(nn_model *m, const float *x, const float *y, int n, float *loss, float *metric);
/* The output of every layer for one sample: acts receives the layers' outputs one after the
 * other (sum of nn_layer_info().units over all layers floats). For the network viewer. */
int  nn_forward_layers(nn_model *m, const float *x, float *acts);
/* The L2 norm of each Dense kernel's gradient over the last training batch (the regularizers'
 * share included), in the order of the Dense layers, into norms[0..n-1]; returns how many Dense
 * layers the model has (norms beyond n are not written). Valid on the thread that trains, after
 * a batch (from fit's callbacks, or after train_on_batch). The Vulkan engine keeps its gradients
 * on the device: there it returns -1 without writing. For Playground's vanishing gradients. */
int  nn_grad_norms(const nn_model *m, float *norms, int n);
/* Sets kernel[i][j] of Dense layer `layer` to value; on the thread that trains, also between two
 * batches of a fit (from its callbacks), and the snapshot is published again so that a watching
 * thread sees the change. The Vulkan engine holds the weights on the device during a fit: there
 * it fails (-1) inside a fit, and works between fits. */
int  nn_set_weight(nn_model *m, int layer, int i, int j, float value);
/* Asks a fit running on another thread to stop after its current batch. Thread-safe. */
void nn_request_stop(nn_model *m);

/* Keras 3 model.summary() text. */
void nn_summary(const nn_model *m, FILE *out);
/* The same text in a NUL-terminated string, malloc'd (free it); NULL out of memory. */
char *nn_summary_text(const nn_model *m);

/* ---- inspecting a model ------------------------------------------------------------------------ */

typedef struct nn_layer_info {
    const char *name;       /* "dense_1"; points into the model, do not free */
    const char *kind;       /* "Dense", "Flatten", "Softmax", "Dropout" */
    const char *activation; /* "relu", ... or "linear"; NULL when the layer has none */
    int inputs, units;      /* flattened input and output widths */
    long params;            /* kernel + bias (none with use_bias=False) */
    float rate;             /* Dropout's rate; 0 for the other kinds */
} nn_layer_info;

int  nn_layer_count(const nn_model *m);
int  nn_layer_info_get(const nn_model *m, int layer, nn_layer_info *info);
int  nn_input_dim(const nn_model *m);   /* flattened; 0 before the first layer */
int  nn_output_dim(const nn_model *m);
long nn_count_params(const nn_model *m);

/* ---- snapshots, for a UI thread that watches a fit running elsewhere ---------------------------- */

typedef struct nn_snapshot_info {
    long version;          /* grows by one per published snapshot; 0 = none yet */
    int epoch, batch;      /* where training stood */
    float loss, metric;    /* running epoch means at that point */
} nn_snapshot_info;

/* Copies the latest published weights into params (nn_count_params floats, layer after layer,
 * kernel then bias, when the layer has one) and asks the trainer to publish a fresh copy after its next batch. Before any
 * fit, or between fits, the copy is of the current weights. Thread-safe, never blocks for long. */
int  nn_snapshot_read(nn_model *m, float *params, size_t n_params, nn_snapshot_info *info);

/* ---- backends, saving, errors ----------------------------------------------------------------- */

int  nn_use_backend(nn_model *m, const char *name); /* "cpu" or "vulkan"; a failure leaves the model on its engine */
const char *nn_backend_name(const nn_model *m);
/* When a device failed during nn_fit (lost, out of memory...), fit goes on on the CPU engine from
 * the same weights, optimizer state and step, and returns 0; this says what failed and that the
 * CPU engine took over (NULL while nothing failed). Read it after fit, or from a callback. */
const char *nn_engine_note(const nn_model *m);
/* CPU worker threads (default: the number of online cores). */
int  nn_set_threads(int threads);

/* ---- Vulkan devices -----------------------------------------------------------------------------
 * nn_use_backend(m, "vulkan") trains on one Vulkan device. By default it is the first discrete GPU,
 * else the first integrated GPU, else a virtual GPU, else a CPU implementation such as Mesa's
 * lavapipe. NEURONE_VK_DEVICE=<index or part of a name> or nn_vulkan_select_device choose another.
 * libvulkan is loaded at run time: without it (or without a driver) these calls fail with a
 * message, and every model stays on the CPU engine. */

typedef struct nn_vulkan_device {
    int index;             /* in the Vulkan loader's order: what NEURONE_VK_DEVICE=<index> picks */
    char name[256];        /* "NVIDIA GeForce RTX 4060 Ti", "llvmpipe (LLVM 15.0.6, 256 bits)" */
    const char *type;      /* "discrete GPU", "integrated GPU", "virtual GPU", "CPU" or "other";
                              static, do not free */
    int is_cpu;            /* 1 when the "GPU" is software running on the CPU, as lavapipe */
    char driver[256];      /* driver name and version, e.g. "llvmpipe, Mesa 22.3.6 (LLVM 15.0.6)" */
    char api_version[16];  /* "1.3.230" */
    size_t memory_bytes;   /* the largest device-local memory heap */
    int subgroup_size;     /* threads that run in lockstep: 8 on lavapipe, 32 on NVIDIA */
    int shared_memory_bytes, max_workgroup_size; /* compute limits */
} nn_vulkan_device;

/* How many Vulkan devices there are, or -1 with a message (no loader, no driver). */
int  nn_vulkan_device_count(void);
/* Fills info for device `index` (0 .. count-1). */
int  nn_vulkan_device_get(int index, nn_vulkan_device *info);
/* Chooses the device for the models that switch to the Vulkan engine from now on: an index ("1")
 * or part of a name, any case ("llvmpipe", "nvidia"). NULL or "" goes back to NEURONE_VK_DEVICE,
 * else the default order. Fails, changing nothing, when no device matches. Models already on the
 * Vulkan engine keep their device. */
int  nn_vulkan_select_device(const char *which);
/* The device that trains m; fails when m is not on the Vulkan engine. */
int  nn_vulkan_model_device(const nn_model *m, nn_vulkan_device *info);

/* Architecture, weights, optimizer and its state. Atomic (temporary file, then rename), with a
 * format version and a CRC-32 checksum. */
int  nn_save(const nn_model *m, const char *path);
nn_model *nn_load(const char *path);
/* The 8 bytes every file of nn_save begins with: a program tells a saved model by its contents. */
#define NN_SAVE_MAGIC "NEURONE\x1a"
#define NN_SAVE_MAGIC_LEN 8

const char *nn_error(void);                          /* message of the last failure, per thread */
void nn_history_free(nn_history *h);
void nn_free(nn_model *m);

/* ---- model descriptions (describe.c) ------------------------------------------------------------
 * A short text file that says, one statement a line, what a Keras script would build, so that a
 * model can be handed in without writing C (docs/grading.md). Words are separated by spaces;
 * '#' starts a comment; names are those of nn_add_dense and nn_compile:
 *
 *     name mnist_mlp                optional: the model's name
 *     input 28 28                   Input(shape=(28, 28)): once, before every layer
 *     flatten                       Flatten()
 *     dense 128 relu                Dense(128, activation="relu")
 *     dense 10                      Dense(10): linear when no activation is given
 *     softmax                       a Softmax layer
 *     dropout 0.2                   Dropout(0.2): 0 <= rate < 1
 *     compile adam sparse_categorical_crossentropy accuracy from_logits
 *                                   compile(optimizer, loss, metrics=["accuracy"]) with
 *                                   from_logits=True; once, after the layers; the last two optional
 *     param learning_rate 0.001     nn_set_optimizer_param, after compile
 *     batch_size 64                 the fit batch size its author chose (optional)
 *
 * Errors name the file, the line and the field, as in
 *     model.txt:4: dense units: "12x" is not a whole number in 1..65536 */

#define NN_DESCRIBE_MAX_PARAMS (1L << 25) /* the most parameters a description may ask for */

typedef struct nn_description {
    int batch_size;   /* from the batch_size line; 0 when there is none */
    int error_line;   /* after a failure: the line at fault (1-based), 0 for the whole file */
    int unreadable;   /* after a failure: 1 when the file could not be read at all */
} nn_description;

/* Builds and compiles the model that the file describes; its weights come from the default seed
 * (nn_set_seed draws others). d may be NULL. A saved model (nn_save's file) is refused with a
 * message that says so. */
nn_model *nn_describe_load(const char *path, nn_description *d);
/* The same from len bytes of text; `where` names it in messages. */
nn_model *nn_describe_parse(const char *text, size_t len, const char *where, nn_description *d);

/* What the model was compiled with, so that a program handed a saved model knows how to shape y
 * and read its outputs. Fails when m is not compiled. */
typedef struct nn_compile_info {
    const char *optimizer, *loss; /* as nn_compile names them; static, do not free */
    int has_metric;               /* compiled with "accuracy" */
    int from_logits;
    double learning_rate;
} nn_compile_info;
int  nn_get_compile_info(const nn_model *m, nn_compile_info *info);

#include "nn_data.h"

#ifdef __cplusplus
}
#endif
#endif
