/* vk_engine.c — the Vulkan engine's backend table. A training step (copy the batch in, forward,
 * loss, backward, update, copy the per-row results out) is recorded once per slot of a staging
 * ring and replayed with one submit per step. fit queues up to VK_IN_FLIGHT steps before it
 * collects the oldest, so that reading a loss back never leaves the device idle.
 *
 * Memory, one allocation per lifetime:
 *   model (device-local)  params, grads, slot0, slot1 (n_params each), the step block
 *   transfer (host)       (3, n_params): params, slot0, slot1 on their way in or out
 *   workspace (device)    x, y, z and a of each layer, two gradient buffers, per-row results,
 *                         for `cap` rows: reallocated when a larger batch arrives
 *   ring (host)           VK_IN_FLIGHT + 1 slots: each a step block, x, y, results, output
 * Every buffer is bound whole; the kernels find their arrays through offsets in push constants. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../model.h"
#include "vk.h"

#define VK_IN_FLIGHT 3
#define VK_RING_SLOTS (VK_IN_FLIGHT + 1) /* the last slot serves forward() */
#define VK_SETS 5

typedef struct vk_model {
    vk_context *c;
    size_t n_params;

    /* model lifetime */
    vk_arena model_mem, transfer_mem;
    vk_buffer params, grads, slot0, slot1; /* (n_params) each */
    vk_buffer step;                        /* vk_step, copied in from the ring at each step */
    vk_buffer transfer;                    /* (3, n_params), host-visible */
    VkCommandPool pool;
    VkDescriptorPool dpool;
    /* bindings 1..4 of each set:
     *   fwd (work, params, work, params)   x·W + b
     *   dx  (work, params, work, work)     dy·Wᵀ ⊙ f'(z)
     *   dw  (work, work, grads, grads)     xᵀ·dy
     *   wk  (work, grads, work, work)      row kernels
     *   upd (params, grads, slot0, slot1)  optimizer */
    VkDescriptorSet set_fwd, set_dx, set_dw, set_wk, set_upd;
    VkCommandBuffer cmd_upload, cmd_download, cmd_snapshot;
    VkFence sync_fence;

    /* batch lifetime, for cap rows */
    int cap;
    vk_arena work_mem, ring_mem;
    vk_buffer work; /* device-local, see work_layout */
    vk_buffer ring; /* host-visible, VK_RING_SLOTS slots of slot_bytes */
    uint32_t *z_off, *a_off, *in_off; /* (n_layers) floats inside work */
    uint32_t x_off, y_off, d0_off, d1_off, rows_off;
    size_t slot_bytes, ring_x, ring_y, ring_rows, ring_out; /* bytes; inside a slot */
    VkCommandBuffer cmd_step[VK_IN_FLIGHT], cmd_forward;
    VkFence fence[VK_IN_FLIGHT];
    int steps_recorded;      /* cmd_step holds the step (only once the model is compiled) */
    int rows[VK_IN_FLIGHT];  /* each queued step's batch */
    int head, queued;        /* the slot that the next step takes; steps submitted, not collected */

    int dirty;               /* the device's parameters are newer than the host's */
    long iterations_synced;  /* m->iterations when the host copy was last current */
} vk_model;

static const nn_backend vk_table;

static size_t round16(size_t n) { return (n + 15) / 16 * 16; }

/* Floats per row of y for m's loss. */
static int y_width(const nn_model *m) { return m->loss == LOSS_SPARSE_CCE ? 1 : nn_output_dim(m); }

static int widest_layer(const nn_model *m)
{
    int w = 1;
    for (int l = 0; l < m->n_layers; l++)
        w = m->layers[l].out > w ? m->layers[l].out : w;
    return w;
}

/* The engine cannot go on (device lost, out of memory): the model falls back to the CPU engine
 * (model_engine_end) with the weights that its host copy holds, and the optimizer's step count
 * that goes with them. */
static void fall_back(nn_model *m)
{
    vk_model *v = m->be_state;
    m->be_failed = 1;
    m->iterations = v->iterations_synced;
}

/* A device call failed while m trained: fall back, with a message that names the call. */
static int device_failed(nn_model *m, VkResult r, const char *during)
{
    vk_model *v = m->be_state;
    char why[256]; /* a pipeline made at first use (VK_ERROR_INITIALIZATION_FAILED) said why */
    snprintf(why, sizeof why, "%s", nn_error());
    fall_back(m);
    if (r == VK_ERROR_INITIALIZATION_FAILED)
        return nn_fail("Vulkan: %s failed: %s", during,
                       strncmp(why, "Vulkan: ", 8) == 0 ? why + 8 : why);
    if (r == VK_ERROR_DEVICE_LOST)
        return vk_context_lost(v->c, during);
    return nn_fail("Vulkan: %s failed on %s (%s)", during, v->c->info.name, vk_result_name(r));
}

/* Submits cmd on the sync fence and waits: uploads, downloads, snapshots, forward passes. */
static VkResult run_sync(vk_model *v, VkCommandBuffer cmd)
{
    vk_context *c = v->c;
    c->fn.vkResetFences(c->device, 1, &v->sync_fence);
    VkResult r = vk_submit(c, cmd, v->sync_fence);
    return r == VK_SUCCESS ? vk_wait(c, v->sync_fence) : r;
}

static VkResult begin(vk_context *c, VkCommandBuffer cmd)
{
    VkCommandBufferBeginInfo info = { .sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO };
    return c->fn.vkBeginCommandBuffer(cmd, &info);
}

/* Ends a recording; a product whose pipeline failed to create (failed, its message set) makes it
 * VK_ERROR_INITIALIZATION_FAILED, which device_failed reports with that message. */
static VkResult end(vk_context *c, VkCommandBuffer cmd, int failed)
{
    VkResult r = c->fn.vkEndCommandBuffer(cmd);
    return failed && r == VK_SUCCESS ? VK_ERROR_INITIALIZATION_FAILED : r;
}

static void copy(vk_context *c, VkCommandBuffer cmd, const vk_buffer *src, size_t src_off,
                 const vk_buffer *dst, size_t dst_off, size_t bytes)
{
    VkBufferCopy region = { src_off, dst_off, bytes ? bytes : 4 };
    c->fn.vkCmdCopyBuffer(cmd, src->buf, dst->buf, 1, &region);
}

/* ---- the recorded passes --------------------------------------------------------------------------- */

/* Forward through every layer, for up to cap rows: z = x·W + b and a = f(z) in one product, then
 * a softmax kernel where the activation needs whole rows. Flatten layers cost nothing: their
 * output is their input. Dropout drops only in a training step's pass. */
static int record_forward(vk_model *v, const nn_model *m, VkCommandBuffer cmd, int training)
{
    vk_context *c = v->c;
    int failed = 0; /* a product's pipeline: the message is set */
    for (int l = 0; l < m->n_layers; l++) {
        const nn_layer *L = &m->layers[l];
        if (L->kind == LAYER_DENSE) {
            vk_matmul_push pc = {
                .M = (uint32_t)v->cap, .N = (uint32_t)L->out, .K = (uint32_t)L->in,
                .lda = (uint32_t)L->in, .ldb = (uint32_t)L->out, .ldc = (uint32_t)L->out,
                .a_off = v->in_off[l], .b_off = (uint32_t)L->w_off, .c_off = v->z_off[l],
                .d_off = L->use_bias ? (uint32_t)L->b_off : 0, .e_off = v->a_off[l],
                .act = L->act == ACT_SOFTMAX ? ACT_LINEAR : (uint32_t)L->act,
                .epilogue = VK_EPI_BIAS_ACT, .flags = VK_BATCH_M | (L->use_bias ? 0 : VK_NO_BIAS),
            };
            failed |= vk_cmd_matmul(c, cmd, v->set_fwd, VK_NN, &pc) < 0;
            vk_barrier_compute(c, cmd);
        }
        if (L->act == ACT_SOFTMAX) {
            vk_cmd_softmax(c, cmd, v->set_wk, (uint32_t)v->cap, (uint32_t)L->out, v->z_off[l], v->a_off[l]);
            vk_barrier_compute(c, cmd);
        }
        if (L->kind == LAYER_DROPOUT) {
            vk_cmd_dropout(c, cmd, v->set_wk, (uint32_t)v->cap, (uint32_t)L->out, v->in_off[l],
                           v->z_off[l], (uint32_t)l, L->rate, training);
            vk_barrier_compute(c, cmd);
        }
    }
    return failed ? -1 : 0;
}

/* The L1 and L2 regularizers: their penalty, on the weights before the step, into the float after the
 * rows' results (grad 0), or their share of the kernels' gradients (grad 1). Returns how many
 * layers have one. */
static int record_l2(vk_model *v, const nn_model *m, VkCommandBuffer cmd, int grad)
{
    int count = 0;
    for (int l = 0; l < m->n_layers; l++) {
        const nn_layer *L = &m->layers[l];
        if (L->kind != LAYER_DENSE || (L->kernel_l2 == 0.0f && L->kernel_l1 == 0.0f))
            continue;
        uint32_t n = (uint32_t)L->in * (uint32_t)L->out;
        if (grad)
            vk_cmd_l2_grad(v->c, cmd, v->set_upd, (uint32_t)L->w_off, n, L->kernel_l2, L->kernel_l1);
        else {
            /* each adds to the one before it: they run one after the other */
            if (count > 0)
                vk_barrier_compute(v->c, cmd);
            vk_cmd_l2_penalty(v->c, cmd, v->set_fwd, (uint32_t)L->w_off, n,
                              v->rows_off + 2 * (uint32_t)v->cap, count > 0, L->kernel_l2,
                              L->kernel_l1);
        }
        count++;
    }
    return count;
}

/* Loss and gradient, backward through the layers as backend_cpu.c's backward_update, then the
 * optimizer. A Dense layer takes two products: the weight gradient, which brings the bias
 * gradient with it (matmul.comp's ONES_ROW), and the input gradient. They write disjoint regions,
 * but of a buffer that the other reads: the validation layer's synchronisation checks see whole
 * bindings, so a barrier separates them, and the run stays free of hazard reports at the cost of
 * a little overlap between two dispatches. The input gradient's product also applies the
 * previous layer's activation derivative when that layer is a Dense one with an elementwise
 * activation; otherwise a separate kernel does, as the CPU engine's loop does. */
static int record_backward(vk_model *v, const nn_model *m, VkCommandBuffer cmd)
{
    vk_context *c = v->c;
    int failed = 0; /* a product's pipeline: the message is set */
    int L = m->n_layers;
    uint32_t cap = (uint32_t)v->cap;
    int first_dense = 0;
    while (m->layers[first_dense].kind != LAYER_DENSE)
        first_dense++;

    const nn_layer *last = &m->layers[L - 1];
    vk_loss_push lp = {
        .units = (uint32_t)last->out, .act = (uint32_t)last->act, .a_off = v->a_off[L - 1],
        .z_off = v->z_off[L - 1], .y_off = v->y_off, .d_off = v->d0_off, .rows_off = v->rows_off,
    };
    vk_cmd_loss(c, cmd, v->set_wk, cap, &lp);
    record_l2(v, m, cmd, 0);
    vk_barrier_compute(c, cmd);

    uint32_t d = v->d0_off, dnext = v->d1_off; /* (batch, layer width) */
    int grad_done = 1; /* d already holds dL/dz of layer l, not dL/da */
    for (int l = L - 1; l >= first_dense; l--) {
        const nn_layer *ly = &m->layers[l];
        if (!grad_done && ly->act == ACT_SOFTMAX) {
            vk_cmd_softmax_backward(c, cmd, v->set_wk, cap, (uint32_t)ly->out, d, v->a_off[l]);
            vk_barrier_compute(c, cmd);
        } else if (!grad_done && ly->act != ACT_LINEAR) {
            vk_cmd_act_backward(c, cmd, v->set_wk, cap, (uint32_t)ly->out, (uint32_t)ly->act, d,
                                v->z_off[l], v->a_off[l]);
            vk_barrier_compute(c, cmd);
        }
        grad_done = 0;
        if (ly->kind == LAYER_DROPOUT) { /* the step's mask again, on the gradient */
            vk_cmd_dropout(c, cmd, v->set_wk, cap, (uint32_t)ly->out, d, d, (uint32_t)l, ly->rate, 1);
            vk_barrier_compute(c, cmd);
        }
        if (ly->kind != LAYER_DENSE)
            continue; /* Flatten and Softmax pass dz on as the gradient of their input */
        /* (in + 1, out): the kernel's gradient, then the bias's at b_off = w_off + in·out; only
         * (in, out) without a bias */
        vk_matmul_push dw = {
            .M = (uint32_t)ly->in + (ly->use_bias ? 1 : 0), .N = (uint32_t)ly->out, .K = cap,
            .lda = (uint32_t)ly->in, .ldb = (uint32_t)ly->out, .ldc = (uint32_t)ly->out,
            .a_off = v->in_off[l], .b_off = d, .c_off = (uint32_t)ly->w_off,
            .epilogue = VK_EPI_STORE, .flags = VK_BATCH_K | (ly->use_bias ? VK_ONES_ROW : 0),
        };
        failed |= vk_cmd_matmul(c, cmd, v->set_dw, VK_TN, &dw) < 0;
        if (l > first_dense) {
            vk_barrier_compute(c, cmd);
            const nn_layer *prev = &m->layers[l - 1];
            int fuse = prev->kind == LAYER_DENSE && prev->act != ACT_SOFTMAX;
            vk_matmul_push dx = {
                .M = cap, .N = (uint32_t)ly->in, .K = (uint32_t)ly->out,
                .lda = (uint32_t)ly->out, .ldb = (uint32_t)ly->out, .ldc = (uint32_t)ly->in,
                .a_off = d, .b_off = (uint32_t)ly->w_off, .c_off = dnext,
                .d_off = v->z_off[l - 1], .e_off = v->a_off[l - 1],
                .act = fuse ? (uint32_t)prev->act : ACT_LINEAR,
                .epilogue = VK_EPI_ACT_GRAD, .flags = VK_BATCH_M,
            };
            failed |= vk_cmd_matmul(c, cmd, v->set_dx, VK_NT, &dx) < 0;
            grad_done = fuse;
            uint32_t t = d;
            d = dnext;
            dnext = t;
        }
        vk_barrier_compute(c, cmd);
    }
    if (record_l2(v, m, cmd, 1))
        vk_barrier_compute(c, cmd);
    vk_cmd_update(c, cmd, v->set_upd, (uint32_t)v->n_params);
    return failed ? -1 : 0;
}

/* One slot's training step: copies in, the passes, the per-row results out. */
static VkResult record_step(vk_model *v, const nn_model *m, int s)
{
    vk_context *c = v->c;
    VkCommandBuffer cmd = v->cmd_step[s];
    VkResult r = begin(c, cmd);
    if (r != VK_SUCCESS)
        return r;
    size_t slot = (size_t)s * v->slot_bytes, cap = (size_t)v->cap;
    vk_barrier_start(c, cmd);
    copy(c, cmd, &v->ring, slot, &v->step, 0, sizeof(vk_step));
    copy(c, cmd, &v->ring, slot + v->ring_x, &v->work, (size_t)v->x_off * 4, cap * m->input_dim * 4);
    copy(c, cmd, &v->ring, slot + v->ring_y, &v->work, (size_t)v->y_off * 4, cap * nn_output_dim(m) * 4);
    vk_barrier_transfer_to_compute(c, cmd);
    int failed = record_forward(v, m, cmd, 1) < 0;
    failed |= record_backward(v, m, cmd) < 0;
    vk_barrier_compute_to_transfer(c, cmd);
    copy(c, cmd, &v->work, (size_t)v->rows_off * 4, &v->ring, slot + v->ring_rows, (cap * 2 + 1) * 4);
    vk_barrier_to_host(c, cmd);
    return end(c, cmd, failed);
}

static VkResult record_forward_only(vk_model *v, const nn_model *m)
{
    vk_context *c = v->c;
    VkCommandBuffer cmd = v->cmd_forward;
    VkResult r = begin(c, cmd);
    if (r != VK_SUCCESS)
        return r;
    size_t slot = (size_t)VK_IN_FLIGHT * v->slot_bytes, cap = (size_t)v->cap;
    int L = m->n_layers;
    vk_barrier_start(c, cmd);
    copy(c, cmd, &v->ring, slot, &v->step, 0, sizeof(vk_step));
    copy(c, cmd, &v->ring, slot + v->ring_x, &v->work, (size_t)v->x_off * 4, cap * m->input_dim * 4);
    vk_barrier_transfer_to_compute(c, cmd);
    int failed = record_forward(v, m, cmd, 0) < 0;
    vk_barrier_compute_to_transfer(c, cmd);
    copy(c, cmd, &v->work, (size_t)v->a_off[L - 1] * 4, &v->ring, slot + v->ring_out,
         cap * nn_output_dim(m) * 4);
    vk_barrier_to_host(c, cmd);
    return end(c, cmd, failed);
}

/* Parameters and optimizer state between the host-visible transfer buffer and the device. */
static VkResult record_transfers(vk_model *v)
{
    vk_context *c = v->c;
    size_t bytes = v->n_params * 4;
    const vk_buffer *dev[3] = { &v->params, &v->slot0, &v->slot1 };
    VkCommandBuffer cmds[3] = { v->cmd_upload, v->cmd_download, v->cmd_snapshot };
    for (int k = 0; k < 3; k++) {
        VkResult r = begin(c, cmds[k]);
        if (r != VK_SUCCESS)
            return r;
        vk_barrier_start(c, cmds[k]);
        int parts = k == 2 ? 1 : 3; /* a snapshot needs only the parameters */
        for (int i = 0; i < parts; i++) {
            if (k == 0)
                copy(c, cmds[k], &v->transfer, i * bytes, dev[i], 0, bytes);
            else
                copy(c, cmds[k], dev[i], 0, &v->transfer, i * bytes, bytes);
        }
        if (k > 0)
            vk_barrier_to_host(c, cmds[k]);
        r = c->fn.vkEndCommandBuffer(cmds[k]);
        if (r != VK_SUCCESS)
            return r;
    }
    return VK_SUCCESS;
}

/* ---- the workspace for a batch size ------------------------------------------------------------------ */

/* Where each array sits in the workspace for cap rows; returns its size in floats. A linear
 * layer's a is its z; a Flatten's z and a are its input; a Softmax layer's z is its input. */
static size_t work_layout(vk_model *v, const nn_model *m, size_t cap)
{
    size_t off = 0;
#define TAKE(n) (off += round16(n), (uint32_t)(off - round16(n)))
    v->x_off = TAKE(cap * m->input_dim);
    v->y_off = TAKE(cap * nn_output_dim(m));
    for (int l = 0; l < m->n_layers; l++) {
        const nn_layer *L = &m->layers[l];
        v->in_off[l] = l ? v->a_off[l - 1] : v->x_off;
        if (L->kind == LAYER_DENSE) {
            v->z_off[l] = TAKE(cap * L->out);
            v->a_off[l] = L->act == ACT_LINEAR ? v->z_off[l] : TAKE(cap * L->out);
        } else if (L->kind == LAYER_DROPOUT) {
            v->z_off[l] = v->a_off[l] = TAKE(cap * L->out); /* the dropped copy of its input */
        } else {
            v->z_off[l] = v->in_off[l];
            v->a_off[l] = L->kind == LAYER_SOFTMAX ? TAKE(cap * L->out) : v->in_off[l];
        }
    }
    v->d0_off = TAKE(cap * widest_layer(m));
    v->d1_off = TAKE(cap * widest_layer(m));
    v->rows_off = TAKE(cap * 2 + 1); /* (loss, metric) per row, then the L2 penalty */
#undef TAKE
    return off;
}

static void free_batch(vk_model *v)
{
    vk_context *c = v->c;
    if (v->cmd_forward) {
        c->fn.vkFreeCommandBuffers(c->device, v->pool, VK_IN_FLIGHT, v->cmd_step);
        c->fn.vkFreeCommandBuffers(c->device, v->pool, 1, &v->cmd_forward);
    }
    memset(v->cmd_step, 0, sizeof v->cmd_step);
    v->cmd_forward = VK_NULL_HANDLE;
    v->steps_recorded = 0;
    vk_buffer *work[1] = { &v->work }, *ring[1] = { &v->ring };
    vk_arena_destroy(c, &v->work_mem, work, 1);
    vk_arena_destroy(c, &v->ring_mem, ring, 1);
    v->cap = 0;
}

static void write_sets(vk_model *v)
{
    vk_context *c = v->c;
    const vk_buffer *fwd[4] = { &v->work, &v->params, &v->work, &v->params };
    const vk_buffer *dx[4] = { &v->work, &v->params, &v->work, &v->work };
    const vk_buffer *dw[4] = { &v->work, &v->work, &v->grads, &v->grads };
    const vk_buffer *wk[4] = { &v->work, &v->grads, &v->work, &v->work };
    vk_set_write(c, v->set_fwd, &v->step, fwd);
    vk_set_write(c, v->set_dx, &v->step, dx);
    vk_set_write(c, v->set_dw, &v->step, dw);
    vk_set_write(c, v->set_wk, &v->step, wk);
}

/* Makes the workspace, the ring and the recorded steps hold B rows. Only between steps: the
 * command buffers and descriptor sets that it rewrites must not be in flight. */
static int ensure_batch(nn_model *m, int B)
{
    vk_model *v = m->be_state;
    vk_context *c = v->c;
    if (B <= v->cap)
        return 0;
    if (v->queued > 0)
        return nn_fail("Vulkan: internal error: the batch grew while steps were in flight");
    free_batch(v);
    size_t cap = (size_t)B, in = (size_t)m->input_dim, units = (size_t)nn_output_dim(m);
    size_t work_floats = work_layout(v, m, cap);
    if (work_floats > UINT32_MAX / 4) {
        fall_back(m);
        return nn_fail("Vulkan: a batch of %d rows needs %zu floats of workspace: too large for "
                       "32-bit offsets; use a smaller batch_size", B, work_floats);
    }
    v->ring_x = 256;
    v->ring_y = v->ring_x + round16(cap * in) * 4;
    v->ring_rows = v->ring_y + round16(cap * units) * 4;
    v->ring_out = v->ring_rows + round16(cap * 2 + 1) * 4;
    v->slot_bytes = v->ring_out + round16(cap * units) * 4;
    v->work.size = work_floats * 4;
    v->ring.size = v->slot_bytes * VK_RING_SLOTS;
    vk_buffer *work[1] = { &v->work }, *ring[1] = { &v->ring };
    char what[96];
    snprintf(what, sizeof what, "the workspace for a batch of %d rows", B);
    if (vk_arena_create(c, &v->work_mem, work, 1, VK_DEVICE_LOCAL, what) < 0) {
        fall_back(m);
        return -1;
    }
    snprintf(what, sizeof what, "the staging ring for a batch of %d rows", B);
    if (vk_arena_create(c, &v->ring_mem, ring, 1, VK_HOST_VISIBLE, what) < 0) {
        free_batch(v);
        fall_back(m);
        return -1;
    }
    v->cap = B;
    write_sets(v);
    VkCommandBufferAllocateInfo alloc = {
        .sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO,
        .commandPool = v->pool,
        .level = VK_COMMAND_BUFFER_LEVEL_PRIMARY,
        .commandBufferCount = VK_IN_FLIGHT,
    };
    VkResult r = c->fn.vkAllocateCommandBuffers(c->device, &alloc, v->cmd_step);
    alloc.commandBufferCount = 1;
    if (r == VK_SUCCESS)
        r = c->fn.vkAllocateCommandBuffers(c->device, &alloc, &v->cmd_forward);
    if (r == VK_SUCCESS)
        r = record_forward_only(v, m);
    if (r != VK_SUCCESS) {
        free_batch(v);
        return device_failed(m, r, "recording the forward pass");
    }
    return 0;
}

/* The training step needs a compiled model (a loss, a Dense layer): it is recorded at the first
 * step, which an uncompiled model's predict may come long before. */
static int ensure_steps(nn_model *m)
{
    vk_model *v = m->be_state;
    VkResult r = VK_SUCCESS;
    for (int s = 0; r == VK_SUCCESS && !v->steps_recorded && s < VK_IN_FLIGHT; s++)
        r = record_step(v, m, s);
    if (r != VK_SUCCESS)
        return device_failed(m, r, "recording the training step");
    v->steps_recorded = 1;
    return 0;
}

/* ---- the table ------------------------------------------------------------------------------------------ */

static void vk_detach(nn_model *m)
{
    vk_model *v = m->be_state;
    if (!v)
        return;
    vk_context *c = v->c;
    if (c->device) {
        /* nothing of this model may still run when its memory goes */
        pthread_mutex_lock(&c->queue_lock);
        c->fn.vkDeviceWaitIdle(c->device);
        pthread_mutex_unlock(&c->queue_lock);
        free_batch(v);
        for (int s = 0; s < VK_IN_FLIGHT; s++)
            if (v->fence[s])
                c->fn.vkDestroyFence(c->device, v->fence[s], NULL);
        if (v->sync_fence)
            c->fn.vkDestroyFence(c->device, v->sync_fence, NULL);
        if (v->dpool)
            c->fn.vkDestroyDescriptorPool(c->device, v->dpool, NULL);
        if (v->pool)
            c->fn.vkDestroyCommandPool(c->device, v->pool, NULL);
        vk_buffer *model[5] = { &v->params, &v->grads, &v->slot0, &v->slot1, &v->step };
        vk_buffer *transfer[1] = { &v->transfer };
        vk_arena_destroy(c, &v->model_mem, model, 5);
        vk_arena_destroy(c, &v->transfer_mem, transfer, 1);
    }
    vk_context_release(c);
    free(v->z_off);
    free(v->a_off);
    free(v->in_off);
    free(v);
    m->be_state = NULL;
}

static int vk_attach_objects(nn_model *m, vk_model *v)
{
    vk_context *c = v->c;
    size_t bytes = m->n_params * 4;
    v->params.size = v->grads.size = v->slot0.size = v->slot1.size = bytes;
    v->step.size = sizeof(vk_step);
    v->transfer.size = 3 * bytes;
    vk_buffer *model[5] = { &v->params, &v->grads, &v->slot0, &v->slot1, &v->step };
    vk_buffer *transfer[1] = { &v->transfer };
    char what[96];
    snprintf(what, sizeof what, "the model's %zu parameters", m->n_params);
    if (vk_arena_create(c, &v->model_mem, model, 5, VK_DEVICE_LOCAL, what) < 0)
        return -1;
    snprintf(what, sizeof what, "the host copy of the model's %zu parameters", m->n_params);
    if (vk_arena_create(c, &v->transfer_mem, transfer, 1, VK_HOST_VISIBLE, what) < 0)
        return -1;
    memset(v->transfer.map, 0, v->transfer.size);

    VkCommandPoolCreateInfo pool_info = {
        .sType = VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO,
        .queueFamilyIndex = c->queue_family,
    };
    VkFenceCreateInfo fence_info = { .sType = VK_STRUCTURE_TYPE_FENCE_CREATE_INFO };
    VkResult r = c->fn.vkCreateCommandPool(c->device, &pool_info, NULL, &v->pool);
    if (r == VK_SUCCESS)
        r = c->fn.vkCreateFence(c->device, &fence_info, NULL, &v->sync_fence);
    for (int s = 0; r == VK_SUCCESS && s < VK_IN_FLIGHT; s++)
        r = c->fn.vkCreateFence(c->device, &fence_info, NULL, &v->fence[s]);
    VkDescriptorSet sets[VK_SETS];
    if (r == VK_SUCCESS)
        r = vk_sets_create(c, VK_SETS, &v->dpool, sets);
    VkCommandBuffer cmds[3];
    VkCommandBufferAllocateInfo cmd_info = {
        .sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO,
        .commandPool = v->pool,
        .level = VK_COMMAND_BUFFER_LEVEL_PRIMARY,
        .commandBufferCount = 3,
    };
    if (r == VK_SUCCESS)
        r = c->fn.vkAllocateCommandBuffers(c->device, &cmd_info, cmds);
    if (r != VK_SUCCESS)
        return nn_fail("Vulkan: could not create the engine's objects on %s (%s)", c->info.name,
                       vk_result_name(r));
    v->set_fwd = sets[0];
    v->set_dx = sets[1];
    v->set_dw = sets[2];
    v->set_wk = sets[3];
    v->set_upd = sets[4];
    const vk_buffer *upd[4] = { &v->params, &v->grads, &v->slot0, &v->slot1 };
    vk_set_write(c, v->set_upd, &v->step, upd);
    v->cmd_upload = cmds[0];
    v->cmd_download = cmds[1];
    v->cmd_snapshot = cmds[2];
    r = record_transfers(v);
    if (r != VK_SUCCESS)
        return nn_fail("Vulkan: could not record the transfers (%s)", vk_result_name(r));
    return 0;
}

static int vk_attach(nn_model *m)
{
    vk_model *v = calloc(1, sizeof *v);
    int n = m->n_layers ? m->n_layers : 1;
    if (v) {
        v->z_off = calloc((size_t)n, sizeof *v->z_off);
        v->a_off = calloc((size_t)n, sizeof *v->a_off);
        v->in_off = calloc((size_t)n, sizeof *v->in_off);
    }
    if (!v || !v->z_off || !v->a_off || !v->in_off) {
        if (v) {
            free(v->z_off);
            free(v->a_off);
            free(v->in_off);
        }
        free(v);
        return nn_fail("Vulkan: out of memory");
    }
    v->n_params = m->n_params;
    v->c = vk_context_acquire();
    m->be_state = v;
    if (!v->c || vk_attach_objects(m, v) < 0) {
        char why[768];
        snprintf(why, sizeof why, "%s", nn_error());
        if (!v->c) {
            free(v->z_off);
            free(v->a_off);
            free(v->in_off);
            free(v);
            m->be_state = NULL;
        } else {
            vk_detach(m);
        }
        return nn_fail("%s", why);
    }
    v->iterations_synced = m->iterations;
    return 0;
}

static int vk_upload(nn_model *m)
{
    vk_model *v = m->be_state;
    size_t bytes = v->n_params * 4;
    memcpy(v->transfer.map, m->params, bytes);
    for (int s = 0; m->opt_state && s < NN_OPT_SLOTS; s++)
        memcpy((char *)v->transfer.map + (s + 1) * bytes, model_slot(m, s), bytes);
    vk_arena_flush(v->c, &v->transfer_mem, &v->transfer, 0, 3 * bytes);
    VkResult r = run_sync(v, v->cmd_upload);
    if (r != VK_SUCCESS)
        return device_failed(m, r, "the upload of the weights");
    v->dirty = 0;
    v->iterations_synced = m->iterations;
    return 0;
}

static int vk_download(nn_model *m)
{
    vk_model *v = m->be_state;
    if (!v->dirty)
        return 0;
    size_t bytes = v->n_params * 4;
    VkResult r = run_sync(v, v->cmd_download);
    if (r != VK_SUCCESS)
        return device_failed(m, r, "the download of the weights");
    vk_arena_invalidate(v->c, &v->transfer_mem, &v->transfer, 0, 3 * bytes);
    memcpy(m->params, v->transfer.map, bytes);
    for (int s = 0; m->opt_state && s < NN_OPT_SLOTS; s++)
        memcpy(model_slot(m, s), (char *)v->transfer.map + (s + 1) * bytes, bytes);
    v->dirty = 0;
    v->iterations_synced = m->iterations;
    return 0;
}

/* A snapshot for the app: one copy of the parameters, queued behind the steps in flight. The app
 * asks at most once a frame, so the wait for those few steps is paid at most once a frame. */
static int vk_read_params(nn_model *m, float *dst)
{
    vk_model *v = m->be_state;
    if (!v->dirty) {
        memcpy(dst, m->params, v->n_params * sizeof *dst);
        return 0;
    }
    VkResult r = run_sync(v, v->cmd_snapshot);
    if (r != VK_SUCCESS)
        return device_failed(m, r, "a snapshot of the weights");
    vk_arena_invalidate(v->c, &v->transfer_mem, &v->transfer, 0, v->n_params * 4);
    memcpy(dst, v->transfer.map, v->n_params * sizeof *dst);
    return 0;
}

/* The step block: the batch, and the hyperparameters as nn_opt_update reads them, t included. */
static vk_step step_block(const nn_model *m, int B)
{
    const nn_hparams *hp = &m->hp;
    vk_step s = {
        .batch = (uint32_t)B, .opt = (uint32_t)m->opt, .loss = (uint32_t)m->loss,
        .metric = (uint32_t)m->metric, .from_logits = (uint32_t)m->from_logits,
        .nesterov = (uint32_t)hp->nesterov, .has_momentum = hp->momentum != 0.0,
        .lr = (float)hp->learning_rate, .mu = (float)hp->momentum, .beta_1 = (float)hp->beta_1,
        .beta_2 = (float)hp->beta_2, .eps = (float)hp->epsilon, .rho = (float)hp->rho,
        .seed = m->seed,
    };
    if (m->opt == OPT_ADAM && m->iterations > 0) /* Adam's bias corrections, in double as the CPU */
        s.alpha = (float)(hp->learning_rate * sqrt(1.0 - pow(hp->beta_2, (double)m->iterations)) /
                          (1.0 - pow(hp->beta_1, (double)m->iterations)));
    return s;
}

static int vk_step_submit(nn_model *m, const float *x, const float *y, int B)
{
    vk_model *v = m->be_state;
    vk_context *c = v->c;
    if (ensure_batch(m, B) < 0 || ensure_steps(m) < 0)
        return -1;
    if (v->queued == VK_IN_FLIGHT)
        return nn_fail("Vulkan: internal error: more than %d steps queued", VK_IN_FLIGHT);
    int s = v->head;
    char *slot = (char *)v->ring.map + (size_t)s * v->slot_bytes;
    m->iterations++;
    vk_step st = step_block(m, B);
    st.dropout_step = (uint32_t)(m->iterations - 1); /* the CPU draws its mask before counting */
    size_t x_bytes = (size_t)B * m->input_dim * 4, y_bytes = (size_t)B * y_width(m) * 4;
    memcpy(slot, &st, sizeof st);
    memcpy(slot + v->ring_x, x, x_bytes);
    memcpy(slot + v->ring_y, y, y_bytes);
    vk_arena_flush(c, &v->ring_mem, &v->ring, (size_t)s * v->slot_bytes, v->ring_y + y_bytes);
    c->fn.vkResetFences(c->device, 1, &v->fence[s]);
    VkResult r = vk_submit(c, v->cmd_step[s], v->fence[s]);
    if (r != VK_SUCCESS)
        return device_failed(m, r, "a training step's submit");
    v->rows[s] = B;
    v->head = (s + 1) % VK_IN_FLIGHT;
    v->queued++;
    v->dirty = 1;
    return 0;
}

static int vk_step_collect(nn_model *m, nn_step_result *res)
{
    vk_model *v = m->be_state;
    vk_context *c = v->c;
    if (v->queued == 0)
        return nn_fail("Vulkan: internal error: no step to collect");
    int s = (v->head - v->queued + VK_IN_FLIGHT) % VK_IN_FLIGHT;
    /* device-lost:N strikes once the model has done N steps: the steps before this one */
    long done = m->iterations - v->queued;
    VkResult r = vk_fault_after("lost", done) ? VK_ERROR_DEVICE_LOST : vk_wait(c, v->fence[s]);
    v->queued--;
    if (r != VK_SUCCESS)
        return device_failed(m, r, "a training step");
    size_t off = (size_t)s * v->slot_bytes + v->ring_rows;
    vk_arena_invalidate(c, &v->ring_mem, &v->ring, off, ((size_t)v->cap * 2 + 1) * 4);
    const float *rows = (const float *)((const char *)v->ring.map + off); /* (B, 2), then (cap, 2) */
    /* summed in double, in row order, as the CPU engine sums its per-sample losses */
    res->loss_sum = res->metric_sum = 0.0;
    for (int i = 0; i < v->rows[s]; i++) {
        res->loss_sum += rows[2 * i];
        res->metric_sum += rows[2 * i + 1];
    }
    if (model_has_l2(m)) /* the penalty once per sample, as the CPU engine counts it */
        res->loss_sum += (double)v->rows[s] * rows[2 * v->cap];
    return 0;
}

static int vk_forward(nn_model *m, const float *x, int B, float *out)
{
    vk_model *v = m->be_state;
    vk_context *c = v->c;
    if (ensure_batch(m, B) < 0)
        return -1;
    size_t slot = (size_t)VK_IN_FLIGHT * v->slot_bytes;
    char *base = (char *)v->ring.map + slot;
    vk_step st = step_block(m, B);
    size_t x_bytes = (size_t)B * m->input_dim * 4, out_bytes = (size_t)B * nn_output_dim(m) * 4;
    memcpy(base, &st, sizeof st);
    memcpy(base + v->ring_x, x, x_bytes);
    vk_arena_flush(c, &v->ring_mem, &v->ring, slot, v->ring_x + x_bytes);
    VkResult r = run_sync(v, v->cmd_forward);
    if (r != VK_SUCCESS)
        return device_failed(m, r, "a forward pass");
    vk_arena_invalidate(c, &v->ring_mem, &v->ring, slot + v->ring_out, out_bytes);
    memcpy(out, base + v->ring_out, out_bytes);
    return 0;
}

static const nn_backend vk_table = {
    .name = "vulkan",
    .attach = vk_attach,
    .detach = vk_detach,
    .upload = vk_upload,
    .download = vk_download,
    .read_params = vk_read_params,
    .step_submit = vk_step_submit,
    .step_collect = vk_step_collect,
    .forward = vk_forward,
    .max_in_flight = VK_IN_FLIGHT,
};

const nn_backend *nn_backend_vulkan(void) { return &vk_table; }

int nn_vulkan_model_device(const nn_model *m, nn_vulkan_device *info)
{
    if (!m || !info)
        return nn_fail("vulkan_model_device: the model or info is NULL");
    if (m->be != &vk_table || !m->be_state)
        return nn_fail("vulkan_model_device: the model is on the %s engine, not vulkan", m->be->name);
    *info = ((const vk_model *)m->be_state)->c->info;
    return 0;
}
