/* scene_loss.c — the loss: what it measures, and what it shows when a model over-fits.
 *
 * Top: a wide network trains on a hundred noisy points; the training loss keeps going down while
 * the validation loss turns back up, and the decision map bends around the noise. Bottom: the
 * loss function itself, cross-entropy or mean squared error, against the predicted probability,
 * with the value of the prediction the student picks. Both are computed by the engine: the curve
 * is nn_evaluate of a one-weight model whose output is the prediction. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "lang.h"
#include "plot.h"
#include "scene_common.h"

enum { CURVE_N = 199 };
enum { LOSS_BCE, LOSS_MSE, N_LOSS };
_Static_assert((int)N_LOSS == (int)LESSON_N_LOSSES, "the course table's losses, in this order");

typedef struct loss_state {
    scene_trained base;            /* first: the scene_trained_* functions see it */
    scene_live_map map;            /* the decision map of the noisy points */
    int show_test;
    int headless;
    /* the loss function */
    int loss, truth;               /* the chosen loss; the true class, 0 or 1 */
    float p;                       /* the predicted probability of class 1 */
    nn_model *probe[N_LOSS];       /* Dense(1, linear) on 1 input: its output is its weight */
    float curve_p[CURVE_N], curve[N_LOSS][2][CURVE_N];
    float value;                   /* the loss at p */
    trainer_config cfg;            /* the over-fitting model, as the code panel shows and sets it */
    code_panel code;
} loss_state;

static const char *const loss_names[N_LOSS] = { "binary_crossentropy", "mse" };

/* The loss of predicting p when the truth is y, as the engine computes it. */
static int engine_loss(nn_model *m, float p, float y, float *out)
{
    float one = 1, zero = 0;
    if (nn_set_weights(m, 0, &p, &zero) < 0)
        return -1;
    return nn_evaluate(m, &one, &y, 1, out, NULL);
}

static int build_probes(loss_state *s)
{
    for (int k = 0; k < N_LOSS; k++) {
        nn_model *m = nn_sequential();
        s->probe[k] = m;
        if (!m || nn_add_dense(m, 1, "linear", 1) < 0 || nn_compile(m, "sgd", loss_names[k], NULL) < 0)
            return -1;
    }
    for (int i = 0; i < CURVE_N; i++) {
        s->curve_p[i] = (float)(i + 1) / (CURVE_N + 1);
        for (int k = 0; k < N_LOSS; k++)
            for (int y = 0; y < 2; y++)
                if (engine_loss(s->probe[k], s->curve_p[i], (float)y, &s->curve[k][y][i]) < 0)
                    return -1;
    }
    return 0;
}

static void restart(loss_state *s, app *a)
{
    trainer_free(s->base.t);
    s->base.t = scene_create_trainer(a, &s->cfg);
    s->map.ready = 0;
    memset(&s->base.st, 0, sizeof s->base.st);
}

static void *create(app *a, const lesson_config *cfg)
{
    loss_state *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    code_panel_start(&s->code, cfg->code);
    s->headless = a->headless;
    s->truth = 1;
    s->p = 0.3f;
    s->loss = cfg->loss; /* lesson_losses: binary_crossentropy, mse */
    /* few points, much noise, many weights: the recipe for over-fitting */
    s->cfg = (trainer_config){ .dataset = "circle", .points = 100, .noise = 0.3f, .hidden = 2, .units = { 64, 64 },
                               .activation = "relu", .optimizer = "adam", .learning_rate = 0.002f, .batch_size = 16,
                               .epochs = 200, .seed = 1, .pace = s->headless ? 0 : 20 };
    if (build_probes(s) < 0)
        app_error(a, "%s", nn_error());
    else
        engine_loss(s->probe[s->loss], s->p, (float)s->truth, &s->value);
    restart(s, a);
    /* @play: training starts with the lesson (not in screenshots, which step it themselves) */
    scene_autoplay(a, cfg, s->base.t);
    return s;
}

static void destroy(void *p)
{
    loss_state *s = p;
    trainer_free(s->base.t);
    for (int k = 0; k < N_LOSS; k++)
        nn_free(s->probe[k]);
    free(s);
}

/* The over-fitting chart: both losses, the best epoch, and the stretch after it shaded. */
/* Where the over-fitting label goes in the shaded part, from lx to the right: between the two
 * curves there (validation above, training below), or under both when they leave no room; the
 * best epoch's name is at the top. */
static float label_y(const loss_state *s, const plot_frame *f, int best, float h, float lx)
{
    float val_low = f->area.y, train_high = f->area.y + f->area.h;
    for (int e = best; e < s->base.st.n_epochs; e++) {
        if (plot_map_x(f, (float)(e + 1)) < lx)
            continue; /* only under the label's own width */
        val_low = fmaxf(val_low, plot_map_y(f, s->base.st.val_loss_hist[e]));
        train_high = fminf(train_high, plot_map_y(f, s->base.st.loss_hist[e]));
    }
    if (train_high - val_low > h + 8)
        return (val_low + train_high - h) / 2;
    return f->area.y + f->area.h - h - 4;
}

static void overfit_chart(loss_state *s, app *a, ui_rect r)
{
    ui_context *ui = a->ui;
    const ui_theme *th = &ui->theme;
    plot_frame f = scene_loss_chart(
        ui, r, &s->base.st, TR("Perte : entraînement et validation", "Loss: training and validation"));
    if (s->base.st.n_epochs < 3)
        return;
    int best = 0;
    for (int e = 1; e < s->base.st.n_epochs; e++)
        if (s->base.st.val_loss_hist[e] < s->base.st.val_loss_hist[best])
            best = e;
    float bx = (float)(best + 1), px = plot_map_x(&f, bx);
    if (best + 3 < s->base.st.n_epochs) {
        float x1 = f.area.x + f.area.w;
        ui_fill_rect(ui, (ui_rect){ px, f.area.y, x1 - px, f.area.h }, ui_alpha(th->bad, 0.07f));
        const char *txt = TR("sur-apprentissage →", "over-fitting →");
        float tw = ui_text_width(ui, UI_FONT_BOLD, txt, -1);
        float ty = label_y(s, &f, best, ui_line_height(ui, UI_FONT_BOLD), x1 - tw - ui_px(ui, 6));
        if (x1 - px > tw + ui_px(ui, 12))
            ui_draw_text(ui, UI_FONT_BOLD, txt, -1, x1 - tw - ui_px(ui, 6), ty, th->bad);
    }
    char buf[64];
    snprintf(buf, sizeof buf, TR("meilleure époque : %d", "best epoch: %d"), best + 1);
    plot_vline(ui, &f, bx, th->text, buf);
    plot_marker(ui, &f, bx, s->base.st.val_loss_hist[best], th->series[1], NULL);
}

static void loss_function(loss_state *s, app *a, ui_rect r)
{
    ui_context *ui = a->ui;
    const ui_theme *th = &ui->theme;
    float gap = ui_px(ui, 12), cw = fminf(ui_px(ui, 300), r.w * 0.4f);
    ui_rect chart = { r.x, r.y, r.w - cw - gap, r.h };
    ui_rect ctl = { r.x + r.w - cw, r.y, cw, r.h };

    /* a short panel (demo mode) keeps the widgets, the loss and its formula: the title goes (the
     * list names the loss), the sections' names too (y and p name the widgets), and the sentence
     * under the formula */
    float mono_h = ui_line_height(ui, UI_FONT_MONO), value_h = ui_px(ui, th->row_height + th->spacing);
    float title_h = ui_line_height(ui, UI_FONT_HEADING) + ui_px(ui, 8);
    int roomy = scene_rows_fit(ui, ctl.h - 2 * ui_px(ui, th->padding) - title_h - value_h - 2 * mono_h -
                                       2 * scene_section_h(ui) - 3 * ui_line_height(ui, UI_FONT_SMALL)) >= 3;
    ui_rect in = roomy ? app_panel(ui, ctl, TR("La fonction de perte", "The loss function")) : app_panel(ui, ctl, NULL);
    ui_layout_begin(ui, in);
    const char *names[N_LOSS] = { TR("entropie croisée", "cross-entropy"),
                                  TR("erreur quadratique", "squared error") };
    int changed = ui_dropdown(ui, "##loss", &s->loss, names, N_LOSS);
    const char *classes[2] = { TR("classe 0", "class 0"), TR("classe 1", "class 1") };
    if (roomy)
        scene_section(ui, TR("LA BONNE RÉPONSE y", "THE RIGHT ANSWER y"));
    ui->label_w = 20;
    changed |= ui_tabs(ui, roomy ? "##truth" : "y##truth", &s->truth, classes, 2);
    if (roomy)
        scene_section(ui, TR("LA PRÉDICTION p = P(classe 1)", "THE PREDICTION p = P(class 1)"));
    changed |= ui_slider(ui, "p", &s->p, 0.01f, 0.99f, "%.2f");
    ui->label_w = 0;
    if (changed && s->probe[s->loss] && engine_loss(s->probe[s->loss], s->p, (float)s->truth, &s->value) < 0)
        app_error(a, "%s", nn_error());
    ui_space(ui, 6);
    char buf[160];
    snprintf(buf, sizeof buf, TR("perte = %.3f", "loss = %.3f"), (double)s->value);
    lang_decimals(buf);
    ui_label_font(ui, UI_FONT_HEADING, buf, th->text);
    if (s->loss == LOSS_BCE)
        snprintf(buf, sizeof buf, "L = −[y·log(p) + (1−y)·log(1−p)]");
    else
        snprintf(buf, sizeof buf, "L = (y − p)²");
    ui_text(ui, UI_FONT_MONO, buf, th->text);
    if (roomy)
        ui_text(ui, UI_FONT_SMALL,
            s->loss == LOSS_BCE
                ? TR("Sûr de lui et faux (p près de 0 quand y = 1) : la perte s'envole.",
                     "Confident and wrong (p near 0 when y = 1): the loss soars.")
                : TR("L'erreur quadratique reste bornée : elle punit moins les grosses erreurs.",
                     "The squared error stays bounded: it punishes big mistakes less."),
            th->text_dim);
    ui_layout_end(ui);

    ui_rect cin = app_panel(ui, chart, NULL);
    int other = 1 - s->loss;
    plot_series sr[2] = {
        { .name = names[other], .x = s->curve_p, .y = s->curve[other][s->truth], .n = CURVE_N,
          .color = ui_alpha(th->text_dim, 0.7f), .width = 1.5f, .dashed = 1 },
        { .name = names[s->loss], .x = s->curve_p, .y = s->curve[s->loss][s->truth], .n = CURVE_N,
          .color = th->accent, .width = 3 },
    };
    char longer[96];
    snprintf(longer, sizeof longer,
             TR("Perte quand la bonne réponse est y = %d", "Loss when the right answer is y = %d"), s->truth);
    snprintf(buf, sizeof buf, TR("Perte si y = %d", "Loss if y = %d"), s->truth);
    plot_axes ax = {
        .title = scene_fit(ui, UI_FONT_BOLD, cin.w - ui_px(ui, 16), 2, (const char *const[]){ longer, buf }), .xlabel = TR("prédiction p", "prediction p"), .xmin = 0, .xmax = 1, .ymin = 0, .ymax = 5
    };
    plot_frame f = plot_lines(ui, cin, &ax, sr, 2);
    char mark[48];
    snprintf(mark, sizeof mark, "%.3f", (double)s->value);
    lang_decimals(mark);
    plot_marker(ui, &f, s->p, fminf(s->value, 5), th->negative, mark);
}

/* The code panel: the over-fitting model; an edit that reads trains it anew. */
static void follow_code(loss_state *s, app *a, const data_set *data)
{
    scene_data_shape d = scene_shape_of(data);
    trainer_config next;
    if (scene_code_take(&s->code, &s->cfg, &d, 1024, &next)) {
        s->cfg = next;
        restart(s, a);
        scene_code_accept(&s->code, &s->cfg, &d);
    }
    scene_code_follow(&s->code, &s->cfg, &d);
}

static code_panel *code(void *p)
{
    loss_state *s = p;
    return &s->code;
}

static void frame(void *p, app *a, ui_rect area)
{
    loss_state *s = p;
    ui_context *ui = a->ui;
    float gap = ui_px(ui, 12);
    scene_poll_trainer(a, s->base.t, &s->base.st);
    if (scene_toolbar_top(ui, &area, s->base.t, &s->base.st) == SCENE_RESET)
        restart(s, a);

    /* a short area (demo mode) gives the loss function's widgets more of the height */
    float top_h = (area.h - gap) * (area.h < ui_px(ui, 520) ? 0.45f : 0.54f);
    float mw = fminf(top_h, area.w * 0.38f);
    ui_rect curves = { area.x, area.y, area.w - mw - gap, top_h };
    ui_rect map = { area.x + area.w - mw, area.y, mw, top_h };
    ui_rect bottom = { area.x, area.y + top_h + gap, area.w, area.h - top_h - gap };

    overfit_chart(s, a, app_panel(ui, curves, NULL));

    ui_rect min = scene_panel(ui, map, TR("100 points bruités", "100 noisy points"), TR("100 points", "100 points"));
    const data_set *d = s->base.t ? trainer_data(s->base.t) : NULL;
    if (d)
        follow_code(s, a, d);
    d = s->base.t ? trainer_data(s->base.t) : NULL; /* an edit restarted the trainer */
    nn_model *view = s->base.t ? trainer_view(s->base.t) : NULL;
    if (d && view) {
        /* the map follows the weights 10 times a second at most; the toggle is as wide as the panel */
        scene_live_map_follow(a, &s->map, s->base.t, view, d, 0.1);
        float hover[2];
        scene_map_toggle(ui, min, &s->map.map, d, &s->show_test, 0, TR("données de validation", "validation data"),
                         TR("validation", "validation"), hover);
    }
    loss_function(s, a, bottom);
}

SCENE_CLASS_TRAINED_WITH_CODE(loss);
