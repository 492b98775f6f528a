/* scene_compare_results.c — the compare scene's fourth tab, Results: the test scores (one row per
 * model: click one), the accuracies as bars, the selected model's confusion matrix, and a row
 * typed by the student predicted by every model. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "data.h"
#include "lang.h"
#include "plot.h"
#include "scene_compare.h"
#include "textfile.h"

/* The score table's columns: model, accuracy, precision, recall, F1, time. */
enum { SCORE_COLUMNS = 6, SCORE_CELL = 48 /* bytes of one cell's text */ };

/* Model m's cells as text: its name, its four scores and its time, or "failed". */
static void score_cells(const study_model *m, int full_names, char cell[SCORE_COLUMNS][SCORE_CELL])
{
    snprintf(cell[0], SCORE_CELL, "%s", full_names ? m->name : compare_short_name(m));
    if (!m->trained) {
        snprintf(cell[1], SCORE_CELL, "%s", TR("échec", "failed"));
        cell[2][0] = cell[3][0] = cell[4][0] = cell[5][0] = 0;
        return;
    }
    snprintf(cell[1], SCORE_CELL, "%.3f", m->m.accuracy);
    snprintf(cell[2], SCORE_CELL, "%.3f", m->m.precision);
    snprintf(cell[3], SCORE_CELL, "%.3f", m->m.recall);
    snprintf(cell[4], SCORE_CELL, "%.3f", m->m.f1);
    if (m->seconds < 1.0)
        snprintf(cell[5], SCORE_CELL, "%.0f ms", 1000.0 * m->seconds);
    else
        snprintf(cell[5], SCORE_CELL, "%.2f s", m->seconds);
    for (int c = 1; c < SCORE_COLUMNS; c++)
        lang_decimals(cell[c]); /* 0,912 in French */
}

/* The headers that fit r's width, their columns' widths into cw (SCORE_COLUMNS): the numbers'
 * columns as wide as they need; the full names when they fit, else the short headers, else the
 * short names too (*full_names 0). */
static const char *const *score_heads(const compare_state *s, ui_context *ui, ui_rect r, float *cw,
                                      int *full_names)
{
    static const char *const heads[4][SCORE_COLUMNS] = {
        { "modèle", "exactitude", "précision", "rappel", "F1", "temps" },
        { "model", "accuracy", "precision", "recall", "F1", "time" },
        { "modèle", "exact.", "préc.", "rappel", "F1", "temps" },
        { "model", "acc.", "prec.", "recall", "F1", "time" },
    };
    int en = lang_current() == LANG_EN;
    const char *const *head = heads[en];
    float names_w = 0;
    *full_names = 0;
    for (int i = 0; i < s->st.models; i++)
        names_w = fmaxf(names_w, ui_text_width(ui, UI_FONT_BOLD, s->st.model[i].name, -1));
    /* the numbers' columns as wide as their widest cell ("0,977", "24 ms"), not a fixed guess:
     * the names keep the rest */
    float cells_w[SCORE_COLUMNS] = { 0 };
    for (int i = 0; i < s->st.models; i++) {
        char cell[SCORE_COLUMNS][SCORE_CELL];
        score_cells(&s->st.model[i], 1, cell);
        for (int c = 1; c < SCORE_COLUMNS; c++)
            cells_w[c] = fmaxf(cells_w[c], ui_text_width(ui, UI_FONT_SMALL, cell[c], -1));
    }
    for (int attempt = 0; attempt < 2 && !*full_names; attempt++) {
        head = heads[en + 2 * attempt];
        float used = 0;
        for (int c = 1; c < SCORE_COLUMNS; c++) {
            cw[c] = fmaxf(ui_text_width(ui, UI_FONT_SMALL, head[c], -1), cells_w[c]) + ui_px(ui, 8);
            used += cw[c];
        }
        cw[0] = r.w - used;
        *full_names = cw[0] >= names_w + ui_px(ui, 8);
    }
    return head;
}

/* Model i's row at y: a click selects it (its confusion matrix shows), a failure's reason in its
 * tooltip. */
static void draw_score_row(compare_state *s, ui_context *ui, ui_rect r, const float *cw, int full_names, int i,
                           float y, float lh)
{
    const ui_theme *th = &ui->theme;
    const study_model *m = &s->st.model[i];
    ui_rect row = { r.x, y, r.w, lh };
    ui_id id = ui_get_id_int(ui, "score", i);
    if (ui_interact(ui, id, row))
        s->selected = i;
    if (i == s->selected)
        ui_fill_rect(ui, row, ui_alpha(th->accent, 0.16f));
    else if (ui->hot == id)
        ui_fill_rect(ui, row, ui_alpha(th->accent, 0.07f));
    char cell[SCORE_COLUMNS][SCORE_CELL];
    score_cells(m, full_names, cell);
    float x = r.x;
    for (int c = 0; c < SCORE_COLUMNS; c++) {
        ui_rect cr = { x + (c ? 0 : ui_px(ui, 3)), y, cw[c] - ui_px(ui, 4), lh };
        compare_cell_text(ui, c == 0 ? UI_FONT_BOLD : UI_FONT_SMALL, cell[c], cr, c ? UI_RIGHT : UI_LEFT,
                          m->trained ? th->text : th->bad);
        x += cw[c];
    }
    if (m->failed && m->error[0])
        ui_tooltip(ui, row, m->error);
}

/* The test scores, one row per model under a header. */
static void scores_table(compare_state *s, app *a, ui_rect r)
{
    ui_context *ui = a->ui;
    const ui_theme *th = &ui->theme;
    float cw[SCORE_COLUMNS];
    int full_names;
    const char *const *head = score_heads(s, ui, r, cw, &full_names);
    float lh = ui_line_height(ui, UI_FONT_SMALL) + ui_px(ui, 7), y = r.y;
    ui_push_clip(ui, r);
    float x = r.x;
    for (int c = 0; c < SCORE_COLUMNS; c++) {
        compare_cell_text(ui, UI_FONT_SMALL, head[c], (ui_rect){ x, y, cw[c] - ui_px(ui, 4), lh },
                          c ? UI_RIGHT : UI_LEFT, th->text);
        x += cw[c];
    }
    y += lh;
    ui_fill_rect(ui, (ui_rect){ r.x, y - 2, r.w, 1 }, th->border);
    for (int i = 0; i < s->st.models; i++, y += lh)
        draw_score_row(s, ui, r, cw, full_names, i, y, lh);
    ui_pop_clip(ui);
}

static void accuracy_bars(compare_state *s, app *a, ui_rect r)
{
    ui_context *ui = a->ui;
    const ui_theme *th = &ui->theme;
    plot_bar bars[STUDY_MAX_MODELS];
    char labels[STUDY_MAX_MODELS][32];
    int n = s->st.models;
    float slot = (r.w - ui_px(ui, 12)) / (float)(n > 0 ? n : 1);
    for (int i = 0; i < n; i++) {
        const study_model *m = &s->st.model[i];
        /* the deep model in orange among the classic ones in blue */
        ui_color c = i == 0 ? th->series[1] : th->series[0];
        const char *label = scene_cut_text(ui, UI_FONT_SMALL, compare_short_name(m), slot - 2, labels[i],
                                             sizeof labels[i]);
        bars[i] = (plot_bar){ label, m->trained ? (float)m->m.accuracy : 0.0f, c };
    }
    /* values as percentages ("98") where "0,98" is wider than a bar (demo mode, the code beside),
     * and the title that fits */
    int pct = ui_text_width(ui, UI_FONT_SMALL, "0.00", -1) > fmaxf(1, (r.w - ui_px(ui, 12)) / (float)(n > 0 ? n : 1) * 0.68f);
    if (pct)
        for (int i = 0; i < n; i++)
            bars[i].value *= 100;
    const char *title = scene_fit(ui, UI_FONT_BOLD, r.w - ui_px(ui, 12), 3,
                                  pct ? (const char *const[]){ TR("Exactitude sur le test (%)", "Test accuracy (%)"),
                                                               TR("Exactitude (%)", "Accuracy (%)"), "%" }
                                      : (const char *const[]){ TR("Exactitude sur le test", "Test accuracy"),
                                                               TR("Exactitude", "Accuracy"), TR("Exact.", "Acc.") });
    plot_bars(ui, r, title, bars, n, 0, pct ? 100 : 1, pct ? "%.0f" : "%.2f");
    ui_tooltip(ui, r, TR("L'exactitude de chaque modèle sur les lignes de test ; en orange le réseau.",
                         "Each model's accuracy on the test rows; the network in orange."));
}

static void confusion(compare_state *s, app *a, ui_rect r)
{
    ui_context *ui = a->ui;
    const ui_theme *th = &ui->theme;
    const study_model *m = &s->st.model[s->selected < s->st.models ? s->selected : 0];
    int k = s->st.data.classes;
    if (!m->trained || !m->cm || k <= 0) {
        compare_cell_text(ui, UI_FONT_BODY, m->error[0] ? m->error : TR("Pas de matrice.", "No matrix."),
                          (ui_rect){ r.x, r.y, r.w, ui_px(ui, 24) }, UI_LEFT, th->bad);
        return;
    }
    float sh = ui_line_height(ui, UI_FONT_SMALL);
    /* the true classes' names on the left, the predicted ones above */
    float name_w = ui_text_width(ui, UI_FONT_SMALL, TR("vraie ↓", "true ↓"), -1);
    for (int c = 0; c < k; c++) {
        char buf[16];
        name_w = fmaxf(name_w, ui_text_width(ui, UI_FONT_SMALL, compare_class_name(s, c, buf, sizeof buf), -1));
    }
    name_w = fminf(name_w + ui_px(ui, 8), r.w * 0.4f);
    float side = fminf(r.w - name_w, r.h - sh * 2.2f);
    if (side < 8)
        return;
    float cell = side / (float)k, x0 = r.x + name_w, y0 = r.y + sh * 2.2f;
    /* over the matrix and on to the panel's edge; shorter where even that is narrow */
    scene_fit_text(ui, UI_FONT_SMALL, (ui_rect){ x0, r.y, r.x + r.w - x0, sh }, UI_LEFT, th->text_dim, 2,
                   (const char *const[]){ TR("prédite →", "predicted →"), TR("préd. →", "pred. →") });
    compare_cell_text(ui, UI_FONT_SMALL, TR("vraie ↓", "true ↓"), (ui_rect){ r.x, r.y + sh * 1.1f, name_w, sh },
                      UI_LEFT, th->text_dim);
    int maxv = 1;
    for (int i = 0; i < k * k; i++)
        maxv = m->cm[i] > maxv ? m->cm[i] : maxv;
    int labels = cell >= sh;
    for (int t = 0; t < k; t++) {
        char buf[16];
        const char *cn = compare_class_name(s, t, buf, sizeof buf);
        if (labels) {
            ui_rect nr = { r.x, y0 + cell * (float)t, name_w - ui_px(ui, 4), cell };
            compare_cell_text(ui, UI_FONT_SMALL, cn, nr, UI_RIGHT, th->text);
            char cut[32];
            compare_cell_text(ui, UI_FONT_SMALL, scene_cut_text(ui, UI_FONT_SMALL, cn, cell - 2, cut, sizeof cut),
                              (ui_rect){ x0 + cell * (float)t, r.y + sh * 1.1f, cell, sh }, UI_CENTER, th->text);
        }
        for (int p = 0; p < k; p++) {
            ui_rect c = { x0 + cell * (float)p, y0 + cell * (float)t, cell - 1, cell - 1 };
            int v = m->cm[t * k + p];
            float f = (float)v / (float)maxv;
            ui_fill_rect(ui, c, v ? ui_mix(th->neutral, t == p ? th->good : th->bad, 0.15f + 0.85f * f) : th->neutral);
            char num[16];
            snprintf(num, sizeof num, "%d", v);
            if (cell >= ui_text_width(ui, UI_FONT_SMALL, num, -1) + 2 && cell >= sh)
                ui_draw_text_aligned(ui, UI_FONT_SMALL, num, c, UI_CENTER, f > 0.55f ? th->text_on_accent : th->text);
        }
    }
}

/* The feature columns' order into buf: "Dans l'ordre : a, b, c" with every name, or (keep below the
 * count) the first keep names, "…" and the last, with the count: "Dans l'ordre (30) : a, b, …, z". */
static void row_order(const compare_state *s, int keep, char *buf, size_t n)
{
    int nf = s->st.features, all = keep >= nf;
    int used = all ? snprintf(buf, n, "%s", TR("Dans l'ordre : ", "In this order: "))
                   : snprintf(buf, n, TR("Dans l'ordre (%d) : ", "In this order (%d): "), nf);
    for (int f = 0; f < nf && used < (int)n; f++) {
        if (!all && f >= keep && f < nf - 1)
            continue;
        const char *sep = f == 0 ? "" : !all && f == nf - 1 ? ", …, " : ", ";
        used += snprintf(buf + used, n - (size_t)used, "%s%s", sep, s->st.feature[f].name);
    }
}

/* The feature columns' order over r, as a hint: at most three lines of it, fewer when the panel
 * is short (the answers need the room). A list longer than that keeps its first names and its
 * last (a line cut in the middle of a name read as a clipped one); the whole list is in the
 * tooltip. Returns the height it took. */
static float draw_row_hint(const compare_state *s, ui_context *ui, ui_rect r)
{
    char order[1024], all[1024];
    float sh = ui_line_height(ui, UI_FONT_SMALL);
    float lines = r.h > sh * 12 ? 3 : r.h > sh * 8 ? 2 : 1;
    int nf = s->st.features;
    row_order(s, nf, all, sizeof all);
    snprintf(order, sizeof order, "%s", all);
    for (int keep = nf - 2; keep >= 1 && ui_wrapped_height(ui, UI_FONT_SMALL, order, r.w) > sh * lines + 1; keep--)
        row_order(s, keep, order, sizeof order);
    if (ui_wrapped_height(ui, UI_FONT_SMALL, order, r.w) > sh * lines + 1)
        snprintf(order, sizeof order, TR("%d colonnes, dans l'ordre du fichier", "%d columns, in the file's order"), nf);
    float hint_h = fminf(ui_wrapped_height(ui, UI_FONT_SMALL, order, r.w), sh * lines);
    ui_rect hr = { r.x, r.y, r.w, hint_h };
    ui_push_clip(ui, hr);
    ui_draw_wrapped(ui, UI_FONT_SMALL, order, r.x, r.y, r.w, ui->theme.text_dim);
    ui_pop_clip(ui);
    if (strcmp(order, all) != 0)
        ui_tooltip(ui, hr, all);
    return hint_h;
}

/* Model i's answer as one line into line (n bytes) for a width w: "model → class (probability)",
 * without the probability when narrow, "model : —" when the model has none. */
static void answer_text(const compare_state *s, ui_context *ui, int i, float w, char *line, size_t n)
{
    const study_prediction *p = &s->pred[i];
    const char *model = compare_short_name(&s->st.model[i]), *cls = p->class_name ? data_class_label(p->class_name) : "?";
    if (p->label < 0) {
        snprintf(line, n, "%s : —", model);
        return;
    }
    snprintf(line, n, TR("%s → %s (%.0f %%)", "%s → %s (%.0f%%)"), model, cls, 100.0 * (double)p->probability);
    if (ui_text_width(ui, UI_FONT_SMALL, line, -1) > w)
        snprintf(line, n, "%s → %s", model, cls);
}

/* Every model's answer in out, in as many columns as the height asks, up to three; the deep
 * model first, in the accent colour. */
static void draw_answers(const compare_state *s, ui_context *ui, ui_rect out, float y)
{
    const ui_theme *th = &ui->theme;
    int n = s->st.models;
    float lh = ui_line_height(ui, UI_FONT_SMALL) + ui_px(ui, 3);
    int fit = (int)((out.h - ui_px(ui, 2)) / lh);
    fit = fit < 1 ? 1 : fit;
    int cols = (n + fit - 1) / fit;
    cols = cols > 3 ? 3 : cols < 1 ? 1 : cols;
    int rows = (n + cols - 1) / cols;
    float cw = out.w / (float)cols;
    for (int i = 0; i < n; i++) {
        ui_rect lr = { out.x + cw * (float)(i / rows), y + lh * (float)(i % rows), cw - ui_px(ui, 4), lh };
        char line[160], cut[160];
        answer_text(s, ui, i, lr.w, line, sizeof line);
        compare_cell_text(ui, UI_FONT_SMALL, scene_cut_text(ui, UI_FONT_SMALL, line, lr.w, cut, sizeof cut), lr,
                          UI_LEFT, i == 0 ? th->accent : th->text);
    }
}

/* The row typed by the student (or the file's first, Example), predicted by every model. */
static void predict(compare_state *s, app *a, ui_rect r)
{
    ui_context *ui = a->ui;
    float hint_h = draw_row_hint(s, ui, r);
    ui_layout_begin(ui, (ui_rect){ r.x, r.y + hint_h + ui_px(ui, 4), r.w, r.h - hint_h - ui_px(ui, 4) });
    float bw = fmaxf(ui_text_width(ui, UI_FONT_BODY, TR("Exemple", "Example"), -1),
                     ui_text_width(ui, UI_FONT_BODY, TR("Prédire", "Predict"), -1)) / ui->scale + 20;
    ui_row(ui, 3, (const float[]){ -1, bw, bw }, 0);
    int go = ui_text_field(ui, "##row", s->row, (int)sizeof s->row,
                           TR("valeurs séparées par des virgules", "values separated by commas"));
    go |= ui_button_ex(ui, TR("Prédire", "Predict"), 1, s->row[0] != 0);
    if (ui_button(ui, TR("Exemple", "Example"))) {
        compare_example_row(s, s->row, sizeof s->row);
        go = 1;
    }
    if (go && s->row[0])
        compare_predict_row(s);
    ui_rect out = ui_rest(ui);
    ui_layout_end(ui);
    ui_push_clip(ui, out);
    float y = out.y + ui_px(ui, 2);
    if (!s->pred_ok && s->pred_msg[0])
        ui_draw_wrapped(ui, UI_FONT_SMALL, s->pred_msg, out.x, y, out.w, ui->theme.bad);
    else if (s->pred_ok)
        draw_answers(s, ui, out, y);
    ui_pop_clip(ui);
}

/* Writes the results as CSV or JSON into the save folder, and names the file in a notice. */
static void export_results(compare_state *s, app *a, int json)
{
    size_t len = 0;
    char *text = json ? study_results_json(&s->st, &len) : study_results_csv(&s->st, &len), path[1000];
    if (!text || app_save_path(TR("exercice2-resultats", "exercise2-results"), json ? "json" : "csv", path,
                               sizeof path) < 0 || text_file_save(path, text, len) < 0)
        app_error(a, TR("Impossible d'exporter les résultats : %s", "Cannot export the results: %s"),
                  text ? strerror(errno) : TR("mémoire insuffisante", "out of memory"));
    else
        app_notice(a, TR("Résultats enregistrés dans %s", "Results saved to %s"), path);
    free(text);
}

/* CSV and JSON at the right end of the scores panel's title row. */
static void export_buttons(compare_state *s, app *a, ui_rect panel)
{
    ui_context *ui = a->ui;
    float pad = ui_px(ui, ui->theme.padding), h = ui_line_height(ui, UI_FONT_BODY) + ui_px(ui, 4);
    float w = ui_text_width(ui, UI_FONT_BODY, "JSON", -1) + ui_px(ui, 16);
    float x = panel.x + panel.w - pad - 2 * w - ui_px(ui, 6);
    static const char *const labels[2] = { "CSV##export", "JSON##export" };
    for (int i = 0; i < 2; i++) {
        ui_rect b = { x + (float)i * (w + ui_px(ui, 6)), panel.y + pad * 0.6f, w, h };
        if (ui_button_at(ui, b, labels[i], 0, 1))
            export_results(s, a, i);
        ui_tooltip(ui, b, i ? TR("Exporter les résultats en JSON", "Export the results as JSON")
                            : TR("Exporter les résultats en CSV (tableur)", "Export the results as CSV (spreadsheet)"));
    }
}

void compare_tab_results(compare_state *s, app *a, ui_rect area)
{
    ui_context *ui = a->ui;
    const ui_theme *th = &ui->theme;
    if (!s->st.ran || s->job != JOB_NONE) {
        ui_rect in = app_panel(ui, area, TR("Résultats", "Results"));
        ui_layout_begin(ui, in);
        ui_row(ui, 1, NULL, 0);
        ui_label_font(ui, UI_FONT_BODY,
                      s->job == JOB_RUN ? TR("L'entraînement est en cours (onglet Entraînement).",
                                             "Training is under way (the Training tab).")
                                        : TR("Rien n'a encore été entraîné : lancez la comparaison.",
                                             "Nothing has been trained yet: run the comparison."),
                      th->text_dim);
        ui_row(ui, 1, (const float[]){ 160 }, 0);
        if (ui_button_ex(ui, TR("Lancer##results", "Run##results"), 1, s->job == JOB_NONE && s->opened))
            compare_start_job(s, a, JOB_RUN);
        ui_layout_end(ui);
        return;
    }
    float gap = ui_px(ui, 10), lw = area.w * 0.62f;
    float lh = ui_line_height(ui, UI_FONT_SMALL) + ui_px(ui, 7);
    /* the panel: its padding, its title, the header and one line per model */
    float chrome = 2 * ui_px(ui, th->padding) + ui_line_height(ui, UI_FONT_HEADING) + ui_px(ui, 8);
    float top_h = fminf(area.h * 0.55f, lh * (float)(s->st.models + 1) + chrome + ui_px(ui, 4));
    ui_rect tr = { area.x, area.y, lw, top_h };
    ui_rect t = app_panel(ui, tr, TR("Scores sur le test", "Test scores"));
    /* the hint on the title, not over the rows it would hide */
    ui_tooltip(ui, (ui_rect){ tr.x, tr.y, tr.w, t.y - tr.y },
               TR("Cliquez un modèle pour voir sa matrice de confusion.",
                  "Click a model to see its confusion matrix."));
    scores_table(s, a, t);
    export_buttons(s, a, tr);
    accuracy_bars(s, a, app_panel(ui, (ui_rect){ area.x + lw + gap, area.y, area.w - lw - gap, top_h }, NULL));
    float by = area.y + top_h + gap, bh = area.h - top_h - gap;
    float cmw = fminf(area.w * 0.45f, bh + ui_px(ui, 90));
    char title[96];
    snprintf(title, sizeof title, TR("Confusion : %s", "Confusion: %s"),
             compare_short_name(&s->st.model[s->selected < s->st.models ? s->selected : 0]));
    confusion(s, a, app_panel(ui, (ui_rect){ area.x, by, cmw, bh }, title));
    predict(s, a, app_panel(ui, (ui_rect){ area.x + cmw + gap, by, area.w - cmw - gap, bh },
                            TR("Prédire une ligne", "Predict a row")));
}
