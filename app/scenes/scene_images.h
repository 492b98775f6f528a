/* scene_images.h — the images scene's state, shared by its files: scene_images.c (the trainers,
 * the samples, the predictions, the frame), scene_images_draw.c (the canvas), scene_images_weights.c
 * (the first layer's weights as tiles) and scene_images_training.c (curves, confusion matrix,
 * weight histograms and gradient norms). */
#ifndef NEURONE_SCENE_IMAGES_H
#define NEURONE_SCENE_IMAGES_H

#include "scene_common.h"

/* in the order of the course table's lesson_image_tabs and lesson_image_sets */
enum { TAB_SAMPLES, TAB_PREDICT, TAB_DRAW, TAB_WEIGHTS, TAB_TRAINING, N_TABS };
enum { FASHION, DIGITS, N_SETS };
enum { GRID = 25, TESTS = 15, SIDE = 28, PIXELS = SIDE * SIDE };
/* the weights' tiles: the first MAX_TILES neurons of the first Dense layer; the test images that
 * rank a neuron (PROBES) and the best of them shown (TOP) */
enum { MAX_TILES = 128, PROBES = 300, TOP = 10 };
/* the confusion matrix: the first CONF_N test images; a cell shows up to CELL_SHOWN of its own */
enum { CONF_N = 500, CELL_SHOWN = 12 };
/* the histograms: HBINS bins of weights per Dense layer, one column per epoch (the first the
 * weights before training), HEPOCHS columns at most */
enum { HBINS = 24, HLAYERS = TRAINER_MAX_LAYERS + 1, HEPOCHS = 64 };

/* What the Weights and Training tabs keep: buffers made when the model changes, never per frame. */
typedef struct images_views {
    const nn_model *model;              /* the view model the buffers were made for; NULL: none */
    int dense[HLAYERS], n_dense;        /* the Dense layers' indices in the model */
    int in, units;                      /* the first Dense layer's inputs (PIXELS) and units */
    float *kernel;                      /* (in, units) of the first Dense layer; any Dense layer
                                           fits, for the histograms */
    size_t kernel_n;
    float *acts;                        /* one sample's outputs of every layer (nn_forward_layers) */
    int first_off;                      /* where the first Dense layer's outputs start in acts */
    int tiles_fresh;
    double last_tiles, last_top, last_conf;
    uint8_t tile_rgba[MAX_TILES][PIXELS * 4];
    ui_image tile[MAX_TILES];
    int picked;                         /* the clicked neuron; -1 none */
    int top_fresh, top_n, top_idx[TOP];
    float top_act[TOP];
    uint8_t top_rgba[TOP][PIXELS * 4];
    ui_image top_img[TOP];
    /* the confusion matrix on the first conf_n test images: counts[truth][predicted] */
    int conf_fresh, conf_n, counts[10][10];
    float conf_probs[CONF_N * 10];
    int cell_r, cell_c;                 /* the clicked cell; -1 none */
    int cell_n, cell_idx[CELL_SHOWN];
    uint8_t cell_rgba[CELL_SHOWN][PIXELS * 4];
    ui_image cell_img[CELL_SHOWN];
    /* histograms: hist[layer][column][bin], the share of the layer's weights in each bin of
     * -lim[layer]..lim[layer]; hcols columns recorded, the last after epoch hepochs - 1 */
    float hist[HLAYERS][HEPOCHS][HBINS];
    float lim[HLAYERS];
    int hcols, hfirst;                  /* the first column: the weights after epoch hfirst (0:
                                           before training; later when the views started late) */
    float gnorm[HLAYERS][TRAINER_MAX_EPOCHS]; /* trainer_stats.grad_norm by layer, for the chart */
    int chart;                          /* a short Training tab (demo mode): the chart shown, of
                                           loss, accuracy and gradient norms */
} images_views;

typedef struct images_state {
    int tab, set, headless;
    int tab_of_page[LESSON_MAX_PAGES], n_tab_pages, last_page;
    int samples;                        /* images in the samples' grid (the lesson's @samples) */
    trainer *tr[N_SETS];
    trainer_stats st[N_SETS];
    trainer_config cfg[N_SETS];         /* each set's model, as the code panel sets it */
    code_panel code;
    /* samples */
    int first;                          /* the first training image of the grid */
    int grid_key;                       /* what the grid holds: set * 1e6 + first; -1 none */
    uint8_t grid_rgba[GRID][PIXELS * 4];
    ui_image grid[GRID];
    /* predictions on the first test images */
    int tests_key;                      /* which set the test images are from; -1 none */
    uint8_t test_rgba[TESTS][PIXELS * 4];
    ui_image test_img[TESTS];
    float probs[TESTS][10];
    int have_probs, fresh;
    double last_predict;
    int selected;
    /* the canvas */
    float canvas[PIXELS], input[PIXELS];
    uint8_t canvas_rgba[PIXELS * 4], input_rgba[PIXELS * 4];
    ui_image canvas_img, input_img;
    float last_x, last_y;
    int stroke;                         /* the mouse is drawing */
    int drawn;                          /* something is on the canvas */
    int draw_started;                   /* the canvas started its model's training (once) */
    int canvas_dirty;
    float draw_probs[10];
    netview nv;
    int nv_ready;
    /* the Weights and Training tabs of each set's model: a visit to the canvas (the digits' model)
     * or to the other set keeps a set's histograms */
    images_views v[N_SETS];
} images_state;

/* Ten probability bars p (n of them): grey, the predicted class red when wrong, the true class
 * blue; truth -1: none (a drawing); labels: the digits under the bars. */
void images_bars(ui_context *ui, ui_rect r, const float *p, int n, int truth, int labels);

/* scene_images_draw.c: a 7 on the canvas (screenshots, tests); the Draw tab in r. */
void images_draw_demo(images_state *s);
void images_draw_tab(images_state *s, app *a, ui_rect r, const data_set *d, nn_model *view);

/* scene_images_weights.c. The views start again (a new model): its buffers are made at the next
 * follow. */
void images_views_init(images_views *v);
void images_views_reset(images_views *v);
void images_views_free(images_views *v);
/* A frame of the views on view (the shown set's model), its data d, st its statistics: buffers
 * made for a new model, the histograms of a new epoch recorded. The scene sets the *_fresh flags
 * when the view's weights change. -1 after the error dialog. */
int images_views_follow(images_views *v, app *a, nn_model *view, const trainer_stats *st);
/* The Weights tab in r: the tiles, and the clicked neuron's best test images. */
void images_weights_tab(images_views *v, app *a, ui_rect r, nn_model *view, const data_set *d);
/* scene_images_training.c: one column of histograms for the weights view holds now. */
void images_record_histograms(images_views *v, const nn_model *view);
/* The Training tab in r: the curves, the confusion matrix, the histograms, the gradient norms. */
void images_training_tab(images_views *v, app *a, ui_rect r, nn_model *view, const data_set *d,
                         const trainer_stats *st);

#endif
