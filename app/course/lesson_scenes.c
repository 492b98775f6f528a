/* lesson_scenes.c — the course table: each scene's directives, one row each (which directive, of
 * what kind, what it accepts, its default), and the lists of names they accept. The parser checks
 * a lesson against these rows alone (lesson_config.c); the scenes' menus show the same lists. */
#include "lesson_config.h"

#include <string.h>

#include "data.h"
#include "trainer.h"

_Static_assert(LESSON_MODEL_MAX == TRAINER_MAX_LAYERS + 2, "a model: its inputs, hidden layers, outputs");
_Static_assert(LESSON_N_FIELDS <= 32, "lesson_config.given holds a bit per directive");

/* ---- the scenes --------------------------------------------------------------------------------- */

const char *const lesson_scene_names[LESSON_N_SCENES + 1] = {
#define SCENE_NAME(ID, name) [LESSON_SCENE_##ID] = #name,
    LESSON_SCENES(SCENE_NAME)
#undef SCENE_NAME
        [LESSON_N_SCENES] = NULL,
};

lesson_scene lesson_scene_of(const char *name)
{
    for (int i = 0; i < LESSON_N_SCENES; i++)
        if (strcmp(lesson_scene_names[i], name) == 0)
            return (lesson_scene)i;
    return LESSON_SCENE_NONE;
}

/* ---- the lists ---------------------------------------------------------------------------------- */

const char *const lesson_hidden_activations[LESSON_N_HIDDEN_ACTIVATIONS] = {
    "relu", "tanh", "sigmoid", "linear", "leaky_relu", "elu", "gelu",
};
const char *const lesson_neuron_activations[LESSON_N_NEURON_ACTIVATIONS] = {
    "sigmoid", "tanh", "relu", "linear", "leaky_relu", "elu", "gelu",
};
const char *const lesson_network_activations[LESSON_N_NETWORK_ACTIVATIONS] = { "relu", "tanh", "sigmoid" };
const char *const lesson_optimizers[LESSON_N_OPTIMIZERS] = { "adam", "sgd", "rmsprop", "adagrad" };
const char *const lesson_losses[LESSON_N_LOSSES] = { "binary_crossentropy", "mse" };
/* TensorFlow Playground's learning rates and regularisation rates */
const char *const lesson_learning_rates[LESSON_N_LEARNING_RATES] = {
    "0.00001", "0.0001", "0.001", "0.003", "0.01", "0.03", "0.1", "0.3", "1", "3", "10",
};
const char *const lesson_regularizations[LESSON_N_REGULARIZATIONS] = { "none", "L1", "L2" };
const char *const lesson_reg_rates[LESSON_N_REG_RATES] = {
    "0", "0.001", "0.003", "0.01", "0.03", "0.1", "0.3", "1", "3", "10",
};
const char *const lesson_training_controls[LESSON_N_CONTROLS] = {
    "dataset", "layers", "activation", "optimizer", "learning_rate", "batch_size", "epochs", "speed",
    "features", "noise", "regularization", "race",
};
const char *const lesson_image_sets[LESSON_N_IMAGE_SETS] = { "fashion_mnist", "mnist" };
const char *const lesson_tables[LESSON_N_TABLES] = { "iris", "wine", "breast_cancer", "digits" };
const char *const lesson_scalers[LESSON_N_SCALERS] = { "standard", "minmax", "none" };
const char *const lesson_image_tabs[LESSON_N_IMAGE_TABS] = { "samples", "predictions", "draw", "weights",
                                                                     "training" };
const char *const lesson_keras_tabs[LESSON_N_KERAS_TABS] = {
    "sequential", "dense", "compile", "summary", "fit", "evaluate", "predict",
};
const char *const lesson_compare_tabs[LESSON_N_COMPARE_TABS] = { "data", "preview", "training", "results" };

/* The network scene's three models, by its MODEL_COURSE, MODEL_DEEP, MODEL_MNIST. */
static const char *const network_shapes[] = { "3-4-2", "4-6-6-6-3", "784-128-10" };

/* ---- each scene's rows -------------------------------------------------------------------------- */

/* A row starts with its directive and kind: ROW(EPOCHS, INT) */
#define ROW(field_, kind_) .field = LESSON_F_##field_, .kind = LESSON_##kind_
#define LIST(a) .list = (a), .n_list = (int)(sizeof(a) / sizeof((a)[0]))
#define END { .kind = LESSON_END }

static const char unknown_dataset[] = "unknown dataset \"%.40s\" (expected one of %.280s)";
static const char unknown_activation[] = "unknown activation \"%.40s\" (expected one of %.280s)";

/* The rows that training and versus share. */
#define TRAINING_ROWS                                                                              \
    { ROW(OPTIMIZER, NAME), LIST(lesson_optimizers), .def = "adam" },                              \
    { ROW(LEARNING_RATE, CHOICE), LIST(lesson_learning_rates) },                                   \
    { ROW(BATCH_SIZE, INT), .lo = 1, .hi = 1024 },                                                 \
    { ROW(EPOCHS, INT), .lo = 1, .hi = TRAINER_MAX_EPOCHS },                                       \
    { ROW(PLAY, FLAG) }

static const lesson_rule neuron_rules[] = {
    { ROW(ACTIVATION, NAME), LIST(lesson_neuron_activations), .def = "sigmoid",
      .why = unknown_activation },
    { ROW(INPUTS, NUMBERS), .lo = -2, .hi = 2, .count = 3, .def = "0.8 -0.5 0.3" },
    { ROW(WEIGHTS, NUMBERS), .lo = -2, .hi = 2, .count = 3, .def = "1.2 0.6 -0.9" },
    { ROW(BIAS, NUMBERS), .lo = -2, .hi = 2, .count = 1, .def = "0.2" },
    END,
};

static const lesson_rule network_rules[] = {
    { ROW(MODEL, MODEL), LIST(lesson_network_activations), .shapes = network_shapes,
      .n_shapes = (int)(sizeof network_shapes / sizeof network_shapes[0]),
      .def = "3-4-2" },
    { ROW(ACTIVATION, NAME), LIST(lesson_network_activations), .def = "relu",
      .why = unknown_activation },
    END,
};

/* The left model, then the right one; the scene's own defaults are a shallow 2-4-2 and a deep
 * 2-8-8-8-2. */
static const lesson_rule versus_rules[] = {
    { ROW(DATASET, NAME), .list = data_names, .n_list = LESSON_N_PLAYGROUND_SETS, .def = "spiral",
      .why = "\"%.40s\": the versus scene draws two decision maps, on a 2-D set (%.200s)" },
    { ROW(MODEL, MODEL), LIST(lesson_hidden_activations), .count = 2 },
    TRAINING_ROWS,
    END,
};

/* The defaults of the model, learning rate, batch size and epochs follow the dataset: the scene's. */
static const lesson_rule training_rules[] = {
    { ROW(DATASET, NAME), .list = data_names, .n_list = DATA_NAMES, .def = "spiral", .why = unknown_dataset },
    { ROW(MODEL, MODEL), LIST(lesson_hidden_activations) },
    TRAINING_ROWS,
    { ROW(CONTROLS, WORDS), LIST(lesson_training_controls) },
    { ROW(LOCK, WORDS), LIST(lesson_training_controls) },
    END,
};

static const lesson_rule loss_rules[] = {
    { ROW(PLAY, FLAG) },
    { ROW(LOSS, NAME), LIST(lesson_losses), .def = "binary_crossentropy" },
    END,
};

static const lesson_rule keras_rules[] = {
    { ROW(TAB, TABS), LIST(lesson_keras_tabs) },
    END,
};

static const lesson_rule race_rules[] = { END };

static const lesson_rule images_rules[] = {
    { ROW(DATASET, NAME), LIST(lesson_image_sets), .def = "fashion_mnist",
      .why = "\"%.40s\": the images scene shows %.200s" },
    { ROW(PLAY, FLAG) },
    { ROW(SAMPLES, INT), .lo = 10, .hi = 25, .def = "25" },
    { ROW(TAB, TABS), LIST(lesson_image_tabs) },
    END,
};

static const lesson_rule compare_rules[] = {
    { ROW(DATASET, NAME), LIST(lesson_tables), .def = "breast_cancer",
      .why = "\"%.40s\": the compare scene starts on a table: %.200s" },
    { ROW(EPOCHS, INT), .lo = 1, .hi = TRAINER_MAX_EPOCHS },
    { ROW(PLAY, FLAG) },
    { ROW(TAB, TABS), LIST(lesson_compare_tabs) },
    { ROW(TARGET, COLUMN) },
    { ROW(SCALER, NAME), LIST(lesson_scalers), .def = "standard" },
    { ROW(TEST_SIZE, NUMBERS), .lo = 0.1f, .hi = 0.5f, .count = 1, .def = "0.3" },
    END,
};

static const lesson_rule *const scene_rules[LESSON_N_SCENES] = {
#define SCENE_RULES(ID, name) [LESSON_SCENE_##ID] = name##_rules,
    LESSON_SCENES(SCENE_RULES)
#undef SCENE_RULES
};

const lesson_rule *lesson_rules(lesson_scene s)
{
    static const lesson_rule none[] = { END };
    return s >= 0 && s < LESSON_N_SCENES ? scene_rules[s] : none;
}

const lesson_rule *lesson_rule_of(lesson_scene s, lesson_field f)
{
    for (const lesson_rule *r = lesson_rules(s); r->kind != LESSON_END; r++)
        if (r->field == f)
            return r;
    return NULL;
}
