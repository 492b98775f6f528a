/* scene_compare_training.c — the compare scene's third tab, Training: the scaler, the test part
 * and the epochs, Run and Cancel, every model and where it stands, and the MLP's loss live (read
 * through study_get_status and study_get_history while the worker trains). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lang.h"
#include "plot.h"
#include "scene_compare.h"

void compare_tab_training(compare_state *s, app *a, ui_rect area)
{
    ui_context *ui = a->ui;
    const ui_theme *th = &ui->theme;
    float gap = ui_px(ui, 10), lw = fminf(area.w * 0.42f, ui_px(ui, 330));
    ui_rect left = { area.x, area.y, lw, area.h }, right = { area.x + lw + gap, area.y, area.w - lw - gap, area.h };
    ui_rect in = app_panel(ui, left, TR("Réglages", "Settings"));
    int idle = s->job == JOB_NONE;
    ui_layout_begin(ui, in);
    float old_w = ui->label_w;
    ui->label_w = fmaxf(compare_label_points(ui, TR("Normalisation", "Scaler")),
                        compare_label_points(ui, TR("Époques (MLP)", "Epochs (MLP)")));
    ui_row(ui, 1, NULL, 0);
    /* the names of `neurone compare --scaler` */
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
    if (ui_button_ex(ui, TR("Lancer", "Run"), 1, idle && s->opened))
        compare_start_job(s, a, JOB_RUN);
    if (ui_button_ex(ui, TR("Annuler", "Cancel"), 0, s->job == JOB_RUN))
        compare_worker_cancel(s);
    ui_space(ui, 6);
    /* every model and where it stands */
    study_status st;
    study_get_status(&s->st, &st);
    int n = study_model_count();
    ui_row(ui, 2, (const float[]){ -1, 80 }, 22);
    for (int i = 0; i < n; i++) {
        char state[64];
        ui_color c = th->text_dim;
        if (s->job == JOB_RUN) {
            if (i < st.models_done)
                snprintf(state, sizeof state, "%s", TR("fait", "done")), c = th->text;
            else if (i == st.model)
                snprintf(state, sizeof state, "%s", TR("en cours", "training")), c = th->accent;
            else
                snprintf(state, sizeof state, "%s", TR("en attente", "waiting"));
        } else if (i < s->st.models && s->st.model[i].trained)
            snprintf(state, sizeof state, "%.3f", s->st.model[i].m.accuracy), c = th->text;
        else if (i < s->st.models && s->st.model[i].failed)
            snprintf(state, sizeof state, "%s", TR("échec", "failed")), c = th->bad;
        else
            state[0] = 0;
        ui_rect nr = ui_next(ui), sr = ui_next(ui);
        int font = i == st.model && s->job == JOB_RUN ? UI_FONT_BOLD : UI_FONT_BODY;
        char cut[64];
        compare_cell_text(ui, font, compare_fit_text(ui, font, study_model_name(i), nr.w, cut, sizeof cut), nr, UI_LEFT, th->text);
        compare_cell_text(ui, UI_FONT_BOLD, state, sr, UI_RIGHT, c);
    }
    /* what the run did: the split, and the fills from the training rows */
    ui_rect notes = ui_rest(ui);
    ui_layout_end(ui);
    if (s->job == JOB_NONE && s->st.ran) {
        char split[200];
        snprintf(split, sizeof split, TR("Découpage : %d lignes d'entraînement, %d de test.",
                                         "Split: %d training rows, %d test rows."),
                 s->st.train.n, s->st.test.n);
        ui_push_clip(ui, notes);
        float y = notes.y + ui_px(ui, 6);
        y += ui_draw_wrapped(ui, UI_FONT_SMALL, split, notes.x, y, notes.w, th->text);
        ui_draw_wrapped(ui, UI_FONT_SMALL, compare_notes_text(s), notes.x, y + ui_px(ui, 2), notes.w, th->text_dim);
        ui_pop_clip(ui);
    }

    /* the MLP's loss, live */
    ui_rect pr = right;
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
    int planned = s->job == JOB_RUN && st.epochs > 0 ? st.epochs : ne > 0 ? ne : s->epochs;
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
