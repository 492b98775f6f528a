/* scene_versus.c — two models side by side on the same 2-D data: a shallow network and a deep one
 * (lesson 3), each with its decision map and its loss curve, trained at the same pace by one
 * toolbar, so that the student sees which one bends its boundary around the spiral.
 *
 * Directives (lesson_scenes.c): dataset (a 2-D set), model for the left model and again for the right
 * one, optimizer, learning_rate, batch_size, epochs, play. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "lang.h"
#include "scene_common.h"

enum { LANES = 2 };

typedef struct lane {
    trainer_config cfg;
    trainer *t;
    trainer_stats st;
    scene_live_map map;            /* its decision map, following its weights */
} lane;

typedef struct versus_state {
    lane lane[LANES];
    int headless;
} versus_state;

/* A lesson's model into c: its hidden layers, and their activation when it names one. */
static void set_model(trainer_config *c, const lesson_model *m)
{
    c->hidden = m->n - 2;
    for (int i = 0; i < c->hidden; i++)
        c->units[i] = m->width[i + 1];
    if (m->activation >= 0)
        snprintf(c->activation, sizeof c->activation, "%s", lesson_hidden_activations[m->activation]);
}

static void start(versus_state *s, app *a)
{
    for (int i = 0; i < LANES; i++) {
        lane *l = &s->lane[i];
        trainer_free(l->t);
        l->t = scene_create_trainer(a, &l->cfg);
        memset(&l->st, 0, sizeof l->st);
        l->map.ready = 0;
    }
}

static void *create(app *a, const lesson_config *cfg)
{
    versus_state *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->headless = a->headless;
    /* the defaults: a shallow 2-4-2 against a deep 2-8-8-8-2 */
    trainer_config base = { .hidden = 1, .units = { 4 }, .activation = "tanh", .learning_rate = 0.01f,
                            .batch_size = 10, .epochs = 300, .seed = 1, .pace = s->headless ? 0 : 25 };
    snprintf(base.dataset, sizeof base.dataset, "%s", data_names[cfg->dataset]);
    snprintf(base.optimizer, sizeof base.optimizer, "%s", lesson_optimizers[cfg->optimizer]);
    if (lesson_config_has(cfg, LESSON_F_LEARNING_RATE))
        base.learning_rate = cfg->learning_rate;
    if (lesson_config_has(cfg, LESSON_F_BATCH_SIZE))
        base.batch_size = cfg->batch_size;
    if (lesson_config_has(cfg, LESSON_F_EPOCHS))
        base.epochs = cfg->epochs;
    s->lane[0].cfg = s->lane[1].cfg = base;
    s->lane[1].cfg.hidden = 3;
    s->lane[1].cfg.units[0] = s->lane[1].cfg.units[1] = s->lane[1].cfg.units[2] = 8;
    for (int i = 0; i < LANES && i < cfg->n_models; i++)
        set_model(&s->lane[i].cfg, &cfg->model[i]);
    start(s, a);
    for (int i = 0; i < LANES; i++)
        scene_autoplay(a, cfg, s->lane[i].t);
    return s;
}

static void destroy(void *p)
{
    versus_state *s = p;
    for (int i = 0; i < LANES; i++)
        trainer_free(s->lane[i].t);
    free(s);
}

/* Both models play or pause together: the left one says which. */
static int play(void *p, app *a)
{
    versus_state *s = p;
    (void)a;
    if (!s->lane[0].t)
        return 0;
    trainer_poll(s->lane[0].t, &s->lane[0].st);
    scene_action act = s->lane[0].st.state == TRAINER_RUNNING ? SCENE_PAUSE : SCENE_PLAY;
    for (int i = 0; i < LANES; i++)
        if (s->lane[i].t)
            scene_apply(s->lane[i].t, act, &s->lane[i].st);
    return 1;
}

static void leave(void *p, app *a)
{
    versus_state *s = p;
    (void)a;
    for (int i = 0; i < LANES; i++)
        if (s->lane[i].t)
            trainer_pause(s->lane[i].t);
}

static void advance(void *p, app *a, int steps)
{
    versus_state *s = p;
    for (int i = 0; i < LANES; i++)
        scene_run_trainer(a, s->lane[i].t, &s->lane[i].st, steps);
}

/* "2 → 8 → 8 → 8 → 2" with sep " → ", "2-8-8-8-2" with "-" */
static void shape_text(const trainer_config *c, int outputs, const char *sep, char *buf, size_t n)
{
    snprintf(buf, n, "2");
    for (int i = 0; i < c->hidden; i++)
        snprintf(buf + strlen(buf), n - strlen(buf), "%s%d", sep, c->units[i]);
    snprintf(buf + strlen(buf), n - strlen(buf), "%s%d", sep, outputs);
}

static void lane_frame(versus_state *s, app *a, int i, ui_rect r)
{
    ui_context *ui = a->ui;
    const ui_theme *th = &ui->theme;
    lane *l = &s->lane[i];
    const data_set *d = l->t ? trainer_data(l->t) : NULL;
    nn_model *view = l->t ? trainer_view(l->t) : NULL;
    char shape[96], title[200], compact[200];
    const char *name = i == 0 ? TR("Peu profond", "Shallow") : TR("Profond", "Deep");
    int outputs = d ? d->train.classes : 2;
    shape_text(&l->cfg, outputs, "-", shape, sizeof shape);
    snprintf(title, sizeof title, "%s · %s", name, shape);
    /* narrow lanes (demo mode): "Profond · 2-8-8-8-2", else the name alone and the shape below */
    snprintf(compact, sizeof compact, "%s · ", name);
    shape_text(&l->cfg, outputs, "-", compact + strlen(compact), sizeof compact - strlen(compact));
    float title_w = r.w - 2 * ui_px(ui, th->padding);
    const char *shown = scene_fit(ui, UI_FONT_HEADING, title_w, 3, (const char *const[]){ title, compact, name });
    ui_rect in = app_panel(ui, r, shown);
    if (!d || !view || d->train.dim != 2) {
        ui_draw_text_aligned(ui, UI_FONT_BODY, TR("Chargement…", "Loading…"), in, UI_CENTER, th->text_dim);
        return;
    }
    /* the map costs a forward pass over the grid: at most 8 times a second */
    scene_live_map_follow(a, &l->map, l->t, view, d, 0.125);
    char info[160];
    const trainer_stats *st = &l->st;
    float acc = st->n_epochs ? st->val_acc_hist[st->n_epochs - 1] * 100 : 0;
    int many = l->cfg.hidden > 1;
    snprintf(info, sizeof info,
             TR("%s%s%ld paramètres · %d %s · exactitude (validation) %.0f %%",
                "%s%s%ld parameters · %d %s · accuracy (validation) %.0f %%"),
             shown == name ? shape : "", shown == name ? " · " : "", nn_count_params(view), l->cfg.hidden,
             many ? TR("couches cachées", "hidden layers") : TR("couche cachée", "hidden layer"),
             (double)acc);
    /* the line wraps rather than runs out of the lane; the chart keeps room for its title,
     * legend, ticks and a plot, in whatever type */
    float lh = ui_draw_wrapped(ui, UI_FONT_SMALL, info, in.x, in.y, in.w, th->text_dim);
    float gap = ui_px(ui, 8);
    float chart_h = fmaxf(fmaxf(in.h * 0.3f, ui_px(ui, 120)), ui_line_height(ui, UI_FONT_SMALL) * 10.5f);
    ui_rect map = { in.x, in.y + lh + gap, in.w, in.h - lh - 2 * gap - chart_h };
    float dummy[2];
    scene_map_draw(ui, map, &l->map.map, d, 0, dummy);
    scene_loss_chart(ui, (ui_rect){ in.x, map.y + map.h + gap, in.w, chart_h }, st, NULL);
}

static void frame(void *p, app *a, ui_rect area)
{
    versus_state *s = p;
    ui_context *ui = a->ui;
    float gap = ui_px(ui, 12);
    for (int i = 0; i < LANES; i++)
        scene_poll_trainer(a, s->lane[i].t, &s->lane[i].st);

    /* one toolbar drives both models; it shows the left one's state */
    scene_action act = scene_toolbar_top(ui, &area, NULL, &s->lane[0].st);
    if (act == SCENE_RESET || (!s->lane[0].t && act != SCENE_NONE))
        start(s, a);
    else if (act != SCENE_NONE)
        for (int i = 0; i < LANES; i++)
            if (s->lane[i].t)
                scene_apply(s->lane[i].t, act, &s->lane[i].st);
    float w = (area.w - gap) / 2;
    for (int i = 0; i < LANES; i++)
        lane_frame(s, a, i, (ui_rect){ area.x + (w + gap) * (float)i, area.y, w, area.h });
}

SCENE_CLASS_OF_FILE(versus);
