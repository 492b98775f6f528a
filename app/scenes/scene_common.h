/* scene_common.h — pieces that several scenes share: the training toolbar, the loss and accuracy
 * charts of a trainer, and greyscale images of samples. */
#ifndef NEURONE_SCENE_COMMON_H
#define NEURONE_SCENE_COMMON_H

#include "app.h"
#include "code_panel.h"
#include "netview.h"
#include "plot.h"
#include "trainer.h"

typedef enum scene_action {
    SCENE_NONE, SCENE_PLAY, SCENE_PAUSE, SCENE_STEP_BATCH, SCENE_STEP_EPOCH, SCENE_RESET
} scene_action;

/* ---- layout that adapts to the points available (demo mode: 960x540 points on 1080p) ---------- */

/* The first of n texts that fits in w pixels in font, the last when none does: the full label
 * first, the abbreviations after. */
const char *scene_fit(ui_context *ui, int font, float w, int n, const char *const *texts);
/* app_panel titled by title, or by shorter when title does not fit the panel's width. */
ui_rect scene_panel(ui_context *ui, ui_rect r, const char *title, const char *shorter);
/* app_panel titled by the first of n titles that fits its width; a shorter one has the first as
 * its tooltip. */
ui_rect scene_panel_fit(ui_context *ui, ui_rect r, int n, const char *const *titles);
/* The first of n texts that fits r's width, drawn in r (aligned, clipped to it); when a shorter
 * one is drawn, the first is r's tooltip: nothing is lost on a narrow screen. */
void scene_fit_text(ui_context *ui, int font, ui_rect r, int align, ui_color c, int n, const char *const *texts);
/* t cut to width w with "." at its end when it does not fit ("malignant" -> "mali."), whole UTF-8
 * characters only; into buf (n bytes). */
const char *scene_cut_text(ui_context *ui, int font, const char *t, float w, char *buf, size_t n);
/* t in r, cut to its width (scene_cut_text) with t as the tooltip when cut. */
void scene_cut_label(ui_context *ui, int font, const char *t, ui_rect r, int align, ui_color c);
/* The width of a button for label (up to its "##"): the text and a margin each side. */
float scene_button_w(ui_context *ui, const char *label);
/* Rows of widgets that fit in h pixels: each takes the theme's row height and spacing. */
int scene_rows_fit(const ui_context *ui, float h);
/* A section's name ("INPUTS") in small dim capitals, on a row of its own only as tall as the
 * small type; the next row is the theme's again. scene_section_h: the pixels it takes. */
void scene_section(ui_context *ui, const char *name);
float scene_section_h(const ui_context *ui);

/* ---- the lesson's directives ---------------------------------------------------------------------- */

/* The index of name among the n names; -1 when it is none of them. */
int scene_index_of(const char *const *names, int n, const char *name);
/* The pages' @tab (page i opens tab tab_of_page[i], the index in the scene's list of tabs) into
 * tab_of_page (LESSON_MAX_PAGES); returns how many pages name a tab: all or none. */
int scene_tab_pages(const lesson_config *cfg, int *tab_of_page);

/* Play/pause, step one batch, step one epoch, reset, and the trainer's state in words, in one
 * row at r; the state shortens to what fits. Returns the button pressed; the caller acts on it
 * (scene_apply for the trainer). */
scene_action scene_toolbar(ui_context *ui, ui_rect r, const trainer_stats *st);
/* Applies a toolbar action other than reset to t. */
void scene_apply(trainer *t, scene_action act, const trainer_stats *st);
/* scene_toolbar on a row at the top of *area, which loses that row and a gap: the scene's
 * content goes below. Play, pause and the steps go to t (scene_apply) when t is not NULL; the
 * action comes back, so that the caller resets in its own way or drives other trainers. */
scene_action scene_toolbar_top(ui_context *ui, ui_rect *area, trainer *t, const trainer_stats *st);
/* The start of the state of a scene that trains one model: its scene_class can then use the
 * scene_trained_* functions for space, leaving the lesson and headless steps. */
typedef struct scene_trained {
    trainer *t;
    trainer_stats st;
} scene_trained;

int scene_trained_play(void *scene, app *a);
/* The lesson's @play directive: training starts with the lesson, except headless, where
 * screenshots step the model themselves. */
int scene_wants_play(const app *a, const lesson_config *cfg);
/* Plays t (when there is one) if the lesson wants it (scene_wants_play). */
void scene_autoplay(const app *a, const lesson_config *cfg, trainer *t);
/* trainer_create, and the error dialog when the trainer cannot start (NULL then). */
trainer *scene_create_trainer(app *a, const trainer_config *c);
void scene_trained_leave(void *scene, app *a);
void scene_trained_advance(void *scene, app *a, int steps);
/* Its trainer (scene_class.trainer_of). */
struct trainer *scene_trained_trainer(void *scene);
/* Defines scene_NAME for a one-trainer scene: its file's static create, frame and destroy, and
 * the scene_trained_* functions for the rest. */
#define SCENE_CLASS_TRAINED(name)                                                                  \
    const scene_class scene_##name = { .create = create, .frame = frame,                           \
                                       .advance = scene_trained_advance, .play = scene_trained_play, \
                                       .leave = scene_trained_leave, .destroy = destroy,           \
                                       .trainer_of = scene_trained_trainer }
#define SCENE_CLASS_TRAINED_WITH_CODE(name)                                                        \
    const scene_class scene_##name = { .create = create, .frame = frame,                           \
                                       .advance = scene_trained_advance, .play = scene_trained_play, \
                                       .leave = scene_trained_leave, .destroy = destroy, .code = code, \
                                       .trainer_of = scene_trained_trainer }

/* A frame of a scene with a trainer: polls its statistics (t may be NULL), shows a failure in
 * the error dialog once, and keeps the frames coming while it trains. */
void scene_poll_trainer(app *a, trainer *t, trainer_stats *st);
/* Space: pauses t when it trains, plays it otherwise; 0 when there is no trainer. */
int scene_toggle_trainer(trainer *t, trainer_stats *st);
/* Headless (--steps): runs t to `steps` batches, a failure to the error dialog. */
void scene_run_trainer(app *a, trainer *t, trainer_stats *st, int steps);
/* Loss per epoch (training and validation) with the running loss after each batch. */
plot_frame scene_loss_chart(ui_context *ui, ui_rect r, const trainer_stats *st, const char *title);
void scene_accuracy_chart(ui_context *ui, ui_rect r, const trainer_stats *st, const char *title);
/* Fills rgba (side*side*4) with sample x (pixels in 0..1) as the course's notebooks show them:
 * dark ink on white. */
void scene_gray_image(uint8_t *rgba, const float *x, int side);
/* n samples at once: rgba holds n images of side*side*4 bytes, x n samples of side*side pixels;
 * each image is touched (ui_image_touch) so that the renderer uploads it again. */
void scene_gray_images(uint8_t *rgba, ui_image *img, const float *x, int n, int side);
/* The index of the largest of the n values p (the first of equals): the predicted class. */
int scene_argmax(const float *p, int n);
/* Points nv at view (netview_set_model) and, with weights, reads view's weights; -1 after the
 * error dialog when the drawing's memory cannot be had. */
int scene_netview_set(app *a, netview *nv, nn_model *view, int weights);
/* 1 when period seconds have passed since *last (always headless, and when the clock went
 * back), *last becoming now: what costs more than a frame runs at most 1/period times a second. */
int scene_throttle(const app *a, double *last, double period);
/* A lesson's pages can open a scene's tabs: when the app shows another page than *last_page, *tab
 * becomes tab_of_page[page] (pages past n_tab_pages leave it as it is). */
void scene_page_tab(const app *a, int *last_page, const int *tab_of_page, int n_tab_pages, int *tab);

/* The decision map of a 2-D set: the model's probability of class 1 over the plane, blue for
 * class 1 and orange for class 0 (Playground's colours), under the data's points. */
enum { SCENE_MAP = 72 };
typedef struct scene_map {
    uint8_t rgba[SCENE_MAP * SCENE_MAP * 4];
    ui_image img;
    float x[SCENE_MAP * SCENE_MAP * 2];  /* the grid's points */
    float p[SCENE_MAP * SCENE_MAP * 2];  /* the model's probabilities there */
    float lo[2], hi[2];                  /* the plane shown: the data's extent, squared */
} scene_map;

void scene_map_init(scene_map *m, const data_set *d);
/* Runs the model over the grid; 0, or -1 with nn_error(). */
int scene_map_update(scene_map *m, nn_model *view, const ui_theme *th);
/* Draws the map (square, centred in r) and the points (the test points too, ringed, when
 * show_test). Returns 1 and the plane's point under the mouse in hover, 0 when not hovered. */
int scene_map_draw(ui_context *ui, ui_rect r, const scene_map *m, const data_set *d, int show_test,
                   float hover[2]);
/* scene_map_draw in r less a line at the bottom, where a toggle shows or hides the test points
 * (*show_test), labelled longer, or shorter where that does not fit; the toggle is as wide as the
 * map when under_map, as r otherwise. Returns what scene_map_draw returns. */
int scene_map_toggle(ui_context *ui, ui_rect r, const scene_map *m, const data_set *d, int *show_test,
                     int under_map, const char *longer, const char *shorter, float hover[2]);

/* A decision map that follows a trainer's model: set up from the data the first time (ready 0),
 * computed again when the trainer's view has new weights, at most once per period seconds. */
typedef struct scene_live_map {
    scene_map map;
    int ready, fresh;
    double last;                         /* a->time of the last update */
} scene_live_map;

/* One frame of m: t's view, its data d; a failure of the model goes to the error dialog. */
void scene_live_map_follow(app *a, scene_live_map *m, trainer *t, nn_model *view, const data_set *d,
                           double period);

/* ---- the code panel's model (scene_code.c) ----------------------------------------------------- */

/* The Keras code's model of a trainer: input of shape (ndim 1: features; 2: an image), c's hidden
 * layers, the softmax output for classes, the optimizer, learning rate, loss, batch and epochs. */
void scene_spec_of_trainer(const trainer_config *c, const int *shape, int ndim, int classes, keras_spec *sp);
/* What edited code asks of a trainer on data of features values and classes classes, with at most
 * max_units a hidden layer: 0 with c's model, optimizer, rate, loss, batch and epochs set, or -1
 * with why (the student's language) and the line at fault (0: none), c untouched. */
int scene_trainer_of_spec(const keras_spec *sp, int features, int classes, int max_units, trainer_config *c,
                          char *why, size_t n, int *line);
/* The index of name among the engine's activations, optimizers or losses (at: nn_activation_at,
 * ...); -1: none. */
int scene_kind_index(const char *(*at)(int), const char *name);
/* The index of value in a menu's items (names, or numbers compared as numbers); -1 with why saying
 * what the menu `what` has. */
int scene_menu_index(const char *const *items, int n, const char *value, const char *what, char *why, size_t size);

/* A scene that trains c on data of shape d (scene_shape_of): its code panel follows c (first call: the panel's first code). */
typedef struct scene_data_shape { int n, dim, classes, image_side; } scene_data_shape;
static inline scene_data_shape scene_shape_of(const data_set *d)
{
    return (scene_data_shape){ d->train.n, d->train.dim, d->train.classes, d->image_side };
}
void scene_code_follow(code_panel *p, const trainer_config *c, const scene_data_shape *d);
/* 1 when the student's edit reads and a trainer can build it (at most max_units a hidden layer):
 * *next is c with the edit's model, optimizer, rate, loss, batch and epochs; the scene checks its
 * menus, then either refuses (code_panel_refuse) or takes it, restarts and calls scene_code_accept.
 * 0 when there is no edit, or it was refused here. A saved model opened unchanged (code_panel_weights)
 * sets next->weights_from, which scene_code_accept clears in c once the trainer has it. */
int scene_code_take(code_panel *p, const trainer_config *c, const scene_data_shape *d, int max_units, trainer_config *next);
void scene_code_accept(code_panel *p, trainer_config *c, const scene_data_shape *d);

#endif
