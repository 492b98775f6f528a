/* bench_vulkan.c — the Vulkan engine beside the CPU engine.
 *
 * usage: bench_vulkan [--runs N] [--threads N] [--max-size N] [--no-train] [workload ...]
 *        (workloads: seed mnist playground wide; NEURONE_VK_DEVICE picks the device)
 *
 * Three parts, each a markdown table:
 *   1. the fixed cost of a step: an empty command buffer's submit and wait, then one training step
 *      of a tiny model (submit, wait, read the loss back) on each engine, in microseconds, and
 *      what one dispatch adds, with one workgroup and with min_groups;
 *   2. the matrix product alone, square from 256 up to --max-size (4096 on a GPU; 1024 by default
 *      on a CPU implementation, where 4096³ takes minutes), then the three products of a wide
 *      layer's step, in GFLOP/s = 2·M·N·K / seconds;
 *   3. the four training workloads of bench_train, samples per second on each engine.
 * It always prints the device first. On lavapipe, a CPU implementation, the "GPU" runs on the
 * same cores as the CPU engine, and LLVM's code for the shaders is no match for hand-written
 * AVX kernels: there, the numbers measure the engine's overheads, not what a GPU would do.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_time.h"
#include "model.h"
#include "nn.h"
#include "vk.h"

enum { MAX_RUNS = 21 };

/* Seconds of one repetition of what record() records: the median of `runs` timings, each of
 * enough repetitions for about 0.3 s; -1 on failure. The first run compiles the pipeline's
 * variant: the second sets the repetitions. */
static double seconds_per_rep(vk_probe *p, const vk_step *step, vk_probe_record record, void *user,
                              int runs)
{
    double once, t[MAX_RUNS];
    if (vk_probe_run(p, step, record, user, 1, &once) < 0 ||
        vk_probe_run(p, step, record, user, 1, &once) < 0)
        return -1;
    int reps = (int)(0.3 / once) + 1;
    for (int r = 0; r < runs; r++)
        if (vk_probe_run(p, step, record, user, reps, &t[r]) < 0)
            return -1;
    return bench_median(t, runs) / reps;
}

/* ---- 1. the fixed cost of a step ------------------------------------------------------------------ */

static int record_nothing(vk_context *c, VkCommandBuffer cmd, VkDescriptorSet set, void *user)
{
    (void)c, (void)cmd, (void)set, (void)user;
    return 0;
}

/* One training step at a time on a 2-8-8-2 model, batch 10: the engine's round trip, with nothing
 * queued behind it. Returns the median in µs, or -1. */
static double step_cost_us(const char *engine)
{
    nn_model *m = nn_sequential();
    nn_set_seed(m, 1);
    nn_add_dense(m, 8, "tanh", 2);
    nn_add_dense(m, 8, "tanh", 0);
    nn_add_dense(m, 2, "softmax", 0);
    nn_compile(m, "adam", "sparse_categorical_crossentropy", "accuracy");
    float x[20] = { 0.1f, -0.3f, 0.5f, 0.2f }, y[10] = { 1, 0, 1, 1, 0 };
    double t[201];
    int n = 0;
    if (nn_use_backend(m, engine) == 0 && model_reserve(m, 10) == 0 && model_engine_begin(m, 0) == 0) {
        nn_step_result r;
        for (int i = 0; i < 220; i++) {
            double t0 = bench_now_s();
            if (m->be->step_submit(m, x, y, 10) < 0 || m->be->step_collect(m, &r) < 0)
                break;
            if (i >= 19) /* the first steps record, allocate, warm caches */
                t[n++] = (bench_now_s() - t0) * 1e6;
        }
        model_engine_end(m, 0);
    }
    nn_free(m);
    return n > 100 ? bench_median(t, n) : -1.0;
}

static void bench_fixed_cost(vk_probe *p)
{
    double t[200];
    vk_step step = { .batch = 1 };
    for (int i = 0; i < 200; i++)
        if (vk_probe_run(p, &step, record_nothing, NULL, 0, &t[i]) < 0)
            return;
    for (int i = 0; i < 200; i++)
        t[i] *= 1e6;
    printf("## The fixed cost of a step\n\n");
    printf("| what | µs |\n|---|---:|\n");
    printf("| empty command buffer, submit + wait | %.1f |\n", bench_median(t, 200));
    printf("| training step 2-8-8-2, batch 10, vulkan (submit + wait + loss) | %.1f |\n", step_cost_us("vulkan"));
    printf("| training step 2-8-8-2, batch 10, cpu | %.1f |\n\n", step_cost_us("cpu"));
}

enum { DISPATCHES = 50 }; /* in a row, in one repetition */

/* DISPATCHES dispatches of the L2 gradient over *user floats, no barrier between them: the cost of
 * a dispatch itself once the kernel does next to nothing */
static int record_dispatches(vk_context *c, VkCommandBuffer cmd, VkDescriptorSet set, void *user)
{
    for (int i = 0; i < DISPATCHES; i++)
        vk_cmd_l2_grad(c, cmd, set, 0, *(const uint32_t *)user, 0.0f, 0.0f);
    return 0;
}

/* µs a dispatch of the L2 gradient over n floats adds to a step, or -1 */
static double dispatch_us(vk_probe *p, uint32_t n, int runs)
{
    int ok = vk_probe_set(p, 1, NULL, n) == 0 && vk_probe_set(p, 2, NULL, n) == 0;
    vk_step step = { .batch = 1 };
    double s = ok ? seconds_per_rep(p, &step, record_dispatches, &n, runs) : -1;
    return s > 0 ? s / DISPATCHES * 1e6 : -1;
}

/* A dispatch's own cost, with one workgroup and with min_groups of them: on lavapipe both wake
 * its worker threads and wait for them, whatever the work (bench/README.md) */
static void bench_dispatch(vk_probe *p, int runs)
{
    const vk_context *c = vk_probe_context(p);
    uint32_t many = c->min_groups * c->wg;
    printf("## A dispatch (the L2 gradient over a few floats, %d in a row)\n\n", DISPATCHES);
    printf("| workgroups | µs a dispatch |\n|---:|---:|\n");
    printf("| 1 | %.1f |\n", dispatch_us(p, c->wg, runs));
    printf("| %u | %.1f |\n\n", c->min_groups, dispatch_us(p, many, runs));
}

/* ---- 2. the matrix product --------------------------------------------------------------------------- */

typedef struct product { const char *label; int kind, M, N, K; } product;

static int record_product(vk_context *c, VkCommandBuffer cmd, VkDescriptorSet set, void *user)
{
    const product *pr = user;
    /* stored shapes: A (M, K) or (K, M) for TN; B (K, N) or (N, K) for NT */
    vk_matmul_push pc = {
        .M = (uint32_t)pr->M, .N = (uint32_t)pr->N, .K = (uint32_t)pr->K,
        .lda = (uint32_t)(pr->kind == VK_TN ? pr->M : pr->K),
        .ldb = (uint32_t)(pr->kind == VK_NT ? pr->K : pr->N),
        .ldc = (uint32_t)pr->N, .epilogue = VK_EPI_STORE,
    };
    return vk_cmd_matmul(c, cmd, set, pr->kind, &pc);
}

/* GFLOP/s of a product, from seconds_per_rep, or -1 */
static double product_gflops(vk_probe *p, const product *pr, int runs)
{
    size_t a = (size_t)pr->M * pr->K, b = (size_t)pr->K * pr->N, c = (size_t)pr->M * pr->N;
    float *data = malloc((a > b ? a : b) * sizeof *data);
    if (!data)
        return -1;
    for (size_t i = 0; i < (a > b ? a : b); i++)
        data[i] = (float)(i % 17) * 0.01f - 0.08f;
    int ok = vk_probe_set(p, 1, data, a) == 0 && vk_probe_set(p, 2, data, b) == 0 &&
             vk_probe_set(p, 3, NULL, c) == 0 && vk_probe_set(p, 4, NULL, 1) == 0;
    free(data);
    vk_step step = { .batch = 1 };
    double s = ok ? seconds_per_rep(p, &step, record_product, (void *)pr, runs) : -1;
    return s > 0 ? 2.0 * pr->M * pr->N * (double)pr->K / s * 1e-9 : -1;
}

static int record_update(vk_context *c, VkCommandBuffer cmd, VkDescriptorSet set, void *user)
{
    vk_cmd_update(c, cmd, set, *(const uint32_t *)user);
    return 0;
}

/* µs of one Adam step over n parameters, from seconds_per_rep, or -1 */
static double update_us(vk_probe *p, uint32_t n, int runs)
{
    int ok = 1;
    for (int b = 1; b <= 4; b++)
        ok = ok && vk_probe_set(p, b, NULL, n) == 0;
    vk_step step = { .batch = 1, .opt = OPT_ADAM, .lr = 1e-3f, .alpha = 1e-3f, .beta_1 = 0.9f,
                     .beta_2 = 0.999f, .eps = 1e-7f };
    double s = ok ? seconds_per_rep(p, &step, record_update, &n, runs) : -1;
    return s > 0 ? s * 1e6 : -1;
}

static void bench_products(vk_probe *p, int max_size, int runs)
{
    printf("## The matrix product (GFLOP/s)\n\n| product | GFLOP/s |\n|---|---:|\n");
    for (int n = 256; n <= max_size; n *= 2) {
        char label[64];
        snprintf(label, sizeof label, "square %d", n);
        product pr = { label, VK_NN, n, n, n };
        printf("| %s | %.1f |\n", label, product_gflops(p, &pr, runs));
        fflush(stdout);
    }
    static const product wide[] = {
        { "256x1024x1024 forward x.W (NN)", VK_NN, 256, 1024, 1024 },
        { "256x1024x1024 input grad dy.Wt (NT)", VK_NT, 256, 1024, 1024 },
        { "256x1024x1024 weight grad xt.dy (TN)", VK_TN, 1024, 1024, 256 },
        { "32x100x64 forward x.W (NN)", VK_NN, 32, 64, 100 },
        /* mnist's three largest, batch 128: the first layer's forward and weight gradient, the
         * second layer's input gradient */
        { "128x784x256 mnist forward (NN)", VK_NN, 128, 256, 784 },
        { "784x128x256 mnist weight grad (TN)", VK_TN, 784, 256, 128 },
        { "128x128x256 mnist input grad (NT)", VK_NT, 128, 256, 128 },
        /* and the last layer's, 10 wide: rows of 10 floats are not read 4 at a time */
        { "128x128x10 mnist forward (NN)", VK_NN, 128, 10, 128 },
        { "128x10x128 mnist input grad (NT)", VK_NT, 128, 128, 10 },
        { "128x128x10 mnist weight grad (TN)", VK_TN, 128, 10, 128 },
    };
    for (size_t i = 0; i < sizeof wide / sizeof wide[0]; i++) {
        printf("| %s | %.1f |\n", wide[i].label, product_gflops(p, &wide[i], runs));
        fflush(stdout);
    }
    printf("\nAdam's update of mnist's 235,146 parameters: %.0f µs\n\n", update_us(p, 235146, runs));
}

/* ---- 3. the training workloads ------------------------------------------------------------------------- */

typedef struct workload {
    const char *name;
    int n_dense;
    int width[5];   /* the input, then each Dense layer's units; the last is softmax */
    const char *hidden;
    int batch, samples;
} workload;

static const workload workloads[] = {
    { "seed", 2, { 100, 64, 10 }, "relu", 32, 8192 },
    { "mnist", 3, { 784, 256, 128, 10 }, "relu", 128, 8192 },
    { "playground", 3, { 2, 8, 8, 2 }, "tanh", 10, 8192 },
    { "wide", 4, { 1024, 1024, 1024, 1024, 10 }, "relu", 256, 2048 },
};

/* Samples per second of whole epochs on `engine`: the median of `runs` fits, or -1. */
static double samples_per_s(const workload *w, const char *engine, const float *x, const float *y, int runs)
{
    nn_model *m = nn_sequential();
    nn_set_seed(m, 1);
    for (int l = 0; l < w->n_dense; l++)
        nn_add_dense(m, w->width[l + 1], l == w->n_dense - 1 ? "softmax" : w->hidden, l ? 0 : w->width[0]);
    nn_compile(m, "adam", "sparse_categorical_crossentropy", NULL);
    double result = -1;
    if (nn_use_backend(m, engine) < 0) {
        fprintf(stderr, "bench_vulkan: %s\n", nn_error());
        nn_free(m);
        return -1;
    }
    nn_fit_args args = { .epochs = 1, .batch_size = w->batch, .seed = 7 };
    double t0 = bench_now_s();
    if (nn_fit(m, x, y, w->samples, &args, NULL) == 0) { /* warm-up: records, allocates, sizes */
        args.epochs = (int)(0.5 / (bench_now_s() - t0)) + 1;
        double t[MAX_RUNS];
        int r = 0;
        for (; r < runs; r++) {
            double s = bench_now_s();
            if (nn_fit(m, x, y, w->samples, &args, NULL) != 0)
                break;
            t[r] = (bench_now_s() - s) / args.epochs;
        }
        if (r == runs)
            result = w->samples / bench_median(t, runs);
    }
    if (result < 0)
        fprintf(stderr, "bench_vulkan: %s on %s: %s\n", w->name, engine, nn_error());
    nn_free(m);
    return result;
}

static void bench_workloads(char **names, int chosen, int runs)
{
    printf("## Training (samples/s, adam, sparse categorical cross-entropy)\n\n");
    printf("| workload | model | batch | cpu | vulkan | vulkan / cpu |\n|---|---|---:|---:|---:|---:|\n");
    for (size_t i = 0; i < sizeof workloads / sizeof workloads[0]; i++) {
        const workload *w = &workloads[i];
        int wanted = chosen == 0;
        for (int j = 0; j < chosen; j++)
            wanted |= strcmp(names[j], w->name) == 0;
        if (!wanted)
            continue;
        float *x = malloc((size_t)w->samples * w->width[0] * sizeof *x), *y = malloc((size_t)w->samples * sizeof *y);
        unsigned s = 12345u;
        for (size_t k = 0; k < (size_t)w->samples * w->width[0]; k++) {
            s = s * 1664525u + 1013904223u;
            x[k] = (float)(s >> 8) / (float)(1u << 24) * 2.0f - 1.0f;
        }
        for (int k = 0; k < w->samples; k++)
            y[k] = (float)(k * 7 % w->width[w->n_dense]);
        double cpu = samples_per_s(w, "cpu", x, y, runs), gpu = samples_per_s(w, "vulkan", x, y, runs);
        char model[48];
        int len = snprintf(model, sizeof model, "%d", w->width[0]);
        for (int l = 1; l <= w->n_dense && len < (int)sizeof model; l++)
            len += snprintf(model + len, sizeof model - (size_t)len, "-%d", w->width[l]);
        printf("| %s | %s %s | %d | %.0f | %.0f | %.2f |\n", w->name, model, w->hidden, w->batch, cpu,
               gpu, cpu > 0 ? gpu / cpu : 0.0);
        fflush(stdout);
        free(x);
        free(y);
    }
    printf("\n");
}

int main(int argc, char **argv)
{
    int runs = 3, threads = 2, max_size = 0, train = 1, chosen = 0;
    char *names[8];
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--runs") == 0 && i + 1 < argc)
            runs = atoi(argv[++i]);
        else if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc)
            threads = atoi(argv[++i]);
        else if (strcmp(argv[i], "--max-size") == 0 && i + 1 < argc)
            max_size = atoi(argv[++i]);
        else if (strcmp(argv[i], "--no-train") == 0)
            train = 0;
        else if (argv[i][0] != '-' && chosen < 8)
            names[chosen++] = argv[i];
        else
            runs = 0;
    }
    if (runs < 1 || runs > MAX_RUNS || max_size < 0 || nn_set_threads(threads) != 0) {
        fprintf(stderr, "usage: bench_vulkan [--runs 1..%d] [--threads 0..64] [--max-size N] "
                        "[--no-train] [workload ...]\n", MAX_RUNS);
        return 2;
    }
    vk_probe *p = vk_probe_open();
    if (!p) {
        fprintf(stderr, "bench_vulkan: no Vulkan engine: %s\n", nn_error());
        return 1;
    }
    const vk_context *c = vk_probe_context(p);
    const nn_vulkan_device *d = &c->info;
    printf("# Vulkan engine on %s (%s)\n\n", d->name, d->type);
    printf("driver %s, Vulkan %s; subgroup %d, %d bytes of shared memory, workgroups up to %d "
           "threads; matmul tiles",
           d->driver, d->api_version, d->subgroup_size, d->shared_memory_bytes, d->max_workgroup_size);
    for (int s = 0; s < VK_TILE_SIZES; s++)
        printf("%s %ux%ux%u (%ux%u per thread)", s ? "," : "", c->tile[s].bm, c->tile[s].bn,
               c->tile[s].bk, c->tile[s].tm, c->tile[s].tn);
    printf(", the largest giving at least %u workgroups\n\n", c->min_groups);
    if (d->is_cpu)
        printf("Note: this \"GPU\" is a CPU implementation. It runs the shaders on the same %s cores "
               "as the CPU engine, through LLVM: the figures show the engine's overheads, not what a "
               "GPU does.\n\n", "CPU");
    if (max_size == 0)
        max_size = d->is_cpu ? 1024 : 4096;
    bench_fixed_cost(p);
    bench_dispatch(p, runs);
    bench_products(p, max_size, runs);
    vk_probe_close(p);
    if (train)
        bench_workloads(names, chosen, runs);
    return 0;
}
