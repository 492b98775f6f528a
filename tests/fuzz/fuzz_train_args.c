/* fuzz_train_args.c — `neurone train`'s options. The command's file is included so that its
 * static parse_args runs alone: nothing is loaded or trained. */
#include "fuzz.h"

#include "../../app/cmd/train.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int argc;
    char *text;
    char **argv = fuzz_argv(data, size, "train", &argc, &text);
    options o;
    if (parse_args(argc, argv, &o) == 0 && o.validation_split >= 1.0f)
        abort(); /* parse_args promises a fraction below 1, or -1 for the default */
    free(text);
    return 0;
}
