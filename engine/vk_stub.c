/* vk_stub.c — built instead of the Vulkan engine when Vulkan or glslangValidator is missing. */
#include "backend.h"
#include "internal.h"

const nn_backend *nn_backend_vulkan(void)
{
    return NULL;
}

#define NO_VULKAN "this build has no Vulkan engine (the Vulkan headers or glslangValidator were " \
                  "missing when it was built)"

int nn_vulkan_device_count(void) { return nn_fail("vulkan_device_count: " NO_VULKAN); }

int nn_vulkan_device_get(int index, nn_vulkan_device *info)
{
    (void)index;
    (void)info;
    return nn_fail("vulkan_device_get: " NO_VULKAN);
}

int nn_vulkan_select_device(const char *which)
{
    (void)which;
    return nn_fail("vulkan_select_device: " NO_VULKAN);
}

int nn_vulkan_model_device(const nn_model *m, nn_vulkan_device *info)
{
    (void)m;
    (void)info;
    return nn_fail("vulkan_model_device: " NO_VULKAN);
}
