/* vk_probe.c — single kernels on host arrays, for the tests (each kernel against its CPU twin) and
 * the benchmark (the matrix product alone). The probe owns four device buffers, bound as bindings
 * 1..4, and a step block; a run copies the host arrays in, records the caller's dispatches through
 * the same vk_cmd_* functions as the engine, and copies every binding back out. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../internal.h"
#include "vk.h"

struct vk_probe {
    vk_context *c;
    float *host[4];          /* the host side of bindings 1..4 */
    size_t n[4];             /* floats in each */
    size_t made[4];          /* floats that the device buffers were made for */
    vk_arena dev_mem, host_mem;
    vk_buffer buf[4], step;  /* device-local */
    vk_buffer staging;       /* host-visible: the step block, then the four arrays */
    size_t stage_off[4];     /* bytes */
    VkCommandPool pool;
    VkDescriptorPool dpool;
    VkDescriptorSet set;
    VkFence fence;
};

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static void free_buffers(vk_probe *p)
{
    vk_buffer *dev[5] = { &p->buf[0], &p->buf[1], &p->buf[2], &p->buf[3], &p->step };
    vk_buffer *host[1] = { &p->staging };
    vk_arena_destroy(p->c, &p->dev_mem, dev, 5);
    vk_arena_destroy(p->c, &p->host_mem, host, 1);
    memset(p->made, 0, sizeof p->made);
}

void vk_probe_close(vk_probe *p)
{
    if (!p)
        return;
    vk_context *c = p->c;
    if (c) {
        free_buffers(p);
        if (p->fence)
            c->fn.vkDestroyFence(c->device, p->fence, NULL);
        if (p->dpool)
            c->fn.vkDestroyDescriptorPool(c->device, p->dpool, NULL);
        if (p->pool)
            c->fn.vkDestroyCommandPool(c->device, p->pool, NULL);
        vk_context_release(c);
    }
    for (int i = 0; i < 4; i++)
        free(p->host[i]);
    free(p);
}

vk_probe *vk_probe_open(void)
{
    vk_probe *p = calloc(1, sizeof *p);
    if (!p)
        return nn_fail_null("Vulkan probe: out of memory");
    p->c = vk_context_acquire();
    if (!p->c) {
        free(p);
        return NULL;
    }
    vk_context *c = p->c;
    VkCommandPoolCreateInfo pool_info = {
        .sType = VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO,
        .flags = VK_COMMAND_POOL_CREATE_TRANSIENT_BIT,
        .queueFamilyIndex = c->queue_family,
    };
    VkFenceCreateInfo fence_info = { .sType = VK_STRUCTURE_TYPE_FENCE_CREATE_INFO };
    VkResult r = c->fn.vkCreateCommandPool(c->device, &pool_info, NULL, &p->pool);
    if (r == VK_SUCCESS)
        r = c->fn.vkCreateFence(c->device, &fence_info, NULL, &p->fence);
    if (r == VK_SUCCESS)
        r = vk_sets_create(c, 1, &p->dpool, &p->set);
    if (r != VK_SUCCESS) {
        vk_probe_close(p);
        return nn_fail_null("Vulkan probe: could not create its objects (%s)", vk_result_name(r));
    }
    return p;
}

vk_context *vk_probe_context(vk_probe *p) { return p->c; }

int vk_probe_set(vk_probe *p, int binding, const float *data, size_t n)
{
    if (binding < 1 || binding > 4)
        return nn_fail("Vulkan probe: binding %d is not 1..4", binding);
    int i = binding - 1;
    float *h = realloc(p->host[i], (n ? n : 1) * sizeof *h);
    if (!h)
        return nn_fail("Vulkan probe: out of memory for %zu floats", n);
    p->host[i] = h;
    p->n[i] = n;
    if (data)
        memcpy(h, data, n * sizeof *h);
    else
        memset(h, 0, n * sizeof *h);
    return 0;
}

int vk_probe_get(vk_probe *p, int binding, float *out, size_t n)
{
    if (binding < 1 || binding > 4 || n > p->n[binding - 1])
        return nn_fail("Vulkan probe: binding %d holds %zu floats, not %zu", binding,
                       binding >= 1 && binding <= 4 ? p->n[binding - 1] : 0, n);
    memcpy(out, p->host[binding - 1], n * sizeof *out);
    return 0;
}

/* Device buffers and staging for the current sizes, unless the last ones still fit. */
static int make_buffers(vk_probe *p)
{
    if (memcmp(p->made, p->n, sizeof p->n) == 0 && p->dev_mem.mem)
        return 0;
    free_buffers(p);
    size_t off = 256;
    for (int i = 0; i < 4; i++) {
        p->buf[i].size = (p->n[i] ? p->n[i] : 1) * 4;
        p->stage_off[i] = off;
        off += (p->buf[i].size + 255) / 256 * 256;
    }
    p->step.size = sizeof(vk_step);
    p->staging.size = off;
    vk_buffer *dev[5] = { &p->buf[0], &p->buf[1], &p->buf[2], &p->buf[3], &p->step };
    vk_buffer *host[1] = { &p->staging };
    if (vk_arena_create(p->c, &p->dev_mem, dev, 5, VK_DEVICE_LOCAL, "the probe's buffers") < 0)
        return -1;
    if (vk_arena_create(p->c, &p->host_mem, host, 1, VK_HOST_VISIBLE, "the probe's staging") < 0) {
        free_buffers(p);
        return -1;
    }
    const vk_buffer *storage[4] = { &p->buf[0], &p->buf[1], &p->buf[2], &p->buf[3] };
    vk_set_write(p->c, p->set, &p->step, storage);
    memcpy(p->made, p->n, sizeof p->n);
    return 0;
}

/* Records into a fresh one-time command buffer, submits it and waits. */
typedef enum { COPY_IN, RUN, COPY_OUT } probe_phase;

static int submit_phase(vk_probe *p, probe_phase phase, vk_probe_record record, void *user, int reps,
                        double *seconds)
{
    vk_context *c = p->c;
    VkCommandBufferAllocateInfo alloc = {
        .sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO,
        .commandPool = p->pool,
        .level = VK_COMMAND_BUFFER_LEVEL_PRIMARY,
        .commandBufferCount = 1,
    };
    VkCommandBuffer cmd;
    VkResult r = c->fn.vkAllocateCommandBuffers(c->device, &alloc, &cmd);
    if (r != VK_SUCCESS)
        return nn_fail("Vulkan probe: vkAllocateCommandBuffers failed (%s)", vk_result_name(r));
    VkCommandBufferBeginInfo begin = {
        .sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO,
        .flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT,
    };
    c->fn.vkBeginCommandBuffer(cmd, &begin);
    vk_barrier_start(c, cmd);
    for (int i = -1; phase != RUN && i < 4; i++) {
        const vk_buffer *dev = i < 0 ? &p->step : &p->buf[i];
        VkBufferCopy region = { i < 0 ? 0 : p->stage_off[i], 0, dev->size };
        if (phase == COPY_IN)
            c->fn.vkCmdCopyBuffer(cmd, p->staging.buf, dev->buf, 1, &region);
        else if (i >= 0) {
            VkBufferCopy back = { 0, p->stage_off[i], dev->size };
            c->fn.vkCmdCopyBuffer(cmd, dev->buf, p->staging.buf, 1, &back);
        }
    }
    int failed = 0; /* a recording that could not make its pipeline: the message is set */
    for (int k = 0; phase == RUN && !failed && k < reps; k++) {
        failed = record(c, cmd, p->set, user) < 0;
        vk_barrier_compute(c, cmd);
    }
    if (phase == COPY_OUT)
        vk_barrier_to_host(c, cmd);
    c->fn.vkEndCommandBuffer(cmd);
    if (failed) {
        c->fn.vkFreeCommandBuffers(c->device, p->pool, 1, &cmd);
        return -1;
    }
    c->fn.vkResetFences(c->device, 1, &p->fence);
    double t0 = now_s();
    r = vk_submit(c, cmd, p->fence);
    if (r == VK_SUCCESS)
        r = vk_wait(c, p->fence);
    if (seconds)
        *seconds = now_s() - t0;
    c->fn.vkFreeCommandBuffers(c->device, p->pool, 1, &cmd);
    if (r == VK_ERROR_DEVICE_LOST)
        return vk_context_lost(c, "a probe run");
    if (r != VK_SUCCESS)
        return nn_fail("Vulkan probe: the run failed (%s)", vk_result_name(r));
    return 0;
}

int vk_probe_run(vk_probe *p, const vk_step *step, vk_probe_record record, void *user, int reps,
                 double *seconds)
{
    if (make_buffers(p) < 0)
        return -1;
    char *stage = p->staging.map;
    memcpy(stage, step, sizeof *step);
    for (int i = 0; i < 4; i++)
        memcpy(stage + p->stage_off[i], p->host[i], p->n[i] * 4);
    vk_arena_flush(p->c, &p->host_mem, &p->staging, 0, p->staging.size);
    if (submit_phase(p, COPY_IN, NULL, NULL, 0, NULL) < 0 ||
        submit_phase(p, RUN, record, user, reps, seconds) < 0 ||
        submit_phase(p, COPY_OUT, NULL, NULL, 0, NULL) < 0)
        return -1;
    vk_arena_invalidate(p->c, &p->host_mem, &p->staging, 0, p->staging.size);
    for (int i = 0; i < 4; i++)
        memcpy(p->host[i], stage + p->stage_off[i], p->n[i] * 4);
    return 0;
}
