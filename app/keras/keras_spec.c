/* TEMPORARY stub for layout work; replaced by the spec branch. */
#include "keras_spec.h"
#include <stdio.h>
#include <string.h>
#include "nn.h"
int keras_spec_code(const keras_spec *sp, const keras_spec_env *env, char *buf, size_t cap)
{
    size_t n = 0;
    n += (size_t)snprintf(buf + n, cap - n, "import keras\nfrom keras import layers\n\n");
    if (env->about) n += (size_t)snprintf(buf + n, cap - n, "# %s\n", env->about);
    n += (size_t)snprintf(buf + n, cap - n, "model = keras.Sequential([\n    keras.Input(shape=(%d,)),\n", sp->input_shape[0]);
    for (int i = 0; i < sp->n_layers; i++)
        n += (size_t)snprintf(buf + n, cap - n, "    layers.Dense(%d, activation='%s'),\n", sp->layer[i].units, nn_activation_at(sp->layer[i].activation));
    n += (size_t)snprintf(buf + n, cap - n, "])\nmodel.compile(optimizer=keras.optimizers.Adam(learning_rate=%g),\n              loss='sparse_categorical_crossentropy',\n              metrics=['accuracy'])\nmodel.fit(x_train, y_train, epochs=%d, batch_size=%d,\n          validation_data=(x_test, y_test))\n", sp->learning_rate, sp->epochs, sp->batch_size);
    return (int)n;
}
int keras_spec_read(const char *code, size_t len, const keras_spec_env *env, keras_spec *out, keras_spec_err *err)
{
    (void)code; (void)len; (void)env; (void)out;
    err->line = 3; err->col = 1; err->len = 5; snprintf(err->msg, sizeof err->msg, "stub");
    return -1;
}
int keras_spec_same(const keras_spec *a, const keras_spec *b) { return memcmp(a, b, sizeof *a) == 0; }
