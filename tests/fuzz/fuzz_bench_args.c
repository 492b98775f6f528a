/* fuzz_bench_args.c — `neurone --bench`'s options for the table. The command's file is included so
 * that its static parse_args runs alone: no workload is run. */
#include "fuzz.h"

#include "../../app/cmd/bench.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int argc;
    char *text;
    char **argv = fuzz_argv(data, size, "--bench", &argc, &text);
    options o;
    if (parse_args(argc, argv, &o) == 0 && (o.threads < 0 || o.threads > 64))
        abort();
    free(text);
    return 0;
}
