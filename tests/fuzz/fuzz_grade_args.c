/* fuzz_grade_args.c — `neurone --bench --model FILE --data DATA`'s options (grading). The file is
 * included so that its static parse_args runs alone: nothing is loaded or trained. */
#include "fuzz.h"

#include "../../app/cmd/bench_grade.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static grade_run g;
    static int ready;
    if (!ready) {
        ready = 1;
        pthread_mutex_init(&g.lock, NULL);
        pthread_cond_init(&g.wake, NULL);
    }
    int argc;
    char *text;
    char **argv = fuzz_argv(data, size, "--bench", &argc, &text);
    g.t0 = bench_seconds();
    if (parse_args(&g, argc, argv) == 0 && (!g.o.model || !g.o.data || g.o.epochs < 0))
        abort();
    free(text);
    return 0;
}
