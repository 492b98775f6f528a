/* fuzz_keras.c — the Keras reader: Python's tokens and statements, and the session that runs the
 * course's subset. Every fit is cut to one epoch, and the datasets are made tiny: Fashion-MNIST
 * is 32 training and 8 test images written into the temporary folder, and MNIST (which needs the
 * 10,000 digits of assets/) is not found, so that no input reads or trains on 60,000 images. */
#include "fuzz.h"

#include "keras_run.h"

/* An IDX file: images (n, 28, 28) when image, else labels (n); bytes from a fixed pattern. */
static void write_idx(const char *name, int n, int image)
{
    uint8_t buf[16 + 40 * 28 * 28];
    size_t len = 0;
    uint8_t head[16] = { 0, 0, 8, image ? 3 : 1, 0, 0, 0, (uint8_t)n, 0, 0, 0, 28, 0, 0, 0, 28 };
    size_t head_len = image ? 16 : 8;
    memcpy(buf, head, head_len);
    len = head_len;
    size_t count = image ? (size_t)n * 28 * 28 : (size_t)n;
    for (size_t i = 0; i < count; i++)
        buf[len++] = (uint8_t)(image ? (i * 7919) % 251 : i % 10);
    fuzz_write(0, name, buf, len);
}

static FILE *setup(void)
{
    setenv("NEURONE_DATA_DIR", fuzz_dir(), 1);
    setenv("NEURONE_FASHION_MNIST", fuzz_dir(), 1);
    write_idx("train-images-idx3-ubyte", 32, 1);
    write_idx("train-labels-idx1-ubyte", 32, 0);
    write_idx("t10k-images-idx3-ubyte", 8, 1);
    write_idx("t10k-labels-idx1-ubyte", 8, 0);
    FILE *null = fopen("/dev/null", "w");
    if (!null)
        abort();
    return null;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static FILE *null;
    if (!null)
        null = setup();
    int line, col;
    const char *why;
    keras_is_python((const char *)data, size, &line, &col, &why);
    keras_run_opts o = { .epochs = 1, .out = null, .notes = null, .display = size & 1 };
    keras_session *s = keras_session_new(&o);
    if (!s)
        return 0;
    keras_session_run(s, (const char *)data, size, "fuzz.py");
    keras_session_free(s);
    return 0;
}
