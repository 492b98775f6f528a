/* vk_memory.c — one memory allocation per lifetime (the model's parameters, one batch size's
 * workspace, the staging ring), carved into buffers at aligned offsets. Drivers allow few
 * allocations and make each one slow; a handful of large blocks avoids both limits. */
#include <string.h>

#include "../internal.h"
#include "vk.h"

#define MIB(bytes) ((double)(bytes) / (1024.0 * 1024.0))

/* The first memory type in `bits` that has all of `want`, or -1. */
static int find_type(const vk_context *c, uint32_t bits, VkMemoryPropertyFlags want)
{
    for (uint32_t i = 0; i < c->mem.memoryTypeCount; i++)
        if ((bits & (1u << i)) && (c->mem.memoryTypes[i].propertyFlags & want) == want)
            return (int)i;
    return -1;
}

/* Device-local for what the kernels read and write; for the host's side, coherent and cached
 * memory first (reads back fast, needs no flush), then coherent, then anything mappable. */
static int pick_type(const vk_context *c, uint32_t bits, int kind)
{
    static const VkMemoryPropertyFlags host[] = {
        VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT |
            VK_MEMORY_PROPERTY_HOST_CACHED_BIT,
        VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT,
        VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT,
    };
    if (kind == VK_DEVICE_LOCAL) {
        int t = find_type(c, bits, VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT);
        return t >= 0 ? t : find_type(c, bits, 0);
    }
    for (size_t i = 0; i < sizeof host / sizeof host[0]; i++) {
        int t = find_type(c, bits, host[i]);
        if (t >= 0)
            return t;
    }
    return -1;
}

/* Each buffer's floats as texel buffers of one and four floats, which a CPU implementation's
 * kernels read (vk.h); 0, or -1 when one fails. */
static int make_views(vk_context *c, vk_buffer *const *bufs, int n)
{
    for (int i = 0; i < n; i++)
        for (int quad = 0; quad < 2; quad++) {
            VkBufferViewCreateInfo info = {
                .sType = VK_STRUCTURE_TYPE_BUFFER_VIEW_CREATE_INFO,
                .buffer = bufs[i]->buf,
                .format = quad ? VK_FORMAT_R32G32B32A32_SFLOAT : VK_FORMAT_R32_SFLOAT,
                .offset = 0,
                .range = VK_WHOLE_SIZE,
            };
            VkBufferView *view = quad ? &bufs[i]->view4 : &bufs[i]->view;
            if (c->fn.vkCreateBufferView(c->device, &info, NULL, view) != VK_SUCCESS) {
                *view = VK_NULL_HANDLE;
                return -1;
            }
        }
    return 0;
}

void vk_arena_destroy(vk_context *c, vk_arena *a, vk_buffer *const *bufs, int n)
{
    for (int i = 0; i < n; i++) {
        if (bufs[i]->view)
            c->fn.vkDestroyBufferView(c->device, bufs[i]->view, NULL);
        if (bufs[i]->view4)
            c->fn.vkDestroyBufferView(c->device, bufs[i]->view4, NULL);
        if (bufs[i]->buf)
            c->fn.vkDestroyBuffer(c->device, bufs[i]->buf, NULL);
        bufs[i]->view = bufs[i]->view4 = VK_NULL_HANDLE;
        bufs[i]->buf = VK_NULL_HANDLE;
        bufs[i]->map = NULL;
    }
    if (a->mem) {
        if (a->map)
            c->fn.vkUnmapMemory(c->device, a->mem);
        c->fn.vkFreeMemory(c->device, a->mem, NULL);
    }
    memset(a, 0, sizeof *a);
}

/* One buffer of the arena, its memory not bound yet; -1 with a message when the device cannot
 * hold or index it. With matmul_cpu.comp, device buffers are also read as texel buffers. */
static int create_buffer(vk_context *c, vk_buffer *b, int kind, const char *what)
{
    b->buf = VK_NULL_HANDLE;
    b->view = b->view4 = VK_NULL_HANDLE;
    b->map = NULL;
    int texels = kind == VK_DEVICE_LOCAL && c->matmul_cpu;
    if (texels && b->size / 4 > c->lim.max_texel_elements)
        return nn_fail("Vulkan: %s need a buffer of %.1f MiB; %s reads at most %u floats "
                       "as a texel buffer (maxTexelBufferElements): too large for this device",
                       what, MIB(b->size), c->info.name, c->lim.max_texel_elements);
    if (kind == VK_DEVICE_LOCAL && b->size > c->lim.max_storage_range)
        return nn_fail("Vulkan: %s need a buffer of %.1f MiB; %s lets a shader index at most "
                       "%.1f MiB (maxStorageBufferRange): too large for this device",
                       what, MIB(b->size), c->info.name, MIB(c->lim.max_storage_range));
    VkBufferCreateInfo info = {
        .sType = VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO,
        .size = b->size ? b->size : 4,
        .usage = VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_UNIFORM_BUFFER_BIT |
                 VK_BUFFER_USAGE_TRANSFER_SRC_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT |
                 (texels ? VK_BUFFER_USAGE_STORAGE_TEXEL_BUFFER_BIT : 0),
        .sharingMode = VK_SHARING_MODE_EXCLUSIVE,
    };
    VkResult r = c->fn.vkCreateBuffer(c->device, &info, NULL, &b->buf);
    if (r != VK_SUCCESS) {
        b->buf = VK_NULL_HANDLE;
        return nn_fail("Vulkan: vkCreateBuffer for %s failed (%s)", what, vk_result_name(r));
    }
    return 0;
}

int vk_arena_create(vk_context *c, vk_arena *a, vk_buffer *const *bufs, int n, int kind,
                    const char *what)
{
    memset(a, 0, sizeof *a);
    VkDeviceSize total = 0;
    uint32_t bits = ~0u;
    for (int i = 0; i < n; i++) {
        vk_buffer *b = bufs[i];
        if (create_buffer(c, b, kind, what) < 0) {
            vk_arena_destroy(c, a, bufs, n);
            return -1;
        }
        VkMemoryRequirements req;
        c->fn.vkGetBufferMemoryRequirements(c->device, b->buf, &req);
        /* the atom too, so that one buffer's flushes never touch its neighbours */
        VkDeviceSize align = req.alignment > c->lim.non_coherent_atom ? req.alignment : c->lim.non_coherent_atom;
        b->offset = (total + align - 1) / align * align;
        total = b->offset + req.size;
        bits &= req.memoryTypeBits;
    }
    int type = pick_type(c, bits, kind);
    if (type < 0) {
        vk_arena_destroy(c, a, bufs, n);
        return nn_fail("Vulkan: %s has no %s memory type for %s", c->info.name,
                       kind == VK_HOST_VISIBLE ? "host-visible" : "suitable", what);
    }
    uint32_t heap = c->mem.memoryTypes[type].heapIndex;
    if (total > c->lim.max_allocation || total > c->mem.memoryHeaps[heap].size) {
        vk_arena_destroy(c, a, bufs, n);
        return nn_fail("Vulkan: %s need %.1f MiB in one block; %s allows %.1f MiB per allocation "
                       "and its heap holds %.1f MiB: too large for this device", what,
                       MIB(total), c->info.name, MIB(c->lim.max_allocation),
                       MIB(c->mem.memoryHeaps[heap].size));
    }
    VkMemoryAllocateInfo alloc = {
        .sType = VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO,
        .allocationSize = total,
        .memoryTypeIndex = (uint32_t)type,
    };
    int forced = vk_fault("oom") || (kind == VK_DEVICE_LOCAL && vk_fault("oom_work") &&
                                     strstr(what, "workspace"));
    VkResult r = forced ? VK_ERROR_OUT_OF_DEVICE_MEMORY
                        : c->fn.vkAllocateMemory(c->device, &alloc, NULL, &a->mem);
    if (r != VK_SUCCESS) {
        a->mem = VK_NULL_HANDLE;
        vk_arena_destroy(c, a, bufs, n);
        return nn_fail("Vulkan: out of device memory: %.1f MiB for %s on %s (%s%s)", MIB(total),
                       what, c->info.name, vk_result_name(r),
                       forced ? ", forced by NEURONE_VK_FAULT" : "");
    }
    a->size = total;
    a->coherent = (c->mem.memoryTypes[type].propertyFlags & VK_MEMORY_PROPERTY_HOST_COHERENT_BIT) != 0;
    for (int i = 0; i < n; i++)
        c->fn.vkBindBufferMemory(c->device, bufs[i]->buf, a->mem, bufs[i]->offset);
    if (kind == VK_DEVICE_LOCAL && c->matmul_cpu && make_views(c, bufs, n) < 0) {
        vk_arena_destroy(c, a, bufs, n);
        return nn_fail("Vulkan: vkCreateBufferView for %s failed", what);
    }
    if (kind == VK_HOST_VISIBLE) {
        r = c->fn.vkMapMemory(c->device, a->mem, 0, VK_WHOLE_SIZE, 0, &a->map);
        if (r != VK_SUCCESS) {
            a->map = NULL;
            vk_arena_destroy(c, a, bufs, n);
            return nn_fail("Vulkan: could not map %s (%s)", what, vk_result_name(r));
        }
        for (int i = 0; i < n; i++)
            bufs[i]->map = (char *)a->map + bufs[i]->offset;
    }
    return 0;
}

/* [offset, offset + size) of b, widened to whole atoms and kept inside the allocation */
static VkMappedMemoryRange atom_range(const vk_context *c, const vk_arena *a, const vk_buffer *b,
                                      VkDeviceSize offset, VkDeviceSize size)
{
    VkDeviceSize atom = c->lim.non_coherent_atom;
    VkDeviceSize begin = (b->offset + offset) / atom * atom;
    VkDeviceSize end = (b->offset + offset + size + atom - 1) / atom * atom;
    if (end > a->size)
        end = a->size;
    return (VkMappedMemoryRange){ .sType = VK_STRUCTURE_TYPE_MAPPED_MEMORY_RANGE, .memory = a->mem,
                                  .offset = begin, .size = end - begin };
}

/* Flushes (host writes → device) or invalidates (device writes → host) a range; coherent memory
 * needs neither. */
static void sync_range(vk_context *c, const vk_arena *a, const vk_buffer *b, VkDeviceSize offset,
                       VkDeviceSize size, PFN_vkFlushMappedMemoryRanges op)
{
    if (a->coherent || size == 0)
        return;
    VkMappedMemoryRange range = atom_range(c, a, b, offset, size);
    op(c->device, 1, &range);
}

void vk_arena_flush(vk_context *c, const vk_arena *a, const vk_buffer *b, VkDeviceSize offset,
                    VkDeviceSize size)
{
    sync_range(c, a, b, offset, size, c->fn.vkFlushMappedMemoryRanges);
}

void vk_arena_invalidate(vk_context *c, const vk_arena *a, const vk_buffer *b, VkDeviceSize offset,
                         VkDeviceSize size)
{
    /* the same signature as vkFlushMappedMemoryRanges */
    sync_range(c, a, b, offset, size, c->fn.vkInvalidateMappedMemoryRanges);
}
