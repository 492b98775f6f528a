/* vk_loader.c — libvulkan, opened at run time, and the tables of functions taken from it.
 * Linking libvulkan directly would make the whole library refuse to start on a machine without
 * it; opened with dlopen, its absence is one more error that nn_use_backend reports. */
#include <dlfcn.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "../internal.h"
#include "vk.h"

static pthread_mutex_t load_lock = PTHREAD_MUTEX_INITIALIZER;
static void *libvulkan;                         /* kept open for the life of the process */
static PFN_vkGetInstanceProcAddr get_instance_proc;

/* The names the issue gives the faults, as the short names the engine asks for. */
static const char *fault_alias(const char *entry, size_t n)
{
    static const char *const alias[][2] = {
        { "no-loader", "loader" }, { "no-device", "nodevice" }, { "device-lost", "lost" },
    };
    for (size_t i = 0; i < sizeof alias / sizeof alias[0]; i++)
        if (strlen(alias[i][0]) == n && strncmp(entry, alias[i][0], n) == 0)
            return alias[i][1];
    return NULL;
}

int vk_fault_after(const char *name, long done)
{
    const char *list = getenv("NEURONE_VK_FAULT");
    size_t len = strlen(name);
    while (list && *list) {
        size_t n = strcspn(list, ",");
        size_t word = strcspn(list, ":,"); /* "device-lost:N": the name, then N */
        const char *alias = fault_alias(list, word);
        int same = alias ? strcmp(alias, name) == 0
                         : word == len && strncmp(list, name, len) == 0;
        long after = word < n ? strtol(list + word + 1, NULL, 10) : 0;
        if (same && done >= after)
            return 1;
        list += n + (list[n] == ',');
    }
    return 0;
}

int vk_fault(const char *name)
{
    return vk_fault_after(name, LONG_MAX);
}

/* NEURONE_VK_KEEP=LIB[:LIB...]: Vulkan drivers opened here, before the loader, with RTLD_NODELETE,
 * so that the loader's dlopen finds them loaded and its dlclose (at each vkDestroyInstance, and
 * after its queries before an instance) never unloads them. The test suite names lavapipe's
 * driver: the LLVM it loads keeps blocks in its globals until the process ends. Unloaded, those
 * blocks lose their last reference and LeakSanitizer reports them, once per load, from an
 * "<unknown module>" that no suppression can name; kept mapped, they stay reachable (and would be
 * reported in libLLVM, which tests/lsan.supp names). A library that cannot be opened is skipped:
 * the loader says what it misses. */
static void keep_drivers(void)
{
    const char *list = getenv("NEURONE_VK_KEEP");
    char name[512];
    while (list && *list) {
        size_t n = strcspn(list, ":");
        if (n > 0 && n < sizeof name) {
            memcpy(name, list, n);
            name[n] = 0;
            /* never closed: NODELETE already keeps it, the handle is not needed */
            (void)dlopen(name, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
        }
        list += n + (list[n] == ':');
    }
}

int vk_load(vk_fns *f)
{
    pthread_mutex_lock(&load_lock);
    if (!libvulkan)
        keep_drivers();
    /* the forced fault asks for a library that cannot exist, so that the real failure path runs,
     * even after the real library was loaded */
    int forced = vk_fault("loader");
    if (!libvulkan || forced) {
        const char *name = forced ? "libvulkan-absent-by-request.so.1" : "libvulkan.so.1";
        void *lib = dlopen(name, RTLD_NOW | RTLD_LOCAL);
        if (!lib) {
            const char *why = dlerror();
            pthread_mutex_unlock(&load_lock);
            return nn_fail("Vulkan: no Vulkan loader: %s (install libvulkan1 and a driver; "
                           "mesa-vulkan-drivers brings lavapipe, which runs on the CPU)",
                           why ? why : name);
        }
        libvulkan = lib;
        /* a void * to a function pointer: POSIX guarantees dlsym's result converts */
        *(void **)&get_instance_proc = dlsym(libvulkan, "vkGetInstanceProcAddr");
        if (!get_instance_proc) {
            dlclose(libvulkan);
            libvulkan = NULL;
            pthread_mutex_unlock(&load_lock);
            return nn_fail("Vulkan: %s has no vkGetInstanceProcAddr: not a Vulkan loader", name);
        }
    }
    pthread_mutex_unlock(&load_lock);
    memset(f, 0, sizeof *f);
#define VK_LOAD_GLOBAL(fn) f->fn = (PFN_##fn)get_instance_proc(NULL, #fn);
    VK_LOADER_FNS(VK_LOAD_GLOBAL)
#undef VK_LOAD_GLOBAL
    if (!f->vkCreateInstance || !f->vkEnumerateInstanceLayerProperties ||
        !f->vkEnumerateInstanceExtensionProperties)
        return nn_fail("Vulkan: the loader lacks vkCreateInstance");
    return 0;
}

void vk_load_instance(vk_fns *f, VkInstance instance)
{
#define VK_LOAD_INSTANCE(fn) f->fn = (PFN_##fn)get_instance_proc(instance, #fn);
    VK_INSTANCE_FNS(VK_LOAD_INSTANCE)
    VK_DEBUG_FNS(VK_LOAD_INSTANCE)
#undef VK_LOAD_INSTANCE
}

int vk_load_device(vk_fns *f, VkDevice device)
{
    int missing = 0;
#define VK_LOAD_DEVICE(fn) \
    f->fn = (PFN_##fn)f->vkGetDeviceProcAddr(device, #fn); \
    missing |= f->fn == NULL;
    VK_DEVICE_FNS(VK_LOAD_DEVICE)
#undef VK_LOAD_DEVICE
    return missing ? nn_fail("Vulkan: the driver lacks a core Vulkan 1.0 function") : 0;
}

const char *vk_result_name(VkResult r)
{
    switch (r) {
    case VK_SUCCESS: return "VK_SUCCESS";
    case VK_NOT_READY: return "VK_NOT_READY";
    case VK_TIMEOUT: return "VK_TIMEOUT";
    case VK_INCOMPLETE: return "VK_INCOMPLETE";
    case VK_ERROR_OUT_OF_HOST_MEMORY: return "VK_ERROR_OUT_OF_HOST_MEMORY";
    case VK_ERROR_OUT_OF_DEVICE_MEMORY: return "VK_ERROR_OUT_OF_DEVICE_MEMORY";
    case VK_ERROR_INITIALIZATION_FAILED: return "VK_ERROR_INITIALIZATION_FAILED";
    case VK_ERROR_DEVICE_LOST: return "VK_ERROR_DEVICE_LOST";
    case VK_ERROR_MEMORY_MAP_FAILED: return "VK_ERROR_MEMORY_MAP_FAILED";
    case VK_ERROR_LAYER_NOT_PRESENT: return "VK_ERROR_LAYER_NOT_PRESENT";
    case VK_ERROR_EXTENSION_NOT_PRESENT: return "VK_ERROR_EXTENSION_NOT_PRESENT";
    case VK_ERROR_FEATURE_NOT_PRESENT: return "VK_ERROR_FEATURE_NOT_PRESENT";
    case VK_ERROR_INCOMPATIBLE_DRIVER: return "VK_ERROR_INCOMPATIBLE_DRIVER";
    case VK_ERROR_TOO_MANY_OBJECTS: return "VK_ERROR_TOO_MANY_OBJECTS";
    case VK_ERROR_FRAGMENTED_POOL: return "VK_ERROR_FRAGMENTED_POOL";
    case VK_ERROR_OUT_OF_POOL_MEMORY: return "VK_ERROR_OUT_OF_POOL_MEMORY";
    case VK_ERROR_INVALID_SHADER_NV: return "VK_ERROR_INVALID_SHADER_NV";
    default: return "VkResult error";
    }
}
