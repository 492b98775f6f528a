/* vk_pipeline.c — the compute pipelines, from SPIR-V compiled at build time and embedded in the
 * library (shaders/meson.build), specialised for the device: the matrix product's tile sizes and
 * every kernel's workgroup size come from its limits. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../internal.h"
#include "vk.h"

#define VK_SHADERS_SPIRV /* the SPIR-V arrays of every shader, vk_spv_<name> */
#include "vk_shaders.h"

typedef struct vk_spirv { const char *name; const uint32_t *code; size_t size; } vk_spirv;

#define SPIRV(n) { #n, vk_spv_##n, sizeof vk_spv_##n }
#define KERNEL_SPIRV(E, n) [VK_##E] = SPIRV(n),
static const vk_spirv kernel_code[VK_KERNELS] = { VK_KERNEL_LIST(KERNEL_SPIRV) };
#undef KERNEL_SPIRV
static const vk_spirv matmul_code = SPIRV(matmul);
static const vk_spirv matmul_cpu_code = SPIRV(matmul_cpu);
static const vk_spirv matmul_gpu4_code = SPIRV(matmul_gpu4);
static const vk_spirv update_cpu_code = SPIRV(update_cpu); /* update.comp reading texel views */

/* ---- tile sizes --------------------------------------------------------------------------------- */

static uint32_t tile_threads(const vk_tile *t) { return (t->bm / t->tm) * (t->bn / t->tn); }

static uint32_t tile_shared_bytes(const vk_tile *t)
{
    return (uint32_t)(t->bk * (t->bm + 1) + t->bk * (t->bn + 1)) * 4u; /* matmul.comp's As and Bs */
}

static int tile_fits(const vk_context *c, const vk_tile *t)
{
    uint32_t threads = tile_threads(t);
    return threads <= c->lim.max_invocations && threads <= c->lim.max_size_x &&
           tile_shared_bytes(t) <= c->lim.shared_bytes && threads % c->lim.subgroup == 0;
}

/* "bm,bn,bk,tm,tn" from NEURONE_VK_TILE, for tuning on a new device; 0 when unset or unusable */
static int tile_from_env(const vk_context *c, vk_tile *t)
{
    const char *s = getenv("NEURONE_VK_TILE");
    unsigned v[5];
    if (!s || sscanf(s, "%u,%u,%u,%u,%u", &v[0], &v[1], &v[2], &v[3], &v[4]) != 5)
        return 0;
    *t = (vk_tile){ v[0], v[1], v[2], v[3], v[4] };
    return t->tm && t->tn && t->bm % t->tm == 0 && t->bn % t->tn == 0 && t->bk && tile_fits(c, t);
}

/* The largest tile that the device's shared memory and workgroup limits allow, and a small one
 * for the thin products of small layers, where a large tile would leave most of the device idle.
 * On a CPU implementation without subgroupBroadcast (or NEURONE_VK_MATMUL=gpu), workgroups of at
 * most 8 subgroups, each thread with an 8×8 block, measured fastest on lavapipe: about 3 GFLOP/s
 * at 64x64x16 where 64x64 tiles of 4×4 blocks reach under 1. */
static void choose_tiles(vk_context *c)
{
    static const vk_tile large[] = {
        { 128, 128, 16, 8, 8 }, { 64, 64, 16, 8, 8 }, { 64, 64, 16, 4, 4 }, { 64, 64, 8, 4, 4 },
        { 32, 32, 8, 2, 2 }, { 16, 16, 8, 1, 1 }, { 8, 8, 8, 1, 1 }, { 4, 4, 4, 1, 1 }, { 1, 1, 1, 1, 1 },
    };
    static const vk_tile medium[] = {
        { 64, 64, 16, 4, 4 }, { 64, 64, 8, 4, 4 }, { 32, 32, 16, 4, 4 }, { 32, 32, 8, 2, 2 },
        { 16, 16, 8, 1, 1 }, { 8, 8, 8, 1, 1 }, { 4, 4, 4, 1, 1 }, { 1, 1, 1, 1, 1 },
    };
    static const vk_tile small[] = {
        { 32, 32, 16, 2, 2 }, { 32, 32, 16, 4, 4 }, { 16, 16, 16, 2, 2 }, { 16, 16, 16, 1, 1 },
        { 8, 8, 8, 1, 1 }, { 4, 4, 4, 1, 1 }, { 1, 1, 1, 1, 1 },
    };
    uint32_t max_threads = c->info.is_cpu ? 8 * c->lim.subgroup : UINT32_MAX;
    const vk_tile *lists[VK_TILE_SIZES] = { large, medium, small };
    size_t counts[VK_TILE_SIZES] = { sizeof large / sizeof large[0], sizeof medium / sizeof medium[0],
                                     sizeof small / sizeof small[0] };
    for (int s = 0; s < VK_TILE_SIZES; s++) {
        const vk_tile *list = lists[s];
        c->tile[s] = list[counts[s] - 1]; /* one thread, one output: fits any device */
        for (size_t i = 0; i < counts[s]; i++)
            if (tile_threads(&list[i]) <= max_threads && tile_fits(c, &list[i])) {
                c->tile[s] = list[i];
                break;
            }
    }
    vk_tile t;
    if (tile_from_env(c, &t))
        c->tile[VK_TILE_LARGE] = t;
}

/* matmul_cpu.comp's tiles on a CPU implementation: a workgroup is S lanes (one subgroup) and
 * computes tm rows by S·tn columns, or tm rows by 4·S with quads (bm = tm, bn = S·tn or 4·S; bk
 * holds S). Rows are shared out with subgroupShuffle, so tm ≤ S one float a fetch, and with quads
 * tm ≤ 4·S, at most 32 and a multiple of 4. Measured on lavapipe (AVX-512 host, 256-bit vectors),
 * with quads: 32 rows 52–64 GFLOP/s on 256x1024x1024 and mnist's 128x784x256, where 16 gave
 * 27–35; 64 trained mnist no faster than 32. The smaller tiles serve thin products, as on a GPU.
 * NEURONE_VK_TILE ("0,0,0,tm,tn") and NEURONE_VK_TILE4 ("tm") set the large ones, for tuning. */
static void choose_cpu_tiles(vk_context *c)
{
    static const uint32_t tm_tn[VK_TILE_SIZES][2] = { { 8, 4 }, { 4, 4 }, { 4, 2 } };
    static const uint32_t tm4[VK_TILE_SIZES] = { 32, 16, 8 };
    uint32_t s = c->lim.subgroup;
    for (int i = 0; i < VK_TILE_SIZES; i++) {
        uint32_t tm = tm_tn[i][0] < s ? tm_tn[i][0] : s, q = tm4[i] < 4 * s ? tm4[i] : 4 * s;
        c->tile[i] = (vk_tile){ tm, s * tm_tn[i][1], s, tm, tm_tn[i][1] };
        c->tile4[i] = (vk_tile){ q, 4 * s, s, q, 1 };
    }
    const char *e = getenv("NEURONE_VK_TILE");
    unsigned tm, tn;
    if (e && sscanf(e, "%*u,%*u,%*u,%u,%u", &tm, &tn) == 2 && tm && tn && tm <= s && tn <= 8)
        c->tile[VK_TILE_LARGE] = (vk_tile){ tm, s * tn, s, tm, tn };
    e = getenv("NEURONE_VK_TILE4");
    if (e && sscanf(e, "%u", &tm) == 1 && tm && tm % 4 == 0 && tm <= 32 && tm <= 4 * s)
        c->tile4[VK_TILE_LARGE] = (vk_tile){ tm, 4 * s, s, tm, 1 };
}

/* Which matrix-product kernel the device gets, and its tiles. A CPU implementation runs
 * matmul_cpu.comp (NEURONE_VK_MATMUL=gpu keeps matmul.comp there, for comparison); a GPU keeps
 * matmul.comp and the tiles measured on the H200. NEURONE_VK_MATMUL=gpu4 adds matmul_gpu4.comp
 * for the large aligned products, on any device. */
static void choose_matmul(vk_context *c)
{
    const char *e = getenv("NEURONE_VK_MATMUL");
    c->gpu4 = e && strcmp(e, "gpu4") == 0;
    /* matmul_cpu.comp shares rows out with subgroupShuffle, reads B four values of k at a time
     * in lanes of 4, and reads every operand through the set's texel views (vk.h) */
    c->matmul_cpu = c->info.is_cpu && c->lim.subgroup <= c->lim.max_size_x &&
                    c->lim.subgroup <= c->lim.max_invocations && c->lim.shuffle &&
                    c->lim.subgroup % 4 == 0 &&
                    c->lim.storage_texels >= VK_BINDINGS_CPU - VK_BINDINGS &&
                    !(e && (strcmp(e, "gpu") == 0 || c->gpu4));
    if (c->matmul_cpu)
        choose_cpu_tiles(c);
    else
        choose_tiles(c);
    /* A CPU implementation runs one workgroup per thread: a few per core are plenty. A GPU wants
     * about one per multiprocessor or more, which Vulkan does not report: 128 suits the large
     * NVIDIA and AMD parts, and a smaller GPU only loses a little by running smaller tiles. */
    c->min_groups = c->info.is_cpu ? 16 : 128;
    const char *g = getenv("NEURONE_VK_GROUPS");
    if (g && atoi(g) > 0)
        c->min_groups = (uint32_t)atoi(g);
}

/* ---- pipelines ------------------------------------------------------------------------------------ */

static int make_pipeline(vk_context *c, const vk_spirv *code, const uint32_t *spec, uint32_t n_spec,
                         VkPipeline *out)
{
    *out = VK_NULL_HANDLE;
    VkShaderModuleCreateInfo module_info = {
        .sType = VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO,
        .codeSize = code->size,
        .pCode = code->code,
    };
    VkShaderModule module;
    /* product-pipeline: only the products' pipelines made at first use, on a CPU implementation */
    int forced = vk_fault("shader") || (code == &matmul_cpu_code && vk_fault("product-pipeline"));
    VkResult r = forced ? VK_ERROR_INVALID_SHADER_NV
                        : c->fn.vkCreateShaderModule(c->device, &module_info, NULL, &module);
    if (r != VK_SUCCESS)
        return nn_fail("Vulkan: the %s shader failed to create on %s (vkCreateShaderModule: %s%s)",
                       code->name, c->info.name, vk_result_name(r),
                       forced ? ", forced by NEURONE_VK_FAULT" : "");
    VkSpecializationMapEntry entries[9];
    for (uint32_t i = 0; i < n_spec; i++)
        entries[i] = (VkSpecializationMapEntry){ .constantID = i, .offset = 4 * i, .size = 4 };
    VkSpecializationInfo spec_info = {
        .mapEntryCount = n_spec,
        .pMapEntries = entries,
        .dataSize = 4 * n_spec,
        .pData = spec,
    };
    VkComputePipelineCreateInfo info = {
        .sType = VK_STRUCTURE_TYPE_COMPUTE_PIPELINE_CREATE_INFO,
        .stage = {
            .sType = VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO,
            .stage = VK_SHADER_STAGE_COMPUTE_BIT,
            .module = module,
            .pName = "main",
            .pSpecializationInfo = &spec_info,
        },
        .layout = c->layout,
    };
    r = c->fn.vkCreateComputePipelines(c->device, VK_NULL_HANDLE, 1, &info, NULL, out);
    c->fn.vkDestroyShaderModule(c->device, module, NULL);
    if (r != VK_SUCCESS) {
        *out = VK_NULL_HANDLE;
        return nn_fail("Vulkan: the %s pipeline failed to create on %s (%s)", code->name,
                       c->info.name, vk_result_name(r));
    }
    return 0;
}

static int make_layouts(vk_context *c)
{
    VkDescriptorSetLayoutBinding bindings[VK_BINDINGS_CPU];
    for (uint32_t i = 0; i < vk_bindings(c); i++)
        bindings[i] = (VkDescriptorSetLayoutBinding){
            .binding = i,
            .descriptorType = i == 0            ? VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER
                              : i < VK_BINDINGS ? VK_DESCRIPTOR_TYPE_STORAGE_BUFFER
                                                : VK_DESCRIPTOR_TYPE_STORAGE_TEXEL_BUFFER,
            .descriptorCount = 1,
            .stageFlags = VK_SHADER_STAGE_COMPUTE_BIT,
        };
    VkDescriptorSetLayoutCreateInfo set_info = {
        .sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO,
        .bindingCount = vk_bindings(c),
        .pBindings = bindings,
    };
    VkResult r = c->fn.vkCreateDescriptorSetLayout(c->device, &set_info, NULL, &c->set_layout);
    if (r != VK_SUCCESS) {
        c->set_layout = VK_NULL_HANDLE;
        return nn_fail("Vulkan: vkCreateDescriptorSetLayout failed (%s)", vk_result_name(r));
    }
    /* the largest push block is the matrix product's */
    if (c->lim.push_bytes < sizeof(vk_matmul_push))
        return nn_fail("Vulkan: %s offers %u bytes of push constants; the engine needs %zu",
                       c->info.name, c->lim.push_bytes, sizeof(vk_matmul_push));
    VkPushConstantRange push = { VK_SHADER_STAGE_COMPUTE_BIT, 0, sizeof(vk_matmul_push) };
    VkPipelineLayoutCreateInfo layout_info = {
        .sType = VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO,
        .setLayoutCount = 1,
        .pSetLayouts = &c->set_layout,
        .pushConstantRangeCount = 1,
        .pPushConstantRanges = &push,
    };
    r = c->fn.vkCreatePipelineLayout(c->device, &layout_info, NULL, &c->layout);
    if (r != VK_SUCCESS) {
        c->layout = VK_NULL_HANDLE;
        return nn_fail("Vulkan: vkCreatePipelineLayout failed (%s)", vk_result_name(r));
    }
    return 0;
}

/* matmul_gpu4.comp's pipelines when asked for and the device takes its workgroup (256 threads) and
 * its two slabs of 8 k rows of 128 + 4 floats */
static int make_gpu4(vk_context *c)
{
    const vk_tile *t = &vk_gpu4_tile;
    uint32_t threads = tile_threads(t), shared = t->bk * (t->bm + 4 + t->bn + 4) * 4;
    c->gpu4 = c->gpu4 && c->lim.max_invocations >= threads && c->lim.max_size_x >= threads &&
              c->lim.shared_bytes >= shared;
    for (int kind = 0; c->gpu4 && kind < VK_MATMUL_KINDS; kind++) {
        uint32_t spec[3] = { threads, kind == VK_TN, kind == VK_NT };
        if (make_pipeline(c, &matmul_gpu4_code, spec, 3, &c->matmul4[kind]) < 0)
            return -1;
    }
    return 0;
}

int vk_pipelines_create(vk_context *c)
{
    choose_matmul(c); /* before the layouts: a CPU implementation has the texel views too */
    if (make_layouts(c) < 0)
        return -1;
    /* row and elementwise kernels: whole subgroups, about 64 threads */
    uint32_t sg = c->lim.subgroup;
    c->wg = (64 + sg - 1) / sg * sg;
    while (c->wg > c->lim.max_invocations || c->wg > c->lim.max_size_x)
        c->wg = c->wg > sg ? c->wg - sg : 1;
    /* constant 1: a CPU implementation, where update.comp takes four parameters an invocation */
    uint32_t spec[2] = { c->wg, (uint32_t)c->matmul_cpu };
    for (int k = 0; k < VK_KERNELS; k++) {
        const vk_spirv *code = k == VK_UPDATE && c->matmul_cpu ? &update_cpu_code : &kernel_code[k];
        if (make_pipeline(c, code, spec, 2, &c->kernel[k]) < 0)
            return -1;
    }
    if (c->matmul_cpu) /* its pipelines are made at first use: vk_matmul_cpu_pipeline */
        return 0;
    if (make_gpu4(c) < 0)
        return -1;
    for (int s = 0; s < VK_TILE_SIZES; s++) {
        const vk_tile *t = &c->tile[s];
        for (int kind = 0; kind < VK_MATMUL_KINDS; kind++) {
            uint32_t gpu[8] = { tile_threads(t), t->bm, t->bn, t->bk, t->tm, t->tn,
                                kind == VK_TN, kind == VK_NT };
            if (make_pipeline(c, &matmul_code, gpu, 8, &c->matmul[s][kind]) < 0)
                return -1;
        }
    }
    return 0;
}

VkPipeline vk_matmul_cpu_pipeline(vk_context *c, int size, int kind, int quads, uint32_t epilogue,
                                  uint32_t act)
{
    if (epilogue >= VK_EPILOGUES || act >= ACT_COUNT) {
        nn_fail("Vulkan: no matrix-product epilogue %u with activation %u", epilogue, act);
        return VK_NULL_HANDLE;
    }
    pthread_mutex_lock(&c->made_lock);
    VkPipeline *made = &c->matmul_cpu_made[size][kind][quads != 0][epilogue][act];
    if (!*made) {
        const vk_tile *t = quads ? &c->tile4[size] : &c->tile[size];
        uint32_t spec[9] = { t->bk, t->tm, t->tn, kind == VK_TN, kind == VK_NT, t->bk,
                             quads != 0, epilogue, act };
        make_pipeline(c, &matmul_cpu_code, spec, 9, made); /* leaves VK_NULL_HANDLE on failure */
    }
    VkPipeline pipe = *made;
    pthread_mutex_unlock(&c->made_lock);
    return pipe;
}

void vk_pipelines_destroy(vk_context *c)
{
    for (int s = 0; s < VK_TILE_SIZES; s++)
        for (int kind = 0; kind < VK_MATMUL_KINDS; kind++)
            if (c->matmul[s][kind])
                c->fn.vkDestroyPipeline(c->device, c->matmul[s][kind], NULL);
    for (int kind = 0; kind < VK_MATMUL_KINDS; kind++)
        if (c->matmul4[kind])
            c->fn.vkDestroyPipeline(c->device, c->matmul4[kind], NULL);
    memset(c->matmul4, 0, sizeof c->matmul4);
    VkPipeline *made = &c->matmul_cpu_made[0][0][0][0][0];
    for (size_t i = 0; i < sizeof c->matmul_cpu_made / sizeof *made; i++)
        if (made[i])
            c->fn.vkDestroyPipeline(c->device, made[i], NULL);
    for (int k = 0; k < VK_KERNELS; k++)
        if (c->kernel[k])
            c->fn.vkDestroyPipeline(c->device, c->kernel[k], NULL);
    if (c->layout)
        c->fn.vkDestroyPipelineLayout(c->device, c->layout, NULL);
    if (c->set_layout)
        c->fn.vkDestroyDescriptorSetLayout(c->device, c->set_layout, NULL);
    memset(c->matmul, 0, sizeof c->matmul);
    memset(c->matmul_cpu_made, 0, sizeof c->matmul_cpu_made);
    memset(c->kernel, 0, sizeof c->kernel);
    c->layout = VK_NULL_HANDLE;
    c->set_layout = VK_NULL_HANDLE;
}
