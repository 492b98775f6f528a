/* model.h — the model's insides, shared by the engine's sources; never installed. */
#ifndef NEURONE_MODEL_H
#define NEURONE_MODEL_H

#include <pthread.h>
#include <stdatomic.h>

#include "backend.h"
#include "cpu/probe.h"
#include "internal.h"
#include "kinds.h"
#include "nn.h"

/* saved models store these numbers: a new kind goes at the end */
enum nn_layer_kind { LAYER_DENSE, LAYER_FLATTEN, LAYER_SOFTMAX, LAYER_DROPOUT };

/* Keras's initializers (layers.c), numbered as saved models store them */
#define NN_INITIALIZERS(X) \
    X(INIT_GLOROT_UNIFORM, "glorot_uniform") \
    X(INIT_GLOROT_NORMAL, "glorot_normal") \
    X(INIT_HE_UNIFORM, "he_uniform") \
    X(INIT_HE_NORMAL, "he_normal") \
    X(INIT_LECUN_UNIFORM, "lecun_uniform") \
    X(INIT_LECUN_NORMAL, "lecun_normal") \
    X(INIT_RANDOM_UNIFORM, "random_uniform") \
    X(INIT_RANDOM_NORMAL, "random_normal") \
    X(INIT_ZEROS, "zeros") \
    X(INIT_ONES, "ones")
#define NN_INIT_ENUM(e, name) e,
enum nn_init { NN_INITIALIZERS(NN_INIT_ENUM) INIT_COUNT };
#undef NN_INIT_ENUM

typedef struct nn_layer {
    int kind;
    int act;              /* enum nn_act; ACT_LINEAR for Flatten and Dropout */
    int in, out;          /* flattened widths */
    char name[32];        /* Keras's name: dense, dense_1, flatten, softmax, dropout */
    size_t w_off, b_off;  /* kernel (in, out) and bias (out) inside the parameter block */
    /* Dense: use_bias (0: no bias, b_off unused), initializers (enum nn_init), l1 and l2 factors */
    int use_bias, kernel_init, bias_init;
    float kernel_l2, kernel_l1;
    float rate;           /* Dropout's */
} nn_layer;

struct nn_model {
    char name[64];
    nn_layer *layers;
    int n_layers, cap_layers;
    int in_ndim, in_shape[3]; /* the declared Input shape; in_ndim 0 when none was declared */
    int input_dim;            /* flattened width of one sample; 0 until known */
    int n_dense;              /* how many Dense layers were named, for dense_N */
    int n_dropout;            /* the same for dropout_N */

    /* One allocation per lifetime: parameters, gradients, optimizer state, workspace. The
     * gradient and state blocks mirror the parameter block offset for offset. Each block, and
     * each state slot, starts on a 64-byte line (model_floats), so that threads that update
     * different rows of a kernel never write the same line (unless a row is shorter than one). */
    float *params;            /* (n_params) every kernel then bias, layer after layer */
    size_t n_params;
    float *grads;             /* (n_params) */
    float *opt_state;         /* (NN_OPT_SLOTS, slot_stride): slot s is model_slot(m, s) */
    size_t slot_stride;       /* n_params rounded up to whole lines of 16 floats */
    unsigned seed;
    nn_rng init_rng;

    /* compile() */
    int compiled;
    int opt, loss, metric, from_logits;
    nn_hparams hp;
    long iterations;          /* optimizer steps taken, Keras's optimizer.iterations */
    int training;             /* 1 while model_forward runs for a training step: Dropout drops */

    /* Workspace for one batch, sized for work_batch rows. For layer l: z[l] and a[l] are
     * (batch, layers[l].out); dbuf0/dbuf1 are (batch, widest) gradient ping-pong buffers. */
    float *work;
    int work_batch;
    float **z, **a;
    float *dbuf0, *dbuf1;

    /* snapshots for another thread */
    pthread_mutex_t snap_lock;
    float *snap;              /* (n_params) the last published copy */
    nn_snapshot_info snap_info;
    atomic_int snap_wanted;
    atomic_int fitting;
    atomic_int stop_requested;

    /* the engine that trains it: nn_backend_cpu, or the Vulkan engine with its state */
    const nn_backend *be;
    void *be_state;
    int be_stale;             /* 1: the host copy changed, upload it; 2: the architecture changed */
    int be_failed;            /* set by an engine whose device failed: fall back to the CPU */
    char engine_note[768];    /* the last fallback's message (nn_engine_note); "" when none */
    nn_step_result cpu_result;
    nn_thread_probe cpu_probe;  /* one thread or all for the CPU engine's steps */
};

/* Makes sure the workspace holds `batch` rows. */
int  model_reserve(nn_model *m, int batch);
/* Forward pass of B rows; returns the last layer's output a (B, out). */
const float *model_forward(nn_model *m, const float *x, int B);
/* Publishes the current weights as a snapshot when a reader asked for one. */
void model_publish(nn_model *m, int epoch, int batch, float loss, float metric, int force);
/* At the end of a fit, the host's weights (downloaded) into the published copy, before fitting is
 * cleared: readers never see m->params while a download writes them. */
void model_snapshot_settle(nn_model *m);
/* An initializer's Keras name; init must be one of enum nn_init. */
const char *model_init_name(int init);
/* Draws layer l's kernel and bias with its initializers, from m->init_rng (layers.c). */
void model_init_layer(nn_model *m, int l);
/* Appends a layer (model.c); a Dense one with use_bias also gets a bias. NULL on failure. */
nn_layer *model_push_layer(nn_model *m, int kind, int act, int in, int out, int use_bias,
                           const char *name);
/* Checks that m exists and is not training; -1 with a message naming fn. */
int  model_check(const nn_model *m, const char *fn);
/* Width that flows into the next layer: the last layer's output, else the declared input. */
int  model_current_width(const nn_model *m);
/* Σ over the layers of kernel_l1 · Σ |w| + kernel_l2 · Σ w²: what the regularizers add to the
 * loss of each sample. (The l2 in these names is historical: they count L1 too.) */
double model_l2_penalty(const nn_model *m);
/* 1 when a layer has an L1 or L2 regularizer. */
int  model_has_l2(const nn_model *m);
/* model_l2_penalty on the weights the engine holds now (a fit on another engine runs ahead of
 * the host copy); -1 with a message when the engine cannot read them. */
int  model_l2_penalty_now(nn_model *m, double *penalty);
/* n floats on a 64-byte boundary, or NULL; free() releases them. */
float *model_floats(size_t n);
/* Optimizer state slot s (0 or 1): n_params floats. */
static inline float *model_slot(const nn_model *m, int s) { return m->opt_state + (size_t)s * m->slot_stride; }
/* g += kernel_l1 · sign(w) + 2 · kernel_l2 · w on a block of layer L's kernel (rows of cols, ld
 * floats apart), when L is regularized (sign(0) = 0, as TensorFlow's gradient of |w|). */
void model_l2_gradient(const nn_layer *L, const float *w, float *g, long rows, long cols, long ld);
/* Dropout's forward (training) or its mask on a gradient: layer l, B rows, in place or not. */
void model_dropout(const nn_model *m, int l, float *out, const float *in, int B);

int  model_alloc_training(nn_model *m);
/* Before the engine runs: re-attach it after an architecture change, upload a changed host copy.
 * When that fails: with fall_back, the model goes on on the CPU engine (model_engine_fall_back)
 * and 0 comes back; without, as model_engine_end. */
int  model_engine_begin(nn_model *m, int fall_back);
/* The engine failed (be_failed, or an attach or upload error whose message nn_error holds): it is
 * detached, the model is on the CPU engine with the host copy (the weights, optimizer state and
 * step count of the engine's last sync) and engine_note says what failed. */
void model_engine_fall_back(nn_model *m);
/* After it ran with status rc: download the results to the host. When the engine failed (it set
 * be_failed: device lost, out of memory...), the model falls back to the CPU engine with the
 * weights it had before the call, and the message says so. Returns rc, or -1. */
int  model_engine_end(nn_model *m, int rc);

#endif
