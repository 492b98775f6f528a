/* test_alloc.c — a training step allocates nothing.
 *
 * The program defines malloc, calloc, realloc and aligned_alloc itself, counting each call and
 * passing it on to glibc's own (__libc_malloc and its siblings), so that every allocation of the
 * process, the engine's and its worker threads' included, is counted. nn_fit trains the course's
 * 784-128-10 model (random data, 40 batches of 32) with a callback that reads the count after each
 * batch: from the end of the second batch to the end of the last, it must not move. A first fit
 * warms up what is allocated once (the workspace, each thread's packing buffer).
 *
 * glibc only; not built with the sanitizers, which replace malloc themselves (tests/meson.build).
 */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#include "nn.h"

void *__libc_malloc(size_t size);
void *__libc_calloc(size_t n, size_t size);
void *__libc_realloc(void *p, size_t size);
void *__libc_memalign(size_t alignment, size_t size);

static atomic_long allocations;

void *malloc(size_t size)
{
    atomic_fetch_add(&allocations, 1);
    return __libc_malloc(size);
}

void *calloc(size_t n, size_t size)
{
    atomic_fetch_add(&allocations, 1);
    return __libc_calloc(n, size);
}

void *realloc(void *p, size_t size)
{
    atomic_fetch_add(&allocations, 1);
    return __libc_realloc(p, size);
}

void *aligned_alloc(size_t alignment, size_t size)
{
    atomic_fetch_add(&allocations, 1);
    return __libc_memalign(alignment, size);
}

enum { IN = 784, HIDDEN = 128, CLASSES = 10, BATCH = 32, BATCHES = 40 };

typedef struct counts {
    long at[BATCHES]; /* allocations so far at the end of each batch */
    int seen;
} counts;

static int after_batch(const nn_progress *p, void *user)
{
    counts *c = user;
    if (p->batch >= 0 && p->batch < BATCHES)
        c->at[p->batch] = atomic_load(&allocations);
    c->seen++;
    return 0;
}

static nn_model *course_model(void)
{
    nn_model *m = nn_sequential();
    if (m == NULL)
        return NULL;
    int rc = nn_set_seed(m, 1);
    rc |= nn_add_dense(m, HIDDEN, "relu", IN);
    rc |= nn_add_dense(m, CLASSES, NULL, 0);
    rc |= nn_compile(m, "adam", "sparse_categorical_crossentropy", "accuracy");
    rc |= nn_set_loss_param(m, "from_logits", 1);
    if (rc != 0) {
        nn_free(m);
        return NULL;
    }
    return m;
}

int main(void)
{
    int n = BATCH * BATCHES, failures = 0;
    float *x = calloc((size_t)n * IN, sizeof(float)), *y = calloc((size_t)n, sizeof(float));
    for (long i = 0; i < (long)n * IN; i++)
        x[i] = (float)(i % 251) / 251.0f;
    for (int i = 0; i < n; i++)
        y[i] = (float)(i % CLASSES);
    nn_model *m = course_model();
    counts c = {{0}, 0};
    nn_fit_args warm = {.epochs = 5, .batch_size = BATCH, .seed = 3}; /* every thread has packed */
    nn_fit_args timed = {.epochs = 1, .batch_size = BATCH, .seed = 4, .on_batch_end = after_batch,
                         .user = &c};
    if (m == NULL || nn_fit(m, x, y, n, &warm, NULL) != 0 || nn_fit(m, x, y, n, &timed, NULL) != 0) {
        printf("FAIL: building or fitting the course's model: %s\n", nn_error());
        return 1;
    }
    if (c.seen != BATCHES) {
        printf("FAIL: expected %d batch callbacks, got %d\n", BATCHES, c.seen);
        failures++;
    }
    long during = c.at[BATCHES - 1] - c.at[1];
    if (during != 0) {
        printf("FAIL: expected no allocation from batch 2 to batch %d, got %ld\n", BATCHES, during);
        failures++;
    }
    printf("%ld allocations over %d training steps; %ld in all\n", during, BATCHES - 2,
           atomic_load(&allocations));
    nn_free(m);
    free(x);
    free(y);
    return failures != 0;
}
