/* scene_network.c — the network viewer on its own: the course's 3-4-2 example, a deeper one, and
 * MNIST's 784-128-10 (trained for an epoch in the background so that its activations mean
 * something), with an animated forward pass on a chosen sample. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "lang.h"
#include "netview.h"
#include "scene_common.h"

/* in the order of the course table's shapes for @model: 3-4-2, 4-6-6-6-3, 784-128-10 */
enum { MODEL_COURSE, MODEL_DEEP, MODEL_MNIST, N_MODELS, MODEL_CODE = N_MODELS };
/* A model from the code panel: the drawing's limits (a slider per input, names for 8 classes). */
enum { CODE_INPUTS = 8, CODE_UNITS = 16, CODE_HIDDEN = 5, CODE_OUTPUTS = 8 };
/* The menu: the course table's list, which the lesson's directives are checked against. */
static const char *const *const activations = lesson_network_activations;
enum { N_ACT = LESSON_N_NETWORK_ACTIVATIONS };

/* seconds per layer of the animated forward pass */
#define PASS_SECONDS 0.9

typedef struct network_state {
    int model, act, built_model, built_act;
    unsigned seed;
    nn_model *m;                  /* course and deep models: built here, never trained */
    trainer *mnist;               /* the MNIST model trains an epoch in its own thread */
    trainer_stats st;
    netview nv;
    int nv_ready;
    float x[8];                   /* the course models' inputs */
    int sample;                   /* the MNIST test digit shown */
    uint8_t img_rgba[28 * 28 * 4];
    ui_image img;
    double pass_start;            /* < 0: no pass running */
    float reveal;                 /* fixed by advance() for screenshots; < 0: live */
    int fixed_reveal;
    int dirty;                    /* run the sample again */
    int code_n, code_w[CODE_HIDDEN + 2]; /* MODEL_CODE's widths: inputs, hidden layers, outputs */
    code_panel code;
} network_state;

/* The widths of model: inputs, hidden layers, outputs; returns how many. */
static int widths_of(const network_state *s, int model, int *w)
{
    static const int course[] = { 3, 4, 2 }, deep[] = { 4, 6, 6, 6, 3 }, mnist[] = { 784, 128, 10 };
    const int *from = model == MODEL_COURSE ? course : model == MODEL_DEEP ? deep : model == MODEL_MNIST ? mnist : s->code_w;
    int n = model == MODEL_COURSE ? 3 : model == MODEL_DEEP ? 5 : model == MODEL_MNIST ? 3 : s->code_n;
    memcpy(w, from, (size_t)n * sizeof *w);
    return n;
}

static int model_inputs(const network_state *s, int model)
{
    int w[CODE_HIDDEN + 2];
    widths_of(s, model, w);
    return w[0];
}

static nn_model *build(const network_state *s, int model, const char *act, unsigned seed)
{
    nn_model *m = nn_sequential();
    if (!m)
        return NULL;
    int rc = nn_set_seed(m, seed), w[CODE_HIDDEN + 2], n = widths_of(s, model, w);
    for (int i = 1; i < n; i++)
        rc |= nn_add_dense(m, w[i], i == n - 1 ? "softmax" : act, i == 1 ? w[0] : 0);
    if (rc) {
        nn_free(m);
        return NULL;
    }
    return m;
}

static void rebuild(network_state *s, app *a)
{
    nn_free(s->m);
    s->m = NULL;
    trainer_free(s->mnist);
    s->mnist = NULL;
    s->nv_ready = 0;
    if (s->model == MODEL_MNIST) {
        trainer_config c = { .dataset = "mnist", .hidden = 1, .units = { 128 }, .optimizer = "adam",
                             .learning_rate = 0.001f, .batch_size = 32, .epochs = 1, .seed = 3 };
        snprintf(c.activation, sizeof c.activation, "%s", activations[s->act]);
        s->mnist = scene_create_trainer(a, &c);
        if (s->mnist && !a->headless)
            trainer_play(s->mnist);
    } else {
        s->m = build(s, s->model, activations[s->act], s->seed);
        if (!s->m)
            app_error(a, "%s", nn_error());
    }
    s->built_model = s->model;
    s->built_act = s->act;
    s->dirty = 1;
}

static void *create(app *a, const lesson_config *cfg)
{
    network_state *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    code_panel_start(&s->code, cfg->code);
    s->model = cfg->model[0].shape;
    /* "@model 3-4-2 tanh" names the activation too */
    s->act = cfg->model[0].activation >= 0 ? cfg->model[0].activation : cfg->activation;
    s->seed = 7;
    float x[8] = { 0.9f, -0.4f, 0.6f, 0.2f };
    memcpy(s->x, x, sizeof x);
    s->img = (ui_image){ .rgba = s->img_rgba, .w = 28, .h = 28 };
    s->pass_start = -1;
    s->reveal = -1;
    rebuild(s, a);
    return s;
}

static void destroy(void *p)
{
    network_state *s = p;
    nn_free(s->m);
    trainer_free(s->mnist);
    netview_free(&s->nv);
    free(s);
}

static void advance(void *p, app *a, int steps)
{
    network_state *s = p;
    /* the MNIST model: its one epoch, as it would have trained by now */
    scene_run_trainer(a, s->mnist, &s->st, 250);
    /* steps: tenths of a layer of the forward pass; 0 shows it finished */
    if (steps > 0) {
        s->reveal = (float)steps / 10;
        s->fixed_reveal = 1;
    }
}

static int play(void *p, app *a)
{
    network_state *s = p;
    s->pass_start = a->time;
    return 1;
}

static void leave(void *p, app *a)
{
    network_state *s = p;
    (void)a;
    if (s->mnist)
        trainer_pause(s->mnist);
}

/* The formula of the stage the forward pass has reached. */
static void stage_text(const network_state *s, float reveal, char *buf, size_t n)
{
    int cols = s->nv.n_cols;
    if (reveal < 0 || reveal >= (float)(cols - 1)) {
        snprintf(buf, n,
                 TR("Sortie : softmax donne une probabilité par classe ; la plus grande est la prédiction.",
                    "Output: softmax gives one probability per class; the largest is the prediction."));
        return;
    }
    int c = (int)reveal + 1;
    if (c == cols - 1)
        snprintf(buf, n,
                 TR("Couche de sortie : y = softmax(a·W%d + b%d)", "Output layer: y = softmax(a·W%d + b%d)"),
                 c, c);
    else
        snprintf(buf, n,
                 TR("Couche cachée %d : a%d = %s(%s·W%d + b%d)", "Hidden layer %d: a%d = %s(%s·W%d + b%d)"),
                 c, c, s->nv.activation[c], c == 1 ? "x" : "a", c, c);
}

/* The model whose pass is shown: the course's, built here, or the MNIST trainer's view, with its
 * data in *d once loaded (NULL before). New weights from the trainer run the sample again. */
static nn_model *current_model(network_state *s, app *a, const data_set **d)
{
    if (s->built_model != s->model || s->built_act != s->act)
        rebuild(s, a);
    *d = NULL;
    if (!s->mnist)
        return s->m;
    scene_poll_trainer(a, s->mnist, &s->st);
    nn_model *m = trainer_view(s->mnist);
    *d = trainer_data(s->mnist);
    if (m && trainer_sync_view(s->mnist) > 0)
        s->dirty = 2;
    return m;
}

/* The course models' sample: one slider per input, and a button for new weights. */
static void input_controls(network_state *s, app *a)
{
    char label[16];
    for (int i = 0; i < model_inputs(s, s->model); i++) {
        snprintf(label, sizeof label, "x%d", i + 1);
        s->dirty |= ui_slider(a->ui, label, &s->x[i], -1, 1, "%.2f");
    }
    if (ui_button(a->ui, TR("Nouveaux poids", "New weights"))) {
        s->seed++;
        rebuild(s, a);
    }
}

/* MNIST's sample: the previous or next test digit, and how far the model's one epoch has gone. */
static void digit_controls(network_state *s, ui_context *ui)
{
    ui_row(ui, 2, NULL, 0);
    if (ui_button(ui, TR("‹ Chiffre", "‹ Digit")))
        s->sample--, s->dirty = 1;
    if (ui_button(ui, TR("Chiffre ›", "Digit ›")))
        s->sample++, s->dirty = 1;
    ui_row(ui, 1, NULL, 0);
    char buf[96];
    if (s->st.state == TRAINER_LOADING)
        snprintf(buf, sizeof buf, TR("Chargement de MNIST…", "Loading MNIST…"));
    else if (s->st.epochs_done == 0)
        snprintf(buf, sizeof buf,
                 TR("Entraînement d'une époque : %d / %d lots", "Training one epoch: %d / %d batches"),
                 s->st.batch, s->st.batches);
    else
        snprintf(buf, sizeof buf,
                 TR("Entraîné une époque : %.1f %% d'exactitude", "Trained one epoch: %.1f %% accuracy"),
                 (double)s->st.val_acc_hist[0] * 100);
    ui_text(ui, UI_FONT_SMALL, lang_decimals(buf), ui->theme.text_dim);
}

/* The settings' panel in r: the model and its activation, the sample, the forward pass's button
 * (enabled once there is a model m), and how to read the values. */
static void draw_settings(network_state *s, app *a, ui_rect r, const nn_model *m)
{
    ui_context *ui = a->ui;
    const ui_theme *th = &ui->theme;
    ui_rect in = app_panel(ui, r, TR("Réglages", "Settings"));
    ui_layout_begin(ui, in);
    char mine[96];
    int k = snprintf(mine, sizeof mine, "%s", TR("Du code : ", "From the code: "));
    for (int i = 0; i < s->code_n && k > 0 && (size_t)k < sizeof mine; i++)
        k += snprintf(mine + k, sizeof mine - (size_t)k, "%s%d", i ? "-" : "", s->code_w[i]);
    const char *models[N_MODELS + 1] = { TR("Cours : 3-4-2", "Course: 3-4-2"),
                                         TR("Profond : 4-6-6-6-3", "Deep: 4-6-6-6-3"),
                                         TR("MNIST : 784-128-10", "MNIST: 784-128-10"), mine };
    ui_label_font(ui, UI_FONT_SMALL, TR("MODÈLE", "MODEL"), th->text_dim);
    ui_dropdown(ui, "##model", &s->model, models, N_MODELS + (s->code_n > 0));
    ui_row(ui, 2, (float[]){ 90, -1 }, 0);
    ui_label(ui, "activation");
    ui_dropdown(ui, "##act", &s->act, activations, N_ACT);
    ui_row(ui, 1, NULL, 0);
    ui_space(ui, 4);
    ui_label_font(ui, UI_FONT_SMALL, TR("ÉCHANTILLON", "SAMPLE"), th->text_dim);
    if (s->model != MODEL_MNIST)
        input_controls(s, a);
    else
        digit_controls(s, ui);
    ui_space(ui, 8);
    if (ui_button_ex(ui, TR("▶ Propager", "▶ Forward"), 1, m != NULL))
        s->pass_start = a->time;
    ui_space(ui, 6);
    /* demo mode: nobody hovers in front of a room, the spotlight shows the values */
    ui_text(ui, UI_FONT_SMALL,
            a->demo ? TR("Touche Z : un neurone à la loupe, avec ses poids et sa sortie ; les flèches passent au "
                         "suivant.",
                         "Key Z: one neuron magnified, with its weights and output; the arrows move to the next.")
                    : TR("Survolez un neurone ou un lien pour lire sa valeur.",
                         "Hover over a neuron or a link to read its value."),
            th->text_dim);
    ui_layout_end(ui);
}

/* The sample through m: the drawing set up once, then, when the sample or the weights changed
 * (dirty; 2: the weights), the weights read and the forward pass run; an MNIST digit, (784) of d's
 * test set, becomes the input's image too. -1 when the drawing's memory could not be had. */
static int run_sample(network_state *s, app *a, nn_model *m, const data_set *d)
{
    if (m && !s->nv_ready) {
        if (scene_netview_set(a, &s->nv, m, 0) < 0)
            return -1;
        s->nv_ready = 1;
        s->dirty = 2;
    }
    if (m && s->nv_ready && s->dirty) {
        if (s->dirty == 2 || !s->mnist)
            netview_read_weights(&s->nv, m);
        const float *x = s->x;
        if (d) {
            int n = d->test.n;
            s->sample = ((s->sample % n) + n) % n;
            x = d->test.x + (size_t)s->sample * 784;
            scene_gray_image(s->img_rgba, x, 28);
            ui_image_touch(&s->img);
        }
        if (netview_forward(&s->nv, m, x) < 0)
            app_error(a, "%s", nn_error());
        s->dirty = 0;
    }
    return 0;
}

/* How far the forward pass has gone, in layers: fixed by advance() for screenshots, else the time
 * since it started over PASS_SECONDS; it ends 0.8 layer after the last one. -1: no pass. */
static float pass_reveal(network_state *s, app *a)
{
    if (s->fixed_reveal)
        return s->reveal;
    if (s->pass_start < 0)
        return -1;
    float t = (float)((a->time - s->pass_start) / PASS_SECONDS);
    if (t >= (float)(s->nv.n_cols - 1) + 0.8f) {
        s->pass_start = -1;
        return -1;
    }
    a->busy = 1;
    return t;
}

/* The network's panel in r: the drawing revealed up to reveal, above a strip that gives the
 * formula of the stage reached. */
static void draw_network(network_state *s, app *a, ui_rect r, float reveal)
{
    ui_context *ui = a->ui;
    const ui_theme *th = &ui->theme;
    ui_rect net = app_panel(ui, r, TR("Le réseau", "The network"));
    float strip = ui_px(ui, 48);
    ui_rect view = { net.x, net.y, net.w, net.h - strip };
    if (!s->nv_ready) {
        ui_draw_text_aligned(ui, UI_FONT_BODY, TR("Chargement…", "Loading…"), view, UI_CENTER, th->text_dim);
        return;
    }
    static const char *const in3[] = { "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8" };
    static const char *const digits[] = { "0", "1", "2", "3", "4", "5", "6", "7", "8", "9" };
    static const char *const classes_fr[] = { "classe A", "classe B", "classe C", "classe D",
                                              "classe E", "classe F", "classe G", "classe H" };
    static const char *const classes_en[] = { "class A", "class B", "class C", "class D",
                                              "class E", "class F", "class G", "class H" };
    netview_args na = { .reveal = reveal, .input_names = s->model == MODEL_MNIST ? NULL : in3,
                        .output_names = s->model == MODEL_MNIST ? digits
                                        : lang_current() == LANG_EN ? classes_en : classes_fr,
                        .input_image = s->model == MODEL_MNIST ? &s->img : NULL };
    netview_draw(ui, view, &s->nv, &na);
    char buf[160];
    stage_text(s, reveal, buf, sizeof buf);
    ui_rect sr = { net.x, net.y + net.h - strip, net.w, strip };
    ui_fill_round_rect(ui, sr, ui_px(ui, 4), ui_alpha(th->accent_dim, 0.6f));
    float pad = ui_px(ui, 8), tw = sr.w - 2 * pad;
    float text_h = ui_wrapped_height(ui, UI_FONT_BODY, buf, tw);
    ui_draw_wrapped(ui, UI_FONT_BODY, buf, sr.x + pad, sr.y + (sr.h - text_h) / 2, tw, th->text);
}

/* ---- the code panel ------------------------------------------------------------------------------ */

/* The model shown, as code: its layers only (nothing here compiles or fits). */
static void network_spec(const network_state *s, keras_spec *sp)
{
    int w[CODE_HIDDEN + 2], n = widths_of(s, s->model, w);
    memset(sp, 0, sizeof *sp);
    sp->input_ndim = w[0] == 784 ? 2 : 1;
    sp->input_shape[0] = w[0] == 784 ? 28 : w[0];
    sp->input_shape[1] = w[0] == 784 ? 28 : 0;
    for (int i = 1; i < n; i++)
        sp->layer[sp->n_layers++] = (keras_spec_layer){
            .kind = KERAS_DENSE, .units = w[i], .use_bias = 1,
            .activation = scene_kind_index(nn_activation_at, i == n - 1 ? "softmax" : activations[s->act]) };
}

/* An edit's layers into the scene: a preset when its widths are one, else MODEL_CODE within the
 * drawing's limits; one activation from the menu for the hidden layers, softmax at the output. */
static int network_of_spec(network_state *s, const keras_spec *sp, char *why, size_t size)
{
    int w[CODE_HIDDEN + 2], n = 1, act = s->act;
    w[0] = sp->input_ndim == 2 ? sp->input_shape[0] * sp->input_shape[1] : sp->input_shape[0];
    for (int i = 0; i < sp->n_layers; i++) {
        const keras_spec_layer *l = &sp->layer[i];
        const char *name = nn_activation_at(l->activation);
        int last = i == sp->n_layers - 1;
        if (l->kind != KERAS_DENSE || n >= CODE_HIDDEN + 2 || l->units > (last ? CODE_OUTPUTS : CODE_UNITS)) {
            snprintf(why, size, TR("ici : des couches Dense, %d cachées au plus, %d neurones chacune, %d sorties",
                                   "here: Dense layers, at most %d hidden, %d neurons each, %d outputs"),
                     CODE_HIDDEN, CODE_UNITS, CODE_OUTPUTS);
            return -1;
        }
        if (last && strcmp(name, "softmax") != 0) {
            snprintf(why, size, TR("la sortie est softmax : une probabilité par classe",
                                   "the output is softmax: one probability per class"));
            return -1;
        }
        if (!last && (act = scene_menu_index(activations, N_ACT, name, "activation", why, size)) < 0)
            return -1;
        w[n++] = l->units;
    }
    if (n < 2 || w[0] < 1 || (w[0] > CODE_INPUTS && w[0] != 784)) {
        snprintf(why, size, TR("de 1 à %d entrées ici (ou les 28×28 pixels de MNIST)",
                               "1 to %d inputs here (or MNIST's 28×28 pixels)"), CODE_INPUTS);
        return -1;
    }
    s->code_n = 0;
    s->built_model = -1; /* the next frame builds the model anew, even a MODEL_CODE after another */
    for (int m = 0; m < N_MODELS && !s->code_n; m++) {
        int pw[CODE_HIDDEN + 2], pn = widths_of(s, m, pw);
        if (pn == n && memcmp(pw, w, (size_t)n * sizeof *w) == 0)
            return s->model = m, s->act = act, 0;
    }
    if (w[0] == 784) {
        snprintf(why, size, TR("le modèle MNIST de cette scène est 784-128-10", "this scene's MNIST model is 784-128-10"));
        return -1;
    }
    memcpy(s->code_w, w, sizeof w);
    s->code_n = n;
    s->model = MODEL_CODE, s->act = act;
    return 0;
}

static void follow_code(network_state *s)
{
    keras_spec sp;
    keras_spec_env env = { .features = model_inputs(s, s->model), .lang_fr = lang_current() == LANG_FR };
    int w[CODE_HIDDEN + 2], n = widths_of(s, s->model, w);
    env.classes = w[n - 1];
    env.dataset = w[0] == 784 ? "mnist" : NULL;
    if (code_panel_take(&s->code, &sp)) {
        char why[300];
        if (network_of_spec(s, &sp, why, sizeof why) < 0)
            code_panel_refuse(&s->code, 0, why);
        else {
            network_spec(s, &sp);
            code_panel_accept(&s->code, &sp);
            return;
        }
    }
    network_spec(s, &sp);
    code_panel_follow(&s->code, &sp, &env);
}

static code_panel *code(void *p)
{
    network_state *s = p;
    return &s->code;
}

static trainer *trainer_of(void *p)
{
    network_state *s = p;
    return s->mnist; /* the MNIST model; the small networks are not trained here */
}

static void frame(void *p, app *a, ui_rect area)
{
    network_state *s = p;
    ui_context *ui = a->ui;
    follow_code(s);
    float gap = ui_px(ui, 12);
    float cw = fminf(ui_px(ui, 270), area.w * 0.32f);
    ui_rect left = { area.x, area.y, cw, area.h };
    ui_rect right = { area.x + cw + gap, area.y, area.w - cw - gap, area.h };
    const data_set *d;
    nn_model *m = current_model(s, a, &d);
    draw_settings(s, a, left, m);
    /* "New weights" rebuilt the course's model and freed the one m pointed to */
    if (!s->mnist)
        m = s->m;
    if (run_sample(s, a, m, d) < 0)
        return;
    draw_network(s, a, right, pass_reveal(s, a));
}

SCENE_CLASS_WITH_CODE(network);
