/* scene_training.c — train a model and watch it learn, after TensorFlow Playground.
 *
 * Left: the dataset and the model (layers and units, activation, optimizer, learning rate,
 * batch size, epochs). Middle: the network, live. Right: what the model predicts (the decision
 * map of a 2-D set, test images with their predicted class, or the accuracy of each class of a
 * table), then the loss and accuracy curves. Changing the data or the model starts again, as in
 * Playground. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "lang.h"
#include "netview.h"
#include "plot.h"
#include "scene_common.h"

enum { GRID_IMAGES = 12, MAX_TEST_PRED = 400 };

/* The menus: the course table's lists, which the lesson's directives are checked against. */
static const char *const *const optimizers = lesson_optimizers;
static const char *const *const activations = lesson_hidden_activations;
static const char *const *const rates = lesson_learning_rates;
static const float paces[] = { 5, 25, 100, 0 };
enum { N_OPT = LESSON_N_OPTIMIZERS, N_ACT = LESSON_N_HIDDEN_ACTIVATIONS, N_RATE = LESSON_N_LEARNING_RATES, N_PACE = 4 };

typedef struct training_state {
    scene_trained base;            /* first: the scene_trained_* functions see it */
    trainer_config cfg;
    int dataset, act, opt, rate;   /* menu indices */
    int speed;                     /* paces[speed] epochs a second */
    int headless;
    netview nv;
    int nv_ready;
    int sample;                    /* the test sample shown in the network */
    int sample_shown;
    int weights_fresh;             /* the view's weights changed since the last map */
    double last_map;
    scene_map map;                 /* the decision map of a 2-D set */
    /* test images and their predictions */
    uint8_t img_rgba[GRID_IMAGES][28 * 28 * 4];
    ui_image img[GRID_IMAGES];
    float *pred;                   /* (MAX_TEST_PRED, classes) */
    int pred_classes;
    float class_acc[16];
    int show_test;
    unsigned shown, locked;        /* the lesson's @controls and @lock: bits of lesson_training_controls */
    code_panel code;               /* the model as Keras code */
} training_state;

/* The controls a lesson can show or lock (@controls, @lock), in the panel's order: bit i is
 * lesson_training_controls[i]. */
enum {
    C_DATASET = 1,
    C_LAYERS = 2,
    C_ACTIVATION = 4,
    C_OPTIMIZER = 8,
    C_RATE = 16,
    C_BATCH = 32,
    C_EPOCHS = 64,
    C_SPEED = 128,
    N_CONTROLS = LESSON_N_CONTROLS
};

/* ---- configuration ------------------------------------------------------------------------------ */

/* Defaults that train well for each kind of data. */
static void defaults_for(training_state *s, const char *dataset)
{
    trainer_config *c = &s->cfg;
    snprintf(c->dataset, sizeof c->dataset, "%s", dataset);
    s->dataset = scene_index_of(data_names, DATA_NAMES, dataset);
    if (data_is_playground(dataset)) {
        c->hidden = 2, c->units[0] = 8, c->units[1] = 8;
        s->act = scene_index_of(activations, N_ACT, "tanh");
        s->rate = scene_index_of(rates, N_RATE, "0.01");
        c->batch_size = 10, c->epochs = 200;
        s->speed = 1;
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

static void sync_config(training_state *s)
{
    trainer_config *c = &s->cfg;
    snprintf(c->dataset, sizeof c->dataset, "%s", data_names[s->dataset]);
    snprintf(c->activation, sizeof c->activation, "%s", activations[s->act]);
    snprintf(c->optimizer, sizeof c->optimizer, "%s", optimizers[s->opt]);
    c->learning_rate = strtof(rates[s->rate], NULL);
    c->seed = 1;
    /* headless runs go as fast as they can: --steps counts batches, not seconds */
    c->pace = s->headless ? 0 : paces[s->speed];
}

static void restart(training_state *s, app *a)
{
    trainer_free(s->base.t);
    sync_config(s);
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
    defaults_for(s, data_names[cfg->dataset]);
    configure(s, cfg);
    for (int i = 0; i < GRID_IMAGES; i++)
        s->img[i] = (ui_image){ .rgba = s->img_rgba[i], .w = 28, .h = 28 };
    s->pred = malloc((size_t)MAX_TEST_PRED * 16 * sizeof *s->pred);
    if (!s->pred) {
        free(s);
        return NULL;
    }
    s->show_test = 0;
    restart(s, a);
    scene_autoplay(a, cfg, s->base.t);
    return s;
}

static void destroy(void *p)
{
    training_state *s = p;
    trainer_free(s->base.t);
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

static void draw_map(training_state *s, app *a, ui_rect r, const data_set *d)
{
    ui_context *ui = a->ui;
    float x[2];
    int hovered = scene_map_toggle(ui, r, &s->map, d, &s->show_test, 1,
                                   TR("montrer les données de test", "show the test data"),
                                   TR("données de test", "test data"), x);
    /* hovering the map runs the network on that point */
    nn_model *view = trainer_view(s->base.t);
    if (hovered && view && s->nv_ready && netview_forward(&s->nv, view, x) == 0) {
        char buf[96];
        int last = s->nv.n_cols - 1;
        snprintf(buf, sizeof buf, "x1 = %.2f, x2 = %.2f\nP(%s) = %.2f", (double)x[0], (double)x[1],
                 TR("bleu", "blue"), (double)s->nv.act[last][1]);
        ui_tooltip_now(ui, buf);
        s->sample_shown = -2; /* the next frame shows the chosen sample again */
    }
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
static int menus_of(const training_state *s, const trainer_config *next, int idx[3], char *why, size_t n)
{
    char rate[24];
    int sgd = strcmp(next->optimizer, "sgd") == 0;
    snprintf(rate, sizeof rate, "%g", next->learning_rate > 0 ? (double)next->learning_rate : sgd ? 0.01 : 0.001);
    idx[0] = next->hidden ? scene_menu_index(activations, N_ACT, next->activation, "activation", why, n) : s->act;
    idx[1] = idx[0] < 0 ? -1 : scene_menu_index(optimizers, N_OPT, next->optimizer, "optimizer", why, n);
    idx[2] = idx[1] < 0 ? -1 : scene_menu_index(rates, N_RATE, rate, "learning_rate", why, n);
    if (idx[0] < 0 || idx[1] < 0 || idx[2] < 0)
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
        int idx[3];
        if (menus_of(s, &next, idx, why, sizeof why) < 0)
            code_panel_refuse(&s->code, 0, why);
        else {
            s->cfg = next;
            s->act = idx[0], s->opt = idx[1], s->rate = idx[2];
            restart(s, a);
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

/* ---- the frame ---------------------------------------------------------------------------------- */

/* A control that the lesson locked (@lock): its label and value, not to be changed. */
static void fixed_value(ui_context *ui, const char *label, const char *value)
{
    ui_rect r = ui_next(ui);
    float lw = ui_px(ui, ui->label_w);
    int n = strstr(label, "##") ? (int)(strstr(label, "##") - label) : (int)strlen(label);
    char buf[64];
    snprintf(buf, sizeof buf, "%.*s", n, label);
    ui_draw_text_aligned(ui, UI_FONT_BODY, buf, (ui_rect){ r.x, r.y, lw, r.h }, UI_LEFT, ui->theme.text);
    ui_draw_text_aligned(ui, UI_FONT_BOLD, value, (ui_rect){ r.x + lw, r.y, r.w - lw, r.h }, UI_LEFT,
                         ui->theme.text_dim);
}

/* The dataset's menu (@controls, @lock permitting); 1 when the student picked another set, whose
 * defaults then replace the model's settings. */
static int dataset_control(training_state *s, ui_context *ui, unsigned show, unsigned lock)
{
    const ui_theme *th = &ui->theme;
    int changed = 0;
    if ((show | lock) & C_DATASET)
        ui_label_font(ui, UI_FONT_SMALL, TR("DONNÉES", "DATA"), th->text_dim);
    const char *labels[DATA_NAMES];
    for (int i = 0; i < DATA_NAMES; i++)
        labels[i] = data_label(data_names[i]);
    int ds = s->dataset;
    if (lock & C_DATASET)
        ui_label_font(ui, UI_FONT_BOLD, labels[ds], th->text_dim);
    else if ((show & C_DATASET) && ui_dropdown(ui, "##dataset", &ds, labels, DATA_NAMES)) {
        defaults_for(s, data_names[ds]);
        changed = 1;
    }
    return changed;
}

/* The hidden layers: how many, then each one's units ("units 2##units1": the IDs stay the same
 * whatever the language). Locked, the widths in one line: "32-16". */
static int layers_control(training_state *s, ui_context *ui, unsigned show, unsigned lock)
{
    int changed = 0;
    if (lock & C_LAYERS) {
        char units[96] = "";
        for (int i = 0; i < s->cfg.hidden; i++)
            snprintf(units + strlen(units), sizeof units - strlen(units), "%s%d", i ? "-" : "",
                     s->cfg.units[i]);
        fixed_value(ui, TR("couches", "layers"), s->cfg.hidden ? units : "0");
    } else if (show & C_LAYERS) {
        changed |= ui_number(ui, TR("couches", "layers"), &s->cfg.hidden, 0, TRAINER_MAX_LAYERS, 1);
        for (int i = 0; i < s->cfg.hidden; i++) {
            if (s->cfg.units[i] <= 0)
                s->cfg.units[i] = i > 0 ? s->cfg.units[i - 1] : 8;
            char label[40];
            snprintf(label, sizeof label, TR("  neurones %d##units%d", "  units %d##units%d"), i + 1, i);
            int u = s->cfg.units[i];
            changed |= ui_number(ui, label, &s->cfg.units[i], 1, 1024, u < 16 ? 1 : 0);
        }
    }
    return changed;
}

/* activation, optimizer, learning_rate, batch_size and epochs, each a widget or a fixed value. */
static int fit_controls(training_state *s, ui_context *ui, unsigned show, unsigned lock)
{
    int changed = 0;
    char num[24];
    if (lock & C_ACTIVATION)
        fixed_value(ui, "activation", activations[s->act]);
    else if (show & C_ACTIVATION)
        changed |= ui_dropdown(ui, "activation", &s->act, activations, N_ACT);
    if (lock & C_OPTIMIZER)
        fixed_value(ui, TR("optimiseur##opt", "optimizer##opt"), optimizers[s->opt]);
    else if (show & C_OPTIMIZER)
        changed |= ui_dropdown(ui, TR("optimiseur##opt", "optimizer##opt"), &s->opt, optimizers, N_OPT);
    if (lock & C_RATE)
        fixed_value(ui, "learning_rate", rates[s->rate]);
    else if (show & C_RATE)
        changed |= ui_dropdown(ui, "learning_rate", &s->rate, rates, N_RATE);
    snprintf(num, sizeof num, "%d", s->cfg.batch_size);
    if (lock & C_BATCH)
        fixed_value(ui, "batch_size", num);
    else if (show & C_BATCH)
        changed |= ui_number(ui, "batch_size", &s->cfg.batch_size, 1, 1024, 0);
    snprintf(num, sizeof num, "%d", s->cfg.epochs);
    if (lock & C_EPOCHS)
        fixed_value(ui, "epochs", num);
    else if (show & C_EPOCHS)
        changed |=
            ui_number(ui, "epochs", &s->cfg.epochs, 1, TRAINER_MAX_EPOCHS, s->cfg.epochs < 10 ? 1 : 10);
    return changed;
}

/* The pace changes the running trainer: the model stays as it is. */
static void speed_control(training_state *s, ui_context *ui, unsigned show, unsigned lock)
{
    const char *speeds[N_PACE] = { TR("lente", "slow"), TR("normale", "normal"), TR("rapide", "fast"),
                                   "max" };
    if (lock & C_SPEED)
        fixed_value(ui, TR("vitesse", "speed"), speeds[s->speed]);
    else if ((show & C_SPEED) && ui_dropdown(ui, TR("vitesse", "speed"), &s->speed, speeds, N_PACE) &&
             s->base.t)
        trainer_set_pace(s->base.t, s->headless ? 0 : paces[s->speed]);
}

/* The left panel's widgets in r; 1 when the data or the model changed (training starts again). */
static int model_controls(training_state *s, app *a, ui_rect r)
{
    ui_context *ui = a->ui;
    const ui_theme *th = &ui->theme;
    unsigned show = s->shown & ~s->locked, lock = s->shown & s->locked;
    ui_layout_begin(ui, r);
    /* the labels' column: as wide as the longest label in the current type (demo mode's is larger) */
    ui->label_w = fmaxf(98, ui_text_width(ui, UI_FONT_BODY, "learning_rate", -1) / ui->scale + 8);
    int changed = dataset_control(s, ui, show, lock);
    ui_space(ui, 4);
    ui_label_font(ui, UI_FONT_SMALL, TR("MODÈLE", "MODEL"), th->text_dim);
    changed |= layers_control(s, ui, show, lock);
    changed |= fit_controls(s, ui, show, lock);
    speed_control(s, ui, show, lock);
    ui_space(ui, 8);
    if (s->base.t) {
        nn_model *view = trainer_view(s->base.t);
        if (view) {
            char buf[80];
            snprintf(buf, sizeof buf, TR("%ld paramètres", "%ld parameters"), nn_count_params(view));
            ui_label_font(ui, UI_FONT_SMALL, buf, th->text_dim);
        }
    }
    ui->label_w = 0;
    ui_layout_end(ui);
    return changed;
}

/* Where the panels go, below the toolbar. */
typedef struct training_layout {
    ui_rect left;                  /* the data and the model */
    ui_rect mid;                   /* the network */
    ui_rect pred, loss, acc;       /* what it predicts, its curves; acc.w 0: no accuracy chart */
} training_layout;

/* Three columns at the desk: the controls, the network, then the map above the curves. A narrow
 * area (demo mode's large type) keeps the controls' width, puts the network beside the map and
 * the loss curve under both, as wide as they are: the accuracy is left out. */
static training_layout layout_panels(ui_context *ui, ui_rect area)
{
    float gap = ui_px(ui, 12);
    int compact = area.w < ui_px(ui, 860);
    float cw = compact ? fminf(ui_px(ui, 228), area.w * 0.36f) : fminf(ui_px(ui, 228), area.w * 0.26f);
    training_layout l = { .left = { area.x, area.y, cw, area.h } };
    if (compact) {
        float rx = l.left.x + cw + gap, rw = area.x + area.w - rx;
        float top_h = (area.h - gap) * 0.56f, pw = fminf(top_h, (rw - gap) * 0.5f);
        l.mid = (ui_rect){ rx, area.y, rw - pw - gap, top_h };
        l.pred = (ui_rect){ rx + rw - pw, area.y, pw, top_h };
        l.loss = (ui_rect){ rx, area.y + top_h + gap, rw, area.h - top_h - gap };
        l.acc = (ui_rect){ 0 };
    } else {
        float rw = fminf(area.w * 0.34f, ui_px(ui, 360));
        ui_rect right = { area.x + area.w - rw, area.y, rw, area.h };
        l.mid = (ui_rect){ l.left.x + cw + gap, area.y, right.x - gap - (l.left.x + cw + gap), area.h };
        /* the right column: predictions, then the curves */
        float top_h = fminf(right.w, right.h * 0.46f);
        l.pred = (ui_rect){ right.x, right.y, right.w, top_h };
        float ch = (right.h - top_h - 2 * gap) / 2;
        l.loss = (ui_rect){ right.x, l.pred.y + l.pred.h + gap, right.w, ch };
        l.acc = (ui_rect){ right.x, l.loss.y + ch + gap, right.w, ch };
    }
    return l;
}

/* The views follow the trainer's model: the network's drawing set up once (with the map's grid
 * and the test images), new weights read when the trainer publishes them, the predictions
 * computed again, and the chosen sample run through the network. -1 when the drawing's memory
 * could not be had (the error dialog says so). */
static int follow_model(training_state *s, app *a, nn_model *view, const data_set *d, int two_d)
{
    if (!s->nv_ready) {
        if (scene_netview_set(a, &s->nv, view, 0) < 0)
            return -1;
        s->nv_ready = 1;
        s->weights_fresh = 1;
        if (two_d)
            scene_map_init(&s->map, d);
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
        if (two_d && scene_map_update(&s->map, view, &a->ui->theme) < 0)
            app_error(a, "%s", nn_error());
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

/* The network's panel: the live drawing, its inputs and classes named where there is room. */
static void draw_network(training_state *s, app *a, ui_rect r, const data_set *d, int two_d)
{
    ui_context *ui = a->ui;
    ui_rect net = app_panel(ui, r, TR("Le réseau", "The network"));
    if (!s->nv_ready || !d) {
        ui_draw_text_aligned(ui, UI_FONT_BODY,
                             s->base.st.state == TRAINER_LOADING ? TR("Chargement…", "Loading…") : "", net,
                             UI_CENTER, ui->theme.text_dim);
        return;
    }
    char names_buf[2][8] = { "x1", "x2" };
    const char *in_names[2] = { names_buf[0], names_buf[1] };
    const char *out_names[16];
    for (int c = 0; c < d->train.classes && c < 16; c++)
        out_names[c] = data_class_name(d, c);
    netview_args na = { .reveal = -1,
                        .input_names = two_d ? in_names : NULL,
                        .output_names = d->train.classes <= 16 ? out_names : NULL,
                        .input_image = d->image_side == 28 && s->sample < GRID_IMAGES ? &s->img[s->sample] : NULL,
                        .compact = 1 };
    if (two_d) {
        static const char *const playground_classes[2] = { "orange", "bleu" };
        static const char *const playground_classes_en[2] = { "orange", "blue" };
        na.output_names = lang_current() == LANG_EN ? playground_classes_en : playground_classes;
    }
    /* a narrow panel (demo mode) leaves the columns no room beside the names: the map's
     * colours name the classes there */
    if (net.w < ui_px(ui, 300))
        na.input_names = NULL, na.output_names = NULL;
    netview_draw(ui, net, &s->nv, &na);
}

/* What the model predicts, by kind of data: the decision map of a 2-D set, the test images with
 * their predicted class, or the accuracy of each class of a table. */
static void draw_predictions(training_state *s, app *a, ui_rect r, const data_set *d, int two_d)
{
    const char *ptitle = two_d ? TR("Ce que le modèle prédit", "What the model predicts")
                         : d && d->image_side == 28
                             ? TR("Images de test", "Test images")
                             : TR("Précision par classe (test)", "Accuracy per class (test)");
    const char *pshort = two_d ? TR("Prédiction", "Prediction")
                         : d && d->image_side == 28 ? TR("Test", "Test")
                                                    : TR("Par classe", "Per class");
    ui_rect pin = scene_panel(a->ui, r, ptitle, pshort);
    if (!d || !s->nv_ready)
        return;
    if (two_d)
        draw_map(s, a, pin, d);
    else if (d->image_side == 28)
        draw_images(s, a, pin, d);
    else
        draw_class_bars(s, a, pin, d);
}

static void frame(void *p, app *a, ui_rect area)
{
    training_state *s = p;
    ui_context *ui = a->ui;
    scene_poll_trainer(a, s->base.t, &s->base.st);
    /* reset, or any button when the trainer could not start: training starts again */
    scene_action act = scene_toolbar_top(ui, &area, s->base.t, &s->base.st);
    if (act == SCENE_RESET || (!s->base.t && act != SCENE_NONE))
        restart(s, a);
    training_layout l = layout_panels(ui, area);
    if (model_controls(s, a,
                       scene_panel(ui, l.left, TR("Données et modèle", "Data and model"), TR("Réglages", "Settings"))))
        restart(s, a);

    const data_set *d = s->base.t ? trainer_data(s->base.t) : NULL;
    if (d)
        follow_code(s, a, d); /* an edit may start a new trainer: read the view after it */
    d = s->base.t ? trainer_data(s->base.t) : NULL;
    nn_model *view = s->base.t ? trainer_view(s->base.t) : NULL;
    int two_d = d && d->train.dim == 2 && !d->image_side;
    if (view && d && follow_model(s, a, view, d, two_d) < 0)
        return;
    draw_network(s, a, l.mid, d, two_d);
    draw_predictions(s, a, l.pred, d, two_d);
    scene_loss_chart(ui, app_panel(ui, l.loss, NULL), &s->base.st, NULL);
    if (l.acc.w > 0)
        scene_accuracy_chart(ui, app_panel(ui, l.acc, NULL), &s->base.st, NULL);
}

SCENE_CLASS_TRAINED_WITH_CODE(training);
