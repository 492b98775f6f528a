/* fuzz_describe.c — the model description (.txt, describe.c): parsed, built and compiled, never
 * trained. */
#include "fuzz.h"

#include "nn.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    nn_description d;
    nn_model *m = nn_describe_parse((const char *)data, size, "fuzz.txt", &d);
    nn_free(m);
    return 0;
}
