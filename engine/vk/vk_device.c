/* vk_device.c — the Vulkan instance, the choice of a device and its limits, the context that the
 * models training on one device share, the validation layer's error count, and the public device
 * API of nn.h. */
#include <ctype.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../internal.h"
#include "vk.h"

/* ---- state ------------------------------------------------------------------------------------- */

static pthread_mutex_t contexts_lock = PTHREAD_MUTEX_INITIALIZER;
static vk_context *current;      /* the context that new attaches share, while it fits */
static char selected[128];       /* nn_vulkan_select_device's choice; "" when none */
static atomic_long validation_errors;
static atomic_int validation_loaded;

/* One physical device as the choice sees it. */
typedef struct vk_candidate {
    VkPhysicalDevice phys;
    nn_vulkan_device info;
    vk_limits lim;
    uint32_t api;
    VkPhysicalDeviceType type;
} vk_candidate;

/* ---- validation ------------------------------------------------------------------------------------ */

static VKAPI_ATTR VkBool32 VKAPI_CALL on_validation_message(
    VkDebugUtilsMessageSeverityFlagBitsEXT severity, VkDebugUtilsMessageTypeFlagsEXT types,
    const VkDebugUtilsMessengerCallbackDataEXT *data, void *user)
{
    (void)types;
    (void)user;
    if (severity & VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT) {
        atomic_fetch_add(&validation_errors, 1);
        fprintf(stderr, "neurone: Vulkan validation error: %s\n", data->pMessage);
    } else if (severity & VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT) {
        fprintf(stderr, "neurone: Vulkan validation warning: %s\n", data->pMessage);
    }
    return VK_FALSE; /* never abort the call that triggered it */
}

long vk_validation_errors(void) { return atomic_load(&validation_errors); }
int vk_validation_enabled(void) { return atomic_load(&validation_loaded); }

static int validation_wanted(void)
{
    const char *v = getenv("NEURONE_VK_VALIDATION");
    return v && *v && strcmp(v, "0") != 0;
}

static int has_layer(const vk_fns *f, const char *name)
{
    uint32_t n = 0;
    f->vkEnumerateInstanceLayerProperties(&n, NULL);
    VkLayerProperties *props = calloc(n ? n : 1, sizeof *props);
    int found = 0;
    if (props && f->vkEnumerateInstanceLayerProperties(&n, props) == VK_SUCCESS)
        for (uint32_t i = 0; i < n; i++)
            found |= strcmp(props[i].layerName, name) == 0;
    free(props);
    return found;
}

static int has_extension(const vk_fns *f, const char *layer, const char *name)
{
    uint32_t n = 0;
    f->vkEnumerateInstanceExtensionProperties(layer, &n, NULL);
    VkExtensionProperties *props = calloc(n ? n : 1, sizeof *props);
    int found = 0;
    if (props && f->vkEnumerateInstanceExtensionProperties(layer, &n, props) == VK_SUCCESS)
        for (uint32_t i = 0; i < n; i++)
            found |= strcmp(props[i].extensionName, name) == 0;
    free(props);
    return found;
}

/* ---- instance ---------------------------------------------------------------------------------------- */

#define VALIDATION_LAYER "VK_LAYER_KHRONOS_validation"

/* Loads libvulkan and creates an instance; with validate, turns the Khronos validation layer on
 * (with synchronisation checks) and routes its messages to on_validation_message. */
static int instance_create(vk_fns *f, int validate, VkInstance *out, VkDebugUtilsMessengerEXT *messenger)
{
    *out = VK_NULL_HANDLE;
    if (messenger)
        *messenger = VK_NULL_HANDLE;
    if (vk_load(f) < 0)
        return -1;
    uint32_t version = VK_API_VERSION_1_0;
    if (f->vkEnumerateInstanceVersion)
        f->vkEnumerateInstanceVersion(&version);
    if (version < VK_API_VERSION_1_1)
        return nn_fail("Vulkan: the loader offers Vulkan %u.%u; the engine needs 1.1",
                       VK_API_VERSION_MAJOR(version), VK_API_VERSION_MINOR(version));

    const char *layers[1], *extensions[2];
    uint32_t n_layers = 0, n_ext = 0;
    int sync_checks = 0;
    if (validate && has_layer(f, VALIDATION_LAYER) &&
        has_extension(f, NULL, VK_EXT_DEBUG_UTILS_EXTENSION_NAME)) {
        layers[n_layers++] = VALIDATION_LAYER;
        extensions[n_ext++] = VK_EXT_DEBUG_UTILS_EXTENSION_NAME;
        if (has_extension(f, VALIDATION_LAYER, VK_EXT_VALIDATION_FEATURES_EXTENSION_NAME)) {
            extensions[n_ext++] = VK_EXT_VALIDATION_FEATURES_EXTENSION_NAME;
            sync_checks = 1;
        }
    }
    VkDebugUtilsMessengerCreateInfoEXT msg_info = {
        .sType = VK_STRUCTURE_TYPE_DEBUG_UTILS_MESSENGER_CREATE_INFO_EXT,
        .messageSeverity = VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT |
                           VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT,
        .messageType = VK_DEBUG_UTILS_MESSAGE_TYPE_GENERAL_BIT_EXT |
                       VK_DEBUG_UTILS_MESSAGE_TYPE_VALIDATION_BIT_EXT |
                       VK_DEBUG_UTILS_MESSAGE_TYPE_PERFORMANCE_BIT_EXT,
        .pfnUserCallback = on_validation_message,
    };
    VkValidationFeatureEnableEXT enables[] = { VK_VALIDATION_FEATURE_ENABLE_SYNCHRONIZATION_VALIDATION_EXT };
    VkValidationFeaturesEXT features = {
        .sType = VK_STRUCTURE_TYPE_VALIDATION_FEATURES_EXT,
        .pNext = &msg_info, /* also catches what instance creation and destruction report */
        .enabledValidationFeatureCount = 1,
        .pEnabledValidationFeatures = enables,
    };
    VkApplicationInfo app = {
        .sType = VK_STRUCTURE_TYPE_APPLICATION_INFO,
        .pApplicationName = "neurone",
        .pEngineName = "neurone",
        .apiVersion = VK_API_VERSION_1_1,
    };
    VkInstanceCreateInfo info = {
        .sType = VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO,
        .pNext = n_layers ? (sync_checks ? (const void *)&features : (const void *)&msg_info) : NULL,
        .pApplicationInfo = &app,
        .enabledLayerCount = n_layers,
        .ppEnabledLayerNames = layers,
        .enabledExtensionCount = n_ext,
        .ppEnabledExtensionNames = extensions,
    };
    VkResult r = vk_fault("instance") ? VK_ERROR_INITIALIZATION_FAILED
                                      : f->vkCreateInstance(&info, NULL, out);
    if (r != VK_SUCCESS) {
        *out = VK_NULL_HANDLE;
        return nn_fail("Vulkan: vkCreateInstance failed (%s%s): no usable Vulkan driver",
                       vk_result_name(r), vk_fault("instance") ? ", forced by NEURONE_VK_FAULT" : "");
    }
    vk_load_instance(f, *out);
    if (n_layers && messenger && f->vkCreateDebugUtilsMessengerEXT &&
        f->vkCreateDebugUtilsMessengerEXT(*out, &msg_info, NULL, messenger) == VK_SUCCESS)
        atomic_store(&validation_loaded, 1);
    return 0;
}

/* ---- devices ------------------------------------------------------------------------------------------ */

static const char *type_name(VkPhysicalDeviceType t)
{
    switch (t) {
    case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU: return "discrete GPU";
    case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU: return "integrated GPU";
    case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU: return "virtual GPU";
    case VK_PHYSICAL_DEVICE_TYPE_CPU: return "CPU";
    default: return "other";
    }
}

/* Lower is preferred: discrete, integrated, virtual, CPU, anything else. */
static int type_rank(VkPhysicalDeviceType t)
{
    switch (t) {
    case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU: return 0;
    case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU: return 1;
    case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU: return 2;
    case VK_PHYSICAL_DEVICE_TYPE_CPU: return 3;
    default: return 4;
    }
}

static void describe(const vk_fns *f, VkPhysicalDevice phys, int index, vk_candidate *d)
{
    VkPhysicalDeviceDriverProperties driver = { .sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_DRIVER_PROPERTIES };
    VkPhysicalDeviceSubgroupProperties subgroup = { .sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SUBGROUP_PROPERTIES };
    VkPhysicalDeviceProperties2 props = { .sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PROPERTIES_2 };
    VkPhysicalDeviceProperties base;
    f->vkGetPhysicalDeviceProperties(phys, &base);
    memset(d, 0, sizeof *d);
    d->phys = phys;
    d->api = base.apiVersion;
    d->type = base.deviceType;
    if (base.apiVersion >= VK_API_VERSION_1_1) {
        props.pNext = &subgroup;
        if (base.apiVersion >= VK_API_VERSION_1_2)
            subgroup.pNext = &driver; /* core in 1.2; an extension before */
        f->vkGetPhysicalDeviceProperties2(phys, &props);
    }
    const VkPhysicalDeviceLimits *l = &base.limits;
    nn_vulkan_device *info = &d->info;
    info->index = index;
    snprintf(info->name, sizeof info->name, "%s", base.deviceName);
    info->type = type_name(base.deviceType);
    info->is_cpu = base.deviceType == VK_PHYSICAL_DEVICE_TYPE_CPU;
    if (driver.driverName[0]) /* each at most 255 characters: the name, and as much info as fits */
        snprintf(info->driver, sizeof info->driver, "%.64s, %.180s", driver.driverName, driver.driverInfo);
    else
        snprintf(info->driver, sizeof info->driver, "driver version 0x%x", base.driverVersion);
    snprintf(info->api_version, sizeof info->api_version, "%u.%u.%u",
             VK_API_VERSION_MAJOR(base.apiVersion), VK_API_VERSION_MINOR(base.apiVersion),
             VK_API_VERSION_PATCH(base.apiVersion));

    VkPhysicalDeviceMemoryProperties mem;
    f->vkGetPhysicalDeviceMemoryProperties(phys, &mem);
    uint64_t heap = 0;
    for (uint32_t h = 0; h < mem.memoryHeapCount; h++)
        if (mem.memoryHeaps[h].flags & VK_MEMORY_HEAP_DEVICE_LOCAL_BIT && mem.memoryHeaps[h].size > heap)
            heap = mem.memoryHeaps[h].size;

    vk_limits *lim = &d->lim;
    lim->shared_bytes = l->maxComputeSharedMemorySize;
    lim->subgroup = subgroup.subgroupSize ? subgroup.subgroupSize : 1;
    lim->shuffle = (subgroup.supportedOperations & VK_SUBGROUP_FEATURE_SHUFFLE_BIT) &&
                   (subgroup.supportedStages & VK_SHADER_STAGE_COMPUTE_BIT);
    lim->max_invocations = l->maxComputeWorkGroupInvocations;
    lim->max_size_x = l->maxComputeWorkGroupSize[0];
    memcpy(lim->max_groups, l->maxComputeWorkGroupCount, sizeof lim->max_groups);
    lim->max_storage_range = l->maxStorageBufferRange;
    lim->max_texel_elements = l->maxTexelBufferElements;
    lim->storage_texels = l->maxPerStageDescriptorStorageImages < l->maxDescriptorSetStorageImages
                              ? l->maxPerStageDescriptorStorageImages
                              : l->maxDescriptorSetStorageImages;
    /* core in 1.1 (VkPhysicalDeviceMaintenance3Properties); the spec's floor is 1 GiB */
    lim->max_allocation = (uint64_t)1 << 30;
    lim->heap_bytes = heap;
    lim->non_coherent_atom = l->nonCoherentAtomSize ? l->nonCoherentAtomSize : 1;
    lim->push_bytes = l->maxPushConstantsSize;
    if (base.apiVersion >= VK_API_VERSION_1_1) {
        VkPhysicalDeviceMaintenance3Properties m3 = { .sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_MAINTENANCE_3_PROPERTIES };
        VkPhysicalDeviceProperties2 p2 = { .sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PROPERTIES_2, .pNext = &m3 };
        f->vkGetPhysicalDeviceProperties2(phys, &p2);
        if (m3.maxMemoryAllocationSize)
            lim->max_allocation = m3.maxMemoryAllocationSize;
    }
    info->memory_bytes = (size_t)heap;
    info->subgroup_size = (int)lim->subgroup;
    info->shared_memory_bytes = (int)lim->shared_bytes;
    info->max_workgroup_size = (int)lim->max_invocations;
}

/* The devices that instance sees, described; *out is malloc'ed (NULL when there are none). */
static int devices_list(const vk_fns *f, VkInstance instance, vk_candidate **out, int *count)
{
    *out = NULL;
    *count = 0;
    uint32_t n = 0;
    if (vk_fault("nodevice"))
        return 0;
    VkResult r = f->vkEnumeratePhysicalDevices(instance, &n, NULL);
    if (r != VK_SUCCESS)
        return nn_fail("Vulkan: vkEnumeratePhysicalDevices failed (%s)", vk_result_name(r));
    if (n == 0)
        return 0;
    VkPhysicalDevice *phys = calloc(n, sizeof *phys);
    vk_candidate *d = calloc(n, sizeof *d);
    if (!phys || !d || f->vkEnumeratePhysicalDevices(instance, &n, phys) < 0) {
        free(phys);
        free(d);
        return nn_fail("Vulkan: could not list the devices");
    }
    for (uint32_t i = 0; i < n; i++)
        describe(f, phys[i], (int)i, &d[i]);
    free(phys);
    *out = d;
    *count = (int)n;
    return 0;
}

static int contains_nocase(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++) {
        size_t i = 0;
        while (i < n && hay[i] && tolower((unsigned char)hay[i]) == tolower((unsigned char)needle[i]))
            i++;
        if (i == n)
            return 1;
    }
    return n == 0;
}

static void list_names(const vk_candidate *d, int n, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < n && used < size; i++) {
        int w = snprintf(buf + used, size - used, "%s%d \"%s\" (%s)", i ? ", " : "", i,
                         d[i].info.name, d[i].info.type);
        used += w > 0 ? (size_t)w : 0;
    }
}

/* The device that `which` names (an index or part of a name), or the best one when it is empty.
 * Returns its position in d, or -1 with a message. */
static int pick_device(const vk_candidate *d, int n, const char *which)
{
    if (n == 0)
        return nn_fail("Vulkan: no Vulkan device was found%s (is a driver installed? "
                       "mesa-vulkan-drivers brings lavapipe, which runs on the CPU)",
                       vk_fault("nodevice") ? " (forced by NEURONE_VK_FAULT)" : "");
    char names[768];
    if (which && *which) {
        int digits = 1;
        for (const char *s = which; *s; s++)
            digits &= isdigit((unsigned char)*s) != 0;
        if (digits) {
            long i = strtol(which, NULL, 10);
            if (i < n)
                return (int)i;
            list_names(d, n, names, sizeof names);
            return nn_fail("Vulkan: there is no device %s; the devices are %s", which, names);
        }
        for (int i = 0; i < n; i++)
            if (contains_nocase(d[i].info.name, which))
                return i;
        list_names(d, n, names, sizeof names);
        return nn_fail("Vulkan: no device matches \"%s\"; the devices are %s", which, names);
    }
    int best = 0;
    for (int i = 1; i < n; i++)
        if (type_rank(d[i].type) < type_rank(d[best].type))
            best = i;
    return best;
}

/* The selection in force: nn_vulkan_select_device's, else NEURONE_VK_DEVICE's, else "". */
static void selection(char *which, size_t size)
{
    const char *env = getenv("NEURONE_VK_DEVICE");
    snprintf(which, size, "%s", selected[0] ? selected : env ? env : "");
}

/* ---- the context ------------------------------------------------------------------------------------ */

static void context_destroy(vk_context *c)
{
    if (!c)
        return;
    if (c->device) {
        c->fn.vkDeviceWaitIdle(c->device); /* fails harmlessly on a lost device */
        vk_pipelines_destroy(c);
        c->fn.vkDestroyDevice(c->device, NULL);
    }
    if (c->messenger)
        c->fn.vkDestroyDebugUtilsMessengerEXT(c->instance, c->messenger, NULL);
    if (c->instance)
        c->fn.vkDestroyInstance(c->instance, NULL);
    pthread_mutex_destroy(&c->queue_lock);
    pthread_mutex_destroy(&c->made_lock);
    free(c);
}

static int queue_family(vk_context *c, uint32_t *family)
{
    uint32_t n = 0;
    c->fn.vkGetPhysicalDeviceQueueFamilyProperties(c->phys, &n, NULL);
    VkQueueFamilyProperties *q = calloc(n ? n : 1, sizeof *q);
    if (!q)
        return nn_fail("Vulkan: out of memory");
    c->fn.vkGetPhysicalDeviceQueueFamilyProperties(c->phys, &n, q);
    int found = -1;
    for (uint32_t i = 0; i < n && found < 0; i++)
        if (q[i].queueFlags & VK_QUEUE_COMPUTE_BIT)
            found = (int)i;
    free(q);
    if (found < 0)
        return nn_fail("Vulkan: %s has no compute queue", c->info.name);
    *family = (uint32_t)found;
    return 0;
}

static vk_context *context_create(const char *which)
{
    vk_context *c = calloc(1, sizeof *c);
    if (!c)
        return nn_fail_null("Vulkan: out of memory");
    pthread_mutex_init(&c->queue_lock, NULL);
    pthread_mutex_init(&c->made_lock, NULL);
    snprintf(c->chosen_by, sizeof c->chosen_by, "%s", which);
    if (instance_create(&c->fn, validation_wanted(), &c->instance, &c->messenger) < 0)
        goto fail;
    vk_candidate *list;
    int n;
    if (devices_list(&c->fn, c->instance, &list, &n) < 0)
        goto fail;
    int pick = pick_device(list, n, which);
    if (pick >= 0) {
        c->phys = list[pick].phys;
        c->info = list[pick].info;
        c->lim = list[pick].lim;
        if (list[pick].api < VK_API_VERSION_1_1)
            pick = nn_fail("Vulkan: %s offers Vulkan %s; the engine needs 1.1", c->info.name,
                           c->info.api_version);
    }
    free(list);
    if (pick < 0 || queue_family(c, &c->queue_family) < 0)
        goto fail;

    float priority = 1.0f;
    VkDeviceQueueCreateInfo queue = {
        .sType = VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO,
        .queueFamilyIndex = c->queue_family,
        .queueCount = 1,
        .pQueuePriorities = &priority,
    };
    VkDeviceCreateInfo info = {
        .sType = VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO,
        .queueCreateInfoCount = 1,
        .pQueueCreateInfos = &queue,
    };
    VkResult r = vk_fault("device") ? VK_ERROR_INITIALIZATION_FAILED
                                    : c->fn.vkCreateDevice(c->phys, &info, NULL, &c->device);
    if (r != VK_SUCCESS) {
        c->device = VK_NULL_HANDLE;
        nn_fail("Vulkan: could not open %s: vkCreateDevice failed (%s%s)", c->info.name,
                vk_result_name(r), vk_fault("device") ? ", forced by NEURONE_VK_FAULT" : "");
        goto fail;
    }
    if (vk_load_device(&c->fn, c->device) < 0)
        goto fail;
    c->fn.vkGetDeviceQueue(c->device, c->queue_family, 0, &c->queue);
    c->fn.vkGetPhysicalDeviceMemoryProperties(c->phys, &c->mem);
    if (vk_pipelines_create(c) < 0)
        goto fail;
    return c;
fail:
    context_destroy(c);
    return NULL;
}

vk_context *vk_context_acquire(void)
{
    char which[sizeof selected];
    pthread_mutex_lock(&contexts_lock);
    selection(which, sizeof which);
    vk_context *c = current;
    if (c && !c->lost && strcmp(c->chosen_by, which) == 0) {
        c->refs++;
    } else {
        c = context_create(which);
        if (c) {
            c->refs = 1;
            current = c; /* the one it replaces lives on until its last model lets it go */
        }
    }
    pthread_mutex_unlock(&contexts_lock);
    return c;
}

void vk_context_release(vk_context *c)
{
    if (!c)
        return;
    pthread_mutex_lock(&contexts_lock);
    int last = --c->refs == 0;
    if (last && current == c)
        current = NULL;
    pthread_mutex_unlock(&contexts_lock);
    /* nothing else can reach it now: pipelines and device go while no lock is held */
    if (last)
        context_destroy(c);
}

int vk_context_lost(vk_context *c, const char *during)
{
    pthread_mutex_lock(&contexts_lock);
    c->lost = 1;
    pthread_mutex_unlock(&contexts_lock);
    return nn_fail("Vulkan: the device %s was lost during %s (VK_ERROR_DEVICE_LOST%s): a driver "
                   "reset or a crashed kernel", c->info.name, during,
                   vk_fault("lost") ? ", forced by NEURONE_VK_FAULT" : "");
}

VkResult vk_submit(vk_context *c, VkCommandBuffer cmd, VkFence fence)
{
    VkSubmitInfo submit = {
        .sType = VK_STRUCTURE_TYPE_SUBMIT_INFO,
        .commandBufferCount = 1,
        .pCommandBuffers = &cmd,
    };
    pthread_mutex_lock(&c->queue_lock);
    VkResult r = c->fn.vkQueueSubmit(c->queue, 1, &submit, fence);
    pthread_mutex_unlock(&c->queue_lock);
    return r;
}

VkResult vk_wait(vk_context *c, VkFence fence)
{
    return c->fn.vkWaitForFences(c->device, 1, &fence, VK_TRUE, UINT64_MAX);
}

/* ---- the public device API ---------------------------------------------------------------------------- */

/* The devices as a temporary instance sees them; *out malloc'ed. */
static int list_now(vk_candidate **out, int *count)
{
    vk_fns f;
    VkInstance instance;
    *out = NULL;
    *count = 0;
    if (instance_create(&f, 0, &instance, NULL) < 0)
        return -1;
    int rc = devices_list(&f, instance, out, count);
    f.vkDestroyInstance(instance, NULL);
    return rc;
}

int nn_vulkan_device_count(void)
{
    vk_candidate *d;
    int n;
    if (list_now(&d, &n) < 0)
        return -1;
    free(d);
    return n;
}

int nn_vulkan_device_get(int index, nn_vulkan_device *info)
{
    if (!info)
        return nn_fail("vulkan_device_get: info is NULL");
    vk_candidate *d;
    int n;
    if (list_now(&d, &n) < 0)
        return -1;
    if (index < 0 || index >= n) {
        free(d);
        return nn_fail("vulkan_device_get: there is no device %d (there are %d)", index, n);
    }
    *info = d[index].info;
    free(d);
    return 0;
}

int nn_vulkan_select_device(const char *which)
{
    if (which && strlen(which) >= sizeof selected)
        return nn_fail("vulkan_select_device: \"%.40s...\" is too long", which);
    if (which && *which) {
        vk_candidate *d;
        int n;
        if (list_now(&d, &n) < 0)
            return -1;
        int pick = pick_device(d, n, which);
        free(d);
        if (pick < 0)
            return -1;
    }
    pthread_mutex_lock(&contexts_lock);
    snprintf(selected, sizeof selected, "%s", which ? which : "");
    pthread_mutex_unlock(&contexts_lock);
    return 0;
}
