/* scene_images_weights.c — what the first Dense layer learned: each of its neurons' 784 incoming
 * weights drawn as a 28×28 tile, in the signs' colours (ui_diverging: blue positive, orange
 * negative, white zero), following the training a few times a second; a click on a tile ranks
 * the first PROBES test images by that neuron's activation and shows the TOP that excite it most. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang.h"
#include "scene_images.h"

void images_views_init(images_views *v)
{
    memset(v, 0, sizeof *v);
    for (int i = 0; i < MAX_TILES; i++)
        v->tile[i] = (ui_image){ .rgba = v->tile_rgba[i], .w = SIDE, .h = SIDE };
    for (int i = 0; i < TOP; i++)
        v->top_img[i] = (ui_image){ .rgba = v->top_rgba[i], .w = SIDE, .h = SIDE };
    for (int i = 0; i < CELL_SHOWN; i++)
        v->cell_img[i] = (ui_image){ .rgba = v->cell_rgba[i], .w = SIDE, .h = SIDE };
    v->picked = v->cell_r = v->cell_c = -1;
}

void images_views_free(images_views *v)
{
    free(v->kernel);
    free(v->acts);
    v->kernel = v->acts = NULL;
    v->kernel_n = 0;
    v->model = NULL;
}

void images_views_reset(images_views *v)
{
    images_views_free(v);
    images_views_init(v);
}

/* The buffers for view: its Dense layers, the largest kernel, one sample's activations. 0, or -1
 * out of memory (the views then stay empty). */
static int setup(images_views *v, const nn_model *view)
{
    images_views_reset(v);
    v->model = view;
    size_t most = 0, acts = 0;
    for (int l = 0; l < nn_layer_count(view); l++) {
        nn_layer_info li;
        if (nn_layer_info_get(view, l, &li) < 0)
            continue;
        if (strcmp(li.kind, "Dense") == 0 && v->n_dense < HLAYERS) {
            if (v->n_dense == 0) {
                v->in = li.inputs, v->units = li.units;
                v->first_off = (int)acts;
            }
            v->dense[v->n_dense++] = l;
            most = (size_t)li.inputs * (size_t)li.units > most ? (size_t)li.inputs * (size_t)li.units : most;
        }
        acts += (size_t)li.units;
    }
    v->kernel = malloc((most ? most : 1) * sizeof *v->kernel);
    v->acts = malloc((acts ? acts : 1) * sizeof *v->acts);
    if (!v->kernel || !v->acts) {
        images_views_free(v);
        v->model = view; /* not again every frame */
        return -1;
    }
    v->kernel_n = most;
    v->tiles_fresh = v->top_fresh = v->conf_fresh = 1;
    return 0;
}

int images_views_follow(images_views *v, app *a, nn_model *view, const trainer_stats *st)
{
    if (view != v->model && setup(v, view) < 0) {
        app_error(a, "%s", TR("Pas assez de mémoire pour montrer les poids.", "Not enough memory to show the weights."));
        return -1;
    }
    if (!v->kernel)
        return 0;
    /* a column for the weights before training, then one per epoch (the view's weights when the
     * epoch's end is seen: a snapshot a batch or so later) */
    if (!v->hcols)
        v->hfirst = st->n_epochs;
    int want = st->n_epochs - v->hfirst + 1 < HEPOCHS ? st->n_epochs - v->hfirst + 1 : HEPOCHS;
    while (v->hcols < want)
        images_record_histograms(v, view);
    return 0;
}

/* Each tile from the first Dense layer's kernel (in, units): pixel i of tile j is kernel[i][j],
 * scaled by the tile's largest |weight| so that every neuron's pattern shows. */
static void paint_tiles(images_views *v, const ui_theme *th, const nn_model *view)
{
    if (nn_get_weights(view, v->dense[0], v->kernel, NULL) < 0)
        return;
    int n = v->units < MAX_TILES ? v->units : MAX_TILES;
    for (int j = 0; j < n; j++) {
        float most = 1e-12f;
        for (int i = 0; i < PIXELS; i++)
            most = fmaxf(most, fabsf(v->kernel[(size_t)i * (size_t)v->units + (size_t)j]));
        uint8_t *px = v->tile_rgba[j];
        for (int i = 0; i < PIXELS; i++) {
            ui_color c = ui_diverging(th, v->kernel[(size_t)i * (size_t)v->units + (size_t)j] / most);
            px[4 * i] = c.r, px[4 * i + 1] = c.g, px[4 * i + 2] = c.b, px[4 * i + 3] = 255;
        }
        ui_image_touch(&v->tile[j]);
    }
}

/* The TOP test images (of the first PROBES) with the largest activation of neuron v->picked. */
static void rank_images(images_views *v, app *a, nn_model *view, const data_set *d)
{
    int n = d->test.n < PROBES ? d->test.n : PROBES;
    v->top_n = 0;
    for (int k = 0; k < n; k++) {
        if (nn_forward_layers(view, d->test.x + (size_t)k * PIXELS, v->acts) < 0) {
            app_error(a, "%s", nn_error());
            return;
        }
        float act = v->acts[v->first_off + v->picked];
        int at = v->top_n < TOP ? v->top_n++ : TOP;
        /* insertion into the list kept in decreasing order */
        while (at > 0 && v->top_act[at - 1] < act) {
            if (at < TOP)
                v->top_act[at] = v->top_act[at - 1], v->top_idx[at] = v->top_idx[at - 1];
            at--;
        }
        if (at < TOP)
            v->top_act[at] = act, v->top_idx[at] = k;
    }
    for (int i = 0; i < v->top_n; i++) {
        scene_gray_image(v->top_rgba[i], d->test.x + (size_t)v->top_idx[i] * PIXELS, SIDE);
        ui_image_touch(&v->top_img[i]);
    }
}

/* The tiles in a grid of 16 columns inside r; a click picks a neuron. */
static void tile_grid(images_views *v, ui_context *ui, ui_rect r)
{
    const ui_theme *th = &ui->theme;
    int n = v->units < MAX_TILES ? v->units : MAX_TILES, cols = 1;
    float cell = 0;
    /* the columns that give the largest tiles (16 × 8 in a wide panel) */
    for (int c = 1; c <= n; c++) {
        int rows = (n + c - 1) / c;
        float side = fminf(r.w / (float)c, r.h / (float)rows);
        if (side > cell)
            cell = side, cols = c;
    }
    float pad = fmaxf(1, cell * 0.06f);
    float x0 = r.x + (r.w - cell * (float)cols) / 2;
    for (int j = 0; j < n; j++) {
        ui_rect tr = { x0 + cell * (float)(j % cols) + pad, r.y + cell * (float)(j / cols) + pad,
                       cell - 2 * pad, cell - 2 * pad };
        ui_id id = ui_get_id_int(ui, "tile", j);
        if (ui_interact(ui, id, tr)) {
            v->picked = j;
            v->top_fresh = 1;
            v->top_n = 0;
            v->last_top = -1e9; /* ranked at once, not after the throttle's second */
        }
        ui_draw_image(ui, tr, &v->tile[j]);
        int lit = j == v->picked || ui->hot == id;
        ui_stroke_rect(ui, ui_rect_inset(tr, -1), lit ? 2 : 1, lit ? th->accent : th->border);
    }
}

/* The picked neuron's best test images in r, each with its class and the activation. */
static void top_images(images_views *v, ui_context *ui, ui_rect r, const data_set *d)
{
    const ui_theme *th = &ui->theme;
    float lh = ui_line_height(ui, UI_FONT_SMALL);
    if (v->picked < 0) {
        ui_draw_wrapped(ui, UI_FONT_BODY,
                        TR("Cliquez sur un neurone : les images de test qui l'excitent le plus s'affichent ici.",
                           "Click a neuron: the test images that excite it most show here."),
                        r.x, r.y, r.w, th->text_dim);
        return;
    }
    char buf[96], shorter[48];
    snprintf(buf, sizeof buf, TR("Neurone %d : ses %d images préférées", "Neuron %d: its %d favourite images"),
             v->picked + 1, v->top_n);
    snprintf(shorter, sizeof shorter, TR("Neurone %d", "Neuron %d"), v->picked + 1);
    /* the neuron's number alone where the panel is narrow (demo mode), the rest in the tooltip */
    scene_fit_text(ui, UI_FONT_BOLD, (ui_rect){ r.x, r.y, r.w, ui_line_height(ui, UI_FONT_BOLD) }, UI_LEFT, th->text, 2,
                   (const char *const[]){ buf, shorter });
    float y = r.y + ui_line_height(ui, UI_FONT_BOLD) + ui_px(ui, 4);
    int cols = 2;
    float cw = r.w / (float)cols, ch = fminf((r.y + r.h - y) / (float)((TOP + cols - 1) / cols), cw * 0.5f + lh);
    float side = fminf(ch - ui_px(ui, 4), cw * 0.45f);
    for (int i = 0; i < v->top_n; i++) {
        float x = r.x + cw * (float)(i % cols), yy = y + ch * (float)(i / cols);
        ui_rect ir = { x, yy, side, side };
        ui_draw_image(ui, ir, &v->top_img[i]);
        ui_stroke_rect(ui, ui_rect_inset(ir, -1), 1, th->border);
        snprintf(buf, sizeof buf, "%s", data_class_name(d, (int)d->test.y[v->top_idx[i]]));
        ui_rect tr = { x + side + ui_px(ui, 4), yy, cw - side - ui_px(ui, 8), lh };
        ui_push_clip(ui, tr);
        ui_draw_text(ui, UI_FONT_SMALL, buf, -1, tr.x, tr.y, th->text);
        ui_pop_clip(ui);
        snprintf(buf, sizeof buf, "%.2f", (double)v->top_act[i]);
        lang_decimals(buf);
        ui_draw_text(ui, UI_FONT_SMALL, buf, -1, tr.x, tr.y + lh, th->text_dim);
    }
}

void images_weights_tab(images_views *v, app *a, ui_rect r, nn_model *view, const data_set *d)
{
    ui_context *ui = a->ui;
    const ui_theme *th = &ui->theme;
    const char *pick = TR("Ce qui l'excite", "What excites it");
    /* the right panel as wide as its title needs (demo mode's larger type), the tiles giving way */
    float gap = ui_px(ui, 12), rw = fminf(r.w * 0.3f, ui_px(ui, 260));
    rw = fminf(fmaxf(rw, ui_text_width(ui, UI_FONT_HEADING, pick, -1) + 2 * ui_px(ui, ui->theme.padding) + 2),
               r.w * 0.4f);
    ui_rect left = { r.x, r.y, r.w - rw - gap, r.h }, right = { r.x + r.w - rw, r.y, rw, r.h };
    ui_rect in = scene_panel(ui, left,
                             TR("Les poids de la première couche Dense : un carré 28×28 par neurone",
                                "The first Dense layer's weights: one 28×28 square per neuron"),
                             TR("Poids de la première couche", "First layer's weights"));
    ui_rect pin = app_panel(ui, right, pick);
    if (!v->kernel || v->in != PIXELS) {
        ui_draw_wrapped(ui, UI_FONT_BODY,
                        TR("Ce modèle n'a pas de couche Dense sur les 784 pixels.",
                           "This model has no Dense layer on the 784 pixels."),
                        in.x, in.y, in.w, th->text_dim);
        return;
    }
    if (v->tiles_fresh && scene_throttle(a, &v->last_tiles, 0.25)) {
        paint_tiles(v, th, view);
        v->tiles_fresh = 0;
    }
    float lh = ui_line_height(ui, UI_FONT_SMALL);
    char buf[160], shorter[96], shortest[64];
    const char *first = v->units > MAX_TILES ? TR(" (les 128 premiers)", " (the first 128)") : "";
    snprintf(buf, sizeof buf,
             TR("bleu : poids positif · orange : négatif · %d neurones%s",
                "blue: positive weight · orange: negative · %d neurons%s"),
             v->units, first);
    snprintf(shorter, sizeof shorter, TR("bleu : positif · orange : négatif · %d neurones%s",
                                         "blue: positive · orange: negative · %d neurons%s"), v->units, first);
    snprintf(shortest, sizeof shortest, TR("bleu + · orange − · %d neurones", "blue + · orange − · %d neurons"),
             v->units);
    tile_grid(v, ui, (ui_rect){ in.x, in.y, in.w, in.h - lh - ui_px(ui, 4) });
    scene_fit_text(ui, UI_FONT_SMALL, (ui_rect){ in.x, in.y + in.h - lh, in.w, lh }, UI_LEFT, th->text_dim, 3,
                   (const char *const[]){ buf, shorter, shortest });
    if (v->picked >= 0 && v->picked < v->units && v->top_fresh && scene_throttle(a, &v->last_top, 1.0)) {
        rank_images(v, a, view, d);
        v->top_fresh = 0;
    }
    top_images(v, ui, pin, d);
}
