/* scene_compare_draw.c — small drawing pieces that the compare scene's tabs share: class and
 * model names, text clipped to a cell, and the worker's progress with its Cancel button. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "data.h"
#include "lang.h"
#include "scene_compare.h"

/* A class's name for labels: the text of the target, or its index. */
const char *compare_class_name(const compare_state *s, int c, char *buf, size_t n)
{
    if (s->st.data.class_names && s->st.data.class_names[c])
        return data_class_label(s->st.data.class_names[c]);
    snprintf(buf, n, "%d", c);
    return buf;
}

/* A short name for a bar: "MLP", "kNN", ... */
const char *compare_short_name(const study_model *m)
{
    static const struct { const char *kind, *fr, *en; } names[] = {
        { "mlp", "MLP", "MLP" }, { "logistic_regression", "LogR", "LogR" }, { "knn", "kNN", "kNN" },
        { "decision_tree", "Arbre", "Tree" }, { "gaussian_nb", "NB", "NB" },
        { "random_forest", "Forêt", "Forest" },
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (m->kind && strcmp(m->kind, names[i].kind) == 0)
            return TR(names[i].fr, names[i].en);
    return m->name;
}

/* Text clipped to a cell. */
void compare_cell_text(ui_context *ui, int font, const char *t, ui_rect r, int align, ui_color c)
{
    ui_push_clip(ui, r);
    ui_draw_text_aligned(ui, font, t, r, align, c);
    ui_pop_clip(ui);
}

/* The points a widget's label needs (ui->label_w), whatever the theme's type size. */
float compare_label_points(ui_context *ui, const char *label)
{
    return ui_text_width(ui, UI_FONT_BODY, label, -1) / ui->scale + 8;
}

/* A progress bar with a Cancel button, for the worker's job. */
void compare_progress_row(compare_state *s, app *a, ui_rect r, const char *what, float f)
{
    ui_context *ui = a->ui;
    const ui_theme *th = &ui->theme;
    float bw = fminf(ui_px(ui, 100), r.w * 0.3f), gap = ui_px(ui, 8);
    ui_rect bar = { r.x, r.y + r.h * 0.5f + ui_px(ui, 2), r.w - bw - gap, ui_px(ui, 8) };
    compare_cell_text(ui, UI_FONT_SMALL, what, (ui_rect){ r.x, r.y, bar.w, r.h * 0.5f }, UI_LEFT, th->text);
    ui_fill_round_rect(ui, bar, bar.h / 2, th->track);
    f = f < 0 ? 0 : f > 1 ? 1 : f;
    ui_fill_round_rect(ui, (ui_rect){ bar.x, bar.y, fmaxf(bar.h, bar.w * f), bar.h }, bar.h / 2, th->accent);
    if (ui_button_at(ui, (ui_rect){ r.x + r.w - bw, r.y, bw, r.h }, TR("Annuler##job", "Cancel##job"), 0, 1))
        compare_worker_cancel(s);
    a->busy = 1;
}

/* Where the worker stands, in words and as a fraction. */
float compare_job_progress(const compare_state *s, char *buf, size_t n)
{
    study_status st;
    study_get_status(&s->st, &st);
    if (st.stage == STUDY_LOADING || s->job == JOB_LOAD) {
        float f = st.bytes_total > 0 ? (float)st.bytes_read / (float)st.bytes_total : 0;
        snprintf(buf, n, TR("Lecture du fichier : %.0f %% de %.1f Mo", "Reading the file: %.0f%% of %.1f MB"),
                 100.0 * f, (double)st.bytes_total / 1e6);
        lang_decimals(buf);
        return f;
    }
    const char *name = st.model >= 0 ? study_model_name(st.model) : "";
    if (st.model == 0)
        snprintf(buf, n, TR("Entraînement du MLP : époque %d / %d, perte %.3f",
                            "Training the MLP: epoch %d / %d, loss %.3f"),
                 st.epoch, st.epochs, (double)st.loss);
    else
        snprintf(buf, n, TR("Entraînement de %s (%d / %d)", "Training %s (%d / %d)"), name,
                 st.models_done + 1, st.models > 0 ? st.models : study_model_count());
    lang_decimals(buf);
    int models = st.models > 0 ? st.models : study_model_count();
    float mlp = st.epochs > 0 ? (float)st.epoch / (float)st.epochs : 0;
    return ((float)st.models_done + (st.model == 0 ? mlp : 0)) / (float)models;
}
