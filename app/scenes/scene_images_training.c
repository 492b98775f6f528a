/* scene_images_training.c — how the image model trained: loss and accuracy per epoch (training
 * and validation), the confusion matrix on the first CONF_N test images (a click on a cell shows
 * its images), the weights' histograms of each Dense layer over the epochs (TensorBoard's
 * distributions, as a heatmap of bins × epochs) and the gradient norm of each layer per epoch. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lang.h"
#include "scene_images.h"

void images_record_histograms(images_views *v, const nn_model *view)
{
    if (v->hcols >= HEPOCHS)
        return;
    for (int l = 0; l < v->n_dense; l++) {
        nn_layer_info li;
        float *h = v->hist[l][v->hcols];
        memset(h, 0, HBINS * sizeof *h);
        if (nn_layer_info_get(view, v->dense[l], &li) < 0 || nn_get_weights(view, v->dense[l], v->kernel, NULL) < 0)
            continue;
        size_t n = (size_t)li.inputs * (size_t)li.units;
        if (v->lim[l] <= 0) {
            /* four times the first column's root mean square: room for the weights to spread,
             * and a few large ones (beyond it, in the end bins) do not squeeze the rest into
             * the middle bins as the largest |weight| would */
            double sq = 0;
            for (size_t i = 0; i < n; i++)
                sq += (double)v->kernel[i] * v->kernel[i];
            v->lim[l] = sq > 0 ? 4 * (float)sqrt(sq / (double)n) : 1;
        }
        for (size_t i = 0; i < n; i++) {
            int b = (int)floorf((v->kernel[i] + v->lim[l]) / (2 * v->lim[l]) * HBINS);
            h[b < 0 ? 0 : b >= HBINS ? HBINS - 1 : b] += 1.0f / (float)n;
        }
    }
    v->hcols++;
}

/* The model's classes on the first conf_n test images, counted by truth and prediction; the
 * clicked cell's images gathered again. */
static void count_confusion(images_views *v, app *a, nn_model *view, const data_set *d)
{
    int n = d->test.n < CONF_N ? d->test.n : CONF_N, k = d->test.classes < 10 ? d->test.classes : 10;
    if (nn_predict(view, d->test.x, n, v->conf_probs) < 0) {
        app_error(a, "%s", nn_error());
        return;
    }
    memset(v->counts, 0, sizeof v->counts);
    int out = nn_output_dim(view);
    for (int i = 0; i < n; i++) {
        int t = (int)d->test.y[i], p = scene_argmax(v->conf_probs + (size_t)i * (size_t)out, k);
        if (t >= 0 && t < 10)
            v->counts[t][p]++;
    }
    v->conf_n = n;
    v->cell_n = 0;
    for (int i = 0; i < n && v->cell_r >= 0 && v->cell_n < CELL_SHOWN; i++)
        if ((int)d->test.y[i] == v->cell_r && scene_argmax(v->conf_probs + (size_t)i * (size_t)out, k) == v->cell_c) {
            scene_gray_image(v->cell_rgba[v->cell_n], d->test.x + (size_t)i * PIXELS, SIDE);
            ui_image_touch(&v->cell_img[v->cell_n]);
            v->cell_idx[v->cell_n++] = i;
        }
}

/* The 10×10 matrix in r: rows the true classes (named), columns the predicted ones (numbered);
 * a cell's colour is its share of its row, blue on the diagonal and red elsewhere. */
static void confusion_cells(images_views *v, ui_context *ui, ui_rect r, const data_set *d)
{
    const ui_theme *th = &ui->theme;
    float lh = ui_line_height(ui, UI_FONT_SMALL), names = fminf(ui_px(ui, 110), r.w * 0.3f);
    float cell = fminf((r.w - names) / 10, (r.h - lh) / 10);
    /* rows too short for a line of text (demo mode): no labels, the caption names a clicked cell */
    int labels = cell >= lh * 0.8f;
    if (!labels)
        names = 0, cell = fminf(r.w / 10, r.h / 10);
    float x0 = r.x + names, y0 = r.y + (labels ? lh : 0);
    char buf[32];
    for (int c = 0; c < 10 && labels; c++) {
        snprintf(buf, sizeof buf, "%d", c);
        ui_draw_text_aligned(ui, UI_FONT_SMALL, buf, (ui_rect){ x0 + cell * (float)c, r.y, cell, lh }, UI_CENTER,
                             th->text_dim);
    }
    for (int t = 0; t < 10; t++) {
        int row = 0;
        for (int p = 0; p < 10; p++)
            row += v->counts[t][p];
        /* the name where the rows are tall enough, the number alone otherwise */
        snprintf(buf, sizeof buf, "%d %s", t, data_class_name(d, t));
        ui_rect nr = { r.x, y0 + cell * (float)t, names - ui_px(ui, 4), cell };
        if (labels) {
            ui_push_clip(ui, nr);
            ui_draw_text_aligned(ui, UI_FONT_SMALL, buf, nr, UI_LEFT, th->text);
            ui_pop_clip(ui);
        }
        for (int p = 0; p < 10; p++) {
            ui_rect cr = { x0 + cell * (float)p, y0 + cell * (float)t, cell - 1, cell - 1 };
            float share = row ? (float)v->counts[t][p] / (float)row : 0;
            ui_fill_rect(ui, cr, ui_mix(th->panel, t == p ? th->good : th->bad, share > 0 ? 0.12f + 0.88f * share : 0));
            ui_id id = ui_get_id_int(ui, "cell", t * 10 + p);
            if (ui_interact(ui, id, cr)) {
                v->cell_r = t, v->cell_c = p;
                v->conf_fresh = 1;
                v->last_conf = -1e9; /* its images at once */
            }
            if (v->cell_r == t && v->cell_c == p)
                ui_stroke_rect(ui, cr, 2, th->accent);
            if (v->counts[t][p] && cell > ui_px(ui, 16)) {
                snprintf(buf, sizeof buf, "%d", v->counts[t][p]);
                ui_draw_text_aligned(ui, UI_FONT_SMALL, buf, cr, UI_CENTER, share > 0.5f ? th->text_on_accent : th->text);
            }
        }
    }
}

/* The confusion matrix's panel in r, with the clicked cell's images under the matrix. */
static void confusion_panel(images_views *v, ui_context *ui, ui_rect r, const data_set *d)
{
    const ui_theme *th = &ui->theme;
    int diag = 0;
    for (int c = 0; c < 10; c++)
        diag += v->counts[c][c];
    char title[128], shorter[96], shortest[64];
    double pct = v->conf_n ? 100.0 * diag / v->conf_n : 0.0;
    snprintf(title, sizeof title,
             TR("Matrice de confusion · %d images de test · %.1f %% justes",
                "Confusion matrix · %d test images · %.1f %% right"),
             v->conf_n, pct);
    lang_decimals(title);
    snprintf(shorter, sizeof shorter, TR("Matrice de confusion · %.1f %% justes", "Confusion matrix · %.1f %% right"),
             pct);
    lang_decimals(shorter);
    snprintf(shortest, sizeof shortest, TR("Confusion · %.1f %%", "Confusion · %.1f %%"), pct);
    lang_decimals(shortest);
    if (!v->conf_n) {
        snprintf(title, sizeof title, "%s", TR("Matrice de confusion", "Confusion matrix"));
        snprintf(shorter, sizeof shorter, "%s", TR("Matrice de confusion", "Confusion matrix"));
        snprintf(shortest, sizeof shortest, "%s", "Confusion");
    }
    ui_rect in = scene_panel_fit(ui, r, 3, (const char *const[]){ title, shorter, shortest });
    float lh = ui_line_height(ui, UI_FONT_SMALL), strip = fminf(in.h * 0.16f, ui_px(ui, 60)) + lh;
    if (!v->conf_n) {
        scene_fit_text(ui, UI_FONT_BODY, in, UI_CENTER, th->text_dim, 3,
                       (const char *const[]){ TR("Pas encore entraîné : appuyez sur Lecture.", "Not trained yet: press Play."),
                                              TR("Appuyez sur Lecture.", "Press Play."), TR("Lecture ▶", "Play ▶") });
        return;
    }
    confusion_cells(v, ui, (ui_rect){ in.x, in.y, in.w, in.h - strip }, d);
    float y = in.y + in.h - strip + ui_px(ui, 2);
    char buf[160], shorter_cap[96], shortest_cap[64];
    if (v->cell_r < 0) {
        snprintf(buf, sizeof buf, "%s",
                 TR("lignes : la vraie classe · colonnes : la prédite · cliquez une case pour ses images",
                    "rows: the true class · columns: the predicted one · click a cell for its images"));
        snprintf(shorter_cap, sizeof shorter_cap, "%s",
                 TR("lignes : la vraie classe · colonnes : la prédite", "rows: the true class · columns: the predicted one"));
        snprintf(shortest_cap, sizeof shortest_cap, "%s", TR("lignes : vraie · colonnes : prédite", "rows: true · columns: predicted"));
    } else {
        snprintf(buf, sizeof buf, TR("vrai %s, prédit %s : %d images", "true %s, predicted %s: %d images"),
                 data_class_name(d, v->cell_r), data_class_name(d, v->cell_c), v->counts[v->cell_r][v->cell_c]);
        snprintf(shorter_cap, sizeof shorter_cap, TR("vrai %d, prédit %d : %d images", "true %d, predicted %d: %d images"),
                 v->cell_r, v->cell_c, v->counts[v->cell_r][v->cell_c]);
        snprintf(shortest_cap, sizeof shortest_cap, "%d → %d : %d", v->cell_r, v->cell_c, v->counts[v->cell_r][v->cell_c]);
    }
    /* shorter where the panel is narrow; the whole caption stays in the tooltip */
    scene_fit_text(ui, UI_FONT_SMALL, (ui_rect){ in.x, y, in.w, lh }, UI_LEFT, th->text_dim, 3,
                   (const char *const[]){ buf, shorter_cap, shortest_cap });
    float side = fminf(strip - lh - ui_px(ui, 6), in.w / CELL_SHOWN - ui_px(ui, 3));
    for (int i = 0; i < v->cell_n; i++) {
        ui_rect ir = { in.x + (side + ui_px(ui, 3)) * (float)i, y + lh + ui_px(ui, 3), side, side };
        ui_draw_image(ui, ir, &v->cell_img[i]);
        ui_stroke_rect(ui, ui_rect_inset(ir, -1), 1, th->border);
    }
}

/* One heatmap per Dense layer in r: columns the recorded epochs, rows the bins (positive weights
 * up), each column's bins shaded by their share of the column's fullest bin. */
static void histograms_panel(images_views *v, ui_context *ui, ui_rect r)
{
    const ui_theme *th = &ui->theme;
    ui_rect in = scene_panel(ui, r,
                             TR("Les poids de chaque couche Dense au fil des époques",
                                "Each Dense layer's weights over the epochs"),
                             TR("Histogrammes des poids", "Weight histograms"));
    if (!v->n_dense || !v->hcols)
        return;
    float lh = ui_line_height(ui, UI_FONT_SMALL), label = fminf(ui_px(ui, 90), in.w * 0.3f);
    char cap[128], shorter[96], shortest[48];
    int e0 = v->hfirst, e1 = v->hfirst + v->hcols - 1;
    snprintf(cap, sizeof cap,
             TR("époques %d à %d, une colonne chacune · en haut les poids positifs",
                "epochs %d to %d, a column each · positive weights at the top"), e0, e1);
    snprintf(shorter, sizeof shorter, TR("époques %d à %d · en haut : poids > 0", "epochs %d to %d · top: weights > 0"),
             e0, e1);
    snprintf(shortest, sizeof shortest, TR("époques %d à %d", "epochs %d to %d"), e0, e1);
    scene_fit_text(ui, UI_FONT_SMALL, (ui_rect){ in.x, in.y + in.h - lh, in.w, lh }, UI_LEFT, th->text_dim, 3,
                   (const char *const[]){ cap, shorter, shortest });
    in.h -= lh + ui_px(ui, 2);
    float each = in.h / (float)v->n_dense, cw = (in.w - label) / (float)(v->hcols > 10 ? v->hcols : 10);
    char buf[64];
    for (int l = 0; l < v->n_dense; l++) {
        float y = in.y + each * (float)l, hh = each - ui_px(ui, 4), bh = hh / HBINS;
        snprintf(buf, sizeof buf, TR("couche %d", "layer %d"), l + 1);
        ui_draw_text(ui, UI_FONT_SMALL, buf, -1, in.x, y, th->text);
        snprintf(buf, sizeof buf, "±%.2g", (double)v->lim[l]);
        lang_decimals(buf);
        if (hh > 2 * lh)
            ui_draw_text(ui, UI_FONT_SMALL, buf, -1, in.x, y + lh, th->text_dim);
        for (int c = 0; c < v->hcols; c++) {
            float most = 1e-12f;
            for (int b = 0; b < HBINS; b++)
                most = fmaxf(most, v->hist[l][c][b]);
            for (int b = 0; b < HBINS; b++) {
                ui_rect br = { in.x + label + cw * (float)c, y + bh * (float)(HBINS - 1 - b), cw - 1, bh + 0.5f };
                ui_fill_rect(ui, br, ui_mix(th->panel, th->series[0], v->hist[l][c][b] / most));
            }
        }
    }
}

/* The gradient norm of each Dense layer per epoch, on a log scale. */
static void gradients_panel(images_views *v, ui_context *ui, ui_rect r, const trainer_stats *st)
{
    const ui_theme *th = &ui->theme;
    int any = 0, n = st->n_epochs, layers = v->n_dense;
    for (int e = 0; e < n; e++)
        for (int l = 0; l < layers; l++) {
            v->gnorm[l][e] = st->grad_norm[e][l] > 0 ? st->grad_norm[e][l] : NAN;
            any |= st->grad_norm[e][l] > 0;
        }
    if (!any) {
        ui_rect in = scene_panel(ui, r, TR("Norme du gradient par couche", "Gradient norm per layer"),
                                 TR("Gradients", "Gradients"));
        const char *none = scene_fit(ui, UI_FONT_BODY, in.w, 2,
                                     (const char *const[]){ TR("pas encore de normes de gradient", "no gradient norms yet"),
                                                            TR("pas encore de normes", "no norms yet") });
        ui_draw_text_aligned(ui, UI_FONT_BODY, none, in, UI_CENTER, th->text_dim);
        return;
    }
    static const char *const names[HLAYERS] = { "1", "2", "3", "4", "5", "6", "7" };
    plot_series s[HLAYERS];
    for (int l = 0; l < layers; l++)
        s[l] = (plot_series){ .name = names[l], .y = v->gnorm[l], .n = n, .x0 = 1, .dx = 1,
                              .color = th->series[l % 4], .points = n < 30 };
    plot_axes ax = { .title = TR("Norme du gradient par couche", "Gradient norm per layer"),
                     .xlabel = TR("époques", "epochs"), .integer_x = 1, .log_y = 1 };
    plot_lines(ui, r, &ax, s, layers);
}

/* The loss, accuracy and gradient charts in column r: one above the other where each gets a
 * readable height, else one at a time under tabs that pick it (a short area, demo mode). */
static void charts_column(images_views *v, ui_context *ui, ui_rect r, const trainer_stats *st)
{
    float gap = ui_px(ui, 12), ch = (r.h - 2 * gap) / 3;
    if (ch >= ui_px(ui, 150)) {
        scene_loss_chart(ui, (ui_rect){ r.x, r.y, r.w, ch }, st, NULL);
        scene_accuracy_chart(ui, (ui_rect){ r.x, r.y + ch + gap, r.w, ch }, st, NULL);
        gradients_panel(v, ui, (ui_rect){ r.x, r.y + 2 * (ch + gap), r.w, ch }, st);
        return;
    }
    /* each tab's name, abbreviated where three do not fit */
    static const char *const names[2][3][2] = { { { "Perte", "Perte" }, { "Exactitude", "Exact." }, { "Gradients", "Grad." } },
                                                { { "Loss", "Loss" }, { "Accuracy", "Acc." }, { "Gradients", "Grad." } } };
    const char *tabs[3];
    for (int i = 0; i < 3; i++)
        tabs[i] = scene_fit(ui, UI_FONT_BODY, r.w / 3 - ui_px(ui, 12), 2, names[lang_current() == LANG_EN][i]);
    ui_layout_begin(ui, (ui_rect){ r.x, r.y, r.w, ui_px(ui, 30) });
    ui_row(ui, 1, NULL, 30);
    ui_tabs(ui, "##charts", &v->chart, tabs, 3);
    ui_layout_end(ui);
    ui_rect c = { r.x, r.y + ui_px(ui, 30) + gap, r.w, r.h - ui_px(ui, 30) - gap };
    if (v->chart == 0)
        scene_loss_chart(ui, c, st, NULL);
    else if (v->chart == 1)
        scene_accuracy_chart(ui, c, st, NULL);
    else
        gradients_panel(v, ui, c, st);
}

void images_training_tab(images_views *v, app *a, ui_rect r, nn_model *view, const data_set *d,
                         const trainer_stats *st)
{
    ui_context *ui = a->ui;
    float gap = ui_px(ui, 12), lw = (r.w - gap) * 0.42f;
    if (v->kernel && v->conf_fresh && st->steps > 0 && scene_throttle(a, &v->last_conf, 1.0)) {
        count_confusion(v, a, view, d);
        v->conf_fresh = 0;
    }
    charts_column(v, ui, (ui_rect){ r.x, r.y, lw, r.h }, st);
    /* the matrix gets more of a short area (demo mode) */
    float rx = r.x + lw + gap, rw = r.w - lw - gap, mh = (r.h - gap) * (r.h < ui_px(ui, 500) ? 0.7f : 0.62f);
    confusion_panel(v, ui, (ui_rect){ rx, r.y, rw, mh }, d);
    histograms_panel(v, ui, (ui_rect){ rx, r.y + mh + gap, rw, r.h - mh - gap });
}
