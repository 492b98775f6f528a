/* backend.h — the table of operations that each engine implements, with the same signatures.
 * The CPU engine's table is the readable reference; the Vulkan engine's is checked against it.
 * fit, evaluate and predict only ever go through this table. */
#ifndef NEURONE_BACKEND_H
#define NEURONE_BACKEND_H

#include "nn.h"

/* Sums over one batch, as train_step computes them. */
typedef struct nn_step_result { double loss_sum, metric_sum; } nn_step_result;

typedef struct nn_backend {
    const char *name;             /* "cpu", "vulkan" */
    /* Creates the engine's state for m's current architecture (device, buffers, pipelines) in
     * m->be_state. On failure: -1 with a message, and m is left as it was. */
    int  (*attach)(nn_model *m);
    void (*detach)(nn_model *m);
    /* Host → engine: parameters and optimizer state, from m->params and m->opt_state. */
    int  (*upload)(nn_model *m);
    /* Engine → host: into m->params and m->opt_state. */
    int  (*download)(nn_model *m);
    /* The current parameters into dst (n_params floats), for snapshots: cheap, no state. */
    int  (*read_params)(nn_model *m, float *dst);
    /* Queues one training step on B rows: x (B, input_dim), y (B, y width). The rows are copied
     * before it returns. The hyperparameters are read from m->hp at every call. */
    int  (*step_submit)(nn_model *m, const float *x, const float *y, int B);
    /* Waits for the oldest queued step and returns its sums. */
    int  (*step_collect)(nn_model *m, nn_step_result *r);
    /* Forward pass only: out (B, output_dim) on the host. */
    int  (*forward)(nn_model *m, const float *x, int B, float *out);
    /* Steps that fit may queue before it collects the oldest: 1 for the CPU, more for a GPU, so
     * that reading a loss back never stalls the device. */
    int  max_in_flight;
} nn_backend;

extern const nn_backend nn_backend_cpu;
/* The Vulkan engine's table, or NULL when the library was built without it. */
const nn_backend *nn_backend_vulkan(void);

#endif
