/* bench_fraction.c — each training workload's speed as a fraction of what OpenBLAS's sgemm does
 * on the same machine, in the same run.
 *
 * usage: bench_fraction [--runs N (default 5)] [--threads N (default 2)] [--products]
 *                       [workload ...] (default: all of bench_workloads.h)
 *
 * Two yardsticks, both OpenBLAS's cblas_sgemm:
 *   - the 2048³ product, where OpenBLAS runs near the machine's peak; the engine's GFLOP/s count
 *     6 FLOPs per parameter per sample, as bench_train.c does;
 *   - the matrix products of one training step at the workload's own shapes (for each Dense layer
 *     the forward x·W, the weight gradient xᵀ·dy and, but for the first layer, the input gradient
 *     dy·Wᵀ): the fraction is OpenBLAS's time for those products alone over the engine's time for
 *     a whole step (products, activations, loss, Adam and the batch's rows), the same FLOPs.
 * --products prints OpenBLAS's rate at each of those shapes too.
 *
 * Each round times the engine's training (whole epochs, about 0.3 s), then a block of calls of
 * each OpenBLAS product (a pause first, so that the other side's idle threads have gone to sleep,
 * and the first call not counted), so that a slow spell of a shared machine slows both sides
 * alike. The medians over the rounds count.
 */
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_time.h"
#include "bench_workloads.h"

/* Declared by OpenBLAS's cblas.h, not by every cblas.h. */
void openblas_set_num_threads(int num_threads);

enum { MAX_RUNS = 21, MAX_REPS = 400, MAX_PRODUCTS = 1 + 3 * 4 };

typedef struct product {
    char label[64];
    int ta, tb, M, N, K;
    float *A, *B, *C;       /* op(A) (M, K), op(B) (K, N), C (M, N) */
    double seconds[MAX_RUNS * MAX_REPS];
    int timed;
} product;

static double flops(const product *p) { return 2.0 * p->M * p->N * p->K; }

static void run_openblas(const void *arg)
{
    const product *p = arg;
    int lda = p->ta ? p->M : p->K, ldb = p->tb ? p->K : p->N;
    cblas_sgemm(CblasRowMajor, p->ta ? CblasTrans : CblasNoTrans, p->tb ? CblasTrans : CblasNoTrans,
                p->M, p->N, p->K, 1.0f, p->A, lda, p->B, ldb, 0.0f, p->C, p->N);
}

static void time_block(product *p)
{
    bench_time_block(run_openblas, p, p->seconds, &p->timed, MAX_RUNS * MAX_REPS);
}

static double median_s(product *p) { return bench_median(p->seconds, p->timed); }

static int set_product(product *p, const char *label, int ta, int tb, int M, int N, int K)
{
    memset(p, 0, sizeof *p);
    snprintf(p->label, sizeof p->label, "%dx%dx%d %c%c %s", M, N, K, ta ? 'T' : 'N', tb ? 'T' : 'N',
             label);
    p->ta = ta, p->tb = tb, p->M = M, p->N = N, p->K = K;
    size_t a = (size_t)M * K, b = (size_t)K * N, c = (size_t)M * N;
    p->A = malloc(a * sizeof(float));
    p->B = malloc(b * sizeof(float));
    p->C = malloc(c * sizeof(float));
    if (p->A == NULL || p->B == NULL || p->C == NULL)
        return -1;
    for (size_t j = 0; j < a; j++)
        p->A[j] = (float)(j % 17) * 0.01f - 0.08f;
    for (size_t j = 0; j < b; j++)
        p->B[j] = (float)(j % 13) * 0.01f - 0.06f;
    return 0;
}

/* products[0] is the 2048³ yardstick, then the step's products; returns their count or -1. */
static int step_products(const bench_workload *w, product *products)
{
    int n = 0, B = w->batch, rc = set_product(&products[n++], "the yardstick", 0, 0, 2048, 2048, 2048);
    for (int l = 0; l < w->layers && rc == 0; l++) {
        int in = w->units[l], out = w->units[l + 1];
        char what[32];
        snprintf(what, sizeof what, "dense %d forward", l + 1);
        rc |= set_product(&products[n++], what, 0, 0, B, out, in);
        snprintf(what, sizeof what, "dense %d dW", l + 1);
        rc |= set_product(&products[n++], what, 1, 0, in, out, B);
        if (l > 0) {
            snprintf(what, sizeof what, "dense %d dx", l + 1);
            rc |= set_product(&products[n++], what, 0, 1, B, in, out);
        }
    }
    return rc == 0 ? n : -1;
}

static void free_products(product *products, int n)
{
    for (int i = 0; i < n; i++) {
        free(products[i].A);
        free(products[i].B);
        free(products[i].C);
    }
}

/* Seconds for `epochs` epochs, after a pause (see bench_pause), or -1 on failure. */
static double time_fit(nn_model *m, const bench_workload *w, const float *x, const float *y,
                       int epochs, int round)
{
    bench_pause();
    return bench_time_fit(m, w, x, y, epochs, 7 + (unsigned)round);
}

typedef struct result {
    double step_s;      /* the engine's median seconds per training step */
    double engine_gf;   /* its GFLOP/s, 6 per parameter per sample */
    double yard_gf;     /* OpenBLAS 2048³ */
    double blas_step_s; /* OpenBLAS's products of one step, the sum of their medians */
    int real_data;
} result;

static void print_products(const bench_workload *w, product *products, int n)
{
    double yard = flops(&products[0]) / median_s(&products[0]);
    printf("\n%s: OpenBLAS at the step's shapes\n\n| product | GFLOP/s | fraction of its 2048³ |\n"
           "|---|---:|---:|\n", w->name);
    for (int i = 1; i < n; i++) {
        double rate = flops(&products[i]) / median_s(&products[i]);
        printf("| %s | %.1f | %.2f |\n", products[i].label, rate * 1e-9, rate / yard);
    }
}

/* Times one workload, its rounds interleaved with OpenBLAS's; returns 0 or -1 after saying why. */
static int bench_one(const bench_workload *w, int runs, int show_products, result *r)
{
    int in = w->units[0];
    float *x = malloc((size_t)w->samples * in * sizeof(float)); /* (samples, in) */
    float *y = malloc((size_t)w->samples * sizeof(float));      /* (samples): class indices */
    product *products = calloc(MAX_PRODUCTS, sizeof *products);
    nn_model *m = bench_build(w);
    int n = products ? step_products(w, products) : -1, rc = -1;
    if (x == NULL || y == NULL || m == NULL || n < 0) {
        fprintf(stderr, "bench_fraction %s: %s\n", w->name, m == NULL ? nn_error() : "out of memory");
        goto out;
    }
    r->real_data = bench_fill(w, x, y);
    double warm = time_fit(m, w, x, y, 1, 0);
    int epochs = (int)(0.3 / (warm > 0 ? warm : 1.0)) + 1;
    long steps = (long)epochs * ((w->samples + w->batch - 1) / w->batch);
    double per_step[MAX_RUNS];
    for (int round = 0; round < runs && warm >= 0; round++) {
        double t = time_fit(m, w, x, y, epochs, round + 1);
        if (t < 0)
            break;
        per_step[round] = t / (double)steps;
        for (int i = 0; i < n; i++)
            time_block(&products[i]);
        rc = round == runs - 1 ? 0 : -1;
    }
    if (rc != 0) {
        fprintf(stderr, "bench_fraction %s: %s\n", w->name, nn_error());
        goto out;
    }
    r->step_s = bench_median(per_step, runs);
    r->engine_gf = 6.0 * (double)nn_count_params(m) * w->batch / r->step_s * 1e-9;
    r->yard_gf = flops(&products[0]) / median_s(&products[0]) * 1e-9;
    r->blas_step_s = 0.0;
    for (int i = 1; i < n; i++)
        r->blas_step_s += median_s(&products[i]);
    if (show_products)
        print_products(w, products, n);
out:
    if (products)
        free_products(products, n > 0 ? n : 0);
    free(products);
    nn_free(m);
    free(x);
    free(y);
    return rc;
}

static void print_row(const bench_workload *w, const result *r)
{
    char model[48];
    int len = snprintf(model, sizeof model, "%d", w->units[0]);
    for (int l = 1; l <= w->layers && len < (int)sizeof model; l++)
        len += snprintf(model + len, sizeof model - (size_t)len, "-%d", w->units[l]);
    printf("| %s%s | %s | %d | %.1f | %.1f | %.1f | **%.2f** | %.1f | **%.2f** |\n", w->name,
           strcmp(w->name, "fashion") == 0 && !r->real_data ? " (random data)" : "", model,
           w->batch, r->step_s * 1e6, r->engine_gf, r->yard_gf, r->engine_gf / r->yard_gf,
           r->blas_step_s * 1e6, r->blas_step_s / r->step_s);
}

static int parse_args(int argc, char **argv, int *runs, int *threads, int *show, const char **names,
                      int *chosen)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--runs") == 0 && i + 1 < argc)
            *runs = atoi(argv[++i]);
        else if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc)
            *threads = atoi(argv[++i]);
        else if (strcmp(argv[i], "--products") == 0)
            *show = 1;
        else if (bench_find(argv[i]) != NULL && *chosen < BENCH_WORKLOADS)
            names[(*chosen)++] = argv[i];
        else
            return -1;
    }
    return *runs >= 1 && *runs <= MAX_RUNS && *threads >= 1 && *threads <= 64 ? 0 : -1;
}

int main(int argc, char **argv)
{
    int runs = 5, threads = 2, show = 0, chosen = 0, failed = 0;
    const char *names[BENCH_WORKLOADS];
    if (parse_args(argc, argv, &runs, &threads, &show, names, &chosen) != 0 ||
        nn_set_threads(threads) != 0) {
        fprintf(stderr, "usage: bench_fraction [--runs 1..%d] [--threads 1..64] [--products] "
                        "[seed|mnist|playground|wide|fashion ...]\n", MAX_RUNS);
        return 2;
    }
    openblas_set_num_threads(threads);
    if (chosen == 0)
        for (int i = 0; i < BENCH_WORKLOADS; i++)
            names[chosen++] = bench_workloads[i].name;
    result results[BENCH_WORKLOADS];
    for (int i = 0; i < chosen; i++)
        failed |= bench_one(bench_find(names[i]), runs, show, &results[i]) != 0;
    if (failed)
        return 1;
    printf("\nThe CPU engine against OpenBLAS's sgemm, %d threads each, median of %d rounds\n\n"
           "| workload | model | batch | engine µs/step | engine GFLOP/s | OpenBLAS 2048³ GFLOP/s | "
           "fraction of 2048³ | OpenBLAS's step products, µs | fraction at the step's shapes |\n"
           "|---|---|---:|---:|---:|---:|---:|---:|---:|\n", threads, runs);
    for (int i = 0; i < chosen; i++)
        print_row(bench_find(names[i]), &results[i]);
    return 0;
}
