/* scene_training.c — train a model and watch it learn, after TensorFlow Playground.
 *
 * Left: the data (the set, its noise and split, the features) and the model's learning (activation,
 * optimizer, learning rate, regularisation, batch size, epochs). Middle: the network, built with
 * Playground's + and − buttons, each neuron drawing its own map of the input plane. Right: what
 * the model predicts (the decision map of a plane, test images with their predicted class, or the
 * accuracy of each class of a table), then the training and test loss. Changing the data or the
 * model starts again, as in Playground; the race trains the same network on the Vulkan engine at
 * the same time. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang.h"
#include "plot.h"
#include "scene_training.h"

static const char *const *const optimizers = training_optimizers;
static const char *const *const activations = training_activations;
static const char *const *const rates = training_rates;
const float training_paces[N_PACE] = { 5, 25, 100, 0 };

/* ---- configuration ------------------------------------------------------------------------------ */

/* Defaults that train well for each kind of data. */
void training_defaults_for(training_state *s, const char *dataset)
{
    trainer_config *c = &s->cfg;
    snprintf(c->dataset, sizeof c->dataset, "%s", dataset);
    /* the student's own table comes after the menu's built-in sets */
    s->dataset = strcmp(dataset, DATA_CSV) == 0 ? DATA_NAMES : scene_index_of(data_names, DATA_NAMES, dataset);
    if (data_is_playground(dataset)) {
        c->hidden = 2, c->units[0] = 8, c->units[1] = 8;
        s->act = scene_index_of(activations, N_ACT, "tanh");
        s->rate = scene_index_of(rates, N_RATE, "0.01");
        c->batch_size = 10, c->epochs = 200;
        s->speed = 1;
        s->noise_pct = 5, s->train_pct = 70;
    } else if (strcmp(dataset, "mnist") == 0 || strcmp(dataset, "fashion_mnist") == 0) {
        c->hidden = 1, c->units[0] = 128;
        s->act = scene_index_of(activations, N_ACT, "relu");
        s->rate = scene_index_of(rates, N_RATE, "0.001");
        c->batch_size = 32, c->epochs = 10;
        s->speed = N_PACE - 1;
    } else {
        c->hidden = 2, c->units[0] = 32, c->units[1] = 16;
        s->act = scene_index_of(activations, N_ACT, "relu");
        s->rate = scene_index_of(rates, N_RATE, "0.01");
        c->batch_size = 16, c->epochs = 50;
        s->speed = 2;
    }
    s->opt = 0;
}

const char *training_dataset_name(int index)
{
    return index >= 0 && index < DATA_NAMES ? data_names[index] : DATA_CSV;
}

/* A CSV dropped on the window or given by --open (app_open_file keeps it for the lesson's scene):
 * read at once, so that a bad file is told in the error dialog with its line and field; a good
 * one becomes the data, with a table's defaults, its last column the target. */
static void open_table(training_state *s, app *a)
{
    char path[1024], err[1024];
    if (!app_take_file(a, path, sizeof path))
        return;
    if (data_csv_open(path, NULL, err, sizeof err) < 0) {
        app_error(a, "%s", err);
        return;
    }
    training_defaults_for(s, DATA_CSV);
    s->cfg.project = 0;
    s->cfg.table_col[0] = 0, s->cfg.table_col[1] = 1;
    training_restart(s, a);
}

static void sync_config(training_state *s)
{
    trainer_config *c = &s->cfg;
    snprintf(c->dataset, sizeof c->dataset, "%s", training_dataset_name(s->dataset));
    snprintf(c->activation, sizeof c->activation, "%s", activations[s->act]);
    snprintf(c->optimizer, sizeof c->optimizer, "%s", optimizers[s->opt]);
    c->learning_rate = strtof(rates[s->rate], NULL);
    c->seed = 1;
    /* Playground's sliders: the lesson's own noise and split until the student moves them */
    c->noise = data_is_playground(c->dataset) ? (float)s->noise_pct / 100 : 0;
    c->test_ratio = data_is_playground(c->dataset) && s->train_pct != 70 ? 1 - (float)s->train_pct / 100 : 0;
    c->reg_rate = strtof(lesson_reg_rates[s->reg_rate], NULL);
    if (c->reg_rate <= 0)
        c->reg = TRAINER_REG_NONE;
    /* headless runs go as fast as they can: --steps counts batches, not seconds */
    c->pace = s->headless ? 0 : training_paces[s->speed];
}

int training_is_plane(const training_state *s)
{
    return data_is_playground(s->cfg.dataset) || s->cfg.project;
}

const data_set *training_plane_data(training_state *s)
{
    if (!s->base.t || !trainer_data(s->base.t))
        return NULL;
    const trainer_config *c = trainer_get_config(s->base.t);
    if (!data_is_playground(c->dataset))
        return trainer_data(s->base.t); /* a table's two columns: the model's inputs are the plane */
    /* the points as drawn, before the features: the trainer's own draw, cached */
    char err[256];
    return data_get_drawn(c->dataset, c->points, c->noise, c->test_ratio, c->data_seed, err, sizeof err);
}

/* The race's twin: the same model, seed and data on the Vulkan engine. */
static void restart_twin(training_state *s, app *a)
{
    trainer_free(s->twin);
    s->twin = NULL;
    memset(&s->twin_st, 0, sizeof s->twin_st);
    if (!s->race)
        return;
    trainer_config c = s->cfg;
    snprintf(c.backend, sizeof c.backend, "vulkan");
    s->twin = scene_create_trainer(a, &c);
}

void training_restart(training_state *s, app *a)
{
    trainer_free(s->base.t);
    sync_config(s);
    restart_twin(s, a);
    s->maps_ready = 0;
    s->base.t = trainer_create(&s->cfg);
    if (!s->base.t)
        app_error(a, TR("Impossible de démarrer l'entraînement : plus de mémoire ou de threads.",
                        "Cannot start training: out of memory or threads."));
    s->nv_ready = 0;
    s->sample_shown = -1;
    memset(&s->base.st, 0, sizeof s->base.st);
    s->base.st.state = TRAINER_LOADING;
}

/* The menu's learning rate that is rate; -1 when none is. */
static int rate_index(float rate)
{
    for (int i = 0; i < N_RATE; i++)
        if (strtof(rates[i], NULL) == rate)
            return i;
    return -1;
}

/* What the lesson gives on top of the dataset's defaults. */
static void configure(training_state *s, const lesson_config *cfg)
{
    if (lesson_config_has(cfg, LESSON_F_MODEL)) {
        const lesson_model *m = &cfg->model[0];
        s->cfg.hidden = m->n - 2;
        for (int i = 0; i < s->cfg.hidden; i++)
            s->cfg.units[i] = m->width[i + 1];
        if (m->activation >= 0)
            s->act = m->activation;
    }
    if (lesson_config_has(cfg, LESSON_F_OPTIMIZER))
        s->opt = cfg->optimizer;
    if (lesson_config_has(cfg, LESSON_F_LEARNING_RATE) && rate_index(cfg->learning_rate) >= 0)
        s->rate = rate_index(cfg->learning_rate);
    if (lesson_config_has(cfg, LESSON_F_BATCH_SIZE))
        s->cfg.batch_size = cfg->batch_size;
    if (lesson_config_has(cfg, LESSON_F_EPOCHS))
        s->cfg.epochs = cfg->epochs;
    s->shown = lesson_config_has(cfg, LESSON_F_CONTROLS) ? cfg->controls : ~0u;
    s->locked = lesson_config_has(cfg, LESSON_F_LOCK) ? cfg->lock : 0;
}

static void *create(app *a, const lesson_config *cfg)
{
    training_state *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    code_panel_start(&s->code, cfg->code);
    s->headless = a->headless;
    s->hover_col = -1;
    training_defaults_for(s, data_names[cfg->dataset]);
    configure(s, cfg);
    for (int i = 0; i < GRID_IMAGES; i++)
        s->img[i] = (ui_image){ .rgba = s->img_rgba[i], .w = 28, .h = 28 };
    s->pred = malloc((size_t)MAX_TEST_PRED * 16 * sizeof *s->pred);
    if (!s->pred) {
        free(s);
        return NULL;
    }
    s->show_test = 0;
    training_restart(s, a);
    scene_autoplay(a, cfg, s->base.t);
    return s;
}

static void destroy(void *p)
{
    training_state *s = p;
    trainer_free(s->base.t);
    trainer_free(s->twin);
    netview_free(&s->nv);
    free(s->pred);
    free(s);
}

void scene_training_report(void *p, FILE *out)
{
    training_state *s = p;
    if (!s->base.t)
        return;
    trainer_poll(s->base.t, &s->base.st);
    trainer_pause(s->base.t);
    fprintf(out, "training meanwhile: %ld batches of %d, %.0f samples/s, %d epochs done, loss %.4f\n",
            s->base.st.steps, s->cfg.batch_size,
            s->base.st.seconds > 0 ? (double)s->base.st.samples / s->base.st.seconds : 0.0,
            s->base.st.epochs_done, (double)s->base.st.loss);
}

/* ---- what the model predicts -------------------------------------------------------------------- */

static void update_predictions(training_state *s, app *a, nn_model *view, const data_set *d)
{
    int classes = d->train.classes;
    int n = d->image_side ? GRID_IMAGES : d->test.n < MAX_TEST_PRED ? d->test.n : MAX_TEST_PRED;
    if (classes > 16 || nn_predict(view, d->test.x, n, s->pred) < 0) {
        app_error(a, "%s", nn_error());
        return;
    }
    s->pred_classes = classes;
    int right[16] = { 0 }, total[16] = { 0 };
    for (int i = 0; i < n; i++) {
        int best = scene_argmax(s->pred + i * classes, classes), y = (int)d->test.y[i];
        total[y]++;
        right[y] += best == y;
    }
    for (int c = 0; c < classes; c++)
        s->class_acc[c] = total[c] ? 100.0f * (float)right[c] / (float)total[c] : 0;
}

static void draw_images(training_state *s, app *a, ui_rect r, const data_set *d)
{
    ui_context *ui = a->ui;
    const ui_theme *th = &ui->theme;
    int cols = 4, rows = GRID_IMAGES / cols;
    float cw = r.w / (float)cols, lh = ui_line_height(ui, UI_FONT_SMALL);
    float side = fminf(cw - ui_px(ui, 8), r.h / (float)rows - lh - ui_px(ui, 6));
    for (int i = 0; i < GRID_IMAGES && i < d->test.n; i++) {
        int classes = s->pred_classes ? s->pred_classes : 1, y = (int)d->test.y[i];
        int best = scene_argmax(s->pred + i * classes, classes);
        float x = r.x + cw * (float)(i % cols) + (cw - side) / 2,
              yy = r.y + (side + lh + ui_px(ui, 6)) * (float)(i / cols);
        ui_rect ir = { x, yy, side, side };
        ui_draw_image(ui, ir, &s->img[i]);
        ui_id id = ui_get_id_int(ui, "sample", i);
        if (ui_interact(ui, id, ir))
            s->sample = i;
        ui_stroke_rect(ui, ui_rect_inset(ir, -2), s->sample == i ? 2 : 1,
                       s->sample == i ? th->accent : th->border);
        char buf[48];
        snprintf(buf, sizeof buf, "%s", s->pred_classes ? data_class_name(d, best) : "?");
        ui_draw_text_aligned(ui, UI_FONT_SMALL, buf, (ui_rect){ x - 10, yy + side + 2, side + 20, lh },
                             UI_CENTER,
                             !s->pred_classes ? th->text_dim
                             : best == y      ? th->good
                                              : th->bad);
    }
}

static void draw_class_bars(training_state *s, app *a, ui_rect r, const data_set *d)
{
    const ui_theme *th = &a->ui->theme;
    plot_bar bars[16];
    int n = d->train.classes < 16 ? d->train.classes : 16;
    for (int c = 0; c < n; c++)
        bars[c] = (plot_bar){ data_class_name(d, c), s->class_acc[c], c % 2 ? th->series[0] : th->positive };
    plot_bars(a->ui, r, NULL, bars, n, 0, 100, "%.0f %%");
}

/* ---- the code panel ------------------------------------------------------------------------------ */

/* The menus' indices of an edit's activation, optimizer and learning rate (an optimizer's Keras
 * default when the code names none); -1 with why when a menu has no such item or the lesson
 * locked that control. */
static int menus_of(const training_state *s, const trainer_config *next, int idx[4], char *why, size_t n)
{
    char rate[24], reg_rate[24];
    snprintf(reg_rate, sizeof reg_rate, "%g", next->reg != TRAINER_REG_NONE ? (double)next->reg_rate : 0.0);
    int sgd = strcmp(next->optimizer, "sgd") == 0;
    snprintf(rate, sizeof rate, "%g", next->learning_rate > 0 ? (double)next->learning_rate : sgd ? 0.01 : 0.001);
    idx[0] = next->hidden ? scene_menu_index(activations, N_ACT, next->activation, "activation", why, n) : s->act;
    idx[1] = idx[0] < 0 ? -1 : scene_menu_index(optimizers, N_OPT, next->optimizer, "optimizer", why, n);
    idx[2] = idx[1] < 0 ? -1 : scene_menu_index(rates, N_RATE, rate, "learning_rate", why, n);
    idx[3] = idx[2] < 0 ? -1 : scene_menu_index(lesson_reg_rates, LESSON_N_REG_RATES, reg_rate, "rate", why, n);
    if (idx[0] < 0 || idx[1] < 0 || idx[2] < 0 || idx[3] < 0)
        return -1;
    const trainer_config *c = &s->cfg;
    int same_layers = next->hidden == c->hidden && memcmp(next->units, c->units, sizeof c->units) == 0;
    unsigned moved = (same_layers ? 0 : C_LAYERS) | (idx[0] != s->act ? C_ACTIVATION : 0) |
                     (idx[1] != s->opt ? C_OPTIMIZER : 0) | (idx[2] != s->rate ? C_RATE : 0) |
                     (next->batch_size != c->batch_size ? C_BATCH : 0) | (next->epochs != c->epochs ? C_EPOCHS : 0);
    if (moved & s->locked & s->shown) {
        snprintf(why, n, TR("la leçon fixe ce réglage : il reste tel qu'il est", "the lesson fixes this setting: it stays as it is"));
        return -1;
    }
    return 0;
}

/* The code panel follows the settings; an edit that reads sets them and training starts again. */
static void follow_code(training_state *s, app *a, const data_set *data)
{
    scene_data_shape dd = scene_shape_of(data), *d = &dd;
    trainer_config next;
    if (scene_code_take(&s->code, &s->cfg, d, 1024, &next)) {
        char why[300];
        int idx[4];
        if (menus_of(s, &next, idx, why, sizeof why) < 0)
            code_panel_refuse(&s->code, 0, why);
        else {
            s->cfg = next;
            s->act = idx[0], s->opt = idx[1], s->rate = idx[2], s->reg_rate = idx[3];
            training_restart(s, a);
            scene_code_accept(&s->code, &s->cfg, d);
        }
    }
    scene_code_follow(&s->code, &s->cfg, d);
}

static code_panel *code(void *p)
{
    training_state *s = p;
    return &s->code;
}

static trainer *trainer_of(void *p)
{
    training_state *s = p;
    return s->base.t;
}

/* ---- the frame ---------------------------------------------------------------------------------- */

/* Where the panels go, below the toolbar. */
typedef struct training_layout {
    ui_rect left;                  /* the data and the model */
    ui_rect mid;                   /* the network */
    ui_rect pred, loss, acc;       /* what it predicts, its curves; acc.w 0: no accuracy chart */
} training_layout;

/* Three columns at the desk: the controls, the network, then the output above the curves: the
 * output square and at least 300 pixels at 1280×800, the loss chart at least 120 tall. A narrow
 * area (demo mode's large type) keeps the controls' width, puts the network beside the output and
 * the loss curve under both: the accuracy is left out, as it is for a plane (Playground's loss). */
static training_layout layout_panels(ui_context *ui, ui_rect area, int plane)
{
    float gap = ui_px(ui, 12);
    int compact = area.w < ui_px(ui, 860);
    float cw = compact ? fminf(ui_px(ui, 228), area.w * 0.36f) : fminf(ui_px(ui, 214), area.w * 0.24f);
    training_layout l = { .left = { area.x, area.y, cw, area.h } };
    if (compact) {
        float rx = l.left.x + cw + gap, rw = area.x + area.w - rx;
        /* the network gets the most: Playground's drawing is the lesson */
        float top_h = (area.h - gap) * 0.62f, pw = fminf(top_h - ui_px(ui, 50), (rw - gap) * 0.42f);
        l.mid = (ui_rect){ rx, area.y, rw - pw - gap, top_h };
        l.pred = (ui_rect){ rx + rw - pw, area.y, pw, top_h };
        l.loss = (ui_rect){ rx, area.y + top_h + gap, rw, area.h - top_h - gap };
        return l;
    }
    float rw = fmaxf(ui_px(ui, 330), fminf(area.w * 0.37f, ui_px(ui, 380)));
    ui_rect right = { area.x + area.w - rw, area.y, rw, area.h };
    l.mid = (ui_rect){ l.left.x + cw + gap, area.y, right.x - gap - (l.left.x + cw + gap), area.h };
    /* the output: its map as wide as the column, with the panel's title and toggles */
    float top_h = plane ? fminf(right.w + ui_px(ui, 72), right.h - ui_px(ui, 150) - gap)
                        : fminf(right.w, right.h * 0.46f);
    l.pred = (ui_rect){ right.x, right.y, right.w, top_h };
    float rest = right.h - top_h - gap;
    if (plane)
        l.loss = (ui_rect){ right.x, l.pred.y + top_h + gap, right.w, rest };
    else {
        l.loss = (ui_rect){ right.x, l.pred.y + top_h + gap, right.w, (rest - gap) / 2 };
        l.acc = (ui_rect){ right.x, l.loss.y + l.loss.h + gap, right.w, (rest - gap) / 2 };
    }
    return l;
}

/* The views follow the trainer's model: the network's drawing set up once (with the map's grid
 * and the test images), new weights read when the trainer publishes them, the maps and the
 * predictions computed again, and the chosen sample run through the network. -1 when the
 * drawing's memory could not be had (the error dialog says so). */
static int follow_model(training_state *s, app *a, nn_model *view, const data_set *d, int plane)
{
    if (!s->nv_ready) {
        if (scene_netview_set(a, &s->nv, view, 0) < 0)
            return -1;
        s->nv_ready = 1;
        s->weights_fresh = 1;
        s->maps_ready = 0;
        const data_set *pd = plane ? training_plane_data(s) : NULL;
        if (pd)
            scene_map_init(&s->map, pd);
        if (d->image_side == 28)
            scene_gray_images(&s->img_rgba[0][0], s->img, d->test.x,
                              d->test.n < GRID_IMAGES ? d->test.n : GRID_IMAGES, 28);
    }
    if (trainer_sync_view(s->base.t) > 0) {
        netview_read_weights(&s->nv, view);
        s->weights_fresh = 1;
        s->sample_shown = -1;
    }
    /* the predictions cost more than a frame allows on big models: at most 8 times a second */
    if (s->weights_fresh && scene_throttle(a, &s->last_map, 0.125)) {
        if (plane && training_output_map(s, view, &a->ui->theme) < 0)
            app_error(a, "%s", nn_error());
        if (plane)
            training_node_maps(s, view, &a->ui->theme);
        if (d->train.classes > 0)
            update_predictions(s, a, view, d);
        s->weights_fresh = 0;
    }
    if (s->sample_shown != s->sample) {
        int i = s->sample < d->test.n ? s->sample : 0;
        if (netview_forward(&s->nv, view, d->test.x + (size_t)i * d->test.dim) == 0)
            s->sample_shown = s->sample;
    }
    return 0;
}

/* What the model predicts, by kind of data: the map of a plane, the test images with their
 * predicted class, or the accuracy of each class of a table. */
static void draw_predictions(training_state *s, app *a, ui_rect r, const data_set *d, int plane)
{
    const data_set *pd = plane && d && s->nv_ready ? training_plane_data(s) : NULL;
    if (pd) {
        training_output(s, a, r, pd);
        return;
    }
    const char *ptitle = d && d->image_side == 28 ? TR("Images de test", "Test images")
                                                  : TR("Exactitude par classe (validation)", "Accuracy per class (validation)");
    const char *pshort = d && d->image_side == 28 ? TR("Test", "Test") : TR("Par classe", "Per class");
    ui_rect pin = scene_panel(a->ui, r, ptitle, pshort);
    if (!d || !s->nv_ready)
        return;
    if (d->image_side == 28)
        draw_images(s, a, pin, d);
    else
        draw_class_bars(s, a, pin, d);
}

/* The race: the twin on the Vulkan engine plays, pauses and steps with the scene's trainer, and a
 * line under the toolbar says how fast each goes. */
static void race_line(training_state *s, app *a, ui_rect *area, scene_action act)
{
    if (!s->twin)
        return;
    ui_context *ui = a->ui;
    scene_poll_trainer(a, s->twin, &s->twin_st);
    if (act != SCENE_NONE && act != SCENE_RESET)
        scene_apply(s->twin, act, &s->twin_st);
    const trainer_stats *c = &s->base.st, *g = &s->twin_st;
    char buf[256];
    snprintf(buf, sizeof buf,
             TR("Course · CPU : époque %d, %.0f exemples/s · %s : époque %d, %.0f exemples/s%s%s",
                "Race · CPU: epoch %d, %.0f samples/s · %s: epoch %d, %.0f samples/s%s%s"),
             c->epochs_done, c->seconds > 0 ? (double)c->samples / c->seconds : 0.0,
             trainer_backend(s->twin) && strcmp(trainer_backend(s->twin), "vulkan") == 0 ? "GPU (Vulkan)" : "CPU",
             g->epochs_done, g->seconds > 0 ? (double)g->samples / g->seconds : 0.0, g->notice[0] ? " · " : "",
             g->notice);
    float h = ui_line_height(ui, UI_FONT_SMALL) + ui_px(ui, 6);
    ui_push_clip(ui, (ui_rect){ area->x, area->y, area->w, h });
    ui_draw_text(ui, UI_FONT_SMALL, buf, -1, area->x, area->y, ui->theme.text_dim);
    ui_pop_clip(ui);
    area->y += h, area->h -= h;
}

static int play(void *p, app *a)
{
    training_state *s = p;
    int running = s->base.st.state == TRAINER_RUNNING;
    int rc = scene_trained_play(p, a);
    if (s->twin)
        running ? trainer_pause(s->twin) : trainer_play(s->twin);
    return rc;
}

static void leave(void *p, app *a)
{
    training_state *s = p;
    scene_trained_leave(p, a);
    if (s->twin)
        trainer_pause(s->twin);
}

static void frame(void *p, app *a, ui_rect area)
{
    training_state *s = p;
    ui_context *ui = a->ui;
    scene_poll_trainer(a, s->base.t, &s->base.st);
    /* reset, or any button when the trainer could not start: training starts again */
    scene_action act = scene_toolbar_top(ui, &area, s->base.t, &s->base.st);
    if (act == SCENE_RESET || (!s->base.t && act != SCENE_NONE))
        training_restart(s, a);
    race_line(s, a, &area, act);
    open_table(s, a);
    int plane = training_is_plane(s);
    training_layout l = layout_panels(ui, area, plane);
    if (training_controls(s, a, scene_panel(ui, l.left, TR("Données et modèle", "Data and model"),
                                            TR("Réglages", "Settings"))))
        training_restart(s, a);

    const data_set *d = s->base.t ? trainer_data(s->base.t) : NULL;
    if (d)
        follow_code(s, a, d); /* an edit may start a new trainer: read the view after it */
    d = s->base.t ? trainer_data(s->base.t) : NULL;
    nn_model *view = s->base.t ? trainer_view(s->base.t) : NULL;
    if (view && d && follow_model(s, a, view, d, plane) < 0)
        return;
    if (training_network(s, a, l.mid, d, plane)) {
        training_restart(s, a);
        d = s->base.t ? trainer_data(s->base.t) : NULL; /* the old trainer's data is freed */
    }
    draw_predictions(s, a, l.pred, d, plane);
    scene_loss_chart(ui, app_panel(ui, l.loss, NULL), &s->base.st, NULL);
    if (l.acc.w > 0)
        scene_accuracy_chart(ui, app_panel(ui, l.acc, NULL), &s->base.st, NULL);
}

static void advance(void *p, app *a, int steps)
{
    training_state *s = p;
    open_table(s, a); /* --open FILE.csv --steps K: the steps train on the file */
    scene_trained_advance(p, a, steps);
    if (s->twin)
        scene_run_trainer(a, s->twin, &s->twin_st, steps);
}

SCENE_CLASS_WITH_CODE(training);
