/* scene_compare_training.c — the compare scene's third tab, Training: the scaler, the test part
 * and the epochs, Run and Cancel, every model and where it stands, and the MLP's loss live (read
 * through study_get_status and study_get_history while the worker trains). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lang.h"
#include "plot.h"
#include "scene_compare.h"

/* The run's settings (the names of `neurone compare --scaler`), then Run and Cancel, in the
 * layout that the caller began. */
static void draw_settings(compare_state *s, app *a)
{
    ui_context *ui = a->ui;
    float old_w = ui->label_w;
    ui->label_w = fmaxf(compare_label_points(ui, TR("Normalisation", "Scaler")),
                        compare_label_points(ui, TR("Époques (MLP)", "Epochs (MLP)")));
    ui_row(ui, 1, NULL, 0);
    static const char *const scaler_fr[] = { "standard", "minmax", "aucune" };
    static const char *const scaler_en[] = { "standard", "minmax", "none" };
    ui_dropdown(ui, TR("Normalisation", "Scaler"), &s->scaler, lang_current() == LANG_EN ? scaler_en : scaler_fr,
                3);
    ui_slider(ui, TR("Part de test", "Test size"), &s->test_size, 0.1f, 0.5f, "%.2f");
    s->test_size = roundf(s->test_size * 20) / 20; /* 0.05 steps, as a notebook would write them */
    ui_number(ui, TR("Époques (MLP)", "Epochs (MLP)"), &s->epochs, 1, STUDY_MAX_EPOCHS, 10);
    ui->label_w = old_w;
    ui_space(ui, 4);
    ui_row(ui, 2, NULL, 0);
    if (ui_button_ex(ui, TR("Lancer", "Run"), 1, s->job == JOB_NONE && s->opened))
        compare_start_job(s, a, JOB_RUN);
    if (ui_button_ex(ui, TR("Annuler", "Cancel"), 0, s->job == JOB_RUN))
        compare_worker_cancel(s);
    ui_space(ui, 6);
}

/* Model i's state in words into state (n bytes), and its colour: while a run goes on, done,
 * training or waiting (from the live status st); after it, its accuracy or its failure. */
static ui_color model_state(const compare_state *s, const ui_theme *th, const study_status *st, int i,
                            char *state, size_t n)
{
    const study_model *m = &s->st.model[i];
    const char *word = "";
    ui_color c = th->text_dim;
    if (s->job == JOB_RUN) {
        if (i < st->models_done)
            word = TR("fait", "done"), c = th->text;
        else if (i == st->model)
            word = TR("en cours", "training"), c = th->accent;
        else
            word = TR("en attente", "waiting");
    } else if (i < s->st.models && m->trained) {
        snprintf(state, n, "%.3f", m->m.accuracy);
        lang_decimals(state);
        return th->text;
    } else if (i < s->st.models && m->failed)
        word = TR("échec", "failed"), c = th->bad;
    snprintf(state, n, "%s", word);
    return c;
}

/* Every model, one row each: its name (bold while it trains) and its state. */
static void draw_model_states(compare_state *s, app *a, const study_status *st)
{
    ui_context *ui = a->ui;
    const ui_theme *th = &ui->theme;
    int n = study_model_count();
    ui_row(ui, 2, (const float[]){ -1, 80 }, 22);
    for (int i = 0; i < n; i++) {
        char state[64];
        ui_color c = model_state(s, th, st, i, state, sizeof state);
        ui_rect nr = ui_next(ui), sr = ui_next(ui);
        int font = i == st->model && s->job == JOB_RUN ? UI_FONT_BOLD : UI_FONT_BODY;
        scene_cut_label(ui, font, study_model_name(i), nr, UI_LEFT, th->text); /* cut: its name in a tooltip */
        compare_cell_text(ui, UI_FONT_BOLD, state, sr, UI_RIGHT, c);
    }
}

/* The split in words into buf. */
static void split_text(const compare_state *s, char *buf, size_t n)
{
    snprintf(buf, n, TR("Découpage : %d lignes d'entraînement, %d de test.", "Split: %d training rows, %d test rows."),
             s->st.train.n, s->st.test.n);
}

/* The height the run's notes take in a width w. */
static float notes_height(compare_state *s, ui_context *ui, float w)
{
    char split[200];
    split_text(s, split, sizeof split);
    return ui_px(ui, 8) + ui_wrapped_height(ui, UI_FONT_SMALL, split, w) +
           ui_wrapped_height(ui, UI_FONT_SMALL, compare_notes_text(s), w);
}

/* What the last run did, in notes: the split, and the fills from the training rows. */
static void draw_run_notes(compare_state *s, app *a, ui_rect notes)
{
    ui_context *ui = a->ui;
    const ui_theme *th = &ui->theme;
    char split[200];
    split_text(s, split, sizeof split);
    ui_push_clip(ui, notes);
    float y = notes.y + ui_px(ui, 6);
    y += ui_draw_wrapped(ui, UI_FONT_SMALL, split, notes.x, y, notes.w, th->text);
    ui_draw_wrapped(ui, UI_FONT_SMALL, compare_notes_text(s), notes.x, y + ui_px(ui, 2), notes.w, th->text_dim);
    ui_pop_clip(ui);
}

/* The MLP's loss, live, in pr (the job's progress above it while one runs): the finished epochs'
 * history (study_get_history), over the epochs planned. */
static void draw_loss_chart(compare_state *s, app *a, ui_rect pr, const study_status *st)
{
    ui_context *ui = a->ui;
    const ui_theme *th = &ui->theme;
    if (s->job != JOB_NONE) {
        char what[200];
        float f = compare_job_progress(s, what, sizeof what);
        compare_progress_row(s, a, (ui_rect){ pr.x, pr.y, pr.w, ui_px(ui, 30) }, what, f);
        pr.y += ui_px(ui, 38);
        pr.h -= ui_px(ui, 38);
    }
    int ne = study_get_history(&s->st, s->loss, NULL, s->val_loss, NULL, STUDY_MAX_EPOCHS);
    int has_val = ne > 0 && isfinite(s->val_loss[0]);
    plot_series ser[2] = {
        { .name = TR("entraînement", "training"), .y = s->loss, .n = ne, .x0 = 1, .dx = 1, .color = th->series[0],
          .width = 2.5f, .points = ne < 30 },
        { .name = "validation", .y = s->val_loss, .n = has_val ? ne : 0, .x0 = 1, .dx = 1,
          .color = th->series[1], .width = 2.5f, .points = ne < 30 },
    };
    int planned = s->job == JOB_RUN && st->epochs > 0 ? st->epochs : ne > 0 ? ne : s->epochs;
    plot_axes ax = { .title = TR("Perte du MLP", "The MLP's loss"), .xlabel = TR("époques", "epochs"),
                     .xmin = 0, .xmax = (float)planned, .integer_x = 1, .y_from_zero = 1 };
    plot_frame pf = plot_lines(ui, app_panel(ui, pr, NULL), &ax, ser, has_val ? 2 : 1);
    if (ne == 0 && s->job == JOB_NONE) {
        float m = ui_px(ui, 16);
        ui_draw_wrapped(ui, UI_FONT_BODY,
                        TR("Lancez : la perte du réseau s'affiche ici, époque par époque.",
                           "Run: the network's loss shows here, epoch by epoch."),
                        pf.area.x + m, pf.area.y + pf.area.h * 0.4f, pf.area.w - 2 * m, th->text_dim);
    }
}

/* Left: the settings, the models and the run's notes; right: the MLP's loss. */
void compare_tab_training(compare_state *s, app *a, ui_rect area)
{
    ui_context *ui = a->ui;
    /* the settings as wide as their labels and the scaler's names need (demo mode's larger type),
     * up to half the area */
    float need = compare_label_points(ui, TR("Époques (MLP)", "Epochs (MLP)")) * ui->scale +
                 ui_text_width(ui, UI_FONT_BODY, "standard", -1) + ui_px(ui, 40) + 2 * ui_px(ui, ui->theme.padding);
    float gap = ui_px(ui, 10), lw = fminf(fmaxf(fminf(area.w * 0.42f, ui_px(ui, 330)), need), area.w * 0.5f);
    ui_rect left = { area.x, area.y, lw, area.h }, right = { area.x + lw + gap, area.y, area.w - lw - gap, area.h };
    ui_rect in = app_panel(ui, left, TR("Réglages", "Settings"));
    ui_layout_begin(ui, in);
    draw_settings(s, a);
    /* read after Run: a headless run has finished by now */
    study_status st;
    study_get_status(&s->st, &st);
    draw_model_states(s, a, &st);
    ui_rect notes = ui_rest(ui);
    ui_layout_end(ui);
    /* the run's notes under the models where they fit, else under the chart (a short area) */
    if (s->job == JOB_NONE && s->st.ran) {
        float nh = notes_height(s, ui, notes.w);
        if (nh > notes.h) {
            float rh = notes_height(s, ui, right.w) + ui_px(ui, 4);
            draw_run_notes(s, a, (ui_rect){ right.x, right.y + right.h - rh, right.w, rh });
            right.h -= rh + ui_px(ui, 4);
        } else
            draw_run_notes(s, a, notes);
    }
    draw_loss_chart(s, a, right, &st);
}
