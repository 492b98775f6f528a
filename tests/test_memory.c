/* test_memory.c — training holds its memory: the course's example model (784-128-10, adam, batch
 * 32) trained for 100 epochs keeps the resident memory it had after its fifth, on the CPU engine
 * and (where a Vulkan device exists) on the Vulkan engine. A buffer allocated per step or per epoch
 * and never freed would add to it every epoch: 100 epochs of even one (batch, 128) activation
 * (16 KiB) grow it by 1.6 MiB, past the 1 MiB allowed for the allocator's own slack. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "nn.h"

enum { SAMPLES = 512, VK_SAMPLES = 128, IN = 784, HIDDEN = 128, CLASSES = 10, EPOCHS = 100, SETTLED = 5 };

typedef struct watch {
    long rss_settled, rss_last;
    int epochs;
    void *kept[EPOCHS]; /* TEST_MEMORY_LEAK's blocks */
} watch;

/* Resident pages of this process, in bytes (/proc/self/statm's second field); -1 when unknown. */
static long resident_bytes(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    long size = 0, rss = -1;
    if (f && fscanf(f, "%ld %ld", &size, &rss) != 2)
        rss = -1;
    if (f)
        fclose(f);
    return rss < 0 ? -1 : rss * sysconf(_SC_PAGESIZE);
}

static int on_epoch(const nn_progress *p, void *user)
{
    watch *w = user;
    (void)p;
    w->epochs++;
    if (w->epochs == SETTLED)
        w->rss_settled = resident_bytes();
    w->rss_last = resident_bytes();
    if (getenv("TEST_MEMORY_LEAK") && w->epochs < EPOCHS) { /* the check checked: 16 KiB kept an epoch */
        w->kept[w->epochs] = malloc(16384);
        if (w->kept[w->epochs])
            memset(w->kept[w->epochs], 1, 16384);
    }
    return 0;
}

/* 100 epochs of n samples on backend; 0, or 77 when the backend cannot start here. */
static int check_backend(const char *backend, const float *x, const float *y, int n)
{
    nn_model *m = nn_sequential();
    CHECK(m && nn_add_dense(m, HIDDEN, "relu", IN) == 0 && nn_add_dense(m, CLASSES, "softmax", 0) == 0 &&
              nn_compile(m, "adam", "sparse_categorical_crossentropy", "accuracy") == 0,
          "%s: expected the model built: %s", backend, nn_error());
    if (strcmp(backend, "cpu") != 0 && nn_use_backend(m, backend) != 0) {
        printf("SKIP %s: %s\n", backend, nn_error());
        nn_free(m);
        return 77;
    }
    watch w = { 0 };
    nn_fit_args a = { .epochs = EPOCHS, .batch_size = 32, .seed = 7, .on_epoch_end = on_epoch, .user = &w };
    CHECK(nn_fit(m, x, y, n, &a, NULL) == 0, "%s: fit failed: %s", backend, nn_error());
    long growth = w.rss_last - w.rss_settled;
    CHECK(w.epochs == EPOCHS, "%s: expected %d epochs, got %d", backend, EPOCHS, w.epochs);
    CHECK(w.rss_settled > 0 && growth < 1024 * 1024,
          "%s: resident memory grew by %ld KiB between epoch %d and epoch %d (%ld KiB at epoch %d)", backend,
          growth / 1024, SETTLED, EPOCHS, w.rss_settled / 1024, SETTLED);
    printf("%s: %ld KiB resident at epoch %d, %+ld KiB at epoch %d\n", backend, w.rss_settled / 1024, SETTLED,
           growth / 1024, EPOCHS);
    for (int i = 0; i < EPOCHS; i++)
        free(w.kept[i]);
    nn_free(m);
    return 0;
}

int main(void)
{
#ifdef __SANITIZE_ADDRESS__
    /* AddressSanitizer's allocator (its quarantine, its per-thread caches) moves the resident
     * memory by itself, by some hundreds of KiB over these epochs: what is measured would be the
     * sanitizer, not the engine. Its leak check covers what this one would find there. */
    puts("SKIP: resident memory is the sanitizer's under AddressSanitizer");
    return 77;
#endif
    float *x = malloc(sizeof *x * SAMPLES * IN), *y = malloc(sizeof *y * SAMPLES);
    if (!x || !y)
        return 1;
    srand(3);
    for (int i = 0; i < SAMPLES; i++) {
        y[i] = (float)(i % CLASSES);
        for (int j = 0; j < IN; j++) /* a class's pixels brighter where j % 10 is its number */
            x[i * IN + j] = (float)rand() / (float)RAND_MAX * 0.5f + (j % CLASSES == i % CLASSES ? 0.5f : 0);
    }
    check_backend("cpu", x, y, SAMPLES);
    /* fewer steps an epoch where a software Vulkan device (lavapipe) is slow; the same 100 epochs */
    int vk = check_backend("vulkan", x, y, VK_SAMPLES);
    free(x);
    free(y);
    (void)vk; /* the CPU engine's check stands alone where no Vulkan device exists */
    return failures != 0;
}
