/* lesson_scenes.h — the course table: the scenes a lesson can show (@scene), and the names that
 * their directives and their menus accept. The rows of each scene's directives are in
 * lesson_scenes.c; what each kind of row accepts is lesson_config.h's.
 *
 * Adding a scene: a row X(ID, name) here, its rules (name##_rules) in lesson_scenes.c, and
 * app/scenes/scene_name.c defining `const scene_class scene_name` (scene.h declares it and app.c
 * registers it from this list).
 */
#ifndef NEURONE_LESSON_SCENES_H
#define NEURONE_LESSON_SCENES_H

/* In the order that messages and lessons/FORMAT.md list them. */
#define LESSON_SCENES(X)                                                                              \
    X(NEURON, neuron)                                                                                 \
    X(NETWORK, network)                                                                               \
    X(VERSUS, versus)                                                                                 \
    X(TRAINING, training)                                                                             \
    X(LOSS, loss)                                                                                     \
    X(KERAS, keras)                                                                                   \
    X(RACE, race)                                                                                     \
    X(IMAGES, images)                                                                                 \
    X(COMPARE, compare)

typedef enum lesson_scene {
    LESSON_SCENE_NONE = -1,      /* a lesson of text only */
#define LESSON_SCENE_ID(ID, name) LESSON_SCENE_##ID,
    LESSON_SCENES(LESSON_SCENE_ID)
#undef LESSON_SCENE_ID
    LESSON_N_SCENES
} lesson_scene;

/* The scenes' names, by lesson_scene, then NULL. */
extern const char *const lesson_scene_names[LESSON_N_SCENES + 1];
/* The scene named name; LESSON_SCENE_NONE when there is none. */
lesson_scene lesson_scene_of(const char *name);

/* ---- the names that directives and menus accept: each list once, for the parser and the scene ---- */

enum {
    LESSON_N_HIDDEN_ACTIVATIONS = 7,
    LESSON_N_NEURON_ACTIVATIONS = 7,
    LESSON_N_NETWORK_ACTIVATIONS = 3,
    LESSON_N_OPTIMIZERS = 4,
    LESSON_N_LEARNING_RATES = 11,
    LESSON_N_REGULARIZATIONS = 3,
    LESSON_N_REG_RATES = 10,
    LESSON_N_LOSSES = 2,
    LESSON_N_CONTROLS = 12,
    LESSON_N_IMAGE_SETS = 2,
    LESSON_N_TABLES = 4,
    LESSON_N_SCALERS = 3,
    LESSON_N_IMAGE_TABS = 5,
    LESSON_N_KERAS_TABS = 7,
    LESSON_N_COMPARE_TABS = 4,
    LESSON_N_PLAYGROUND_SETS = 6 /* data_names' first six: the 2-D sets (four classification, two regression) */
};

/* Engine names (nn_activation_at, nn_optimizer_at, nn_loss_at) in the order the menus show them;
 * tests/test_lessons.c checks that the engine takes every one. */
extern const char *const lesson_hidden_activations[LESSON_N_HIDDEN_ACTIVATIONS];   /* @model, training */
extern const char *const lesson_neuron_activations[LESSON_N_NEURON_ACTIVATIONS];   /* neuron */
extern const char *const lesson_network_activations[LESSON_N_NETWORK_ACTIVATIONS]; /* network */
extern const char *const lesson_optimizers[LESSON_N_OPTIMIZERS];
extern const char *const lesson_losses[LESSON_N_LOSSES];                           /* the loss scene */
/* The training menu's learning rates, as it shows them; @learning_rate is one of these numbers. */
extern const char *const lesson_learning_rates[LESSON_N_LEARNING_RATES];
/* The training scene's regularisers (none, L1, L2: trainer_reg's order) and their rates. */
extern const char *const lesson_regularizations[LESSON_N_REGULARIZATIONS];
extern const char *const lesson_reg_rates[LESSON_N_REG_RATES];
/* The training scene's controls (@controls, @lock), in its panel's order. */
extern const char *const lesson_training_controls[LESSON_N_CONTROLS];
extern const char *const lesson_image_sets[LESSON_N_IMAGE_SETS];                   /* images */
extern const char *const lesson_tables[LESSON_N_TABLES];                           /* compare */
extern const char *const lesson_scalers[LESSON_N_SCALERS];                         /* compare */
/* Each scene's views, in its tab order (@tab). */
extern const char *const lesson_image_tabs[LESSON_N_IMAGE_TABS];
extern const char *const lesson_keras_tabs[LESSON_N_KERAS_TABS];
extern const char *const lesson_compare_tabs[LESSON_N_COMPARE_TABS];

#endif
