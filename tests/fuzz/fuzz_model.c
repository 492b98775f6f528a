/* fuzz_model.c — the saved-model file (nn_save's format: a header, the architecture, the weights,
 * the optimizer's state, a CRC-32), read back by nn_load. */
#include "fuzz.h"

#include "nn.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_write(0, "model.nnm", data, size);
    nn_model *m = nn_load(path);
    nn_free(m);
    return 0;
}
