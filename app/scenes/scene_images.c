/* scene_images.c — images, as the course's notebooks show them: a grid of samples with their
 * class names; a prediction view (the image, the predicted class with its confidence, the ten
 * probabilities as bars, blue when right and red when wrong); a grid of test images with their
 * predictions; and a canvas where the student draws a digit and watches the MNIST model's
 * prediction and activations change as the strokes go down.
 *
 * The model is the course's: Flatten, Dense(128, relu), Dense(10) with a softmax, trained in the
 * background on Fashion-MNIST or on MNIST digits (the canvas uses the digits' model). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang.h"
#include "scene_images.h"

_Static_assert((int)N_TABS == (int)LESSON_N_IMAGE_TABS && (int)N_SETS == (int)LESSON_N_IMAGE_SETS, "the course table's tabs and sets");

static const char *const *const set_names = lesson_image_sets;


/* ---- trainers ----------------------------------------------------------------------------------- */

static trainer *get_trainer(images_state *s, app *a, int set)
{
    if (s->tr[set])
        return s->tr[set];
    s->tr[set] = scene_create_trainer(a, &s->cfg[set]);
    return s->tr[set];
}

static void *create(app *a, const lesson_config *cfg)
{
    images_state *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    code_panel_start(&s->code, cfg->code);
    s->headless = a->headless;
    s->set = cfg->dataset; /* lesson_image_sets: fashion_mnist, mnist */
    for (int i = 0; i < N_SETS; i++) {
        /* the course's model: Flatten (784 inputs) → Dense(128, relu) → Dense(10, softmax) */
        s->cfg[i] = (trainer_config){ .hidden = 1, .units = { 128 }, .activation = "relu", .optimizer = "adam",
                                      .learning_rate = 0.001f, .batch_size = 32, .epochs = 10, .seed = 1 };
        snprintf(s->cfg[i].dataset, sizeof s->cfg[i].dataset, "%s", set_names[i]);
    }
    s->tab = TAB_PREDICT;
    /* @tab: the lesson's page i opens tab i */
    s->n_tab_pages = scene_tab_pages(cfg, s->tab_of_page);
    s->samples = cfg->samples;
    s->last_page = -1;
    s->grid_key = s->tests_key = -1;
    for (int i = 0; i < GRID; i++)
        s->grid[i] = (ui_image){ .rgba = s->grid_rgba[i], .w = SIDE, .h = SIDE };
    for (int i = 0; i < TESTS; i++)
        s->test_img[i] = (ui_image){ .rgba = s->test_rgba[i], .w = SIDE, .h = SIDE };
    s->canvas_img = (ui_image){ .rgba = s->canvas_rgba, .w = SIDE, .h = SIDE };
    s->input_img = (ui_image){ .rgba = s->input_rgba, .w = SIDE, .h = SIDE };
    s->canvas_dirty = 1;
    for (int i = 0; i < N_SETS; i++)
        images_views_init(&s->v[i]);
    /* @play: the model trains from the start (not in screenshots, which step it themselves) */
    scene_autoplay(a, cfg, get_trainer(s, a, s->set));
    return s;
}

static void destroy(void *p)
{
    images_state *s = p;
    for (int i = 0; i < N_SETS; i++)
        trainer_free(s->tr[i]);
    netview_free(&s->nv);
    for (int i = 0; i < N_SETS; i++)
        images_views_free(&s->v[i]);
    free(s);
}

static void leave(void *p, app *a)
{
    images_state *s = p;
    (void)a;
    for (int i = 0; i < N_SETS; i++)
        if (s->tr[i])
            trainer_pause(s->tr[i]);
}

/* The set whose model the current tab shows: the canvas always uses the digits. */
static int shown_set(const images_state *s)
{
    return s->tab == TAB_DRAW ? DIGITS : s->set;
}

static int play(void *p, app *a)
{
    images_state *s = p;
    trainer *t = get_trainer(s, a, shown_set(s));
    if (!t)
        return 0;
    return scene_toggle_trainer(t, &s->st[shown_set(s)]);
}

static void advance(void *p, app *a, int steps)
{
    images_state *s = p;
    scene_page_tab(a, &s->last_page, s->tab_of_page, s->n_tab_pages, &s->tab);
    if (s->tab == TAB_DRAW && !s->drawn)
        images_draw_demo(s);
    scene_run_trainer(a, get_trainer(s, a, shown_set(s)), &s->st[shown_set(s)], steps);
}

/* ---- views -------------------------------------------------------------------------------------- */

/* Ten bars: all grey, the predicted class red when wrong, the true class blue. As the notebook's
 * plot_value_array. truth -1: no true class (a drawing). */
void images_bars(ui_context *ui, ui_rect r, const float *p, int n, int truth, int labels)
{
    const ui_theme *th = &ui->theme;
    static const char *const digits[10] = { "0", "1", "2", "3", "4", "5", "6", "7", "8", "9" };
    plot_bar b[10];
    int best = scene_argmax(p, n);
    for (int i = 0; i < n && i < 10; i++) {
        ui_color c = ui_mix(th->panel, th->text_dim, 0.55f);
        if (i == best)
            c = truth < 0 || truth == best ? th->good : th->bad;
        if (i == truth)
            c = th->good;
        b[i] = (plot_bar){ labels ? digits[i] : NULL, p[i], c };
    }
    plot_bars(ui, r, NULL, b, n < 10 ? n : 10, 0, 1, NULL);
}

/* "Bottine 93 % (Bottine)": the prediction, its confidence, the truth; blue or red. */
static void prediction_caption(ui_context *ui, ui_rect r, const data_set *d, const float *p, int truth,
                               int font)
{
    const ui_theme *th = &ui->theme;
    int best = scene_argmax(p, d->train.classes);
    char full[96], shorter[64], pct[16], both[96], truth_only[64];
    snprintf(full, sizeof full, "%s %.0f %% (%s)", data_class_name(d, best), (double)p[best] * 100,
             data_class_name(d, truth));
    snprintf(shorter, sizeof shorter, "%s %.0f %%", data_class_name(d, best), (double)p[best] * 100);
    snprintf(pct, sizeof pct, "%.0f %%", (double)p[best] * 100);
    snprintf(both, sizeof both, "%s (%s)", data_class_name(d, best), data_class_name(d, truth));
    snprintf(truth_only, sizeof truth_only, TR("vrai : %s", "true: %s"), data_class_name(d, truth));
    /* narrow cells (demo mode): a right answer drops its truth (the colour says it is right), then
     * its name; a wrong one keeps its truth, which is the point of showing it (in red, the truth's
     * name alone says "wrong, it was this"): the confidence goes first, then the guess */
    const char *buf = best == truth || truth < 0
                          ? scene_fit(ui, font, r.w, 3, (const char *const[]){ full, shorter, pct })
                          : scene_fit(ui, font, r.w, 5,
                                      (const char *const[]){ full, both, truth_only, data_class_name(d, truth), pct });
    ui_push_clip(ui, r);
    ui_draw_text_aligned(ui, font, buf, r, UI_CENTER, best == truth ? th->good : th->bad);
    ui_pop_clip(ui);
}

static void samples_tab(images_state *s, app *a, ui_rect r, const data_set *d)
{
    ui_context *ui = a->ui;
    const ui_theme *th = &ui->theme;
    ui_rect in =
        app_panel(ui, r, TR("Les images d'entraînement et leur classe", "Training images and their class"));
    float foot = ui_px(ui, 30);
    int n = d->train.n;
    int key = s->set * 1000000 + s->first, shown = s->samples;
    if (key != s->grid_key) {
        for (int i = 0; i < shown; i++) {
            int k = (s->first + i) % n;
            scene_gray_image(s->grid_rgba[i], d->train.x + (size_t)k * PIXELS, SIDE);
            ui_image_touch(&s->grid[i]);
        }
        s->grid_key = key;
    }
    int cols = 5, rows = (shown + cols - 1) / cols;
    float lh = ui_line_height(ui, UI_FONT_SMALL);
    float cw = in.w / (float)cols, ch = (in.h - foot) / (float)rows;
    float side = fminf(cw - ui_px(ui, 12), ch - lh - ui_px(ui, 8));
    for (int i = 0; i < shown; i++) {
        int k = (s->first + i) % n;
        float x = in.x + cw * (float)(i % cols) + (cw - side) / 2, y = in.y + ch * (float)(i / cols);
        ui_rect ir = { x, y, side, side };
        ui_draw_image(ui, ir, &s->grid[i]);
        ui_stroke_rect(ui, ui_rect_inset(ir, -1), 1, th->border);
        ui_draw_text_aligned(ui, UI_FONT_SMALL, data_class_name(d, (int)d->train.y[k]),
                             (ui_rect){ x - cw * 0.1f, y + side + ui_px(ui, 3), side + cw * 0.2f, lh },
                             UI_CENTER, th->text);
    }
    ui_rect fr = { in.x, in.y + in.h - foot, in.w, foot };
    float bw = ui_px(ui, 40);
    if (ui_button_at(ui, (ui_rect){ fr.x, fr.y, bw, fr.h }, "‹##prev25", 0, 1))
        s->first = (s->first - shown + n) % n;
    if (ui_button_at(ui, (ui_rect){ fr.x + bw + ui_px(ui, 6), fr.y, bw, fr.h }, "›##next25", 0, 1))
        s->first = (s->first + shown) % n;
    char buf[128];
    snprintf(buf, sizeof buf,
             TR("images %d à %d sur %d · %d pixels chacune, de 0 à 1",
                "images %d to %d of %d · %d pixels each, from 0 to 1"),
             s->first + 1, s->first + shown, n, PIXELS);
    ui_draw_text_aligned(ui, UI_FONT_SMALL, buf, (ui_rect){ fr.x + 2 * bw + ui_px(ui, 16), fr.y, fr.w, fr.h },
                         UI_LEFT, th->text_dim);
}

static void predict_tab(images_state *s, app *a, ui_rect r, const data_set *d)
{
    ui_context *ui = a->ui;
    const ui_theme *th = &ui->theme;
    float gap = ui_px(ui, 12);
    /* wide enough for the class legend's two columns ("0  Haut/T-shirt"), up to half the area:
     * the test images beside give way first */
    float legend = 0;
    for (int c = 0; c < d->train.classes && c < 10; c++) {
        char buf[64];
        snprintf(buf, sizeof buf, "%d  %s", c, data_class_name(d, c));
        legend = fmaxf(legend, ui_text_width(ui, UI_FONT_SMALL, buf, -1));
    }
    float need = 2 * (legend + ui_px(ui, 8)) + 2 * ui_px(ui, ui->theme.padding);
    float lw = fminf(fmaxf(fminf(r.w * 0.34f, ui_px(ui, 320)), need), r.w * 0.5f);
    ui_rect left = { r.x, r.y, lw, r.h }, right = { r.x + lw + gap, r.y, r.w - lw - gap, r.h };
    trainer_stats *st = &s->st[s->set];

    /* one image, large */
    ui_rect in = scene_panel(ui, left, TR("Une prédiction", "One prediction"), TR("Prédiction", "Prediction"));
    int sel = s->selected;
    float side = fminf(in.w * 0.62f, in.h * 0.34f);
    ui_rect ir = { in.x + (in.w - side) / 2, in.y, side, side };
    ui_draw_image(ui, ir, &s->test_img[sel]);
    ui_stroke_rect(ui, ui_rect_inset(ir, -1), 1, th->border);
    float y = ir.y + side + ui_px(ui, 6);
    int truth = (int)d->test.y[sel];
    if (s->have_probs) {
        prediction_caption(ui, (ui_rect){ in.x, y, in.w, ui_line_height(ui, UI_FONT_BOLD) }, d, s->probs[sel],
                           truth, UI_FONT_BOLD);
        y += ui_line_height(ui, UI_FONT_BOLD) + ui_px(ui, 4);
        images_bars(ui, (ui_rect){ in.x, y, in.w, in.h * 0.24f }, s->probs[sel], 10, truth, 1);
        y += in.h * 0.24f + ui_px(ui, 4);
    } else {
        /* wrapped: the panel is narrow in a small window */
        const char *msg = TR("Pas encore entraîné : appuyez sur Lecture.", "Not trained yet: press Play.");
        y += ui_draw_wrapped(ui, UI_FONT_BODY, msg, in.x, y, in.w, th->text_dim) + ui_px(ui, 6);
    }
    /* the class names by number, for the bars */
    float lh = ui_line_height(ui, UI_FONT_SMALL);
    for (int c = 0; c < d->train.classes && c < 10; c++) {
        char buf[64];
        snprintf(buf, sizeof buf, "%d  %s", c, data_class_name(d, c));
        float cx = in.x + (in.w / 2) * (float)(c / 5), cy = y + lh * (float)(c % 5);
        /* each name within its half of the panel, cut with its whole name as a tooltip */
        if (cy + lh <= in.y + in.h)
            scene_cut_label(ui, UI_FONT_SMALL, buf, (ui_rect){ cx, cy, in.w / 2 - ui_px(ui, 4), lh }, UI_LEFT,
                            c == truth ? th->good : th->text_dim);
    }

    /* fifteen test images, each with its bars */
    char title[96];
    snprintf(title, sizeof title, TR("Images de test · exactitude %.1f %%", "Test images · accuracy %.1f %%"),
             st->n_epochs ? (double)st->val_acc_hist[st->n_epochs - 1] * 100 : 0.0);
    lang_decimals(title);
    ui_rect gin = app_panel(ui, right, st->n_epochs ? title : TR("Images de test", "Test images"));
    int cols = 3, rows = 5;
    float cw = gin.w / (float)cols, ch = gin.h / (float)rows;
    float isz = fminf(ch - lh - ui_px(ui, 6), cw * 0.42f);
    for (int i = 0; i < TESTS; i++) {
        float x = gin.x + cw * (float)(i % cols), yy = gin.y + ch * (float)(i / cols);
        ui_rect im = { x, yy, isz, isz };
        ui_draw_image(ui, im, &s->test_img[i]);
        ui_id id = ui_get_id_int(ui, "test", i);
        if (ui_interact(ui, id, (ui_rect){ x, yy, cw, ch }))
            s->selected = i;
        ui_stroke_rect(ui, ui_rect_inset(im, -1), i == sel ? 2 : 1, i == sel ? th->accent : th->border);
        if (s->have_probs) {
            int t = (int)d->test.y[i];
            prediction_caption(ui,
                               (ui_rect){ x - ui_px(ui, 4), yy + isz + ui_px(ui, 2), cw - ui_px(ui, 4), lh },
                               d, s->probs[i], t, UI_FONT_SMALL);
            images_bars(ui, (ui_rect){ x + isz + ui_px(ui, 4), yy, cw - isz - ui_px(ui, 12), isz },
                             s->probs[i], 10, t, 0);
        }
    }
}

/* ---- the frame ---------------------------------------------------------------------------------- */

/* ↺: the shown set's model from scratch; its test predictions and drawing are set up again. */
static void reset_set(images_state *s, app *a, int set)
{
    trainer_free(s->tr[set]);
    s->tr[set] = NULL;
    s->tests_key = -1;
    s->nv_ready = 0;
    images_views_reset(&s->v[set]);
    get_trainer(s, a, set);
}

/* The code panel follows the shown set's model; an edit that reads trains it anew. */
static void follow_code(images_state *s, app *a, int set, const data_set *data)
{
    scene_data_shape dd = scene_shape_of(data), *d = &dd;
    trainer_config next;
    if (scene_code_take(&s->code, &s->cfg[set], d, 1024, &next)) {
        s->cfg[set] = next;
        reset_set(s, a, set);
        scene_code_accept(&s->code, &s->cfg[set], d);
    }
    scene_code_follow(&s->code, &s->cfg[set], d);
}

static code_panel *code(void *p)
{
    images_state *s = p;
    return &s->code;
}

static trainer *trainer_of(void *p)
{
    images_state *s = p;
    return s->tr[s->set];
}

/* The tabs and, beside them, the dataset's menu (the canvas always uses the digits), on a row
 * at the top of *area, which loses it and a gap. */
static void tab_row(images_state *s, app *a, ui_rect *area)
{
    ui_context *ui = a->ui;
    float gap = ui_px(ui, 12);
    ui_layout_begin(ui, (ui_rect){ area->x, area->y, area->w, ui_px(ui, 30) });
    ui_row(ui, 2, (float[]){ -1, 300 }, 30);
    /* each tab's name, abbreviated where five do not fit (demo mode) */
    static const char *const names[N_TABS][2][2] = {
        { { "Échantillons", "Éch." }, { "Samples", "Samp." } },
        { { "Prédictions", "Préd." }, { "Predictions", "Pred." } },
        { { "Dessiner", "Dess." }, { "Draw", "Draw" } },
        { { "Poids", "Poids" }, { "Weights", "Wts" } },
        { { "Entraînement", "Entr." }, { "Training", "Train." } },
    };
    float tab_w = (area->w - ui_px(ui, 300 + 8)) / N_TABS - ui_px(ui, 10);
    const char *tabs[N_TABS];
    for (int i = 0; i < N_TABS; i++)
        tabs[i] = scene_fit(ui, UI_FONT_BODY, tab_w, 2, names[i][lang_current() == LANG_EN]);
    if (ui_tabs(ui, "##tabs", &s->tab, tabs, N_TABS))
        s->nv_ready = 0;
    const char *sets[N_SETS] = { "Fashion-MNIST", TR("Chiffres MNIST", "MNIST digits") };
    ui->label_w = 100;
    if (s->tab == TAB_DRAW)
        ui_label_font(ui, UI_FONT_SMALL,
                      TR("le dessin utilise le modèle MNIST", "drawing uses the MNIST model"), ui->theme.text_dim);
    else if (ui_dropdown(ui, TR("données", "data"), &s->set, sets, N_SETS)) {
        s->tests_key = -1;
        s->selected = 0;
    }
    ui->label_w = 0;
    ui_layout_end(ui);
    area->y += ui_px(ui, 30) + gap;
    area->h -= ui_px(ui, 30) + gap;
}

/* The views follow the model of set: its first TESTS test images made when the set changes, new
 * weights read, the network's drawing set up for the canvas, and once trained the predictions on
 * the test images computed again, 8 times a second at most. -1 when the drawing's memory could
 * not be had. */
static int follow_model(images_state *s, app *a, int set, trainer *t, nn_model *view, const data_set *d,
                        int trained)
{
    if (s->tests_key != set) {
        scene_gray_images(&s->test_rgba[0][0], s->test_img, d->test.x, TESTS, SIDE);
        s->tests_key = set;
        s->fresh = 1;
        s->have_probs = 0;
    }
    if (trainer_sync_view(t) > 0) {
        s->fresh = 1;
        s->canvas_dirty = 1;
        s->v[set].tiles_fresh = s->v[set].top_fresh = s->v[set].conf_fresh = 1;
        if (s->nv_ready)
            netview_read_weights(&s->nv, view);
    }
    if (!s->nv_ready && s->tab == TAB_DRAW) {
        if (scene_netview_set(a, &s->nv, view, 1) < 0)
            return -1;
        s->nv_ready = 1;
        s->canvas_dirty = 1;
    }
    if (s->fresh && trained && s->tab == TAB_PREDICT && scene_throttle(a, &s->last_predict, 0.125)) {
        if (nn_predict(view, d->test.x, TESTS, &s->probs[0][0]) < 0)
            app_error(a, "%s", nn_error());
        else
            s->have_probs = 1;
        s->fresh = 0;
    }
    return 0;
}

static void frame(void *p, app *a, ui_rect area)
{
    images_state *s = p;
    ui_context *ui = a->ui;
    scene_page_tab(a, &s->last_page, s->tab_of_page, s->n_tab_pages, &s->tab);
    int set = shown_set(s);
    trainer *t = get_trainer(s, a, set);
    trainer_stats *st = &s->st[set];
    scene_poll_trainer(a, t, st);
    if (scene_toolbar_top(ui, &area, t, st) == SCENE_RESET)
        reset_set(s, a, set);
    tab_row(s, a, &area);

    /* the tab or the set may have changed; st stays the statistics polled above */
    set = shown_set(s);
    t = get_trainer(s, a, set);
    if (!t)
        return;
    /* the canvas is only worth drawing on with a trained model: shown for the first time in the
     * window, it trains the digits' model itself if nobody has yet (a screenshot steps it) */
    if (s->tab == TAB_DRAW && !s->draw_started && !s->headless && s->st[DIGITS].steps == 0 &&
        s->st[DIGITS].state != TRAINER_FAILED) {
        trainer_play(t);
        s->draw_started = 1;
    }
    const data_set *d = trainer_data(t);
    nn_model *view = trainer_view(t);
    if (!d || !view) {
        const char *msg = st->state == TRAINER_FAILED
                              ? TR("Les images n'ont pas pu être chargées : le message dit pourquoi.",
                                   "The images could not be loaded: the message says why.")
                              : TR("Chargement des images…", "Loading the images…");
        ui_draw_text_aligned(ui, UI_FONT_BODY, msg, area, UI_CENTER, ui->theme.text_dim);
        return;
    }
    follow_code(s, a, set, d);
    t = get_trainer(s, a, set); /* an edit of the code made a new one */
    if (!t || !(d = trainer_data(t)) || !(view = trainer_view(t)))
        return;
    if (follow_model(s, a, set, t, view, d, st->steps > 0) < 0 || images_views_follow(&s->v[set], a, view, st) < 0)
        return;
    if (s->tab == TAB_SAMPLES)
        samples_tab(s, a, area, d);
    else if (s->tab == TAB_PREDICT)
        predict_tab(s, a, area, d);
    else if (s->tab == TAB_DRAW)
        images_draw_tab(s, a, area, d, view);
    else if (s->tab == TAB_WEIGHTS)
        images_weights_tab(&s->v[set], a, area, view, d);
    else
        images_training_tab(&s->v[set], a, area, view, d, st);
}

SCENE_CLASS_WITH_CODE(images);
