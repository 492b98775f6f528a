/* scene_common.c — the training toolbar, a trainer's charts, sample images. */
#include "scene_common.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang.h"
#include "plot.h"

static const char *state_text(const trainer_stats *st)
{
    switch (st->state) {
    case TRAINER_LOADING: return TR("Chargement des données…", "Loading the data…");
    case TRAINER_READY: return TR("Prêt", "Ready");
    case TRAINER_RUNNING: return TR("Entraînement", "Training");
    case TRAINER_PAUSED: return TR("En pause", "Paused");
    case TRAINER_DONE: return TR("Terminé", "Done");
    case TRAINER_FAILED: return TR("Échec", "Failed");
    }
    return "";
}

const char *scene_fit(ui_context *ui, int font, float w, int n, const char *const *texts)
{
    for (int i = 0; i < n - 1; i++)
        if (ui_text_width(ui, font, texts[i], -1) <= w)
            return texts[i];
    return texts[n - 1];
}

ui_rect scene_panel(ui_context *ui, ui_rect r, const char *title, const char *shorter)
{
    float w = r.w - 2 * ui_px(ui, ui->theme.padding);
    return app_panel(ui, r, scene_fit(ui, UI_FONT_HEADING, w, 2, (const char *const[]){ title, shorter }));
}

ui_rect scene_panel_fit(ui_context *ui, ui_rect r, int n, const char *const *titles)
{
    float w = r.w - 2 * ui_px(ui, ui->theme.padding);
    const char *t = scene_fit(ui, UI_FONT_HEADING, w, n, titles);
    ui_rect in = app_panel(ui, r, t);
    if (t != titles[0])
        ui_tooltip(ui, (ui_rect){ r.x, r.y, r.w, in.y - r.y }, titles[0]);
    return in;
}

void scene_fit_text(ui_context *ui, int font, ui_rect r, int align, ui_color c, int n, const char *const *texts)
{
    const char *t = scene_fit(ui, font, r.w, n, texts);
    ui_push_clip(ui, r);
    ui_draw_text_aligned(ui, font, t, r, align, c);
    ui_pop_clip(ui);
    if (t != texts[0])
        ui_tooltip(ui, r, texts[0]);
}

const char *scene_cut_text(ui_context *ui, int font, const char *t, float w, char *buf, size_t n)
{
    if (ui_text_width(ui, font, t, -1) <= w)
        return t;
    size_t len = strlen(t);
    if (len >= n)
        len = n - 2;
    while (len > 0) {
        do
            len--;
        while (len > 0 && ((unsigned char)t[len] & 0xc0) == 0x80);
        memcpy(buf, t, len);
        buf[len] = '.';
        buf[len + 1] = 0;
        if (ui_text_width(ui, font, buf, -1) <= w)
            return buf;
    }
    return "";
}

void scene_cut_label(ui_context *ui, int font, const char *t, ui_rect r, int align, ui_color c)
{
    char cut[160];
    const char *shown = scene_cut_text(ui, font, t, r.w, cut, sizeof cut);
    ui_push_clip(ui, r);
    ui_draw_text_aligned(ui, font, shown, r, align, c);
    ui_pop_clip(ui);
    if (shown != t)
        ui_tooltip(ui, r, t);
}

float scene_button_w(ui_context *ui, const char *label)
{
    const char *hash = strstr(label, "##");
    return ui_text_width(ui, UI_FONT_BODY, label, hash ? (int)(hash - label) : -1) + ui_px(ui, 20);
}

int scene_rows_fit(const ui_context *ui, float h)
{
    return (int)((h + ui_px(ui, ui->theme.spacing)) / ui_px(ui, ui->theme.row_height + ui->theme.spacing));
}

float scene_section_h(const ui_context *ui)
{
    return ui_px(ui, ui->theme.font_pt[UI_FONT_SMALL] * 1.5f + ui->theme.spacing);
}

void scene_section(ui_context *ui, const char *name)
{
    ui_row(ui, 1, NULL, ui->theme.font_pt[UI_FONT_SMALL] * 1.5f);
    ui_rect r = ui_next(ui);
    ui_draw_text_aligned(ui, UI_FONT_SMALL, name, (ui_rect){ r.x, r.y, r.w, r.h }, UI_LEFT, ui->theme.text_dim);
    ui_row(ui, 1, NULL, 0);
}

int scene_index_of(const char *const *names, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (strcmp(names[i], name) == 0)
            return i;
    return -1;
}

int scene_tab_pages(const lesson_config *cfg, int *tab_of_page)
{
    memcpy(tab_of_page, cfg->tab, (size_t)cfg->n_tabs * sizeof *tab_of_page);
    return cfg->n_tabs;
}

/* The state in words, as long as w allows: "Entraînement · époque 3 / 20 · perte 0.231 ·
 * exactitude 91.4 %", then without the state, then without the accuracy, then that in the small
 * type, then "ép. 3/20 · perte 0.231" in it (demo mode's large type beside the toolbar's buttons).
 * Returns the font. */
static int status_fit(ui_context *ui, const trainer_stats *st, float w, char *buf, size_t n)
{
    if (st->state == TRAINER_LOADING || st->state == TRAINER_FAILED || st->steps == 0 || !st->epochs_planned) {
        snprintf(buf, n, "%s", state_text(st));
        return ui_text_width(ui, UI_FONT_BODY, buf, -1) <= w ? UI_FONT_BODY : UI_FONT_SMALL;
    }
    int epoch = st->epochs_done + (st->state == TRAINER_RUNNING || st->state == TRAINER_PAUSED ? 1 : 0);
    int planned = st->epochs_planned;
    epoch = epoch > planned ? planned : epoch;
    double loss = (double)st->loss, acc = (double)st->metric * 100;
    for (int form = st->no_metric ? 2 : 0; form < 5; form++) {
        int font = form < 3 ? UI_FONT_BODY : UI_FONT_SMALL;
        if (form == 0)
            snprintf(buf, n, TR("%s · époque %d / %d · perte %.3f · exactitude %.1f %%",
                                "%s · epoch %d / %d · loss %.3f · accuracy %.1f %%"),
                     state_text(st), epoch, planned, loss, acc);
        else if (form == 1)
            snprintf(buf, n, TR("époque %d / %d · perte %.3f · exactitude %.1f %%",
                                "epoch %d / %d · loss %.3f · accuracy %.1f %%"), epoch, planned, loss, acc);
        else if (form < 4)
            snprintf(buf, n, TR("époque %d / %d · perte %.3f", "epoch %d / %d · loss %.3f"), epoch, planned,
                     loss);
        else
            snprintf(buf, n, TR("ép. %d/%d · perte %.3f", "ep. %d/%d · loss %.3f"), epoch, planned, loss);
        lang_decimals(buf);
        if (ui_text_width(ui, font, buf, -1) <= w || form == 4)
            return font;
    }
    return UI_FONT_BODY;
}

/* A button of the toolbar, w wide at *x in r's row, with its tooltip; *x moves past it and a gap.
 * Returns 1 when pressed. */
static int tool_button(ui_context *ui, ui_rect r, float *x, float w, const char *label, int primary, int enabled,
                       const char *tip)
{
    ui_rect b = { *x, r.y, w, r.h };
    int pressed = ui_button_at(ui, b, label, primary, enabled);
    ui_tooltip(ui, b, tip);
    *x += w + ui_px(ui, 8);
    return pressed;
}

scene_action scene_toolbar(ui_context *ui, ui_rect r, const trainer_stats *st)
{
    const ui_theme *th = &ui->theme;
    scene_action act = SCENE_NONE;
    int ready = st->state != TRAINER_LOADING && st->state != TRAINER_FAILED;
    int running = st->state == TRAINER_RUNNING;
    float h = r.h, x = r.x, gap = ui_px(ui, 8);
    /* each button as wide as its label (the wider of play's two), in demo mode's type too */
    const char *play = running ? TR("❚❚ Pause##play", "❚❚ Pause##play") : TR("▶ Lecture##play", "▶ Play##play");
    float bw = fmaxf(scene_button_w(ui, TR("▶ Lecture##play", "▶ Play##play")),
                     scene_button_w(ui, TR("❚❚ Pause##play", "❚❚ Pause##play")));
    if (tool_button(ui, r, &x, bw, play, 1, ready,
                    TR("Lancer ou arrêter l'entraînement (barre d'espace)", "Start or stop training (space bar)")))
        act = running ? SCENE_PAUSE : SCENE_PLAY;
    const char *batch = TR("+1 lot##step", "+1 batch##step");
    if (tool_button(ui, r, &x, scene_button_w(ui, batch), batch, 0, ready && !running,
                    TR("Un lot (batch) de plus, puis pause", "One more batch, then pause")))
        act = SCENE_STEP_BATCH;
    const char *epoch = TR("+1 époque##epoch", "+1 epoch##epoch");
    if (tool_button(ui, r, &x, scene_button_w(ui, epoch), epoch, 0, ready && !running,
                    TR("Une époque de plus, puis pause", "One more epoch, then pause")))
        act = SCENE_STEP_EPOCH;
    if (tool_button(ui, r, &x, fmaxf(scene_button_w(ui, "↺"), h), "↺##reset", 0, st->state != TRAINER_LOADING,
                    TR("Recommencer avec de nouveaux poids", "Start again with fresh weights")))
        act = SCENE_RESET;
    x += gap;
    char buf[160];
    ui_rect tr = { x, r.y, r.x + r.w - x, h };
    int font = status_fit(ui, st, tr.w, buf, sizeof buf);
    ui_push_clip(ui, tr);
    ui_draw_text_aligned(ui, font, buf, tr, UI_LEFT,
                         st->state == TRAINER_FAILED ? th->bad : th->text);
    ui_pop_clip(ui);
    return act;
}

void scene_apply(trainer *t, scene_action act, const trainer_stats *st)
{
    (void)st;
    switch (act) {
    case SCENE_PLAY: trainer_play(t); break;
    case SCENE_PAUSE: trainer_pause(t); break;
    case SCENE_STEP_BATCH: trainer_step_batch(t); break;
    case SCENE_STEP_EPOCH: trainer_step_epoch(t); break;
    default: break;
    }
}

scene_action scene_toolbar_top(ui_context *ui, ui_rect *area, trainer *t, const trainer_stats *st)
{
    float tb = ui_px(ui, 34), gap = ui_px(ui, 12);
    scene_action act = scene_toolbar(ui, (ui_rect){ area->x, area->y, area->w, tb }, st);
    if (act != SCENE_NONE && act != SCENE_RESET && t)
        scene_apply(t, act, st);
    area->y += tb + gap;
    area->h -= tb + gap;
    return act;
}

/* A trainer's error in the dialog. The engine's message for a NaN or infinite loss says
 * "diverged": that one is said to the student first, in their language, with what to do. */
static void tell_error(app *a, const char *msg)
{
    if (strstr(msg, "diverged"))
        app_error(a,
                  TR("L'entraînement a divergé : la perte a explosé jusqu'à ne plus être un nombre (NaN), "
                     "et l'atelier l'a arrêté. Baissez le learning_rate, puis recommencez avec ↺. Détail : %s",
                     "Training diverged: the loss blew up until it was no longer a number (NaN), so the "
                     "workbench stopped it. Lower the learning_rate, then start again with ↺. Details: %s"),
                  msg);
    else
        app_error(a, "%s", msg);
}

void scene_poll_trainer(app *a, trainer *t, trainer_stats *st)
{
    if (!t)
        return;
    trainer_poll(t, st);
    char msg[512];
    if (trainer_error_once(t, msg, sizeof msg))
        tell_error(a, msg);
    if (st->state == TRAINER_RUNNING || st->state == TRAINER_LOADING)
        a->busy = 1;
}

int scene_toggle_trainer(trainer *t, trainer_stats *st)
{
    if (!t)
        return 0;
    trainer_poll(t, st);
    scene_apply(t, st->state == TRAINER_RUNNING ? SCENE_PAUSE : SCENE_PLAY, st);
    return 1;
}

void scene_run_trainer(app *a, trainer *t, trainer_stats *st, int steps)
{
    if (t && trainer_run_steps(t, steps, 600) < 0) {
        trainer_poll(t, st);
        tell_error(a, st->error[0] ? st->error
                                   : TR("l'entraînement n'a pas fini à temps", "training did not finish in time"));
    }
}

int scene_trained_play(void *scene, app *a)
{
    scene_trained *s = scene;
    (void)a;
    return scene_toggle_trainer(s->t, &s->st);
}

void scene_trained_leave(void *scene, app *a)
{
    scene_trained *s = scene;
    (void)a;
    if (s->t)
        trainer_pause(s->t);
}

trainer *scene_trained_trainer(void *scene)
{
    return ((scene_trained *)scene)->t;
}

void scene_trained_advance(void *scene, app *a, int steps)
{
    scene_trained *s = scene;
    scene_run_trainer(a, s->t, &s->st, steps);
}

/* x positions of the epochs: epoch e (0-based) ends at e + 1 */
static float epoch_x[TRAINER_MAX_EPOCHS];

static const float *epochs_axis(void)
{
    if (epoch_x[1] == 0)
        for (int i = 0; i < TRAINER_MAX_EPOCHS; i++)
            epoch_x[i] = (float)(i + 1);
    return epoch_x;
}

plot_frame scene_loss_chart(ui_context *ui, ui_rect r, const trainer_stats *st, const char *title)
{
    const ui_theme *th = &ui->theme;
    plot_series s[3] = {
        { .name = NULL, .x = st->point_x, .y = st->point_loss, .n = st->n_points,
          .color = ui_alpha(th->series[0], 0.35f), .width = 1.5f },
        { .name = TR("entraînement", "training"), .x = epochs_axis(), .y = st->loss_hist, .n = st->n_epochs,
          .color = th->series[0], .width = 2.5f, .points = st->n_epochs < 30 },
        { .name = "validation", .x = epochs_axis(), .y = st->val_loss_hist, .n = st->n_epochs,
          .color = th->series[1], .width = 2.5f, .points = st->n_epochs < 30 },
    };
    float xmax = fmaxf(1, st->n_points ? st->point_x[st->n_points - 1] : 1);
    plot_axes ax = { .title = title ? title : TR("Perte", "Loss"), .xlabel = TR("époques", "epochs"),
                     .xmin = 0, .xmax = ceilf(xmax), .integer_x = 1, .y_from_zero = 1 };
    return plot_lines(ui, r, &ax, s, 3);
}

void scene_accuracy_chart(ui_context *ui, ui_rect r, const trainer_stats *st, const char *title)
{
    const ui_theme *th = &ui->theme;
    static float pct[2][TRAINER_MAX_EPOCHS];
    for (int i = 0; i < st->n_epochs; i++) {
        pct[0][i] = st->acc_hist[i] * 100;
        pct[1][i] = st->val_acc_hist[i] * 100;
    }
    plot_series s[2] = {
        { .name = TR("entraînement", "training"), .x = epochs_axis(), .y = pct[0], .n = st->n_epochs,
          .color = th->series[0], .width = 2.5f, .points = st->n_epochs < 30 },
        { .name = "validation", .x = epochs_axis(), .y = pct[1], .n = st->n_epochs, .color = th->series[1],
          .width = 2.5f, .points = st->n_epochs < 30 },
    };
    float xmax = fmaxf(1, st->n_points ? st->point_x[st->n_points - 1] : 1);
    plot_axes ax = { .title = title ? title : TR("Exactitude (%)", "Accuracy (%)"),
                     .xlabel = TR("époques", "epochs"),
                     .xmin = 0,
                     .xmax = ceilf(xmax),
                     .integer_x = 1,
                     .ymin = 0,
                     .ymax = 100 };
    plot_lines(ui, r, &ax, s, 2);
}

void scene_gray_image(uint8_t *rgba, const float *x, int side)
{
    for (int i = 0; i < side * side; i++) {
        float v = x[i] < 0 ? 0 : x[i] > 1 ? 1 : x[i];
        uint8_t g = (uint8_t)(255 - v * 255 + 0.5f);
        rgba[4 * i + 0] = g;
        rgba[4 * i + 1] = g;
        rgba[4 * i + 2] = g;
        rgba[4 * i + 3] = 255;
    }
}

void scene_gray_images(uint8_t *rgba, ui_image *img, const float *x, int n, int side)
{
    size_t pixels = (size_t)side * (size_t)side;
    for (int i = 0; i < n; i++) {
        scene_gray_image(rgba + (size_t)i * pixels * 4, x + (size_t)i * pixels, side);
        ui_image_touch(&img[i]);
    }
}

int scene_argmax(const float *p, int n)
{
    int best = 0;
    for (int i = 1; i < n; i++)
        if (p[i] > p[best])
            best = i;
    return best;
}

int scene_netview_set(app *a, netview *nv, nn_model *view, int weights)
{
    if (netview_set_model(nv, view) < 0 || (weights && netview_read_weights(nv, view) < 0)) {
        app_error(a, TR("Plus de mémoire pour dessiner le réseau.", "Out of memory drawing the network."));
        return -1;
    }
    return 0;
}

int scene_throttle(const app *a, double *last, double period)
{
    if (!a->headless && a->time - *last <= period && a->time >= *last)
        return 0;
    *last = a->time;
    return 1;
}

void scene_page_tab(const app *a, int *last_page, const int *tab_of_page, int n_tab_pages, int *tab)
{
    if (a->page == *last_page)
        return;
    if (a->page < n_tab_pages)
        *tab = tab_of_page[a->page];
    *last_page = a->page;
}

/* ---- decision maps ------------------------------------------------------------------------------ */

void scene_map_init(scene_map *m, const data_set *d)
{
    float e = 0;
    for (int i = 0; i < d->train.n * 2; i++)
        e = fmaxf(e, fabsf(d->train.x[i]));
    e = e * 1.08f + 0.1f;
    m->lo[0] = m->lo[1] = -e;
    m->hi[0] = m->hi[1] = e;
    for (int j = 0; j < SCENE_MAP; j++)
        for (int i = 0; i < SCENE_MAP; i++) {
            float *x = &m->x[2 * (j * SCENE_MAP + i)];
            x[0] = m->lo[0] + (m->hi[0] - m->lo[0]) * ((float)i + 0.5f) / SCENE_MAP;
            x[1] = m->hi[1] - (m->hi[1] - m->lo[1]) * ((float)j + 0.5f) / SCENE_MAP;
        }
    m->img = (ui_image){ .rgba = m->rgba, .w = SCENE_MAP, .h = SCENE_MAP, .smooth = 1 };
    memset(m->rgba, 255, sizeof m->rgba);
    ui_image_touch(&m->img);
}

int scene_map_update(scene_map *m, nn_model *view, const ui_theme *th)
{
    if (nn_predict(view, m->x, SCENE_MAP * SCENE_MAP, m->p) < 0)
        return -1;
    /* pale, so that the points stand out; stronger where the model is sure */
    for (int k = 0; k < SCENE_MAP * SCENE_MAP; k++) {
        float t = m->p[2 * k + 1] * 2 - 1;
        ui_color c = ui_mix(th->panel, ui_diverging(th, t), 0.62f * fminf(1, fabsf(t) * 1.25f));
        uint8_t *px = &m->rgba[4 * k];
        px[0] = c.r, px[1] = c.g, px[2] = c.b, px[3] = 255;
    }
    ui_image_touch(&m->img);
    return 0;
}

void scene_live_map_follow(app *a, scene_live_map *m, trainer *t, nn_model *view, const data_set *d,
                           double period)
{
    if (!m->ready) {
        scene_map_init(&m->map, d);
        m->ready = 1;
        m->fresh = 1;
    }
    if (trainer_sync_view(t) > 0)
        m->fresh = 1;
    if (m->fresh && scene_throttle(a, &m->last, period)) {
        if (scene_map_update(&m->map, view, &a->ui->theme) < 0)
            app_error(a, "%s", nn_error());
        m->fresh = 0;
    }
}

int scene_map_toggle(ui_context *ui, ui_rect r, const scene_map *m, const data_set *d, int *show_test,
                     int under_map, const char *longer, const char *shorter, float hover[2])
{
    float line = ui_line_height(ui, UI_FONT_BODY) + ui_px(ui, 8);
    ui_rect mr = { r.x, r.y, r.w, r.h - line };
    int hovered = scene_map_draw(ui, mr, m, d, *show_test, hover);
    float w = under_map ? fminf(mr.w, mr.h) : r.w;
    ui_layout_begin(ui, (ui_rect){ r.x + (r.w - w) / 2, r.y + r.h - line + ui_px(ui, 4), w, line - ui_px(ui, 4) });
    ui_row(ui, 1, NULL, (line - ui_px(ui, 4)) / ui->scale);
    /* the toggle's box and gap, then its label: as long as the width allows */
    float room = w - ui_line_height(ui, UI_FONT_BODY) - ui_px(ui, 10);
    ui_toggle(ui, scene_fit(ui, UI_FONT_BODY, room, 2, (const char *const[]){ longer, shorter }), show_test);
    ui_layout_end(ui);
    return hovered;
}

int scene_map_draw(ui_context *ui, ui_rect r, const scene_map *m, const data_set *d, int show_test,
                   float hover[2])
{
    const ui_theme *th = &ui->theme;
    float side = fminf(r.w, r.h);
    ui_rect q = { r.x + (r.w - side) / 2, r.y + (r.h - side) / 2, side, side };
    ui_chart_area(ui, q); /* a right-click: Save as PNG */
    ui_draw_image(ui, q, &m->img);
    ui_stroke_rect(ui, q, 1, th->border);
    ui_push_clip(ui, q);
    float pr = ui_px(ui, side > ui_px(ui, 200) ? 3.6f : 2.8f);
    const nn_dataset *sets[2] = { &d->train, &d->test };
    for (int k = 0; k < (show_test ? 2 : 1); k++)
        for (int i = 0; i < sets[k]->n; i++) {
            const float *x = &sets[k]->x[2 * i];
            float px = q.x + (x[0] - m->lo[0]) / (m->hi[0] - m->lo[0]) * q.w;
            float py = q.y + (m->hi[1] - x[1]) / (m->hi[1] - m->lo[1]) * q.h;
            ui_color c = sets[k]->y[i] > 0.5f ? th->positive : th->negative;
            ui_fill_circle(ui, px, py, pr + ui_px(ui, 1.2f), k ? th->text : th->panel);
            ui_fill_circle(ui, px, py, pr, c);
        }
    ui_pop_clip(ui);
    if (!ui_mouse_in(ui, q))
        return 0;
    hover[0] = m->lo[0] + (ui->in.mouse_x - q.x) / q.w * (m->hi[0] - m->lo[0]);
    hover[1] = m->hi[1] - (ui->in.mouse_y - q.y) / q.h * (m->hi[1] - m->lo[1]);
    return 1;
}

int scene_wants_play(const app *a, const lesson_config *cfg)
{
    return !a->headless && cfg->play;
}

void scene_autoplay(const app *a, const lesson_config *cfg, trainer *t)
{
    if (t && scene_wants_play(a, cfg))
        trainer_play(t);
}

trainer *scene_create_trainer(app *a, const trainer_config *c)
{
    trainer *t = trainer_create(c);
    if (!t)
        app_error(a, TR("Impossible de démarrer l'entraînement.", "Cannot start training."));
    return t;
}
