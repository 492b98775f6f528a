/* vk.h — the Vulkan engine's insides, shared by the files of engine/vk, the tests and the
 * benchmark; never installed.
 *
 * The engine talks to Vulkan only through function pointers that it loads itself: libvulkan is
 * opened with dlopen at run time, so the library links and runs on machines without it, and then
 * simply has no Vulkan engine. The pieces, in the order that data meets them:
 *   vk_loader.c    libvulkan and the function tables
 *   vk_device.c    instance, device choice, limits, the shared context, faults, the public device API
 *   vk_memory.c    a few large allocations per lifetime, each carved into buffers
 *   vk_pipeline.c  the embedded SPIR-V, tile sizes from the limits, the pipelines
 *   vk_kernels.c   one function per kernel that records its dispatch, used by the engine and the tests
 *   vk_engine.c    the backend table: the training step recorded once per ring slot and replayed
 *   vk_probe.c     runs single kernels on host arrays, for the tests and the benchmark
 */
#ifndef NEURONE_VK_H
#define NEURONE_VK_H

#define VK_NO_PROTOTYPES
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <vulkan/vulkan.h>

#include "../nn.h"

/* ---- function tables ---------------------------------------------------------------------------- */

#define VK_LOADER_FNS(X) \
    X(vkCreateInstance) X(vkEnumerateInstanceVersion) X(vkEnumerateInstanceLayerProperties) \
    X(vkEnumerateInstanceExtensionProperties)
#define VK_INSTANCE_FNS(X) \
    X(vkDestroyInstance) X(vkEnumeratePhysicalDevices) X(vkGetPhysicalDeviceProperties) \
    X(vkGetPhysicalDeviceProperties2) X(vkGetPhysicalDeviceQueueFamilyProperties) \
    X(vkGetPhysicalDeviceMemoryProperties) X(vkCreateDevice) X(vkGetDeviceProcAddr)
#define VK_DEBUG_FNS(X) X(vkCreateDebugUtilsMessengerEXT) X(vkDestroyDebugUtilsMessengerEXT)
#define VK_DEVICE_FNS(X) \
    X(vkDestroyDevice) X(vkGetDeviceQueue) X(vkDeviceWaitIdle) X(vkQueueSubmit) \
    X(vkCreateBuffer) X(vkDestroyBuffer) X(vkGetBufferMemoryRequirements) X(vkAllocateMemory) \
    X(vkFreeMemory) X(vkBindBufferMemory) X(vkMapMemory) X(vkUnmapMemory) \
    X(vkFlushMappedMemoryRanges) X(vkInvalidateMappedMemoryRanges) \
    X(vkCreateShaderModule) X(vkDestroyShaderModule) X(vkCreateDescriptorSetLayout) \
    X(vkDestroyDescriptorSetLayout) X(vkCreatePipelineLayout) X(vkDestroyPipelineLayout) \
    X(vkCreateComputePipelines) X(vkDestroyPipeline) X(vkCreateDescriptorPool) \
    X(vkDestroyDescriptorPool) X(vkAllocateDescriptorSets) X(vkUpdateDescriptorSets) \
    X(vkCreateCommandPool) X(vkDestroyCommandPool) X(vkAllocateCommandBuffers) \
    X(vkFreeCommandBuffers) X(vkBeginCommandBuffer) X(vkEndCommandBuffer) \
    X(vkCmdBindPipeline) X(vkCmdBindDescriptorSets) X(vkCmdPushConstants) X(vkCmdDispatch) \
    X(vkCmdPipelineBarrier) X(vkCmdCopyBuffer) X(vkCreateFence) X(vkDestroyFence) \
    X(vkResetFences) X(vkWaitForFences)

typedef struct vk_fns {
#define VK_FN_FIELD(name) PFN_##name name;
    VK_LOADER_FNS(VK_FN_FIELD)
    VK_INSTANCE_FNS(VK_FN_FIELD)
    VK_DEBUG_FNS(VK_FN_FIELD)
    VK_DEVICE_FNS(VK_FN_FIELD)
#undef VK_FN_FIELD
} vk_fns;

/* Opens libvulkan once per process and fills the loader-level entries of f. -1 with a message. */
int  vk_load(vk_fns *f);
/* After vkCreateInstance / vkCreateDevice. The debug entries stay NULL when the extension is off. */
void vk_load_instance(vk_fns *f, VkInstance instance);
int  vk_load_device(vk_fns *f, VkDevice device);
/* "VK_ERROR_DEVICE_LOST", ... */
const char *vk_result_name(VkResult r);

/* ---- faults, forced by the tests ------------------------------------------------------------------ */

/* 1 when NEURONE_VK_FAULT (a comma-separated list) names this fault: loader, instance, nodevice,
 * device, shader, oom, oom_work, lost. Each makes the matching Vulkan call report failure, so that
 * the tests walk every error path on a machine where nothing fails. */
int vk_fault(const char *name);

/* ---- the device context, shared by the models that train on one device ----------------------------- */

typedef struct vk_limits {
    uint32_t shared_bytes;        /* maxComputeSharedMemorySize */
    uint32_t subgroup;            /* subgroupSize: 8 on lavapipe, 32 on NVIDIA, 64 on AMD */
    uint32_t max_invocations;     /* maxComputeWorkGroupInvocations */
    uint32_t max_size_x;          /* maxComputeWorkGroupSize[0] */
    uint32_t max_groups[3];       /* maxComputeWorkGroupCount */
    uint64_t max_storage_range;   /* maxStorageBufferRange: the largest buffer a shader may index */
    uint64_t max_allocation;      /* maxMemoryAllocationSize */
    uint64_t heap_bytes;          /* the largest device-local heap */
    uint64_t non_coherent_atom;   /* nonCoherentAtomSize, for flushes of host-visible memory */
    uint32_t push_bytes;          /* maxPushConstantsSize */
} vk_limits;

/* A matrix-product tile: a workgroup computes (bm, bn) outputs, bk deep per shared-memory slab;
 * each thread (tm, tn) of them. */
typedef struct vk_tile { uint32_t bm, bn, bk, tm, tn; } vk_tile;

enum vk_matmul_kind { VK_NN, VK_NT, VK_TN, VK_MATMUL_KINDS }; /* forward, input grad, weight grad */
/* Three tiles, so that a product uses the largest one that still gives the device enough
 * workgroups (vk_cmd_matmul): a 256x1024 layer in 128x128 tiles is 16 workgroups, which leaves
 * most of a 132-multiprocessor GPU idle. */
enum vk_tile_size { VK_TILE_LARGE, VK_TILE_MEDIUM, VK_TILE_SMALL, VK_TILE_SIZES };
enum vk_kernel { VK_SOFTMAX, VK_SOFTMAX_BACKWARD, VK_ACT_BACKWARD, VK_LOSS, VK_UPDATE, VK_KERNELS };

typedef struct vk_context {
    int refs;                     /* models (and probes) holding it; guarded by the context list lock */
    int lost;                     /* the device was lost: new attaches get a new context */
    char chosen_by[128];          /* the selection it was made for, to know when it still fits */
    vk_fns fn;
    VkInstance instance;
    VkDebugUtilsMessengerEXT messenger;
    VkPhysicalDevice phys;
    VkDevice device;
    VkQueue queue;
    uint32_t queue_family;
    pthread_mutex_t queue_lock;   /* models on several threads share the queue */
    nn_vulkan_device info;
    vk_limits lim;
    VkPhysicalDeviceMemoryProperties mem;
    /* one layout for every kernel: binding 0 the step block, bindings 1..4 storage buffers */
    VkDescriptorSetLayout set_layout;
    VkPipelineLayout layout;
    vk_tile tile[VK_TILE_SIZES];
    uint32_t min_groups;          /* the fewest workgroups a product should have: 16 on a CPU
                                     implementation (its threads), 128 on a GPU, NEURONE_VK_GROUPS */
    VkPipeline matmul[VK_TILE_SIZES][VK_MATMUL_KINDS];
    VkPipeline kernel[VK_KERNELS];
    uint32_t wg;                  /* threads per workgroup of the row and elementwise kernels */
} vk_context;

#define VK_BINDINGS 5 /* the step block and four storage buffers */

/* Takes a reference on the context for the selected device (nn_vulkan_select_device, else
 * NEURONE_VK_DEVICE, else the best device), creating it when needed. NULL with a message. */
vk_context *vk_context_acquire(void);
void vk_context_release(vk_context *c);
/* Records that c's device is lost; returns -1 with a message naming the call that saw it. */
int  vk_context_lost(vk_context *c, const char *during);
/* Errors counted by the validation layer's messenger since the process started
 * (NEURONE_VK_VALIDATION=1 turns the layer on; vk_validation_enabled says whether it loaded). */
long vk_validation_errors(void);
int  vk_validation_enabled(void);

/* Submits one command buffer under the queue lock, signalling fence; waits for a fence. Both map
 * a lost device (real or forced) to vk_context_lost. */
VkResult vk_submit(vk_context *c, VkCommandBuffer cmd, VkFence fence);
VkResult vk_wait(vk_context *c, VkFence fence);

/* ---- memory: one allocation per lifetime, carved into buffers -------------------------------------- */

typedef struct vk_buffer {
    VkBuffer buf;
    VkDeviceSize offset, size;    /* where it sits in its arena's memory; bytes */
    void *map;                    /* host arenas: the buffer's bytes, mapped for good */
} vk_buffer;

typedef struct vk_arena {
    VkDeviceMemory mem;
    VkDeviceSize size;
    void *map;                    /* host arenas only */
    int coherent;                 /* host writes need no flush */
} vk_arena;

enum vk_arena_kind { VK_DEVICE_LOCAL, VK_HOST_VISIBLE };

/* Creates the n buffers (their .size set by the caller), allocates one memory block that holds
 * them all, binds each at its aligned offset. `what` names the block in messages, e.g. "the
 * model's parameters". On failure: -1 with a message, nothing left allocated. */
int  vk_arena_create(vk_context *c, vk_arena *a, vk_buffer *const *bufs, int n, int kind,
                     const char *what);
void vk_arena_destroy(vk_context *c, vk_arena *a, vk_buffer *const *bufs, int n);
/* Makes host writes to [offset, offset + size) of b visible to the device, and device writes
 * visible to the host; no-ops on coherent memory. Offsets in bytes, inside b. */
void vk_arena_flush(vk_context *c, const vk_arena *a, const vk_buffer *b, VkDeviceSize offset,
                    VkDeviceSize size);
void vk_arena_invalidate(vk_context *c, const vk_arena *a, const vk_buffer *b, VkDeviceSize offset,
                         VkDeviceSize size);

/* ---- pipelines --------------------------------------------------------------------------------- */

/* The pipelines of c, from the embedded SPIR-V and c's limits. -1 with a message. */
int  vk_pipelines_create(vk_context *c);
void vk_pipelines_destroy(vk_context *c);

/* ---- kernels: each records one dispatch ------------------------------------------------------------ */

/* The step block, binding 0 of every kernel; mirrors `Step` in shaders/common.glsl (std140). */
typedef struct vk_step {
    uint32_t batch;
    uint32_t opt, loss, metric;
    uint32_t from_logits, nesterov, has_momentum, pad0;
    float lr, alpha;
    float mu, beta_1;
    float beta_2, eps, rho, pad1;
} vk_step;

enum vk_epilogue { VK_EPI_STORE, VK_EPI_BIAS_ACT, VK_EPI_ACT_GRAD };
/* vk_matmul_push.flags */
#define VK_BATCH_M 1u  /* the product's M is the step's batch */
#define VK_BATCH_K 4u  /* its K is */
#define VK_ONES_ROW 8u /* op(A)'s last row, M - 1, reads as ones: the bias gradient's row */

/* matmul.comp's push constants. Offsets in floats inside the bindings: A 1, B 2, C 3, D 4. */
typedef struct vk_matmul_push {
    uint32_t M, N, K;             /* extents; a batch extent holds the capacity, for the dispatch */
    uint32_t lda, ldb, ldc;
    uint32_t a_off, b_off, c_off, d_off, e_off;
    uint32_t act, epilogue, flags;
} vk_matmul_push;

/* Binds the set and records op(A)·op(B) of kind VK_NN, VK_NT or VK_TN, picking the tile size from
 * the extents. */
void vk_cmd_matmul(vk_context *c, VkCommandBuffer cmd, VkDescriptorSet set, int kind,
                   const vk_matmul_push *pc);
/* The row kernels work on the step's batch, up to `rows` rows (the capacity). All offsets are in
 * floats inside binding 1 unless said otherwise. */
void vk_cmd_softmax(vk_context *c, VkCommandBuffer cmd, VkDescriptorSet set, uint32_t rows,
                    uint32_t cols, uint32_t z_off, uint32_t a_off);
void vk_cmd_softmax_backward(vk_context *c, VkCommandBuffer cmd, VkDescriptorSet set, uint32_t rows,
                             uint32_t cols, uint32_t d_off, uint32_t a_off);
void vk_cmd_act_backward(vk_context *c, VkCommandBuffer cmd, VkDescriptorSet set, uint32_t rows,
                         uint32_t cols, uint32_t act, uint32_t d_off, uint32_t z_off, uint32_t a_off);
typedef struct vk_loss_push { uint32_t units, act, a_off, z_off, y_off, d_off, rows_off; } vk_loss_push;
void vk_cmd_loss(vk_context *c, VkCommandBuffer cmd, VkDescriptorSet set, uint32_t rows,
                 const vk_loss_push *pc);
/* bindings: 1 params, 2 grads, 3 slot0, 4 slot1, each (n) */
void vk_cmd_update(vk_context *c, VkCommandBuffer cmd, VkDescriptorSet set, uint32_t n);

/* Barriers: at the top of every command buffer (after everything queued before it); from copies
 * in to kernels; between two kernels; from kernels to copies out; from copies out to the host. */
void vk_barrier_start(vk_context *c, VkCommandBuffer cmd);
void vk_barrier_transfer_to_compute(vk_context *c, VkCommandBuffer cmd);
void vk_barrier_compute(vk_context *c, VkCommandBuffer cmd);
void vk_barrier_compute_to_transfer(vk_context *c, VkCommandBuffer cmd);
void vk_barrier_to_host(vk_context *c, VkCommandBuffer cmd);

/* A descriptor pool for `count` (at most 8) sets of the kernels' layout, and the sets. */
VkResult vk_sets_create(vk_context *c, uint32_t count, VkDescriptorPool *pool, VkDescriptorSet *sets);
/* Writes the step block and the four storage buffers of a descriptor set (whole buffers). */
void vk_set_write(vk_context *c, VkDescriptorSet set, const vk_buffer *step,
                  const vk_buffer *const storage[4]);

/* ---- the probe: single kernels on host arrays, for tests and benchmarks ---------------------------- */

typedef struct vk_probe vk_probe;

/* Acquires the context. NULL with a message. */
vk_probe *vk_probe_open(void);
void vk_probe_close(vk_probe *p);
vk_context *vk_probe_context(vk_probe *p);
/* Sizes binding i (1..4) for n floats and copies host data in (NULL: zeros). -1 with a message. */
int vk_probe_set(vk_probe *p, int binding, const float *data, size_t n);
/* Copies n floats of binding i out. */
int vk_probe_get(vk_probe *p, int binding, float *out, size_t n);
/* Records `reps` times what record() records (with a compute barrier between repetitions), with
 * the probe's descriptor set and the given step block; runs it and waits. seconds (may be NULL)
 * receives the wall time from submit to the end of the wait. */
typedef void (*vk_probe_record)(vk_context *c, VkCommandBuffer cmd, VkDescriptorSet set, void *user);
int vk_probe_run(vk_probe *p, const vk_step *step, vk_probe_record record, void *user, int reps,
                 double *seconds);

#endif
