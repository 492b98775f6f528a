/* keras_spec.h — one model, two views: the model a scene trains as plain data, the Keras code that
 * builds it, and the way back from edited code to the data.
 *
 *     keras_spec sp = { ... the scene's settings ... };
 *     keras_spec_code(&sp, &env, buf, sizeof buf);        // the code panel's text
 *     ... the student edits buf ...
 *     keras_spec_err err;
 *     if (keras_spec_read(buf, strlen(buf), &env, &sp2, &err) == 0)  // sp2: what the code builds
 *     else  err.line, err.col, err.len, err.msg              // underline, say why
 *
 * Reading runs the code on the Keras reader in a dry session: nothing is trained or loaded (fit,
 * evaluate and predict record their arguments; load_data gives arrays of the dataset's shape with
 * no rows), so it is quick enough for every keystroke. The scene's data are names the code uses
 * (env.x_train, ...), declared with their shape. No SDL. */
#ifndef NEURONE_KERAS_SPEC_H
#define NEURONE_KERAS_SPEC_H

#include <stddef.h>

enum {
    KERAS_SPEC_LAYERS = 16,   /* Dense and Dropout layers after the input */
    KERAS_SPEC_MESSAGE = 320,
};

enum { KERAS_DENSE, KERAS_DROPOUT };

typedef struct keras_spec_layer {
    int kind;               /* KERAS_DENSE or KERAS_DROPOUT */
    int units;              /* Dense */
    int activation;         /* Dense: an index of nn_activation_at (0 = "linear") */
    int use_bias;           /* Dense: 1 unless use_bias=False */
    float l2;               /* Dense: kernel_regularizer=l2(l2); 0: none */
    float l1;               /* Dense: kernel_regularizer=l1(l1); with l2 too: l1_l2(l1=, l2=) */
    float rate;             /* Dropout */
    int line;               /* where the read code has it (1-based); 0 in a spec not read */
} keras_spec_layer;

typedef struct keras_spec {
    int input_ndim;         /* 1: Input(shape=(features,)); 2: images, Flatten(input_shape=(h, w)) */
    int input_shape[2];
    int n_layers;
    keras_spec_layer layer[KERAS_SPEC_LAYERS];
    int softmax_after;      /* a Softmax() layer after the last Dense (the course's from_logits style) */

    int compiled;           /* the code calls compile: the fields below it are set */
    int optimizer;          /* an index of nn_optimizer_at */
    float learning_rate;    /* 0: the optimizer's Keras default, and the code says optimizer='adam' */
    float momentum;         /* SGD's */
    int loss;               /* an index of nn_loss_at */
    int from_logits;        /* the loss object's from_logits=True */
    int metric_accuracy;    /* metrics=['accuracy'] */

    int fitted;             /* the code calls fit: the fields below it are set */
    int epochs, batch_size; /* fit's; batch_size 0: Keras's 32 (the code leaves it out) */
    float validation_split; /* 0: none */
    int validation_data;    /* fit(..., validation_data=(x_test, y_test)) */

    int model_line, compile_line, fit_line; /* where the read code has them (1-based) */
} keras_spec;

/* What the scene gives the code: its data's names and shapes, and how the code gets them. */
typedef struct keras_spec_env {
    const char *dataset;    /* "mnist", "fashion_mnist": the code loads it with keras.datasets;
                               anything else (NULL, "spiral", "iris"...): the scene's own arrays */
    const char *about;      /* one line the code starts with, as a comment (NULL: none):
                               "x_train: (500, 2) points of the spiral; y_train: their class" */
    int features;           /* the scene's arrays: x_train is (n, features) ... */
    int classes;            /* ... and y_train holds 0 .. classes - 1 */
    int lang_fr;            /* the comments the generator writes: 1 French, 0 English */
} keras_spec_env;

typedef struct keras_spec_err {
    int line, col, len;     /* 1-based; len in characters, at least 1; line 0: no place */
    char msg[KERAS_SPEC_MESSAGE];
} keras_spec_err;

/* The Keras code that builds, compiles and fits sp on env's data, in the course's style (keras and
 * layers imported, single quotes, one layer a line). Returns the length, or -1 when it does not fit
 * in cap bytes (buf then holds a NUL-terminated prefix). */
int keras_spec_code(const keras_spec *sp, const keras_spec_env *env, char *buf, size_t cap);

/* Reads code (len bytes) as the dry Keras session does and fills *out with the model bound to the
 * name `model` (or the last model compiled or fitted). 0, or -1 with *err: the place and what is
 * wrong (the reader's message; "no model" when the code builds none; "more than 16 layers"...). The
 * message is in French when env->lang_fr. */
int keras_spec_read(const char *code, size_t len, const keras_spec_env *env, keras_spec *out,
                    keras_spec_err *err);

/* 1 when a and b build, compile and fit the same model (the lines aside). */
int keras_spec_same(const keras_spec *a, const keras_spec *b);

#endif
