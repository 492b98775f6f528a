/* leak_canary.c — a program that leaks on purpose: a model built through the engine and never
 * freed. tests/leak_canary.sh runs it under the suite's own sanitizer options, suppressions
 * included, and passes only when LeakSanitizer reports the leak, so that a suppression broad
 * enough to hide our own code fails the suite. */
#include <stdio.h>

#include <nn.h>

/* Builds a model and forgets it. In a function of its own, whose frame is gone by the time main
 * returns, so that no stale copy of the pointer on the stack keeps the block reachable. */
static __attribute__((noinline)) long build_and_forget(void)
{
    nn_model *m = nn_sequential();
    if (!m || nn_add_dense(m, 4, "relu", 2) < 0)
        return -1;
    return nn_count_params(m); /* m leaks */
}

/* Clears the stack that build_and_forget used. */
static __attribute__((noinline)) void scrub_stack(void)
{
    volatile char junk[4096];
    for (size_t i = 0; i < sizeof junk; i++)
        junk[i] = 0;
}

int main(void)
{
    long n = build_and_forget();
    scrub_stack();
    if (n < 0) {
        fprintf(stderr, "leak_canary: %s\n", nn_error());
        return 2;
    }
    printf("leak_canary: a model of %ld parameters, never freed\n", n);
    return 0;
}
