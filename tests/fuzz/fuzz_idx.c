/* fuzz_idx.c — the IDX loader (images and labels, plain or gzip). The first two bytes (little
 * endian, modulo the rest's length + 1) say where the images file ends and the labels file
 * starts. */
#include "fuzz.h"

#include "nn_data.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    size_t rest = size - 2, split = ((size_t)data[0] | (size_t)data[1] << 8) % (rest + 1);
    const char *images = fuzz_write(0, "images-idx3-ubyte", data + 2, split);
    const char *labels = fuzz_write(1, "labels-idx1-ubyte", data + 2 + split, rest - split);
    nn_dataset d = { 0 };
    nn_load_idx(&d, images, labels);
    nn_dataset_free(&d);
    return 0;
}
