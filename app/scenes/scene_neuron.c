/* scene_neuron.c — one artificial neuron: inputs on dendrites, weighted sum in the cell body,
 * activation on the axon, and the activation's curve with the neuron's current point.
 *
 * The engine does the arithmetic: the neuron is a Dense(1) layer of a one-layer model whose
 * weights follow the sliders, and the curve is the same activation run over a range of z. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "lang.h"
#include "nn.h"
#include "plot.h"
#include "scene_common.h"

enum { CURVE_N = 241 };

/* The menu: the course table's list, which the lesson's directives are checked against. */
static const char *const *const activations = lesson_neuron_activations;
enum { N_ACT = LESSON_N_NEURON_ACTIVATIONS };

typedef struct neuron_state {
    float x[3], w[3], b;
    int act, built_act;
    nn_model *neuron;         /* Dense(1, act) on 3 inputs */
    nn_model *sum;            /* Dense(1, linear): z */
    nn_model *curve;          /* Dense(1, act) on 1 input, w = 1, b = 0: f(z) over a range */
    float z, fz;
    float curve_z[CURVE_N], curve_f[CURVE_N];
} neuron_state;

static nn_model *dense1(int inputs, const char *act)
{
    nn_model *m = nn_sequential();
    if (m && nn_add_dense(m, 1, act, inputs) < 0) {
        nn_free(m);
        return NULL;
    }
    return m;
}

/* Rebuilds the models after the activation changed, and the curve. */
static int rebuild(neuron_state *s, app *a)
{
    nn_free(s->neuron);
    nn_free(s->curve);
    s->neuron = dense1(3, activations[s->act]);
    s->curve = dense1(1, activations[s->act]);
    if (!s->neuron || !s->curve) {
        app_error(a, "%s", nn_error());
        return -1;
    }
    float one = 1, zero = 0;
    for (int i = 0; i < CURVE_N; i++)
        s->curve_z[i] = -6.0f + 12.0f * (float)i / (CURVE_N - 1);
    if (nn_set_weights(s->curve, 0, &one, &zero) < 0 ||
        nn_predict(s->curve, s->curve_z, CURVE_N, s->curve_f) < 0) {
        app_error(a, "%s", nn_error());
        return -1;
    }
    s->built_act = s->act;
    return 0;
}

static void compute(neuron_state *s, app *a)
{
    if (s->built_act != s->act && rebuild(s, a) < 0)
        return;
    if (!s->neuron || !s->sum)
        return;
    if (nn_set_weights(s->neuron, 0, s->w, &s->b) < 0 || nn_set_weights(s->sum, 0, s->w, &s->b) < 0 ||
        nn_predict(s->sum, s->x, 1, &s->z) < 0 || nn_predict(s->neuron, s->x, 1, &s->fz) < 0)
        app_error(a, "%s", nn_error());
}

static void *create(app *a, const lesson_config *cfg)
{
    neuron_state *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    /* the lesson's starting point; by default (lesson_scenes.c) a neuron that is clearly on: two
     * inputs agree, one disagrees */
    memcpy(s->x, cfg->inputs, sizeof s->x);
    memcpy(s->w, cfg->weights, sizeof s->w);
    s->b = cfg->bias;
    s->act = cfg->activation;
    s->built_act = -1;
    s->sum = dense1(3, "linear");
    if (!s->sum)
        app_error(a, "%s", nn_error());
    compute(s, a);
    return s;
}

static void destroy(void *p)
{
    neuron_state *s = p;
    nn_free(s->neuron);
    nn_free(s->sum);
    nn_free(s->curve);
    free(s);
}

/* ---- drawing ------------------------------------------------------------------------------------ */

/* A label in a rounded box centred on (x, y). */
static void tag(ui_context *ui, float x, float y, const char *text, int font, ui_color fg, ui_color bg)
{
    float w = ui_text_width(ui, font, text, -1) + ui_px(ui, 12), h = ui_line_height(ui, font) + ui_px(ui, 4);
    ui_rect r = { x - w / 2, y - h / 2, w, h };
    ui_fill_round_rect(ui, r, h / 2, bg);
    ui_draw_text_aligned(ui, font, text, r, UI_CENTER, fg);
}

/* A number for the spelled-out sum: negative ones in brackets, as on a blackboard. */
static const char *term(char *buf, size_t n, float v)
{
    snprintf(buf, n, v < 0 ? "(%.2f)" : "%.2f", (double)v);
    return lang_decimals(buf);
}

/* The tag's width and height, as tag() draws it. */
static float tag_w(ui_context *ui, const char *text, int font)
{
    return ui_text_width(ui, font, text, -1) + ui_px(ui, 12);
}

/* The arithmetic spelled out, in as many lines as the width needs: z's whole sum on one line, or
 * broken after the second product, or only its value; then the output. Returns the lines. */
static int formula_lines(ui_context *ui, const neuron_state *s, float w, char lines[3][256])
{
    char t[7][24];
    const char *x0 = term(t[0], 24, s->x[0]), *w0 = term(t[1], 24, s->w[0]), *x1 = term(t[2], 24, s->x[1]);
    const char *w1 = term(t[3], 24, s->w[1]), *x2 = term(t[4], 24, s->x[2]), *w2 = term(t[5], 24, s->w[2]);
    const char *b = term(t[6], 24, s->b);
    int n = 0;
    snprintf(lines[0], 256, "z = %s×%s + %s×%s + %s×%s + %s = %.3f", x0, w0, x1, w1, x2, w2, b, (double)s->z);
    lang_decimals(lines[0]);
    if (ui_text_width(ui, UI_FONT_MONO, lines[0], -1) <= w)
        n = 1;
    else {
        snprintf(lines[0], 256, "z = %s×%s + %s×%s", x0, w0, x1, w1);
        snprintf(lines[1], 256, "  + %s×%s + %s = %.3f", x2, w2, b, (double)s->z);
        lang_decimals(lines[1]);
        n = ui_text_width(ui, UI_FONT_MONO, lines[0], -1) <= w && ui_text_width(ui, UI_FONT_MONO, lines[1], -1) <= w
                ? 2
                : 0;
        if (!n)
            snprintf(lines[n++], 256, "z = Σ x·w + b = %.3f", (double)s->z);
        lang_decimals(lines[0]);
    }
    snprintf(lines[n++], 256, "%s = %s(%.3f) = %.3f", TR("sortie", "output"), activations[s->act], (double)s->z,
             (double)s->fz);
    lang_decimals(lines[n - 1]);
    return n;
}

/* Where the neuron's parts go, in pixels, from the panel and the type. */
typedef struct neuron_layout {
    ui_rect r;                     /* the panel */
    ui_rect d;                     /* the diagram: the panel less the names' line and the formula */
    int named;                     /* the anatomy's names have room */
    float mono_h, small_h, tag_h;  /* line heights; a tag's height */
    float formula_h;               /* the formula's lines at the bottom */
    float cx, cy, body;            /* the cell body: centre and radius */
    float ir, in_x;                /* the inputs: radius and centre x */
    float orad, ox, out_x;         /* the output: radius, centre x, and where the axon's terminals end */
    float fw;                      /* the output's tag's width */
} neuron_layout;

/* Sizes follow the type (tags are a line of bold text); the anatomy's names get a line above and
 * below only when the diagram keeps room for its tags and a body. */
static neuron_layout layout_neuron(ui_context *ui, const neuron_state *s, ui_rect r, int nlines)
{
    neuron_layout g = { .r = r };
    g.mono_h = ui_line_height(ui, UI_FONT_MONO), g.small_h = ui_line_height(ui, UI_FONT_SMALL);
    g.tag_h = ui_line_height(ui, UI_FONT_BOLD) + ui_px(ui, 4);
    float label_h = g.small_h + ui_px(ui, 4);
    g.formula_h = g.mono_h * (float)nlines + ui_px(ui, 8);
    g.named = r.h - g.formula_h > ui_px(ui, 150) + 2 * label_h + 4 * g.tag_h;
    g.d = (ui_rect){ r.x, r.y + (g.named ? label_h : 0), r.w, r.h - (g.named ? label_h : 0) - g.formula_h };
    /* the z tag above the body and the bias tag below it set the body's size */
    g.body = fminf(g.d.w * 0.1f, (g.d.h - 2 * g.tag_h - ui_px(ui, 24)) * 0.5f);
    g.body = fmaxf(g.body, ui_px(ui, 14));
    g.cx = g.d.x + g.d.w * 0.5f, g.cy = g.d.y + g.d.h * 0.5f;
    g.ir = fminf(ui_px(ui, 20), g.d.h * 0.09f);
    float vw_max = ui_text_width(ui, UI_FONT_SMALL, "-0.00", -1);
    g.in_x = g.d.x + vw_max + ui_px(ui, 8) + g.ir;
    g.orad = fminf(ui_px(ui, 24), g.body * 0.8f);
    char buf[64];
    snprintf(buf, sizeof buf, "f(z) = %.3f", (double)s->fz);
    lang_decimals(buf);
    g.fw = tag_w(ui, buf, UI_FONT_BOLD);
    g.ox = g.d.x + g.d.w - fmaxf(g.orad, g.fw / 2) - ui_px(ui, 2);
    g.out_x = g.ox - g.orad * 0.4f;
    return g;
}

/* The axon: from the body to the output, ending in small terminals, named where the z tag
 * leaves room. */
static void draw_axon(ui_context *ui, const neuron_state *s, const neuron_layout *g)
{
    const ui_theme *th = &ui->theme;
    ui_color axon = ui_diverging(th, tanhf(s->fz));
    ui_color axon_edge = ui_mix(th->text_dim, axon, 0.5f);
    float cx = g->cx, cy = g->cy;
    float ax0 = cx + g->body, ax1 = g->out_x - g->orad - ui_px(ui, 16);
    ui_line(ui, ax0, cy, ax1, cy, ui_px(ui, 12), axon_edge);
    ui_line(ui, ax0, cy, ax1, cy, ui_px(ui, 8), axon);
    for (int k = -1; k <= 1; k++)
        ui_line(ui, ax1, cy, ax1 + ui_px(ui, 16), cy + (float)k * ui_px(ui, 12), ui_px(ui, 4), axon_edge);
    char buf[64];
    snprintf(buf, sizeof buf, "z = %.3f", (double)s->z);
    lang_decimals(buf);
    float zw = tag_w(ui, buf, UI_FONT_BOLD);
    const char *axon_name = TR("axone : la sortie", "axon: the output");
    float an_x0 = fmaxf(ax0, cx + zw / 2) + ui_px(ui, 6);
    if (g->named && ui_text_width(ui, UI_FONT_SMALL, axon_name, -1) <= ax1 - an_x0)
        ui_draw_text_aligned(ui, UI_FONT_SMALL, axon_name,
                             (ui_rect){ an_x0, cy - ui_px(ui, 12) - g->small_h, ax1 - an_x0, g->small_h }, UI_CENTER,
                             th->text_dim);
}

/* Input i at height iy: a disc coloured by its value, its name inside, its value to the left. */
static void draw_input(ui_context *ui, const neuron_state *s, const neuron_layout *g, int i, float iy)
{
    const ui_theme *th = &ui->theme;
    float in_x = g->in_x, ir = g->ir;
    char buf[32];
    ui_fill_circle(ui, in_x, iy, ir + ui_px(ui, 1.5f), th->text_dim);
    ui_fill_circle(ui, in_x, iy, ir, ui_diverging(th, s->x[i] / 2));
    snprintf(buf, sizeof buf, "x%d", i + 1);
    ui_draw_text_aligned(ui, UI_FONT_BOLD, buf, (ui_rect){ in_x - ir, iy - ir, 2 * ir, 2 * ir }, UI_CENTER,
                         fabsf(s->x[i]) > 1.2f ? th->text_on_accent : th->text);
    snprintf(buf, sizeof buf, "%.2f", (double)s->x[i]);
    lang_decimals(buf);
    float vw = ui_text_width(ui, UI_FONT_SMALL, buf, -1);
    ui_draw_text(ui, UI_FONT_SMALL, buf, -1, in_x - ir - ui_px(ui, 4) - vw, iy - g->small_h / 2, th->text_dim);
}

/* Dendrites: one per input, as thick as the weight is strong, coloured by its sign; the inputs
 * spread over the diagram's height, the weights' tags halfway to the body, shorter ("1.20" for
 * "w1 = 1.20") when the way is short; their name under the inputs, where nothing else is written. */
static void draw_dendrites(ui_context *ui, const neuron_state *s, const neuron_layout *g)
{
    const ui_theme *th = &ui->theme;
    const ui_rect d = g->d;
    float cx = g->cx, cy = g->cy, body = g->body, ir = g->ir, in_x = g->in_x;
    float spread = fminf((d.h - 2 * ir) * 0.5f - ui_px(ui, 2), d.h * 0.34f);
    float span = (cx - body * 0.85f) - (in_x + ir);
    int short_w = tag_w(ui, "w1 = -0.00", UI_FONT_BOLD) > span * 0.8f;
    char buf[64];
    for (int i = 0; i < 3; i++) {
        float iy = cy + ((float)i - 1) * spread;
        float t = fminf(fabsf(s->w[i]) / 2.0f, 1);
        ui_color c = s->w[i] >= 0 ? th->positive : th->negative;
        float ex = cx - body * 0.85f, ey = cy + ((float)i - 1) * body * 0.5f;
        float width = ui_px(ui, 1.5f + 7 * t);
        ui_color wc = ui_alpha(c, 0.45f + 0.55f * t);
        ui_line(ui, in_x + ir, iy, ex, ey, width, wc);
        float tx = in_x + ir + span * 0.5f, ty = iy + (ey - iy) * 0.5f;
        if (short_w)
            snprintf(buf, sizeof buf, "%.2f", (double)s->w[i]);
        else
            snprintf(buf, sizeof buf, "w%d = %.2f", i + 1, (double)s->w[i]);
        lang_decimals(buf);
        tag(ui, tx, ty, buf, UI_FONT_BOLD, th->text_on_accent, c);
        draw_input(ui, s, g, i, iy);
    }
    float last_y = cy + spread + ir + ui_px(ui, 4);
    const char *dendrites = TR("dendrites : les entrées", "dendrites: the inputs");
    if (g->named && last_y + g->small_h <= g->r.y + g->r.h - g->formula_h &&
        ui_text_width(ui, UI_FONT_SMALL, dendrites, -1) <= cx - body - tag_w(ui, "b = -0.00", UI_FONT_BOLD) - d.x)
        ui_draw_text(ui, UI_FONT_SMALL, dendrites, -1, d.x, last_y, th->text_dim);
}

/* The bias, from below the body. */
static void draw_bias(ui_context *ui, const neuron_state *s, const neuron_layout *g)
{
    const ui_theme *th = &ui->theme;
    float by = g->cy + g->body + ui_px(ui, 10) + g->tag_h / 2;
    ui_color bc = s->b >= 0 ? th->positive : th->negative;
    ui_line(ui, g->cx, by, g->cx, g->cy + g->body, ui_px(ui, 2.5f), ui_alpha(bc, 0.8f));
    char buf[64];
    snprintf(buf, sizeof buf, "b = %.2f", (double)s->b);
    lang_decimals(buf);
    tag(ui, g->cx, by, buf, UI_FONT_BOLD, th->text_on_accent, bc);
}

/* The cell body: Σ then f, the sum z in a tag above it, and its name on the line above all. */
static void draw_body(ui_context *ui, const neuron_state *s, const neuron_layout *g)
{
    const ui_theme *th = &ui->theme;
    float cx = g->cx, cy = g->cy, body = g->body;
    ui_fill_circle(ui, cx, cy, body + ui_px(ui, 3), th->text);
    ui_fill_circle(ui, cx, cy, body, ui_mix(th->panel, ui_diverging(th, tanhf(s->z)), 0.35f));
    ui_line(ui, cx, cy - body * 0.72f, cx, cy + body * 0.72f, ui_px(ui, 1.5f), ui_alpha(th->text, 0.4f));
    int sym = body >= ui_line_height(ui, UI_FONT_TITLE) ? UI_FONT_TITLE : UI_FONT_BOLD;
    ui_draw_text_aligned(ui, sym, "Σ", (ui_rect){ cx - body, cy - body, body, 2 * body }, UI_CENTER, th->text);
    ui_draw_text_aligned(ui, sym, "f", (ui_rect){ cx, cy - body, body, 2 * body }, UI_CENTER, th->text);
    char buf[64];
    snprintf(buf, sizeof buf, "z = %.3f", (double)s->z);
    lang_decimals(buf);
    tag(ui, cx, cy - body - ui_px(ui, 8) - g->tag_h / 2, buf, UI_FONT_BOLD, th->text, th->accent_dim);
    if (g->named)
        ui_draw_text_aligned(ui, UI_FONT_SMALL,
                             TR("corps cellulaire : somme, puis activation", "cell body: sum, then activation"),
                             (ui_rect){ g->d.x, g->r.y, g->d.w, g->small_h }, UI_CENTER, th->text_dim);
}

/* The output: a disc coloured by f(z), its value in a tag below, kept inside the diagram. */
static void draw_output(ui_context *ui, const neuron_state *s, const neuron_layout *g)
{
    const ui_theme *th = &ui->theme;
    ui_fill_circle(ui, g->ox, g->cy, g->orad + ui_px(ui, 2), th->text);
    ui_fill_circle(ui, g->ox, g->cy, g->orad, ui_diverging(th, tanhf(s->fz)));
    char buf[64];
    snprintf(buf, sizeof buf, "f(z) = %.3f", (double)s->fz);
    lang_decimals(buf);
    tag(ui, fminf(g->ox, g->d.x + g->d.w - g->fw / 2), g->cy + g->orad + ui_px(ui, 8) + g->tag_h / 2, buf,
        UI_FONT_BOLD, th->text, th->accent_dim);
}

/* The neuron as a biologist draws it, fitted to r, with the arithmetic spelled out below; the
 * anatomy's names, which only name things, are left out where they would cover something. */
static void draw_neuron(neuron_state *s, app *a, ui_rect r)
{
    ui_context *ui = a->ui;
    char lines[3][256];
    int nlines = formula_lines(ui, s, r.w, lines);
    neuron_layout g = layout_neuron(ui, s, r, nlines);
    draw_axon(ui, s, &g);
    draw_dendrites(ui, s, &g);
    draw_bias(ui, s, &g);
    draw_body(ui, s, &g);
    draw_output(ui, s, &g);
    float ty = r.y + r.h - g.formula_h + ui_px(ui, 6);
    for (int i = 0; i < nlines; i++)
        ui_draw_text_aligned(ui, UI_FONT_MONO, lines[i], (ui_rect){ r.x, ty + g.mono_h * (float)i, r.w, g.mono_h },
                             UI_CENTER, ui->theme.text);
}

static void frame(void *p, app *a, ui_rect area)
{
    neuron_state *s = p;
    ui_context *ui = a->ui;
    const ui_theme *th = &ui->theme;
    float gap = ui_px(ui, 12);
    float cw = fminf(ui_px(ui, 300), area.w * 0.36f);
    ui_rect controls = { area.x, area.y, cw, area.h };
    ui_rect right = { area.x + cw + gap, area.y, area.w - cw - gap, area.h };
    ui_rect diagram = { right.x, right.y, right.w, right.h * 0.58f - gap / 2 };
    ui_rect chart = { right.x, diagram.y + diagram.h + gap, right.w, right.h - diagram.h - gap };

    ui_rect in = app_panel(ui, controls, TR("Réglages", "Settings"));
    ui_layout_begin(ui, in);
    ui->label_w = 56;
    int changed = 0;
    char label[32];
    /* nine rows of widgets, and the sections' names when their three short rows fit too */
    int named = scene_rows_fit(ui, in.h - ui_px(ui, 14) - 3 * scene_section_h(ui)) >= 9;
    if (named)
        scene_section(ui, TR("ENTRÉES", "INPUTS"));
    for (int i = 0; i < 3; i++) {
        snprintf(label, sizeof label, "x%d", i + 1);
        changed |= ui_slider(ui, label, &s->x[i], -2, 2, "%.2f");
    }
    ui_space(ui, 4);
    if (named)
        scene_section(ui, TR("POIDS w ET BIAIS b", "WEIGHTS w AND BIAS b"));
    for (int i = 0; i < 3; i++) {
        snprintf(label, sizeof label, "w%d", i + 1);
        changed |= ui_slider(ui, label, &s->w[i], -2, 2, "%.2f");
    }
    changed |= ui_slider(ui, "b", &s->b, -2, 2, "%.2f");
    ui_space(ui, 4);
    if (named)
        scene_section(ui, TR("FONCTION D'ACTIVATION", "ACTIVATION FUNCTION"));
    changed |= ui_dropdown(ui, "f##act", &s->act, activations, N_ACT);
    ui_space(ui, 6);
    if (ui_button(ui, TR("Remettre à zéro", "Reset"))) {
        memset(s->x, 0, sizeof s->x);
        memset(s->w, 0, sizeof s->w);
        s->b = 0;
        changed = 1;
    }
    ui->label_w = 0;
    ui_layout_end(ui);
    if (changed || s->built_act != s->act)
        compute(s, a);

    draw_neuron(s, a, app_panel(ui, diagram, TR("Le neurone", "The neuron")));

    ui_rect cin = app_panel(ui, chart, NULL);
    char title[64];
    snprintf(title, sizeof title, TR("La fonction d'activation : %s", "The activation function: %s"),
             activations[s->act]);
    plot_series curve = {
        .name = "f(z)", .y = s->curve_f, .n = CURVE_N, .x = s->curve_z, .color = th->accent, .width = 2.5f
    };
    plot_axes ax = { .title = title, .xlabel = "z", .y_from_zero = 1, .no_legend = 1 };
    plot_frame f = plot_lines(ui, cin, &ax, &curve, 1);
    float zc = s->z < -6 ? -6 : s->z > 6 ? 6 : s->z;
    char mark[48];
    snprintf(mark, sizeof mark, "f(%.2f) = %.3f", (double)s->z, (double)s->fz);
    lang_decimals(mark);
    plot_marker(ui, &f, zc, s->fz, th->negative, mark);
}

const scene_class scene_neuron = {
    .create = create,
    .frame = frame,
    .destroy = destroy,
};
