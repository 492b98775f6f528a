/* vk_kernels.c — one function per kernel, each recording its dispatch: pipeline, descriptor set,
 * push constants and workgroup counts (the row and elementwise kernels through vk_cmd_kernel).
 * The engine's recorded step and the tests' probe both go through these, so that what the tests
 * check is what the engine runs. */
#include <string.h>

#include "../cpu/ops.h"
#include "vk.h"

static uint32_t div_up(uint32_t a, uint32_t b) { return (a + b - 1) / b; }

/* Workgroups for n independent items, capped by the device: the elementwise kernels loop with a
 * grid stride over whatever the cap leaves. A CPU implementation runs a workgroup per thread and
 * pays for each: there, min_groups of them (Adam over mnist's 235,146 parameters on lavapipe took
 * 1.33 ms in 919 workgroups, 0.95 ms in 16). */
static uint32_t groups_for(const vk_context *c, uint32_t n)
{
    uint32_t g = div_up(n ? n : 1, c->wg);
    uint32_t cap = c->info.is_cpu && c->min_groups < c->lim.max_groups[0] ? c->min_groups
                                                                           : c->lim.max_groups[0];
    return g < cap ? g : cap;
}

static void bind(vk_context *c, VkCommandBuffer cmd, VkPipeline pipe, VkDescriptorSet set,
                 const void *push, uint32_t push_size)
{
    c->fn.vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_COMPUTE, pipe);
    c->fn.vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_COMPUTE, c->layout, 0, 1, &set, 0, NULL);
    c->fn.vkCmdPushConstants(cmd, c->layout, VK_SHADER_STAGE_COMPUTE_BIT, 0, push_size, push);
}

/* a product's workgroups on tile t */
static uint32_t groups(const vk_matmul_push *pc, const vk_tile *t)
{
    return div_up(pc->M, t->bm) * div_up(pc->N, t->bn);
}

int vk_cmd_matmul(vk_context *c, VkCommandBuffer cmd, VkDescriptorSet set, int kind,
                  const vk_matmul_push *pc)
{
    /* matmul_cpu.comp and matmul_gpu4.comp read four floats at a time where every operand's rows
     * start at a multiple of 4 floats */
    int aligned = ((pc->a_off | pc->lda | pc->b_off | pc->ldb) & 3u) == 0;
    int ones_ok = kind == VK_TN || !(pc->flags & VK_ONES_ROW); /* matmul_gpu4.comp's ones row */
    const vk_tile *t = &vk_gpu4_tile;
    VkPipeline pipe;
    if (c->gpu4 && aligned && ones_ok && groups(pc, t) >= c->min_groups) {
        atomic_fetch_add(&c->gpu4_used, 1);
        pipe = c->matmul4[kind];
    } else {
        int quads = c->matmul_cpu && aligned;
        const vk_tile *tiles = quads ? c->tile4 : c->tile;
        /* the largest tile that still gives the device enough workgroups to keep it busy */
        int size = VK_TILE_LARGE;
        while (size < VK_TILE_SMALL && groups(pc, &tiles[size]) < c->min_groups)
            size++;
        t = &tiles[size];
        pipe = c->matmul_cpu ? vk_matmul_cpu_pipeline(c, size, kind, quads, pc->epilogue, pc->act)
                             : c->matmul[size][kind];
        if (!pipe)
            return -1;
    }
    bind(c, cmd, pipe, set, pc, sizeof *pc);
    c->fn.vkCmdDispatch(cmd, div_up(pc->N, t->bn), div_up(pc->M, t->bm), 1);
    return 0;
}

void vk_cmd_kernel(vk_context *c, VkCommandBuffer cmd, int kernel, VkDescriptorSet set,
                   const void *push, uint32_t push_size, uint32_t items, int per_row)
{
    bind(c, cmd, c->kernel[kernel], set, push, push_size);
    c->fn.vkCmdDispatch(cmd, per_row ? div_up(items, c->wg) : groups_for(c, items), 1, 1);
}

void vk_cmd_softmax(vk_context *c, VkCommandBuffer cmd, VkDescriptorSet set, uint32_t rows,
                    uint32_t cols, uint32_t z_off, uint32_t a_off)
{
    uint32_t push[3] = { cols, z_off, a_off };
    vk_cmd_kernel(c, cmd, VK_SOFTMAX, set, push, sizeof push, rows, 1);
}

void vk_cmd_softmax_backward(vk_context *c, VkCommandBuffer cmd, VkDescriptorSet set, uint32_t rows,
                             uint32_t cols, uint32_t d_off, uint32_t a_off)
{
    uint32_t push[3] = { cols, d_off, a_off };
    vk_cmd_kernel(c, cmd, VK_SOFTMAX_BACKWARD, set, push, sizeof push, rows, 1);
}

void vk_cmd_act_backward(vk_context *c, VkCommandBuffer cmd, VkDescriptorSet set, uint32_t rows,
                         uint32_t cols, uint32_t act, uint32_t d_off, uint32_t z_off, uint32_t a_off)
{
    uint32_t push[5] = { cols, act, d_off, z_off, a_off };
    vk_cmd_kernel(c, cmd, VK_ACT_BACKWARD, set, push, sizeof push, rows * cols, 0);
}

void vk_cmd_dropout(vk_context *c, VkCommandBuffer cmd, VkDescriptorSet set, uint32_t rows,
                    uint32_t cols, uint32_t in_off, uint32_t out_off, uint32_t layer, float rate,
                    int training)
{
    /* the CPU's threshold and scale, computed by the same C, so that the shader only compares */
    float scale = training ? 1.0f / (1.0f - rate) : 1.0f;
    uint32_t push[6] = { cols, in_off, out_off, layer, training ? dropout_threshold(rate) : 0, 0 };
    memcpy(&push[5], &scale, sizeof scale);
    vk_cmd_kernel(c, cmd, VK_DROPOUT, set, push, sizeof push, rows * cols, 0);
}

void vk_cmd_l2_penalty(vk_context *c, VkCommandBuffer cmd, VkDescriptorSet set, uint32_t w_off,
                       uint32_t n, uint32_t out_off, int accumulate, float factor, float l1)
{
    uint32_t push[6] = { w_off, n, out_off, (uint32_t)accumulate, 0, 0 };
    memcpy(&push[4], &factor, sizeof factor);
    memcpy(&push[5], &l1, sizeof l1);
    vk_cmd_kernel(c, cmd, VK_L2_PENALTY, set, push, sizeof push, 1, 1); /* one workgroup */
}

void vk_cmd_l2_grad(vk_context *c, VkCommandBuffer cmd, VkDescriptorSet set, uint32_t w_off,
                    uint32_t n, float factor, float l1)
{
    float twice = 2.0f * factor;
    uint32_t push[4] = { w_off, n, 0, 0 };
    memcpy(&push[2], &twice, sizeof twice);
    memcpy(&push[3], &l1, sizeof l1);
    vk_cmd_kernel(c, cmd, VK_L2_GRAD, set, push, sizeof push, n, 0);
}

void vk_cmd_loss(vk_context *c, VkCommandBuffer cmd, VkDescriptorSet set, uint32_t rows,
                 const vk_loss_push *pc)
{
    vk_cmd_kernel(c, cmd, VK_LOSS, set, pc, sizeof *pc, rows, 1);
}

void vk_cmd_update(vk_context *c, VkCommandBuffer cmd, VkDescriptorSet set, uint32_t n)
{
    /* update.comp takes four parameters an invocation on a CPU implementation */
    vk_cmd_kernel(c, cmd, VK_UPDATE, set, &n, sizeof n, c->matmul_cpu ? (n + 3) / 4 : n, 0);
}

/* ---- barriers: global memory barriers, which is all that buffers in one queue need ------------------ */

static void barrier(vk_context *c, VkCommandBuffer cmd, VkPipelineStageFlags src_stage,
                    VkAccessFlags src, VkPipelineStageFlags dst_stage, VkAccessFlags dst)
{
    VkMemoryBarrier b = { .sType = VK_STRUCTURE_TYPE_MEMORY_BARRIER, .srcAccessMask = src, .dstAccessMask = dst };
    c->fn.vkCmdPipelineBarrier(cmd, src_stage, dst_stage, 0, 1, &b, 0, NULL, 0, NULL);
}

void vk_barrier_compute(vk_context *c, VkCommandBuffer cmd)
{
    barrier(c, cmd, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, VK_ACCESS_SHADER_WRITE_BIT,
            VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT);
}

void vk_barrier_start(vk_context *c, VkCommandBuffer cmd)
{
    /* everything submitted before to the queue (the previous step's kernels and copies) finishes,
     * and its writes are visible, before this command buffer's copies and kernels touch the buffers */
    barrier(c, cmd, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT | VK_PIPELINE_STAGE_TRANSFER_BIT,
            VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_TRANSFER_WRITE_BIT,
            VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT | VK_PIPELINE_STAGE_TRANSFER_BIT,
            VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_UNIFORM_READ_BIT |
                VK_ACCESS_TRANSFER_READ_BIT | VK_ACCESS_TRANSFER_WRITE_BIT);
}

void vk_barrier_compute_to_transfer(vk_context *c, VkCommandBuffer cmd)
{
    barrier(c, cmd, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, VK_ACCESS_SHADER_WRITE_BIT,
            VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_READ_BIT);
}

void vk_barrier_transfer_to_compute(vk_context *c, VkCommandBuffer cmd)
{
    barrier(c, cmd, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_WRITE_BIT,
            VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT,
            VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_UNIFORM_READ_BIT);
}

void vk_barrier_to_host(vk_context *c, VkCommandBuffer cmd)
{
    barrier(c, cmd, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_WRITE_BIT,
            VK_PIPELINE_STAGE_HOST_BIT, VK_ACCESS_HOST_READ_BIT);
}

void vk_set_write(vk_context *c, VkDescriptorSet set, const vk_buffer *step,
                  const vk_buffer *const storage[4])
{
    VkDescriptorBufferInfo infos[VK_BINDINGS];
    VkWriteDescriptorSet writes[VK_BINDINGS_CPU];
    for (uint32_t i = 0; i < VK_BINDINGS; i++) {
        const vk_buffer *b = i == 0 ? step : storage[i - 1];
        infos[i] = (VkDescriptorBufferInfo){ .buffer = b->buf, .offset = 0, .range = VK_WHOLE_SIZE };
        writes[i] = (VkWriteDescriptorSet){
            .sType = VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET,
            .dstSet = set,
            .dstBinding = i,
            .descriptorCount = 1,
            .descriptorType = i == 0 ? VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER : VK_DESCRIPTOR_TYPE_STORAGE_BUFFER,
            .pBufferInfo = &infos[i],
        };
    }
    /* a CPU implementation's texel views of the four storage buffers (vk.h) */
    for (uint32_t i = VK_BINDINGS; i < vk_bindings(c); i++) {
        const vk_buffer *b = storage[(i - VK_BINDING_TEXELS - 1) % 4];
        writes[i] = (VkWriteDescriptorSet){
            .sType = VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET,
            .dstSet = set,
            .dstBinding = i,
            .descriptorCount = 1,
            .descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_TEXEL_BUFFER,
            .pTexelBufferView = i <= VK_BINDING_QUADS ? &b->view : &b->view4,
        };
    }
    c->fn.vkUpdateDescriptorSets(c->device, vk_bindings(c), writes, 0, NULL);
}

VkResult vk_sets_create(vk_context *c, uint32_t count, VkDescriptorPool *pool, VkDescriptorSet *sets)
{
    VkDescriptorSetLayout layouts[8];
    if (count > 8)
        return VK_ERROR_TOO_MANY_OBJECTS;
    VkDescriptorPoolSize sizes[3] = {
        { VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER, count },
        { VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, count * (VK_BINDINGS - 1) },
        { VK_DESCRIPTOR_TYPE_STORAGE_TEXEL_BUFFER, count * (VK_BINDINGS_CPU - VK_BINDINGS) },
    };
    VkDescriptorPoolCreateInfo pool_info = {
        .sType = VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO,
        .maxSets = count,
        .poolSizeCount = c->matmul_cpu ? 3 : 2,
        .pPoolSizes = sizes,
    };
    VkResult r = c->fn.vkCreateDescriptorPool(c->device, &pool_info, NULL, pool);
    if (r != VK_SUCCESS) {
        *pool = VK_NULL_HANDLE;
        return r;
    }
    for (uint32_t i = 0; i < count; i++)
        layouts[i] = c->set_layout;
    VkDescriptorSetAllocateInfo set_info = {
        .sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO,
        .descriptorPool = *pool,
        .descriptorSetCount = count,
        .pSetLayouts = layouts,
    };
    return c->fn.vkAllocateDescriptorSets(c->device, &set_info, sets);
}
