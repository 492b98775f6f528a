/* fuzz_compare_args.c — `neurone compare`'s options (the --features list split in place among
 * them). The command's file is included so that its static parse_args runs alone. */
#include "fuzz.h"

#include "../../app/cmd/compare.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int argc;
    char *text;
    char **argv = fuzz_argv(data, size, "compare", &argc, &text);
    options o = { .scaler = "standard", .test_size = 0.3f, .epochs = STUDY_MLP_EPOCHS };
    if (parse_args(argc, argv, &o) == 0 && (!o.data || o.feature_count > MAX_FEATURES))
        abort();
    free(o.features);
    free(text);
    return 0;
}
