/* scene_training_net.c — the training scene's network and output, TensorFlow Playground's way:
 * the features as buttons with their maps, + and − for the hidden layers and each one's neurons,
 * every neuron drawn with its own map of the input plane (what it computes), and the output's
 * decision map, where a hovered neuron's map shows large. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang.h"
#include "scene_training.h"

/* The model's inputs at a point (x1, x2) of the plane (the features switched on, or a table's two
 * columns): as the trainer computes them. Returns the count. */
static int inputs_at(const training_state *s, float x1, float x2, float *out)
{
    return trainer_features_of(&s->cfg, x1, x2, out);
}

/* Playground's colours: t in -1..1, orange to white to blue. */
static void paint(uint8_t *px, const ui_theme *th, float t)
{
    t = fmaxf(-1, fminf(1, t));
    ui_color c = ui_mix(th->panel, ui_diverging(th, t), fminf(1, fabsf(t) * 1.15f));
    px[0] = c.r, px[1] = c.g, px[2] = c.b, px[3] = 255;
}

/* The point of the NODE_MAP grid (i, j) on the map's plane. */
static void grid_point(const scene_map *m, int i, int j, float *x1, float *x2)
{
    *x1 = m->lo[0] + (m->hi[0] - m->lo[0]) * ((float)i + 0.5f) / NODE_MAP;
    *x2 = m->hi[1] - (m->hi[1] - m->lo[1]) * ((float)j + 0.5f) / NODE_MAP;
}

/* The features' thumbnails: each feature's value over the plane. */
static void feature_maps(training_state *s, const ui_theme *th)
{
    for (int k = 0; k < TRAINER_N_FEATURES; k++) {
        float lim = 0, v[NODE_MAP * NODE_MAP];
        for (int j = 0; j < NODE_MAP; j++)
            for (int i = 0; i < NODE_MAP; i++) {
                float x1, x2;
                grid_point(&s->map, i, j, &x1, &x2);
                const float all[TRAINER_N_FEATURES] = { x1, x2, x1 * x1, x2 * x2, x1 * x2, sinf(x1), sinf(x2) };
                v[j * NODE_MAP + i] = all[k];
                lim = fmaxf(lim, fabsf(all[k]));
            }
        for (int p = 0; p < NODE_MAP * NODE_MAP; p++)
            paint(&s->feature_rgba[k][4 * p], th, lim > 0 ? v[p] / lim : 0);
        s->feature_img[k] = (ui_image){ .rgba = s->feature_rgba[k], .w = NODE_MAP, .h = NODE_MAP, .smooth = 1 };
        ui_image_touch(&s->feature_img[k]);
    }
}

/* The values every shown neuron takes over the grid, into vals[c][i][point]; their largest size
 * into lim[c][i]. -1 when the model fails. */
static int neuron_values(training_state *s, nn_model *view, float *vals, float *lim, float *acts)
{
    const netview *nv = &s->nv;
    float in[TRAINER_N_FEATURES];
    for (int p = 0; p < NODE_MAP * NODE_MAP; p++) {
        float x1, x2;
        grid_point(&s->map, p % NODE_MAP, p / NODE_MAP, &x1, &x2);
        int n = inputs_at(s, x1, x2, in);
        if (n != nn_input_dim(view) || nn_forward_layers(view, in, acts) < 0)
            return -1;
        for (int c = 0; c < nv->n_cols; c++) {
            /* column c's outputs: the inputs, or layer layer_of[c]'s among all layers' outputs */
            const float *out = in;
            if (c > 0) {
                out = acts;
                for (int l = 0; l < nv->layer_of[c]; l++) {
                    nn_layer_info li;
                    nn_layer_info_get(view, l, &li);
                    out += li.units;
                }
            }
            for (int i = 0; i < nv->n_shown[c]; i++) {
                float v = out[nv->shown[c][i]];
                vals[((size_t)c * NETVIEW_SHOWN + (size_t)i) * NODE_MAP * NODE_MAP + (size_t)p] = v;
                lim[c * NETVIEW_SHOWN + i] = fmaxf(lim[c * NETVIEW_SHOWN + i], fabsf(v));
            }
        }
    }
    return 0;
}

void training_node_maps(training_state *s, nn_model *view, const ui_theme *th)
{
    static float vals[NETVIEW_COLS * NETVIEW_SHOWN * NODE_MAP * NODE_MAP];
    float lim[NETVIEW_COLS * NETVIEW_SHOWN] = { 0 }, acts[4096];
    if (!s->maps_ready)
        feature_maps(s, th);
    size_t total = 0;
    for (int l = 0; l < nn_layer_count(view); l++) {
        nn_layer_info li;
        nn_layer_info_get(view, l, &li);
        total += (size_t)li.units;
    }
    if (total > sizeof acts / sizeof *acts || neuron_values(s, view, vals, lim, acts) < 0)
        return;
    for (int c = 0; c < s->nv.n_cols; c++)
        for (int i = 0; i < s->nv.n_shown[c]; i++) {
            const float *v = &vals[((size_t)c * NETVIEW_SHOWN + (size_t)i) * NODE_MAP * NODE_MAP];
            float m = lim[c * NETVIEW_SHOWN + i];
            for (int p = 0; p < NODE_MAP * NODE_MAP; p++)
                paint(&s->node_rgba[c][i][4 * p], th, m > 0 ? v[p] / m : 0);
            s->node_img[c][i] = (ui_image){ .rgba = s->node_rgba[c][i], .w = NODE_MAP, .h = NODE_MAP, .smooth = 1 };
            ui_image_touch(&s->node_img[c][i]);
        }
    s->maps_ready = 1;
}

/* ---- the network's panel ---------------------------------------------------------------------- */

/* A small − or + button; 1 when pressed. */
static int step_button(ui_context *ui, float x, float y, float side, const char *label, int enabled)
{
    return ui_button_at(ui, (ui_rect){ x, y, side, side }, label, 0, enabled);
}

/* Above the drawing: − + and the number of hidden layers. 1 when it changed. */
static int layer_buttons(training_state *s, ui_context *ui, ui_rect r, int locked)
{
    float side = ui_px(ui, 24), gap = ui_px(ui, 4);
    int changed = 0, h = s->cfg.hidden;
    s->hit_layers[0] = (ui_rect){ r.x, r.y, side, side };
    s->hit_layers[1] = (ui_rect){ r.x + side + gap, r.y, side, side };
    if (step_button(ui, r.x, r.y, side, "−##layers", !locked && h > 0))
        s->cfg.hidden--, changed = 1;
    if (step_button(ui, r.x + side + gap, r.y, side, "+##layers", !locked && h < PG_MAX_HIDDEN)) {
        s->cfg.units[s->cfg.hidden] = s->cfg.hidden ? s->cfg.units[s->cfg.hidden - 1] : 4;
        s->cfg.hidden++, changed = 1;
    }
    char buf[64], brief[32];
    snprintf(buf, sizeof buf, TR("%d couche%s cachée%s", "%d hidden layer%s"), s->cfg.hidden,
             s->cfg.hidden > 1 ? "s" : "", TR(s->cfg.hidden > 1 ? "s" : "", ""));
    snprintf(brief, sizeof brief, TR("%d cach.", "%d hidden"), s->cfg.hidden);
    float x = r.x + 2 * (side + gap) + gap;
    ui_draw_text_aligned(ui, UI_FONT_BOLD,
                         scene_fit(ui, UI_FONT_BOLD, r.x + r.w - x, 2, (const char *const[]){ buf, brief }),
                         (ui_rect){ x, r.y, r.x + r.w - x, side }, UI_LEFT, ui->theme.text);
    return changed;
}

/* The narrowest room between a hidden column and its neighbours. */
static float unit_room(const training_state *s, const netview_layout *L)
{
    float room = 1e9f;
    for (int c = 1; c < s->nv.n_cols - 1 && c - 1 < s->cfg.hidden; c++)
        room = fminf(room, fminf(L->x[c] - L->x[c - 1], L->x[c + 1] - L->x[c]));
    return room;
}

/* − + side by side need this much room between the columns; closer columns (five or six hidden
 * layers) stack them, + over −, in a taller row above the drawing. */
static int units_stacked(const training_state *s, ui_context *ui, const netview_layout *L)
{
    return unit_room(s, L) < 2 * ui_px(ui, 18) + ui_px(ui, 6);
}

/* Above each hidden column's header: − + for its neurons (stacked: + over −). */
static int unit_buttons(training_state *s, ui_context *ui, const netview_layout *L, float y, int locked)
{
    float gap = ui_px(ui, 2);
    int changed = 0, stacked = units_stacked(s, ui, L);
    float side = stacked ? fminf(ui_px(ui, 18), unit_room(s, L) - ui_px(ui, 4)) : ui_px(ui, 18);
    for (int c = 1; c < s->nv.n_cols - 1 && c - 1 < s->cfg.hidden; c++) {
        int *u = &s->cfg.units[c - 1];
        /* too small to hit (demo mode's type beside six layers): the code panel sets the units */
        if (side < ui_px(ui, 11)) {
            s->hit_units[c - 1][0] = s->hit_units[c - 1][1] = (ui_rect){ 0, 0, 0, 0 };
            continue;
        }
        ui_rect minus = { L->x[c] - side - gap / 2, y, side, side };
        ui_rect plus = { minus.x + side + gap, y, side, side };
        if (stacked)
            plus = (ui_rect){ L->x[c] - side / 2, y, side, side }, minus = (ui_rect){ plus.x, y + side + gap, side, side };
        s->hit_units[c - 1][0] = minus;
        s->hit_units[c - 1][1] = plus;
        ui_push_id_int(ui, c);
        if (step_button(ui, minus.x, minus.y, side, "−##units", !locked && *u > 1))
            (*u)--, changed = 1;
        if (step_button(ui, plus.x, plus.y, side, "+##units", !locked && *u < PG_MAX_UNITS))
            (*u)++, changed = 1;
        ui_pop_id(ui);
    }
    return changed;
}

/* The seven features of a 2-D set, each a thumbnail of its map and its name; a click switches it
 * on or off (one at least stays on). 1 when it changed. */
static int feature_buttons(training_state *s, ui_context *ui, ui_rect r, int locked)
{
    const ui_theme *th = &ui->theme;
    unsigned *f = &s->cfg.features;
    if (!*f)
        *f = TRAINER_F_X1 | TRAINER_F_X2;
    /* the thumbnails give way to the widest name, so that every name shows beside its map */
    float widest = 0;
    for (int k = 0; k < TRAINER_N_FEATURES; k++)
        widest = fmaxf(widest, ui_text_width(ui, UI_FONT_SMALL, trainer_feature_names[k], -1));
    float row = fminf(r.h / TRAINER_N_FEATURES, ui_px(ui, 44));
    float side = fmaxf(ui_px(ui, 16), fminf(row - ui_px(ui, 8), r.w - widest - ui_px(ui, 4)));
    int changed = 0;
    for (int k = 0; k < TRAINER_N_FEATURES; k++) {
        ui_rect b = { r.x, r.y + row * (float)k, r.w, row };
        s->hit_feature[k] = b;
        ui_rect img = { b.x, b.y + ui_px(ui, 4), side, side };
        int on = (*f >> k) & 1;
        ui_id id = ui_get_id_int(ui, "feature", k);
        if (!locked && ui_interact(ui, id, b) && (!on || (*f & ~(1u << k)))) {
            *f ^= 1u << k;
            changed = 1;
        }
        if (s->maps_ready)
            ui_draw_image(ui, img, &s->feature_img[k]);
        ui_stroke_rect(ui, img, on ? 2 : 1, on ? th->accent : th->border);
        if (!on)
            ui_fill_rect(ui, img, ui_alpha(th->panel, 0.7f));
        ui_rect name = { img.x + side + ui_px(ui, 4), b.y, b.w - side - ui_px(ui, 4), b.h };
        int font = on && ui_text_width(ui, UI_FONT_BOLD, trainer_feature_names[k], -1) <= name.w ? UI_FONT_BOLD
                                                                                                 : UI_FONT_SMALL;
        if (ui_text_width(ui, font, trainer_feature_names[k], -1) <= name.w)
            ui_draw_text_aligned(ui, font, trainer_feature_names[k], name, UI_LEFT, on ? th->text : th->text_dim);
        char tip[96];
        snprintf(tip, sizeof tip, "%s — %s", trainer_feature_names[k],
                 TR("cliquer : cette entrée du réseau, ou non", "click: this input of the network, or not"));
        ui_tooltip(ui, b, tip);
    }
    return changed;
}

/* The names beside the inputs: the features switched on. */
static int input_names(const training_state *s, const char **names)
{
    unsigned f = s->cfg.features ? s->cfg.features : TRAINER_F_X1 | TRAINER_F_X2;
    int n = 0;
    for (int k = 0; k < TRAINER_N_FEATURES; k++)
        if (f & (1u << k))
            names[n++] = trainer_feature_names[k];
    return n;
}

int training_network(training_state *s, app *a, ui_rect r, const data_set *d, int plane)
{
    ui_context *ui = a->ui;
    ui_rect net = app_panel(ui, r, TR("Le réseau", "The network"));
    unsigned show = s->shown & ~s->locked, lock = s->shown & s->locked;
    int build = plane && ((show | lock) & C_LAYERS), changed = 0;
    if (build) {
        changed |= layer_buttons(s, ui, (ui_rect){ net.x, net.y - ui_px(ui, 4), net.w, ui_px(ui, 24) }, lock & C_LAYERS);
        net.y += ui_px(ui, 26), net.h -= ui_px(ui, 26);
    }
    if (plane && data_is_playground(s->cfg.dataset) && ((show | lock) & C_FEATURES)) {
        float fw = fminf(ui_px(ui, 84), net.w * 0.29f);
        changed |= feature_buttons(s, ui, (ui_rect){ net.x, net.y + ui_px(ui, 24), fw, net.h - ui_px(ui, 24) },
                                   lock & C_FEATURES);
        net.x += fw + ui_px(ui, 6), net.w -= fw + ui_px(ui, 6);
    }
    if (!s->nv_ready || !d) {
        ui_draw_text_aligned(ui, UI_FONT_BODY, s->base.st.state == TRAINER_LOADING ? TR("Chargement…", "Loading…") : "",
                             net, UI_CENTER, ui->theme.text_dim);
        return changed;
    }
    const char *in_names[TRAINER_N_FEATURES], *out_names[16];
    input_names(s, in_names);
    for (int c = 0; c < d->train.classes && c < 16; c++)
        out_names[c] = data_class_name(d, c);
    netview_args na = { .reveal = -1,
                        .input_names = plane ? in_names : NULL,
                        .output_names = d->train.classes <= 16 && d->train.classes > 0 ? out_names : NULL,
                        .input_image = d->image_side == 28 && s->sample < GRID_IMAGES ? &s->img[s->sample] : NULL,
                        .compact = 1 };
    if (data_is_playground(s->cfg.dataset)) {
        static const char *const classes_fr[2] = { "orange", "bleu" }, *const classes_en[2] = { "orange", "blue" };
        na.output_names = s->cfg.regression ? NULL : lang_current() == LANG_EN ? classes_en : classes_fr;
    }
    /* a narrow panel (demo mode) leaves the columns no room beside the names */
    if (net.w < ui_px(ui, 300))
        na.input_names = NULL, na.output_names = NULL;
    float row = build ? ui_px(ui, 20) : 0;
    ui_rect body = { net.x, net.y + row, net.w, net.h - row };
    netview_layout L;
    netview_lay_out(ui, body, &s->nv, &na, &L);
    if (build && units_stacked(s, ui, &L)) {
        row = ui_px(ui, 40);
        body = (ui_rect){ net.x, net.y + row, net.w, net.h - row };
        netview_lay_out(ui, body, &s->nv, &na, &L);
    }
    if (build)
        changed |= unit_buttons(s, ui, &L, net.y, lock & C_LAYERS);
    /* each neuron as its map, as Playground draws it; a click on a connection sets its weight */
    for (int c = 0; c < NETVIEW_COLS; c++)
        for (int i = 0; i < NETVIEW_SHOWN; i++)
            s->maps[c][i] = plane && s->maps_ready ? &s->node_img[c][i] : NULL;
    na.maps = s->maps;
    netview_hit hit;
    netview_event ev = netview_update(ui, body, &s->nv, &na, &hit);
    if (ev.kind == NETVIEW_EVENT_WEIGHT && s->base.t)
        trainer_set_weight(s->base.t, ev.layer, ev.from, ev.to, ev.value);
    s->hover_col = plane && hit.kind == NETVIEW_HIT_NEURON ? hit.c : -1;
    s->hover_unit = hit.j;
    return changed;
}

/* ---- the output ------------------------------------------------------------------------------- */

/* The model's output over the map's grid: the probability of blue (or the value, in regression),
 * in two colours when discretised. -1 when the model fails. */
int training_output_map(training_state *s, nn_model *view, const ui_theme *th)
{
    enum { N = SCENE_MAP * SCENE_MAP };
    static float in[N * TRAINER_N_FEATURES], out[N * 16];
    int dim = 0, outs = nn_output_dim(view);
    for (int p = 0; p < N; p++)
        dim = inputs_at(s, s->map.x[2 * p], s->map.x[2 * p + 1], &in[(size_t)p * TRAINER_N_FEATURES]);
    /* packed: the rows were written TRAINER_N_FEATURES apart */
    for (int p = 1; p < N && dim < TRAINER_N_FEATURES; p++)
        memmove(&in[(size_t)p * dim], &in[(size_t)p * TRAINER_N_FEATURES], (size_t)dim * sizeof *in);
    if (dim != nn_input_dim(view) || outs > 16 || nn_predict(view, in, N, out) < 0)
        return -1;
    for (int p = 0; p < N; p++) {
        float t = outs == 1 ? out[p] : out[p * outs + 1] * 2 - 1;
        if (s->discretize)
            t = t >= 0 ? 1 : -1;
        ui_color c = ui_mix(th->panel, ui_diverging(th, t), 0.62f * fminf(1, fabsf(t) * 1.25f));
        uint8_t *px = &s->map.rgba[4 * p];
        px[0] = c.r, px[1] = c.g, px[2] = c.b, px[3] = 255;
    }
    ui_image_touch(&s->map.img);
    return 0;
}

/* The points on the map q: the training ones, the test ones ringed when shown; a class's colour,
 * or the value's in regression. */
static void draw_points(training_state *s, ui_context *ui, ui_rect q, const data_set *d)
{
    const ui_theme *th = &ui->theme;
    const nn_dataset *sets[2] = { &d->train, &d->test };
    float pr = ui_px(ui, q.w > ui_px(ui, 200) ? 3.6f : 2.8f);
    ui_push_clip(ui, q);
    for (int k = 0; k < (s->show_test ? 2 : 1); k++)
        for (int i = 0; i < sets[k]->n && sets[k]->dim >= 2; i++) {
            const float *x = &sets[k]->x[(size_t)i * (size_t)sets[k]->dim];
            float px = q.x + (x[0] - s->map.lo[0]) / (s->map.hi[0] - s->map.lo[0]) * q.w;
            float py = q.y + (s->map.hi[1] - x[1]) / (s->map.hi[1] - s->map.lo[1]) * q.h;
            float y = sets[k]->y[i];
            ui_color c = sets[k]->classes ? (y > 0.5f ? th->positive : th->negative) : ui_diverging(th, y);
            ui_fill_circle(ui, px, py, pr + ui_px(ui, 1.2f), k ? th->text : th->panel);
            ui_fill_circle(ui, px, py, pr, c);
        }
    ui_pop_clip(ui);
}

void training_output(training_state *s, app *a, ui_rect r, const data_set *d)
{
    ui_context *ui = a->ui;
    int neuron = s->hover_col >= 0 && s->maps_ready;
    char title[96];
    if (neuron)
        snprintf(title, sizeof title, TR("Le neurone %d de la couche %d", "Neuron %d of layer %d"), s->hover_unit + 1,
                 s->hover_col);
    ui_rect in = scene_panel(ui, r, neuron ? title : TR("Ce que le modèle prédit", "What the model predicts"),
                             TR("Prédiction", "Prediction"));
    float line = ui_line_height(ui, UI_FONT_BODY) + ui_px(ui, 8);
    /* the two toggles share the panel's width; when even their short words do not fit side by
     * side (demo mode's type beside the code), each takes a line and the map gives up the room */
    float half = in.w / 2 - ui_line_height(ui, UI_FONT_BODY) - ui_px(ui, 10);
    int rows = half < fmaxf(ui_text_width(ui, UI_FONT_BODY, "valid.", -1), ui_text_width(ui, UI_FONT_BODY, "discr.", -1))
                   ? 2 : 1;
    ui_rect mr = { in.x, in.y, in.w, in.h - line * (float)rows };
    float side = fminf(mr.w, mr.h);
    ui_rect q = { mr.x + (mr.w - side) / 2, mr.y + (mr.h - side) / 2, side, side };
    ui_draw_image(ui, q, neuron ? &s->node_img[s->hover_col][s->hover_unit] : &s->map.img);
    ui_stroke_rect(ui, q, 1, ui->theme.border);
    draw_points(s, ui, q, d);
    ui_layout_begin(ui, (ui_rect){ in.x, mr.y + mr.h + ui_px(ui, 4), in.w, line * (float)rows - ui_px(ui, 4) });
    ui_row(ui, 3 - rows, NULL, (line - ui_px(ui, 4)) / ui->scale);
    float room = (rows == 1 ? half : in.w - ui_line_height(ui, UI_FONT_BODY) - ui_px(ui, 10));
    ui_toggle(ui, scene_fit(ui, UI_FONT_BODY, room, 3,
                                (const char *const[]){ TR("données de validation", "validation data"), "validation", "valid." }),
              &s->show_test);
    s->hit_show_test = ui->last;
    if (rows == 2)
        ui_row(ui, 1, NULL, (line - ui_px(ui, 4)) / ui->scale);
    if (ui_toggle(ui, scene_fit(ui, UI_FONT_BODY, room, 2,
                                (const char *const[]){ TR("discrétiser", "discretize"), TR("discr.", "discr.") }),
                  &s->discretize))
        s->weights_fresh = 1;
    s->hit_discretize = ui->last;
    ui_layout_end(ui);
}
