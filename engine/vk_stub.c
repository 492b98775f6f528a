/* vk_stub.c — built instead of the Vulkan engine when Vulkan or glslangValidator is missing. */
#include "backend.h"

const nn_backend *nn_backend_vulkan(void)
{
    return NULL;
}
