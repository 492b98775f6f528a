/* kinds.h — the engine's enums, in one place for the core, the CPU kernels (cpu/) and the shaders:
 * shaders/meson.build turns them into GLSL #defines at build time (shaders/kinds_glsl.c), so that the
 * two sides cannot disagree. It includes nothing of the engine; never installed.
 *
 * Each list is an X-macro of (enum, Keras name). The order is the numbering: saved models and the
 * shaders' step block store these numbers, so a new entry goes before the closing line, never
 * between two old ones. */
#ifndef NEURONE_KINDS_H
#define NEURONE_KINDS_H

#include <stddef.h>

#define NN_ACTIVATIONS(X) \
    X(ACT_LINEAR, "linear") \
    X(ACT_RELU, "relu") \
    X(ACT_SIGMOID, "sigmoid") \
    X(ACT_TANH, "tanh") \
    X(ACT_SOFTMAX, "softmax") \
    X(ACT_LEAKY_RELU, "leaky_relu") \
    X(ACT_ELU, "elu") \
    X(ACT_GELU, "gelu")

#define NN_LOSSES(X) \
    X(LOSS_CCE, "categorical_crossentropy") \
    X(LOSS_SPARSE_CCE, "sparse_categorical_crossentropy") \
    X(LOSS_BCE, "binary_crossentropy") \
    X(LOSS_MSE, "mean_squared_error") \
    X(LOSS_MAE, "mean_absolute_error")

/* compile()'s "accuracy", resolved against the loss and the output width */
#define NN_METRICS(X) \
    X(METRIC_NONE, "none") \
    X(METRIC_BINARY_ACC, "binary_accuracy") \
    X(METRIC_CATEGORICAL_ACC, "categorical_accuracy") \
    X(METRIC_SPARSE_ACC, "sparse_categorical_accuracy")

/* each optimizer's defaults, hyperparameters and update are its row in cpu/optimizers.c */
#define NN_OPTIMIZERS(X) \
    X(OPT_SGD, "sgd") \
    X(OPT_ADAM, "adam") \
    X(OPT_RMSPROP, "rmsprop") \
    X(OPT_ADAGRAD, "adagrad")

#define NN_KIND_ENUM(e, name) e,
enum nn_act { NN_ACTIVATIONS(NN_KIND_ENUM) ACT_COUNT };
enum nn_loss { NN_LOSSES(NN_KIND_ENUM) LOSS_COUNT };
enum nn_metric { NN_METRICS(NN_KIND_ENUM) METRIC_COUNT };
enum nn_opt { NN_OPTIMIZERS(NN_KIND_ENUM) OPT_COUNT };
#undef NN_KIND_ENUM

/* An optimizer's hyperparameters, Keras's names; each optimizer reads the ones it accepts. */
typedef struct nn_hparams {
    double learning_rate, momentum, beta_1, beta_2, epsilon, rho, initial_accumulator_value;
    int nesterov;
} nn_hparams;

/* Every optimizer keeps NN_OPT_SLOTS arrays of n floats of state, whether it uses them or not,
 * so that changing momentum after compile needs no reallocation. */
#define NN_OPT_SLOTS 2

/* Names (kinds.c): -1 when unknown; NULL and "None" mean linear; "?" for a number out of range. */
int nn_act_parse(const char *name);
const char *nn_act_name(int act);
int nn_loss_parse(const char *name);
const char *nn_loss_name(int loss);
int nn_opt_parse(const char *name);
const char *nn_opt_name(int opt);
/* The name tables themselves, numbered by the lists above */
extern const char *const nn_act_names[ACT_COUNT];
extern const char *const nn_loss_names[LOSS_COUNT];
extern const char *const nn_opt_names[OPT_COUNT];
/* "a, b, c or d" from n names, into buf (size bytes, truncated); returns buf */
char *nn_names_join(char *buf, size_t size, const char *const *names, int n);

#endif
