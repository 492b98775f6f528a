/* model.h — the model's insides, shared by the engine's sources; never installed. */
#ifndef NEURONE_MODEL_H
#define NEURONE_MODEL_H

#include <pthread.h>
#include <stdatomic.h>

#include "backend.h"
#include "internal.h"
#include "kinds.h"
#include "nn.h"

enum nn_layer_kind { LAYER_DENSE, LAYER_FLATTEN, LAYER_SOFTMAX };

typedef struct nn_layer {
    int kind;
    int act;              /* enum nn_act; ACT_LINEAR for Flatten */
    int in, out;          /* flattened widths */
    char name[32];        /* Keras's name: dense, dense_1, flatten, softmax */
    size_t w_off, b_off;  /* kernel (in, out) and bias (out) inside the parameter block */
} nn_layer;

struct nn_model {
    char name[64];
    nn_layer *layers;
    int n_layers, cap_layers;
    int in_ndim, in_shape[3]; /* the declared Input shape; in_ndim 0 when none was declared */
    int input_dim;            /* flattened width of one sample; 0 until known */
    int n_dense;              /* how many Dense layers were named, for dense_N */

    /* One allocation per lifetime: parameters, gradients, optimizer state, workspace. The
     * gradient and state blocks mirror the parameter block offset for offset. */
    float *params;            /* (n_params) every kernel then bias, layer after layer */
    size_t n_params;
    float *grads;             /* (n_params) */
    float *opt_state;         /* (NN_OPT_SLOTS, n_params) */
    unsigned seed;
    nn_rng init_rng;

    /* compile() */
    int compiled;
    int opt, loss, metric, from_logits;
    nn_hparams hp;
    long iterations;          /* optimizer steps taken, Keras's optimizer.iterations */

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
    nn_step_result cpu_result;
};

/* Makes sure the workspace holds `batch` rows. */
int  model_reserve(nn_model *m, int batch);
/* Forward pass of B rows; returns the last layer's output a (B, out). */
const float *model_forward(nn_model *m, const float *x, int B);
/* Publishes the current weights as a snapshot when a reader asked for one. */
void model_publish(nn_model *m, int epoch, int batch, float loss, float metric, int force);
/* Glorot-uniform kernels, zero biases, for layer l. */
void model_init_layer(nn_model *m, int l);
int  model_alloc_training(nn_model *m);
/* Before the engine runs: re-attach it after an architecture change, upload a changed host copy. */
int  model_engine_begin(nn_model *m);
/* After it ran with status rc: download the results to the host. When the engine failed (it set
 * be_failed: device lost, out of memory...), the model falls back to the CPU engine with the
 * weights it had before the call, and the message says so. Returns rc, or -1. */
int  model_engine_end(nn_model *m, int rc);

#endif
