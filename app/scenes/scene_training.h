/* scene_training.h — what the training scene's files share, and nobody else includes:
 *
 *   scene_training.c        the scene's life, its settings into a trainer, the frame, the code panel
 *   scene_training_panel.c  the left panel: data, features, noise, model, learning, regularisation
 *   scene_training_net.c    the network with Playground's build buttons and per-neuron maps, and the
 *                           output: the decision map, or a hovered neuron's map in its place
 */
#ifndef NEURONE_SCENE_TRAINING_H
#define NEURONE_SCENE_TRAINING_H

#include "app.h"
#include "netview.h"
#include "scene_common.h"

enum {
    GRID_IMAGES = 12, MAX_TEST_PRED = 400,
    NODE_MAP = 24,                 /* a neuron's map: NODE_MAP² points of the input plane */
    PG_MAX_UNITS = 8,              /* Playground's limits for its + and − buttons */
    PG_MAX_HIDDEN = 6,
    N_PACE = 4
};

/* The menus: the course table's lists, which the lesson's directives are checked against. */
#define training_optimizers lesson_optimizers
#define training_activations lesson_hidden_activations
#define training_rates lesson_learning_rates
enum { N_OPT = LESSON_N_OPTIMIZERS, N_ACT = LESSON_N_HIDDEN_ACTIVATIONS, N_RATE = LESSON_N_LEARNING_RATES };

/* The controls a lesson can show or lock (@controls, @lock): bit i is lesson_training_controls[i]. */
enum {
    C_DATASET = 1, C_LAYERS = 2, C_ACTIVATION = 4, C_OPTIMIZER = 8, C_RATE = 16, C_BATCH = 32,
    C_EPOCHS = 64, C_SPEED = 128, C_FEATURES = 256, C_NOISE = 512, C_REG = 1024, C_RACE = 2048,
    N_CONTROLS = LESSON_N_CONTROLS
};

typedef struct training_state {
    scene_trained base;            /* first: the scene_trained_* functions see it */
    trainer_config cfg;
    int dataset, act, opt, rate;   /* menu indices */
    int reg_rate;                  /* an index in lesson_reg_rates */
    int noise_pct, train_pct;      /* Playground's sliders: noise 0..50 %, training part 10..90 % */
    int speed;                     /* paces[speed] epochs a second */
    int headless;
    netview nv;
    int nv_ready;
    int sample;                    /* the test sample shown in the network */
    int sample_shown;
    int weights_fresh;             /* the view's weights changed since the last map */
    double last_map;
    scene_map map;                 /* the decision map of a 2-D set */
    int discretize;                /* the map in two colours, not shades */
    /* every shown neuron's map over the input plane, [column][shown neuron] */
    uint8_t node_rgba[NETVIEW_COLS][NETVIEW_SHOWN][NODE_MAP * NODE_MAP * 4];
    ui_image node_img[NETVIEW_COLS][NETVIEW_SHOWN];
    const ui_image *maps[NETVIEW_COLS][NETVIEW_SHOWN]; /* netview_args.maps: the scene's, as the spotlight draws them later */
    int maps_ready;
    int hover_col, hover_unit;     /* the neuron under the mouse (-1: none): its map in the output's place */
    /* the seven features' thumbnails */
    uint8_t feature_rgba[TRAINER_N_FEATURES][NODE_MAP * NODE_MAP * 4];
    ui_image feature_img[TRAINER_N_FEATURES];
    /* test images and their predictions */
    uint8_t img_rgba[GRID_IMAGES][28 * 28 * 4];
    ui_image img[GRID_IMAGES];
    float *pred;                   /* (MAX_TEST_PRED, classes) */
    int pred_classes;
    float class_acc[16];
    int show_test;
    unsigned shown, locked;        /* the lesson's @controls and @lock */
    float controls_scroll;         /* the left panel's, when its controls do not fit */
    int stack;                     /* the panel too narrow: labels above their controls */
    int race;                      /* the same network on the Vulkan engine too */
    trainer *twin;                 /* its trainer, NULL when not racing */
    trainer_stats twin_st;
    code_panel code;               /* the model as Keras code */
    /* where the last frame put the build buttons and the features (for the widget-layer tests) */
    ui_rect hit_layers[2];         /* − and + of the hidden layers */
    ui_rect hit_units[PG_MAX_HIDDEN][2];
    ui_rect hit_feature[TRAINER_N_FEATURES];
    ui_rect hit_noise, hit_regen, hit_reg, hit_discretize, hit_race;
    ui_rect hit_dataset, hit_problem, hit_ratio, hit_act, hit_rate, hit_batch, hit_show_test;
} training_state;

extern const float training_paces[N_PACE];

/* scene_training.c: the data's defaults into the settings; a new trainer from the settings. */
void training_defaults_for(training_state *s, const char *dataset);
void training_restart(training_state *s, app *a);
/* The dataset of menu index (data_names', then DATA_CSV: the student's own table). */
const char *training_dataset_name(int index);
/* 1 when the set is one of Playground's (a map of the plane can be drawn: 2-D or projected). */
int training_is_plane(const training_state *s);
/* The plane's points as drawn (x1, x2), whatever features the model takes; NULL before the data. */
const data_set *training_plane_data(training_state *s);

/* scene_training_panel.c: the left panel's widgets in r; 1 when the data or the model changed. */
int training_controls(training_state *s, app *a, ui_rect r);

/* scene_training_net.c */
/* The network's panel in r: + and − for the layers and each hidden layer's neurons, the feature
 * buttons for a 2-D set, the drawing with each neuron's map; 1 when the model changed. */
int training_network(training_state *s, app *a, ui_rect r, const data_set *d, int plane);
/* Every shown neuron's map (and the features' thumbnails), from the view model; d's plane. */
void training_node_maps(training_state *s, nn_model *view, const ui_theme *th);
/* The output over the plane into s->map (its grid's points, through the features); -1 on failure. */
int training_output_map(training_state *s, nn_model *view, const ui_theme *th);
/* The output's panel: the decision map (or the hovered neuron's map), its toggles. */
void training_output(training_state *s, app *a, ui_rect r, const data_set *d);

#endif
