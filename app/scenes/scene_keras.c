/* scene_keras.c — the course's Keras program, line by line (lesson 6): the code on the left, with
 * the lines of the lesson's page lit, and on the right what those lines do, computed by the
 * engine on the same model: Sequential() and its data, the two Dense layers drawn, compile's
 * choices, summary()'s table with its 7,114 parameters, fit's curves over 10 epochs, evaluate's
 * numbers on the test set, and predict on test digits.
 *
 * The model takes input_shape=(100,): here, MNIST digits shrunk to 10×10 = 100 pixels, with their
 * 10 classes, so that every number on screen means something. Directive: @tab (one view per
 * page: sequential, dense, compile, summary, fit, evaluate, predict). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "lang.h"
#include "lesson_view.h"
#include "netview.h"
#include "scene_common.h"

/* in the order of the course table's lesson_keras_tabs, which @tab names */
enum { TAB_SEQUENTIAL, TAB_DENSE, TAB_COMPILE, TAB_SUMMARY, TAB_FIT, TAB_EVALUATE, TAB_PREDICT, N_TABS };
_Static_assert((int)N_TABS == (int)LESSON_N_KERAS_TABS, "a view for each of the course table's tabs");
enum { SAMPLES = 10, SIDE = 10 };

/* The course's program, as the lesson shows it. */
static const char program[] =
    "from keras.models import Sequential\n"
    "from keras.layers import Dense\n"
    "\n"
    "model = Sequential()\n"
    "model.add(Dense(units=64, activation='relu',\n"
    "                input_shape=(100,)))\n"
    "model.add(Dense(units=10, activation='softmax'))\n"
    "model.compile(optimizer='adam',\n"
    "              loss='categorical_crossentropy',\n"
    "              metrics=['accuracy'])\n"
    "model.summary()\n"
    "model.fit(x_train, y_train, epochs=10)\n"
    "loss, accuracy = model.evaluate(x_test, y_test)\n"
    "predictions = model.predict(x_test)";

/* The lines of the program that each view explains (bit i: line i). */
static const uint64_t tab_lines[N_TABS] = {
    1u << 0 | 1u << 1 | 1u << 3, 1u << 4 | 1u << 5 | 1u << 6, 1u << 7 | 1u << 8 | 1u << 9, 1u << 10, 1u << 11,
    1u << 12, 1u << 13,
};

typedef struct keras_state {
    scene_trained base;            /* first: the scene_trained_* functions see it */
    int tab, tab_of_page[LESSON_MAX_PAGES], n_tab_pages, last_page;
    netview nv;
    int nv_ready, fresh;
    char *summary;                 /* model.summary()'s text, from nn_summary */
    uint8_t rgba[2][SAMPLES][SIDE * SIDE * 4];
    ui_image img[SAMPLES], test_img[SAMPLES]; /* the first training digits, the first test ones */
    int images_ready;
    float probs[SAMPLES][10];
    int have_probs;
    trainer_config cfg;            /* the model, as the code panel shows and sets it */
    code_panel code;
} keras_state;

/* Dense(64, relu, input_shape=(100,)) → Dense(10, softmax); adam, categorical_crossentropy,
 * accuracy; fit(epochs=10) with Keras's batch_size of 32 */
static const trainer_config course_model = { .dataset = "mnist_10x10",
                                             .hidden = 1,
                                             .units = { 64 },
                                             .activation = "relu",
                                             .optimizer = "adam",
                                             .loss = "categorical_crossentropy",
                                             .batch_size = 32,
                                             .epochs = 10,
                                             .seed = 1 };

/* The views' words explain the course's model; an edited one gets plainer ones. */
static int is_course_model(const keras_state *s)
{
    const trainer_config *c = &s->cfg, *k = &course_model;
    float rate = c->learning_rate > 0 ? c->learning_rate : 0.001f;
    return c->hidden == k->hidden && c->units[0] == k->units[0] && strcmp(c->activation, k->activation) == 0 &&
           strcmp(c->optimizer, k->optimizer) == 0 && rate == 0.001f && strcmp(c->loss, k->loss) == 0;
}

static void *create(app *a, const lesson_config *cfg)
{
    keras_state *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    code_panel_start(&s->code, cfg->code);
    s->n_tab_pages = scene_tab_pages(cfg, s->tab_of_page);
    s->last_page = -1;
    for (int i = 0; i < SAMPLES; i++) {
        s->img[i] = (ui_image){ .rgba = s->rgba[0][i], .w = SIDE, .h = SIDE };
        s->test_img[i] = (ui_image){ .rgba = s->rgba[1][i], .w = SIDE, .h = SIDE };
    }
    s->cfg = course_model;
    s->cfg.pace = a->headless ? 0 : 1;
    s->base.t = scene_create_trainer(a, &s->cfg);
    return s;
}

static void destroy(void *p)
{
    keras_state *s = p;
    trainer_free(s->base.t);
    netview_free(&s->nv);
    free(s->summary);
    free(s);
}

/* model.summary(), as the engine prints it. */
static void make_summary(keras_state *s, nn_model *m)
{
    s->summary = nn_summary_text(m); /* NULL out of memory: the view shows no table */
}

/* ---- the views -------------------------------------------------------------------------------- */

static void lines(ui_context *ui, ui_rect r, float *y, int font, const char *text, ui_color c)
{
    *y += ui_draw_wrapped(ui, font, text, r.x, *y, r.w, c) + ui_px(ui, 8);
}

/* Image i of a grid of side-pixel squares in rows of 5 from (x0, y0), gap points apart across and
 * below points between the rows (for a caption): the image and its border. Returns its place. */
static ui_rect digit_cell(ui_context *ui, float x0, float y0, float side, float gap, float below, int i,
                          const ui_image *img)
{
    float x = x0 + (side + ui_px(ui, gap)) * (float)(i % 5), yy = y0 + (side + ui_px(ui, below)) * (float)(i / 5);
    ui_draw_image(ui, (ui_rect){ x, yy, side, side }, img);
    ui_stroke_rect(ui, (ui_rect){ x - 1, yy - 1, side + 2, side + 2 }, 1, ui->theme.border);
    return (ui_rect){ x, yy, side, side };
}

static void sequential_view(keras_state *s, app *a, ui_rect r, const data_set *d)
{
    ui_context *ui = a->ui;
    const ui_theme *th = &ui->theme;
    float y = r.y;
    lines(ui, r, &y, UI_FONT_BODY,
          TR("model = Sequential() : une pile de couches, vide pour l'instant. Les données attendent :",
             "model = Sequential(): a stack of layers, empty for now. The data are waiting:"),
          th->text);
    char buf[200], n_train[16], n_test[16];
    /* 8 000 in French, 8,000 in English */
    snprintf(n_train, sizeof n_train, TR("%d %03d", "%d,%03d"), d->train.n / 1000, d->train.n % 1000);
    snprintf(n_test, sizeof n_test, TR("%d %03d", "%d,%03d"), d->test.n / 1000, d->test.n % 1000);
    snprintf(buf, sizeof buf,
             TR("x_train : %s exemples de 100 nombres, des chiffres manuscrits réduits à 10×10 pixels ; "
                "y_train : leur classe, de 0 à 9. x_test : %s autres, pour le test.",
                "x_train: %s examples of 100 numbers, handwritten digits shrunk to 10×10 pixels; "
                "y_train: their class, 0 to 9. x_test: %s more, for testing."),
             n_train, n_test);
    lines(ui, r, &y, UI_FONT_SMALL, buf, th->text_dim);
    float side = fminf((r.w - ui_px(ui, 8) * 4) / 5, ui_px(ui, 64));
    for (int i = 0; i < SAMPLES; i++) {
        ui_rect c = digit_cell(ui, r.x, y, side, 8, 24, i, &s->img[i]);
        char label[32];
        snprintf(label, sizeof label, "y = %d", (int)d->train.y[i]);
        ui_draw_text_aligned(ui, UI_FONT_SMALL, label, (ui_rect){ c.x, c.y + side + 2, side, ui_px(ui, 18) },
                             UI_CENTER, th->text);
    }
}

static void dense_view(keras_state *s, app *a, ui_rect r)
{
    ui_context *ui = a->ui;
    const ui_theme *th = &ui->theme;
    float y = r.y;
    lines(ui, r, &y, UI_FONT_SMALL,
          !is_course_model(s)
              ? TR("Le modèle de votre code : chaque neurone est relié à tous ceux de la couche d'avant.",
                   "Your code's model: every neuron is connected to all those of the layer before.")
              : TR("Dense(64, relu) reçoit les 100 pixels ; Dense(10, softmax) donne une probabilité par chiffre. "
                   "Chaque neurone est relié à tous ceux de la couche d'avant.",
                   "Dense(64, relu) takes the 100 pixels; Dense(10, softmax) gives one probability per digit. "
                   "Every neuron is connected to all those of the layer before."),
          th->text_dim);
    if (!s->nv_ready)
        return;
    static const char *const digits[10] = { "0", "1", "2", "3", "4", "5", "6", "7", "8", "9" };
    netview_args na = { .reveal = -1, .output_names = digits, .input_image = &s->img[0], .compact = 1 };
    netview_draw(ui, (ui_rect){ r.x, y, r.w, r.y + r.h - y }, &s->nv, &na);
}

static void compile_view(keras_state *s, app *a, ui_rect r, const data_set *d)
{
    ui_context *ui = a->ui;
    const ui_theme *th = &ui->theme;
    float y = r.y;
    (void)s;
    struct { const char *name, *fr, *en;
    } rows[] = {
        { "optimizer='adam'", "comment changer les poids après chaque lot : Adam, learning_rate 0.001",
          "how to change the weights after each batch: Adam, learning_rate 0.001" },
        { "loss='categorical_crossentropy'",
          "ce que l'entraînement rend petit : l'écart entre les 10 probabilités et la bonne réponse",
          "what training makes small: the gap between the 10 probabilities and the right answer" },
        { "metrics=['accuracy']", "ce qui est affiché en plus : la part des exemples bien classés",
          "what is shown as well: the share of examples classified right" },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        ui_draw_text(ui, UI_FONT_MONO, rows[i].name, -1, r.x, y, th->accent);
        y += ui_line_height(ui, UI_FONT_MONO) + ui_px(ui, 2);
        float indent = ui_px(ui, 12);
        y += ui_draw_wrapped(ui, UI_FONT_BODY, TR(rows[i].fr, rows[i].en), r.x + indent, y, r.w - indent, th->text);
        y += indent;
    }
    /* categorical_crossentropy compares with one-hot rows: the first label as Keras sees it */
    int label = (int)d->train.y[0];
    char buf[160], row[64] = "";
    for (int c = 0; c < 10; c++)
        snprintf(row + strlen(row), sizeof row - strlen(row), "%s%d", c ? " " : "", c == label);
    snprintf(buf, sizeof buf, "y = %d  →  [%s]", label, row);
    const char *why = TR("Avec categorical_crossentropy, chaque étiquette devient une ligne de 10 nombres "
                         "(to_categorical) :",
                         "With categorical_crossentropy, each label becomes a row of 10 numbers (to_categorical):");
    lines(ui, r, &y, UI_FONT_SMALL, why, th->text_dim);
    ui_draw_text(ui, UI_FONT_CODE, buf, -1, r.x, y, th->text);
}

static void summary_view(keras_state *s, app *a, ui_rect r)
{
    ui_context *ui = a->ui;
    const ui_theme *th = &ui->theme;
    float y = r.y;
    if (!s->summary)
        return;
    /* the engine's text, line by line, in the monospace font; smaller when the panel is narrow */
    ui_push_clip(ui, r);
    for (const char *p = s->summary; *p;) {
        const char *nl = strchr(p, '\n');
        int n = nl ? (int)(nl - p) : (int)strlen(p);
        ui_draw_text(ui, UI_FONT_MONO, p, n, r.x, y, th->text);
        y += ui_line_height(ui, UI_FONT_MONO);
        p += n + (nl != NULL);
    }
    ui_pop_clip(ui);
    y += ui_px(ui, 10);
    const char *count = TR("100 × 64 poids + 64 biais = 6 464 ; 64 × 10 + 10 = 650 ; "
                           "en tout 7 114 paramètres, que fit va ajuster.",
                           "100 × 64 weights + 64 biases = 6,464; 64 × 10 + 10 = 650; "
                           "7,114 parameters in all, which fit will adjust.");
    char mine[160];
    snprintf(mine, sizeof mine, TR("Le modèle de votre code : Total params, que fit va ajuster.",
                                   "Your code's model: Total params, which fit will adjust."));
    lines(ui, r, &y, UI_FONT_SMALL, is_course_model(s) ? count : mine, th->text_dim);
}

static void fit_view(keras_state *s, app *a, ui_rect r)
{
    ui_context *ui = a->ui;
    float gap = ui_px(ui, 10), h = (r.h - gap) / 2;
    scene_loss_chart(ui, (ui_rect){ r.x, r.y, r.w, h }, &s->base.st, NULL);
    scene_accuracy_chart(ui, (ui_rect){ r.x, r.y + h + gap, r.w, h }, &s->base.st, NULL);
}

static void evaluate_view(keras_state *s, app *a, ui_rect r)
{
    ui_context *ui = a->ui;
    const ui_theme *th = &ui->theme;
    const trainer_stats *st = &s->base.st;
    float y = r.y;
    if (!st->n_epochs) {
        lines(ui, r, &y, UI_FONT_BODY,
              TR("Pas encore entraîné : appuyez sur Lecture pour lancer fit.",
                 "Not trained yet: press Play to run fit."),
              th->text_dim);
        return;
    }
    int e = st->n_epochs - 1;
    char buf[200];
    /* fit's validation on the test set after the last epoch is what evaluate returns */
    snprintf(buf, sizeof buf, TR("Après %d époque%s :", "After %d epoch%s:"), st->n_epochs,
             st->n_epochs > 1 ? "s" : "");
    lines(ui, r, &y, UI_FONT_BODY, buf, th->text);
    struct { const char *label; float v; int pct; } nums[] = {
        { TR("perte (test)", "loss (test)"), st->val_loss_hist[e], 0 },
        { TR("exactitude (test)", "accuracy (test)"), st->val_acc_hist[e], 1 },
        { TR("exactitude (entraînement)", "accuracy (training)"), st->acc_hist[e], 1 },
    };
    for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++) {
        if (nums[i].pct)
            snprintf(buf, sizeof buf, "%.1f %%", (double)nums[i].v * 100);
        else
            snprintf(buf, sizeof buf, "%.3f", (double)nums[i].v);
        lang_decimals(buf);
        ui_draw_text(ui, UI_FONT_TITLE, buf, -1, r.x, y, i == 1 ? th->good : th->text);
        ui_draw_text(ui, UI_FONT_BODY, nums[i].label, -1, r.x + ui_px(ui, 110),
                     y + (ui_line_height(ui, UI_FONT_TITLE) - ui_line_height(ui, UI_FONT_BODY)) / 2,
                     th->text_dim);
        y += ui_line_height(ui, UI_FONT_TITLE) + ui_px(ui, 8);
    }
    lines(ui, r, &y, UI_FONT_SMALL,
          TR("evaluate mesure le modèle sur x_test, des exemples qu'il n'a jamais vus pendant fit.",
             "evaluate measures the model on x_test, examples it never saw during fit."),
          th->text_dim);
}

static void predict_view(keras_state *s, app *a, ui_rect r, const data_set *d)
{
    ui_context *ui = a->ui;
    const ui_theme *th = &ui->theme;
    float y = r.y;
    const char *what = TR("predict donne 10 probabilités par image ; la plus grande est la réponse du modèle "
                          "(bleu : juste, rouge : faux).",
                          "predict gives 10 probabilities per image; the largest is the model's answer "
                          "(blue: right, red: wrong).");
    lines(ui, r, &y, UI_FONT_SMALL, what, th->text_dim);
    float side = fminf((r.w - ui_px(ui, 10) * 4) / 5, ui_px(ui, 64));
    for (int i = 0; i < SAMPLES; i++) {
        ui_rect c = digit_cell(ui, r.x, y, side, 10, 40, i, &s->test_img[i]);
        if (!s->have_probs)
            continue;
        int best = scene_argmax(s->probs[i], 10);
        int truth = (int)d->test.y[i];
        char label[32];
        snprintf(label, sizeof label, "%d · %.0f %%", best, (double)s->probs[i][best] * 100);
        ui_draw_text_aligned(ui, UI_FONT_SMALL, label,
                             (ui_rect){ c.x - 6, c.y + side + 3, side + 12, ui_px(ui, 18) }, UI_CENTER,
                             best == truth ? th->good : th->bad);
    }
}

/* ---- the frame ---------------------------------------------------------------------------------- */

/* ↺: a new trainer with the same configuration; the views are set up again from it. */
static void reset_trainer(keras_state *s)
{
    trainer_free(s->base.t);
    s->base.t = trainer_create(&s->cfg);
    memset(&s->base.st, 0, sizeof s->base.st);
    s->nv_ready = s->have_probs = 0;
    free(s->summary);
    s->summary = NULL;
}

/* The course's code in a panel on the left of area, with the view's lines lit; summary's table
 * is wide, so the code goes above it then. Returns the place left for the view. */
static ui_rect draw_code(keras_state *s, app *a, ui_rect area)
{
    ui_context *ui = a->ui;
    const ui_theme *th = &ui->theme;
    float gap = ui_px(ui, 12);
    float lw = fminf(area.w * 0.52f, ui_px(ui, 470));
    ui_rect left = { area.x, area.y, lw, area.h },
            right = { area.x + lw + gap, area.y, area.w - lw - gap, area.h };
    float pad = ui_px(ui, th->padding), title = ui_line_height(ui, UI_FONT_HEADING) + ui_px(ui, 8);
    if (s->tab == TAB_SUMMARY) {
        float ch = lesson_view_code(a->view, ui, program, 1, 0, 0, area.w - 2 * pad, 0, 0) + 2 * pad + title;
        left = (ui_rect){ area.x, area.y, area.w, ch };
        right = (ui_rect){ area.x, area.y + ch + gap, area.w, area.h - ch - gap };
    } else
        left.h = fminf(area.h,
                       lesson_view_code(a->view, ui, program, 1, 0, 0, lw - 2 * pad, 0, 0) + 2 * pad + title);
    ui_rect code = app_panel(ui, left, TR("Le code du cours", "The course's code"));
    lesson_view_code(a->view, ui, program, 1, code.x, code.y, code.w, tab_lines[s->tab], 1);
    return right;
}

/* The view's panel in r, titled by what its lines do (shorter where that does not fit); returns
 * its inside. */
static ui_rect view_panel(const keras_state *s, ui_context *ui, ui_rect r)
{
    static const char *const titles_fr[N_TABS] = {
        "Les données et un modèle vide",   "Les deux couches Dense", "compile : les choix de l'entraînement",
        "summary : le modèle en chiffres", "fit : l'entraînement",   "evaluate : sur le test",
        "predict : les réponses"
    };
    static const char *const titles_en[N_TABS] = {
        "The data and an empty model",   "The two Dense layers", "compile: the training's choices",
        "summary: the model in numbers", "fit: training",        "evaluate: on the test set",
        "predict: the answers"
    };
    static const char *const short_fr[N_TABS] = { "Données, modèle vide", "Deux couches Dense", "compile",
                                                   "summary", "fit", "evaluate", "predict" };
    static const char *const short_en[N_TABS] = { "Data, empty model", "Two Dense layers", "compile",
                                                   "summary", "fit", "evaluate", "predict" };
    return scene_panel(ui, r, TR(titles_fr[s->tab], titles_en[s->tab]), TR(short_fr[s->tab], short_en[s->tab]));
}

/* The views follow the trainer's model: the digits' images (SIDE×SIDE) and summary()'s text made
 * once, the network's drawing set up once, and new weights run through the first training digit
 * and predicted on the first test ones. -1 when the drawing's memory could not be had. */
static int follow_model(keras_state *s, app *a, nn_model *view, const data_set *d)
{
    if (!s->images_ready) {
        scene_gray_images(&s->rgba[0][0][0], s->img, d->train.x, SAMPLES, SIDE);
        scene_gray_images(&s->rgba[1][0][0], s->test_img, d->test.x, SAMPLES, SIDE);
        s->images_ready = 1;
    }
    if (!s->summary)
        make_summary(s, view);
    if (!s->nv_ready) {
        if (scene_netview_set(a, &s->nv, view, 0) < 0)
            return -1;
        s->nv_ready = 1;
        s->fresh = 1;
    }
    if (trainer_sync_view(s->base.t) > 0)
        s->fresh = 1;
    if (s->fresh) {
        netview_read_weights(&s->nv, view);
        if (netview_forward(&s->nv, view, d->train.x) < 0 ||
            nn_predict(view, d->test.x, SAMPLES, &s->probs[0][0]) < 0)
            app_error(a, "%s", nn_error());
        s->have_probs = s->base.st.steps > 0;
        s->fresh = 0;
    }
    return 0;
}

/* The code panel: the lesson's model; an edit that reads builds it anew (summary, drawing, fit). */
static void follow_code(keras_state *s, const data_set *data)
{
    scene_data_shape d = scene_shape_of(data);
    trainer_config next;
    if (scene_code_take(&s->code, &s->cfg, &d, 1024, &next)) {
        s->cfg = next;
        reset_trainer(s);
        scene_code_accept(&s->code, &s->cfg, &d);
    }
    scene_code_follow(&s->code, &s->cfg, &d);
}

static code_panel *code(void *p)
{
    keras_state *s = p;
    return &s->code;
}

static void frame(void *p, app *a, ui_rect area)
{
    keras_state *s = p;
    ui_context *ui = a->ui;
    scene_page_tab(a, &s->last_page, s->tab_of_page, s->n_tab_pages, &s->tab);
    scene_poll_trainer(a, s->base.t, &s->base.st);
    if (scene_toolbar_top(ui, &area, s->base.t, &s->base.st) == SCENE_RESET)
        reset_trainer(s);
    ui_rect in = view_panel(s, ui, draw_code(s, a, area));
    const data_set *d = s->base.t ? trainer_data(s->base.t) : NULL;
    if (d)
        follow_code(s, d);
    d = s->base.t ? trainer_data(s->base.t) : NULL; /* an edit made a new trainer */
    nn_model *view = s->base.t ? trainer_view(s->base.t) : NULL;
    if (!d || !view) {
        ui_draw_text_aligned(ui, UI_FONT_BODY, TR("Chargement…", "Loading…"), in, UI_CENTER, ui->theme.text_dim);
        return;
    }
    if (follow_model(s, a, view, d) < 0)
        return;
    switch (s->tab) {
    case TAB_SEQUENTIAL: sequential_view(s, a, in, d); break;
    case TAB_DENSE: dense_view(s, a, in); break;
    case TAB_COMPILE: compile_view(s, a, in, d); break;
    case TAB_SUMMARY: summary_view(s, a, in); break;
    case TAB_FIT: fit_view(s, a, in); break;
    case TAB_EVALUATE: evaluate_view(s, a, in); break;
    default: predict_view(s, a, in, d); break;
    }
}

SCENE_CLASS_TRAINED_WITH_CODE(keras);
